"""Building the network: the records read from the store become a :class:`networkx.MultiDiGraph`.

Nodes are the entities, events, claims and sources (ids are IRIs), edges the participant and
relation links, each with the ``sources`` that state it and the ``evidence`` sentences. With
``provenance=True`` mentions, source texts and time values are read and added as nodes too. Last,
nodes the resolution graph links become one node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.network.evidence import evidence_of, node_evidence, same_sentence
from kg.network.kind import Kind
from kg.graph.store import KGStore
from kg.iri import representatives
from kg.network.reader import NodeRecord, Reader, best_label, local_name, value_of, words_of
from kg.vocab import KG, PROV

__all__ = ["build_network"]


# Participant and relation properties drawn as edges, with the role label the edge carries.
_ROLE_OF = {
    str(KG.agent): "agent",
    str(KG.patient): "patient",
    str(KG.place): "place",
    str(KG.origin): "origin",
    str(KG.destination): "destination",
    str(PROV.wasAttributedTo): "attributed to",
    str(KG.nationality): "nationality",
    str(KG.affiliation): "affiliation",
    str(KG.stateOf): "state of",
}
_EVENT_ROLES = ("agent", "patient", "place", "origin", "destination")

# -- SPARQL: the provenance layer and the last-resort label ------------------------------------

_Q_TIMES = """
SELECT ?g ?t ?expr ?value WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?t a kg:TimeValue .
    OPTIONAL { ?t kg:timeExpression ?expr }
    OPTIONAL { ?t time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear|time:inXSDDateTimeStamp ?value }
  }
}"""

_Q_EVENT_TIMES = """
SELECT ?g ?e ?t WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g { ?e sem:hasTime ?t }
}"""

_Q_CONTEXTS = """
SELECT ?g ?ctx ?doc WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g { ?ctx a nif:Context ; nif:sourceUrl ?doc }
}"""

_Q_LABEL = """
SELECT ?s ?label WHERE { ?s rdfs:label|skos:prefLabel ?label }"""


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


# -- building ----------------------------------------------------------------------------------


def _readable_date(value: str) -> str:
    """A time stamp as a person reads it on a label: its date and clock time, without seconds or
    zone ("2021-11-03T02:00:00+01:00" -> "2021-11-03 02:00"); other values as they are.

    >>> _readable_date("2021-11-03T02:00:00+01:00"), _readable_date("2025-08")
    ('2021-11-03 02:00', '2025-08')
    """
    return value[:16].replace("T", " ") if len(value) >= 16 and value[10] == "T" else value


class _Builder:
    def __init__(self, store: KGStore) -> None:
        self.store = store
        self.reader = Reader(store)

    def label_for(self, n: NodeRecord, ref_labels: dict[str, str]) -> str:
        if n.kind is Kind.EVENT:
            head = n.subtype or words_of(local_name(n.attrs.get("event_type", n.iri)))
            return f"{head} \u00b7 {_readable_date(n.attrs['date'])}" if n.attrs.get("date") else head
        if n.kind is Kind.CLAIM:
            ev = n.attrs.get("_sentence")
            head = n.subtype or "claim"
            return f"{head}: \u201c{_short(ev, 48)}\u201d" if ev else head
        if ref_labels.get(n.iri):
            return ref_labels[n.iri]
        for g in sorted(n.labels, key=lambda g: self.reader.sources[g].source_id if g in self.reader.sources else g):
            best = best_label(n.labels[g])
            if best:
                return best
        rows = list(self.store.query(_Q_LABEL, bindings={"s": ox.NamedNode(n.iri)}))
        return best_label([r["label"] for r in rows]) or words_of(local_name(n.iri))

    def build(self, *, provenance: bool) -> nx.MultiDiGraph:
        r = self.reader
        r.read_sources()
        r.read_typed()
        r.read_events()
        r.read_claim_kinds()
        r.read_mentions()
        links = r.read_links()
        ref_labels = r.ref_labels()

        out = nx.MultiDiGraph(name="kg", provenance=provenance)
        for n in sorted(r.nodes.values(), key=lambda n: n.iri):
            evidence = node_evidence(r, n)
            if n.kind is Kind.CLAIM:
                sentences = [m.anchor for g in n.graphs for m in r.mentions.get((g, n.iri), []) if m.is_sentence]
                n.attrs["_sentence"] = sentences[0] if sentences else (evidence[0]["sentence"] if evidence else None)
            attrs = {
                "label": self.label_for(n, ref_labels),
                "kind": n.kind.value,
                "iri": n.iri,
                "subtype": n.subtype,
                "sources": [r.sources[g].ref() for g in sorted(n.graphs, key=lambda g: r.sources[g].source_id)],
                "evidence": evidence,
            }
            for k, v in n.attrs.items():
                if k == "_sentence":
                    if v:
                        attrs["text"] = v
                elif k != "event_type":
                    attrs[k] = v
            out.add_node(n.iri, **attrs)
        for src in sorted(r.sources.values(), key=lambda s: s.source_id):
            out.add_node(
                src.doc,
                label=src.title or src.source_id,
                kind=Kind.SOURCE.value,
                iri=src.doc,
                subtype="source document",
                sources=[src.ref()],
                evidence=[],
                **{k: v for k, v in src.ref().items() if v is not None},
            )

        grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for g, s, p, o in links:
            grouped[(s, o, _ROLE_OF[p])].add(g)
        for (s, o, role), graphs in sorted(grouped.items()):
            evidence = []
            for g in sorted(graphs, key=lambda g: r.sources[g].source_id):
                base = r.mentions.get((g, s), [])
                other = r.mentions.get((g, o), [])
                if role in ("nationality", "affiliation", "state of"):
                    near = [m for m in base if any(same_sentence(r, g, m, x) for x in other)]
                    base = near or base
                evidence += evidence_of(r, g, base, other)
            extra = {}
            if role == "attributed to" and s in out and out.nodes[s].get("reporting_verb"):
                extra["verb"] = out.nodes[s]["reporting_verb"]  # how the holder said it: "deny", "according to"
            out.add_edge(s, o, key=role, role=role, sources=self._refs(graphs), evidence=evidence, **extra)

        if provenance:
            self.add_provenance(out)
        return out

    def _refs(self, graphs: Iterable[str]) -> list[dict]:
        r = self.reader
        return [r.sources[g].ref() for g in sorted(graphs, key=lambda g: r.sources[g].source_id)]

    def add_provenance(self, out: nx.MultiDiGraph) -> None:
        """Mentions, texts and time values as nodes; 'stated in' edges to the sources."""
        r = self.reader
        times: dict[str, dict] = {}
        for row in self.store.query(_Q_TIMES):
            g = row["g"].value
            if g in r.sources and isinstance(row["t"], ox.NamedNode):
                t = times.setdefault(
                    row["t"].value, {"graphs": set(), "expr": value_of(row["expr"]), "value": value_of(row["value"])}
                )
                t["graphs"].add(g)
        for t_iri, t in sorted(times.items()):
            expr, value = t["expr"], t["value"]
            label = f"{expr} \u2192 {value}" if expr and value else (expr or value or "time")
            ev = [e for g in sorted(t["graphs"]) for e in evidence_of(r, g, r.mentions.get((g, t_iri), []))]
            out.add_node(
                t_iri,
                label=_short(label),
                kind=Kind.TIME.value,
                iri=t_iri,
                subtype="time value",
                date=value,
                sources=self._refs(t["graphs"]),
                evidence=ev,
            )
        for row in self.store.query(_Q_EVENT_TIMES):
            g, ev_iri, t_node = row["g"].value, value_of(row["e"]), value_of(row["t"])
            if g in r.sources and ev_iri is not None and t_node is not None and ev_iri in out and t_node in out:
                self._add_edge(out, ev_iri, t_node, "time", g)

        contexts: dict[str, str] = {}
        for row in self.store.query(_Q_CONTEXTS):
            g = row["g"].value
            if g in r.sources and isinstance(row["ctx"], ox.NamedNode):
                ctx = row["ctx"].value
                contexts[g] = ctx
                src = r.sources[g]
                out.add_node(
                    ctx,
                    label=_short(f"text of {src.title or src.source_id}"),
                    kind=Kind.CONTEXT.value,
                    iri=ctx,
                    subtype="source text",
                    sources=[src.ref()],
                    evidence=[],
                )
                if src.doc in out:
                    self._add_edge(out, ctx, src.doc, "text of", g)

        for (g, s), mentions in sorted(r.mentions.items()):
            if s not in out:
                continue
            for m in mentions:
                if m.iri not in out:
                    out.add_node(
                        m.iri,
                        label=f"\u201c{_short(m.anchor, 40)}\u201d",
                        kind=Kind.MENTION.value,
                        iri=m.iri,
                        subtype="sentence" if m.is_sentence else "mention",
                        begin=m.begin,
                        end=m.end,
                        sources=[r.sources[g].ref()],
                        evidence=evidence_of(r, g, [m]),
                    )
                    if g in contexts:
                        self._add_edge(out, m.iri, contexts[g], "in text", g)
                self._add_edge(out, s, m.iri, "denoted by", g)

        by_doc = {src.graph: src.doc for src in r.sources.values()}
        for n in list(r.nodes.values()):
            for g in n.graphs:
                if n.iri in out and by_doc[g] in out:
                    self._add_edge(out, n.iri, by_doc[g], "stated in", g)

    def _add_edge(self, out: nx.MultiDiGraph, s: str, o: str, role: str, graph: str) -> None:
        r = self.reader
        if out.has_edge(s, o, key=role):
            data = out.edges[s, o, role]
            ids = {x["source_id"] for x in data["sources"]}
            if r.sources[graph].source_id not in ids:
                data["sources"] = sorted(data["sources"] + [r.sources[graph].ref()], key=lambda x: x["source_id"])
            return
        out.add_edge(s, o, key=role, role=role, sources=[r.sources[graph].ref()], evidence=[])


def build_network(store: KGStore, *, provenance: bool = False) -> nx.MultiDiGraph:
    """The store as a graph: entities, events, claims and sources as nodes (ids are IRIs).

    Edges run from an event to its participants (``role``: agent, patient, place, origin,
    destination), from a claim to its holder (``attributed to``) and from an entity to its
    nationality, affiliation or state (``nationality``, ``affiliation``, ``state of``). Which
    sources state a node or edge is kept in its ``sources`` and ``evidence`` attributes; with
    ``provenance=True`` mentions, source texts and time values become nodes too, and every node
    gets a ``stated in`` edge to the sources that state it.
    """
    g = _Builder(store).build(provenance=provenance)
    rep = _merge_resolved(g, store)
    _link_same_events(g, store, rep)
    return g


_Q_RESOLVED = "SELECT ?a ?b WHERE { GRAPH kgg:resolution { ?a owl:sameAs ?b } }"
_Q_SAME_EVENT = "SELECT ?a ?b WHERE { GRAPH kgg:resolution { ?a kg:sameEventAs ?b } } ORDER BY ?a ?b"
SAME_EVENT_ROLE = "same event, other date"


def _merge_resolved(g: nx.MultiDiGraph, store: KGStore) -> dict[str, str]:
    """Nodes the resolution graph links (one entity or event reported by several sources) become
    one node: the smallest IRI of the group, with the sources and evidence of all members.
    Returns each merged node's representative."""
    rep_of = representatives((row["a"].value, row["b"].value) for row in store.query(_Q_RESOLVED, union=False))
    for node, rep in rep_of.items():
        if node not in g or rep not in g or node == rep:
            continue
        attrs, into = g.nodes[node], g.nodes[rep]
        for key in ("sources", "evidence"):
            have = list(into.get(key) or [])
            for item in attrs.get(key) or []:
                if item not in have:
                    have.append(item)
            into[key] = have
        into["merged_from"] = sorted({*into.get("merged_from", []), node})
        for _, v, _, d in list(g.out_edges(node, keys=True, data=True)):
            if v != rep:
                g.add_edge(rep, v, **d)
        for u, _, _, d in list(g.in_edges(node, keys=True, data=True)):
            if u != rep:
                g.add_edge(u, rep, **d)
        g.remove_node(node)
    return rep_of


def _link_same_events(g: nx.MultiDiGraph, store: KGStore, rep: dict[str, str]) -> None:
    """Reports of one event that give other dates (``kg:sameEventAs``) stay two nodes, joined by an
    edge whose sources and sentences are both reports': where the sources disagree, on the page."""
    for row in store.query(_Q_SAME_EVENT, union=False):
        a, b = (rep.get(row[x].value, row[x].value) for x in ("a", "b"))
        if a == b or a not in g or b not in g:
            continue
        attrs = {}
        for key in ("sources", "evidence"):
            items = []
            for item in [*(g.nodes[a].get(key) or []), *(g.nodes[b].get(key) or [])]:
                if item not in items:
                    items.append(item)
            attrs[key] = items
        g.add_edge(a, b, key=SAME_EVENT_ROLE, role=SAME_EVENT_ROLE, **attrs)

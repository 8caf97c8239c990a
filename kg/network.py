"""RDF -> networkx: the store as a graph of actors, places, events, claims and their sources.

:func:`build_network` reads the store with SPARQL (default graph = union of all graphs; each fact
is scoped to the source graph that states it) and returns a :class:`networkx.MultiDiGraph` whose
node ids are IRIs. Every node and edge says where it comes from: ``sources`` (the documents whose
named graph states it) and ``evidence`` (the exact sentences, with the offsets of the mentions).
:func:`select_subgraph` cuts a readable piece out of it; :func:`write_graph_file` saves it for
Gephi, yEd or Cytoscape.

Node attributes: ``label`` (a human label, never an IRI when the store has a label), ``kind``
(one of :class:`Kind`), ``iri``, ``subtype`` (class, event type or claim kind, as words), ``date``
/ ``date_begin`` / ``date_end`` (events: ISO value and the days it spans), ``sources`` (list of
``{source_id, title, url, published, publisher}``) and ``evidence`` (list of ``{source_id, title,
url, published, sentence, sentence_begin, begin, end, anchor, marks}``; offsets are code points
in the source text, end exclusive; ``marks`` lists every ``[begin, end]`` to highlight).
Edge attributes: ``role``, ``sources``, ``evidence``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.errors import UsageError
from kg.store import KGStore
from kg.vocab import KG, PROV

__all__ = [
    "Kind", "ENTITY_KINDS", "GraphFormat", "GraphFileReport", "Selection", "build_network",
    "select_subgraph", "write_graph_file", "find_nodes",
]


class Kind(str, Enum):
    """What a node is; viz gives each kind a colour and a shape."""

    PERSON = "person"
    STATE = "state"
    ORGANIZATION = "organization"
    GROUP = "group"
    PLACE = "place"
    EVENT = "event"
    CLAIM = "claim"
    SOURCE = "source"
    MENTION = "mention"
    CONTEXT = "context"
    TIME = "time"
    OTHER = "other"


ENTITY_KINDS = (Kind.PERSON, Kind.STATE, Kind.ORGANIZATION, Kind.GROUP, Kind.PLACE)

# Classes whose instances are entities of a kind, most specific kind first (an entity typed both
# kg:Government and kg:State is drawn as an organization). Subclasses declared in the reference
# graph (rdfs:subClassOf*) are added at build time, so user ontologies need no code change.
_KIND_ROOTS: list[tuple[Kind, tuple]] = [
    (Kind.ORGANIZATION, (KG.Organization, KG.Government, KG.ArmedForces, KG.MilitaryUnit,
                         KG.GovernmentAgency, KG.InternationalOrganization, KG.MediaOrganization)),
    (Kind.STATE, (KG.State,)),
    (Kind.PERSON, (KG.Person, PROV.Agent)),
    (Kind.GROUP, (KG.Group,)),
    (Kind.PLACE, (KG.Place, KG.City, KG.Region, KG.Border, KG.Facility, KG.WaterBody)),
]
_KIND_RANK = {k: i for i, (k, _) in enumerate(_KIND_ROOTS)}

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

# -- SPARQL ------------------------------------------------------------------------------------
# Every query joins the metadata graph to find the source graphs, so reference data (ontology,
# gazetteer) never shows up as something a source states.

_Q_SOURCES = """
SELECT ?doc ?sid ?graph ?headline ?url ?published ?publisher WHERE {
  GRAPH kgg:metadata {
    ?doc a kg:SourceDocument ; kg:sourceId ?sid ; kg:sourceGraph ?graph .
    OPTIONAL { ?doc schema:headline ?headline }
    OPTIONAL { ?doc schema:url ?url }
    OPTIONAL { ?doc schema:datePublished ?published }
    OPTIONAL { ?doc schema:publisher ?publisher }
  }
}"""

_Q_CLASS_KINDS = """
SELECT ?cls ?root WHERE {
  VALUES ?root { kg:Organization kg:State kg:Person kg:Group kg:Place kg:Claim }
  ?cls rdfs:subClassOf* ?root .
}"""

_Q_TYPED = """
SELECT ?g ?s ?type ?label WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?s a ?type .
    FILTER(?type NOT IN (nif:OffsetBasedString, nif:Context, kg:Mention, kg:SentenceMention, kg:TimeValue))
    OPTIONAL { ?s rdfs:label ?label }
  }
}"""

_Q_REF_LABELS = """
SELECT ?s ?label WHERE {
  GRAPH kgg:reference { ?s rdfs:label|skos:prefLabel ?label }
}"""

_Q_EVENTS = """
SELECT ?g ?e ?etype ?elabel ?tlabel ?time ?value ?earliest ?latest WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?e sem:eventType ?etype .
    OPTIONAL { ?e rdfs:label ?elabel }
    OPTIONAL {
      ?e sem:hasTime ?time .
      OPTIONAL { ?time time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear|time:inXSDDateTimeStamp ?value }
      OPTIONAL { ?time sem:hasEarliestBeginTimeStamp ?earliest }
      OPTIONAL { ?time sem:hasLatestEndTimeStamp ?latest }
    }
  }
  OPTIONAL { ?etype skos:prefLabel ?tlabel }
}"""

_Q_CLAIM_KINDS = """
SELECT ?g ?c ?ck ?cklabel ?quantity ?counts WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?c kg:claimKind ?ck .
    OPTIONAL { ?c kg:quantityValue ?quantity }
    OPTIONAL { ?c kg:quantityOf ?counts }
  }
  OPTIONAL { ?ck skos:prefLabel ?cklabel }
}"""

_Q_LINKS = """
SELECT ?g ?s ?p ?o WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  VALUES ?p { kg:agent kg:patient kg:place kg:origin kg:destination prov:wasAttributedTo
              kg:nationality kg:affiliation kg:stateOf }
  GRAPH ?g { ?s ?p ?o }
}"""

_Q_MENTIONS = """
SELECT ?g ?s ?m ?mb ?me ?ma ?sb ?se ?sa ?is_sentence WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?s gaf:denotedBy ?m .
    ?m nif:beginIndex ?mb ; nif:endIndex ?me ; nif:anchorOf ?ma .
    OPTIONAL { ?m nif:sentence ?sent . ?sent nif:beginIndex ?sb ; nif:endIndex ?se ; nif:anchorOf ?sa }
    BIND(EXISTS { ?m a kg:SentenceMention } AS ?is_sentence)
  }
}"""

_Q_TEXT = """
SELECT ?g ?ctx ?text WHERE { GRAPH ?g { ?ctx a nif:Context ; nif:isString ?text } }"""

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


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    source_id: str
    doc: str
    graph: str
    title: str | None
    url: str | None
    published: str | None
    publisher: str | None

    def ref(self) -> dict:
        return {"source_id": self.source_id, "title": self.title, "url": self.url,
                "published": self.published, "publisher": self.publisher}


@dataclass(frozen=True, order=True)
class _Mention:
    begin: int
    end: int
    anchor: str
    iri: str
    sentence_begin: int | None
    sentence_end: int | None
    sentence: str | None
    is_sentence: bool


@dataclass
class _Node:
    iri: str
    kind: Kind
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    graphs: set[str] = field(default_factory=set)
    subtype: str = ""
    attrs: dict = field(default_factory=dict)


def _v(term) -> str | None:
    return None if term is None else term.value


def _lang_rank(term) -> int:
    """Prefer English, then untagged, then anything else."""
    lang = getattr(term, "language", None)
    return 0 if lang in ("en",) or (lang or "").startswith("en-") else (1 if not lang else 2)


def _best(terms: Iterable) -> str | None:
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    return min(terms, key=lambda t: (_lang_rank(t), t.value)).value


def _local_name(iri_text: str) -> str:
    return re.split(r"[/#]", iri_text.rstrip("/#"))[-1]


def _words(name: str) -> str:
    """A class or concept local name as words: ``ArmedForces`` -> ``armed forces``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return re.sub(r"[-_]+", " ", spaced).strip().lower() or name


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


# -- building ----------------------------------------------------------------------------------


class _Builder:
    def __init__(self, store: KGStore) -> None:
        self.store = store
        self.sources: dict[str, _Source] = {}
        self.nodes: dict[str, _Node] = {}
        self.mentions: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
        self.texts: dict[str, str | None] = {}

    # sources, classes, labels
    def read_sources(self) -> None:
        for row in self.store.query(_Q_SOURCES):
            graph = row["graph"].value
            if graph in self.sources:
                continue
            self.sources[graph] = _Source(
                source_id=row["sid"].value, doc=row["doc"].value, graph=graph,
                title=_v(row["headline"]), url=_v(row["url"]), published=_v(row["published"]),
                publisher=_v(row["publisher"]),
            )

    def class_kinds(self) -> tuple[dict[str, Kind], set[str]]:
        kinds: dict[str, Kind] = {}
        for kind, classes in _KIND_ROOTS:
            for c in classes:
                kinds.setdefault(str(c), kind)
        claim_classes = {str(KG.Claim), str(KG.Estimate)}
        root_kind = {str(c[0]): k for k, c in _KIND_ROOTS}
        for row in self.store.query(_Q_CLASS_KINDS):
            cls, root = row["cls"], row["root"].value
            if not isinstance(cls, ox.NamedNode):
                continue
            if root == str(KG.Claim):
                claim_classes.add(cls.value)
            elif cls.value not in kinds or _KIND_RANK[root_kind[root]] < _KIND_RANK[kinds[cls.value]]:
                kinds[cls.value] = root_kind[root]
        return kinds, claim_classes

    def ref_labels(self) -> dict[str, str]:
        found: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_REF_LABELS):
            if isinstance(row["s"], ox.NamedNode):
                found[row["s"].value].append(row["label"])
        return {k: _best(v) for k, v in found.items()}

    def node(self, iri_text: str, kind: Kind) -> _Node:
        n = self.nodes.get(iri_text)
        if n is None:
            n = self.nodes[iri_text] = _Node(iri_text, kind)
        return n

    # entities and claims
    def read_typed(self) -> None:
        kinds, claim_classes = self.class_kinds()
        typed: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_TYPED):
            s = row["s"]
            if not isinstance(s, ox.NamedNode):
                continue
            t = row["type"].value
            g = row["g"].value
            if g not in self.sources:
                continue
            if t in claim_classes:
                n = self.node(s.value, Kind.CLAIM)
                n.kind = Kind.CLAIM
                n.graphs.add(g)
                if t == str(KG.Estimate):
                    n.attrs["estimate"] = True
                continue
            if t not in kinds:
                continue
            typed[s.value].append((kinds[t], t))
            n = self.node(s.value, kinds[t])
            n.graphs.add(g)
            if row["label"] is not None:
                n.labels[g].append(row["label"])
        for iri_text, pairs in typed.items():
            n = self.nodes[iri_text]
            if n.kind is Kind.CLAIM:
                continue
            best_kind = min((k for k, _ in pairs), key=lambda k: _KIND_RANK[k])
            n.kind = best_kind
            # the most specific class name of that kind: a subclass over its root
            classes = sorted({t for k, t in pairs if k is best_kind})
            roots = {str(c[0]) for _, c in _KIND_ROOTS}
            specific = [c for c in classes if c not in roots] or classes
            n.subtype = "author" if specific[0] == str(PROV.Agent) else _words(_local_name(specific[0]))

    def read_events(self) -> None:
        type_labels: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_EVENTS):
            g = row["g"].value
            if g not in self.sources or not isinstance(row["e"], ox.NamedNode):
                continue
            n = self.node(row["e"].value, Kind.EVENT)
            n.kind = Kind.EVENT
            n.graphs.add(g)
            etype = row["etype"].value
            n.attrs["event_type"] = etype
            if row["tlabel"] is not None:
                type_labels[etype].append(row["tlabel"])
            if row["elabel"] is not None:
                n.labels[g].append(row["elabel"])
            value = _v(row["value"])
            if value and (n.attrs.get("date") is None or value < n.attrs["date"]):
                n.attrs["date"] = value
                n.attrs["date_begin"] = (_v(row["earliest"]) or _span_of(value)[0])[:10]
                n.attrs["date_end"] = (_v(row["latest"]) or _span_of(value)[1])[:10]
        for n in self.nodes.values():
            if n.kind is Kind.EVENT:
                etype = n.attrs.get("event_type", "")
                n.subtype = _best(type_labels.get(etype, [])) or _words(_local_name(etype))

    def read_claim_kinds(self) -> None:
        kind_labels: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_CLAIM_KINDS):
            n = self.nodes.get(_v(row["c"]) or "")
            if n is None or n.kind is not Kind.CLAIM:
                continue
            kind_labels[n.iri].append(row["cklabel"])
            n.subtype = _best(kind_labels[n.iri]) or _words(_local_name(row["ck"].value))
            if row["quantity"] is not None:
                try:
                    n.attrs["quantity"] = float(row["quantity"].value)
                except ValueError:
                    pass
            if row["counts"] is not None:
                n.attrs["quantity_of"] = row["counts"].value

    def read_mentions(self) -> None:
        for row in self.store.query(_Q_MENTIONS):
            g = row["g"].value
            if g not in self.sources or not isinstance(row["s"], ox.NamedNode):
                continue
            sb = row["sb"]
            is_sentence = row["is_sentence"] is not None and row["is_sentence"].value == "true"
            self.mentions[(g, row["s"].value)].append(_Mention(
                begin=int(row["mb"].value), end=int(row["me"].value), anchor=row["ma"].value,
                iri=row["m"].value,
                sentence_begin=int(sb.value) if sb is not None else None,
                sentence_end=int(row["se"].value) if row["se"] is not None else None,
                sentence=_v(row["sa"]), is_sentence=is_sentence,
            ))
        for v in self.mentions.values():
            v.sort()

    def text_of(self, graph: str) -> str | None:
        if graph not in self.texts:
            rows = list(self.store.query(_Q_TEXT, bindings={"g": ox.NamedNode(graph)}))
            self.texts[graph] = rows[0]["text"].value if rows else None
        return self.texts[graph]

    # evidence
    def sentence_of(self, graph: str, m: _Mention) -> tuple[int, str]:
        """(begin, text) of the sentence holding a mention."""
        if m.is_sentence:
            return m.begin, m.anchor
        if m.sentence is not None and m.sentence_begin is not None:
            return m.sentence_begin, m.sentence
        text = self.text_of(graph)
        if not text:
            return m.begin, m.anchor
        stop, newline = text.rfind(". ", 0, m.begin), text.rfind("\n", 0, m.begin)
        lo = max(stop + 2 if stop != -1 else 0, newline + 1, m.begin - 200, 0)
        ends = [i for i in (text.find(". ", m.end), text.find("\n", m.end)) if i != -1]
        hi = min(min(ends) + 1 if ends else len(text), m.end + 200, len(text))
        return lo, text[lo:hi]

    def evidence(self, graph: str, base: list[_Mention], also: list[_Mention] = ()) -> list[dict]:
        """One item per sentence: the sentence, its primary mention and every span to mark."""
        src = self.sources[graph]
        items: dict[int, dict] = {}
        for m in base:
            sb, sentence = self.sentence_of(graph, m)
            item = items.get(sb)
            if item is None:
                item = items[sb] = {
                    **{k: v for k, v in src.ref().items() if k != "publisher"},
                    "sentence": sentence, "sentence_begin": sb,
                    "begin": m.begin, "end": m.end, "anchor": m.anchor, "marks": [],
                }
            item["marks"].append((m.begin, m.end))
        for m in also:
            for sb, item in items.items():
                if sb <= m.begin and m.end <= sb + len(item["sentence"]):
                    item["marks"].append((m.begin, m.end))
        out = []
        for sb in sorted(items):
            item = items[sb]
            se = sb + len(item["sentence"])
            marks = sorted(set(item["marks"]))
            inner = [mk for mk in marks if not (mk[0] <= sb and mk[1] >= se)]
            item["marks"] = [list(mk) for mk in (inner or marks)]
            if inner and item["begin"] <= sb and item["end"] >= se:
                first = inner[0]
                item["begin"], item["end"] = first
                item["anchor"] = item["sentence"][first[0] - sb:first[1] - sb]
            out.append(item)
        return out

    def node_evidence(self, n: _Node) -> list[dict]:
        out = []
        for g in sorted(n.graphs, key=lambda g: self.sources[g].source_id):
            out += self.evidence(g, self.mentions.get((g, n.iri), []))
        return out

    def label_for(self, n: _Node, ref_labels: dict[str, str]) -> str:
        if n.kind is Kind.EVENT:
            head = n.subtype or _words(_local_name(n.attrs.get("event_type", n.iri)))
            return f"{head} \u00b7 {n.attrs['date']}" if n.attrs.get("date") else head
        if n.kind is Kind.CLAIM:
            ev = n.attrs.get("_sentence")
            head = n.subtype or "claim"
            return f"{head}: \u201c{_short(ev, 48)}\u201d" if ev else head
        if n.iri in ref_labels and ref_labels[n.iri]:
            return ref_labels[n.iri]
        for g in sorted(n.labels, key=lambda g: self.sources[g].source_id if g in self.sources else g):
            best = _best(n.labels[g])
            if best:
                return best
        rows = list(self.store.query(_Q_LABEL, bindings={"s": ox.NamedNode(n.iri)}))
        return _best([r["label"] for r in rows]) or _words(_local_name(n.iri))

    def build(self, *, provenance: bool) -> nx.MultiDiGraph:
        self.read_sources()
        self.read_typed()
        self.read_events()
        self.read_claim_kinds()
        self.read_mentions()
        links = [(row["g"].value, row["s"], row["p"].value, row["o"]) for row in self.store.query(_Q_LINKS)]
        links = [(g, s.value, p, o.value) for g, s, p, o in links
                 if g in self.sources and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)]
        for g, s, p, o in links:  # endpoints the source never typed still get a node
            for x in (s, o):
                if x not in self.nodes:
                    self.node(x, Kind.OTHER).graphs.add(g)
        ref_labels = self.ref_labels()

        out = nx.MultiDiGraph(name="kg", provenance=provenance)
        for n in sorted(self.nodes.values(), key=lambda n: n.iri):
            evidence = self.node_evidence(n)
            if n.kind is Kind.CLAIM:
                sentences = [m.anchor for g in n.graphs for m in self.mentions.get((g, n.iri), []) if m.is_sentence]
                n.attrs["_sentence"] = sentences[0] if sentences else (evidence[0]["sentence"] if evidence else None)
            attrs = {
                "label": self.label_for(n, ref_labels), "kind": n.kind.value, "iri": n.iri,
                "subtype": n.subtype,
                "sources": [self.sources[g].ref() for g in sorted(n.graphs, key=lambda g: self.sources[g].source_id)],
                "evidence": evidence,
            }
            for k, v in n.attrs.items():
                if k == "_sentence":
                    if v:
                        attrs["text"] = v
                elif k != "event_type":
                    attrs[k] = v
            out.add_node(n.iri, **attrs)
        for src in sorted(self.sources.values(), key=lambda s: s.source_id):
            out.add_node(src.doc, label=src.title or src.source_id, kind=Kind.SOURCE.value, iri=src.doc,
                         subtype="source document", sources=[src.ref()], evidence=[],
                         **{k: v for k, v in src.ref().items() if v is not None})

        grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for g, s, p, o in links:
            grouped[(s, o, _ROLE_OF[p])].add(g)
        for (s, o, role), graphs in sorted(grouped.items()):
            evidence = []
            for g in sorted(graphs, key=lambda g: self.sources[g].source_id):
                base = self.mentions.get((g, s), [])
                other = self.mentions.get((g, o), [])
                if role in ("nationality", "affiliation", "state of"):
                    near = [m for m in base if any(self._same_sentence(g, m, x) for x in other)]
                    base = near or base
                evidence += self.evidence(g, base, other)
            out.add_edge(s, o, key=role, role=role, sources=self._refs(graphs), evidence=evidence)

        if provenance:
            self.add_provenance(out)
        return out

    def _same_sentence(self, graph: str, a: _Mention, b: _Mention) -> bool:
        sb, text = self.sentence_of(graph, a)
        return sb <= b.begin and b.end <= sb + len(text)

    def _refs(self, graphs: Iterable[str]) -> list[dict]:
        return [self.sources[g].ref() for g in sorted(graphs, key=lambda g: self.sources[g].source_id)]

    def add_provenance(self, out: nx.MultiDiGraph) -> None:
        """Mentions, texts and time values as nodes; 'stated in' edges to the sources."""
        times: dict[str, dict] = {}
        for row in self.store.query(_Q_TIMES):
            g = row["g"].value
            if g in self.sources and isinstance(row["t"], ox.NamedNode):
                t = times.setdefault(row["t"].value, {"graphs": set(), "expr": _v(row["expr"]), "value": _v(row["value"])})
                t["graphs"].add(g)
        for t_iri, t in sorted(times.items()):
            expr, value = t["expr"], t["value"]
            label = f"{expr} \u2192 {value}" if expr and value else (expr or value or "time")
            ev = [e for g in sorted(t["graphs"]) for e in self.evidence(g, self.mentions.get((g, t_iri), []))]
            out.add_node(t_iri, label=_short(label), kind=Kind.TIME.value, iri=t_iri, subtype="time value",
                         date=value, sources=self._refs(t["graphs"]), evidence=ev)
        for row in self.store.query(_Q_EVENT_TIMES):
            g, e, t = row["g"].value, _v(row["e"]), _v(row["t"])
            if g in self.sources and e in out and t in out:
                self._add_edge(out, e, t, "time", g)

        contexts: dict[str, str] = {}
        for row in self.store.query(_Q_CONTEXTS):
            g = row["g"].value
            if g in self.sources and isinstance(row["ctx"], ox.NamedNode):
                ctx = row["ctx"].value
                contexts[g] = ctx
                src = self.sources[g]
                out.add_node(ctx, label=_short(f"text of {src.title or src.source_id}"), kind=Kind.CONTEXT.value,
                             iri=ctx, subtype="source text", sources=[src.ref()], evidence=[])
                if src.doc in out:
                    self._add_edge(out, ctx, src.doc, "text of", g)

        for (g, s), mentions in sorted(self.mentions.items()):
            if s not in out:
                continue
            for m in mentions:
                if m.iri not in out:
                    out.add_node(m.iri, label=f"\u201c{_short(m.anchor, 40)}\u201d", kind=Kind.MENTION.value, iri=m.iri,
                                 subtype="sentence" if m.is_sentence else "mention", begin=m.begin, end=m.end,
                                 sources=[self.sources[g].ref()], evidence=self.evidence(g, [m]))
                    if g in contexts:
                        self._add_edge(out, m.iri, contexts[g], "in text", g)
                self._add_edge(out, s, m.iri, "denoted by", g)

        by_doc = {src.graph: src.doc for src in self.sources.values()}
        for n in list(self.nodes.values()):
            for g in n.graphs:
                if n.iri in out and by_doc[g] in out:
                    self._add_edge(out, n.iri, by_doc[g], "stated in", g)

    def _add_edge(self, out: nx.MultiDiGraph, s: str, o: str, role: str, graph: str) -> None:
        if out.has_edge(s, o, key=role):
            data = out.edges[s, o, role]
            ids = {x["source_id"] for x in data["sources"]}
            if self.sources[graph].source_id not in ids:
                data["sources"] = sorted(data["sources"] + [self.sources[graph].ref()], key=lambda x: x["source_id"])
            return
        out.add_edge(s, o, key=role, role=role, sources=[self.sources[graph].ref()], evidence=[])


def _span_of(value: str) -> tuple[str, str]:
    """First and last day an ISO year, year-month, date or timestamp covers."""
    v = value.strip()
    if re.fullmatch(r"-?\d{4}", v):
        return f"{v}-01-01", f"{v}-12-31"
    m = re.fullmatch(r"(\d{4})-(\d{2})", v)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        nxt = date(y + (mo == 12), mo % 12 + 1, 1)
        return f"{v}-01", (date.fromordinal(nxt.toordinal() - 1)).isoformat()
    return v[:10], v[:10]


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
    _merge_resolved(g, store)
    return g


_Q_RESOLVED = "SELECT ?a ?b WHERE { GRAPH kgg:resolution { ?a owl:sameAs ?b } }"


def _merge_resolved(g: nx.MultiDiGraph, store: KGStore) -> None:
    """Nodes the resolution graph links (one entity or event reported by several sources) become
    one node: the smallest IRI of the group, with the sources and evidence of all members."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for row in store.query(_Q_RESOLVED, union=False):
        a, b = find(row["a"].value), find(row["b"].value)
        if a != b:
            parent[max(a, b)] = min(a, b)
    for node in sorted(parent):
        rep = find(node)
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
        for _, v, k, d in list(g.out_edges(node, keys=True, data=True)):
            if v != rep:
                g.add_edge(rep, v, **d)
        for u, _, k, d in list(g.in_edges(node, keys=True, data=True)):
            if u != rep:
                g.add_edge(u, rep, **d)
        g.remove_node(node)


# -- selection ---------------------------------------------------------------------------------


@dataclass
class Selection:
    """A piece of a network chosen for display, and what was left out of it."""

    graph: nx.MultiDiGraph
    omitted_nodes: int = 0
    reason: str = ""
    total_nodes: int = 0
    filtered_nodes: int = 0
    omitted_by_kind: dict[str, int] = field(default_factory=dict)
    focus: list[str] = field(default_factory=list)


def find_nodes(g: nx.Graph, focus: str) -> list[str]:
    """Nodes named by ``focus``: an IRI (node id), else a case-insensitive label, else a label part."""
    if focus in g:
        return [focus]
    want = focus.strip().casefold()
    exact = [n for n, d in g.nodes(data=True) if str(d.get("label", n)).casefold() == want]
    if exact:
        return sorted(exact)
    return sorted(n for n, d in g.nodes(data=True) if want and want in str(d.get("label", n)).casefold())


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as e:
        raise UsageError(f"--{name} must be an ISO date (YYYY-MM-DD), not {value!r}", hint="e.g. 2025-10-01") from e


def _in_range(d: dict, since: date | None, until: date | None) -> bool:
    begin, end = d.get("date_begin"), d.get("date_end")
    if not d.get("date") and not begin:
        return False
    try:
        b = date.fromisoformat(str(begin or d["date"])[:10])
        e = date.fromisoformat(str(end or d["date"])[:10])
    except ValueError:
        return False
    return (since is None or e >= since) and (until is None or b <= until)


def _source_ids(items) -> set[str]:
    return {x.get("source_id") for x in items or () if isinstance(x, dict)}


def _undirected_neighbours(g: nx.Graph) -> dict:
    nbrs: dict = {n: set() for n in g}
    for u, v in g.edges():
        if u != v:
            nbrs[u].add(v)
            nbrs[v].add(u)
    return nbrs


def _pagerank(g: nx.Graph, *, alpha: float = 0.85, iterations: int = 60, tol: float = 1e-10) -> dict:
    """PageRank on the undirected simple graph (pure Python: kg does not depend on scipy)."""
    nbrs = _undirected_neighbours(g)
    nodes = list(nbrs)
    n = len(nodes)
    if n == 0:
        return {}
    idx = {x: i for i, x in enumerate(nodes)}
    adj = [[idx[y] for y in nbrs[x]] for x in nodes]
    pr = [1.0 / n] * n
    for _ in range(iterations):
        dangling = sum(pr[i] for i in range(n) if not adj[i])
        base = (1.0 - alpha) / n + alpha * dangling / n
        new = [base] * n
        for i, js in enumerate(adj):
            if js:
                share = alpha * pr[i] / len(js)
                for j in js:
                    new[j] += share
        delta = sum(abs(a - b) for a, b in zip(new, pr))
        pr = new
        if delta < n * tol:
            break
    return {x: pr[i] for i, x in enumerate(nodes)}


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word[:-1] + 'ies' if word.endswith('y') and word[-2:] not in ('ey', 'ay') else word + 's'}"


def select_subgraph(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 2,
    sources: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    max_nodes: int = 300,
) -> Selection:
    """Cut a readable piece out of ``g``.

    Filters apply first: ``types`` (node kinds), ``sources`` (source ids: nodes and edges that at
    least one of them states), ``since``/``until`` (events whose date overlaps the range; undated
    events are dropped, and so are nodes that lose every edge through that). Then ``focus`` (an IRI
    or a label, case-insensitive; a label part when no label is equal) keeps the nodes within
    ``hops`` edges of it, in either direction. Last, when more than ``max_nodes`` remain, the most
    central ones by PageRank are kept (focus nodes always) and ``reason`` says what was left out.
    """
    total = g.number_of_nodes()
    notes: list[str] = []
    if hops < 0:
        raise UsageError("--hops must be 0 or more", hint="e.g. --hops 2")
    if max_nodes < 1:
        raise UsageError("--max-nodes must be at least 1", hint="e.g. --max-nodes 300")
    seeds: list[str] = []
    if focus:
        seeds = find_nodes(g, focus)
        if not seeds:
            raise UsageError(f"no node is labelled {focus!r}", hint="give a label or IRI from the graph (kg query can list them)")
    keep = set(g.nodes)
    if types:
        wanted = {str(getattr(t, "value", t)).strip().lower() for t in types}
        valid = {k.value for k in Kind}
        bad = sorted(wanted - valid)
        if bad:
            raise UsageError(f"unknown node type(s): {', '.join(bad)}", hint=f"use: {', '.join(k.value for k in Kind)}")
        keep = {n for n in keep if g.nodes[n].get("kind", Kind.OTHER.value) in wanted} | set(seeds)
        notes.append("types: " + ", ".join(sorted(wanted)))
    source_set = set(sources) if sources else None
    if source_set:
        keep = {n for n in keep
                if _source_ids(g.nodes[n].get("sources")) & source_set or g.nodes[n].get("source_id") in source_set}
        notes.append("sources: " + ", ".join(sorted(source_set)))
    since_d, until_d = _as_date(since, "since"), _as_date(until, "until")
    if since_d or until_d:
        before = keep
        keep = {n for n in keep if g.nodes[n].get("kind") != Kind.EVENT.value or _in_range(g.nodes[n], since_d, until_d)}
        sub = g.subgraph(keep)
        prior = g.subgraph(before)
        had_edges = {n for n in before if prior.degree(n) > 0}
        keep = {n for n in keep if sub.degree(n) > 0 or n not in had_edges or n in seeds}
        notes.append(f"events {'from ' + since_d.isoformat() if since_d else ''}"
                     f"{' ' if since_d and until_d else ''}{'until ' + until_d.isoformat() if until_d else ''}")
    h = g.subgraph(keep).copy()
    if source_set:
        drop = [(u, v, k) for u, v, k, d in h.edges(keys=True, data=True)
                if d.get("sources") and not _source_ids(d["sources"]) & source_set]
        h.remove_edges_from(drop)
    if seeds:
        seeds_in = [s for s in seeds if s in h]
        nbrs = _undirected_neighbours(h)
        reached = set(seeds_in)
        frontier = set(seeds_in)
        for _ in range(hops):
            frontier = {y for x in frontier for y in nbrs[x]} - reached
            reached |= frontier
            if not frontier:
                break
        h = h.subgraph(reached).copy()
        labels = sorted({str(g.nodes[s].get("label", s)) for s in seeds})
        notes.insert(0, f"within {_plural(hops, 'hop')} of {', '.join(labels[:3])}{' and others' if len(labels) > 3 else ''}")
    filtered = total - h.number_of_nodes()
    omitted = 0
    by_kind: dict[str, int] = {}
    if h.number_of_nodes() > max_nodes:
        rank = _pagerank(h)
        degree = dict(h.degree())
        order = sorted(h.nodes, key=lambda n: (n not in seeds, -rank.get(n, 0.0), -degree.get(n, 0), str(n)))
        kept = order[:max_nodes]
        left = order[max_nodes:]
        omitted = len(left)
        for n in left:
            k = h.nodes[n].get("kind", Kind.OTHER.value)
            by_kind[k] = by_kind.get(k, 0) + 1
        h = h.subgraph(kept).copy()
    reason_parts = []
    if notes:
        reason_parts.append("Filtered to " + "; ".join(notes) + f": {h.number_of_nodes() + omitted:,} of {total:,} nodes match.")
    if omitted:
        kinds = ", ".join(_plural(c, k) for k, c in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
        reason_parts.append(
            f"Showing the {h.number_of_nodes():,} most central nodes (PageRank); {omitted:,} left out "
            f"({kinds}). Narrow with a focus, types, sources or dates, or raise max_nodes to see more."
        )
    return Selection(graph=h, omitted_nodes=omitted, reason=" ".join(reason_parts), total_nodes=total,
                     filtered_nodes=filtered, omitted_by_kind=by_kind, focus=seeds)


# -- files -------------------------------------------------------------------------------------


class GraphFormat(str, Enum):
    GRAPHML = "graphml"
    GEXF = "gexf"


@dataclass
class GraphFileReport:
    path: Path
    format: GraphFormat
    nodes: int
    edges: int
    bytes: int


def _flat(attrs: dict) -> dict:
    """Attributes GraphML/GEXF can hold: lists and dicts become JSON text, None is dropped."""
    out = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, (list, tuple, dict, set)):
            out[k] = json.dumps(sorted(v) if isinstance(v, set) else v, ensure_ascii=False, sort_keys=True)
        elif isinstance(v, date):
            out[k] = v.isoformat()
        elif isinstance(v, Enum):
            out[k] = v.value
        elif isinstance(v, (bool, int, float, str)):
            out[k] = v
        else:
            out[k] = str(v)
    return out


def write_graph_file(g: nx.Graph, out: Path, fmt: GraphFormat | str) -> GraphFileReport:
    """Save ``g`` as GraphML or GEXF. List and dict attributes (sources, evidence) are JSON text;
    edges get unique ids (``e0``, ``e1``...) and keep their role as an attribute."""
    try:
        fmt = GraphFormat(str(getattr(fmt, "value", fmt)).lower())
    except ValueError as e:
        raise UsageError(f"unknown graph format {fmt!r}", hint="use graphml or gexf") from e
    flat = nx.MultiDiGraph(**_flat(g.graph))
    for n, d in g.nodes(data=True):
        flat.add_node(str(n), **_flat(d))
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for i, (u, v, _k, d) in enumerate(edges):
        flat.add_edge(str(u), str(v), key=f"e{i}", **_flat(d))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt is GraphFormat.GRAPHML:
        nx.write_graphml(flat, out, encoding="utf-8")
    else:
        nx.write_gexf(flat, out, encoding="utf-8")
    return GraphFileReport(path=out, format=fmt, nodes=flat.number_of_nodes(), edges=flat.number_of_edges(),
                           bytes=out.stat().st_size)

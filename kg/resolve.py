"""Cross-source resolution: what several sources share, as ``owl:sameAs`` links in the resolution
graph. Recomputed for one source at a time, so adding or retracting a source never rebuilds the
whole store, and retraction removes exactly the links that source brought.

Rules (each link is stored once, smaller IRI first, so the graph does not depend on ingest order):
- entities linked to the gazetteer are already one node (the reference IRI, e.g. one Wikidata id);
- unlinked named entities merge on normalized label + the same class + compatible context: the
  same state (``kg:stateOf`` / ``kg:nationality``) where either states one, and at least one state
  both sources mention. Generated labels ("North Korean soldier") never merge by label;
- events merge when they have the same type, overlapping time bounds, and share a participant or
  place that is not a state (states take part in nearly everything);
- anonymous actors are linked only through such a shared event, in the same role.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from kg import iri
import pyoxigraph as ox

from kg.store import KGStore, to_ox
from kg.vocab import ID, OWL, RESOLUTION_GRAPH

_ENTITIES = """
SELECT ?g ?e ?label ?cls ?state ?generated ?anon WHERE {
  GRAPH ?g { ?e gaf:denotedBy ?m ; a ?cls ; rdfs:label ?label .
             OPTIONAL { ?e kg:stateOf|kg:nationality ?state }
             OPTIONAL { ?e kg:hasGeneratedLabel ?generated }
             OPTIONAL { ?e kg:isAnonymous ?anon } }
  FILTER(STRSTARTS(STR(?cls), STR(kg:)))
  FILTER NOT EXISTS { GRAPH ?g { ?e sem:eventType ?t } }
}"""

_STATES = """
SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?s a kg:State ; gaf:denotedBy ?m } }"""

_EVENTS = """
SELECT ?g ?e ?type ?b ?end ?role ?x ?anon WHERE {
  GRAPH ?g { ?e sem:eventType ?type ; sem:hasTime ?t .
             ?t sem:hasEarliestBeginTimeStamp ?b ; sem:hasLatestEndTimeStamp ?end .
             OPTIONAL { ?e ?role ?x . FILTER(?role IN (kg:agent, kg:patient, kg:place, kg:origin, kg:destination))
                        OPTIONAL { ?x kg:isAnonymous ?anon } } }
}"""


def ox_literal(text: str) -> str:
    return str(ox.Literal(text))


def _norm(label: str) -> str:
    s = unicodedata.normalize("NFKC", label).lower()
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    return re.sub(r"[^\w]+", " ", s).strip()


def _values(var: str, terms) -> str:
    return f"VALUES ?{var} {{ {' '.join(sorted({str(t) for t in terms}))} }}"


def _mine_first(store: KGStore, sparql: str, graph: str, *, values: str = "") -> tuple[list, list]:
    """Rows of ``sparql`` in the source's own graph, and rows in other graphs restricted by ``values``."""
    g = f"<{graph}>"
    own = list(store.query(sparql.replace("WHERE {", "WHERE { VALUES ?g { " + g + " }", 1), union=False))
    if not values:
        return own, []
    minted = f"FILTER(?g != {g} && STRSTARTS(STR(?e), {ox_literal(str(ID) + 'src/')}))"
    others = list(store.query(sparql.replace("WHERE {", "WHERE { " + values + " " + minted, 1), union=False))
    return own, others


def links_for(store: KGStore, source_id: str) -> set[tuple[str, str]]:
    """The owl:sameAs pairs between ``source_id`` and the other sources in the store.

    Only candidates are read from the rest of the store (entities with one of this source's
    labels, events of one of its types), so the cost follows the source, not the store."""
    graph = str(iri.graph_iri(source_id))
    own_e, _ = _mine_first(store, _ENTITIES, graph)
    # only this source's own named entities look for partners (gazetteer entities are one node already)
    labels = {r["label"] for r in own_e if iri.source_id_of(r["e"].value) == source_id
              and r["anon"] is None and r["generated"] is None}
    _, other_e = _mine_first(store, _ENTITIES, graph, values=_values("label", labels)) if labels else ([], [])
    ents: dict[str, dict] = {}
    for r in own_e + other_e:
        e = r["e"].value
        d = ents.setdefault(e, {"labels": set(), "cls": set(), "state": set(), "generated": False, "anon": False,
                                "source": r["g"].value.rsplit("/", 1)[-1]})
        d["labels"].add(_norm(r["label"].value))
        d["cls"].add(r["cls"].value)
        if r["state"] is not None:
            d["state"].add(r["state"].value)
        d["generated"] |= r["generated"] is not None and r["generated"].value == "true"
        d["anon"] |= r["anon"] is not None and r["anon"].value == "true"
    sources = {d["source"] for d in ents.values()}
    states: dict[str, set[str]] = {}
    if sources:
        graphs = [f"<{iri.graph_iri(x)}>" for x in sources | {source_id}]
        for r in store.query(_STATES.replace("WHERE {", "WHERE { VALUES ?g { " + " ".join(graphs) + " }", 1), union=False):
            states.setdefault(r["g"].value.rsplit("/", 1)[-1], set()).add(r["s"].value)
    pairs: set[tuple[str, str]] = set()
    # named, unlinked entities
    index: dict[tuple[str, frozenset], list[str]] = {}
    for e, d in ents.items():
        if iri.source_id_of(e) is None or d["generated"] or d["anon"]:
            continue
        for label in d["labels"]:
            index.setdefault((label, frozenset(d["cls"])), []).append(e)
    for members in index.values():
        local = [m for m in members if ents[m]["source"] == source_id and iri.source_id_of(m) == source_id]
        for a in local:
            for b in members:
                if ents[b]["source"] == source_id or b == a:
                    continue
                da, db = ents[a], ents[b]
                if (da["state"] or db["state"]) and da["state"] != db["state"]:
                    continue
                if not (states.get(source_id, set()) & states.get(db["source"], set())):
                    continue
                pairs.add(tuple(sorted((a, b))))
    same_entity = _closure(pairs)
    # events
    own_v, _ = _mine_first(store, _EVENTS, graph)
    types = {r["type"] for r in own_v}
    # candidates share a participant that is not a state: one of ours, or a partner of one of ours
    partners = {b if a in ents and ents[a]["source"] == source_id else a for a, b in pairs}
    shared = {r["x"] for r in own_v if r["x"] is not None and "/ref/state/" not in r["x"].value
              and iri.source_id_of(r["x"].value) is None}
    shared |= {ox.NamedNode(x) for x in partners}
    other_v: list = []
    if types and shared:
        probe = _EVENTS.replace("sem:eventType ?type ;", "sem:eventType ?type ; ?probe_role ?probe ;", 1)
        _, other_v = _mine_first(store, probe, graph, values=_values("type", types) + " " + _values("probe", shared))
    events: dict[str, dict] = {}
    anon: set[str] = set()
    for r in own_v + other_v:
        e = r["e"].value
        d = events.setdefault(e, {"type": r["type"].value, "b": r["b"].value, "end": r["end"].value, "roles": {},
                                  "own": r["g"].value == graph})
        if r["role"] is not None:
            d["roles"].setdefault(r["role"].value.rsplit("#", 1)[-1], set()).add(r["x"].value)
            if r["anon"] is not None and r["anon"].value == "true":
                anon.add(r["x"].value)
    state_nodes = set().union(*states.values()) if states else set()
    state_nodes |= {x for d in events.values() for xs in d["roles"].values() for x in xs if "/ref/state/" in x}
    for a, da in events.items():
        if not da["own"]:
            continue
        for b, db in events.items():
            if db["own"] or da["type"] != db["type"]:
                continue
            if da["b"] > db["end"] or db["b"] > da["end"]:
                continue
            xa = {same_entity.get(x, x) for xs in da["roles"].values() for x in xs} - state_nodes
            xb = {same_entity.get(x, x) for xs in db["roles"].values() for x in xs} - state_nodes
            if not (xa & xb):
                continue
            pairs.add(tuple(sorted((a, b))))
            for role in set(da["roles"]) & set(db["roles"]):
                anon_a = [x for x in da["roles"][role] if x in anon]
                anon_b = [x for x in db["roles"][role] if x in anon]
                if len(anon_a) == 1 and len(anon_b) == 1:
                    pairs.add(tuple(sorted((anon_a[0], anon_b[0]))))
    return pairs


def _closure(pairs: set[tuple[str, str]]) -> dict[str, str]:
    """Each linked node -> the smallest IRI of its group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent} | {find(x): find(x) for x in parent}


def _forget(source_id: str) -> str:
    """SPARQL Update removing every resolution link that involves a node of ``source_id``."""
    prefix = ox_literal(iri.source_prefix(source_id))
    return ("DELETE { GRAPH <%s> { ?a ?p ?b } } WHERE { GRAPH <%s> { ?a ?p ?b } "
            "FILTER(STRSTARTS(STR(?a), %s) || STRSTARTS(STR(?b), %s)) }"
            % (RESOLUTION_GRAPH, RESOLUTION_GRAPH, prefix, prefix))


def forget_links(store: KGStore, source_id: str) -> None:
    """Remove the links of a retracted source, in one transaction."""
    store.update(_forget(source_id))


def resolve_source(store: KGStore, source_id: str) -> int:
    """Recompute the links of one source (after it was written), replacing its old links in one
    transaction; returns how many it has."""
    pairs = sorted(links_for(store, source_id))
    update = _forget(source_id)
    if pairs:
        body = "\n".join(f"{to_ox(URIRef(a))} {to_ox(OWL.sameAs)} {to_ox(URIRef(b))} ." for a, b in pairs)
        update += f" ;\nINSERT DATA {{ GRAPH <{RESOLUTION_GRAPH}> {{\n{body}\n}} }}"
    store.update(update)
    return len(pairs)

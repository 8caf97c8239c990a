"""Identity in the resolution graph, stored as clusters so that links grow with the members, not
their pairs: each member ``owl:sameAs`` its cluster's smallest IRI, ``kg:sameEventAs`` between reports
of one event that give other dates, and one ``kg:IdentityLink`` (the pair, the property, the two
sources, the evidence) for each judged pair of the cluster's spanning tree. The tree is the minimum
spanning forest of the judged pairs in one fixed order (owl:sameAs pairs first, then by IRI), so it
depends only on the pairs, not on the order they were found in."""

from __future__ import annotations

from collections.abc import Callable, Collection

import pyoxigraph as ox

from kg import iri
from kg.graph import identity
from kg.graph.candidates import Reader
from kg.graph.identity import Judgment
from kg.graph.store import to_ox
from kg.vocab import ID, KG, OWL, RDF, RESOLUTION_GRAPH

Pair = tuple[str, str]

_TYPE, _SAME_AS, _SAME_EVENT, _RES_GRAPH = (
    to_ox(RDF.type),
    to_ox(OWL.sameAs),
    to_ox(KG.sameEventAs),
    to_ox(RESOLUTION_GRAPH),
)
_LINKED, _LINK_PROP, _LINK_SOURCE = to_ox(KG.linkedNode), to_ox(KG.linkProperty), to_ox(KG.linkSource)
_EVIDENCE, _SHARED, _LINK_CLASS = to_ox(KG.evidence), to_ox(KG.sharedNode), to_ox(KG.IdentityLink)

HELD_APART = "held apart: another member gives another day"


def link_iri(a: str, b: str) -> str:
    return f"{ID}link/{iri.short_hash(a, b, n=16)}"


def read_links(records: dict) -> dict[Pair, Judgment]:
    """The stored links of ``records`` (kg:IdentityLink node -> its quads) that still name both their
    nodes, each as stored."""
    out: dict[Pair, Judgment] = {}
    for found in records.values():
        po: dict = {}
        for q in found:
            po.setdefault(q.predicate, []).append(q.object)
        nodes = sorted(x.value for x in po.get(_LINKED, ()))
        props = po.get(_LINK_PROP, ())
        if len(nodes) != 2 or not props:
            continue
        out[(nodes[0], nodes[1])] = Judgment(
            "sameAs" if props[0] == _SAME_AS else "sameEventAs",
            tuple(sorted(x.value for x in po.get(_EVIDENCE, ()))),
            tuple(sorted(x.value for x in po.get(_SHARED, ()))),
        )
    return out


def as_judged(j: Judgment) -> Judgment:
    """A stored link as it was judged: one stored as kg:sameEventAs because it would have put two
    days in one cluster (HELD_APART) was judged owl:sameAs."""
    if HELD_APART in j.evidence:
        return Judgment("sameAs", tuple(e for e in j.evidence if e != HELD_APART), j.shared)
    return j


def as_stored(j: Judgment) -> Judgment:
    return Judgment(j.kind, tuple(sorted(j.evidence)), tuple(sorted(j.shared)))


def group_of(rd: Reader, seeds: Collection[str]) -> tuple[set[str], dict]:
    """The nodes and link records connected to ``seeds`` through link records (record -> its quads),
    read through ``rd``: each record once for all the sources the reader resolves."""
    nodes, records, todo = set(seeds), {}, list(seeds)
    while todo:
        n = todo.pop()
        for rec in rd.records_naming(n):
            if rec in records:
                continue
            found = records[rec] = rd.record(rec)
            for x in found:
                if x.predicate == _LINKED and x.object.value not in nodes:
                    nodes.add(x.object.value)
                    todo.append(x.object.value)
    return nodes, records


class Forest:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def spanning_pairs(judged: dict[Pair, Judgment], time_of: Callable[[str], str | None]) -> dict[Pair, Judgment]:
    """The pairs of the spanning forest: owl:sameAs pairs first, each kind by IRI (the minimum
    spanning forest for that order, so it depends only on the pairs). An owl:sameAs pair that would
    put two different days in one cluster (through a report that gives only the month) joins the
    two as "same event, other date" instead (kg:sameEventAs, with the evidence HELD_APART)."""
    forest, tree, deferred = Forest(), {}, []
    times: dict[str, set[str]] = {}
    for pair, j in sorted(judged.items()):
        if j.kind != "sameAs":
            deferred.append((pair, j))
            continue
        ra, rb = forest.find(pair[0]), forest.find(pair[1])
        if ra == rb:
            continue
        ta = times.get(ra) or {t for t in [time_of(ra)] if t}
        tb = times.get(rb) or {t for t in [time_of(rb)] if t}
        if not all(identity.times_compatible(x, y) for x in ta for y in tb):
            deferred.append((pair, Judgment("sameEventAs", (*j.evidence, HELD_APART), j.shared)))
            continue
        forest.union(ra, rb)
        times[forest.find(ra)] = ta | tb
        tree[pair] = j
    for pair, j in sorted(deferred):
        if forest.union(*pair):
            tree[pair] = j
    return tree


def membership_quads(tree: dict[Pair, Judgment]) -> list[ox.Quad]:
    """Cluster membership (each member owl:sameAs the cluster's smallest IRI) and kg:sameEventAs links."""
    res, out = _RES_GRAPH, []
    same = iri.representatives(p for p, j in tree.items() if j.kind == "sameAs")
    for node, rep in same.items():
        if node != rep:
            out.append(ox.Quad(ox.NamedNode(node), _SAME_AS, ox.NamedNode(rep), res))
    for (a, b), j in sorted(tree.items()):
        if j.kind == "sameEventAs":
            out.append(ox.Quad(ox.NamedNode(a), _SAME_EVENT, ox.NamedNode(b), res))
    return out


def link_quads(pair: Pair, j: Judgment) -> list[ox.Quad]:
    """The kg:IdentityLink of one tree pair: its nodes, property, sources, evidence, shared nodes."""
    (a, b), res = pair, _RES_GRAPH
    rec = ox.NamedNode(link_iri(a, b))
    out = [
        ox.Quad(rec, _TYPE, _LINK_CLASS, res),
        ox.Quad(rec, _LINK_PROP, _SAME_AS if j.kind == "sameAs" else _SAME_EVENT, res),
    ]
    out += [ox.Quad(rec, _LINKED, ox.NamedNode(x), res) for x in (a, b)]
    sids = {s for s in (iri.source_id_of(a), iri.source_id_of(b)) if s is not None}
    out += [ox.Quad(rec, _LINK_SOURCE, to_ox(iri.doc_iri(sid)), res) for sid in sorted(sids)]
    out += [ox.Quad(rec, _EVIDENCE, ox.Literal(e), res) for e in j.evidence]
    out += [ox.Quad(rec, _SHARED, ox.NamedNode(x), res) for x in j.shared]
    return out

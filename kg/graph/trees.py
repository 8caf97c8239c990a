"""The clusters' spanning trees, put right after sources changed: only what changes is written.

Two ways, both giving the tree a computation from scratch would give (the minimum spanning forest of
the judged pairs in :mod:`kg.graph.clusters`' order, so it does not depend on the order sources came in):
:func:`leaf_changes` when one source's nodes are leaves of their trees (most single-source changes:
reads the source's links and a few index entries, not the clusters), :func:`cluster_changes`
otherwise (reads the clusters touched whole, and joins again a cluster the change split, judging
pairs between its parts with :func:`kg.graph.pairs.judge_pair`).
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from kg import iri
from kg.graph.candidates import Reader, graph_node, objects
from kg.graph.clusters import (
    HELD_APART,
    Forest,
    Pair,
    as_judged,
    as_stored,
    group_of,
    link_iri,
    link_quads,
    membership_quads,
    read_links,
    spanning_pairs,
)
from kg.graph.identity import Judgment
from kg.graph.pairs import judge_pair, ordered_pair
from kg.graph.store import to_ox
from kg.vocab import KG, OWL, RESOLUTION_GRAPH

_SAME_AS, _SAME_EVENT, _RES_GRAPH = to_ox(OWL.sameAs), to_ox(KG.sameEventAs), to_ox(RESOLUTION_GRAPH)
_LINKED, _EVIDENCE = to_ox(KG.linkedNode), to_ox(KG.evidence)


def _representative(st: ox.Store, node: str) -> str:
    """The representative a node points to (itself when it points to none)."""
    for q in st.quads_for_pattern(ox.NamedNode(node), _SAME_AS, None, _RES_GRAPH):
        return q.object.value
    return node


def leaf_changes(
    rd: Reader, source_id: str, judged: dict[Pair, Judgment], had: dict, *, gone: bool, events: bool
) -> tuple[list[ox.Quad], list[ox.Quad]] | None:
    """(quads to delete, quads to insert) for the nodes of one kind (events or not) of one source
    written or going, when the change leaves every other link as it is; None when it may not (the
    clusters are then computed whole, :func:`cluster_changes`). Reads only the source's links and a
    few index entries per node of its pairs, not the clusters.

    When it applies, and why the result is the spanning tree the whole computation would give:
    - every node of the source had one link (a leaf of its tree), not to its cluster's
      representative's place: removing leaves leaves the rest of each tree a spanning tree of what
      remains, the smallest for the order (a tree pair is the smallest across some cut);
    - for events, removal only, and no link of the cluster was held apart for its days (a leaf's day
      could have been what held it apart); events written anew are computed whole;
    - (entities) each new node's pairs lead into one cluster whose representative (its smallest IRI)
      is smaller than the node, and each of its pairs but the smallest comes after every tree pair
      on the path between its member and the smallest pair's member: then each of those pairs is
      the largest of a cycle, so the tree is the old one (less the leaves) with each new node joined
      by its smallest pair, as Kruskal would take it. The paths are read from the cluster's
      memberships and one index read per member (:func:`_tree_of`), not from its link records."""
    st, prefix = rd.st, iri.source_prefix(source_id)
    kind = lambda n: ("/event/" in n) == events  # noqa: E731
    stored = {p: j for p, j in read_links(had).items() if kind(p[0])}
    new = {p: j for p, j in judged.items() if kind(p[0])}
    if events and new:
        return None
    degree: dict[str, int] = {}
    other: dict[str, str] = {}
    for a, b in stored:
        if a.startswith(prefix) == b.startswith(prefix):
            return None
        s, x = (a, b) if a.startswith(prefix) else (b, a)
        degree[s] = degree.get(s, 0) + 1
        other[s] = x
    if any(d > 1 for d in degree.values()):
        return None
    reps = {}
    for s, x in other.items():
        if stored[ordered_pair(s, x)].kind == "sameAs":
            r = reps[s] = _representative(st, x)
            if not r < s:
                return None  # the node was its cluster's representative
    if events and reps:
        for q in st.quads_for_pattern(None, _EVIDENCE, ox.Literal(HELD_APART), _RES_GRAPH):
            ends = [x.value for x in objects(st, q.subject, _LINKED, _RES_GRAPH)]
            if any(_representative(st, e) in set(reps.values()) for e in ends):
                return None
    # the new nodes: each joins one star by its smallest pair
    by_node: dict[str, list[Pair]] = {}
    for p in sorted(new):
        if p[0].startswith(prefix) == p[1].startswith(prefix):
            return None
        by_node.setdefault(p[0] if p[0].startswith(prefix) else p[1], []).append(p)
    tree: dict[Pair, Judgment] = {}
    members: list[ox.Quad] = []
    clusters: dict[str, tuple[set[str], dict[str, list[tuple[str, Pair]]]]] = {}
    for s, pairs in sorted(by_node.items()):
        if any(new[p].kind != "sameAs" for p in pairs):
            return None
        ends = [b if a == s else a for a, b in pairs]
        r = _representative(st, ends[0])
        if not r < s:
            return None
        if len(pairs) > 1:  # (one pair, with a member: no cycle to check, and no need to read the tree)
            if r not in clusters:
                clusters[r] = _tree_of(st, r)
            nodes, adj = clusters[r]
            if any(x not in nodes for x in ends):
                return None  # its pairs lead into more than one cluster
            top = _path_max(adj, ends[0])
            if any(x not in top or not top[x] < p for p, x in zip(pairs[1:], ends[1:])):
                return None  # a new pair comes before a pair of the tree it closes a cycle with
        tree[pairs[0]] = as_stored(new[pairs[0]])
        members.append(ox.Quad(ox.NamedNode(s), _SAME_AS, ox.NamedNode(r), _RES_GRAPH))
    delete: list[ox.Quad] = []
    insert: list[ox.Quad] = []
    for p, j in stored.items():
        if tree.get(p) != j:
            delete += had[ox.NamedNode(link_iri(*p))]
    for p, j in sorted(tree.items()):
        if stored.get(p) != j:
            insert += link_quads(p, j)
    # (the new nodes' memberships: a source written anew lost its old ones with its old graph)
    return delete, insert + [q for q in members if q not in st]


def _tree_of(st: ox.Store, rep: str) -> tuple[set[str], dict[str, list[tuple[str, Pair]]]]:
    """The members of an entity cluster (from its memberships) and its tree (member -> [(neighbour,
    pair)], from the link records on each member: one index read per member, no record read)."""
    nodes = {rep} | {q.subject.value for q in st.quads_for_pattern(None, _SAME_AS, ox.NamedNode(rep), _RES_GRAPH)}
    ends: dict[object, list[str]] = {}
    for n in nodes:
        for q in st.quads_for_pattern(None, _LINKED, ox.NamedNode(n), _RES_GRAPH):
            ends.setdefault(q.subject, []).append(n)
    adj: dict[str, list[tuple[str, Pair]]] = {}
    for xs in ends.values():
        if len(xs) == 2:
            a, b = sorted(xs)
            adj.setdefault(a, []).append((b, (a, b)))
            adj.setdefault(b, []).append((a, (a, b)))
    return nodes, adj


def _path_max(adj: dict[str, list[tuple[str, Pair]]], start: str) -> dict[str, Pair]:
    """Each node of a tree -> the largest pair on its path from ``start``."""
    top: dict[str, Pair] = {start: ("", "")}
    todo = [start]
    while todo:
        n = todo.pop()
        for m, p in adj.get(n, ()):
            if m not in top:
                top[m] = max(top[n], p)
                todo.append(m)
    return top


def cluster_changes(
    rd: Reader, judged: dict[Pair, Judgment], had_nodes: set[str], changed_prefixes: tuple[str, ...], gone_graphs: set
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) for the clusters that the nodes of the changed sources'
    old links (``had_nodes``) and of their new pairs (``judged``) are in, computed from the whole
    clusters."""
    seeds = had_nodes | {x for pair in judged for x in pair}
    nodes, records = group_of(rd, seeds)
    stored = read_links(records)
    kept = {
        p: as_judged(j)
        for p, j in stored.items()
        if not p[0].startswith(changed_prefixes) and not p[1].startswith(changed_prefixes)
    }
    # a cluster the change split (held together by a node that went or changed): pairs between its
    # parts are judged again, from all parts but the biggest
    old, parts = Forest(), Forest()
    for a, b in stored:
        old.union(a, b)
    for a, b in [*kept, *judged]:
        parts.union(a, b)
    by_old: dict[str, dict[str, list[str]]] = {}
    for n in sorted(nodes):
        if not n.startswith(changed_prefixes):
            by_old.setdefault(old.find(n), {}).setdefault(parts.find(n), []).append(n)
    for split in by_old.values():
        if len(split) > 1:
            judged.update(_reconnect(rd, split, gone_graphs))
    judged.update(kept)
    tree = {p: as_stored(j) for p, j in spanning_pairs(judged, lambda n: _time_of(rd, n)).items()}
    # only what changes is written: the links that are new or changed, and the memberships that moved
    delete: dict[ox.Quad, None] = {}
    insert: list[ox.Quad] = []
    unchanged = {link_iri(*p) for p, j in tree.items() if stored.get(p) == j}
    for rec, quads in records.items():
        if rec.value not in unchanged:
            delete.update(dict.fromkeys(quads))
    for p, j in sorted(tree.items()):
        if stored.get(p) != j:
            insert += link_quads(p, j)
    old_members: dict[ox.Quad, None] = {}
    for n in sorted(nodes):  # (every identity triple has a member of the touched clusters as subject)
        for prop in (_SAME_AS, _SAME_EVENT) if "/event/" in n else (_SAME_AS,):
            old_members.update(dict.fromkeys(rd.identity_quads(n, prop)))
    members = membership_quads(tree)
    now = set(members)
    delete.update(dict.fromkeys(q for q in old_members if q not in now))
    insert += [q for q in members if q not in old_members]
    return list(delete), insert


def _time_of(rd: Reader, node: str) -> str | None:
    """The time value of an event node, read from its source's graph (None for other nodes)."""
    sid = iri.source_id_of(node) if "/event/" in node else None
    if sid is None:
        return None
    d = rd.event(ox.NamedNode(node), graph_node(sid))
    return d["time"] if d else None


def _reconnect(rd: Reader, split: dict[str, list[str]], skip: Collection) -> dict[Pair, Judgment]:
    """The pairs that join the parts of a cluster a change split, as Kruskal would take them: the
    parts' own tree pairs stay (every one of them is in the new spanning tree), so only pairs between
    parts are judged, in the spanning tree's order (owl:sameAs pairs first, by IRI), until the parts
    are one again. A cluster whose representative went (a star) is joined again in one pass over
    its new smallest member's pairs."""
    part = {n: root for root, xs in split.items() for n in xs}
    members = sorted(part)
    forest, found, other = Forest(), {}, []
    left = len(split)
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if part[a] == part[b] or forest.find(part[a]) == forest.find(part[b]):
                continue
            j = judge_pair(rd, a, b, skip)
            if j.kind == "sameAs":
                found[(a, b)] = j
                forest.union(part[a], part[b])
                left -= 1
                if left == 1:
                    return found
            elif j.kind == "sameEventAs":
                other.append(((a, b), j))
    for (a, b), j in other:
        if forest.union(part[a], part[b]):
            found[(a, b)] = j
    return found

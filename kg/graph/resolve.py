"""Cross-source resolution: which nodes of different sources are one thing, stored as clusters in
the resolution graph, recomputed for the sources just written (one, or all of an ingest run) and
for the clusters they touch, never for the whole store.

How identity is stored (so links grow with the members, not with their pairs):
- every member of a cluster points to its representative, the cluster's smallest IRI, with
  ``owl:sameAs`` (one entity, or one event whose reports agree on the date);
- reports of one event that give other dates are joined with ``kg:sameEventAs``;
- read identity by following ``owl:sameAs`` and ``kg:sameEventAs`` both ways, transitively;
- why: one ``kg:IdentityLink`` node for each judged pair that joins the cluster (the pairs of a
  spanning tree: the smallest pairs, ``owl:sameAs`` ones first, so the tree depends only on what
  the sources say, not on the order they came in), with the pair's evidence.

The rules (which pair is one thing, and the evidence) are in :mod:`kg.graph.identity`. Candidates
are read from the store through its indexes: entities that carry one of a source's names, events
that share a participant or place with one of its events.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from kg import iri
from kg.graph import identity
from kg.graph.candidates import EVENT_TYPE, LABEL, ROLE_PROPS, Reader, graph_node, objects, source_of_graph
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
from kg.graph.identity import Facts, Judgment
from kg.graph.store import KGStore, to_ox
from kg.vocab import KG, METADATA_GRAPH, OWL, RESOLUTION_GRAPH, XSD

_SAME_AS, _SAME_EVENT, _RES_GRAPH = to_ox(OWL.sameAs), to_ox(KG.sameEventAs), to_ox(RESOLUTION_GRAPH)
_LINKED, _LINK_PROP, _LINK_SOURCE = to_ox(KG.linkedNode), to_ox(KG.linkProperty), to_ox(KG.linkSource)
_AWAITS, _META = to_ox(KG.awaitsLinking), to_ox(METADATA_GRAPH)
_EVIDENCE = to_ox(KG.evidence)
_TRUE = ox.Literal("true", datatype=to_ox(XSD.boolean))


# -- sources awaiting their links: resolution is part of the same recoverable unit as the sources --


def awaiting_quad(source_id: str) -> ox.Quad:
    """The marker written with a source (in the same transaction): ``<source graph> kg:awaitsLinking
    true`` in the metadata graph. :func:`resolve_sources` removes it in the transaction that writes the
    source's links, so a write that stops between the two (a kill, a full disk) leaves the marker, and
    the next command that writes finishes the links (:func:`finish_linking`)."""
    return ox.Quad(graph_node(source_id), _AWAITS, _TRUE, _META)


def awaiting_links(store: KGStore) -> list[str]:
    """The ids of the sources written whose cross-source links were never computed, sorted."""
    out = set()
    for q in store.oxigraph.quads_for_pattern(None, _AWAITS, None, _META):
        sid = source_of_graph(q.subject) if isinstance(q.subject, ox.NamedNode) else None
        if sid:
            out.add(sid)
    return sorted(out)


def finish_linking(store: KGStore) -> list[str]:
    """Compute the links of every source that awaits them (see :func:`awaiting_quad`), in one
    transaction; returns their ids (empty when nothing was pending)."""
    pending = awaiting_links(store)
    if pending:
        resolve_sources(store, [])
    return pending


def _merge_entity(ents: dict[str, dict], e: str, d: dict) -> None:
    old = ents.get(e)
    if old is None:
        ents[e] = d
        return
    ents[e] = {
        **old,
        **{k: old[k] | d[k] for k in ("raw_labels", "labels", "cls", "state", "qids")},
        **{k: old[k] or d[k] for k in ("flagged", "generated", "anon", "person")},
    }


def _facts(rd: Reader, entity_pairs: dict[Pair, Judgment]) -> Facts:
    linked = {p for p, j in entity_pairs.items() if j}
    return Facts(
        type_compatible=rd.type_compatible,
        place_compatible=rd.place_compatible,
        is_specific_actor=rd.is_specific_actor,
        is_specific_place=rd.is_specific_place,
        same_entity=lambda a, b: tuple(sorted((a, b))) in linked,
    )


def links_for(store: KGStore, source_id: str) -> set[tuple[str, str, str]]:
    """The judged links between ``source_id`` and the other sources in the store, as (IRI,
    predicate IRI, IRI) with the smaller IRI first: ``owl:sameAs`` and ``kg:sameEventAs``.

    Only candidates are read from the rest of the store (entities with one of this source's
    labels, events of a compatible type that share a participant or place), so the cost follows the
    source, not the store. These are the pairs; the resolution graph keeps a spanning tree of them."""
    return {
        (a, str(OWL.sameAs) if j.kind == "sameAs" else str(KG.sameEventAs), b)
        for (a, b), j in _links_for(Reader(store), source_id, skip=frozenset()).items()
    }


def _links_for(rd: Reader, source_id: str, *, skip: Collection) -> dict[Pair, Judgment]:
    """:func:`links_for` as judgments, leaving out the source graphs in ``skip`` (Oxigraph nodes)."""
    st = rd.st
    graph = graph_node(source_id)

    own = iri.source_prefix(source_id)
    ents: dict[str, dict] = {}
    # this source's own entities (only they are judged here): each has a label, and reading the
    # labels' subjects reads fewer quads than reading the mentions'
    for e in {q.subject for q in st.quads_for_pattern(None, LABEL, None, graph)}:
        if not (isinstance(e, ox.NamedNode) and e.value.startswith(own)):
            continue
        d = rd.entity(e, graph)
        if d is not None:
            _merge_entity(ents, e.value, d)
    # only this source's own named entities look for partners (gazetteer entities are one node already)
    labels = set().union(
        *(d["raw_labels"] for e, d in ents.items() if iri.source_id_of(e) == source_id and not d["flagged"])
    )
    candidates = {(e, g) for label in labels for e, g in rd.holders(label, LABEL) if g != graph and g not in skip}
    # no pair can come of a source with no state in common (most candidates of a common name stop here, unread)
    sharing = {g for g in {g for _, g in candidates} if rd.share_a_state(source_id, source_of_graph(g))}
    for e, g in candidates:
        if g not in sharing:
            continue
        d = rd.entity(e, g, labels=labels)
        if d is not None and isinstance(e, ox.NamedNode):
            _merge_entity(ents, e.value, d)
    judged: dict[Pair, Judgment] = {}
    # named, unlinked entities (blocked by name and class)
    index: dict[tuple[str, frozenset], list[str]] = {}
    for name, d in ents.items():
        if iri.source_id_of(name) is None or d["generated"] or d["anon"]:
            continue
        for label in d["labels"]:
            index.setdefault((label, frozenset(d["cls"])), []).append(name)
    for members in index.values():
        local = [m for m in members if ents[m]["source"] == source_id and iri.source_id_of(m) == source_id]
        for a in local:
            for b in members:
                if ents[b]["source"] == source_id or b == a:
                    continue
                pair = _pair(a, b)
                if pair not in judged:
                    j = identity.judge_entities(
                        ents[a], ents[b], share_a_state=rd.share_a_state(source_id, ents[b]["source"])
                    )
                    if j:
                        judged[pair] = j
    facts = _facts(rd, judged)
    # events
    events: dict[str, dict] = {}
    for e in sorted({q.subject for q in st.quads_for_pattern(None, EVENT_TYPE, None, graph)}, key=str):
        d = rd.event(e, graph)
        if d is not None:
            events[e.value] = {**d, "own": True}
    own_types = {d["type"] for d in events.values()}
    # candidates share a participant or place that is not a state (one of ours, or a partner of one of ours)
    partners = {b if a.startswith(iri.source_prefix(source_id)) else a for a, b in judged}
    # (only specific ones: no pair can be judged one event without a specific participant or place)
    shared = {
        x
        for d in events.values()
        for xs in d["roles"].values()
        for x in xs
        if "/ref/state/" not in x
        and iri.source_id_of(x) is None
        and (rd.is_specific_actor(x, source_id) or rd.is_specific_place(x, source_id))
    } | partners
    compatible: dict[frozenset, bool] = {}  # an event's types -> whether one fits one of ours

    def fits(types: frozenset) -> bool:
        found = compatible.get(types)
        if found is None:
            found = compatible[types] = any(rd.type_compatible(t, o) for t in types for o in own_types)
        return found

    candidates = {
        (e, g)
        for x in shared
        for e, g, types in rd.event_holders(ox.NamedNode(x))
        if g != graph and g not in skip and fits(types)
    }
    for e, g in sorted(candidates, key=str):
        if e.value not in events:
            d = rd.event(e, g)
            if d is not None:
                events[e.value] = {**d, "own": False}
    other_date: dict[Pair, Judgment] = {}
    for a, da in events.items():
        if not da["own"]:
            continue
        for b, db in events.items():
            if db["own"]:
                continue
            j = identity.judge_events(facts, da, db)
            if j.kind == "sameAs":
                judged[(a, b) if a < b else (b, a)] = j
                _link_unnamed(rd, judged, a, da, b, db)
            elif j.kind == "sameEventAs":
                other_date[(a, b)] = j
    for a, b in _nearest_reports(events, other_date):
        judged[(a, b) if a < b else (b, a)] = other_date[(a, b)]
    return judged


def _link_unnamed(rd: Reader, judged: dict[Pair, Judgment], a: str, da: dict, b: str, db: dict) -> None:
    """The one unnamed actor in a role of each of two linked events are one actor."""
    for role in sorted(set(da["roles"]) & set(db["roles"])):
        anon_a = [x for x in da["roles"][role] if rd.is_anonymous(x)]
        anon_b = [x for x in db["roles"][role] if rd.is_anonymous(x)]
        if len(anon_a) == 1 and len(anon_b) == 1:
            pair = _pair(anon_a[0], anon_b[0])
            new, old = Judgment("sameAs", (identity.SAME_ROLE,), tuple(sorted((a, b)))), judged.get(pair)
            if old is None or (old.evidence == new.evidence and new.shared < old.shared):
                judged[pair] = new  # through the smallest pair of events, whichever source looks


def _nearest_reports(events: dict[str, dict], pairs: Collection[Pair]) -> set[Pair]:
    """Of the (own event, other source's event) ``pairs``, those where each is the other's nearest
    such report in its source (by begin day; ties: the smaller IRI)."""
    best_other: dict[tuple[str, str], tuple[int, str]] = {}  # (own event, other source) -> (gap, event)
    best_own: dict[str, tuple[int, str]] = {}  # other source's event -> (gap, own event)
    for a, b in sorted(pairs):
        da, db = events[a], events[b]
        gap = abs(da["day"] - db["day"])
        key = (a, db["source"])
        best_other[key] = min(best_other.get(key, (gap, b)), (gap, b))
        best_own[b] = min(best_own.get(b, (gap, a)), (gap, a))
    return {(a, b) for (a, _), (_, b) in best_other.items() if best_own[b][1] == a}


def _changes(
    store: KGStore, source_ids: list[str], *, gone: Collection[str] = ()
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) in the resolution graph after ``source_ids`` were written
    (or, for those in ``gone``, before they are dropped): the clusters these sources touch (through
    stored links, or through the pairs found now) are computed again, the others are left alone."""
    rd = Reader(store)
    st = rd.st
    gone = set(gone)
    gone_graphs = {graph_node(s) for s in gone}
    changed_prefixes = tuple(iri.source_prefix(s) for s in source_ids)
    # the pairs of the written sources (each with the ones before it in the run and the rest of the store)
    later = {graph_node(s) for s in source_ids} | gone_graphs
    judged: dict[Pair, Judgment] = {}
    for sid in source_ids:
        later.discard(graph_node(sid))
        if sid not in gone:
            judged.update(_links_for(rd, sid, skip=later | gone_graphs))
    # the links the sources had (each kg:IdentityLink that names one of them, with its quads)
    had = {
        q.subject: list(st.quads_for_pattern(q.subject, None, None, _RES_GRAPH))
        for sid in source_ids
        for q in st.quads_for_pattern(None, _LINK_SOURCE, to_ox(iri.doc_iri(sid)), _RES_GRAPH)
    }
    delete: dict[ox.Quad, None] = {}
    insert: list[ox.Quad] = []
    # a single source whose nodes are leaves of their trees: only its own links change (most changes;
    # see _leaf_changes), per kind of node; the rest is computed from the whole clusters touched
    whole = {False, True}  # (events?) the kinds computed from whole clusters
    if len(source_ids) == 1:
        for events in (False, True):
            fast = _leaf_changes(rd, source_ids[0], judged, had, gone=bool(gone), events=events)
            if fast is not None:
                delete.update(dict.fromkeys(fast[0]))
                insert += fast[1]
                whole.discard(events)
    if whole:
        rest = _cluster_changes(
            rd,
            {p: j for p, j in judged.items() if ("/event/" in p[0]) in whole},
            {x.value for quads in had.values() for x in _linked(quads) if ("/event/" in x.value) in whole},
            changed_prefixes,
            gone_graphs,
        )
        delete.update(dict.fromkeys(rest[0]))
        insert += rest[1]
    # the identity triples of a source that goes (each on a node of one of its links)
    delete.update(
        dict.fromkeys(
            _identity_triples(
                st,
                {x.value for quads in had.values() for x in _linked(quads)},
                [iri.source_prefix(s) for s in source_ids if s in gone],
            )
        )
    )
    return list(delete), insert


def _linked(quads: list[ox.Quad]) -> list:
    return [q.object for q in quads if q.predicate == _LINKED]


def _identity_triples(st: ox.Store, nodes: Collection[str], prefixes: list[str]) -> list[ox.Quad]:
    """The owl:sameAs and kg:sameEventAs triples with one of ``nodes`` that starts with one of
    ``prefixes`` as subject or object (every node with an identity triple is a node of a link)."""
    out: dict[ox.Quad, None] = {}
    for n in sorted(x for x in nodes if prefixes and x.startswith(tuple(prefixes))):
        node = ox.NamedNode(n)
        for p in (_SAME_AS, _SAME_EVENT):
            out.update(dict.fromkeys(st.quads_for_pattern(node, p, None, _RES_GRAPH)))
            out.update(dict.fromkeys(st.quads_for_pattern(None, p, node, _RES_GRAPH)))
    return list(out)


def _representative(st: ox.Store, node: str) -> str:
    """The representative a node points to (itself when it points to none)."""
    for q in st.quads_for_pattern(ox.NamedNode(node), _SAME_AS, None, _RES_GRAPH):
        return q.object.value
    return node


def _leaf_changes(
    rd: Reader, source_id: str, judged: dict[Pair, Judgment], had: dict, *, gone: bool, events: bool
) -> tuple[list[ox.Quad], list[ox.Quad]] | None:
    """(quads to delete, quads to insert) for the nodes of one kind (events or not) of one source
    written or going, when the change leaves every other link as it is; None when it may not (the
    clusters are then computed whole, :func:`_cluster_changes`). Reads only the source's links and a
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
        if stored[_pair(s, x)].kind == "sameAs":
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


def _cluster_changes(
    rd: Reader, judged: dict[Pair, Judgment], had_nodes: set[str], changed_prefixes: tuple[str, ...], gone_graphs: set
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) for the clusters that the nodes of the changed sources'
    old links (``had_nodes``) and of their new pairs (``judged``) are in, computed from the whole
    clusters."""
    st = rd.st
    seeds = had_nodes | {x for pair in judged for x in pair}
    nodes, records = group_of(st, seeds)
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
        node = ox.NamedNode(n)
        for prop in (_SAME_AS, _SAME_EVENT) if "/event/" in n else (_SAME_AS,):
            old_members.update(dict.fromkeys(st.quads_for_pattern(node, prop, None, _RES_GRAPH)))
    members = membership_quads(tree)
    now = set(members)
    delete.update(dict.fromkeys(q for q in old_members if q not in now))
    insert += [q for q in members if q not in old_members]
    return list(delete), insert


def _time_of(rd: Reader, node: str) -> str | None:
    """The time value of an event node, read from its source's graph (None for other nodes)."""
    sid = iri.source_id_of(node)
    if sid is None or "/event/" not in node:
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
            j = _judge_pair(rd, a, b, skip)
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


def _graph_of(node: str):
    sid = iri.source_id_of(node)
    return graph_node(sid) if sid else None


def _judge_pair(rd: Reader, a: str, b: str, skip: Collection) -> Judgment:
    """One pair of minted nodes of two sources, judged as :func:`_links_for` would judge it."""
    ga, gb = _graph_of(a), _graph_of(b)
    if ga is None or gb is None or ga == gb or ga in skip or gb in skip:
        return identity.no("not two sources")
    sa, sb = source_of_graph(ga), source_of_graph(gb)
    if "/event/" in a and "/event/" in b:
        da, db = rd.event(ox.NamedNode(a), ga), rd.event(ox.NamedNode(b), gb)
        if da is None or db is None:
            return identity.no("no time")
        facts = _pair_facts(rd, sa, sb)
        j = identity.judge_events(facts, da, db)
        if j.kind != "sameEventAs":
            return j
        # the nearest rule: among the two sources' events, each is the other's nearest such report
        events = {a: da, b: db}
        pairs = set()
        for x, gx, y, dy in ((a, ga, b, db), (b, gb, a, da)):
            for q in rd.st.quads_for_pattern(None, EVENT_TYPE, None, gx):
                e = q.subject.value
                d = rd.event(q.subject, gx)
                if e in events or d is None:
                    continue
                if identity.judge_events(facts, d, dy).kind == "sameEventAs":
                    events[e] = d
                    pairs.add((e, y) if x == a else (y, e))
        pairs.add((a, b))
        events = {k: {**v, "own": v["source"] == sa} for k, v in events.items()}
        return j if (a, b) in _nearest_reports(events, pairs) else identity.no("not the nearest report")
    if "/event/" in a or "/event/" in b:
        return identity.no("an event and an entity")
    da, db = rd.entity(ox.NamedNode(a), ga), rd.entity(ox.NamedNode(b), gb)
    if da is None or db is None:
        return identity.no("not an entity")
    if rd.is_anonymous(a) and rd.is_anonymous(b):
        return _judge_unnamed(rd, a, ga, b, gb)
    return identity.judge_entities(da, db, share_a_state=rd.share_a_state(sa, sb))


def _pair_facts(rd: Reader, sa: str, sb: str) -> Facts:
    def same_entity(x: str, y: str) -> bool:
        gx, gy = _graph_of(x), _graph_of(y)
        if gx is None or gy is None or gx == gy:
            return False
        dx, dy = rd.entity(ox.NamedNode(x), gx), rd.entity(ox.NamedNode(y), gy)
        return (
            dx is not None
            and dy is not None
            and bool(
                identity.judge_entities(
                    dx, dy, share_a_state=rd.share_a_state(source_of_graph(gx), source_of_graph(gy))
                )
            )
        )

    return Facts(
        type_compatible=rd.type_compatible,
        place_compatible=rd.place_compatible,
        is_specific_actor=rd.is_specific_actor,
        is_specific_place=rd.is_specific_place,
        same_entity=same_entity,
    )


def _judge_unnamed(rd: Reader, a: str, ga, b: str, gb) -> Judgment:
    """Two unnamed actors: one when they are the one unnamed actor in a role of two linked events."""
    facts = _pair_facts(rd, source_of_graph(ga), source_of_graph(gb))
    events_a = {q.subject for _, p in ROLE_PROPS for q in rd.st.quads_for_pattern(None, p, ox.NamedNode(a), ga)}
    events_b = {q.subject for _, p in ROLE_PROPS for q in rd.st.quads_for_pattern(None, p, ox.NamedNode(b), gb)}
    found: dict[Pair, Judgment] = {}
    for ea in sorted(events_a, key=str):
        da = rd.event(ea, ga)
        for eb in sorted(events_b, key=str):
            db = rd.event(eb, gb)
            if da is not None and db is not None and identity.judge_events(facts, da, db).kind == "sameAs":
                _link_unnamed(rd, found, ea.value, da, eb.value, db)
    return found.get(_pair(a, b), identity.no("no linked event"))


def source_links(store: KGStore, source_ids: Collection[str]) -> list[ox.Quad]:
    """The identity triples (``owl:sameAs``, ``kg:sameEventAs``) of the nodes of ``source_ids`` in
    the resolution graph.

    Found from the nodes each source's graph holds now (its minted subjects), a few index reads per
    node, so the cost follows the sources, not the resolution graph. Call it before a source's graph
    is replaced: the identity of its old nodes goes with it at once, and :func:`resolve_sources`
    then computes the clusters those nodes were in again (it finds them through the
    kg:IdentityLink records, which stay until then and name the source)."""
    st, res = store.oxigraph, _RES_GRAPH
    out: dict[ox.Quad, None] = {}
    for sid in sorted(set(source_ids)):
        prefix = iri.source_prefix(sid)
        nodes = {
            q.subject
            for q in st.quads_for_pattern(None, None, None, graph_node(sid))
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)
        }
        for node in sorted(nodes, key=str):
            for p in (_SAME_AS, _SAME_EVENT):
                out.update(dict.fromkeys(st.quads_for_pattern(node, p, None, res)))
                out.update(dict.fromkeys(st.quads_for_pattern(None, p, node, res)))
    return list(out)


def retraction_changes(store: KGStore, source_id: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) in the resolution graph when ``source_id`` is retracted,
    computed while its graph is still there: its links go, and the clusters it was in are computed
    again without it (a cluster it held together may fall apart)."""
    return _changes(store, [source_id], gone=[source_id])


def forget_links(store: KGStore, source_id: str) -> None:
    """Remove the links of a source (while its graph is still there) and put its clusters right, in
    one transaction."""
    delete, insert = retraction_changes(store, source_id)
    store.replace_graphs(delete=delete, insert=insert)


def resolve_sources(store: KGStore, source_ids: list[str]) -> int:
    """Recompute the clusters of sources just written, in one transaction; returns how many identity
    links (kg:IdentityLink records) it wrote anew or changed.

    Sources an earlier write left awaiting their links (:func:`awaiting_quad`) are resolved with
    them, and every marker of the resolved sources goes in the same transaction.

    The result does not depend on the order the sources came in: each pair is judged on what its
    two sources say, and a cluster keeps the same spanning tree whatever order its pairs were found in."""
    ids = sorted(set(source_ids) | set(awaiting_links(store)))  # with any an earlier write left unlinked
    delete, insert = _changes(store, ids)
    markers = [q for sid in ids for q in store.oxigraph.quads_for_pattern(graph_node(sid), _AWAITS, None, _META)]
    store.replace_graphs(delete=[*delete, *markers], insert=insert)
    return sum(1 for q in insert if q.predicate == _LINK_PROP)  # (the links new or changed)


def resolve_source(store: KGStore, source_id: str) -> int:
    """Recompute the clusters of one source (after it was written), in one transaction."""
    return resolve_sources(store, [source_id])


def _pair(a: str, b: str) -> Pair:
    """Two IRIs in their stored order (smaller first)."""
    return (a, b) if a <= b else (b, a)

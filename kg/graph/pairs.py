"""Which nodes of a source are one with nodes of other sources: the pairs, each judged on what its
two sources say (the rules are in :mod:`kg.graph.identity`, the reading in :mod:`kg.graph.candidates`).

:func:`find_pairs` finds a source's pairs from candidates read through the store's indexes
(entities that carry one of its names, events that share a specific participant or place with one of
its events), so the cost follows the source, not the store; :func:`judge_pair` judges one pair
again as :func:`find_pairs` would (when a cluster that a change split is joined again). What is
kept of the pairs, and how, is :mod:`kg.graph.trees`' and :mod:`kg.graph.resolve`'s job.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeGuard

import pyoxigraph as ox

from kg import iri
from kg.graph import identity
from kg.graph.candidates import EVENT_TYPE, LABEL, ROLE_PROPS, Reader, graph_node, source_of_graph
from kg.graph.clusters import Pair
from kg.graph.identity import Facts, Judgment
from kg.graph.store import KGStore, to_ox
from kg.vocab import KG, OWL, RESOLUTION_GRAPH

_SAME_AS, _RES_GRAPH = to_ox(OWL.sameAs), to_ox(RESOLUTION_GRAPH)


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


def _facts(rd: Reader, entity_pairs: dict[Pair, Judgment], members: Collection[Pair] = ()) -> Facts:
    linked = {p for p, j in entity_pairs.items() if j} | set(members)
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
        for (a, b), j in find_pairs(Reader(store), source_id, skip=frozenset()).items()
    }


def find_pairs(rd: Reader, source_id: str, *, skip: Collection) -> dict[Pair, Judgment]:
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
    candidates = {
        label: [(e, g) for e, g in rd.holders(label, LABEL) if g != graph and g not in skip] for label in labels
    }
    # no pair can come of a source with no state in common (most candidates of a common name stop here, unread)
    sharing = rd.sharing_graphs(source_id, {g for found in candidates.values() for _, g in found})
    # the candidates by cluster: each is judged through its cluster's representative, not one by one
    # (see judge_clusters), so what is read and judged follows the clusters, not their members
    judged, linked = judge_clusters(rd, source_id, ents, candidates, sharing, skip=skip)
    facts = _facts(rd, judged, linked)
    # events
    events: dict[str, dict] = {}
    for e in sorted({q.subject for q in st.quads_for_pattern(None, EVENT_TYPE, None, graph)}, key=str):
        d = rd.event(e, graph)
        if d is not None:
            events[e.value] = {**d, "own": True}
    own_types = {d["type"] for d in events.values()}
    # candidates share a participant or place that is not a state (one of ours, or a partner of one of ours)
    partners = {b if a.startswith(iri.source_prefix(source_id)) else a for a, b in linked}
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

    held = {
        (e, g)
        for x in shared
        for e, g, types in rd.event_holders(ox.NamedNode(x))
        if g != graph and g not in skip and fits(types)
    }
    for e, g in sorted(held, key=str):
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
    for a, b in nearest_reports(events, other_date):
        judged[(a, b) if a < b else (b, a)] = other_date[(a, b)]
    return judged


def representative(st: ox.Store, node: ox.NamedNode) -> ox.NamedNode:
    """The representative a node points to in the resolution graph (itself when it points to none)."""
    for q in st.quads_for_pattern(node, _SAME_AS, None, _RES_GRAPH):
        if isinstance(q.object, ox.NamedNode):
            return q.object
    return node


def _named(d: dict | None) -> TypeGuard[dict]:
    return d is not None and not (d["generated"] or d["anon"])


def _blocked(a: dict, b: dict) -> bool:
    """Whether two entities share a name and their classes (only such pairs are judged)."""
    return a["cls"] == b["cls"] and not a["labels"].isdisjoint(b["labels"])


def judge_clusters(
    rd: Reader,
    source_id: str,
    ents: dict[str, dict],
    candidates: dict[ox.Literal, list[tuple]],
    sharing: Collection,
    *,
    skip: Collection,
) -> tuple[dict[Pair, Judgment], set[Pair]]:
    """(judged pairs, member pairs) of the source's named entities against the ``candidates`` (name
    -> other sources' entities with that name, as (node, graph)), judged by cluster.

    Each candidate is taken to its cluster's representative (one index read in the resolution
    graph; a node in no cluster is its own); each of our named entities is judged against the
    representative only, with the cluster's evidence of a shared state (one of its members that
    carry the name is in a ``sharing`` graph). So the entities read and the pairs judged follow the
    clusters, not their members, and a cluster of thousands of members costs one judgment:
    - joined: the pair (representative, entity) is judged; when the entity's IRI is smaller than the
      representative's (it becomes the cluster's representative, about once in k joins for a cluster
      of k) it is judged against every member instead, so the tree stays the star of the smallest;
    - a representative that does not carry the name and class (a cluster joined through a Wikidata
      id under another name) is not a summary of the name: its members that carry it are judged one
      by one, as before;
    - a veto against the representative holds for its cluster.
    The member pairs are (entity, member) for every member that carries the name in a sharing
    graph of a cluster the entity joined: what the event rule needs to know which participants are one.
    """
    st = rd.st
    graph = graph_node(source_id)
    own = [
        (n, d)
        for n, d in sorted(ents.items())
        if iri.source_id_of(n) == source_id and d["source"] == source_id and _named(d)
    ]
    judged: dict[Pair, Judgment] = {}
    linked: set[Pair] = set()
    if not own:
        return judged, linked
    labels = set().union(*(d["raw_labels"] for _, d in own))
    clusters: dict[str, dict[tuple, None]] = {}  # representative -> the candidates that led to it
    names: dict[str, set] = {}  # representative -> the names that led to it
    reps: dict = {}
    for label, found in candidates.items():
        for e, g in found:
            if not isinstance(e, ox.NamedNode) or g not in sharing:
                continue  # (no member with the name in a source that shares a state: nothing to judge)
            r = reps.get(e)
            if r is None:
                r = reps[e] = rd.representative(e)
                gr = _graph_of(r.value)
                if gr is None or gr == graph or gr in skip:
                    r = reps[e] = e  # (its representative is not there to judge with: the node stands alone)
            clusters.setdefault(r.value, {})[(e, g)] = None
            names.setdefault(r.value, set()).add(label)
    for rep, held in sorted(clusters.items()):
        shared = list(held)
        gr = _graph_of(rep)
        dr = rd.entity(ox.NamedNode(rep), gr) if gr is not None else None
        for n, dn in own:
            if names[rep].isdisjoint(dn["raw_labels"]):
                continue  # not one of its names
            if _judge_all or not _named(dr) or not _blocked(dn, dr):
                # not a summary of the name: the members that carry it, one by one
                for e, g in sorted(shared, key=str):
                    d = rd.entity(e, g, labels=labels)
                    if _named(d) and _blocked(dn, d):
                        j = identity.judge_entities(dn, d, share_a_state=True)
                        if j:
                            judged[ordered_pair(n, e.value)] = j
                            linked.add(ordered_pair(n, e.value))
                continue
            j = identity.judge_entities(dn, dr, share_a_state=True)
            if not j:
                continue  # a veto against the representative holds for its cluster
            if rep < n:
                judged[(rep, n)] = j
            else:  # the new representative: judged against every member, so the tree is its star
                for m in _members(st, rep):
                    gm = _graph_of(m)
                    if gm is None or gm == graph or gm in skip:
                        continue
                    dm = rd.entity(ox.NamedNode(m), gm)
                    if _named(dm) and _blocked(dn, dm):
                        jm = identity.judge_entities(dn, dm, share_a_state=True)
                        if jm:
                            judged[ordered_pair(n, m)] = jm
            linked.update(ordered_pair(n, e.value) for e, _ in shared)
    return judged, linked


def _members(st: ox.Store, rep: str) -> list[str]:
    """A cluster's members: its representative and the nodes that point to it (sorted)."""
    return sorted(
        {rep} | {q.subject.value for q in st.quads_for_pattern(None, _SAME_AS, ox.NamedNode(rep), _RES_GRAPH)}
    )


# judge every candidate one by one (the way before clusters were judged through their representative);
# for tests that compare the two
_judge_all = False


def _link_unnamed(rd: Reader, judged: dict[Pair, Judgment], a: str, da: dict, b: str, db: dict) -> None:
    """The one unnamed actor in a role of each of two linked events are one actor."""
    for role in sorted(set(da["roles"]) & set(db["roles"])):
        anon_a = [x for x in da["roles"][role] if rd.is_anonymous(x)]
        anon_b = [x for x in db["roles"][role] if rd.is_anonymous(x)]
        if len(anon_a) == 1 and len(anon_b) == 1:
            pair = ordered_pair(anon_a[0], anon_b[0])
            new, old = Judgment("sameAs", (identity.SAME_ROLE,), tuple(sorted((a, b)))), judged.get(pair)
            if old is None or (old.evidence == new.evidence and new.shared < old.shared):
                judged[pair] = new  # through the smallest pair of events, whichever source looks


def nearest_reports(events: dict[str, dict], pairs: Collection[Pair]) -> set[Pair]:
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


def _graph_of(node: str):
    sid = iri.source_id_of(node)
    return graph_node(sid) if sid else None


def judge_pair(rd: Reader, a: str, b: str, skip: Collection) -> Judgment:
    """One pair of minted nodes of two sources, judged as :func:`find_pairs` would judge it."""
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
        return j if (a, b) in nearest_reports(events, pairs) else identity.no("not the nearest report")
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
    return found.get(ordered_pair(a, b), identity.no("no linked event"))


def ordered_pair(a: str, b: str) -> Pair:
    """Two IRIs in their stored order (smaller first)."""
    return (a, b) if a <= b else (b, a)

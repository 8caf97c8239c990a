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

import pyoxigraph as ox

from kg import iri
from kg.graph import identity
from kg.graph.candidates import EVENT_TYPE, LABEL, ROLE_PROPS, Reader, graph_node, source_of_graph
from kg.graph.clusters import Pair
from kg.graph.identity import Facts, Judgment
from kg.graph.store import KGStore
from kg.vocab import KG, OWL


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
    candidates = {(e, g) for label in labels for e, g in rd.holders(label, LABEL) if g != graph and g not in skip}
    # no pair can come of a source with no state in common (most candidates of a common name stop here, unread)
    sharing = rd.sharing_graphs(source_id, {g for _, g in candidates})
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
                pair = ordered_pair(a, b)
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
    for a, b in nearest_reports(events, other_date):
        judged[(a, b) if a < b else (b, a)] = other_date[(a, b)]
    return judged


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

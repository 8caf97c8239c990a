"""Stories: groups of related events with their actors and places, found by community detection
(Louvain, networkx) on the graph of events and their participants. Claims, sources and entities
that take part in no event belong to no story."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kg.network.kind import Kind

__all__ = ["Story", "find_stories", "is_named"]

_SAME_SOURCE = 0.5  # weight of the link between two events of one source (a role link weighs 1)
_ROLES = ("agent", "patient", "place", "origin", "destination", "same event, other date")


@dataclass
class Story:
    """One community of the event-participant graph: its events, its actors and places, a title."""

    index: int
    title: str
    events: list = field(default_factory=list)
    members: list = field(default_factory=list)  # events first, then participants; node ids
    actors: list = field(default_factory=list)  # the best-linked participants, for the title
    links: list = field(default_factory=list)  # (u, v) pairs that hold the story together, for its layout


def _event_graph(g: nx.Graph) -> nx.Graph:
    """Events and their participants as a simple undirected graph, in ``g``'s node order."""
    h = nx.Graph()
    for n, d in g.nodes(data=True):
        if d.get("kind") == Kind.EVENT.value:
            h.add_node(n)
    for u, v, d in g.edges(data=True):
        if u == v or d.get("role") not in _ROLES:
            continue
        if g.nodes[u].get("kind") == Kind.EVENT.value or g.nodes[v].get("kind") == Kind.EVENT.value:
            w = h.get_edge_data(u, v, {}).get("weight", 0)
            h.add_edge(u, v, weight=w + 1)
    # events one source reports belong together more often than not: a weak link between an
    # event and the next one of the same source (a chain, not a clique: linear in the events)
    last: dict[str, object] = {}
    for n in list(h.nodes):
        if g.nodes[n].get("kind") != Kind.EVENT.value:
            continue
        for sid in sorted(_source_ids(g.nodes[n].get("sources"))):
            prev = last.get(sid)
            if prev is not None and not h.has_edge(prev, n):
                h.add_edge(prev, n, weight=_SAME_SOURCE)
            last[sid] = n
    return h


def _source_ids(items) -> set[str]:
    if not isinstance(items, (list, tuple)):
        return set()
    return {str(x["source_id"]) for x in items if isinstance(x, dict) and x.get("source_id")}


def find_stories(g: nx.Graph, *, seed: int = 7) -> list[Story]:
    """The stories of ``g``, biggest first: Louvain communities of the event-participant graph
    (deterministic for a given ``seed``). A participant linked to events of several stories joins
    the one it has most links in; communities without an event are not stories."""
    h = _event_graph(g)
    if h.number_of_nodes() == 0:
        return []
    order = {n: i for i, n in enumerate(g.nodes)}
    comms = nx.community.louvain_communities(h, weight="weight", seed=seed, resolution=1.0)
    stories = []
    for comm in comms:
        members = sorted(comm, key=lambda n: order[n])
        events = [n for n in members if g.nodes[n].get("kind") == Kind.EVENT.value]
        if not events:
            continue
        sub = h.subgraph(members)
        others = [n for n in members if n not in set(events)]
        others.sort(key=lambda n: (not is_named(g.nodes[n]), -sub.degree(n, weight="weight"), -h.degree(n), order[n]))
        types = Counter(_event_type(g.nodes[e]) for e in events)
        head = ", ".join(t for t, _ in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:2])
        actors = [str(g.nodes[n].get("label", n)) for n in others[:3]]
        title = head + (" \u2014 " + ", ".join(actors) if actors else "")
        links = sorted(((u, v) for u, v in sub.edges()), key=lambda e: (order[e[0]], order[e[1]]))
        stories.append(Story(index=0, title=title, events=events, members=events + others, actors=actors, links=links))
    stories.sort(key=lambda s: (-len(s.events), -len(s.members), order[s.events[0]]))
    for i, s in enumerate(stories):
        s.index = i
    return stories


def _event_type(d: dict) -> str:
    sub = d.get("subtype")
    if sub:
        return str(sub)
    return str(d.get("label", "event")).split(" \u00b7 ")[0]


def is_named(d: dict) -> bool:
    """An entity with a name (“Kim Jong Un”, “South Korea”) rather than a description
    (“a police spokesperson”): its label starts with a capital letter."""
    if d.get("kind") not in _NAMED_KINDS:
        return False
    label = str(d.get("label") or "").lstrip("\"'“‘(")
    return bool(label) and label[0].isupper()


_NAMED_KINDS = {k.value for k in (Kind.PERSON, Kind.STATE, Kind.ORGANIZATION, Kind.GROUP, Kind.PLACE)}

"""Selection: a readable piece cut out of a network (filters, a focus and its neighbourhood, the
most central nodes when too many remain), and what was left out of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import re
from datetime import date, timedelta

import networkx as nx

from kg.errors import UsageError
from kg.network.kind import Kind

__all__ = ["Selection", "event_dates", "find_nodes", "select_subgraph"]


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


def event_dates(d: dict) -> tuple[date, date] | None:
    """The first and last day an event's date covers: ``date_begin``/``date_end`` when the store
    gave them, else ``date`` at its precision (``2024`` covers the year, ``2024-03`` the month)."""
    begin, end = d.get("date_begin"), d.get("date_end")
    if begin and end:
        try:
            b, e = date.fromisoformat(str(begin)[:10]), date.fromisoformat(str(end)[:10])
            return (b, max(b, e))
        except ValueError:
            pass
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(d.get("date") or "").strip())
    if not m:
        return None
    y, mo, dd = int(m.group(1)), m.group(2), m.group(3)
    try:
        if dd:
            return (date(y, int(mo), int(dd)),) * 2
        if mo:
            return (date(y, int(mo), 1), date(y + (int(mo) == 12), int(mo) % 12 + 1, 1) - timedelta(days=1))
        return (date(y, 1, 1), date(y, 12, 31))
    except ValueError:
        return None


def _in_range(d: dict, since: date | None, until: date | None) -> bool:
    span = event_dates(d)
    if span is None:
        return False
    return (since is None or span[1] >= since) and (until is None or span[0] <= until)


def _source_ids(items) -> set[str]:
    return {str(x["source_id"]) for x in items or () if isinstance(x, dict) and x.get("source_id")}


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


def _induced(g: nx.Graph, keep: set) -> nx.Graph:
    """The subgraph on ``keep``, a copy with nodes and edges in ``g``'s order (``g.subgraph`` would
    follow the set's order, which changes with the hash seed: the same input must give the same bytes)."""
    h = g.copy()
    h.remove_nodes_from([n for n in g if n not in keep])
    return h


def _linked_to_events_in_range(g: nx.Graph, keep: set, since: date | None, until: date | None) -> set:
    """The events of ``keep`` in the range and what they reach without passing through an event
    outside it (participants, their claims, nationalities...), plus the sources stating any of
    those. Whatever was linked only to events outside the range, or to nothing, goes."""
    event = Kind.EVENT.value
    inside = {n for n in keep if g.nodes[n].get("kind") == event and _in_range(g.nodes[n], since, until)}
    allowed = {n for n in keep if g.nodes[n].get("kind") not in (event, Kind.SOURCE.value)} | inside
    nbrs = _undirected_neighbours(g)
    reached = set(inside)
    stack = sorted(inside, key=str)
    while stack:
        for y in nbrs[stack.pop()]:
            if y in allowed and y not in reached:
                reached.add(y)
                if g.nodes[y].get("kind") != event:
                    stack.append(y)
    stated = set().union(*(_source_ids(g.nodes[n].get("sources")) for n in reached)) if reached else set()
    sources = {n for n in keep if g.nodes[n].get("kind") == Kind.SOURCE.value and g.nodes[n].get("source_id") in stated}
    return reached | sources


def select_subgraph(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 2,
    sources: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    max_nodes: int = 25_000,
) -> Selection:
    """Cut a readable piece out of ``g``.

    Filters apply first: ``types`` (node kinds), ``sources`` (source ids: nodes and edges that at
    least one of them states), ``since``/``until`` (events whose date overlaps the range; undated
    events are dropped, and so is whatever is linked only to dropped events or to nothing: what
    stays is reachable from an event in the range). Then ``focus`` (an IRI
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
            raise UsageError(
                f"no node is labelled {focus!r}", hint="give a label or IRI from the graph (kg query can list them)"
            )
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
        keep = {
            n
            for n in keep
            if _source_ids(g.nodes[n].get("sources")) & source_set or g.nodes[n].get("source_id") in source_set
        }
        notes.append("sources: " + ", ".join(sorted(source_set)))
    since_d, until_d = _as_date(since, "since"), _as_date(until, "until")
    if since_d or until_d:
        keep = _linked_to_events_in_range(g, keep, since_d, until_d) | (keep & set(seeds))
        notes.append(
            f"events {'from ' + since_d.isoformat() if since_d else ''}"
            f"{' ' if since_d and until_d else ''}{'until ' + until_d.isoformat() if until_d else ''}"
        )
    h = _induced(g, keep)
    if source_set:
        drop = [
            (u, v, k)
            for u, v, k, d in h.edges(keys=True, data=True)
            if d.get("sources") and not _source_ids(d["sources"]) & source_set
        ]
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
        h = _induced(h, reached)
        labels = sorted({str(g.nodes[s].get("label", s)) for s in seeds})
        notes.insert(
            0, f"within {_plural(hops, 'hop')} of {', '.join(labels[:3])}{' and others' if len(labels) > 3 else ''}"
        )
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
        h = _induced(h, set(kept))
    reason_parts = []
    if notes:
        reason_parts.append(
            "Filtered to " + "; ".join(notes) + f": {h.number_of_nodes() + omitted:,} of {total:,} nodes match."
        )
    if omitted:
        kinds = ", ".join(_plural(c, k) for k, c in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
        reason_parts.append(
            f"Showing the {h.number_of_nodes():,} most central nodes (PageRank); {omitted:,} left out "
            f"({kinds}). Narrow with a focus, types, sources or dates, or raise max_nodes to see more."
        )
    return Selection(
        graph=h,
        omitted_nodes=omitted,
        reason=" ".join(reason_parts),
        total_nodes=total,
        filtered_nodes=filtered,
        omitted_by_kind=by_kind,
        focus=seeds,
    )

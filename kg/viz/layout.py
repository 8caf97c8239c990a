"""Where nodes are drawn, computed here so that the browser draws at once: ``force`` lays each
story (a community of events and their participants) out on its own (a spring layout, pivot MDS
for big ones) and packs the stories apart, biggest first; ``timeline`` puts events on a true time
axis (a year-precision date is a band, a day a point), one lane per story, participants under
their events. Deterministic: same graph, same positions."""

from __future__ import annotations

import math
from collections import defaultdict, deque
from datetime import date
from enum import Enum

import networkx as nx

from kg.network import event_dates

__all__ = ["PRELAYOUT_MIN_NODES", "Layout"]

PRELAYOUT_MIN_NODES = 400  # from this size a graph counts as large: straight edges, hidden while dragging


class Layout(str, Enum):
    FORCE = "force"
    TIMELINE = "timeline"


def _text(v) -> str:
    return "" if v is None else str(v)


def _components(g: nx.Graph, ids: dict) -> tuple[dict, list[list]]:
    """Undirected neighbour sets and connected components (biggest first, deterministic)."""
    nbrs: dict = {n: set() for n in g}
    for u, v in g.edges():
        if u != v:
            nbrs[u].add(v)
            nbrs[v].add(u)
    seen: set = set()
    comps = []
    for start in sorted(g.nodes, key=lambda n: (-len(nbrs[n]), ids[n])):
        if start in seen:
            continue
        seen.add(start)
        order, q = [start], deque([start])
        while q:
            for y in nbrs[q.popleft()]:
                if y not in seen:
                    seen.add(y)
                    order.append(y)
                    q.append(y)
        comps.append(sorted(order, key=lambda n: ids[n]))
    comps.sort(key=lambda c: (-len(c), ids[c[0]]))
    return nbrs, comps


def _bfs(nbrs: dict, start) -> dict:
    dist = {start: 0}
    q = deque([start])
    while q:
        x = q.popleft()
        d = dist[x] + 1
        for y in nbrs[x]:
            if y not in dist:
                dist[y] = d
                q.append(y)
    return dist


def _pivot_mds(nbrs: dict, comp: list, *, pivots: int = 40):
    """Positions (in edge-length units) for one connected component by pivot MDS (Brandes &
    Pich 2006): graph distances from a few far-apart pivots, classical MDS on them. Needs numpy
    (installed with spaCy); returns None without it."""
    try:
        import numpy as np
    except ImportError:
        return None
    k = min(pivots, len(comp))
    index = {n: i for i, n in enumerate(comp)}
    dist = np.zeros((len(comp), k))
    nearest = np.full(len(comp), np.inf)
    pivot = max(comp, key=lambda n: len(nbrs[n]))
    for j in range(k):
        d = _bfs(nbrs, pivot)
        col = np.fromiter((d[n] for n in comp), dtype=float, count=len(comp))
        dist[:, j] = col
        nearest = np.minimum(nearest, col)
        pivot = comp[int(np.argmax(nearest))]  # the node farthest from every pivot so far
    sq = dist**2
    c = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1, keepdims=True) + sq.mean())
    u, sv, _ = np.linalg.svd(c, full_matrices=False)
    xy = u[:, :2] * sv[:2] if sv.shape[0] >= 2 else np.zeros((len(comp), 2))
    if xy.shape[1] < 2:
        xy = np.hstack([xy, np.zeros((len(comp), 1))])
    # scale so that the median edge is one unit long
    lengths = [
        float(np.hypot(*(xy[index[a]] - xy[index[b]]))) for a in comp[:2000] for b in nbrs[a] if index[b] > index[a]
    ]
    lengths = [x for x in lengths if x > 1e-9]
    scale = 1.0 / sorted(lengths)[len(lengths) // 2] if lengths else 1.0
    # small-world graphs crowd thousands of nodes into a few units: give each node about one
    # square unit of room, even if edges get longer
    spread = float(np.sqrt(xy[:, 0].var() + xy[:, 1].var())) * scale
    room = 0.6 * math.sqrt(len(comp))
    if spread > 1e-9 and spread < room:
        scale *= room / spread
    return {n: (float(xy[i, 0] * scale), float(xy[i, 1] * scale)) for n, i in index.items()}


def _radial(nbrs: dict, comp: list) -> dict:
    """Rings by breadth-first depth from the best-connected node (fallback without numpy)."""
    root = max(comp, key=lambda n: len(nbrs[n]))
    depth = _bfs(nbrs, root)
    rings: dict[int, list] = defaultdict(list)
    for n in comp:
        rings[depth[n]].append(n)
    out, radius = {}, 0.0
    for d, members in sorted(rings.items()):
        if d == 0:
            out[members[0]] = (0.0, 0.0)
            continue
        radius = max(radius + 1.5, len(members) / (2 * math.pi))
        for i, n in enumerate(members):
            a = 2 * math.pi * i / len(members) + d * 0.7
            out[n] = (radius * math.cos(a), radius * math.sin(a))
    return out


def _spring(g: nx.Graph, nodes: list, links: list, ids: dict) -> dict:
    """Positions for one story (in units of about one edge): networkx's spring layout (numpy),
    pivot MDS above 400 nodes, rings without numpy. ``links`` hold the story together besides
    the edges of ``g`` among its nodes."""
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from((u, v) for u, v in g.subgraph(nodes).edges() if u != v)
    sub.add_edges_from((u, v) for u, v in links if u in sub and v in sub and u != v)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    nbrs, comps = _components(sub, ids)
    try:
        if len(nodes) > 400:
            raise ImportError("big story: pivot MDS")
        raw = nx.spring_layout(sub, seed=7, iterations=80, k=1.0 / math.sqrt(len(nodes)))
        spread = math.sqrt(len(nodes)) * 1.25
        return {n: (float(p[0]) * spread, float(p[1]) * spread) for n, p in raw.items()}
    except ImportError:
        out: dict = {}
        x0 = 0.0
        for comp in comps:
            local = (_pivot_mds(nbrs, comp) if len(comp) > 2 else None) or _radial(nbrs, comp)
            xs = [p[0] for p in local.values()]
            for n, (x, y) in local.items():
                out[n] = (x0 + x - min(xs), y)
            x0 += max(xs) - min(xs) + 1.5
        return out


def story_positions(g: nx.Graph, blocks: list[list], ids: dict, links: list[list] | None = None, spacing: float = 95.0):
    """Each block (a story's shown members; the last may be loose nodes) laid out on its own and
    the blocks packed in rows, biggest first. Returns positions and each block's box
    ``(left, top, right, bottom)`` in page units."""
    cells = []
    for i, nodes in enumerate(blocks):
        local = _spring(g, nodes, links[i] if links and i < len(links) else [], ids)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        # room for labels and the heading
        w, h = max(max(xs) - min(xs) + 2.4, 4.4), max(ys) - min(ys) + 2.6
        cells.append((w, h, {n: (x - cx, y - cy) for n, (x, y) in local.items()}))
    area = sum(w * h for w, h, _ in cells)
    width = max(math.sqrt(area * 1.7), max((w for w, _, _ in cells), default=0.0))  # a landscape page
    pos: dict = {}
    boxes = []
    x = y = row_h = 0.0
    for w, h, local in cells:
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h + 0.6, 0.0
        cx, cy = x + w / 2, y + h / 2 + 0.3
        for n, (px, py) in local.items():
            pos[n] = ((cx + px) * spacing, (cy + py) * spacing)
        boxes.append((x * spacing, y * spacing, (x + w) * spacing, (y + h) * spacing))
        x += w + 0.6
        row_h = max(row_h, h)
    return pos, boxes


_EPOCH = date(1970, 1, 1).toordinal()


def day_number(value) -> int | None:
    """Days since 1970-01-01 of an ISO date (its first ten characters), or None."""
    try:
        return date.fromisoformat(_text(value)[:10]).toordinal() - _EPOCH
    except ValueError:
        return None


def event_span(d: dict) -> tuple[int, int] | None:
    """The days an event's date covers (first, last), as day numbers (see :func:`day_number`)."""
    span = event_dates(d)
    return None if span is None else (span[0].toordinal() - _EPOCH, span[1].toordinal() - _EPOCH)


def _ticks(lo: int, hi: int, x_of) -> list[dict]:
    """Axis ticks: years, months or days, whichever gives a readable number of them."""
    first, last = date.fromordinal(lo + _EPOCH), date.fromordinal(hi + _EPOCH)
    out = []
    if hi - lo > 3 * 365:
        for y in range(first.year, last.year + 2):
            out.append({"x": x_of(date(y, 1, 1).toordinal() - _EPOCH), "label": str(y)})
    elif hi - lo > 75:
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month + 1):
            out.append({"x": x_of(date(y, m, 1).toordinal() - _EPOCH), "label": f"{y}-{m:02d}"})
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        step = 1 if hi - lo <= 14 else 7
        for k in range(lo, hi + 2, step):
            out.append({"x": x_of(k), "label": date.fromordinal(k + _EPOCH).isoformat()})
    return out


_ROW = 70.0


def timeline_positions(g: nx.Graph, lanes: list[list], ids: dict, width: float | None = None):
    """Events on a true time axis (x: the middle of the days their date covers), one lane per
    block of nodes (a story), rows inside a lane so that no two events overlap; participants
    below their events, at the mean x of the events they are linked to. Undated events stand in a
    column right of the axis. Returns positions, pinned events, ticks, bands (x0, x1 per event
    whose date covers more than a day) and each lane's ``(top, bottom, label x)``."""
    spans = {}
    for nodes in lanes:
        for n in nodes:
            if g.nodes[n].get("kind") == "event":
                sp = event_span(g.nodes[n])
                if sp:
                    spans[n] = sp
    lo = min((s[0] for s in spans.values()), default=0)
    hi = max((s[1] for s in spans.values()), default=0)
    n_events = sum(1 for nodes in lanes for n in nodes if g.nodes[n].get("kind") == "event")
    width = width or min(14000.0, max(1400.0, 90.0 * n_events))
    per_day = width / max(hi - lo + 1, 1)

    def x_of(day: float) -> float:
        return round((day - lo) * per_day, 1)

    undated_x = x_of(hi + 1) + 260.0
    pos: dict = {}
    pinned: set = set()
    bands: dict = {}
    lane_boxes = []
    y = 0.0
    for nodes in lanes:
        events = [n for n in nodes if g.nodes[n].get("kind") == "event"]
        others = [n for n in nodes if n not in set(events)]
        rows: list[float] = []  # per row: the right edge of the last event placed in it
        top = y
        for n in sorted(events, key=lambda n: (spans.get(n, (hi + 10**6,))[0], ids[n])):
            if n in spans:
                b, e = spans[n]
                x = x_of((b + e + 1) / 2)
                if e > b:
                    bands[n] = (x_of(b), x_of(e + 1))
            else:
                x = undated_x
            r = next((i for i, right in enumerate(rows) if x - right >= 150.0), len(rows))
            if r == len(rows):
                rows.append(-1e18)
            rows[r] = x
            pos[n] = (x, y + r * _ROW)
            pinned.add(n)
        y += max(len(rows), 1) * _ROW
        prow: list[float] = []
        for n in sorted(others, key=lambda n: ids[n]):
            xs = [pos[m][0] for m in nx.all_neighbors(g, n) if m in pinned]
            x = sum(xs) / len(xs) if xs else x_of(lo)
            r = next((i for i, right in enumerate(prow) if x - right >= 150.0), len(prow))
            if r == len(prow):
                prow.append(-1e18)
            prow[r] = x
            pos[n] = (x, y + 20.0 + r * _ROW * 0.8)
        y += 20.0 + len(prow) * _ROW * 0.8 + 90.0
        lane_boxes.append((top - 45.0, y - 70.0))
    ticks = _ticks(lo, hi, x_of) if spans else []
    if any(n not in spans for nodes in lanes for n in nodes if g.nodes[n].get("kind") == "event"):
        ticks.append({"x": undated_x, "label": "date unknown"})
    return pos, pinned, ticks, bands, lane_boxes

"""Where nodes start: ``force`` leaves the layout to vis-network's physics, seeded here for graphs
above :data:`PRELAYOUT_MIN_NODES` nodes (pivot MDS per connected component); ``timeline`` pins
events left to right by date. Deterministic: same graph, same positions."""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict, deque
from enum import Enum

import networkx as nx

__all__ = ["PRELAYOUT_MIN_NODES", "Layout"]

PRELAYOUT_MIN_NODES = 400  # above this, positions are seeded in Python


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


def seed_positions(g: nx.Graph, ids: dict, spacing: float = 90.0) -> dict:
    """Starting positions for large graphs, so the browser only has to refine them: each
    connected component by pivot MDS (radial rings without numpy), small ones on circles,
    components packed in rows, biggest first. Deterministic: same graph, same positions."""
    nbrs, comps = _components(g, ids)
    rnd = random.Random(7)
    cells = []
    for comp in comps:
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        elif len(comp) <= 12:
            r = max(1.0, len(comp) / (2 * math.pi))
            local = {
                n: (r * math.cos(2 * math.pi * i / len(comp)), r * math.sin(2 * math.pi * i / len(comp)))
                for i, n in enumerate(comp)
            }
        else:
            local = _pivot_mds(nbrs, comp) or _radial(nbrs, comp)
            # nodes at the same graph distances from every pivot land on one point: spread them
            local = {n: (x + rnd.uniform(-0.35, 0.35), y + rnd.uniform(-0.35, 0.35)) for n, (x, y) in local.items()}
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        r = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 1.0
        cells.append((r, {n: (x - cx, y - cy) for n, (x, y) in local.items()}))
    area = sum((2 * r) ** 2 for r, _ in cells)
    width = max(math.sqrt(area) * 1.2, 2 * cells[0][0]) if cells else 0.0
    pos: dict = {}
    x = y = row_h = 0.0
    for r, local in cells:
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (px, py) in local.items():
            pos[n] = ((x + r + px) * spacing, (y + r + py) * spacing)
        x += 2 * r
        row_h = max(row_h, 2 * r)
    if pos:
        mx = sum(p[0] for p in pos.values()) / len(pos)
        my = sum(p[1] for p in pos.values()) / len(pos)
        pos = {n: (p[0] - mx, p[1] - my) for n, p in pos.items()}
    return pos


def _date_key(value: str) -> str | None:
    v = _text(value).strip()
    m = re.match(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", v)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


_MAX_COLUMNS = 24
_MAX_STACK = 30  # events stacked in one timeline column before a new lane starts
_LANE = 90.0


def timeline_positions(g: nx.Graph, ids: dict, col: float = 240.0, row: float = 110.0):
    """Events pinned left to right by date, one column per distinct date (per month or per year
    when there are more than :data:`_MAX_COLUMNS` dates); undated events in a last column.
    Everything else starts near the events it is linked to and is left to the physics."""
    events = [n for n, d in g.nodes(data=True) if d.get("kind") == "event"]
    keyed, undated = {}, []
    for n in events:
        d = g.nodes[n]
        key = _date_key(_text(d.get("date_begin") or d.get("date")))
        if key:
            keyed[n] = key
        else:
            undated.append(n)
    width = 10  # YYYY-MM-DD
    if len(set(keyed.values())) > _MAX_COLUMNS:
        width = 7 if len({k[:7] for k in keyed.values()}) <= _MAX_COLUMNS else 4
    by_col: dict[str, list] = defaultdict(list)
    for n, key in keyed.items():
        by_col[key[:width]].append(n)
    columns = sorted(by_col)
    ticks, pos, pinned = [], {}, set()
    x = 0.0

    def place(members: list, label: str) -> None:
        # a crowded date gets several sub-columns rather than one endless stack
        nonlocal x
        lanes = max(1, math.ceil(len(members) / _MAX_STACK))
        per_lane = math.ceil(len(members) / lanes)
        ticks.append({"x": x + (lanes - 1) * _LANE / 2, "label": label})
        for j, n in enumerate(members):
            lane, k = divmod(j, per_lane)
            height = min(per_lane, len(members) - lane * per_lane)
            pos[n] = (x + lane * _LANE, (k - (height - 1) / 2) * row)
            pinned.add(n)
        x += (lanes - 1) * _LANE + col

    for key in columns:
        members = sorted(by_col[key], key=lambda n: (keyed[n], ids[n]))
        if width == 10:
            labels = sorted({_text(g.nodes[n].get("date")) for n in members} - {""})
            label = " / ".join(labels)[:40] or key
        else:
            label = key
        place(members, label)
    if undated:
        place(sorted(undated, key=lambda n: ids[n]), "date unknown")
    rnd = random.Random(7)
    tallest = min(max([len(v) for v in by_col.values()] + [len(undated), 1]), _MAX_STACK)
    right = max(x - col, 0.0)
    for n in g.nodes:
        if n in pos:
            continue
        xs = [pos[m][0] for m in nx.all_neighbors(g, n) if m in pinned]
        cx = sum(xs) / len(xs) if xs else rnd.uniform(-col / 2, right + col / 2)
        sign = -1 if rnd.random() < 0.5 else 1
        pos[n] = (cx + rnd.uniform(-col / 3, col / 3), sign * (row * tallest / 2 + rnd.uniform(60, 260)))
    unit = {10: "date", 7: "month", 4: "year"}[width]
    return pos, pinned, ticks, unit

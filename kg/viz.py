"""networkx -> one self-contained, offline, safe HTML page (the only module that knows pyvis).

The page is written here, not by pyvis's template: pyvis links Bootstrap from a CDN even in
``in_line`` mode and its tooltip-link mode writes titles with ``innerHTML``. What kg takes from
pyvis is the vis-network 9 bundle it ships (``pyvis/templates/lib/vis-9.1.2``), inlined.

Safety: labels, sentences and metadata come from articles and are untrusted. They travel as JSON
inside ``<script type="application/json">`` (with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped)
and the page builds its DOM with ``textContent``; a URL becomes a link only when it is http(s).
A Content-Security-Policy allows only the page's own scripts (by hash) and no network access, so
even a missed escape could neither run injected code nor fetch anything.

Layout: ``force`` lets vis-network's physics settle for a bounded number of iterations, then
switches physics off; graphs above :data:`PRELAYOUT_MIN_NODES` nodes start from positions
computed here so that the browser only refines them. ``timeline`` pins events left to right by
date (ordinal spacing: one column per distinct date, or per month or year when there are many)
and lets the actors settle around them. Nodes without links are shelved in rows under the graph.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import math
import random
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.network import Selection

__all__ = ["Layout", "VizReport", "KIND_STYLES", "write_html", "PRELAYOUT_MIN_NODES"]

PRELAYOUT_MIN_NODES = 400  # above this, positions are seeded in Python
_LARGE_EDGES = 1500  # above this, straight edges and edges hidden while dragging/zooming


class Layout(str, Enum):
    FORCE = "force"
    TIMELINE = "timeline"


@dataclass
class VizReport:
    nodes: int
    edges: int
    bytes: int
    path: Path
    layout: Layout = Layout.FORCE
    seconds: float = 0.0
    omitted_nodes: int = 0


@dataclass(frozen=True)
class _Style:
    color: str
    shape: str
    name: str
    text_inside: bool = False
    font_color: str = "#1a202c"


# Okabe-Ito based: distinguishable with the common colour-vision deficiencies; shape repeats the cue.
KIND_STYLES: dict[str, _Style] = {
    "person": _Style("#0072B2", "dot", "Person"),
    "state": _Style("#D55E00", "diamond", "State"),
    "organization": _Style("#CC79A7", "square", "Organization"),
    "group": _Style("#56B4E9", "triangle", "Group"),
    "place": _Style("#009E73", "hexagon", "Place"),
    "event": _Style("#E69F00", "star", "Event"),
    "claim": _Style("#8C6D1F", "triangleDown", "Claim"),
    "source": _Style("#3C4A5C", "box", "Source article", True, "#ffffff"),
    "mention": _Style("#A0AEC0", "dot", "Mention (text span)"),
    "context": _Style("#718096", "box", "Source text", True, "#ffffff"),
    "time": _Style("#F0E442", "ellipse", "Time expression", True, "#1a202c"),
    "other": _Style("#999999", "dot", "Other"),
}

# Small SVG drawings of each vis shape, for the legend (constant markup, no data in it).
_SWATCH = {
    "dot": '<circle cx="9" cy="9" r="7"/>',
    "diamond": '<polygon points="9,1 17,9 9,17 1,9"/>',
    "square": '<rect x="2" y="2" width="14" height="14"/>',
    "triangle": '<polygon points="9,1 17,16 1,16"/>',
    "triangleDown": '<polygon points="1,2 17,2 9,17"/>',
    "hexagon": '<polygon points="5,2 13,2 17,9 13,16 5,16 1,9"/>',
    "star": '<polygon points="9,1 11.4,6.3 17,6.8 12.8,10.6 14,16.2 9,13.3 4,16.2 5.2,10.6 1,6.8 6.6,6.3"/>',
    "box": '<rect x="1" y="4" width="16" height="10" rx="2"/>',
    "ellipse": '<ellipse cx="9" cy="9" rx="8" ry="5"/>',
}

_VIS_DIR = "templates/lib/vis-9.1.2"


@lru_cache(maxsize=1)
def _vis_js() -> str:
    """vis-network's standalone bundle from the pyvis package, ready to inline."""
    try:  # find_spec locates the package without importing it (pyvis imports jinja2 and more)
        spec = importlib.util.find_spec("pyvis")
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("pyvis")
        path = Path(list(spec.submodule_search_locations)[0]) / _VIS_DIR / "vis-network.min.js"
        text = path.read_text(encoding="utf-8")
    except (ImportError, OSError) as e:
        raise UsageError("cannot find vis-network inside the pyvis package",
                         hint="reinstall kg's dependencies (pip install 'pyvis==0.3.2')") from e
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    return _script_safe(text)


def _script_safe(js: str) -> str:
    """JS text that cannot close or confuse the <script> element holding it."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _json_for_script(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _darker(hex_color: str, f: float = 0.7) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * f), int(g * f), int(b * f))


def _text(v) -> str:
    return "" if v is None else str(v)


# -- data for the page -------------------------------------------------------------------------


class _Sources:
    """Source records shared by index, so each node lists small numbers, not copies."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.index: dict[str, int] = {}

    def add(self, rec: dict) -> int:
        key = _text(rec.get("source_id")) or json.dumps(rec, sort_keys=True, default=str)
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append({k: _text(rec.get(k)) for k in ("source_id", "title", "url", "published", "publisher")})
        return self.index[key]


def _segments(sentence: str, start: int, marks) -> list[list]:
    """Split a sentence into [text, is_marked] runs; marks are document offsets (code points)."""
    spans = []
    for mk in marks or ():
        try:
            b, e = int(mk[0]) - start, int(mk[1]) - start
        except (TypeError, ValueError, IndexError):
            continue
        b, e = max(0, b), min(len(sentence), e)
        if b < e:
            spans.append((b, e))
    spans.sort()
    merged: list[list[int]] = []
    for b, e in spans:
        if merged and b <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([b, e])
    out, at = [], 0
    for b, e in merged:
        if b > at:
            out.append([sentence[at:b], 0])
        out.append([sentence[b:e], 1])
        at = e
    if at < len(sentence):
        out.append([sentence[at:], 0])
    return out


def _evidence(items, sources: _Sources) -> list[dict]:
    out = []
    for ev in _records(items):
        sentence = _text(ev.get("sentence"))
        start = ev.get("sentence_begin")
        marks = ev.get("marks") or ([[ev["begin"], ev["end"]]] if "begin" in ev and "end" in ev else [])
        if not isinstance(start, int):
            anchor = _text(ev.get("anchor"))
            at = sentence.find(anchor) if anchor else -1
            start, marks = 0, ([[at, at + len(anchor)]] if at >= 0 else [])
        b, e = ev.get("begin"), ev.get("end")
        rec = {"s": sources.add(ev), "t": _segments(sentence, start, marks)}
        if isinstance(b, int) and isinstance(e, int):
            rec["b"], rec["e"] = b, e
        out.append(rec)
    return out


def _records(value) -> list:
    """A list attribute, also when it was stored as JSON text (a graph read back from GraphML)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [x for x in value if isinstance(x, dict)] if isinstance(value, (list, tuple)) else []


def _source_refs(items, sources: _Sources) -> list[int]:
    return sorted({sources.add(s) for s in _records(items)})


def _node_size(degree: int) -> float:
    return round(min(10 + 5 * math.sqrt(degree), 48), 1)


def _as_selection(obj) -> Selection:
    if isinstance(obj, Selection):
        return obj
    if isinstance(obj, nx.Graph):
        return Selection(graph=obj, total_nodes=obj.number_of_nodes())
    raise UsageError(f"cannot draw a {type(obj).__name__}", hint="pass a networkx graph or a kg.network.Selection")


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
    sq = dist ** 2
    c = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1, keepdims=True) + sq.mean())
    u, sv, _ = np.linalg.svd(c, full_matrices=False)
    xy = u[:, :2] * sv[:2] if sv.shape[0] >= 2 else np.zeros((len(comp), 2))
    if xy.shape[1] < 2:
        xy = np.hstack([xy, np.zeros((len(comp), 1))])
    # scale so that the median edge is one unit long
    lengths = [float(np.hypot(*(xy[index[a]] - xy[index[b]]))) for a in comp[:2000] for b in nbrs[a] if index[b] > index[a]]
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


def _seed_positions(g: nx.Graph, ids: dict, spacing: float = 90.0) -> dict:
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
            local = {n: (r * math.cos(2 * math.pi * i / len(comp)), r * math.sin(2 * math.pi * i / len(comp)))
                     for i, n in enumerate(comp)}
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


def _timeline_positions(g: nx.Graph, ids: dict, col: float = 240.0, row: float = 110.0):
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


def _page_data(sel: Selection, title: str, layout: Layout) -> dict:
    g = sel.graph
    ids = {n: i for i, n in enumerate(g.nodes)}
    n_nodes, n_edges = g.number_of_nodes(), g.number_of_edges()
    sources = _Sources()
    pos: dict = {}
    pinned: set = set()
    ticks: list = []
    unit = ""
    if layout is Layout.TIMELINE:
        pos, pinned, ticks, unit = _timeline_positions(g, ids)
    elif n_nodes >= PRELAYOUT_MIN_NODES:
        pos = _seed_positions(g, ids)
    nodes = []
    degree = dict(g.degree())
    for n, d in g.nodes(data=True):
        kind = _text(d.get("kind")) or "other"
        if kind not in KIND_STYLES:
            kind = "other"
        full = _text(d.get("label")) or _text(n)
        rec = {"id": ids[n], "label": full, "kind": kind, "size": _node_size(degree.get(n, 0)),
               "deg": degree.get(n, 0)}
        for key in ("subtype", "iri", "date", "text"):
            if d.get(key):
                rec[key] = _text(d[key])
        if kind == "source":
            for key in ("source_id", "url", "published", "publisher"):
                if d.get(key):
                    rec[key] = _text(d[key])
        src = _source_refs(d.get("sources"), sources)
        if src:
            rec["src"] = src
        ev = _evidence(d.get("evidence"), sources)
        if ev:
            rec["ev"] = ev
        if n in pos:
            rec["x"], rec["y"] = round(pos[n][0], 1), round(pos[n][1], 1)
        if n in pinned:
            rec["fixed"] = 1
        nodes.append(rec)
    edges = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        rec = {"id": i, "from": ids[u], "to": ids[v], "role": _text(d.get("role"))}
        src = _source_refs(d.get("sources"), sources)
        if src:
            rec["src"] = src
        ev = _evidence(d.get("evidence"), sources)
        if ev:
            rec["ev"] = ev
        edges.append(rec)
    large = n_nodes >= PRELAYOUT_MIN_NODES or n_edges > _LARGE_EDGES
    # vis-network's Barnes-Hut costs about (nodes + edges) * 6 us per iteration on a 2-core
    # machine: keep the browser's share of the layout near two seconds whatever the size.
    iterations = max(15, min(250, 300_000 // max(n_nodes + n_edges, 1)))
    options = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150 and not pos},
        "physics": {
            "enabled": n_nodes > 0,
            "solver": "barnesHut",
            # small graphs: more pull to the centre, so that loose nodes do not drift off and
            # shrink everything else when the view fits the whole graph
            "barnesHut": {"gravitationalConstant": -10000 if n_nodes > 150 else -6000,
                          "centralGravity": 0.2 if n_nodes > 150 else 0.5, "springLength": 150 if n_nodes > 150 else 110,
                          "springConstant": 0.03, "damping": 0.4, "avoidOverlap": 0.4},
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 10, "fit": True},
        },
        "interaction": {"hover": not large, "tooltipDelay": 200, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "navigationButtons": False, "keyboard": False,
                        "multiselect": False},
        "nodes": {"borderWidth": 1.5, "borderWidthSelected": 3,
                  "scaling": {"label": {"enabled": False, "drawThreshold": 4, "maxVisible": 28}},
                  "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1a202c",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "width": 1.2,
                  "selectionWidth": 2, "smooth": False if large else {"type": "continuous", "roundness": 0.3},
                  "color": {"color": "#9aa5b1", "highlight": "#1a202c", "hover": "#4a5568", "inherit": False},
                  "font": {"size": 12, "face": "system-ui, sans-serif", "color": "#4a5568", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "align": "middle"}},
    }
    kinds_present = sorted({r["kind"] for r in nodes}, key=list(KIND_STYLES).index)
    styles = {k: {"color": s.color, "border": _darker(s.color), "shape": s.shape, "name": s.name,
                  "inside": s.text_inside, "font": s.font_color} for k, s in KIND_STYLES.items()}
    return {
        "title": title, "layout": layout.value, "nodes": nodes, "edges": edges, "sources": sources.items,
        "kinds": styles, "present": kinds_present, "options": options, "ticks": ticks, "unit": unit,
        "omitted": sel.omitted_nodes, "reason": sel.reason,
    }


# -- the page ----------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;background:#f7f8fa}
body{display:flex;flex-direction:column}
header{padding:10px 16px 8px;background:#fff;border-bottom:1px solid #e2e8f0;display:flex;flex-wrap:wrap;gap:4px 18px;align-items:baseline}
header h1{font-size:18px;margin:0;font-weight:650}
header .summary{margin:0;color:#4a5568}
header form{margin-left:auto;display:flex;gap:6px}
header input{font:inherit;padding:3px 8px;border:1px solid #cbd5e0;border-radius:4px;width:16em}
header button,#details button.link{font:inherit;padding:3px 10px;border:1px solid #cbd5e0;border-radius:4px;background:#edf2f7;cursor:pointer}
.notice{flex-basis:100%;margin:2px 0 0;padding:5px 9px;background:#fffbea;border:1px solid #f6e05e;border-radius:4px;color:#5f4b00}
main{flex:1;display:flex;min-height:0}
#graph{flex:1;min-width:0;position:relative;background:#fff}
#status{position:absolute;left:12px;bottom:10px;color:#4a5568;font-size:12px;background:rgba(255,255,255,.85);padding:2px 6px;border-radius:3px}
aside{width:390px;max-width:45vw;overflow:auto;border-left:1px solid #e2e8f0;background:#fff;padding:12px 16px}
aside h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#4a5568;margin:14px 0 6px}
aside h2:first-child{margin-top:0}
#legend ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:3px 10px}
#legend li{display:flex;align-items:center;gap:6px}
#legend svg{flex:none}
#legend p{margin:6px 0 0;color:#4a5568;font-size:12px}
#details h3{font-size:17px;margin:4px 0 4px;overflow-wrap:anywhere}
#details .kind{display:inline-block;font-size:12px;padding:1px 7px;border-radius:9px;color:#fff;margin-right:6px}
#details .meta{color:#4a5568;font-size:12px;overflow-wrap:anywhere;margin:2px 0}
#details .iri{font-family:ui-monospace,Menlo,monospace;font-size:11px;color:#718096;overflow-wrap:anywhere}
#details blockquote{margin:8px 0;padding:6px 10px;border-left:3px solid #cbd5e0;background:#f7fafc}
#details blockquote p{margin:0 0 4px}
#details mark{background:#fde68a;padding:0 1px;border-radius:2px}
#details cite{display:block;font-style:normal;font-size:12px;color:#4a5568;overflow-wrap:anywhere}
#details ul{margin:4px 0;padding-left:18px}
#details li{margin:2px 0;overflow-wrap:anywhere}
#details button.link{padding:0 4px;border:0;background:none;color:#2b6cb0;text-decoration:underline;cursor:pointer}
#details .hint{color:#718096}
a{color:#2b6cb0}
div.vis-tooltip{position:absolute;visibility:hidden;padding:4px 7px;white-space:nowrap;font-size:12px;color:#1a202c;background:#fffff0;border:1px solid #a0aec0;border-radius:3px;box-shadow:2px 2px 6px rgba(0,0,0,.15);pointer-events:none;z-index:5}
noscript p{padding:16px}
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kg = window.kg = {data: data, network: null, ready: false, stabilized: false};
  var kinds = data.kinds;
  var details = document.getElementById("details");
  var status = document.getElementById("status");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function httpUrl(u) {
    if (typeof u !== "string" || !u) { return null; }
    try {
      var x = new URL(u);
      return (x.protocol === "http:" || x.protocol === "https:") ? x.href : null;
    } catch (err) { return null; }
  }
  function short(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }
  function style(kind) { return kinds[kind] || kinds.other; }
  function kindName(n) { return (n.subtype ? n.subtype : n.kind); }

  var visNodes = data.nodes.map(function (n) {
    var st = style(n.kind);
    var label = n.kind === "event" ? n.label.replace(" \u00b7 ", "\n") : short(n.label, st.inside ? 34 : 38);
    var o = {id: n.id, label: label, shape: st.shape, size: n.size,
             title: n.label + " \u2014 " + kindName(n) + (n.deg ? " \u00b7 " + n.deg + " link" + (n.deg === 1 ? "" : "s") : ""),
             color: {background: st.color, border: st.border,
                     highlight: {background: st.color, border: "#1a202c"},
                     hover: {background: st.color, border: "#1a202c"}}};
    // hubs get bigger labels, which stay legible when the whole graph is in view
    o.font = {size: Math.round(13 + Math.min(15, 2.5 * Math.sqrt(n.deg || 0)))};
    if (st.inside) { o.font.color = st.font; o.font.strokeWidth = 0; o.font.size = 13; o.margin = 7; }
    if (n.kind === "mention") { o.size = Math.min(n.size, 10); }
    if (typeof n.x === "number") { o.x = n.x; o.y = n.y; }
    if (n.fixed) { o.fixed = {x: true, y: true}; }
    return o;
  });
  var visEdges = data.edges.map(function (e) {
    var o = {id: e.id, from: e.from, to: e.to, label: e.role || undefined, title: e.role || undefined};
    if (e.role === "attributed to" || e.role === "stated in" || e.role === "denoted by") { o.dashes = true; }
    return o;
  });

  var container = document.getElementById("graph");
  var options = data.options;
  var nodeSet = new vis.DataSet(visNodes);
  var network = new vis.Network(container, {nodes: nodeSet, edges: new vis.DataSet(visEdges)}, options);
  kg.network = network;

  // Nodes without links (a source in the default view, an entity no event involves) would be
  // pushed to the rim by the physics and shrink everything else: shelve them in rows below.
  var shelf = null;
  function shelveLoose() {
    var loose = data.nodes.filter(function (n) { return !n.deg && !n.fixed; });
    if (!loose.length || loose.length === data.nodes.length) { return; }
    loose.sort(function (a, b) { return data.present.indexOf(a.kind) - data.present.indexOf(b.kind) || a.id - b.id; });
    var pos = network.getPositions();
    var minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    data.nodes.forEach(function (n) {
      if (n.deg || n.fixed) {
        var p = pos[n.id];
        minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
      }
    });
    var step = loose.some(function (n) { return style(n.kind).inside; }) ? 260 : 190;
    var perRow = Math.max(4, Math.floor((maxX - minX) / step) + 1);
    shelf = {x: minX, y: maxY + 160};
    // one batched update: network.moveNode would redraw the whole graph once per node
    nodeSet.update(loose.map(function (n, i) {
      return {id: n.id, x: minX + (i % perRow) * step, y: shelf.y + Math.floor(i / perRow) * 60};
    }));
  }
  network.on("beforeDrawing", function (ctx) {
    if (!shelf) { return; }
    ctx.save();
    ctx.fillStyle = "#718096";
    var size = Math.max(13, 12 / network.getScale());
    ctx.font = size + "px system-ui, sans-serif";
    ctx.fillText("Not linked to anything shown:", shelf.x - 20, shelf.y - 30 - 1.5 * size);
    ctx.restore();
  });

  function settled() {
    if (kg.stabilized) { return; }
    network.setOptions({physics: false});
    shelveLoose();
    network.fit();
    network.moveTo({scale: network.getScale() * 0.92});  // room for the labels at the edges
    kg.stabilized = true;
    status.textContent = data.nodes.length + " nodes \u00b7 " + data.edges.length + " edges";
    document.body.setAttribute("data-stabilized", "true");
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / Math.max(p.total, 1)) + "%";
  });
  network.on("stabilizationIterationsDone", settled);
  network.once("afterDrawing", function () {
    kg.ready = true;
    document.body.setAttribute("data-ready", "true");
    if (!options.physics.enabled) { settled(); }
  });

  if (data.ticks && data.ticks.length) {
    network.on("beforeDrawing", function (ctx) {
      var s = network.getScale();
      var tl = network.DOMtoCanvas({x: 0, y: 0});
      var br = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
      ctx.save();
      ctx.strokeStyle = "#e2e8f0";
      ctx.lineWidth = 1 / s;
      ctx.fillStyle = "#4a5568";
      ctx.font = (12 / s) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      var lastEnd = -Infinity;
      data.ticks.forEach(function (t) {
        ctx.beginPath(); ctx.moveTo(t.x, tl.y); ctx.lineTo(t.x, br.y); ctx.stroke();
        var w = ctx.measureText(t.label).width;
        if (t.x - w / 2 > lastEnd + 8 / s) {  // skip labels that would overlap the previous one
          ctx.fillText(t.label, t.x, tl.y + 16 / s);
          lastEnd = t.x + w / 2;
        }
      });
      ctx.restore();
    });
  }

  // -- the side panel: where a node or edge comes from --------------------------------------
  function sourceLine(i) {
    var s = data.sources[i] || {};
    var li = el("li");
    li.appendChild(el("strong", null, s.title || s.source_id || "untitled source"));
    var bits = [];
    if (s.publisher) { bits.push(s.publisher); }
    bits.push(s.published ? "published " + s.published : "publication date unknown");
    li.appendChild(el("div", "meta", bits.join(" \u00b7 ")));
    li.appendChild(urlLine(s.url));
    return li;
  }
  function urlLine(u) {
    var div = el("div", "meta");
    var href = httpUrl(u);
    if (href) {
      var a = el("a", null, u);
      a.href = href; a.rel = "noopener noreferrer nofollow"; a.target = "_blank";
      div.appendChild(a);
    } else if (u) {
      div.appendChild(document.createTextNode("URL (not a web link): " + u));
    } else {
      div.textContent = "no URL recorded";
    }
    return div;
  }
  function evidenceBlock(ev) {
    var bq = el("blockquote");
    var p = el("p");
    (ev.t || []).forEach(function (seg) {
      p.appendChild(seg[1] ? el("mark", null, seg[0]) : document.createTextNode(seg[0]));
    });
    bq.appendChild(p);
    var s = data.sources[ev.s] || {};
    var cite = el("cite", null, (s.title || s.source_id || "source") + (s.published ? " \u00b7 " + s.published : "") +
                  (typeof ev.b === "number" ? " \u00b7 characters " + ev.b + "\u2013" + ev.e : ""));
    bq.appendChild(cite);
    bq.appendChild(urlLine(s.url));
    return bq;
  }
  function provenance(item) {
    var src = item.src || [];
    details.appendChild(el("h2", null, src.length ? "Stated by " + src.length + " source" + (src.length === 1 ? "" : "s") : "Sources"));
    if (!src.length) { details.appendChild(el("p", "hint", "No source recorded for this item.")); }
    else { var ul = el("ul"); src.forEach(function (i) { ul.appendChild(sourceLine(i)); }); details.appendChild(ul); }
    var ev = item.ev || [];
    if (ev.length) {
      details.appendChild(el("h2", null, "Evidence (" + ev.length + " sentence" + (ev.length === 1 ? "" : "s") + ")"));
      ev.slice(0, 25).forEach(function (x) { details.appendChild(evidenceBlock(x)); });
      if (ev.length > 25) { details.appendChild(el("p", "hint", "and " + (ev.length - 25) + " more sentences")); }
    }
  }
  function nodeLink(id) {
    var n = data.nodes[id];
    var b = el("button", "link", short(n.label, 60));
    b.type = "button";
    b.addEventListener("click", function () { select(id); });
    return b;
  }
  function showNode(id) {
    var n = data.nodes[id];
    if (!n) { return; }
    clear(details);
    details.appendChild(el("h2", null, "Selected"));
    var badge = el("span", "kind", kindName(n));
    badge.style.background = style(n.kind).color;
    details.appendChild(badge);
    details.appendChild(el("h3", null, n.label));
    if (n.date) { details.appendChild(el("div", "meta", "Date: " + n.date)); }
    if (n.text && n.text !== n.label) { details.appendChild(el("div", "meta", n.text)); }
    if (n.kind === "source") {
      if (n.publisher) { details.appendChild(el("div", "meta", "Publisher: " + n.publisher)); }
      details.appendChild(el("div", "meta", n.published ? "Published " + n.published : "Publication date unknown"));
      details.appendChild(urlLine(n.url));
    }
    if (n.iri) { details.appendChild(el("div", "iri", n.iri)); }
    provenance(n);
    var links = data.edges.filter(function (e) { return e.from === id || e.to === id; });
    if (links.length) {
      details.appendChild(el("h2", null, "Connections (" + links.length + ")"));
      var ul = el("ul");
      links.slice(0, 40).forEach(function (e) {
        var li = el("li");
        var out = e.from === id;
        li.appendChild(document.createTextNode(out ? (e.role || "linked") + " \u2192 " : "\u2190 " + (e.role || "linked") + " of "));
        li.appendChild(nodeLink(out ? e.to : e.from));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      if (links.length > 40) { details.appendChild(el("p", "hint", "and " + (links.length - 40) + " more")); }
    }
  }
  function showEdge(id) {
    var e = data.edges[id];
    if (!e) { return; }
    clear(details);
    details.appendChild(el("h2", null, "Selected link"));
    var h = el("h3");
    h.appendChild(nodeLink(e.from));
    h.appendChild(document.createTextNode(" \u2014 " + (e.role || "linked") + " \u2192 "));
    h.appendChild(nodeLink(e.to));
    details.appendChild(h);
    provenance(e);
  }
  function showHint() {
    clear(details);
    details.appendChild(el("h2", null, "Details"));
    details.appendChild(el("p", "hint", "Click a node or a link to see the sources that state it and the sentences they say it in."));
  }
  function select(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.8), animation: {duration: 300}});
    showNode(id);
  }
  kg.showNode = showNode; kg.showEdge = showEdge; kg.select = select;
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { showHint(); }
  });

  // -- find a node by label ------------------------------------------------------------------
  var form = document.getElementById("find");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("find-text").value.trim().toLowerCase();
    if (!q) { return; }
    var hit = null;
    data.nodes.forEach(function (n) {
      var l = n.label.toLowerCase();
      if (hit === null && l === q) { hit = n.id; }
    });
    if (hit === null) {
      data.nodes.forEach(function (n) { if (hit === null && n.label.toLowerCase().indexOf(q) !== -1) { hit = n.id; } });
    }
    if (hit === null) { status.textContent = "No node matches \u201c" + q + "\u201d"; return; }
    select(hit);
  });
  showHint();
})();
"""


def _legend_html(present: list[str]) -> str:
    items = []
    for kind in present or list(KIND_STYLES):
        st = KIND_STYLES[kind]
        svg = (f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" fill="{st.color}" '
               f'stroke="{_darker(st.color)}" stroke-width="1.2">{_SWATCH[st.shape]}</svg>')
        items.append(f'<li data-kind="{html.escape(kind)}">{svg}<span>{html.escape(st.name)}</span></li>')
    return (
        '<section id="legend" aria-label="Legend"><h2>Legend</h2><ul>' + "".join(items) + "</ul>"
        "<p>Node size: number of links. Arrows run from an event to its participants, labelled with the "
        "role (agent, patient, place, origin, destination); dashed: a claim to whoever holds it. "
        "Click anything to see its sources.</p></section>"
    )


def _render(data: dict, title: str, summary: str) -> str:
    payload = _json_for_script(data)
    vis_js = _vis_js()
    app_js = _script_safe(_APP_JS)
    csp = ("default-src 'none'; script-src " + _csp_hash(vis_js) + " " + _csp_hash(app_js) +
           "; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; "
           "form-action 'none'")
    notice = f'<p class="notice" role="status">{html.escape(data["reason"])}</p>' if data["reason"] else ""
    t = html.escape(title)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="kg viz">\n'
        f"<title>{t}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{t}</h1><p class="summary">{html.escape(summary)}</p>'
        '<form id="find" role="search"><input id="find-text" type="search" placeholder="Find a node by label" '
        'aria-label="Find a node by label" autocomplete="off"><button type="submit">Find</button></form>'
        f"{notice}</header>\n"
        '<main><div id="graph" role="img" aria-label="Network of actors, places, events and claims">'
        '<div id="status" aria-live="polite"></div></div>\n'
        f'<aside id="panel">{_legend_html(data["present"])}<section id="details" aria-live="polite"></section></aside></main>\n'
        "<noscript><p>This page needs JavaScript to draw the network.</p></noscript>\n"
        f'<script type="application/json" id="kg-data">{payload}</script>\n'
        f"<script>{vis_js}</script>\n<script>{app_js}</script>\n</body>\n</html>\n"
    )


def write_html(
    selection_or_graph: Selection | nx.Graph,
    out: Path,
    *,
    title: str,
    layout: Layout | str = Layout.FORCE,
) -> VizReport:
    """Write one self-contained HTML page drawing the graph; returns what was written.

    Colour and shape per node kind (legend on the page), size by number of links, edges labelled
    with their role; clicking a node or edge lists the sources that state it with the sentences,
    the mention highlighted. No request leaves the page and no article text runs as code.
    """
    t0 = time.perf_counter()
    try:
        layout = Layout(getattr(layout, "value", layout))
    except ValueError as e:
        raise UsageError(f"unknown layout {layout!r}", hint="use force or timeline") from e
    sel = _as_selection(selection_or_graph)
    data = _page_data(sel, title, layout)
    n_src = len({s["source_id"] for s in data["sources"] if s["source_id"]})
    summary = (f"{len(data['nodes']):,} nodes \u00b7 {len(data['edges']):,} links \u00b7 "
               f"{n_src:,} source{'s' if n_src != 1 else ''}")
    if layout is Layout.TIMELINE:
        summary += f" \u00b7 timeline: one column per {data['unit'] or 'date'} (in order, not to scale)"
    page = _render(data, title, summary)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = page.encode("utf-8")
    out.write_bytes(raw)
    return VizReport(nodes=len(data["nodes"]), edges=len(data["edges"]), bytes=len(raw), path=out,
                     layout=layout, seconds=round(time.perf_counter() - t0, 3), omitted_nodes=sel.omitted_nodes)

"""The data the page draws, built from a selection: nodes and edges with their styles, sources
shared by index, evidence split into marked and unmarked runs, start positions and the
vis-network options. It travels to the page as JSON and is shown with ``textContent`` only."""

from __future__ import annotations

import json
import math

from kg.network import Selection
from kg.viz.layout import PRELAYOUT_MIN_NODES, Layout, seed_positions, timeline_positions
from kg.viz.style import KIND_STYLES, darker
from kg.viz.vis import vis_options


def _text(v) -> str:
    return "" if v is None else str(v)


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


def _add_provenance(rec: dict, d: dict, sources: _Sources) -> None:
    """The sources (``src``) and sentences (``ev``) behind a node or an edge, when it has any."""
    src = _source_refs(d.get("sources"), sources)
    if src:
        rec["src"] = src
    ev = _evidence(d.get("evidence"), sources)
    if ev:
        rec["ev"] = ev


def _source_refs(items, sources: _Sources) -> list[int]:
    return sorted({sources.add(s) for s in _records(items)})


def _node_size(degree: int) -> float:
    return round(min(10 + 5 * math.sqrt(degree), 48), 1)


def page_data(sel: Selection, title: str, layout: Layout) -> dict:
    g = sel.graph
    ids = {n: i for i, n in enumerate(g.nodes)}
    n_nodes, n_edges = g.number_of_nodes(), g.number_of_edges()
    sources = _Sources()
    pos: dict = {}
    pinned: set = set()
    ticks: list = []
    unit = ""
    if layout is Layout.TIMELINE:
        pos, pinned, ticks, unit = timeline_positions(g, ids)
    elif n_nodes >= PRELAYOUT_MIN_NODES:
        pos = seed_positions(g, ids)
    nodes = []
    degree = dict(g.degree())
    for n, d in g.nodes(data=True):
        kind = _text(d.get("kind")) or "other"
        if kind not in KIND_STYLES:
            kind = "other"
        full = _text(d.get("label")) or _text(n)
        rec = {"id": ids[n], "label": full, "kind": kind, "size": _node_size(degree.get(n, 0)), "deg": degree.get(n, 0)}
        for key in ("subtype", "iri", "date", "text"):
            if d.get(key):
                rec[key] = _text(d[key])
        if kind == "source":
            for key in ("source_id", "url", "published", "publisher"):
                if d.get(key):
                    rec[key] = _text(d[key])
        _add_provenance(rec, d, sources)
        if n in pos:
            rec["x"], rec["y"] = round(pos[n][0], 1), round(pos[n][1], 1)
        if n in pinned:
            rec["fixed"] = 1
        nodes.append(rec)
    edges = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        rec = {"id": i, "from": ids[u], "to": ids[v], "role": _text(d.get("role"))}
        if d.get("verb"):
            rec["verb"] = _text(d["verb"])
        _add_provenance(rec, d, sources)
        edges.append(rec)
    options = vis_options(n_nodes, n_edges, positioned=bool(pos))
    kinds_present = sorted({r["kind"] for r in nodes}, key=list(KIND_STYLES).index)
    styles = {
        k: {
            "color": s.color,
            "border": darker(s.color),
            "shape": s.shape,
            "name": s.name,
            "inside": s.text_inside,
            "font": s.font_color,
        }
        for k, s in KIND_STYLES.items()
    }
    return {
        "title": title,
        "layout": layout.value,
        "nodes": nodes,
        "edges": edges,
        "sources": sources.items,
        "kinds": styles,
        "present": kinds_present,
        "options": options,
        "ticks": ticks,
        "unit": unit,
        "omitted": sel.omitted_nodes,
        "reason": sel.reason,
    }

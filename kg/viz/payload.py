"""The data the page draws, built from a selection: nodes and edges with their styles, sources
shared by index, evidence split into marked and unmarked runs, start positions and the
vis-network options. It travels to the page as JSON and is shown with ``textContent`` only."""

from __future__ import annotations

import json
import math

import networkx as nx

from kg.network import Selection
from kg.network.story import find_stories, is_named
from kg.viz.layout import Layout, event_span, story_positions, timeline_positions
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


DEFAULT_VIEW = 320  # nodes drawn at first: whole stories, biggest first, up to about this many

_SOURCE_KEYS = ("source_id", "title", "url", "published", "publisher")


def _core(g: nx.Graph, story, cap: int) -> list:
    """At most ``cap`` members of a story that hang together: breadth-first from its best-linked
    member, better-linked neighbours first; in the story's own order."""
    members = set(story.members)
    if len(members) <= cap:
        return list(story.members)
    nbrs: dict = {n: set() for n in members}
    for u, v in story.links:
        nbrs[u].add(v)
        nbrs[v].add(u)
    deg = dict(g.degree(story.members))
    rank = {n: i for i, n in enumerate(story.members)}
    start = min(members, key=lambda n: (-deg[n], rank[n]))
    seen, queue = {start}, [start]
    for x in queue:
        if len(seen) >= cap:
            break
        for y in sorted(nbrs[x] - seen, key=lambda n: (-deg[n], rank[n])):
            if len(seen) >= cap:
                break
            seen.add(y)
            queue.append(y)
    return [n for n in story.members if n in seen]


def _default_view(g: nx.Graph, stories, budget: int) -> tuple[list[list], list[int]]:
    """The blocks drawn at first (each a story's members) and which stories they are: every story
    when all fit; else the biggest stories, each cut to its best-linked core, up to the budget."""
    if sum(len(s.members) for s in stories) <= budget:
        return [list(s.members) for s in stories], [s.index for s in stories]
    cap = max(24, budget // min(len(stories), 10))
    blocks: list[list] = []
    shown: list[int] = []
    used = 0
    for s in stories:
        block = _core(g, s, min(cap, budget - used))
        if len(block) < min(len(s.members), 6):
            break
        blocks.append(block)
        shown.append(s.index)
        used += len(block)
    return blocks, shown


def page_data(sel: Selection, title: str, layout: Layout, *, view: int = DEFAULT_VIEW) -> dict:
    """Everything the page draws and can draw: all the selection's nodes and links (sources as a
    list, not as nodes), the stories, which nodes the default view shows and where."""
    full = sel.graph
    sources = _Sources()
    source_nodes = [n for n, d in full.nodes(data=True) if d.get("kind") == "source"]
    for n in source_nodes:  # every source is listed, also one that states nothing drawn
        d = full.nodes[n]
        sources.add({k: d.get(k) or (d.get("label") if k == "title" else None) for k in _SOURCE_KEYS})
    g = full.copy()
    g.remove_nodes_from(source_nodes)
    ids = {n: i for i, n in enumerate(g.nodes)}
    stories = find_stories(g)
    story_of = {n: s.index for s in stories for n in s.members}
    if stories:
        blocks, shown = _default_view(g, stories, view)
    else:  # no events: the best-linked nodes, claims folded
        deg = dict(g.degree())
        keep = sorted((n for n in g if g.nodes[n].get("kind") != "claim"), key=lambda n: (-deg[n], ids[n]))[:view]
        blocks, shown = ([sorted(keep, key=lambda n: ids[n])] if keep else []), []
    links = [stories[i].links for i in shown]
    if not stories and blocks:  # nodes linked to nothing shown go in a block of their own
        linked = [n for n in blocks[0] if any(m in set(blocks[0]) for m in nx.all_neighbors(g, n))]
        loose = [n for n in blocks[0] if n not in set(linked)]
        blocks = [b for b in (linked, loose) if b]
    default = {n for b in blocks for n in b}
    ticks: list = []
    bands: dict = {}
    boxes: list = []
    pinned: set = set()
    if layout is Layout.TIMELINE:
        pos, pinned, ticks, bands, boxes = timeline_positions(g, blocks, ids)
    else:
        pos, boxes = story_positions(g, blocks, ids, links)
    degree = dict(g.degree())
    rank = sorted(g.nodes, key=lambda n: (n not in default, -degree.get(n, 0), ids[n]))
    importance = {n: i for i, n in enumerate(rank)}
    nodes = []
    for n, d in g.nodes(data=True):
        kind = _text(d.get("kind")) or "other"
        if kind not in KIND_STYLES:
            kind = "other"
        full_label = _text(d.get("label")) or _text(n)
        rec = {
            "id": ids[n],
            "label": full_label,
            "kind": kind,
            "size": _node_size(degree.get(n, 0)),
            "deg": degree.get(n, 0),
            "imp": importance[n],
        }
        for key in ("subtype", "iri", "date", "text"):
            if d.get(key):
                rec[key] = _text(d[key])
        if kind == "event":
            span = event_span(d)
            if span:
                rec["t0"], rec["t1"] = span
        if is_named(d):
            rec["named"] = 1
        if n in story_of:
            rec["story"] = story_of[n]
        if n in default:
            rec["show"] = 1
        _add_provenance(rec, d, sources)
        if n in pos:
            rec["x"], rec["y"] = round(pos[n][0], 1), round(pos[n][1], 1)
        if n in pinned:
            rec["fixed"] = 1
        if n in bands:
            rec["band"] = [round(bands[n][0], 1), round(bands[n][1], 1)]
        nodes.append(rec)
    edges = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        rec = {"id": i, "from": ids[u], "to": ids[v], "role": _text(d.get("role"))}
        if d.get("verb"):
            rec["verb"] = _text(d["verb"])
        _add_provenance(rec, d, sources)
        edges.append(rec)
    story_recs = []
    for s in stories:
        rec = {
            "id": s.index,
            "title": s.title,
            "events": [ids[e] for e in s.events],
            "members": [ids[m] for m in s.members],
        }
        if s.index in shown:
            box = boxes[shown.index(s.index)]
            rec["box"] = [round(v, 1) for v in box]
        story_recs.append(rec)
    options = vis_options(len(nodes), len(edges), positioned=True)
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
        "stories": story_recs,
        "kinds": styles,
        "present": kinds_present,
        "options": options,
        "ticks": ticks,
        "omitted": sel.omitted_nodes,
        "reason": sel.reason,
        "note": _left_out_note(g, default, stories, shown, len(source_nodes)),
    }


def _left_out_note(g: nx.Graph, default: set, stories, shown: list, n_sources: int) -> str:
    """What the first view leaves out, in numbers that add up to the nodes on the page."""
    hidden_story = {n for s in stories if s.index not in shown for n in s.members} - default
    cut = {n for s in stories if s.index in shown for n in s.members} - default
    kinds: dict[str, int] = {}
    for n, d in g.nodes(data=True):
        if n not in default and n not in hidden_story and n not in cut:
            k = _text(d.get("kind")) or "other"
            kinds[k] = kinds.get(k, 0) + 1
    parts = []
    claims = kinds.pop("claim", 0)
    if claims:
        holders = sum(1 for u, v, d in g.edges(data=True) if d.get("role") == "attributed to")
        parts.append(
            f"{claims:,} claim{'s' if claims != 1 else ''} folded into badges on their holders"
            + (f" ({claims - min(claims, holders):,} without a holder)" if holders < claims else "")
        )
    if stories and len(shown) < len(stories):
        rest = len(stories) - len(shown)
        parts.append(
            f"{len(hidden_story):,} nodes of {rest:,} smaller stor{'ies' if rest != 1 else 'y'} "
            "(listed in the panel: click one to draw it)"
        )
    if cut:
        parts.append(f"{len(cut):,} less-linked members of the drawn stories (expand a neighbour to see them)")
    other = sum(kinds.values())
    if other:
        why = "linked to no event" if stories else "less linked"
        parts.append(f"{other:,} node{'s' if other != 1 else ''} {why} (Find them, or expand a neighbour)")
    if n_sources:
        parts.append(f"{n_sources:,} source{'s' if n_sources != 1 else ''} listed in the panel")
    drawn = f"Drawn: {len(default):,} of {g.number_of_nodes():,} nodes"
    if stories:
        drawn += f" in {len(shown):,} stor{'ies' if len(shown) != 1 else 'y'}"
    return drawn + (". Not drawn: " + "; ".join(parts) + "." if parts else ".")

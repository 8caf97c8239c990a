"""The page: one self-contained, offline HTML file with its Content-Security-Policy, written by
:func:`write_html`."""

from __future__ import annotations

import base64
import hashlib
import html
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.output import write_output
from kg.network import Selection
from kg.viz.assets import page_css, page_script
from kg.viz.escape import json_for_script, script_safe
from kg.viz.layout import Layout
from kg.viz.payload import page_data
from kg.viz.style import legend_html
from kg.viz.vis import vis_bundle

__all__ = ["VizReport", "write_html"]


@dataclass
class VizReport:
    nodes: int
    edges: int
    bytes: int
    path: Path
    layout: Layout = Layout.FORCE
    seconds: float = 0.0
    omitted_nodes: int = 0
    sources: int = 0  # listed in the side panel, not drawn as nodes
    stories: int = 0


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _as_selection(obj) -> Selection:
    if isinstance(obj, Selection):
        return obj
    if isinstance(obj, nx.Graph):
        return Selection(graph=obj, total_nodes=obj.number_of_nodes())
    raise UsageError(f"cannot draw a {type(obj).__name__}", hint="pass a networkx graph or a kg.network.Selection")


def _render(data: dict, title: str, summary: str) -> str:
    payload = json_for_script(data)
    vis_js = vis_bundle()
    app_js = script_safe(page_script())
    csp = (
        "default-src 'none'; script-src "
        + _csp_hash(vis_js)
        + " "
        + _csp_hash(app_js)
        + "; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; connect-src 'none'; "
        "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )
    notice = f'<p class="notice" role="status">{html.escape(data["reason"])}</p>' if data["reason"] else ""
    t = html.escape(title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="kg viz">\n'
        f"<title>{t}</title>\n<style>{page_css()}</style>\n</head>\n<body>\n"
        f'<header><h1>{t}</h1><p class="summary">{html.escape(summary)}</p>'
        '<form id="find" role="search"><input id="find-text" type="search" placeholder="Find a node by name" '
        'aria-label="Find a node by name" autocomplete="off"><button type="submit">Find</button>'
        '<ul id="find-results" hidden aria-label="Matches"></ul></form>'
        f"{notice}</header>\n"
        '<main><div id="stage"><div id="graph" role="img" aria-label="Network of actors, places, events and claims">'
        '</div><div id="status" aria-live="polite"></div></div>\n'
        '<aside id="panel"><section id="view"><div id="toolbar">'
        '<button type="button" id="back" disabled>\u2190 Back</button>'
        '<button type="button" id="reset">Reset view</button></div>'
        f'<p id="note">{html.escape(data["note"])}</p></section>'
        '<section id="details" aria-live="polite"></section>'
        '<section id="stories"><h2>Stories</h2><ol id="story-list"></ol></section>'
        '<section id="filters"><h2>Filters</h2>'
        f"{legend_html(data['present'])}"
        '<label><input type="checkbox" id="claims-on" checked> Claims (badges on their holders)</label>'
        '<div id="range"><h2>Dates</h2><input type="range" id="range-from" aria-label="Events from">'
        '<input type="range" id="range-to" aria-label="Events until"><output id="range-out"></output></div>'
        '<div id="type-filter"><h2>Event types</h2><ul id="type-list"></ul></div></section>'
        '<section id="sources"><h2>Sources (<span id="source-count"></span>)</h2>'
        '<input id="source-filter" type="search" placeholder="Filter sources" aria-label="Filter sources">'
        '<ul id="source-list"></ul></section></aside></main>\n'
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
    data = page_data(sel, title, layout)
    n_src = len({s["source_id"] for s in data["sources"] if s["source_id"]})
    summary = (
        f"{len(data['nodes']):,} nodes \u00b7 {len(data['edges']):,} links \u00b7 "
        f"{n_src:,} source{'s' if n_src != 1 else ''}"
    )
    n_stories = len(data["stories"])
    if n_stories:
        summary += f" \u00b7 {n_stories:,} stor{'ies' if n_stories != 1 else 'y'}"
    if layout is Layout.TIMELINE:
        summary += " \u00b7 timeline: events on a time axis, one lane per story"
    page = _render(data, title, summary)
    out = Path(out)
    raw = page.encode("utf-8")
    write_output(out, raw)  # a temporary file renamed over the page: a failed run leaves the old page
    return VizReport(
        nodes=len(data["nodes"]),
        edges=len(data["edges"]),
        bytes=len(raw),
        path=out,
        layout=layout,
        seconds=round(time.perf_counter() - t0, 3),
        omitted_nodes=sel.omitted_nodes,
        sources=len(data["sources"]),
        stories=len(data["stories"]),
    )

"""networkx -> one self-contained, offline, safe HTML page (the only package that knows pyvis).

The page is written here, not by pyvis's template: pyvis links Bootstrap from a CDN even in
``in_line`` mode and its tooltip-link mode writes titles with ``innerHTML``. What kg takes from
pyvis is the vis-network 9 bundle it ships (``pyvis/templates/lib/vis-9.1.2``), inlined.

Safety: labels, sentences and metadata come from articles and are untrusted. They travel as JSON
inside ``<script type="application/json">`` (with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped)
and the page builds its DOM with ``textContent``; a URL becomes a link only when it is http(s).
A Content-Security-Policy allows only the page's own scripts (by hash) and no network access, so
even a missed escape could neither run injected code nor fetch anything.

What is drawn: the page embeds the whole selection and draws a first view of *stories*
(communities of events and their participants, :mod:`kg.network.story`), claims folded into a badge
on their holder and sources as a list in the side panel; the rest is drawn on demand (expand,
Find, a story in the list) from the embedded data. Positions are computed here, so nothing moves
in the browser: ``force`` lays each story out on its own and packs the stories apart; ``timeline``
puts events on a true time axis, one lane per story. See docs/viz.md.

One module per job: ``style`` (colour and shape per kind, the legend), ``layout`` (positions),
``escape`` (text safe inside ``<script>``), ``vis`` (the vis-network bundle and its options),
``payload`` (the data the page draws), ``assets`` (the page's CSS and script, package files in
``static/``), ``page`` (the HTML file). Import from here.
"""

from __future__ import annotations

from kg.viz.layout import PRELAYOUT_MIN_NODES, Layout
from kg.viz.page import VizReport, write_html
from kg.viz.style import KIND_STYLES

__all__ = ["KIND_STYLES", "PRELAYOUT_MIN_NODES", "Layout", "VizReport", "write_html"]

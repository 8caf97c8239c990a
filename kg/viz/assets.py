"""The page's own stylesheet and script: constant text with no data in it, kept as package files in
``kg/viz/static/`` (read with :mod:`importlib.resources`, so an installed wheel finds them too).

The script reads the data from the page's JSON block and builds the DOM with ``textContent`` only.
It is one strict-mode function whose body is the ``.js`` files in :data:`SCRIPT_PARTS` order (they
share its variables; none runs on its own):

``data.js``
    small DOM helpers, the graph as adjacency with claims by holder, the view's state (filters,
    added, hidden and focused nodes) and its URL fragment;
``draw.js``
    positions, the vis-network instance, labels by importance without overlap, story headings;
``panel.js``
    the side panel: where a node or edge comes from (sentences with the mention highlighted);
``controls.js``
    expand / hide / focus with a Back stack, the filters (kind, event type, source, date range,
    claims), the stories and sources lists and Find;
``start.js``
    reads the URL fragment, draws the first view and marks the page ready.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from kg.errors import InputError

__all__ = ["SCRIPT_PARTS", "page_css", "page_script"]

SCRIPT_PARTS = ("data.js", "draw.js", "panel.js", "controls.js", "start.js")

_OPEN = '\n(function () {\n  "use strict";\n'
_CLOSE = "})();\n"


def _read(name: str) -> str:
    try:
        return resources.files("kg.viz").joinpath("static", name).read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read the page asset {name}", hint="reinstall kg (pip install .)") from e


@lru_cache(maxsize=1)
def page_css() -> str:
    """The page's stylesheet, as placed inside its ``<style>`` element."""
    return "\n" + _read("page.css")


@lru_cache(maxsize=1)
def page_script() -> str:
    """The page's script (not yet made safe for a ``<script>`` element: see ``kg.viz.escape``).

    >>> page_script().startswith('\\n(function () {') and page_script().endswith('})();\\n')
    True
    """
    return _OPEN + "\n".join(_read(name) for name in SCRIPT_PARTS) + _CLOSE

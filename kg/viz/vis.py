"""What kg takes from pyvis and vis-network: the vis-network 9 bundle that pyvis ships
(``pyvis/templates/lib/vis-9.1.2``), inlined into the page, and the options it draws with. The
only module that knows pyvis; it is read as a file, never imported."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from kg.errors import UsageError
from kg.viz.escape import script_safe
from kg.viz.layout import PRELAYOUT_MIN_NODES

_LARGE_EDGES = 1500  # above this, straight edges and edges hidden while dragging/zooming

_VIS_DIR = "templates/lib/vis-9.1.2"


@lru_cache(maxsize=1)
def vis_bundle() -> str:
    """vis-network's standalone bundle from the pyvis package, ready to inline."""
    try:  # find_spec locates the package without importing it (pyvis imports jinja2 and more)
        spec = importlib.util.find_spec("pyvis")
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("pyvis")
        path = Path(next(iter(spec.submodule_search_locations))) / _VIS_DIR / "vis-network.min.js"
        text = path.read_text(encoding="utf-8")
    except (ImportError, OSError) as e:
        raise UsageError(
            "cannot find vis-network inside the pyvis package",
            hint="reinstall kg's dependencies (pip install 'pyvis==0.3.2')",
        ) from e
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    return script_safe(text)


def vis_options(n_nodes: int, n_edges: int, *, positioned: bool) -> dict:
    """vis-network options for a graph of this size; ``positioned``: start positions are given."""
    large = n_nodes >= PRELAYOUT_MIN_NODES or n_edges > _LARGE_EDGES
    # vis-network's Barnes-Hut costs about (nodes + edges) * 6 us per iteration on a 2-core
    # machine: keep the browser's share of the layout near two seconds whatever the size.
    iterations = max(15, min(250, 300_000 // max(n_nodes + n_edges, 1)))
    options = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150 and not positioned},
        "physics": {
            # positions come from kg.viz.layout: nothing moves unless a person drags it
            "enabled": False,
            "solver": "barnesHut",
            # small graphs: more pull to the centre, so that loose nodes do not drift off and
            # shrink everything else when the view fits the whole graph
            "barnesHut": {
                "gravitationalConstant": -10000 if n_nodes > 150 else -6000,
                "centralGravity": 0.2 if n_nodes > 150 else 0.5,
                "springLength": 150 if n_nodes > 150 else 110,
                "springConstant": 0.03,
                "damping": 0.4,
                "avoidOverlap": 0.4,
            },
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 10, "fit": True},
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 200,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "scaling": {"label": {"enabled": False, "drawThreshold": 4, "maxVisible": 28}},
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "color": "#1a202c",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "width": 1.2,
            "selectionWidth": 2,
            "smooth": False if large else {"type": "continuous", "roundness": 0.3},
            "color": {"color": "#9aa5b1", "highlight": "#1a202c", "hover": "#4a5568", "inherit": False},
            "font": {
                "size": 12,
                "face": "system-ui, sans-serif",
                "color": "#4a5568",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
        },
    }
    return options

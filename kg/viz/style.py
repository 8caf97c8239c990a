"""How each node kind looks: colour, shape and name (the same on the graph and in the legend),
and the legend itself (constant markup: only kind names and colours, no article data)."""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["KIND_STYLES"]


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


def darker(hex_color: str, f: float = 0.7) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * f):02x}{int(g * f):02x}{int(b * f):02x}"


def legend_html(present: list[str]) -> str:
    items = []
    for kind in present or list(KIND_STYLES):
        st = KIND_STYLES[kind]
        svg = (
            f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" fill="{st.color}" '
            f'stroke="{darker(st.color)}" stroke-width="1.2">{_SWATCH[st.shape]}</svg>'
        )
        k = html.escape(kind)
        items.append(
            f'<li data-kind="{k}"><label><input type="checkbox" checked data-kind="{k}">{svg}'
            f"<span>{html.escape(st.name)}</span></label></li>"
        )
    return (
        '<section id="legend" aria-label="Legend and kinds shown"><h2>Kinds</h2><ul>' + "".join(items) + "</ul>"
        "<p>Node size: number of links. Arrows run from an event to its participants (zoom in to read the "
        "role: agent, patient, place, origin, destination); dashed: a claim to whoever holds it; "
        "\u201csame event, other date\u201d: two sources date one event differently. A number on a node: "
        "the claims it holds. Untick a kind to hide it.</p></section>"
    )

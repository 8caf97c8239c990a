"""Graph files: a network saved as GraphML or GEXF for Gephi, yEd or Cytoscape."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.output import atomic_output

__all__ = ["GraphFileReport", "GraphFormat", "write_graph_file"]


class GraphFormat(str, Enum):
    GRAPHML = "graphml"
    GEXF = "gexf"


@dataclass
class GraphFileReport:
    path: Path
    format: GraphFormat
    nodes: int
    edges: int
    bytes: int


# characters XML 1.0 cannot hold at all, not even as a character reference
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids written as ``\\uXXXX`` (a NUL in a title
    becomes the six characters ``\\u0000``), so the file parses and the character stays visible."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _flat(attrs: dict) -> dict:
    """Attributes GraphML/GEXF can hold: lists and dicts become JSON text, None is dropped, text
    loses the characters XML forbids (:func:`xml_text`)."""
    return {xml_text(str(k)): xml_text(v) if isinstance(v, str) else v for k, v in _flat_values(attrs).items()}


def _flat_values(attrs: dict) -> dict:
    out = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, (list, tuple, dict, set)):
            out[k] = json.dumps(sorted(v) if isinstance(v, set) else v, ensure_ascii=False, sort_keys=True)
        elif isinstance(v, date):
            out[k] = v.isoformat()
        elif isinstance(v, Enum):
            out[k] = v.value
        elif isinstance(v, (bool, int, float, str)):
            out[k] = v  # type: ignore[assignment]  # GraphML/GEXF keep numbers typed
        else:
            out[k] = str(v)
    return out


def write_graph_file(g: nx.Graph, out: Path, fmt: GraphFormat | str) -> GraphFileReport:
    """Save ``g`` as GraphML or GEXF. List and dict attributes (sources, evidence) are JSON text;
    edges get unique ids (``e0``, ``e1``...) and keep their role as an attribute."""
    try:
        fmt = GraphFormat(str(getattr(fmt, "value", fmt)).lower())
    except ValueError as e:
        raise UsageError(f"unknown graph format {fmt!r}", hint="use graphml or gexf") from e
    flat = nx.MultiDiGraph(**_flat(g.graph))
    for n, d in g.nodes(data=True):
        flat.add_node(xml_text(str(n)), **_flat(d))
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for i, (u, v, _k, d) in enumerate(edges):
        flat.add_edge(xml_text(str(u)), xml_text(str(v)), key=f"e{i}", **_flat(d))
    out = Path(out)
    with atomic_output(out) as f:
        if fmt is GraphFormat.GRAPHML:
            nx.write_graphml(flat, f, encoding="utf-8")
        else:
            nx.write_gexf(flat, f, encoding="utf-8")
    return GraphFileReport(
        path=out, format=fmt, nodes=flat.number_of_nodes(), edges=flat.number_of_edges(), bytes=out.stat().st_size
    )

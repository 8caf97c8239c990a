"""RDF -> networkx: the store as a graph of actors, places, events, claims and their sources.

:func:`build_network` reads the store with SPARQL (default graph = union of all graphs; each fact
is scoped to the source graph that states it) and returns a :class:`networkx.MultiDiGraph` whose
node ids are IRIs. Every node and edge says where it comes from: ``sources`` (the documents whose
named graph states it) and ``evidence`` (the exact sentences, with the offsets of the mentions).
:func:`select_subgraph` cuts a readable piece out of it; :func:`write_graph_file` saves it for
Gephi, yEd or Cytoscape.

Node attributes: ``label`` (a human label, never an IRI when the store has a label), ``kind``
(one of :class:`Kind`), ``iri``, ``subtype`` (class, event type or claim kind, as words), ``date``
/ ``date_begin`` / ``date_end`` (events: ISO value and the days it spans), ``sources`` (list of
``{source_id, title, url, published, publisher}``) and ``evidence`` (list of ``{source_id, title,
url, published, sentence, sentence_begin, begin, end, anchor, marks}``; offsets are code points
in the source text, end exclusive; ``marks`` lists every ``[begin, end]`` to highlight).
Edge attributes: ``role``, ``sources``, ``evidence``.

One module per job: ``kind`` (what a node is), ``reader`` (the store's source graphs as records),
``evidence`` (the sentences that state a node or edge), ``builder`` (records -> graph),
``selection`` (a readable piece of it), ``graphfile`` (GraphML and GEXF). Import from here.
"""

from __future__ import annotations

from kg.network.builder import build_network
from kg.network.graphfile import GraphFileReport, GraphFormat, write_graph_file
from kg.network.kind import ENTITY_KINDS, Kind
from kg.network.selection import Selection, event_dates, find_nodes, select_subgraph

__all__ = [
    "ENTITY_KINDS",
    "GraphFileReport",
    "GraphFormat",
    "Kind",
    "Selection",
    "build_network",
    "event_dates",
    "find_nodes",
    "select_subgraph",
    "write_graph_file",
]

"""Check a built graph: SHACL shapes per source graph, and that the metadata describes every source.

Validation works graph by graph (a source graph plus the reference ontology for class hierarchy), so
its cost follows the size of what is checked, not of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SKOS

from kg.resources import shapes_file
from kg.graph.store import KGStore
from kg.vocab import KG, METADATA_GRAPH, RDF, REF, REFERENCE_GRAPH, SOURCE_GRAPH_PREFIX


@dataclass
class GraphReport:
    graph: str
    conforms: bool
    messages: list[str] = field(default_factory=list)


@dataclass
class ValidationReport:
    conforms: bool
    graphs: list[GraphReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return len(self.graphs)


def graph_of(store: KGStore, graph_iri: str) -> Graph:
    """One named graph of the store as an rdflib Graph."""
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))]
    g = Graph()
    if triples:
        g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


def source_graphs(store: KGStore) -> list[str]:
    return [g for g in store.named_graphs() if g.startswith(SOURCE_GRAPH_PREFIX)]


def validate_store(store: KGStore, *, sources: list[str] | None = None) -> ValidationReport:
    """Validate the given source graphs (all by default) and the metadata graph."""
    import pyshacl

    shapes = Graph().parse(shapes_file(), format="turtle")
    ontology = Graph()  # classes, properties and event types; not the gazetteer's thousands of entities
    for t in graph_of(store, str(REFERENCE_GRAPH)):
        # skos:hasTopConcept loops back to every concept, which makes pyshacl's copying of the
        # ontology into each data graph explode; the concepts' own skos:topConceptOf says the same.
        if not str(t[0]).startswith(str(REF)) and t[1] != SKOS.hasTopConcept:
            ontology.add(t)
    targets = sources if sources is not None else source_graphs(store)
    report = ValidationReport(conforms=True)
    metadata = graph_of(store, str(METADATA_GRAPH))
    for g_iri in [*targets, str(METADATA_GRAPH)]:
        data = metadata if g_iri == str(METADATA_GRAPH) else graph_of(store, g_iri)
        conforms, results, text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
            allow_warnings=True,
        )
        messages = _messages(results) if not conforms else []
        report.graphs.append(GraphReport(g_iri, bool(conforms), messages))
        report.conforms &= bool(conforms)
    described = {str(s) for s in metadata.subjects(RDF.type, KG.SourceGraph)}
    present = set(source_graphs(store))
    for g in sorted(present - described):
        report.problems.append(f"source graph {g} is not described in the metadata graph")
    for g in sorted(described - present):
        report.problems.append(f"metadata describes {g} but the graph is missing")
    report.conforms &= not report.problems
    return report


def _messages(results: Graph) -> list[str]:
    from rdflib.namespace import SH

    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        out.append(f"{focus} {path or ''}: {msg}".strip())
    return sorted(out)

"""Check a built graph: SHACL shapes per source graph, and that the metadata describes every source.

Validation works graph by graph (a source graph plus the reference ontology for class hierarchy), so
its cost follows the size of what is checked, not of the store.

Ingest checks each source before it writes it (``SourceCheck``): not with every shape, which costs
pySHACL about 0.1 s a source (twice spaCy's parse of the article), but with the shapes whose outcome
depends on what was extracted rather than on how ``kg.rdfize`` writes: the time values (their value
and datatype come from the time normalizer) with pySHACL and the same shapes file, and the mention
anchors (offsets into the text) with the same test as the shapes' SPARQL constraint, in Python.
The rest of a source graph is structure rdfize writes the same way for every source; ``kg validate``
checks it all with every shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH, SKOS

from kg.errors import ShapeError
from kg.resources import shapes_file
from kg.store import KGStore
from kg.vocab import KG, METADATA_GRAPH, NIF, RDF, REF, REFERENCE_GRAPH, SEM, SHAPES, SOURCE_GRAPH_PREFIX, TIME, XSD


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
    return sorted(_message(results, r) for r in results.subjects(RDF.type, SH.ValidationResult))


def _message(results: Graph, r) -> str:
    focus = results.value(r, SH.focusNode)
    path = results.value(r, SH.resultPath)
    msg = results.value(r, SH.resultMessage)
    return f"{focus} {path or ''}: {msg}".strip()


# The node shapes ingest runs before a source is written (see the module's docstring).
_PRECOMMIT_SHAPES = (SHAPES.TimeValueShape,)


class SourceCheck:
    """The check ingest runs on a source's quads before writing them (build once, use per source).

    >>> from kg.terms import to_quad
    >>> from rdflib import Literal
    >>> t = URIRef("https://example.org/t")
    >>> quads = [to_quad(t, RDF.type, KG.TimeValue, t), to_quad(t, TIME.unitType, TIME.unitMinute, t),
    ...          to_quad(t, TIME.inXSDDateTimeStamp, Literal("2025-10-19T15:40:00", datatype=XSD.dateTime), t)]
    >>> SourceCheck().problems(quads)[0].endswith("needs a date, a clock time and a zone, as xsd:dateTimeStamp or a zoned xsd:dateTime")
    True
    """

    def __init__(self) -> None:
        shapes = Graph().parse(shapes_file(), format="turtle")
        self._shapes = Graph()
        for shape in _PRECOMMIT_SHAPES:
            self._copy(shapes, shape)

    def _copy(self, shapes: Graph, node) -> None:
        for p, o in shapes.predicate_objects(node):
            self._shapes.add((node, p, o))
            if not isinstance(o, URIRef):  # blank nodes: property shapes, lists
                self._copy(shapes, o)

    def problems(self, quads: list[ox.Quad]) -> list[str]:
        """What the checked shapes find wrong in these quads (empty when they conform)."""
        return self.problems_of({"": quads})[""]

    def problems_of(self, sources: dict[str, list[ox.Quad]]) -> dict[str, list[str]]:
        """``problems`` of several sources at once: one pySHACL run for all their time values (a run
        costs ~5 ms whatever its size, so ingest checks a batch of sources in one)."""
        import pyshacl

        type_, time_type, has_time = str(RDF.type), str(KG.TimeValue), str(SEM.hasTime)
        owner: dict = {}
        triples = []
        for name, quads in sources.items():
            nodes = {q.subject for q in quads if q.predicate.value == type_ and q.object.value == time_type}
            nodes |= {q.object for q in quads if q.predicate.value == has_time}
            owner.update((str(n.value), name) for n in nodes)
            triples += [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.subject in nodes]
        out = {name: _anchor_problems(quads) for name, quads in sources.items()}
        if triples:
            data = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
            conforms, results, _ = pyshacl.validate(data, shacl_graph=self._shapes, inference="none",
                                                    allow_warnings=True)
            if not conforms:
                for r in results.subjects(RDF.type, SH.ValidationResult):
                    if results.value(r, SH.resultSeverity) == SH.Violation:
                        out[owner[str(results.value(r, SH.focusNode))]].append(_message(results, r))
        return {name: sorted(found) for name, found in out.items()}

    def check(self, quads: list[ox.Quad], *, source: str) -> None:
        """Raise ``ShapeError`` naming the first problems when the quads do not conform."""
        found = self.problems(quads)
        if found:
            raise self.error(found, source=source)

    @staticmethod
    def error(found: list[str], *, source: str) -> ShapeError:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        return ShapeError(f"{source}: the extracted graph does not satisfy the shapes, so it was not written: "
                          f"{'; '.join(found[:3])}{more}",
                          hint="this is a bug in kg's extraction; report it with the article")


def _anchor_problems(quads: list[ox.Quad]) -> list[str]:
    """kgsh:MentionAnchorShape's test: each mention's anchor is its context's text between its offsets."""
    text: dict = {}
    spans: dict = {}
    is_string, ref, begin, end, anchor = (str(NIF.isString), str(NIF.referenceContext), str(NIF.beginIndex),
                                          str(NIF.endIndex), str(NIF.anchorOf))
    slot = {ref: 0, begin: 1, end: 2, anchor: 3}
    for q in quads:
        p = q.predicate.value
        if p == is_string:
            text[q.subject] = q.object.value
        elif p in slot:
            spans.setdefault(q.subject, [None] * 4)[slot[p]] = q.object
    out = []
    for node, (ctx, b, e, a) in spans.items():
        if ctx is None or ctx not in text or b is None or e is None or a is None:
            continue  # a mention of another graph's context, or one the structure shapes cover
        b, e, s = int(b.value), int(e.value), text[ctx]
        if b <= e and (e > len(s) or s[b:e] != a.value):
            out.append(f"{node.value}: nif:anchorOf \"{a.value}\" is not the context's nif:isString from {b} to {e}")
    return out

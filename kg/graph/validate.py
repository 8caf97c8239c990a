"""Check a built graph: SHACL shapes per source graph, and that the metadata describes every source.

Validation works graph by graph (a source graph plus the reference ontology for class hierarchy), so
its cost follows the size of what is checked, not of the store.

Ingest checks each source before it writes it (``SourceCheck``): not with every shape, which costs
pySHACL about 0.1 s a source (twice spaCy's parse of the article), but with the shapes whose outcome
depends on what was extracted rather than on how ``kg.graph.rdfize`` writes: the time values (their value
and datatype come from the time normalizer) and the mention anchors (offsets into the text). The
time shapes are read from shapes.ttl and evaluated in Python (``_NodeRule``: the SHACL Core counts,
datatypes, patterns and value lists they use; pySHACL itself, ~0.5 ms a time value, if the shapes
ever hold more); the anchors with the test of the shapes' SPARQL constraint. The rest of a source
graph is structure rdfize writes the same way for every source; ``kg validate`` checks it all with
every shape, and the tests check both agree on the shapes' failing fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from kg.errors import ShapeError
from kg.knowledge.ontology import load_ontology
from kg.resources import shapes_file
from kg.graph.resolve import awaiting_links
from kg.graph.screen import ShapeScreen, anchor_problems
from kg.graph.store import KGStore, to_ox
from kg.vocab import KG, METADATA_GRAPH, OWL, RDF, RDFS, REF, REFERENCE_GRAPH, SEM, SHAPES, SOURCE_GRAPH_PREFIX


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
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
    ]
    g = Graph()
    if triples:
        g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


def source_graphs(store: KGStore) -> list[str]:
    return [g for g in store.named_graphs() if g.startswith(SOURCE_GRAPH_PREFIX)]


def validate_store(
    store: KGStore, *, sources: list[str] | None = None, ontology_dirs: list[Path] | None = None
) -> ValidationReport:
    """Validate the given source graphs (all by default) and the metadata graph, against the
    classes the store's reference graph declares, or, with ``ontology_dirs``, those of the built-in
    ontology plus these extra folders (as ``kg ingest --ontology`` loads them).

    Each graph's quads go through :class:`kg.graph.screen.ShapeScreen` first (every violation the
    shapes can find, evaluated in Python in milliseconds); only a graph it flags is validated by
    pySHACL, whose report is the one given. 5,000 small sources: ~300 s with pySHACL for each, a
    few seconds this way (bench/README.md)."""
    import pyshacl

    shapes = Graph().parse(shapes_file(), format="turtle")
    declared = load_ontology(ontology_dirs).graph if ontology_dirs else graph_of(store, str(REFERENCE_GRAPH))
    ontology = shape_ontology(declared, shapes)
    screen = ShapeScreen.of(shapes, ontology)
    targets = sources if sources is not None else source_graphs(store)
    report = ValidationReport(conforms=True)
    for g_iri in [*targets, str(METADATA_GRAPH)]:
        quads = list(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g_iri)))
        if screen is not None and not screen.problems(quads):
            report.graphs.append(GraphReport(g_iri, True))
            continue
        conforms, results, _ = pyshacl.validate(
            _rdflib_graph(quads),
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
        messages = _messages(results) if not conforms else []
        report.graphs.append(GraphReport(g_iri, bool(conforms), messages))
        report.conforms &= bool(conforms)
    described = {
        q.subject.value
        for q in store.oxigraph.quads_for_pattern(None, to_ox(RDF.type), to_ox(KG.SourceGraph), to_ox(METADATA_GRAPH))
    }
    present = set(source_graphs(store))
    for g in sorted(present - described):
        report.problems.append(f"source graph {g} is not described in the metadata graph")
    for g in sorted(described - present):
        report.problems.append(f"metadata describes {g} but the graph is missing")
    pending = awaiting_links(store)
    if pending:
        report.problems.append(
            f"{len(pending)} source(s) await their cross-source links (a write stopped before linking them, "
            f"such as {pending[0]}); the next kg ingest or kg remove links them"
        )
    report.conforms &= not report.problems
    return report


def shape_ontology(declared: Graph, shapes: Graph) -> Graph:
    """The ontology as the shapes are checked against it (pySHACL's ``ont_graph``, and the screen's).

    Its classes, properties and ontology instances, not the gazetteer's thousands of entities.
    pySHACL copies into each data graph only the ontology's classes, properties and
    ``owl:NamedIndividual`` nodes, so an instance the shapes require by ``sh:class`` (an event type
    concept: ``sem:eventType`` has ``sh:class kg:EventType``) must be a named individual to be
    seen. The built-in concepts say so themselves; an extension's concept, written as
    docs/ontology.md shows (``a kg:EventType , skos:Concept``), need not: every instance of a class
    a shape names in ``sh:class`` is made a named individual here.

    >>> from kg.vocab import KG, OWL
    >>> shapes = Graph().parse(shapes_file(), format="turtle")
    >>> g = Graph().add((URIRef("https://example.org/Flooding"), RDF.type, KG.EventType))
    >>> (URIRef("https://example.org/Flooding"), RDF.type, OWL.NamedIndividual) in shape_ontology(g, shapes)
    True
    """
    ontology = Graph()
    for t in declared:
        # skos:hasTopConcept loops back to every concept, which makes pyshacl's copying of the
        # ontology into each data graph explode; the concepts' own skos:topConceptOf says the same.
        if not str(t[0]).startswith(str(REF)) and t[1] != SKOS.hasTopConcept:
            ontology.add(t)
    required = set(shapes.objects(None, SH["class"]))
    subclasses: dict = {}
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        subclasses.setdefault(o, set()).add(s)
    todo = list(required)
    while todo:
        for sub in subclasses.get(todo.pop(), ()):
            if sub not in required:
                required.add(sub)
                todo.append(sub)
    for s, o in list(ontology.subject_objects(RDF.type)):
        if o in required and isinstance(s, URIRef):
            ontology.add((s, RDF.type, OWL.NamedIndividual))
    return ontology


def _rdflib_graph(quads: list[ox.Quad]) -> Graph:
    g = Graph()
    if quads:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


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
    >>> from kg.vocab import TIME, XSD
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
        try:
            self._rules: list[_NodeRule] | None = [_NodeRule.of(self._shapes, shape) for shape in _PRECOMMIT_SHAPES]
        except _Unsupported:
            self._rules = None

    @classmethod
    def default(cls) -> SourceCheck:
        """The check for the shapes file as it is now (made once per version of the file)."""
        f = shapes_file()
        return _default_check(str(f), f.stat().st_mtime_ns)

    def _copy(self, shapes: Graph, node) -> None:
        for p, o in shapes.predicate_objects(node):
            self._shapes.add((node, p, o))
            if not isinstance(o, URIRef):  # blank nodes: property shapes, lists
                self._copy(shapes, o)

    def problems(self, quads: list[ox.Quad]) -> list[str]:
        """What the checked shapes find wrong in these quads (empty when they conform)."""
        return self.problems_of({"": quads})[""]

    def problems_of(self, sources: dict[str, list[ox.Quad]]) -> dict[str, list[str]]:
        """``problems`` of several sources at once (ingest checks a batch of sources in one go)."""
        type_ = str(RDF.type)
        out = {name: anchor_problems(quads) for name, quads in sources.items()}
        if self._rules is None:
            return self._pyshacl_problems(sources, out)
        for name, quads in sources.items():
            focus: list[set[str]] = [set() for _ in self._rules]
            for q in quads:
                p = q.predicate.value
                for rule, nodes in zip(self._rules, focus):
                    if p == type_ and q.object.value in rule.classes:
                        nodes.add(q.subject.value)
                    elif p in rule.objects_of:
                        nodes.add(q.object.value)
            every = set().union(*focus)
            by_subject: dict[str, list[ox.Quad]] = {}
            for q in quads:
                if q.subject.value in every:
                    by_subject.setdefault(q.subject.value, []).append(q)
            for rule, nodes in zip(self._rules, focus):
                for node in sorted(nodes):
                    out[name] += rule.problems(node, by_subject.get(node, []))
        return {name: sorted(found) for name, found in out.items()}

    def _pyshacl_problems(self, sources: dict[str, list[ox.Quad]], out: dict[str, list[str]]) -> dict[str, list[str]]:
        """The same check by pySHACL (~0.5 ms a time value): used when the shapes hold a constraint
        ``_NodeRule`` does not evaluate."""
        import pyshacl

        type_, time_type, has_time = str(RDF.type), str(KG.TimeValue), str(SEM.hasTime)
        owner: dict = {}
        triples = []
        for name, quads in sources.items():
            nodes = {q.subject for q in quads if q.predicate.value == type_ and q.object.value == time_type}
            nodes |= {q.object for q in quads if q.predicate.value == has_time}
            owner.update((str(n.value), name) for n in nodes)
            triples += [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.subject in nodes]
        if triples:
            data = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
            conforms, results, _ = pyshacl.validate(
                data, shacl_graph=self._shapes, inference="none", allow_warnings=True
            )
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
        return ShapeError(
            f"{source}: the extracted graph does not satisfy the shapes, so it was not written: "
            f"{'; '.join(found[:3])}{more}",
            hint="this is a bug in kg's extraction; report it with the article",
        )


@lru_cache(maxsize=1)
def _default_check(path: str, mtime: int) -> SourceCheck:
    return SourceCheck()


class _Unsupported(Exception):
    pass


# What a property shape may hold for _NodeRule to evaluate it (anything else: pySHACL runs instead).
_PROPERTY_KEYS = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["or"],
    SH.pattern,
    SH["in"],
    SH.message,
    SH.severity,
    RDFS.comment,
}
_NODE_KEYS = {
    RDF.type,
    RDFS.comment,
    SH.targetClass,
    SH.targetObjectsOf,
    SH.property,
    SH.xone,
    SH["or"],
    SH.message,
    SH.severity,
}


@dataclass
class _PropertyRule:
    """One property shape's SHACL Core constraints, evaluated on a node's values."""

    path: str
    min_count: int = 0
    max_count: int | None = None
    datatypes: set[str] | None = None
    pattern: re.Pattern | None = None
    allowed: set[str] | None = None
    message: str = ""

    @classmethod
    def of(cls, shapes: Graph, node) -> _PropertyRule | None:
        if shapes.value(node, SH.severity) not in (None, SH.Violation):
            return None  # advice: never stops a write
        keys = set(shapes.predicates(node))
        if keys - _PROPERTY_KEYS or not isinstance(shapes.value(node, SH.path), URIRef):
            raise _Unsupported(node)
        rule = cls(str(shapes.value(node, SH.path)), message=str(shapes.value(node, SH.message) or ""))
        if (n := shapes.value(node, SH.minCount)) is not None:
            rule.min_count = int(n)
        if (n := shapes.value(node, SH.maxCount)) is not None:
            rule.max_count = int(n)
        if (d := shapes.value(node, SH.datatype)) is not None:
            rule.datatypes = {str(d)}
        if (alt := shapes.value(node, SH["or"])) is not None:
            members = list(Collection(shapes, alt))
            if any(set(shapes.predicates(m)) != {SH.datatype} for m in members) or rule.datatypes:
                raise _Unsupported(node)
            rule.datatypes = {str(shapes.value(m, SH.datatype)) for m in members}
        if (p := shapes.value(node, SH.pattern)) is not None:
            rule.pattern = re.compile(str(p))
        if (lst := shapes.value(node, SH["in"])) is not None:
            rule.allowed = {str(v) for v in Collection(shapes, lst)}
        return rule

    def problems(self, node: str, values: list) -> list[str]:
        out = []
        why = f" ({self.message})" if self.message else ""
        if len(values) < self.min_count:
            out.append(f"{node} {self.path}: fewer than {self.min_count} values{why}")
        if self.max_count is not None and len(values) > self.max_count:
            out.append(f"{node} {self.path}: more than {self.max_count} values{why}")
        for v in values:
            bad = None
            if self.datatypes is not None and not _has_datatype(v, self.datatypes):
                bad = f"value {v} is not a well-formed literal of datatype {' or '.join(sorted(self.datatypes))}"
            elif self.pattern is not None and (isinstance(v, ox.BlankNode) or not self.pattern.search(v.value)):
                bad = f"value {v} does not match the pattern {self.pattern.pattern}"
            elif self.allowed is not None and (isinstance(v, ox.Literal) or v.value not in self.allowed):
                bad = f"value {v} is not one of the allowed values"
            if bad:
                out.append(f"{node} {self.path}: {self.message or bad}")
        return out


@dataclass
class _NodeRule:
    """A node shape of SHACL Core counts, datatypes, patterns and value lists, with targets by class
    (exact) or by the objects of a property: the constraints the pre-commit shapes use."""

    classes: set[str]
    objects_of: set[str]
    properties: list[_PropertyRule]
    exactly_one: list[list[str]]  # sh:xone over "has a value for this path" alternatives
    message: str

    @classmethod
    def of(cls, shapes: Graph, shape) -> _NodeRule:
        if set(shapes.predicates(shape)) - _NODE_KEYS or shapes.value(shape, SH["or"]) is not None:
            raise _Unsupported(shape)
        one = []
        for alt in shapes.objects(shape, SH.xone):
            members = list(Collection(shapes, alt))
            if any(
                set(shapes.predicates(m)) != {SH.path, SH.minCount} or int(str(shapes.value(m, SH.minCount))) != 1
                for m in members
            ):
                raise _Unsupported(shape)
            one.append([str(shapes.value(m, SH.path)) for m in members])
        props = [_PropertyRule.of(shapes, p) for p in shapes.objects(shape, SH.property)]
        return cls(
            {str(c) for c in shapes.objects(shape, SH.targetClass)},
            {str(p) for p in shapes.objects(shape, SH.targetObjectsOf)},
            [p for p in props if p is not None],
            one,
            str(shapes.value(shape, SH.message) or ""),
        )

    def problems(self, node: str, quads: list[ox.Quad]) -> list[str]:
        values: dict[str, list] = {}
        for q in quads:
            values.setdefault(q.predicate.value, []).append(q.object)
        out = []
        for paths in self.exactly_one:
            if sum(1 for p in paths if values.get(p)) != 1:
                out.append(f"{node}: {self.message or 'not exactly one of ' + ', '.join(paths)}")
        for rule in self.properties:
            out += rule.problems(node, values.get(rule.path, []))
        return out


def _has_datatype(v, datatypes: set[str]) -> bool:
    """sh:datatype: a literal of one of the datatypes, well formed where rdflib knows the datatype."""
    if not isinstance(v, ox.Literal):
        return False
    dt = v.datatype.value if v.language is None else str(RDF.langString)
    if dt not in datatypes:
        return False
    return not Literal(v.value, datatype=URIRef(dt)).ill_typed

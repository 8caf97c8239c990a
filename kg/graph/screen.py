"""A fast first pass of ``kg validate``: the shapes' violations evaluated in Python over a graph's quads.

pySHACL costs about 0.1-0.3 s a source graph (most of it copying the ontology into each graph and
walking every focus node in rdflib), so 5,000 sources took 300 s. :class:`ShapeScreen` reads the
shapes once and checks a graph's quads (read straight from Oxigraph) against every constraint of
severity ``sh:Violation`` in a few milliseconds. It is a screen, not a judge: a graph it passes
conforms; a graph it flags is validated again by pySHACL, whose report is the one shown. So it may
only err towards flagging, and it refuses (``ShapeScreen.of`` returns None: pySHACL checks every
graph) when the shapes use a constraint it does not evaluate.

What it evaluates, as pySHACL does with the ontology mixed in (``ont_graph``, no inference):
targets by class (with ``rdfs:subClassOf*``), subjects of and objects of a property; ``sh:nodeKind``,
``sh:class``, ``sh:datatype``, ``sh:pattern``, ``sh:in``, ``sh:minCount``/``sh:maxCount``,
``sh:minInclusive``, ``sh:lessThanOrEquals``, ``sh:or``/``sh:xone`` of such shapes, property paths
that are an IRI or an ``sh:alternativePath``, and the one SPARQL constraint (the mention anchors,
which ingest's pre-commit check runs too). The tests run both on every failing
fixture of the shapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from kg.vocab import NIF, RDF, RDFS, SHAPES

_TYPE, _SUBCLASS = str(RDF.type), str(RDFS.subClassOf)
_ANCHOR_SHAPE = SHAPES.MentionAnchorShape

# what a shape may hold for the screen to evaluate it (anything else: pySHACL checks every graph)
_KEYS = {
    RDF.type,
    RDFS.comment,
    RDFS.label,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.path,
    SH.nodeKind,
    SH["class"],
    SH.datatype,
    SH.pattern,
    SH["in"],
    SH.minCount,
    SH.maxCount,
    SH.minInclusive,
    SH.lessThanOrEquals,
    SH["or"],
    SH.xone,
    SH.message,
    SH.severity,
    SH.sparql,
    SH.deactivated,
}


class Unsupported(Exception):
    """The shapes use a constraint the screen does not evaluate."""


Test = Callable[["Data", object], bool]  # does this value node satisfy a constraint?


@dataclass
class Data:
    """One graph's triples by subject, with the ontology's types and class hierarchy."""

    out: dict[object, dict[str, list]]
    types: Callable[[object], set[str]]
    quads: list[ox.Quad]

    def values(self, node, paths: tuple[str, ...]) -> list:
        props = self.out.get(node, {})
        return [v for p in paths for v in props.get(p, [])]


@dataclass
class _Shape:
    name: str
    tests: list[Test] = field(default_factory=list)  # on the focus node itself
    counts: list[tuple[tuple[str, ...], int, int | None]] = field(default_factory=list)  # path, min, max
    value_tests: list[tuple[tuple[str, ...], Test]] = field(default_factory=list)
    less_equal: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    anchors: bool = False
    classes: set[str] = field(default_factory=set)
    subjects_of: set[str] = field(default_factory=set)
    objects_of: set[str] = field(default_factory=set)


class ShapeScreen:
    """Every ``sh:Violation`` of the shapes, evaluated in Python (see the module's docstring)."""

    def __init__(self, shapes: list[_Shape], copied: Graph) -> None:
        self._shapes = shapes
        supers: dict[str, set[str]] = {}
        for s, o in copied.subject_objects(RDFS.subClassOf):
            supers.setdefault(str(s), set()).add(str(o))
        self._supers = supers
        self._closure: dict[str, frozenset[str]] = {}
        self._onto_types: dict[str, set[str]] = {}
        for s, o in copied.subject_objects(RDF.type):
            if isinstance(s, URIRef):
                self._onto_types.setdefault(str(s), set()).add(str(o))

    @classmethod
    def of(cls, shapes: Graph, ontology: Graph) -> ShapeScreen | None:
        """The screen for these shapes and ontology, or None when a shape holds a constraint it does
        not evaluate."""
        try:
            built = [_shape(shapes, s) for s in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str)]
        except Unsupported:
            return None
        return cls(built, _copied(ontology))

    def _all_supers(self, cls_iri: str) -> frozenset[str]:
        got = self._closure.get(cls_iri)
        if got is None:
            seen, todo = {cls_iri}, [cls_iri]
            while todo:
                for sup in self._supers.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            got = self._closure[cls_iri] = frozenset(seen)
        return got

    def problems(self, quads: Iterable[ox.Quad]) -> list[str]:
        """What violates the shapes in these quads (one graph); empty when the screen passes it."""
        quads = list(quads)
        out: dict[object, dict[str, list]] = {}
        local_types: dict[object, set[str]] = {}
        for q in quads:
            out.setdefault(q.subject, {}).setdefault(q.predicate.value, []).append(q.object)
            if q.predicate.value == _TYPE and isinstance(q.object, ox.NamedNode):
                local_types.setdefault(q.subject, set()).add(q.object.value)
        nodes = set(out) | {q.object for q in quads if not isinstance(q.object, ox.Literal)}
        cache: dict[object, set[str]] = {}

        def types(node) -> set[str]:
            got = cache.get(node)
            if got is None:
                direct = set(local_types.get(node, ()))
                if isinstance(node, ox.NamedNode):
                    direct |= self._onto_types.get(node.value, set())
                got = cache[node] = set().union(*(self._all_supers(t) for t in direct)) if direct else set()
            return got

        data = Data(out, types, quads)
        found: list[str] = []
        for shape in self._shapes:
            focus = {n for n in nodes if shape.classes & types(n)}
            for p in shape.subjects_of:
                focus |= {n for n, props in out.items() if p in props}
            for p in shape.objects_of:
                focus |= {v for props in out.values() for v in props.get(p, [])}
            for node in sorted(focus, key=str):
                found += [f"{node} {shape.name}: {why}" for why in _check(shape, data, node)]
            if shape.anchors:
                found += [f"{shape.name}: {p}" for p in anchor_problems(quads)]
        return sorted(found)


def _check(shape: _Shape, data: Data, node) -> list[str]:
    bad = [f"fails {i}" for i, t in enumerate(shape.tests) if not t(data, node)]
    for paths, low, high in shape.counts:
        n = len(data.values(node, paths))
        if n < low or (high is not None and n > high):
            bad.append(f"{'/'.join(paths)}: {n} values")
    for paths, t in shape.value_tests:
        bad += [f"{'/'.join(paths)}: value {v}" for v in data.values(node, paths) if not t(data, v)]
    for paths, other in shape.less_equal:
        for v in data.values(node, paths):
            for w in data.values(node, (other,)):
                if not _less_equal(v, w):
                    bad.append(f"{'/'.join(paths)}: {v} > {w}")
    return bad


def _shape(shapes: Graph, node, *, name: str | None = None) -> _Shape:
    """A node shape (or a property shape, or a member of sh:or) as tests; Unsupported if it holds a
    constraint the screen does not know. Property shapes of severity other than Violation are left
    out (advice never fails a graph)."""
    keys = set(shapes.predicates(node))
    if keys - _KEYS:
        raise Unsupported(f"{node}: {sorted(map(str, keys - _KEYS))}")
    shape = _Shape(name or (str(node).rsplit("#", 1)[-1] if isinstance(node, URIRef) else "shape"))
    if shapes.value(node, SH.deactivated) == Literal(True) or shapes.value(node, SH.severity) not in (
        None,
        SH.Violation,
    ):
        return shape  # (no targets: advice never fails a graph)
    shape.classes = {str(c) for c in shapes.objects(node, SH.targetClass)}
    shape.subjects_of = {str(p) for p in shapes.objects(node, SH.targetSubjectsOf)}
    shape.objects_of = {str(p) for p in shapes.objects(node, SH.targetObjectsOf)}
    if shapes.value(node, SH.sparql) is not None:
        if node != _ANCHOR_SHAPE or keys - {RDF.type, RDFS.comment, SH.targetClass, SH.sparql}:
            raise Unsupported(f"{node}: a SPARQL constraint")
        shape.anchors = True
        shape.classes = set()  # (its target only says where the constraint runs: once per graph here)
        return shape
    shape.tests = _value_tests(shapes, node)
    for prop in shapes.objects(node, SH.property):
        if shapes.value(prop, SH.severity) not in (None, SH.Violation):
            continue
        pkeys = set(shapes.predicates(prop))
        if pkeys - _KEYS or pkeys & {SH.property, SH.sparql, SH.targetClass, SH.xone}:
            raise Unsupported(f"{node}: property shape keys {sorted(map(str, pkeys))}")
        paths = _path(shapes, shapes.value(prop, SH.path))
        low = _int(shapes.value(prop, SH.minCount))
        high = shapes.value(prop, SH.maxCount)
        if low or high is not None:
            shape.counts.append((paths, low, _int(high) if high is not None else None))
        for t in _value_tests(shapes, prop):
            shape.value_tests.append((paths, t))
        for other in shapes.objects(prop, SH.lessThanOrEquals):
            shape.less_equal.append((paths, str(other)))
    return shape


def _path(shapes: Graph, path) -> tuple[str, ...]:
    if isinstance(path, URIRef):
        return (str(path),)
    alt = shapes.value(path, SH.alternativePath) if path is not None else None
    if alt is not None and set(shapes.predicates(path)) == {SH.alternativePath}:
        members = list(Collection(shapes, alt))
        if all(isinstance(m, URIRef) for m in members):
            return tuple(str(m) for m in members)
    raise Unsupported(f"path {path}")


def _value_tests(shapes: Graph, node) -> list[Test]:
    """The constraints of ``node`` that a single value node must pass (nodeKind, class, ...)."""
    tests: list[Test] = []
    if (kind := shapes.value(node, SH.nodeKind)) is not None:
        tests.append(_node_kind(kind))
    for c in shapes.objects(node, SH["class"]):
        tests.append(_is_instance(str(c)))
    datatypes = frozenset(str(x) for x in shapes.objects(node, SH.datatype))
    if datatypes:
        tests.append(_is_of_datatype(datatypes))
    for p in shapes.objects(node, SH.pattern):
        tests.append(_matches(re.compile(str(p))))
    if (lst := shapes.value(node, SH["in"])) is not None:
        allowed = list(Collection(shapes, lst))
        if any(not isinstance(a, URIRef) for a in allowed):
            raise Unsupported(f"{node}: sh:in with literals")
        tests.append(_is_one_of(frozenset(str(a) for a in allowed)))
    if (low := shapes.value(node, SH.minInclusive)) is not None:
        bound = _number(low.toPython()) if isinstance(low, Literal) else None
        if bound is None:
            raise Unsupported(f"{node}: sh:minInclusive {low}")
        tests.append(_at_least(bound))
    for key, exactly_one in ((SH["or"], False), (SH.xone, True)):
        for lst in shapes.objects(node, key):
            tests.append(_any_of([_member(shapes, m) for m in Collection(shapes, lst)], exactly_one=exactly_one))
    return tests


def _is_instance(cls_iri: str) -> Test:
    def test(d: Data, v) -> bool:
        return not isinstance(v, ox.Literal) and cls_iri in d.types(v)

    return test


def _is_of_datatype(datatypes: frozenset[str]) -> Test:
    def test(d: Data, v) -> bool:
        return len(datatypes) == 1 and _has_datatype(v, datatypes)  # (two sh:datatype: flagged)

    return test


def _matches(rx: re.Pattern) -> Test:
    def test(d: Data, v) -> bool:
        return not isinstance(v, ox.BlankNode) and rx.search(v.value) is not None

    return test


def _is_one_of(names: frozenset[str]) -> Test:
    def test(d: Data, v) -> bool:
        return isinstance(v, ox.NamedNode) and v.value in names

    return test


def _at_least(bound: Decimal) -> Test:
    def test(d: Data, v) -> bool:
        n = _literal_number(v)
        return n is not None and n >= bound

    return test


def _any_of(members: list[list[Test]], *, exactly_one: bool) -> Test:
    def test(d: Data, v) -> bool:
        passed = sum(all(t(d, v) for t in m) for m in members)
        return passed == 1 if exactly_one else passed >= 1

    return test


def _has_count(paths: tuple[str, ...], low: int) -> Test:
    def test(d: Data, v) -> bool:
        return len(d.values(v, paths)) >= low

    return test


def _member(shapes: Graph, node) -> list[Test]:
    """A member of sh:or / sh:xone: value tests, or ``sh:path P ; sh:minCount n``."""
    keys = set(shapes.predicates(node))
    if SH.path in keys:
        if keys - {SH.path, SH.minCount}:
            raise Unsupported(f"member {node}")
        return [_has_count(_path(shapes, shapes.value(node, SH.path)), _int(shapes.value(node, SH.minCount)))]
    if keys - {SH.nodeKind, SH["class"], SH.datatype, SH.pattern, SH["in"], RDF.type}:
        raise Unsupported(f"member {node}")
    return _value_tests(shapes, node)


def _int(value) -> int:
    return int(value.toPython()) if isinstance(value, Literal) else 0


def _node_kind(kind) -> Test:
    kinds = {
        SH.IRI: (ox.NamedNode,),
        SH.Literal: (ox.Literal,),
        SH.BlankNode: (ox.BlankNode,),
        SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode),
        SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
        SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    }
    if kind not in kinds:
        raise Unsupported(f"nodeKind {kind}")
    allowed = kinds[kind]

    def test(d: Data, v) -> bool:
        return isinstance(v, allowed)

    return test


def _has_datatype(v, datatypes: frozenset[str]) -> bool:
    if not isinstance(v, ox.Literal):
        return False
    dt = v.datatype.value if v.language is None else str(RDF.langString)
    return dt in datatypes and not Literal(v.value, datatype=URIRef(dt)).ill_typed


def _number(x) -> Decimal | None:
    if isinstance(x, bool) or not isinstance(x, (int, float, Decimal)):
        return None
    try:
        return Decimal(x)
    except (InvalidOperation, ValueError):
        return None


def _literal_number(v) -> Decimal | None:
    if not isinstance(v, ox.Literal) or v.language is not None:
        return None
    lit = Literal(v.value, datatype=URIRef(v.datatype.value))
    return None if lit.ill_typed else _number(lit.toPython())


def _less_equal(v, w) -> bool:
    a, b = _literal_number(v), _literal_number(w)
    return a is not None and b is not None and a <= b  # (anything else: flagged, pySHACL decides)


def _copied(ontology: Graph) -> Graph:
    """What pySHACL copies of the ontology into each data graph: the nodes typed with an RDFS or OWL
    class (their types) and the class hierarchy."""
    meta = {RDFS.Class, RDF.Property, OWL.Class, OWL.NamedIndividual, OWL.ObjectProperty}
    meta |= {OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology, OWL.Restriction, RDFS.Datatype}
    out = Graph()
    nodes = {s for m in meta for s in ontology.subjects(RDF.type, m)}
    for s in nodes:
        for o in ontology.objects(s, RDF.type):
            out.add((s, RDF.type, o))
    for t in ontology.triples((None, RDFS.subClassOf, None)):
        out.add(t)
    return out


def anchor_problems(quads: list[ox.Quad]) -> list[str]:
    """kgsh:MentionAnchorShape's test: each mention's anchor is its context's text between its offsets."""
    text: dict = {}
    spans: dict = {}
    is_string, ref, begin, end, anchor = (
        str(NIF.isString),
        str(NIF.referenceContext),
        str(NIF.beginIndex),
        str(NIF.endIndex),
        str(NIF.anchorOf),
    )
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
            out.append(f'{node.value}: nif:anchorOf "{a.value}" is not the context\'s nif:isString from {b} to {e}')
    return out

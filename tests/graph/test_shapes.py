"""SHACL shapes (ontology/shapes.ttl): each shape has a passing and a failing fixture.

The fixtures are tiny hand-written graphs: one valid source graph and one valid metadata graph,
and for every shape one or more mutations that must fail it. A failure must be reported by the
right shape (the named node shape, also for its property shapes) on the right path.
Validation runs as kg.graph.validate runs it: ontology files as ``ont_graph``, no inference, advanced
mode (SPARQL targets), warnings allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"

KGSH = Namespace("https://w3id.org/kg-news/shapes#")
KG = Namespace("https://w3id.org/kg-news/ont#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
EX = Namespace("https://w3id.org/kg-news/id/src/test/")

PREFIXES = """\
@prefix kg:   <https://w3id.org/kg-news/ont#> .
@prefix kget: <https://w3id.org/kg-news/event-type/> .
@prefix nif:  <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix gaf:  <http://groundedannotationframework.org/gaf#> .
@prefix sem:  <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <https://w3id.org/kg-news/id/src/test/> .
@prefix ref:  <https://w3id.org/kg-news/ref/event/> .
@prefix kgg:  <https://w3id.org/kg-news/graph/source/> .
"""

# A text written for this test; non-ASCII characters before the spans check code-point offsets.
TEXT = "Soldat défecte — soldier defects\nA soldier crossed the border on Sunday, officials said."
HASH = "0" * 63 + "a"


def _span(anchor: str) -> tuple[int, int]:
    begin = TEXT.rindex(anchor) if anchor == "soldier" else TEXT.index(anchor)
    return begin, begin + len(anchor)


def _mention(name: str, anchor: str, cls: str = "kg:Mention", datatype: str = "xsd:nonNegativeInteger") -> str:
    b, e = _span(anchor)
    return (f'ex:{name} a {cls} , nif:OffsetBasedString ; nif:referenceContext ex:text ;\n'
            f'    nif:beginIndex "{b}"^^{datatype} ; nif:endIndex "{e}"^^{datatype} ;\n'
            f'    nif:anchorOf "{anchor}" .')


SENTENCE = "A soldier crossed the border on Sunday, officials said."

# The valid source graph, statement by statement (cases replace, drop or add statements).
SOURCE: dict[str, str] = {
    "context": 'ex:text a nif:Context , nif:OffsetBasedString ; nif:isString """%s""" .' % TEXT,
    "m_sentence": _mention("m-sentence", SENTENCE, "kg:SentenceMention"),
    "m_soldier": _mention("m-soldier", "soldier"),
    "m_crossed": _mention("m-crossed", "crossed"),
    "m_border": _mention("m-border", "border"),
    "m_sunday": _mention("m-sunday", "Sunday"),
    # as read back from Oxigraph, which stores every integer as xsd:integer
    "m_officials": _mention("m-officials", "officials", datatype="xsd:integer"),
    "soldier": 'ex:soldier a kg:Person ; rdfs:label "soldier"@en ; gaf:denotedBy ex:m-soldier .',
    "border": 'ex:border a kg:Border ; rdfs:label "border"@en ; gaf:denotedBy ex:m-border .',
    "officials": 'ex:officials a kg:Group ; rdfs:label "officials"@en ; gaf:denotedBy ex:m-officials .',
    "event": ('ex:crossing a kg:BorderCrossing ; sem:eventType kget:BorderCrossing ;\n'
              '    rdfs:label "soldier crossed the border"@en ;\n'
              '    gaf:denotedBy ex:m-crossed ; kg:triggerMention ex:m-crossed ;\n'
              '    kg:agent ex:soldier ; kg:place ex:border ; sem:hasTime ex:sunday .'),
    "time": ('ex:sunday a kg:TimeValue ; time:inXSDDate "2025-10-19"^^xsd:date ; time:unitType time:unitDay ;\n'
             '    kg:timeExpression "Sunday" ; kg:anchorDate "2025-10-20"^^xsd:date ;\n'
             '    sem:hasEarliestBeginTimeStamp "2025-10-19T00:00:00+09:00"^^xsd:dateTime ;\n'
             '    sem:hasLatestEndTimeStamp "2025-10-20T00:00:00+09:00"^^xsd:dateTime ;\n'
             '    gaf:denotedBy ex:m-sunday .'),
    "claim": ('ex:claim a kg:Claim ; kg:claimKind kg:AttributedStatement ; gaf:denotedBy ex:m-sentence ;\n'
              '    prov:wasAttributedTo ex:officials .'),
}

# The valid metadata graph.
METADATA: dict[str, str] = {
    "graph": ('kgg:test a kg:SourceGraph ; prov:wasDerivedFrom ex:doc ; prov:wasGeneratedBy ex:run ;\n'
              f'    prov:generatedAtTime "2025-10-20T12:00:00+00:00"^^xsd:dateTime ; kg:contentHash "{HASH}" .'),
    "doc": f'ex:doc a kg:SourceDocument ; kg:contentHash "{HASH}" .',
    "run": 'ex:run a kg:ExtractionRun ; prov:wasAssociatedWith ex:software ; kg:extractor "rules.v1" .',
    "software": 'ex:software a kg:Software ; rdfs:label "kg 0.1.0" .',
}


@dataclass(frozen=True)
class Result:
    shape: URIRef | None  # the named node shape that reported it
    path: URIRef | None
    severity: URIRef
    focus: URIRef
    value: object = None


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for name in ("kg.ttl", "event-types.ttl"):
        g.parse(ONTOLOGY / name, format="turtle")
    return g


def _named_shape(shapes: Graph, node) -> URIRef | None:
    """A property shape's (blank node) owner: the named node shape the result belongs to."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        owner = next(shapes.subjects(SH.property, node), None)
        if owner is None:
            return None
        node = owner
    return node


def _validate(statements: dict[str, str], shapes: Graph, ontology: Graph) -> tuple[bool, list[Result]]:
    data = Graph().parse(data=PREFIXES + "\n".join(statements.values()), format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                           advanced=True, allow_warnings=True)
    results = [
        Result(_named_shape(shapes, report.value(r, SH.sourceShape)), report.value(r, SH.resultPath),
               report.value(r, SH.resultSeverity), report.value(r, SH.focusNode), report.value(r, SH.value))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return bool(conforms), results


def _mutate(base: dict[str, str], *, drop=(), replace=None, add=None) -> dict[str, str]:
    out = {k: v for k, v in base.items() if k not in drop}
    out.update(replace or {})
    out.update(add or {})
    return out


# --- passing fixtures ---------------------------------------------------------------------------


def test_valid_source_graph_conforms_without_any_result(shapes, ontology):
    conforms, results = _validate(SOURCE, shapes, ontology)
    assert conforms, results
    assert results == []


def test_valid_metadata_graph_conforms(shapes, ontology):
    conforms, results = _validate(METADATA, shapes, ontology)
    assert conforms, results
    assert results == []


def test_reference_event_needs_no_mention(shapes, ontology):
    """Background events of the gazetteer (under ref/) are exempt from the mention rule."""
    data = _mutate(SOURCE, add={"war": 'ref:some-war a kg:Attack ; rdfs:label "some war"@en ; sem:eventType kget:Attack .'})
    conforms, results = _validate(data, shapes, ontology)
    assert conforms and results == [], results


def test_reference_graph_as_data_conforms(shapes):
    """All ontology files validated as data: gazetteer entities have labels, the reference events
    need no mention, event-type concepts are well formed."""
    ref = Graph()
    for f in sorted(ONTOLOGY.rglob("*.ttl")):
        if f.name != "shapes.ttl":
            ref.parse(f, format="turtle")
    conforms, report, text = pyshacl.validate(ref, shacl_graph=shapes, inference="none", advanced=True,
                                              allow_warnings=True)
    assert conforms, text[:2000]
    assert (None, RDF.type, SH.ValidationResult) not in report, text[:2000]


def _time_of_day(literal: str) -> str:
    """The fixture's time value as a time of day ("3:40 p.m. Sunday") with the given literal."""
    return SOURCE["time"].replace('time:inXSDDate "2025-10-19"^^xsd:date', f"time:inXSDDateTimeStamp {literal}").replace(
        "time:unitDay", "time:unitMinute")


@pytest.mark.parametrize("literal", ['"2025-10-19T15:40:00+09:00"^^xsd:dateTime',
                                     '"2025-10-19T06:40:00Z"^^xsd:dateTime',
                                     '"2025-10-19T15:40:00+09:00"^^xsd:dateTimeStamp'])
def test_time_of_day_with_zone_conforms(shapes, ontology, literal):
    """A zoned time of day passes as xsd:dateTimeStamp and as xsd:dateTime (what Oxigraph stores)."""
    conforms, results = _validate(_mutate(SOURCE, replace={"time": _time_of_day(literal)}), shapes, ontology)
    assert conforms and results == [], results


def test_anchor_check_names_the_mention(shapes, ontology):
    """The anchor check runs once per context; each result names the bad mention as its value."""
    data = _mutate(SOURCE, replace={"m_border": _mention("m-border", "border").replace('"border"', '"Border"')})
    conforms, results = _validate(data, shapes, ontology)
    assert not conforms
    assert [(r.shape, r.focus, r.value) for r in results] == [(KGSH.MentionAnchorShape, EX.text, EX["m-border"])]


def test_mention_offsets_count_code_points_like_python():
    b, e = _span("crossed")
    assert TEXT[b:e] == "crossed" and b > TEXT.index("—")


# --- failing fixtures: (case id, mutation, shape, path) -------------------------------------------

b_cross, e_cross = _span("crossed")

FAILING_SOURCE = [
    ("context-without-text", dict(replace={"context": "ex:text a nif:Context ."}),
     KGSH.ContextShape, NIF.isString),
    ("mention-anchor-mismatch", dict(replace={"m_crossed": _mention("m-crossed", "crossed").replace(
        'nif:anchorOf "crossed"', 'nif:anchorOf "crosses"')}),
     KGSH.MentionAnchorShape, None),
    ("mention-utf8-byte-offsets", dict(replace={"m_crossed": _mention("m-crossed", "crossed").replace(
        f'"{b_cross}"^^', f'"{b_cross + 2}"^^').replace(f'"{e_cross}"^^', f'"{e_cross + 2}"^^')}),
     KGSH.MentionAnchorShape, None),
    ("mention-past-end-of-text", dict(add={"m_tail": (
        'ex:m-tail a kg:Mention ; nif:referenceContext ex:text ;\n'
        f'    nif:beginIndex "{len(TEXT)}"^^xsd:nonNegativeInteger ; nif:endIndex "{len(TEXT) + 3}"^^xsd:nonNegativeInteger ;\n'
        '    nif:anchorOf "" .')}),
     KGSH.MentionAnchorShape, None),
    ("mention-begin-after-end", dict(replace={"m_crossed": (
        'ex:m-crossed a kg:Mention ; nif:referenceContext ex:text ;\n'
        f'    nif:beginIndex "{e_cross}"^^xsd:nonNegativeInteger ; nif:endIndex "{b_cross}"^^xsd:nonNegativeInteger ;\n'
        '    nif:anchorOf "crossed" .')}),
     KGSH.MentionShape, NIF.beginIndex),
    ("mention-string-offset", dict(replace={"m_crossed": _mention("m-crossed", "crossed").replace(
        "^^xsd:nonNegativeInteger ; nif:endIndex", " ; nif:endIndex")}),
     KGSH.MentionShape, NIF.beginIndex),
    ("mention-negative-offset", dict(replace={"m_crossed": (
        'ex:m-crossed a kg:Mention ; nif:referenceContext ex:text ;\n'
        '    nif:beginIndex "-1"^^xsd:integer ; nif:endIndex "0"^^xsd:integer ; nif:anchorOf "" .')}),
     KGSH.MentionShape, NIF.beginIndex),
    ("mention-without-context", dict(replace={"m_crossed": _mention("m-crossed", "crossed").replace(
        "nif:referenceContext ex:text ;", "")}),
     KGSH.MentionShape, NIF.referenceContext),
    ("denoted-thing-without-class", dict(replace={"border": 'ex:border rdfs:label "border"@en ; gaf:denotedBy ex:m-border .'}),
     KGSH.DenotedThingShape, None),
    ("entity-without-label", dict(replace={"soldier": 'ex:soldier a kg:Person ; gaf:denotedBy ex:m-soldier .'}),
     KGSH.EntityShape, RDFS_LABEL),
    ("event-without-type", dict(replace={"event": SOURCE["event"].replace("sem:eventType kget:BorderCrossing ;", "")}),
     KGSH.EventShape, SEM.eventType),
    ("event-type-not-a-concept", dict(replace={"event": SOURCE["event"].replace("kget:BorderCrossing ;", "ex:border ;")}),
     KGSH.EventShape, SEM.eventType),
    ("event-literal-agent", dict(replace={"event": SOURCE["event"].replace("kg:agent ex:soldier", 'kg:agent "a soldier"')}),
     KGSH.EventShape, KG.agent),
    ("event-two-times", dict(replace={"event": SOURCE["event"].replace("sem:hasTime ex:sunday", "sem:hasTime ex:sunday , ex:monday")},
                             add={"monday": SOURCE["time"].replace("ex:sunday", "ex:monday")}),
     KGSH.EventShape, SEM.hasTime),
    ("event-without-mention", dict(replace={"event": SOURCE["event"].replace(
        "gaf:denotedBy ex:m-crossed ; kg:triggerMention ex:m-crossed ;", "")}),
     KGSH.ReportedEventShape, None),
    ("time-without-value", dict(replace={"time": SOURCE["time"].replace('time:inXSDDate "2025-10-19"^^xsd:date ;', "")}),
     KGSH.TimeValueShape, None),
    ("time-two-values", dict(replace={"time": SOURCE["time"].replace(
        'time:inXSDDate "2025-10-19"^^xsd:date ;', 'time:inXSDDate "2025-10-19"^^xsd:date ; time:inXSDgYear "2025"^^xsd:gYear ;')}),
     KGSH.TimeValueShape, None),
    ("time-wrong-datatype", dict(replace={"time": SOURCE["time"].replace('"2025-10-19"^^xsd:date', '"2025-10"^^xsd:gYearMonth')}),
     KGSH.TimeValueShape, TIME.inXSDDate),
    ("time-without-unit", dict(replace={"time": SOURCE["time"].replace("time:unitType time:unitDay ;", "")}),
     KGSH.TimeValueShape, TIME.unitType),
    ("untyped-time-of-event", dict(replace={"time": 'ex:sunday kg:timeExpression "Sunday" .'}),
     KGSH.TimeValueShape, None),
    ("time-of-day-without-zone", dict(replace={"time": _time_of_day('"2025-10-19T15:40:00"^^xsd:dateTime')}),
     KGSH.TimeValueShape, TIME.inXSDDateTimeStamp),
    ("time-of-day-without-date", dict(replace={"time": _time_of_day('"15:40:00+09:00"^^xsd:time')}),
     KGSH.TimeValueShape, TIME.inXSDDateTimeStamp),
    ("time-of-day-as-plain-text", dict(replace={"time": _time_of_day('"2025-10-19T15:40:00+09:00"')}),
     KGSH.TimeValueShape, TIME.inXSDDateTimeStamp),
    ("claim-without-holder", dict(replace={"claim": (
        "ex:claim a kg:Claim ; kg:claimKind kg:AttributedStatement ; gaf:denotedBy ex:m-sentence .")}),
     KGSH.ClaimShape, PROV.wasAttributedTo),
    ("claim-without-kind", dict(replace={"claim": SOURCE["claim"].replace("kg:claimKind kg:AttributedStatement ;", "")}),
     KGSH.ClaimShape, KG.claimKind),
    ("claim-unknown-kind", dict(replace={"claim": SOURCE["claim"].replace("kg:AttributedStatement", "kg:Rumour")}),
     KGSH.ClaimShape, KG.claimKind),
    ("claim-without-mention", dict(replace={"claim": SOURCE["claim"].replace("gaf:denotedBy ex:m-sentence ;", "")}),
     KGSH.ClaimShape, GAF.denotedBy),
    ("estimate-without-value", dict(replace={"claim": SOURCE["claim"].replace("a kg:Claim", "a kg:Estimate")}),
     KGSH.EstimateShape, KG.quantityValue),
]

FAILING_METADATA = [
    ("graph-without-time", dict(replace={"graph": METADATA["graph"].replace(
        'prov:generatedAtTime "2025-10-20T12:00:00+00:00"^^xsd:dateTime ;', "")}),
     KGSH.SourceGraphShape, PROV.generatedAtTime),
    ("graph-without-document", dict(drop=["doc"]),
     KGSH.SourceGraphShape, PROV.wasDerivedFrom),
    ("graph-bad-hash", dict(replace={"graph": METADATA["graph"].replace(HASH, "abc")}),
     KGSH.SourceGraphShape, KG.contentHash),
    ("graph-two-runs", dict(replace={"graph": METADATA["graph"].replace("prov:wasGeneratedBy ex:run", "prov:wasGeneratedBy ex:run , ex:run2")},
                            add={"run2": METADATA["run"].replace("ex:run", "ex:run2")}),
     KGSH.SourceGraphShape, PROV.wasGeneratedBy),
    ("document-bad-hash", dict(replace={"doc": METADATA["doc"].replace(HASH, "ABC")}),
     KGSH.SourceDocumentShape, KG.contentHash),
    ("run-without-software", dict(replace={"run": 'ex:run a kg:ExtractionRun ; kg:extractor "rules.v1" .'}),
     KGSH.ExtractionRunShape, PROV.wasAssociatedWith),
    ("run-software-not-an-agent", dict(drop=["software"]),
     KGSH.ExtractionRunShape, PROV.wasAssociatedWith),
    ("run-unversioned-extractor", dict(replace={"run": METADATA["run"].replace('"rules.v1"', '"rules"')}),
     KGSH.ExtractionRunShape, KG.extractor),
]


@pytest.mark.parametrize(("mutation", "shape", "path"), [c[1:] for c in FAILING_SOURCE],
                         ids=[c[0] for c in FAILING_SOURCE])
def test_source_graph_violation_names_shape_and_path(shapes, ontology, mutation, shape, path):
    conforms, results = _validate(_mutate(SOURCE, **mutation), shapes, ontology)
    assert not conforms
    violations = [r for r in results if r.severity == SH.Violation]
    assert any(r.shape == shape and r.path == path for r in violations), violations


@pytest.mark.parametrize(("mutation", "shape", "path"), [c[1:] for c in FAILING_METADATA],
                         ids=[c[0] for c in FAILING_METADATA])
def test_metadata_violation_names_shape_and_path(shapes, ontology, mutation, shape, path):
    conforms, results = _validate(_mutate(METADATA, **mutation), shapes, ontology)
    assert not conforms
    violations = [r for r in results if r.severity == SH.Violation]
    assert any(r.shape == shape and r.path == path for r in violations), violations


# --- warnings: reported, but the graph still conforms ---------------------------------------------

WARNINGS = [
    ("agent-is-a-place", {"event": SOURCE["event"].replace("kg:agent ex:soldier", "kg:agent ex:border")},
     KGSH.EventShape, KG.agent),
    ("place-is-a-person", {"event": SOURCE["event"].replace("kg:place ex:border", "kg:place ex:soldier")},
     KGSH.EventShape, None),  # an alternative path is a blank node
    ("time-bounds-reversed", {"time": SOURCE["time"].replace("2025-10-20T00:00:00+09:00", "2025-10-18T00:00:00+09:00")},
     KGSH.TimeValueShape, SEM.hasEarliestBeginTimeStamp),
]


@pytest.mark.parametrize(("replace", "shape", "path"), [c[1:] for c in WARNINGS], ids=[c[0] for c in WARNINGS])
def test_advice_is_a_warning_not_a_violation(shapes, ontology, replace, shape, path):
    conforms, results = _validate(_mutate(SOURCE, replace=replace), shapes, ontology)
    assert conforms, results
    assert all(r.severity == SH.Warning for r in results), results
    assert any(r.shape == shape and (path is None or r.path == path) for r in results), results


# --- ingest's pre-commit check (kg.graph.validate.SourceCheck) agrees with pySHACL on what it checks -----

def _quads(statements: dict[str, str]):
    import pyoxigraph as ox

    triples = ox.parse(PREFIXES + "\n".join(statements.values()), format=ox.RdfFormat.TURTLE)
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]


@pytest.fixture(scope="module")
def source_check():
    from kg.graph.validate import SourceCheck

    check = SourceCheck()
    assert check._rules is not None, "the pre-commit shapes use a constraint SourceCheck does not evaluate"
    return check


PRECOMMIT_FAILURES = [c for c in FAILING_SOURCE if c[2] in (KGSH.TimeValueShape, KGSH.MentionAnchorShape)] + [
    ("anchor-differs", dict(replace={"m_border": _mention("m-border", "border").replace('"border"', '"Border"')}), None, None),
]


@pytest.mark.parametrize("mutation", [c[1] for c in PRECOMMIT_FAILURES], ids=[c[0] for c in PRECOMMIT_FAILURES])
def test_precommit_check_fails_what_the_shapes_fail(shapes, ontology, source_check, mutation):
    data = _mutate(SOURCE, **mutation)
    assert not _validate(data, shapes, ontology)[0]
    assert source_check.problems(_quads(data))


@pytest.mark.parametrize("literal", ['"2025-10-19T15:40:00+09:00"^^xsd:dateTime', '"2025-10-19T15:40:00+09:00"^^xsd:dateTimeStamp'])
def test_precommit_check_passes_what_the_shapes_pass(source_check, literal):
    assert source_check.problems(_quads(SOURCE)) == []
    assert source_check.problems(_quads(_mutate(SOURCE, replace={"time": _time_of_day(literal)}))) == []
    reversed_bounds = SOURCE["time"].replace("2025-10-20T00:00:00+09:00", "2025-10-18T00:00:00+09:00")
    assert source_check.problems(_quads(_mutate(SOURCE, replace={"time": reversed_bounds}))) == []  # a warning


# --- kg validate's screen (kg.graph.screen.ShapeScreen) flags everything pySHACL fails ----------------

@pytest.fixture(scope="module")
def screen(shapes, ontology):
    from kg.graph.screen import ShapeScreen

    found = ShapeScreen.of(shapes, ontology)
    assert found is not None, "the shapes use a constraint the screen does not evaluate"
    return found


@pytest.mark.parametrize(("base", "mutation"), [(SOURCE, c[1]) for c in FAILING_SOURCE] + [
    (METADATA, c[1]) for c in FAILING_METADATA], ids=[c[0] for c in FAILING_SOURCE + FAILING_METADATA])
def test_the_validate_screen_flags_every_failing_fixture(shapes, ontology, screen, base, mutation):
    data = _mutate(base, **mutation)
    assert not _validate(data, shapes, ontology)[0]
    assert screen.problems(_quads(data))


@pytest.mark.parametrize("replace", [{}] + [c[1] for c in WARNINGS], ids=["valid"] + [c[0] for c in WARNINGS])
def test_the_validate_screen_passes_what_the_shapes_pass(shapes, ontology, screen, replace):
    for base in (SOURCE, METADATA) if not replace else (SOURCE,):
        data = _mutate(base, replace=replace)
        assert _validate(data, shapes, ontology)[0]
        assert screen.problems(_quads(data)) == []

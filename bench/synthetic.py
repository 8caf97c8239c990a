"""A seeded synthetic event graph shaped like kg's output, for the store benchmark.

``SyntheticGraph(n, seed)`` yields exactly ``n`` distinct quads, the same ones for the same
``(n, seed)``: a reference graph (the ontology of ``ontology/kg.ttl``, 40 event types, 228 gazetteer
entities), then one named graph per source (NIF context with the text, sentences and mentions with
exact offsets, entities typed with kg classes, events with ``sem:eventType``, ``kg:agent`` /
``kg:patient`` / ``kg:place`` / ``kg:destination`` roles and ``sem:hasTime`` to ``kg:TimeValue``
nodes, claims) and its PROV-O description in the metadata graph. About 600 quads per source.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the checkout's kg, installed or not

import pyoxigraph as ox  # noqa: E402

from kg.vocab import (  # noqa: E402
    GAF, GRAPH, ID, KG, KGET, METADATA_GRAPH, NIF, PROV, RDF, RDFS, REF, REFERENCE_GRAPH, SCHEMA, SEM,
    SKOS, TIME, WGS, XSD,
)

ONTOLOGY_FILE = ROOT / "ontology" / "kg.ttl"

# ------------------------------------------------------------------------------------------------
# Synthetic data. Terms are plain Python values so both engines get the same data: an IRI is a
# ``str``, a literal is a ``(lexical, datatype IRI or None, language or None)`` tuple.
# ------------------------------------------------------------------------------------------------

Term = str | tuple
Quad = tuple[str, str, Term, str]

_T = str(RDF.type)
_LABEL = str(RDFS.label)
_INT = str(XSD.nonNegativeInteger)
_DATE = str(XSD.date)
_DATETIME = str(XSD.dateTime)
_BOOL = str(XSD.boolean)
_DECIMAL = str(XSD.decimal)

EVENT_TYPES = [
    "Statement", "Meeting", "Visit", "Attack", "Defection", "Crossing", "MilitaryExercise",
    "MissileLaunch", "Arrest", "Detention", "Release", "Protest", "Sanction", "Negotiation", "Agreement",
    "Threat", "Deployment", "Shooting", "Airstrike", "Evacuation", "Rescue", "Death", "Injury", "Trial",
    "Sentencing", "Appointment", "Resignation", "AidDelivery", "Trade", "Accusation", "Apology",
    "Investigation", "Ceasefire", "Summit", "WeaponsTest", "Warning", "Condemnation", "Election",
    "Repatriation", "BorderIncursion",
]
MOVEMENT_TYPES = {"Defection", "Crossing", "Evacuation", "Repatriation", "BorderIncursion", "Visit"}

# Gazetteer entities shared by all sources: kind -> how many.
REF_KINDS = {"State": 30, "City": 120, "Region": 40, "Border": 6, "WaterBody": 12,
             "InternationalOrganization": 20}
# Entity kinds drawn for a source's entities, with weights.
ENTITY_KINDS = {
    "Person": 28, "Group": 8, "ArmedForces": 9, "MilitaryUnit": 3, "Government": 7, "GovernmentAgency": 5,
    "MediaOrganization": 3, "Organization": 3, "Facility": 4, "State": 12, "City": 10, "Region": 4,
    "Border": 2, "WaterBody": 1, "InternationalOrganization": 2,
}
PLACE_KINDS = {"City", "Region", "Border", "WaterBody", "Facility"}
ACTOR_KINDS = set(ENTITY_KINDS) - PLACE_KINDS
STATE_LINKED = {"Government", "ArmedForces", "MilitaryUnit", "GovernmentAgency"}
CLAIM_KINDS = ["EditorialOpinion", "Recommendation", "Prediction", "AttributedStatement", "Background"]

WORDS = (
    "the a an of in on at to from by with for and but said says told reported officials military soldier "
    "soldiers border troops government ministry defense foreign president leader talks meeting summit "
    "agreement sanctions missile launch test exercise drills navy army police fishermen families "
    "refugees defector defectors crossed fled arrived returned detained released arrested protested "
    "warned threatened condemned accused denied announced confirmed visited met signed agreed rejected "
    "week month year Sunday Monday Tuesday Wednesday Thursday Friday Saturday morning night early late "
    "north south east west coast river sea island city village capital province region zone line "
    "post base camp hospital port airport bridge road command unit forces guard guards spokesperson "
    "statement report according sources state media agency news two three several dozens hundreds "
    "thousands peace security crisis tension conflict war ceasefire aid food trade talks envoy "
    "delegation negotiator ambassador minister council parliament court trial prison camp"
).split()

SOURCE_PROBE = 10  # the point lookup asks for the first event of this source (or of the last one)


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    return list(accumulate(1.0 / (i + 1) ** s for i in range(n)))


def _lit(value: object, dt: str | None = None, lang: str | None = None) -> tuple:
    return (str(value), dt, lang)


def _en(text: str) -> tuple:
    return (text, None, "en")


def _int(n: int) -> tuple:
    return (str(n), _INT, None)


class SyntheticGraph:
    """Exactly ``n`` distinct quads, the same for the same ``(n, seed)``.

    The reference graph (ontology, event types, gazetteer) comes first, then one source at a time:
    its named graph and its description in the metadata graph. The last source is cut at ``n``.
    Iterate once; afterwards ``sources`` and ``probe_event`` describe what was generated.
    """

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.seed = seed
        self.sources = 0
        self.probe_event: str | None = None

    def __iter__(self) -> Iterator[Quad]:
        count = 0
        for quads in self._chunks():
            for q in quads[: self.n - count]:
                yield q
            count += min(len(quads), self.n - count)
            if count >= self.n:
                return

    def _chunks(self) -> Iterator[list[Quad]]:
        rng = Random(self.seed)
        yield self._reference()
        i = 0
        while True:
            src = self._source(rng, i)
            self.sources = i + 1
            yield src
            i += 1

    # -- reference graph ---------------------------------------------------------------------
    def _reference(self) -> list[Quad]:
        g = str(REFERENCE_GRAPH)
        out: list[Quad] = []
        for t in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
            out.append((t.subject.value, t.predicate.value, _from_ox(t.object), g))
        for name in EVENT_TYPES:
            et = str(KGET[name])
            out += [(et, _T, str(KG.EventType), g), (et, str(SKOS.prefLabel), _en(name.lower()), g),
                    (et, str(KG.eventClass), str(KG.Event), g), (et, str(KG.trigger), _lit(name.lower()), g)]
        for kind, count in REF_KINDS.items():
            for j in range(count):
                node = ref_iri(kind, j)
                out += [(node, _T, str(KG[kind]), g), (node, _LABEL, _en(f"{kind} {j}"), g),
                        (node, str(KG.geonamesId), _lit(1_000_000 + 1000 * len(kind) + j), g)]
                if kind in PLACE_KINDS:
                    out += [(node, str(WGS.lat), _lit(f"{(j * 7) % 90}.5", _DECIMAL), g),
                            (node, str(WGS.long), _lit(f"{(j * 13) % 180}.25", _DECIMAL), g)]
                if kind == "City":
                    out.append((node, str(KG.locatedIn), ref_iri("State", j % REF_KINDS["State"]), g))
                if kind == "City" and j < REF_KINDS["State"]:
                    out.append((node, str(KG.capitalOf), ref_iri("State", j), g))
        sw = f"{ID}software/kg/bench"
        out += [(sw, _T, str(KG.Software), METADATA_GRAPH_S), (sw, _LABEL, _lit("kg bench"), METADATA_GRAPH_S)]
        return out

    # -- one source ----------------------------------------------------------------------------
    def _source(self, rng: Random, i: int) -> list[Quad]:
        sid = f"bench-{i:06d}"
        g = f"{GRAPH}source/{sid}"
        prefix = f"{ID}src/{sid}/"
        ctx = prefix + "text"
        out: list[Quad] = []

        def add(s: str, p: str, o: Term) -> None:
            out.append((s, p, o, g))

        text, sentences = _text(rng)
        add(ctx, _T, str(NIF.Context))
        add(ctx, _T, str(NIF.OffsetBasedString))
        add(ctx, str(NIF.isString), _lit(text))
        add(ctx, str(NIF.beginIndex), _int(0))
        add(ctx, str(NIF.endIndex), _int(len(text)))
        add(ctx, str(NIF.predLang), _lit("en"))
        add(ctx, str(NIF.sourceUrl), f"{ID}src/{sid}")

        def span(node: str, b: int, e: int) -> None:
            add(node, _T, str(NIF.OffsetBasedString))
            add(node, str(NIF.referenceContext), ctx)
            add(node, str(NIF.beginIndex), _int(b))
            add(node, str(NIF.endIndex), _int(e))
            add(node, str(NIF.anchorOf), _lit(text[b:e]))

        sentence_nodes = []
        used: set[tuple[int, int]] = set()
        for b, e, _words in sentences:
            node = f"{ctx}#char={b},{e}"
            span(node, b, e)
            add(node, _T, str(KG.SentenceMention))
            sentence_nodes.append(node)
            used.add((b, e))

        def mention() -> str:
            while True:
                si = rng.randrange(len(sentences))
                words = sentences[si][2]
                w = rng.randrange(len(words))
                last = min(len(words) - 1, w + rng.choice((0, 0, 1, 2)))
                b, e = words[w][0], words[last][1]
                if (b, e) not in used:
                    break
            used.add((b, e))
            node = f"{ctx}#char={b},{e}"
            span(node, b, e)
            add(node, _T, str(KG.Mention))
            add(node, str(NIF.sentence), sentence_nodes[si])
            return node

        # entities
        kinds = rng.choices(list(ENTITY_KINDS), weights=list(ENTITY_KINDS.values()), k=rng.randint(8, 20))
        if not PLACE_KINDS & set(kinds):
            kinds.append("City")
        if not ACTOR_KINDS & set(kinds):
            kinds.append("Person")
        entities: dict[str, str] = {}  # IRI -> kind
        for j, kind in enumerate(kinds):
            if kind in REF_KINDS:
                node = ref_iri(kind, _pick(rng, REF_KINDS[kind]))
                if node in entities:
                    continue
                label = node.rsplit("/", 1)[-1]
            else:
                node = f"{prefix}entity/{kind.lower()}-{j}"
                label = f"{kind} {j} of {sid}"
            entities[node] = kind
            add(node, _T, str(KG[kind]))
            add(node, _LABEL, _en(label))
            if kind in ("Person", "Group") and rng.random() < 0.4:
                add(node, str(KG.nationality), ref_iri("State", _pick(rng, REF_KINDS["State"])))
            if kind in STATE_LINKED:
                add(node, str(KG.stateOf), ref_iri("State", _pick(rng, REF_KINDS["State"])))
            if kind == "Group" and rng.random() < 0.5:
                add(node, str(KG.hasGeneratedLabel), _lit("true", _BOOL))
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                add(node, str(GAF.denotedBy), mention())
        actors = [e for e, k in entities.items() if k in ACTOR_KINDS]
        places = [e for e, k in entities.items() if k in PLACE_KINDS]

        # time values
        published = date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
        times = []
        for _ in range(rng.randint(2, 6)):
            m = mention()
            b, e = (int(x) for x in m.rsplit("=", 1)[1].split(","))
            node = f"{prefix}time/{b}-{e}"
            day = published - timedelta(days=rng.randrange(30))
            add(node, _T, str(KG.TimeValue))
            add(node, str(TIME.inXSDDate), _lit(day.isoformat(), _DATE))
            add(node, str(TIME.unitType), str(TIME.unitDay))
            add(node, str(KG.timeExpression), _lit(text[b:e]))
            add(node, str(KG.anchorDate), _lit(published.isoformat(), _DATE))
            add(node, str(SEM.hasEarliestBeginTimeStamp), _lit(f"{day}T00:00:00", _DATETIME))
            add(node, str(SEM.hasLatestEndTimeStamp), _lit(f"{day}T23:59:59", _DATETIME))
            add(node, str(KG.normalizer), _lit("kg.timex.v1"))
            add(node, str(GAF.denotedBy), m)
            times.append(node)

        # events
        for k in range(rng.randint(3, 14)):
            etype = EVENT_TYPES[_pick(rng, len(EVENT_TYPES))]
            m = mention()
            b, e = m.rsplit("=", 1)[1].split(",")
            node = f"{prefix}event/{etype.lower()}-{b}-{e}"
            if self.probe_event is None and i >= min(SOURCE_PROBE, self._last_full_source()):
                self.probe_event = node
            add(node, _T, str(KG.Event))
            add(node, str(SEM.eventType), str(KGET[etype]))
            add(node, _LABEL, _en(text[int(b):int(e)]))
            add(node, str(GAF.denotedBy), m)
            add(node, str(KG.triggerMention), m)
            agent = rng.choice(actors) if rng.random() < 0.85 else None
            if agent:
                add(node, str(KG.agent), agent)
            if rng.random() < 0.45:
                patient = rng.choice(actors)
                if patient != agent:
                    add(node, str(KG.patient), patient)
            if rng.random() < 0.65:
                add(node, str(KG.place), rng.choice(places))
            if etype in MOVEMENT_TYPES and rng.random() < 0.5:
                add(node, str(KG.destination), rng.choice(places))
            if rng.random() < 0.75:
                add(node, str(SEM.hasTime), rng.choice(times))

        # claims
        for b, e, _words in rng.sample(sentences, k=min(len(sentences), rng.randint(0, 4))):
            node = f"{prefix}claim/{b}-{e}"
            estimate = rng.random() < 0.25
            add(node, _T, str(KG.Estimate if estimate else KG.Claim))
            add(node, str(KG.claimKind), str(KG.EstimateKind if estimate else KG[rng.choice(CLAIM_KINDS)]))
            add(node, str(GAF.denotedBy), f"{ctx}#char={b},{e}")
            add(node, str(PROV.wasAttributedTo), rng.choice(actors))
            if estimate:
                add(node, str(KG.quantityValue), _lit(rng.randint(2, 5000)))
                add(node, str(KG.isApproximate), _lit("true", _BOOL))

        out += _metadata(sid, g, ctx, text, published, i, len(out))
        return out

    def _last_full_source(self) -> int:
        """A source index that surely exists in full: ~600 quads per source, so n // 2000."""
        return max(0, self.n // 2000 - 1)


METADATA_GRAPH_S = str(METADATA_GRAPH)


def _metadata(sid: str, g: str, ctx: str, text: str, published: date, i: int, count: int) -> list[Quad]:
    m = METADATA_GRAPH_S
    doc = f"{ID}src/{sid}"
    digest = hashlib.sha256(text.encode()).hexdigest()
    run = f"{ID}src/{sid}/run/{digest[:10]}"
    at = _lit((datetime(2025, 1, 1) + timedelta(minutes=i)).isoformat(), _DATETIME)
    return [
        (doc, _T, str(KG.SourceDocument), m), (doc, str(KG.sourceId), _lit(sid), m),
        (doc, str(KG.contentHash), _lit(digest), m), (doc, str(KG.context), ctx, m),
        (doc, str(KG.sourceGraph), g, m), (doc, str(SCHEMA.headline), _lit(f"Headline of {sid}"), m),
        (doc, str(SCHEMA.publisher), _lit(f"Publisher {i % 17}"), m),
        (doc, str(SCHEMA.url), _lit(f"https://news.example/{sid}", str(XSD.anyURI)), m),
        (doc, str(SCHEMA.datePublished), _lit(published.isoformat(), _DATE), m),
        (doc, str(SCHEMA.author), _lit(f"Author {i % 211}"), m), (doc, str(KG.sourcePath), _lit(f"{sid}.txt"), m),
        (g, _T, str(KG.SourceGraph), m), (g, str(PROV.wasDerivedFrom), doc, m), (g, str(PROV.wasGeneratedBy), run, m),
        (g, str(PROV.generatedAtTime), at, m), (g, str(KG.contentHash), _lit(digest), m),
        (g, str(KG.tripleCount), _int(count), m),
        (run, _T, str(KG.ExtractionRun), m), (run, str(PROV.used), doc, m),
        (run, str(PROV.wasAssociatedWith), f"{ID}software/kg/bench", m), (run, str(KG.extractor), _lit("rules.v1"), m),
        (run, str(PROV.startedAtTime), at, m), (run, str(PROV.endedAtTime), at, m),
    ]


def ref_iri(kind: str, j: int) -> str:
    return f"{REF}{kind.lower()}-{j:03d}"


_CUM: dict[int, list[float]] = {}


def _pick(rng: Random, n: int) -> int:
    """An index in ``range(n)``, Zipf-distributed (index 0 the most frequent)."""
    cum = _CUM.get(n) or _CUM.setdefault(n, _zipf_cum(n))
    return rng.choices(range(n), cum_weights=cum, k=1)[0]


def _text(rng: Random) -> tuple[str, list[tuple[int, int, list[tuple[int, int]]]]]:
    """A text and its sentences as ``(begin, end, word spans)``."""
    parts, sentences, pos = [], [], 0
    for _ in range(rng.randint(10, 24)):
        words = rng.choices(WORDS, k=rng.randint(10, 28))
        words[0] = words[0].capitalize()
        spans, p = [], pos
        for w in words:
            spans.append((p, p + len(w)))
            p += len(w) + 1
        sentence = " ".join(words) + "."
        sentences.append((pos, pos + len(sentence), spans))
        parts.append(sentence)
        pos += len(sentence) + 1
    return " ".join(parts), sentences


def _from_ox(term) -> Term:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return (term.value, None if term.language else term.datatype.value, term.language)
    raise ValueError(f"blank nodes are not expected in {ONTOLOGY_FILE.name}: {term}")


def to_ox_quads(quads: SyntheticGraph) -> list[ox.Quad]:
    """All quads as Oxigraph terms, in a list (repeated terms share one object)."""
    iris: dict[str, ox.NamedNode] = {}
    lits: dict[tuple, ox.Literal] = {}

    def iri(v: str) -> ox.NamedNode:
        n = iris.get(v)
        if n is None:
            n = iris[v] = ox.NamedNode(v)
        return n

    def term(o: Term):
        if isinstance(o, str):
            return iri(o)
        n = lits.get(o)
        if n is None:
            lex, dt, lang = o
            n = lits[o] = (ox.Literal(lex, language=lang) if lang else
                           ox.Literal(lex, datatype=iri(dt)) if dt else ox.Literal(lex))
        return n

    return [ox.Quad(iri(s), iri(p), term(o), iri(g)) for s, p, o, g in quads]


def iter_ox_quads(quads: SyntheticGraph) -> Iterator[ox.Quad]:
    """The quads as Oxigraph terms, one at a time and uncached: memory stays flat."""
    for s, p, o, g in quads:
        if isinstance(o, str):
            obj = ox.NamedNode(o)
        else:
            lex, dt, lang = o
            obj = (ox.Literal(lex, language=lang) if lang else
                   ox.Literal(lex, datatype=ox.NamedNode(dt)) if dt else ox.Literal(lex))
        yield ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, ox.NamedNode(g))


def to_rdflib_quads(quads: SyntheticGraph, dataset) -> list[tuple]:
    from rdflib import Literal, URIRef

    iris: dict[str, URIRef] = {}
    graphs: dict[str, object] = {}

    def iri(v: str) -> URIRef:
        n = iris.get(v)
        if n is None:
            n = iris[v] = URIRef(v)
        return n

    def graph(v: str):
        gr = graphs.get(v)
        if gr is None:
            gr = graphs[v] = dataset.graph(iri(v))
        return gr

    def term(o: Term):
        if isinstance(o, str):
            return iri(o)
        lex, dt, lang = o
        return Literal(lex, lang=lang) if lang else Literal(lex, datatype=iri(dt)) if dt else Literal(lex)

    return [(iri(s), iri(p), term(o), graph(g)) for s, p, o, g in quads]


def git_state() -> dict:
    """The checkout's commit and whether kg/ or queries/ differ from it (what was measured)."""
    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return {"commit": git("rev-parse", "HEAD"), "dirty": git("status", "--porcelain", "--", "kg", "queries", "ontology")}

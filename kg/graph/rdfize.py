"""Model objects -> quads: a source's named graph (text, mentions, entities, events, times, claims)
and its description in the metadata graph (PROV-O)."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise
from datetime import datetime

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import __version__, iri
from kg.model import Article, Claim, ClaimKind, Entity, Event, Extraction, Mention, Precision, TimeValue
from kg.terms import to_ox
from kg.vocab import GAF, KG, METADATA_GRAPH, NIF, PROV, RDF, RDFS, SCHEMA, SEM, TIME, XSD

_TIME_PROPERTY = {
    Precision.YEAR: (TIME.inXSDgYear, XSD.gYear, TIME.unitYear),
    Precision.MONTH: (TIME.inXSDgYearMonth, XSD.gYearMonth, TIME.unitMonth),
    Precision.DAY: (TIME.inXSDDate, XSD.date, TIME.unitDay),
    # A time of day carries its zone ("...T15:40:00+07:00"): written as a zoned xsd:dateTime, the
    # form an Oxigraph store keeps (it stores xsd:dateTimeStamp as xsd:dateTime), so the graph that
    # is validated before it is written is the graph that is stored. shapes.ttl accepts both.
    Precision.TIME: (TIME.inXSDDateTimeStamp, XSD.dateTime, TIME.unitMinute),
}
_ZONE = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$")
TIME_NORMALIZER = "kg.timex.v1"


class _Quads:
    def __init__(self, graph: URIRef) -> None:
        self.graph = graph
        self._graph = to_ox(graph)
        self._iris: dict[URIRef, ox.NamedNode] = {}  # IRIs recur (predicates, mentions): convert each once
        self.out: list[ox.Quad] = []

    def _ox(self, term):
        if type(term) is ox.NamedNode or type(term) is ox.Literal:
            return term
        if type(term) is URIRef:
            node = self._iris.get(term)
            if node is None:
                node = self._iris[term] = to_ox(term)
            return node
        return to_ox(term)

    def add(self, s: Node | ox.NamedNode, p: Node | ox.NamedNode, o: Node | ox.NamedNode | ox.Literal) -> None:
        # terms that are Oxigraph terms already (most of them) skip the conversion call
        self.out.append(
            ox.Quad(
                s if type(s) is ox.NamedNode else self._ox(s),
                p if type(p) is ox.NamedNode else self._ox(p),
                o if type(o) is ox.NamedNode or type(o) is ox.Literal else self._ox(o),
                self._graph,
            )
        )


# Plain, English and integer literals are made as Oxigraph terms directly (the same terms rdflib's
# Literal gives for them, without its parsing): a source has thousands of them.
_NON_NEGATIVE_INTEGER = to_ox(XSD.nonNegativeInteger)


def _text(text: str) -> ox.Literal:
    return ox.Literal(text)


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=_NON_NEGATIVE_INTEGER)


# The terms written for every mention, as Oxigraph terms once (a source has hundreds of mentions)
_TYPE, _OFFSET_STRING, _REFERENCE_CONTEXT = to_ox(RDF.type), to_ox(NIF.OffsetBasedString), to_ox(NIF.referenceContext)
_BEGIN, _END, _ANCHOR_OF = to_ox(NIF.beginIndex), to_ox(NIF.endIndex), to_ox(NIF.anchorOf)
_MENTION, _SENTENCE_MENTION, _SENTENCE = to_ox(KG.Mention), to_ox(KG.SentenceMention), to_ox(NIF.sentence)


def _stamp(dt: datetime) -> Literal:
    return Literal(dt.isoformat(), datatype=XSD.dateTime)


def source_quads(ex: Extraction) -> list[ox.Quad]:
    """Everything extracted from one article, in the article's named graph."""
    art = ex.article
    sid = art.source_id
    q = _Quads(iri.graph_iri(sid))
    ctx = iri.context_iri(sid)
    q.add(ctx, RDF.type, NIF.Context)
    q.add(ctx, RDF.type, NIF.OffsetBasedString)
    q.add(ctx, NIF.isString, Literal(art.text))
    q.add(ctx, NIF.beginIndex, _int(0))
    q.add(ctx, NIF.endIndex, _int(len(art.text)))
    q.add(ctx, NIF.predLang, Literal(art.language))
    q.add(ctx, NIF.sourceUrl, iri.doc_iri(sid))

    # mention IRIs as iri.mention_iri makes them, built as Oxigraph terms directly
    ctx_node, mention_prefix = to_ox(ctx), f"{ctx}#char="
    sentence_of: dict[int, ox.NamedNode] = {}
    for s in ex.sentences:
        node = ox.NamedNode(f"{mention_prefix}{s.begin},{s.end}")
        _span(q, node, ctx_node, s)
        q.add(node, _TYPE, _SENTENCE_MENTION)
        sentence_of[s.begin] = node
    sentence_nodes = set(sentence_of.values())
    sentence_for = _sentence_finder(ex.sentences)

    written: set[ox.NamedNode] = set()

    def mention(m: Mention) -> ox.NamedNode:
        node = ox.NamedNode(f"{mention_prefix}{m.begin},{m.end}")
        if node not in written and node not in sentence_nodes:
            written.add(node)
            _span(q, node, ctx_node, m)
            q.add(node, _TYPE, _MENTION)
            sent = sentence_for(m)
            if sent is not None:
                q.add(node, _SENTENCE, sentence_of[sent.begin])
        return node

    for ent in ex.entities.values():
        _entity(q, sid, ent, mention)
    times_written: set[URIRef] = set()
    for ev in ex.events:
        _event(q, sid, ex, ev, mention, times_written)
    for t in ex.times:
        _time(q, sid, t, mention, times_written)
    claim_spans: set[tuple[int, int]] = set()
    for cl in ex.claims:
        _claim(q, sid, art, ex, cl, mention, claim_spans)
    return q.out


def _span(q: _Quads, node: ox.NamedNode, ctx: ox.NamedNode, m: Mention) -> None:
    q.add(node, _TYPE, _OFFSET_STRING)
    q.add(node, _REFERENCE_CONTEXT, ctx)
    q.add(node, _BEGIN, _int(m.begin))
    q.add(node, _END, _int(m.end))
    q.add(node, _ANCHOR_OF, _text(m.anchor))


def _sentence_for(sentences: list[Mention], m: Mention) -> Mention | None:
    for s in sentences:
        if s.begin <= m.begin and m.end <= s.end:
            return s
    return None


def _sentence_finder(sentences: list[Mention]):
    """:func:`_sentence_for` over ``sentences``: by bisection when they are in text order and apart
    (as extraction makes them: then the only sentence that can hold a mention is the last one that
    begins at or before it), else by the scan. Called once per mention of a source."""
    if not all(s.begin <= s.end for s in sentences) or not all(a.end < b.begin for a, b in pairwise(sentences)):
        return lambda m: _sentence_for(sentences, m)
    begins = [s.begin for s in sentences]

    def find(m: Mention) -> Mention | None:
        if m.end < m.begin:
            return _sentence_for(sentences, m)  # (no such mention is made; the scan answers for it)
        i = bisect_right(begins, m.begin) - 1
        if i >= 0 and m.end <= sentences[i].end:
            return sentences[i]
        return None

    return find


def _entity(q: _Quads, sid: str, ent: Entity, mention) -> None:
    node = iri.entity_iri(sid, ent.key)
    q.add(node, RDF.type, KG[ent.kind])
    q.add(node, RDFS.label, _en(ent.label))
    if ent.generated_label:
        q.add(node, KG.hasGeneratedLabel, Literal(True))
    if ent.anonymous:
        q.add(node, KG.isAnonymous, Literal(True))
    for attr, prop in (
        (ent.nationality, KG.nationality),
        (ent.affiliation, KG.affiliation),
        (ent.state_of, KG.stateOf),
        (ent.located_in, KG.locatedIn),
    ):
        if attr:
            q.add(node, prop, iri.entity_iri(sid, attr))
    for m in sorted(ent.mentions):
        q.add(node, GAF.denotedBy, mention(m))


def _event(q: _Quads, sid: str, ex: Extraction, ev: Event, mention, times_written: set) -> None:
    node = iri.event_iri(sid, ev.type.rsplit("/", 1)[-1], ev.trigger.begin, ev.trigger.end)
    q.add(node, RDF.type, URIRef(ev.cls))
    q.add(node, SEM.eventType, URIRef(ev.type))
    q.add(node, RDFS.label, _en(ev.label or ev.trigger.anchor))
    m = mention(ev.trigger)
    q.add(node, GAF.denotedBy, m)
    q.add(node, KG.triggerMention, m)
    for other in ev.also:
        q.add(node, GAF.denotedBy, mention(other))
    for role, keys in sorted(ev.roles.items()):
        for key in keys:
            q.add(node, KG[role], iri.entity_iri(sid, key))
    if ev.time is not None:
        q.add(node, SEM.hasTime, _time(q, sid, ev.time, mention, times_written))


def _time(q: _Quads, sid: str, t: TimeValue, mention, written: set) -> URIRef:
    node = iri.time_iri(sid, t.mention.begin, t.mention.end)
    if node in written:
        return node
    written.add(node)
    value, precision = t.value, t.precision
    if precision is Precision.TIME and not _ZONE.search(value):
        # never a time stamp without a zone: a clock time whose zone is unknown keeps its day
        value, precision = value[:10], Precision.DAY
    prop, dtype, unit = _TIME_PROPERTY[precision]
    q.add(node, RDF.type, KG.TimeValue)
    q.add(node, prop, Literal(value, datatype=dtype))
    q.add(node, TIME.unitType, unit)
    q.add(node, KG.timeExpression, _text(t.mention.anchor))
    if t.anchor is not None:
        q.add(node, KG.anchorDate, Literal(t.anchor.isoformat(), datatype=XSD.date))
    q.add(node, SEM.hasEarliestBeginTimeStamp, _stamp(t.earliest))
    q.add(node, SEM.hasLatestEndTimeStamp, _stamp(t.latest))
    q.add(node, KG.normalizer, Literal(TIME_NORMALIZER))
    q.add(node, GAF.denotedBy, mention(t.mention))
    return node


def _claim(q: _Quads, sid: str, art: Article, ex: Extraction, cl: Claim, mention, taken: set) -> None:
    span = cl.quantity_mention or cl.sentence
    second = (span.begin, span.end) in taken  # another claim on the same span: its kind names it
    taken.add((span.begin, span.end))
    node = iri.claim_iri(sid, span.begin, span.end, cl.kind.value if second else None)
    is_estimate = cl.quantity is not None
    q.add(node, RDF.type, KG.Estimate if is_estimate else KG.Claim)
    q.add(node, KG.claimKind, KG[cl.kind.value])
    q.add(node, GAF.denotedBy, iri.mention_iri(sid, cl.sentence.begin, cl.sentence.end))
    if cl.holder:
        holder = iri.entity_iri(sid, cl.holder)
    elif cl.kind is ClaimKind.ATTRIBUTED or cl.holder_label:
        holder = iri.speaker_iri(sid, cl.sentence.begin)
        q.add(holder, RDF.type, PROV.Agent)
        q.add(holder, RDFS.label, _en(cl.holder_label or "unnamed speaker"))
    else:
        holder = iri.author_iri(sid, art.author)
        q.add(holder, RDF.type, PROV.Agent)
        q.add(holder, RDFS.label, _en(art.author or f"author of {art.title or sid}"))
    q.add(node, PROV.wasAttributedTo, holder)
    if cl.verb:
        q.add(node, KG.reportingVerb, Literal(cl.verb))
    if cl.content is not None:
        q.add(node, KG.content, mention(cl.content))
    if cl.event is not None:
        ev = iri.event_iri(sid, cl.event.type.rsplit("/", 1)[-1], cl.event.trigger.begin, cl.event.trigger.end)
        q.add(node, KG.speechEvent, ev)
        q.add(ev, KG.speechClaim, node)
    if is_estimate:
        q.add(node, KG.quantityValue, Literal(cl.quantity))
        q.add(node, KG.isApproximate, Literal(cl.approximate))
        if cl.counts:
            q.add(node, KG.quantityOf, Literal(cl.counts))
        if cl.quantity_mention is not None:
            q.add(node, GAF.denotedBy, mention(cl.quantity_mention))


def metadata_quads(
    art: Article, *, extractor: str, generated_at: datetime, triple_count: int, revision_of: str | None = None
) -> list[ox.Quad]:
    """The source graph's description in the metadata graph: document, extraction run, software."""
    sid = art.source_id
    q = _Quads(METADATA_GRAPH)
    doc, graph = iri.doc_iri(sid), iri.graph_iri(sid)
    run = iri.activity_iri(sid, art.content_hash, extractor)
    software = iri.software_iri(__version__)
    q.add(doc, RDF.type, KG.SourceDocument)
    q.add(doc, KG.sourceId, Literal(sid))
    q.add(doc, KG.contentHash, Literal(art.content_hash))
    q.add(doc, KG.context, iri.context_iri(sid))
    q.add(doc, KG.sourceGraph, graph)
    if art.title:
        q.add(doc, SCHEMA.headline, Literal(art.title))
    if art.publisher:
        q.add(doc, SCHEMA.publisher, Literal(art.publisher))
    if art.url:
        q.add(doc, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI))
    if art.published:
        q.add(doc, SCHEMA.datePublished, Literal(art.published.isoformat(), datatype=XSD.date))
    if art.author:
        q.add(doc, SCHEMA.author, Literal(art.author))
    if art.path:
        q.add(doc, KG.sourcePath, Literal(art.path))
    q.add(graph, RDF.type, KG.SourceGraph)
    q.add(graph, PROV.wasDerivedFrom, doc)
    q.add(graph, PROV.wasGeneratedBy, run)
    q.add(graph, PROV.generatedAtTime, _stamp(generated_at))
    q.add(graph, KG.contentHash, Literal(art.content_hash))
    q.add(graph, KG.tripleCount, _int(triple_count))
    if revision_of:
        q.add(graph, PROV.wasRevisionOf, URIRef(revision_of))
    q.add(run, RDF.type, KG.ExtractionRun)
    q.add(run, PROV.used, doc)
    q.add(run, PROV.wasAssociatedWith, software)
    q.add(run, KG.extractor, Literal(extractor))
    q.add(run, PROV.startedAtTime, _stamp(generated_at))
    q.add(run, PROV.endedAtTime, _stamp(generated_at))
    q.add(software, RDF.type, KG.Software)
    q.add(software, RDFS.label, Literal(f"kg {__version__}"))
    return q.out

"""What the store holds: its sources with their counts and dates, overall statistics, and removal
of a source (its graph and its description, nothing else)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg import iri
from kg.config import now
from kg.errors import UsageError
from kg.graph.resolve import finish_linking, retraction_changes
from kg.graph.store import KGStore, to_ox, to_quad
from kg.vocab import KG, METADATA_GRAPH, PROV, RDF, REFERENCE_GRAPH, SCHEMA, SOURCE_GRAPH_PREFIX, XSD

from rdflib import Literal, URIRef


@dataclass(frozen=True)
class SourceInfo:
    source_id: str
    title: str
    url: str
    published: str
    path: str
    extractor: str
    generated_at: str
    triples: int
    events: int
    entities: int


@dataclass(frozen=True)
class StoreStats:
    quads: int
    graphs: int
    sources: int
    entities: int
    events: int
    claims: int
    mentions: int
    reference_triples: int


_SOURCES = """
SELECT ?sid ?title ?url ?published ?path ?extractor ?at ?triples ?events ?entities
WHERE {
  GRAPH kgg:metadata {
    ?g a kg:SourceGraph ; prov:wasDerivedFrom ?doc ; prov:wasGeneratedBy ?run ;
       prov:generatedAtTime ?at ; kg:tripleCount ?triples .
    ?doc kg:sourceId ?sid .
    OPTIONAL { ?doc schema:headline ?title }
    OPTIONAL { ?doc schema:url ?url }
    OPTIONAL { ?doc schema:datePublished ?published }
    OPTIONAL { ?doc kg:sourcePath ?path }
    OPTIONAL { ?run kg:extractor ?extractor }
    FILTER NOT EXISTS { ?g prov:wasInvalidatedBy ?x }
  }
  # each count in a subquery of its own: one pass of the graph each, not events x mentions rows;
  # entities are counted as `kg stats` counts them (no claims, no time values)
  OPTIONAL { SELECT ?g (COUNT(DISTINCT ?ev) AS ?events) WHERE { GRAPH ?g { ?ev sem:eventType ?t } } GROUP BY ?g }
  OPTIONAL {
    SELECT ?g (COUNT(DISTINCT ?ent) AS ?entities)
    WHERE {
      GRAPH ?g {
        ?ent gaf:denotedBy ?m .
        FILTER NOT EXISTS { ?ent sem:eventType ?t2 } FILTER NOT EXISTS { ?ent kg:claimKind ?k }
        FILTER NOT EXISTS { ?ent a kg:TimeValue }
      }
    }
    GROUP BY ?g
  }
}
ORDER BY ?published ?sid
"""


def _v(row, name: str) -> str:
    t = row[name]
    return "" if t is None else t.value


def list_sources(store: KGStore) -> list[SourceInfo]:
    """Every source in the store with its metadata and counts, oldest publication first."""
    rows = store.query(_SOURCES, union=False)
    return [
        SourceInfo(
            _v(r, "sid"),
            _v(r, "title"),
            _v(r, "url"),
            _v(r, "published"),
            _v(r, "path"),
            _v(r, "extractor"),
            _v(r, "at"),
            int(_v(r, "triples") or 0),
            int(_v(r, "events") or 0),
            int(_v(r, "entities") or 0),
        )
        for r in rows
    ]


def store_stats(store: KGStore) -> StoreStats:
    """Counts over the whole store."""

    def count(q: str) -> int:
        rows = list(store.query(q))
        return int(rows[0][0].value) if rows else 0

    graphs = store.named_graphs()
    return StoreStats(
        quads=len(store),
        graphs=len(graphs),
        sources=sum(1 for g in graphs if g.startswith(SOURCE_GRAPH_PREFIX)),
        entities=count(
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e gaf:denotedBy ?m . FILTER NOT EXISTS { ?e sem:eventType ?t } FILTER NOT EXISTS { ?e kg:claimKind ?k } FILTER NOT EXISTS { ?e a kg:TimeValue } }"
        ),
        events=count("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e sem:eventType ?t ; gaf:denotedBy ?m }"),
        claims=count("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c kg:claimKind ?k }"),
        mentions=count("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m nif:referenceContext ?c }"),
        reference_triples=store.graph_size(REFERENCE_GRAPH),
    )


_ENTITIES_IN = """SELECT DISTINCT ?g ?e WHERE {
  GRAPH ?g { ?e gaf:denotedBy ?m }
  FILTER NOT EXISTS { ?e sem:eventType ?t } FILTER NOT EXISTS { ?e kg:claimKind ?k } FILTER NOT EXISTS { ?e a kg:TimeValue }
}"""
_EVENTS_IN = "SELECT DISTINCT ?g ?e WHERE { GRAPH ?g { ?e sem:eventType ?t ; gaf:denotedBy ?m } }"
_CLAIMS_IN = "SELECT DISTINCT ?g ?e WHERE { GRAPH ?g { ?e kg:claimKind ?k } }"


def source_counts(store: KGStore, source_ids: list[str]) -> dict[str, int]:
    """Distinct entities, events and claims in these sources' graphs, counted as :func:`store_stats`
    counts them (an entity several sources mention counts once), so that ``kg ingest`` into an
    empty store and ``kg stats`` give the same numbers."""
    out = {}
    for name, q in (("entities", _ENTITIES_IN), ("events", _EVENTS_IN), ("claims", _CLAIMS_IN)):
        found: set[str] = set()
        for sid in source_ids:
            rows = store.query(q, bindings={"g": ox.NamedNode(str(iri.graph_iri(sid)))})
            found.update(r["e"].value for r in rows)
        out[name] = len(found)
    return out


def find_source(store: KGStore, ref: str) -> str:
    """A source id from an id, an id prefix, a URL or a file name (index lookups, then the ids)."""
    st, meta = store.oxigraph, to_ox(METADATA_GRAPH)
    source_id, prop_ids = to_ox(KG.sourceId), [to_ox(p) for p in (KG.sourceId, SCHEMA.url, KG.sourcePath)]

    def live(doc) -> set[str]:
        """The ids of a source document whose graph is not retracted."""
        if not any(
            True
            for g in st.quads_for_pattern(None, to_ox(PROV.wasDerivedFrom), doc, meta)
            if next(iter(st.quads_for_pattern(g.subject, to_ox(PROV.wasInvalidatedBy), None, meta)), None) is None
        ):
            return set()
        return {
            q.object.value for q in st.quads_for_pattern(doc, source_id, None, meta) if isinstance(q.object, ox.Literal)
        }

    values = (ox.Literal(ref), ox.Literal(ref, datatype=to_ox(XSD.anyURI)))
    matches = {
        sid for v in values for p in prop_ids for q in st.quads_for_pattern(None, p, v, meta) for sid in live(q.subject)
    }
    if not matches and len(ref) >= 4:
        matches = {
            sid
            for q in st.quads_for_pattern(None, source_id, None, meta)
            if isinstance(q.object, ox.Literal) and q.object.value.startswith(ref)
            for sid in live(q.subject)
        }
    if not matches:
        raise UsageError(f"no source matches {ref!r}", hint="kg sources lists the ids")
    if len(matches) > 1:
        raise UsageError(f"{ref!r} matches {len(matches)} sources", hint="give more of the id")
    return matches.pop()


def remove_source(store: KGStore, ref: str) -> str:
    """Drop a source's graph and its description; record the retraction. Returns the source id."""
    sid = find_source(store, ref)
    finish_linking(store)  # links an earlier write left undone, before the clusters change again
    graph = iri.graph_iri(sid)
    retraction = URIRef(iri.source_prefix(sid) + "retraction")
    at = Literal(now().isoformat(), datatype=XSD.dateTime)
    unlinked, relinked = retraction_changes(store, sid)
    store.replace_graphs(
        drop=[graph],
        delete_subjects=(METADATA_GRAPH, [str(iri.doc_iri(sid)), str(graph), iri.source_prefix(sid) + "retraction"]),
        delete=unlinked,  # its links go and its clusters are computed again, in the same transaction
        insert=[
            *relinked,
            to_quad(graph, PROV.wasInvalidatedBy, retraction, METADATA_GRAPH),
            to_quad(graph, PROV.invalidatedAtTime, at, METADATA_GRAPH),
            to_quad(retraction, RDF.type, KG.Retraction, METADATA_GRAPH),
            to_quad(retraction, PROV.endedAtTime, at, METADATA_GRAPH),
        ],
    )
    store.flush()
    return sid


__all__ = [
    "SourceInfo",
    "StoreStats",
    "find_source",
    "list_sources",
    "remove_source",
    "source_counts",
    "store_stats",
    "to_ox",
]

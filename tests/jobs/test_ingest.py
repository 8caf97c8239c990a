"""Ingesting: the text context, source description and provenance are written for real; IRIs are
deterministic; every mention is anchored exactly; the first source's graph answers its questions."""

from __future__ import annotations

from kg.jobs.ingest import ingest_paths
from kg.graph.store import ExportFormat, open_store
from kg.graph.validate import validate_store
from conftest import FIXTURE_ARTICLES

SEED = "dmz-defection-opinion"


def rows(store, sparql):
    return [tuple(None if t is None else t.value for t in r) for r in store.query(sparql)]


def test_two_fresh_ingests_export_identical_bytes(tmp_path, corpus_dir):
    exports = []
    for n in range(2):
        store = open_store(tmp_path / f"s{n}")
        ingest_paths(store, [corpus_dir])
        exports.append(store.export(ExportFormat.NQUADS))
    assert exports[0] == exports[1]
    assert len(exports[0]) > 10_000


def test_reingest_is_idempotent(tmp_path, corpus_dir):
    store = open_store(tmp_path / "s")
    ingest_paths(store, [corpus_dir])
    first = store.export(ExportFormat.NQUADS)
    report = ingest_paths(store, [corpus_dir])
    assert all(s.replaced for s in report.sources)
    assert store.export(ExportFormat.NQUADS) == first


def test_every_mention_is_anchored_exactly(built_store):
    bad = rows(built_store, """
        SELECT ?m WHERE { ?m nif:referenceContext ?c ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?a .
                          ?c nif:isString ?t .
                          FILTER(SUBSTR(?t, ?b + 1, ?e - ?b) != STR(?a)) }""")
    assert bad == []
    n = rows(built_store, "SELECT (COUNT(?m) AS ?n) WHERE { ?m nif:referenceContext ?c }")
    assert int(n[0][0]) > 50


def test_graph_conforms_to_shapes(built_store):
    report = validate_store(built_store)
    assert report.conforms, [m for g in report.graphs for m in g.messages][:5] + report.problems


def test_metadata_describes_each_source_with_prov(built_store):
    got = rows(built_store, """
        SELECT ?g ?doc ?extractor ?hash WHERE { GRAPH kgg:metadata {
          ?g a kg:SourceGraph ; prov:wasDerivedFrom ?doc ; prov:wasGeneratedBy ?run ;
             prov:generatedAtTime ?t ; kg:contentHash ?hash .
          ?run prov:wasAssociatedWith ?sw ; kg:extractor ?extractor . ?sw a kg:Software } }""")
    assert len(got) == len(FIXTURE_ARTICLES) + 1  # the seed and the fixture articles
    assert {r[2] for r in got} == {"rules.v1"}
    assert all(len(r[3]) == 64 for r in got)


def test_seed_defection_answers(built_store):
    got = rows(built_store, """
        SELECT DISTINCT ?date ?origin ?dest ?place WHERE {
          ?e sem:eventType kget:Defection ; kg:agent ?who ; sem:hasTime ?t ; kg:origin ?origin ;
             kg:destination ?dest ; kg:place ?place .
          ?t time:inXSDDate ?date .
          ?who a kg:Person ; kg:isAnonymous true . }""")
    assert ("2025-10-19", "https://w3id.org/kg-news/ref/state/KP", "https://w3id.org/kg-news/ref/state/KR",
            "https://w3id.org/kg-news/ref/place/korean-demilitarized-zone") in got


def test_seed_custody_shooting_rejection(built_store):
    custody = rows(built_store, """SELECT ?a WHERE { ?e sem:eventType kget:Custody ; kg:agent ?a ; kg:patient ?p .
                                     ?p kg:isAnonymous true }""")
    assert ("https://w3id.org/kg-news/ref/armed-forces/KR",) in custody
    shot = rows(built_store, """SELECT ?y WHERE { ?e sem:eventType kget:Attack ; kg:patient ?p ; sem:hasTime ?t .
                                 ?p a kg:Person . ?t time:inXSDgYear ?y }""")
    assert ("2017",) in shot
    rejects = rows(built_store, """SELECT ?a WHERE { ?e sem:eventType kget:Rejection ; kg:agent ?a }""")
    assert ("https://w3id.org/kg-news/ref/state/KP",) in rejects


def test_seed_opinion_is_a_claim_not_an_event(built_store):
    got = rows(built_store, """
        SELECT ?kind ?holder WHERE { ?c kg:claimKind ?kind ; prov:wasAttributedTo ?holder ; gaf:denotedBy ?m .
          ?m nif:anchorOf ?a . FILTER(CONTAINS(STR(?a), "globalist approaches")) }""")
    assert got and got[0][0].endswith("#EditorialOpinion")
    events_there = rows(built_store, """
        SELECT ?e WHERE { ?e sem:eventType ?t ; gaf:denotedBy ?m . ?m nif:sentence ?s . ?s nif:anchorOf ?a .
          FILTER(CONTAINS(STR(?a), "globalist approaches")) }""")
    assert events_there == []


def test_every_kg_term_used_is_declared(built_store):
    undeclared = rows(built_store, """
        SELECT DISTINCT ?t WHERE {
          { ?s ?t ?o } UNION { ?s a ?t }
          FILTER(STRSTARTS(STR(?t), "https://w3id.org/kg-news/ont#"))
          FILTER NOT EXISTS { GRAPH kgg:reference { ?t a ?kind } }
        }""")
    assert undeclared == []


def test_jobs_two_gives_the_same_graph(tmp_path, corpus_dir):
    one, two = open_store(tmp_path / "one"), open_store(tmp_path / "two")
    ingest_paths(one, [corpus_dir], jobs=1)
    ingest_paths(two, [corpus_dir], jobs=2)
    assert one.export(ExportFormat.NQUADS) == two.export(ExportFormat.NQUADS)

"""What `kg sources` lists: each source's own counts of events and entities."""

from __future__ import annotations

from kg.graph.catalog import list_sources, store_stats
from kg.graph.store import open_store
from kg.jobs.ingest import ingest_paths


def _count(store, graph: str, pattern: str, var: str) -> int:
    rows = store.query(
        f"SELECT (COUNT(DISTINCT ?{var}) AS ?n) WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}", union=False
    )
    return int(next(iter(rows))["n"].value)


def test_each_source_lists_the_events_and_entities_of_its_own_graph(tmp_path):
    (tmp_path / "a.txt").write_text("Rebels attack town\nRebels attacked Tunga on Monday and police arrested "
                                     "two men in Lima on Tuesday, the Peruvian army said. The attack was a "
                                     "cowardly act, and the government should act now.\n")
    (tmp_path / "b.txt").write_text("Weather in Lima\nThe weather in Lima was mild on Monday.\n")
    store = open_store(tmp_path / "store")
    ingest_paths(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    listed = {s.path: s for s in list_sources(store)}
    assert set(listed) == {"a.txt", "b.txt"}
    graphs = {r["path"].value: r["g"].value for r in store.query(
        "SELECT ?g ?path WHERE { GRAPH kgg:metadata { ?g prov:wasDerivedFrom ?d . ?d kg:sourcePath ?path } }",
        union=False)}
    for path, src in listed.items():
        g = graphs[path]
        assert src.events == _count(store, g, "?e sem:eventType ?t", "e")
        assert src.entities == _count(
            store, g, "?x gaf:denotedBy ?m . FILTER NOT EXISTS { ?x sem:eventType ?t } "
            "FILTER NOT EXISTS { ?x kg:claimKind ?k } FILTER NOT EXISTS { ?x a kg:TimeValue }", "x")
    # one source alone: its entities are those `kg stats` counts
    only = open_store(tmp_path / "only")
    ingest_paths(only, [tmp_path / "a.txt"])
    assert list_sources(only)[0].entities == store_stats(only).entities
    assert listed["a.txt"].events >= 2 and listed["b.txt"].events == 0

"""Every named query has a golden result on the store built from data/sources plus the fixture
articles: sorted rows compared exactly. ``pytest --update-golden`` rewrites them; review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.query import list_queries, render_term, run_query

GOLDEN = Path(__file__).parent / "golden" / "queries"
SEED = "d07fc37502569ff0"
# Values for parameters a query needs (all point into the seed source or the gazetteer).
PARAMS = {
    "events_at_place": {"place": "https://w3id.org/kg-news/ref/place/korean-peninsula"},
    "events_between_states": {"state_a": "https://w3id.org/kg-news/ref/state/KP",
                              "state_b": "https://w3id.org/kg-news/ref/state/KR"},
    "events_by_code": {"code": "Defection"},
    "fact_provenance": {"node": f"https://w3id.org/kg-news/id/src/{SEED}/event/defection-382-388"},
    "retraction_impact": {"source": SEED},
    "why_same": {"node": f"https://w3id.org/kg-news/id/src/{SEED}/event/defection-382-388"},
    "actor_roles": {"actor": "https://w3id.org/kg-news/ref/state/KP"},
}


def rendered(result) -> str:
    lines = ["\t".join(result.variables)]
    lines += sorted("\t".join(render_term(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_golden(name, built_store, update_golden):
    result = run_query(built_store, name, params=PARAMS.get(name, {}))
    got = rendered(result)
    path = GOLDEN / f"{name}.tsv"
    if update_golden or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"no golden file for {name}: wrote {path}, review it and run again")
    assert got == path.read_text(encoding="utf-8")


def test_every_query_with_required_params_has_values():
    for q in list_queries():
        missing = [p.name for p in q.params if p.required and p.name not in PARAMS.get(q.name, {})]
        assert missing == [], q.name


def test_who_defected_on_the_first_source(built_store):
    rows = run_query(built_store, "who_defected", params={"source": SEED}).as_dicts()
    hit = [r for r in rows if r["date"] is not None and r["date"].value == "2025-10-19"]
    assert hit, rows
    r = hit[0]
    assert r["origin"].value.endswith("/state/KP") and r["destination"].value.endswith("/state/KR")
    assert r["place"].value.endswith("/place/korean-demilitarized-zone")
    assert r["precision"].value == "day"
    assert r["defector_label"].value == "North Korean soldier"


def test_event_sources_gives_the_exact_sentence(built_store):
    ev = f"https://w3id.org/kg-news/id/src/{SEED}/event/defection-382-388"
    rows = run_query(built_store, "event_sources", params={"event": ev}).as_dicts()
    text = (Path(__file__).resolve().parents[2] / "data" / "sources" / "dmz-defection-opinion.txt").read_text(encoding="utf-8")
    r = rows[0]
    b, e = int(r["sentence_begin"].value), int(r["sentence_end"].value)
    assert text[b:e] == r["sentence"].value
    assert r["sentence"].value.startswith("On Sunday, a North Korean soldier risked his life to defect")
    assert text[int(r["trigger_begin"].value):int(r["trigger_end"].value)] == "defect"

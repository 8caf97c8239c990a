"""``kg query``/``kg build`` output: tables that fit the terminal with labels first and IRIs only on
request; JSON, JSON lines and W3C SPARQL JSON for programs."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from conftest import invoke
from kg.query.format import _width


@pytest.fixture
def kg(runner, built_store_path):
    return lambda *args: invoke(runner, "--store", built_store_path, *args)


@pytest.mark.parametrize("columns", [40, 72, 120])
def test_table_fits_columns_and_hides_iris(kg, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    r = kg("query", "who_defected")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("def") and "event" not in lines[0].split()
    assert all(_width(line) <= columns for line in lines), lines
    assert "https://" not in r.stdout and "id:src/" not in r.stdout and "ref:" not in r.stdout


@pytest.mark.parametrize("flag", [["--ids"], ["-v"]])
def test_ids_on_request(kg, monkeypatch, flag):
    monkeypatch.setenv("COLUMNS", "400")
    args = ["query", "who_defected", *flag] if flag == ["--ids"] else [*flag, "query", "who_defected"]
    r = kg(*args)
    assert r.exit_code == 0, r.stderr
    assert "id:src/" in r.stdout and "ref:state/KP" in r.stdout
    header = r.stdout.splitlines()[0].split()
    assert header.index("defector_label") + 1 == header.index("defector")


def test_json_jsonl_and_sparql_json(kg):
    objects = json.loads(kg("query", "who_defected", "--format", "json").stdout)
    assert isinstance(objects, list) and objects and all(isinstance(o, dict) for o in objects)
    assert {"event", "defector_label", "date", "source"} <= set(objects[0])
    assert any(o["origin"] == "https://w3id.org/kg-news/ref/state/KP" for o in objects)
    lines = kg("query", "who_defected", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == objects
    w3c = kg("query", "who_defected", "--format", "sparql-json").stdout
    assert json.loads(w3c)["head"]["vars"][0] == "event"
    assert len(list(ox.parse_query_results(w3c, ox.QueryResultsFormat.JSON))) == len(objects)


def test_a_pipe_gets_whole_rows_without_columns(kg, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    r = kg("query", "statements_by_kind", "--format", "csv")
    assert "…" not in r.stdout
    table = kg("query", "who_defected").stdout
    assert "North Korean soldier" in table  # no terminal, no COLUMNS: cells are not cut to a width


def test_build_prints_short_answers(runner, tmp_path, monkeypatch, corpus_dir):
    monkeypatch.setenv("COLUMNS", "90")
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("talks-rejected", "eastern-defection"):
        for ext in (".txt", ".json"):
            (folder / f"{name}{ext}").write_bytes((corpus_dir / f"{name}{ext}").read_bytes())
    r = invoke(runner, "--store", tmp_path / "s", "build", folder, "--out", tmp_path / "out")
    assert r.exit_code == 0, r.stderr
    answers = [line for line in r.stdout.splitlines() if not line.startswith(("ingested ", "wrote "))]
    assert all(_width(line) <= 90 for line in answers), answers
    assert "https://" not in r.stdout and "id:src/" not in r.stdout
    assert "## Who defected  (all of it: kg query who_defected)" in r.stdout
    assert "North Korea" in r.stdout

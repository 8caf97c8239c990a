"""The Python API (kg/api.py, reached as ``kg.<name>``) and its page, docs/python-api.md."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent


def test_every_name_in_all_is_there_and_documented():
    public = [n for n in kg.__all__ if n != "__version__"]
    assert {"open_store", "ingest", "query_rows", "query_df", "draw", "export"} <= set(public)
    for name in public:
        obj = getattr(kg, name)
        assert (obj.__doc__ or "").strip(), f"kg.{name} has no docstring"
    with pytest.raises(AttributeError):
        kg.no_such_thing  # noqa: B018


def test_import_kg_loads_nothing_heavy():
    code = "import sys, kg; print(sorted(m for m in ('kg.api', 'spacy', 'pyoxigraph', 'pandas') if m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert r.stdout.strip() == "[]"


def test_query_rows_binds_parameters_and_gives_plain_values(built_store):
    rows = kg.query_rows(built_store, "events_at_place", params={"place": "ref:place/korean-demilitarized-zone"})
    assert rows and all(r["where_label"] for r in rows)
    assert all(isinstance(r["event"], str) and r["event"].startswith("https://") for r in rows)
    [count] = kg.query_rows(built_store, "SELECT (COUNT(*) AS ?n) WHERE { ?e sem:eventType ?t }")
    assert isinstance(count["n"], int) and count["n"] > 0
    assert kg.query_rows(built_store, "ASK { ?e sem:eventType kget:Defection }") == [{"answer": True}]
    triples = kg.query_rows(built_store, "CONSTRUCT { ?e a sem:Event } WHERE { ?e sem:eventType kget:Defection }")
    assert triples and set(triples[0]) == {"subject", "predicate", "object"}


def test_query_df_has_one_column_per_variable_in_order(built_store):
    pd = pytest.importorskip("pandas")  # in the test extra; optional for users
    df = kg.query_df(built_store, "who_defected")
    result = kg.query_result(built_store, "who_defected")
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == result.variables and len(df) == len(result.rows)


def test_query_df_without_pandas_says_how_to_get_it(built_store, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(UsageError) as e:
        kg.query_df(built_store, "who_defected")
    assert "pandas" in e.value.message and "pip install pandas" in (e.value.hint or "")


def test_errors_are_kg_errors(built_store):
    with pytest.raises(kg.KGError):
        kg.query_rows(built_store, "no_such_query")
    with pytest.raises(kg.KGError):
        kg.query_rows(built_store, "DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(UsageError):
        kg.export(built_store, "xml")


def test_draw_writes_html_graphml_and_gexf(built_store, tmp_path):
    html = kg.draw(built_store, tmp_path / "g.html")
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    gexf = kg.draw(built_store, tmp_path / "g.gexf")
    assert "<gexf" in gexf.read_text(encoding="utf-8")
    assert "<graphml" in kg.draw(built_store, tmp_path / "g.graphml").read_text(encoding="utf-8")
    with pytest.raises(UsageError):
        kg.draw(built_store, tmp_path / "g.png")
    assert not (tmp_path / "g.png").exists()


def test_export_returns_and_writes_the_same_bytes(built_store, tmp_path):
    data = kg.export(built_store, "nquads", out=tmp_path / "x.nq")
    assert data == (tmp_path / "x.nq").read_bytes() == built_store.export(kg.ExportFormat.NQUADS)


def test_ingest_takes_one_path_and_reports(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Talks fail\nNorth Korea rejected talks with South Korea on Monday.\n", encoding="utf-8"
    )
    store = kg.open_store(tmp_path / "store")
    report = kg.ingest(store, str(tmp_path / "a.txt"))
    assert [s.title for s in report.sources] == ["Talks fail"] and not report.failures
    assert kg.query_rows(store, "SELECT ?t WHERE { ?d a kg:SourceDocument ; kg:sourcePath ?t }") == [{"t": "a.txt"}]


def test_the_python_api_page_runs(monkeypatch):
    """docs/python-api.md is a doctest: every example on it runs and prints what it shows."""
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "docs" / "python-api.md"), module_relative=False, verbose=False)
    assert result.attempted > 10 and result.failed == 0

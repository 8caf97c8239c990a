"""The CLI: results on stdout, one clear line on stderr for errors, documented exit codes, and a
store left unchanged by bad input."""

from __future__ import annotations

import re

import pytest

from conftest import invoke, one_error_line


@pytest.fixture
def seeded(tmp_path, runner, corpus_dir):
    store = tmp_path / "store"
    r = invoke(runner, "--store", store, "ingest", corpus_dir / "ferry-defection.txt")
    assert r.exit_code == 0, r.stderr
    export = invoke(runner, "--store", store, "export", "--format", "nquads")
    return store, export.stdout_bytes


def unchanged(runner, store, before):
    assert invoke(runner, "--store", store, "export").stdout_bytes == before


def test_version_and_help(runner):
    assert re.match(r"kg \d+\.\d+\.\d+", invoke(runner, "--version").stdout)
    for cmd in ("ingest", "export", "validate", "sources", "stats", "query", "viz", "build", "remove", "eval"):
        r = invoke(runner, cmd, "--help")
        assert r.exit_code == 0 and "Usage" in r.stdout, cmd


def test_ingest_prints_a_summary(runner, tmp_path, corpus_dir):
    r = invoke(runner, "--store", tmp_path / "s", "ingest", corpus_dir / "ferry-defection.txt")
    assert r.exit_code == 0
    assert re.match(r"sources: 1  entities: \d+  events: \d+  claims: \d+  triples: \d+  seconds: ", r.stdout)


@pytest.mark.parametrize("name, data, meta, code", [
    ("missing.txt", None, None, 3),
    ("empty.txt", b"", None, 3),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", None, 3),
    ("broken.txt", b"Headline\nThe army fired warning shots on Monday, officials said.\n", "{broken", 3),
])
def test_bad_input_leaves_store_unchanged(runner, tmp_path, seeded, name, data, meta, code):
    store, before = seeded
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    if meta is not None:
        path.with_suffix(".json").write_text(meta)
    r = invoke(runner, "--store", store, "ingest", path)
    assert r.exit_code == code
    one_error_line(r)
    unchanged(runner, store, before)


def test_folder_with_good_and_bad_files(runner, tmp_path, corpus_dir):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_bytes((corpus_dir / "talks-rejected.txt").read_bytes())
    (folder / "bad.txt").write_bytes(b"")
    store = tmp_path / "s"
    r = invoke(runner, "--store", store, "ingest", folder)
    assert r.exit_code == 6
    assert "bad.txt" in r.stderr
    assert "sources: 1" in r.stdout
    listing = invoke(runner, "--store", store, "sources")
    assert "Pyongyang rejects talks offer" in listing.stdout


def test_unknown_export_format(runner, seeded):
    store, before = seeded
    r = invoke(runner, "--store", store, "export", "--format", "xml")
    assert r.exit_code == 2
    assert "unknown format" in one_error_line(r)
    unchanged(runner, store, before)


def test_store_path_is_a_file(runner, tmp_path, corpus_dir):
    f = tmp_path / "afile"
    f.write_text("not a store")
    for args in (["ingest", corpus_dir / "ferry-defection.txt"], ["export"], ["sources"], ["validate"]):
        r = invoke(runner, "--store", f, *args)
        assert r.exit_code == 4, args
        assert "is a file" in one_error_line(r)
    assert f.read_text() == "not a store"


def test_missing_store_for_reading(runner, tmp_path):
    r = invoke(runner, "--store", tmp_path / "none", "stats")
    assert r.exit_code == 4
    assert "no store" in one_error_line(r)
    assert not (tmp_path / "none").exists()


def test_export_formats_parse(runner, seeded, tmp_path):
    import rdflib

    store, _ = seeded
    for fmt, parser in (("trig", "trig"), ("turtle", "turtle"), ("jsonld", "json-ld"), ("nquads", "nquads")):
        out = tmp_path / f"x.{fmt}"
        r = invoke(runner, "--store", store, "export", "--format", fmt, "--out", out)
        assert r.exit_code == 0, r.stderr
        g = rdflib.Dataset()
        g.parse(out, format=parser)
        assert len(g) > 0 or sum(1 for _ in g.quads()) > 0


def test_remove_source(runner, seeded):
    store, _ = seeded
    listing = invoke(runner, "--store", store, "sources").stdout
    sid = listing.splitlines()[1].split()[0]
    r = invoke(runner, "--store", store, "remove", sid)
    assert r.exit_code == 0 and sid in r.stdout
    assert sid not in invoke(runner, "--store", store, "sources").stdout
    bad = invoke(runner, "--store", store, "remove", "nothing-like-this")
    assert bad.exit_code == 2


def test_usage_errors_are_one_line_from_the_installed_command(tmp_path):
    import subprocess
    import sys

    exe = [sys.executable, "-c", "from kg.cli.main import run; run()"]
    for args in (["export", "--quiet-please"], ["nosuch"], ["query", "--limit", "many", "x"], ["ingest"]):
        r = subprocess.run(exe + args, capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert r.returncode == 2, args
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        assert len(lines) == 1 and lines[0].startswith("kg: error:") and "hint:" in lines[0], r.stderr


def test_a_graph_failing_the_shapes_is_that_files_error(runner, tmp_path, corpus_dir, monkeypatch):
    """Ingest checks each source graph against the shapes before writing it: a source whose graph
    fails (here: a time of day written without its zone) is reported and not written; the others are."""
    import kg.jobs.extraction
    from rdflib import Literal, URIRef
    from kg.terms import to_quad
    from kg.vocab import KG, RDF, TIME, XSD

    real = kg.jobs.extraction.source_quads

    def with_a_zoneless_stamp(ex):
        quads = real(ex)
        if ex.article.title == "Pyongyang rejects talks offer":
            t, g = URIRef("https://w3id.org/kg-news/id/src/x/time/0-1"), URIRef(quads[0].graph_name.value)
            quads += [to_quad(t, RDF.type, KG.TimeValue, g), to_quad(t, TIME.unitType, TIME.unitMinute, g),
                      to_quad(t, TIME.inXSDDateTimeStamp, Literal("2025-11-11T15:40:00", datatype=XSD.dateTime), g)]
        return quads

    monkeypatch.setattr(kg.jobs.extraction, "source_quads", with_a_zoneless_stamp)
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("talks-rejected", "ferry-defection"):
        for ext in (".txt", ".json"):
            (folder / f"{name}{ext}").write_bytes((corpus_dir / f"{name}{ext}").read_bytes())
    store = tmp_path / "s"
    r = invoke(runner, "--store", store, "ingest", folder)
    assert r.exit_code == 6
    assert "talks-rejected.txt" in r.stderr and "does not satisfy the shapes" in r.stderr
    assert "zone" in r.stderr
    assert "sources: 1" in r.stdout
    listing = invoke(runner, "--store", store, "sources").stdout
    assert "Fisherman defects" in listing and "Pyongyang rejects" not in listing
    assert invoke(runner, "--store", store, "validate").exit_code == 0

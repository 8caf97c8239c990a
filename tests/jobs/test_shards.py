"""Shards: ``kg ingest --emit DIR`` writes one checked N-Quads file per source without a store, and
``kg load DIR`` bulk-loads them into a store that then exports the same bytes as ``kg ingest`` of the
same articles; loading twice changes nothing; a bad shard is one error line and nothing stored
changes."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.graph.store import ExportFormat, open_store
from kg.jobs.shards import REFERENCE_SHARD, check_shard, emit_shards, load_shards
from conftest import error_line, invoke

# Short articles written for these tests.
MINE = {
    "harbour.txt": "Ferry strike ends in Busan\nDock workers in Busan ended a three-day strike on Thursday after "
                   "the port authority agreed to raise wages, the union said.\n",
    "border.txt": "Two soldiers cross into South Korea\nTwo North Korean soldiers crossed the Military Demarcation "
                  "Line on Sunday and defected to South Korea, the Joint Chiefs of Staff said.\n",
}


@pytest.fixture(scope="module")
def shards(tmp_path_factory, corpus_dir) -> Path:
    """The shards of the session's corpus (the articles the built store was ingested from)."""
    folder = tmp_path_factory.mktemp("shards") / "out"
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # the built store's clock
    report = emit_shards([corpus_dir], folder)
    assert not report.failures and len(report.shards) == 4
    return folder


def _export(path: Path) -> bytes:
    return open_store(path, read_only=True).export(ExportFormat.NQUADS)


def _copy(shards: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(shards, tmp_path / "shards"))


def test_loaded_shards_export_the_bytes_of_an_ingest(shards, built_store_path, tmp_path):
    names = sorted(p.name for p in shards.iterdir())
    assert names[-1] == REFERENCE_SHARD + ".nq" and all(n.endswith(".nq") for n in names) and len(names) == 5
    report = load_shards(open_store(tmp_path / "s"), shards)
    assert len(report.sources) == 4 and report.replaced == 0 and report.reference
    assert _export(tmp_path / "s") == _export(built_store_path)


def test_loading_the_same_shards_again_replaces_them(shards, built_store_path, tmp_path):
    store = open_store(tmp_path / "s")
    load_shards(store, shards)
    again = load_shards(store, shards)
    assert again.replaced == 4 and not again.reference  # the same ontology: the reference graph stays
    del store
    assert _export(tmp_path / "s") == _export(built_store_path)


def test_loading_over_an_ingested_store_is_a_second_ingest(shards, built_store_path, tmp_path):
    path = Path(shutil.copytree(built_store_path, tmp_path / "s"))
    report = load_shards(open_store(path), shards)
    assert report.replaced == 4
    assert _export(path) == _export(built_store_path)


def test_emit_opens_no_store_and_a_shard_holds_one_source(shards, tmp_path):
    for p in shards.iterdir():
        shard = check_shard(p)
        assert shard.kind == p.name.removesuffix(".nq")
    text = next(p for p in sorted(shards.iterdir()) if p.name != "reference.nq").read_text(encoding="utf-8")
    first, *_, last = text.splitlines()
    assert first.startswith("# kg shard: ") and last == f"# end of kg shard: {len(text.splitlines()) - 2} quads"


def test_cli_emit_gzip_then_load_is_kg_ingest(runner, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in MINE.items():
        (articles / name).write_text(text, encoding="utf-8")
    r = invoke(runner, "--store", tmp_path / "never", "ingest", articles, "--emit", tmp_path / "d", "--gzip")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("shards: 2  triples: ")
    assert not (tmp_path / "never").exists()
    assert sorted(p.name for p in (tmp_path / "d").iterdir())[-1] == "reference.nq.gz"
    assert invoke(runner, "--store", tmp_path / "a", "ingest", articles).exit_code == 0
    r = invoke(runner, "--store", tmp_path / "b", "load", tmp_path / "d")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("sources: 2  replaced: 0  quads: ")
    assert _export(tmp_path / "a") == _export(tmp_path / "b")
    # gzip with no time in its header: the same articles give the same shard bytes
    again = emit_shards([articles], tmp_path / "e", gzipped=True)
    for p in again.shards:
        assert p.read_bytes() == (tmp_path / "d" / p.name).read_bytes()


def test_gzip_needs_emit(runner, tmp_path):
    r = invoke(runner, "--store", tmp_path / "s", "ingest", tmp_path, "--gzip")
    assert "--gzip goes with --emit" in error_line(r, 2)


# -- bad input: one line, exit 3, nothing stored changes ------------------------------------------


def _source_shard(folder: Path) -> Path:
    return next(p for p in sorted(folder.iterdir()) if not p.name.startswith(REFERENCE_SHARD))


def _cut(p: Path) -> None:  # the last lines gone, as from a copy that stopped
    lines = p.read_bytes().splitlines(keepends=True)
    p.write_bytes(b"".join(lines[: len(lines) // 2]))


def _cut_mid_line(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _garble(p: Path) -> None:  # a broken line inside a shard whose header and count are right
    lines = p.read_bytes().splitlines(keepends=True)
    lines[3] = b"<https://example.org/broken\n"
    p.write_bytes(b"".join(lines))


def _not_nquads(p: Path) -> None:
    (p.parent / "notes.nq").write_text("These are my notes, not quads.\n", encoding="utf-8")


def _cut_gzip(p: Path) -> None:
    gz = p.with_name(p.name + ".gz")
    data = gzip.compress(p.read_bytes())
    gz.write_bytes(data[: len(data) - 20])


def _other_graph(p: Path) -> None:  # a quad of the resolution graph slipped into a source's shard
    lines = p.read_bytes().splitlines(keepends=True)
    n = int(lines[-1].split(b": ")[1].split()[0])
    extra = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> <https://w3id.org/kg-news/graph/resolution> .\n"
    p.write_bytes(b"".join([*lines[:-1], extra, f"# end of kg shard: {n + 1} quads\n".encode()]))


def _other_ontology(p: Path) -> None:  # a second reference shard, of another ontology
    ref = p.parent / "reference.nq"
    sub = p.parent / "elsewhere"
    sub.mkdir()
    data = ref.read_bytes()
    digest = check_shard(ref).content_hash.encode()
    (sub / "reference.nq").write_bytes(data.replace(digest, b"0" * len(digest)))


BAD = {
    "cut short": (_cut, "cut short"),
    "cut mid-line": (_cut_mid_line, "cut short"),
    "a broken line": (_garble, "not valid N-Quads"),
    "not N-Quads": (_not_nquads, "not a kg shard"),
    "gzip cut short": (_cut_gzip, "gzip file is cut short"),
    "another graph": (_other_graph, "outside source"),
    "two ontologies": (_other_ontology, "different ontologies"),
}


@pytest.mark.parametrize("damage", list(BAD), ids=list(BAD))
def test_a_bad_shard_among_good_ones_loads_nothing(shards, built_store_path, runner, tmp_path, damage):
    folder = _copy(shards, tmp_path)
    make, said = BAD[damage]
    make(_source_shard(folder))
    store = Path(shutil.copytree(built_store_path, tmp_path / "store"))
    before = _export(store)
    r = invoke(runner, "--store", store, "load", folder)
    line = error_line(r, 3)
    assert said in line and "nothing was loaded" in line
    assert _export(store) == before


@pytest.mark.parametrize("where", ["missing", "empty", "a file"])
def test_no_shards_is_one_line(runner, tmp_path, where):
    folder = tmp_path / "d"
    if where == "empty":
        folder.mkdir()
    elif where == "a file":
        folder.write_text("x", encoding="utf-8")
    r = invoke(runner, "--store", tmp_path / "s", "load", folder)
    assert error_line(r, 3)
    with pytest.raises(InputError):
        load_shards(open_store(None), folder)


def test_a_second_shard_of_one_source_is_skipped(shards, built_store_path, runner, tmp_path):
    folder = _copy(shards, tmp_path)
    (folder / "copy").mkdir()
    one = _source_shard(folder)
    shutil.copy(one, folder / "copy" / one.name)
    r = invoke(runner, "--store", tmp_path / "s", "load", folder)
    assert r.exit_code == 0, r.stderr
    assert "kg: note: skipped duplicate" in r.stderr and r.stdout.startswith("sources: 4 ")
    assert _export(tmp_path / "s") == _export(built_store_path)

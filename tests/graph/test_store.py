"""The embedded store: transactional replace, sorted export, clear errors for bad locations."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Literal, URIRef

from kg.errors import StoreError, StoreLockedError
from kg.graph.store import ExportFormat, open_store
from kg.terms import to_quad

G = URIRef("https://example.org/g")


def q(s, o, g=G):
    return to_quad(URIRef(f"https://example.org/{s}"), URIRef("https://example.org/p"), Literal(o), g)


def test_replace_is_one_transaction(tmp_path):
    store = open_store(tmp_path / "s")
    store.replace_graphs(insert=[q("a", "1"), q("b", "2")])
    assert len(store) == 2
    store.replace_graphs(drop=[G], insert=[q("c", "3")])
    assert [l.split()[0] for l in store.iter_sorted_nquads()] == ["<https://example.org/c>"]


def test_failed_update_leaves_store_as_it_was(tmp_path):
    store = open_store(tmp_path / "s")
    store.replace_graphs(insert=[q("a", "1")])
    before = store.export(ExportFormat.NQUADS)
    with pytest.raises(Exception):
        store.update("DROP GRAPH <https://example.org/g> ; INSERT DATA { GRAPH <https://example.org/g> { <x> } }")
    assert store.export(ExportFormat.NQUADS) == before


def test_hostile_literal_round_trips(tmp_path):
    store = open_store(tmp_path / "s")
    nasty = 'x" } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\n\u2028'
    store.replace_graphs(insert=[q("a", nasty)])
    rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert rows[0]["o"].value == nasty


def test_nquads_export_is_sorted(tmp_path):
    store = open_store(tmp_path / "s")
    store.replace_graphs(insert=[q("z", "1"), q("a", "2")])
    lines = store.export(ExportFormat.NQUADS).decode().splitlines()
    assert lines == sorted(lines)


def test_store_path_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(f)


def test_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(tmp_path)


def test_missing_store_read_only(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "none", read_only=True)


def test_locked_store_is_reported(tmp_path):
    path = tmp_path / "s"
    open_store(path).flush()
    holder = subprocess.Popen([sys.executable, "-c", f"import pyoxigraph, time; s = pyoxigraph.Store({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreLockedError, match="in use"):
            open_store(path, wait=0.5)
        # reading works while another process writes
        assert open_store(path, read_only=True) is not None
    finally:
        holder.kill()
        holder.wait()


def test_import_of_broken_nquads_adds_nothing(tmp_path):
    """A syntax error on the last line: one clear error, and none of the good lines before it stored."""
    from kg.errors import UsageError

    store = open_store(tmp_path / "s")
    good = "".join(f"<https://example.org/s{i}> <https://example.org/p> \"v{i}\" <https://example.org/g> .\n"
                   for i in range(500))
    assert store.import_nquads(good.encode()) == 500
    with pytest.raises(UsageError, match="line 501"):
        store.import_nquads((good.replace('"v', '"w') + "this is not a quad\n").encode())
    assert len(store) == 500

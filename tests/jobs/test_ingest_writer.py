"""Ingest writes each source in a thread of its own (``kg.jobs.ingest._Writer``), one transaction per
source, in the order the articles were read, while the next articles are parsed; the first failure
stops the writing and is raised; a new source's earlier version is looked up without SPARQL."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import kg.jobs.ingest as ing
from kg import iri
from kg.errors import StoreError
from kg.graph.rdfize import source_quads
from kg.graph.store import open_store
from kg.jobs.ingest import ingest_paths
from kg.knowledge.ontology import load_ontology
from kg.extract.pipeline import extract_article
from kg.sources import read_article
from kg.vocab import NIF

TEXTS = [
    "Ferry service resumes\nThe ferry between Ardley and Bresk resumed service on Monday, the port authority said.\n",
    "Talks open in Calloway\nDelegates from two towns met in Calloway on Tuesday to discuss a shared water plan.\n",
    "Bridge closed for repairs\nEngineers closed the old bridge in Dunmore on Wednesday after a crack was found.\n",
    "Market reopens after storm\nThe central market in Elsby reopened on Thursday, traders said.\n",
]


def write_articles(folder: Path, texts=TEXTS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        p = folder / f"a{i}.txt"
        p.write_text(text, encoding="utf-8")
        meta = {"published": "2025-03-14", "url": f"https://example.org/news/{i}"}
        (folder / f"a{i}.json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(p)
    return paths


def source_graphs(store) -> list[str]:
    return sorted(g for g in store.named_graphs() if "/graph/source/" in g)


def test_sources_are_written_in_a_writer_thread_in_the_order_read(tmp_path, monkeypatch):
    paths = write_articles(tmp_path / "in")
    seen = []
    real = ing._write

    def spy(store, ex, body):
        seen.append((threading.current_thread() is threading.main_thread(), ex.article.path))
        return real(store, ex, body)

    monkeypatch.setattr(ing, "_write", spy)
    store = open_store(tmp_path / "s")
    report = ingest_paths(store, [tmp_path / "in"])
    assert [main for main, _ in seen] == [False] * len(TEXTS)  # never in the caller's thread
    assert [p for _, p in seen] == [p.name for p in paths] == [s.path for s in report.sources]
    assert len(source_graphs(store)) == len(TEXTS)
    assert not any(t.name == "kg-writer" for t in threading.enumerate())  # the thread is gone after the run


def test_a_failed_write_stops_the_writing_and_is_raised(tmp_path, monkeypatch):
    write_articles(tmp_path / "in")
    real, calls = ing._write, []

    def second_fails(store, ex, body):
        calls.append(ex.article.path)
        if len(calls) == 2:
            raise StoreError("writing to the store failed: [Errno 28] No space left on device", hint="free space")
        return real(store, ex, body)

    monkeypatch.setattr(ing, "_write", second_fails)
    store = open_store(tmp_path / "s")
    with pytest.raises(StoreError, match="No space left"):
        ingest_paths(store, [tmp_path / "in"])
    assert len(calls) == 2  # nothing is written after the failure
    assert len(source_graphs(store)) == 1  # the first source whole, the second not at all
    assert not any(t.name == "kg-writer" for t in threading.enumerate())


def test_an_extraction_crash_still_writes_what_was_handed_over(tmp_path, monkeypatch):
    write_articles(tmp_path / "in")
    real = ing.SourceCheck.problems_of
    batches = []

    def crash_on_second_batch(self, bodies):
        batches.append(len(bodies))
        if len(batches) == 2:
            raise KeyboardInterrupt
        return real(self, bodies)

    monkeypatch.setattr(ing, "_CHECK_BATCH", 2)
    monkeypatch.setattr(ing.SourceCheck, "problems_of", crash_on_second_batch)
    store = open_store(tmp_path / "s")
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(store, [tmp_path / "in"])
    assert len(source_graphs(store)) == 2  # the first batch, each source whole, awaiting its links
    assert not any(t.name == "kg-writer" for t in threading.enumerate())


def test_previous_version_is_found_for_a_stored_source_only(tmp_path):
    folder = tmp_path / "in"
    write_articles(folder, TEXTS[:1])
    store = open_store(tmp_path / "s")
    sid = ingest_paths(store, [folder]).sources[0].source_id
    h, run, rev = ing._previous(store, sid)
    assert h is not None and run is not None and rev is None
    assert ing._previous(store, "0" * 16) == (None, None, None)
    write_articles(folder, [TEXTS[0].replace("Monday", "Tuesday")])  # same URL, new text: a revision
    report = ingest_paths(store, [folder])
    assert report.sources[0].replaced
    assert ing._previous(store, sid)[2] == run


def test_mention_nodes_are_the_minted_mention_iris(tmp_path):
    art = read_article(write_articles(tmp_path / "in", TEXTS[:1])[0])
    quads = source_quads(extract_article(art, load_ontology(None)))
    anchored = {q.subject.value for q in quads if q.predicate.value == str(NIF.anchorOf)}
    assert anchored
    for node in anchored:
        begin, end = node.rsplit("#char=", 1)[1].split(",")
        assert node == str(iri.mention_iri(art.source_id, int(begin), int(end)))

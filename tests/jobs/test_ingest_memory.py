"""A long ingest run holds about as much memory as a short one (issue 18, point 5): the writer
flushes Oxigraph's memtables to disk as it goes, and the links of a run's sources are computed in
groups of sources rather than once for the whole run; the store ends the same either way."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import kg.graph.candidates as candidates
import kg.jobs.ingest as ing
from kg.graph.resolve import awaiting_links
from kg.graph.store import open_store
from kg.jobs.ingest import ingest_paths

# three reports of one arrest (two on the same day, one a day later) and one of something else
TEXTS = [
    "Fisherman arrested\nKenyan police arrested Daniel Mwangi, a fisherman, in Mombasa on Monday after a "
    "boat sank, officials said.\n",
    "Arrest after boat sinking\nDaniel Mwangi was arrested by Kenyan police in Mombasa on Monday, the "
    "police said.\n",
    "Fisherman held\nPolice in Kenya said they arrested Daniel Mwangi in Mombasa on Tuesday after the "
    "sinking.\n",
    "Library opens in Nairobi\nA new public library opened in Nairobi on Friday, the Kenyan government said.\n",
    "Fisherman freed\nDaniel Mwangi was released in Mombasa, Kenya, on Wednesday, his lawyer said.\n",
]


def write_articles(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(TEXTS):
        p = folder / f"r{i}.txt"
        p.write_text(text, encoding="utf-8")
        meta = {"published": "2025-06-11", "url": f"https://example.org/coast/{i}"}
        (folder / f"r{i}.json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(p)
    return paths


def identity(store) -> list[tuple[str, str, str]]:
    return sorted((r[0].value, r[1].value, r[2].value) for r in store.query(
        "SELECT ?a ?p ?b WHERE { GRAPH kgg:resolution { ?a ?p ?b } }", union=False))


def test_links_computed_in_groups_are_those_of_one_group(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    paths = write_articles(tmp_path / "in")
    whole = open_store(tmp_path / "whole")
    ingest_paths(whole, paths)  # five sources: fewer than a group, linked at the end of the run

    calls: list[list[str]] = []
    real = ing.resolve_sources

    def spy(store, ids):
        calls.append(list(ids))
        return real(store, ids)

    monkeypatch.setattr(ing, "resolve_sources", spy)
    monkeypatch.setattr(ing, "_CHECK_BATCH", 2)
    monkeypatch.setattr(ing, "_LINK_EVERY", 2)
    monkeypatch.setattr(candidates, "CACHE_LIMIT", 0)  # and the reader forgets everything between sources
    grouped = open_store(tmp_path / "grouped")
    report = ingest_paths(grouped, paths)
    assert [len(c) for c in calls] == [2, 2, 1]  # after every two sources, then the rest at the end
    assert [sid for c in calls for sid in c] == [s.source_id for s in report.sources]
    assert awaiting_links(grouped) == []
    links = identity(grouped)
    assert any(p.endswith("#sameAs") for _, p, _ in links), links  # the arrest, reported by several sources
    assert links == identity(whole)
    assert list(grouped.iter_sorted_nquads()) == list(whole.iter_sorted_nquads())  # byte for byte


def test_the_writer_flushes_the_store_as_it_goes(tmp_path, monkeypatch):
    paths = write_articles(tmp_path / "in")
    monkeypatch.setattr(ing, "_FLUSH_QUADS", 1)  # after every source
    store = open_store(tmp_path / "s")
    flushes: list[str] = []
    real = store.flush

    def spy():
        flushes.append(threading.current_thread().name)
        real()

    monkeypatch.setattr(store, "flush", spy)
    ingest_paths(store, paths)
    # one after each source in the writer's thread, one while the links are computed, one at the end
    assert flushes.count("kg-writer") == len(TEXTS) + 1
    assert len(flushes) == len(TEXTS) + 2


def test_the_resolution_reader_forgets_past_its_limit(tmp_path):
    store = open_store(tmp_path / "s")
    ingest_paths(store, write_articles(tmp_path / "in"))
    rd = candidates.Reader(store)
    ids = sorted(s.rsplit("/", 1)[-1] for s in store.named_graphs() if "/graph/source/" in s)
    for sid in ids:
        g = candidates.graph_node(sid)
        for q in store.oxigraph.quads_for_pattern(None, candidates.LABEL, None, g):
            rd.entity(q.subject, g)
    held = len(rd._entities)
    assert held > 3
    first = {k: rd.entity(*k) for k in list(rd._entities)}
    rd.share_a_state(ids[0], ids[1])
    assert rd._shared
    rd.trim(limit=held)  # within the limit: the entities stay, the per-source answers go
    assert len(rd._entities) == held and not rd._shared
    rd.trim(limit=held - 1)  # past it: everything goes
    assert not rd._entities
    assert {k: rd.entity(*k) for k in first} == first  # and is read again the same


def _rss_mib() -> float:
    import os

    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_freed_memory_goes_back_to_the_system():
    """glibc keeps what a process freed in its heaps: without the release, the resident memory of a
    long run follows the most it ever held (RocksDB's flushed memtables, a group's reads)."""
    import pytest

    from kg.graph.store import release_free_memory

    if not release_free_memory():
        pytest.skip("no glibc malloc_trim here")
    held = [bytes(600) + bytes([i % 256]) for i in range(150_000)]  # ~90 MB of malloc'd blocks
    last = held[-1]  # (one block kept at the top of the heap: freeing alone returns nothing)
    before = _rss_mib()
    del held
    freed = _rss_mib()
    assert freed > before - 30  # freed, still resident
    release_free_memory()
    assert _rss_mib() < freed - 60  # handed back
    assert last


def test_memory_is_released_after_each_flush_and_group(tmp_path, monkeypatch):
    paths = write_articles(tmp_path / "in")
    monkeypatch.setattr(ing, "_FLUSH_QUADS", 1)  # after every source
    monkeypatch.setattr(ing, "_CHECK_BATCH", 2)
    monkeypatch.setattr(ing, "_LINK_EVERY", 2)
    calls: list[str] = []
    monkeypatch.setattr(ing, "release_free_memory", lambda: calls.append(threading.current_thread().name))
    ingest_paths(open_store(tmp_path / "s"), paths)
    # one after each source's flush (in the writer), one after each of the two groups of links
    assert sorted(calls) == sorted(["kg-writer"] * len(TEXTS) + ["MainThread"] * 2)


def test_events_are_linked_one_source_at_a_time_like_entities(tmp_path, monkeypatch):
    """A run's events are linked per source, in the source's own transaction with its entities
    (issue 14, point 6: not all of a run's events at its end); the last transaction only drops the
    markers. The store ends the same as linking the sources one ingest at a time."""
    from kg.graph.store import KGStore

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    paths = write_articles(tmp_path / "in")
    one_by_one = open_store(tmp_path / "one")
    for p in paths:
        ingest_paths(one_by_one, [p])
    calls: list[list] = []
    real = KGStore.replace_graphs

    def spy(self, **kw):
        calls.append(list(kw.get("insert", ())))
        return real(self, **kw)

    monkeypatch.setattr(KGStore, "replace_graphs", spy)
    store = open_store(tmp_path / "run")
    ingest_paths(store, paths)
    from kg.vocab import KG

    linked = str(KG.linkedNode)
    event_calls = [i for i, ins in enumerate(calls) if any(q.predicate.value == linked and "/event/" in q.object.value for q in ins)]
    assert event_calls, "the arrest's reports are linked"
    last = calls[-1]
    assert not any(q.predicate.value == linked for q in last)  # the markers' transaction links nothing
    assert list(store.iter_sorted_nquads()) == list(one_by_one.iter_sorted_nquads())

"""A long ingest run holds about as much memory as a short one (issue 18, point 5): the writer
flushes Oxigraph's memtables to disk as it goes, and the links of a run's sources are computed in
groups of sources rather than once for the whole run; the store ends the same either way."""

from __future__ import annotations

import json
import threading
from pathlib import Path

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

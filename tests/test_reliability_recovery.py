"""Reliability: links and revisions survive a write that stops half-way (docs/reliability.md, "Links
and revisions after a crash").

A source is written in one transaction and its cross-source links in a later one. The source carries
a ``kg:awaitsLinking`` marker until its links are written, so a kill -9 or a full disk between the two
is seen by ``kg validate`` and undone by the next command that writes: the store ends as a run that
never stopped would leave it. Re-ingesting a source keeps its ``prov:wasRevisionOf`` history.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kg.jobs.ingest
from conftest import error_line, invoke
from kg.errors import StoreError
from kg.graph.catalog import remove_source
from kg.graph.store import open_store
from kg.jobs.ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
RESOLUTION = "https://w3id.org/kg-news/graph/resolution"
REVISION = "http://www.w3.org/ns/prov#wasRevisionOf"

# two reports of one crossing (they link), and one unrelated report
A = ("Soldier crosses into South Korea\n"
     "A North Korean soldier crossed the Military Demarcation Line into South Korea on Tuesday, "
     "the Joint Chiefs of Staff said. The South Korean military took custody of the soldier near the "
     "Hantan Bridge in Cheorwon.\n")
B = ("Defector crosses the border in Cheorwon\n"
     "A North Korean soldier defected to South Korea on Tuesday across the Military Demarcation Line, "
     "officials in Seoul said. The South Korean military took custody of the soldier near the Hantan Bridge.\n")
C = ("Rain delays harvest in the south\n"
     "Heavy rain delayed the rice harvest in Jeolla on Monday, farmers said.\n")


def write(folder: Path, name: str, text: str, url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps({"published": "2025-11-12", "url": url}), encoding="utf-8")
    return folder / f"{name}.txt"


def resolution_of(path: Path) -> list[str]:
    """The resolution graph's quads, sorted (what a clean run is compared on)."""
    return [line for line in open_store(path, read_only=True).iter_sorted_nquads() if f"<{RESOLUTION}>" in line]


def revisions_of(path: Path) -> list[str]:
    return [line for line in open_store(path, read_only=True).iter_sorted_nquads() if f"<{REVISION}>" in line]


def clean(tmp_path: Path, *runs: list[Path]) -> Path:
    """A store built by runs that never stopped."""
    path = tmp_path / f"clean{len(list(tmp_path.glob('clean*')))}"
    store = open_store(path)
    for paths in runs:
        ingest_paths(store, paths)
    store.flush()
    del store
    return path


def run_killed(store: Path, paths: list[Path], *, when: str) -> None:
    """Ingest ``paths`` in another process that kills itself (SIGKILL) at ``when``: ``"linking"``, the
    moment the sources are written and their links are not; ``"second-write"``, before the second
    source is written."""
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        import kg.jobs.ingest as ing
        from kg.graph.store import open_store
        writes = []
        real_write = ing._write
        def kill(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        def write(*a, **k):
            writes.append(1)
            if {when!r} == "second-write" and len(writes) == 2:
                kill()
            return real_write(*a, **k)
        ing._write = write
        if {when!r} == "linking":
            ing.resolve_sources = kill
        ing.ingest_paths(open_store(Path({str(store)!r})), [Path(p) for p in {[str(p) for p in paths]!r}])
    """)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr[-2000:])


@pytest.mark.slow
def test_a_kill_9_before_linking_is_reported_and_the_next_ingest_links_as_a_clean_run(runner, tmp_path):
    a = write(tmp_path / "in", "a", A, "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "https://example.org/b")
    c = write(tmp_path / "more", "c", C, "https://example.org/c")
    store = tmp_path / "store"
    run_killed(store, [a, b], when="linking")
    assert resolution_of(store) == []  # the sources are there, their links are not
    r = invoke(runner, "--store", store, "validate")
    assert r.exit_code == 1 and "2 source(s) await their cross-source links" in r.stdout, r.stdout[-2000:]
    # ingesting other articles finishes the links the killed run left undone
    assert invoke(runner, "--store", store, "ingest", c).exit_code == 0
    assert resolution_of(store) == resolution_of(clean(tmp_path, [a, b], [c])) != []
    r = invoke(runner, "--store", store, "validate")
    assert r.exit_code == 0 and "conforms: true" in r.stdout, r.stdout[-2000:]


def test_a_full_disk_before_linking_is_finished_by_a_later_remove(runner, tmp_path, monkeypatch):
    a = write(tmp_path / "in", "a", A, "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "https://example.org/b")
    c = write(tmp_path / "in", "c", C, "https://example.org/c")
    store = tmp_path / "store"

    def full_disk(*args, **kwargs):
        raise StoreError("writing to the store failed: [Errno 28] No space left on device", hint="free disk space")

    with monkeypatch.context() as m:
        m.setattr(kg.jobs.ingest, "resolve_sources", full_disk)
        error_line(invoke(runner, "--store", store, "ingest", tmp_path / "in"), 4)
    assert resolution_of(store) == []
    assert invoke(runner, "--store", store, "remove", "https://example.org/c").exit_code == 0
    expected = clean(tmp_path, [a, b, c])
    remove_source(open_store(expected), "https://example.org/c")
    assert resolution_of(store) == resolution_of(expected) != []
    r = invoke(runner, "--store", store, "validate")
    assert r.exit_code == 0 and "conforms: true" in r.stdout, r.stdout[-2000:]


def test_an_ingest_with_nothing_new_finishes_links_left_undone(runner, tmp_path, monkeypatch):
    a = write(tmp_path / "in", "a", A, "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "https://example.org/b")
    store = open_store(tmp_path / "store")
    with monkeypatch.context() as m:
        m.setattr(kg.jobs.ingest, "resolve_sources", lambda *a, **k: 0)  # as if it never ran
        ingest_paths(store, [a, b])
    assert resolution_of(tmp_path / "store") == []
    empty = tmp_path / "empty"
    empty.mkdir()
    ingest_paths(store, [empty])  # nothing to read: still a write command, it finishes the links
    assert resolution_of(tmp_path / "store") == resolution_of(clean(tmp_path, [a, b])) != []


def test_reingesting_an_unchanged_source_keeps_its_revision_link(tmp_path):
    a = write(tmp_path / "in", "a", A, "https://example.org/a")
    store = open_store(tmp_path / "store")
    ingest_paths(store, [a])
    a.write_text(A + "The soldier was unarmed, officials said.\n", encoding="utf-8")
    ingest_paths(store, [a])
    first = revisions_of(tmp_path / "store")
    assert len(first) == 1, first
    ingest_paths(store, [a])  # the same text again
    assert revisions_of(tmp_path / "store") == first


@pytest.mark.slow
def test_ingesting_the_folder_again_after_a_crash_during_an_update_keeps_every_revision(tmp_path):
    a = write(tmp_path / "in", "a", A, "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "https://example.org/b")
    store = tmp_path / "store"
    s = open_store(store)
    ingest_paths(s, [tmp_path / "in"])
    s.flush()
    del s
    expected = tmp_path / "expected"
    shutil.copytree(store, expected)
    a.write_text(A + "The soldier was unarmed, officials said.\n", encoding="utf-8")
    b.write_text(B + "He asked to stay in the South, officials said.\n", encoding="utf-8")
    run_killed(store, [tmp_path / "in"], when="second-write")  # a is updated, b is not
    assert len(revisions_of(store)) == 1
    ingest_paths(open_store(store), [tmp_path / "in"])  # the documented recovery: ingest the folder again
    ingest_paths(open_store(expected), [tmp_path / "in"])  # the update that never stopped
    assert revisions_of(store) == revisions_of(expected)
    assert len(revisions_of(store)) == 2
    assert resolution_of(store) == resolution_of(expected)

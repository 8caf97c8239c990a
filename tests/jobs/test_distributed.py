"""Extraction as a pure step, run here and on a real Dask cluster (a scheduler and two worker
processes started by this module on loopback): the same articles give the same bytes, per-source
failures are reported alike, and a bad scheduler address is one error line."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import kg.extract.pipeline
import kg.jobs.distributed
from kg.config import now
from kg.errors import EndpointError, UsageError
from kg.graph.store import ExportFormat, open_store
from kg.jobs.distributed import DaskExecutor, open_executor
from kg.jobs.extraction import LocalExecutor, extract_sources
from kg.jobs.ingest import ingest_paths, read_articles
from kg.knowledge.ontology import load_ontology
from conftest import error_line, invoke, write_fixture_articles

# Short articles written for these tests; trips.txt is the one the extractor fails on (below).
MORE = {
    "summit.txt": "Leaders meet in Hanoi\nThe leaders of Vietnam and Japan met in Hanoi on Monday and agreed to "
                  "expand trade, officials said. The talks lasted two hours.\n",
    "protest.txt": "Farmers march in Paris\nThousands of farmers marched through Paris on Saturday to protest "
                   "new import rules. Police said the march was peaceful.\n",
    "trips.txt": "Ship seized off Oman\nNaval forces seized a cargo ship off the coast of Oman on Sunday, the "
                 "navy said in a statement.\n",
}

# The failure of one source on the extractor: here by a patch, on the workers by the same patch
# loaded at their start (a Dask preload), so the failure happens where the extraction runs.
PATCH = textwrap.dedent("""
    import kg.extract.pipeline as pipeline

    def _patch(real):
        def extract_doc(self, art, doc):
            if art.path and art.path.endswith("trips.txt"):
                raise OverflowError("date value out of range")
            return real(self, art, doc)

        extract_doc.patched = True
        return extract_doc

    if not getattr(pipeline.Extractor.extract_doc, "patched", False):  # Dask may run a preload twice
        pipeline.Extractor.extract_doc = _patch(pipeline.Extractor.extract_doc)
""")

pytestmark = pytest.mark.dask

# Run on each worker: whether it built the extractor (loaded spaCy), which it keeps for the next
# batch (a lambda: Dask sends it by value, the workers cannot import this test module).
HAS_EXTRACTOR = lambda: bool(kg.extract.pipeline._EXTRACTORS)  # noqa: E731


@pytest.fixture(scope="module")
def articles_dir(tmp_path_factory) -> Path:
    folder = write_fixture_articles(tmp_path_factory.mktemp("dask-articles"))
    for name, text in MORE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "protest.json").write_text(json.dumps({"published": "2025-11-15", "url": "https://example.org/p"}))
    return folder


def _start_scheduler(d: Path) -> tuple[subprocess.Popen, str]:
    info = d / "scheduler.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
         "--scheduler-file", str(info), "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not info.exists() or not info.read_text().strip():
        if time.monotonic() > deadline or proc.poll() is not None:
            _stop([proc])
            raise AssertionError("the Dask scheduler did not start")
        time.sleep(0.1)
    return proc, json.loads(info.read_text())["address"]


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):  # the workers, then the scheduler
        p.terminate()
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A Dask scheduler and two worker processes (one thread each) on 127.0.0.1; yields its address."""
    d = tmp_path_factory.mktemp("dask")
    (d / "kg_test_preload.py").write_text(PATCH, encoding="utf-8")
    scheduler, address = _start_scheduler(d)
    procs = [scheduler]
    try:
        for n in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--no-nanny",
                 "--host", "127.0.0.1", "--name", f"w{n}", "--preload", str(d / "kg_test_preload.py"),
                 "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=d))
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        _stop(procs)


def test_a_scheduler_without_workers_is_one_error_line(runner, tmp_path, articles_dir, monkeypatch):
    monkeypatch.setattr(kg.jobs.distributed, "WORKER_SECONDS", 1)
    proc, address = _start_scheduler(tmp_path)
    try:
        r = invoke(runner, "--store", tmp_path / "store", "ingest", articles_dir / "summit.txt", "--scheduler", address)
    finally:
        _stop([proc])
    assert f"the Dask scheduler at {address} has no workers" in error_line(r, 5)


@pytest.fixture
def patched(monkeypatch):
    """The same failure of trips.txt in this process as on the workers."""
    real = kg.extract.pipeline.Extractor.extract_doc

    def extract_doc(self, art, doc):
        if art.path and art.path.endswith("trips.txt"):
            raise OverflowError("date value out of range")
        return real(self, art, doc)

    monkeypatch.setattr(kg.extract.pipeline.Extractor, "extract_doc", extract_doc)


def _outcome(results):
    return [(art.source_id, r.nquads() if hasattr(r, "nquads") else str(r)) for art, r in results]


def test_the_pure_step_gives_the_same_bytes_on_two_dask_workers_as_here(cluster, articles_dir, patched):
    articles, failures, _ = read_articles([articles_dir])
    assert not failures and len(articles) == 6
    ontology = load_ontology([])
    at = now()
    here = _outcome(extract_sources(articles, ontology, generated_at=at))
    executor = DaskExecutor.connect(cluster, batch=2)
    try:
        assert len(executor.client.nthreads()) == 2
        there = _outcome(executor.extract(articles, ontology, generated_at=at))
        assert list(executor.client.run(HAS_EXTRACTOR).values()) == [True, True]  # both workers extracted
    finally:
        executor.close()
    assert there == here
    assert sum(isinstance(b, bytes) and b.count(b"\n") > 50 for _, b in here) == 5
    assert [m for _, m in here if isinstance(m, str)] == [
        "trips.txt: extraction failed (OverflowError: date value out of range) "
        "(hint: this is a bug in kg's extraction; report it with the article)"
    ]


def test_an_ingest_through_the_cluster_stores_the_bytes_of_a_local_ingest(cluster, articles_dir, tmp_path, patched):
    reports, exports = [], []
    for n, scheduler in enumerate([None, cluster]):
        store = open_store(tmp_path / f"s{n}")
        progress: list[tuple[int, int]] = []
        report = ingest_paths(store, [articles_dir], scheduler=scheduler, progress=lambda d, t: progress.append((d, t)))
        assert progress == [(i, 6) for i in range(1, 7)]
        reports.append(report)
        exports.append(store.export(ExportFormat.NQUADS))
    assert exports[0] == exports[1] and len(exports[0]) > 10_000
    assert reports[0].failures == reports[1].failures and len(reports[1].failures) == 1
    assert [s.__dict__ for s in reports[0].sources] == [s.__dict__ for s in reports[1].sources]


def test_kg_ingest_scheduler_from_the_environment(cluster, articles_dir, tmp_path, runner, monkeypatch, patched):
    monkeypatch.setenv("KG_SCHEDULER", cluster)
    r = invoke(runner, "--store", tmp_path / "store", "ingest", articles_dir)
    last = error_line(r, 6)
    assert "1 input(s) failed, the others were ingested" in last
    assert "kg: skipped: trips.txt: extraction failed (OverflowError" in r.stderr
    assert r.stdout.startswith("sources: 5 ")


def test_a_scheduler_that_is_not_there_is_one_error_line_and_nothing_is_written(runner, tmp_path, articles_dir):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = tmp_path / "store"
    r = invoke(runner, "--store", store, "ingest", articles_dir, "--scheduler", f"tcp://127.0.0.1:{port}")
    last = error_line(r, 5)
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in last
    assert r.stdout == ""
    assert open_store(store, read_only=True).export(ExportFormat.NQUADS) == b""


@pytest.mark.parametrize("address", ["nonsense", "foo://host:8786"])
def test_a_malformed_scheduler_address_is_a_usage_error(runner, tmp_path, articles_dir, address):
    r = invoke(runner, "--store", tmp_path / "store", "ingest", articles_dir, "--scheduler", address)
    assert "not a Dask scheduler address" in error_line(r, 2)
    with pytest.raises(UsageError):
        open_executor(scheduler=address)


def test_no_scheduler_runs_here():
    assert isinstance(open_executor(scheduler=None, jobs=2), LocalExecutor)
    with pytest.raises(EndpointError):
        DaskExecutor.connect("tcp://127.0.0.1:1", timeout=2)


def test_scheduler_local_starts_a_cluster_of_its_own(articles_dir, tmp_path):
    store = open_store(tmp_path / "store")
    report = ingest_paths(store, [articles_dir / "summit.txt", articles_dir / "protest.txt"], scheduler="local")
    assert [s.path for s in report.sources] == ["summit.txt", "protest.txt"] and not report.failures

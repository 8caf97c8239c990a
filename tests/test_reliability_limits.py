"""Reliability: time limits hold end to end (docs/reliability.md, "Queries" and "Validation at scale").

``--timeout`` bounds the whole query, the check step included (it evaluates the query on an empty
store, where an ASK over big VALUES blocks computes for minutes); ``kg validate`` checks many source
graphs in one pass, so its time follows the data, not the number of graphs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kg.graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def slow_ask(n: int = 1000) -> str:
    """An ASK that needs no data and computes n**3 rows (10-45 s for 400, so minutes for 1,000)."""
    values = " ".join(str(i) for i in range(n))
    return f"ASK {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} FILTER(?a + ?b + ?c < 0) }}"


def test_the_timeout_bounds_the_check_step_too(tmp_path):
    store = open_store(tmp_path / "store")
    store.flush()
    del store
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    env.pop("KG_STORE", None)
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli.main", "--store", str(tmp_path / "store"), "query", "--timeout", "1", slow_ask()],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )
    elapsed = time.monotonic() - t0
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stderr.strip().splitlines()[-1].startswith("kg: error: query timed out after 1 s"), proc.stderr
    assert elapsed < 15, elapsed  # (start-up included; the ASK alone runs for minutes)


def test_validate_checks_conforming_graphs_without_pyshacl_and_reports_a_broken_one_with_it(tmp_path, monkeypatch):
    """kg validate's first pass (kg.graph.screen) clears conforming graphs in milliseconds; pySHACL
    runs only on a graph it flags, and its report is the one shown (5,000 sources: bench/README.md)."""
    import pyoxigraph as ox
    import pyshacl

    from kg.graph.validate import source_graphs, validate_store
    from kg.jobs.ingest import ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    for i, place in enumerate(["Seoul", "Busan", "Paju"]):
        (folder / f"a{i}.txt").write_text(f"Minister visits {place}\nThe minister visited {place} on Monday, "
                                          f"officials said.\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    assert not ingest_paths(store, [folder]).failures
    calls = []
    real = pyshacl.validate
    monkeypatch.setattr(pyshacl, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    report = validate_store(store)
    assert report.conforms and report.checked == 4 and calls == []
    # break one graph: a mention loses its anchor
    graph = ox.NamedNode(source_graphs(store)[0])
    anchor = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    store.oxigraph.remove(next(iter(store.oxigraph.quads_for_pattern(None, anchor, None, graph))))
    report = validate_store(store)
    assert not report.conforms and len(calls) == 1
    [bad] = [g for g in report.graphs if not g.conforms]
    assert bad.graph == graph.value and any("anchorOf" in m for m in bad.messages), bad

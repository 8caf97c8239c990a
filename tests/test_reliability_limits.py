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

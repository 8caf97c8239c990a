"""Quiet, honest commands: a closed pipe ends kg silently with exit 0; kg ingest and kg stats give
the same counts under the same names."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import invoke

KG = [sys.executable, "-c", "from kg.cli.main import run; run()"]


@pytest.mark.parametrize("command", [["export"], ["query", "timeline", "--format", "csv"], ["sources"]])
def test_a_closed_pipe_is_not_an_error(built_store_path, command):
    p = subprocess.Popen([*KG, "--store", str(built_store_path), *command], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.read(1)
    p.stdout.close()  # like `| head -c 1`
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert err == b""


def test_a_closed_pipe_before_writing(built_store_path):
    r = subprocess.run(f"{' '.join(KG[:2])} 'from kg.cli.main import run; run()' --store {built_store_path} sources "
                       "| head -1", shell=True, capture_output=True, text=True, timeout=120)
    assert r.stdout.startswith("source_id") and r.stderr == ""


def test_ingest_and_stats_count_alike(runner, tmp_path, corpus_dir):
    store = tmp_path / "s"
    ingest = invoke(runner, "--store", store, "ingest", corpus_dir)
    assert ingest.exit_code == 0, ingest.stderr
    said = dict(re.findall(r"(\w+): (\d+)", ingest.stdout))
    stats = dict(re.findall(r"^(\w+): (\d+)$", invoke(runner, "--store", store, "stats").stdout, re.MULTILINE))
    for name in ("sources", "entities", "events", "claims"):
        assert said[name] == stats[name], (name, ingest.stdout, stats)

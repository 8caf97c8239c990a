"""Shared fixtures: an empty store, a session-scoped store built from the seed source and small
hand-written articles, and a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
SHARED = ROOT.parent / "shared"

# Short articles written for the tests (not copied from anywhere).
FIXTURE_ARTICLES = {
    "ferry-defection": (
        "Fisherman defects by boat to South Korea\n"
        "A North Korean fisherman crossed the Northern Limit Line by boat on Friday, "
        "South Korea's Joint Chiefs of Staff said. The South Korean military took custody of the man "
        "near Yeonpyeong Island. He said he wanted to live in the South.\n",
        {"title": "Fisherman defects by boat to South Korea", "publisher": "Test Wire",
         "url": "https://example.org/news/ferry-defection", "published": "2025-11-08"},
    ),
    "talks-rejected": (
        "Pyongyang rejects talks offer\n"
        "North Korea rejected an offer of military talks from Seoul on Tuesday. "
        "Officials in Washington said the United States would keep supporting dialogue.\n",
        {"title": "Pyongyang rejects talks offer", "publisher": "Test Wire",
         "url": "https://example.org/news/talks-rejected", "published": "2025-11-12"},
    ),
    "eastern-defection": (
        "Soldier walks across eastern DMZ\n"
        "A North Korean soldier walked across the eastern section of the Demilitarized Zone on Tuesday "
        "and defected to South Korea, the Joint Chiefs of Staff said. Troops guided the soldier to safety "
        "after a short search.\n",
        {"title": "Soldier walks across eastern DMZ", "publisher": "Test Wire",
         "url": "https://example.org/news/eastern-defection", "published": "2024-08-21"},
    ),
}


def write_fixture_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, meta) in FIXTURE_ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("KG_ONTOLOGY", raising=False)


@pytest.fixture
def empty_store(tmp_path):
    return open_store(tmp_path / "store")


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    """The seed source plus the hand-written fixture articles, in one folder."""
    folder = tmp_path_factory.mktemp("articles")
    for f in SOURCES.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    return write_fixture_articles(folder)


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory, corpus_dir) -> Path:
    """A store ingested once per session from the seed and fixture articles (open it read-only)."""
    import os

    from kg.jobs.ingest import ingest_paths

    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    path = tmp_path_factory.mktemp("built") / "store"
    store = open_store(path)
    report = ingest_paths(store, [corpus_dir])
    assert not report.failures, report.failures
    del store
    return path


@pytest.fixture
def built_store(built_store_path):
    return open_store(built_store_path, read_only=True)


@pytest.fixture
def runner():
    return CliRunner()


# -- CLI helpers shared by the command tests ------------------------------------------------------

def invoke(runner, *args):
    """Run ``kg ARGS...`` in process (paths may be Path objects)."""
    from kg.cli.main import app

    return runner.invoke(app, [str(a) for a in args])


def one_error_line(result):
    """The last stderr line is kg's one error line, with no traceback before it."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("kg: error:"), result.stderr
    assert "Traceback" not in result.stderr
    return lines[-1]


def error_line(result, code: int) -> str:
    """The run ended with ``code`` and said why in one ``kg: error:`` line with a hint, last on
    stderr; lines before it only list skipped inputs (each with its own hint). No traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "nothing on stderr"
    assert "Traceback" not in result.stderr, result.stderr
    *before, last = lines
    assert last.startswith("kg: error: ") and "(hint: " in last and last.endswith(")"), result.stderr
    for line in before:
        assert line.startswith(("kg: skipped: ", "kg: note: ")), result.stderr
        assert not line.startswith("kg: skipped: ") or "(hint: " in line, line
    return last

"""Options where people type them: --store, -v, -q (and --ontology where it applies) before or after
the command; plain help with no <bool> after flags; every option explained."""

from __future__ import annotations

import pytest
import typer.main

from conftest import error_line, invoke
from kg.cli.main import app


def test_store_before_or_after_the_command(runner, built_store_path):
    before = invoke(runner, "--store", built_store_path, "sources")
    after = invoke(runner, "sources", "--store", built_store_path)
    assert before.exit_code == after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout and "Pyongyang rejects talks offer" in after.stdout
    stats = invoke(runner, "stats", "--store", built_store_path)
    assert stats.exit_code == 0 and "sources: 4" in stats.stdout


def test_verbose_and_quiet_after_the_command(runner, built_store_path, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    plain = invoke(runner, "query", "who_defected", "--store", built_store_path)
    verbose = invoke(runner, "query", "who_defected", "--store", built_store_path, "-v")
    assert "id:src/" not in plain.stdout and "id:src/" in verbose.stdout
    loud = invoke(runner, "export", "--store", built_store_path, "--out", tmp_path / "a.nq")
    quiet = invoke(runner, "export", "--store", built_store_path, "--out", tmp_path / "b.nq", "-q")
    assert "wrote" in loud.stderr and quiet.stderr == ""


@pytest.fixture
def broken_ontology(tmp_path):
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "broken.ttl").write_text("@prefix kg: <https://w3id.org/kg-news/ont#> .\nkg:x kg:y", encoding="utf-8")
    return ext


@pytest.mark.parametrize("where", ["before", "after"])
def test_validate_build_and_eval_take_ontology(runner, built_store_path, tmp_path, broken_ontology, where):
    def run(*args):
        opt = ["--ontology", broken_ontology]
        return invoke(runner, *(opt if where == "before" else []), *args, *(opt if where == "after" else []))

    # the extension is read: a broken one stops each command with one line (exit 3)
    assert "broken.ttl" in error_line(run("--store", built_store_path, "validate"), 3)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Talks\nNorth Korea rejected talks on Tuesday.\n", encoding="utf-8")
    assert "broken.ttl" in error_line(run("--store", tmp_path / "s", "build", articles, "--out", tmp_path / "o"), 3)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text("{}", encoding="utf-8")
    assert "broken.ttl" in error_line(run("eval", "--articles", articles, "--gold", gold), 3)


def test_validate_with_a_good_extension(runner, built_store_path, tmp_path):
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "types.ttl").write_text(
        "@prefix kg: <https://w3id.org/kg-news/ont#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "kg:Hovercraft rdfs:subClassOf kg:Facility ; rdfs:label \"hovercraft\"@en .\n",
        encoding="utf-8",
    )
    r = invoke(runner, "--store", built_store_path, "validate", "--ontology", ext)
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "conforms: true" in r.stdout


def _all_commands():
    group = typer.main.get_command(app)
    for name, cmd in sorted(group.commands.items()):
        subs = getattr(cmd, "commands", None)
        yield from ((f"{name} {s}", c) for s, c in sorted(subs.items())) if subs else [(name, cmd)]


def test_help_shows_no_bool_metavar_and_every_option_has_help(runner):
    for name, cmd in [("", typer.main.get_command(app)), *_all_commands()]:
        r = runner.invoke(app, [*name.split(), "--help"])
        assert r.exit_code == 0, name
        assert "<bool>" not in r.stdout and "╭" not in r.stdout, name
        for p in cmd.params:
            if p.param_type_name == "option" and p.name != "help":
                assert (getattr(p, "help", "") or "").strip(), f"kg {name} {p.opts[0]} has no help"


def test_global_options_are_on_every_command():
    for name, cmd in _all_commands():
        opts = {o for p in cmd.params for o in p.opts}
        assert {"--store", "-v", "--verbose", "-q", "--quiet"} <= opts, name

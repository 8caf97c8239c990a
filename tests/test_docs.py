"""Documentation is tested: every command is in the README and docs/cli.md, the exit-code table is
the one the code uses, and the README's links lead to files that exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import typer.main

from kg.cli.main import app
from kg.errors import exit_code_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    """Every command of the Typer app, groups spelled out (``ontology check``)."""
    group = typer.main.get_command(app)
    out = []
    for name, cmd in sorted(group.commands.items()):
        subs = getattr(cmd, "commands", None)
        out += [f"{name} {sub}" for sub in sorted(subs)] if subs else [name]
    return out


def test_the_app_has_the_commands_we_know():
    assert {"build", "ingest", "query", "viz", "ontology check"} <= set(_commands())


def test_every_command_is_in_the_readme_and_in_docs_cli():
    missing = [c for c in _commands() if f"`kg {c}" not in README or f"`kg {c}" not in CLI_DOC]
    assert missing == []


def test_every_command_has_help():
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        for sub in getattr(cmd, "commands", {}).values() or [cmd]:
            assert (sub.help or "").strip(), name


def test_the_readme_exit_codes_are_the_code_s():
    assert exit_code_table() in README


def test_readme_quick_start_has_two_commands():
    block = README.split("## Quick start", 1)[1].split("```", 2)[1]
    lines = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(lines) == 2 and "pytest" in lines[1]


def test_readme_links_lead_to_files():
    links = re.findall(r"\]\(([^)#:]+)\)", README)
    assert links and [link for link in links if not (ROOT / link).exists()] == []


def test_the_readme_test_command_runs_the_doctests():
    """CI runs the README's ``pytest -q``: pytest's options make it collect the doctests in kg/."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "kg" in options["testpaths"] and "--doctest-modules" in options["addopts"].split()
    assert any(">>> " in p.read_text(encoding="utf-8") for p in (ROOT / "kg").rglob("*.py"))

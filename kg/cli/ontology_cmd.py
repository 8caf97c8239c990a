"""``kg ontology``: check extensions and write documentation."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.common import cli_errors, say, state
from kg.errors import ExitCode

ontology_app = typer.Typer(
    help="Check ontology extensions and write the ontology's documentation.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@ontology_app.command("check")
@cli_errors
def check(
    ctx: typer.Context,
    ontology: list[Path] = typer.Option(
        [],
        "--ontology",
        metavar="DIR",
        help="Extra ontology folder(s) (also KG_ONTOLOGY); default: those the store recorded.",
    ),
) -> None:
    """Validate ontology files: syntax, SKOS integrity, undeclared terms, clashing labels, event
    types that can never be extracted."""
    from kg.knowledge.check import check_ontology

    r = check_ontology(_extension_dirs(ctx, ontology))
    for w in r.warnings:
        say(ctx, f"warning: {w}")
    for e in r.errors:
        typer.echo(f"error: {e}")
    typer.echo(
        f"files: {r.files}  triples: {r.triples}  event types: {r.event_types}  "
        f"reference entities: {r.reference_entities}  ok: {str(r.ok).lower()}"
    )
    if not r.ok:
        raise typer.Exit(ExitCode.NO)


def _extension_dirs(ctx: typer.Context, given: list[Path]) -> list[Path]:
    """The folders given, else the extensions the store (when there is one) recorded at ingest."""
    from kg.config import extra_ontology_dirs
    from kg.jobs.ingest import choose_ontology

    if extra_ontology_dirs(given) or not (state(ctx).store_path / "CURRENT").is_file():
        return given
    choice = choose_ontology(state(ctx).open(read_only=True))
    for note in choice.notes:
        say(ctx, note)
    return choice.dirs


@ontology_app.command("docs")
@cli_errors
def docs(
    ctx: typer.Context, out: Path = typer.Option(Path("out/ontology"), "--out", "-o", help="Folder to write.")
) -> None:
    """Write browsable HTML documentation of the ontology (pyLODE)."""
    from kg.knowledge.check import write_docs

    path = write_docs(out)
    typer.echo(str(path))

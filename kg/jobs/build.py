"""The main job: ingest a folder of sources, validate, answer the example questions, and write the
interactive graph and a sorted N-Quads export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ExitCode
from kg.output import write_output
from kg.jobs.ingest import IngestReport, ingest_paths
from kg.graph.store import ExportFormat, KGStore
from kg.graph.validate import ValidationReport, validate_store

EXAMPLE_QUESTIONS = ("who_defected", "timeline", "statements_by_kind")


@dataclass
class BuildReport:
    ingest: IngestReport
    validation: ValidationReport
    html: Path
    nquads: Path
    answers: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.validation.conforms and not self.ingest.failures

    @property
    def exit_code(self) -> ExitCode:
        if self.ingest.failures:
            return ExitCode.PARTIAL if self.ingest.sources else ExitCode.INPUT
        return ExitCode.OK if self.validation.conforms else ExitCode.NO


def run_build(
    store: KGStore,
    sources_dir: Path,
    *,
    out_dir: Path,
    jobs: int = 1,
    echo: Callable[[str], None] = print,
    note: Callable[[str], None] | None = None,
    width: int | None = None,
    answer_rows: int = 8,
    ontology_dirs: list[Path] | None = None,
) -> BuildReport:
    """Ingest ``sources_dir`` into ``store`` and write ``out_dir/graph.html`` and ``graph.nq``.
    Each example question's answer is shown short: labels, folded rows, at most ``answer_rows``
    rows, fitted to ``width`` display columns. ``ontology_dirs`` are extra ontology folders for the
    ingest (as ``kg ingest --ontology``; without them, those the store recorded). Results go to
    ``echo``; notes for the user (which ontology extensions were used) to ``note``."""
    from kg.network import build_network, select_subgraph
    from kg.query import format_result, load_query, run_query
    from kg.viz import write_html

    ing = ingest_paths(store, [sources_dir], jobs=jobs, ontology_dirs=ontology_dirs)
    for message in ing.ontology_notes:
        (note or echo)(message)
    from kg.graph.catalog import source_counts

    n = source_counts(store, [s.source_id for s in ing.sources])  # distinct, as kg stats counts
    echo(
        f"ingested {len(ing.sources)} source(s): {n['entities']} entities, {n['events']} events, "
        f"{n['claims']} claims, {ing.triples} triples in {ing.seconds:.1f} s"
    )
    for _, message in ing.failures:
        echo(f"failed: {message}")
    val = validate_store(store)
    echo(f"validation: {'conforms' if val.conforms else 'DOES NOT CONFORM'} ({val.checked} graphs checked)")
    answers = {}
    for name in EXAMPLE_QUESTIONS:
        q = load_query(name)
        result = run_query(store, q)
        answers[name] = len(result.rows) if result.rows is not None else 0
        echo(f"\n## {q.title}  (all of it: kg query {name})")
        echo(format_result(result, "table", width=width, max_rows=answer_rows, max_width=40).rstrip("\n"))
    out_dir.mkdir(parents=True, exist_ok=True)
    html = out_dir / "graph.html"
    selection = select_subgraph(build_network(store))
    write_html(selection, html, title="kg: knowledge graph of " + sources_dir.name)
    nq = out_dir / "graph.nq"
    write_output(nq, store.export(ExportFormat.NQUADS))
    echo(f"\nwrote {html} and {nq}")
    return BuildReport(ing, val, html, nq, answers)

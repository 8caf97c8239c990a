"""``kg``: news articles in; a knowledge graph, answers and an interactive page out.

Exit codes: 0 ok · 1 "no" (validation fails, ASK false) · 2 usage · 3 input · 4 store · 5 endpoint ·
6 some inputs failed while others were ingested.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg import __version__
from kg.cli.common import cli_errors, quiet_pipe_exit, say, state, terminal_width
from kg.cli.ontology_cmd import ontology_app
from kg.errors import ExitCode, InputError, PartialFailure, UsageError
from kg.sources import display_name

app = typer.Typer(
    name="kg",
    help="Turn news articles into a knowledge graph of actors, places, events and claims, "
    "with every fact traced to the sentence that states it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: no boxes, no <bool> after flags, fine in a pipe
)
app.add_typer(ontology_app, name="ontology")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    ctx: typer.Context,
    store: Path | None = typer.Option(None, "--store", envvar="KG_STORE", help="Store folder (default .kg/store)."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="More detail; tracebacks on errors."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Only results, no messages."),
    ontology: list[Path] = typer.Option(
        [],
        "--ontology",
        metavar="DIR",
        help="Extra ontology folder(s) for ingest, build, eval and validate (also KG_ONTOLOGY).",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Global options may also come after the command (kg sources --store DIR)."""
    st = state(ctx)
    st.store, st.verbose, st.quiet, st.ontology = store, verbose, quiet, list(ontology)


@app.command()
@cli_errors
def ingest(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Article files (.txt/.md, first line = headline) or folders."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes for the NLP stage."),
    ontology: list[Path] = typer.Option(
        [],
        "--ontology",
        metavar="DIR",
        help="Extra ontology folder(s) (also KG_ONTOLOGY); default: those the store recorded.",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        envvar="KG_SCHEDULER",
        metavar="ADDRESS",
        help="Extract on a Dask cluster: its scheduler (tcp://HOST:8786), or 'local' for --jobs worker "
        "processes here; this process writes (needs kg[dask]).",
    ),
    emit: Path | None = typer.Option(
        None,
        "--emit",
        metavar="DIR",
        help="Write one N-Quads shard per source into DIR instead of storing (no store is opened); "
        "load them with kg load DIR.",
    ),
    gzipped: bool = typer.Option(False, "--gzip", help="With --emit: write .nq.gz shards."),
) -> None:
    """Ingest articles: extract, write one named graph per source, print a summary."""
    from kg.jobs.ingest import ingest_paths

    st = state(ctx)
    bar = _progress(ctx)
    if emit is not None:
        _emit(ctx, paths, emit, ontology=st.ontology_dirs(ontology), jobs=jobs, scheduler=scheduler, gzipped=gzipped)
        return
    if gzipped:
        raise UsageError("--gzip goes with --emit DIR", hint="kg ingest PATH --emit DIR --gzip")
    store = st.open()
    report = ingest_paths(
        store, paths, ontology_dirs=st.ontology_dirs(ontology), jobs=jobs, scheduler=scheduler, progress=bar
    )
    for note in report.ontology_notes:
        say(ctx, note)
    for _, message in report.duplicates:
        say(ctx, f"kg: note: skipped duplicate {message}")
    for _, message in report.failures:
        typer.echo(f"kg: skipped: {display_name(message)}", err=True)
    if report.ignored:
        say(
            ctx,
            f"kg: note: {len(report.ignored)} file(s) of other types not read, such as "
            f"{display_name(Path(report.ignored[0]).name)} (kg reads .txt, .md, .html and .json)",
        )
    if report.reference_dropped:
        n, first = len(report.reference_dropped), report.reference_dropped[0]
        typer.echo(
            f"kg: note: the ontology lacks {n} term(s) the store's reference graph had (such as {first}); "
            f"they are gone from it (hint: without --ontology the store's own extensions are used)",
            err=True,
        )
    from kg.graph.catalog import source_counts

    # distinct over the sources ingested (as kg stats counts them), not a sum over sources
    counts = source_counts(store, [s.source_id for s in report.sources])
    typer.echo(
        f"sources: {len(report.sources)}  entities: {counts['entities']}  events: {counts['events']}  "
        f"claims: {counts['claims']}  triples: {report.triples}  seconds: {report.seconds:.2f}"
    )
    _raise_failures(
        len(report.failures), bool(report.sources), "the others were ingested", "nothing was ingested", "ingest"
    )
    if not report.sources and not report.duplicates:
        skipped = f"{len(report.ignored)} file(s) of other types skipped" if report.ignored else "no files found"
        raise InputError(
            f"no articles to ingest: {skipped}", hint="give .txt, .md, .html or .json articles, or folders of them"
        )


def _raise_failures(failed: int, some_done: bool, others: str, nothing: str, verb: str) -> None:
    """One error line for the inputs that failed: a partial failure when others went through."""
    if failed:
        error = PartialFailure if some_done else InputError
        raise error(
            f"{failed} input(s) failed, {others if some_done else nothing}",
            hint=f"fix or remove the files listed above and {verb} them again",
        )


def _emit(
    ctx: typer.Context,
    paths: list[Path],
    folder: Path,
    *,
    ontology: list[Path],
    jobs: int,
    scheduler: str | None,
    gzipped: bool,
) -> None:
    from kg.jobs.shards import emit_shards

    report = emit_shards(
        paths, folder, ontology_dirs=ontology, jobs=jobs, scheduler=scheduler, gzipped=gzipped, progress=_progress(ctx)
    )
    for _, message in report.duplicates:
        say(ctx, f"kg: note: skipped duplicate {message}")
    for _, message in report.failures:
        typer.echo(f"kg: skipped: {display_name(message)}", err=True)
    typer.echo(
        f"shards: {len(report.shards)}  triples: {report.triples}  folder: {folder}  seconds: {report.seconds:.2f}"
    )
    _raise_failures(
        len(report.failures), bool(report.shards), "the others were written", "no shard was written", "emit"
    )
    if not report.shards and not report.duplicates:
        raise InputError(
            "no articles to emit: no files found", hint="give .txt, .md, .html or .json articles, or folders of them"
        )


@app.command()
@cli_errors
def load(
    ctx: typer.Context,
    folder: Path = typer.Argument(..., help="A folder of shards written by kg ingest --emit (.nq, .nq.gz)."),
) -> None:
    """Bulk-load shards into the store, then link the sources (all shards are checked first: one bad, none loaded)."""
    from kg.jobs.shards import load_shards

    report = load_shards(state(ctx).open(), folder, progress=_progress(ctx))
    for _, message in report.duplicates:
        say(ctx, f"kg: note: skipped duplicate {message}")
    typer.echo(
        f"sources: {len(report.sources)}  replaced: {report.replaced}  quads: {report.quads}  "
        f"seconds: {report.seconds:.2f}  quads/s: {report.rate:.0f}"
    )


def _progress(ctx: typer.Context):
    if state(ctx).quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


@app.command()
@cli_errors
def export(
    ctx: typer.Context,
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="nquads | trig | turtle | jsonld (default: from --out's extension, else nquads)"
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default: stdout); .nq, .trig, .ttl or .jsonld sets the format."
    ),
) -> None:
    """Export the whole store (N-Quads sorted: same content, same bytes; Turtle holds the union of the graphs)."""
    from kg.cli.common import file_format
    from kg.graph.store import ExportFormat
    from kg.output import write_output

    f = ExportFormat(
        file_format(
            out,
            fmt,
            default="nquads",
            known=[x.value for x in ExportFormat],
            extensions={
                ".nq": "nquads",
                ".nquads": "nquads",
                ".trig": "trig",
                ".ttl": "turtle",
                ".turtle": "turtle",
                ".jsonld": "jsonld",
                ".json": "jsonld",
            },
        )
    )
    data = state(ctx).open(read_only=True).export(f)
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        write_output(out, data)
        say(ctx, f"wrote {out} ({f.value}, {len(data)} bytes)")


@app.command()
@cli_errors
def validate(
    ctx: typer.Context,
    ontology: list[Path] = typer.Option(
        [],
        "--ontology",
        metavar="DIR",
        help="Check against these extra ontology folder(s) too (default: the store's ontology).",
    ),
) -> None:
    """Check the graph against the SHACL shapes; exit 1 when it does not conform."""
    from kg.graph.validate import validate_store

    st = state(ctx)
    dirs = st.ontology_dirs(ontology)
    report = validate_store(st.open(read_only=True), ontology_dirs=dirs or None)
    for g in report.graphs:
        for m in g.messages:
            typer.echo(f"{g.graph}: {m}")
    for p in report.problems:
        typer.echo(p)
    typer.echo(f"conforms: {str(report.conforms).lower()}  graphs checked: {report.checked}")
    if not report.conforms:
        raise typer.Exit(ExitCode.NO)


@app.command()
@cli_errors
def sources(ctx: typer.Context) -> None:
    """List the sources in the store with their counts and dates."""
    from kg.graph.catalog import list_sources

    rows = list_sources(state(ctx).open(read_only=True))
    typer.echo("source_id         published   events  entities  triples  title")
    for s in rows:
        typer.echo(f"{s.source_id}  {s.published or '-':10}  {s.events:6}  {s.entities:8}  {s.triples:7}  {s.title}")


@app.command()
@cli_errors
def stats(ctx: typer.Context) -> None:
    """Counts over the whole store."""
    from dataclasses import asdict

    from kg.graph.catalog import store_stats

    for k, v in asdict(store_stats(state(ctx).open(read_only=True))).items():
        typer.echo(f"{k}: {v}")


@app.command()
@cli_errors
def remove(
    ctx: typer.Context, source: str = typer.Argument(..., help="Source id (or prefix), URL or file name.")
) -> None:
    """Retract a source: drop everything it contributed and record the retraction."""
    from kg.graph.catalog import remove_source

    sid = remove_source(state(ctx).open(), source)
    typer.echo(f"removed {sid}")


@app.command()
@cli_errors
def query(
    ctx: typer.Context,
    query: str | None = typer.Argument(None, help="A named query, a .rq file, or SPARQL text."),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE, bound as an RDF term."),
    fmt: str = typer.Option(
        "table", "--format", "-f", help="table | json | jsonl | sparql-json | csv | tsv | md | turtle"
    ),
    ids: bool = typer.Option(False, "--ids", help="Show the nodes' IRIs beside their labels in a table (also -v)."),
    limit: int | None = typer.Option(None, "--limit", min=0, help="At most N rows."),
    timeout: float | None = typer.Option(None, "--timeout", min=0.0, help="Give up after N seconds."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="A SPARQL 1.1 endpoint URL instead of the store."),
    list_: bool = typer.Option(False, "--list", help="List the named queries."),
) -> None:
    """Ask a question: a named query from queries/, a .rq file or SPARQL text (read-only)."""
    from kg.cli.query_cmd import run_query_command

    code = run_query_command(
        ctx,
        query=query,
        params=param,
        fmt=fmt,
        limit=limit,
        timeout=timeout,
        endpoint=endpoint,
        list_queries=list_,
        ids=ids,
    )
    if code:
        raise typer.Exit(code)


@app.command()
@cli_errors
def find(
    ctx: typer.Context,
    text: str = typer.Argument(
        ..., help="A name, alias, Wikidata QID, short id or IRI (any case; parts of names match too)."
    ),
    type_: str | None = typer.Option(
        None, "--type", help="Only nodes of this kind: person, state, organization, group, place, event, claim, ..."
    ),
    limit: int = typer.Option(20, "--limit", min=1, help="At most N nodes."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | jsonl | sparql-json | csv | tsv | md"),
) -> None:
    """Find nodes by name: kind, label, id (to pass as --param NAME=ID) and how many sources mention each."""
    from kg.cli.query_cmd import run_find_command

    code = run_find_command(ctx, text=text, kind=type_, limit=limit, fmt=fmt)
    if code:
        raise typer.Exit(code)


@app.command()
@cli_errors
def viz(
    ctx: typer.Context,
    out: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default out/graph.html); .html, .graphml or .gexf sets the format."
    ),
    focus: str | None = typer.Option(None, "--focus", help="Label or IRI to centre on."),
    hops: int = typer.Option(2, "--hops", min=0, help="Hops around --focus."),
    source: list[str] = typer.Option(
        [], "--source", help="Only these sources: an id, an id prefix, a URL or a file name (as kg remove takes)."
    ),
    type_: list[str] = typer.Option([], "--type", help="Only these kinds (person, state, event, ...)."),
    since: str | None = typer.Option(None, "--since", help="Events on or after this date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Events on or before this date."),
    max_nodes: int | None = typer.Option(
        None,
        "--max-nodes",
        min=1,
        help="Keep only the N most central nodes (default: 25,000 for the HTML page, which draws stories of them; GraphML/GEXF are never cut unless given).",
    ),
    layout: str = typer.Option("force", "--layout", help="force | timeline"),
    provenance: bool = typer.Option(False, "--provenance", help="Show mentions, texts and time nodes too."),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="html | graphml | gexf (default: from --out's extension, else html)"
    ),
) -> None:
    """Write an interactive, offline HTML graph (or GraphML/GEXF for Gephi and Cytoscape)."""
    from kg.cli.viz_cmd import run_viz_command

    run_viz_command(
        ctx,
        out=out,
        focus=focus,
        hops=hops,
        sources=source,
        types=type_,
        since=since,
        until=until,
        max_nodes=max_nodes,
        layout=layout,
        provenance=provenance,
        fmt=fmt,
    )


@app.command()
@cli_errors
def push(
    ctx: typer.Context,
    endpoint: str = typer.Option(..., "--endpoint", help="Server base URL (http://host:7878) or its Graph Store URL."),
    force: bool = typer.Option(False, "--force", help="Send every graph, even those the server already has."),
) -> None:
    """Copy the store to a SPARQL server graph by graph (Graph Store Protocol; idempotent, resumable)."""
    from kg.graph.push import push_store

    report = push_store(
        state(ctx).open(read_only=True),
        endpoint,
        force=force,
        on_graph=lambda g: say(ctx, f"{g.action:8} {g.local_triples:8} triples  {g.graph}"),
    )
    typer.echo(f"pushed: {len(report.pushed)}  skipped: {len(report.skipped)}  to {report.store_url}")


@app.command()
@cli_errors
def serve(
    ctx: typer.Context,
    bind: str = typer.Option("127.0.0.1:7878", "--bind", help="HOST:PORT (loopback by default)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a query may run (1 to 86400)."),
) -> None:
    """Serve the store as a read-only SPARQL endpoint with a query page (SIGTERM or Ctrl-C stops)."""
    from kg.jobs.serve import ServeOptions, serve_store

    path = state(ctx).store_path
    ready = lambda base: say(ctx, f"SPARQL endpoint: {base}/query  (query page: {base}/)  Ctrl-C stops")  # noqa: E731
    raise typer.Exit(serve_store(path, bind=bind, options=ServeOptions(timeout=timeout), on_ready=ready))


@app.command()
@cli_errors
def build(
    ctx: typer.Context,
    sources_dir: Path = typer.Argument(Path("data/sources"), help="Folder of articles."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for graph.html and graph.nq."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes for the NLP stage."),
    ontology: list[Path] = typer.Option(
        [], "--ontology", metavar="DIR", help="Extra ontology folder(s) (also KG_ONTOLOGY)."
    ),
) -> None:
    """The main job: ingest a folder, validate, answer the example questions, write the HTML graph."""
    from kg.jobs.build import run_build

    st = state(ctx)
    report = run_build(
        st.open(),
        sources_dir,
        out_dir=out,
        jobs=jobs,
        echo=typer.echo,
        width=terminal_width(),
        ontology_dirs=st.ontology_dirs(ontology),
        note=lambda m: say(ctx, m),
    )
    if not report.ok:
        raise typer.Exit(report.exit_code)


@app.command("eval")
@cli_errors
def eval_(
    ctx: typer.Context,
    articles: Path = typer.Option(..., "--articles", help="Folder of NN-slug.txt (+ .json sidecars)."),
    gold: Path = typer.Option(..., "--gold", help="Folder of gold annotations (GUIDE.md format)."),
    verbose: bool = typer.Option(False, "--details", help="List what was missed per article."),
    ontology: list[Path] = typer.Option(
        [], "--ontology", metavar="DIR", help="Extra ontology folder(s) (also KG_ONTOLOGY)."
    ),
) -> None:
    """Measure extraction against hand annotations: precision, recall, F1, time accuracy."""
    from kg.jobs.evaluate import evaluate_folder, format_report

    report = evaluate_folder(articles, gold, ontology_dirs=state(ctx).ontology_dirs(ontology))
    typer.echo(format_report(report, details=verbose))


def run() -> None:
    """Console-script entry point: usage errors become one line on stderr, exit code 2."""
    try:  # typer >= 0.22 ships its own copy of click
        from typer._click import exceptions as click_exceptions
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import exceptions as click_exceptions  # type: ignore[no-redef]

    try:
        code = app(standalone_mode=False)
    except click_exceptions.UsageError as e:
        if type(e).__name__ == "NoArgsIsHelpError":
            sys.exit(ExitCode.OK)  # the help was shown already
        where = f"kg {e.ctx.info_name} --help" if e.ctx is not None and e.ctx.parent is not None else "kg --help"
        typer.echo(f"kg: error: {e.format_message()} (hint: {where})", err=True)
        sys.exit(ExitCode.USAGE)
    except BrokenPipeError:
        try:
            quiet_pipe_exit()
        except typer.Exit:
            sys.exit(ExitCode.OK)
    except (KeyboardInterrupt, getattr(click_exceptions, "Abort", KeyboardInterrupt)):
        typer.echo("kg: error: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    run()

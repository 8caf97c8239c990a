"""``kg query``: named queries, .rq files or SPARQL text, on the store or a SPARQL endpoint."""

from __future__ import annotations

import typer

from kg.cli.common import state, terminal_width
from kg.errors import UsageError


def _params(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                f"--param {item!r} is not NAME=VALUE",
                hint=f"write --param {name.strip() or 'NAME'}=VALUE (kg query --list shows each query's parameters)",
            )
        out[name.strip()] = value
    return out


def run_query_command(
    ctx: typer.Context,
    *,
    query: str | None,
    params: list[str],
    fmt: str,
    limit: int | None,
    timeout: float | None,
    endpoint: str | None,
    list_queries: bool,
    ids: bool = False,
) -> int:
    """Run one query and print its result; returns the exit code (ASK false -> 1)."""
    from kg.query import Endpoint, OutputFormat, QueryKind, format_result, list_queries as all_queries, run_query

    if list_queries or query in (None, "list"):
        for q in all_queries():
            sig = ", ".join(p.signature() for p in q.params)
            typer.echo(f"{q.name:24} {q.title}" + (f"  [{sig}]" if sig else ""))
        return 0
    try:
        out_fmt = OutputFormat(fmt)
    except ValueError:
        raise UsageError(f"unknown format {fmt!r}", hint="use " + ", ".join(f.value for f in OutputFormat)) from None
    values = _params(params)
    target = Endpoint(endpoint) if endpoint else state(ctx).open(read_only=True)
    result = run_query(target, query, params=values, limit=limit, timeout=timeout)
    for note in result.notes:
        typer.echo(f"kg: note: {note}", err=True)
    if result.kind is QueryKind.ASK:
        typer.echo("true" if result.boolean else "false")
        return 0 if result.boolean else 1
    ids = ids or state(ctx).verbose
    typer.echo(format_result(result, out_fmt, ids=ids, width=terminal_width()).rstrip("\n"))
    return 0


def run_find_command(ctx: typer.Context, *, text: str, kind: str | None, limit: int | None, fmt: str) -> int:
    """``kg find``: the nodes matching ``text``, as a table (or any query output format)."""
    import pyoxigraph as ox

    from kg.query import OutputFormat, QueryKind, QueryResult, Term, format_result
    from kg.query.lookup import find_nodes

    try:
        out_fmt = OutputFormat(fmt)
    except ValueError:
        raise UsageError(f"unknown format {fmt!r}", hint="use " + ", ".join(f.value for f in OutputFormat)) from None
    found = find_nodes(state(ctx).open(read_only=True), text, kind=kind, limit=limit)
    if not found:
        typer.echo(f"kg: nothing matches {text!r}" + (f" among {kind} nodes" if kind else ""), err=True)
        return 1
    rows: list[tuple[Term | None, ...]] = [
        (ox.Literal(m.kind), ox.Literal(m.label), ox.Literal(m.id), ox.Literal(str(m.sources)), ox.Literal(m.matched))
        for m in found
    ]
    result = QueryResult(QueryKind.SELECT, ["kind", "label", "id", "sources", "matched"], rows)
    typer.echo(format_result(result, out_fmt, width=terminal_width(), firm=("id",)).rstrip("\n"))
    return 0

"""``kg viz``: the interactive HTML page, or GraphML/GEXF for Gephi and Cytoscape."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.common import say, state
from kg.errors import UsageError


def run_viz_command(
    ctx: typer.Context,
    *,
    out: Path,
    focus: str | None,
    hops: int,
    sources: list[str],
    types: list[str],
    since: str | None,
    until: str | None,
    max_nodes: int,
    layout: str,
    provenance: bool,
    fmt: str,
) -> None:
    from kg.network import build_network, select_subgraph, write_graph_file

    if fmt not in ("html", "graphml", "gexf"):
        raise UsageError(f"unknown format {fmt!r}", hint="use html, graphml or gexf")
    store = state(ctx).open(read_only=True)
    selection = select_subgraph(
        build_network(store, provenance=provenance),
        focus=focus,
        hops=hops,
        sources=sources or None,
        types=types or None,
        since=since,
        until=until,
        max_nodes=max_nodes,
    )
    if fmt == "html":
        from kg.viz import write_html

        report = write_html(selection, out, title=f"kg: {store.path.name if store.path else 'graph'}", layout=layout)
        typer.echo(str(report.path))
        say(ctx, f"{report.nodes} nodes, {report.edges} links" + (f"; {selection.reason}" if selection.reason else ""))
    else:
        if out.suffix.lower() == ".html":
            out = out.with_suffix("." + fmt)
        write_graph_file(selection.graph, out, fmt)
        typer.echo(str(out))

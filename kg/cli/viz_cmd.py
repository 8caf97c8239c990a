"""``kg viz``: the interactive HTML page, or GraphML/GEXF for Gephi and Cytoscape."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.common import file_format, say, state


def run_viz_command(
    ctx: typer.Context,
    *,
    out: Path | None,
    focus: str | None,
    hops: int,
    sources: list[str],
    types: list[str],
    since: str | None,
    until: str | None,
    max_nodes: int | None,
    layout: str,
    provenance: bool,
    fmt: str | None,
) -> None:
    from kg.graph.catalog import find_source
    from kg.network import build_network, select_subgraph, write_graph_file

    fmt = file_format(
        out,
        fmt,
        default="html",
        known=["html", "graphml", "gexf"],
        extensions={".html": "html", ".htm": "html", ".graphml": "graphml", ".gexf": "gexf"},
    )
    if out is None:
        out = Path("out") / f"graph.{fmt}"
    store = state(ctx).open(read_only=True)
    source_ids = [find_source(store, s) for s in sources]  # the ids, prefixes, URLs and names kg remove takes
    network = build_network(store, provenance=provenance)
    if max_nodes is None:  # the page stays readable; files for Gephi and Cytoscape get everything
        max_nodes = 25_000 if fmt == "html" else max(1, network.number_of_nodes())
    selection = select_subgraph(
        network,
        focus=focus,
        hops=hops,
        sources=source_ids or None,
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
        write_graph_file(selection.graph, out, fmt)
        typer.echo(str(out))
        g = selection.graph
        say(
            ctx,
            f"{g.number_of_nodes()} nodes, {g.number_of_edges()} links"
            + (f"; {selection.reason}" if selection.reason else ""),
        )

"""Copying a store to a SPARQL server with the Graph Store Protocol.

:func:`push_store` copies every named graph (``PUT ?graph=IRI``, a replacement, so pushing twice is
harmless). Graphs whose triple count on the server already equals the local count are skipped, so an
interrupted push can simply be run again.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import EndpointError
from kg.query.endpoint import NTRIPLES, SPARQL_JSON, check_url, http_request, parse_json_results, post_query

__all__ = ["GraphPush", "PushReport", "push_store"]


@dataclass(frozen=True)
class GraphPush:
    """One graph's push: ``action`` is ``put`` or ``skipped`` (already there with as many triples)."""

    graph: str
    local_triples: int
    remote_before: int
    remote_after: int
    action: str


@dataclass
class PushReport:
    """What :func:`push_store` did, graph by graph."""

    store_url: str
    graphs: list[GraphPush] = field(default_factory=list)

    @property
    def pushed(self) -> list[GraphPush]:
        return [g for g in self.graphs if g.action == "put"]

    @property
    def skipped(self) -> list[GraphPush]:
        return [g for g in self.graphs if g.action == "skipped"]

    @property
    def triples(self) -> int:
        return sum(g.local_triples for g in self.graphs)


def _endpoints(url: str, query_url: str | None) -> tuple[str, str | None]:
    """The Graph Store Protocol URL and the query URL for counting (None: count by GET)."""
    check_url(url)
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    derived: str | None
    if path == "":
        gsp = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/store", "", ""))
        derived = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/query", "", ""))
    else:
        gsp = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        derived = (
            urllib.parse.urlunsplit((parts.scheme, parts.netloc, path[: -len("/store")] + "/query", "", ""))
            if path.endswith("/store")
            else None
        )
    if query_url is not None:
        check_url(query_url)
    return gsp, query_url or derived


def _graph_url(gsp: str, graph: str) -> str:
    return gsp + "?" + urllib.parse.urlencode({"graph": graph})


def _remote_counts(query_url: str, *, timeout: float, retries: int, backoff: float) -> dict[str, int]:
    resp = post_query(
        query_url,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        accept=SPARQL_JSON,
        dataset=None,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
    )
    solutions = parse_json_results(resp, query_url)
    if isinstance(solutions, ox.QueryBoolean):
        raise EndpointError(
            f"{query_url} answered a boolean where triple counts were asked for",
            hint="check that the URL is the server's SPARQL query endpoint",
        )
    counts: dict[str, int] = {}
    for g, n in zip(solutions.column("g"), solutions.column("n")):
        value = n.value if isinstance(n, ox.Literal) else ""
        if not isinstance(g, ox.NamedNode) or not value.isdigit() or len(value) > 18:
            raise EndpointError(
                f"{query_url} answered a malformed triple count: graph {g}, count {n}",
                hint="check that the URL is the server's SPARQL query endpoint",
            )
        counts[g.value] = int(value)
    return counts


def _count_by_get(gsp: str, graph: str, *, timeout: float, retries: int, backoff: float) -> int:
    resp = http_request(
        "GET",
        _graph_url(gsp, graph),
        headers={"Accept": NTRIPLES},
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        missing_ok=True,
    )
    if resp.status == 404:
        return 0
    try:
        return sum(1 for _ in ox.parse(resp.body, format=ox.RdfFormat.N_TRIPLES))
    except (SyntaxError, ValueError, OSError) as e:
        raise EndpointError(
            f"{gsp} did not return N-Triples for {graph}: {str(e)[:120]}", hint="check the Graph Store Protocol URL"
        ) from None


def push_store(
    store,
    url: str,
    *,
    query_url: str | None = None,
    graphs: Iterable[str] | None = None,
    force: bool = False,
    timeout: float = 120.0,
    retries: int = 3,
    backoff: float = 0.5,
    on_graph: Callable[[GraphPush], None] | None = None,
) -> PushReport:
    """Copy the named graphs of a :class:`~kg.graph.store.KGStore` to a server's Graph Store Protocol.

    ``url`` is the server base (``http://host:7878`` → ``/store``) or the GSP URL itself. Each graph
    is sent with ``PUT ?graph=IRI`` as sorted N-Triples, replacing what the server had, so pushes are
    idempotent. A graph is skipped when the server already holds as many triples for it (a count,
    not a comparison of content: pass ``force=True`` to send every graph). Counts come from the
    query endpoint (``query_url``, or ``/query`` beside ``/store``), else from GETting the graph.
    After the push the counts are read again; a graph that still differs raises EndpointError.
    """
    gsp, counter = _endpoints(url, query_url)
    kw: dict[str, Any] = {"timeout": timeout, "retries": retries, "backoff": backoff}
    ox_store: ox.Store = getattr(store, "oxigraph", store)
    names = (
        sorted(graphs)
        if graphs is not None
        else sorted(g.value for g in ox_store.named_graphs() if isinstance(g, ox.NamedNode))
    )

    def remote_count_map(targets: list[str]) -> dict[str, int]:
        if counter is not None:
            counts = _remote_counts(counter, **kw)
            return {g: counts.get(g, 0) for g in targets}
        return {g: _count_by_get(gsp, g, **kw) for g in targets}

    before = remote_count_map(names)
    report = PushReport(store_url=gsp)
    done: list[tuple[str, int, int, str]] = []
    for g in names:
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox_store.quads_for_pattern(None, None, None, ox.NamedNode(g))
        ]
        local = len(triples)
        if not force and before[g] == local:
            done.append((g, local, before[g], "skipped"))
        else:
            body = "".join(sorted(f"{t} .\n" for t in triples)).encode("utf-8")
            http_request("PUT", _graph_url(gsp, g), data=body, headers={"Content-Type": NTRIPLES}, **kw)
            done.append((g, local, before[g], "put"))
        if on_graph is not None:
            on_graph(GraphPush(g, local, before[g], local if done[-1][3] == "put" else before[g], done[-1][3]))
    after = remote_count_map(names)
    wrong = []
    for g, local, was, action in done:
        report.graphs.append(GraphPush(g, local, was, after[g], action))
        if after[g] != local:
            wrong.append(f"{g} ({after[g]} on the server, {local} here)")
    if wrong:
        raise EndpointError(
            "the server holds a different number of triples after the push: " + "; ".join(wrong),
            hint="push again with force, or check the server's graph handling",
        )
    return report

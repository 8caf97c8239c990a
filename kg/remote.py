"""Named queries against any SPARQL 1.1 endpoint, and copying a store to a server.

:func:`run_remote_query` runs the same named queries as :func:`kg.query.run_query`, over the SPARQL
1.1 Protocol. Servers generally do not take Oxigraph-style substitutions, so parameters are bound
with a ``VALUES`` block inserted at the top of the query's ``WHERE`` group, written from serialized
RDF terms (a pyoxigraph term's ``str()`` is valid SPARQL: quotes, backslashes and line breaks are
escaped, an IRI has been checked), so a value can never become query syntax. Prefixes from
:data:`kg.vocab.PREFIXES` the query uses without declaring are declared for the server.

With ``union=True`` (the default) the query sees the union of all graphs as its default graph, as
in the embedded store: the named graphs are listed once and sent as ``default-graph-uri`` and
``named-graph-uri`` (the protocol's way to describe a dataset; no server option is needed).

:func:`push_store` copies every named graph with the Graph Store Protocol (``PUT ?graph=IRI``, a
replacement, so pushing twice is harmless). Graphs whose triple count on the server already equals
the local count are skipped, so an interrupted push can simply be run again.

Network failures (connection refused or reset, HTTP 5xx) are retried with exponential backoff; any
failure ends in one :class:`~kg.errors.EndpointError` line.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import EndpointError, QueryError, UsageError
from kg.query import (
    NamedQuery, ParamValue, QueryKind, QueryResult, SparqlToken, bind_params, check_query, load_query,
    select_result, sparql_tokens,
)
from kg.vocab import PREFIXES

__all__ = ["GraphPush", "PushReport", "inject_values", "push_store", "run_remote_query"]

_USER_AGENT = "kg-remote/1 (+https://w3id.org/kg-news/)"
_SPARQL_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


# -- binding by VALUES -----------------------------------------------------------------------------

def _matching_brace(tokens: list[SparqlToken], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].value == "{":
            depth += 1
        elif tokens[j].value == "}":
            depth -= 1
            if depth == 0:
                return j
    raise QueryError("unbalanced braces in the query", hint="close every '{' with '}'")


def _where_brace(tokens: list[SparqlToken], form: int) -> int:
    """Index of the '{' that opens the query's WHERE group."""
    i = form + 1
    if tokens[form].value.upper() == "CONSTRUCT":
        if i < len(tokens) and tokens[i].kind == "word" and tokens[i].value.upper() == "WHERE":
            raise QueryError("parameters of a short-form CONSTRUCT WHERE { } query cannot be sent to an endpoint",
                             hint="write it as CONSTRUCT { template } WHERE { pattern }")
        if i < len(tokens) and tokens[i].value == "{":
            i = _matching_brace(tokens, i) + 1  # skip the template
    parens = 0
    for j in range(i, len(tokens)):
        v = tokens[j].value
        if v == "(":
            parens += 1
        elif v == ")":
            parens -= 1
        elif v == "{" and parens == 0:
            return j
    raise QueryError("the query has no WHERE group to bind parameters in", hint="add WHERE { … }")


def inject_values(text: str, terms: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with ``VALUES (?a ?b) { (term term) }`` at the top of its WHERE group.

    The block is inserted on the line of the opening brace, so line numbers stay the same. When the
    WHERE group is a sub-select, the sub-select is wrapped in braces after the block.

    >>> inject_values('SELECT ?x WHERE { ?x ?p ?o }', {"o": ox.Literal('a " } UNION {')})
    'SELECT ?x WHERE { VALUES (?o) { ("a \\\\" } UNION {") } ?x ?p ?o }'
    """
    if not terms:
        return text
    tokens = sparql_tokens(text)
    form = next((i for i, t in enumerate(tokens)
                 if t.kind == "word" and t.value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), None)
    if form is None:
        raise QueryError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query", hint="check the query")
    brace = _where_brace(tokens, form)
    names = list(terms)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(str(terms[n]) for n in names) + ") }"
    after = tokens[brace].end
    nxt = tokens[brace + 1] if brace + 1 < len(tokens) else None
    if nxt is not None and nxt.kind == "word" and nxt.value.upper() == "SELECT":
        close = _matching_brace(tokens, brace)
        inner_end = tokens[close].start
        return text[:after] + " " + block + " {" + text[after:inner_end] + "} " + text[inner_end:]
    return text[:after] + " " + block + text[after:]


def _declare_prefixes(text: str) -> str:
    """Declare the kg prefixes the query uses but does not declare, on one line before it."""
    try:
        tokens = sparql_tokens(text)
    except QueryError:
        return text
    declared = {tokens[i + 1].value.split(":", 1)[0] for i, t in enumerate(tokens[:-1])
                if t.kind == "word" and t.value.upper() == "PREFIX"}
    used = {t.value.split(":", 1)[0] for t in tokens if t.kind == "pname" and not t.value.startswith("_:")}
    missing = sorted(p for p in used - declared if p in PREFIXES)
    if not missing:
        return text
    return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in missing) + "\n" + text


# -- HTTP ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Response:
    status: int
    body: bytes
    content_type: str


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) URL: {url!r}", hint="give the endpoint as http://host:port/path")
    return url


def _short(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    line = text.splitlines()[0] if text else ""
    return line[:200]


def _request(
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float,
    retries: int,
    backoff: float,
    ok_statuses: Iterable[int] = (200, 201, 204),
    missing_ok: bool = False,
) -> _Response:
    """One HTTP exchange, retried with backoff on connection errors, timeouts and 5xx. 404 gives status 404 when
    ``missing_ok``; anything else outside ``ok_statuses`` raises EndpointError."""
    hdrs = {"User-Agent": _USER_AGENT, **(headers or {})}
    shown = url.split("?", 1)[0]
    attempt = 0
    while True:
        req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read()
                return _Response(resp.status, body, resp.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as e:
            body = e.read() if e.fp is not None else b""
            if e.code == 404 and missing_ok:
                return _Response(404, body, "")
            if e.code >= 500 and attempt < retries:
                attempt += 1
                time.sleep(backoff * 2 ** (attempt - 1))
                continue
            detail = _short(body)
            said = f": {detail}" if detail else ""
            raise EndpointError(f"{method} {shown} failed: HTTP {e.code} {e.reason}{said}",
                                hint="check the endpoint URL and the server log") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as e:
            reason = getattr(e, "reason", e)
            if attempt < retries:  # down or slow: try again after a growing pause
                attempt += 1
                time.sleep(backoff * 2 ** (attempt - 1))
                continue
            tries = f"after {attempt + 1} attempt{'s' if attempt else ''}"
            if isinstance(e, TimeoutError) or isinstance(reason, TimeoutError):
                raise EndpointError(f"{method} {shown} did not answer within {timeout:g} s ({tries})",
                                    hint="pass a longer timeout or check the server") from None
            raise EndpointError(f"cannot reach {shown}: {reason} ({tries})",
                                hint="check that the server runs and the URL is right") from None


def _post_query(endpoint: str, text: str, *, accept: str, dataset: list[str] | None, timeout: float,
                retries: int, backoff: float) -> _Response:
    fields: list[tuple[str, str]] = [("query", text)]
    for g in dataset or []:
        fields.append(("default-graph-uri", g))
    for g in dataset or []:
        fields.append(("named-graph-uri", g))
    body = urllib.parse.urlencode(fields).encode("utf-8")
    return _request("POST", endpoint, data=body, timeout=timeout, retries=retries, backoff=backoff,
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def _parse_json_results(resp: _Response, endpoint: str):
    try:
        return ox.parse_query_results(resp.body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as e:
        raise EndpointError(f"{endpoint} did not return SPARQL JSON results: {str(e)[:120]}",
                            hint="check that the URL is a SPARQL query endpoint") from None


def _remote_graphs(endpoint: str, *, timeout: float, retries: int, backoff: float) -> list[str]:
    resp = _post_query(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", accept=_SPARQL_JSON, dataset=None,
                       timeout=timeout, retries=retries, backoff=backoff)
    solutions = _parse_json_results(resp, endpoint)
    return sorted(s["g"].value for s in solutions if isinstance(s["g"], ox.NamedNode))


# -- queries ---------------------------------------------------------------------------------------------

def run_remote_query(
    endpoint_url: str,
    query: NamedQuery | str | Path,
    params: Mapping[str, ParamValue] | None = None,
    *,
    limit: int | None = None,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 0.5,
    union: bool = True,
) -> QueryResult:
    """Run a named query (or a ``.rq`` path, or SPARQL text) at a SPARQL 1.1 query endpoint.

    Same checks and parameter typing as :func:`kg.query.run_query` (read-only, no SERVICE);
    parameters are bound with a ``VALUES`` block. ``limit`` keeps the first rows; ``timeout`` is
    per HTTP request, in seconds. ``union=False`` leaves the dataset to the server.
    """
    _check_url(endpoint_url)
    named = query if isinstance(query, NamedQuery) else load_query(query)
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, got {limit}", hint="pass --limit N with N >= 0")
    kind = check_query(named.text, where=str(named.path or ""))
    terms = bind_params(named, params)
    text = _declare_prefixes(inject_values(named.text, terms))
    dataset = _remote_graphs(endpoint_url, timeout=timeout, retries=retries, backoff=backoff) if union else None
    accept = _NTRIPLES if kind is QueryKind.CONSTRUCT else _SPARQL_JSON
    resp = _post_query(endpoint_url, text, accept=accept, dataset=dataset, timeout=timeout, retries=retries,
                       backoff=backoff)
    if kind is QueryKind.CONSTRUCT:
        try:
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(resp.body, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as e:
            raise EndpointError(f"{endpoint_url} did not return N-Triples: {str(e)[:120]}",
                                hint="check that the server supports CONSTRUCT with N-Triples") from None
        kept = triples if limit is None else triples[:limit]
        return QueryResult(QueryKind.CONSTRUCT, triples=kept, query=named,
                           limit_reached=limit is not None and len(triples) >= limit)
    parsed = _parse_json_results(resp, endpoint_url)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult(QueryKind.ASK, boolean=bool(parsed), query=named)
    variables = [v.value for v in parsed.variables]
    rows = []
    for solution in parsed:
        if limit is not None and len(rows) >= limit:
            break
        rows.append(tuple(solution[i] for i in range(len(variables))))
    return select_result(named, variables, rows, limit_reached=limit is not None and len(rows) >= limit)


# -- pushing a store -------------------------------------------------------------------------------

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
    _check_url(url)
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    if path == "":
        gsp = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/store", "", ""))
        derived = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/query", "", ""))
    else:
        gsp = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        derived = (urllib.parse.urlunsplit((parts.scheme, parts.netloc, path[: -len("/store")] + "/query", "", ""))
                   if path.endswith("/store") else None)
    if query_url is not None:
        _check_url(query_url)
    return gsp, query_url or derived


def _graph_url(gsp: str, graph: str) -> str:
    return gsp + "?" + urllib.parse.urlencode({"graph": graph})


def _remote_counts(query_url: str, *, timeout: float, retries: int, backoff: float) -> dict[str, int]:
    resp = _post_query(query_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                       accept=_SPARQL_JSON, dataset=None, timeout=timeout, retries=retries, backoff=backoff)
    return {s["g"].value: int(s["n"].value) for s in _parse_json_results(resp, query_url)}


def _count_by_get(gsp: str, graph: str, *, timeout: float, retries: int, backoff: float) -> int:
    resp = _request("GET", _graph_url(gsp, graph), headers={"Accept": _NTRIPLES}, timeout=timeout,
                    retries=retries, backoff=backoff, missing_ok=True)
    if resp.status == 404:
        return 0
    try:
        return sum(1 for _ in ox.parse(resp.body, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as e:
        raise EndpointError(f"{gsp} did not return N-Triples for {graph}: {str(e)[:120]}",
                            hint="check the Graph Store Protocol URL") from None


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
    """Copy the named graphs of a :class:`~kg.store.KGStore` to a server's Graph Store Protocol.

    ``url`` is the server base (``http://host:7878`` → ``/store``) or the GSP URL itself. Each graph
    is sent with ``PUT ?graph=IRI`` as sorted N-Triples, replacing what the server had, so pushes are
    idempotent. A graph is skipped when the server already holds as many triples for it (a count,
    not a comparison of content: pass ``force=True`` to send every graph). Counts come from the
    query endpoint (``query_url``, or ``/query`` beside ``/store``), else from GETting the graph.
    After the push the counts are read again; a graph that still differs raises EndpointError.
    """
    gsp, counter = _endpoints(url, query_url)
    kw = {"timeout": timeout, "retries": retries, "backoff": backoff}
    ox_store: ox.Store = getattr(store, "oxigraph", store)
    names = sorted(graphs) if graphs is not None else sorted(g.value for g in ox_store.named_graphs()
                                                             if isinstance(g, ox.NamedNode))

    def remote_count_map(targets: list[str]) -> dict[str, int]:
        if counter is not None:
            counts = _remote_counts(counter, **kw)
            return {g: counts.get(g, 0) for g in targets}
        return {g: _count_by_get(gsp, g, **kw) for g in targets}

    before = remote_count_map(names)
    report = PushReport(store_url=gsp)
    done: list[tuple[str, int, int, str]] = []
    for g in names:
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox_store.quads_for_pattern(None, None, None, ox.NamedNode(g))]
        local = len(triples)
        if not force and before[g] == local:
            done.append((g, local, before[g], "skipped"))
        else:
            body = "".join(sorted(f"{t} .\n" for t in triples)).encode("utf-8")
            _request("PUT", _graph_url(gsp, g), data=body, headers={"Content-Type": _NTRIPLES}, **kw)
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
        raise EndpointError("the server holds a different number of triples after the push: " + "; ".join(wrong),
                            hint="push again with force, or check the server's graph handling")
    return report

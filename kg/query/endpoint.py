"""SPARQL 1.1 Protocol endpoints: parameters bound with a ``VALUES`` block, HTTP with retries.

Servers generally do not take Oxigraph-style substitutions, so parameters are bound with a ``VALUES``
block inserted at the top of the query's ``WHERE`` group, written from serialized RDF terms (a
pyoxigraph term's ``str()`` is valid SPARQL: quotes, backslashes and line breaks are escaped, an IRI
has been checked), so a value can never become query syntax. Prefixes from :data:`kg.vocab.PREFIXES`
the query uses without declaring are declared for the server.

With ``union=True`` (the default) the query sees the union of all graphs as its default graph, as in
the embedded store: the named graphs are listed once and sent as ``default-graph-uri`` and
``named-graph-uri`` (the protocol's way to describe a dataset; no server option is needed).

Network failures (connection refused or reset, HTTP 5xx) are retried with exponential backoff; any
failure ends in one :class:`~kg.errors.EndpointError` line.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import EndpointError, QueryError, UsageError
from kg.query.guard import SparqlToken, sparql_tokens
from kg.query.result import NamedQuery, QueryKind, QueryResult, select_result
from kg.vocab import BASE, PREFIXES

_USER_AGENT = f"kg-remote/1 (+{BASE})"
SPARQL_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


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


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) URL: {url!r}", hint="give the endpoint as http://host:port/path")
    return url


def _short(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    line = text.splitlines()[0] if text else ""
    return line[:200]


def http_request(
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


def post_query(endpoint: str, text: str, *, accept: str, dataset: list[str] | None, timeout: float,
                retries: int, backoff: float) -> _Response:
    fields: list[tuple[str, str]] = [("query", text)]
    for g in dataset or []:
        fields.append(("default-graph-uri", g))
    for g in dataset or []:
        fields.append(("named-graph-uri", g))
    body = urllib.parse.urlencode(fields).encode("utf-8")
    return http_request("POST", endpoint, data=body, timeout=timeout, retries=retries, backoff=backoff,
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def parse_json_results(resp: _Response, endpoint: str):
    try:
        return ox.parse_query_results(resp.body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as e:
        raise EndpointError(f"{endpoint} did not return SPARQL JSON results: {str(e)[:120]}",
                            hint="check that the URL is a SPARQL query endpoint") from None


def _remote_graphs(endpoint: str, *, timeout: float, retries: int, backoff: float) -> list[str]:
    resp = post_query(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", accept=SPARQL_JSON, dataset=None,
                       timeout=timeout, retries=retries, backoff=backoff)
    solutions = parse_json_results(resp, endpoint)
    return sorted(s["g"].value for s in solutions if isinstance(s["g"], ox.NamedNode))


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 query endpoint that :func:`kg.query.run.run_query` runs queries at, instead of the
    embedded store. ``timeout`` is per HTTP request, in seconds; ``union=False`` leaves the dataset
    to the server."""

    url: str
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    union: bool = True

    def __post_init__(self) -> None:
        check_url(self.url)


def execute_at(endpoint: Endpoint, named: NamedQuery, kind: QueryKind,
               terms: Mapping[str, ox.NamedNode | ox.Literal], limit: int | None) -> QueryResult:
    """Send a checked query with its bound terms to ``endpoint`` and read the answer."""
    kw = {"timeout": endpoint.timeout, "retries": endpoint.retries, "backoff": endpoint.backoff}
    endpoint_url = endpoint.url
    text = _declare_prefixes(inject_values(named.text, terms))
    dataset = _remote_graphs(endpoint_url, **kw) if endpoint.union else None
    accept = NTRIPLES if kind is QueryKind.CONSTRUCT else SPARQL_JSON
    resp = post_query(endpoint_url, text, accept=accept, dataset=dataset, **kw)
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
    parsed = parse_json_results(resp, endpoint_url)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult(QueryKind.ASK, boolean=bool(parsed), query=named)
    variables = [v.value for v in parsed.variables]
    rows = []
    for solution in parsed:
        if limit is not None and len(rows) >= limit:
            break
        rows.append(tuple(solution[i] for i in range(len(variables))))
    return select_result(named, variables, rows, limit_reached=limit is not None and len(rows) >= limit)

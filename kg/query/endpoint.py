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

import http.client
import math
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import EndpointError, QueryError, UsageError
from kg.query.guard import SparqlToken, first_line, sparql_tokens
from kg.query.result import NamedQuery, QueryKind, QueryResult, select_result
from kg.vocab import BASE, PREFIXES, RDF, XSD

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
            raise QueryError(
                "parameters of a short-form CONSTRUCT WHERE { } query cannot be sent to an endpoint",
                hint="write it as CONSTRUCT { template } WHERE { pattern }",
            )
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
    form = next(
        (
            i
            for i, t in enumerate(tokens)
            if t.kind == "word" and t.value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
        ),
        None,
    )
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
    declared = {
        tokens[i + 1].value.split(":", 1)[0]
        for i, t in enumerate(tokens[:-1])
        if t.kind == "word" and t.value.upper() == "PREFIX"
    }
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
    reason: str = ""


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) URL: {url!r}", hint="give the endpoint as http://host:port/path")
    return url


def _short(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    line = text.splitlines()[0] if text else ""
    return line[:200]


MAX_RESPONSE_BYTES = 512 * 1024 * 1024
"""The largest answer kg reads from a server (512 MiB); a longer body is refused, not buffered."""

MAX_TIMEOUT = 7 * 86_400.0


def check_timeout(timeout: float) -> float:
    """``timeout`` if it is a usable number of seconds (positive, finite, at most a week)."""
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise UsageError(
            f"timeout must be a positive number of seconds up to {MAX_TIMEOUT:g}, got {timeout!r}",
            hint="pass --timeout SECONDS, for example 30",
        )
    return float(timeout)


class _Deadline(Exception):
    """The whole exchange outlived its timeout (a server trickling bytes never trips a socket timeout)."""


class _TooLarge(Exception):
    pass


def _exchange(
    method: str, url: str, data: bytes | None, headers: Mapping[str, str], timeout: float, max_bytes: int
) -> _Response:
    """One request and its whole answer within ``timeout`` seconds overall, at most ``max_bytes``.

    The socket is shut down when the deadline passes, whatever phase the exchange is in (connecting
    aside, which the socket timeout bounds): headers sent a byte a second, or an endless body."""
    parts = urllib.parse.urlsplit(url)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "", parts.port, timeout=timeout)
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(timeout, cut)
    timer.daemon = True
    timer.start()
    try:
        conn.request(method, target, body=data, headers={"Host": parts.netloc, **headers})
        resp = conn.getresponse()
        length = resp.getheader("Content-Length")
        if length is not None and length.strip().isdigit() and int(length) > max_bytes:
            raise _TooLarge()
        chunks, size = [], 0
        while True:
            chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise _TooLarge()
            chunks.append(chunk)
            if expired.is_set():
                raise _Deadline()
        if expired.is_set():
            raise _Deadline()
        return _Response(resp.status, b"".join(chunks), resp.getheader("Content-Type", "") or "", resp.reason or "")
    except (OSError, http.client.HTTPException, ValueError):
        if expired.is_set():
            raise _Deadline() from None
        raise
    finally:
        timer.cancel()
        conn.close()


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
    max_bytes: int | None = None,
) -> _Response:
    """One HTTP exchange, retried with backoff on connection errors, timeouts, protocol errors (a
    bad status line, a body cut short) and 5xx. 404 gives status 404 when ``missing_ok``; anything
    else outside ``ok_statuses`` raises EndpointError. ``timeout`` bounds each attempt as a whole;
    an answer longer than ``max_bytes`` (default :data:`MAX_RESPONSE_BYTES`) is refused."""
    timeout = check_timeout(timeout)
    limit = max_bytes or MAX_RESPONSE_BYTES
    hdrs = {"User-Agent": _USER_AGENT, **(headers or {})}
    shown = url.split("?", 1)[0]
    ok = set(ok_statuses)
    attempt = 0
    while True:
        problem: str | None = None
        try:
            resp = _exchange(method, url, data, hdrs, timeout, limit)
        except _TooLarge:
            raise EndpointError(
                f"{method} {shown}: the answer is larger than {limit:,} bytes; kg stopped reading",
                hint="add a LIMIT to the query or check the server",
            ) from None
        except _Deadline:
            problem = f"did not answer within {timeout:g} s"
        except http.client.HTTPException as e:
            problem = f"broke the HTTP protocol: {type(e).__name__}{': ' + first_line(e) if str(e) else ''}"
        except (ConnectionError, TimeoutError, OSError, ValueError) as e:
            problem = f"cannot reach: {first_line(e)}"
        else:
            if resp.status in ok:
                return resp
            if resp.status == 404 and missing_ok:
                return resp
            if not (resp.status >= 500 and attempt < retries):
                detail = _short(resp.body)
                said = f": {detail}" if detail else ""
                raise EndpointError(
                    f"{method} {shown} failed: HTTP {resp.status} {resp.reason}{said}",
                    hint="check the endpoint URL and the server log",
                )
        if attempt < retries:  # down, slow, garbled or 5xx: try again after a growing pause
            attempt += 1
            time.sleep(backoff * 2 ** (attempt - 1))
            continue
        tries = f"after {attempt + 1} attempt{'s' if attempt else ''}"
        if problem and problem.startswith("did not answer"):
            raise EndpointError(
                f"{method} {shown} {problem} ({tries})", hint="pass a longer timeout or check the server"
            )
        if problem and problem.startswith("cannot reach: "):
            raise EndpointError(
                f"cannot reach {shown}: {problem[len('cannot reach: ') :]} ({tries})",
                hint="check that the server runs and the URL is right",
            )
        raise EndpointError(
            f"{method} {shown} {problem} ({tries})",
            hint="check that the URL is a SPARQL endpoint and the server is healthy",
        )


def post_query(
    endpoint: str, text: str, *, accept: str, dataset: list[str] | None, timeout: float, retries: int, backoff: float
) -> _Response:
    fields: list[tuple[str, str]] = [("query", text)]
    for g in dataset or []:
        fields.append(("default-graph-uri", g))
    for g in dataset or []:
        fields.append(("named-graph-uri", g))
    body = urllib.parse.urlencode(fields).encode("utf-8")
    return http_request(
        "POST",
        endpoint,
        data=body,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )


@dataclass(frozen=True)
class _Solutions:
    """SPARQL JSON results read whole: ``variables`` and ``rows`` (one tuple of terms per row)."""

    variables: list[str]
    rows: list[tuple]

    def column(self, name: str) -> list:
        i = self.variables.index(name) if name in self.variables else None
        return [row[i] if i is not None else None for row in self.rows]


def _not_results(endpoint: str, e: BaseException) -> EndpointError:
    return EndpointError(
        f"{endpoint} did not return SPARQL JSON results: {first_line(e)[:120]}",
        hint="check that the URL is a SPARQL query endpoint",
    )


def parse_json_results(resp: _Response, endpoint: str) -> ox.QueryBoolean | _Solutions:
    """The answer as a boolean or as :class:`_Solutions`, read whole so that a fault anywhere in it
    is one EndpointError."""
    try:
        parsed = ox.parse_query_results(resp.body, ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return parsed
        variables = [v.value for v in parsed.variables]
        return _Solutions(variables, [tuple(s[i] for i in range(len(variables))) for s in parsed])
    except (SyntaxError, ValueError, TypeError, KeyError, IndexError, RuntimeError, OSError) as e:
        raise _not_results(endpoint, e) from None


_KEPT_AS_WRITTEN = {str(XSD.string), str(RDF.langString)}


def as_stored(rows: list[tuple]) -> list[tuple]:
    """``rows`` with each typed literal in the lexical form the embedded store gives it.

    Oxigraph (the embedded store) keeps numbers, booleans and dates as values and writes them in
    its canonical form (``"34000"^^xsd:double``, ``"true"^^xsd:boolean``); a server answers in its
    own (Virtuoso 7: ``"34000.0"``, ``"1"``). The same value is the same term here: each such
    literal goes through an in-memory Oxigraph store and comes back as the embedded store has it.

    >>> [t.value for t in as_stored([(ox.Literal("1", datatype=ox.NamedNode(str(XSD.boolean))),
    ...                               ox.Literal("248.0", datatype=ox.NamedNode(str(XSD.double))), None)])[0][:2]]
    ['true', '248']
    """
    typed = sorted(
        {
            t
            for row in rows
            for t in row
            if isinstance(t, ox.Literal) and t.language is None and t.datatype.value not in _KEPT_AS_WRITTEN
        },
        key=str,
    )
    if not typed:
        return rows
    scratch = ox.Store()
    subject, keys = ox.NamedNode(BASE + "scratch"), {}
    for i, t in enumerate(typed):
        keys[t] = ox.NamedNode(f"{BASE}scratch#{i}")
        scratch.add(ox.Quad(subject, keys[t], t))
    stored = {q.predicate: q.object for q in scratch.quads_for_pattern(subject, None, None)}
    same = {t: stored[keys[t]] for t in typed}
    return [tuple(same.get(t, t) if isinstance(t, ox.Literal) else t for t in row) for row in rows]


def _remote_graphs(endpoint: str, *, timeout: float, retries: int, backoff: float) -> list[str]:
    resp = post_query(
        endpoint,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
        accept=SPARQL_JSON,
        dataset=None,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
    )
    solutions = parse_json_results(resp, endpoint)
    if not isinstance(solutions, _Solutions):
        raise _not_results(endpoint, ValueError("a boolean where rows were asked for"))
    return sorted(g.value for g in solutions.column("g") if isinstance(g, ox.NamedNode))


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


def execute_at(
    endpoint: Endpoint,
    named: NamedQuery,
    kind: QueryKind,
    terms: Mapping[str, ox.NamedNode | ox.Literal],
    limit: int | None,
) -> QueryResult:
    """Send a checked query with its bound terms to ``endpoint`` and read the answer."""
    kw: dict[str, Any] = {"timeout": endpoint.timeout, "retries": endpoint.retries, "backoff": endpoint.backoff}
    endpoint_url = endpoint.url
    text = _declare_prefixes(inject_values(named.text, terms))
    dataset = _remote_graphs(endpoint_url, **kw) if endpoint.union else None
    accept = NTRIPLES if kind is QueryKind.CONSTRUCT else SPARQL_JSON
    resp = post_query(endpoint_url, text, accept=accept, dataset=dataset, **kw)
    if kind is QueryKind.CONSTRUCT:
        try:
            triples = [
                ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(resp.body, format=ox.RdfFormat.N_TRIPLES)
            ]
        except (SyntaxError, ValueError, OSError) as e:
            raise EndpointError(
                f"{endpoint_url} did not return N-Triples: {first_line(e)[:120]}",
                hint="check that the server supports CONSTRUCT with N-Triples",
            ) from None
        kept = [ox.Triple(*t) for t in as_stored([(t.subject, t.predicate, t.object) for t in triples])]
        kept = kept if limit is None else kept[:limit]
        return QueryResult(
            QueryKind.CONSTRUCT, triples=kept, query=named, limit_reached=limit is not None and len(triples) >= limit
        )
    parsed = parse_json_results(resp, endpoint_url)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult(QueryKind.ASK, boolean=bool(parsed), query=named)
    variables = parsed.variables
    rows = as_stored(parsed.rows if limit is None else parsed.rows[:limit])
    return select_result(named, variables, rows, limit_reached=limit is not None and len(rows) >= limit)

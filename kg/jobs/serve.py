"""``kg serve``: the local store as a read-only SPARQL 1.1 endpoint with a small query page.

kg answers the HTTP requests itself (a threaded stdlib server) and runs every query through
:func:`kg.query.run_query`, so the endpoint has the same guards as ``kg query``: read-only, no
``SERVICE`` (decided by the engine's own parser), a query timeout and a row limit. On top of that:

- **Host allow-list.** A request whose ``Host`` header is not a loopback name (``localhost``,
  ``127.0.0.1``, ``[::1]``), or the host ``--bind`` names, is refused with 403, so a web page that
  rebinds its own DNS name to 127.0.0.1 cannot read the store.
- **Bounded work.** At most ``max_running`` queries compute at once (counting queries whose client
  gave up but whose engine step still runs); more get 503 at once.
- **Fresh view.** Before each query the store folder is compared with what was opened; after a
  ``kg ingest`` or ``kg remove`` the next query reopens the store and sees the new data.
- **Clean stop.** SIGTERM and SIGINT stop the server and close its socket; there is no child process.
"""

from __future__ import annotations

import signal
import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError, QueryError, StoreError, UsageError
from kg.graph.store import KGStore, open_store
from kg.jobs import serve_page
from kg.query import NamedQuery, OutputFormat, QueryKind, QueryResult, format_result, list_queries, run_query
from kg.query.named import parse_text

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_BODY_BYTES = 1_000_000
_WORKER_PREFIX = "kg-query-"


@dataclass(frozen=True)
class ServeOptions:
    """How ``kg serve`` answers: ``timeout`` seconds per query, at most ``max_rows`` rows or triples
    per answer, at most ``max_running`` queries computing at once."""

    timeout: float = 30.0
    max_rows: int = 100_000
    max_running: int = 2


def parse_bind(bind: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) as (host, port)."""
    host, sep, port = bind.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"--bind {bind!r} is not HOST:PORT", hint="for example 127.0.0.1:7878")
    return host.strip("[]"), int(port)


def allowed_hosts(bind_host: str) -> frozenset[str]:
    """Host names a request may name: the loopback names, plus the bound host when it is another."""
    names = set(LOOPBACK_NAMES)
    if bind_host not in ("", "0.0.0.0", "::"):
        names.add(bind_host.lower())
    return frozenset(names)


def host_of(header: str | None) -> str | None:
    """The host name of a ``Host`` header without its port (``[::1]:7878`` -> ``::1``)."""
    if not header:
        return None
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else None
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class StoreView:
    """A read-only handle on the store folder, reopened when the folder's files have changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._signature: tuple = ()
        self._store: KGStore | None = None

    def _current_signature(self) -> tuple:
        try:
            entries = sorted(
                (p.name, st.st_size, st.st_mtime_ns)
                for p in self.path.iterdir()
                if not p.name.startswith("LOG") and (st := p.stat())
            )
        except OSError as e:
            raise StoreError(f"cannot read the store at {self.path}: {e}", hint="check the --store path") from e
        return tuple(entries)

    def store(self) -> KGStore:
        with self._lock:
            signature = self._current_signature()
            if self._store is None or signature != self._signature:
                self._store = open_store(self.path, read_only=True)
                self._signature = signature
            return self._store


def _labels(store: KGStore, result: QueryResult, *, at_most: int = 2000) -> dict[str, str]:
    """Labels (``rdfs:label``, else ``skos:prefLabel``) of the IRIs in a result, to show beside them."""
    iris: set[str] = set()
    if result.kind is QueryKind.SELECT:
        cells = [t for row in result.rows for t in row]
    else:
        cells = [t for tr in result.triples for t in (tr.subject, tr.predicate, tr.object)]
    for t in cells:
        if isinstance(t, ox.NamedNode) and len(iris) < at_most:
            iris.add(t.value)
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris) if ">" not in i and " " not in i)
    rows = store.query(
        f"SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }} "
        "{ ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } } GROUP BY ?s"
    )
    return {r["s"].value: r["label"].value for r in rows if r["label"] is not None}


def _busy_workers() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith(_WORKER_PREFIX) and t.is_alive())


def _wants(accept: str, *types: str) -> bool:
    return any(t in accept for t in types)


def make_server(
    store_path: Path, *, bind: str = "127.0.0.1:7878", options: ServeOptions = ServeOptions()
) -> ThreadingHTTPServer:
    """A server answering SPARQL queries on ``store_path`` at ``bind`` (not started: call
    ``serve_forever``). Port 0 picks a free port (``server.server_address``)."""
    if not (store_path / "CURRENT").is_file():
        raise StoreError(f"no store at {store_path}", hint="run 'kg ingest' first or pass --store")
    if options.timeout <= 0 or options.timeout > 86_400:
        raise UsageError(
            f"timeout must be between 0 and 86400 s, got {options.timeout:g}",
            hint="pass --timeout SECONDS, for example 30",
        )
    host, port = parse_bind(bind)
    view = StoreView(store_path)
    view.store()  # a damaged or foreign store is reported now, not at the first request
    hosts = allowed_hosts(host.lower())
    queries = list_queries()
    by_name = {q.name: q for q in queries}
    running = threading.BoundedSemaphore(options.max_running)

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-serve"
        sys_version = ""
        protocol_version = "HTTP/1.0"

        def log_message(self, *args) -> None:  # quiet: stdout and stderr belong to the CLI
            pass

        def _send(self, status: int, body: str | bytes, content_type: str = "text/plain; charset=utf-8") -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.send_header(
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
            )
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _host_ok(self) -> bool:
            if host_of(self.headers.get("Host")) in hosts:
                return True
            self._send(403, "kg serve: this Host is not served (only loopback names or the --bind host)\n")
            return False

        def do_GET(self) -> None:
            if not self._host_ok():
                return
            url = urllib.parse.urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                body = serve_page.home(queries, timeout=options.timeout, max_rows=options.max_rows)
                self._send(200, body, "text/html; charset=utf-8")
            elif url.path.startswith("/named/"):
                self._named_page(url.path[len("/named/") :], url.query)
            elif url.path == "/sparql":
                self._sparql_page(url.query)
            elif url.path == "/query":
                query = urllib.parse.parse_qs(url.query).get("query")
                self._answer(query[0] if query else None)
            else:
                self._send(404, "kg serve: not found; the endpoint is /query\n")

        do_HEAD = do_GET

        def do_POST(self) -> None:
            if not self._host_ok():
                return
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/query":
                self._send(405 if url.path == "/update" else 404, "kg serve: read-only; the endpoint is /query\n")
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY_BYTES:
                self._send(413, f"kg serve: the request body must be 0 to {MAX_BODY_BYTES} bytes\n")
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                self._answer(body)
            else:
                query = urllib.parse.parse_qs(body).get("query")
                self._answer(query[0] if query else None)

        def _refuse_method(self) -> None:
            self._send(405, "kg serve: read-only; use GET or POST on /query\n")

        do_PUT = do_DELETE = do_PATCH = _refuse_method

        def _run(self, query: NamedQuery, params: dict[str, str] | None = None) -> tuple[QueryResult | None, int, str]:
            """(result, 200, "") or (None, HTTP status, message): the one place queries run."""
            if _busy_workers() >= options.max_running or not running.acquire(blocking=False):
                return None, 503, "busy with other queries; try again shortly"
            try:
                result = run_query(view.store(), query, params=params, limit=options.max_rows, timeout=options.timeout)
            except QueryError as e:
                return None, 503 if "timed out" in e.message else 400, str(e)
            except KGError as e:
                return None, 400 if isinstance(e, UsageError) else 500, str(e)
            finally:
                running.release()
            return result, 200, ""

        def _html_answer(self, title: str, form: str, query: NamedQuery | None, params: dict[str, str]) -> None:
            if query is None:
                self._send(200, serve_page.answer_page(title, form), "text/html; charset=utf-8")
                return
            result, status, error = self._run(query, params)
            labels = _labels(view.store(), result) if result is not None else {}
            body = serve_page.answer_page(title, form, result=result, labels=labels, error=error)
            self._send(status, body, "text/html; charset=utf-8")

        def _named_page(self, name: str, query_string: str) -> None:
            q = by_name.get(name)
            if q is None:
                self._send(404, serve_page.page("kg: not found", f"<p>No named query {name!r}.</p>"), "text/html")
                return
            given = {k: v[0] for k, v in urllib.parse.parse_qs(query_string).items() if v and v[0].strip()}
            params = {k: v for k, v in given.items() if q.param(k) is not None}
            form = serve_page.query_form(q, params, open_=True)
            missing = [p.name for p in q.params if p.required and p.name not in params]
            if missing:  # the form, to fill in
                self._html_answer(q.title, form, None, {})
                return
            self._html_answer(q.title, form, q, params)

        def _sparql_page(self, query_string: str) -> None:
            text = urllib.parse.parse_qs(query_string).get("query", [""])[0]
            form = serve_page.sparql_form(text or None)
            self._html_answer("SPARQL", form, parse_text(text) if text.strip() else None, {})

        def _answer(self, query: str | None) -> None:
            if not query or not query.strip():
                self._send(400, "kg serve: pass the SPARQL query as ?query=...\n")
                return
            result, status, error = self._run(parse_text(query))
            if result is None:
                self._send(status, f"kg serve: {error}\n")
                return
            accept = self.headers.get("Accept") or ""
            if result.kind is QueryKind.CONSTRUCT:
                self._send(200, format_result(result, OutputFormat.TURTLE), "text/turtle; charset=utf-8")
            elif _wants(accept, "text/csv"):
                self._send(200, format_result(result, OutputFormat.CSV), "text/csv; charset=utf-8")
            elif _wants(accept, "text/tab-separated-values"):
                self._send(200, format_result(result, OutputFormat.TSV), "text/tab-separated-values; charset=utf-8")
            else:
                self._send(200, format_result(result, OutputFormat.SPARQL_JSON), "application/sparql-results+json")

    try:
        server = ThreadingHTTPServer((host, port), Handler)
    except OSError as e:
        raise UsageError(f"cannot listen on {bind}: {e.strerror or e}", hint="choose another --bind HOST:PORT") from e
    server.daemon_threads = True
    return server


def serve_store(
    store_path: Path,
    *,
    bind: str = "127.0.0.1:7878",
    options: ServeOptions = ServeOptions(),
    on_ready: Callable[[str], None] | None = None,
) -> int:
    """Serve until SIGTERM or SIGINT (Ctrl-C), then close the socket; returns 0."""
    server = make_server(store_path, bind=bind, options=options)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    if host not in ("127.0.0.1", "::1"):
        print(f"kg: note: serving on {host}, reachable from other machines", file=sys.stderr)
    stopping = threading.Event()

    def stop(signum, frame) -> None:
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        if on_ready:
            shown = f"[{host}]" if ":" in host else host
            on_ready(f"http://{shown}:{port}")
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 0


__all__ = ["ServeOptions", "allowed_hosts", "host_of", "make_server", "parse_bind", "serve_store"]

"""Running a query on the embedded store or a SPARQL endpoint: one path for checks and binding."""

from __future__ import annotations

import re
import shlex
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from kg.errors import QueryError, UsageError
from kg.query.bind import bind_params
from kg.query.guard import check_query, first_line, syntax_error
from kg.query.named import load_query
from kg.query.endpoint import Endpoint, check_timeout, execute_at
from kg.query.lookup import example_node, resolve_node
from kg.query.result import NamedQuery, ParamType, ParamValue, Queryable, QueryKind, QueryResult, select_result

T = TypeVar("T")

# -- running -------------------------------------------------------------------------------------


def run_query(
    target: Queryable | Endpoint,
    query: NamedQuery | str | Path,
    *,
    params: Mapping[str, ParamValue] | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a named query (or a ``.rq`` path, or SPARQL text: see :func:`~kg.query.named.load_query`)
    on a :class:`~kg.graph.store.KGStore` or at an :class:`~kg.query.endpoint.Endpoint`.

    The same checks run for both (read-only, no ``SERVICE``, parameters typed from the header). On
    the store the default graph is the union of all graphs and values are bound as Oxigraph
    substitutions; at an endpoint they are bound with a ``VALUES`` block. ``limit`` stops reading
    after that many rows or triples.

    ``timeout`` (seconds) bounds the whole call: the check step (which evaluates the query on an
    empty scratch store, so an ASK over big ``VALUES`` blocks computes there) and then the run. At
    an endpoint the check is bounded by it, and then it bounds each HTTP request. On the store it runs the
    query in a worker thread and stops waiting when it expires, raising ``QueryError("query timed
    out after N s")``. The engine work is **not** cancelled pre-emptively: Oxigraph offers no
    cancellation to Python. The worker stops at the next row or triple it reads (so a streaming
    query ends promptly), but a single step that computes inside the engine before yielding (a
    sort, an aggregate, a large join) runs to its end in the background thread, using CPU though
    not blocking the caller. The thread is a daemon: it does not keep the process alive.
    """
    named = query if isinstance(query, NamedQuery) else load_query(query)
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, got {limit}", hint="pass --limit N with N >= 0")
    where = str(named.path) if named.path else ""
    if timeout is None:
        kind = check_query(named.text, where=where)
        values, notes = _resolve_nodes(target, named, params)
        terms = bind_params(named, values)
        if isinstance(target, Endpoint):
            result = execute_at(target, named, kind, terms, limit)
        else:
            result = _execute(target, named, terms, limit, threading.Event())
        result.notes.extend(notes)
        return result
    timeout = check_timeout(timeout)
    deadline = time.monotonic() + timeout
    # the check step evaluates the query on an empty store (an ASK over VALUES computes there):
    # it counts against the same timeout
    kind = _within(timeout, timeout, named, lambda cancel: check_query(named.text, where=where))
    values, notes = _resolve_nodes(target, named, params)
    terms = bind_params(named, values)
    if isinstance(target, Endpoint):  # each request (attempt) gets the whole timeout, as documented
        result = execute_at(replace(target, timeout=timeout), named, kind, terms, limit)
    else:
        left = max(deadline - time.monotonic(), 0.001)
        result = _within(left, timeout, named, lambda cancel: _execute(target, named, terms, limit, cancel))
    result.notes.extend(notes)
    return result


def _resolve_nodes(
    target: Queryable | Endpoint, named: NamedQuery, params: Mapping[str, ParamValue] | None
) -> tuple[dict[str, ParamValue], list[str]]:
    """``iri`` parameters given as text: names, QIDs and short ids become the node they name
    (:func:`~kg.query.lookup.resolve_node`); an IRI the store lacks stays, with a note."""
    values = dict(params or {})
    notes: list[str] = []
    if any(named.param(k) is None for k in values):
        return values, notes  # bind_params names the unknown ones
    for p in named.params:
        value = values.get(p.name)
        if p.type is ParamType.IRI and value is None and p.required and p.default is None:
            example = None if isinstance(target, Endpoint) else example_node(target, p.name)
            sample = f", e.g. --param {p.name}={shlex.quote(example.label)}" if example else ""
            raise QueryError(
                f"missing required parameter {p.name} (iri) for query {named.name}",
                hint=f"pass --param {p.name}=NAME_OR_ID{sample} (kg find NAME lists nodes)",
            )
        if p.type is ParamType.IRI and isinstance(value, str):
            node, note = resolve_node(target, value, param=p.name)
            values[p.name] = node
            if note:
                notes.append(note)
    return values, notes


def _within(seconds: float, timeout: float, named: NamedQuery, work: Callable[[threading.Event], T]) -> T:
    """``work(cancel)`` in a daemon thread, waited for at most ``seconds``; then ``cancel`` is set and
    ``QueryError("query timed out after {timeout} s")`` raised (the engine step itself is not
    cancelled: it ends in the background)."""
    cancel = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = work(cancel)
        except BaseException as e:  # handed to the caller's thread
            outcome["error"] = e

    worker = threading.Thread(target=run, name=f"kg-query-{named.name}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        cancel.set()
        raise QueryError(
            f"query timed out after {timeout:g} s", hint="narrow the query, add a limit, or pass a longer --timeout"
        )
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def _take(items, limit: int | None, cancel: threading.Event) -> Iterator:
    """Read at most ``limit`` items, stopping early when ``cancel`` is set."""
    it = iter(items)
    n = 0
    while (limit is None or n < limit) and not cancel.is_set():
        try:
            item = next(it)
        except StopIteration:
            return
        n += 1
        yield item


_NOT_PROJECTED = re.compile(r"does not contains? variable \?(\w+)")


def _execute(store, named: NamedQuery, terms, limit: int | None, cancel: threading.Event) -> QueryResult:
    try:
        raw = store.query(named.text, bindings=terms, union=True)
        if isinstance(raw, ox.QueryBoolean):
            return QueryResult(QueryKind.ASK, boolean=bool(raw), query=named)
        if isinstance(raw, ox.QuerySolutions):
            variables = [v.value for v in raw.variables]
            rows = [tuple(s[i] for i in range(len(variables))) for s in _take(raw, limit, cancel)]
            return select_result(named, variables, rows, limit_reached=limit is not None and len(rows) >= limit)
        triples = list(_take(raw, limit, cancel))
        return QueryResult(
            QueryKind.CONSTRUCT, triples=triples, query=named, limit_reached=limit is not None and len(triples) >= limit
        )
    except SyntaxError as e:
        raise syntax_error(e, where=str(named.path or "")) from None
    except RuntimeError as e:
        m = _NOT_PROJECTED.search(str(e))
        if m:
            raise QueryError(
                f"parameter ?{m.group(1)} is not bound by the query: Oxigraph binds only "
                f"variables of the SELECT projection (and, for ASK/CONSTRUCT, of the patterns)",
                hint=f"add ?{m.group(1)} to the SELECT clause of {named.name}",
            ) from None
        raise QueryError(f"query {named.name} failed: {first_line(e)}", hint="check the query") from e
    except (ValueError, TypeError) as e:
        raise QueryError(f"query {named.name} failed: {first_line(e)}", hint="check the query") from e


# -- formatting ----------------------------------------------------------------------------------

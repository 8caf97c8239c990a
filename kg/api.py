"""kg's Python API: the few functions a notebook or a script needs, importable as ``kg.<name>``.

Open a store (:func:`open_store`), ingest articles (:func:`ingest`), ask named questions (:func:`query_rows`: rows as
dicts; :func:`query_df`: a pandas DataFrame when pandas is installed), draw the graph
(:func:`draw`) and export it (:func:`export`). Each does what the CLI command of the same job does; errors are :class:`kg.errors.KGError` subclasses with a message and a hint.

>>> import kg, tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "talks.txt").write_text(
...     "Pyongyang rejects talks\\nNorth Korea rejected an offer of talks from South Korea on Monday.\\n",
...     encoding="utf-8")
>>> store = kg.open_store(None)          # in memory; give a folder to keep it on disk
>>> kg.ingest(store, folder).sources[0].title
'Pyongyang rejects talks'
>>> rows = kg.query_rows(store, "timeline")          # a named query: queries/timeline.rq
>>> sorted(rows[0])
['actors', 'date', 'event', 'event_label', 'places', 'precision', 'source', 'type_label']
>>> "Rejection by North Korea" in [row["event_label"] for row in rows]
True
>>> "who_defected" in kg.named_queries()
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox  # noqa: F401  (the doctests build terms with it)

from kg.errors import KGError, UsageError
from kg.graph.store import ExportFormat, KGStore, open_store
from kg.jobs.ingest import IngestReport, ingest_paths
from kg.output import write_output
from kg import vocab as _vocab
from kg.query import ParamValue, QueryKind, QueryResult, list_queries, run_query
from kg.query.format import json_value

if TYPE_CHECKING:  # pandas is optional: only query_df needs it
    import pandas

Row = dict[str, Any]

_XSD = str(_vocab.XSD)


def ingest(
    store: KGStore,
    paths: str | Path | Iterable[str | Path],
    *,
    ontology: Iterable[str | Path] | None = None,
    jobs: int = 1,
) -> IngestReport:
    """Ingest article files or folders (``kg ingest``). ``ontology`` names extension folders; without
    it the store's recorded extensions are used. Files that fail are listed in ``report.failures``;
    the others are written."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    dirs = [Path(d) for d in ontology] if ontology is not None else None
    return ingest_paths(store, [Path(p) for p in items], ontology_dirs=dirs, jobs=jobs)


def named_queries() -> dict[str, str]:
    """The named queries (``queries/*.rq``): name -> title.

    >>> named_queries()["timeline"]
    'Timeline'
    """
    return {q.name: q.title for q in list_queries()}


def query_result(
    store: KGStore,
    query: str | Path,
    *,
    params: Mapping[str, ParamValue] | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a named query, a ``.rq`` file or SPARQL text (read-only) and return the typed
    :class:`~kg.query.QueryResult` (pyoxigraph terms)."""
    return run_query(store, query, params=params, limit=limit, timeout=timeout)


def query_rows(
    store: KGStore,
    query: str | Path,
    *,
    params: Mapping[str, ParamValue] | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> list[Row]:
    """Rows as dicts of plain Python values (``kg query``): an IRI is its string, an integer an
    ``int``, a decimal or double a ``float``, a boolean a ``bool``, other literals (dates too: a
    day, a month or a year, as kg knows them) their text; unbound is ``None``. An ASK query gives ``[{"answer": bool}]``, a
    CONSTRUCT query rows of ``subject``, ``predicate``, ``object``.

    ``params`` bind the query's parameters (``{"place": "ref:place/korean-demilitarized-zone"}``).
    """
    return result_rows(query_result(store, query, params=params, limit=limit, timeout=timeout))


def query_df(
    store: KGStore,
    query: str | Path,
    *,
    params: Mapping[str, ParamValue] | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> pandas.DataFrame:
    """The rows of :func:`query_rows` as a pandas DataFrame, one column per variable, in order. pandas
    is optional: without it this raises a :class:`~kg.errors.UsageError` saying how to install it."""
    try:
        import pandas as pd
    except ImportError:
        raise UsageError(
            "query_df needs pandas, which is not installed", hint="pip install pandas, or use kg.query for rows"
        ) from None
    result = query_result(store, query, params=params, limit=limit, timeout=timeout)
    return pd.DataFrame(result_rows(result), columns=_columns(result))


def result_rows(result: QueryResult) -> list[Row]:
    """A :class:`~kg.query.QueryResult` as rows of plain values (see :func:`query_rows`).

    >>> from kg.query import QueryKind, QueryResult
    >>> r = QueryResult(QueryKind.SELECT, ["n", "x"], [(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer")), None)])
    >>> result_rows(r)
    [{'n': 3, 'x': None}]
    """
    if result.kind is QueryKind.ASK:
        return [{"answer": bool(result.boolean)}]
    if result.kind is QueryKind.CONSTRUCT:
        return [
            {"subject": plain_value(t.subject), "predicate": plain_value(t.predicate), "object": plain_value(t.object)}
            for t in result.triples
        ]
    return [{v: plain_value(term) for v, term in zip(result.variables, row)} for row in result.rows]


def _columns(result: QueryResult) -> list[str]:
    if result.kind is QueryKind.ASK:
        return ["answer"]
    if result.kind is QueryKind.CONSTRUCT:
        return ["subject", "predicate", "object"]
    return list(result.variables)


def plain_value(term: Any) -> Any:
    """One RDF term as a plain Python value (see :func:`query_rows`).

    >>> plain_value(ox.NamedNode("https://example.org/a"))
    'https://example.org/a'
    >>> plain_value(ox.Literal("2025-10", datatype=ox.NamedNode(_XSD + "gYearMonth")))
    '2025-10'
    >>> plain_value(ox.Literal("0.5", datatype=ox.NamedNode(_XSD + "decimal")))
    0.5
    """
    return json_value(term)  # the JSON formats' reading: one answer for programs either way


def draw(
    store: KGStore,
    out: str | Path = "graph.html",
    *,
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int = 300,
    layout: str = "force",
    title: str = "kg: knowledge graph",
) -> Path:
    """Draw the store's graph (``kg viz``): an offline HTML page, or GraphML / GEXF when ``out``
    ends in ``.graphml`` / ``.gexf``. ``focus`` (a label or IRI) keeps the ``hops`` around it.
    Returns the file written."""
    from kg.network import build_network, select_subgraph, write_graph_file

    out = Path(out)
    selection = select_subgraph(build_network(store), focus=focus, hops=hops, max_nodes=max_nodes)
    suffix = out.suffix.lower().lstrip(".")
    if suffix in ("graphml", "gexf"):
        write_graph_file(selection.graph, out, suffix)
        return out
    if suffix not in ("html", "htm"):
        raise UsageError(f"cannot tell the format of {out.name}", hint="name the file .html, .graphml or .gexf")
    from kg.viz import write_html

    return write_html(selection, out, title=title, layout=layout).path


def export(store: KGStore, fmt: str | ExportFormat = "nquads", out: str | Path | None = None) -> bytes:
    """Serialize the whole store (``kg export``): ``nquads`` (sorted), ``trig``, ``turtle`` or
    ``jsonld``; written to ``out`` too when given. Returns the bytes.

    >>> export(open_store(None))
    b''
    """
    try:
        f = ExportFormat(fmt)
    except ValueError:
        raise UsageError(f"unknown format {fmt!r}", hint="use nquads, trig, turtle or jsonld") from None
    data = store.export(f)
    if out is not None:
        write_output(Path(out), data)
    return data


__all__ = [
    "ExportFormat",
    "IngestReport",
    "KGError",
    "KGStore",
    "QueryResult",
    "draw",
    "export",
    "ingest",
    "named_queries",
    "open_store",
    "plain_value",
    "query_df",
    "query_result",
    "query_rows",
    "result_rows",
]

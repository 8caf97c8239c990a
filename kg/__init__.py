"""kg: news articles in, a provenance-tracked knowledge graph out.

Importing kg does nothing but define names; spaCy and stores load lazily. The Python API
(:mod:`kg.api`, with an example in docs/python-api.md) is reachable from here:

>>> import kg
>>> store = kg.open_store(None)      # an in-memory store; a folder keeps it on disk
>>> kg.query_rows(store, "ASK { ?s ?p ?o }")
[{'answer': False}]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ExportFormat",
    "IngestReport",
    "KGError",
    "KGStore",
    "QueryResult",
    "__version__",
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

if TYPE_CHECKING:  # for type checkers; at run time the names load on first use
    from kg.api import (
        ExportFormat,
        IngestReport,
        KGError,
        KGStore,
        QueryResult,
        draw,
        export,
        ingest,
        named_queries,
        open_store,
        plain_value,
        query_df,
        query_result,
        query_rows,
        result_rows,
    )


def __getattr__(name: str) -> Any:
    """Load :mod:`kg.api` on first use of one of its names (``import kg`` stays cheap)."""
    if name in __all__ and name != "__version__":
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

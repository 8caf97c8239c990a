"""What queries are and what they return: kinds, parameters, named queries, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.vocab import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
ParamValue = str | int | date | ox.NamedNode | ox.Literal

_XSD = PREFIXES["xsd"]  # a string: an rdflib ClosedNamespace here trips pytest's doctest collector


class QueryKind(str, Enum):
    """What a query returns: rows, a boolean, or triples (CONSTRUCT and DESCRIBE)."""

    SELECT = "select"
    ASK = "ask"
    CONSTRUCT = "construct"


class ParamType(str, Enum):
    IRI = "iri"
    STRING = "string"
    DATE = "date"
    INTEGER = "integer"


class OutputFormat(str, Enum):
    """``table`` for people; ``json`` (an array of objects), ``jsonl`` (one object a line),
    ``sparql-json`` (W3C SPARQL 1.1 JSON results), ``csv``/``tsv`` (SPARQL 1.1 CSV/TSV results) for
    programs; ``md`` (Markdown); ``turtle`` (CONSTRUCT/DESCRIBE)."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    SPARQL_JSON = "sparql-json"
    MD = "md"
    TURTLE = "turtle"


@dataclass(frozen=True)
class QueryParam:
    """A declared parameter: bound to the query variable of the same name."""

    name: str
    type: ParamType
    default: str | None = None
    required: bool = True
    description: str = ""

    def signature(self) -> str:
        """``name (type, required|optional|default X)`` as in the header."""
        if self.required:
            how = "required"
        elif self.default is not None:
            how = f"default {self.default}"
        else:
            how = "optional"
        return f"{self.name} ({self.type.value}, {how})"


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header. ``name`` is ``inline`` for text given directly."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    returns: tuple[str, ...]
    path: Path | None
    text: str

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class QueryResult:
    """The answer to a query.

    ``kind`` says which fields hold it: ``variables`` + ``rows`` (SELECT; each row a tuple of
    pyoxigraph terms, ``None`` where unbound), ``boolean`` (ASK), or ``triples`` (CONSTRUCT,
    DESCRIBE). ``limit_reached`` is true when ``limit`` stopped the reading (more may exist).
    ``notes`` says what a person should know about the answer (an IRI parameter the store does not
    hold, so nothing matched).
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool | None = None
    limit_reached: bool = False
    query: NamedQuery | None = None
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.triples) if self.kind is QueryKind.CONSTRUCT else len(self.rows)

    def as_dicts(self) -> list[dict[str, Term | None]]:
        """SELECT rows as ``{variable: term}`` dicts."""
        return [dict(zip(self.variables, row)) for row in self.rows]


class Queryable(Protocol):
    """What :func:`kg.query.run.run_query` runs on: a store with Oxigraph-style ``query``."""

    def query(self, sparql: str, *, bindings: dict | None = None, union: bool = True): ...


def select_result(
    query: NamedQuery | None, variables: list[str], rows: list[tuple[Term | None, ...]], *, limit_reached: bool = False
) -> QueryResult:
    """A SELECT result without the parameter columns the header does not list in ``# returns``
    (they are projected only because Oxigraph binds projected variables only)."""
    hidden: set[str] = set()
    if query is not None and query.returns:
        hidden = {p.name for p in query.params} - set(query.returns)
    keep = [i for i, v in enumerate(variables) if v not in hidden]
    if len(keep) == len(variables):
        return QueryResult(QueryKind.SELECT, list(variables), list(rows), limit_reached=limit_reached, query=query)
    return QueryResult(
        QueryKind.SELECT,
        [variables[i] for i in keep],
        [tuple(row[i] for i in keep) for row in rows],
        limit_reached=limit_reached,
        query=query,
    )

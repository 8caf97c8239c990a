"""Named SPARQL queries: files in ``queries/``, values bound as RDF terms, results as typed objects.

A named query is a ``queries/<name>.rq`` file whose leading comment lines form a header::

    # title: Events at a place
    # description: Events that happened at a place or at any place inside it, in time order.
    # params: place (iri, required) — the place
    #   ; from (date, optional) — first day
    #   ; scheme (string, default any) — cameo, plover, ace, kg or any
    # returns: date, event, event_label, source

Indented comment lines continue the field above. Parameter types are ``iri``, ``string``, ``date``
and ``integer``; a parameter is ``required``, ``optional`` (left unbound, so it matches anything)
or has a ``default``. ``# params: none`` declares none.

**Values are bindings, never text.** :func:`run_query` turns each value into an RDF term of the
declared type (an ``iri`` is checked to be absolute; ``kg:``-style prefixed names from
:data:`kg.vocab.PREFIXES` are expanded; a ``date`` must be ``YYYY-MM-DD``) and hands it to Oxigraph
as a substitution. No value is ever pasted into the query text, so quotes, braces or ``UNION`` in a
value are only characters of a literal. (:mod:`kg.remote` binds the same terms with a ``VALUES``
block written from serialized terms, for servers without substitutions.)

Rules for writing queries, from how Oxigraph applies substitutions and evaluates paths:

* a parameter variable must be in the ``SELECT`` projection (Oxigraph refuses to bind others); when
  the header's ``# returns:`` does not list it, the column is dropped from the result;
* never test ``BOUND(?param)``: Oxigraph folds it to false before binding. Write
  ``BIND(COALESCE(STR(?param), "") AS ?x)`` and test ``?x = ""`` instead;
* use a parameter in FILTER/BIND only at the top level of the WHERE group (triple patterns may be
  anywhere): a ``VALUES`` block there, as :mod:`kg.remote` sends it, is not seen inside
  sub-selects or UNION branches, while a substitution is. tests/test_remote.py checks that both
  give the same rows for every named query;
* write ``*`` paths towards a constant (``{ ?r rdfs:subPropertyOf* sem:hasActor } UNION { … }``),
  not towards a variable bound by ``VALUES``: Oxigraph may evaluate a zero-length path with both
  ends open, that is over every term in the store (seconds instead of milliseconds);
* join only on variables Oxigraph can see bound by a triple pattern: on a variable made by BIND,
  an aggregate or a projected expression it compares every row with every row. Two events' types
  go in a ``sameTerm`` FILTER, not a shared variable (that pairs every two events of a type);
* compute "what another source backs" once in a sub-select and take it away with ``MINUS``; a
  ``FILTER NOT EXISTS`` runs again for every row (minutes at a million triples);
* to let a parameter narrow a sub-select (a substitution only reaches a sub-select that projects
  the variable), project it there, as ``retraction_impact`` does with ``?source``.

**Inference happens in the queries.** Sub-class and sub-property reasoning is written as property
paths evaluated at query time (``?x a/rdfs:subClassOf* sem:Actor``,
``?role rdfs:subPropertyOf* sem:hasActor``, ``?concept skos:broader* kget:Defection``,
``?place kg:locatedIn* ?region``); nothing is materialized. The reference graph (ontology, event
types, gazetteer) is in the same store, so the paths see it, and a source's graph holds only what
that source says: retracting a source drops exactly its graph, with no inferred triples left behind
that were derived from it.

**Read-only.** SPARQL Update is refused (text whose first keyword after the prologue is an update
operation, or that does not parse as a query but parses as an update), and so is any ``SERVICE``
clause (found by a tokenizer that skips strings, comments and IRIs; checked before Oxigraph sees
the text), so a query never writes and never calls out to the network.

>>> q = load_query("SELECT ?n WHERE { BIND(?x + 1 AS ?n) }")
>>> q.name, q.params
('inline', ())
>>> check_query("DROP ALL")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.QueryError: SPARQL Update is not allowed: kg queries are read-only (hint: ...)
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.errors import QueryError, UsageError
from kg.resources import queries_dir
from kg.vocab import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
ParamValue = str | int | date | ox.NamedNode | ox.Literal

_XSD = PREFIXES["xsd"]  # a string: an rdflib ClosedNamespace here trips pytest's doctest collector

__all__ = [
    "NamedQuery", "OutputFormat", "ParamType", "QueryKind", "QueryParam", "QueryResult", "SparqlToken",
    "bind_params", "check_query", "compact_iri", "format_result", "list_queries", "load_query", "render_term",
    "run_query", "select_result", "sparql_tokens",
]


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
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    MD = "md"
    TURTLE = "turtle"


_TYPE_HELP = {
    ParamType.IRI: "an absolute IRI (https://…) or a prefixed name such as ref:north-korea",
    ParamType.STRING: "any text",
    ParamType.DATE: "a date YYYY-MM-DD",
    ParamType.INTEGER: "a whole number",
}


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
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool | None = None
    limit_reached: bool = False
    query: NamedQuery | None = None

    def __len__(self) -> int:
        return len(self.triples) if self.kind is QueryKind.CONSTRUCT else len(self.rows)

    def as_dicts(self) -> list[dict[str, Term | None]]:
        """SELECT rows as ``{variable: term}`` dicts."""
        return [dict(zip(self.variables, row)) for row in self.rows]


class _Queryable(Protocol):
    def query(self, sparql: str, *, bindings: dict | None = None, union: bool = True): ...


# -- header -------------------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD = re.compile(r"^#\s?(title|description|params|returns)\s*:\s?(.*)$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<type>[A-Za-z]+)\s*"
    r"(?:,\s*(?P<how>required|optional|default\s+(?P<default>.*?)))?\s*\)"
    r"\s*(?:(?:—|–|--|-|:)\s*(?P<doc>.*))?$",
    re.IGNORECASE | re.DOTALL,
)
_PARAM_SPLIT = re.compile(
    r"(?:\s*[;,]\s*|\s*\n\s*[;,]?\s*)(?=[A-Za-z_][A-Za-z0-9_]*\s*\(\s*(?:iri|string|date|integer)\s*[,)])",
    re.IGNORECASE,
)


def _parse_header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if not stripped.startswith("#"):
            break
        m = _FIELD.match(stripped)
        if m:
            current = m.group(1).lower()
            if current in fields:
                fields[current] += " ; " if current == "params" else " "
            fields[current] = fields.get(current, "") + m.group(2).strip()
            continue
        c = _CONTINUATION.match(line.rstrip()) if line.startswith("#") else None
        if c and current is not None:
            joiner = "\n" if current == "params" else " "
            fields[current] = (fields[current] + joiner + c.group(1).strip()).strip()
        else:
            current = None
    return fields


def _parse_params(spec: str, *, where: str) -> tuple[QueryParam, ...]:
    spec = spec.strip()
    if not spec or spec.lower() in ("none", "-"):
        return ()
    # a parameter starts at the beginning, or after ';' ',' or a line break, where "name (type" follows;
    # other line breaks wrap a description
    pieces = [" ".join(p.split()) for p in _PARAM_SPLIT.split(spec) if p.strip()]
    out: list[QueryParam] = []
    for piece in pieces:
        m = _PARAM.match(piece.strip())
        if not m:
            raise QueryError(f"{where}: cannot read parameter {piece.strip()!r}",
                             hint="write it as: name (iri|string|date|integer, required|optional|default VALUE)")
        try:
            ptype = ParamType(m.group("type").lower())
        except ValueError:
            raise QueryError(f"{where}: parameter {m.group('name')} has unknown type {m.group('type')!r}",
                             hint="use iri, string, date or integer") from None
        how = (m.group("how") or "required").lower()
        default = None
        if how.startswith("default"):
            default = m.group("default").strip()
            if len(default) >= 2 and default[0] == default[-1] and default[0] in "\"'":
                default = default[1:-1]
        param = QueryParam(
            name=m.group("name"), type=ptype, default=default, required=how == "required",
            description=(m.group("doc") or "").strip(),
        )
        if default is not None:
            _to_term(param, default, where=where)  # a bad default is the file's error
        if any(p.name == param.name for p in out):
            raise QueryError(f"{where}: parameter {param.name} is declared twice")
        out.append(param)
    return tuple(out)


def _make_query(text: str, *, name: str, path: Path | None) -> NamedQuery:
    where = str(path) if path is not None else "query"
    fields = _parse_header(text)
    params = _parse_params(fields.get("params", ""), where=where)
    returns = tuple(r.strip().lstrip("?") for r in fields.get("returns", "").split(",") if r.strip())
    variables = {v.lower() for v in _variables_in(text)}
    for p in params:
        if p.name.lower() not in variables:
            raise QueryError(f"{where}: parameter {p.name} is declared but the query has no ?{p.name}",
                             hint=f"use ?{p.name} in the query or remove it from # params")
    return NamedQuery(
        name=name,
        title=fields.get("title", "").strip() or name.replace("_", " "),
        description=fields.get("description", "").strip(),
        params=params,
        returns=returns,
        path=path,
        text=text,
    )


# -- finding queries -----------------------------------------------------------------------------

def list_queries() -> list[NamedQuery]:
    """Every named query in ``queries/``, sorted by name."""
    folder = queries_dir()
    return [_read_file(p, name=p.stem) for p in sorted(folder.glob("*.rq")) if _NAME.match(p.stem)]


def _read_file(path: Path, *, name: str) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise QueryError(f"{path} is not UTF-8 text", hint="save the query as UTF-8") from e
    except OSError as e:
        raise QueryError(f"cannot read {path}: {e.strerror or e}", hint="check the path") from e
    return _make_query(text, name=name, path=path)


def load_query(query: str | Path) -> NamedQuery:
    """A query by name (``timeline`` = ``queries/timeline.rq``), by path to a ``.rq`` file, or as
    inline SPARQL text (named ``inline``; a header in the text is read too)."""
    if isinstance(query, Path):
        return _read_path(query)
    text = query.strip()
    if _NAME.match(text):
        path = queries_dir() / f"{text}.rq"
        if path.is_file():
            return _read_file(path, name=text)
        known = ", ".join(q.name for q in list_queries())
        raise QueryError(f"unknown query {text!r}; known queries: {known}",
                         hint="run 'kg query list', or give a path to a .rq file or SPARQL text")
    if not text:
        raise QueryError("empty query", hint="give a query name, a .rq file or SPARQL text")
    if "\n" not in text and (text.endswith(".rq") or text.endswith(".sparql") or _is_file(text)):
        return _read_path(Path(text))
    return _make_query(query, name="inline", path=None)


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL character
        return False


def _read_path(path: Path) -> NamedQuery:
    if not path.is_file():
        raise QueryError(f"no query file at {path}", hint="check the path, or give a query name")
    return _read_file(path, name=path.stem if _NAME.match(path.stem) else "file")


# -- the tokenizer: strings, comments and IRIs are skipped, keywords are seen --------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w\-:%\u00B7\u00C0-\uFFFF]|\\.|\.(?=[\w\-:%]))*
              |_:[\w\-.]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<unclosed>['"])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORM_WORDS = {"SELECT": QueryKind.SELECT, "ASK": QueryKind.ASK, "CONSTRUCT": QueryKind.CONSTRUCT,
               "DESCRIBE": QueryKind.CONSTRUCT}


@dataclass(frozen=True)
class SparqlToken:
    """A significant token of SPARQL text: ``kind`` is string, iri, var, pname, lang, word, number
    or other (one character); ``start``/``end`` are offsets in the text."""

    kind: str
    value: str
    start: int
    end: int


class _UnclosedString(Exception):
    pass


def sparql_tokens(text: str) -> list[SparqlToken]:
    """The significant tokens of SPARQL text: whitespace and comments dropped, strings, IRIs,
    variables and prefixed names kept whole, so a keyword inside them is never seen as one.
    An unterminated string raises QueryError."""
    try:
        return _tokens(text)
    except _UnclosedString:
        raise QueryError("the query has an unterminated string", hint="close the string literal") from None


def _tokens(text: str) -> list[SparqlToken]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        if kind == "unclosed":
            raise _UnclosedString()
        out.append(SparqlToken(kind, m.group(), m.start(), m.end()))
    return out


def _variables_in(text: str) -> set[str]:
    try:
        return {t.value[1:] for t in _tokens(text) if t.kind == "var"}
    except _UnclosedString:
        return set(re.findall(r"[?$]([A-Za-z0-9_]+)", text))


def _form_index(tokens: list[SparqlToken]) -> int | None:
    """Index of the first token after the prologue (BASE/PREFIX declarations)."""
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "word" and t.value.upper() == "BASE":
            i += 2
        elif t.kind == "word" and t.value.upper() == "PREFIX":
            i += 3
        else:
            return i
    return None


def _starts_as_update(tokens: list[SparqlToken]) -> bool:
    i = _form_index(tokens)
    return i is not None and tokens[i].kind == "word" and tokens[i].value.upper() in _UPDATE_WORDS


def _parses_as_update(text: str) -> bool:
    try:
        from rdflib.plugins.sparql.parser import parseUpdate
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return False
    try:
        parseUpdate(text)
    except Exception:  # any parse failure means "not an update"
        return False
    return True


# -- checking ------------------------------------------------------------------------------------

_scratch_lock = threading.Lock()
_scratch: list[ox.Store] = []
_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _scratch_store() -> ox.Store:
    with _scratch_lock:
        if not _scratch:
            _scratch.append(ox.Store())
        return _scratch[0]


def _read_only_refusal(kind: str) -> QueryError:
    if kind == "update":
        return QueryError("SPARQL Update is not allowed: kg queries are read-only",
                          hint="change the store with kg ingest or kg remove")
    return QueryError("SERVICE clauses are not allowed: kg queries do not call other endpoints",
                      hint="query the remote endpoint directly with --endpoint")


def _syntax_error(e: Exception, *, where: str = "") -> QueryError:
    msg = str(e)
    m = _ERROR_AT.search(msg)
    prefix = f"{where}: " if where else ""
    if m:
        line, col, detail = m.group(1), m.group(2), m.group(3)
        if "Prefix not found" in detail:
            detail = "unknown prefix"
        elif "unbound" in detail and "SELECT" in detail:
            detail = "a SELECT expression uses a variable that is not grouped"
        else:
            detail = " ".join(detail.split())
            if len(detail) > 160:
                detail = detail[:157] + "..."
        return QueryError(f"{prefix}malformed SPARQL at line {line}, column {col}: {detail}",
                          hint="fix the query near that position")
    first = msg.splitlines()[0][:200] if msg else type(e).__name__
    return QueryError(f"{prefix}malformed SPARQL: {first}", hint="fix the query")


def check_query(text: str, *, where: str = "") -> QueryKind:
    """Check that ``text`` is a read-only SPARQL query and return its kind.

    Refuses SPARQL Update and ``SERVICE``; reports a syntax error with its line and column. The
    query is parsed by Oxigraph (against an empty scratch store, after the SERVICE check, so it
    cannot reach the network).
    """
    try:
        tokens = _tokens(text)
    except _UnclosedString:
        tokens = None
    if tokens is not None:
        if _starts_as_update(tokens):
            raise _read_only_refusal("update")
        if any(t.kind == "word" and t.value.upper() == "SERVICE" for t in tokens):
            raise _read_only_refusal("service")
    try:
        result = _scratch_store().query(text, prefixes=PREFIXES)
    except SyntaxError as e:
        if _parses_as_update(text):
            raise _read_only_refusal("update") from None
        raise _syntax_error(e, where=where) from None
    except (RuntimeError, ValueError, OSError) as e:
        raise QueryError(f"{where + ': ' if where else ''}cannot evaluate the query: {_first_line(e)}",
                         hint="check the query") from None
    if tokens is None:
        # Oxigraph accepts what the tokenizer could not read: refuse rather than guess
        raise QueryError("cannot check this query for SERVICE clauses (a quote the checker cannot pair)",
                         hint="simplify the string literals in the query")
    if isinstance(result, ox.QuerySolutions):
        return QueryKind.SELECT
    if isinstance(result, ox.QueryBoolean):
        return QueryKind.ASK
    return QueryKind.CONSTRUCT


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return (text.splitlines()[0] if text else type(e).__name__)[:200]


# -- binding -------------------------------------------------------------------------------------

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.\-]*)?:(.*)$", re.DOTALL)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")


def _bad_value(param: QueryParam, value: object, *, where: str) -> QueryError:
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    return QueryError(f"{where}parameter {param.name} must be {_TYPE_HELP[param.type]}, got {shown}",
                      hint=f"pass {param.name} as {param.type.value}")


def _to_term(param: QueryParam, value: ParamValue, *, where: str = "") -> ox.NamedNode | ox.Literal:
    where = f"{where}: " if where else ""
    if param.type is ParamType.IRI:
        if isinstance(value, ox.NamedNode):
            return value
        if not isinstance(value, str):
            raise _bad_value(param, value, where=where)
        v = value.strip()
        if v.startswith("<") and v.endswith(">"):
            v = v[1:-1]
        m = _PREFIXED.match(v)
        if m and (m.group(1) or "") in PREFIXES and not m.group(2).startswith("//"):
            v = PREFIXES[m.group(1) or ""] + m.group(2)
        if not _ABSOLUTE_IRI.match(v):
            raise _bad_value(param, value, where=where)
        try:
            return ox.NamedNode(v)
        except ValueError:
            raise _bad_value(param, value, where=where) from None
    if param.type is ParamType.STRING:
        if isinstance(value, ox.Literal):
            return value
        if not isinstance(value, str):
            raise _bad_value(param, value, where=where)
        return ox.Literal(value)
    if param.type is ParamType.DATE:
        if isinstance(value, date):
            return ox.Literal(value.isoformat()[:10], datatype=ox.NamedNode(_XSD + "date"))
        if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
            raise _bad_value(param, value, where=where)
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise _bad_value(param, value, where=where) from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    # integer
    if isinstance(value, bool):
        raise _bad_value(param, value, where=where)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if not isinstance(value, str) or not _INTEGER.match(value.strip()):
        raise _bad_value(param, value, where=where)
    return ox.Literal(str(int(value.strip())), datatype=ox.NamedNode(_XSD + "integer"))


def bind_params(
    query: NamedQuery, params: Mapping[str, ParamValue] | None = None
) -> dict[str, ox.NamedNode | ox.Literal]:
    """The RDF terms to bind, by variable name: given values and defaults, typed from the header.

    Unknown names, missing required parameters and values of the wrong type raise
    :class:`~kg.errors.QueryError`. Optional parameters without a value are left out (unbound).
    """
    params = dict(params or {})
    known = {p.name: p for p in query.params}
    unknown = sorted(k for k in params if k not in known)
    if unknown:
        listing = ", ".join(p.signature() for p in query.params) or "none"
        raise QueryError(f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                         f"for query {query.name}; known parameters: {listing}",
                         hint="check the parameter names in the query header (# params:)")
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None:
            if p.default is not None:
                value = p.default
            elif p.required:
                raise QueryError(f"missing required parameter {p.name} ({p.type.value}) for query {query.name}",
                                 hint=f"pass {p.name}=<{_TYPE_HELP[p.type]}>")
            else:
                continue
        terms[p.name] = _to_term(p, value)
    return terms


# -- running -------------------------------------------------------------------------------------

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


def run_query(
    store: _Queryable,
    query: NamedQuery | str | Path,
    *,
    params: Mapping[str, ParamValue] | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a named query (or a ``.rq`` path, or SPARQL text) on a :class:`~kg.store.KGStore`.

    The default graph is the union of all graphs. ``params`` are typed from the header and bound
    as RDF terms (Oxigraph substitutions). ``limit`` stops reading after that many rows or triples.

    ``timeout`` (seconds) runs the query in a worker thread and stops waiting when it expires,
    raising ``QueryError("query timed out after N s")``. The engine work is **not** cancelled
    pre-emptively: Oxigraph offers no cancellation to Python. The worker stops at the next row or
    triple it reads (so a streaming query ends promptly), but a single step that computes inside
    the engine before yielding (a sort, an aggregate, a large join) runs to its end in the
    background thread, using CPU though not blocking the caller. The thread is a daemon: it does
    not keep the process alive.
    """
    named = query if isinstance(query, NamedQuery) else load_query(query)
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, got {limit}", hint="pass --limit N with N >= 0")
    if timeout is not None and timeout <= 0:
        raise UsageError(f"timeout must be positive, got {timeout}", hint="pass --timeout SECONDS > 0")
    where = str(named.path) if named.path else ""
    check_query(named.text, where=where)
    terms = bind_params(named, params)
    if timeout is None:
        return _execute(store, named, terms, limit, threading.Event())
    return _run_with_timeout(store, named, terms, limit, timeout)


def _run_with_timeout(store, named, terms, limit, timeout) -> QueryResult:
    cancel = threading.Event()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["result"] = _execute(store, named, terms, limit, cancel)
        except BaseException as e:  # handed to the caller's thread
            outcome["error"] = e

    worker = threading.Thread(target=work, name=f"kg-query-{named.name}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancel.set()
        raise QueryError(f"query timed out after {timeout:g} s",
                         hint="narrow the query, add a limit, or pass a longer --timeout")
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
        return QueryResult(QueryKind.CONSTRUCT, triples=triples, query=named,
                           limit_reached=limit is not None and len(triples) >= limit)
    except SyntaxError as e:
        raise _syntax_error(e, where=str(named.path or "")) from None
    except RuntimeError as e:
        m = _NOT_PROJECTED.search(str(e))
        if m:
            raise QueryError(f"parameter ?{m.group(1)} is not bound by the query: Oxigraph binds only "
                             f"variables of the SELECT projection (and, for ASK/CONSTRUCT, of the patterns)",
                             hint=f"add ?{m.group(1)} to the SELECT clause of {named.name}") from None
        raise QueryError(f"query {named.name} failed: {_first_line(e)}", hint="check the query") from e
    except (ValueError, TypeError) as e:
        raise QueryError(f"query {named.name} failed: {_first_line(e)}", hint="check the query") from e


# -- formatting ----------------------------------------------------------------------------------

_NAMESPACES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL_OK = re.compile(r"^[^\s<>\"{}|\\^`]*$")


def compact_iri(iri: str) -> str:
    """``kg:Person`` for an IRI in a known namespace, else the IRI itself."""
    for prefix, ns in _NAMESPACES:
        if iri.startswith(ns) and len(iri) > len(ns) and _LOCAL_OK.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def render_term(term: Term | None) -> str:
    """A term for people: literals as their value, IRIs compacted, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _plain(term: Term | None) -> str:
    """SPARQL CSV results: IRIs in full, literals as their lexical form."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _tsv(term: Term | None) -> str:
    """SPARQL TSV results: terms in SPARQL/Turtle syntax, tabs and newlines escaped."""
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, max_width: int | None) -> str:
    text = " ".join(text.split()) if ("\n" in text or "\t" in text or "\r" in text) else text
    if max_width is None or _width(text) <= max_width:
        return text
    out, w = [], 0
    for ch in text:
        cw = _width(ch)
        if w + cw > max_width - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def _columns(result: QueryResult) -> tuple[list[str], list[tuple[Term | None, ...]]]:
    if result.kind is QueryKind.CONSTRUCT:
        return ["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in result.triples]
    return result.variables, result.rows


def _sorted_triples(triples: list[ox.Triple]) -> list[ox.Triple]:
    return sorted(set(triples), key=str)


def format_result(result: QueryResult, fmt: OutputFormat | str, *, max_width: int | None = 60) -> str:
    """Render a result: ``table`` (aligned, readable terms; cells cut at ``max_width``), ``csv`` and
    ``tsv`` (SPARQL 1.1 CSV/TSV results), ``json`` (SPARQL 1.1 JSON results; JSON-LD for triples),
    ``md`` (a Markdown table) or ``turtle`` (CONSTRUCT/DESCRIBE only). ASK gives ``true``/``false``
    (JSON: ``{"head": {}, "boolean": …}``)."""
    try:
        fmt = OutputFormat(fmt)
    except ValueError:
        raise UsageError(f"unknown output format {fmt!r}",
                         hint="use one of: " + ", ".join(f.value for f in OutputFormat)) from None
    if result.kind is QueryKind.ASK:
        if fmt is OutputFormat.JSON:
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        if fmt is OutputFormat.TURTLE:
            raise UsageError("turtle output needs a CONSTRUCT or DESCRIBE query", hint="use --format table or json")
        return ("true" if result.boolean else "false") + "\n"
    if fmt is OutputFormat.TURTLE:
        if result.kind is not QueryKind.CONSTRUCT:
            raise UsageError("turtle output needs a CONSTRUCT or DESCRIBE query",
                             hint="use --format table, csv, tsv, json or md for SELECT")
        data = ox.serialize(_sorted_triples(result.triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return (data or b"").decode("utf-8")
    if fmt is OutputFormat.JSON and result.kind is QueryKind.CONSTRUCT:
        data = ox.serialize(_sorted_triples(result.triples), format=ox.RdfFormat.JSON_LD)
        return (data or b"[]").decode("utf-8").rstrip("\n") + "\n"
    variables, rows = _columns(result)
    if fmt is OutputFormat.JSON:
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt is OutputFormat.CSV:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        w.writerows([_plain(t) for t in row] for row in rows)
        return buf.getvalue()
    if fmt is OutputFormat.TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt is OutputFormat.MD:
        def cell(s: str) -> str:
            s = s.replace("\\", "\\\\").replace("|", "\\|")
            return s.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")
        lines = ["| " + " | ".join(cell(v) for v in variables) + " |",
                 "|" + "|".join(" --- " for _ in variables) + "|"]
        lines += ["| " + " | ".join(cell(render_term(t)) for t in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    return _table(variables, rows, max_width=max_width)


def _table(variables: list[str], rows: list[tuple[Term | None, ...]], *, max_width: int | None) -> str:
    cells = [[_fit(render_term(t), max_width) for t in row] for row in rows]
    widths = [_width(v) for v in variables]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], _width(c))

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (widths[i] - _width(v)) for i, v in enumerate(values)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out) + "\n"


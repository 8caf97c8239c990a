"""The read-only guard: a SPARQL tokenizer that skips strings, comments and IRIs, and the check that
refuses SPARQL Update and ``SERVICE`` and reports syntax errors with their position.

``SERVICE`` is decided on what Oxigraph parses, not on the tokenizer alone: a tokenizer and the
engine can read the same text differently (``FILTER(1<2)SERVICE#>`` is one IRI to a tokenizer and
less-than, ``SERVICE``, a comment to Oxigraph). See :func:`check_query`."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.result import QueryKind
from kg.vocab import PREFIXES

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
_FORM_WORDS = {
    "SELECT": QueryKind.SELECT,
    "ASK": QueryKind.ASK,
    "CONSTRUCT": QueryKind.CONSTRUCT,
    "DESCRIBE": QueryKind.CONSTRUCT,
}


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


def variables_in(text: str) -> set[str]:
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
        return QueryError(
            "SPARQL Update is not allowed: kg queries are read-only",
            hint="change the store with kg ingest or kg remove",
        )
    return QueryError(
        "SERVICE clauses are not allowed: kg queries do not call other endpoints",
        hint="query the remote endpoint directly with --endpoint",
    )


def syntax_error(e: Exception, *, where: str = "") -> QueryError:
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
        return QueryError(
            f"{prefix}malformed SPARQL at line {line}, column {col}: {detail}", hint="fix the query near that position"
        )
    first = msg.splitlines()[0][:200] if msg else type(e).__name__
    return QueryError(f"{prefix}malformed SPARQL: {first}", hint="fix the query")


def _service_spans(text: str) -> list[int]:
    """Start offsets of every 7-character run that reads ``service`` in any letter case, also with
    look-alike letters that fold to it (the long s, the dotless i, fullwidth forms)."""
    keys = [unicodedata.normalize("NFKC", c).casefold() for c in text]
    return [i for i in range(len(text) - 6) if "".join(keys[i : i + 7]) == "service"]


def _neutralised(text: str, starts: list[int]) -> str:
    """``text`` with the last letter of every ``service`` run replaced (``SERVICX``): the same length
    and the same characters classes, so every string, IRI, comment, prefixed name or variable the
    engine reads in ``text`` it reads the same way here, while no ``SERVICE`` keyword can remain."""
    chars = list(text)
    for i in starts:
        chars[i + 6] = "X" if chars[i + 6].isupper() else "x"
    out = "".join(chars)
    assert not _service_spans(out)
    return out


def _check_service_by_engine(text: str, *, where: str) -> None:
    """Refuse ``text`` unless Oxigraph's own parser reads every ``service`` in it as something other
    than the keyword; ``text`` itself never reaches the engine here.

    Oxigraph (0.5) offers Python no hook to refuse ``SERVICE`` nor a parse-only call: its query call
    evaluates, and evaluating ``SERVICE`` sends the request. So the engine parses the *twin* of the
    query with every ``service`` neutralised (:func:`_neutralised`): the twin cannot call anything.
    If the twin parses, each ``service`` sat inside a string, IRI, comment or name, where the changed
    letter does not matter. If it does not parse, one of them was read as the keyword (or the query
    is malformed anyway): refused either way, without a request.
    """
    starts = _service_spans(text)
    if not starts:
        return
    try:
        _scratch_store().query(_neutralised(text, starts), prefixes=PREFIXES)
    except SyntaxError as e:
        detail = syntax_error(e).message
        raise QueryError(
            "SERVICE clauses are not allowed: kg queries do not call other endpoints "
            "(the query parser reads a SERVICE keyword here, or the query is malformed)",
            hint=f"query the remote endpoint directly with --endpoint; without the "
            f"SERVICE keyword the query reads: {detail}",
        ) from None
    except (RuntimeError, ValueError, OSError) as e:
        raise QueryError(
            f"{where + ': ' if where else ''}cannot evaluate the query: {first_line(e)}", hint="check the query"
        ) from None


def check_query(text: str, *, where: str = "") -> QueryKind:
    """Check that ``text`` is a read-only SPARQL query and return its kind.

    Refuses SPARQL Update and ``SERVICE``; reports a syntax error with its line and column. The
    query is parsed by Oxigraph against an empty scratch store, and only after
    :func:`_check_service_by_engine` has made sure Oxigraph reads no ``SERVICE`` in it, so the check
    itself cannot reach the network.
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
    _check_service_by_engine(text, where=where)
    try:
        result = _scratch_store().query(text, prefixes=PREFIXES)
    except SyntaxError as e:
        if _parses_as_update(text):
            raise _read_only_refusal("update") from None
        raise syntax_error(e, where=where) from None
    except (RuntimeError, ValueError, OSError) as e:
        raise QueryError(
            f"{where + ': ' if where else ''}cannot evaluate the query: {first_line(e)}", hint="check the query"
        ) from None
    if tokens is None:
        # Oxigraph accepts what the tokenizer could not read: refuse rather than guess
        raise QueryError(
            "cannot check this query for SERVICE clauses (a quote the checker cannot pair)",
            hint="simplify the string literals in the query",
        )
    if isinstance(result, ox.QuerySolutions):
        return QueryKind.SELECT
    if isinstance(result, ox.QueryBoolean):
        return QueryKind.ASK
    return QueryKind.CONSTRUCT


def first_line(e: BaseException) -> str:
    text = str(e).strip()
    return (text.splitlines()[0] if text else type(e).__name__)[:200]

"""Named queries: ``queries/<name>.rq`` files and their comment headers, read by name, by path or
from text."""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import QueryError
from kg.query.bind import to_term
from kg.query.guard import variables_in
from kg.query.result import NamedQuery, ParamType, QueryParam
from kg.resources import queries_dir

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
            raise QueryError(
                f"{where}: cannot read parameter {piece.strip()!r}",
                hint="write it as: name (iri|string|date|integer, required|optional|default VALUE)",
            )
        try:
            ptype = ParamType(m.group("type").lower())
        except ValueError:
            raise QueryError(
                f"{where}: parameter {m.group('name')} has unknown type {m.group('type')!r}",
                hint="use iri, string, date or integer",
            ) from None
        how = (m.group("how") or "required").lower()
        default = None
        if how.startswith("default"):
            default = m.group("default").strip()
            if len(default) >= 2 and default[0] == default[-1] and default[0] in "\"'":
                default = default[1:-1]
        param = QueryParam(
            name=m.group("name"),
            type=ptype,
            default=default,
            required=how == "required",
            description=(m.group("doc") or "").strip(),
        )
        if default is not None:
            to_term(param, default, where=where)  # a bad default is the file's error
        if any(p.name == param.name for p in out):
            raise QueryError(f"{where}: parameter {param.name} is declared twice")
        out.append(param)
    return tuple(out)


def _make_query(text: str, *, name: str, path: Path | None) -> NamedQuery:
    where = str(path) if path is not None else "query"
    fields = _parse_header(text)
    params = _parse_params(fields.get("params", ""), where=where)
    returns = tuple(r.strip().lstrip("?") for r in fields.get("returns", "").split(",") if r.strip())
    variables = {v.lower() for v in variables_in(text)}
    for p in params:
        if p.name.lower() not in variables:
            raise QueryError(
                f"{where}: parameter {p.name} is declared but the query has no ?{p.name}",
                hint=f"use ?{p.name} in the query or remove it from # params",
            )
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


def load_named(name: str) -> NamedQuery:
    """The named query ``queries/<name>.rq`` (``timeline``)."""
    path = queries_dir() / f"{name}.rq" if _NAME.match(name) else None
    if path is None or not path.is_file():
        known = ", ".join(q.name for q in list_queries())
        raise QueryError(
            f"unknown query {name!r}; known queries: {known}",
            hint="run 'kg query --list', or give a path to a .rq file or SPARQL text",
        )
    return _read_file(path, name=name)


def load_file(path: Path) -> NamedQuery:
    """A query from a ``.rq`` file (its header is read; named after the file)."""
    if not path.is_file():
        raise QueryError(f"no query file at {path}", hint="check the path, or give a query name")
    return _read_file(path, name=path.stem if _NAME.match(path.stem) else "file")


def parse_text(text: str) -> NamedQuery:
    """A query from SPARQL text (named ``inline``; a header in the text is read too)."""
    if not text.strip():
        raise QueryError("empty query", hint="give a query name, a .rq file or SPARQL text")
    return _make_query(text, name="inline", path=None)


def load_query(query: str | Path) -> NamedQuery:
    """What a person typed where a query is asked for: a :class:`~pathlib.Path` is a file; a bare
    lower-case word is a query name (:func:`load_named`); one line ending in ``.rq``/``.sparql`` or
    naming an existing file is a file (:func:`load_file`); anything else is SPARQL text
    (:func:`parse_text`). Programs that know which they hold call those three directly."""
    if isinstance(query, Path):
        return load_file(query)
    text = query.strip()
    if _NAME.match(text):
        return load_named(text)
    if text and "\n" not in text and (text.endswith(".rq") or text.endswith(".sparql") or _is_file(text)):
        return load_file(Path(text))
    return parse_text(query)


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL character
        return False

"""Query results rendered for people and programs: tables, CSV/TSV, SPARQL JSON, Markdown, Turtle."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import pyoxigraph as ox

from kg.errors import UsageError
from kg.query.result import OutputFormat, QueryKind, QueryResult, Term
from kg.vocab import PREFIXES

_XSD = PREFIXES["xsd"]

# -- formatting ----------------------------------------------------------------------------------

_NAMESPACES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL_OK = re.compile(r"^[^\s<>\"{}|\\^`]*$")


def compact_iri(iri: str) -> str:
    """``kg:Person`` for an IRI in a known namespace, else the IRI itself."""
    for prefix, ns in _NAMESPACES:
        if iri.startswith(ns) and len(iri) > len(ns) and _LOCAL_OK.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
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


_NUMBERS = {
    _XSD + t: int
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
} | {_XSD + t: float for t in ("decimal", "double", "float")}


def json_value(term: Term | None) -> object:
    """A term as a plain JSON value for programs: an IRI as its full text, a number as a number,
    an ``xsd:boolean`` as a boolean, any other literal as its lexical form, unbound as ``None``.

    >>> json_value(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer"))), json_value(None)
    (3, None)
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        if dt in _NUMBERS:
            try:
                return _NUMBERS[dt](term.value)
            except ValueError:
                return term.value
        if dt == _XSD + "boolean" and term.value in ("true", "false", "1", "0"):
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def format_result(
    result: QueryResult,
    fmt: OutputFormat | str,
    *,
    max_width: int | None = 60,
    ids: bool = False,
    width: int | None = None,
    max_rows: int | None = None,
    firm: tuple[str, ...] = (),
) -> str:
    """Render a result.

    For people, ``table``: label columns stand in for the node columns they name (``event_label``
    is shown as ``event``; the IRIs only with ``ids=True``), other IRI columns come last, rows that
    differ in one column only are folded into one row (``North Korea, South Korea``), cells are cut
    at ``max_width`` and the whole table at ``width`` display columns (an ellipsis marks a cut; a
    row never wraps; columns named in ``firm`` give way last); ``max_rows`` shows only the first
    rows and says how many are left out.
    ``md`` is a Markdown table of every column.

    For programs: ``json`` (an array of objects, one per row, values as :func:`json_value`;
    JSON-LD for CONSTRUCT/DESCRIBE), ``jsonl`` (one such object a line), ``sparql-json`` (W3C SPARQL
    1.1 JSON results), ``csv`` and ``tsv`` (SPARQL 1.1 CSV/TSV results, full values), ``turtle``
    (CONSTRUCT/DESCRIBE only). ASK gives ``true``/``false`` (``sparql-json``: ``{"head": {},
    "boolean": …}``)."""
    try:
        fmt = OutputFormat(fmt)
    except ValueError:
        raise UsageError(
            f"unknown output format {fmt!r}", hint="use one of: " + ", ".join(f.value for f in OutputFormat)
        ) from None
    if result.kind is QueryKind.ASK:
        if fmt is OutputFormat.SPARQL_JSON:
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        if fmt is OutputFormat.TURTLE:
            raise UsageError("turtle output needs a CONSTRUCT or DESCRIBE query", hint="use --format table or json")
        return ("true" if result.boolean else "false") + "\n"
    if fmt is OutputFormat.TURTLE:
        if result.kind is not QueryKind.CONSTRUCT:
            raise UsageError(
                "turtle output needs a CONSTRUCT or DESCRIBE query",
                hint="use --format table, csv, tsv, json, jsonl, sparql-json or md for SELECT",
            )
        data = ox.serialize(_sorted_triples(result.triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return (data or b"").decode("utf-8")
    if result.kind is QueryKind.CONSTRUCT and fmt in (OutputFormat.JSON, OutputFormat.SPARQL_JSON):
        if fmt is OutputFormat.SPARQL_JSON:
            raise UsageError(
                "sparql-json output needs a SELECT or ASK query", hint="use --format json (JSON-LD) or turtle"
            )
        data = ox.serialize(_sorted_triples(result.triples), format=ox.RdfFormat.JSON_LD)
        return (data or b"[]").decode("utf-8").rstrip("\n") + "\n"
    variables, rows = _columns(result)
    if fmt is OutputFormat.SPARQL_JSON:
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return (
            json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)
            + "\n"
        )
    if fmt in (OutputFormat.JSON, OutputFormat.JSONL):
        objects = [{v: json_value(t) for v, t in zip(variables, row)} for row in rows]
        if fmt is OutputFormat.JSONL:
            return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
        return json.dumps(objects, ensure_ascii=False, indent=1) + "\n"
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

        lines = ["| " + " | ".join(cell(v) for v in variables) + " |", "|" + "|".join(" --- " for _ in variables) + "|"]
        lines += ["| " + " | ".join(cell(render_term(t)) for t in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    headers, cells = table_cells(variables, rows, ids=ids)
    left_out = 0
    if max_rows is not None and len(cells) > max_rows:
        left_out, cells = len(cells) - max_rows, cells[:max_rows]
    text = _table(headers, cells, max_width=max_width, width=width, firm=firm)
    if left_out:
        text += f"… {left_out} more row{'s' if left_out > 1 else ''}\n"
    return text


def _is_node(term: Term | None) -> bool:
    return isinstance(term, (ox.NamedNode, ox.BlankNode))


def table_cells(
    variables: list[str], rows: list[tuple[Term | None, ...]], *, ids: bool = False
) -> tuple[list[str], list[list[str]]]:
    """The headers and cells of a table for people (see :func:`format_result`): a label column in
    place of the node column it names (``event_label`` shown as ``event``, the node's id where it
    has no label), other node (IRI) columns hidden unless ``ids`` or unless every column holds
    nodes, and rows that differ in one column only folded into one (distinct values joined)."""
    index = {v: i for i, v in enumerate(variables)}
    node_cols = {i for i, _ in enumerate(variables) if rows and all(r[i] is None or _is_node(r[i]) for r in rows)}
    hide = not ids and len(node_cols) < len(variables)
    # a display column: (header, index of the shown term, index of the node it stands for or None)
    columns: list[tuple[str, int, int | None]] = []
    groups: list[list[int]] = []
    for i, v in enumerate(variables):
        if v.endswith("_label") and v[: -len("_label")] in index:
            continue  # shown with its node column
        label = index.get(f"{v}_label")
        if label is not None:
            groups.append([len(columns)] + ([len(columns) + 1] if ids else []))
            columns.append((f"{v}_label" if ids else v, label, i))
            if ids:
                columns.append((v, i, None))
        elif not (hide and i in node_cols):
            groups.append([len(columns)])
            columns.append((v, i, None))

    def cell(row: tuple[Term | None, ...], col: tuple[str, int, int | None]) -> tuple[str, object]:
        _, at, node = col
        term = row[at]
        if term is None and node is not None:
            term = row[node]  # a node without a label: its id
        identity = (row[at], row[node] if node is not None else None)
        return render_term(term), identity

    table = [[((c,) if c[0] else ()) for c in (cell(r, col) for col in columns)] for r in rows]
    table = _fold(table, groups)
    headers = [h for h, _, _ in columns]
    return headers, [[", ".join(text for text, _ in parts) for parts in row] for row in table]


def _fold(table: list[list[tuple]], groups: list[list[int]]) -> list[list[tuple]]:
    """Merge rows equal in every column but those of one group (a label column and its node
    column move together); repeat until nothing merges."""
    changed = True
    while changed and table:
        changed = False
        for group in groups:
            merged: dict[tuple, list[tuple]] = {}
            for row in table:
                key = tuple(tuple(ident for _, ident in parts) for i, parts in enumerate(row) if i not in group)
                if key not in merged:
                    merged[key] = list(row)
                    continue
                into = merged[key]
                if tuple(row[i] for i in group) != tuple(into[i] for i in group):
                    for i in group:
                        into[i] = into[i] + tuple(p for p in row[i] if p not in into[i])
                changed = True
            if changed:
                table = list(merged.values())
                break
    return table


def _fit_widths(widths: list[int], width: int, firm: list[bool] | None = None) -> list[int]:
    """Column widths that fit ``width`` display columns with two spaces between columns. Columns of
    up to 10 keep their width while the others can give way; the widest give way first (a common
    cap); when even that does not fit, every column gives way (down to 3) and the row is cut."""
    room = width - 2 * (len(widths) - 1)
    if sum(widths) <= room:
        return widths

    keep = firm or [False] * len(widths)

    def capped(floor: int, keep: list[bool]) -> list[int] | None:
        fixed = sum(w for w, k in zip(widths, keep) if w <= floor or k)
        flexible = [w for w, k in zip(widths, keep) if w > floor and not k]
        if not flexible:
            return None
        cap = (room - fixed) // len(flexible)
        if cap < max(floor, 3):
            return None
        while sum(min(w, cap + 1) for w in flexible) + fixed <= room:  # room left by narrow flexible ones
            cap += 1
        return [w if w <= floor or k else min(w, cap) for w, k in zip(widths, keep)]

    no = [False] * len(widths)
    return capped(10, keep) or capped(10, no) or capped(3, no) or [min(w, 3) for w in widths]


def _table(
    headers: list[str],
    cells: list[list[str]],
    *,
    max_width: int | None,
    width: int | None = None,
    firm: tuple[str, ...] = (),
) -> str:
    cells = [[_fit(c, max_width) for c in row] for row in cells]
    widths = [_width(v) for v in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], _width(c))
    if width is not None:
        widths = _fit_widths(widths, width, [h in firm for h in headers])

    def line(values: list[str]) -> str:
        values = [_fit(v, widths[i]) for i, v in enumerate(values)]
        text = "  ".join(v + " " * (widths[i] - _width(v)) for i, v in enumerate(values)).rstrip()
        return _fit(text, width) if width is not None else text

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out) + "\n"

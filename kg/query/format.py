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


def format_result(result: QueryResult, fmt: OutputFormat | str, *, max_width: int | None = 60) -> str:
    """Render a result: ``table`` (aligned, readable terms; cells cut at ``max_width``), ``csv`` and
    ``tsv`` (SPARQL 1.1 CSV/TSV results), ``json`` (SPARQL 1.1 JSON results; JSON-LD for triples),
    ``md`` (a Markdown table) or ``turtle`` (CONSTRUCT/DESCRIBE only). ASK gives ``true``/``false``
    (JSON: ``{"head": {}, "boolean": …}``)."""
    try:
        fmt = OutputFormat(fmt)
    except ValueError:
        raise UsageError(
            f"unknown output format {fmt!r}", hint="use one of: " + ", ".join(f.value for f in OutputFormat)
        ) from None
    if result.kind is QueryKind.ASK:
        if fmt is OutputFormat.JSON:
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        if fmt is OutputFormat.TURTLE:
            raise UsageError("turtle output needs a CONSTRUCT or DESCRIBE query", hint="use --format table or json")
        return ("true" if result.boolean else "false") + "\n"
    if fmt is OutputFormat.TURTLE:
        if result.kind is not QueryKind.CONSTRUCT:
            raise UsageError(
                "turtle output needs a CONSTRUCT or DESCRIBE query",
                hint="use --format table, csv, tsv, json or md for SELECT",
            )
        data = ox.serialize(_sorted_triples(result.triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return (data or b"").decode("utf-8")
    if fmt is OutputFormat.JSON and result.kind is QueryKind.CONSTRUCT:
        data = ox.serialize(_sorted_triples(result.triples), format=ox.RdfFormat.JSON_LD)
        return (data or b"[]").decode("utf-8").rstrip("\n") + "\n"
    variables, rows = _columns(result)
    if fmt is OutputFormat.JSON:
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return (
            json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)
            + "\n"
        )
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

"""The HTML pages ``kg serve`` shows: kg's named queries as forms, answers as tables with labels,
and a SPARQL box with kg's prefixes.

The pages are plain HTML forms rendered on the server: no script, no style sheet or font from
anywhere, so they work offline and under the server's ``default-src 'none'`` policy. Every value
shown is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pyoxigraph as ox

from kg.query import NamedQuery, QueryKind, QueryResult, compact_iri
from kg.vocab import PREFIXES

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72em; margin: 1.5em auto; padding: 0 1em; color: #222 }
header h1 { margin: 0 } header p { color: #555; margin: .2em 0 1em }
details { border: 1px solid #ddd; border-radius: 4px; margin: .4em 0; padding: .3em .7em }
summary { cursor: pointer; font-weight: 600 } summary small { font-weight: normal; color: #666 }
label { display: inline-block; margin: .3em 1em .3em 0 } label span { display: block; font-size: .85em; color: #555 }
table { border-collapse: collapse; margin: 1em 0; font-size: .92em } th, td { border: 1px solid #ccc;
padding: .25em .5em; text-align: left; vertical-align: top } th { background: #f3f3f3 }
textarea { width: 100%; font-family: monospace } .error { color: #a00; font-weight: 600 } nav a { margin-right: 1em }
.iri { color: #666; font-size: .8em; display: block }
"""

DEFAULT_SPARQL = "SELECT ?event ?label WHERE {\n  ?event sem:eventType ?type ; rdfs:label ?label .\n}\nLIMIT 20"


def prefix_block() -> str:
    """kg's prefixes as SPARQL ``PREFIX`` lines (also accepted without them: the store knows them)."""
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in sorted(PREFIXES.items()))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>\n"
        '<header><h1><a href="/" style="color:inherit;text-decoration:none">kg</a></h1>'
        "<p>news articles as a knowledge graph: the store, read-only</p></header>\n"
        f"{body}\n</body></html>\n"
    )


def query_form(q: NamedQuery, values: Mapping[str, str] | None = None, *, open_: bool = False) -> str:
    """One named query as a form: a field per parameter (required ones marked), then Run."""
    values = values or {}
    fields = []
    for p in q.params:
        placeholder = {"iri": "an IRI, e.g. ref:place/…", "date": "YYYY-MM-DD", "integer": "a number"}.get(
            p.type.value, "text"
        )
        if p.default is not None:
            placeholder = f"default: {p.default}"
        required = " required" if p.required else ""
        mark = " *" if p.required else ""
        fields.append(
            f"<label><span>{_e(p.name)}{mark} ({_e(p.type.value)}){' — ' + _e(p.description) if p.description else ''}</span>"
            f'<input name="{_e(p.name)}" value="{_e(values.get(p.name, ""))}" placeholder="{_e(placeholder)}"'
            f' size="40"{required}></label>'
        )
    return (
        f'<details{" open" if open_ else ""} id="q-{_e(q.name)}"><summary>{_e(q.title)} <small>{_e(q.name)}</small></summary>'
        f"<p>{_e(q.description)}</p>"
        f'<form method="get" action="/named/{_e(q.name)}">{"".join(fields)}'
        '<button type="submit">Run</button></form></details>'
    )


def sparql_form(text: str | None = None) -> str:
    text = text if text is not None else prefix_block() + "\n\n" + DEFAULT_SPARQL
    return (
        '<section id="sparql"><h2>SPARQL</h2><form method="get" action="/sparql">'
        f'<textarea name="query" rows="16">{_e(text)}</textarea><br>'
        '<button type="submit">Run</button> <small>read-only; kg\'s prefixes are known even without the PREFIX lines'
        "; the protocol endpoint is <code>/query</code></small></form></section>"
    )


def home(queries: list[NamedQuery], *, timeout: float, max_rows: int) -> str:
    forms = "\n".join(query_form(q) for q in queries)
    return page(
        "kg",
        f"<p>Queries stop after {timeout:g} s and {max_rows} rows.</p>"
        f'<section id="named"><h2>Questions</h2>{forms}</section>\n{sparql_form()}',
    )


def _cell(term: object, labels: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        label = labels.get(term.value)
        short = compact_iri(term.value)
        if label:
            return f'{_e(label)}<span class="iri" title="{_e(term.value)}">{_e(short)}</span>'
        return f'<span title="{_e(term.value)}">{_e(short)}</span>'
    if isinstance(term, ox.Literal):
        return _e(term.value)
    return _e(term)


def result_table(result: QueryResult, labels: Mapping[str, str]) -> str:
    """A result as an HTML table: IRIs shown by label (the short IRI beneath), literals as text."""
    if result.kind is QueryKind.ASK:
        return f'<p class="answer">answer: <strong>{"yes" if result.boolean else "no"}</strong></p>'
    rows: list[tuple]
    if result.kind is QueryKind.CONSTRUCT:
        head, rows = ["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in result.triples]
    else:
        head, rows = result.variables, result.rows
    # a column "x" beside an "x_label" column shows its short IRI only: the label is there already
    own = [{} if f"{h}_label" in head else labels for h in head]
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v, own[i])}</td>" for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    more = " (limit reached: there may be more)" if result.limit_reached else ""
    return (
        f'<p class="count">{len(rows)} row(s){more}</p>'
        f"<table><thead><tr>{''.join(f'<th>{_e(h)}</th>' for h in head)}</tr></thead><tbody>{body}</tbody></table>"
    )


def answer_page(title: str, form: str, *, result: QueryResult | None = None, labels=None, error: str = "") -> str:
    out = form
    if error:
        out += f'<p class="error">{_e(error)}</p>'
    if result is not None:
        out += result_table(result, labels or {})
    return page(f"kg: {title}", '<nav><a href="/">all questions</a><a href="/#sparql">SPARQL</a></nav>' + out)


__all__ = ["answer_page", "home", "page", "prefix_block", "query_form", "result_table", "sparql_form"]

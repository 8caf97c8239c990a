"""Parameter values to RDF terms of the declared type: values are bindings, never query text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.result import NamedQuery, ParamType, ParamValue, QueryParam
from kg.vocab import PREFIXES

_XSD = PREFIXES["xsd"]  # a string: an rdflib ClosedNamespace here trips pytest's doctest collector

_TYPE_HELP = {
    ParamType.IRI: "an absolute IRI (https://…), a prefixed name such as ref:state/KP, or a node's name",
    ParamType.STRING: "any text",
    ParamType.DATE: "a date YYYY-MM-DD",
    ParamType.INTEGER: "a whole number",
}


# -- binding -------------------------------------------------------------------------------------

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.\-]*)?:(.*)$", re.DOTALL)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")


def _bad_value(param: QueryParam, value: object, *, where: str) -> QueryError:
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    return QueryError(
        f"{where}parameter {param.name} must be {_TYPE_HELP[param.type]}, got {shown}",
        hint=f"pass --param {param.name}=<{_TYPE_HELP[param.type]}>",
    )


def to_term(param: QueryParam, value: ParamValue, *, where: str = "") -> ox.NamedNode | ox.Literal:
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
        raise QueryError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"for query {query.name}; known parameters: {listing}",
            hint="check the parameter names in the query header (# params:)",
        )
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None:
            if p.default is not None:
                value = p.default
            elif p.required:
                raise QueryError(
                    f"missing required parameter {p.name} ({p.type.value}) for query {query.name}",
                    hint=f"pass --param {p.name}=<{_TYPE_HELP[p.type]}>",
                )
            else:
                continue
        terms[p.name] = to_term(p, value)
    return terms

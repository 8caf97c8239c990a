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

The package, one module per job: :mod:`~kg.query.result` (what a query and its answer are),
:mod:`~kg.query.guard` (the read-only check), :mod:`~kg.query.bind` (values to terms),
:mod:`~kg.query.named` (files and headers), :mod:`~kg.query.run` (one :func:`run_query` for the
store and an :class:`Endpoint`), :mod:`~kg.query.format` (output) and :mod:`~kg.query.endpoint`
(the SPARQL protocol). It never imports the store: it runs on anything with Oxigraph's ``query``.

**Values are bindings, never text.** :func:`run_query` turns each value into an RDF term of the
declared type (an ``iri`` is checked to be absolute; ``kg:``-style prefixed names from
:data:`kg.vocab.PREFIXES` are expanded; a ``date`` must be ``YYYY-MM-DD``) and hands it to Oxigraph
as a substitution. No value is ever pasted into the query text, so quotes, braces or ``UNION`` in a
value are only characters of a literal. (:mod:`kg.query.endpoint` binds the same terms with a ``VALUES``
block written from serialized terms, for servers without substitutions.)

Rules for writing queries, from how Oxigraph applies substitutions and evaluates paths:

* a parameter variable must be in the ``SELECT`` projection (Oxigraph refuses to bind others); when
  the header's ``# returns:`` does not list it, the column is dropped from the result;
* never test ``BOUND(?param)``: Oxigraph folds it to false before binding. Write
  ``BIND(COALESCE(STR(?param), "") AS ?x)`` and test ``?x = ""`` instead;
* use a parameter in FILTER/BIND only at the top level of the WHERE group (triple patterns may be
  anywhere): a ``VALUES`` block there, as :mod:`kg.query.endpoint` sends it, is not seen inside
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

from kg.query.bind import bind_params
from kg.query.endpoint import Endpoint, inject_values
from kg.query.format import compact_iri, format_result, render_term
from kg.query.guard import SparqlToken, check_query, sparql_tokens
from kg.query.named import list_queries, load_file, load_named, load_query, parse_text
from kg.query.result import (
    NamedQuery,
    OutputFormat,
    ParamType,
    ParamValue,
    QueryKind,
    QueryParam,
    QueryResult,
    Term,
    select_result,
)
from kg.query.run import run_query

__all__ = [
    "Endpoint",
    "NamedQuery",
    "OutputFormat",
    "ParamType",
    "ParamValue",
    "QueryKind",
    "QueryParam",
    "QueryResult",
    "SparqlToken",
    "Term",
    "bind_params",
    "check_query",
    "compact_iri",
    "format_result",
    "inject_values",
    "list_queries",
    "load_file",
    "load_named",
    "load_query",
    "parse_text",
    "render_term",
    "run_query",
    "select_result",
    "sparql_tokens",
]

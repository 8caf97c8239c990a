"""Nodes by name: what people type where a node is asked for (a label, an alias, a Wikidata QID, a
short id or an IRI) turned into the node's IRI, and ``kg find``'s listing of matching nodes.

Every lookup is a SPARQL query with the typed text bound as a literal (never pasted into the
query), so it runs the same on the store and at an :class:`~kg.query.endpoint.Endpoint`.

What matches, most certain first (the first rule that matches anything decides):

1. an IRI (``https://…``, ``<…>`` or a prefixed name such as ``ref:state/KP``) that the store holds;
   an IRI the store holds only as the target of ``owl:sameAs`` (``wd:Q331990``) gives the node that
   is the same as it;
2. a Wikidata QID (``Q331990``): the node ``owl:sameAs`` (or ``skos:exactMatch``) its Wikidata IRI;
3. a name, in any case: ``rdfs:label``, ``skos:prefLabel``, ``schema:name`` (labels) and
   ``skos:altLabel``, ``kg:abbreviation`` (aliases) equal to the text;
4. a short id: the end of an IRI after a ``/`` (``place/korean-demilitarized-zone``,
   ``korean-demilitarized-zone``).

:func:`resolve_node` wants exactly one node: several raise a :class:`~kg.errors.QueryError` that
lists them (kind, label, id), none raises one that says so and suggests ``kg find``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.endpoint import Endpoint, execute_at
from kg.query.format import compact_iri
from kg.query.result import NamedQuery, Queryable, QueryKind
from kg.vocab import KG, PREFIXES, PROV, SEM, SKOS, SOURCE_GRAPH_PREFIX, WD

__all__ = ["KIND_ROOTS", "NodeMatch", "example_node", "find_nodes", "node_kinds", "parse_iri", "resolve_node"]

# What a node is, from its classes (rdfs:subClassOf* any of these), most specific kind first. The
# entity kinds are those of kg.network.kind (a test keeps the two equal).
KIND_ROOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "organization",
        tuple(
            str(c)
            for c in (
                KG.Organization,
                KG.Government,
                KG.ArmedForces,
                KG.MilitaryUnit,
                KG.GovernmentAgency,
                KG.InternationalOrganization,
                KG.MediaOrganization,
            )
        ),
    ),
    ("state", (str(KG.State),)),
    ("person", (str(KG.Person), str(PROV.Agent))),
    ("group", (str(KG.Group),)),
    ("place", tuple(str(c) for c in (KG.Place, KG.City, KG.Region, KG.Border, KG.Facility, KG.WaterBody))),
    ("claim", (str(KG.Claim),)),
    ("event", (str(SEM.Event),)),
    ("event type", (str(KG.EventType), str(SKOS.Concept))),
    ("time", (str(KG.TimeValue),)),
)


def node_kinds() -> list[str]:
    """The kinds :func:`find_nodes` can filter on."""
    return [k for k, _ in KIND_ROOTS]


@dataclass(frozen=True)
class NodeMatch:
    """A node that matches typed text: ``matched`` says how (``iri``, ``qid``, ``label``, ``alias``,
    ``id`` or ``partial``); ``sources`` is the number of sources that mention it."""

    iri: str
    label: str
    kind: str
    sources: int
    matched: str

    @property
    def id(self) -> str:
        """The IRI as people type it: a prefixed name when kg knows the namespace."""
        return compact_iri(self.iri)

    def describe(self) -> str:
        return f"{self.kind} {self.label!r} {self.id}"


# -- running lookups -----------------------------------------------------------------------------


def _select(target: Queryable | Endpoint, text: str, terms: Mapping[str, ox.NamedNode | ox.Literal]) -> list[dict]:
    if isinstance(target, Endpoint):
        named = NamedQuery("lookup", "lookup", "", (), (), None, text)
        return execute_at(target, named, QueryKind.SELECT, terms, None).as_dicts()
    raw = target.query(text, bindings=dict(terms), union=True)
    names = [v.value for v in raw.variables]
    return [{n: s[i] for i, n in enumerate(names)} for s in raw]


_PREFIX_LINES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

_HOLDS = _PREFIX_LINES + "SELECT ?node WHERE { ?node ?p ?o } LIMIT 1"
_HELD_AS_OBJECT = _PREFIX_LINES + "SELECT ?node WHERE { ?s ?p ?node } LIMIT 1"
_SAME_AS = _PREFIX_LINES + "SELECT DISTINCT ?node ?other WHERE { ?node owl:sameAs|skos:exactMatch ?other . }"
_NAMES = (
    _PREFIX_LINES
    + """SELECT DISTINCT ?node ?how ?text WHERE {
  VALUES (?p ?how) { (rdfs:label "label") (skos:prefLabel "label") (schema:name "label")
                     (skos:altLabel "alias") (kg:abbreviation "alias") }
  ?node ?p ?name .
  FILTER(isIRI(?node) && isLiteral(?name) && LCASE(STR(?name)) = ?text)
}"""
)
_PARTIAL = (
    _PREFIX_LINES
    + """SELECT DISTINCT ?node ?text WHERE {
  VALUES ?p { rdfs:label skos:prefLabel schema:name skos:altLabel kg:abbreviation }
  ?node ?p ?name .
  FILTER(isIRI(?node) && isLiteral(?name) && CONTAINS(LCASE(STR(?name)), ?text))
}"""
)
_SHORT_ID = (
    _PREFIX_LINES
    + """SELECT DISTINCT ?node ?text WHERE {
  ?node a ?type .
  FILTER(isIRI(?node) && STRENDS(STR(?node), ?text))
}"""
)
_DETAILS = (
    _PREFIX_LINES
    + """SELECT ?node ?label ?class ?g WHERE {
  { ?node rdfs:label|skos:prefLabel ?label }
  UNION { ?node a ?t . ?t rdfs:subClassOf* ?class }
  UNION { ?node sem:eventType ?et . BIND(sem:Event AS ?class) }
  UNION { GRAPH ?g { ?node gaf:denotedBy ?m } }
}"""
)
_MOST_MENTIONED = (
    _PREFIX_LINES
    + """SELECT ?node ?root (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?g { ?node gaf:denotedBy ?m . ?node a ?t }
  ?t rdfs:subClassOf* ?root .
}
GROUP BY ?node ?root ORDER BY DESC(?n) STR(?node) LIMIT 1"""
)

_QID = re.compile(r"^Q[1-9]\d*$")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^\s<>\"{}|\\^`]*$|^urn:[^\s<>\"{}|\\^`]+$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.\-]*)?:([^\s<>\"{}|\\^`]*)$")


def parse_iri(text: str) -> ox.NamedNode | None:
    """The IRI ``text`` spells (``<…>``, ``scheme://…``, ``urn:…`` or a prefixed name with one of
    kg's prefixes), or None when it is not written as an IRI.

    >>> parse_iri("ref:state/KP") == ox.NamedNode(PREFIXES["ref"] + "state/KP")
    True
    >>> parse_iri("Korean Demilitarized Zone") is None, parse_iri("Movement:Transport") is None
    (True, True)
    """
    v = text.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    elif (m := _PREFIXED.match(v)) and (m.group(1) or "") in PREFIXES and not m.group(2).startswith("//"):
        v = PREFIXES[m.group(1) or ""] + m.group(2)
    elif not _ABSOLUTE.match(v):
        return None
    try:
        return ox.NamedNode(v)
    except ValueError:
        return None


def _nodes(rows: list[dict], var: str = "node") -> list[str]:
    seen: dict[str, None] = {}
    for r in rows:
        t = r.get(var)
        if isinstance(t, ox.NamedNode):
            seen.setdefault(t.value, None)
    return list(seen)


def _kind(classes: set[str], iri: str) -> str:
    for kind, roots in KIND_ROOTS:
        if classes.intersection(roots):
            return kind
    if iri.startswith(PREFIXES["wd"]):
        return "wikidata"
    return "other"


def _describe(target: Queryable | Endpoint, iris: list[str], matched: Mapping[str, str]) -> list[NodeMatch]:
    out = []
    for iri in iris:
        labels: list[str] = []
        classes: set[str] = set()
        graphs: set[str] = set()
        for r in _select(target, _DETAILS, {"node": ox.NamedNode(iri)}):
            label, cls, g = r.get("label"), r.get("class"), r.get("g")
            if isinstance(label, ox.Literal):
                labels.append(label.value)
            if isinstance(cls, ox.NamedNode):
                classes.add(cls.value)
            if isinstance(g, ox.NamedNode) and g.value.startswith(SOURCE_GRAPH_PREFIX):
                graphs.add(g.value)
        label = min(labels, key=lambda s: (len(s), s)) if labels else compact_iri(iri)
        out.append(NodeMatch(iri, label, _kind(classes, iri), len(graphs), matched.get(iri, "")))
    return out


def _exact(target: Queryable | Endpoint, text: str) -> tuple[list[str], dict[str, str]]:
    """The nodes ``text`` names by the first rule that matches (module docstring), and how."""
    text = text.strip()
    if not text:
        return [], {}
    iri = parse_iri(text)
    if iri is not None:
        if _select(target, _HOLDS, {"node": iri}):
            return [iri.value], {iri.value: "iri"}
        same = _nodes(_select(target, _SAME_AS, {"other": iri}))
        if same:
            return same, dict.fromkeys(same, "iri")
        if _select(target, _HELD_AS_OBJECT, {"node": iri}):
            return [iri.value], {iri.value: "iri"}
        return [], {}
    if _QID.match(text):
        same = _nodes(_select(target, _SAME_AS, {"other": ox.NamedNode(str(WD) + text)}))
        return same, dict.fromkeys(same, "qid")
    rows = _select(target, _NAMES, {"text": ox.Literal(text.lower())})
    if rows:
        how: dict[str, str] = {}
        for r in rows:
            n, h = r["node"].value, r["how"].value
            how[n] = "label" if "label" in (h, how.get(n)) else h
        return list(how), how
    if not any(c.isspace() for c in text):
        ids = _nodes(_select(target, _SHORT_ID, {"text": ox.Literal("/" + text.lstrip("/"))}))
        return ids, dict.fromkeys(ids, "id")
    return [], {}


def find_nodes(
    target: Queryable | Endpoint, text: str, *, kind: str | None = None, limit: int | None = 50
) -> list[NodeMatch]:
    """Nodes whose IRI, QID, label, alias or short id is ``text`` (any case), then those with a
    label or alias containing it (``matched == "partial"``): exact matches first, then the most
    mentioned, then (among partial matches) actors and places before events and the shortest
    label, then by label. ``kind`` keeps only nodes of that kind (:func:`node_kinds`)."""
    if kind is not None and kind not in node_kinds():
        raise QueryError(f"unknown kind {kind!r}", hint="use one of: " + ", ".join(node_kinds()))
    exact, how = _exact(target, text)
    partial = []
    if text.strip() and parse_iri(text) is None:
        partial = [
            n for n in _nodes(_select(target, _PARTIAL, {"text": ox.Literal(text.strip().lower())})) if n not in how
        ]
    found = _describe(target, exact, how) + _describe(target, partial, dict.fromkeys(partial, "partial"))
    if kind is not None:
        found = [m for m in found if m.kind == kind]
    # among partial matches the closest name first: a shorter label holds less beside the text
    # ("North Korea" before "Armed forces of South Korea"), actors and places before events
    found.sort(
        key=lambda m: (
            m.matched == "partial",
            -m.sources,
            m.matched == "partial" and m.kind == "event",
            len(m.label) if m.matched == "partial" else 0,
            m.label.lower(),
            m.iri,
        )
    )
    return found if limit is None else found[:limit]


# -- one node for a parameter --------------------------------------------------------------------

_PARAM_KINDS = {"place": "place", "where": "place", "actor": "person", "person": "person", "event": "event"}


def example_node(target: Queryable | Endpoint, param: str = "") -> NodeMatch | None:
    """A real node to show in a hint: the one most sources mention, of the kind the parameter's
    name suggests (``place`` → a place, ``state_a`` → a state, …) when there is one."""
    kind = _PARAM_KINDS.get(param) or next((k for k, _ in KIND_ROOTS if param.startswith(k.split()[0])), None)
    roots = dict(KIND_ROOTS).get(kind or "", ()) or tuple(r for k, rs in KIND_ROOTS[:5] for r in rs)
    best: tuple[int, str] | None = None
    for root in roots:
        for r in _select(target, _MOST_MENTIONED, {"root": ox.NamedNode(root)}):
            node, n = r.get("node"), r.get("n")
            if isinstance(node, ox.NamedNode) and isinstance(n, ox.Literal):
                if best is None or (-int(n.value), node.value) < (-best[0], best[1]):
                    best = (int(n.value), node.value)
    if best is None:
        return None
    return _describe(target, [best[1]], {best[1]: "example"})[0]


def _shell(value: str) -> str | None:
    """``value`` as a shell word, or None when it holds characters a hint should not print."""
    return shlex.quote(value) if value.isprintable() else None


def _flag(param: str, value: str) -> str:
    return f"--param {param}={_shell(value) or 'ID'}"


def resolve_node(target: Queryable | Endpoint, value: str, *, param: str = "node") -> tuple[ox.NamedNode, str]:
    """The one node ``value`` names (rules in the module docstring) and a note, empty unless the
    value is an IRI the store does not hold: that IRI is returned as given (a query on it finds
    nothing) with a note that says so and suggests a node. Raises :class:`~kg.errors.QueryError`
    when a name, QID or short id names no node or several (listing them)."""
    nodes, how = _exact(target, value)
    if len(nodes) == 1:
        return ox.NamedNode(nodes[0]), ""
    what = "must be the IRI, label, alias, Wikidata QID or short id of one node"
    if len(nodes) > 1:
        found = _describe(target, nodes, how)
        found.sort(key=lambda m: (-m.sources, m.label.lower(), m.iri))
        shown = "; ".join(f"{m.kind} {m.label!r} {m.id} ({m.sources} sources)" for m in found[:8])
        more = f"; and {len(found) - 8} more" if len(found) > 8 else ""
        raise QueryError(
            f"parameter {param} {what}: {value!r} matches {len(found)}: {shown}{more}",
            hint=f"pass one id, e.g. {_flag(param, found[0].id)}",
        )
    iri = parse_iri(value)
    if iri is not None:
        local = re.split(r"[/#:]", iri.value.rstrip("/"))[-1]
        near = _exact(target, local)[0] if local else []
        if len(near) == 1:
            hint = f"did you mean {_flag(param, compact_iri(near[0]))}?"
        else:
            hint = f"kg find {(_shell(local) if local else None) or 'NAME'} lists nodes by name"
        return iri, f"the store has no node {compact_iri(iri.value)}, so {param} matches nothing (hint: {hint})"
    example = example_node(target, param)
    sample = f"; e.g. {_flag(param, example.label)} or {_flag(param, example.id)}" if example else ""
    raise QueryError(
        f"parameter {param} {what}: no node in the store is named {value!r}",
        hint=f"kg find {_shell(value.strip()) or 'NAME'} lists nodes by name{sample}",
    )

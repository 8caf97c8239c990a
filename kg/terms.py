"""rdflib terms <-> Oxigraph terms. kg builds triples with rdflib's closed namespaces and stores
them with Oxigraph; this is the one place that converts."""

from __future__ import annotations

from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


@overload
def to_ox(term: URIRef) -> ox.NamedNode: ...
@overload
def to_ox(term: BNode) -> ox.BlankNode: ...
@overload
def to_ox(term: Literal) -> ox.Literal: ...
@overload
def to_ox(term: Node) -> OxTerm: ...


def to_ox(term: Node) -> OxTerm:
    """An rdflib term as an Oxigraph term.

    >>> to_ox(Literal("x", lang="en"))
    <Literal value=x language=en>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_quad(s: Node, p: Node, o: Node, g: Node) -> ox.Quad:
    """A quad from rdflib terms (subject, predicate and graph must be IRIs or blank nodes)."""
    subject, predicate, graph = to_ox(s), to_ox(p), to_ox(g)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode) or isinstance(graph, ox.Literal):
        raise TypeError(f"not a quad: {s!r} {p!r} {o!r} {g!r}")
    return ox.Quad(subject, predicate, to_ox(o), graph)

"""rdflib terms <-> Oxigraph terms. kg builds triples with rdflib's closed namespaces and stores
them with Oxigraph; this is the one place that converts."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


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
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))

"""Deterministic IRIs: the same source and the same extraction give the same names.

Everything minted from a source lives under ``id/src/<source_id>/`` so that a source's nodes can
be found (and dropped) by prefix.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from rdflib import URIRef

from kg.vocab import GRAPH, ID, KG

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_len: int = 60) -> str:
    """A lower-case ASCII slug.

    >>> slugify("North Korean soldier (defector)")
    'north-korean-soldier-defector'
    >>> slugify("")
    'x'
    """
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _SLUG.sub("-", norm).strip("-")[:max_len].strip("-")
    return slug or "x"


def short_hash(*parts: str, n: int = 10) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def source_prefix(source_id: str) -> str:
    return f"{ID}src/{source_id}/"


_SOURCE_NODE = re.compile(re.escape(f"{ID}src/") + r"([0-9a-f]{16})(?:/|$)")


def source_id_of(node: str) -> str | None:
    """The source a minted node belongs to, or None for reference and other nodes.

    >>> source_id_of(str(doc_iri("0123456789abcdef")) + "/entity/x")
    '0123456789abcdef'
    """
    m = _SOURCE_NODE.match(str(node))
    return m.group(1) if m else None


def doc_iri(source_id: str) -> URIRef:
    return URIRef(f"{ID}src/{source_id}")


def graph_iri(source_id: str) -> URIRef:
    return GRAPH[f"source/{source_id}"]


def context_iri(source_id: str) -> URIRef:
    return URIRef(source_prefix(source_id) + "text")


def mention_iri(source_id: str, begin: int, end: int) -> URIRef:
    """NIF/RFC 5147 style: ``.../text#char=begin,end``."""
    return URIRef(f"{context_iri(source_id)}#char={begin},{end}")


def entity_iri(source_id: str, key: str) -> URIRef:
    """Linked entities keep their reference IRI; others are minted under the source."""
    if key.startswith("http://") or key.startswith("https://"):
        return URIRef(key)
    return URIRef(source_prefix(source_id) + "entity/" + key)


def event_iri(source_id: str, event_type: str, begin: int, end: int) -> URIRef:
    return URIRef(f"{source_prefix(source_id)}event/{slugify(event_type)}-{begin}-{end}")


def time_iri(source_id: str, begin: int, end: int) -> URIRef:
    return URIRef(f"{source_prefix(source_id)}time/{begin}-{end}")


def claim_iri(source_id: str, begin: int, end: int, kind: str | None = None) -> URIRef:
    """A claim on the span ``begin``-``end``; ``kind`` tells apart a second claim on the same span
    (a speaker's statement and the writer's judgment in one sentence)."""
    tail = f"-{slugify(kind)}" if kind else ""
    return URIRef(f"{source_prefix(source_id)}claim/{begin}-{end}{tail}")


def author_iri(source_id: str, author: str | None) -> URIRef:
    """The holder of a source's editorial claims: its named author, else 'the author' of it."""
    if author:
        return URIRef(f"{ID}author/{slugify(author)}")
    return URIRef(source_prefix(source_id) + "author")


def speaker_iri(source_id: str, offset: int) -> URIRef:
    """An unnamed speaker ("officials said") of the statement at ``offset``."""
    return URIRef(f"{source_prefix(source_id)}speaker/{offset}")


def activity_iri(source_id: str, content_hash: str, extractor: str) -> URIRef:
    return URIRef(f"{source_prefix(source_id)}run/{short_hash(content_hash, extractor)}")


def software_iri(version: str) -> URIRef:
    return URIRef(f"{ID}software/kg/{version}")


def extractor_iri(extractor: str) -> URIRef:
    return URIRef(f"{ID}software/extractor/{slugify(extractor)}")


def is_class_name(name: str) -> bool:
    """True when ``name`` is a declared kg class local name."""
    try:
        KG[name]
    except (AttributeError, KeyError):
        return False
    return True


def representatives(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each IRI of the linked ``pairs`` -> the smallest IRI of its group (a union-find, so links
    chain: a~b and b~c put a, b and c in one group).

    >>> representatives([("b", "c"), ("c", "a"), ("x", "y")])
    {'a': 'a', 'b': 'a', 'c': 'a', 'x': 'x', 'y': 'x'}
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members = set(parent) | {find(x) for x in parent}
    return {x: find(x) for x in sorted(members)}

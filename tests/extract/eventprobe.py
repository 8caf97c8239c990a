"""Run the extractor on a sentence of our own and read its events as (type, roles by label)."""

from __future__ import annotations

import hashlib
from datetime import date

from kg.extract.pipeline import extract_article
from kg.model import Article
from kg.knowledge.ontology import load_ontology


def events_of(sentence: str) -> list[tuple[str, dict[str, set[str]]]]:
    """The events the extractor finds in ``sentence`` (after a neutral headline)."""
    text = "News in brief\n" + sentence + "\n"
    art = Article(text=text, source_id="t", content_hash=hashlib.sha256(text.encode()).hexdigest(),
                  published=date(2025, 3, 10))
    ex = extract_article(art, load_ontology())
    out = []
    for ev in ex.events:
        roles = {r: {ex.entities[k].label for k in ks if k in ex.entities} for r, ks in ev.roles.items()}
        out.append((ev.type.rsplit("/", 1)[-1], roles))
    return out


def types_of(sentence: str) -> list[str]:
    return sorted(t for t, _ in events_of(sentence))


def roles_of(sentence: str, event_type: str) -> dict[str, set[str]]:
    """The roles of the first event of ``event_type`` (fails when there is none)."""
    found = [r for t, r in events_of(sentence) if t == event_type]
    assert found, f"no {event_type} event in {sentence!r}: {events_of(sentence)}"
    return found[0]

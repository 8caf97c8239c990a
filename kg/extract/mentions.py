"""What entity extraction shares between its parts: the article's entity index (which tokens refer
to which entity), mentions made from spans, and the small tests on tokens they all use."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Entity, Mention

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
# dependency labels of a clause's subject (spaCy)
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# the key of every unnamed group ("group-five-soldiers"): described actors make them
GROUP_KEY_PREFIX = "group-"


@dataclass
class EntityIndex:
    """Entities of one article and which tokens refer to which entity."""

    entities: dict[str, Entity] = field(default_factory=dict)
    token_key: dict[int, str] = field(default_factory=dict)
    descriptive: set[str] = field(default_factory=set)  # keys of described (unnamed) actors
    # heads whose "of"-complement is the real referent ("the neutral waters of the Han River"):
    # kg:ofHeadWords in ontology/lexicon.ttl
    of_heads: frozenset[str] = frozenset()
    # titles a named person was introduced with ("prime minister" for "Prime Minister Jane Roe")
    person_titles: dict[str, set[str]] = field(default_factory=dict)
    # "m"/"f" where an honorific or a resolved pronoun says so
    person_gender: dict[str, str] = field(default_factory=dict)

    def add(self, ent: Entity, mention: Mention, tokens: range) -> Entity:
        have = self.entities.get(ent.key)
        if have is None:
            self.entities[ent.key] = have = ent
        have.add_mention(mention)
        for i in tokens:
            self.token_key.setdefault(i, have.key)
        return have

    def key_of(self, tok) -> str | None:
        """The entity a token refers to: itself, else the nearest mapped token in its subtree."""
        if tok.i in self.token_key:
            return self.token_key[tok.i]
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss", "det", "nummod", "quantmod"):
                continue
            if child.dep_ == "prep" and child.lower_ == "of" and tok.lemma_.lower() in self.of_heads:
                for p in child.children:
                    k = self.key_of(p)
                    if k:
                        return k
        return None


def mention_of(span) -> Mention:
    """The span as a mention. ``span.text`` is the doc's text between the span's offsets (a token
    keeps at most one trailing space, which a span leaves out); ``doc.text`` would join every
    token of the document again on each call."""
    return Mention(span.start_char, span.end_char, span.text)


def sentence_initial(tok) -> bool:
    """The token opens its sentence (or a line, or follows an opening quote)."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return tok.is_sent_start or prev is None or prev.is_space or prev.text in ('"', "“", "'")

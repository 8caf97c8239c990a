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
    org_kinds: frozenset[str] = frozenset({"Organization"})  # the kinds under Organization
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
            if (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and (tok.lemma_.lower() in self.of_heads or tok.lower_ in self.of_heads)
            ):
                for p in child.children:
                    k = self.key_of(p)
                    if k:
                        return k
        if tok.pos_ == "NOUN":
            # "the Red Dawn movement": a common noun headed by a named organization is that organization
            for child in tok.children:
                k = self.token_key.get(child.i)
                if child.dep_ != "compound" or k is None:
                    continue
                kind = self.entities[k].kind
                if kind == "Organization" or (kind in self.org_kinds and tok.dep_ == "nsubj"):
                    return k  # "a navy ship fired": the organ whose ship, car or unit acts
        return None


def mention_of(span) -> Mention:
    """The span as a mention. ``span.text`` is the doc's text between the span's offsets (a token
    keeps at most one trailing space, which a span leaves out); ``doc.text`` would join every
    token of the document again on each call."""
    return Mention(span.start_char, span.end_char, span.text)


def people_by_state(tok) -> bool:
    """ "the injured were taken to hospital", "doctors treated the wounded": "the" and a past
    participle that heads a subject or an object stands for the people in that state (English's
    nominal use of adjectives); it names them, and tells no new act. (Other adjectives so used are
    mostly not people: "the first occurred", "the latter".)"""
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        and not any(c.dep_ in ("dobj", "auxpass", "aux", "agent", "nsubj", "nsubjpass") for c in tok.children)
    )


def sentence_initial(tok) -> bool:
    """The token opens its sentence (or a line, or follows an opening quote)."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return tok.is_sent_start or prev is None or prev.is_space or prev.text in ('"', "“", "'")


def np_span(doc, tok, taken: set[int]):
    """The noun phrase of ``tok``: its left modifiers (determiner included) up to the head."""
    start = tok.i
    for t in sorted(tok.lefts, key=lambda t: t.i):
        if t.dep_ in (
            "det",
            "amod",
            "compound",
            "nummod",
            "poss",
            "quantmod",
            "advmod",
            "nmod",
            "npadvmod",
        ) or t.pos_ in ("ADJ", "NUM", "DET", "PROPN"):
            start = min(start, t.left_edge.i)
            break
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    # "shot dead two officers": an adjective before the count is the verb's result, not the noun's
    while start < tok.i and doc[start].dep_ == "amod" and doc[start + 1].dep_ == "nummod":
        start += 1
    if any(i in taken for i in range(start, tok.i + 1)):
        # keep a modifier that is already an entity (a demonym) inside the phrase
        if tok.i in taken:
            return None
    end = tok.i + 1
    return doc[start:end]


def with_complement(doc, tok, span, preps: tuple[str, ...] = ("of",)):
    """The described actor's or place's noun phrase with its complement ("the commander of the
    base", "the head of the delegation"; for a place also "a road in X district", "houses on the
    edge of the town"): the mention a reader sees. The complement's own entities keep their
    tokens; a complement with a clause of its own, or longer than six tokens, is left out."""
    of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in preps), None)
    if of is None or not any(c.dep_ == "pobj" for c in of.children):
        return span
    tail = list(of.subtree)
    if len(tail) > 6 or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in tail):
        return span
    if any(t.ent_type_ in ("DATE", "TIME") for t in tail):
        return span  # "districts on Saturday": when, not which place
    return doc[span.start : tail[-1].i + 1]


def unshared_conjunct(verb) -> bool:
    """A verb joined by "and" to a clause whose auxiliaries it cannot share: an active verb with
    an object after a passive ("the march had not been authorised and accused the organisers": it
    cannot share "been"; "had captured X and seized Y" shares "had"). The parser hangs such a verb on
    that clause, but it goes with the clause above it: none of the clause's subject, negation or
    mood is its own."""
    head = verb.head
    if verb.dep_ != "conj" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if not any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return False
    return (
        verb.tag_ in ("VBD", "VBN")
        and any(c.dep_ == "auxpass" for c in head.children)
        and any(c.dep_ == "dobj" for c in verb.children)
    )

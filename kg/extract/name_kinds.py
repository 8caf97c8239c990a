"""What the grammar says a name is, whatever the statistical NER called it: a place where it is
used as one ("in Dorowa", "the town of X", "X village"), an organization where a word for one
introduces it ("the militant group X", "the X news agency") or where it names the fighters of one
("Boko Haram fighters"). A mixin of the entity extractor (:class:`kg.extract.entities.EntityExtractor`),
whose ``__init__`` reads the word lists.
"""

from __future__ import annotations

import re

from kg.extract.described import noun_lemma
from kg.extract.mentions import EntityIndex
from kg.knowledge.ontology import Ontology

INITIALS = re.compile(r"(?:[A-Z]\.)+")  # "R.K.", "J."

NER_KIND = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Facility"}


class NameKinds:
    """Grammatical evidence for the kind of a name (a mixin)."""

    ont: Ontology
    fighter_nouns: frozenset[str]
    member_nouns: frozenset[str]  # fighter nouns and kg:memberNouns
    head_kinds: dict[str, str]
    media_nouns: frozenset[str]
    org_anaphors: frozenset[str]
    org_nouns: frozenset[str]
    org_describing: frozenset[str]  # org_nouns | org_anaphors | media_nouns | news outlet nouns
    person_nouns: frozenset[str]
    place_preps: frozenset[str]
    water_parts: frozenset[str]

    def _name_evidence(self, doc) -> dict[str, str]:
        """What the grammar says a name is, anywhere in the article, for names the NER may call a
        person's: a place where one mention is used as one ("in Dorowa", "the town of X"), an
        armed organization where one names the fighters of it ("Boko Haram fighters"). Every
        mention of the name then has that kind, whichever mention comes first."""
        out: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ not in NER_KIND and not all(t.pos_ == "PROPN" for t in ent):
                continue  # a product's or a work's name may still name fighters' group ("X fighters")
            root = ent.root
            if root.dep_ == "compound" and root.head.lemma_.lower() in self.fighter_nouns:
                out[ent.text] = "Organization"
            elif self._has_members(ent):
                out[ent.text] = "Organization"  # "fighters of X", "members of X": a body has members
            elif ent.label_ != "ORG" and self._described_as_organization(ent):
                out[ent.text] = "Organization"  # "the militant group X", "the news agency X"
            elif self._described_as_person(ent):
                out[ent.text] = "Person"  # "Ana Vidal, the deputy minister,": no place, whatever the parse
            elif self._used_as_place(ent):
                out.setdefault(ent.text, "Place")
        return out

    def _has_members(self, ent) -> bool:
        """A name whose members or fighters the text speaks of ("members of X", "fighters of X")
        names a body, not a person or a place."""
        root = ent.root
        if root.dep_ != "pobj" or root.head.lower_ != "of":
            return False
        owner = root.head.head
        return owner.pos_ in ("NOUN", "PROPN") and noun_lemma(owner) in self.member_nouns

    def _described_as_organization(self, ent, words: frozenset[str] | None = None) -> bool:
        """A name that a common noun for an organization introduces or describes: in apposition
        ("the broadcaster X", "the group, X,", "X, a rebel group,"), as a modifier before it ("the
        news agency X") or as the head the name modifies ("the X news agency", "the X movement")."""
        root = ent.root
        words = self.org_describing if words is None else words
        described = [root.head] if root.dep_ in ("appos", "compound") else []  # "the X news agency"
        described += [c for c in root.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < ent.start]
        described += [c for c in root.rights if c.dep_ == "appos" and c.i >= ent.end]  # "X, a rebel group,"
        described += _noun_after_comma(ent)  # the same, however the parse attached the description
        return any(d.pos_ == "NOUN" and d.lemma_.lower() in words for d in described)

    def _described_as_person(self, ent) -> bool:
        """A name that a noun for a person describes in apposition, after it ("Ana Vidal, the
        country's deputy minister,") or before it ("the police chief, R.K. Vidal,"), whatever the
        NER called it. The name is capitalized words or initials; one word only where the NER took
        it for a place (an organization may be "the supplier"). A name with a head word of an
        organization or place ("X Agency, its chief,") is not a person's."""
        words = [t for t in ent if not t.is_punct]
        if not words or not all((t.is_title and t.is_alpha) or INITIALS.fullmatch(t.text) for t in words):
            return False
        if len(words) < 2 and ent.label_ not in ("GPE", "LOC"):
            return False
        if any(t.lower_ in self.head_kinds for t in ent):
            return False
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ in self.place_preps:
            return False  # "near Tarvo, the ...": a place, whatever follows it
        described = [c for c in root.rights if c.dep_ == "appos" and c.i >= ent.end]
        if root.dep_ == "appos" and root.head.i < ent.start:
            described.append(root.head)
        described += self._description_before(ent)
        return any(
            d.pos_ == "NOUN" and d.lemma_.lower() in self.person_nouns and d.lemma_.lower() not in self.org_describing
            for d in described
        )

    @staticmethod
    def _description_before(ent) -> list:
        """The nouns of a description set off by commas just before a name ("..., the director of
        the port, R.K. Vidal, said"), however the parse attached the two: the phrase opens with a
        determiner or a possessive and the name is followed by a comma or the sentence's end."""
        doc = ent.doc
        if ent.start < 3 or doc[ent.start - 1].text != "," or ent.end >= len(doc):
            return []
        if doc[ent.end].text not in (",", ".") and doc[ent.end].pos_ != "VERB":
            return []
        i = ent.start - 2
        while i >= 0 and doc[i].text != "," and not doc[i].is_sent_start and ent.start - i <= 10:
            i -= 1
        if i < 0 or ent.start - i > 10:
            return []
        phrase = doc[i + 1 if doc[i].text == "," else i : ent.start - 1]
        if not phrase or not (phrase[0].pos_ in ("DET", "PRON") or phrase[0].dep_ == "poss"):
            return []
        return [t for t in phrase if t.pos_ == "NOUN" and t.dep_ != "pobj"]

    def _org_head(self, tok) -> bool:
        kind = self.head_kinds.get(tok.lower_)
        return kind is not None and self.ont.is_kind(kind, "Organization")

    def _place_head(self, tok) -> bool:
        kind = self.head_kinds.get(tok.lower_) or (
            self.head_kinds.get(tok.lemma_.lower()) if tok.tag_ == "NNS" else None
        )
        return kind is not None and self.ont.is_kind(kind, "Place")

    def _used_as_place(self, span) -> bool:
        """A name the NER calls an organization but the grammar places: "the town of X", "X
        village", "near X", "in X" (not an acronym, no organization head)."""
        if span.text.isupper() or any(t.like_num for t in span):
            return False
        root = span.root
        if (root.dep_ == "compound" or (root.dep_ == "nmod" and root.head.is_lower)) and self._place_head(root.head):
            return True  # "Dorowa village", "the Kalu military base"
        if any(self._place_head(n) for n in _noun_after_comma(span)):
            return True  # "Tarvo, a small town,": what the name is told to be
        if root.dep_ == "poss" and (kind := self.head_kinds.get(root.head.lower_)) is not None:
            if self.ont.is_kind(kind, "Region") or self.ont.is_kind(kind, "City"):
                return True  # "Kandor's Velm district": what holds a district or a town is a place
        while root.dep_ in ("appos", "conj") and root.head.i != root.i and root.head.pos_ == "PROPN":
            root = root.head  # "in Villa X, Colonia Y, Z": an address narrows one place down
        if root.dep_ == "pobj":
            prep = root.head
            if prep.lower_ == "of" and (self._place_head(prep.head) or prep.head.lower_ in self.water_parts):
                return True  # "the town of Santa Verde", "the mouth of the Rio X"
            if prep.lower_ in self.place_preps and (prep.head.pos_ == "VERB" or prep.lower_ not in ("in", "at")):
                return True  # "clashed near X", "attacked in X", "rebels near X"
            if prep.lower_ == "in" and prep.head.pos_ == "NOUN" and prep.head.lemma_.lower() in self.person_nouns:
                return True  # "villagers in X", "residents in X": people are in a place
        return False

    def _with_place_head(self, span):
        """A name and the lowercase place word it names, with the words between ("the Kalu military
        base" -> "Kalu military base"); the name alone where no such word follows."""
        head = span.root.head
        if span.root.dep_ not in ("compound", "nmod") or not head.is_lower or not self._place_head(head):
            return span
        between = span.doc[span.end : head.i]
        if head.i < span.end or len(between) > 2 or any(t.dep_ not in ("amod", "compound") for t in between):
            return span
        return span.doc[span.start : head.i + 1]

    def _named_by_place_word(self, span) -> bool:
        """ "the town of X", "the province of X": a capitalized name a place word introduces."""
        root = span.root
        while root.dep_ == "conj" and root.head.i < root.i:
            root = root.head  # "the provinces of Tala and Bani"
        if not all(t.is_title or not t.is_alpha for t in span) or root.dep_ != "pobj":
            return False
        prep = root.head
        return prep.lower_ == "of" and prep.head.is_lower and self._place_head(prep.head)

    def _place_context_kind(self, span) -> str:
        root = span.root
        head = (
            root.head if root.dep_ in ("compound", "nmod") else (root.head.head if root.head.lower_ == "of" else None)
        )
        if head is not None and head.lower_ in self.head_kinds:
            return self.head_kinds[head.lower_]
        return "Place"


def _noun_after_comma(ent) -> list:
    """The head noun of an indefinite description set off by a comma just after a name ("X, a
    once-feared gang"): its first noun after the article and modifiers, if the phrase ends there."""
    doc = ent.doc
    i = ent.end
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in ("a", "an"):
        return []
    for t in doc[i + 2 : i + 8]:
        if t.pos_ == "NOUN":
            after = doc[t.i + 1] if t.i + 1 < len(doc) else None
            return [t] if after is None or after.pos_ != "NOUN" else []
        if t.pos_ not in ("ADV", "ADJ", "VERB", "PUNCT") or t.text in (",", "."):
            return []
    return []


def acronym_definitions(doc) -> dict[str, int]:
    """Acronyms the text defines in parentheses after a name, each with the name's last token:
    "the Kenya Wildlife Service (KWS)" -> {"KWS": <Service>}. The acronym is the initials of the
    capitalized words that end the name (words like "of" and "the" give none).

    >>> import spacy
    >>> doc = spacy.blank("en")("Troops of the District Reserve Guard (DRG) left.")
    >>> acronym_definitions(doc)
    {'DRG': 5}
    """
    out: dict[str, int] = {}
    for tok in doc[2:-1]:
        acr, before, after = tok.text, doc[tok.i - 1], doc[tok.i + 1]
        if before.text != "(" or after.text != ")" or not (acr.isalpha() and acr.isupper() and 2 <= len(acr) <= 8):
            continue
        initials = ""
        for t in reversed(doc[max(0, tok.i - 12) : tok.i - 1]):
            if t.is_title or t.is_upper:
                initials = t.text[0] + initials
                if initials == acr:
                    out.setdefault(acr, tok.i - 2)
                    break
            elif not (t.is_lower and t.is_alpha and len(t.text) <= 3):
                break  # the name ends at anything but a short function word ("of", "the", "and")
    return out


def initials_of(acronym: str, idx: EntityIndex) -> str | None:
    """The one organization named before whose capitalized words have these initials ("CCG"
    after "China Coast Guard"), for an acronym the text uses without defining it."""
    if not (acronym.isalpha() and acronym.isupper() and 2 <= len(acronym) <= 6):
        return None
    found = [
        k
        for k, e in idx.entities.items()
        if e.kind != "Person"
        and not e.generated_label
        and "".join(w[0] for w in e.label.split() if w[:1].isupper()) == acronym
        and len(e.label.split()) > 1
    ]
    return found[0] if len(found) == 1 else None

"""People by name: name variants, surnames, titles and honorifics that join one person in an
article ("Prime Minister Jane Roe", "Roe", "Ms. Roe", "the prime minister"), and he/she pronouns that
refer back to the nearest fitting person. A mixin of the entity extractor
(:class:`kg.extract.entities.EntityExtractor`), whose ``__init__`` reads the word lists.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from kg.extract.mentions import EntityIndex, mention_of
from kg.iri import slugify
from kg.model import Entity


class PeopleNames:
    """Rules for named people and pronouns (a mixin: the word lists are set by the entity
    extractor's ``__init__``)."""

    honorific_gender: dict[str, str]
    honorifics: frozenset[str]
    expletive_verbs: frozenset[str]
    pronoun_gender: dict[str, str]
    say_verbs: frozenset[str]
    titles: frozenset[str]

    def _note_titles(self, span, person: Entity, idx: EntityIndex) -> None:
        """Remember the titles and honorific written before a person's name ("Prime Minister
        Jane Roe", "Ms. Roe"): a later "the prime minister" or "she" may refer to that person."""
        doc = span.doc
        words: list = []
        i = span.start - 1
        while i >= 0:
            pair = f"{doc[i - 1].lower_} {doc[i].lower_}" if i > 0 else ""
            if pair in self.titles:
                words[:0] = pair.split()
                i -= 2
            elif doc[i].lower_ in self.titles or doc[i].lower_ in self.honorifics:
                words.insert(0, doc[i].lower_)
                i -= 1
            else:
                break
        if not words:
            return
        gender = self.honorific_gender.get(words[0])
        if gender and person.key not in idx.person_gender:
            idx.person_gender[person.key] = gender
        titles = idx.person_titles.setdefault(person.key, set())
        for n in range(len(words)):
            for m in range(n + 1, len(words) + 1):
                phrase = " ".join(words[n:m])
                if phrase in self.titles and phrase not in self.honorifics:
                    titles.add(phrase.rstrip("."))

    def _titled_person(self, phrase: str, idx: EntityIndex, last_person: list[str]) -> str | None:
        """The named person last mentioned with this title ("the prime minister")."""
        for key in reversed(last_person):
            if phrase in idx.person_titles.get(key, ()):
                return key
        owners = [k for k, ts in idx.person_titles.items() if phrase in ts]
        return owners[-1] if len(owners) == 1 else None

    def _person_token(self, token: str, persons: dict[str, Entity], idx: EntityIndex) -> Entity | None:
        """The person (named earlier in the article) whose name has this word ("Trump", "Lee")."""
        want = re.sub(r"[^a-z]", "", token.lower())
        if len(want) < 2:
            return None
        pool = list(persons.values()) + [e for e in idx.entities.values() if e.kind == "Person" and e.ref]
        found = [p for p in pool if want in {re.sub(r"[^a-z]", "", t.lower()) for t in re.split(r"[\s-]+", p.label)}]
        if not found:
            return None
        # two people share the word ("Jane Roe", "John Roe"): the one mentioned last
        return max(found, key=lambda p: max((m.begin for m in p.mentions), default=-1))

    def _ends_a_name(self, name: str, persons: dict[str, Entity]) -> bool:
        """The words (two or more) end a longer name of a person named before ("Le Gac")."""
        mine = _name_words(name)
        return any(
            1 < len(mine) < len(theirs) and theirs[-len(mine) :] == mine
            for theirs in (_name_words(p.label) for p in persons.values())
        )

    def _person(self, span, persons: dict[str, Entity], idx: EntityIndex) -> Entity:
        """Name variants ("Lee", "Lee Jae-myung") of one person join, with gazetteer persons too."""
        name = span.text
        squashed = re.sub(r"[^a-z]", "", name.lower())
        if len(span) == 1:
            known = self._person_token(name, persons, idx)
            if known is not None:
                return known
        mine = _name_words(name)
        for p in list(persons.values()) + [e for e in idx.entities.values() if e.kind == "Person" and e.ref]:
            tokens = {re.sub(r"[^a-z]", "", t.lower()) for t in re.split(r"[\s-]+", p.label)}
            if squashed == re.sub(r"[^a-z]", "", p.label.lower()) or (len(span) == 1 and squashed in tokens):
                return p
            theirs = _name_words(p.label)
            if (
                len(mine) > 1
                and len(theirs) > 1
                and mine[-1] == theirs[-1]
                and mine[0] == theirs[0]
                and (set(mine) <= set(theirs) or set(theirs) <= set(mine))
            ):
                return p  # "Abdel Fattah al-Burhan" and "Abdel Fattah Burhan"
            if 1 < len(mine) < len(theirs) and theirs[-len(mine) :] == mine:
                return p  # "Le Brun" after "Jean-Yves Le Brun": a surname of two words
        ent = Entity(key=slugify(name), kind="Person", label=name)
        persons[ent.key] = ent
        return ent

    # ---------------------------------------------------------------------------------------

    def _pronouns(self, doc, idx: EntityIndex) -> None:
        """he/his/him (she/her) -> the nearest person mentioned before, within two sentences, whose
        gender (from an honorific or an earlier pronoun) does not conflict."""
        starts = [s.start for s in doc.sents]  # a token's sentence by bisection: no Token objects made
        for tok in doc:
            gender = self.pronoun_gender.get(tok.lower_)
            if gender is None or tok.i in idx.token_key:
                continue
            here = bisect_right(starts, tok.i) - 1
            first = starts[max(0, here - 2)]  # within two sentences before
            best = self._fronted_possessor(tok, idx, gender)
            subject_first = tok.dep_ in ("nsubj", "nsubjpass")
            speaker = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.say_verbs
            sent_start = starts[here]
            # what the speaker says ('A woman leader "understands us," she said'): its words are
            # about someone, they do not name who speaks
            said = (
                {t.i for c in tok.head.children if c.dep_ in ("ccomp", "parataxis") and c.i < tok.i for t in c.subtree}
                if speaker
                else set()
            )
            for j in range(tok.i - 1, first - 1, -1) if best is None else ():
                if speaker and j >= sent_start and (j in said or _quoted(doc, sent_start, j)):
                    continue  # '"A woman president understands", she said': who is quoted about is not who speaks
                k = idx.token_key.get(j)
                if k and idx.entities[k].kind == "Person" and idx.person_gender.get(k, gender) == gender:
                    if best is None:
                        best = k  # the nearest person
                    if not subject_first or _in_subject(doc[j]):
                        # a subject pronoun continues the topic: the nearest person who was a
                        # subject ("Jane Roe spoke after meeting Ali Bongo. She said ...")
                        best = k
                        break
            if best:
                idx.person_gender.setdefault(best, gender)
                idx.add(idx.entities[best], mention_of(doc[tok.i : tok.i + 1]), range(tok.i, tok.i + 1))

    @staticmethod
    def _fronted_possessor(tok, idx: EntityIndex, gender: str) -> str | None:
        """ "After his meeting with Xi, Biden said ...": a possessive pronoun in the phrase that opens
        the sentence, before its subject, is that subject's when the subject is a person of its
        gender (or of none known)."""
        if tok.dep_ != "poss":
            return None
        root = tok.sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj" and c.i > tok.i), None)
        lead = next(
            (
                c
                for c in root.lefts
                if c.dep_ in ("prep", "advcl", "npadvmod") and c.left_edge.i <= tok.i <= c.right_edge.i
            ),
            None,
        )
        k = idx.key_of(subj) if subj is not None and lead is not None else None
        if k is None or idx.entities[k].kind != "Person" or idx.person_gender.get(k, gender) != gender:
            return None
        return k

    def _speaker_pronouns(self, doc, idx: EntityIndex) -> None:
        """ "Hamas said it had freed ...", "the rebels said they ...": the subject pronoun of what a
        speaker says is the speaker, when it agrees ("it": a state, organization or other body;
        "they": a group, or an organization or state)."""
        for tok in doc:
            low = tok.lower_
            if low not in ("it", "they") or tok.dep_ not in ("nsubj", "nsubjpass") or tok.i in idx.token_key:
                continue
            clause = tok.head
            if clause.dep_ == "ROOT" and clause.pos_ == "VERB" and _opens_clause(tok) and tok.sent.start > 0:
                # "The ministry summoned the envoy. It also demanded ...": a sentence opened by the
                # pronoun goes on with the previous sentence's subject (not "it seemed", "it was")
                if clause.lemma_.lower() in self.expletive_verbs:
                    continue
                speakers = [
                    c for c in doc[tok.sent.start - 1].sent.root.children if c.dep_ in ("nsubj", "nsubjpass")
                ]  # ("The hostages were freed. They were flown home.": a passive's subject too)
            elif clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in self.say_verbs:
                continue
            else:
                speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and c.i < tok.i]
            key = idx.key_of(speakers[0]) if speakers else None
            if key is None:
                continue
            kind = idx.entities[key].kind
            plural = speakers[0].tag_ in ("NNS", "NNPS") or kind == "Group"
            if kind == "Person" or (low == "it" and plural) or (low == "they" and not plural and kind == "State"):
                continue
            idx.add(idx.entities[key], mention_of(doc[tok.i : tok.i + 1]), range(tok.i, tok.i + 1))


def _opens_clause(tok) -> bool:
    """Whether ``tok`` opens its sentence, or follows only the adverbials that open it ("On Friday
    it lifted the curfew", "Later, they left")."""
    before = range(tok.sent.start, tok.i)
    lead = {
        t.i
        for c in tok.head.lefts
        if c.dep_ in ("prep", "advmod", "npadvmod", "punct") and c.i < tok.i
        for t in c.subtree
    }
    return all(i in lead for i in before)


def _quoted(doc, start: int, i: int) -> bool:
    """Whether token ``i`` stands inside a quotation opened after token ``start``."""
    return sum(1 for t in doc[start:i] if t.is_quote and t.text not in ("'", "’")) % 2 == 1


def _name_words(name: str) -> list[str]:
    """The words of a person's name, lower case, without a lower-case particle glued by a hyphen
    ("al-Burhan" -> "burhan") or written apart ("bin", "van": one to three lower-case letters).

    >>> _name_words("Abdel Fattah al-Burhan")
    ['abdel', 'fattah', 'burhan']
    """
    out = []
    for w in name.split():
        head, _, rest = w.partition("-")
        if rest and head.islower() and len(head) <= 3:
            w = rest
        elif w.islower() and len(w) <= 3:
            continue
        w = re.sub(r"[^a-z]", "", w.lower())
        if w:
            out.append(w)
    return out


def _in_subject(tok) -> bool:
    """The token is (part of the name of) a clause's subject."""
    while tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")

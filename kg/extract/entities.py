"""Entities: gazetteer names, statistical NER, described actors, and coreference within an article.

Sources of entities, in order of trust:
1. the gazetteer (reference graph): names, aliases, abbreviations and demonyms, linked to their
   reference IRI; a capital used as an actor ("Pyongyang rejects") stands for its state;
2. spaCy's NER for names the gazetteer lacks, corrected by type rules (no names trusted only from a
   title-cased headline or heading, "DMZ"-like gazetteer hits win over NER labels);
3. described actors with no name ("a North Korean soldier", "two families", "the South Korean
   military"), typed by the word lists in ``ontology/lexicon.ttl``;
4. coreference: definite descriptions ("the soldier") and he/she pronouns join the nearest fitting
   person; different unnamed people in different times stay apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kg.extract.text import Layout
from kg.iri import slugify
from kg.model import Entity, Mention, TimeValue
from kg.knowledge.ontology import Ontology, RefEntity
from kg.vocab import REF

_NER_KIND = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Facility"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
# reference IRIs the gazetteer generator mints for cities and regions (kg/gazetteer.py)
_GENERATED_PLACE_PREFIXES = (str(REF["city/"]), str(REF["subdivision/"]))


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


class EntityExtractor:
    """Builds the matchers for one ontology; reuse it across articles."""

    def __init__(self, ontology: Ontology, nlp) -> None:
        from spacy.matcher import PhraseMatcher

        self.ont = ontology
        self.nlp = nlp
        self.refs = ontology.entities
        self.name_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.demonym_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.state_by_demonym: dict[str, str] = {}
        # place names that are also common words or person names: places only where NER says so
        self.ambiguous = ontology.words("ambiguousPlaceNames")
        # one name, one reference entity: a state before an organization before a capital before
        # another city before a region ("Georgia" the state, "New York" the city)
        claims: dict[str, list[tuple[int, str]]] = {}
        for e in self.refs.values():
            if ontology.is_kind(e.kind, "Event"):
                continue
            rank = self._name_rank(e)
            for n in e.names:
                n = n.strip()
                if len(n) < 2:
                    continue
                claims.setdefault(n, []).append((rank, e.iri))
                place = ontology.is_kind(e.kind, "Place")
                if len(n) > 4 and not n.isupper() and not (place and n.lower() in self.ambiguous):
                    claims.setdefault(n.upper(), []).append((rank + 10, e.iri))
            for d in e.demonyms:
                self.state_by_demonym[d] = e.iri
        self.gazetteer_names = frozenset(n for e in self.refs.values() for n in e.names)
        names: dict[str, set[str]] = {}
        for n, owners in claims.items():
            names.setdefault(min(owners)[1], set()).add(n)
        tok = nlp.make_doc
        for iri_, ns in sorted(names.items()):
            self.name_matcher.add(iri_, [tok(n) for n in sorted(ns)])
        by_state: dict[str, list[str]] = {}
        for d, iri_ in self.state_by_demonym.items():
            by_state.setdefault(iri_, []).append(d)
        for iri_, ds in sorted(by_state.items()):
            pats = []
            for d in sorted(ds):
                pats.append(tok(d))
                pats.append(tok(d + "s"))
            self.demonym_matcher.add(iri_, pats)
        self.armed_forces_of = {e.state_of: e.iri for e in self.refs.values() if e.kind == "ArmedForces" and e.state_of}
        self.government_of = {e.state_of: e.iri for e in self.refs.values() if e.kind == "Government" and e.state_of}
        w = ontology.words
        self.of_heads = frozenset(w("ofHeadWords"))
        # hand-listed person nouns, and those whose first WordNet sense is a person ("villager")
        self.person_nouns = w("personNouns") | w("wordnetPersonNouns")
        self.group_nouns = w("groupNouns")
        self.collective = w("collectiveWords")
        self.army_nouns = w("armedForcesNouns")
        self.gov_nouns = w("governmentNouns")
        self.counted_people = w("countedPeopleWords")
        self.facility_nouns = w("facilityNouns")
        self.place_nouns = w("placeNouns")
        self.relative_places = w("relativePlaceNouns")
        self.part_nouns = w("partNouns")
        self.place_preps = (
            w("locativePrepositions") | w("originPrepositions") | w("destinationPrepositions") | w("targetPrepositions")
        )
        self.agency_nouns = w("agencyNouns")
        self.org_nouns = w("organizationNouns") - self.group_nouns
        self.role_preps = w("agentPrepositions") | w("targetPrepositions") | w("partnerPrepositions")
        self.titles = w("titleWords")
        self.honorifics = w("honorificWords")
        self.role_nouns = w("roleNouns")
        self.distinct_words = w("distinctWords")
        # prepositions after which a name is a place ("near X"), from the locative list
        self.place_preps = w("placeNamePrepositions")
        self.honorific_gender = {**{h: "m" for h in w("maleHonorifics")}, **{h: "f" for h in w("femaleHonorifics")}}
        self.pronoun_gender = {**{p: "m" for p in w("malePronouns")}, **{p: "f" for p in w("femalePronouns")}}
        # "Ministry of X" -> GovernmentAgency, "Y Bridge" -> Facility: the kg:nameHeads* word
        # lists, each with the kg:entityClass its heads give
        self.head_kinds: dict[str, str] = {}
        for name in sorted(ontology.word_lists):
            if name.startswith("nameHeads") and name in ontology.word_list_classes:
                for word in ontology.words(name):
                    self.head_kinds.setdefault(word, ontology.word_list_classes[name])

    # ---------------------------------------------------------------------------------------
    def extract(self, doc, layout: Layout, times: list[TimeValue]) -> EntityIndex:
        idx = EntityIndex(of_heads=self.of_heads)
        taken: set[int] = set()
        gaz_spans = self._gazetteer_spans(doc)
        ner_long = [e for e in doc.ents if e.label_ in ("ORG", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT")]
        for span, iri_, is_demonym in gaz_spans:
            if not is_demonym and any(
                e.start <= span.start and span.end <= e.end and _adds_words(e, span) and not self._is_gazetteer_text(e)
                for e in ner_long
            ):
                continue  # part of a longer name ("Washington Declaration")
            ref = self.refs.get(iri_)
            if ref is None or self._is_ambiguous_place(span, ref):
                continue
            if (
                not is_demonym
                and self.ont.is_kind(ref.kind, "Place")
                and any(
                    e.label_ == "PERSON" and e.start <= span.start and span.end <= e.end and len(e) > len(span)
                    for e in doc.ents
                )
            ):
                continue  # part of a person's name ("Vladimir Petrov", "George Washington")
            if (is_demonym and span.text.endswith("s") and span[-1].tag_ == "NNPS") or (
                is_demonym
                and span.text.endswith("s")
                and span[-1].pos_ in ("NOUN", "PROPN")
                and span[-1].tag_ in ("NNS", "NNPS")
            ):
                # "North Koreans": people of a state; a group when counted or when they undergo an
                # act ("two Israelis were killed", "police detained Georgians"), else the state
                if self._is_counted(span[-1]) or _undergoes(span[-1]):
                    head = span[-1]
                    start = min(
                        [head.i]
                        + [c.left_edge.i for c in head.lefts if c.dep_ in ("nummod", "quantmod", "amod", "det")]
                    )
                    gspan = doc[start : span.end]
                    demonym = next(
                        (d for d in sorted(ref.demonyms, key=len, reverse=True) if span.text.startswith(d)), ref.label
                    )
                    self._add_group(idx, doc, gspan, nationality=ref.iri, label=f"{demonym}s")
                    taken.update(range(gspan.start, gspan.end))
                    continue
            target = self._metonym_target(span, ref)
            ent = Entity(key=target.iri, kind=target.kind, label=target.label, ref=target.iri)
            idx.add(ent, _mention(span), range(span.start, span.end))
            taken.update(range(span.start, span.end))
        self._contextual_states(doc, idx, taken)
        self._named_entities(doc, layout, idx, taken)
        self._described_actors(doc, layout, idx, taken, times)
        self._pronouns(doc, idx)
        return idx

    def _is_gazetteer_text(self, span) -> bool:
        return span.text in self.gazetteer_names

    def _gazetteer_spans(self, doc):
        from spacy.util import filter_spans

        spans = []
        for match_id, b, e in self.name_matcher(doc):
            s = doc[b:e]
            s.label_ = self.nlp.vocab.strings[match_id]
            spans.append((s, False))
        for match_id, b, e in self.demonym_matcher(doc):
            s = doc[b:e]
            s.label_ = self.nlp.vocab.strings[match_id]
            spans.append((s, True))
        demonym_ids = {(s.start, s.end) for s, d in spans if d}
        kept = filter_spans([s for s, _ in spans])
        return [(s, s.label_, (s.start, s.end) in demonym_ids) for s in kept]

    def _metonym_target(self, span, ref: RefEntity) -> RefEntity:
        """A capital city used as an actor stands for its state ("Pyongyang rejects")."""
        if ref.kind != "City" or not ref.capital_of or ref.capital_of not in self.refs:
            return ref
        root = span.root
        doc = span.doc
        if span.text.isupper() or (
            span.end + 1 < len(doc)
            and doc[span.end].text == ","
            and self.refs[ref.capital_of].label.split()[0] == doc[span.end + 1].text
        ):
            return ref  # a dateline ("SEOUL, South Korea -"): the place the story is filed from
        if root.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "agent"):
            return self.refs[ref.capital_of]
        if root.dep_ == "pobj" and root.head.lower_ in ("of", "by") and root.head.head.pos_ == "NOUN":
            return self.refs[ref.capital_of]
        return ref

    def _is_counted(self, tok) -> bool:
        return any(
            c.dep_ in ("nummod", "quantmod") or c.lower_ in self.collective or c.like_num for c in tok.children
        ) or any(c.lower_ in ("more", "than", "estimated", "about", "some", "nearly", "over") for c in tok.subtree)

    def _contextual_states(self, doc, idx: EntityIndex, taken: set[int]) -> None:
        """ "the North" / "the South" name a state when the article names a state "North X" or
        "South X" and the gazetteer has the state of that side with the same X (North/South Korea)."""
        sides = ("North", "South", "East", "West")
        roots = set()
        for k in idx.entities:
            ref = self.refs.get(k)
            if ref is not None and ref.kind == "State" and ref.label.split()[0] in sides and len(ref.label.split()) > 1:
                roots.add(ref.label.split(" ", 1)[1])
        if not roots:
            return
        by_side: dict[str, set[str]] = {}
        for ref in self.refs.values():
            parts = ref.label.split(" ", 1)
            if ref.kind == "State" and len(parts) == 2 and parts[0] in sides and parts[1] in roots:
                by_side.setdefault(parts[0], set()).add(ref.iri)
        for tok in doc:
            if tok.i in taken or tok.text not in by_side or len(by_side[tok.text]) != 1:
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[0].isupper():
                continue
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if prev is None or prev.lower_ != "the":
                if not (prev is not None and prev.lower_ in ("toward", "towards", "to", "from")):
                    continue
            ref = self.refs[next(iter(by_side[tok.text]))]
            start = tok.i - 1 if prev is not None and prev.lower_ == "the" else tok.i
            span = doc[start : tok.i + 1]
            idx.add(Entity(ref.iri, ref.kind, ref.label, ref=ref.iri), _mention(span), range(start, tok.i + 1))
            taken.update(range(start, tok.i + 1))

    def _named_entities(self, doc, layout: Layout, idx: EntityIndex, taken: set[int]) -> None:
        body_text = layout.body_text(doc.text)
        persons: dict[str, Entity] = {}
        # names of people first: a surname the NER calls an organization elsewhere ("Roe's office
        # said") is then known as part of a person's name
        for ent in sorted(doc.ents, key=lambda e: (e.label_ != "PERSON", e.start)):
            kind = _NER_KIND.get(ent.label_)
            if kind is None:
                continue
            state, named = self._state_prefix(ent, idx, taken) if kind == "Organization" else (None, ent)
            if named is None or any(i in taken for i in range(named.start, named.end)):
                continue
            ent = named
            span = _strip_span(ent, self.titles | self.honorifics)
            if span is None or not any(t.is_alpha for t in span):
                continue
            if kind == "Organization" and not any(t.text[:1].isupper() for t in span if t.is_alpha):
                continue  # "defence ministry": a description, not a name (described actors take it)
            if layout.is_title_line(span.start_char) and span.text not in body_text:
                continue  # a title-cased headline or heading alone is no evidence of a name
            if span.text.isupper() and len(span.text) <= 5 and kind != "Organization":
                continue
            if len(span) == 1 and _sentence_initial(span[0]) and self._people_word(span[0]):
                continue  # "Gunmen killed five": a common noun capitalized by its place, no name
            if kind != "Person" and len(span) == 1 and self._person_token(span.text, persons, idx):
                kind = "Person"
            if (
                kind == "Person"
                and not self._person_token(span.text.split()[-1], persons, idx)
                and self._used_as_place(span)
                and span.root.head.lower_ != "at"
            ):
                kind = "Place"  # "near Kora Tambu": the NER took a place name for a person's
            if kind == "Person":
                if len(span) == 1 and span[0].pos_ != "PROPN":
                    continue
                ent_obj = self._person(span, persons, idx)
                self._note_titles(span, ent_obj, idx)
            elif kind == "Organization":
                if all(t.lower_ in self.army_nouns | self.gov_nouns for t in span):
                    continue
                if len(span) == 1:
                    earlier = self._org_word(span[0], idx)
                    if earlier is not None:  # "the Council" -> "UN Security Council"
                        idx.add(earlier, _mention(span), range(span.start, span.end))
                        taken.update(range(span.start, span.end))
                        continue
                    if span[0].lower_ in self.head_kinds:
                        continue  # a bare head noun ("Embassy") with nothing to refer to
                okind = self._head_kind(span, "Organization")
                if okind == "Organization" and self._used_as_place(span):
                    pkind = self._place_context_kind(span)
                    ent_obj = Entity(key=slugify(span.text), kind=pkind, label=span.text)
                    idx.add(ent_obj, _mention(span), range(span.start, span.end))
                    taken.update(range(span.start, span.end))
                    continue
                full = span
                if state is not None:  # "Indian Ministry of Defence": the demonym is part of the name
                    full = doc[
                        min(
                            span.start,
                            *(i for i in range(ent.start - 3, span.start) if i >= 0 and idx.token_key.get(i) == state),
                        ) : span.end
                    ]
                state = state or self._possessor_state(span, idx)  # "India's Defence Ministry"
                if state is not None and okind != "Organization":
                    ent_obj = Entity(key=slugify(full.text), kind=okind, label=full.text, state_of=state)
                    idx.add(ent_obj, _mention(full), range(span.start, span.end))
                    taken.update(range(span.start, span.end))
                    continue
                ent_obj = Entity(key=slugify(span.text), kind=okind, label=span.text)
            else:
                pkind = "Facility" if kind == "Facility" else ("City" if ent.label_ == "GPE" else "Place")
                pkind = self._head_kind(span, pkind) if pkind == "Place" else pkind
                ent_obj = Entity(key=slugify(span.text), kind=pkind, label=span.text)
            idx.add(ent_obj, _mention(span), range(span.start, span.end))
            taken.update(range(span.start, span.end))

    def _place_head(self, tok) -> bool:
        kind = self.head_kinds.get(tok.lower_)
        return kind is not None and self.ont.is_kind(kind, "Place")

    def _used_as_place(self, span) -> bool:
        """A name the NER calls an organization but the grammar places: "the town of X", "X
        village", "near X", "in X" (not an acronym, no organization head)."""
        if span.text.isupper() or any(t.like_num for t in span):
            return False
        root = span.root
        if root.dep_ == "compound" and self._place_head(root.head):
            return True  # "Kwaranglum village"
        if root.dep_ == "pobj":
            prep = root.head
            if prep.lower_ == "of" and self._place_head(prep.head):
                return True  # "the town of El Pescado"
            if prep.lower_ in self.place_preps and (prep.head.pos_ == "VERB" or prep.lower_ not in ("in", "at")):
                return True  # "clashed near X", "attacked in X", "rebels near X"
        return False

    def _place_context_kind(self, span) -> str:
        root = span.root
        head = root.head if root.dep_ == "compound" else (root.head.head if root.head.lower_ == "of" else None)
        if head is not None and head.lower_ in self.head_kinds:
            return self.head_kinds[head.lower_]
        return "Place"

    def _org_word(self, tok, idx: EntityIndex) -> Entity | None:
        """The organization named earlier whose name has this word ("Sendero" for "Sendero
        Luminoso", "Council" for "Security Council"); the one mentioned last wins."""
        found = [
            e
            for e in idx.entities.values()
            if self.ont.is_kind(e.kind, "Organization")
            and len(e.label.split()) > 1
            and tok.text in e.label.split()
            and any(m.begin < tok.idx for m in e.mentions)
        ]
        if not found:
            return None
        return max(found, key=lambda e: max(m.begin for m in e.mentions))

    def _state_prefix(self, ent, idx: EntityIndex, taken: set[int]):
        """An organization name that starts with a state's name or demonym the gazetteer already
        took ("Indian Ministry of Defence"): the state, and the name (whole span) to keep.
        Returns (None, ent) when no prefix is taken, (None, None) when the overlap is elsewhere."""
        overlap = [i for i in range(ent.start, ent.end) if i in taken]
        if not overlap:
            return None, ent
        doc = ent.doc
        start = ent.start
        while start < ent.end and doc[start].lower_ in _DETERMINERS:
            start += 1
        ent = doc[start : ent.end]
        keys = {idx.token_key.get(i) for i in overlap}
        prefix = overlap == list(range(ent.start, ent.start + len(overlap))) and len(overlap) < len(ent)
        if len(keys) == 1 and prefix:
            key = next(iter(keys))
            if key in self.refs and self.refs[key].kind == "State":
                return key, ent.doc[ent.start + len(overlap) : ent.end]
        return None, None

    def _possessor_state(self, span, idx: EntityIndex) -> str | None:
        for c in span.root.lefts:
            k = idx.token_key.get(c.i)
            if c.dep_ == "poss" and k in self.refs and self.refs[k].kind == "State":
                return k
        return None

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

    def _name_rank(self, e: RefEntity) -> int:
        ont = self.ont
        if e.kind == "State":
            return 0
        if ont.is_kind(e.kind, "Organization") or e.kind == "Person":
            return 1
        if e.kind == "City" and e.capital_of:
            return 2
        if not e.iri.startswith(_GENERATED_PLACE_PREFIXES):
            return 3  # a curated place
        return 4 if e.kind == "City" else 5

    def _is_ambiguous_place(self, span, ref: RefEntity) -> bool:
        """A place name that is also a common word or a person's name ("Mobile", "Victoria") is
        a place only where the statistical NER labels it one."""
        if span.text.lower() not in self.ambiguous or not self.ont.is_kind(ref.kind, "Place"):
            return False
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in _DETERMINERS:
            return True  # "the North", "the Reading": a common noun phrase, not a place name
        return not any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in span)

    def _head_kind(self, span, default: str) -> str:
        """The class a name's head noun gives ("Ministry of Defence", "Gateway Bridge")."""
        root = span.root
        two = " ".join(t.lower_ for t in span[-2:]) if len(span) > 1 else None
        return self.head_kinds.get(two or "", self.head_kinds.get(root.lower_, default))

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
        ent = Entity(key=slugify(name), kind="Person", label=name)
        persons[ent.key] = ent
        return ent

    # ---------------------------------------------------------------------------------------
    def _nationality(self, tok, idx: EntityIndex) -> str | None:
        """The state named by a demonym or name modifying ``tok`` ("North Korean soldier")."""
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod") and c.i < tok.i:
                k = idx.token_key.get(c.i)
                if k and k in self.refs and self.refs[k].kind == "State":
                    return k
        # the adjective may hang off another modifier ("the current South Korean administration")
        for t in tok.lefts:
            k = idx.token_key.get(t.i)
            if k and k in self.refs and self.refs[k].kind == "State":
                return k
        return None

    def _described_actors(self, doc, layout: Layout, idx: EntityIndex, taken: set[int], times: list[TimeValue]) -> None:
        last_person: list[str] = []
        last_of_kind: dict[str, str] = {}
        for sent in doc.sents:
            if layout.is_title_line(sent.start_char) and not layout.is_headline(sent.start_char):
                continue
            year_bucket = _sentence_year(sent, times)
            for tok in sent:
                if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
                    continue
                lemma = _noun_lemma(tok)
                low = tok.lower_
                compound = " ".join(c.lower_ for c in tok.lefts if c.dep_ == "compound") + (
                    " " if any(c.dep_ == "compound" for c in tok.lefts) else ""
                )
                phrase = compound + lemma
                nat = self._nationality(tok, idx)
                span = _np_span(doc, tok, taken)
                if span is None:
                    continue
                if phrase in self.army_nouns or lemma in self.army_nouns or low in self.army_nouns:
                    self._org_noun(doc, tok, span, nat, "ArmedForces", self.armed_forces_of, idx, taken, last_of_kind)
                elif phrase in self.agency_nouns or lemma in self.agency_nouns or low in self.agency_nouns:
                    self._org_noun(doc, tok, span, nat, "GovernmentAgency", {}, idx, taken, last_of_kind)
                elif lemma in self.gov_nouns or low in self.gov_nouns:
                    if tok.tag_ == "NNS" and lemma != "authority":
                        continue
                    det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)
                    if not nat and det not in ("the", "its", "their", "this"):
                        continue
                    self._org_noun(doc, tok, span, nat, "Government", self.government_of, idx, taken, last_of_kind)
                elif self._acting_org(tok, lemma, nat):
                    # "the council voted", "the charity sent aid": an unnamed organization that acts
                    words = " ".join(t.lower_ for t in span if t.lower_ not in _DETERMINERS and t.dep_ != "poss")
                    ent = Entity(slugify(words), "Organization", words, generated_label=True, state_of=nat)
                    idx.add(ent, _mention(span), range(span.start, span.end))
                    taken.update(range(span.start, span.end))
                elif (tok.tag_ in ("NNS", "NNPS") or self._capitalized_plural(tok)) and (
                    low in self.group_nouns
                    or lemma in self.person_nouns
                    or (low in self.counted_people and self._is_counted(tok))
                ):
                    if not (
                        self._is_counted(tok)
                        or nat
                        or any(c.dep_ == "poss" for c in tok.children)
                        or _quantified_of(tok, self.collective)
                        or _acts(tok)
                        or self._role_object(tok)
                        or _specific(tok)
                    ):
                        continue
                    head_span = _quantity_span(doc, tok, self.collective) or _without_possessor(doc, tok, span)
                    label = _describe(tok, nat, self.refs, plural=True)
                    self._add_group(idx, doc, head_span, nationality=nat, label=label, bucket=year_bucket)
                    taken.update(range(head_span.start, head_span.end))
                elif tok.tag_ in ("NN", "NNP") and (lemma in self.person_nouns or phrase.strip() in self.person_nouns):
                    if _is_title_before_name(tok):
                        continue
                    det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)
                    named = (
                        self._titled_person(_title_phrase(tok), idx, last_person)
                        if det in ("the", "this", "that")
                        else None
                    )
                    if named is not None:  # "the prime minister" -> "Prime Minister Jane Roe"
                        idx.add(idx.entities[named], _mention(span), range(span.start, span.end))
                        taken.update(range(span.start, span.end))
                        continue
                    label = _describe(tok, nat, self.refs, plural=False)
                    key = None
                    distinct = any(c.lower_ in self.distinct_words for c in tok.lefts)
                    if not distinct and (det in ("the", "this", "that") or det is None):
                        key = self._corefer(idx, last_person, nat, lemma)
                    if key is None:
                        base = "person-" + slugify(label) + (f"-{year_bucket}" if year_bucket else "")
                        key = base
                        if det in ("a", "an") or distinct:
                            # "another soldier", or a second "a soldier" in the same sentence, is a
                            # new person; a later sentence may restate the same one ("a soldier")
                            n = 1
                            while key in idx.entities and (
                                distinct
                                or any(sent.start_char <= m.begin < sent.end_char for m in idx.entities[key].mentions)
                            ):
                                n += 1
                                key = f"{base}-{n}"
                    ent = idx.entities.get(key) or Entity(
                        key=key,
                        kind="Person",
                        label=label + (f" ({year_bucket})" if year_bucket and str(year_bucket) in key else ""),
                        generated_label=True,
                        anonymous=True,
                        nationality=nat,
                    )
                    if nat and not ent.nationality:
                        ent.nationality = nat
                    idx.add(ent, _mention(span), range(span.start, span.end))
                    idx.descriptive.add(key)
                    taken.update(range(span.start, span.end))
                    if key in last_person:
                        last_person.remove(key)
                    last_person.append(key)
                elif tok.pos_ == "NOUN" and self._described_place(doc, tok, lemma, span, idx, taken):
                    continue
            # named persons are antecedents too
            for tok in sent:
                k = idx.token_key.get(tok.i)
                if k and idx.entities[k].kind == "Person" and k not in idx.descriptive:
                    if k in last_person:
                        last_person.remove(k)
                    last_person.append(k)

    def _described_place(self, doc, tok, lemma: str, span, idx: EntityIndex, taken: set[int]) -> bool:
        """An unnamed place where something happens: a common noun that can name a place
        (kg:facilityNouns, kg:placeNouns from WordNet) as the object of a place preposition ("in
        the village", "near a checkpoint") or the object or passive subject of a verb ("shelled the
        town", "the base was attacked"). One node per label in the article; kept only when an
        event uses it. A noun whose place has a name ("the village of X", "X airport") is left to
        the name, and relative places ("the area", "the side") are not places of their own."""
        if lemma in self.relative_places or lemma in self.part_nouns or tok.tag_ not in ("NN", "NNS"):
            return False
        facility = lemma in self.facility_nouns
        if not facility and lemma not in self.place_nouns:
            return False
        prep = tok.head if tok.dep_ == "pobj" else None
        slot = (prep is not None and prep.lower_ in self.place_preps) or (
            tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB"
        )
        if not slot:
            return False
        named = any(
            t.i in idx.token_key and idx.entities[idx.token_key[t.i]].kind not in ("Person", "Group")
            for c in tok.children
            if c.dep_ in ("prep", "appos", "compound")
            for t in (c.subtree if c.dep_ != "compound" else [c])
            if not (c.dep_ == "prep" and c.lower_ != "of")
        )
        if named:
            return False
        words = [t for t in span if t.dep_ not in ("det", "poss", "nummod", "predet") and not t.is_punct]
        if any(t.i in taken for t in words):
            return False
        label = doc[words[0].i : span.end].text
        if words[0].pos_ != "PROPN":
            label = label[:1].lower() + label[1:]  # "a Military base" at a sentence start
        key = "place-" + slugify(label)
        ent = idx.entities.get(key) or Entity(
            key=key, kind="Facility" if facility else "Place", label=label, generated_label=True, anonymous=True
        )
        idx.add(ent, _mention(span), range(span.start, span.end))
        idx.descriptive.add(key)
        taken.update(range(span.start, span.end))
        return True

    def _corefer(self, idx: EntityIndex, last_person: list[str], nat: str | None, head: str) -> str | None:
        """A definite description refers back to the latest described person with the same head
        noun ("the soldier" -> "a North Korean soldier"); a role noun ("the defector", "the man")
        to the most mentioned described person of a compatible nationality."""
        fitting = []
        for key in reversed(last_person):
            ent = idx.entities[key]
            if key not in idx.descriptive or ent.kind != "Person":
                continue
            if nat and ent.nationality and ent.nationality != nat:
                continue
            if ent.label.split(" (")[0].split()[-1] == head:
                return key
            fitting.append(ent)
        if head in self.role_nouns and fitting:
            return max(fitting, key=lambda e: len(e.mentions)).key
        return None

    def _people_word(self, tok) -> bool:
        """A common noun of people or forces ("gunmen", "rebels", "soldiers")."""
        low = tok.lower_
        forms = {low, _noun_lemma(tok), low[:-3] + "man" if low.endswith("men") else low, low.removesuffix("s")}
        return low in self.group_nouns or bool(forms & self.person_nouns)

    def _role_object(self, tok) -> bool:
        """ "fired on protesters", "clashes between herders and farmers", "the attack by gunmen": a
        plural that is the object of an agent, target or partner preposition may hold a role; it is
        kept only if an event then gives it one."""
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head  # "between herders and farmers"
        return tok.dep_ == "pobj" and tok.head.lower_ in self.role_preps

    def _capitalized_plural(self, tok) -> bool:
        """ "Gunmen killed ...", "Rebels said ...": a plural of people the tagger took for a name
        because it opens the sentence."""
        return (
            tok.tag_ == "NNP"
            and _sentence_initial(tok)
            and (tok.lower_.endswith("s") or tok.lower_.endswith("men"))
            and self._people_word(tok)
        )

    def _acting_org(self, tok, lemma: str, nat) -> bool:
        """A singular organization noun (kg:organizationNouns) with a determiner or a state, as the
        subject or "by"-agent of an episodic verb: an organization with a role in the story."""
        if tok.tag_ != "NN" or lemma not in self.org_nouns or lemma in self.person_nouns:
            return False
        if not (nat or any(c.dep_ in ("det", "poss") for c in tok.children)):
            return False
        agent = tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.lower_ == "by")
        return agent and _acts(tok)

    def _org_noun(
        self, doc, tok, span, nat, kind, table, idx: EntityIndex, taken: set[int], last_of_kind: dict
    ) -> None:
        leader = next(
            (
                idx.token_key[c.i]
                for c in tok.lefts
                if c.i in idx.token_key and idx.entities[idx.token_key[c.i]].kind == "Person"
            ),
            None,
        )
        if kind == "Government" and leader:
            name = idx.entities[leader].label
            ent = Entity(f"{slugify(name)}-administration", kind, f"{name} administration")
            ent = idx.add(ent, _mention(span), range(span.start, span.end))
            last_of_kind[kind] = ent.key
            taken.update(range(span.start, span.end))
            return
        if nat and nat in table:
            ref = self.refs[table[nat]]
            ent = Entity(ref.iri, ref.kind, ref.label, ref=ref.iri)
        elif nat:
            st = self.refs[nat]
            word = {"ArmedForces": "armed forces", "Government": "government"}.get(kind) or " ".join(
                t.lower_
                for t in span
                if t.lower_ not in _DETERMINERS
                and idx.token_key.get(t.i) != nat
                and t.dep_ != "case"
                and not t.is_punct
            )
            ent = Entity(
                f"{slugify(word)}-of-{slugify(st.label)}",
                kind,
                f"{word[:1].upper() + word[1:]} of {st.label}",
                state_of=nat,
            )
        elif kind in last_of_kind:
            ent = idx.entities[last_of_kind[kind]]
        else:
            words = " ".join(
                t.text if t.pos_ == "PROPN" else t.lower_ for t in span if t.lower_ not in _DETERMINERS
            )  # "Lagos court": a name keeps its capitals
            ent = Entity(slugify(words), kind, words, generated_label=True)
        ent = idx.add(ent, _mention(span), range(span.start, span.end))
        last_of_kind[kind] = ent.key
        taken.update(range(span.start, span.end))

    def _add_group(self, idx: EntityIndex, doc, span, *, nationality: str | None, label: str, bucket=None) -> None:
        key = "group-" + slugify(span.text)
        ent = idx.entities.get(key) or Entity(
            key=key, kind="Group", label=label, generated_label=True, anonymous=True, nationality=nationality
        )
        idx.add(ent, _mention(span), range(span.start, span.end))
        idx.descriptive.add(key)

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
            best = None
            subject_first = tok.dep_ in ("nsubj", "nsubjpass")
            for j in range(tok.i - 1, first - 1, -1):
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
                idx.add(idx.entities[best], _mention(doc[tok.i : tok.i + 1]), range(tok.i, tok.i + 1))


def _adds_words(outer, inner) -> bool:
    """True when ``outer`` has words beyond ``inner`` other than a determiner or a parenthesis."""
    depth = 0
    for t in outer:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif inner.start <= t.i < inner.end or depth > 0 or t.is_punct or t.lower_ in _DETERMINERS:
            continue
        elif t.is_alpha or t.like_num:
            return True
    return False


def _mention(span) -> Mention:
    """The span as a mention. ``span.text`` is the doc's text between the span's offsets (a token
    keeps at most one trailing space, which a span leaves out); ``doc.text`` would join every
    token of the document again on each call."""
    return Mention(span.start_char, span.end_char, span.text)


def _strip_span(span, titles: frozenset[str]):
    """Drop leading determiners, titles and possessive endings from a NER span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].lower_ in titles):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _np_span(doc, tok, taken: set[int]):
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
    if any(i in taken for i in range(start, tok.i + 1)):
        # keep a modifier that is already an entity (a demonym) inside the phrase
        if tok.i in taken:
            return None
    end = tok.i + 1
    return doc[start:end]


def _without_possessor(doc, tok, span):
    """ "North Korea's estimated 34,000 defectors" -> "estimated 34,000 defectors": the possessor is
    the group's state, not part of its description."""
    poss = [c for c in tok.lefts if c.dep_ == "poss" and c.pos_ != "PRON"]  # "his comrades" stays whole
    if not poss:
        return span
    start = max(t.i for c in poss for t in c.subtree) + 1
    while (start < tok.i and doc[start].dep_ in ("case", "punct")) or (
        start < tok.i and doc[start].text in ("'s", "’s", "'")
    ):
        start += 1
    return doc[start : span.end] if start <= tok.i else span


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


def _sentence_initial(tok) -> bool:
    """The token opens its sentence (or a line, or follows an opening quote)."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return tok.is_sent_start or prev is None or prev.is_space or prev.text in ('"', "“", "'")


def _noun_lemma(tok) -> str:
    """The noun's lemma, also for a capitalized plural the tagger took for a name ("Gunmen"), or a
    sentence's first word it took for one."""
    lemma = tok.lemma_.lower()
    if (tok.tag_ == "NNPS" or (tok.tag_ == "NNP" and _sentence_initial(tok))) and lemma == tok.lower_:
        if lemma.endswith("men"):
            return lemma[:-3] + "man"
        if lemma.endswith("s") and not lemma.endswith("ss"):
            return lemma[:-1]
    return lemma


def _specific(tok) -> bool:
    """A plural made specific by a definite determiner or a describing modifier ("the hostages",
    "armed men", "cartel gunmen"), in a clause with no generic marker; it is kept only if it then
    takes part in an event or a claim."""
    if not any(
        (c.dep_ == "det" and c.lower_ in ("the", "these", "those")) or c.dep_ in ("amod", "compound")
        for c in tok.children
    ):
        return False
    verb = tok.head
    while verb.dep_ not in ("ROOT", "advcl", "ccomp", "relcl", "xcomp") and verb.head is not verb:
        verb = verb.head
    return not any(c.dep_ == "mark" for c in verb.children)


def _in_subject(tok) -> bool:
    """The token is (part of the name of) a clause's subject."""
    while tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


def _undergoes(tok) -> bool:
    """The noun (or the first of its conjuncts) is a passive subject or a direct object: someone
    something is done to."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubjpass", "dobj")


def _acts(tok) -> bool:
    """A plural that is the subject or object of a verb in a past, episodic clause ("protesters
    gathered", "police detained protesters", "were attacked by gunmen"): a collective with a role
    in the story. A bare plural of a generic or habitual clause ("when soldiers have defected")
    is not one."""
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ == "by":
        verb = tok.head.head
    else:
        return False
    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "mark" for c in verb.children):
        return False
    if any(c.dep_ == "det" for c in tok.children):
        return True
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not aux:  # "gunmen attacked", and the headline's present ("gunmen attack village")
        return verb.tag_ in ("VBD", "VBZ", "VBP")
    return any(a.tag_ == "VBD" or (a.dep_ == "auxpass" and a.tag_ in ("VBZ", "VBP")) for a in aux)


def _quantified_of(tok, collective) -> bool:
    """ "thousands of troops": the plural is counted by the word it hangs off."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in collective


def _quantity_span(doc, tok, collective):
    if _quantified_of(tok, collective):
        q = tok.head.head
        start = min(q.left_edge.i, q.i)
        return doc[start : tok.i + 1]
    return None


def _describe(tok, nat: str | None, refs, *, plural: bool) -> str:
    mods = [
        c
        for c in tok.lefts
        if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ", "PROPN") and c.lower_ not in _DETERMINERS
    ]
    nat_words = set()
    if nat:
        for n in (refs[nat].label, *refs[nat].demonyms, *refs[nat].names):
            nat_words |= set(n.split())
    # a modifier with its own compounds ("Boko Haram fighters"); a name keeps its capitals
    words = [
        " ".join(t.text if _is_name(phrase) else t.lower_ for t in phrase)
        for m in mods
        if m.text not in nat_words
        for phrase in [m.doc[m.left_edge.i : m.i + 1]]
    ]
    demonym = (
        sorted(refs[nat].demonyms, key=len)[-1] if nat and refs[nat].demonyms else (refs[nat].label if nat else "")
    )
    head = tok.text.lower() if plural else tok.lemma_.lower()
    return " ".join(w for w in [demonym, *words, head] if w).strip()


def _is_name(phrase) -> bool:
    """A modifier phrase that holds a proper noun is a name and keeps its capitals ("Red Dawn")."""
    return any(t.pos_ == "PROPN" for t in phrase)


def _title_phrase(tok) -> str:
    """The head noun with its adjective and noun modifiers, as a title ("prime minister")."""
    mods = [c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN", "PROPN")]
    return " ".join([*mods, tok.lower_])


def _is_title_before_name(tok) -> bool:
    """ "President" in "President Lee" is a title, not a described person."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.dep_ == "compound" or (nxt is not None and nxt.pos_ == "PROPN" and nxt.ent_type_ == "PERSON")


def _sentence_year(sent, times: list[TimeValue]) -> int | None:
    """The year of a year-precision time in this sentence (it separates people of other times)."""
    for t in times:
        if sent.start_char <= t.mention.begin < sent.end_char and t.precision.value == "year":
            if t.anchor is None or int(t.value[:4]) != t.anchor.year:
                return int(t.value[:4])
    return None

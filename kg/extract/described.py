"""Described actors: people, groups, organizations and places the text names by a description
("a North Korean soldier", "two families", "the South Korean military", "the council", "the
village"), typed by the word lists in ``ontology/lexicon.ttl`` and the WordNet-generated ones; a
definite description joins the actor it refers back to (:mod:`kg.extract.refer_back`). A mixin of
the entity extractor
(:class:`kg.extract.entities.EntityExtractor`), whose ``__init__`` reads the word lists.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.mentions import (
    DETERMINERS,
    GROUP_KEY_PREFIX,
    EntityIndex,
    mention_of,
    np_span,
    people_by_state,
    sentence_initial,
    with_complement,
)
from kg.extract.refer_back import (
    ReferBack,
    headline_group,
    name_before_head,
    named_in_apposition,
    named_with_head,
    state_told,
)
from kg.extract.text import Layout
from kg.iri import slugify
from kg.model import Entity, TimeValue
from kg.knowledge.ontology import Ontology, RefEntity


class DescribedActors(ReferBack):
    """Rules for actors and places without a name (a mixin: the word lists are set by the entity
    extractor's ``__init__``)."""

    ont: Ontology
    refs: dict[str, RefEntity]
    armed_forces_of: dict[str, str]
    government_of: dict[str, str]
    agency_nouns: frozenset[str]
    army_nouns: frozenset[str]
    craft_nouns: frozenset[str]
    collective: frozenset[str]
    crowd_nouns: frozenset[str]
    counted_people: frozenset[str]
    distinct_words: frozenset[str]
    facility_nouns: frozenset[str]
    ministry_words: frozenset[str]
    gov_nouns: frozenset[str]
    group_nouns: frozenset[str]
    org_nouns: frozenset[str]
    org_anaphors: frozenset[str]
    org_name_heads: frozenset[str]
    state_anaphors: frozenset[str]
    sequence_marks: frozenset[str]
    unit_nouns: frozenset[str]
    generic_agency_nouns: frozenset[str]
    person_nouns: frozenset[str]
    place_nouns: frozenset[str]
    role_nouns: frozenset[str]
    role_preps: frozenset[str]
    relative_places: frozenset[str]
    speech_occasions: frozenset[str]
    part_nouns: frozenset[str]
    described_place_preps: frozenset[str]
    adherent_nouns: frozenset[str]
    member_nouns: frozenset[str]
    titles: frozenset[str]
    hedges: frozenset[str]
    _is_counted: Callable[..., bool]
    _titled_person: Callable[..., str | None]

    def _state_of_subject(self, tok, idx: EntityIndex) -> str | None:
        """The state of the subject of the clause that holds ``tok`` (or of the clause that
        reports it): a state, or an organ of one ("Kenya's defence ministry said its forces ...")."""
        node = tok
        for _ in range(6):
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                for c in node.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and not (c.left_edge.i <= tok.i <= c.right_edge.i):
                        k = idx.token_key.get(c.i)
                        if k is None:
                            return None
                        if k in self.refs and self.refs[k].kind == "State":
                            return k
                        return idx.entities[k].state_of
            if node.dep_ == "ROOT":
                break
        return None

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
        if tok.dep_ == "compound" and tok.head.i > tok.i:
            # "Chinese coast guard vessels": the demonym the whole phrase opens with
            for c in tok.head.children:
                k = idx.token_key.get(c.i) if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i else None
                if k and k in self.refs and self.refs[k].kind == "State":
                    return k
        if any(c.dep_ == "poss" and c.lower_ == "its" for c in tok.children):
            told = self._state_of_subject(tok, idx)
            if told is not None:
                return told  # "Kenya's defence ministry blamed X and said its forces returned fire"
            # "Peru expelled two diplomats, its foreign ministry said": the state named last before it
            for t in reversed(tok.doc[tok.sent.start : tok.i]):
                k = idx.token_key.get(t.i)
                if k and k in self.refs and self.refs[k].kind == "State":
                    return k
                if k and not self.ont.is_kind(idx.entities[k].kind, "Place") and idx.entities[k].kind != "Group":
                    break  # an actor named in between is what "its" refers to (not a plural one)
                if t.pos_ == "NOUN" and t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.tag_ == "NN":
                    break  # "the rebel group ... its fighters": a singular noun in between
        return None

    def _described_actors(self, doc, layout: Layout, idx: EntityIndex, taken: set[int], times: list[TimeValue]) -> None:
        last_person: list[str] = []
        last_of_kind: dict[str | tuple[str, str], str] = {}
        for sent in doc.sents:
            if layout.is_title_line(sent.start_char) and not layout.is_headline(sent.start_char):
                continue
            year_bucket = _sentence_year(sent, times)
            for tok in sent:
                if tok.i not in taken and people_by_state(tok):
                    span = _quantity_span(doc, tok, self.collective) or doc[tok.left_edge.i : tok.i + 1]
                    self._add_group(idx, doc, span, nationality=None, label=tok.lower_, bucket=year_bucket)
                    taken.update(range(span.start, span.end))
                    continue
                if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
                    continue
                lemma = noun_lemma(tok)
                low = tok.lower_
                compound = " ".join(c.lower_ for c in tok.lefts if c.dep_ == "compound") + (
                    " " if any(c.dep_ == "compound" for c in tok.lefts) else ""
                )
                phrase = compound + lemma
                nat = self._nationality(tok, idx)
                span = np_span(doc, tok, taken)
                if span is None:
                    continue
                if lemma in self.state_anaphors and (state := state_told(tok, idx, self.refs)) is not None:
                    idx.add(state, mention_of(span), range(span.start, span.end))  # "the country said"
                    taken.update(range(span.start, span.end))
                elif lemma in self.org_name_heads and (org := name_before_head(doc, tok, idx, self.refs)) is not None:
                    idx.add(org, mention_of(span), range(span.start, span.end))  # "the Green Dawn party"
                    taken.update(range(span.start, span.end))
                elif lemma in self.org_name_heads and (first := _states_joined_before(tok, idx)) is not None:
                    # "the Peru-Chile defense alliance": a body several states make, named by them
                    name = doc[first : tok.i + 1]
                    ent = idx.entities.get(slugify(name.text)) or Entity(
                        key=slugify(name.text), kind="Organization", label=name.text
                    )
                    idx.add(ent, mention_of(span), range(first, tok.i + 1))
                    taken.update(range(first, tok.i + 1))
                elif lemma in self.org_anaphors and (org := self._anaphoric_org(tok, idx)) is not None:
                    idx.add(org, mention_of(span), range(span.start, span.end))  # "the group said"
                    taken.update(range(span.start, span.end))
                elif (
                    phrase in self.army_nouns or lemma in self.army_nouns or low in self.army_nouns
                ) and _forces_of_several(tok, idx):
                    # "both militaries", "the two armies": several states' forces together, no one body
                    head_span = _without_possessor(doc, tok, span)
                    if (listed := _state_listed_before(tok, idx)) is not None and listed < head_span.start:
                        head_span = doc[listed : head_span.end]
                    label = "".join(
                        (t.text if t.pos_ == "PROPN" or t.ent_type_ else t.lower_) + t.whitespace_
                        for t in head_span
                        if t.lower_ not in DETERMINERS
                    ).strip()
                    self._add_group(idx, doc, head_span, nationality=None, label=label, bucket=year_bucket)
                    taken.update(range(head_span.start, head_span.end))
                elif phrase in self.army_nouns or lemma in self.army_nouns or low in self.army_nouns:
                    if (
                        tok.dep_ == "compound"
                        and tok.head.tag_ in ("NN", "NNS")
                        and noun_lemma(tok.head) in self.person_nouns
                    ):
                        continue  # "an army ranger": what the person is, no mention of an army
                    self._org_noun(doc, tok, span, nat, "ArmedForces", self.armed_forces_of, idx, taken, last_of_kind)
                elif (
                    nat
                    and tok.pos_ == "NOUN"
                    and (lemma in self.craft_nouns or phrase in self.craft_nouns)
                    and (tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"))
                ):
                    # "Russian warplanes bombed", "struck by a Chinese frigate": the state's forces act
                    self._org_noun(doc, tok, span, nat, "ArmedForces", self.armed_forces_of, idx, taken, last_of_kind)
                elif phrase in self.agency_nouns or lemma in self.agency_nouns or low in self.agency_nouns:
                    if tok.dep_ == "compound" and noun_lemma(tok.head) in self.facility_nouns:
                        continue  # "the parliament building", "a police station": the building is the place
                    self._org_noun(doc, tok, span, nat, "GovernmentAgency", {}, idx, taken, last_of_kind)
                elif lemma in self.gov_nouns or low in self.gov_nouns:
                    if tok.tag_ == "NNS" and lemma != "authority":
                        continue
                    det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)
                    if not nat and det not in ("the", "its", "their", "this"):
                        continue
                    self._org_noun(doc, tok, span, nat, "Government", self.government_of, idx, taken, last_of_kind)
                elif (
                    tok.tag_ == "NN"
                    and lemma in self.unit_nouns
                    and _acts(tok, self.sequence_marks)
                    and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
                ):
                    # "a military unit was ambushed", "police sent a special squad": a unit of forces
                    words = " ".join(
                        t.lower_ for t in span if t.lower_ not in DETERMINERS and t.dep_ not in ("poss", "case")
                    )
                    ent = Entity(slugify(words), "MilitaryUnit", words, generated_label=True, state_of=nat)
                    idx.add(ent, mention_of(span), range(span.start, span.end))
                    taken.update(range(span.start, span.end))
                elif self._acting_org(tok, lemma, nat):
                    # "the council voted", "the charity sent aid": an unnamed organization that acts
                    kept = [t for t in span if t.lower_ not in DETERMINERS and t.dep_ not in ("poss", "case")]
                    # "Iran's news agency": the possessor is its state, not its name; "the Saudi-led
                    # coalition" keeps its name's capital and hyphen
                    words = doc[kept[0].i : span.end].text if kept else span.text
                    if not (kept and kept[0].pos_ == "PROPN"):
                        words = words.lower()
                    ent = Entity(slugify(words), "Organization", words, generated_label=True, state_of=nat)
                    idx.add(ent, mention_of(span), range(span.start, span.end))
                    taken.update(range(span.start, span.end))
                elif (tok.tag_ in ("NNS", "NNPS") or self._capitalized_plural(tok)) and (
                    low in self.group_nouns
                    or lemma in self.person_nouns
                    or phrase.strip() in self.person_nouns
                    or (low in self.counted_people and self._is_counted(tok))
                    # "opposition parties", "aid agencies": bodies counted as a plural (not a
                    # mass noun the tagger calls plural, "personnel")
                    or (tok.tag_ == "NNS" and lemma in self.org_nouns and lemma != low)
                    # "armed groups", "militias": words that refer back to one body, in the plural
                    # ("three more groups totaling 88 migrants": a bare collective word counts people)
                    or (
                        tok.tag_ == "NNS"
                        and lemma in self.org_anaphors
                        and lemma != low
                        and (lemma not in self.collective or any(c.dep_ in ("amod", "compound") for c in tok.children))
                    )
                ):
                    if not (
                        self._is_counted(tok)
                        or nat
                        or any(c.dep_ == "poss" for c in tok.children)
                        or _quantified_of(tok, self.collective)
                        or _acts(tok, self.sequence_marks)
                        or self._role_object(tok)
                        or _specific(tok)
                    ):
                        continue
                    head_span = _quantity_span(doc, tok, self.collective) or _without_possessor(doc, tok, span)
                    label = _describe(
                        tok, nat, self.refs, plural=True, proper=lemma in self.adherent_nouns, drop=self.hedges
                    )
                    body = self._body_of_members(tok, head_span, lemma, idx)
                    if body is not None:  # "Hamas militants attacked": the body acts
                        idx.add(body, mention_of(head_span), range(head_span.start, head_span.end))
                        taken.update(range(head_span.start, head_span.end))
                        continue
                    told = (
                        None
                        if layout.is_headline(sent.start_char)
                        else headline_group(idx, layout, label, self.people_kinds)
                    )
                    if told is not None and told.label != label:
                        # "Agents detain 40" / "Border Patrol agents detained 40": the body's words
                        told.label, told.nationality = label, told.nationality or nat
                        self._affiliate(told, head_span, idx)
                    told = told or self._group_told_before(idx, tok, label) or self._body_told_before(tok, idx)
                    if told is not None:  # "Gunmen kill 7" / "A group of gunmen attacked ...": one group
                        idx.add(told, mention_of(head_span), range(head_span.start, head_span.end))
                    else:
                        self._add_group(idx, doc, head_span, nationality=nat, label=label, bucket=year_bucket)
                    taken.update(range(head_span.start, head_span.end))
                elif (
                    tok.tag_ == "NN"
                    and lemma in self.crowd_nouns
                    and (_acts(tok, self.sequence_marks) or self._role_object(tok) or _specific(tok))
                ):
                    # "fired tear gas at the crowd", "a mob stormed the office": many people as one
                    head_span = _without_possessor(doc, tok, span)
                    label = _describe(tok, nat, self.refs, plural=False, drop=self.hedges)
                    self._add_group(idx, doc, head_span, nationality=nat, label=label, bucket=year_bucket)
                    taken.update(range(head_span.start, head_span.end))
                elif tok.tag_ in ("NN", "NNP") and (lemma in self.person_nouns or phrase.strip() in self.person_nouns):
                    if _is_title_before_name(tok):
                        continue
                    det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)
                    named = (
                        named_in_apposition(tok, idx)
                        or (
                            (
                                self._titled_person(_title_phrase(tok), idx, last_person)
                                or self._titled_of_state(tok, nat, idx, last_person)
                            )
                            if det in ("the", "this", "that")
                            else None
                        )
                        or (_named_after_words(tok, idx) if layout.is_headline(tok.idx) and det is None else None)
                    )
                    if named is not None:  # "the prime minister" -> "Prime Minister Jane Roe"
                        idx.add(idx.entities[named], mention_of(span), range(span.start, span.end))
                        taken.update(range(span.start, span.end))
                        continue
                    label = _describe(
                        tok, nat, self.refs, plural=False, proper=lemma in self.adherent_nouns, drop=self.hedges
                    )
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
                    if (
                        ent.generated_label
                        and ent.mentions
                        and not layout.is_title_line(tok.idx)
                        and all(layout.is_title_line(m.begin) for m in ent.mentions)
                    ):
                        # a title-cased headline capitalizes every word and the parser takes them
                        # for a name's ("Car Bomb Kills Police Officer"): the body's words label it
                        ent.label = label + (f" ({year_bucket})" if year_bucket and str(year_bucket) in key else "")
                    idx.add(ent, mention_of(with_complement(doc, tok, span)), range(span.start, span.end))
                    idx.descriptive.add(key)
                    taken.update(range(span.start, span.end))
                    if key in last_person:
                        last_person.remove(key)
                    last_person.append(key)
                elif tok.pos_ == "NOUN" and self._described_place(doc, tok, lemma, span, idx, taken):
                    continue
            # named persons are antecedents too
            for i in range(sent.start, sent.end):  # (by index: no Token made)
                k = idx.token_key.get(i)
                if k and idx.entities[k].kind == "Person" and k not in idx.descriptive:
                    if k in last_person:
                        last_person.remove(k)
                    last_person.append(k)

    def _described_place(self, doc, tok, lemma: str, span, idx: EntityIndex, taken: set[int]) -> bool:
        """An unnamed place where something happens: a common noun that can name a place
        (kg:facilityNouns, kg:placeNouns from WordNet) as the object of a place preposition ("in
        the village", "near a checkpoint"), the object or passive subject of a verb ("shelled the
        town", "the base was attacked") or what a verb's object is of ("seized control of the town"). One node per label in the article; kept only when an
        event uses it. A noun whose place has a name ("the village of X", "X airport") is left to
        the name, and relative places ("the area", "the side") are not places of their own."""
        if lemma in self.relative_places or lemma in self.part_nouns or tok.tag_ not in ("NN", "NNS"):
            return False
        if lemma in self.speech_occasions:  # "in a televised address": an occasion of speaking
            return False
        stem = tok.lower_[:-1] if tok.tag_ == "NNS" and tok.lower_.endswith("s") else lemma
        if not (lemma in self.facility_nouns or lemma in self.place_nouns) and (
            stem in self.facility_nouns or stem in self.place_nouns
        ):
            lemma = stem  # the lemmatizer reads "bases" as "basis": the word is the plural of "base"
        facility = lemma in self.facility_nouns
        if not facility and lemma not in self.place_nouns:
            return False
        prep = tok.head if tok.dep_ == "pobj" else None
        slot = (
            # (not the "to" of "according to": a preposition of two words)
            (prep is not None and prep.lower_ in self.described_place_preps and prep.head.dep_ != "prep")
            or (tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB")
            or (
                # "seized control of the town", "destroyed much of the village": the place a verb's
                # object is of
                prep is not None
                and prep.lower_ == "of"
                and prep.head.dep_ == "dobj"
                and prep.head.head.pos_ == "VERB"
                and prep.head.i not in idx.token_key
            )
            or (
                # "in front of the building", "on the outskirts of the town": the place a relative
                # place noun is of
                prep is not None
                and prep.lower_ == "of"
                and prep.head.lemma_.lower() in self.relative_places
                and prep.head.dep_ == "pobj"
                and prep.head.head.lower_ in self.described_place_preps
            )
        )
        if not slot or (tok.tag_ == "NN" and not any(True for _ in tok.lefts)):
            return False  # "left office", "sentenced to years in prison": the institution, no place
        named = [
            idx.entities[idx.token_key[t.i]].kind
            for c in tok.children
            if c.dep_ in ("prep", "appos", "compound")
            for t in (_own_phrase(c) if c.dep_ != "compound" else [c])
            if not (c.dep_ == "prep" and c.lower_ != "of") and t.i in idx.token_key
        ]
        named = [k for k in named if k not in ("Person", "Group")]
        # a building named by the body that uses it ("the parliament building", "the headquarters
        # of the state broadcaster") is still an unnamed place: the body owns it, it is no name
        owned = facility and all(not self.ont.is_kind(k, "Place") and k != "State" for k in named)
        if named and not owned:
            return False
        told = named_with_head(idx, tok, "Place", lambda k: self.ont.is_kind(k, "Place"))
        if told is not None and not any(i in taken for i in range(span.start, span.end)):
            idx.add(told, mention_of(span), range(span.start, span.end))  # "the base" after "the Kalu base"
            taken.update(range(span.start, span.end))
            return True
        words = [t for t in span if t.dep_ not in ("det", "poss", "nummod", "predet", "case") and not t.is_punct]
        if any(t.i in taken for t in words) and not (named and tok.i not in taken):
            return False
        label = doc[words[0].i : span.end].text
        if words[0].pos_ != "PROPN":
            label = label[:1].lower() + label[1:]  # "a Military base" at a sentence start
        key = "place-" + slugify(label)
        ent = idx.entities.get(key) or Entity(
            key=key, kind="Facility" if facility else "Place", label=label, generated_label=True, anonymous=True
        )
        # (an owner's words keep their own entity: the index maps a token once)
        idx.add(ent, mention_of(with_complement(doc, tok, span, ("of", "in", "on"))), range(span.start, span.end))
        idx.descriptive.add(key)
        taken.update(range(span.start, span.end))
        return True

    def _people_word(self, tok) -> bool:
        """A common noun of people or forces ("gunmen", "rebels", "soldiers")."""
        low = tok.lower_
        forms = {low, noun_lemma(tok), low[:-3] + "man" if low.endswith("men") else low, low.removesuffix("s")}
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
            and sentence_initial(tok)
            and (tok.lower_.endswith("s") or tok.lower_.endswith("men"))
            and self._people_word(tok)
        )

    def _acting_org(self, tok, lemma: str, nat) -> bool:
        """A singular organization noun (kg:organizationNouns) with a determiner or a state, as the
        subject or "by"-agent of an episodic verb: an organization with a role in the story."""
        if tok.tag_ != "NN" or lemma in self.person_nouns:
            return False
        if lemma not in self.org_nouns and not (
            # "a militia attacked", "an armed group said": a word that refers back to a named
            # body (kg:organizationAnaphors) with none before it is a body of its own
            lemma in self.org_anaphors
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)  # "a group of gunmen"
            and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)  # "the group": told before
        ):
            return False
        if not (nat or any(c.dep_ in ("det", "poss") for c in tok.children)):
            return False
        if _led_by_named(tok):
            return True  # "the Saudi-led coalition": named by who leads it, wherever it stands
        agent = tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.lower_ == "by")
        return agent and _acts(tok, self.sequence_marks)

    def _org_noun(
        self, doc, tok, span, nat, kind, table, idx: EntityIndex, taken: set[int], last_of_kind: dict
    ) -> None:
        # the armed forces or the government told before are one whatever word names them again;
        # agencies only by the same word ("the police ... parliament" are two)
        slot: str | tuple[str, str] = kind
        branch = [
            c.lower_
            for c in tok.lefts
            if c.dep_ in ("amod", "compound") and c.i not in idx.token_key and c.lower_ not in self.army_nouns
        ]
        if kind == "ArmedForces" and branch and not nat:
            slot = (kind, " ".join(branch))  # "the military ... its maritime forces": a branch of it
        if kind == "GovernmentAgency":
            lemma = tok.lemma_.lower()
            slot = (kind, " ".join([*(c.lower_ for c in tok.lefts if c.dep_ == "compound"), lemma]))
            agencies = [k for k in reversed(last_of_kind) if isinstance(k, tuple) and k[0] == kind]
            if slot not in last_of_kind and slot[1] == lemma:
                # "the ministry" after "the defence ministry"; "the agency", "the body": a general
                # word for the agency told last
                generic = lemma in self.generic_agency_nouns
                slot = next((k for k in agencies if generic or k[1].split()[-1] == lemma), slot)
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
            ent = idx.add(ent, mention_of(span), range(span.start, span.end))
            last_of_kind[slot] = ent.key
            taken.update(range(span.start, span.end))
            return
        owner = next(
            (
                idx.token_key[c.i]
                for c in tok.lefts
                if c.dep_ == "compound"
                and c.i in idx.token_key
                and idx.entities[idx.token_key[c.i]].kind == "Organization"
            ),
            None,
        )
        if kind == "ArmedForces" and owner is not None:
            ent = idx.entities[owner]  # "(Afghan) Taliban forces": the armed organization named, not a state's army
        elif nat and nat in table:
            ref = self.refs[table[nat]]
            ent = Entity(ref.iri, ref.kind, ref.label, ref=ref.iri)
        elif nat:
            st = self.refs[nat]
            word = {"ArmedForces": "armed forces", "Government": "government"}.get(kind) or " ".join(
                t.lower_
                for t in span
                if t.lower_ not in DETERMINERS
                and idx.token_key.get(t.i) != nat
                and t.dep_ != "case"
                and not t.is_punct
                and not (t.dep_ == "poss" and t.pos_ == "PRON")
            )
            ent = Entity(
                f"{slugify(word)}-of-{slugify(st.label)}",
                kind,
                f"{word[:1].upper() + word[1:]} of {st.label}",
                state_of=nat,
            )
        elif (named := named_with_head(idx, tok, kind, alike=self.ministry_words)) is not None:
            ent = named  # "Kenya's Interior Ministry ... The ministry said": the one named before
        elif slot in last_of_kind:
            ent = idx.entities[last_of_kind[slot]]
        else:
            words = "".join(
                (t.text if t.pos_ == "PROPN" else t.lower_) + t.whitespace_
                for t in span
                if t.lower_ not in DETERMINERS and not (t.dep_ == "poss" and t.pos_ == "PRON")
            ).strip()  # "Lagos court": a name keeps its capitals; "X's ministry" keeps its spacing
            ent = Entity(slugify(words), kind, words, generated_label=True)
        ent = idx.add(ent, mention_of(span), range(span.start, span.end))
        last_of_kind[slot] = ent.key
        taken.update(range(span.start, span.end))

    def _add_group(self, idx: EntityIndex, doc, span, *, nationality: str | None, label: str, bucket=None) -> None:
        key = GROUP_KEY_PREFIX + slugify(span.text)
        ent = idx.entities.get(key) or Entity(
            key=key, kind="Group", label=label, generated_label=True, anonymous=True, nationality=nationality
        )
        self._affiliate(ent, span, idx)
        idx.add(ent, mention_of(span), range(span.start, span.end))
        idx.descriptive.add(key)

    def _titled_of_state(self, tok, nat: str | None, idx: EntityIndex, last_person: list[str]) -> str | None:
        """ "the French ambassador" ... "Ambassador Paul Dumas": a people's word before a title says
        whose office it is and is no part of the title; the person named with the title is the one
        meant, unless the text gives them another nationality."""
        if nat is None:
            return None
        mods = [
            c.lower_
            for c in tok.lefts
            if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN", "PROPN") and idx.token_key.get(c.i) != nat
        ]
        if len(mods) == sum(1 for c in tok.lefts if c.dep_ in ("amod", "compound")):
            return None  # no people's word to leave out
        key = self._titled_person(" ".join([*mods, tok.lower_]), idx, last_person)
        if key is None or idx.entities[key].nationality not in (None, nat):
            return None
        for m in idx.entities[key].mentions:  # "German Ambassador Hans Vogel" is no French ambassador
            name = tok.doc.char_span(m.begin, m.end)
            i = name.start - 1 if name is not None else -1
            while i >= 0 and tok.doc[i].lower_ in self.titles:
                i -= 1
            other = idx.token_key.get(i) if name is not None and i < name.start - 1 else None
            if other is not None and other != nat and self.ont.is_kind(idx.entities[other].kind, "State"):
                return None
        idx.entities[key].nationality = nat
        return key

    def _body_of_members(self, tok, span, lemma: str, idx: EntityIndex) -> Entity | None:
        """ "Hamas militants attacked", "the Kelsa Front rebels fled": the members of a named
        organization spoken of with no count are the organization acting, and "the rebels" after
        them names it again; counted ("five Hamas militants") or set apart ("other Hamas
        fighters") they are a group of its members."""
        if lemma not in self.member_nouns or tok.tag_ != "NNS":
            return None
        if (
            self._is_counted(tok)
            or _quantified_of(tok, self.collective)
            or any(c.lower_ in self.distinct_words for c in tok.lefts)
            or any(c.dep_ in ("prep", "acl", "relcl") for c in tok.children)
        ):
            return None
        for t in span:
            k = idx.token_key.get(t.i)
            if t.i < tok.i and t.dep_ != "poss" and k and idx.entities[k].kind == "Organization":
                return idx.entities[k]
        return None

    def _body_told_before(self, tok, idx: EntityIndex) -> Entity | None:
        """ "Kelsa Front rebels attacked ... the rebels fled": with no group of that word told
        before, a definite plural names the organization whose members the same word named."""
        dets = [c.lower_ for c in tok.lefts if c.dep_ in ("det", "poss")]
        if noun_lemma(tok) not in self.member_nouns or dets != ["the"] or any(c.dep_ == "compound" for c in tok.lefts):
            return None
        told = [
            (m.begin, e)
            for e in idx.entities.values()
            if e.kind == "Organization"
            for m in e.mentions
            if m.begin < tok.idx and m.anchor.split()[-1].lower() == tok.lower_
        ]
        return max(told, key=lambda q: q[0])[1] if told else None

    def _affiliate(self, ent: Entity, span, idx: EntityIndex) -> None:
        """ "Abu Sayyaf fighters", "Hamas gunmen", "fighters of the X Army": the members of a named
        organization."""
        for t in span:
            k = idx.token_key.get(t.i)
            if t.i != span.root.i and k and k != ent.key and idx.entities[k].kind == "Organization":
                ent.affiliation = ent.affiliation or k
        for c in span.root.children:
            for t in c.children if c.dep_ == "prep" and c.lower_ == "of" else ():
                k = idx.token_key.get(t.i)
                if k and k != ent.key and self.ont.is_kind(idx.entities[k].kind, "Organization"):
                    ent.affiliation = ent.affiliation or k


def _forces_of_several(tok, idx: EntityIndex) -> bool:
    """ "both militaries", "the two armies", "Kelsan and Tungan troops", "Peru, Chile armies": a
    plural of an army word counted as several, or of two states."""
    if tok.tag_ != "NNS":
        return False
    state_keys = {k for k, e in idx.entities.items() if e.kind == "State"}
    states = {idx.token_key[t.i] for t in tok.lefts for t in t.subtree if t.i in idx.token_key} & state_keys
    if _state_listed_before(tok, idx) is not None:
        return True
    return len(states) > 1 or any(
        c.lower_ == "both" or (c.dep_ == "nummod" and c.lower_ != "one") for c in tok.children
    )


def _states_joined_before(tok, idx: EntityIndex) -> int | None:
    """Where the names of two or more states that modify ``tok`` begin ("the longstanding
    Peru-Chile defense alliance" -> "Peru"), else None."""
    states = [
        t
        for c in tok.lefts
        if c.dep_ in ("compound", "amod", "nmod")
        for t in c.subtree
        if t.i in idx.token_key and idx.entities[idx.token_key[t.i]].kind == "State"
    ]
    if len({idx.token_key[t.i] for t in states}) < 2:
        return None
    return min(t.i for t in states)


def _state_listed_before(tok, idx: EntityIndex):
    """The first word of "Peru, Chile armies" (a headline's list of states the parser left out of
    the noun phrase): the index of a state's name just before the phrase's state modifier, with a
    comma or "and" between them, else None."""
    mods = [t for t in tok.lefts if t.dep_ in ("compound", "amod") and t.i in idx.token_key]
    if not mods:
        return None
    first = min(t.left_edge.i for t in tok.lefts)
    i = first - 2
    if i < 0 or tok.doc[first - 1].text not in (",", "and", "&") or tok in tok.doc[i].ancestors:
        return None
    key = idx.token_key.get(i)
    kinds = {idx.entities[k].kind for k in (key, idx.token_key[mods[0].i]) if k is not None}
    if key is None or kinds != {"State"} or key == idx.token_key[mods[0].i] or tok.doc[i].dep_ == "pobj":
        return None
    return i


def _led_by_named(tok) -> bool:
    """ "the Saudi-led coalition", "a UN-backed force": a body described by the named actor that
    leads or backs it (a participle with a proper name before it)."""
    return any(
        c.dep_ == "amod" and c.tag_ == "VBN" and any(g.pos_ == "PROPN" and g.i < c.i for g in c.children)
        for c in tok.children
    )


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


def noun_lemma(tok) -> str:
    """The noun's lemma, also for a capitalized plural the tagger took for a name ("Gunmen"), or a
    sentence's first word it took for one."""
    lemma = tok.lemma_.lower()
    if (tok.tag_ == "NNPS" or (tok.tag_ == "NNP" and sentence_initial(tok))) and lemma == tok.lower_:
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


def _acts(tok, sequence_marks: frozenset[str]) -> bool:
    """A plural that is the subject or object of a verb in a past, episodic clause ("protesters
    gathered", "police detained protesters", "were attacked by gunmen", "after warlords overthrew
    him"): a collective with a role in the story. A bare plural of a generic or habitual clause
    ("when soldiers have defected") is not one. A noun joined to such a plural by "and" acts with
    it ("troops and fighters of X clashed")."""
    first = tok
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN") and first.head.i < first.i:
        first = first.head
    if first.dep_ in ("nsubj", "nsubjpass", "dobj"):
        verb = first.head
    elif first.dep_ == "pobj" and first.head.lower_ == "by":
        verb = first.head.head
    else:
        return False
    if verb.pos_ not in ("VERB", "AUX") or any(
        c.dep_ == "mark" and c.lower_ not in sequence_marks for c in verb.children
    ):
        return False
    if any(c.dep_ == "det" for c in (*tok.children, *first.children)):
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


def _describe(tok, nat: str | None, refs, *, plural: bool, proper: bool = False, drop=frozenset()) -> str:
    """A label for an unnamed actor: its state's demonym, its modifiers (not those in ``drop``:
    "suspected"), its head noun (capitalized where English writes it so: ``proper``, "Maoists")."""
    mods = [
        c
        for c in tok.lefts
        if c.dep_ in ("compound", "amod")
        and c.pos_ in ("NOUN", "ADJ", "PROPN")
        and c.lower_ not in DETERMINERS
        and c.lower_ not in drop
        and not (c.dep_ == "amod" and c.doc[c.i + 1].dep_ == "nummod")  # "shot dead two officers"
    ]
    nat_words = set()
    if nat:
        for n in (refs[nat].label, *refs[nat].demonyms, *refs[nat].names):
            nat_words |= set(n.split())
    # a modifier with its own compounds ("Boko Haram fighters"); a name keeps its capitals
    words = [
        " ".join(t.text if _is_name(phrase) else t.lower_ for t in phrase if t.lower_ not in drop)
        for m in mods
        if m.text not in nat_words
        for phrase in [m.doc[m.left_edge.i : m.i + 1]]
    ]
    demonym = (
        sorted(refs[nat].demonyms, key=len)[-1] if nat and refs[nat].demonyms else (refs[nat].label if nat else "")
    )
    head = tok.text.lower() if plural else tok.lemma_.lower()
    if proper:
        head = head[:1].upper() + head[1:]
    label = " ".join(w for w in [demonym, *words, head] if w).strip()
    if any(m.text == "-" and not m.whitespace_ and not m.doc[m.i - 1].whitespace_ for m in mods):
        label = label.replace(" - ", "-")  # "pro-EU protesters": a hyphen written without spaces
    return label


def _is_name(phrase) -> bool:
    """A modifier phrase that holds a proper noun is a name and keeps its capitals ("Red Dawn")."""
    return any(t.pos_ == "PROPN" for t in phrase)


def _title_phrase(tok) -> str:
    """The head noun with its adjective and noun modifiers, as a title ("prime minister")."""
    mods = [c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN", "PROPN")]
    return " ".join([*mods, tok.lower_])


def _named_after_words(tok, idx: EntityIndex) -> str | None:
    """The named person the body introduces with the words a headline uses for them alone
    ("Opposition leader detained" / "police arrested opposition leader Peter Mwale")."""
    words = _title_phrase(tok).split()
    doc = tok.doc
    for t in doc[tok.sent.end :]:
        if t.lower_ != words[-1] or t.i + 1 >= len(doc) or t.i - len(words) + 1 < 0:
            continue
        if [w.lower_ for w in doc[t.i - len(words) + 1 : t.i + 1]] != words:
            continue
        k = idx.token_key.get(t.i + 1)
        if k is not None and idx.entities[k].kind == "Person" and not idx.entities[k].anonymous:
            return k
    return None


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


def _own_phrase(tok) -> list:
    """The tokens of ``tok``'s phrase outside any phrase of a further preposition ("of the Daily
    Star in Tula": not Tula, where it is)."""
    out = []

    def walk(t):
        out.append(t)
        for c in t.children:
            if not (c.dep_ == "prep" and c.i != tok.i):
                walk(c)

    walk(tok)
    return out

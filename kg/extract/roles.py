"""Roles of events from the dependency parse: agent, patient, place, origin, destination.

The event extractor (:class:`kg.extract.events.EventExtractor`) reads a trigger's roles with these
methods: the subject is the agent (the "by"-phrase of a passive), the object or passive subject the
patient, prepositional objects the place, origin or destination; an event noun's roles come from its
possessive and its phrases, and from the verb that supports or governs it. The word lists and type
facts are read in the extractor's ``__init__`` from ``ontology/lexicon-events.ttl``.
"""

from __future__ import annotations

from kg.extract.mentions import SUBJECT_DEPS, unshared_conjunct

from collections.abc import Callable
from typing import Any

from kg.extract.entities import EntityIndex
from kg.model import Event
from kg.knowledge.ontology import EventTypeDef, Ontology

_BRIDGE_SENTENCES = 4  # how far back "the eastern section" looks for its whole


class RoleReader:
    """Role rules of the event extractor (a mixin: the word lists are set by its ``__init__``)."""

    ont: Ontology
    actor_kinds: frozenset[str]
    place_kinds: frozenset[str]
    agent_preps: frozenset[str]
    target_preps: frozenset[str]
    aim_preps: frozenset[str]
    partner_preps: frozenset[str]
    loc_preps: frozenset[str]
    origin_preps: frozenset[str]
    dest_preps: frozenset[str]
    state_preps: frozenset[str]
    part_nouns: frozenset[str]
    naming_place_nouns: frozenset[str]
    patient_subject: frozenset[str]
    relative: frozenset[str]
    relative_adverbs: frozenset[str]
    relative_places: frozenset[str]
    support_verbs: frozenset[str]
    responsibility_nouns: frozenset[str]
    responsibility_adjectives: frozenset[str]
    admission_verbs: frozenset[str]
    event_preps: frozenset[str]
    pair_nouns: dict[str, frozenset[str]]
    animate_nouns: frozenset[str]
    corpse_find_verbs: frozenset[str]
    undergoer_nouns: frozenset[str]
    spatial_preps: frozenset[str]  # of place, direction or target, and "of"
    scene_nouns: frozenset[str]
    modals: frozenset[str]
    _headline: bool
    _is: Callable[[EventTypeDef, str], bool]
    _subject_undergoes: Callable[[object], bool]
    _result_state_subjects: Callable[[object], list]

    def _roles(self, tok, et: EventTypeDef, ev: Event, idx: EntityIndex) -> None:
        movement = self._is(et, "movementTypes")
        verb = tok if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") else None
        if verb is None:
            self._noun_roles(tok, et, ev, idx)
            return
        subj, passive = self._subject(verb)
        if (
            self._headline
            and verb.tag_ in ("VBN", "VBD")
            and verb.dep_ == "ROOT"
            and not any(c.dep_ in ("dobj", "aux", "auxpass", "attr") for c in verb.children)
        ):
            passive = True  # headline style drops "was": "Soldier shot as he defects"
        # "the fighters surrendered to the army": a verb whose subject undergoes the act, unless the
        # event's type says its subject acts (kg:subjectActsTypes: a surrender of forces is their
        # withdrawal)
        inverse = (self._subject_undergoes(verb) or self._harm_without_object(verb, et)) and not self._is(
            et, "subjectActsTypes"
        )
        finder = verb.lemma_.lower() in self.corpse_find_verbs and self._is(et, "consequenceTypes")
        if finder and not passive:
            subj = []  # "police found the bodies", "found the journalist dead": who found did no harm
        for s in subj:
            own = self._key(s, idx)
            for key in (self._pair(s, idx) or ([own] if own else [])) + self._included(s, idx):
                ev.add_role("patient" if passive or inverse else "agent", key)
        if not subj and verb.pos_ != "VERB":
            # a headline verb the tagger took for a noun ("sergeant defects"): its left compound
            for c in verb.lefts:
                k = self._key(c, idx) or next(
                    (
                        idx.token_key[t.i]
                        for t in c.subtree
                        if t.i in idx.token_key and idx.entities[idx.token_key[t.i]].kind in ("Person", "Group")
                    ),
                    None,
                )
                if k:
                    ev.add_role("agent", k)
        self._verb_arguments(verb, ev, idx, movement)
        if finder:
            ev.roles.pop("agent", None)  # "was recovered by security forces": nor did who found it
        for s in self._result_state_subjects(verb):
            k = self._key(s, idx)
            if k:
                ev.add_role("patient", k)  # "found | the journalist dead"
        if (
            not ev.roles.get("place")
            and verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in verb.children)
        ):
            # "in front of parliament, police intervened, using water cannon": a participle clause
            # happens where the clause it hangs on does
            for c in verb.head.children:
                if c.dep_ == "prep" and c.lower_ in self.loc_preps:
                    self._prep(c, ev, idx, movement)
        if not ev.roles.get("patient") and verb.dep_ in ("advcl", "conj"):
            # "opened fire on worshippers, killing three": a bare count is of the people just named
            if any(c.dep_ == "dobj" and c.pos_ == "NUM" and not list(c.children) for c in verb.children):
                for c in verb.head.children:
                    objs = (
                        [c]
                        if c.dep_ == "dobj"
                        else [p for p in c.children if p.dep_ == "pobj"]
                        if c.dep_ == "prep"
                        else []
                    )
                    for o in objs:
                        k = self._key(o, idx)
                        if k and idx.entities[k].kind in ("Person", "Group"):
                            ev.add_role("patient", k)
        for c in verb.children:
            # "voted to remove President X", "agreed to free 13 hostages", "asked Y to extradite X":
            # the people the act is about are those the infinitive it governs acts on
            if c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                for o in c.children:
                    k = self._key(o, idx) if o.dep_ == "dobj" else None
                    if k and (
                        self.ont.is_kind(idx.entities[k].kind, "Person")
                        or self.ont.is_kind(idx.entities[k].kind, "Group")
                    ):
                        ev.add_role("patient", k)
        if not ev.roles.get("patient") and self._is(et, "addresseeClauseTypes"):
            # "demanded that Beijing withdraw the ships": Beijing is asked
            for c in verb.children:
                if c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                    for s in c.children:
                        k = self._key(s, idx) if s.dep_ == "nsubj" else None
                        if k and idx.entities[k].kind in self.actor_kinds:
                            ev.add_role("patient", k)
        if not ev.roles.get("patient") and self._is(et, "purposeTargetTypes"):
            # "used tear gas to disperse the protesters": force aimed through its purpose
            for c in verb.children:
                if c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                    for o in c.children:
                        k = self._key(o, idx) if o.dep_ == "dobj" else None
                        if k and idx.entities[k].kind in ("Person", "Group"):
                            ev.add_role("patient", k)
        if not any(c.dep_ == "dobj" for c in verb.children) and not passive:
            # "arrested and charged three men", "shot and killed two": the object of a conjoined verb
            for other in self._shared_object_verbs(verb):
                for c in other.children:
                    if c.dep_ == "dobj":
                        for o in (c, *c.conjuncts):
                            self._object(o, movement, ev, idx)
        self._default_ends(et, ev, idx, movement)

    def _verb_arguments(self, verb, ev: Event, idx: EntityIndex, movement: bool) -> None:
        """Objects and prepositional phrases of a verb (and of a noun it supports)."""
        self._relative_place(verb, ev, idx)
        for c in verb.children:
            if c.dep_ == "agent":
                for p in c.children:
                    for q in (p, *p.conjuncts):
                        k = self._key(q, idx)
                        if k:
                            ev.add_role("agent", k)
            elif c.dep_ in ("dobj", "attr", "dative"):
                for o in (c, *c.conjuncts):
                    self._object(o, movement, ev, idx)
                own = self._key(c, idx) is not None
                for p in c.children:
                    if p.dep_ == "prep" and not (own and p.lower_ == "of"):
                        self._prep(p, ev, idx, movement, of_ok=not own)
                    elif p.dep_ == "prep":
                        # "raided the offices of a newspaper in X": where the owner is, it happened
                        for q in p.children:
                            for pp in q.children if q.dep_ == "pobj" else ():
                                if pp.dep_ == "prep" and pp.lower_ in self.loc_preps:
                                    self._nested_places(pp, ev, idx, 1)
            elif c.dep_ == "prep":
                self._prep(c, ev, idx, movement)

    def _relative_place(self, verb, ev: Event, idx: EntityIndex) -> None:
        """ "the town, where they arrested two men": a clause a relative adverb of place opens
        happens at the place it modifies."""
        if verb.dep_ == "relcl" and any(
            c.dep_ == "advmod" and c.lower_ in self.relative_adverbs for c in verb.children
        ):
            k = self._key(verb.head, idx)
            if k and self.ont.is_kind(idx.entities[k].kind, "Place"):
                ev.add_role("place", k)

    def _shared_object_verbs(self, verb) -> list:
        """Verbs coordinated with this one that share its subject, whose object is also its object
        ("arrested and charged X": "charged"; "shot and killed X": "killed")."""
        out = []
        for other in verb.conjuncts:
            if other.pos_ != "VERB" or other.i < verb.i:
                continue
            if any(c.dep_ in SUBJECT_DEPS for c in other.children):
                continue  # a clause of its own: "police arrested X and X's lawyer denied ..."
            out.append(other)
        return out

    def _object(self, obj, movement: bool, ev: Event, idx: EntityIndex) -> None:
        k = self._key(obj, idx)
        if k is None and self._is(self.ont.event_types[ev.type], "possessorTargetTypes"):
            # "rejected the government's proposal", "condemned Kenya's decision": a verbal act on
            # what an actor proposed or did is aimed at that actor
            for p in obj.children:
                kk = self._key(p, idx) if p.dep_ == "poss" else None
                if kk and idx.entities[kk].kind in self.actor_kinds and kk not in ev.roles.get("agent", []):
                    ev.add_role("patient", kk)  # (not the speaker's own: "expressed his wish")
        if k is None:
            # "took custody of the defector": the object is the trigger's own noun
            for p in obj.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    for q in p.children:
                        for r in (q, *q.conjuncts):
                            kk = self._key(r, idx)
                            if kk:
                                ev.add_role("patient", kk)
            return
        kind = idx.entities[k].kind
        if kind in self.place_kinds:
            self._described_within(obj, ev, idx)
        if movement and kind in self.place_kinds:
            ev.add_role("place", k)
        elif movement and kind == "State":
            ev.add_role("destination", k)
        else:
            ev.add_role("patient", k)
            for kk in self._included(obj, idx):
                ev.add_role("patient", kk)

    def _included(self, tok, idx: EntityIndex) -> list[str]:
        """ "nine people, including two children": those included share the role."""
        return [
            k
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ == "including"
            for q in p.children
            if q.dep_ == "pobj"
            for r in (q, *q.conjuncts)
            if (k := self._key(r, idx)) is not None
        ]

    def _described_within(self, tok, ev: Event, idx: EntityIndex) -> None:
        """ "Dorowa, a town in Kelso province": the place a description set beside a place puts it
        in locates the same event."""
        for a in tok.children:
            if a.dep_ == "appos" and self._key(a, idx) in (None, idx.token_key.get(tok.i)):
                for pp in a.children:
                    if pp.dep_ == "prep" and pp.lower_ == "in":  # (not "a town near X": not there)
                        self._nested_places(pp, ev, idx, 1)

    def _nested_places(self, prep, ev: Event, idx: EntityIndex, depth: int) -> None:
        """Place entities in a locative phrase nested in another phrase of the event."""
        for p in prep.children:
            if p.dep_ != "pobj":
                continue
            for q in (p, *p.conjuncts):
                k = self._key(q, idx)
                if k and idx.entities[k].kind in self.place_kinds:
                    ev.add_role("place", k)
            if depth < 2:
                for pp in p.children:
                    if pp.dep_ == "prep" and pp.lower_ in self.loc_preps:
                        self._nested_places(pp, ev, idx, depth + 1)

    def _prep(
        self,
        prep,
        ev: Event,
        idx: EntityIndex,
        movement: bool,
        *,
        of_ok: bool = False,
        of_role: str = "patient",
        depth: int = 0,
    ) -> None:
        word = prep.lower_
        two = f"{word} {next((c.lower_ for c in prep.children if c.dep_ == 'pcomp'), '')}".strip()
        for p in prep.children:
            if p.dep_ not in ("pobj", "pcomp"):
                continue
            for q in (p, *p.conjuncts):
                k, said = self._key(q, idx), word
                if (
                    k is None
                    # "in front of the parliament building in X": a place inside a place phrase
                    and (k := self._nested_key(q, idx, place=word in self.loc_preps) or self._nested_key(q, idx))
                    is not None
                    and word in self.dest_preps
                    and not movement
                ):
                    # "took to the streets in X": X is where it happened, not where they went (a
                    # movement's "fled to a village in X" keeps X as where they went)
                    inner = next((t.head for t in q.subtree if t.dep_ == "pobj" and idx.token_key.get(t.i) == k), None)
                    if inner is not None and inner.i != prep.i and inner.lower_ in self.loc_preps:
                        said = inner.lower_
                k = k or self._bridged_place(q, idx) or self._named_after(q, idx)
                if k:
                    self._prep_role(prep, said, two, k, ev, idx, of_ok=of_ok, of_role=of_role)
                if k and movement and word in self.dest_preps and k in ev.roles.get("destination", []):
                    # "fled to a village in Kenya": the goal's own place is where they went too
                    for pp in q.children:
                        if pp.dep_ == "prep" and pp.lower_ == "in":
                            for r in pp.children:
                                kk = self._key(r, idx) if r.dep_ == "pobj" else None
                                if kk and (
                                    idx.entities[kk].kind in self.place_kinds or idx.entities[kk].kind == "State"
                                ):
                                    ev.add_role("destination", kk)
            if movement and p.dep_ == "pobj":
                for pp in p.children:  # "from X into Y": a second preposition on the first's object
                    if pp.dep_ == "prep" and (pp.lower_ in self.dest_preps or pp.lower_ in self.origin_preps):
                        self._prep(pp, ev, idx, movement)
            if p.dep_ == "pobj" and (pk := self._key(p, idx)) and idx.entities[pk].kind in self.place_kinds:
                self._described_within(p, ev, idx)
            if p.dep_ == "pobj" and depth < 2:
                # "in the town of X in Y state", "the home of a teacher in X": places further down
                # the phrase locate the same event
                for pp in p.children:
                    if pp.dep_ == "prep" and (
                        pp.lower_ in self.loc_preps or (pp.lower_ == "of" and p.lemma_.lower() in self.relative_places)
                    ):
                        self._nested_places(pp, ev, idx, depth + 1)

    def _prep_role(
        self, prep, word: str, two: str, k: str, ev: Event, idx: EntityIndex, *, of_ok: bool, of_role: str
    ) -> None:
        kind = idx.entities[k].kind
        is_place = kind in self.place_kinds or kind == "State"
        if (word in self.origin_preps or two in self.origin_preps) and is_place:
            ev.add_role("origin", k)
        elif (
            word in self.dest_preps
            and is_place
            and kind != "State"
            and self._is(self.ont.event_types[ev.type], "heldAtGoalTypes")
        ):
            ev.add_role("place", k)  # "taken to a local hospital": where the care is given
        elif word == "to" and is_place and self._aimed_through_object(prep, ev, idx):
            ev.add_role("patient", k)  # "set fire to the market", "laid siege to the town"
        elif word in self.dest_preps and is_place:
            if idx.entities[k].anonymous and not self._is(self.ont.event_types[ev.type], "movementTypes"):
                return  # "took to the streets": an unnamed goal of no movement is no role
            ev.add_role("destination", k)
        elif (word in self.loc_preps and is_place and kind != "State") or (word == "in" and kind == "State"):
            ev.add_role("place", k)
        elif word == "of" and of_ok:
            ev.add_role(of_role, k)
        elif word in self.agent_preps and kind not in self.place_kinds:
            if prep.head.pos_ == "VERB" and not self._subject(prep.head)[1]:
                return  # an active verb takes no "by"-agent: the phrase is an event noun's, misattached
            ev.add_role("agent", k)
        elif word in self.target_preps and kind in self.actor_kinds:
            ev.add_role("patient", k)
        elif word in self.aim_preps and (self.ont.is_kind(kind, "Person") or self.ont.is_kind(kind, "Group")):
            ev.add_role("patient", k)  # "fired at protesters"
        elif (
            word == "to"
            and kind in self.actor_kinds
            and kind != "State"
            and (prep.head.lemma_.lower() in self.patient_subject or self._subject_undergoes(prep.head))
            and not self._is(self.ont.event_types[ev.type], "subjectActsTypes")
        ) or (word in self.partner_preps and kind in self.actor_kinds):
            if self._is(self.ont.event_types[ev.type], "statementTypes"):
                ev.add_role("patient", k)  # "lodged a protest with Uganda": whom it is addressed to
            else:
                ev.add_role("agent", k)

    def _aimed_through_object(self, prep, ev: Event, idx: EntityIndex) -> bool:
        """Force used "to" a place through an object that names the act, not a thing moved ("set
        fire to the market", "laid siege to the town", "did damage to the bridge"): that place is
        what the force is used on (force and damage: kg:causeTypes, kg:consequenceTypes, whose
        patient is concrete, kg:concretePatientTypes; a withdrawal moves its object)."""
        et = self.ont.event_types[ev.type]
        if not self._is(et, "concretePatientTypes") or not (
            self._is(et, "causeTypes") or self._is(et, "consequenceTypes")
        ):
            return False
        verb = prep.head
        return verb.pos_ == "VERB" and any(
            c.dep_ == "dobj" and c.pos_ == "NOUN" and self._key(c, idx) is None for c in verb.children
        )

    def _enclosing_places(self, events: list[Event], doc, idx: EntityIndex) -> None:
        """What happened in a place happened in the places its phrase says contain it: "in Kano's
        Bichi district", "in the Bichi district of Kano state", "in Tudun village, Bichi district,
        Kano state" (possessor, "of"-complement and apposition of the place's own phrase)."""
        for ev in events:
            places = ev.roles.get("place", [])
            if not places:
                continue
            span = range(ev.sentence.begin, ev.sentence.end)
            for i, key in list(idx.token_key.items()):
                if key not in places:
                    continue
                t = doc[i]
                if t.idx in span and (t.head.i == i or idx.token_key.get(t.head.i) != key):
                    for k in self._containing(t, idx, key, 0):
                        ev.add_role("place", k)

    def _containing(self, tok, idx: EntityIndex, own: str, depth: int) -> list[str]:
        found: list[str] = []
        for c in tok.children:
            if c.dep_ in ("poss", "appos"):
                cands = [c]
            elif c.dep_ == "prep" and c.lower_ == "of":
                cands = [p for p in c.children if p.dep_ == "pobj"]
            else:
                continue
            for t in cands:
                k = self._key(t, idx)
                if k is None and c.dep_ == "appos" and depth < 3:
                    found += self._containing(t, idx, own, depth + 1)  # ", Georgia's second city"
                if k is None or k == own:
                    continue
                kind = idx.entities[k].kind
                if kind in self.place_kinds or kind == "State":
                    found.append(k)
                    if depth < 3:
                        found += self._containing(t, idx, k, depth + 1)
        return found

    def _harm_without_object(self, verb, et: EventTypeDef) -> bool:
        """A harm (kg:consequenceTypes) told by an active verb with no object is undergone by its
        subject ("seven migrants drowned", "two guards perished"): nobody is said to do it."""
        return (
            verb.pos_ == "VERB"
            and self._is(et, "consequenceTypes")
            and not any(c.dep_ in ("dobj", "auxpass", "dative") for c in verb.children)
        )

    def _nested_key(self, tok, idx: EntityIndex, *, place: bool = False) -> str | None:
        """The first entity inside a prepositional object ("the neutral waters of the Han River",
        "Mali's capital"), not inside a clause that describes it ("an airline it accuses of helping
        migrants cross into Poland")."""
        clauses = {
            d.i
            for c in tok.subtree
            if c.dep_ in ("relcl", "acl", "ccomp", "advcl", "xcomp") and c.i != tok.i
            for d in c.subtree
        }
        for t in tok.subtree:
            if t.i in clauses:
                continue
            if t.i in idx.token_key and t.dep_ in ("pobj", "compound", "appos", "conj", "poss", "nsubj", "dobj"):
                k = idx.token_key[t.i]
                kind = idx.entities[k].kind
                if (kind in self.place_kinds or kind == "State") and self._through_other_prep(t, tok):
                    continue  # "in exchange for Peru", "in response to Chile": no place of the event
                if kind not in ("Person", "Group") and (not place or kind in self.place_kinds or kind == "State"):
                    return k
        return None

    def _through_other_prep(self, t, top) -> bool:
        """Whether ``t`` hangs below ``top`` through a preposition that says nothing of space ("in
        exchange for X"): only prepositions of place, direction or target and "of" lead to a place
        inside a phrase."""
        node = t
        while node.i != top.i and node.head.i != node.i:
            if node.dep_ == "prep" and node.lower_ not in self.spatial_preps:
                return True
            node = node.head
        return False

    def _named_after(self, tok, idx: EntityIndex) -> str | None:
        """ "in the Armenian capital Yerevan", "in the port city Aden": a place word the place's name
        follows at once names that place (the parse may hang the name elsewhere)."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.naming_place_nouns or tok.i + 1 >= len(tok.doc):
            return None
        k = idx.token_key.get(tok.i + 1)
        if k is None or tok.i in idx.token_key or idx.entities[k].kind not in self.place_kinds:
            return None
        return k

    def _bridged_place(self, tok, idx: EntityIndex) -> str | None:
        """ "in the eastern section", said of a place named shortly before and without "of X": that
        place (the event happened in a part of it). The nearest place mentioned in this or the
        previous few sentences; a state only when named as a noun, not in "North Korean soldier"."""
        if tok.lemma_.lower() not in self.part_nouns or tok.i in idx.token_key:
            return None
        kids = list(tok.children)
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids):
            return None
        if any(c.dep_ in ("poss", "compound", "prep", "relcl", "acl") for c in kids):
            return None  # "its eastern section", "the border area", "the section of ..." say their own whole
        doc = tok.doc
        start = tok.sent.start
        for _ in range(_BRIDGE_SENTENCES):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        for i in range(tok.i - 1, start - 1, -1):
            k = idx.token_key.get(i)
            if k is None:
                continue
            kind = idx.entities[k].kind
            if kind in self.place_kinds or (
                kind == "State" and doc[i].pos_ == "PROPN" and doc[i].dep_ not in ("amod", "compound")
            ):
                return k
        return None

    def _doers_of_reason(self, tok, prep, verb, idx: EntityIndex) -> tuple[list[str], Any] | None:
        """An act named as the reason for what is done to an actor ("blamed the army for the
        attack", "thanked Chad for its aid", "was arrested for the killing") or that an actor is
        said to answer for ("X was responsible for the attack") is that actor's act: the actors
        and the verb, or None where the act is no such reason."""
        if tok.dep_ != "pobj" or prep.lower_ != "for":
            return None
        responsible = prep.head.lower_ in self.responsibility_adjectives
        if responsible and prep.head.dep_ == "amod" and prep.head.head.head.pos_ in ("VERB", "AUX"):
            # "held the rebels responsible for the attack" (the parse hangs the adjective on them)
            k = self._key(prep.head.head, idx)
            return ([k], prep.head.head.head) if k and idx.entities[k].kind in self.actor_kinds else None
        if responsible and prep.head.head.pos_ in ("VERB", "AUX"):
            verb = prep.head.head  # "X was responsible for the attack", "held X responsible for it"
        elif verb is None or prep.head.i != verb.i:
            return None
        subj, passive = self._subject(verb)
        objs = [o for c in verb.children if c.dep_ == "dobj" for o in (c, *c.conjuncts)]
        targets = subj if passive or (responsible and not objs) else objs
        keys = [k for t in targets if (k := self._key(t, idx)) and idx.entities[k].kind in self.actor_kinds]
        return (keys, verb) if keys else None

    def _noun_roles(self, tok, et: EventTypeDef, ev: Event, idx: EntityIndex) -> None:
        """Roles of an event noun: "the defection of X" / "X's escape" (agent of an intransitive
        type), "the arrest of X" / "X's arrest" (patient), "the attack by X on Y", "talks between X and
        Y"; a noun a verb supports or governs shares the verb's subject ("held talks", "defected in a
        rare crossing")."""
        movement = self._is(et, "movementTypes")
        of_role = "agent" if self._is(et, "agentOfTypes") else "patient"
        undergone = self._is(et, "consequenceTypes") or self._is(et, "animateUndergoerTypes")
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and not undergone:
                # "a brutal Russian assault", "the Kelsan withdrawal": a state's people's word on an act
                # says who did it ("Kelsan deaths", "Kelsan arrests" say who underwent them)
                k = idx.token_key.get(c.i)
                if k is not None and idx.entities[k].kind == "State":
                    ev.add_role("agent", k)
            if c.dep_ == "poss":
                k = self._key(c, idx)
                if k:
                    ev.add_role(of_role, k)
            elif c.dep_ == "prep":
                if c.lower_ in self.partner_preps:
                    said = self._is(et, "statementTypes")  # "a protest with Uganda": addressed to it
                    for p in c.children:
                        for q in [p, *p.conjuncts]:
                            # "talks between the two leaders": the pair last named together
                            own = self._key(q, idx)
                            for k in self._pair(q, idx) or ([own] if own else []):
                                if idx.entities[k].kind in self.actor_kinds:
                                    ev.add_role("patient" if said else "agent", k)
                else:
                    self._prep(c, ev, idx, movement, of_ok=True, of_role=of_role)
        undergone = self._undergone_by_subject(tok)
        if undergone is not None:  # "the unit was the target of an attack": the unit underwent it
            subj, role = undergone
            own = self._key(subj, idx)
            for k in self._pair(subj, idx) or ([own] if own else []):
                if role == "patient" and idx.entities[k].kind in self.actor_kinds:
                    ev.add_role("patient", k)
                elif role == "place" and self.ont.is_kind(idx.entities[k].kind, "Place"):
                    ev.add_role("place", k)
            for c in subj.head.children:
                if c.dep_ == "prep":
                    self._prep(c, ev, idx, movement)
        head = tok.head
        verb = None
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "dobj" and head.head.head.pos_ == "VERB":
            tok, head = head.head, head.head.head  # "carried out a wave of raids": read as "carried out raids"
        if (
            tok.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.head.pos_ == "VERB"
            and head.lower_ not in self.event_preps
        ):
            verb = head.head  # not "after the arrest": a clause dated by an event does not do it
        elif (
            tok.dep_ == "dobj"
            and head.pos_ == "VERB"
            and (head.lemma_.lower() in self.support_verbs or head.lemma_.lower() in self.patient_subject)
        ):
            verb = head  # "police made arrests", "the army launched an attack on X", "suffered wounds"
        elif (
            tok.dep_ == "pobj"
            and head.lower_ == "for"
            and head.head.lemma_.lower() in self.responsibility_nouns
            and head.head.dep_ == "dobj"
            and head.head.head.lemma_.lower() in self.admission_verbs
        ):
            verb = head.head.head  # "X claimed responsibility for the attack": X did it
        reason = self._doers_of_reason(tok, head, verb, idx)
        if reason is not None:
            doers, verb = reason
            for k in doers:  # "blamed X for the attack", "X was arrested for the killing": X did it
                ev.add_role("agent", k)
            for c in verb.children:
                if c.dep_ == "prep" and c.i != head.i:
                    self._prep(c, ev, idx, movement)
        elif verb is not None:
            subj, passive = self._subject(verb)
            undergoes = passive or self._subject_undergoes(verb)
            for s in subj:
                own = self._key(s, idx)
                for k in self._pair(s, idx) or ([own] if own else []):
                    if not undergoes:
                        ev.add_role("agent", k)
                    elif of_role == "patient" and tok.dep_ in ("dobj", "pobj") and self._undergone(tok, verb):
                        # "was placed under arrest", "suffered gunshot wounds": the subject undergoes it
                        ev.add_role("patient", k)
            for c in verb.children:
                if c.dep_ == "prep" and c.i != head.i:
                    self._prep(c, ev, idx, movement)
            self._relative_place(verb, ev, idx)
        elif tok.dep_ == "dobj" and head.pos_ == "VERB" and not self._subject(head)[1]:
            # "met to discuss the attack on X by Y": an active verb takes no "by"-agent, so the parse
            # hung the event noun's own "by"-phrase on the verb
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "by" and c.i > tok.i:
                    for p in c.children:
                        for q in (p, *p.conjuncts):
                            k = self._key(q, idx)
                            if k and idx.entities[k].kind in self.actor_kinds:
                                ev.add_role("agent", k)
        elif tok.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "VERB":
            # "the shootout erupted in the town of X", "the attack left five dead in Y": where the
            # verb says the event noun was is the event's place
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in self.loc_preps:
                    self._prep(c, ev, idx, movement)
        self._default_ends(et, ev, idx, movement)

    def _undergone_by_subject(self, tok):
        """ "The unit was the target of an attack", "the square became the scene of clashes": the
        copula's subject and the role it has in the event noun after an undergoer or scene noun
        (kg:undergoerNouns, kg:sceneNouns), as (subject token, "patient" or "place"); None unless
        told in the past with no modal or negation."""
        head = tok.head
        noun = head.head
        if tok.dep_ != "pobj" or head.lower_ != "of" or noun.dep_ != "attr":
            return None
        lemma = noun.lemma_.lower()
        role = "patient" if lemma in self.undergoer_nouns else ("place" if lemma in self.scene_nouns else None)
        verb = noun.head
        if (
            role is None
            or verb.lemma_.lower() not in ("be", "become")
            or verb.tag_ not in ("VBD", "VBN")
            or any(c.dep_ == "neg" or c.lower_ in self.modals for c in verb.children)
        ):
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return (subj, role) if subj is not None else None

    def _undergone(self, tok, verb) -> bool:
        """The event noun is what the verb's subject undergoes: the object of "suffer"/"undergo",
        the state a passive verb puts its subject in ("was placed under arrest", "taken into
        custody"), or the act a passive subject was harmed in ("was wounded in the attack": a
        target of the attack); not an act the subject took part in by other means ("was seen
        at the protest")."""
        if tok.dep_ == "dobj":
            return True
        prep = tok.head
        return prep.lower_ in self.state_preps

    def _default_ends(self, et: EventTypeDef, ev: Event, idx: EntityIndex, movement: bool) -> None:
        """Where a defector or a border crosser comes from and goes to, when the sentence leaves it
        unsaid: :meth:`_default_origin`, then :meth:`_default_destination`."""
        if not movement or not self._is(et, "leaveHomeTypes"):
            return
        self._default_origin(ev, idx)
        self._default_destination(ev, idx)

    @staticmethod
    def _default_origin(ev: Event, idx: EntityIndex) -> None:
        """A defector leaves their own state: the agent's stated nationality is the origin."""
        if "origin" in ev.roles:
            return
        for k in ev.roles.get("agent", []):
            nat = idx.entities[k].nationality
            if nat and nat not in ev.roles.get("destination", []):
                ev.add_role("origin", nat)
                return

    def _default_destination(self, ev: Event, idx: EntityIndex) -> None:
        """Who crosses a border from one of the two states it lies between (``kg:separates``)
        arrives in the other, when the article names it ("crossed the MDL" from the North)."""
        if "destination" in ev.roles or len(ev.roles.get("origin", [])) != 1:
            return
        origin = ev.roles["origin"][0]
        for k in ev.roles.get("place", []) + ev.roles.get("patient", []):
            ref = self.ont.entities.get(k)
            if ref is not None and origin in ref.separates and len(ref.separates) == 2:
                other = next(iter(ref.separates - {origin}))
                if other in idx.entities:
                    ev.add_role("destination", other)
                return

    def _subject(self, verb) -> tuple[list, bool]:
        """The verb's subject(s), following conjunctions, control and relative clauses."""
        node = verb
        for _ in range(5):
            subs = [
                c for c in node.children if c.dep_ in SUBJECT_DEPS or (c.dep_ == "csubjpass" and _reduced_relative(c))
            ]
            if subs:
                passive = any(c.dep_ == "nsubjpass" for c in subs) or (node.i == verb.i and _reduced_relative(verb))
                out = []
                for s in subs:
                    if s.lower_ in self.relative and node.dep_ == "relcl":
                        out.append(node.head)
                    elif _reduced_relative(s):
                        # "aid workers kidnapped in May have been released": the parse made the
                        # participle the subject clause; the people it describes are the subject
                        out.extend(c for c in s.children if c.dep_ == "nsubj")
                        passive = passive or any(c.dep_ == "auxpass" for c in node.children)
                    else:
                        out.append(s)
                        out.extend(s.conjuncts)
                own_passive = any(c.dep_ == "auxpass" for c in verb.children) or _shares_passive(verb, node)
                return out, (passive and node.i == verb.i) or (node.i != verb.i and own_passive)
            if node.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in node.children):
                owners = [c for c in node.head.children if c.dep_ == "poss"]
                if owners:
                    return owners, False  # "the government's decision to shelve the talks"
            if node.dep_ in ("relcl", "acl") and node.pos_ == "VERB":
                passive = node.tag_ == "VBN" and node.dep_ == "acl"
                return [node.head], passive
            if unshared_conjunct(node) and node.head.dep_ == "ccomp":
                node = node.head.head  # "X said the march had not been authorised and accused ...": X
                continue
            if node.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in node.children):
                objs = [c for c in node.head.children if c.dep_ == "dobj"]
                if objs and all(self._actor_word(c) for c in objs):
                    # "forced them to return fire", "ordered the troops to withdraw": whom the
                    # governing verb acts on does the act (object control); a thing it acts on
                    # is the means ("used water cannon to disperse the crowd")
                    return [o for c in objs for o in (c, *c.conjuncts)], False
            if node.dep_ == "advcl" and node.tag_ == "VBG" and node.i > 0:
                before = node.doc[node.i - 1]
                if before.dep_ == "pobj" and before.head.lower_ in ("for", "with") and before.pos_ in ("PROPN", "NOUN"):
                    # "in exchange for Peru freeing 42 prisoners", "with troops firing": the noun the
                    # parse left in the preposition is the gerund's subject
                    return [before, *before.conjuncts], False
            if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
                node = node.head
                continue
            if node.dep_ == "pcomp" and node.tag_ == "VBG" and node.head.dep_ == "prep":
                governor = node.head.head
                objs = [c for c in governor.children if c.dep_ == "dobj"]
                if node.head.lower_ in ("for", "of") and governor.pos_ == "VERB" and objs:
                    # "arrested two men for attacking a bus", "accused the rebels of attacking":
                    # whom the act is done to did what it is done for
                    return [o for c in objs for o in (c, *c.conjuncts)], False
                if node.head.lower_ in ("for", "of") and governor.dep_ == "dobj" and governor.head.pos_ == "VERB":
                    return [governor, *governor.conjuncts], False  # (the parse hung "of" on the object)
                node = governor  # "agreed ... after meeting in Tokyo": who agreed met
                continue
            break
        return [], False

    def _actor_word(self, tok) -> bool:
        """A word for someone who can act: a personal pronoun, a name of people, an organization
        or a state, or a noun of people or groups (kg:animateNouns)."""
        return (
            (tok.tag_ == "PRP" and tok.lower_ not in ("it", "itself"))
            or tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
            or tok.lemma_.lower() in self.animate_nouns
        )

    def _pair(self, tok, idx: EntityIndex) -> list[str]:
        """ "the two sides agreed", "both countries": the two actors the text last named together
        (coordinated: "India and Pakistan", "Biden and Xi"), else the last two of one kind named
        before. The noun says the kind (kg:pairStateNouns, kg:pairPersonNouns; kg:pairNouns any)."""
        lemma = tok.lemma_.lower()
        if tok.tag_ not in ("NNS", "NNPS"):
            return []
        counted = any(
            (c.dep_ == "nummod" and c.lower_ == "two")
            or (c.dep_ in ("det", "predet", "preconj") and c.lower_ == "both")
            for c in tok.children
        )
        # "the leaders" alone: only the two last named together ("Roe and Tan met ... the leaders")
        bare = not counted and [c.lower_ for c in tok.children] == ["the"]
        if not counted and not bare:
            return []
        kinds = next((k for k, words in self.pair_nouns.items() if lemma in words), None)
        if kinds is None:
            return []

        def fits(key: str) -> bool:
            kind = idx.entities[key].kind
            return key not in idx.descriptive and (kind == kinds if kinds else kind in self.actor_kinds)

        before = [(i, k) for i, k in idx.token_key.items() if i < tok.left_edge.i and fits(k)]
        before.sort(reverse=True)
        doc = tok.doc
        for i, k in before:  # the last coordination of two such actors
            for c in doc[i].conjuncts:
                other = self._key(c, idx)
                if other and other != k and fits(other) and idx.entities[other].kind == idx.entities[k].kind:
                    return sorted({k, other})
        if bare:
            return []
        last: list[str] = []
        for _, k in before:
            if k not in last and (not last or idx.entities[k].kind == idx.entities[last[0]].kind):
                last.append(k)
            if len(last) == 2:
                return sorted(last)
        return []

    def _key(self, tok, idx: EntityIndex) -> str | None:
        k = idx.key_of(tok)
        if k:
            return k
        for c in tok.children:
            if c.dep_ in ("appos",):
                k = idx.key_of(c)
                if k:
                    return k
        if tok.pos_ == "PROPN" and tok.is_title and tok.i + 1 < len(tok.doc):
            # "Roe and Prime Minister Tan": a title the parse took apart from the name after it
            k = idx.token_key.get(tok.i + 1)
            if k and idx.entities[k].kind == "Person" and tok.doc[tok.i + 1].pos_ == "PROPN":
                return k
        return None

    # ---------------------------------------------------------------------------------------


def _shares_passive(verb, node) -> bool:
    """ "X was taken to a station and charged with sedition": a participle joined to a passive verb,
    with no auxiliary or object of its own, shares its "was" (and so is passive too)."""
    return (
        verb.dep_ == "conj"
        and verb.head.i == node.i
        and verb.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in node.children)
        and not any(c.dep_ in ("aux", "auxpass", "dobj", "nsubj", "nsubjpass") for c in verb.children)
    )


def _reduced_relative(verb) -> bool:
    """A participle the parse made a subject clause with a subject of its own and no auxiliary
    ("aid workers kidnapped in May | have been released"): a reduced relative clause, passive, on
    the noun the parse took for its subject."""
    if (
        verb.tag_ != "VBN"
        or not any(c.dep_ == "nsubj" for c in verb.children)
        or any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    ):
        return False
    if verb.dep_ in ("csubj", "csubjpass"):
        return True
    # "workers kidnapped in May have been released, X said": the parse made the finite verb, which
    # has the auxiliaries and no subject of its own, a conjunct of the participle
    return any(
        c.dep_ == "conj"
        and c.i > verb.i
        and any(a.dep_ in ("aux", "auxpass") for a in c.children)
        and not any(a.dep_ in SUBJECT_DEPS for a in c.children)
        for c in verb.children
    )

"""Events: trigger words from the event-type scheme, roles from the dependency parse.

A verb or noun whose lemma is a trigger of an event type (``kg:trigger`` / ``kg:triggerNoun`` in
``ontology/event-types.ttl``) starts a candidate. Only acts the text asserts become events: not
negated ones, not under a modal ("must", "would"), a prediction ("will"), a question, a condition,
or the complement of an intent verb ("plans to", "urged ... to"). Roles come from the parse: the
subject is the agent (the by-phrase of a passive), the object or passive subject the patient,
prepositional objects the place, origin or destination. Time: the time expression attached to the
trigger's clause, else (for a past-tense report) the narrative's reference time, else the article's
lead time.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from kg.extract.mentions import SUBJECT_DEPS, people_by_state

from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDFS

from kg.extract.entities import EntityIndex
from kg.extract.event_identity import EventIdentity
from kg.extract.event_times import EventTimes
from kg.extract.evidence import EventEvidence
from kg.extract.frames import EventFrames
from kg.extract.text import Layout, sentence_at
from kg.model import Event, Mention, TimeValue
from kg.knowledge.ontology import EventTypeDef, Ontology, broader_names
from kg.vocab import KG


class EventExtractor(EventEvidence, EventFrames, EventTimes, EventIdentity):
    """Trigger index and role rules for one ontology; reuse it across articles."""

    def __init__(self, ontology: Ontology) -> None:
        self.ont = ontology
        self.verbs: dict[str, list[tuple[tuple[str, ...], EventTypeDef]]] = {}
        self.nouns: dict[str, list[tuple[tuple[str, ...], EventTypeDef]]] = {}
        for et in sorted(ontology.event_types.values(), key=lambda e: e.name):
            for words in et.verbs:
                self.verbs.setdefault(words[0], []).append((words, et))
            for words in et.nouns:
                self.nouns.setdefault(words[-1], []).append((words, et))
        for table in (self.verbs, self.nouns):
            for lst in table.values():
                lst.sort(key=lambda x: -len(x[0]))  # multi-word triggers first
        w = ontology.words
        self.modals = w("modalWords")
        self.predictions = {p for p in w("predictionWords") if " " not in p}
        self.intent = w("intentVerbs")
        self.denial = w("denialVerbs")
        self.implicative = w("implicativeVerbs")
        self.decision_verbs = w("decisionVerbs")
        self.toll_subjects = w("tollSubjectNouns")
        self.decision_nouns = w("decisionNouns")
        self.evidential = w("evidentialVerbs")
        self.time_units = w("timeUnitNouns")
        self.period_preps = w("periodPrepositions")
        self.frequency_dets = w("frequencyDeterminers")
        self.frequency_adverbs = w("frequencyAdverbs")
        self.sequence_marks = w("sequenceMarks")
        self.irrealis = w("irrealisModifiers")
        self.additive = w("additiveAdverbs")
        self.pair_nouns = {"State": w("pairStateNouns"), "Person": w("pairPersonNouns"), "": w("pairNouns")}
        self.happen = w("happenVerbs") - {"be"}
        self.loc_preps = w("locativePrepositions")
        self.origin_preps = w("originPrepositions")
        self.dest_preps = w("destinationPrepositions")
        self.part_nouns = w("partNouns")
        self.naming_place_nouns = w("placeNouns") | w("facilityNouns") | w("nameHeadsFacility") | w("seatNouns")
        self.movement = w("movementTypes")
        self.people = w("personNouns") | w("groupNouns")
        self._headline = False
        self.speech = w("speechVerbs")
        self.patient_subject = w("patientSubjectVerbs")
        # --- grammatical evidence and roles: word lists and type facts in ontology/lexicon-events.ttl
        self.news_speech = w("newsSpeechVerbs")
        self.speech_occasions = w("addressNouns")
        self.relative = w("relativePronouns")
        self.relative_adverbs = w("relativePlaceAdverbs")
        self.relative_places = w("relativePlaceNouns")  # "in front of X": X says where
        self.support_verbs = w("supportVerbs")
        self.witness_verbs = w("witnessVerbs")
        self.witness_nouns = w("witnessNouns")
        self.undergoer_nouns = w("undergoerNouns")
        self.scene_nouns = w("sceneNouns")
        self.responsibility_nouns = w("responsibilityNouns")
        self.responsibility_adjectives = w("responsibilityAdjectives")
        self.admission_verbs = w("admissionVerbs")
        self.state_preps = w("statePrepositions")
        self.event_preps = w("eventTimePrepositions")
        self.anaphors = w("eventAnaphors")
        self.distinct_words = w("distinctWords")
        self.definite_dets = w("definiteDeterminers")
        self.same_occasion_preps = w("sameOccasionPrepositions")
        self.earlier_occasion_preps = w("earlierOccasionPrepositions")
        self.happening_nouns = w("happeningNouns")
        self.ordering_adjectives = w("orderingAdjectives")
        self.condition_marks = w("conditionMarkers")
        self.contrast = w("contrastWords")
        self.negative_quantifiers = w("negativeQuantifiers")
        self.agent_preps = w("agentPrepositions")
        self.target_preps = w("targetPrepositions")
        self.spatial_preps = self.loc_preps | self.dest_preps | self.origin_preps | self.target_preps | {"of"}
        self.aim_preps = w("aimPrepositions")
        self.partner_preps = w("partnerPrepositions")
        self.idioms = w("idiomaticVerbPhrases")
        self.source_naming = w("sourceNamingVerbs")
        self.animate_nouns = w("animateNouns") | w("personNouns") | w("groupNouns")
        self.concrete_nouns = w("concreteNouns")
        self.abstract_nouns = w("abstractNouns")
        self.place_kinds = _subclass_names(ontology, KG.Place)
        self.actor_kinds = _subclass_names(ontology, KG.Actor)
        self.type_lists = {
            name: w(name)
            for name in (
                "animateUndergoerTypes",
                "concretePatientTypes",
                "concretePathTypes",
                "twoPartyTypes",
                "decidedTypes",
                "statementTypes",
                "leaveHomeTypes",
                "abroadDestinationTypes",
                "agentOfTypes",
                "movementTypes",
                "purposeAssertedTypes",
                "subjectActsTypes",
                "consequenceTypes",
                "causeTypes",
                "possessorTargetTypes",
                "purposeTargetTypes",
                "addresseeClauseTypes",
                "heldAtGoalTypes",
            )
        }
        self.type_names = {iri: broader_names(ontology, iri) for iri in ontology.event_types}
        self._read_frames(ontology)

    # ---------------------------------------------------------------------------------------
    def _protest_by_states(self, et: EventTypeDef, ev: Event, idx: EntityIndex) -> bool:
        """A protest whose every protester is a state or an organ of one (kg:stateProtestTypes)."""
        if self.protest_type is None or self.state_protest_type is None or et.iri != self.protest_type.iri:
            return False
        kinds = [idx.entities[k].kind for k in ev.roles.get("agent", []) if k in idx.entities]
        return bool(kinds) and all(
            self.ont.is_kind(k, "State") or self.ont.is_kind(k, "Government") or self.ont.is_kind(k, "GovernmentAgency")
            for k in kinds
        )

    def extract(
        self,
        doc,
        layout: Layout,
        idx: EntityIndex,
        times: list[TimeValue],
        sentences: list[Mention],
        lead_time: TimeValue | None,
        published: date | None = None,
    ) -> list[Event]:
        self._published = published
        events: list[Event] = []
        anchor_of: dict[int, Any] = {}  # id(event) -> the token its roles were read from
        seen: set[tuple[int, str]] = set()
        sents = list(doc.sents)
        starts = [s.start for s in sents]  # a token's sentence by bisection: no Token objects made
        # the object words of multiword verb triggers: "went on strike" is a protest, its "strike"
        # no attack (a word of the same type, "held talks", joins the verb's event in _merge)
        consumed: dict[int, str] = {}
        for tok, (words, et) in ((t, m) for t in doc for m in self._matches(t, layout)):
            if consumed.get(tok.i, et.iri) != et.iri:
                continue
            if tok.pos_ == "VERB" and len(words) > 1:
                consumed |= {t.i: et.iri for t in tok.subtree if t.i != tok.i and t.lemma_.lower() in words[1:]}
            word = tok  # the trigger's own word (its last), which names the event
            if tok.pos_ != "VERB" and len(words) > 1:
                # "declared a state of emergency": the phrase's head in the parse is its first word;
                # whether it is reported, and its roles, are read there
                tok = self._phrase_root(tok.doc[tok.i - len(words) + 1], tok)
            sent = sents[bisect_right(starts, tok.i) - 1]
            if tok.pos_ == "NOUN" and any(c.lower_ in self.irrealis for c in tok.lefts):
                continue  # "warned of a possible attack", "the planned visit": not (yet) real
            if people_by_state(tok):
                continue  # "the injured were taken to hospital": people, no new injury
            if not (
                self._asserted(tok, sent, layout)
                or self._purpose_of_act(tok, et, sent, layout)
                or self._decided_act(tok, et, sent, layout)
                or self._presupposed(tok)
            ):
                continue
            if not self._literal(tok, words, sent) or self._toll(tok, et):
                continue
            key = (tok.i, et.iri)
            if key in seen:
                continue
            seen.add(key)
            sm = sentence_at(sentences, tok.idx)
            ev = Event(
                type=et.iri,
                cls=et.cls,
                trigger=Mention(word.idx, word.idx + len(word.text), word.text),
                sentence=sm or Mention(sent.start_char, sent.end_char, sent.text),
            )
            self._headline = layout.is_headline(tok.idx)
            self._roles(tok, et, ev, idx)
            said = self.state_protest_type
            if said is not None and self._protest_by_states(et, ev, idx):
                # "Kenya protested to Uganda": a state's protest is diplomatic, said, not marched;
                # whom it went "to" is whom it is addressed to
                et = said
                ev.type, ev.cls = et.iri, et.cls
                ev.roles.clear()
                self._roles(tok, et, ev, idx)  # read again as what was said
                for k in ev.roles.pop("destination", []):
                    ev.add_role("patient", k)
            if not self._has_evidence(tok, et, idx) or not self._destination_abroad(ev, et, idx):
                continue
            if self._is(et, "statementTypes") and not self._newsworthy_statement(tok, ev, idx, times, et, words):
                continue
            ev.time = self._time(tok, sent, times, lead_time, layout)
            events.append(ev)
            anchor_of[id(ev)] = tok
        events = self._without_saying_of_acts(events, anchor_of)
        headline = {ev.trigger.begin for ev in events if layout.is_headline(ev.trigger.begin)}
        events = self._merge(events, doc, headline, idx, lead_time)
        self._place_of_agent(events, doc, idx)
        self._share_clause_roles(events, doc, idx)
        self._share_incident_place(events, doc)
        self._fronted_setting(events, doc, idx)
        self._enclosing_places(events, doc, idx)
        for ev in events:  # "Abu Sayyaf fighters attacked": the organization they belong to acts too
            for k in list(ev.roles.get("agent", [])):
                aff = idx.entities[k].affiliation if k in idx.entities else None
                if aff:
                    ev.add_role("agent", aff)
        self._share_movement_roles(events)
        for ev in events:
            ev.label = _label(self.ont.event_types[ev.type], ev, idx)
        return events

    def _without_saying_of_acts(self, events: list[Event], anchor_of: dict[int, Any]) -> list[Event]:
        """A support verb whose object is itself an act of another type ("declared a state of
        emergency", "announced a ban", "signed a decree") is how the act is done, not a separate
        statement or agreement: the act stays. Condemning or denying an act (not support verbs)
        is a statement about it and stays."""
        acts = {anchor_of[id(ev)].i: ev for ev in events if anchor_of[id(ev)].pos_ != "VERB"}
        out = []
        for ev in events:
            tok = anchor_of[id(ev)]
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.support_verbs:
                objects = [acts[c.i] for c in tok.children if c.dep_ == "dobj" and c.i in acts]
                if any(o is not ev and o.type != ev.type for o in objects):
                    continue  # "signed a decree": the decree, not an agreement
            out.append(ev)
        return out

    def known_verbs(self) -> frozenset[str]:
        """Every verb the extractor reads by its lemma: trigger verbs and the verbs of its frames
        and checks (the lemmas a parse should give them)."""
        words = set(self.verbs) | self.support_verbs | self.speech | self.happen | self.patient_subject
        words |= self.deploy_object_verbs | self.deploy_subject_verbs | self.withdraw_object_verbs
        words |= self.withdraw_subject_verbs | self.seize_verbs | self.care_verbs | self.weapon_use_verbs
        words |= self.weapon_employ_verbs
        return frozenset(w for w in words if " " not in w)

    def is_statement(self, et: EventTypeDef) -> bool:
        """Whether events of this type are acts of saying (Statement or a type under it)."""
        return self._is(et, "statementTypes")

    def _is(self, et: EventTypeDef, type_list: str) -> bool:
        """Whether the type, or a concept above it, is named in the type list ``kg:<type_list>``."""
        names = self.type_names.get(et.iri)
        return bool((frozenset({et.name.lower()}) if names is None else names) & self.type_lists[type_list])

    def _matches(self, tok, layout: Layout) -> list:
        """The trigger reading of a token, and the harm a use of force states as its result:
        "shot dead", "gunned down dead" tell an attack and a death (kg:deadStates, kg:hurtStates
        after a verb of kg:causeTypes)."""
        if tok.pos_ not in ("VERB", "NOUN", "PROPN"):
            return []  # (no trigger reading: _match asks for one of these first)
        match = self._match(tok, layout)
        if match is None:
            return []
        out = [match]
        if tok.pos_ == "VERB" and self._is(match[1], "causeTypes"):
            states = [c for c in tok.children if c.dep_ in ("oprd", "acomp")]
            states += [  # "shot dead two officers": the parse hangs "dead" on the object
                a for c in tok.children if c.dep_ == "dobj" for a in c.lefts if a.dep_ == "amod" and a.i == tok.i + 1
            ]
            for c in states:
                out += [(match[0], et) for words, et in self.result_states if et is not None and c.lower_ in words]
        return out

    # --- literal use: not a quoted slogan, not an idiom ---------------------------------------------
    def _match(self, tok, layout: Layout):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in self.happen:
            back = self._referred_event(tok)
            if back is not None:
                return back
            if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in self.nouns for c in tok.children):
                return None  # "talks resumed", "protests continued": the noun is the event, the verb its course
        if tok.pos_ in ("VERB",) or (
            tok.pos_ in ("NOUN", "PROPN")
            and layout.is_headline(tok.idx)
            and tok.tag_ in ("NNS", "VBZ")
            and tok.dep_ not in ("dobj", "pobj")  # "Minister threatens sanctions": an object is a noun
            and lemma.rstrip("s") in self.verbs
        ):
            if tok.pos_ != "VERB":
                lemma = lemma.rstrip("s")
                if lemma not in self.verbs:
                    return None
            if (
                tok.dep_ == "amod"
                or _participle_before_its_noun(tok)
                or (
                    tok.dep_ == "acl"
                    and tok.tag_ in ("VBG", "VBN")
                    and not (tok.tag_ == "VBG" and tok.head.lemma_.lower() in self.people)
                    # "two tourists seized by gunmen": a participle with its own doer tells the act
                    and not (tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children))
                )
            ):
                return None
            special = self._framed(tok) if tok.pos_ == "VERB" else None
            if special is not None:
                return special
            for words, et in self.verbs.get(lemma, ()):
                if len(words) == 1 or self._has_particles(tok, words[1:]):
                    return words, et
            return (
                self._weapon_act(tok) or self._deployment(tok) or self._country_entered(tok) or self._moved_across(tok)
            )
        if tok.pos_ == "NOUN":
            founded = self._founding_noun(tok)
            if founded is not None and self._noun_reported(tok):
                return founded
            for words, et in self.nouns.get(lemma, ()):
                anchor = tok
                if len(words) > 1:
                    prev = [t.lemma_.lower() for t in tok.doc[max(0, tok.i - len(words) + 1) : tok.i]]
                    if tuple(prev) != words[:-1]:
                        continue
                    anchor = self._phrase_root(tok.doc[tok.i - len(words) + 1], tok)
                if self._noun_reported(anchor):
                    return words, et
        return None

    def _subject_undergoes(self, verb) -> bool:
        """A verb whose subject undergoes the act (kg:patientSubjectVerbs: "die", "suffer"), alone or
        with its particle or preposition ("hand over", "come under")."""
        lemma = verb.lemma_.lower()
        if lemma in self.patient_subject or self._reflexive_surrender(verb):
            return True  # "died", "turned themselves in"
        return any(f"{lemma} {c.lower_}" in self.patient_subject for c in verb.children if c.dep_ in ("prt", "prep"))

    @staticmethod
    def _phrase_root(first, last):
        """The token of ``first``..``last`` whose head lies outside the phrase (its syntactic head)."""
        inside = range(first.i, last.i + 1)
        for t in first.doc[first.i : last.i + 1]:
            if t.dep_ in ("conj", "amod") and t.i < last.i:
                continue  # "psychological and medical assistance": "medical" hangs on its partner word
            if t.head.i not in inside or t.head.i == t.i:
                return t
        return last

    def _referred_event(self, verb):
        """ "the first occurred last August": a happen-verb whose subject stands for an event noun
        said earlier in the sentence ("this recent defection ... the first occurred") is that event."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.lemma_.lower() in self.nouns for c in subjects):
            return None
        subj = next((c for c in subjects if c.lower_ in self.anaphors), None)
        if subj is None:
            return None
        if verb.dep_ == "relcl":  # "the protests that followed": the relative's own head noun happened
            head = verb.head.lemma_.lower()
            return ((verb.lemma_.lower(),), self.nouns[head][0][1]) if head in self.nouns else None
        start = verb.sent.start
        if start > 0 and subj.i - start <= 2 and verb.doc[start - 1].text in ("-", "—", "–", "--"):
            start = verb.doc[start - 1].sent.start  # "...case—the first occurred": a dash may split the sentence
        for t in verb.doc[start : subj.i]:  # the topic: the first event noun before it
            if t.pos_ == "NOUN" and t.lemma_.lower() in self.nouns:
                _, et = self.nouns[t.lemma_.lower()][0]
                return (verb.lemma_.lower(),), et
        return None

    def _has_particles(self, tok, rest: tuple[str, ...]) -> bool:
        """The words after the verb of a multiword trigger are its particle, object (with its
        adjectives; or a counted object's of-object) or preposition ("walk over", "open fire", "flee to"), a preposition and its object ("take into
        custody") or the "to" of an infinitive complement ("ask ... to"); a passive's subject stands
        for the object ("sanctions were lifted")."""
        kids = {
            c.lemma_.lower()
            for c in tok.children
            if c.dep_ in ("dobj", "prt", "advmod", "attr", "dative", "oprd")
            or (c.dep_ == "prep" and not _dates_only(c))  # "called on Sunday" is no "call on"
        }
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.dep_ == "quantmod" and nxt.head.dep_ == "nummod" and nxt.head.head.head.i == tok.i:
            kids.add(nxt.lower_)  # "handed over 20 hostages": the parser read the particle as "over 20"
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                # "established diplomatic ties": the object's adjective belongs to a three-word form
                kids |= {a.lemma_.lower() for a in c.children if a.dep_ == "amod"}
            if c.dep_ == "prep":
                kids |= {p.lemma_.lower() for p in c.children if p.dep_ == "pobj"}
            elif c.dep_ == "dobj" and any(n.dep_ == "nummod" for n in c.children):
                # "sent 200 tonnes of aid": a counted measure's of-object is what was sent
                kids |= {
                    p.lemma_.lower()
                    for o in c.children
                    if o.dep_ == "prep" and o.lower_ == "of"
                    for p in o.children
                    if p.dep_ == "pobj"
                }
            elif c.dep_ == "nsubjpass":
                kids.add(c.lemma_.lower())
            elif c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                kids.add("to")  # "asked Mexico to extradite him": a to-infinitive complement
            elif c.dep_ in ("xcomp", "ccomp") and not any(
                a.dep_ in SUBJECT_DEPS or a.dep_ == "aux" for a in c.children
            ):
                kids.add(c.lemma_.lower())  # "took the crew hostage": an object predicate parsed as a clause
        return all(w in kids for w in rest)


def _participle_before_its_noun(tok) -> bool:
    """ "involves detained people": a past participle with no auxiliary, right before the noun the
    parser made its object, describes that noun (a participle takes no object of its own). A
    joined participle has its auxiliary on the first verb ("have captured camps, destroyed depots")."""
    if tok.tag_ != "VBN" or tok.dep_ in ("ROOT", "conj") or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.dep_ not in ("dobj", "amod", "compound"):
        return False
    obj = nxt if nxt.dep_ == "dobj" else nxt.head
    return (
        obj.dep_ == "dobj"
        and obj.head.i == tok.i
        and all(t.dep_ in ("amod", "compound") for t in tok.doc[tok.i + 1 : obj.i])
    )


def _dates_only(prep) -> bool:
    """A preposition whose objects are all dates or times ("on Sunday", "in March")."""
    objs = [p for p in prep.children if p.dep_ == "pobj"]
    return bool(objs) and all(p.ent_type_ in ("DATE", "TIME") for p in objs)


def _subclass_names(ontology: Ontology, root: URIRef) -> frozenset[str]:
    """Local names of the ``kg:`` classes under ``root`` (rdfs:subClassOf*), ``root`` included."""
    g, out, todo = ontology.graph, set(), [root]
    while todo:
        c = todo.pop()
        if c in out:
            continue
        out.add(c)
        todo.extend(s for s in g.subjects(RDFS.subClassOf, c) if isinstance(s, URIRef))
    return frozenset(str(c)[len(str(KG)) :] for c in out if str(c).startswith(str(KG)))


def _label(et: EventTypeDef, ev: Event, idx: EntityIndex) -> str:
    who = [idx.entities[k].label for k in ev.roles.get("agent", [])[:2]]
    parts = [et.label]
    if who:
        parts.append("by " + " and ".join(who))
    if ev.time is not None and not any(w.endswith(f"({ev.time.value})") for w in who):
        parts.append(f"({ev.time.value})")  # not twice: "by North Korean soldier (2017)"
    return " ".join(parts)

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

from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from kg.extract.entities import EntityIndex
from kg.extract.event_times import EventTimes
from kg.extract.roles import RoleReader
from kg.extract.text import Layout, sentence_at
from kg.model import Event, Mention, TimeValue
from kg.knowledge.ontology import EventTypeDef, Ontology
from kg.vocab import KG

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_BRIDGE_SENTENCES = 4  # how far back "the eastern section" looks for its whole
_COMPLEMENT_DEPS = ("xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp")


class EventExtractor(RoleReader, EventTimes):
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
        self.implicative = w("implicativeVerbs")
        self.happen = w("happenVerbs") - {"be"}
        self.loc_preps = w("locativePrepositions")
        self.origin_preps = w("originPrepositions")
        self.dest_preps = w("destinationPrepositions")
        self.part_nouns = w("partNouns")
        self.movement = w("movementTypes")
        self.people = w("personNouns") | w("groupNouns")
        self._headline = False
        self.speech = w("speechVerbs")
        self.patient_subject = w("patientSubjectVerbs")
        # --- grammatical evidence and roles: word lists and type facts in ontology/lexicon-events.ttl
        self.news_speech = w("newsSpeechVerbs")
        self.relative = w("relativePronouns")
        self.support_verbs = w("supportVerbs")
        self.state_preps = w("statePrepositions")
        self.event_preps = w("eventTimePrepositions")
        self.anaphors = w("eventAnaphors")
        self.distinct_words = w("distinctWords")
        self.definite_dets = w("definiteDeterminers")
        self.condition_marks = w("conditionMarkers")
        self.contrast = w("contrastWords")
        self.agent_preps = w("agentPrepositions")
        self.target_preps = w("targetPrepositions")
        self.partner_preps = w("partnerPrepositions")
        self.idioms = w("idiomaticVerbPhrases")
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
                "statementTypes",
                "leaveHomeTypes",
                "agentOfTypes",
                "movementTypes",
                "purposeAssertedTypes",
            )
        }
        self.type_names = {iri: _broader_names(ontology, iri) for iri in ontology.event_types}
        self.weapon_verbs = w("weaponActVerbs")
        self.weapons = w("weaponNouns") | w("moreWeaponNouns")
        self.deploy_object_verbs = w("deployObjectVerbs")
        self.deploy_subject_verbs = w("deploySubjectVerbs")
        self.military = w("militaryNouns")
        self.military_mods = w("militaryModifiers")
        self.deploy_type = _type_named(ontology, w("deploymentTypes"))
        self.withdraw_object_verbs = w("withdrawObjectVerbs")
        self.withdraw_subject_verbs = w("withdrawSubjectVerbs")
        self.withdraw_type = _type_named(ontology, w("withdrawalTypes"))
        self.goal_preps = w("goalPrepositions")
        self.threat_frame_verbs = w("threatFrameVerbs")
        self.ultimatum_verbs = w("ultimatumVerbs")
        self.time_span_nouns = w("timeSpanNouns")
        self.future_aux = w("futureAuxiliaries")
        self.threat_type = _type_named(ontology, w("threatTypes"))
        self.seize_verbs = w("seizeVerbs")
        self.control_verbs = w("controlVerbs")
        self.control_nouns = w("controlNouns")
        self.place_words = w("placeNouns") | w("facilityNouns")
        self.weapon_type = _type_named(ontology, w("weaponActTypes"))

    # ---------------------------------------------------------------------------------------
    def extract(
        self,
        doc,
        layout: Layout,
        idx: EntityIndex,
        times: list[TimeValue],
        sentences: list[Mention],
        lead_time: TimeValue | None,
    ) -> list[Event]:
        events: list[Event] = []
        anchor_of: dict[int, Any] = {}  # id(event) -> the token its roles were read from
        seen: set[tuple[int, str]] = set()
        sent_of = {}
        for s in doc.sents:
            for t in s:
                sent_of[t.i] = s
        # the object words of multiword verb triggers: "went on strike" is a protest, its "strike"
        # no attack (a word of the same type, "held talks", joins the verb's event in _merge)
        consumed: dict[int, str] = {}
        for tok in doc:
            match = self._match(tok, layout)
            if match is None:
                continue
            words, et = match
            if consumed.get(tok.i, et.iri) != et.iri:
                continue
            if tok.pos_ == "VERB" and len(words) > 1:
                consumed |= {t.i: et.iri for t in tok.subtree if t.i != tok.i and t.lemma_.lower() in words[1:]}
            word = tok  # the trigger's own word (its last), which names the event
            if tok.pos_ != "VERB" and len(words) > 1:
                # "declared a state of emergency": the phrase's head in the parse is its first word;
                # whether it is reported, and its roles, are read there
                tok = self._phrase_root(tok.doc[tok.i - len(words) + 1], tok)
            sent = sent_of[tok.i]
            if not (self._asserted(tok, sent, layout) or self._purpose_of_act(tok, et, sent, layout)):
                continue
            if not self._literal(tok, words, sent):
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
            if not self._has_evidence(tok, et, idx):
                continue
            if self._is(et, "statementTypes") and not self._newsworthy_statement(tok, ev, idx, times, et):
                continue
            ev.time = self._time(tok, sent, times, lead_time, layout)
            events.append(ev)
            anchor_of[id(ev)] = tok
        events = self._without_saying_of_acts(events, anchor_of)
        events = self._merge(events, doc, {ev.trigger.begin for ev in events if layout.is_headline(ev.trigger.begin)})
        self._share_clause_roles(events, doc, idx)
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

    def is_statement(self, et: EventTypeDef) -> bool:
        """Whether events of this type are acts of saying (Statement or a type under it)."""
        return self._is(et, "statementTypes")

    def _is(self, et: EventTypeDef, type_list: str) -> bool:
        """Whether the type, or a concept above it, is named in the type list ``kg:<type_list>``."""
        return bool(self.type_names.get(et.iri, frozenset({et.name.lower()})) & self.type_lists[type_list])

    # --- literal use: not a quoted slogan, not an idiom ---------------------------------------------
    def _literal(self, tok, words: tuple[str, ...], sent) -> bool:
        """Not a quoted slogan, not a trigger verb inside an idiom with its object."""
        if self._in_slogan(tok, sent):
            return False
        return not (tok.pos_ == "VERB" and len(words) == 1 and self._idiom(tok))

    def _in_slogan(self, tok, sent) -> bool:
        """A trigger between quotation marks that is not a reported clause: a chant, a slogan, a
        title ("chanted "Kill the dictator""). A quoted clause with its own subject is speech that
        reports an act and stays."""
        marks = [t.i for t in sent if t.text == '"']
        opening = [i for n, i in enumerate(marks) if n % 2 == 0 and i < tok.i]
        closing = [i for n, i in enumerate(marks) if n % 2 == 1 and i > tok.i]
        if not opening or not closing or len([i for i in marks if i < tok.i]) % 2 == 0:
            return False
        start, end = opening[-1], closing[0]
        verb = tok if tok.pos_ == "VERB" else None
        return verb is None or not any(c.dep_ in _SUBJ and start < c.i < end for c in verb.children)

    def _idiom(self, verb) -> bool:
        """A trigger verb in a fixed phrase with its object ("struck a chord", "hit the roof")."""
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            det = next((c for c in obj.children if c.dep_ in ("det", "poss")), None)
            n = obj.lemma_.lower()
            v = verb.lemma_.lower()
            forms = {f"{v} {n}", f"{v} {obj.lower_}"}
            if det is not None:
                d = "one's" if det.dep_ == "poss" else ("a" if det.lower_ == "an" else det.lower_)
                forms |= {f"{v} {d} {n}", f"{v} {d} {obj.lower_}"}
            if forms & self.idioms:
                return True
        return False

    # --- grammatical evidence: the arguments a type needs -------------------------------------------
    def _has_evidence(self, tok, et: EventTypeDef, idx: EntityIndex) -> bool:
        is_verb = tok.pos_ == "VERB"
        if self._is(et, "twoPartyTypes") and is_verb and self._parties(tok, idx) < 2:
            return False
        if self._is(et, "animateUndergoerTypes"):
            cands = self._undergoers(tok)
            if cands and not any(self._noun_class(c, idx) in ("animate", "unknown") for c in cands):
                return False
        if self._is(et, "concretePatientTypes"):
            cands = self._undergoers(tok)
            if cands and all(self._noun_class(c, idx) == "abstract" for c in cands):
                return False
        if self._is(et, "concretePathTypes") and is_verb:
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            if objs and all(
                self._noun_class(c, idx) in ("abstract", "animate")
                and not any(k.dep_ == "compound" for k in c.children)
                and not any(p.dep_ == "prep" for p in tok.children)
                for c in objs
            ):
                return False
        return True

    def _undergoers(self, tok) -> list:
        """The tokens that say who or what undergoes the act: objects, passive subjects, the subject
        of a verb like "die", the "of"-argument or possessive of an event noun."""
        out = []
        if tok.pos_ == "VERB":
            subj, passive = self._subject(tok)
            if passive or self._subject_undergoes(tok):
                out.extend(subj)
            for c in [tok, *self._shared_object_verbs(tok)]:
                for o in c.children:
                    if o.dep_ in ("dobj",) and o.lemma_.lower() in self.control_nouns:
                        out.extend(p for k in o.children if k.lower_ == "of" for p in k.children)  # "took control of X"
                    elif o.dep_ in ("dobj",):
                        out.extend([o, *o.conjuncts])
        else:
            for c in tok.children:
                if c.dep_ == "poss":
                    out.append(c)
                elif c.dep_ == "prep" and (c.lower_ == "of" or c.lower_ in self.target_preps):
                    out.extend(p for p in c.children if p.dep_ == "pobj")
        return out

    def _noun_class(self, tok, idx: EntityIndex) -> str:
        """animate, concrete, abstract or unknown: the entity's kind, else the noun's WordNet class."""
        k = self._key(tok, idx)
        if k is not None:
            kind = idx.entities[k].kind
            return "animate" if kind in self.actor_kinds else "concrete"
        if (
            tok.pos_ in ("PRON", "NUM")
            or tok.tag_ in ("PRP", "CD")
            or tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
        ):
            return "animate"
        if tok.pos_ == "PROPN":
            return "unknown"
        lemma = tok.lemma_.lower()
        for cls, words in (
            ("animate", self.animate_nouns),
            ("abstract", self.abstract_nouns),
            ("concrete", self.concrete_nouns),
        ):
            if lemma in words or tok.lower_ in words:
                return cls
        return "unknown"

    def _parties(self, verb, idx: EntityIndex) -> int:
        """How many parties a meeting verb names: subjects, objects and partners; a plural or
        collective noun counts as two."""
        subj, _ = self._subject(verb)
        toks = list(subj)
        for c in verb.children:
            if c.dep_ in ("dobj",):
                toks.extend([c, *c.conjuncts])
            elif c.dep_ == "prep" and c.lower_ in self.partner_preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        toks.extend([p, *p.conjuncts])
        n = 0
        for t in toks:
            if self._noun_class(t, idx) == "abstract":
                continue  # "met with criticism": no party
            plural = (
                t.tag_ in ("NNS", "NNPS") or (t.lower_ in ("we", "they")) or any(c.dep_ == "nummod" for c in t.children)
            )
            k = self._key(t, idx)
            if k is not None and idx.entities[k].kind == "Group":
                plural = True
            n += 2 if plural else 1
        return n

    def _newsworthy_statement(self, tok, ev: Event, idx: EntityIndex, times: list[TimeValue], et: EventTypeDef) -> bool:
        """Saying is an event only when it is the news: a speaker, the verb before what was said
        (not a closing "..., officials said"). Plain saying (the Statement type itself) also needs a
        named speaker and a dated or strong act of speech; an accusation, a threat, a request or an
        expression of support (narrower types) is an act in itself, whoever makes it."""
        agents = ev.roles.get("agent", [])
        lemma = tok.lemma_.lower()
        if not agents:
            return False
        content = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis")]
        if content and all(c.i < tok.i for c in content):
            return False
        plain = et.name.lower() in self.type_lists["statementTypes"]
        if plain and tok.pos_ == "NOUN" and tok.dep_ == "pobj":
            return False  # "said in a statement", "told a briefing": the channel of what was said
        if lemma not in self.speech or not plain:
            return True
        if all(k in idx.descriptive for k in agents):
            return False
        dated = any(
            t.mention.begin <= s.idx < t.mention.end
            for t in times
            for s in tok.subtree
            if s.i < tok.i or s.head.i == tok.i
        )
        return dated or lemma in self.news_speech

    def _merge(self, events: list[Event], doc, headline: set[int] | None = None) -> list[Event]:
        """One happening, one event: a noun trigger governed by a verb trigger of the same type in
        its sentence joins it ("agreed to a ceasefire"), and later mentions of an event with the
        same type, agent and time join the first."""
        headline = headline or set()
        by_start = {ev.trigger.begin: ev for ev in events}
        out: list[Event] = []
        for ev in events:
            tok = doc.char_span(ev.trigger.begin, ev.trigger.end, alignment_mode="expand")
            head = tok.root.head if tok is not None else None
            hops = 0
            merged = False
            while head is not None and hops < 3 and tok is not None and tok.root.pos_ == "NOUN":
                other = by_start.get(head.idx)
                if other is not None and other is not ev and other.type == ev.type:
                    other.also.append(ev.trigger)
                    for r, ks in ev.roles.items():
                        for k in ks:
                            other.add_role(r, k)
                    merged = True
                    break
                if head.head.i == head.i:
                    break
                head, hops = head.head, hops + 1
            if merged:
                continue
            same = next(
                (
                    o
                    for o in out
                    if o.type == ev.type
                    and o.time is not None
                    and ev.time is not None
                    and o.time.value == ev.time.value
                    and ev.roles.get("agent")
                    and set(ev.roles.get("agent", [])) == set(o.roles.get("agent", []))
                    and not self._distinct(o, ev, doc)
                ),
                None,
            )
            if same is None:
                same = next((o for o in reversed(out) if self._refers_back(ev, o, doc, headline)), None)
            if same is not None and same.trigger.begin in headline and ev.trigger.begin not in headline:
                # the body tells what the headline names: the body's sentence carries the event
                out[out.index(same)] = ev
                same, ev = ev, same
            if same is not None:
                same.also.append(ev.trigger)
                same.also.extend(ev.also)
                if same.time is None and ev.time is not None:
                    same.time = ev.time
                for r, ks in ev.roles.items():
                    for k in ks:
                        same.add_role(r, k)
                continue
            out.append(ev)
        return out

    def _refers_back(self, ev: Event, o: Event, doc, headline: set[int]) -> bool:
        """A later mention that names an earlier event again: a definite event noun ("the attack",
        "this ambush") with nothing that sets it apart ("a second attack", "another raid"), or the
        body's telling of an event the headline names; same type, times and roles that agree."""
        if o.type != ev.type or o.sentence == ev.sentence:
            return False
        if ev.time is not None and o.time is not None and ev.time.value != o.time.value:
            return False
        for role in ("agent", "patient", "place"):
            ka, kb = set(ev.roles.get(role, [])), set(o.roles.get(role, []))
            if ka and kb and not ka & kb:
                return False
        if o.trigger.begin in headline:
            return True
        span = doc.char_span(ev.trigger.begin, ev.trigger.end, alignment_mode="expand")
        if span is None or span.root.pos_ != "NOUN":
            return False
        tok = span.root
        definite = any(c.dep_ == "det" and c.lower_ in self.definite_dets for c in tok.children)
        apart = any(c.lower_ in self.distinct_words or c.dep_ in ("amod", "nummod") for c in tok.lefts)
        return definite and not apart

    def _distinct(self, a: Event, b: Event, doc) -> bool:
        """Two mentions that cannot be one happening: two predications of one sentence (two verbs,
        or an event noun that is the object of another verb), or different patients or places ("arrested X in A and detained Y in B")."""
        if a.sentence == b.sentence:
            sa = doc.char_span(a.trigger.begin, a.trigger.end, alignment_mode="expand")
            sb = doc.char_span(b.trigger.begin, b.trigger.end, alignment_mode="expand")
            if sa is not None and sb is not None:
                pa, pb = _predicate(sa.root), _predicate(sb.root)
                if pa is not None and pb is not None and pa.i != pb.i:
                    return True  # two predications: "dissolved X and declared a state of emergency"
        for role in ("patient", "place"):
            ka, kb = set(a.roles.get(role, [])), set(b.roles.get(role, []))
            if ka and kb and not ka & kb:
                return True
        return False

    def _match(self, tok, layout: Layout):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in self.happen:
            back = self._referred_event(tok)
            if back is not None:
                return back
        if tok.pos_ in ("VERB",) or (
            tok.pos_ in ("NOUN", "PROPN")
            and layout.is_headline(tok.idx)
            and tok.tag_ in ("NNS", "VBZ")
            and lemma.rstrip("s") in self.verbs
        ):
            if tok.pos_ != "VERB":
                lemma = lemma.rstrip("s")
                if lemma not in self.verbs:
                    return None
            if tok.dep_ == "amod" or (
                tok.dep_ == "acl"
                and tok.tag_ in ("VBG", "VBN")
                and not (tok.tag_ == "VBG" and tok.head.lemma_.lower() in self.people)
            ):
                return None
            special = (
                (self._withdrawal(tok) or self._conditional_threat(tok) or self._territory_taken(tok))
                if tok.pos_ == "VERB"
                else None
            )
            if special is not None:
                return special
            for words, et in self.verbs.get(lemma, ()):
                if len(words) == 1 or self._has_particles(tok, words[1:]):
                    return words, et
            return self._weapon_act(tok) or self._deployment(tok)
        if tok.pos_ == "NOUN":
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
        if lemma in self.patient_subject:
            return True
        return any(f"{lemma} {c.lower_}" in self.patient_subject for c in verb.children if c.dep_ in ("prt", "prep"))

    def _deployment(self, verb):
        """ "sent two battalions to the border", "warships sailed through the strait": a verb of
        moving whose object (kg:deployObjectVerbs) or subject (kg:deploySubjectVerbs) is military
        is a deployment."""
        return self._forces_moved(verb, self.deploy_object_verbs, self.deploy_subject_verbs, self.deploy_type)

    def _withdrawal(self, verb):
        """ "the troops left the base", "the rebels surrendered", "recalled its warships": a verb of
        leaving or giving up whose subject (kg:withdrawSubjectVerbs) or object
        (kg:withdrawObjectVerbs) is military is a withdrawal (CAMEO 087: retreat or surrender
        militarily), before any other reading of the verb. Leaving for or towards a place ("the
        troops left for the front") is no withdrawal."""
        if any(c.dep_ == "prep" and c.lower_ in self.goal_preps for c in verb.children):
            return None
        return self._forces_moved(verb, self.withdraw_object_verbs, self.withdraw_subject_verbs, self.withdraw_type)

    def _conditional_threat(self, verb):
        """ "warned that it would use force if the troops stayed", "gave the envoy 48 hours to
        leave": a warning (kg:threatFrameVerbs) whose content is a future act on a condition, or
        a verb of giving whose object is a span of time and whose complement is what must be done
        (kg:ultimatumVerbs), is a threat (CAMEO 13, an ultimatum 1312)."""
        if self.threat_type is None:
            return None
        lemma = verb.lemma_.lower()
        if lemma in self.threat_frame_verbs:
            for content in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
                future = any(
                    a.dep_ == "aux" and (a.lower_ in self.future_aux or (a.lower_ == "to" and content.dep_ == "xcomp"))
                    for a in content.children
                )  # "would use force", "vowed to retaliate"
                conditional = any(
                    a.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.condition_marks for m in a.children)
                    for a in content.children
                )
                subjects = [a for a in content.children if a.dep_ in ("nsubj", "nsubjpass")]
                if future and conditional and all(self._actor_like(a) for a in subjects):
                    return (lemma,), self.threat_type
        if lemma in self.ultimatum_verbs:
            spans = [
                c for c in verb.children if c.dep_ in ("dobj", "npadvmod") and c.lemma_.lower() in self.time_span_nouns
            ]
            demand = [
                c
                for c in [*verb.children, *(x for sp in spans for x in sp.children)]
                if c.dep_ in ("xcomp", "advcl", "relcl", "acl")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            ]
            if spans and demand:
                return (lemma,), self.threat_type
        return None

    def _territory_taken(self, verb):
        """ "rebels seized the town", "the army recaptured the airport", "took control of the
        port": a verb of taking (kg:seizeVerbs) whose object is a place or facility is an attack
        (taking territory by force), before any other reading ("capture" a person is a custody)."""
        forms = _with_particles(verb)
        if self.weapon_type is None or not forms & (self.seize_verbs | self.control_verbs):
            return None
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        if any(c.dep_ == "auxpass" for c in verb.children):
            objs += [c for c in verb.children if c.dep_ == "nsubjpass"]
        words: tuple[str, ...] = (verb.lemma_.lower(),)
        if not forms & self.seize_verbs:  # "took control of the port": the place is the of-object
            words = (*words, *sorted({o.lemma_.lower() for o in objs if o.lemma_.lower() in self.control_nouns}))
            objs = [
                p
                for o in objs
                if o.lemma_.lower() in self.control_nouns
                for c in o.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
            ]
        if any(self._place_word(o) for o in objs):
            return words, self.weapon_type
        return None

    def _place_word(self, tok) -> bool:
        """A place or facility: a place name, or a noun whose first sense is one."""
        if tok.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        if tok.pos_ == "NOUN" and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            if any(self._place_word(p) for c in tok.children if c.lower_ == "of" for p in c.children):
                return True  # "the port city of X"
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in self.place_words

    def _actor_like(self, tok) -> bool:
        """A word that can name someone who acts: a pronoun, a named actor, a noun of people or
        forces ("his army would cross", not "the dam would fail")."""
        return (
            tok.pos_ == "PRON"
            or tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
            or tok.lemma_.lower() in self.animate_nouns
            or tok.lemma_.lower() in self.military
        )

    def _forces_moved(self, verb, object_verbs: frozenset[str], subject_verbs: frozenset[str], et):
        """The verb's type ``et`` when its form is one of ``object_verbs`` with a military object (or
        passive subject) or one of ``subject_verbs`` with a military subject."""
        if et is None or verb.pos_ != "VERB":
            return None
        lemma = verb.lemma_.lower()
        forms = _with_particles(verb)
        movers = []
        if forms & object_verbs:
            movers += [c for c in verb.children if c.dep_ == "dobj"]
            if any(c.dep_ == "auxpass" for c in verb.children):
                movers += [c for c in verb.children if c.dep_ == "nsubjpass"]
        if forms & subject_verbs and not any(c.dep_ == "auxpass" for c in verb.children):
            movers += [c for c in verb.children if c.dep_ == "nsubj"]
        for m in movers:
            before = [t.lower_ for t in m.doc[m.left_edge.i : m.i] if t.dep_ in ("compound", "amod")]
            mods = {" ".join(before[i:j]) for i in range(len(before)) for j in range(i + 1, len(before) + 1)}
            name = " ".join([*before, m.lemma_.lower()])
            military = m.lemma_.lower() in self.military or name in self.military or mods & self.military_mods
            if military or any(t in self.military for t in before if t not in self.people):
                return (lemma,), et  # "rebel fighters": a military noun as modifier
        return None

    def _weapon_act(self, verb):
        """ "a rocket hit the school", "a car bomb exploded", "was struck by a missile": a verb of
        kg:weaponActVerbs whose subject (or "by"-agent) is a weapon is an attack."""
        if self.weapon_type is None or verb.pos_ != "VERB":
            return None
        lemma = verb.lemma_.lower()
        forms = _with_particles(verb)
        if not forms & self.weapon_verbs:
            return None
        doers = [c for c in verb.children if c.dep_ == "nsubj"]
        doers += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        for d in doers:
            compound = " ".join(t.lower_ for t in d.lefts if t.dep_ in ("compound", "amod"))
            names = {d.lemma_.lower(), f"{compound} {d.lemma_.lower()}".strip()}
            if names & self.weapons:
                return (lemma,), self.weapon_type
            if any(et is self.weapon_type for _, et in self.nouns.get(d.lemma_.lower(), ())):
                return (lemma,), self.weapon_type  # "a drone strike hit the convoy": the attack itself
        return None

    @staticmethod
    def _phrase_root(first, last):
        """The token of ``first``..``last`` whose head lies outside the phrase (its syntactic head)."""
        inside = range(first.i, last.i + 1)
        for t in first.doc[first.i : last.i + 1]:
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
        start = verb.sent.start
        if start > 0 and subj.i - start <= 2 and verb.doc[start - 1].text in ("-", "—", "–", "--"):
            start = verb.doc[start - 1].sent.start  # "...case—the first occurred": a dash may split the sentence
        for t in verb.doc[start : subj.i]:  # the topic: the first event noun before it
            if t.pos_ == "NOUN" and t.lemma_.lower() in self.nouns:
                _, et = self.nouns[t.lemma_.lower()][0]
                return (verb.lemma_.lower(),), et
        return None

    def _has_particles(self, tok, rest: tuple[str, ...]) -> bool:
        """The words after the verb of a multiword trigger are its particle, object (or a counted
        object's of-object) or preposition ("walk over", "open fire", "flee to"), a preposition and its object ("take into
        custody") or the "to" of an infinitive complement ("ask ... to"); a passive's subject stands
        for the object ("sanctions were lifted")."""
        kids = {
            c.lemma_.lower()
            for c in tok.children
            if c.dep_ in ("dobj", "prt", "advmod", "attr", "dative", "oprd")
            or (c.dep_ == "prep" and not _dates_only(c))  # "called on Sunday" is no "call on"
        }
        for c in tok.children:
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
            elif c.dep_ in ("xcomp", "ccomp") and not any(a.dep_ in _SUBJ or a.dep_ == "aux" for a in c.children):
                kids.add(c.lemma_.lower())  # "took the crew hostage": an object predicate parsed as a clause
        return all(w in kids for w in rest)

    def _noun_reported(self, tok) -> bool:
        """An event noun counts when the text reports it happening, not as a topic or a wish."""
        head = tok.head
        # "held talks", "launched an attack", "carried out raids", "made arrests"; "suffered
        # wounds", "sustained injuries" (a verb whose subject undergoes the act)
        if tok.dep_ in ("dobj",) and (
            head.lemma_.lower() in self.support_verbs or head.lemma_.lower() in self.patient_subject
        ):
            return True
        # "talks were held", "an attack was carried out", "a state of emergency was declared"
        if tok.dep_ == "nsubjpass" and head.lemma_.lower() in self.support_verbs:
            return True
        # "held a second round of talks", "carried out a wave of raids": the of-object of a
        # support verb's object
        if (
            tok.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.dep_ in ("dobj", "nsubjpass")
            and head.head.head.lemma_.lower() in self.support_verbs
        ):
            return True
        # a bare plural is a topic ("sanctions hurt"), unless it is modified or names its parties
        if tok.tag_ == "NNS" and not any(
            c.dep_ in ("amod", "compound") or (c.dep_ == "prep" and c.lower_ in self.partner_preps)
            for c in tok.children
        ):
            return False
        # "the crossing occurred", "a defection took place"
        if tok.dep_ in ("nsubj", "nsubjpass") and self._happen_verb(head):
            return True
        # "defected ... in a rare crossing via the truce village": a noun attached to a reported act
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            v = head.head
            return v.lemma_.lower() not in self.intent and not any(c.lemma_.lower() in self.modals for c in v.children)
        # "following bilateral talks between the two leaders", "after Operation X"
        if tok.dep_ == "pobj" and head.lower_ in self.event_preps:
            return True
        # "the attack killed five": an event noun that is the subject of an event verb
        if tok.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() in self.verbs:
            return True
        # "the defection of the pilot stunned officials", "X's arrest angered Y": a definite event
        # noun with its own participant, as subject or object of a verb, presupposes the event
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj") and head.pos_ == "VERB" and head.tag_ == "VBD":
            kids = list(tok.children)
            definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in kids)
            participant = any(c.dep_ == "poss" for c in kids) or any(
                c.dep_ == "prep"
                and (c.lower_ == "of" or c.lower_ in self.agent_preps)
                and any(p.dep_ == "pobj" and p.pos_ in ("PROPN", "NOUN", "PRON") for p in c.children)
                for c in kids
            )
            return definite and participant
        return False

    def _happen_verb(self, verb) -> bool:
        """ "occurred", "took place": a verb (with its particle or object) from kg:happenVerbs."""
        lemma = verb.lemma_.lower()
        if lemma in self.happen:
            return True
        return any(f"{lemma} {c.lemma_.lower()}" in self.happen for c in verb.children if c.dep_ in ("dobj", "prt"))

    def _purpose_of_act(self, tok, et: EventTypeDef, sent, layout: Layout) -> bool:
        """ "farmers blocked roads to protest against taxes": the purpose of an asserted act is what
        the act was, for the types whose acts are named by their purpose (kg:purposeAssertedTypes)."""
        return (
            self._is(et, "purposeAssertedTypes")
            and tok.pos_ == "VERB"
            and tok.dep_ in ("advcl", "xcomp")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            and tok.head.pos_ == "VERB"
            and tok.head.lemma_.lower() not in self.intent
            and self._asserted(tok.head, sent, layout)
        )

    def _asserted(self, tok, sent, layout: Layout) -> bool:
        if sent.text.strip().endswith("?"):
            return False
        before = " ".join(t.lower_ for t in tok.doc[max(sent.start, tok.i - 3) : tok.i])
        if any(f" {w} " in f" {before} " for w in self.contrast):
            return False
        node = tok
        for _ in range(6):
            kids = list(node.children)
            if any(c.dep_ == "neg" for c in kids):
                return False
            if any(
                c.dep_ in ("aux", "auxpass")
                and (
                    c.lemma_.lower() in self.modals
                    or c.lower_ in self.modals
                    or c.lemma_.lower() in self.predictions
                    or c.lower_ in self.predictions
                )
                for c in kids
            ):
                return False
            if any(c.dep_ == "mark" and c.lower_ in self.condition_marks for c in kids):
                return False
            head = node.head
            if head.i == node.i:
                break
            if node.dep_ in ("xcomp", "advcl", "ccomp", "acomp", "pcomp", "acl") and any(
                c.lower_ == "to" and c.dep_ == "aux" for c in node.children
            ):
                hl = head.lemma_.lower()
                if hl in self.implicative:
                    node = head
                    continue
                return False
            if node.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in self.intent:
                return False
            if node.dep_ == "pobj" and head.dep_ == "prep":
                node = head.head
                continue
            if node.dep_ in ("conj", "xcomp", "ccomp", "advcl", "relcl", "acl", "pcomp", "prep", "dobj", "nsubj"):
                node = head
                continue
            break
        return True

    # ---------------------------------------------------------------------------------------


def _type_named(ontology: Ontology, names: frozenset[str]) -> EventTypeDef | None:
    """The event type a type list (lower-case local names) names; the first by name if several."""
    return next(
        (et for et in sorted(ontology.event_types.values(), key=lambda e: e.name) if et.name.lower() in names), None
    )


def _dates_only(prep) -> bool:
    """A preposition whose objects are all dates or times ("on Sunday", "in March")."""
    objs = [p for p in prep.children if p.dep_ == "pobj"]
    return bool(objs) and all(p.ent_type_ in ("DATE", "TIME") for p in objs)


def _with_particles(verb) -> set[str]:
    """The verb's lemma, alone and with each of its particles ("go", "go off")."""
    lemma = verb.lemma_.lower()
    return {lemma} | {f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "prt"}


def _predicate(tok):
    """The verb that predicates an event: the trigger itself when it is a verb, else the verb whose
    object (or prepositional object) the event noun is ("declared a state of emergency")."""
    node = tok
    for _ in range(4):
        if node.pos_ == "VERB":
            return node
        if node.dep_ not in ("dobj", "pobj", "prep", "nsubjpass") or node.head.i == node.i:
            return None
        node = node.head
    return None


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


def _broader_names(ontology: Ontology, iri: str) -> frozenset[str]:
    """The names of an event type and of every concept above it (skos:broader*), lower case."""
    g, seen, todo = ontology.graph, set(), [URIRef(iri)]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(o for o in g.objects(c, SKOS.broader) if isinstance(o, URIRef))
    return frozenset(str(c).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower() for c in seen)


def _label(et: EventTypeDef, ev: Event, idx: EntityIndex) -> str:
    who = [idx.entities[k].label for k in ev.roles.get("agent", [])[:2]]
    parts = [et.label]
    if who:
        parts.append("by " + " and ".join(who))
    if ev.time is not None and not any(w.endswith(f"({ev.time.value})") for w in who):
        parts.append(f"({ev.time.value})")  # not twice: "by North Korean soldier (2017)"
    return " ".join(parts)

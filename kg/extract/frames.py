"""Event frames: acts told without a trigger word of their type, read from the grammar around a
verb. Forces moved or withdrawn (a verb of moving or leaving with a military mover), attacks told
through their weapon or their own noun ("a rocket hit the school", "a drone strike hit the convoy"),
threats told as a conditional warning or an ultimatum, territory taken by force, people or power
seized, envoys recalled, weapons set off or thrown, and people taken to hospital. The word lists
are in ``ontology/lexicon-events.ttl``; the event extractor (:class:`kg.extract.events.EventExtractor`)
tries these frames around its trigger lexicon.
"""

from __future__ import annotations

from kg.knowledge.ontology import EventTypeDef, Ontology


class EventFrames:
    """Frame rules of the event extractor (a mixin: ``_read_frames`` sets their word lists)."""

    nouns: dict[str, list[tuple[tuple[str, ...], EventTypeDef]]]
    people: frozenset[str]
    animate_nouns: frozenset[str]
    condition_marks: frozenset[str]

    def _read_frames(self, ontology: Ontology) -> None:
        w = ontology.words
        self.weapon_verbs = w("weaponActVerbs")
        # nouns whose first WordNet sense is a person ("hostage", "captive")
        self.person_senses = w("wordnetPersonNouns")
        self.wordnet_weapons = w("weaponNouns")
        self.weapons = self.wordnet_weapons | w("moreWeaponNouns")
        self.weapon_employ_verbs = w("weaponEmployVerbs")
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
        self.taking_verbs = self.seize_verbs | self.control_verbs
        self.place_words = w("placeNouns") | w("facilityNouns") | w("nameHeadsFacility")
        self.weapon_type = _type_named(ontology, w("weaponActTypes"))
        self.weapon_use_verbs = w("weaponUseVerbs")
        self.bomber_nouns = w("bomberNouns")
        self.power_nouns = w("powerNouns")
        self.coup_type = _type_named(ontology, w("coupTypes"))
        self.ouster_verbs = w("ousterVerbs")
        self.beating_verbs = w("beatingVerbs")
        self.beating_type = _type_named(ontology, w("beatingTypes"))
        self.contest_nouns = w("contestNouns")
        self.corpse_find_verbs = w("corpseFindVerbs")
        self.corpse_nouns = w("corpseNouns")
        self.death_type = _type_named(ontology, w("deathTypes"))
        self.founding_verbs = w("foundingVerbs")
        self.founding_nouns = w("foundingNouns")
        self.body_nouns = w("organizationNouns") | w("foundedBodyNouns")
        self.founding_type = _type_named(ontology, w("foundingTypes"))
        self.forces_nouns = w("armedForcesNouns") | self.military
        self.giving_verbs = w("givingVerbs")
        self.gathering_verbs = w("gatheringVerbs")
        self.entering_verbs = w("enteringVerbs")
        self.release_verbs = w("releaseVerbs")
        self.release_type = _type_named(ontology, w("releaseTypes"))
        self.crossing_type = _type_named(ontology, w("crossingTypes"))
        self.collective_words = w("collectiveWords")  # "thousands of", "a group of"
        self.border_words = w("nameHeadsBorder")  # "across the border", "over the line"
        self.targeting_verbs = w("targetingVerbs")
        self.protester_nouns = w("protesterNouns")
        self.protest_type = _type_named(ontology, w("protestTypes"))
        self.state_protest_type = _type_named(ontology, w("stateProtestTypes"))
        self.aid_nouns = w("aidNouns")
        self.aid_type = _type_named(ontology, w("aidTypes"))
        self.custody_type = _type_named(ontology, w("custodyTypes"))
        self.self_surrender = w("selfSurrenderVerbs")
        self.reflexives = w("reflexivePronouns")
        self.diplomats = w("diplomatNouns")
        self.recall_type = _type_named(ontology, w("envoyRecallTypes"))
        self.care_verbs = w("careMoveVerbs")
        self.care_preps = w("careGoalPrepositions")
        self.medical_places = w("medicalFacilityNouns")
        self.medical_type = _type_named(ontology, w("medicalTypes"))
        self.detention_places = w("detentionFacilityNouns")
        self.result_verbs = w("resultStateVerbs")
        self.passive_harm_verbs = w("passiveHarmVerbs")
        self.injury_type = _type_named(ontology, w("injuryTypes"))
        self.result_states = (
            (w("deadStates"), _type_named(ontology, w("deathTypes"))),
            (w("hurtStates"), _type_named(ontology, w("injuryTypes"))),
        )
        # every verb (alone, or with a particle, preposition or adverb) that one of the frames of
        # _framed reads: a verb that is none of them has none of those frames (most verbs)
        self.frame_verbs = frozenset().union(
            self.care_verbs,
            self.result_verbs,
            self.withdraw_object_verbs,
            self.withdraw_subject_verbs,
            self.threat_frame_verbs,
            self.ultimatum_verbs,
            self.seize_verbs,
            self.control_verbs,
            self.self_surrender,
            self.giving_verbs,
            self.gathering_verbs,
            self.release_verbs,
            self.ouster_verbs,
            self.passive_harm_verbs,
            self.founding_verbs,
            self.corpse_find_verbs,
            self.beating_verbs,
        )

    def _framed(self, verb):
        """The frames read before a verb's own trigger types, in order: (words, type) or None."""
        lemma = verb.lemma_.lower()
        if lemma not in self.frame_verbs and not any(
            f"{lemma} {c.lower_}" in self.frame_verbs for c in verb.children if c.dep_ in ("prt", "prep", "advmod")
        ):
            return None  # (each frame starts by asking for one of its verbs)
        return (
            self._medical_care(verb)
            or self._taken_to_prison(verb)
            or self._result_state(verb)
            or self._envoy_recalled(verb)
            or self._withdrawal(verb)
            or self._conditional_threat(verb)
            or self._seized(verb)
            or self._self_surrender(verb)
            or self._aid_given(verb)
            or self._protesters_gathered(verb)
            or self._people_released(verb)
            or self._ousted_by_forces(verb)
            or self._people_hurt(verb)
            or self._body_founded(verb)
            or self._corpse_found(verb)
            or self._people_beaten(verb)
        )

    def _people_beaten(self, verb):
        """ "He was beaten by police", "thugs beat up two reporters": people beaten (kg:beatingVerbs)
        in the passive, or beaten up, are attacked; "beat her rival" (a contest won) is not."""
        if self.beating_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.beating_verbs):
            return None
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        up = any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
        contest = any(
            c.dep_ == "prep"
            and c.lower_ in ("in", "at")
            and any(p.lemma_.lower() in self.contest_nouns for p in c.children)
            for c in verb.children
        )
        objs = self._objects(verb)
        if (passive or up) and not contest and objs and all(self._people_word(o) for o in objs):
            return (verb.lemma_.lower(),), self.beating_type
        return None

    def _corpse_found(self, verb):
        """ "The bodies of three fishermen were found": a verb of finding (kg:corpseFindVerbs) whose
        object is a dead body (kg:corpseNouns) tells a death."""
        if self.death_type is None or verb.pos_ != "VERB" or verb.lemma_.lower() not in self.corpse_find_verbs:
            return None
        objs = self._objects(verb)
        if not objs or not all(o.lemma_.lower() in self.corpse_nouns or o.lower_ in self.corpse_nouns for o in objs):
            return None
        whose = [p for o in objs for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        if whose and not all(self._people_word(p) or p.like_num for p in whose):
            return None  # "a body of evidence": no one's body
        return (verb.lemma_.lower(),), self.death_type

    def _body_word(self, tok) -> bool:
        """A noun of a body: "commission", "council", "task force" (with its compound)."""
        lemma = tok.lemma_.lower()
        compound = " ".join(c.lower_ for c in tok.children if c.dep_ == "compound")
        return lemma in self.body_nouns or f"{compound} {lemma}".strip() in self.body_nouns

    def _body_founded(self, verb):
        """ "set up a commission", "a task force was formed": a verb of founding (kg:foundingVerbs)
        whose object is a body is a policy action."""
        if self.founding_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.founding_verbs):
            return None
        objs = self._objects(verb)
        if objs and all(self._body_word(o) for o in objs):
            return (verb.lemma_.lower(),), self.founding_type
        return None

    def _founding_noun(self, tok):
        """ "the establishment of a consultative group": a noun of founding (kg:foundingNouns) with
        a body after "of" is a policy action."""
        if self.founding_type is None or tok.lemma_.lower() not in self.founding_nouns:
            return None
        bodies = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        if bodies and all(p.dep_ == "pobj" and self._body_word(p) for p in bodies):
            return (tok.lemma_.lower(),), self.founding_type
        return None

    def _people_hurt(self, verb):
        """ "Two officers were hurt": people said in the passive to be hurt (kg:passiveHarmVerbs)
        were injured; "the economy was hurt", "hurt by the decision" are no injury."""
        if self.injury_type is None or verb.pos_ != "VERB" or verb.lemma_.lower() not in self.passive_harm_verbs:
            return None
        if not any(c.dep_ == "auxpass" for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subjects and all(self._people_word(s) or s.like_num for s in subjects):
            return (verb.lemma_.lower(),), self.injury_type
        return None

    def _ousted_by_forces(self, verb):
        """ "The army ousted the president", "was toppled by the military": a ruler removed by the
        armed forces (kg:ousterVerbs with a noun of armed forces as who does it) is a coup."""
        if self.coup_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.ouster_verbs):
            return None
        doers = [c for c in verb.children if c.dep_ == "nsubj"]
        doers += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if any(d.lemma_.lower() in self.forces_nouns for x in doers for d in (x, *x.conjuncts)):
            return (verb.lemma_.lower(),), self.coup_type
        return None

    def _people_released(self, verb):
        """ "Police released the journalist", "two aid workers were released": people released
        (kg:releaseVerbs with a person or people as object) are freed."""
        if self.release_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.release_verbs):
            return None
        objs = self._objects(verb)
        if objs and all(self._people_word(o) for o in objs):
            return (verb.lemma_.lower(),), self.release_type
        return None

    def _country_entered(self, verb):
        """ "Aid trucks entered Gaza", "the men slipped into Chad": going into a named country or
        region (the NER's GPE or LOC, not a building) is crossing its border."""
        if self.crossing_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.entering_verbs):
            return None
        into = [c for c in verb.children if c.dep_ == "dobj"]
        into += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "into" for p in c.children]
        if any(o.ent_type_ in ("GPE", "LOC") for o in into):
            return (verb.lemma_.lower(),), self.crossing_type
        return None

    def _moved_across(self, verb):
        """ "The migrants were smuggled from Guatemala into Mexico", "they walked from X into Y":
        people moved from one named country into another crossed its border, whatever the verb of
        moving; so did people moved across or over a border, frontier or line ("fled across the
        border into X")."""
        if self.crossing_type is None or verb.pos_ != "VERB":
            return None

        def named(word: str) -> set[str]:
            preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == word]
            return {p.text for c in preps for p in c.children if p.dep_ == "pobj" and p.ent_type_ == "GPE"}

        origin, goal = named("from"), named("into")
        # "fled across the border", "walked over the line": the path is a border itself
        over_border = any(
            p.dep_ == "pobj" and p.lemma_.lower() in self.border_words
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in ("across", "over")
            for p in c.children
        )
        if not over_border and (not origin or not goal or origin & goal):
            return None
        movers = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
        movers = movers or [c for c in verb.children if c.dep_ == "nsubj"]
        # "thousands of civilians": a count's of-object says who
        movers = [
            next((p for c in m.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children), m)
            if m.like_num or m.tag_ in ("CD", "DT") or m.lower_ in self.collective_words
            else m
            for m in movers
        ]
        if movers and all(self._people_word(m) or self._people_collective(m) for m in movers):
            return (verb.lemma_.lower(),), self.crossing_type
        return None

    def _people_collective(self, tok) -> bool:
        """ "the migrant groups", "a refugee family": a collective noun (kg:collectiveWords) that a
        word for people describes is those people."""
        return tok.lemma_.lower() in self.collective_words and any(
            self._people_word(c) for c in tok.children if c.dep_ in ("compound", "amod")
        )

    def _protesters_gathered(self, verb):
        """ "Thousands of protesters gathered outside parliament": protesters (kg:protesterNouns)
        gathering (kg:gatheringVerbs) is a protest."""
        if self.protest_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.gathering_verbs):
            return None
        for s in (c for c in verb.children if c.dep_ == "nsubj"):
            people = [s, *(p for c in s.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children)]
            # a capitalized plural at the start of a sentence is no lemma to the tagger ("Protesters")
            if any({p.lemma_.lower(), p.lower_.removesuffix("s")} & self.protester_nouns for p in people):
                return (verb.lemma_.lower(),), self.protest_type
        return None

    def _aid_given(self, verb):
        """ "provided $5 million in loans", "sent food and medicine", "delivered medical supplies":
        a verb of giving (kg:givingVerbs) whose object is relief (kg:aidNouns) is aid given."""
        if self.aid_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.giving_verbs):
            return None
        for o in self._objects(verb):
            # the object, or what it amounts to ("$5 million in loans", "a shipment of food")
            nouns = [o, *(p for c in o.children if c.dep_ == "prep" and c.lower_ in ("in", "of") for p in c.children)]
            if o.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY"):  # the parse may hang "in loans" on the verb
                nouns += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children]
            if any(_compound_name(n) in self.aid_nouns or n.lemma_.lower() in self.aid_nouns for n in nouns):
                return (verb.lemma_.lower(),), self.aid_type
        return None

    def _self_surrender(self, verb):
        """ "the suspects turned themselves in": a particle verb of handing over (kg:selfSurrenderVerbs)
        with a reflexive object (kg:reflexivePronouns) is a custody of its subject."""
        if self.custody_type is None or verb.pos_ != "VERB" or not self._reflexive_surrender(verb):
            return None
        return (verb.lemma_.lower(),), self.custody_type

    def _reflexive_surrender(self, verb) -> bool:
        phrases = {f"{verb.lemma_.lower()} {c.lower_}" for c in verb.children if c.dep_ in ("prt", "prep", "advmod")}
        reflexive = any(c.dep_ in ("dobj", "npadvmod") and c.lower_ in self.reflexives for c in verb.children)
        return reflexive and bool(phrases & self.self_surrender)

    def _objects(self, verb) -> list:
        """The verb's objects, and its subject when it is passive ("was seized"); a relative
        pronoun stands for the noun its clause describes ("the girl, who was seized"), and a
        past participle that describes a noun has that noun as object ("the girl seized")."""
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        if any(c.dep_ == "auxpass" for c in verb.children):
            objs += [c for c in verb.children if c.dep_ == "nsubjpass"]
        if verb.dep_ == "relcl":
            objs = [verb.head if o.tag_ in ("WP", "WDT") else o for o in objs]
        elif verb.dep_ == "acl" and verb.tag_ == "VBN" and not objs:
            objs = [verb.head]
        return [x for o in objs for x in (o, *o.conjuncts)]

    def _medical_care(self, verb):
        """ "the wounded were taken to a hospital", "was rushed to a clinic", "admitted to
        hospital": a verb of moving (kg:careMoveVerbs) whose goal is a hospital or clinic
        (kg:medicalFacilityNouns) is medical care, before a deployment reading of the verb."""
        return self._moved_to(verb, self.medical_places, self.medical_type)

    def _taken_to_prison(self, verb):
        """ "was taken to a jail", "sent to prison", "transferred to a prison camp": a verb of moving
        (kg:careMoveVerbs) whose goal is a prison or camp (kg:detentionFacilityNouns, from WordNet)
        holds whom it moves in custody."""
        return self._moved_to(verb, self.detention_places, self.custody_type)

    def _moved_to(self, verb, places: frozenset[str], et: EventTypeDef | None):
        """(words, ``et``) when a verb of moving (kg:careMoveVerbs) goes "to"/"into" one of
        ``places`` (its noun, or the noun with its modifiers: "field hospital", "state prison")."""
        if et is None or verb.pos_ != "VERB" or verb.lemma_.lower() not in self.care_verbs:
            return None
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in self.care_preps):
            for p in (x for x in prep.children if x.dep_ == "pobj"):
                name = " ".join(t.lower_ for t in p.lefts if t.dep_ in ("compound", "amod"))
                if p.lemma_.lower() in places or f"{name} {p.lemma_.lower()}".strip() in places:
                    return (verb.lemma_.lower(),), et
        return None

    def _result_state(self, verb):
        """ "the blast left three people dead", "was found dead", "leaving two guards wounded": a
        verb of leaving or finding (kg:resultStateVerbs) whose object predicate is a state of harm
        (kg:deadStates, kg:hurtStates) is that harm, done to its object (or passive subject)."""
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.result_verbs:
            return None
        predicates = [c for c in verb.children if c.dep_ in ("oprd", "acomp")] if self._objects(verb) else []
        for c in predicates + self._state_clauses(verb):
            for states, et in self.result_states:
                if et is not None and c.lower_ in states:
                    return (verb.lemma_.lower(),), et
        return None

    def _state_clauses(self, verb) -> list:
        """A state of harm the parser made a clause of its own after a verb of leaving or finding
        ("found | the journalist dead"): the state's word, whose subject is whom it is said of."""
        if verb.lemma_.lower() not in self.result_verbs:
            return []
        return [
            c
            for c in verb.children
            if c.dep_ in ("ccomp", "xcomp")
            and c.pos_ == "ADJ"
            and any(c.lower_ in states for states, _ in self.result_states)
            and any(s.dep_ == "nsubj" for s in c.children)
        ]

    def _result_state_subjects(self, verb) -> list:
        """Whom a state of harm told as a clause of its own is said of (:meth:`_state_clauses`)."""
        return [s for c in self._state_clauses(verb) for s in c.children if s.dep_ == "nsubj"]

    def _envoy_recalled(self, verb):
        """ "recalled its ambassador", "the envoy was withdrawn": a diplomat (kg:diplomatNouns)
        recalled is relations reduced (CAMEO 161), no pullback of forces."""
        if self.recall_type is None or verb.pos_ != "VERB" or not _said_with(verb, self.withdraw_object_verbs):
            return None
        if any(o.lemma_.lower() in self.diplomats for o in self._objects(verb)):
            return (verb.lemma_.lower(),), self.recall_type
        return None

    def _seized(self, verb):
        """A verb of seizing (kg:seizeVerbs) with power as object is a coup ("the army seized
        power"), with people as object a custody ("gunmen seized two tourists"); with a place,
        territory taken by force (:meth:`_territory_taken`)."""
        if verb.pos_ != "VERB":
            return None
        taken = self._territory_taken(verb)
        if taken is not None or not _said_with(verb, self.seize_verbs):
            return taken
        objs = self._objects(verb)
        if self.coup_type is not None and any(o.lemma_.lower() in self.power_nouns for o in objs):
            return (verb.lemma_.lower(),), self.coup_type
        if self.custody_type is not None and objs and all(self._people_word(o) for o in objs):
            return (verb.lemma_.lower(),), self.custody_type
        return None

    def _people_word(self, tok) -> bool:
        """A person or people: a person's name, a pronoun of people, a noun of people."""
        return (
            tok.ent_type_ == "PERSON"
            or (tok.ent_type_ == "NORP" and tok.tag_ in ("NNS", "NNPS"))  # "two Malians"
            or tok.lower_ in ("him", "her", "them", "he", "she", "they")  # (a passive's subject too)
            or tok.lemma_.lower() in self.people
            or (tok.lemma_.lower() in self.person_senses and tok.lemma_.lower() not in self.military)
            or (
                tok.lemma_.lower() in self.animate_nouns
                and tok.tag_ in ("NNS", "NNPS")  # "a market" is a social group to WordNet, not people
                and tok.lemma_.lower() not in self.military
                and not self._place_word(tok)
            )
        )

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
        if self.weapon_type is None or not forms & self.taking_verbs:
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

    def _weapon_word(self, tok) -> bool:
        """A weapon, alone or named with its modifiers ("a bomb", "explosives", "a roadside bomb")."""
        return tok.lemma_.lower() in self.weapons or tok.lower_ in self.weapons or _compound_name(tok) in self.weapons

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
            military = (
                m.lemma_.lower() in self.military
                or m.lower_ in self.military  # "reinforcements": the plural is the military sense
                or name in self.military
                or mods & self.military_mods
            )
            if military or any(t in self.military for t in before if t not in self.people):
                return (lemma,), et  # "rebel fighters": a military noun as modifier
        return None

    def _weapon_act(self, verb):
        """ "a rocket hit the school", "a car bomb exploded", "was struck by a missile": a verb of
        kg:weaponActVerbs whose subject (or "by"-agent) is a weapon is an attack; so is a verb of
        kg:weaponUseVerbs whose object is one ("detonated a bomb", "threw grenades"), and a verb of
        kg:targetingVerbs whose object is a place or a military target ("targeted an air base")."""
        if self.weapon_type is None or verb.pos_ != "VERB":
            return None
        lemma = verb.lemma_.lower()
        forms = _with_particles(verb)
        if forms & self.weapon_use_verbs and any(self._weapon_word(o) for o in self._objects(verb)):
            return (lemma,), self.weapon_type
        if (
            forms & self.weapon_use_verbs
            and not self._objects(verb)
            and any(c.dep_ == "nsubj" and _compound_name(c) in self.bomber_nouns for c in verb.children)
        ):
            return (lemma,), self.weapon_type  # "a suicide bomber detonated at the gate"
        if (
            forms & self.weapon_employ_verbs
            and (verb.tag_ in ("VBD", "VBN") or (verb.dep_ == "advcl" and verb.head.tag_ in ("VBD", "VBN")))
            and any(
                o.lemma_.lower() in self.wordnet_weapons or _compound_name(o) in self.wordnet_weapons
                for o in self._objects(verb)
            )
        ):
            return (lemma,), self.weapon_type  # "police used tear gas"
        if forms & self.targeting_verbs and any(
            self._place_word(o) or o.lemma_.lower() in self.military for o in self._objects(verb)
        ):
            return (lemma,), self.weapon_type  # "targeted military sites", "targeted a convoy"
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


def _compound_name(tok) -> str:
    """The noun with its compound and adjective modifiers ("car bomb", "roadside bomb")."""
    return " ".join([*(t.lower_ for t in tok.lefts if t.dep_ in ("compound", "amod")), tok.lemma_.lower()])


def _type_named(ontology: Ontology, names: frozenset[str]) -> EventTypeDef | None:
    """The event type a type list (lower-case local names) names; the first by name if several."""
    return next(
        (et for et in sorted(ontology.event_types.values(), key=lambda e: e.name) if et.name.lower() in names), None
    )


def _said_with(verb, words: frozenset[str]) -> bool:
    """Whether the verb, alone or with one of its particles, is one of ``words`` (the lemma's own
    check first: most verbs are in no list, and their particles need not be read)."""
    lemma = verb.lemma_.lower()
    if lemma in words:
        return True
    return any(f"{lemma} {c.lower_}" in words for c in verb.children if c.dep_ == "prt")


def _with_particles(verb) -> set[str]:
    """The verb's lemma, alone and with each of its particles ("go", "go off")."""
    lemma = verb.lemma_.lower()
    return {lemma} | {f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "prt"}

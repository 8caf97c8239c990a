"""Whether the text reports an act: the checks a trigger passes before it becomes an event.

Literal use (not a quoted slogan, not an idiom), grammatical evidence (the arguments a type needs:
a person undergoes an injury, two parties meet, force is used on something real), a statement that
is itself the news, an event noun the text reports as happening, and assertion (not negated, not
under a modal or a condition, not a question, not the complement of an intent verb). A mixin of the
event extractor (:class:`kg.extract.events.EventExtractor`), whose ``__init__`` reads the word lists
from ``ontology/lexicon-events.ttl``.
"""

from __future__ import annotations

from kg.extract.mentions import SUBJECT_DEPS, unshared_conjunct

from collections.abc import Callable

from kg.extract.entities import EntityIndex
from kg.extract.roles import RoleReader
from kg.extract.sharing import RoleSharing
from kg.extract.text import Layout
from kg.model import Event, TimeValue
from kg.knowledge.ontology import EventTypeDef, Ontology


class EventEvidence(RoleReader, RoleSharing):
    """Assertion and evidence checks of the event extractor (a mixin: the word lists are set by its
    ``__init__``)."""

    abstract_nouns: frozenset[str]
    animate_nouns: frozenset[str]
    concrete_nouns: frozenset[str]
    condition_marks: frozenset[str]
    contrast: frozenset[str]
    control_nouns: frozenset[str]
    event_preps: frozenset[str]
    witness_verbs: frozenset[str]
    witness_nouns: frozenset[str]
    time_units: frozenset[str]
    frequency_dets: frozenset[str]
    frequency_adverbs: frozenset[str]
    happen: frozenset[str]
    idioms: frozenset[str]
    source_naming: frozenset[str]
    implicative: frozenset[str]
    decision_verbs: frozenset[str]
    toll_subjects: frozenset[str]
    decision_nouns: frozenset[str]
    evidential: frozenset[str]
    irrealis: frozenset[str]
    intent: frozenset[str]
    negative_quantifiers: frozenset[str]
    denial: frozenset[str]
    loc_preps: frozenset[str]
    naming_place_nouns: frozenset[str]
    _place_word: Callable[[object], bool]
    modals: frozenset[str]
    news_speech: frozenset[str]
    speech_occasions: frozenset[str]
    ont: Ontology
    place_kinds: frozenset[str]
    predictions: set[str]
    speech: frozenset[str]
    type_lists: dict[str, frozenset[str]]
    verbs: dict[str, list[tuple[tuple[str, ...], EventTypeDef]]]

    def _literal(self, tok, words: tuple[str, ...], sent) -> bool:
        """Not a quoted slogan, not a trigger verb inside an idiom with its object."""
        if self._in_slogan(tok, sent):
            return False
        if tok.pos_ == "VERB" and any(
            c.dep_ == "xcomp"
            and c.lemma_.lower() in self.source_naming
            and any(a.dep_ == "auxpass" for a in c.children)
            for c in tok.children
        ):
            return False  # "who asked not to be named": a source kept anonymous, no request
        return not (tok.pos_ == "VERB" and len(words) == 1 and self._idiom(tok))

    def _in_slogan(self, tok, sent) -> bool:
        """A trigger between quotation marks that is not a reported clause: a chant, a slogan, a
        title ("chanted "Kill the dictator""). A quoted clause with its own subject, or a quoted
        finite predicate over an event noun, is speech that reports an act and stays."""
        marks = [t.i for t in sent if t.text == '"']
        opening = [i for n, i in enumerate(marks) if n % 2 == 0 and i < tok.i]
        closing = [i for n, i in enumerate(marks) if n % 2 == 1 and i > tok.i]
        if not opening or not closing or len([i for i in marks if i < tok.i]) % 2 == 0:
            return False
        start, end = opening[-1], closing[0]
        if tok.pos_ != "VERB":
            # "a unit "was the target of an attack"": a quoted finite predicate over the noun is a
            # reported clause; a quoted noun phrase or command is a slogan or a title
            return not any(a.tag_ in ("VBD", "VBZ", "VBP", "MD") and start < a.i < end for a in tok.ancestors)
        return not any(c.dep_ in SUBJECT_DEPS and start < c.i < end for c in tok.children)

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
            if not cands and is_verb and not any(c.dep_ == "dobj" for c in tok.children):
                # used without an object, the verb tells what its subject went through or did
                # ("prices sank", "hopes sank"): an abstraction does neither
                cands = self._subject(tok)[0]
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

    def _destination_abroad(self, ev: Event, et: EventTypeDef, idx: EntityIndex) -> bool:
        """A move of a type that leaves one's state (kg:abroadDestinationTypes) to a place names a
        place in another state: "fled to Kenya", "escaped to Seoul" (a North Korean); "escaped to
        the nearby village" or "fled to the capital" of their own state is no defection. Whoever
        they go to (a side, a group) and a move with no place to go are left as they are."""
        if not self._is(et, "abroadDestinationTypes"):
            return True
        places = [idx.entities[k] for k in ev.roles.get("destination", []) if k in idx.entities]
        if not places or any(e.kind not in self.place_kinds for e in places):
            return True
        own = {
            idx.entities[n].ref
            for k in ev.roles.get("agent", []) + ev.roles.get("patient", [])
            if k in idx.entities and (n := idx.entities[k].nationality) in idx.entities
        }
        return any(self._states_of(e) - own for e in places)

    def _states_of(self, e) -> set[str]:
        """The reference states a place lies in, following the gazetteer's containment."""
        stack = [e.ref] if e.ref else []
        seen: set[str] = set()
        while stack:
            iri = stack.pop()
            if iri not in seen:
                seen.add(iri)
                ref = self.ont.entities.get(iri)
                stack.extend(ref.located_in if ref is not None else ())
        return {iri for iri in seen if (r := self.ont.entities.get(iri)) is not None and r.kind == "State"}

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
                    # "an attack on Monday night": a time is when, not what the act is aimed at
                    out.extend(p for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME"))
            # "the town suffered an assault", "the plan came under attack": the subject undergoes it
            under = tok.dep_ == "pobj" and tok.head.lower_ == "under"
            verb = tok.head.head if under else tok.head
            phrase = f"{verb.lemma_.lower()} under" if under else verb.lemma_.lower()
            if verb.pos_ == "VERB" and phrase in self.patient_subject and tok.dep_ in ("dobj", "pobj"):
                out.extend(c for c in verb.children if c.dep_ == "nsubj")
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
        # the word itself and its plural's stem before the lemmatizer's guess: the lemmatizer reads
        # "bases" as "basis" (an abstraction), the word is the plural of "base" (a place)
        forms = [tok.lower_]
        if tok.tag_ in ("NNS", "NNPS") and tok.lower_.endswith("s"):
            forms.append(tok.lower_[:-1])
        forms.append(tok.lemma_.lower())
        for form in forms:
            for cls, words in (
                ("animate", self.animate_nouns),
                ("abstract", self.abstract_nouns),
                ("concrete", self.concrete_nouns),
                ("concrete", self.naming_place_nouns),  # "captured two checkpoints": places are things
            ):
                if form in words:
                    return cls
        return "unknown"

    def _parties(self, verb, idx: EntityIndex) -> int:
        """How many parties a meeting verb names: subjects, objects and partners; a plural or
        collective noun counts as two."""
        subj, _ = self._subject(verb)
        toks = [x for t in subj for x in (t, *t.conjuncts)]  # "Roe and Tan met": two parties
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

    def _newsworthy_statement(
        self, tok, ev: Event, idx: EntityIndex, times: list[TimeValue], et: EventTypeDef, words: tuple[str, ...] = ()
    ) -> bool:
        """Saying is an event only when it is the news: a speaker, the verb before what was said
        (not a closing "..., officials said"). Plain saying (the Statement type itself) also needs a
        named speaker and a dated or strong act of speech; an accusation, a threat, a request, an
        expression of support (narrower types) or a verb with its object as the trigger ("claimed
        responsibility") is an act in itself, whoever makes it."""
        agents = ev.roles.get("agent", [])
        lemma = tok.lemma_.lower()
        plain = et.name.lower() in self.type_lists["statementTypes"]
        if not agents and not plain and ev.roles.get("patient") and tok.pos_ == "VERB" and self._subject(tok)[1]:
            return True  # "X was charged with sedition": an act aimed at X, whoever made it
        if not agents:
            return False
        content = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis")]
        if content and all(c.i < tok.i for c in content):
            return False
        if plain and tok.pos_ == "NOUN" and tok.dep_ == "pobj":
            return False  # "said in a statement", "told a briefing": the channel of what was said
        if lemma not in self.speech or not plain or (tok.pos_ == "VERB" and len(words) > 1):
            return True
        if all(k in idx.descriptive for k in agents):
            return False
        offsets = [s.idx for s in tok.subtree if s.i < tok.i or s.head.i == tok.i]  # (walked once, not per time)
        dated = any(t.mention.begin <= o < t.mention.end for t in times for o in offsets)
        staged = any(  # "in a televised address": an act of speech that is news itself (not a briefing)
            c.dep_ == "prep" and any(p.dep_ == "pobj" and p.lemma_.lower() in self.speech_occasions for p in c.children)
            for c in tok.children
        )
        return dated or staged or lemma in self.news_speech

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
        # "the crossing occurred", "a defection took place", "protests erupted"
        if tok.dep_ in ("nsubj", "nsubjpass") and self._happen_verb(head):
            return True
        # "there were protests in the city", "there has been fighting": an existential states it
        if (
            tok.dep_ in ("attr", "nsubj")
            and head.lemma_.lower() == "be"
            and any(c.dep_ == "expl" for c in head.children)
        ):
            unreal = self.modals | self.predictions
            return not any(c.dep_ == "neg" or c.lower_ in unreal for c in head.children) and not any(
                c.dep_ == "det" and c.lower_ == "no" for c in tok.children
            )  # "there will be talks", "there were no arrests"
        # "gunfire was heard", "the town saw clashes", "residents reported shelling", "reports of
        # gunfire": what is perceived or witnessed is told as having happened
        if (
            tok.dep_ in ("dobj", "nsubjpass")
            and head.lemma_.lower() in self.witness_verbs
            and head.tag_ in ("VBD", "VBN")  # not "sees talks as a waste of time"
            and not any(c.dep_ == "prep" and c.lower_ == "as" for c in (*head.children, *tok.children))
            and not any(  # "nobody heard", "no one saw" (kg:negativeQuantifiers)
                c.dep_ in SUBJECT_DEPS
                and (
                    c.lower_ in self.negative_quantifiers or any(d.lower_ in self.negative_quantifiers for d in c.lefts)
                )
                for c in head.children
            )
        ):
            return True
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in self.witness_nouns:
            return True
        # "the unit was the target of an attack", "the town became the scene of clashes": what
        # the subject underwent, or where, told in the past with no modal or negation
        if self._undergone_by_subject(tok) is not None:
            return True
        # "following bilateral talks between the two leaders", "after clashes near the border"
        # ("following" parsed as a verb: its object)
        if tok.dep_ in ("pobj", "dobj") and head.lower_ in self.event_preps:
            return True
        # "died in clashes", "were wounded in airstrikes": the act a harm happened in
        if (
            tok.dep_ == "pobj"
            and head.lower_ in ("in", "during")
            and head.head.pos_ == "VERB"
            and (head.head.lemma_.lower() in self.verbs or head.head.lemma_.lower() in self.patient_subject)
        ):
            return True
        # a bare plural is a topic ("sanctions hurt"), unless it is modified, names its parties or
        # is located ("clashes near the border", "raids in the north")
        if tok.tag_ == "NNS" and not any(
            c.dep_ in ("amod", "compound")
            or (c.dep_ == "prep" and c.lower_ in self.partner_preps)
            or (c.dep_ == "prep" and c.lower_ in self.loc_preps and any(self._place_word(p) for p in c.children))
            for c in tok.children
        ):
            return False
        # "defected ... in a rare crossing via the truce village": a noun attached to a reported act
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            v = head.head
            if head.lower_ == "for" and any(c.dep_ == "dobj" and c.lemma_.lower() in self.intent for c in v.children):
                return False  # "voiced his hope for a truce": what is hoped for, however the parse hung it
            return v.lemma_.lower() not in self.intent and not any(c.lemma_.lower() in self.modals for c in v.children)
        # "a joint statement said": the noun is where what follows was said, no act of its own
        if tok.dep_ == "nsubj" and head.lemma_.lower() in self.speech:
            return False
        # "the attack killed five": an event noun that is the subject of an event verb
        if tok.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() in self.verbs:
            return True
        # "the defection of the pilot stunned officials", "met to discuss the attack on the
        # embassy": a definite event noun with its own participant presupposes the event
        return self._presupposed(tok)

    def _habitual(self, verb) -> bool:
        """ "Ten women are murdered each day", "with rebels attacking convoys daily": a frequency
        (kg:frequencyDeterminers before kg:timeUnitNouns, kg:frequencyAdverbs) on a verb not told
        in the past is a habit or a rate, no happening; "were shelled every day last week" is."""
        frequent = any(
            (
                c.dep_ in ("npadvmod", "advmod", "obl")
                and c.lemma_.lower() in self.time_units
                and any(d.dep_ == "det" and d.lower_ in self.frequency_dets for d in c.children)
            )
            or (c.dep_ == "advmod" and c.lower_ in self.frequency_adverbs)
            for c in verb.children
        )
        if not frequent:
            return False
        if verb.dep_ == "pcomp":
            return True  # "with ten women murdered every day": a clause with no tense of its own
        return verb.tag_ != "VBD" and not any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)

    def _presupposed(self, tok) -> bool:
        """A definite event noun with its own participant, subject or object of a verb or after a
        preposition of time, presupposes the event whatever the verb's mood ("X's arrest angered Y",
        "will discuss the attack on the embassy", "hopes to recover after the arrest of its
        leaders"), unless a word before it makes it unreal ("the planned visit", "a possible
        attack": kg:irrealisModifiers)."""
        # "after the arrest of X", "critics of the deal with X": in a prepositional phrase too
        if tok.pos_ != "NOUN" or not (
            tok.dep_ == "pobj" or (tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.pos_ == "VERB")
        ):
            return False
        kids = list(tok.children)
        definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in kids)
        participant = any(c.dep_ == "poss" for c in kids) or any(
            c.dep_ == "prep"
            and (
                c.lower_ == "of"
                or c.lower_ in self.agent_preps
                or c.lower_ in self.target_preps
                or c.lower_ in self.partner_preps
            )
            and any(p.dep_ == "pobj" and p.pos_ in ("PROPN", "NOUN", "PRON") for p in c.children)
            for c in kids
        )
        unreal = any(c.lower_ in self.irrealis for c in tok.lefts)
        return definite and participant and not unreal and not tok.sent.text.strip().endswith("?")

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

    def _toll(self, tok, et: EventTypeDef) -> bool:
        """ "The insurgency has killed more than 6,000 people": a harm (kg:consequenceTypes) in the
        present perfect whose subject is a long conflict (kg:tollSubjectNouns) is its toll so far."""
        if not self._is(et, "consequenceTypes") or tok.pos_ != "VERB":
            return False
        perfect = any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children)
        return perfect and any(c.dep_ == "nsubj" and c.lemma_.lower() in self.toll_subjects for c in tok.children)

    def _decided_act(self, tok, et: EventTypeDef, sent, layout: Layout) -> bool:
        """ "the cabinet decided to suspend the talks", "the government's decision to shelve the
        plan": for the types taken when decided (kg:decidedTypes), an act whose to-infinitive
        hangs on an asserted verb of deciding (kg:decisionVerbs) or a presupposed noun of one
        (kg:decisionNouns) is taken."""
        if not (
            self._is(et, "decidedTypes")
            and tok.pos_ == "VERB"
            and tok.dep_ in ("xcomp", "acl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        ):
            return False
        head = tok.head
        lemma = head.lemma_.lower()
        if head.pos_ == "VERB" and lemma in self.decision_verbs:
            return self._asserted(head, sent, layout)
        return head.pos_ == "NOUN" and lemma in self.decision_nouns and self._presupposed(head)

    def _asserted(self, tok, sent, layout: Layout) -> bool:
        if sent.text.strip().endswith("?"):
            return False
        if tok.pos_ == "VERB" and self._habitual(tok):
            return False
        window = tok.doc[max(sent.start, tok.i - 3) : tok.i]
        before = " ".join(t.lower_ for t in window)
        counted = any(t.like_num for t in window)  # "more than 200 arrests" counts them, compares nothing
        if not counted and any(f" {w} " in f" {before} " for w in self.contrast):
            return False
        if tok.pos_ == "VERB" and any(
            c.lower_ in self.negative_quantifiers
            or any(d.dep_ == "det" and d.lower_ in self.negative_quantifiers for d in c.children)
            for c in tok.children
            if c.dep_ in (*SUBJECT_DEPS, "dobj")
        ):
            return False  # "nobody was hurt", "no soldiers were wounded", "killed no one"
        if (
            tok.dep_ == "relcl"
            and tok.head.pos_ == "PRON"
            and any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in tok.children)
        ):
            return False  # "those who are seriously wounded": a kind of people, in the present
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
            if (
                node.dep_ == "conj"
                and node.tag_ in ("VBD", "VBZ")
                and head.tag_ == "VB"
                and any(c.lower_ == "to" and c.dep_ == "aux" for c in head.children)
            ):
                # "used water cannon to disperse the crowd and made arrests": a finite verb is no
                # part of the infinitive the parser joined it to, but of the clause above it
                node = head.head
                continue
            if node.dep_ in ("xcomp", "advcl", "ccomp", "acomp", "pcomp", "acl") and any(
                c.lower_ == "to" and c.dep_ == "aux" for c in node.children
            ):
                hl = head.lemma_.lower()
                if hl in self.implicative:
                    node = head
                    continue
                if (
                    hl in self.evidential
                    and any(c.dep_ == "auxpass" for c in head.children)
                    and any(c.dep_ == "aux" and c.lower_ == "have" for c in node.children)
                ):
                    node = head  # "are believed to have been killed": a past act, reported
                    continue
                return False
            if node.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in self.intent:
                return False
            if node.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in self.denial:
                return False  # "denied that the army had shelled the market", "denied shelling it"
            if node.dep_ == "pobj" and head.dep_ == "prep":
                node = head.head
                continue
            if node.dep_ == "relcl" and any(c.dep_ in SUBJECT_DEPS or c.tag_ == "WDT" for c in node.children):
                # "X, who have exchanged fire, would hold talks": a relative clause with its own
                # subject asserts on its own; the main clause's mood does not reach it
                break
            if unshared_conjunct(node):
                # "the march had not been authorised and accused the organisers": none of the
                # clause's negation or mood is the joined verb's
                node = head.head if head.dep_ in ("ccomp", "conj") else head
                if node is head:
                    break
                continue
            if node.dep_ in ("conj", "xcomp", "ccomp", "advcl", "relcl", "acl", "pcomp", "prep", "dobj", "nsubj"):
                node = head
                continue
            break
        return True

    # ---------------------------------------------------------------------------------------

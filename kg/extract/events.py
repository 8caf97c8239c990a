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

from kg.extract.entities import EntityIndex
from kg.extract.text import Layout, sentence_at
from kg.extract.timex import is_dateline, is_span
from kg.model import Event, Mention, TimeValue
from kg.ontology import EventTypeDef, Ontology

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = {"who", "that", "which", "whom"}
_PART_WHOLES = ("Place", "Region", "Border", "WaterBody", "City", "Facility")
_BRIDGE_SENTENCES = 4  # how far back "the eastern section" looks for its whole
_COMPLEMENT_DEPS = ("xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp")


class EventExtractor:
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
        self.news_speech = {"announce", "declare", "confirm", "warn", "deny", "express", "identify"}

    # ---------------------------------------------------------------------------------------
    def extract(self, doc, layout: Layout, idx: EntityIndex, times: list[TimeValue], sentences: list[Mention],
                lead_time: TimeValue | None) -> list[Event]:
        events: list[Event] = []
        seen: set[tuple[int, str]] = set()
        sent_of = {}
        for s in doc.sents:
            for t in s:
                sent_of[t.i] = s
        for tok in doc:
            match = self._match(tok, layout)
            if match is None:
                continue
            words, et = match
            sent = sent_of[tok.i]
            if not self._asserted(tok, sent, layout):
                continue
            key = (tok.i, et.iri)
            if key in seen:
                continue
            seen.add(key)
            sm = sentence_at(sentences, tok.idx)
            ev = Event(type=et.iri, cls=et.cls, trigger=Mention(tok.idx, tok.idx + len(tok.text), tok.text),
                       sentence=sm or Mention(sent.start_char, sent.end_char, sent.text))
            self._headline = layout.is_headline(tok.idx)
            self._roles(tok, et, ev, idx)
            if et.name == "Statement" and not self._newsworthy_statement(tok, ev, idx, times):
                continue
            ev.time = self._time(tok, sent, times, lead_time, layout)
            events.append(ev)
        events = self._merge(events, doc)
        self._share_movement_roles(events)
        for ev in events:
            ev.label = _label(self.ont.event_types[ev.type], ev, idx)
        return events

    def _newsworthy_statement(self, tok, ev: Event, idx: EntityIndex, times: list[TimeValue]) -> bool:
        """Saying is an event only when it is the news: a named speaker, the verb before what was
        said (not a closing "..., officials said"), and a dated or strong act of speech."""
        agents = ev.roles.get("agent", [])
        lemma = tok.lemma_.lower()
        if not agents:
            return False
        if lemma not in self.speech:
            return True
        if all(k in idx.descriptive for k in agents):
            return False
        content = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis")]
        if content and all(c.i < tok.i for c in content):
            return False
        dated = any(t.mention.begin <= s.idx < t.mention.end for t in times for s in tok.subtree if s.i < tok.i or s.head.i == tok.i)
        return dated or lemma in self.news_speech

    def _merge(self, events: list[Event], doc) -> list[Event]:
        """One happening, one event: a noun trigger governed by a verb trigger of the same type in
        its sentence joins it ("agreed to a ceasefire"), and later mentions of an event with the
        same type, agent and time join the first."""
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
            same = next((o for o in out if o.type == ev.type and o.time is not None and ev.time is not None
                         and o.time.value == ev.time.value and ev.roles.get("agent")
                         and set(ev.roles.get("agent", [])) == set(o.roles.get("agent", []))), None)
            if same is not None:
                same.also.append(ev.trigger)
                for r, ks in ev.roles.items():
                    for k in ks:
                        same.add_role(r, k)
                continue
            out.append(ev)
        return out

    def _share_movement_roles(self, events: list[Event]) -> None:
        """A defection and the crossing that carries it out are one movement: when two movement
        events share an agent and a time, each takes the place, origin and destination the other
        states and it lacks."""
        moves = [e for e in events if self.ont.event_types[e.type].name.lower() in self.movement]
        for a in moves:
            for b in moves:
                if a is b or a.time is None or b.time is None or a.time.value != b.time.value:
                    continue
                if not set(a.roles.get("agent", [])) & set(b.roles.get("agent", [])):
                    continue
                for role in ("place", "origin", "destination"):
                    if role not in a.roles and role in b.roles:
                        for k in b.roles[role]:
                            a.add_role(role, k)

    def _match(self, tok, layout: Layout):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in self.happen:
            back = self._referred_event(tok)
            if back is not None:
                return back
        if tok.pos_ in ("VERB",) or (tok.pos_ in ("NOUN", "PROPN") and layout.is_headline(tok.idx) and tok.tag_ in ("NNS", "VBZ") and lemma.rstrip("s") in self.verbs):
            if tok.pos_ != "VERB":
                lemma = lemma.rstrip("s")
                if lemma not in self.verbs:
                    return None
            if tok.dep_ == "amod" or (tok.dep_ == "acl" and tok.tag_ in ("VBG", "VBN")
                                      and not (tok.tag_ == "VBG" and tok.head.lemma_.lower() in self.people)):
                return None
            for words, et in self.verbs.get(lemma, ()):
                if len(words) == 1 or self._has_particles(tok, words[1:]):
                    return words, et
            return None
        if tok.pos_ == "NOUN":
            for words, et in self.nouns.get(lemma, ()):
                if len(words) > 1:
                    prev = [t.lemma_.lower() for t in tok.doc[max(0, tok.i - len(words) + 1):tok.i]]
                    if tuple(prev) != words[:-1]:
                        continue
                if self._noun_reported(tok):
                    return words, et
        return None

    def _referred_event(self, verb):
        """"the first occurred last August": a happen-verb whose subject stands for an event noun
        said earlier in the sentence ("this recent defection ... the first occurred") is that event."""
        refs = ("first", "second", "last", "latest", "previous", "earlier", "other", "it", "one", "this", "that")
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.lemma_.lower() in self.nouns for c in subjects):
            return None
        subj = next((c for c in subjects if c.lower_ in refs), None)
        if subj is None:
            return None
        start = verb.sent.start
        if start > 0 and subj.i - start <= 2:  # "...case—the first occurred": a dash may split the sentence
            start = verb.doc[start - 1].sent.start
        for t in verb.doc[start:subj.i]:  # the topic: the first event noun before it
            if t.pos_ == "NOUN" and t.lemma_.lower() in self.nouns:
                words, et = self.nouns[t.lemma_.lower()][0]
                return (verb.lemma_.lower(),), et
        return None

    def _has_particles(self, tok, rest: tuple[str, ...]) -> bool:
        kids = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "prt", "prep", "advmod", "attr", "dative")}
        return all(w in kids for w in rest)

    def _noun_reported(self, tok) -> bool:
        """An event noun counts when the text reports it happening, not as a topic or a wish."""
        if tok.tag_ == "NNS" and not any(c.dep_ in ("amod", "compound") for c in tok.children):
            return False
        head = tok.head
        # "the crossing occurred", "a defection took place"
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in self.happen:
            return True
        # "defected ... in a rare crossing via the truce village": a noun attached to a reported act
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            v = head.head
            return v.lemma_.lower() not in self.intent and not any(c.lemma_.lower() in self.modals for c in v.children)
        # "following bilateral talks between the two leaders", "after Operation X"
        if tok.dep_ == "pobj" and head.lower_ in ("after", "following", "during", "before", "amid"):
            return True
        if tok.dep_ in ("dobj",) and head.lemma_.lower() in ("announce", "hold", "conduct", "launch", "carry", "stage", "complete", "unveil"):
            return True
        return False

    def _asserted(self, tok, sent, layout: Layout) -> bool:
        if sent.text.strip().endswith("?"):
            return False
        before = " ".join(t.lower_ for t in tok.doc[max(sent.start, tok.i - 3):tok.i])
        if " than" in f" {before}" or "instead of" in before:
            return False
        node = tok
        for _ in range(6):
            kids = list(node.children)
            if any(c.dep_ == "neg" for c in kids):
                return False
            if any(c.dep_ in ("aux", "auxpass") and (c.lemma_.lower() in self.modals or c.lower_ in self.modals
                                                     or c.lemma_.lower() in self.predictions or c.lower_ in self.predictions)
                   for c in kids):
                return False
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
                return False
            head = node.head
            if head.i == node.i:
                break
            if node.dep_ in ("xcomp", "advcl", "ccomp", "acomp", "pcomp", "acl") and any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children):
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
    def _roles(self, tok, et: EventTypeDef, ev: Event, idx: EntityIndex) -> None:
        movement = et.name.lower() in self.movement
        verb = tok if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") else None
        if verb is None:
            self._noun_roles(tok, et, ev, idx)
            return
        subj, passive = self._subject(verb)
        if (self._headline and verb.tag_ in ("VBN", "VBD") and verb.dep_ == "ROOT"
                and not any(c.dep_ in ("dobj", "aux", "auxpass", "attr") for c in verb.children)):
            passive = True  # headline style drops "was": "Soldier shot as he defects"
        inverse = verb.lemma_.lower() in self.patient_subject
        for s in subj:
            k = self._key(s, idx)
            if k:
                ev.add_role("patient" if passive or inverse else "agent", k)
        if not subj and verb.pos_ != "VERB":
            # a headline verb the tagger took for a noun ("sergeant defects"): its left compound
            for c in verb.lefts:
                k = self._key(c, idx) or next((idx.token_key[t.i] for t in c.subtree if t.i in idx.token_key
                                               and idx.entities[idx.token_key[t.i]].kind in ("Person", "Group")), None)
                if k:
                    ev.add_role("agent", k)
        for c in verb.children:
            if c.dep_ == "agent":
                for p in c.children:
                    k = self._key(p, idx)
                    if k:
                        ev.add_role("agent", k)
            elif c.dep_ in ("dobj", "attr", "dative"):
                self._object(c, movement, ev, idx)
                own = self._key(c, idx) is not None
                for p in c.children:
                    if p.dep_ == "prep" and not (own and p.lower_ == "of"):
                        self._prep(p, ev, idx, movement, of_ok=not own)
            elif c.dep_ == "prep":
                self._prep(c, ev, idx, movement)
            elif c.dep_ in ("advcl", "npadvmod") and c.pos_ != "VERB":
                pass
        self._default_origin(et, ev, idx, movement)

    def _object(self, obj, movement: bool, ev: Event, idx: EntityIndex) -> None:
        k = self._key(obj, idx)
        if k is None:
            # "took custody of the defector": the object is the trigger's own noun
            for p in obj.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    for q in p.children:
                        kk = self._key(q, idx)
                        if kk:
                            ev.add_role("patient", kk)
            return
        kind = idx.entities[k].kind
        if movement and kind in ("Place", "City", "Region", "Border", "Facility", "WaterBody"):
            ev.add_role("place", k)
        elif movement and kind == "State":
            ev.add_role("destination", k)
        else:
            ev.add_role("patient", k)

    def _prep(self, prep, ev: Event, idx: EntityIndex, movement: bool, *, of_ok: bool = False) -> None:
        word = prep.lower_
        two = f"{word} {next((c.lower_ for c in prep.children if c.dep_ == 'pcomp'), '')}".strip()
        for p in prep.children:
            if p.dep_ not in ("pobj", "pcomp"):
                continue
            k = self._key(p, idx) or self._nested_key(p, idx) or self._bridged_place(p, idx)
            if not k:
                continue
            kind = idx.entities[k].kind
            is_place = kind in ("Place", "City", "Region", "Border", "Facility", "WaterBody", "State")
            if (word in self.origin_preps or two in self.origin_preps) and is_place:
                ev.add_role("origin", k)
            elif word in self.dest_preps and is_place:
                ev.add_role("destination", k)
            elif word in self.loc_preps and is_place and kind != "State" or (word == "in" and kind == "State"):
                ev.add_role("place", k)
            elif word == "of" and of_ok:
                ev.add_role("patient", k)
            elif word == "by" and kind not in ("Place", "City", "Region", "Border", "Facility", "WaterBody"):
                ev.add_role("agent", k)
            elif word == "to" and kind in ("Person", "Organization", "Government", "ArmedForces", "MilitaryUnit",
                                           "GovernmentAgency", "Group") and prep.head.lemma_.lower() in self.patient_subject:
                ev.add_role("agent", k)
            elif word == "with" and kind in ("Person", "State", "Organization", "Government", "ArmedForces", "Group"):
                ev.add_role("agent", k)

    def _nested_key(self, tok, idx: EntityIndex) -> str | None:
        """The first entity inside a prepositional object ("the neutral waters of the Han River")."""
        for t in tok.subtree:
            if t.i in idx.token_key and t.dep_ in ("pobj", "compound", "appos", "conj") + ("nsubj", "dobj"):
                k = idx.token_key[t.i]
                if idx.entities[k].kind not in ("Person", "Group"):
                    return k
        return None

    def _bridged_place(self, tok, idx: EntityIndex) -> str | None:
        """"in the eastern section", said of a place named shortly before and without "of X": that
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
            if kind in _PART_WHOLES or (kind == "State" and doc[i].pos_ == "PROPN"
                                        and doc[i].dep_ not in ("amod", "compound")):
                return k
        return None

    def _noun_roles(self, tok, et: EventTypeDef, ev: Event, idx: EntityIndex) -> None:
        movement = et.name.lower() in self.movement
        for c in tok.children:
            if c.dep_ == "poss":
                k = self._key(c, idx)
                if k:
                    ev.add_role("agent", k)
            elif c.dep_ == "prep":
                if c.lower_ == "between":
                    for p in c.children:
                        for q in [p, *p.conjuncts]:
                            k = self._key(q, idx)
                            if k:
                                ev.add_role("agent", k)
                else:
                    self._prep(c, ev, idx, movement, of_ok=True)
        # a noun attached to a verb shares the verb's subject ("defected in a rare crossing")
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            subj, passive = self._subject(head.head)
            for s in subj:
                k = self._key(s, idx)
                if k and not passive:
                    ev.add_role("agent", k)
            for c in head.head.children:
                if c.dep_ == "prep" and c.i != head.i:
                    self._prep(c, ev, idx, movement)
        self._default_origin(et, ev, idx, movement)

    def _default_origin(self, et: EventTypeDef, ev: Event, idx: EntityIndex, movement: bool) -> None:
        """A defector leaves their own state: the agent's stated nationality is the origin."""
        if not movement or et.name not in ("Defection", "BorderCrossing") or "origin" in ev.roles:
            return
        for k in ev.roles.get("agent", []):
            nat = idx.entities[k].nationality
            if nat and nat not in ev.roles.get("destination", []):
                ev.add_role("origin", nat)
                return

    def _subject(self, verb) -> tuple[list, bool]:
        """The verb's subject(s), following conjunctions, control and relative clauses."""
        node = verb
        for _ in range(5):
            subs = [c for c in node.children if c.dep_ in _SUBJ]
            if subs:
                passive = any(c.dep_ == "nsubjpass" for c in subs)
                out = []
                for s in subs:
                    if s.lower_ in _RELATIVE and node.dep_ == "relcl":
                        out.append(node.head)
                    else:
                        out.append(s)
                        out.extend(s.conjuncts)
                if node.i != verb.i and any(c.dep_ == "auxpass" for c in verb.children):
                    passive = True
                return out, passive and node.i == verb.i or (node.i != verb.i and any(c.dep_ == "auxpass" for c in verb.children))
            if node.dep_ in ("relcl", "acl") and node.pos_ == "VERB":
                passive = node.tag_ == "VBN" and node.dep_ == "acl"
                return [node.head], passive
            if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
                node = node.head
                continue
            break
        return [], False

    def _key(self, tok, idx: EntityIndex) -> str | None:
        k = idx.key_of(tok)
        if k:
            return k
        for c in tok.children:
            if c.dep_ in ("appos",):
                k = idx.key_of(c)
                if k:
                    return k
        return None

    # ---------------------------------------------------------------------------------------
    def _time(self, tok, sent, times: list[TimeValue], lead: TimeValue | None, layout: Layout) -> TimeValue | None:
        """The event's time: the expression attached to its clause, else the narrative's reference
        time (the latest time the preceding sentences of the paragraph assert), else the lead time as
        "today" -- the last two only for an act the text reports as past. A time attached to
        another clause (a statement "X said on Monday" over the event, a relative clause) is not the
        event's; the statement's date is used only when nothing else dates the event and the news
        has no earlier date. A span ("since 2017") dates only the state its own verb names."""
        doc = tok.doc
        text = _text_of(doc)
        in_sent = [t for t in times if sent.start_char <= t.mention.begin < sent.end_char
                   and not is_dateline(text, t) and (not is_span(t) or _starts_state(tok, doc, t))]
        own = _clause_of(tok)
        best: tuple[int, int, TimeValue] | None = None
        for t in in_sent:
            rank = self._attachment(tok, own, doc, t)
            if rank is not None:
                key = (rank, abs(t.mention.begin - tok.idx))
                if best is None or key < best[:2]:
                    best = (*key, t)
        if best is not None and best[0] < 2:
            return best[2]
        if best is not None and lead is not None and lead.earliest <= best[2].latest and self._reported_as_past(tok, layout):
            # only the date of the statement that reports it: the news's own date, when not later
            return lead
        if not self._reported_as_past(tok, layout):
            return best[2] if best is not None else None
        if any(t.lower_ == "since" and t.dep_ in ("prep", "mark") for t in sent):
            return best[2] if best is not None else None  # a sentence over a span ("since the war") is not a dated act
        if not layout.is_headline(tok.idx):
            para = text.rfind("\n", 0, sent.start_char) + 1
            before = [t for t in times if para <= t.mention.begin < sent.start_char and not is_span(t)
                      and not is_dateline(text, t)
                      and not layout.is_title_line(t.mention.begin) and not self._said_at(doc, t)
                      and not _in_perfect(doc, t)]
            if before:
                return before[-1]
        return best[2] if best is not None else lead

    def _attachment(self, tok, own, doc, t: TimeValue) -> int | None:
        """How a time expression of the sentence is tied to the trigger: 0 inside the trigger's own
        phrase or clause, 1 in a clause joined to it (coordination, infinitive or adverbial clause,
        none of them a speech verb), None otherwise."""
        span = doc.char_span(t.mention.begin, t.mention.end, alignment_mode="expand")
        if span is None:
            return None
        if span.start <= tok.i < span.end:
            return 0
        where = span.root.head
        while where.pos_ not in ("VERB", "AUX") and where.head.i != where.i:
            if where.i == tok.i:
                return 0  # "the attack on Sunday"
            where = where.head
        if where.i == own.i or where.i == tok.i:
            return 0  # "crossed on Sunday"
        if where.lemma_.lower() not in self.speech:
            linked = _linked_clauses(own)
            if own.lemma_.lower() in self.speech and own.i != tok.i:
                # a nominal event the parse hung on the statement ("... in an attack, police said"):
                # the reported clause tells its time
                linked += [c for c in own.children if c.dep_ == "ccomp"]
            if where.i in {c.i for c in linked}:
                return 1
        elif any(a.i == where.i and a.lemma_.lower() in self.speech for a in own.ancestors):
            return 2  # the date of the statement that reports the event: used if nothing else dates it
        return None

    def _said_at(self, doc, t: TimeValue) -> bool:
        return is_statement_time(doc, t, self.speech)

    def _reported_as_past(self, tok, layout: Layout) -> bool:
        """A past act: a past tense or a participle ("killed", "were killed", "has expelled"), or an
        infinitive, gerund or complement clause under one ("agreed to release", "left, killing").
        A headline's acts are the news. Present ones ("says", "remains") are not dated by the
        narrative (future and modal ones are not events at all)."""
        if layout.is_headline(tok.idx):
            return True
        verb = _clause_of(tok)
        for _ in range(4):
            if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children):
                # a present perfect: the news itself in the lead paragraph ("Mali has expelled the
                # ambassador"), a state up to now further on ("has pursued reconciliation")
                return _in_lead_paragraph(tok, layout)
            if verb.tag_ in ("VBD", "VBN"):
                return True
            if verb.tag_ in ("VB", "VBG") and verb.dep_ in (*_CLAUSE_LINKS, "ccomp") and verb.head.i != verb.i:
                verb = _clause_of(verb.head)
                continue
            return False
        return False


_CLAUSE_LINKS = ("conj", "xcomp", "advcl", "pcomp")


_TEXT: list = [None, ""]  # the last doc and its text (spaCy joins every token again on each doc.text)


def _text_of(doc) -> str:
    if _TEXT[0] is not doc:
        _TEXT[0], _TEXT[1] = doc, doc.text
    return _TEXT[1]


def _in_lead_paragraph(tok, layout: Layout) -> bool:
    """The token is in the body's first paragraph (the news's lead)."""
    text = _text_of(tok.doc)
    start = layout.headline[1]
    while start < len(text) and text[start].isspace():
        start += 1
    if layout.is_title_line(start):  # a dateline or subtitle line of its own
        start = text.find("\n", start)
        while 0 <= start < len(text) and text[start].isspace():
            start += 1
    end = text.find("\n", start)
    return start <= tok.idx < (end if end >= 0 else len(text))


def _starts_state(tok, doc, t: TimeValue) -> bool:
    """A span ("since 2017") on the trigger verb itself, which then names a state that began then
    ("troops have been deployed there since 2017"); a span elsewhere ("the first crossing since
    2017") only bounds a count, and dates nothing."""
    span = doc.char_span(t.mention.begin, t.mention.end, alignment_mode="expand")
    return span is not None and tok.pos_ in ("VERB", "AUX") and span.root.head.i == tok.i


def _in_perfect(doc, t: TimeValue) -> bool:
    """A time in a perfect clause ("has stayed closed since", "had crossed on July 2"): background
    to the narrative, not the point it has reached."""
    span = doc.char_span(t.mention.begin, t.mention.end, alignment_mode="expand")
    if span is None:
        return False
    clause = _clause_of(span.root.head)
    return clause.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in clause.children)


def is_statement_time(doc, t: TimeValue, speech: set[str]) -> bool:
    """The time of a statement ("officials said on Monday"), not of what it reports."""
    span = doc.char_span(t.mention.begin, t.mention.end, alignment_mode="expand")
    return span is not None and _clause_of(span.root.head).lemma_.lower() in speech


def _clause_of(tok):
    """The predicate heading the clause a token belongs to (itself for a verb)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _linked_clauses(clause) -> list:
    """Clauses joined to ``clause`` by coordination, an infinitive or an adverbial clause, up and
    down ("crossed and surrendered", "agreed to release", "killed when they attacked")."""
    seen, todo = [clause], [clause]
    while todo:
        c = todo.pop()
        nxt = [ch for ch in c.children if ch.dep_ in _CLAUSE_LINKS and ch.pos_ in ("VERB", "AUX")]
        if c.dep_ in _CLAUSE_LINKS and c.head.i != c.i:
            nxt.append(_clause_of(c.head))
        for n in nxt:
            if all(n.i != s.i for s in seen):
                seen.append(n)
                todo.append(n)
    return seen[1:]


def _label(et: EventTypeDef, ev: Event, idx: EntityIndex) -> str:
    who = [idx.entities[k].label for k in ev.roles.get("agent", [])[:2]]
    parts = [et.label]
    if who:
        parts.append("by " + " and ".join(who))
    if ev.time is not None:
        parts.append(f"({ev.time.value})")
    return " ".join(parts)

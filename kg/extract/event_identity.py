"""One happening, one event: mentions of an article's events that tell the same happening again.

A noun trigger governed by a verb trigger of its type is that verb's event ("agreed to a
ceasefire"); a later definite mention ("the attack", "Monday's clash") with agreeing type, time and
roles is the event told before, unless a word sets it apart ("a second attack", "the previous
raid"); a harm told again of the same victims is the harm told before. The word lists are read by
the extractor's ``__init__`` from ``ontology/lexicon-entities.ttl`` and ``lexicon-events.ttl``.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.mentions import GROUP_KEY_PREFIX, EntityIndex
from kg.knowledge.ontology import EventTypeDef, Ontology
from kg.model import Event, TimeValue


class EventIdentity:
    """Merging rules of the event extractor (a mixin: the word lists are set by its ``__init__``)."""

    ont: Ontology
    definite_dets: frozenset[str]
    distinct_words: frozenset[str]
    ordering_adjectives: frozenset[str]
    additive: frozenset[str]
    happening_nouns: frozenset[str]
    _is: Callable[[EventTypeDef, str], bool]

    def _merge(
        self,
        events: list[Event],
        doc,
        headline: set[int] | None = None,
        idx: EntityIndex | None = None,
        lead_time: TimeValue | None = None,
    ) -> list[Event]:
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
            # "entered the South by sailing across the border": the means is the act told again
            means = (
                tok is not None and tok.root.tag_ == "VBG" and tok.root.dep_ == "pcomp" and tok.root.head.lower_ == "by"
            )
            while head is not None and hops < 3 and tok is not None and (tok.root.pos_ == "NOUN" or means):
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
                    and not self._distinct(o, ev, doc, idx)
                ),
                None,
            )
            if same is None:
                same = next((o for o in reversed(out) if self._refers_back(ev, o, doc, headline, idx)), None)
            if same is None:
                same = next((o for o in reversed(out) if self._same_harm(ev, o, doc, idx)), None)
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
        return _headline_into_body(out, headline, lead_time)

    def _refers_back(self, ev: Event, o: Event, doc, headline: set[int], idx: EntityIndex | None = None) -> bool:
        """A later mention that names an earlier event again: a definite event noun ("the attack",
        "this ambush", "Monday's clash") with nothing that sets it apart ("a second attack", "another raid"), or the
        body's telling of an event the headline names; same type, times that agree at their precisions
        (a time of day inside the day told before) and roles that agree."""
        if o.type != ev.type or o.sentence == ev.sentence:
            return False
        if ev.time is not None and o.time is not None and not _compatible_times(ev.time.value, o.time.value):
            return False
        span = doc.char_span(ev.trigger.begin, ev.trigger.end, alignment_mode="expand")
        # "the people who defected in the incident": the act told again, its actors described anew
        in_incident = span is not None and span.root.pos_ == "VERB" and self._in_told_happening(span.root)
        for role in ("agent", "patient"):
            ka, kb = set(ev.roles.get(role, [])), set(o.roles.get(role, []))
            if in_incident and all(k.startswith(GROUP_KEY_PREFIX) for k in ka | kb):
                continue
            if ka and kb and not ka & kb:
                return False
        if not _places_agree(ev.roles.get("place", []), o.roles.get("place", []), idx, self.ont):
            return False
        if o.trigger.begin in headline or in_incident:
            return True
        if span is None or span.root.pos_ != "NOUN":
            return False
        tok = span.root
        # "the attack", "this ambush"; a possessor makes it definite too ("Monday's clash")
        definite = any((c.dep_ == "det" and c.lower_ in self.definite_dets) or c.dep_ == "poss" for c in tok.children)
        apart = any(
            c.lower_ in self.distinct_words or c.lower_ in self.ordering_adjectives or c.dep_ == "nummod"
            for c in tok.lefts
        )
        return definite and not apart

    def _in_told_happening(self, verb) -> bool:
        """ "who defected in the incident", "were killed in that episode": a verb placed in a
        definite general noun for a happening (kg:happeningNouns) tells a happening told before."""
        return any(
            c.dep_ == "prep"
            and c.lower_ == "in"
            and p.lemma_.lower() in self.happening_nouns
            and any(d.dep_ == "det" and d.lower_ in self.definite_dets for d in p.children)
            for c in verb.children
            for p in c.children
        )

    def _same_harm(self, ev: Event, o: Event, doc, idx: EntityIndex | None = None) -> bool:
        """A death or injury told again: the same people cannot die twice, nor (on one day, in one
        place) be wounded twice, so a later harm of the same type to people already harmed, with
        times and places that agree, is the harm told before ("A soldier was killed in Monday's
        clash" after "five rebels and a soldier were killed on Monday")."""
        if o.type != ev.type or not self._is(self.ont.event_types[ev.type], "consequenceTypes"):
            return False
        victims, before = set(ev.roles.get("patient", [])), set(o.roles.get("patient", []))
        if not victims or not victims <= before:
            return False
        if ev.time is not None and o.time is not None and not _compatible_times(ev.time.value, o.time.value):
            return False
        return _places_agree(ev.roles.get("place", []), o.roles.get("place", []), idx, self.ont) and not self._distinct(
            o, ev, doc, idx
        )

    def _distinct(self, a: Event, b: Event, doc, idx: EntityIndex | None = None) -> bool:
        """Two mentions that cannot be one happening: two predications of one sentence (two verbs,
        or an event noun that is the object of another verb), an act told as another ("also
        agreed", "attacked again"), or different patients or places ("arrested X in A and detained
        Y in B")."""
        sa = doc.char_span(a.trigger.begin, a.trigger.end, alignment_mode="expand")
        sb = doc.char_span(b.trigger.begin, b.trigger.end, alignment_mode="expand")
        if any(s is not None and any(c.lower_ in self.additive for c in s.root.children) for s in (sa, sb)):
            return True  # "also agreed", "attacked again": another act
        if a.sentence == b.sentence:
            if sa is not None and sb is not None:
                pa, pb = _predicate(sa.root), _predicate(sb.root)
                if pa is not None and pb is not None and pa.i != pb.i:
                    return True  # two predications: "dissolved X and declared a state of emergency"
        ka, kb = set(a.roles.get("patient", [])), set(b.roles.get("patient", []))
        if ka and kb and not ka & kb:
            return True
        return not _places_agree(a.roles.get("place", []), b.roles.get("place", []), idx, self.ont)


def _places_agree(a: list[str], b: list[str], idx: EntityIndex | None, ont: Ontology) -> bool:
    """Whether two mentions' places can be one place: either has none, they share one, or one
    contains the other as far as the gazetteer knows ("Tula" and "Ruritania" where Tula is in
    Ruritania; a compass region, "northern Ruritania", holds whatever lies in Ruritania). A place
    the gazetteer does not know may lie inside a known one of another kind (a village in a known
    city, a city in a region); two unknown places, or two of one kind, of different names are two
    places."""
    if not a or not b or set(a) & set(b):
        return True
    if idx is None:
        return False

    def within(k: str) -> tuple[set[str], bool]:
        """What the place is part of (keys and reference IRIs, itself included), and whether the
        gazetteer knows it (a reference entity or a region of one)."""
        e = idx.entities.get(k)
        out = {k}
        if e is None:
            return out, False
        known = e.ref is not None or e.located_in is not None
        stack = [e.ref] if e.ref else []
        if e.located_in is not None:
            out.add(e.located_in)
            up = idx.entities.get(e.located_in)
            if up is not None and up.ref:
                stack.append(up.ref)
        seen: set[str] = set()
        while stack:
            iri = stack.pop()
            if iri in seen:
                continue
            seen.add(iri)
            out.add(iri)
            ref = ont.entities.get(iri)
            if ref is not None:
                stack.extend(ref.located_in)
        return out, known

    for x in a:
        for y in b:
            wx, kx = within(x)
            wy, ky = within(y)
            ex, ey = idx.entities.get(x), idx.entities.get(y)
            region_x = ex is not None and ex.located_in is not None and ex.ref is None
            region_y = ey is not None and ey.located_in is not None and ey.ref is None
            if x in wy or y in wx or (ex and ex.ref in wy) or (ey and ey.ref in wx):
                return True
            if (region_x and (wx - {x}) & wy) or (region_y and (wy - {y}) & wx):
                return True  # "northern Ruritania" and a town in Ruritania
            if kx != ky and ex is not None and ey is not None and ex.kind != ey.kind:
                return True  # an unknown village may lie in a known city, a city in a region
    return False


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


def _compatible_times(a: str, b: str) -> bool:
    """Two time values that may be one happening's: equal, or one inside the other at its precision
    ("2024-05" and "2024-05-14", "2024-05-14" and "2024-05-14T11:45:00+08:00")."""
    return a.startswith(b) or b.startswith(a)


def _headline_into_body(events: list[Event], headline: set[int], lead_time: TimeValue | None = None) -> list[Event]:
    """A headline names a happening its body tells: a headline event that no rule joined to a body
    event (its roles or places told in other words) is the body's first event of its type. One
    with no such event in the body stays, the only telling of its happening; so does one whose time
    the body's event of that type does not share (the body's "a coup in 2021" is background)."""
    out: list[Event] = []
    for ev in events:
        body = next(
            (
                o
                for o in events
                if o.type == ev.type and o.trigger.begin not in headline and _same_time(o.time, ev.time or lead_time)
            ),
            None,
        )
        if ev.trigger.begin in headline and body is not None:
            body.also.append(ev.trigger)
            body.also.extend(ev.also)
            if body.time is None and ev.time is not None:
                body.time = ev.time
            continue
        out.append(ev)
    return out


def _same_time(a: TimeValue | None, b: TimeValue | None) -> bool:
    """Whether two times overlap (no time fits any)."""
    if a is None or b is None:
        return True
    return a.earliest <= b.latest and b.earliest <= a.latest

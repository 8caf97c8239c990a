"""Roles that the events of one article share: one incident, one movement, one clause.

The event extractor reads each trigger's roles on its own (:mod:`kg.extract.roles`); these rules
then let the events of a clause, of an incident or of one movement lend each other what the
grammar or the story says they share. The type facts are the word lists of
``ontology/lexicon-events.ttl`` (kg:causeTypes, kg:consequenceTypes, kg:movementTypes).
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.mentions import EntityIndex, SUBJECT_DEPS
from kg.knowledge.ontology import EventTypeDef, Ontology
from kg.model import Event


class RoleSharing:
    """Sharing rules of the event extractor (a mixin: the word lists are set by its ``__init__``)."""

    ont: Ontology
    place_kinds: frozenset[str]
    same_occasion_preps: frozenset[str]
    earlier_occasion_preps: frozenset[str]
    nouns: dict[str, list[tuple[tuple[str, ...], EventTypeDef]]]
    loc_preps: frozenset[str]
    _is: Callable[[EventTypeDef, str], bool]
    _key: Callable[..., str | None]
    _nested_key: Callable[..., str | None]

    def _share_clause_roles(self, events: list[Event], doc, idx: EntityIndex) -> None:
        """Verbs of one clause share what the grammar says they share. Coordinated verbs with one
        subject ("crossed the border near X and defected") share their agent and their place,
        origin and destination where one lacks them; a participle or a "when" clause ("attacked the
        village, killing nine", "were killed when their patrol was ambushed in X") tells of the same
        incident, so the two share their place (a place attacked is where the killing was); an act
        "during" an event noun (kg:sameOccasionPrepositions) happened at its place ("agreed during
        talks in X")."""
        tok_of, noun_of = {}, {}
        for ev in events:
            span = doc.char_span(ev.trigger.begin, ev.trigger.end, alignment_mode="expand")
            if span is not None and span.root.pos_ == "VERB":
                tok_of[span.root.i] = ev
            elif span is not None:
                noun_of[span.root.i] = ev
        for i, a in tok_of.items():
            t = doc[i]
            linked = [(o, "conj") for o in t.conjuncts]
            linked += [(c, "advcl") for c in t.children if c.dep_ == "advcl"]
            # "agreed during talks in X": the occasion's place is the act's
            linked += [
                (p, "advcl")
                for c in t.children
                if c.dep_ == "prep" and c.lower_ in self.same_occasion_preps
                for p in c.children
                if p.dep_ == "pobj" and p.i in noun_of
            ]
            if t.dep_ == "advcl":
                linked.append((t.head, "advcl"))
            for other, how in linked:
                b = tok_of.get(other.i) or noun_of.get(other.i)
                if b is None or b is a:
                    continue
                later = doc[max(i, other.i)]
                own_subject = any(c.dep_ in SUBJECT_DEPS for c in later.children)
                roles = ("place",) if own_subject or how == "advcl" else ("agent", "place", "origin", "destination")
                for role in roles:
                    if role in a.roles:
                        continue
                    given = list(b.roles.get(role, []))
                    if role == "place" and self._is(self.ont.event_types[b.type], "causeTypes"):
                        # a place attacked is where the harm told with it happened ("reopened the
                        # borders" is no place of "lifted the curfew")
                        given += [k for k in b.roles.get("patient", []) if idx.entities[k].kind in self.place_kinds]
                    for k in given:
                        if k not in a.roles.get("patient", []):
                            a.add_role(role, k)

    def _fronted_setting(self, events: list[Event], doc, idx: EntityIndex) -> None:
        """ "In front of the parliament, police fired tear gas ... and made arrests": a place phrase
        that opens the sentence before its subject sets the scene of every act the sentence tells
        with no place of its own."""
        for ev in events:
            if ev.roles.get("place") or ev.roles.get("destination") or ev.roles.get("origin"):
                continue
            span = doc.char_span(ev.trigger.begin, ev.trigger.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root.sent.root
            subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is None:
                continue
            for prep in root.children:
                if prep.dep_ != "prep" or prep.lower_ not in self.loc_preps or prep.i > subj.left_edge.i:
                    continue
                if not any(t.text == "," for t in doc[prep.right_edge.i + 1 : subj.left_edge.i]):
                    continue  # set off by a comma: a setting, not a modifier of what follows
                for p in prep.children:
                    if p.dep_ != "pobj":
                        continue
                    k = self._key(p, idx) or self._nested_key(p, idx, place=True)
                    if k is not None and (idx.entities[k].kind in self.place_kinds or idx.entities[k].kind == "State"):
                        ev.add_role("place", k)

    def _place_of_agent(self, events: list[Event], doc, idx: EntityIndex) -> None:
        """Actors placed by their own noun phrase act there: a verb's event with no place of its
        own takes the places its subject is located at ("police in X arrested two men", "guards
        at the Y post in X fired")."""
        for ev in events:
            if ev.roles.get("place"):
                continue
            span = doc.char_span(ev.trigger.begin, ev.trigger.end, alignment_mode="expand")
            if span is None or span.root.pos_ != "VERB":
                continue
            for subj in (c for c in span.root.children if c.dep_ == "nsubj"):
                for prep in (c for c in subj.children if c.dep_ == "prep" and c.lower_ in self.loc_preps):
                    for t in prep.subtree:
                        k = idx.token_key.get(t.i)
                        if k is not None and idx.entities[k].kind in self.place_kinds:
                            ev.add_role("place", k)

    def _before_another(self, ev: Event, doc) -> bool:
        """The event's sentence says it came before another happening ("before the ambush", "prior
        to the talks": kg:earlierOccasionPrepositions with an event noun as object)."""
        span = doc.char_span(ev.sentence.begin, ev.sentence.end, alignment_mode="expand")
        for t in span if span is not None else ():
            if t.dep_ != "pobj" or t.lemma_.lower() not in self.nouns:
                continue
            prep = t.head
            words = [prep.lower_] if prep.dep_ == "prep" else []
            if prep.dep_ == "prep" and prep.head.dep_ in ("advmod", "prep", "amod"):
                words.append(f"{prep.head.lower_} {prep.lower_}")  # "prior to", "ahead of"
            if any(w in self.earlier_occasion_preps for w in words):
                return True
        return False

    def _share_incident_place(self, events: list[Event], doc) -> None:
        """Force used (kg:causeTypes) and what it does to people and things (kg:consequenceTypes)
        are one incident, told where the force was used. A death, injury or damage with no place
        of its own takes the place of an attack in its own sentence (in either order: "two were
        killed as fighting broke out in X"), else of the last attack told within two sentences of
        events before it. In a story of one incident (every located attack at the same places),
        an attack or a consequence still without a place, not dated otherwise, happened there too
        ("Gunmen attacked X on Monday. ... A gun battle then broke out.")."""
        starts = sorted({e.sentence.begin for e in events})
        incident = [e for e in events if self._is(self.ont.event_types[e.type], "causeTypes")]
        consequence = [e for e in events if self._is(self.ont.event_types[e.type], "consequenceTypes")]

        def same_day(a: Event, b: Event) -> bool:
            return a.time is None or b.time is None or a.time.value == b.time.value

        def take(ev: Event, src: Event, role: str = "place") -> None:
            for k in src.roles.get(role, []):
                if k not in ev.roles.get("patient", []):
                    ev.add_role(role, k)

        earlier = {id(e) for e in events if self._before_another(e, doc)}
        for ev in sorted(consequence, key=lambda e: e.trigger.begin):
            if ev.roles.get("place") and ev.roles.get("agent"):
                continue
            here = sorted(
                (c for c in incident if c.sentence.begin == ev.sentence.begin),
                key=lambda c: not c.roles.get("place"),
            )
            before = [
                c
                for c in incident
                if c.trigger.begin < ev.trigger.begin
                and starts.index(ev.sentence.begin) - starts.index(c.sentence.begin) <= 2
            ]
            src = here[0] if here else (before[-1] if before and id(ev) not in earlier else None)
            if src is not None and same_day(ev, src):
                for role in ("place", "agent") if here else ("place",):
                    if not ev.roles.get(role):
                        take(ev, src, role)
        located = [c for c in incident if c.roles.get("place")]
        if not located or len({frozenset(c.roles["place"]) for c in located}) != 1:
            return
        lead = located[0]
        for ev in incident + consequence:
            if not ev.roles.get("place") and same_day(ev, lead) and id(ev) not in earlier:
                take(ev, lead)

    def _share_movement_roles(self, events: list[Event]) -> None:
        """A defection and the crossing that carries it out are one movement: when two movement
        events share an agent and a time, each takes the place, origin and destination the other
        states and it lacks."""
        moves = [e for e in events if self._is(self.ont.event_types[e.type], "movementTypes")]
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

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


from kg.extract.described import DescribedActors
from kg.extract.people import PeopleNames
from kg.extract.name_kinds import INITIALS, acronym_definitions, initials_of, NER_KIND, NameKinds
from kg.extract.regions import compass_regions, designated_ref, metonym_target, place_designators
from kg.extract.mentions import DETERMINERS, EntityIndex, mention_of, sentence_initial
from kg.extract.text import Layout, doc_text
from kg.iri import slugify
from kg.model import Entity, Mention, TimeValue
from kg.knowledge.ontology import Ontology, RefEntity, broader_names
from kg.vocab import REF

# reference IRIs the gazetteer generator mints for cities and regions (kg/gazetteer.py)
_GENERATED_PLACE_PREFIXES = (str(REF["city/"]), str(REF["subdivision/"]))


class EntityExtractor(PeopleNames, DescribedActors, NameKinds):
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
        # "Kano state": a name followed by a region's designator names the region, not the city
        self.region_named = {n: e.iri for e in self.refs.values() if e.kind == "Region" for n in e.names}
        self.gazetteer_names = frozenset(n for e in self.refs.values() for n in e.names)
        self.name_owner = {n: min(owners)[1] for n, owners in claims.items()}  # (the matcher's choice)
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
        self.armed_forces_of = _state_bodies(self.refs, "ArmedForces", str(REF["armed-forces/"]))
        self.government_of = _state_bodies(self.refs, "Government", str(REF["government/"]))
        w = ontology.words
        self.of_heads = frozenset(w("ofHeadWords"))
        self.org_kinds = ontology.kinds_under("Organization")
        self.compass = frozenset(w("compassWords"))
        # hand-listed person nouns, and those whose first WordNet sense is a person ("villager")
        self.adherent_nouns = w("adherentNouns")  # "Maoists": people of a creed or movement, capitalized
        self.person_nouns = w("personNouns") | w("wordnetPersonNouns") | w("armedMemberNouns") | self.adherent_nouns
        self.group_nouns = w("groupNouns")
        self.collective = w("collectiveWords")
        self.crowd_nouns = w("crowdNouns")
        self.army_nouns = w("armedForcesNouns")
        self.craft_nouns = w("militaryCraftNouns")  # "Russian warplanes bombed": the state's forces act
        self.fighter_nouns = w("militaryNouns") | w("armedMemberNouns")
        self.member_nouns = self.fighter_nouns | w("memberNouns")
        self.gov_nouns = w("governmentNouns")
        self.counted_people = w("countedPeopleWords")
        self.facility_nouns = w("facilityNouns") | w("nameHeadsFacility")  # ("X Checkpoint": a facility)
        self.ministry_words = w("ministryWords")
        self.place_nouns = w("placeNouns")
        self.relative_places = w("relativePlaceNouns")
        self.speech_occasions = w("speechOccasionNouns")
        self.part_nouns = w("partNouns")
        # nouns of acts that parties do to or with each other: a capital after "from" the noun of a
        # verbal act or a protest ("a warning from Seoul", "protests from Manila") or "between" any
        # such noun but a movement's ("talks between Moscow and Kyiv"; not "flights between")
        # stands for its state
        movements = w("movementTypes")
        said = {x.lower() for x in w("statementTypes") | w("protestTypes")}
        kinds = {t.iri: (t, broader_names(ontology, t.iri)) for t in ontology.event_types.values()}
        self.party_act_nouns = {
            "from": frozenset(n[-1] for t, up in kinds.values() if up & said for n in t.nouns),
            "between": frozenset(n[-1] for t, up in kinds.values() if t.name not in movements for n in t.nouns),
        }
        # prepositions whose object may be an unnamed place an event happens at, goes to or from,
        # or is aimed at ("taken to a local hospital", "fired on a road", "fled from the camp")
        self.described_place_preps = (
            w("locativePrepositions") | w("originPrepositions") | w("destinationPrepositions") | w("targetPrepositions")
        )
        self.agency_nouns = w("agencyNouns")
        self.org_nouns = (w("organizationNouns") | w("moreOrganizationNouns")) - self.group_nouns
        self.org_anaphors = w("organizationAnaphors")
        self.org_name_heads = w("organizationNameHeads")
        self.language_use = w("languageUseWords")
        self.state_anaphors = w("stateAnaphors")
        self.sequence_marks = w("sequenceMarks")
        self.unit_nouns = w("unitNouns")
        self.generic_agency_nouns = w("genericAgencyNouns")
        self.time_zones = w("timeZoneAbbreviations")
        self.media_nouns = w("wordnetMediaNouns")
        self.role_preps = (
            w("agentPrepositions") | w("targetPrepositions") | w("partnerPrepositions") | w("aimPrepositions")
        )
        self.titles = w("titleWords")
        # English common nouns (WordNet's, generated): no surname after a title ends with one
        self.common_nouns = w("concreteNouns") | w("abstractNouns") | w("animateNouns")
        self.honorifics = w("honorificWords")
        self.name_particles = w("nameParticles")
        self.role_nouns = w("roleNouns")
        self.distinct_words = w("distinctWords")
        self.people_kinds = (w("armedMemberNouns"), w("protesterNouns"))  # words for one kind of people
        # unions the rules ask for per name or word, made once
        self.title_words = self.titles | self.honorifics
        self.hedges = w("identityHedges")  # "Suspected Red Dawn rebels": no name opens with one
        self.stance_prefixes = w("stancePrefixes")  # "pro-EU": a stance, no name
        self.state_organ_nouns = self.army_nouns | self.gov_nouns
        self.org_describing = self.org_nouns | self.org_anaphors | self.media_nouns | w("newsOutletNouns")
        # prepositions after which a name is a place ("near X"), from the locative list
        self.place_preps = w("placeNamePrepositions")
        self.water_parts = w("waterPartNouns")
        self.border_nouns = w("borderNouns")
        self.honorific_gender = {**{h: "m" for h in w("maleHonorifics")}, **{h: "f" for h in w("femaleHonorifics")}}
        self.pronoun_gender = {**{p: "m" for p in w("malePronouns")}, **{p: "f" for p in w("femalePronouns")}}
        self.say_verbs = w("speechVerbs") | w("reportingVerbs")
        self.expletive_verbs = w("expletiveSubjectVerbs")
        # one-word nouns of events ("meeting", "summit"): no person's name ends with one
        self.event_nouns = frozenset(n[0] for et in ontology.event_types.values() for n in et.nouns if len(n) == 1)
        # "Ministry of X" -> GovernmentAgency, "Y Bridge" -> Facility: the kg:nameHeads* word
        # lists, each with the kg:entityClass its heads give
        self.head_kinds: dict[str, str] = {}
        self._gaz_tokens: set[int] = set()  # tokens of gazetteer names in the doc being read
        for name in sorted(ontology.word_lists):
            if name.startswith("nameHeads") and name in ontology.word_list_classes:
                for word in ontology.words(name):
                    self.head_kinds.setdefault(word, ontology.word_list_classes[name])

    # ---------------------------------------------------------------------------------------
    def extract(self, doc, layout: Layout, times: list[TimeValue]) -> EntityIndex:
        idx = EntityIndex(of_heads=self.of_heads, org_kinds=self.org_kinds)
        taken: set[int] = set()
        self._titled_names(doc)
        self._whole_person_names(doc)
        _whole_body_names(doc)
        _joined_organization_names(doc)
        gaz_spans = self._gazetteer_spans(doc)
        ents = doc.ents  # (spaCy makes the spans again on each doc.ents)
        ner_long = [e for e in ents if e.label_ in ("ORG", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT")]
        persons = [e for e in ents if e.label_ == "PERSON"]
        joined = _joined_names([s for s, _, d in gaz_spans if not d])
        demonyms = {i for s, _, d in gaz_spans if d for i in range(s.start, s.end)}
        self._place_named_organizations(doc, layout, [s for s, _, d in gaz_spans if not d], idx, taken)
        gaz_tokens = {i for s, _, _ in gaz_spans for i in range(s.start, s.end)}
        self._gaz_tokens = gaz_tokens
        for span, iri_, is_demonym in gaz_spans:
            if not is_demonym and any(i in taken for i in range(span.start, span.end)):
                continue  # inside an organization's name ("the alliance Strong Georgia")
            if not is_demonym and self._inside_name(span, gaz_tokens, layout):
                continue  # "Juan Orlando Hernandez Alvarado": a person's middle name, no city
            if (
                not is_demonym
                and span.start not in joined
                and any(
                    e.start <= span.start
                    and span.end <= e.end
                    and _adds_words(e, span, demonyms)
                    and not self._is_gazetteer_text(e)
                    for e in ner_long
                )
            ):
                continue  # part of a longer name ("Washington Declaration")
            ref = self.refs.get(iri_)
            if ref is None or self._is_ambiguous_place(span, ref):
                continue
            if (
                not is_demonym
                and len(span) == 1
                and span[0].lower_ in self.head_kinds
                and span.start > 0
                and doc[span.start - 1].is_title
                and doc[span.start - 1].pos_ == "PROPN"
            ):
                continue  # "Subic Bay": the head word of a longer name, not a place called "Bay"
            if (
                not is_demonym
                and self.ont.is_kind(ref.kind, "Place")
                and any(e.start <= span.start and span.end <= e.end and len(e) > len(span) for e in persons)
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
            ref = designated_ref(span, ref, self.region_named, self.refs, self.head_kinds, self.ont)
            target = metonym_target(
                span, ref, self.refs, self.place_nouns | self.relative_places | self.part_nouns, self.party_act_nouns
            )
            ent = Entity(key=target.iri, kind=target.kind, label=target.label, ref=target.iri)
            idx.add(ent, mention_of(span), range(span.start, span.end))
            taken.update(range(span.start, span.end))
        self._dateline_places(doc, layout, idx, taken)
        self._contextual_states(doc, idx, taken)
        self._named_entities(doc, layout, idx, taken)
        self._untagged_organizations(doc, layout, idx, taken)
        self._untagged_places(doc, layout, idx, taken)
        self._repeated_names(doc, layout, idx, taken)
        place_designators(doc, idx, self.ont, self.head_kinds)
        compass_regions(doc, idx, self.ont, self.compass)
        self._described_actors(doc, layout, idx, taken, times)
        self._places_named_later(idx)
        self._places_with_their_word(idx)
        self._headline_bodies_told_in_full(idx, layout)
        self._short_body_names(idx)
        self._forces_of_the_one_state(idx)
        self._pronouns(doc, idx)
        self._speaker_pronouns(doc, idx)
        return idx

    def _places_named_later(self, idx: EntityIndex) -> None:
        """ "Gunmen attacked a village ... invaded the Tunga village": a place described by its noun
        alone is the one place the article names with that noun (none when it names two)."""
        for key in sorted(k for k in idx.descriptive if k.startswith("place-")):
            ent = idx.entities.get(key)
            if ent is None or " " in ent.label:
                continue
            head = ent.label.lower()
            named = [
                e
                for e in idx.entities.values()
                if not e.generated_label
                and self.ont.is_kind(e.kind, "Place")
                and len(e.label.split()) > 1
                and e.label.split()[-1].lower() == head
            ]
            if len(named) == 1:
                _merge_into(idx, key, named[0])
        for key in sorted(k for k in idx.descriptive if k.startswith("place-")):
            # "the maritime boundary ... the Northern Limit Line": a border told by a border word is
            # the one border the article names
            ent = idx.entities.get(key)
            if ent is None or ent.label.lower().split()[-1] not in self.border_nouns:
                continue
            if ent.located_in or ent.nationality or any("'s" in m.anchor or "’s" in m.anchor for m in ent.mentions):
                continue  # "China's porous border" is that state's, not the one border named
            named = [e for e in idx.entities.values() if not e.generated_label and e.kind == "Border"]
            if len(named) == 1:
                _merge_into(idx, key, named[0])

    def _places_with_their_word(self, idx: EntityIndex) -> None:
        """ "Sukra" and "the Sukra district", "the area of Tala Springs" and "the Tala Springs area":
        a place named with and without the lowercase place word that heads its name is one place
        (the gazetteer's, if it knows one of them)."""
        places = [e for e in idx.entities.values() if self.ont.is_kind(e.kind, "Place") and not e.generated_label]
        by_label: dict[str, list] = {}
        for e in places:
            by_label.setdefault(e.label, []).append(e)
        for long in places:
            words = long.label.split()
            if len(words) < 2 or not words[-1].islower() or not self._place_head_word(words[-1]):
                continue
            cut = len(words) - 1
            while cut > 1 and words[cut - 1].islower():
                cut -= 1
            short = by_label.get(" ".join(words[:cut]), [])
            if len(short) != 1 or short[0].key == long.key or long.key not in idx.entities:
                continue
            keep, drop = (short[0], long) if short[0].ref else (long, short[0])
            if not drop.ref and drop.key in idx.entities:
                _merge_into(idx, drop.key, keep)

    def _place_head_word(self, word: str) -> bool:
        kind = self.head_kinds.get(word)
        return kind is not None and self.ont.is_kind(kind, "Place")

    def _short_body_names(self, idx: EntityIndex) -> None:
        """ "Sendero" for "Sendero Luminoso": a one-word name of an organization the gazetteer does
        not know is the one organization the article names with that word first."""
        for key, ent in list(idx.entities.items()):
            if ent.kind != "Organization" or ent.ref or ent.generated_label or " " in ent.label:
                continue
            word = ent.label
            longer = [
                e
                for e in idx.entities.values()
                if e.key != key
                and self.ont.is_kind(e.kind, "Organization")
                and not e.generated_label
                and any(len(m.anchor.split()) > 1 and m.anchor.split()[0] == word for m in e.mentions)
            ]
            if len(longer) == 1:
                _merge_into(idx, key, longer[0])

    def _forces_of_the_one_state(self, idx: EntityIndex) -> None:
        """ "the armed forces said ... the Peruvian military": armed forces or a government told
        with no state are those of the one state whose armed forces (or government) the article
        names (none when it names two states')."""
        for kind in ("ArmedForces", "Government"):
            owned = [e for e in idx.entities.values() if e.kind == kind and (e.ref or e.state_of)]
            if len(owned) != 1:
                continue
            for key, ent in list(idx.entities.items()):
                if (
                    ent.kind == kind
                    and not ent.ref
                    and not ent.state_of
                    and ent.generated_label
                    and ent.label.lower() in self.army_nouns | self.gov_nouns  # not "maritime forces"
                ):
                    _merge_into(idx, key, owned[0])

    def _headline_bodies_told_in_full(self, idx: EntityIndex, layout: Layout) -> None:
        """ "Police fire water cannon" over a body telling of "riot police", "handed to Red Cross"
        over "the International Committee for the Red Cross": a body the headline names by the
        last words of a longer name (its head word alone, for a body of the same kind) is the one
        body the article names in full with those words last (none when it names two)."""
        for key, ent in list(idx.entities.items()):
            if not self.ont.is_kind(ent.kind, "Organization"):
                continue
            if not ent.mentions or not all(layout.is_headline(m.begin) for m in ent.mentions):
                continue
            words = ent.label.lower().split()
            if len(words) > 1 and ent.generated_label:
                continue
            full = [
                e
                for e in idx.entities.values()
                if (e.kind == ent.kind if len(words) == 1 else self.ont.is_kind(e.kind, "Organization"))
                and len(e.label.split()) > len(words)
                and e.label.lower().split()[-len(words) :] == words
                and not all(layout.is_headline(m.begin) for m in e.mentions)
            ]
            if len(full) == 1:
                _merge_into(idx, key, full[0])

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
        # "a Spanish-speaking country", "French speakers": the people's word names a language there
        spans = [(s, d) for s, d in spans if not (d and self._language_word(doc, s.end))]
        demonym_ids = {(s.start, s.end) for s, d in spans if d}
        # a word that is both a place's name and a state's demonym ("Somali") is the demonym where
        # it describes a noun ("Somali troops"), the place where a place word heads it
        spans = [
            (s, d)
            for s, d in spans
            if d
            or (s.start, s.end) not in demonym_ids
            or not (s.root.dep_ in ("amod", "compound") and s.root.head.pos_ == "NOUN")
            or self._place_head(s.root.head)  # ("Somali army": an army heads no place's name)
        ]
        kept = filter_spans([s for s, _ in spans])
        starts = {s.start for s in kept}
        out = []
        for s in kept:
            demonym = (s.start, s.end) in demonym_ids
            ref = self.refs.get(s.label_)
            nxt = doc[s.end] if s.end < len(doc) else None
            if not demonym and ref is not None and ref.kind == "City" and nxt is not None and s.end not in starts:
                if self.head_kinds.get(nxt.lower_) == "City" and nxt.text[:1].isupper():
                    label = s.label_
                    s = doc[s.start : s.end + 1]  # "Davao City": the capitalized city word is part of its name
                    s.label_ = label
            out.append((s, s.label_, demonym))
        return out

    def _language_word(self, doc, i: int) -> bool:
        """Whether the word at ``i`` (after a hyphen) says a language is used ("-speaking")."""
        if i < len(doc) and doc[i].text == "-":
            i += 1
        return i < len(doc) and doc[i].lower_ in self.language_use

    def _is_counted(self, tok) -> bool:
        return any(
            c.dep_ in ("nummod", "quantmod") or c.lower_ in self.collective or c.like_num for c in tok.children
        ) or any(c.lower_ in ("more", "than", "estimated", "about", "some", "nearly", "over") for c in tok.subtree)

    def _titled_names(self, doc) -> None:
        """A title before capitalized words names a person ("President Han Min-su"), whatever the
        NER called the words (a people's adjective here): they become the NER's person name. Words
        the NER gave another name's label (an organization, a place, a date) are left as they are."""
        from spacy.tokens import Span

        found = []
        for t in doc:
            if not (t.is_title and t.lower_ in self.titles) or t.i + 1 >= len(doc):
                continue
            j = t.i + 1
            while j < len(doc) and doc[j].ent_type_ in ("", "NORP", "PERSON") and doc[j].pos_ == "PROPN":
                w = doc[j]
                joined = j > t.i + 1 and not doc[j - 1].whitespace_  # "Min-su": the parts of one name
                if not (w.is_title or (w.is_upper and len(w) > 1) or joined or (w.text == "-" and not w.whitespace_)):
                    break
                j += 1
            while j > t.i + 1 and doc[j - 1].text == "-":
                j -= 1
            if j > t.i + 1 and doc[j - 1].lower_.rstrip("s") in self.common_nouns:
                continue  # "General Motors", "Justice Department": a common noun ends a name of a body
            if j > t.i + 1 and any(doc[i].ent_type_ != "PERSON" for i in range(t.i + 1, j)):
                found.append(Span(doc, t.i + 1, j, label="PERSON"))
        if found:
            spans = [e for e in doc.ents if not any(e.start < f.end and f.start < e.end for f in found)]
            doc.ents = sorted(spans + found, key=lambda e: e.start)

    def _whole_person_names(self, doc) -> None:
        """A person's name the NER began too late ("Ana | María Ortiz"): capitalized words it left
        unlabelled just before, that the parse joins to the name, are the name's first words (not
        a title, an honorific or a noun for a person: "President", "Ms.", "Speaker")."""
        from spacy.tokens import Span

        ents, changed = list(doc.ents), False
        for n, e in enumerate(ents):
            start = e.start
            while start > 0:
                t = doc[start - 1]
                if not (t.pos_ == "PROPN" and t.is_title and t.ent_iob_ == "O" and t.is_alpha):
                    break
                if t.dep_ != "compound" or not (e.start <= t.head.i < e.end):
                    break
                if t.lower_ in self.titles or t.lower_ in self.honorifics or t.lower_ in self.person_nouns:
                    break  # "House Speaker Nancy Pelosi", "First Lady Jill Biden"
                start -= 1
            if e.label_ == "PERSON" and start != e.start:
                ents[n], changed = Span(doc, start, e.end, label="PERSON"), True
        if changed:
            doc.ents = ents

    def _dateline_places(self, doc, layout: Layout, idx: EntityIndex, taken: set[int]) -> None:
        """The capitalized city of a dateline ("MANILA --") is the gazetteer's place of that name,
        also where the name is one a place shares with a person or a word (a dateline names a place)."""
        for b, e in layout.datelines:
            span = doc.char_span(b, e, alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            name = " ".join(w.capitalize() for w in span.text.split())
            ref = self.refs.get(self.name_owner.get(name, ""))
            if ref is None:
                # a town the gazetteer does not know is still the place the report was filed from
                ent = Entity(key=slugify(name), kind="City", label=name)
            elif self.ont.is_kind(ref.kind, "Place") or ref.kind == "State":
                ent = Entity(ref.iri, ref.kind, ref.label, ref=ref.iri)
            else:
                continue
            idx.add(ent, mention_of(span), range(span.start, span.end))
            taken.update(range(span.start, span.end))

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
            idx.add(Entity(ref.iri, ref.kind, ref.label, ref=ref.iri), mention_of(span), range(start, tok.i + 1))
            taken.update(range(start, tok.i + 1))

    def _named_entities(self, doc, layout: Layout, idx: EntityIndex, taken: set[int]) -> None:
        body_text = layout.body_text(doc_text(doc))
        persons: dict[str, Entity] = {}
        evidence = self._name_evidence(doc)
        acronyms = acronym_definitions(doc)
        # names of people first: a surname the NER calls an organization elsewhere ("Roe's office
        # said") is then known as part of a person's name
        for ent in sorted(doc.ents, key=lambda e: (e.label_ != "PERSON", e.start)):
            kind = NER_KIND.get(ent.label_)
            if kind in (None, "Person", "Organization") and self._named_by_place_word(ent):
                kind = "Place"  # "the town of Bria", whatever else the NER called the name
            elif kind is None and evidence.get(ent.text) == "Organization":
                kind = "Organization"  # "Red Dawn fighters": the NER took the name for a product's
            elif (
                ent.label_ == "NORP"
                and ent.root.pos_ == "PROPN"
                and ent.root.dep_ in ("compound", "nmod")
                and ent.root.head.is_lower
                and self._place_head(ent.root.head)
            ):
                kind = "Place"  # "the Numa local government area": a name, not a people's word
            if kind is None:
                continue
            if kind != "Person" and ent.label_ in ("GPE", "LOC") and self._inside_name(ent, self._gaz_tokens, layout):
                continue  # "Jose Orlando Ruiz Vega": words of a person's name, no places
            state, named = self._state_prefix(ent, idx, taken) if kind == "Organization" else (None, ent)
            if named is None or any(i in taken for i in range(named.start, named.end)):
                continue
            ent = named
            if len(ent) > 2 and ent[1].text == "-" and ent[0].lower_ in self.stance_prefixes:
                continue  # "pro-EU protesters": a stance, no organization of its own
            span = _strip_span(ent, self.title_words | self.hedges)
            if span is None or not any(t.is_alpha for t in span):
                continue
            person = _initialled_name(span) if kind in ("Organization", "Place") else None
            if person is not None and not any(t.text in self.name_owner for t in person[:-1]):
                # "(Chhattisgarh) D.M. Awasthi": initials and a surname ("U.S. Steel": a state's)
                span, kind = person, "Person"
            if kind == "Person" and span[-1].lower_ in self.name_particles and span.end < len(doc):
                after = doc[span.end]
                if after.is_title and after.pos_ == "PROPN" and span[-1].whitespace_:
                    span = doc[span.start : span.end + 1]  # "Pierre Le | Gac": a particle opens the surname
            defined = idx.token_key.get(acronyms[span.text]) if span.text in acronyms else initials_of(span.text, idx)
            if defined is not None and idx.entities[defined].kind != "Person":
                idx.add(idx.entities[defined], mention_of(span), range(span.start, span.end))  # "(KWS)"
                taken.update(range(span.start, span.end))
                continue
            if span.text.lower() in self.time_zones and span.start > 0 and doc[span.start - 1].like_num:
                continue  # "0100 GMT": the zone of a clock time
            if (
                span.text.isupper()
                and span.end < len(doc)
                and doc[span.end].like_num
                and span[-1].whitespace_
                and kind != "Person"
            ):
                continue  # "(SSBN 733)", "flight MH 17": letters and a number designate a craft
            if kind == "Organization" and span[-1].is_lower and span[-1].lemma_ in self.state_anaphors:
                continue  # "the West African nation": a state told again (described actors)
            if kind == "Organization" and not any(t.text[:1].isupper() for t in span if t.is_alpha):
                continue  # "defence ministry": a description, not a name (described actors take it)
            head = span.root.head
            if kind == "Organization" and len(span) == 1 and span.root.dep_ == "compound" and head.is_lower:
                if head.lemma_ in self.agency_nouns | self.army_nouns | self.gov_nouns:
                    continue  # "the Interior ministry": the whole phrase is the organ (described actors)
            if layout.is_title_line(span.start_char) and span.text not in body_text:
                continue  # a title-cased headline or heading alone is no evidence of a name
            if span.text.isupper() and len(span.text) <= 5 and kind != "Organization":
                if evidence.get(span.text) != "Organization":
                    continue
                kind = "Organization"  # "the broadcaster ZTV": an acronym a noun for a body introduces
            if len(span) == 1 and sentence_initial(span[0]) and self._people_word(span[0]):
                continue  # "Gunmen killed five": a common noun capitalized by its place, no name
            if kind != "Person" and len(span) == 1 and self._person_token(span.text, persons, idx):
                kind = "Person"
            if kind != "Person" and len(span) > 1 and self._ends_a_name(span.text, persons):
                kind = "Person"  # "Le Gac" after "Pierre Le Gac"
            if kind == "Person" and len(span) > 1 and span[-1].is_title and span[-1].lower_ in self.event_nouns:
                continue  # "... Level Meeting": the title-cased name of an event, no person
            if kind == "Person" and len(span) > 1 and span[-1].is_title and self._org_head(span[-1]):
                kind = "Organization"  # "Highway Patrol": a word that heads organizations' names ends it
            if kind == "Person" and not self._person_token(span.text.split()[-1], persons, idx):
                if evidence.get(span.text) == "Place" and span.root.head.lower_ != "at":
                    kind = "Place"  # "near Kora Tambu": the NER took a place name for a person's
                elif evidence.get(span.text) == "Organization":
                    kind = "Organization"  # "Boko Haram fighters": an armed group's name
            if kind in ("Place", "Facility") and evidence.get(span.text) == "Organization":
                kind = "Organization"  # "the news agency X": the NER took its name for a place
            if kind != "Person" and evidence.get(span.text) == "Person":
                kind = "Person"  # "Ana Vidal, the deputy minister,": the NER took her name for another kind
            if kind == "Person":
                if len(span) == 1 and span[0].pos_ != "PROPN":
                    continue
                ent_obj = self._person(span, persons, idx)
                self._note_titles(span, ent_obj, idx)
            elif kind == "Organization":
                if all(t.lower_ in self.state_organ_nouns for t in span):
                    continue
                after = doc[span.end] if span.end < len(doc) else None
                if (
                    after is not None
                    and after.is_title
                    and after.lower_ in self.titles
                    and after.head.ent_type_ == "PERSON"
                ):
                    continue  # "Defence Minister Lena Hart": the words of a title, no organization
                if _slash_joined(span.text):
                    # "(ANI/Xinhua)": a credit that joins two agencies' names with a slash
                    at = span.start_char
                    for part in span.text.split("/"):
                        part_ent = Entity(key=slugify(part), kind="Organization", label=part)
                        own = doc.char_span(at, at + len(part), alignment_mode="expand")
                        toks = range(own.start, own.end) if own is not None else range(span.start, span.end)
                        idx.add(part_ent, Mention(at, at + len(part), part), toks)
                        at += len(part) + 1
                    taken.update(range(span.start, span.end))
                    continue
                if len(span) == 1 or (state is None and (tail := self._org_tail(span, idx)) is not None):
                    earlier = self._org_word(span[0], idx) if len(span) == 1 else tail
                    if earlier is not None:  # "the Council" -> "UN Security Council"
                        idx.add(earlier, mention_of(span), range(span.start, span.end))
                        taken.update(range(span.start, span.end))
                        continue
                    if span[0].lower_ in self.head_kinds:
                        continue  # a bare head noun ("Embassy") with nothing to refer to
                okind = self._head_kind(span, "Organization")
                if okind == "Organization" and self._used_as_place(span):
                    pkind = self._place_context_kind(span)
                    whole = self._with_place_head(span)  # "the Numa local government area": all of it
                    if whole is not span and not any(i in taken for i in range(span.end, whole.end)):
                        span = whole
                    ent_obj = Entity(key=slugify(span.text), kind=pkind, label=span.text)
                    idx.add(ent_obj, mention_of(span), range(span.start, span.end))
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
                if state is None and okind != "Organization":
                    # "India's Defence Ministry": a state organ's possessor is part of its name
                    state, start = self._possessor_state(span, idx)
                    full = doc[min(start, span.start) : span.end]
                if state is not None and okind != "Organization":
                    ent_obj = Entity(key=slugify(full.text), kind=okind, label=full.text, state_of=state)
                    idx.add(ent_obj, mention_of(full), range(span.start, span.end))
                    taken.update(range(span.start, span.end))
                    continue
                # a name that starts with a demonym keeps it ("Georgian Dream" is not "Dream"); a
                # lowercase word for an organization after it is not part of it ("X party")
                name = (
                    full[:-1]
                    if len(full) > 1 and full[-1].is_lower and full[-1].lower_ in self.org_name_heads
                    else full
                )
                ent_obj = Entity(key=slugify(name.text), kind=okind, label=name.text)
                idx.add(ent_obj, mention_of(full), range(span.start, span.end))
                taken.update(range(span.start, span.end))
                continue
            else:
                pkind = "Facility" if kind == "Facility" else ("City" if ent.label_ == "GPE" else "Place")
                if (pkind == "Place" and (evidence.get(span.text) == "Place" or self._named_by_place_word(span))) or (
                    pkind == "City" and self.head_kinds.get(span.root.head.lower_) == "Region"
                ):  # "the Numa local government area": a region the NER took for a town
                    whole = self._with_place_head(span)  # "the Kalu military base": the name with its place word
                    if whole is not span and not any(i in taken for i in range(span.end, whole.end)):
                        span, pkind = whole, self._place_context_kind(span)
                    else:
                        pkind = self._place_context_kind(span)  # "the town of Bria": a town
                hkind = self._head_kind(span, pkind)  # "X Province"; "X Shoal" the NER calls a facility
                pkind = hkind if pkind in ("Place", "City") or self.ont.is_kind(hkind, "Place") else pkind
                ent_obj = Entity(key=slugify(span.text), kind=pkind, label=span.text)
            idx.add(ent_obj, mention_of(span), range(span.start, span.end))
            taken.update(range(span.start, span.end))

    def _place_named_organizations(self, doc, layout: Layout, places, idx: EntityIndex, taken: set[int]) -> None:
        """A run of capitalized words holding a place's name and more ("Strong Georgia", "New Armenia")
        that a noun for an organization introduces or heads ("the alliance Strong Georgia", "the New
        Armenia movement") is the organization's name, not the place."""
        for place in places:
            start, end = place.start, place.end
            while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ in ("PROPN", "ADJ"):
                start -= 1
            while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                end += 1
            if (start, end) == (place.start, place.end) or sentence_initial(doc[start]):
                continue
            span = doc[start:end]
            if layout.is_title_line(span.start_char) or any(i in taken for i in range(start, end)):
                continue
            words = self.org_describing | self.org_name_heads
            before = doc[start - 1]  # "the alliance X", however the parse hung the two
            introduced = before.pos_ == "NOUN" and before.lemma_.lower() in words
            if not introduced and not self._described_as_organization(span, words):
                continue
            ent = Entity(key=slugify(span.text), kind=self._head_kind(span, "Organization"), label=span.text)
            if introduced and before.i not in taken:
                start = min(before.left_edge.i, before.i)  # "the opposition alliance X": one mention, one actor
            idx.add(ent, mention_of(span), range(start, end))
            taken.update(range(start, end))

    def _untagged_organizations(self, doc, layout: Layout, idx: EntityIndex, taken: set[int]) -> None:
        """A proper name the NER gave no label that a noun for an organization introduces ("the
        broadcaster ZTV", "media outlet Ravona"), or that names the fighters of it ("Red Dawn
        fighters"): an organization's name; a noun before it is part of its mention, no actor of
        its own."""
        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.ent_iob_ != "O" or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or i in taken:
                i += 1
                continue
            end = i + 1
            while end < len(doc) and doc[end].ent_iob_ == "O" and doc[end].pos_ == "PROPN" and end not in taken:
                end += 1
            span = doc[i:end]
            i = end
            if layout.is_title_line(span.start_char):
                continue
            root = span.root
            state, poss_start = self._possessor_state(span, idx)
            if state is not None and len(span) > 1 and self._org_head(span[-1]) and span[-1].is_title:
                # "Peru's Prison Service": capitalized words a state possesses, headed by a word that
                # heads organizations' names, are the name of that state's body (as a tagged one's)
                full = doc[poss_start : span.end]
                ent = idx.entities.get(slugify(full.text)) or Entity(
                    key=slugify(full.text), kind=self._head_kind(span, "Organization"), label=full.text
                )
                ent.state_of = ent.state_of or state
                idx.add(ent, mention_of(full), range(span.start, span.end))
                taken.update(range(span.start, span.end))
                continue
            fighters = root.dep_ == "compound" and root.head.lemma_.lower() in self.fighter_nouns
            if fighters and len(span) == 1 and span[0].lower_ in self.common_nouns:
                continue  # "Rebel fighters": a common word capitalized by its place
            if not fighters and (
                not self._described_as_organization(span)
                or (root.head.i > root.i and root.dep_ in ("appos", "compound"))
            ):
                continue  # "State media": a capitalized word before the noun, not a name it introduces
            start = span.start
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "NOUN":
                start -= 1  # "media outlet": the describing nouns go with the name
            if any(j in taken for j in range(start, span.start)):
                continue
            have = next((e for e in idx.entities.values() if e.label == span.text and not e.ref), None)
            ent = have or Entity(key=slugify(span.text), kind=self._head_kind(span, "Organization"), label=span.text)
            idx.add(ent, mention_of(span), range(start, span.end))
            taken.update(range(start, span.end))

    def _untagged_places(self, doc, layout: Layout, idx: EntityIndex, taken: set[int]) -> None:
        """Capitalized words the NER gave no label, just before a lowercase noun that heads place
        names ("Kelso province", "the Tarunga village"): the place that word names, of the kind the
        noun gives."""
        for head in doc:
            if not head.is_lower or head.i in taken or not self._place_head(head):
                continue
            start = head.i
            while start > 0 and doc[start - 1].ent_iob_ == "O" and doc[start - 1].pos_ == "PROPN":
                if not doc[start - 1].text[:1].isupper() or (start - 1) in taken:
                    break
                start -= 1
            if start == head.i or layout.is_title_line(doc[start].idx):
                continue
            if any(
                t.dep_ not in ("compound", "nmod") or t.head.i >= head.i + 1 or t.head.i < start
                for t in doc[start : head.i]
            ):
                continue  # the words must modify the noun ("Kelso province"), not stand apart
            if start == head.i - 1 and doc[start].lower_ in self.common_nouns | self.head_kinds.keys():
                continue  # "Border area": a common word capitalized as in a heading
            span = doc[start : head.i + 1]
            ent = Entity(key=slugify(span.text), kind=self._head_kind(span, "Place"), label=span.text)
            idx.add(ent, mention_of(span), range(span.start, span.end))
            taken.update(range(span.start, span.end))

    def _repeated_names(self, doc, layout: Layout, idx: EntityIndex, taken: set[int]) -> None:
        """A name the NER found once is the same name where it recurs untagged ("Bwari Tunde was
        calm. Troops entered Bwari Tunde."): names of two words or more are found again in the body
        on token boundaries (one word alone may be part of another name)."""
        body = layout.headline[1]
        names: dict[str, Entity] = {}
        for e in idx.entities.values():
            if e.ref or e.key in idx.descriptive:
                continue
            for m in e.mentions:
                words = m.anchor.split()
                if len(words) >= 2:
                    names.setdefault(m.anchor, e)
        text = doc_text(doc)
        for name, e in sorted(names.items(), key=lambda x: -len(x[0])):
            start = text.find(name, body)
            while start >= 0:
                span = doc.char_span(start, start + len(name))
                if span is not None and not any(i in taken for i in range(span.start, span.end)):
                    idx.add(e, mention_of(span), range(span.start, span.end))
                    taken.update(range(span.start, span.end))
                start = text.find(name, start + len(name))
        # a person's surname alone, untagged where it recurs after the full name ("Roe said")
        surnames: dict[str, list[Entity]] = {}
        for e in idx.entities.values():
            words = e.label.split()
            if e.kind == "Person" and e.key not in idx.descriptive and len(words) >= 2 and len(words[-1]) > 2:
                surnames.setdefault(words[-1], []).append(e)
                if re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[-1]) and len(words[0]) > 1:
                    # "Han Min-su": a given name of two syllables joined by a hyphen comes after the
                    # family name, which is the one news uses alone ("Han said")
                    surnames.setdefault(words[0], []).append(e)
        for tok in doc:
            people = surnames.get(tok.text)
            if people is None or len(people) != 1 or tok.i in taken or tok.pos_ != "PROPN":
                continue
            if any(m.begin < tok.idx for m in people[0].mentions):
                idx.add(people[0], mention_of(doc[tok.i : tok.i + 1]), range(tok.i, tok.i + 1))
                taken.add(tok.i)

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

    def _org_tail(self, span, idx: EntityIndex) -> Entity | None:
        """The organization named earlier whose longer name ends with these words ("Unity Alliance"
        after "National Unity Alliance"); the one mentioned last wins."""
        words = span.text.split()
        found = [
            e
            for e in idx.entities.values()
            if self.ont.is_kind(e.kind, "Organization")
            and len(e.label.split()) > len(words)
            and e.label.split()[-len(words) :] == words
            and any(m.begin < span.start_char for m in e.mentions)
        ]
        return max(found, key=lambda e: max(m.begin for m in e.mentions)) if found else None

    def _state_prefix(self, ent, idx: EntityIndex, taken: set[int]):
        """An organization name that starts with a state's name or demonym the gazetteer already
        took ("Indian Ministry of Defence"): the state, and the name (whole span) to keep.
        Returns (None, ent) when no prefix is taken, (None, None) when the overlap is elsewhere."""
        overlap = [i for i in range(ent.start, ent.end) if i in taken]
        if not overlap:
            return None, ent
        doc = ent.doc
        start = ent.start
        while start < ent.end and doc[start].lower_ in DETERMINERS:
            start += 1
        ent = doc[start : ent.end]
        keys = {idx.token_key.get(i) for i in overlap}
        prefix = overlap == list(range(ent.start, ent.start + len(overlap))) and len(overlap) < len(ent)
        if len(keys) == 1 and prefix:
            key = next(iter(keys))
            if key in self.refs and self.refs[key].kind == "State":
                return key, ent.doc[ent.start + len(overlap) : ent.end]
        return None, None

    def _possessor_state(self, span, idx: EntityIndex) -> tuple[str | None, int]:
        """The state a possessor names ("India's" in "India's Foreign Ministry") and where the
        possessor starts; (None, the span's start) without one."""
        for c in span.root.lefts:
            k = idx.token_key.get(c.i)
            if c.dep_ == "poss" and k in self.refs and self.refs[k].kind == "State":
                return k, c.left_edge.i
        return None, span.start

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

    def _inside_name(self, span, gaz_tokens: set[int], layout: Layout) -> bool:
        """A place's name inside a run of three or more capitalized names, not at its end, where
        some words of the run are no place's and none is a place word ("Juan Orlando Hernandez
        Alvarado", "Jose Orlando Ruiz Vega"): words of a person's name the NER missed. (A title-cased
        headline capitalizes every word.)"""
        doc = span.doc
        if layout.is_title_line(span.start_char):
            return False

        def name_word(i: int) -> bool:
            t = doc[i]
            return t.pos_ == "PROPN" and t.is_title and t.is_alpha and t.lower_ not in self.head_kinds

        if not all(name_word(i) for i in range(span.start, span.end)):
            return False
        start, end = span.start, span.end
        while start > 0 and name_word(start - 1) and not sentence_initial(doc[start]):
            start -= 1
        while end < len(doc) and name_word(end):
            end += 1
        return end - start >= 3 and span.end < end and any(i not in gaz_tokens for i in range(start, end))

    def _is_ambiguous_place(self, span, ref: RefEntity) -> bool:
        """A place name that is also a common word or a person's name ("Mobile", "Victoria") is
        a place only where the statistical NER labels it one."""
        if span.text.lower() not in self.ambiguous or not self.ont.is_kind(ref.kind, "Place"):
            return False
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in DETERMINERS:
            return True  # "the North", "the Reading": a common noun phrase, not a place name
        if before is not None and before.ent_iob_ != "O" and span[0].ent_iob_ == "I" and before.is_title:
            return True  # "the Deep South": the end of a longer name the NER made, not that place
        return not any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in span)

    def _head_kind(self, span, default: str) -> str:
        """The class a name's head noun gives ("Ministry of Defence", "Gateway Bridge")."""
        root = span.root
        two = " ".join(t.lower_ for t in span[-2:]) if len(span) > 1 else None
        return self.head_kinds.get(two or "", self.head_kinds.get(root.lower_, default))


def _joined_organization_names(doc) -> None:
    """An organization's name the NER cut at "for" ("United Party | for | National Development"):
    a name of capitalized words after "for" that hangs on the organization's name is the rest of
    it ("the Movement for Democratic Change")."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    joined, skip = [], set()
    for n, a in enumerate(ents):
        if n in skip:
            continue
        b = ents[n + 1] if n + 1 < len(ents) else None
        prep = doc[a.end] if a.end < len(doc) else None
        if (
            a.label_ == "ORG"
            and b is not None
            and prep is not None
            and prep.lower_ == "for"
            and b.start == a.end + 1
            and b.label_ in ("ORG", "PERSON", "GPE", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW")
            and prep.head.i == a.root.i
            and b.root.head.i == prep.i
            and all(t.is_title or not t.is_alpha for t in b)
            and a[-1].is_title
        ):
            joined.append(Span(doc, a.start, b.end, label="ORG"))
            skip.add(n + 1)
        else:
            joined.append(a)
    if len(joined) != len(ents):
        doc.ents = joined


def _initialled_name(span):
    """The person's name that ends ``span``: initials and a capitalized surname ("D.M. Awasthi",
    "R. K. Vidal"), or None. (An organization's name ends in its head word, "U.S. Army", which the
    caller has typed before.)"""
    if len(span) < 2 or not (span[-1].is_title and span[-1].is_alpha and len(span[-1]) > 2):
        return None
    i = len(span) - 1
    while i > 0 and INITIALS.fullmatch(span[i - 1].text):
        i -= 1
    return None if i == len(span) - 1 else span[i:]


def _slash_joined(text: str) -> bool:
    """ "ANI/Xinhua", "AP/Reuters": names joined by a slash, each capitalized (not "w/o", "24/7")."""
    parts = text.split("/")
    return len(parts) > 1 and all(len(p) > 1 and p[:1].isupper() and p.replace("-", "").isalpha() for p in parts)


def _joined_names(spans) -> set[int]:
    """The first tokens of gazetteer names joined to another by a hyphen, a slash or a comma
    ("the Junin-Ayacucho border", "Kenya-Uganda talks", "the provinces of Borno, Yobe"): each
    names its own place, inside whatever longer name the NER made of them."""
    starts = {s.start for s in spans}
    out: set[int] = set()
    for s in spans:
        doc = s.doc
        if s.end + 1 not in starts or s.end >= len(doc):
            continue
        sep = doc[s.end]
        if sep.text == "," or (
            sep.text in ("-", "\u2013", "/") and not doc[s.end - 1].whitespace_ and not sep.whitespace_
        ):
            out.update((s.start, s.end + 1))
    return out


def _adds_words(outer, inner, demonyms: set[int]) -> bool:
    """True when ``outer`` has words beyond ``inner`` other than a determiner, a parenthesis or a
    demonym ("the Afghan Taliban" is the Taliban, told with their state)."""
    depth = 0
    for t in outer:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif inner.start <= t.i < inner.end or depth > 0 or t.is_punct or t.lower_ in DETERMINERS or t.i in demonyms:
            continue
        elif t.is_alpha or t.like_num:
            return True
    return False


def _state_bodies(refs: dict[str, RefEntity], kind: str, generated: str) -> dict[str, str]:
    """Each state's body of this kind ("Iranian forces" -> the state's armed forces): the one the
    gazetteer makes for every state (IRIs under ``generated``), not a designated one of the same
    class that also belongs to it (the Revolutionary Guard is one force of Iran's, not all)."""
    out: dict[str, str] = {}
    for e in sorted(refs.values(), key=lambda e: (e.iri.startswith(generated), e.iri)):
        if e.kind == kind and e.state_of:
            out[e.state_of] = e.iri
    return out


def _strip_span(span, titles: frozenset[str]):
    """Drop leading determiners, titles (and other words that open no name: ``titles``) and
    possessive endings from a NER span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end:
        if doc[start].lower_ in DETERMINERS or doc[start].lower_ in titles or doc[start].tag_ == "PRP$":
            start += 1  # ("Her Green Party called ...": a possessive pronoun opens no name)
        elif start + 2 < end and f"{doc[start].lower_} {doc[start + 1].lower_}" in titles:
            start += 2  # "Prime Minister Jane Roe"
        elif start > 0 and f"{doc[start - 1].lower_} {doc[start].lower_}" in titles:
            start += 1  # "First Lady Jill Biden" where the span starts at "Lady"
        else:
            break
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _undergoes(tok) -> bool:
    """The noun (or the first of its conjuncts) is a passive subject or a direct object: someone
    something is done to."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubjpass", "dobj")


def _merge_into(idx: EntityIndex, key: str, target) -> None:
    """The entity ``key`` is ``target``: its mentions and tokens become the target's."""
    for m in idx.entities[key].mentions:
        target.add_mention(m)
    target.mentions.sort(key=lambda m: (m.begin, m.end))
    for i, k in list(idx.token_key.items()):
        if k == key:
            idx.token_key[i] = target.key
    del idx.entities[key]
    idx.descriptive.discard(key)


_BODY_NAME_PREPS = ("for", "of", "on")


def _whole_body_names(doc) -> None:
    """A body's name the NER ended too early, before a preposition that names what it is for
    ("the Coordination Headquarters | for the Treatment of Prisoners of War", "the Commission | on
    Human Rights"): capitalized words after "for", "of" or "on" (an article and short function
    words between them) that the NER left unlabelled are the name's last words."""
    from spacy.tokens import Span

    ents, changed = list(doc.ents), False
    for n, e in enumerate(ents):
        if e.label_ != "ORG" or e.end + 1 >= len(doc) or doc[e.end].lower_ not in _BODY_NAME_PREPS:
            continue
        j = e.end + 1
        if doc[j].lower_ == "the":
            j += 1
        end = None
        while j < len(doc) and doc[j].ent_iob_ == "O":
            t = doc[j]
            if t.is_title and t.is_alpha:
                end = j + 1
            elif not (t.is_lower and t.is_alpha and len(t.text) <= 3 and end is not None):
                break  # the name ends at anything but a short function word ("of", "and")
            j += 1
        if end is not None:
            ents[n], changed = Span(doc, e.start, end, label="ORG"), True
    if changed:
        doc.ents = ents

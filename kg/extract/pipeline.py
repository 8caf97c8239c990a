"""The extraction pipeline: spaCy once per batch, then times, entities, events and claims."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta

from kg.errors import InputError, KGError
from kg.extract.claims import ClaimExtractor
from kg.extract.entities import EntityExtractor
from kg.extract.event_times import is_statement_time
from kg.extract.events import EventExtractor
from kg.extract.nlp import load_nlp
from kg.extract.text import DATELINE, Layout, doc_text
from kg.extract.timex import find_times, is_clock_time, is_dateline, is_span
from kg.model import Article, Extraction, Mention, Precision, TimeValue
from kg.knowledge.ontology import Ontology

EXTRACTOR = "rules.v1"

_EXTRACTORS: dict[str, Extractor] = {}

# Typographic characters the small English model parses badly, mapped one-to-one to ASCII so that
# offsets into the parsed copy are offsets into the original text.
_PARSE_FORM = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})


# A dateline opening a paragraph (kg.extract.text.DATELINE): its dash or colon becomes a full stop
# in the parsed copy, so the dateline is its own sentence and neither its city nor its wire agency
# is the subject of the first.


def parse_form(text: str) -> str:
    """The copy of ``text`` that spaCy parses: same length, same offsets.

    >>> parse_form("Korea’s") == "Korea's"
    True
    >>> parse_form("SEOUL, South Korea – A soldier")
    'SEOUL, South Korea . A soldier'
    >>> parse_form("LAGOS, Nigeria (Wire) -- Gunmen")
    'LAGOS, Nigeria (Wire) .  Gunmen'
    """
    out = text.translate(_PARSE_FORM)
    return DATELINE.sub(
        lambda m: (
            m.group(0)[: m.start(2) - m.start(0)]
            + "."
            + " " * (m.end(2) - m.start(2) - 1)
            + m.group(0)[m.end(2) - m.start(0) :]
        ),
        out,
    )


class Extractor:
    """All stages for one ontology (matchers and trigger tables are built once)."""

    def __init__(self, ontology: Ontology) -> None:
        self.nlp = load_nlp()
        self.ontology = ontology
        self.entities = EntityExtractor(ontology, self.nlp)
        self.events = EventExtractor(ontology)
        self.claims = ClaimExtractor(ontology)
        self.known_verbs = self.events.known_verbs()
        self.known_nouns = frozenset(w for w in self.events.nouns if " " not in w)
        # words for people who do not act for a state (a nationality before them is no party)
        w = ontology.words
        self.private_people = (self.entities.person_nouns | self.entities.group_nouns) - (
            w("stateAgentNouns") | w("diplomatNouns") | w("pairPersonNouns") | w("militaryNouns")
        )

    def _nationalities_only(self, doc, idx, events, claims) -> list[str]:
        """States the article names only by their people's word for people ("an Irish national",
        "Kelsan civilians") and that take no part in an event or a claim: a nationality, not a
        state acting in the story (ONTOLOGY.md: a State is a country as a political actor)."""
        acting = {k for ev in events for keys in ev.roles.values() for k in keys}
        acting |= {c.holder for c in claims if c.holder}
        acting |= {e.state_of for e in idx.entities.values() if e.state_of}
        acting |= {e.located_in for e in idx.entities.values() if e.located_in}
        acting |= {e.affiliation for e in idx.entities.values() if e.affiliation}
        # people who act or speak for a state ("Kelsan troops attacked", "the Kelsan envoy said")
        # make it a party
        doers = {k for ev in events for k in ev.roles.get("agent", [])} | {c.holder for c in claims if c.holder}
        people = self.private_people
        out = []
        for key, ent in idx.entities.items():
            ref = self.entities.refs.get(key)
            if ent.kind != "State" or ref is None or key in acting or not ent.mentions:
                continue
            if all(self._names_people(doc, m, ref.demonyms, idx, people, doers) for m in ent.mentions):
                out.append(key)
        return out

    @staticmethod
    def _names_people(doc, mention, demonyms, idx, people, doers) -> bool:
        """Whether the mention is a people's word that describes a person or people who neither act
        nor speak in the article."""
        span = doc.char_span(mention.begin, mention.end, alignment_mode="expand")
        if span is None or mention.anchor not in demonyms:
            return False
        tok = span.root
        while tok.dep_ in ("amod", "compound", "conj") and tok.head.i != tok.i:
            tok = tok.head
            if tok.pos_ in ("NOUN", "PROPN"):
                break
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i == span.root.i:
            return False
        key = idx.token_key.get(tok.i)
        if key in doers:
            return False
        if tok.lemma_.lower() not in people and tok.lower_ not in people:
            return False  # "Kelsan officials": people who act for the state
        kind = idx.entities[key].kind if key in idx.entities else None
        return kind in ("Person", "Group", None)

    def extract_doc(self, article: Article, doc) -> Extraction:
        text = article.text
        parsed = doc_text(doc)
        sentences = _sentences(doc, parsed)
        if len(parsed) != len(text):
            raise InputError(
                f"{article.path or article.source_id}: parsed text differs from the input", hint="report this as a bug"
            )
        if not any(any(ch.isalpha() for ch in s.anchor) for s in sentences):
            raise InputError(f"{article.path or article.source_id}: the text has no sentences", hint="give prose text")
        _prefer_known_lemmas(doc, self.known_verbs)
        _verbs_read_as_modifiers(doc)
        _common_nouns_at_sentence_start(doc, self.known_nouns)
        layout = Layout.of(text)
        body = layout.headline[1]
        times = find_times(text, article.published, body_start=body)
        # the date of a statement ("officials said on Monday") is not the narrative's time: "at
        # 6 a.m." or "later that day" after it count from the events told before
        said = frozenset(t.mention.begin for t in times if is_statement_time(doc, t, self.events.speech))
        idx = self.entities.extract(doc, layout, times)
        tz = _article_zone(idx, self.ontology) if any(is_clock_time(t) for t in times) else None
        # a time of day is a stamp in the zone of the state the article is about; without one it
        # keeps its day (a stamp needs a zone, and the day is what is known)
        if said or tz is not None:
            times = find_times(text, article.published, tz=tz, body_start=body, not_reference=said)
        lead = _lead_time(times, article, layout, doc, self.events.speech)
        events = self.events.extract(doc, layout, idx, times, sentences, lead, article.published)
        claims = self.claims.extract(doc, layout, idx, sentences)
        self._link_speech_events(claims, events)
        if parsed != text:
            sentences, events, claims = _reanchor(text, idx, sentences, events, claims)
        used = {k for ev in events for keys in ev.roles.values() for k in keys}
        used |= {c.holder for c in claims if c.holder}  # a described speaker ("the spokesman") is an actor
        used |= {e.nationality for e in idx.entities.values() if e.nationality}
        used |= {e.state_of for e in idx.entities.values() if e.state_of}
        used |= {e.located_in for e in idx.entities.values() if e.located_in}
        used |= {e.affiliation for e in idx.entities.values() if e.affiliation}
        entities = {k: e for k, e in idx.entities.items() if k not in idx.descriptive or k in used}
        for key in self._nationalities_only(doc, idx, events, claims):
            del entities[key]  # the people keep their nationality (the reference graph's state)
        for e in entities.values():
            if e.nationality and e.nationality not in entities and e.nationality not in self.entities.refs:
                e.nationality = None
            if e.state_of and e.state_of not in entities:
                e.state_of = None
            if e.located_in and e.located_in not in entities:
                e.located_in = None
            if e.affiliation and e.affiliation not in entities:
                e.affiliation = None
        used_times = [t for t in times if t in {ev.time for ev in events}]
        return Extraction(
            article=article,
            extractor=EXTRACTOR,
            sentences=sentences,
            entities=entities,
            events=events,
            claims=claims,
            times=times if times else used_times,
        )

    def _link_speech_events(self, claims, events) -> None:
        """An attributed statement whose saying is itself the news (a Statement event, or a narrower
        type, in the same sentence with the speaker as agent) points to that event, and back."""
        for c in claims:
            if c.holder is None or c.verb is None:
                continue
            for ev in events:
                et = self.ontology.event_types.get(ev.type)
                if (
                    et is not None
                    and ev.sentence.begin == c.sentence.begin
                    and c.holder in ev.roles.get("agent", ())
                    and self.events.is_statement(et)
                ):
                    c.event = ev
                    break


def _prefer_known_lemmas(doc, known: frozenset[str]) -> None:
    """Where the lemmatizer read an inflected verb as another verb ("staged" as "stag"), take the
    reading the lexicon knows: an "-ed" or "-ing" form whose "-e" verb is in the lexicon and whose
    given lemma is not ("staged", "staging" -> "stage")."""
    for tok in doc:
        if tok.pos_ != "VERB" or tok.tag_ not in ("VBD", "VBN", "VBG") or tok.lemma_.lower() in known:
            continue
        low = tok.lower_
        stem = low[:-1] if low.endswith("ed") else low[:-3] + "e" if low.endswith("ing") else None
        if stem is not None and stem in known:
            tok.lemma_ = stem


def _verbs_read_as_modifiers(doc) -> None:
    """Where the parser made a sentence's verb a modifier of its object and the object the root
    ("A bomb targeted | soldiers on patrol": "targeted" an adjective of "soldiers", yet with "bomb"
    as its subject), the verb is the root and the noun its object: a verb with a subject of its
    own is a clause's predicate (in the past tense: the tagger's reading of an "-ed" form)."""
    for tok in doc:
        head = tok.head
        if (
            tok.dep_ != "amod"
            or tok.pos_ != "VERB"
            or tok.tag_ not in ("VBD", "VBN")
            or head.dep_ != "ROOT"
            or head.pos_ not in ("NOUN", "PROPN")
            or not any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)
        ):
            continue
        tok.head, tok.dep_, tok.tag_ = tok, "ROOT", "VBD"
        head.head, head.dep_ = tok, "dobj"


def _common_nouns_at_sentence_start(doc, known: frozenset[str]) -> None:
    """A capitalized event noun opening a sentence that the tagger took for a name ("Protests
    erupted", "Clashes broke out") is the common noun when it stands alone (a one-word name, if
    any) and its lower-case form (or its singular) is an event noun of the lexicon."""
    single: set[int] | None = None  # where one-token names start (spaCy makes the spans again on each doc.ents)
    for tok in doc:
        if not tok.is_sent_start or tok.pos_ != "PROPN" or tok.i + 1 >= len(doc):
            continue
        if tok.ent_type_:
            if single is None:
                single = {e.start for e in doc.ents if e.end == e.start + 1}
            if tok.i not in single:
                continue
        if doc[tok.i + 1].pos_ == "PROPN":
            continue  # part of a longer name ("Strike Force Alpha")
        low = tok.lower_
        forms = [
            (low, "NN"),
            (low[:-1], "NNS") if low.endswith("s") else None,
            (low[:-2], "NNS") if low.endswith("es") else None,
        ]
        for form in forms:
            if form is not None and form[0] in known:
                tok.pos_, tok.tag_, tok.lemma_ = "NOUN", form[1], form[0]
                doc.ents = [e for e in doc.ents if not (e.start == tok.i and e.end == tok.i + 1)]
                break


def get_extractor(ontology: Ontology) -> Extractor:
    ex = _EXTRACTORS.get(ontology.digest)
    if ex is None:
        _EXTRACTORS.clear()
        ex = _EXTRACTORS[ontology.digest] = Extractor(ontology)
        # the model, the ontology and the trigger tables live as long as the process: the cyclic
        # garbage collector need not walk them again on every collection of a long ingest
        gc.freeze()
    return ex


def extract_article(article: Article, ontology: Ontology) -> Extraction:
    """Extract one article (convenience for notebooks and tests)."""
    ex = get_extractor(ontology)
    return ex.extract_doc(article, ex.nlp(parse_form(article.text)))


def iter_extractions(
    articles: list[Article], ontology: Ontology, *, jobs: int = 1
) -> Iterator[tuple[Article, Extraction | KGError]]:
    """Extract many articles, batching spaCy (``jobs`` > 1 uses several processes)."""
    ex = get_extractor(ontology)
    docs = ex.nlp.pipe((parse_form(a.text) for a in articles), batch_size=16, n_process=max(1, jobs))
    threshold = gc.get_threshold()
    # parsing and extraction make many short-lived objects and few cycles: collect the young
    # generation less often while a batch runs (restored after)
    gc.set_threshold(max(threshold[0], 20_000), *threshold[1:])
    try:
        yield from _extract_each(ex, articles, docs)
    finally:
        gc.set_threshold(*threshold)


def _extract_each(ex: Extractor, articles: list[Article], docs) -> Iterator[tuple[Article, Extraction | KGError]]:
    for art, doc in zip(articles, docs):
        try:
            yield art, ex.extract_doc(art, doc)
        except KGError as e:
            yield art, e
        except (ArithmeticError, ValueError, LookupError, RecursionError, TypeError) as e:
            # one article that trips the extractor (a date out of range, ...) is that article's
            # failure, not the batch's
            yield (
                art,
                InputError(
                    f"{art.path or art.source_id}: extraction failed ({type(e).__name__}: {str(e)[:160]})",
                    hint="this is a bug in kg's extraction; report it with the article",
                ),
            )


def _sentences(doc, text: str) -> list[Mention]:
    out = []
    for s in doc.sents:
        b, e = s.start_char, s.end_char
        while b < e and text[b].isspace():
            b += 1
        while e > b and text[e - 1].isspace():
            e -= 1
        if e > b:
            out.append(Mention(b, e, text[b:e]))
    return out


def _lead_time(
    times: list[TimeValue], article: Article, layout: Layout, doc, speech: frozenset[str] | set[str]
) -> TimeValue | None:
    """The time of the news itself: the first day-precise time within two weeks before publication
    that the body gives to a happening -- not a headline's, a dateline's or a statement's ("officials
    said on Monday"), unless nothing else qualifies."""
    if article.published is None:
        return None
    first = [
        t
        for t in times
        if not layout.is_title_line(t.mention.begin) and not is_span(t) and not is_dateline(article.text, t)
    ]
    return _first_recent([t for t in first if not is_statement_time(doc, t, speech)], article) or _first_recent(
        first, article
    )


def _first_recent(times: list[TimeValue], article: Article) -> TimeValue | None:
    if article.published is None:
        return None
    for t in times:
        if t.precision in (Precision.DAY, Precision.TIME):
            d = t.earliest.date()
            if article.published - timedelta(days=14) <= d <= article.published:
                return t
    return None


def _reanchor(text: str, idx, sentences, events, claims):
    """Take every mention's anchor from the original text (the parse saw ASCII quotes)."""

    def fix(m: Mention | None) -> Mention | None:
        return None if m is None else Mention(m.begin, m.end, text[m.begin : m.end])

    for e in idx.entities.values():
        e.mentions = [fix(m) for m in e.mentions]
    for ev in events:
        ev.trigger, ev.sentence = fix(ev.trigger), fix(ev.sentence)
    for c in claims:
        c.sentence, c.quantity_mention, c.content = fix(c.sentence), fix(c.quantity_mention), fix(c.content)
    return [fix(s) for s in sentences], events, claims


def _article_zone(idx, ontology: Ontology):
    """The time zone of the state the article mentions most (its capital's zone), if known."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    counts = []
    for key, ent in idx.entities.items():
        ref = ontology.entities.get(key)
        if ref is not None and ref.kind == "State" and ref.time_zone:
            counts.append((len(ent.mentions), key, ref.time_zone))
    if not counts:
        # no state named: the zone of the places named ("in Narathiwat province"), their own or
        # their state's
        for key, ent in idx.entities.items():
            ref = ontology.entities.get(key)
            if ref is None:
                continue
            zones = sorted(
                z.time_zone
                for w in {ref.state_of, *ref.located_in}
                if w and (z := ontology.entities.get(w)) is not None and z.kind == "State" and z.time_zone
            )
            zone = ref.time_zone or (zones[0] if zones else None)
            if zone:
                counts.append((len(ent.mentions), key, zone))
    if not counts:
        return None
    _, _, zone = max(counts)
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None

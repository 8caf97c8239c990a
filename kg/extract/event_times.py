"""When an event happened: the time attached to its clause, else the narrative's reference time,
else the article's lead time (never a headline's, a dateline's or a statement's date when the body
dates the event itself). A mixin of :class:`kg.extract.events.EventExtractor`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime

from kg.extract.text import Layout, doc_text
from kg.extract.timex import NUMBER_WORDS, is_dateline, is_span
from kg.model import Mention, Precision, TimeValue


class EventTimes:
    """Time rules of the event extractor (a mixin: the word lists are set by its ``__init__``)."""

    speech: frozenset[str]
    _published: date | None = None  # the article's publication date, set per article
    sequence_marks: frozenset[str]
    time_units: frozenset[str]
    period_preps: frozenset[str]
    witness_nouns: frozenset[str]

    def _time(self, tok, sent, times: list[TimeValue], lead: TimeValue | None, layout: Layout) -> TimeValue | None:
        """The event's time: the expression attached to its clause, else the narrative's reference
        time (the latest time the preceding sentences of the paragraph assert), else the lead time as
        "today" -- the last two only for an act the text reports as past. A time attached to
        another clause (a statement "X said on Monday" over the event, a relative clause) is not the
        event's; the statement's date is used only when nothing else dates the event and the news
        has no earlier date. A span ("since 2017") dates only the state its own verb names."""
        doc = tok.doc
        text = doc_text(doc)
        in_sent = [
            t
            for t in times
            if sent.start_char <= t.mention.begin < sent.end_char
            and not is_dateline(text, t)
            and (not is_span(t) or _starts_state(tok, doc, t))
        ]
        if self._published is not None and any(t.earliest.date() > self._published for t in in_sent):
            if self._reported_as_past(tok, layout):
                # a past act is not dated after the news: "announced a strike for Monday" was not
                # announced on that Monday
                in_sent = [t for t in in_sent if t.earliest.date() <= self._published]
        own = _clause_of(tok)
        best: tuple[int, int, TimeValue] | None = None
        for t in in_sent:
            rank = self._attachment(tok, own, doc, t)
            if rank is not None:
                key = (rank, abs(t.mention.begin - tok.idx))
                if best is None or key < best[:2]:
                    best = (*key, t)
        if best is None or not (own.left_edge.idx <= best[2].mention.begin <= own.right_edge.idx):
            # no time of the clause's own: "a day after ..." counts from the main clause's day
            offset = self._offset_from_main(tok, sent, times, lead, layout)
            if offset is not None:
                return offset
        if best is not None and best[0] < 2:
            return best[2]
        if (
            best is not None
            and lead is not None
            and lead.earliest <= best[2].latest
            and self._reported_as_past(tok, layout)
        ):
            # only the date of the statement that reports it: the news's own date, when not later
            return lead
        if not self._reported_as_past(tok, layout):
            return best[2] if best is not None else None
        if best is None and _dated_in_words(own, self.period_preps, self.time_units):
            return None  # "in the first weeks of the war": dated, though not to a calendar value we know
        if any(t.lower_ == "since" and t.dep_ in ("prep", "mark") for t in sent):
            return best[2] if best is not None else None  # a sentence over a span ("since the war") is not a dated act
        if not layout.is_headline(tok.idx):
            para = text.rfind("\n", 0, sent.start_char) + 1
            before = [
                t
                for t in times
                if para <= t.mention.begin < sent.start_char
                and not is_span(t)
                and not is_dateline(text, t)
                and not layout.is_title_line(t.mention.begin)
                and not self._said_at(doc, t)
                and not _in_perfect(doc, t)
            ]
            if before:
                return before[-1]
        return best[2] if best is not None else lead

    def _offset_from_main(self, tok, sent, times, lead, layout: Layout) -> TimeValue | None:
        """ "rallied on Saturday, a day after a court sentenced him", "two weeks before the vote":
        a clause of "after" or "before" measured in days or weeks happened that long before or
        after the main clause's own day."""
        own = _clause_of(tok)
        if own.dep_ != "advcl" or own.head.i == own.i:
            return None
        mark = next((c for c in own.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
        if mark is None:
            return None
        measure = next(
            (
                c
                for c in (*own.children, *mark.children)
                if c.dep_ == "npadvmod" and c.lemma_.lower() in ("day", "week")
            ),
            None,
        )
        if measure is None:
            return None
        count = next((c for c in measure.children if c.dep_ in ("nummod", "det")), None)
        n = 1 if count is None or count.lower_ in ("a", "an", "one") else NUMBER_WORDS.get(count.lower_)
        if n is None and count is not None and count.text.isdigit():
            n = int(count.text)
        if n is None:
            return None
        main = self._time(own.head, sent, times, lead, layout)
        if main is None or main.precision not in (Precision.DAY, Precision.TIME):
            return None
        days = n * (7 if measure.lemma_.lower() == "week" else 1)
        d = main.earliest.date() + timedelta(days=-days if mark.lower_ == "after" else days)
        start = datetime.combine(d, dtime(0, 0), tzinfo=UTC)
        first = measure.left_edge
        mention = Mention(
            first.idx, mark.idx + len(mark.text), doc_text(tok.doc)[first.idx : mark.idx + len(mark.text)]
        )
        return TimeValue(
            mention, d.isoformat(), Precision.DAY, main.earliest.date(), start, start + timedelta(days=1, seconds=-1)
        )

    def _attachment(self, tok, own, doc, t: TimeValue) -> int | None:
        """How a time expression of the sentence is tied to the trigger: 0 inside the trigger's own
        phrase or clause, 1 in a clause joined to it (coordination, infinitive or adverbial clause,
        none of them a speech verb), None otherwise."""
        span = doc.char_span(t.mention.begin, t.mention.end, alignment_mode="expand")
        if span is None:
            return None
        if span.start <= tok.i < span.end:
            return 0
        if own.dep_ == "relcl" and span.start <= own.head.i < span.end:
            return 0  # "in December, when agents arrested 40 migrants": a clause about the time itself
        where = span.root.head
        while where.pos_ not in ("VERB", "AUX") and where.head.i != where.i:
            if where.i == tok.i:
                return 0  # "the attack on Sunday"
            where = where.head
        if where.i == own.i or where.i == tok.i:
            return 0  # "crossed on Sunday"
        if where.lemma_.lower() not in self.speech:
            # a clause of "after", "before", "since" tells another act, at another time ("the attack
            # came a day after rebels shelled the town on Sunday"): its time is not this act's
            marks = self.sequence_marks
            linked = [
                c
                for c in _linked_clauses(own)
                if not _sequenced(c, marks)
                and not (_sequenced(own, marks) and own.head.i != own.i and c.i == _clause_of(own.head).i)
            ]
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
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in self.witness_nouns:
            return True  # "there are reports of gunfire": an account is of what happened
        verb = _clause_of(tok)
        for _ in range(4):
            if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children):
                # a present perfect: the news itself in the lead paragraph ("Mali has expelled the
                # ambassador"), a state up to now further on ("has pursued reconciliation")
                return _in_lead_paragraph(tok, layout)
            if verb.tag_ in ("VBD", "VBN"):
                return True
            if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children):
                return True  # "they are receiving medical care": under way as the news is told
            if verb.tag_ in ("VB", "VBG") and verb.dep_ in (*_CLAUSE_LINKS, "ccomp") and verb.head.i != verb.i:
                verb = _clause_of(verb.head)
                continue
            return False
        return False


_CLAUSE_LINKS = ("conj", "xcomp", "advcl", "pcomp")


def _in_lead_paragraph(tok, layout: Layout) -> bool:
    """The token is in the body's first paragraph (the news's lead)."""
    text = doc_text(tok.doc)
    start = layout.headline[1]
    while start < len(text) and text[start].isspace():
        start += 1
    if layout.is_title_line(start):  # a dateline or subtitle line of its own
        start = text.find("\n", start)
        while 0 <= start < len(text) and text[start].isspace():
            start += 1
    end = text.find("\n", start)
    end = end if end >= 0 else len(text)
    if start <= tok.idx < end:
        return True
    if not text[start:end].rstrip().endswith((".", "!", "?", "”", '"', "'")) and tok.idx >= end:
        # a standfirst (a line with no closing stop) over the lead: the lead is the next paragraph
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        return start <= tok.idx < (end if end >= 0 else len(text))
    return False


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


def is_statement_time(doc, t: TimeValue, speech: frozenset[str] | set[str]) -> bool:
    """The time of a statement ("officials said on Monday"), not of what it reports."""
    span = doc.char_span(t.mention.begin, t.mention.end, alignment_mode="expand")
    return span is not None and _clause_of(span.root.head).lemma_.lower() in speech


def _dated_in_words(clause, preps: frozenset[str], units: frozenset[str]) -> bool:
    """The clause has its own phrase of time that names no date ("in the first weeks of the war",
    "during the past year"): a time unit (kg:timeUnitNouns) after kg:periodPrepositions."""
    for c in clause.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            if any(p.dep_ == "pobj" and p.lemma_.lower() in units for p in c.children):
                return True
    return False


def _clause_of(tok):
    """The predicate heading the clause a token belongs to (itself for a verb)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _sequenced(clause, marks: frozenset[str]) -> bool:
    """An adverbial clause of sequence ("after they left", "before the vote")."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)


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

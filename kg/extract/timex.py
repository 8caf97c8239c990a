"""Find time expressions and normalize them against the publication date.

Precision is kept: "On Sunday" -> a day, "last August" -> a month, "in 2017" -> a year,
"2 p.m. Wednesday" -> a time (with a zone; without one, its day). Relative expressions need an
anchor: without a publication date they are left out rather than guessed. Past tense news
convention: a bare weekday is the most recent such day on or before the anchor; "last <month>" is
the most recent such month strictly before it, "in <month>" the most recent not after it.
Anaphoric expressions ("the next day", "two days later", "a year earlier", a clock time) count from
the narrative's reference time: the latest time the body asserted before them.

>>> from datetime import date
>>> [(t.mention.anchor, t.value, t.precision.value) for t in find_times("On Sunday, it rained.", date(2025, 10, 20))]
[('On Sunday', '2025-10-19', 'day')]
>>> [(t.value, t.precision.value) for t in find_times("It happened last August.", date(2025, 10, 20))]
[('2025-08', 'month')]
>>> [(t.value, t.precision.value) for t in find_times("as in 2017 when", None)]
[('2017', 'year')]
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, UTC

from kg.model import Mention, Precision, TimeValue

NORMALIZER = "kg.timex.v1"

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
PART = r"(?:morning|afternoon|evening|night)"
YEAR = r"(?:1[89]\d\d|20\d\d)"
NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
CLOCK = r"(?:\d{1,2})(?::(?:\d\d))?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?:local\s+time|GMT|UTC)\b)?"
COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# (pattern, handler name); flags: case-insensitive except month/weekday capitalisation is checked.
_PATTERNS: list[tuple[str, str]] = [
    (
        rf"(?:(?:early|late)\s+)?(?:on\s+)?(?:the\s+)?{PART}\s+of\s+{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR})?",
        "month_day",
    ),
    (rf"(?:(?:in|during)\s+)?the\s+early\s+hours\s+of\s+(?:last\s+)?{WEEKDAY}", "weekday"),
    (
        rf"(?:(?:from|at|until|by|around|about|after|before|shortly|just)\s+)*{CLOCK}(?:\s+(?:on\s+)?(?:(?:last|this)\s+)?{WEEKDAY})?",
        "clock",
    ),
    (
        r"(?:(?:on|by)\s+)?the\s+(?:previous|following|next)\s+day|the\s+day\s+(?:before|after)(?=\s*[,.;:)]|\s*$)|(?:on\s+|later\s+)?that\s+day",
        "rel_day",
    ),
    (
        rf"\b{COUNT}\s+(?:days?|weeks?|months?|years?)\s+(?:earlier|later|ago\b|(?:before|after)(?=\s*[,.;:)]|\s*$))",
        "rel_n",
    ),
    (
        rf"(?:(?:earlier|later)\s+this\s+month,\s+)?(?:on\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR})?",
        "month_day",
    ),
    (rf"(?:on\s+)?\d{{1,2}}\s+{MONTH}(?:\s+{YEAR})?", "day_month"),
    (
        rf"(?:(?:early|late)\s+(?:on\s+)?)?(?:(?:on|for|by)\s+)?(?:(?:last|this|next|coming|this\s+coming)\s+)?"
        rf"{WEEKDAY}(?:\s+{PART})?",
        "weekday",
    ),
    (rf"(?:(?:in|since|by|until|during)\s+)?(?:(?:early|late|mid-?)\s*)?{MONTH}(?:\s+of)?\s+{YEAR}", "month_year"),
    (
        rf"(?:(?:in|since|by|until|during)\s+)?(?:(?:early|late|mid-?)\s*)?{MONTH}(?:\s+of)?\s+(?:last|this|next)\s+year\b",
        "month_rel_year",
    ),
    (rf"(?:(?:in|since)\s+)?(?:last|this)\s+{MONTH}", "rel_month_name"),
    (rf"(?:in|since|during|by|until|(?:in\s+)?(?:early|late|mid-?))\s*{MONTH}(?!\s*\d|\s+of\b)", "month_name"),
    (r"(?:(?:at|over|during|on)\s+)?(?:the|this|last|past)\s+weekend\b", "weekend"),
    (r"(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:month|year|week)\b", "rel_period"),
    (r"(?:since\s+)?the\s+(?:beginning|start|end)\s+of\s+(?:this|last)\s+(?:year|month)", "rel_period"),
    (r"\b(?:yesterday|today|tonight|this\s+morning|this\s+afternoon|this\s+evening|last\s+night)\b", "deictic"),
    (rf"(?:over\s+)?the\s+(?:past|last)\s+{NUM}\s+(?:days|weeks|months)", "past_n"),
    (rf"(?:for\s+the\s+first\s+time\s+)?in\s+{NUM}\s+years", "in_n_years"),
    (rf"(?:(?:in|since|during|by|of|until|from)\s+)?(?:(?:early|late|mid-?)\s*)?{YEAR}(?!\s*(?:-|–)?\s*\d)", "year"),
]
# (a match starts at a word's start: "at 5 pm" is not the end of "Narathiwat")
_COMPILED = [(re.compile(r"(?<![a-z])(?:" + p + ")", re.IGNORECASE), h) for p, h in _PATTERNS]
# The same patterns in lower case, without IGNORECASE, run over the lower-cased text: half the
# time of a case-insensitive scan, and the same matches wherever lower-casing changes only ASCII
# letters (every other character of the text is caseless: quotes, dashes, Hangul, ...); the
# patterns have no upper-case escape (\D, \S, \W, \B) that lower-casing would turn into another
_LOWER = [(re.compile(r"(?<![a-z])(?:" + p.lower() + ")"), h) for p, h in _PATTERNS]


# What every match of some patterns holds, in the lower-cased text (by the pattern's index): words one
# of which each group needs, or a regex. A text without them has no match of the pattern, and the
# (slower) pattern is not run over it; clock times and spans of days are rare in news
def _pattern_index(handler: str, fragment: str) -> int:
    """The index of the one pattern of ``handler`` whose text holds ``fragment`` (so that the table
    below follows the patterns when one is added or moved)."""
    found = [i for i, (p, h) in enumerate(_PATTERNS) if h == handler and fragment in p]
    if len(found) != 1:
        raise ValueError(f"{len(found)} {handler} patterns hold {fragment!r}")
    return found[0]


_NEEDED: dict[int, tuple[tuple[str, ...], ...] | re.Pattern[str]] = {
    _pattern_index("month_day", "night)\\s+of"): (
        ("morning", "afternoon", "evening", "night"),
    ),  # "the night of May 4"
    _pattern_index("weekday", "early\\s+hours"): (("hours",),),  # "the early hours of Monday"
    _pattern_index("clock", "a\\.m\\."): re.compile(r"\d\s*[ap]\.?m"),  # a clock time: a digit, then a.m./p.m./am/pm
    _pattern_index("rel_day", "following"): (("day",),),  # "the next day", "that day"
    _pattern_index("rel_n", "earlier|later|ago"): (
        ("day", "week", "month", "year"),
        ("earlier", "later", "ago", "before", "after"),
    ),
    _pattern_index("past_n", "past|last"): (("days", "weeks", "months"),),  # "the past three days"
    _pattern_index("rel_period", "beginning"): (("beginning", "start", "end"),),  # "the start of this year"
    _pattern_index("in_n_years", "years"): (("years",),),  # "in six years"
}


def _has_needed(low: str, i: int) -> bool:
    need = _NEEDED.get(i)
    if need is None:
        return True
    if isinstance(need, re.Pattern):
        return need.search(low) is not None
    return all(any(w in low for w in group) for group in need)


def _is_caseless_beyond_ascii(text: str) -> bool:
    """Whether every non-ASCII character of ``text`` has no case (so that under IGNORECASE it
    matches no ASCII letter, and lower-casing leaves it as it is)."""
    return text.isascii() or all(c.isascii() or c.lower() == c == c.upper() for c in set(text))


def _scan(text: str) -> list[tuple[re.Match[str], str]]:
    """Every match of every pattern in ``text``, pattern by pattern (a match's span is its span in
    ``text``; its group is the lower-cased surface when the fast scan was taken)."""
    if _is_caseless_beyond_ascii(text):
        low = text.lower()
        return [(m, kind) for i, (rx, kind) in enumerate(_LOWER) if _has_needed(low, i) for m in rx.finditer(low)]
    return [(m, kind) for rx, kind in _COMPILED for m in rx.finditer(text)]


def _day_bounds(d: date) -> tuple[datetime, datetime]:
    start = datetime.combine(d, time(0, 0), tzinfo=UTC)
    return start, start + timedelta(days=1) - timedelta(seconds=1)


def _month_bounds(y: int, m: int) -> tuple[datetime, datetime]:
    last = calendar.monthrange(y, m)[1]
    return datetime(y, m, 1, tzinfo=UTC), datetime(y, m, last, 23, 59, 59, tzinfo=UTC)


def _year_bounds(y: int) -> tuple[datetime, datetime]:
    return datetime(y, 1, 1, tzinfo=UTC), datetime(y, 12, 31, 23, 59, 59, tzinfo=UTC)


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else NUMBER_WORDS[s]


def _first(regex: str, s: str) -> str | None:
    m = re.search(regex, s, re.IGNORECASE)
    return m.group(0) if m else None


def _month_of(s: str) -> int | None:
    m = _first(MONTH, s)
    return _MONTHS[m.lower().rstrip(".")] if m else None


def _found(regex: str, s: str, *, flags: int = re.IGNORECASE) -> re.Match[str]:
    """The match of ``regex`` in text the caller's pattern already matched (so it is there)."""
    m = re.search(regex, s, flags)
    if m is None:
        raise ValueError(f"no {regex!r} in {s!r}")
    return m


def _weekday_before(anchor: date, wd: int, *, strictly: bool = False) -> date:
    delta = (anchor.weekday() - wd) % 7
    if strictly and delta == 0:
        delta = 7
    return anchor - timedelta(days=delta)


def _resolve(kind: str, s: str, anchor: date | None, tz=None) -> tuple[str, Precision, datetime, datetime] | None:
    low = s.lower()
    if kind in ("month_day", "day_month"):
        month = _month_of(s)
        if month is None:
            return None
        day = int(_found(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", re.sub(YEAR, "", s)).group(1))
        written = _first(YEAR, s)
        if written:
            year = int(written)
        elif anchor:
            year = anchor.year
            if (month - anchor.month) > 6:  # a date far ahead of the anchor is last year's
                year -= 1
        else:
            return None
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        return (d.isoformat(), Precision.DAY, *_day_bounds(d))
    if kind == "weekday":
        if anchor is None:
            return None
        wd = _WEEKDAYS[_found(WEEKDAY, s).group(0).lower()]
        if re.match(r"(?:next|coming|this\s+coming|for|by)\b", low):
            # "next Tuesday", "a strike for Monday", "by Friday": the first such day after the anchor
            d = anchor + timedelta(days=(wd - anchor.weekday() - 1) % 7 + 1)
        else:
            d = _weekday_before(anchor, wd, strictly="last " in low)
        return (d.isoformat(), Precision.DAY, *_day_bounds(d))
    if kind == "clock":
        if anchor is None:
            return None
        clock = _found(r"(\d{1,2})(?::(\d\d))?\s*(a\.m\.|p\.m\.|am|pm)", low)
        hour, minute = int(clock.group(1)) % 12, int(clock.group(2) or 0)
        if clock.group(3).startswith("p"):
            hour += 12
        if hour > 23 or minute > 59:
            return None
        day_name = _first(WEEKDAY, s)
        d = anchor if day_name is None else _weekday_before(anchor, _WEEKDAYS[day_name.lower()])
        if re.search(r"\b(?:gmt|utc)\b", low):
            tz = UTC
        if tz is None:
            # A clock time without a known zone is not a time stamp: keep the day it falls on.
            return (d.isoformat(), Precision.DAY, *_day_bounds(d))
        start = datetime.combine(d, time(hour, minute), tzinfo=tz)
        return (
            start.isoformat(),
            Precision.TIME,
            start.astimezone(UTC),
            (start + timedelta(seconds=59)).astimezone(UTC),
        )
    if kind == "month_name":  # "in March": the most recent March not after the anchor
        if anchor is None:
            return None
        month = _month_of(s)
        if month is None:
            return None
        year = anchor.year - (1 if month > anchor.month else 0)
        return (f"{year:04d}-{month:02d}", Precision.MONTH, *_month_bounds(year, month))
    if kind == "rel_day":  # "the previous day", "the next day", "that day"
        if anchor is None:
            return None
        shift = (
            -1
            if ("previous" in low or "before" in low)
            else (1 if ("next" in low or "following" in low or "after" in low) else 0)
        )
        d = anchor + timedelta(days=shift)
        return (d.isoformat(), Precision.DAY, *_day_bounds(d))
    if kind == "rel_n":  # "two days later", "a year earlier", "three weeks ago"
        if anchor is None:
            return None
        amount = _found(rf"^({COUNT})\s+(day|week|month|year)", low)
        n = 1 if amount.group(1) in ("a", "an") else _num(amount.group(1))
        sign = -1 if re.search(r"\b(?:earlier|before|ago)\b", low) else 1
        unit = amount.group(2)
        if unit in ("day", "week"):
            d = anchor + timedelta(days=sign * n * (7 if unit == "week" else 1))
            return (d.isoformat(), Precision.DAY, *_day_bounds(d))
        if unit == "month":
            yy, mo = divmod(anchor.year * 12 + anchor.month - 1 + sign * n, 12)
            return (f"{yy:04d}-{mo + 1:02d}", Precision.MONTH, *_month_bounds(yy, mo + 1))
        yy = anchor.year + sign * n
        return (f"{yy:04d}", Precision.YEAR, *_year_bounds(yy))
    if kind == "month_year":
        named, year = _month_of(s), int(_found(YEAR, s).group(0))
        if named is None:
            return None
        month = named
        return (f"{year:04d}-{month:02d}", Precision.MONTH, *_month_bounds(year, month))
    if kind == "month_rel_year":  # "in January last year": that month of the year before the anchor's
        if anchor is None:
            return None
        named = _month_of(s)
        if named is None:
            return None
        year = anchor.year + (-1 if "last" in low else (1 if "next" in low else 0))
        return (f"{year:04d}-{named:02d}", Precision.MONTH, *_month_bounds(year, named))
    if kind == "rel_month_name":
        if anchor is None:
            return None
        named = _month_of(s)
        if named is None:
            return None
        month, year = named, anchor.year
        if "last" in low:
            if month >= anchor.month:
                year -= 1
        return (f"{year:04d}-{month:02d}", Precision.MONTH, *_month_bounds(year, month))
    if kind == "rel_period":
        if anchor is None:
            return None
        shift = -1 if "last" in low else (1 if "next" in low else 0)
        if "month" in low:
            py, pm = anchor.year, anchor.month + shift
            if pm == 0:
                py, pm = py - 1, 12
            elif pm == 13:
                py, pm = py + 1, 1
            return (f"{py:04d}-{pm:02d}", Precision.MONTH, *_month_bounds(py, pm))
        if "year" in low:
            py = anchor.year + shift
            return (f"{py:04d}", Precision.YEAR, *_year_bounds(py))
        # a week: the value is the month the week falls in (the bounds say which days)
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=shift)
        sunday = anchor if shift == 0 else monday + timedelta(days=6)
        return (
            f"{monday.year:04d}-{monday.month:02d}",
            Precision.MONTH,
            _day_bounds(monday)[0],
            _day_bounds(sunday)[1],
        )
    if kind == "weekend":
        if anchor is None:
            return None
        # the weekend told in the past tense of the news: the last Saturday and Sunday up to the
        # anchor (the value is their month; the bounds say which days)
        saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
        if "last" in low and anchor.weekday() >= 5:
            saturday -= timedelta(days=7)  # "last weekend", said on a Sunday: the one before
        sunday = saturday + timedelta(days=1)
        return (
            f"{saturday.year:04d}-{saturday.month:02d}",
            Precision.MONTH,
            _day_bounds(saturday)[0],
            _day_bounds(sunday)[1],
        )
    if kind == "deictic":
        if anchor is None:
            return None
        d = anchor - timedelta(days=1) if ("yesterday" in low or "last night" in low) else anchor
        return (d.isoformat(), Precision.DAY, *_day_bounds(d))
    if kind == "past_n":
        if anchor is None:
            return None
        n = _num(_found(NUM, low.split("past" if "past" in low else "last", 1)[1]).group(0))
        unit = 1 if "day" in low else (7 if "week" in low else 30)
        first = anchor - timedelta(days=n * unit)
        if (first.year, first.month) == (anchor.year, anchor.month):
            return (
                f"{anchor.year:04d}-{anchor.month:02d}",
                Precision.MONTH,
                _day_bounds(first)[0],
                _day_bounds(anchor)[1],
            )
        return (f"{anchor.year:04d}", Precision.YEAR, _day_bounds(first)[0], _day_bounds(anchor)[1])
    if kind == "in_n_years":
        if anchor is None or ("first time" not in low and "first" not in low):
            return None
        yy = anchor.year - _num(_found(NUM, low.split(" in ", 1)[-1] if " in " in low else low).group(0))
        return (f"{yy:04d}", Precision.YEAR, *_year_bounds(yy))
    if kind == "year":
        yy = int(_found(YEAR, s).group(0))
        return (f"{yy:04d}", Precision.YEAR, *_year_bounds(yy))
    return None


_NAME_WORD = re.compile(r"([A-Z][A-Za-z'’-]*) $")


def _in_name(text: str, start: int) -> bool:
    """A month written right after a capitalised word that is no weekday, month or sentence start
    is part of a name ("the supply boat Sea Star May 4", "Operation Iron June"), not a date."""
    if not text[start : start + 3].isalpha() or text[start : start + 3].lower() not in {m[:3] for m in _MONTHS}:
        return False
    m = _NAME_WORD.search(text[max(0, start - 40) : start])
    if m is None:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _MONTHS or word in _WEEKDAYS:
        return False
    before = text[: start - len(m.group(0))].rstrip(" ")
    return bool(before) and before[-1] not in '.!?\n"“”:;(—–-'


def _is_proper(s: str) -> bool:
    """Month and weekday names must be capitalised (so "may" the verb is not May)."""
    for word in re.findall(r"[A-Za-z]+\.?", s):
        w = word.lower().rstrip(".")
        if (w in _MONTHS or w in _WEEKDAYS) and not word[0].isupper():
            return False
    return True


# Kinds that point back at the narrative ("the next day", "two days later", "at 3 p.m."): resolved
# against the most recent time the body asserted before them, else the publication date.
_NARRATIVE = {"rel_day", "clock"}
# Kinds resolved against the publication date, or against the paragraph's own date when the
# paragraph narrates another period, over a month before publication ("On Tuesday" in a story of 2019;
# closer dates are the news's own weeks, which weekday names count back from publication).
_CALENDAR = {"weekday", "month_name"}
_OTHER_PERIOD = timedelta(days=31)


def _is_span(surface: str, kind: str) -> bool:
    """A span or duration ("since 2017", "over the past three days"), not the date of a happening."""
    return surface.lower().startswith("since") or kind in ("past_n", "in_n_years")


_SPAN_SURFACE = re.compile(
    rf"^(?:since\b|(?:over\s+)?the\s+(?:past|last)\s+{NUM}\s|(?:for\s+the\s+first\s+time\s+)?in\s+{NUM}\s+years)",
    re.IGNORECASE,
)
_CLOCK_SURFACE = re.compile(CLOCK, re.IGNORECASE)


def is_span(t: TimeValue) -> bool:
    """A found time that bounds a duration ("since 2017", "over the past three days", "in six
    years"): it is not the date of an event.

    >>> from datetime import date
    >>> [is_span(t) for t in find_times("Talks stalled since 2017 and resumed in May 2019.", date(2025, 10, 20))]
    [True, False]
    """
    return bool(_SPAN_SURFACE.match(t.mention.anchor))


_AFTER_DATELINE = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:--|-|\u2013|\u2014|:)")
_DATELINE_CITY = re.compile(r"[A-Z][A-Z .'-]{2,40},\s*")
_AFTER_PARSED_DATELINE = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?\.\s")


def is_dateline(text: str, t: TimeValue) -> bool:
    """The date of a dateline ("CITY, Nov. 4 (Agency) -- ..."): when the report was filed, not
    when anything in it happened. It opens its paragraph and a dash (or colon) follows it.

    >>> from datetime import date
    >>> text = "Headline\\nLAGOS, Nov. 4 (Wire) -- Gunmen attacked a village on Wednesday."
    >>> [(t.value, is_dateline(text, t)) for t in find_times(text, date(2021, 11, 4))]
    [('2021-11-04', True), ('2021-11-03', False)]
    """
    para = text.rfind("\n", 0, t.mention.begin) + 1
    if t.mention.begin - para <= 60 and bool(_AFTER_DATELINE.match(text, t.mention.end)):
        return True
    # the copy spaCy parses ends a dateline with a stop ("LAGOS, Nov. 4 (Wire) .  Gunmen")
    head = _DATELINE_CITY.match(text, para)
    return (
        head is not None and head.end() == t.mention.begin and bool(_AFTER_PARSED_DATELINE.match(text, t.mention.end))
    )


def is_clock_time(t: TimeValue) -> bool:
    """A time of day ("at 3:40 p.m.", "around 10 a.m. local time")."""
    return bool(_CLOCK_SURFACE.search(t.mention.anchor))


_LAST_SCAN: tuple[str, list] = ("", [])


def _scan_once(text: str) -> list:
    """``_scan`` of the text, kept for the next call on the same text (the pipeline reads an
    article's times again once it knows its zone and its statements' dates)."""
    global _LAST_SCAN
    if _LAST_SCAN[0] is not text and _LAST_SCAN[0] != text:
        _LAST_SCAN = (text, _scan(text))
    return _LAST_SCAN[1]


def find_times(
    text: str, anchor: date | None, *, tz=None, body_start: int = 0, not_reference: frozenset[int] = frozenset()
) -> list[TimeValue]:
    """Every time expression in ``text`` that can be normalized, without overlaps (longest first).

    ``tz`` is the zone of the places the article is about, when known: clock times become time
    stamps in it; without it they keep day precision (a stamp needs a zone; the day is still known).
    ``body_start`` is where the body begins (after the headline): times the body asserts become the
    narrative's reference time, which anaphoric expressions ("the next day", "two days later",
    "at 3 p.m.") are resolved against; "a year earlier" takes the reference time of any precision.
    Times starting at an offset in ``not_reference`` (the dates of statements: "officials said on
    Monday") date what they date but do not move the narrative's reference time.
    """
    found: list[tuple[int, int, str]] = []
    for m, kind in _scan_once(text):
        b, e = m.span()
        if not _is_proper(text[b:e]) or _in_name(text, b):
            continue
        found.append((b, e, kind))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    chosen: list[tuple[int, int, str]] = []
    for b, e, kind in found:
        if any(b < ce and cb < e for cb, ce, _ in chosen):
            continue
        chosen.append((b, e, kind))
    out = []
    ref: TimeValue | None = None  # the narrative's current reference time
    for b, e, kind in sorted(chosen):
        surface = text[b:e]
        if kind == "in_n_years":
            line_start = text.rfind("\n", 0, b) + 1
            window = text[max(line_start, b - 120) : e].lower()
            if "first" not in window:
                continue
            surface_for_resolve = "first " + surface
        elif kind == "weekday" and re.match(r"(?:for|by)\s", surface, re.I) and re.match(r"['’]s\b", text[e:]):
            surface_for_resolve = surface.split(None, 1)[1]  # "blamed for Monday's attack": a day past
        else:
            surface_for_resolve = surface
        if kind == "year" and not _plausible_year(text, b, e):
            continue
        use = anchor
        low = surface.lower()
        if ref is not None and anchor is not None:
            same_paragraph = "\n" not in text[ref.mention.end : b]
            ref_day = ref.earliest.date() if ref.precision in (Precision.DAY, Precision.TIME) else None
            if kind in _NARRATIVE and ref_day is not None and not (kind == "clock" and _first(WEEKDAY, surface)):
                use = ref_day
            elif kind == "rel_n" and not low.rstrip().endswith("ago"):
                use = (
                    ref.earliest.date()
                    if (ref_day is not None or "year" in low or ("month" in low and ref.precision is Precision.MONTH))
                    else None
                )
            elif kind in _CALENDAR and same_paragraph and ref_day is not None and ref_day < anchor - _OTHER_PERIOD:
                use = ref_day
        if use is anchor and kind in ("rel_day", "rel_n") and re.search(r"\b(?:next|following|later|after)\b", low):
            use = None  # "the next day" with nothing narrated before it: not after the publication date
        res = _resolve(kind, surface_for_resolve, use, tz)
        if res is None:
            continue
        value, precision, earliest, latest = res
        tv = TimeValue(Mention(b, e, surface), value, precision, use, earliest, latest)
        out.append(tv)
        if b >= body_start and not _is_span(surface, kind) and not is_dateline(text, tv) and b not in not_reference:
            ref = tv
    return out


def _plausible_year(text: str, b: int, e: int) -> bool:
    """A bare four-digit number is a year unless it is part of a larger number or a code."""
    before = text[max(0, b - 2) : b]
    after = text[e : e + 2]
    if re.search(r"[\d,.$]\s?$", before) or re.match(r"^[\d,]", after):
        return False
    lead = text[b:e].lower()
    if lead[0].isdigit():
        prev = text[max(0, b - 12) : b].lower()
        # "SSBN 733" like codes are not years; a bare year needs a preposition or a comma/start
        if re.search(r"[A-Z]{2,}\s$", text[max(0, b - 6) : b]):
            return False
        return bool(re.search(r"(?:\bin|\bsince|\bof|\bby|\bduring|\buntil|\bfrom|\bto|,|\()\s*$", prev)) or b == 0
    return True

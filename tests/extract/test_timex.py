"""Time normalisation against the publication date, with precision."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from kg.extract.timex import find_times

ANCHOR = date(2025, 10, 20)  # a Monday


@pytest.mark.parametrize("text, value, precision", [
    ("On Sunday, the soldier crossed.", "2025-10-19", "day"),
    ("It happened on Monday.", "2025-10-20", "day"),
    ("The first occurred last August in the east.", "2025-08", "month"),
    ("as in 2017 when a soldier was shot", "2017", "year"),
    ("He crossed early on Tuesday morning.", "2025-10-14", "day"),
    ("The boat was seen on the evening of May 6.", "2025-05-06", "day"),
    ("Two families arrived earlier this month.", "2025-10", "month"),
    ("The broadcasts restarted last June.", "2025-06", "month"),
    ("since July 2019", "2019-07", "month"),
    ("It began last year.", "2024", "year"),
    ("the first such case in six years", "2019", "year"),
    ("Officials spoke yesterday.", "2025-10-19", "day"),
    # a month of the year before, this year or the next: one expression, not a month and a year
    ("The junta took over in March last year.", "2024-03", "month"),
    ("Elections are due in May of next year.", "2026-05", "month"),
    # a weekday ahead: "next", "for", "by" look forward from the anchor (a Monday)
    ("The envoys will meet next Tuesday.", "2025-10-21", "day"),
    ("The union called a strike for Monday.", "2025-10-27", "day"),
    ("Troops must leave by Friday.", "2025-10-24", "day"),
    # ... but "for Sunday's attack" names a day past
    ("Rebels were blamed for Sunday's attack.", "2025-10-19", "day"),
])
def test_normalisation(text, value, precision):
    found = find_times(text, ANCHOR)
    assert [(t.value, t.precision.value) for t in found] == [(value, precision)]


def test_last_month_name_is_strictly_before_the_anchor_month():
    assert [t.value for t in find_times("restarted last June", date(2025, 6, 11))] == ["2024-06"]


def test_clock_time_without_zone_keeps_the_day_and_with_zone_is_a_stamp():
    from zoneinfo import ZoneInfo

    assert [(t.value, t.precision.value) for t in find_times("from 2 p.m. Wednesday", date(2025, 6, 11))] == [("2025-06-11", "day")]
    stamp = find_times("from 2 p.m. Wednesday", date(2025, 6, 11), tz=ZoneInfo("Asia/Seoul"))
    assert [(t.value, t.precision.value) for t in stamp] == [("2025-06-11T14:00:00+09:00", "time")]


@pytest.mark.parametrize("text, anchor, first, last", [
    ("The boat was rammed last weekend.", ANCHOR, date(2025, 10, 18), date(2025, 10, 19)),
    ("Talks went on over the weekend.", date(2025, 10, 22), date(2025, 10, 18), date(2025, 10, 19)),
    ("The boat was rammed last weekend.", date(2025, 10, 19), date(2025, 10, 11), date(2025, 10, 12)),
])
def test_a_weekend_is_its_saturday_and_sunday_not_a_week(text, anchor, first, last):
    found = find_times(text, anchor)
    assert [t.mention.anchor.split()[-1] for t in found] == ["weekend"]
    assert (found[0].earliest.date(), found[0].latest.date()) == (first, last)


def test_relative_times_need_an_anchor():
    assert find_times("On Sunday, it rained; last August too.", None) == []
    assert [t.value for t in find_times("in 2017", None)] == ["2017"]


def test_may_the_verb_is_not_a_month():
    assert find_times("Officials said talks may resume.", ANCHOR) == []


def test_codes_are_not_years():
    assert find_times("The submarine USS Nevada (SSBN 733) and 2,017 troops", ANCHOR) == []


@given(st.text(max_size=200))
def test_offsets_always_match(text):
    for t in find_times(text, ANCHOR):
        assert text[t.mention.begin:t.mention.end] == t.mention.anchor
        assert t.earliest <= t.latest


def test_a_month_inside_a_name_is_no_date():
    # a vessel or an operation named with a date: the name, not a time
    found = [t.mention.anchor for t in find_times("The ferry Blue Star May 4 sank near the island on Sunday.",
                                                   date(2024, 5, 10))]
    assert found == ["on Sunday"]
    assert [t.value for t in find_times("Talks ended. May 4 saw new clashes.", date(2024, 5, 10))] == ["2024-05-04"]


_SCAN_ALPHABET = "aeinorstuy MJFASONDmjfasond0123456789:.,-–—“”’'()\nıİſKÉé"


@given(
    st.lists(
        st.sampled_from(
            [
                "May 4", "last June", "on Monday", "3 p.m.", "10:30am", "2019", "in six years", "the next day",
                "two days later", "over the past three days", "in the early hours of Sunday", "the night of May 4",
                "since the start of this year", "a week ago",
            ]
        )
        | st.text(alphabet=_SCAN_ALPHABET, max_size=12),
        max_size=12,
    ).map(" ".join)
)
def test_scan_same_matches_as_case_insensitive_patterns(text):
    """The fast scan (lower-cased text, lower-case patterns) finds what the case-insensitive
    patterns find, also next to characters with case beyond ASCII (which take the slow scan)."""
    from kg.extract.timex import _COMPILED, _scan

    assert [(m.span(), k) for m, k in _scan(text)] == [(m.span(), k) for rx, k in _COMPILED for m in rx.finditer(text)]


def test_a_time_expression_starts_at_a_word_not_inside_one():
    # "Narathiwat at 5 pm": the "at" that ends the place name is no part of the time
    text = "Soldiers were attacked in Narathiwat at around 5 pm on Sunday."
    found = find_times(text, date(2025, 3, 11))
    assert found and all(text[t.mention.begin : t.mention.end] == t.mention.anchor for t in found)
    assert [t.mention.anchor for t in found] == ["at around 5 pm on Sunday"]

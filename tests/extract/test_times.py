"""Times of events: anchored to their own clause, the narrative's reference time, relative
expressions, spans, times of day with a zone. Short sentences written for these tests."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from kg.extract.pipeline import extract_article
from kg.extract.timex import find_times, is_span
from kg.model import Article
from kg.knowledge.ontology import load_ontology

PUBLISHED = date(2025, 10, 20)  # a Monday
HEADLINE = "Border report"


@pytest.fixture(scope="module")
def ontology():
    return load_ontology()


def event_times(ontology, body: str, *, headline: str = HEADLINE, published: date = PUBLISHED) -> dict[str, str | None]:
    """Trigger word -> the value of the event's time (None without one)."""
    text = f"{headline}\n{body}\n"
    ex = extract_article(Article(text=text, source_id="test", content_hash="0" * 64, title=headline,
                                 published=published), ontology)
    return {ev.trigger.anchor: (ev.time.value if ev.time else None) for ev in ex.events}


def times(text: str, anchor: date = PUBLISHED, **kw) -> list[tuple[str, str, str]]:
    """(surface, value, precision) of every time in a body (after a one-line headline)."""
    text = f"{HEADLINE}\n{text}"
    return [(t.mention.anchor, t.value, t.precision.value)
            for t in find_times(text, anchor, body_start=len(HEADLINE), **kw)]


# --- clause attachment: the time of the trigger's own clause, not of another one -------------------

@pytest.mark.parametrize("body, trigger, value", [
    ("Gunmen attacked the village on Sunday, police said on Monday.", "attacked", "2025-10-19"),
    ("Police said on Monday that gunmen had attacked the village on Saturday.", "attacked", "2025-10-18"),
    ("The soldier who crossed the border on Friday was arrested on Sunday.", "crossed", "2025-10-17"),
    ("The soldier who crossed the border on Friday was arrested on Sunday.", "arrested", "2025-10-19"),
    ("Troops crossed the border on Thursday and attacked a post.", "attacked", "2025-10-16"),
    # a clause about the time itself ("in August, when ...") takes that time
    ("A similar case occurred in August, when agents arrested 40 migrants near the river.", "arrested", "2025-08"),
    # a clause of "after" tells another act at its own time
    ("A bomb killed a guard on Monday. The attack came a day after a mine hit a truck in Kalo at 5 pm on Sunday.",
     "attack", "2025-10-20"),
    ("A bomb killed a guard on Monday. The attack came a day after a mine hit a truck in Kalo at 5 pm on Sunday.",
     "hit", "2025-10-19"),
    # a clause of "after" or "before" measured in days or weeks, with no time of its own, counts from
    # the main clause's day
    ("Thousands rallied in the capital on Saturday, a day after a court sentenced their leader to prison.",
     "sentenced", "2025-10-17"),
    ("Protesters marched on Friday, two weeks before the election was held.", "election", "2025-10-31"),
])
def test_an_event_takes_the_time_of_its_own_clause(ontology, body, trigger, value):
    assert event_times(ontology, body)[trigger] == value


# --- the narrative's reference time: what the preceding sentences of the paragraph assert ---------

@pytest.mark.parametrize("body, trigger, value", [
    # the paragraph dates the story; the next sentence goes on with it
    ("Rebels attacked a village on October 3. They killed four farmers.", "killed", "2025-10-03"),
    # the most recent time of the paragraph, not an earlier paragraph's
    ("Rebels attacked a base on October 3.\nPolice arrested two men on Sunday. Troops killed a rebel.",
     "killed", "2025-10-19"),
    # a later statement's date ("said on Monday") does not date what the body already dated
    ("A soldier crossed the border on Saturday. Officials said on Monday that he was arrested.",
     "arrested", "2025-10-18"),
    # a perfect clause's time is background, not where the narrative is
    ("The crossing has stayed closed since it was shut on October 2. Troops crossed it on Sunday. They arrested two men.",
     "arrested", "2025-10-19"),
])
def test_an_undated_event_takes_the_narratives_reference_time(ontology, body, trigger, value):
    assert event_times(ontology, body)[trigger] == value


# --- a present perfect is the news in the lead paragraph, a state up to now further on -------------

@pytest.mark.parametrize("body, trigger, value", [
    ("The government has expelled the French ambassador, officials said on Monday.", "expelled", "2025-10-20"),
    ("A soldier crossed the border on Saturday.\nThe government has expelled many diplomats.", "expelled", None),
    # under a standfirst (a line with no closing stop), the next paragraph is still the lead
    ("Talks on the envoy's status broke down over the weekend\nThe government has expelled the French "
     "ambassador.\nThe foreign ministry summoned him on Saturday.", "expelled", "2025-10-18"),
    # a sentence over a span ("since the war") is no dated act of the narrative
    ("A soldier defected on Saturday. Most soldiers who left since the war crossed the border in the west.",
     "crossed", None),
    # dated in words that name no calendar date: no date, rather than the news's own
    ("Rebels shelled the port on Saturday.\nThe old fort of Tulan, which came under heavy shelling during "
     "the first months of the siege, is slowly being rebuilt.", "shelling", None),
])
def test_perfects_and_spans_take_no_narrative_time(ontology, body, trigger, value):
    assert event_times(ontology, body)[trigger] == value


# --- relative expressions, each against the right anchor -----------------------------------------

@pytest.mark.parametrize("body, surface, value, precision", [
    # against the narrative's reference time (October 3), not the publication date
    ("Rebels attacked on October 3. Troops returned the next day.", "the next day", "2025-10-04", "day"),
    ("Rebels attacked on October 3. Troops had left the previous day.", "the previous day", "2025-10-02", "day"),
    ("Rebels attacked on October 3. Two days later, troops returned.", "Two days later", "2025-10-05", "day"),
    ("Rebels attacked in March 2019. A year earlier, talks had failed.", "A year earlier", "2018", "year"),
    # against the publication date
    ("Talks resumed two weeks ago.", "two weeks ago", "2025-10-06", "day"),
    ("Talks resumed last month.", "last month", "2025-09", "month"),
    ("Talks resumed on Tuesday.", "on Tuesday", "2025-10-14", "day"),  # the most recent Tuesday
    ("Talks resumed on Monday.", "on Monday", "2025-10-20", "day"),  # on or before the anchor
    ("The ceasefire held in March.", "in March", "2025-03", "month"),
    ("The ceasefire held in November.", "in November", "2024-11", "month"),  # not after the anchor
    # a weekday in a paragraph narrating a date long before publication: that week's
    ("On March 3, 2019, rebels seized the town. On Tuesday, they withdrew.", "On Tuesday", "2019-02-26", "day"),
])
def test_relative_expressions_resolve_against_the_right_anchor(body, surface, value, precision):
    assert (surface, value, precision) in times(body)


def test_a_weeks_bounds_are_its_days():
    (t,) = find_times(f"{HEADLINE}\nTalks resumed last week.", PUBLISHED, body_start=len(HEADLINE))
    assert (t.earliest.date(), t.latest.date()) == (date(2025, 10, 13), date(2025, 10, 19))
    (t,) = find_times(f"{HEADLINE}\nTalks resumed earlier this week.", date(2025, 10, 22), body_start=len(HEADLINE))
    assert (t.earliest.date(), t.latest.date()) == (date(2025, 10, 20), date(2025, 10, 22))


def test_the_next_day_with_nothing_narrated_before_is_not_after_publication():
    assert times("Troops will return the next day.") == []


# --- "since": a span bounds a duration and dates no event in another clause -------------------------

@pytest.mark.parametrize("body, trigger, value", [
    ("Troops crossed the border, the first crossing since 2017.", "crossed", None),
    ("Two soldiers defected on Sunday, the first defections since March 2019.", "defected", "2025-10-19"),
    # a state its own verb names began then
    ("Troops have been deployed there since 2017.", "deployed", "2017"),
])
def test_since_bounds_a_duration(ontology, body, trigger, value):
    assert event_times(ontology, body)[trigger] == value


@pytest.mark.parametrize("text, spans", [
    ("Talks stalled since 2017 and resumed in May 2019.", [True, False]),
    ("Prices rose over the past three days.", [True]),
])
def test_spans_are_marked(text, spans):
    assert [is_span(t) for t in find_times(text, PUBLISHED)] == spans


# --- times of day: a date, a clock time and a zone; never without a zone ---------------------------

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize("body, tz, value, precision", [
    ("The blast came at 3:40 p.m. on Friday.", SEOUL, "2025-10-17T15:40:00+09:00", "time"),
    # the day comes from the narrative's reference time
    ("Gunmen attacked on Saturday. It began around 10 a.m. local time.", SEOUL, "2025-10-18T10:00:00+09:00", "time"),
    ("Fighting broke out at 2 a.m. GMT on Sunday.", None, "2025-10-19T02:00:00+00:00", "time"),
    # no zone known: the day, not a time stamp without a zone
    ("The blast came at 3:40 p.m. on Friday.", None, "2025-10-17", "day"),
])
def test_clock_times_carry_date_and_zone(body, tz, value, precision):
    found = [(v, p) for s, v, p in times(body, tz=tz) if "m." in s]
    assert found == [(value, precision)]


def test_an_events_time_of_day_is_in_the_zone_of_the_state_it_is_about(ontology):
    got = event_times(ontology, "A bomb exploded at a market in South Korea at 3:40 p.m. on Friday, killing two people.")
    assert got["killing"] == "2025-10-17T15:40:00+09:00"


def test_a_past_act_is_not_dated_after_the_news(ontology):
    got = event_times(ontology, "Gunmen attacked a village on Saturday. The opposition announced a strike for Tuesday.")
    assert got["announced"] != "2025-10-21"


def test_a_statement_s_date_is_not_the_narrative_s_time(ontology):
    got = event_times(ontology, "Gunmen attacked a village in Nigeria on Saturday, the governor said on Monday. "
                                "Police arrested two suspects later that day.")
    assert got["arrested"] == "2025-10-18"


def test_with_no_state_named_a_time_of_day_is_in_the_zone_of_the_place_named(ontology):
    got = event_times(ontology, "A bomb exploded at a market in Kano at 3:40 p.m. on Friday, killing two people.")
    assert got["killing"] == "2025-10-17T15:40:00+01:00"


def test_a_time_of_day_is_written_as_a_zoned_stamp_that_passes_the_shapes(ontology):
    from kg.graph.rdfize import source_quads
    from kg.graph.validate import SourceCheck

    text = f"{HEADLINE}\nGunmen attacked a police post in Nigeria on Saturday. The attack began around 10 a.m. and killed three officers.\n"
    ex = extract_article(Article(text=text, source_id="test", content_hash="0" * 64, published=PUBLISHED), ontology)
    stamps = [q.object for q in source_quads(ex) if q.predicate.value.endswith("#inXSDDateTimeStamp")]
    assert stamps and all(s.value.endswith("+01:00") for s in stamps)
    assert datetime.fromisoformat(stamps[0].value).astimezone(timezone.utc).hour == 9
    assert SourceCheck().problems(source_quads(ex)) == []


def test_a_clock_time_is_not_a_quantity(ontology):
    text = f"{HEADLINE}\nGunmen attacked a police post on Saturday. The attack began around 10 a.m., police said.\n"
    ex = extract_article(Article(text=text, source_id="test", content_hash="0" * 64, published=PUBLISHED), ontology)
    assert [c.quantity for c in ex.claims if c.quantity is not None] == []


# --- the headline's and the dateline's dates are not the event's ------------------------------------

@pytest.mark.parametrize("headline, body, trigger, value", [
    ("Soldier defects on Sunday", "A soldier crossed the border on Saturday. He was arrested.", "arrested", "2025-10-18"),
    ("Soldier defects", "SEOUL, Oct. 20 (Wire) -- A soldier crossed the border on Saturday. Police arrested him.",
     "arrested", "2025-10-18"),
    ("Soldier defects", "SEOUL, Oct. 20 (Wire) -- A soldier crossed the border, officials said.", "crossed", None),
])
def test_headline_and_dateline_dates_are_not_used(ontology, headline, body, trigger, value):
    assert event_times(ontology, body, headline=headline)[trigger] == value


def test_a_happening_told_by_reports_of_it_has_the_story_s_time(ontology):
    """ "there are reports of gunfire": present words, an account of what happened (then)."""
    got = event_times(ontology, "Soldiers seized the palace in Kelsa on Saturday.\n\n"
                                "Protesters took to the streets, and there are reports of gunfire.")
    assert got["gunfire"] == "2025-10-18"


def test_an_act_under_way_as_the_news_is_told_has_the_story_s_time(ontology):
    """ "they are receiving medical care": the present progressive tells what is going on then."""
    got = event_times(ontology, "The two soldiers were freed in Kelsa on Saturday.\n\n"
                                "They are receiving medical assistance in a hospital.")
    assert got["assistance"] == "2025-10-18"

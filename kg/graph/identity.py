"""When two reports in different sources are one thing: the rules, on nodes as :mod:`kg.graph.candidates`
reads them (plain dicts), each answer with the evidence that made it.

Precision first: a wrong merge makes every count in the graph suspect, a missed one only leaves two
nodes where one would do.

Events (``owl:sameAs``, the same happening, dates that agree) need all of:
- compatible types (the same, or one narrower than the other, ``skos:broader``);
- compatible times at their precisions ("2025-11" holds "2025-11-11"; two different days do not);
- compatible places, when both give one (the same place, or one inside the other through the
  gazetteer's ``kg:locatedIn``);
- a shared specific participant (a named person or a named non-state group), or the same specific
  place (a city, a facility, a named place of the source, a section of a border) and the same day;
and none of the vetoes: the text calls one of them separate (``kg:separateEventWords`` near the
trigger), the two count people differently (estimates in the trigger's sentence).

Events whose dates differ (``kg:sameEventAs``, "same event, other date") need the same, except that
the times differ by at most a year, and the shared participant or specific place is required (a
day cannot be the same); the caller keeps only each report's nearest such report in the other source.

Named actors (``owl:sameAs``): the same Wikidata id, or the same full name (two words or more for a
person: a surname alone never merges) with the same class and compatible states. Unnamed actors
merge only through their events: the one unnamed actor in a role of two linked events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

YEAR_DAYS = 366  # "at most a year apart"

# evidence phrases (the values of kg:evidence)
COMPATIBLE_TYPES = "compatible types"
COMPATIBLE_TIMES = "compatible times"
COMPATIBLE_PLACES = "compatible places"
SHARED_PARTICIPANT = "shared participant"
SAME_PLACE_AND_DAY = "same place and day"
SAME_PLACE = "same specific place"
OTHER_DATE = "other date"
SAME_NAME = "same name"
SAME_WIKIDATA_ID = "same Wikidata id"
SAME_ROLE = "same role in linked events"

# vetoes (why a pair is not linked)
VETO_SEPARATE = "the text calls it separate"
VETO_COUNTS = "different counts"
VETO_DAYS = "different days"
VETO_PLACES = "incompatible places"
VETO_TYPES = "incompatible types"
VETO_FAR = "more than a year apart"
VETO_NO_EVIDENCE = "no shared specific participant or place"


@dataclass(frozen=True)
class Judgment:
    """A judged pair: linked as ``kind`` ("sameAs" or "sameEventAs") with ``evidence`` and the
    ``shared`` nodes behind it, or not linked (``kind`` None) for ``veto``."""

    kind: str | None
    evidence: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    veto: str | None = None

    def __bool__(self) -> bool:
        return self.kind is not None


@lru_cache(maxsize=256)
def no(veto: str) -> Judgment:
    """The pair is not linked, for ``veto`` (one object per veto: a judgment is immutable, and most
    pairs judged are vetoed)."""
    return Judgment(None, veto=veto)


def times_compatible(a: str, b: str) -> bool:
    """Whether two time values (xsd date, gYearMonth, gYear, dateTime) can name the same time at
    their precisions: one is a prefix of the other.

    >>> times_compatible("2025-11", "2025-11-11"), times_compatible("2025-11-11", "2025-11-12")
    (True, False)
    >>> times_compatible("2025", "2025-03-04T10:00:00Z")
    True
    """
    a, b = a[:10], b[:10]
    return a.startswith(b) or b.startswith(a)


@dataclass
class Facts:
    """What the rules ask of the world beyond the two reports (answered by the resolver from the
    store): how types and places nest, and which participants are specific."""

    type_compatible: Callable[[str, str], bool]
    place_compatible: Callable[[str, str], bool]  # the same place, or one inside the other
    is_specific_actor: Callable[[str, str], bool]  # (node, source) -> a named person or non-state group
    is_specific_place: Callable[[str, str], bool]  # (node, source) -> a city, facility, named local place
    same_entity: Callable[[str, str], bool] = field(default=lambda a, b: a == b)


def _same(facts: Facts, xs: set[str], ys: set[str]) -> list[tuple[str, str]]:
    return sorted((x, y) for x in xs for y in ys if x == y or facts.same_entity(x, y))


def judge_events(facts: Facts, a: dict, b: dict) -> Judgment:
    """Whether events ``a`` and ``b`` (of two sources) are one happening.

    An event is a dict: ``type``, ``time`` (its value), ``day`` (day number, or None), ``places``
    (kg:place values), ``actors`` (the other participants), ``separate`` (the word that calls it
    separate, or None), ``counts`` (numbers its sentence gives), ``source``."""
    if a["source"] == b["source"]:
        return no("same source")
    if not facts.type_compatible(a["type"], b["type"]):
        return no(VETO_TYPES)
    if a["separate"] or b["separate"]:
        return no(VETO_SEPARATE)
    if a["counts"] and b["counts"] and a["counts"].isdisjoint(b["counts"]):
        return no(VETO_COUNTS)
    evidence = [COMPATIBLE_TYPES]
    if a["places"] and b["places"]:
        if not any(facts.place_compatible(x, y) or facts.same_entity(x, y) for x in a["places"] for y in b["places"]):
            return no(VETO_PLACES)
        evidence.append(COMPATIBLE_PLACES)
    same_time = times_compatible(a["time"], b["time"])
    if not same_time:
        if a["day"] is None or b["day"] is None or abs(a["day"] - b["day"]) > YEAR_DAYS:
            return no(VETO_FAR)
    actors = [
        (x, y)
        for x, y in _same(facts, a["actors"], b["actors"])
        if facts.is_specific_actor(x, a["source"]) and facts.is_specific_actor(y, b["source"])
    ]
    places = [
        (x, y)
        for x, y in _same(facts, a["places"], b["places"])
        if facts.is_specific_place(x, a["source"]) and facts.is_specific_place(y, b["source"])
    ]
    shared = tuple(sorted({n for pair in actors for n in pair}))
    if same_time:
        evidence.append(COMPATIBLE_TIMES)
        if actors:
            return Judgment("sameAs", (*evidence, SHARED_PARTICIPANT), shared)
        same_day = a["day"] is not None and a["day"] == b["day"] and len(a["time"]) >= 10 and len(b["time"]) >= 10
        if places and same_day:
            return Judgment("sameAs", (*evidence, SAME_PLACE_AND_DAY), tuple(sorted({n for p in places for n in p})))
        return no(VETO_NO_EVIDENCE)
    # another date (two different days are never owl:sameAs): the stricter rule, what both share
    # must be specific; the caller keeps only nearest reports
    if actors:
        return Judgment("sameEventAs", (*evidence, SHARED_PARTICIPANT, OTHER_DATE), shared)
    if places:
        return Judgment(
            "sameEventAs", (*evidence, SAME_PLACE, OTHER_DATE), tuple(sorted({n for p in places for n in p}))
        )
    return no(VETO_DAYS if a["day"] is not None and b["day"] is not None else VETO_NO_EVIDENCE)


def judge_entities(a: dict, b: dict, *, share_a_state: bool) -> Judgment:
    """Whether named entities ``a`` and ``b`` (of two sources) are one: the same Wikidata id, or
    the same full name with the same class and compatible states (and the two sources mention a
    state in common). A dict has ``labels`` (normalized), ``cls``, ``state``, ``qids``, ``person``
    and ``generated``/``anon`` (never merged by name)."""
    if a["source"] == b["source"]:
        return no("same source")
    if a["qids"] and b["qids"]:
        if a["qids"] & b["qids"]:
            return Judgment("sameAs", (SAME_WIKIDATA_ID,))
        return no("different Wikidata ids")
    if a["generated"] or a["anon"] or b["generated"] or b["anon"]:
        return no("unnamed")
    names = a["labels"] & b["labels"]
    if a["person"] or b["person"]:
        names = {n for n in names if len(n.split()) >= 2}  # a surname alone never merges
    if not names or a["cls"] != b["cls"]:
        return no("different names")
    if (a["state"] or b["state"]) and a["state"] != b["state"]:
        return no("different states")
    if not share_a_state:
        return no("no state in common")
    return Judgment("sameAs", (SAME_NAME,))

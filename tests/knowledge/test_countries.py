"""The reference data the gazetteer generator writes: states, territories, capitals, ambiguous names."""

from __future__ import annotations

import pytest

from kg.knowledge.countries import ambiguous_names, ascii_name, read_countries


@pytest.fixture(scope="module")
def countries():
    return {c.iso2: c for c in read_countries()}


def test_states_and_territories(countries):
    assert countries["KR"].sovereign and countries["KR"].armed_forces
    assert countries["CR"].sovereign and not countries["CR"].armed_forces  # Costa Rica keeps none
    hong_kong = countries["HK"]
    assert not hong_kong.sovereign and hong_kong.belongs_to == "CN" and hong_kong.capital is None
    assert "AN" not in countries  # obsolete ISO code


def test_capitals_as_news_names_them(countries):
    assert countries["US"].capital is not None and countries["US"].capital.label == "Washington, D.C."
    assert countries["KR"].capital is not None and countries["KR"].capital.label == "Seoul"
    assert countries["SG"].capital is None  # a city-state: the state node names both


def test_names_that_are_also_words_or_people():
    assert ambiguous_names({"Mobile", "Seoul", "Victoria"}) == ["Mobile", "Victoria"]
    assert ascii_name("Bogotá") == "Bogota"

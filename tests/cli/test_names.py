"""Nodes by name wherever a node is asked for (--param NAME=label, alias, QID, short id) and
``kg find``."""

from __future__ import annotations

import re

import pytest

from conftest import error_line, invoke
from kg.query import run_query

DMZ = "ref:place/korean-demilitarized-zone"


@pytest.fixture
def kg(runner, built_store_path):
    return lambda *args: invoke(runner, "--store", built_store_path, *args)


@pytest.mark.parametrize(
    "value",
    [
        "Korean Demilitarized Zone",
        "korean demilitarized zone",
        "DMZ",
        "Q331990",
        "wd:Q331990",
        "korean-demilitarized-zone",
        "place/korean-demilitarized-zone",
        DMZ,
        "https://w3id.org/kg-news/ref/place/korean-demilitarized-zone",
    ],
)
def test_a_place_by_label_alias_qid_or_short_id(kg, value):
    by_iri = kg("query", "events_at_place", "--param", f"place={DMZ}", "--format", "tsv")
    assert by_iri.exit_code == 0 and len(by_iri.stdout.splitlines()) > 1, by_iri.stderr
    r = kg("query", "events_at_place", "--param", f"place={value}", "--format", "tsv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == by_iri.stdout
    assert r.stderr == ""


def test_the_library_takes_names_too(built_store):
    by_name = run_query(built_store, "events_at_place", params={"place": "DMZ"})
    assert by_name.rows and by_name.rows == run_query(built_store, "events_at_place", params={"place": DMZ}).rows


def test_several_matches_are_listed(kg):
    r = kg("query", "events_at_place", "--param", "place=Washington")
    line = error_line(r, 2)
    assert "'Washington' matches 2" in line
    assert "ref:city/4140963" in line and "ref:subdivision/US-WA" in line and "place 'Washington'" in line
    assert "(hint: pass one id, e.g. --param place=ref:" in line


def test_no_match_says_so_with_a_real_example(kg):
    line = error_line(kg("query", "events_at_place", "--param", "place=Atlantis Deep"), 2)
    assert "no node in the store is named 'Atlantis Deep'" in line
    assert "kg find 'Atlantis Deep'" in line
    example = re.search(r"or --param place=(\S+)\)$", line).group(1)
    again = kg("query", "events_at_place", "--param", f"place={example}", "--format", "tsv")
    assert again.exit_code == 0 and len(again.stdout.splitlines()) > 1


def test_an_iri_the_store_lacks_gets_a_note_and_a_suggestion(kg):
    r = kg("query", "events_at_place", "--param", "place=ref:korean-demilitarized-zone", "--format", "tsv")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1
    assert r.stderr.strip() == (
        "kg: note: the store has no node ref:korean-demilitarized-zone, so place matches nothing "
        f"(hint: did you mean --param place={DMZ}?)"
    )


def test_missing_parameter_hint_shows_the_option_and_a_real_name(kg):
    line = error_line(kg("query", "events_at_place"), 2)
    assert "missing required parameter place" in line
    assert re.search(r"hint: pass --param place=NAME_OR_ID, e\.g\. --param place='?[A-Z]", line), line


def test_param_without_equals_hint_shows_the_option(kg):
    assert "write --param source=VALUE" in error_line(kg("query", "who_defected", "--param", "source"), 2)


def test_find_lists_kind_label_id_and_sources(kg):
    r = kg("find", "dmz")
    assert r.exit_code == 0, r.stderr
    header, _rule, first, *_ = r.stdout.splitlines()
    assert header.split() == ["kind", "label", "id", "sources", "matched"]
    assert first.split()[0] == "place" and "Korean Demilitarized Zone" in first and DMZ in first
    assert int(first.split()[-2]) >= 1 and first.split()[-1] == "alias"


def test_find_by_kind_and_formats(kg):
    r = kg("find", "korea", "--type", "state", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    import csv

    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert {row["id"] for row in rows} == {"ref:state/KP", "ref:state/KR"}
    assert all(row["kind"] == "state" and row["matched"] == "partial" for row in rows)


def test_find_nothing_and_bad_kind(kg):
    r = kg("find", "zzzqqq")
    assert r.exit_code == 1 and r.stdout == "" and "nothing matches 'zzzqqq'" in r.stderr
    assert "unknown kind 'planet'" in error_line(kg("find", "korea", "--type", "planet"), 2)


def test_lookup_kinds_follow_the_network_kinds():
    from kg.network.kind import _KIND_ROOTS
    from kg.query.lookup import KIND_ROOTS

    assert [(k.value, tuple(str(c) for c in cs)) for k, cs in _KIND_ROOTS] == list(KIND_ROOTS[: len(_KIND_ROOTS)])


def test_find_puts_the_closest_name_first(kg):
    # a partial match: the states named "... Korea" before longer labels that contain the word
    r = kg("find", "korea", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    import csv

    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert {rows[0]["id"], rows[1]["id"]} == {"ref:state/KP", "ref:state/KR"}, rows[:3]

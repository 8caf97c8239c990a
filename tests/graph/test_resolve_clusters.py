"""A new source is judged against clusters, not against every earlier member: each candidate
cluster's representative stands for it (kg.graph.pairs.judge_clusters), so the judgments per source
stay the same however many members a cluster has; on small stores the resolution graph is the one
judging every member gives."""

from __future__ import annotations

import json

import pytest

import kg.graph.pairs as pairs
from kg.graph import identity
from kg.graph.catalog import remove_source
from kg.graph.store import open_store
from kg.jobs.ingest import ingest_paths

NAME = "Adwoa Nyarko Boateng"
REPORTS = [
    f"Ghana raises cocoa price\nGhana's agriculture minister {NAME} said on Monday in Kumasi that Ghana would pay farmers more.\n",
    f"Kumasi farm talks\nAgriculture minister {NAME} of Ghana told farmers in Kumasi on Tuesday that Ghana would build roads.\n",
    f"Ghana fertiliser plan\nGhana will import fertiliser, agriculture minister {NAME} said in Kumasi on Wednesday.\n",
    f"Ghana drought aid\nAgriculture minister {NAME} said in Kumasi on Thursday that Ghana would help farmers hit by drought.\n",
    f"Ghana seed bank\nGhana opened a seed bank on Friday, agriculture minister {NAME} said in Kumasi.\n",
    f"Ghana irrigation\nAgriculture minister {NAME} said in Kumasi on Saturday that Ghana would dig new canals.\n",
]
DEFECTIONS = [
    "Soldier defects\nPak Yong-ho, a North Korean soldier, defected to South Korea across the Military "
    "Demarcation Line on Monday, officials said.\n",
    "Defection confirmed\nThe ministry said Pak Yong-ho defected to South Korea on Monday across the Military "
    "Demarcation Line.\n",
    "Defection reported\nThe ministry said Pak Yong-ho defected to South Korea on Sunday across the Military "
    "Demarcation Line.\n",
    "Defection this month\nThe ministry said Pak Yong-ho defected to South Korea in November 2025 across the "
    "Military Demarcation Line.\n",
]


def write(folder, name, text, url):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps({"published": "2025-11-12", "url": url}), encoding="utf-8")
    return folder / f"{name}.txt"


def resolution(store) -> list[tuple[str, str, str]]:
    return sorted((r[0].value, r[1].value, r[2].value) for r in store.query(
        "SELECT ?a ?p ?b WHERE { GRAPH kgg:resolution { ?a ?p ?b } }", union=False))


def person_cluster(store) -> tuple[str, list[str]]:
    """(representative, members) of the cluster of NAME."""
    rows = [(r[0].value, r[1].value) for r in store.query(
        "SELECT ?m ?r WHERE { GRAPH kgg:resolution { ?m owl:sameAs ?r } FILTER(CONTAINS(STR(?r), '/entity/')) }",
        union=False)]
    reps = {r for _, r in rows}
    assert len(reps) == 1, rows
    rep = reps.pop()
    return rep, sorted({rep} | {m for m, _ in rows})


def test_a_new_source_is_judged_against_the_representative_not_every_member(tmp_path, monkeypatch):
    paths = [write(tmp_path / "in", f"r{i}", t, f"https://example.org/r{i}") for i, t in enumerate(REPORTS)]
    store = open_store(tmp_path / "s")
    ingest_paths(store, paths[:5])
    rep, members = person_cluster(store)
    assert len(members) == 5
    calls: list[tuple[str, str]] = []
    judge = identity.judge_entities

    def counted(a, b, **kw):
        if "nyarko boateng" in " ".join(b["labels"]):
            calls.append((a["source"], b["source"]))
        return judge(a, b, **kw)

    monkeypatch.setattr(identity, "judge_entities", counted)
    ingest_paths(store, [paths[5]])
    new_rep, now = person_cluster(store)
    assert len(now) == 6
    new = (set(now) - set(members)).pop()
    assert new > rep  # (the URL is chosen so: the new node joins, it does not become the representative)
    assert new_rep == rep
    assert len(calls) == 1, calls  # one judgment for the cluster of five, not five

    # judging every member (the way before) takes one judgment per member: what the count above rules out
    remove_source(store, "r5.txt")
    calls.clear()
    monkeypatch.setattr(pairs, "_judge_all", True)
    ingest_paths(store, [paths[5]])
    assert len(calls) == 5
    assert person_cluster(store) == (rep, now)


def test_a_new_representative_is_judged_against_every_member(tmp_path, monkeypatch):
    """A node whose IRI is smaller than its cluster's representative becomes the representative:
    it is judged against every member, and every member points to it (the star of the smallest)."""
    from kg.graph.catalog import find_source

    paths = [write(tmp_path / "in", f"r{i}", t, f"https://example.org/r{i}") for i, t in enumerate(REPORTS)]
    full = open_store(tmp_path / "full")
    ingest_paths(full, paths)
    rep, members = person_cluster(full)
    first = next(i for i in range(len(paths)) if f"/src/{find_source(full, f'r{i}.txt')}/" in rep)
    store = open_store(tmp_path / "s")
    ingest_paths(store, [p for i, p in enumerate(paths) if i != first])
    assert person_cluster(store)[0] != rep
    calls: list[str] = []
    judge = identity.judge_entities
    monkeypatch.setattr(identity, "judge_entities", lambda a, b, **kw: (calls.append(b["source"]), judge(a, b, **kw))[1])
    ingest_paths(store, [paths[first]])  # the smallest comes last
    assert len(calls) >= len(members) - 1  # against every member, not only the representative
    assert person_cluster(store) == (rep, members)
    assert resolution(store) == resolution(full)


@pytest.mark.parametrize("texts", [REPORTS[:4], DEFECTIONS], ids=["person", "events"])
def test_clusters_are_the_ones_judging_every_member_gives_whatever_the_order(tmp_path, monkeypatch, texts):
    paths = [write(tmp_path / "in", f"t{i}", t, f"https://example.org/t{i}") for i, t in enumerate(texts)]
    got = {}
    for every in (False, True):
        monkeypatch.setattr(pairs, "_judge_all", every)
        for name, order in (("forward", paths), ("backward", paths[::-1])):
            one_by_one = open_store(tmp_path / f"{every}-{name}")
            for p in order:
                ingest_paths(one_by_one, [p])
            got[(every, name)] = resolution(one_by_one)
        together = open_store(tmp_path / f"{every}-run")
        ingest_paths(together, paths)
        got[(every, "run")] = resolution(together)
    assert got[(True, "forward")] != []
    assert len({tuple(v) for v in got.values()}) == 1, {k: len(v) for k, v in got.items()}

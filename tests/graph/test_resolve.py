"""Growing the graph: sources are added, replaced and retracted; what they share is merged in the
resolution graph; retraction undoes exactly what a source brought."""

from __future__ import annotations

import json

from kg.graph.catalog import remove_source
from kg.jobs.ingest import ingest_paths
from kg.graph.store import open_store
from kg.vocab import METADATA_GRAPH

A = ("Soldier crosses into South Korea\n"
     "A North Korean soldier crossed the Military Demarcation Line into South Korea on Tuesday, "
     "the Joint Chiefs of Staff said. The South Korean military took custody of the soldier near the "
     "Hantan Bridge in Cheorwon.\n")
B = ("Defector crosses the border in Cheorwon\n"
     "A North Korean soldier defected to South Korea on Tuesday across the Military Demarcation Line, "
     "officials in Seoul said. The South Korean military took custody of the soldier near the Hantan Bridge.\n")
C = ("Ministry of Planning announces budget\n"
     "The Ministry of Planning said on Monday that Kenya would raise spending on roads. "
     "Kenyan officials said the Ministry of Planning expects growth.\n")
D = ("Ministry of Planning unveils plan\n"
     "The Ministry of Planning said on Monday that Peru would cut fuel subsidies, Peruvian officials said.\n")


def write(folder, name, text, published, url):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps({"published": published, "url": url}), encoding="utf-8")
    return folder / f"{name}.txt"


def links(store):
    return sorted((r[0].value, r[1].value) for r in store.query(
        "SELECT ?a ?b WHERE { GRAPH kgg:resolution { ?a owl:sameAs ?b } }", union=False))


def without_metadata(store) -> list[str]:
    return [l for l in store.iter_sorted_nquads() if not l.endswith(f"<{METADATA_GRAPH}> .")]


def test_two_reports_of_one_event_are_linked(tmp_path):
    store = open_store(tmp_path / "s")
    a = write(tmp_path / "in", "a", A, "2025-11-12", "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "2025-11-12", "https://example.org/b")
    ingest_paths(store, [a, b])
    got = links(store)
    kinds = {x.rsplit("/", 2)[-2] for pair in got for x in pair}
    assert "event" in kinds, got          # the custody reported by both
    assert "entity" in kinds, got         # the Hantan Bridge named by both, and the anonymous soldier via the event
    assert all(p[1] < p[0] for p in got)  # each member points to its cluster's smallest IRI


def test_links_do_not_depend_on_ingest_order(tmp_path):
    a = write(tmp_path / "in", "a", A, "2025-11-12", "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "2025-11-12", "https://example.org/b")
    s1, s2 = open_store(tmp_path / "s1"), open_store(tmp_path / "s2")
    ingest_paths(s1, [a])
    ingest_paths(s1, [b])
    ingest_paths(s2, [b])
    ingest_paths(s2, [a])
    assert links(s1) == links(s2) != []


def test_same_name_organizations_of_different_states_stay_two(tmp_path):
    store = open_store(tmp_path / "s")
    c = write(tmp_path / "in", "c", C, "2025-03-04", "https://example.org/c")
    d = write(tmp_path / "in", "d", D, "2025-03-04", "https://example.org/d")
    ingest_paths(store, [c, d])
    orgs = [r[0].value for r in store.query(
        "SELECT DISTINCT ?o WHERE { ?o rdfs:label ?l . FILTER(STR(?l) = 'Ministry of Planning') }")]
    assert len(orgs) == 2
    assert links(store) == []


def test_retracting_a_source_leaves_what_the_other_says(tmp_path):
    a = write(tmp_path / "in", "a", A, "2025-11-12", "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "2025-11-12", "https://example.org/b")
    both, only_b = open_store(tmp_path / "both"), open_store(tmp_path / "onlyb")
    ingest_paths(both, [a, b])
    ingest_paths(only_b, [b])
    sid = remove_source(both, "a.txt")
    assert links(both) == []
    assert without_metadata(both) == without_metadata(only_b)
    retracted = list(both.query("SELECT ?g WHERE { GRAPH kgg:metadata { ?g prov:wasInvalidatedBy ?r } }", union=False))
    assert [r[0].value.rsplit("/", 1)[-1] for r in retracted] == [sid]


def test_reingesting_changed_text_replaces_and_records_the_revision(tmp_path):
    store = open_store(tmp_path / "s")
    a = write(tmp_path / "in", "a", A, "2025-11-12", "https://example.org/a")
    ingest_paths(store, [a])
    a.write_text(A.replace("on Tuesday", "on Monday"), encoding="utf-8")
    report = ingest_paths(store, [a])
    assert report.sources[0].replaced
    rev = list(store.query("SELECT ?old WHERE { GRAPH kgg:metadata { ?g prov:wasRevisionOf ?old } }", union=False))
    assert len(rev) == 1
    days = {r[0].value for r in store.query("SELECT ?d WHERE { ?t time:inXSDDate ?d }")}
    assert days == {"2025-11-10"}


def test_the_graph_view_shows_a_shared_event_once_with_both_sources(tmp_path):
    from kg.network import build_network

    store = open_store(tmp_path / "s")
    ingest_paths(store, [write(tmp_path / "in", "a", A, "2025-11-12", "https://example.org/a"),
                         write(tmp_path / "in", "b", B, "2025-11-12", "https://example.org/b")])
    g = build_network(store)
    custody = [d for _, d in g.nodes(data=True) if d.get("kind") == "event" and "Custody" in d.get("label", "")]
    assert len(custody) == 1
    assert len({s["source_id"] for s in custody[0]["sources"]}) == 2


def test_one_run_links_like_one_source_at_a_time(tmp_path):
    """An ingest run resolves all its sources at the end; the links are those of resolving each
    source right after writing it, also when the run replaces sources already in the store."""
    paths = [write(tmp_path / "in", n, t, "2025-11-12", f"https://example.org/{n}")
             for n, t in (("a", A), ("b", B), ("c", C), ("d", D))]
    one, each = open_store(tmp_path / "one"), open_store(tmp_path / "each")
    ingest_paths(one, paths[:2])
    ingest_paths(one, paths)
    for p in paths:
        ingest_paths(each, [p])
    assert links(one) == links(each) != []
    assert without_metadata(one) == without_metadata(each)


def test_a_changed_source_keeps_no_link_of_its_old_version(tmp_path):
    """Changed text moves the event nodes (their IRIs carry offsets): the links of the old nodes go
    with the old version, and the store ends with the links a fresh store of the new text has."""
    a = write(tmp_path / "in", "a", A, "2025-11-12", "https://example.org/a")
    b = write(tmp_path / "in", "b", B, "2025-11-12", "https://example.org/b")
    store = open_store(tmp_path / "s")
    ingest_paths(store, [a, b])
    old = links(store)
    a.write_text(A.replace("A North Korean soldier", "Early on, a North Korean soldier"), encoding="utf-8")
    ingest_paths(store, [a])
    fresh = open_store(tmp_path / "fresh")
    ingest_paths(fresh, [a, b])
    assert links(store) == links(fresh) != []
    assert set(old) - set(links(store))  # some old event link did go
    minted = {x for pair in links(store) for x in pair if "/id/src/" in x}
    held = {r[0].value for r in store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != kgg:resolution) }")}
    assert minted <= held  # no link to a node that no source graph holds


def test_a_source_is_found_by_id_prefix_url_or_file_name(tmp_path):
    import pytest

    from kg.graph.catalog import find_source
    from kg.errors import UsageError

    store = open_store(tmp_path / "s")
    ingest_paths(store, [write(tmp_path / "in", "a", A, "2025-11-12", "https://example.org/a"),
                         write(tmp_path / "in", "c", C, "2025-03-04", "https://example.org/c")])
    ids = {r[0].value: r[1].value for r in store.query(
        "SELECT ?sid ?url WHERE { GRAPH kgg:metadata { ?d kg:sourceId ?sid ; schema:url ?url } }", union=False)}
    sid = next(s for s, url in ids.items() if url.endswith("/a"))
    assert find_source(store, sid) == sid
    assert find_source(store, sid[:6]) == sid
    assert find_source(store, "https://example.org/a") == sid
    assert find_source(store, "a.txt") == sid
    with pytest.raises(UsageError, match="no source matches"):
        find_source(store, "https://example.org/nothing")
    remove_source(store, sid)
    with pytest.raises(UsageError, match="no source matches"):
        find_source(store, "https://example.org/a")  # retracted
    other = next(s for s in ids if s != sid)
    assert find_source(store, other) == other


def _resolution(store) -> list[tuple[str, str, str]]:
    return sorted((r[0].value, r[1].value.rsplit("#", 1)[-1], r[2].value) for r in store.query(
        "SELECT ?a ?p ?b WHERE { GRAPH kgg:resolution { ?a ?p ?b } }", union=False))


def test_a_wide_place_alone_does_not_make_reports_a_year_apart_one_event(tmp_path):
    """The seed's "first occurred last August in the eastern section" (2025-08, at the DMZ) and a
    report dated 20 August 2024 of a defection in the DMZ: they share only the DMZ (a 250 km border,
    not a specific place) and an unnamed soldier, so kg does not take them for one event (precision
    first: the old rule linked them with kg:sameEventAs)."""
    from conftest import FIXTURE_ARTICLES, SOURCES

    text, meta = FIXTURE_ARTICLES["eastern-defection"]
    report = write(tmp_path / "in", "eastern", text, meta["published"], meta["url"])
    store = open_store(tmp_path / "s")
    ingest_paths(store, [SOURCES, report])
    assert [p for _, p, _ in _resolution(store) if p == "sameEventAs"] == []


def test_an_organ_of_a_state_alone_does_not_make_two_reports_one_event(tmp_path):
    """Two custody reports months apart whose only shared participant is a state's military are two
    events (armed forces take part in nearly every event of their state)."""
    one = ("Military holds intruder\nThe South Korean military took custody of a man near the border "
           "on Tuesday, officials said.\n")
    two = ("Military holds fisherman\nThe South Korean military took custody of a fisherman off the coast "
           "on Monday, officials said.\n")
    store = open_store(tmp_path / "s")
    ingest_paths(store, [write(tmp_path / "in", "one", one, "2025-03-05", "https://example.org/one"),
                         write(tmp_path / "in", "two", two, "2025-07-15", "https://example.org/two")])
    assert [p for _, p, _ in _resolution(store) if p == "sameEventAs"] == []
    custody = {r[0].value for r in store.query("SELECT ?e WHERE { ?e sem:eventType kget:Custody }")}
    assert len(custody) == 2  # both extracted, so the rule (not the extraction) keeps them apart


def test_same_event_rule_nearest_report_per_source():
    """kg:sameEventAs pairs are mutual nearest reports (by begin day) among the pairs the rule
    judged; ties go to the smaller IRI."""
    from datetime import date

    from kg.graph.pairs import nearest_reports

    def ev(source, day):
        return {"source": source, "day": date.fromisoformat(day).toordinal()}

    events = {"a/1": ev("a", "2025-08-01"), "a/2": ev("a", "2025-10-19"), "b/1": ev("b", "2024-08-20"),
              "c/1": ev("c", "2025-10-10"), "c/2": ev("c", "2025-10-28"), "e/1": ev("e", "2024-07-31")}
    pairs = {("a/1", "b/1"), ("a/2", "b/1"), ("a/2", "c/1"), ("a/2", "c/2"), ("a/1", "e/1")}
    assert nearest_reports(events, pairs) == {("a/1", "b/1"), ("a/2", "c/1"), ("a/1", "e/1")}
    events["b/2"] = ev("b", "2025-09-30")  # b's second report is nearer to both of a's
    pairs |= {("a/1", "b/2"), ("a/2", "b/2")}
    assert nearest_reports(events, pairs) == {("a/2", "b/2"), ("a/2", "c/1"), ("a/1", "e/1")}


# -- evidence and vetoes, with short reports of our own ------------------------------------------

KIM_MON = ("Soldier defects\nKim Chol-su, a North Korean soldier, defected to South Korea across the "
           "Military Demarcation Line on Monday, officials said.\n")
KIM_MON_2 = ("Defection confirmed\nThe ministry said Kim Chol-su defected to South Korea on Monday "
             "across the Military Demarcation Line.\n")
KIM_SUN = ("Defection reported\nThe ministry said Kim Chol-su defected to South Korea on Sunday "
           "across the Military Demarcation Line.\n")
KIM_MON_3 = ("Soldier crosses\nOfficials said Kim Chol-su defected to South Korea on Monday across the "
             "Military Demarcation Line.\n")
UNRELATED = ("Another crossing\nIn an unrelated incident, Kim Chol-su defected to South Korea on Monday "
             "across the Military Demarcation Line, the ministry said.\n")


def _ingest(tmp_path, *texts, store="s"):
    st = open_store(tmp_path / store)
    paths = [write(tmp_path / "in", f"t{i}", t, "2025-11-12", f"https://example.org/t{i}") for i, t in enumerate(texts)]
    ingest_paths(st, paths)
    return st


def _event_links(store):
    return [(p, a, b) for a, p, b in _resolution(store) if "/event/" in a and "/event/" in b]


def _evidence(store):
    return sorted((r[0].value.rsplit("#", 1)[-1], r[1].value) for r in store.query(
        "SELECT ?p ?e WHERE { GRAPH kgg:resolution { ?l a kg:IdentityLink ; kg:linkProperty ?p ; kg:evidence ?e ; "
        "kg:linkedNode ?n . FILTER(CONTAINS(STR(?n), '/event/')) } }", union=False))


def test_a_shared_named_person_on_one_day_is_one_event_with_its_evidence(tmp_path):
    store = _ingest(tmp_path, KIM_MON, KIM_MON_2)
    got = _event_links(store)
    assert [p for p, _, _ in got] == ["sameAs"], _resolution(store)
    ev = {e for p, e in _evidence(store) if p == "sameAs"}
    assert {"compatible types", "compatible times", "shared participant"} <= ev
    people = [r[0].value for r in store.query(
        "SELECT ?s WHERE { GRAPH kgg:resolution { ?l kg:evidence 'shared participant' ; kg:sharedNode ?s } }", union=False)]
    assert people and all("kim-chol-su" in p for p in people)


def test_same_incident_different_day_given_is_the_same_event_with_other_date(tmp_path):
    store = _ingest(tmp_path, KIM_MON, KIM_SUN)
    assert [p for p, _, _ in _event_links(store)] == ["sameEventAs"], _resolution(store)
    assert ("sameEventAs", "other date") in _evidence(store)
    from kg.query.run import run_query

    rows = [r for r in run_query(store, "disagreements").rows if r[0].value == "date"]
    assert {(r[4].value, r[7].value) for r in rows} <= {("2025-11-10", "2025-11-09"), ("2025-11-09", "2025-11-10")}
    assert rows and all("Kim Chol-su" in r[8].value and "Kim Chol-su" in r[9].value for r in rows)  # both sentences
    assert not [r for r in run_query(store, "disagreements").rows if r[0].value == "actor"]


def test_two_incidents_one_article_says_unrelated_are_not_linked(tmp_path):
    store = _ingest(tmp_path, KIM_MON, UNRELATED)
    assert _event_links(store) == []


def test_ingest_order_does_not_change_the_resolution_graph(tmp_path):
    texts = (KIM_MON, KIM_MON_2, KIM_SUN)
    paths = [write(tmp_path / "in", f"t{i}", t, "2025-11-12", f"https://example.org/t{i}") for i, t in enumerate(texts)]
    one, other = open_store(tmp_path / "abc"), open_store(tmp_path / "cba")
    for p in paths:
        ingest_paths(one, [p])
    for p in reversed(paths):
        ingest_paths(other, [p])
    assert _resolution(one) == _resolution(other) != []
    # a cluster of three reports holds two links, not three (members point to one representative)
    same = [x for x in _resolution(one) if x[1] == "sameAs" and "/event/" in x[0]]
    assert len(same) <= 2


def test_retracting_the_middle_report_recomputes_its_cluster(tmp_path):
    """Removing the report that held a cluster together leaves what a store without it has."""
    paths = [write(tmp_path / "in", f"t{i}", t, "2025-11-12", f"https://example.org/t{i}")
             for i, t in enumerate((KIM_MON, KIM_MON_2, KIM_SUN))]
    full, fresh = open_store(tmp_path / "full"), open_store(tmp_path / "fresh")
    ingest_paths(full, paths)
    ingest_paths(fresh, [paths[1], paths[2]])
    remove_source(full, "t0.txt")
    assert _resolution(full) == _resolution(fresh)


def test_a_cluster_is_stored_as_members_pointing_to_one_representative(tmp_path):
    """Three reports of one defection: two owl:sameAs triples to the smallest IRI (not the three
    pairs of a clique); retracting the source of the representative points the rest to a new one."""
    paths = [write(tmp_path / "in", f"t{i}", t, "2025-11-12", f"https://example.org/t{i}")
             for i, t in enumerate((KIM_MON, KIM_MON_2, KIM_MON_3))]
    store = open_store(tmp_path / "s")
    ingest_paths(store, paths)
    same = [(a, b) for a, p, b in _resolution(store) if p == "sameAs" and "/event/" in a]
    members = sorted({a for a, _ in same} | {b for _, b in same})
    assert len(members) == 3 and len(same) == 2
    assert {b for _, b in same} == {members[0]}
    rep_source = next(r[0].value for r in store.query(
        "SELECT ?sid WHERE { GRAPH kgg:metadata { ?d kg:sourceId ?sid } }", union=False)
        if f"/src/{r[0].value}/" in members[0])
    remove_source(store, rep_source)
    same = [(a, b) for a, p, b in _resolution(store) if p == "sameAs" and "/event/" in a]
    assert len(same) == 1 and same[0][1] == min(members[1:])


def test_every_veto_and_evidence_kind_of_the_event_rule():
    """kg.graph.identity.judge_events on hand-made reports: each veto and each kind of evidence."""
    from datetime import date

    from kg.graph import identity

    inside = {("county", "province"), ("section", "dmz")}
    facts = identity.Facts(
        type_compatible=lambda a, b: a == b or {a, b} == {"Defection", "Movement"},
        place_compatible=lambda a, b: a == b or (a, b) in inside or (b, a) in inside,
        is_specific_actor=lambda x, s: x in {"kim", "rebels"},
        is_specific_place=lambda x, s: x in {"bridge", "county", "section"})

    def ev(source, time, places=(), actors=(), typ="Defection", separate=None, counts=()):
        day = date.fromisoformat(time).toordinal() if len(time) == 10 else None
        return {"source": source, "type": typ, "time": time, "day": day, "places": set(places),
                "actors": set(actors), "separate": separate, "counts": frozenset(counts)}

    j = identity.judge_events
    assert j(facts, ev("a", "2025-11-10", actors=["kim"]), ev("b", "2025-11", actors=["kim"])).kind == "sameAs"
    assert "shared participant" in j(facts, ev("a", "2025-11-10", actors=["kim"]), ev("b", "2025-11-10", actors=["kim"])).evidence
    got = j(facts, ev("a", "2025-11-10", ["bridge"]), ev("b", "2025-11-10", ["bridge"]))
    assert got.kind == "sameAs" and "same place and day" in got.evidence and got.shared == ("bridge",)
    assert "compatible places" in j(facts, ev("a", "2025-11-10", ["county"], ["kim"]),
                                     ev("b", "2025-11-10", ["province"], ["kim"])).evidence
    assert j(facts, ev("a", "2025-11-10", actors=["kim"]), ev("b", "2025-11-10", actors=["kim"], typ="Movement"))
    # vetoes
    assert j(facts, ev("a", "2025-11-10", actors=["kim"]), ev("b", "2025-11-10", actors=["kim"], typ="Attack")).veto == identity.VETO_TYPES
    assert j(facts, ev("a", "2025-11-10", actors=["kim"]), ev("b", "2025-11-10", actors=["kim"], separate="unrelated")).veto == identity.VETO_SEPARATE
    assert j(facts, ev("a", "2025-11-10", actors=["kim"], counts=["2"]), ev("b", "2025-11-10", actors=["kim"], counts=["3"])).veto == identity.VETO_COUNTS
    assert j(facts, ev("a", "2025-11-10", ["county"], ["kim"]), ev("b", "2025-11-10", ["section"], ["kim"])).veto == identity.VETO_PLACES
    assert j(facts, ev("a", "2025-11-10", ["bridge"]), ev("b", "2025-11-11", ["bridge"])).kind == "sameEventAs"  # other date, strict
    assert j(facts, ev("a", "2025-11-10", ["province"]), ev("b", "2025-11-11", ["province"])).veto == identity.VETO_DAYS
    assert j(facts, ev("a", "2025-11-10", ["province"]), ev("b", "2025-11-10", ["province"])).veto == identity.VETO_NO_EVIDENCE
    assert j(facts, ev("a", "2025-11-10", actors=["army"]), ev("b", "2025-11-10", actors=["army"])).veto == identity.VETO_NO_EVIDENCE
    assert j(facts, ev("a", "2024-11-01", actors=["kim"]), ev("b", "2025-11-10", actors=["kim"])).veto == identity.VETO_FAR


def test_actor_rule_full_names_qids_and_states():
    from kg.graph import identity

    def ent(source, label, cls="Person", state=(), qids=(), anon=False):
        return {"source": source, "labels": {label}, "cls": {cls}, "state": set(state), "qids": set(qids),
                "person": cls == "Person", "generated": anon, "anon": anon}

    j = identity.judge_entities
    assert j(ent("a", "kim chol su"), ent("b", "kim chol su"), share_a_state=True).evidence == ("same name",)
    assert not j(ent("a", "kim"), ent("b", "kim"), share_a_state=True)  # a surname alone never merges
    assert j(ent("a", "x", qids=["Q1"]), ent("b", "y", qids=["Q1"]), share_a_state=False).evidence == ("same Wikidata id",)
    assert not j(ent("a", "kim chol su", qids=["Q1"]), ent("b", "kim chol su", qids=["Q2"]), share_a_state=True)
    assert not j(ent("a", "ministry of planning", "Organization", ["KE"]),
                 ent("b", "ministry of planning", "Organization", ["PE"]), share_a_state=True)
    assert not j(ent("a", "north korean soldier", anon=True), ent("b", "north korean soldier", anon=True), share_a_state=True)
    assert not j(ent("a", "kim chol su"), ent("b", "kim chol su"), share_a_state=False)


def test_a_month_report_does_not_put_two_days_in_one_cluster(tmp_path):
    """A report that gives only the month agrees with both a Monday and a Sunday report; the cluster
    keeps one of them (owl:sameAs) and joins the other as another date (kg:sameEventAs), whatever
    the ingest order."""
    month = ("Defection this month\nThe ministry said Kim Chol-su defected to South Korea in November 2025 "
             "across the Military Demarcation Line.\n")
    paths = [write(tmp_path / "in", f"t{i}", t, "2025-11-12", f"https://example.org/t{i}")
             for i, t in enumerate((month, KIM_MON, KIM_SUN))]
    one, other = open_store(tmp_path / "one"), open_store(tmp_path / "other")
    for p in paths:
        ingest_paths(one, [p])
    for p in reversed(paths):
        ingest_paths(other, [p])
    got = _event_links(one)
    assert sorted(p for p, _, _ in got) == ["sameAs", "sameEventAs"], _resolution(one)
    assert _resolution(one) == _resolution(other)
    days = {r[0].value for r in one.query(
        "SELECT ?d WHERE { ?e owl:sameAs ?r . GRAPH ?g { ?e sem:hasTime/time:inXSDDate ?d } }")}
    assert len(days) <= 1


def test_why_same_shows_members_sentences_and_evidence(tmp_path):
    from kg.query.run import run_query

    store = _ingest(tmp_path, KIM_MON, KIM_MON_2, KIM_SUN)
    event = next(a for a, p, b in _resolution(store) if p == "sameEventAs")
    rows = [{k: (v.value if v is not None else None) for k, v in zip(("kind", "item", "source", "text", "other", "property",
                                                                         "evidence", "shared"), r)}
            for r in run_query(store, "why_same", params={"node": event}).rows]
    members = [r for r in rows if r["kind"] == "member"]
    links = [r for r in rows if r["kind"] == "link"]
    assert len({r["item"] for r in members}) == 3 and len({r["source"] for r in members}) == 3
    assert all("Kim Chol-su" in r["text"] for r in members)
    assert len(links) == 2
    assert {r["property"].rsplit("#", 1)[-1] for r in links} == {"sameAs", "sameEventAs"}
    assert all("shared participant" in r["evidence"] and "kim-chol-su" in r["shared"] for r in links)
    assert any("other date" in r["evidence"] for r in links)
    alone = run_query(store, "why_same", params={"node": "https://w3id.org/kg-news/id/src/0000000000000000/event/x"}).rows
    assert alone == []


GHANA = [
    "Ghana to cut fuel levy\nGhana's finance minister Ama Serwaa Mensah said on Monday in Accra that Ghana would cut the fuel levy.\n",
    "Accra budget talks\nFinance minister Ama Serwaa Mensah of Ghana told lawmakers in Accra on Tuesday that Ghana would borrow less.\n",
    "Ghana bond sale\nGhana sold bonds on Wednesday, finance minister Ama Serwaa Mensah said in Accra.\n",
    "Ghana cocoa prices\nAma Serwaa Mensah, Ghana's finance minister, said in Accra on Thursday that cocoa prices rose.\n",
]


def test_a_leaf_source_changes_its_own_links_only_and_as_a_whole_recomputation_would(tmp_path, monkeypatch):
    """Removing or re-ingesting one source whose nodes are leaves of their clusters' trees reads no
    entity cluster whole, and leaves the resolution graph a store built without it (or with it
    from the start) has."""
    import kg.graph.trees as trees

    paths = [write(tmp_path / "in", f"g{i}", t, "2025-11-12", f"https://example.org/g{i}") for i, t in enumerate(GHANA)]
    whole: list[str] = []
    group_of = trees.group_of
    monkeypatch.setattr(trees, "group_of", lambda st, seeds: (whole.extend(seeds), group_of(st, seeds))[1])
    full = open_store(tmp_path / "full")
    ingest_paths(full, paths)
    assert any("/entity/" in a for a, _, _ in _resolution(full))
    for i in (3, 2):
        fresh = open_store(tmp_path / f"fresh{i}")
        ingest_paths(fresh, paths[:i])
        whole.clear()
        remove_source(full, f"g{i}.txt")
        assert not [n for n in whole if "/entity/" in n]
        assert _resolution(full) == _resolution(fresh)
    whole.clear()
    ingest_paths(full, [paths[2]])
    assert not [n for n in whole if "/entity/" in n]
    fresh = open_store(tmp_path / "fresh")
    ingest_paths(fresh, paths[:3])
    assert _resolution(full) == _resolution(fresh)

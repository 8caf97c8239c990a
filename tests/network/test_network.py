"""kg.network: RDF -> networkx, selection and graph files, on a store built from hand-made extractions."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import networkx as nx
import pytest
from rdflib import Literal

from kg import iri
from kg.errors import UsageError
from kg.model import Article, Claim, ClaimKind, Entity, Event, Extraction, Mention, Precision, TimeValue
from kg.network import Kind, Selection, build_network, find_nodes, select_subgraph, write_graph_file
from kg.graph.rdfize import metadata_quads, source_quads
from kg.graph.store import KGStore, open_store, to_quad
from kg.vocab import KG, KGET, REF, REFERENCE_GRAPH, RDF, RDFS, SKOS
from conftest import FIXTURE_ARTICLES

CLOCK = datetime(2025, 10, 21, tzinfo=timezone.utc)

TEXT_A = (
    "Soldier defects across the DMZ\n\n"
    "A North Korean soldier crossed the border into South Korea on Sunday, the Joint Chiefs of Staff said. "
    "The South Korean military took custody of the defector. "
    "The regime is increasingly fragile. "
    "About 20 soldiers crossed in 2024."
)
TEXT_B = "South Korea said on Monday that it returned two fishermen to North Korea."


def span(text: str, needle: str, nth: int = 0) -> Mention:
    """The ``nth`` occurrence of ``needle`` in ``text`` as a Mention."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return Mention.of(text, at, at + len(needle))


def sentences(text: str) -> list[Mention]:
    """Split on '. ' and newlines: good enough for hand-written fixtures."""
    out, start = [], 0
    for i, ch in enumerate(text):
        end = None
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            end = i + 1
        elif ch == "\n":
            end = i
        if end is not None:
            if text[start:end].strip():
                out.append(Mention.of(text, start, end))
            start = end + 1
    if text[start:].strip():
        out.append(Mention.of(text, start, len(text)))
    return [m for m in out if m.anchor.strip()]


def day(text: str, needle: str, value: str, anchor: date) -> TimeValue:
    d = date.fromisoformat(value)
    return TimeValue(span(text, needle), value, Precision.DAY, anchor,
                     datetime(d.year, d.month, d.day, tzinfo=timezone.utc),
                     datetime(d.year, d.month, d.day, 23, 59, 59, tzinfo=timezone.utc))


def year(text: str, needle: str, value: str, anchor: date) -> TimeValue:
    y = int(value)
    return TimeValue(span(text, needle), value, Precision.YEAR, anchor,
                     datetime(y, 1, 1, tzinfo=timezone.utc), datetime(y, 12, 31, 23, 59, 59, tzinfo=timezone.utc))


def article_a() -> Extraction:
    t = TEXT_A
    published = date(2025, 10, 20)
    art = Article(text=t, source_id="srca", content_hash="a" * 64, title="Soldier defects across the DMZ",
                  publisher="Example News", url="https://news.example/a", published=published)
    sents = sentences(t)
    nk, sk, dmz = str(REF["north-korea"]), str(REF["south-korea"]), str(REF["dmz"])
    ents = {
        "soldier": Entity("soldier", "Person", "North Korean soldier", generated_label=True,
                          mentions=[span(t, "North Korean soldier"), span(t, "the defector")], nationality=nk),
        nk: Entity(nk, "State", "North Korea", ref=nk, mentions=[span(t, "North Korean")]),
        sk: Entity(sk, "State", "South Korea (source label)", ref=sk, mentions=[span(t, "South Korea")]),
        dmz: Entity(dmz, "Border", "DMZ", ref=dmz, mentions=[span(t, "DMZ")]),
        "jcs": Entity("jcs", "GovernmentAgency", "Joint Chiefs of Staff", mentions=[span(t, "Joint Chiefs of Staff")],
                      state_of=sk),
        "military": Entity("military", "ArmedForces", "South Korean military", mentions=[span(t, "South Korean military")],
                           state_of=sk),
        "soldiers": Entity("soldiers", "Group", "about 20 soldiers", mentions=[span(t, "About 20 soldiers")]),
    }
    crossed = span(t, "crossed")
    ev1 = Event(type=str(KGET["defection"]), cls=str(KG.Event), trigger=crossed, sentence=sents[1],
                roles={"agent": ["soldier"], "origin": [nk], "destination": [sk]},
                time=day(t, "on Sunday", "2025-10-19", published), label="crossed")
    ev2 = Event(type=str(KGET["take-custody"]), cls=str(KG.Event), trigger=span(t, "took custody"), sentence=sents[2],
                roles={"agent": ["military"], "patient": ["soldier"]}, label="took custody")
    ev3 = Event(type=str(KGET["defection"]), cls=str(KG.Event), trigger=span(t, "crossed", 1), sentence=sents[4],
                roles={"agent": ["soldiers"]}, time=year(t, "in 2024", "2024", published), label="crossed")
    claims = [
        Claim(ClaimKind.OPINION, sents[3], None),
        Claim(ClaimKind.ATTRIBUTED, sents[1], "jcs", verb="say"),
        Claim(ClaimKind.ESTIMATE, sents[4], None, quantity=20.0, approximate=True, counts="soldiers",
              quantity_mention=span(t, "About 20")),
    ]
    return Extraction(article=art, extractor="test.v1", sentences=sents, entities=ents, events=[ev1, ev2, ev3],
                      claims=claims, times=[ev1.time, ev3.time])


def article_b() -> Extraction:
    t = TEXT_B
    published = date(2025, 10, 21)
    art = Article(text=t, source_id="srcb", content_hash="b" * 64, title="Seoul returns two fishermen",
                  url="javascript:alert(1)", published=published)
    nk, sk = str(REF["north-korea"]), str(REF["south-korea"])
    ents = {
        sk: Entity(sk, "State", "South Korea", ref=sk, mentions=[span(t, "South Korea")]),
        nk: Entity(nk, "State", "North Korea", ref=nk, mentions=[span(t, "North Korea")]),
        "fishermen": Entity("fishermen", "Group", "two fishermen", mentions=[span(t, "two fishermen")]),
    }
    ev = Event(type=str(KGET["repatriation"]), cls=str(KG.Event), trigger=span(t, "returned"), sentence=sentences(t)[0],
               roles={"agent": [sk], "patient": ["fishermen"], "destination": [nk]},
               time=day(t, "on Monday", "2025-10-20", published), label="returned")
    return Extraction(article=art, extractor="test.v1", sentences=sentences(t), entities=ents, events=[ev], times=[ev.time])


def reference_quads() -> list:
    g = REFERENCE_GRAPH
    rows = [
        (REF["north-korea"], RDF.type, KG.State), (REF["north-korea"], RDFS.label, Literal("North Korea", lang="en")),
        (REF["north-korea"], RDFS.label, Literal("Corée du Nord", lang="fr")),
        (REF["south-korea"], RDF.type, KG.State), (REF["south-korea"], RDFS.label, Literal("South Korea", lang="en")),
        (REF["dmz"], RDF.type, KG.Border), (REF["dmz"], RDFS.label, Literal("Korean Demilitarized Zone", lang="en")),
        (KGET["defection"], RDF.type, KG.EventType), (KGET["defection"], SKOS.prefLabel, Literal("defection", lang="en")),
        (KGET["take-custody"], RDF.type, KG.EventType),
        (KGET["take-custody"], SKOS.prefLabel, Literal("custody", lang="en")),
        (KGET["repatriation"], RDF.type, KG.EventType),
        (KGET["repatriation"], SKOS.prefLabel, Literal("repatriation", lang="en")),
        (KG.ArmedForces, RDFS.subClassOf, KG.Organization),
        (KG.EditorialOpinion, SKOS.prefLabel, Literal("editorial opinion", lang="en")),
        (KG.AttributedStatement, SKOS.prefLabel, Literal("attributed statement", lang="en")),
        (KG.EstimateKind, SKOS.prefLabel, Literal("estimate", lang="en")),
    ]
    return [to_quad(s, p, o, g) for s, p, o in rows]


def store_of(*extractions: Extraction, reference: bool = True) -> KGStore:
    store = open_store(None)
    quads = reference_quads() if reference else []
    for ex in extractions:
        body = source_quads(ex)
        quads += body + metadata_quads(ex.article, extractor=ex.extractor, generated_at=CLOCK, triple_count=len(body))
    store.replace_graphs(insert=quads)
    return store


@pytest.fixture(scope="module")
def store() -> KGStore:
    return store_of(article_a(), article_b())


@pytest.fixture(scope="module")
def graph(store) -> nx.MultiDiGraph:
    return build_network(store)


def by_label(g: nx.MultiDiGraph, label: str) -> str:
    found = [n for n, d in g.nodes(data=True) if d["label"] == label]
    assert len(found) == 1, (label, found)
    return found[0]


def roles(g: nx.MultiDiGraph, node: str) -> set[tuple[str, str]]:
    return {(d["role"], g.nodes[v]["label"]) for _, v, d in g.out_edges(node, data=True)}


# -- build_network -------------------------------------------------------------------------------


def test_nodes_have_kinds_and_human_labels(graph):
    kinds = {d["label"]: d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds["North Korean soldier"] == "person"
    assert kinds["North Korea"] == "state"
    assert kinds["Joint Chiefs of Staff"] == "organization"  # kg:GovernmentAgency
    assert kinds["South Korean military"] == "organization"  # kg:ArmedForces
    assert kinds["about 20 soldiers"] == "group"
    assert kinds["Korean Demilitarized Zone"] == "place"  # kg:Border, reference label wins
    assert kinds["Soldier defects across the DMZ"] == "source"
    assert kinds["Seoul returns two fishermen"] == "source"
    assert kinds["author of Soldier defects across the DMZ"] == "person"
    for n, d in graph.nodes(data=True):
        assert not d["label"].startswith(("http://", "https://")), n
        assert d["iri"] == n
        assert d["kind"] in {k.value for k in Kind}


def test_reference_label_preferred_in_english(graph):
    assert graph.nodes[str(REF["south-korea"])]["label"] == "South Korea"
    assert graph.nodes[str(REF["north-korea"])]["label"] == "North Korea"


def test_events_are_labelled_with_type_and_date(graph):
    events = {d["label"]: d for _, d in graph.nodes(data=True) if d["kind"] == "event"}
    assert set(events) == {"defection \u00b7 2025-10-19", "defection \u00b7 2024", "custody", "repatriation \u00b7 2025-10-20"}
    assert events["defection \u00b7 2025-10-19"]["date"] == "2025-10-19"
    assert events["defection \u00b7 2024"]["date_begin"] == "2024-01-01"
    assert events["defection \u00b7 2024"]["date_end"] == "2024-12-31"
    assert "date" not in events["custody"]


def test_event_edges_carry_roles(graph):
    ev = by_label(graph, "defection \u00b7 2025-10-19")
    assert roles(graph, ev) == {("agent", "North Korean soldier"), ("origin", "North Korea"), ("destination", "South Korea")}
    custody = by_label(graph, "custody")
    assert roles(graph, custody) == {("agent", "South Korean military"), ("patient", "North Korean soldier")}
    rep = by_label(graph, "repatriation \u00b7 2025-10-20")
    assert roles(graph, rep) == {("agent", "South Korea"), ("patient", "two fishermen"), ("destination", "North Korea")}
    soldier = by_label(graph, "North Korean soldier")
    assert ("nationality", "North Korea") in roles(graph, soldier)


def test_claims_are_attributed(graph):
    claims = {d["subtype"]: n for n, d in graph.nodes(data=True) if d["kind"] == "claim"}
    assert set(claims) == {"editorial opinion", "attributed statement", "estimate"}
    assert roles(graph, claims["attributed statement"]) == {("attributed to", "Joint Chiefs of Staff")}
    assert roles(graph, claims["editorial opinion"]) == {("attributed to", "author of Soldier defects across the DMZ")}
    op = graph.nodes[claims["editorial opinion"]]
    assert op["label"].startswith("editorial opinion: \u201cThe regime is increasingly fragile.")
    assert op["text"] == "The regime is increasingly fragile."
    est = graph.nodes[claims["estimate"]]
    assert est["quantity"] == 20.0 and est["quantity_of"] == "soldiers"
    (ev,) = est["evidence"]
    assert ev["anchor"] == "About 20" and ev["marks"] == [[ev["begin"], ev["end"]]]


def test_shared_entity_lists_every_source(graph):
    sk = graph.nodes[str(REF["south-korea"])]
    assert [s["source_id"] for s in sk["sources"]] == ["srca", "srcb"]
    a = sk["sources"][0]
    assert a == {"source_id": "srca", "title": "Soldier defects across the DMZ", "url": "https://news.example/a",
                 "published": "2025-10-20", "publisher": "Example News"}
    assert {e["source_id"] for e in sk["evidence"]} == {"srca", "srcb"}


def test_evidence_gives_sentence_and_offsets(graph):
    soldier = graph.nodes[by_label(graph, "North Korean soldier")]
    ev = soldier["evidence"]
    assert [e["anchor"] for e in ev] == ["North Korean soldier", "the defector"]
    for e in ev:
        assert TEXT_A[e["begin"]:e["end"]] == e["anchor"]
        assert TEXT_A[e["sentence_begin"]:e["sentence_begin"] + len(e["sentence"])] == e["sentence"]
        rel = e["begin"] - e["sentence_begin"]
        assert e["sentence"][rel:rel + len(e["anchor"])] == e["anchor"]
        assert e["title"] == "Soldier defects across the DMZ" and e["published"] == "2025-10-20"
        assert e["url"] == "https://news.example/a"
    assert ev[0]["sentence"].startswith("A North Korean soldier crossed the border")


def test_edge_evidence_marks_event_and_participant(graph):
    ev = by_label(graph, "defection \u00b7 2025-10-19")
    soldier = by_label(graph, "North Korean soldier")
    (data,) = graph.get_edge_data(ev, soldier).values()
    assert data["role"] == "agent"
    assert [s["source_id"] for s in data["sources"]] == ["srca"]
    (e,) = data["evidence"]
    marked = {TEXT_A[b:en] for b, en in e["marks"]}
    assert marked == {"crossed", "North Korean soldier"}


def test_provenance_mode_adds_mentions_texts_and_times(store):
    g = build_network(store, provenance=True)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"mention", "context", "time"} <= kinds
    soldier = by_label(g, "North Korean soldier")
    out = {(d["role"], g.nodes[v]["kind"]) for _, v, d in g.out_edges(soldier, data=True)}
    assert ("denoted by", "mention") in out and ("stated in", "source") in out
    ev = by_label(g, "defection \u00b7 2025-10-19")
    times = [g.nodes[v]["label"] for _, v, d in g.out_edges(ev, data=True) if d["role"] == "time"]
    assert times == ["on Sunday \u2192 2025-10-19"]
    default = build_network(store)
    assert {d["kind"] for _, d in default.nodes(data=True)}.isdisjoint({"mention", "context", "time"})
    assert not any(d["role"] == "stated in" for *_, d in default.edges(data=True))


def test_without_reference_graph_labels_fall_back_to_words():
    g = build_network(store_of(article_a(), reference=False))
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert "defection \u00b7 2025-10-19" in labels  # local name of the event type
    assert "DMZ" in labels  # the source's own label
    assert not any(lbl.startswith("http") for lbl in labels)


def test_empty_store_gives_empty_graph():
    g = build_network(open_store(None))
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0


# -- select_subgraph ----------------------------------------------------------------------------


def test_focus_by_label_is_case_insensitive_and_limited_by_hops(graph):
    one = select_subgraph(graph, focus="north korean SOLDIER", hops=1)
    labels = {d["label"] for _, d in one.graph.nodes(data=True)}
    assert labels == {"North Korean soldier", "defection \u00b7 2025-10-19", "custody", "North Korea"}
    assert one.focus == [by_label(graph, "North Korean soldier")]
    two = select_subgraph(graph, focus=by_label(graph, "North Korean soldier"), hops=2)
    assert "South Korean military" in {d["label"] for _, d in two.graph.nodes(data=True)}
    assert "two fishermen" not in {d["label"] for _, d in two.graph.nodes(data=True)}
    assert "within 2 hops of North Korean soldier" in two.reason


def test_unknown_focus_is_a_usage_error(graph):
    with pytest.raises(UsageError):
        select_subgraph(graph, focus="nobody at all")


def test_select_by_type(graph):
    sel = select_subgraph(graph, types=["event", "state"])
    assert {d["kind"] for _, d in sel.graph.nodes(data=True)} == {"event", "state"}
    with pytest.raises(UsageError):
        select_subgraph(graph, types=["planet"])


def test_select_by_source(graph):
    sel = select_subgraph(graph, sources=["srcb"])
    labels = {d["label"] for _, d in sel.graph.nodes(data=True)}
    assert "two fishermen" in labels and "South Korea" in labels
    assert "North Korean soldier" not in labels
    for *_, d in sel.graph.edges(data=True):
        assert "srcb" in {s["source_id"] for s in d["sources"]}


def test_select_since_until_compares_event_dates(graph):
    sel = select_subgraph(graph, since="2025-10-01")
    events = {d["label"] for _, d in sel.graph.nodes(data=True) if d["kind"] == "event"}
    assert events == {"defection \u00b7 2025-10-19", "repatriation \u00b7 2025-10-20"}
    labels = {d["label"] for _, d in sel.graph.nodes(data=True)}
    assert "about 20 soldiers" not in labels  # only took part in the 2024 event
    old = select_subgraph(graph, until=date(2024, 6, 30))
    assert {d["label"] for _, d in old.graph.nodes(data=True) if d["kind"] == "event"} == {"defection \u00b7 2024"}
    with pytest.raises(UsageError):
        select_subgraph(graph, since="last week")


def test_max_nodes_keeps_most_central_and_says_what_was_left_out(graph):
    sel = select_subgraph(graph, max_nodes=5)
    assert isinstance(sel, Selection)
    assert sel.graph.number_of_nodes() == 5
    assert sel.omitted_nodes == graph.number_of_nodes() - 5
    assert sum(sel.omitted_by_kind.values()) == sel.omitted_nodes
    assert "most central" in sel.reason and f"{sel.omitted_nodes} left out" in sel.reason
    kept = {d["label"] for _, d in sel.graph.nodes(data=True)}
    assert "South Korea" in kept and "North Korean soldier" in kept  # the hubs
    focused = select_subgraph(graph, focus="two fishermen", hops=3, max_nodes=2)
    assert by_label(graph, "two fishermen") in focused.graph


def test_find_nodes_by_iri_label_and_part(graph):
    sk = str(REF["south-korea"])
    assert find_nodes(graph, sk) == [sk]
    assert find_nodes(graph, "SOUTH KOREA") == [sk]
    assert by_label(graph, "two fishermen") in find_nodes(graph, "fisher")


def test_select_everything_by_default(graph):
    sel = select_subgraph(graph)
    assert sel.graph.number_of_nodes() == graph.number_of_nodes()
    assert sel.omitted_nodes == 0 and sel.reason == ""


# -- graph files --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_write_graph_file_round_trips(graph, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    report = write_graph_file(graph, out, fmt)
    assert report.nodes == graph.number_of_nodes() and report.edges == graph.number_of_edges()
    assert report.bytes == out.stat().st_size > 0
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    soldier = by_label(graph, "North Korean soldier")
    d = back.nodes[soldier]
    assert d["label"] == "North Korean soldier" and d["kind"] == "person"
    evidence = json.loads(d["evidence"])
    assert evidence == json.loads(json.dumps(graph.nodes[soldier]["evidence"]))
    roles_back = sorted(ed["role"] for *_, ed in back.edges(data=True))
    assert roles_back == sorted(ed["role"] for *_, ed in graph.edges(data=True))


def test_write_graph_file_rejects_unknown_format(graph, tmp_path):
    with pytest.raises(UsageError):
        write_graph_file(graph, tmp_path / "g.dot", "dot")


def test_source_node_keeps_metadata(graph):
    doc = str(iri.doc_iri("srcb"))
    d = graph.nodes[doc]
    assert d["kind"] == "source" and d["source_id"] == "srcb" and d["url"] == "javascript:alert(1)"
    assert d["published"] == "2025-10-21"


def test_evidence_without_sentence_segmentation_uses_the_text_around_the_mention():
    ex = article_b()
    ex.sentences = []  # no nif:sentence links: the sentence is cut from the source text
    g = build_network(store_of(ex))
    fishermen = g.nodes[by_label(g, "two fishermen")]
    (e,) = fishermen["evidence"]
    assert e["sentence"] == TEXT_B
    assert e["sentence"][e["begin"] - e["sentence_begin"]:e["end"] - e["sentence_begin"]] == "two fishermen"


def test_untyped_participant_becomes_an_other_node_with_a_readable_label():
    ex = article_b()
    ex.events[0].add_role("place", "the-west-sea")  # a key with no entity behind it
    g = build_network(store_of(ex))
    ghost = g.nodes[str(iri.entity_iri("srcb", "the-west-sea"))]
    assert ghost["kind"] == "other" and ghost["label"] == "the west sea"
    assert [s["source_id"] for s in ghost["sources"]] == ["srcb"]


def test_on_the_ingested_corpus(built_store_path, tmp_path):
    """End to end on the store the pipeline builds from the seed and fixture articles."""
    g = build_network(open_store(built_store_path, read_only=True))
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"event", "source", "claim"} <= kinds
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "source") == len(FIXTURE_ARTICLES) + 1  # the seed and the fixture articles
    for n, d in g.nodes(data=True):
        assert d["label"] and not d["label"].startswith(("http://", "https://")), n
        if d["kind"] != "source":
            assert d["sources"], n
        for e in d["evidence"]:
            rel = e["begin"] - e["sentence_begin"]
            assert e["sentence"][rel:rel + len(e["anchor"])] == e["anchor"], (n, e)
    for *_, d in g.edges(data=True):
        assert d["role"] and d["sources"]
    report = write_graph_file(g, tmp_path / "corpus.graphml", "graphml")
    assert report.nodes == g.number_of_nodes()


def test_reports_of_one_event_with_other_dates_are_joined_by_an_edge(tmp_path):
    """Two reports of one defection by a named soldier that give other days (kg:sameEventAs) stay two
    nodes, joined by one edge that carries both sources and both sentences."""
    import json

    from kg.jobs.ingest import ingest_paths
    from kg.network.builder import SAME_EVENT_ROLE

    texts = {"mon": "Soldier defects\nKim Chol-su, a North Korean soldier, defected to South Korea across the "
                    "Military Demarcation Line on Monday, officials said.\n",
             "sun": "Defection reported\nThe ministry said Kim Chol-su defected to South Korea on Sunday "
                    "across the Military Demarcation Line.\n"}
    paths = []
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.json").write_text(json.dumps({"published": "2025-11-12", "url": f"https://example.org/{name}"}))
        paths.append(tmp_path / f"{name}.txt")
    store = open_store(tmp_path / "s")
    ingest_paths(store, paths)
    g = build_network(store)
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if d["role"] == SAME_EVENT_ROLE]
    assert len(edges) == 1
    u, v, d = edges[0]
    assert {g.nodes[u]["date"], g.nodes[v]["date"]} == {"2025-11-10", "2025-11-09"}
    assert len({s["source_id"] for s in d["sources"]}) == 2
    # both reports' sentences (the Monday report's headline states its defection too)
    said = {e["sentence"] for e in d["evidence"]}
    assert any("on Monday" in x for x in said) and any("on Sunday" in x for x in said)
    assert len({e["source_id"] for e in d["evidence"]}) == 2


def test_a_claim_s_edge_to_its_holder_carries_the_reporting_verb(graph):
    said = [d for _, v, d in graph.edges(data=True) if d.get("role") == "attributed to" and d.get("verb")]
    assert [d["verb"] for d in said] == ["say"]


def test_since_until_drops_what_is_linked_only_to_events_outside_the_range():
    src = lambda sid: [{"source_id": sid, "title": sid}]  # noqa: E731
    g = nx.MultiDiGraph()
    g.add_node("new", kind="event", label="new event", date="2025-03-02", sources=src("a"))
    g.add_node("old", kind="event", label="old event", date="2020", sources=src("b"))
    g.add_node("x", kind="person", label="X", sources=src("a"))
    g.add_node("both", kind="state", label="Both", sources=src("a"))
    g.add_node("y", kind="person", label="Y", sources=src("b"))
    g.add_node("z", kind="state", label="Z", sources=src("b"))
    g.add_node("c", kind="claim", label="claim of Y", sources=src("b"))
    g.add_node("cx", kind="claim", label="claim of X", sources=src("a"))
    g.add_node("w", kind="organization", label="W, linked to nothing", sources=src("b"))
    g.add_node("sa", kind="source", label="a", source_id="a")
    g.add_node("sb", kind="source", label="b", source_id="b")
    g.add_edge("new", "x", role="agent")
    g.add_edge("new", "both", role="place")
    g.add_edge("old", "both", role="place")
    g.add_edge("old", "y", role="agent")
    g.add_edge("y", "z", role="nationality")
    g.add_edge("c", "y", role="attributed to")
    g.add_edge("cx", "x", role="attributed to")
    kept = set(select_subgraph(g, since="2024-01-01").graph)
    assert kept == {"new", "x", "both", "cx", "sa"}
    # source a stays listed: it states "both", which the old event still reaches
    assert set(select_subgraph(g, until="2020-06-30").graph) == {"old", "both", "y", "z", "c", "sb", "sa"}
    assert set(select_subgraph(g, since="2021-01-01", until="2023-12-31").graph) == set()

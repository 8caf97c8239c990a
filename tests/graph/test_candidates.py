"""What resolution reads of the sources (kg.graph.candidates): each node once, and the same answers
whether asked one source at a time or for many at once."""

from __future__ import annotations

import json

import kg.graph.candidates as candidates
from kg.graph.candidates import Reader, graph_node
from kg.graph.resolve import resolve_sources
from kg.graph.store import open_store
from kg.jobs.ingest import ingest_paths

KOREA_1 = ("Soldier defects\nKim Chol-su, a North Korean soldier, defected to South Korea on Monday, "
           "officials said. The South Korean military took custody of Kim Chol-su on Monday.\n")
KOREA_2 = ("Defection confirmed\nThe ministry said Kim Chol-su defected to South Korea on Monday "
           "across the Military Demarcation Line.\n")
KENYA = ("Ministry of Planning announces budget\nThe Ministry of Planning said on Monday that Kenya "
         "would raise spending on roads, Kenyan officials said.\n")
PERU = ("Ministry of Planning unveils plan\nThe Ministry of Planning said on Monday that Peru would cut "
        "fuel subsidies, Peruvian officials said.\n")


def _store(tmp_path, texts):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for i, text in enumerate(texts):
        (folder / f"s{i}.txt").write_text(text, encoding="utf-8")
        (folder / f"s{i}.json").write_text(json.dumps({"published": "2025-11-12", "url": f"https://example.org/s{i}"}))
        paths.append(folder / f"s{i}.txt")
    store = open_store(tmp_path / "store")
    report = ingest_paths(store, paths)
    return store, [s.source_id for s in report.sources]


def test_resolution_reads_the_properties_of_each_node_once(tmp_path, monkeypatch):
    """An event is read once (not once as a possible entity and again as an event), and a time
    value that several events share is read once."""
    store, ids = _store(tmp_path, [KOREA_1, KOREA_2])
    reads: dict[tuple, int] = {}
    properties = candidates.properties

    def counted(st, s, g):
        reads[(s, g)] = reads.get((s, g), 0) + 1
        return properties(st, s, g)

    monkeypatch.setattr(candidates, "properties", counted)
    resolve_sources(store, ids)
    events = [k for k in reads if "/event/" in k[0].value]
    assert events, reads  # the events were read
    assert {k: n for k, n in reads.items() if n > 1} == {}


def test_sharing_graphs_answers_as_share_a_state_does(tmp_path):
    store, ids = _store(tmp_path, [KOREA_1, KOREA_2, KENYA, PERU])
    one_by_one = {(s, o) for s in ids for o in ids if o != s and Reader(store).share_a_state(s, o)}
    at_once = set()
    for s in ids:
        others = {graph_node(o) for o in ids if o != s}
        at_once |= {(s, o) for o in ids if graph_node(o) in Reader(store).sharing_graphs(s, others)}
    assert one_by_one == at_once
    assert 0 < len(one_by_one) < len(ids) * (len(ids) - 1)  # some pairs share a state, some do not
    rd = Reader(store)  # asked for many first, then one at a time: the same answers from the cache
    for s in ids:
        rd.sharing_graphs(s, {graph_node(o) for o in ids if o != s})
    assert {(s, o) for s in ids for o in ids if o != s and rd.share_a_state(s, o)} == one_by_one


def test_a_representative_is_read_once_until_the_resolution_graph_changes(tmp_path, monkeypatch):
    """Every later source that carries a name asks for the representative of each node with that
    name: the reader reads it once, and reads it again after a write that moves the node."""
    import pyoxigraph as ox

    from kg.vocab import OWL, RESOLUTION_GRAPH

    store, ids = _store(tmp_path, [KOREA_1, KOREA_2])
    st = store.oxigraph
    same_as, res = ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(str(RESOLUTION_GRAPH))
    member, rep = next((q.subject, q.object) for q in st.quads_for_pattern(None, same_as, None, res))
    rd = Reader(store)
    reads = []

    class Counting:
        def __getattr__(self, name):
            return getattr(st, name)

        def quads_for_pattern(self, *pattern):
            reads.append(pattern)
            return st.quads_for_pattern(*pattern)

    rd.st = Counting()
    assert rd.representative(member) == rep and rd.representative(rep) == rep  # (a representative is its own)
    assert rd.representative(member) == rep
    assert len(reads) == 2  # one read per node, not per question
    moved = ox.Quad(member, same_as, ox.NamedNode(rep.value + "-other"), res)
    old = ox.Quad(member, same_as, rep, res)
    store.replace_graphs(delete=[old], insert=[moved])
    rd.written([old], [moved])
    assert rd.representative(member) == moved.object  # read again after the write
    assert rd.representative(rep) == rep and len(reads) == 3

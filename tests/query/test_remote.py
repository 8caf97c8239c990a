"""kg.query.endpoint and kg.graph.push: VALUES binding, HTTP errors and retries (against a tiny stdlib server), and — marked
``server`` — pushing the sample store to a real Oxigraph server and getting the same rows from
every named query through the endpoint as from the embedded store."""

from __future__ import annotations

import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import EndpointError, QueryError, UsageError
from kg.graph.push import _count_by_get, push_store
from kg.query import Endpoint, QueryKind, check_query, inject_values, run_query
from kg.query.endpoint import _declare_prefixes


def run_remote_query(url, query, params=None, *, limit=None, **endpoint):
    """A query at a SPARQL endpoint, as ``kg query --endpoint`` runs it."""
    return run_query(Endpoint(url, **endpoint), query, params=params, limit=limit)


def _load_sample_module():
    """The sample store and expectations live in test_query.py (fixtures stay in our own files)."""
    path = Path(__file__).with_name("test_query.py")
    spec = importlib.util.spec_from_file_location("kg_test_query_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _load_sample_module()

L = ox.Literal
N = ox.NamedNode


# -- VALUES binding ------------------------------------------------------------------------------------

def test_values_go_to_the_top_of_the_where_group():
    q = "PREFIX ex: <http://ex/>\nSELECT ?s ?x\nWHERE {\n  ?s ex:p ?x .\n}"
    out = inject_values(q, {"x": L("a"), "s": N("http://ex/s")})
    assert out == ('PREFIX ex: <http://ex/>\nSELECT ?s ?x\n'
                   'WHERE { VALUES (?x ?s) { ("a" <http://ex/s>) }\n  ?s ex:p ?x .\n}')
    assert check_query(out) is QueryKind.SELECT
    assert inject_values(q, {}) == q


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * { ?s ?p ?x }", 'SELECT * { VALUES (?x) { ("v") } ?s ?p ?x }'),
    ("ASK { ?s ?p ?x }", 'ASK { VALUES (?x) { ("v") } ?s ?p ?x }'),
    ("ASK WHERE { ?s ?p ?x }", 'ASK WHERE { VALUES (?x) { ("v") } ?s ?p ?x }'),
    ("CONSTRUCT { ?s <http://ex/q> ?x } WHERE { ?s ?p ?x }",
     'CONSTRUCT { ?s <http://ex/q> ?x } WHERE { VALUES (?x) { ("v") } ?s ?p ?x }'),
    ("DESCRIBE ?s WHERE { ?s ?p ?x }", 'DESCRIBE ?s WHERE { VALUES (?x) { ("v") } ?s ?p ?x }'),
    ("SELECT (COUNT(*) AS ?n) ?x WHERE { ?s ?p ?x } GROUP BY ?x",
     'SELECT (COUNT(*) AS ?n) ?x WHERE { VALUES (?x) { ("v") } ?s ?p ?x } GROUP BY ?x'),
    ("SELECT ?x FROM <http://ex/g> WHERE { SELECT ?x { ?s ?p ?x } }",
     'SELECT ?x FROM <http://ex/g> WHERE { VALUES (?x) { ("v") } { SELECT ?x { ?s ?p ?x } } }'),
    ("# { a comment with a brace\nSELECT ?x WHERE { ?s ?p '{' . ?s ?q ?x }",
     "# { a comment with a brace\nSELECT ?x WHERE { VALUES (?x) { (\"v\") } ?s ?p '{' . ?s ?q ?x }"),
])
def test_values_placement(query, expected):
    out = inject_values(query, {"x": L("v")})
    assert out == expected
    check_query(out)


def test_values_refuse_the_short_construct_form():
    with pytest.raises(QueryError, match="short-form CONSTRUCT WHERE"):
        inject_values("CONSTRUCT WHERE { ?s ?p ?x }", {"x": L("v")})


@pytest.mark.parametrize("evil", sample.EVIL)
def test_values_keep_any_string_a_literal(evil):
    """The VALUES text is a serialized term: the engine reads back exactly the value."""
    q = inject_values("SELECT ?x WHERE { }", {"x": L(evil)})
    rows = list(ox.Store().query(q))
    assert len(rows) == 1 and rows[0]["x"] == L(evil)


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_values_round_trip_any_text(text):
    q = inject_values("SELECT ?x ?y WHERE { }", {"x": L(text), "y": L(text, language="en")})
    rows = list(ox.Store().query(q))
    assert [(r["x"], r["y"]) for r in rows] == [(L(text), L(text, language="en"))]


def test_prefixes_used_but_not_declared_are_declared():
    out = _declare_prefixes("PREFIX kg: <https://w3id.org/kg-news/ont#>\n"
                            "SELECT * WHERE { ?s a kg:State ; rdfs:label ?l . ?s ?p 'skos:x' }")
    assert out.startswith("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX kg:")
    assert "PREFIX skos" not in out  # inside a string
    for q in sample.list_queries():
        assert _declare_prefixes(q.text) == q.text  # the shipped queries declare their prefixes


# -- HTTP behaviour, against a small stdlib server ------------------------------------------------------

class _Fake:
    """A loopback HTTP server answering with scripted (status, body) pairs."""

    def __init__(self, answers, delay: float = 0.0):
        self.answers = list(answers)
        self.requests: list[tuple[str, str, bytes]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                fake.requests.append((self.command, self.path, self.rfile.read(length) if length else b""))
                if delay:
                    time.sleep(delay)
                status, body = fake.answers.pop(0) if len(fake.answers) > 1 else fake.answers[0]
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


RESULT = json.dumps({"head": {"vars": ["x"]},
                     "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}).encode()


def test_retries_5xx_with_backoff():
    with _Fake([(503, b"busy"), (502, b"bad gateway"), (200, RESULT)]) as fake:
        t0 = time.monotonic()
        r = run_remote_query(fake.url, "SELECT ?x WHERE { }", union=False, retries=3, backoff=0.05)
        assert time.monotonic() - t0 >= 0.05 + 0.1  # 0.05, then 0.1
    assert [row[0].value for row in r.rows] == ["ok"]
    assert len(fake.requests) == 3 and fake.requests[0][0] == "POST"


def test_5xx_after_the_last_retry_is_one_line():
    with _Fake([(500, b"Internal error: out of memory\nstack trace...")]) as fake:
        with pytest.raises(EndpointError) as e:
            run_remote_query(fake.url, "SELECT ?x WHERE { }", union=False, retries=2, backoff=0.01)
    assert len(fake.requests) == 3
    assert "\n" not in str(e.value)
    assert "HTTP 500" in str(e.value) and "out of memory" in str(e.value)


def test_4xx_is_not_retried():
    with _Fake([(400, b"Parser error at 1:3")]) as fake:
        with pytest.raises(EndpointError, match="HTTP 400 Bad Request: Parser error at 1:3"):
            run_remote_query(fake.url, "SELECT ?x WHERE { }", union=False, retries=3, backoff=0.01)
    assert len(fake.requests) == 1


def test_connection_refused_is_retried_then_reported():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(EndpointError, match=r"cannot reach http://127\.0\.0\.1:\d+/sparql: .*\(after 3 attempts\)"):
        run_remote_query(f"http://127.0.0.1:{port}/sparql", "SELECT ?x WHERE { }", retries=2, backoff=0.01)


def test_timeout_is_reported():
    with _Fake([(200, RESULT)], delay=1.0) as fake:
        with pytest.raises(EndpointError, match=r"did not answer within 0\.2 s"):
            run_remote_query(fake.url, "SELECT ?x WHERE { }", union=False, timeout=0.2, retries=0)


def test_not_sparql_results():
    with _Fake([(200, b"<html>hello</html>")]) as fake:
        with pytest.raises(EndpointError, match="did not return SPARQL JSON results"):
            run_remote_query(fake.url, "SELECT ?x WHERE { }", union=False)


def test_the_request_carries_the_bound_query():
    with _Fake([(200, RESULT)]) as fake:
        run_remote_query(fake.url, "who_defected", {"source": 'x" } #'}, union=False)
    body = urllib.parse.parse_qs(fake.requests[0][2].decode())
    assert 'VALUES (?source) { ("x\\" } #") }' in body["query"][0]
    assert "default-graph-uri" not in body


def test_checks_happen_before_any_request():
    with _Fake([(200, RESULT)]) as fake:
        with pytest.raises(QueryError, match="SPARQL Update is not allowed"):
            run_remote_query(fake.url, "DROP ALL")
        with pytest.raises(QueryError, match="SERVICE clauses are not allowed"):
            run_remote_query(fake.url, "SELECT * WHERE { SERVICE <http://ex/> { ?s ?p ?o } }")
        with pytest.raises(QueryError, match="missing required parameter place"):
            run_remote_query(fake.url, "events_at_place")
        with pytest.raises(UsageError, match="not an http"):
            run_remote_query("ftp://example.org/sparql", "who_defected")
    assert fake.requests == []


# -- a real Oxigraph server ----------------------------------------------------------------------------

def _oxigraph_executable() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.prefix) / "bin" / "oxigraph")
    if not Path(found).is_file():
        pytest.fail("the oxigraph server executable is missing: pip install oxigraph")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """``oxigraph serve`` on a free loopback port with an empty store; stopped after the module."""
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    log = (location.parent / f"oxigraph-{port}.log").open("wb")
    proc = subprocess.Popen([_oxigraph_executable(), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 20 s")
            time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.fixture(scope="module")
def sample_store():
    return sample.build_sample_store()


@pytest.fixture(scope="module")
def pushed(oxigraph_server, sample_store):
    return push_store(sample_store, oxigraph_server)


def _server_count(base: str) -> int:
    r = run_remote_query(base + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
    return int(r.rows[0][0].value)


@pytest.mark.server
def test_push_copies_every_named_graph(pushed, sample_store, oxigraph_server):
    local = {g: sample_store.graph_size(g) for g in sample_store.named_graphs()}
    assert [g.graph for g in pushed.graphs] == sorted(local)
    assert all(g.action == "put" and g.remote_before == 0 for g in pushed.graphs)
    assert {g.graph: g.remote_after for g in pushed.graphs} == local
    assert pushed.triples == sum(local.values()) == _server_count(oxigraph_server)


@pytest.mark.server
def test_push_again_skips_and_resumes(pushed, sample_store, oxigraph_server):
    seen = []
    again = push_store(sample_store, oxigraph_server + "/store", on_graph=seen.append)
    assert [g.action for g in again.graphs] == ["skipped"] * len(again.graphs)
    assert [g.graph for g in seen] == [g.graph for g in again.graphs]
    # a graph lost on the server (an interrupted push) is the only one sent again
    lost = "https://w3id.org/kg-news/graph/source/wire-b"
    req = urllib.request.Request(oxigraph_server + "/store?" + urllib.parse.urlencode({"graph": lost}), method="DELETE")
    urllib.request.urlopen(req, timeout=10).close()
    resumed = push_store(sample_store, oxigraph_server)
    assert [(g.graph, g.action, g.remote_before) for g in resumed.pushed] == [(lost, "put", 0)]
    assert len(resumed.skipped) == len(resumed.graphs) - 1
    forced = push_store(sample_store, oxigraph_server, force=True)
    assert len(forced.pushed) == len(forced.graphs)
    assert _server_count(oxigraph_server) == len(sample_store)


@pytest.mark.server
def test_count_by_graph_store_protocol(pushed, sample_store, oxigraph_server):
    g = "https://w3id.org/kg-news/graph/source/wire-a"
    assert _count_by_get(oxigraph_server + "/store", g, timeout=10, retries=0, backoff=0) == sample_store.graph_size(g)
    assert _count_by_get(oxigraph_server + "/store", "https://example.org/none", timeout=10, retries=0, backoff=0) == 0


SAMPLES = [(name, params) for name, plist in sample.SAMPLE_PARAMS.items() for params in plist]


@pytest.mark.server
@pytest.mark.parametrize(("name", "params"), SAMPLES,
                         ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in p.items()) or 'defaults'}" for n, p in SAMPLES])
def test_every_named_query_gives_the_same_rows_remotely(pushed, sample_store, oxigraph_server, name, params):
    embedded = run_query(sample_store, name, params=params)
    remote = run_remote_query(oxigraph_server + "/query", name, params)
    assert remote.variables == embedded.variables
    assert sample.table(remote) == sample.table(embedded)
    assert remote.rows == embedded.rows  # the same order too: ORDER BY is part of the query


@pytest.mark.server
@pytest.mark.parametrize("evil", sample.EVIL)
def test_injection_through_the_endpoint_finds_nothing(pushed, oxigraph_server, evil):
    before = _server_count(oxigraph_server)
    endpoint = oxigraph_server + "/query"
    assert run_remote_query(endpoint, "who_defected", {"source": evil}).rows == []
    assert run_remote_query(endpoint, "actor_roles", {"label": evil}).rows == []
    assert run_remote_query(endpoint, "retraction_impact", {"source": evil}).rows == []
    assert _server_count(oxigraph_server) == before


@pytest.mark.server
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_text_through_the_endpoint_never_breaks_a_query(pushed, oxigraph_server, text):
    rows = run_remote_query(oxigraph_server + "/query", "who_defected", {"source": text}, retries=0).rows
    assert rows == [] or text in ("wire-a", "wire-b")


@pytest.mark.server
def test_ask_construct_and_limit_remotely(pushed, sample_store, oxigraph_server):
    endpoint = oxigraph_server + "/query"
    ask = "# params: s (iri)\nASK { ?s a kg:State }"
    assert run_remote_query(endpoint, ask, {"s": "ref:north-korea"}).boolean is True
    assert run_remote_query(endpoint, ask, {"s": "ref:dmz"}).boolean is False
    construct = "# params: s (iri)\nCONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"
    remote = run_remote_query(endpoint, construct, {"s": "ref:dmz"})
    local = run_query(sample_store, construct, params={"s": "ref:dmz"})
    assert remote.kind is QueryKind.CONSTRUCT and set(remote.triples) == set(local.triples) != set()
    limited = run_remote_query(endpoint, "statements_by_kind", limit=3)
    assert limited.rows == run_query(sample_store, "statements_by_kind").rows[:3] and limited.limit_reached


@pytest.mark.server
def test_server_errors_are_one_line(pushed, oxigraph_server):
    with pytest.raises(EndpointError, match=r"POST http://127\.0\.0\.1:\d+/nothing-here failed: HTTP 404"):
        run_remote_query(oxigraph_server + "/nothing-here", "who_defected", retries=0)
    with pytest.raises(EndpointError) as e:
        push_store(sample.build_sample_store(), oxigraph_server + "/query", query_url=oxigraph_server + "/query",
                   force=True, retries=0)
    assert "\n" not in str(e.value) and "HTTP" in str(e.value)


@pytest.mark.server
@pytest.mark.parametrize("value", ["Korean Demilitarized Zone", "Q331990", "dmz", "ref:dmz"])
def test_node_parameters_by_name_at_an_endpoint(pushed, sample_store, oxigraph_server, value):
    remote = run_remote_query(oxigraph_server + "/query", "events_at_place", {"place": value})
    local = run_query(sample_store, "events_at_place", params={"place": "ref:dmz"})
    assert sorted(remote.rows, key=str) == sorted(local.rows, key=str) != []


def test_numbers_and_booleans_come_back_as_the_embedded_store_writes_them():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    answer = json.dumps({"head": {"vars": ["n", "b", "s"]}, "results": {"bindings": [{
        "n": {"type": "typed-literal", "datatype": xsd + "double", "value": "248.0"},
        "b": {"type": "typed-literal", "datatype": xsd + "boolean", "value": "1"},
        "s": {"type": "literal", "value": "248.0"}}]}}).encode()
    with _Fake([(200, answer)]) as fake:
        rows = run_remote_query(fake.url, "SELECT ?n ?b ?s WHERE { }", union=False).rows
    assert rows == [(L("248", datatype=N(xsd + "double")), L("true", datatype=N(xsd + "boolean")), L("248.0"))]

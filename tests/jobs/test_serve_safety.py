"""``kg serve`` is safe to leave running: it refuses SERVICE (no request leaves), stops a query at
its timeout, answers only loopback Host names, stays read-only, sees new data after a write and
leaves nothing serving after SIGTERM or SIGINT. Each test starts ``kg serve`` in its own process on
a free loopback port."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from loopback import CountingServer  # noqa: E402

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CROSS = ("SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } "
         "ORDER BY DESC(CONCAT(STR(?a), STR(?d), STR(?g), STR(?j))) LIMIT 1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, store: Path, *extra: str) -> None:
        self.port = free_port()
        env = {**os.environ}
        env.pop("KG_STORE", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli.main", "--store", str(store), "serve",
                                      "--bind", f"127.0.0.1:{self.port}", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, self.proc.communicate()
            try:
                if self.get("/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "kg serve did not start"
            time.sleep(0.1)

    def get(self, path: str, *, host: str | None = None, accept: str = "application/sparql-results+json",
            timeout: float = 30) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}" if host is None else host, "Accept": accept})
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def query(self, q: str, **kw) -> tuple[int, str]:
        return self.get("/query?" + urllib.parse.urlencode({"query": q}), **kw)

    def post(self, path: str, body: bytes, ctype: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": ctype})
            return conn.getresponse().status
        finally:
            conn.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def store_copy(tmp_path, built_store_path) -> Path:
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    return path


@pytest.fixture
def served(store_copy):
    s = Served(store_copy, "--timeout", "2")
    yield s
    s.stop()


def count(served: Served) -> int:
    status, body = served.query(COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.server
def test_answers_queries_and_refuses_service_without_a_request(served):
    assert count(served) > 0
    with CountingServer() as remote:
        for q in (f"SELECT * WHERE {{ SERVICE <{remote.base}sparql> {{ ?s ?p ?o }} }}",
                  f"PREFIX ex: <{remote.base}>\nSELECT * WHERE {{ FILTER(1<2)SERVICE#>\n ex:sparql {{ ?s ?p ?o }} }}",
                  f"PREFIX ex: <{remote.base}>\nASK {{ FILTER(1<2)SERVICE#>\n ex:sparql {{ ?s ?p ?o }} }}"):
            status, body = served.query(q)
            assert status == 400 and "SERVICE" in body, (status, body)
        assert remote.requests == []


@pytest.mark.server
def test_only_loopback_host_names_are_answered(served):
    for host in ("evil.example", f"evil.example:{served.port}", "127.0.0.1.evil.example", ""):
        status, _ = served.query(COUNT, host=host)
        assert status == 403, host
    for host in (f"localhost:{served.port}", f"127.0.0.1:{served.port}", "localhost", f"[::1]:{served.port}"):
        status, _ = served.query(COUNT, host=host)
        assert status == 200, host


@pytest.mark.server
def test_read_only(served, store_copy):
    before = count(served)
    assert served.post("/update", b"update=CLEAR%20ALL", "application/x-www-form-urlencoded") == 405
    assert served.post("/query", b"query=CLEAR%20ALL", "application/x-www-form-urlencoded") == 400
    assert served.post("/query", b"DROP ALL", "application/sparql-query") == 400
    assert count(served) == before


@pytest.mark.server
def test_a_long_query_stops_at_the_timeout(served):
    t0 = time.monotonic()
    status, body = served.query(CROSS)
    assert status == 503 and "timed out after 2 s" in body, (status, body)
    assert time.monotonic() - t0 < 10


@pytest.mark.server
def test_new_data_is_seen_after_a_write(served, store_copy):
    before = count(served)
    store = open_store(store_copy)
    store.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> "
                 "<https://example.org/b> \"c\" } }")
    store.flush()
    del store
    assert count(served) == before + 1


@pytest.mark.server
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_everything_on_the_port(store_copy, sig):
    s = Served(store_copy)
    try:
        children = Path(f"/proc/{s.proc.pid}/task/{s.proc.pid}/children")
        if children.exists():
            assert children.read_text().split() == []  # no child process left to orphan
        s.proc.send_signal(sig)
        assert s.proc.wait(10) == 0
        with pytest.raises(OSError):
            s.get("/", timeout=2)
    finally:
        s.stop()

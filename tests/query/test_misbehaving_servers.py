"""Misbehaving servers (``kg query --endpoint``, ``kg push``): a connection closed mid-body, a bad
status line, garbage, malformed counts or results end in one ``kg: error:`` line and exit 5; a
server trickling bytes does not outlive ``--timeout``; an endless body is cut at the size cap.
Each server is a tiny raw-socket server on loopback (tests/loopback.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

import kg.query.endpoint
from conftest import error_line, invoke

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from loopback import RawServer  # noqa: E402

JSON = "application/sparql-results+json"


def reply(status_line: bytes, body: bytes, *, ctype: str = JSON, length: int | None = None):
    def behave(sock, head):
        n = len(body) if length is None else length
        sock.sendall(status_line + b"\r\nContent-Type: " + ctype.encode() +
                     b"\r\nContent-Length: " + str(n).encode() + b"\r\n\r\n" + body)
    return behave


def counts_reply(rows: bytes):
    """Answers a query with ``rows`` as SPARQL JSON bindings for ?g ?n, and a PUT with 204."""
    def behave(sock, head):
        if head.startswith("PUT"):
            sock.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
            return
        body = b'{"head":{"vars":["g","n"]},"results":{"bindings":[' + rows + b"]}}"
        reply(b"HTTP/1.1 200 OK", body)(sock, head)
    return behave


BEHAVIOURS = {
    "closed-mid-body": reply(b"HTTP/1.1 200 OK", b'{"head":{"vars":["s"]},"resu', length=5000),
    "bad-status-line": lambda sock, head: sock.sendall(b"HTTP/1.1 TWO HUNDRED\r\n\r\n{}"),
    "garbage": lambda sock, head: sock.sendall(b"\x00\xff\xfe garbage, not HTTP at all\r\n\r\n"),
    "closed-at-once": lambda sock, head: None,
    "not-json": reply(b"HTTP/1.1 200 OK", b"<html>hello</html>"),
    "json-not-results": reply(b"HTTP/1.1 200 OK", b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":3}]}}'),
    "invalid-utf8": reply(b"HTTP/1.1 200 OK", b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":'
                          b'{"type":"literal","value":"\xff\xfe"}}]}}'),
    "header-too-long": lambda sock, head: sock.sendall(b"HTTP/1.1 200 OK\r\nX: " + b"a" * 200_000 + b"\r\n\r\n"),
}


@pytest.fixture
def no_backoff(monkeypatch):
    class Clock:
        def sleep(self, seconds):
            pass

        def __getattr__(self, name):
            return getattr(time, name)

    monkeypatch.setattr(kg.query.endpoint, "time", Clock())


@pytest.mark.parametrize("case", list(BEHAVIOURS), ids=list(BEHAVIOURS))
def test_query_at_a_misbehaving_server_is_one_line_exit_5(runner, no_backoff, case):
    with RawServer(BEHAVIOURS[case]) as server:
        r = invoke(runner, "query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", server.base + "/query",
                   "--timeout", "5")
    error_line(r, 5)


@pytest.mark.parametrize("case", ["closed-mid-body", "bad-status-line", "garbage", "not-json"])
def test_push_to_a_misbehaving_server_is_one_line_exit_5(runner, no_backoff, built_store_path, case):
    with RawServer(BEHAVIOURS[case]) as server:
        r = invoke(runner, "--store", built_store_path, "push", "--endpoint", server.base)
    error_line(r, 5)


@pytest.mark.parametrize("rows", [
    b'{"g":{"type":"uri","value":"https://example.org/g"},"n":{"type":"literal","value":"many"}}',
    b'{"g":{"type":"literal","value":"not a graph"},"n":{"type":"literal","value":"3"}}',
    b'{"n":{"type":"literal","value":"3"}}',
    b'{"g":{"type":"uri","value":"https://example.org/g"},"n":{"type":"literal","value":"-4"}}',
], ids=["count-not-a-number", "graph-not-an-iri", "graph-missing", "negative-count"])
def test_push_with_malformed_counts_is_one_line_exit_5(runner, no_backoff, built_store_path, rows):
    with RawServer(counts_reply(rows)) as server:
        r = invoke(runner, "--store", built_store_path, "push", "--endpoint", server.base)
    assert "malformed triple count" in error_line(r, 5)


def test_a_server_sending_one_byte_a_second_does_not_outlive_the_timeout(runner, no_backoff):
    def trickle(sock, head):
        for b in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + b" " * 100:
            sock.sendall(bytes([b]))
            time.sleep(0.5)

    with RawServer(trickle) as server:
        t0 = time.monotonic()
        r = invoke(runner, "query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", server.base + "/query",
                   "--timeout", "1")
        took = time.monotonic() - t0
    assert "did not answer within 1 s" in error_line(r, 5)
    assert took < 4 * 1 + 3, took  # four attempts of at most a second each, plus start-up


def test_a_body_in_a_slow_trickle_is_cut_at_the_deadline(runner, no_backoff):
    def trickle_body(sock, head):
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + JSON.encode() + b"\r\n\r\n")
        for _ in range(100):
            sock.sendall(b" ")
            time.sleep(0.3)

    with RawServer(trickle_body) as server:
        t0 = time.monotonic()
        r = invoke(runner, "query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", server.base + "/query",
                   "--timeout", "1")
        took = time.monotonic() - t0
    assert "did not answer within 1 s" in error_line(r, 5)
    assert took < 7, took


def test_an_endless_body_is_cut_at_the_size_cap(runner, no_backoff, monkeypatch):
    monkeypatch.setattr(kg.query.endpoint, "MAX_RESPONSE_BYTES", 1_000_000)

    def endless(sock, head):
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + JSON.encode() + b"\r\n\r\n")
        block = b" " * 65536
        while True:
            sock.sendall(block)

    with RawServer(endless) as server:
        r = invoke(runner, "query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", server.base + "/query",
                   "--timeout", "20")
    assert "larger than 1,000,000 bytes" in error_line(r, 5)


def test_a_declared_length_over_the_cap_is_refused_before_reading(runner, no_backoff, monkeypatch):
    monkeypatch.setattr(kg.query.endpoint, "MAX_RESPONSE_BYTES", 1_000_000)
    with RawServer(reply(b"HTTP/1.1 200 OK", b"{}", length=10**12)) as server:
        r = invoke(runner, "query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", server.base + "/query")
    assert "larger than 1,000,000 bytes" in error_line(r, 5)


@pytest.mark.parametrize("value", ["inf", "1e300"])
def test_an_unusable_timeout_is_one_line_exit_2(runner, built_store_path, value):
    r = invoke(runner, "--store", built_store_path, "query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
               "--timeout", value)
    assert "timeout must be" in error_line(r, 2)
    r = invoke(runner, "query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", "http://127.0.0.1:9/query",
               "--timeout", value)
    assert "timeout must be" in error_line(r, 2)

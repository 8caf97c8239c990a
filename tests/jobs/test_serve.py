"""kg serve: the store as a read-only SPARQL endpoint on loopback (built in Python; the process-level
safety tests are in test_serve_safety.py)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.errors import StoreError, UsageError
from kg.jobs.serve import ServeOptions, allowed_hosts, host_of, make_server, parse_bind


def test_refuses_a_missing_store_and_a_bad_bind(tmp_path, built_store_path):
    with pytest.raises(StoreError):
        make_server(tmp_path / "none")
    with pytest.raises(UsageError):
        make_server(built_store_path, bind="localhost")
    with pytest.raises(UsageError):
        make_server(built_store_path, bind="127.0.0.1:0", options=ServeOptions(timeout=float("inf")))


def test_bind_and_host_names():
    assert parse_bind("[::1]:7878") == ("::1", 7878)
    assert host_of("LOCALHOST:7878") == "localhost" and host_of("[::1]:80") == "::1" and host_of(None) is None
    assert "evil.example" not in allowed_hosts("127.0.0.1")
    assert "kg.lan" in allowed_hosts("kg.lan") and "evil.example" not in allowed_hosts("0.0.0.0")


def test_serves_the_store_read_only(built_store_path):
    server = make_server(built_store_path, bind="127.0.0.1:0")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/kg-news/ont#Defection> }"
        req = urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode({"query": q}),
                                     headers={"Accept": "application/sparql-results+json"})
        body = json.load(urllib.request.urlopen(req, timeout=10))
        assert int(body["results"]["bindings"][0]["n"]["value"]) >= 1
        upd = urllib.request.Request(f"{base}/update", data=b"update=CLEAR%20ALL", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(upd, timeout=5)
    finally:
        server.shutdown()
        server.server_close()

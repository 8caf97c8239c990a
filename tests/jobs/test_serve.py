"""kg serve: the store as a read-only SPARQL endpoint on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from kg.errors import StoreError, UsageError
from kg.jobs.serve import serve_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refuses_a_missing_store_and_a_bad_bind(tmp_path, built_store_path):
    with pytest.raises(StoreError):
        serve_command(tmp_path / "none")
    with pytest.raises(UsageError):
        serve_command(built_store_path, bind="localhost")


@pytest.mark.server
def test_serves_the_store_read_only(built_store_path):
    port = free_port()
    proc = subprocess.Popen(serve_command(built_store_path, bind=f"127.0.0.1:{port}"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/kg-news/ont#Defection> }"
        url = f"{base}/query?" + urllib.parse.urlencode({"query": q})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        deadline = time.monotonic() + 15
        while True:
            try:
                body = json.load(urllib.request.urlopen(req, timeout=2))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert int(body["results"]["bindings"][0]["n"]["value"]) >= 1
        upd = urllib.request.Request(f"{base}/update", data=b"update=CLEAR%20ALL", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(upd, timeout=5)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

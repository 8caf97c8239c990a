"""Marked ``server``: the sample store pushed to a real OpenLink Virtuoso 7 (Debian's
``virtuoso-opensource``, started here on loopback with anonymous SPARQL writes granted), and every
named query through ``--endpoint`` against the embedded store's rows. Skipped, saying why, when the
Virtuoso binaries are not installed. Queries Virtuoso answers differently are strict xfails with
the reason (docs/queries.md lists them): when one starts to match, the test says so."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from kg.graph.push import push_store
from kg.query import Endpoint, run_query

from test_remote import sample  # noqa: E402  (the sample store lives in test_query.py)

_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")

# Virtuoso 7.2 loses the values of an OPTIONAL group that joins a triple pattern with a variable
# predicate to a property path on that predicate (`OPTIONAL { GRAPH ?g { ?e ?role ?x } ?role
# rdfs:subPropertyOf* kg:agent }` binds nothing), and a path or EXISTS over it in the same places.
_PATH_IN_OPTIONAL = "Virtuoso 7.2 binds nothing in an OPTIONAL that joins ?role to rdfs:subPropertyOf*"
_UNION_PATHS = "Virtuoso 7.2 drops rows of the skos:broader* / rdfs:subClassOf* UNION"
_DIFFER = {  # (query, its parameters as the test ids write them): why Virtuoso's rows differ
    ("who_defected", "defaults"): _PATH_IN_OPTIONAL,
    ("who_defected", "source=wire-b"): _PATH_IN_OPTIONAL,
    ("timeline", "defaults"): _PATH_IN_OPTIONAL,
    ("timeline", "from=2025-10-19"): _PATH_IN_OPTIONAL,
    ("timeline", "to=2025-10-18"): _PATH_IN_OPTIONAL,
    ("timeline", "from=2025-10-01-to=2025-10-31"): _PATH_IN_OPTIONAL,
    ("actor_roles", "defaults"): _PATH_IN_OPTIONAL,
    ("actor_roles", "label=North Korean SOLDIER"): _PATH_IN_OPTIONAL,
    ("events_at_place", "place=ref:korean-peninsula"): _PATH_IN_OPTIONAL,
    ("events_at_place", "place=ref:south-korea"): _PATH_IN_OPTIONAL,
    ("events_between_states", "state_a=ref:north-korea-state_b=ref:south-korea"): _PATH_IN_OPTIONAL,
    ("event_sources", "type=kget:Defection"): _UNION_PATHS,
    ("event_sources", "type=https://w3id.org/kg-news/ont#Defection"): _UNION_PATHS,
    ("events_by_code", "code=125"): _UNION_PATHS,
    ("events_by_code", "code=reject-scheme=plover"): _UNION_PATHS,
    ("events_by_code", "code=Movement:Transport-scheme=ace"): _UNION_PATHS,
    ("events_by_code", "code=defection"): _UNION_PATHS,
    ("disagreements", "defaults"): "Virtuoso 7.2 drops a row (paths inside OPTIONAL and FILTER NOT EXISTS)",
    ("retraction_impact", "source=wire-a"): "Virtuoso 7.2 drops rows (paths inside OPTIONAL)",
    ("retraction_impact", "source=wire-b"): "Virtuoso 7.2 drops rows (paths inside OPTIONAL)",
}

# Not steady: the same query against the same data gave both row sets in repeated server runs.
# Virtuoso's plan for `?c rdfs:subClassOf* kg:Estimate` depends on index statistics it samples at
# random while answering the earlier queries; under one plan one of the two estimates that match
# through the zero-length step (?c = kg:Estimate) is lost (docs/queries.md).
_UNSTEADY = {
    ("estimates", "defaults"): "Virtuoso 7.2 loses a zero-length match of rdfs:subClassOf* under some of its "
    "query plans (chosen from randomly sampled statistics): one row fewer in about one run in two"
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso server in a scratch folder on two free loopback ports; stopped after the module."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None or not _INI.is_file():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource gives virtuoso-t and isql-vt)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    ini = _INI.read_text(encoding="utf-8").replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    lines = []
    for line in ini.splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "ServerPort" and "1111" in line:
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and "8890" in line:
            line = f"ServerPort = 127.0.0.1:{http_port}"
        lines.append(line)
    (folder / "virtuoso.ini").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen([server, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
                            cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}: see {folder / 'server.log'}")
            try:
                with urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("Virtuoso did not answer within 90 s")
            time.sleep(0.5)
        subprocess.run([isql, str(sql_port), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.fixture(scope="module")
def sample_store():
    return sample.build_sample_store()


@pytest.fixture(scope="module")
def pushed(virtuoso, sample_store):
    return push_store(sample_store, virtuoso + "/sparql-graph-crud", query_url=virtuoso + "/sparql")


@pytest.mark.server
def test_push_to_virtuoso_copies_every_graph(pushed, sample_store):
    assert {g.graph: g.remote_after for g in pushed.graphs} == {
        g: sample_store.graph_size(g) for g in sample_store.named_graphs()
    }


def _case(name: str, params: dict):
    key = "-".join(f"{k}={v}" for k, v in params.items()) or "defaults"
    why = _DIFFER.get((name, key))
    marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
    if (name, key) in _UNSTEADY:
        marks = [pytest.mark.xfail(strict=False, reason=_UNSTEADY[(name, key)])]
    return pytest.param(name, params, marks=marks, id=f"{name}-{key}")


SAMPLES = [_case(name, params) for name, plist in sample.SAMPLE_PARAMS.items() for params in plist]


def test_every_listed_difference_is_a_sample_case():
    cases = {(c.values[0], c.id[len(c.values[0]) + 1 :]) for c in SAMPLES}
    assert set(_DIFFER) <= cases


@pytest.mark.server
@pytest.mark.parametrize(("name", "params"), SAMPLES)
def test_named_query_at_virtuoso_gives_the_embedded_rows(pushed, sample_store, name, params):
    embedded = run_query(sample_store, name, params=params)
    remote = run_query(Endpoint(pushed.store_url.rsplit("/", 1)[0] + "/sparql"), name, params=params)
    assert remote.variables == embedded.variables
    assert remote.rows == embedded.rows

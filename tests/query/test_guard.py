"""The SERVICE refusal is decided on what Oxigraph parses, not on a second reading of the text.

A red-team query hid ``SERVICE`` from kg's tokenizer: ``FILTER(1<2)SERVICE#>`` reads as one IRI
``<2)SERVICE#>`` to a tokenizer, while Oxigraph reads ``<`` as less-than and ``#>`` as a comment,
so the query called the endpoint. Each test below runs such a query against a loopback server that
counts requests: it must be refused with exit 2 and the server must see no request at all, also
from the check step.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kg.query.named
from conftest import error_line, invoke
from kg.errors import QueryError
from kg.query import check_query, run_query

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from loopback import CountingServer  # noqa: E402


def hidden_service(base: str, form: str = "SELECT * WHERE") -> str:
    return (f"PREFIX ex: <{base}>\n{form} {{ FILTER(1<2)SERVICE#>\n ex:sparql {{ ?s ?p ?o }} }}")


HIDDEN = {
    "less-than-comment": lambda b: hidden_service(b),
    "ask": lambda b: hidden_service(b, "ASK"),
    "lower-case": lambda b: hidden_service(b).replace("SERVICE", "service"),
    "silent": lambda b: hidden_service(b).replace("SERVICE#>", "SERVICE SILENT#>"),
    "mixed-reading-strings": lambda b: (
        f"SELECT * WHERE {{ FILTER(1<2)#>\"\"\"\n?s ?p <http://a/x'''> . SERVICE <{b}sparql> "
        "{ ?a ?b ?c } # \"\"\" '''\n}"),
    "construct": lambda b: (f"PREFIX ex: <{b}>\nCONSTRUCT {{ ?s ?p ?o }} WHERE {{ FILTER(1<2)SERVICE#>\n"
                            " ex:sparql { ?s ?p ?o } }"),
}


@pytest.fixture
def remote():
    with CountingServer() as server:
        yield server


@pytest.mark.parametrize("case", list(HIDDEN), ids=list(HIDDEN))
def test_check_step_refuses_hidden_service_without_a_request(remote, case):
    with pytest.raises(QueryError, match="SERVICE"):
        check_query(HIDDEN[case](remote.base))
    assert remote.requests == []


@pytest.mark.parametrize("case", list(HIDDEN), ids=list(HIDDEN))
def test_kg_query_text_refuses_hidden_service(runner, built_store_path, remote, case):
    r = invoke(runner, "--store", built_store_path, "query", HIDDEN[case](remote.base))
    assert "SERVICE" in error_line(r, 2)
    assert "remote row" not in r.stdout
    assert remote.requests == []


def test_rq_file_refuses_hidden_service(runner, built_store_path, remote, tmp_path):
    path = tmp_path / "sneaky.rq"
    path.write_text("# title: sneaky\n" + hidden_service(remote.base), encoding="utf-8")
    r = invoke(runner, "--store", built_store_path, "query", path)
    assert "SERVICE" in error_line(r, 2)
    assert remote.requests == []


def test_named_query_refuses_hidden_service(runner, built_store_path, remote, tmp_path, monkeypatch):
    (tmp_path / "sneaky.rq").write_text("# title: sneaky\n" + hidden_service(remote.base, "ASK"), encoding="utf-8")
    monkeypatch.setattr(kg.query.named, "queries_dir", lambda: tmp_path)
    r = invoke(runner, "--store", built_store_path, "query", "sneaky")
    assert "SERVICE" in error_line(r, 2)
    assert remote.requests == []


def test_library_run_query_refuses_hidden_service(built_store, remote):
    with pytest.raises(QueryError, match="SERVICE"):
        run_query(built_store, hidden_service(remote.base))
    assert remote.requests == []


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "National Intelligence Service" }',
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    "PREFIX ex: <http://example.org/service/> SELECT ?s WHERE { ?s ex:service ?o } # a service comment",
    'ASK { FILTER(1 < 2) FILTER("a" != "SERVICE") }',
])
def test_the_word_service_outside_the_keyword_is_still_accepted(built_store, remote, text):
    run_query(built_store, text)
    assert remote.requests == []


def test_malformed_query_with_the_word_service_is_refused_without_a_request(remote):
    with pytest.raises(QueryError):
        check_query(f'SELECT * WHERE {{ ?s ?p "service" . SERVICE <{remote.base}> {{ ?a ?b ?c }}')
    assert remote.requests == []

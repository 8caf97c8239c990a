"""kg serve's own page: the named queries as forms, answers as tables with labels, a SPARQL box
with kg's prefixes; offline (checked in Chromium with every other request blocked) and read-only."""

from __future__ import annotations

import http.client
import re
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from kg.jobs.serve import make_server
from kg.query import list_queries

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import browser  # tests/browser.py: the Playwright helper

NO_BROWSER = browser.chromium_missing_reason()
DMZ = "ref:place/korean-demilitarized-zone"


@pytest.fixture
def base(built_store_path):
    server = make_server(built_store_path, bind="127.0.0.1:0")
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def get(base: str, path: str, *, host: str | None = None) -> tuple[int, str, dict]:
    port = int(base.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8"), dict(r.getheaders())
    finally:
        conn.close()


def test_the_home_page_is_kgs_with_every_named_query_and_the_prefixes(base):
    status, body, headers = get(base, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert re.findall("<title>(.*?)</title>", body) == ["kg"]
    names = sorted(q.name for q in list_queries())
    assert sorted(re.findall(r'action="/named/([a-z_]+)"', body)) == names
    assert 'name="place"' in body  # events_at_place's parameter is a field
    assert "PREFIX kg: &lt;https://w3id.org/kg-news/ont#&gt;" in body and "PREFIX sem:" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert not re.search(r"""(src|href)=["']?https?:""", body)  # nothing loaded from anywhere


def test_a_named_query_answers_as_a_table_with_labels(base):
    path = "/named/events_at_place?" + urllib.parse.urlencode({"place": DMZ})
    status, body, _ = get(base, path)
    assert status == 200, body
    assert "<table>" in body and "<th>event_label</th>" in body
    assert "Korean Demilitarized Zone<span" not in body and ">ref:place/korean-demilitarized-zone<" in body
    # beside its label column an IRI column shows the short IRI only; elsewhere an IRI shows its label
    assert f'value="{DMZ}"' in body  # the form keeps what was asked


def test_a_named_query_without_its_required_value_shows_the_form(base):
    status, body, _ = get(base, "/named/events_at_place")
    assert status == 200 and "<table>" not in body and 'name="place"' in body and " required" in body


def test_bad_values_and_names_are_one_message_on_the_page(base):
    status, body, _ = get(base, "/named/events_at_place?place=not%20an%20iri")
    assert status == 400 and 'class="error"' in body and "<table>" not in body
    status, _, _ = get(base, "/named/no_such_query")
    assert status == 404


def test_the_sparql_box_answers_and_stays_read_only_and_local(base):
    q = "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e sem:eventType ?type } GROUP BY ?type"
    status, body, _ = get(base, "/sparql?" + urllib.parse.urlencode({"query": q}))
    assert status == 200 and "Defection<span" in body
    for refused in ("DELETE WHERE { ?s ?p ?o }", "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"):
        status, body, _ = get(base, "/sparql?" + urllib.parse.urlencode({"query": refused}))
        assert status == 400 and 'class="error"' in body
    status, body, _ = get(base, "/sparql")
    assert status == 200 and "PREFIX kg:" in body and "<table>" not in body


def test_values_are_escaped(base):
    q = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    status, body, _ = get(base, "/sparql?" + urllib.parse.urlencode({"query": q}))
    assert status == 200
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_page_answers_only_loopback_host_names(base):
    for path in ("/", "/named/who_defected", "/sparql"):
        status, _, _ = get(base, path, host="evil.example")
        assert status == 403


@pytest.mark.browser
@pytest.mark.skipif(NO_BROWSER is not None, reason=NO_BROWSER or "")
def test_in_chromium_offline_a_form_and_the_sparql_box_give_tables(base):
    """Every request but the local server's is blocked and recorded: the page asks for none."""
    foreign: list[str] = []
    with browser.browser() as b:
        ctx = b.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")

        def route(r):
            if r.request.url.startswith(base + "/"):
                r.continue_()
            else:
                foreign.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + "/", wait_until="load")
        assert page.title() == "kg"
        assert page.locator("details").count() == len(list_queries())
        page.locator("#q-events_at_place summary").click()
        page.fill("#q-events_at_place input[name=place]", DMZ)
        page.click("#q-events_at_place button")
        page.wait_for_selector("table")
        assert page.title() == "kg: Events at a place"
        cells = page.locator("td").all_inner_texts()
        assert any(c.startswith("Korean Demilitarized Zone") for c in cells)
        page.goto(base + "/", wait_until="load")
        assert page.input_value("#sparql textarea").startswith("PREFIX ")
        page.click("#sparql button")  # the example query, as given
        page.wait_for_selector("table")
        assert page.locator("tbody tr").count() > 0
        ctx.close()
    assert foreign == [] and errors == []

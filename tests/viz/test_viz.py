"""kg.viz: one offline, self-contained, safe HTML page; checked as text and in headless Chromium."""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import UsageError
from kg.model import Article, Claim, ClaimKind, Entity, Event, Extraction, Mention
from kg.network import build_network, select_subgraph
from kg.graph.rdfize import metadata_quads, source_quads
from kg.graph.store import open_store
from kg.viz import KIND_STYLES, Layout, VizReport, write_html
from kg.vocab import KG, KGET

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import browser  # noqa: E402  (tests/browser.py: the Playwright helper)

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
JS_URL = "javascript:alert(1)"
CLOCK = datetime(2025, 10, 21, tzinfo=timezone.utc)

NO_BROWSER = browser.chromium_missing_reason()
needs_browser = pytest.mark.skipif(NO_BROWSER is not None, reason=NO_BROWSER or "")


def at(text: str, needle: str) -> Mention:
    i = text.index(needle)
    return Mention.of(text, i, i + len(needle))


def sample_extraction() -> Extraction:
    t = ("A North Korean soldier crossed the border into South Korea on Sunday. "
         "The South Korean military took custody of the soldier.")
    s1, s2 = at(t, t.split(". ")[0] + "."), at(t, "The South Korean military took custody of the soldier.")
    art = Article(text=t, source_id="sample", content_hash="c" * 64, title="Soldier crosses the DMZ",
                  publisher="Example News", url="https://news.example/sample", published=date(2025, 10, 20))
    ents = {
        "soldier": Entity("soldier", "Person", "North Korean soldier", mentions=[at(t, "North Korean soldier")]),
        "sk": Entity("sk", "State", "South Korea", mentions=[at(t, "South Korea")]),
        "military": Entity("military", "ArmedForces", "South Korean military", mentions=[at(t, "South Korean military")]),
    }
    ev1 = Event(type=str(KGET["defection"]), cls=str(KG.Event), trigger=at(t, "crossed"), sentence=s1,
                roles={"agent": ["soldier"], "destination": ["sk"]}, label="crossed")
    ev2 = Event(type=str(KGET["take-custody"]), cls=str(KG.Event), trigger=at(t, "took custody"), sentence=s2,
                roles={"agent": ["military"], "patient": ["soldier"]}, label="took custody")
    return Extraction(article=art, extractor="test.v1", sentences=[s1, s2], entities=ents, events=[ev1, ev2])


def hostile_extraction() -> Extraction:
    """An article whose title, text, labels and URL carry script payloads."""
    t = f"Officials said {IMG} met {SCRIPT} at the border. Then {IMG} left\u2028quietly."
    s1 = at(t, t.split(". ")[0] + ".")
    s2 = Mention.of(t, s1.end + 1, len(t))
    second = t.index(IMG, s2.begin)
    art = Article(text=t, source_id="hostile", content_hash="d" * 64, title=f"Breaking {IMG} {SCRIPT}",
                  publisher=f"{IMG} Press", url=JS_URL, published=date(2025, 10, 20), author=SCRIPT)
    ents = {
        "img": Entity("img", "Person", IMG, mentions=[at(t, IMG), Mention.of(t, second, second + len(IMG))]),
        "scr": Entity("scr", "Organization", SCRIPT, mentions=[at(t, SCRIPT)]),
    }
    ev = Event(type=str(KGET["meeting"]), cls=str(KG.Event), trigger=at(t, "met"), sentence=s1,
               roles={"agent": ["img"], "patient": ["scr"]}, label=IMG)
    claim = Claim(ClaimKind.OPINION, s1, None)
    return Extraction(article=art, extractor="test.v1", sentences=[s1, s2], entities=ents, events=[ev], claims=[claim])


def graph_of(*extractions: Extraction) -> nx.MultiDiGraph:
    store = open_store(None)
    quads = []
    for ex in extractions:
        body = source_quads(ex)
        quads += body + metadata_quads(ex.article, extractor=ex.extractor, generated_at=CLOCK, triple_count=len(body))
    store.replace_graphs(insert=quads)
    return build_network(store)


class Tags(HTMLParser):
    """Every start tag with its attributes (script and style bodies are not parsed as markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


def payload_json(page: str):
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> tuple[Path, VizReport]:
    out = tmp_path_factory.mktemp("viz") / "sample.html"
    return out, write_html(select_subgraph(graph_of(sample_extraction())), out, title="Sample network")


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "hostile.html"
    write_html(graph_of(hostile_extraction()), out, title=f"Report {IMG}")
    return out


# -- the page as text -------------------------------------------------------------------------


def test_report_counts(sample_page):
    out, report = sample_page
    g = graph_of(sample_extraction())
    drawable = [n for n, d in g.nodes(data=True) if d["kind"] != "source"]  # sources: a list in the panel
    assert (report.nodes, report.edges) == (len(drawable), g.number_of_edges())
    assert report.sources == 1 and report.stories >= 1
    assert report.bytes == out.stat().st_size and report.path == out
    assert report.layout is Layout.FORCE


def test_page_is_self_contained(sample_page):
    page = sample_page[0].read_text(encoding="utf-8")
    tags = parse(page).tags
    for tag, attrs in tags:
        for name in ("src", "href", "srcset", "data", "action", "poster"):
            assert name not in attrs, (tag, attrs)
        assert tag not in ("link", "iframe", "img", "object", "embed", "base"), tag
    scripts = [a for t, a in tags if t == "script"]
    assert len(scripts) == 3 and scripts[0] == {"type": "application/json", "id": "kg-data"}
    assert not re.search(r"https?://", "".join(re.findall(r"<style>(.*?)</style>", page, re.S)))
    assert "@import" not in page and "sourceMappingURL" not in page
    assert "cdn" not in page.lower().replace("cdna", "")  # no CDN reference
    assert "vis.Network" in page  # vis-network is inlined


def test_page_forbids_network_and_foreign_scripts(sample_page):
    page = sample_page[0].read_text(encoding="utf-8")
    (csp,) = [a["content"] for t, a in parse(page).tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    rules = dict((r.split()[0], r.split()[1:]) for r in csp.split(";") if r.strip())
    assert rules["default-src"] == ["'none'"] and rules["connect-src"] == ["'none'"]
    assert all(x.startswith("'sha256-") for x in rules["script-src"]) and len(rules["script-src"]) == 2


def test_page_has_legend_and_human_labels(sample_page):
    page = sample_page[0].read_text(encoding="utf-8")
    assert 'id="legend"' in page
    for kind in ("person", "state", "organization", "event"):
        assert f'data-kind="{kind}"' in page and KIND_STYLES[kind].name in page
    data = payload_json(page)
    assert "source" not in {n["kind"] for n in data["nodes"]}  # sources are a list in the panel
    assert [s["title"] for s in data["sources"]] == ["Soldier crosses the DMZ"]
    labels = {n["label"] for n in data["nodes"]}
    assert {"North Korean soldier", "South Korea", "South Korean military", "defection", "take custody"} <= labels
    assert not any(lbl.startswith("http") for lbl in labels)
    roles = {e["role"] for e in data["edges"]}
    assert roles == {"agent", "destination", "patient"}
    soldier = next(n for n in data["nodes"] if n["label"] == "North Korean soldier")
    (ev, *_) = soldier["ev"]
    assert ev["t"] == [["A ", 0], ["North Korean soldier", 1], [" crossed the border into South Korea on Sunday.", 0]]
    src = data["sources"][ev["s"]]
    assert src["url"] == "https://news.example/sample" and src["published"] == "2025-10-20"
    sizes = {n["label"]: n["size"] for n in data["nodes"]}
    assert sizes["North Korean soldier"] > sizes["South Korean military"]  # size by degree


def test_hostile_payload_appears_only_escaped(hostile_page):
    page = hostile_page.read_text(encoding="utf-8")
    assert IMG not in page
    assert SCRIPT not in page
    assert "<img" not in page.lower()
    assert "\u2028" not in page and "\u2029" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # <title> and <h1>
    tags = parse(page).tags
    assert [t for t, _ in tags].count("script") == 3
    assert not [t for t, _ in tags if t == "img"]
    data = payload_json(page)  # the JSON block still decodes to the exact text
    labels = {n["label"] for n in data["nodes"]}
    assert IMG in labels and SCRIPT in labels
    assert any(s["url"] == JS_URL for s in data["sources"])
    assert any("left\u2028quietly" in "".join(seg[0] for seg in ev["t"]) for n in data["nodes"] for ev in n.get("ev", []))


def test_page_script_never_parses_data_as_html():
    from kg.viz.assets import page_script

    script = page_script()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script, sink


def test_data_block_escapes_every_breakout_character(tmp_path):
    g = nx.MultiDiGraph()
    nasty = "a</script><!--<b>&amp;\u2028\u2029'\""
    g.add_node("x", label=nasty, kind="person")
    out = tmp_path / "x.html"
    write_html(g, out, title=nasty)
    page = out.read_text(encoding="utf-8")
    block = re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1)
    assert not set("<>&\u2028\u2029") & set(block)
    assert json.loads(block)["nodes"][0]["label"] == nasty


def test_plain_networkx_graph_and_selection_notice(tmp_path):
    g = nx.MultiDiGraph()
    for i in range(30):
        g.add_edge(f"n{i}", f"n{i + 1}")
    sel = select_subgraph(g, max_nodes=10)
    out = tmp_path / "plain.html"
    report = write_html(sel, out, title="Plain")
    assert report.nodes == 10 and report.omitted_nodes == 21
    page = out.read_text(encoding="utf-8")
    assert 'class="notice"' in page and "21 left out" in page
    data = payload_json(page)
    assert {n["kind"] for n in data["nodes"]} == {"other"}
    with pytest.raises(UsageError):
        write_html(g, tmp_path / "bad.html", title="x", layout="circle")
    with pytest.raises(UsageError):
        write_html({"not": "a graph"}, tmp_path / "bad.html", title="x")


def test_timeline_puts_events_on_a_true_time_axis(tmp_path):
    g = nx.MultiDiGraph()
    dates = (("year", "2024"), ("month", "2024-07"), ("day", "2024-07-15"), ("later", "2024-12-31"), ("undated", None))
    for name, d in dates:
        g.add_node(name, label=name, kind="event", **({"date": d} if d else {}))
        g.add_edge(name, "actor", role="agent")
    g.nodes["actor"].update(label="actor", kind="person")
    out = tmp_path / "t.html"
    write_html(g, out, title="Timeline", layout="timeline")
    data = payload_json(out.read_text(encoding="utf-8"))
    ev = {n["label"]: n for n in data["nodes"] if n["kind"] == "event"}
    assert all(n.get("fixed") for n in ev.values())
    assert not any(n.get("fixed") for n in data["nodes"] if n["kind"] == "person")
    # a year is a band over the whole year, a month a band over the month, a day a point
    y0, y1 = ev["year"]["band"]
    m0, m1 = ev["month"]["band"]
    assert "band" not in ev["day"] and "band" not in ev["later"]
    per_day = (y1 - y0) / 366  # 2024 is a leap year
    assert m1 - m0 == pytest.approx(31 * per_day, rel=1e-3)
    assert m0 == pytest.approx(y0 + 182 * per_day, rel=1e-3)  # 1 July is day 182 of 2024
    assert ev["day"]["x"] == pytest.approx(y0 + 196.5 * per_day, abs=0.2)  # the middle of 15 July
    assert ev["later"]["x"] == pytest.approx(y1 - 0.5 * per_day, abs=0.2)
    assert ev["year"]["x"] == pytest.approx((y0 + y1) / 2, abs=0.2)
    assert ev["undated"]["x"] > y1
    assert (ev["year"]["t0"], ev["year"]["t1"]) == (19723, 19723 + 365)  # days since 1970-01-01
    assert [t["label"] for t in data["ticks"]][:2] == ["2024-01", "2024-02"] and data["ticks"][-1]["label"] == "date unknown"


def test_timeline_events_of_one_date_do_not_overlap(tmp_path):
    g = nx.MultiDiGraph()
    for i in range(40):
        g.add_node(f"e{i}", label=f"event {i}", kind="event", date="2025-10-19" if i % 2 else "2025-10-20")
        g.add_edge(f"e{i}", "actor", role="agent")
    out = tmp_path / "lanes.html"
    write_html(g, out, title="Lanes", layout="timeline")
    data = payload_json(out.read_text(encoding="utf-8"))
    points = [(n["x"], n["y"]) for n in data["nodes"] if n["kind"] == "event"]
    assert len(set(points)) == 40
    assert len({x for x, _ in points}) == 2  # still on their dates


def test_same_graph_same_bytes(tmp_path):
    g = graph_of(sample_extraction())
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    write_html(g, a, title="x")
    write_html(g, b, title="x")
    assert a.read_bytes() == b.read_bytes()


_SELECT_IN_A_CHILD = """
import networkx as nx
from kg.network import select_subgraph
g = nx.MultiDiGraph()
for i in range(80):
    g.add_node(f"https://example.org/n{i}", kind=("person", "place", "event")[i % 3], label=f"node {i}")
for i in range(1, 80):
    g.add_edge(f"https://example.org/n{i - 1}", f"https://example.org/n{i}", role="r")
    g.add_edge(f"https://example.org/n{i}", f"https://example.org/n{i // 2}", role="s")
for kw in ({"types": ["person", "event"]}, {"focus": "node 40", "hops": 3}, {"max_nodes": 25}):
    h = select_subgraph(g, **kw).graph
    print(list(h.nodes), list(h.edges))
"""


def test_a_selection_does_not_depend_on_the_hash_seed():
    """Filters, a focus and the node cap keep the graph's own order: the same input gives the same
    page bytes in any process (Python's string hashing differs per process)."""
    import os
    import subprocess

    outs = [subprocess.run([sys.executable, "-c", _SELECT_IN_A_CHILD], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout for seed in ("1", "2", "3")]
    assert outs[0] and outs[0] == outs[1] == outs[2]


# -- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    if NO_BROWSER:
        pytest.skip(NO_BROWSER)
    with browser.browser() as b:
        yield b


def label_id(page, label: str) -> int:
    return page.evaluate("(l) => window.kg.data.nodes.find(n => n.label === l).id", label)


@pytest.mark.browser
@needs_browser
def test_browser_draws_offline_with_legend_and_no_errors(chromium, sample_page):
    with browser.open_page(chromium, sample_page[0]) as log:
        page = log.page
        assert log.foreign_requests == [] and log.blocked == []
        assert log.console_errors == [] and log.page_errors == []
        stats = browser.canvas_stats(page)
        assert stats["colours"] >= 6 and stats["ink"] > 0.005, stats
        box = page.locator("#graph").bounding_box()
        png = page.screenshot(clip={"x": box["x"], "y": box["y"], "width": min(box["width"], 500), "height": 360})
        assert browser.png_variance(png) > 20
        legend = page.locator("#legend li")
        assert legend.count() >= 4 and "Person" in page.inner_text("#legend")
        assert page.locator("#source-list li").count() == 1  # the source is listed, not drawn
        assert "Soldier crosses the DMZ" in page.inner_text("#source-list")
        assert page.evaluate("() => window.kg.labelsDrawn") >= 4


@pytest.mark.browser
@needs_browser
def test_browser_click_node_shows_highlighted_sentence(chromium, sample_page):
    with browser.open_page(chromium, sample_page[0]) as log:
        page = log.page
        pos = browser.node_position(page, label_id(page, "North Korean soldier"))
        page.mouse.click(pos["x"], pos["y"])
        page.wait_for_selector("#details blockquote")
        assert page.inner_text("#details h3") == "North Korean soldier"
        assert page.locator("#details mark").first.inner_text() == "North Korean soldier"
        quote = page.locator("#details blockquote p").first.inner_text()
        assert quote == "A North Korean soldier crossed the border into South Korea on Sunday."
        panel = page.inner_text("#details")
        assert "2025-10-20" in panel and "Soldier crosses the DMZ" in panel
        link = page.locator("#details a").first
        assert link.get_attribute("href") == "https://news.example/sample"
        assert log.foreign_requests == [] and log.console_errors == []


@pytest.mark.browser
@needs_browser
def test_browser_click_edge_shows_its_sources(chromium, sample_page):
    with browser.open_page(chromium, sample_page[0]) as log:
        page = log.page
        a = browser.node_position(page, label_id(page, "take custody"))
        b = browser.node_position(page, label_id(page, "South Korean military"))
        # straight edges without labels, so that the midpoint between the nodes is on the edge
        page.evaluate("() => window.kg.network.setOptions({edges: {smooth: false, font: {size: 0}}})")
        for f in (0.5, 0.4, 0.6):
            page.mouse.click(a["x"] + f * (b["x"] - a["x"]), a["y"] + f * (b["y"] - a["y"]))
            if "Selected link" in page.text_content("#details"):
                break
        panel = page.text_content("#details")  # textContent: not upper-cased by CSS
        assert "agent" in panel and "Stated by 1 source" in panel
        marks = page.locator("#details mark").all_inner_texts()
        assert set(marks) == {"took custody", "South Korean military"}


@pytest.mark.browser
@needs_browser
def test_browser_hostile_page_runs_nothing(chromium, hostile_page):
    with browser.open_page(chromium, hostile_page) as log:
        page = log.page
        for n in page.evaluate("() => window.kg.data.nodes.map(n => n.id)"):
            page.evaluate("(id) => window.kg.showNode(id)", n)  # render every panel
            assert page.locator("#details img, #details script, #details iframe").count() == 0
        for e in page.evaluate("() => window.kg.data.edges.map(e => e.id)"):
            page.evaluate("(id) => window.kg.showEdge(id)", e)
        for i in range(len(page.evaluate("() => window.kg.data.sources"))):
            page.evaluate("(i) => window.kg.showSource(i)", i)  # the source panel
            assert page.locator("#details img, #details script, #details iframe").count() == 0
        assert IMG in page.inner_text("#story-list") or SCRIPT in page.inner_text("#story-list")
        assert f"Breaking {IMG} {SCRIPT}" in page.inner_text("#source-list")
        page.fill("#find-text", "img src")
        page.press("#find-text", "Enter")
        assert IMG in page.inner_text("#find-results")
        pos = browser.node_position(page, label_id(page, IMG))
        page.mouse.click(pos["x"], pos["y"])
        page.wait_for_selector("#details blockquote")
        assert page.inner_text("#details h3") == IMG
        assert IMG in page.inner_text("#details blockquote")
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert "URL (not a web link): javascript:alert(1)" in page.inner_text("#details")
        page.wait_for_timeout(300)
        assert log.dialogs == []
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => document.scripts.length") == 3
        assert page.title() == f"Report {IMG}"
        assert log.foreign_requests == [] and log.page_errors == []


@pytest.mark.browser
@needs_browser
def test_browser_timeline_layout(chromium, tmp_path):
    g = graph_of(sample_extraction())
    out = tmp_path / "timeline.html"
    write_html(g, out, title="Timeline", layout="timeline")
    with browser.open_page(chromium, out) as log:
        assert log.console_errors == [] and log.foreign_requests == []
        xs = log.page.evaluate("""() => {
            const d = window.kg.data, p = window.kg.network.getPositions();
            return d.nodes.filter(n => n.fixed).map(n => [n.x, p[n.id].x]);
        }""")
        assert xs and all(abs(want - got) < 1e-6 for want, got in xs)  # events stay where they were pinned


# -- scale ------------------------------------------------------------------------------------


def synthetic(n: int = 5000, m: int = 10000) -> nx.MultiDiGraph:
    base = nx.gnm_random_graph(n, m, seed=3, directed=True)
    kinds = ["person", "state", "organization", "group", "place", "event", "claim"]
    g = nx.MultiDiGraph()
    for i in base.nodes:
        k = kinds[i % len(kinds)]
        src = {"source_id": f"s{i % 40}", "title": f"Source {i % 40}", "url": "https://example.org/a", "published": "2025-01-01"}
        g.add_node(f"n{i}", label=f"{k} {i}", kind=k, sources=[src],
                   evidence=[{**src, "sentence": f"Sentence about {k} {i}.", "sentence_begin": 0, "begin": 15,
                              "end": 15 + len(f"{k} {i}"), "anchor": f"{k} {i}", "marks": [[15, 15 + len(f"{k} {i}")]]}])
    for u, v in base.edges():
        g.add_edge(f"n{u}", f"n{v}", role="agent", sources=[])
    return g


@pytest.mark.slow
def test_write_html_large_graph_is_fast(tmp_path):
    g = synthetic()
    assert (g.number_of_nodes(), g.number_of_edges()) == (5000, 10000)
    t0 = time.perf_counter()
    report = write_html(g, tmp_path / "big.html", title="Big")
    elapsed = time.perf_counter() - t0
    assert elapsed < 5.0, elapsed
    assert report.nodes == 5000 and report.edges == 10000


@pytest.mark.slow
@pytest.mark.browser
@needs_browser
def test_browser_large_graph_settles_within_ten_seconds(chromium, tmp_path):
    out = tmp_path / "big.html"
    write_html(synthetic(), out, title="Big")
    t0 = time.perf_counter()
    with browser.open_page(chromium, out, timeout_ms=30000) as log:
        settled = time.perf_counter() - t0
        assert settled < 10.0, settled
        assert log.console_errors == [] and log.foreign_requests == []
        assert log.page.evaluate("() => window.kg.network.physics.options.enabled") is False
        stats = browser.canvas_stats(log.page)
        assert stats["ink"] > 0.01, stats
        t1 = time.perf_counter()  # still interactive: a click is answered quickly
        pos = browser.node_position(log.page, log.page.evaluate("() => window.kg.visibleIds()[0]"))
        log.page.mouse.click(pos["x"], pos["y"])
        log.page.wait_for_selector("#details h3")
        assert time.perf_counter() - t1 < 3.0


def test_graph_read_back_from_graphml_keeps_its_provenance(tmp_path):
    from kg.network import write_graph_file

    write_graph_file(graph_of(sample_extraction()), tmp_path / "g.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    write_html(back, tmp_path / "back.html", title="Back")
    data = payload_json((tmp_path / "back.html").read_text(encoding="utf-8"))
    soldier = next(n for n in data["nodes"] if n["label"] == "North Korean soldier")
    assert soldier["src"] and soldier["ev"][0]["t"][1] == ["North Korean soldier", 1]

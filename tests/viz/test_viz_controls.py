"""The page's controls in headless Chromium: stories, folded claims, expand / hide / focus / back,
Find, the panel filters, the date range and the URL fragment; and how the default view reads at
1 and 20 sources. The graphs are built here by hand (short made-up labels)."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.viz import write_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import browser

NO_BROWSER = browser.chromium_missing_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(NO_BROWSER is not None, reason=NO_BROWSER or "")]

SHOTS = Path(__file__).parent / "shots"  # screenshots kept for a person to look at (git-ignored)


def stories_graph(n_sources: int = 20) -> nx.MultiDiGraph:
    """Five stories (one per four sources): each source reports three events of its story with
    the story's leader, place and a one-off participant; story 0 is dated by year only."""
    g = nx.MultiDiGraph()
    for s in range(n_sources):
        k = s // 4
        src = [{"source_id": f"s{s}", "title": f"Report {s}", "url": f"https://news.example/{s}",
                "published": f"2024-{k + 2:02d}-01", "publisher": "Example News"}]
        g.add_node(f"src{s}", kind="source", label=f"Report {s}", source_id=f"s{s}", title=f"Report {s}",
                   url=f"https://news.example/{s}", published=f"2024-{k + 2:02d}-01", sources=src)
        for e in range(3):
            ev = f"e{s}-{e}"
            when = "2020" if k == 0 else f"2024-{k + 2:02d}-{s % 4 * 3 + e + 1:02d}"
            kind = ("meeting", "attack", "visit", "protest", "arrest")[k]
            g.add_node(ev, kind="event", label=f"{kind} \u00b7 {when}", subtype=kind, date=when, sources=src,
                       evidence=[{**src[0], "sentence": f"Leader Kim {k} met people in City {k}.", "sentence_begin": 0,
                                  "begin": 0, "end": 12, "marks": [[0, 12]]}])
            g.add_node(f"leader{k}", kind="person", label=f"Leader Kim {k}", sources=src)
            g.add_node(f"city{k}", kind="place", label=f"City {k}", sources=src)
            g.add_node(f"p{s}-{e}", kind="group", label=f"residents {s}-{e}", sources=src)
            g.add_edge(ev, f"leader{k}", role="agent", sources=src)
            g.add_edge(ev, f"city{k}", role="place", sources=src)
            g.add_edge(ev, f"p{s}-{e}", role="patient", sources=src)
        g.add_node(f"c{s}", kind="claim", label=f"statement: \u201cwe will talk {s}\u201d", sources=src)
        g.add_edge(f"c{s}", f"leader{k}", role="attributed to", sources=src)
    # for Find: a one-link speaker also called Kim, and a description that mentions Kim
    g.add_node("kim", kind="person", label="Kim", sources=[{"source_id": "s1", "title": "Report 1"}])
    g.add_node("aide", kind="person", label="an aide of kim", sources=[{"source_id": "s1", "title": "Report 1"}])
    g.add_edge("c1", "kim", role="attributed to")
    for e in range(3):
        g.add_edge(f"e1-{e}", "aide", role="patient")
    g.add_node("lonely", kind="organization", label="Lonely Office")  # linked to nothing
    g.add_node("treaty", kind="organization", label="Treaty Office")  # linked to a place, to no event
    g.add_edge("treaty", "city2", role="affiliation")
    return g


@pytest.fixture(scope="module")
def chromium():
    with browser.browser() as b:
        yield b


@pytest.fixture(scope="module")
def page20(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("controls") / "twenty.html"
    write_html(stories_graph(), out, title="Twenty sources")
    return out


def ids_of(page, *labels: str) -> list[int]:
    return page.evaluate("(ls) => ls.map(l => window.kg.data.nodes.find(n => n.label === l).id)", list(labels))


def shown(page) -> set[str]:
    return set(page.evaluate("() => window.kg.visibleIds().map(i => window.kg.data.nodes[i].label)"))


def test_default_view_is_stories_with_claims_folded_and_sources_listed(chromium, page20):
    with browser.open_page(chromium, page20, viewport=(1400, 900)) as log:
        page = log.page
        assert log.console_errors == [] and log.page_errors == [] and log.foreign_requests == []
        labels = shown(page)
        assert {"Leader Kim 0", "City 4", "meeting \u00b7 2020"} <= labels
        assert not any(lbl.startswith("statement") for lbl in labels)  # claims folded
        assert not any(lbl.startswith("Report") for lbl in labels)  # sources are a list
        assert "Lonely Office" not in labels and "Kim" not in labels
        assert page.locator("#story-list li").count() == 5
        assert "Leader Kim" in page.inner_text("#story-list")
        assert page.locator("#source-list li").count() == 20
        note = page.inner_text("#note")
        assert "folded into badges" in note and "20 sources listed" in note and "linked to no event" in note
        badges = page.evaluate("() => window.kg.badges()")
        leader0 = ids_of(page, "Leader Kim 0")[0]
        assert any(b["id"] == leader0 for b in badges)
        # labels never overlap, and the important ones are drawn
        boxes = page.evaluate("() => window.kg.labelBoxes()")
        assert len(boxes) >= 15
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
        drawn = set(page.evaluate("() => window.kg.labelledIds()"))
        assert leader0 in drawn
        SHOTS.mkdir(exist_ok=True)
        png = page.screenshot(path=str(SHOTS / "twenty.png"))
        assert browser.png_variance(png) > 50


def test_badge_click_unfolds_claims_and_back_folds_them(chromium, page20):
    with browser.open_page(chromium, page20) as log:
        page = log.page
        leader0 = ids_of(page, "Leader Kim 0")[0]
        page.evaluate("(id) => window.kg.network.focus(id, {scale: 1.2, animation: false})", leader0)
        page.wait_for_timeout(100)
        badge = next(b for b in page.evaluate("() => window.kg.badges()") if b["id"] == leader0)
        box = page.locator("#graph canvas").bounding_box()
        page.mouse.click(box["x"] + badge["x"], box["y"] + badge["y"])
        assert {"statement: \u201cwe will talk 0\u201d", "statement: \u201cwe will talk 3\u201d"} <= shown(page)
        assert "Claims held (4)" in page.text_content("#details")
        page.click("#back")
        assert not any(lbl.startswith("statement") for lbl in shown(page))


def test_expand_hide_focus_and_back(chromium, page20):
    with browser.open_page(chromium, page20) as log:
        page = log.page
        before = shown(page)
        assert "Treaty Office" not in before  # linked to no event: not drawn at first
        (city,) = ids_of(page, "City 2")
        page.evaluate("(id) => window.kg.select(id)", city)
        pos = browser.node_position(page, city)
        page.mouse.dblclick(pos["x"], pos["y"])
        page.wait_for_function(f"() => window.kg.visibleIds().length > {len(before)}")
        assert shown(page) == before | {"Treaty Office"}
        page.evaluate("(id) => window.kg.select(id)", city)
        page.click("#act-hide")
        assert "City 2" not in shown(page)
        page.click("#back")
        assert "City 2" in shown(page) and "Treaty Office" in shown(page)
        page.click("#back")
        assert shown(page) == before
        (kim,) = ids_of(page, "Leader Kim 1")
        page.evaluate("(id) => window.kg.select(id)", kim)
        page.click("#act-focus")
        focused = shown(page)
        assert "Leader Kim 1" in focused and "City 0" not in focused and "City 1" not in focused
        assert {lbl.split(" ")[0] for lbl in focused} == {"Leader", "attack"}  # its events, claims folded
        assert f"focus={kim}" in page.evaluate("() => location.hash")
        page.click("#back")
        assert shown(page) == before


def test_find_lists_every_match_named_and_well_linked_first(chromium, page20):
    with browser.open_page(chromium, page20) as log:
        page = log.page
        page.fill("#find-text", "kim")
        page.press("#find-text", "Enter")
        items = page.locator("#find-results li").all_inner_texts()
        assert len(items) == 7  # five leaders, the speaker and the aide
        assert items[0].startswith("Leader Kim 0")  # named and best linked (16 links each; then in order)
        assert "person" in items[0] and "links" in items[0]
        assert items[-2].startswith("Kim") and "1 link" in items[-2]  # named, one link
        assert items[-1].startswith("an aide of kim")  # a description, however well linked
        assert page.inner_text("#details h3") == "Leader Kim 0"
        page.locator("#find-results li button").nth(5).click()
        assert page.inner_text("#details h3") == "Kim" and "Kim" in shown(page)  # drawn when picked


def test_filters_change_the_view_and_the_fragment_reproduces_it(chromium, page20):
    with browser.open_page(chromium, page20) as log:
        page = log.page
        page.uncheck("#legend input[data-kind='place']")
        assert not any(lbl.startswith("City") for lbl in shown(page))
        page.uncheck("#type-list input[data-type='attack']")
        assert not any(lbl.startswith("attack") for lbl in shown(page))
        page.uncheck("#source-list input[data-source='0']")
        for s in (1, 2, 3):
            page.uncheck(f"#source-list input[data-source='{s}']")
        assert not any(lbl.startswith("meeting") for lbl in shown(page))  # story 0 is stated by sources 0-3 only
        page.uncheck("#claims-on")
        assert page.evaluate("() => window.kg.badges().length") == 0
        page.fill("#source-filter", "report 1")
        visible_sources = page.locator("#source-list li:visible").count()
        assert visible_sources == 11  # Report 1 and Report 10-19
        view = shown(page)
        frag = page.evaluate("() => location.hash")
        assert "xk=place" in frag and "xt=attack" in frag and "claims=0" in frag
        again = log.page.context.new_page()
        again.goto(page.url)
        again.wait_for_function("() => !!(window.kg && window.kg.ready)")
        assert shown(again) == view
        assert not again.is_checked("#legend input[data-kind='place']") and not again.is_checked("#claims-on")
        page.click("#reset")
        assert any(lbl.startswith("City") for lbl in shown(page)) and page.evaluate("() => location.hash") == ""


def test_date_range_slider_hides_events_and_what_only_they_reach(chromium, page20):
    with browser.open_page(chromium, page20) as log:
        page = log.page
        lo = page.evaluate("() => +document.getElementById('range-from').min")
        # from 2024-01-01: the year-2020 story goes, with its leader, city and participants
        page.evaluate("""(d) => { const r = document.getElementById('range-from'); r.value = d;
                                 r.dispatchEvent(new Event('input')); }""", 19723)
        page.wait_for_function("() => window.kg.state().from === 19723")
        labels = shown(page)
        assert lo < 19723
        assert not any(lbl.startswith("meeting") for lbl in labels)
        assert "Leader Kim 0" not in labels and "City 0" not in labels and "residents 0-0" not in labels
        assert "Leader Kim 1" in labels and "City 4" in labels
        assert page.inner_text("#range-out").startswith("2024-01-01")
        assert "from=2024-01-01" in page.evaluate("() => location.hash")


def test_timeline_page_draws_a_time_axis(chromium, tmp_path):
    out = tmp_path / "timeline.html"
    write_html(stories_graph(), out, title="Timeline", layout="timeline")
    with browser.open_page(chromium, out, viewport=(1400, 900)) as log:
        page = log.page
        assert log.console_errors == [] and log.page_errors == []
        xs = page.evaluate("""() => { const p = window.kg.network.getPositions();
            return window.kg.data.nodes.filter(n => n.kind === 'event' && p[n.id]).map(n => [n.t0, p[n.id].x]); }""")
        xs.sort()
        assert all(a[1] <= b[1] for a, b in itertools.pairwise(xs))  # later dates further right
        SHOTS.mkdir(exist_ok=True)
        png = page.screenshot(path=str(SHOTS / "timeline.png"))
        assert browser.png_variance(png) > 50


def test_finding_a_node_a_filter_hides_shows_its_details_without_errors(chromium, page20):
    with browser.open_page(chromium, page20) as log:
        page = log.page
        page.uncheck("#legend input[data-kind='place']")
        page.fill("#find-text", "City 3")
        page.press("#find-text", "Enter")
        assert page.inner_text("#details h3") == "City 3"
        assert "hidden by the filters" in page.inner_text("#status")
        assert "City 3" not in shown(page)
        assert log.console_errors == [] and log.page_errors == []

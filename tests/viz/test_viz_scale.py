"""The graph page at 1,000 sources (issue 16's scale point): a synthetic store of 1,000 whole
sources (bench/synthetic.py, bulk-loaded) gives one self-contained page under 25 MB that Chromium
draws (stories, not a hairball) and answers a click on, with no errors. The timing target (5 s to
interactive) is measured by bench/bench_viz.py; here the bound is loose, for a busy machine."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
import browser  # noqa: E402  (tests/browser.py: the Playwright helper)
from bench_viz import build_store  # noqa: E402

from kg.network import build_network, select_subgraph  # noqa: E402
from kg.viz import write_html  # noqa: E402

NO_BROWSER = browser.chromium_missing_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(NO_BROWSER is not None, reason=NO_BROWSER or "")]


def test_a_page_of_1000_sources_is_small_drawn_as_stories_and_answers_a_click(tmp_path):
    store = build_store(tmp_path / "store", 1000, seed=7)
    network = build_network(store)
    out = tmp_path / "page.html"
    write_html(select_subgraph(network), out, title="kg: 1,000 synthetic sources")
    assert out.stat().st_size <= 25 * 1024 * 1024
    with browser.browser() as b:
        t0 = time.perf_counter()
        with browser.open_page(b, out, wait_for="() => !!(window.kg && window.kg.ready)", timeout_ms=60000) as log:
            ready = time.perf_counter() - t0
            drawn = log.page.evaluate("() => window.kg.visibleCount()")
            assert 0 < drawn <= 1000, drawn  # a readable first view, not the whole store
            node = log.page.evaluate("() => window.kg.visibleIds()[0]")
            pos = browser.node_position(log.page, node)
            log.page.mouse.click(pos["x"], pos["y"])
            log.page.wait_for_selector("#details h3", timeout=10000)
            log.page.screenshot(path=str(tmp_path / "page-1000.png"))
            assert log.console_errors + log.page_errors == []
    assert (tmp_path / "page-1000.png").stat().st_size > 10_000  # something was drawn
    assert ready < 30, f"interactive after {ready:.1f} s"

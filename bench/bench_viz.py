"""The HTML graph page at scale: a store of N synthetic sources (``synthetic.py``) -> ``kg viz``'s
page; file size, time to write it, and time until it is interactive in headless Chromium.

    python bench/bench_viz.py --sources 1000            # store, page, browser timings
    python bench/bench_viz.py --sources 20 --out p.html # keep the page to look at

"Interactive" is the time from navigation until the page's script has drawn the default view
(``window.kg.ready``), then a click on a node is timed until its details are shown. Needs the
system Chromium (``/usr/bin/chromium``) and Playwright for the browser part.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import SyntheticGraph, iter_ox_quads  # noqa: E402

from kg.graph.store import open_store  # noqa: E402
from kg.network import build_network, select_subgraph  # noqa: E402
from kg.viz import write_html  # noqa: E402


class _Sources(SyntheticGraph):
    """The reference graph and exactly ``sources`` whole sources."""

    def __init__(self, sources: int, seed: int) -> None:
        super().__init__(n=0, seed=seed)
        self.want = sources

    def __iter__(self):
        for quads in islice(self._chunks(), self.want + 1):
            yield from quads


def build_store(path: Path, sources: int, seed: int):
    store = open_store(path)
    store.oxigraph.bulk_extend(iter_ox_quads(_Sources(sources, seed)))
    store.flush()
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--max-nodes", type=int, default=None, help="cap on embedded nodes (default: kg viz's)")
    ap.add_argument("--layout", default="force")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-browser", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build_store(Path(tmp) / "store", a.sources, a.seed)
        t1 = time.perf_counter()
        g = build_network(store)
        t2 = time.perf_counter()
        kw = {} if a.max_nodes is None else {"max_nodes": a.max_nodes}
        sel = select_subgraph(g, **kw)
        out = a.out or Path(tmp) / "graph.html"
        report = write_html(sel, out, title=f"{a.sources} synthetic sources", layout=a.layout)
        t3 = time.perf_counter()
        print(f"sources {a.sources}: store {t1 - t0:.1f} s; network {g.number_of_nodes():,} nodes, "
              f"{g.number_of_edges():,} edges in {t2 - t1:.1f} s")
        print(f"page: {report.nodes:,} nodes, {report.edges:,} links embedded, {report.bytes / 1e6:.1f} MB, "
              f"written in {t3 - t2:.1f} s (selection + page)")
        if not a.no_browser:
            browser_timings(out)


def browser_timings(out: Path) -> None:
    import browser

    with browser.browser() as b:
        t0 = time.perf_counter()
        with browser.open_page(b, out, wait_for="() => !!(window.kg && window.kg.ready)", timeout_ms=120000) as log:
            ready = time.perf_counter() - t0
            shown = log.page.evaluate("() => window.kg.visibleCount()")
            node = log.page.evaluate("() => window.kg.visibleIds()[0]")
            t1 = time.perf_counter()
            pos = browser.node_position(log.page, node)
            log.page.mouse.click(pos["x"], pos["y"])
            log.page.wait_for_selector("#details h3")
            click = time.perf_counter() - t1
            print(f"browser: interactive after {ready:.2f} s ({shown:,} nodes drawn); a click answered in "
                  f"{click:.2f} s; errors: {log.console_errors + log.page_errors or 'none'}")


if __name__ == "__main__":
    main()

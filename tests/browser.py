"""Drive the system's Chromium with Playwright for the viz tests (never downloads a browser).

``open_page`` loads a local HTML file, routes every request (anything but the file itself is
aborted and recorded), and collects console errors, page errors and dialogs.
"""

from __future__ import annotations

import struct
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need the system Chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright)"
    return None


@dataclass
class PageLog:
    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def open_page(b, path: Path, *, wait_for: str = "() => !!(window.kg && window.kg.stabilized)",
              timeout_ms: float = 15000, viewport=(1280, 800)):
    """Open ``path``; yields a PageLog once ``wait_for`` (a JS function: the page's CSP forbids eval) is true."""
    ctx = b.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
    page = ctx.new_page()
    url = Path(path).resolve().as_uri()
    log = PageLog(page=page, url=url)

    def route(r):
        u = r.request.url
        log.requests.append(u)
        if u == url:
            r.continue_()
        else:
            log.blocked.append(u)
            r.abort()

    ctx.route("**/*", route)
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(d):
        log.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until="load")
        if wait_for:
            page.wait_for_function(wait_for, timeout=timeout_ms)
        yield log
    finally:
        ctx.close()


def node_position(page, node_id: int) -> dict:
    """Where node ``node_id`` is drawn, in page coordinates."""
    return page.evaluate(
        """(id) => {
            const n = window.kg.network;
            const p = n.canvasToDOM(n.getPositions([id])[id]);
            const r = document.querySelector('#graph canvas').getBoundingClientRect();
            return {x: p.x + r.left, y: p.y + r.top};
        }""",
        node_id,
    )


def canvas_stats(page) -> dict:
    """How much is drawn on the network canvas: distinct colours and non-white pixel share."""
    return page.evaluate(
        """() => {
            const c = document.querySelector('#graph canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const colours = new Set();
            let ink = 0, total = 0;
            for (let i = 0; i < d.length; i += 16) {
                total++;
                const white = d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245;
                if (d[i + 3] > 0 && !white) ink++;
                colours.add((d[i] >> 3) + ',' + (d[i + 1] >> 3) + ',' + (d[i + 2] >> 3));
            }
            return {colours: colours.size, ink: ink / total, width: c.width, height: c.height};
        }"""
    )


def png_variance(png: bytes) -> float:
    """Variance of the grey levels of an 8-bit RGB/RGBA PNG (a blank screenshot gives ~0)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = colour = depth = 0
    while pos < len(png):
        n, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and colour in (2, 6), "expects 8-bit RGB or RGBA"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    total = total_sq = count = 0
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        prev = line
        if y % 4 == 0:
            for x in range(0, width, 4):
                i = x * bpp
                grey = (line[i] + line[i + 1] + line[i + 2]) // 3
                total += grey
                total_sq += grey * grey
                count += 1
    mean = total / count
    return total_sq / count - mean * mean

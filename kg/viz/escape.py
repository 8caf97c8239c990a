"""Text placed inside the page's ``<script>`` elements so that it cannot close or confuse them:
the scripts themselves, and the data as JSON (with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped)."""

from __future__ import annotations

import json
import re


def script_safe(js: str) -> str:
    """JS text that cannot close or confuse the <script> element holding it."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def json_for_script(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )

"""Read articles and their metadata sidecars from disk into :class:`kg.model.Article`.

An article is a ``.txt`` or ``.md`` file whose first line is the headline, optionally with a
sidecar ``NAME.json`` holding ``title``, ``publisher``, ``url``, ``published`` (ISO date or null)
and ``author``; other sidecar fields are ignored. Text is decoded as UTF-8 (a UTF-8 or UTF-16
byte-order mark is honoured and dropped) and newlines are normalised to ``\\n``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.model import Article

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".json",)
MAX_ARTICLE_BYTES = 5_000_000
# Extraction time grows faster than the text (50,000 characters take ~3 s, 100,000 ~11 s, 200,000 ~37 s)
# and spaCy refuses 1,000,000 outright, so a longer text is refused up front. News articles are
# usually 2,000-20,000 characters.
MAX_ARTICLE_CHARS = 100_000
STDIN = Path("-")
_SIDECAR_FIELDS = {"title": str, "publisher": str, "url": str, "published": str, "author": str}
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "is",
        "are",
        "was",
        "were",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "from",
        "that",
        "this",
        "it",
        "its",
        "has",
        "have",
        "had",
        "be",
        "been",
        "not",
        "but",
        "or",
        "which",
        "who",
        "said",
        "will",
        "would",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
    ]
)


def _is_sidecar(f: Path) -> bool:
    return f.suffix.lower() == ".json" and any(f.with_suffix(x).is_file() for x in TEXT_SUFFIXES + HTML_SUFFIXES)


def iter_article_paths(paths: list[Path]) -> Iterator[Path]:
    """Files to ingest: each file given, and every article file below each folder (recursively,
    sorted); JSON sidecars are not articles."""
    for p in paths:
        if p.is_dir():
            yield from sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in ARTICLE_SUFFIXES
                and not _is_sidecar(f)
                and not f.name.startswith(".")
            )
        else:
            yield p


def hash_text(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_id_for(*, url: str | None, text: str) -> str:
    """A source's identity: its URL when known, else its text (16 hex digits).

    >>> source_id_for(url="https://example.org/a", text="x") == source_id_for(url="https://example.org/a", text="y")
    True
    """
    key = ("url:" + url.strip()) if url and url.strip() else ("text:" + hash_text(text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def decode_text(data: bytes, *, name: str) -> str:
    """Decode article bytes, refusing binary data with a clear message."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise_newlines(data.decode("utf-16"))
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid UTF-16 text", hint="save the file as UTF-8") from e
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (contains NUL bytes)", hint="give a UTF-8 text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not valid UTF-8 (byte {e.start})", hint="convert the file to UTF-8 text") from e
    return _normalise_newlines(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_english(text: str) -> bool:
    """True when enough of the words are common English function words.

    >>> looks_english("The soldier crossed the border on Sunday, officials said.")
    True
    >>> looks_english("북한 군인이 군사분계선을 넘어 귀순했다")
    False
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return False
    hits = sum(1 for w in words if w in _ENGLISH_WORDS)
    return hits / len(words) >= 0.08 or (len(words) < 12 and hits >= 1)


def read_sidecar(path: Path) -> dict:
    """The sidecar's known fields, type-checked; ``{}`` when there is no sidecar."""
    side = path.with_suffix(".json")
    if not side.is_file() or side == path:
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{side.name}: sidecar is not valid JSON ({e})", hint="fix or remove the sidecar") from e
    return check_metadata(meta, name=side.name)


def check_metadata(meta: object, *, name: str) -> dict:
    """The known metadata fields of a JSON object, type-checked (``published`` parsed)."""
    side = Path(name)
    if not isinstance(meta, dict):
        raise InputError(f"{side.name}: metadata must be a JSON object", hint='write {"title": ..., "published": ...}')
    out: dict[str, object] = {}
    for key, typ in _SIDECAR_FIELDS.items():
        val = meta.get(key)
        if val is None:
            continue
        if not isinstance(val, typ):
            raise InputError(
                f"{side.name}: field '{key}' must be a string or null, not {type(val).__name__}",
                hint="fix the sidecar",
            )
        out[key] = val.strip() or None
    published = out.get("published")
    if isinstance(published, str) and published:
        out["published"] = parse_published(published, name=side.name)
    return out


def parse_published(value: str, *, name: str) -> date:
    """An ISO date (a datetime's date part is taken); anything else is an input error."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError as e:
        raise InputError(
            f"{name}: 'published' is not a valid ISO date: {value!r}", hint="use YYYY-MM-DD or null"
        ) from e


def read_article(path: Path, *, stdin=None) -> Article:
    """Read one article (file, or ``-`` for ``stdin``) and its sidecar. Raises :class:`InputError`
    for anything unusable."""
    if path == STDIN:
        data = (stdin if stdin is not None else sys.stdin.buffer).read(MAX_ARTICLE_BYTES + 1)
        return article_from_bytes(data, name="stdin", suffix=".txt", meta={})
    name = path.name
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder", hint="give article files or a folder of them")
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise InputError(
            f"{name}: unsupported file type '{path.suffix}'", hint="give .txt, .md, .html or .json articles"
        )
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise InputError(
                f"{name}: larger than {MAX_ARTICLE_BYTES // 1_000_000} MB, too large for one article",
                hint="split it into articles",
            )
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})", hint="check permissions") from e
    return article_from_bytes(data, name=name, suffix=path.suffix.lower(), meta=read_sidecar(path))


def article_from_bytes(data: bytes, *, name: str, suffix: str, meta: dict) -> Article:
    """An article from raw bytes of a given kind; ``meta`` (a sidecar) wins over the page's own."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{name}: larger than {MAX_ARTICLE_BYTES // 1_000_000} MB, too large for one article",
            hint="split it into articles",
        )
    if suffix == ".json":
        text, meta = _json_record(data, name=name)
    elif suffix in HTML_SUFFIXES:
        text, page_meta = _html_page(data, name=name)
        meta = {**page_meta, **{k: v for k, v in meta.items() if v is not None}}
    else:
        text = decode_text(data, name=name)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{name}: {len(text):,} characters, too large for one article (kg reads at most {MAX_ARTICLE_CHARS:,})",
            hint="split it into articles",
        )
    if not text.strip():
        raise InputError(f"{name}: the article is empty", hint="the first line is the headline, then the body")
    if not looks_english(text):
        raise InputError(f"{name}: the text does not look like English", hint="kg extracts from English text only")
    first_line = text.strip().splitlines()[0].strip().lstrip("#").strip()
    return Article(
        text=text,
        source_id=source_id_for(url=meta.get("url"), text=text),
        content_hash=hash_text(text),
        title=meta.get("title") or first_line,
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        published=meta.get("published"),
        author=meta.get("author"),
        path=name,
    )


def _json_record(data: bytes, *, name: str) -> tuple[str, dict]:
    try:
        record = json.loads(decode_text(data, name=name))
    except json.JSONDecodeError as e:
        raise InputError(f"{name}: not valid JSON ({e})", hint='a record is {"text": "...", "title": ...}') from e
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f"{name}: a JSON record needs a string field 'text'", hint='write {"text": "...", ...}')
    text = _normalise_newlines(record["text"])
    meta = check_metadata({k: record.get(k) for k in _SIDECAR_FIELDS}, name=name)
    title = meta.get("title")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    return text, meta


def _html_page(data: bytes, *, name: str) -> tuple[str, dict]:
    """Main text and metadata of a saved web page (trafilatura); the headline leads the text."""
    import trafilatura

    html = decode_text(data, name=name)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
    except Exception as e:  # trafilatura raises several parser errors on broken pages
        raise InputError(f"{name}: cannot read the page ({str(e)[:120]})", hint="save the page as HTML again") from e
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise InputError(f"{name}: no article text found in the page", hint="save the article page itself")
    title = (getattr(doc, "title", None) or "").strip()
    text = body if not title or body.startswith(title) else f"{title}\n{body}"
    meta: dict = {
        "title": title or None,
        "url": getattr(doc, "url", None),
        "author": getattr(doc, "author", None),
        "publisher": getattr(doc, "sitename", None),
    }
    date_text = getattr(doc, "date", None)
    if date_text:
        try:
            meta["published"] = parse_published(str(date_text), name=name)
        except InputError:
            meta["published"] = None
    return _normalise_newlines(text) + "\n", {k: v for k, v in meta.items() if v}

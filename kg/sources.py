"""Read articles and their metadata sidecars from disk into :class:`kg.model.Article`.

An article is a ``.txt`` or ``.md`` file whose first line is the headline, optionally with a
sidecar ``NAME.json`` holding ``title``, ``publisher``, ``url``, ``published`` (ISO date or null)
and ``author``; other sidecar fields are ignored. Text is decoded as UTF-8 (a UTF-8 or UTF-16
byte-order mark is honoured and dropped) and newlines are normalised to ``\\n``.

Limits (each broken one is that file's skip reason, see docs/reliability.md): a sidecar holds at
most ``MAX_SIDECAR_BYTES``; ``title``, ``publisher`` and ``author`` at most ``MAX_FIELD_CHARS``
characters; ``url`` is an ``http(s)`` URL of at most ``MAX_URL_CHARS`` with no spaces, quotes or
angle brackets; ``published`` is ``YYYY-MM-DD`` (optionally a time after a ``T``) with a year from
``MIN_YEAR`` to ``MAX_YEAR``. Only regular files are read; below a folder, a symbolic link that
leads out of the folder and folders deeper than ``MAX_FOLDER_DEPTH`` are skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
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
MAX_SIDECAR_BYTES = 100_000
MAX_FIELD_CHARS = 1_000  # title, publisher, author
MAX_URL_CHARS = 2_000
MIN_YEAR, MAX_YEAR = 1000, 2999  # of 'published' (relative times like "last year" stay computable)
MAX_FOLDER_DEPTH = 64
_URL = re.compile(r"https?://[^\s\"'<>\\^`{|}\x00-\x1f\x7f]+", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
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


@dataclass
class ArticleScan:
    """What :func:`scan_article_paths` found: the files to read, the files skipped with a reason
    (``(path, message)``), and how many files below the folders are of other types (ignored)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def display_name(path: Path | str) -> str:
    """A file name as messages show it: control characters (a newline, an escape) written as escapes,
    so a name cannot add lines to kg's output.

    >>> display_name("a\\nkg: error: b.txt")
    'a\\\\nkg: error: b.txt'
    """
    text = str(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def scan_article_paths(paths: list[Path]) -> ArticleScan:
    """Files to ingest: each file given, and every article file below each folder (sorted; JSON
    sidecars are not articles). Below a folder, files that are not regular files (a FIFO, a device),
    symbolic links that lead out of the folder, and folders that cannot be read or lie deeper than
    ``MAX_FOLDER_DEPTH`` are skipped with a reason; symbolic links to folders are not followed.
    The walk keeps its own stack: no depth of folders exhausts Python's recursion."""
    scan = ArticleScan()
    for p in paths:
        if p != STDIN and p.is_dir():
            _walk(p, scan)
        else:
            scan.files.append(p)
    return scan


def _walk(top: Path, scan: ArticleScan) -> None:
    root = top.resolve()
    found: list[Path] = []
    stack: list[tuple[Path, int]] = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            _skip(
                scan,
                folder,
                f"{display_name(folder)}: cannot read the folder ({e.strerror or e})",
                "check its permissions",
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            name = display_name(path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_FOLDER_DEPTH:
                        _skip(
                            scan,
                            path,
                            f"{name}: folders nested deeper than {MAX_FOLDER_DEPTH} levels are not read",
                            "move the articles nearer the folder you give",
                        )
                    else:
                        stack.append((path, depth + 1))
                    continue
                if path.suffix.lower() not in ARTICLE_SUFFIXES:
                    if not entry.is_dir():
                        scan.ignored.append(str(path))
                    continue
                if entry.is_symlink():
                    target = path.resolve()
                    if root != target and root not in target.parents:
                        _skip(
                            scan,
                            path,
                            f"{name}: a symbolic link that leads out of the folder",
                            "copy the file into the folder, or name it on the command line",
                        )
                        continue
                mode = os.stat(path).st_mode
            except (OSError, RuntimeError) as e:  # RuntimeError: a symbolic link loop
                _skip(scan, path, f"{name}: cannot read ({getattr(e, 'strerror', None) or e})", "check permissions")
                continue
            if stat.S_ISDIR(mode):
                continue  # a link to a folder inside this one: read there
            if not stat.S_ISREG(mode):
                _skip(scan, path, f"{name}: {_kind(mode)}, not a regular file", "give article files")
            elif not _is_sidecar(path):
                found.append(path)
    scan.files += sorted(found)


def _skip(scan: ArticleScan, path: Path, message: str, hint: str) -> None:
    scan.skipped.append((str(path), str(InputError(message, hint=hint))))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def iter_article_paths(paths: list[Path]) -> Iterator[Path]:
    """The files :func:`scan_article_paths` finds to read (without the skipped ones)."""
    yield from scan_article_paths(paths).files


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


def read_regular_file(path: Path, *, limit: int, what: str = "one article") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Opened without blocking and checked
    on the open file, so a FIFO or a device named as an article never hangs the reader (or the
    store lock it holds)."""
    name = display_name(path.name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(f"{display_name(path)}: cannot read ({e.strerror})", hint="check permissions") from e
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{name}: {_kind(mode)}, not a regular file", hint="give article files")
        if os.fstat(fd).st_size > limit:
            raise InputError(
                f"{name}: larger than {_size(limit)}, too large for {what}",
                hint="split it into articles" if what == "one article" else "keep the sidecar to its fields",
            )
        try:
            return f.read(limit + 1)
        except OSError as e:
            raise InputError(f"{display_name(path)}: cannot read ({e.strerror})", hint="check permissions") from e


def _size(n: int) -> str:
    return f"{n // 1_000_000} MB" if n >= 1_000_000 else f"{n // 1_000} kB"


def read_sidecar(path: Path) -> dict:
    """The sidecar's known fields, type-checked; ``{}`` when there is no sidecar."""
    side = path.with_suffix(".json")
    if side == path or not side.exists():
        return {}
    name = display_name(side.name)
    data = read_regular_file(side, limit=MAX_SIDECAR_BYTES, what="a sidecar")
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{name}: sidecar is not valid JSON ({e})", hint="fix or remove the sidecar") from e
    except RecursionError as e:
        raise InputError(f"{name}: sidecar is nested too deeply", hint="a sidecar is one flat JSON object") from e
    return check_metadata(meta, name=side.name)


def check_metadata(meta: object, *, name: str) -> dict:
    """The known metadata fields of a JSON object, type-checked and within their limits (see the
    module's docstring; ``published`` parsed)."""
    name = display_name(Path(name).name)
    if not isinstance(meta, dict):
        raise InputError(f"{name}: metadata must be a JSON object", hint='write {"title": ..., "published": ...}')
    out: dict[str, object] = {}
    for key, typ in _SIDECAR_FIELDS.items():
        val = meta.get(key)
        if val is None:
            continue
        if not isinstance(val, typ):
            raise InputError(
                f"{name}: field '{key}' must be a string or null, not {type(val).__name__}",
                hint="fix the sidecar",
            )
        check_encodable(val, name=f"{name}: field '{key}'")
        val = val.strip()
        limit = MAX_URL_CHARS if key == "url" else 32 if key == "published" else MAX_FIELD_CHARS
        if len(val) > limit:
            raise InputError(
                f"{name}: field '{key}' has {len(val):,} characters, more than the {limit:,} kg keeps",
                hint=f"shorten '{key}'",
            )
        out[key] = val or None
    url = out.get("url")
    if isinstance(url, str) and not is_web_url(url):
        raise InputError(
            f"{name}: field 'url' is not an http(s) URL without spaces or quotes: {url[:80]!r}",
            hint="give the article's web address (percent-encode spaces and quotes), or null",
        )
    published = out.get("published")
    if isinstance(published, str) and published:
        out["published"] = parse_published(published, name=name)
    return out


def is_web_url(value: str) -> bool:
    """An ``http``/``https`` URL with a host and no spaces, quotes, angle brackets or control characters.

    >>> is_web_url("https://example.org/a?b=1"), is_web_url("file:///etc/passwd"), is_web_url('https://example.org/a b"c')
    (True, False, False)
    """
    return len(value) <= MAX_URL_CHARS and _URL.fullmatch(value) is not None and "://" in value[:8]


def check_encodable(text: str, *, name: str) -> None:
    """Refuse text that cannot be written as UTF-8 (a lone surrogate, as a JSON ``\\ud800`` gives)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(
            f"{name}: contains a lone surrogate ({text[e.start]!r}) at character {e.start}, which is not text",
            hint="fix the escape sequence (a \\uD800-\\uDFFF escape must be half of a pair)",
        ) from e


def parse_published(value: str, *, name: str) -> date:
    """``YYYY-MM-DD`` (a datetime after it, ``YYYY-MM-DDTHH:MM...``, gives its date) with a year from
    ``MIN_YEAR`` to ``MAX_YEAR``; anything else (week dates, compact forms) is an input error."""
    day = value[:10]
    try:
        if not _ISO_DAY.fullmatch(day):
            raise ValueError(value)
        parsed = date.fromisoformat(day)
        if len(value) > 10:
            if value[10] not in "T ":
                raise ValueError(value)
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as e:
        raise InputError(
            f"{name}: 'published' is not a valid ISO date: {value[:40]!r}", hint="use YYYY-MM-DD or null"
        ) from e
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InputError(
            f"{name}: 'published' year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR}",
            hint="give the date the article appeared, YYYY-MM-DD",
        )
    return parsed


def read_article(path: Path, *, stdin=None) -> Article:
    """Read one article (file, or ``-`` for ``stdin``) and its sidecar. Raises :class:`InputError`
    for anything unusable."""
    if path == STDIN:
        data = (stdin if stdin is not None else sys.stdin.buffer).read(MAX_ARTICLE_BYTES + 1)
        return article_from_bytes(data, name="stdin", suffix=".txt", meta={})
    name = display_name(path.name)
    if not path.exists():
        raise InputError(f"{display_name(path)}: no such file", hint="check the path")
    if path.is_dir():
        raise InputError(f"{display_name(path)}: is a folder", hint="give article files or a folder of them")
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise InputError(
            f"{name}: unsupported file type '{display_name(path.suffix)}'",
            hint="give .txt, .md, .html or .json articles",
        )
    data = read_regular_file(path, limit=MAX_ARTICLE_BYTES)
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
    except RecursionError as e:
        raise InputError(f"{name}: the JSON record is nested too deeply", hint='write {"text": "...", ...}') from e
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f"{name}: a JSON record needs a string field 'text'", hint='write {"text": "...", ...}')
    check_encodable(record["text"], name=f"{name}: field 'text'")
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
    url = getattr(doc, "url", None)
    meta: dict = {
        "title": title[:MAX_FIELD_CHARS] or None,
        "url": url if isinstance(url, str) and is_web_url(url) else None,  # a page's own claim: dropped if unusable
        "author": (getattr(doc, "author", None) or "")[:MAX_FIELD_CHARS],
        "publisher": (getattr(doc, "sitename", None) or "")[:MAX_FIELD_CHARS],
    }
    date_text = getattr(doc, "date", None)
    if date_text:
        try:
            meta["published"] = parse_published(str(date_text), name=name)
        except InputError:
            meta["published"] = None
    return _normalise_newlines(text) + "\n", {k: v for k, v in meta.items() if v}

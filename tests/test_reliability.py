"""Reliability: kg keeps a store safe and says what went wrong in one line.

Each test here proves one row of docs/reliability.md: hostile or broken input files, bad queries, a
store that is unwritable, damaged, locked, killed mid-write, shared by two writers or out of disk
space, hostile text that must never run or reach the network, and remote endpoints that are down,
slow or failing. Every CLI error is checked the same way (:func:`error_line`): the documented exit
code, one ``kg: error: ... (hint: ...)`` line last on stderr, no traceback.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.cli.common
import kg.query.endpoint
from kg.query import Endpoint, run_query
from kg import iri
from conftest import error_line, invoke
from kg.jobs.ingest import ingest_paths
from kg.sources import MAX_ARTICLE_CHARS, source_id_for
from kg.graph.store import ExportFormat, open_store

sys.path.insert(0, str(Path(__file__).parent))
import browser  # noqa: E402  (tests/browser.py: the Playwright helper)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "dmz-defection-opinion.txt"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KG_NS = "https://w3id.org/kg-news/ont#"
METADATA = "https://w3id.org/kg-news/graph/metadata"
SOURCE_GRAPH = "https://w3id.org/kg-news/graph/source/"

ARTICLE = ("Soldier crosses the border\n"
           "A North Korean soldier crossed the border on Sunday, South Korea's Joint Chiefs of Staff said. "
           "The South Korean military took custody of the man near the truce village.\n")
OTHER = ("Pyongyang rejects talks offer\n"
         "North Korea rejected an offer of military talks from Seoul on Tuesday, officials said.\n")
IMG = "<img src=x onerror=alert('img')>"
SCRIPT = "<script>alert('script')</script>"


# -- helpers -------------------------------------------------------------------------------------

def proc_error_line(proc: subprocess.CompletedProcess, code: int) -> str:
    """:func:`error_line` for a kg run in another process (where it is the only line on stderr)."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("kg: error: ") and "(hint: " in lines[0] and lines[0].endswith(")"), proc.stderr
    return lines[0]


def kg_command(*args) -> list[str]:
    return [sys.executable, "-m", "kg.cli.main", *[str(a) for a in args]]


def run_kg(*args, timeout: float = 120, prefix: list[str] | None = None, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    env.pop("KG_STORE", None)
    return subprocess.run((prefix or []) + kg_command(*args), capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=cwd)


def export_of(path: Path) -> bytes:
    """The store's sorted N-Quads, read through a read-only handle (works while another holds it)."""
    return open_store(path, read_only=True).export(ExportFormat.NQUADS)


def write_article(folder: Path, name: str, text: str | bytes, meta: dict | str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    if meta is not None:
        p.with_suffix(".json").write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return p


def png_image() -> bytes:
    """A real 8x8 RGB PNG image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"".join(bytes((x * 30, y * 30, 128)) for x in range(8)) for y in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def mention_problems(quads) -> tuple[int, list]:
    """(mentions seen, mentions whose context text[begin:end] is not their anchor)."""
    texts, spans = {}, {}
    for q in quads:
        s, p, o = q.subject.value, q.predicate.value, q.object
        if p == NIF + "isString":
            texts[s] = o.value
        elif p in (NIF + "beginIndex", NIF + "endIndex", NIF + "anchorOf", NIF + "referenceContext"):
            spans.setdefault(s, {})[p[len(NIF):]] = o.value
    bad, seen = [], 0
    for m, d in spans.items():
        if "referenceContext" not in d or "anchorOf" not in d:
            continue
        seen += 1
        text = texts[d["referenceContext"]]
        b, e = int(d["beginIndex"]), int(d["endIndex"])
        if text[b:e] != d["anchorOf"]:
            bad.append((m, b, e, d["anchorOf"], text[b:e]))
    return seen, bad


def context_texts(quads) -> list[str]:
    return [q.object.value for q in quads if q.predicate.value == NIF + "isString"]


def file_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every store file except RocksDB's diagnostic LOG files (rotated on every open)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith("LOG")}


@pytest.fixture(scope="module")
def template_store(tmp_path_factory) -> Path:
    """A store holding one small article, written once and copied by the tests that change a store."""
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    folder = tmp_path_factory.mktemp("template")
    article = write_article(folder / "in", "border.txt", ARTICLE,
                            {"title": "Soldier crosses", "url": "https://example.org/border", "published": "2025-10-20"})
    path = folder / "store"
    store = open_store(path)
    assert not ingest_paths(store, [article]).failures
    store.flush()
    del store
    del_obsolete_logs = open_store(path)  # opening again drops the write-ahead log the flush made obsolete,
    del del_obsolete_logs  # so the tests that measure the store's size on disk measure its data
    return path


@pytest.fixture
def seeded(tmp_path, template_store) -> tuple[Path, bytes]:
    """A private copy of the template store and its export."""
    path = tmp_path / "store"
    shutil.copytree(template_store, path)
    return path, export_of(path)


# -- input files -----------------------------------------------------------------------------------

BAD_INPUTS = {
    # id: (file name, content, sidecar, what the message says)
    "whitespace-only": ("blank.txt", b"  \n\t\r\n   \r\n", None, "the article is empty"),
    "png-image": ("photo.txt", png_image(), None, "binary"),
    "invalid-utf8": ("latin1.txt", "Soldier crosses\nThe soldier crossed the border at Panmunjom, café owners said.\n"
                     .encode("latin-1"), None, "not valid UTF-8"),
    "nul-bytes": ("nul.txt", ARTICLE.encode().replace(b"Sunday", b"Sun\x00day"), None, "NUL"),
    "korean": ("korean.txt", "북한 군인 귀순\n북한 군인이 일요일 군사분계선을 넘어 귀순했다고 합동참모본부가 밝혔다.\n".encode(),
               None, "does not look like English"),
    "sidecar-not-json": ("a.txt", ARTICLE.encode(), "{'title': 'single quotes'", "not valid JSON"),
    "sidecar-array": ("a.txt", ARTICLE.encode(), "[1, 2]", "must be a JSON object"),
    "sidecar-number-date": ("a.txt", ARTICLE.encode(), {"published": 20251020}, "must be a string"),
    "sidecar-list-title": ("a.txt", ARTICLE.encode(), {"title": ["x"]}, "must be a string"),
    "sidecar-object-url": ("a.txt", ARTICLE.encode(), {"url": {"href": "https://x"}}, "must be a string"),
    "sidecar-impossible-date": ("a.txt", ARTICLE.encode(), {"published": "2025-02-30"}, "not a valid ISO date"),
    "sidecar-not-a-date": ("a.txt", ARTICLE.encode(), {"published": "last Tuesday"}, "not a valid ISO date"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_is_refused_in_one_line_and_the_store_is_unchanged(runner, tmp_path, seeded, case):
    name, data, meta, fragment = BAD_INPUTS[case]
    store, before = seeded
    path = write_article(tmp_path / "in", name, data, meta)
    r = invoke(runner, "--store", store, "ingest", path)
    error_line(r, 3)
    skipped = [line for line in r.stderr.splitlines() if line.startswith("kg: skipped: ")]
    assert len(skipped) == 1 and fragment in skipped[0] and Path(name).stem in skipped[0], r.stderr
    assert "sources: 0" in r.stdout
    assert export_of(store) == before


def test_a_20_mb_text_is_refused_by_size_at_once(runner, tmp_path, seeded):
    store, before = seeded
    path = tmp_path / "huge.txt"
    line = b"The soldier crossed the border on Sunday and officials said it was calm.\n"
    path.write_bytes(b"Huge article\n" + line * (20_000_000 // len(line)))
    t0 = time.monotonic()
    r = invoke(runner, "--store", store, "ingest", path)
    assert time.monotonic() - t0 < 10
    error_line(r, 3)
    assert "huge.txt" in r.stderr and "too large" in r.stderr
    assert export_of(store) == before


def test_one_1_mb_line_is_refused_by_length(runner, tmp_path, seeded):
    """A file under the byte limit whose text is over MAX_ARTICLE_CHARS: refused before spaCy sees it
    (spaCy itself fails on 1,000,000 characters, and extraction time grows faster than the text)."""
    store, before = seeded
    sentence = "The soldier crossed the border on Sunday and officials said it was calm. "
    path = tmp_path / "oneline.txt"
    path.write_text((sentence * (1_000_000 // len(sentence) + 1))[:1_000_000], encoding="utf-8")
    r = invoke(runner, "--store", store, "ingest", path)
    error_line(r, 3)
    assert "1,000,000 characters, too large" in r.stderr and f"{MAX_ARTICLE_CHARS:,}" in r.stderr
    assert export_of(store) == before


def test_the_size_limit_is_on_characters_not_bytes(tmp_path):
    from kg.errors import InputError
    from kg.sources import read_article

    body = "Soldier crosses\n" + "가" * 10 + " the soldier said. "  # multi-byte characters count once
    at_limit = body + "x" * (MAX_ARTICLE_CHARS - len(body))
    assert len(read_article(write_article(tmp_path, "ok.txt", at_limit)).text) == MAX_ARTICLE_CHARS
    with pytest.raises(InputError, match="too large"):
        read_article(write_article(tmp_path, "over.txt", at_limit + "x"))


@pytest.mark.slow
def test_a_long_single_line_is_ingested_in_reasonable_time(runner, tmp_path):
    """20,000 characters on one line (no line break at all): ingested, offsets exact, in seconds."""
    sentence = "A North Korean soldier crossed the border on Sunday, officials in Seoul said. "
    text = (sentence * (20_000 // len(sentence) + 1))[:20_000]
    path = write_article(tmp_path / "in", "long.txt", text)
    t0 = time.monotonic()
    r = invoke(runner, "--store", tmp_path / "s", "ingest", path)
    assert r.exit_code == 0, r.stderr
    assert time.monotonic() - t0 < 30
    quads = list(open_store(tmp_path / "s", read_only=True).iter_quads())
    seen, bad = mention_problems(quads)
    assert seen > 50 and bad == []
    assert text in context_texts(quads)


def test_encodings_and_newlines_all_read_as_the_same_text(runner, tmp_path):
    """UTF-16 with either byte-order mark, UTF-8 with a BOM, Windows and old-Mac newlines: one
    text, so one source (the others are reported as duplicates of it), stored with \\n."""
    folder = tmp_path / "in"
    write_article(folder, "a-plain.txt", ARTICLE)
    write_article(folder, "b-utf16le.txt", b"\xff\xfe" + ARTICLE.encode("utf-16-le"))
    write_article(folder, "c-utf16be.txt", b"\xfe\xff" + ARTICLE.encode("utf-16-be"))
    write_article(folder, "d-utf8bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    write_article(folder, "e-crlf.txt", ARTICLE.replace("\n", "\r\n"))
    write_article(folder, "f-cr.txt", ARTICLE.replace("\n", "\r"))
    write_article(folder, "g-utf16-crlf.txt", ARTICLE.replace("\n", "\r\n").encode("utf-16"))
    r = invoke(runner, "--store", tmp_path / "s", "ingest", folder)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("sources: 1 ")
    notes = [line for line in r.stderr.splitlines() if "duplicate" in line]
    assert len(notes) == 6 and all("a-plain.txt" in n for n in notes), r.stderr
    quads = list(open_store(tmp_path / "s", read_only=True).iter_quads())
    assert context_texts(quads) == [ARTICLE]
    assert mention_problems(quads)[1] == []


def test_emoji_and_combining_characters_keep_offsets_exact(runner, tmp_path):
    text = ("Soldier 🇰🇵 crosses the border 👨‍👩‍👧\n"
            "A North Korean soldier 🪖 crossed the border near Panmunjom on Sunday, officials said. "
            "Cafe\u0301 owners in Seoul 😀 said the South Korean military took custody of him. "
            "Kim Jong Un’s government 𝔑𝔬𝔯𝔱𝔥 did not comment, the ministry in Pyeongchang said.\n")
    path = write_article(tmp_path / "in", "emoji.txt", text, {"title": "Soldier 🇰🇵 crosses", "publisher": "Wire 📰"})
    r = invoke(runner, "--store", tmp_path / "s", "ingest", path)
    assert r.exit_code == 0, r.stderr
    exported = invoke(runner, "--store", tmp_path / "s", "export", "--format", "nquads")
    quads = list(ox.parse(exported.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    assert context_texts(quads) == [text]
    seen, bad = mention_problems(quads)
    assert seen >= 8 and bad == []
    anchors = {q.object.value for q in quads if q.predicate.value == NIF + "anchorOf"}
    assert any("Seoul" in a for a in anchors) and any("Panmunjom" in a for a in anchors)


def test_html_full_of_scripts_as_txt_is_ingested_as_text(runner, tmp_path):
    text = (f"<html><head><title>Soldier crosses</title>{SCRIPT}<script src='http://evil.example/x.js'></script>"
            f"</head><body><p>A North Korean soldier crossed the border on Sunday, officials said.</p>{IMG}"
            "<p>The South Korean military took custody of the man.</p><iframe src='file:///etc/passwd'></iframe>"
            "</body></html>\n")
    path = write_article(tmp_path / "in", "page.txt", text)
    r = invoke(runner, "--store", tmp_path / "s", "ingest", path)
    assert r.exit_code == 0, r.stderr
    quads = list(open_store(tmp_path / "s", read_only=True).iter_quads())
    assert context_texts(quads) == [text]  # the markup is kept as characters, not interpreted
    assert mention_problems(quads)[1] == []


def test_folder_mixing_good_and_bad_files(runner, tmp_path):
    folder = tmp_path / "in"
    write_article(folder, "good-border.txt", ARTICLE, {"title": "Soldier crosses", "url": "https://example.org/1"})
    write_article(folder, "good-talks.txt", OTHER, {"title": "Talks rejected", "url": "https://example.org/2"})
    bad = {
        "empty.txt": (b"", None),
        "photo.txt": (png_image(), None),
        "korean.txt": (BAD_INPUTS["korean"][1], None),
        "latin1.txt": (BAD_INPUTS["invalid-utf8"][1], None),
        "badside.txt": (OTHER.replace("Tuesday", "Monday").encode(), "{broken"),
        "baddate.txt": (OTHER.replace("Tuesday", "Friday").encode(), {"published": "2025-13-45"}),
    }
    for name, (data, meta) in bad.items():
        write_article(folder, name, data, meta)
    store = tmp_path / "s"
    r = invoke(runner, "--store", store, "ingest", folder)
    last = error_line(r, 6)
    assert "6 input(s) failed, the others were ingested" in last
    skipped = [line for line in r.stderr.splitlines() if line.startswith("kg: skipped: ")]
    assert len(skipped) == 6
    for name in bad:
        assert sum(Path(name).stem in line for line in skipped) == 1, (name, skipped)
    assert r.stdout.startswith("sources: 2 ")
    listing = invoke(runner, "--store", store, "sources").stdout
    assert "Soldier crosses" in listing and "Talks rejected" in listing
    # all bad: nothing ingested, exit 3
    only_bad = invoke(runner, "--store", tmp_path / "s2", "ingest", folder / "empty.txt", folder / "photo.txt")
    assert "nothing was ingested" in error_line(only_bad, 3)


# -- queries ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "fragment"), [
    (["SELECT ?s WHERE { ?s ?p }"], "malformed SPARQL at line 1"),
    (["SELECT ?s WHERE { ?s ?p ?o "], "malformed SPARQL"),
    (["no_such_question"], "unknown query 'no_such_question'"),
    (["events_at_place"], "missing required parameter place"),
    (["events_at_place", "--param", "place=not an iri"], "parameter place must be the IRI"),
    (["timeline", "--param", "from=yesterday"], "parameter from must be a date"),
    (["timeline", "--param", "from=2025-02-30"], "parameter from must be a date"),
    (["estimates", "--param", "min_value=ten"], "parameter min_value must be a whole number"),
    (["who_defected", "--param", "nonsense=1"], "unknown parameter nonsense"),
    (["who_defected", "--param", "source"], "is not NAME=VALUE"),
    (["who_defected", "--format", "xml"], "unknown format"),
    (["DROP ALL"], "SPARQL Update is not allowed"),
    (["DELETE WHERE { ?s ?p ?o }"], "SPARQL Update is not allowed"),
    (["PREFIX ex: <http://ex/>\nINSERT DATA { ex:a ex:b ex:c }"], "SPARQL Update is not allowed"),
    (["SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"], "SERVICE clauses are not allowed"),
    (["SELECT * WHERE { ?s ?p ?o SERVICE SILENT <file:///etc/passwd> { ?a ?b ?c } }"], "SERVICE clauses are not allowed"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_queries_are_one_line_exit_2_and_change_nothing(runner, built_store_path, args, fragment):
    before = export_of(built_store_path)
    r = invoke(runner, "--store", built_store_path, "query", *args)
    assert fragment in error_line(r, 2)
    assert r.stdout == ""
    assert export_of(built_store_path) == before


def test_huge_result_with_limit_streams_only_what_is_asked(runner, built_store_path):
    """A cross product of the store with itself (~10^8 rows) stops after --limit rows, at once."""
    t0 = time.monotonic()
    r = invoke(runner, "--store", built_store_path, "query", "SELECT ?s ?o ?x WHERE { ?s ?p ?o . ?x ?y ?z }",
               "--limit", "7", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert time.monotonic() - t0 < 5
    assert r.stdout.splitlines()[0] == "s,o,x" and len(r.stdout.splitlines()) == 8


@pytest.mark.slow
def test_timeout_stops_the_cli_cleanly(built_store_path):
    """A query that would run for minutes: --timeout ends the kg process promptly with one line."""
    t0 = time.monotonic()
    proc = run_kg("--store", built_store_path, "query",
                  "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1", timeout=60)
    elapsed = time.monotonic() - t0
    assert "query timed out after 1 s" in proc_error_line(proc, 2)
    assert proc.stdout == ""
    assert elapsed < 15, elapsed  # interpreter start-up + 1 s, not the query's minutes


PARAM_SLOTS = [("who_defected", "source"), ("events_at_place", "place"), ("timeline", "from"),
               ("estimates", "min_value"), ("actor_roles", "label"), ("events_by_code", "code")]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slot=st.sampled_from(PARAM_SLOTS), value=st.text())
def test_any_string_as_a_cli_parameter_gives_rows_or_one_clean_line(runner, built_store_path, slot, value):
    name, param = slot
    r = invoke(runner, "--store", built_store_path, "query", name, "--param", f"{param}={value}")
    if r.exit_code == 0:
        assert r.stderr == "" and r.stdout
    else:
        assert f"parameter {param} must be" in error_line(r, 2)


# -- the store -------------------------------------------------------------------------------------

def test_store_under_a_file_or_in_proc_cannot_be_created(runner, tmp_path):
    f = tmp_path / "afile"
    f.write_text("not a folder")
    article = write_article(tmp_path / "in", "a.txt", ARTICLE)
    for where in (f / "store", Path("/proc/kg-test-store")):
        r = invoke(runner, "--store", where, "ingest", article)
        assert "cannot create the store" in error_line(r, 4)
    assert f.read_text() == "not a folder"


def _without_root_powers() -> list[str]:
    """A command prefix under which file permissions bind: nothing as a normal user; as root,
    setpriv drops the capabilities that let root write anywhere (CAP_DAC_OVERRIDE and friends)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: root ignores file permissions")
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    probe = subprocess.run(prefix + ["true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode().strip()}")
    return prefix


def test_store_in_a_read_only_folder(tmp_path):
    prefix = _without_root_powers()
    article = write_article(tmp_path / "in", "a.txt", ARTICLE)
    locked = tmp_path / "locked"  # the word "lock" in the path once made kg report a lock and wait
    locked.mkdir()
    locked.chmod(0o555)
    try:
        proc = run_kg("--store", locked / "store", "ingest", article, prefix=prefix)
        assert "cannot write the store" in proc_error_line(proc, 4) and "Permission denied" in proc.stderr
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_existing_store_that_is_not_writable(tmp_path, template_store):
    prefix = _without_root_powers()
    store = tmp_path / "store"
    shutil.copytree(template_store, store)
    before, digests = export_of(store), file_digests(store)
    article = write_article(tmp_path / "in", "b.txt", OTHER)
    for p in [store, *store.iterdir()]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        proc = run_kg("--store", store, "ingest", article, prefix=prefix)
        assert "cannot write the store" in proc_error_line(proc, 4)
        listing = run_kg("--store", store, "sources", prefix=prefix)  # reading still works
        assert listing.returncode == 0 and "Soldier crosses" in listing.stdout, listing.stderr
    finally:
        for p in [store, *store.iterdir()]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    assert export_of(store) == before and file_digests(store) == digests


def _unshare_mount(script: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace (mounts vanish with it), or skip."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to mount a file system privately")
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a mount namespace here: {probe.stderr.decode().strip()}")
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})


@pytest.mark.slow
def test_store_on_a_read_only_file_system(tmp_path, template_store):
    store = tmp_path / "ro" / "store"
    shutil.copytree(template_store, store)
    before, digests = export_of(store), file_digests(store)
    article = write_article(tmp_path / "in", "b.txt", OTHER)
    ro = tmp_path / "ro"
    cmd, q_ro = shlex.join(kg_command("--store", store, "ingest", article)), shlex.quote(str(ro))
    proc = _unshare_mount(f"mount --bind {q_ro} {q_ro} && mount -o remount,bind,ro {q_ro} || exit 99\n{cmd}")
    if proc.returncode == 99:
        pytest.skip(f"cannot mount read-only here: {proc.stderr.strip()}")
    assert "Read-only file system" in proc_error_line(proc, 4)
    assert export_of(store) == before and file_digests(store) == digests


CORRUPTIONS = {
    "CURRENT-truncated": lambda d: (d / "CURRENT").write_bytes(b""),
    "CURRENT-garbled": lambda d: (d / "CURRENT").write_bytes(b"MANIFEST-999999-garbage\n"),
    "sst-truncated": lambda d: [os.truncate(f, 10) for f in d.glob("*.sst")],
    "sst-footer-garbled": lambda d: [f.write_bytes(f.read_bytes()[:-48] + b"\x55" * 48) for f in d.glob("*.sst")],
    "MANIFEST-garbled": lambda d: [f.write_bytes(b"\x13\x37" * 32) for f in d.glob("MANIFEST-*")],
}


@pytest.mark.parametrize("damage", list(CORRUPTIONS), ids=list(CORRUPTIONS))
def test_damaged_store_is_exit_4_and_left_as_it_is(runner, tmp_path, template_store, damage):
    store = tmp_path / "store"
    shutil.copytree(template_store, store)
    CORRUPTIONS[damage](store)
    digests = file_digests(store)
    article = write_article(tmp_path / "in", "b.txt", OTHER)
    for args in (["sources"], ["export"], ["validate"], ["query", "who_defected"], ["viz", "--out", tmp_path / "g.html"],
                 ["ingest", article], ["remove", "anything"]):
        r = invoke(runner, "--store", store, *args)
        assert "is damaged" in error_line(r, 4), args
        assert r.stdout == ""
    assert file_digests(store) == digests  # nothing repaired, rewritten or added
    assert not (tmp_path / "g.html").exists()


def test_locked_store_waits_then_says_so(runner, tmp_path, seeded, monkeypatch):
    store, before = seeded
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('ok', flush=True); time.sleep(60)", str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        # the CLI waits 10 s by default; the same code path with a 1 s wait keeps the test short
        monkeypatch.setattr(kg.cli.common, "open_store", functools.partial(open_store, wait=1.0))
        t0 = time.monotonic()
        r = invoke(runner, "--store", store, "ingest", write_article(tmp_path / "in", "b.txt", OTHER))
        assert time.monotonic() - t0 >= 1.0
        assert "in use by another kg process" in error_line(r, 4)
        assert invoke(runner, "--store", store, "sources").exit_code == 0  # readers are never locked out
    finally:
        holder.kill()
        holder.wait()
    assert export_of(store) == before


@pytest.mark.parametrize("first_file", ["LOG", "LOCK"])
def test_a_store_being_created_is_not_called_foreign(tmp_path, first_file):
    """A folder holding only the first files RocksDB writes is a store another process is creating
    right now (or whose creation was killed): kg waits for it or completes it, and never calls it
    "not a kg store" (two ingests starting together on a new store once failed this way)."""
    path = tmp_path / "store"
    path.mkdir()
    (path / first_file).touch()
    store = open_store(path)
    store.replace_graphs(insert=[ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                                         ox.Literal("o"), ox.NamedNode("https://example.org/g"))])
    assert len(store) == 1 and (path / "CURRENT").is_file()


def _many_articles(folder: Path, n: int) -> list[str]:
    """``n`` distinct seed-sized articles with sidecars; returns their source ids."""
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    places = ["Paju", "Kaesong", "Panmunjom", "Yeoncheon", "Cheorwon", "Goseong", "Gimpo", "Ganghwa"]
    ids = []
    for i in range(n):
        url = f"https://example.org/many/{i}"
        text = f"Soldier {i} crosses the border near {places[i % len(places)]}\n" + body
        write_article(folder, f"a{i:02d}.txt", text, {"url": url, "published": "2025-10-20"})
        ids.append(source_id_for(url=url, text=text))
    return ids


def check_all_or_nothing(path: Path, source_ids: list[str]) -> int:
    """Every source is wholly present (its graph, its metadata, as many triples as the metadata
    says) or wholly absent (no quad anywhere names it). Returns how many are present."""
    store = open_store(path, read_only=True)
    quads = list(store.iter_quads())
    present = 0
    for sid in source_ids:
        graph, doc, prefix = str(iri.graph_iri(sid)), str(iri.doc_iri(sid)), iri.source_prefix(sid)
        in_graph = [q for q in quads if q.graph_name.value == graph]
        meta = [q for q in quads if q.graph_name.value == METADATA and q.subject.value in (graph, doc)]
        if in_graph or meta:
            present += 1
            assert in_graph and meta, (sid, len(in_graph), len(meta))
            counts = [int(q.object.value) for q in meta if q.predicate.value == KG_NS + "tripleCount"]
            assert counts == [len(in_graph)], (sid, counts, len(in_graph))
        else:
            named = [q for q in quads
                     if any(isinstance(t, ox.NamedNode) and (t.value.startswith(prefix) or t.value in (graph, doc))
                            for t in (q.subject, q.object, q.graph_name))]
            assert named == [], (sid, named[:3])
    return present


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_every_source_whole_or_absent(runner, tmp_path):
    ids = _many_articles(tmp_path / "in", 30)
    store = tmp_path / "store"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.Popen(kg_command("--store", store, "ingest", tmp_path / "in"), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    try:
        while True:  # kill as soon as a first source graph is visible to a reader
            assert proc.poll() is None, "the ingest ended before a source was seen"
            assert time.monotonic() < deadline, "no source written within 90 s"
            if (store / "CURRENT").is_file():
                try:
                    graphs = open_store(store, read_only=True).named_graphs()
                except Exception:  # the writer may be creating the store
                    graphs = []
                if any(g.startswith(SOURCE_GRAPH) for g in graphs):
                    break
            time.sleep(0.02)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    present = check_all_or_nothing(store, ids)
    assert 1 <= present < len(ids), present
    r = invoke(runner, "--store", store, "validate")  # every source shape-valid; their links await the next write
    assert r.exit_code == 1 and r.stdout.splitlines()[-2].endswith("the next kg ingest or kg remove links them"), \
        r.stdout[-2000:]
    assert "does not" not in r.stdout and "missing" not in r.stdout, r.stdout[-2000:]
    # the store takes writes again: an ingest after the crash completes it
    again = invoke(runner, "--store", store, "ingest", tmp_path / "in")
    assert again.exit_code == 0, again.stderr
    assert check_all_or_nothing(store, ids) == len(ids)
    r = invoke(runner, "--store", store, "validate")
    assert r.exit_code == 0 and "conforms: true" in r.stdout, r.stdout[-2000:]


@pytest.mark.slow
def test_two_ingests_at_once_both_land(runner, tmp_path):
    """The second process waits for the first one's lock (``KG_LOCK_WAIT`` seconds, 10 by default:
    here long enough for the first ingest on a slow machine) instead of failing."""
    ids_a = _many_articles(tmp_path / "a", 3)
    folder_b = tmp_path / "b"
    write_article(folder_b, "talks.txt", OTHER, {"url": "https://example.org/talks"})
    write_article(folder_b, "border.txt", ARTICLE, {"url": "https://example.org/border"})
    ids_b = [source_id_for(url="https://example.org/talks", text=""), source_id_for(url="https://example.org/border", text="")]
    store = tmp_path / "store"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "KG_LOCK_WAIT": "110"}
    procs = [subprocess.Popen(kg_command("--store", store, "ingest", folder), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for folder in (tmp_path / "a", folder_b)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    assert sorted(out.split()[1] for out, _ in outs) == ["2", "3"]
    assert check_all_or_nothing(store, ids_a + ids_b) == 5
    assert invoke(runner, "--store", store, "validate").exit_code == 0


def test_a_lock_wait_that_is_no_number_of_seconds_is_one_line_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_LOCK_WAIT", "soon")
    store = tmp_path / "store"
    r = subprocess.run(kg_command("--store", store, "ingest", tmp_path), capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.strip().splitlines() == [
        "kg: error: KG_LOCK_WAIT='soon' is not a number of seconds (hint: e.g. KG_LOCK_WAIT=60)"
    ], r.stderr
    assert not store.exists()


class _DiskFull:
    """A pyoxigraph store whose writes fail as on a full disk."""

    def __init__(self, real):
        self._real = real

    def update(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    extend = bulk_extend = add = update

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_disk_full_mid_write_is_one_line_and_the_store_is_unchanged(runner, tmp_path, seeded, monkeypatch):
    store, before = seeded
    real_open = kg.cli.common.open_store

    def open_on_full_disk(*args, **kwargs):
        s = real_open(*args, **kwargs)
        if not s.read_only:
            s._store = _DiskFull(s._store)
        return s

    monkeypatch.setattr(kg.cli.common, "open_store", open_on_full_disk)
    folder = tmp_path / "in"
    write_article(folder, "b.txt", OTHER)
    r = invoke(runner, "--store", store, "ingest", folder)
    assert "No space left on device" in error_line(r, 4)
    assert export_of(store) == before


@pytest.mark.slow
@pytest.mark.parametrize(("spare_kb", "when"), [(600, "mid-write"), (40, "at-open")])
def test_really_full_disk(tmp_path, template_store, spare_kb, when):
    """The same on a real, tiny file system: a tmpfs with a little room beside the store, full
    either while the source is written or already while RocksDB opens the store."""
    src = tmp_path / "orig"
    shutil.copytree(template_store, src)
    before = export_of(src)
    used_kb = sum(p.stat().st_blocks * 512 for p in src.iterdir()) // 1024
    sentence = "A North Korean soldier crossed the border on Sunday near Paju, officials in Seoul said. "
    article = write_article(tmp_path / "in", "big.txt", "Big crossing\n" + sentence * 250)
    mnt, out = tmp_path / "mnt", tmp_path / "after"
    mnt.mkdir()
    cmd = shlex.join(kg_command("--store", mnt / "store", "ingest", article))
    q_src, q_mnt, q_out = (shlex.quote(str(p)) for p in (src, mnt, out))
    proc = _unshare_mount(
        f"mount -t tmpfs -o size={used_kb + spare_kb}k tmpfs {q_mnt} || exit 99\n"
        f"cp -a {q_src} {q_mnt}/store || exit 98\n"
        f"{cmd}\nrc=$?\ncp -a {q_mnt}/store {q_out}\nexit $rc\n")
    if proc.returncode in (98, 99):
        pytest.skip(f"cannot set up a small file system here: {proc.stderr.strip()[-300:]}")
    line = proc_error_line(proc, 4)
    assert "No space left on device" in line and "disk space" in line
    # (with these margins RocksDB fails while writing the source, or already while opening the store)
    assert export_of(out) == before


# -- hostile text ----------------------------------------------------------------------------------

HOSTILE_META = {"title": f"Breaking {SCRIPT} {IMG}", "publisher": f"{IMG} Press <svg onload=alert('svg')>",
                "author": "</script><script>alert('author')</script>", "url": "https://evil.example/javascript:alert(1)",
                "published": "2025-10-20"}
HOSTILE_TEXT = (f"Soldier {IMG} crosses the border\n"
                f"A North Korean soldier crossed the border on Sunday, officials said. {SCRIPT} "
                "The South Korean military took custody of the man</script><script>alert('body')</script>. "
                "<a href=\"javascript:alert('a')\">click</a> He said he wanted to live in the South.\n")


@pytest.mark.browser
@pytest.mark.skipif(browser.chromium_missing_reason() is not None, reason=browser.chromium_missing_reason() or "")
def test_cli_built_page_runs_nothing_from_title_publisher_or_text(runner, tmp_path):
    store, page_path = tmp_path / "s", tmp_path / "graph.html"
    write_article(tmp_path / "in", "hostile.txt", HOSTILE_TEXT, HOSTILE_META)
    assert invoke(runner, "--store", store, "ingest", tmp_path / "in").exit_code == 0
    r = invoke(runner, "--store", store, "viz", "--out", page_path)
    assert r.exit_code == 0, r.stderr
    with browser.browser() as b, browser.open_page(b, page_path) as log:
        page = log.page
        panels = []
        for n in page.evaluate("() => window.kg.data.nodes.map(n => n.id)"):
            page.evaluate("(id) => window.kg.showNode(id)", n)
            assert page.locator("#details img, #details script, #details svg, #details iframe").count() == 0
            panels.append(page.text_content("#details"))
        for e in page.evaluate("() => window.kg.data.edges.map(e => e.id)"):
            page.evaluate("(id) => window.kg.showEdge(id)", e)
        page.wait_for_timeout(300)
        assert log.dialogs == [] and log.page_errors == [] and log.foreign_requests == []
        assert page.evaluate("() => document.scripts.length") == 3  # the page's own, nothing injected
        assert page.evaluate("() => document.querySelectorAll('img, iframe, svg[onload]').length") == 0
        assert page.locator("a[href^='javascript:' i]").count() == 0
        shown = "\n".join(panels)
        assert HOSTILE_META["title"] in shown and HOSTILE_META["publisher"] in shown  # shown as text


_AUDIT = {"on": False, "events": []}


def _audit(event, args):
    if _AUDIT["on"] and event in ("open", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                                  "urllib.Request", "subprocess.Popen", "os.system"):
        _AUDIT["events"].append((event, args[0] if args else None))


def test_no_input_makes_kg_touch_the_network_or_other_files(runner, tmp_path, monkeypatch):
    """Ingest, query, viz, export and validate, in-process, with sockets blocked and every file
    open recorded: inputs that name remote contexts, entities, file: URLs and SERVICE endpoints
    cause no connection and no read outside kg's own files and the command's inputs and outputs."""
    if not getattr(_audit, "installed", False):
        sys.addaudithook(_audit)  # audit hooks cannot be removed: this one records only while "on"
        _audit.installed = True
    secret = tmp_path / "secret" / "passwords.txt"
    secret.parent.mkdir()
    secret.write_text("hunter2")
    folder, store, out = tmp_path / "in", tmp_path / "store", tmp_path / "out"
    text = ("Soldier crosses the border\n"
            "A North Korean soldier crossed the border on Sunday, officials said. "
            f'{{"@context": "http://evil.example/context.jsonld", "@id": "file://{secret}"}} '
            f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><r>&x;</r> '
            f"SELECT * WHERE {{ SERVICE <http://evil.example/sparql> {{ ?s ?p ?o }} }} "
            f"@prefix ex: <file://{secret}> . The South Korean military took custody of the man.\n")
    write_article(folder, "hostile.txt", text, {"title": "Soldier crosses", "url": "http://evil.example/a",
                                                "publisher": "http://evil.example/"})
    write_article(folder, "file-url.txt", OTHER, {"url": f"file://{secret}"})  # refused: not an http(s) URL

    attempts = []

    def blocked(self, address, *args):
        attempts.append(address)
        raise OSError(errno.ENETUNREACH, "network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", blocked)
    monkeypatch.setattr(socket.socket, "connect_ex", blocked)
    monkeypatch.chdir(tmp_path)
    import kg.extract.nlp

    kg.extract.nlp.load_nlp()  # the model is loaded once per process, whatever the input
    commands = [
        (["ingest", folder], 6),
        (["query", "who_defected"], 0),
        (["query", "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"], 2),
        (["query", "SELECT ?u WHERE { ?d <https://schema.org/url> ?u }", "--format", "sparql-json"], 0),
        (["viz", "--out", out / "graph.html"], 0),
        (["viz", "--out", out / "graph.graphml", "--format", "graphml"], 0),
        (["export", "--format", "jsonld", "--out", out / "graph.jsonld"], 0),
        (["export", "--format", "trig", "--out", out / "graph.trig"], 0),
        (["validate"], 0),
        (["sources"], 0),
    ]
    _AUDIT["events"].clear()
    _AUDIT["on"] = True
    try:
        results = [(args, code, invoke(runner, "--store", store, *args)) for args, code in commands]
    finally:
        _AUDIT["on"] = False
    for args, code, r in results:
        assert r.exit_code == code, (args, r.stderr)
    assert attempts == []
    network = [e for e in _AUDIT["events"] if e[0] != "open"]
    assert network == [], network
    allowed = [Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, ROOT / "kg",
                                            ROOT / "ontology", ROOT / "queries", folder, store, out)]
    allowed += [Path("/usr/share/zoneinfo"), Path("/dev/null"), Path("/etc/localtime")]
    opened = set()
    for _, p in _AUDIT["events"]:
        if isinstance(p, (str, bytes, os.PathLike)):
            opened.add(Path(os.fsdecode(p)).resolve())
    assert secret.resolve() not in opened
    foreign = sorted(str(p) for p in opened if not any(p == a or a in p.parents for a in allowed))
    assert foreign == [], foreign
    # the file: URL is refused (the article is skipped), never followed; the http URL is a literal
    assert "file-url.json: field 'url' is not an http(s) URL" in results[0][2].stderr
    url_rows = json.loads(results[3][2].stdout)["results"]["bindings"]
    assert [(row["u"]["type"], row["u"]["value"]) for row in url_rows] == [("literal", "http://evil.example/a")]


# -- remote endpoints ------------------------------------------------------------------------------

class _Server:
    """A loopback HTTP server answering every request with ``status`` after ``delay`` seconds."""

    def __init__(self, status: int, body: bytes, delay: float = 0.0):
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                outer.requests.append(self.command)
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up
                    pass

            do_GET = do_POST = do_PUT = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def backoff(monkeypatch) -> list[float]:
    """The retry delays kg.query.endpoint asks for, recorded instead of slept."""
    slept: list[float] = []

    class Clock:
        def sleep(self, seconds):
            slept.append(seconds)

        def __getattr__(self, name):
            return getattr(time, name)

    monkeypatch.setattr(kg.query.endpoint, "time", Clock())
    return slept


def test_endpoint_down(runner, built_store_path, backoff):
    url = f"http://127.0.0.1:{_free_port()}"
    r = invoke(runner, "query", "who_defected", "--endpoint", url + "/query")
    line = error_line(r, 5)
    assert "cannot reach" in line and "after 4 attempts" in line
    assert backoff == [0.5, 1.0, 2.0]
    r = invoke(runner, "--store", built_store_path, "push", "--endpoint", url)
    assert "cannot reach" in error_line(r, 5)


def test_endpoint_answering_500(runner, backoff):
    with _Server(500, b"Internal error: out of memory\nat line 3 of the planner") as server:
        r = invoke(runner, "query", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", server.base + "/query")
    line = error_line(r, 5)
    assert "HTTP 500" in line and "out of memory" in line and "planner" not in line
    assert len(server.requests) == 4 and backoff == [0.5, 1.0, 2.0]


def test_endpoint_too_slow(runner, backoff):
    with _Server(200, b"{}", delay=3.0) as server:
        t0 = time.monotonic()
        r = invoke(runner, "query", "who_defected", "--endpoint", server.base + "/query", "--timeout", "0.3")
        elapsed = time.monotonic() - t0
    line = error_line(r, 5)
    assert "did not answer within 0.3 s" in line and "after 4 attempts" in line
    assert elapsed < 2.5
    assert backoff == [0.5, 1.0, 2.0]  # a slow server is retried with backoff, like a down one


def _oxigraph_server(location: Path):
    exe = shutil.which("oxigraph") or str(Path(sys.prefix) / "bin" / "oxigraph")
    if not Path(exe).is_file():
        pytest.fail("the oxigraph server executable is missing: pip install oxigraph")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        assert proc.poll() is None, "oxigraph serve exited"
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                return proc, base
        except OSError:
            assert time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.05)


class _CuttingProxy:
    """A TCP proxy to ``port`` that lets the first ``allow`` PUT requests through and sends only
    the first half of every later PUT body, then drops the connection (a push dying mid-graph)."""

    def __init__(self, port: int, *, allow: int, cut_at_line: bool):
        self.upstream, self.allow, self.cut_at_line = port, allow, cut_at_line
        self.puts = self.cut = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.sock.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _pump(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            try:
                b.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def _serve(self, client):
        upstream = socket.create_connection(("127.0.0.1", self.upstream))
        head = b""
        while b"\r\n\r\n" not in head and (data := client.recv(65536)):
            head += data
        if head.startswith(b"PUT "):
            self.puts += 1
            if self.puts > self.allow:
                header, _, body = head.partition(b"\r\n\r\n")
                length = next(int(line.split(b":")[1]) for line in header.split(b"\r\n")
                              if line.lower().startswith(b"content-length:"))
                while len(body) < length and (data := client.recv(65536)):
                    body += data
                half = body.rfind(b"\n", 0, length // 2) + 1 if self.cut_at_line else length // 2
                upstream.sendall(header + b"\r\n\r\n" + body[:half])
                self.cut += 1
                time.sleep(0.2)
                upstream.close()
                client.close()
                return
        upstream.sendall(head)
        t = threading.Thread(target=self._pump, args=(client, upstream), daemon=True)
        t.start()
        self._pump(upstream, client)
        t.join(5)
        upstream.close()
        client.close()


def _versioned_store(path: Path, tag: str, *, triples: int, graphs: int = 4) -> dict[str, set]:
    store = open_store(path)
    lines = [f'<https://example.org/s{i}> <https://example.org/p> "{tag} {g} {i}" <https://example.org/g{g}> .'
             for g in range(graphs) for i in range(triples)]
    store.import_nquads("\n".join(lines).encode())
    content = {f"https://example.org/g{g}": {f"{tag} {g} {i}" for i in range(triples)} for g in range(graphs)}
    store.flush()
    del store
    return content


@pytest.mark.server
@pytest.mark.parametrize("cut_at_line", [False, True], ids=["cut-mid-triple", "cut-between-triples"])
def test_push_dying_mid_graph_leaves_each_graph_old_or_new(runner, tmp_path, backoff, cut_at_line):
    old = _versioned_store(tmp_path / "old", "old", triples=2000)
    new = _versioned_store(tmp_path / "new", "new", triples=2100)
    server, base = _oxigraph_server(tmp_path / "server")
    proxy = _CuttingProxy(int(base.rsplit(":", 1)[1]), allow=1, cut_at_line=cut_at_line)
    try:
        assert invoke(runner, "--store", tmp_path / "old", "push", "--endpoint", base).exit_code == 0
        r = invoke(runner, "-q", "--store", tmp_path / "new", "push", "--endpoint", proxy.url, "--force")
        assert "after 4 attempts" in error_line(r, 5)
        assert proxy.cut == 4  # the second graph, tried four times, cut every time
        on_server = {}
        for g in new:
            rows = run_query(Endpoint(base + "/query", union=False, retries=0),
                             f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows
            on_server[g] = {row[0].value for row in rows}
        states = ["new" if on_server[g] == new[g] else "old" if on_server[g] == old[g] else "PARTIAL" for g in sorted(new)]
        assert states == ["new", "old", "old", "old"]
        # the push is resumable: the next one sends what is missing and leaves the server equal
        assert invoke(runner, "--store", tmp_path / "new", "push", "--endpoint", base).exit_code == 0
        for g in new:
            rows = run_query(Endpoint(base + "/query", union=False, retries=0),
                             f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows
            assert {row[0].value for row in rows} == new[g]
    finally:
        proxy.close()
        server.terminate()
        server.wait(10)


# -- round trips and properties ----------------------------------------------------------------------

# enough English that any text after it still reads as English (kg refuses text that does not)
_HEADLINE = "The soldier said that the army was on the border\n" + "The officials said that the talks were over. " * 8
_unicode = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300)


@pytest.fixture(scope="module")
def scratch_store():
    return open_store(None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_unicode, tail=_unicode)
def test_any_unicode_text_ingests_with_exact_offsets(scratch_store, tmp_path_factory, body, tail):
    folder = tmp_path_factory.mktemp("unicode")
    text = _HEADLINE + body + "\nA North Korean soldier crossed the border on Sunday, officials said. " + tail
    (folder / "any.txt").write_bytes(text.encode("utf-8"))
    report = ingest_paths(scratch_store, [folder])
    assert report.failures == [] and len(report.sources) == 1
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    graph = iri.graph_iri(report.sources[0].source_id)
    quads = list(scratch_store.iter_quads(graph))
    assert context_texts(quads) == [expected]
    seen, bad = mention_problems(quads)
    assert seen >= 1 and bad == []


def test_export_import_export_is_identical(built_store):
    first = built_store.export(ExportFormat.NQUADS)
    copy = open_store(None)
    assert copy.import_nquads(first) == len(built_store) > 1000
    assert copy.export(ExportFormat.NQUADS) == first


_literal = st.one_of(
    st.builds(ox.Literal, st.text()),
    st.builds(lambda t, lang: ox.Literal(t, language=lang), st.text(), st.sampled_from(["en", "ko", "en-GB", "x-kg"])),
    st.builds(lambda n: ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
              st.integers()),
)
_iri = st.builds(lambda s: ox.NamedNode("https://example.org/" + s),
                 st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Lo", "Nd")), max_size=20))


@settings(max_examples=60, deadline=None)
@given(quads=st.lists(st.builds(ox.Quad, _iri, _iri, st.one_of(_iri, _literal), _iri), max_size=30))
def test_any_quads_survive_export_import_export(quads):
    a = open_store(None)
    a.oxigraph.extend(quads)
    first = a.export(ExportFormat.NQUADS)
    b = open_store(None)
    b.import_nquads(first)
    assert b.export(ExportFormat.NQUADS) == first
    assert set(b.iter_quads()) == set(quads)


# -- the one-line rule and -v ------------------------------------------------------------------------

def test_verbose_shows_the_traceback_and_still_ends_with_the_line(runner, tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    quiet = invoke(runner, "--store", f, "sources")
    line = error_line(quiet, 4)
    loud = invoke(runner, "-v", "--store", f, "sources")
    assert loud.exit_code == 4
    assert "Traceback (most recent call last)" in loud.stderr and "StoreError" in loud.stderr
    assert loud.stderr.strip().splitlines()[-1] == line


@pytest.mark.parametrize("args", [["query", "who_defected", "--limit", "many"], ["no-such-command"],
                                  ["query", "who_defected", "--param"]])
def test_option_errors_found_by_typer_exit_2_without_traceback(runner, args):
    """Options that do not parse are reported by Typer itself before kg runs: exit 2 and the reason,
    but in Typer's own format (a usage line and a boxed message), not kg's one line."""
    r = invoke(runner, *args)
    assert r.exit_code == 2 and r.stdout == ""
    assert "Traceback" not in r.stderr and "Error" in r.stderr


def test_output_path_errors_are_one_line_with_a_hint(runner, built_store_path, tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    for args in (["export", "--out", f / "x.nq"], ["viz", "--out", f / "g.html"]):
        r = invoke(runner, "--store", built_store_path, *args)
        error_line(r, 3)
    assert f.read_text() == "x"

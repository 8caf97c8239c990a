"""Reliability: one bad file never aborts a batch (docs/reliability.md, "One bad file in a batch").

Every per-file problem (a date out of range, a sidecar too big, too deep or with a bad URL, a lone
surrogate, an extraction error, a folder nested too deep, a symbolic link out of the folder, a FIFO)
becomes that file's ``kg: skipped:`` line; the other files are ingested and kg exits 6 (3 when
nothing was ingested). File names cannot add lines to kg's output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kg.extract.pipeline
from conftest import error_line, invoke
from kg.errors import InputError
from kg.graph.store import open_store
from kg.sources import MAX_FIELD_CHARS, MAX_FOLDER_DEPTH, MAX_SIDECAR_BYTES, read_article

ROOT = Path(__file__).resolve().parent.parent
GOOD = ("Soldier crosses the border\n"
        "A North Korean soldier crossed the border on Sunday, officials said. It was the second crossing "
        "since last year, and talks are planned for tomorrow.\n")
OTHER = ("Pyongyang rejects talks offer\n"
         "North Korea rejected an offer of military talks from Seoul on Tuesday, officials said.\n")
KOREAN = "북한 군인 귀순\n북한 군인이 일요일 군사분계선을 넘어 귀순했다고 합동참모본부가 밝혔다.\n"


def article(folder: Path, name: str, text: str = GOOD, meta: dict | str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text + f"The file is {name}.\n", encoding="utf-8")
    if meta is not None:
        p.with_suffix(".json").write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return p


def skipped_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("kg: skipped: ")]


def stored_titles(store: Path) -> list[str]:
    return sorted(r[0].value for r in open_store(store, read_only=True).query(
        "SELECT ?t WHERE { GRAPH kgg:metadata { ?d schema:headline ?t } }", union=False))


# -- sidecar limits (checked on read, no extraction) -------------------------------------------------

SIDECARS = {
    # id: (sidecar, what the message says)
    "year-1": ({"published": "0001-01-01"}, "year 1 is outside"),
    "year-9999": ({"published": "9999-12-31"}, "year 9999 is outside"),
    "week-date": ({"published": "2025-W43-1"}, "not a valid ISO date"),
    "compact-date": ({"published": "20251020"}, "not a valid ISO date"),
    "date-with-junk": ({"published": "2025-10-20garbage"}, "not a valid ISO date"),
    "url-with-space-and-quote": ({"url": 'https://example.org/a b"c'}, "not an http(s) URL"),
    "file-url": ({"url": "file:///etc/passwd"}, "not an http(s) URL"),
    "javascript-url": ({"url": "javascript:alert(1)"}, "not an http(s) URL"),
    "long-title": ({"title": "x" * (MAX_FIELD_CHARS + 1)}, "more than the 1,000 kg keeps"),
    "10-mb-title": ({"title": "x" * 10_000_000}, "too large for a sidecar"),
    "nested-100000-deep": ("[" * 100_000 + "]" * 100_000, "too large for a sidecar"),
    "nested-10000-deep": ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
    "lone-surrogate-title": ('{"title": "Soldier \\ud800 crosses"}', "lone surrogate"),
}


@pytest.mark.parametrize("case", list(SIDECARS), ids=list(SIDECARS))
def test_sidecar_fields_have_documented_limits(tmp_path, case):
    meta, fragment = SIDECARS[case]
    p = article(tmp_path, "a.txt", meta=meta)
    with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        read_article(p)


def test_sidecar_values_within_the_limits_are_kept(tmp_path):
    meta = {"published": "2025-10-20T09:30:00+09:00", "url": "https://example.org/news?id=1&x=%20y",
            "title": "t" * MAX_FIELD_CHARS}
    art = read_article(article(tmp_path, "a.txt", meta=meta))
    assert (str(art.published), art.url, len(art.title or "")) == ("2025-10-20", meta["url"], MAX_FIELD_CHARS)
    assert MAX_SIDECAR_BYTES >= 10 * MAX_FIELD_CHARS


def test_a_json_record_with_a_lone_surrogate_is_refused(tmp_path):
    p = tmp_path / "rec.json"
    p.write_text('{"text": "Soldier crosses\\nThe soldier crossed \\ud800 the border, officials said."}')
    with pytest.raises(InputError, match="lone surrogate"):
        read_article(p)


# -- the batch goes on -----------------------------------------------------------------------------

def test_every_kind_of_bad_file_is_one_skip_line_and_the_batch_goes_on(runner, tmp_path):
    folder = tmp_path / "in"
    article(folder, "good.txt")
    article(folder, "other.txt", OTHER)
    for case, (meta, _) in SIDECARS.items():
        article(folder, f"{case}.txt", meta=meta)
    (folder / "record.json").write_text('{"text": "Soldier crosses\\nThe soldier \\ud800 crossed, officials said."}')
    store = tmp_path / "store"
    r = invoke(runner, "--store", store, "ingest", folder)
    last = error_line(r, 6)
    assert f"{len(SIDECARS) + 1} input(s) failed, the others were ingested" in last
    lines = skipped_lines(r)
    for case in [*SIDECARS, "record"]:
        assert sum(line.startswith(f"kg: skipped: {case}.json: ") for line in lines) == 1, (case, lines)
    assert r.stdout.startswith("sources: 2 ")
    assert stored_titles(store) == ["Pyongyang rejects talks offer", "Soldier crosses the border"]


def test_an_extraction_error_is_that_files_skip_reason(runner, tmp_path, monkeypatch):
    """A file that trips the extractor (here: the date overflow a sidecar of 0001-01-01 and 'last
    year' used to cause) is skipped with the error's name; the others are written."""
    folder = tmp_path / "in"
    article(folder, "good.txt")
    article(folder, "trips.txt", OTHER)
    real = kg.extract.pipeline.Extractor.extract_doc

    def extract_doc(self, art, doc):
        if art.path == "trips.txt":
            raise OverflowError("date value out of range")
        return real(self, art, doc)

    monkeypatch.setattr(kg.extract.pipeline.Extractor, "extract_doc", extract_doc)
    r = invoke(runner, "--store", tmp_path / "store", "ingest", folder)
    error_line(r, 6)
    assert skipped_lines(r) == [
        "kg: skipped: trips.txt: extraction failed (OverflowError: date value out of range) "
        "(hint: this is a bug in kg's extraction; report it with the article)"
    ]
    assert stored_titles(tmp_path / "store") == ["Soldier crosses the border"]


def test_a_folder_nested_2500_deep_is_skipped_below_the_depth_limit(runner, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    article(folder, "good.txt")
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(2_500):  # (a path longer than the system allows: made one level at a time)
            os.mkdir("d", dir_fd=fd)
            fd, old = os.open("d", os.O_RDONLY, dir_fd=fd), fd
            os.close(old)
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as f:
            f.write(OTHER)
    finally:
        os.close(fd)
    try:
        r = invoke(runner, "--store", tmp_path / "store", "ingest", folder)
        error_line(r, 6)
        [line] = skipped_lines(r)
        assert line.endswith(f": folders nested deeper than {MAX_FOLDER_DEPTH} levels are not read "
                             "(hint: move the articles nearer the folder you give)")
        assert stored_titles(tmp_path / "store") == ["Soldier crosses the border"]
    finally:
        _remove_nested(folder, "d", 2_500)  # pytest's own cleanup recurses and would overflow on it


def _remove_nested(folder, name: str, depth: int) -> None:
    """Remove a chain of nested folders ``name`` (with files at its bottom) one level at a time,
    through directory descriptors (the path is longer than the system allows): each pass lifts the
    grandchild up beside its parent and removes the emptied parent."""
    top = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth + 1):
            if name not in os.listdir(top):
                break
            child = os.open(name, os.O_RDONLY, dir_fd=top)
            try:
                for entry in os.listdir(child):
                    if entry == name:
                        os.rename(name, name + ".next", src_dir_fd=child, dst_dir_fd=top)
                    else:
                        os.unlink(entry, dir_fd=child)
            finally:
                os.close(child)
            os.rmdir(name, dir_fd=top)
            if name + ".next" in os.listdir(top):
                os.rename(name + ".next", name, src_dir_fd=top, dst_dir_fd=top)
    finally:
        os.close(top)


def test_a_symlink_leading_out_of_the_folder_is_skipped_and_never_read(runner, tmp_path):
    outside = article(tmp_path / "private", "secret.txt", OTHER)
    folder = tmp_path / "in"
    article(folder, "good.txt")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "sub").mkdir()
    (folder / "sub" / "same.txt").symlink_to(folder / "good.txt")  # inside the folder: read (a duplicate)
    r = invoke(runner, "--store", tmp_path / "store", "ingest", folder)
    error_line(r, 6)
    assert skipped_lines(r) == [f"kg: skipped: {folder / 'leak.txt'}: a symbolic link that leads out of the folder "
                                "(hint: copy the file into the folder, or name it on the command line)"]
    assert "same source as good.txt" in r.stderr
    assert stored_titles(tmp_path / "store") == ["Soldier crosses the border"]


def test_a_fifo_named_or_in_a_folder_is_skipped_without_hanging(tmp_path):
    folder = tmp_path / "in"
    article(folder, "good.txt")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "named.txt")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    env.pop("KG_STORE", None)

    def kg(*args):  # in its own process: a hang is a timeout here, not a stuck test run
        return subprocess.run([sys.executable, "-m", "kg.cli.main", "--store", str(tmp_path / "store"), *map(str, args)],
                              capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)

    named = kg("ingest", tmp_path / "named.txt")
    assert named.returncode == 3, named.stderr
    assert "kg: skipped: named.txt: a FIFO (named pipe), not a regular file" in named.stderr
    in_folder = kg("ingest", folder)
    assert in_folder.returncode == 6, in_folder.stderr
    assert f"kg: skipped: {folder / 'pipe.txt'}: a FIFO (named pipe), not a regular file (hint:" in in_folder.stderr
    assert stored_titles(tmp_path / "store") == ["Soldier crosses the border"]


def test_file_names_with_newlines_cannot_add_error_lines(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "bad\nkg: error: fake.txt"
    bad.write_text(KOREAN, encoding="utf-8")
    r = invoke(runner, "--store", tmp_path / "store", "ingest", bad)
    last = error_line(r, 3)  # (only kg: skipped lines may come before the error line)
    assert skipped_lines(r) == [
        "kg: skipped: bad\\nkg: error: fake.txt: the text does not look like English "
        "(hint: kg extracts from English text only)"
    ]
    assert "nothing was ingested" in last


def test_a_folder_of_only_other_file_types_exits_3_and_says_they_were_skipped(runner, tmp_path):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("a.pdf", "b.docx"):
        (folder / name).write_bytes(b"%PDF-1.7")
    r = invoke(runner, "--store", tmp_path / "store", "ingest", folder)
    last = error_line(r, 3)
    assert "no articles to ingest: 2 file(s) of other types skipped" in last

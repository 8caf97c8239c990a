"""Reading articles and sidecars: good input becomes an Article, bad input a clear InputError."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.errors import InputError
from kg.sources import decode_text, read_article, source_id_for


def write(tmp_path, name, data, meta=None):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if meta is not None:
        p.with_suffix(".json").write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return p


def test_headline_and_sidecar(tmp_path):
    p = write(tmp_path, "a.txt", "Soldier crosses border\nThe soldier crossed the border on Sunday.\n",
              {"title": "Soldier crosses", "publisher": "Wire", "url": "https://example.org/a", "published": "2025-10-20"})
    art = read_article(p)
    assert art.title == "Soldier crosses"
    assert art.published == date(2025, 10, 20)
    assert art.source_id == source_id_for(url="https://example.org/a", text="anything")
    assert art.text.startswith("Soldier crosses border\n")


def test_headline_from_first_line_without_sidecar(tmp_path):
    art = read_article(write(tmp_path, "b.md", "# Talks resume\nThe two sides met on Monday and said they would talk again.\n"))
    assert art.title == "Talks resume"
    assert art.published is None


@pytest.mark.parametrize("data, fragment", [
    (b"", "empty"),
    (b"   \n\t  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"The soldier \xff\xfe crossed", "not valid UTF-8"),
    ("북한 군인이 군사분계선을 넘어 귀순했다고 합동참모본부가 밝혔다".encode(), "English"),
])
def test_bad_text_is_an_input_error(tmp_path, data, fragment):
    with pytest.raises(InputError, match=fragment):
        read_article(write(tmp_path, "bad.txt", data))


@pytest.mark.parametrize("meta, fragment", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ({"published": 20251020}, "must be a string"),
    ({"published": "2025-02-30"}, "not a valid ISO date"),
    ({"title": ["x"]}, "must be a string"),
])
def test_bad_sidecar_is_an_input_error(tmp_path, meta, fragment):
    p = write(tmp_path, "c.txt", "Headline\nThe army said it fired warning shots on Monday.\n", meta)
    with pytest.raises(InputError, match=fragment):
        read_article(p)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_windows_newlines_and_bom_are_normalised():
    assert decode_text(b"\xef\xbb\xbfA\r\nB\rC", name="x") == "A\nB\nC"
    assert decode_text("Héllo\r\n".encode("utf-16"), name="x") == "Héllo\n"


def test_identity_is_url_else_text():
    assert source_id_for(url=None, text="a") != source_id_for(url=None, text="b")
    assert source_id_for(url="https://x.org/1", text="a") == source_id_for(url="https://x.org/1", text="b")


def test_html_page_main_text_and_metadata(tmp_path):
    page = ("<html><head><title>Soldier defects</title><meta name='author' content='Jane Roe'></head><body>"
            "<nav>Home | World | Sport</nav><article><h1>Soldier defects</h1><p>A North Korean soldier crossed the "
            "border on Sunday, officials said. He was taken into custody by the South Korean military.</p>"
            "<script>alert('x')</script></article></body></html>")
    p = write(tmp_path, "page.html", page, {"published": "2025-10-20", "publisher": "Wire"})
    art = read_article(p)
    assert art.text.startswith("Soldier defects\n")
    assert "crossed the border on Sunday" in art.text
    assert "alert" not in art.text and "Home | World" not in art.text
    assert art.published == date(2025, 10, 20) and art.publisher == "Wire"  # the sidecar wins


def test_json_record(tmp_path):
    rec = {"text": "The army fired warning shots on Monday, officials said.", "title": "Warning shots",
           "url": "https://example.org/w", "published": "2025-01-07"}
    art = read_article(write(tmp_path, "rec.json", json.dumps(rec)))
    assert art.text == "Warning shots\nThe army fired warning shots on Monday, officials said."
    assert art.url == "https://example.org/w"
    with pytest.raises(InputError, match="'text'"):
        read_article(write(tmp_path, "norec.json", json.dumps({"body": "x"})))


def test_sidecars_are_not_articles(tmp_path):
    from kg.sources import iter_article_paths

    write(tmp_path, "a.txt", "Headline\nThe soldier crossed the border.\n", {"title": "A"})
    write(tmp_path, "b.json", json.dumps({"text": "Headline\nThe army fired shots."}))
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt", "b.json"]


def test_standard_input():
    import io

    from kg.sources import STDIN

    art = read_article(STDIN, stdin=io.BytesIO(b"Talks resume\nThe two sides met on Monday in Seoul.\n"))
    assert art.title == "Talks resume" and art.path == "stdin"


def test_too_large_is_refused(tmp_path):
    from kg.sources import MAX_ARTICLE_BYTES

    big = ("The soldier crossed the border. " * (MAX_ARTICLE_BYTES // 30 + 10)).encode()
    with pytest.raises(InputError, match="too large"):
        read_article(write(tmp_path, "big.txt", big))

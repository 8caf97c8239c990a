"""Files are what their names say: ``kg export``/``kg viz`` take the format from ``--out``'s
extension (a contradicting ``--format`` is an error), GraphML/GEXF are not cut unless asked,
JSON-LD has kg's prefixes as its @context, and ``kg viz --source`` takes what ``kg remove`` takes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from conftest import error_line, invoke
from kg.vocab import PREFIXES


@pytest.fixture
def kg(runner, built_store_path):
    return lambda *args: invoke(runner, "--store", built_store_path, *args)


FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
           "json-ld": ox.RdfFormat.JSON_LD}


def _quads(path, fmt: str) -> set:
    return set(ox.parse(path=str(path), format=FORMATS[fmt]))


@pytest.mark.parametrize(("name", "parser", "first"), [
    ("x.ttl", "turtle", b"@prefix"),
    ("x.turtle", "turtle", b"@prefix"),
    ("x.trig", "trig", b"@prefix"),
    ("x.nq", "nquads", b"<"),
    ("x.jsonld", "json-ld", b"{"),
])
def test_export_format_follows_the_extension(kg, tmp_path, name, parser, first):
    out = tmp_path / name
    r = kg("export", "--out", out)
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes().startswith(first)
    assert len(_quads(out, parser)) > 100


def test_export_format_and_extension_must_agree(kg, tmp_path):
    out = tmp_path / "x.ttl"
    line = error_line(kg("export", "--out", out, "--format", "nquads"), 2)
    assert "--format nquads contradicts --out x.ttl, whose extension means turtle" in line
    assert not out.exists()
    same = kg("export", "--out", out, "--format", "turtle")
    assert same.exit_code == 0 and out.read_bytes().startswith(b"@prefix")
    other = tmp_path / "x.data"  # an extension kg does not know: --format decides
    assert kg("export", "--out", other, "--format", "trig").exit_code == 0
    assert other.read_bytes().startswith(b"@prefix")


def test_jsonld_has_kg_prefixes_as_context_and_the_same_quads(kg, tmp_path):
    assert kg("export", "--out", tmp_path / "x.jsonld").exit_code == 0
    assert kg("export", "--out", tmp_path / "x.nq").exit_code == 0
    doc = json.loads((tmp_path / "x.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == PREFIXES
    assert any(g["@id"].startswith("kgg:source/") for g in doc["@graph"])
    assert _quads(tmp_path / "x.jsonld", "json-ld") == _quads(tmp_path / "x.nq", "nquads")


@pytest.mark.parametrize(("name", "root"), [("g.gexf", "gexf"), ("g.graphml", "graphml")])
def test_viz_writes_what_the_extension_says(kg, tmp_path, name, root):
    out = tmp_path / name
    r = kg("viz", "--out", out)
    assert r.exit_code == 0, r.stderr
    assert ET.parse(out).getroot().tag.endswith(root)
    line = error_line(kg("viz", "--out", tmp_path / "h.gexf", "--format", "html"), 2)
    assert "contradicts --out h.gexf" in line


def test_viz_files_are_not_cut_unless_asked(kg, tmp_path, built_store):
    from kg.network import build_network

    total = build_network(built_store).number_of_nodes()

    def nodes(*args) -> int:
        out = tmp_path / "g.graphml"
        assert kg("viz", "--out", out, *args).exit_code == 0
        return sum(1 for e in ET.parse(out).getroot().iter() if e.tag.endswith("}node"))

    assert nodes() == total
    assert nodes("--max-nodes", "5") == 5


def test_viz_source_takes_what_remove_takes(kg, tmp_path, built_store):
    from kg.graph.catalog import list_sources

    info = next(s for s in list_sources(built_store) if s.title == "Pyongyang rejects talks offer")

    def page(*source: str) -> str:
        out = tmp_path / "s.graphml"
        r = kg("viz", "--out", out, *(a for s in source for a in ("--source", s)))
        assert r.exit_code == 0, r.stderr
        return out.read_text(encoding="utf-8")

    by_id = page(info.source_id)
    assert "Pyongyang" in by_id or "North Korea" in by_id
    assert page(info.source_id[:6]) == by_id
    assert page(info.url) == by_id
    assert page("talks-rejected.txt") == by_id
    line = error_line(kg("viz", "--source", "no-such-source", "--out", tmp_path / "n.html"), 2)
    assert "no source matches 'no-such-source'" in line

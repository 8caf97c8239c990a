"""Query results for people and programs: labels first, IRIs hidden unless asked for, folded
rows, tables that fit a width; JSON as objects, JSON lines, W3C SPARQL JSON; CSV keeps full values."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from kg.query import QueryKind, QueryResult, format_result
from kg.query.format import _width
from kg.vocab import PREFIXES

REF, XSD = PREFIXES["ref"], PREFIXES["xsd"]


def _iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(REF + local)


def _lit(text: str, dt: str | None = None) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + dt)) if dt else ox.Literal(text, language="en")


EVENT_VARS = ["event", "place", "place_label", "date", "count"]
ROWS = [
    (_iri("e1"), _iri("state/KP"), _lit("North Korea"), _lit("2025-10-19", "date"), _lit("3", "integer")),
    (_iri("e1"), _iri("state/KR"), _lit("South Korea"), _lit("2025-10-19", "date"), _lit("3", "integer")),
    (_iri("e2"), _iri("unlabelled"), None, None, None),
]
RESULT = QueryResult(QueryKind.SELECT, EVENT_VARS, ROWS)


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def test_table_shows_labels_in_place_of_nodes_and_hides_iris():
    lines = _lines(format_result(RESULT, "table"))
    assert lines[0].split() == ["place", "date", "count"]
    assert "ref:" not in "\n".join(lines[:3])
    assert lines[2].split()[:2] == ["North", "Korea,"]  # folded: one row for both places
    assert "North Korea, South Korea" in lines[2]
    assert lines[3].split() == ["ref:unlabelled"]  # no label: the node's id stands in
    assert len(lines) == 4


def test_table_with_ids_shows_label_then_iri():
    lines = _lines(format_result(RESULT, "table", ids=True))
    assert lines[0].split() == ["event", "place_label", "place", "date", "count"]
    assert "ref:e1" in lines[2] and "ref:state/KP, ref:state/KR" in lines[2]


def test_only_node_columns_are_kept():
    r = QueryResult(QueryKind.SELECT, ["s"], [(_iri("state/KP"),)])
    assert _lines(format_result(r, "table")) == ["s", "------------", "ref:state/KP"]


def test_rows_differing_in_a_hidden_node_are_not_merged_into_another_node():
    r = QueryResult(
        QueryKind.SELECT,
        ["place", "place_label", "n"],
        [(_iri("a"), _lit("Same name"), _lit("1", "integer")), (_iri("b"), _lit("Same name"), _lit("1", "integer"))],
    )
    lines = _lines(format_result(r, "table"))
    assert lines[2:] == ["Same name, Same name  1"]  # two nodes of one name stay two values


def test_table_fits_the_width_and_never_wraps():
    long = QueryResult(
        QueryKind.SELECT,
        ["who", "said", "when"],
        [(_lit("Joint Chiefs of Staff of the Republic of Korea"), _lit("북한 군인이 " * 20), _lit("2025-10-19", "date"))],
    )
    for width in (30, 45, 80):
        lines = _lines(format_result(long, "table", width=width))
        assert len(lines) == 3
        assert all(_width(line) <= width for line in lines), (width, lines)
        assert "…" in lines[2]
    assert "2025-10-19" in _lines(format_result(long, "table", width=45))[2]  # short columns keep their width


def test_max_rows_says_what_is_left_out():
    text = format_result(RESULT, "table", max_rows=1)
    assert _lines(text)[-1] == "… 1 more row"


def test_json_is_an_array_of_objects_with_plain_values():
    data = json.loads(format_result(RESULT, "json"))
    assert data[0] == {
        "event": REF + "e1",
        "place": REF + "state/KP",
        "place_label": "North Korea",
        "date": "2025-10-19",
        "count": 3,
    }
    assert data[2]["date"] is None and len(data) == 3


def test_jsonl_is_one_object_a_line():
    lines = _lines(format_result(RESULT, "jsonl"))
    assert [json.loads(line) for line in lines] == json.loads(format_result(RESULT, "json"))


def test_sparql_json_is_the_w3c_format():
    text = format_result(RESULT, "sparql-json")
    assert json.loads(text)["head"]["vars"] == EVENT_VARS
    assert len(list(ox.parse_query_results(text, ox.QueryResultsFormat.JSON))) == 3


def test_csv_and_tsv_keep_full_values():
    text = "x" * 500
    r = QueryResult(QueryKind.SELECT, ["t", "node"], [(ox.Literal(text), _iri("state/KP"))])
    assert list(csv.reader(io.StringIO(format_result(r, "csv"))))[1] == [text, REF + "state/KP"]
    assert f'"{text}"\t<{REF}state/KP>' in format_result(r, "tsv")


def test_firm_columns_give_way_last():
    r = QueryResult(QueryKind.SELECT, ["label", "id"], [(_lit("a long label " * 5), _lit("id:src/0123456789abcdef/event/x"))])
    lines = _lines(format_result(r, "table", width=50, firm=("id",)))
    assert lines[2].endswith("id:src/0123456789abcdef/event/x") and "…" in lines[2]
    assert all(_width(line) <= 50 for line in lines)

"""Evidence: for a node or an edge, the sentences of each source that state it, with the spans
to highlight (offsets are code points in the source text, end exclusive)."""

from __future__ import annotations

from kg.network.reader import _Mention, NodeRecord, Reader

__all__ = ["evidence_of", "node_evidence", "same_sentence", "sentence_of"]


def sentence_of(reader: Reader, graph: str, m: _Mention) -> tuple[int, str]:
    """(begin, text) of the sentence holding a mention."""
    if m.is_sentence:
        return m.begin, m.anchor
    if m.sentence is not None and m.sentence_begin is not None:
        return m.sentence_begin, m.sentence
    text = reader.text_of(graph)
    if not text:
        return m.begin, m.anchor
    stop, newline = text.rfind(". ", 0, m.begin), text.rfind("\n", 0, m.begin)
    lo = max(stop + 2 if stop != -1 else 0, newline + 1, m.begin - 200, 0)
    ends = [i for i in (text.find(". ", m.end), text.find("\n", m.end)) if i != -1]
    hi = min(min(ends) + 1 if ends else len(text), m.end + 200, len(text))
    return lo, text[lo:hi]


def evidence_of(reader: Reader, graph: str, base: list[_Mention], also: list[_Mention] | tuple = ()) -> list[dict]:
    """One item per sentence: the sentence, its primary mention and every span to mark."""
    src = reader.sources[graph]
    items: dict[int, dict] = {}
    for m in base:
        sb, sentence = sentence_of(reader, graph, m)
        item = items.get(sb)
        if item is None:
            item = items[sb] = {
                **{k: v for k, v in src.ref().items() if k != "publisher"},
                "sentence": sentence,
                "sentence_begin": sb,
                "begin": m.begin,
                "end": m.end,
                "anchor": m.anchor,
                "marks": [],
            }
        item["marks"].append((m.begin, m.end))
    for m in also:
        for sb, item in items.items():
            if sb <= m.begin and m.end <= sb + len(item["sentence"]):
                item["marks"].append((m.begin, m.end))
    out = []
    for sb in sorted(items):
        item = items[sb]
        se = sb + len(item["sentence"])
        marks = sorted(set(item["marks"]))
        inner = [mk for mk in marks if not (mk[0] <= sb and mk[1] >= se)]
        item["marks"] = [list(mk) for mk in (inner or marks)]
        if inner and item["begin"] <= sb and item["end"] >= se:
            first = inner[0]
            item["begin"], item["end"] = first
            item["anchor"] = item["sentence"][first[0] - sb : first[1] - sb]
        out.append(item)
    return out


def node_evidence(reader: Reader, n: NodeRecord) -> list[dict]:
    out = []
    for g in sorted(n.graphs, key=lambda g: reader.sources[g].source_id):
        out += evidence_of(reader, g, reader.mentions.get((g, n.iri), []))
    return out


def same_sentence(reader: Reader, graph: str, a: _Mention, b: _Mention) -> bool:
    sb, text = sentence_of(reader, graph, a)
    return sb <= b.begin and b.end <= sb + len(text)

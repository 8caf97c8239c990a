"""Model objects -> quads: the helpers of kg.graph.rdfize."""

from __future__ import annotations

from hypothesis import given, strategies as st

from kg.graph.rdfize import _sentence_finder, _sentence_for
from kg.model import Mention

_spans = st.tuples(st.integers(0, 60), st.integers(0, 60)).map(lambda be: Mention(be[0], be[1], ""))


@given(st.lists(_spans, max_size=8), st.lists(_spans, max_size=8), st.booleans())
def test_the_sentence_of_a_mention_by_bisection_is_the_one_the_scan_finds(sentences, mentions, in_order):
    """Sentences in text order and apart (as extraction makes them) are searched by bisection; any
    others by the scan: either way, the first sentence that holds the mention."""
    if in_order:
        sentences = sorted(sentences, key=lambda s: (s.begin, s.end))
    find = _sentence_finder(sentences)
    for m in [*mentions, *sentences]:
        assert find(m) == _sentence_for(sentences, m)

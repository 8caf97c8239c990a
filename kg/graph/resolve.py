"""Cross-source resolution: which nodes of different sources are one thing, stored as clusters in
the resolution graph, recomputed for the sources just written (one, or all of an ingest run) and
for the clusters they touch, never for the whole store.

How identity is stored (so links grow with the members, not with their pairs):
- every member of a cluster points to its representative, the cluster's smallest IRI, with
  ``owl:sameAs`` (one entity, or one event whose reports agree on the date);
- reports of one event that give other dates are joined with ``kg:sameEventAs``;
- read identity by following ``owl:sameAs`` and ``kg:sameEventAs`` both ways, transitively;
- why: one ``kg:IdentityLink`` node for each judged pair that joins the cluster (the pairs of a
  spanning tree: the smallest pairs, ``owl:sameAs`` ones first, so the tree depends only on what
  the sources say, not on the order they came in), with the pair's evidence.

The roles: :mod:`kg.graph.pairs` finds and judges the pairs (by the rules of
:mod:`kg.graph.identity`, on what :mod:`kg.graph.candidates` reads), :mod:`kg.graph.trees` puts the
clusters' spanning trees right, :mod:`kg.graph.clusters` is how they are stored; this module is the
entry point: which sources to resolve, the changes in one transaction, the markers of sources
awaiting their links.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from kg import iri
from kg.graph.candidates import Reader, graph_node, source_of_graph
from kg.graph.clusters import Pair
from kg.graph.identity import Judgment
from kg.graph.pairs import find_pairs, links_for
from kg.graph.store import KGStore, to_ox
from kg.graph.trees import cluster_changes, leaf_changes
from kg.vocab import KG, METADATA_GRAPH, OWL, RESOLUTION_GRAPH, XSD

__all__ = [
    "awaiting_links",
    "awaiting_quad",
    "finish_linking",
    "forget_links",
    "links_for",
    "resolve_source",
    "resolve_sources",
    "retraction_changes",
    "source_links",
]

_SAME_AS, _SAME_EVENT, _RES_GRAPH = to_ox(OWL.sameAs), to_ox(KG.sameEventAs), to_ox(RESOLUTION_GRAPH)
_LINKED, _LINK_PROP, _LINK_SOURCE = to_ox(KG.linkedNode), to_ox(KG.linkProperty), to_ox(KG.linkSource)
_AWAITS, _META = to_ox(KG.awaitsLinking), to_ox(METADATA_GRAPH)
_TRUE = ox.Literal("true", datatype=to_ox(XSD.boolean))


# -- sources awaiting their links: resolution is part of the same recoverable unit as the sources --


def awaiting_quad(source_id: str) -> ox.Quad:
    """The marker written with a source (in the same transaction): ``<source graph> kg:awaitsLinking
    true`` in the metadata graph. :func:`resolve_sources` removes it in the transaction that writes the
    source's links, so a write that stops between the two (a kill, a full disk) leaves the marker, and
    the next command that writes finishes the links (:func:`finish_linking`)."""
    return ox.Quad(graph_node(source_id), _AWAITS, _TRUE, _META)


def awaiting_links(store: KGStore) -> list[str]:
    """The ids of the sources written whose cross-source links were never computed, sorted."""
    out = set()
    for q in store.oxigraph.quads_for_pattern(None, _AWAITS, None, _META):
        sid = source_of_graph(q.subject) if isinstance(q.subject, ox.NamedNode) else None
        if sid:
            out.add(sid)
    return sorted(out)


def finish_linking(store: KGStore) -> list[str]:
    """Compute the links of every source that awaits them (see :func:`awaiting_quad`), in one
    transaction; returns their ids (empty when nothing was pending)."""
    pending = awaiting_links(store)
    if pending:
        resolve_sources(store, [])
    return pending


def _changes(
    store: KGStore,
    source_ids: list[str],
    *,
    gone: Collection[str] = (),
    later: Collection[str] = (),
    kinds: Collection[bool] = (False, True),
    rd: Reader | None = None,
    judged: dict[Pair, Judgment] | None = None,
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) in the resolution graph after ``source_ids`` were written
    (or, for those in ``gone``, before they are dropped): the clusters these sources touch (through
    stored links, or through the pairs found now) are computed again, the others are left alone.

    Only the clusters of ``kinds`` (events? False for entities) are computed; the sources in
    ``later`` are left out of the pairs (they are resolved after these); ``judged`` gives the pairs
    when they were found already (each pair found once, by the later of its two sources)."""
    rd = rd or Reader(store)
    st = rd.st
    gone = set(gone)
    gone_graphs = {graph_node(s) for s in gone}
    changed_prefixes = tuple(iri.source_prefix(s) for s in source_ids)
    if judged is None:
        # the pairs of the written sources (each with the ones before it in the run and the rest of the store)
        skip = {graph_node(s) for s in [*source_ids, *later]} | gone_graphs
        judged = {}
        for sid in source_ids:
            skip.discard(graph_node(sid))
            if sid not in gone:
                judged.update(find_pairs(rd, sid, skip=skip | gone_graphs))
                rd.trim()  # what the reader holds stays bounded however many sources share a name
    # the links the sources had (each kg:IdentityLink that names one of them, with its quads)
    # (several sources: only the linked nodes of each record are used, so only they are read)
    wanted = None if len(source_ids) == 1 else _LINKED
    had = {
        q.subject: list(st.quads_for_pattern(q.subject, wanted, None, _RES_GRAPH))
        for sid in source_ids
        for q in st.quads_for_pattern(None, _LINK_SOURCE, to_ox(iri.doc_iri(sid)), _RES_GRAPH)
    }
    delete: dict[ox.Quad, None] = {}
    insert: list[ox.Quad] = []
    # a single source whose nodes are leaves of their trees: only its own links change (most changes;
    # see leaf_changes), per kind of node; the rest is computed from the whole clusters touched
    whole = set(kinds)  # (events?) the kinds computed from whole clusters
    if len(source_ids) == 1:
        for events in sorted(whole):
            fast = leaf_changes(rd, source_ids[0], judged, had, gone=bool(gone), events=events)
            if fast is not None:
                delete.update(dict.fromkeys(fast[0]))
                insert += fast[1]
                whole.discard(events)
    if whole:
        rest = cluster_changes(
            rd,
            {p: j for p, j in judged.items() if ("/event/" in p[0]) in whole},
            {x.value for quads in had.values() for x in _linked(quads) if ("/event/" in x.value) in whole},
            changed_prefixes,
            gone_graphs,
        )
        delete.update(dict.fromkeys(rest[0]))
        insert += rest[1]
    # the identity triples of a source that goes (each on a node of one of its links)
    delete.update(
        dict.fromkeys(
            _identity_triples(
                st,
                {x.value for quads in had.values() for x in _linked(quads)},
                [iri.source_prefix(s) for s in source_ids if s in gone],
            )
        )
    )
    return list(delete), insert


def _linked(quads: list[ox.Quad]) -> list:
    return [q.object for q in quads if q.predicate == _LINKED]


def _identity_triples(st: ox.Store, nodes: Collection[str], prefixes: list[str]) -> list[ox.Quad]:
    """The owl:sameAs and kg:sameEventAs triples with one of ``nodes`` that starts with one of
    ``prefixes`` as subject or object (every node with an identity triple is a node of a link)."""
    out: dict[ox.Quad, None] = {}
    for n in sorted(x for x in nodes if prefixes and x.startswith(tuple(prefixes))):
        node = ox.NamedNode(n)
        for p in (_SAME_AS, _SAME_EVENT):
            out.update(dict.fromkeys(st.quads_for_pattern(node, p, None, _RES_GRAPH)))
            out.update(dict.fromkeys(st.quads_for_pattern(None, p, node, _RES_GRAPH)))
    return list(out)


def source_links(store: KGStore, source_ids: Collection[str]) -> list[ox.Quad]:
    """The identity triples (``owl:sameAs``, ``kg:sameEventAs``) of the nodes of ``source_ids`` in
    the resolution graph.

    Found from the nodes each source's graph holds now (its minted subjects), a few index reads per
    node, so the cost follows the sources, not the resolution graph. Call it before a source's graph
    is replaced: the identity of its old nodes goes with it at once, and :func:`resolve_sources`
    then computes the clusters those nodes were in again (it finds them through the
    kg:IdentityLink records, which stay until then and name the source)."""
    st, res = store.oxigraph, _RES_GRAPH
    out: dict[ox.Quad, None] = {}
    for sid in sorted(set(source_ids)):
        prefix = iri.source_prefix(sid)
        nodes = {
            q.subject
            for q in st.quads_for_pattern(None, None, None, graph_node(sid))
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)
        }
        for node in sorted(nodes, key=str):
            for p in (_SAME_AS, _SAME_EVENT):
                out.update(dict.fromkeys(st.quads_for_pattern(node, p, None, res)))
                out.update(dict.fromkeys(st.quads_for_pattern(None, p, node, res)))
    return list(out)


def retraction_changes(store: KGStore, source_id: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) in the resolution graph when ``source_id`` is retracted,
    computed while its graph is still there: its links go, and the clusters it was in are computed
    again without it (a cluster it held together may fall apart)."""
    return _changes(store, [source_id], gone=[source_id])


def forget_links(store: KGStore, source_id: str) -> None:
    """Remove the links of a source (while its graph is still there) and put its clusters right, in
    one transaction."""
    delete, insert = retraction_changes(store, source_id)
    store.replace_graphs(delete=delete, insert=insert)


def resolve_sources(store: KGStore, source_ids: list[str]) -> int:
    """Recompute the clusters of sources just written, in one transaction; returns how many identity
    links (kg:IdentityLink records) it wrote anew or changed.

    Sources an earlier write left awaiting their links (:func:`awaiting_quad`) are resolved with
    them, and every marker of the resolved sources goes in the same transaction.

    The clusters do not depend on the order the sources came in: each pair is judged on what its
    two sources say, and a cluster keeps the same spanning tree whatever order its pairs were found
    in. (Which pairs are found can: an entity is judged against a cluster's representative at the
    time, so the link records that explain a membership may name other pairs when the same sources
    come in groups of another size; bench/README.md, "Resolution in the writer thread".)
    Several sources: linked one source at a time, entities and events (each source in a transaction
    of its own, with the sources before it, as separate calls would); the last transaction drops
    their markers (a stop in between leaves them awaiting their links, and linking them again gives
    the same)."""
    ids = sorted(set(source_ids) | set(awaiting_links(store)))  # with any an earlier write left unlinked
    rd = Reader(store)
    written = 0
    if len(ids) > 1:
        # one source at a time, each with the sources before it, in a transaction of its own (a new
        # entity is then most often a leaf of its cluster: only its own link is written, no cluster
        # is read whole; an event's clusters are computed from the clusters its pairs touch)
        later = {graph_node(s) for s in ids}  # (the sources after it: made once, not once per source)
        for sid in ids:
            later.discard(graph_node(sid))
            pairs = find_pairs(rd, sid, skip=later)
            rd.trim()
            delete, insert = _changes(store, [sid], rd=rd, judged=pairs)
            store.replace_graphs(delete=delete, insert=insert)
            rd.written(delete, insert)  # (the memberships it read may have changed)
            written += sum(1 for q in insert if q.predicate == _LINK_PROP)
        delete, insert = [], []
    else:
        delete, insert = _changes(store, ids, rd=rd)
    markers = [q for sid in ids for q in store.oxigraph.quads_for_pattern(graph_node(sid), _AWAITS, None, _META)]
    store.replace_graphs(delete=[*delete, *markers], insert=insert)
    return written + sum(1 for q in insert if q.predicate == _LINK_PROP)  # (the links new or changed)


def resolve_source(store: KGStore, source_id: str) -> int:
    """Recompute the clusters of one source (after it was written), in one transaction."""
    return resolve_sources(store, [source_id])

"""Cross-source resolution: what several sources share, as ``owl:sameAs`` links in the resolution
graph. Recomputed for the sources just written (one, or all of an ingest run), so adding or
retracting a source never rebuilds the whole store, and retraction removes exactly the links that
source brought.

Rules (each link is stored once, smaller IRI first, so the graph does not depend on ingest order):
- entities linked to the gazetteer are already one node (the reference IRI, e.g. one Wikidata id);
- unlinked named entities merge on normalized label + the same class + compatible context: the
  same state (``kg:stateOf`` / ``kg:nationality``) where either states one, and at least one state
  both sources mention. Generated labels ("North Korean soldier") never merge by label;
- events merge when they have the same type, overlapping time bounds, and share a participant or
  place that is not a state (states take part in nearly everything);
- anonymous actors are linked only through such a shared event, in the same role;
- two reports whose times do not overlap, so are not merged, are still taken for the same event
  (``kg:sameEventAs``, and the disagreement query shows both dates) when they have the same type,
  share a participant that is neither a state nor an organ of one (``kg:stateOf``), begin at most
  a year (366 days) apart, and each is the other's nearest such report in its source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date
from functools import lru_cache

import pyoxigraph as ox

from kg import iri
from kg.graph.store import KGStore, to_ox
from kg.vocab import GAF, ID, KG, OWL, RDF, RDFS, RESOLUTION_GRAPH, SEM

_ROLES = ("agent", "patient", "place", "origin", "destination")

# the terms the lookups below use, as Oxigraph terms (made once)
_DENOTED_BY, _EVENT_TYPE, _HAS_TIME = to_ox(GAF.denotedBy), to_ox(SEM.eventType), to_ox(SEM.hasTime)
_BEGIN, _END = to_ox(SEM.hasEarliestBeginTimeStamp), to_ox(SEM.hasLatestEndTimeStamp)
_TYPE, _LABEL, _STATE_CLASS = to_ox(RDF.type), to_ox(RDFS.label), to_ox(KG.State)
_STATE_LINKS = (to_ox(KG.stateOf), to_ox(KG.nationality))
_STATE_OF = to_ox(KG.stateOf)
_YEAR_DAYS = 366  # "at most a year apart"
_GENERATED, _ANONYMOUS = to_ox(KG.hasGeneratedLabel), to_ox(KG.isAnonymous)
_ROLE_PROPS = tuple((role, to_ox(KG[role])) for role in _ROLES)
_KG_NS = str(KG)
_MINTED = str(ID) + "src/"


@lru_cache(maxsize=1 << 16)
def _norm(label: str) -> str:
    s = unicodedata.normalize("NFKC", label).lower()
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    return re.sub(r"[^\w]+", " ", s).strip()


# Everything below reads the store through its indexes (``quads_for_pattern`` with the subject, or
# the object, and the graph given), never by a query over all graphs: the cost of resolving a
# source follows the source and its candidates, not the size of the store.

def _objects(st: ox.Store, s, p, g) -> list:
    return [q.object for q in st.quads_for_pattern(s, p, None, g)]


def _properties(st: ox.Store, s, g) -> dict:
    """predicate -> objects of ``s`` in graph ``g`` (one index read)."""
    po: dict = {}
    for q in st.quads_for_pattern(s, None, None, g):
        po.setdefault(q.predicate, []).append(q.object)
    return po


def _has(st: ox.Store, s, p, g, o=None) -> bool:
    return next(iter(st.quads_for_pattern(s, p, o, g)), None) is not None


def _day(stamp: str) -> int | None:
    """The day number of a timestamp's date (None for a date Python cannot hold)."""
    try:
        return date.fromisoformat(stamp[:10]).toordinal()
    except ValueError:
        return None


def _is_minted(node) -> bool:
    return isinstance(node, ox.NamedNode) and node.value.startswith(_MINTED)


def _source_of_graph(g: ox.NamedNode) -> str:
    return g.value.rsplit("/", 1)[-1]


class _Reader:
    """Reads entities, events and state lists from the store, each once: resolving a batch of
    sources meets the same candidates again and again. Valid while the source graphs do not change."""

    def __init__(self, store: KGStore) -> None:
        self.st = store.oxigraph
        self._entities: dict[tuple, dict | None] = {}
        self._events: dict[tuple, dict | None] = {}
        self._states: dict[str, set[str]] = {}
        self._state_graphs: dict[str, set] = {}
        self._shared: dict[tuple[str, str], bool] = {}
        self._flags: dict[str, dict[str, bool]] = {}
        self._holders: dict[tuple, list[tuple]] = {}
        self._event_holders: dict[ox.NamedNode, list[tuple]] = {}

    def entity(self, e, g: ox.NamedNode, *, labels: set | None = None) -> dict | None:
        """An entity of graph ``g`` as resolution sees it: something with a mention, a class in
        kg's namespace and a label, that is not an event; None otherwise. ``labels`` keeps only
        those labels (and no entity without one of them). Callers must not change the dict."""
        key = (e, g)
        if key not in self._entities:
            self._entities[key] = self._read_entity(e, g)
        d = self._entities[key]
        if d is None or labels is None:
            return d
        raw = d["raw_labels"] & labels
        if not raw:
            return None
        if len(raw) == len(d["raw_labels"]):
            return d
        return {**d, "raw_labels": raw, "labels": {_norm(x.value) for x in raw}}

    def _read_entity(self, e, g: ox.NamedNode) -> dict | None:
        po = _properties(self.st, e, g)
        if _DENOTED_BY not in po or _EVENT_TYPE in po:
            return None
        cls = {c.value for c in po.get(_TYPE, ()) if not isinstance(c, ox.BlankNode) and c.value.startswith(_KG_NS)}
        raw = set(po.get(_LABEL, ()))
        if not cls or not raw:
            return None
        generated, anon = po.get(_GENERATED, ()), po.get(_ANONYMOUS, ())
        return {"raw_labels": raw, "labels": {_norm(x.value) for x in raw}, "cls": cls,
                "state": {x.value for p in _STATE_LINKS for x in po.get(p, ())},
                "flagged": bool(generated or anon),  # stated generated or anonymous, whatever the value
                "generated": any(x.value == "true" for x in generated), "anon": any(x.value == "true" for x in anon),
                "source": _source_of_graph(g)}

    def event(self, e, g: ox.NamedNode) -> dict | None:
        """An event of graph ``g`` with its type, time bounds and participants; None without a
        time. Callers must not change the dict."""
        key = (e, g)
        if key not in self._events:
            self._events[key] = self._read_event(e, g)
        return self._events[key]

    def holders(self, obj, predicate=None) -> list[tuple]:
        """(subject, graph) of the triples with object ``obj`` (and ``predicate``, if given) in
        named graphs whose subject is a minted node."""
        key = (obj, predicate)
        found = self._holders.get(key)
        if found is None:
            found = self._holders[key] = [
                (q.subject, q.graph_name) for q in self.st.quads_for_pattern(None, predicate, obj, None)
                if isinstance(q.graph_name, ox.NamedNode) and _is_minted(q.subject)]
        return found

    def event_holders(self, obj: ox.NamedNode) -> list[tuple]:
        """(event, graph, event types) of the minted nodes that have ``obj`` in a role (kg:agent,
        kg:place, ...) and an event type."""
        found = self._event_holders.get(obj)
        if found is None:
            found = self._event_holders[obj] = []
            held = dict.fromkeys((q.subject, q.graph_name) for _, prop in _ROLE_PROPS
                                 for q in self.st.quads_for_pattern(None, prop, obj, None)
                                 if isinstance(q.graph_name, ox.NamedNode) and _is_minted(q.subject))
            for e, g in held:
                types = {t.value for t in _objects(self.st, e, _EVENT_TYPE, g)}
                if types:
                    found.append((e, g, types))
        return found

    def _read_event(self, e, g: ox.NamedNode) -> dict | None:
        st = self.st
        po = _properties(st, e, g)
        types = po.get(_EVENT_TYPE, ())
        bounds = []
        for t in po.get(_HAS_TIME, ()):
            tpo = _properties(st, t, g)
            bounds += [(b, end) for b in tpo.get(_BEGIN, ()) for end in tpo.get(_END, ())]
        if not types or not bounds:
            return None
        roles: dict[str, set[str]] = {}
        for role, prop in _ROLE_PROPS:
            for x in po.get(prop, ()):
                roles.setdefault(role, set()).add(x.value)
        b, end = min(bounds, key=lambda p: (p[0].value, p[1].value))
        return {"type": min(t.value for t in types), "b": b.value, "end": end.value, "roles": roles,
                "day": _day(b.value), "source": _source_of_graph(g)}

    def _own(self, x: str, key: str, read) -> bool:
        """A cached yes/no about a minted node, read from its own source graph (False for others)."""
        cache = self._flags.setdefault(key, {})
        if x not in cache:
            sid = iri.source_id_of(x)
            cache[x] = sid is not None and read(ox.NamedNode(x), to_ox(iri.graph_iri(sid)))
        return cache[x]

    def is_anonymous(self, x: str) -> bool:
        """A minted actor its source states anonymous (kg:isAnonymous true)."""
        return self._own(x, "anon", lambda n, g: any(a.value == "true" for a in _objects(self.st, n, _ANONYMOUS, g)))

    def is_organ(self, x: str) -> bool:
        """An organ of a state (a government, armed forces, an agency: ``kg:stateOf`` in any graph)."""
        cache = self._flags.setdefault("organ", {})
        if x not in cache:
            cache[x] = _has(self.st, ox.NamedNode(x), _STATE_OF, None)
        return cache[x]

    def is_state(self, x: str) -> bool:
        """A gazetteer state, or a minted node its source types kg:State and mentions."""
        return "/ref/state/" in x or self._own(
            x, "state", lambda n, g: _has(self.st, n, _TYPE, g, _STATE_CLASS) and _has(self.st, n, _DENOTED_BY, g))

    def share_a_state(self, source_id: str, other: str) -> bool:
        """Whether another source mentions one of the states ``source_id`` mentions: the graphs that
        type each of our states are read once (one index read per state), then one mention check."""
        key = (source_id, other)
        if key not in self._shared:
            g = to_ox(iri.graph_iri(other))
            found = False
            for s in sorted(self.states(source_id)):
                node = ox.NamedNode(s)
                typed = self._state_graphs.get(s)
                if typed is None:
                    typed = self._state_graphs[s] = {q.graph_name for q in self.st.quads_for_pattern(node, _TYPE, _STATE_CLASS, None)}
                if g in typed and _has(self.st, node, _DENOTED_BY, g):
                    found = True
                    break
            self._shared[key] = found
        return self._shared[key]

    def states(self, source_id: str) -> set[str]:
        """The states a source mentions."""
        found = self._states.get(source_id)
        if found is None:
            g = to_ox(iri.graph_iri(source_id))
            found = self._states[source_id] = {q.subject.value for q in self.st.quads_for_pattern(None, _TYPE, _STATE_CLASS, g)
                                               if _has(self.st, q.subject, _DENOTED_BY, g)}
        return found


def _merge_entity(ents: dict[str, dict], e: str, d: dict) -> None:
    old = ents.get(e)
    if old is None:
        ents[e] = d
        return
    ents[e] = {**old, **{k: old[k] | d[k] for k in ("raw_labels", "labels", "cls", "state")},
               **{k: old[k] or d[k] for k in ("flagged", "generated", "anon")}}


def links_for(store: KGStore, source_id: str) -> set[tuple[str, str, str]]:
    """The links between ``source_id`` and the other sources in the store, as (IRI, predicate IRI,
    IRI) with the smaller IRI first: ``owl:sameAs`` and ``kg:sameEventAs``.

    Only candidates are read from the rest of the store (entities with one of this source's
    labels, events of one of its types that share a participant and overlap one of its events in
    time), so the cost follows the source, not the store."""
    return _links_for(_Reader(store), source_id, skip=frozenset())


def _links_for(rd: _Reader, source_id: str, *, skip: Collection) -> set[tuple[str, str, str]]:
    """:func:`links_for`, leaving out the source graphs in ``skip`` (Oxigraph nodes)."""
    st = rd.st
    graph = to_ox(iri.graph_iri(source_id))

    ents: dict[str, dict] = {}
    for e in {q.subject for q in st.quads_for_pattern(None, _DENOTED_BY, None, graph)}:
        d = rd.entity(e, graph)
        if d is not None:
            _merge_entity(ents, e.value, d)
    # only this source's own named entities look for partners (gazetteer entities are one node already)
    labels = set().union(*(d["raw_labels"] for e, d in ents.items()
                           if iri.source_id_of(e) == source_id and not d["flagged"]))
    candidates = {(e, g) for label in labels for e, g in rd.holders(label, _LABEL) if g != graph and g not in skip}
    for e, g in candidates:
        if not rd.share_a_state(source_id, _source_of_graph(g)):
            continue  # no pair can come of it (and most candidates of a common name stop here, unread)
        d = rd.entity(e, g, labels=labels)
        if d is not None:
            _merge_entity(ents, e.value, d)
    pairs: set[tuple[str, str]] = set()
    # named, unlinked entities
    index: dict[tuple[str, frozenset], list[str]] = {}
    for e, d in ents.items():
        if iri.source_id_of(e) is None or d["generated"] or d["anon"]:
            continue
        for label in d["labels"]:
            index.setdefault((label, frozenset(d["cls"])), []).append(e)
    for members in index.values():
        local = [m for m in members if ents[m]["source"] == source_id and iri.source_id_of(m) == source_id]
        for a in local:
            for b in members:
                if ents[b]["source"] == source_id or b == a:
                    continue
                da, db = ents[a], ents[b]
                if (da["state"] or db["state"]) and da["state"] != db["state"]:
                    continue
                if not rd.share_a_state(source_id, db["source"]):
                    continue
                pairs.add(tuple(sorted((a, b))))
    same_entity = iri.representatives(pairs)
    # events
    events: dict[str, dict] = {}
    for e in sorted({q.subject for q in st.quads_for_pattern(None, _EVENT_TYPE, None, graph)}, key=str):
        d = rd.event(e, graph)
        if d is not None:
            events[e.value] = {**d, "own": True}
    windows: dict[str, list[tuple[str, str, int | None]]] = {}
    for d in events.values():
        windows.setdefault(d["type"], []).append((d["b"], d["end"], d["day"]))
    # candidates share a participant that is not a state (one of ours, or a partner of one of ours),
    # have one of our event types and overlap in time one of our events of that type, or begin
    # within a year of one (a report of the same event that gives another date)
    partners = {b if a in ents and ents[a]["source"] == source_id else a for a, b in pairs}
    shared = {x for d in events.values() for xs in d["roles"].values() for x in xs
              if "/ref/state/" not in x and iri.source_id_of(x) is None} | partners
    candidates = {(e, g) for x in shared for e, g, types in rd.event_holders(ox.NamedNode(x))
                  if g != graph and g not in skip and not types.isdisjoint(windows)}
    for e, g in sorted(candidates, key=str):
        if e.value in events:
            continue
        d = rd.event(e, g)
        if d is not None and any(not (b > d["end"] or d["b"] > end) or _near(day, d["day"])
                                 for b, end, day in windows.get(d["type"], ())):
            events[e.value] = {**d, "own": False}
    for a, da in events.items():
        if not da["own"]:
            continue
        for b, db in events.items():
            if db["own"] or da["type"] != db["type"]:
                continue
            if da["b"] > db["end"] or db["b"] > da["end"]:
                continue  # (kg:sameEventAs below may still pair them)
            xa = {same_entity.get(x, x) for xs in da["roles"].values() for x in xs}
            xb = {same_entity.get(x, x) for xs in db["roles"].values() for x in xs}
            if all(rd.is_state(x) for x in xa & xb):
                continue
            pairs.add(tuple(sorted((a, b))))
            for role in set(da["roles"]) & set(db["roles"]):
                anon_a = [x for x in da["roles"][role] if rd.is_anonymous(x)]
                anon_b = [x for x in db["roles"][role] if rd.is_anonymous(x)]
                if len(anon_a) == 1 and len(anon_b) == 1:
                    pairs.add(tuple(sorted((anon_a[0], anon_b[0]))))
    same_event = _nearest_reports(rd, events, same_entity) - pairs
    return {(a, OWL.sameAs, b) for a, b in pairs} | {(a, KG.sameEventAs, b) for a, b in same_event}


def _near(day_a: int | None, day_b: int | None) -> bool:
    return day_a is not None and day_b is not None and abs(day_a - day_b) <= _YEAR_DAYS


def _nearest_reports(rd: _Reader, events: dict[str, dict], same_entity: dict[str, str]) -> set[tuple[str, str]]:
    """Pairs (own event, other source's event) of one type, with a shared participant that is
    neither a state nor an organ of one, beginning at most a year apart, where each is the other's
    nearest such report in its source (ties: the smaller IRI). Smaller IRI first."""
    best_other: dict[tuple[str, str], tuple[int, str]] = {}  # (own event, other source) -> (gap, event)
    best_own: dict[str, tuple[int, str]] = {}  # other source's event -> (gap, own event)
    for a, da in sorted(events.items()):
        if not da["own"]:
            continue
        xa = {same_entity.get(x, x) for xs in da["roles"].values() for x in xs}
        for b, db in sorted(events.items()):
            if db["own"] or da["type"] != db["type"] or not _near(da["day"], db["day"]):
                continue
            shared = xa & {same_entity.get(x, x) for xs in db["roles"].values() for x in xs}
            if not any(not rd.is_state(x) and not rd.is_organ(x) for x in shared):
                continue
            gap = abs(da["day"] - db["day"])
            key = (a, db["source"])
            best_other[key] = min(best_other.get(key, (gap, b)), (gap, b))
            best_own[b] = min(best_own.get(b, (gap, a)), (gap, a))
    return {tuple(sorted((a, b))) for (a, _), (_, b) in best_other.items() if best_own[b][1] == a}


def source_links(store: KGStore, source_ids: Collection[str]) -> list[ox.Quad]:
    """The resolution graph's links that involve a node of one of ``source_ids``.

    Found from the nodes each source's graph holds now (its minted subjects), two index reads per
    node, so the cost follows the sources, not the resolution graph. Call it before a source's graph
    is replaced or dropped to find the links of the nodes that go with it."""
    st, res = store.oxigraph, to_ox(RESOLUTION_GRAPH)
    out: dict[ox.Quad, None] = {}
    for sid in sorted(set(source_ids)):
        prefix = iri.source_prefix(sid)
        nodes = {q.subject for q in st.quads_for_pattern(None, None, None, to_ox(iri.graph_iri(sid)))
                 if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)}
        for node in sorted(nodes, key=str):
            out.update(dict.fromkeys(st.quads_for_pattern(node, None, None, res)))
            out.update(dict.fromkeys(st.quads_for_pattern(None, None, node, res)))
    return list(out)


def forget_links(store: KGStore, source_id: str) -> None:
    """Remove the links of a source (while its graph is still there), in one transaction."""
    store.replace_graphs(delete=source_links(store, [source_id]))


def resolve_sources(store: KGStore, source_ids: list[str]) -> int:
    """Recompute the links of sources just written, replacing their old links in one transaction;
    returns how many links they have.

    The same links as :func:`resolve_source` called for each source in turn, right after it was
    written: each source is linked to the sources before it in ``source_ids`` and to the rest of
    the store, never to the ones after it (those find it themselves). Entities and events are read
    once for the whole batch, and the old links are found from the sources' nodes."""
    rd = _Reader(store)
    later = {to_ox(iri.graph_iri(sid)) for sid in source_ids}
    links: set[tuple[str, str, str]] = set()
    for sid in source_ids:
        later.discard(to_ox(iri.graph_iri(sid)))
        links |= _links_for(rd, sid, skip=later)
    graph = to_ox(RESOLUTION_GRAPH)
    new = [ox.Quad(ox.NamedNode(a), ox.NamedNode(str(p)), ox.NamedNode(b), graph) for a, p, b in sorted(links)]
    # one transaction; with nothing to replace, Store.extend
    store.replace_graphs(delete=source_links(store, source_ids), insert=new)
    return len(links)


def resolve_source(store: KGStore, source_id: str) -> int:
    """Recompute the links of one source (after it was written), replacing its old links in one
    transaction; returns how many it has."""
    return resolve_sources(store, [source_id])

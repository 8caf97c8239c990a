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

The rules (which pair is one thing, and the evidence) are in :mod:`kg.graph.identity`. Candidates
are read from the store through its indexes: entities that carry one of a source's names, events
that share a participant or place with one of its events.
"""


from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date
from functools import lru_cache

import pyoxigraph as ox

from kg import iri
from kg.graph import identity
from kg.graph.identity import Facts, Judgment
from kg.graph.store import KGStore, to_ox
from kg.vocab import GAF, ID, KG, NIF, OWL, RDF, RDFS, REFERENCE_GRAPH, RESOLUTION_GRAPH, SEM, SKOS, TIME, WD

_ROLES = ("agent", "patient", "place", "origin", "destination")

# the terms the lookups below use, as Oxigraph terms (made once)
_DENOTED_BY, _EVENT_TYPE, _HAS_TIME = to_ox(GAF.denotedBy), to_ox(SEM.eventType), to_ox(SEM.hasTime)
_BEGIN, _END = to_ox(SEM.hasEarliestBeginTimeStamp), to_ox(SEM.hasLatestEndTimeStamp)
_TYPE, _LABEL, _STATE_CLASS = to_ox(RDF.type), to_ox(RDFS.label), to_ox(KG.State)
_STATE_LINKS = (to_ox(KG.stateOf), to_ox(KG.nationality))
_STATE_OF = to_ox(KG.stateOf)
_YEAR_DAYS = identity.YEAR_DAYS
_TIME_VALUES = tuple(to_ox(p) for p in (TIME.inXSDDate, TIME.inXSDDateTimeStamp, TIME.inXSDgYearMonth, TIME.inXSDgYear))
_TRIGGER, _SENTENCE, _ANCHOR, _BEGIN_INDEX = (to_ox(KG.triggerMention), to_ox(NIF.sentence), to_ox(NIF.anchorOf),
                                              to_ox(NIF.beginIndex))
_QUANTITY, _BROADER, _LOCATED_IN = to_ox(KG.quantityValue), to_ox(SKOS.broader), to_ox(KG.locatedIn)
_SAME_AS, _SAME_EVENT = to_ox(OWL.sameAs), to_ox(KG.sameEventAs)
_REF_GRAPH, _RES_GRAPH = to_ox(REFERENCE_GRAPH), to_ox(RESOLUTION_GRAPH)
_LINKED, _LINK_PROP, _LINK_SOURCE = to_ox(KG.linkedNode), to_ox(KG.linkProperty), to_ox(KG.linkSource)
_EVIDENCE, _SHARED, _LINK_CLASS = to_ox(KG.evidence), to_ox(KG.sharedNode), to_ox(KG.IdentityLink)
_WIKIDATA = str(WD)
_STATE_CLASSES = {str(KG[c]) for c in ("State", "Government", "ArmedForces", "MilitaryUnit", "GovernmentAgency")}
_WIDE_CLASSES = {str(KG[c]) for c in ("InternationalOrganization", "MediaOrganization")}  # in nearly every story
_ACTOR_CLASSES = {str(KG.Person), str(KG.Organization), str(KG.Group)}
_SPECIFIC_PLACES = {str(KG.City), str(KG.Facility)}
_PLACE_PARENTS = {str(KG.Border)}  # a named part of a border (a section of the DMZ) is specific too
_NEAR_WORDS = 8  # how many words before a trigger a 'separate' word may stand
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
                "qids": {x.value for x in po.get(_SAME_AS, ()) if x.value.startswith(_WIKIDATA)},
                "person": str(KG.Person) in cls, "source": _source_of_graph(g)}

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
        bounds, values = [], []
        for t in po.get(_HAS_TIME, ()):
            tpo = _properties(st, t, g)
            bounds += [(b, end) for b in tpo.get(_BEGIN, ()) for end in tpo.get(_END, ())]
            values += [v.value for p in _TIME_VALUES for v in tpo.get(p, ())]
        if not types or not bounds or not values:
            return None
        roles: dict[str, set[str]] = {}
        for role, prop in _ROLE_PROPS:
            for x in po.get(prop, ()):
                roles.setdefault(role, set()).add(x.value)
        b, end = min(bounds, key=lambda p: (p[0].value, p[1].value))
        time_value = max(values, key=lambda v: (len(v[:10]), v))  # the most precise
        sentence, separate, counts = self._trigger_context(po.get(_TRIGGER, ()), g)
        places = roles.get("place", set())
        actors = {x for role, xs in roles.items() if role != "place" for x in xs}
        return {"type": min(t.value for t in types), "b": b.value, "end": end.value, "roles": roles,
                "day": _day(time_value) if len(time_value) >= 10 else _day(b.value), "time": time_value,
                "places": places, "actors": actors, "sentence": sentence, "separate": separate,
                "counts": counts, "source": _source_of_graph(g)}

    def _trigger_context(self, mentions, g) -> tuple[str | None, str | None, frozenset]:
        """(the trigger's sentence, the 'separate' word near the trigger or None, the numbers the
        sentence's estimates give)."""
        st = self.st
        for m in sorted(mentions, key=str):
            sent = next(iter(_objects(st, m, _SENTENCE, g)), None)
            if sent is None:
                continue
            text = next((x.value for x in _objects(st, sent, _ANCHOR, g)), "")
            begin = next((int(x.value) for x in _objects(st, m, _BEGIN_INDEX, g)), None)
            s_begin = next((int(x.value) for x in _objects(st, sent, _BEGIN_INDEX, g)), None)
            separate = None
            if begin is not None and s_begin is not None:
                before = text[: begin - s_begin].lower().split()[-_NEAR_WORDS:]
                after = text[begin - s_begin:].lower().split()[:3]
                window = " " + " ".join(re.sub(r"[^\w]+", " ", w).strip() for w in before + after) + " "
                separate = next((w for w in sorted(self.separate_words()) if f" {w} " in window), None)
            counts = frozenset(q.object.value for c in self.holders(sent, _DENOTED_BY) if c[1] == g
                               for q in st.quads_for_pattern(c[0], _QUANTITY, None, g))
            return text, separate, counts
        return None, None, frozenset()

    def separate_words(self) -> frozenset[str]:
        """kg:separateEventWords, from the reference graph (ontology/lexicon-resolution.ttl)."""
        if not hasattr(self, "_separate"):
            self._separate = frozenset(q.object.value.lower() for q in self.st.quads_for_pattern(
                to_ox(KG.separateEventWords), to_ox(KG.word), None, _REF_GRAPH))
        return self._separate

    def _up(self, x: str, prop) -> set[str]:
        """``x`` and everything above it by ``prop`` (skos:broader, kg:locatedIn) in the reference graph."""
        cache = self._flags.setdefault(str(prop), {})
        if x not in cache:
            seen, todo = {x}, [x]
            while todo:
                for q in self.st.quads_for_pattern(ox.NamedNode(todo.pop()), prop, None, _REF_GRAPH):
                    if isinstance(q.object, ox.NamedNode) and q.object.value not in seen:
                        seen.add(q.object.value)
                        todo.append(q.object.value)
            cache[x] = seen
        return cache[x]

    def type_compatible(self, a: str, b: str) -> bool:
        return a == b or a in self._up(b, _BROADER) or b in self._up(a, _BROADER)

    def place_compatible(self, a: str, b: str) -> bool:
        return a == b or a in self._up(b, _LOCATED_IN) or b in self._up(a, _LOCATED_IN)

    def is_specific_actor(self, x: str, source: str) -> bool:
        """A named person, or a named group or organization that is neither a state nor an organ of
        one, nor of a kind found in nearly every story (international and media organizations)."""
        d = self.entity(ox.NamedNode(x), to_ox(iri.graph_iri(source)))
        if d is None or d["flagged"] or "/ref/state/" in x:
            return False
        if d["person"]:
            return True
        return bool(d["cls"] & _ACTOR_CLASSES) and not d["cls"] & (_STATE_CLASSES | _WIDE_CLASSES) and not self.is_organ(x)

    def is_specific_place(self, x: str, source: str) -> bool:
        """A city, a facility, a place named only in the sources, or a named part of a border."""
        if "/ref/state/" in x:
            return False
        d = self.entity(ox.NamedNode(x), to_ox(iri.graph_iri(source)))
        if d is None or d["flagged"]:
            return False
        if d["cls"] & _SPECIFIC_PLACES or iri.source_id_of(x) is not None:
            return True
        return not self._is_border(x) and any(p != x and self._is_border(p) for p in self._up(x, _LOCATED_IN))

    def _is_border(self, x: str) -> bool:
        return _has(self.st, ox.NamedNode(x), _TYPE, _REF_GRAPH, to_ox(KG.Border))

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
    ents[e] = {**old, **{k: old[k] | d[k] for k in ("raw_labels", "labels", "cls", "state", "qids")},
               **{k: old[k] or d[k] for k in ("flagged", "generated", "anon", "person")}}


Pair = tuple[str, str]


def _facts(rd: _Reader, entity_pairs: dict[Pair, Judgment]) -> Facts:
    linked = {p for p, j in entity_pairs.items() if j}
    return Facts(type_compatible=rd.type_compatible, place_compatible=rd.place_compatible,
                 is_specific_actor=rd.is_specific_actor, is_specific_place=rd.is_specific_place,
                 same_entity=lambda a, b: tuple(sorted((a, b))) in linked)


def links_for(store: KGStore, source_id: str) -> set[tuple[str, str, str]]:
    """The judged links between ``source_id`` and the other sources in the store, as (IRI,
    predicate IRI, IRI) with the smaller IRI first: ``owl:sameAs`` and ``kg:sameEventAs``.

    Only candidates are read from the rest of the store (entities with one of this source's
    labels, events of a compatible type that share a participant or place), so the cost follows the
    source, not the store. These are the pairs; the resolution graph keeps a spanning tree of them."""
    return {(a, str(OWL.sameAs) if j.kind == "sameAs" else str(KG.sameEventAs), b)
            for (a, b), j in _links_for(_Reader(store), source_id, skip=frozenset()).items()}


def _links_for(rd: _Reader, source_id: str, *, skip: Collection) -> dict[Pair, Judgment]:
    """:func:`links_for` as judgments, leaving out the source graphs in ``skip`` (Oxigraph nodes)."""
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
    judged: dict[Pair, Judgment] = {}
    # named, unlinked entities (blocked by name and class)
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
                pair = tuple(sorted((a, b)))
                if pair not in judged:
                    j = identity.judge_entities(ents[a], ents[b], share_a_state=rd.share_a_state(source_id, ents[b]["source"]))
                    if j:
                        judged[pair] = j
    facts = _facts(rd, judged)
    # events
    events: dict[str, dict] = {}
    for e in sorted({q.subject for q in st.quads_for_pattern(None, _EVENT_TYPE, None, graph)}, key=str):
        d = rd.event(e, graph)
        if d is not None:
            events[e.value] = {**d, "own": True}
    own_types = {d["type"] for d in events.values()}
    # candidates share a participant or place that is not a state (one of ours, or a partner of one of ours)
    partners = {b if a.startswith(iri.source_prefix(source_id)) else a for a, b in judged}
    shared = {x for d in events.values() for xs in d["roles"].values() for x in xs
              if "/ref/state/" not in x and iri.source_id_of(x) is None} | partners
    candidates = {(e, g) for x in shared for e, g, types in rd.event_holders(ox.NamedNode(x))
                  if g != graph and g not in skip
                  and any(rd.type_compatible(t, o) for t in types for o in own_types)}
    for e, g in sorted(candidates, key=str):
        if e.value not in events:
            d = rd.event(e, g)
            if d is not None:
                events[e.value] = {**d, "own": False}
    other_date: dict[Pair, Judgment] = {}
    for a, da in events.items():
        if not da["own"]:
            continue
        for b, db in events.items():
            if db["own"]:
                continue
            j = identity.judge_events(facts, da, db)
            if j.kind == "sameAs":
                judged[(a, b) if a < b else (b, a)] = j
                _link_unnamed(rd, judged, a, da, b, db)
            elif j.kind == "sameEventAs":
                other_date[(a, b)] = j
    for (a, b) in _nearest_reports(events, other_date):
        judged[(a, b) if a < b else (b, a)] = other_date[(a, b)]
    return judged


def _link_unnamed(rd: _Reader, judged: dict[Pair, Judgment], a: str, da: dict, b: str, db: dict) -> None:
    """The one unnamed actor in a role of each of two linked events are one actor."""
    for role in sorted(set(da["roles"]) & set(db["roles"])):
        anon_a = [x for x in da["roles"][role] if rd.is_anonymous(x)]
        anon_b = [x for x in db["roles"][role] if rd.is_anonymous(x)]
        if len(anon_a) == 1 and len(anon_b) == 1:
            pair = tuple(sorted((anon_a[0], anon_b[0])))
            new, old = Judgment("sameAs", (identity.SAME_ROLE,), tuple(sorted((a, b)))), judged.get(pair)
            if old is None or (old.evidence == new.evidence and new.shared < old.shared):
                judged[pair] = new  # through the smallest pair of events, whichever source looks


def _nearest_reports(events: dict[str, dict], pairs: Collection[Pair]) -> set[Pair]:
    """Of the (own event, other source's event) ``pairs``, those where each is the other's nearest
    such report in its source (by begin day; ties: the smaller IRI)."""
    best_other: dict[tuple[str, str], tuple[int, str]] = {}  # (own event, other source) -> (gap, event)
    best_own: dict[str, tuple[int, str]] = {}  # other source's event -> (gap, own event)
    for a, b in sorted(pairs):
        da, db = events[a], events[b]
        gap = abs(da["day"] - db["day"])
        key = (a, db["source"])
        best_other[key] = min(best_other.get(key, (gap, b)), (gap, b))
        best_own[b] = min(best_own.get(b, (gap, a)), (gap, a))
    return {(a, b) for (a, _), (_, b) in best_other.items() if best_own[b][1] == a}


# -- clusters in the resolution graph -----------------------------------------------------------

HELD_APART = "held apart: another member gives another day"


def _link_iri(a: str, b: str) -> str:
    return f"{ID}link/{iri.short_hash(a, b, n=16)}"


def _read_links(st: ox.Store, records: Collection) -> dict[Pair, Judgment]:
    """The stored judgments of ``records`` (kg:IdentityLink nodes) that still name both their nodes."""
    out: dict[Pair, Judgment] = {}
    for rec in records:
        po = _properties(st, rec, _RES_GRAPH)
        nodes = sorted(x.value for x in po.get(_LINKED, ()))
        props = po.get(_LINK_PROP, ())
        if len(nodes) != 2 or not props:
            continue
        evidence = tuple(x.value for x in po.get(_EVIDENCE, ()))
        # a pair judged owl:sameAs and stored as kg:sameEventAs (HELD_APART) is read as judged
        kind = "sameAs" if props[0] == _SAME_AS or HELD_APART in evidence else "sameEventAs"
        out[(nodes[0], nodes[1])] = Judgment(kind, tuple(sorted(e for e in evidence if e != HELD_APART)),
                                             tuple(sorted(x.value for x in po.get(_SHARED, ()))))
    return out


def _group_of(st: ox.Store, seeds: Collection[str]) -> tuple[set[str], set]:
    """The nodes and link records connected to ``seeds`` through link records."""
    nodes, records, todo = set(seeds), set(), list(seeds)
    while todo:
        n = todo.pop()
        for q in st.quads_for_pattern(None, _LINKED, ox.NamedNode(n), _RES_GRAPH):
            if q.subject in records:
                continue
            records.add(q.subject)
            for x in _objects(st, q.subject, _LINKED, _RES_GRAPH):
                if x.value not in nodes:
                    nodes.add(x.value)
                    todo.append(x.value)
    return nodes, records


class _Forest:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _spanning(judged: dict[Pair, Judgment], time_of) -> dict[Pair, Judgment]:
    """The pairs of the spanning forest: owl:sameAs pairs first, each kind by IRI (the minimum
    spanning forest for that order, so it depends only on the pairs). An owl:sameAs pair that would
    put two different days in one cluster (through a report that gives only the month) joins the
    two as "same event, other date" instead (kg:sameEventAs, with the evidence HELD_APART)."""
    forest, tree, deferred = _Forest(), {}, []
    times: dict[str, set[str]] = {}
    for pair, j in sorted(judged.items()):
        if j.kind != "sameAs":
            deferred.append((pair, j))
            continue
        ra, rb = forest.find(pair[0]), forest.find(pair[1])
        if ra == rb:
            continue
        ta = times.get(ra) or {t for t in [time_of(ra)] if t}
        tb = times.get(rb) or {t for t in [time_of(rb)] if t}
        if not all(identity.times_compatible(x, y) for x in ta for y in tb):
            deferred.append((pair, Judgment("sameEventAs", (*j.evidence, HELD_APART), j.shared)))
            continue
        forest.union(ra, rb)
        times[forest.find(ra)] = ta | tb
        tree[pair] = j
    for pair, j in sorted(deferred):
        if forest.union(*pair):
            tree[pair] = j
    return tree


def _quads_of(tree: dict[Pair, Judgment]) -> list[ox.Quad]:
    """Cluster membership (each member owl:sameAs the cluster's smallest IRI), kg:sameEventAs links
    and one kg:IdentityLink per tree pair."""
    res, out = _RES_GRAPH, []
    same = iri.representatives(p for p, j in tree.items() if j.kind == "sameAs")
    for node, rep in same.items():
        if node != rep:
            out.append(ox.Quad(ox.NamedNode(node), _SAME_AS, ox.NamedNode(rep), res))
    for (a, b), j in sorted(tree.items()):
        if j.kind == "sameEventAs":
            out.append(ox.Quad(ox.NamedNode(a), _SAME_EVENT, ox.NamedNode(b), res))
        rec = ox.NamedNode(_link_iri(a, b))
        out += [ox.Quad(rec, _TYPE, _LINK_CLASS, res),
                ox.Quad(rec, _LINK_PROP, _SAME_AS if j.kind == "sameAs" else _SAME_EVENT, res)]
        out += [ox.Quad(rec, _LINKED, ox.NamedNode(x), res) for x in (a, b)]
        out += [ox.Quad(rec, _LINK_SOURCE, to_ox(iri.doc_iri(sid)), res)
                for sid in sorted({iri.source_id_of(a), iri.source_id_of(b)} - {None})]
        out += [ox.Quad(rec, _EVIDENCE, ox.Literal(e), res) for e in j.evidence]
        out += [ox.Quad(rec, _SHARED, ox.NamedNode(x), res) for x in j.shared]
    return out


def _changes(store: KGStore, source_ids: list[str], *, gone: Collection[str] = ()) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) in the resolution graph after ``source_ids`` were written
    (or, for those in ``gone``, before they are dropped): the clusters these sources touch (through
    stored links, or through the pairs found now) are computed again, the others are left alone."""
    rd = _Reader(store)
    st = rd.st
    gone = set(gone)
    gone_graphs = {to_ox(iri.graph_iri(s)) for s in gone}
    changed_prefixes = tuple(iri.source_prefix(s) for s in source_ids)
    # the pairs of the written sources (each with the ones before it in the run and the rest of the store)
    later = {to_ox(iri.graph_iri(s)) for s in source_ids} | gone_graphs
    judged: dict[Pair, Judgment] = {}
    for sid in source_ids:
        later.discard(to_ox(iri.graph_iri(sid)))
        if sid not in gone:
            judged.update(_links_for(rd, sid, skip=later | gone_graphs))
    # the clusters touched: through the links the sources had, and through the pairs found now
    seeds = {x.value for sid in source_ids
             for q in st.quads_for_pattern(None, _LINK_SOURCE, to_ox(iri.doc_iri(sid)), _RES_GRAPH)
             for x in _objects(st, q.subject, _LINKED, _RES_GRAPH)}
    seeds |= {x for pair in judged for x in pair}
    nodes, records = _group_of(st, seeds)
    kept = {p: j for p, j in _read_links(st, records).items() if not p[0].startswith(changed_prefixes)
            and not p[1].startswith(changed_prefixes)}
    # a cluster the change split (held together by a node that went or changed): pairs between its
    # parts are judged again, from all parts but the biggest
    old, parts = _Forest(), _Forest()
    for a, b in _read_links(st, records):
        old.union(a, b)
    for a, b in [*kept, *judged]:
        parts.union(a, b)
    by_old: dict[str, dict[str, list[str]]] = {}
    for n in sorted(nodes):
        if not n.startswith(changed_prefixes):
            by_old.setdefault(old.find(n), {}).setdefault(parts.find(n), []).append(n)
    for split in by_old.values():
        if len(split) > 1:
            judged.update(_reconnect(rd, split, gone_graphs))
    judged.update(kept)
    delete: dict[ox.Quad, None] = {}
    for rec in records:
        delete.update(dict.fromkeys(st.quads_for_pattern(rec, None, None, _RES_GRAPH)))
    for n in sorted(nodes):
        node = ox.NamedNode(n)
        for p in (_SAME_AS, _SAME_EVENT):
            delete.update(dict.fromkeys(st.quads_for_pattern(node, p, None, _RES_GRAPH)))
            delete.update(dict.fromkeys(st.quads_for_pattern(None, p, node, _RES_GRAPH)))
    delete.update(dict.fromkeys(source_links(store, [s for s in source_ids if s in gone])))
    insert = _quads_of(_spanning(judged, lambda n: _time_of(rd, n)))
    # only what changes is written (a touched cluster is mostly the same again)
    kept_quads = set(insert) & set(delete)
    return [q for q in delete if q not in kept_quads], [q for q in insert if q not in kept_quads]


def _time_of(rd: _Reader, node: str) -> str | None:
    """The time value of an event node, read from its source's graph (None for other nodes)."""
    sid = iri.source_id_of(node)
    if sid is None or "/event/" not in node:
        return None
    d = rd.event(ox.NamedNode(node), to_ox(iri.graph_iri(sid)))
    return d["time"] if d else None


def _reconnect(rd: _Reader, split: dict[str, list[str]], skip: Collection) -> dict[Pair, Judgment]:
    """The pairs that join the parts of a cluster a change split, as Kruskal would take them: the
    parts' own tree pairs stay (every one of them is in the new spanning tree), so only pairs between
    parts are judged, in the spanning tree's order (owl:sameAs pairs first, by IRI), until the parts
    are one again. A cluster whose representative went (a star) is joined again in one pass over
    its new smallest member's pairs."""
    part = {n: root for root, xs in split.items() for n in xs}
    members = sorted(part)
    forest, found, other = _Forest(), {}, []
    left = len(split)
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if part[a] == part[b] or forest.find(part[a]) == forest.find(part[b]):
                continue
            j = _judge_pair(rd, a, b, skip)
            if j.kind == "sameAs":
                found[(a, b)] = j
                forest.union(part[a], part[b])
                left -= 1
                if left == 1:
                    return found
            elif j.kind == "sameEventAs":
                other.append(((a, b), j))
    for (a, b), j in other:
        if forest.union(part[a], part[b]):
            found[(a, b)] = j
    return found


def _graph_of(node: str):
    sid = iri.source_id_of(node)
    return to_ox(iri.graph_iri(sid)) if sid else None


def _judge_pair(rd: _Reader, a: str, b: str, skip: Collection) -> Judgment:
    """One pair of minted nodes of two sources, judged as :func:`_links_for` would judge it."""
    ga, gb = _graph_of(a), _graph_of(b)
    if ga is None or gb is None or ga == gb or ga in skip or gb in skip:
        return identity.no("not two sources")
    sa, sb = _source_of_graph(ga), _source_of_graph(gb)
    if "/event/" in a and "/event/" in b:
        da, db = rd.event(ox.NamedNode(a), ga), rd.event(ox.NamedNode(b), gb)
        if da is None or db is None:
            return identity.no("no time")
        facts = _pair_facts(rd, sa, sb)
        j = identity.judge_events(facts, da, db)
        if j.kind != "sameEventAs":
            return j
        # the nearest rule: among the two sources' events, each is the other's nearest such report
        events = {a: da, b: db}
        pairs = set()
        for x, gx, y, dy in ((a, ga, b, db), (b, gb, a, da)):
            for q in rd.st.quads_for_pattern(None, _EVENT_TYPE, None, gx):
                e = q.subject.value
                d = rd.event(q.subject, gx)
                if e in events or d is None:
                    continue
                if identity.judge_events(facts, d, dy).kind == "sameEventAs":
                    events[e] = d
                    pairs.add((e, y) if x == a else (y, e))
        pairs.add((a, b))
        events = {k: {**v, "own": v["source"] == sa} for k, v in events.items()}
        return j if (a, b) in _nearest_reports(events, pairs) else identity.no("not the nearest report")
    if "/event/" in a or "/event/" in b:
        return identity.no("an event and an entity")
    da, db = rd.entity(ox.NamedNode(a), ga), rd.entity(ox.NamedNode(b), gb)
    if da is None or db is None:
        return identity.no("not an entity")
    if rd.is_anonymous(a) and rd.is_anonymous(b):
        return _judge_unnamed(rd, a, ga, b, gb)
    return identity.judge_entities(da, db, share_a_state=rd.share_a_state(sa, sb))


def _pair_facts(rd: _Reader, sa: str, sb: str) -> Facts:
    def same_entity(x: str, y: str) -> bool:
        gx, gy = _graph_of(x), _graph_of(y)
        if gx is None or gy is None or gx == gy:
            return False
        dx, dy = rd.entity(ox.NamedNode(x), gx), rd.entity(ox.NamedNode(y), gy)
        return dx is not None and dy is not None and bool(identity.judge_entities(
            dx, dy, share_a_state=rd.share_a_state(_source_of_graph(gx), _source_of_graph(gy))))
    return Facts(type_compatible=rd.type_compatible, place_compatible=rd.place_compatible,
                 is_specific_actor=rd.is_specific_actor, is_specific_place=rd.is_specific_place,
                 same_entity=same_entity)


def _judge_unnamed(rd: _Reader, a: str, ga, b: str, gb) -> Judgment:
    """Two unnamed actors: one when they are the one unnamed actor in a role of two linked events."""
    facts = _pair_facts(rd, _source_of_graph(ga), _source_of_graph(gb))
    events_a = {q.subject for _, p in _ROLE_PROPS for q in rd.st.quads_for_pattern(None, p, ox.NamedNode(a), ga)}
    events_b = {q.subject for _, p in _ROLE_PROPS for q in rd.st.quads_for_pattern(None, p, ox.NamedNode(b), gb)}
    found: dict[Pair, Judgment] = {}
    for ea in sorted(events_a, key=str):
        da = rd.event(ea, ga)
        for eb in sorted(events_b, key=str):
            db = rd.event(eb, gb)
            if da is not None and db is not None and identity.judge_events(facts, da, db).kind == "sameAs":
                _link_unnamed(rd, found, ea.value, da, eb.value, db)
    return found.get(tuple(sorted((a, b))), identity.no("no linked event"))


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
        nodes = {q.subject for q in st.quads_for_pattern(None, None, None, to_ox(iri.graph_iri(sid)))
                 if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)}
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

    The result does not depend on the order the sources came in: each pair is judged on what its
    two sources say, and a cluster keeps the same spanning tree whatever order its pairs were found in."""
    delete, insert = _changes(store, list(source_ids))
    store.replace_graphs(delete=delete, insert=insert)
    return sum(1 for q in insert if q.predicate == _LINK_PROP)  # (the links new or changed)


def resolve_source(store: KGStore, source_id: str) -> int:
    """Recompute the clusters of one source (after it was written), in one transaction."""
    return resolve_sources(store, [source_id])

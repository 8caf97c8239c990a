"""What resolution reads of the sources: entities, events and their context, each read once,
through the store's indexes (``quads_for_pattern`` with the subject, or the object, and the graph
given), never by a query over all graphs: the cost of resolving a source follows the source and its
candidates, not the size of the store. Also what the rules ask of the reference graph: how event
types (``skos:broader``) and places (``kg:locatedIn``) nest, which participants are specific."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

import pyoxigraph as ox

from kg import iri
from kg.graph.store import KGStore, to_ox
from kg.vocab import GAF, ID, KG, NIF, OWL, RDF, RDFS, REFERENCE_GRAPH, RESOLUTION_GRAPH, SEM, SKOS, TIME, WD

_ROLES = ("agent", "patient", "place", "origin", "destination")

# the terms the lookups below use, as Oxigraph terms (made once)
DENOTED_BY, EVENT_TYPE, _HAS_TIME = to_ox(GAF.denotedBy), to_ox(SEM.eventType), to_ox(SEM.hasTime)
_BEGIN, _END = to_ox(SEM.hasEarliestBeginTimeStamp), to_ox(SEM.hasLatestEndTimeStamp)
_TYPE, LABEL, _STATE_CLASS = to_ox(RDF.type), to_ox(RDFS.label), to_ox(KG.State)
_STATE_LINKS = (to_ox(KG.stateOf), to_ox(KG.nationality))
_STATE_OF = to_ox(KG.stateOf)
_TIME_VALUES = tuple(to_ox(p) for p in (TIME.inXSDDate, TIME.inXSDDateTimeStamp, TIME.inXSDgYearMonth, TIME.inXSDgYear))
_TRIGGER, _SENTENCE, _ANCHOR, _BEGIN_INDEX = (
    to_ox(KG.triggerMention),
    to_ox(NIF.sentence),
    to_ox(NIF.anchorOf),
    to_ox(NIF.beginIndex),
)
_QUANTITY, _BROADER, _LOCATED_IN = to_ox(KG.quantityValue), to_ox(SKOS.broader), to_ox(KG.locatedIn)
_REF_GRAPH, _SAME_AS = to_ox(REFERENCE_GRAPH), to_ox(OWL.sameAs)
_RES_GRAPH, _LINKED = to_ox(RESOLUTION_GRAPH), to_ox(KG.linkedNode)
_WIKIDATA = str(WD)
_STATE_CLASSES = {str(KG[c]) for c in ("State", "Government", "ArmedForces", "MilitaryUnit", "GovernmentAgency")}
_WIDE_CLASSES = {str(KG[c]) for c in ("InternationalOrganization", "MediaOrganization")}  # in nearly every story
_ACTOR_CLASSES = {str(KG.Person), str(KG.Organization), str(KG.Group)}
_SPECIFIC_PLACES = {str(KG.City), str(KG.Facility)}
_NEAR_WORDS = 8  # how many words before a trigger a 'separate' word may stand
_GENERATED, _ANONYMOUS = to_ox(KG.hasGeneratedLabel), to_ox(KG.isAnonymous)
ROLE_PROPS = tuple((role, to_ox(KG[role])) for role in _ROLES)
_KG_NS = str(KG)
_MINTED = str(ID) + "src/"


@lru_cache(maxsize=1 << 16)
def _norm(label: str) -> str:
    s = unicodedata.normalize("NFKC", label).lower()
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    return re.sub(r"[^\w]+", " ", s).strip()


def objects(st: ox.Store, s, p, g) -> list:
    return [q.object for q in st.quads_for_pattern(s, p, None, g)]


def properties(st: ox.Store, s, g) -> dict:
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


def source_of_graph(g: ox.NamedNode) -> str:
    return g.value.rsplit("/", 1)[-1]


@lru_cache(maxsize=1 << 16)
def graph_node(source_id: str) -> ox.NamedNode:
    """A source's named graph as an Oxigraph node (made once: resolution asks for it again and again)."""
    return to_ox(iri.graph_iri(source_id))


# How many entities and events a Reader keeps between sources (:meth:`Reader.trim`): beyond it, what
# it read is read again when asked for, so its memory does not grow with the store (a name found in
# thousands of sources brings thousands of candidates)
CACHE_LIMIT = 20_000


class Reader:
    """Reads entities, events and state lists from the store, each once: resolving a batch of
    sources meets the same candidates again and again. Valid while the source graphs do not change;
    what it reads of the resolution graph (representatives, link records, memberships) stays valid
    when each write to that graph is told to :meth:`written`."""

    def __init__(self, store: KGStore) -> None:
        self.st = store.oxigraph
        self._clear()

    def trim(self, limit: int | None = None) -> None:
        """Between two sources: forget what was read about one source's candidates (which graphs
        share a state with it), and everything read once more than ``limit`` (default
        ``CACHE_LIMIT``) entities and events are held. Answers stay the same; only what is read
        again changes."""
        self._shared.clear()
        held = len(self._entities) + len(self._events) + len(self._reps) + len(self._records) + len(self._identity)
        if held > (CACHE_LIMIT if limit is None else limit):
            self._clear()

    def _clear(self) -> None:
        self._entities: dict[tuple, dict | None] = {}
        self._events: dict[tuple, dict | None] = {}
        self._states: dict[str, set[str]] = {}
        self._state_graphs: dict[str, set] = {}
        self._shared: dict[tuple[str, str], bool] = {}
        self._flags: dict[str, dict] = {}  # per question: node -> answer (a flag, or the nodes above it)
        self._holders: dict[tuple, list[tuple]] = {}
        self._event_holders: dict[ox.NamedNode, list[tuple]] = {}
        self._event_po: dict[tuple, dict] = {}  # an event's properties, read as an entity, until read as an event
        self._times: dict[tuple, tuple[list[tuple], list[str]]] = {}
        self._sentences: dict[tuple, tuple[str, int | None, frozenset]] = {}
        self._mentioned: dict[tuple, bool] = {}  # (state, graph) -> whether the graph mentions the state
        self._reps: dict[ox.NamedNode, ox.NamedNode] = {}  # node -> its cluster's representative
        self._naming: dict[str, list] = {}  # node -> the kg:IdentityLink records that name it
        self._records: dict[object, list[ox.Quad]] = {}  # record -> its quads
        self._identity: dict[tuple[str, ox.NamedNode], list[ox.Quad]] = {}  # (node, property) -> its quads

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
        po = properties(self.st, e, g)
        if EVENT_TYPE in po:
            self._event_po[(e, g)] = po  # (read once: it is an event)
            return None
        if DENOTED_BY not in po:
            return None
        cls = {c.value for c in po.get(_TYPE, ()) if not isinstance(c, ox.BlankNode) and c.value.startswith(_KG_NS)}
        raw = set(po.get(LABEL, ()))
        if not cls or not raw:
            return None
        generated, anon = po.get(_GENERATED, ()), po.get(_ANONYMOUS, ())
        return {
            "raw_labels": raw,
            "labels": {_norm(x.value) for x in raw},
            "cls": cls,
            "state": {x.value for p in _STATE_LINKS for x in po.get(p, ())},
            "flagged": bool(generated or anon),  # stated generated or anonymous, whatever the value
            "generated": any(x.value == "true" for x in generated),
            "anon": any(x.value == "true" for x in anon),
            "qids": {x.value for x in po.get(_SAME_AS, ()) if x.value.startswith(_WIKIDATA)},
            "person": str(KG.Person) in cls,
            "source": source_of_graph(g),
        }

    def event(self, e, g: ox.NamedNode) -> dict | None:
        """An event of graph ``g`` with its type, time bounds and participants; None without a
        time. Callers must not change the dict."""
        key = (e, g)
        if key not in self._events:
            self._events[key] = self._read_event(e, g)
        return self._events[key]

    def representative(self, node: ox.NamedNode) -> ox.NamedNode:
        """The representative ``node`` points to in the resolution graph (itself when it points to
        none), read once: a node is a candidate of every later source that carries its name. Call
        :meth:`written` after each write to the resolution graph while this reader is in use."""
        found = self._reps.get(node)
        if found is None:
            found = node
            for q in self.st.quads_for_pattern(node, _SAME_AS, None, _RES_GRAPH):
                if isinstance(q.object, ox.NamedNode):
                    found = q.object
                    break
            self._reps[node] = found
        return found

    def written(self, delete, insert) -> None:
        """Forget the representatives of the subjects of quads written to (or deleted from) the
        resolution graph, the link records among them, and which records name the linked nodes."""
        for q in (*delete, *insert):
            if q.predicate == _SAME_AS:
                self._reps.pop(q.subject, None)
            if q.graph_name == _RES_GRAPH:
                self._records.pop(q.subject, None)
                if q.predicate == _LINKED:
                    self._naming.pop(q.object.value, None)
                elif isinstance(q.subject, ox.NamedNode):
                    self._identity.pop((q.subject.value, q.predicate), None)

    def records_naming(self, node: str) -> list:
        """The kg:IdentityLink records that name ``node`` (kg:linkedNode), read once: the clusters a
        run's sources touch are read again and again (call :meth:`written` after each write to the
        resolution graph while this reader is in use)."""
        found = self._naming.get(node)
        if found is None:
            found = self._naming[node] = [
                q.subject for q in self.st.quads_for_pattern(None, _LINKED, ox.NamedNode(node), _RES_GRAPH)
            ]
        return found

    def identity_quads(self, node: str, prop: ox.NamedNode) -> list[ox.Quad]:
        """The quads with subject ``node`` and property ``prop`` (owl:sameAs, kg:sameEventAs) in the
        resolution graph, read once (see :meth:`records_naming`)."""
        key = (node, prop)
        found = self._identity.get(key)
        if found is None:
            found = self._identity[key] = list(self.st.quads_for_pattern(ox.NamedNode(node), prop, None, _RES_GRAPH))
        return found

    def record(self, rec) -> list[ox.Quad]:
        """The quads of a link record in the resolution graph, read once (see :meth:`records_naming`)."""
        found = self._records.get(rec)
        if found is None:
            found = self._records[rec] = list(self.st.quads_for_pattern(rec, None, None, _RES_GRAPH))
        return found

    def holders(self, obj, predicate=None) -> list[tuple]:
        """(subject, graph) of the triples with object ``obj`` (and ``predicate``, if given) in
        named graphs whose subject is a minted node."""
        key = (obj, predicate)
        found = self._holders.get(key)
        if found is None:
            found = self._holders[key] = [
                (q.subject, q.graph_name)
                for q in self.st.quads_for_pattern(None, predicate, obj, None)
                if isinstance(q.graph_name, ox.NamedNode) and _is_minted(q.subject)
            ]
        return found

    def event_holders(self, obj: ox.NamedNode) -> list[tuple]:
        """(event, graph, event types) of the minted nodes that have ``obj`` in a role (kg:agent,
        kg:place, ...) and an event type."""
        found = self._event_holders.get(obj)
        if found is None:
            found = self._event_holders[obj] = []
            held = dict.fromkeys(
                (q.subject, q.graph_name)
                for _, prop in ROLE_PROPS
                for q in self.st.quads_for_pattern(None, prop, obj, None)
                if isinstance(q.graph_name, ox.NamedNode) and _is_minted(q.subject)
            )
            for e, g in held:
                types = frozenset(t.value for t in objects(self.st, e, EVENT_TYPE, g))
                if types:
                    found.append((e, g, types))
        return found

    def _read_event(self, e, g: ox.NamedNode) -> dict | None:
        st = self.st
        po = self._event_po.pop((e, g), None) or properties(st, e, g)
        types = po.get(EVENT_TYPE, ())
        bounds, values = [], []
        for t in po.get(_HAS_TIME, ()):
            t_bounds, t_values = self._time(t, g)
            bounds += t_bounds
            values += t_values
        if not types or not bounds or not values:
            return None
        roles: dict[str, set[str]] = {}
        for role, prop in ROLE_PROPS:
            for x in po.get(prop, ()):
                roles.setdefault(role, set()).add(x.value)
        b, end = min(bounds, key=lambda p: (p[0].value, p[1].value))
        time_value = max(values, key=lambda v: (len(v[:10]), v))  # the most precise
        sentence, separate, counts = self._trigger_context(po.get(_TRIGGER, ()), g)
        places = roles.get("place", set())
        actors = {x for role, xs in roles.items() if role != "place" for x in xs}
        return {
            "type": min(t.value for t in types),
            "b": b.value,
            "end": end.value,
            "roles": roles,
            "day": _day(time_value) if len(time_value) >= 10 else _day(b.value),
            "time": time_value,
            "places": places,
            "actors": actors,
            "sentence": sentence,
            "separate": separate,
            "counts": counts,
            "source": source_of_graph(g),
        }

    def _time(self, t, g: ox.NamedNode) -> tuple[list[tuple], list[str]]:
        """A time value's (begin, end) bounds and its values (events of a source share them)."""
        key = (t, g)
        found = self._times.get(key)
        if found is None:
            tpo = properties(self.st, t, g)
            found = self._times[key] = (
                [(b, end) for b in tpo.get(_BEGIN, ()) for end in tpo.get(_END, ())],
                [v.value for p in _TIME_VALUES for v in tpo.get(p, ())],
            )
        return found

    def _sentence(self, sent, g: ox.NamedNode) -> tuple[str, int | None, frozenset]:
        """A sentence's text, begin index and the numbers its estimates give (events share them)."""
        key = (sent, g)
        found = self._sentences.get(key)
        if found is None:
            st = self.st
            found = self._sentences[key] = (
                next((x.value for x in objects(st, sent, _ANCHOR, g)), ""),
                next((int(x.value) for x in objects(st, sent, _BEGIN_INDEX, g)), None),
                frozenset(
                    q.object.value
                    for c in self.holders(sent, DENOTED_BY)
                    if c[1] == g
                    for q in st.quads_for_pattern(c[0], _QUANTITY, None, g)
                ),
            )
        return found

    def _trigger_context(self, mentions, g) -> tuple[str | None, str | None, frozenset]:
        """(the trigger's sentence, the 'separate' word near the trigger or None, the numbers the
        sentence's estimates give)."""
        st = self.st
        for m in sorted(mentions, key=str):
            sent = next(iter(objects(st, m, _SENTENCE, g)), None)
            if sent is None:
                continue
            text, s_begin, counts = self._sentence(sent, g)
            begin = next((int(x.value) for x in objects(st, m, _BEGIN_INDEX, g)), None)
            separate = None
            if begin is not None and s_begin is not None:
                before = text[: begin - s_begin].lower().split()[-_NEAR_WORDS:]
                after = text[begin - s_begin :].lower().split()[:3]
                window = " " + " ".join(re.sub(r"[^\w]+", " ", w).strip() for w in before + after) + " "
                separate = next((w for w in sorted(self.separate_words()) if f" {w} " in window), None)
            return text, separate, counts
        return None, None, frozenset()

    def separate_words(self) -> frozenset[str]:
        """kg:separateEventWords, from the reference graph (ontology/lexicon-resolution.ttl)."""
        if not hasattr(self, "_separate"):
            self._separate = frozenset(
                q.object.value.lower()
                for q in self.st.quads_for_pattern(to_ox(KG.separateEventWords), to_ox(KG.word), None, _REF_GRAPH)
            )
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
        d = self.entity(ox.NamedNode(x), graph_node(source))
        if d is None or d["flagged"] or "/ref/state/" in x:
            return False
        if d["person"]:
            return True
        return (
            bool(d["cls"] & _ACTOR_CLASSES) and not d["cls"] & (_STATE_CLASSES | _WIDE_CLASSES) and not self.is_organ(x)
        )

    def is_specific_place(self, x: str, source: str) -> bool:
        """A city, a facility, a place named only in the sources, or a named part of a border."""
        if "/ref/state/" in x:
            return False
        d = self.entity(ox.NamedNode(x), graph_node(source))
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
            cache[x] = sid is not None and read(ox.NamedNode(x), graph_node(sid))
        return cache[x]

    def is_anonymous(self, x: str) -> bool:
        """A minted actor its source states anonymous (kg:isAnonymous true)."""
        return self._own(x, "anon", lambda n, g: any(a.value == "true" for a in objects(self.st, n, _ANONYMOUS, g)))

    def is_organ(self, x: str) -> bool:
        """An organ of a state (a government, armed forces, an agency: ``kg:stateOf`` in any graph)."""
        cache = self._flags.setdefault("organ", {})
        if x not in cache:
            cache[x] = _has(self.st, ox.NamedNode(x), _STATE_OF, None)
        return cache[x]

    def is_state(self, x: str) -> bool:
        """A gazetteer state, or a minted node its source types kg:State and mentions."""
        return "/ref/state/" in x or self._own(
            x, "state", lambda n, g: _has(self.st, n, _TYPE, g, _STATE_CLASS) and _has(self.st, n, DENOTED_BY, g)
        )

    def share_a_state(self, source_id: str, other: str) -> bool:
        """Whether another source mentions one of the states ``source_id`` mentions: the graphs that
        type each of our states are read once (one index read per state), then one mention check."""
        found = self._shared.get((source_id, other))
        if found is None:
            found = bool(self.sharing_graphs(source_id, {graph_node(other)}))
        return found

    def sharing_graphs(self, source_id: str, graphs: set[ox.NamedNode]) -> set[ox.NamedNode]:
        """Of other sources' ``graphs``, those whose source shares a state with ``source_id``
        (:meth:`share_a_state` for many at once: the same mention checks, made per state)."""
        out, todo = set(), set()
        for g in graphs:
            found = self._shared.get((source_id, source_of_graph(g)))
            if found is None:
                todo.add(g)
            elif found:
                out.add(g)
        left = set(todo)
        for s in sorted(self.states(source_id)):
            if not left:
                break
            typed = self._state_graphs.get(s)
            if typed is None:
                typed = self._state_graphs[s] = {
                    q.graph_name for q in self.st.quads_for_pattern(ox.NamedNode(s), _TYPE, _STATE_CLASS, None)
                }
            for g in left & typed:
                if self._mentions(s, g):
                    left.discard(g)
        for g in todo:
            self._shared[(source_id, source_of_graph(g))] = g not in left
        return out | (todo - left)

    def _mentions(self, state: str, g: ox.NamedNode) -> bool:
        key = (state, g)
        found = self._mentioned.get(key)
        if found is None:
            found = self._mentioned[key] = _has(self.st, ox.NamedNode(state), DENOTED_BY, g)
        return found

    def states(self, source_id: str) -> set[str]:
        """The states a source mentions."""
        found = self._states.get(source_id)
        if found is None:
            g = graph_node(source_id)
            found = self._states[source_id] = {
                q.subject.value
                for q in self.st.quads_for_pattern(None, _TYPE, _STATE_CLASS, g)
                if _has(self.st, q.subject, DENOTED_BY, g)
            }
        return found

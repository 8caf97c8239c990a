"""Load the ontology files (classes, event types, gazetteer) that people edit.

Everything here is read from Turtle under ``ontology/`` (plus user folders): the event-type scheme
with its trigger words, and the reference entities with their names, aliases and demonyms. Python
holds the mechanism; the knowledge stays in data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.config import extra_ontology_dirs
from kg.errors import OntologyError, UnknownWordListError
from kg.resources import ontology_files
from kg.terms import to_quad
from kg.vocab import KG, OWL, RDF, RDFS, REFERENCE_GRAPH, SCHEMA, WD

WIKIDATA = str(WD)


@dataclass(frozen=True)
class EventTypeDef:
    """An event type: its concept, class, labels and the trigger lemmas that signal it."""

    iri: str
    name: str
    label: str
    cls: str
    verbs: tuple[tuple[str, ...], ...]
    nouns: tuple[tuple[str, ...], ...]


@dataclass
class RefEntity:
    """A reference (gazetteer) entity: names to match and facts to link by."""

    iri: str
    kind: str
    label: str
    names: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    qids: set[str] = field(default_factory=set)
    capital_of: str | None = None
    state_of: str | None = None
    located_in: set[str] = field(default_factory=set)
    separates: set[str] = field(default_factory=set)  # the states a border lies between
    time_zone: str | None = None


@dataclass
class Ontology:
    """The loaded reference data."""

    files: list[Path]
    digest: str
    graph: Graph
    event_types: dict[str, EventTypeDef]
    entities: dict[str, RefEntity]
    word_lists: dict[str, frozenset[str]] = field(default_factory=dict)
    # kg class local name -> the kg classes it is rdfs:subClassOf* (itself included)
    class_ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    # word list name -> the kg class its nouns denote (kg:entityClass)
    word_list_classes: dict[str, str] = field(default_factory=dict)
    _reference_quads: list[ox.Quad] | None = field(default=None, repr=False, compare=False)

    def words(self, name: str) -> frozenset[str]:
        """The lemmas of the word list ``kg:<name>``.

        Raises :class:`UnknownWordListError` when no loaded file defines the list: a misspelt or
        removed list name is a bug, not an empty list."""
        try:
            return self.word_lists[name]
        except KeyError:
            raise UnknownWordListError(
                f"no word list kg:{name} in the loaded ontology files",
                hint=f'define it as `kg:{name} kg:word "..." .` in a Turtle file under ontology/',
            ) from None

    def is_kind(self, kind: str, of: str) -> bool:
        """True when the kg class ``kind`` is ``of`` or ``rdfs:subClassOf*`` it ("City" is a "Place")."""
        return of in self.class_ancestors.get(kind, frozenset((kind,)))

    def kinds_under(self, of: str) -> frozenset[str]:
        """Every kg class that is ``of`` or ``rdfs:subClassOf*`` it."""
        return frozenset(k for k, anc in self.class_ancestors.items() if of in anc)

    def reference_quads(self) -> list[ox.Quad]:
        """The reference graph's content, as quads, in a stable order (a new list each call; the
        conversion is done once per loaded ontology: the gazetteer holds some 50,000 triples)."""
        if self._reference_quads is None:
            self._reference_quads = [to_quad(s, p, o, REFERENCE_GRAPH) for s, p, o in sorted(self.graph)]
        return list(self._reference_quads)

    def states_by_iri(self) -> dict[str, RefEntity]:
        return {k: e for k, e in self.entities.items() if e.kind == "State"}


def broader_names(ontology: Ontology, iri: str) -> frozenset[str]:
    """The names of an event type and of every concept above it (skos:broader*), lower case."""
    g, seen, todo = ontology.graph, set(), [URIRef(iri)]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(o for o in g.objects(c, SKOS.broader) if isinstance(o, URIRef))
    return frozenset(str(c).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower() for c in seen)


def folder_digest(folder: Path) -> str:
    """SHA-256 (hex) of an ontology folder's Turtle files: their paths inside it and their bytes.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "a.ttl").write_text("# empty", encoding="utf-8")
    ...     len(folder_digest(Path(d)))
    64
    """
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*.ttl")):
        h.update(f.relative_to(folder).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def load_ontology(extra_dirs: list[Path] | None = None) -> Ontology:
    """Load built-in ontology files plus ``extra_dirs`` (and ``KG_ONTOLOGY``). Cached per file set."""
    files = ontology_files(extra_ontology_dirs(extra_dirs))
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _load(stamp)


@lru_cache(maxsize=4)
def _load(stamp: tuple) -> Ontology:
    files = [Path(s[0]) for s in stamp]
    g = Graph()
    h = hashlib.sha256()
    for f in files:
        data = f.read_bytes()
        h.update(f.name.encode() + b"\0" + data)
        try:
            g.parse(data=data.decode("utf-8"), format="turtle", publicID=f.resolve().as_uri())
        except Exception as e:  # rdflib raises several parser error types
            raise OntologyError(
                f"{f.name}: not valid Turtle: {str(e).splitlines()[0][:200]}",
                hint="fix the file; kg ontology check shows details",
            ) from e
    ancestors = _class_ancestors(g)
    return Ontology(
        files=files,
        digest=h.hexdigest(),
        graph=g,
        event_types=_event_types(g),
        entities=_entities(g, ancestors),
        word_lists=_word_lists(g),
        class_ancestors=ancestors,
        word_list_classes=_word_list_classes(g),
    )


def _lemmas(text: str) -> tuple[str, ...]:
    return tuple(str(text).lower().split())


def _event_types(g: Graph) -> dict[str, EventTypeDef]:
    out = {}
    for c in sorted(set(g.subjects(RDF.type, KG.EventType)), key=str):
        name = str(c).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        label = g.value(c, SKOS.prefLabel) or name
        cls = g.value(c, KG.eventClass) or KG.Event
        nouns = tuple(sorted({_lemmas(str(t)) for t in g.objects(c, KG.triggerNoun)}))
        verbs = tuple(sorted({_lemmas(str(t)) for t in g.objects(c, KG.trigger)}))
        out[str(c)] = EventTypeDef(str(c), name, str(label), str(cls), verbs, nouns)
    return out


def _class_ancestors(g: Graph) -> dict[str, frozenset[str]]:
    """kg class local name -> the kg classes above it by ``rdfs:subClassOf*`` (itself included)."""
    kg = str(KG)
    out = {}
    classes = {c for c in g.subjects(RDFS.subClassOf, None) if str(c).startswith(kg)}
    for c in classes:
        anc = {str(a)[len(kg) :] for a in g.transitive_objects(c, RDFS.subClassOf) if str(a).startswith(kg)}
        out[str(c)[len(kg) :]] = frozenset(anc)
    return out


def _kind(g: Graph, node: URIRef, ancestors: dict[str, frozenset[str]]) -> str | None:
    """The most specific kg class of a node (the one with most ancestors; ties by name)."""
    kinds = {str(t)[len(str(KG)) :] for t in g.objects(node, RDF.type) if str(t).startswith(str(KG))}
    kinds = {k for k in kinds if k in ancestors}
    if not kinds:
        return None
    return min(kinds, key=lambda k: (-len(ancestors[k]), k))


def _entities(g: Graph, ancestors: dict[str, frozenset[str]]) -> dict[str, RefEntity]:
    out = {}
    subjects = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and "/ref/" in str(s)}
    for s in sorted(subjects):
        kind = _kind(g, s, ancestors)
        if kind is None:
            continue
        label = g.value(s, RDFS.label) or g.value(s, SKOS.prefLabel)
        if label is None:
            continue
        e = RefEntity(iri=str(s), kind=kind, label=str(label))
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, KG.abbreviation, SCHEMA.name):
            e.names |= {str(o) for o in g.objects(s, p)}
        e.demonyms = {str(o) for o in g.objects(s, KG.demonym)}
        e.qids = {str(o)[len(WIKIDATA) :] for o in g.objects(s, OWL.sameAs) if str(o).startswith(WIKIDATA)}
        cap = g.value(s, KG.capitalOf)
        e.capital_of = str(cap) if cap is not None else None
        st = g.value(s, KG.stateOf)
        e.state_of = str(st) if st is not None else None
        e.located_in = {str(o) for o in g.objects(s, KG.locatedIn)}
        e.separates = {str(o) for o in g.objects(s, KG.separates)}
        tz = g.value(s, KG.timeZone)
        e.time_zone = str(tz) if tz is not None else None
        out[str(s)] = e
    for e in out.values():  # a state keeps the time zone of its capital
        if e.capital_of and e.time_zone and e.capital_of in out and not out[e.capital_of].time_zone:
            out[e.capital_of].time_zone = e.time_zone
    return out


def _word_lists(g: Graph) -> dict[str, frozenset[str]]:
    out = {}
    for wl in set(g.subjects(RDF.type, KG.WordList)) | set(g.subjects(KG.word, None)):
        name = str(wl).rsplit("#", 1)[-1]
        out[name] = frozenset(str(w).lower().strip() for w in g.objects(wl, KG.word))
    return out


def _word_list_classes(g: Graph) -> dict[str, str]:
    out = {}
    for wl, cls in g.subject_objects(KG.entityClass):
        if str(cls).startswith(str(KG)):
            out[str(wl).rsplit("#", 1)[-1]] = str(cls)[len(str(KG)) :]
    return out

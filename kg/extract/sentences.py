"""`kg_sentences`: sentence boundaries by rule, written to the Doc as spaCy sentence starts.

The title is always a sentence of its own. spaCy's rule-based Sentencizer visits every token in Python, which cost
as much as all of kg's entity components together (bench/bench_extract.py); a regular expression over the text and
one vectorised write of SENT_START do the same job in a fraction of the time.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import paper_doc
from kg.extract.cues import load_cues

TITLE_SEPARATOR = "\n"
BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(\[])")


class Sentences:
    def __init__(self, abbreviations: tuple[str, ...]):
        self.abbreviation = re.compile(r"(?:^|[\s(])(?:" + "|".join(re.escape(a) for a in abbreviations) + r")\.$")

    def __call__(self, doc: Doc) -> Doc:
        state = paper_doc(doc)
        text = state.text
        title_end = state.title_end = text.find(TITLE_SEPARATOR)
        starts = [0] + ([title_end + 1] if title_end >= 0 else []) + [
            m.end() for m in BREAK.finditer(text) if not self.abbreviation.search(text, max(0, m.start() - 8), m.start())
        ]
        starts = sorted(set(s for s in starts if s < len(text)))
        state.sentences = list(zip(starts, starts[1:] + [len(text)]))
        if len(doc):
            flags = numpy.full(len(doc), -1, dtype="int64")
            flags[numpy.searchsorted(doc.to_array(IDX), starts)] = 1
            doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
        return doc


@Language.factory("kg_sentences")
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(load_cues().abbreviations)

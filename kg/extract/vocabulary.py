"""`kg_vocabulary`: finds the names the SKOS vocabularies know, in any spelling variant."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import Candidate, paper_doc
from kg.extract.cues import Cues, load_cues
from kg.extract.matcher import PhraseIndex
from kg.names import case_rule, key
from kg.records import EntityType
from kg.vocab import Vocabulary, load_vocabulary


GENERIC = "generic"


@lru_cache(maxsize=4)
def vocabulary_index(vocab: Vocabulary) -> PhraseIndex:
    """Every label of every concept (a label that is also a generic word matches only as capitalised), and every
    generic term, so that "llama.cpp" hides the LLaMA inside it."""
    index = PhraseIndex()
    for concept in vocab.concepts.values():
        for name in concept.names:
            strict = concept.match_case or key(name) in vocab.generic
            index.add(name, concept.id, case_rule(name, strict))
    for name in vocab.generic_names:
        if len(name.split()) > 1 or not name.isalpha():  # a one-word generic name hides nothing
            index.add(name, GENERIC, case_rule(name, True))
    return index.freeze()


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


class HardwareSpan:
    """Widens a hardware product mention to its vendor and kind, as the guideline writes it: "NVIDIA A100 GPUs"."""

    def __init__(self, cues: Cues):
        self.before = re.compile(rf"(?:{_alternation(cues.vendors)})\s+$")
        self.after = re.compile(rf"(?:[\s-]+\d+\s?GB)?(?:[\s-]+(?:{_alternation(cues.hardware_suffixes)})\b)?")

    def widen(self, text: str, start: int, end: int) -> tuple[int, int]:
        if m := self.before.search(text, max(0, start - 24), start):
            start = m.start()
        if m := self.after.match(text, end):
            end = m.end()
        return start, end


class VocabularyMatcher:
    def __init__(self, name: str, vocab: Vocabulary, cues: Cues, confidence: float):
        self.name, self.vocab, self.confidence = name, vocab, confidence
        self.index = vocabulary_index(vocab)
        self.hardware = HardwareSpan(cues)

    def __call__(self, doc: Doc) -> Doc:
        found = []
        state = paper_doc(doc)
        text = state.text
        for m in self.index.find(text):
            if m.value == GENERIC:
                found.append(Candidate(m.start, m.end, EntityType.METHOD, self.name, 0.0, generic=True))
                continue
            concept = self.vocab[m.value]
            start, end = m.start, m.end
            if concept.type is EntityType.HARDWARE and concept.level == "product":
                start, end = self.hardware.widen(text, start, end)
            found.append(Candidate(start, end, concept.type, self.name, self.confidence, concept=concept.id))
        state.candidates += found
        return doc


@Language.factory("kg_vocabulary", default_config={"confidence": 0.9})
def make_vocabulary_matcher(nlp: Language, name: str, confidence: float) -> VocabularyMatcher:
    return VocabularyMatcher(name, load_vocabulary(), load_cues(), confidence)

"""`kg_siblings`: an unknown name listed among known ones is the same kind of thing.

"efficient alternatives to attention (e.g. H3, Mamba, RWKV)": Mamba and RWKV are known models, so H3 is a model
too. A list is a run of names joined only by commas, "and", "or" or slashes; it counts when at least two of its
names are known and all known names share one type (one is enough after "e.g.", "such as", "including", "like").
Only coined words join (see namelike.py); a generic word or a metric in the list ("BLEU, ROUGE and BERTScore") makes
it no list of entities.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.abbreviations import short_core
from kg.extract.candidates import Candidate, paper_doc
from kg.extract.namelike import is_coined
from kg.records import EntityType
from kg.vocab import Vocabulary, load_vocabulary

# A word with a capital, digit or '+' somewhere (only those can be coined); the lowercase rest is skipped in C.
MARKED_WORD = re.compile(r"(?<![\w.+#/'-])(?=[\w.+#/'-]*[A-Z0-9+])(?:[\w][\w.+#/'-]*[\w+#]|\w)")
SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s|/)\s*$")
LIST_MARK = re.compile(r",|\sand\s|\sor\s|/")
LEAD = re.compile(r"(?:e\.g\.,?|such as|including|like|i\.e\.,?)\s*$")
GENERIC = "generic"


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    type: EntityType | str | None  # None: an unknown coined word; GENERIC: a word that is no entity


class SiblingFinder:
    def __init__(self, name: str, vocab: Vocabulary, confidence: float):
        self.name, self.vocab, self.confidence = name, vocab, confidence

    def __call__(self, doc: Doc) -> Doc:
        state = paper_doc(doc)
        text = state.text
        candidates = sorted(state.candidates, key=lambda c: c.start)
        starts = [c.start for c in candidates]
        found = []
        for start, end in state.sentences:
            inside = candidates[bisect_left(starts, start):bisect_left(starts, end)]
            if not any(not c.generic and c.end <= end for c in inside) or not LIST_MARK.search(text, start, end):
                continue
            for run in lists(text, self.units(text, start, end, inside)):
                found += self.siblings(text, run)
        state.candidates += found
        return doc

    def units(self, text: str, start: int, end: int, candidates: list[Candidate]) -> list[Unit]:
        """The sentence's names in order: known candidates (longest first) and unknown coined words between them."""
        units: list[Unit] = []
        taken = bytearray(end - start)
        for c in sorted((c for c in candidates if c.end <= end), key=lambda c: -c.length):
            if any(taken[c.start - start:c.end - start]):
                continue
            taken[c.start - start:c.end - start] = b"\x01" * c.length
            units.append(Unit(c.start, c.end, GENERIC if c.generic else c.type))
        for m in MARKED_WORD.finditer(text, start, end):
            word = m.group()
            if not is_coined(word) or word[0].isdigit() or any(taken[m.start() - start:m.end() - start]):
                continue
            units.append(Unit(m.start(), m.end(), GENERIC if self.vocab.is_generic(word) else None))
        return sorted(units, key=lambda u: u.start)

    def siblings(self, text: str, run: list[Unit]) -> list[Candidate]:
        known = [u.type for u in run if u.type is not None]
        if GENERIC in known or len(set(known)) != 1:
            return []
        led = bool(LEAD.search(text, max(0, run[0].start - 12), run[0].start))
        if len(known) < (1 if led else 2):
            return []
        (entity_type,) = set(known)
        return [Candidate(u.start, u.end, entity_type, self.name, self.confidence,
                          name=short_core(text[u.start:u.end])) for u in run if u.type is None]


def lists(text: str, units: list[Unit]) -> list[list[Unit]]:
    """Runs of two or more units with nothing but a list separator between neighbours."""
    runs: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in units:
        if current and SEPARATOR.match(text[current[-1].end:unit.start]):
            current.append(unit)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [unit]
    if len(current) >= 2:
        runs.append(current)
    return [run for run in runs if any(u.type is None for u in run)]


@Language.factory("kg_siblings", default_config={"confidence": 0.6})
def make_sibling_finder(nlp: Language, name: str, confidence: float) -> SiblingFinder:
    return SiblingFinder(name, load_vocabulary(), confidence)

"""`kg_abbreviations`: "Low-rank Adaptation (LoRA)" -> one entity with both spellings, and every later "LoRA".

The long form is found with the Schwartz-Hearst algorithm (Schwartz & Hearst, PSB 2003): the shortest run of
words before the parenthesis whose letters contain the abbreviation's letters in order, the first at a word start.
scispaCy ships the same algorithm, but with a dependency tree we do not want; it is twenty lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import Candidate, paper_doc
from kg.extract.cues import Cues, load_cues
from kg.extract.namelike import find_name
from kg.names import key
from kg.records import EntityType
from kg.vocab import Concept, Vocabulary, load_vocabulary

PAREN = re.compile(r"\(\s*([^()]{1,80}?)\s*\)")
LATEX_FONT = re.compile(r"^\\?(?:rm|bf|it|tt|sf|textrm|textbf|textit|texttt|mathrm|mathbf|emph)\s+")
QUOTES = "`'\"“”‘’*"
SHORT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-.+&/^]{0,14}$")
WORDS = re.compile(r"\S+")
WORD_BEFORE = re.compile(r"(\S+)\s*$")


@dataclass(frozen=True)
class Definition:
    long_start: int
    long_end: int
    short_start: int
    short_end: int
    long: str
    short: str


def short_core(short: str) -> str:
    """The abbreviation without a plural 's': "CBMs" -> "CBM"."""
    return short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short


def is_short_form(text: str) -> bool:
    if not SHORT.match(text):
        return False
    core = short_core(text)
    upper = sum(c.isupper() for c in core)
    digits = sum(c.isdigit() for c in core)
    return upper >= 2 or (upper >= 1 and digits >= 1)


def long_form(short: str, candidate: str) -> str | None:
    """Schwartz-Hearst: the shortest suffix of `candidate` that spells `short`, its first letter at a word start."""
    s, lng = len(short) - 1, len(candidate) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum() or (c.isdigit() and c not in candidate[: lng + 1]):
            s -= 1  # "LR2PPO": a digit the long form does not spell out ("to") is skipped
            continue
        while lng >= 0 and (candidate[lng].lower() != c or (s == 0 and lng > 0 and candidate[lng - 1].isalnum())):
            lng -= 1
        if lng < 0:
            return None
        lng -= 1
        s -= 1
    start = candidate.rfind(" ", 0, lng + 1) + 1
    result = candidate[start:].strip().lstrip(QUOTES)
    if len(result) <= len(short) or "(" in result or ")" in result:
        return None  # "question answering (BoolQ), ... identification (QQP)" spans another definition
    if len(result.split()) > min(len(short) + 5, len(short) * 2):
        return None  # Schwartz & Hearst's bound on a long form's length in words
    multiword = " " in result or "-" in result
    coined = sum(c.isupper() or c.isdigit() for c in result) >= 2  # "Dialog2Flow (D2F)"
    return result if multiword or coined else None


def find_definitions(text: str, sentence_start) -> list[Definition]:
    """Every "long form (SHORT)" and "SHORT (long form)" in the text."""
    found = []
    for m in PAREN.finditer(text):
        inner = re.split(r"[;,]\s", LATEX_FONT.sub("", m.group(1)))[0].strip()
        if is_short_form(inner):
            start = sentence_start(m.start())
            core = short_core(inner)
            before = text[start:m.start()].rstrip()
            words = WORDS.findall(before)[-(len(core) + 8):]
            window = " ".join(words)
            if window and (lf := long_form(core, window)):
                long_start = before.rfind(lf) + start if before.endswith(lf) else None
                if long_start is not None:
                    short_start = m.start(1) + m.group(1).index(inner)
                    found.append(Definition(long_start, long_start + len(lf), short_start,
                                            short_start + len(inner), lf, inner))
            continue
        word = WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if word and is_short_form(word.group(1)) and (" " in inner or "-" in inner):
            core = short_core(word.group(1))
            if lf := long_form(core, inner):
                long_start = m.start(1) + inner.rfind(lf)
                found.append(Definition(long_start, long_start + len(lf), word.start(1), word.end(1),
                                        lf, word.group(1)))
    return found


def singular_label(long: str, short: str) -> str:
    return long[:-1] if short != short_core(short) and long.endswith("s") else long


class AbbreviationFinder:
    def __init__(self, name: str, vocab: Vocabulary, cues: Cues, confidence: float, unsupported_confidence: float):
        self.name, self.vocab, self.cues, self.confidence = name, vocab, cues, confidence
        self.unsupported_confidence = unsupported_confidence

    def __call__(self, doc: Doc) -> Doc:
        state = paper_doc(doc)
        starts = [start for start, _ in state.sentences]
        text = state.text

        def sentence_start(offset: int) -> int:
            return starts[max(0, bisect_right(starts, offset) - 1)]

        found = []
        for d in find_definitions(text, sentence_start):
            found += self.candidates(text, d)
        state.candidates += found
        return doc

    def candidates(self, text: str, d: Definition) -> list[Candidate]:
        if self.vocab.is_generic(d.long) or self.vocab.is_generic(short_core(d.short)):
            return []
        spans = [(d.long_start, d.long_end), (d.short_start, d.short_end)]
        core = short_core(d.short)
        spans += [span for span in find_name(text, core, exact_case=True, plural=True) if span[0] != d.short_start]
        concept = self.concept_for(d)
        if concept:
            return [Candidate(s, e, concept.type, self.name, self.confidence, concept=concept.id) for s, e in spans]
        if self.cues.names_no_entity(d.long.split()):
            return []  # "Operating-Point-Inconsistency-Score (OPIS)": a metric, out of scope even when proposed
        entity_type, supported = self.type_of(d.long)
        confidence = self.confidence if supported else self.unsupported_confidence
        group = f"abbr:{key(d.long)}"
        label = singular_label(d.long, d.short)
        return [Candidate(s, e, entity_type, self.name, confidence, name=label, group=group) for s, e in spans]

    def concept_for(self, d: Definition) -> Concept | None:
        """The known concept both spellings denote: by the long form, or by the short form when the two agree."""
        if concept := self.vocab.lookup(d.long):
            return concept
        concept = self.vocab.lookup(short_core(d.short))
        if concept and any(shares_word(name, d.long) for name in concept.names):
            return concept
        return None

    def type_of(self, long: str) -> tuple[EntityType, bool]:
        """A new name's type, and whether anything supports it being an ML entity at all: the known name it ends
        with ("Post-hoc Concept Bottleneck Models" ends with a method), else its head word ("... Optimization").
        A kind of thing ("Mixture-of-Experts large language models") is not supported: it ends in a generic class."""
        words = long.replace("-", " - ").split()
        last = len(words) if long.islower() else len(words) - 1  # "sentence encoder (SE)" is a kind of thing
        if any(self.vocab.is_generic(" ".join(words[i:])) for i in range(last)):
            return self.cues.type_of_head(long.split()) or EntityType.MODEL, False
        for i in range(1, len(words)):
            concept = self.vocab.lookup(" ".join(words[i:]))
            if concept:
                return concept.type, True
        head = self.cues.type_of_head(long.split())
        return (head, True) if head else (EntityType.METHOD, False)


def shares_word(a: str, b: str) -> bool:
    content = lambda s: {w for w in re.findall(r"[a-z]{4,}", s.lower())}  # noqa: E731
    return bool(content(a) & content(b))


@Language.factory("kg_abbreviations", default_config={"confidence": 0.85, "unsupported_confidence": 0.3})
def make_abbreviation_finder(nlp: Language, name: str, confidence: float,
                             unsupported_confidence: float) -> AbbreviationFinder:
    """`unsupported_confidence`: for a definition whose long form looks like no ML entity ("computed tomography")."""
    return AbbreviationFinder(name, load_vocabulary(), load_cues(), confidence, unsupported_confidence)

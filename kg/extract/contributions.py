"""`kg_contributions`: the names a paper coins for its own work, marked proposed.

Where they are found: before the colon of the title ("CaLoRAify: ..."), after "we propose/present/introduce",
after "called/dubbed/named/termed", and in "our method, X,". A name must look coined (see namelike.py) or be a run
of capitalised words that the text defines or describes; a descriptive lowercase phrase is not a name.
Every later occurrence of an accepted name is a mention too.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import Candidate, add_candidates
from kg.extract.cues import Cues, load_cues
from kg.extract.namelike import QUOTES, is_capitalised, is_coined, title_case_run
from kg.records import EntityType
from kg.vocab import Vocabulary, load_vocabulary

SUBJECT = re.compile(r"\b(?:we|our|this (?:paper|work|study|report|article)|here|authors?)\b", re.I)
TOKEN = re.compile(r"\(|\)|,|;|:|\.(?=\s|$)|[^\s,;:()]+")
SIZE = re.compile(r"\d(?:\.\d+)?[BM]\b")
STOP_WORDS = {"of", "for", "to", "that", "which", "with", "on", "in", "by", "from", "as", "using", "via", "where"}


class ContributionFinder:
    def __init__(self, name: str, vocab: Vocabulary, cues: Cues, confidence: float):
        self.name, self.vocab, self.cues, self.confidence = name, vocab, cues, confidence

    def __call__(self, doc: Doc) -> Doc:
        text, title_end = doc.text, doc._.kg_title_end
        names: dict[str, EntityType] = {}
        if found := self.title_name(text[:title_end]):
            names[found] = self.type_of(found, text, None)
        for sent in doc.sents:
            for name, described in self.named_in(sent.text):
                names.setdefault(name, self.type_of(name, text, described))
        found_spans = []
        for name, entity_type in names.items():
            for m in occurrences(name, text):
                found_spans.append(Candidate(m.start(), m.end(), entity_type, self.name, self.confidence,
                                             name=name, proposed=True))
        add_candidates(doc, found_spans)
        return doc

    def title_name(self, title: str) -> str | None:
        """"CaLoRAify: Calorie Estimation ..." -> "CaLoRAify"; "Towards Provable ...: ..." -> None."""
        m = re.match(r"\s*([^:]{1,60}?)\s*:\s", title)
        if not m:
            return None
        name = m.group(1)
        words = name.split()
        if len(words) == 1:
            return name if is_coined(name) else None
        if len(words) > 4 or words[0].lower() in self.cues.title_openers:
            return None
        if any(is_coined(w) for w in words) and len(title_case_run(words)) == len(words):
            return name
        if all(is_capitalised(w) for w in words) and self.cues.head_type(words[-1]):
            return name
        return None

    def named_in(self, sentence: str) -> list[tuple[str, list[str]]]:
        """Names introduced in a sentence, each with the words that describe it (for its type)."""
        tokens = TOKEN.findall(sentence)
        found = []
        for i, tok in enumerate(tokens):
            low = tok.lower()
            proposal = self.cues.propose_verbs.fullmatch(low) and SUBJECT.search(" ".join(tokens[max(0, i - 6):i]))
            naming = self.cues.naming_cues.fullmatch(low)
            our = low == "our" and i + 1 < len(tokens)
            if proposal or naming:
                result = self.name_after(tokens[i + 1:], quoted_ok=bool(naming))
            elif our:
                result = self.name_after_our(tokens[i + 1:])
            else:
                continue
            if result:
                found.append(result)
        return found

    def name_after(self, tokens: list[str], quoted_ok: bool) -> tuple[str, list[str]] | None:
        """Skip "a novel framework called" style fillers, then read a name."""
        described: list[str] = []
        i = 0
        while i < len(tokens) and (tokens[i].lower() in self.cues.fillers or tokens[i] == ","):
            described.append(tokens[i])
            i += 1
        rest = tokens[i:]
        if not rest:
            return None
        if quoted_ok and rest[0][0] in QUOTES:
            return self.quoted(rest), described
        run = title_case_run(rest)
        if not run:
            return None
        after = rest[len(run):]
        run = self.with_lowercase_head(run, after)
        after = rest[len(run):]
        follows = after[0] if after else ""
        coined = any(is_coined(w) for w in run)
        if not coined and len(run) == 1 and follows not in {",", "("}:
            return None
        if not coined and len(run) > 1 and follows not in {",", "(", "."} and not self.cues.head_type(run[-1]):
            return None
        name = " ".join(run).strip(QUOTES)
        if self.vocab.is_generic(name) or len(run) > 6:
            return None
        return name, described + after[1:12]

    def name_after_our(self, tokens: list[str]) -> tuple[str, list[str]] | None:
        """"our approach, Language Guided Bottlenecks (LaBo), ..." -> the name after the comma."""
        if len(tokens) < 3 or tokens[0].lower() not in self.cues.contribution_nouns:
            return None
        if tokens[1] != ",":
            return None
        result = self.name_after(tokens[2:], quoted_ok=True)
        return (result[0], [tokens[0]]) if result else None

    @staticmethod
    def with_lowercase_head(run: list[str], after: list[str]) -> list[str]:
        """"Post-hoc Concept Bottleneck models (PCBMs)": take up to two lowercase words before a definition."""
        for n in (1, 2):
            if len(after) > n and after[n] == "(" and all(w.isalpha() and w.islower() for w in after[:n]):
                return run + after[:n]
        return run

    @staticmethod
    def quoted(tokens: list[str]) -> str:
        words = []
        for tok in tokens[:8]:
            words.append(tok)
            if tok[-1] in QUOTES and (len(words) > 1 or len(tok) > 1):
                break
        return " ".join(words).strip(QUOTES)

    def type_of(self, name: str, text: str, described: list[str] | None) -> EntityType:
        """Ruling 13: what the abstract calls it decides (a model, a dataset, else a method)."""
        if concept := self.vocab.lookup(name):
            return concept.type
        if SIZE.search(name):
            return EntityType.MODEL
        words = described if described is not None else description_after(name, text)
        return (described_type(words, self.cues) or self.cues.type_of_head(name.split())
                or described_type(description_after(name, text), self.cues) or EntityType.METHOD)


def description_after(name: str, text: str) -> list[str]:
    """The words after the first "NAME, a ..." or "NAME is a ..." in the text."""
    m = re.search(rf"{re.escape(name)}\s*(?:,|\bis\b|\(\w+\),)\s+((?:an?|the)\s+[^.;]*)", text)
    return TOKEN.findall(m.group(1))[:14] if m else []


def described_type(words: list[str], cues: Cues) -> EntityType | None:
    """The type of the head noun of a description: "a new family of segmentation models" -> family -> MODEL."""
    found = None
    for w in words:
        low = w.lower()
        if low in STOP_WORDS or w in {",", ";", "(", "."}:
            if found:
                break
            continue
        if found and (low.endswith("ing") or low.endswith("ed")):
            break
        if t := cues.head_type(low):
            found = t
    return found


def occurrences(name: str, text: str) -> list[re.Match]:
    """Every place the name is written: exact case for one word, any case for a phrase."""
    pattern = r"[\s-]+".join(re.escape(w) for w in name.split())
    flags = re.I if " " in name else 0
    return list(re.finditer(rf"(?<![\w-]){pattern}(?![\w-]|\+)", text, flags))


@Language.factory("kg_contributions", default_config={"confidence": 0.8})
def make_contribution_finder(nlp: Language, name: str, confidence: float) -> ContributionFinder:
    return ContributionFinder(name, load_vocabulary(), load_cues(), confidence)

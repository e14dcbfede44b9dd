"""`kg_shapes`: names recognised by their shape, for entities no vocabulary lists yet.

- model checkpoints: a model name and a size or version ("Qwen2.5-7B", "OPT-175B", "Mixtral-8x7B", "YOLOv8"),
  linked to their family when the vocabulary knows it;
- hardware products by product-line pattern ("RTX 5080", "MI308X"; patterns in ontology/cues.toml);
- datasets named as such ("the Recipe1M dataset", "GenAI-Bench") or listed after an evaluation cue
  ("evaluated on CIFAR-10 and SVHN").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import Candidate, paper_doc
from kg.extract.cues import Cues, load_cues
from kg.extract.namelike import CONNECTORS, is_capitalised, is_coined
from kg.extract.vocabulary import HardwareSpan
from kg.records import EntityType
from kg.vocab import Concept, Vocabulary, load_vocabulary

SIZE = r"\d+(?:\.\d+)?[BMT]|\d+x\d+(?:\.\d+)?B"
CHECKPOINT = re.compile(
    rf"(?<![\w.-])(?P<family>[A-Za-z][\w.]*(?:-[A-Za-z0-9][\w.]*)*?)(?:[\s-](?P<ver>\d+(?:\.\d+)?))?"
    rf"(?:[\s-]|\s\()(?P<size>{SIZE})\)?"
    r"(?P<suffix>(?:-(?:Instruct|Chat|Base|it|Coder|Math|Vision|VL|hf))*)(?![\w-])"
)
SIZE_TOKEN = re.compile(rf"\d(?:{SIZE})\b|\d[BMT]\b")
MORE_SIZES = re.compile(rf"(?:/|,\s*(?:and\s+)?|\s+and\s+)(?P<size>{SIZE})(?![\w-])")
YEARS = re.compile(r"(?<![\w-])(?P<base>[A-Z][\w-]*) (?P<year>(?:19|20)\d\d)(?P<more>(?:/(?:19|20)\d\d)+)(?![\w-])")
MORE_YEARS = re.compile(r"/(?P<year>(?:19|20)\d\d)")
VERSION_MARK = re.compile(r"[A-Za-z\s-][vV]\d")
VERSIONED = re.compile(r"(?<![\w.-])(?P<family>[A-Z][A-Za-z]+)[\s-]?[vV](?P<ver>\d+(?:\.\d+)?)(?![\w-])")
VARIANT = re.compile(r"-(?:XXL|XL|[TSMBLHGN]\d?|(?i:tiny|small|base|large|huge|giant|nano|mini|lite))(?![\w-])")
VARIANT_FAMILY = re.compile(r"(?<![\w.-])(?P<family>[A-Z][\w.]*[A-Za-z0-9])$")
NAME_BEFORE = re.compile(r"(?<![\w-])(?P<name>[\w][\w.+/-]*(?: [A-Z0-9][\w.+/-]*){0,2}) ?$")  # not across lines
DATASET_WORD = re.compile(r"\s(?:data\s?set|benchmark|corpus|suite|leaderboard)s?\b")
BENCH_WORDS = ("Bench", "Eval", "QA", "Arena")
BENCH_SHAPE = re.compile(r"(?<![\w-])(?P<name>[A-Z][\w]*(?:-[\w]+)*-?(?:Bench|Eval|QA|Arena)(?:-[\w.]+)?)(?![\w-])")
EVAL_LIST = re.compile(
    r"\b(?:evaluat\w*|experiments?|results?|benchmarks?|datasets?|tested|tests?|validated|performance|accuracy|"
    r"state-of-the-art|SOTA|improvements?|gains?)\b[^.;:]{0,40}?\b(?:on|including|such as|like|across)\s+"
    r"(?P<list>[^.;:()]{2,200})")
LIST_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+")
LISTED_BEFORE = re.compile(r"(?<![\w-])(?P<name>[\w][\w.+/-]*)(?:,\s*(?:and\s+)?| and | or )$")
FUNCTION_WORDS = CONNECTORS | {"with", "over", "about", "only", "nearly", "than", "under", "up", "our", "its",
                               "their", "this", "these", "those", "all", "both", "each", "we", "it", "they"}


@dataclass(frozen=True)
class ProductLine:
    pattern: re.Pattern
    triggers: tuple[str, ...]
    vendor: str
    hardware_class: Concept | None


def product_lines(vocab: Vocabulary, cues: Cues) -> list[ProductLine]:
    return [ProductLine(re.compile(rf"(?<![\w-])(?:{core})(?![\w-])"), triggers, vendor,
                        vocab.lookup(label, EntityType.HARDWARE))
            for core, triggers, vendor, label in cues.products]


class ShapeFinder:
    def __init__(self, name: str, vocab: Vocabulary, cues: Cues, confidence: float):
        self.name, self.vocab, self.cues, self.confidence = name, vocab, cues, confidence
        self.product_lines = product_lines(vocab, cues)
        vendors = "|".join(re.escape(v) for v in sorted(cues.vendors, key=len, reverse=True))
        self.vendor_pair = re.compile(rf"(?<![\w-])(?P<v1>{vendors})\s+(?:and|or|&|/)\s+(?P<v2>{vendors})\s+"
                                      r"(?P<kind>GPU|CPU|NPU|TPU|FPGA|accelerator)s?\b")
        self.triggers = {t for line in self.product_lines for t in line.triggers}
        languages = "|".join(sorted((w.capitalize() for w in cues.languages if w.isalpha()), key=len, reverse=True))
        self.language_pair = re.compile(
            rf"(?<![\w-])(?P<base>[A-Z][\w'-]*[\w]) (?:(?P<source>{languages})(?:[-–→]| to )(?P<target>{languages})"
            r"|(?P<code1>[A-Z][a-z]|[a-z]{2}|[A-Z]{2})[-–→](?P<code2>[A-Z][a-z]|[a-z]{2}|[A-Z]{2}))(?![\w-])")
        self.hardware = HardwareSpan(cues)

    def __call__(self, doc: Doc) -> Doc:
        state = paper_doc(doc)
        text = state.text
        sentence_starts = {start for start, _ in state.sentences}
        state.candidates += (self.checkpoints(text) + self.versions(text) + self.products_in(text)
                             + self.vendor_classes(text) + self.datasets(text, sentence_starts) + self.years(text)
                             + self.language_pairs(text))
        return doc

    def candidate(self, start: int, end: int, entity_type: EntityType, name: str, **kw) -> Candidate:
        return Candidate(start, end, entity_type, self.name, self.confidence, name=name, **kw)

    def family(self, name: str) -> Concept | None:
        return self.vocab.lookup(name, EntityType.MODEL)

    def checkpoints(self, text: str) -> list[Candidate]:
        """"Llama-2-7B" -> MODEL "Llama 2 7B" under Llama 2; "OPT-30B/66B" -> OPT-30B and OPT-66B (ruling 2)."""
        found = []
        if not SIZE_TOKEN.search(text):
            return found
        for m in CHECKPOINT.finditer(text):
            family_text = m["family"] + (f" {m['ver']}" if m["ver"] else "")
            family = self.family(family_text) or (self.family(m["family"]) if not m["ver"] else None)
            if not family and not self.plausible_family(m["family"]):
                continue
            label = family.label if family else family_text
            broader = (family.id,) if family else ()
            suffix = m["suffix"].replace("-", " ")
            # "Qwen3 (0.6B, 1.7B)": the family keeps its own mention and each size in the list is a checkpoint;
            # "Gemma 2 (2B)" alone is one checkpoint
            listed = text[m.start("size") - 1] == "(" and MORE_SIZES.match(text, m.end("size"))
            start, end = (m.start("size"), m.end("size")) if listed else (m.start(), m.end())
            found.append(self.candidate(start, end, EntityType.MODEL, f"{label} {m['size']}{suffix}",
                                        broader=broader))
            pos = m.end()
            while more := MORE_SIZES.match(text, pos):
                found.append(self.candidate(more.start("size"), more.end("size"), EntityType.MODEL,
                                            f"{label} {more['size']}", broader=broader))
                pos = more.end()
        return found

    def years(self, text: str) -> list[Candidate]:
        """"AIME 2024/2025" -> AIME 2024 and AIME 2025 (ruling 2), when the vocabulary knows AIME as a dataset."""
        found = []
        for m in YEARS.finditer(text):
            base = self.vocab.lookup(m["base"], EntityType.DATASET)
            if base is None:
                continue
            found.append(self.candidate(m.start(), m.end("year"), EntityType.DATASET, f"{base.label} {m['year']}",
                                        broader=(base.id,)))
            for more in MORE_YEARS.finditer(m["more"]):
                start = m.start("more") + more.start("year")
                found.append(self.candidate(start, start + 4, EntityType.DATASET, f"{base.label} {more['year']}",
                                            broader=(base.id,)))
        return found

    def language_pairs(self, text: str) -> list[Candidate]:
        """"WMT14 English-German", "WMT14 English to German", "IWSLT14 De-En": a translation benchmark and its
        language pair, one dataset."""
        found = []
        for m in self.language_pair.finditer(text):
            if base := self.vocab.lookup(m["base"], EntityType.DATASET):
                label = f"{base.label} {m['source'] or m['code1']}-{m['target'] or m['code2']}"
                found.append(self.candidate(m.start(), m.end(), EntityType.DATASET, label, broader=(base.id,)))
        return found

    def plausible_family(self, word: str) -> bool:
        return (is_coined(word) or is_capitalised(word)) and word.lower() not in FUNCTION_WORDS \
            and not self.vocab.is_generic(word) and not self.vocab.lookup(word)

    def versions(self, text: str) -> list[Candidate]:
        """"YOLOv8" and "SkipNet-M", "Swin-T", "BERT-Large" -> MODEL under the family the vocabulary knows."""
        found = []
        matches = [(m.start(), m.end(), m["family"]) for m in VERSIONED.finditer(text)] \
            if VERSION_MARK.search(text) else []
        for tail in VARIANT.finditer(text):
            if m := VARIANT_FAMILY.search(text, max(0, tail.start() - 40), tail.start()):
                matches.append((m.start(), tail.end(), m["family"]))
        for start, end, family_name in matches:
            if family := self.family(family_name):
                found.append(self.candidate(start, end, EntityType.MODEL, text[start:end], broader=(family.id,)))
        return found

    def products_in(self, text: str) -> list[Candidate]:
        found = []
        present = {t for t in self.triggers if t in text}
        for line in self.product_lines:
            if present.isdisjoint(line.triggers):
                continue
            for m in line.pattern.finditer(text):
                start, end = self.hardware.widen(text, m.start(), m.end())
                core = " ".join(m.group(0).split())
                label = f"{line.vendor} {core}".strip() if not core.startswith(line.vendor) else core
                broader = (line.hardware_class.id,) if line.hardware_class else ()
                found.append(self.candidate(start, end, EntityType.HARDWARE, label, broader=broader,
                                            level="product"))
        return found

    def vendor_classes(self, text: str) -> list[Candidate]:
        """"NVIDIA and AMD GPUs" names two classes of hardware: NVIDIA GPU and AMD GPU."""
        found = []
        for m in self.vendor_pair.finditer(text):
            kind = self.vocab.lookup(m["kind"], EntityType.HARDWARE)
            broader = (kind.id,) if kind else ()
            for start, end, vendor in ((m.start("v1"), m.end("v1"), m["v1"]), (m.start("v2"), m.end(), m["v2"])):
                found.append(self.candidate(start, end, EntityType.HARDWARE, f"{vendor} {m['kind']}",
                                            broader=broader, level="class"))
        return found

    def datasets(self, text: str, sentence_starts: set[int]) -> list[Candidate]:
        found = []
        for word in DATASET_WORD.finditer(text):
            window_start = max(0, word.start() - 60)
            m = NAME_BEFORE.search(text, window_start, word.start())
            if m and (span := self.dataset_name(m["name"], m.start("name"), sentence_starts)):
                start, end = span
                found.append(self.candidate(start, end, EntityType.DATASET, text[start:end]))
                found += self.listed_before(text, start)
        if any(word in text for word in BENCH_WORDS):
            for m in BENCH_SHAPE.finditer(text):
                found.append(self.candidate(m.start(), m.end(), EntityType.DATASET, m["name"]))
        for m in EVAL_LIST.finditer(text):
            offset = m.start("list")
            for item in LIST_SPLIT.split(m["list"]):
                words = item.strip().removeprefix("the ").split()
                if words and not is_capitalised(words[0]) and not is_coined(words[0]):
                    break  # the list has ended: "on CIFAR-10 and SVHN under label noise"
                name = self.list_item_name(words)
                start = text.find(name, offset) if name else -1
                if start >= 0:
                    found.append(self.candidate(start, start + len(name), EntityType.DATASET, name))
                    offset = start + len(name)
        return found

    def listed_before(self, text: str, start: int) -> list[Candidate]:
        """"the Digits and PACS datasets", "the CUB, AwA2 and SUN benchmarks": the names listed before the last."""
        found = []
        while m := LISTED_BEFORE.search(text, max(0, start - 40), start):
            word = m["name"]
            if not self.dataset_word(word) or word.lower() in FUNCTION_WORDS:
                break
            found.append(self.candidate(m.start("name"), m.end("name"), EntityType.DATASET, word))
            start = m.start("name")
        return found

    def list_item_name(self, words: list[str]) -> str | None:
        """A dataset name opening a list item: coined words ("CIFAR-10", "MS-COCO 30K"); not a model or a size."""
        name_words = []
        for w in words[:3]:
            if not (is_coined(w) or (any(c.isdigit() for c in w) and any(c.isalpha() for c in w))):
                break
            name_words.append(w.rstrip(".,"))
        if not name_words or any(c in w for w in name_words for c in "/|"):
            return None
        if len(words) > len(name_words) and words[len(name_words)].lower() in ("model", "models", "llm", "llms"):
            return None
        name = " ".join(name_words)
        known = [self.vocab.lookup(w) for w in name_words]
        if re.search(SIZE, name) or any(k and k.type is not EntityType.DATASET for k in known):
            return None
        return name

    def dataset_name(self, phrase: str, offset: int, sentence_starts: set[int]) -> tuple[int, int] | None:
        """The name part of "the X dataset": coined words, or capitalised words not opening the sentence."""
        words = list(re.finditer(r"\S+", phrase))
        while words and not self.dataset_word(words[0].group()):
            words.pop(0)
        if not words or any(w.group().lower() in FUNCTION_WORDS for w in words):
            return None
        start = offset + words[0].start()
        if start in sentence_starts and not is_coined(words[0].group()):
            return None
        return start, offset + words[-1].end()

    def dataset_word(self, word: str) -> bool:
        if not any(c.isalpha() for c in word):
            return False
        return is_coined(word) or any(c.isdigit() for c in word) or (
            is_capitalised(word) and word.lower() not in self.cues.fillers | self.cues.languages)


@Language.factory("kg_shapes", default_config={"confidence": 0.7})
def make_shape_finder(nlp: Language, name: str, confidence: float) -> ShapeFinder:
    return ShapeFinder(name, load_vocabulary(), load_cues(), confidence)

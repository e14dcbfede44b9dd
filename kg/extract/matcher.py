"""A fast, spelling-tolerant dictionary matcher over raw text (Aho-Corasick, via pyahocorasick).

spaCy's EntityRuler matches token sequences, so "LLaMA-2" (one token), "Llama 2" (two) and "llama2" (one) would each
need their own pattern, and 5,000 phrase patterns halve the pipeline's throughput. Instead both the text and the
names are mapped to a separator-normalised form with the same length as the text (every character that is not a
letter or digit becomes a space), names are expanded into their spacing variants once, and one automaton scans each
text in C. Character offsets map straight back to the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

import ahocorasick

from kg.names import ANY_CASE, CaseRule

_LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_CAMEL = re.compile(r"(?<=[A-Za-z][a-z]{2})(?=[A-Z][A-Za-z]{2})")
_ATOM = re.compile(r"[^\W\d_]+|\d+|\++|[^\W_]")
_NAME_PLUS = re.compile(r"(?<=\w)\++(?!\w)")
MAX_OPTIONAL_GAPS = 4


class _SeparatorTable(dict):
    """str.translate table: letters and digits stay, anything else becomes a space (filled in lazily)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = char if char.isalnum() else " "
        return self[code]


_TABLE = _SeparatorTable()


def normalise(text: str) -> str:
    """Lowercase with every non-alphanumeric character replaced by a space; same length as `text`.

    A '+' that ends a name stays ("PointNet++", "DeepLabv3+" are not PointNet and DeepLabv3); "LLM+RAG" splits."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    norm = low.translate(_TABLE)
    if "+" not in text:
        return norm
    chars = list(norm)
    for m in _NAME_PLUS.finditer(text):
        chars[m.start():m.end()] = "+" * (m.end() - m.start())
    return "".join(chars)


def spelling_variants(name: str) -> set[str]:
    """Normalised spellings of a name: "Llama 2" -> {"llama 2", "llama2", "llama 2s", "llama2s", ...};
    "data-center GPU" -> also "datacenter gpu"; "Yahoo! Answers" -> also "yahoo  answers", as the text normalises."""
    forms = {name, _CAMEL.sub(" ", name), _LETTER_HYPHEN.sub("", name)}
    out: set[str] = {normalise(name).strip()} - {""}
    for form in forms:
        words = normalise(form).split()
        if not words:
            continue
        out |= _gap_variants(words)
        squashed = "".join(words)
        if any(c.isdigit() for c in squashed) or len(words[0]) == 1:
            out.add(squashed)  # "TPU v4" -> "tpuv4", "U-Net" -> "unet"; but "MultiPL-E" must not become "multiple"
    return out | {p for v in out for p in _plurals(v)}


def _gap_variants(words: list[str]) -> set[str]:
    """Where letters meet digits ("llama 2", "resnet50") the space is optional, if the letters are a word."""
    atoms: list[str] = []
    gaps: list[tuple[str, ...]] = []
    for word in words:
        parts = _ATOM.findall(word)
        for j, part in enumerate(parts):
            if atoms:
                joined = j > 0
                gaps.append(_gap(atoms[-1], part, joined))
            atoms.append(part)
    optional = sum(1 for g in gaps if len(g) == 2)
    if optional > MAX_OPTIONAL_GAPS:
        gaps = [(g[0],) if len(g) == 2 else g for g in gaps]
    out = set()
    for choice in product(*gaps):
        out.add(atoms[0] + "".join(sep + atom for sep, atom in zip(choice, atoms[1:])))
    return out


def _gap(left: str, right: str, joined: bool) -> tuple[str, ...]:
    letter_digit = (left[-1].isalpha() and right[0].isdigit() and len(left) >= 2) or (
        left[-1].isdigit() and right[0].isalpha() and len(right) >= 2
    )
    if letter_digit:
        return ("", " ")
    return ("",) if joined else (" ",)


def _plurals(variant: str) -> set[str]:
    if not variant[-1].isalpha():
        return {variant + "s"}
    if variant.endswith(("s", "x", "sh", "ch")):
        return {variant + "es"}
    if variant.endswith("y") and len(variant) > 2 and variant[-2] not in "aeiou":
        return {variant + "s", variant[:-1] + "ies"}
    return {variant + "s"}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    value: object


class PhraseIndex:
    """Names -> values, matched on word boundaries in any spelling variant, longest matches kept by the caller."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        self._entries: dict[str, list[tuple[object, CaseRule]]] = {}

    def add(self, name: str, value: object, rule: CaseRule = ANY_CASE) -> None:
        for variant in spelling_variants(name):
            bucket = self._entries.setdefault(variant, [])
            if (value, rule) not in bucket:
                bucket.append((value, rule))

    def freeze(self) -> PhraseIndex:
        for variant, bucket in self._entries.items():
            # Padded with spaces, a key can only match whole words of the padded, normalised text.
            self._automaton.add_word(f" {variant} ", (len(variant), bucket))
        if self._entries:
            self._automaton.make_automaton()
        return self

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, text: str) -> list[Match]:
        """Every match on word boundaries whose capitalisation its rule accepts, in text order."""
        if not self._entries:
            return []
        out = []
        for last, (length, bucket) in self._automaton.iter(f" {normalise(text)} "):
            end = last - 1  # the padded text has one extra space in front, and the key one behind
            start = end - length
            surface = text[start:end]
            for value, rule in bucket:
                if rule.accepts(surface):
                    out.append(Match(start, end, value))
        return out

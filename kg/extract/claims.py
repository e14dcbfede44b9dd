"""`kg_claims`: quantitative results as data: "up to 4.86x speedup on NVIDIA GPUs compared to Hugging Face".

A number becomes a claim when the words around it say what kind of result it is (a speedup, a reduction, an
improvement, or an absolute figure given with its unit) and what it measures (latency, memory, accuracy...). Counts,
sizes, settings and years have neither and are left alone. Each claim is tied to the hardware named in its sentence
(or the sentence beside it), the baseline it is compared against, and the paper's own method when it is the
subject. Runs after `kg_resolver`, so hardware, baselines and subjects are the paper's resolved entities.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import paper_doc
from kg.extract.cues import cue_pattern
from kg.records import Claim, EntityLink, EntityType
from kg.resources import ontology_file

NUMBER = (r"(?<![\w.,/-])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"  # a range ("4-5x", "30x to 450x") is two values
          r"(?:\s?(?:x|×|%)?\s?(?:-|–|to)\s?(?P<num2>\d+(?:,\d{3})*(?:\.\d+)?))?")
WORD = re.compile(r"\S+")
COMPARATIVE_THAN = re.compile(r"\b(?:more|less|fewer|greater|higher|lower|better|worse|larger|smaller)\s+than\b", re.I)
WORDS = {"half": ("50", "%"), "twice": ("2", "x"), "an order of magnitude": ("10", "x"),
         "orders of magnitude": ("10", "x"), "double": ("2", "x")}
WORD_NUMBER = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in WORDS) + r")\b", re.I)
DETERMINERS = {"the", "a", "an", "existing", "prior", "previous", "its", "their", "standard", "conventional"}
STOP = re.compile(r"[,;:()]|\s(?:on|in|while|with|across|at|for|when|by|using|under|and|which|that|to)\s")


@dataclass(frozen=True)
class ClaimCues:
    window: int
    kinds: re.Pattern
    worse: re.Pattern
    higher_is_better: frozenset[str]
    quantities: re.Pattern
    units: dict[str, str]
    value: re.Pattern
    qualifiers: list[tuple[str, re.Pattern]]
    baselines: re.Pattern
    counted: frozenset[str]


@lru_cache(maxsize=1)
def load_claim_cues() -> ClaimCues:
    data = tomllib.loads(ontology_file("cues.toml").read_text(encoding="utf-8"))["claims"]
    kinds = "|".join(f"(?P<{k}>{cue_pattern(data[k])})" for k in ("speedup", "reduction", "improvement"))
    quantities = "|".join(f"(?P<{q}>{cue_pattern(words)})" for q, words in data["quantities"].items())
    unit_of = {unit: quantity for quantity, units in data["units"].items() for unit in units}
    units = "|".join(f"(?P<u{i}>{u})" for i, u in enumerate(unit_of))
    value = re.compile(
        NUMBER + r"(?:\s?(?P<times>x|×|X)(?!\w)|\s?(?:(?P<pct>%)|percent\b)|\s(?P<points>percentage points|points"
        r"|pts|pp)\b|\s(?P<times2>times)\b|\s?(?:" + units + r")(?![\w/]))")
    return ClaimCues(
        window=data["window"],
        kinds=re.compile(kinds, re.I),
        worse=re.compile(cue_pattern(data["worse"]), re.I),
        higher_is_better=frozenset(data["higher_is_better"]),
        quantities=re.compile(quantities, re.I),
        units={f"u{i}": q for i, q in enumerate(unit_of.values())},
        value=value,
        qualifiers=[(name, re.compile(cue_pattern(words) + r"\s*$", re.I))
                    for name, words in data["qualifiers"].items()],
        baselines=re.compile(cue_pattern(data["baselines"]["cues"]), re.I),
        counted=frozenset(w.lower() for w in data["counted"]["nouns"]),
    )


@dataclass(frozen=True)
class Value:
    start: int
    end: int
    text: str
    number: float
    form: str  # "times", "percent", "points" or "unit"
    unit_quantity: str | None
    slot: int  # the two ends of a range share a slot


def values_in(sentence: str, cues: ClaimCues) -> list[Value]:
    found = []
    for slot, m in enumerate(cues.value.finditer(sentence)):
        if m["times"] or m["times2"]:
            form, quantity = "times", None
        elif m["pct"] or "percent" in m.group(0):
            form, quantity = "percent", None
        elif m["points"]:
            form, quantity = "points", "accuracy"
        else:
            form, quantity = "unit", cues.units[m.lastgroup]
        suffix = m.group(0)[m.end("num2" if m["num2"] else "num") - m.start():]
        for group in ("num", "num2") if m["num2"] else ("num",):
            found.append(Value(m.start(), m.end(), m[group] + suffix, float(m[group].replace(",", "")), form,
                               quantity, slot))
    for m in WORD_NUMBER.finditer(sentence):
        number, sign = WORDS[m.group(0).lower()]
        found.append(Value(m.start(), m.end(), m.group(0), float(number), "times" if sign == "x" else "percent", None,
                           -1 - m.start()))
    return sorted(found, key=lambda v: v.start)


def nearest(pattern: re.Pattern, sentence: str, start: int, end: int, window: int,
            overlap: bool = False) -> re.Match | None:
    """The match of `pattern` closest to sentence[start:end], within `window` words on either side; a tie goes to
    the words after it ("a 5.1x reduction in inference memory")."""
    before = list(WORD.finditer(sentence, 0, start))[-window:]
    after = list(WORD.finditer(sentence, end))[:window]
    low = before[0].start() if before else start
    high = after[-1].end() if after else end
    best, best_distance = None, None
    for m in pattern.finditer(sentence, low, high):
        if m.start() < end and m.end() > start:
            if not overlap:
                continue
            distance = 0
        elif m.end() <= start:
            distance = len(sentence[m.end():start].split()) + 0.5
        else:
            distance = len(sentence[end:m.start()].split())
        if best_distance is None or distance < best_distance:
            best, best_distance = m, distance
    return best


class ClaimFinder:
    def __init__(self, name: str):
        self.name, self.cues = name, load_claim_cues()

    def __call__(self, doc: Doc) -> Doc:
        state = paper_doc(doc)
        hardware = [(m.start, m.end, link) for link in state.links if link.type is EntityType.HARDWARE
                    for m in link.mentions]
        claims = []
        for index, (start, end) in enumerate(state.sentences):
            sentence = state.text[start:end]
            found: list[tuple] = []
            for value in values_in(sentence, self.cues):
                inherited = found[-1] if found and len(sentence[found[-1][0].end:value.start].split()) <= 8 else None
                if c := self.claim(sentence, value, start, state.links, inherited):
                    found.append(c)
            claims += self.attach_hardware(found, index, state.sentences, hardware)
        state.claims = claims
        return doc

    def claim(self, sentence: str, value: Value, offset: int, links: list[EntityLink],
              previous: tuple | None = None) -> tuple | None:
        """The claim a number makes, if any. `previous` is the claim just before it in the sentence, whose kind an
        elliptic second value shares ("reduces energy by 41% and training time by 34%")."""
        cues = self.cues
        after = sentence[value.end:].split()
        if after and after[0].strip(".,;:()").lower() in cues.counted:
            return None
        # "more than half", "less than 2x": the comparative is the value's qualifier, not a kind of result
        masked = COMPARATIVE_THAN.sub(lambda m: " " * len(m.group(0)), sentence)
        kind_cue = nearest(cues.kinds, masked, value.start, value.end, cues.window)
        if value.form == "unit" and not kind_cue:
            kind, quantity = "absolute", value.unit_quantity
        elif not kind_cue and value.form == "points" and sentence[: value.start].rstrip().endswith("+"):
            kind, quantity = "improvement", "accuracy"
        elif not kind_cue and value.form == "times" and self.speedup_sentence(masked, value):
            kind, quantity = "speedup", "speed"
        elif not kind_cue and previous is not None and value.form == previous[0].form:
            kind = previous[1]
            found = nearest(cues.quantities, masked, value.start, value.end, 4)
            quantity = value.unit_quantity or (found.lastgroup if found else previous[2])
        elif not kind_cue:
            return None
        else:
            kind = kind_cue.lastgroup
            if value.form == "times" and kind != "speedup" and self.speedup_sentence(masked, value):
                kind = "speedup"
            quantity = value.unit_quantity or self.quantity(masked, value, kind_cue)
            if value.form == "times" and quantity == "speed":
                kind = "speedup"  # "a 4-5x increase in inference speed"
            if kind == "speedup" and quantity not in ("latency", "throughput", "time"):
                quantity = "speed"
        if not quantity or (value.form == "times" and quantity == "accuracy"):
            return None
        worse = nearest(cues.worse, masked, value.start, value.end, 3)
        direction = self.direction(kind, quantity, kind_cue, bool(worse))
        qualifier = next((name for name, p in cues.qualifiers if p.search(sentence[max(0, value.start - 25):value.start])),
                         None)
        return (value, kind, quantity, direction, qualifier, sentence.strip(), offset,
                *self.baseline(sentence, value, offset, links), *self.subject(sentence, offset, links))

    def quantity(self, sentence: str, value: Value, kind_cue: re.Match) -> str | None:
        """What is measured: the quantity word nearest the kind word ("reduces energy consumption by 41% and
        training time by 34%"), else the one nearest the number."""
        found = (nearest(self.cues.quantities, sentence, kind_cue.start(), kind_cue.end(), 4, overlap=True)
                 or nearest(self.cues.quantities, sentence, value.start, value.end, self.cues.window))
        return found.lastgroup if found else None

    def speedup_sentence(self, sentence: str, value: Value) -> bool:
        """"up to 4.86x and 2.18x speedup", "over 13x on T4 and exceeding 40x on A100": a multiplier in a sentence
        about speedups is one, unless its own reduction or improvement word stands right beside it."""
        beside = nearest(self.cues.kinds, sentence, value.start, value.end, 2)
        if beside is not None and beside.lastgroup != "speedup":
            return False
        return any(m.lastgroup == "speedup" for m in self.cues.kinds.finditer(sentence))

    def direction(self, kind: str, quantity: str, cue: re.Match | None, worse: bool) -> str:
        if worse:
            return "worse"
        if kind in ("absolute", "speedup") or cue is None:
            return "better"
        word = cue.group(0).lower()
        if kind == "improvement" and word.startswith(("improv", "better", "gain", "boost", "enhanc", "outperform")):
            return "better"
        higher = quantity in self.cues.higher_is_better
        return "better" if (kind == "improvement") == higher else "worse"

    def baseline(self, sentence: str, value: Value, offset: int,
                 links: list[EntityLink]) -> tuple[str | None, str | None]:
        for m in self.cues.baselines.finditer(sentence):
            rest = sentence[m.end():]
            word = m.group(0).lower()
            if word in ("than", "over") and re.match(r"\s*(?:\d|half\b|twice\b|an order)", rest):
                continue  # "more than 50%", "over 30x": a qualifier, not a baseline
            if word == "over" and m.start() < value.start and not re.search(r"improv|gain|speedup", sentence[:m.start()],
                                                                                re.I):
                continue
            phrase = STOP.split(" " + rest.strip() + " ", maxsplit=1)[0].strip().rstrip(".")
            words = phrase.split()
            while words and words[0].lower() in DETERMINERS:
                words.pop(0)
            if not words:
                continue
            text = " ".join(words[:8])
            start = offset + m.end() + rest.find(words[0])
            for link in links:
                if any(start <= mention.start < start + len(text) + 1 for mention in link.mentions):
                    return link.entity_id, link.label
            return None, text
        return None, None

    @staticmethod
    def subject(sentence: str, offset: int, links: list[EntityLink]) -> tuple[str | None, str | None]:
        proposed = [link for link in links if link.proposed]
        for link in proposed:
            if any(offset <= m.start < offset + len(sentence) for m in link.mentions):
                return link.entity_id, link.label
        if proposed and re.search(r"\b(?:we|our|it|this)\b", sentence, re.I):
            return proposed[0].entity_id, proposed[0].label
        return None, None

    def attach_hardware(self, found: list[tuple], index: int, sentences: list[tuple[int, int]],
                        hardware: list[tuple[int, int, EntityLink]]) -> list[Claim]:
        """The hardware a claim was measured on: paired in order when a sentence lists as many values as hardware
        ("4.86x and 2.18x on NVIDIA and AMD GPUs"); else the hardware named between this value and the next, a
        product before a class ("13x on consumer-grade GPUs (NVIDIA T4)"); else the nearest before it in the
        sentence; else the one hardware entity named in the sentence before or after."""
        if not found:
            return []
        start, end = sentences[index]
        here = sorted(h for h in hardware if start <= h[0] < end)
        distinct = list(dict.fromkeys(link.entity_id for _, _, link in here))
        slots = list(dict.fromkeys(item[0].slot for item in found))
        claims = []
        for i, item in enumerate(found):
            at = start + item[0].end
            until = start + found[i + 1][0].start if i + 1 < len(found) else end
            if len(distinct) == len(slots) > 1:
                chosen = next(link for _, _, link in here if link.entity_id == distinct[slots.index(item[0].slot)])
            elif after := [link for s, _, link in here if at <= s < until]:
                chosen = min(after, key=lambda link: link.level != "product")
            elif before := [link for s, _, link in here if s < at]:
                chosen = before[-1]
            else:
                chosen = self.neighbour_hardware(index, sentences, hardware)
            claims.append(make_claim(item, chosen))
        return claims

    @staticmethod
    def neighbour_hardware(index: int, sentences: list[tuple[int, int]],
                           hardware: list[tuple[int, int, EntityLink]]) -> EntityLink | None:
        for j in (index - 1, index + 1):
            if 0 <= j < len(sentences):
                start, end = sentences[j]
                near = {link.entity_id: link for s, _, link in hardware if start <= s < end}
                if len(near) == 1:
                    return next(iter(near.values()))
        return None


def make_claim(item: tuple, hardware: EntityLink | None) -> Claim:
    value, kind, quantity, direction, qualifier, sentence, _, baseline, baseline_text, subject, subject_label = item
    return Claim(
        value_text=value.text, value=value.number, kind=kind, quantity=quantity, direction=direction,
        qualifier=qualifier, sentence=" ".join(sentence.split()),
        hardware=hardware.entity_id if hardware else None, hardware_label=hardware.label if hardware else None,
        baseline=baseline, baseline_text=baseline_text, subject=subject, subject_label=subject_label,
    )


@Language.factory("kg_claims")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder(name)

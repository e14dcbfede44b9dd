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
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import paper_doc
from kg.extract.cues import cue_pattern
from kg.records import Claim, EntityLink, EntityType
from kg.resources import ontology_file

NUMBER = (r"(?<![\w.,/-])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"  # a range ("4-5x", "30x to 450x") is two values
          r"(?:\s?(?:x|×|X|times|%)?\s?(?:-|–|~|to)\s?(?P<num2>\d+(?:,\d{3})*(?:\.\d+)?))?")
WORD = re.compile(r"\S+")
CLAUSE_BREAK = re.compile(r"[,;]|\b(?:and|while|whereas|but)\b")
SEPARATOR = re.compile(r"[,;]|\b(?:and|while|whereas|but|with)\b")
LISTED = re.compile(r"\s*(?:,\s*)?(?:and|or|to)?\s*", re.I)
BY_VALUE = re.compile(r"\b(?:by|(?<!up )to)\s+(?:(?:up to|over|more than|about|nearly|almost|approximately|roughly|"
                      r"at least|only|an average of|on average|a factor of|a total of|~)\s*)*$", re.I)
ENDPOINT = re.compile(r"\b(?:from|(?<!up )to)\s+(?:over\s+|about\s+|nearly\s+)?$", re.I)
OF_NOUN = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?", re.I)
LESS_THAN = re.compile(r"\bless\s+than\s+$", re.I)
BY_WINDOW = 25  # words back to the verb that governs "by N": "reduce the GPU memory usage of models such as ..."
COMPARATIVE_THAN = re.compile(r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller)\s+than(?=\s+(?:\d|half\b|twice\b|an? ))",
                              re.I)
WORDS = {"half": ("50", "%"), "twice": ("2", "x"), "an order of magnitude": ("10", "x"),
         "orders of magnitude": ("10", "x"), "double": ("2", "x"), "two orders of magnitude": ("100", "x"),
         "two-order-of-magnitude": ("100", "x"), "three orders of magnitude": ("1000", "x")}
WORD_NUMBER = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in WORDS) + r")\b", re.I)
WORD_NUMBER_HINTS = {max(w.replace("-", " ").split(), key=len) for w in WORDS}  # cheap test before the regex
DETERMINERS = {"the", "a", "an", "existing", "prior", "previous", "its", "their", "standard", "conventional"}
STOP = re.compile(r"[,;:()]|\s(?:on|in|while|with|across|at|for|when|by|using|under|and|which|that|to)\s")


@dataclass(frozen=True)
class ClaimCues:
    window: int
    kinds: re.Pattern
    worse: re.Pattern
    higher_is_better: frozenset[str]
    quantities: re.Pattern
    not_speed: re.Pattern
    timed: re.Pattern
    training: re.Pattern
    inference: re.Pattern
    removal: re.Pattern
    measured: frozenset[str]
    hardware_words: frozenset[str]
    background: re.Pattern
    settings: re.Pattern
    margin_verbs: re.Pattern
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
    not_speed = "|".join(f"(?P<{q}>{cue_pattern(words)})" for q, words in data["quantities"].items() if q != "speed")
    timed = "|".join(f"(?P<{q}>{cue_pattern(data['quantities'][q])})"
                     for q in ("latency", "throughput", "flops", "time"))
    unit_of = {unit: quantity for quantity, units in data["units"].items() for unit in units}
    units = "|".join(f"(?P<u{i}>{u})" for i, u in enumerate(unit_of))
    value = re.compile(
        NUMBER + r"(?:\s?(?P<times>x|×|X|times)(?!\w)|\s?(?:(?P<pct>\\?%)|percent\b)|\s(?P<points>"
        + "|".join(data["points"]["metrics"]) + r")\b|\s?(?:" + units + r")(?![\w/]))")
    return ClaimCues(
        window=data["window"],
        kinds=re.compile(kinds, re.I),
        worse=re.compile(cue_pattern(data["worse"]), re.I),
        higher_is_better=frozenset(data["higher_is_better"]),
        quantities=re.compile(quantities, re.I),
        not_speed=re.compile(not_speed, re.I),
        timed=re.compile(timed, re.I),
        training=re.compile(cue_pattern(data["training"]), re.I),
        inference=re.compile(cue_pattern(data["inference"]), re.I),
        removal=re.compile(cue_pattern(data["removal"]), re.I),
        measured=frozenset(data["measured"]),
        hardware_words=frozenset(w.lower() for w in data["hardware_words"]),
        background=re.compile(cue_pattern(data["background"]), re.I),
        settings=re.compile(r"\s*(?:" + cue_pattern(data["settings"]) + ")", re.I),
        margin_verbs=re.compile(cue_pattern(data["margin_verbs"]), re.I),
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
    spelled: bool = False  # "half", "an order of magnitude"


DIGIT = re.compile(r"\d")


def values_in(sentence: str, cues: ClaimCues) -> list[Value]:
    found = []
    matches = cues.value.finditer(sentence) if DIGIT.search(sentence) else ()  # most sentences have no number
    for slot, m in enumerate(matches):
        if m["times"]:
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
    low = sentence.lower()
    spelled = WORD_NUMBER.finditer(sentence) if any(h in low for h in WORD_NUMBER_HINTS) else ()
    for m in spelled:
        number, sign = WORDS[m.group(0).lower()]
        form = "times" if sign == "x" else "percent"
        found.append(Value(m.start(), m.end(), m.group(0), float(number), form, None, -1 - m.start(), spelled=True))
    return sorted(found, key=lambda v: v.start)


def nearest(pattern: re.Pattern, sentence: str, start: int, end: int, window: int, overlap: bool = False,
            side: str = "both", accept=None) -> re.Match | None:
    """The match of `pattern` closest to sentence[start:end], within `window` words on `side` ("before", "after"
    or "both"); a tie goes to the words after it ("a 5.1x reduction in inference memory")."""
    before = list(WORD.finditer(sentence, 0, start))[-window:] if side != "after" else []
    after = list(WORD.finditer(sentence, end))[:window] if side != "before" else []
    low = before[0].start() if before else start
    high = after[-1].end() if after else end
    best, best_distance = None, None
    for m in pattern.finditer(sentence, low, high):
        if accept is not None and not accept(m):
            continue
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
        mentions = [(m.start, m.end) for link in state.links for m in link.mentions]
        hardware = [(m.start, m.end, link) for link in state.links if link.type is EntityType.HARDWARE
                    for m in link.mentions]
        claims = []
        for index, (start, end) in enumerate(state.sentences):
            sentence = state.text[start:end]
            found: list[tuple] = []
            values = results_only(values_in(sentence, self.cues), sentence)
            for value in values:
                if any(s < start + value.end and start + value.start < e for s, e in mentions):
                    continue  # part of a name: "A800 80GB", "Llama-3-70B"
                near = found and len(sentence[found[-1][0].end:value.start].split()) <= 8
                if c := self.claim(sentence, value, start, state.links, found[-1] if near else None, values):
                    found.append(c)
            claims += self.attach_hardware(found, index, state.sentences, hardware)
        state.claims = claims
        return doc

    def claim(self, sentence: str, value: Value, offset: int, links: list[EntityLink],
              previous: tuple | None = None, others: list[Value] = ()) -> tuple | None:
        """The claim a number makes, if any. `previous` is the claim just before it in the sentence, whose kind an
        elliptic second value shares ("reduces energy by 41% and training time by 34%")."""
        if not self.is_result(sentence, value):
            return None
        # "more than half", "less than 2x": the comparative is the value's qualifier, not a kind of result
        masked = COMPARATIVE_THAN.sub(lambda m: " " * len(m.group(0)), sentence)
        kind, cue = self.kind(sentence, masked, value, previous)
        if kind is None:
            return None
        if value.form == "unit" and ENDPOINT.search(sentence, 0, value.start):
            kind, cue = "absolute", None  # "reduces storage from 57Gb to 8.2Gb": the figure reached
        quantity = self.quantity(masked, value, kind, cue, previous, Segments(masked, others or [value]))
        if quantity in ("speed", "throughput") and value.form == "times" and kind == "improvement":
            kind = "speedup"  # "a 4-5x increase in inference speed", "24x higher throughput"
        if kind == "speedup":
            quantity = self.speedup_quantity(masked, value, quantity, previous)
        if not quantity:
            return None
        worse = nearest(self.cues.worse, masked, value.start, value.end, 3)
        direction = self.direction(kind, quantity, cue, bool(worse))
        qualifier = next((name for name, p in self.cues.qualifiers
                          if p.search(sentence[max(0, value.start - 25):value.start])), None)
        return (value, kind, quantity, direction, qualifier, sentence.strip(), offset,
                *self.baseline(sentence, value, offset, links), *self.subject(sentence, offset, links))

    def is_result(self, sentence: str, value: Value) -> bool:
        """Not a count ("12 datasets"), not a setting ("a 25% pruning ratio"), not a score reached ("improves from
        69.8% to 73.2%"), not a share of something without a saving ("3% of the data"), not a description of the
        hardware ("a 24 GB consumer GPU") or of the problem the paper starts from ("may lead to a 50% loss")."""
        cues = self.cues
        after = [w.strip(".,;:()").lower() for w in sentence[value.end:].split()[:3]]
        if after and after[0] in cues.counted:
            return False
        if cues.settings.match(sentence, value.end) or nearest(cues.background, sentence, value.start, value.end,
                                                               4, side="before"):
            return False
        if value.form in ("percent", "points") and ENDPOINT.search(sentence, 0, value.start):
            return False
        if value.form == "percent" and after[:1] == ["of"]:
            return bool(nearest(cues.removal, sentence, value.start, value.end, 2, side="before"))
        if value.form == "unit" and cues.hardware_words & set(after):
            return False
        if value.spelled:  # "by half", "less than half the memory"; not "orders of magnitude more" as background
            return bool(BY_VALUE.search(sentence, 0, value.start) or LESS_THAN.search(sentence, 0, value.start)
                        or (beside := nearest(cues.kinds, sentence, value.start, value.end, 2))
                        and beside.lastgroup != "improvement")
        return True

    def kind(self, sentence: str, masked: str, value: Value,
             previous: tuple | None) -> tuple[str | None, re.Match | None]:
        """Speedup, reduction, improvement or absolute, from the nearest cue word: after "by" the verb before
        governs ("accelerates prefill by 2.6x and reduces memory by 50%"); a reduction word beside an improvement
        word wins ("memory compression gains of 4x"); a multiplier in a sentence about speedups is one."""
        cues = self.cues
        by = BY_VALUE.search(masked, 0, value.start)
        cue = (nearest(cues.kinds, masked, value.start, value.end, BY_WINDOW, side="before") if by else None) \
            or nearest(cues.kinds, masked, value.start, value.end, cues.window)
        if cue is None:
            if value.spelled and LESS_THAN.search(sentence, 0, value.start):
                return "reduction", None  # "requires less than half the memory"
            if value.form == "unit":
                return "absolute", None
            if value.form == "points" and masked[: value.start].rstrip().endswith("+"):
                return "improvement", None
            if value.form == "times" and self.speedup_sentence(masked, value):
                return "speedup", None
            if previous is not None and value.form == previous[0].form:
                return previous[1], None
            return None, None
        kind = cue.lastgroup
        if cues.margin_verbs.fullmatch(cue.group(0)) and cue.end() <= value.start and not by:
            return None, None  # "boosts ResNet-50 to surpass 80%": a score reached, not a margin
        if kind == "improvement":
            reduction = [m for m in cues.kinds.finditer(masked, max(0, cue.start() - 30), cue.end() + 30)
                         if m.lastgroup == "reduction" and abs(m.start() - cue.start()) < 30]
            if reduction:
                return "reduction", reduction[0]
        if value.form == "times" and kind != "speedup" and self.speedup_sentence(masked, value):
            return "speedup", cue
        return kind, cue

    def quantity(self, masked: str, value: Value, kind: str, cue: re.Match | None, previous: tuple | None,
                 segments: Segments) -> str | None:
        """What is measured: the quantity word nearest the kind word ("reduces energy consumption by 41%"), else
        the one nearest the number, never one that stands nearer another number of the sentence ("2.5% of model
        size and an increase of 130.5% in inference speed"). A reduction is never of speed ("50x faster and 100x
        smaller" cuts size); compressing cuts size unless it is memory that is compressed ("the KV cache")."""
        if value.unit_quantity:
            return value.unit_quantity
        pattern = self.cues.not_speed if kind == "reduction" else self.cues.quantities
        if of := OF_NOUN.match(masked, value.end):  # "removing 60% of the parameters"
            if (found := pattern.search(masked, of.end(), of.end() + 40)) and found.start() - of.end() < 20:
                return found.lastgroup
        mine = lambda m: not segments.belongs_elsewhere(m, value)  # noqa: E731
        found = (nearest(pattern, masked, cue.start(), cue.end(), 4, overlap=True, accept=mine) if cue else None) \
            or nearest(pattern, masked, value.start, value.end, 10 if cue else 4, accept=mine)
        if cue is not None and cue.group(0).lower().startswith("compress") and (not found or found.lastgroup != "memory"):
            return "storage"
        if found:
            return found.lastgroup
        if cue is not None and kind == "improvement" and value.form in ("percent", "points"):
            return "accuracy"  # "surpasses the state of the art by 16.3%"
        return previous[2] if previous is not None and cue is None else None

    def speedup_quantity(self, sentence: str, value: Value, quantity: str | None, previous: tuple | None) -> str:
        """A speedup is of latency, throughput or FLOPs when the words beside it say so ("1.45x latency speedup",
        "2x speedup on GPU in query latency"), of speed when the sentence is about inference, of a job's total time
        when it is about training or compressing ("a 1.43x training speedup"), like the speedup before it in the
        sentence ("40 times faster than X and 4 times faster than Y"), else of speed."""
        cues = self.cues
        if timed := nearest(cues.timed, sentence, value.start, value.end, 6):
            return timed.lastgroup
        if nearest(cues.inference, sentence, value.start, value.end, cues.window):
            return "speed"
        if quantity == "time" or nearest(cues.training, sentence, value.start, value.end, cues.window):
            return "time"
        if previous is not None and previous[1] == "speedup":
            return previous[2]
        return "speed"

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
        """What the claim compares against: the phrase after a comparison word in the claim's own clause ("2.1x
        higher throughput than llama.cpp"), else one opening the sentence ("Compared with GPTQ, ..."), else the
        nearest; an entity when one is named there."""
        found = []
        for m in self.cues.baselines.finditer(sentence):
            rest = sentence[m.end():]
            word = m.group(0).lower()
            if word in ("than", "over") and re.match(r"\s*(?:\d|half\b|twice\b|an order)", rest):
                continue  # "more than 50%", "over 30x": a qualifier, not a baseline
            if word == "over" and m.start() < value.start and not re.search(r"improv|gain|speedup", sentence[:m.start()],
                                                                                re.I):
                continue
            same_clause = not CLAUSE_BREAK.search(sentence, min(m.start(), value.end), max(m.start(), value.start))
            opening = not CLAUSE_BREAK.search(sentence, 0, m.start())  # "Compared with GPTQ, ..." covers the sentence
            distance = m.start() - value.end if m.start() >= value.end else 10 * (value.start - m.end())
            found.append((0 if same_clause else 1 if opening else 2, distance, m, rest))
        for _, _, m, rest in sorted(found, key=lambda f: f[:2]):
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
        """The hardware a claim about speed, memory or energy was measured on: paired in order when a sentence
        lists as many values as hardware ("4.86x and 2.18x on NVIDIA and AMD GPUs"); else the hardware named
        between this value and the next, a product before a class ("13x on consumer-grade GPUs (NVIDIA T4)");
        else the one hardware the sentence names, or the nearest before the value; else the one hardware entity
        named in the sentence before or after. Accuracy, size and FLOPs claims get none."""
        start, end = sentences[index]
        here = sorted(h for h in hardware if start <= h[0] < end)
        distinct = list(dict.fromkeys(link.entity_id for _, _, link in here))
        measured = [item for item in found if item[2] in self.cues.measured]
        slots = list(dict.fromkeys(item[0].slot for item in measured))
        claims = []
        for i, item in enumerate(found):
            if item[2] not in self.cues.measured:
                claims.append(make_claim(item, None))
                continue
            at = start + item[0].end
            until = start + found[i + 1][0].start if i + 1 < len(found) else end
            if len(distinct) == len(slots) > 1:
                chosen = next(link for _, _, link in here if link.entity_id == distinct[slots.index(item[0].slot)])
            elif after := [link for s, _, link in here if at <= s < until]:
                chosen = min(after, key=lambda link: link.level != "product")
            elif len(distinct) == 1:
                chosen = here[0][2]
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


class Segments:
    """A sentence cut at commas, semicolons and "and", and which of its numbers are listed together ("4-5x and
    20-25x increase in speed"), to tell which number a quantity word belongs to."""

    def __init__(self, sentence: str, values: list[Value]):
        self.cuts = [m.start() for m in SEPARATOR.finditer(sentence)]
        self.group: dict[int, int] = {}
        for value in values:
            self.group.setdefault(value.slot, value.slot)
        for a, b in zip(values, values[1:]):
            if a.slot != b.slot and LISTED.fullmatch(sentence, a.end, b.start):
                self.group[b.slot] = self.group[a.slot]
        self.values = values

    def segment(self, position: int) -> int:
        return bisect_right(self.cuts, position)

    def belongs_elsewhere(self, match: re.Match, value: Value) -> bool:
        """Whether a quantity word sits with another number (not listed with this one), away from this one."""
        here = self.segment(match.start())
        if self.segment(value.start) == here:
            return False
        mine = self.group[value.slot]
        return any(self.group[o.slot] != mine and self.segment(o.start) == here for o in self.values)


def results_only(values: list[Value], sentence: str) -> list[Value]:
    """"from 31GB to 16GB": only the figure reached is a result."""
    kept = []
    for value in values:
        if value.form == "unit" and re.search(r"\bfrom\s*$", sentence[: value.start]) \
                and re.match(r"\s*to\b", sentence[value.end:]):
            continue
        kept.append(value)
    return kept


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

"""`kg_contributions`: the names a paper coins for its own work, marked proposed.

Where they are found: before the colon of the title ("CaLoRAify: ..."), after "we propose/present/introduce",
after "called/dubbed/named/termed", and in "our method, X,". A name must look coined (see namelike.py) or be a run
of capitalised words that the text defines or describes; a descriptive lowercase phrase is not a name.
Every later occurrence of an accepted name is a mention too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import Candidate, paper_doc
from kg.extract.cues import Cues, load_cues
from kg.extract.namelike import QUOTES, find_name, is_capitalised, is_coined, title_case_run
from kg.records import EntityType
from kg.vocab import Vocabulary, load_vocabulary

SUBJECT = re.compile(r"\b(?:we|this (?:paper|work|study|report|article)|here|authors?)\b", re.I)
TOKEN = re.compile(r"\(|\)|,|;|:|[^\s,;:()]*[^\s,;:().]|\.")
SIZE = re.compile(r"\d(?:\.\d+)?[BM]\b")
STOP_WORDS = {"of", "for", "to", "that", "which", "with", "on", "in", "by", "from", "as", "using", "via", "where",
              "at", "across", "into", "between", "under", "over", "against", "than", "and", "or", "is", "are", "can",
              "while", "when", "whose", "based", "through", "without", "within", "we", "it"}
BREAKS = {".", ";", ":", "(", ")"}
LATEX_FONTS = {"rm", "bf", "it", "tt", "sf", "\\rm", "\\bf", "\\mathrm", "\\textrm", "\\textbf", "\\emph"}
APPOSITIVE = re.compile(r"\s*(?:,|\bis\b|\([^()]{1,40}\),)\s+((?:an?|the)\s+[^.;]*)")
DASHES = frozenset({"--", "---", "—", "–"})
COLLECTIVES = {"family", "series", "suite", "collection", "set", "range", "pair", "number", "variety"}
QUOTED_COINED = re.compile(r"(?:``|\*\*|[\"“'‘])([A-Za-z][\w.+#-]*[\w+#])(?:''|\*\*|[\"”'’])")


class ContributionFinder:
    def __init__(self, name: str, vocab: Vocabulary, cues: Cues, confidence: float):
        self.name, self.vocab, self.cues, self.confidence = name, vocab, cues, confidence
        self.cue_words = (cues.propose_verbs | cues.naming_cues | cues.apposition_cues | cues.refer_cues
                          | {"our", "proposed"})

    def __call__(self, doc: Doc) -> Doc:
        state = paper_doc(doc)
        text, title_end = state.text, state.title_end
        names: dict[str, EntityType] = {}
        title = text[:title_end]
        for found in self.title_names(title, text[title_end:]):
            names[found] = self.type_of(found, text, None, subtitle(found, title))
        for start, end in state.sentences:
            if self.cue_words.isdisjoint(text[start:end].lower().split()):
                continue
            for name, described in self.named_in(text[start:end]):
                names.setdefault(name, self.type_of(name, text, described, subtitle(name, title)))
        for m in QUOTED_COINED.finditer(text):
            if is_coined(m.group(1)) and not self.vocab.is_generic(m.group(1)):
                names.setdefault(m.group(1), self.type_of(m.group(1), text, None))
        found_spans = []
        for name, entity_type in names.items():
            if self.cues.names_no_entity(name.split()) \
                    or self.cues.describes_no_entity(description_after(name, text), STOP_WORDS):
                continue  # "X, a measure to ...", "Lottery Ticket Hypothesis"
            for start, end in occurrences(name, text):
                found_spans.append(Candidate(start, end, entity_type, self.name, self.confidence,
                                             name=name, proposed=True))
        state.candidates += found_spans
        return doc

    def title_names(self, title: str, abstract: str) -> list[str]:
        found = [self.colon_name(title, abstract), self.leading_name(title, abstract),
                 *self.title_runs(title, abstract)]
        return list(dict.fromkeys(name for name in found if name))

    def title_runs(self, title: str, abstract: str) -> list[str]:
        """"...: Preference Optimization with the Pairwise Cringe Loss": a capitalised run inside the title that
        ends in a method or model word and that the abstract writes again with the same capitals."""
        found = []
        for m in re.finditer(r"(?:[A-Z][\w-]*[\w]\s){1,4}[A-Z][\w-]*\w", title):
            words = m.group(0).split()
            if len(words) < 2 or self.opens_title(words[0]) or m.start() == 0:
                continue
            name = " ".join(words)
            if (self.cues.head_type(words[-1]) in (EntityType.METHOD, EntityType.MODEL)
                    and not self.vocab.lookup(name) and not self.vocab.is_generic(name)
                    and find_name(abstract, name, exact_case=True)):
                found.append(name)
        return found

    def colon_name(self, title: str, abstract: str) -> str | None:
        """"CaLoRAify: Calorie Estimation ..." -> "CaLoRAify"; "Sundial: ..." when the abstract writes "Sundial"
        capitalised inside a sentence (so not "Attention: ..."); "Towards Provable ...: ..." -> None."""
        m = re.match(r"\s*([^:]{1,60}?)\s*:\s", title)
        if not m:
            return None
        name = m.group(1)
        words = name.split()
        if len(words) == 1:
            return name if is_coined(name) or self.written_as_name(name, abstract) else None
        if len(words) > 4 or self.opens_title(words[0]):
            return None
        if any(is_coined(w) for w in words) and len(title_case_run(words)) == len(words):
            return name
        if all(is_capitalised(w) for w in words) and self.cues.head_type(words[-1]):
            return name
        return None

    @staticmethod
    def written_as_name(word: str, abstract: str) -> bool:
        """Capitalised where a sentence does not start: a proper name, not an ordinary word."""
        return any(start > 1 and abstract[:start].rstrip()[-1:] not in ".!?:"
                   for start, _ in find_name(abstract, word, exact_case=True)) and is_capitalised(word)

    def leading_name(self, title: str, abstract: str) -> str | None:
        """"Harmonic Loss Trains Interpretable AI Models" -> "Harmonic Loss": the longest capitalised opening of
        the title that ends in a method, model or dataset word (or a known entity: "... Information Bottleneck"),
        is no known entity itself, and recurs in the abstract or is followed by "for", "with", "via"."""
        words = title.split()
        run = []
        for w in words:
            if not (is_capitalised(w) or is_coined(w)) or w.endswith(":"):
                break
            run.append(w)
        if len(run) < 2 or self.opens_title(run[0]):
            return None
        for n in range(min(len(run), 6), 1, -1):
            name = " ".join(run[:n])
            if self.vocab.lookup(name) or self.vocab.is_generic(name):
                continue
            purpose = n == len(run) <= 4 and len(words) > n and words[n].lower() in ("for", "with", "via")
            if self.cues.type_of_head(run[:n]) and (purpose or occurrences(name, abstract)):
                return name
            if purpose and self.ends_with_known(run[:n]):
                return name
        return None

    def opens_title(self, word: str) -> bool:
        """"Towards ...", "Rethinking ...", "Quantizing ...": a title that starts by saying what it does."""
        low = word.lower()
        return low in self.cues.title_openers or (low.endswith("ing") and not is_coined(word))

    def ends_with_known(self, words: list[str]) -> bool:
        """"Cauchy-Schwarz Divergence Information Bottleneck" ends with a known method."""
        return any(self.vocab.lookup(" ".join(words[i:])) for i in range(1, len(words)))

    def named_in(self, sentence: str) -> list[tuple[str, list[str]]]:
        """Names introduced in a sentence, each with the words that describe it (for its type)."""
        tokens = TOKEN.findall(sentence)
        found = []
        proposing, excluded_end = False, None
        for i, tok in enumerate(tokens):
            low = tok.lower()
            if low not in self.cue_words and not (proposing and tok in ("(", *DASHES)):
                continue
            before = tokens[max(0, i - 8):i]
            proposal = low in self.cues.propose_verbs and bool(SUBJECT.search(" ".join(before[-6:])))
            naming = low in self.cues.naming_cues or (proposing and low in self.cues.apposition_cues)
            if proposal or naming or (low == "proposed" and before and before[-1].lower() in ("the", "our")):
                result = self.name_after(tokens[i + 1:]) or (self.plain_name(tokens[i + 1:]) if naming else None)
                if result and naming:
                    result = (result[0], before)
                if result and naming and self.cues.names_no_entity([w for w in before if w.isalpha()][-1:]):
                    excluded_end, result = result[0].split()[-1], None  # "a novel metric, called X (AUS)"
            elif low == "our":
                result = self.name_after_our(tokens[i + 1:])
            elif proposing and tok == "(" and (inner := parenthesised(tokens[i + 1:i + 4])) \
                    and not self.vocab.is_generic(inner) and tokens[i - 1] != excluded_end:
                result = (inner, tokens[max(0, i - 4):i])  # but "pretrained language models (LMs)" is no name
            elif proposing and tok in DASHES and (inner := dashed(tokens[i + 1:i + 7])):
                result = (inner, tokens[max(0, i - 4):i])
            elif low in self.cues.refer_cues:
                result = referred_as(tokens[i + 1:i + 20])
            else:
                result = None
            proposing = proposing or proposal
            if not result:
                continue
            if proposal and (more := coordinated(result[0], tokens[i + 1:i + 24])):
                names, described = more
                found += [(name, described or result[1]) for name in (result[0], *names)]
            else:
                found.append(result)
        return found

    def name_after(self, tokens: list[str]) -> tuple[str, list[str]] | None:
        """Skip descriptive lowercase words ("a simple yet highly effective framework,"), then read a name."""
        described: list[str] = []
        i = 2 if len(tokens) > 2 and tokens[0] in ("and", "or") and tokens[1].isalpha() and tokens[1].islower() \
            and is_coined(tokens[2]) else 0  # "we construct and leverage PolyNews"
        while i < min(len(tokens), 10):
            tok = tokens[i]
            if tok[0] in QUOTES + "*":
                return self.quoted(tokens[i:]), described
            if is_capitalised(tok) or is_coined(tok):
                break
            if tok.lower() in STOP_WORDS or tok in BREAKS:
                return None
            if tok == "," and not any(w.lower() in self.cues.contribution_nouns for w in described):
                return None
            described.append(tok)
            i += 1
        rest = tokens[i:]
        run = title_case_run(rest)
        if not run or self.cues.describes_no_entity(described, STOP_WORDS):
            return None  # nothing, or "we propose a novel metric, X"
        headed = self.with_lowercase_head(run, rest[len(run):])
        after = rest[len(headed):]
        if after[:1] == [","] and after[1:2] and after[1].lower() in self.cues.naming_cues:
            return None  # "the proposed novel NAS mechanism, named LPGNAS": the name comes after
        follows = after[0] if after else ""
        coined = any(is_coined(w) for w in headed)
        if headed == run and follows[:1].islower() and follows.lower() not in STOP_WORDS | {"a", "an"}:
            return None  # a modifier, not a name: "an efficient LSD architecture" (but "BASED a simple model")
        run = headed
        if not coined and len(run) == 1 and follows not in {",", "("}:
            return None
        if not coined and len(run) > 1 and follows not in {",", "(", "."} and not self.cues.head_type(run[-1]):
            return None
        name = " ".join(run).strip(QUOTES)
        if self.vocab.is_generic(name) or len(run) > 6 or not name[0].isalpha():
            return None
        return name, described + after[1:12]

    def plain_name(self, tokens: list[str]) -> tuple[str, list[str]] | None:
        """After "called", "termed", "we call": a lowercase name of two to four words ("codebook features")."""
        words = []
        for tok in tokens[:5]:
            if tok in BREAKS or tok == "," or tok.lower() in STOP_WORDS or not tok[0].isalpha():
                break
            words.append(tok)
        if not 2 <= len(words) <= 4 or words[0].lower() in ("entity", "a", "an", "the"):
            return None
        name = " ".join(words)
        return None if self.vocab.is_generic(name) or self.vocab.lookup(name) else (name, [])

    def name_after_our(self, tokens: list[str]) -> tuple[str, list[str]] | None:
        """"our approach, Language Guided Bottlenecks (LaBo), ..." and "our model (M-LSD-tiny)": the name after."""
        if len(tokens) < 3 or tokens[0].lower() not in self.cues.contribution_nouns or tokens[1] not in (",", "("):
            return None
        if tokens[1] == "(":
            return (tokens[2], [tokens[0]]) if is_coined(tokens[2]) else None
        result = self.name_after(tokens[2:])
        return (result[0], [tokens[0]]) if result else None

    def with_lowercase_head(self, run: list[str], after: list[str]) -> list[str]:
        """"Post-hoc Concept Bottleneck models (PCBMs)": up to two lowercase words before a definition;
        "HRR loss": one technical head word after a coined name (but "GAQAT framework" is just GAQAT)."""
        for n in (1, 2):
            if len(after) > n and after[n] == "(" and all(w.isalpha() and w.islower() for w in after[:n]):
                return run + after[:n]
        if after and after[0].isalpha() and after[0].islower() and is_coined(run[-1]) and \
                self.cues.head_type(after[0]) is EntityType.METHOD and after[0] not in self.cues.fillers:
            return run + after[:1]
        return run

    @staticmethod
    def quoted(tokens: list[str]) -> str | None:
        """The words between quotes (or markdown **bold**), as a name however it is capitalised."""
        words = []
        for tok in tokens[:8]:
            words.append(tok)
            if tok.rstrip(".,")[-1:] in QUOTES + "*" and (len(words) > 1 or len(tok.strip(QUOTES + "*")) > 0
                                                           and tok.rstrip(".,")[-2:] in ("''", "**", "”", '"')):
                break
        name = " ".join(words).strip(QUOTES + "*.,")
        return name or None

    def type_of(self, name: str, text: str, described: list[str] | None, subtitle: list[str] = ()) -> EntityType:
        """Ruling 13: what the abstract (or else the title's "X: A ...") calls it decides (a model, a dataset, else
        a method)."""
        if concept := self.vocab.lookup(name):
            return concept.type
        if SIZE.search(name):
            return EntityType.MODEL
        appositive = description_after(name, text)
        words = described if described is not None else appositive
        return (self.cues.type_of_head(name.split()) if is_coined(name.split()[-1].rsplit("-", 1)[-1]) else None) \
            or described_type(words, self.cues, self.vocab) or described_type(subtitle, self.cues, self.vocab) \
            or self.cues.type_of_head(name.split()) \
            or described_type(appositive, self.cues, self.vocab) or EntityType.METHOD


def parenthesised(tokens: list[str]) -> str | None:
    """"(ReMix)" or, with a LaTeX font command left in, "(rm CGA)": the coined name inside."""
    if tokens and tokens[0] in LATEX_FONTS:
        tokens = tokens[1:]
    return tokens[0] if len(tokens) >= 2 and tokens[1] == ")" and is_coined(tokens[0]) else None


def subtitle(name: str, title: str) -> list[str]:
    """"Sundial: A Family of ... Foundation Models": what the title says the name is, when it says "a ..." after
    the colon ("LEMON: Lossless Model Expansion" names a task, not a kind of thing)."""
    head, colon, rest = title.partition(":")
    words = TOKEN.findall(rest)[:14]
    return words if colon and head.strip() == name and words and words[0].lower() in ("a", "an") else []


def coordinated(name: str, tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """"we construct PolyNews and PolyNewsParallel, two corpora": coined names joined to the one just read, and the
    description that follows the whole list (it describes each of them)."""
    last = name.split()[-1]
    if last not in tokens:
        return None
    rest = tokens[tokens.index(last) + 1:]
    found = []
    while rest:
        k = 1 if rest[0] in (",", "and") else 0
        k += 1 if k and rest[0] == "," and len(rest) > 1 and rest[1] == "and" else 0
        if not k or len(rest) <= k or not is_coined(rest[k]):
            break
        found.append(rest[k])
        rest = rest[k + 1:]
    if not found:
        return None
    return found, rest[1:12] if rest[:1] == [","] else []


def dashed(tokens: list[str]) -> str | None:
    """"we introduce a new algorithm -- continual backpropagation -- which ...": the words between the dashes."""
    if DASHES.isdisjoint(tokens):
        return None
    words = tokens[:next(i for i, t in enumerate(tokens) if t in DASHES)]
    if not 1 <= len(words) <= 4 or not all(w.replace("-", "").isalpha() for w in words):
        return None
    return " ".join(words) if len(words) > 1 or is_coined(words[0]) else None


def referred_as(tokens: list[str]) -> tuple[str, list[str]] | None:
    """"(we refer) to the modified RPS, which incorporates our improvements, as STABLE-RPS": the coined name."""
    if "as" not in tokens:
        return None
    i = tokens.index("as")
    rest = tokens[i + 1:i + 3]
    if rest and rest[0].lower() == "the":
        rest = rest[1:]
    return (rest[0], tokens[:i]) if rest and is_coined(rest[0]) else None


@lru_cache(maxsize=256)  # asked for again when typing a name and when checking it names a measure
def description_after(name: str, text: str) -> tuple[str, ...]:
    """The words after the first "NAME, a ...", "NAME (ALIAS), a ..." or "NAME is a ..." in the text."""
    start = text.find(name)
    while start >= 0:
        standalone = start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_")
        if standalone and (m := APPOSITIVE.match(text, start + len(name))):
            return tuple(TOKEN.findall(m.group(1))[:14])
        start = text.find(name, start + 1)
    return ()


def described_type(words: list[str], cues: Cues, vocab: Vocabulary) -> EntityType | None:
    """The type of the head noun of a description: "a new family of segmentation models" -> family -> MODEL;
    "a PFN trained to ..." -> PFN is a known model -> MODEL."""
    found, seen_content, previous = None, False, ""
    for w in words:
        low = w.lower()
        if low in STOP_WORDS or w in {",", ";", "(", ")", "."}:
            if low == "of" and previous in COLLECTIVES:
                continue  # "a family of ... models": the models decide
            if found or seen_content:
                break
            continue
        if found and (low.endswith("ing") or low.endswith("ed")):
            break
        known = vocab.lookup(w) if is_coined(w) else None
        if t := cues.head_type(low) or (known.type if known else None):
            found = t
        seen_content = seen_content or low not in cues.fillers
        previous = low
    return found


def occurrences(name: str, text: str) -> list[tuple[int, int]]:
    """Every place the name is written: exact case for one word, any case for a phrase."""
    return find_name(text, name, exact_case=" " not in name)


@Language.factory("kg_contributions", default_config={"confidence": 0.8})
def make_contribution_finder(nlp: Language, name: str, confidence: float) -> ContributionFinder:
    return ContributionFinder(name, load_vocabulary(), load_cues(), confidence)

"""What a coined name looks like: the word shapes that discovery components accept as names."""

from __future__ import annotations

import re

from kg.extract.matcher import normalise

NAME_CHARS = re.compile(r"^[\w.+#/'’-]+$")
CONNECTORS = {"of", "for", "with", "in", "on", "to", "the", "via", "from", "by", "a", "an", "at", "without"}
QUOTES = "'\"“”‘’`"
LATEX_RESIDUE = re.compile(r"(?:geq|leq|neq|sim|approx|times|pm|mathcal|mathbf|mathrm|textbf|frac)(?=\d)")
ADJECTIVE_END = re.compile(r"(?:ing|ed|based|aware|free|like|style|wise|level|scale|agnostic|specific|friendly|"
                           r"oriented|centric|efficient|intensive|bound|ready|only)$")


def is_coined(word: str) -> bool:
    """A word nobody writes by accident: CamelCase or inner capitals (CaLoRAify, LaBo, PCBM), letters with digits
    (GPT4Battery, wa-hls4ml), or a '++' (FlashDecoding++). Each part of a hyphenated word is judged on its own, so
    "Final-Stage" is not coined but "HealthiVert-GAN" is."""
    if word.isalpha() and (word.islower() or word[1:].islower()):
        return False  # the common case, decided without any regular expression: "model", "Model"
    core = word.strip(QUOTES).rstrip(".,;:")
    if not core or not core[0].isalnum() or not NAME_CHARS.match(core):
        return False
    if "++" in core or core.endswith("#"):
        return True
    if LATEX_RESIDUE.match(core):
        return False  # "(geq720p)": "\geq 720p" with its backslash and space stripped
    parts = core.split("-")
    if len(parts) > 1 and parts[-1].islower() and ADJECTIVE_END.search(parts[-1]):
        return False  # an adjective compound: "LLM-based", "FDR-controlling"; but "M-LSD-tiny" is a name
    return any(_coined_part(part) for part in parts)


def _coined_part(part: str) -> bool:
    letters = sum(c.isalpha() for c in part)
    if not part or letters < 1:
        return False
    if any(c.isupper() for c in part[1:]) and letters >= 2:
        return True
    if part.isupper() and letters >= 1 and len(part) >= 2:
        return True
    return any(c.isdigit() for c in part) and letters >= 1 and len(part) >= 2


def find_name(text: str, name: str, exact_case: bool = False, plural: bool = False) -> list[tuple[int, int]]:
    """Every place `name` is written in `text` as a whole name, whatever its separators ("Post-hoc CBM",
    "post-hoc-CBM"); with `exact_case`, only with the same capitals. Not inside a hyphenated name ("Sparse-CBM")."""
    norm, target = normalise(text), " ".join(normalise(name).split())
    if not target:
        return []
    wanted = _alnum(name)
    found, i = [], norm.find(target)
    while i >= 0:
        end = i + len(target)
        if plural and norm.startswith("s", end) and (end + 1 == len(norm) or norm[end + 1] == " "):
            end += 1
        if _bounded(text, norm, i, end) and (not exact_case or _alnum(text[i:end]) in (wanted, wanted + "s")):
            found.append((i, end))
        i = norm.find(target, i + 1)
    return found


def _bounded(text: str, norm: str, start: int, end: int) -> bool:
    before_ok = start == 0 or (norm[start - 1] == " " and text[start - 1] != "-")
    after_ok = end == len(norm) or (norm[end] == " " and text[end] != "-")
    return before_ok and after_ok


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum() or c == "+")


def is_capitalised(word: str) -> bool:
    core = word.strip(QUOTES)
    return bool(core) and core[0].isupper()


def title_case_run(words: list[str], max_words: int = 6) -> list[str]:
    """The leading run of capitalised words (connectors allowed inside): "Dynamic Sparse Learning (DSL)" ->
    ["Dynamic", "Sparse", "Learning"]."""
    run: list[str] = []
    for w in words[:max_words]:
        if is_capitalised(w) or is_coined(w):
            run.append(w)
        elif w.lower() in CONNECTORS and run:
            run.append(w)
        else:
            break
    while run and run[-1].lower() in CONNECTORS:
        run.pop()
    return run

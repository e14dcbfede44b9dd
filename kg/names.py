"""How names are compared and turned into ids, in one place so every stage agrees."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_KEY = re.compile(r"[^0-9a-z+]+")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def fold(name: str) -> str:
    """Unicode-normalised lowercase, so "ＧＰＵ" and "GPU" compare equal."""
    return unicodedata.normalize("NFKC", name).lower()


@lru_cache(maxsize=200_000)
def key(name: str) -> str:
    """The comparison key of a name: letters, digits and '+' only, lowercase, one plural 's' dropped.

    "LLaMA-2", "Llama 2" and "llama2" share the key "llama2"; "GPUs" and "GPU" share "gpu". A decimal point
    survives as "p" so that OPT-1.3B and OPT-13B stay apart, and '+' survives so PointNet++ is not PointNet.
    """
    k = _NON_KEY.sub("", _DECIMAL_POINT.sub("p", fold(name)))
    acronym_plural = name.endswith("s") and name[-2:-1].isupper()  # "LMs", "NNs"
    return k[:-1] if k.endswith("s") and (len(k) > 3 or acronym_plural) else k


def slug(name: str) -> str:
    """A readable, stable id fragment: "Llama 2 7B" -> "llama-2-7b"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = _NON_ALNUM.sub("-", ascii_name.lower()).strip("-")
    return s or "x" + hashlib.sha1(name.encode()).hexdigest()[:10]


def title_id(title: str) -> str:
    """A paper id for papers without an arXiv id: a short hash of the normalised title."""
    return "t" + hashlib.sha1(_NON_ALNUM.sub("", fold(title)).encode()).hexdigest()[:12]


def squash_spaces(text: str) -> str:
    return " ".join(text.split())


def alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


_WORDS = re.compile(r"[^\W_]+")
_CAMEL_INSIDE = re.compile(r"[a-z][A-Z]")


@dataclass(frozen=True)
class CaseRule:
    """How strictly a name's capitalisation must match: exactly (ordinary words), enough capitals (acronyms); for a
    capitalised phrase, not with a lowercase word glued in front of the capitals ("efficient Neural Architecture
    Search" is an adjective before NAS, not ENAS); for one CamelCase word split in two, only with its capitals
    ("Res-UNet" is ResUNet; "web text" is not WebText, "efficient ViT" is not EfficientViT)."""

    exact: str | None = None
    min_upper: int = 0
    titled: bool = False
    camel: bool = False
    camel_lower: bool = False  # the CamelCase name starts with a lowercase letter ("fastText")

    def accepts(self, surface: str) -> bool:
        if self.exact is not None:
            text = alnum(surface)
            return text == self.exact or text in (self.exact + "s", self.exact + "es")
        if self.camel and not surface.isalnum() and (surface.islower() or surface[0].islower() != self.camel_lower):
            return False
        if self.titled:
            words = _WORDS.findall(surface)
            if len(words) > 1 and words[0].islower() and words[1].istitle():
                return False  # but "preconditioned SGD" is Preconditioned SGD
        return sum(c.isupper() for c in surface) >= self.min_upper


ANY_CASE = CaseRule()


def case_rule(name: str, match_case: bool) -> CaseRule:
    if match_case:
        return CaseRule(exact=alnum(name))
    letters = [c for c in name if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if " " not in name.strip() and len(letters) <= 4 and upper >= 2:
        return CaseRule(min_upper=max(2, upper - 1))  # "GSM8k" is GSM8K, but "sam" is not SAM
    words = _WORDS.findall(name)
    if len(words) > 1 and words[0][0].isupper() and words[1][0].isupper():
        return CaseRule(titled=True)
    if len(words) == 1 and _CAMEL_INSIDE.search(name):
        return CaseRule(camel=True, camel_lower=name[0].islower())
    return ANY_CASE

"""The cue words of ontology/cues.toml, compiled once into regular expressions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from kg.records import EntityType, Role
from kg.resources import ontology_file


def cue_pattern(cues: list[str]) -> str:
    """Alternation of cue phrases; a trailing "*" matches any word ending, spaces match any whitespace or hyphen."""
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        stem = re.escape(cue.rstrip("*")).replace(r"\ ", r"[\s-]+").replace(r"\*", r"\w*")
        parts.append(stem + (r"\w*" if cue.endswith("*") else ""))
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?![\w-])"


@dataclass(frozen=True)
class Cues:
    window: int
    role_pattern: dict[EntityType, re.Pattern]
    default_roles: dict[EntityType, Role]
    propose_verbs: frozenset[str]
    naming_cues: frozenset[str]
    apposition_cues: frozenset[str]
    refer_cues: frozenset[str]
    contribution_nouns: frozenset[str]
    fillers: frozenset[str]
    non_entities: frozenset[str]
    languages: frozenset[str]
    title_openers: frozenset[str]
    type_heads: tuple[tuple[EntityType, frozenset[str]], ...]
    vendors: tuple[str, ...]
    hardware_suffixes: tuple[str, ...]
    products: tuple[tuple[str, tuple[str, ...], str, str], ...]
    abbreviations: tuple[str, ...]

    def head_type(self, word: str) -> EntityType | None:
        for entity_type, heads in self.type_heads:
            if word.lower() in heads:
                return entity_type
        return None

    def head_kind(self, word: str) -> bool | None:
        """True for a measure or phenomenon ("score", "problem"), False for an entity head ("model"), else None."""
        low = word.lower().strip(".,;:()")
        if low.rsplit("-", 1)[-1] in self.non_entities:
            return True
        return False if self.head_type(low) else None

    def names_no_entity(self, words: list[str]) -> bool:
        """Whether the last head noun of a name is a measure or a phenomenon: "... Inconsistency-Score", "Lottery
        Ticket Hypothesis" (but not "... Metric Learning")."""
        kinds = (self.head_kind(w) for w in reversed(words))
        return next((kind for kind in kinds if kind is not None), False)

    def describes_no_entity(self, words: list[str], stop_words: frozenset[str]) -> bool:
        """Whether the first head noun of a description is a measure or a phenomenon: "a novel variance-based metric",
        "a measure to understand ..." (but not "which formulates ... as a Linear Programming problem")."""
        seen = False
        for word in words:
            low = word.lower().strip(".,;:()")
            if low in stop_words or not low.replace("-", "").isalnum():
                if seen:
                    return False
                continue
            if (kind := self.head_kind(low)) is not None:
                return kind
            seen = True
        return False

    def type_of_head(self, words: list[str]) -> EntityType | None:
        """The type a name's last word or two imply ("... Benchmark" -> DATASET, "Re-Ranking Loss" -> METHOD)."""
        if not words:
            return None
        tail = [w.lower().strip(".,;:()") for w in words[-2:]]
        candidates = [tail[-1], " ".join(tail), tail[-1].rsplit("-", 1)[-1]]
        for entity_type, heads in self.type_heads:
            if any(c in heads for c in candidates):
                return entity_type
        return None


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    data = tomllib.loads(ontology_file("cues.toml").read_text(encoding="utf-8"))
    roles = data["roles"]
    order = [Role.COMPARED_WITH, Role.EVALUATED_ON, Role.RUNS_ON, Role.EXTENDS, Role.USES]
    role_pattern = {
        t: re.compile("|".join(f"(?P<{r.value}>{cue_pattern(roles[r.value]['cues'])})" for r in order
                               if t.value in roles[r.value]["types"]), re.I)
        for t in EntityType
    }
    discovery, types, hardware = data["discovery"], data["types"], data["hardware"]
    return Cues(
        window=roles["window"],
        role_pattern=role_pattern,
        default_roles={EntityType(t): Role(r) for t, r in roles["default"].items()},
        propose_verbs=frozenset(discovery["propose_verbs"]),
        naming_cues=frozenset(discovery["naming_cues"]),
        apposition_cues=frozenset(discovery["apposition_cues"]),
        refer_cues=frozenset(discovery["refer_cues"]),
        contribution_nouns=frozenset(discovery["contribution_nouns"]),
        fillers=frozenset(discovery["fillers"]),
        non_entities=frozenset(discovery["non_entities"]),
        languages=frozenset(discovery["languages"]),
        title_openers=frozenset(discovery["title_openers"]),
        type_heads=tuple((EntityType(t), frozenset(words)) for t, words in types.items()),
        vendors=tuple(hardware["vendors"]),
        hardware_suffixes=tuple(hardware["suffixes"]),
        products=tuple((p["core"], tuple(p["triggers"]), p["vendor"], p["class"]) for p in hardware["products"]),
        abbreviations=tuple(data["sentences"]["abbreviations"]),
    )

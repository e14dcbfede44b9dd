"""Which role a mention plays, read from the cue words just before it in its sentence."""

from __future__ import annotations

from kg.extract.cues import Cues
from kg.records import EntityType, Role

CLAUSE_BREAKS = ".;:()"


def cue_window(prefix: str, window: int) -> str:
    """The last `window` words before a mention, cut at the start of its clause."""
    tail = prefix[-12 * window:]
    cut = max(tail.rfind(c) for c in CLAUSE_BREAKS)
    return " ".join(tail[cut + 1:].split()[-window:])


def role_of(prefix: str, entity_type: EntityType, cues: Cues) -> Role:
    """The role whose cue stands nearest before the mention ("outperforms X using Y": Y is used, X compared)."""
    matches = list(cues.role_pattern[entity_type].finditer(cue_window(prefix, cues.window)))
    if matches:
        return Role(matches[-1].lastgroup)
    return cues.default_roles.get(entity_type, Role.MENTIONS)

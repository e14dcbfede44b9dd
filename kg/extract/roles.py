"""Which role a mention plays, read from the cue words just before it in its sentence."""

from __future__ import annotations

import re

from kg.extract.cues import Cues
from kg.records import EntityType, Role

_WORD = re.compile(r"[\w-]+|[^\w\s]")
_CLAUSE_BREAK = {".", ";", ":", "(", ")"}


def cue_window(prefix: str, window: int) -> str:
    """The last `window` words before a mention, cut at the start of its clause."""
    words = _WORD.findall(prefix)[-window:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _CLAUSE_BREAK:
            words = words[i + 1:]
            break
    return " ".join(words)


def role_of(prefix: str, entity_type: EntityType, cues: Cues) -> Role:
    """The role whose cue stands nearest before the mention ("outperforms X using Y": Y is used, X compared)."""
    window = cue_window(prefix, cues.window)
    best, best_end = None, -1
    for cue in cues.roles:
        if entity_type not in cue.types:
            continue
        for m in cue.pattern.finditer(window):
            if m.end() > best_end:
                best, best_end = cue.role, m.end()
    return best or cues.default_roles.get(entity_type, Role.MENTIONS)

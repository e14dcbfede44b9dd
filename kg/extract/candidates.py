"""What each extraction component leaves on a Doc for the resolver: candidate mentions.

Every component appends to `doc._.kg_candidates`; `kg_resolver` turns them into one link per entity.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from kg.records import EntityType


@dataclass(frozen=True, order=True)
class Candidate:
    """A span that may name an entity.

    `concept` is a vocabulary id when the name is known; otherwise `name` is the entity's proposed label and
    `group` ties together spellings of one new entity ("Low-rank Adaptation" and "LoRA").
    """

    start: int
    end: int
    type: EntityType
    component: str
    confidence: float
    concept: str | None = None
    name: str | None = None
    group: str | None = None
    proposed: bool = False
    broader: tuple[str, ...] = ()
    level: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


def register_extensions() -> None:
    for name, default in (("kg_candidates", None), ("kg_title_end", 0), ("kg_links", None), ("kg_claims", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def add_candidates(doc: Doc, candidates: list[Candidate]) -> None:
    if doc._.kg_candidates is None:
        doc._.kg_candidates = []
    doc._.kg_candidates.extend(candidates)


def candidates_of(doc: Doc) -> list[Candidate]:
    return doc._.kg_candidates or []

"""What each extraction component leaves on a Doc for the resolver: candidate mentions.

Every component appends to `paper_doc(doc).candidates`; `kg_resolver` turns them into one link per entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.records import EntityType


@dataclass(frozen=True, order=True, slots=True)
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
    generic: bool = False  # a generic term ("llama.cpp", "Hugging Face Transformers"): it only blocks shorter names

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class PaperDoc:
    """What kg's components share about one Doc, kept in the single extension `doc._.kg`.

    One extension read once per component: spaCy builds a new accessor object on every `doc._` access and rebuilds
    doc.text from every token on each call, both too slow to repeat for each candidate.
    """

    text: str
    title_end: int = -1
    sentences: list[tuple[int, int]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    links: list = field(default_factory=list)
    claims: list = field(default_factory=list)


def register_extensions() -> None:
    if not Doc.has_extension("kg"):
        Doc.set_extension("kg", default=None)


def paper_doc(doc: Doc) -> PaperDoc:
    """The Doc's shared state, created from its text the first time a component asks."""
    state = doc._.kg
    if state is None:
        state = doc._.kg = PaperDoc(doc.text)
    return state

"""The records that flow through kg: papers in, mentions and links out.

Frozen dataclasses so they can be deduplicated, sorted and passed between processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class EntityType(str, Enum):
    MODEL = "MODEL"
    HARDWARE = "HARDWARE"
    DATASET = "DATASET"
    METHOD = "METHOD"

    @property
    def slug(self) -> str:
        """The lowercase word used in entity ids (`model/llama-2`) and on the command line."""
        return self.value.lower()

    @classmethod
    def parse(cls, text: str) -> EntityType:
        return cls(text.strip().upper())


class Role(str, Enum):
    """What part an entity plays in a paper, strongest first."""

    PROPOSES = "proposes"
    COMPARED_WITH = "comparedWith"
    EVALUATED_ON = "evaluatedOn"
    RUNS_ON = "runsOn"
    EXTENDS = "extends"
    USES = "uses"
    MENTIONS = "mentions"

    @property
    def rank(self) -> int:
        return _ROLE_RANK[self]


_ROLE_RANK = {role: i for i, role in enumerate(Role)}


class Layout(str, Enum):
    BLOCKS = "blocks"
    ALTERNATING = "alternating"
    JSONL = "jsonl"


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where a paper was read: a file and the paper's 1-based position (record number) in it."""

    path: str
    position: int
    line: int


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    abstract: str
    sources: tuple[SourceRef, ...] = ()
    arxiv_id: str | None = None
    date: str | None = None
    date_text: str | None = None
    author_count: int | None = None
    authors: tuple[str, ...] = ()
    organisation: str | None = None
    upvotes: int | None = None
    categories: tuple[str, ...] = ()
    license: str | None = None

    @property
    def node_id(self) -> str:
        return f"paper/{self.id}"


@dataclass(frozen=True, order=True, slots=True)
class Mention:
    """One span of text that names an entity, and the component that found it."""

    start: int
    end: int
    text: str
    sentence: str
    component: str


@dataclass(frozen=True)
class Claim:
    """A quantitative result stated in an abstract ("4.86x faster on A100"), tied to what it measures.

    `hardware`, `baseline` and `subject` are entity ids when the sentence names a known entity; `baseline_text` keeps
    a baseline as written when it is no entity ("Hugging Face implementations"). `id` is set per paper.
    """

    value_text: str
    value: float
    kind: str
    quantity: str
    direction: str
    qualifier: str | None
    sentence: str
    hardware: str | None = None
    hardware_label: str | None = None
    baseline: str | None = None
    baseline_text: str | None = None
    subject: str | None = None
    subject_label: str | None = None
    id: str = ""


@dataclass(frozen=True, slots=True)
class EntityLink:
    """One entity as found in one paper: every mention, the role it plays, and how sure we are.

    `evidence` holds the distinct sentences of the mentions, the one that gave the role first.
    """

    entity_id: str
    type: EntityType
    label: str
    role: Role
    proposed: bool
    confidence: float
    mentions: tuple[Mention, ...]
    evidence: tuple[str, ...]
    broader: tuple[str, ...] = ()
    level: str | None = None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.text for m in self.mentions))

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(sorted({m.component for m in self.mentions}))


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one paper."""

    paper: Paper
    links: tuple[EntityLink, ...]
    claims: tuple[Claim, ...] = field(default=())

"""The SKOS vocabularies of known entities (ontology/vocab/*.ttl), loaded into lookup tables.

One file per entity type. `generic.ttl` lists words that must never become entities ("transformer", "LLM").
Parsed with pyoxigraph, which reads the ~30k triples in a few tens of milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BadInput
from kg.names import case_rule, key
from kg.iris import DEFAULT_BASE, ONTOLOGY_IRI
from kg.records import EntityType
from kg.resources import ontology_file

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMES = {
    "models": EntityType.MODEL,
    "hardware": EntityType.HARDWARE,
    "datasets": EntityType.DATASET,
    "methods": EntityType.METHOD,
    "generic": None,
}
LEVELS = {ONTOLOGY_IRI + "HardwareClass": "class", ONTOLOGY_IRI + "HardwareProduct": "product"}


@dataclass(frozen=True)
class Concept:
    id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    level: str | None = None
    match_case: bool = False
    definition: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling the matcher should recognise, the preferred label first."""
        return (self.label, *self.aliases, *self.hidden)


class Vocabulary:
    """Known entities by id and by normalised name, with the broader/narrower hierarchy."""

    def __init__(self, concepts: list[Concept], generic_names: set[str]):
        self.concepts = {c.id: c for c in concepts}
        self.generic_names = sorted(generic_names)
        self.generic = {key(n) for n in generic_names}
        self._by_key: dict[str, list[Concept]] = {}
        for c in concepts:
            for name in c.names:
                bucket = self._by_key.setdefault(key(name), [])
                if c not in bucket:
                    bucket.append(c)
        self._narrower: dict[str, list[str]] = {}
        for c in concepts:
            for b in c.broader:
                self._narrower.setdefault(b, []).append(c.id)

    def __len__(self) -> int:
        return len(self.concepts)

    def __getitem__(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def lookup(self, name: str, type: EntityType | None = None) -> Concept | None:
        """The concept a name denotes, if any (of the given type when one is asked for).

        Capitalisation counts as it does in the text matcher: "TACO" is not the dataset "TACoS", "Sam" is not SAM."""
        k = key(name)
        for c in self._by_key.get(k, ()):
            if type is not None and c.type is not type:
                continue
            if any(key(n) == k and case_rule(n, c.match_case).accepts(name) for n in c.names):
                return c
        return None

    def is_generic(self, name: str) -> bool:
        return key(name) in self.generic

    def ancestors(self, concept_id: str) -> list[str]:
        """Every broader concept, nearest first (A100 -> NVIDIA GPU -> GPU)."""
        seen: dict[str, None] = {}
        frontier = list(self.concepts[concept_id].broader) if concept_id in self.concepts else []
        while frontier:
            b = frontier.pop(0)
            if b not in seen and b in self.concepts:
                seen[b] = None
                frontier += self.concepts[b].broader
        return list(seen)

    def narrower(self, concept_id: str) -> list[str]:
        return self._narrower.get(concept_id, [])


@lru_cache(maxsize=4)
def load_vocabulary(folder: Path | None = None) -> Vocabulary:
    folder = folder or ontology_file("vocab")
    concepts, generic = [], set()
    for path in sorted(Path(folder).glob("*.ttl")):
        for concept in read_vocab_file(path):
            if concept.type is None:
                generic |= set(concept.names)
            else:
                concepts.append(concept)
    return Vocabulary(concepts, generic)


def read_vocab_file(path: Path) -> list[Concept]:
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as e:
        raise BadInput(str(path), f"invalid Turtle: {e}") from None
    props: dict[str, dict[str, list]] = {}
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
    concepts = []
    for iri, p in props.items():
        if ox.NamedNode(SKOS + "Concept") not in p.get(RDF_TYPE, []):
            continue
        concepts.append(to_concept(path, iri, p))
    return sorted(concepts, key=lambda c: c.id)


def to_concept(path: Path, iri: str, p: dict[str, list]) -> Concept:
    schemes = [s.value.rsplit("/", 1)[-1] for s in p.get(SKOS + "inScheme", [])]
    if len(schemes) != 1 or schemes[0] not in SCHEMES:
        raise BadInput(str(path), f"<{iri}> needs exactly one skos:inScheme of {sorted(SCHEMES)}")
    labels = [o.value for o in p.get(SKOS + "prefLabel", [])]
    if len(labels) != 1:
        raise BadInput(str(path), f"<{iri}> needs exactly one skos:prefLabel, has {len(labels)}")
    texts = lambda name: tuple(sorted(o.value for o in p.get(SKOS + name, [])))  # noqa: E731
    levels = [LEVELS[t.value] for t in p.get(RDF_TYPE, []) if t.value in LEVELS]
    definition = texts("definition")
    return Concept(
        id=concept_id(iri),
        type=SCHEMES[schemes[0]],
        label=labels[0],
        aliases=texts("altLabel"),
        hidden=texts("hiddenLabel"),
        broader=tuple(sorted(concept_id(o.value) for o in p.get(SKOS + "broader", []))),
        level=levels[0] if levels else None,
        match_case=any(o.value == "true" for o in p.get(ONTOLOGY_IRI + "matchCase", [])),
        definition=definition[0] if definition else None,
    )


def concept_id(iri: str) -> str:
    """`https://w3id.org/mlkg/id/model/llama-2` -> `model/llama-2`."""
    return iri.removeprefix(DEFAULT_BASE)

"""`kg_resolver`: turns every component's candidates into one link per entity.

Discovered names the vocabulary knows become that concept; generic words are dropped; overlapping spans keep the
longest (ties go to the more trusted component), and a dropped span hands its "proposed" mark to the one kept;
spellings tied by an abbreviation or by their normalised name become one entity; each entity gets a role.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.candidates import Candidate, paper_doc
from kg.extract.cues import Cues, load_cues
from kg.extract.roles import role_of
from kg.names import key, slug, squash_spaces
from kg.records import EntityLink, EntityType, Mention, Role
from kg.vocab import Vocabulary, load_vocabulary

TRUST = ["kg_vocabulary", "kg_abbreviations", "kg_contributions", "kg_shapes", "kg_siblings"]


class Sentences:
    """Sentence boundaries of a doc, for finding a mention's sentence by character offset."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self.starts = [s for s, _ in self.spans]
        self._texts: dict[int, str] = {}

    def around(self, offset: int) -> tuple[int, int]:
        return self.spans[max(0, bisect_right(self.starts, offset) - 1)]

    def sentence(self, offset: int) -> str:
        start, end = self.around(offset)
        if start not in self._texts:
            self._texts[start] = squash_spaces(self.text[start:end])
        return self._texts[start]


class Resolver:
    def __init__(self, name: str, vocab: Vocabulary, cues: Cues, min_confidence: float):
        self.name, self.vocab, self.cues, self.min_confidence = name, vocab, cues, min_confidence

    def __call__(self, doc: Doc) -> Doc:
        state = paper_doc(doc)
        candidates = [c for c in (self.adopt(c, state.text) for c in state.candidates) if c]
        candidates = as_defined(outside_urls(candidates, state.text), state.text)
        candidates = [c for c in candidates if not names_a_metric(c, state.text)]
        kept = [c for c in select_spans(candidates) if not c.generic]
        links = with_proposed_variants(self.links(Sentences(state.text, state.sentences), kept))
        state.links = [link for link in links if link.proposed or link.confidence >= self.min_confidence]
        return doc

    def adopt(self, c: Candidate, text: str) -> Candidate | None:
        """A discovered name the vocabulary knows is that concept; a generic one is no entity at all.

        Abbreviations come resolved: the paper's own definition says what they mean ("PCs" may be circuits)."""
        if c.concept or c.group or c.generic:
            return c
        surface = text[c.start:c.end]
        for name in (surface, c.name):
            if name and (concept := self.vocab.lookup(name)):
                return replace(c, concept=concept.id, type=concept.type, name=None, group=None)
        if self.vocab.is_generic(surface) or (c.name and self.vocab.is_generic(c.name)):
            return None
        return c

    def links(self, sentences: Sentences, kept: list[Candidate]) -> list[EntityLink]:
        text = sentences.text
        return [self.link(text, members, sentences) for members in group_entities(kept, text)]

    def link(self, text: str, members: list[Candidate], sentences: Sentences) -> EntityLink:
        first = members[0]
        if first.concept:
            concept = self.vocab[first.concept]
            entity_id, label, broader, level = concept.id, concept.label, concept.broader, concept.level
            entity_type = concept.type
        else:
            entity_type = first.type
            label = entity_label(members, text)
            entity_id = f"{entity_type.slug}/{slug(label)}"
            broader = tuple(sorted({b for c in members for b in c.broader}))
            level = next((c.level for c in members if c.level), None)
        proposed = any(c.proposed for c in members)
        mentions, best_role, best_sentence = [], Role.MENTIONS, None
        for c in members:
            s_start, _ = sentences.around(c.start)
            sentence = sentences.sentence(c.start)
            mentions.append(Mention(c.start, c.end, text[c.start:c.end], sentence, c.component))
            role = Role.PROPOSES if proposed else role_of(text[s_start:c.start], entity_type, self.cues)
            if best_sentence is None or role.rank < best_role.rank:
                best_role, best_sentence = role, sentence
        evidence = tuple(dict.fromkeys([best_sentence, *(m.sentence for m in mentions)]))
        return EntityLink(
            entity_id=entity_id, type=entity_type, label=label, role=best_role, proposed=proposed,
            confidence=max(c.confidence for c in members), mentions=tuple(mentions), evidence=evidence,
            broader=broader, level=level,
        )


def with_proposed_variants(links: list[EntityLink]) -> list[EntityLink]:
    """Variants of a proposed name are proposed too: "MiniCPM-DPO" and "MiniCPM-128K" in the MiniCPM paper,
    "M-LSD-tiny" beside "M-LSD", "Fluid 10.5B" beside "Fluid"."""
    stems = {m.text for link in links if link.proposed for m in link.mentions}

    def variant(text: str) -> bool:
        return any(text.startswith(s) and len(text) > len(s) + 1 and text[len(s)] in " -" for s in stems)

    return [replace(link, proposed=True, role=Role.PROPOSES)
            if not link.proposed and any(variant(m.text) for m in link.mentions) else link for link in links]


URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|io|ai|net)/\S*")
REREAD = {"kg_vocabulary", "kg_shapes", "kg_siblings"}  # readings a paper's own definition overrides
SCORE_AFTER = re.compile(r"[\s-]?(?:[Ss]core|[Ss]imilarity)\b")


def outside_urls(candidates: list[Candidate], text: str) -> list[Candidate]:
    """Nothing inside a link names an entity: "https://github.com/microsoft/LongRoPE" is where code lives."""
    urls = [m.span() for m in URL.finditer(text)] if "/" in text else []
    if not urls:
        return candidates
    return [c for c in candidates if not any(s <= c.start and c.end <= e for s, e in urls)]


def names_a_metric(c: Candidate, text: str) -> bool:
    """"+0.68 in CLIP Score": a model named as part of a metric is not used (gold ruling 3)."""
    return c.type is EntityType.MODEL and not c.proposed and bool(SCORE_AFTER.match(text, c.end))


def as_defined(candidates: list[Candidate], text: str) -> list[Candidate]:
    """Once a paper defines "Sharpness-Aware Minimization (SAM)", every "SAM" it writes means that, even inside
    "DG-SAM" where the definition's own search does not look: the vocabulary's or a shape's other reading gives
    way ("FL benchmark datasets" after "Federated Learning (FL)" names no dataset FL)."""
    defined = {text[c.start:c.end]: c for c in candidates if c.component == "kg_abbreviations"}
    if not defined:
        return candidates
    out = []
    for c in candidates:
        d = defined.get(text[c.start:c.end])
        if d is not None and c.component in REREAD and (c.concept, c.group) != (d.concept, d.group):
            c = replace(c, type=d.type, concept=d.concept, name=d.name, group=d.group)
        out.append(c)
    return out


def trust(c: Candidate) -> int:
    """Lower is more trusted. A paper's own abbreviation definition outranks the vocabulary's reading of the
    same letters: after "Sharpness-Aware Minimization (SAM)", SAM is no longer the Segment Anything Model."""
    if c.component == "kg_abbreviations":
        return -1
    return TRUST.index(c.component) if c.component in TRUST else len(TRUST)


def select_spans(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping spans, longest first, ties to the more trusted component; in text order."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.length, trust(c), c.start)):
        clash = next((k for k in kept if k.start < c.end and c.start < k.end), None)
        if clash is None:
            kept.append(c)
        else:
            kept[kept.index(clash)] = absorb(clash, c)
    return sorted(kept, key=lambda c: c.start)


def absorb(kept: Candidate, dropped: Candidate) -> Candidate:
    """What a dropped overlapping span still contributes: its "proposed" mark, and, when it covers the very same
    text with more confidence, its reading of a new name's type ("named Mobile LSD", after "a ... detector")."""
    if dropped.proposed and not kept.proposed:
        kept = replace(kept, proposed=True)
    same_span = (kept.start, kept.end) == (dropped.start, dropped.end)
    if same_span and not kept.concept and not dropped.concept and dropped.confidence > kept.confidence:
        kept = replace(kept, type=dropped.type, confidence=dropped.confidence)
    return kept


def group_entities(kept: list[Candidate], text: str) -> list[list[Candidate]]:
    """Known concepts by id; new names by normalised spelling, joined through abbreviation groups."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    ids = []
    for c in kept:
        if c.concept:
            ids.append("concept:" + c.concept)
            continue
        ident = f"{c.type.value}:{key(text[c.start:c.end])}"
        for other in (c.group, c.name and f"{c.type.value}:{key(c.name)}"):
            if other:
                union(ident, other)
        ids.append(ident)
    groups: dict[str, list[Candidate]] = {}
    for c, ident in zip(kept, ids):
        groups.setdefault(find(ident), []).append(c)
    return list(groups.values())


def entity_label(members: list[Candidate], text: str) -> str:
    """A new entity's label: the name a component gave it (an abbreviation's long form), else its first spelling."""
    named = [c.name for c in members if c.name]
    return max(named, key=len) if named else squash_spaces(text[members[0].start:members[0].end])


@Language.factory("kg_resolver", default_config={"min_confidence": 0.5})
def make_resolver(nlp: Language, name: str, min_confidence: float) -> Resolver:
    """Links below `min_confidence` are dropped, unless the paper proposes the entity."""
    return Resolver(name, load_vocabulary(), load_cues(), min_confidence)

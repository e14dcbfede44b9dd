"""Records -> one networkx MultiDiGraph. No file or network I/O here.

Nodes carry `kind`: "paper", "entity" or "claim". Ids carry their kind too ("paper/2501.01234", "model/llama-2"),
so a paper titled like an entity never merges with it. Edges:
  paper -> entity   key = role ("uses", "runsOn", ...), with count, evidence, mentions, components, confidence
  entity -> entity  key = "broader" (checkpoint -> family, product -> class)
  paper -> claim    key = "reportsClaim"; claim -> entity with key "measuredOn", "baseline" or "subject"
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.records import Claim, EntityLink, Extraction, Paper
from kg.vocab import Vocabulary

BROADER = "broader"


def build_graph(extractions: Iterable[Extraction], vocab: Vocabulary) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    links: list[tuple[str, EntityLink]] = []
    claims: list[tuple[Paper, Claim]] = []
    for ex in extractions:
        g.add_node(ex.paper.node_id, **paper_attrs(ex.paper))
        links += [(ex.paper.node_id, link) for link in ex.links]
        claims += [(ex.paper, claim) for claim in ex.claims]
    entities = entity_nodes(links, vocab)
    for entity_id in sorted(entities):
        g.add_node(entity_id, **entities[entity_id])
    for entity_id in sorted(entities):
        for parent in entities[entity_id]["broader"]:
            g.add_edge(entity_id, parent, key=BROADER, relation=BROADER)
    for paper_id, link in links:
        g.add_edge(paper_id, link.entity_id, key=link.role.value, **link_attrs(link))
    for paper, claim in claims:
        add_claim(g, paper, claim)
    return g


def paper_attrs(p: Paper) -> dict:
    attrs = {
        "kind": "paper", "label": p.title, "title": p.title, "abstract": p.abstract, "arxiv_id": p.arxiv_id,
        "date": p.date, "date_text": p.date_text, "author_count": p.author_count, "authors": list(p.authors),
        "organisation": p.organisation, "upvotes": p.upvotes, "categories": list(p.categories),
        "license": p.license,
        "sources": [{"file": s.path, "position": s.position, "line": s.line} for s in p.sources],
    }
    return {k: v for k, v in attrs.items() if v not in (None, [])}


def link_attrs(link: EntityLink) -> dict:
    return {
        "relation": link.role.value,
        "count": len(link.mentions),
        "evidence": list(link.evidence),
        "mentions": list(link.surface_forms),
        "components": list(link.components),
        "confidence": round(link.confidence, 3),
        "proposed": link.proposed,
    }


def entity_nodes(links: list[tuple[str, EntityLink]], vocab: Vocabulary) -> dict[str, dict]:
    """Every linked entity, plus every broader concept above it, so "GPU" reaches papers about the A100."""
    nodes: dict[str, dict] = {}
    for _, link in links:
        node = nodes.get(link.entity_id) or new_entity(link, vocab)
        nodes[link.entity_id] = node
        node["aliases"] = sorted(set(node["aliases"]) | set(link.surface_forms) - {node["label"]})
    frontier = list(nodes)
    while frontier:
        node = nodes[frontier.pop()]
        node["broader"] = [b for b in node["broader"] if b in nodes or b in vocab.concepts]
        for parent in node["broader"]:
            if parent not in nodes:
                nodes[parent] = concept_node(vocab, parent)
                frontier.append(parent)
    return nodes


def new_entity(link: EntityLink, vocab: Vocabulary) -> dict:
    if link.entity_id in vocab.concepts:
        return concept_node(vocab, link.entity_id)
    node = {"kind": "entity", "type": link.type.value, "label": link.label, "aliases": [],
            "broader": list(link.broader), "discovered": True}
    if link.level:
        node["level"] = link.level
    return node


def concept_node(vocab: Vocabulary, concept_id: str) -> dict:
    c = vocab[concept_id]
    node = {"kind": "entity", "type": c.type.value, "label": c.label, "aliases": list(c.aliases),
            "broader": list(c.broader), "discovered": False}
    if c.level:
        node["level"] = c.level
    if c.definition:
        node["definition"] = c.definition
    return node


def add_claim(g: nx.MultiDiGraph, paper: Paper, claim: Claim) -> None:
    attrs = {
        "kind": "claim", "label": claim.value_text, "value": claim.value, "value_text": claim.value_text,
        "claim_kind": claim.kind, "quantity": claim.quantity, "direction": claim.direction,
        "qualifier": claim.qualifier, "evidence": claim.sentence, "hardware": claim.hardware_label,
        "baseline": claim.baseline_text, "subject": claim.subject_label,
    }
    g.add_node(claim.id, **{k: v for k, v in attrs.items() if v is not None})
    g.add_edge(paper.node_id, claim.id, key="reportsClaim", relation="reportsClaim")
    for relation, target in (("measuredOn", claim.hardware), ("baseline", claim.baseline),
                             ("subject", claim.subject)):
        if target in g:
            g.add_edge(claim.id, target, key=relation, relation=relation)

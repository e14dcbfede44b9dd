"""Readable subsets of a large graph, for the HTML explorer: the default overview, ego graphs, and filters."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

DEFAULT_TOP = 25
PAPERS_PER_ENTITY = 6
SMALL_GRAPH = 300


@dataclass(frozen=True)
class ViewSpec:
    """What to show. With nothing set, a small graph is shown whole and a large one as its most-linked entities."""

    entity: str | None = None
    hops: int = 1
    types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    since: str | None = None
    top: int | None = None
    whole: bool = False


@dataclass(frozen=True)
class View:
    nodes: frozenset[str]
    description: str
    hidden: int = 0
    spec: ViewSpec = field(default_factory=ViewSpec)


def paper_count(graph: nx.MultiDiGraph, node: str) -> int:
    return len({p for p, _ in graph.in_edges(node) if graph.nodes[p].get("kind") == "paper"})


def select_view(graph: nx.MultiDiGraph, spec: ViewSpec, entity_id: str | None = None) -> View:
    """The nodes to draw. `entity_id` is `spec.entity` already resolved to a node id by the caller."""
    g = filtered(graph, spec)
    if entity_id:
        nodes = ego(g, entity_id, spec.hops)
        how = f"papers and entities within {spec.hops} hop(s) of {graph.nodes[entity_id]['label']}"
    elif spec.top or (not spec.whole and g.number_of_nodes() > SMALL_GRAPH):
        top = spec.top or DEFAULT_TOP
        nodes = most_linked(g, top)
        how = f"the {top} most-linked entities and, for each, the {PAPERS_PER_ENTITY} papers most tied to the rest"
    else:
        nodes = set(g.nodes)
        how = "the whole graph"
    shown = [n for n in nodes if graph.nodes[n].get("kind") in ("paper", "entity")]
    total = sum(1 for _, d in graph.nodes(data=True) if d.get("kind") in ("paper", "entity"))
    filters = describe_filters(spec)
    text = f"Showing {len(shown)} of {total} nodes: {how}{filters}."
    return View(frozenset(shown), text, total - len(shown), spec)


def describe_filters(spec: ViewSpec) -> str:
    parts = []
    if spec.types:
        parts.append("types " + ", ".join(spec.types))
    if spec.roles:
        parts.append("roles " + ", ".join(spec.roles))
    if spec.since:
        parts.append(f"papers since {spec.since}")
    return f" (only {'; '.join(parts)})" if parts else ""


def filtered(graph: nx.MultiDiGraph, spec: ViewSpec) -> nx.MultiDiGraph:
    """Drop papers before `since`, links of other roles, and entities of other types."""
    g = graph.copy()
    if spec.since:
        g.remove_nodes_from([n for n, d in graph.nodes(data=True)
                             if d.get("kind") == "paper" and (d.get("date") or "") < spec.since])
    if spec.roles:
        g.remove_edges_from([(u, v, k) for u, v, k in g.edges(keys=True)
                             if g.nodes[u].get("kind") == "paper" and k not in spec.roles])
    if spec.types:
        wanted = {t.upper() for t in spec.types}
        g.remove_nodes_from([n for n, d in g.nodes(data=True)
                             if d.get("kind") == "entity" and d.get("type") not in wanted])
    g.remove_nodes_from([n for n, d in g.nodes(data=True) if d.get("kind") == "claim"])
    if spec.since or spec.roles or spec.types:
        g.remove_nodes_from([n for n, d in g.nodes(data=True) if d.get("kind") == "paper" and g.out_degree(n) == 0])
    return g


def ego(g: nx.MultiDiGraph, entity_id: str, hops: int) -> set[str]:
    """Entities `hops` paper-steps away: 1 hop = the entity, its papers, and their other entities."""
    undirected = g.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(undirected, entity_id, cutoff=2 * hops))


def most_linked(g: nx.MultiDiGraph, top: int) -> set[str]:
    """The `top` entities with most papers, and for each the papers that link to most of the other top entities
    (so the picture shows how they connect, not every paper that names "GPU")."""
    entities = [n for n, d in g.nodes(data=True) if d.get("kind") == "entity"]
    ranked = sorted(entities, key=lambda n: (-paper_count(g, n), n))[:top]
    chosen = set(ranked)
    nodes = set(ranked)
    for entity in ranked:
        papers = {p for p, _ in g.in_edges(entity) if g.nodes[p].get("kind") == "paper"}
        ties = {p: len({v for _, v in g.out_edges(p)} & chosen) for p in papers}
        nodes |= set(sorted(papers, key=lambda p: (-ties[p], p))[:PAPERS_PER_ENTITY])
    return nodes

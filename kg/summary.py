"""summary.json: what a build holds, in numbers, and the most-linked entities of each type."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx

from kg.views import paper_count

TOP = 10


def summary(graph: nx.MultiDiGraph) -> dict:
    kinds = Counter(d.get("kind") for _, d in graph.nodes(data=True))
    entities = [(n, d) for n, d in graph.nodes(data=True) if d.get("kind") == "entity"]
    roles = Counter(k for u, _, k in graph.edges(keys=True) if graph.nodes[u].get("kind") == "paper"
                    and k != "reportsClaim")
    by_type: dict[str, list] = {}
    for node, data in entities:
        by_type.setdefault(data["type"], []).append((node, data))
    top = {}
    for entity_type, members in sorted(by_type.items()):
        ranked = sorted(((paper_count(graph, n), n, d["label"]) for n, d in members), key=lambda t: (-t[0], t[1]))
        top[entity_type] = [{"id": n, "label": label, "papers": count} for count, n, label in ranked[:TOP] if count]
    return {
        "papers": kinds.get("paper", 0),
        "entities": {t: len(m) for t, m in sorted(by_type.items())},
        "entities_linked": {t: sum(1 for n, _ in m if paper_count(graph, n)) for t, m in sorted(by_type.items())},
        "links": sum(roles.values()),
        "links_by_role": dict(sorted(roles.items())),
        "claims": kinds.get("claim", 0),
        "top_entities": top,
    }


def summary_json(graph: nx.MultiDiGraph) -> bytes:
    return (json.dumps(summary(graph), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

"""The networkx graph on disk: graph.json (node-link JSON, what `kg.load` reads back) and GraphML (for Gephi,
Cytoscape and friends, which want scalar attributes: lists and records are written as JSON strings there)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx

from kg.errors import NotABuild


def graph_json(graph: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(graph, edges="links")
    data["nodes"].sort(key=lambda n: n["id"])
    data["links"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def read_graph_json(path: Path) -> nx.MultiDiGraph:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotABuild(str(Path(path).parent), Path(path).name) from None
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")


def graphml(graph: nx.MultiDiGraph) -> bytes:
    flat = nx.MultiDiGraph()
    for node, data in sorted(graph.nodes(data=True)):
        flat.add_node(node, **_scalars(data))
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        flat.add_edge(source, target, key=key, **_scalars(data))
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8")
    return buffer.getvalue()


def _scalars(data: dict) -> dict:
    return {k: json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v
            for k, v in sorted(data.items()) if v is not None}

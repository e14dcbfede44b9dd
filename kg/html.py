"""The interactive HTML explorer: one self-contained file that works offline from file://.

pyvis assembles the network and its options; the page comes from our own template (kg/templates/explorer.html),
rendered with autoescaping, because pyvis's template loads Bootstrap from a CDN in every mode and inserts some text
as raw HTML (see LIBRARY-FACTS.md). vis-network is inlined from pyvis's bundled copy. All paper text reaches the page
as JSON inside <script type="application/json"> (Jinja's tojson escapes <, > and &) and is shown with textContent.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from kg.views import View, paper_count

STYLE = {  # type -> (colour, vis shape); fixed so that every build draws the same page
    "MODEL": ("#1f77b4", "dot"),
    "HARDWARE": ("#d62728", "square"),
    "DATASET": ("#2ca02c", "triangle"),
    "METHOD": ("#9467bd", "diamond"),
    "PAPER": ("#8c8c8c", "dot"),
}
TEMPLATES = Path(__file__).parent / "templates"
MAX_EMBEDDED_NODES = 6000
PAPER_LABELS_UP_TO = 60  # more paper titles than this only clutter the canvas; they show on hover and in the panel


def environment() -> Environment:
    pyvis_templates = Path(pyvis.__file__).parent / "templates"
    loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), FileSystemLoader(str(pyvis_templates))])
    return Environment(loader=loader, autoescape=True, keep_trailing_newline=True)


def style_of(data: dict) -> tuple[str, str]:
    return STYLE["PAPER" if data.get("kind") == "paper" else data.get("type", "METHOD")]


def vis_node(graph: nx.MultiDiGraph, node: str, paper_labels: bool) -> dict:
    data = graph.nodes[node]
    colour, shape = style_of(data)
    if data.get("kind") == "paper":
        label = data["title"] if len(data["title"]) <= 32 else data["title"][:30].rstrip() + "…"
        return {"id": node, "label": label if paper_labels else "", "title": data["title"], "color": colour,
                "shape": shape, "size": 7, "group": "PAPER", "font": {"size": 10, "color": "#555555"}}
    papers = paper_count(graph, node)
    return {"id": node, "label": data["label"], "title": f"{data['label']} ({data['type'].lower()}, {papers} papers)",
            "color": colour, "shape": shape, "size": round(10 + 6 * math.sqrt(papers), 1), "group": data["type"],
            "font": {"size": 16 if papers > 1 else 13}}


def vis_edge(graph: nx.MultiDiGraph, u: str, v: str, key: str, data: dict) -> dict:
    evidence = data.get("evidence") or []
    title = key if not evidence else f"{key}: {evidence[0]}"
    width = 1 if key != "broader" else 2
    return {"from": u, "to": v, "title": title, "role": key, "width": width,
            "dashes": key == "broader", "color": "#b0b0b0" if key != "broader" else "#606060"}


def details(graph: nx.MultiDiGraph, node: str) -> dict:
    """What the side panel shows for a node; all of it plain text."""
    data = graph.nodes[node]
    label = lambda n: graph.nodes[n].get("label", n)  # noqa: E731
    if data.get("kind") == "paper":
        links: dict[str, list] = {}
        for _, target, key, edge in sorted(graph.out_edges(node, keys=True, data=True)):
            if graph.nodes[target].get("kind") == "entity":
                links.setdefault(key, []).append({"id": target, "label": label(target),
                                                  "type": graph.nodes[target]["type"],
                                                  "evidence": (edge.get("evidence") or [""])[0]})
        claims = [graph.nodes[c] for _, c, k in graph.out_edges(node, keys=True) if k == "reportsClaim"]
        fields = ("title", "date", "date_text", "organisation", "author_count", "authors", "abstract", "arxiv_id")
        return {"kind": "paper", **{f: data[f] for f in fields if f in data}, "links": links,
                "claims": [{"value": c.get("value_text"), "quantity": c.get("quantity"), "kind": c.get("claim_kind"),
                            "hardware": c.get("hardware"), "baseline": c.get("baseline"),
                            "evidence": c.get("evidence")} for c in sorted(claims, key=lambda c: c["label"])]}
    papers = []
    for source, _, key, edge in sorted(graph.in_edges(node, keys=True, data=True)):
        if graph.nodes[source].get("kind") == "paper":
            papers.append({"id": source, "title": label(source), "role": key,
                           "evidence": (edge.get("evidence") or [""])[0]})
    broader = [[b, label(b)] for b in data.get("broader", []) if b in graph]
    narrower = sorted([[s, label(s)] for s, _, k in graph.in_edges(node, keys=True) if k == "broader"])
    return {"kind": "entity", "type": data["type"], "label": data["label"], "aliases": data.get("aliases", []),
            "definition": data.get("definition"), "level": data.get("level"), "broader": broader,
            "narrower": narrower, "papers": papers}


def explorer_html(graph: nx.MultiDiGraph, view: View, title: str = "kg explorer") -> str:
    drawable = [n for n, d in graph.nodes(data=True) if d.get("kind") in ("paper", "entity")]
    embedded = sorted(drawable if len(drawable) <= MAX_EMBEDDED_NODES else view.nodes)
    net = Network(directed=True, height="100%", width="100%", heading=title)
    # Appending to pyvis's lists directly: add_node/add_edge scan lists and grow quadratically.
    papers_shown = sum(1 for n in view.nodes if graph.nodes[n].get("kind") == "paper")
    net.nodes = [vis_node(graph, n, papers_shown <= PAPER_LABELS_UP_TO) for n in embedded]
    net.node_ids = list(embedded)
    chosen = set(embedded)
    net.edges = [vis_edge(graph, u, v, k, d) for u, v, k, d in sorted(graph.edges(keys=True, data=True),
                                                                      key=lambda e: e[:3])
                 if u in chosen and v in chosen]
    net.set_options(physics_options(len(view.nodes)))
    nodes, edges, heading, _, _, options = net.get_network_data()
    template = environment().get_template("explorer.html")
    return template.render(
        heading=heading, nodes=nodes, edges=edges, options=options, visible=sorted(view.nodes),
        details={n: details(graph, n) for n in embedded}, notice=view.description,
        legend=[(name.lower() if name != "PAPER" else "paper", colour, shape) for name, (colour, shape) in STYLE.items()],
    )


def physics_options(n_nodes: int) -> str:
    """Straight edges, a bounded number of stabilisation steps, then the page freezes the layout (explorer.js)."""
    iterations = 300 if n_nodes < 300 else 200 if n_nodes < 1200 else 120
    return f"""{{
      "physics": {{"enabled": true, "solver": "barnesHut",
                  "barnesHut": {{"gravitationalConstant": -6000, "centralGravity": 0.25, "springLength": 110,
                                "springConstant": 0.03, "damping": 0.35, "avoidOverlap": 0.1}},
                  "stabilization": {{"enabled": true, "iterations": {iterations}, "updateInterval": 20, "fit": true}}}},
      "edges": {{"smooth": false, "arrows": {{"to": {{"enabled": false}}}}}},
      "nodes": {{"borderWidth": 1}},
      "layout": {{"improvedLayout": false, "randomSeed": 7}},
      "interaction": {{"hover": true, "tooltipDelay": 120, "hideEdgesOnDrag": true, "navigationButtons": false}}
    }}"""

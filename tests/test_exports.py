"""The files a build writes: RDF that parses back to the same triples, GraphML, an offline HTML page, a summary,
and byte-identical output for the same input."""

import json
import re

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

FILES = ["graph.ttl", "graph.nt", "graph.jsonld", "context.jsonld", "void.ttl", "graph.graphml", "graph.json",
         "graph.html", "summary.json"]


def test_a_build_writes_every_export(fixture_build):
    assert {p.name for p in fixture_build.iterdir()} == {*FILES, "store"}


def test_turtle_and_ntriples_parse_back_to_the_same_triples(fixture_build):
    turtle = Graph().parse(fixture_build / "graph.ttl", format="turtle")
    ntriples = Graph().parse(fixture_build / "graph.nt", format="nt")
    assert len(turtle) > 100
    assert set(turtle) == set(ntriples)


def test_jsonld_parses_to_the_same_graph(fixture_build):
    jsonld = Graph().parse(fixture_build / "graph.jsonld", format="json-ld")
    turtle = Graph().parse(fixture_build / "graph.ttl", format="turtle")
    assert isomorphic(jsonld, turtle)


def test_graphml_holds_the_same_nodes_and_edges_as_the_saved_graph(fixture_build):
    graphml = nx.read_graphml(fixture_build / "graph.graphml")
    saved = json.loads((fixture_build / "graph.json").read_text())
    assert set(graphml.nodes) == {n["id"] for n in saved["nodes"]}
    assert graphml.number_of_edges() == len(saved["links"])
    a100 = "hardware/nvidia-a100"
    assert json.loads(graphml.nodes[a100]["aliases"]) == saved_node(saved, a100)["aliases"]


def saved_node(saved, node_id):
    return next(n for n in saved["nodes"] if n["id"] == node_id)


def test_html_loads_nothing_from_the_network_and_holds_every_node(fixture_build):
    html = (fixture_build / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert not re.search(r"""@import|url\(\s*["']?https?:""", html)
    saved = json.loads((fixture_build / "graph.json").read_text())
    drawable = {n["id"] for n in saved["nodes"] if n["kind"] in ("paper", "entity")}
    nodes = json.loads(re.search(r'<script type="application/json" id="kg-nodes">(.*?)</script>', html, re.S)[1])
    assert {n["id"] for n in nodes} == drawable


def test_summary_counts_what_the_graph_holds(fixture_build):
    summary = json.loads((fixture_build / "summary.json").read_text())
    saved = json.loads((fixture_build / "graph.json").read_text())
    assert summary["papers"] == sum(1 for n in saved["nodes"] if n["kind"] == "paper") == 5
    assert summary["entities"]["HARDWARE"] == sum(1 for n in saved["nodes"] if n.get("type") == "HARDWARE")
    top_hardware = {e["label"]: e["papers"] for e in summary["top_entities"]["HARDWARE"]}
    assert top_hardware["NVIDIA A100"] == 1


def test_the_same_inputs_give_byte_identical_exports(fixtures, tmp_path):
    from kg.build import build

    inputs = [fixtures / "listing_blocks.txt", fixtures / "plain.jsonl"]
    build(inputs, tmp_path / "one")
    build(list(reversed(inputs)), tmp_path / "two")
    for name in FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.mark.parametrize("name", ["graph.ttl", "void.ttl"])
def test_no_blank_nodes_are_written(fixture_build, name):
    assert "_:" not in (fixture_build / name).read_text(encoding="utf-8")

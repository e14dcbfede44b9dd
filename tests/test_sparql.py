"""`kg sparql` and the example queries in ontology/queries/, answered from a fixture build."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.resources import ontology_file


def sparql(build, *args):
    result = CliRunner().invoke(cli, ["sparql", "--out", str(build), *args])
    assert result.exit_code == 0, result.output
    return result.output


def rows(build, query_name):
    text = sparql(build, "--file", str(ontology_file("queries", query_name)), "--format", "csv")
    return list(csv.reader(io.StringIO(text)))


def test_papers_on_a_hardware_class_include_its_products(fixture_build):
    assert rows(fixture_build, "papers-on-hardware-class.rq") == [
        ["title", "hardware"],
        ["Edge Detection on the Jetson Orin", "NVIDIA Jetson Orin"],
        ["Speculative Decoding at Scale", "NVIDIA A100"],
        ["Speculative Decoding at Scale", "NVIDIA H100"],
    ]


def test_models_evaluated_on_a_dataset(fixture_build):
    assert rows(fixture_build, "models-evaluated-on-dataset.rq") == [["model", "papers"], ["BERT", "1"], ["CLIP", "1"]]


def test_hardware_used_with_a_method(fixture_build):
    assert rows(fixture_build, "hardware-with-method.rq") == [
        ["hardware", "papers"], ["NVIDIA A100", "1"], ["NVIDIA H100", "1"]]


def test_the_evidence_for_a_link(fixture_build):
    (header, row) = rows(fixture_build, "evidence-for-link.rq")
    found = dict(zip(header, row))
    assert found["title"] == "Speculative Decoding at Scale"
    assert found["role"].endswith("#runsOn")
    assert found["matched"] == "H100 GPUs"
    assert found["sentence"].startswith("Using a small draft model, we accelerate Mistral 7B")
    assert found["extractor"] == "kg_vocabulary"


def test_largest_speedups_per_hardware_class(fixture_build):
    table = rows(fixture_build, "largest-speedups-per-hardware-class.rq")
    assert table[0] == ["class", "largest", "stated", "title"]
    by_class = {row[0]: row[1:] for row in table[1:]}
    assert by_class["GPU"] == ["2.8", "2.8x", "Speculative Decoding at Scale"]
    assert by_class["NVIDIA GPU"] == by_class["GPU"]  # measured on an A100, which is an NVIDIA GPU
    assert by_class["mobile SoC"] == ["2.1", "2.1x", "QuantEdge: 4-bit LLaMA Inference on Mobile SoCs"]
    assert [float(row[1]) for row in table[1:]] == sorted((float(row[1]) for row in table[1:]), reverse=True)


def test_every_shipped_query_is_tested():
    shipped = {p.name for p in ontology_file("queries").glob("*.rq")}
    tested = {"papers-on-hardware-class.rq", "models-evaluated-on-dataset.rq", "hardware-with-method.rq",
              "evidence-for-link.rq", "largest-speedups-per-hardware-class.rq"}
    assert shipped <= tested


def test_select_as_table_json_and_tsv(fixture_build):
    query = "SELECT ?title WHERE { ?p kg:runsOn hardware:nvidia-h100 ; dcterms:title ?title }"
    assert "Speculative Decoding at Scale" in sparql(fixture_build, query)
    bindings = json.loads(sparql(fixture_build, query, "--format", "json"))["results"]["bindings"]
    assert [b["title"]["value"] for b in bindings] == ["Speculative Decoding at Scale"]
    assert sparql(fixture_build, query, "--format", "tsv").splitlines()[1] == '"Speculative Decoding at Scale"'


def test_ask_and_construct(fixture_build):
    assert sparql(fixture_build, "ASK { ?p kg:runsOn hardware:nvidia-h100 }").strip() == "yes"
    turtle = sparql(fixture_build, "CONSTRUCT { ?p kg:runsOn ?h } WHERE { ?p kg:runsOn ?h }", "--format", "turtle")
    from rdflib import Graph

    assert len(Graph().parse(data=turtle, format="turtle")) == 6


@pytest.mark.parametrize("args, message", [
    (["SELECT ?x WHERE { ?x ?y }"], "invalid SPARQL"),
    (["CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"], "can be written as turtle"),
])
def test_query_errors_are_one_line(fixture_build, args, message):
    result = CliRunner().invoke(cli, ["sparql", "--out", str(fixture_build), *args])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_a_folder_that_is_no_build_is_reported(tmp_path):
    result = CliRunner().invoke(cli, ["sparql", "--out", str(tmp_path), "ASK {}"])
    assert result.exit_code == 1 and "not a kg build" in result.output

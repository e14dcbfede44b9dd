"""Graph questions from Python (`kg.load`) and from `kg query`, on six papers small enough to check by hand:

    LLaMA on Phones               2024-01-15  Llama-2-7B, GPTQ, Snapdragon 8 Gen 3, smartphone
    Faster Decoding on Hopper     2024-03-02  Llama-2-7B, speculative decoding, H100
    Medusa Heads Revisited        2024-03-20  Medusa (a speculative decoding method), Vicuna, A100, H100
    Concept Bottlenecks on CLIP   2023-11-05  concept bottleneck models, CLIP, CUB-200-2011
    Cheap CLIP Tuning             2023-06-10  CLIP, MS COCO, LoRA, RTX 4090
    A Note on Writing             2022-01-01  nothing
"""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import UnknownName


@pytest.fixture(scope="module")
def graph(query_build):
    return kg.load(query_build)


def titles(rows):
    return [r["title"] for r in rows]


def test_a_family_finds_papers_about_its_checkpoints(graph):
    assert titles(graph.papers(uses=["LLaMA"])) == ["Faster Decoding on Hopper", "LLaMA on Phones"]


def test_a_class_finds_papers_about_its_products(graph):
    assert titles(graph.papers(uses=["GPU"])) == ["Medusa Heads Revisited", "Faster Decoding on Hopper",
                                                 "Cheap CLIP Tuning"]
    assert titles(graph.papers(uses=["mobile SoC"])) == ["LLaMA on Phones"]


def test_filters_combine(graph):
    assert titles(graph.papers(uses=["llama", "gpu"])) == ["Faster Decoding on Hopper"]
    assert titles(graph.papers(uses=["speculative decoding"])) == ["Medusa Heads Revisited",
                                                                  "Faster Decoding on Hopper"]
    assert titles(graph.papers(uses=["CLIP"], since="2023-07")) == ["Concept Bottlenecks on CLIP"]
    assert titles(graph.papers(uses=["CLIP"], until="2023-06")) == ["Cheap CLIP Tuning"]
    assert titles(graph.papers(role=["runsOn"], type="hardware", since="2024-03")) == [
        "Medusa Heads Revisited", "Faster Decoding on Hopper"]
    assert titles(graph.papers(text="bottleneck")) == ["Concept Bottlenecks on CLIP"]


def test_any_alias_or_spelling_finds_an_entity(graph):
    assert graph.resolve("H100") == graph.resolve("nvidia h100") == "hardware/nvidia-h100"
    assert graph.resolve("Llama 2 7B") == graph.resolve("LLaMA-2-7B") == "model/llama-2-7b"


def test_entity_describes_hierarchy_papers_roles_and_company(graph):
    h100 = graph.entity("H100")
    assert h100["label"] == "NVIDIA H100" and h100["type"] == "HARDWARE" and h100["level"] == "product"
    assert {"NVIDIA GPU", "GPU"} <= set(h100["broader"])
    assert h100["papers"] == 2 and h100["roles"] == {"runsOn": 2}
    company = {row["entity"]: row["papers"] for row in h100["linked_with"]}
    assert company["Speculative Decoding"] == 2 and company["NVIDIA A100"] == 1
    gpu = graph.entity("GPU")
    assert gpu["papers"] == 3 and gpu["papers_directly"] == 0
    assert {"NVIDIA A100", "NVIDIA H100", "NVIDIA GeForce RTX 4090"} <= set(gpu["narrower"])


def test_top_ranks_by_papers(graph):
    assert graph.top("hardware", limit=2) == [
        {"entity": "NVIDIA H100", "id": "hardware/nvidia-h100", "papers": 2},
        {"entity": "NVIDIA A100", "id": "hardware/nvidia-a100", "papers": 1},
    ]
    assert [r["entity"] for r in graph.top("model", since="2024-01")] == ["Llama 2 7B", "LLaMA", "Vicuna"]
    assert [r["entity"] for r in graph.top("dataset", role=["uses"])] == ["MS COCO"]


def test_top_among_the_papers_that_use_something(graph):
    """What hardware do speculative-decoding papers run on? Which datasets does concept-bottleneck work use?"""
    assert [(r["entity"], r["papers"]) for r in graph.top("hardware", uses=["speculative decoding"], limit=2)] == [
        ("NVIDIA H100", 2), ("NVIDIA A100", 1)]
    assert [r["entity"] for r in graph.top("dataset", uses=["concept bottleneck model"])] == ["CUB-200-2011"]
    assert graph.top("hardware", uses=["concept bottleneck model"]) == []


def test_cooccur_counts_model_hardware_pairs(graph):
    pairs = {(r["model"], r["hardware"]): r["papers"] for r in graph.cooccur("model", "hardware")}
    assert pairs[("Llama 2 7B", "NVIDIA H100")] == 1
    assert pairs[("Vicuna", "NVIDIA A100")] == 1
    assert pairs[("CLIP", "NVIDIA GeForce RTX 4090")] == 1
    assert ("CLIP", "NVIDIA H100") not in pairs


def test_related_prefers_rare_shared_entities(graph):
    rows = graph.related("Faster Decoding on Hopper")
    assert [r["title"] for r in rows] == ["Medusa Heads Revisited", "LLaMA on Phones"]
    assert rows[0]["shared"] == ["NVIDIA H100", "Speculative Decoding"]
    assert rows[1]["shared"] == ["Llama 2 7B"]


def test_path_joins_two_entities_through_papers(graph):
    labels = [step["label"] for step in graph.path("Llama-2-7B", "A100")]
    assert labels == ["Llama 2 7B", "Faster Decoding on Hopper", "NVIDIA H100", "Medusa Heads Revisited",
                      "NVIDIA A100"]
    assert graph.path("CLIP", "A100") == []


def test_trend_counts_papers_per_period(graph):
    assert graph.trend("LLaMA", by="month") == [{"month": "2024-01", "papers": 1}, {"month": "2024-03", "papers": 1}]
    assert graph.trend("CLIP") == [{"year": "2023", "papers": 2}]


def test_an_unknown_name_suggests_the_closest_ones(graph, query_build):
    with pytest.raises(UnknownName) as error:
        graph.papers(uses=["Lama 2"])
    assert {"LLaMA", "Llama 2 7B"} & set(error.value.suggestions[:3])
    result = CliRunner().invoke(cli, ["query", "entity", "Medussa", "--out", str(query_build)])
    assert result.exit_code == 1 and "did you mean: Medusa" in result.output


def test_stats(graph):
    stats = graph.stats()
    assert stats["papers"] == 6
    assert stats["links"] == 20
    assert stats["largest_component"]["papers"] == 3
    assert "GPU" in stats["entities_without_papers"]


@pytest.mark.parametrize("args", [
    ["papers", "--uses", "LLaMA"], ["entity", "CLIP"], ["top", "--type", "hardware"],
    ["top", "--type", "hardware", "--uses", "speculative decoding"],
    ["cooccur", "--type", "model", "--with", "hardware"], ["related", "Cheap CLIP Tuning"],
    ["path", "CLIP", "LoRA"], ["trend", "CLIP"],
])
def test_every_query_command_prints_json_csv_and_a_table(query_build, args):
    for fmt in ("--json", "--csv", None):
        result = CliRunner().invoke(cli, ["query", *args, "--out", str(query_build), *([fmt] if fmt else [])])
        assert result.exit_code == 0, result.output
        if fmt == "--json":
            assert json.loads(result.output)
        else:
            assert len(result.output.splitlines()) >= 2


def test_stats_command(query_build):
    result = CliRunner().invoke(cli, ["stats", "--out", str(query_build), "--json"])
    assert json.loads(result.output)["papers"] == 6
    table = CliRunner().invoke(cli, ["stats", "--out", str(query_build)]).output.splitlines()
    assert table[0].split() == ["papers", "6"]
    assert "MODEL" in next(line for line in table if line.startswith("entities "))


def test_answers_come_from_the_saved_build_without_the_extractor(query_build):
    """The query_build fixture deleted its input; loading must not even import spaCy (bench/bench_query.py times it)."""
    code = ("import sys, kg; g = kg.load(sys.argv[1]); "
            "print(len(g.papers(uses=['GPU'])), 'spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(query_build)], capture_output=True, text=True, check=True)
    papers, spacy_loaded = result.stdout.split()
    assert int(papers) > 0 and spacy_loaded == "False"

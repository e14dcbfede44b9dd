"""Quantitative claims: scored against hand-annotated seed papers (fixtures/claims_gold.jsonl, annotated by
fixtures/CLAIMS_GUIDELINE.md), and the numbers that must never become claims.

A predicted claim matches a gold claim of the same paper with the same quantity and a value within 1%; each gold
claim matches at most one prediction. Hardware is scored on matched claims whose gold names hardware: right when the
claim names that hardware or a more specific kind of it. Run with -s to see the figures.
"""

import json
from dataclasses import dataclass

import pytest

from kg.extract import extract
from kg.names import key
from kg.records import Paper
from kg.vocab import load_vocabulary

GOLD = "claims_gold.jsonl"
TARGET_PRECISION, TARGET_RECALL, TARGET_HARDWARE = 0.90, 0.80, 0.85


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    gold_with_hardware: int = 0
    hardware_right: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted

    @property
    def recall(self) -> float:
        return self.matched / self.gold

    @property
    def hardware(self) -> float:
        return self.hardware_right / self.gold_with_hardware


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1e-9)


def same_or_narrower(hardware_id: str | None, gold_label: str) -> bool:
    """The gold hardware, or a more specific kind of it ("consumer GPU" where the gold says "GPU")."""
    if hardware_id is None:
        return False
    vocab = load_vocabulary()
    labels = [vocab[h].label for h in [hardware_id, *vocab.ancestors(hardware_id)] if h in vocab.concepts]
    return key(gold_label) in {key(label) for label in labels}


def score_claims(gold_records: list[dict]) -> Score:
    papers = [Paper(id=f"g{i}", title=r["title"], abstract=r["abstract"]) for i, r in enumerate(gold_records)]
    score = Score()
    for record, extraction in zip(gold_records, extract(papers)):
        predicted = list(extraction.claims)
        score.predicted += len(predicted)
        score.gold += len(record["claims"])
        for gold in record["claims"]:
            match = next((p for p in predicted if p.quantity == gold["quantity"] and same_value(p.value, gold["value"])),
                         None)
            if match is None:
                continue
            predicted.remove(match)
            score.matched += 1
            if gold["hardware"]:
                score.gold_with_hardware += 1
                score.hardware_right += same_or_narrower(match.hardware, gold["hardware"])
    return score


@pytest.fixture(scope="module")
def score(fixtures):
    records = [json.loads(line) for line in (fixtures / GOLD).read_text(encoding="utf-8").splitlines() if line]
    assert len(records) >= 40 and sum(len(r["claims"]) for r in records) >= 100
    result = score_claims(records)
    print(f"\nclaims: {result.predicted} predicted, {result.gold} gold, {result.matched} matched; "
          f"precision {result.precision:.3f}, recall {result.recall:.3f}; hardware right on matched claims "
          f"{result.hardware_right}/{result.gold_with_hardware} = {result.hardware:.3f}")
    return result


def test_claims_are_precise(score):
    assert score.precision >= TARGET_PRECISION


def test_claims_are_found(score):
    assert score.recall >= TARGET_RECALL


def test_claims_name_their_hardware(score):
    assert score.hardware >= TARGET_HARDWARE


def claims_of(abstract: str, title: str = "A study"):
    (result,) = extract([Paper(id="t", title=title, abstract=abstract)])
    return result.claims


@pytest.mark.parametrize("sentence", [
    "We evaluate on 12 datasets and 3 tasks in 20 languages.",
    "We curated CalData, a 330K image-text pair dataset, and release 200K preference pairs.",
    "The benchmark was collected in 2023 and extended in 2024.",
    "We fine-tune a 7B model with 4-bit weights at 50% sparsity on 8 GPUs.",
    "Over 99.9% of values are multiplied in 8-bit.",
])
def test_counts_sizes_settings_and_years_are_not_claims(sentence):
    assert claims_of(sentence) == ()


def test_two_values_for_two_hardware_targets_give_two_claims():
    claims = claims_of("We present FastDec, an inference engine. FastDec achieves up to 4.86x and 2.18x speedup on "
                       "both NVIDIA and AMD GPUs compared to Hugging Face implementations.")
    assert [(c.value, c.kind, c.quantity, c.qualifier, c.hardware_label) for c in claims] == [
        (4.86, "speedup", "speed", "up to", "NVIDIA GPU"), (2.18, "speedup", "speed", None, "AMD GPU")]
    assert all(c.baseline_text == "Hugging Face implementations" and c.subject_label == "FastDec" for c in claims)


def test_a_reduction_on_a_named_phone():
    (claim,) = claims_of("Our method reduces latency by 37% on a Snapdragon 8 Gen 2 compared with GPTQ.")
    assert (claim.value_text, claim.kind, claim.quantity, claim.direction) == ("37%", "reduction", "latency", "better")
    assert claim.hardware_label == "Qualcomm Snapdragon 8 Gen 2" and claim.baseline == "method/gptq"


def test_claims_can_be_asked_by_hardware_class_and_quantity(fixture_build):
    import kg

    graph = kg.load(fixture_build)
    on_gpus = graph.claims(hardware="GPU")
    assert [(c["value"], c["hardware"], c["paper"]) for c in on_gpus] == [
        ("2.8x", "NVIDIA A100", "Speculative Decoding at Scale")]
    latency = graph.claims(quantity="latency")
    assert [(c["value"], c["kind"], c["baseline"], c["subject"]) for c in latency] == [
        ("37%", "reduction", "GPTQ", "QuantEdge")]
    assert [c["value"] for c in graph.claims(subject="QuantEdge")] == ["37%", "2.1x"]


def test_claims_are_in_the_rdf(fixture_build):
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF

    from kg.namespaces import KG

    g = Graph().parse(fixture_build / "graph.ttl")
    claims = set(g.subjects(RDF.type, KG.Claim))
    assert len(claims) == 3
    speedup = next(c for c in claims if (c, KG.valueText, Literal("2.8x")) in g)
    assert str(g.value(speedup, KG.measuredOn)).endswith("hardware/nvidia-a100")
    assert any(g.subjects(KG.reportsClaim, speedup))


def test_a_worse_result_is_marked_worse():
    (claim,) = claims_of("The compressed model loses 1.2% accuracy, a small drop.")
    assert claim.direction == "worse" and claim.quantity == "accuracy"

"""Names no vocabulary lists: how the extractor finds them, types them, resolves them and gives each link a role.

Each case is a general pattern of how abstracts are written, with made-up names where the pattern is about
discovery, so that a vocabulary entry cannot make the test pass by accident.
"""

import pytest

from kg.extract import extract
from kg.records import EntityLink, Paper
from kg.vocab import load_vocabulary


def links(abstract: str, title: str = "A study") -> dict[str, EntityLink]:
    """entity label -> its link, for one paper."""
    (result,) = extract([Paper(id="t", title=title, abstract=abstract)])
    return {link.label: link for link in result.links}


def test_an_abbreviation_definition_makes_both_spellings_one_entity():
    found = links("We introduce Gradient Echo Sampling (GES) for decoding. GES halves the latency.")
    (link,) = [link for link in found.values() if "GES" in {m.text for m in link.mentions}]
    assert {m.text for m in link.mentions} == {"Gradient Echo Sampling", "GES"}
    assert link.type.value == "METHOD"


def test_a_coined_name_followed_by_its_expansion_is_one_entity():
    found = links("We introduce KOVA^2 (KOVA-boosted-KOVA), a VLM family trained on its own captions.")
    (link,) = [link for link in found.values() if "KOVA^2" in {m.text for m in link.mentions}]
    assert {m.text for m in link.mentions} == {"KOVA^2", "KOVA-boosted-KOVA"}


def test_a_known_long_form_resolves_the_abbreviation_to_the_vocabulary_entry():
    found = links("We apply Low-Rank Adaptation (LoRA) to every layer. LoRA adds few parameters.")
    assert found["LoRA"].entity_id == "method/lora"
    assert {m.text for m in found["LoRA"].mentions} == {"Low-Rank Adaptation", "LoRA"}


@pytest.mark.parametrize("title, abstract, name, entity_type", [
    ("Zephyrix: Fast Sparse Decoding for Long Contexts", "We study sparse decoding. On long inputs, Zephyrix "
     "halves the latency.", "Zephyrix", "METHOD"),
    ("A study", "We propose QuillNet, a lightweight network for retrieval.", "QuillNet", "MODEL"),
    ("A study", "We present a sampling method dubbed TorqueDecode that skips layers.", "TorqueDecode", "METHOD"),
    ("A study", "We propose ZORB a simple architecture combining two attentions.", "ZORB", "MODEL"),
    ("A study", "We introduce a new algorithm -- ripple backpropagation -- which resets units.",
     "ripple backpropagation", "METHOD"),
    ("QuoMUX: Data Multiplexing with Compression", "Our approach, QuoMUX, is fast. We then propose Auto-QuoMUX, a "
     "meta-level model that predicts parameters.", "QuoMUX", "METHOD"),
    ("A study", "We construct and release KestrelNews and KestrelPar, two multilingual news corpora.", "KestrelPar",
     "DATASET"),
    ("A study", "We fix two flaws. We refer to the modified sampler, which has both fixes, as STEADY-RS.",
     "STEADY-RS", "METHOD"),
    ("A study", "We release HarborQA, a benchmark of 3,000 questions.", "HarborQA", "DATASET"),
    ("Brindle: A Family of Small Time Series Foundation Models", "We introduce Brindle, which forecasts.",
     "Brindle", "MODEL"),
    ("A study", "We introduce Vexa^2 (Vexa-augmented-Vexa), a VLM family trained on recaptions.", "Vexa^2", "MODEL"),
    ("A study", "In this paper, we propose a novel decoding approach, namely ripple transfer, which is fast.",
     "ripple transfer", "METHOD"),
])
def test_a_papers_own_contribution_is_proposed_and_typed_by_how_the_paper_describes_it(title, abstract, name,
                                                                                        entity_type):
    (link,) = [link for link in links(abstract, title).values() if name in {m.text for m in link.mentions}]
    assert link.proposed and link.role.value == "proposes"
    assert link.type.value == entity_type


@pytest.mark.parametrize("abstract, absent", [
    ("Many mitigations address the same failure mode, namely poor conditioning.", "poor conditioning"),
    ("We propose a novel variance-based metric called Class Spread Score (CSS) for retrieval.", "Class Spread Score"),
    ("We propose a new metric called FlowGap that tracks drift.", "FlowGap"),
    ("We also introduce a novel metric, called Adaptive Drift Score (ADS), for forgetting.", "ADS"),
    ("Strong augmentation suffers from an inherent problem called crucial feature loss: it drops parts.",
     "crucial feature loss"),
    ("We also propose PSQ-entropy, a measure of how neurons correlate with classes.", "PSQ-entropy"),
])
def test_measures_and_appositions_are_not_contributions(abstract, absent):
    assert absent not in links(abstract)


def test_an_unknown_name_listed_among_known_ones_takes_their_type():
    found = links("Efficient alternatives to attention (e.g. ZB3, Mamba, RWKV) keep a fixed-size state.")
    assert found["ZB3"].type.value == "MODEL" and not found["ZB3"].proposed
    found = links("We compare with the pruning criteria SNIP, GraSP and QXP, and with DiTs, MARs and SiTs.")
    assert found["QXP"].type.value == "METHOD"
    assert found["MAR"].type.value == "MODEL"


def test_a_list_with_a_metric_or_mixed_types_lends_no_type():
    assert "ZetaScore" not in links("We report BLEU, ROUGE and ZetaScore on the test set.")
    assert "QXP" not in links("We run LLaMA, ImageNet and QXP.")


def test_a_long_form_never_spans_another_definition():
    found = links("On question answering (BoolQ), textual entailment (RTE) and duplicate questions (QQP) it wins.")
    assert {"BoolQ", "RTE", "QQP"} <= set(found)
    assert all(len(m.text) <= 5 for link in found.values() for m in link.mentions)


def test_a_papers_own_definition_outranks_the_vocabulary_everywhere_in_it():
    found = links("Sharpness-Aware Minimization (SAM) finds flat minima. We extend DG-SAM methods to quantization.")
    assert not any(link.type.value == "MODEL" for link in found.values())


def test_tasks_latex_residue_and_generic_plurals_are_not_names():
    assert links("Pre-trained language models (PLMs) excel at natural language generation (NLG).") == {}
    found = links("We introduce SlomoBench, a benchmark of high-resolution (geq720p) videos.")
    assert "geq720p" not in found
    assert "LMs" not in links("We develop scaling laws for pretrained language models (LMs).")


def test_links_and_metric_names_do_not_name_entities():
    assert links("Code is at https://github.com/meta/llama-recipes and https://example.org/CLIP.") == {}
    assert "CLIP" not in links("Our sampler gains +0.68 in CLIP Score over the baseline.")


def test_data_modalities_are_not_datasets():
    found = links("Pretraining on the brain MRI dataset helps on the abdominal CT dataset.")
    assert not any(link.type.value == "DATASET" for link in found.values())


def test_names_listed_before_a_dataset_word_are_datasets_too():
    found = links("We evaluate on the Fovea, RetinaSet and Macula benchmarks, and on the large and noisy datasets.")
    assert {label for label, link in found.items() if link.type.value == "DATASET"} == {"Fovea", "RetinaSet", "Macula"}


def test_a_language_before_a_dataset_name_is_not_part_of_it():
    found = links("Our corpus is derived from the English Kestrel dataset by machine translation.")
    assert found["Kestrel"].type.value == "DATASET"


def test_capitalisation_keeps_a_coined_name_apart_from_a_known_one():
    found = links("TACO improves control from pixels.", "TACO: Temporal Action-Driven Contrastive Loss for RL")
    assert "TACoS" not in found
    assert found["TACO"].proposed


def test_a_lowercase_adjective_does_not_join_a_capitalised_name():
    found = links("DARTS is a simple yet efficient Neural Architecture Search (NAS) method.")
    assert "ENAS" not in found
    assert "Neural Architecture Search" in found


@pytest.mark.parametrize("sentence, label, family", [
    ("We fine-tune Qwen2.5-7B on math.", "Qwen2.5-7B", "Qwen2.5"),
    ("We compare against OPT-175B.", "OPT-175B", "OPT"),
    ("Detection uses YOLOv8.", "YOLOv8", "YOLO"),
    ("Samples come from DiT-XL.", "DiT-XL", "DiT"),
])
def test_checkpoints_link_to_their_family(sentence, label, family):
    found = links(sentence)
    link = next(link for link in found.values() if any(m.text == label for m in link.mentions))
    assert link.type.value == "MODEL"
    assert any(family.lower() in b.lower() for b in (link.label, *link.broader)), (link.label, link.broader)


def test_a_list_of_sizes_or_years_gives_one_entity_per_item():
    found = links("Averaged over Qwen3 (0.6B, 1.7B, 4B) and AIME 2024/2025, and with OPT-30B/66B and Gemma 2 (2B).")
    expected = {"Qwen3", "Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "AIME 2024", "AIME 2025", "OPT-30B", "OPT-66B"}
    assert expected <= set(found)
    assert [m.text for m in found["AIME 2025"].mentions] == ["2025"]
    gemma = next(link for link in found.values() if "Gemma" in link.label)
    assert [m.text for m in gemma.mentions] == ["Gemma 2 (2B)"]


def test_a_translation_benchmark_keeps_its_language_pair():
    found = links("We gain on the WMT14 English to German dataset and on WMT16 En→Ro, while CIFAR10 is to be used.")
    pairs = {m.text for link in found.values() for m in link.mentions if link.type.value == "DATASET"}
    assert pairs == {"WMT14 English to German", "WMT16 En→Ro", "CIFAR10"}


def test_an_unlisted_hardware_product_is_found_by_its_shape_and_placed_under_its_class():
    found = links("Latency is measured on an RTX 5080 and a Jetson Orin.")
    rtx = next(link for link in found.values() if "5080" in link.label)
    assert rtx.type.value == "HARDWARE" and rtx.role.value == "runsOn"
    classes = {c for b in rtx.broader for c in (b, *load_vocabulary().ancestors(b))}
    assert {"hardware/nvidia-gpu", "hardware/gpu"} <= classes


@pytest.mark.parametrize("sentence, label, role", [
    ("Our method outperforms BERT on every task.", "BERT", "comparedWith"),
    ("We evaluate on ImageNet.", "ImageNet", "evaluatedOn"),
    ("All experiments run on an H100 GPU.", "NVIDIA H100", "runsOn"),
    ("We fine-tune Mistral 7B for retrieval.", "Mistral 7B", "extends"),
    ("Image features come from CLIP.", "CLIP", "uses"),
])
def test_roles_come_from_the_sentence(sentence, label, role):
    link = links(sentence)[label]
    assert link.role.value == role
    assert link.evidence == (sentence,)

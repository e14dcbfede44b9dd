"""The extractor finds the field's best-known entities in their usual spellings, and nothing where none is named."""

import pytest

from kg.extract import extract
from kg.records import Paper


def entities(abstract: str, title: str = "A study") -> dict[str, tuple[str, str]]:
    """surface form -> (type, entity id) for every mention found."""
    (result,) = extract([Paper(id="t", title=title, abstract=abstract)])
    return {m.text: (link.type.value, link.entity_id) for link in result.links for m in link.mentions}


@pytest.mark.parametrize("sentence, surface, entity_type, entity_id", [
    ("We fine-tune LLaMA on instructions.", "LLaMA", "MODEL", "model/llama"),
    ("We fine-tune Llama on instructions.", "Llama", "MODEL", "model/llama"),
    ("Results with LLaMA-2 are strong.", "LLaMA-2", "MODEL", "model/llama-2"),
    ("Results with Llama 2 are strong.", "Llama 2", "MODEL", "model/llama-2"),
    ("Results with llama2 are strong.", "llama2", "MODEL", "model/llama-2"),
    ("Image features come from CLIP.", "CLIP", "MODEL", "model/clip"),
    ("Text is encoded with BERT.", "BERT", "MODEL", "model/bert"),
    ("Training takes a day on one A100.", "A100", "HARDWARE", "hardware/nvidia-a100"),
    ("Training takes a day on NVIDIA A100 GPUs.", "NVIDIA A100 GPUs", "HARDWARE", "hardware/nvidia-a100"),
    ("Inference runs on an H100.", "H100", "HARDWARE", "hardware/nvidia-h100"),
    ("The model runs on a mobile SoC.", "mobile SoC", "HARDWARE", "hardware/mobile-soc"),
    ("The model runs on mobile SoCs.", "mobile SoCs", "HARDWARE", "hardware/mobile-soc"),
    ("Demand for datacenter GPUs grows.", "datacenter GPUs", "HARDWARE", "hardware/data-center-gpu"),
    ("Questions come from Yahoo! Answers.", "Yahoo! Answers", "DATASET", "dataset/yahoo-answers"),
    ("The Res-UNet converges faster.", "Res-UNet", "MODEL", "model/resunet"),
    ("Accuracy rises on GSM8k.", "GSM8k", "DATASET", "dataset/gsm8k"),
    ("Latency is measured on a Snapdragon 8 Gen 3.", "Snapdragon 8 Gen 3", "HARDWARE",
     "hardware/qualcomm-snapdragon-8-gen-3"),
])
def test_known_entities_are_found_in_their_usual_spellings(sentence, surface, entity_type, entity_id):
    assert entities(sentence)[surface] == (entity_type, entity_id)


@pytest.mark.parametrize("sentence", [
    "We study how people read long documents and summarise them.",
    "The bert of the river was cut short, and a clip held the paper to the sam board.",
    "A 100 images were collected in the field.",
    "Transformers and large language models are trained on a cluster of hardware.",
    "We pre-train on web text and compress speech with a speech tokenizer.",
])
def test_sentences_that_name_no_entity_yield_nothing(sentence):
    assert entities(sentence) == {}


def test_every_link_keeps_matched_text_sentence_and_component():
    (result,) = extract([Paper(id="t", title="Fast decoding", abstract="We run Mistral 7B on a single H100 GPU. "
                                                                           "It is fast.")])
    h100 = next(link for link in result.links if link.entity_id == "hardware/nvidia-h100")
    (mention,) = h100.mentions
    assert mention.text == "H100 GPU"
    assert mention.sentence == "We run Mistral 7B on a single H100 GPU."
    assert mention.component == "kg_vocabulary"
    assert h100.role.value == "runsOn"

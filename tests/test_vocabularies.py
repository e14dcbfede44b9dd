"""The vocabularies in ontology/vocab/ are data anyone can edit; these checks keep an edit from quietly breaking
matching (a name on two concepts), the hierarchy (a broader target that does not exist) or the gold rules (a generic
word becoming an entity)."""

import re
from collections import defaultdict

import pytest

from kg.errors import BadInput
from kg.extract.cues import load_cues
from kg.names import key
from kg.records import EntityType
from kg.vocab import load_vocabulary, read_vocab_file

VOCAB = load_vocabulary()


def test_each_type_covers_the_field_broadly():
    sizes = defaultdict(int)
    for concept in VOCAB.concepts.values():
        sizes[concept.type] += 1
    assert sizes[EntityType.MODEL] >= 400
    assert sizes[EntityType.HARDWARE] >= 150
    assert sizes[EntityType.DATASET] >= 400
    assert sizes[EntityType.METHOD] >= 250


def test_no_name_belongs_to_two_concepts():
    owners = defaultdict(set)
    for concept in VOCAB.concepts.values():
        for name in concept.names:
            owners[key(name)].add(concept.id)
    assert {k: sorted(ids) for k, ids in owners.items() if len(ids) > 1} == {}


def test_broader_targets_exist_have_the_same_type_and_form_no_cycle():
    for concept in VOCAB.concepts.values():
        for parent in concept.broader:
            assert parent in VOCAB.concepts, f"{concept.id}: unknown skos:broader {parent}"
            assert VOCAB[parent].type is concept.type, f"{concept.id} -> {parent} crosses types"
        assert concept.id not in VOCAB.ancestors(concept.id), f"{concept.id} is its own ancestor"


def test_the_hierarchy_links_checkpoints_to_families_and_products_to_classes():
    def chain(name, entity_type):
        concept = VOCAB.lookup(name, entity_type)
        return [VOCAB[c].label for c in VOCAB.ancestors(concept.id)]

    assert chain("Llama-2-7B", EntityType.MODEL)[:2] == ["Llama 2", "LLaMA"]
    assert "CLIP" in chain("CLIP ViT-L/14", EntityType.MODEL)
    assert chain("GPT-4o", EntityType.MODEL)[:2] == ["GPT-4", "GPT"]
    assert {"NVIDIA GPU", "GPU"} <= set(chain("A100", EntityType.HARDWARE))
    assert "mobile SoC" in chain("Snapdragon 8 Gen 3", EntityType.HARDWARE)


def test_generic_words_are_never_entities_unless_capitalised_as_a_name():
    for concept in VOCAB.concepts.values():
        for name in concept.names:
            if VOCAB.is_generic(name):
                assert name != name.lower(), f"{concept.id}: {name!r} is a generic word"
    assert VOCAB.lookup("transformer") is None
    assert VOCAB.lookup("LLM") is None


def test_no_label_is_a_bare_number():
    bare = [(c.id, n) for c in VOCAB.concepts.values() for n in c.names if re.fullmatch(r"[\d.,]+", n)]
    assert bare == []


def test_hardware_is_either_a_class_or_a_product_and_every_product_has_a_class():
    for concept in VOCAB.concepts.values():
        if concept.type is not EntityType.HARDWARE:
            continue
        assert concept.level in {"class", "product"}, concept.id
        if concept.level == "product":
            assert any(VOCAB[a].level == "class" for a in VOCAB.ancestors(concept.id)), concept.id


def test_the_classes_named_by_hardware_product_patterns_exist():
    for _core, _triggers, _vendor, class_label in load_cues().products:
        concept = VOCAB.lookup(class_label, EntityType.HARDWARE)
        assert concept is not None and concept.level == "class", class_label


def test_a_concept_with_two_preferred_labels_is_refused_with_the_file_named(tmp_path):
    path = tmp_path / "models.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/mlkg/id/model/x> a skos:Concept ;\n"
        "  skos:inScheme <https://w3id.org/mlkg/id/scheme/models> ;\n"
        '  skos:prefLabel "X"@en, "Y"@en .\n',
        encoding="utf-8",
    )
    with pytest.raises(BadInput, match="models.ttl.*prefLabel|prefLabel.*models.ttl"):
        read_vocab_file(path)

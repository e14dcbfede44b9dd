"""Reading listings: both Daily Papers layouts, JSON Lines, merging, and the errors a user sees."""

from pathlib import Path

import pytest

from kg.errors import BadInput
from kg.records import Layout
from kg.sources import read_listing, read_sources, sample_corpus


def by_title(records):
    return {r.title: r for r in records}


def test_blocks_layout_reads_titles_abstracts_and_every_metadata_variant(fixtures):
    records, layout = read_listing(fixtures / "listing_blocks.txt")
    assert layout is Layout.BLOCKS
    assert [r.title for r in records] == [
        "QuantEdge: 4-bit LLaMA Inference on Mobile SoCs",
        "Speculative Decoding at Scale",
        "Concept Bottlenecks for Everyone",
    ]
    quant, spec, cbm = records
    assert quant.abstract.startswith("We present QuantEdge") and quant.abstract.endswith("MMLU.")
    assert quant.meta == {"author_count": 5, "date_text": "Sep 30", "upvotes": 3}
    assert spec.meta == {"organisation": "TIGER-Lab", "date_text": "Jul 22, 2024", "date": "2024-07-22"}
    assert cbm.meta == {"author_count": 3, "date_text": "Mar 5"}
    assert (quant.source.position, quant.source.line) == (1, 13)


def test_block_header_lines_never_become_papers(fixtures):
    titles = [r.title for r in read_listing(fixtures / "listing_blocks.txt")[0]]
    assert not {"new", "Subscribe", "Daily Papers", "Nov 21", "byAK and the research community"} & set(titles)


def test_organisation_line_keeps_the_display_name():
    from kg.sources import organisation_name

    assert organisation_name("ReactiveAI Reactive AI") == "Reactive AI"
    assert organisation_name("TIGER-Lab TIGER-Lab") == "TIGER-Lab"


def test_alternating_layout_strips_the_header_glued_to_the_first_title(fixtures):
    records, layout = read_listing(fixtures / "listing_alternating.txt")
    assert layout is Layout.ALTERNATING
    assert [r.title for r in records] == ["Concept Bottlenecks for Everyone", "A Note on Tokenizers"]
    assert records[1].abstract.startswith("Tokenization splits text")


def test_arxiv_jsonl_keeps_id_authors_categories_and_first_version_date(fixtures):
    records, layout = read_listing(fixtures / "arxiv.jsonl")
    assert layout is Layout.JSONL
    spec = records[0].meta
    assert spec["arxiv_id"] == "2401.00001"
    assert spec["authors"] == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert spec["author_count"] == 3
    assert spec["categories"] == ("cs.LG", "cs.CL")
    assert spec["date"] == "2024-01-02"
    assert records[1].meta["arxiv_id"] == "2402.00002"  # version suffix dropped
    assert records[1].meta["date"] == "2024-03-01"  # no versions: update_date


def test_plain_jsonl_reads_optional_metadata_and_ignores_non_arxiv_ids(fixtures):
    tokenizers, jetson = read_listing(fixtures / "plain.jsonl")[0]
    assert tokenizers.meta == {"authors": ("Ann", "Bo"), "author_count": 2, "upvotes": 4,
                               "organisation": "Tokenizer Club", "date": "2023-05-01", "date_text": "2023-05-01"}
    assert "arxiv_id" not in jetson.meta


def test_papers_listed_in_several_files_are_merged_with_all_their_metadata(fixtures):
    papers = read_sources([fixtures / "listing_blocks.txt", fixtures / "arxiv.jsonl", fixtures / "plain.jsonl",
                           fixtures / "listing_alternating.txt"])
    titles = [p.title for p in papers]
    assert len(titles) == len(set(titles)) == 6
    spec = next(p for p in papers if p.title == "Speculative Decoding at Scale")
    assert spec.id == "2401.00001"  # the arXiv id wins over a title hash
    assert spec.organisation == "TIGER-Lab" and spec.author_count == 3
    assert {Path(s.path).name for s in spec.sources} == {"listing_blocks.txt", "arxiv.jsonl"}
    cbm = next(p for p in papers if p.title == "Concept Bottlenecks for Everyone")
    assert cbm.id.startswith("t") and len(cbm.sources) == 2


def test_paper_ids_do_not_depend_on_the_order_files_are_given(fixtures):
    files = [fixtures / "listing_blocks.txt", fixtures / "listing_alternating.txt"]
    assert read_sources(files) == read_sources(list(reversed(files)))


def test_seed_listings_hold_the_expected_number_of_papers():
    counts = {p.name[:3]: len(read_listing(p)[0]) for p in sample_corpus()}
    assert counts == {"000": 44, "001": 440, "002": 82}
    assert len(read_sources(sample_corpus())) == 558


def test_the_layout_can_be_forced(fixtures):
    with pytest.raises(BadInput, match="listing_alternating.txt"):
        read_listing(fixtures / "listing_alternating.txt", Layout.JSONL)


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"just one line of text", "not a paper listing"),
])
def test_unreadable_files_are_named_in_the_error(tmp_path, content, message):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(BadInput, match=message) as error:
        read_listing(path)
    assert str(path) in str(error.value)


def test_a_broken_jsonl_line_is_reported_with_its_line_number(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text('{"title": "A", "abstract": "fine"}\n{"title": "B", "abstract": \n', encoding="utf-8")
    with pytest.raises(BadInput) as error:
        read_listing(path)
    assert error.value.line == 2
    assert f"{path}:2: not valid JSON" in str(error.value)


def test_a_jsonl_record_without_an_abstract_names_the_field(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text('{"title": "A"}\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"papers.jsonl:1 \(field 'abstract'\)"):
        read_listing(path)


def test_a_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        read_sources([tmp_path / "nowhere.txt"])

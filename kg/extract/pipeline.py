"""The spaCy pipeline, assembled by component name, and the loop that runs it over papers.

A paper becomes one Doc: its title, a newline, its abstract. The title is always a sentence of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import abbreviations, contributions, resolve, shapes, vocabulary  # noqa: F401 (factories)
from kg.extract.candidates import register_extensions
from kg.records import Extraction, Paper

COMPONENTS = (
    "sentencizer",
    "kg_title",
    "kg_vocabulary",
    "kg_abbreviations",
    "kg_contributions",
    "kg_shapes",
    "kg_resolver",
)
TITLE_SEPARATOR = "\n"


@Language.component("kg_title")
def title_sentence(doc: Doc) -> Doc:
    """Start a sentence after the title, which rarely ends in punctuation."""
    doc._.kg_title_end = title_end = doc.text.find(TITLE_SEPARATOR)
    for token in doc:
        if token.idx > title_end and not token.is_space:
            token.is_sent_start = True
            break
    return doc


def make_nlp() -> Language:
    register_extensions()
    nlp = spacy.blank("en")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def paper_text(paper: Paper) -> str:
    return f"{paper.title}{TITLE_SEPARATOR}{paper.abstract}"


def extract(papers: Iterable[Paper], workers: int = 1, batch_size: int = 64) -> Iterator[Extraction]:
    """Extract every paper, in input order; `workers` > 1 spreads chunks of papers over processes."""
    if workers > 1:
        yield from _extract_parallel(papers, workers, batch_size)
        return
    nlp = _shared_nlp()
    papers = list(papers)
    docs = nlp.pipe(((paper_text(p), i) for i, p in enumerate(papers)), as_tuples=True, batch_size=batch_size)
    for doc, i in docs:
        yield Extraction(papers[i], tuple(doc._.kg_links), tuple(doc._.kg_claims or ()))


_NLP: Language | None = None


def _shared_nlp() -> Language:
    """One pipeline per process: building it loads the vocabularies, so do it once."""
    global _NLP
    if _NLP is None:
        _NLP = make_nlp()
    return _NLP


def _extract_chunk(chunk: list[Paper]) -> list[Extraction]:
    return list(extract(chunk))


def _extract_parallel(papers: Iterable[Paper], workers: int, batch_size: int) -> Iterator[Extraction]:
    chunk_size = batch_size * 4
    it = iter(papers)
    chunks = iter(lambda: list(islice(it, chunk_size)), [])
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(_extract_chunk, chunks):
            yield from results

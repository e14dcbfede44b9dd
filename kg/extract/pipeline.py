"""The spaCy pipeline, assembled by component name, and the loop that runs it over papers.

A paper becomes one Doc: its title, a newline, its abstract. The title is always a sentence of its own.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import (  # noqa: F401 (the modules register their components by name)
    abbreviations, claims, contributions, resolve, sentences, shapes, siblings, vocabulary)
from kg.extract.candidates import PaperDoc, paper_doc, register_extensions
from kg.extract.sentences import TITLE_SEPARATOR
from kg.records import Extraction, Paper

COMPONENTS = (
    "kg_sentences",
    "kg_vocabulary",
    "kg_abbreviations",
    "kg_contributions",
    "kg_shapes",
    "kg_siblings",
    "kg_resolver",
    "kg_claims",
)


def make_nlp() -> Language:
    register_extensions()
    nlp = spacy.blank("en")
    # kg's components work on characters, never on tokens, so the English special cases (contractions such as
    # "don't", abbreviations such as "e.g.", emoticons) buy nothing here; they cost a lookup on every chunk and keep
    # the chunks they touch out of the tokenizer's cache: without them tokenising is about five times faster
    # (bench/bench_extract.py). A large cache keeps a big corpus's vocabulary cached (LIBRARY-FACTS.md, spaCy).
    nlp.tokenizer.rules = {}
    nlp.tokenizer.max_cache_size = 1_000_000
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
    docs = nlp.pipe(((make_doc(nlp, p), i) for i, p in enumerate(papers)), as_tuples=True, batch_size=batch_size)
    for doc, i in docs:
        state = paper_doc(doc)
        paper = papers[i]
        numbered = tuple(replace(c, id=f"{paper.node_id}/claim/{n}") for n, c in enumerate(state.claims, 1))
        yield Extraction(paper, tuple(state.links), numbered)


def make_doc(nlp: Language, paper: Paper) -> Doc:
    """Tokenise a paper and keep its text on the Doc: spaCy rebuilds doc.text from every token on each call."""
    text = paper_text(paper)
    doc = nlp.make_doc(text)
    doc._.kg = PaperDoc(text)
    return doc


_NLP: Language | None = None


def _shared_nlp() -> Language:
    """One pipeline per process: building it loads the vocabularies, so do it once."""
    global _NLP
    if _NLP is None:
        _NLP = make_nlp()
        # The pipeline's vocabularies and automata live as long as the process: move them out of the cyclic
        # garbage collector's sight, which otherwise rescans them while extraction allocates (about 10% of time).
        gc.freeze()
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

"""Extraction throughput against spaCy's bare tokenizer on the same texts, and peak memory.

    python bench/bench_extract.py [--papers 20000] [--workers 1] [--rounds 3]

The texts are the sample corpus repeated until there are --papers of them. Each measurement runs in its own
process, so each peak-memory figure belongs to that measurement alone; tokenizer and extraction runs alternate for
--rounds rounds and the medians are compared, because this shared machine's speed drifts by +-15% over minutes.
Target (issue 3): extraction at no less than half the tokenizer's throughput.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time


def corpus(n: int):
    from kg.sources import read_sources, sample_corpus

    papers = read_sources(sample_corpus())
    return [papers[i % len(papers)] for i in range(n)]


def run_tokenizer(n: int) -> dict:
    import spacy

    from kg.extract.pipeline import paper_text

    texts = [paper_text(p) for p in corpus(n)]
    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return {"seconds": time.perf_counter() - start}


def run_extract(n: int, workers: int) -> dict:
    from kg.extract import extract
    from kg.extract.pipeline import _shared_nlp

    papers = corpus(n)
    started = time.perf_counter()
    if workers == 1:
        _shared_nlp()  # building the pipeline (loading vocabularies) is not per-paper work
    loaded = time.perf_counter()
    links = sum(len(e.links) for e in extract(papers, workers=workers, batch_size=64))
    return {"seconds": time.perf_counter() - loaded, "setup_seconds": loaded - started, "links": links}


def measure(kind: str, n: int, workers: int) -> dict:
    """Run one measurement in a fresh interpreter and read back its figures and peak memory."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--papers", str(n), "--workers", str(workers)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--papers", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", choices=["tokenizer", "extract"], help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        figures = run_tokenizer(a.papers) if a.child == "tokenizer" else run_extract(a.papers, a.workers)
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        figures["peak_rss_workers_mb"] = children
        print(json.dumps(figures))
        return
    toks, exts = [], []
    for _ in range(a.rounds):
        toks.append(measure("tokenizer", a.papers, 1))
        exts.append(measure("extract", a.papers, a.workers))
    tok_rates = [a.papers / t["seconds"] for t in toks]
    ext_rates = [a.papers / e["seconds"] for e in exts]
    tok_rate, ext_rate = statistics.median(tok_rates), statistics.median(ext_rates)
    tok, ext = toks[-1], exts[-1]
    rounds = lambda rates: ", ".join(f"{r:.0f}" for r in rates)  # noqa: E731
    print(f"abstracts                 {a.papers} ({a.rounds} rounds, medians)")
    print(f"spacy.blank('en') tokens  {tok_rate:8.0f} abstracts/s   peak RSS {tok['peak_rss_mb']:.0f} MB   "
          f"[{rounds(tok_rates)}]")
    print(f"kg extract ({a.workers} worker{'s' * (a.workers > 1)})     {ext_rate:8.0f} abstracts/s   "
          f"peak RSS {ext['peak_rss_mb']:.0f} MB (workers {ext['peak_rss_workers_mb']:.0f} MB)   "
          f"[{rounds(ext_rates)}]; pipeline setup {ext['setup_seconds']:.1f} s, {ext['links']} links")
    print(f"ratio extract/tokenizer   {ext_rate / tok_rate:8.2f}   (target >= 0.50)")


if __name__ == "__main__":
    main()

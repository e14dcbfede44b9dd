"""Load time of a build and the time of each graph query on it (targets: load < 1 s, every query < 200 ms).

    python bench/bench_query.py [BUILD]      (default: a fresh build of the sample corpus)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import kg


def timed(run, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp)
        if len(sys.argv) == 1:
            kg.build(None, out)
        load_ms = timed(lambda: kg.load(out))
        graph = kg.load(out)
        paper = next(n for n, d in graph.graph.nodes(data=True) if d.get("kind") == "paper")
        queries = {
            "papers --uses LLaMA --uses GPU": lambda: graph.papers(uses=["LLaMA", "GPU"]),
            "papers --role runsOn --type hardware --since 2024": lambda: graph.papers(role=["runsOn"],
                                                                                   type="hardware", since="2024"),
            "papers --text quantization": lambda: graph.papers(text="quantization"),
            "entity GPU": lambda: graph.entity("GPU"),
            "top --type method": lambda: graph.top("method"),
            "cooccur --type model --with hardware": lambda: graph.cooccur("model", "hardware"),
            "related PAPER": lambda: graph.related(paper),
            "path CLIP 'speculative decoding'": lambda: graph.path("CLIP", "speculative decoding"),
            "trend LoRA --by month": lambda: graph.trend("LoRA", "month"),
            "did-you-mean 'Lamma'": lambda: suggest(graph),
            "stats": lambda: graph.stats(),
        }
        print(f"load                                              {load_ms:7.1f} ms   (target < 1000)")
        for name, run in queries.items():
            print(f"{name:50} {timed(run):7.1f} ms   (target < 200)")


def suggest(graph) -> None:
    try:
        graph.resolve("Lamma")
    except kg.errors.UnknownName:
        pass


if __name__ == "__main__":
    main()

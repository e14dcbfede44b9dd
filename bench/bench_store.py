"""Which SPARQL engine to query with: rdflib's in-memory store against pyoxigraph, on the sample graph and on a
generated graph of about five million triples; then the endpoint's latency (p50, p95) for the shipped queries.

    python bench/bench_store.py [--triples 5000000] [--repeat 20] [--rdflib-timeout 120]

The large graph is the sample build's papers copied under new ids (entities shared, as in a real corpus where new
papers keep naming the same models and hardware). A query that rdflib has not answered within --rdflib-timeout
seconds is reported as such.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.build import build
from kg.iris import DEFAULT_BASE
from kg.resources import ontology_file
from kg.server import make_server
from kg.store import STORE_DIR, create_store


def shipped_queries() -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted(ontology_file("queries").glob("*.rq"))}


def timed(run, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


class Timeout(Exception):
    pass


def rdflib_time(graph: Graph, query: str, repeat: int, limit: int) -> str:
    def alarm(*_):
        raise Timeout

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(limit)
    try:
        times = timed(lambda: list(graph.query(query)), repeat)
        return f"{statistics.median(times):10.1f}"
    except Timeout:
        return f"  >{limit} s"
    finally:
        signal.alarm(0)


def compare_engines(nt: Path, store_dir: Path, queries: dict[str, str], repeat: int, limit: int) -> None:
    started = time.perf_counter()
    graph = Graph().parse(nt, format="nt")
    rdflib_load = time.perf_counter() - started
    store = ox.Store.read_only(str(store_dir))
    print(f"  {len(graph):,} triples; rdflib parse {rdflib_load:.1f} s")
    print(f"  {'query':36} {'rdflib ms':>10} {'oxigraph ms':>12}")
    for name, query in queries.items():
        ox_ms = statistics.median(timed(lambda: list(store.query(query)), repeat))
        print(f"  {name:36} {rdflib_time(graph, query, max(1, repeat // 10), limit)} {ox_ms:12.1f}")
    del graph


def endpoint_latency(out: Path, queries: dict[str, str], requests: int) -> None:
    server = make_server(out, port=0, workers=2, timeout=60)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        print(f"  {'query':36} {'p50 ms':>8} {'p95 ms':>8}")
        for name, query in queries.items():
            url = f"{server.url}?{urllib.parse.urlencode({'query': query})}"
            fetch = lambda: urllib.request.urlopen(  # noqa: E731
                urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})).read()
            fetch()
            times = sorted(timed(fetch, requests))
            print(f"  {name:36} {statistics.median(times):8.1f} {times[int(0.95 * (len(times) - 1))]:8.1f}")
    finally:
        server.shutdown()
        server.server_close()


def generate(sample_nt: Path, target: int, path: Path) -> int:
    """Copies of the sample's paper triples under new paper ids, with the entity triples once."""
    lines = sample_nt.read_text(encoding="utf-8").splitlines(keepends=True)
    paper = f"<{DEFAULT_BASE}paper/"
    paper_lines = [line for line in lines if line.startswith(paper)]
    shared = [line for line in lines if not line.startswith(paper)]
    written = len(shared)
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(shared)
        copy = 0
        while written < target:
            prefix = f"{paper}c{copy}-"
            fh.writelines(line.replace(paper, prefix) for line in paper_lines)
            written += len(paper_lines)
            copy += 1
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--rdflib-timeout", type=int, default=120)
    a = ap.parse_args()
    queries = shipped_queries()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        build(None, sample)
        print("sample graph")
        compare_engines(sample / "graph.nt", sample / STORE_DIR, queries, a.repeat, a.rdflib_timeout)
        print("endpoint on the sample graph")
        endpoint_latency(sample, queries, a.requests)

        large = Path(tmp) / "large"
        large.mkdir()
        nt = large / "graph.nt"
        total = generate(sample / "graph.nt", a.triples, nt)
        started = time.perf_counter()
        create_store(large / STORE_DIR, nt.read_bytes())
        print(f"generated graph: {total:,} triples; oxigraph bulk load {time.perf_counter() - started:.1f} s")
        compare_engines(nt, large / STORE_DIR, queries, max(1, a.repeat // 4), a.rdflib_timeout)
        print("endpoint on the generated graph")
        endpoint_latency(large, queries, a.requests)


if __name__ == "__main__":
    main()

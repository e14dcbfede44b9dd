"""`kg build`: listings in, every export out. The one place that runs the whole flow:
sources -> papers -> extraction -> graph -> exports."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from kg.files import publish, staging
from kg.iris import DEFAULT_BASE
from kg.records import Extraction, Layout, Paper

DEFAULT_OUT = Path("exports")
Progress = Callable[[Iterable, str, int], Iterator]


def no_progress(items: Iterable, _label: str, _total: int) -> Iterator:
    return iter(items)


@dataclass
class BuildReport:
    inputs: list[str]
    records: int
    papers: int
    entities: dict[str, int]
    links: int
    claims: int
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def merged(self) -> int:
        return self.records - self.papers


def build(inputs: list[Path | str] | None = None, out: Path | str = DEFAULT_OUT, *, layout: Layout | None = None,
          base: str = DEFAULT_BASE, workers: int = 1, progress: Progress = no_progress) -> BuildReport:
    """Read the listings (the bundled sample corpus when none are given), extract, and write every export.

    Nothing in `out` changes unless the whole build succeeds.
    """
    from kg.sources import expand_paths, read_listing, merge, sample_corpus

    started = time.perf_counter()
    paths = expand_paths(inputs) if inputs else sample_corpus()
    records = []
    for path in progress(paths, "reading", len(paths)):
        records += read_listing(path, layout)[0]
    papers = merge(records)
    extractions = list(progress(extract_all(papers, workers), "extracting", len(papers)))
    report = write_build(extractions, Path(out), base, created_date(paths), progress)
    report.inputs, report.records = [str(p) for p in paths], len(records)
    report.seconds = time.perf_counter() - started
    return report


def extract_all(papers: list[Paper], workers: int) -> Iterator[Extraction]:
    from kg.extract import extract

    return extract(papers, workers=workers)


def created_date(paths: list[Path]) -> date:
    """When the inputs last changed (or SOURCE_DATE_EPOCH): the same inputs give the same VoID date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = float(epoch) if epoch else max(p.stat().st_mtime for p in paths)
    return datetime.fromtimestamp(stamp, tz=timezone.utc).date()


def write_build(extractions: list[Extraction], out: Path, base: str, created: date,
                progress: Progress = no_progress) -> BuildReport:
    from kg import graphfile, html, rdf, summary
    from kg.graph import build_graph
    from kg.store import STORE_DIR, create_store
    from kg.views import ViewSpec, select_view
    from kg.vocab import load_vocabulary

    graph = build_graph(extractions, load_vocabulary())
    data = rdf.to_rdf(graph, base)
    void = rdf.void_graph(graph, data, base, created)
    nt = rdf.ntriples(data)
    outputs: dict[str, Callable[[], bytes]] = {
        "graph.ttl": lambda: rdf.turtle(data),
        "graph.nt": lambda: nt,
        "graph.jsonld": lambda: rdf.jsonld(data, base),
        "context.jsonld": lambda: rdf.context_json(base),
        "void.ttl": lambda: rdf.turtle(void),
        "graph.graphml": lambda: graphfile.graphml(graph),
        "graph.json": lambda: graphfile.graph_json(graph),
        "graph.html": lambda: html.explorer_html(graph, select_view(graph, ViewSpec())).encode("utf-8"),
        "summary.json": lambda: summary.summary_json(graph),
    }
    with staging(out) as stage:
        for name, render in progress(outputs.items(), "writing", len(outputs) + 1):
            (stage / name).write_bytes(render())
        create_store(stage / STORE_DIR, nt, rdf.ntriples(void))
        files = publish(stage, out, [*outputs, STORE_DIR])
    counts = Counter(d["type"] for _, d in graph.nodes(data=True) if d.get("kind") == "entity")
    return BuildReport(
        inputs=[], records=0, papers=len(extractions), entities=dict(sorted(counts.items())),
        links=sum(len(e.links) for e in extractions), claims=sum(len(e.claims) for e in extractions), files=files,
    )

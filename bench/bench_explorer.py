"""Time to first draw and to a settled (frozen) layout of the HTML explorer in headless Chromium.

    python bench/bench_explorer.py [BUILD]      (default: a fresh build of the sample corpus)

Measures the default view (the build's graph.html) and the whole graph (`kg viz --all`), three loads each.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import kg
from kg.html import explorer_html
from kg.views import ViewSpec, select_view

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]


def measure(browser, page_path: Path) -> tuple[float, float, int]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(page_path.resolve().as_uri())
    page.wait_for_function("window.kgExplorer && window.kgExplorer.settledAt !== null", timeout=600_000)
    drawn, settled, nodes = page.evaluate("[kgExplorer.drawnAt, kgExplorer.settledAt, kgExplorer.nodes.length]")
    page.close()
    return drawn, settled, nodes


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp)
        if len(sys.argv) == 1:
            kg.build(None, out)
        graph = kg.load(out).graph
        whole = Path(tmp) / "whole.html"
        whole.write_text(explorer_html(graph, select_view(graph, ViewSpec(whole=True))), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS, headless=True)
            for name, path in (("default view", out / "graph.html"), ("whole graph", whole)):
                runs = [measure(browser, path) for _ in range(3)]
                drawn = statistics.median(r[0] for r in runs)
                settled = statistics.median(r[1] for r in runs)
                print(f"{name:13} {runs[0][2]:5d} nodes  first draw {drawn / 1000:5.2f} s  "
                      f"settled and frozen {settled / 1000:5.2f} s   (ms from navigation start, median of 3)")
            browser.close()


if __name__ == "__main__":
    main()

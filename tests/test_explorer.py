"""The HTML explorer in a real browser (Debian's headless Chromium, driven by Playwright), from file:// with every
request that is not a file refused: it draws the graph, searches, filters, reads, and runs no paper's script."""

import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from kg.build import build
from kg.html import STYLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
README_PICTURE = Path(__file__).resolve().parents[1] / "docs" / "explorer.png"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install "
                                                          "chromium); .ci/run installs it so CI runs these tests")]


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


class Page:
    """A loaded explorer page, with what it logged and requested."""

    def __init__(self, chromium, html: Path, viewport=(1400, 900)):
        self.errors, self.requests, self.dialogs = [], [], []
        self.context = chromium.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.page.route("**/*", self.only_files)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_function("window.kgExplorer && window.kgExplorer.settledAt !== null", timeout=120_000)

    def only_files(self, route):
        self.requests.append(route.request.url)
        route.continue_() if route.request.url.startswith("file:") else route.abort()

    def js(self, expression):
        return self.page.evaluate(expression)

    def click_node(self, node_id: str):
        point = self.js(f"""(() => {{ const n = kgExplorer.network;
            return n.canvasToDOM(n.getPositions([{json.dumps(node_id)}])[{json.dumps(node_id)}]); }})()""")
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def close(self):
        self.context.close()


@pytest.fixture
def page(chromium, fixture_build):
    p = Page(chromium, fixture_build / "graph.html")
    yield p
    p.close()


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, fixtures):
    out = tmp_path_factory.mktemp("hostile")
    build([fixtures / "hostile.jsonl"], out)
    return out


def saved(build_dir):
    return json.loads((build_dir / "graph.json").read_text())


def test_loads_offline_without_errors(page):
    assert page.errors == []
    assert page.requests and all(url.startswith("file:") for url in page.requests)
    assert page.js("kgExplorer.drawnAt") > 0


def test_draws_exactly_the_fixture_graph_in_its_type_colours(page, fixture_build):
    graph = saved(fixture_build)
    drawable = {n["id"]: n for n in graph["nodes"] if n["kind"] in ("paper", "entity")}
    drawn = page.js("kgExplorer.nodes.get().map(n => [n.id, n.color])")
    assert {node_id for node_id, _ in drawn} == set(drawable)
    for node_id, colour in drawn:
        kind = "PAPER" if drawable[node_id]["kind"] == "paper" else drawable[node_id]["type"]
        assert colour == STYLE[kind][0], node_id
    edges = {tuple(e) for e in page.js("kgExplorer.edges.get().map(e => [e.from, e.to, e.role])")}
    expected = {(link["source"], link["target"], link["key"]) for link in graph["links"]
                if link["source"] in drawable and link["target"] in drawable}
    assert edges == expected


def test_searching_an_alias_focuses_its_node(page):
    page.page.fill("#search", "H100")
    assert "NVIDIA H100" in page.page.inner_text("#results")
    page.page.press("#search", "Enter")
    assert page.js("kgExplorer.focused") == "hardware/nvidia-h100"
    assert page.js("kgExplorer.network.getSelectedNodes()") == ["hardware/nvidia-h100"]
    assert page.page.inner_text("#panel h2") == "NVIDIA H100"


def test_a_type_filter_hides_that_type_and_brings_it_back(page):
    page.page.uncheck('#filters input[data-type="HARDWARE"]')
    hidden = page.js("kgExplorer.nodes.get().filter(n => n.group === 'HARDWARE').map(n => n.hidden)")
    assert hidden and all(hidden)
    assert not any(page.js("kgExplorer.nodes.get().filter(n => n.group === 'MODEL').map(n => n.hidden)"))
    page.page.check('#filters input[data-type="HARDWARE"]')
    assert not any(page.js("kgExplorer.nodes.get().filter(n => n.group === 'HARDWARE').map(n => !!n.hidden)"))


def test_clicking_a_paper_shows_it_and_highlights_its_neighbours(page, fixture_build):
    paper = next(n for n in saved(fixture_build)["nodes"] if n.get("title") == "Speculative Decoding at Scale")
    page.click_node(paper["id"])
    panel = page.page.inner_text("#panel")
    assert "Speculative Decoding at Scale" in panel and "2024-07-22" in panel and "TIGER-Lab" in panel
    assert "RUNSON" in panel.upper() and "NVIDIA H100" in panel
    assert page.js("kgExplorer.highlighted") == paper["id"]
    faded = page.js("kgExplorer.nodes.get().filter(n => n.color === '#e4e4e4').length")
    assert 0 < faded < page.js("kgExplorer.nodes.length")


def test_a_papers_panel_lists_its_claims(page, fixture_build):
    paper = next(n for n in saved(fixture_build)["nodes"] if n.get("title", "").startswith("QuantEdge"))
    page.click_node(paper["id"])
    panel = page.page.inner_text("#panel")
    assert "CLAIMS" in panel.upper()
    assert "37% · latency · on Qualcomm Snapdragon 8 Gen 3 · vs GPTQ" in panel


def test_clicking_an_entity_lists_its_papers_with_evidence(page):
    page.click_node("hardware/nvidia-a100")
    panel = page.page.inner_text("#panel")
    assert "NVIDIA A100" in panel and "A100" in panel  # label, and the alias as written
    assert "NVIDIA GPU" in panel  # its class
    assert "Using a small draft model, we accelerate Mistral 7B" in panel  # the evidence sentence


def test_a_hostile_abstract_is_shown_as_text_and_runs_nothing(chromium, hostile_build):
    p = Page(chromium, hostile_build / "graph.html")
    try:
        p.page.fill("#search", "Study of CLIP")
        p.page.press("#search", "Enter")
        paper = p.js("kgExplorer.focused")
        panel = p.page.inner_text("#panel")
        assert "<script>window.__pwned='script'</script>" in panel
        assert "<img src=x onerror=" in panel and "A <b>Bold</b> Study" in panel
        p.click_node(paper)
        p.page.wait_for_timeout(500)
        assert p.js("window.__pwned") is None
        assert p.dialogs == [] and p.errors == []
        assert p.page.locator("#panel img, #panel script, #panel b").count() == 0
    finally:
        p.close()


def test_screenshot_of_the_sample_explorer_for_the_readme(chromium, sample_build):
    p = Page(chromium, sample_build.out / "graph.html", viewport=(1400, 860))
    try:
        p.click_node("hardware/gpu")
        picture = p.page.screenshot()
    finally:
        p.close()
    image = Image.open(io.BytesIO(picture)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
    assert sum(n for n, rgb in colours if rgb == (255, 255, 255)) < 0.9 * image.width * image.height
    README_PICTURE.parent.mkdir(exist_ok=True)
    image.save(README_PICTURE)

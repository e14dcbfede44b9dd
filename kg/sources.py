"""Reading paper listings: Daily Papers pages copied as text (two layouts) and JSON Lines.

Each reader turns one file into raw records; `read_sources` merges the records of every file into papers, so a
paper listed in several files is one paper with the metadata of all of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from importlib.resources import files
from pathlib import Path

from kg.errors import BadInput
from kg.names import fold, squash_spaces, title_id
from kg.records import Layout, Paper, SourceRef

HEADER_LINES = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
}
MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
DATE_LINE = re.compile(r"^(?P<mon>[A-Z][a-z]{2}) (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<upvotes>\d+))?$")
AUTHORS_LINE = re.compile(r"^•\s*(?P<n>\d+) authors?$")
ARXIV_ID = re.compile(r"^(?:arxiv:)?(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.I)
LISTING_SUFFIXES = {".txt", ".jsonl", ".json", ".ndjson"}


@dataclass
class RawRecord:
    """One paper as one file states it, before merging."""

    title: str
    abstract: str
    source: SourceRef
    meta: dict = field(default_factory=dict)


def sample_corpus() -> list[Path]:
    """The three Daily Papers listings shipped with kg (see kg/sample/README.md)."""
    return sorted(Path(str(p)) for p in files("kg").joinpath("sample").iterdir() if p.name.endswith(".txt"))


def read_sources(paths: list[Path | str], layout: Layout | None = None) -> list[Paper]:
    """Read every listing and merge papers that appear in more than one (matched by normalised title)."""
    records: list[RawRecord] = []
    for path in expand_paths(paths):
        records += read_listing(path, layout)[0]
    return merge(records)


def expand_paths(paths: list[Path | str]) -> list[Path]:
    """Files as given, folders as their listing files; sorted so the same inputs always merge the same way."""
    out: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            out |= {f for f in p.iterdir() if f.is_file() and f.suffix in LISTING_SUFFIXES}
        elif p.is_file():
            out.add(p)
        else:
            raise BadInput(str(p), "no such file or folder")
    return sorted(out)


def read_listing(path: Path | str, layout: Layout | None = None) -> tuple[list[RawRecord], Layout]:
    """Read one file; the layout is detected from its content unless given."""
    text = read_text(Path(path))
    layout = layout or detect_layout(text, str(path))
    reader = {Layout.BLOCKS: read_blocks, Layout.ALTERNATING: read_alternating, Layout.JSONL: read_jsonl}[layout]
    records = reader(text, str(path))
    if not records:
        raise BadInput(str(path), f"no papers found in {layout.value} layout")
    return records, layout


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(str(path), "no such file") from None
    except OSError as e:
        raise BadInput(str(path), f"cannot read: {e.strerror}") from None
    if b"\x00" in data:
        raise BadInput(str(path), "binary file, not a paper listing")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise BadInput(str(path), "not UTF-8 text", line=line) from None
    if not text.strip():
        raise BadInput(str(path), "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_layout(text: str, path: str) -> Layout:
    lines = [line.strip() for line in text.split("\n")]
    content = [line for line in lines if line]
    if content[0].startswith("{"):
        return Layout.JSONL
    if any(line == "·" or AUTHORS_LINE.match(line) for line in content):
        return Layout.BLOCKS
    if "" not in lines[: len(lines) - 1] and len(content) >= 2:
        return Layout.ALTERNATING
    if len(_blocks(text)) >= 2:
        return Layout.BLOCKS
    raise BadInput(path, "not a paper listing: expected Daily Papers blocks, alternating title/abstract lines, "
                         "or JSON Lines")


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Paragraphs separated by blank lines, each with the line number it starts on."""
    blocks, current, start = [], [], 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = n
            current.append(line.strip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _is_header(line: str) -> bool:
    return fold(line) in HEADER_LINES or bool(DATE_LINE.match(line))


def _is_meta(lines: list[str]) -> bool:
    return any(line == "·" or AUTHORS_LINE.match(line) for line in lines)


def read_blocks(text: str, path: str) -> list[RawRecord]:
    """Blocks: a title, an abstract, then usually "• N authors" or an organisation, "·", and a date."""
    blocks = _blocks(text)
    i = 0
    while i < len(blocks) and all(_is_header(line) for line in blocks[i][1]):
        i += 1
    records = []
    while i < len(blocks):
        line_no, title_lines = blocks[i]
        if _is_meta(title_lines):
            raise BadInput(path, "author/date block without a title before it", line=line_no)
        if i + 1 >= len(blocks) or _is_meta(blocks[i + 1][1]):
            raise BadInput(path, f"title without an abstract: {squash_spaces(' '.join(title_lines))[:60]!r}",
                           line=line_no)
        meta = {}
        if i + 2 < len(blocks) and _is_meta(blocks[i + 2][1]):
            meta = parse_meta(blocks[i + 2][1])
        source = SourceRef(path, len(records) + 1, line_no)
        records.append(RawRecord(" ".join(title_lines), " ".join(blocks[i + 1][1]), source, meta))
        i += 3 if meta else 2
    return records


def parse_meta(lines: list[str]) -> dict:
    meta: dict = {}
    for line in lines:
        if line == "·":
            continue
        if m := AUTHORS_LINE.match(line):
            meta["author_count"] = int(m["n"])
        elif m := DATE_LINE.match(line):
            meta["date_text"] = f"{m['mon']} {m['day']}" + (f", {m['year']}" if m["year"] else "")
            if m["year"]:
                meta["date"] = f"{m['year']}-{MONTHS[m['mon'].lower()]:02d}-{int(m['day']):02d}"
            if m["upvotes"]:
                meta["upvotes"] = int(m["upvotes"])
        else:
            meta["organisation"] = organisation_name(line)
    return meta


def organisation_name(line: str) -> str:
    """Daily Papers prints an organisation as its handle then its display name: "ReactiveAI Reactive AI"."""
    handle, _, name = line.partition(" ")
    return name.strip() or handle


def read_alternating(text: str, path: str) -> list[RawRecord]:
    """One line a title, the next its abstract; the page header may be glued to the first title."""
    numbered = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    while numbered and fold(numbered[0][1]) in HEADER_LINES:
        numbered.pop(0)
    if numbered and numbered[0][1].startswith("Subscribe"):
        numbered[0] = (numbered[0][0], numbered[0][1].removeprefix("Subscribe").strip())
    if len(numbered) % 2:
        raise BadInput(path, "a title without an abstract (odd number of lines)", line=numbered[-1][0])
    records = []
    for k in range(0, len(numbered), 2):
        (line_no, title), (_, abstract) = numbered[k], numbered[k + 1]
        if len(title) > 400:
            raise BadInput(path, "expected a title line, found a paragraph", line=line_no)
        records.append(RawRecord(title, abstract, SourceRef(path, len(records) + 1, line_no)))
    return records


def read_jsonl(text: str, path: str) -> list[RawRecord]:
    """arXiv metadata records (id, authors, categories, versions, ...) or plain {"title", "abstract", ...}."""
    records = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise BadInput(path, f"not valid JSON: {e.msg} (column {e.colno})", line=n) from None
        if not isinstance(obj, dict):
            raise BadInput(path, "expected a JSON object", line=n)
        for name in ("title", "abstract"):
            if not isinstance(obj.get(name), str) or not obj[name].strip():
                raise BadInput(path, "missing or empty text", line=n, field=name)
        meta = json_meta(obj, path, n)
        records.append(RawRecord(obj["title"], obj["abstract"], SourceRef(path, len(records) + 1, n), meta))
    return records


def json_meta(obj: dict, path: str, line: int) -> dict:
    meta: dict = {}
    for name in ("id", "arxiv_id"):
        if isinstance(obj.get(name), str) and (m := ARXIV_ID.match(obj[name].strip())):
            meta["arxiv_id"] = m["id"]
    if parsed := obj.get("authors_parsed"):
        meta["authors"] = tuple(" ".join(p for p in reversed(a[:2]) if p) for a in parsed)
    elif isinstance(obj.get("authors"), str):
        meta["authors"] = tuple(a.strip() for a in re.split(r",|\band\b", obj["authors"]) if a.strip())
    elif isinstance(obj.get("authors"), list):
        meta["authors"] = tuple(str(a) for a in obj["authors"])
    if "authors" in meta:
        meta["author_count"] = len(meta["authors"])
    for name in ("author_count", "upvotes"):
        if name in obj:
            if not isinstance(obj[name], int):
                raise BadInput(path, "expected a whole number", line=line, field=name)
            meta[name] = obj[name]
    if org := obj.get("organisation") or obj.get("organization"):
        meta["organisation"] = str(org)
    if isinstance(obj.get("license"), str) and obj["license"].strip():
        meta["license"] = obj["license"].strip()
    if cats := obj.get("categories"):
        meta["categories"] = tuple(cats.split() if isinstance(cats, str) else map(str, cats))
    if date := json_date(obj):
        meta["date"] = meta["date_text"] = date
    return meta


def json_date(obj: dict) -> str | None:
    """First submission date for arXiv records, else a plain `date`/`published`/`update_date` field."""
    versions = obj.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict) and versions[0].get("created"):
        if date := parse_date(versions[0]["created"], parsedate_to_datetime):
            return date
    for name in ("date", "published", "update_date"):
        value = obj.get(name)
        if isinstance(value, str) and (date := parse_date(value.strip()[:10], datetime.fromisoformat)):
            return date
    return None


def parse_date(text: str, parser) -> str | None:
    """An ISO date, or None when the text is no date the parser reads."""
    try:
        return parser(text).date().isoformat()
    except (TypeError, ValueError):
        return None


def merge(records: list[RawRecord]) -> list[Paper]:
    """One paper per normalised title; metadata from the first source that gives each field."""
    groups: dict[str, list[RawRecord]] = {}
    for r in records:
        groups.setdefault(title_key(r.title), []).append(r)
    return [merge_group(group) for group in groups.values()]


def title_key(title: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(title))


def merge_group(group: list[RawRecord]) -> Paper:
    meta: dict = {}
    for r in group:
        for name, value in r.meta.items():
            meta.setdefault(name, value)
    title = squash_spaces(group[0].title)
    abstract = squash_spaces(next((r.abstract for r in group if r.abstract.strip()), ""))
    paper = Paper(id=meta.get("arxiv_id") or title_id(title), title=title, abstract=abstract,
                  sources=tuple(r.source for r in group))
    return replace(paper, **meta)

"""The `kg` command as a user meets it: builds, help, and clear errors that leave earlier builds untouched."""

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_on_a_fixture_reports_what_it_did(fixtures, tmp_path):
    result = run("build", fixtures / "listing_blocks.txt", fixtures / "listing_alternating.txt", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "Read 5 records from 2 files: 4 papers (1 listed more than once, merged)." in result.output
    assert "hardware" in result.output and "Links:" in result.output
    assert (tmp_path / "graph.ttl").exists() and (tmp_path / "store").is_dir()


def test_build_with_no_input_uses_the_shipped_sample_corpus(sample_build):
    assert "Read 566 records from 3 files: 558 papers (8 listed more than once, merged)." in sample_build.output
    summary = json.loads((sample_build.out / "summary.json").read_text())
    assert summary["papers"] == 558
    assert all(summary["entities"][t] > 10 for t in ("MODEL", "HARDWARE", "DATASET", "METHOD"))


@pytest.mark.parametrize("make_input, message", [
    (lambda d: d / "missing.txt", "missing.txt: no such file"),
    (lambda d: write(d / "empty.txt", b""), "empty.txt: empty file"),
    (lambda d: write(d / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00IHDR\x00"), "image.png: binary file"),
    (lambda d: write(d / "broken.jsonl", b'{"title": "A", "abstract": "B"}\n{"title": \n'),
     "broken.jsonl:2: not valid JSON"),
])
def test_bad_input_fails_clearly_and_keeps_the_previous_build(fixtures, tmp_path, make_input, message):
    out = tmp_path / "exports"
    assert run("build", fixtures / "plain.jsonl", "--out", out).exit_code == 0
    before = snapshot(out)
    result = run("build", fixtures / "listing_blocks.txt", make_input(tmp_path), "--out", out)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_extract_prints_one_json_line_per_paper(fixtures):
    result = run("extract", fixtures / "listing_blocks.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["title"] for line in lines][0] == "QuantEdge: 4-bit LLaMA Inference on Mobile SoCs"
    entity = lines[0]["entities"][0]
    assert set(entity) >= {"type", "id", "label", "mentions", "role", "proposed", "evidence"}


def build_stderr(fixtures, out, terminal: bool) -> str:
    """`kg build`'s stderr, written to a pseudo-terminal or to a pipe."""
    command = [sys.executable, "-m", "kg", "build", str(fixtures / "listing_blocks.txt"), "--out", str(out)]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True).stderr
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty is 0 columns wide
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the pseudo-terminal closes when the build exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait() == 0
    os.close(leader)
    return b"".join(chunks).decode(errors="replace")


def test_progress_shows_on_a_terminal_and_stays_quiet_when_piped(fixtures, tmp_path):
    on_terminal = build_stderr(fixtures, tmp_path / "a", terminal=True)
    assert "reading" in on_terminal and "extracting" in on_terminal and "writing" in on_terminal
    assert build_stderr(fixtures, tmp_path / "b", terminal=False) == ""


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name


def test_readme_documents_every_command():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", {name: None})
        for sub in subcommands:
            words = f"kg {name}" if sub == name else f"kg {name} {sub}"
            assert f"`{words}" in readme, words


def test_version_and_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("kg, version ")


def test_the_installed_package_carries_its_data(fixtures, tmp_path):
    """Run from outside the checkout, so the installed kg (wheel or editable) is used, not the source tree."""
    listing = fixtures / "listing_blocks.txt"
    result = subprocess.run([sys.executable, "-m", "kg", "extract", str(listing), "--format", "jsonl"],
                            cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "QuantEdge" in result.stdout and '"type": "HARDWARE"' in result.stdout


def test_help_does_not_import_heavy_libraries():
    code = "import sys, kg.cli; print(sorted(m for m in ('spacy', 'rdflib', 'pyvis', 'pyoxigraph') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

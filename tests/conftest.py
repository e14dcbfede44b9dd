"""Shared fixtures: small listings in every layout, and builds made once per test session."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def shared() -> Path:
    assert SHARED.is_dir(), f"{SHARED} is missing: CI puts ../shared beside the checkout"
    return SHARED


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory) -> Path:
    """A build of the small fixture listings."""
    from kg.build import build

    out = tmp_path_factory.mktemp("fixture-build")
    build([FIXTURES / "listing_blocks.txt", FIXTURES / "listing_alternating.txt", FIXTURES / "plain.jsonl"], out)
    return out


@dataclass
class CliBuild:
    out: Path
    output: str


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> CliBuild:
    """A build of the shipped sample corpus, made through the CLI with no arguments, as a newcomer would."""
    from click.testing import CliRunner

    from kg.cli import cli

    workdir = tmp_path_factory.mktemp("sample")
    previous = os.getcwd()
    os.chdir(workdir)
    try:
        result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    return CliBuild(workdir / "exports", result.output)


@pytest.fixture
def copy_of(tmp_path):
    def copy(path: Path) -> Path:
        target = tmp_path / path.name
        shutil.copytree(path, target) if path.is_dir() else shutil.copy(path, target)
        return target

    return copy


@pytest.fixture(scope="session")
def query_build(tmp_path_factory) -> Path:
    """A build of six hand-written papers whose answers can be checked by hand; its input is deleted afterwards,
    so every answer must come from the saved build."""
    from kg.build import build

    work = tmp_path_factory.mktemp("query")
    listing = work / "listing.jsonl"
    shutil.copy(FIXTURES / "query_listing.jsonl", listing)
    build([listing], work / "exports")
    listing.unlink()
    return work / "exports"

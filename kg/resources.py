"""Where kg finds the data it ships: the ontology folder (installed as the package `kg.ontology`)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def ontology_file(*parts: str) -> Path:
    """A file under ontology/, whether kg is installed from a wheel or in editable mode."""
    return Path(str(files("kg.ontology").joinpath(*parts)))

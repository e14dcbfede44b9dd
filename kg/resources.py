"""Where kg finds the data it ships: the ontology folder (installed as the package `kg.ontology`)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path


@lru_cache(maxsize=1)
def ontology_root() -> Path:
    """`kg.ontology` when kg is installed; the source tree's ontology/ when kg is imported from a checkout, as
    `python -m pytest` does from the repository root even after a non-editable install."""
    try:
        return Path(str(files("kg.ontology")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[1] / "ontology"


def ontology_file(*parts: str) -> Path:
    return ontology_root().joinpath(*parts)

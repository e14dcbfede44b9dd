"""kg: a knowledge graph of machine-learning research.

    import kg
    result = kg.build()                 # the sample corpus -> exports/
    graph = kg.load("exports/")         # query the saved build
    for extraction in kg.extract(papers): ...

Heavy libraries (spaCy, rdflib, pyvis) load only when a function needs them, so `import kg` and `kg --help` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

_API = {
    "build": "kg.build",
    "extract": "kg.extract",
    "load": "kg.query",
    "read_sources": "kg.sources",
    "sample_corpus": "kg.sources",
}
__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

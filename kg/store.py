"""The persistent SPARQL store of a build: an on-disk Oxigraph (RocksDB) database in `<out>/store`.

Chosen over rdflib's in-memory SPARQL by measurement (bench/bench_store.py): the same queries run one to three
orders of magnitude faster, and opening the store does not re-parse the export.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox

from kg.errors import NotABuild
from kg.iris import DEFAULT_BASE

STORE_DIR = "store"


def create_store(path: Path, *documents: bytes) -> None:
    """A new store at `path` holding the given N-Triples documents."""
    store = ox.Store(str(path))
    for data in documents:
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
    store.flush()
    store.optimize()
    del store
    gc.collect()


def open_store(out: Path) -> ox.Store:
    """The build's store, read-only, so queries never change it and many readers may share it."""
    path = Path(out) / STORE_DIR
    if not path.is_dir():
        raise NotABuild(str(out), STORE_DIR)
    return ox.Store.read_only(str(path))


def base_of(store: ox.Store) -> str:
    """The base IRI the build was made with, as its VoID description states it."""
    for solution in store.query("SELECT ?u WHERE { ?d <http://rdfs.org/ns/void#uriSpace> ?u } LIMIT 1"):
        return solution["u"].value
    return DEFAULT_BASE

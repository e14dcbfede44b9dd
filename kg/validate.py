"""Checking RDF against kg's SHACL shapes (ontology/shapes.ttl) with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from kg.errors import BadInput, NotABuild
from kg.resources import ontology_file

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}


@dataclass(frozen=True)
class Validation:
    path: str
    conforms: bool
    violations: int
    report: str


def data_file(path: Path) -> Path:
    """A build folder means its Turtle export; a file is taken as it is."""
    if path.is_dir():
        turtle = path / "graph.ttl"
        if not turtle.exists():
            raise NotABuild(str(path), "graph.ttl")
        return turtle
    if not path.exists():
        raise BadInput(str(path), "no such file or folder")
    if path.suffix not in FORMATS:
        raise BadInput(str(path), f"not an RDF file kg reads ({', '.join(sorted(FORMATS))})")
    return path


def validate(path: Path | str) -> Validation:
    source = data_file(Path(path))
    try:
        data = Graph().parse(source, format=FORMATS[source.suffix])
    except Exception as e:  # rdflib raises many parser-specific types; all mean "this is not valid RDF"
        raise BadInput(str(source), f"cannot parse as RDF: {e}") from None
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    ontology = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, advanced=True)
    violations = len(set(results.subjects(predicate=SH.resultSeverity)))
    return Validation(str(source), bool(conforms), violations, text)

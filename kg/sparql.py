"""Running SPARQL on a build's store, and writing the answers in the standard result formats.

Serialisation is pyoxigraph's own (SPARQL JSON/XML/CSV/TSV results; Turtle, N-Triples, JSON-LD, RDF/XML graphs);
only the readable table for people is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.iris import DEFAULT_BASE, ONTOLOGY_IRI
from kg.tables import render

RESULT_FORMATS = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
}
GRAPH_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}
MEDIA_TYPES = {  # Accept header value -> format name
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml",
}
SERVICE = re.compile(r"(?<![\w:])SERVICE\b", re.I)
STRINGS_IRIS_COMMENTS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|'
                                   r"<[^<>\s]*>|#[^\n]*")


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes every kg query may use without declaring them."""
    standard = {
        "kg": ONTOLOGY_IRI, "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
        "prov": "http://www.w3.org/ns/prov#", "schema": "https://schema.org/",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
        "void": "http://rdfs.org/ns/void#", "owl": "http://www.w3.org/2002/07/owl#",
    }
    data = {name: f"{base}{name}/" for name in ("paper", "model", "hardware", "dataset", "method")}
    return {**standard, **data}


def uses_service(sparql: str) -> bool:
    """Whether a query asks for federation (SERVICE), outside strings, IRIs and comments."""
    return bool(SERVICE.search(STRINGS_IRIS_COMMENTS.sub(" ", sparql)))


def run(store: ox.Store, sparql: str, base: str = DEFAULT_BASE):
    try:
        return store.query(sparql, prefixes=prefixes(base))
    except SyntaxError as e:
        raise QueryError(f"invalid SPARQL: {e}") from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"query failed: {e}") from None


@dataclass(frozen=True)
class Answer:
    content_type: str
    body: bytes


def is_graph(result) -> bool:
    return isinstance(result, ox.QueryTriples)


def serialize(result, fmt: str) -> Answer:
    """A result in a named format: json, xml, csv, tsv for SELECT and ASK; turtle, ntriples, jsonld, rdfxml for
    CONSTRUCT and DESCRIBE."""
    if is_graph(result):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT or DESCRIBE result can be written as {', '.join(GRAPH_FORMATS)}, not {fmt}")
        rdf_format, media_type = GRAPH_FORMATS[fmt]
        return Answer(media_type, result.serialize(format=rdf_format))
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a SELECT or ASK result can be written as {', '.join(RESULT_FORMATS)}, not {fmt}")
    results_format, media_type = RESULT_FORMATS[fmt]
    if isinstance(result, ox.QueryBoolean) and fmt in ("csv", "tsv"):
        return Answer(media_type, b"true\n" if bool(result) else b"false\n")
    return Answer(media_type, result.serialize(format=results_format))


def table(result, base: str = DEFAULT_BASE) -> str:
    """A readable table of a SELECT result (IRIs shortened with kg's prefixes), yes/no for ASK, Turtle for graphs."""
    if isinstance(result, ox.QueryBoolean):
        return "yes" if bool(result) else "no"
    if is_graph(result):
        return result.serialize(format=ox.RdfFormat.TURTLE).decode("utf-8")
    names = [v.value for v in result.variables]
    short = shortener(base)
    rows = [{name: short(solution[name]) for name in names} for solution in result]
    return f"{render(rows) if rows else '  '.join(names)}\n({len(rows)} row{'s' * (len(rows) != 1)})"


def shortener(base: str):
    known = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))

    def short(term) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            for name, iri in known:
                if term.value.startswith(iri):
                    return f"{name}:{term.value[len(iri):]}"
            return f"<{term.value}>"
        return term.value

    return short

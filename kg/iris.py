"""The IRIs kg publishes, as plain strings, so that code which only needs them does not import rdflib."""

ONTOLOGY_IRI = "https://w3id.org/mlkg/ontology#"
DEFAULT_BASE = "https://w3id.org/mlkg/id/"

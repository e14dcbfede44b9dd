"""The kg ontology's terms as an rdflib namespace, so a typo raises instead of minting a new IRI."""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.iris import DEFAULT_BASE, ONTOLOGY_IRI

__all__ = ["DEFAULT_BASE", "KG", "ONTOLOGY_IRI"]


class KG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Paper: URIRef
    Entity: URIRef
    Model: URIRef
    Hardware: URIRef
    HardwareClass: URIRef
    HardwareProduct: URIRef
    Dataset: URIRef
    Method: URIRef
    Link: URIRef
    Claim: URIRef
    SourceRecord: URIRef
    Extractor: URIRef

    # paper to entity, one property per role
    linksTo: URIRef
    proposes: URIRef
    uses: URIRef
    evaluatedOn: URIRef
    runsOn: URIRef
    comparedWith: URIRef
    extends: URIRef
    mentions: URIRef

    # the qualified link
    qualifiedLink: URIRef
    entity: URIRef
    role: URIRef
    evidence: URIRef
    matchedText: URIRef
    confidence: URIRef
    mentionCount: URIRef

    # paper metadata
    dateText: URIRef
    authorCount: URIRef
    authorName: URIRef
    organisation: URIRef
    upvotes: URIRef
    arxivId: URIRef
    category: URIRef
    sourceRecord: URIRef
    file: URIRef
    position: URIRef
    line: URIRef

    # entity metadata
    level: URIRef
    discovered: URIRef

    # claims
    reportsClaim: URIRef
    valueText: URIRef
    value: URIRef
    claimKind: URIRef
    quantity: URIRef
    direction: URIRef
    qualifier: URIRef
    measuredOn: URIRef
    baseline: URIRef
    baselineText: URIRef
    subject: URIRef

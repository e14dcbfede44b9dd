"""The graph as RDF under the kg ontology (ontology/kg.ttl), and its serialisations.

Every node gets an IRI under a configurable base (entity and paper ids are already paths: `model/llama-2`), so no
blank node is ever written and the same graph always serialises to the same bytes: Turtle is sorted by rdflib,
N-Triples lines are sorted here, and JSON-LD is re-emitted with sorted keys and lists.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from kg.namespaces import DEFAULT_BASE, KG
from kg.resources import ontology_file

TYPE_CLASS = {"MODEL": KG.Model, "HARDWARE": KG.Hardware, "DATASET": KG.Dataset, "METHOD": KG.Method}
LEVEL_CLASS = {"class": KG.HardwareClass, "product": KG.HardwareProduct}
ROLE_PROPERTY = {
    "proposes": KG.proposes, "uses": KG.uses, "evaluatedOn": KG.evaluatedOn, "runsOn": KG.runsOn,
    "comparedWith": KG.comparedWith, "extends": KG.extends, "mentions": KG.mentions,
}
DATA_PREFIXES = ("paper", "model", "hardware", "dataset", "method", "extractor")
SOURCE_TEXT_RIGHTS = ("Titles and abstracts belong to their authors; kg links them to entities and keeps "
                      "each supporting sentence as evidence.")


def bind_prefixes(g: Graph, base: str) -> None:
    ns = Namespace(base)
    g.bind("kg", str(KG._NS))
    for prefix in DATA_PREFIXES:
        g.bind(prefix, ns[prefix + "/"])
    for prefix, namespace in (("skos", SKOS), ("dcterms", DCTERMS), ("prov", PROV), ("schema", SDO),
                              ("xsd", XSD), ("rdfs", RDFS), ("void", VOID), ("owl", OWL)):
        g.bind(prefix, namespace)


def to_rdf(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Graph:
    """The whole graph as RDF: papers, entities, qualified links with their evidence, and claims."""
    g = Graph()
    bind_prefixes(g, base)
    iri = lambda node_id: URIRef(base + node_id)  # noqa: E731
    for node_id, data in sorted(graph.nodes(data=True)):
        kind = data.get("kind")
        if kind == "paper":
            add_paper(g, iri(node_id), data)
        elif kind == "entity":
            add_entity(g, iri(node_id), data, iri)
        elif kind == "claim":
            add_claim(g, iri(node_id), data)
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        if key in ROLE_PROPERTY:
            add_link(g, base, source, target, key, data)
        elif graph.nodes[source].get("kind") == "claim" or key == "reportsClaim":
            g.add((iri(source), KG[key], iri(target)))
    return g


def decimal(number: float) -> Literal:
    """A number every RDF tool writes back as it reads it: xsd:integer when whole ("37"), else an xsd:decimal in
    its shortest form ("0.9"). A whole xsd:decimal is written "37.0" by rdflib's Turtle and "37" by Oxigraph."""
    lexical = format(Decimal(str(number)).normalize(), "f")
    return Literal(lexical, datatype=XSD.integer if "." not in lexical else XSD.decimal)


def add_paper(g: Graph, p: URIRef, d: dict) -> None:
    g.add((p, RDF.type, KG.Paper))
    g.add((p, RDF.type, SDO.ScholarlyArticle))
    g.add((p, DCTERMS.title, Literal(d["title"])))
    g.add((p, DCTERMS.abstract, Literal(d.get("abstract", ""))))
    if d.get("date"):
        g.add((p, DCTERMS.issued, Literal(d["date"], datatype=XSD.date)))
    optional = (("date_text", KG.dateText, None), ("organisation", KG.organisation, None),
                ("author_count", KG.authorCount, XSD.integer), ("upvotes", KG.upvotes, XSD.integer),
                ("arxiv_id", KG.arxivId, None))
    for name, prop, datatype in optional:
        if d.get(name) is not None:
            g.add((p, prop, Literal(d[name], datatype=datatype)))
    if d.get("arxiv_id"):
        g.add((p, RDFS.seeAlso, URIRef(f"https://arxiv.org/abs/{d['arxiv_id']}")))
    if d.get("license", "").startswith("http"):
        g.add((p, DCTERMS.license, URIRef(d["license"])))
    for name in d.get("authors", []):
        g.add((p, KG.authorName, Literal(name)))
    for category in d.get("categories", []):
        g.add((p, KG.category, Literal(category)))
    for n, source in enumerate(d.get("sources", []), 1):
        s = URIRef(f"{p}/source/{n}")
        g.add((p, KG.sourceRecord, s))
        g.add((s, RDF.type, KG.SourceRecord))
        g.add((s, KG.file, Literal(source["file"])))
        g.add((s, KG.position, Literal(source["position"], datatype=XSD.integer)))
        g.add((s, KG.line, Literal(source["line"], datatype=XSD.integer)))


def add_entity(g: Graph, e: URIRef, d: dict, iri) -> None:
    g.add((e, RDF.type, TYPE_CLASS[d["type"]]))
    g.add((e, RDF.type, SKOS.Concept))
    if d.get("level"):
        g.add((e, RDF.type, LEVEL_CLASS[d["level"]]))
    g.add((e, SKOS.prefLabel, Literal(d["label"], lang="en")))
    for alias in d.get("aliases", []):
        g.add((e, SKOS.altLabel, Literal(alias, lang="en")))
    if d.get("definition"):
        g.add((e, SKOS.definition, Literal(d["definition"], lang="en")))
    for parent in d.get("broader", []):
        g.add((e, SKOS.broader, iri(parent)))
    g.add((e, KG.discovered, Literal(bool(d.get("discovered")))))


def link_iri(base: str, paper_id: str, entity_id: str) -> URIRef:
    return URIRef(f"{base}{paper_id}/link/{entity_id.replace('/', '-')}")


def add_link(g: Graph, base: str, paper_id: str, entity_id: str, role: str, d: dict) -> None:
    """The direct triple (paper kg:runsOn entity) and its qualified form, a kg:Link node with the evidence."""
    p, e, link = URIRef(base + paper_id), URIRef(base + entity_id), link_iri(base, paper_id, entity_id)
    g.add((p, ROLE_PROPERTY[role], e))
    g.add((p, KG.qualifiedLink, link))
    g.add((link, RDF.type, KG.Link))
    g.add((link, KG.entity, e))
    g.add((link, KG.role, ROLE_PROPERTY[role]))
    g.add((link, KG.mentionCount, Literal(d["count"], datatype=XSD.integer)))
    g.add((link, KG.confidence, decimal(d["confidence"])))
    for sentence in d["evidence"]:
        g.add((link, KG.evidence, Literal(sentence)))
    for text in d["mentions"]:
        g.add((link, KG.matchedText, Literal(text)))
    for component in d["components"]:
        agent = URIRef(f"{base}extractor/{component}")
        g.add((link, PROV.wasAttributedTo, agent))
        g.add((agent, RDF.type, KG.Extractor))
        g.add((agent, RDFS.label, Literal(component)))


def add_claim(g: Graph, c: URIRef, d: dict) -> None:
    g.add((c, RDF.type, KG.Claim))
    g.add((c, KG.valueText, Literal(d["value_text"])))
    g.add((c, KG.value, decimal(d["value"])))
    for name, prop in (("claim_kind", KG.claimKind), ("quantity", KG.quantity), ("direction", KG.direction),
                       ("qualifier", KG.qualifier), ("evidence", KG.evidence), ("baseline", KG.baselineText)):
        if d.get(name):
            g.add((c, prop, Literal(d[name])))


def void_graph(graph: nx.MultiDiGraph, data: Graph, base: str, created: date) -> Graph:
    """A VoID description of `data`: its size, entities by class, when its sources last changed, their rights."""
    g = Graph()
    bind_prefixes(g, base)
    ds = URIRef(base + "dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("kg: a knowledge graph of machine-learning research", lang="en")))
    g.add((ds, DCTERMS.rights, Literal(SOURCE_TEXT_RIGHTS, lang="en")))
    g.add((ds, DCTERMS.created, Literal(created.isoformat(), datatype=XSD.date)))
    g.add((ds, VOID.uriSpace, Literal(base)))
    g.add((ds, VOID.vocabulary, URIRef(str(KG._NS))))
    g.add((ds, VOID.triples, Literal(len(data), datatype=XSD.integer)))
    counts: dict[URIRef, int] = {}
    for _, d in graph.nodes(data=True):
        cls = {"paper": KG.Paper, "claim": KG.Claim}.get(d.get("kind")) or TYPE_CLASS.get(d.get("type"))
        counts[cls] = counts.get(cls, 0) + 1
    for cls, n in sorted(counts.items()):
        part = URIRef(f"{base}dataset/class/{cls.rsplit('#', 1)[-1]}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(sum(counts.values()), datatype=XSD.integer)))
    return g


def turtle(g: Graph) -> bytes:
    return g.serialize(format="turtle", encoding="utf-8")


def ntriples(g: Graph) -> bytes:
    lines = g.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def jsonld_context(base: str = DEFAULT_BASE) -> dict:
    """kg's JSON-LD context: the ontology's prefixes (ontology/context.jsonld) and the data prefixes of `base`."""
    context = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    return {"@context": {**context, **{prefix: f"{base}{prefix}/" for prefix in DATA_PREFIXES}}}


def context_json(base: str = DEFAULT_BASE) -> bytes:
    return (json.dumps(jsonld_context(base), indent=1, sort_keys=True) + "\n").encode("utf-8")


def jsonld(g: Graph, base: str = DEFAULT_BASE) -> bytes:
    """Compact JSON-LD with kg's context inlined; keys and every list sorted so the bytes are stable."""
    context = jsonld_context(base)["@context"]
    data = _sorted(json.loads(g.serialize(format="json-ld", context=context, auto_compact=True)))
    data["@context"] = context
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value

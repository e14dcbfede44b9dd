"""The RDF a build publishes: it conforms to the shapes, survives format round trips, and the CLI validates it."""

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from kg.cli import cli
from kg.namespaces import KG
from kg.validate import validate


def test_every_export_conforms_to_the_shapes(fixture_build):
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        result = validate(fixture_build / name)
        assert result.conforms, result.report


def test_a_broken_graph_fails_with_a_readable_report(fixture_build, tmp_path):
    g = Graph().parse(fixture_build / "graph.ttl")
    paper = next(g.subjects(RDF.type, KG.Paper))
    g.remove((paper, DCTERMS.title, None))
    link = next(g.subjects(RDF.type, KG.Link))
    g.set((link, KG.role, URIRef("https://example.org/likes")))
    g.add((link, KG.confidence, Literal(3.5)))
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    result = validate(broken)
    assert not result.conforms
    assert result.violations >= 3
    assert "A paper has exactly one non-empty title." in result.report
    assert "A link has exactly one of the seven roles." in result.report
    assert str(paper) in result.report


def test_validate_command_reports_both_outcomes(fixture_build, tmp_path):
    ok = CliRunner().invoke(cli, ["validate", str(fixture_build)])
    assert ok.exit_code == 0 and "conforms to the kg shapes" in ok.output
    broken = tmp_path / "empty-title.ttl"
    g = Graph().parse(fixture_build / "graph.ttl")
    g.set((next(g.subjects(RDF.type, KG.Paper)), DCTERMS.title, Literal("")))
    g.serialize(broken, format="turtle")
    bad = CliRunner().invoke(cli, ["validate", str(broken)])
    assert bad.exit_code == 1 and "1 SHACL violation(s)" in bad.output


def test_turtle_ntriples_jsonld_and_store_round_trip_to_the_same_graph(fixture_build):
    original = Graph().parse(fixture_build / "graph.ttl", format="turtle")
    as_nt = Graph().parse(data=original.serialize(format="nt"), format="nt")
    as_jsonld = Graph().parse(data=as_nt.serialize(format="json-ld"), format="json-ld")
    store = ox.Store()
    store.load(as_jsonld.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    from_store = Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                               format="nt")
    assert len(original) > 100
    for graph in (as_nt, as_jsonld, from_store):
        assert isomorphic(original, graph)


def test_the_build_store_holds_the_exported_triples_and_the_void_description(fixture_build):
    store = ox.Store.read_only(str(fixture_build / "store"))
    exported = len(Graph().parse(fixture_build / "graph.nt", format="nt"))
    void = len(Graph().parse(fixture_build / "void.ttl", format="turtle"))
    assert len(store) == exported + void


def test_void_counts_match_the_data(fixture_build):
    void = Graph().parse(fixture_build / "void.ttl")
    data = Graph().parse(fixture_build / "graph.ttl")
    from rdflib.namespace import VOID

    triples = next(void.objects(None, VOID.triples))
    assert int(triples) == len(data)
    papers = next(void.objects(URIRef("https://w3id.org/mlkg/id/dataset/class/Paper"), VOID.entities))
    assert int(papers) == len(set(data.subjects(RDF.type, KG.Paper)))


def test_the_base_iri_is_configurable(fixtures, tmp_path):
    from kg.build import build

    build([fixtures / "plain.jsonl"], tmp_path, base="https://example.org/kg/")
    g = Graph().parse(tmp_path / "graph.ttl")
    papers = list(g.subjects(RDF.type, KG.Paper))
    assert papers and all(str(p).startswith("https://example.org/kg/paper/") for p in papers)
    assert validate(tmp_path).conforms

"""`kg serve` as SPARQL clients meet it: SPARQLWrapper, rdflib's SPARQLStore and plain HTTP, over loopback."""

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from kg.server import make_server

H100_TITLES = "SELECT ?title WHERE { ?p kg:runsOn hardware:nvidia-h100 ; dcterms:title ?title }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint(fixture_build):
    server = make_server(fixture_build, port=0, timeout=1.5, workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def http(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get(endpoint, query, accept=None):
    headers = {"Accept": accept} if accept else {}
    return http(f"{endpoint}?{urllib.parse.urlencode({'query': query})}", headers=headers)


def test_sparqlwrapper_json_results(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(H100_TITLES)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["title"]["value"] for b in bindings] == ["Speculative Decoding at Scale"]


def test_sparqlwrapper_xml_results_over_post(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(H100_TITLES)
    client.setReturnFormat(XML)
    client.setMethod(POST)
    document = client.query().convert()
    titles = [node.firstChild.nodeValue for node in document.getElementsByTagName("literal")]
    assert titles == ["Speculative Decoding at Scale"]


def test_sparqlwrapper_construct_as_turtle_posted_directly(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery("CONSTRUCT { ?p kg:runsOn ?h } WHERE { ?p kg:runsOn ?h }")
    client.setReturnFormat(TURTLE)
    client.setMethod(POST)
    client.setRequestMethod(POSTDIRECTLY)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 6


def test_sparqlwrapper_csv(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(H100_TITLES)
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines() == ["title", "Speculative Decoding at Scale"]


def test_rdflib_sparqlstore(endpoint):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    query = ("PREFIX kg: <https://w3id.org/mlkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
             "SELECT ?title WHERE { ?p kg:runsOn ?h ; dcterms:title ?title } ORDER BY ?title")
    titles = [str(row.title) for row in graph.query(query)]
    assert titles[0] == "Edge Detection on the Jetson Orin" and len(titles) == 6


@pytest.mark.parametrize("accept, content_type, check", [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda b: json.loads(b)["results"]["bindings"][0]["title"]["value"] == "Speculative Decoding at Scale"),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
    ("text/csv", "text/csv", lambda b: b.splitlines() == [b"title", b"Speculative Decoding at Scale"]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.splitlines()[0] == b"?title"),
    ("text/html;q=0.9, text/csv;q=0.8", "text/csv", lambda b: b.startswith(b"title")),
])
def test_select_results_by_accept_header(endpoint, accept, content_type, check):
    status, headers, body = get(endpoint, H100_TITLES, accept)
    assert status == 200 and headers["Content-Type"].startswith(content_type) and check(body)


@pytest.mark.parametrize("accept, content_type, fmt", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
])
def test_graph_results_by_accept_header(endpoint, accept, content_type, fmt):
    status, headers, body = get(endpoint, "CONSTRUCT { ?p kg:runsOn ?h } WHERE { ?p kg:runsOn ?h }", accept)
    assert status == 200 and headers["Content-Type"].startswith(content_type)
    assert len(Graph().parse(data=body, format=fmt)) == 6


def test_an_unanswerable_accept_header_is_406(endpoint):
    assert get(endpoint, H100_TITLES, "image/png")[0] == 406


def test_post_as_a_form_and_as_a_query_body(endpoint):
    form = urllib.parse.urlencode({"query": "ASK { ?p kg:runsOn hardware:nvidia-h100 }"}).encode()
    status, _, body = http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = http(endpoint, b"ASK { ?p kg:runsOn hardware:nvidia-a800 }",
                           {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is False


@pytest.mark.parametrize("data, headers", [
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}),
    (urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}),
])
def test_updates_are_refused_and_nothing_changes(endpoint, data, headers):
    status, _, body = http(endpoint, data, headers)
    assert status == 403 and b"read-only" in body
    assert json.loads(get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2]
                      )["results"]["bindings"][0]["n"]["value"] != "0"
    assert json.loads(get(endpoint, "ASK { <urn:a> <urn:b> <urn:c> }")[2])["boolean"] is False


def test_an_update_sent_as_a_query_is_a_parse_error(endpoint):
    status, _, body = get(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 400 and b"invalid SPARQL" in body


def test_a_malformed_query_gets_400_with_the_parser_message(endpoint):
    status, _, body = get(endpoint, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and b"invalid SPARQL: error at 1:" in body


def test_federated_queries_are_refused(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body
    status, _, _ = get(endpoint, 'SELECT ?s WHERE { ?s dcterms:title "a SERVICE of ours" }')
    assert status == 200


def test_a_slow_query_is_stopped_while_another_client_is_answered(endpoint):
    slow = {}

    def run_slow():
        started = time.monotonic()
        slow["status"], _, slow["body"] = get(endpoint, SLOW)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    status, _, body = get(endpoint, H100_TITLES)
    fast_seconds = time.monotonic() - started
    thread.join()
    assert status == 200 and b"Speculative Decoding at Scale" in body
    assert fast_seconds < 1.0
    assert slow["status"] == 503 and b"time limit" in slow["body"]
    assert slow["seconds"] < 5
    assert get(endpoint, "ASK { ?s ?p ?o }")[0] == 200  # the stopped worker was replaced


def test_service_description_and_cors(endpoint):
    status, headers, body = http(endpoint)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    description = Graph().parse(data=body, format="turtle")
    assert any(str(o) == endpoint for o in description.objects())
    status, headers, _ = http(endpoint, method="OPTIONS", headers={"Origin": "https://example.org",
                                                                   "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert get(endpoint, "ASK {}")[1]["Access-Control-Allow-Origin"] == "*"


def test_the_server_binds_loopback_by_default(fixture_build):
    server = make_server(fixture_build, port=0, workers=1)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()

"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a build's store.

Each query runs in a worker process that holds the store open read-only. A query that passes the time limit is
stopped by killing its worker (Oxigraph cannot cancel a running query, and its own server's timeout does not stop
every query: LIBRARY-FACTS.md), and a fresh worker takes its place; the other workers go on answering. Workers also
run under a memory limit. Federated queries (SERVICE) and updates are refused: the endpoint never calls out and never
changes the store.
"""

from __future__ import annotations

import multiprocessing
import queue
import resource
import sys
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import NotABuild, QueryError
from kg.store import STORE_DIR

ENDPOINT = "/sparql"
MAX_QUERY_BYTES = 1_000_000
SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>,
        <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/JSON-LD>,
        <http://www.w3.org/ns/formats/RDF_XML> ;
    sd:defaultDataset [ a sd:Dataset, void:Dataset ; void:uriSpace "{base}" ] .
"""


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


# ---------------------------------------------------------------- workers (separate processes)

def negotiate(accept: str, graph: bool) -> str | None:
    """The format to answer in, by the Accept header's preferences (q-values); None if nothing acceptable."""
    from kg.sparql import GRAPH_FORMATS, MEDIA_TYPES, RESULT_FORMATS

    allowed = GRAPH_FORMATS if graph else RESULT_FORMATS
    default = "turtle" if graph else "json"
    offers = []
    for position, part in enumerate(p for p in accept.split(",") if p.strip()):
        media, *params = [x.strip() for x in part.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=") and p[2:].replace(".", "", 1).isdigit()), 1.0)
        offers.append((-q, position, media.lower()))
    if not offers:
        return default
    for neg_q, _, media in sorted(offers):
        if neg_q == 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            return default
        if MEDIA_TYPES.get(media) in allowed:
            return MEDIA_TYPES[media]
    return None


def answer(store, base: str, sparql: str, accept: str) -> Reply:
    from kg.sparql import is_graph, run, serialize

    try:
        result = run(store, sparql, base)
        fmt = negotiate(accept, is_graph(result))
        if fmt is None:
            return Reply.text(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer this query as any of: {accept}")
        a = serialize(result, fmt)
        return Reply(200, a.content_type, a.body)
    except QueryError as e:
        return Reply.text(HTTPStatus.BAD_REQUEST, str(e))


def worker_main(connection, store_path: str, base: str, memory_mb: int) -> None:
    import pyoxigraph as ox

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    store = ox.Store.read_only(store_path)
    while True:
        try:
            sparql, accept = connection.recv()
        except EOFError:
            return
        try:
            reply = answer(store, base, sparql, accept)
        except MemoryError:
            reply = Reply.text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query stopped: it needed more than {memory_mb} MB")
        connection.send(reply)


class Worker:
    def __init__(self, context, store_path: str, base: str, memory_mb: int):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, store_path, base, memory_mb), daemon=True)
        self.process.start()
        child.close()

    def ask(self, sparql: str, accept: str, timeout: float) -> Reply | None:
        """The worker's reply, or None when it passed `timeout` seconds (the worker is then stopped)."""
        self.connection.send((sparql, accept))
        if self.connection.poll(timeout):
            try:
                return self.connection.recv()
            except EOFError:
                return Reply.text(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker stopped unexpectedly")
        self.stop()
        return None

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    """A fixed number of query workers; a stuck one is replaced, so the pool never shrinks."""

    def __init__(self, store_path: Path, base: str, size: int, memory_mb: int):
        self.context = multiprocessing.get_context("spawn")
        self.args = (str(store_path), base, memory_mb)
        self.idle: queue.Queue[Worker] = queue.Queue()
        for _ in range(size):
            self.idle.put(Worker(self.context, *self.args))

    def run(self, sparql: str, accept: str, timeout: float) -> Reply:
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            return Reply.text(HTTPStatus.SERVICE_UNAVAILABLE, "all query workers are busy; try again")
        reply = worker.ask(sparql, accept, timeout)
        if reply is None or not worker.alive():
            if worker.alive():
                worker.stop()
            worker = Worker(self.context, *self.args)
        self.idle.put(worker)
        if reply is None:
            return Reply.text(HTTPStatus.SERVICE_UNAVAILABLE,
                              f"query stopped: it ran longer than the {timeout:g} s time limit")
        return reply

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get().stop()


# ---------------------------------------------------------------- HTTP

class Endpoint:
    """What the HTTP handler needs: the pool, the limits and the service description."""

    def __init__(self, out: Path, timeout: float, workers: int, memory_mb: int):
        from kg.store import base_of, open_store

        store = open_store(out)
        self.base = base_of(store)
        del store
        self.pool = WorkerPool(Path(out) / STORE_DIR, self.base, workers, memory_mb)
        self.timeout = timeout

    def query(self, sparql: str, accept: str) -> Reply:
        from kg.sparql import uses_service

        if uses_service(sparql):
            return Reply.text(HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are not allowed on this endpoint")
        return self.pool.run(sparql, accept, self.timeout)

    def description(self, url: str) -> Reply:
        return Reply(200, "text/turtle; charset=utf-8",
                     SERVICE_DESCRIPTION.format(endpoint=url, base=self.base).encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "kg-sparql"
    protocol_version = "HTTP/1.1"

    def do_OPTIONS(self) -> None:
        self.send(Reply(HTTPStatus.NO_CONTENT, "text/plain", b""))

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != ENDPOINT:
            return self.send(Reply.text(HTTPStatus.NOT_FOUND, f"the SPARQL endpoint is at {ENDPOINT}"))
        params = parse_qs(url.query)
        self.dispatch(params)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != ENDPOINT:
            return self.send(Reply.text(HTTPStatus.NOT_FOUND, f"the SPARQL endpoint is at {ENDPOINT}"))
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            return self.send(Reply.text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too large"))
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if media == "application/sparql-query":
            params["query"] = [body]
        elif media == "application/sparql-update":
            params["update"] = [body]
        elif media == "application/x-www-form-urlencoded":
            params.update(parse_qs(body))
        else:
            return self.send(Reply.text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                        "POST a query as application/sparql-query or as a form (query=...)"))
        self.dispatch(params)

    def dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            return self.send(Reply.text(HTTPStatus.FORBIDDEN,
                                        "this endpoint is read-only: SPARQL Update is not allowed"))
        queries = params.get("query", [])
        if not queries:
            url = f"http://{self.headers.get('Host', 'localhost')}{ENDPOINT}"
            return self.send(self.endpoint.description(url))
        if len(queries) > 1:
            return self.send(Reply.text(HTTPStatus.BAD_REQUEST, "give exactly one query"))
        accept = self.headers.get("Accept") or format_param(params)
        self.send(self.endpoint.query(queries[0], accept))

    def send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Vary", "Accept")
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def format_param(params: dict[str, list[str]]) -> str:
    """Clients such as SPARQLWrapper also name the format in the URL (format=json); used when no Accept is sent."""
    from kg.sparql import GRAPH_FORMATS, RESULT_FORMATS

    for value in params.get("format", []) + params.get("output", []):
        name = value.lower()
        if name in RESULT_FORMATS:
            return RESULT_FORMATS[name][1]
        if name in GRAPH_FORMATS:
            return GRAPH_FORMATS[name][1]
    return ""


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, endpoint: Endpoint, host: str, port: int, verbose: bool):
        handler = type("BoundHandler", (Handler,), {"endpoint": endpoint})
        super().__init__((host, port), handler)
        self.endpoint, self.verbose = endpoint, verbose

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{ENDPOINT}"

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.pool.close()


def make_server(out: Path | str, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
                workers: int = 2, memory_mb: int = 2048, verbose: bool = False) -> SparqlServer:
    """A server ready to `serve_forever()`; port 0 picks a free port (see `.url`)."""
    out = Path(out)
    if not (out / STORE_DIR).is_dir():
        raise NotABuild(str(out), STORE_DIR)
    return SparqlServer(Endpoint(out, timeout, workers, memory_mb), host, port, verbose)


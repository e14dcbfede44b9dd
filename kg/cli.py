"""The `kg` command: parses arguments, calls the library, prints the answer. Nothing else lives here.

Heavy modules are imported inside commands so that `kg --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from contextlib import suppress
from functools import wraps
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError
from kg.iris import DEFAULT_BASE
from kg.records import Layout, Role

LAYOUTS = click.Choice([layout.value for layout in Layout])


def reports_errors(command):
    """A user's mistake ends as one `Error: ...` line and exit code 1, never a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KgError as e:
            raise click.ClickException(str(e)) from None

    return wrapper


def terminal_progress(items, label: str, total: int):
    """A progress bar on stderr when it is a terminal; silent when piped or captured."""
    from tqdm import tqdm

    return tqdm(items, desc=label, total=total, unit="", leave=False, disable=None, file=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli():
    """kg: a knowledge graph of machine-learning research.

    Papers (titles and abstracts) go in; the models, hardware, datasets and methods they name come out, linked to
    each paper with the sentence that supports the link, as RDF, GraphML, JSON and an HTML explorer.
    """


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="Folder to write the build to.")
@click.option("--format", "--layout", "layout", type=LAYOUTS, help="Force the input layout instead of detecting it.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of papers and entities in the RDF.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Processes for extraction.")
@reports_errors
def build(inputs, out, layout, base, workers):
    """Build the graph from paper listings and write every export.

    With no INPUTS, builds from the sample corpus shipped with kg (three Hugging Face Daily Papers listings).
    INPUTS may be files or folders: Daily Papers pages copied as text, or JSON Lines (arXiv metadata or
    {"title", "abstract", ...}).

    \b
    Example:
        kg build
        kg build listings/ arxiv.jsonl --out my-graph
    """
    from kg.build import build as run_build

    report = run_build(list(inputs), out, layout=Layout(layout) if layout else None, base=base, workers=workers,
                       progress=terminal_progress)
    files = len(report.inputs)
    click.echo(f"Read {report.records} records from {files} file{'s' * (files != 1)}: {report.papers} papers "
               f"({report.merged} listed more than once, merged).")
    click.echo("Entities: " + ", ".join(f"{n} {t.lower()}" for t, n in report.entities.items()) + ".")
    click.echo(f"Links: {report.links} paper-entity links; {report.claims} quantitative claims.")
    click.echo(f"Wrote {out}/: " + ", ".join(p.name + ("/" if p.is_dir() else "") for p in report.files) + ".")
    click.echo(f"Took {report.seconds:.1f} s.")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="One JSON object per paper, or a readable table.")
@click.option("--layout", type=LAYOUTS, help="Force the input layout instead of detecting it.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True)
@reports_errors
def extract(inputs, output, layout, workers):
    """Extract entities from paper listings and print them, without building a graph.

    \b
    Example:
        kg extract ../shared/gold/dev.jsonl --format jsonl > pred.jsonl
        kg extract listing.txt --format table
    """
    from kg.extract import extract as run_extract
    from kg.extract.output import extraction_json, extraction_table
    from kg.sources import read_sources

    papers = read_sources(list(inputs), Layout(layout) if layout else None)
    results = terminal_progress(run_extract(papers, workers=workers), "extracting", len(papers))
    for extraction in results:
        if output == "jsonl":
            click.echo(json.dumps(extraction_json(extraction), ensure_ascii=False))
        else:
            click.echo(extraction_table(extraction))


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("exports"))
@reports_errors
def validate(path):
    """Check a build (or an RDF file) against kg's SHACL shapes.

    Exits with 1 and prints the report when the data does not conform.

    \b
    Example:
        kg validate
        kg validate my-graph/graph.ttl
    """
    from kg.validate import validate as run_validate

    result = run_validate(path)
    if result.conforms:
        click.echo(f"{result.path}: conforms to the kg shapes.")
        return
    click.echo(result.report, err=True)
    raise click.ClickException(f"{result.path}: {result.violations} SHACL violation(s)")


SPARQL_FORMATS = ["table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"]


@cli.command()
@click.argument("query", required=False)
@click.option("--file", "-f", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="The build to query.")
@click.option("--format", "fmt", type=click.Choice(SPARQL_FORMATS), default="table", show_default=True,
              help="json/xml/csv/tsv for SELECT and ASK; turtle/ntriples/jsonld/rdfxml for CONSTRUCT and DESCRIBE.")
@reports_errors
def sparql(query, query_file, out, fmt):
    """Run a SPARQL query on a build's store.

    The prefixes kg, skos, dcterms, prov, schema, rdfs, xsd, void, owl, paper, model, hardware, dataset and method
    are predeclared. Example queries ship in ontology/queries/.

    \b
    Example:
        kg sparql 'SELECT ?title WHERE { ?p kg:runsOn hardware:nvidia-h100 ; dcterms:title ?title }'
        kg sparql --file ontology/queries/papers-on-hardware-class.rq --format csv
    """
    from kg import sparql as queries
    from kg.store import base_of, open_store

    if bool(query) == bool(query_file):
        raise click.UsageError("give a QUERY or --file, not both")
    store = open_store(out)
    base = base_of(store)
    result = queries.run(store, query or query_file.read(), base)
    if fmt == "table":
        click.echo(queries.table(result, base))
    else:
        text = queries.serialize(result, fmt).body.decode("utf-8")
        click.echo(text, nl=not text.endswith("\n"))


@cli.command()
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="The build to serve.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--timeout", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped.")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="Queries answered at the same time.")
@click.option("--memory", "memory_mb", type=click.IntRange(64), default=2048, show_default=True,
              help="MB of memory each query worker may use.")
@click.option("--verbose", is_flag=True, help="Log every request to stderr.")
@reports_errors
def serve(out, host, port, timeout, workers, memory_mb, verbose):
    """Serve a build as a read-only SPARQL 1.1 endpoint at /sparql.

    GET ?query=, POST as a form or as application/sparql-query; results by Accept header; CORS allowed; updates
    and federated queries (SERVICE) refused.

    \b
    Example:
        kg serve --port 8000
        curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=SELECT+*+WHERE+{?s+?p+?o}+LIMIT+3'
    """
    from kg.server import make_server

    server = make_server(out, host, port, timeout, workers, memory_mb, verbose)
    click.echo(f"SPARQL endpoint at {server.url} (Ctrl-C to stop)")
    try:
        with suppress(KeyboardInterrupt):
            server.serve_forever()
    finally:
        server.server_close()


OUTPUT = [click.option("--json", "fmt", flag_value="json", help="Print JSON."),
          click.option("--csv", "fmt", flag_value="csv", help="Print CSV."),
          click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
                       help="The build to ask.")]


def output_options(command):
    for option in reversed(OUTPUT):
        command = option(command)
    return command


def show(rows, fmt):
    from kg.tables import render, render_record

    click.echo(render_record(rows, fmt or "table") if isinstance(rows, dict) else render(rows, fmt or "table"))


ROLES = click.Choice([r.value for r in Role])
TYPES = click.Choice(["model", "hardware", "dataset", "method"], case_sensitive=False)


@cli.group()
def query():
    """Ask a build common questions without SPARQL (see `kg query COMMAND --help`).

    \b
    Example:
        kg query papers --uses LLaMA --uses "mobile SoC"
        kg query top --type hardware
    """


@query.command()
@click.option("--uses", multiple=True, help="An entity the paper links to (or anything under it); repeatable.")
@click.option("--role", multiple=True, type=ROLES, help="Only links in this role; repeatable.")
@click.option("--type", "entity_type", type=TYPES, help="Only links to entities of this type.")
@click.option("--since", help="First date, YYYY[-MM[-DD]].")
@click.option("--until", help="Last date, YYYY[-MM[-DD]].")
@click.option("--text", help="Words in the title or abstract.")
@output_options
@reports_errors
def papers(uses, role, entity_type, since, until, text, fmt, out):
    """Papers that match every filter.

    \b
    Example:
        kg query papers --uses LLaMA --uses "mobile SoC" --uses quantization
        kg query papers --uses "speculative decoding" --role runsOn --type hardware
    """
    import kg

    show(kg.load(out).papers(list(uses), list(role), entity_type, since, until, text), fmt)


@query.command()
@click.argument("name")
@output_options
@reports_errors
def entity(name, fmt, out):
    """What an entity is: aliases, family or class, members, papers, roles, what it appears with.

    \b
    Example:
        kg query entity CLIP
    """
    import kg

    show(kg.load(out).entity(name), fmt)


@query.command()
@click.option("--type", "entity_type", type=TYPES, required=True)
@click.option("--since", help="Only papers from this date on.")
@click.option("--role", multiple=True, type=ROLES, help="Only links in this role; repeatable.")
@click.option("--uses", multiple=True, help="Only among papers that use this entity (or anything under it).")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@output_options
@reports_errors
def top(entity_type, since, role, uses, limit, fmt, out):
    """The entities of a type linked to the most papers (with --uses, among the papers that use NAME).

    \b
    Example:
        kg query top --type hardware --role runsOn
        kg query top --type hardware --uses "speculative decoding"
        kg query top --type dataset --role evaluatedOn --uses "concept bottleneck model"
    """
    import kg

    show(kg.load(out).top(entity_type, since, list(role), limit, list(uses)), fmt)


@query.command()
@click.option("--type", "entity_type", type=TYPES, required=True)
@click.option("--with", "with_type", type=TYPES, required=True)
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@output_options
@reports_errors
def cooccur(entity_type, with_type, limit, fmt, out):
    """How often entities of one type appear in the same papers as entities of another.

    \b
    Example:
        kg query cooccur --type model --with hardware
    """
    import kg

    show(kg.load(out).cooccur(entity_type, with_type, limit), fmt)


@query.command()
@click.argument("paper")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@output_options
@reports_errors
def related(paper, limit, fmt, out):
    """Papers that share the most specific entities with PAPER (an id, arXiv id or title).

    \b
    Example:
        kg query related "Post-hoc Concept Bottleneck Models"
    """
    import kg

    show(kg.load(out).related(paper, limit), fmt)


@query.command()
@click.argument("a")
@click.argument("b")
@output_options
@reports_errors
def path(a, b, fmt, out):
    """How two entities are connected through papers.

    \b
    Example:
        kg query path CLIP "concept bottleneck model"
    """
    import kg

    show(kg.load(out).path(a, b), fmt)


@query.command()
@click.argument("name")
@click.option("--by", type=click.Choice(["year", "month"]), default="year", show_default=True)
@output_options
@reports_errors
def trend(name, by, fmt, out):
    """Papers per year or month that link to an entity (or anything under it).

    \b
    Example:
        kg query trend LoRA --by month
    """
    import kg

    show(kg.load(out).trend(name, by), fmt)


@cli.command()
@output_options
@reports_errors
def stats(fmt, out):
    """Counts of papers, entities and links, the largest connected part, and entities no paper names directly.

    \b
    Example:
        kg stats --json
    """
    import kg

    show(kg.load(out).stats(), fmt)


@cli.command()
@click.option("--entity", help="Centre the view on this entity (any alias).")
@click.option("--hops", type=click.IntRange(1, 4), default=1, show_default=True,
              help="With --entity: how many paper-steps away to reach.")
@click.option("--type", "types", multiple=True, type=TYPES, help="Only entities of this type; repeatable.")
@click.option("--role", "roles", multiple=True, type=ROLES, help="Only links in this role; repeatable.")
@click.option("--since", help="Only papers from this date on (YYYY[-MM[-DD]]).")
@click.option("--top", type=click.IntRange(1), help="The N most-linked entities and their papers.")
@click.option("--all", "whole", is_flag=True, help="The whole graph, however large.")
@click.option("--html", "target", type=click.Path(path_type=Path), help="Where to write the page [OUT/view.html].")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="The build to draw.")
@reports_errors
def viz(entity, hops, types, roles, since, top, whole, target, out):
    """Write an interactive HTML view of a build: a readable subset by default, or what the options select.

    \b
    Example:
        kg viz --entity CLIP --hops 1
        kg viz --type hardware --type model --since 2024 --top 30
    """
    import kg
    from kg.files import write_atomic
    from kg.html import explorer_html
    from kg.views import ViewSpec, select_view

    graph = kg.load(out)
    entity_id = graph.resolve(entity) if entity else None
    spec = ViewSpec(entity=entity, hops=hops, types=tuple(types), roles=tuple(roles), since=since, top=top,
                    whole=whole)
    view = select_view(graph.graph, spec, entity_id)
    target = target or out / "view.html"
    write_atomic(target, explorer_html(graph.graph, view).encode("utf-8"))
    click.echo(f"{view.description} Wrote {target}.")


@query.command()
@click.option("--hardware", help="Measured on this hardware (or anything under it: --hardware GPU).")
@click.option("--quantity", type=click.Choice(["latency", "throughput", "speed", "time", "memory", "storage", "energy",
                                               "cost", "flops", "parameters", "accuracy", "error", "data"]))
@click.option("--subject", help="About this entity (usually a paper's own method or model).")
@click.option("--kind", type=click.Choice(["speedup", "reduction", "improvement", "absolute"]))
@output_options
@reports_errors
def claims(hardware, quantity, subject, kind, fmt, out):
    """Quantitative claims ("4.86x faster on A100"), largest value first.

    \b
    Example:
        kg query claims --hardware H100 --quantity latency
        kg query claims --kind speedup --hardware GPU --csv
    """
    import kg

    show(kg.load(out).claims(hardware, quantity, subject, kind), fmt)

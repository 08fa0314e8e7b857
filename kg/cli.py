"""kg's command line: thin wrappers over kg.api that print with rich."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import api, config, nlp
from kg import graph as kg_graph
from kg import view as kg_view
from kg import export as exporters
from kg import query as sparql
from kg.executors import ExecutorError
from kg.export import push as gsp
from kg.graph.files import GraphFileError, read_dataset
from kg.extract.output import extract_paths
from kg.graph import GraphError
from kg.ingest import InputError
from kg.nlp import ModelError
from kg.resolve import AliasError
from kg.store import StoreError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="kg: turn news articles into a knowledge graph of who did what to whom, when, and says who.",
)
console = Console()
errors = Console(stderr=True)

ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="spaCy pipeline: package name or path. Default: `model` in kg.toml, else "
                 "$KG_SPACY_MODEL, else the first installed of en_core_web_trf, _lg, _md, _sm, else kg's shipped "
                 f"en_kg (here, without kg.toml: {nlp.pipeline_name()}). The build summary and the graph's "
                 "provenance name it."),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="kg.toml with defaults (model, aliases, base_iri); default ./kg.toml.")
]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line to stderr and return the Exit to raise."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def report_skipped(skipped) -> None:
    for item in skipped:
        errors.print(f"[yellow]skipped:[/] {item.source}: {item.reason}", highlight=False, soft_wrap=True)


def write_outputs(graph: api.KnowledgeGraph, out: Path) -> list[Path]:
    try:
        return api.write_outputs(graph, out)
    except OSError as error:
        raise fail(f"cannot write to {out}: {error.strerror or error}") from None


def load_settings(path: Path | None) -> config.Settings:
    try:
        return config.load(path)
    except ValueError as error:
        raise fail(str(error)) from None


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .md, .html, .jsonl).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for graph.ttl, graph.html, triples.csv.")],
    model: ModelOption = None,
    aliases: Annotated[Path | None, typer.Option(help="Your alias table (TOML or CSV): names to merge or split, "
                                                 "types, Wikidata ids; extends kg's (docs/graph-model.md).")] = None,
    base_iri: Annotated[str | None, typer.Option(help="Base IRI for entities and facts, absolute, ending in / or # "
                                                 "(default https://example.org/kg/).")] = None,
    config_file: ConfigOption = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Processes that parse in parallel; the "
                                         "output is the same for any number.")] = 1,
    executor: Annotated[str, typer.Option(help="Where parsing runs: local (--workers processes here) or dask "
                                          "(the Dask cluster at --scheduler).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address for --executor dask, e.g. "
                                                  "tcp://10.0.0.5:8786.")] = None,
    store: Annotated[Path | None, typer.Option(help="Keep the graph in this store folder, parsing only the articles "
                                               "it lacks; --out then gets the graph of every article in it.")] = None,
) -> None:
    """Build the knowledge graph of INPUTS and write it to --out."""
    settings = load_settings(config_file)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, transient=True) as bar:
        task = bar.add_task("parsing", total=None)
        try:
            graph = api.build(
                inputs,
                model=model or settings.model,
                aliases=aliases or settings.aliases,
                base_iri=base_iri or settings.base_iri,
                workers=workers,
                executor=executor,
                scheduler=scheduler,
                store=store,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except (InputError, ModelError, AliasError, GraphError, StoreError, ExecutorError) as error:
            raise fail(str(error)) from None
    report_skipped(graph.skipped)
    written = write_outputs(graph, out)
    table = Table(title=f"kg build → {out}", show_header=False)
    for name, value in graph.summary.items():
        table.add_row(name, str(value))
    table.add_row("outputs", ", ".join(path.name for path in written))
    console.print(table)


@app.command()
def remove(
    articles: Annotated[list[str], typer.Argument(metavar="DOC_ID...", help="Ids (d + 16 hex digits, as in "
                                                  "schema:identifier) or sources (paths) of the articles to drop.")],
    store: Annotated[Path, typer.Option(help="The store folder of kg build --store.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also rewrite graph.ttl, graph.html, triples.csv "
                                             "in this folder.")] = None,
    model: ModelOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Drop articles from a store: their named graphs, and the entities and edges only they supported."""
    settings = load_settings(config_file)
    try:
        graph = api.remove(store, articles, model=model or settings.model, aliases=settings.aliases,
                           base_iri=settings.base_iri)
    except (ModelError, AliasError, GraphError, StoreError, ExecutorError) as error:
        raise fail(str(error)) from None
    written = write_outputs(graph, out) if out is not None else []
    table = Table(title=f"kg remove → {store}", show_header=False)
    table.add_row("removed", str(len(articles)))
    for name, value in graph.summary.items():
        table.add_row(name, str(value))
    if written:
        table.add_row("outputs", ", ".join(path.name for path in written))
    console.print(table)


GraphArgument = Annotated[Path, typer.Argument(help="Graph file (.ttl, .trig, .nt, .nq, .jsonld) or Oxigraph store folder.")]


@app.command()
def query(
    query_file_or_text: Annotated[str, typer.Argument(metavar="QUERY", help="A .sparql file (see queries/), or SPARQL text.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Graph file or Oxigraph store folder.")] = Path("out/graph.ttl"),
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, csv (SPARQL CSV) or json (SPARQL JSON).")] = "table",
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value, bound to ?name as an RDF term "
                     "(<iri>, prefix:name, \"text\"@en, 2024-06-01, 42; else a string). Repeatable.")] = None,
    engine: Annotated[str, typer.Option(help="oxigraph (fast) or rdflib.")] = "oxigraph",
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Page size: every LIMIT of the query "
                     "becomes N (shipped queries read 100 rows); 0 for all rows.")] = None,
) -> None:
    """Run a SPARQL query on a built graph; parameters are bound as RDF terms, never pasted into the text."""
    if output_format not in sparql.OUTPUT_FORMATS:
        raise fail(f"unknown --format {output_format!r}; choose one of: {', '.join(sparql.OUTPUT_FORMATS)}")
    if engine not in sparql.ENGINES:
        raise fail(f"unknown --engine {engine!r}; choose one of: {', '.join(sparql.ENGINES)}")
    try:
        text, source = sparql.read_query(query_file_or_text)
        prefixes = sparql.prefixes_of(text)
        params = dict(sparql.parse_param(item, prefixes) for item in param or [])
        loaded = sparql.load(graph, engine=engine)
        started = time.perf_counter()
        result = sparql.run(text, loaded, params=params, source=source, limit=limit)
        elapsed = time.perf_counter() - started
    except (sparql.QueryError, GraphFileError) as error:
        raise fail(str(error)) from None
    if output_format == "csv":
        sys.stdout.write(sparql.to_csv(result))
    elif output_format == "json":
        sys.stdout.write(sparql.to_json(result))
    elif result.boolean is not None:
        console.print(str(result.boolean).lower())
    else:
        table = Table(*result.variables, title=source if source != "query" else None, highlight=False)
        for row in sparql.cells(result, prefixes):
            table.add_row(*row)
        console.print(table)
        errors.print(f"{len(result.rows)} rows in {elapsed * 1000:.1f} ms ({engine})", highlight=False)


@app.command("export")
def export_graph(
    graph: GraphArgument,
    to: Annotated[str, typer.Option("--to", "-t", help="Format: " + ", ".join(e.name for e in exporters.EXPORTERS) + ".")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file for one-file formats; the folder that gets "
                   "neo4j/ or graphdb/ for those.")],
) -> None:
    """Write the graph in a format another tool loads (RDF, Neo4j, GraphDB, GraphML, GEXF, node-link JSON)."""
    try:
        exporter = exporters.get(to)
        files = exporter.render(read_dataset(graph))
    except (ValueError, GraphFileError) as error:
        raise fail(str(error)) from None
    single = len(files) == 1 and not out.is_dir()
    targets = {name: out if single else out / name for name in files}
    try:
        for name, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            api.atomic_write(target, files[name])
    except OSError as error:
        raise fail(f"cannot write to {out}: {error.strerror or error}") from None
    for target in targets.values():
        console.print(f"wrote {target}", highlight=False)


@app.command()
def push(
    graph: GraphArgument,
    sparql_endpoint: Annotated[str, typer.Option("--sparql-endpoint", help="Graph Store Protocol URL, e.g. "
                               "http://localhost:7200/repositories/kg/rdf-graphs/service.")],
    graph_iri: Annotated[str | None, typer.Option("--graph", help="Put everything into this one graph "
                         "(default: each article's graph under its own IRI).")] = None,
    default_graph: Annotated[str | None, typer.Option("--default-graph", help="Graph for the triples outside any "
                             "article graph (default: the endpoint's default graph; Virtuoso needs this).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the HTTP requests instead of sending them.")] = False,
    user: Annotated[str | None, typer.Option(help="User name, if the endpoint asks for a login.")] = None,
    password: Annotated[str | None, typer.Option(envvar="KG_PUSH_PASSWORD", help="Password (or $KG_PUSH_PASSWORD).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each request.")] = 60.0,
) -> None:
    """Load the graph into a triple store over the SPARQL 1.1 Graph Store Protocol (PUT replaces each graph)."""
    try:
        uploads = gsp.plan(read_dataset(graph), sparql_endpoint, graph=graph_iri, default_graph=default_graph)
        if dry_run:
            sys.stdout.write("\n\n".join(upload.request_text for upload in uploads))
            return
        gsp.send(uploads, user=user, password=password, timeout=timeout)
    except (GraphFileError, gsp.PushError) as error:
        raise fail(str(error)) from None
    triples = sum(upload.triples for upload in uploads)
    console.print(f"pushed {triples} triples in {len(uploads)} graphs to {sparql_endpoint}", highlight=False)


@app.command("view")
def view_graph(
    graph: Annotated[Path, typer.Argument(help="Graph from kg build (.ttl, .trig, .nt, .nq, .jsonld, Oxigraph store) "
                                          "or node-link JSON from kg export.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    max_nodes: Annotated[int | None, typer.Option("--max-nodes", help="Draw at most N entities, the most connected.")] = None,
    focus: Annotated[str | None, typer.Option(help="Draw only the neighbourhood of this entity (name, alias or IRI).")] = None,
    hops: Annotated[int, typer.Option(help="With --focus: how many steps from the entity.")] = 2,
) -> None:
    """Write the interactive, offline HTML page of a graph, or of the part of it you want to explore."""
    try:
        if graph.suffix == ".json":
            entities = nx.node_link_graph(json.loads(graph.read_text(encoding="utf-8")), edges="edges")
        else:
            entities = kg_graph.to_networkx(read_dataset(graph))
        page = kg_view.render_html(entities, max_nodes=max_nodes, focus=focus, hops=hops)
    except OSError as error:
        raise fail(f"{graph}: cannot read: {error.strerror or error}") from None
    except (json.JSONDecodeError, KeyError, nx.NetworkXError) as error:
        raise fail(f"{graph}: not a node-link JSON graph: {error}") from None
    except ValueError as error:  # GraphFileError names the file; bad --max-nodes/--focus/--hops
        raise fail(str(error)) from None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        api.atomic_write(out, page)
    except OSError as error:
        raise fail(f"cannot write to {out}: {error.strerror or error}") from None
    console.print(f"wrote {out}", highlight=False)


@app.command("extract")
def extract_facts(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders; with --format carb, text files "
                                                 "with one sentence a line.")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl (one fact a line), csv, or carb "
                                        "(Open IE tuples in CaRB's tab format).")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")] = None,
    tokenized: Annotated[bool, typer.Option("--tokenized", help="With --format carb: the lines are tokenized "
                                            "(words separated by spaces, as in CaRB); keep those tokens.")] = False,
    model: ModelOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Extract facts (subject, relation, object, negation, modality, attribution, time, place) without building a graph."""
    settings = load_settings(config_file)
    try:
        text, skipped = extract_paths(inputs, format=format, model=model or settings.model, tokenized=tokenized)
    except (InputError, ModelError, ValueError) as error:
        raise fail(str(error)) from None
    report_skipped(skipped)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        api.atomic_write(out, text)
    except OSError as error:
        raise fail(f"cannot write to {out}: {error.strerror or error}") from None
    errors.print(f"wrote {out}", highlight=False)

def main() -> None:
    app()

"""kg's command line: parses arguments, calls kg.api, prints. Nothing else happens here.

Every message is printed as text, never as Rich markup (an article's name, a path or an error may
hold brackets: `[draft] notes.sparql`, `pip install 'kg[dask]'`). A KgError from the API is printed
as one `error:` line and exits 1; any other exception is a bug in kg and keeps its traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table
from rich.text import Text

from kg import api

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
                 f"en_kg (here, without kg.toml: {api.default_pipeline()}). The build summary and the graph's "
                 "provenance name it."),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="kg.toml with defaults (any option of kg.config.Options); "
                              "default ./kg.toml.")
]
GraphArgument = Annotated[Path, typer.Argument(help="Graph file (.ttl, .trig, .nt, .nq, .jsonld) or Oxigraph store "
                                               "folder.")]


def say(message: str, *, style: str | None = None, to: Console = console) -> None:
    """Print `message` as it is: text, never markup."""
    to.print(Text(message, style=style or ""), soft_wrap=True)


def warn(label: str, message: str, style: str) -> None:
    errors.print(Text.assemble((label, style), " ", message), soft_wrap=True)


def one_line_errors(command: Callable) -> Callable:
    """Run a command; a KgError becomes one `error:` line on stderr and exit status 1."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except api.KgError as error:
            warn("error:", str(error), "bold red")
            raise typer.Exit(1) from None

    return run


def report_skipped(skipped) -> None:
    for item in skipped:
        warn("skipped:", f"{item.source}: {item.reason}", "yellow")


def summary_table(title: str, rows: list[tuple[str, object]]) -> Table:
    table = Table(title=Text(title), show_header=False)
    for name, value in rows:
        table.add_row(Text(name), Text(str(value)))
    return table


@app.command()
@one_line_errors
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .md, .html, .jsonl).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for graph.ttl, graph.html, triples.csv.")],
    model: ModelOption = None,
    aliases: Annotated[Path | None, typer.Option(help="Your alias table (TOML or CSV): names to merge or split, "
                                                 "types, Wikidata ids; extends kg's (docs/graph-model.md).")] = None,
    schema: Annotated[Path | None, typer.Option(help="Your relation schema (TOML): more relations and synonyms, "
                                                "renames, which relations and entity types make plain edges "
                                                "(docs/schema.md).")] = None,
    base_iri: Annotated[str | None, typer.Option(help="Base IRI for entities and facts, absolute, ending in / or # "
                                                 "(default https://example.org/kg/).")] = None,
    config_file: ConfigOption = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1, help="Processes that parse in parallel; "
                                                "the output is the same for any number (default: one per core, at most 4, on Linux; else 1).")] = None,
    executor: Annotated[str | None, typer.Option(help="Where parsing runs: local (--workers processes here) or dask "
                                                 "(the Dask cluster at --scheduler); default local.")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address for --executor dask, e.g. "
                                                  "tcp://10.0.0.5:8786.")] = None,
    store: Annotated[Path | None, typer.Option(help="Keep the graph in this store folder, parsing only the articles "
                                               "it lacks; --out then gets the graph of every article in it.")] = None,
    min_confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Plain edges only for facts of at "
                                                         "least this confidence; the rest stay statements (default "
                                                         "0, or min_confidence in kg.toml).")] = None,
    all_statements: Annotated[bool, typer.Option("--all-statements", help="triples.csv lists every fact (claims, "
                                                 "denials, ...), not only the plain ones, with why each is not "
                                                 "asserted.")] = False,
) -> None:
    """Build the knowledge graph of INPUTS and write it to --out."""
    options = api.load_options(config_file, model=model, aliases=aliases, schema=schema, base_iri=base_iri,
                               workers=workers, executor=executor, scheduler=scheduler, min_confidence=min_confidence)
    with api.locked_output(out):
        # A bar on a terminal only: into a file or pipe, Rich would leave a blank line above the messages.
        # Redrawn on each article rather than by a thread of its own: the workers fork from a process without threads.
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=errors, transient=True, disable=not errors.is_terminal, auto_refresh=False) as bar:
            task = bar.add_task("parsing", total=None)
            graph = api.build(inputs, options=options, store=store, progress=lambda done, total: bar.update(
                task, completed=done, total=total, refresh=True))
        report_skipped(graph.skipped)
        written = api.write_outputs(graph, out, page_entities=options.page_entities, all_statements=all_statements)
    rows = [*graph.summary.items(), ("outputs", ", ".join(path.name for path in written))]
    console.print(summary_table(f"kg build → {out}", rows))


@app.command()
@one_line_errors
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
    options = api.load_options(config_file, model=model)
    graph = api.remove(store, articles, options=options)
    written = api.write_outputs(graph, out, page_entities=options.page_entities) if out is not None else []
    rows = [("removed", len(articles)), *graph.summary.items()]
    if written:
        rows.append(("outputs", ", ".join(path.name for path in written)))
    console.print(summary_table(f"kg remove → {store}", rows))


@app.command()
@one_line_errors
def query(
    query_file_or_text: Annotated[str, typer.Argument(metavar="QUERY", help="A .sparql file (see queries/), or SPARQL "
                                                      "text.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Graph file or Oxigraph store folder.")] = Path(
        "out/graph.ttl"),
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, csv (SPARQL CSV) or json (SPARQL "
                                               "JSON).")] = "table",
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value, bound to ?name as an RDF term "
                     "(<iri>, prefix:name, \"text\"@en, 2024-06-01, 42; else a string). Repeatable.")] = None,
    engine: Annotated[str | None, typer.Option(help="oxigraph (fast, the default) or rdflib.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Page size: every LIMIT of the query "
                     "becomes N (shipped queries read 100 rows); 0 for all rows.")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Run a SPARQL query on a built graph; parameters are bound as RDF terms, never pasted into the text."""
    if output_format not in api.QUERY_OUTPUTS:
        raise api.UsageError(f"unknown --format {output_format!r}; choose one of: {', '.join(api.QUERY_OUTPUTS)}")
    answer = api.query(query_file_or_text, graph, params=param or [], engine=engine, limit=limit,
                       options=api.load_options(config_file))
    result = answer.result
    if output_format == "csv":
        sys.stdout.write(answer.to_csv())
    elif output_format == "json":
        sys.stdout.write(answer.to_json())
    elif result.boolean is not None:
        say(str(result.boolean).lower())
    else:
        table = Table(*(Column(header=Text(name)) for name in result.variables),
                      title=Text(answer.source) if answer.source != "query" else None, highlight=False)
        for row in answer.cells():
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        say(f"{len(result.rows)} rows in {answer.seconds * 1000:.1f} ms ({answer.engine})", to=errors)


@app.command("export")
@one_line_errors
def export_graph(
    graph: GraphArgument,
    to: Annotated[str, typer.Option("--to", "-t", help="Format: " + ", ".join(e.name for e in api.EXPORTERS) + ".")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file for one-file formats; the folder that gets "
                   "neo4j/, kuzu/ or graphdb/ for those.")],
) -> None:
    """Write the graph in a format another tool loads (RDF, Neo4j, GraphDB, GraphML, GEXF, node-link JSON)."""
    for target in api.export(graph, to, out):
        say(f"wrote {target}")


@app.command()
@one_line_errors
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
    pushed = api.push(graph, sparql_endpoint, graph_iri=graph_iri, default_graph=default_graph, user=user,
                      password=password, timeout=timeout, dry_run=dry_run)
    if dry_run:
        sys.stdout.write("\n\n".join(pushed.requests))
        return
    say(f"pushed {pushed.triples} triples in {pushed.graphs} graphs to {sparql_endpoint}")


@app.command("view")
@one_line_errors
def view_graph(
    graph: Annotated[Path, typer.Argument(help="Graph from kg build (.ttl, .trig, .nt, .nq, .jsonld, Oxigraph store) "
                                          "or node-link JSON from kg export.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    max_nodes: Annotated[int | None, typer.Option("--max-nodes", help="Draw at most N entities, the most important (named ones first).")] = None,
    focus: Annotated[str | None, typer.Option(help="Draw only the neighbourhood of this entity (name, alias or IRI).")] = None,
    hops: Annotated[int, typer.Option(help="With --focus: how many steps from the entity.")] = 2,
) -> None:
    """Write the interactive, offline HTML page of a graph, or of the part of it you want to explore."""
    say(f"wrote {api.view(graph, out, max_nodes=max_nodes, focus=focus, hops=hops)}")


@app.command("extract")
@one_line_errors
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
    extracted = api.extract(inputs, format=format, tokenized=tokenized,
                            options=api.load_options(config_file, model=model))
    report_skipped(extracted.skipped)
    if out is None:
        sys.stdout.write(extracted.text)
        return
    say(f"wrote {api.write_text(out, extracted.text)}", to=errors)


def main() -> None:
    app()

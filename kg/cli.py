"""kg's command line: thin wrappers over kg.api that print with rich."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import api, config
from kg.ingest import InputError
from kg.nlp import ModelError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()
errors = Console(stderr=True)

ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="spaCy pipeline: package name or path (default: kg's shipped pipeline, "
                 "or $KG_SPACY_MODEL, or `model` in kg.toml)."),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="kg.toml with defaults (model, aliases, base_iri); default ./kg.toml.")
]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line to stderr and return the Exit to raise."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


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
    aliases: Annotated[Path | None, typer.Option(help="Extra alias table (TOML or CSV).")] = None,
    base_iri: Annotated[str | None, typer.Option(help="Base IRI for entities and facts.")] = None,
    config_file: ConfigOption = None,
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
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except (InputError, ModelError) as error:
            raise fail(str(error)) from None
    for item in graph.skipped:
        errors.print(f"[yellow]skipped:[/] {item.source}: {item.reason}", highlight=False, soft_wrap=True)
    try:
        written = api.write_outputs(graph, out)
    except OSError as error:
        raise fail(f"cannot write to {out}: {error.strerror or error}") from None
    table = Table(title=f"kg build → {out}", show_header=False)
    for name, value in graph.summary.items():
        table.add_row(name, str(value))
    table.add_row("outputs", ", ".join(path.name for path in written))
    console.print(table)


def main() -> None:
    app()

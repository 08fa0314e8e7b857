"""How fast the shipped queries run on Oxigraph and rdflib.

    python -m bench.queries [GRAPH] [--copies N] [--repeat R] [--engines oxigraph,rdflib]

Loads GRAPH (default out/graph.ttl) N times over, each copy under its own IRIs (so the graph is
N times bigger with the same shape), then prints the load time per engine and, for every file in
queries/, its number of rows and the median time of R runs per engine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kg import query
from kg.graph.ontology import KG_NAMESPACE
from kg.graph.rdf import DEFAULT_BASE_IRI

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.sparql"))
SHARED_NAMESPACES = (KG_NAMESPACE, DEFAULT_BASE_IRI + "relation/")


def copied(path: Path, copies: int) -> Path:
    """An N-Quads file with `copies` copies of the graph, the kg IRIs of copy k moved under <base>c<k>/."""
    quads = list(ox.parse(path=str(path)))

    def moved(term, copy: int):
        if isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE_IRI) \
                and not term.value.startswith(SHARED_NAMESPACES):
            return ox.NamedNode(f"{DEFAULT_BASE_IRI}c{copy}/{term.value[len(DEFAULT_BASE_IRI):]}")
        return term

    output = Path(tempfile.mkdtemp()) / "graph.nq"
    ox.serialize((ox.Quad(moved(q.subject, k), q.predicate, moved(q.object, k), moved(q.graph_name, k))
                  for k in range(copies) for q in quads), output, ox.RdfFormat.N_QUADS)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", type=Path, default=ROOT / "out" / "graph.ttl")
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engines", default=",".join(query.ENGINES))
    arguments = parser.parse_args()
    engines = arguments.engines.split(",")
    source = copied(arguments.graph, arguments.copies) if arguments.copies > 1 else arguments.graph

    console = Console()
    loaded, load_seconds = {}, {}
    for engine in engines:
        started = time.perf_counter()
        loaded[engine] = query.load(source, engine=engine)
        load_seconds[engine] = time.perf_counter() - started
    quads = len(list(ox.parse(path=str(source))))
    console.print(f"{arguments.graph} x{arguments.copies}: {quads} quads; load "
                  + ", ".join(f"{engine} {seconds:.2f} s" for engine, seconds in load_seconds.items()))

    table = Table("query", "rows", *(f"{engine} ms" for engine in engines), title="median of "
                  f"{arguments.repeat} runs")
    for path in QUERIES:
        text = path.read_text(encoding="utf-8")
        times, rows = {}, 0
        for engine in engines:
            runs = []
            for _ in range(arguments.repeat):
                started = time.perf_counter()
                rows = len(query.run(text, loaded[engine], source=path.name).rows)
                runs.append(time.perf_counter() - started)
            times[engine] = statistics.median(runs) * 1000
        table.add_row(path.stem, str(rows), *(f"{times[engine]:.1f}" for engine in engines))
    console.print(table)


if __name__ == "__main__":
    main()

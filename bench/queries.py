"""How fast the shipped queries run on Oxigraph and rdflib.

    python -m bench.queries [GRAPH] [--copies N] [--repeat R] [--engines oxigraph,rdflib]
    python -m bench.queries --articles 1250 [--work DIR]      # a 1,000,000-triple store
    python -m bench.queries --store DIR                       # any on-disk Oxigraph store

Loads GRAPH (default out/graph.ttl) N times over, each copy under its own IRIs (so the graph is
N times bigger with the same shape), then prints the load time per engine and, for every file in
queries/, its number of rows and the median time of R runs per engine.

With --articles, builds a corpus of that many articles (bench.corpus; 1,250 give about a million
triples) with 2 workers, bulk-loads its graph.ttl into an on-disk Oxigraph store, and times every
shipped query there as bench.throughput does: unbound (its first page) and with the parameters of
bench.throughput.BOUND_PARAMETERS, median of 3 runs, each query in a fresh process. The corpus,
the build and the store are kept in --work and reused by the next run. --store times a store
that exists.
"""

from __future__ import annotations

import argparse
import os
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


def store_of(articles: int, work: Path) -> Path:
    """The on-disk Oxigraph store of a corpus of `articles` articles in `work`, built and loaded once."""
    from bench import corpus, throughput

    folder, out = work / f"store-{articles}", work / f"out-{articles}"
    if not (folder / "CURRENT").exists():
        if not (out / "graph.ttl").exists():
            corpus_file = corpus.write_jsonl(corpus.generate(articles), work / f"corpus-{articles}.jsonl")
            figures = throughput.run_build(corpus_file, out, 2, None)
            print(f"built {articles} articles in {figures['seconds']:.0f} s: {figures['triples']:,} triples")
        seconds, quads = throughput.load_store(out / "graph.ttl", folder)
        print(f"loaded {quads:,} quads into {folder} in {seconds:.1f} s")
    return folder


def time_store(folder: Path, console: Console) -> None:
    """Every shipped query on the store at `folder`, unbound and bound, as bench.throughput times them."""
    from bench import throughput

    store = ox.Store.read_only(str(folder))
    quads = len(store)
    del store
    unbound, bound = throughput.time_queries(folder, bound=False), throughput.time_queries(folder, bound=True)
    table = Table("query", "ms unbound", "rows", "ms bound", "rows", "bound to",
                  title=f"{folder}: {quads:,} quads; median of {throughput.QUERY_REPEATS} runs; load average "
                        + " ".join(f"{load:.1f}" for load in os.getloadavg()))
    for path in QUERIES:
        cells = []
        for result in (unbound[path.stem], bound[path.stem]):
            timed_out = [f"> {throughput.QUERY_TIMEOUT} s", ""]
            cells += timed_out if result is None else [f"{result[1]:.1f}", f"{result[0]:,}"]
        table.add_row(path.stem, *cells, " ".join(throughput.BOUND_PARAMETERS[path.stem]))
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", type=Path, default=ROOT / "out" / "graph.ttl")
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engines", default=",".join(query.ENGINES))
    parser.add_argument("--articles", type=int, help="time the queries on a store of a corpus this big")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-queries",
                        help="where --articles keeps its corpus, build and store")
    parser.add_argument("--store", type=Path, help="time the queries on this on-disk Oxigraph store")
    arguments = parser.parse_args()
    if arguments.articles or arguments.store:
        arguments.work.mkdir(parents=True, exist_ok=True)
        time_store(arguments.store or store_of(arguments.articles, arguments.work), Console(width=160))
        return
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

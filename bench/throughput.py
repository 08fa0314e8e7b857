"""End-to-end throughput, memory and query time of kg build on archives of 10 to 10,000 articles.

    python -m bench.throughput [--sizes 10,100,1000,10000] [--workers 1,2] [--model PATH] [--json FILE]

For each size, a corpus from bench.corpus (seeds, GUM news, CaRB sentences; distinct ids) is
built from ingest to graph.ttl in a fresh process, once per worker count. Printed per run:
documents, words, seconds, words/s, cost per word relative to the smallest size, peak memory
(sum of the proportional set size of the build process and its workers, sampled every 0.2 s),
triples, facts, and the seconds of each stage. Then graph.ttl of each size is bulk-loaded into
an on-disk Oxigraph store and every shipped query (queries/*.sparql) is timed there, unbound
(its first page: the queries that list many rows read 100) and with typical parameters bound,
median of 3 runs, each query in its own process with a time limit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from bench import corpus

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.sparql"))
DEFAULT_SIZES = (10, 100, 1000, 10000)
SAMPLE_SECONDS = 0.2
QUERY_REPEATS = 3
QUERY_TIMEOUT = 60  # seconds per query (all its runs); slower ones are reported as such
# Typical use: each query with its parameters bound (`kg query FILE --param ...`), to entities the
# benchmark corpora mention (the seeds are among their sources).
BOUND_PARAMETERS = {
    "articles": [],
    "conflicting-claims": ['subjectName="Ukraine"'],
    "denials": ['subjectName="Russia"'],
    "entities-by-type": ["type=kg:Person"],
    "facts-about": ['name="Dmitry Peskov"'],
    "facts-in-date-range": ["from=2024-05-01", "to=2024-06-30"],
    "multi-source-facts": ['subjectName="Russia"'],
    "neighbours": ['name="Ukraine"'],
    "relations": ['relation="use"'],
    "roles": ['name="Dmitry Peskov"'],
    "says-who": ['subjectName="Ukraine"'],
    "statements-by": ['speakerName="Dmitry Peskov"'],
    "who-authorized-whom": ['authorizerName="Norway"', 'authorizedName="Kyiv"'],
    "wikidata-links": ['name="Russia"'],
}


def run_build(corpus_file: Path, out: Path, workers: int, model: str | None) -> dict:
    """Build corpus_file into out/graph.ttl in a child process; its figures plus peak memory."""
    command = [sys.executable, "-m", "bench.throughput", "--one", str(corpus_file), "--out", str(out),
               "--workers", str(workers)] + (["--model", model] if model else [])
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    process, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        peak = max(peak, tree_memory(process))
        time.sleep(SAMPLE_SECONDS)
    output = child.stdout.read()
    if child.returncode != 0:
        raise RuntimeError(f"build of {corpus_file} with {workers} workers failed (exit {child.returncode})")
    figures = json.loads(output.strip().splitlines()[-1])
    figures["peak_mb"] = peak / 2**20
    return figures


def tree_memory(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def build_one(corpus_file: Path, out: Path, workers: int, model: str | None) -> dict:
    """The measured run (in the child): kg.build, then graph.ttl written; prints its figures as JSON."""
    from kg import api

    started = time.perf_counter()
    graph = api.build([corpus_file], model=model, workers=workers)
    built = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    api.atomic_write(out / "graph.ttl", graph.write_turtle)
    finished = time.perf_counter()
    return {
        "documents": len(graph.documents),
        "words": sum(len(document.text.split()) for document in graph.documents),
        "seconds": finished - started,
        "stages": {**graph.stage_seconds, "turtle": finished - built},
        "triples": len(graph.quads),
        "facts": len(graph.facts),
        "skipped": len(graph.skipped),
    }


def load_store(graph_file: Path, folder: Path) -> tuple[float, int]:
    """graph.ttl bulk-loaded into an on-disk Oxigraph store at `folder`: seconds taken, quads."""
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(folder))
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    store.flush()
    seconds, quads = time.perf_counter() - started, len(store)
    del store  # closes the database so the query processes can open it
    return seconds, quads


def time_queries(folder: Path, *, bound: bool) -> dict[str, tuple[int, float] | None]:
    """Per shipped query (rows, median ms) on the store at `folder`, unbound or with BOUND_PARAMETERS,
    each in its own process with a time limit; None for a query slower than QUERY_TIMEOUT seconds."""
    results = {}
    for path in QUERIES:
        command = [sys.executable, "-m", "bench.throughput", "--query-store", str(folder), "--query", str(path)]
        if bound:
            command += [f"--param={parameter}" for parameter in BOUND_PARAMETERS[path.stem]]
        try:
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=QUERY_TIMEOUT,
                                  check=True)
        except subprocess.TimeoutExpired:
            results[path.stem] = None
            continue
        rows, milliseconds = json.loads(done.stdout.strip().splitlines()[-1])
        results[path.stem] = (rows, milliseconds)
    return results


def run_query(folder: Path, path: Path, parameters: list[str]) -> tuple[int, float]:
    """(rows, median ms of QUERY_REPEATS runs) of one query (in the child process)."""
    from kg import query

    store = query.load(folder)
    text = path.read_text(encoding="utf-8")
    params = dict(query.parse_param(parameter, query.prefixes_of(text)) for parameter in parameters)
    runs, rows = [], 0
    for _ in range(QUERY_REPEATS):
        started = time.perf_counter()
        rows = len(query.run(text, store, params=params, source=path.name).rows)
        runs.append(time.perf_counter() - started)
    return rows, statistics.median(runs) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated corpus sizes")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: $KG_SPACY_MODEL or kg's shipped one)")
    parser.add_argument("--json", type=Path, default=None, help="also write all figures here")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs (default: temporary)")
    parser.add_argument("--no-queries", action="store_true", help="build only; do not time the queries")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child process's corpus
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query-store", type=Path, help=argparse.SUPPRESS)  # the query child's store
    parser.add_argument("--query", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--param", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(build_one(args.one, args.out, int(args.workers), args.model)))
        return
    if args.query_store:
        print(json.dumps(run_query(args.query_store, args.query, args.param)))
        return

    console = Console(width=200)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    worker_counts = [int(count) for count in args.workers.split(",")]
    console.print(f"model: {args.model or os.environ.get('KG_SPACY_MODEL') or 'shipped'}; {psutil.cpu_count()} "
                  f"cores; load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}; work folder {work}")
    runs, queries = [], {}
    for size in sizes:
        corpus_file = corpus.write_jsonl(corpus.generate(size), work / f"corpus-{size}.jsonl")
        for workers in worker_counts:
            out = work / f"out-{size}-{workers}"
            figures = run_build(corpus_file, out, workers, args.model)
            figures.update(size=size, workers=workers, words_per_second=figures["words"] / figures["seconds"])
            runs.append(figures)
            console.print(f"{size} documents, {workers} workers: {figures['seconds']:.1f} s, "
                          f"{figures['words_per_second']:,.0f} words/s, {figures['peak_mb']:,.0f} MB", highlight=False)
        if not args.no_queries:
            folder = work / f"store-{size}"
            load_seconds, quads = load_store(work / f"out-{size}-{worker_counts[-1]}" / "graph.ttl", folder)
            queries[size] = (load_seconds, quads, time_queries(folder, bound=False), time_queries(folder, bound=True))

    table = Table(title="kg build, ingest to graph.ttl")
    for column in ("documents", "workers", "words", "seconds", "words/s", "per word vs first", "peak MB",
                   "triples", "facts", "parse+extract s", "resolve s", "graph s", "Turtle s", "skipped"):
        table.add_column(column, justify="right")
    first = {}
    for run in runs:
        per_word = run["seconds"] / run["words"]
        first.setdefault(run["workers"], per_word)
        table.add_row(f"{run['documents']:,}", str(run["workers"]), f"{run['words']:,}", f"{run['seconds']:.1f}",
                      f"{run['words_per_second']:,.0f}", f"{per_word / first[run['workers']]:.2f}x",
                      f"{run['peak_mb']:,.0f}", f"{run['triples']:,}", f"{run['facts']:,}",
                      *(f"{run['stages'][stage]:.1f}" for stage in ("analyse", "resolve", "graph", "turtle")),
                      str(run["skipped"]))
    console.print(table)

    for title, column in (("unbound: the first page", 2), ("parameters bound as in BOUND_PARAMETERS", 3)) if queries else ():
        timing = Table(title=f"shipped queries ({title}) on an on-disk Oxigraph store of graph.ttl, median of "
                             f"{QUERY_REPEATS} runs: ms (rows)")
        timing.add_column("query")
        for size in queries:
            timing.add_column(f"{size:,} docs", justify="right")
        timing.add_row("load s / triples", *(f"{queries[size][0]:.1f} s / {queries[size][1]:,}" for size in queries))
        for path in QUERIES:
            timing.add_row(path.stem, *(_query_cell(queries[size][column][path.stem]) for size in queries))
        console.print(timing)
    console.print(f"load average at the end: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "queries": {str(size): value for size, value in
                                                                   queries.items()}}, indent=2) + "\n")


def _query_cell(result: tuple[int, float] | None) -> str:
    return f"> {QUERY_TIMEOUT} s" if result is None else f"{result[1]:.1f} ({result[0]:,})"


if __name__ == "__main__":
    main()

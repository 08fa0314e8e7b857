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

    python -m bench.throughput --ratio [--sizes 400,10000] [--workers 2] [--repeats 2]

The cost of kg beside the parser's, on the same documents, in one run: a fresh process that
loads the pipeline and runs the bare `nlp.pipe(texts, n_process=WORKERS)`, and a fresh process
running `kg build CORPUS --out OUT --workers WORKERS` (every output written), each timed from
start to exit (best of --repeats) with its peak memory; bare_s / kg_s is the ratio (target
>= 0.8). Then where kg's time goes: every stage run one after another in one process on the
same documents (import, load, parse, extract, resolve, graph, Turtle, HTML, CSV), in CPU seconds,
which other load on the machine changes little.

    python -m bench.throughput --first-build [--repeats 5]

A newcomer's first command, `kg build seeds/ --out OUT` (no options: the default workers), timed
from start to exit in a fresh process --repeats times, each into a fresh folder; prints every wall
time, the median (target < 2 s) and the load average before and after. Byte code of kg's modules
is compiled first, as `pip install` does.
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
RATIO_SIZES = (400,)
RATIO_REPEATS = 2
FIRST_BUILD_REPEATS = 5
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
    _, peak_mb, output = run_measured(command, f"build of {corpus_file} with {workers} workers")
    figures = json.loads(output.strip().splitlines()[-1])
    figures["peak_mb"] = peak_mb
    return figures


def run_measured(command: list[str], what: str) -> tuple[float, float, str]:
    """Run command to its end: wall seconds from start to exit, peak memory in MB (the proportional
    set size of the process and its children, sampled every SAMPLE_SECONDS), and its output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as output:
        child = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.DEVNULL, text=True)
        process, peak = psutil.Process(child.pid), 0
        while child.poll() is None:
            peak = max(peak, tree_memory(process))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        if child.returncode != 0:
            raise RuntimeError(f"{what} failed (exit {child.returncode}): {' '.join(command)}")
        output.seek(0)
        return seconds, peak / 2**20, output.read()


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


# --- bare parse against kg build (--ratio) --------------------------------------------------------

RATIO_TARGET = 0.8  # bare parse seconds / kg build seconds
STAGES = ("import", "load", "parse", "extract", "resolve", "graph", "turtle", "html", "csv")


def bare_parse(corpus_file: Path, workers: int, model: str | None) -> dict:
    """(In the child) the floor kg builds on: the pipeline loaded and nlp.pipe run over the documents'
    texts, nothing kept."""
    from kg import config, ingest, nlp

    documents, _ = ingest.read([corpus_file])
    started = time.perf_counter()
    pipeline = nlp.load(model)
    loaded = time.perf_counter()
    for _ in pipeline.pipe((document.text for document in documents), batch_size=config.Options.batch_size,
                           n_process=workers):
        pass
    return {"load": loaded - started, "parse": time.perf_counter() - loaded}


def stage_seconds(corpus_file: Path, model: str | None) -> dict[str, float]:
    """(In the child) CPU seconds of each stage of kg build run one after another in this process, as
    kg.api.build and write_outputs run them: the work each stage does, little changed by other load
    on the machine. "import" counts from the start of the process."""
    laps, last = {}, 0.0

    def lap(stage: str) -> None:
        nonlocal last
        now = time.process_time()
        laps[stage], last = now - last, now

    from kg import api, config, executors, graph, ingest, nlp, resolve
    documents, _ = ingest.read([corpus_file])
    lap("import")
    pipeline = nlp.load(model)
    lap("load")
    parsed = list(nlp.parse(pipeline, documents, batch_size=config.Options.batch_size))
    lap("parse")
    analyses = [executors.extract_analysis(document, doc) for document, doc in parsed]
    del parsed
    lap("extract")
    facts = [fact for analysis in analyses for fact in analysis.facts]
    mentions = [mention for analysis in analyses for mention in analysis.mentions]
    resolution = resolve.resolve(documents, mentions, facts, aliases=resolve.load_aliases(None))
    lap("resolve")
    built = api.KnowledgeGraph(documents=documents, facts=facts, resolution=resolution,
                               quads=graph.build_quads(documents, facts, resolution))
    lap("graph")
    with tempfile.TemporaryFile() as sink:
        built.write_turtle(sink)
        lap("turtle")
        sink.write(built.to_html(max_nodes=api.PAGE_MAX_ENTITIES).encode("utf-8"))
        lap("html")
        built.write_triples_csv(sink)
        lap("csv")
    return laps


def ratio(sizes: list[int], workers: int, model: str | None, repeats: int, work: Path, breakdown: bool,
          console: Console) -> list[dict]:
    """Bare parse and kg build of each size's corpus, best of `repeats` each, and the stage breakdown."""
    model_options = ["--model", model] if model else []
    results = []
    for size in sizes:
        records = corpus.generate(size)
        corpus_file = corpus.write_jsonl(records, work / f"corpus-{size}.jsonl")
        bare_command = [sys.executable, "-m", "bench.throughput", "--bare", str(corpus_file), "--workers",
                        str(workers), *model_options]
        kg_command = [sys.executable, "-m", "kg", "build", str(corpus_file), "--out", str(work / f"out-{size}"),
                      "--workers", str(workers), *model_options]
        bare, build = [], []
        for _ in range(repeats):  # alternated, so both see the same machine
            seconds, peak, output = run_measured(bare_command, f"bare parse of {corpus_file}")
            bare.append((seconds, peak, json.loads(output.strip().splitlines()[-1])))
            build.append(run_measured(kg_command, f"kg build of {corpus_file}")[:2])
        (bare_s, bare_mb, bare_parts), (kg_s, kg_mb) = min(bare, key=lambda run: run[0]), min(build)
        result = {"size": size, "words": corpus.words(records), "workers": workers, "bare_s": bare_s,
                  "bare_load_s": bare_parts["load"], "bare_parse_s": bare_parts["parse"], "bare_peak_mb": bare_mb,
                  "kg_s": kg_s, "kg_peak_mb": kg_mb, "ratio": bare_s / kg_s,
                  "load_average": os.getloadavg()[0]}
        console.print(f"{size:,} documents ({result['words']:,} words), {workers} workers: bare parse {bare_s:.1f} s "
                      f"(load {bare_parts['load']:.1f} s, nlp.pipe {bare_parts['parse']:.1f} s), kg build {kg_s:.1f} "
                      f"s: bare/kg {result['ratio']:.2f}", highlight=False)
        if breakdown:
            command = [sys.executable, "-m", "bench.throughput", "--stages", str(corpus_file), *model_options]
            result["stages"] = json.loads(run_measured(command, f"stages of {corpus_file}")[2].strip().splitlines()[-1])
        results.append(result)

    table = Table(title=f"bare parse (fresh process: load + nlp.pipe, n_process={workers}) and kg build (fresh "
                        f"process: kg build --workers {workers}, outputs written), best of {repeats}")
    for column in ("documents", "words", "bare s", "load s", "nlp.pipe s", "kg build s", "bare/kg",
                   f"≥ {RATIO_TARGET}", "bare peak MB", "kg peak MB", "load avg"):
        table.add_column(column, justify="right")
    for result in results:
        table.add_row(f"{result['size']:,}", f"{result['words']:,}", f"{result['bare_s']:.1f}",
                      f"{result['bare_load_s']:.1f}", f"{result['bare_parse_s']:.1f}", f"{result['kg_s']:.1f}",
                      f"{result['ratio']:.2f}", "yes" if result["ratio"] >= RATIO_TARGET else "no",
                      f"{result['bare_peak_mb']:,.0f}", f"{result['kg_peak_mb']:,.0f}", f"{result['load_average']:.1f}")
    console.print(table)
    if breakdown:
        stages = Table(title="where kg build's time goes: each stage in one process, CPU seconds (share of the total)")
        stages.add_column("stage")
        for result in results:
            stages.add_column(f"{result['size']:,} docs", justify="right")
        for stage in (*STAGES, "total", "kg's own / parse"):
            cells = []
            for result in results:
                laps = result["stages"]
                total = sum(laps.values())
                if stage == "total":
                    cells.append(f"{total:.1f}")
                elif stage == "kg's own / parse":  # what kg adds to the parser's work
                    own = total - laps["import"] - laps["load"] - laps["parse"]
                    cells.append(f"{own / laps['parse']:.2f}")
                else:
                    cells.append(f"{laps[stage]:.1f} ({laps[stage] / total:.0%})")
            stages.add_row(stage, *cells)
        console.print(stages)
    return results


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


def first_build(repeats: int, console: Console) -> list[float]:
    """Wall seconds of `python -m kg build seeds/ --out OUT`, each run a fresh process and a fresh folder."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True)  # as pip install does
    before = os.getloadavg()
    seconds = []
    with tempfile.TemporaryDirectory(prefix="kg-first-build-") as folder:
        for run in range(repeats):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "build", "seeds/", "--out", str(Path(folder) / f"out-{run}")],
                           cwd=ROOT, check=True, capture_output=True)
            seconds.append(time.perf_counter() - started)
    after = os.getloadavg()
    console.print(f"kg build seeds/ --out OUT, {repeats} runs: {', '.join(f'{value:.2f}' for value in seconds)} s; "
                  f"median {statistics.median(seconds):.2f} s (target < 2 s); load average before "
                  f"{' '.join(f'{load:.1f}' for load in before)}, after {' '.join(f'{load:.1f}' for load in after)}",
                  highlight=False)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes (default "
                        f"{','.join(map(str, DEFAULT_SIZES))}; with --ratio {','.join(map(str, RATIO_SIZES))})")
    parser.add_argument("--workers", default=None, help="comma-separated worker counts (default 1,2; with --ratio 2)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: $KG_SPACY_MODEL or kg's shipped one)")
    parser.add_argument("--json", type=Path, default=None, help="also write all figures here")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs (default: temporary)")
    parser.add_argument("--no-queries", action="store_true", help="build only; do not time the queries")
    parser.add_argument("--ratio", action="store_true", help="bare parse against kg build on the same documents "
                        "(default sizes 400, workers 2), and where kg's time goes")
    parser.add_argument("--repeats", type=int, default=None, help="--ratio: runs of each, the best counts "
                        "(default 2); --first-build: runs, the median counts (default 5)")
    parser.add_argument("--no-breakdown", action="store_true", help="--ratio: skip the stage breakdown")
    parser.add_argument("--first-build", action="store_true", help="time `kg build seeds/ --out OUT` (wall clock, "
                        "--repeats runs, default 5)")
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)  # the bare parse child's corpus
    parser.add_argument("--stages", type=Path, help=argparse.SUPPRESS)  # the stage breakdown child's corpus
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child process's corpus
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query-store", type=Path, help=argparse.SUPPRESS)  # the query child's store
    parser.add_argument("--query", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--param", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.model = args.model or os.environ.get("KG_SPACY_MODEL")  # kg.config reads it for kg build; the children too
    if args.stages:
        print(json.dumps(stage_seconds(args.stages, args.model)))
        return
    if args.bare:
        print(json.dumps(bare_parse(args.bare, int(args.workers), args.model)))
        return
    if args.one:
        print(json.dumps(build_one(args.one, args.out, int(args.workers), args.model)))
        return
    if args.query_store:
        print(json.dumps(run_query(args.query_store, args.query, args.param)))
        return

    console = Console(width=200)
    if args.first_build:
        first_build(args.repeats or FIRST_BUILD_REPEATS, console)
        return
    args.repeats = args.repeats or RATIO_REPEATS
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in (args.sizes or ",".join(map(str, RATIO_SIZES if args.ratio else DEFAULT_SIZES)))
             .split(",")]
    worker_counts = [int(count) for count in (args.workers or ("2" if args.ratio else "1,2")).split(",")]
    console.print(f"model: {args.model or os.environ.get('KG_SPACY_MODEL') or 'shipped'}; {psutil.cpu_count()} "
                  f"cores; load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}; work folder {work}")
    if args.ratio:
        results = ratio(sizes, worker_counts[0], args.model, args.repeats, work, not args.no_breakdown, console)
        console.print(f"load average at the end: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
        if args.json:
            args.json.write_text(json.dumps({"ratio": results}, indent=2) + "\n")
        return
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

"""One long article without line breaks: is kg linear in article length?

    python -m bench.long_article [--sizes 50000,100000,200000]

For each size, one article of that many characters on one line (news sentences repeated, so
its whole text is its first line) is built with `kg build` in a fresh process. Printed per size:
wall seconds, CPU seconds (user + system of the build and its workers: what other load on the
machine changes little), peak memory (proportional set size of the build and its workers,
sampled every 0.2 s), the size of graph.html and graph.ttl, the title's length, and CPU time and
memory relative to the smallest size against the ratio of sizes: linear work grows as the size
does (a fixed start-up cost, ~2 CPU s and ~250 MB, keeps the ratios below it).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.throughput import run_measured

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (50_000, 100_000, 200_000)
SENTENCES = ("Officials in Kyiv said that Norway authorized the use of its weapons against military targets in "
             "Russia, and Finland followed. ")


def one_line_article(characters: int) -> str:
    """`characters` characters of news on one line: no line break, so no title but the whole text."""
    return (SENTENCES * (characters // len(SENTENCES) + 1))[:characters].rstrip() + "."


def measure(characters: int, folder: Path) -> dict[str, float]:
    article = folder / f"long-{characters}.txt"
    article.write_text(one_line_article(characters), encoding="utf-8")
    out = folder / f"out-{characters}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, peak_mb, _ = run_measured([sys.executable, "-m", "kg", "build", str(article), "--out", str(out)],
                                       f"kg build of {characters} characters")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build, once reaped, with the workers it reaped
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    from rdflib import Graph

    from kg.graph.ontology import SCHEMA

    headline = next(Graph().parse(out / "graph.ttl").objects(None, SCHEMA.headline), "")
    return {"characters": characters, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb,
            "html_kb": (out / "graph.html").stat().st_size / 1024, "ttl_kb": (out / "graph.ttl").stat().st_size / 1024,
            "title": len(str(headline))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="characters, comma-separated")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="kg-long-") as folder:
        runs = [measure(size, Path(folder)) for size in sizes]
    table = Table("characters", "seconds", "CPU s", "peak MB", "graph.html KB", "graph.ttl KB", "title chars",
                  "size ×", "CPU ×", "memory ×", title="one article on one line (python -m bench.long_article)")
    first = runs[0]
    for run in runs:
        table.add_row(f"{run['characters']:,}", f"{run['seconds']:.1f}", f"{run['cpu']:.1f}", f"{run['peak_mb']:.0f}",
                      f"{run['html_kb']:.0f}", f"{run['ttl_kb']:.0f}", str(run["title"]),
                      f"{run['characters'] / first['characters']:.1f}", f"{run['cpu'] / first['cpu']:.1f}",
                      f"{run['peak_mb'] / first['peak_mb']:.1f}")
    Console(width=150).print(table)


if __name__ == "__main__":
    main()

"""One long article without line breaks: is kg linear in article length?

    python -m bench.long_article [--sizes 50000,100000,200000]

For each size, one article of that many characters on one line (news sentences repeated, so
its whole text is its first line) is built with `kg build` in a fresh process. Printed per size:
seconds, peak memory (proportional set size of the build and its workers, sampled every 0.2 s),
the size of graph.html and graph.ttl, the title's length, and time and memory relative to the
smallest size against the ratio of sizes: linear work grows as the size does.
"""

from __future__ import annotations

import argparse
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
    seconds, peak_mb, _ = run_measured([sys.executable, "-m", "kg", "build", str(article), "--out", str(out)],
                                       f"kg build of {characters} characters")
    from rdflib import Graph

    from kg.graph.ontology import SCHEMA

    headline = next(Graph().parse(out / "graph.ttl").objects(None, SCHEMA.headline), "")
    return {"characters": characters, "seconds": seconds, "peak_mb": peak_mb,
            "html_kb": (out / "graph.html").stat().st_size / 1024, "ttl_kb": (out / "graph.ttl").stat().st_size / 1024,
            "title": len(str(headline))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="characters, comma-separated")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="kg-long-") as folder:
        runs = [measure(size, Path(folder)) for size in sizes]
    table = Table("characters", "seconds", "peak MB", "graph.html KB", "graph.ttl KB", "title chars",
                  "size ×", "time ×", "memory ×", title="one article on one line (python -m bench.long_article)")
    first = runs[0]
    for run in runs:
        table.add_row(f"{run['characters']:,}", f"{run['seconds']:.1f}", f"{run['peak_mb']:.0f}",
                      f"{run['html_kb']:.0f}", f"{run['ttl_kb']:.0f}", str(run["title"]),
                      f"{run['characters'] / first['characters']:.1f}", f"{run['seconds'] / first['seconds']:.1f}",
                      f"{run['peak_mb'] / first['peak_mb']:.1f}")
    Console(width=150).print(table)


if __name__ == "__main__":
    main()

"""kg's extractor on the CaRB dev sentences: AUC, precision, recall, F1 and sentences per second.

    python -m bench.extraction [--data ../shared] [--model NAME_OR_PATH] [--workers 2] [--out FILE]

Parses ../shared/bench/carb-dev/sentences.txt with the pipeline (default: $KG_SPACY_MODEL or
kg's shipped one), keeping CaRB's tokens (`kg extract --format carb --tokenized`), extracts
CaRB tuples and scores them with bench.carb against gold/dev.tsv.
Speed: sentences per second of wall-clock time for parsing and extraction together, and per
CPU-second (what the machine's load does not change) for each step and both.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from pathlib import Path

from bench import carb
from kg import config, nlp
from kg.extract.output import carb_text, parse_lines

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared folder (default ../shared)")
    parser.add_argument("--model", help="spaCy pipeline (default: $KG_SPACY_MODEL or kg's shipped one)")
    parser.add_argument("--workers", type=int, default=1, help="parser processes (default 1)")
    parser.add_argument("--out", type=Path, help="also write the extractions (CaRB tab format) here")
    options = parser.parse_args(argv)
    bench_dir = options.data / "bench" / "carb-dev"
    try:
        lines = [line for line in (bench_dir / "sentences.txt").read_text(encoding="utf-8").split("\n") if line.strip()]
        gold = carb.read_gold(bench_dir / "gold" / "dev.tsv")
        chosen = config.load(model=options.model)  # as kg extract chooses: --model, ./kg.toml, $KG_SPACY_MODEL
        pipeline = nlp.load(chosen.model)
    except (OSError, nlp.ModelError, config.ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    pipeline(lines[0])  # warm up: first call loads lazily
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    docs = list(parse_lines(pipeline, lines, tokenized=True, workers=options.workers, batch_size=chosen.batch_size))
    cpu_parsed = _cpu_seconds()
    text = carb_text(lines, docs)
    finished, cpu_finished = time.perf_counter(), _cpu_seconds()
    if options.out:
        options.out.write_text(text, encoding="utf-8")
    score = carb.score(gold, carb.parse_tabbed(io.StringIO(text), source="extractions"))
    count = len(lines)
    print(f"CaRB dev, {count} sentences, {text.count(chr(10))} extractions")
    print(carb.format_score(score))
    print(f"speed: {count / (finished - started):.0f} sentences/s wall clock (parse + extract, "
          f"{options.workers} worker(s)); per CPU-second: parse {count / (cpu_parsed - cpu_started):.0f}, "
          f"extract {count / (cpu_finished - cpu_parsed):.0f}, both {count / (cpu_finished - cpu_started):.0f}")
    return 0


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the parser's worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    sys.exit(main())

"""Synthetic newsroom archives of any size, made from real news text in ../shared.

    python -m bench.corpus 1000 corpus.jsonl

Sources: kg's five seed articles (paragraphs), the GUM news documents (paragraphs of their
`# text =` lines) and the CaRB sentences. Document i is drawn by a generator seeded with i:
a headline, a dateline, then a run of consecutive paragraphs of one source article, or a handful of CaRB
sentences, sometimes followed by paragraphs of a second source. Every document has a
distinct content id; the same size always gives the same corpus, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg import ingest, lexicon

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
GUM_DEP = SHARED / "data" / "gum" / "dep"
MONTHS = tuple(month.capitalize() for month in lexicon.MONTHS)  # as a dateline writes them
# How a document is put together: (kind, weight).
RECIPES = (("article", 6), ("carb", 2), ("mixed", 2))
CARB_SENTENCES_PER_DOCUMENT = (4, 14)
PARAGRAPHS_PER_DOCUMENT = (3, 12)


@dataclass(frozen=True)
class Source:
    """A real article as paragraphs (each a string of one or more sentences)."""

    name: str
    title: str
    paragraphs: tuple[str, ...]


@cache
def sources(shared: Path = SHARED, seeds: Path = SEEDS) -> tuple[tuple[Source, ...], tuple[str, ...]]:
    """The source articles (seeds and GUM news) and the CaRB sentences."""
    articles = [Source(document.source, document.title,
                       tuple(line for line in document.text.split("\n")[1:] if line.strip()))
                for document in ingest.read([seeds])[0]]
    for path in sorted((shared / "data" / "gum" / "dep").glob("GUM_news_*.conllu")):
        articles.append(Source(path.stem, *gum_article(path)))
    carb = carb_sentences(shared)
    if not articles or not carb:
        raise FileNotFoundError(f"benchmark sources missing under {shared} and {seeds}")
    return tuple(articles), carb


def carb_sentences(shared: Path = SHARED) -> tuple[str, ...]:
    """CaRB's dev sentences, PTB-tokenised, one a line."""
    return tuple(line.strip() for line in (shared / "bench" / "carb-dev" / "sentences.txt")
                 .read_text(encoding="utf-8").splitlines() if line.strip())


def gum_article(path: Path) -> tuple[str, tuple[str, ...]]:
    """Title and paragraphs of a GUM document (its first paragraph is the headline)."""
    paragraphs: list[list[str]] = []
    title = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::title = "):
            title = line.removeprefix("# meta::title = ").strip()
        elif line.startswith("# newpar") and not line.startswith("# newpar_"):
            paragraphs.append([])
        elif line.startswith("# text = "):
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line.removeprefix("# text = ").strip())
    texts = [" ".join(sentences) for sentences in paragraphs if sentences]
    return title or texts[0], tuple(texts[1:] if texts and texts[0] == title else texts)


def _run(rng: random.Random, source: Source) -> list[str]:
    count = min(len(source.paragraphs), rng.randint(*PARAGRAPHS_PER_DOCUMENT))
    start = rng.randrange(len(source.paragraphs) - count + 1)
    return list(source.paragraphs[start:start + count])


def document(number: int, articles: tuple[Source, ...], carb: tuple[str, ...], salt: int = 0) -> dict[str, str]:
    """Document `number` of every corpus: a dict with text, date and url (a JSONL record)."""
    rng = random.Random(f"kg-bench-{number}-{salt}")
    kind = rng.choices([name for name, _ in RECIPES], weights=[weight for _, weight in RECIPES])[0]
    if kind == "carb":
        sentences = rng.sample(carb, rng.randint(*CARB_SENTENCES_PER_DOCUMENT))
        title, body = sentences[0], [" ".join(sentences[1:])]
    else:
        source = rng.choice(articles)
        title, body = source.title, _run(rng, source)
        if kind == "mixed":
            body += _run(rng, rng.choice(articles)) + [" ".join(rng.sample(carb, 3))]
    year, month, day = rng.randint(2006, 2024), rng.randint(1, 12), rng.randint(1, 28)
    dateline = f"{MONTHS[month - 1]} {day}, {year}"
    return {"text": "\n\n".join([title, dateline, *body]), "date": f"{year}-{month:02d}-{day:02d}",
            "url": f"https://news.example.org/{number}"}


def generate(size: int, *, shared: Path = SHARED, seeds: Path = SEEDS) -> list[dict[str, str]]:
    """`size` documents with distinct content ids (redrawing a document that repeats another)."""
    articles, carb = sources(shared, seeds)
    records, seen = [], set()
    for number in range(size):
        for salt in range(1000):
            record = document(number, articles, carb, salt)
            text, *_ = ingest.clean(record["text"])
            if (identity := ingest.document_id(text)) not in seen:
                break
        else:
            raise RuntimeError(f"could not draw a new document {number}")
        seen.add(identity)
        records.append(record)
    return records


def write_jsonl(records: list[dict[str, str]], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def words(records: list[dict[str, str]]) -> int:
    return sum(len(record["text"].split()) for record in records)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int)
    parser.add_argument("out", type=Path, help="JSONL file to write")
    args = parser.parse_args(argv)
    records = generate(args.size)
    write_jsonl(records, args.out)
    print(f"{len(records)} documents, {words(records)} words -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

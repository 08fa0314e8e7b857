"""The GUM treebank's documents as plain-text articles, for a real archive to build and view.

    python -m bench.gum_text /work/team/archive/gum

One .txt per GUM document in ../shared/data/gum/dep: its title, a dateline from the date it was
written (`# meta::dateCreated`), then its paragraphs (the `# text =` lines). The text is never
committed: write it outside the repository. Then `kg build FOLDER seeds/ --out OUT` builds the
archive, and its graph.html is the view of over a hundred real documents (docs/archive.png).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.corpus import GUM_DEP, MONTHS, gum_article


def article_text(path: Path) -> str:
    """A GUM document as an article: title, dateline (when known), paragraphs."""
    title, paragraphs = gum_article(path)
    created = next((line.removeprefix("# meta::dateCreated = ").strip()
                    for line in path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("# meta::dateCreated = ")), "")
    year, month, day = (created.split("-") + ["", "", ""])[:3]
    dateline = [f"{MONTHS[int(month) - 1]} {int(day)}, {year}"] if month.isdigit() and day.isdigit() else []
    return "\n\n".join([title, *dateline, *paragraphs]) + "\n"


def write_texts(out: Path, source: Path = GUM_DEP) -> list[Path]:
    """One <document>.txt in `out` per GUM document; returns the files written."""
    documents = sorted(source.glob("*.conllu"))
    if not documents:
        raise FileNotFoundError(f"{source}: no .conllu files")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in documents:
        target = out / f"{path.stem}.txt"
        target.write_text(article_text(path), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the .txt files into (outside the repository)")
    parser.add_argument("--source", type=Path, default=GUM_DEP, help="folder of GUM .conllu files")
    args = parser.parse_args(argv)
    written = write_texts(args.out, args.source)
    words = sum(len(path.read_text(encoding="utf-8").split()) for path in written)
    print(f"{len(written)} documents, {words:,} words -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

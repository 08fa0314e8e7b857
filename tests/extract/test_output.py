"""`kg extract`: CaRB tab format, JSON lines and CSV from the real pipeline, and clear errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import carb

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    "Dmitry Peskov , a spokesman for the Kremlin , did not confirm that the weapons were used in Russia .",
    "Norway and Finland authorized Kiev to use Western-supplied weapons against Russia.",
    "  Ukraine has said that it won't use the longer-range weapons. ",  # kept exactly, spaces included
]


def run_kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def carb_output(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("carb")
    (folder / "sentences.txt").write_text("\n".join(SENTENCES) + "\n\n", encoding="utf-8")
    result = run_kg("extract", str(folder / "sentences.txt"), "--format", "carb")
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_carb_lines_repeat_the_input_sentence_and_parse(carb_output):
    lines = carb_output.splitlines()
    assert lines
    for line in lines:
        sentence, confidence, relation, *arguments = line.split("\t")
        assert sentence in SENTENCES
        assert 0.0 <= float(confidence) <= 1.0
        assert relation.strip() and arguments and all(argument.strip() for argument in arguments)
    parsed = carb.parse_tabbed(lines, source="stdout")
    assert {key for key in parsed} <= {carb.sentence_key(sentence) for sentence in SENTENCES}
    assert {sentence for sentence in (line.split("\t")[0] for line in lines)} == set(SENTENCES)


@pytest.mark.slow
def test_carb_keeps_negation_visible_in_the_relation(carb_output):
    relations = [line.split("\t")[2] for line in carb_output.splitlines() if line.startswith("Dmitry")]
    assert "did not confirm" in relations


@pytest.mark.slow
def test_jsonl_and_csv_give_the_same_facts(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Peskov said that Norway sent weapons to Ukraine.\n", encoding="utf-8")
    as_json = run_kg("extract", str(article), "--format", "jsonl")
    as_csv = run_kg("extract", str(article), "--format", "csv", "--out", str(tmp_path / "facts.csv"))
    assert as_json.returncode == 0 and as_csv.returncode == 0, as_json.stderr + as_csv.stderr
    facts = [json.loads(line) for line in as_json.stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "facts.csv").read_text(encoding="utf-8"))))
    assert facts and len(rows) == len(facts)
    assert [(f["subject"]["text"], f["relation"]) for f in facts] == [(r["subject"], r["relation"]) for r in rows]
    sent = [f for f in facts if f["relation"] == "send"]
    assert sent and sent[0]["attribution"]["speaker"]["text"] == "Peskov"


def test_unknown_format_and_missing_file_fail_with_one_line(tmp_path):
    missing = run_kg("extract", str(tmp_path / "nothing.txt"), "--format", "carb")
    assert missing.returncode != 0 and "nothing.txt" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    (tmp_path / "a.txt").write_text("Norway sent weapons.\n", encoding="utf-8")
    wrong = run_kg("extract", str(tmp_path / "a.txt"), "--format", "xml")
    assert wrong.returncode != 0 and "xml" in wrong.stderr and "carb" in wrong.stderr
    (tmp_path / "empty").mkdir()
    empty = run_kg("extract", str(tmp_path / "empty"), "--format", "carb")
    assert empty.returncode != 0 and "no sentences" in empty.stderr

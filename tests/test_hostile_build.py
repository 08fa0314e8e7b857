"""kg build on a hostile user's folder (tests/hostile_corpus.py): exit 0, every good article in the
graph, one line for each path it could not read; and articles routed to the pipeline of their language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import hostile_corpus

import kg
from kg import nlp
from kg.graph.ontology import SCHEMA

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_hostile_corpus_builds_with_exit_0_and_says_what_it_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    # The long line is 20k characters here, to keep the test short; bench/long_article.py times 200k.
    good, expected_skips = hostile_corpus.write(corpus, long_characters=20_000)
    out = corpus / "out"  # inside the input folder: never read as an article
    command = hostile_corpus.unprivileged([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out)])
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    skipped = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in lines if line.startswith("skipped: ")}
    assert len(skipped) == len(lines), "every message is one 'skipped:' line, and no blank line"
    for source, word in expected_skips.items():
        assert word in skipped.pop(str(corpus / source)), source
    assert sorted(skipped) == sorted(str(corpus / name) for name in
                                     ("linked-folder", "linked-folder-target/loop", "out"))
    sources = set((out / "graph.ttl").read_text(encoding="utf-8").split('kg:source "')[1:])
    read = {source.split('"')[0] for source in sources}
    assert read == {str(corpus / name) for name in good}


@pytest.mark.slow
def test_a_language_mapped_in_models_is_parsed_by_its_pipeline_and_tagged(tmp_path):
    french = ("Le président ukrainien a remercié la Norvège et la Finlande vendredi pour leur décision "
              "d'autoriser Kiev à frapper des cibles militaires en Russie avec leurs armes. ") * 3
    (tmp_path / "fr.txt").write_text("Kiev remercie la Norvège\n\n" + french, encoding="utf-8")
    (tmp_path / "en.txt").write_text("Norway authorized Kyiv to use its weapons against Russia.", encoding="utf-8")
    without = kg.build([tmp_path])
    assert [(Path(item.source).name, item.reason.split(",")[0]) for item in without.skipped] == [
        ("fr.txt", "written in French (fr)")]
    # Any pipeline can be given for a language; kg's own English one shows the routing.
    built = kg.build([tmp_path], models={"fr": str(nlp.SHIPPED_PIPELINE)})
    assert built.skipped == [] and len(built.documents) == 2
    headlines = {str(o): o.language for _, _, o, _ in built.rdf.quads((None, SCHEMA.headline, None, None))}
    assert headlines == {"Kiev remercie la Norvège": "fr",
                         "Norway authorized Kyiv to use its weapons against Russia.": "en"}

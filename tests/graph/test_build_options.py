"""`kg build --aliases` and `--base-iri` through the real pipeline, and their one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "002_1706936c9979d8b7.txt"

pytestmark = pytest.mark.slow


def run_build(*options: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "build", str(SEED), "--out", str(out), *options],
                          cwd=ROOT, capture_output=True, text=True, env=dict(os.environ))


def test_user_aliases_and_base_iri_reach_the_graph(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,type,alias\nKremlin,,Moscow\n", encoding="utf-8")  # force a merge
    toml = tmp_path / "more.toml"
    toml.write_text('[[entity]]\nname = "Dmitry Peskov"\naliases = ["Dmitri Sergeyevich Peskov"]\n'
                    '[[split]]\nalias = "Kiev"\nname = "Kyiv"\n', encoding="utf-8")
    result = run_build("--aliases", str(toml), "--base-iri", "https://news.example.net/graph/", out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    subjects = {str(subject) for subject in graph.subjects()}
    assert all(iri.startswith("https://news.example.net/graph/") for iri in subjects)
    labels = {str(label) for label in graph.objects(None, RDFS.label)}
    assert "Kiev" in labels and "Dmitry Peskov" in labels  # the split made "Kiev" a place of its own
    kyiv = [node for node in graph.subjects(RDFS.label, Literal("Kyiv"))]
    assert all(Literal("Kiev") not in graph.objects(node, SKOS.altLabel) for node in kyiv)
    result = run_build("--aliases", str(aliases), out=tmp_path / "csv")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "csv" / "graph.ttl", format="turtle")
    labels = {str(label) for label in graph.objects(None, RDFS.label)}
    assert "Kremlin" in labels and "Moscow" not in labels
    assert Literal("Moscow") in set(graph.objects(None, SKOS.altLabel))


@pytest.mark.parametrize(("options", "message"), [
    (["--base-iri", "graph/"], "base IRI 'graph/' is not usable"),
    (["--base-iri", "https://example.org/a b/"], "is not usable"),
    (["--aliases", "missing.toml"], "missing.toml: cannot read alias file"),
    (["--aliases", "README.md"], "README.md: alias file must end in .toml or .csv"),
])
def test_bad_options_stop_the_build_with_one_line(tmp_path, options, message):
    result = run_build(*options, out=tmp_path / "out")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()

"""`kg export`: files where asked, one clear line and a non-zero exit for bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import export
from kg.cli import app
from kg.export import rdf
from kg.graph import files as graph_files

ROOT = Path(__file__).resolve().parents[2]


def run_kg(*args: str):
    """`kg ARGS` in this process (one test runs the real program)."""
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def graph_file(story, tmp_path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(rdf.serialize(story, "turtle"), encoding="utf-8")
    return path


def test_a_one_file_format_goes_to_the_path_given(graph_file, tmp_path):
    target = tmp_path / "exports" / "kg.nt"
    result = run_kg("export", str(graph_file), "--to", "nt", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == export.render(graph_files.read_dataset(graph_file), "ntriples")["graph.nt"]


def test_a_bundle_goes_into_the_folder_given_by_the_real_program(graph_file, tmp_path):
    result = subprocess.run([sys.executable, "-m", "kg", "export", str(graph_file), "--to", "neo4j", "--out",
                             str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "neo4j").iterdir()) == [
        "constraints-falkordb.cypher", "constraints.cypher", "graph.ttl", "load-csv.cypher", "load.cypher",
        "nodes.csv", "relationships.csv"]


def test_a_one_file_format_into_an_existing_folder_takes_its_usual_name(graph_file, tmp_path):
    result = run_kg("export", str(graph_file), "--to", "graphml", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "graph.graphml").stat().st_size > 0


@pytest.mark.parametrize("args, message", [
    (["--to", "svg"], ("unknown export format 'svg'; choose one of: turtle, ntriples, trig, jsonld, neo4j, kuzu, "
                       "graphdb, graphml, gexf, node-link")),
    (["--to", "turtle", "MISSING"], "no such graph file"),
])
def test_bad_input_is_one_line_a_failure_and_leaves_the_old_output(graph_file, tmp_path, args, message):
    target = tmp_path / "old.ttl"
    target.write_text("previous", encoding="utf-8")
    graph = str(tmp_path / "missing.ttl") if "MISSING" in args else str(graph_file)
    result = run_kg("export", graph, *[arg for arg in args if arg != "MISSING"], "--out", str(target))
    assert result.exit_code != 0
    assert message in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
    assert target.read_text(encoding="utf-8") == "previous"

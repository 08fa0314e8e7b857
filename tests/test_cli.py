"""kg's command line as a program: messages printed as text (never Rich markup), one line per failure."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "KG_SPACY_MODEL"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    """A small graph with brackets in a name, as kg build writes it."""
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_text('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    '<https://example.org/kg/person/x> rdfs:label "[bold]Ann[/bold] [/]" .\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["[draft] notes.sparql", "a[/]b.sparql", "[bold red]x[/].sparql"])
def test_a_path_with_brackets_is_printed_as_written(tmp_path, graph_file, name):
    result = run_kg("query", name, "--graph", str(graph_file), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"error: {name}: no such query file (and not SPARQL text)\n", result.stderr


def test_results_with_brackets_are_printed_as_written(tmp_path, graph_file):
    result = run_kg("query", "SELECT ?name WHERE { ?x rdfs:label ?name }", "--graph", str(graph_file), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[bold]Ann[/bold] [/]" in result.stdout


def test_a_skipped_input_with_brackets_is_named_as_written(tmp_path):
    (tmp_path / "[draft] a.txt").write_bytes(b"\x00\x01\x02 binary")
    result = run_kg("build", "[draft] a.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "[draft] a.txt: binary file" in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr


def test_a_bad_option_in_kg_toml_is_one_line(tmp_path):
    (tmp_path / "kg.toml").write_text('workers = "[two]"\n', encoding="utf-8")
    result = run_kg("build", "a.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "error: kg.toml: workers must be a whole number, not '[two]'\n", result.stderr


def test_networkx_is_imported_only_when_a_graph_needs_it(tmp_path):
    """kg binds networkx with kg.deferred (0.2 s of every start otherwise); a build imports it while its workers
    parse, and every command that draws or exports still gets the real module."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = ("import sys, kg.cli; print('networkx.classes' in sys.modules); import kg; kg.import_deferred(); "
              "print('networkx.classes' in sys.modules, type(sys.modules['networkx']).__name__)")
    started = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=120)
    assert started.stdout.split() == ["False", "True", "module"], started.stderr
    (tmp_path / "a.txt").write_text("Norway authorized Kyiv to use the weapons, Jonas Gahr Store said.\n",
                                    encoding="utf-8")
    built = run_kg("build", "a.txt", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "vis.DataSet" in (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    exported = run_kg("export", "out/graph.ttl", "--to", "graphml", "--out", "graph.graphml", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "Norway" in (tmp_path / "graph.graphml").read_text(encoding="utf-8")


def test_the_kg_command_runs_the_cli_with_its_long_lived_objects_frozen(tmp_path):
    """`kg` (pyproject's script) and `python -m kg` run kg.__main__.run: kg's imports out of the garbage
    collector's reach, and the collector on again for the command."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["kg"] == "kg.__main__:run"
    script = ("import gc, sys\nsys.argv = ['kg', 'build', '--help']\nfrom kg.__main__ import run\n"
              "try:\n    run()\nexcept SystemExit:\n    pass\nprint(gc.isenabled(), gc.get_freeze_count())")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, check=True)
    enabled, frozen = result.stdout.split()[-2:]
    assert "--out" in result.stdout and enabled == "True" and int(frozen) > 100_000

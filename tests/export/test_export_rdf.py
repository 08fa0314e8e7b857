"""RDF exports: round trips, byte-identical output, and the real parsers Raptor (rapper) and Serd (serdi)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg import export
from kg.export import rdf
from kg.graph import files as graph_files

ROOT = Path(__file__).resolve().parents[2]
RDF_EXPORTS = [  # (format, file, rdflib parser, keeps named graphs)
    ("turtle", "graph.ttl", "turtle", False),
    ("ntriples", "graph.nt", "nt", False),
    ("trig", "graph.trig", "trig", True),
    ("jsonld", "graph.jsonld", "json-ld", True),
]


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize("fmt, name, parser, named", RDF_EXPORTS)
def test_export_parses_back_to_the_same_graph_in_rdflib_and_oxigraph(tricky, tmp_path, fmt, name, parser, named):
    files = export.render(tricky, fmt)
    assert list(files) == [name]
    text = files[name]
    if named:
        back = rdflib.Dataset()
        back.parse(data=text, format=parser)
        assert rdf.quads(back) == rdf.quads(tricky)
    else:
        assert isomorphic(rdflib.Graph().parse(data=text, format=parser), union(tricky))
    in_oxigraph = {quad.triple for quad in ox.parse(text.encode("utf-8"), format=graph_files.FORMAT_BY_NAME[fmt].oxigraph)}
    assert in_oxigraph == set(rdf.triples(tricky))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert rdf.quads(graph_files.read_dataset(path)) == (rdf.quads(tricky) if named else rdf.quads(union_dataset(tricky)))


def union_dataset(dataset: rdflib.Dataset) -> rdflib.Dataset:
    merged = rdflib.Dataset()
    for triple in union(dataset):
        merged.add(triple)
    return merged


def test_trig_has_one_named_graph_per_article(tricky):
    text = export.render(tricky, "trig")["graph.trig"]
    graphs = re.findall(r"^<([^>]+)> \{$", text, flags=re.MULTILINE)
    assert graphs == [f"https://example.org/kg/article/d{index}" for index in range(3)]


RENDER_ALL = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from conftest import story_module, tricky_dataset
from kg import export
for dataset in (tricky_dataset(), story_module().story_dataset()):
    for exporter in export.EXPORTERS:
        for name, text in sorted(exporter.render(dataset).items()):
            print(name, hashlib.sha256(text.encode()).hexdigest())
"""


def test_every_export_is_byte_identical_across_processes():
    outputs = set()
    for seed in ("0", "1", "12345"):
        run = subprocess.run([sys.executable, "-c", RENDER_ALL, str(Path(__file__).parent)], capture_output=True,
                             text=True, cwd=ROOT, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin"})
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1 and len(next(iter(outputs)).splitlines()) >= 2 * 15


def rapper(path: Path, syntax: str) -> tuple[int, str]:
    run = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    problems = [line for line in run.stderr.splitlines() if "Parsing" not in line]
    count = int(re.search(r"returned (\d+) triple", run.stderr).group(1))
    return count, "\n".join(problems)


def serdi(path: Path, syntax: str) -> tuple[int, str]:
    run = subprocess.run(["serdi", "-i", syntax, "-o", "nquads", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return len(run.stdout.splitlines()), run.stderr.strip()


@pytest.mark.parametrize("fmt, name, syntax", [("turtle", "graph.ttl", "turtle"), ("ntriples", "graph.nt", "ntriples"),
                                               ("trig", "graph.trig", "trig")])
def test_rapper_and_serdi_read_the_export_without_warnings_and_count_alike(tricky, tmp_path, fmt, name, syntax):
    path = tmp_path / name
    path.write_text(export.render(tricky, fmt)[name], encoding="utf-8")
    expected = len(rdf.quads(tricky)) if fmt == "trig" else len(rdf.triples(tricky))
    parsed = rdflib.Dataset()
    parsed.parse(path, format=syntax if syntax != "ntriples" else "nt")
    in_rdflib = len(list(parsed.quads((None, None, None, None))))
    in_oxigraph = len(list(ox.parse(path=str(path))))
    assert (rapper(path, syntax), serdi(path, syntax)) == ((expected, ""), (expected, ""))
    assert in_rdflib == in_oxigraph == expected


@pytest.mark.parametrize("content, name, problem", [
    (None, "missing.ttl", "no such graph file"),
    ("<a> <b> <c> .", "graph.csv", "unknown graph file type '.csv'"),
    ("<http://x/a> <http://x/b> \"unterminated .\n", "graph.ttl", "not valid turtle: Parser error"),
    ("<a> <http://x/b> <http://x/c> .", "graph.ttl", "No scheme found in an absolute IRI"),
    ("<http://x/a> <http://x/b> <http://x/c> .", "graph.trig", None),
])
def test_read_dataset_names_the_file_and_the_problem(tmp_path, content, name, problem):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    if problem is None:
        assert len(rdf.quads(graph_files.read_dataset(path))) == 1
        return
    with pytest.raises(graph_files.GraphFileError) as raised:
        graph_files.read_dataset(path)
    assert str(raised.value).startswith(str(path)) and problem in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_syntax_error_reports_its_line(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text("<http://x/a> <http://x/b> <http://x/c> .\n<http://x/a> <http://x/b> oops .\n", encoding="utf-8")
    with pytest.raises(graph_files.GraphFileError, match="line 2"):
        graph_files.open_store(path)


def test_an_oxigraph_store_folder_reads_like_the_file(tricky, tmp_path):
    store = ox.Store(str(tmp_path / "store"))
    store.extend(rdf.quads(tricky))
    store.flush()
    del store
    assert rdf.quads(graph_files.read_dataset(tmp_path / "store")) == rdf.quads(tricky)

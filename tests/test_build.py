"""`kg build` end to end on the seeds, with the real shipped pipeline, and on bad input."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib

import kg
from kg import api, query, workspace
from kg.graph.nx import ENTITY_CLASSES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
COMMITTED_OUT = ROOT / "out"
BOILERPLATE = ["Exit mobile version", "Please enter your comment", "reCAPTCHA", "Subscribe", "Comments are closed",
               "More Articles", "0 comment", "Disclaimer:", "follow him on Twitter"]


def run_kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "KG_SPACY_MODEL"}
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_kg("build", "seeds/", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def seed_graph():
    return kg.build([SEEDS])


def test_outputs_exist_and_summary_is_printed(seed_build):
    assert sorted(p.name for p in seed_build.iterdir()) == [workspace.OUTPUT_LOCK, "graph.html", "graph.ttl",
                                                            "triples.csv"]
    assert all((seed_build / name).stat().st_size > 0 for name in api.OUTPUT_FILES)


def test_summary_names_the_counts():
    result = run_kg("build", "seeds/000_a55aafeecc888288.txt", "--out", str(ROOT / ".pytest_cache" / "summary"))
    assert result.returncode == 0, result.stderr
    for word in ("documents", "sentences", "entities", "triples", "seconds"):
        assert word in result.stdout


def test_turtle_parses_to_the_same_triples_in_rdflib_and_oxigraph(seed_build):
    data = (seed_build / "graph.ttl").read_bytes()
    in_rdflib = rdflib.Graph().parse(data=data, format="turtle")
    in_oxigraph = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(in_rdflib) > 100
    assert len(in_rdflib) == len(set(in_oxigraph))


def test_norway_and_finland_authorize_kyiv(seed_graph):
    # "authorize Kiev to use ...": the relation names the complement too (authorize_to_use).
    rows = {(row.subject, row.relation.split("_")[0], row.object) for row in seed_graph.triples if not row.negated}
    for country in ("Norway", "Finland"):
        assert (country, "authorize", "Kyiv") in rows, sorted(r for r in rows if r[0] == country)
    labels = {data.get("label") for _, data in seed_graph.nx.nodes(data=True)}
    assert {"Norway", "Finland", "Kyiv", "Russia"} <= labels
    # The edge is named after the canonical relation (kg/relations.toml); the verb form stays with it.
    edges = {(seed_graph.nx.nodes[u]["label"], data["relation"], data["verb"], seed_graph.nx.nodes[v]["label"])
             for u, v, data in seed_graph.nx.edges(data=True)}
    assert {("Norway", "authorize", "authorize_to_use", "Kyiv"), ("Finland", "authorize", "authorize_to_use", "Kyiv")} <= edges


def test_no_boilerplate_in_any_sentence(seed_build):
    sentences = [row["sentence"] for row in csv.DictReader(io.StringIO((seed_build / "triples.csv").read_text("utf-8")))]
    assert sentences
    for line in BOILERPLATE:
        assert not any(line in sentence for sentence in sentences), line


def test_triples_csv_columns(seed_build):
    reader = csv.reader(io.StringIO((seed_build / "triples.csv").read_text("utf-8")))
    assert tuple(next(reader)) == api.TRIPLES_CSV_COLUMNS


def test_second_build_is_byte_identical_and_matches_the_committed_outputs(seed_build, tmp_path):
    result = run_kg("build", "seeds/", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in api.OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (seed_build / name).read_bytes(), name
        assert (COMMITTED_OUT / name).read_bytes() == (seed_build / name).read_bytes(), f"out/{name} is stale"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x00\x01\x02\xff" * 100, "binary file"),
        ("russian.txt", "Путин заявил в пятницу, что Россия не будет вести переговоры с Киевом. ".encode() * 4,
         "written in Russian (ru), which has no spaCy pipeline configured"),
    ],
)
def test_a_bad_file_alone_fails_with_one_line_naming_it(tmp_path, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_kg("build", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    assert str(bad) in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_file_among_good_ones_is_skipped_and_reported(tmp_path):
    (tmp_path / "good.txt").write_text("Norway authorized Kyiv to use its weapons against Russia.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    result = run_kg("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert f"skipped: {tmp_path / 'bad.txt'}: binary file" in result.stderr.replace("\n", "")
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_a_folder_with_no_articles_fails(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = run_kg("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "no articles" in result.stderr and str(tmp_path) in result.stderr


def test_an_unwritable_output_folder_fails_cleanly(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    result = run_kg("build", "seeds/001_56652513f5a20345.txt", "--out", str(blocker / "out"))
    assert result.returncode != 0
    assert "cannot write" in result.stderr and str(blocker / "out") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_build_leaves_the_previous_outputs_intact(seed_graph, tmp_path, monkeypatch):
    api.write_outputs(seed_graph, tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in api.OUTPUT_FILES}

    def broken_html(self, **options):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(api.KnowledgeGraph, "to_html", broken_html)
    with pytest.raises(RuntimeError):
        api.write_outputs(seed_graph, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in api.OUTPUT_FILES} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*api.OUTPUT_FILES, workspace.OUTPUT_LOCK])


def test_the_page_is_written_by_a_second_process_which_hands_its_failure_back(seed_graph, tmp_path, monkeypatch):
    # kg build writes graph.html in a forked copy of itself while it writes graph.ttl and triples.csv.
    api.write_outputs(seed_graph, tmp_path)
    page = seed_graph.to_html(max_nodes=api.PAGE_MAX_ENTITIES).encode("utf-8")
    assert (tmp_path / "graph.html").read_bytes() == page
    before = {name: (tmp_path / name).read_bytes() for name in api.OUTPUT_FILES}

    def failing_page(self, **options):
        raise ValueError(f"page made by process {os.getpid()}")

    monkeypatch.setattr(api.KnowledgeGraph, "to_html", failing_page)
    with pytest.raises(ValueError) as caught:
        api.write_outputs(seed_graph, tmp_path)
    writer = int(str(caught.value).rsplit(" ", 1)[1])
    assert (writer != os.getpid()) == api.can_fork()  # Linux, two cores and no other thread: forked
    assert {name: (tmp_path / name).read_bytes() for name in api.OUTPUT_FILES} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*api.OUTPUT_FILES, workspace.OUTPUT_LOCK])


def test_a_query_sees_every_article_of_the_built_dataset(seed_graph):
    # The Dataset made from the quad spool did not read its named graphs as the default graph: 0 rows.
    articles = (ROOT / "queries" / "articles.sparql").read_text(encoding="utf-8")
    assert len(query.run(articles, seed_graph.rdf).rows) == 5
    assert not seed_graph.rdf.default_union  # the caller's dataset is left as it was


def test_kg_export_to_turtle_writes_the_bytes_of_kg_build(seed_build, tmp_path):
    # One Turtle writer: `kg export --to turtle` of graph.ttl gives graph.ttl back, byte for byte.
    result = run_kg("export", str(seed_build / "graph.ttl"), "--to", "turtle", "--out", str(tmp_path / "again.ttl"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "again.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()


def test_one_count_of_entities_in_the_summary_the_exports_and_the_readme(seed_graph, tmp_path):
    # An entity is a node of the graph with one of kg's types: a statement uses it or an article names
    # it (or it holds a part of one). The summary said 279 (every resolved name), the exports 249, the README 285.
    count = seed_graph.summary["entities"]
    typed = {node for node, predicate, kind, _ in seed_graph.rdf.quads()
             if predicate == rdflib.RDF.type and kind in ENTITY_CLASSES}
    assert count == len(typed) == seed_graph.nx.number_of_nodes()
    graphml = api.export(seed_graph, "graphml", tmp_path / "graph.graphml")
    assert len(nx.read_graphml(graphml[0]).nodes) == count
    [nodes] = [path for path in api.export(seed_graph, "neo4j", tmp_path) if path.name == "nodes.csv"]
    assert len(list(csv.DictReader(io.StringIO(nodes.read_text(encoding="utf-8"))))) == count
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{count} entities" in readme
    assert int(re.search(r"entities\s*\|\s*(\d+)", run_kg("build", "seeds/", "--out", str(tmp_path / "out"))
                         .stdout.replace("│", "|")).group(1)) == count

"""`kg view GRAPH --out FILE`: from a Turtle file written the way kg build writes it, or node-link JSON."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from typer.testing import CliRunner
from view_graphs import seed_like_graph

from kg import graph as kg_graph
from kg.cli import app
from kg.types import Attribution, Document, Entity, Fact, Mention, Resolution, Sentence

TEXT = "Kremlin spokesman Dmitry Peskov said the United States sent weapons to Ukraine."
runner = CliRunner()


def mention(text: str, label: str) -> Mention:
    start = TEXT.index(text)
    return Mention(doc_id=DOCUMENT.id, sentence=0, start=start, end=start + len(text), text=text, label=label)


DOCUMENT = Document(id="d00000000000000a1", text=TEXT, title="Peskov <b>on</b> weapons", date="2024-05-31")
SENTENCE = Sentence(doc_id=DOCUMENT.id, index=0, start=0, end=len(TEXT), text=TEXT)
ENTITIES = {"Dmitry Peskov": ("dmitry-peskov", "Person"), "the United States": ("united-states", "Country"),
            "Ukraine": ("ukraine", "Country")}


def page_data(html: str) -> dict:
    return json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1))


@pytest.fixture(scope="module")
def turtle(tmp_path_factory):
    mentions = {text: mention(text, "PERSON" if kind == "Person" else "GPE") for text, (_, kind) in ENTITIES.items()}
    fact = Fact(doc_id=DOCUMENT.id, sentence=SENTENCE, subject=mentions["the United States"], relation="send",
                relation_text="sent", object=mentions["Ukraine"],
                attribution=Attribution(speaker=mentions["Dmitry Peskov"], verb="say"), confidence=0.7)
    resolution = Resolution(
        entities=tuple(Entity(key=key, name=text.removeprefix("the "), type=kind, aliases=(text,))
                       for text, (key, kind) in ENTITIES.items()),
        mention_entity={(m.doc_id, m.start, m.end): ENTITIES[text][0] for text, m in mentions.items()},
    )
    path = tmp_path_factory.mktemp("built") / "graph.ttl"
    path.write_text(kg_graph.to_turtle(kg_graph.build_dataset([DOCUMENT], [fact], resolution)), encoding="utf-8")
    return path


def test_view_of_a_turtle_graph(turtle, tmp_path):
    out = tmp_path / "graph.html"
    result = runner.invoke(app, ["view", str(turtle), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert sorted(node["label"] for node in data["nodes"]) == ["Dmitry Peskov", "Ukraine", "United States"]
    (edge,) = data["edges"]
    assert (edge["label"], edge["attributed"]) == ("send", True)
    (statement,) = edge["statements"]
    assert statement["attributedTo"] == ["Dmitry Peskov"]
    assert [(source["sentence"], source["title"], source["date"]) for source in statement["sources"]] == [
        (TEXT, "Peskov <b>on</b> weapons", "2024-05-31")]


def test_view_of_node_link_json_with_focus(tmp_path):
    graph_file = tmp_path / "graph.json"
    graph_file.write_text(json.dumps(nx.node_link_data(seed_like_graph(), edges="edges")), encoding="utf-8")
    out = tmp_path / "new folder" / "peskov.html"
    result = runner.invoke(app, ["view", str(graph_file), "--focus", "Peskov", "--hops", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert sorted(node["label"] for node in data["nodes"]) == ["Dmitry Peskov", "Kremlin"]
    assert (data["info"]["leftOut"], data["info"]["focus"]) == (17, ["Dmitry Peskov"])


@pytest.mark.parametrize(("arguments", "message"), [
    (["--focus", "Nobody"], "no entity named 'Nobody' in the graph"),
    (["--max-nodes", "0"], "max_nodes must be a positive integer, not 0"),
    (["--focus", "Peskov", "--hops", "-1"], "hops must be a non-negative integer, not -1"),
])
def test_bad_options_fail_with_one_line_and_write_nothing(turtle, tmp_path, arguments, message):
    out = tmp_path / "graph.html"
    result = runner.invoke(app, ["view", str(turtle), "--out", str(out), *arguments])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not out.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("broken.ttl", "<a> <b> .", "broken.ttl: not valid turtle"),
    ("broken.json", "{not json", "broken.json: not a node-link JSON graph"),
    ("missing.json", None, "missing.json: cannot read: No such file or directory"),
    ("missing.ttl", None, "missing.ttl"),
])
def test_unreadable_graphs_are_named(tmp_path, name, content, message):
    graph_file = tmp_path / name
    if content is not None:
        graph_file.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["view", str(graph_file), "--out", str(tmp_path / "out.html")])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())

"""GraphML, GEXF and node-link JSON of the entity graph: they load back with networkx unchanged."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from kg import export
from kg.graph import to_networkx

READERS = {
    "graphml": ("graph.graphml", lambda text: nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)),
    "gexf": ("graph.gexf", lambda text: nx.read_gexf(io.BytesIO(text.encode("utf-8")))),
    "node-link": ("graph.json", lambda text: nx.node_link_graph(json.loads(text), edges="edges")),
}


@pytest.mark.parametrize("fmt", READERS)
def test_the_file_loads_back_with_the_same_nodes_and_edges(story, fmt):
    name, read = READERS[fmt]
    files = export.render(story, fmt)
    assert list(files) == [name]
    view = to_networkx(story)
    back = read(files[name])
    assert back.is_directed() and back.is_multigraph()
    assert (back.number_of_nodes(), back.number_of_edges()) == (view.number_of_nodes(), view.number_of_edges())
    assert set(map(str, back.nodes)) == set(view.nodes)
    labels = {str(node): data.get("label") for node, data in back.nodes(data=True)}
    assert labels == {node: data["label"] for node, data in view.nodes(data=True)}


def test_graphml_keeps_edge_keys_and_typed_attributes(story):
    back = READERS["graphml"][1](export.render(story, "graphml")["graph.graphml"])
    view = to_networkx(story)
    assert {key for _, _, key in back.edges(keys=True)} == {key for _, _, key in view.edges(keys=True)}
    for source, target, key, data in view.edges(keys=True, data=True):
        loaded = back.edges[source, target, key]
        assert loaded["negated"] is data["negated"] and loaded["confidence"] == pytest.approx(data["confidence"])
        assert json.loads(loaded["sources"]) == data["sources"]
        assert json.loads(loaded["attributed_to"]) == data["attributed_to"]


def test_node_link_keeps_lists_as_lists(story):
    data = json.loads(export.render(story, "node-link")["graph.json"])
    peskov = next(node for node in data["nodes"] if node["label"] == "Dmitry Peskov")
    assert peskov["aliases"] == ["Kremlin spokesman Dmitry Peskov", "Peskov"]
    assert all(isinstance(edge["sources"], list) for edge in data["edges"])


def test_gexf_has_no_date_of_writing(story):
    text = export.render(story, "gexf")["graph.gexf"]
    assert "lastmodifieddate" not in text and "<creator>kg</creator>" in text

"""Starting positions: every connected part an island, the big stories first, the same every time."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from view_graphs import BASE, add_entity, add_fact, big_graph, seed_like_graph

from kg.view.layout import CHAR_EM, EDGE_LENGTH, LABEL_FONT, MAX_NODES, MAX_PART, SMALL_PART, initial_layout


def story_with_small_parts() -> nx.MultiDiGraph:
    """The seed-like story (one part of 19) and 30 pairs and triples, as news graphs are."""
    graph = seed_like_graph()
    for index in range(30):
        nodes = [add_entity(graph, f"p{index}-{member}", f"Thing {index}.{member}", "Concept")
                 for member in range(2 + index % 2)]
        for left, right in zip(nodes, nodes[1:]):
            add_fact(graph, left, "be", "is", right, key=f"{BASE}statement/p{index}-{left[-1]}")
    return graph


@pytest.fixture(scope="module")
def graph():
    return story_with_small_parts()


@pytest.fixture(scope="module")
def layout(graph):
    return initial_layout(graph, {node: graph.nodes[node]["label"] for node in graph})


def test_every_entity_gets_integer_coordinates(graph, layout):
    assert layout.positions.keys() == set(graph)
    assert all(isinstance(value, int) for point in layout.positions.values() for value in point)


def test_same_graph_same_positions_whatever_the_order():
    forward, backward = seed_like_graph(), seed_like_graph(order=-1)
    labels = {node: forward.nodes[node]["label"] for node in forward}
    assert initial_layout(forward, labels) == initial_layout(backward, labels)


def assert_parts_apart(graph, layout):
    boxes = []
    for part in nx.weakly_connected_components(graph):
        xs = [layout.positions[node][0] for node in part]
        ys = [layout.positions[node][1] for node in part]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for index, (left, top, right, bottom) in enumerate(boxes):
        for other_left, other_top, other_right, other_bottom in boxes[index + 1:]:
            assert right < other_left or other_right < left or bottom < other_top or other_bottom < top


def test_parts_do_not_overlap(graph, layout):
    assert_parts_apart(graph, layout)


def test_the_big_story_is_main_and_drawn_first_at_the_top_left(graph, layout):
    story = max(nx.weakly_connected_components(graph), key=len)
    assert layout.main == {node for part in nx.weakly_connected_components(graph) if len(part) > SMALL_PART
                           for node in part} == story
    for axis in (0, 1):  # give or take the room for a label
        assert min(layout.positions[node][axis] for node in story) <= 60 + min(
            point[axis] for point in layout.positions.values())


def test_linked_entities_are_about_an_edge_length_apart(graph, layout):
    story = graph.subgraph(max(nx.weakly_connected_components(graph), key=len))
    lengths = [math.dist(layout.positions[u], layout.positions[v]) for u, v in story.edges() if u != v]
    assert 0.7 * EDGE_LENGTH < sum(lengths) / len(lengths) < 1.3 * EDGE_LENGTH


def test_the_drawing_is_landscape(layout):
    xs = [x for x, _ in layout.positions.values()]
    ys = [y for _, y in layout.positions.values()]
    assert 1.0 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 2.5


@pytest.mark.parametrize("graph", [
    big_graph(nodes=MAX_PART + 1),  # one part too big for networkx's dense layout
    nx.MultiDiGraph([(f"urn:{index}", f"urn:{index}-b") for index in range(MAX_NODES // 2 + 1)]),  # many pairs
], ids=["one-big-part", "many-entities"])
def test_big_graphs_are_left_to_the_browser(graph):
    layout = initial_layout(graph, {})
    assert (layout.positions, layout.main) == ({}, frozenset())


def test_many_parts_are_all_placed_without_overlap():
    graph = nx.MultiDiGraph()
    for index in range(60):  # more big parts than are placed corner by corner
        nx.add_path(graph, [f"urn:{index}-{member}" for member in range(5 + index % 3)])
    layout = initial_layout(graph, {node: node for node in graph})
    assert layout.positions.keys() == set(graph)
    assert_parts_apart(graph, layout)


def test_the_names_around_a_hub_do_not_overlap():
    graph = nx.MultiDiGraph()
    hub = add_entity(graph, "hub", "Ukraine", "Country")
    for index in range(24):
        leaf = add_entity(graph, f"leaf-{index}", f"a rather long name number {index}", "Concept")
        add_fact(graph, hub, "have", "has", leaf, key=f"{BASE}statement/leaf-{index}")
    labels = {node: graph.nodes[node]["label"] for node in graph}
    positions = initial_layout(graph, labels).positions
    leaves = sorted(set(graph) - {hub})
    width = CHAR_EM * LABEL_FONT[0] * len(labels[leaves[0]])  # every leaf has the smallest label font
    height = LABEL_FONT[0]
    for index, left in enumerate(leaves):
        for right in leaves[index + 1:]:
            (x1, y1), (x2, y2) = positions[left], positions[right]
            assert abs(x1 - x2) >= width or abs(y1 - y2) >= height, (labels[left], labels[right])

"""Starting positions: each community an island with its title, the big stories first, the same every time."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from view_graphs import BASE, add_entity, add_fact, big_graph, seed_like_graph

from kg.view import importance
from kg.view.select import ties
from kg.view.layout import (
    CHAR_EM,
    EDGE_LENGTH,
    LABEL_FONT,
    MAX_NODES,
    MAX_PART,
    OPT_IN_RING,
    TITLED,
    initial_layout,
)


def story_with_small_parts() -> nx.MultiDiGraph:
    """The seed-like story (one part of 19) and 30 pairs and triples, as news graphs are."""
    graph = seed_like_graph()
    for index in range(30):
        nodes = [add_entity(graph, f"p{index}-{member}", f"Thing {index}.{member}", "Person")
                 for member in range(2 + index % 2)]
        for left, right in zip(nodes, nodes[1:]):
            add_fact(graph, left, "meet", "met", right, key=f"{BASE}statement/p{index}-{left[-1]}")
    return graph


def two_stories() -> nx.MultiDiGraph:
    """Two stories of 8 people who all met, joined by one fact, and a concept beside each."""
    graph = nx.MultiDiGraph()
    for story in ("a", "b"):
        people = [add_entity(graph, f"{story}{index}", f"Person {story.upper()}{index}", "Person")
                  for index in range(8)]
        for index, left in enumerate(people):
            for right in people[index + 1:]:
                add_fact(graph, left, "meet", "met", right, key=f"{BASE}statement/{left[-3:]}-{right[-3:]}")
        concept = add_entity(graph, f"{story}-idea", f"idea {story}", "Concept")
        add_fact(graph, people[0], "have", "has", concept, key=f"{BASE}statement/{story}-idea")
    add_fact(graph, BASE + "entity/a0", "call", "called", BASE + "entity/b0", key=f"{BASE}statement/bridge")
    return graph


def lay_out(graph: nx.MultiDiGraph):
    opt_in = frozenset(node for node in graph if graph.nodes[node].get("type") in ("Concept", "Date"))
    labels = {node: graph.nodes[node].get("label", node) for node in graph}
    return initial_layout(ties(graph), labels, importance(graph), opt_in)


@pytest.fixture(scope="module")
def graph():
    return story_with_small_parts()


@pytest.fixture(scope="module")
def layout(graph):
    return lay_out(graph)


def test_every_entity_gets_integer_coordinates(graph, layout):
    assert layout.positions.keys() == set(graph)
    assert all(isinstance(value, int) for point in layout.positions.values() for value in point)


def test_same_graph_same_positions_whatever_the_order():
    assert lay_out(seed_like_graph()) == lay_out(seed_like_graph(order=-1))


def boxes_of(groups, positions):
    return [(min(positions[node][0] for node in group), min(positions[node][1] for node in group),
             max(positions[node][0] for node in group), max(positions[node][1] for node in group)) for group in groups]


def assert_apart(boxes):
    for index, (left, top, right, bottom) in enumerate(boxes):
        for other_left, other_top, other_right, other_bottom in boxes[index + 1:]:
            assert right < other_left or other_right < left or bottom < other_top or other_bottom < top


def test_parts_do_not_overlap(graph, layout):
    assert_apart(boxes_of(nx.weakly_connected_components(graph), layout.positions))


def test_communities_are_islands_titled_by_their_most_important_entities():
    graph = two_stories()
    layout = lay_out(graph)
    assert len(layout.clusters) == 2
    weight = importance(graph)
    for cluster in layout.clusters:
        people = {node[-2] for node in cluster.nodes}
        assert len(people) == 1 and len(cluster.nodes) == 8  # one story each, its concept not in it
        assert list(cluster.title) == sorted(cluster.nodes, key=lambda node: (-weight[node], node))[:3]
        # The title is above its cluster's entities.
        assert cluster.centre[1] < min(layout.positions[node][1] for node in cluster.nodes)
    assert_apart(boxes_of([cluster.nodes for cluster in layout.clusters], layout.positions))


def test_concepts_sit_around_the_entity_they_are_linked_to():
    graph = two_stories()
    positions = lay_out(graph).positions
    for story in ("a", "b"):
        distance = math.dist(positions[f"{BASE}entity/{story}-idea"], positions[f"{BASE}entity/{story}0"])
        assert distance == pytest.approx(OPT_IN_RING, abs=1)


def test_small_parts_get_no_title_and_the_big_story_comes_first_at_the_top_left(graph, layout):
    story = max(nx.connected_components(ties(graph)), key=len)  # facts, and speakers with what they claim
    titled = [cluster for cluster in layout.clusters]
    assert all(len(cluster.nodes) >= TITLED for cluster in titled)
    assert set().union(*(cluster.nodes for cluster in titled)) <= story
    for axis in (0, 1):  # give or take the room for a title and a label
        assert min(layout.positions[node][axis] for node in story) <= 120 + min(
            point[axis] for point in layout.positions.values())


def test_linked_entities_are_about_an_edge_length_apart(graph, layout):
    cluster = layout.clusters[0]
    story = graph.subgraph(cluster.nodes)
    lengths = [math.dist(layout.positions[u], layout.positions[v]) for u, v in story.edges() if u != v]
    assert 0.6 * EDGE_LENGTH < sum(lengths) / len(lengths) < 1.5 * EDGE_LENGTH


def test_the_drawing_is_landscape(layout):
    xs = [x for x, _ in layout.positions.values()]
    ys = [y for _, y in layout.positions.values()]
    assert 0.9 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 2.5


def test_a_part_too_big_for_one_layout_is_split_into_communities():
    graph = big_graph(nodes=3 * MAX_PART)
    layout = lay_out(graph)
    assert layout.positions.keys() == set(graph)
    assert all(len(cluster.nodes) <= MAX_PART for cluster in layout.clusters)
    assert len(layout.clusters) >= 3


def test_graphs_too_big_to_lay_out_here_are_left_to_the_browser():
    graph = nx.MultiDiGraph([(f"urn:{index}", f"urn:{index}-b") for index in range(MAX_NODES // 2 + 1)])
    nx.set_node_attributes(graph, "", "label")
    layout = initial_layout(ties(graph), {}, importance(graph))
    assert (layout.positions, layout.clusters) == ({}, ())


def test_many_parts_are_all_placed_without_overlap():
    graph = nx.MultiDiGraph()
    for index in range(60):  # more big parts than are placed corner by corner
        nx.add_path(graph, [f"urn:{index}-{member}" for member in range(5 + index % 3)])
    layout = initial_layout(ties(graph), {node: node for node in graph}, importance(graph))
    assert layout.positions.keys() == set(graph)
    assert_apart(boxes_of(nx.weakly_connected_components(graph), layout.positions))


def test_the_names_around_a_hub_do_not_overlap():
    graph = nx.MultiDiGraph()
    hub = add_entity(graph, "hub", "Ukraine", "Country")
    for index in range(24):
        leaf = add_entity(graph, f"leaf-{index}", f"a rather long name number {index}", "Person")
        add_fact(graph, hub, "have", "has", leaf, key=f"{BASE}statement/leaf-{index}")
    labels = {node: graph.nodes[node]["label"] for node in graph}
    positions = initial_layout(ties(graph), labels, importance(graph)).positions
    leaves = sorted(set(graph) - {hub})
    width = CHAR_EM * LABEL_FONT[0] * len(labels[leaves[0]])  # every leaf has the smallest label font
    height = LABEL_FONT[0]
    for index, left in enumerate(leaves):
        for right in leaves[index + 1:]:
            (x1, y1), (x2, y2) = positions[left], positions[right]
            assert abs(x1 - x2) >= width or abs(y1 - y2) >= height, (labels[left], labels[right])

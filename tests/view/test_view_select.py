"""Cutting a graph down for drawing: the most connected part, or a neighbourhood."""

from __future__ import annotations

import pytest
from view_graphs import BASE, add_fact, seed_like_graph

from kg.view import find_entities, select


def entity(key: str) -> str:
    return BASE + "entity/" + key


@pytest.fixture(scope="module")
def graph():
    return seed_like_graph()


def test_no_limit_keeps_everything(graph):
    selection = select(graph)
    assert selection.graph is graph
    assert (selection.left_out, selection.left_out_facts) == ((), 0)
    assert (selection.total_nodes, selection.total_facts) == (19, 22)


def test_max_nodes_keeps_the_most_connected_and_names_what_is_left_out(graph):
    selection = select(graph, max_nodes=4)
    # Statements plus claims: Ukraine 11 + 2, Dmitry Peskov 1 + 5, then four with 4: ties go by name.
    assert set(selection.graph) == {entity("ukraine"), entity("dmitry-peskov"), entity("joe-biden"),
                                    entity("russia")}
    assert selection.graph.number_of_edges() == 4
    assert (len(selection.left_out), selection.left_out_facts) == (15, 22 - 4)
    assert selection.left_out[:3] == ("United States", "pro-Ukrainian militia", "US weapons")


def test_speakers_rank_by_their_claims_too():
    graph = seed_like_graph()
    graph.add_node(entity("speaker"), label="Speaker", type="Person", aliases=["Dr Speaker"], wikidata="")
    for key in range(3):
        add_fact(graph, entity("russia"), "warn", "warned", entity("kharkiv"), attributed_to=["Dr Speaker"],
                 key=f"{BASE}statement/claim-{key}")
    assert set(select(graph, max_nodes=3).graph) == {entity("ukraine"), entity("russia"), entity("dmitry-peskov")}
    ranked = select(graph, max_nodes=1).left_out  # most connected first
    assert ranked.index("Speaker") < ranked.index("Humvee")  # 3 claims and no statement, against 2 statements
    graph.add_node(entity("namesake"), label="Dr Speaker", type="Person", aliases=[], wikidata="")
    ranked = select(graph, max_nodes=1).left_out
    assert ranked.index("Speaker") > ranked.index("Humvee")  # whose claims they are is now unclear


def test_big_graph_max_nodes(big):
    selection = select(big, max_nodes=500)
    degree = dict(big.degree())
    assert selection.graph.number_of_nodes() == 500
    assert min(degree[node] for node in selection.graph) >= max(
        degree[node] for node in big if node not in selection.graph)
    assert len(selection.left_out) == 4500
    assert selection.left_out_facts == big.number_of_edges() - selection.graph.number_of_edges()


@pytest.mark.parametrize(("focus", "hops", "expected"), [
    ("Dmitry Peskov", 1, {"dmitry-peskov", "kremlin"}),
    ("peskov", 2, {"dmitry-peskov", "kremlin", "joe-biden"}),  # alias, any case; direction ignored
    (BASE + "entity/dmitry-peskov", 0, {"dmitry-peskov"}),  # IRI
    ("Belgorod", 1, {"belgorod", "reuters"}),  # exact name beats "Belgorod raid"
    ("kharki", 1, {"kharkiv", "russia"}),  # part of a name when nothing matches exactly
    ("Kremlin", 1, {"kremlin", "dmitry-peskov", "joe-biden"}),  # not "anti-Kremlin groups"
])
def test_focus_draws_the_neighbourhood(graph, focus, hops, expected):
    selection = select(graph, focus=focus, hops=hops)
    assert set(selection.graph) == {entity(key) for key in expected}
    assert len(selection.left_out) == 19 - len(expected)
    assert selection.hops == hops


def test_focus_then_max_nodes_keeps_the_closest_first(graph):
    selection = select(graph, focus="Ukraine", hops=2, max_nodes=3)
    assert entity("ukraine") in selection.graph
    assert selection.focus == (entity("ukraine"),)
    assert selection.graph.number_of_nodes() == 3
    neighbours = {*graph.successors(entity("ukraine")), *graph.predecessors(entity("ukraine"))}
    assert set(selection.graph) - {entity("ukraine")} <= neighbours


def test_several_entities_with_one_name_are_all_focused():
    graph = seed_like_graph()
    graph.add_node(BASE + "entity/peskov-2", label="Peskov", type="Person", aliases=[], wikidata="")
    assert find_entities(graph, "Peskov") == [entity("dmitry-peskov"), BASE + "entity/peskov-2"]


@pytest.mark.parametrize(("options", "message"), [
    ({"max_nodes": 0}, "max_nodes must be a positive integer, not 0"),
    ({"max_nodes": -5}, "max_nodes must be a positive integer, not -5"),
    ({"max_nodes": True}, "max_nodes must be a positive integer, not True"),
    ({"max_nodes": "5"}, "max_nodes must be a positive integer, not '5'"),
    ({"hops": -1, "focus": "Ukraine"}, "hops must be a non-negative integer, not -1"),
    ({"focus": "  "}, "focus must name an entity, not an empty string"),
    ({"focus": "Peskow"}, "no entity named 'Peskow' in the graph; did you mean 'Peskov'?"),
    ({"focus": "zzz"}, "no entity named 'zzz' in the graph"),
])
def test_bad_options_are_clear_errors(graph, options, message):
    with pytest.raises(ValueError) as error:
        select(graph, **options)
    assert str(error.value) == message

"""Cutting a graph down for drawing: the most connected part, or a neighbourhood."""

from __future__ import annotations

import pytest
from view_graphs import BASE, add_entity, add_fact, seed_like_graph, source

from kg.view import choose, find_entities, importance, select
from kg.view.select import OPT_IN_SHARE, OPT_IN_TYPES


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


def test_importance_counts_statements_and_claims_once_each_and_articles_thrice(graph):
    weight = importance(graph)
    # Ukraine: 11 statements (two of them its own claims), from 3 articles.
    assert weight[entity("ukraine")] == 11 + 3 * 3
    # Dmitry Peskov: 1 statement and 5 claims, all from one article.
    assert weight[entity("dmitry-peskov")] == 6 + 3 * 1
    assert weight[entity("humvee")] == 2 + 3 * 1


def test_an_entity_of_many_articles_outranks_one_of_many_statements_in_one():
    graph = seed_like_graph()
    for index in range(6):  # Reuters: 7 statements, all from one article
        add_fact(graph, entity("reuters"), "report", "reported", entity("belgorod"), sources=[source("d1", "R.")],
                 key=f"{BASE}statement/reuters-{index}")
    for document in ("d1", "d2"):  # Kharkiv: 3 statements, from 3 articles
        add_fact(graph, entity("russia"), "shell", "shelled", entity("kharkiv"), sources=[source(document, "S.")],
                 key=f"{BASE}statement/kharkiv-{document}")
    assert graph.degree(entity("reuters")) > graph.degree(entity("kharkiv"))
    weight = importance(graph)
    assert weight[entity("kharkiv")] > weight[entity("reuters")]


def test_max_nodes_keeps_the_most_important_and_names_what_is_left_out_most_important_first(graph):
    selection = select(graph, max_nodes=4)
    assert set(selection.graph) == {entity("ukraine"), entity("united-states"), entity("russia"), entity("us-weapons")}
    assert selection.graph.number_of_edges() == 7
    assert (len(selection.left_out), selection.left_out_facts) == (15, 22 - 7)
    assert selection.left_out[:3] == ("Joe Biden", "Dmitry Peskov", "pro-Ukrainian militia")
    # Concepts and dates are named last, whatever their importance.
    assert selection.left_out[-2:] == ("2024-05-30", "involvement in the conflict")


def test_named_entities_first_and_concepts_only_in_their_share(graph):
    kept, _ = choose(graph, max_nodes=10)
    opt_in = [node for node in kept if graph.nodes[node]["type"] in OPT_IN_TYPES]
    assert len(kept) == 10 and len(opt_in) == 10 // OPT_IN_SHARE
    assert set(opt_in) == {entity("2024-05-30"), entity("involvement")}  # each in a fact with a named one kept
    assert kept[:8] == [entity(key) for key in ("ukraine", "russia", "united-states", "us-weapons", "joe-biden",
                                                "dmitry-peskov", "pro-ukrainian-militia", "antony-blinken")]


def test_named_entities_without_a_fact_with_another_come_after_the_concept_share():
    graph = seed_like_graph()
    lonely = add_entity(graph, "lonely", "Lonely Person", "Person")
    for index in range(9):  # important, but only ever with a concept
        add_fact(graph, lonely, "have", "has", entity("involvement"), key=f"{BASE}statement/lonely-{index}",
                 sources=[source("d1", "L.")])
    kept, left_out = choose(graph, max_nodes=19)
    assert entity("involvement") in kept and entity("kharkiv") in kept and lonely not in kept
    assert importance(graph)[lonely] > importance(graph)[entity("kharkiv")]
    assert left_out == [lonely]
    assert choose(graph, max_nodes=20) == (choose(graph, max_nodes=None)[0], [])  # room for all


def test_speakers_rank_by_their_claims_too():
    graph = seed_like_graph()
    graph.add_node(entity("speaker"), label="Speaker", type="Person", aliases=["Dr Speaker"], wikidata="")
    for key in range(3):
        add_fact(graph, entity("russia"), "warn", "warned", entity("kharkiv"), attributed_to=["Dr Speaker"],
                 sources=[source("d1", "W.")], key=f"{BASE}statement/claim-{key}")
    ranked = select(graph, max_nodes=1).left_out  # most important first
    assert ranked.index("Speaker") < ranked.index("Humvee")  # 3 claims, 1 article, against 2 statements, 1 article
    graph.add_node(entity("namesake"), label="Dr Speaker", type="Person", aliases=[], wikidata="")
    ranked = select(graph, max_nodes=1).left_out
    assert ranked.index("Speaker") > ranked.index("Humvee")  # whose claims they are is now unclear


def test_big_graph_max_nodes(big):
    selection = select(big, max_nodes=500)
    weight = importance(big)
    named = [node for node in selection.graph if big.nodes[node]["type"] not in OPT_IN_TYPES]
    assert selection.graph.number_of_nodes() == 500 and len(named) == 400
    assert min(weight[node] for node in named) >= max(
        weight[node] for node in big if node not in selection.graph and big.nodes[node]["type"] not in OPT_IN_TYPES)
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

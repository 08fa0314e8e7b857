"""graph.html of a big build reads only what it draws: kg.graph.to_networkx(choose=...) with kg.view.choose."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

import kg
from kg import api, graph, view

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def built():
    return kg.build([SEEDS])


def test_a_capped_reading_keeps_what_the_page_would_choose_and_their_statements(built):
    full = built.nx
    capped = graph.to_networkx(built.quads, choose=functools.partial(view.choose, max_nodes=30))
    kept, left_out = view.choose(full, max_nodes=30)
    assert sorted(capped) == sorted(kept)
    assert set(capped.edges(keys=True)) == set(full.subgraph(kept).edges(keys=True))
    assert all(capped.nodes[node] == full.nodes[node] for node in capped)
    assert all(capped.edges[edge] == full.edges[edge] for edge in capped.edges(keys=True))
    assert capped.graph["left_out"] == tuple(full.nodes[node]["label"] for node in left_out)
    assert capped.graph["total_facts"] == full.number_of_edges()


def test_a_reading_that_keeps_everything_is_the_whole_graph(built):
    whole = graph.to_networkx(built.quads, choose=functools.partial(view.choose, max_nodes=10_000))
    assert set(whole.edges(keys=True)) == set(built.nx.edges(keys=True)) and not whole.graph


def test_the_page_of_a_capped_build_says_what_it_left_out(built):
    page = built.to_html(max_nodes=30)
    counts = {name: int(value) for name, value in re.findall(r'"(totalNodes|leftOut)":\s*(\d+)', page)}
    assert counts == {"totalNodes": built.nx.number_of_nodes(), "leftOut": built.nx.number_of_nodes() - 30}
    # The same page as choosing from the whole graph in memory.
    assert page == view.render_html(built.nx, max_nodes=30)
    # kg build caps its page; the seeds are far below the cap, so their page is the whole graph.
    assert built.nx.number_of_nodes() < api.PAGE_MAX_ENTITIES
    assert built.to_html(max_nodes=api.PAGE_MAX_ENTITIES) == built.to_html()

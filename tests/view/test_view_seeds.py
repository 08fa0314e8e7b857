"""The page of the real seed build (what `kg build seeds/` writes to out/graph.html), in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_build():
    return kg.build([SEEDS])


@pytest.fixture
def seed_page(open_html, seed_build):
    return open_html(seed_build.to_html())


def test_seed_page_is_offline_and_draws_the_whole_graph(seed_page, seed_build):
    graph = seed_build.nx
    facts = {(u, v, attrs["relation"], attrs["negated"]) for u, v, attrs in graph.edges(data=True)}
    assert seed_page.requests == [seed_page.url]
    assert seed_page.console_errors == []
    assert seed_page.js("kgView.nodes.length") == graph.number_of_nodes() > 50
    assert seed_page.js("kgView.edges.length") == len(facts) > 50


def test_search_finds_peskov_in_the_seed_graph(seed_page):
    seed_page.page.fill("#search", "Peskov")
    seed_page.page.press("#search", "Enter")
    matches = seed_page.js("kgView.searchMatches.map((id) => kgView.nodes.get(id).name)")
    assert "Dmitry Peskov" in matches
    assert seed_page.js("kgView.network.getSelectedNodes()") == seed_page.js("kgView.searchMatches")
    if len(matches) == 1:  # a single match is focused, its card pinned
        assert seed_page.page.locator("#details-body h3").inner_text() == "Dmitry Peskov"


def test_type_filter_hides_the_seed_graphs_concepts(seed_page, seed_build):
    concepts = sum(1 for _, entity_type in seed_build.nx.nodes(data="type") if entity_type == "Concept")
    seed_page.page.locator("#legend li[data-type='Concept'] input").uncheck()
    assert seed_page.js("kgView.visibleNodes") == seed_build.nx.number_of_nodes() - concepts
    assert seed_page.js("kgView.nodes.get({filter: (node) => node.entityType === 'Concept' && !node.hidden})") == []

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


def test_search_finds_peskov_in_the_seed_graph_even_where_only_concepts_show_him(seed_page):
    # Every fact and claim of his in the seeds is with a concept ("Kremlin spokesman"), so the
    # entities-first page hides him until concepts are shown.
    seed_page.page.fill("#search", "Peskov")
    seed_page.page.press("#search", "Enter")
    matches = seed_page.js("kgView.searchMatches.map((id) => kgView.nodes.get(id).name)")
    assert "Dmitry Peskov" in matches
    assert "hidden by filters" in seed_page.page.locator("#search-status").inner_text()
    seed_page.page.locator("#legend li[data-type='Concept'] input").check()
    seed_page.page.press("#search", "Enter")
    assert seed_page.js("kgView.network.getSelectedNodes()") == seed_page.js("kgView.searchMatches")
    if len(matches) == 1:  # a single match is focused, its card pinned
        assert seed_page.page.locator("#details-body h3").inner_text() == "Dmitry Peskov"


def test_concepts_are_opt_in_in_the_seed_graph(seed_page, seed_build):
    concepts = {node for node, entity_type in seed_build.nx.nodes(data="type") if entity_type == "Concept"}
    shown = "kgView.nodes.get({filter: (node) => node.entityType === 'Concept' && !node.hidden}).length"
    assert seed_page.js(shown) == 0
    assert 0 < seed_page.js("kgView.visibleNodes") < seed_build.nx.number_of_nodes() - len(concepts)
    seed_page.page.locator("#legend li[data-type='Concept'] input").check()
    seed_page.page.locator("#legend li[data-type='Date'] input").check()  # some concepts' only facts are with dates
    assert seed_page.js(shown) == len(concepts)
    seed_page.page.locator("#legend li[data-type='Concept'] input").uncheck()
    assert seed_page.js(shown) == 0

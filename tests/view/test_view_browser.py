"""The page in a real, offline Chromium: loads from file://, draws, searches, filters, stays safe."""

from __future__ import annotations

import pytest
from view_graphs import BASE, XSS_PAYLOADS

from kg.view import render_html
from kg.view.select import speakers

PESKOV = BASE + "entity/dmitry-peskov"
BIDEN = BASE + "entity/joe-biden"
UKRAINE = BASE + "entity/ukraine"
SEED_PERSONS = {BASE + "entity/" + key for key in ("mark-milley", "dmitry-peskov", "joe-biden", "antony-blinken")}


OPT_IN = {BASE + "entity/2024-05-30", BASE + "entity/involvement"}  # a date and a concept


@pytest.fixture
def seed_page(open_html, seed_graph):
    return open_html(render_html(seed_graph))


def expected_facts(graph, *, hidden_types=("Concept", "Date"), keep=lambda attrs: True):
    """The (subject, relation, object, negated) facts a page should show, and the entities in them
    or claiming them (of a shown type)."""
    facts = {(u, attrs["relation"], v, attrs["negated"]) for u, v, attrs in graph.edges(data=True)
             if graph.nodes[u]["type"] not in hidden_types and graph.nodes[v]["type"] not in hidden_types
             and keep(attrs)}
    owner = speakers(graph)
    claimants = {owner[name] for u, v, attrs in graph.edges(data=True) if (u, attrs["relation"], v, attrs["negated"])
                 in facts for name in attrs["attributed_to"] if name in owner}
    return facts, {node for u, _, v, _ in facts for node in (u, v)} | {
        node for node in claimants if graph.nodes[node]["type"] not in hidden_types}


def shown_facts(opened) -> set:
    return {tuple(fact) for fact in opened.js(
        "kgView.edges.get({filter: (edge) => !edge.hidden}).map((e) => [e.from, e.relation, e.to, e.negated])")}


def visible_nodes(opened) -> set[str]:
    return set(opened.js("kgView.nodes.get({filter: (node) => !node.hidden}).map((node) => node.id)"))


def visible_edge_count(opened) -> int:
    return opened.js("kgView.edges.get({filter: (edge) => !edge.hidden}).length")


def test_harness_sees_a_request_leave_the_page(open_html):
    # Proves the offline checks below can fail: a page that fetches is caught and blocked.
    opened = open_html('<img src="https://cdn.example.org/x.png"><script>window.kgView = {stabilized: true}</script>')
    opened.page.wait_for_timeout(200)
    assert "https://cdn.example.org/x.png" in opened.requests


def test_seed_page_loads_offline_with_no_request_and_no_console_error(seed_page, seed_graph):
    assert seed_page.requests == [seed_page.url]
    assert seed_page.blocked == []
    assert seed_page.console_errors == []
    assert seed_page.js("kgView.nodes.length") == seed_graph.number_of_nodes() == 19
    # 22 statements; the two "Joe Biden authorize Ukraine" statements share one edge.
    assert seed_page.js("kgView.edges.length") == 21
    assert seed_page.js("kgView.frozen") is True  # physics stopped once stable
    assert seed_page.page.locator("#summary").inner_text() == "19 entities · 22 facts · from 3 articles"
    # Entities first: the concept and the date are drawn only on request.
    assert visible_nodes(seed_page) == set(seed_graph) - OPT_IN
    assert shown_facts(seed_page) == expected_facts(seed_graph)[0]


def test_search_finds_peskov_by_alias_and_shows_his_facts(seed_page):
    seed_page.page.fill("#search", "Peskov")
    seed_page.page.press("#search", "Enter")
    assert seed_page.js("kgView.searchMatches") == [PESKOV]
    assert seed_page.js("kgView.network.getSelectedNodes()") == [PESKOV]
    assert seed_page.page.locator("#search-status").inner_text() == "1 match"
    details = seed_page.page.locator("#details")
    assert details.is_visible()
    assert "Kremlin spokesman Dmitry Peskov" in details.inner_text()
    assert "speak for" in details.inner_text()


def test_selecting_an_entity_dims_all_but_its_neighbourhood(seed_page):
    colours = "Object.fromEntries(kgView.nodes.get().map((node) => [node.id, node.color.background]))"
    before = seed_page.js(colours)
    seed_page.page.fill("#search", "Peskov")
    seed_page.page.press("#search", "Enter")
    during = seed_page.js(colours)
    assert {node for node, colour in during.items() if colour == before[node]} == {PESKOV, BASE + "entity/kremlin"}
    seed_page.page.fill("#search", "")
    seed_page.page.press("#search", "Enter")
    assert seed_page.js(colours) == before


@pytest.mark.parametrize(("query", "status"), [
    ("kremlin", "3 matches"),  # Kremlin, and the aliases "anti-Kremlin groups", "Kremlin spokesman Dmitry Peskov"
    ("nobody at all", "No entity matches “nobody at all”."),
])
def test_search_reports_matches(seed_page, query, status):
    seed_page.page.fill("#search", query)
    seed_page.page.press("#search", "Enter")
    assert seed_page.page.locator("#search-status").inner_text() == status


def test_type_filter_hides_nodes_their_edges_and_entities_left_without_a_fact(seed_page, seed_graph):
    person = seed_page.page.locator("#legend li[data-type='Person'] input")
    person.uncheck()
    facts, entities = expected_facts(seed_graph, hidden_types=("Concept", "Date", "Person"))
    assert shown_facts(seed_page) == facts
    assert visible_nodes(seed_page) == entities
    assert BASE + "entity/pentagon" not in entities  # its one fact is with Mark Milley
    assert seed_page.js("kgView.visibleNodes") == len(entities) == 11
    person.check()
    assert visible_nodes(seed_page) == set(seed_graph) - OPT_IN
    assert visible_edge_count(seed_page) == 19


def test_concepts_and_dates_are_opt_in_and_showing_them_moves_nothing(seed_page, seed_graph):
    positions = seed_page.js("kgView.network.getPositions()")
    assert seed_page.page.locator("#legend li[data-type='Concept']").inner_text().startswith("Concept (opt-in)")
    concept = seed_page.page.locator("#legend li[data-type='Concept'] input")
    assert not concept.is_checked()
    concept.check()
    seed_page.page.locator("#legend li[data-type='Date'] input").check()
    assert visible_nodes(seed_page) == set(seed_graph)
    assert visible_edge_count(seed_page) == 21
    after = seed_page.js("kgView.network.getPositions()")
    assert {node: after[node] for node in positions} == positions and len(after) == 19


def test_fact_toggles_hide_negated_and_attributed_only_facts(seed_page, seed_graph):
    seed_page.page.locator("#show-negated").uncheck()
    assert visible_edge_count(seed_page) == 19 - 3
    assert seed_page.js("kgView.edges.get({filter: (edge) => edge.negated && !edge.hidden}).length") == 0
    seed_page.page.locator("#show-attributed").uncheck()
    # Attributed-only: every statement of the edge has a speaker (the Biden edge has one without).
    assert visible_edge_count(seed_page) == 19 - 3 - 5
    seed_page.page.locator("#show-negated").check()
    seed_page.page.locator("#show-attributed").check()
    assert visible_edge_count(seed_page) == 19


def test_a_date_range_shows_the_facts_of_its_days(seed_page, seed_graph):
    seed_page.page.fill("#date-from", "2024-05-30")
    seed_page.page.fill("#date-to", "2024-05-30")
    facts, entities = expected_facts(seed_graph, keep=lambda attrs: any(
        source["date"] == "2024-05-30" for source in attrs["sources"]))
    assert shown_facts(seed_page) == facts
    assert visible_nodes(seed_page) == entities
    assert len(facts) == 5 and BASE + "entity/mark-milley" not in entities  # his article is of 2023
    assert seed_page.page.locator("#status").inner_text().endswith(
        f"Filters show {len(entities)} of 19 entities and 5 of 21 edges.")
    seed_page.page.fill("#date-from", "2024-01-01")
    seed_page.page.fill("#date-to", "")
    assert shown_facts(seed_page) == expected_facts(seed_graph, keep=lambda attrs: any(
        source["date"] >= "2024" for source in attrs["sources"]))[0]
    seed_page.page.click("#dates-clear")
    assert visible_edge_count(seed_page) == 19


def test_picking_an_article_shows_its_facts_and_sentences(seed_page, seed_graph):
    assert seed_page.page.locator("#articles li").count() == 3
    article = seed_page.page.locator("#articles li button", has_text="Kremlin says US weapons already used")
    article.click()
    assert seed_page.js("kgView.pickedArticle") == BASE + "article/d2"
    facts, entities = expected_facts(seed_graph, keep=lambda attrs: any(
        source["document"] == BASE + "article/d2" for source in attrs["sources"]))
    assert shown_facts(seed_page) == facts and visible_nodes(seed_page) == entities
    card = seed_page.page.locator("#details-body").inner_text()
    assert card.startswith("Kremlin says US weapons already used to strike Russian territory\n2024-05-31")
    assert "Peskov said Russia struck Ukraine." in card
    assert "The United States supplied the weapons." not in card  # another article's
    article.click()  # again: every article
    assert seed_page.js("kgView.pickedArticle") is None
    assert visible_edge_count(seed_page) == 19


def test_stories_are_listed_by_title_and_picking_one_shows_it(seed_page):
    clusters = seed_page.js("JSON.parse(document.getElementById('kg-data').textContent).info.clusters")
    assert clusters
    stories = seed_page.page.locator("#stories li button")
    assert stories.count() == len(clusters)
    assert stories.first.inner_text().startswith(" · ".join(clusters[0]["title"]))
    stories.first.click()
    assert sorted(seed_page.js("kgView.network.getSelectedNodes()")) == sorted(clusters[0]["nodes"])


def test_relation_filter(seed_page):
    seed_page.page.click("#relations-none")
    assert visible_edge_count(seed_page) == 0
    assert visible_nodes(seed_page) == set()
    seed_page.page.locator("#relations li[data-relation='authorize'] input").check()
    assert visible_nodes(seed_page) == {BIDEN, UKRAINE, BASE + "entity/antony-blinken"}  # and who claims it
    seed_page.page.click("#relations-all")
    assert visible_edge_count(seed_page) == 19


def test_hovering_a_node_shows_its_type_aliases_and_facts(seed_page):
    seed_page.page.mouse.move(*seed_page.node_position(PESKOV))
    tooltip = seed_page.page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.text_content()
    for expected in ("Dmitry Peskov", "Person", "Kremlin spokesman Dmitry Peskov", "1 fact", "speak for",
                     "5 claims made", "United States — send → Ukraine says Dmitry Peskov"):
        assert expected in text


def test_hovering_an_edge_shows_attribution_and_sources(seed_page):
    biden, ukraine = seed_page.node_position(BIDEN), seed_page.node_position(UKRAINE)
    # A point on the straight edge, off the middle to miss its label.
    seed_page.page.mouse.move(biden[0] + 0.35 * (ukraine[0] - biden[0]), biden[1] + 0.35 * (ukraine[1] - biden[1]))
    tooltip = seed_page.page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.text_content()
    for expected in ("Joe Biden", "authorize", "Ukraine", "plain fact", "3 sources", "according to Antony Blinken",
                     "stated by the article", "confidence 0.88",
                     "Blinken said Biden authorized the use of US weapons for counter-fire near Kharkiv.",
                     "Biden quietly authorizes Ukraine to strike inside Russia with US weapons · 2024-05-30"):
        assert expected in text


def test_freeze_button_toggles_physics(seed_page):
    button = seed_page.page.locator("#physics")
    assert button.inner_text() == "Unfreeze layout"
    button.click()
    assert seed_page.js("kgView.frozen") is False
    assert seed_page.js("kgView.network.physics.options.enabled") is True
    assert button.inner_text() == "Freeze layout"
    assert seed_page.page.locator("#status").inner_text().startswith("Physics on")
    button.click()
    assert seed_page.js("kgView.network.physics.options.enabled") is False
    assert seed_page.page.locator("#status").inner_text().startswith("Layout frozen")


def test_focus_draws_a_neighbourhood_and_says_what_was_left_out(open_html, seed_graph):
    opened = open_html(render_html(seed_graph, focus="Peskov", hops=1))
    assert set(opened.js("kgView.nodes.getIds()")) == {PESKOV, BASE + "entity/kremlin"}
    assert opened.js("kgView.network.getSelectedNodes()") == [PESKOV]
    notice = opened.page.locator("#left-out").inner_text()
    assert notice.startswith(
        "Showing entities within 1 hop of Dmitry Peskov (of 19). Left out: 17 entities and 21 facts")
    assert opened.console_errors == []


def test_focus_on_a_concept_shows_it(open_html, seed_graph):
    opened = open_html(render_html(seed_graph, focus="involvement in the conflict", hops=1))
    assert visible_nodes(opened) == {BASE + "entity/involvement", BASE + "entity/united-states"}
    assert opened.page.locator("#legend li[data-type='Concept'] input").is_checked()


def test_a_page_of_1000_entities_names_its_stories_and_most_important_entities(open_html, big):
    opened = open_html(render_html(big, max_nodes=1000))
    assert opened.js("kgView.nodes.length") == 1000
    assert opened.js("kgView.network.physics.options.enabled") is False  # laid out by kg, nothing to settle
    clusters = opened.js("JSON.parse(document.getElementById('kg-data').textContent).info.clusters.length")
    assert clusters >= 5
    assert opened.page.locator("#stories li").count() == clusters
    # Drawn on the canvas at the first zoom level: titles, and the names vis-network draws too small to read.
    assert opened.js("kgView.titlesDrawn") >= 5
    assert opened.js("kgView.namesDrawn") >= 10
    assert opened.page.locator("#left-out").inner_text().startswith(
        "Showing the 1,000 most important entities (of 5,000). Left out: 4,000 entities and ")
    assert opened.console_errors == [] and opened.requests == [opened.url]


def test_xss_corpus_shows_as_text_and_runs_nothing(open_html, xss):
    opened = open_html(render_html(xss))
    page = opened.page
    details = page.locator("#details-body")
    # Hover and click every entity and every fact, so that every string is drawn into the page.
    for node, payload in zip(sorted(xss), ["Target <b>bold</b>", *XSS_PAYLOADS]):
        page.mouse.move(*opened.node_position(node))
        page.locator("#tooltip").wait_for(state="visible")
        page.mouse.click(*opened.node_position(node))
        if "\u2028" not in payload:
            assert details.inner_text().startswith(payload)
        page.click("#details-close")  # the card could hide the next entity
    for source, target, relation in xss.edges(data="relation"):
        start, end = opened.node_position(source), opened.node_position(target)
        page.mouse.click(start[0] + 0.3 * (end[0] - start[0]), start[1] + 0.3 * (end[1] - start[1]))
        if "\u2028" not in relation:
            assert "Sentence " + relation in details.inner_text()
            assert "according to " + relation in details.inner_text()
        page.click("#details-close")
    # Every article (their titles are payloads too): its card and its facts.
    articles = page.locator("#articles li button")
    assert articles.count() == len(XSS_PAYLOADS)
    for index in range(articles.count()):
        articles.nth(index).click()
        assert details.inner_text().split("\n")[0] in XSS_PAYLOADS or "\u2028" in details.inner_text()
        articles.nth(index).click()
    stories = page.locator("#stories li button")
    for index in range(stories.count()):
        stories.nth(index).click()
    page.fill("#search", "script")
    page.press("#search", "Enter")
    assert sorted(page.locator("#search-results").inner_text().splitlines()) == sorted(
        payload for payload in XSS_PAYLOADS if "script" in payload)
    assert opened.dialogs == []
    assert opened.js("window.__pwned === undefined")
    assert opened.js("document.querySelectorAll('img, svg, iframe, object, embed, a').length") == 0
    assert opened.requests == [opened.url]
    assert opened.console_errors == []


@pytest.mark.slow
def test_a_page_too_big_for_kgs_layout_is_laid_out_by_the_browser_which_then_stops(open_html, big, monkeypatch):
    # As a page of more than MAX_NODES entities would be, without waiting minutes for one.
    monkeypatch.setattr("kg.view.layout.MAX_NODES", 400)
    opened = open_html(render_html(big, max_nodes=500))
    assert opened.js("kgView.nodes.length") == 500
    assert opened.js("kgView.stabilized") is True
    assert opened.page.locator("#status").inner_text().startswith("Layout settled in")
    assert opened.js("kgView.network.physics.options.enabled") is False
    assert opened.js("kgView.nodes.get().filter((node) => !node.hidden).length") == opened.js("kgView.visibleNodes")
    assert opened.page.locator("#left-out").inner_text().startswith(
        "Showing the 500 most important entities (of 5,000). Left out: 4,500 entities and ")
    assert opened.console_errors == []
    assert opened.requests == [opened.url]

"""Fixtures for the view tests: the hand-made graphs and a real Chromium, offline."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import sync_playwright
from view_graphs import CHROMIUM, CHROMIUM_ARGS, OpenedPage, big_graph, seed_like_graph, xss_graph


@pytest.fixture(scope="session")
def seed_graph() -> nx.MultiDiGraph:
    return seed_like_graph()


@pytest.fixture(scope="session")
def xss() -> nx.MultiDiGraph:
    return xss_graph()


@pytest.fixture(scope="session")
def big() -> nx.MultiDiGraph:
    return big_graph()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_html(browser, tmp_path):
    """open_html(html, wait=True) -> OpenedPage, loaded from a file and laid out."""
    contexts = []

    def open_html(html: str, *, wait: bool = True, name: str = "graph.html") -> OpenedPage:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": 1400, "height": 860}, offline=True)
        contexts.append(context)
        opened = OpenedPage(page=context.new_page(), url=path.as_uri())

        def guard(route):
            if route.request.url == opened.url:
                route.continue_()
            else:
                opened.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = opened.page
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("console", lambda message: message.type in ("error", "warning")
                and opened.console_errors.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: opened.console_errors.append(f"pageerror: {error}"))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(opened.url)
        if wait:
            opened.wait_for("window.kgView && window.kgView.stabilized")
        return opened

    yield open_html
    for context in contexts:
        context.close()

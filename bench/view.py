"""How fast the HTML view renders and settles in a real browser, and how big the page is.

    python -m bench.view [GRAPH] [--max-nodes N] [--focus NAME] [--hops K] [--copies C] [--screenshot PNG]

GRAPH is a graph file from kg build (default out/graph.ttl), or a page it wrote (.html), measured
as it is. --copies C draws C disjoint copies of the graph, to see how the page scales on graphs
shaped like real ones. --screenshot saves the settled page (the README's out/graph.png). Prints the graph's size, what
was drawn, the render time in Python, the page's size, and in headless Chromium (offline, every
request but the page's own blocked): the time from navigation until the layout has settled and
physics stopped, and the number of requests the page tried to make.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright
from rich.console import Console
from rich.table import Table

from kg import graph as kg_graph
from kg import view
from kg.graph import read_dataset

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 860}
SCREENSHOT_SCALE = 2  # sharp text in the README
LAYOUT_TIMEOUT_S = 600


def copies(graph: nx.MultiDiGraph, count: int) -> nx.MultiDiGraph:
    """`count` disjoint copies of `graph`, their IRIs suffixed with #copy-N."""
    if count == 1:
        return graph
    joined = nx.MultiDiGraph()
    for index in range(count):
        suffix = f"#copy-{index}"
        for node, attrs in graph.nodes(data=True):
            joined.add_node(node + suffix, **attrs)
        for source, target, key, attrs in graph.edges(keys=True, data=True):
            joined.add_edge(source + suffix, target + suffix, key=key + suffix, **attrs)
    return joined


def measure_in_browser(html: str, screenshot: Path | None = None) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "graph.html"
        path.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=SCREENSHOT_SCALE, offline=True)
        page = context.new_page()
        others = []

        def guard(route):
            if route.request.url == path.as_uri():
                route.continue_()
            else:
                others.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        started = time.perf_counter()
        page.goto(path.as_uri())
        while not page.evaluate("Boolean(window.kgView && window.kgView.stabilized)"):
            if time.perf_counter() - started > LAYOUT_TIMEOUT_S:
                raise SystemExit(f"the layout did not settle within {LAYOUT_TIMEOUT_S} s")
            page.wait_for_timeout(20)
        settled = time.perf_counter() - started
        if screenshot:
            page.wait_for_timeout(300)  # the last frame after physics stopped
            page.screenshot(path=screenshot)
        figures = {
            "load to settled (s)": round(settled, 2),
            "layout in the page (s)": round(page.evaluate("kgView.layoutMs") / 1000, 2),
            "drawn entities": page.evaluate("kgView.nodes.length"),
            "drawn edges": page.evaluate("kgView.edges.length"),
            "requests tried": len(others),
        }
        browser.close()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", type=Path, default=Path("out/graph.ttl"))
    parser.add_argument("--max-nodes", type=int)
    parser.add_argument("--focus")
    parser.add_argument("--hops", type=int, default=2)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--screenshot", type=Path)
    arguments = parser.parse_args()
    figures: dict[str, float | int] = {}
    if arguments.graph.suffix == ".html":
        html = arguments.graph.read_text(encoding="utf-8")
    else:
        graph = copies(kg_graph.to_networkx(read_dataset(arguments.graph)), arguments.copies)
        started = time.perf_counter()
        html = view.render_html(graph, max_nodes=arguments.max_nodes, focus=arguments.focus, hops=arguments.hops)
        figures = {
            "entities in the graph": graph.number_of_nodes(),
            "statements in the graph": graph.number_of_edges(),
            "render_html (s)": round(time.perf_counter() - started, 2),
        }
    figures["page size (KiB)"] = round(len(html.encode("utf-8")) / 1024)
    figures.update(measure_in_browser(html, arguments.screenshot))
    table = Table(title=f"kg view: {arguments.graph}" + (f" x{arguments.copies}" if arguments.copies > 1 else ""),
                  show_header=False)
    for name, value in figures.items():
        table.add_row(name, f"{value:,}" if isinstance(value, int) else str(value))
    Console().print(table)


if __name__ == "__main__":
    main()

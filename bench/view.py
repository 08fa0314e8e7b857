"""How fast the HTML view renders and settles in a real browser, and how big the page is.

    python -m bench.view                      # synthetic archives of 1,000 and 5,000 entities
    python -m bench.view GRAPH [--max-nodes N] [--focus NAME] [--hops K] [--copies C]
                               [--screenshot PNG] [--viewport 1600x1000] [--scale 1]

Without GRAPH: synthetic, news-shaped graphs (stories of 8 to 60 entities told by a few dated
articles, a fifth of the entities concepts, some facts claimed, denied or across stories) of
1,000 and 5,000 entities, each drawn whole, and the 5,000 as `kg build` draws it (the 1,000 most
important). GRAPH is a graph file from kg build, or a page it wrote (.html), measured as it is.
--copies C draws C disjoint copies of the graph, to see how the page scales on graphs shaped like
real ones. --screenshot saves the settled page (the README's out/graph.png, docs/archive.png).
Prints the graph's size, what was drawn, the render time in Python, the page's size, and in
headless Chromium (offline, every request but the page's own blocked): the time from navigation
until the layout has settled and physics stopped, and the number of requests the page tried to make.
"""

from __future__ import annotations

import argparse
import random
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
VIEWPORT = "1400x860"
SCREENSHOT_SCALE = 2  # sharp text in the README
SYNTHETIC_SIZES = (1000, 5000)  # entities
PAGE_ENTITIES = 1000  # what kg build draws of a bigger graph (kg.api.PAGE_MAX_ENTITIES)
NAMED_TYPES = ("Person", "Person", "Organization", "Country", "Location", "Group", "Weapon", "Event")
RELATIONS = ("say", "attack", "supply", "meet", "authorize", "use", "deny", "visit", "lead", "sanction")
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


def synthetic_archive(entities: int, seed: int = 7) -> nx.MultiDiGraph:
    """A news-shaped graph of `entities` entities, following kg's networkx view contract (synthetic text)."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    base = "https://bench.example.org/"
    stories: list[list[str]] = []
    while graph.number_of_nodes() < entities:
        size = min(rng.randint(8, 60), entities - graph.number_of_nodes())
        number = len(stories)
        articles = [(f"{base}article/{number}-{index}", f"Story {number}, part {index + 1}",
                     f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
                    for index in range(rng.randint(1, 6))]
        members = []
        for index in range(size):
            node = f"{base}entity/{number}-{index}"
            kind = "Concept" if rng.random() < 0.2 else rng.choice(NAMED_TYPES)
            graph.add_node(node, label=f"{kind} {number}.{index}", type=kind, aliases=[], wikidata="")
            # Preferential attachment inside the story: a few entities are its protagonists.
            for other in {rng.choice(members) for _ in range(2)} if members else ():
                document, title, date = rng.choice(articles)
                speakers = [graph.nodes[rng.choice(members)]["label"]] if rng.random() < 0.15 else []
                negated = rng.random() < 0.08
                graph.add_edge(node, other, key=f"{base}statement/{graph.number_of_edges()}",
                               relation=rng.choice(RELATIONS), label="did", negated=negated, modality="",
                               attributed_to=speakers, confidence=0.7, asserted=not negated and not speakers,
                               kind="verb", time="", purpose="",
                               sources=[{"document": document, "title": title, "date": date, "url": "",
                                         "sentence": f"Sentence {graph.number_of_edges()} of {title}.",
                                         "start": 0, "end": 20}])
            members += [node] * (1 + rng.randint(0, 3) * (index < 3))
        stories.append(members)
    for index in range(entities // 50):  # the same actors in several stories
        left, right = rng.sample(stories, 2)
        graph.add_edge(rng.choice(left), rng.choice(right), key=f"{base}statement/across-{index}", relation="meet",
                       label="met", negated=False, modality="", attributed_to=[], confidence=0.7, asserted=True,
                       kind="verb", time="", purpose="", sources=[])
    return graph


def measure_in_browser(html: str, screenshot: Path | None = None, viewport: str = VIEWPORT,
                       scale: float = SCREENSHOT_SCALE) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "graph.html"
        path.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        width, height = (int(part) for part in viewport.split("x"))
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                      offline=True)
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
            "settled, by the page's clock (s)": round(page.evaluate("kgView.settledMs") / 1000, 2),
            "layout in the page (s)": round(page.evaluate("kgView.layoutMs") / 1000, 2),
            "entities on the page": page.evaluate("kgView.nodes.length"),
            "entities shown (concepts opt-in)": page.evaluate("kgView.visibleNodes"),
            "edges on the page": page.evaluate("kgView.edges.length"),
            "stories titled": page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)"
                                            ".info.clusters.length"),
            "names drawn at first sight": page.evaluate("kgView.titlesDrawn + kgView.namesDrawn"),
            "requests tried": len(others),
        }
        browser.close()
        return figures


def measure(graph: nx.MultiDiGraph, html: str | None = None, *, screenshot: Path | None = None,
            viewport: str = VIEWPORT, scale: float = SCREENSHOT_SCALE, **options) -> dict[str, float | int]:
    """The figures of one page: of `graph` rendered with `options`, or of `html` as it is."""
    figures: dict[str, float | int] = {}
    if html is None:
        started = time.perf_counter()
        html = view.render_html(graph, **options)
        figures = {
            "entities in the graph": graph.number_of_nodes(),
            "statements in the graph": graph.number_of_edges(),
            "render_html (s)": round(time.perf_counter() - started, 2),
        }
    figures["page size (KiB)"] = round(len(html.encode("utf-8")) / 1024)
    figures.update(measure_in_browser(html, screenshot, viewport, scale))
    return figures


def print_table(title: str, columns: dict[str, dict[str, float | int]]) -> None:
    table = Table(title=title, show_header=len(columns) > 1)
    table.add_column("")
    for name in columns:
        table.add_column(name, justify="right")
    for row in next(iter(columns.values())):
        table.add_row(row, *(f"{figures.get(row, ''):,}" if isinstance(figures.get(row), int)
                             else str(figures.get(row, "")) for figures in columns.values()))
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", type=Path, help="graph file or page; default: synthetic archives")
    parser.add_argument("--max-nodes", type=int)
    parser.add_argument("--focus")
    parser.add_argument("--hops", type=int, default=2)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--viewport", default=VIEWPORT, help="WIDTHxHEIGHT of the browser window")
    parser.add_argument("--scale", type=float, default=SCREENSHOT_SCALE, help="device pixels per CSS pixel")
    arguments = parser.parse_args()
    shot = {"screenshot": arguments.screenshot, "viewport": arguments.viewport, "scale": arguments.scale}
    if arguments.graph is None:
        columns = {}
        for size in SYNTHETIC_SIZES:
            graph = synthetic_archive(size)
            columns[f"{size:,} entities"] = measure(graph, viewport=arguments.viewport, scale=arguments.scale)
        columns[f"{SYNTHETIC_SIZES[-1]:,}, page of {PAGE_ENTITIES:,}"] = measure(
            graph, max_nodes=PAGE_ENTITIES, **shot)
        print_table("kg view: synthetic news-shaped archives", columns)
        return
    if arguments.graph.suffix == ".html":
        figures = measure(nx.MultiDiGraph(), arguments.graph.read_text(encoding="utf-8"), **shot)
    else:
        graph = copies(kg_graph.to_networkx(read_dataset(arguments.graph)), arguments.copies)
        figures = measure(graph, max_nodes=arguments.max_nodes, focus=arguments.focus, hops=arguments.hops, **shot)
    print_table(f"kg view: {arguments.graph}" + (f" x{arguments.copies}" if arguments.copies > 1 else ""),
                {"": figures})


if __name__ == "__main__":
    main()

"""The interactive HTML page of a graph: a vis-network network in one self-contained, safe file.

kg makes vis-network's node and edge records itself (pyvis, which did, imported IPython and
checked each edge's ends against a list of every node) and fills its own page template (pyvis's
links Bootstrap from a CDN even with cdn_resources="in_line", pyvis#229). Everything is inline
(vis-network, styles, script, data), and a Content-Security-Policy forbids any request and any
script but the page's own, so it opens from file:// with the network off. Article text goes
only into a JSON block that the page's script turns into DOM text nodes, never into HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import defaultdict
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from kg import deferred
from kg.lexicon import ENTITY_TYPES
from kg.view.layout import DOT_RADIUS, LABEL_FONT, Layout, initial_layout
from kg.view.select import OPT_IN_TYPES, Selection, is_opt_in, select, ties
from kg.view.timeline import fact_dates

nx = deferred("networkx")  # imported on first use (kg.DEFERRED_MODULES)

# Tableau 10: distinct on screen and in print, readable for most colour-blind users.
TYPE_COLOURS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Country": "#59a14f",
    "Location": "#76b7b2",
    "Group": "#b07aa1",
    "Weapon": "#9c755f",
    "Event": "#edc948",
    "Date": "#bab0ac",
    "Concept": "#d9c3c9",  # muted: abstract things are the most common type, actors should stand out
}
OTHER_TYPE = "Other"
OTHER_COLOUR = "#8c8c8c"
EDGE_COLOUR = "#8d96a3"
CLAIM_DASHES = [2, 5]  # px drawn, px skipped: a fact the graph does not assert
NEGATED_COLOUR = "#d62728"
MAX_WIDTH_SOURCES = 5  # edges stop thickening beyond this many source sentences
LEFT_OUT_EXAMPLES = 12  # names of left-out entities listed on the page
LARGE_GRAPH = 150  # nodes; above this the layout trades finish for speed
MAX_LABEL_CHARS = 36  # longer names are shortened on the canvas, shown whole in tooltips
LABEL_DRAW_THRESHOLD = 7  # px on screen; smaller names are not drawn (the page draws the LABELLED ones itself)
LABELLED = 30
# px on screen: below, the page draws the LABELLED names itself (readable, not overlapping); above,
# vis-network does (their own drawThreshold, one more, keeps the two from drawing the same name).
LABELLED_SCREEN_PX = 11  # the most important entities, whose names show at every zoom level

ASSETS = resources.files("kg.view") / "assets"
VIS_NETWORK_JS = "vis-network.min.js"  # vis-network 10.1.5 standalone build, from npm
PAGE_TEMPLATE = "page.html"
PAGE_SCRIPT = "page.js"
PAGE_STYLE = "page.css"

# Characters that could end a <script> block or an HTML comment, or break older JS parsers.
# (Replaced one after another: str.translate looks each character of a megabyte of JSON up in a dict.)
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def render_html(
    graph: nx.MultiDiGraph, *, max_nodes: int | None = None, focus: str | None = None, hops: int = 2
) -> str:
    """The self-contained HTML page of `graph` (networkx view contract, see kg.graph).

    `max_nodes` keeps the most important entities, named ones first (kg.view.choose); `focus`
    (an entity name, alias or IRI) draws only its `hops`-neighbourhood. Same graph and options
    give byte-identical output, whatever the order the graph was built in and Python's hash seed.
    Raises ValueError for a bad option or an unknown focus.
    """
    selection = select(graph, max_nodes=max_nodes, focus=focus, hops=hops)
    nodes, edges, layout = build_network(selection)
    return generate_html(nodes, edges, page_info(selection, layout))


def build_network(selection: Selection) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Layout]:
    """vis-network's nodes and edges of the selected graph, and its layout: one node per entity
    (sized by importance), one edge per fact.

    Statements sharing subject, relation, object and polarity are drawn as one edge.
    """
    graph = selection.graph
    focus = set(selection.focus)
    labels = {node: _shorten(graph.nodes[node].get("label") or node) for node in graph}
    opt_in = frozenset(node for node in graph if is_opt_in(graph, node))
    layout = initial_layout(ties(graph), labels, selection.importance, opt_in)
    labelled = set(most_important(selection)[:LABELLED])
    nodes = []
    for node in sorted(graph):
        attrs = graph.nodes[node]
        entity_type = attrs.get("type") if attrs.get("type") in TYPE_COLOURS else OTHER_TYPE
        name = attrs.get("label") or node
        nodes.append(dict(
            id=node,
            label=labels[node] or node,
            shape="dot",
            name=name,
            color=_node_colour(entity_type),
            value=selection.importance[node],
            entityType=entity_type,
            aliases=sorted({alias for alias in attrs.get("aliases", ()) if alias != name}),
            wikidata=attrs.get("wikidata") or "",
            **({"borderWidth": 4, "isFocus": True} if node in focus else {}),
            **({"scaling": {"label": {"drawThreshold": LABELLED_SCREEN_PX + 1}}} if node in labelled else {}),
            **(dict(zip("xy", layout.positions[node])) if layout.positions else {}),
        ))
    edges = [{"from": edge.pop("source"), "to": edge.pop("target"), "id": f"e{index}", "arrows": "to", **edge}
             for index, edge in enumerate(_aggregate_edges(graph))]
    return nodes, edges, layout


def page_info(selection: Selection, layout: Layout) -> dict[str, Any]:
    """Page-level facts: legend, relations, stories, articles, dates, and what the selection left out."""
    graph = selection.graph
    types = defaultdict(int)
    for _, entity_type in graph.nodes(data="type"):
        types[entity_type if entity_type in TYPE_COLOURS else OTHER_TYPE] += 1
    relations = defaultdict(int)
    for _, _, relation in graph.edges(data="relation"):
        relations[relation or ""] += 1
    articles: dict[str, dict[str, Any]] = {}
    for _, _, sources in graph.edges(data="sources"):
        for source in sources or ():
            key = source.get("document") or source.get("title", "")
            article = articles.setdefault(key, {"id": key, "facts": 0, **{
                field: source.get(field) or "" for field in ("title", "date", "url")}})
            article["facts"] += 1
    named = most_important(selection)
    # Concepts and dates are opt-in, unless the page is about one of them or has nothing else.
    opt_in_hidden = not selection.focus and bool(named)
    dates = sorted(day for _, _, statement in graph.edges(data=True)
                   for span in fact_dates(statement.get("time") or "", (item.get("date") or ""
                                                                         for item in statement.get("sources") or ()))
                   for day in span)
    return {
        "types": [{"name": name, "colour": TYPE_COLOURS.get(name, OTHER_COLOUR), "count": types[name],
                   "optIn": name in OPT_IN_TYPES}
                  for name in (*ENTITY_TYPES, OTHER_TYPE) if types[name]],
        "hiddenTypes": [name for name in OPT_IN_TYPES if types[name]] if opt_in_hidden else [],
        "relations": [{"name": name, "label": _relation_label(name), "count": count}
                      for name, count in sorted(relations.items())],
        # Newest first, undated last.
        "articles": sorted(sorted(articles.values(), key=lambda article: (article["title"], article["id"])),
                           key=lambda article: article["date"] or "0", reverse=True),
        "dates": [dates[0], dates[-1]] if dates else [],
        "labelled": named[:LABELLED],
        "labelledFrom": LABELLED_SCREEN_PX,
        "clusters": [{"title": [graph.nodes[node].get("label") or node for node in cluster.title],
                      "titleNodes": list(cluster.title),
                      "nodes": list(cluster.nodes), "x": cluster.centre[0], "y": cluster.centre[1],
                      "font": cluster.font} for cluster in layout.clusters],
        "focus": [graph.nodes[node].get("label") or node for node in selection.focus],
        "hops": selection.hops,
        "totalNodes": selection.total_nodes,
        "totalFacts": selection.total_facts,
        "leftOut": len(selection.left_out),
        "leftOutFacts": selection.left_out_facts,
        # Distinct names: several entities may go by one ("people").
        "leftOutExamples": list(dict.fromkeys(selection.left_out))[:LEFT_OUT_EXAMPLES],
    }


def most_important(selection: Selection) -> list[str]:
    """The named entities with facts, most important first."""
    graph, importance = selection.graph, selection.importance
    return sorted((node for node in graph if not is_opt_in(graph, node) and graph.degree(node)),
                  key=lambda node: (-importance[node], node))


def generate_html(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], info: dict[str, Any]) -> str:
    """Fill kg's page template with the network's data and the inline assets.

    Replaces pyvis's generate_html/write_html: its template fetches from CDNs, and write_html
    uses the locale encoding. The result is a str; write it as UTF-8.
    """
    positioned = bool(nodes) and "x" in nodes[0]
    data = {"nodes": nodes, "edges": edges, "options": _vis_options(len(nodes), positioned), "info": info}
    scripts = [_asset(VIS_NETWORK_JS), _asset(PAGE_SCRIPT)]
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_csp_hash(script) for script in scripts),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _asset(name)),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(PAGE_TEMPLATE).render(
        policy=policy,
        style=Markup(_asset(PAGE_STYLE)),
        data=Markup(script_json(data)),
        vis_network=Markup(scripts[0]),
        page_script=Markup(scripts[1]),
    )


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no </script>, <!--, or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for character, escaped in _JSON_ESCAPES:
        text = text.replace(character, escaped)
    return text


def _aggregate_edges(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """vis-network edges, one per (subject, relation, object, polarity), in a stable order."""
    grouped: dict[tuple[str, str, str, bool], list[tuple[str, dict]]] = defaultdict(list)
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        grouped[(source, target, attrs.get("relation") or "", bool(attrs.get("negated")))].append((str(key), attrs))
    parallel: dict[frozenset[str], int] = defaultdict(int)
    edges = []
    for (source, target, relation, negated), statements in sorted(grouped.items()):
        statements.sort(key=lambda statement: statement[0])
        sources = {}
        for _, attrs in statements:
            for item in attrs.get("sources") or ():
                sources.setdefault((item.get("document", ""), item.get("start", 0), item.get("end", 0)), item)
        pair = frozenset((source, target))
        # Facts between the same two entities bend apart instead of drawing over each other.
        bend = parallel[pair]
        parallel[pair] += 1
        # A plain fact (kg:asserted) is a solid line; a claim, or what is only possible or wanted, a
        # dotted one. The graph says which: a hand-made graph without the flag is drawn solid.
        asserted = any(attrs.get("asserted", True) for _, attrs in statements)
        edges.append({
            "source": source,
            "target": target,
            "label": _shorten(("not " if negated else "") + _relation_label(relation)),
            "relation": relation,
            "negated": negated,
            "asserted": asserted,
            "attributed": all(attrs.get("attributed_to") for _, attrs in statements),
            "sourceCount": len(sources),
            "width": round(1.2 + 1.3 * (min(len(sources), MAX_WIDTH_SOURCES) - 1), 2) if sources else 1.2,
            "color": {"color": NEGATED_COLOUR, "highlight": NEGATED_COLOUR, "hover": NEGATED_COLOUR}
            if negated else {"color": EDGE_COLOUR, "highlight": "#3b4452", "hover": "#3b4452"},
            "dashes": True if negated else False if asserted else CLAIM_DASHES,
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": round(0.18 * bend, 2)}
            if bend else {"enabled": False},
            "statements": [_statement(key, attrs) for key, attrs in statements],
        })
    return edges


def _statement(key: str, attrs: dict) -> dict[str, Any]:
    sources = sorted(
        attrs.get("sources") or (),
        key=lambda item: (item.get("date") or "", item.get("title") or "", item.get("start") or 0),
    )
    return {
        "id": key,
        "label": attrs.get("label") or "",
        "kind": attrs.get("kind") or "",
        "asserted": bool(attrs.get("asserted", True)),
        "time": attrs.get("time") or "",
        "dates": fact_dates(attrs.get("time") or "", (item.get("date") or "" for item in sources)),
        "modality": attrs.get("modality") or "",
        "attributedTo": sorted(attrs.get("attributed_to") or ()),
        "confidence": round(float(attrs.get("confidence") or 0.0), 3),
        "sources": [
            {field: item.get(field) or "" for field in ("title", "date", "sentence", "document", "url")}
            for item in sources
        ],
    }


def _vis_options(node_count: int, positioned: bool) -> dict[str, Any]:
    """vis-network options. From kg's positions physics starts off, and if the user turns it on it
    does not pull the parts of the graph together; otherwise it lays everything out, then stops."""
    large = node_count > LARGE_GRAPH
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": not (large or positioned)},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5,
            "scaling": {"min": DOT_RADIUS[0], "max": DOT_RADIUS[1],
                        "label": {"enabled": True, "min": LABEL_FONT[0], "max": LABEL_FONT[1],
                                  "drawThreshold": LABEL_DRAW_THRESHOLD}},
            "font": {"face": font, "color": "#1f2933", "strokeWidth": 4, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "font": {"face": font, "size": 12, "color": "#52606d", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "selectionWidth": 1.5,
            "hoverWidth": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "navigationButtons": False,
                        "keyboard": False, "multiselect": True},
        "physics": {
            "enabled": not positioned,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -15 if positioned else -70,
                                 "centralGravity": 0 if positioned else 0.012,
                                 "springLength": 100 if positioned else 140, "springConstant": 0.07,
                                 "damping": 0.55, "avoidOverlap": 0.6},
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.45,
            "stabilization": {"enabled": True, "iterations": 300 if large else 700,
                              "updateInterval": 20, "fit": True},
        },
    }


def _node_colour(entity_type: str) -> dict[str, Any]:
    fill = TYPE_COLOURS.get(entity_type, OTHER_COLOUR)
    border = _darker(fill)
    return {"background": fill, "border": border, "highlight": {"background": fill, "border": "#1f2933"},
            "hover": {"background": fill, "border": "#1f2933"}}


def _darker(colour: str, factor: float = 0.72) -> str:
    red, green, blue = (int(colour[index:index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{math.floor(part * factor):02x}" for part in (red, green, blue))


def _shorten(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= MAX_LABEL_CHARS else name[:MAX_LABEL_CHARS - 1].rstrip() + "…"


def _relation_label(relation: str) -> str:
    return relation.replace("_", " ").strip() or "(related to)"


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")

"""The entity graph for graph tools: GraphML, GEXF (Gephi) and node-link JSON, from kg's networkx view.

Nodes are entities (id = entity IRI), edges are statements (key = statement IRI), as
kg.graph.to_networkx builds them. GraphML and GEXF hold only scalar attributes, so list and
dict attributes (aliases, attributed_to, sources) are written as JSON text; node-link JSON keeps
them as they are. Nodes and edges are written sorted, so the files are byte-for-byte repeatable.
"""

from __future__ import annotations

import json
import re

from rdflib import Dataset

from kg import deferred
from kg import graph as kg_graph

nx = deferred("networkx")  # imported on first use (kg.DEFERRED_MODULES)

GEXF_CREATOR = "kg"


def entity_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """kg's networkx view of the dataset, rebuilt with nodes and edges in sorted order."""
    view = kg_graph.to_networkx(dataset)
    ordered = nx.MultiDiGraph()
    for node in sorted(view.nodes):
        ordered.add_node(node, **view.nodes[node])
    for source, target, key in sorted(view.edges(keys=True), key=lambda edge: tuple(map(str, edge))):
        ordered.add_edge(source, target, key=key, **view.edges[source, target, key])
    return ordered


def flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all str, bool, int or float (lists and dicts as JSON, None as "")."""
    copy = nx.MultiDiGraph()
    for node, attributes in graph.nodes(data=True):
        copy.add_node(node, **{name: _scalar(value) for name, value in sorted(attributes.items())})
    for source, target, key, attributes in graph.edges(keys=True, data=True):
        copy.add_edge(source, target, key=key, **{name: _scalar(value) for name, value in sorted(attributes.items())})
    return copy


def _scalar(value: object) -> str | bool | int | float:
    if value is None:
        return ""
    if isinstance(value, (str, bool, int, float)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_graphml(dataset: Dataset) -> dict[str, str]:
    """graph.graphml: entities and statements with typed attributes."""
    lines = nx.generate_graphml(flat(entity_graph(dataset)), encoding="utf-8", prettyprint=True)
    return {"graph.graphml": "\n".join(lines) + "\n"}


def export_gexf(dataset: Dataset) -> dict[str, str]:
    """graph.gexf for Gephi (GEXF 1.2), without the writer's date so the file is repeatable."""
    text = "\n".join(nx.generate_gexf(flat(entity_graph(dataset)), encoding="utf-8", prettyprint=True))
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", f"<creator>{GEXF_CREATOR}</creator>", text, count=1)
    return {"graph.gexf": text + "\n"}


def export_node_link(dataset: Dataset) -> dict[str, str]:
    """graph.json: networkx node-link data (nodes, edges with key), attributes kept as lists."""
    data = nx.node_link_data(entity_graph(dataset), edges="edges")
    return {"graph.json": json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"}

"""Exporters: the graph in the formats other tools load, one module per target.

The RDF formats come from kg's one table of formats (kg.graph.files.FORMATS). Every exporter
has one signature: it takes the rdflib Dataset (the truth) and returns the files to write, as
{relative path: text}. Writing is the caller's job (kg.api.export), so an exporter is a plain
function that can be tested without touching the disk.

    files = kg.export.render(dataset, "neo4j")   # {"neo4j/graph.ttl": ..., "neo4j/load.cypher": ...}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Dataset

from kg.errors import KgError
from kg.export import graphdb, kuzu, neo4j, networkx, rdf
from kg.graph.files import FORMATS

Render = Callable[[Dataset], dict[str, str]]


class ExportError(KgError, ValueError):
    """An export format kg does not have."""


@dataclass(frozen=True)
class Exporter:
    name: str
    render: Render
    summary: str
    aliases: tuple[str, ...] = ()


EXPORTERS = (
    *(Exporter(fmt.name, rdf.export_rdf(fmt), fmt.export, fmt.aliases) for fmt in FORMATS if fmt.export),
    Exporter("neo4j", neo4j.export_neo4j,
             "neo4j/: n10s Turtle + load.cypher, and neo4j-admin CSV + LOAD CSV script for Neo4j 5 and FalkorDB "
             "(+ constraints.cypher, constraints-falkordb.cypher)"),
    Exporter("kuzu", kuzu.export_kuzu, "kuzu/: entities.csv, statements.csv and load.cypher (schema, COPY FROM) "
             "for the embedded Kuzu database"),
    Exporter("graphdb", graphdb.export_graphdb, "graphdb/: TriG, repo-config.ttl and load.sh (curl)"),
    Exporter("graphml", networkx.export_graphml, "GraphML of the entity graph (networkx, yEd, Cytoscape)"),
    Exporter("gexf", networkx.export_gexf, "GEXF of the entity graph (Gephi)"),
    Exporter("node-link", networkx.export_node_link, "node-link JSON of the entity graph (d3, networkx)",
             ("json", "nodelink")),
)
_BY_NAME = {name: exporter for exporter in EXPORTERS for name in (exporter.name, *exporter.aliases)}


def get(name: str) -> Exporter:
    """The exporter called `name` (or one of its aliases); ExportError listing the known ones."""
    try:
        return _BY_NAME[name.lower()]
    except KeyError:
        known = ", ".join(exporter.name for exporter in EXPORTERS)
        raise ExportError(f"unknown export format {name!r}; choose one of: {known}") from None


def render(dataset: Dataset, name: str) -> dict[str, str]:
    """The files of export format `name` for the dataset, as {relative path: text}."""
    return get(name).render(dataset)


__all__ = ["EXPORTERS", "ExportError", "Exporter", "get", "render"]

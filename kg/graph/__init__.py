"""The RDF model (entities, facts as direct edges and statement nodes, provenance) and its views."""

from kg.graph.nx import to_networkx
from kg.graph.ontology import KG, PREFIXES
from kg.graph.quads import QuadSpool, build_quads, to_turtle
from kg.graph.rdf import DEFAULT_BASE_IRI, GraphError, IRIError, build_dataset, check_base_iri

__all__ = ["DEFAULT_BASE_IRI", "KG", "PREFIXES", "GraphError", "IRIError", "QuadSpool", "build_dataset",
           "build_quads", "check_base_iri", "to_networkx", "to_turtle"]

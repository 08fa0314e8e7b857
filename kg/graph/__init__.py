"""The RDF model: entities, facts as direct edges and statement nodes, provenance; views of it."""

from kg.graph.ontology import KG, PREFIXES

DEFAULT_BASE_IRI = "https://example.org/kg/"

__all__ = ["DEFAULT_BASE_IRI", "KG", "PREFIXES"]

"""The RDF model (entities, facts as direct edges and statement nodes, provenance), its files and views.

One graph type runs through kg: whatever satisfies kg.graph.sink's QuadSink (written) and QuadSource
(read), an rdflib Dataset or a QuadSpool (what a build makes, on disk when big).
"""

from kg.graph.admission import confidence, object_types, withheld
from kg.graph.files import FORMATS, GraphFileError, RdfFormat, format_named, open_store, read_dataset
from kg.graph.nx import count_entities, to_networkx
from kg.graph.ontology import KG, PREFIXES
from kg.graph.quads import QuadSpool, build_quads, to_turtle
from kg.graph.rdf import DEFAULT_BASE_IRI, GraphError, IRIError, build_dataset, check_base_iri
from kg.graph.relations import Schema, SchemaError, default_schema, load_schema
from kg.graph.sink import QuadSink, QuadSource

__all__ = ["DEFAULT_BASE_IRI", "FORMATS", "KG", "PREFIXES", "GraphError", "GraphFileError", "IRIError", "QuadSink",
           "QuadSource", "QuadSpool", "RdfFormat", "Schema", "SchemaError", "build_dataset", "build_quads",
           "check_base_iri", "confidence", "count_entities", "default_schema", "format_named", "load_schema",
           "object_types", "open_store", "read_dataset", "to_networkx", "to_turtle", "withheld"]

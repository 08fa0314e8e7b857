"""Neo4j: two routes into a Neo4j 5 database, written side by side in neo4j/.

1. With neosemantics (n10s): `graph.ttl` prepared for n10s and `load.cypher`, which creates the
   uniqueness constraint (Neo4j 5 syntax), initialises the graph config, declares a prefix for
   every vocabulary (else names come out as ns0__label) and imports the Turtle from a file URL
   or, file-free, inline from a query parameter.
2. Without plugins: `nodes.csv` and `relationships.csv` in `neo4j-admin database import full`
   format (:ID, :LABEL, :START_ID, :END_ID, :TYPE headers), and `load-csv.cypher`, the same
   data through LOAD CSV into a running database. It MERGEs entities on their IRI and
   relationships on their statement IRI, so running it twice changes nothing; list properties
   are [] when empty, never null. Neo4j 5 and FalkorDB run it unchanged (Memgraph's LOAD CSV takes
   a path and WITH HEADER: not offered, as Memgraph cannot be installed where kg is tested). It
   holds no constraint, whose syntax differs by engine: an optional file per engine has it,
   constraints.cypher for Neo4j 5 and constraints-falkordb.cypher, run once, first.

Article text never enters the Cypher: it travels in the Turtle, the CSV files or a parameter.
Relationship types come from kg's relations (canonical where kg's vocabulary has one: AUTHORIZE for
authorize_to_use and permit_to_use, docs/schema.md), reduced to [A-Z0-9_]. A fact that is
negated, reported or modal is not written as a plain relationship: its type gets NOT_ (negated)
or CLAIMED_ (reported or modal) in front, so `MATCH (a)-[:USE]->(b)` never reads a denial or a
hearsay as a fact.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset

from kg import deferred
from kg.export import rdf
from kg.export.networkx import entity_graph
from kg.graph.ontology import ENTITY_TYPES

nx = deferred("networkx")  # imported on first use (kg.DEFERRED_MODULES)

ENTITY_LABEL = "Entity"
ARRAY_DELIMITER = "|"  # news sentences hold ';' (neo4j-admin's default), rarely '|'.
NEGATED_PREFIX = "NOT_"
UNASSERTED_PREFIX = "CLAIMED_"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# How n10s stores a literal, by datatype: one property must keep one kind (neosemantics#160).
NEO4J_KIND = {
    **{XSD + name: "integer" for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                          "positiveInteger", "negativeInteger", "nonPositiveInteger")},
    **{XSD + name: "float" for name in ("decimal", "double", "float")},
    XSD + "boolean": "boolean",
    XSD + "date": "date",
    XSD + "dateTime": "datetime",
}

NODE_COLUMNS = ("uri:ID", "name", "type", "aliases:string[]", "wikidata", ":LABEL")
RELATIONSHIP_COLUMNS = (":START_ID", ":END_ID", ":TYPE", "statement", "relation", "label", "negated:boolean",
                        "modality", "attributed_to:string[]", "confidence:float", "documents:string[]",
                        "dates:string[]", "sentences:string[]")



def _list(column: str) -> str:
    """A list property from an array column: LOAD CSV reads an empty field as null, which must be []."""
    return f"CASE WHEN row.`{column}` IS NULL THEN [] ELSE split(row.`{column}`, '{ARRAY_DELIMITER}') END"


# How LOAD CSV turns a relationships.csv row into properties (the CSV holds strings only).
_RELATIONSHIP_PROPERTIES = f"""{{
    statement: row.statement, relation: row.relation, label: row.label,
    negated: row.`negated:boolean` = 'true', modality: row.modality,
    attributed_to: {_list("attributed_to:string[]")},
    confidence: toFloat(row.`confidence:float`),
    documents: {_list("documents:string[]")},
    dates: {_list("dates:string[]")},
    sentences: {_list("sentences:string[]")}}}"""

# Uniqueness of entity IRIs: optional (load-csv.cypher MERGEs either way), faster MERGE on big graphs.
# The syntax differs by engine, so each has its file; a user runs the one of their engine, once.
CONSTRAINTS_SCRIPTS = {
    "neo4j/constraints.cypher": f"""// Optional, Neo4j 5, before load-csv.cypher: entity IRIs are unique (and indexed,
// so MERGE is fast). FalkorDB: constraints-falkordb.cypher.

CREATE CONSTRAINT kg_entity_uri IF NOT EXISTS FOR (n:{ENTITY_LABEL}) REQUIRE n.uri IS UNIQUE;
""",
    "neo4j/constraints-falkordb.cypher": f"""// Optional, FalkorDB, once, before load-csv.cypher: entity IRIs indexed,
// so MERGE is fast.
// Uniqueness is a Redis command in FalkorDB, not Cypher; after this index, if wanted:
//   GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE {ENTITY_LABEL} PROPERTIES 1 uri

CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.uri);
""",
}


def export_neo4j(dataset: Dataset) -> dict[str, str]:
    """neo4j/: graph.ttl + load.cypher (n10s), nodes.csv + relationships.csv + load-csv.cypher."""
    triples = n10s_triples(dataset)
    prefixes = vocabulary_prefixes(dataset, triples)
    view = entity_graph(dataset)
    relationships = relationship_rows(view)
    return {
        "neo4j/graph.ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8"),
        "neo4j/load.cypher": n10s_script(prefixes, multivalued_predicates(triples)),
        "neo4j/nodes.csv": csv_text(NODE_COLUMNS, node_rows(view)),
        "neo4j/relationships.csv": csv_text(RELATIONSHIP_COLUMNS, relationships),
        "neo4j/load-csv.cypher": load_csv_script(sorted({row[2] for row in relationships})),
        **CONSTRAINTS_SCRIPTS,
    }


# --- the n10s route -----------------------------------------------------------------------------

def n10s_triples(dataset: Dataset) -> list[ox.Triple]:
    """All triples, with the literals of any predicate that mixes Neo4j value kinds made plain strings.

    n10s with handleMultival ARRAY needs one datatype per property; a plain and a language-tagged
    string are both strings, so only numbers, booleans and dates mixed with others are changed.
    """
    triples = rdf.triples(dataset)
    kinds: dict[str, set[str]] = defaultdict(set)
    for triple in triples:
        if isinstance(triple.object, ox.Literal):
            kinds[triple.predicate.value].add(_kind(triple.object))
    mixed = {predicate for predicate, found in kinds.items() if len(found) > 1}
    if not mixed:
        return triples
    fixed = {
        ox.Triple(t.subject, t.predicate, ox.Literal(t.object.value))
        if isinstance(t.object, ox.Literal) and t.predicate.value in mixed and _kind(t.object) != "string"
        else t
        for t in triples
    }
    return sorted(fixed, key=rdf._triple_key)


def _kind(literal: ox.Literal) -> str:
    return "string" if literal.language else NEO4J_KIND.get(literal.datatype.value, "string")


def namespace_of(iri: str) -> str:
    """The namespace n10s (RDF4J) cuts off an IRI: up to the last '#', else '/', else ':'."""
    for separator in "#/:":
        cut = iri.rfind(separator)
        if cut >= 0:
            return iri[: cut + 1]
    return iri


def vocabulary_prefixes(dataset: Dataset, triples: Iterable[ox.Triple]) -> dict[str, str]:
    """A prefix for every namespace of a predicate or class: the dataset's own, or one made from its path."""
    namespaces = set()
    for triple in triples:
        namespaces.add(namespace_of(triple.predicate.value))
        if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            namespaces.add(namespace_of(triple.object.value))
        if isinstance(triple.object, ox.Literal) and not triple.object.language:
            namespaces.add(namespace_of(triple.object.datatype.value))
    bound = {str(namespace): prefix for prefix, namespace in sorted(dataset.namespaces()) if prefix}
    prefixes: dict[str, str] = {}
    for namespace in sorted(namespaces):
        prefix = bound.get(namespace) or _invented_prefix(namespace, prefixes)
        prefixes[prefix] = namespace
    return dict(sorted(prefixes.items()))


def _invented_prefix(namespace: str, taken: dict[str, str]) -> str:
    words = [word for word in re.split(r"[^A-Za-z0-9]+", namespace) if word and word not in {"http", "https", "www"}]
    stem = re.sub(r"^[^A-Za-z]+", "", words[-1].lower() if words else "") or "ns"
    prefix, number = stem, 1
    while prefix in taken:
        number += 1
        prefix = f"{stem}{number}"
    return prefix


def multivalued_predicates(triples: Iterable[ox.Triple]) -> list[str]:
    """Predicates with more than one literal value on some subject: n10s stores these as arrays."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for triple in triples:
        if isinstance(triple.object, ox.Literal):
            counts[str(triple.subject), triple.predicate.value] += 1
    return sorted({predicate for (_, predicate), count in counts.items() if count > 1})


def n10s_script(prefixes: dict[str, str], multivalued: list[str]) -> str:
    """load.cypher for n10s: constraint, config (on an empty database), prefixes, import."""
    config = {
        "handleVocabUris": "SHORTEN",
        "handleMultival": "ARRAY",
        "multivalPropList": multivalued,
        "keepLangTag": True,
        "handleRDFTypes": "LABELS",
    }
    lines = [
        "// kg -> Neo4j 5 with neosemantics (n10s). Run on an EMPTY database, e.g.:",
        "//   cypher-shell -u neo4j -p PASSWORD \\",
        "//     --param \"url => 'file:///ABSOLUTE/PATH/TO/neo4j/graph.ttl'\" -f neo4j/load.cypher",
        "// file:// URLs need an absolute path and dbms.security.allow_csv_import_from_file_urls=true;",
        "// without file access, run the last statement as",
        "//   CALL n10s.rdf.import.inline($rdf, 'Turtle')",
        "// with the text of graph.ttl as parameter $rdf (see docs/exports.md).",
        "",
        "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE;",
        "",
        f"CALL n10s.graphconfig.init({_cypher_map(config)});",
        "",
        *(f"CALL n10s.nsprefixes.add({_cypher_string(prefix)}, {_cypher_string(namespace)});"
          for prefix, namespace in prefixes.items()),
        "",
        "CALL n10s.rdf.import.fetch($url, 'Turtle');",
    ]
    return "\n".join(lines) + "\n"


# --- the plain property-graph route -------------------------------------------------------------

def relationship_type(relation: str, *, negated: bool, asserted: bool) -> str:
    """AUTHORIZE, NOT_AUTHORIZE (negated) or CLAIMED_AUTHORIZE (reported or modal)."""
    base = re.sub(r"[^A-Z0-9_]+", "_", relation.upper()).strip("_") or "RELATED_TO"
    if base[0].isdigit():
        base = "_" + base
    if negated:
        return NEGATED_PREFIX + base
    return base if asserted else UNASSERTED_PREFIX + base


def node_rows(view: nx.MultiDiGraph) -> list[list[str]]:
    rows = []
    for node, attributes in view.nodes(data=True):
        entity_type = attributes.get("type", "")
        labels = [ENTITY_LABEL] + ([entity_type] if entity_type in ENTITY_TYPES else [])
        rows.append([node, attributes.get("label", ""), entity_type, _array(attributes.get("aliases", [])),
                     attributes.get("wikidata", "") or "", ARRAY_DELIMITER.join(labels)])
    return rows


def relationship_rows(view: nx.MultiDiGraph) -> list[list[str]]:
    rows = []
    for source, target, key, attributes in view.edges(keys=True, data=True):
        negated = bool(attributes.get("negated"))
        modality = attributes.get("modality") or ""
        attributed_to = attributes.get("attributed_to") or []
        asserted = bool(attributes.get("asserted"))
        sources = attributes.get("sources") or []
        rows.append([
            source, target,
            relationship_type(attributes.get("relation", ""), negated=negated, asserted=asserted),
            str(key), attributes.get("relation", ""), attributes.get("label", ""), str(negated).lower(), modality,
            _array(attributed_to), f"{float(attributes.get('confidence', 0.0)):.3f}",
            *(_array(str(source_.get(field) or "") for source_ in sources)
              for field in ("document", "date", "sentence")),
        ])
    return rows


def load_csv_script(relationship_types: list[str]) -> str:
    """load-csv.cypher: nodes.csv and relationships.csv through LOAD CSV, one statement per type."""
    label_setters = "\n".join(
        f"FOREACH (_ IN CASE WHEN row.type = '{label}' THEN [1] ELSE [] END | SET n:{label})"
        for label in ENTITY_TYPES
    )
    lines = [
        "// kg -> Neo4j 5 (or FalkorDB) without plugins. Copy nodes.csv and relationships.csv into",
        "// the database's import folder, optionally run your engine's constraints*.cypher first, then:",
        "//   cypher-shell -u neo4j -p PASSWORD -f neo4j/load-csv.cypher",
        "// Running it again changes nothing (entities MERGE on uri, relationships on statement).",
        "// Offline bulk alternative (empty database, server stopped):",
        "//   neo4j-admin database import full --nodes=import/nodes.csv \\",
        "//     --relationships=import/relationships.csv --array-delimiter='|' neo4j",
        "",
        "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
        f"MERGE (n:{ENTITY_LABEL} {{uri: row.`uri:ID`}})",
        "SET n.name = row.name, n.type = row.type, n.wikidata = row.wikidata,",
        f"    n.aliases = {_list('aliases:string[]')}",
        f"{label_setters};",
    ]
    for relationship in relationship_types:
        lines += [
            "",
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{relationship}'",
            f"MATCH (a:{ENTITY_LABEL} {{uri: row.`:START_ID`}}), (b:{ENTITY_LABEL} {{uri: row.`:END_ID`}})",
            f"MERGE (a)-[r:{relationship} {{statement: row.statement}}]->(b)",
            f"SET r = {_RELATIONSHIP_PROPERTIES};",
        ]
    return "\n".join(lines) + "\n"


def _array(values: Iterable[str]) -> str:
    # neo4j-admin has no escape for its array delimiter, so a '|' inside a value becomes '/'.
    return ARRAY_DELIMITER.join(str(value).replace(ARRAY_DELIMITER, "/") for value in values)


def csv_text(header: tuple[str, ...], rows: list[list[str]]) -> str:
    """The rows sorted, under the header, one record a line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    # One record per line: neo4j-admin needs --multiline-fields for embedded newlines.
    writer.writerows([[" ".join(str(cell).split()) if "\n" in str(cell) else cell for cell in row]
                      for row in sorted(rows)])
    return buffer.getvalue()


def _cypher_string(text: str) -> str:
    """A Cypher string literal; only for kg's own constants and IRIs, never for article text."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _cypher_map(values: dict[str, object]) -> str:
    def literal(value: object) -> str:
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, list):
            return "[" + ", ".join(literal(item) for item in value) + "]"
        return _cypher_string(str(value))

    return "{" + ", ".join(f"{name}: {literal(value)}" for name, value in values.items()) + "}"

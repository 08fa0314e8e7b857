"""Kuzu: the entity graph as an embedded property-graph database a user opens with Kuzu's Cypher.

    kuzu/entities.csv    uri, name, type, aliases, wikidata
    kuzu/statements.csv  from, to, type, statement, relation, label, negated, modality,
                         attributed_to, confidence, documents, dates, sentences
    kuzu/load.cypher     the schema (a node table Entity, a relationship table Statement),
                         then COPY FROM each CSV through LOAD FROM, lists split there

Kuzu (and its fork real_ladybug) has no LOAD CSV WITH HEADERS and no constraints: a schema
first, then COPY FROM. Its CSV reader reads a `name:type[]` header as a typed list, so these
CSVs have plain headers and every column is read as a string, then cast or split ('|') in the
COPY query: an empty list stays [], never null. The rows are those of the Neo4j CSVs
(kg.export.neo4j), so both databases hold the same graph; a relationship's `type` is the Neo4j
relationship type (AUTHORIZE, NOT_USE, CLAIMED_STRIKE). Article text travels in the CSV files,
never in the Cypher.

    cd kuzu && python -c "import kuzu
    kuzu.Connection(kuzu.Database('../graph.kuzu')).execute(open('load.cypher').read())"
"""

from __future__ import annotations

from rdflib import Dataset

from kg.export.networkx import entity_graph
from kg.export.neo4j import ARRAY_DELIMITER, csv_text, node_rows, relationship_rows

ENTITY_COLUMNS = ("uri", "name", "type", "aliases", "wikidata")
STATEMENT_COLUMNS = ("from", "to", "type", "statement", "relation", "label", "negated", "modality", "attributed_to",
                     "confidence", "documents", "dates", "sentences")
LIST_COLUMNS = {"aliases", "attributed_to", "documents", "dates", "sentences"}
TYPED_COLUMNS = {"negated": "BOOLEAN", "confidence": "DOUBLE"}


def export_kuzu(dataset: Dataset) -> dict[str, str]:
    """kuzu/: entities.csv, statements.csv and load.cypher (schema, then COPY FROM)."""
    view = entity_graph(dataset)
    entities = [row[: len(ENTITY_COLUMNS)] for row in node_rows(view)]  # without Neo4j's :LABEL
    return {
        "kuzu/entities.csv": csv_text(ENTITY_COLUMNS, entities),
        "kuzu/statements.csv": csv_text(STATEMENT_COLUMNS, relationship_rows(view)),
        "kuzu/load.cypher": load_script(),
    }


def load_script() -> str:
    """The schema and the two COPY statements (the same for every graph)."""
    def declared(columns: tuple[str, ...]) -> str:
        return ", ".join(f"`{column}` {_type(column)}" for column in columns)

    def read_as_strings(columns: tuple[str, ...]) -> str:
        return ", ".join(f"`{column}` STRING" for column in columns)

    def value(column: str) -> str:
        if column in LIST_COLUMNS:
            return (f"CASE WHEN `{column}` IS NULL THEN CAST([] AS STRING[]) "
                    f"ELSE string_split(`{column}`, '{ARRAY_DELIMITER}') END")
        if column == "negated":
            return "`negated` = 'true'"
        if column in TYPED_COLUMNS:
            return f"CAST(`{column}` AS {TYPED_COLUMNS[column]})"
        return f"`{column}`"

    def copy(table: str, file: str, columns: tuple[str, ...]) -> str:
        return (f"COPY {table} FROM (\n  LOAD WITH HEADERS ({read_as_strings(columns)})\n"
                f"  FROM '{file}' (header=true)\n  RETURN {', '.join(value(column) for column in columns)}\n);")

    statement_properties = STATEMENT_COLUMNS[2:]
    lines = [
        "// kg -> Kuzu (or real_ladybug). Run on a new database from inside this folder (the CSV paths are",
        "// relative), e.g. in Python:",
        "//   kuzu.Connection(kuzu.Database('../graph.kuzu')).execute(open('load.cypher').read())",
        "// Entities are one node table (their kg type in `type`); statements one relationship table whose",
        "// `type` is the Neo4j relationship type: MATCH (a:Entity)-[s:Statement {type: 'AUTHORIZE'}]->(b:Entity).",
        "",
        f"CREATE NODE TABLE Entity({declared(ENTITY_COLUMNS)}, PRIMARY KEY (`uri`));",
        f"CREATE REL TABLE Statement(FROM Entity TO Entity, {declared(statement_properties)});",
        "",
        copy("Entity", "entities.csv", ENTITY_COLUMNS),
        "",
        copy("Statement", "statements.csv", STATEMENT_COLUMNS),
    ]
    return "\n".join(lines) + "\n"


def _type(column: str) -> str:
    return "STRING[]" if column in LIST_COLUMNS else TYPED_COLUMNS.get(column, "STRING")

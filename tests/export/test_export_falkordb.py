"""The Neo4j LOAD CSV bundle loads unchanged into a real FalkorDB and answers as kg's SPARQL does.

A user copies nodes.csv and relationships.csv into FalkorDB's import folder and sends each
statement of constraints-falkordb.cypher, then of load-csv.cypher, as one GRAPH.QUERY (FalkorDB
takes one query per call; the files end each statement with ';' at the end of a line).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter

import falkordb
import pytest
from seed_answers import SEED_GRAPH, statements_about, who_authorised

from kg import export
from kg.graph import to_networkx
from kg.graph.files import read_dataset

_graph_names = itertools.count()


def statements(script: str) -> list[str]:
    """The statements of a .cypher file as a user sends them, one per query: split at ';' + newline."""
    return [statement for statement in script.split(";\n") if statement.strip()]


def load(files: dict[str, str], server, *, times: int = 1) -> falkordb.Graph:
    """A new FalkorDB graph with the bundle's constraints and load-csv.cypher run as they are, `times` times."""
    for name in ("nodes.csv", "relationships.csv"):
        (server.import_folder / name).write_text(files[f"neo4j/{name}"], encoding="utf-8")
    graph = falkordb.FalkorDB(unix_socket_path=str(server.socket)).select_graph(f"kg{next(_graph_names)}")
    for statement in statements(files["neo4j/constraints-falkordb.cypher"]):
        graph.query(statement)
    for _ in range(times):
        for statement in statements(files["neo4j/load-csv.cypher"]):
            graph.query(statement)
    return graph


def rows(graph: falkordb.Graph, query: str, **params) -> list[list]:
    return graph.query(query, params).result_set


@pytest.fixture(scope="module")
def seeds():
    return read_dataset(SEED_GRAPH)


@pytest.fixture(scope="module")
def bundle(seeds):
    return export.render(seeds, "neo4j")


@pytest.fixture
def database(bundle, falkordb_server):
    return load(bundle, falkordb_server)


def test_counts_of_nodes_relationships_and_types_equal_kgs(seeds, bundle, database):
    view = to_networkx(seeds)
    entity_types = dict(rows(database, "MATCH (n:Entity) RETURN n.type, count(*)"))
    assert entity_types == dict(Counter(attributes["type"] for _, attributes in view.nodes(data=True)))
    assert sum(entity_types.values()) == view.number_of_nodes()
    people = rows(database, "MATCH (n:Person) RETURN count(n)")[0][0]
    assert people == entity_types["Person"] > 0, "the type is a label too"
    relationship_types = dict(rows(database, "MATCH ()-[r]->() RETURN type(r), count(*)"))
    csv_rows = csv.DictReader(io.StringIO(bundle["neo4j/relationships.csv"]))
    assert relationship_types == dict(Counter(row[":TYPE"] for row in csv_rows))
    assert sum(relationship_types.values()) == view.number_of_edges()


def test_loading_twice_changes_nothing(bundle, falkordb_server):
    once, twice = load(bundle, falkordb_server), load(bundle, falkordb_server, times=2)
    count = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)"
    assert rows(twice, count) == rows(once, count)


def test_lists_are_lists_and_empty_ones_are_empty(seeds, database):
    view = to_networkx(seeds)
    found = {statement: values for statement, *values in rows(database, (
        "MATCH ()-[r]->() RETURN r.statement, r.attributed_to, r.sentences, r.negated, r.confidence"))}
    for _, _, key, attributes in view.edges(keys=True, data=True):
        attributed_to, sentences, negated, confidence = found[key]
        assert attributed_to == attributes["attributed_to"]
        assert sentences == [" ".join(source["sentence"].split()).replace("|", "/") for source in attributes["sources"]]
        assert negated is attributes["negated"] and confidence == pytest.approx(attributes["confidence"], abs=1e-3)
    assert any(values[0] == [] for values in found.values()), "some statement has no speaker: []"
    assert rows(database, "MATCH (n:Entity) WHERE n.aliases IS NULL RETURN count(n)") == [[0]]


def test_who_authorised_kyiv_answers_as_the_sparql_query(database):
    # FalkorDB has no regular expressions; the relation is kg's canonical one, as in the SPARQL query.
    found = {(name, relation, str(negated).lower()) for name, relation, negated in rows(database, (
        "MATCH (a:Entity)-[r]->(b:Entity {name: $name}) WHERE r.relation = 'authorize' "
        "RETURN DISTINCT a.name, r.relation, r.negated"), name="Kyiv")}
    assert {"Norway", "Finland"} <= {name for name, _, _ in found}
    assert found == who_authorised("Kyiv")


def test_zelenskys_statements_answer_as_the_sparql_query(database):
    answer = rows(database, "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.name = $name OR b.name = $name "
                            "RETURN a.name, r.relation, b.name, r.negated", name="Volodymyr Zelensky")
    found = {(subject, relation, obj, str(negated).lower()) for subject, relation, obj, negated in answer}
    assert len(found) >= 3
    assert found == statements_about("Volodymyr Zelensky")


def test_the_uniqueness_index_is_made_and_used(database):
    plan = database.explain("MATCH (n:Entity {uri: $uri}) RETURN n", {"uri": "x"})
    assert "Node By Index Scan" in str(plan), plan


def test_tricky_text_survives_the_csv_into_falkordb(story, falkordb_server):
    from rdflib import Literal

    from kg.graph import KG

    sentence = min(node for node, _, _, _ in story.quads((None, KG.text, None, None)))
    tricky = 'He said "no", then | left [x]; back\\slash\nnext line'
    for _, _, old, graph in list(story.quads((sentence, KG.text, None, None))):
        story.graph(graph).remove((sentence, KG.text, old))
        story.graph(graph).add((sentence, KG.text, Literal(tricky)))
    database = load(export.render(story, "neo4j"), falkordb_server)
    sentences = [value for (values,) in rows(database, "MATCH ()-[r]->() RETURN r.sentences") for value in values]
    assert 'He said "no", then / left [x]; back\\slash next line' in sentences

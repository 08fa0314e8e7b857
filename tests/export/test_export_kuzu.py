"""The Kuzu bundle loads unchanged into a real Kuzu database and answers as kg's SPARQL does."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import kuzu
import pytest

from seed_answers import AUTHORIZING, SEED_GRAPH, statements_about, who_authorised

from kg import export
from kg.graph.files import read_dataset
from kg.graph import to_networkx


def rows(result: kuzu.QueryResult) -> list[list]:
    found = []
    while result.has_next():
        found.append(result.get_next())
    return found


def load(files: dict[str, str], folder: Path, monkeypatch) -> kuzu.Connection:
    """A new Kuzu database with the bundle's load.cypher run as it is, from its folder."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    connection = kuzu.Connection(kuzu.Database(str(folder / "graph.kuzu")))
    monkeypatch.chdir(folder / "kuzu")  # the script names its CSVs relative to its folder
    connection.execute((folder / "kuzu" / "load.cypher").read_text(encoding="utf-8"))
    return connection


@pytest.fixture(scope="module")
def seeds():
    return read_dataset(SEED_GRAPH)


@pytest.fixture
def database(seeds, tmp_path, monkeypatch):
    return load(export.render(seeds, "kuzu"), tmp_path, monkeypatch)


def test_counts_of_nodes_relationships_and_types_equal_kgs(seeds, database):
    view = to_networkx(seeds)
    entity_types = dict(rows(database.execute("MATCH (n:Entity) RETURN n.type, count(*)")))
    assert entity_types == dict(Counter(attributes["type"] for _, attributes in view.nodes(data=True)))
    assert sum(entity_types.values()) == view.number_of_nodes()
    relationship_types = dict(rows(database.execute("MATCH ()-[s:Statement]->() RETURN s.type, count(*)")))
    neo4j_rows = csv.DictReader(io.StringIO(export.render(seeds, "neo4j")["neo4j/relationships.csv"]))
    assert relationship_types == dict(Counter(row[":TYPE"] for row in neo4j_rows))
    assert sum(relationship_types.values()) == view.number_of_edges()


def test_lists_are_lists_and_empty_ones_are_empty(seeds, database):
    view = to_networkx(seeds)
    statements = {row[0]: row[1:] for row in rows(database.execute(
        "MATCH ()-[s:Statement]->() RETURN s.statement, s.attributed_to, s.sentences, s.negated, s.confidence"))}
    for _, _, key, attributes in view.edges(keys=True, data=True):
        attributed_to, sentences, negated, confidence = statements[key]
        assert attributed_to == attributes["attributed_to"]
        assert sentences == [" ".join(source["sentence"].split()).replace("|", "/") for source in attributes["sources"]]
        assert negated is attributes["negated"] and confidence == pytest.approx(attributes["confidence"])
    assert any(value[0] == [] for value in statements.values()), "some statement has no speaker: []"


def test_who_authorised_kyiv_answers_as_the_sparql_query(seeds, database):
    expected = who_authorised("Kyiv")
    found = {(name, relation, str(negated).lower()) for name, relation, negated in rows(database.execute(
        "MATCH (a:Entity)-[s:Statement]->(b:Entity {name: $name}) WHERE regexp_matches(s.relation, $pattern) "
        "RETURN DISTINCT a.name, s.relation, s.negated", {"name": "Kyiv", "pattern": AUTHORIZING}))}
    assert {"Norway", "Finland"} <= {name for name, _, _ in found}
    assert found == expected


def test_zelenskys_statements_answer_as_the_sparql_query(seeds, database):
    expected = statements_about("Volodymyr Zelensky")
    answer = database.execute("MATCH (a:Entity)-[s:Statement]->(b:Entity) WHERE a.name = $name OR b.name = $name "
                              "RETURN a.name, s.relation, b.name, s.negated", {"name": "Volodymyr Zelensky"})
    found = {(subject, relation, obj, str(negated).lower()) for subject, relation, obj, negated in rows(answer)}
    assert len(found) >= 3
    assert found == expected


def test_tricky_text_survives_the_csv_into_kuzu(story, tmp_path, monkeypatch):
    from rdflib import Literal

    from kg.graph import KG

    sentence = min(node for node, _, _, _ in story.quads((None, KG.text, None, None)))
    tricky = 'He said "no", then | left [x]; back\\slash\nnext line'
    for _, _, old, graph in list(story.quads((sentence, KG.text, None, None))):
        story.graph(graph).remove((sentence, KG.text, old))
        story.graph(graph).add((sentence, KG.text, Literal(tricky)))
    database = load(export.render(story, "kuzu"), tmp_path, monkeypatch)
    sentences = [value for (values,) in rows(database.execute("MATCH ()-[s:Statement]->() RETURN s.sentences"))
                 for value in values]
    assert 'He said "no", then / left [x]; back\\slash next line' in sentences


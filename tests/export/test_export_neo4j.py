"""The Neo4j bundle: n10s Turtle and load.cypher per the known traps, neo4j-admin CSV in its documented format."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg import export
from kg.export import neo4j
from kg.graph import KG, to_networkx

# neo4j-admin database import: header fields are name:type or one of the special fields.
SPECIAL_FIELDS = {":ID", ":LABEL", ":START_ID", ":END_ID", ":TYPE"}
ADMIN_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
               "localtime", "time", "localdatetime", "datetime", "duration"}


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def bundle(story):
    return export.render(story, "neo4j")


def test_the_bundle_has_both_routes(bundle):
    assert sorted(bundle) == ["neo4j/constraints-falkordb.cypher", "neo4j/constraints.cypher", "neo4j/graph.ttl",
                              "neo4j/load-csv.cypher", "neo4j/load.cypher", "neo4j/nodes.csv",
                              "neo4j/relationships.csv"]


def test_csv_headers_follow_neo4j_admin_import(bundle):
    for name, required in (("neo4j/nodes.csv", [":ID", ":LABEL"]),
                           ("neo4j/relationships.csv", [":START_ID", ":END_ID", ":TYPE"])):
        header = next(csv.reader(io.StringIO(bundle[name])))
        for field in header:
            prop, colon, kind = field.partition(":")
            typed = not colon or kind == "ID" or kind.removesuffix("[]") in ADMIN_TYPES
            assert field in SPECIAL_FIELDS or (prop and typed), field
        for special in required:
            assert sum(field.endswith(special) for field in header) == 1, (name, special)
    assert next(csv.reader(io.StringIO(bundle["neo4j/relationships.csv"])))[:3] == [":START_ID", ":END_ID", ":TYPE"]


def test_csv_rows_match_the_networkx_view(story, bundle):
    view = to_networkx(story)
    nodes = read_csv(bundle["neo4j/nodes.csv"])
    relationships = read_csv(bundle["neo4j/relationships.csv"])
    assert len(nodes) == view.number_of_nodes() and len(relationships) == view.number_of_edges()
    ids = {row["uri:ID"] for row in nodes}
    assert all(row[":START_ID"] in ids and row[":END_ID"] in ids for row in relationships)
    peskov = next(row for row in nodes if row["name"] == "Dmitry Peskov")
    assert peskov[":LABEL"] == "Entity|Person"
    assert peskov["aliases:string[]"] == "Kremlin spokesman Dmitry Peskov|Peskov"


def test_denials_and_claims_are_not_plain_relationships(bundle):
    types = Counter(row[":TYPE"] for row in read_csv(bundle["neo4j/relationships.csv"]))
    assert types == {"AUTHORIZE": 4, "ATTACK": 1, "SPOKESMAN_FOR": 1, "NOT_USE": 1, "CLAIMED_USE": 1,
                     "NOT_AWARE_OF": 1, "CLAIMED_ASK": 1, "CLAIMED_STRIKE": 1}


@pytest.mark.parametrize("relation, negated, asserted, expected", [
    ("authorize", False, True, "AUTHORIZE"),
    ("ask not-to use", False, False, "CLAIMED_ASK_NOT_TO_USE"),
    ("use", True, False, "NOT_USE"),
    ("3d-print", False, True, "_3D_PRINT"),
    ("`) DETACH DELETE n //", False, True, "DETACH_DELETE_N"),
    ("", False, True, "RELATED_TO"),
])
def test_relationship_types_are_safe_cypher_names(relation, negated, asserted, expected):
    assert neo4j.relationship_type(relation, negated=negated, asserted=asserted) == expected


def test_article_text_with_quotes_pipes_and_newlines_survives_the_csv(story, bundle):
    sentence = min(node for node, _, _, _ in story.quads((None, KG.text, None, None)))
    tricky = 'He said "no" | then; left\\ \nnext line'
    for _, _, old, graph in list(story.quads((sentence, KG.text, None, None))):
        story.graph(graph).remove((sentence, KG.text, old))
        story.graph(graph).add((sentence, KG.text, Literal(tricky)))
    rows = read_csv(export.render(story, "neo4j")["neo4j/relationships.csv"])
    assert any(row["sentences:string[]"] == 'He said "no" / then; left\\ next line' for row in rows)


def test_load_cypher_follows_the_n10s_traps(bundle):
    script = bundle["neo4j/load.cypher"]
    statements = [line for line in script.splitlines() if line and not line.startswith("//")]
    assert statements[0] == "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE;"
    assert statements[1].startswith("CALL n10s.graphconfig.init({")
    for setting in ("handleVocabUris: 'SHORTEN'", "handleMultival: 'ARRAY'", "keepLangTag: true",
                    "multivalPropList: ['http://www.w3.org/2004/02/skos/core#altLabel']"):
        assert setting in statements[1]
    assert statements[-1] == "CALL n10s.rdf.import.fetch($url, 'Turtle');"
    assert "n10s.rdf.import.inline($rdf, 'Turtle')" in script
    assert " ASSERT " not in script and "ON (" not in script  # Neo4j 4 constraint syntax


def test_every_vocabulary_namespace_has_a_declared_prefix(bundle):
    declared = dict(re.findall(r"CALL n10s\.nsprefixes\.add\('([^']+)', '([^']+)'\);", bundle["neo4j/load.cypher"]))
    assert len(set(declared.values())) == len(declared)
    used = set()
    for triple in ox.parse(bundle["neo4j/graph.ttl"].encode(), format=ox.RdfFormat.TURTLE):
        used.add(neo4j.namespace_of(triple.predicate.value))
        if triple.predicate.value == str(RDF.type):
            used.add(neo4j.namespace_of(triple.object.value))
    assert used <= set(declared.values()), used - set(declared.values())
    assert declared["rel"] == "https://example.org/kg/relation/" and declared["kg"] == str(KG)


def test_each_property_keeps_one_datatype_for_n10s_arrays(story):
    odd = URIRef(str(KG) + "odd")
    story.add((URIRef("https://example.org/kg/person/x"), odd, Literal(3)))
    story.add((URIRef("https://example.org/kg/person/y"), odd, Literal("three")))
    turtle = export.render(story, "neo4j")["neo4j/graph.ttl"]
    kinds = defaultdict(set)
    for triple in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE):
        if isinstance(triple.object, ox.Literal):
            kinds[triple.predicate.value].add(neo4j._kind(triple.object))
    assert all(len(found) == 1 for found in kinds.values()), kinds
    assert kinds[str(odd)] == {"string"} and kinds[str(KG.confidence)] == {"float"}
    assert kinds[str(KG.documentDate)] == {"date"}


def test_load_csv_script_has_one_statement_per_type_and_no_article_text(story, bundle):
    script = bundle["neo4j/load-csv.cypher"]
    types = {row[":TYPE"] for row in read_csv(bundle["neo4j/relationships.csv"])}
    assert set(re.findall(r"MERGE \(a\)-\[r:(\w+) \{statement: row.statement\}\]->\(b\)", script)) == types
    texts = [str(text) for _, _, text, _ in story.quads((None, KG.text, None, None))]
    assert texts and not any(text in script for text in texts)
    assert "--array-delimiter='|'" in script


def test_load_csv_script_is_idempotent_and_portable(bundle):
    """Running it twice adds nothing: every write is a MERGE (entities on uri, relationships on statement);
    no engine-specific constraint syntax in it (that is in the optional constraints.cypher)."""
    script = bundle["neo4j/load-csv.cypher"]
    statements = [line for line in script.splitlines() if line and not line.startswith("//")]
    assert not any(line.lstrip().startswith("CREATE") for line in statements)
    assert "MERGE (n:Entity {uri: row.`uri:ID`})" in script
    assert "CONSTRAINT" not in "\n".join(statements)
    assert bundle["neo4j/constraints.cypher"].rstrip().endswith(
        "CREATE CONSTRAINT kg_entity_uri IF NOT EXISTS FOR (n:Entity) REQUIRE n.uri IS UNIQUE;")


@pytest.mark.parametrize("column", ["aliases:string[]", "attributed_to:string[]", "documents:string[]",
                                    "dates:string[]", "sentences:string[]"])
def test_every_list_property_is_empty_not_null_for_an_empty_field(bundle, column):
    script = bundle["neo4j/load-csv.cypher"]
    assert f"CASE WHEN row.`{column}` IS NULL THEN [] ELSE split(row.`{column}`, '|') END" in script
    assert f"split(row.`{column}`" not in script.replace(f"ELSE split(row.`{column}`", "")


def test_literals_keep_their_language_tags_in_the_n10s_turtle(tricky):
    turtle = export.render(tricky, "neo4j")["neo4j/graph.ttl"]
    tagged = [t.object for t in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
              if isinstance(t.object, ox.Literal) and t.object.language]
    assert len(tagged) == 10 and all(literal.language == "en" for literal in tagged)

"""kg.query and `kg query`: terms from the command line, bound parameters, errors, output formats."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from typer.testing import CliRunner

from kg import query
from kg.cli import app
from kg.graph import files as graph_files

ROOT = Path(__file__).resolve().parents[2]
KG = "https://example.org/kg/ontology#"
PESKOV = URIRef("https://example.org/kg/person/dmitry-peskov")
PREFIXES = query.prefixes_of("PREFIX ex: <http://example.com/ns#>\nSELECT * {}")


@pytest.mark.parametrize("text, term", [
    ("<https://example.org/kg/person/dmitry-peskov>", PESKOV),
    ("https://example.org/kg/person/dmitry-peskov", PESKOV),
    ("urn:isbn:123", URIRef("urn:isbn:123")),
    ("kg:Person", URIRef(KG + "Person")),
    ("ex:thing", URIRef("http://example.com/ns#thing")),
    ("Dmitry Peskov", Literal("Dmitry Peskov")),
    ('"Dmitry Peskov"', Literal("Dmitry Peskov")),
    ('"Київ"@uk', Literal("Київ", lang="uk")),
    ('"2024-05-31"^^xsd:date', Literal("2024-05-31", datatype=XSD.date)),
    ("2024-05-31", Literal("2024-05-31", datatype=XSD.date)),
    ("42", Literal("42", datatype=XSD.integer)),
    ("0.5", Literal("0.5", datatype=XSD.decimal)),
    ("true", Literal("true", datatype=XSD.boolean)),
    ("Note: unknown prefix", Literal("Note: unknown prefix")),
    ('x" } UNION { ?s ?p ?o', Literal('x" } UNION { ?s ?p ?o')),
])
def test_parse_term_reads_command_line_values_as_rdf_terms(text, term):
    parsed = query.parse_term(text, PREFIXES)
    assert parsed == term and type(parsed) is type(term)


@pytest.mark.parametrize("text, problem", [
    ("<not an iri>", "is not a valid IRI"),
    ("http://bad iri/x", "is not a valid IRI"),
    ('"unterminated', "is not a valid RDF literal"),
])
def test_parse_term_rejects_malformed_iris_and_literals(text, problem):
    with pytest.raises(query.QueryError, match=problem):
        query.parse_term(text, PREFIXES)


@pytest.mark.parametrize("assignment, problem", [("name", "expected name=value"), ("=x", "expected name=value"),
                                                 ("two words=x", "expected name=value")])
def test_parse_param_needs_a_name_and_a_value(assignment, problem):
    with pytest.raises(query.QueryError, match=problem):
        query.parse_param(assignment, PREFIXES)


def test_parse_param_accepts_a_leading_question_mark():
    assert query.parse_param("?speakerName=Dmitry Peskov", PREFIXES) == ("speakerName", Literal("Dmitry Peskov"))


SPEAKERS = """PREFIX kg: <https://example.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?speakerName ?relation WHERE {
  ?statement kg:assertedBy ?speaker ; kg:relation ?relation .
  ?speaker rdfs:label ?speakerName .
}"""


@pytest.mark.parametrize("engine", query.ENGINES)
def test_a_parameter_is_bound_as_a_term_and_never_read_as_query_text(engines, engine):
    graph = engines[engine]
    everyone = query.run(SPEAKERS, graph)
    peskov = query.run(SPEAKERS, graph, params={"speakerName": Literal("Dmitry Peskov")})
    assert {row[0] for row in everyone.rows} == {Literal("Dmitry Peskov"), Literal("Mark Milley"), Literal("Ukraine")}
    assert {row for row in peskov.rows} == {(Literal("Dmitry Peskov"), Literal("use")),
                                            (Literal("Dmitry Peskov"), Literal("know_about"))}
    # Text that would change the query if it were pasted in is just a name that matches nothing.
    injected = query.parse_term('Dmitry Peskov" } UNION { ?speaker ?p ?speakerName', PREFIXES)
    assert query.run(SPEAKERS, graph, params={"speakerName": injected}).rows == ()


@pytest.mark.parametrize("value", ["plain", 'a "quoted" } UNION { ?s ?p ?o }', "back\\slash\nnew line\t{tab}",
                                   "it's '''three'''", "Київ # not a comment"])
def test_a_bound_value_matches_exactly_the_literal_it_is(value):
    store = ox.Store()
    for number, text in enumerate((value, value + " ", "other")):
        store.add(ox.Quad(ox.NamedNode(f"urn:x:{number}"), ox.NamedNode(KG + "text"), ox.Literal(text)))
    found = query.run("SELECT ?s ?text WHERE { ?s kg:text ?text }", store, params={"text": Literal(value)})
    assert found.rows == ((URIRef("urn:x:0"), Literal(value)),)


@pytest.mark.parametrize("text, values", [
    ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { VALUES (?s) { (<urn:x:1>) }  ?s ?p ?o }"),
    ("PREFIX a: <urn:a#b> # SELECT {\nSELECT (EXISTS { ?s ?p ?o } AS ?e) ?s { ?s ?p '{' }",
     ("PREFIX a: <urn:a#b> # SELECT {\n"
      "SELECT (EXISTS { ?s ?p ?o } AS ?e) ?s { VALUES (?s) { (<urn:x:1>) }  ?s ?p '{' }")),
    ('PREFIX a: <urn:a#b> SELECT ?s WHERE { ?s ?p """}\n{""" }',
     'PREFIX a: <urn:a#b> SELECT ?s WHERE { VALUES (?s) { (<urn:x:1>) }  ?s ?p """}\n{""" }'),
    ("SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } "  # noqa: ISC004
     "{ SELECT ?o WHERE { ?s ?p ?o } } }",
     ("SELECT ?s ?n WHERE { VALUES (?s) { (<urn:x:1>) }  { SELECT ?s (COUNT(*) AS ?n) WHERE { "
      "VALUES (?s) { (<urn:x:1>) }  ?s ?p ?o } GROUP BY ?s } { SELECT ?o WHERE { ?s ?p ?o } } }")),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None),
    ("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", None),
    ("ASK { ?s ?p ?o }", None),
])
def test_parameters_open_the_where_group_of_a_select_as_values(text, values):
    assert query._with_values(text, {ox.Variable("s"): ox.NamedNode("urn:x:1")}) == values


def test_a_parameter_that_names_an_aggregate_is_still_bound(engines):
    # VALUES cannot bind ?n where the query computes it, so kg falls back to substitution alone.
    text = "SELECT ?relation ?n WHERE { { SELECT ?relation (COUNT(*) AS ?n) WHERE { ?s kg:relation ?relation } " \
           "GROUP BY ?relation } }"
    counts = query.run(text, engines["oxigraph"]).rows
    two = [row for row in counts if row[1] == Literal(2)]
    assert two and sorted(query.run(text, engines["oxigraph"], params={"n": Literal(2)}).rows) == sorted(two)


@pytest.mark.parametrize("engine", query.ENGINES)
def test_a_parameter_must_be_a_result_variable(engines, engine):
    with pytest.raises(query.QueryError, match="parameter 'speaker' is not a result variable"):
        query.run(SPEAKERS, engines[engine], params={"speaker": PESKOV}, source="speakers.sparql")


@pytest.mark.parametrize("engine", query.ENGINES)
def test_limit_sets_the_page_size_of_a_query(engines, engine):
    graph = engines[engine]
    everyone = query.run(SPEAKERS, graph)
    assert len(everyone.rows) > 1
    assert query.run(SPEAKERS, graph, limit=1).rows == everyone.rows[:1]  # no LIMIT in the query: first rows
    paged = (SPEAKERS.replace("SELECT DISTINCT", "SELECT ?speakerName ?relation WHERE { { SELECT DISTINCT")
             + " LIMIT 100 } } # LIMIT 5")
    assert len(query.run(paged, graph, limit=1).rows) == 1
    assert sorted(query.run(paged, graph, limit=0).rows) == sorted(everyone.rows)
    with pytest.raises(query.QueryError, match="limit must be 0"):
        query.run(SPEAKERS, graph, limit=-1)


def test_with_limit_rewrites_limit_clauses_only():
    text = 'SELECT * { { SELECT ?s { ?s ?p "LIMIT 5" } LIMIT 100 } } # LIMIT 3\nORDER BY ?s limit 7'
    assert query.with_limit(text, 20) == \
        'SELECT * { { SELECT ?s { ?s ?p "LIMIT 5" } LIMIT 20 } } # LIMIT 3\nORDER BY ?s LIMIT 20'
    assert query.with_limit(text, 0) == 'SELECT * { { SELECT ?s { ?s ?p "LIMIT 5" }  } } # LIMIT 3\nORDER BY ?s '


BAD_QUERIES = [  # (query, line, column as Oxigraph's parser reports them)
    ("SELECT ?s WHERE {\n  ?s ?p \n}", 3, 2),
    ("PREFIX kg: <https://example.org/kg/ontology#>\nSELECT ?s WHERE {\n  ?s kg:relation ?r .\n  FILTER( }", 4, 12),
    ("SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s nope:thing ?o }", 3, 16),
]


@pytest.mark.parametrize("engine", query.ENGINES)
@pytest.mark.parametrize("text, line, column", BAD_QUERIES)
def test_a_syntax_error_gives_line_and_column_on_both_engines(engines, engine, text, line, column):
    with pytest.raises(query.QuerySyntaxError) as raised:
        query.run(text, engines[engine], source="bad.sparql")
    assert (raised.value.line, raised.value.column) == (line, column)
    assert str(raised.value).startswith(f"bad.sparql:{line}:{column}: SPARQL syntax error: ")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("engine", query.ENGINES)
def test_ask_and_construct(engines, engine):
    graph = engines[engine]
    assert query.run("ASK { ?s a kg:Statement }", graph).boolean is True
    assert query.run("ASK { ?s a kg:Nothing }", graph).boolean is False
    built = query.run("CONSTRUCT { ?s rdfs:label ?name } WHERE { ?s a kg:Person ; rdfs:label ?name }", graph)
    assert built.variables == ("subject", "predicate", "object")
    assert {row[2] for row in built.rows} == {Literal("Joe Biden"), Literal("Dmitry Peskov"), Literal("Mark Milley")}


def test_csv_and_json_follow_the_sparql_results_formats(engines):
    result = query.run(SPEAKERS + "\nORDER BY ?speakerName ?relation", engines["oxigraph"])
    table = list(csv.reader(io.StringIO(query.to_csv(result), newline="")))
    assert table[0] == ["speakerName", "relation"] and table[1] == ["Dmitry Peskov", "know_about"]
    assert query.to_csv(result).endswith("\r\n")
    parsed = ox.parse_query_results(query.to_json(result).encode(), format=ox.QueryResultsFormat.JSON)
    assert [tuple(graph_files.to_rdflib(solution[name]) for name in ("speakerName", "relation")) for solution in parsed] \
        == list(result.rows)
    ask = query.run("ASK {}", engines["oxigraph"])
    assert json.loads(query.to_json(ask)) == {"head": {}, "boolean": True}


def test_cells_shorten_iris_with_the_prefix_table():
    result = query.QueryResult(variables=("x",), rows=(
        (URIRef(KG + "Person"),), (URIRef("http://www.wikidata.org/entity/Q159"),), (PESKOV,),
        (Literal("Київ", lang="uk"),), (Literal("0.5", datatype=XSD.decimal),), (None,),
        (URIRef(KG + "odd/local"),),
    ))
    assert query.cells(result, query.DEFAULT_PREFIXES) == [
        ["kg:Person"], ["wd:Q159"], [f"<{PESKOV}>"], ["Київ"], ["0.5"], [""], [f"<{KG}odd/local>"]]


def test_read_query_takes_a_file_or_sparql_text(tmp_path):
    path = tmp_path / "q.sparql"
    path.write_text("SELECT * { ?s ?p ?o }", encoding="utf-8")
    assert query.read_query(str(path)) == ("SELECT * { ?s ?p ?o }", str(path))
    assert query.read_query("# a comment\nASK {}") == ("# a comment\nASK {}", "query")
    with pytest.raises(query.QueryError, match="no such query file"):
        query.read_query("queries/missing.sparql")


def test_a_store_folder_gives_the_same_rows_as_the_file(tmp_path, story_files, engines):
    store = ox.Store(str(tmp_path / "store"))
    store.bulk_load(path=str(story_files["trig"]))
    store.flush()
    del store
    folder = query.load(tmp_path / "store")
    assert sorted(query.run(SPEAKERS, folder).rows) == sorted(query.run(SPEAKERS, engines["oxigraph"]).rows)


# ---- the command line ----

def run_kg(*args: str):
    """`kg ARGS` in this process (the program's startup is tested once, below)."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_kg_query_runs_as_a_program_and_prints_a_table_with_bound_parameters(story_files):
    result = subprocess.run([sys.executable, "-m", "kg", "query", "queries/statements-by.sparql", "--graph",
                             str(story_files["turtle"]), "--param", "speakerName=Dmitry Peskov"],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "know_about" in result.stdout and "Mark Milley" not in result.stdout
    assert "2 rows in" in result.stderr


def test_kg_query_limit_sets_the_page_size(story_files):
    for limit, rows in (("1", 1), ("0", 4)):
        result = run_kg("query", "queries/statements-by.sparql", "--graph", str(story_files["turtle"]),
                        "--limit", limit)
        assert result.exit_code == 0 and f"{rows} rows in" in result.stderr, result.stderr
    assert run_kg("query", "ASK {}", "--graph", str(story_files["turtle"]), "--limit", "-1").exit_code != 0


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda out: out.splitlines()[0].split(",") == ["speakerName", "verb", "subjectName", "relation", "verbForm",
                                                             "objectName", "negated", "date", "text", "speaker"]),
    ("json", lambda out: len(json.loads(out)["results"]["bindings"]) == 4),
])
def test_kg_query_writes_csv_and_json(story_files, fmt, check):
    result = run_kg("query", "queries/statements-by.sparql", "--graph", str(story_files["trig"]), "--format", fmt,
                    "--engine", "rdflib")
    assert result.exit_code == 0, result.stderr
    assert check(result.stdout)


@pytest.mark.parametrize("args, message", [
    (["SELECT ?s WHERE {\n ?s ?p }"], "query:2:9: SPARQL syntax error"),
    (["queries/nope.sparql"], "queries/nope.sparql: no such query file"),
    (["ASK {}", "--graph", "missing/graph.ttl"], "missing/graph.ttl: no such graph file"),
    (["ASK {}", "--format", "xml"], "unknown --format 'xml'; choose one of: table, csv, json"),
    (["ASK {}", "--engine", "jena"], "unknown engine 'jena'; choose one of: oxigraph, rdflib"),
    (["queries/statements-by.sparql", "--param", "speaker"], "expected name=value"),
    (["queries/statements-by.sparql", "--param", "who=Peskov"], "parameter 'who' is not a result variable"),
])
def test_kg_query_bad_input_is_one_line_and_a_failure(story_files, args, message):
    if "--graph" not in args:
        args = [*args, "--graph", str(story_files["turtle"])]
    result = run_kg("query", *args)
    assert result.exit_code != 0
    assert message in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr

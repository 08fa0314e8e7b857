"""`kg push` over the SPARQL 1.1 Graph Store Protocol: the plan, the dry run, and a real Virtuoso."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from typer.testing import CliRunner

from kg import query
from kg.cli import app
from kg.export import push, rdf
from kg.graph import DEFAULT_BASE_IRI as EX

ROOT = Path(__file__).resolve().parents[2]
GSP = "http://127.0.0.1:9/store"


def run_kg(*args: str):
    """`kg ARGS` in this process, with no password in the environment (one test runs the real program)."""
    return CliRunner().invoke(app, list(args), env={"KG_PUSH_PASSWORD": None})


def test_plan_puts_each_article_graph_under_its_own_iri_and_the_rest_in_the_default_graph(tricky):
    uploads = push.plan(tricky, GSP)
    targets = [upload.graph for upload in uploads]
    assert targets == [None] + [f"{EX}article/d{index}" for index in range(3)]
    assert uploads[0].url == GSP + "?default"
    assert parse_qs(urlsplit(uploads[1].url).query) == {"graph": [f"{EX}article/d0"]}
    assert "%3A%2F%2F" in uploads[1].url  # the graph IRI is percent-encoded in the query string
    sent = {quad for upload in uploads for quad in ox.parse(upload.body, format=ox.RdfFormat.TURTLE)}
    assert {quad.triple for quad in sent} == set(rdf.triples(tricky))
    assert sum(upload.triples for upload in uploads) == len(rdf.quads(tricky))


def test_plan_with_one_graph_merges_everything_and_default_graph_renames_the_rest(tricky):
    [merged] = push.plan(tricky, GSP, graph=EX + "all")
    assert merged.graph == EX + "all" and merged.triples == len(rdf.triples(tricky))
    renamed = push.plan(tricky, GSP + "?x=1", default_graph=EX + "entities")
    assert renamed[0].graph == EX + "entities" and renamed[0].url.startswith(GSP + "?x=1&graph=")


@pytest.mark.parametrize("endpoint, options, problem", [
    ("ftp://host/store", {}, "not an http(s) URL"),
    ("localhost:7200", {}, "not an http(s) URL"),
    (GSP, {"graph": "not an iri"}, "--graph 'not an iri' is not an absolute IRI"),
    (GSP, {"default_graph": "urn x"}, "--default-graph 'urn x' is not an absolute IRI"),
])
def test_plan_rejects_bad_endpoints_and_graph_names(tricky, endpoint, options, problem):
    with pytest.raises(push.PushError, match=re.escape(problem)):
        push.plan(tricky, endpoint, **options)


@pytest.fixture
def tricky_file(tricky, tmp_path) -> Path:
    path = tmp_path / "graph.trig"
    path.write_text(rdf.serialize(tricky, "trig"), encoding="utf-8")
    return path


def test_dry_run_prints_the_requests_and_sends_nothing(tricky_file, closed_endpoint):
    # Nothing listens on closed_endpoint, so a real send would fail.
    result = subprocess.run([sys.executable, "-m", "kg", "push", str(tricky_file), "--sparql-endpoint", closed_endpoint,
                             "--dry-run"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("PUT " + closed_endpoint) == 4
    assert "Content-Type: text/turtle" in result.stdout and 'He said \\"no\\" and left.' in result.stdout


def test_an_unreachable_endpoint_is_one_line_and_a_failure(tricky_file, closed_endpoint):
    result = run_kg("push", str(tricky_file), "--sparql-endpoint", closed_endpoint)
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0
    assert "cannot reach the endpoint" in result.stderr and closed_endpoint in result.stderr


def test_a_missing_graph_file_is_one_line_and_a_failure(tmp_path):
    result = run_kg("push", str(tmp_path / "none.ttl"), "--sparql-endpoint", GSP)
    assert result.exit_code != 0 and "none.ttl: no such graph file" in result.stderr
    assert result.stderr.strip().count("\n") == 0


# ---- a real Virtuoso ----

def virtuoso_select(virtuoso, text: str, graphs: list[str]) -> list[tuple]:
    """Run a SELECT on Virtuoso's SPARQL endpoint over `graphs` as the default graph; rows of rdflib terms."""
    response = httpx.post(virtuoso.sparql, data={"query": text, "default-graph-uri": graphs},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text[:500]
    document = response.json()
    names = document["head"]["vars"]
    return [tuple(_term(binding.get(name)) for name in names) for binding in document["results"]["bindings"]]


def _term(value: dict | None):
    if value is None:
        return None
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def rows(result: query.QueryResult) -> Counter:
    return Counter(tuple(term.n3() if term is not None else None for term in row) for row in result.rows)


TRICKY_QUERY = """
PREFIX kg: <https://example.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?statement ?text ?confidence ?negated ?date ?speaker ?name WHERE {
  ?statement a kg:Statement ; kg:text ?text ; kg:confidence ?confidence ; kg:negated ?negated ;
             kg:documentDate ?date ; kg:assertedBy ?speaker .
  ?speaker rdfs:label ?name .
}
"""


@pytest.mark.slow
def test_push_into_virtuoso_then_the_same_query_gives_the_same_rows(virtuoso, tricky_file):
    entities = EX + "graph/entities"
    result = run_kg("push", str(tricky_file), "--sparql-endpoint", virtuoso.gsp_auth, "--default-graph", entities,
                    "--user", virtuoso.user, "--password", virtuoso.password)
    assert result.exit_code == 0, result.stderr
    assert "pushed 60 triples in 4 graphs" in result.stdout
    graphs = [entities] + [f"{EX}article/d{index}" for index in range(3)]
    local = query.run(TRICKY_QUERY, query.load(tricky_file))
    remote = virtuoso_select(virtuoso, TRICKY_QUERY, graphs)
    assert len(local.rows) == 6
    assert Counter(tuple(term.n3() if term is not None else None for term in row) for row in remote) == rows(local)

    # Pushing again replaces each graph (PUT), so nothing is duplicated.
    again = run_kg("push", str(tricky_file), "--sparql-endpoint", virtuoso.gsp_auth, "--default-graph", entities,
                   "--user", virtuoso.user, "--password", virtuoso.password)
    assert again.exit_code == 0, again.stderr
    count = virtuoso_select(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graphs)
    assert count == [(Literal(60),)]


@pytest.mark.slow
def test_a_refusal_is_reported_with_the_servers_reason(virtuoso, tricky_file):
    # The anonymous endpoint of a fresh Virtuoso may not write RDF: a real 403.
    result = run_kg("push", str(tricky_file), "--sparql-endpoint", virtuoso.gsp_anonymous, "--default-graph", EX + "x")
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0
    assert "HTTP 403" in result.stderr and "Permission denied" in result.stderr


@pytest.mark.slow
def test_a_wrong_password_is_refused(virtuoso, tricky_file):
    result = run_kg("push", str(tricky_file), "--sparql-endpoint", virtuoso.gsp_auth, "--default-graph", EX + "x",
                    "--user", "dba", "--password", "wrong")
    assert result.exit_code != 0 and "HTTP 401" in result.stderr


QUERIES = sorted((ROOT / "queries").glob("*.sparql"))


def comparable(rows) -> Counter:
    """Rows with literals compared by value (Virtuoso writes 0.800 as 0.8), IRIs as they are."""
    def value(term):
        if isinstance(term, Literal) and term.datatype is not None:
            return (str(term.datatype), term.toPython())
        return term.n3() if term is not None else None
    return Counter(tuple(value(term) for term in row) for row in rows)


@pytest.mark.slow
def test_the_shipped_queries_give_the_same_rows_on_virtuoso_after_a_push(virtuoso, story, tmp_path):
    flat = tmp_path / "graph.ttl"  # as `kg build` writes it: push splits it back into article graphs
    flat.write_text(rdf.serialize(story, "turtle"), encoding="utf-8")
    result = run_kg("push", str(flat), "--sparql-endpoint", virtuoso.gsp_auth,
                    "--user", virtuoso.user, "--password", virtuoso.password)
    assert result.exit_code == 0, result.stderr
    graphs = sorted({str(name) for *_, name in story.quads((None, None, None, None))})
    assert len(graphs) == 6 and f"in {len(graphs)} graphs" in result.stdout  # 4 articles, entities, counts
    local = query.load(flat)
    for path in QUERIES:
        text = path.read_text(encoding="utf-8")
        expected = query.run(text, local)
        assert expected.rows, path.name
        assert comparable(virtuoso_select(virtuoso, text, graphs)) == comparable(expected.rows), path.name

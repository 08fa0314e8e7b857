"""kg.api, the front door, from Python: options from kg.toml, extract, query, export, view and push of one build."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

import kg
from kg import api
from kg.config import ConfigError, Options

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "seeds" / "000_a55aafeecc888288.txt"


@pytest.fixture(scope="module")
def built():
    return kg.build([ARTICLE])


def test_kg_toml_in_the_working_folder_sets_the_options_of_api_users(tmp_path, monkeypatch):
    (tmp_path / "kg.toml").write_text('base_iri = "urn:mine:"\nbatch_size = 7\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert api.load_options() == Options(base_iri="urn:mine:", batch_size=7)
    graph = kg.build([ARTICLE])
    assert all(str(quad[0]).startswith(("urn:mine:", "http")) for quad in graph.quads.quads())
    assert any(str(quad[0]).startswith("urn:mine:") for quad in graph.quads.quads())
    again = kg.build([ARTICLE], base_iri="urn:other:")  # a keyword wins over the file
    assert not any(str(quad[0]).startswith("urn:mine:") for quad in again.quads.quads())


def test_an_unknown_option_is_a_one_line_error():
    with pytest.raises(ConfigError, match="unknown option.* wrkers"):
        kg.build([ARTICLE], wrkers=2)


def test_a_built_graph_answers_queries_on_both_engines(built):
    on_oxigraph = built.query(str(ROOT / "queries" / "articles.sparql"))
    on_rdflib = built.query(str(ROOT / "queries" / "articles.sparql"), engine="rdflib")
    assert on_oxigraph.result.rows == on_rdflib.result.rows and len(on_oxigraph.result.rows) == 1
    assert on_oxigraph.engine == "oxigraph" and on_oxigraph.source.endswith("articles.sparql")
    named = built.query("SELECT ?name WHERE { ?e rdfs:label ?name } ORDER BY ?name LIMIT 3",
                        params={"name": Literal("Mark Milley")})
    assert [row[0] for row in named.result.rows] == [Literal("Mark Milley")]
    assert built.query("SELECT ?name WHERE { ?e rdfs:label ?name }", params=["name=Mark Milley"]).cells() \
        == [["Mark Milley"]]


def test_a_file_answers_as_the_build_does(built, tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text(built.to_turtle(), encoding="utf-8")
    query = str(ROOT / "queries" / "statements-by.sparql")
    assert api.query(query, path).result == built.query(query).result
    assert api.query(query, path).to_csv() == built.query(query, engine="rdflib").to_csv()


def test_export_view_and_push_take_a_build_or_a_file(built, tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text(built.to_turtle(), encoding="utf-8")
    [from_build] = api.export(built, "gexf", tmp_path / "a.gexf")
    [from_file] = api.export(path, "gexf", tmp_path / "b.gexf")
    assert from_build.read_bytes() == from_file.read_bytes()
    page = api.view(built, tmp_path / "page.html", focus="Mark Milley", hops=1)
    assert "Mark Milley" in page.read_text(encoding="utf-8")
    [node_link] = api.export(built, "node-link", tmp_path / "graph.json")
    assert api.view(node_link, tmp_path / "again.html").stat().st_size > 0
    pushed = api.push(path, "http://127.0.0.1:9/store", dry_run=True)
    assert pushed.graphs == len(pushed.requests) > 1 and pushed.triples >= len(set(built.quads.triples()))
    assert all(request.startswith("PUT http://127.0.0.1:9/store?") for request in pushed.requests)


def test_user_mistakes_are_kg_errors_with_one_line(built, tmp_path):
    mistakes = [
        lambda: api.export(built, "excel", tmp_path / "x"),
        lambda: api.query("SELECT ?x WHERE {", built),
        lambda: api.query("ASK {}", built, engine="jena"),
        lambda: api.query("ASK {}", tmp_path / "missing.ttl"),
        lambda: api.view(built, tmp_path / "x.html", focus="Nobody At All"),
        lambda: api.extract([ARTICLE], format="xml"),
        lambda: api.write_outputs(built, Path("/proc/kg-cannot-write-here")),
    ]
    for mistake in mistakes:
        with pytest.raises(api.KgError) as caught:
            mistake()
        assert "\n" not in str(caught.value) and str(caught.value)


def test_extract_renders_the_facts_of_the_build(built):
    extracted = api.extract([ARTICLE], format="csv")
    assert extracted.skipped == [] and len(extracted.text.splitlines()) == 1 + len(built.facts)

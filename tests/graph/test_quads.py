"""The quad spool: the graph as sorted lines spilled to disk, and the Turtle it writes."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph
import pytest
from handmade_corpus import Corpus, sample_corpus
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.graph import build_dataset, build_quads, to_networkx, to_turtle
from kg.graph.ontology import PREFIXES
from kg.graph.rdf import RELATION_PREFIX

# Aliases whose order as Turtle is tricky: characters below and at the spool's own escapes, quotes,
# backslashes, line breaks (rdflib writes those in triple quotes), and a prefix of another alias.
AWKWARD_ALIASES = ("a\x00b", "a\x01b", "a\x02", "a\nb", "a\tb", "a\rb", 'a"b', 'a"', "a\\b", "a", "ab", "a b",
                   "é", "a\x0bb", "a\x1f", '"""', "x\n")


def awkward_corpus() -> Corpus:
    made = Corpus()
    document = made.article("d1", "Ann met Bob. Bob met Ann.", title="Two\nlines \x00 and a \\")
    ann = made.entity("person/ann", "Ann", "Person", aliases=AWKWARD_ALIASES)
    bob = made.entity("person/bob", "Bob", "Person", aliases=tuple(alias + "!" for alias in AWKWARD_ALIASES))
    made.fact(document, ("Ann", ann), "meet", ("Bob", bob), purpose="to talk\nat \"length\"")
    made.fact(document, ("Bob", bob), "meet", ("Ann", ann), time="on\x01Monday")
    return made


def reference_turtle(dataset) -> str:
    """Turtle in the documented order, made the simple way: every triple in memory, sorted by (subject,
    rdf:type first, predicate, object in N3), written by Oxigraph, prefix lines sorted."""
    triples = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    ordered = sorted(triples, key=lambda t: (str(t[0]), t[1] != RDF.type, str(t[1]), t[2].n3()))

    def term(value):
        if isinstance(value, URIRef):
            return pyoxigraph.NamedNode(str(value))
        if value.language:
            return pyoxigraph.Literal(str(value), language=value.language)
        if value.datatype:
            return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(str(value.datatype)))
        return pyoxigraph.Literal(str(value))

    prefixes = {prefix: str(namespace) for prefix, namespace in sorted(dataset.namespaces())
                if prefix in PREFIXES or prefix == RELATION_PREFIX}
    text = pyoxigraph.serialize((pyoxigraph.Triple(term(s), term(p), term(o)) for s, p, o in ordered),
                                format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    lines = text.split("\n")
    count = next(index for index, line in enumerate(lines) if not line.startswith("@prefix "))
    return "\n".join(sorted(lines[:count]) + [""] + lines[count:])


CORPORA = {"sample": sample_corpus, "awkward": awkward_corpus}


@pytest.mark.parametrize("name", CORPORA)
@pytest.mark.parametrize("run_lines", [1, 7, 64, 1_000_000])
def test_a_spool_writes_the_documented_order_however_it_spills(name, run_lines):
    made = CORPORA[name]()
    spool = build_quads(made.documents, made.facts, made.resolution, run_lines=run_lines)
    output = io.BytesIO()
    spool.write_turtle(output)
    expected = reference_turtle(build_dataset(made.documents, made.facts, made.resolution))
    assert output.getvalue().decode("utf-8") == expected
    assert to_turtle(build_dataset(made.documents, made.facts, made.resolution)) == expected


def test_awkward_literals_keep_their_order_and_characters():
    made = awkward_corpus()
    spool = build_quads(made.documents, made.facts, made.resolution, run_lines=3)
    output = io.BytesIO()
    spool.write_turtle(output)
    parsed = list(pyoxigraph.parse(output.getvalue(), format=pyoxigraph.RdfFormat.TURTLE))
    ann = pyoxigraph.NamedNode("https://example.org/kg/person/ann")
    aliases = [t.object.value for t in parsed if t.subject == ann and t.predicate.value.endswith("altLabel")]
    assert aliases == sorted(AWKWARD_ALIASES, key=lambda alias: Literal(alias).n3())


@pytest.mark.parametrize("run_lines", [5, 1_000_000])
def test_a_spool_holds_the_quads_of_build_dataset(run_lines):
    made = sample_corpus()
    spool = build_quads(made.documents, made.facts, made.resolution, run_lines=run_lines)
    dataset = build_dataset(made.documents, made.facts, made.resolution)

    def quads(data) -> set:
        return {(s, p, o, str(g.identifier if hasattr(g, "identifier") else g))
                for s, p, o, g in data.quads((None, None, None, None))}

    assert quads(spool.dataset()) == quads(dataset)
    assert len(spool) == len(quads(dataset))
    assert dict(spool.dataset().namespaces())["rel"] == dict(dataset.namespaces())["rel"]


@pytest.mark.parametrize("name", CORPORA)
def test_the_networkx_view_read_from_a_spool_is_the_view_of_the_dataset(name):
    made = CORPORA[name]()
    spool = build_quads(made.documents, made.facts, made.resolution, run_lines=9)
    from_spool = to_networkx(spool)
    from_dataset = to_networkx(build_dataset(made.documents, made.facts, made.resolution))
    assert from_spool.number_of_edges() > 0
    assert list(from_spool.nodes(data=True)) == list(from_dataset.nodes(data=True))
    assert list(from_spool.edges(keys=True, data=True)) == list(from_dataset.edges(keys=True, data=True))


def test_a_spilled_spool_deletes_its_files_on_close():
    made = sample_corpus()
    spool = build_quads(made.documents, made.facts, made.resolution, run_lines=10)
    folder = Path(spool._folder.name)
    assert [path.name for path in folder.iterdir()] == ["quads"]  # the runs, merged
    spool.close()
    assert not folder.exists()


def test_a_finished_spool_takes_no_more_quads():
    made = sample_corpus()
    spool = build_quads(made.documents, made.facts, made.resolution)
    with pytest.raises(ValueError, match="finished"):
        spool.graph("https://example.org/g").add((URIRef("https://example.org/s"), RDF.type, URIRef("https://e/o")))


@pytest.mark.parametrize("run_lines", [3, 1_000_000])
def test_records_of_some_subjects_and_predicates_are_those_of_the_whole_reading(run_lines):
    made = awkward_corpus()
    spool = build_quads(made.documents, made.facts, made.resolution, run_lines=run_lines)
    every = list(spool.records())
    ann, bob = "https://example.org/kg/person/ann", "https://example.org/kg/person/bob"
    label, alias = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"
    assert list(spool.records(subjects={ann})) == [record for record in every if record[0] == ann]
    assert list(spool.records(predicates=[RDF.type, URIRef(alias)])) == [
        record for record in every if record[1] in (str(RDF.type), alias)]
    chosen = list(spool.records(subjects={ann, bob}, predicates=[URIRef(label), URIRef(alias)]))
    assert chosen == [record for record in every if record[0] in (ann, bob) and record[1] in (label, alias)]
    assert {record[5] for record in chosen if record[0] == ann and record[1] == alias} == set(AWKWARD_ALIASES)

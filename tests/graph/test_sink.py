"""One graph type: the quad spool and an rdflib Dataset are both what the builder writes to (QuadSink) and
what the views read (QuadSource), and give the same graph, views and Turtle."""

from __future__ import annotations

import io

import pyoxigraph
from handmade_corpus import sample_corpus
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.compare import isomorphic

from kg.graph import QuadSink, QuadSource, QuadSpool, build_dataset, build_quads, to_networkx, to_turtle
from kg.graph.rdf import union_graph

EX = "https://example.org/x/"


def test_the_spool_and_an_rdflib_dataset_are_both_sinks_and_sources():
    for graph in (Dataset(), QuadSpool()):
        assert isinstance(graph, QuadSink) and isinstance(graph, QuadSource)
    assert not isinstance(object(), QuadSink) and not isinstance(set(), QuadSource)


def test_both_kinds_give_the_same_quads_view_and_turtle():
    corpus = sample_corpus()
    dataset = build_dataset(corpus.documents, corpus.facts, corpus.resolution)
    spool = build_quads(corpus.documents, corpus.facts, corpus.resolution)
    assert sorted(dataset.quads()) == sorted(spool.quads())
    assert isomorphic(union_graph(dataset), union_graph(spool.dataset()))
    left, right = to_networkx(dataset), to_networkx(spool)
    assert sorted(left.nodes(data=True)) == sorted(right.nodes(data=True))
    assert sorted(left.edges(keys=True, data=True)) == sorted(right.edges(keys=True, data=True))
    written = io.BytesIO()
    spool.write_turtle(written)
    assert to_turtle(dataset).encode() == written.getvalue()


def test_a_graph_with_blank_nodes_goes_through_the_one_turtle_writer():
    # kg's builder writes no blank nodes, but `kg export --to turtle` writes files people made.
    dataset = Dataset()
    graph = dataset.graph(URIRef(EX + "g"))
    graph.add((BNode("b1"), URIRef(EX + "p"), BNode("b2")))
    graph.add((URIRef(EX + "s"), URIRef(EX + "p"), BNode("b1")))
    graph.add((BNode("b2"), URIRef(EX + "label"), Literal("two", lang="en")))
    text = to_turtle(dataset)
    assert len(list(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.TURTLE))) == 3
    assert to_turtle(dataset) == text
    spool = QuadSpool()
    for s, p, o, g in dataset.quads():
        spool.add_quad(g, (s, p, o))
    assert sorted(spool.quads()) == sorted(dataset.quads())


"""The networkx view: exactly the contract documented in kg/graph/nx.py (the HTML view and exports use it)."""

from __future__ import annotations

from kg.graph import DEFAULT_BASE_IRI, build_dataset, to_networkx
from kg.graph.admission import CALIBRATED_CONFIDENCE

NODE_ATTRIBUTES = {"label": str, "type": str, "aliases": list, "wikidata": str, "part_of": str}
EDGE_ATTRIBUTES = {"relation": str, "verb": str, "label": str, "negated": bool, "modality": str, "attributed_to": list,
                   "confidence": float, "sources": list, "asserted": bool, "kind": str, "time": str, "purpose": str}
SOURCE_KEYS = {"document": str, "title": str, "date": str, "sentence": str, "start": int, "end": int, "url": str}


def view(corpus):
    return to_networkx(build_dataset(corpus.documents, corpus.facts, corpus.resolution))


def test_attribute_names_and_types(corpus):
    graph = view(corpus)
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 3
    for node, attributes in graph.nodes(data=True):
        assert node.startswith(DEFAULT_BASE_IRI)
        assert {name: type(value) for name, value in attributes.items()} == NODE_ATTRIBUTES
    for _, _, key, attributes in graph.edges(keys=True, data=True):
        assert key.startswith(DEFAULT_BASE_IRI + "statement/")
        assert {name: type(value) for name, value in attributes.items()} == EDGE_ATTRIBUTES
        for source in attributes["sources"]:
            assert {name: type(value) for name, value in source.items()} == SOURCE_KEYS


def test_nodes(corpus):
    graph = view(corpus)
    kyiv = graph.nodes[DEFAULT_BASE_IRI + "location/kyiv"]
    assert kyiv == {"label": "Kyiv", "type": "Location", "aliases": ["Kiev"], "wikidata": "Q1899",
                    "part_of": DEFAULT_BASE_IRI + "country/ukraine"}
    assert graph.nodes[DEFAULT_BASE_IRI + "country/united-states"]["aliases"] == ["U.S.", "US"]
    assert graph.nodes[DEFAULT_BASE_IRI + "person/mark-milley"]["wikidata"] == ""


def test_edges(corpus):
    graph = view(corpus)
    norway = DEFAULT_BASE_IRI + "country/norway"
    kyiv = DEFAULT_BASE_IRI + "location/kyiv"
    ((_, edge),) = graph[norway][kyiv].items()
    assert edge["relation"] == "authorize" and edge["negated"] is False and edge["asserted"] is True
    assert edge["confidence"] == CALIBRATED_CONFIDENCE["verb"] and edge["attributed_to"] == [] and edge["modality"] == ""  # calibrated: a verb
    assert edge["sources"] == [{
        "document": "d1", "title": "Norway and Finland authorize Kiev", "date": "2024-06-21",
        "sentence": "Norway and Finland authorized Kiev to use weapons.", "start": 0, "end": 50,
        "url": 'https://news.example.com/a?id=1&x="q"',
    }]
    us = DEFAULT_BASE_IRI + "country/united-states"
    ukraine = DEFAULT_BASE_IRI + "country/ukraine"
    ((_, claim),) = graph[us][ukraine].items()
    assert claim["negated"] is True and claim["asserted"] is False and claim["modality"] == "ask"
    assert claim["attributed_to"] == ["Mark Milley"]
    assert claim["time"] == "on Thursday"


def test_statements_of_one_fact_are_parallel_edges(corpus):
    second = corpus.documents[1]
    corpus.fact(second, ("Ukraine", "country/ukraine"), "authorize", ("weapons", None))  # no object entity: no edge
    extra = corpus.article("d3", "Norway authorized Kiev.")
    corpus.fact(extra, ("Norway", "country/norway"), "authorize", ("Kiev", "location/kyiv"))
    graph = view(corpus)
    edges = graph[DEFAULT_BASE_IRI + "country/norway"][DEFAULT_BASE_IRI + "location/kyiv"]
    assert len(edges) == 2
    assert sorted(edge["sources"][0]["document"] for edge in edges.values()) == ["d1", "d3"]
    assert graph.number_of_edges() == 4


def test_order_is_deterministic(corpus):
    first, second = view(corpus), view(corpus)
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))
    assert list(first.nodes) == sorted(first.nodes)


def test_a_graph_made_by_hand_reads_as_its_rdflib_terms_say():
    # The view reads text, not rdflib terms: typed literals, blank nodes, literal speakers and several
    # values of one property must still read as the terms do (rdflib's toPython and order).
    from rdflib import BNode, Dataset, Literal, URIRef
    from rdflib.namespace import RDF, RDFS, XSD

    from kg.graph import KG

    ex = "https://example.org/x/"
    dataset = Dataset()
    graph = dataset.graph(URIRef(ex + "g"))
    ann, bob, statement = URIRef(ex + "ann"), BNode("bob"), URIRef(ex + "s1")
    graph.add((ann, RDF.type, KG.Person))
    graph.add((ann, RDF.type, KG.Organization))  # two classes: the least IRI names the type
    graph.add((ann, RDFS.label, Literal("Ann")))
    graph.add((ann, RDFS.label, Literal("Anne", lang="en")))
    graph.add((bob, RDF.type, KG.Person))
    graph.add((bob, RDFS.label, Literal("Bob")))
    for predicate, obj in ((RDF.type, KG.Statement), (RDF.subject, ann), (RDF.object, bob),
                           (RDF.predicate, URIRef(ex + "relation/meet%20up")),
                           (KG.negated, Literal("1", datatype=XSD.boolean)),
                           (KG.asserted, Literal(True)), (KG.confidence, Literal("0.50", datatype=XSD.decimal)),
                           (KG.speakerText, Literal("a spokesman")), (KG.sentence, URIRef(ex + "d#char=9,12")),
                           (KG.sentence, URIRef(ex + "d#char=0,3"))):
        graph.add((statement, predicate, obj))
    for start in (0, 9):
        sentence = URIRef(ex + f"d#char={start},{start + 3}")
        graph.add((sentence, KG.start, Literal(start)))
        graph.add((sentence, KG.text, Literal(f"s{start}", lang="en")))
    view = to_networkx(dataset)
    assert dict(view.nodes(data="type")) == {"bob": "Person", ex + "ann": "Organization"}
    assert view.nodes[ex + "ann"]["label"] == str(min([Literal("Ann"), Literal("Anne", lang="en")]))
    ((_, _, edge),) = view.edges(data=True)
    assert edge["relation"] == "meet up" and edge["negated"] is True and edge["asserted"] is True
    assert edge["confidence"] == 0.5 and edge["attributed_to"] == ["a spokesman"]
    assert [(source["sentence"], source["start"]) for source in edge["sources"]] == [("s0", 0), ("s9", 9)]

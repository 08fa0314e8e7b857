"""Acceptance on the seed articles, through the real pipeline: kg.build(["seeds/"])."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

import kg
from kg.graph import KG
from kg.graph.rdf import union_graph

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built():
    return kg.build([SEEDS])


@pytest.fixture(scope="module")
def union(built):
    return union_graph(built.rdf)


def nodes_named(graph, name: str) -> list[str]:
    return [node for node, attributes in graph.nodes(data=True) if attributes["label"] == name]


def node(graph, name: str) -> str:
    (found,) = nodes_named(graph, name)
    return found


# Canonical name, type, and forms the seeds write that must not be nodes of their own.
ONE_NODE_EACH = [
    ("Volodymyr Zelensky", "Person", ["Zelensky", "Zelenskiy", "Zelenskyy", "Vladimir Zelensky"]),
    ("Kyiv", "Location", ["Kiev"]),
    ("Kharkiv", "Location", ["Kharkov"]),
    ("United States", "Country", ["US", "U.S.", "America", "the U.S.", "Washington"]),
    ("Russia", "Country", ["Russian", "Russian Federation"]),
    ("NATO", "Organization", []),
    ("Dmitry Peskov", "Person", ["Peskov"]),
]


@pytest.mark.parametrize(("name", "kind", "variants"), ONE_NODE_EACH)
def test_one_node_per_thing(built, name, kind, variants):
    graph = built.nx
    assert len(nodes_named(graph, name)) == 1, f"{name}: {nodes_named(graph, name)}"
    assert graph.nodes[node(graph, name)]["type"] == kind
    labels = {attributes["label"] for _, attributes in graph.nodes(data=True)}
    assert not labels & set(variants)


@pytest.mark.parametrize("country", ["Norway", "Finland"])
def test_norway_and_finland_authorize_kyiv(built, country):
    graph = built.nx
    targets = {node(graph, "Kyiv"), node(graph, "Ukraine")}
    edges = [attributes for _, target, attributes in graph.out_edges(node(graph, country), data=True)
             if target in targets and attributes["relation"].startswith("authorize")]
    assert any(edge["asserted"] and not edge["negated"] for edge in edges), edges


def test_us_asked_ukraine_not_to_use_us_weapons(built):
    graph = built.nx
    askers = {node(graph, "United States"), node(graph, "Mark Milley")}
    ukraine = node(graph, "Ukraine")
    requests = [
        attributes for source, target, attributes in graph.edges(data=True)
        if source in askers and target == ukraine and attributes["relation"] == "ask"
        and (attributes["negated"] or "not" in attributes["verb"])
    ]
    assert requests, "no 'asked Ukraine not to use' statement"
    # And no plain "Ukraine uses US weapons" read from the sentences that say the opposite.
    for _, _, attributes in graph.out_edges(ukraine, data=True):
        if attributes["asserted"] and attributes["relation"].startswith("use"):
            assert all("not to use" not in source["sentence"] for source in attributes["sources"])


def test_peskovs_claim_is_his(built):
    graph = built.nx
    peskov = node(graph, "Dmitry Peskov")
    claims = [
        attributes for _, _, attributes in graph.edges(data=True)
        if "Dmitry Peskov" in attributes["attributed_to"]
        and any("already" in source["sentence"] for source in attributes["sources"])
    ]
    assert claims, "Peskov's claim that US weapons are already used is not attributed to him"
    assert not any(claim["asserted"] for claim in claims)
    assert peskov


def test_peskov_is_spokesman_of_the_kremlin(built, union):
    peskov = URIRef(node(built.nx, "Dmitry Peskov"))
    kremlin = URIRef(node(built.nx, "Kremlin"))
    roles = []
    for statement in union.subjects(RDF.subject, peskov):
        if str(union.value(statement, KG.kind)) in ("role", "apposition", "copula"):
            role = union.value(statement, RDF.object)
            roles.append((str(union.value(role, RDFS.label)), union.value(role, KG.partOf)))
    assert any("spokesman" in label.casefold() and part_of == kremlin for label, part_of in roles), roles


@pytest.mark.parametrize("weapon", ["ATACMS", "HIMARS", "F-16"])
def test_weapon_systems_are_weapons(built, weapon):
    graph = built.nx
    assert graph.nodes[node(graph, weapon)]["type"] == "Weapon"


def test_every_direct_edge_has_a_statement_with_a_seed_sentence(built, union):
    texts = [document.text for document in built.documents]
    relations = set(union.subjects(RDF.type, KG.Relation))
    edges = [(s, p, o) for s, p, o in union if p in relations]
    assert len(edges) >= 10
    for s, p, o in edges:
        statements = [
            statement for statement in union.subjects(RDF.subject, s)
            if union.value(statement, RDF.predicate) == p and union.value(statement, RDF.object) == o
            and union.value(statement, KG.asserted) == Literal(True)
        ]
        assert statements, (s, p, o)
        sentences = {str(union.value(union.value(statement, KG.sentence), KG.text)) for statement in statements}
        assert all(any(sentence in text for text in texts) for sentence in sentences)


def test_metonyms_are_linked_not_merged(built):
    graph = built.nx
    kremlin = graph.nodes[node(graph, "Kremlin")]
    assert kremlin["type"] == "Organization"
    assert kremlin["part_of"] == node(graph, "Russia")

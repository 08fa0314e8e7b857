"""RDF exports: Turtle, N-Triples, TriG, JSON-LD, and a flat graph split back into one graph per article.

Reading graph files and the table of formats live in kg.graph.files. Turtle is written by the one
writer kg build uses (kg.graph.to_turtle), so `kg export --to turtle` of a graph.ttl gives its bytes
back; the other formats sort the quads first, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.graph.files import RdfFormat, format_named, to_oxigraph, to_rdflib
from kg.graph.ontology import KG, SCHEMA
from kg.graph.quads import to_turtle
from kg.graph.rdf import COUNTS, COUNTS_GRAPH, ENTITIES_GRAPH


# --- one graph per article -----------------------------------------------------------------------

def by_article(dataset: Dataset) -> Dataset:
    """The dataset with one named graph per article, as kg.graph.build_dataset makes it.

    A dataset that has named graphs is returned as it is. A flat one (read from graph.ttl, where
    the graphs are merged) is split back the way build_dataset fills them: an article, its
    sentences, statements and their arguments, and the direct edges its asserted statements
    support go to `<base>graph/<article id>`; the counts to `<base>graph/counts`; everything else
    (entities, relations, the build) to `<base>graph/entities`. A graph that kg did not make (no
    schema:NewsArticle) stays flat.
    """
    if any(graph.identifier != DATASET_DEFAULT_GRAPH_ID and len(graph) for graph in dataset.graphs()):
        return dataset
    flat = dataset.default_graph
    homes: dict[Node, set[URIRef]] = defaultdict(set)
    base = None
    for article in sorted(flat.subjects(RDF.type, SCHEMA.NewsArticle)):
        identifier = flat.value(article, SCHEMA.identifier)
        suffix = "document/" + quote(str(identifier), safe="")
        if identifier is None or not str(article).endswith(suffix):
            return dataset  # not an article IRI kg minted: leave the graph as it is
        base = str(article)[: -len(suffix)]
        homes[article].add(URIRef(f"{base}graph/{quote(str(identifier), safe='')}"))
    if base is None:
        return dataset
    for node, article in flat.subject_objects(KG.document):
        homes[node] |= homes.get(article, set())
    for statement, argument in flat.subject_objects(KG.argument):
        homes[argument] |= homes.get(statement, set())
    edges: dict[tuple[Node, Node, Node], set[URIRef]] = defaultdict(set)
    for statement in flat.subjects(KG.asserted, Literal(True)):
        triple = (flat.value(statement, RDF.subject), flat.value(statement, RDF.predicate),
                  flat.value(statement, RDF.object))
        edges[triple] |= homes.get(statement, set())
    shared, counted = URIRef(base + ENTITIES_GRAPH), URIRef(base + COUNTS_GRAPH)
    split = Dataset()
    for prefix, namespace in dataset.namespaces():
        split.bind(prefix, namespace, override=True, replace=True)
    for triple in flat:
        for graph in homes.get(triple[0]) or edges.get(triple) or {counted if triple[1] in COUNTS else shared}:
            split.graph(graph).add(triple)
    return split


# --- writing ------------------------------------------------------------------------------------

def quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the dataset as Oxigraph quads, default graph first, then sorted by graph, s, p, o."""
    found = {
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    }
    return sorted(found, key=_quad_key)


def triples(dataset: Dataset) -> list[ox.Triple]:
    """The union of all graphs as sorted, distinct triples."""
    return sorted({quad.triple for quad in quads(dataset)}, key=_triple_key)


def _term_key(term) -> tuple[int, str]:
    # Kind first so IRIs, blank nodes and literals do not interleave; str() is the N-Triples form.
    kind = 0 if isinstance(term, ox.NamedNode) else 1 if isinstance(term, ox.BlankNode) else 2
    return kind, str(term)


def _triple_key(triple: ox.Triple) -> tuple:
    return _term_key(triple.subject), _term_key(triple.predicate), _term_key(triple.object)


def _quad_key(quad: ox.Quad) -> tuple:
    graph = (-1, "") if isinstance(quad.graph_name, ox.DefaultGraph) else _term_key(quad.graph_name)
    return graph, _triple_key(quad.triple)


def used_prefixes(dataset: Dataset, data: Iterable[ox.Triple | ox.Quad]) -> dict[str, str]:
    """The dataset's bound prefixes whose namespace some IRI in `data` starts with, sorted by prefix."""
    iris: set[str] = set()
    for item in data:
        for term in (item.subject, item.predicate, item.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    namespaces = {}
    for prefix, namespace in sorted(dataset.namespaces()):
        if prefix and any(iri.startswith(str(namespace)) for iri in iris):
            namespaces[prefix] = str(namespace)
    return namespaces


def serialize(dataset: Dataset, fmt: str) -> str:
    """The dataset in the named format (kg.graph.files.FORMATS), deterministically.

    Graph formats (Turtle, N-Triples, RDF/XML) get the union of all graphs; dataset formats keep
    the named graphs. Turtle is kg's one Turtle writer, the bytes `kg build` writes.
    """
    chosen = format_named(fmt)
    if chosen.name == "turtle":
        return to_turtle(dataset)
    data = quads(dataset) if chosen.datasets else triples(dataset)
    prefixes = used_prefixes(dataset, data) if chosen.name == "trig" else None
    return ox.serialize(data, format=chosen.oxigraph, prefixes=prefixes).decode("utf-8")


def iter_graphs(dataset: Dataset) -> Iterator[tuple[URIRef | None, list[ox.Triple]]]:
    """(graph IRI or None for the default graph, its sorted triples), default graph first."""
    current: URIRef | None | bool = False
    batch: list[ox.Triple] = []
    for quad in quads(dataset):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else to_rdflib(quad.graph_name)
        if name != current and current is not False:
            yield current, batch
            batch = []
        current = name
        batch.append(quad.triple)
    if current is not False:
        yield current, batch


# --- exporters ----------------------------------------------------------------------------------

def export_rdf(fmt: RdfFormat) -> Callable[[Dataset], dict[str, str]]:
    """The exporter of an RDF format: `graph<extension>`; dataset formats get one named graph per article
    (see by_article), JSON-LD is expanded and indented."""

    def render(dataset: Dataset) -> dict[str, str]:
        name = "graph" + fmt.extensions[0]
        if not fmt.datasets:
            return {name: serialize(dataset, fmt.name)}
        text = serialize(by_article(dataset), fmt.name)
        if fmt.name == "jsonld":
            text = json.dumps(json.loads(text or "[]"), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        return {name: text}

    render.__doc__ = f"{fmt.export}."
    return render

"""RDF files in and out: read a graph file or Oxigraph store, write Turtle, N-Triples, TriG, JSON-LD.

Files are parsed with Oxigraph, which is strict (a relative IRI or a bad escape is an error with
its line and column, as GraphDB's RDF4J parser would report it) and fast; rdflib gets the same
quads. Writing sorts the quads first, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.graph.ontology import KG, SCHEMA
from kg.graph.rdf import COUNTS, COUNTS_GRAPH, ENTITIES_GRAPH


class GraphFileError(ValueError):
    """A graph file or store that cannot be read; the message names the path and the problem."""


@dataclass(frozen=True)
class RdfFormat:
    name: str
    oxigraph: ox.RdfFormat
    extensions: tuple[str, ...]
    media_type: str
    datasets: bool  # can hold named graphs


FORMATS = (
    RdfFormat("turtle", ox.RdfFormat.TURTLE, (".ttl", ".turtle"), "text/turtle", False),
    RdfFormat("ntriples", ox.RdfFormat.N_TRIPLES, (".nt",), "application/n-triples", False),
    RdfFormat("trig", ox.RdfFormat.TRIG, (".trig",), "application/trig", True),
    RdfFormat("nquads", ox.RdfFormat.N_QUADS, (".nq",), "application/n-quads", True),
    RdfFormat("jsonld", ox.RdfFormat.JSON_LD, (".jsonld", ".json"), "application/ld+json", True),
    RdfFormat("rdfxml", ox.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml"), "application/rdf+xml", False),
)
FORMAT_BY_NAME = {fmt.name: fmt for fmt in FORMATS}
FORMAT_BY_EXTENSION = {extension: fmt for fmt in FORMATS for extension in fmt.extensions}
READABLE = ", ".join(sorted(FORMAT_BY_EXTENSION)) + ", or an Oxigraph store folder"


# --- terms --------------------------------------------------------------------------------------

def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Node:
    """The rdflib term for an Oxigraph term; a plain xsd:string literal becomes a simple literal."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return DATASET_DEFAULT_GRAPH_ID
    raise TypeError(f"unsupported Oxigraph term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph:
    """The Oxigraph term for an rdflib term (the dataset's default graph id maps to DefaultGraph)."""
    if term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported rdflib term {term!r}")


# --- reading ------------------------------------------------------------------------------------

def format_of(path: str | os.PathLike) -> RdfFormat:
    """The RDF format of a file, from its extension."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMAT_BY_EXTENSION[suffix]
    except KeyError:
        raise GraphFileError(f"{path}: unknown graph file type {suffix or '(none)'!r}; use {READABLE}") from None


def _checked(path: str | os.PathLike) -> Path:
    path = Path(path)
    if not path.exists():
        raise GraphFileError(f"{path}: no such graph file")
    return path


def is_store(path: str | os.PathLike) -> bool:
    """True for a folder, which kg reads as an on-disk Oxigraph store."""
    return Path(path).is_dir()


def open_store(path: str | os.PathLike) -> ox.Store:
    """An Oxigraph store holding the graph file's quads, or the on-disk store at `path` (read-only)."""
    path = _checked(path)
    if is_store(path):
        try:
            return ox.Store.read_only(str(path))
        except OSError as error:
            raise GraphFileError(f"{path}: not an Oxigraph store: {error}") from None
    fmt = format_of(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt.oxigraph)
    except SyntaxError as error:
        raise GraphFileError(f"{path}: not valid {fmt.name}: {_syntax_message(error)}") from None
    except (OSError, ValueError) as error:
        raise GraphFileError(f"{path}: cannot read: {error}") from None
    return store


def read_dataset(path: str | os.PathLike) -> Dataset:
    """The graph file (or Oxigraph store) at `path` as an rdflib Dataset, keeping its prefixes."""
    path = _checked(path)
    dataset = Dataset()
    if is_store(path):
        quads: Iterable[ox.Quad] = open_store(path)
        prefixes: dict[str, str] = {}
    else:
        fmt = format_of(path)
        try:
            parser = ox.parse(path=str(path), format=fmt.oxigraph)
            quads = list(parser)
        except SyntaxError as error:
            raise GraphFileError(f"{path}: not valid {fmt.name}: {_syntax_message(error)}") from None
        except (OSError, ValueError) as error:
            raise GraphFileError(f"{path}: cannot read: {error}") from None
        prefixes = parser.prefixes
    for prefix, namespace in sorted(prefixes.items()):
        dataset.bind(prefix, namespace, replace=True)
    for quad in quads:
        graph = dataset.graph(to_rdflib(quad.graph_name)) if not isinstance(quad.graph_name, ox.DefaultGraph) \
            else dataset.default_graph
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return dataset


def _syntax_message(error: SyntaxError) -> str:
    """Oxigraph's parse error on one line ("Parser error at line 3 between columns ...")."""
    return " ".join(str(error.msg if error.msg else error).split())


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
    """The dataset in the named format (FORMATS), deterministically.

    Graph formats (Turtle, N-Triples, RDF/XML) get the union of all graphs; dataset formats keep
    the named graphs.
    """
    chosen = FORMAT_BY_NAME[fmt]
    data = quads(dataset) if chosen.datasets else triples(dataset)
    prefixes = used_prefixes(dataset, data) if chosen.name in {"turtle", "trig"} else None
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

def export_turtle(dataset: Dataset) -> dict[str, str]:
    """graph.ttl: every graph merged into one Turtle document."""
    return {"graph.ttl": serialize(dataset, "turtle")}


def export_ntriples(dataset: Dataset) -> dict[str, str]:
    """graph.nt: every graph merged, one sorted triple per line."""
    return {"graph.nt": serialize(dataset, "ntriples")}


def export_trig(dataset: Dataset) -> dict[str, str]:
    """graph.trig: one named graph per article (see by_article)."""
    return {"graph.trig": serialize(by_article(dataset), "trig")}


def export_jsonld(dataset: Dataset) -> dict[str, str]:
    """graph.jsonld: expanded JSON-LD, one named graph per article, indented."""
    expanded = json.loads(serialize(by_article(dataset), "jsonld") or "[]")
    return {"graph.jsonld": json.dumps(expanded, indent=2, ensure_ascii=False, sort_keys=True) + "\n"}

"""Graph files: the RDF formats kg reads and writes (one registry), reading a file or an Oxigraph store, and
converting terms between rdflib and Oxigraph.

    read_dataset("out/graph.ttl")   # an rdflib Dataset (a QuadSource), prefixes kept
    open_store("out/graph.ttl")     # an Oxigraph store (fast queries), or an Oxigraph store folder
    format_named("nt")              # the RdfFormat "ntriples"

Files are parsed with Oxigraph, which is strict (a relative IRI or a bad escape is an error with
its line and column, as GraphDB's RDF4J parser would report it) and fast; rdflib gets the same
quads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import KgError


class GraphFileError(KgError, ValueError):
    """A graph file or store that cannot be read; the message names the path and the problem."""


@dataclass(frozen=True)
class RdfFormat:
    name: str
    oxigraph: ox.RdfFormat
    extensions: tuple[str, ...]
    media_type: str
    datasets: bool  # can hold named graphs
    aliases: tuple[str, ...] = ()  # other names users give it (kg export --to)
    export: str = ""  # what `kg export` writes in this format; "" if it does not


FORMATS = (
    RdfFormat("turtle", ox.RdfFormat.TURTLE, (".ttl", ".turtle"), "text/turtle", False, ("ttl",),
              "Turtle, all graphs merged"),
    RdfFormat("ntriples", ox.RdfFormat.N_TRIPLES, (".nt",), "application/n-triples", False, ("nt", "n-triples"),
              "N-Triples, sorted"),
    RdfFormat("trig", ox.RdfFormat.TRIG, (".trig",), "application/trig", True, (),
              "TriG, one named graph per article"),
    RdfFormat("nquads", ox.RdfFormat.N_QUADS, (".nq",), "application/n-quads", True, ("nq", "n-quads")),
    RdfFormat("jsonld", ox.RdfFormat.JSON_LD, (".jsonld", ".json"), "application/ld+json", True, ("json-ld",),
              "JSON-LD (expanded), named graphs kept"),
    RdfFormat("rdfxml", ox.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml"), "application/rdf+xml", False, ("rdf/xml",)),
)
FORMAT_BY_NAME = {name: fmt for fmt in FORMATS for name in (fmt.name, *fmt.aliases)}
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

def format_named(name: str) -> RdfFormat:
    """The format called `name` or one of its aliases; GraphFileError listing the known ones."""
    try:
        return FORMAT_BY_NAME[name.lower()]
    except KeyError:
        raise GraphFileError(f"unknown RDF format {name!r}; choose one of: "
                             f"{', '.join(fmt.name for fmt in FORMATS)}") from None


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


__all__ = ["FORMATS", "FORMAT_BY_EXTENSION", "FORMAT_BY_NAME", "GraphFileError", "RdfFormat", "format_named",
           "format_of", "is_store", "open_store", "read_dataset", "to_oxigraph", "to_rdflib"]

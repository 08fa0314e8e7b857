"""The one graph type kg passes between stages, as two protocols: what a graph is written to and read from.

    QuadSink     what kg.graph.rdf's builder writes through: graph(iri).add(triple), bind(prefix, ns)
    QuadSource   what the views read: quads() streams (subject, predicate, object, graph IRI)

Both are satisfied by an rdflib Dataset (small graphs, notebooks, files read back) and by
kg.graph.QuadSpool (sorted quads on disk, what a build makes: an rdflib Dataset of 10,000 articles
does not fit in memory). Code that takes one of these takes either.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from rdflib.term import Node, URIRef

Quad = tuple[Node, Node, Node, Node]
ALL = (None, None, None, None)  # the only pattern a QuadSource must answer: every quad


@runtime_checkable
class TripleSink(Protocol):
    """One named graph being written."""

    def add(self, triple: tuple[Node, Node, Node], /) -> Any: ...


@runtime_checkable
class QuadSink(Protocol):
    """A dataset being written: one TripleSink per named graph, and prefixes."""

    def graph(self, identifier: URIRef, /) -> TripleSink: ...

    def bind(self, prefix: str, namespace: Any, override: bool = True, replace: bool = False) -> None: ...

    def namespaces(self) -> Iterator[tuple[str, Any]]: ...


@runtime_checkable
class QuadSource(Protocol):
    """A dataset being read: every quad, the graph as its IRI, and its prefixes."""

    def quads(self, pattern: tuple[None, None, None, None] = ALL, /) -> Iterator[Quad]: ...

    def namespaces(self) -> Iterator[tuple[str, Any]]: ...


__all__ = ["ALL", "Quad", "QuadSink", "QuadSource", "TripleSink"]

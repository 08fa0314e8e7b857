"""A graph's quads as sorted lines of text, spilled to disk when big, instead of an rdflib Dataset.

    spool = build_quads(documents, facts, resolution, base_iri=DEFAULT_BASE_IRI)
    spool.write_turtle(handle)   # every graph's distinct triples as kg's deterministic Turtle, streamed
    len(spool)                   # distinct quads
    spool.records()              # each quad as text, streamed (what kg.graph.to_networkx reads)
    spool.quads()                # each quad as rdflib terms, streamed
    spool.oxigraph_quads()       # each quad as Oxigraph terms, streamed (what an Oxigraph store loads)
    spool.dataset()              # the same quads as an rdflib Dataset (for small graphs, notebooks, tests)
    to_turtle(dataset) -> str    # the Turtle of any rdflib Dataset, the same bytes as through a spool

An rdflib Dataset costs about 1 KB and 40 µs per triple: the graph of 10,000 articles (8 million
triples) does not fit in memory. A spool keeps each quad as one line whose plain string order is
the order kg writes Turtle in (subject, rdf:type first, predicate, then the object as rdflib
writes it in N3), sorts RUN_LINES lines at a time and writes each sorted run to a temporary
folder; finish() merges the runs into one file of distinct quads. A small graph stays in memory.
Memory is bounded by one run, whatever the size of the graph.
"""

from __future__ import annotations

import contextlib
import heapq
import io
import re
import tempfile
from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg import workspace
from kg.graph.ontology import PREFIXES
from kg.graph.rdf import DEFAULT_BASE_IRI, RELATION_PREFIX, IRIError, fill_dataset
from kg.graph.relations import Schema
from kg.graph.sink import ALL, Quad, QuadSource
from kg.types import Document, Fact, Resolution

RUN_LINES = 300_000  # quads sorted in memory at a time (about 80 MB of lines)
RECENT_LITERALS = 100_000  # literals whose text a spool keeps while they recur (about 30 MB)
FIELD = "\0"
# A line is fields separated by \0 and ends with \n, so characters up to \n inside a term are
# escaped as \x01 + a printable character, which keeps their order (\x01 sorts below all others).
LOW_CHARACTER = re.compile("[\x00-\x0a]")
ESCAPED_CHARACTER = re.compile("\x01(.)", re.DOTALL)
LOW_OFFSET = 0x20
BLANK = "_:"  # a blank node's subject or object field (no IRI starts so: an IRI starts with its scheme)


def _escape(text: str) -> str:
    if text.isprintable():  # the usual case, checked quickly: nothing below \x0b
        return text
    return LOW_CHARACTER.sub(lambda match: "\x01" + chr(ord(match[0]) + LOW_OFFSET), text)


def _unescape(text: str) -> str:
    return ESCAPED_CHARACTER.sub(lambda match: chr(ord(match[1]) - LOW_OFFSET), text) if "\x01" in text else text


def _not_a_term(term) -> IRIError:
    return IRIError(f"a graph holds IRIs, blank nodes and literals, not {term!r}")


class _GraphSink:
    """What kg.graph.rdf's builder writes one named graph through: `.add((s, p, o))`, as lines of the spool:
    subject \0 (0 for rdf:type, else 1) predicate \0 object in N3 \0 graph \0 datatype or @language \0 lexical."""

    def __init__(self, spool: QuadSpool, identifier) -> None:
        self.spool, self.name = spool, _escape(str(identifier))
        self._subject = self._subject_text = None  # the builder writes a subject's triples one after another

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        subject, predicate, obj = triple
        if subject is not self._subject:
            if type(subject) is URIRef:
                self._subject, self._subject_text = subject, _escape(subject[:])
            elif isinstance(subject, BNode):  # never from kg's builder; from a graph file it reads back
                self._subject, self._subject_text = subject, _escape(subject.n3())
            else:
                raise _not_a_term(subject)
        if type(predicate) is not URIRef:
            raise _not_a_term(predicate)
        predicate_text = self.spool.predicates.get(predicate[:])  # a plain str: compared without rdflib's __eq__
        if predicate_text is None:
            predicate_text = self.spool.predicates[predicate[:]] = ("0" if predicate == RDF.type else "1") + \
                _escape(predicate[:])
        if type(obj) is URIRef:
            line = f"{self._subject_text}\0{predicate_text}\0<{_escape(obj[:])}>\0{self.name}\0\0\n"
        elif isinstance(obj, Literal):
            # The builder hands the same Literal objects over again (kg.graph.rdf's literal()): their text is
            # made once, kept by identity, with the object itself so that its id is not reused meanwhile.
            known = self.spool.literals.get(id(obj))
            if known is None or known[0] is not obj:
                if len(self.spool.literals) >= RECENT_LITERALS:
                    self.spool.literals.clear()
                tag = f"@{obj.language}" if obj.language else str(obj.datatype or "")
                known = self.spool.literals[id(obj)] = (obj, _escape(obj.n3()), f"{tag}\0{_escape(obj[:])}\n")
            line = f"{self._subject_text}\0{predicate_text}\0{known[1]}\0{self.name}\0{known[2]}"
        elif isinstance(obj, BNode):
            line = f"{self._subject_text}\0{predicate_text}\0{_escape(obj.n3())}\0{self.name}\0\0\n"
        else:
            raise _not_a_term(obj)
        self.spool.add_line(line)


class QuadSpool:
    """Quads kept as sorted runs of lines (see the module docstring); fill, then finish(), then read."""

    def __init__(self, run_lines: int = RUN_LINES) -> None:
        self.run_lines = run_lines
        self._lines: list[str] = []
        self._runs: list[Path] = []
        self._folder: tempfile.TemporaryDirectory | None = None
        self._merged: Path | None = None
        self._namespaces: dict[str, str] = {}
        self._count: int | None = None
        self.predicates: dict[str, str] = {}  # predicate -> its part of a line
        self.literals: dict[int, tuple[Literal, str, str]] = {}  # id -> the literal, its parts of a line

    # --- filling: the part of rdflib's Dataset interface that the graph builder uses ---

    def graph(self, identifier) -> _GraphSink:
        return _GraphSink(self, identifier)

    def bind(self, prefix: str, namespace, override: bool = True, replace: bool = True) -> None:
        self._namespaces[prefix] = str(namespace)

    def namespaces(self) -> Iterator[tuple[str, str]]:
        yield from self._namespaces.items()

    def add_quad(self, graph, triple) -> None:
        _GraphSink(self, graph).add(triple)

    def add_line(self, line: str) -> None:
        if self._count is not None:
            raise ValueError("this quad spool is finished; it takes no more quads")
        self._lines.append(line)
        if len(self._lines) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        if self._folder is None:
            # In this process's scratch folder, which the next build deletes if this one is killed.
            self._folder = tempfile.TemporaryDirectory(prefix="kg-quads-", dir=workspace.scratch())
        run = Path(self._folder.name) / f"run-{len(self._runs):05d}"
        self._lines.sort()
        with open(run, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(self._lines)
        self._runs.append(run)
        self._lines = []

    def finish(self) -> QuadSpool:
        """No more quads: sort, drop duplicates, and (when spilled) merge the runs into one file."""
        if self._count is not None:
            return self
        if not self._runs:
            self._lines = _distinct(sorted(self._lines))
            self._count = len(self._lines)
            return self
        self._spill()
        self._merged = Path(self._folder.name) / "quads"
        count = 0
        with contextlib.ExitStack() as stack:
            runs = [stack.enter_context(open(run, encoding="utf-8", newline="\n")) for run in self._runs]
            merged = stack.enter_context(open(self._merged, "w", encoding="utf-8", newline="\n"))
            previous = None
            for line in heapq.merge(*runs):
                if line != previous:
                    merged.write(line)
                    count += 1
                    previous = line
        for run in self._runs:
            run.unlink()
        self._runs = []
        self._count = count
        return self

    # --- reading ---

    def __len__(self) -> int:
        """Distinct quads."""
        return self.finish()._count

    def _sorted_lines(self) -> Iterator[str]:
        self.finish()
        if self._merged is None:
            yield from self._lines
            return
        with open(self._merged, encoding="utf-8", newline="\n") as handle:
            yield from handle

    def records(self, *, subjects: Container[str] | None = None, predicates: Iterable[URIRef] | None = None,
                ) -> Iterator[tuple[str, str, str, str, str, str]]:
        """(subject, predicate, object in N3, graph, datatype or @language, lexical form), sorted, unescaped
        except the N3 object; only those of `subjects` and of `predicates`, if given (a line is skipped by
        its first fields, before it is split: a reader that wants a few subjects skips the rest quickly)."""
        wanted = None if predicates is None else {self._predicate_text(predicate) for predicate in predicates}
        last_subject, keep = None, True
        for line in self._sorted_lines():
            if subjects is not None:
                subject = line[:line.index(FIELD)]
                if subject != last_subject:  # the lines of one subject come one after another
                    last_subject, keep = subject, _unescape(subject) in subjects
                if not keep:
                    continue
            if wanted is not None and line.split(FIELD, 2)[1] not in wanted:
                continue
            subject, predicate, n3, graph, tag, lexical = line[:-1].split(FIELD)
            if "\x01" in line:  # rarely: a term with a character below \x0b
                yield _unescape(subject), _unescape(predicate[1:]), n3, _unescape(graph), tag, _unescape(lexical)
            else:
                yield subject, predicate[1:], n3, graph, tag, lexical

    def triples(self) -> Iterator[pyoxigraph.Triple]:
        """Each distinct triple of all graphs, in Turtle order, as Oxigraph terms."""
        return self._oxigraph(None, union=True)

    def oxigraph_quads(self, graphs: Container[str] | None = None) -> Iterator[pyoxigraph.Quad]:
        """Each quad (of the named `graphs` only, if given), in Turtle order, as Oxigraph terms: what an
        Oxigraph store loads (kg.store, KnowledgeGraph.query) without an rdflib Dataset in between."""
        return self._oxigraph(graphs, union=False)

    def _oxigraph(self, graphs: Container[str] | None, *, union: bool) -> Iterator:
        """Quads as Oxigraph terms; with `union`, each distinct triple of all graphs instead."""
        named: dict[str, pyoxigraph.NamedNode] = {}

        def node(iri: str) -> pyoxigraph.NamedNode:
            found = named.get(iri)
            if found is None:
                if len(named) > 10_000:  # predicates and datatypes repeat; most subjects and objects do not
                    named.clear()
                found = named[iri] = pyoxigraph.NamedNode(iri)
            return found

        def resource(text: str) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode:
            return pyoxigraph.BlankNode(text[2:]) if text.startswith(BLANK) else node(text)

        previous = None
        for subject, predicate, n3, graph, tag, lexical in self.records():
            if graphs is not None and graph not in graphs:
                continue
            if union:
                if (subject, predicate, n3) == previous:  # the same triple in another graph
                    continue
                previous = (subject, predicate, n3)
            if n3.startswith("<"):
                obj = node(_unescape(n3[1:-1]))
            elif n3.startswith(BLANK):
                obj = pyoxigraph.BlankNode(_unescape(n3[2:]))
            elif tag.startswith("@"):
                obj = pyoxigraph.Literal(lexical, language=tag[1:])
            elif tag:
                obj = pyoxigraph.Literal(lexical, datatype=node(tag))
            else:
                obj = pyoxigraph.Literal(lexical)
            if union:
                yield pyoxigraph.Triple(resource(subject), node(predicate), obj)
            else:
                yield pyoxigraph.Quad(resource(subject), node(predicate), obj, node(graph))

    @staticmethod
    def _predicate_text(predicate: URIRef) -> str:
        """A predicate as its field of a line."""
        return ("0" if predicate == RDF.type else "1") + _escape(str(predicate))

    def count_subjects(self, predicate: URIRef, objects: Iterable[URIRef]) -> int:
        """Distinct subjects of `subject predicate object` with object one of the IRIs `objects`, read from the
        lines as text (a few seconds for millions of quads, where making rdflib terms would take a minute)."""
        wanted = {f"<{_escape(str(obj))}>" for obj in objects}
        predicate_text = self._predicate_text(predicate)
        found = set()
        for line in self._sorted_lines():
            subject, line_predicate, n3, _ = line.split(FIELD, 3)
            if line_predicate == predicate_text and n3 in wanted:
                found.add(subject)
        return len(found)

    def write_turtle(self, output: BinaryIO) -> None:
        """All graphs' distinct triples as one Turtle document, written to `output` as it is made.

        Triples are sorted (by subject, then rdf:type first, then predicate and object) and written
        by Oxigraph's serializer, which keeps their order; its prefix lines are sorted too, so the
        bytes never depend on the serializer's order of prefixes.
        """
        prefixes = {prefix: namespace for prefix, namespace in sorted(self.namespaces())
                    if prefix in PREFIXES or prefix == RELATION_PREFIX}
        writer = _SortedPrefixes(output)
        pyoxigraph.serialize(self.triples(), output=writer, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
        writer.close()

    def quads(self, pattern: tuple = ALL, /) -> Iterator[Quad]:
        """Every quad as rdflib terms (subject, predicate, object, graph), streamed: rdflib Dataset.quads()
        without the Dataset. Only the match-all pattern is supported."""
        if tuple(pattern) != ALL:
            raise ValueError("a quad spool is read whole; load spool.dataset() to match patterns")
        for subject, predicate, n3, graph, tag, lexical in self.records():
            yield BNode(subject[2:]) if subject.startswith(BLANK) else URIRef(subject), URIRef(predicate), \
                term(n3, tag, lexical), URIRef(graph)

    def dataset(self) -> Dataset:
        """The quads as an rdflib Dataset, with the spool's prefixes bound (costly for big graphs)."""
        dataset = Dataset()
        for prefix, namespace in self.namespaces():
            dataset.bind(prefix, namespace, override=True, replace=True)
        graphs = {}
        for subject, predicate, obj, graph in self.quads():
            if graph not in graphs:
                graphs[graph] = dataset.graph(graph)
            graphs[graph].add((subject, predicate, obj))
        return dataset

    def close(self) -> None:
        """Delete the temporary files now (they also go when the spool is garbage-collected)."""
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
            self._merged = None
            self._runs = []


def term(n3: str, tag: str, lexical: str) -> URIRef | BNode | Literal:
    """The rdflib term of a record's object (its N3 as in the spool, datatype or @language, lexical form)."""
    if n3.startswith("<"):
        return URIRef(_unescape(n3[1:-1]))
    if n3.startswith(BLANK):
        return BNode(_unescape(n3[2:]))
    if tag.startswith("@"):
        return Literal(lexical, lang=tag[1:])
    return Literal(lexical, datatype=URIRef(tag) if tag else None)


def term_text(n3: str, lexical: str) -> str:
    """str() of a record's object without making its term: the IRI, a blank node's id, or a literal's text."""
    if n3.startswith("<"):
        return _unescape(n3[1:-1])
    if n3.startswith(BLANK):
        return _unescape(n3[2:])
    return lexical


def object_node(n3: str) -> str | None:
    """A record's object as records() gives a subject (an IRI, or _:id for a blank node); None for a literal."""
    if n3.startswith("<"):
        return _unescape(n3[1:-1])
    return _unescape(n3) if n3.startswith(BLANK) else None


def spool_of(dataset: QuadSource) -> QuadSpool:
    """The dataset itself if it is a QuadSpool, else a finished spool of its quads and prefixes."""
    if isinstance(dataset, QuadSpool):
        return dataset.finish()
    spool = QuadSpool()
    for prefix, namespace in dataset.namespaces():
        spool.bind(prefix, namespace)
    for subject, predicate, obj, graph in dataset.quads(ALL):
        spool.add_quad(graph.identifier if hasattr(graph, "identifier") else graph, (subject, predicate, obj))
    return spool.finish()


def _distinct(lines: list[str]) -> list[str]:
    return [line for index, line in enumerate(lines) if index == 0 or line != lines[index - 1]]


class _SortedPrefixes:
    """A binary writer that sorts the `@prefix` lines a serializer writes first, then passes the rest through."""

    def __init__(self, output: BinaryIO) -> None:
        self.output = output
        self.head: bytes | None = b""  # the prefix block so far; None once it has been written

    def write(self, data: bytes) -> int:
        if self.head is None:
            self.output.write(data)
            return len(data)
        self.head += bytes(data)
        lines = self.head.split(b"\n")
        for index, line in enumerate(lines[:-1]):  # the complete lines
            if not line.startswith(b"@prefix "):
                self._write_head(lines, index)
                break
        else:
            last = lines[-1]
            if last and not (b"@prefix ".startswith(last) or last.startswith(b"@prefix ")):
                self._write_head(lines, len(lines) - 1)
        return len(data)

    def _write_head(self, lines: list[bytes], count: int) -> None:
        self.head = None
        self.output.write(b"\n".join(sorted(lines[:count]) + [b""] + lines[count:]))

    def flush(self) -> None:
        if self.head is None:
            self.output.flush()

    def close(self) -> None:
        """Write the prefix block of a document that is nothing else."""
        if self.head is not None:
            lines = self.head.split(b"\n")
            self._write_head(lines, next((index for index, line in enumerate(lines)
                                          if not line.startswith(b"@prefix ")), len(lines)))


def build_quads(documents: Iterable[Document], facts: Iterable[Fact], resolution: Resolution, *,
                base_iri: str = DEFAULT_BASE_IRI, min_confidence: float = 0.0, schema: Schema | None = None,
                pipelines: Iterable[str] = (), source_date_epoch: int | None = None,
                run_lines: int = RUN_LINES) -> QuadSpool:
    """The quads of kg.graph.build_dataset's graph, in a finished spool. Raises IRIError for a bad base IRI."""
    return fill_dataset(QuadSpool(run_lines), documents, facts, resolution, base_iri=base_iri,
                        min_confidence=min_confidence, schema=schema, pipelines=pipelines,
                        source_date_epoch=source_date_epoch).finish()


def to_turtle(dataset: QuadSource) -> str:
    """All graphs' triples of a dataset (an rdflib Dataset, say one read from a file) as one Turtle document:
    kg's one Turtle writer, the same bytes as a spool of the same quads (kg build's graph.ttl) writes."""
    spool = spool_of(dataset)
    buffer = io.BytesIO()
    spool.write_turtle(buffer)
    if spool is not dataset:
        spool.close()
    return buffer.getvalue().decode("utf-8")


__all__ = ["QuadSpool", "build_quads", "object_node", "spool_of", "term", "term_text", "to_turtle"]

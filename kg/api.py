"""kg's Python API: the one place where the stages meet.

    import kg
    graph = kg.build(["seeds/"])
    graph.rdf          # rdflib Dataset, one named graph per article
    graph.nx           # networkx MultiDiGraph view
    graph.triples      # rows of (subject, relation, object, negated, confidence, document, sentence)
    graph.to_turtle()  # deterministic Turtle
    graph.to_html()    # self-contained interactive page
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx
from rdflib import Dataset

from kg import extract, graph, ingest, nlp, resolve, view
from kg.types import Document, Fact, Resolution, Skipped

TRIPLES_CSV_COLUMNS = ("subject", "relation", "object", "negated", "confidence", "document", "sentence")


@dataclass(frozen=True)
class TripleRow:
    subject: str
    relation: str
    object: str
    negated: bool
    confidence: float
    document: str
    sentence: str


@dataclass
class KnowledgeGraph:
    """The result of a build: the RDF graph is the truth, everything else is a view of it."""

    documents: list[Document]
    facts: list[Fact]
    resolution: Resolution
    rdf: Dataset
    skipped: list[Skipped] = field(default_factory=list)
    sentence_count: int = 0
    seconds: float = 0.0

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        return graph.to_networkx(self.rdf)

    @cached_property
    def triples(self) -> list[TripleRow]:
        names = {entity.key: entity.name for entity in self.resolution.entities}

        def name_of(mention) -> str:
            key = self.resolution.mention_entity.get((mention.doc_id, mention.start, mention.end))
            return names.get(key, mention.text) if key else mention.text

        return [
            TripleRow(
                subject=name_of(fact.subject),
                relation=fact.relation,
                object=name_of(fact.object) if fact.object else "",
                negated=fact.negated,
                confidence=round(fact.confidence, 3),
                document=fact.doc_id,
                sentence=fact.sentence.text,
            )
            for fact in self.facts
        ]

    def to_turtle(self) -> str:
        return graph.to_turtle(self.rdf)

    def to_html(self, **options) -> str:
        return view.render_html(self.nx, **options)

    def to_triples_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(TRIPLES_CSV_COLUMNS)
        for row in self.triples:
            writer.writerow([row.subject, row.relation, row.object, str(row.negated).lower(),
                             f"{row.confidence:.3f}", row.document, row.sentence])
        return buffer.getvalue()

    @property
    def summary(self) -> dict[str, int | float]:
        return {
            "documents": len(self.documents),
            "sentences": self.sentence_count,
            "entities": len(self.resolution.entities),
            "triples": len(self.facts),
            "skipped": len(self.skipped),
            "seconds": round(self.seconds, 2),
        }


def build(
    paths: Iterable[str | os.PathLike],
    *,
    model: str | os.PathLike | None = None,
    aliases: str | os.PathLike | None = None,
    base_iri: str = graph.DEFAULT_BASE_IRI,
    batch_size: int = 32,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> KnowledgeGraph:
    """Read, parse, extract, resolve and build the graph of the articles under `paths`.

    Raises ingest.InputError when nothing could be read and nlp.ModelError for a bad model.
    `progress(done, total)` is called after each parsed document.
    """
    started = time.perf_counter()
    paths = list(paths)
    documents, skipped = ingest.read(paths)
    if not documents:
        reasons = "; ".join(f"{item.source}: {item.reason}" for item in skipped) or "no input given"
        raise ingest.InputError(f"no articles to build from ({reasons})")
    pipeline = nlp.load(model)
    facts: list[Fact] = []
    mentions = []
    sentence_count = 0
    for done, (document, doc) in enumerate(
        nlp.parse(pipeline, documents, batch_size=batch_size, n_process=workers), start=1
    ):
        sentence_count += sum(1 for _ in doc.sents)
        facts.extend(extract.extract_facts(document, doc))
        mentions.extend(extract.extract_mentions(document, doc))
        if progress:
            progress(done, len(documents))
    resolution = resolve.resolve(documents, mentions, facts, aliases=resolve.load_aliases(aliases))
    dataset = graph.build_dataset(documents, facts, resolution, base_iri=base_iri)
    return KnowledgeGraph(
        documents=documents,
        facts=facts,
        resolution=resolution,
        rdf=dataset,
        skipped=skipped,
        sentence_count=sentence_count,
        seconds=time.perf_counter() - started,
    )


OUTPUT_FILES = ("graph.ttl", "graph.html", "triples.csv")


def write_outputs(kg: KnowledgeGraph, out_dir: str | os.PathLike) -> list[Path]:
    """Write graph.ttl, graph.html and triples.csv into out_dir, each replaced atomically.

    All three are rendered in memory first, so a failure leaves every previous output intact.
    """
    out = Path(out_dir)
    rendered = {"graph.ttl": kg.to_turtle(), "graph.html": kg.to_html(), "triples.csv": kg.to_triples_csv()}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in OUTPUT_FILES:
        written.append(atomic_write(out / name, rendered[name]))
    return written


def atomic_write(path: Path, text: str) -> Path:
    """Write text as UTF-8 to a temporary file beside path, fsync it, then rename over path."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


__all__ = ["KnowledgeGraph", "TripleRow", "build", "write_outputs", "atomic_write"]

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

import contextlib
import csv
import functools
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx
from rdflib import Dataset

from kg import executors, graph, ingest, resolve, view
from kg import store as kg_store
from kg.types import Analysis, Document, Fact, Resolution, Skipped

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
    parsed: int = 0  # documents parsed by this build (with a store, the others came from it)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # analyse, resolve, graph, store

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
            "parsed": self.parsed,
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
    executor: str = "local",
    scheduler: str | None = None,
    store: str | os.PathLike | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> KnowledgeGraph:
    """Read, parse, extract, resolve and build the graph of the articles under `paths`.

    Parsing and extraction run in batches of `batch_size` articles, in `workers` local processes
    (executor "local") or on the Dask cluster at `scheduler` (executor "dask"); the graph is the
    same bytes either way. An article the pipeline fails on is skipped and listed in `.skipped`.
    With `store` (a folder, see kg.store), the graph is kept there: only articles the store
    lacks are parsed, and the result is the graph of every article in the store.

    Raises ingest.InputError when nothing could be read, nlp.ModelError for a bad model,
    store.StoreError for a bad store and executors.ExecutorError for a bad executor.
    `progress(done, total)` is called after each parsed document.
    """
    started = time.perf_counter()
    documents, skipped = ingest.read(list(paths))
    if not documents:
        reasons = "; ".join(f"{item.source}: {item.reason}" for item in skipped) or "no input given"
        raise ingest.InputError(f"no articles to build from ({reasons})")
    return _assemble(documents, skipped, started=started, model=model, aliases=aliases, base_iri=base_iri,
                     batch_size=batch_size, workers=workers, executor=executor, scheduler=scheduler, store=store,
                     progress=progress)


def remove(
    store: str | os.PathLike,
    articles: Iterable[str],
    *,
    model: str | os.PathLike | None = None,
    aliases: str | os.PathLike | None = None,
    base_iri: str = graph.DEFAULT_BASE_IRI,
    **options,
) -> KnowledgeGraph:
    """Drop articles (by document id or source) from `store`, and the entities and edges only they supported.

    Returns the graph of the articles left. Raises store.StoreError for an article not in the store.
    `options` are build's batch_size, workers, executor, scheduler and progress: they matter only
    when the pipeline changed since the articles left were analysed.
    """
    return _assemble([], [], started=time.perf_counter(), remove=list(articles), model=model, aliases=aliases,
                     base_iri=base_iri, store=store, **options)


def _assemble(
    inputs: list[Document], skipped: list[Skipped], *, started: float, model, aliases, base_iri: str | None,
    store: str | os.PathLike | None, remove: list[str] = (), batch_size: int = 32, workers: int = 1,
    executor: str = "local", scheduler: str | None = None, progress: Callable[[int, int], None] | None = None,
) -> KnowledgeGraph:
    alias_table = resolve.load_aliases(aliases)  # a bad alias file or base IRI fails before any parsing
    base_iri = graph.check_base_iri(graph.DEFAULT_BASE_IRI if base_iri is None else base_iri)
    clock = _StageClock(started)
    with contextlib.ExitStack() as stack:
        archive = stack.enter_context(kg_store.Store(store, create=not remove)) if store is not None else None
        fingerprint = kg_store.pipeline_fingerprint(model) if archive else ""
        wanted = archive.plan(inputs, remove) if archive else inputs
        todo = archive.missing(wanted, fingerprint) if archive else wanted
        fresh: dict[str, Analysis] = {}
        if todo:
            running = stack.enter_context(executors.start(executor, model=model, workers=workers, scheduler=scheduler))
            save = functools.partial(archive.save, fingerprint=fingerprint) if archive else None
            for item in _analyse(running, todo, batch_size, save, progress):
                if isinstance(item, Skipped):
                    skipped.append(item)
                else:
                    fresh[item.document.id] = item
        failed = {document.id for document in todo} - set(fresh)
        kept = [document for document in wanted if document.id not in failed]
        cached = archive.analyses([d for d in kept if d.id not in fresh], fingerprint) if archive else iter(())
        analyses = [fresh[document.id] if document.id in fresh else next(cached) for document in kept]
        clock.lap("analyse")
        if not analyses and not remove:
            reasons = "; ".join(f"{item.source}: {item.reason}" for item in skipped)
            raise ingest.InputError(f"no articles to build from ({reasons})")
        result = _knowledge_graph(analyses, skipped, alias_table, base_iri, clock)
        result.parsed = len(fresh)
        if archive is not None:
            archive.commit(kept, result.rdf, fingerprint)
            clock.lap("store")
    result.seconds = clock.total()
    result.stage_seconds = clock.laps
    return result


def _analyse(running: executors.Executor, todo: list[Document], batch_size: int,
             save: Callable[[list[Analysis]], None] | None,
             progress: Callable[[int, int], None] | None) -> Iterator[Analysis | Skipped]:
    """Each document's analysis, in order; with `save`, kept in the store a batch at a time as they come,
    so a build that is killed resumes where it stopped."""
    unsaved: list[Analysis] = []
    for done, item in enumerate(executors.analyse_all(running, todo, batch_size=batch_size), start=1):
        if isinstance(item, Analysis):
            unsaved.append(item)
        if save and len(unsaved) >= batch_size:
            save(unsaved)
            unsaved = []
        if progress:
            progress(done, len(todo))
        yield item
    if save:
        save(unsaved)


class _StageClock:
    """Seconds spent in each stage of a build, for the summary and benchmarks."""

    def __init__(self, started: float) -> None:
        self.started = self.last = started
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(now - self.last, 3)
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


def _knowledge_graph(analyses: list[Analysis], skipped: list[Skipped], aliases: resolve.AliasTable,
                     base_iri: str, clock: _StageClock) -> KnowledgeGraph:
    documents = [analysis.document for analysis in analyses]
    facts = [fact for analysis in analyses for fact in analysis.facts]
    mentions = [mention for analysis in analyses for mention in analysis.mentions]
    resolution = resolve.resolve(documents, mentions, facts, aliases=aliases)
    clock.lap("resolve")
    dataset = graph.build_dataset(documents, facts, resolution, base_iri=base_iri)
    clock.lap("graph")
    return KnowledgeGraph(
        documents=documents,
        facts=facts,
        resolution=resolution,
        rdf=dataset,
        skipped=skipped,
        sentence_count=sum(analysis.sentences for analysis in analyses),
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


__all__ = ["KnowledgeGraph", "TripleRow", "build", "remove", "write_outputs", "atomic_write"]

"""kg's Python API: the one place where the stages meet.

    import kg
    graph = kg.build(["seeds/"])
    graph.quads        # the quads, sorted, on disk when big (kg.graph.QuadSpool)
    graph.rdf          # rdflib Dataset, one named graph per article (made on first use)
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
import pickle
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from rdflib import Dataset

from kg import executors, graph, ingest, nlp, resolve, view
from kg import store as kg_store
from kg.graph import QuadSpool
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
    """The result of a build: the RDF graph is the truth, everything else is a view of it.

    The graph is kept as `quads` (sorted lines, on disk when big: kg.graph.quads); `rdf`, the
    rdflib Dataset, is made from them on first use (fine for a few thousand articles).
    """

    documents: list[Document]
    facts: list[Fact]
    resolution: Resolution
    quads: QuadSpool
    skipped: list[Skipped] = field(default_factory=list)
    sentence_count: int = 0
    seconds: float = 0.0
    parsed: int = 0  # documents parsed by this build (with a store, the others came from it)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # analyse, resolve, graph, store
    pipeline: str = ""  # the spaCy pipeline that parsed the articles and its version, "en_kg 0.1.0"

    @cached_property
    def rdf(self) -> Dataset:
        return self.quads.dataset()

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        # Read from the spool: the view needs no rdflib Dataset (its indexes cost more than the view).
        return graph.to_networkx(self.quads)

    @cached_property
    def triples(self) -> list[TripleRow]:
        return list(self._triple_rows())

    def _triple_rows(self) -> Iterator[TripleRow]:
        names = {entity.key: entity.name for entity in self.resolution.entities}

        def name_of(mention) -> str:
            key = self.resolution.mention_entity.get((mention.doc_id, mention.start, mention.end))
            return names.get(key, mention.text) if key else mention.text

        return (
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
        )

    def to_turtle(self) -> str:
        buffer = io.BytesIO()
        self.write_turtle(buffer)
        return buffer.getvalue().decode("utf-8")

    def write_turtle(self, output: BinaryIO) -> None:
        """The Turtle of to_turtle(), written as it is made (a big graph is never one string in memory)."""
        self.quads.write_turtle(output)

    def to_html(self, **options) -> str:
        """The interactive page; options as kg.view.render_html's. With max_nodes and no focus, only
        the entities drawn and their statements are read, so a big archive's page costs little memory."""
        if options.get("max_nodes") is not None and options.get("focus") is None:
            return view.render_html(graph.to_networkx(self.quads, max_entities=options["max_nodes"]), **options)
        return view.render_html(self.nx, **options)

    def to_triples_csv(self) -> str:
        buffer = io.BytesIO()
        self.write_triples_csv(buffer)
        return buffer.getvalue().decode("utf-8")

    def write_triples_csv(self, output: BinaryIO) -> None:
        """The CSV of to_triples_csv(), written a row at a time."""
        text = io.TextIOWrapper(output, encoding="utf-8", newline="\n", write_through=True)
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(TRIPLES_CSV_COLUMNS)
        for row in self._triple_rows():
            writer.writerow([row.subject, row.relation, row.object, str(row.negated).lower(),
                             f"{row.confidence:.3f}", row.document, row.sentence])
        text.flush()
        text.detach()

    @property
    def summary(self) -> dict[str, int | float | str]:
        return {
            "pipeline": self.pipeline,
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
        fresh = _PackedAnalyses()
        if todo:
            # The workers (each with its pipeline) stop as soon as parsing is done, before the graph is made.
            with executors.start(executor, model=model, workers=workers, scheduler=scheduler) as running:
                save = functools.partial(archive.save, fingerprint=fingerprint) if archive else None
                for item in _analyse(running, todo, batch_size, save, progress):
                    if isinstance(item, Skipped):
                        skipped.append(item)
                    else:
                        fresh.add(item)
        parsed = len(fresh)
        failed = {document.id for document in todo if document.id not in fresh}
        kept = [document for document in wanted if document.id not in failed]
        cached = archive.analyses([d for d in kept if d.id not in fresh], fingerprint) if archive else iter(())
        analyses = [fresh.pop(document.id) if document.id in fresh else next(cached) for document in kept]
        clock.lap("analyse")
        if not analyses and not remove:
            reasons = "; ".join(f"{item.source}: {item.reason}" for item in skipped)
            raise ingest.InputError(f"no articles to build from ({reasons})")
        result = _knowledge_graph(analyses, skipped, alias_table, base_iri, nlp.pipeline_name(model), clock)
        result.parsed = parsed
        if archive is not None:
            archive.commit(kept, result.quads, fingerprint)
            clock.lap("store")
    result.seconds = clock.total()
    result.stage_seconds = clock.laps
    return result


def _analyse(running: executors.Executor, todo: list[Document], batch_size: int,
             save: Callable[[list[Analysis]], None] | None,
             progress: Callable[[int, int], None] | None) -> Iterator[Analysis | Skipped]:
    """Each document's analysis, in order; with `save`, kept in the store a batch at a time as they come,
    so a build that is killed resumes where it stopped."""
    unsaved: list[Analysis] = []  # only with `save`: otherwise every analysis would be held here, unpacked
    for done, item in enumerate(executors.analyse_all(running, todo, batch_size=batch_size), start=1):
        if save and isinstance(item, Analysis):
            unsaved.append(item)
        if save and len(unsaved) >= batch_size:
            save(unsaved)
            unsaved = []
        if progress:
            progress(done, len(todo))
        yield item
    if save:
        save(unsaved)


class _PackedAnalyses:
    """Analyses as they come back from parsing, each kept pickled and compressed (a sixteenth of the memory of
    the objects) until all are in: the workers' pipelines and a big archive's analyses need not fit at once."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def add(self, analysis: Analysis) -> None:
        self._packed[analysis.document.id] = zlib.compress(pickle.dumps(analysis, pickle.HIGHEST_PROTOCOL), 1)

    def pop(self, doc_id: str) -> Analysis:
        return pickle.loads(zlib.decompress(self._packed.pop(doc_id)))

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._packed

    def __len__(self) -> int:
        return len(self._packed)


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
                     base_iri: str, pipeline: str, clock: _StageClock) -> KnowledgeGraph:
    """The graph of `analyses`, which it empties: once resolved, their mentions are not needed."""
    documents = [analysis.document for analysis in analyses]
    facts = [fact for analysis in analyses for fact in analysis.facts]
    mentions = [mention for analysis in analyses for mention in analysis.mentions]
    sentence_count = sum(analysis.sentences for analysis in analyses)
    analyses.clear()
    resolution = resolve.resolve(documents, mentions, facts, aliases=aliases)
    del mentions
    clock.lap("resolve")
    quads = graph.build_quads(documents, facts, resolution, base_iri=base_iri, pipeline=pipeline)
    clock.lap("graph")
    return KnowledgeGraph(
        documents=documents,
        facts=facts,
        resolution=resolution,
        quads=quads,
        skipped=skipped,
        sentence_count=sentence_count,
        pipeline=pipeline,
    )


# graph.html draws at most this many entities, the most connected: a browser lays out a few
# hundred nodes in seconds (pyvis#204); `kg view --max-nodes/--focus` draws other parts.
PAGE_MAX_ENTITIES = 1000
OUTPUT_FILES = ("graph.ttl", "graph.html", "triples.csv")


def write_outputs(kg: KnowledgeGraph, out_dir: str | os.PathLike) -> list[Path]:
    """Write graph.ttl, graph.html and triples.csv into out_dir, each replaced atomically.

    All three are written (streamed) to temporary files first and only then renamed over the old
    ones, so a failure leaves every previous output intact.
    """
    out = Path(out_dir)
    writers: dict[str, Callable[[BinaryIO], object]] = {
        "graph.ttl": kg.write_turtle,
        "graph.html": lambda handle: handle.write(kg.to_html(max_nodes=PAGE_MAX_ENTITIES).encode("utf-8")),
        "triples.csv": kg.write_triples_csv,
    }
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        written = [stack.enter_context(_written(out / name, writers[name])) for name in OUTPUT_FILES]
        for path in written:
            os.replace(_temporary(path), path)
    return written


def atomic_write(path: Path, content: str | Callable[[BinaryIO], object]) -> Path:
    """Write content (text, as UTF-8, or a function that writes to a binary file) to a temporary file
    beside path, fsync it, then rename it over path."""
    with _written(path, content) as written:
        os.replace(_temporary(path), written)
    return written


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def _written(path: Path, content: str | Callable[[BinaryIO], object]) -> Iterator[Path]:
    """Path, its new content written and fsynced in its temporary file, which is deleted if not renamed."""
    temporary = _temporary(path)
    try:
        with open(temporary, "wb") as handle:
            if isinstance(content, str):
                handle.write(content.encode("utf-8"))
            else:
                content(handle)
            handle.flush()
            os.fsync(handle.fileno())
        yield path
    finally:
        temporary.unlink(missing_ok=True)


__all__ = ["KnowledgeGraph", "TripleRow", "atomic_write", "build", "remove", "write_outputs"]

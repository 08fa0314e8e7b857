"""kg's Python API: the one front door, where the stages meet. The CLI is a thin shell over it.

    import kg
    graph = kg.build(["seeds/"])                         # options from ./kg.toml, if any, then keywords
    graph.quads        # the graph: sorted quads, on disk when big (kg.graph.QuadSpool)
    graph.rdf          # the same as an rdflib Dataset, one named graph per article (made on first use)
    graph.nx           # networkx MultiDiGraph view
    graph.triples      # rows of (subject, relation, object, negated, confidence, document, sentence)
    graph.query("queries/neighbours.sparql", params={"name": "Ukraine"})   # an Answer
    graph.to_turtle()  # deterministic Turtle
    graph.to_html()    # self-contained interactive page

    kg.api.extract(paths, format="jsonl")          # facts without a graph
    kg.api.query(text_or_file, "out/graph.ttl")     # SPARQL on a built graph (file or store folder)
    kg.api.export("out/graph.ttl", "neo4j", "exports/")
    kg.api.view("out/graph.ttl", "out/peskov.html", focus="Peskov")
    kg.api.push("out/graph.ttl", "http://localhost:7200/repositories/kg/rdf-graphs/service")

Every function takes `options` (kg.config.Options; default: ./kg.toml if present) and any of its
fields as keywords, which win. Every failure a user can fix is a kg.errors.KgError with a
one-line message.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import io
import json
import os
import pickle
import signal
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.term import Node

from kg import config, deferred, executors, graph, import_deferred, ingest, nlp, resolve, workspace
from kg import extract as extraction
from kg import view as views
from kg import export as exporters
from kg import query as sparql
from kg import store as kg_store
from kg.config import ConfigError, Options
from kg.errors import KgError, OutputError
from kg.export import push as gsp
from kg.extract import output as fact_output
from kg.graph import QuadSpool, Schema, default_schema, load_schema, to_networkx
from kg.graph import files as graph_files
from kg.query import QueryResult
from kg.types import Analysis, Document, Entity, Fact, Resolution, Skipped

nx = deferred("networkx")  # imported on first use (kg.DEFERRED_MODULES)

TRIPLES_CSV_COLUMNS = ("subject", "relation", "verb_form", "object", "asserted", "withheld_because", "negated", "modality",
                       "speaker", "reporting_verb", "qualifiers", "confidence", "document", "sentence")


@dataclass(frozen=True)
class TripleRow:
    """One fact as a spreadsheet row: what it says, and everything that keeps it from being a plain fact."""

    subject: str
    relation: str  # the canonical relation where there is one (kg.graph.relations), else the verb form
    verb_form: str  # the relation as the extractor named it ("authorize_to_use")
    object: str
    asserted: bool  # a plain edge of the graph (kg.graph.admission); the rest are statements only
    withheld_because: str  # why not, when not asserted
    negated: bool
    modality: str
    speaker: str  # who the article attributes it to, as resolved (or as written)
    reporting_verb: str
    qualifiers: str  # question, quote, purpose, infinitive; joined by ";"
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
    min_confidence: float = 0.0  # facts below it are statements only (kg.graph.admission)
    schema: Schema = field(default_factory=default_schema)  # relation names and the plain layer (kg.graph.relations)
    pipelines: tuple[str, ...] = ()  # the spaCy pipelines that parsed the articles, "en_kg 0.1.0"

    @cached_property
    def rdf(self) -> Dataset:
        return self.quads.dataset()

    @cached_property
    def oxigraph(self) -> ox.Store:
        """The graph in an in-memory Oxigraph store, loaded from the spool (for fast queries)."""
        store = ox.Store()
        store.bulk_extend(self.quads.oxigraph_quads())
        return store

    @cached_property
    def entity_count(self) -> int:
        """The entities in the graph: those a statement uses or an article names (and the countries they are
        part of), the nodes of `nx` and of every export."""
        return graph.count_entities(self.quads)

    def query(self, query: str, *, params: Mapping[str, Node | str] | Iterable[str] = (), engine: str | None = None,
              limit: int | None = None) -> Answer:
        """Run SPARQL (text, or a .sparql file) on this graph; see kg.api.query."""
        return _query(query, self, params=params, engine=engine or Options.engine, limit=limit)

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        # Read from the spool: the view needs no rdflib Dataset (its indexes cost more than the view).
        return graph.to_networkx(self.quads)

    @cached_property
    def triples(self) -> list[TripleRow]:
        """Every fact as a row, asserted or not."""
        return list(self._triple_rows(all_statements=True))

    def _triple_rows(self, *, all_statements: bool) -> Iterator[TripleRow]:
        entities = {entity.key: entity for entity in self.resolution.entities}

        def entity_of(mention) -> Entity | None:
            key = self.resolution.mention_entity.get((mention.doc_id, mention.start, mention.end))
            return entities.get(key) if key else None

        def name_of(mention) -> str:
            entity = entity_of(mention)
            return entity.name if entity is not None else mention.text

        for fact in self.facts:
            obj = entity_of(fact.object) if fact.object else None
            reason = graph.withheld(fact, entity_of(fact.subject), obj, min_confidence=self.min_confidence,
                                    schema=self.schema)
            if reason is not None and not all_statements:
                continue
            attribution = fact.attribution
            yield TripleRow(
                subject=name_of(fact.subject),
                relation=self.schema.canonical(fact.relation, graph.object_types(obj)),
                verb_form=fact.relation,
                object=name_of(fact.object) if fact.object else "",
                asserted=reason is None,
                withheld_because=reason or "",
                negated=fact.negated,
                modality=fact.modality or "",
                speaker=name_of(attribution.speaker) if attribution else "",
                reporting_verb=attribution.verb if attribution else "",
                qualifiers=";".join(fact.qualifiers),
                confidence=graph.confidence(fact),
                document=fact.doc_id,
                sentence=fact.sentence.text,
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
            choose = functools.partial(views.choose, max_nodes=options["max_nodes"])
            return views.render_html(to_networkx(self.quads, choose=choose), **options)
        return views.render_html(self.nx, **options)

    def to_triples_csv(self, *, all_statements: bool = False) -> str:
        buffer = io.BytesIO()
        self.write_triples_csv(buffer, all_statements=all_statements)
        return buffer.getvalue().decode("utf-8")

    def write_triples_csv(self, output: BinaryIO, *, all_statements: bool = False) -> None:
        """The CSV of to_triples_csv(): the plain facts (asserted rows), or with `all_statements` every
        fact, claims, denials and the rest included, each row saying why it is not asserted."""
        text = io.TextIOWrapper(output, encoding="utf-8", newline="\n", write_through=True)
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(TRIPLES_CSV_COLUMNS)
        for row in self._triple_rows(all_statements=all_statements):
            writer.writerow([row.subject, row.relation, row.verb_form, row.object, str(row.asserted).lower(), row.withheld_because,
                             str(row.negated).lower(), row.modality, row.speaker, row.reporting_verb, row.qualifiers,
                             f"{row.confidence:.3f}", row.document, row.sentence])
        text.flush()
        text.detach()

    @property
    def summary(self) -> dict[str, int | float | str]:
        return {
            "pipeline": ", ".join(self.pipelines),
            "documents": len(self.documents),
            "parsed": self.parsed,
            "sentences": self.sentence_count,
            "entities": self.entity_count,
            "triples": len(self.facts),
            "skipped": len(self.skipped),
            "seconds": round(self.seconds, 2),
        }


def build(
    paths: Iterable[str | os.PathLike],
    *,
    options: Options | None = None,
    store: str | os.PathLike | None = None,
    progress: Callable[[int, int], None] | None = None,
    **changes,
) -> KnowledgeGraph:
    """Read, parse, extract, resolve and build the graph of the articles under `paths`.

    `options` (default: ./kg.toml, if any) and `changes` (any field of kg.config.Options: model,
    aliases, base_iri, batch_size, workers, executor, scheduler, ...) say how. Parsing and
    extraction run in batches of `batch_size` articles, in `workers` local processes (executor
    "local") or on the Dask cluster at `scheduler` (executor "dask"); the graph is the same bytes
    either way. An article the pipeline fails on is skipped and listed in `.skipped`. With
    `store` (a folder, see kg.store), the graph is kept there: only articles the store lacks are
    parsed, and the result is the graph of every article in the store. Each article is parsed by
    the pipeline of its language (`models`, e.g. {"de": "de_core_news_sm"}, else `model`'s); one
    in a language with neither is skipped.

    Raises a KgError (ingest.InputError when nothing could be read, nlp.ModelError for a bad model,
    store.StoreError, executors.ExecutorError, ...). `progress(done, total)` is called after each
    parsed document.
    """
    started = time.perf_counter()
    chosen = _options(options, changes)
    workspace.scratch()  # this build's scratch folder; deletes those that killed builds left behind
    languages = {nlp.pipeline_language(chosen.model), *chosen.models}
    documents, skipped = ingest.read(list(paths), languages=languages)
    if not documents:
        reasons = "; ".join(f"{item.source}: {item.reason}" for item in skipped) or "no input given"
        raise ingest.InputError(f"no articles to build from ({reasons})")
    return _assemble(documents, skipped, chosen, started=started, store=store, progress=progress)


def remove(
    store: str | os.PathLike,
    articles: Iterable[str],
    *,
    options: Options | None = None,
    progress: Callable[[int, int], None] | None = None,
    **changes,
) -> KnowledgeGraph:
    """Drop articles (by document id or source) from `store`, and the entities and edges only they supported.

    Returns the graph of the articles left. Raises store.StoreError for an article not in the store.
    The options that say how to parse matter only when the pipeline changed since the articles left
    were analysed.
    """
    return _assemble([], [], _options(options, changes), started=time.perf_counter(), remove=list(articles),
                     store=store, progress=progress)


load_options = config.load  # kg.toml (or ./kg.toml) and keywords -> Options


def _options(options: Options | None, changes: dict) -> Options:
    return (options if options is not None else config.load()).changed(**changes)


def _assemble(
    inputs: list[Document], skipped: list[Skipped], options: Options, *, started: float,
    store: str | os.PathLike | None, remove: list[str] = (), progress: Callable[[int, int], None] | None = None,
) -> KnowledgeGraph:
    alias_table = resolve.load_aliases(options.aliases)  # a bad alias file, schema or base IRI fails before parsing
    schema = load_schema(options.schema)
    base_iri = graph.check_base_iri(options.base_iri)
    clock = _StageClock(started)
    with contextlib.ExitStack() as stack:
        archive = stack.enter_context(kg_store.Store(store, create=not remove)) if store is not None else None
        fingerprints = kg_store.Fingerprints.of_pipelines(options.model, options.models) if archive else None
        wanted = archive.plan(inputs, remove) if archive else inputs
        todo = archive.missing(wanted, fingerprints) if archive else wanted
        fresh = _PackedAnalyses()
        if todo:
            # The workers (each with its pipeline) stop as soon as parsing is done, before the graph is made.
            with executors.start(options.executor, model=options.model, models=options.models,
                                 workers=options.workers, scheduler=options.scheduler, articles=len(todo)) as running:
                save = functools.partial(archive.save, fingerprints=fingerprints) if archive else None
                for item in _analyse(running, todo, options.batch_size, save, progress, _prepare_the_graph):
                    if isinstance(item, Skipped):
                        skipped.append(item)
                    else:
                        # Read while the workers parse: resolution's work on one article alone.
                        fresh.add(item, resolve.read_document(item.document, item.mentions, item.facts,
                                                              aliases=alias_table))
        parsed = len(fresh)
        failed = {document.id for document in todo if document.id not in fresh}
        kept = [document for document in wanted if document.id not in failed]
        cached = archive.analyses([d for d in kept if d.id not in fresh], fingerprints) if archive else iter(())
        read: dict[str, tuple[resolve.Reading, ...]] = {}
        with executors.collection_paused():  # 400 articles' analyses set off four full collections as they came
            analyses = [fresh.pop(document.id, read) if document.id in fresh else next(cached) for document in kept]
        clock.lap("analyse")
        if not analyses and not remove:
            reasons = "; ".join(f"{item.source}: {item.reason}" for item in skipped)
            raise ingest.InputError(f"no articles to build from ({reasons})")
        result = _knowledge_graph(analyses, read, skipped, alias_table, base_iri, clock, options.min_confidence,
                                   _pipeline_names(options), schema, options.source_date_epoch)
        result.parsed = parsed
        if archive is not None:
            archive.commit(kept, result.quads, fingerprints)
            clock.lap("store")
    result.seconds = clock.total()
    result.stage_seconds = clock.laps
    return result


def _prepare_the_graph() -> None:
    """What resolution, the graph and the page need and parsing does not (0.4 s of a small build), done while
    the workers parse: the first names' table and the modules kg imports on first use."""
    resolve.load_tables()
    import_deferred()


def _analyse(running: executors.Executor, todo: list[Document], batch_size: int,
             save: Callable[[list[Analysis]], None] | None, progress: Callable[[int, int], None] | None,
             meanwhile: Callable[[], object] | None = None) -> Iterator[Analysis | Skipped]:
    """Each document's analysis, in order; with `save`, kept in the store a batch at a time as they come,
    so a build that is killed resumes where it stopped. `meanwhile` runs while the workers parse."""
    unsaved: list[Analysis] = []  # only with `save`: otherwise every analysis would be held here, unpacked
    for done, item in enumerate(executors.analyse_all(running, todo, batch_size=batch_size, meanwhile=meanwhile),
                                start=1):
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
    """Analyses as they come back from parsing, each with its readings (kg.resolve.read_document), kept pickled
    and compressed (a sixteenth of the memory of the objects) until all are in: the workers' pipelines and a
    big archive's analyses need not fit at once."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def add(self, analysis: Analysis, readings: tuple[resolve.Reading, ...]) -> None:
        self._packed[analysis.document.id] = zlib.compress(pickle.dumps((analysis, readings),
                                                                        pickle.HIGHEST_PROTOCOL), 1)

    def pop(self, doc_id: str, read: dict[str, tuple[resolve.Reading, ...]]) -> Analysis:
        """The analysis of `doc_id`; its readings go into `read`."""
        analysis, read[doc_id] = pickle.loads(zlib.decompress(self._packed.pop(doc_id)))
        return analysis

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


def default_pipeline() -> str:
    """The name and version of the pipeline kg parses with when none is chosen (kg.nlp.resolve_model)."""
    return nlp.pipeline_name()


def _pipeline_names(options: Options) -> tuple[str, ...]:
    """The name and version of each pipeline a build parses with: the default one, then one per language."""
    return tuple(dict.fromkeys([nlp.pipeline_name(options.model),
                                *(nlp.pipeline_name(model) for _, model in sorted(options.models.items()))]))


def _knowledge_graph(analyses: list[Analysis], read: dict[str, tuple[resolve.Reading, ...]],
                     skipped: list[Skipped], aliases: resolve.AliasTable,
                     base_iri: str, clock: _StageClock, min_confidence: float,
                     pipelines: tuple[str, ...], schema: Schema, source_date_epoch: int | None) -> KnowledgeGraph:
    """The graph of `analyses`, which it empties, and of the readings of those already `read` (by document id),
    which it empties too: once resolved, their mentions are not needed."""
    documents = [analysis.document for analysis in analyses]
    facts = [fact for analysis in analyses for fact in analysis.facts]
    mentions = [mention for analysis in analyses if analysis.document.id not in read for mention in analysis.mentions]
    sentence_count = sum(analysis.sentences for analysis in analyses)
    analyses.clear()
    # What is made from here on refers to the documents, facts and readings, and they live until the graph is
    # made: no garbage collection need scan them (12 full collections, 1.7 s of a 400-article build did).
    with executors.frozen_objects():
        resolution = resolve.resolve(documents, mentions, facts, aliases=aliases, read=read)
        del mentions
        read.clear()
        clock.lap("resolve")
        gc.freeze()  # nor the resolution
        quads = graph.build_quads(documents, facts, resolution, base_iri=base_iri, min_confidence=min_confidence,
                                  schema=schema, pipelines=pipelines, source_date_epoch=source_date_epoch)
        clock.lap("graph")
    return KnowledgeGraph(
        documents=documents,
        facts=facts,
        resolution=resolution,
        quads=quads,
        skipped=skipped,
        sentence_count=sentence_count,
        min_confidence=min_confidence,
        schema=schema,
        pipelines=pipelines,
    )


# graph.html draws at most Options.page_entities entities, the most important (kg.view.choose): a
# browser lays out a few hundred nodes in seconds (pyvis#204); `kg view --max-nodes/--focus` draws other parts.
PAGE_MAX_ENTITIES = Options.page_entities
OUTPUT_FILES = ("graph.ttl", "graph.html", "triples.csv")


@contextlib.contextmanager
def locked_output(out_dir: str | os.PathLike) -> Iterator[Path]:
    """Hold `out_dir` for a whole build (made if missing): a second kg process writing there stops at
    once (workspace.OutputInUse), and ingest knows the folder as kg's output if it is inside an input."""
    out = Path(out_dir)
    with _writing(out), workspace.OutputLock(out):
        yield out


def write_outputs(kg: KnowledgeGraph, out_dir: str | os.PathLike, *,
                  page_entities: int = Options.page_entities, all_statements: bool = False) -> list[Path]:
    """Write graph.ttl, graph.html and triples.csv into out_dir, each replaced atomically.

    triples.csv holds the plain facts, or with `all_statements` every fact (kg.api.TRIPLES_CSV_COLUMNS).

    All three are written (streamed) to temporary files first and only then renamed over the old
    ones, so a failure leaves every previous output intact. OutputError if the folder is not writable;
    workspace.OutputInUse if another kg process writes there (the folder is locked meanwhile).
    """
    out = Path(out_dir)
    page = functools.partial(_write_page, kg, page_entities)
    writers: dict[str, Callable[[BinaryIO], object]] = {
        "graph.ttl": kg.write_turtle,
        "triples.csv": functools.partial(kg.write_triples_csv, all_statements=all_statements),
    }
    with _writing(out), workspace.OutputLock(out):
        with contextlib.ExitStack() as stack:
            # The page, as costly as the other two together, is made in a second process meanwhile.
            aside = stack.enter_context(_written_aside(out / "graph.html", page))
            written = {name: stack.enter_context(_written(out / name, writer)) for name, writer in writers.items()}
            written["graph.html"] = aside.wait()
            for path in written.values():
                os.replace(_temporary(path), path)
    return [written[name] for name in OUTPUT_FILES]


def _write_page(kg: KnowledgeGraph, page_entities: int, handle: BinaryIO) -> None:
    handle.write(kg.to_html(max_nodes=page_entities).encode("utf-8"))


# --- facts without a graph ------------------------------------------------------------------------

EXTRACT_FORMATS = fact_output.FORMATS


@dataclass(frozen=True)
class Extracted:
    """The facts of `kg extract`, rendered, and the inputs it skipped."""

    text: str
    skipped: list[Skipped]


def extract(paths: Iterable[str | os.PathLike], *, format: str = "jsonl", tokenized: bool = False,
            options: Options | None = None, **changes) -> Extracted:
    """Run the pipeline on files or folders and render the facts in `format` (EXTRACT_FORMATS).

    jsonl and csv read articles (kg.ingest); carb reads plain-text files one sentence a line,
    `tokenized` ones (words split by spaces, as CaRB's) keeping their tokens.
    Raises UsageError for an unknown format, ingest.InputError when nothing can be read.
    """
    chosen = _options(options, changes)
    if format not in EXTRACT_FORMATS:
        raise UsageError(f"unknown format {format!r}: choose one of {', '.join(EXTRACT_FORMATS)}")
    paths = list(paths)
    if format == "carb":
        lines = list(fact_output.sentence_lines(paths))
        if not lines:
            raise ingest.InputError(f"no sentences in {', '.join(map(str, paths)) or 'the input'}")
        docs = fact_output.parse_lines(nlp.load(chosen.model), lines, tokenized=tokenized,
                                       workers=chosen.workers or 1, batch_size=chosen.batch_size)
        return Extracted(fact_output.carb_text(lines, docs), [])
    documents, skipped = ingest.read(paths, languages={nlp.pipeline_language(chosen.model)})
    if not documents:
        reasons = "; ".join(f"{item.source}: {item.reason}" for item in skipped) or "no input given"
        raise ingest.InputError(f"nothing to extract from ({reasons})")
    facts: list[Fact] = []
    for document, doc in nlp.parse(nlp.load(chosen.model), documents, batch_size=chosen.batch_size,
                                   n_process=chosen.workers or 1):
        facts.extend(extraction.extract(document, doc).facts)
    render = fact_output.facts_to_jsonl if format == "jsonl" else fact_output.facts_to_csv
    return Extracted(render(facts), skipped)


# --- questions, exports, pages, pushes of a built graph ---------------------------------------------

GraphInput = str | os.PathLike | KnowledgeGraph  # a graph file, an Oxigraph store folder, or a build
EXPORTERS = exporters.EXPORTERS
QUERY_OUTPUTS = sparql.OUTPUT_FORMATS


class UsageError(KgError, ValueError):
    """An option value kg does not know (a format, an engine) or cannot use (a bad --focus)."""


@dataclass(frozen=True)
class Answer:
    """A query's rows (`result`), and what shows them: where the query came from, its prefixes, the time."""

    result: QueryResult
    source: str  # the query file, or "query" for text
    prefixes: dict[str, str]
    engine: str
    seconds: float

    def to_csv(self) -> str:
        return sparql.to_csv(self.result)

    def to_json(self) -> str:
        return sparql.to_json(self.result)

    def cells(self) -> list[list[str]]:
        """Rows as short strings: IRIs as prefix:name where a prefix fits, literals as their text."""
        return sparql.cells(self.result, self.prefixes)


def query(query: str, graph: GraphInput, *, params: Mapping[str, Node | str] | Iterable[str] = (),
          engine: str | None = None, limit: int | None = None, options: Options | None = None) -> Answer:
    """Run SPARQL (text, or a .sparql/.rq file) on a graph file, an Oxigraph store folder or a KnowledgeGraph.

    `params` bind variables as RDF terms, never pasted into the text: a mapping of name to an rdflib
    term or to text in kg query's --param syntax, or "name=value" strings. `limit` sets the page size
    (every LIMIT of the query; 0: all rows). The default graph is the union of every article's graph.
    """
    chosen = engine or _options(options, {}).engine
    return _query(query, graph, params=params, engine=chosen, limit=limit)


def _query(text_or_file: str, graph: GraphInput, *, params, engine: str, limit: int | None) -> Answer:
    if engine not in sparql.ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of: {', '.join(sparql.ENGINES)}")
    text, source = sparql.read_query(text_or_file)
    prefixes = sparql.prefixes_of(text)
    if isinstance(params, Mapping):
        bound = {name: value if isinstance(value, Node) else sparql.parse_term(str(value), prefixes)
                 for name, value in params.items()}
    else:
        bound = dict(sparql.parse_param(item, prefixes) for item in params)
    if isinstance(graph, KnowledgeGraph):
        loaded = graph.oxigraph if engine == "oxigraph" else graph.rdf
    else:
        loaded = sparql.load(graph, engine=engine)
    started = time.perf_counter()
    result = sparql.run(text, loaded, params=bound, source=source, limit=limit)
    return Answer(result, source, prefixes, engine, time.perf_counter() - started)


def export(graph: GraphInput, to: str, out: str | os.PathLike) -> list[Path]:
    """Write the graph in export format `to` (EXPORTERS) to `out`: the file itself for a one-file format
    (unless `out` is a folder), else the folder that gets neo4j/ or graphdb/. Returns the files written."""
    exporter = exporters.get(to)
    files = exporter.render(_dataset(graph))
    out = Path(out)
    single = len(files) == 1 and not out.is_dir()
    targets = [out if single else out / name for name in files]
    with _writing(out):
        for target, content in zip(targets, files.values(), strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, content)
    return targets


def view(graph: GraphInput, out: str | os.PathLike, *, max_nodes: int | None = None, focus: str | None = None,
         hops: int = 2) -> Path:
    """Write the interactive offline page of a graph (an RDF file, a store folder, node-link JSON from
    `kg export --to node-link`, or a KnowledgeGraph), or of the part of it asked for, to `out`."""
    path = Path(out)
    if isinstance(graph, KnowledgeGraph):
        entities = graph.nx
    elif Path(graph).suffix == ".json":
        entities = _node_link(Path(graph))
    else:
        entities = to_networkx(graph_files.read_dataset(graph))
    try:
        page = views.render_html(entities, max_nodes=max_nodes, focus=focus, hops=hops)
    except ValueError as error:  # a bad max_nodes, focus or hops
        raise UsageError(str(error)) from None
    with _writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write(path, page)


def _node_link(path: Path) -> nx.MultiDiGraph:
    """The entity graph of a node-link JSON file (kg export --to node-link)."""
    try:
        return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    except OSError as error:
        raise graph_files.GraphFileError(f"{path}: cannot read: {error.strerror or error}") from None
    except (ValueError, KeyError, nx.NetworkXError) as error:
        raise graph_files.GraphFileError(f"{path}: not a node-link JSON graph: {error}") from None


@dataclass(frozen=True)
class Pushed:
    """What `push` sent (or, on a dry run, would send)."""

    requests: list[str]  # each HTTP request as text
    triples: int
    graphs: int


def push(graph: GraphInput, endpoint: str, *, graph_iri: str | None = None, default_graph: str | None = None,
         user: str | None = None, password: str | None = None, timeout: float = 60.0,
         dry_run: bool = False) -> Pushed:
    """Load the graph into a triple store over the SPARQL 1.1 Graph Store Protocol (PUT replaces each graph);
    `graph_iri` puts everything into one graph; `dry_run` sends nothing."""
    uploads = gsp.plan(_dataset(graph), endpoint, graph=graph_iri, default_graph=default_graph)
    if not dry_run:
        gsp.send(uploads, user=user, password=password, timeout=timeout)
    return Pushed([upload.request_text for upload in uploads], sum(upload.triples for upload in uploads),
                  len(uploads))


def _dataset(graph: GraphInput) -> Dataset:
    return graph.rdf if isinstance(graph, KnowledgeGraph) else graph_files.read_dataset(graph)


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write `text` to `path` (its folder made if needed), replaced atomically; OutputError if it cannot be."""
    path = Path(path)
    with _writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write(path, text)


def atomic_write(path: Path, content: str | Callable[[BinaryIO], object]) -> Path:
    """Write content (text, as UTF-8, or a function that writes to a binary file) to a temporary file
    beside path, fsync it, then rename it over path."""
    with _written(path, content) as written:
        os.replace(_temporary(path), written)
    return written


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
    """OSError while writing `target` as an OutputError naming it."""
    try:
        yield
    except OSError as error:
        raise OutputError(f"cannot write to {target}: {error.strerror or error}") from None


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def _written(path: Path, content: str | Callable[[BinaryIO], object]) -> Iterator[Path]:
    """Path, its new content written and fsynced in its temporary file, which is deleted if not renamed."""
    temporary = _temporary(path)
    try:
        _write_synced(temporary, content)
        yield path
    finally:
        temporary.unlink(missing_ok=True)


def _write_synced(temporary: Path, content: str | Callable[[BinaryIO], object]) -> None:
    with open(temporary, "wb") as handle:
        if isinstance(content, str):
            handle.write(content.encode("utf-8"))
        else:
            content(handle)
        handle.flush()
        os.fsync(handle.fileno())


class _Aside:
    """A file being written by a forked copy of this process (see _written_aside); wait() for it."""

    def __init__(self, path: Path, child: int | None, errors: int | None) -> None:
        self.path, self.child, self.errors = path, child, errors

    def wait(self) -> Path:
        """The path, once its temporary file is written; the child's exception if it failed."""
        if self.child is None:
            return self.path
        with open(self.errors, "rb") as pipe:
            self.errors = None
            failure = pipe.read()
        _, status = os.waitpid(self.child, 0)
        self.child = None
        if failure:
            raise pickle.loads(failure)
        if status != 0:  # killed (out of memory?) before it could say why
            raise OutputError(f"cannot write to {self.path}: the process writing it ended with status "
                              f"{os.waitstatus_to_exitcode(status)}")
        return self.path


def can_fork() -> bool:
    """Whether a second process can write an output meanwhile: forking is safe here
    (kg.executors.fork_is_safe) and there is a second core to run it on."""
    return executors.fork_is_safe() and len(os.sched_getaffinity(0)) > 1


@contextlib.contextmanager
def _written_aside(path: Path, content: Callable[[BinaryIO], object]) -> Iterator[_Aside]:
    """Like _written, but the content is written by a forked copy of this process while this one goes
    on; in this process, when it cannot fork (can_fork)."""
    temporary = _temporary(path)  # this process's name for it: the child has another id
    if not can_fork():
        with _written(path, content) as written:
            yield _Aside(written, None, None)
        return
    parent = os.getpid()
    reader, writer = os.pipe()
    # Frozen, the objects the child shares with this process are left untouched by its collections.
    with executors.frozen_objects():
        child = os.fork()
        if child == 0:  # the child: write, say what failed, and leave at once (no atexit, no cleanup of the parent's)
            status = 1
            try:
                os.close(reader)
                executors.die_with_parent(parent)
                try:
                    _write_synced(temporary, content)
                    status = 0
                except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
                    os.write(writer, _pickled_error(error, path))
            finally:
                os._exit(status)
    os.close(writer)
    aside = _Aside(path, child, reader)
    try:
        yield aside
    finally:
        if aside.child is not None:  # this process failed first: stop the child
            with contextlib.suppress(ProcessLookupError):
                os.kill(aside.child, signal.SIGKILL)
            os.waitpid(aside.child, 0)
        if aside.errors is not None:
            os.close(aside.errors)
        temporary.unlink(missing_ok=True)


def _pickled_error(error: BaseException, path: Path) -> bytes:
    """The child's exception for its parent to raise; an OSError as the OutputError it would have been."""
    if isinstance(error, OSError):
        error = OutputError(f"cannot write to {path}: {error.strerror or error}")
    try:
        return pickle.dumps(error)
    except Exception:  # an exception that does not pickle: its type and message
        return pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}"))


__all__ = ["EXPORTERS", "EXTRACT_FORMATS", "QUERY_OUTPUTS", "Answer", "ConfigError", "Extracted", "KgError",
           "KnowledgeGraph", "Options", "OutputError", "Pushed", "TripleRow", "UsageError", "atomic_write", "build",
           "export", "extract", "load_options", "locked_output", "push", "query", "remove", "view", "write_outputs",
           "write_text"]

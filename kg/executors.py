"""Where parsing and extraction run: in this process, in local worker processes, or on a Dask cluster.

    with executors.start("local", model=None, workers=2) as executor:
        for item in executors.analyse_all(executor, documents, batch_size=32):
            ...  # an Analysis per document, or a Skipped for one the pipeline failed on

Every executor runs the same function (`analyse_batch`) on batches of Documents and hands the
results back in input order, so the graph is the same bytes however many processes or machines
did the work. Faults: a document that makes spaCy or extraction raise becomes a Skipped record;
a worker process that dies (killed, out of memory) has its batch retried one document at a time
in a fresh worker, and a document that kills a worker on its own is skipped. Local workers die
with the process that started them (a parent-death signal on Linux, a watchdog elsewhere), so a
killed build leaves no worker behind.

Each article is parsed by the pipeline of its language (`models`, e.g. {"de": "de_core_news_sm"}),
or by the default pipeline (`model`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from kg import extract, nlp
from kg.errors import KgError
from kg.types import Analysis, Document, Skipped

EXECUTORS = ("local", "dask")
# Batches in flight per worker: enough to keep every worker busy, few enough to bound memory.
BATCHES_IN_FLIGHT_PER_WORKER = 2
# Worker processes are forked from the build, so they start with its modules imported (spaCy and
# kg: about a second of CPU each); from a fresh interpreter where forking is unsafe (fork_is_safe).
WORKER_START_METHODS = ("fork", "spawn")
SCHEDULER_TIMEOUT = "20s"  # to connect to a Dask scheduler
PR_SET_PDEATHSIG = 1  # prctl option: the signal a Linux process gets when its parent dies
WATCHDOG_SECONDS = 1.0  # where there is no parent-death signal: how often a worker checks its parent
AUTO_WORKERS = 4  # at most this many local workers when --workers is not given (each parses with ~500 MB)
COLLECT_PIPELINE_AFTER = 100  # articles: a build of more frees its copy of the pipeline as soon as the workers are done


class ExecutorError(KgError):
    """An executor that cannot start (unknown name, no scheduler, Dask missing); one line."""


class Executor(Protocol):
    """Runs analyse_batch on a batch somewhere; `crashes` are the errors of a worker that died."""

    workers: int
    crashes: tuple[type[BaseException], ...]

    def submit(self, documents: list[Document]) -> Future: ...

    def close(self) -> None: ...


# --- the work -----------------------------------------------------------------------------------

def analyse(pipeline: Language, documents: Sequence[Document]) -> list[Analysis | Skipped]:
    """Parse and extract each document; one that makes the pipeline raise becomes Skipped."""
    try:
        parsed = list(nlp.parse(pipeline, documents, batch_size=max(len(documents), 1)))
    except Exception as error:  # spaCy raises anything (ValueError E088 for a too-long text, ...)
        if len(documents) > 1:  # find the document at fault; the others still count
            return [item for document in documents for item in analyse(pipeline, [document])]
        return [_skipped(documents[0], "parsing", error)]
    results: list[Analysis | Skipped] = []
    for document, doc in parsed:
        try:
            results.append(extract_analysis(document, doc))
        except Exception as error:  # a bug in extraction must cost one article, not the build
            results.append(_skipped(document, "extraction", error))
    return results


def extract_analysis(document: Document, doc: Doc) -> Analysis:
    """What resolution and the graph need from one parsed document."""
    extraction = extract.extract(document, doc)
    return Analysis(document=document, facts=extraction.facts, mentions=extraction.mentions,
                    sentences=sum(1 for _ in doc.sents))


def _skipped(document: Document, stage: str, error: BaseException) -> Skipped:
    message = " ".join(str(error).split())[:200] or type(error).__name__
    return Skipped(document.source, f"{stage} failed on this article ({type(error).__name__}: {message})")


@dataclass(frozen=True)
class Pipelines:
    """Which spaCy pipeline parses an article: the one for its language, else the default."""

    default: str | None
    by_language: tuple[tuple[str, str], ...] = ()  # (ISO 639-1 code, pipeline name or path), sorted

    @classmethod
    def of(cls, model: str | None, models: Mapping[str, str] | None = None) -> Pipelines:
        return cls(model, tuple(sorted((models or {}).items())))

    def for_language(self, language: str) -> str | None:
        return dict(self.by_language).get(language, self.default)


_pipelines = threading.local()  # one pipeline per worker thread: spaCy objects are not thread-safe


def analyse_batch(pipelines: Pipelines | str | None, documents: list[Document]) -> list[Analysis | Skipped]:
    """analyse() with each document's pipeline (one name for all, or Pipelines by language), each loaded
    once per worker process (and thread). Results in the order of `documents`."""
    if not isinstance(pipelines, Pipelines):
        pipelines = Pipelines(pipelines)
    groups: dict[str | None, list[Document]] = {}
    for document in documents:
        groups.setdefault(pipelines.for_language(document.language), []).append(document)
    results: dict[int, Analysis | Skipped] = {}  # by id() of the document
    for model, group in groups.items():
        for document, result in zip(group, analyse(_loaded(model), group), strict=True):
            results[id(document)] = result
    return [results[id(document)] for document in documents]


def _loaded(model: str | None) -> Language:
    """The pipeline `model`, loaded once per process (and thread)."""
    loaded = getattr(_pipelines, "by_model", None)
    if loaded is None:
        loaded = _pipelines.by_model = {}
    if model not in loaded:
        loaded[model] = nlp.load(model)
    return loaded[model]


# --- executors ----------------------------------------------------------------------------------

class _Done(Future):
    def __init__(self, result: list[Analysis | Skipped]) -> None:
        super().__init__()
        self.set_result(result)


class InProcess:
    """Runs each batch here, when it is submitted."""

    workers = 1
    crashes: tuple[type[BaseException], ...] = ()

    def __init__(self, pipelines: Pipelines) -> None:
        self.pipelines = pipelines

    def submit(self, documents: list[Document]) -> Future:
        return _Done(analyse_batch(self.pipelines, documents))

    def close(self) -> None:
        pass


class LocalProcesses:
    """A pool of `workers` local processes; a pool broken by a dying worker is replaced.

    Forked workers start with the pipelines of the first batch's languages loaded: this process loads
    them before the first fork (a second each, once instead of once per worker) and drops them on close.
    """

    crashes = (BrokenProcessPool,)

    def __init__(self, pipelines: Pipelines, workers: int) -> None:
        self.pipelines, self.workers = pipelines, workers
        self._preloaded: set[str | None] | None = None  # None until the first batch
        self._refreeze = False
        self._analysed = 0  # articles submitted
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # A pool forks its workers on the first submit, before it starts its own threads.
        method = WORKER_START_METHODS[0] if fork_is_safe() else WORKER_START_METHODS[1]
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_start_worker, initargs=(os.getpid(),))

    def submit(self, documents: list[Document]) -> Future:
        if self._preloaded is None:
            self._preloaded = set()
            if fork_is_safe():
                for model in dict.fromkeys(self.pipelines.for_language(document.language) for document in documents):
                    if model not in getattr(_pipelines, "by_model", {}):
                        _loaded(model)
                        self._preloaded.add(model)
            if self._preloaded:
                # Frozen before the fork, as the gc module's documentation advises: the workers' collections then
                # leave the pipeline they share untouched, and this process's skip it while they parse.
                self._refreeze = gc.get_freeze_count() > 0
                gc.freeze()
        self._analysed += len(documents)
        try:
            return self._pool.submit(analyse_batch, self.pipelines, documents)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(analyse_batch, self.pipelines, documents)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        for model in self._preloaded or ():  # the graph that comes next needs the memory, not the pipeline
            _pipelines.by_model.pop(model, None)
        if self._preloaded:
            gc.unfreeze()
            if self._analysed >= COLLECT_PIPELINE_AFTER:
                # A pipeline is a cycle of objects, freed only by the collector: at once, for the graph of a big
                # archive to have its memory (a small one ends first: the collection would cost it 0.15 s).
                gc.collect()
            if self._refreeze:  # frozen before the build (by the `kg` program): so again
                gc.freeze()


def auto_workers(articles: int) -> int:
    """The local workers when none are asked for: one per core (at most AUTO_WORKERS), none beyond the articles;
    one (parsing in this process) where workers would not be forked, since a fresh interpreter that imports
    spaCy and loads a pipeline costs more than it saves on all but big archives."""
    if not fork_is_safe():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), AUTO_WORKERS, articles))


def fork_is_safe() -> bool:
    """Whether this process may fork a child that does not exec a fresh interpreter: on Linux (fork
    without exec is unsafe on macOS) and with no other thread running (a thread may hold a lock the
    child then waits for forever: a progress bar's, a broken pool's, a Dask client's)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


@contextmanager
def frozen_objects() -> Iterator[None]:
    """The objects that exist now out of reach of Python's cyclic garbage collector (gc.freeze) for a while:
    its full collections scan every tracked object, and a build's long-lived ones (a pipeline, the analyses of
    an archive) again and again. They are unfrozen after, unless some were frozen before (by the `kg` program,
    which ends soon after: kg.__main__)."""
    already = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while: for work that makes many objects and no garbage cycles
    (unpickling), which would otherwise set off full collections of everything alive."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _start_worker(parent: int) -> None:
    # A forked worker shares the build's objects until it writes to them; its garbage collector would
    # write to every one of them (copying their memory) if they were not frozen out of its reach.
    gc.freeze()
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Make this worker process end when `parent` does, even when the parent is killed (SIGKILL) and
    cannot say so: the kernel's parent-death signal on Linux, else a thread watching the parent's id."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the signal was asked for
                    os._exit(1)
                return
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


class DaskCluster:
    """Batches run as tasks on a Dask cluster; workers need kg installed and the model at `model`."""

    def __init__(self, pipelines: Pipelines, scheduler: str) -> None:
        try:
            from distributed import Client
            from distributed.scheduler import KilledWorker
        except ImportError:
            raise ExecutorError("the dask executor needs Dask: pip install 'kg[dask]'") from None
        try:
            self.client = Client(scheduler, timeout=SCHEDULER_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        self.pipelines = pipelines
        self.crashes = (KilledWorker,)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def submit(self, documents: list[Document]) -> Future:
        # pure=False: equal batches are still separate work, never merged by key.
        return self.client.submit(analyse_batch, self.pipelines, documents, pure=False, retries=0)

    def close(self) -> None:
        self.client.close()


@contextmanager
def start(name: str = "local", *, model: str | os.PathLike | None = None, models: Mapping[str, str] | None = None,
          workers: int | None = 1, scheduler: str | None = None, articles: int = 1) -> Iterator[Executor]:
    """The executor `name` ("local" with `workers` processes, or "dask" on `scheduler`), closed after.

    Local workers get the model this process would use; Dask workers get `model` as given, so
    that without one each machine uses its own default pipeline (kg.nlp.resolve_model). `models`
    maps languages to their pipelines. `workers` None: auto_workers(`articles`, the number to analyse).
    """
    if name == "local":
        if workers is None:
            workers = auto_workers(articles)
        if workers < 1:
            raise ExecutorError(f"--workers must be at least 1, not {workers}")
        pipelines = Pipelines.of(nlp.resolve_model(model), models)
        executor = InProcess(pipelines) if workers == 1 else LocalProcesses(pipelines, workers)
    elif name == "dask":
        if not scheduler:
            raise ExecutorError("the dask executor needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        executor = DaskCluster(Pipelines.of(str(model) if model else None, models), scheduler)
    else:
        raise ExecutorError(f"unknown executor {name!r}; choose one of: {', '.join(EXECUTORS)}")
    try:
        yield executor
    finally:
        executor.close()


def analyse_all(executor: Executor, documents: Sequence[Document], *, batch_size: int,
                meanwhile: Callable[[], object] | None = None) -> Iterator[Analysis | Skipped]:
    """Each document's Analysis (or Skipped), in input order, keeping a bounded number of batches in flight.

    Batches hold at most `batch_size` documents, and at most a worker's share of those not yet handed out
    (guided self-scheduling): the last batches get smaller, so the workers finish together instead of one
    parsing a full last batch while the others wait (400 articles on two workers: ..., 32, 24, 12, 6, 3, 2,
    1). `meanwhile` is called once, when the first batches are out and before waiting for one: work of this
    process that need not wait for the analyses."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    in_flight: deque[tuple[list[Document], Future]] = deque()
    window = BATCHES_IN_FLIGHT_PER_WORKER * executor.workers
    remaining = iter(documents)
    for size in batch_sizes(len(documents), batch_size, executor.workers):
        batch = list(islice(remaining, size))
        in_flight.append((batch, executor.submit(batch)))
        if len(in_flight) >= window:
            meanwhile = _call(meanwhile)
            yield from _results(executor, *in_flight.popleft())
    _call(meanwhile)
    while in_flight:
        yield from _results(executor, *in_flight.popleft())


def batch_sizes(count: int, batch_size: int, workers: int) -> Iterator[int]:
    """The sizes of the batches `count` documents are handed out in: at most `batch_size`, and at most one
    worker's share of the documents left."""
    while count > 0:
        size = min(batch_size, -(-count // workers))
        yield size
        count -= size


def _call(function: Callable[[], object] | None) -> None:
    if function is not None:
        function()


def _results(executor: Executor, batch: list[Document], future: Future) -> list[Analysis | Skipped]:
    try:
        return future.result()
    except executor.crashes as error:
        crash = error
    # A worker died. Run each document of the batch alone, waiting for it, so that a document
    # that kills its worker is found (and skipped) and no other work can break the pool meanwhile.
    alone = [_alone(executor, document) for document in batch]
    if len(batch) > 1 and all(died for _, died in alone):
        # Not one document but the workers themselves: they die whatever they are given.
        raise ExecutorError(f"worker processes die on every article ({type(crash).__name__}: {crash})")
    return [item for items, _ in alone for item in items]


def _alone(executor: Executor, document: Document) -> tuple[list[Analysis | Skipped], bool]:
    """The results of one document analysed on its own, and whether its worker died."""
    try:
        return executor.submit([document]).result(), False
    except executor.crashes as error:
        return [Skipped(document.source, f"the worker process died on this article ({type(error).__name__}: out "
                                         "of memory or a crash in spaCy?)")], True


__all__ = ["EXECUTORS", "Executor", "ExecutorError", "Pipelines", "analyse", "analyse_all", "analyse_batch",
           "auto_workers", "batch_sizes", "collection_paused", "die_with_parent", "extract_analysis", "fork_is_safe", "frozen_objects",
           "start"]

"""kg.executors' parts: the batches, their order and their checks, with the real shipped pipeline in this process.
(tests/scale/ kills workers and runs a real Dask cluster.)"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg import executors, nlp
from kg.types import Analysis, Document, Skipped

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["Norway authorized Kyiv to strike Russia.", "Peskov said the West is escalating.",
         "Finland sent weapons to Ukraine.", "Biden allowed Ukraine to use US weapons."]


def documents() -> list[Document]:
    return [Document(id=f"d{number:016x}", text=text, source=f"feed.jsonl:{number}")
            for number, text in enumerate(TEXTS, start=1)]


@pytest.mark.parametrize("batch_size", [1, 3, 10])
def test_every_document_comes_back_in_input_order_whatever_the_batch(batch_size):
    with executors.start("local") as running:
        results = list(executors.analyse_all(running, documents(), batch_size=batch_size))
    assert [result.document.id for result in results] == [document.id for document in documents()]
    assert all(isinstance(result, Analysis) and result.facts and result.sentences == 1 for result in results)


def test_the_same_analyses_for_any_batch_size():
    with executors.start("local") as running:
        one = list(executors.analyse_all(running, documents(), batch_size=1))
        all_at_once = list(executors.analyse_all(running, documents(), batch_size=4))
    assert one == all_at_once


def test_a_document_the_pipeline_rejects_is_skipped_and_the_others_analysed():
    too_long = Document(id="d" + "f" * 16, text="word " * 300_000, source="huge.txt")  # over spaCy's max_length
    results = executors.analyse(nlp.load(None), [documents()[0], too_long, documents()[1]])
    assert [type(result) for result in results] == [Analysis, Skipped, Analysis]
    assert results[1].source == "huge.txt" and "parsing" in results[1].reason


@pytest.mark.parametrize("name, options, message", [
    ("local", {"workers": 0}, "--workers must be at least 1"),
    ("dask", {}, "needs --scheduler"),
    ("spark", {}, "unknown executor 'spark'"),
])
def test_bad_executor_options_are_executor_errors(name, options, message):
    with pytest.raises(executors.ExecutorError, match=message):
        with executors.start(name, **options):
            pass


def test_a_batch_size_below_one_is_refused():
    with executors.start("local") as running:
        with pytest.raises(ValueError, match="batch_size must be at least 1"):
            list(executors.analyse_all(running, documents(), batch_size=0))



def test_without_workers_asked_for_one_is_forked_per_core_at_most_four_and_none_beyond_the_articles():
    cores = len(os.sched_getaffinity(0))
    if executors.fork_is_safe():
        assert [executors.auto_workers(articles) for articles in (0, 1, 2, 100)] == [
            1, 1, min(cores, 2), min(cores, executors.AUTO_WORKERS)]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # with a thread running, workers could not be forked: parse here rather than start fresh interpreters
        assert executors.auto_workers(100) == 1
        with executors.start("local", workers=None, articles=100) as running:
            assert isinstance(running, executors.InProcess)
    finally:
        stop.set()
        thread.join()


class TwoWorkersHere(executors.InProcess):
    """This process's executor, counted as two workers, keeping the batches it is given."""

    workers = 2

    def __init__(self) -> None:
        super().__init__(executors.Pipelines(None))
        self.batches: list[int] = []

    def submit(self, documents):
        self.batches.append(len(documents))
        return super().submit(documents)


@pytest.mark.parametrize("count, batch_size, batches", [(4, 32, [2, 1, 1]), (3, 32, [2, 1]), (4, 1, [1, 1, 1, 1]),
                                                       (1, 32, [1])])
def test_batches_are_split_so_that_no_worker_waits_idle(count, batch_size, batches):
    running = TwoWorkersHere()
    meanwhile: list[int] = []
    results = list(executors.analyse_all(running, documents()[:count], batch_size=batch_size,
                                         meanwhile=lambda: meanwhile.append(len(running.batches))))
    assert running.batches == batches
    assert [result.document.id for result in results] == [document.id for document in documents()[:count]]
    assert meanwhile == [min(len(batches), 2 * running.workers)]  # once, after the first batches were handed out


def test_the_last_batches_shrink_so_that_the_workers_finish_together():
    sizes = list(executors.batch_sizes(400, 32, 2))
    assert sizes == [32] * 11 + [24, 12, 6, 3, 2, 1]
    assert sum(sizes) == 400
    assert list(executors.batch_sizes(5, 32, 2)) == [3, 1, 1]
    assert list(executors.batch_sizes(70, 32, 1)) == [32, 32, 6]  # one worker: as full as batch_size allows
    assert list(executors.batch_sizes(0, 32, 2)) == []


FREED_SCRIPT = """
import gc, sys, weakref
from kg import executors, nlp
from kg.types import Document
articles = int(sys.argv[1])
assert executors.fork_is_safe() and gc.get_freeze_count() == 0
batch = [Document(id=f"d{number:016x}", text="Finland sent weapons to Ukraine.", source=f"feed.jsonl:{number}")
         for number in range(articles)]
with executors.start("local", workers=2, articles=articles) as running:
    results = list(executors.analyse_all(running, batch, batch_size=32))
    pipeline = weakref.ref(executors._pipelines.by_model[nlp.resolve_model()])
    frozen_while_parsing = gc.get_freeze_count()
print(len(results), frozen_while_parsing > 0, gc.get_freeze_count(), pipeline() is None)
"""


@pytest.mark.parametrize("articles", [executors.COLLECT_PIPELINE_AFTER, 4])
def test_a_big_build_frees_its_copy_of_the_pipeline_when_the_workers_are_done(articles):
    """The build loads the pipeline and freezes it before forking the workers; after them, a big build collects
    it at once (its graph needs the memory), a small one leaves it to the collector. Nothing stays frozen.
    In a fresh interpreter: with another thread running (as in a test session) the workers are not forked."""
    result = subprocess.run([sys.executable, "-c", FREED_SCRIPT, str(articles)], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    analysed, frozen_while_parsing, frozen_after, freed = result.stdout.split()
    assert (int(analysed), frozen_while_parsing, frozen_after) == (articles, "True", "0")
    if articles >= executors.COLLECT_PIPELINE_AFTER:
        assert freed == "True"

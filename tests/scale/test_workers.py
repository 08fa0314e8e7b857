"""Parallel builds: the output is byte-identical for any number of workers, also when a worker dies."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import psutil
import pytest

import kg
from kg import executors, nlp
from kg.types import Analysis, Document, Skipped

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def pool_workers() -> list[psutil.Process]:
    """This process's worker processes (forked, or spawned: not multiprocessing's resource tracker)."""
    return [child for child in psutil.Process().children()
            if "resource_tracker" not in " ".join(child.cmdline())]


@pytest.mark.slow
@pytest.mark.parametrize("workers, batch_size", [(2, 1), (2, 2), (3, 32), (None, 32)])  # None: kg's default
def test_any_worker_count_gives_the_same_bytes(reference_build, workers, batch_size):
    parallel = kg.build([SEEDS], workers=workers, batch_size=batch_size)
    assert parallel.to_turtle() == reference_build.to_turtle()
    assert parallel.to_triples_csv() == reference_build.to_triples_csv()
    assert parallel.summary["sentences"] == reference_build.summary["sentences"]


@pytest.mark.slow
def test_a_worker_killed_mid_build_costs_nothing(reference_build):
    """A worker SIGKILLed (as the out-of-memory killer would) breaks the pool; its batches are redone."""
    killed: list[int] = []

    def kill_a_worker_after_the_first_article(done: int, total: int) -> None:
        if done == 1:
            victim = pool_workers()[0]
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(victim.pid)

    survived = kg.build([SEEDS], workers=2, batch_size=1, progress=kill_a_worker_after_the_first_article)
    assert killed
    assert survived.skipped == []
    assert survived.to_turtle() == reference_build.to_turtle()


@pytest.mark.slow
def test_workers_fork_from_the_build_unless_another_thread_runs():
    # Forked, a worker starts with spaCy and kg imported; with a thread running, forking could deadlock it.
    document = Document(id="d0000000000000003", text="Norway authorized Kyiv to use the weapons.", source="a.txt")

    def worker_commands() -> list[str]:
        with executors.start("local", workers=2) as running:
            batches = [running.submit([document]) for _ in range(2)]  # a spawning pool starts one worker a batch
            assert [type(item) for batch in batches for item in batch.result()] == [Analysis, Analysis]
            return [" ".join(psutil.Process(pid).cmdline()) for pid in running._pool._processes]

    safe = executors.fork_is_safe()  # False when an earlier test left a thread running (Dask's)
    forked = worker_commands()
    assert len(forked) == 2 and all(("spawn_main" in command) != safe for command in forked)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        spawned = worker_commands()
    finally:
        stop.set()
        thread.join()
    assert len(spawned) == 2 and all("spawn_main" in command for command in spawned)


def test_a_document_the_parser_rejects_is_skipped_and_the_rest_analysed():
    pipeline = nlp.load()
    good = Document(id="d0000000000000001", text="Norway authorized Kyiv to use the weapons.", source="good.txt")
    too_long = Document(id="d0000000000000002", text="word " * (pipeline.max_length // 5 + 1), source="huge.txt")
    results = executors.analyse(pipeline, [good, too_long, good])
    assert [type(item) for item in results] == [Analysis, Skipped, Analysis]
    assert results[1].source == "huge.txt" and "parsing failed" in results[1].reason
    assert results[0].facts, "the good article still gets its facts"


@pytest.mark.parametrize("options, message", [
    ({"executor": "spark"}, "unknown executor 'spark'"),
    ({"executor": "dask"}, "needs --scheduler"),
    ({"workers": 0}, "at least 1"),
])
def test_bad_executor_options_are_one_line_errors(options, message):
    with pytest.raises(executors.ExecutorError, match=message):
        kg.build([SEEDS / "000_a55aafeecc888288.txt"], **options)


@pytest.mark.slow
def test_forked_workers_start_with_the_pipeline_this_process_loaded_and_it_is_dropped_after(monkeypatch):
    monkeypatch.setattr(executors._pipelines, "by_model", {}, raising=False)  # as in a fresh build
    documents = [Document(id=f"d{number:016x}", text="Norway authorized Kyiv to use the weapons.", source=f"{number}.txt")
                 for number in range(1, 6)]
    safe = executors.fork_is_safe()  # False when an earlier test left a thread running (Dask's)
    events: list[str] = []
    with executors.start("local", workers=2) as running:
        results = executors.analyse_all(running, documents, batch_size=32,
                                        meanwhile=lambda: events.append(f"meanwhile, {len(running._pool._processes)} workers"))
        analyses = list(results)
        assert (nlp.resolve_model() in executors._pipelines.by_model) == safe  # loaded here, then forked
    assert executors._pipelines.by_model == {}  # and not kept for the graph stage
    assert [analysis.document.id for analysis in analyses] == [document.id for document in documents]
    assert events == ["meanwhile, 2 workers"]  # once, while the workers parse

"""Memory: while parsing, a build holds only the analyses in flight, not every one it has handed on."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from kg import api, executors, ingest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_without_a_store_parsing_keeps_no_analysis_it_has_handed_on():
    documents, _ = ingest.read([SEEDS])
    assert len(documents) == 5
    handed_on: list[weakref.ref] = []
    most_alive = 0
    with executors.start("local", workers=1) as running:
        # Batches of one: the executor keeps two batches in flight, so at most three analyses live at once.
        for item in api._analyse(running, documents, 1, None, None):
            handed_on.append(weakref.ref(item))
            del item
            gc.collect()
            most_alive = max(most_alive, sum(ref() is not None for ref in handed_on))
    assert len(handed_on) == 5
    assert most_alive <= 1 + executors.BATCHES_IN_FLIGHT_PER_WORKER

"""Parsing and extraction on a Dask cluster (a real LocalCluster on loopback) give the one-process graph."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg import executors, nlp

distributed = pytest.importorskip("distributed", reason="the dask extra is part of the test dependencies")

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


@pytest.mark.slow
def test_a_dask_build_equals_the_local_build(cluster, reference_build):
    on_dask = kg.build([SEEDS], executor="dask", scheduler=cluster.scheduler_address, batch_size=2)
    assert on_dask.to_turtle() == reference_build.to_turtle()
    assert on_dask.to_triples_csv() == reference_build.to_triples_csv()


@pytest.mark.slow
def test_a_dask_build_into_a_store_then_locally_adds_only_the_rest(cluster, tmp_path, seeds):
    store = tmp_path / "store"
    names = sorted(path.name for path in seeds.iterdir())
    first = kg.build([seeds / name for name in names[:3]], executor="dask", scheduler=cluster.scheduler_address,
                     store=store)
    assert first.parsed == 3
    rest = kg.build([seeds], store=store)
    assert rest.parsed == 2
    assert rest.to_turtle() == kg.build([seeds]).to_turtle()


@pytest.mark.slow
def test_dask_workers_use_the_model_they_are_given(cluster, tmp_path):
    with pytest.raises(nlp.ModelError, match="not found"):
        kg.build([SEEDS / "000_a55aafeecc888288.txt"], executor="dask", scheduler=cluster.scheduler_address,
                 model=str(tmp_path / "no-such-model"))


def test_an_unreachable_scheduler_is_a_one_line_error(monkeypatch):
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT", "2s")
    closed_port = "tcp://127.0.0.1:9"  # discard: nothing listens there
    with pytest.raises(executors.ExecutorError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        kg.build([SEEDS / "000_a55aafeecc888288.txt"], executor="dask", scheduler=closed_port)

"""Faults: `kg build` SIGKILLed at any moment leaves the previous outputs and store usable, and a
document that crashes the pipeline is reported and skipped without aborting the run."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg import api
from kg.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIRST_TWO = ["000_a55aafeecc888288.txt", "001_56652513f5a20345.txt"]


@pytest.fixture(scope="module")
def frozen_kg(tmp_path_factory) -> Path:
    """A copy of the kg package to run, so that every build of a test runs the very same code."""
    folder = tmp_path_factory.mktemp("code")
    shutil.copytree(ROOT / "kg", folder / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def kg_build(code: Path, *args: str) -> subprocess.Popen:
    # `python -m kg` in `code` imports the package there (the current folder comes first on sys.path).
    return subprocess.Popen([sys.executable, "-m", "kg", "build", *args], cwd=code, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> None:
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in api.OUTPUT_FILES}


def live_quads(store: Path) -> frozenset[ox.Quad]:
    return frozenset(ox.Store.read_only(str(store / "graph")))


@pytest.fixture(scope="module")
def before(tmp_path_factory, frozen_kg) -> Path:
    """A store and outputs of two seed articles."""
    base = tmp_path_factory.mktemp("before")
    finished(kg_build(frozen_kg, *(str(SEEDS / name) for name in FIRST_TWO), "--store", str(base / "store"),
                      "--out", str(base / "out")))
    return base


def copy_state(source: Path, target: Path) -> Path:
    for name in ("store", "out"):
        shutil.copytree(source / name, target / name, symlinks=True)
    return target


def add_the_other_three(code: Path, work: Path) -> subprocess.Popen:
    return kg_build(code, str(SEEDS), "--store", str(work / "store"), "--out", str(work / "out"))


def new_snapshot(work: Path) -> bool:
    return len([p for p in (work / "store").iterdir() if p.name.startswith("snapshot-")]) > 1


def switched(work: Path) -> bool:
    return (work / "store" / "graph").readlink().parts[0] != "snapshot-000001"


def writing_outputs(work: Path) -> bool:
    return any(path.name.endswith(".tmp") for path in (work / "out").iterdir())


# Moments to kill at: fractions of an uninterrupted run, and the instant a step of the commit
# or of writing the outputs becomes visible on disk.
MOMENTS: dict[str, float | Callable[[Path], bool]] = {
    "loading": 0.15,
    "parsing": 0.45,
    "snapshot being written": new_snapshot,
    "snapshot switched": switched,
    "outputs being written": writing_outputs,
}


@pytest.fixture(scope="module")
def after(frozen_kg, before, tmp_path_factory) -> tuple[dict[str, bytes], frozenset[ox.Quad], float]:
    """The outputs and store after adding the other three articles uninterrupted, and how long that took."""
    reference = copy_state(before, tmp_path_factory.mktemp("after"))
    started = time.monotonic()
    finished(add_the_other_three(frozen_kg, reference))
    return outputs(reference / "out"), live_quads(reference / "store"), time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_sigkill_at_any_moment_leaves_outputs_and_store_usable(frozen_kg, before, after, tmp_path, moment):
    old_out, old_quads = outputs(before / "out"), live_quads(before / "store")
    new_out, new_quads, seconds = after
    work = copy_state(before, tmp_path / "work")
    build = add_the_other_three(frozen_kg, work)
    when = MOMENTS[moment]
    if callable(when):
        deadline = time.monotonic() + 600
        while not when(work) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
    else:
        time.sleep(when * seconds)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL, f"the build ended before the kill ({moment})"

    # Every output is whole: the previous one or the new one, never a mix within a file.
    for name, data in outputs(work / "out").items():
        assert data in (old_out[name], new_out[name]), name
    # The store opens, and its live graph is the previous one or the new one.
    Store(work / "store").close()
    assert live_quads(work / "store") in (old_quads, new_quads)
    # And the next build completes as if nothing had happened.
    finished(add_the_other_three(frozen_kg, work))
    assert outputs(work / "out") == new_out
    assert live_quads(work / "store") == new_quads
    assert sorted(p.name for p in (work / "store").iterdir() if p.name.startswith("snapshot-")) == [
        (work / "store" / "graph").readlink().parts[0]], "leftover snapshots are swept"


@pytest.mark.slow
def test_an_article_that_crashes_the_parser_is_skipped_and_reported(tmp_path, reference_build):
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    # spaCy refuses a text over nlp.max_length (a million characters) with an error.
    (articles / "huge.txt").write_text("Kyiv said the strikes continued. " * 40_000, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "--out", str(tmp_path / "out"),
                             "--workers", "2"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "skipped:" in result.stderr and "huge.txt" in result.stderr and "parsing failed" in result.stderr
    built = kg.build([articles])
    assert [item.source for item in built.skipped] == [str(articles / "huge.txt")]
    assert len(built.documents) == 5

"""Clean death: a killed build leaves no worker process running, and the next build removes its files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kg import workspace

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = ("Norway authorized Kyiv on Friday to use its weapons against military targets in Russia, the "
             "defence minister said. Finland followed, and the Kremlin condemned both decisions. ")


def corpus(folder: Path, articles: int) -> Path:
    folder.mkdir()
    for number in range(articles):
        (folder / f"{number:03d}.txt").write_text(f"Story {number}\n\n" + PARAGRAPH * 12 + f"Number {number}.",
                                                  encoding="utf-8")
    return folder


def kg_build(*arguments: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "build", *arguments], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_killed_build_leaves_no_worker_and_the_next_build_no_temporary_file(tmp_path):
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch_root)}
    articles = corpus(tmp_path / "articles", 60)
    out = tmp_path / "out"
    build = kg_build(str(articles), "--out", str(out), "--workers", "2", env=env)
    parent = psutil.Process(build.pid)
    deadline = time.monotonic() + 120
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and build.poll() is None:
        workers = [child for child in parent.children()
                   if "resource_tracker" not in " ".join(child.cmdline())]
        if len(workers) >= 2 and any(child.cpu_times().user > 2 for child in workers):
            break  # the workers are parsing
        time.sleep(0.2)
    assert build.poll() is None and len(workers) >= 2, "the build ended before its workers were seen parsing"
    children = parent.children(recursive=True)
    scratch = [folder for folder in scratch_root.glob("kg-build-*")]
    assert scratch, "a running build has its scratch folder"
    (out / ".graph.ttl.999999.tmp").write_text("half a graph")  # what a kill while writing leaves
    build.send_signal(signal.SIGKILL)
    build.wait()
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], f"processes outlived the killed build: {[p.cmdline()[:3] for p in alive]}"

    small = corpus(tmp_path / "small", 1)
    again = kg_build(str(small), "--out", str(out), env=env)
    assert again.wait(timeout=300) == 0, again.stderr.read()
    assert list(scratch_root.iterdir()) == [], "the next build removed the killed build's scratch folder"
    assert sorted(path.name for path in out.iterdir()) == [workspace.OUTPUT_LOCK, "graph.html", "graph.ttl",
                                                           "triples.csv"]


@pytest.mark.slow
def test_a_second_build_into_the_same_folder_stops_with_one_line(tmp_path):
    articles = corpus(tmp_path / "articles", 1)
    out = tmp_path / "out"
    with workspace.OutputLock(out):  # as a running build holds it
        result = subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "--out", str(out)], cwd=ROOT,
                                capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {out} is being written by another kg process; wait for it to finish or choose another --out"]
    assert not (out / "graph.ttl").exists()


def test_out_inside_an_input_folder_is_not_read_as_input(tmp_path):
    from kg import ingest

    (tmp_path / "a.txt").write_text("Norway authorized Kyiv to strike Russia.", encoding="utf-8")
    with workspace.OutputLock(tmp_path / "out"):
        (tmp_path / "out" / "graph.html").write_text("<html><body><p>Not an article.</p></body></html>")
    documents, skipped = ingest.read([tmp_path])
    assert [document.source for document in documents] == [str(tmp_path / "a.txt")]
    assert [(item.source, item.reason.split(" (")[0]) for item in skipped] == [
        (str(tmp_path / "out"), "kg's output folder")]


def test_sweep_keeps_live_scratch_folders_and_removes_dead_ones(tmp_path):
    live = subprocess.Popen([sys.executable, "-c", "import sys, kg.workspace as w; print(w.scratch(), flush=True); "
                             "sys.stdin.read()"], env={**os.environ, "TMPDIR": str(tmp_path)}, cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    folder = Path(live.stdout.readline().strip())
    assert folder.parent == tmp_path and folder.is_dir()
    assert workspace.sweep(tmp_path) == []
    live.kill()
    live.wait()
    assert workspace.sweep(tmp_path) == [folder]
    assert not folder.exists()


def test_a_forked_child_lets_go_of_the_locks_of_the_process_it_was_forked_from(tmp_path):
    """A parsing worker killed with its build a moment after it must not keep the store or --out locked."""
    from kg.store import Store, StoreError

    store = Store(tmp_path / "store")
    output = workspace.OutputLock(tmp_path / "out").__enter__()
    ready, started = os.pipe()
    child = os.fork()
    if child == 0:  # a worker: alive, doing nothing with the locks
        os.write(started, b"up")  # its fork hooks have run
        time.sleep(30)
        os._exit(0)
    try:
        assert os.read(ready, 2) == b"up"
        with pytest.raises(StoreError, match="in use"):
            Store(tmp_path / "store")  # held by this process
        store.close()
        output.__exit__(None, None, None)
        Store(tmp_path / "store").close()  # free while the child lives
        with workspace.OutputLock(tmp_path / "out"):
            pass
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(ready)
        os.close(started)

"""What a build keeps on disk while it runs, and how the next build clears what a killed one left.

    folder = workspace.scratch()     # this process's scratch folder (the quad spool's runs live here)
    workspace.sweep()                # delete the scratch folders of kg processes that are gone
    with workspace.OutputLock(out):  # one kg process writes into `out` at a time
        ...

A scratch folder is `$TMPDIR/kg-build-<pid>-<random>/` and holds `owner.lock`, flocked by its
process for as long as it lives: the kernel drops the lock when the process dies however it dies
(SIGKILL included), so a folder whose lock can be taken belongs to no one and is deleted. The
output folder's lock works the same way; once held, any `.NAME.PID.tmp` left in the folder (an
output half written by a killed build) is deleted.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import re
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import IO

from kg.errors import KgError

SCRATCH_PREFIX = "kg-build-"
OWNER_LOCK = "owner.lock"
# Held in an output folder by the build writing there; ingest also knows a folder by it as
# kg's output, never an input.
OUTPUT_LOCK = ".kg-output.lock"
OUTPUT_TEMPORARY = re.compile(r"^\..+\.\d+\.tmp$")  # kg.api's temporary name for an output being written

_scratch: tuple[Path, IO] | None = None
_held_outputs: dict[Path, int] = {}  # output folders this process has locked, and how many times
# The lock files this process holds (flock). A forked child (a parsing worker, the page's writer) would share
# each lock, and a worker killed with its build holds it a moment after the build is gone: children let go.
_held_locks: weakref.WeakSet[IO] = weakref.WeakSet()


def locked(handle: IO) -> IO:
    """flock `handle` (BlockingIOError if another process holds it), for this process only (_let_go_in_child)."""
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _held_locks.add(handle)
    return handle


def _let_go_in_child() -> None:
    # The lock belongs to the open file, which the child shares: pointing the child's descriptor elsewhere
    # leaves the parent the only holder, and the child's file object still closes cleanly.
    devnull = os.open(os.devnull, os.O_RDONLY)
    for handle in list(_held_locks):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, handle.fileno())
    os.close(devnull)
    _held_locks.clear()


os.register_at_fork(after_in_child=_let_go_in_child)


class OutputInUse(KgError):
    """Another kg process is writing into the same output folder; one line."""


def scratch() -> Path:
    """This process's scratch folder, made (and locked) on first use and deleted when the process exits."""
    global _scratch
    if _scratch is None or _scratch[0].parent != Path(tempfile.gettempdir()) or not _scratch[0].is_dir():
        _remove_scratch()  # one of another temporary folder (TMPDIR changed) or deleted by hand
        sweep()
        folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
        _scratch = folder, locked(open(folder / OWNER_LOCK, "w"))
    return _scratch[0]


@atexit.register
def _remove_scratch() -> None:
    global _scratch
    if _scratch is not None:
        folder, lock = _scratch
        shutil.rmtree(folder, ignore_errors=True)
        lock.close()
        _scratch = None


def sweep(root: str | os.PathLike | None = None) -> list[Path]:
    """Delete the scratch folders under `root` (default: the temporary folder) whose process is gone."""
    removed = []
    for folder in sorted(Path(root or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*")):
        if _scratch is not None and folder == _scratch[0]:
            continue
        try:
            with open(folder / OWNER_LOCK, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken: its owner is dead
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except BlockingIOError:
            continue  # a live build's
        except OSError:
            if folder.is_dir() and not (folder / OWNER_LOCK).exists():
                shutil.rmtree(folder, ignore_errors=True)  # killed between making the folder and locking it
                removed.append(folder)
    return removed


class OutputLock:
    """Holds `out/.kg-output.lock` (flock) while a build writes there; clears a killed build's temporaries.

    Re-entrant within a process: the CLI holds it for a whole build, and kg.api.write_outputs takes
    it again for library callers.
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self._handle: IO | None = None
        self._key: Path | None = None
        self._made = False  # this lock made the folder: one that fails leaves no empty folder behind

    def __enter__(self) -> OutputLock:
        self._made = not self.out.exists()
        self.out.mkdir(parents=True, exist_ok=True)
        self._key = self.out.resolve()
        if self._key in _held_outputs:
            _held_outputs[self._key] += 1
            return self
        handle = open(self.out / OUTPUT_LOCK, "a")
        try:
            locked(handle)
        except BlockingIOError:
            handle.close()
            raise OutputInUse(f"{self.out} is being written by another kg process; wait for it to finish "
                              "or choose another --out") from None
        self._handle = handle
        _held_outputs[self._key] = 1
        for leftover in self.out.iterdir():
            if OUTPUT_TEMPORARY.match(leftover.name) and leftover.is_file():
                with contextlib.suppress(OSError):
                    leftover.unlink()
        return self

    def __exit__(self, *exc) -> None:
        _held_outputs[self._key] -= 1
        if _held_outputs[self._key] == 0:
            del _held_outputs[self._key]
        if self._handle is not None:
            self._handle.close()  # releases the flock; the file stays, marking the folder as kg's output
            self._handle = None
            if self._made and [path.name for path in self.out.iterdir()] == [OUTPUT_LOCK]:
                with contextlib.suppress(OSError):
                    (self.out / OUTPUT_LOCK).unlink()
                    self.out.rmdir()


__all__ = ["OUTPUT_LOCK", "OutputInUse", "OutputLock", "scratch", "sweep"]

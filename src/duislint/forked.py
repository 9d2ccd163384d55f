"""Work done in a child process for speed only: a run never depends on a child for its result.

`check` has two stretches where two cores pay: reading a large Word specification while the schema set is loaded
and modelled (spec.prefetch), and the rules that read the documents, half of them run beside the other half
(rules.run_beside). Each forks a child that does its share and sends back what it made, pickled, through a pipe;
whatever the child could not do (it crashed, was killed, met an error) the parent does itself, as it would have
done without the child. A child writes no file (the parent owns every file a run writes; see in_child), and what
it reads is noted in the parent's ledger of inputs (duislint.inputs), so that no report can replace it.

Forked only where that is safe and pays: POSIX but not macOS (where system libraries are not fork-safe), one
thread in this process (a fork copies only the caller, and any lock another thread holds stays held), two cores
or more, and not with `DUISLINT_JOBS=1`.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import Callable, Generic, TypeVar

from duislint import inputs

T = TypeVar("T")

JOBS_VARIABLE = "DUISLINT_JOBS"
_in_child = False


def in_child() -> bool:
    """Whether this is a forked child, which must write no file (a cache included): what it would write, the parent
    writes or leaves unwritten."""
    return _in_child


def may_fork() -> bool:
    """Whether a child may be forked here (see the module's note)."""
    if os.environ.get(JOBS_VARIABLE, "").strip() == "1":
        return False
    if not hasattr(os, "fork") or sys.platform == "darwin" or _other_threads():
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores > 1


def _other_threads() -> bool:
    return threading.active_count() != 1


class Forked(Generic[T]):
    """`work` being done in a child process. `result()` waits for what it made: None when the child made nothing
    (it failed or was killed), and the caller does the work itself. Use as a context manager: leaving it stops a
    child still running (an interrupted run)."""

    def __init__(self, pid: int | None = None, pipe: int | None = None) -> None:
        self._pid = pid
        self._pipe = pipe
        self._result: T | None = None

    @staticmethod
    def start(work: Callable[[], T]) -> Forked[T]:
        """Fork a child doing `work` when may_fork(); else a Forked that did nothing (result() is None)."""
        if not may_fork():
            return Forked()
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: the caller does the work
            os.close(read)
            os.close(write)
            return Forked()
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(work, write)
        os.close(write)
        return Forked(pid, read)

    @property
    def running(self) -> bool:
        """A child was started and its result not collected yet."""
        return self._pid is not None

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def result(self) -> T | None:
        if self._pid is None:
            return self._result
        chunks = []
        assert self._pipe is not None
        while chunk := os.read(self._pipe, 1 << 20):
            chunks.append(chunk)
        self._close_pipe()
        _reap(self._pid)
        self._pid = None  # only once reaped: an interruption before leaves close() to kill and reap it
        try:
            self._result, read = pickle.loads(b"".join(chunks)) if chunks else (None, {})
        except Exception:  # a child killed while writing: what it sent is of no use
            self._result, read = None, {}
        for path, shown in read.items():  # what the child read is an input of this run
            inputs.note(path, shown)
        return self._result

    def close(self) -> None:
        """Stop the child if it still runs, and reap it."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except OSError:  # it has ended already
            pass
        _reap(self._pid)
        self._pid = None
        self._close_pipe()

    def _close_pipe(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


def _child(work: Callable[[], object], pipe: int) -> None:
    """Do the work and send what it made, with the inputs it read; exit without running any of the parent's
    clean-up (its SIGTERM handler, atexit, buffered output)."""
    global _in_child
    _in_child = True
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child quietly; the parent reports it
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        known = dict(inputs.current().paths)
        made = work()
        read = {path: shown for path, shown in inputs.current().paths.items() if path not in known}
        data = pickle.dumps((made, read), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        status = 0
    except BaseException:  # noqa: S110 - a child has no one to tell; the parent does what it did not get
        pass
    finally:
        os._exit(status)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass

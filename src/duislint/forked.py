"""Work done in a child process for speed only: a run never depends on a child for its result.

`check` has two stretches where two cores pay: reading a large Word specification while the schema set is loaded
and modelled (spec.prefetch), and the rules that read the documents, half of them run beside the other half
(rules.run_beside). Each forks a child that does its share and sends what it makes, pickled, through a pipe,
each item as soon as it is made (the reader sends a document a stretch at a time, for the parent to build while
the rest is read); whatever the child could not do (it crashed, was killed, met an error) the parent does itself,
as it would have done without the child. A child writes no file (the parent owns every file a run writes; see in_child), and what
it reads is noted in the parent's ledger of inputs (duislint.inputs), so that no report can replace it.

Forked only where that is safe and pays: POSIX but not macOS (where system libraries are not fork-safe), one
thread in this process (a fork copies only the caller, and any lock another thread holds stays held), two cores
or more, and not with `DUISLINT_JOBS=1`.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Iterator
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
    """`work` being done in a child process, which sends what it makes as it makes it. `received()` gives each item
    as it arrives, `result()` the one item of a child that makes one; neither holds an item the child could not
    finish sending (it failed or was killed), and the caller does that work itself. Use as a context manager:
    leaving it stops a child still running (an interrupted run)."""

    def __init__(self, pid: int | None = None, pipe: int | None = None) -> None:
        self._pid = pid
        self._pipe = pipe
        self._result: T | None = None

    @staticmethod
    def start(work: Callable[[], T]) -> Forked[T]:
        """Fork a child doing `work` when may_fork(); else a Forked that did nothing (result() is None)."""
        return Forked.streaming(lambda send: send(work()))

    @staticmethod
    def streaming(work: Callable[[Callable[[T], None]], None]) -> Forked[T]:
        """Fork a child doing `work`, which calls the function it is given with each item it makes, in order; when
        not may_fork(), a Forked that did nothing (received() is empty)."""
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
        """A child was started and not reaped yet (what it sends is still to come)."""
        return self._pid is not None

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def received(self) -> Iterator[T]:
        """Each item the child sends, as it comes (waiting for it), up to the last it sent whole; then the child is
        reaped. What the child read before sending an item is an input of this run from then on. Nothing more
        comes once the child is closed."""
        pending = bytearray()
        while self._pipe is not None and (chunk := os.read(self._pipe, 1 << 20)):
            pending += chunk
            while self._pipe is not None and (frame := _framed(pending)) is not None:
                try:
                    item, read = pickle.loads(frame)
                except Exception:  # noqa: BLE001 - not what a child of this run sent: of no use
                    self.close()
                    return
                for path, shown in read.items():  # what the child read is an input of this run
                    inputs.note(path, shown)
                yield item
        if self._pid is not None:
            self._close_pipe()
            _reap(self._pid)
            self._pid = None  # only once reaped: an interruption before leaves close() to kill and reap it

    def result(self) -> T | None:
        """The last item the child sent (a child of `start` sends one), once it has ended; None if it sent none."""
        if self._pid is not None:
            for item in self.received():
                self._result = item
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


_FRAME = struct.Struct(">Q")  # the length of each pickled item the child sends, before it


def _framed(pending: bytearray) -> bytes | None:
    """The first item whole in what has come (taken out of it), else None."""
    if len(pending) < _FRAME.size:
        return None
    (size,) = _FRAME.unpack_from(pending)
    if len(pending) < _FRAME.size + size:
        return None
    frame = bytes(pending[_FRAME.size : _FRAME.size + size])
    del pending[: _FRAME.size + size]
    return frame


class _Sender:
    """The child's end of the pipe: each item framed and written without waiting for the parent to read (the
    parent may be busy until it needs them), what the pipe cannot take yet kept and written at the next send, and
    all of it, waiting, at the end."""

    def __init__(self, pipe: int) -> None:
        self.pipe = pipe
        self.pending = bytearray()
        os.set_blocking(pipe, False)

    def send(self, data: bytes) -> None:
        self.pending += _FRAME.pack(len(data))
        self.pending += data
        self._write()

    def finish(self) -> None:
        os.set_blocking(self.pipe, True)
        while self.pending:
            self._write()

    def _write(self) -> None:
        try:
            while self.pending:
                written = os.write(self.pipe, self.pending)
                del self.pending[:written]
        except BlockingIOError:
            pass


def _child(work: Callable[[Callable[[T], None]], None], pipe: int) -> None:
    """Do the work, sending each item it makes with the inputs read since the last one; exit without running any
    of the parent's clean-up (its SIGTERM handler, atexit, buffered output)."""
    global _in_child
    _in_child = True
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child quietly; the parent reports it
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sender = _Sender(pipe)
        known = set(inputs.current().paths)

        def send(item: T) -> None:
            read = {path: shown for path, shown in inputs.current().paths.items() if path not in known}
            known.update(read)
            sender.send(pickle.dumps((item, read), protocol=pickle.HIGHEST_PROTOCOL))

        work(send)
        sender.finish()
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

"""Large Word specifications read in a second process while this one loads the schema set and builds its model.

Reading a specification of a thousand pages takes about as long as loading and modelling the DUIS schemas, and
neither needs the other until the rules run: on a machine with two cores or more, `check` forks a child that reads
the .docx files (`docx.read_word`) and sends back what it read (blocks of text, a small fraction of the document)
while the parent works on the schemas. What the child sends is exactly what the parent would have read; anything
the child could not do (it crashed, was killed, met an internal error) the parent does again itself, so a run
never depends on the child for its result, only for its speed.

Forked only where that is safe and pays: POSIX but not macOS (where system libraries are not fork-safe), one
thread in this process, two cores or more, a .docx of 256 KiB or more, and not with `DUISLINT_JOBS=1`.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from duislint import inputs
from duislint.errors import InputError

if TYPE_CHECKING:
    from duislint.spec.docx import WordDocument

WORTH_FORKING = 256 * 1024  # bytes of .docx: below this a read takes less time than a fork costs
JOBS_VARIABLE = "DUISLINT_JOBS"


@dataclass(frozen=True)
class _Read:
    """What the child read of one document: the document, or the input error that stopped it (path, message, line:
    an InputError rebuilt on this side, as the parent would have raised it)."""

    path: str
    display: str
    revisions: str
    document: WordDocument | None = None
    error: tuple[str, str, int | None] | None = None


ReadWord = Callable[[str, str, str], "WordDocument"]


class WordPrefetch:
    """The .docx specifications of a run being read by a child process; `read_word` gives each as the reader
    would. Use as a context manager: leaving it stops a child still running (an interrupted run)."""

    def __init__(self, pid: int | None = None, pipe: int | None = None) -> None:
        self._pid = pid
        self._pipe = pipe
        self._reads: dict[tuple[str, str, str], _Read] | None = None if pid is not None else {}

    @staticmethod
    def start(jobs: list[tuple[str, str]], revisions: str) -> WordPrefetch:
        """Fork a child reading `jobs` ((path, path as shown) of each .docx, in the order the run reads them), when
        that is safe and worth it; else a prefetch that reads nothing ahead."""
        worth = [job for job in jobs if _size(job[0]) >= WORTH_FORKING]
        if not worth or not _may_fork():
            return WordPrefetch()
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: read here
            os.close(read)
            os.close(write)
            return WordPrefetch()
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(jobs, revisions, write)
        os.close(write)
        return WordPrefetch(pid, read)

    @property
    def running(self) -> bool:
        """A child is reading (its result not collected yet)."""
        return self._pid is not None

    def __enter__(self) -> WordPrefetch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read_word(self, path: str, display: str, revisions: str) -> WordDocument:
        """The document as docx.read_word reads it: the child's reading when it has one, else read here."""
        found = self._collect().get((path, display, revisions))
        if found is None:
            from duislint.spec.docx import read_word

            return read_word(path, display, revisions)
        inputs.note(path, display)  # the child's ledger is not this run's
        if found.error is not None:
            raise InputError(*found.error)
        assert found.document is not None
        return found.document

    def close(self) -> None:
        """Stop the child if it still runs, and reap it."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:  # it has ended already
            pass
        _reap(pid)
        self._close_pipe()

    def _collect(self) -> dict[tuple[str, str, str], _Read]:
        if self._reads is not None:
            return self._reads
        chunks = []
        assert self._pipe is not None
        while chunk := os.read(self._pipe, 1 << 20):
            chunks.append(chunk)
        self._close_pipe()
        assert self._pid is not None
        pid, self._pid = self._pid, None
        _reap(pid)
        self._reads = {}
        try:
            reads = pickle.loads(b"".join(chunks)) if chunks else []
        except Exception:  # a child killed while writing: what it sent is of no use, read here
            reads = []
        for found in reads:
            self._reads[found.path, found.display, found.revisions] = found
        return self._reads

    def _close_pipe(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


def _may_fork() -> bool:
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
    """Threads besides this one: a fork copies only the caller, and any lock another thread holds stays held."""
    return threading.active_count() != 1


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the read says what is wrong with it


def _child(jobs: list[tuple[str, str]], revisions: str, pipe: int) -> None:
    """Read each document in turn, up to the first that fails, and send what was read; exit without running any of
    the parent's clean-up (its SIGTERM handler, atexit, buffered output)."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child quietly; the parent reports it
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        from duislint.spec.docx import read_word

        reads: list[_Read] = []
        for path, display in jobs:
            try:
                reads.append(_Read(path, display, revisions, document=read_word(path, display, revisions)))
            except InputError as error:
                reads.append(_Read(path, display, revisions, error=(error.path, error.message, error.line)))
                break
            except Exception:  # the parent reads this one itself, and reports what goes wrong as it would
                break
        data = pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        status = 0
    except BaseException:  # noqa: S110 - a child has no one to tell; the parent reads what it did not get
        pass
    finally:
        os._exit(status)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass

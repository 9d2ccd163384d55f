"""Large Word specifications read in a second process while this one loads the schema set and builds its model.

Reading a specification of a thousand pages takes about as long as loading and modelling the DUIS schemas, and
neither needs the other until the rules run: `check` forks a child (duislint.forked, where and when that is safe)
that reads the .docx files (`docx.stream_word`) while the parent works on the schemas. The child sends each
stretch of blocks as it has read it (blocks of text, a small fraction of the document), so that the parent, once
it needs the document, builds its model from what has come while the rest is still being read. What the child
sends is exactly what the parent would have read; a document the child did not read to its end (it crashed, was
killed, met an internal error) the parent reads itself, from its start, so a run never depends on the child for
its result, only for its speed. Only a .docx of 256 KiB or more is worth a child.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol, Union

from duislint.errors import InputError
from duislint.forked import Forked

if TYPE_CHECKING:
    from duislint.spec.model import Block

WORTH_FORKING = 256 * 1024  # bytes of .docx: below this a read takes less time than a fork costs


class WordReading(Protocol):
    """A Word document being read: its blocks a stretch at a time, in document order, then its notices (known
    once every stretch has come). A docx.WordDocument, read whole, is one."""

    @property
    def notices(self) -> Sequence[str]: ...

    def batches(self) -> Iterator[Sequence[Block]]: ...


ReadWord = Callable[[str, str, str], WordReading]


class ReadAgain(Exception):
    """The reading in the child stopped short of the document's end after some of its blocks were used: read it
    again here, from its start."""


# What the child sends, in order, for each document it reads: _Begun, then _Blocks of it as they are read, then
# _Ended (or _Failed, or _Restarted: it is read again whole, from its start); after a _Failed, nothing more.
@dataclass(frozen=True, slots=True)
class _Begun:
    path: str
    display: str
    revisions: str


@dataclass(frozen=True, slots=True)
class _Blocks:
    blocks: Sequence[Block]


@dataclass(frozen=True, slots=True)
class _Ended:
    notices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Failed:
    """The input error that stopped the reading (path, message, line: an InputError rebuilt on this side, as the
    parent would have raised it)."""

    error: tuple[str, str, int | None]


@dataclass(frozen=True, slots=True)
class _Restarted:
    pass


_Sent = Union[_Begun, _Blocks, _Ended, _Failed, _Restarted]


class WordPrefetch:
    """The .docx specifications of a run being read by a child process; `read_word` gives each as the reader
    would. Use as a context manager: leaving it stops a child still running (an interrupted run)."""

    def __init__(self, child: Forked[_Sent] | None = None) -> None:
        self._child: Forked[_Sent] = child or Forked()
        self.forked = child is not None and child.running  # a child was started: the documents are large
        self._sent: Iterator[_Sent] = self._child.received()

    @staticmethod
    def start(jobs: list[tuple[str, str]], revisions: str) -> WordPrefetch:
        """Read `jobs` ((path, path as shown) of each .docx, in the order the run reads them) in a child, when
        that is safe and worth it; else a prefetch that reads nothing ahead."""
        if not any(_size(path) >= WORTH_FORKING for path, _ in jobs):
            return WordPrefetch()
        # imported before the fork, once for both: the child reads at once, and the parent builds with them later
        from duislint.spec import build, docx  # noqa: F401

        return WordPrefetch(Forked.streaming(lambda send: _read_all(jobs, revisions, send)))

    @property
    def running(self) -> bool:
        """A child is reading (not every document it reads has come)."""
        return self._child.running

    def __enter__(self) -> WordPrefetch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read_word(self, path: str, display: str, revisions: str) -> WordReading:
        """The document as docx.read_word reads it: as the child reads it, when it reads this one next, else read
        here. A reading from the child raises ReadAgain if the child stops short of the document's end."""
        begun = next(self._sent, None) if self._child.running else None
        if begun != _Begun(path, display, revisions):  # the child has stopped, or is not reading this one
            self.close()
            from duislint.spec.docx import read_word

            return read_word(path, display, revisions)
        return _Streamed(self)

    def close(self) -> None:
        """Stop the child if it still runs, and reap it."""
        self._child.close()


class _Streamed:
    """One document as the child sends it."""

    def __init__(self, prefetch: WordPrefetch) -> None:
        self._prefetch = prefetch
        self.notices: Sequence[str] = ()

    def batches(self) -> Iterator[Sequence[Block]]:
        for sent in self._prefetch._sent:
            if isinstance(sent, _Blocks):
                yield sent.blocks
            elif isinstance(sent, _Ended):
                self.notices = sent.notices
                return
            elif isinstance(sent, _Failed):
                self._prefetch.close()
                raise InputError(*sent.error)
            else:
                break
        self._prefetch.close()  # it stopped short (or starts again): what it sends of this one is of no more use
        raise ReadAgain


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the read says what is wrong with it


@dataclass(frozen=True, slots=True)
class _Sink:
    """docx.WordSink sending each stretch to the parent."""

    send: Callable[[_Sent], None]

    def add(self, blocks: Sequence[Block]) -> None:
        if blocks:
            self.send(_Blocks(blocks))

    def restart(self) -> None:
        self.send(_Restarted())


def _read_all(jobs: list[tuple[str, str]], revisions: str, send: Callable[[_Sent], None]) -> None:
    """Each document in turn, up to the first that fails: an input error is sent as the parent would raise it;
    after any other failure the parent reads that document itself, and reports what goes wrong as it would."""
    from duislint.spec.docx import stream_word

    for path, display in jobs:
        send(_Begun(path, display, revisions))
        try:
            notices = stream_word(path, display, revisions, _Sink(send))
        except InputError as error:
            send(_Failed((error.path, error.message, error.line)))
            return
        send(_Ended(notices))

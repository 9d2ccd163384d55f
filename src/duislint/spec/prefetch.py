"""Large Word specifications read in a second process while this one loads the schema set and builds its model.

Reading a specification of a thousand pages takes about as long as loading and modelling the DUIS schemas, and
neither needs the other until the rules run: `check` forks a child (duislint.forked, where and when that is safe)
that reads the .docx files (`docx.read_word`) and sends back what it read (blocks of text, a small fraction of the
document) while the parent works on the schemas. What the child sends is exactly what the parent would have read;
a document the child did not read (it crashed, was killed, met an internal error) the parent reads itself, so a
run never depends on the child for its result, only for its speed. Only a .docx of 256 KiB or more is worth a
child.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from duislint.errors import InputError
from duislint.forked import Forked

if TYPE_CHECKING:
    from duislint.spec.docx import WordDocument

WORTH_FORKING = 256 * 1024  # bytes of .docx: below this a read takes less time than a fork costs


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

    def __init__(self, child: Forked[list[_Read]] | None = None) -> None:
        self._child: Forked[list[_Read]] = child or Forked()
        self.forked = child is not None and child.running  # a child was started: the documents are large

    @staticmethod
    def start(jobs: list[tuple[str, str]], revisions: str) -> WordPrefetch:
        """Read `jobs` ((path, path as shown) of each .docx, in the order the run reads them) in a child, when
        that is safe and worth it; else a prefetch that reads nothing ahead."""
        if not any(_size(path) >= WORTH_FORKING for path, _ in jobs):
            return WordPrefetch()
        return WordPrefetch(Forked.start(lambda: _read_all(jobs, revisions)))

    @property
    def running(self) -> bool:
        """A child is reading (its result not collected yet)."""
        return self._child.running

    def __enter__(self) -> WordPrefetch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read_word(self, path: str, display: str, revisions: str) -> WordDocument:
        """The document as docx.read_word reads it: the child's reading when it has one, else read here."""
        reads = self._child.result() or []
        found = next((r for r in reads if (r.path, r.display, r.revisions) == (path, display, revisions)), None)
        if found is None:
            from duislint.spec.docx import read_word

            return read_word(path, display, revisions)
        if found.error is not None:
            raise InputError(*found.error)
        assert found.document is not None
        return found.document

    def close(self) -> None:
        """Stop the child if it still runs, and reap it."""
        self._child.close()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the read says what is wrong with it


def _read_all(jobs: list[tuple[str, str]], revisions: str) -> list[_Read]:
    """Each document in turn, up to the first that fails: an input error is sent as the parent would raise it;
    after any other failure the parent reads that document itself, and reports what goes wrong as it would."""
    from duislint.spec.docx import read_word

    reads: list[_Read] = []
    for path, display in jobs:
        try:
            reads.append(_Read(path, display, revisions, document=read_word(path, display, revisions)))
        except InputError as error:
            reads.append(_Read(path, display, revisions, error=(error.path, error.message, error.line)))
            break
        except Exception:  # noqa: BLE001 - see the docstring
            break
    return reads

"""The files a run reads, so that no report, baseline or fixed copy ever replaces one of them.

Every reader notes the file it opens (`note`); before anything is written, each target is compared with the
files noted so far and with the inputs named on the command line, by device and inode (so through links, `./x`
against `x`, a hard link against its twin). The ledger is per run: the command line opens one with `ledger()`.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterable, Iterator


@dataclass
class Ledger:
    """The paths a run has read (or been told it will read), each with the name the user knows it by."""

    paths: dict[str, str] = field(default_factory=dict)  # path as opened -> path as shown

    def note(self, path: str, shown: str | None = None) -> None:
        self.paths.setdefault(path, shown or path)

    def note_all(self, paths: Iterable[str]) -> None:
        for path in paths:
            self.note(path)

    def input_at(self, target: str) -> str | None:
        """The input `target` is (same device and inode), as the user named it; None when it is none of them."""
        wanted = identity(target)
        if wanted is None:
            return None
        for path, shown in self.paths.items():
            if identity(path) == wanted:
                return shown
        return None


def identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of what `path` names, links followed; None when nothing is there."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


_CURRENT: ContextVar[Ledger | None] = ContextVar("duislint_inputs", default=None)


def note(path: str, shown: str | None = None) -> None:
    """Record that the current run reads `path` (nothing happens outside a run: library use, tests)."""
    current = _CURRENT.get()
    if current is not None:
        current.note(path, shown)


def current() -> Ledger:
    return _CURRENT.get() or Ledger()


@contextmanager
def ledger() -> Iterator[Ledger]:
    """A fresh ledger for one run."""
    opened = Ledger()
    token = _CURRENT.set(opened)
    try:
        yield opened
    finally:
        _CURRENT.reset(token)

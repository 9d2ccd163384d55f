"""Writing a run's reports: all of them or none.

Every report file is first written to a temporary file beside its target, and only when all are written are they
moved into place: an output that cannot be written (a folder, a path under a file, a full disk) leaves every
target as it was, and no reader ever sees half a report. `-o -`, and a path that is this process's own stdout or
stderr (`-o /dev/stdout`, even when stdout is redirected to a file), go to that stream; another device or a named
pipe is written in place, never replaced by a file; a link to a report file stays a link.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TextIO


class OutputError(Exception):
    """A report that cannot be written; its text is one line naming the path."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: cannot write: {message}")


def write_all(outputs: list[tuple[str | None, str]]) -> None:
    """Write each (path, text); a path of None or "-" is stdout."""
    streams: list[tuple[TextIO, str]] = []
    in_place: list[tuple[str, str]] = []
    staged: list[tuple[str, Path]] = []  # (temporary file, target)
    try:
        for path, text in outputs:
            if path is None or path == "-":
                streams.append((sys.stdout, text))
                continue
            try:
                mode, stream = _existing(Path(path))
                if stream is not None:
                    streams.append((stream, text))
                elif mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    in_place.append((path, text))  # a device or a named pipe: nothing to replace
                else:
                    staged.append(_stage(path, text))
            except OSError as exc:
                raise OutputError(path, _reason(exc)) from None
        for temporary, target in staged:
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise OutputError(str(target), _reason(exc)) from None
    except OutputError:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise
    for path, text in in_place:
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise OutputError(path, _reason(exc)) from None
    for stream, text in streams:
        stream.write(text)
        stream.flush()


def _existing(path: Path) -> tuple[int | None, TextIO | None]:
    """What is at `path` (its mode, or None), and stdout or stderr when it is the very file either is open on
    (/dev/stdout, /proc/self/fd/2)."""
    try:
        found = path.stat()
    except OSError:
        return None, None
    for stream in (sys.stdout, sys.stderr):
        try:
            opened = os.fstat(stream.fileno())
        except (OSError, ValueError, AttributeError):  # a test's captured stream has no descriptor
            continue
        if (opened.st_dev, opened.st_ino) == (found.st_dev, found.st_ino):
            return found.st_mode, stream
    return found.st_mode, None


def _stage(path: str, text: str) -> tuple[str, Path]:
    """The report written to a temporary file beside its target (a link's target: the link stays)."""
    import tempfile

    target = Path(os.path.realpath(path))
    if target.is_dir() or path.endswith(("/", os.sep)):
        raise IsADirectoryError(21, "it is a folder")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise NotADirectoryError(20, f"{parent} is a file, not a folder")
            break
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".duislint-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        _keep_mode(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary, target


def _keep_mode(temporary: str, target: Path) -> None:
    """A replaced report keeps its permissions; a new one gets the usual ones (mkstemp makes it private)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _reason(exc: OSError) -> str:
    return str(exc.strerror or exc)

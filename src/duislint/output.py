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
    staged: list[tuple[str, str]] = []  # (temporary file, target)
    try:
        for path, text in outputs:
            stream = sys.stdout if path in (None, "-") else _own_stream(Path(path))  # type: ignore[arg-type]
            if stream is not None:
                streams.append((stream, text))
            elif _is_special(Path(path)):  # type: ignore[arg-type]
                in_place.append((path, text))  # type: ignore[arg-type]
            else:
                staged.append((_stage(path, text), os.path.realpath(path)))  # type: ignore[arg-type]
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as exc:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        path = getattr(exc, "duislint_path", None) or (exc.filename if isinstance(exc.filename, str) else "?")
        raise OutputError(path, _reason(exc)) from None
    for path, text in in_place:
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise OutputError(path, _reason(exc)) from None
    for stream, text in streams:
        stream.write(text)
        stream.flush()


def _own_stream(path: Path) -> TextIO | None:
    """stdout or stderr when `path` is the very file either is open on (/dev/stdout, /proc/self/fd/2)."""
    try:
        target = path.stat()
    except OSError:
        return None
    for stream in (sys.stdout, sys.stderr):
        try:
            opened = os.fstat(stream.fileno())
        except (OSError, ValueError, AttributeError):  # a test's captured stream has no descriptor
            continue
        if (opened.st_dev, opened.st_ino) == (target.st_dev, target.st_ino):
            return stream
    return None


def _is_special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _stage(path: str, text: str) -> str:
    import tempfile

    target = Path(os.path.realpath(path))
    try:
        if target.is_dir() or path.endswith(("/", os.sep)):
            raise IsADirectoryError(21, "it is a folder")
        for parent in target.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise NotADirectoryError(20, f"{parent} is a file, not a folder")
                break
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".duislint-", dir=target.parent)
    except OSError as exc:
        exc.duislint_path = path  # type: ignore[attr-defined]
        raise
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        _keep_mode(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            exc.duislint_path = path  # type: ignore[attr-defined]
        raise
    return temporary


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

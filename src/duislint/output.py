"""Writing a run's reports: all of them or none.

Every report file is first written to a temporary file beside its target, and only when all are written are they
moved into place: an output that cannot be written (a folder, a path under a file, a full disk) leaves every
target as it was, and no reader ever sees half a report. `-o -`, and a path that is this process's own stdout or
stderr (`-o /dev/stdout`, even when stdout is redirected to a file), go to that stream; another device or a named
pipe is written in place, never replaced by a file; a link to a report file stays a link.

No target may be a file the run read (`duislint.inputs`): a report never replaces a schema, a specification, a
message, a configuration or a baseline, whatever the path says (a link, `./x`, a hard link). A run stopped while
writing (Ctrl-C, SIGTERM) leaves no temporary file behind.
"""

from __future__ import annotations

import os
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TextIO

from duislint import inputs


class OutputError(Exception):
    """A report that cannot be written; its text is one line naming the path."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: cannot write: {message}")


STDOUT = "(standard output)"


@dataclass(frozen=True, slots=True)
class Pieces:
    """A report's text made a piece at a time as its file is written, so that a long report is never held whole
    (a SARIF log of 20,000 findings took some 150 MB more to build as one string). To a stream (stdout) or a device it
    is joined first: what fails while it is made leaves nothing half-written there either."""

    make: Callable[[], Iterator[str]]

    def text(self) -> str:
        return "".join(self.make())


Content = str | bytes | Pieces  # a report's text, or a document's bytes (`duislint fix`: the redlined .docx)


def write_all(outputs: list[tuple[str | None, Content]], replace_inputs: bool = False) -> None:
    """Write each (path, text or bytes); a path of None or "-" is stdout. `replace_inputs`: the one caller that may
    write over an input (`duislint fix --write`, which edits files in place) says so."""
    streams: list[tuple[TextIO | None, str | bytes]] = []
    in_place: list[tuple[str, str | bytes]] = []
    staged: list[tuple[str, Path]] = []  # (temporary file, target)
    if not replace_inputs:
        refuse_inputs(path for path, _ in outputs)
    try:
        for path, text in outputs:
            if path is None or path == "-":
                streams.append((sys.stdout, _whole(text)))
                continue
            try:
                mode, stream = _existing(Path(path))
                if stream is not None:
                    streams.append((stream, _whole(text)))
                elif mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    in_place.append((path, _whole(text)))  # a device or a named pipe: nothing to replace
                else:
                    with _signals_deferred():  # a signal between creating the file and noting it would leak it
                        fd, temporary, target = _create(path)
                        staged.append((temporary, target))
                    _fill(fd, temporary, target, text)  # (a signal while it is made: the file is removed below)
            except OSError as exc:
                raise OutputError(path, _reason(exc)) from None
        for path, text in in_place:  # before any file is replaced: a device that fails leaves every file as it was
            try:
                with _opened(path, text) as handle:
                    handle.write(text)
            except OSError as exc:
                raise OutputError(path, _reason(exc)) from None
        for temporary, target in staged:
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise OutputError(str(target), _reason(exc)) from None
    except BaseException:  # an output error, Ctrl-C or SIGTERM: no temporary file stays behind
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise
    for stream, text in streams:
        write_stream(stream, text)


def _whole(content: Content) -> str | bytes:
    return content.text() if isinstance(content, Pieces) else content


def write_stream(stream: TextIO | None, text: str | bytes) -> None:
    """Write to stdout (or stderr): a closed stream (`>&-`) or a full device (/dev/full) is an OutputError."""
    if stream is None:
        raise OutputError(STDOUT, "it is closed")
    try:
        if isinstance(text, bytes):
            stream.flush()
            stream.buffer.write(text)
            stream.buffer.flush()
        else:
            stream.write(text)
        stream.flush()
    except (OSError, ValueError, AttributeError) as exc:
        _silence(stream)
        raise OutputError(STDOUT, _reason(exc) if isinstance(exc, OSError) else "it is closed") from None


def _silence(stream: TextIO) -> None:
    """After a failed write, what is still buffered must not fail again when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def refuse_inputs(paths) -> None:  # noqa: ANN001 - an iterable of output paths (None: stdout)
    """An OutputError for the first path that is a file the run reads, or reads from."""
    ledger = inputs.current()
    for path in paths:
        if path is None or path == "-":
            continue
        found = ledger.input_at(path)
        if found is not None:
            same = "" if found == path else f" ({found})"
            raise OutputError(path, f"it is an input of this run{same}; refusing to replace it")


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


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM held back until the block ends (where the platform can), then delivered as usual."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _opened(path: str | int, content: str | bytes):  # noqa: ANN202 - an open text or binary file
    if isinstance(content, bytes):
        return open(path, "wb")
    return open(path, "w", encoding="utf-8", newline="\n")


def _create(path: str) -> tuple[int, str, Path]:
    """A temporary file beside the report's target (a link's target: the link stays): its descriptor, its path and
    the target."""
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
    return fd, temporary, target


def _fill(fd: int, temporary: str, target: Path, text: Content) -> None:
    """The report written to its temporary file (made as it is written, for Pieces), with the target's mode."""
    if isinstance(text, bytes):
        with os.fdopen(fd, "wb") as binary:
            binary.write(text)
    else:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if isinstance(text, Pieces):
                handle.writelines(text.make())
            else:
                handle.write(text)
    _keep_mode(temporary, target)


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

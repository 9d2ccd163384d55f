"""What a run writes, where, and how it ends: `--format`/`-o` pairs, the reports (all or none), failure reports
and exit codes. Every verb that writes reports goes through here.

Pairing: `-o FILE` belongs to the `--format` just before it (`--format sarif -o x.sarif`), or is written in one
(`--format sarif:x.sarif`); a `-o` with no format before it takes the format its suffix names (`-o x.sarif`). A
suffix that names another format (`--format github -o x.sarif`) is refused, unless the format may have it too (the
housekeeping log is Markdown: `--format housekeeping -o log.md`), as are two reports to one file, a report over one
of the run's inputs, and a report of bytes (a Word document) to a terminal: exit 2, one line, nothing written.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence, TextIO

from duislint import inputs
from duislint.errors import Failure, UsageError
from duislint.output import Content, OutputError, write_all
from duislint.suggest import closest

if TYPE_CHECKING:  # imported where used: every run parses its command line, few need these
    from duislint.diff.report import DiffReport
    from duislint.findings import Report
    from duislint.report.formats import Format


class Exit(IntEnum):
    CLEAN = 0  # nothing at or above --fail-on
    FINDINGS = 1  # findings (or changes) at or above --fail-on
    ERROR = 2  # a usage or input error, an incomplete run, an internal error
    INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class Request:
    """One report asked for: its format and where it goes (None: standard output)."""

    format: str
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Formats:
    """The formats a verb writes: their names, the format a file suffix names, the default, and whether several
    reports may be asked for at once."""

    names: tuple[str, ...]
    by_suffix: Callable[[str], str | None]
    default: str
    several: bool = True


class _ReportFlag(argparse.Action):
    """--format and -o, recorded together in the order given (argparse's own lists would lose the pairing)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001
        flags = list(getattr(namespace, "report_flags", None) or [])
        flags.append((self.dest, str(values)))
        namespace.report_flags = flags


def add_report_flags(parser: argparse.ArgumentParser, formats: Formats, what: str = "the report") -> None:
    several = " (repeatable: one --format per report)" if formats.several else ""
    parser.add_argument("--format", action=_ReportFlag, dest="format", metavar="FORMAT",
                        help=f"format of {what}: {', '.join(formats.names)}; default {formats.default}{several}. "
                             "FORMAT:FILE writes it to FILE")  # fmt: skip
    parser.add_argument("-o", "--output", action=_ReportFlag, dest="output", metavar="FILE",
                        help="write the --format just before it to FILE instead of standard output (- is standard "
                             "output); with no --format before it, the format its suffix names (.json, .sarif, ...)")  # fmt: skip
    parser.set_defaults(report_flags=[])


def requests(flags: Sequence[tuple[str, str]], formats: Formats, verb: str) -> list[Request]:
    """The reports a command line asks for, paired and checked (UsageError on a contradiction)."""
    found: list[Request] = []
    open_format: int | None = None  # the last --format, while no -o has been bound to it
    for flag, value in flags:
        if flag == "format":
            name, sep, path = value.partition(":")
            _known(name, formats, verb)
            found.append(Request(name, _target(path) if sep else None))
            open_format = None if sep else len(found) - 1
            if sep:
                _suffix_agrees(found[-1], formats, verb)
        elif open_format is not None:
            found[open_format] = Request(found[open_format].format, _target(value))
            _suffix_agrees(found[open_format], formats, verb)
            open_format = None
        elif value == "-":
            found.append(Request(formats.default))
        else:
            inferred = formats.by_suffix(value)
            if inferred is None:
                raise UsageError(f"duislint {verb}: -o {value}: no --format before it, and its suffix names no "
                                 f"format ({', '.join(formats.names)}); write --format FORMAT -o {value}")  # fmt: skip
            found.append(Request(inferred, _target(value)))
    found = found or [Request(formats.default)]
    if not formats.several and len(found) > 1:
        raise UsageError(f"duislint {verb}: one report at a time (one --format, one -o)")
    _distinct(found, verb)
    for request in found:
        _not_bytes_to_a_terminal(request, verb)
    return found


def _target(path: str) -> str | None:
    return None if path in ("", "-") else path


def _known(name: str, formats: Formats, verb: str) -> None:
    if name not in formats.names:
        hint = closest(name, formats.names, cutoff=0.6)
        guess = f"; did you mean {hint}?" if hint else ""
        raise UsageError(f"duislint {verb}: unknown format '{name}' (formats: {', '.join(formats.names)}){guess}")


def _suffix_agrees(request: Request, formats: Formats, verb: str) -> None:
    if request.path is None:
        return
    named = formats.by_suffix(request.path)
    if named is not None and named != request.format and _claimed(named, verb) and not _also_written_as(request, verb):
        suffix = Path(request.path).suffix
        raise UsageError(f"duislint {verb}: -o {request.path} is paired with --format {request.format}, but "
                         f"{suffix} is the suffix of a {named} report; pair it with --format {named}, or give the "
                         f"{request.format} report another name")  # fmt: skip


def _registered(name: str, verb: str) -> Format | None:
    """The output format of that name in the registry of check and diff (other verbs have formats of their own)."""
    from duislint.report import formats as registry

    return registry.of(name, verb)


def _claimed(name: str, verb: str) -> bool:
    """The format's suffixes are refused to other formats (all but the Word log's .docx, see report.formats)."""
    found = _registered(name, verb)
    return found is None or found.claims


def _also_written_as(request: Request, verb: str) -> bool:
    """The format may be written to a file whose suffix names another: the housekeeping log is Markdown (log.md)."""
    assert request.path is not None
    found = _registered(request.format, verb)
    return found is not None and Path(request.path).suffix.lower() in found.also


def _not_bytes_to_a_terminal(request: Request, verb: str) -> None:
    """A Word document shown on a terminal is noise (and may leave it in a strange state): refused before anything
    is read. To a pipe, a file or /dev/null it is bytes like any other."""
    found = _registered(request.format, verb)
    if found is None or not found.binary or not _terminal(request.path):
        return
    suffix = found.suffixes[0] if found.suffixes else ""
    raise UsageError(f"duislint {verb}: --format {request.format} writes a binary file, which a terminal cannot "
                     f"show; write it to a file with -o FILE{suffix}, or pipe it")  # fmt: skip


def _terminal(path: str | None) -> bool:
    """The report would go to a terminal: standard output is one, and the report goes there (no -o, `-o -`, or a
    path that is the very file standard output or error is open on, such as /dev/stdout)."""
    if path is None:
        return on_terminal()
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        return False
    for stream in (sys.stdout, sys.stderr):
        try:
            opened = os.fstat(stream.fileno())
            if (opened.st_dev, opened.st_ino) == (target.st_dev, target.st_ino):
                return stream.isatty()
        except (OSError, ValueError, AttributeError):  # no descriptor (a test's captured stream), or closed
            continue
    return False


def _distinct(found: list[Request], verb: str) -> None:
    """Two reports to one file would leave only the last: refused, whatever the paths look like."""
    seen: dict[object, Request] = {}
    for request in found:
        if request.path is None or _device(request.path):
            continue  # a device (/dev/null, /dev/stdout) takes any number of reports
        key = inputs.identity(request.path) or os.path.realpath(request.path)
        if key in seen:
            first = seen[key]
            raise UsageError(f"duislint {verb}: the {first.format} and the {request.format} report both go to "
                             f"{request.path}; give each its own file")  # fmt: skip
        seen[key] = request


def _device(path: str) -> bool:
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def guard(found: list[Request], extra_outputs: Sequence[str] = ()) -> None:
    """Before a run reads anything more: no report (or baseline to write) may replace an input named so far."""
    from duislint.output import refuse_inputs

    try:
        refuse_inputs([r.path for r in found] + list(extra_outputs))
    except OutputError as exc:
        raise UsageError(f"duislint: error: {exc}") from None


def write(found: list[Request], render: Callable[[Request], Content]) -> None:
    """Render every report first (text, or the bytes of a Word document), then write them all or none
    (output.write_all)."""
    write_all([(request.path, render(request)) for request in found])


def write_failure(found: list[Request], failure: Failure, render: Callable[[Request, Failure], Content]) -> None:
    """Every report asked for says the run failed (never a clean, stale or half-written one). A report that
    cannot be written is left: the line on stderr has said why the run failed."""
    outputs = [r for r in found if r.path is not None]
    if not outputs:
        return
    rendered: list[tuple[str | None, Content]] = []
    for request in outputs:
        try:
            rendered.append((request.path, render(request, failure)))
        except Exception:  # noqa: BLE001 - a failure report must not fail in turn
            rendered.append((request.path, f"duislint: error: {failure.text}\n"))
    for path, text in rendered:
        try:
            write_all([(path, text)])
        except OutputError:
            continue


# --- how a run ends ---------------------------------------------------------------------------------------------

CHECK_FAIL_ON = ("error", "warning", "info", "never")
DIFF_FAIL_ON = ("breaking", "potentially-breaking", "any", "never")


def check_exit(report: Report, fail_on: str) -> Exit:
    """2 for an incomplete run (whatever it found), else 1 when a finding is at or above `fail_on`."""
    if report.incomplete:
        for reason in report.incomplete:
            say(f"duislint: error: incomplete: {reason}")
        return Exit.ERROR
    if fail_on == "never":
        return Exit.CLEAN
    from duislint.findings import Severity

    threshold = Severity(fail_on).rank
    return Exit.FINDINGS if any(f.severity.rank >= threshold for f in report.sorted_findings()) else Exit.CLEAN


def diff_exit(report: DiffReport, fail_on: str) -> Exit:
    """2 for an incomplete diff; else 1 when a change is at least `fail_on`, or a sample message breaks."""
    if report.incomplete:
        for reason in report.incomplete:
            say(f"duislint: error: incomplete: {reason}")
        return Exit.ERROR
    if fail_on == "never" or not (report.changes or report.broken_messages):
        return Exit.CLEAN
    if report.broken_messages:
        return Exit.FINDINGS  # a sample message the uplift breaks fails any gate but "never"
    from duislint.rules import Impact

    threshold = {"breaking": Impact.BREAKING, "potentially-breaking": Impact.POTENTIALLY}.get(fail_on)
    worst = report.worst()
    if worst is None:
        return Exit.CLEAN
    return Exit.FINDINGS if threshold is None or worst.rank >= threshold.rank else Exit.CLEAN


def colour_wanted(flag: bool | None, stream: TextIO | None = None) -> bool:
    """--color/--no-color, else NO_COLOR (off), FORCE_COLOR (on), TERM=dumb (off), else whether the stream (stdout)
    is a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force not in ("", "0", "false"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def on_terminal() -> bool:
    """Standard output is a terminal (a person reading, not a pipe or a file)."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def warn(notices: Iterable[str]) -> None:
    """What a run could do only in part, without failing it (a document part it could not read, no dictionary):
    one warning line each on stderr, each said once."""
    for notice in dict.fromkeys(notices):
        say(f"duislint: warning: {notice}")


def say(text: str) -> None:
    """A line on stderr (nothing when stderr is closed)."""
    if sys.stderr is None:
        return
    try:
        print(text, file=sys.stderr)
    except (OSError, ValueError):
        pass

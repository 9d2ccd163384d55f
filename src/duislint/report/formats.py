"""The output formats: one registry, read by the command line (choices, `-o` suffixes) and by every verb.

A format is one module of `duislint.report` with
    render_check(report: findings.Report, options: Options) -> str
    render_diff(report: diff.report.DiffReport, options: Options) -> str     (where `verbs` has "diff")
    render_failure(failure: errors.Failure, verb: str, options: Options) -> str
and, where a long report is worth writing a piece at a time, stream_check / stream_diff (the same text as an
iterator of pieces), and one line below; a `binary` format (a Word document) renders bytes instead of text, which
never go to a terminal. Modules are imported only when their format is asked for (the HTML one imports Jinja2).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.findings import Report
    from duislint.output import Content


@dataclass(frozen=True, slots=True)
class Options:
    """How a run wants its reports: colour in text (a terminal, --color, FORCE_COLOR), and the repository root
    that CI formats make paths relative to (None: found from the working directory)."""

    colour: bool = False
    root: Path | None = None


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its name, its module, the file suffixes that name it, the verbs it serves; the suffixes
    its file may also have although they name another format (the housekeeping log is Markdown: log.md), whether
    its suffixes are refused to other formats, and whether it renders bytes (a Word document) rather than text."""

    name: str
    module: str
    suffixes: tuple[str, ...]
    verbs: tuple[str, ...]
    summary: str
    also: tuple[str, ...] = ()
    # .docx names the Word log for a -o with no --format, but is refused to no other format: a .docx given to -o is
    # as often the specification itself, and that is refused as the input it would replace (reporting.guard)
    claims: bool = True
    binary: bool = False

    def load(self) -> ModuleType:
        return import_module(f"duislint.report.{self.module}")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "text", (".txt",), ("check", "diff"), "for people, in a terminal (the default)"),
        Format("json", "json_format", (".json",), ("check", "diff"), "for tools: every field, stable"),
        Format("sarif", "sarif", (".sarif",), ("check", "diff"), "SARIF 2.1.0, for GitHub code scanning"),
        Format("junit", "junit", (".xml",), ("check", "diff"), "JUnit XML, for CI test dashboards"),
        Format("github", "github", (), ("check", "diff"), "GitHub Actions annotations (workflow commands)"),
        Format("markdown", "markdown", (".md", ".markdown"), ("check", "diff"), "a pull-request comment"),
        Format("html", "html", (".html", ".htm"), ("check", "diff"), "one self-contained page for reviewers"),
        Format(
            "housekeeping",
            "housekeeping",
            (),
            ("check",),
            "the SECAS housekeeping log, in Markdown",
            also=(".md", ".markdown"),
        ),
        Format(
            "housekeeping-docx",
            "housekeeping_docx",
            (".docx",),
            ("check",),
            "the SECAS housekeeping log as a Word table",
            claims=False,
            binary=True,
        ),
    )
}


def names(verb: str) -> tuple[str, ...]:
    return tuple(name for name, f in FORMATS.items() if verb in f.verbs)


def by_suffix(path: str, verb: str) -> Format | None:
    """The format a file's suffix names (report.sarif -> sarif), among those of the verb."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS.values() if verb in f.verbs and suffix in f.suffixes), None)


def of(name: str, verb: str) -> Format | None:
    """The format of that name, if the verb writes it."""
    found = FORMATS.get(name)
    return found if found is not None and verb in found.verbs else None


def render_check(name: str, report: Report, options: Options) -> Content:
    return FORMATS[name].load().render_check(report, options)


def render_diff(name: str, report: DiffReport, options: Options) -> str:
    return FORMATS[name].load().render_diff(report, options)


def written_check(name: str, report: Report, options: Options) -> Content:
    """The report as it is written: made a piece at a time as its file is written, where the format can
    (stream_check), else whole."""
    return _written(FORMATS[name].load(), "check", report, options)


def written_diff(name: str, report: DiffReport, options: Options) -> Content:
    return _written(FORMATS[name].load(), "diff", report, options)


def _written(module: ModuleType, verb: str, report: Report | DiffReport, options: Options) -> Content:
    streamed = getattr(module, f"stream_{verb}", None)
    if streamed is None:
        return getattr(module, f"render_{verb}")(report, options)
    from duislint.output import Pieces

    return Pieces(lambda: streamed(report, options))


def render_failure(name: str, failure: Failure, verb: str, options: Options) -> Content:
    return FORMATS[name].load().render_failure(failure, verb, options)

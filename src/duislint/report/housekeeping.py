"""The housekeeping log of a SECAS modification report, in Markdown: one row per finding, in the report's columns
"Summary of error | Sections affected | Proposed change", grouped by document in document order.

The log is computed here once (`log_of`, plain data) and laid out by this module as Markdown and by
`housekeeping_docx` as a Word table, so both say the same rows. Nothing here knows a rule: a row's proposed change
is the finding's fix as the fix describes itself, else its suggestion, else "To be decided".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from duislint import __version__
from duislint.findings import Finding, Location, Report, Severity

if TYPE_CHECKING:
    from duislint.errors import Failure
    from duislint.report.formats import Options

TITLE = "Housekeeping log"
COLUMNS = ("Summary of error", "Sections affected", "Proposed change")
TO_BE_DECIDED = "To be decided"

_KINDS = {"xsd": "schema", "specification": "specification", "service-request-matrix": "service-request matrix"}


@dataclass(frozen=True, slots=True)
class Row:
    summary: str
    sections: str
    change: str

    @property
    def cells(self) -> tuple[str, str, str]:
        return (self.summary, self.sections, self.change)


@dataclass(frozen=True, slots=True)
class Group:
    """The rows of one document (one input file), in document order."""

    title: str  # "Appendix AD (DUIS Demo Specification V9.1.docx)", "DUIS Demo V9.1.xsd"
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Log:
    """What the log says: what was checked, the counts, what the run could not do, and the rows."""

    checked: str  # "Checked by duislint 0.1.0: 6 input files."
    inputs: tuple[str, ...]  # one line per input ("schemas/demo/DUIS Demo V9.1.xsd: schema, version 9.1")
    counts: str
    notes: tuple[tuple[str, str], ...]  # (label, text): "Incomplete", "Not run", "Not checked", "Baseline"
    groups: tuple[Group, ...]

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


def log_of(report: Report) -> Log:
    findings = report.sorted_findings()
    groups = []
    for _, grouped in groupby(findings, key=lambda f: f.location.path):  # sorted: a file's findings are together
        found = list(grouped)
        groups.append(Group(_group_title(found[0].location), tuple(row_of(f) for f in found)))
    checked = f"Checked by duislint {__version__}: {_counted(len(report.inputs), 'input file')}."
    return Log(checked, _inputs(report), _counts(report, findings), _notes(report), tuple(groups))


def row_of(finding: Finding) -> Row:
    return Row(finding.message, sections_affected(finding.location), proposed_change(finding))


def sections_affected(location: Location) -> str:
    """The document and clause, as SECAS writes them: "Appendix AD Section 3.8.82.2 (table 15, row 2)",
    "Section H2.1", "DUIS Specification V5.4.docx Section 3.8.5.2", "DUIS Schema V5.4.xsd, line 1234"."""
    name = _file_name(location.path)
    if location.document is not None:
        text = _clause(location.document, location.section) if location.section else location.document
    elif location.section:
        text = f"{name} Section {location.section}"
    else:
        text = name
    place = [f"{what} {number}" for what, number in (("table", location.table), ("row", location.row)) if number]
    if place:
        text += f" ({', '.join(place)})"
    if not location.section and location.line is not None:
        text += f", line {location.line}"
    return text


def _clause(document: str, section: str) -> str:
    """A Section's clauses carry its letter ("H2.1": "Section H2.1"); an Appendix's are numbered within it."""
    kind, _, letter = document.partition(" ")
    if kind == "Section":
        return f"Section {section}" if re.match(rf"{re.escape(letter)}\d", section) else f"{document}, {section}"
    return f"{document} Section {section}"


def proposed_change(finding: Finding) -> str:
    """The fix as it describes itself (an unsafe one marked so), else the suggestion, else "To be decided"."""
    if finding.fix is not None:
        text = _sentence(finding.fix.description)
        return text if finding.fix.safe else f"{text} (unsafe)"
    if finding.suggestion:
        return f"Change to: {finding.suggestion}"
    return TO_BE_DECIDED


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _group_title(location: Location) -> str:
    name = _file_name(location.path)
    return f"{location.document} ({name})" if location.document else name


def _inputs(report: Report) -> tuple[str, ...]:
    lines = []
    messages = 0
    for item in report.inputs:
        kind = item.get("kind", "")
        if kind == "message":  # a gate may read thousands: counted, not listed
            messages += 1
            continue
        described = _KINDS.get(kind, kind or "input")
        if item.get("version"):
            described += f", version {item['version']}"
        spec = report.material.spec(item["path"]) if report.material is not None else None
        if spec is not None and spec.document:
            described += f" ({spec.document})"
        lines.append(f"{item['path']}: {described}")
    if messages:
        lines.append(_counted(messages, "DUIS message"))
    return tuple(lines)


def _counts(report: Report, findings: list[Finding]) -> str:
    if not findings:
        return "No findings: nothing to log."
    summary = report.summary()
    severities = ", ".join(
        f"{summary[s]} info" if s is Severity.INFO else _counted(summary[s], s.value) for s in Severity
    )
    fixes = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
    suggested = sum(1 for f in findings if f.fix is None and f.suggestion)
    undecided = len(findings) - fixes - unsafe - suggested
    changes = [_counted(fixes, "fix"), _counted(unsafe, "unsafe fix") + " (to be confirmed)",
               _counted(suggested, "suggestion"), f"{undecided} to be decided"]  # fmt: skip
    return f"{_counted(len(findings), 'finding')} ({severities}). Proposed changes: {', '.join(changes)}."


def _notes(report: Report) -> tuple[tuple[str, str], ...]:
    notes = [("Incomplete", reason) for reason in report.incomplete]
    if report.not_run:
        notes.append(("Not run", f"{len(report.not_run)} schema rule(s), the run had no schema PATH "
                                 f"({', '.join(report.not_run)})"))  # fmt: skip
    notes += [("Not checked", str(item)) for item in report.unchecked]
    if report.baseline is not None:
        notes.append(("Baseline", f"{_counted(report.baseline.baselined, 'finding')} accepted by the baseline "
                                  f"{report.baseline.path}, not listed"))  # fmt: skip
    return tuple(notes)


def _counted(count: int, noun: str) -> str:
    plural = noun + ("es" if noun.endswith("x") else "s")
    return f"{count} {noun if count == 1 else plural}"


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# --- Markdown -------------------------------------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\`*_\[\]~|])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


def render_check(report: Report, options: Options) -> str:
    del options
    log = log_of(report)
    lines = [f"# {TITLE}", ""]
    lines += [f"**{label}:** {_text(text)}." for label, text in log.notes if label == "Incomplete"]
    if report.incomplete:
        lines.append("")
    lines += [_text(log.checked), ""]
    lines += [f"- {_text(line)}" for line in log.inputs]
    lines += ["", _text(log.counts), ""]
    for label, text in log.notes:
        if label != "Incomplete":
            lines += [f"**{label}:** {_text(text)}.", ""]
    for group in log.groups:
        lines += [f"## {_text(group.title)}", "", "| " + " | ".join(COLUMNS) + " |", "|---|---|---|"]
        lines += ["| " + " | ".join(cell(text) for text in row.cells) + " |" for row in group.rows]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def cell(text: str) -> str:
    """Text shown as written in a table cell: '|' and Markdown or HTML characters escaped, a line break as <br>."""
    return "<br>".join(_text(line) for line in text.splitlines()) if text.strip() else ""


def _text(text: str) -> str:
    text = " ".join(text.split())
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _SPECIAL.sub(r"\\\1", text)


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    del verb, options
    where = f"{_text(failure.where)}: " if failure.where else ""
    return (f"# {TITLE}\n\n**duislint {failure.headline}**: {where}{_text(failure.message)}\n\n"
            "Nothing was checked, so there is no log to write.\n")  # fmt: skip

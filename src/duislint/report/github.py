"""GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,title=RULE::message` line a finding.

GitHub shows them as annotations on the run and, for files the pull request touches, on its diff. Paths are
relative to the repository root (the workspace); a specification finding, which has no line, annotates the file
and says its section, table and row in the message. Escaping follows GitHub's workflow-command rules: in the
message % CR LF become %25 %0D %0A; in a property also : and , become %3A and %2C.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from duislint.findings import Report, Severity
from duislint.report.locations import repository_path, repository_root, spec_position
from duislint.rules import Impact

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.report.formats import Options

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


IMPACT_COMMANDS = {Impact.BREAKING: "error", Impact.POTENTIALLY: "warning", Impact.NON_BREAKING: "notice"}


def render_check(report: Report, options: Options) -> str:
    root = options.root or repository_root()
    lines = [_incomplete(reason) for reason in report.incomplete]
    for finding, _ in report.shown():
        where = finding.location
        properties = [f"file={escape_property(repository_path(where.path, root) or where.path)}"]
        if where.line is not None:
            properties.append(f"line={where.line}")
        properties.append(f"title={escape_property(finding.rule)}")
        message = finding.message
        position = spec_position(where) if where.line is None else ""
        if position:
            message = f"{position}: {message}"
        if finding.suggestion:
            message += f"\ndid you mean: {finding.suggestion}"
        lines.append(f"::{COMMANDS[finding.severity]} {','.join(properties)}::{escape_data(message)}")
    if report.baseline is not None:
        baseline = report.baseline
        text = f"{baseline.baselined} finding(s) accepted by the baseline {baseline.path}"
        if baseline.stale:
            text += f"; {len(baseline.stale)} of its entries no longer found (fixed; --update-baseline drops them)"
        lines.append(f"::notice title=duislint baseline::{escape_data(text)}")
    return "".join(line + "\n" for line in lines)


def _incomplete(reason: str) -> str:
    return f"::error title=duislint: run incomplete::{escape_data(reason)}"


def render_diff(report: DiffReport, options: Options) -> str:
    """One annotation per change, at the new side's XSD line (the old side's for a removal): breaking = error,
    potentially breaking = warning, non-breaking = notice."""
    root = options.root or repository_root()
    lines = [_incomplete(reason) for reason in report.incomplete]
    for impact, group in report.by_impact():
        for change in group:
            where = change.new or change.old
            properties = []
            if where is not None:
                properties.append(f"file={escape_property(repository_path(where.path, root) or where.path)}")
                if where.line is not None:
                    properties.append(f"line={where.line}")
            properties.append(f"title={escape_property(f'{change.rule} {impact}')}")
            message = f"{change.detail} ({change.direction})"
            lines.append(f"::{IMPACT_COMMANDS[Impact(impact)]} {','.join(properties)}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    root = options.root or repository_root()
    del verb
    properties = []
    if failure.path is not None:
        properties.append(f"file={escape_property(repository_path(failure.path, root) or failure.path)}")
        if failure.line:
            properties.append(f"line={failure.line}")
    properties.append("title=duislint")
    return f"::error {','.join(properties)}::{escape_data(f'duislint {failure.headline}: {failure.message}')}\n"

"""GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,title=RULE::message` line a finding.

GitHub shows them as annotations on the run and, for files the pull request touches, on its diff. Paths are
relative to the repository root (the workspace); a specification finding, which has no line, annotates the file
and says its section, table and row in the message. Escaping follows GitHub's workflow-command rules: in the
message % CR LF become %25 %0D %0A; in a property also : and , become %3A and %2C.
"""

from __future__ import annotations

from pathlib import Path

from duislint.findings import Report, Severity
from duislint.report.locations import repository_path, repository_root, spec_position

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, root: Path | None = None) -> str:
    root = root or repository_root()
    lines = []
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

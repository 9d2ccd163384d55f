"""Human-readable text: findings grouped by file, a count line; colour only when asked (on a tty)."""

from __future__ import annotations

from itertools import groupby

from duislint.findings import Report, Severity

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render(report: Report, colour: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    lines: list[str] = []
    findings = report.sorted_findings()
    for path, group in groupby(findings, key=lambda f: f.location.path):
        lines.append(paint(path, _BOLD))
        for finding in group:
            where = _where(finding.location)
            severity = paint(finding.severity.value, _COLOURS[finding.severity])
            if len(where) > 10:  # a spec position: on a line of its own, so messages stay aligned
                lines.append(f"  {where}")
                where = ""
            lines.append(f"  {where:<10} {severity:<7} {paint(finding.rule, _BOLD)} {finding.message}")
            if finding.suggestion:
                lines.append(paint(f"             did you mean: {finding.suggestion}", _DIM))
        lines.append("")
    counts = report.summary()
    total = len(findings)
    if total:
        lines.append(
            f"{total} finding{'s' if total != 1 else ''}: {counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} info in {len({f.location.path for f in findings})} of {len(report.inputs)} input file(s)"
        )
    else:
        lines.append(f"no findings in {len(report.inputs)} input(s)")
    if report.baseline is not None:
        lines.extend(_baseline_lines(report.baseline))
    return "\n".join(lines) + "\n"


def _baseline_lines(baseline) -> list[str]:  # noqa: ANN001
    lines = [f"{baseline.baselined} finding(s) accepted by the baseline {baseline.path}"]
    if baseline.stale:
        lines.append(
            f"{len(baseline.stale)} baseline entr{'y' if len(baseline.stale) == 1 else 'ies'} no longer found "
            "(fixed? `--update-baseline` drops them):"
        )
        for entry in baseline.stale:
            where = entry.get("file", "") + (f" §{entry['section']}" if entry.get("section") else "")
            lines.append(f"  {entry.get('rule', '?')} {entry.get('subject', '')} ({where})")
    return lines


def _where(location) -> str:  # noqa: ANN001
    parts = [str(location.line)] if location.line is not None else []
    if location.section:
        parts.append(f"§{location.section}")
    if location.table is not None:
        parts.append(f"table {location.table}")
    if location.row is not None:
        parts.append(f"row {location.row}")
    return " ".join(parts) or "-"

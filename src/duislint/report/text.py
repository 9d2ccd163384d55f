"""Human-readable text: findings grouped by file, a count line; colour only when asked (a terminal, --color)."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from duislint.findings import BaselineResult, Location, Report, Severity

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.report.formats import Options

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render_check(report: Report, options: Options) -> str:
    colour = options.colour

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
            marker = {"safe": " [*]", "unsafe": " [-]"}.get(finding.fix.applicability.value, "") if finding.fix else ""
            lines.append(f"  {where:<10} {severity:<7} {paint(finding.rule, _BOLD)}{marker} {finding.message}")
            if finding.suggestion:
                lines.append(paint(f"             did you mean: {finding.suggestion}", _DIM))
        lines.append("")
    lines.extend(f"not checked: {item}" for item in report.unchecked)
    fixable = fixable_line(report)
    if fixable:  # before the count line, which stays the last (CI logs and `tail -n 1` read it)
        lines.append(fixable)
    lines.append(summary_line(report))
    if report.baseline is not None:
        lines.extend(_baseline_lines(report.baseline))
    lines.extend(f"incomplete: {reason}" for reason in report.incomplete)
    return "\n".join(lines) + "\n"


def check_statistics(report: Report) -> str:
    """The number of findings per rule, most first (as `ruff --statistics` prints them), then the count line."""
    from collections import Counter

    from duislint.rules import get_rule

    counts = Counter(f.rule for f in report.sorted_findings())
    lines = []
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        found = get_rule(rule_id)
        lines.append(f"{count:>6}  {rule_id}  {found.name if found else ''}".rstrip())
    return "\n".join([*lines, summary_line(report)]) + "\n"


def diff_statistics(report: DiffReport) -> str:
    """The number of changes per rule and impact, most first, then the count line."""
    from collections import Counter

    from duislint.rules import get_rule

    counts = Counter((c.rule, c.impact.value) for c in report.changes)
    lines = []
    for (rule_id, impact), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        found = get_rule(rule_id)
        lines.append(f"{count:>6}  {rule_id}  {(found.name if found else ''):<26} {impact}")
    return "\n".join([*lines, diff_summary_line(report)]) + "\n"


def summary_line(report: Report) -> str:
    """The count line every text report ends with (and a gate that writes only files prints to stderr)."""
    findings = report.sorted_findings()
    counts = report.summary()
    total = len(findings)
    # a run without a schema PATH must not read as the schema rules having passed
    not_run = f"; {len(report.not_run)} schema rule(s) not run (no schema PATH)" if report.not_run else ""
    unchecked = sum(item.count for item in report.unchecked)
    not_run += f"; {unchecked} not checked" if unchecked else ""
    if not total:
        incomplete = " (incomplete)" if report.incomplete else ""
        return f"no findings in {len(report.inputs)} input(s){incomplete}{not_run}"
    return (
        f"{total} finding{'s' if total != 1 else ''}: {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info in {len({f.location.path for f in findings})} of {len(report.inputs)} input file(s)"
        f"{not_run}"
    )


def fixable_line(report: Report) -> str | None:
    """ruff's closing hint: how many findings `duislint fix` corrects ([*]), and how many more with --unsafe-fixes
    ([-])."""
    counts = report.fixable()
    if not counts["safe"] and not counts["unsafe"]:
        return None
    more = f" ({counts['unsafe']} more with `duislint fix --unsafe-fixes`)" if counts["unsafe"] else ""
    return f"[*] {counts['safe']} fixable with `duislint fix`{more}"


def _baseline_lines(baseline: BaselineResult) -> list[str]:
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


def _where(location: Location) -> str:
    from duislint.report.locations import spec_position

    parts = [str(location.line)] if location.line is not None else []
    position = spec_position(location)
    if position:
        parts.append(position)
    return " ".join(parts) or "-"


# --- diff -----------------------------------------------------------------------------------------------------


def render_diff(report: DiffReport, options: Options) -> str:
    from duislint.diff.report import IMPACT_TITLES  # a check run never loads the diff's records

    lines = [f"duislint diff {report.old.label} -> {report.new.label}", ""]
    for impact, group in report.by_impact():
        lines.append(f"{IMPACT_TITLES[impact]}:")
        for change in group:
            lines.extend(_change_lines(change))
        lines.append("")
    lines.extend(_delta_lines(report))
    lines.append(diff_summary_line(report))
    lines.extend(f"incomplete: {reason}" for reason in report.incomplete)
    return "\n".join(lines) + "\n"


def _change_lines(change) -> list[str]:  # noqa: ANN001 - diff.compare.Change
    """A change: its rule and detail, the old and new XSD lines, what the comparison proved, the syntactic parts
    it explains and its witness."""
    pad = " " * 11
    lines = [f"  {change.rule} {change.kind:<8} {change.detail}"]
    if change.old and change.new and change.old != change.new:
        lines += [f"{pad}old at {change.old}", f"{pad}new at {change.new}"]
    elif change.new or change.old:
        lines.append(f"{pad}at {change.new or change.old}")
    if change.basis:
        lines.append(f"{pad}{change.basis_line}")
    for part in change.parts:
        lines.append(f"{pad}- {part.rule} {part.kind:<8} {part.detail}")
    if change.witness is not None:
        witness = change.witness
        other = "old" if witness.valid_under == "new" else "new"
        checked = "" if witness.checked else " (not checked: a side's schemas do not compile)"
        if witness.checked and not witness.isolated:
            checked = " (what surrounds it differs between the sides too)"
        lines.append(f"{pad}witness, valid under {witness.valid_under} and invalid under {other}{checked}:")
        lines.extend(f"{pad}  {line}" for line in witness.xml.splitlines())
    return lines


def diff_summary_line(report: DiffReport) -> str:
    counts = report.summary()
    return (
        f"{len(report.changes)} change(s): {counts['breaking']} breaking, {counts['potentially-breaking']} "
        f"potentially breaking, {counts['non-breaking']} non-breaking"
    )


def _delta_lines(report: DiffReport) -> list[str]:
    lines = []
    if report.messages is not None:
        broken = report.messages.broken
        lines.append(f"Messages valid before and invalid now ({len(broken)} of {report.messages.checked}):")
        for item in broken:
            lines.append(f"  {item.path}")
            lines.extend(f"    {e.line or '-'}: {e.path}: {e.message}" for e in item.errors)
        lines.append("")
    if report.findings is not None:
        for title, items in (
            ("Findings the uplift fixes", report.findings.fixed),
            ("Findings the uplift introduces", report.findings.introduced),
        ):
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {f.rule} {f.subject}: {f.message}" for f in items)
            lines.append("")
    return lines


# --- failure --------------------------------------------------------------------------------------------------


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    from duislint.errors import FailureKind

    del options
    prefix = "internal error" if failure.kind is FailureKind.INTERNAL else "error"
    return f"duislint: {prefix}: {failure.text}\nnothing was {'compared' if verb == 'diff' else 'checked'}\n"

"""A compact Markdown summary fit for a pull-request comment: counts by severity and rule family, the first
findings (errors first) with file:line links, and how many more there are.

Links point into the repository: under GitHub Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA) at
the commit being checked, otherwise relative to the repository root. Text from schemas and specifications is
escaped so that it shows as written: no table cell split by '|', no Markdown or HTML rendered, no @mention.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from duislint.findings import Finding, Report, Severity
from duislint.report.locations import repository_path, repository_root, spec_position

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.report.formats import Options

TOP = 20
MAX_TEXT = 300
SEVERITIES = tuple(s.value for s in Severity)
_SPECIAL = re.compile(r"([\\`*_\[\]~|])")  # '(' '#' '+' '!' matter only where a cell never puts them
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


def render_check(report: Report, options: Options, top: int = TOP) -> str:
    from duislint.rules import get_rule

    root = options.root or repository_root()
    base = _link_base()
    findings = report.sorted_findings()
    counts = report.summary()
    total = len(findings)
    lines = [f"### duislint: {_counted(total, 'finding')}"]
    lines.append("")
    lines.extend(_incomplete(report.incomplete))
    if report.not_run:
        lines += [f"**Not run:** {len(report.not_run)} schema rule(s), the run had no schema PATH "
                  f"({_text(', '.join(report.not_run))}).", ""]  # fmt: skip
    for item in report.unchecked:
        lines += [f"**Not checked:** {_text(str(item))}.", ""]
    if total:
        shown = [f"**{counts[s]}** {s if s == 'info' or counts[s] == 1 else s + 's'}" for s in SEVERITIES]
        lines.append(", ".join(shown) + f" in {_inputs(report)}.")
    else:
        lines.append(f"No findings in {_inputs(report)}.")
    if report.baseline is not None:
        lines.append("")
        lines.append(f"{_counted(report.baseline.baselined, 'finding')} accepted by the baseline "
                     f"`{_code(report.baseline.path)}` (not counted).")  # fmt: skip
    if total:
        families: dict[str, Counter] = {}
        for finding in findings:
            rule = get_rule(finding.rule)
            families.setdefault(rule.family if rule else "other", Counter())[finding.severity.value] += 1
        lines += ["", "| family | " + " | ".join(SEVERITIES) + " |", "|---|" + "---:|" * len(SEVERITIES)]
        for family, by_severity in sorted(families.items()):
            lines.append(f"| {_text(family)} | " + " | ".join(str(by_severity[s]) for s in SEVERITIES) + " |")
        order = {id(f): n for n, f in enumerate(findings)}
        first = sorted(findings, key=lambda f: (-f.severity.rank, order[id(f)]))[:top]
        lines += ["", f"**{'Top ' + str(len(first)) if total > len(first) else 'All'} findings** (errors first)", ""]
        lines += ["| severity | rule | where | finding |", "|---|---|---|---|"]
        for finding in first:
            lines.append(_row(finding, get_rule(finding.rule), root, base))
        if total > len(first):
            lines += ["", f"…and {_counted(total - len(first), 'more finding')}: `--format html` writes the full "
                          "report, with evidence and rule help."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _row(finding: Finding, rule, root: Path, base: str | None) -> str:  # noqa: ANN001 - rules.Rule or None
    name = f" {rule.name}" if rule else ""
    text = _text(finding.message)
    if finding.suggestion:
        text += f" (did you mean: {_text(finding.suggestion)})"
    return f"| {finding.severity.value} | `{finding.rule}`{name} | {_where(finding, root, base)} | {text} |"


def _where(finding: Finding, root: Path, base: str | None) -> str:
    location = finding.location
    shown = location.path.replace("\\", "/").rsplit("/", 1)[-1]
    if location.line is not None:
        shown += f":{location.line}"
    position = spec_position(location)
    label = _text(f"{shown} {position}".strip())
    relative = repository_path(location.path, root)
    if relative is None:
        return label
    target = quote(relative, safe="/")
    if location.line is not None:
        target += ("?plain=1" if relative.lower().endswith((".md", ".markdown")) else "") + f"#L{location.line}"
    return f"[{label}]({base}/{target})" if base else f"[{label}]({target})"


def _link_base() -> str | None:
    """Blob links at the commit under GitHub Actions; relative links elsewhere."""
    server, repository, sha = (os.environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if (
        server.startswith("https://")
        and re.fullmatch(r"[\w.-]+/[\w.-]+", repository)
        and re.fullmatch(r"[0-9a-f]{7,64}", sha)
    ):
        return f"{server.rstrip('/')}/{repository}/blob/{sha}"
    return None


def _inputs(report: Report) -> str:
    schemas = [i for i in report.inputs if i.get("kind") == "xsd"]
    versions = sorted({i.get("version", "") for i in schemas if i.get("version")})
    text = _counted(len(report.inputs), "input file")
    return text + (f" (schema version {_text(', '.join(versions))})" if versions else "")


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _text(text: str) -> str:
    """Untrusted text shown as written in a table cell: one line, Markdown and HTML characters escaped."""
    text = " ".join(text.split())
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + "…"
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    return " ".join(text.split()).replace("`", "'")


def _incomplete(reasons: list[str]) -> list[str]:
    """The run checked less than it was asked to: said first, before any count."""
    return [f"**Incomplete:** {_text(reason)}" for reason in reasons] + ([""] if reasons else [])


# --- diff -----------------------------------------------------------------------------------------------------


def render_diff(report: DiffReport, options: Options) -> str:
    from duislint.diff.report import IMPACT_TITLES  # a check run never loads the diff's records
    from duislint.rules import get_rule

    del options
    counts = report.summary()
    lines = [f"## Schema changes: `{_code(report.old.label)}` → `{_code(report.new.label)}`", ""]
    lines.extend(_incomplete(report.incomplete))
    lines += [f"**{counts['breaking']}** breaking, **{counts['potentially-breaking']}** potentially breaking, "
              f"**{counts['non-breaking']}** non-breaking.", ""]  # fmt: skip
    for impact, group in report.by_impact():
        lines.extend([f"### {IMPACT_TITLES[impact]}", "", "| change | subject | detail | rule |", "|---|---|---|---|"])
        for change in group:
            rule = get_rule(change.rule)
            named = f"{change.rule} {rule.name}" if rule else change.rule
            detail = [_text(change.detail)]
            if change.basis:
                detail.append(_text(change.basis_line))
            detail += [f"• {part.rule} {_text(part.detail)}" for part in change.parts]
            lines.append(f"| {change.kind} {change.component} | `{_code(change.subject)}` | {'<br>'.join(detail)} "
                         f"| {named} |")  # fmt: skip
        lines.append("")
        witnessed = [c for c in group if c.witness is not None]
        if witnessed:
            lines.extend(["#### Witnesses", ""])
        for change in witnessed:
            witness = change.witness
            assert witness is not None
            other = "old" if witness.valid_under == "new" else "new"
            lines += [f"`{_code(change.subject)}`: valid under {witness.valid_under}, invalid under {other}:", "",
                      "```xml", *witness.xml.rstrip("\n").splitlines(), "```", ""]  # fmt: skip
    if report.messages is not None:
        broken = report.messages.broken
        lines.extend([f"### Messages the uplift breaks ({len(broken)} of {report.messages.checked})", ""])
        for item in broken:
            first = item.errors[0]
            lines.append(f"- `{_code(item.path)}` line {first.line}: {_text(first.message)}")
        lines.append("")
    if report.findings is not None:
        for title, items in (("Findings fixed", report.findings.fixed), ("Findings introduced", report.findings.introduced)):
            lines.extend([f"### {title} ({len(items)})", ""])
            lines.extend(f"- `{f.rule}` {_text(f.subject)}: {_text(f.message)}" for f in items)
            lines.append("")
    if not report.changes and report.findings is None and report.messages is None:
        lines.append("No schema changes.")
    return "\n".join(lines).rstrip() + "\n"


# --- failure --------------------------------------------------------------------------------------------------


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    del options
    where = f"`{_code(failure.where)}`: " if failure.where else ""
    what = "compared" if verb == "diff" else "checked"
    return f"## duislint {failure.headline}\n\n{where}{_text(failure.message)}\n\nNothing was {what}.\n"

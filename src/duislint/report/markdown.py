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
from urllib.parse import quote

from duislint.findings import Finding, Report, Severity
from duislint.report.locations import repository_path, repository_root, spec_position

TOP = 20
MAX_TEXT = 300
SEVERITIES = tuple(s.value for s in Severity)
_SPECIAL = re.compile(r"([\\`*_\[\]~|])")  # '(' '#' '+' '!' matter only where a cell never puts them
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


def render(report: Report, top: int = TOP, root: Path | None = None) -> str:
    from duislint.rules import get_rule

    root = root or repository_root()
    base = _link_base()
    findings = report.sorted_findings()
    counts = report.summary()
    total = len(findings)
    lines = [f"### duislint: {_counted(total, 'finding')}"]
    lines.append("")
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

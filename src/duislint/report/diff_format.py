"""Views of one sorted list of schema changes: text, JSON, and a Markdown changelog for release notes."""

from __future__ import annotations

import json
from itertools import groupby

from duislint import __version__
from duislint.diff.compare import Change, summary

IMPACTS = ("breaking", "potentially-breaking", "non-breaking")
_TITLES = {"breaking": "Breaking", "potentially-breaking": "Potentially breaking", "non-breaking": "Non-breaking"}


def _loc(location) -> dict | None:  # noqa: ANN001
    return location.as_dict() if location else None


def change_dict(change: Change) -> dict[str, object]:
    return {
        "kind": change.kind, "component": change.component, "subject": change.subject, "impact": change.impact,
        "rule": change.rule, "direction": change.direction, "detail": change.detail,
        "old": _loc(change.old), "new": _loc(change.new),
    }  # fmt: skip


def render(changes: list[Change], fmt: str, old: str, new: str, findings: dict | None = None) -> str:
    if fmt == "json":
        document = {"tool": {"name": "duislint", "version": __version__}, "old": old, "new": new,
                    "changes": [change_dict(c) for c in changes], "summary": summary(changes)}  # fmt: skip
        if findings is not None:
            document["findings"] = findings
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(changes, old, new, findings)
    return _text(changes, old, new, findings)


def _by_impact(changes: list[Change]):  # noqa: ANN202
    order = {impact: i for i, impact in enumerate(IMPACTS)}
    return groupby(sorted(changes, key=lambda c: (order[c.impact], c.sort_key())), key=lambda c: c.impact)


def _text(changes: list[Change], old: str, new: str, findings: dict | None) -> str:
    lines = [f"duislint diff {old} -> {new}", ""]
    for impact, group in _by_impact(changes):
        lines.append(f"{_TITLES[impact]}:")
        for change in group:
            where = change.new or change.old
            lines.append(f"  {change.rule.split()[0]} {change.kind:<8} {change.detail}")
            if where:
                lines.append(f"           at {where}")
        lines.append("")
    lines.extend(_findings_lines(findings))
    counts = summary(changes)
    lines.append(f"{len(changes)} change(s): {counts['breaking']} breaking, {counts['potentially-breaking']} "
                 f"potentially breaking, {counts['non-breaking']} non-breaking")  # fmt: skip
    return "\n".join(lines) + "\n"


def _findings_lines(findings: dict | None) -> list[str]:
    if not findings:
        return []
    lines = []
    messages = findings.get("messages")
    if messages is not None:
        lines.append(f"Messages valid before and invalid now ({len(messages['broken'])} of {messages['checked']}):")
        for item in messages["broken"]:
            lines.append(f"  {item['path']}")
            lines.extend(f"    {e['line'] or '-'}: {e['element']}: {e['message']}" for e in item["errors"])
        lines.append("")
    for title, key in (("Findings the uplift fixes", "fixed"), ("Findings the uplift introduces", "introduced")):
        if key not in findings:
            continue
        items = findings.get(key, [])
        lines.append(f"{title} ({len(items)}):")
        lines.extend(f"  {f['rule']} {f['subject']}: {f['message']}" for f in items)
        lines.append("")
    return lines


def _markdown(changes: list[Change], old: str, new: str, findings: dict | None) -> str:
    counts = summary(changes)
    lines = [f"## Schema changes: `{old}` → `{new}`", "",
             f"**{counts['breaking']}** breaking, **{counts['potentially-breaking']}** potentially breaking, "
             f"**{counts['non-breaking']}** non-breaking.", ""]  # fmt: skip
    for impact, group in _by_impact(changes):
        lines.extend([f"### {_TITLES[impact]}", "", "| change | subject | detail | rule |", "|---|---|---|---|"])
        for change in group:
            detail = change.detail.replace("|", "\\|")
            lines.append(f"| {change.kind} {change.component} | `{change.subject}` | {detail} | {change.rule} |")
        lines.append("")
    if findings and findings.get("messages") is not None:
        messages = findings["messages"]
        lines.extend([f"### Messages the uplift breaks ({len(messages['broken'])} of {messages['checked']})", ""])
        for item in messages["broken"]:
            first = item["errors"][0]
            lines.append(f"- `{item['path']}` line {first['line']}: {first['message']}")
        lines.append("")
    if findings:
        for title, key in (("Findings fixed", "fixed"), ("Findings introduced", "introduced")):
            if key not in findings:
                continue
            items = findings.get(key, [])
            lines.extend([f"### {title} ({len(items)})", ""])
            lines.extend(f"- `{f['rule']}` {f['subject']}: {f['message']}" for f in items)
            lines.append("")
    if not changes and not findings:
        lines.append("No schema changes.")
    return "\n".join(lines).rstrip() + "\n"

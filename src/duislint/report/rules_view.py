"""`duislint rules`: the rule list, or one rule's documentation, from the rules' own docstrings."""

from __future__ import annotations

import json
import textwrap

from duislint.rules import Rule


def rule_dict(rule: Rule) -> dict[str, str]:
    return {"id": rule.id, "name": rule.name, "severity": rule.severity.value, "family": rule.family,
            "summary": rule.summary, "why": rule.why, "bad": rule.bad, "good": rule.good}  # fmt: skip


def render(rules: list[Rule], fmt: str, full: bool) -> str:
    if fmt == "json":
        return json.dumps([rule_dict(r) for r in rules], indent=2) + "\n"
    if not full:
        lines = [f"{r.id}  {r.name:<34} {r.severity.value:<8} {r.summary}" for r in rules]
        lines.append("")
        lines.append("`duislint rules ID` explains one rule, with a bad and a good example.")
        return "\n".join(lines) + "\n"
    out = []
    for r in rules:
        out.append(f"{r.id} {r.name} ({r.severity.value}, {r.family})\n")
        out.append(textwrap.fill(r.summary, 100) + "\n")
        out.append("\nWhy it matters\n" + textwrap.fill(r.why, 100, initial_indent="  ", subsequent_indent="  ") + "\n")
        out.append("\nBad\n" + textwrap.indent(r.bad, "  ") + "\n")
        out.append("\nGood\n" + textwrap.indent(r.good, "  ") + "\n")
    return "".join(out)


def render_change_rules(rules, fmt: str, full: bool) -> str:  # noqa: ANN001 - diff.rules.ChangeRule
    """The breaking-change rules of `duislint diff`: impact on requests and on responses/alerts."""
    if fmt == "json":
        return json.dumps([{"id": r.id, "name": r.name, "request": r.request, "response": r.response,
                            "summary": r.summary, "why": r.why, "bad": r.bad, "good": r.good}
                           for r in rules], indent=2) + "\n"  # fmt: skip
    if not full:
        lines = ["", "Breaking-change rules of `duislint diff` (impact on a request / on a response or alert):"]
        lines += [f"{r.id}  {r.name:<34} {r.request + ' / ' + r.response:<42} {r.summary}" for r in rules]
        return "\n".join(lines) + "\n"
    out = []
    for r in rules:
        out.append(f"{r.id} {r.name} (request: {r.request}; response/alert: {r.response})\n")
        out.append(textwrap.fill(r.summary, 100) + "\n")
        out.append("\nWhy it matters\n" + textwrap.fill(r.why, 100, initial_indent="  ", subsequent_indent="  ") + "\n")
        out.append("\nBad\n" + textwrap.indent(r.bad, "  ") + "\n")
        out.append("\nGood\n" + textwrap.indent(r.good, "  ") + "\n")
    return "".join(out)

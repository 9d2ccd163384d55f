"""`duislint rules`: the rule list, or one rule's documentation, from the rules' own docstrings; check and diff
rules alike (a check rule has a severity, a diff rule an impact on requests and on responses or alerts)."""

from __future__ import annotations

import json
import textwrap

from duislint.rules import Rule, RuleKind


def rule_dict(rule: Rule) -> dict[str, object]:
    data: dict[str, object] = {"id": rule.id, "name": rule.name, "kind": rule.kind.value, "family": rule.family}
    if rule.severity is not None:
        data["severity"] = rule.severity.value
    if rule.impacts is not None:
        data["impact"] = {"request": rule.impacts.request.value, "response": rule.impacts.response.value}
    if rule.opt_in:
        data["opt_in"] = True
    if rule.kind is RuleKind.CHECK:
        data["fix"] = {"kinds": list(rule.fixes), "does": rule.fix_doc} if rule.fixes else None
    data.update(summary=rule.summary, why=rule.why, bad=rule.bad, good=rule.good)
    return data


def render(rules: list[Rule], fmt: str, full: bool) -> str:
    if fmt == "json":
        return json.dumps([rule_dict(r) for r in rules], indent=2) + "\n"
    if full:
        return "".join(_explained(r) for r in rules)
    lines = []
    check = [r for r in rules if r.kind is RuleKind.CHECK]
    diff = [r for r in rules if r.kind is RuleKind.DIFF]
    if check:
        lines += [f"{r.id}  {r.name:<34} {r.level:<8} {_fix_mark(r)} {'(opt-in) ' if r.opt_in else ''}{r.summary}"
                  for r in check]  # fmt: skip
    if diff:
        if check:
            lines.append("")
        lines.append("Breaking-change rules of `duislint diff` (impact on a request / on a response or alert, where the")
        lines.append("comparison of what the two sets accept cannot decide it; a decided change takes the proven impact):")
        for r in diff:
            assert r.impacts is not None
            impacts = f"{r.impacts.request.value} / {r.impacts.response.value}"
            lines.append(f"{r.id}  {r.name:<34} {impacts:<42} {r.summary}")
    lines += ["", "[*] a safe fix, [-] an unsafe one (--unsafe-fixes), applied by `duislint fix`. `duislint rules ID` "
                  "explains one rule, with a bad and a good example and its fix."]
    return "\n".join(lines) + "\n"


def _fix_mark(rule: Rule) -> str:
    """ruff's column: [*] a safe fix, [-] an unsafe one only, blank none."""
    return "[*]" if "safe" in rule.fixes else "[-]" if rule.fixes else "   "


def _explained(rule: Rule) -> str:
    heading = f"{rule.id} {rule.name} ({rule.severity.value}, {rule.family})" if rule.severity is not None else (
        f"{rule.id} {rule.name} ({rule.impacts})"
    )
    out = [heading + "\n", textwrap.fill(rule.summary, 100) + "\n"]
    if rule.opt_in:
        out.append(f"Opt-in: runs only when selected by its ID or name (--select {rule.id}).\n")
    if rule.impacts is not None:
        out.append(textwrap.fill("Impact: proven on instances where duislint can compare what the two sets accept "
                                 "(old within new, new within old), with a witness; the impacts above apply when that "
                                 "cannot be decided.", 100) + "\n")  # fmt: skip
    out.append("\nWhy it matters\n" + textwrap.fill(rule.why, 100, initial_indent="  ", subsequent_indent="  ") + "\n")
    out.append("\nBad\n" + textwrap.indent(rule.bad, "  ") + "\n")
    out.append("\nGood\n" + textwrap.indent(rule.good, "  ") + "\n")
    if rule.kind is RuleKind.CHECK:
        kinds = " or ".join(rule.fixes) if rule.fixes else "none"
        does = rule.fix_doc or "a finding of this rule is corrected by hand"
        out.append(f"\nFix ({kinds})\n" + textwrap.fill(does, 100, initial_indent="  ", subsequent_indent="  ") + "\n")
    return "".join(out)

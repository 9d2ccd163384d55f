"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): a view of the sorted, fingerprinted findings.

What GitHub needs and gets: `tool.driver` with the rules that have findings (short and full description, help in
text and Markdown from the rule's docstring, default level); results with `ruleId`/`ruleIndex`, `level`, message
and one location whose URI is relative to the repository root with a `region.startLine`; `partialFingerprints`.
A specification finding has no line: it points at line 1 of its file, names its section, table and row in a
logical location, and says them in the message.
"""

from __future__ import annotations

import json
from pathlib import Path

from duislint import __version__
from duislint.findings import Location, Report, Severity
from duislint.report.locations import artifact_uri, repository_root, spec_position
from duislint.rules import Rule, get_rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/duislint/"
FINGERPRINT_KEY = "duislint/v1"
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITIES = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def render(report: Report, root: Path | None = None) -> str:
    root = root or repository_root()
    shown = report.shown()
    rule_ids = sorted({finding.rule for finding, _ in shown})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "duislint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(rule_id) for rule_id in rule_ids],
            }
        },
        "originalUriBaseIds": {
            SOURCE_ROOT: {
                "description": {"text": "The repository root: the git top-level, else the working directory."}
            }
        },
        "results": [],
    }
    for finding, fingerprint in shown:
        result: dict[str, object] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity],
            "message": {"text": _message(finding)},
            "locations": [_location(finding.location, root)],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            "properties": {"subject": finding.subject},
        }
        if finding.related:
            result["relatedLocations"] = [
                {"id": number, **_location(where, root)} for number, where in enumerate(finding.related, start=1)
            ]
        if report.baseline is not None:
            result["baselineState"] = "new"
        run["results"].append(result)  # type: ignore[attr-defined]
    if report.baseline is not None:
        run["properties"] = {
            "baseline": {
                "path": report.baseline.path,
                "baselined": report.baseline.baselined,
                "stale": list(report.baseline.stale),
            }
        }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _message(finding) -> str:  # noqa: ANN001
    position = spec_position(finding.location) if finding.location.line is None else ""
    text = f"{position}: {finding.message}" if position else finding.message
    return f"{text} (did you mean: {finding.suggestion})" if finding.suggestion else text


def _location(where: Location, root: Path) -> dict[str, object]:
    uri = artifact_uri(where.path, root)
    artifact: dict[str, object] = {"uri": uri}
    if not uri.startswith("file:"):
        artifact["uriBaseId"] = SOURCE_ROOT
    location: dict[str, object] = {
        "physicalLocation": {"artifactLocation": artifact, "region": {"startLine": where.line or 1}}
    }
    position = spec_position(where)
    if position:
        file_name = where.path.replace("\\", "/").rsplit("/", 1)[-1]
        location["logicalLocations"] = [
            {"name": position, "fullyQualifiedName": f"{file_name} {position}", "kind": "section"}
        ]
    return location


def _descriptor(rule_id: str) -> dict[str, object]:
    rule = get_rule(rule_id)
    if rule is None:  # a finding from outside the registry; still a valid descriptor
        return {"id": rule_id, "shortDescription": {"text": rule_id}, "fullDescription": {"text": rule_id},
                "help": {"text": rule_id}}  # fmt: skip
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why or rule.summary},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["duis", rule.family],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITIES[rule.severity],
        },  # fmt: skip
    }


def _help_text(rule: Rule) -> str:
    return f"{rule.summary}\n\nWhy it matters: {rule.why}\n\nBad:\n{rule.bad}\n\nGood:\n{rule.good}\n"


def _fence(text: str) -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}\n{text}\n{ticks}"


def _help_markdown(rule: Rule) -> str:
    return (
        f"**{rule.id} {rule.name}** ({rule.severity.value})\n\n{rule.summary}\n\n**Why it matters.** {rule.why}\n\n"
        f"**Bad**\n\n{_fence(rule.bad)}\n\n**Good**\n\n{_fence(rule.good)}\n\n"
        f"`duislint rules {rule.id}` prints this help.\n"
    )

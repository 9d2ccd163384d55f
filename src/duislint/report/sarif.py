"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): a view of the sorted, fingerprinted findings.

What GitHub needs and gets: `tool.driver` with the rules that have findings (short and full description, help in
text and Markdown from the rule's docstring, default level); results with `ruleId`/`ruleIndex`, `level`, message
and one location whose URI is relative to the repository root with a `region.startLine`; `partialFingerprints`.
A specification finding has no line. Where it also concerns a schema line (a data item against its XSD element,
a code against its enumeration value), it is placed there, where GitHub shows the snippet and annotates the
pull request, and the specification's place (document, section, table, row) is said in the message, kept in a
logical location and listed as a related location. Otherwise it points at line 1 of its document (GitHub needs a
`region.startLine` on every result) with the same logical location and message.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from duislint import __version__
from duislint.findings import Finding, Location, Report, Severity
from duislint.report import json_pieces
from duislint.report.locations import artifact_uri, repository_root, spec_position
from duislint.rules import Impact, Rule, get_rule

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.report.formats import Options

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/duislint/"
FINGERPRINT_KEY = "duislint/v1"
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITIES = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


IMPACT_LEVELS = {Impact.BREAKING: "error", Impact.POTENTIALLY: "warning", Impact.NON_BREAKING: "note"}


def _run(rule_ids: list[str]) -> dict[str, object]:
    return {
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


def _incomplete(run: dict[str, object], reasons: list[str]) -> None:
    """A run that checked less than it was asked to says so where SARIF viewers look: the invocation."""
    if reasons:
        run["invocations"] = [{
            "executionSuccessful": False,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": f"incomplete: {r}"}}
                                           for r in reasons],
        }]  # fmt: skip


def render_check(report: Report, options: Options) -> str:
    return "".join(stream_check(report, options))


def stream_check(report: Report, options: Options) -> Iterator[str]:
    """The log a piece at a time: each result made as it is written (json_pieces)."""
    root = options.root or repository_root()
    shown = report.shown()
    rule_ids = sorted({finding.rule for finding, _ in shown})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    run = _run(rule_ids)
    run["results"] = json_pieces.hole()
    _incomplete(run, report.incomplete)
    if report.not_run:  # said where SARIF viewers look; the run itself succeeded
        invocation = (run.get("invocations") or [{"executionSuccessful": True}])[0]  # type: ignore[index]
        invocation.setdefault("toolExecutionNotifications", []).append({
            "level": "note",
            "message": {"text": f"no schema PATH: {len(report.not_run)} schema rule(s) not run "
                                f"({', '.join(report.not_run)})"},
        })  # fmt: skip
        run["invocations"] = [invocation]
    if report.unchecked:
        invocation = (run.get("invocations") or [{"executionSuccessful": True}])[0]  # type: ignore[index]
        notes = invocation.setdefault("toolExecutionNotifications", [])
        notes.extend({"level": "note", "message": {"text": f"not checked: {item}"}} for item in report.unchecked)
        run["invocations"] = [invocation]
    if report.baseline is not None:
        run["properties"] = {
            "baseline": {
                "path": report.baseline.path,
                "baselined": report.baseline.baselined,
                "stale": list(report.baseline.stale),
            }
        }
    baselined = report.baseline is not None
    results = (_result(finding, fingerprint, index, root, baselined) for finding, fingerprint in shown)
    return json_pieces.pieces(_document(run), results)


def _result(finding: Finding, fingerprint: str, index: dict[str, int], root: Path, baselined: bool) -> dict[str, object]:
    primary, related = _placed(finding.location, finding.related)
    spec_place = _location(finding.location, root)
    location = spec_place if primary is finding.location else _location(primary, root)
    if primary is not finding.location:
        location["logicalLocations"] = spec_place["logicalLocations"]
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding, moved=primary is not finding.location)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"subject": finding.subject},
    }
    if related:
        result["relatedLocations"] = [
            {"id": number, **(spec_place if where is finding.location else _location(where, root))}
            for number, where in enumerate(related, start=1)
        ]
    if baselined:
        result["baselineState"] = "new"
    return result


def _document(run: dict[str, object]) -> dict[str, object]:
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_diff(report: DiffReport, options: Options) -> str:
    return "".join(stream_diff(report, options))


def stream_diff(report: DiffReport, options: Options) -> Iterator[str]:
    """One result per change, at the new side's XSD line (the old side's for a removal), its level by impact:
    breaking = error, potentially breaking = warning, non-breaking = note."""
    root = options.root or repository_root()
    rule_ids = sorted({change.rule for change in report.changes})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    run = _run(rule_ids)
    run["results"] = json_pieces.hole()
    _incomplete(run, report.incomplete)
    return json_pieces.pieces(_document(run), _change_results(report, index, root))


def _change_results(report: DiffReport, index: dict[str, int], root: Path) -> Iterator[dict[str, object]]:
    seen: dict[str, int] = {}
    for change in sorted(report.changes, key=lambda c: (-Impact(c.impact).rank, c.sort_key())):
        where = change.new or change.old
        basis = f"{change.rule}\x1f{change.subject}\x1f{change.kind}\x1f{change.component}"
        seen[basis] = seen.get(basis, 0) + 1
        if seen[basis] > 1:
            basis += f"\x1f#{seen[basis]}"
        result: dict[str, object] = {
            "ruleId": change.rule,
            "ruleIndex": index[change.rule],
            "level": IMPACT_LEVELS[Impact(change.impact)],
            "message": {"text": f"{change.impact} ({change.direction}): {change.detail}"},
            "partialFingerprints": {FINGERPRINT_KEY: hashlib.sha256(basis.encode()).hexdigest()[:16]},
            "properties": {"subject": change.subject, "impact": str(change.impact), "direction": str(change.direction)},
        }
        if where is not None:
            result["locations"] = [_location(where, root)]
        if change.new is not None and change.old is not None:
            result["relatedLocations"] = [{"id": 1, **_location(change.old, root),
                                           "message": {"text": "before the change"}}]  # fmt: skip
        yield result


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    root = options.root or repository_root()
    notification: dict[str, object] = {"level": "error", "message": {"text": f"duislint {failure.headline}: "
                                                                             f"{failure.message}"}}  # fmt: skip
    if failure.path is not None:
        location: dict[str, object] = {"artifactLocation": {"uri": artifact_uri(failure.path, root)}}
        if failure.line:
            location["region"] = {"startLine": failure.line}
        notification["locations"] = [{"physicalLocation": location}]
    run: dict[str, object] = {
        "tool": {"driver": {"name": "duislint", "version": __version__, "informationUri": INFORMATION_URI}},
        "invocations": [{"executionSuccessful": False, "toolExecutionNotifications": [notification]}],
        "results": [],
    }
    del verb
    return json_pieces.dump(_document(run))


def _placed(where: Location, related: tuple[Location, ...]) -> tuple[Location, tuple[Location, ...]]:
    """Where a result goes: a specification finding at the first schema line it concerns (the specification
    becomes a related location), anything else where it is."""
    if where.line is not None or not spec_position(where):
        return where, related
    schema_line = next((r for r in related if r.line is not None and not spec_position(r)), None)
    if schema_line is None:
        return where, related
    return schema_line, (where, *(r for r in related if r is not schema_line))


def _message(finding, moved: bool = False) -> str:  # noqa: ANN001
    position = spec_position(finding.location) if finding.location.line is None else ""
    if position and moved:  # the result sits on a schema line: say which document the finding is about
        position = f"{finding.location.path.replace(chr(92), '/').rsplit('/', 1)[-1]} {position}"
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
        "defaultConfiguration": {"level": _default_level(rule)},
        "properties": {
            "tags": ["duis", rule.family],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITIES[rule.severity] if rule.severity else "warning",
        },  # fmt: skip
    }


def _default_level(rule: Rule) -> str:
    """A check rule's severity; a diff rule's stricter impact."""
    if rule.severity is not None:
        return LEVELS[rule.severity]
    assert rule.impacts is not None
    return IMPACT_LEVELS[max(rule.impacts.request, rule.impacts.response, key=lambda i: i.rank)]


def _help_text(rule: Rule) -> str:
    return f"{rule.summary}\n\nWhy it matters: {rule.why}\n\nBad:\n{rule.bad}\n\nGood:\n{rule.good}\n"


def _fence(text: str) -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}\n{text}\n{ticks}"


def _help_markdown(rule: Rule) -> str:
    return (
        f"**{rule.id} {rule.name}** ({rule.level})\n\n{rule.summary}\n\n**Why it matters.** {rule.why}\n\n"
        f"**Bad**\n\n{_fence(rule.bad)}\n\n**Good**\n\n{_fence(rule.good)}\n\n"
        f"`duislint rules {rule.id}` prints this help.\n"
    )

"""JSON: every field of a check or diff report, for tools. The contract the other formats are views of.

Every document says whether the run is complete: `"complete": false` (with the reasons under "incomplete", or the
"error" that stopped it) means some input was not checked, whatever the findings or changes say.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from duislint import __version__
from duislint.findings import Finding, Location, Report
from duislint.report import json_pieces

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.messages.load import ValidationError
    from duislint.report.formats import Options

TOOL = {"name": "duislint", "version": __version__}


def finding_dict(finding: Finding, fingerprint: str | None = None) -> dict[str, object]:
    """One finding; `fingerprint` is the one Report.fingerprinted() gave it (its key when not given)."""
    data: dict[str, object] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "subject": finding.subject,
        "location": finding.location.as_dict(),
        "related": [r.as_dict() for r in finding.related],
    }
    if finding.suggestion is not None:
        data["suggestion"] = finding.suggestion
    if finding.expected:
        data["expected"] = list(finding.expected)
    if finding.fix is not None:
        data["fix"] = fix_dict(finding.fix)
    data["fingerprint"] = fingerprint or finding.fingerprint
    return data


def fix_dict(fix) -> dict[str, object]:  # noqa: ANN001 - fix.edits.Fix
    """A finding's fix: its applicability, what it does, and each edit (its kind and fields)."""
    from dataclasses import asdict

    return {
        "applicability": fix.applicability.value,
        "description": fix.description,
        "edits": [{"kind": type(edit).__name__, **asdict(edit)} for edit in fix.edits],
    }


def render_check(report: Report, options: Options) -> str:
    return "".join(stream_check(report, options))


def stream_check(report: Report, options: Options) -> Iterator[str]:
    """The report a piece at a time: each finding's part made as it is written (json_pieces)."""
    del options
    shown = report.shown()
    document: dict[str, object] = {
        "tool": TOOL,
        "inputs": report.inputs,
        "findings": json_pieces.hole(),
        "summary": report.summary(),
    }
    fixable = report.fixable()
    if any(fixable.values()):
        document["fixable"] = fixable
    if report.baseline is not None:
        document["baseline"] = {
            "path": report.baseline.path,
            "baselined": report.baseline.baselined,
            "stale": list(report.baseline.stale),
        }
    if report.not_run:  # a run without a schema PATH: the schema rules did not pass, they did not run
        document["not_run"] = {"reason": "no schema PATH", "rules": list(report.not_run)}
    if report.unchecked:  # what the rules could not check with the documents given
        document["unchecked"] = [{"rule": u.rule, "count": u.count, "what": u.what} for u in report.unchecked]
    document["complete"] = not report.incomplete
    if report.incomplete:
        document["incomplete"] = list(report.incomplete)
    return json_pieces.pieces(document, (finding_dict(f, fingerprint) for f, fingerprint in shown))


def _location(location: Location | None) -> dict[str, object] | None:
    return location.as_dict() if location else None


def change_dict(change) -> dict[str, object]:  # noqa: ANN001 - diff.compare.Change
    found: dict[str, object] = {
        "kind": change.kind, "component": change.component, "subject": change.subject, "impact": change.impact,
        "rule": change.rule, "direction": change.direction, "detail": change.detail,
        "old": _location(change.old), "new": _location(change.new),
    }  # fmt: skip
    if change.basis:
        found["semantics"] = change.basis
    if change.parts:
        found["parts"] = [change_dict(part) for part in change.parts]
    if change.witness is not None:
        witness = change.witness
        found["witness"] = {
            "valid": witness.valid_under, "invalid": "old" if witness.valid_under == "new" else "new",
            "root": witness.root, "checked": witness.checked, "isolated": witness.isolated, "xml": witness.xml,
        }  # fmt: skip
    return found


def render_diff(report: DiffReport, options: Options) -> str:
    return "".join(stream_diff(report, options))


def stream_diff(report: DiffReport, options: Options) -> Iterator[str]:
    del options
    document: dict[str, object] = {
        "tool": TOOL,
        "old": report.old.label,
        "new": report.new.label,
        "changes": json_pieces.hole(),
        "summary": report.summary(),
    }
    if report.findings is not None or report.messages is not None:
        findings: dict[str, object] = {}
        if report.findings is not None:
            findings["fixed"] = [finding_dict(f) for f in report.findings.fixed]
            findings["introduced"] = [finding_dict(f) for f in report.findings.introduced]
        if report.messages is not None:
            findings["messages"] = {
                "checked": report.messages.checked,
                "broken": [
                    {"path": m.path, "errors": [_error_dict(e) for e in m.errors]} for m in report.messages.broken
                ],
            }
        document["findings"] = findings
    document["complete"] = not report.incomplete
    if report.incomplete:
        document["incomplete"] = list(report.incomplete)
    return json_pieces.pieces(document, map(change_dict, report.changes))


def _error_dict(error: ValidationError) -> dict[str, object]:
    data: dict[str, object] = {"line": error.line, "element": error.path, "message": error.message}
    if error.expected:
        data["expected"] = list(error.expected)
    return data


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    del options
    document = {
        "tool": TOOL,
        "error": {"kind": failure.kind.value, "path": failure.path, "line": failure.line, "message": failure.message},
        "findings" if verb != "diff" else "changes": [],
        "complete": False,
    }
    return _dump(document)


def _dump(document: dict[str, object]) -> str:
    return json_pieces.dump(document)

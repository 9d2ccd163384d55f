"""The JSON contract that later formats (SARIF, JUnit, HTML) build on."""

from __future__ import annotations

import json

from duislint import __version__
from duislint.findings import Finding, Report


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
    data["fingerprint"] = fingerprint or finding.fingerprint
    return data


def render(report: Report) -> str:
    document: dict[str, object] = {
        "tool": {"name": "duislint", "version": __version__},
        "inputs": report.inputs,
        "findings": [finding_dict(f, fingerprint) for f, fingerprint in report.shown()],
        "summary": report.summary(),
    }
    if report.baseline is not None:
        document["baseline"] = {
            "path": report.baseline.path,
            "baselined": report.baseline.baselined,
            "stale": list(report.baseline.stale),
        }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

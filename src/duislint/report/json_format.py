"""The JSON contract that later formats (SARIF, JUnit, HTML) build on."""

from __future__ import annotations

import json

from duislint import __version__
from duislint.findings import Finding, Report


def finding_dict(finding: Finding) -> dict[str, object]:
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
    data["fingerprint"] = finding.fingerprint
    return data


def render(report: Report) -> str:
    document = {
        "tool": {"name": "duislint", "version": __version__},
        "inputs": report.inputs,
        "findings": [finding_dict(f) for f in report.sorted_findings()],
        "summary": report.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

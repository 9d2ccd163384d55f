"""Findings: what every rule returns and every formatter reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding is: a file and line, or a spec section + table + row."""

    path: str
    line: int | None = None
    section: str | None = None
    table: int | None = None
    row: int | None = None

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "line": self.line}
        for key in ("section", "table", "row"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
        if self.section is not None:
            text += f" §{self.section}"
        if self.table is not None:
            text += f" table {self.table}"
        if self.row is not None:
            text += f" row {self.row}"
        return text


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    subject: str
    location: Location
    related: tuple[Location, ...] = ()
    suggestion: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable across message rewording and line shifts: rule + subject + file name."""
        basis = "\x1f".join((self.rule, self.subject, _file_name(self.location.path), self.location.section or ""))
        return hashlib.sha256(basis.encode()).hexdigest()[:16]

    def sort_key(self) -> tuple:
        """Document order: file, line; for a Word spec, section number (numerically), table, row."""
        loc = self.location
        section = tuple(int(p) if p.isdigit() else 0 for p in (loc.section or "").split(".") if p)
        return (loc.path, loc.line or 0, section, loc.table or 0, loc.row or 0, self.rule, self.subject, self.message)


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class Report:
    """The result of a run: inputs read, findings sorted once, and inputs that failed to load."""

    inputs: list[dict[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

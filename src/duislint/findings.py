"""Findings: what every rule returns and every formatter reads."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duislint.fix.edits import Fix
    from duislint.material import Material


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding is: a file and line, or a spec section + table + row; in a document of the Smart Energy Code,
    that document as the Code names it ("Section H", "Appendix AD") and the clause ("H17.5(a)") as the section."""

    path: str
    line: int | None = None
    section: str | None = None
    table: int | None = None
    row: int | None = None
    document: str | None = None

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "line": self.line}
        for key in ("document", "section", "table", "row"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
        if self.document is not None:
            text += f" {self.document}"
        if self.section is not None:
            text += f" §{self.section}"
        if self.table is not None:
            text += f" table {self.table}"
        if self.row is not None:
            text += f" row {self.row}"
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule reports: its severity and message, the component or item it is about, and where it is."""

    rule: str
    severity: Severity
    message: str
    subject: str
    location: Location
    related: tuple[Location, ...] = ()
    suggestion: str | None = None
    # what the schema expected, in full, where the message lists or quotes it (MS101: every allowed value, the
    # whole pattern, each allowed element; a message shortens long ones); the JSON report carries it
    expected: tuple[str, ...] = ()
    # the correction, where the finding has one (`duislint fix` applies it; reports mark the finding fixable)
    fix: Fix | None = field(default=None, compare=False)

    @property
    def fingerprint(self) -> str:
        """The fingerprint key: rule + subject + file name + spec section; never the message wording, a line, a
        table or a row number, so it survives rewording and edits elsewhere in the file. Findings that share a key
        are told apart by `fingerprints()`."""
        return _digest(self._fingerprint_basis())

    def _fingerprint_basis(self) -> str:
        return "\x1f".join((self.rule, self.subject, _file_name(self.location.path), self.location.section or ""))

    def sort_key(self) -> tuple:
        """Document order: file, line; for a Word spec, section number (numerically), table, row."""
        loc = self.location
        section = section_key(loc.section or "")
        return (loc.path, loc.line or 0, section, loc.table or 0, loc.row or 0, self.rule, self.subject, self.message)


_NUMBER_PARTS = re.compile(r"\d+|\D+")


def section_key(section: str) -> tuple:
    """A section or clause number in document order: '3.8.9' before '3.8.10', 'H17.5' before 'H17.5(a)' before
    'H17.6', 'G3.5' before 'G3.5A'. Each dotted part is its runs of digits (as numbers) and of other characters."""
    return tuple(
        tuple((0, int(run), "") if run.isdigit() else (1, 0, run) for run in _NUMBER_PARTS.findall(part))
        for part in section.split(".")
        if part
    )


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _digest(basis: str) -> str:
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def fingerprints(findings: list[Finding]) -> list[str]:
    """The fingerprint of each finding, for findings in sorted order. The first finding with a key keeps the key;
    the n-th (n = 2, 3, ...) gets the key hashed with n. Two findings never share a fingerprint, and the order
    within a key is document order, which edits elsewhere in the file do not change."""
    seen: dict[str, int] = {}
    prints = []
    for finding in findings:
        basis = finding._fingerprint_basis()
        count = seen.get(basis, 0)
        seen[basis] = count + 1
        prints.append(_digest(basis) if count == 0 else _digest(f"{basis}\x1f#{count + 1}"))
    return prints


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """What a baseline did to a run: which fingerprints it accepts, how many current findings it hid, and its
    entries that match no current finding (fixed since, or its subject or file renamed)."""

    path: str
    accepted: frozenset[str]
    baselined: int
    stale: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class NotChecked:
    """What a rule that ran could not check with the inputs given, without that being a finding (a reference into a
    document of the Code that the run was not given): every format counts it, so that silence never reads as
    checked."""

    rule: str
    count: int
    what: str  # "clause reference(s) into documents not given (Section F, Section J)"

    def __str__(self) -> str:
        return f"{self.count} {self.what} ({self.rule})"


@dataclass
class Report:
    """The result of a run: inputs read and findings, sorted and fingerprinted once; with a baseline, the findings
    it accepts are kept (they fix the fingerprints of the rest) but not shown, counted or failed on."""

    inputs: list[dict[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    baseline: BaselineResult | None = None
    # why the run could not check everything it was asked to (messages that no compiled schema could validate):
    # every format says so, and the run exits 2 whatever its findings
    incomplete: list[str] = field(default_factory=list)
    # what the run could do only in part, without failing it (no dictionary for the spelling rules): said on stderr
    notices: list[str] = field(default_factory=list)
    # the selected rules that did not run because the run had no schema PATH (they read a schema set): every
    # format says so, so that a text-only run never reads as the schema rules having passed
    not_run: list[str] = field(default_factory=list)
    # what the rules that ran could not check with the documents given (NotChecked)
    unchecked: list[NotChecked] = field(default_factory=list)
    # what the run read, for formats that show evidence; no formatter needs it else
    material: Material | None = field(default=None, repr=False, compare=False)

    def fingerprinted(self) -> list[tuple[Finding, str]]:
        """Every finding, sorted, with its fingerprint (baselined ones included)."""
        key = (id(self.findings), len(self.findings))
        if getattr(self, "_fingerprinted_key", None) != key:  # computed once, again only if findings are replaced
            ordered = sorted(self.findings, key=Finding.sort_key)
            self._fingerprinted = list(zip(ordered, fingerprints(ordered), strict=True))
            self._fingerprinted_key = key
        return self._fingerprinted

    def shown(self) -> list[tuple[Finding, str]]:
        """The findings that count: sorted, fingerprinted, less those the baseline accepts."""
        accepted = self.baseline.accepted if self.baseline else frozenset()
        return [(f, fp) for f, fp in self.fingerprinted() if fp not in accepted]

    def sorted_findings(self) -> list[Finding]:
        return [finding for finding, _ in self.shown()]

    def fixable(self) -> dict[str, int]:
        """How many shown findings `duislint fix` corrects: safe fixes, and unsafe ones (with --unsafe-fixes)."""
        counts = {"safe": 0, "unsafe": 0}
        for finding in self.sorted_findings():
            if finding.fix is not None:
                counts[finding.fix.applicability.value] += 1
        return counts

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.sorted_findings():
            counts[finding.severity.value] += 1
        return counts

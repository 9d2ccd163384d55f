"""The result of `duislint diff`, typed as `findings.Report` is for `check`: what every diff format renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from duislint.rules import Impact

if TYPE_CHECKING:
    from duislint.diff.compare import Change
    from duislint.findings import Finding
    from duislint.messages.load import ValidationError


@dataclass(frozen=True, slots=True)
class DiffSide:
    """One side as reports name it: the label the user gave (a folder, a file, REV:PATH), its input files and their
    text (for evidence), all by the paths reports show (REV:PATH for a git side, never its temporary copy)."""

    label: str
    inputs: tuple[dict[str, str], ...] = ()
    lines: dict[str, Sequence[str]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class BrokenMessage:
    """A sample message valid under the old schemas that the new ones reject, with the new schemas' errors."""

    path: str
    errors: tuple[ValidationError, ...]


@dataclass(frozen=True, slots=True)
class MessagesDelta:
    """What `--messages` found: how many sample messages were checked, and those the uplift breaks."""

    checked: int
    broken: tuple[BrokenMessage, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingsDelta:
    """The findings an uplift fixes (in the old side's check, not in the new one's) and introduces."""

    fixed: tuple[Finding, ...] = ()
    introduced: tuple[Finding, ...] = ()


@dataclass
class DiffReport:
    """Everything a diff found: the sorted changes, and with --spec/--messages the findings and messages."""

    old: DiffSide
    new: DiffSide
    changes: list[Change] = field(default_factory=list)
    findings: FindingsDelta | None = None
    messages: MessagesDelta | None = None
    # what could not be compared (messages that a side's schemas could not validate): every format says so, and
    # the run exits 2 whatever the changes
    incomplete: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = {impact.value: 0 for impact in IMPACTS}
        for change in self.changes:
            counts[change.impact.value] += 1
        return counts

    def worst(self) -> Impact | None:
        return max((c.impact for c in self.changes), key=lambda i: i.rank, default=None)

    def by_impact(self) -> list[tuple[Impact, list[Change]]]:
        """The changes grouped by impact, breaking first, each group in change order."""
        groups = []
        for impact in IMPACTS:
            mine = [c for c in self.changes if c.impact is impact]
            if mine:
                groups.append((impact, mine))
        return groups

    @property
    def broken_messages(self) -> bool:
        return bool(self.messages and self.messages.broken)


IMPACTS = (Impact.BREAKING, Impact.POTENTIALLY, Impact.NON_BREAKING)  # the order reports list them in
IMPACT_TITLES = {Impact.BREAKING: "Breaking", Impact.POTENTIALLY: "Potentially breaking",
                 Impact.NON_BREAKING: "Non-breaking"}  # fmt: skip

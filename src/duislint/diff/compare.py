"""Compare two loaded schema sets: every difference (diff.classify), described and classed by the one diff rule
that covers it (diff.rules), with rename hints; sorted once."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from duislint.diff.classify import ChangeKind, Difference, Scope, Side, differences
from duislint.findings import Location
from duislint.rules import Direction, Impact, Rule, RuleKind, all_rules
from duislint.xsd.compare import Aspect, Effect
from duislint.xsd.components import Component
from duislint.xsd.flatten import EntryKind, flatten

if TYPE_CHECKING:
    from duislint.diff.semantic import Witness


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the old and the new schema set, with the rule it falls under and its impact."""

    kind: ChangeKind
    component: str  # element, attribute, type, group, enumeration value, facet, occurrence, content model, import...
    subject: str  # e.g. sr:Device/Connectivity, sr:ResponseCode=E64
    impact: Impact
    rule: str  # the rule's ID, e.g. BR104
    detail: str
    old: Location | None
    new: Location | None
    direction: Direction
    parts: tuple[Change, ...] = ()  # the syntactic changes one semantic change explains
    witness: Witness | None = None  # a fragment valid under one side and not the other
    basis: str = ""  # what the comparison of the two languages proved, in words

    @property
    def basis_line(self) -> str:
        """The basis as reports print it: what was proved, or why nothing could be."""
        if not self.basis:
            return ""
        if self.basis.startswith("not decided"):
            return self.basis
        return f"proved ({_REACHED[self.direction]}): {self.basis}"

    def sort_key(self) -> tuple:
        return (self.subject, self.component, self.kind, self.detail)


_REACHED = {Direction.REQUEST: "in requests", Direction.RESPONSE: "in responses and alerts",
            Direction.BOTH: "in requests and responses", Direction.NONE: "reached from no message"}  # fmt: skip


class UnclassifiedChange(Exception):
    """A difference no diff rule covers: a defect of duislint, never a silent omission."""


def compare(
    old: Side, new: Side, rules: Iterable[Rule] | None = None, annotations: bool = False, semantics: bool = True
) -> list[Change]:
    """The changes from `old` to `new` under the diff rules given (all by default); a difference whose rule is not
    among them (--ignore) is left out. With `semantics`, the differences one definition's change explains are
    one change, judged by what the two sets accept (diff.semantic); without, each keeps its rule's impact."""
    every = all_rules(RuleKind.DIFF)
    chosen = {r.id for r in (rules if rules is not None else every)}
    found: list[tuple[Difference, Change]] = []
    for difference in differences(old, new, annotations):
        rule, change = _classified(difference, every)
        if rule.id in chosen:
            found.append((difference, change))
    hinted = _hint_renames(found, old, new)
    if semantics:
        from duislint.diff.semantic import judge

        hinted = judge([(d, c) for (d, _), c in zip(found, hinted, strict=True)], old, new)
    return sorted(hinted, key=Change.sort_key)


def _classified(difference: Difference, rules: list[Rule]) -> tuple[Rule, Change]:
    claims = [(r, d) for r in rules if r.classify is not None for d in [r.classify(difference)] if d is not None]
    if len(claims) != 1:
        names = ", ".join(r.id for r, _ in claims) or "none"
        raise UnclassifiedChange(f"{difference.scope.value} {difference.effect.value} {difference.subject}: {names}")
    rule, described = claims[0]
    assert rule.impacts is not None
    impact = rule.impacts.of(difference.direction)
    return rule, Change(described.kind, described.component, difference.subject, impact, rule.id, described.detail,
                        difference.old, difference.new, difference.direction)  # fmt: skip


# --- renames ----------------------------------------------------------------------------------------------------


def _hint_renames(found: list[tuple[Difference, Change]], old: Side, new: Side) -> list[Change]:
    """Renames show as removed + added; when the shapes match, say so on both. Candidates are bucketed by shape,
    so a release that renames everything (a new target namespace) stays linear."""
    changes = [change for _, change in found]
    added: dict[tuple, list[int]] = {}
    for index, (difference, _) in enumerate(found):
        shape = _member_shape(difference, Effect.ADDED)
        if shape is not None:
            added.setdefault(shape, []).append(index)
    for index, (difference, gone) in enumerate(found):
        shape = _member_shape(difference, Effect.REMOVED)
        if shape is None:
            continue
        parent, _, name = gone.subject.rpartition("/")
        candidates = added.get(shape, [])
        for come_index in candidates:
            come = changes[come_index]
            new_parent, _, new_name = come.subject.rpartition("/")
            if new_parent == parent:
                hints = (f"probably renamed to {_readable(new_name)}", f"probably renamed from {_readable(name)}")
            elif new_name == name and new_parent.split("/", 1)[0] == parent.split("/", 1)[0]:
                hints = (f"probably moved to {come.subject}", f"probably moved from {gone.subject}")
            else:
                continue
            candidates.remove(come_index)
            changes[index] = _with_hint(gone, hints[0])
            changes[come_index] = _with_hint(come, hints[1])
            break
    _hint_component_renames(found, changes)
    return changes


def _member_shape(difference: Difference, effect: Effect) -> tuple | None:
    """What an element or attribute added or removed is, less its name: (kind, declaration)."""
    delta = difference.delta
    if delta is None or delta.aspect is not Aspect.PRESENCE or delta.effect is not effect:
        return None
    if delta.kind not in (EntryKind.ELEMENT, EntryKind.ATTRIBUTE):
        return None
    return (delta.kind, replace(delta.entry, path=""))


def _hint_component_renames(found: list[tuple[Difference, Change]], changes: list[Change]) -> None:
    """A global component removed and another of the same kind and the same content added: a rename."""

    def shape(component: Component) -> tuple:
        return (component.kind, frozenset(flatten(component).values()))

    shapes: dict[tuple, list[int]] = {}
    for index, (difference, _) in enumerate(found):
        if difference.scope is Scope.COMPONENT and difference.effect is Effect.ADDED and difference.component:
            shapes.setdefault(shape(difference.component), []).append(index)
    if not shapes:
        return
    for index, (difference, gone) in enumerate(found):
        if difference.scope is not Scope.COMPONENT or difference.effect is not Effect.REMOVED:
            continue
        matches = shapes.get(shape(difference.component)) if difference.component else None
        if matches:
            come_index = matches.pop(0)
            come = changes[come_index]
            changes[index] = _with_hint(changes[index], f"probably renamed to {come.subject}")
            changes[come_index] = _with_hint(come, f"probably renamed from {gone.subject}")


def _readable(name: str) -> str:
    """Name[2] (a repeated name's path) as a reader says it: a second Name."""
    match = re.fullmatch(r"(.*)\[(\d+)\]", name)
    if match is None:
        return name
    nth = {"2": "second", "3": "third"}.get(match.group(2), f"{match.group(2)}th")
    return f"a {nth} {match.group(1)}"


def _with_hint(change: Change, hint: str) -> Change:
    return replace(change, detail=f"{change.detail}; {hint}")

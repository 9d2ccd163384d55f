"""One comparison of schema structure: two flattened definitions (xsd.flatten) -> typed differences.

Each difference names the aspect that differs and its effect on what the second side accepts compared with the
first: tightened (accepts less), loosened (accepts more), changed (neither only more nor only less), added,
removed. `duislint diff` compares old X with new X and classes each difference by a rule (diff.rules); the twin
rules (XS401, XS402) compare sr:X with ra:X. Neither renders or judges here: this module only says what differs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Union

from duislint.xsd import builtins
from duislint.xsd.flatten import Entries, Entry, EntryKind, Occurs
from duislint.xsd.model import QName


class Effect(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    TIGHTENED = "tightened"
    LOOSENED = "loosened"
    CHANGED = "changed"


class Aspect(StrEnum):
    PRESENCE = "presence"  # an entry on one side only
    TYPE = "type"  # an element's or attribute's type (or ref)
    OCCURS = "occurs"  # minOccurs/maxOccurs of an element, compositor, group reference or wildcard
    USE = "use"  # an attribute's use
    FIXED = "fixed"
    DEFAULT = "default"
    NILLABLE = "nillable"
    FACET = "facet"  # the value of one facet (not a pattern)
    PATTERNS = "patterns"  # the set of patterns of one type
    COMPOSITOR = "compositor"  # sequence / choice / all
    ORDER = "order"  # the order of a sequence's elements
    BASE = "base"  # only a simple type's built-in base, widened or narrowed
    DERIVATION = "derivation"  # a type's kind, content, derivation, base or members otherwise
    WILDCARD = "wildcard"  # a wildcard's namespaces or processContents


Value = Union[str, QName, Occurs, bool, tuple[str, ...], None]


@dataclass(frozen=True, slots=True)
class Delta:
    """One difference between two definitions: where, what aspect, its effect, and the aspect's value on each side
    (for PATTERNS, the patterns only on that side; for PRESENCE, None)."""

    path: str
    kind: EntryKind
    aspect: Aspect
    effect: Effect
    before: Entry | None
    after: Entry | None
    old: Value = None
    new: Value = None

    @property
    def entry(self) -> Entry:
        """The entry as it is after, else as it was."""
        found = self.after or self.before
        assert found is not None
        return found


def texts(value: Value) -> tuple[str, ...]:
    """A PATTERNS or ORDER value: its texts."""
    return value if isinstance(value, tuple) else ()


def name(value: Value) -> QName | None:
    """A TYPE or BASE value: the type's name."""
    return value if isinstance(value, QName) else None


_TIGHTER_WHEN_LOWER = {"maxInclusive", "maxExclusive", "maxLength", "totalDigits", "fractionDigits"}
_TIGHTER_WHEN_HIGHER = {"minInclusive", "minExclusive", "minLength"}


def compare_entries(before: Entries, after: Entries) -> list[Delta]:
    """Every difference between two flattened definitions. What lies inside an element or attribute that is added,
    removed or given another type is not listed again: the one difference at its top says it."""
    if before == after:  # most components of two releases: nothing to sort out
        return []
    keys = sorted(set(before) | set(after))
    replaced = _replaced_subtrees(keys, before, after)
    deltas = _pattern_deltas(keys, before, after, replaced)
    for key in keys:
        a, b = before.get(key), after.get(key)
        entry = a or b
        if entry is not None and entry.kind is EntryKind.FACET and entry.facet == "pattern":
            continue
        if a == b or any(key[1].startswith(prefix) for prefix in replaced):
            continue
        deltas.extend(_entry_deltas(a, b))
    return deltas


def _replaced_subtrees(keys: list[tuple[EntryKind, str]], before: Entries, after: Entries) -> set[str]:
    prefixes: set[str] = set()
    for key in keys:
        if key[0] not in (EntryKind.ELEMENT, EntryKind.ATTRIBUTE):
            continue
        a, b = before.get(key), after.get(key)
        if a is None or b is None or a.type_or_ref != b.type_or_ref:
            prefixes.add(key[1] + "/")
    return prefixes


def _pattern_deltas(keys, before: Entries, after: Entries, replaced: set[str]) -> list[Delta]:  # noqa: ANN001
    """Patterns are compared per type: one changed pattern set is one difference (CHANGED); patterns only added
    narrow (TIGHTENED), patterns only removed widen (LOOSENED)."""
    by_type: dict[str, tuple[list[Entry], list[Entry]]] = {}
    for key in keys:
        a, b = before.get(key), after.get(key)
        entry = a or b
        if key[0] is not EntryKind.FACET or entry is None or entry.facet != "pattern" or (a and b):
            continue
        if any(key[1].startswith(prefix) for prefix in replaced):
            continue
        at = key[1].split("#pattern=", 1)[0]
        gone, come = by_type.setdefault(at, ([], []))
        (gone if b is None else come).append(entry)
    deltas = []
    for at, (gone, come) in by_type.items():
        effect = Effect.CHANGED if gone and come else (Effect.LOOSENED if gone else Effect.TIGHTENED)
        deltas.append(Delta(f"{at}#pattern", EntryKind.FACET, Aspect.PATTERNS, effect, gone[0] if gone else None,
                            come[0] if come else None, tuple(e.value or "" for e in gone),
                            tuple(e.value or "" for e in come)))  # fmt: skip
    return deltas


def _entry_deltas(a: Entry | None, b: Entry | None) -> list[Delta]:
    entry = b or a
    assert entry is not None
    if a is None or b is None:
        if entry.implied:
            return []  # a totalDigits the bounds imply allows no value more or less than its absence
        return [Delta(entry.path, entry.kind, Aspect.PRESENCE, Effect.ADDED if a is None else Effect.REMOVED, a, b)]
    if entry.kind in (EntryKind.ELEMENT, EntryKind.ATTRIBUTE):
        return _member_deltas(a, b)
    if entry.kind is EntryKind.FACET:
        return [_facet_delta(a, b)]
    if entry.kind in (EntryKind.COMPOSITOR, EntryKind.GROUP_REF, EntryKind.WILDCARD):
        return _particle_deltas(a, b)
    if entry.kind is EntryKind.DERIVATION:
        return _derivation_deltas(a, b)
    return []


def _delta(a: Entry, b: Entry, aspect: Aspect, effect: Effect, old: Value, new: Value) -> Delta:
    return Delta(b.path, b.kind, aspect, effect, a, b, old, new)


def _member_deltas(a: Entry, b: Entry) -> list[Delta]:
    deltas = []
    if a.type_or_ref != b.type_or_ref:
        deltas.append(_delta(a, b, Aspect.TYPE, type_effect(a.type_or_ref, b.type_or_ref), a.type_or_ref,
                             b.type_or_ref))  # fmt: skip
    deltas.extend(_value_constraint_deltas(a, b))
    if b.kind is EntryKind.ATTRIBUTE:
        if a.use != b.use:
            deltas.append(_delta(a, b, Aspect.USE, _use_effect(a.use or "optional", b.use or "optional"), a.use, b.use))
        return deltas
    if a.occurs != b.occurs:
        deltas.append(_delta(a, b, Aspect.OCCURS, occurs_effect(a.occurs or Occurs(), b.occurs or Occurs()),
                             a.occurs, b.occurs))  # fmt: skip
    return deltas


def _value_constraint_deltas(a: Entry, b: Entry) -> list[Delta]:
    """fixed, default and nillable. A fixed value added allows one value where many were valid (tightened);
    removed, it loosens; another fixed or default value changes what a message means."""
    deltas = []
    if a.fixed != b.fixed:
        effect = Effect.TIGHTENED if a.fixed is None else (Effect.LOOSENED if b.fixed is None else Effect.CHANGED)
        deltas.append(_delta(a, b, Aspect.FIXED, effect, a.fixed, b.fixed))
    if a.default != b.default:
        deltas.append(_delta(a, b, Aspect.DEFAULT, Effect.CHANGED, a.default, b.default))
    if a.nillable != b.nillable:
        effect = Effect.LOOSENED if b.nillable else Effect.TIGHTENED
        deltas.append(_delta(a, b, Aspect.NILLABLE, effect, a.nillable, b.nillable))
    return deltas


def type_effect(before: QName | None, after: QName | None) -> Effect:
    """A change between built-in types that only widens (xs:int -> xs:long) or only narrows; CHANGED otherwise."""
    relation = builtins.relation(str(before or ""), str(after or ""))
    return {builtins.WIDER: Effect.LOOSENED, builtins.NARROWER: Effect.TIGHTENED}.get(relation or "", Effect.CHANGED)


def occurs_effect(before: Occurs, after: Occurs) -> Effect:
    if after.admits_all_of(before):
        return Effect.LOOSENED
    if before.admits_all_of(after):
        return Effect.TIGHTENED
    return Effect.CHANGED


_USE_PRESENCE = {"prohibited": (False,), "optional": (False, True), "required": (True,)}


def _use_effect(before: str, after: str) -> Effect:
    """By the presences each use admits: optional -> required or prohibited tightens, the reverse loosens."""
    old, new = set(_USE_PRESENCE.get(before, (False, True))), set(_USE_PRESENCE.get(after, (False, True)))
    return Effect.TIGHTENED if new < old else (Effect.LOOSENED if new > old else Effect.CHANGED)


def _facet_delta(a: Entry, b: Entry) -> Delta:
    name = b.facet or ""
    effect = Effect.CHANGED
    try:
        lower = float(b.value or "") < float(a.value or "")
        if name in _TIGHTER_WHEN_LOWER:
            effect = Effect.TIGHTENED if lower else Effect.LOOSENED
        elif name in _TIGHTER_WHEN_HIGHER:
            effect = Effect.LOOSENED if lower else Effect.TIGHTENED
    except ValueError:
        pass
    return _delta(a, b, Aspect.FACET, effect, a.value, b.value)


def _particle_deltas(a: Entry, b: Entry) -> list[Delta]:
    deltas = []
    if a.wildcard != b.wildcard:
        deltas.append(_delta(a, b, Aspect.WILDCARD, Effect.CHANGED, a.wildcard, b.wildcard))
    if a.compositor != b.compositor:
        deltas.append(_delta(a, b, Aspect.COMPOSITOR, Effect.CHANGED, a.compositor, b.compositor))
    if a.occurs != b.occurs:
        deltas.append(_delta(a, b, Aspect.OCCURS, occurs_effect(a.occurs or Occurs(), b.occurs or Occurs()),
                             a.occurs, b.occurs))  # fmt: skip
    if b.kind is EntryKind.COMPOSITOR and a.compositor == b.compositor != "choice":
        common = tuple(n for n in a.order if n in b.order)
        moved = tuple(n for n in b.order if n in a.order)
        if moved != common:
            deltas.append(_delta(a, b, Aspect.ORDER, Effect.CHANGED, common, moved))
    return deltas


def _derivation_deltas(a: Entry, b: Entry) -> list[Delta]:
    if a.type_kind is None and b.type_kind is None:  # a global element's declaration
        deltas = []
        if a.type != b.type:
            deltas.append(_delta(a, b, Aspect.TYPE, type_effect(a.type, b.type), a.type, b.type))
        if a.base != b.base or a.abstract != b.abstract:  # its substitution group, or whether it is abstract
            deltas.append(_delta(a, b, Aspect.DERIVATION, Effect.CHANGED, None, None))
        return deltas + _value_constraint_deltas(a, b)
    if _only_base_differs(a, b):
        effect = type_effect(a.base, b.base)
        if effect is not Effect.CHANGED:
            return [_delta(a, b, Aspect.BASE, effect, a.base, b.base)]
    return [_delta(a, b, Aspect.DERIVATION, Effect.CHANGED, None, None)]


def _only_base_differs(a: Entry, b: Entry) -> bool:
    """A simple type restricting another built-in base, all else alike (its facets are compared on their own)."""
    return a.derivation == b.derivation == "restriction" and replace(a, base=b.base) == b

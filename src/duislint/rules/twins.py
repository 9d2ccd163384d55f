"""XS4xx: sr:/ra: twins (types that DUIS and MMC both define) stay the same, all the way down.

The twins are compared by the one structural comparison of the schema (xsd.flatten + xsd.compare) that
`duislint diff` uses for old and new: sr:X is the "before", ra:X the "after", both read as if written in one
namespace (a ra: type as its sr: twin, whose name may differ in case). Where an element, an attribute or a
derivation names another type on each side (sr:A/Child of type sr:B, ra:A/Child of type ra:C, B and C not twins),
B is compared with C in turn (a type written inside the declaration on one side counts as a type too), once
however often the pair recurs, and what differs is reported there, with the place the pair was reached from.
Not followed: element references (ref=), built-in and other namespaces' types, which have no structure here to
compare, and the code lists (DU104 compares those).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Iterator, Mapping

from duislint import duis
from duislint.findings import Severity
from duislint.graph import twin_pairs
from duislint.rules import CheckContext, Hit, rule
from duislint.xsd.compare import Aspect, Delta, Effect, compare_entries, texts
from duislint.xsd.flatten import ANONYMOUS, Entries, Entry, EntryKind, Occurs, flatten_definition
from duislint.xsd.model import XS, QName, SchemaModel, Source

# Code lists are compared value by value by DU104; not reported twice here, nor reached from other types.
_CODE_LISTS = {duis.SERVICE_REFERENCE, duis.SERVICE_REFERENCE_VARIANT}


@rule("XS401", "twin-drift", Severity.WARNING, "schema")
def twin_drift(context: CheckContext) -> Iterator[Hit]:
    """A type defined in both namespaces (sr:X in DUIS, ra:X in MMC) differs in structure between its definitions.

    Why:
        MMC repeats many DUIS types ("Types previously defined in DUIS") so that responses and alerts can carry
        them; they are meant to stay the same. When one copy changes (a base type, an element's type, an element or
        enumeration value on one side only) the same data item validates differently in a request and in its
        response, and the specification describes only one of them. Defaults (minOccurs="1", maxOccurs="1"),
        prefixes, whitespace and annotations are normalised first; every difference is listed. Twins are paired by
        name, or, when no exact twin exists, by a name that differs only in case (the message says so). Where the
        twins give an element, an attribute or a derivation types that are not twins (sr:B, ra:C), B is compared
        with C, and so on down: drift is reported once, at the deepest pair that differs, from the place the pair
        was reached; the twin above lists that item only if it differs in more than its type (its occurrence).

    Bad:
        DUIS: <xs:element name="DebtRecoveryRate" type="xs:short"/>
        MMC:  <xs:element name="DebtRecoveryRate" type="xs:integer"/>

        DUIS: <xs:complexType name="Profiles"><xs:sequence>
                <xs:element name="Profile" type="sr:ProfileGas"/>     <!-- WeekName, ReferencedDayName -->
        MMC:  <xs:complexType name="Profiles"><xs:sequence>
                <xs:element name="Profile" type="ra:GasProfile"/>     <!-- WeekName, ReferencedDay -->
        reported as sr:ProfileGas~ra:GasProfile, reached from sr:Profiles/Profile against ra:Profiles/Profile

    Good:
        DUIS: <xs:element name="DebtRecoveryRate" type="xs:short"/>
        MMC:  <xs:element name="DebtRecoveryRate" type="xs:short"/>
    """
    yield from _twin_hits(context, drift=True)


@rule("XS402", "twin-relaxed-or-explained", Severity.INFO, "schema")
def twin_relaxed_or_explained(context: CheckContext) -> Iterator[Hit]:
    """The MMC (ra:) copy of a DUIS type differs only by making items optional, in ways a comment explains, or in
    the names of types of the same structure; or twins the same in structure have names that differ in case.

    Why:
        MMC often relaxes the response copy of a request type (minOccurs="0") because a device may report
        partial data, and sometimes says in a comment why an item is absent ("measurement period expected but
        not present in GBCS"). An element may also have a type of another name on each side whose structure is
        the same, all the way down ("the same structure under another name"): a harmless rename, unless the
        specification names the type. Such differences are usually deliberate, so they are reported apart from
        real drift (XS401) and at info level: review that each one is meant. Twins paired by a name that differs
        only in case (sr:SwitchTypeAndId, ra:SwitchTypeAndID) that do not differ at their own level are reported
        here too, one type spelt two ways; the message says whether their structure is the same all the way down
        (drift below them is XS401's).

    Bad:
        DUIS: <xs:element name="SwitchTime" type="xs:time"/>
        MMC:  <xs:element name="SwitchTime" type="xs:time" minOccurs="0"/>   <!-- unintended? -->

        DUIS: <xs:element name="Schedule" type="sr:ProfileSchedule"/>
        MMC:  <xs:element name="Schedule" type="ra:ProfileScheduleElement"/>  <!-- same content, other name -->

    Good:
        DUIS: <xs:element name="SwitchTime" type="xs:time"/>
        MMC:  <xs:element name="SwitchTime" type="xs:time"/>
    """
    yield from _twin_hits(context, drift=False)


class Standing(StrEnum):
    """How a difference weighs: drift (XS401), or deliberate-looking or harmless (XS402)."""

    DRIFT = "drift"
    RELAXED = "relaxed"  # the ra: copy only lowers minOccurs / makes an attribute optional, or a comment explains
    RENAMED = "renamed"  # types of another name on either side, of the same structure all the way down


@dataclass(frozen=True, slots=True)
class Difference:
    """One way a compared pair differs, with the line on either side."""

    detail: str
    sr_source: Source
    ra_source: Source
    standing: Standing = Standing.DRIFT


@dataclass(frozen=True, slots=True)
class Reach:
    """Where a pair of types that are not twins by name meet: the same place on either side of a compared pair
    (sr:A/Child against ra:A/Child, paths from the twins), as the type or as the base of what is there."""

    sr_path: str
    ra_path: str
    relation: str  # "type" | "base"


@dataclass(frozen=True, slots=True)
class TwinDrift:
    """A compared pair that differs, and how: twins (no reaches), or a pair that twins lead to (its reaches)."""

    sr_shown: str  # sr:WeekProfileGas; for a type written inside a declaration, the declaration's path
    ra_shown: str
    sr_source: Source  # where each side is defined
    ra_source: Source
    differences: tuple[Difference, ...]
    reaches: tuple[Reach, ...] = ()
    names_differ_in_case: bool = False
    alike: bool = False  # the same structure all the way down (a twin pair only its names' case tells apart)

    @property
    def drift(self) -> bool:
        return any(d.standing is Standing.DRIFT for d in self.differences)


@dataclass(frozen=True, slots=True)
class Shape:
    """One side of a compared pair as compared: its flattened definition (every name in sr: form), what it is
    shown as, where it is, and the comments that may explain it."""

    shown: str
    entries: Entries
    source: Source
    written: Mapping[QName, QName]  # a name as compared -> as written (ra:C is compared as sr:C)
    explanations: tuple[str, ...] = ()
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Compared:
    """What comparing a pair found: its differences, and whether it is the same structure all the way down (no
    difference but types of another name alike in turn)."""

    differences: tuple[Difference, ...]
    alike: bool


@dataclass(frozen=True, slots=True)
class Below:
    """A difference of type (or base) that led to a pair compared on its own, and whether that pair is alike."""

    sr_shown: str
    ra_shown: str
    alike: bool


def _twin_hits(context: CheckContext, drift: bool) -> Iterator[Hit]:
    for found in context.memo(compare_twins):
        if found.drift != drift:
            continue
        subject = f"{found.sr_shown}~{found.ra_shown}"
        if not found.differences:  # twins whose names differ in case, and in nothing else at this level
            alike = "the same structure but " if found.alike else ""
            yield Hit(f"{found.sr_shown} and {found.ra_shown} have {alike}names that differ in case", subject,
                      found.sr_source, related=(found.ra_source,))  # fmt: skip
            continue
        count = len(found.differences)
        details = "; ".join(d.detail for d in found.differences)
        yield Hit(
            f"{_header(found)} differ in {count} place{'s' if count > 1 else ''}: {details}{_elsewhere(found)}",
            subject,
            found.differences[0].sr_source,
            related=tuple(dict.fromkeys(d.ra_source for d in found.differences)),
        )


def _header(found: TwinDrift) -> str:
    """ "sr:X and ra:X", or how a pair that is not twins was reached: "sr:A/Child (type sr:B) against ..."."""
    if not found.reaches:
        case = " (names differ in case)" if found.names_differ_in_case else ""
        return f"{found.sr_shown} and {found.ra_shown}{case}"
    first = found.reaches[0]
    return (f"{first.sr_path} ({_what(first, found.sr_shown)}) against "
            f"{first.ra_path} ({_what(first, found.ra_shown)})")  # fmt: skip


def _what(reach: Reach, shown: str) -> str:
    """What a side of a reach has there: "type sr:B", "base sr:B", or a type written inside the declaration (whose
    shape is shown as the declaration's path)."""
    return f"{reach.relation} {shown}" if shown != reach.sr_path and shown != reach.ra_path else "anonymous type"


def _elsewhere(found: TwinDrift) -> str:
    others = [f"{r.sr_path} against {r.ra_path}" for r in found.reaches[1:]]
    return f" (the same pair meets at {', '.join(others)} too)" if others else ""


def compare_twins(context: CheckContext) -> list[TwinDrift]:
    """Every sr:/ra: twin pair that differs, and every pair of other types they lead to that differs, with its
    differences (XS401 and XS402 both read it: once a run)."""
    model = context.model
    twins = [(s, r) for s, r in twin_pairs(model) if s.local not in _CODE_LISTS]
    comparer = _Comparer(model, twins)
    found = []
    for sr_name, ra_name in twins:
        left, right = comparer.shape_of(sr_name), comparer.shape_of(ra_name)
        if left is None or right is None:
            continue
        compared = comparer.compare(left, right, (left.shown, right.shown))
        assert compared is not None  # None only for a pair still being compared, which a twin at the top is not
        case = sr_name.local != ra_name.local
        if compared.differences or case:
            found.append(TwinDrift(left.shown, right.shown, left.source, right.source, compared.differences,
                                   names_differ_in_case=case, alike=compared.alike))  # fmt: skip
    twin_keys = {(model.show(s), model.show(r)) for s, r in twins}
    for key, reaches in comparer.reached.items():
        compared = comparer.compared[key]
        assert compared is not None  # every pair is compared by now
        if key not in twin_keys and compared.differences and not compared.alike:
            (sr_shown, ra_shown), (left, right) = key, comparer.shapes[key]
            found.append(TwinDrift(sr_shown, ra_shown, left.source, right.source, compared.differences,
                                   tuple(sorted(reaches, key=lambda r: (r.sr_path, r.ra_path)))))  # fmt: skip
    return found


class _Comparer:
    """Compares pairs of types, each pair once: the twins, and the pairs of other types their differences lead to
    (which it records, with where they meet). Flattened definitions are made once a type."""

    def __init__(self, model: SchemaModel, twins: list[tuple[QName, QName]]) -> None:
        self.model = model
        # ra:X is read as its sr: twin (sr:X, or a name of other case): a twin refers to the twin of what the
        # other copy refers to
        self._as_sr = {ra: sr for sr, ra in twins}
        self._comments: dict[str, list[str]] = {}
        for comment in model.comments:
            self._comments.setdefault(comment.context, []).append(comment.text)
        self._shapes: dict[QName, Shape | None] = {}
        # what comparing a pair found; None while it is being compared
        self.compared: dict[tuple[str, str], Compared | None] = {}
        self.reached: dict[tuple[str, str], list[Reach]] = {}
        self.shapes: dict[tuple[str, str], tuple[Shape, Shape]] = {}

    def shape_of(self, name: QName) -> Shape | None:
        """A named type's shape; None for a built-in or undefined type, or a code list."""
        if name not in self._shapes:
            typedef = self.model.named_type(name)
            if typedef is None or name.local in _CODE_LISTS:
                self._shapes[name] = None
            else:
                written: dict[QName, QName] = {}
                as_sr = self._as_sr

                def rename(value: QName) -> QName:
                    if value.namespace != duis.RA_NS:
                        return value
                    compared = as_sr.get(value) or QName(duis.SR_NS, value.local)
                    written.setdefault(compared, value)
                    return compared

                shown = self.model.show(name)
                entries = flatten_definition(typedef, rename)
                self._shapes[name] = Shape(shown, entries, typedef.source, written,
                                           tuple(self._comments.get(shown, ())))  # fmt: skip
        return self._shapes[name]

    def compare(self, left: Shape, right: Shape, at: tuple[str, str]) -> Compared | None:
        """The differences of two shapes (`at`: the paths they are reached by), comparing in turn the pairs of
        types that differing types and bases lead to; None for a pair met again below itself (a recursive type),
        which is being compared already and is not taken as alike."""
        key = (left.shown, right.shown)
        if key in self.compared:
            return self.compared[key]
        self.compared[key] = None
        self.shapes[key] = (left, right)
        deltas = compare_entries(left.entries, right.entries)
        below: dict[int, Below] = {}
        for index, delta in enumerate(deltas):
            inner = self._inner(delta, left, right, at)
            if inner is not None:
                sub_left, sub_right, reach = inner
                sub_key = (sub_left.shown, sub_right.shown)
                self.reached.setdefault(sub_key, []).append(reach)
                found = self.compare(sub_left, sub_right, (reach.sr_path, reach.ra_path))
                below[index] = Below(sub_left.shown, sub_right.shown, found is not None and found.alike)
        explanations = left.explanations + right.explanations
        differences = _differences(self.model, deltas, below, left, right, explanations)
        alike = all(d.standing is Standing.RENAMED for d in differences) and all(b.alike for b in below.values())
        self.compared[key] = Compared(differences, alike)
        return self.compared[key]

    def _inner(self, delta: Delta, left: Shape, right: Shape, at: tuple[str, str]) -> tuple[Shape, Shape, Reach] | None:
        """The pair of types a difference of type (of an element or attribute) or of base (of a derivation that
        differs in nothing else) leads to, when both are user types with a structure to compare."""
        a, b = delta.before, delta.after
        if a is None or b is None:
            return None
        if delta.aspect is Aspect.TYPE and delta.kind in (EntryKind.ELEMENT, EntryKind.ATTRIBUTE):
            if a.ref is not None or b.ref is not None:
                return None
            where, relation = delta.path, "type"
            sr_side = self._side(left, a.type, where, at[0])
            ra_side = self._side(right, b.type, where, at[1])
        elif delta.aspect is Aspect.DERIVATION and a.type_kind is not None and _only_base_differs(a, b):
            where, relation = re.sub(r"/?!type$", "", delta.path), "base"
            sr_side = self._named(left, a.base)
            ra_side = self._named(right, b.base)
        else:
            return None
        if sr_side is None or ra_side is None or (sr_side.anonymous and ra_side.anonymous):
            return None
        return sr_side, ra_side, Reach(_join(at[0], where), _join(at[1], where), relation)

    def _side(self, parent: Shape, compared: QName | None, where: str, at: str) -> Shape | None:
        if compared == ANONYMOUS:
            return _inline(parent, where, _join(at, where))
        return self._named(parent, compared)

    def _named(self, parent: Shape, compared: QName | None) -> Shape | None:
        if compared is None or compared.namespace not in (duis.SR_NS, duis.RA_NS):
            return None
        return self.shape_of(parent.written.get(compared, compared))


def _only_base_differs(a: Entry, b: Entry) -> bool:
    return a.base != b.base and replace(a, base=b.base) == b


def _inline(parent: Shape, where: str, shown: str) -> Shape:
    """The shape of a type written inside a declaration: the part of its parent's entries below it."""
    prefix = where + "/"
    entries = {(kind, path[len(prefix):]): replace(entry, path=entry.path[len(prefix):])
               for (kind, path), entry in parent.entries.items() if path.startswith(prefix)}  # fmt: skip
    first = entries.get((EntryKind.DERIVATION, "!type"))
    source = first.source if first is not None else parent.source
    return Shape(shown, entries, source, parent.written, parent.explanations, anonymous=True)


def _join(path: str, where: str) -> str:
    return f"{path}/{where}" if where else path


def _differences(model: SchemaModel, deltas: list[Delta], below: dict[int, Below], left: Shape, right: Shape,
                 explanations: tuple[str, ...]) -> tuple[Difference, ...]:  # fmt: skip
    """Readable differences of two shapes, each with the line on either side.

    An item present on one side only counts as deliberate when a comment in either definition names it by at
    least two of the words of its name (MMC writes e.g. "measurement period expected but not present in GBCS").
    """
    groups: dict[str, list[tuple[Delta, Below | None]]] = {}
    for index, delta in enumerate(deltas):
        groups.setdefault(_group_key(delta), []).append((delta, below.get(index)))
    differences: list[Difference] = []
    for _, members in sorted(groups.items(), key=lambda item: _order([d for d, _ in item[1]])):
        plain = [d for d, b in members if b is None]
        descended = [(d, b) for d, b in members if b is not None]
        if descended:
            differences.extend(_describe_below(model, *descended[0], plain))
        else:
            differences.extend(_describe(model, plain, left, right, explanations))
    return tuple(differences)


def _group_key(delta: Delta) -> str:
    """Deltas of one entry are one difference; enumeration values added or removed are one per side."""
    if delta.kind is EntryKind.ENUMERATION:
        return f"={delta.path.rsplit('=', 1)[0]}={delta.effect.value}"
    return f"{delta.kind.value} {delta.path}"


def _order(deltas: list[Delta]) -> tuple[int, int, str]:
    """Document order (enumeration values last, as a summary of the value lists: sr:'s, then ra:'s)."""
    delta = deltas[0]
    if delta.kind is EntryKind.ENUMERATION:
        return (1 if delta.effect is Effect.REMOVED else 2, 0, delta.path)
    return (0, delta.entry.source.line if delta.before is None else delta.before.source.line, delta.path)


def _describe_below(model: SchemaModel, first: Delta, inner: Below, others: list[Delta]) -> list[Difference]:
    """An item whose types (or bases) differ and are compared on their own: alike, a harmless rename (with what
    else differs in the item); not alike, only what else differs here, the rest being reported at that pair."""
    if not inner.alike and not others:
        return []
    a, b = first.before, first.after
    assert a is not None and b is not None
    if inner.alike:
        note = "the same structure under another name"
        standing = _standing(others) if others else Standing.RENAMED
    else:
        note = f"types compared on their own as {inner.sr_shown}~{inner.ra_shown}"
        standing = _standing(others)
    label = _label(first)
    if first.aspect is Aspect.DERIVATION:
        old, new = _derivations(model, a, b)
    else:
        old, new = _text(model, a), _text(model, b)
    return [Difference(f"{label} is {old} in sr:, {new} in ra: ({note})", a.source, b.source, standing)]


def _standing(deltas: list[Delta]) -> Standing:
    return Standing.RELAXED if all(_relaxed(d) for d in deltas) else Standing.DRIFT


def _describe(model: SchemaModel, deltas: list[Delta], left: Shape, right: Shape,
              explanations: tuple[str, ...]) -> list[Difference]:  # fmt: skip
    first = deltas[0]
    if first.kind is EntryKind.ENUMERATION:
        deltas = sorted(deltas, key=lambda d: d.entry.source.line)  # as each side lists them
        first = deltas[0]
        values = ", ".join(d.entry.value or "" for d in deltas)
        where = _place(first.path.rsplit("=", 1)[0])
        side = "sr:" if first.effect is Effect.REMOVED else "ra:"
        sr_source = first.before.source if first.before else left.source
        ra_source = first.after.source if first.after else right.source
        return [Difference(f"enumeration values{where} only in {side} {values}", sr_source, ra_source)]
    label = _label(first)
    if first.aspect is Aspect.PRESENCE:
        entry = first.entry
        explained = _explained(first, explanations)
        side = "sr:" if first.effect is Effect.REMOVED else "ra:"
        detail = f"{label} only in {side} ({_text(model, entry)})" + (f" - '{explained}'" if explained else "")
        sr_source = first.before.source if first.before else left.source
        ra_source = first.after.source if first.after else right.source
        return [Difference(detail, sr_source, ra_source, Standing.DRIFT if explained is None else Standing.RELAXED)]
    if first.aspect is Aspect.PATTERNS:  # patterns may be on one side only
        old = " | ".join(texts(first.old)) or "(none)"
        new = " | ".join(texts(first.new)) or "(none)"
        sr_source = first.before.source if first.before else left.source
        ra_source = first.after.source if first.after else right.source
        return [Difference(f"{label} is {old} in sr:, {new} in ra:", sr_source, ra_source)]
    a, b = first.before, first.after
    assert a is not None and b is not None
    if first.aspect is Aspect.ORDER:
        old, new = ", ".join(texts(first.old)), ", ".join(texts(first.new))
        return [Difference(f"{label} lists its elements in another order: {old} in sr:, {new} in ra:", a.source,
                           b.source)]  # fmt: skip
    standing = _standing(deltas)
    if first.kind in (EntryKind.COMPOSITOR, EntryKind.GROUP_REF) and len(deltas) == 1:
        if first.aspect is Aspect.OCCURS:
            return [Difference(f"{label} occurs {first.old} in sr:, {first.new} in ra:", a.source, b.source, standing)]
        if first.aspect is Aspect.COMPOSITOR:
            where = _place(first.path.rstrip("()"))
            return [Difference(f"content model{where} is {first.old} in sr:, {first.new} in ra:", a.source, b.source)]
    if first.kind is EntryKind.DERIVATION and first.aspect in (Aspect.DERIVATION, Aspect.BASE):
        old, new = _derivations(model, a, b)
        return [Difference(f"{label} is {old} in sr:, {new} in ra:", a.source, b.source)]
    return [Difference(f"{label} is {_text(model, a)} in sr:, {_text(model, b)} in ra:", a.source, b.source, standing)]


def _derivations(model: SchemaModel, a: Entry, b: Entry) -> tuple[str, str]:
    """How each side derives a type, in the parts that differ: "restriction of xs:unsignedLong"."""
    def parts(entry: Entry) -> list[tuple[str, str]]:
        return [
            ("kind", f"{entry.type_kind} type with {entry.content} content"),
            ("derivation", f"{entry.derivation} of {_norm(model, entry.base)}" if entry.derivation else "no derivation"),
            ("members", "members " + " ".join(_norm(model, m) for m in entry.members) if entry.members else ""),
            ("abstract", "abstract" if entry.abstract else "not abstract"),
        ]

    old, new = parts(a), parts(b)
    differing = [i for i, (x, y) in enumerate(zip(old, new, strict=True)) if x != y] or [1]
    return (", ".join(old[i][1] for i in differing if old[i][1]) or "(nothing)",
            ", ".join(new[i][1] for i in differing if new[i][1]) or "(nothing)")  # fmt: skip


def _relaxed(delta: Delta) -> bool:
    """The ra: copy only lowers minOccurs (keeping maxOccurs), or makes a required attribute optional."""
    if delta.aspect is Aspect.USE:
        return delta.old == "required" and delta.new in (None, "optional")
    if delta.aspect is Aspect.OCCURS and delta.kind is not EntryKind.ATTRIBUTE:
        old, new = delta.old, delta.new
        return isinstance(old, Occurs) and isinstance(new, Occurs) and new.high == old.high and new.low < old.low
    return False


def _place(path: str) -> str:
    """ " of Sub/Item" for a path inside the type; "" for the type itself."""
    path = re.sub(r"[!#=].*$", "", path).rstrip("/")
    return f" of {path}" if path else ""


def _label(delta: Delta) -> str:
    entry = delta.entry
    path = delta.path
    if entry.kind is EntryKind.ELEMENT:
        return f"element {path}"
    if entry.kind is EntryKind.WILDCARD:
        return f"wildcard{_place(path.rstrip('*'))}"
    if entry.kind is EntryKind.ATTRIBUTE:
        return f"attribute {path}"
    if entry.kind is EntryKind.FACET:
        name = "pattern" if delta.aspect is Aspect.PATTERNS else entry.facet
        return f"facet {name}{_place(path)}"
    if entry.kind is EntryKind.COMPOSITOR:
        where = _place(path.rstrip("()"))
        return f"sequence{where}" if delta.aspect is Aspect.ORDER else f"{delta.before.compositor if delta.before else entry.compositor}{where}"
    if entry.kind in (EntryKind.GROUP_REF, EntryKind.ATTRIBUTE_GROUP_REF):
        return f"group ref {_local(entry.target)}"
    if entry.type_kind is None:
        return "element declaration"
    return "derivation" if not _place(path) else f"derivation{_place(path)}"


def _text(model: SchemaModel, entry: Entry) -> str:
    """How one side writes an entry: "1..1, type xs:short", "type xs:string, use required", "restriction of X"."""
    if entry.kind is EntryKind.ELEMENT or entry.kind is EntryKind.WILDCARD:
        parts = [str(entry.occurs)]
        if entry.ref is not None:
            parts.append(f"ref {_norm(model, entry.ref)}")
        elif entry.kind is EntryKind.ELEMENT:
            parts.append(f"type {_norm(model, entry.type)}")
        return ", ".join(parts + _constraints(entry))
    if entry.kind is EntryKind.ATTRIBUTE:
        written = f"ref {_norm(model, entry.ref)}" if entry.ref else f"type {_norm(model, entry.type)}"
        return ", ".join([written, f"use {entry.use}", *_constraints(entry)])
    if entry.kind is EntryKind.FACET:
        return entry.value or ""
    if entry.kind is EntryKind.COMPOSITOR:
        return f"{entry.compositor} {entry.occurs}"
    if entry.kind in (EntryKind.GROUP_REF, EntryKind.ATTRIBUTE_GROUP_REF):
        return str(entry.occurs) if entry.occurs else "present"
    if entry.kind is EntryKind.DERIVATION:
        if entry.type_kind is None:
            return ", ".join([f"type {_norm(model, entry.type)}", *_constraints(entry)])
        text = f"{entry.type_kind} {entry.content}"
        if entry.derivation:
            text += f", {entry.derivation} of {_norm(model, entry.base)}"
        if entry.members:
            text += ", members " + " ".join(_norm(model, m) for m in entry.members)
        return text + (", abstract" if entry.abstract else "")
    return entry.value or ""


def _constraints(entry: Entry) -> list[str]:
    found = [f"{name} {value}" for name, value in (("default", entry.default), ("fixed", entry.fixed)) if value]
    return found + (["nillable"] if entry.nillable else [])


def _norm(model: SchemaModel, name: QName | None) -> str:
    if name is None or name == ANONYMOUS:
        return "(anonymous)"
    if name.namespace in (duis.SR_NS, duis.RA_NS):
        return name.local
    return model.show(name) if name.namespace != XS else f"xs:{name.local}"


def _local(name: QName | None) -> str:
    return name.local if name is not None else "?"


def _name_words(path: str) -> set[str]:
    name = path.rsplit("/", 1)[-1].lstrip("@")
    return {w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", name) if len(w) > 2}


def _explained(delta: Delta, explanations: list[str] | tuple[str, ...]) -> str | None:
    if delta.kind is not EntryKind.ELEMENT:
        return None
    words = _name_words(delta.path)
    for text in explanations:
        if len(words & set(re.findall(r"[a-z]+", text.lower()))) >= 2:
            return text
    return None

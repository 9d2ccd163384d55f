"""XS4xx: sr:/ra: twins (types that DUIS and MMC both define) stay the same.

The twins are compared by the one structural comparison of the schema (xsd.flatten + xsd.compare) that
`duislint diff` uses for old and new: sr:X is the "before", ra:X the "after", both read as if written in one
namespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from duislint import duis
from duislint.findings import Severity
from duislint.graph import twin_pairs
from duislint.rules import CheckContext, Hit, rule
from duislint.xsd.compare import Aspect, Delta, Effect, compare_entries, texts
from duislint.xsd.components import TypeDef
from duislint.xsd.flatten import ANONYMOUS, Entry, EntryKind, Occurs, flatten_definition
from duislint.xsd.model import XS, QName, SchemaModel, Source

# Code lists are compared value by value by DU104; not reported twice here.
_CODE_LISTS = {duis.SERVICE_REFERENCE, duis.SERVICE_REFERENCE_VARIANT}


@rule("XS401", "twin-drift", Severity.WARNING, "schema")
def twin_drift(context: CheckContext) -> Iterator[Hit]:
    """A type defined in both namespaces (sr:X in DUIS, ra:X in MMC) differs in structure between its definitions.

    Why:
        MMC repeats many DUIS types ("Types previously defined in DUIS") so that responses and alerts can carry
        them; they are meant to stay the same. When one copy changes (a base type, an element's type, an element or
        enumeration value on one side only) the same data item validates differently in a request and in its
        response, and the specification describes only one of them. Defaults (minOccurs="1", maxOccurs="1"),
        prefixes, whitespace and annotations are normalised first; every difference is listed.

    Bad:
        DUIS: <xs:element name="DebtRecoveryRate" type="xs:short"/>
        MMC:  <xs:element name="DebtRecoveryRate" type="xs:integer"/>

    Good:
        DUIS: <xs:element name="DebtRecoveryRate" type="xs:short"/>
        MMC:  <xs:element name="DebtRecoveryRate" type="xs:short"/>
    """
    yield from _twin_hits(context, relaxed_only=False)


@rule("XS402", "twin-relaxed-or-explained", Severity.INFO, "schema")
def twin_relaxed_or_explained(context: CheckContext) -> Iterator[Hit]:
    """The MMC (ra:) copy of a DUIS type differs only by making items optional, or in ways a comment explains.

    Why:
        MMC often relaxes the response copy of a request type (minOccurs="0") because a device may report
        partial data, and sometimes says in a comment why an item is absent ("measurement period expected but
        not present in GBCS"). Such differences are usually deliberate, so they are reported apart from real
        drift (XS401) and at info level: review that each one is meant.

    Bad:
        DUIS: <xs:element name="SwitchTime" type="xs:time"/>
        MMC:  <xs:element name="SwitchTime" type="xs:time" minOccurs="0"/>   <!-- unintended? -->

    Good:
        DUIS: <xs:element name="SwitchTime" type="xs:time"/>
        MMC:  <xs:element name="SwitchTime" type="xs:time"/>
    """
    yield from _twin_hits(context, relaxed_only=True)


@dataclass(frozen=True)
class Difference:
    """One way an sr:/ra: twin pair differs, with the line on either side."""

    detail: str
    sr_source: Source
    ra_source: Source
    relaxed: bool = False  # only a lower minOccurs / optional use in the ra: copy, or explained by a comment


@dataclass(frozen=True)
class TwinDrift:
    """A twin pair that differs, and how."""

    sr_name: QName
    ra_name: QName
    differences: tuple[Difference, ...]


def _twin_hits(context: CheckContext, relaxed_only: bool) -> Iterator[Hit]:
    model = context.model
    for drift in context.memo(compare_twins):
        if all(d.relaxed for d in drift.differences) != relaxed_only:
            continue
        first = drift.differences[0]
        details = "; ".join(d.detail for d in drift.differences)
        count = len(drift.differences)
        sr_shown, ra_shown = model.show(drift.sr_name), model.show(drift.ra_name)
        yield Hit(
            f"{sr_shown} and {ra_shown} differ in {count} place{'s' if count > 1 else ''}: {details}",
            f"{sr_shown}~{ra_shown}",
            first.sr_source,
            related=tuple(dict.fromkeys(d.ra_source for d in drift.differences)),
        )


def compare_twins(context: CheckContext) -> list[TwinDrift]:
    """Every sr:/ra: twin pair that differs, with its differences (XS401 and XS402 both read it: once a run)."""
    model = context.model
    comments: dict[str, list[str]] = {}
    for comment in model.comments:
        comments.setdefault(comment.context, []).append(comment.text)
    found = []
    for sr_name, ra_name in twin_pairs(model):
        if sr_name.local in _CODE_LISTS:
            continue
        sr_type, ra_type = model.named_type(sr_name), model.named_type(ra_name)
        if sr_type is None or ra_type is None:
            continue
        explanations = comments.get(model.show(sr_name), []) + comments.get(model.show(ra_name), [])
        differences = twin_differences(model, sr_type, ra_type, explanations)
        if differences:
            found.append(TwinDrift(sr_name, ra_name, tuple(differences)))
    return found


def _one_namespace(name: QName) -> QName:
    """ra:X read as sr:X: a twin refers to the twin of what the other copy refers to."""
    return QName(duis.SR_NS, name.local) if name.namespace == duis.RA_NS else name


def twin_differences(
    model: SchemaModel, left: TypeDef, right: TypeDef, explanations: list[str] | tuple[str, ...] = ()
) -> list[Difference]:
    """Readable differences between two type definitions, each with the line on either side.

    An item present on one side only counts as deliberate when a comment in either definition names it by at
    least two of the words of its name (MMC writes e.g. "measurement period expected but not present in GBCS").
    """
    before = flatten_definition(left, _one_namespace)
    after = flatten_definition(right, _one_namespace)
    groups: dict[str, list[Delta]] = {}
    for delta in compare_entries(before, after):
        groups.setdefault(_group_key(delta), []).append(delta)
    differences = []
    ordered = sorted(groups.items(), key=lambda item: _order(item[1]))
    for key, deltas in ordered:
        differences.extend(_describe(model, key, deltas, left, right, explanations))
    return differences


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


def _describe(model: SchemaModel, key: str, deltas: list[Delta], left: TypeDef, right: TypeDef,
              explanations: list[str] | tuple[str, ...]) -> list[Difference]:  # fmt: skip
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
        return [Difference(detail, sr_source, ra_source, explained is not None)]
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
    relaxed = all(_relaxed(d) for d in deltas)
    if first.kind in (EntryKind.COMPOSITOR, EntryKind.GROUP_REF) and len(deltas) == 1:
        if first.aspect is Aspect.OCCURS:
            return [Difference(f"{label} occurs {first.old} in sr:, {first.new} in ra:", a.source, b.source, relaxed)]
        if first.aspect is Aspect.COMPOSITOR:
            where = _place(first.path.rstrip("()"))
            return [Difference(f"content model{where} is {first.old} in sr:, {first.new} in ra:", a.source, b.source)]
    if first.kind is EntryKind.DERIVATION and first.aspect in (Aspect.DERIVATION, Aspect.BASE):
        old, new = _derivations(model, a, b)
        return [Difference(f"{label} is {old} in sr:, {new} in ra:", a.source, b.source)]
    return [Difference(f"{label} is {_text(model, a)} in sr:, {_text(model, b)} in ra:", a.source, b.source, relaxed)]


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

"""XS4xx: sr:/ra: twins (types that DUIS and MMC both define) stay the same."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from duislint import duis
from duislint.findings import Severity
from duislint.graph import twin_pairs
from duislint.rules import CheckContext, Hit, rule
from duislint.xsd.components import Particle, TypeDef
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


def _twin_hits(context: CheckContext, relaxed_only: bool) -> Iterator[Hit]:
    model = context.model
    compared = context.once("twins", lambda: _compare_twins(model))
    for sr_name, ra_name, differences in compared:  # type: ignore[attr-defined]
        if all(d.relaxed for d in differences) != relaxed_only:
            continue
        first = differences[0]
        details = "; ".join(d.detail for d in differences)
        yield Hit(
            f"{model.show(sr_name)} and {model.show(ra_name)} differ in {len(differences)} "
            f"place{'s' if len(differences) > 1 else ''}: {details}",
            f"{model.show(sr_name)}~{model.show(ra_name)}",
            first.sr_source,
            related=tuple(dict.fromkeys(d.ra_source for d in differences)),
        )


def _compare_twins(model: SchemaModel) -> list[tuple[QName, QName, list["Difference"]]]:
    """Every sr:/ra: twin pair that differs, with its differences."""
    compared = []
    comments: dict[str, list[str]] = {}
    for comment in model.comments:
        comments.setdefault(comment.context, []).append(comment.text)
    for sr_name, ra_name in twin_pairs(model):
        if sr_name.local in _CODE_LISTS:
            continue
        sr_type, ra_type = model.named_type(sr_name), model.named_type(ra_name)
        if sr_type is None or ra_type is None:
            continue
        explanations = comments.get(model.show(sr_name), []) + comments.get(model.show(ra_name), [])
        differences = twin_differences(model, sr_type, ra_type, explanations)
        if differences:
            compared.append((sr_name, ra_name, differences))
    return compared


@dataclass(frozen=True)
class Difference:
    """One way an sr:/ra: twin pair differs, with the line on either side."""

    detail: str
    sr_source: Source
    ra_source: Source
    relaxed: bool = False  # only a lower minOccurs / optional use in the ra: copy, or explained by a comment


Flat = dict[str, tuple[str, Source]]


def twin_differences(
    model: SchemaModel, left: TypeDef, right: TypeDef, explanations: list[str] = ()
) -> list[Difference]:
    """Readable differences between two type definitions, each with the line on either side.

    An item present on one side only counts as deliberate when a comment in either definition names it by at
    least two of the words of its name (MMC writes e.g. "measurement period expected but not present in GBCS").
    """
    a, b = _flatten(model, left, ""), _flatten(model, right, "")
    differences: list[Difference] = []
    for key in sorted(set(a) | set(b), key=_path_order(a, b)):
        if key in a and key in b:
            if a[key][0] != b[key][0]:
                differences.append(Difference(
                    f"{_label(key)} is {a[key][0]} in sr:, {b[key][0]} in ra:", a[key][1], b[key][1],
                    _relaxed(a[key][0], b[key][0]),
                ))  # fmt: skip
        elif key in a:
            explained = _explained(key, explanations)
            detail = f"{_label(key)} only in sr: ({a[key][0]})" + (f" - '{explained}'" if explained else "")
            differences.append(Difference(detail, a[key][1], right.source, explained is not None))
        else:
            explained = _explained(key, explanations)
            detail = f"{_label(key)} only in ra: ({b[key][0]})" + (f" - '{explained}'" if explained else "")
            differences.append(Difference(detail, left.source, b[key][1], explained is not None))
    differences.extend(_order_differences(left, right))
    differences.extend(_enumeration_differences(left, right))
    return differences


def _order_differences(left: TypeDef, right: TypeDef) -> list[Difference]:
    """Sequences that list the same elements in another order (a different message shape)."""
    a, b = _sequence_orders(left.content, ""), _sequence_orders(right.content, "")
    differences = []
    for path in sorted(set(a) & set(b)):
        (a_names, a_source), (b_names, b_source) = a[path], b[path]
        if a_names != b_names and sorted(a_names) == sorted(b_names):
            where = f"sequence {path}" if path else "sequence"
            differences.append(Difference(
                f"{where} lists its elements in another order: {', '.join(a_names)} in sr:, "
                f"{', '.join(b_names)} in ra:", a_source, b_source,
            ))  # fmt: skip
    return differences


def _sequence_orders(particle: Particle | None, path: str) -> dict[str, tuple[list[str], Source]]:
    orders: dict[str, tuple[list[str], Source]] = {}
    if particle is None or particle.kind in ("element", "group", "any"):
        return orders
    if particle.kind == "sequence":
        names = [c.element.name.local for c in particle.children if c.kind == "element" and c.element is not None]
        orders[path] = (names, particle.source)
    for child in particle.children:
        if child.kind not in ("element", "group", "any"):
            orders.update(_sequence_orders(child, f"{path}{child.kind}/"))
    return orders


def _name_words(key: str) -> set[str]:
    name = key.rsplit("/", 1)[-1].lstrip("@")
    return {w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", name) if len(w) > 2}


def _explained(key: str, explanations: list[str]) -> str | None:
    if not key.startswith("element "):
        return None
    words = _name_words(key)
    for text in explanations:
        if len(words & set(re.findall(r"[a-z]+", text.lower()))) >= 2:
            return text
    return None


def _relaxed(sr_text: str, ra_text: str) -> bool:
    """True when the ra: copy only lowers minOccurs ("1..1, type T" -> "0..1, type T") or use required -> optional."""
    if sr_text.replace("use required", "use optional") == ra_text:
        return True
    sr_occurs, _, sr_rest = sr_text.partition(", ")
    ra_occurs, _, ra_rest = ra_text.partition(", ")
    if sr_rest != ra_rest or ".." not in sr_occurs or ".." not in ra_occurs:
        return False
    sr_min, sr_max = sr_occurs.split("..")
    ra_min, ra_max = ra_occurs.split("..")
    return sr_max == ra_max and sr_min.isdigit() and ra_min.isdigit() and int(ra_min) < int(sr_min)


def _path_order(a: Flat, b: Flat):  # noqa: ANN202
    def key(path: str) -> tuple[int, str]:
        source = (a.get(path) or b[path])[1]
        return (source.line, path)

    return key


def _label(key: str) -> str:
    kind, _, path = key.partition(" ")
    return {"element": f"element {path}", "attribute": f"attribute {path}", "facet": f"facet {path}",
            "type": f"{path}", "group": f"group ref {path}"}.get(kind, key)  # fmt: skip


def _norm(model: SchemaModel, name: QName | None) -> str:
    if name is None:
        return "(anonymous)"
    if name.namespace in (duis.SR_NS, duis.RA_NS):
        return name.local
    return model.show(name) if name.namespace != XS else f"xs:{name.local}"


def _occurs(low: int, high: int | None) -> str:
    return f"{low}..{'*' if high is None else high}"


def _flatten(model: SchemaModel, typedef: TypeDef, prefix: str) -> Flat:
    flat: Flat = {}
    where = typedef.source
    flat[f"type {prefix}kind"] = (f"{typedef.kind} {typedef.content_kind}", where)
    if typedef.derivation:
        flat[f"type {prefix}derivation"] = (f"{typedef.derivation} of {_norm(model, typedef.base)}", where)
    if typedef.item_type or typedef.member_types:
        members = " ".join(_norm(model, m) for m in (typedef.item_type, *typedef.member_types) if m)
        flat[f"type {prefix}members"] = (members, where)
    facets: dict[str, list] = {}
    for facet in typedef.facets:
        facets.setdefault(facet.name, []).append(facet)
    for name, items in facets.items():
        if name == "totalDigits" and _total_digits_redundant(items[0].value, facets):
            continue
        flat[f"facet {prefix}{name}"] = (" | ".join(sorted(f.value for f in items)), items[0].source)
    for attribute in typedef.attributes:
        flat[f"attribute {prefix}@{attribute.name.local}"] = (
            f"type {_norm(model, attribute.type_name)}, use {attribute.use}"
            + (f", default {attribute.default}" if attribute.default is not None else "")
            + (f", fixed {attribute.fixed}" if attribute.fixed is not None else ""),
            attribute.source,
        )
    for ref in typedef.attribute_group_refs:
        flat[f"group {prefix}@{_norm(model, ref)}"] = ("present", where)
    if typedef.content is not None:
        _flatten_particle(model, typedef.content, prefix, flat)
    for index, member in enumerate(typedef.anonymous_members):
        flat.update(_flatten(model, member, f"{prefix}member{index}/"))
    if typedef.enumerations and prefix:
        values = " ".join(e.value for e in typedef.enumerations)
        flat[f"facet {prefix}enumeration"] = (values, typedef.enumerations[0].source)
    return flat


def _total_digits_redundant(total: str, facets: dict[str, list]) -> bool:
    """totalDigits that the inclusive bounds already imply (totalDigits=1 on 1..4) changes no valid value."""
    try:
        digits = int(total)
        low, high = (int(facets[b][0].value) for b in ("minInclusive", "maxInclusive"))
    except (KeyError, ValueError):
        return False
    return max(len(str(abs(low))), len(str(abs(high)))) <= digits


def _flatten_particle(model: SchemaModel, particle: Particle, path: str, flat: Flat) -> None:
    if particle.kind == "element" and particle.element is not None:
        decl = particle.element
        name = decl.name.local
        written = f"ref {_norm(model, decl.ref)}" if decl.ref else f"type {_norm(model, decl.type_name)}"
        flat[f"element {path}{name}"] = (f"{_occurs(decl.min_occurs, decl.max_occurs)}, {written}", decl.source)
        if decl.anonymous_type is not None:
            flat.update(_flatten(model, decl.anonymous_type, f"{path}{name}/"))
        return
    if particle.kind == "group":
        flat[f"group {path}{_norm(model, particle.group_ref)}"] = (
            _occurs(particle.min_occurs, particle.max_occurs),
            particle.source,
        )
        return
    if particle.kind == "any":
        flat[f"element {path}*any"] = (_occurs(particle.min_occurs, particle.max_occurs), particle.source)
        return
    flat[f"type {path}{particle.kind} occurrence"] = (
        _occurs(particle.min_occurs, particle.max_occurs),
        particle.source,
    )
    flat[f"type {path}compositor"] = (particle.kind, particle.source)
    for child in particle.children:
        step = "" if child.kind in ("element", "group", "any") else f"{child.kind}/"
        _flatten_particle(model, child, path + step, flat)


def _enumeration_differences(left: TypeDef, right: TypeDef) -> list[Difference]:
    a = {e.value: e for e in left.enumerations}
    b = {e.value: e for e in right.enumerations}
    differences = []
    only_a = [v for v in a if v not in b]
    only_b = [v for v in b if v not in a]
    if only_a:
        differences.append(
            Difference(f"enumeration values only in sr: {', '.join(only_a)}", a[only_a[0]].source, right.source)
        )
    if only_b:
        differences.append(
            Difference(f"enumeration values only in ra: {', '.join(only_b)}", left.source, b[only_b[0]].source)
        )
    return differences

"""Attributes compared as a set of uses: which names a type admits, which it requires, what each one's value may
be (its type, a fixed value) and which others an xs:anyAttribute admits. A default value changes what a
validator fills in, never what it accepts, so it is not compared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from duislint.semantics import Relation, Undecidable
from duislint.xsd.components import AttributeDecl, Particle
from duislint.xsd.model import QName

if TYPE_CHECKING:
    from duislint.semantics.view import SchemaView, TypeView

Attributes = tuple[tuple[QName, str], ...]  # an element's attributes, sorted by name


@dataclass(frozen=True, slots=True)
class AttributeUse:
    """One attribute a type admits: required or optional, its type and its fixed value."""

    name: QName
    required: bool
    type: TypeView
    fixed: str | None


@dataclass(frozen=True, slots=True)
class AttributeUses:
    """Every attribute a type admits by name, and its attribute wildcard."""

    uses: tuple[AttributeUse, ...] = ()
    wildcard: Particle | None = None

    def get(self, name: QName) -> AttributeUse | None:
        return next((u for u in self.uses if u.name == name), None)


def attribute_uses(view: SchemaView, of: TypeView) -> AttributeUses:
    """The attribute uses of a type: a complex type's own and its attribute groups', those of its base (an
    extension adds to them; a restriction overrides and prohibits), prohibited ones removed."""
    definition = of.definition
    if definition is None or definition.kind == "simple":
        return AttributeUses()
    uses: dict[QName, AttributeUse] = {}
    wildcard: Particle | None = None
    base = view.base(of)
    if base is not None and not base.any and base.definition is not None and base.definition.kind == "complex":
        inherited = view.attributes(base)
        uses = {u.name: u for u in inherited.uses}
        wildcard = inherited.wildcard if definition.derivation == "extension" else None
    own, own_wildcard, prohibited = _own(view, definition.attributes, definition.attribute_group_refs,
                                         definition.any_attribute, set())  # fmt: skip
    for name in prohibited:
        uses.pop(name, None)
    uses.update({u.name: u for u in own})
    return AttributeUses(tuple(sorted(uses.values(), key=lambda u: u.name)), own_wildcard or wildcard)


def _own(
    view: SchemaView,
    attributes: tuple[AttributeDecl, ...],
    group_refs: tuple[QName, ...],
    wildcard: Particle | None,
    seen: set[QName],
) -> tuple[list[AttributeUse], Particle | None, list[QName]]:
    uses: list[AttributeUse] = []
    prohibited: list[QName] = []
    for attribute in attributes:
        if attribute.use == "prohibited":
            prohibited.append(attribute.name)
            continue
        fixed = attribute.fixed
        if fixed is None and attribute.ref is not None:
            target = view.model.lookup("attribute", attribute.ref)
            if target is not None and isinstance(target.definition, AttributeDecl):
                fixed = target.definition.fixed
        uses.append(AttributeUse(attribute.name, attribute.use == "required", view.type_of(attribute), fixed))
    for ref in group_refs:
        if ref in seen:
            continue
        group = view.model.attribute_group(ref)
        if group is None:
            raise Undecidable(f"attribute group {view.model.show(ref)} is not defined")
        more, more_wildcard, gone = _own(view, group.attributes, group.attribute_group_refs, group.any_attribute,
                                         seen | {ref})  # fmt: skip
        uses.extend(more)
        prohibited.extend(gone)
        wildcard = wildcard or more_wildcard
    return uses, wildcard, prohibited


def admits(wildcard: Particle | None, namespace: str) -> bool:
    """Whether a wildcard's namespace constraint admits a name in `namespace` ("" for none)."""
    if wildcard is None:
        return False
    if wildcard.namespace == "##any":
        return True
    if wildcard.namespace == "##other":
        return namespace != "" and namespace not in wildcard.namespaces
    return namespace in wildcard.namespaces


ValueRelation = Callable[["TypeView", "TypeView"], Relation[str]]
Sampler = Callable[["TypeView"], str]


@dataclass(frozen=True, slots=True)
class AttributeSide:
    """One side's uses, with how to sample a value of one of its types."""

    uses: AttributeUses
    sample: Sampler


def minimal(side: AttributeSide) -> dict[QName, str]:
    """The attributes a smallest valid element carries: the required ones, each with its fixed or a sample value."""
    return {u.name: u.fixed if u.fixed is not None else side.sample(u.type) for u in side.uses.uses if u.required}


def compare_attributes(old: AttributeSide, new: AttributeSide, values: ValueRelation) -> Relation[Attributes]:
    """Inclusion both ways of the attribute sets two types admit, each failure with the attributes of an element
    valid under one side and not the other."""
    forward, old_only, why_old = _included(old, new, values, reverse=False)
    backward, new_only, why_new = _included(new, old, values, reverse=True)
    return Relation(forward, backward, old_only, new_only, "; ".join(r for r in (why_old, why_new) if r))


def _included(
    mine: AttributeSide, theirs: AttributeSide, values: ValueRelation, reverse: bool
) -> tuple[bool | None, Attributes | None, str]:
    """Whether every attribute set `mine` admits, `theirs` admits too; if not, one that shows it."""

    def relation(a: TypeView, b: TypeView) -> Relation[str]:
        result = values(b, a) if reverse else values(a, b)
        if not reverse:
            return result
        return Relation(result.new_in_old, result.old_in_new, result.new_only, result.old_only, result.reason)

    base = minimal(mine)
    for use in theirs.uses.uses:  # required there, not always here
        own = mine.uses.get(use.name)
        if use.required and (own is None or not own.required):
            return False, _sorted(base), ""
    undecided = ""
    for use in mine.uses.uses:
        other = theirs.uses.get(use.name)
        if other is None:
            if admits(theirs.uses.wildcard, use.name.namespace):
                continue
            return False, _sorted({**base, use.name: use.fixed or mine.sample(use.type)}), ""
        found = relation(use.type, other.type)
        if found.old_in_new is None:
            undecided = found.reason or f"the values of @{use.name.local} could not be compared"
            continue
        if found.old_in_new is False:
            value = use.fixed if use.fixed is not None else found.old_only
            if value is not None:
                return False, _sorted({**base, use.name: value}), ""
            return False, None, ""
        if other.fixed is not None and use.fixed != other.fixed:
            value = use.fixed if use.fixed is not None else _other_value(mine.sample(use.type), other.fixed)
            return False, (_sorted({**base, use.name: value}) if value is not None else None), ""
    wildcard = mine.uses.wildcard
    if wildcard is not None and not _wildcard_covered(wildcard, theirs.uses.wildcard):
        namespace = _uncovered_namespace(wildcard, theirs.uses.wildcard)
        if namespace is not None:
            name = QName(namespace, "anyAttribute")
            if mine.uses.get(name) is None and theirs.uses.get(name) is None:
                return False, _sorted({**base, name: "x"}), ""
    if undecided:
        return None, None, undecided
    return True, None, ""


def _other_value(sampled: str, fixed: str) -> str | None:
    return sampled if sampled != fixed else None


def _wildcard_covered(mine: Particle, theirs: Particle | None) -> bool:
    if theirs is None:
        return False
    if theirs.namespace == "##any":
        return True
    if mine.namespace == "##any":
        return False
    if mine.namespace == "##other":
        return theirs.namespace == "##other" and set(theirs.namespaces) <= set(mine.namespaces) | {""}
    return all(admits(theirs, ns) for ns in mine.namespaces)


def _uncovered_namespace(mine: Particle, theirs: Particle | None) -> str | None:
    """A namespace `mine` admits and `theirs` does not (a representative one for ##any and ##other)."""
    candidates = list(mine.namespaces) if mine.namespace == "list" else []
    candidates += ["urn:duislint:other", "", *(theirs.namespaces if theirs is not None else ())]
    return next((ns for ns in candidates if admits(mine, ns) and not admits(theirs, ns)), None)


def _sorted(attributes: dict[QName, str]) -> Attributes:
    return tuple(sorted(attributes.items()))

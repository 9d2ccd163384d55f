"""Questions the spec and message rules ask of the schema model: children of a type, elements by name."""

from __future__ import annotations

from collections import defaultdict

from duislint.xsd.components import AttributeDecl, ElementDecl, Particle, TypeDef
from duislint.xsd.model import ATTRIBUTE_GROUP, GROUP, QName, SchemaModel


def elements_by_local_name(model: SchemaModel) -> dict[str, list[ElementDecl]]:
    index: dict[str, list[ElementDecl]] = defaultdict(list)
    for decl in model.elements:
        index[decl.name.local].append(decl)
    return index


def type_of(model: SchemaModel, decl: ElementDecl) -> TypeDef | None:
    if decl.ref is not None:
        component = model.lookup("element", decl.ref)
        if component is None:
            return None
        decl = component.definition  # type: ignore[assignment]
    return decl.anonymous_type or model.named_type(decl.type_name)


def child_elements(model: SchemaModel, typedef: TypeDef) -> list[ElementDecl]:
    """The element declarations a type's content allows directly: through extension bases, sequences, choices and
    group refs (a base type's elements come first, as in an instance)."""
    chain: list[TypeDef] = []
    current: TypeDef | None = typedef
    seen: set[QName] = set()
    while current is not None:
        chain.append(current)
        if current.derivation != "extension" or current.base is None or current.base in seen:
            break
        seen.add(current.base)
        current = model.named_type(current.base)
    found: list[ElementDecl] = []
    for part in reversed(chain):
        found.extend(_particle_elements(model, part.content, set()))
    return found


def _particle_elements(model: SchemaModel, particle: Particle | None, groups: set[QName]) -> list[ElementDecl]:
    if particle is None:
        return []
    if particle.kind == "element" and particle.element is not None:
        return [particle.element]
    if particle.kind == "group" and particle.group_ref is not None and particle.group_ref not in groups:
        component = model.lookup(GROUP, particle.group_ref)
        content = component.definition.content if component else None  # type: ignore[union-attr]
        return _particle_elements(model, content, groups | {particle.group_ref})
    return [e for child in particle.children for e in _particle_elements(model, child, groups)]


def own_attributes(model: SchemaModel, typedef: TypeDef) -> list[AttributeDecl]:
    """A complex type's attributes: its own, its attribute groups' and those of the bases it extends."""
    found: list[AttributeDecl] = []
    current: TypeDef | None = typedef
    seen: set[QName] = set()
    while current is not None:
        found.extend(current.attributes)
        found.extend(_group_attributes(model, current.attribute_group_refs, set()))
        if current.derivation != "extension" or current.base is None or current.base in seen:
            break
        seen.add(current.base)
        current = model.named_type(current.base)
    return found


def _group_attributes(model: SchemaModel, refs: tuple[QName, ...], seen: set[QName]) -> list[AttributeDecl]:
    found: list[AttributeDecl] = []
    for ref in refs:
        component = model.lookup(ATTRIBUTE_GROUP, ref)
        if component is None or ref in seen:
            continue
        group = component.definition
        found.extend(group.attributes)  # type: ignore[union-attr]
        found.extend(_group_attributes(model, group.attribute_group_refs, seen | {ref}))  # type: ignore[union-attr]
    return found


def descendant_items(model: SchemaModel, typedef: TypeDef, limit: int = 5000) -> list[ElementDecl | AttributeDecl]:
    """Every element and attribute reachable inside a type, breadth first (nearest first), each type once."""
    found: list[ElementDecl | AttributeDecl] = []
    queue: list[TypeDef] = [typedef]
    visited: set[int] = set()
    while queue and len(found) < limit:
        current = queue.pop(0)
        if id(current) in visited:
            continue
        visited.add(id(current))
        found.extend(own_attributes(model, current))
        for decl in child_elements(model, current):
            found.append(decl)
            child_type = type_of(model, decl)
            if child_type is not None and child_type.kind == "complex":
                queue.append(child_type)
    return found


def body_element(model: SchemaModel, index: dict[str, list[ElementDecl]], name: str) -> ElementDecl | None:
    """The declaration of a request body element by its name: the one inside a Body, if several share it."""
    candidates = [d for d in index.get(name, []) if type_of(model, d) is not None]
    in_body = [d for d in candidates if "/Body/" in d.context]
    return (in_body or candidates or [None])[0]

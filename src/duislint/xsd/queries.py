"""Questions rules ask of the schema model, answered in one place: an element's type, a type's extension chain,
the elements of a content model (through group references), a type's attributes, elements by name."""

from __future__ import annotations

from collections import defaultdict

from duislint.xsd.components import AttributeDecl, ElementDecl, Particle, TypeDef
from duislint.xsd.model import QName, SchemaModel


def elements_by_local_name(model: SchemaModel) -> dict[str, list[ElementDecl]]:
    index: dict[str, list[ElementDecl]] = defaultdict(list)
    for decl in model.elements:
        index[decl.name.local].append(decl)
    return index


def type_of(model: SchemaModel, decl: ElementDecl) -> TypeDef | None:
    """The type of an element declaration (through a ref to a global element)."""
    if decl.ref is not None:
        target = model.element(decl.ref)
        if target is None:
            return None
        decl = target
    return decl.anonymous_type or model.named_type(decl.type_name)


def extension_chain(model: SchemaModel, typedef: TypeDef) -> list[TypeDef]:
    """The type, then each base it extends (not a restriction's base, whose content replaces the base's), each
    once: a cycle ends the chain."""
    chain = [typedef]
    seen: set[QName] = set()
    current = typedef
    while current.derivation == "extension" and current.base is not None and current.base not in seen:
        seen.add(current.base)
        base = model.named_type(current.base)
        if base is None:
            break
        chain.append(base)
        current = base
    return chain


def group_content(model: SchemaModel, particle: Particle) -> Particle | None:
    """The content of the named group a group-reference particle points at."""
    group = model.group(particle.group_ref)
    return group.content if group is not None else None


def child_elements(model: SchemaModel, typedef: TypeDef) -> list[ElementDecl]:
    """The element declarations a type's content allows directly: through extension bases, sequences, choices and
    group refs (a base type's elements come first, as in an instance)."""
    found: list[ElementDecl] = []
    for part in reversed(extension_chain(model, typedef)):
        found.extend(particle_elements(model, part.content))
    return found


def particle_elements(model: SchemaModel, particle: Particle | None, groups: frozenset[QName] = frozenset()) -> list[
        ElementDecl]:  # fmt: skip
    """The element declarations inside a content model, in document order, through group references (each group
    once on a path)."""
    if particle is None:
        return []
    if particle.kind == "element":
        return [particle.element] if particle.element is not None else []
    if particle.kind == "group":
        if particle.group_ref is None or particle.group_ref in groups:
            return []
        return particle_elements(model, group_content(model, particle), groups | {particle.group_ref})
    return [e for child in particle.children for e in particle_elements(model, child, groups)]


def own_attributes(model: SchemaModel, typedef: TypeDef) -> list[AttributeDecl]:
    """A complex type's attributes: its own, its attribute groups' and those of the bases it extends."""
    found: list[AttributeDecl] = []
    for current in extension_chain(model, typedef):
        found.extend(current.attributes)
        found.extend(group_attributes(model, current.attribute_group_refs))
    return found


def group_attributes(model: SchemaModel, refs: tuple[QName, ...], seen: frozenset[QName] = frozenset()) -> list[
        AttributeDecl]:  # fmt: skip
    """The attributes the referenced attribute groups declare, through nested groups (each once on a path)."""
    found: list[AttributeDecl] = []
    for ref in refs:
        group = model.attribute_group(ref)
        if group is None or ref in seen:
            continue
        found.extend(group.attributes)
        found.extend(group_attributes(model, group.attribute_group_refs, seen | {ref}))
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
    chosen = in_body or candidates
    return chosen[0] if chosen else None

"""Each global component as a flat map of entries (path -> properties), insensitive to prefixes, formatting,
attribute order, global order, default-valued attributes and annotations: the model already is."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from duislint.xsd.components import (
    AttributeDecl,
    AttributeGroupDef,
    Component,
    ElementDecl,
    GroupDef,
    Particle,
    TypeDef,
)
from duislint.xsd.model import QName, SchemaModel, Source


@dataclass(frozen=True)
class Entry:
    """One comparable item of a component: an element, attribute, enumeration value, facet, compositor..."""

    kind: str  # element | attribute | enumeration | facet | derivation | compositor | group-ref | attribute-group-ref
    path: str  # inside the component, e.g. "Header/RequestID", "@schemaVersion", "=E64", "#maxInclusive"
    props: tuple[tuple[str, str], ...]
    source: Source

    def prop(self, name: str) -> str | None:
        return dict(self.props).get(name)


def qname_text(name: QName | None) -> str:
    """Namespace-qualified, prefix-free: {uri}local (prefixes are only display)."""
    return "" if name is None else str(name)


def _occurs(low: int, high: int | None) -> str:
    return f"{low}..{'*' if high is None else high}"


def flatten(component: Component) -> dict[tuple[str, str], Entry]:
    entries: dict[tuple[str, str], Entry] = {}
    definition = component.definition

    def add(entry: Entry) -> Entry:
        """The first entry at a path stays; an element name repeated in one content model (XS203) is numbered as
        XPath numbers it (Channels, Channels[2]), so a copy-and-paste slip shows in the diff as the element added."""
        if entry.kind == "element" and (entry.kind, entry.path) in entries:
            n = 2
            while ("element", _nth(entry.path, n)) in entries:
                n += 1
            entry = replace(entry, path=_nth(entry.path, n))
        entries.setdefault((entry.kind, entry.path), entry)
        return entry

    if isinstance(definition, TypeDef):
        _type(definition, "", add)
    elif isinstance(definition, ElementDecl):
        _element_body(definition, "", add)
    elif isinstance(definition, GroupDef):
        if definition.content is not None:
            _particle(definition.content, "", add)
    elif isinstance(definition, AttributeGroupDef):
        _attributes(definition.attributes, definition.attribute_group_refs, definition.source, "", add)
    elif isinstance(definition, AttributeDecl):
        add(_attribute_entry(definition, ""))
    return entries


def _value_constraints(decl: ElementDecl) -> list[tuple[str, str]]:
    """nillable, default and fixed, where set."""
    return [(name, str(getattr(decl, name))) for name in ("nillable", "default", "fixed")
            if getattr(decl, name) not in (None, False)]  # fmt: skip


def _element_body(decl: ElementDecl, path: str, add) -> None:  # noqa: ANN001
    type_name = qname_text(decl.type_name) if decl.type_name else ("(anonymous)" if decl.anonymous_type else "")
    props = [("type", type_name), *_value_constraints(decl)]
    add(Entry("derivation", path + "!element", tuple(props), decl.source))
    if decl.anonymous_type is not None:
        _type(decl.anonymous_type, path, add)


def _type(typedef: TypeDef, path: str, add) -> None:  # noqa: ANN001
    shape = [("kind", typedef.kind), ("content", typedef.content_kind)]
    if typedef.derivation:
        shape.append(("derivation", typedef.derivation))
        shape.append(("base", qname_text(typedef.base)))
    if typedef.item_type is not None or typedef.member_types:
        shape.append(("members", " ".join(qname_text(m) for m in (typedef.item_type, *typedef.member_types) if m)))
    if typedef.is_abstract:
        shape.append(("abstract", "true"))
    add(Entry("derivation", path + "!type", tuple(shape), typedef.source))
    for facet in typedef.facets:
        key = f"{path}#{facet.name}"
        if facet.name == "pattern":
            key += f"={facet.value}"  # patterns are several, each its own entry
        add(Entry("facet", key, (("value", facet.value),), facet.source))
    for enum in typedef.enumerations:
        add(Entry("enumeration", f"{path}={enum.value}", (), enum.source))
    for index, member in enumerate(typedef.anonymous_members):
        _type(member, f"{path}~{index}/", add)
    _attributes(typedef.attributes, typedef.attribute_group_refs, typedef.source, path, add)
    if typedef.content is not None:
        _particle(typedef.content, path, add)


def _attributes(attributes, group_refs, source: Source, path: str, add) -> None:  # noqa: ANN001
    for attribute in attributes:
        add(_attribute_entry(attribute, path))
        if attribute.anonymous_type is not None:
            _type(attribute.anonymous_type, f"{path}@{attribute.name.local}/", add)
    for ref in group_refs:
        add(Entry("attribute-group-ref", f"{path}@@{qname_text(ref)}", (), source))


def _attribute_entry(attribute: AttributeDecl, path: str) -> Entry:
    props = [("use", attribute.use), ("type", qname_text(attribute.type_name) or qname_text(attribute.ref))]
    for name in ("default", "fixed"):
        value = getattr(attribute, name)
        if value is not None:
            props.append((name, value))
    return Entry("attribute", f"{path}@{attribute.name.local}", tuple(props), attribute.source)


def _particle(particle: Particle, path: str, add) -> None:  # noqa: ANN001
    if particle.kind == "element" and particle.element is not None:
        decl = particle.element
        name = decl.name.local
        props = (
            ("occurs", _occurs(decl.min_occurs, decl.max_occurs)),
            ("conditional", "yes" if decl.conditional else "no"),
            ("ref", qname_text(decl.ref)) if decl.ref else ("type", qname_text(decl.type_name)
                                                             or ("(anonymous)" if decl.anonymous_type else "")),
            *_value_constraints(decl),
        )  # fmt: skip
        added = add(Entry("element", f"{path}{name}", props, decl.source))
        if decl.anonymous_type is not None:
            _type(decl.anonymous_type, f"{added.path}/", add)
        return
    if particle.kind == "group":
        add(Entry("group-ref", f"{path}&{qname_text(particle.group_ref)}",
                  (("occurs", _occurs(particle.min_occurs, particle.max_occurs)),), particle.source))  # fmt: skip
        return
    if particle.kind == "any":
        add(
            Entry(
                "element", f"{path}*", (("occurs", _occurs(particle.min_occurs, particle.max_occurs)),), particle.source
            )
        )
        return
    order = ",".join(_numbered([c.element.name.local for c in particle.children if c.kind == "element" and c.element]))
    # keyed by position, not by kind, so a sequence that became a choice is one change
    add(Entry("compositor", f"{path}()", (("compositor", particle.kind),
              ("occurs", _occurs(particle.min_occurs, particle.max_occurs)), ("order", order)), particle.source))  # fmt: skip
    compositors: Counter[str] = Counter()  # sibling compositors of one kind: choice/, choice[2]/, as elements
    for child in particle.children:
        step = ""
        if child.kind not in ("element", "group", "any"):
            compositors[child.kind] += 1
            step = _nth(child.kind, compositors[child.kind]) + "/"
        _particle(child, path + step, add)


def _numbered(names: list[str]) -> list[str]:
    """Repeated names numbered as the element entries are: A, B, A[2]."""
    seen: Counter[str] = Counter()
    numbered = []
    for name in names:
        seen[name] += 1
        numbered.append(_nth(name, seen[name]))
    return numbered


def _nth(name: str, n: int) -> str:
    """The n-th of a repeated name, as XPath numbers it: A, A[2], A[3]."""
    return name if n == 1 else f"{name}[{n}]"


def component_key(component: Component) -> tuple[str, str]:
    return (component.family, qname_text(component.name))


def components(model: SchemaModel) -> dict[tuple[str, str], Component]:
    found: dict[tuple[str, str], Component] = {}
    for component in model.components:
        found.setdefault(component_key(component), component)
    return found

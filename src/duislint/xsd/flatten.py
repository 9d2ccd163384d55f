"""A global component (or a type definition) as a flat map of entries, path -> typed entry.

Insensitive to prefixes, formatting, attribute order, global order, default-valued attributes and annotations
(the model already is). The one structural view of a schema that is compared: old X with new X by `duislint diff`,
sr:X with ra:X by the twin rules (XS401, XS402), both through `xsd.compare`.

Paths, inside the component:
    Header/RequestID     an element (a repeated name numbered as XPath numbers it: Channels, Channels[2])
    @schemaVersion       an attribute;  @@{ns}Group an attribute group reference
    =E64                 an enumeration value;  #maxInclusive, #pattern=[0-9]{4} a facet
    !type, !element      the derivation of a type, the declaration of a global element
    ()                   a compositor; choice/, choice[2]/ the content of a nested one
    &{ns}Group           a group reference;  *  a wildcard;  ~0/ an anonymous member type of a union or list
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Callable

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


class EntryKind(StrEnum):
    ELEMENT = "element"
    ATTRIBUTE = "attribute"
    WILDCARD = "any"
    ENUMERATION = "enumeration"
    FACET = "facet"
    DERIVATION = "derivation"  # a type's kind, content and derivation; a global element's type and constraints
    COMPOSITOR = "compositor"
    GROUP_REF = "group-ref"
    ATTRIBUTE_GROUP_REF = "attribute-group-ref"


@dataclass(frozen=True, order=True)
class Occurs:
    """minOccurs..maxOccurs (high None: unbounded)."""

    low: int = 1
    high: int | None = 1

    def __str__(self) -> str:
        return f"{self.low}..{'*' if self.high is None else self.high}"

    @property
    def optional(self) -> bool:
        return self.low == 0

    def admits_all_of(self, other: Occurs) -> bool:
        """Every count `other` allows, this allows too."""
        above = self.high is None or (other.high is not None and other.high <= self.high)
        return self.low <= other.low and above


ANONYMOUS = QName("", "(anonymous)")  # the type name of a declaration whose type is written inside it


# Not frozen: a frozen dataclass sets each of its fields through object.__setattr__, and a diff of two releases
# makes some 11,000 entries (2.4x slower, measured). Nothing changes an entry once made; replace() makes new ones.
@dataclass(unsafe_hash=True, slots=True)
class Entry:
    """One comparable item of a component. Which fields are set depends on the kind; the rest keep their
    defaults, so two entries of one kind compare field by field."""

    kind: EntryKind
    path: str
    source: Source = field(compare=False)
    # elements, attributes and global elements
    type: QName | None = None  # ANONYMOUS when written inside the declaration
    ref: QName | None = None
    occurs: Occurs | None = None  # elements, wildcards, compositors, group references
    conditional: bool = False  # an element inside a choice or an optional compositor
    use: str | None = None  # attributes: required | optional | prohibited
    default: str | None = None
    fixed: str | None = None
    nillable: bool = False
    # facets and enumeration values
    facet: str | None = None
    value: str | None = None
    # compositors
    compositor: str | None = None  # sequence | choice | all
    order: tuple[str, ...] = ()  # the element names it lists directly, in order (repeats numbered)
    # type derivations
    type_kind: str | None = None  # simple | complex
    content: str | None = None  # empty | element | simple | mixed
    derivation: str | None = None  # restriction | extension | list | union
    base: QName | None = None
    members: tuple[QName, ...] = ()  # a list's item type, a union's member types
    abstract: bool = False
    # wildcards (xs:any, xs:anyAttribute): the namespace constraint and processContents, e.g. "##other lax"
    wildcard: str | None = None
    # group and attribute group references
    target: QName | None = None
    # a totalDigits that the type's inclusive bounds already imply (1 on 1..4): present or absent alike
    implied: bool = field(default=False, compare=False)

    @property
    def required(self) -> bool:
        """Must appear wherever its parent does: a required attribute, or an element with minOccurs >= 1 that is
        neither a choice member nor in an optional compositor."""
        if self.kind is EntryKind.ATTRIBUTE:
            return self.use == "required"
        return (self.occurs or Occurs()).low >= 1 and not self.conditional

    @property
    def type_or_ref(self) -> QName | None:
        return self.type if self.type is not None else self.ref


Entries = dict[tuple[EntryKind, str], Entry]


def flatten(component: Component) -> Entries:
    return flatten_definition(component.definition)


def flatten_definition(definition: object, rename: Callable[[QName], QName] | None = None) -> Entries:
    """The entries of a type, element, group, attribute group or attribute definition. `rename` puts every name
    (in paths too) into the form compared: the twin rules read sr:X and ra:X as if written in one namespace."""
    into = _Collector(rename)
    if isinstance(definition, TypeDef):
        _type(definition, "", into)
    elif isinstance(definition, ElementDecl):
        _element_body(definition, "", into)
    elif isinstance(definition, GroupDef):
        if definition.content is not None:
            _particle(definition.content, "", into)
    elif isinstance(definition, AttributeGroupDef):
        _attributes(definition.attributes, definition.attribute_group_refs, definition.source, "", into,
                    definition.any_attribute)
    elif isinstance(definition, AttributeDecl):
        into.add(_attribute_entry(definition, "", into))
    return into.entries


class _Collector:
    """The entries made so far, and how names are written into them."""

    def __init__(self, rename: Callable[[QName], QName] | None) -> None:
        self.entries: Entries = {}
        self.rename = rename

    def name(self, value: QName | None) -> QName | None:
        if value is None or self.rename is None or value == ANONYMOUS:
            return value
        return self.rename(value)

    def add(self, entry: Entry) -> Entry:
        """The first entry at a path stays; an element name repeated in one content model (XS203) is numbered as
        XPath numbers it (Channels, Channels[2]), so a copy-and-paste slip shows as the element added."""
        entries = self.entries
        if entry.kind is EntryKind.ELEMENT and (entry.kind, entry.path) in entries:
            n = 2
            while (EntryKind.ELEMENT, nth(entry.path, n)) in entries:
                n += 1
            entry = replace(entry, path=nth(entry.path, n))
        entries.setdefault((entry.kind, entry.path), entry)
        return entry


def _type_name(decl: ElementDecl | AttributeDecl, into: _Collector) -> QName | None:
    if decl.type_name is not None:
        return into.name(decl.type_name)
    return ANONYMOUS if decl.anonymous_type is not None else None


def _element_body(decl: ElementDecl, path: str, into: _Collector) -> None:
    # a global element's substitution group head is kept as its base
    into.add(Entry(EntryKind.DERIVATION, path + "!element", decl.source, type=_type_name(decl, into),
                   default=decl.default, fixed=decl.fixed, nillable=decl.nillable,
                   base=into.name(decl.substitution_group), abstract=decl.abstract))  # fmt: skip
    if decl.anonymous_type is not None:
        _type(decl.anonymous_type, path, into)


def _type(typedef: TypeDef, path: str, into: _Collector) -> None:
    into.add(Entry(EntryKind.DERIVATION, path + "!type", typedef.source, type_kind=typedef.kind,
                   content=typedef.content_kind, derivation=typedef.derivation,
                   base=into.name(typedef.base) if typedef.derivation else None,
                   members=tuple(into.name(m) or m for m in (typedef.item_type, *typedef.member_types) if m),
                   abstract=typedef.is_abstract))  # fmt: skip
    for facet in typedef.facets:
        key = f"{path}#{facet.name}"
        if facet.name == "pattern":
            key += f"={facet.value}"  # patterns are several, each its own entry
        implied = facet.name == "totalDigits" and _total_digits_implied(facet.value, typedef)
        into.add(Entry(EntryKind.FACET, key, facet.source, facet=facet.name, value=facet.value, implied=implied))
    for enum in typedef.enumerations:
        into.add(Entry(EntryKind.ENUMERATION, f"{path}={enum.value}", enum.source, value=enum.value))
    for index, member in enumerate(typedef.anonymous_members):
        _type(member, f"{path}~{index}/", into)
    _attributes(typedef.attributes, typedef.attribute_group_refs, typedef.source, path, into, typedef.any_attribute)
    if typedef.content is not None:
        _particle(typedef.content, path, into)


def _total_digits_implied(total: str, typedef: TypeDef) -> bool:
    bounds = {f.name: f.value for f in typedef.facets if f.name in ("minInclusive", "maxInclusive")}
    try:
        digits = int(total)
        low, high = int(bounds["minInclusive"]), int(bounds["maxInclusive"])
    except (KeyError, ValueError):
        return False
    return max(len(str(abs(low))), len(str(abs(high)))) <= digits


def _attributes(attributes, group_refs, source: Source, path: str, into: _Collector, any_attribute=None) -> None:  # noqa: ANN001
    for attribute in attributes:
        into.add(_attribute_entry(attribute, path, into))
        if attribute.anonymous_type is not None:
            _type(attribute.anonymous_type, f"{path}@{attribute.name.local}/", into)
    for ref in group_refs:
        target = into.name(ref)
        into.add(Entry(EntryKind.ATTRIBUTE_GROUP_REF, f"{path}@@{target}", source, target=target))
    if any_attribute is not None:
        into.add(Entry(EntryKind.WILDCARD, f"{path}@*", any_attribute.source, occurs=occurs(0, None),
                       wildcard=_wildcard(any_attribute, into)))  # fmt: skip


def _wildcard(particle: Particle, into: _Collector) -> str:
    """A wildcard's namespace constraint and processContents in one comparable text (namespaces renamed as names
    are, so that twins compare alike)."""
    namespaces = sorted((into.name(QName(ns, "_")) or QName(ns, "_")).namespace or "##local" for ns in particle.namespaces)
    return " ".join([particle.namespace, *namespaces, particle.process_contents])


def _attribute_entry(attribute: AttributeDecl, path: str, into: _Collector) -> Entry:
    return Entry(EntryKind.ATTRIBUTE, f"{path}@{attribute.name.local}", attribute.source,
                 type=_type_name(attribute, into) if attribute.ref is None else None, ref=into.name(attribute.ref),
                 use=attribute.use, default=attribute.default, fixed=attribute.fixed)  # fmt: skip


_OCCURS: dict[tuple[int, int | None], Occurs] = {}


def occurs(low: int, high: int | None) -> Occurs:
    """One record per bound pair (a diff flattens thousands of elements, nearly all 1..1 or 0..1)."""
    found = _OCCURS.get((low, high))
    if found is None:
        found = _OCCURS[(low, high)] = Occurs(low, high)
    return found


def _particle(particle: Particle, path: str, into: _Collector) -> None:
    bounds = occurs(particle.min_occurs, particle.max_occurs)
    if particle.kind == "element" and particle.element is not None:
        decl = particle.element
        added = into.add(Entry(EntryKind.ELEMENT, f"{path}{decl.name.local}", decl.source,
                               type=None if decl.ref else _type_name(decl, into), ref=into.name(decl.ref),
                               occurs=occurs(decl.min_occurs, decl.max_occurs), conditional=decl.conditional,
                               default=decl.default, fixed=decl.fixed, nillable=decl.nillable))  # fmt: skip
        if decl.anonymous_type is not None:
            _type(decl.anonymous_type, f"{added.path}/", into)
        return
    if particle.kind == "group":
        target = into.name(particle.group_ref)
        into.add(Entry(EntryKind.GROUP_REF, f"{path}&{target}", particle.source, occurs=bounds, target=target))
        return
    if particle.kind == "any":
        into.add(Entry(EntryKind.WILDCARD, f"{path}*", particle.source, occurs=bounds, wildcard=_wildcard(particle, into)))
        return
    names = [c.element.name.local for c in particle.children if c.kind == "element" and c.element]
    # keyed by position, not by kind, so a sequence that became a choice is one change
    into.add(Entry(EntryKind.COMPOSITOR, f"{path}()", particle.source, compositor=particle.kind, occurs=bounds,
                   order=tuple(numbered(names))))  # fmt: skip
    compositors: Counter[str] = Counter()  # sibling compositors of one kind: choice/, choice[2]/, as elements
    for child in particle.children:
        step = ""
        if child.kind not in ("element", "group", "any"):
            compositors[child.kind] += 1
            step = nth(child.kind, compositors[child.kind]) + "/"
        _particle(child, path + step, into)


def numbered(names: list[str]) -> list[str]:
    """Repeated names numbered as the element entries are: A, B, A[2]."""
    if len(set(names)) == len(names):
        return names
    seen: Counter[str] = Counter()
    result = []
    for name in names:
        seen[name] += 1
        result.append(nth(name, seen[name]))
    return result


def nth(name: str, n: int) -> str:
    """The n-th of a repeated name, as XPath numbers it: A, A[2], A[3]."""
    return name if n == 1 else f"{name}[{n}]"


def component_key(component: Component) -> tuple[str, str]:
    return (component.family, str(component.name))


def components(model: SchemaModel) -> dict[tuple[str, str], Component]:
    found: dict[tuple[str, str], Component] = {}
    for component in model.components:
        found.setdefault(component_key(component), component)
    return found

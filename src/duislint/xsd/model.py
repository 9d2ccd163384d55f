"""The schema model: a schema set's documents and components, each component with its source file and line.

This module holds names, sources and the model itself; the component records are in components.py (a message
validation gate needs the former only, and a CLI pays for every class it defines on every run). Model objects are
frozen; the builder (build.py) is the only code that reads XML to make them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from duislint.xsd.components import (
        AttributeGroupDef,
        Comment,
        Component,
        ElementDecl,
        EnumValue,
        GroupDef,
        Reference,
        TypeDef,
    )

XS = "http://www.w3.org/2001/XMLSchema"
UNBOUNDED = None  # max_occurs for maxOccurs="unbounded"

# The symbol spaces of XSD 1.0: a name is looked up in the space of the reference that uses it.
Family = Literal["type", "element", "group", "attributeGroup", "attribute"]
TYPE: Family = "type"
ELEMENT: Family = "element"
GROUP: Family = "group"
ATTRIBUTE_GROUP: Family = "attributeGroup"
ATTRIBUTE: Family = "attribute"
FAMILIES: tuple[Family, ...] = (TYPE, ELEMENT, GROUP, ATTRIBUTE_GROUP, ATTRIBUTE)
XML_NS = "http://www.w3.org/XML/1998/namespace"
BUILTIN_TYPES = frozenset(
    """anyType anySimpleType string normalizedString token language Name NCName ID IDREF IDREFS ENTITY ENTITIES
    NMTOKEN NMTOKENS boolean base64Binary hexBinary float decimal integer nonPositiveInteger negativeInteger long
    int short byte nonNegativeInteger unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger double
    anyURI QName NOTATION duration dateTime time date gYearMonth gYear gMonthDay gDay gMonth""".split()
)
XML_ATTRIBUTES = frozenset({"lang", "space", "base", "id"})


@dataclass(frozen=True, order=True, slots=True)
class QName:
    """A name in a namespace, written {namespace}local (namespace "" for none)."""

    namespace: str
    local: str

    def __str__(self) -> str:
        return f"{{{self.namespace}}}{self.local}" if self.namespace else self.local


@dataclass(frozen=True, order=True, slots=True)
class Source:
    """Where something is written: a file (as reports show it) and the line of its start tag."""

    path: str  # display path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def is_builtin(family: str, name: QName) -> bool:
    """XSD's built-in datatypes, and the xml: attributes every schema may reference."""
    if family == TYPE and name.namespace == XS:
        return name.local in BUILTIN_TYPES
    return family == ATTRIBUTE and name.namespace == XML_NS and name.local in XML_ATTRIBUTES


@dataclass(frozen=True, slots=True)
class SchemaDocumentInfo:
    """One schema document of the set: its path, target namespace and declared version."""

    path: str
    target_namespace: str | None
    version: str | None  # from the header comment, e.g. "5.4"


@dataclass
class SchemaModel:
    """Every component of a schema set, with the global ones indexed by symbol space and name. Filled by the
    builder (build.py) and never changed after: what libxml2 says of the set is `schemas.Schemas`'s."""

    documents: list[SchemaDocumentInfo] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    types: list[TypeDef] = field(default_factory=list)  # every type, named and anonymous
    elements: list[ElementDecl] = field(default_factory=list)  # every element declaration and ref
    references: list[Reference] = field(default_factory=list)
    enumerations: list[EnumValue] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)  # namespace -> preferred prefix
    _globals: dict[tuple[str, QName], Component] = field(default_factory=dict)
    # the global definitions by name, typed: rules look types up thousands of times a run
    _types: dict[QName, TypeDef] = field(default_factory=dict, repr=False)
    _elements: dict[QName, ElementDecl] = field(default_factory=dict, repr=False)
    _groups: dict[QName, GroupDef] = field(default_factory=dict, repr=False)
    _attribute_groups: dict[QName, AttributeGroupDef] = field(default_factory=dict, repr=False)
    _names: dict[str, list[QName]] = field(default_factory=dict, repr=False)  # family -> names, in definition order

    def register(self, component: Component) -> None:
        from duislint.xsd.components import AttributeGroupDef, ElementDecl, GroupDef, TypeDef

        self.components.append(component)
        key = (component.family, component.name)
        if key in self._globals:
            return  # the first definition of a name counts (XS201 reports the others)
        self._globals[key] = component
        self._names.setdefault(component.family, []).append(component.name)
        definition, name = component.definition, component.name
        if component.family == TYPE and isinstance(definition, TypeDef):
            self._types[name] = definition
        elif component.family == ELEMENT and isinstance(definition, ElementDecl):
            self._elements[name] = definition
        elif component.family == GROUP and isinstance(definition, GroupDef):
            self._groups[name] = definition
        elif component.family == ATTRIBUTE_GROUP and isinstance(definition, AttributeGroupDef):
            self._attribute_groups[name] = definition

    def lookup(self, family: Family, name: QName) -> Component | None:
        return self._globals.get((family, name))

    def names_in(self, family: Family) -> list[QName]:
        """The global names of one symbol space (a copy: one list a family, kept as components register, so that a
        suggestion per unresolved reference costs no scan of every global)."""
        return list(self._names.get(family, ()))

    def named_type(self, name: QName | None) -> TypeDef | None:
        return self._types.get(name) if name is not None else None

    def element(self, name: QName | None) -> ElementDecl | None:
        """The global element declaration of that name."""
        return self._elements.get(name) if name is not None else None

    def group(self, name: QName | None) -> GroupDef | None:
        return self._groups.get(name) if name is not None else None

    def attribute_group(self, name: QName | None) -> AttributeGroupDef | None:
        return self._attribute_groups.get(name) if name is not None else None

    def show(self, name: QName | None) -> str:
        """A QName as users write it: sr:Request, ra:HeaderType, xs:string."""
        if name is None:
            return "?"
        prefix = self.prefixes.get(name.namespace)
        if prefix:
            return f"{prefix}:{name.local}"
        return str(name)

"""The schema model: components of a schema set, each with its source file and line.

Model objects are frozen; the builder (build.py) is the only code that reads XML to make them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

XS = "http://www.w3.org/2001/XMLSchema"
UNBOUNDED = None  # max_occurs for maxOccurs="unbounded"

# The symbol spaces of XSD 1.0: a name is looked up in the space of the reference that uses it.
TYPE, ELEMENT, GROUP, ATTRIBUTE_GROUP, ATTRIBUTE = "type", "element", "group", "attributeGroup", "attribute"
FAMILIES = (TYPE, ELEMENT, GROUP, ATTRIBUTE_GROUP, ATTRIBUTE)
XML_NS = "http://www.w3.org/XML/1998/namespace"
BUILTIN_TYPES = frozenset(
    """anyType anySimpleType string normalizedString token language Name NCName ID IDREF IDREFS ENTITY ENTITIES
    NMTOKEN NMTOKENS boolean base64Binary hexBinary float decimal integer nonPositiveInteger negativeInteger long
    int short byte nonNegativeInteger unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger double
    anyURI QName NOTATION duration dateTime time date gYearMonth gYear gMonthDay gDay gMonth""".split()
)
XML_ATTRIBUTES = frozenset({"lang", "space", "base", "id"})


@dataclass(frozen=True, order=True)
class QName:
    namespace: str
    local: str

    def __str__(self) -> str:
        return f"{{{self.namespace}}}{self.local}" if self.namespace else self.local


@dataclass(frozen=True, order=True)
class Source:
    path: str  # display path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Facet:
    name: str  # minInclusive, pattern, length, ...
    value: str
    source: Source


@dataclass(frozen=True)
class EnumValue:
    value: str
    owner: QName | None  # the named simple type that lists it (None inside an anonymous type)
    owner_context: str  # readable owner, e.g. "sr:ResponseCode" or "sr:Header/ResponseCode"
    comment: str | None  # the comment right after the value, e.g. "CV = 4, 5, 6, 7"
    source: Source


@dataclass(frozen=True)
class Particle:
    """A node of a content model: element, sequence, choice, all, group (ref) or any."""

    kind: str
    min_occurs: int
    max_occurs: int | None
    source: Source
    element: "ElementDecl | None" = None
    group_ref: QName | None = None
    children: tuple["Particle", ...] = ()


@dataclass(frozen=True)
class ElementDecl:
    name: QName  # for a ref, the referenced element's name
    context: str  # readable path, e.g. "sr:Device/Connectivity"
    source: Source
    is_global: bool
    ref: QName | None = None
    type_name: QName | None = None
    anonymous_type: "TypeDef | None" = None
    min_occurs: int = 1
    max_occurs: int | None = 1
    nillable: bool = False
    default: str | None = None
    fixed: str | None = None
    conditional: bool = False  # inside a choice or an optional compositor

    @property
    def required(self) -> bool:
        """Must appear wherever its parent does: minOccurs >= 1 and not a choice member or in an optional group."""
        return self.min_occurs >= 1 and not self.conditional


@dataclass(frozen=True)
class AttributeDecl:
    name: QName
    context: str
    source: Source
    is_global: bool
    ref: QName | None = None
    type_name: QName | None = None
    anonymous_type: "TypeDef | None" = None
    use: str = "optional"
    default: str | None = None
    fixed: str | None = None


@dataclass(frozen=True)
class TypeDef:
    name: QName | None  # None for an anonymous type
    kind: str  # "simple" | "complex"
    context: str
    source: Source
    derivation: str | None = None  # restriction | extension | list | union
    base: QName | None = None
    content_kind: str = "empty"  # empty | element | simple | mixed
    content: Particle | None = None
    attributes: tuple[AttributeDecl, ...] = ()
    attribute_group_refs: tuple[QName, ...] = ()
    facets: tuple[Facet, ...] = ()
    enumerations: tuple[EnumValue, ...] = ()
    item_type: QName | None = None
    member_types: tuple[QName, ...] = ()
    anonymous_members: tuple["TypeDef", ...] = ()
    is_abstract: bool = False


@dataclass(frozen=True)
class GroupDef:
    name: QName
    context: str
    source: Source
    content: Particle | None


@dataclass(frozen=True)
class AttributeGroupDef:
    name: QName
    context: str
    source: Source
    attributes: tuple[AttributeDecl, ...] = ()
    attribute_group_refs: tuple[QName, ...] = ()


def is_builtin(family: str, name: QName) -> bool:
    """XSD's built-in datatypes, and the xml: attributes every schema may reference."""
    if family == TYPE and name.namespace == XS:
        return name.local in BUILTIN_TYPES
    return family == ATTRIBUTE and name.namespace == XML_NS and name.local in XML_ATTRIBUTES


Definition = ElementDecl | TypeDef | GroupDef | AttributeGroupDef | AttributeDecl


@dataclass(frozen=True)
class Component:
    """A global definition: its symbol space (family), XSD kind, name and definition."""

    family: str
    kind: str  # element | complexType | simpleType | group | attributeGroup | attribute
    name: QName
    source: Source
    definition: Definition


@dataclass(frozen=True)
class Reference:
    """A QName-valued attribute that must resolve: type=, ref=, base=, itemType=, memberTypes=."""

    family: str
    target: QName | None  # None when the prefix is not declared
    written: str  # the QName as written, e.g. "sr:HeaderType"
    attribute: str
    context: str  # the component that holds it
    source: Source
    problem: str | None = None


@dataclass(frozen=True)
class Comment:
    text: str
    context: str  # the nearest enclosing named component, or the file
    source: Source
    kind: str = "comment"  # comment | documentation (xs:annotation/xs:documentation)


@dataclass(frozen=True)
class SchemaDocumentInfo:
    path: str
    target_namespace: str | None
    version: str | None  # from the header comment, e.g. "5.4"


@dataclass
class SchemaModel:
    documents: list[SchemaDocumentInfo] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    types: list[TypeDef] = field(default_factory=list)  # every type, named and anonymous
    elements: list[ElementDecl] = field(default_factory=list)  # every element declaration and ref
    references: list[Reference] = field(default_factory=list)
    enumerations: list[EnumValue] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)  # namespace -> preferred prefix
    compile_errors: list = field(default_factory=list)  # compile.CompileError, filled by the loader
    schema_refs: list = field(default_factory=list)  # (document display path, loader.SchemaRef)
    _globals: dict[tuple[str, QName], Component] = field(default_factory=dict)

    def register(self, component: Component) -> None:
        self.components.append(component)
        self._globals.setdefault((component.family, component.name), component)

    def lookup(self, family: str, name: QName) -> Component | None:
        return self._globals.get((family, name))

    def names_in(self, family: str) -> list[QName]:
        return [name for (fam, name) in self._globals if fam == family]

    def named_type(self, name: QName | None) -> TypeDef | None:
        component = self._globals.get((TYPE, name)) if name else None
        return component.definition if component else None  # type: ignore[return-value]

    def show(self, name: QName | None) -> str:
        """A QName as users write it: sr:Request, ra:HeaderType, xs:string."""
        if name is None:
            return "?"
        prefix = self.prefixes.get(name.namespace)
        if prefix:
            return f"{prefix}:{name.local}"
        return str(name)

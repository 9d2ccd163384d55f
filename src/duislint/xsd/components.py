"""The component records of the schema model: declarations, definitions, references and comments, each with its
source file and line. Frozen; made only by the builder (build.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from duislint.xsd.model import Family, QName, Source

ParticleKind = Literal["element", "sequence", "choice", "all", "group", "any"]
TypeKind = Literal["simple", "complex"]
Derivation = Literal["restriction", "extension", "list", "union"]
ContentKind = Literal["empty", "element", "simple", "mixed"]
AttributeUse = Literal["optional", "required", "prohibited"]
ComponentKind = Literal["element", "complexType", "simpleType", "group", "attributeGroup", "attribute"]
CommentKind = Literal["comment", "documentation"]


@dataclass(frozen=True, slots=True)
class Facet:
    """A restriction facet other than enumeration (pattern, length, minInclusive...)."""

    name: str  # minInclusive, pattern, length, ...
    value: str
    source: Source


@dataclass(frozen=True, slots=True)
class EnumValue:
    """One xs:enumeration value, with the type that lists it and the comment that explains it."""

    value: str
    owner: QName | None  # the named simple type that lists it (None inside an anonymous type)
    owner_context: str  # readable owner, e.g. "sr:ResponseCode" or "sr:Header/ResponseCode"
    comment: str | None  # the comment right after the value, e.g. "CV = 4, 5, 6, 7"
    source: Source


@dataclass(frozen=True, slots=True)
class Particle:
    """A node of a content model: element, sequence, choice, all, group (ref) or any."""

    kind: ParticleKind
    min_occurs: int
    max_occurs: int | None
    source: Source
    element: "ElementDecl | None" = None
    group_ref: QName | None = None
    children: tuple["Particle", ...] = ()
    # wildcards (xs:any): the namespace constraint as written (##any, ##other, ##local, ##targetNamespace or URIs)
    # with ##targetNamespace and ##local resolved into `namespaces`, and how matched elements are validated
    namespace: str = "##any"
    namespaces: tuple[str, ...] = ()  # the namespaces listed ("" for ##local); for ##other, the excluded one
    process_contents: str = "strict"


@dataclass(frozen=True, slots=True)
class ElementDecl:
    """An element declaration or reference, global or local, with its occurrence bounds."""

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
    substitution_group: QName | None = None  # global elements only: the head it may stand in for
    abstract: bool = False  # global elements only: never in an instance itself, only its substitutes

    @property
    def required(self) -> bool:
        """Must appear wherever its parent does: minOccurs >= 1 and not a choice member or in an optional group."""
        return self.min_occurs >= 1 and not self.conditional


@dataclass(frozen=True, slots=True)
class AttributeDecl:
    """An attribute declaration or reference, global or local."""

    name: QName
    context: str
    source: Source
    is_global: bool
    ref: QName | None = None
    type_name: QName | None = None
    anonymous_type: "TypeDef | None" = None
    use: AttributeUse = "optional"
    default: str | None = None
    fixed: str | None = None


@dataclass(frozen=True, slots=True)
class TypeDef:
    """A simple or complex type definition, named or anonymous."""

    name: QName | None  # None for an anonymous type
    kind: TypeKind
    context: str
    source: Source
    derivation: Derivation | None = None
    base: QName | None = None
    content_kind: ContentKind = "empty"
    content: Particle | None = None
    attributes: tuple[AttributeDecl, ...] = ()
    attribute_group_refs: tuple[QName, ...] = ()
    facets: tuple[Facet, ...] = ()
    enumerations: tuple[EnumValue, ...] = ()
    item_type: QName | None = None
    member_types: tuple[QName, ...] = ()
    anonymous_members: tuple["TypeDef", ...] = ()
    is_abstract: bool = False
    any_attribute: "Particle | None" = None  # xs:anyAttribute, as a wildcard particle (namespace, processContents)


@dataclass(frozen=True, slots=True)
class GroupDef:
    """A named model group (xs:group) and its content."""

    name: QName
    context: str
    source: Source
    content: Particle | None


@dataclass(frozen=True, slots=True)
class AttributeGroupDef:
    """A named attribute group (xs:attributeGroup)."""

    name: QName
    context: str
    source: Source
    attributes: tuple[AttributeDecl, ...] = ()
    attribute_group_refs: tuple[QName, ...] = ()
    any_attribute: Particle | None = None


Definition = ElementDecl | TypeDef | GroupDef | AttributeGroupDef | AttributeDecl


@dataclass(frozen=True, slots=True)
class Component:
    """A global definition: its symbol space (family), XSD kind, name and definition."""

    family: Family
    kind: ComponentKind
    name: QName
    source: Source
    definition: Definition


@dataclass(frozen=True, slots=True)
class Reference:
    """A QName-valued attribute that must resolve: type=, ref=, base=, itemType=, memberTypes=."""

    family: Family
    target: QName | None  # None when the prefix is not declared
    written: str  # the QName as written, e.g. "sr:HeaderType"
    attribute: str
    context: str  # the component that holds it
    source: Source
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """An XML comment or xs:documentation text, with the component it sits in."""

    text: str
    context: str  # the nearest enclosing named component, or the file
    source: Source
    kind: CommentKind = "comment"  # documentation: xs:annotation/xs:documentation

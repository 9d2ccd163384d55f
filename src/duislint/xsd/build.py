"""Build the schema model from parsed XSD documents. The only module that walks XSD XML."""

from __future__ import annotations

from lxml import etree

from duislint.duis import srvs_named_by_comment
from duislint.xmlsafe import start_line
from duislint.xsd.components import (
    AttributeDecl,
    AttributeGroupDef,
    AttributeUse,
    Comment,
    Component,
    ComponentKind,
    ContentKind,
    Derivation,
    ElementDecl,
    EnumValue,
    Facet,
    GroupDef,
    Particle,
    ParticleKind,
    Reference,
    TypeDef,
)
from duislint.xsd.documents import declared_version, preferred_prefixes
from duislint.xsd.loader import SchemaDocument, SchemaSet
from duislint.xsd.model import (
    ATTRIBUTE,
    ATTRIBUTE_GROUP,
    ELEMENT,
    GROUP,
    TYPE,
    XML_NS,
    XS,
    Family,
    QName,
    SchemaDocumentInfo,
    SchemaModel,
    Source,
)

_FACETS = {
    "length", "minLength", "maxLength", "pattern", "whiteSpace", "maxInclusive", "maxExclusive",
    "minInclusive", "minExclusive", "totalDigits", "fractionDigits",
}  # fmt: skip


def _xs(local: str) -> str:
    return f"{{{XS}}}{local}"


def build_model(schema_set: SchemaSet) -> SchemaModel:
    model = SchemaModel()
    model.prefixes = preferred_prefixes(schema_set)
    chameleons = _chameleon_namespaces(schema_set)
    for document in schema_set.documents.values():
        _DocumentBuilder(model, document, chameleons.get(document.path)).build()
    return model


def _chameleon_namespaces(schema_set: SchemaSet) -> dict[str, str]:
    """A schema without targetNamespace that is included takes the includer's namespace (XSD 1.0 "chameleon")."""
    adopted: dict[str, str] = {}
    for document in schema_set.documents.values():
        for ref in document.refs:
            target = schema_set.documents.get(ref.target or "")
            if ref.kind != "import" and target and target.target_namespace is None and document.target_namespace:
                adopted.setdefault(target.path, document.target_namespace)
    return adopted


_COMPOSITORS: dict[str, ParticleKind] = {_xs("sequence"): "sequence", _xs("choice"): "choice", _xs("all"): "all"}


def _use(el: etree._Element) -> AttributeUse:
    """An attribute's use; an invalid value is read as the default (libxml2 reports it: XS001)."""
    use = el.get("use", "optional")
    return "required" if use == "required" else ("prohibited" if use == "prohibited" else "optional")


def _occurs(el: etree._Element) -> tuple[int, int | None]:
    """(minOccurs, maxOccurs); maxOccurs None for "unbounded". An invalid value (minOccurs="unbounded", "x", -1) is
    read as the default 1: libxml2 reports it (XS001), and nothing downstream meets an impossible occurrence."""
    high = (el.get("maxOccurs") or "1").strip()
    return _count(el.get("minOccurs")), None if high == "unbounded" else _count(high)


def _count(text: str | None) -> int:
    try:
        number = int((text or "1").strip())
    except ValueError:
        return 1
    return number if number >= 0 else 1


class _DocumentBuilder:
    def __init__(self, model: SchemaModel, document: SchemaDocument, chameleon_namespace: str | None = None) -> None:
        self.model = model
        self.document = document
        self.path = document.display
        self.target = document.target_namespace or chameleon_namespace or ""
        self.chameleon = chameleon_namespace
        self.qualified_elements = document.root.get("elementFormDefault") == "qualified"
        self.qualified_attributes = document.root.get("attributeFormDefault") == "qualified"
        # one record for each name and each line: a large schema repeats them (xs:string, a local element's name
        # in every type), and the model holds hundreds of thousands
        self._names: dict[tuple[str, str], QName] = {}
        self._sources: dict[int, Source] = {}

    # --- helpers -------------------------------------------------------------------------------
    def source(self, el: etree._Element) -> Source:
        line = start_line(el, self.document.lines)
        known = self._sources.get(line)
        if known is None:
            known = self._sources[line] = Source(self.path, line)
        return known

    def qname(self, namespace: str, local: str) -> QName:
        known = self._names.get((namespace, local))
        if known is None:
            known = self._names[namespace, local] = QName(namespace, local)
        return known

    def show(self, name: QName) -> str:
        return self.model.show(name)

    def resolve(
        self, el: etree._Element, written: str | None, family: Family, attribute: str, context: str
    ) -> QName | None:
        """Turn a QName as written into a QName, and record it as a reference that must resolve (nothing for an
        attribute that is not there)."""
        if written is None:
            return None
        written = written.strip()
        prefix, _, local = written.rpartition(":")
        namespace = XML_NS if prefix == "xml" else el.nsmap.get(prefix or None)
        if namespace is None and not prefix and self.chameleon:
            namespace = self.chameleon  # unprefixed names in a chameleon include mean the includer's namespace
        problem = None
        if namespace is None:
            if prefix:
                problem = f"prefix '{prefix}' is not declared"
            namespace = ""
        target = self.qname(namespace, local) if problem is None else None
        self.model.references.append(Reference(family, target, written, attribute, context, self.source(el), problem))
        return target

    def global_name(self, el: etree._Element) -> QName:
        return self.qname(self.target, el.get("name", ""))

    # --- walk ----------------------------------------------------------------------------------
    def build(self) -> None:
        root = self.document.root
        self.model.documents.append(
            SchemaDocumentInfo(self.path, self.document.target_namespace, declared_version(root))
        )
        for child in root:
            if not isinstance(child.tag, str):
                if isinstance(child, etree._Comment):
                    self._comment(child, self.path)
                continue
            self._global(child)

    def _comment(self, node: etree._Element, context: str) -> None:
        text = " ".join((node.text or "").split())
        if text:
            self.model.comments.append(Comment(text, context, self.source(node)))

    def _comments_within(self, el: etree._Element, context: str) -> None:
        for node in el.iter(etree.Comment):
            self._comment(node, context)
        for node in el.iter(_xs("documentation")):
            text = " ".join("".join(node.itertext()).split())
            if text:
                self.model.comments.append(Comment(text, context, self.source(node), "documentation"))

    def _global(self, el: etree._Element) -> None:
        tag = el.tag
        name = self.global_name(el)
        context = self.show(name)
        if tag == _xs("element"):
            decl = self._element(el, context, is_global=True)
            self.model.register(Component(ELEMENT, "element", name, decl.source, decl))
        elif tag in (_xs("complexType"), _xs("simpleType")):
            typedef = self._type(el, name, context)
            kind: ComponentKind = "complexType" if typedef.kind == "complex" else "simpleType"
            self.model.register(Component(TYPE, kind, name, typedef.source, typedef))
        elif tag == _xs("group"):
            content = self._first_particle(el, context)
            group = GroupDef(name, context, self.source(el), content)
            self.model.register(Component(GROUP, "group", name, group.source, group))
        elif tag == _xs("attributeGroup"):
            attributes, refs = self._attributes(el, context)
            attribute_group = AttributeGroupDef(name, context, self.source(el), attributes, refs, self._any_attribute(el))
            self.model.register(Component(ATTRIBUTE_GROUP, "attributeGroup", name, attribute_group.source,
                                          attribute_group))  # fmt: skip
        elif tag == _xs("attribute"):
            attribute = self._attribute(el, context, is_global=True)
            self.model.register(Component(ATTRIBUTE, "attribute", name, attribute.source, attribute))
        else:
            return
        self._comments_within(el, context)

    def _element(self, el: etree._Element, context: str, is_global: bool, conditional: bool = False) -> ElementDecl:
        ref = el.get("ref")
        min_occurs, max_occurs = (1, 1) if is_global else _occurs(el)
        if ref is not None and not is_global:
            target = self.resolve(el, ref, ELEMENT, "ref", context) or self.qname("", ref)
            decl = ElementDecl(
                name=target, context=f"{context}/{self.show(target)}", source=self.source(el), is_global=False,
                ref=target, min_occurs=min_occurs, max_occurs=max_occurs, conditional=conditional,
            )  # fmt: skip
            self.model.elements.append(decl)
            return decl
        if is_global:
            name, own_context = self.global_name(el), context
        else:
            qualified = el.get("form", "qualified" if self.qualified_elements else "unqualified") == "qualified"
            name = self.qname(self.target if qualified else "", el.get("name", ""))
            own_context = f"{context}/{name.local}"
        type_name = self.resolve(el, el.get("type"), TYPE, "type", own_context)
        anonymous = None
        for child in el:
            if child.tag in (_xs("complexType"), _xs("simpleType")):
                anonymous = self._type(child, None, own_context)
        decl = ElementDecl(
            name=name, context=own_context, source=self.source(el), is_global=is_global, type_name=type_name,
            anonymous_type=anonymous, min_occurs=min_occurs, max_occurs=max_occurs,
            nillable=el.get("nillable") in ("true", "1"), default=el.get("default"), fixed=el.get("fixed"), conditional=conditional,
            substitution_group=self.resolve(el, el.get("substitutionGroup"), ELEMENT, "substitutionGroup", own_context)
            if is_global else None,
            abstract=is_global and el.get("abstract") in ("true", "1"),
        )  # fmt: skip
        self.model.elements.append(decl)
        return decl

    def _attribute(self, el: etree._Element, context: str, is_global: bool) -> AttributeDecl:
        ref = el.get("ref")
        if ref is not None and not is_global:
            target = self.resolve(el, ref, ATTRIBUTE, "ref", context) or self.qname("", ref)
            return AttributeDecl(
                name=target, context=f"{context}/@{self.show(target)}", source=self.source(el), is_global=False,
                ref=target, use=_use(el), default=el.get("default"), fixed=el.get("fixed"),
            )  # fmt: skip
        if is_global:
            name, own_context = self.global_name(el), context
        else:
            qualified = el.get("form", "qualified" if self.qualified_attributes else "unqualified") == "qualified"
            name = self.qname(self.target if qualified else "", el.get("name", ""))
            own_context = f"{context}/@{name.local}"
        type_name = self.resolve(el, el.get("type") or None, TYPE, "type", own_context)
        anonymous = None
        for child in el:
            if child.tag == _xs("simpleType"):
                anonymous = self._type(child, None, own_context)
        return AttributeDecl(
            name=name, context=own_context, source=self.source(el), is_global=is_global, type_name=type_name,
            anonymous_type=anonymous, use=_use(el), default=el.get("default"),
            fixed=el.get("fixed"),
        )  # fmt: skip

    def _attributes(self, el: etree._Element, context: str) -> tuple[tuple[AttributeDecl, ...], tuple[QName, ...]]:
        attributes: list[AttributeDecl] = []
        group_refs: list[QName] = []
        for child in el:
            if child.tag == _xs("attribute"):
                attributes.append(self._attribute(child, context, is_global=False))
            elif child.tag == _xs("attributeGroup") and child.get("ref"):
                target = self.resolve(child, child.get("ref"), ATTRIBUTE_GROUP, "ref", context)
                if target is not None:
                    group_refs.append(target)
        return tuple(attributes), tuple(group_refs)

    def _first_particle(self, el: etree._Element, context: str) -> Particle | None:
        for child in el:
            if child.tag in (_xs("sequence"), _xs("choice"), _xs("all"), _xs("group")):
                return self._particle(child, context)
        return None

    def _particle(self, el: etree._Element, context: str, conditional: bool = False) -> Particle | None:
        """`conditional`: an enclosing compositor is a choice or optional, so the element's own minOccurs does not
        alone decide whether it must appear."""
        tag = el.tag
        source = self.source(el)
        occurs = _occurs(el)
        if tag == _xs("element"):
            decl = self._element(el, context, is_global=False, conditional=conditional)
            return Particle("element", decl.min_occurs, decl.max_occurs, source, element=decl)
        if tag in (_xs("sequence"), _xs("choice"), _xs("all")):
            inner = conditional or tag == _xs("choice") or occurs[0] == 0
            children = tuple(p for c in el if isinstance(c.tag, str) for p in [self._particle(c, context, inner)] if p)
            return Particle(_COMPOSITORS[tag], *occurs, source, children=children)
        if tag == _xs("group") and el.get("ref"):
            target = self.resolve(el, el.get("ref"), GROUP, "ref", context)
            return Particle("group", *occurs, source, group_ref=target)
        if tag == _xs("any"):
            return self._wildcard(el, "any", occurs)
        return None

    def _wildcard(self, el: etree._Element, kind: ParticleKind, occurs: tuple[int, int | None]) -> Particle:
        """xs:any or xs:anyAttribute: ##targetNamespace and ##local resolved to namespaces ("" for none); for
        ##other, the one namespace excluded (the target namespace)."""
        written = " ".join((el.get("namespace") or "##any").split()) or "##any"
        if written == "##other":
            namespaces: tuple[str, ...] = (self.target or "",)
        elif written == "##any":
            namespaces = ()
        else:
            resolved = {"##targetNamespace": self.target or "", "##local": ""}
            namespaces = tuple(sorted({resolved.get(token, token) for token in written.split()}))
        return Particle(kind, *occurs, self.source(el), namespace=written if written in ("##any", "##other") else "list",
                        namespaces=namespaces, process_contents=el.get("processContents") or "strict")  # fmt: skip

    def _type(self, el: etree._Element, name: QName | None, context: str) -> TypeDef:
        if el.tag == _xs("simpleType"):
            typedef = self._simple_type(el, name, context)
        else:
            typedef = self._complex_type(el, name, context)
        self.model.types.append(typedef)
        return typedef

    def _simple_type(self, el: etree._Element, name: QName | None, context: str) -> TypeDef:
        source = self.source(el)
        for child in el:
            if child.tag == _xs("restriction"):
                base = self.resolve(child, child.get("base") or None, TYPE, "base", context)
                anonymous = [self._type(c, None, context) for c in child if c.tag == _xs("simpleType")]
                facets, enums = self._facets(child, name, context)
                return TypeDef(
                    name, "simple", context, source, derivation="restriction", base=base, content_kind="simple",
                    facets=facets, enumerations=enums, anonymous_members=tuple(anonymous),
                )  # fmt: skip
            if child.tag == _xs("list"):
                item = self.resolve(child, child.get("itemType") or None, TYPE, "itemType", context)
                anonymous = [self._type(c, None, context) for c in child if c.tag == _xs("simpleType")]
                return TypeDef(name, "simple", context, source, derivation="list", content_kind="simple",
                               item_type=item, anonymous_members=tuple(anonymous))  # fmt: skip
            if child.tag == _xs("union"):
                members = [
                    m for m in (
                        self.resolve(child, written, TYPE, "memberTypes", context)
                        for written in (child.get("memberTypes") or "").split()
                    ) if m is not None
                ]  # fmt: skip
                anonymous = [self._type(c, None, context) for c in child if c.tag == _xs("simpleType")]
                return TypeDef(name, "simple", context, source, derivation="union", content_kind="simple",
                               member_types=tuple(members), anonymous_members=tuple(anonymous))  # fmt: skip
        return TypeDef(name, "simple", context, source, content_kind="simple")

    def _facets(
        self, el: etree._Element, owner: QName | None, context: str
    ) -> tuple[tuple[Facet, ...], tuple[EnumValue, ...]]:
        facets: list[Facet] = []
        enums: list[EnumValue] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if child.tag == _xs("enumeration"):
                value = child.get("value", "")
                enum = EnumValue(value, owner, context, _following_comment(child), self.source(child))
                enums.append(enum)
                self.model.enumerations.append(enum)
            elif local in _FACETS and child.tag == _xs(local):
                facets.append(Facet(local, child.get("value", ""), self.source(child)))
        return tuple(facets), tuple(enums)

    def _complex_type(self, el: etree._Element, name: QName | None, context: str) -> TypeDef:
        source = self.source(el)
        mixed = el.get("mixed") in ("true", "1")
        abstract = el.get("abstract") in ("true", "1")
        for child in el:
            if child.tag in (_xs("complexContent"), _xs("simpleContent")):
                simple = child.tag == _xs("simpleContent")
                mixed = mixed or child.get("mixed") in ("true", "1")
                for derivation in child:
                    method: Derivation
                    if derivation.tag == _xs("restriction"):
                        method = "restriction"
                    elif derivation.tag == _xs("extension"):
                        method = "extension"
                    else:
                        continue
                    base = self.resolve(derivation, derivation.get("base") or None, TYPE, "base", context)
                    attributes, group_refs = self._attributes(derivation, context)
                    facets, enums = self._facets(derivation, name, context) if simple else ((), ())
                    content = None if simple else self._first_particle(derivation, context)
                    return TypeDef(
                        name, "complex", context, source, derivation=method, base=base,
                        content_kind="simple" if simple else ("mixed" if mixed else "element"), content=content,
                        attributes=attributes, attribute_group_refs=group_refs, facets=facets, enumerations=enums,
                        is_abstract=abstract, any_attribute=self._any_attribute(derivation),
                    )  # fmt: skip
        content = self._first_particle(el, context)
        attributes, group_refs = self._attributes(el, context)
        content_kind: ContentKind = "mixed" if mixed else ("element" if content is not None else "empty")
        return TypeDef(
            name, "complex", context, source, content_kind=content_kind, content=content, attributes=attributes,
            attribute_group_refs=group_refs, is_abstract=abstract, any_attribute=self._any_attribute(el),
        )  # fmt: skip

    def _any_attribute(self, el: etree._Element) -> Particle | None:
        for child in el:
            if child.tag == _xs("anyAttribute"):
                return self._wildcard(child, "any", (0, None))
        return None


def _following_comment(el: etree._Element) -> str | None:
    """The comment that directly follows an enumeration value (DUIS puts e.g. 'CV = 4, 5, 6, 7' there).

    A comment naming an SR ('SR 6.15.1, 6.21') heads the values after it, so it is not the previous value's.
    """
    nxt = el.getnext()
    if nxt is not None and isinstance(nxt, etree._Comment):
        text = " ".join((nxt.text or "").split())
        if text and srvs_named_by_comment(text) is None:
            return text
    return None

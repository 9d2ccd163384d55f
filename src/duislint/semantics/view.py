"""One schema set as the semantic comparison reads it: each declaration's type resolved, each type's content
language, value space and attribute uses built once, and the places each declaration and type is used (to root a
witness at a global element). Everything is memoised per set: a diff builds what its changes need, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from duislint.semantics import Undecidable
from duislint.xsd.components import AttributeDecl, ElementDecl, GroupDef, Particle, TypeDef
from duislint.xsd.model import XS, QName, SchemaModel

if TYPE_CHECKING:
    from duislint.semantics.attributes import AttributeUses
    from duislint.semantics.content import Language
    from duislint.semantics.values import ValueSpace

ANY_TYPE = QName(XS, "anyType")
ANY_SIMPLE_TYPE = QName(XS, "anySimpleType")


@dataclass(frozen=True, slots=True)
class TypeView:
    """A type as a declaration names it: a built-in (name only), a named definition, or an anonymous one."""

    name: QName | None
    definition: TypeDef | None

    @property
    def builtin(self) -> bool:
        return self.definition is None

    @property
    def key(self) -> object:
        """Identity for memo tables: the name of a named type, the definition object of an anonymous one."""
        return self.name if self.name is not None else id(self.definition)

    @property
    def any(self) -> bool:
        return self.definition is None and self.name == ANY_TYPE

    @property
    def simple(self) -> bool:
        """Holds a value only: a built-in other than xs:anyType, or a simple type definition."""
        if self.definition is None:
            return not self.any
        return self.definition.kind == "simple"


@dataclass(frozen=True, slots=True)
class Use:
    """Where a declaration or type is used: the type whose content holds a local element, the declarations typed
    by a type, the types derived from it, the attribute declarations typed by a simple type."""

    holder: ElementDecl | TypeDef | AttributeDecl | GroupDef
    child: ElementDecl | None = None  # the element that leads from holder to the thing used


class SchemaView:
    def __init__(self, model: SchemaModel) -> None:
        self.model = model
        self._content: dict[object, Language] = {}
        self._values: dict[object, ValueSpace] = {}
        self._attributes: dict[object, AttributeUses] = {}

    # --- declarations and types -------------------------------------------------------------------------------

    def declaration(self, decl: ElementDecl) -> ElementDecl:
        """A reference resolved to the global declaration it names (itself when it is not a reference)."""
        if decl.ref is not None:
            target = self.model.element(decl.ref)
            if target is None:
                raise Undecidable(f"element {self.model.show(decl.ref)} is not defined")
            return target
        return decl

    def type_of(self, decl: ElementDecl | AttributeDecl) -> TypeView:
        if isinstance(decl, ElementDecl):
            decl = self.declaration(decl)
        elif decl.ref is not None:
            target = self.model.lookup("attribute", decl.ref)
            if target is None or not isinstance(target.definition, AttributeDecl):
                raise Undecidable(f"attribute {self.model.show(decl.ref)} is not defined")
            decl = target.definition
        if decl.anonymous_type is not None:
            return TypeView(None, decl.anonymous_type)
        if decl.type_name is not None:
            return self.named(decl.type_name)
        if isinstance(decl, ElementDecl) and decl.substitution_group is not None:
            head = self.model.element(decl.substitution_group)
            if head is not None and head is not decl:
                return self.type_of(head)
        return TypeView(ANY_SIMPLE_TYPE if isinstance(decl, AttributeDecl) else ANY_TYPE, None)

    def named(self, name: QName) -> TypeView:
        if name.namespace == XS:
            return TypeView(name, None)
        definition = self.model.named_type(name)
        if definition is None:
            raise Undecidable(f"type {self.model.show(name)} is not defined")
        return TypeView(name, definition)

    def base(self, view: TypeView) -> TypeView | None:
        definition = view.definition
        if definition is None or definition.base is None or definition.derivation not in ("restriction", "extension"):
            return None
        return self.named(definition.base)

    def has_value(self, view: TypeView) -> bool:
        """Holds text with a value space: a simple type, or a complex type with simple content."""
        if view.simple:
            return True
        return view.definition is not None and view.definition.content_kind == "simple"

    def content_kind(self, view: TypeView) -> str:
        """empty, element, simple or mixed (xs:anyType: mixed)."""
        if view.any:
            return "mixed"
        if view.simple:
            return "simple"
        assert view.definition is not None
        kind = view.definition.content_kind
        if kind == "empty" and view.definition.derivation == "extension":
            base = self.base(view)
            return self.content_kind(base) if base is not None and not base.any else "empty"
        return kind

    # --- what is built from them ------------------------------------------------------------------------------

    def content(self, view: TypeView) -> Language:
        from duislint.semantics.content import content_language

        found = self._content.get(view.key)
        if found is None:
            definition = None if view.simple or view.any else view.definition
            found = self._content[view.key] = content_language(self.model, definition)
        return found

    def values(self, view: TypeView) -> ValueSpace:
        from duislint.semantics.values import value_space

        found = self._values.get(view.key)
        if found is None:
            try:
                if view.name is not None:
                    found = value_space(self.model, type_name=view.name)
                else:
                    found = value_space(self.model, anonymous=view.definition)
            except ValueError as exc:  # a complex type where a value is needed: a schema libxml2 would reject
                raise Undecidable(str(exc)) from None
            self._values[view.key] = found
        return found

    def attributes(self, view: TypeView) -> AttributeUses:
        from duislint.semantics.attributes import attribute_uses

        found = self._attributes.get(view.key)
        if found is None:
            found = self._attributes[view.key] = attribute_uses(self, view)
        return found

    # --- uses, for rooting a witness ----------------------------------------------------------------------------

    @cached_property
    def holders(self) -> dict[int, list[Use]]:
        """id(declaration or type) -> where it is used. Local element declarations are held by the type whose
        content lists them; anonymous types by their declaration; named types by every declaration of that type
        and every type derived from them; global elements by every reference to them."""
        uses: dict[int, list[Use]] = {}

        def add(target: object, use: Use) -> None:
            uses.setdefault(id(target), []).append(use)

        def walk(particle: Particle | None, owner: TypeDef | GroupDef) -> None:
            if particle is None:
                return
            if particle.kind == "element" and particle.element is not None:
                decl = particle.element
                if decl.ref is not None:
                    target = self.model.element(decl.ref)
                    if target is not None:
                        add(target, Use(owner, decl))
                else:
                    add(decl, Use(owner, decl))
            for child in particle.children:
                walk(child, owner)

        for typedef in self.model.types:
            walk(typedef.content, typedef)
            if typedef.base is not None:
                base = self.model.named_type(typedef.base)
                if base is not None:
                    add(base, Use(typedef))
            for attribute in typedef.attributes:
                self._attribute_uses(attribute, typedef, add)
        for component in self.model.components:
            if isinstance(component.definition, GroupDef):
                walk(component.definition.content, component.definition)
            elif component.family == "attributeGroup":
                for attribute in getattr(component.definition, "attributes", ()):
                    self._attribute_uses(attribute, None, add)
        for decl in self.model.elements:
            if decl.ref is None:
                self._typed_by(decl, add)
        return uses

    def _attribute_uses(self, attribute: AttributeDecl, owner: TypeDef | None, add) -> None:  # noqa: ANN001
        if owner is not None:
            add(attribute, Use(owner))
        self._typed_by(attribute, add)

    def _typed_by(self, decl: ElementDecl | AttributeDecl, add) -> None:  # noqa: ANN001
        """A declaration is a use of its type, anonymous or named."""
        if decl.anonymous_type is not None:
            add(decl.anonymous_type, Use(decl))
        elif decl.type_name is not None:
            named = self.model.named_type(decl.type_name)
            if named is not None:
                add(named, Use(decl))

    @cached_property
    def group_users(self) -> dict[QName, list[TypeDef]]:
        """Group name -> the types whose content refers to it (directly or through another group)."""
        users: dict[QName, list[TypeDef]] = {}

        def walk(particle: Particle | None, owner: TypeDef, seen: set[QName]) -> None:
            if particle is None:
                return
            if particle.kind == "group" and particle.group_ref is not None and particle.group_ref not in seen:
                users.setdefault(particle.group_ref, []).append(owner)
                group = self.model.group(particle.group_ref)
                if group is not None:
                    walk(group.content, owner, seen | {particle.group_ref})
            for child in particle.children:
                walk(child, owner, seen)

        for typedef in self.model.types:
            walk(typedef.content, typedef, set())
        return users

"""Types and declarations compared as the element instances they admit, old side against new, by facet: the
value (text), the attributes, the content model (the sequence of child names) and the children's own
declarations, recursively. Memoised and coinductive: a type that contains itself is assumed equal along the cycle,
which is exact for inclusion of the regular tree languages XSD describes.

A type left unchanged by the uplift — the same flattened definition, referring only to components that are
themselves unchanged — is equal without being built, so a diff pays only for what its changes touch."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Callable, Iterable

from duislint.semantics import EQUAL, Relation, Undecidable, undecided
from duislint.semantics.attributes import Attributes, compare_attributes
from duislint.semantics.instances import Builder, Content, Node
from duislint.semantics.view import SchemaView, TypeView
from duislint.xsd.components import ElementDecl
from duislint.xsd.flatten import ANONYMOUS, Entries, EntryKind, flatten, flatten_definition
from duislint.xsd.model import ATTRIBUTE, ATTRIBUTE_GROUP, ELEMENT, GROUP, TYPE, XS, QName


class Facet(StrEnum):
    VALUE = "value"
    ATTRIBUTES = "attributes"
    CONTENT = "content"  # the child names and whether text may appear between them
    CHILDREN = "children"  # the declarations of the children both sides admit


ALL = frozenset(Facet)


def combine(relations: Iterable[Relation[Content]]) -> Relation[Content]:
    """All of several facets: included when each is; the first witness of a failure stands for the whole."""
    forward: bool | None = True
    backward: bool | None = True
    old_only = new_only = None
    reasons = []
    for relation in relations:
        if relation.old_in_new is False and forward is not False:
            forward, old_only = False, relation.old_only
        elif relation.old_in_new is None and forward is True:
            forward = None
        if relation.new_in_old is False and backward is not False:
            backward, new_only = False, relation.new_only
        elif relation.new_in_old is None and backward is True:
            backward = None
        if relation.reason:
            reasons.append(relation.reason)
    return Relation(forward, backward, old_only, new_only, "; ".join(dict.fromkeys(reasons)))


def _text_only_in(builder: Builder, of: TypeView) -> Relation[Content]:
    """This side admits text and the other does not: an element of this side with text shows it (as old_only)."""
    base = builder.minimal(of)
    return Relation(False, True, replace(base, text=base.text or "x"), None)


def _flip(relation: Relation) -> Relation:
    return Relation(relation.new_in_old, relation.old_in_new, relation.new_only, relation.old_only, relation.reason)


class TypeComparer:
    """Compares one side's types with the other's: old view and builder, new view and builder."""

    def __init__(
        self, old: SchemaView, new: SchemaView, changed: Callable[[str, QName], bool] | None = None
    ) -> None:
        """`changed(family, name)`, where the caller knows it (a diff does, from its differences and reference
        graphs), says which global components differ or use one that does; otherwise definitions are compared."""
        self.old, self.new = old, new
        self._changed = changed
        self.old_builder, self.new_builder = Builder(old, new), Builder(new, old)
        self._memo: dict[tuple, Relation] = {}
        self._active: set[tuple] = set()
        self._unchanged: dict[tuple[str, QName], bool] = {}

    # --- entry points -------------------------------------------------------------------------------------------

    def types(self, old: TypeView, new: TypeView, facets: frozenset[Facet] = ALL) -> Relation[Content]:
        key = ("type", old.key, new.key, facets)
        found = self._memo.get(key)
        if found is not None:
            return found
        if key in self._active:
            return EQUAL  # coinduction: along a cycle, assume what is being proven
        if self.same_type(old, new):
            return EQUAL
        self._active.add(key)
        try:
            found = self._types(old, new, facets)
        except Undecidable as exc:
            found = undecided(str(exc))
        finally:
            self._active.discard(key)
        self._memo[key] = found
        return found

    def declarations(self, old: ElementDecl, new: ElementDecl) -> Relation[Content]:
        """Two declarations of one child: nillable, fixed value and type."""
        key = ("declaration", id(old), id(new))
        found = self._memo.get(key)
        if found is not None:
            return found
        try:
            found = self._declarations(self.old.declaration(old), self.new.declaration(new))
        except Undecidable as exc:
            found = undecided(str(exc))
        self._memo[key] = found
        return found

    def values(self, old: TypeView, new: TypeView) -> Relation[str]:
        from duislint.semantics.values import compare_values

        key = ("values", old.key, new.key)
        found = self._memo.get(key)
        if found is None:
            if self.same_type(old, new):
                found = EQUAL
            else:
                try:
                    found = compare_values(self.old.values(old), self.new.values(new))
                except Undecidable as exc:
                    found = undecided(str(exc))
            self._memo[key] = found
        return found

    # --- facets -------------------------------------------------------------------------------------------------

    def _types(self, old: TypeView, new: TypeView, facets: frozenset[Facet]) -> Relation[Content]:
        parts: list[Relation[Content]] = []
        if Facet.CONTENT in facets:
            parts.append(self._content(old, new))
        if Facet.VALUE in facets:
            parts.append(self._value(old, new))
        if Facet.ATTRIBUTES in facets:
            parts.append(self._attributes(old, new))
        if Facet.CHILDREN in facets:
            parts.append(self._children(old, new))
        return combine(parts)

    def _value(self, old: TypeView, new: TypeView) -> Relation[Content]:
        if not (self.old.has_value(old) and self.new.has_value(new)):
            return EQUAL  # text against element content is the content facet's
        relation = self.values(old, new)
        old_only = new_only = None
        if relation.old_only is not None:
            old_only = replace(self.old_builder.minimal(old), text=relation.old_only)
        if relation.new_only is not None:
            new_only = replace(self.new_builder.minimal(new), text=relation.new_only)
        return Relation(relation.old_in_new, relation.new_in_old, old_only, new_only, relation.reason)

    def _attributes(self, old: TypeView, new: TypeView) -> Relation[Content]:
        relation = compare_attributes(self.old_builder.attribute_side(old), self.new_builder.attribute_side(new),
                                      self._attribute_values)  # fmt: skip

        def content(builder: Builder, of: TypeView, attributes: Attributes | None) -> Content | None:
            return None if attributes is None else replace(builder.minimal(of), attributes=attributes)

        return Relation(relation.old_in_new, relation.new_in_old, content(self.old_builder, old, relation.old_only),
                        content(self.new_builder, new, relation.new_only), relation.reason)  # fmt: skip

    def _attribute_values(self, old: TypeView, new: TypeView) -> Relation[str]:
        return self.values(old, new)

    def _content(self, old: TypeView, new: TypeView) -> Relation[Content]:
        from duislint.semantics.content import compare_content

        old_kind, new_kind = self.old.content_kind(old), self.new.content_kind(new)
        text_old, text_new = old_kind in ("simple", "mixed"), new_kind in ("simple", "mixed")
        parts: list[Relation[Content]] = []
        if text_old != text_new:  # text where the other side allows none
            parts.append(_text_only_in(self.old_builder, old) if text_old else _flip(_text_only_in(self.new_builder, new)))
        if old_kind == "simple" and new_kind == "simple":
            return combine(parts)
        if old.any or new.any:
            parts.append(self._any_content(old, new))
            return combine(parts)
        relation = compare_content(self.old.content(old), self.new.content(new))
        old_only = new_only = None
        if relation.old_only is not None:
            old_only = self._with_children(self.old_builder, old, relation.old_only)
        if relation.new_only is not None:
            new_only = self._with_children(self.new_builder, new, relation.new_only)
        parts.append(Relation(relation.old_in_new, relation.new_in_old, old_only, new_only, relation.reason))
        return combine(parts)

    def _any_content(self, old: TypeView, new: TypeView) -> Relation[Content]:
        """xs:anyType on one side admits every content; the other side admits less unless it is anyType too."""
        if old.any and new.any:
            return EQUAL
        stranger = Content(children=(_stranger(),))
        if new.any:
            return Relation(True, False, None, stranger)
        return Relation(False, True, stranger, None)

    def _with_children(self, builder: Builder, of: TypeView, word: tuple) -> Content:
        return replace(builder.minimal(of), children=builder.children(of, word))

    def _children(self, old: TypeView, new: TypeView) -> Relation[Content]:
        from duislint.semantics.content import child_declarations

        if old.simple or new.simple or old.any or new.any:
            return EQUAL
        mine = child_declarations(self.old.content(old))
        theirs = child_declarations(self.new.content(new))
        parts = []
        for name in sorted(set(mine) & set(theirs)):
            relation = self.declarations(mine[name], theirs[name])
            if relation.equivalent:
                continue
            old_only = new_only = None
            if relation.old_only is not None:
                old_only = self._holding(self.old_builder, old, name, relation.old_only)
            if relation.new_only is not None:
                new_only = self._holding(self.new_builder, new, name, relation.new_only)
            parts.append(Relation(relation.old_in_new, relation.new_in_old, old_only, new_only, relation.reason))
        return combine(parts)

    def _holding(self, builder: Builder, of: TypeView, name: QName, child: Content) -> Content | None:
        """The smallest content of `of` with a child `name` that holds `child`."""
        try:
            word = builder.word(of, name)
        except Undecidable:
            return None
        index = next(i for i, symbol in enumerate(word) if symbol.name == name)
        return replace(builder.minimal(of), children=builder.children(of, word, {index: child}))

    def _declarations(self, old: ElementDecl, new: ElementDecl) -> Relation[Content]:
        parts: list[Relation[Content]] = []
        old_type, new_type = self.old.type_of(old), self.new.type_of(new)
        if old.nillable != new.nillable:
            nil = Content(nil=True)
            parts.append(Relation(False, True, nil, None) if old.nillable else Relation(True, False, None, nil))
        if old.abstract != new.abstract:  # an abstract element never appears itself, only its substitutes
            if new.abstract:
                parts.append(Relation(False, True, self.old_builder.minimal(old_type), None))
            else:
                parts.append(Relation(True, False, None, self.new_builder.minimal(new_type)))
        if old.fixed is None and new.fixed is None:
            parts.append(self.types(old_type, new_type))
            return combine(parts)
        # a fixed value takes the place of the type's value space: compared as one value, the rest as usual
        parts.append(self.types(old_type, new_type, ALL - {Facet.VALUE}))
        parts.append(self._fixed(old, old_type, new, new_type))
        return combine(parts)

    def _fixed(self, old: ElementDecl, old_type: TypeView, new: ElementDecl, new_type: TypeView) -> Relation[Content]:
        """The texts two declarations admit when one (or both) fixes its value."""
        from duislint.semantics.values import accepts

        def included(mine: str | None, theirs: str | None, builder: Builder, of: TypeView, other_view: SchemaView,
                     other: TypeView) -> tuple[bool | None, Content | None]:  # fmt: skip
            if mine is not None:  # one text: the other side must accept it (and fix the same one, if it fixes)
                ok = (theirs is None or theirs == mine) and accepts(other_view.values(other), mine)
                return ok, None if ok else replace(builder.minimal(of), text=mine)
            assert theirs is not None  # any of my values but theirs shows it, if I have one
            text = builder.minimal(of).text
            if text == theirs:
                return None, None
            return False, replace(builder.minimal(of), text=text)

        forward, old_only = included(old.fixed, new.fixed, self.old_builder, old_type, self.new, new_type)
        backward, new_only = included(new.fixed, old.fixed, self.new_builder, new_type, self.old, old_type)
        reason = "" if forward is not None and backward is not None else "no value other than the fixed one was found"
        return Relation(forward, backward, old_only, new_only, reason)

    # --- unchanged components -----------------------------------------------------------------------------------

    def same_type(self, old: TypeView, new: TypeView) -> bool:
        if old.builtin or new.builtin:
            return old.builtin and new.builtin and old.name == new.name
        if old.name is not None and new.name is not None:
            return old.name == new.name and self.unchanged(TYPE, old.name)
        if old.name is None and new.name is None:
            assert old.definition is not None and new.definition is not None
            return self._same_entries(flatten_definition(old.definition), flatten_definition(new.definition))
        return False

    def unchanged(self, family: str, name: QName) -> bool:
        """The same definition on both sides, using only unchanged components (assumed along a cycle)."""
        key = (family, name)
        found = self._unchanged.get(key)
        if found is not None:
            return found
        if name.namespace == XS:
            return True
        if self._changed is not None:
            found = self._unchanged[key] = not self._changed(family, name)
            return found
        before = self.old.model.lookup(family, name)  # type: ignore[arg-type]
        after = self.new.model.lookup(family, name)  # type: ignore[arg-type]
        if before is None or after is None or before.kind != after.kind:
            self._unchanged[key] = False
            return False
        self._unchanged[key] = True  # assumed while its references are checked
        same = self._same_entries(flatten(before), flatten(after))
        if same and family == ELEMENT:
            same = self._substitutes(self.old, name) == self._substitutes(self.new, name)
        self._unchanged[key] = same
        return same

    def _same_entries(self, before: Entries, after: Entries) -> bool:
        if before != after:
            return False
        return all(self.unchanged(family, name) for family, name in _references(after.values()))

    def _substitutes(self, view: SchemaView, head: QName) -> tuple[QName, ...]:
        return tuple(sorted(d.name for d in view.model.elements if d.is_global and d.substitution_group == head))


def _references(entries: Iterable) -> Iterable[tuple[str, QName]]:
    for entry in entries:
        kind = entry.kind
        if entry.type is not None and entry.type != ANONYMOUS:
            yield TYPE, entry.type
        if entry.ref is not None:
            yield (ATTRIBUTE if kind is EntryKind.ATTRIBUTE else ELEMENT), entry.ref
        if entry.base is not None:
            yield TYPE, entry.base
        for member in entry.members:
            yield TYPE, member
        if entry.target is not None:
            yield (GROUP if kind is EntryKind.GROUP_REF else ATTRIBUTE_GROUP), entry.target


def _stranger() -> Node:
    return Node(QName("urn:duislint:witness", "unexpected"), Content())

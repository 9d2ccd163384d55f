"""Each change judged by what the two sets accept, not by its syntax.

The differences inside a component (diff.classify) are grouped by the definition they change: the content model,
the attributes or the value of one element's type, a child's declaration, or a whole type whose derivation
changed. Each group is compared as languages, old against new (semantics.types), and the message direction turns
the two inclusions into an impact:

- a request (DCC User -> DCC) breaks when an old request is rejected (old not within new);
- a response or alert (DCC -> DCC User) is potentially breaking when the new side sends what old receivers reject
  (new not within old), and breaking when, besides, old instances are no longer valid (neither within the other).

For a breaking or potentially breaking change a witness is built — the smallest fragment, rooted at a global
element, valid under one side and not the other — and libxml2 checks it against both sides before it is shown.
A group that could not be decided keeps its rule's impact, never less than potentially breaking."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from duislint.rules import Direction, Impact, Impacts, get_rule
from duislint.semantics import Relation, Undecidable
from duislint.xsd.compare import Aspect
from duislint.xsd.components import AttributeDecl, Component, ElementDecl, GroupDef, Particle, TypeDef
from duislint.xsd.flatten import EntryKind
from duislint.xsd.model import QName, Source

if TYPE_CHECKING:
    from lxml import etree

    from duislint.diff.classify import Difference, Side
    from duislint.diff.compare import Change
    from duislint.semantics.instances import Content
    from duislint.semantics.types import TypeComparer
    from duislint.semantics.view import SchemaView, TypeView


class Scope(StrEnum):
    """What a group of differences changes."""

    CONTENT = "content model"
    ATTRIBUTES = "attributes"
    VALUE = "value"
    TYPE = "type"
    DECLARATION = "declaration"


GROUP_RULES = {Scope.CONTENT: "BR114", Scope.ATTRIBUTES: "BR103", Scope.VALUE: "BR110", Scope.TYPE: "BR115",
               Scope.DECLARATION: "BR105"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Context:
    """Where a group of differences sits: a component, the element path inside it, and what is changed there."""

    component: tuple[str, str]
    path: tuple[str, ...]
    scope: Scope

    def within(self, other: Context) -> bool:
        """Compared as part of `other`: a whole type or declaration holds everything at and below its path."""
        if self.component != other.component or other.scope not in (Scope.TYPE, Scope.DECLARATION):
            return False
        return self.path[: len(other.path)] == other.path and self != other


@dataclass(frozen=True, slots=True)
class Witness:
    """A fragment valid under one side (`valid_under`: "old" or "new") and invalid under the other."""

    valid_under: str
    root: str  # the global element it is rooted at, as the set names it
    xml: str
    checked: bool = True  # libxml2 agreed on both sides
    isolated: bool = True  # nothing else in the fragment differs: with the element's smallest content, both accept it


@dataclass(frozen=True, slots=True)
class Validity:
    """One side's libxml2 verdict on a fragment, with where its errors are (paths without positions)."""

    valid: bool
    errors: tuple[str, ...]


@dataclass
class Group:
    context: Context
    members: list[tuple[Difference, Change]] = field(default_factory=list)


# --- paths -----------------------------------------------------------------------------------------------------

_COMPOSITOR = re.compile(r"(sequence|choice|all)(\[\d+\])?")


def steps(path: str) -> list[str]:
    """A flattened entry's path in steps: names may carry {namespace}, and a facet, value or derivation step
    (#..., =..., !...) runs to the end (a pattern may hold '/')."""
    found: list[str] = []
    index = 0
    while index < len(path):
        if path[index] in "#=!":
            found.append(path[index:])
            break
        end = index
        while end < len(path) and path[end] != "/":
            if path[end] == "{":
                closing = path.find("}", end)
                end = closing if closing >= 0 else len(path) - 1
            end += 1
        found.append(path[index:end])
        index = end + 1
    return [s for s in found if s]


def context_of(difference: Difference) -> Context | None:
    """The context of an entry difference; None for the others (a component added or removed, an import, a
    comment), which keep their rule's impact."""
    from duislint.diff.classify import Scope as DifferenceScope

    if difference.scope is DifferenceScope.COMPONENT_KIND and difference.component is not None:
        return Context(_key(difference.component), (), Scope.TYPE)
    delta = difference.delta
    if difference.scope is not DifferenceScope.ENTRY or delta is None:
        return None
    component = _component_of(difference)
    if component is None:
        return None
    elements: list[str] = []
    scope = Scope.CONTENT
    tokens = steps(delta.path)
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        if token.startswith("@"):
            return Context(component, tuple(elements), Scope.ATTRIBUTES)
        if token.startswith(("=", "#", "~")):
            return Context(component, tuple(elements), Scope.VALUE)
        if token == "!type":
            return Context(component, tuple(elements), Scope.TYPE)
        if token == "!element":
            return Context(component, tuple(elements), Scope.DECLARATION)
        if token in ("()", "*") or token.startswith("&") or _COMPOSITOR.fullmatch(token):
            if last:
                return Context(component, tuple(elements), Scope.CONTENT)
            continue
        if last:
            if delta.kind is EntryKind.ELEMENT and delta.aspect in _DECLARATION_ASPECTS:
                return Context(component, (*elements, token), Scope.DECLARATION)
            return Context(component, tuple(elements), scope)
        elements.append(token)
    return Context(component, tuple(elements), scope)


_DECLARATION_ASPECTS = (Aspect.TYPE, Aspect.NILLABLE, Aspect.FIXED, Aspect.DEFAULT)


def _key(component: Component) -> tuple[str, str]:
    return (component.family, str(component.name))


def _component_of(difference: Difference) -> tuple[str, str] | None:
    return difference.key if difference.key != ("", "") else None


# --- resolving a context on one side ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """A context found on one side: the declaration at its path (None at a type's top) and the type there."""

    declaration: ElementDecl | None
    type: TypeView | None  # None for a group's or an attribute group's own content
    holder: object  # what a witness is rooted through: the declaration, or the component's definition
    source: Source  # the declaration's line, or the component's


def place(view: SchemaView, component: Component | None, path: tuple[str, ...]) -> Place | None:
    """The element at `path` inside `component`, or None where the path does not exist on this side."""
    from duislint.semantics.view import TypeView

    if component is None:
        return None
    definition = component.definition
    declaration: ElementDecl | None = None
    current: TypeView | None
    if isinstance(definition, ElementDecl):
        declaration = definition
        current = _type_or_none(view, definition)
    elif isinstance(definition, TypeDef):
        current = TypeView(component.name, definition)
    elif isinstance(definition, AttributeDecl):
        current = _type_or_none(view, definition)
    else:
        current = None
    particle = definition.content if isinstance(definition, GroupDef) else None
    for step in path:
        if current is not None:
            particle = current.definition.content if current.definition is not None else None
        child = _child(particle, step)
        if child is None or child.anonymous_type is None and step != path[-1]:
            return None
        declaration = child
        current = _type_or_none(view, child)  # a type that is not defined: the comparison says it is undecided
        particle = None
    holder: object = declaration if declaration is not None and path else definition
    source = declaration.source if declaration is not None and path else component.source
    return Place(declaration, current, holder, source)


def _type_or_none(view: SchemaView, decl: ElementDecl | AttributeDecl) -> TypeView | None:
    try:
        return view.type_of(decl)
    except Undecidable:
        return None


def _child(particle: Particle | None, step: str) -> ElementDecl | None:
    """The n-th element of a name in a content model (paths number a repeated name as XPath does)."""
    match = re.fullmatch(r"(.*)\[(\d+)\]", step)
    name, wanted = (match.group(1), int(match.group(2))) if match else (step, 1)
    count = 0

    def walk(node: Particle | None) -> ElementDecl | None:
        nonlocal count
        if node is None:
            return None
        if node.kind == "element" and node.element is not None:
            if node.element.name.local == name:
                count += 1
                if count == wanted:
                    return node.element
            return None
        for child in node.children:
            found = walk(child)
            if found is not None:
                return found
        return None

    return walk(particle)


# --- judging -----------------------------------------------------------------------------------------------------


def impact_of(relation: Relation, direction: Direction, fallback: Impacts) -> Impact:
    """The impact the two inclusions give, for the receivers of each direction; an undecided inclusion takes the
    rule's impact, at least potentially breaking."""
    request = _request_impact(relation)
    response = _response_impact(relation)
    floor = Impacts(_at_least_potentially(fallback.request), _at_least_potentially(fallback.response))
    impacts = Impacts(request if request is not None else floor.request,
                      response if response is not None else floor.response)  # fmt: skip
    return impacts.of(direction)


def _at_least_potentially(impact: Impact) -> Impact:
    return impact if impact.rank >= Impact.POTENTIALLY.rank else Impact.POTENTIALLY


def _request_impact(relation: Relation) -> Impact | None:
    if relation.old_in_new is None:
        return None
    return Impact.NON_BREAKING if relation.old_in_new else Impact.BREAKING


def _response_impact(relation: Relation) -> Impact | None:
    if relation.new_in_old is True:
        return Impact.NON_BREAKING
    if relation.new_in_old is None or relation.old_in_new is None:
        return None
    return Impact.POTENTIALLY if relation.old_in_new else Impact.BREAKING


def explain(relation: Relation, old_label: str = "old", new_label: str = "new") -> str:
    """What the comparison proved, in words."""
    if not relation.decided:
        return f"not decided ({relation.reason or 'beyond what duislint compares'}): judged by its rule"
    if relation.equivalent:
        return "both sides accept the same instances"
    if relation.old_in_new:
        return f"every {old_label} instance stays valid; {new_label} also accepts instances {old_label} rejects"
    if relation.new_in_old:
        return f"{new_label} accepts only {old_label} instances, and rejects some {old_label} accepted"
    return "each side accepts instances the other rejects"


class Judge:
    """Judges groups of differences between two sides; builds and checks witnesses."""

    def __init__(self, old: Side, new: Side, changed: set[tuple[str, str]] | None = None) -> None:
        from duislint.semantics.types import TypeComparer
        from duislint.semantics.view import SchemaView

        self.old_side, self.new_side = old, new
        self.old, self.new = SchemaView(old.model), SchemaView(new.model)
        touched = _touched(old, new, changed) if changed is not None else None
        self.comparer: TypeComparer = TypeComparer(
            self.old, self.new, (lambda family, name: (family, str(name)) in touched) if touched is not None else None
        )
        self._validities: dict[str, tuple[etree._ElementTree, tuple[Validity | None, Validity | None]] | None] = {}
        self._components_old = {_key(c): c for c in reversed(old.model.components)}
        self._components_new = {_key(c): c for c in reversed(new.model.components)}

    def places(self, context: Context) -> tuple[Place | None, Place | None]:
        try:
            return (place(self.old, self._components_old.get(context.component), context.path),
                    place(self.new, self._components_new.get(context.component), context.path))  # fmt: skip
        except Undecidable:
            return None, None

    def resolvable(self, context: Context) -> Context:
        """The context itself, or — where its path exists on one side only (an element added or removed with
        what lies inside it) — the content model of the nearest element both sides have."""
        while context.path:
            before, after = self.places(context)
            if before is not None and after is not None:
                return context
            context = Context(context.component, context.path[:-1], Scope.CONTENT)
        return context

    def relation(self, context: Context) -> tuple[Relation[Content], Place | None, Place | None]:
        from duislint.semantics import undecided
        from duislint.semantics.types import ALL, Facet

        before, after = self.places(context)
        if before is None or after is None:
            return undecided("the changed definition could not be found on both sides"), before, after
        try:
            if context.scope is Scope.DECLARATION and before.declaration and after.declaration:
                return self.comparer.declarations(before.declaration, after.declaration), before, after
            if before.type is None or after.type is None:
                if context.scope is Scope.DECLARATION or before.declaration or after.declaration:
                    return undecided("a type is not defined on one side"), before, after
                return self._group_content(context, before, after)
            facets = {Scope.CONTENT: frozenset({Facet.CONTENT}), Scope.ATTRIBUTES: frozenset({Facet.ATTRIBUTES}),
                      Scope.VALUE: frozenset({Facet.VALUE})}.get(context.scope, ALL)  # fmt: skip
            return self.comparer.types(before.type, after.type, facets), before, after
        except Undecidable as exc:
            return undecided(str(exc)), before, after

    def _group_content(
        self, context: Context, before: Place, after: Place
    ) -> tuple[Relation[Content], Place | None, Place | None]:
        """A named group or attribute group: judged on the first named type that uses it on both sides, whose
        places (where its witness is rooted) stand for the group's."""
        from duislint.semantics import undecided
        from duislint.semantics.types import ALL, Facet

        family, name = context.component
        qname = _qname(name)
        if family == "group":
            users = self.new.group_users.get(qname, [])
            facets = frozenset({Facet.CONTENT}) if context.scope is Scope.CONTENT else ALL
        else:
            users = [t for t in self.new.model.types if qname in t.attribute_group_refs]
            facets = frozenset({Facet.ATTRIBUTES})
        for user in users:
            if user.name is None or self.old.model.named_type(user.name) is None:
                continue
            old, new = self.old.named(user.name), self.new.named(user.name)
            assert old.definition is not None
            places = (Place(None, old, old.definition, old.definition.source), Place(None, new, user, user.source))
            return (self.comparer.types(old, new, facets), *places)
        return undecided(f"no named type uses {self.new.model.show(qname)} on both sides"), before, after

    def value_accepts(self, context: Context, value: str) -> tuple[bool | None, bool | None]:
        """Whether the old and the new value space at a context accept one enumeration value."""
        from duislint.semantics.values import accepts

        before, after = self.places(context)
        try:
            old = accepts(self.old.values(before.type), value) if before and before.type else None
            new = accepts(self.new.values(after.type), value) if after and after.type else None
        except (Undecidable, ValueError):
            return None, None
        return old, new

    def substitute(self, difference: Difference, change: Change) -> Change:
        """A global element added to (or removed from) a substitution group: what the content models that refer
        to its head admit changes with it. Judged on the first named type that refers to the head; any other
        component change keeps its rule's impact."""
        from duislint.semantics.types import Facet

        component = difference.component
        decl = component.definition if component is not None else None
        if not isinstance(decl, ElementDecl) or decl.substitution_group is None:
            return change
        view = self.new if change.kind == "added" else self.old
        head = view.model.element(decl.substitution_group)
        users = [u.holder for u in view.holders.get(id(head), []) if isinstance(u.holder, TypeDef)] if head else []
        for user in users:
            if user.name is None:
                continue
            try:
                old, new = self.old.named(user.name), self.new.named(user.name)
            except Undecidable:
                continue
            relation = self.comparer.types(old, new, frozenset({Facet.CONTENT}))
            if relation.equivalent:
                continue
            rule = get_rule(change.rule)
            assert rule is not None and rule.impacts is not None
            direction = self._direction_of(user.name)
            impact = impact_of(relation, direction, rule.impacts)
            places = (Place(None, old, user, user.source), Place(None, new, user, user.source))
            witness = self.witness(relation, impact, direction, *places) if impact is not Impact.NON_BREAKING else None
            return replace(change, impact=impact, witness=witness, direction=direction,
                           basis=f"{explain(relation)} (in {view.model.show(user.name)}, which refers to its head)")
        return change

    def _direction_of(self, name: QName) -> Direction:
        from duislint.diff.classify import direction_of

        key = ("type", str(name))
        return direction_of(self.old_side, self.new_side, self._components_old.get(key), self._components_new.get(key))

    # --- witnesses ----------------------------------------------------------------------------------------------

    def witness(self, relation: Relation[Content], impact: Impact, direction: Direction,
                before: Place | None, after: Place | None) -> Witness | None:  # fmt: skip
        """The witness that shows the verdict: for a breaking change an old instance the new side rejects, for a
        potentially breaking one a new instance the old side rejects (the other half where that one has none)."""
        candidates: list[tuple[str, Content | None, Place | None]] = []
        if relation.old_in_new is False:
            candidates.append(("old", relation.old_only, before))
        if relation.new_in_old is False:
            candidates.append(("new", relation.new_only, after))
        first = "old" if impact is Impact.BREAKING else "new"
        candidates.sort(key=lambda c: c[0] != first)
        for valid_under, content, where in candidates:
            if content is None or where is None:
                continue
            other = after if valid_under == "old" else before
            found = self._rooted(valid_under, content, where, direction, other)
            if found is not None:
                return found
        return None

    def value_witness(self, context: Context, value: str, valid_under: str,
                      direction: Direction = Direction.NONE) -> Witness | None:  # fmt: skip
        """A witness for one enumeration value: the element (or attribute) at the context holding it."""
        before, after = self.places(context)
        where = before if valid_under == "old" else after
        builder = self.comparer.old_builder if valid_under == "old" else self.comparer.new_builder
        if where is None or where.type is None:
            return None
        try:
            content = replace(builder.minimal(where.type), text=value)
        except Undecidable:
            return None
        return self._rooted(valid_under, content, where, direction, after if valid_under == "old" else before)

    def _rooted(self, valid_under: str, content: Content, where: Place, direction: Direction = Direction.NONE,
                other: Place | None = None) -> Witness | None:  # fmt: skip
        """The fragment below the first global element that libxml2 confirms, preferring a root of the direction
        that gives the verdict and a place where nothing else differs between the sides: the same fragment with
        the element's smallest content instead is valid under both."""
        from duislint.semantics.instances import embed, routes_to, to_xml

        view = self.old if valid_under == "old" else self.new
        builder = self.comparer.old_builder if valid_under == "old" else self.comparer.new_builder
        holder = where.holder
        if not isinstance(holder, (ElementDecl, TypeDef, AttributeDecl)):
            return None
        try:
            controls = self._controls(valid_under, where, other)
            placed = [(route, content, controls) for route, _ in routes_to(view, holder)]
            if not placed and isinstance(holder, TypeDef) and holder.kind == "simple":
                placed = self._through_attribute(view, builder, holder, content)
        except Undecidable:
            return None
        requests_first = valid_under == "old" and direction in (Direction.REQUEST, Direction.BOTH)
        placed.sort(key=lambda p: p[0][0].name.local.endswith("Request") != requests_first)
        best: Witness | None = None
        for route, held, controls in placed:
            try:
                xml = to_xml(embed(builder, route, held), view.model.prefixes)
            except Undecidable:
                continue
            verdict = self._confirmed(xml, valid_under)
            if verdict is False:
                continue
            found = Witness(valid_under, view.model.show(route[0].name), xml, checked=verdict is True)
            if verdict is None or self._isolated(builder, route, controls, view.model.prefixes):
                return found
            if self._errors_within(xml, valid_under, route):
                return found
            best = best or replace(found, isolated=False)
        return best

    def _controls(self, valid_under: str, where: Place, other: Place | None) -> list[Content]:
        """Contents of the changed element that both sides may accept: this side's smallest, then the other's."""
        builders = (self.comparer.old_builder, self.comparer.new_builder)
        mine, theirs = builders if valid_under == "old" else builders[::-1]
        found = []
        for builder, place_ in ((mine, where), (theirs, other)):
            if place_ is None or place_.type is None:
                continue
            try:
                found.append(builder.minimal(place_.type))
            except Undecidable:
                continue
        return found

    def _errors_within(self, xml: str, valid_under: str, route: tuple[ElementDecl, ...]) -> bool:
        """Whether everything the other side rejects in the fragment lies in the changed element (for a change
        whose element no content of both sides fits, so that no control fragment can tell)."""
        from lxml import etree

        checked = self._validity(xml)
        if checked is None:
            return False
        tree, sides = checked
        target = tree.getroot()
        for step in route[1:]:
            child = next((c for c in target if etree.QName(c).localname == step.name.local), None)
            if child is None:
                return False
            target = child
        other = sides[1] if valid_under == "old" else sides[0]
        if other is None or other.valid:
            return False
        mine = _plain_path(tree.getpath(target))
        return bool(other.errors) and all(p == mine or p.startswith(mine + "/") for p in other.errors)

    def _isolated(self, builder, route, controls: list[Content], prefixes: dict[str, str]) -> bool:  # noqa: ANN001
        from duislint.semantics.instances import embed, to_xml

        for control in controls:
            try:
                if self._valid_under_both(to_xml(embed(builder, route, control), prefixes)):
                    return True
            except Undecidable:
                continue
        return False

    def _valid_under_both(self, xml: str) -> bool:
        checked = self._validity(xml)
        return checked is not None and all(side is not None and side.valid for side in checked[1])

    def _through_attribute(self, view: SchemaView, builder, simple: TypeDef, content: Content) -> list:  # noqa: ANN001
        """A simple type that only attributes use: the elements that carry such an attribute, with the value as
        that attribute's (the control: the element as it is smallest)."""
        from duislint.semantics.instances import routes_to
        from duislint.semantics.view import TypeView

        placed = []
        for use in view.holders.get(id(simple), []):
            attribute = use.holder
            if not isinstance(attribute, AttributeDecl):
                continue
            for owner in [u.holder for u in view.holders.get(id(attribute), []) if isinstance(u.holder, TypeDef)]:
                base = builder.minimal(TypeView(owner.name, owner))
                attributes = dict(base.attributes)
                attributes[attribute.name] = content.text
                held = replace(base, attributes=tuple(sorted(attributes.items())))
                placed += [(route, held, [base]) for route, _ in routes_to(view, owner)]
        return placed

    def _confirmed(self, xml: str, valid_under: str) -> bool | None:
        """libxml2's word: valid under the side it claims, invalid under the other (None: a side has no
        validator, as when its set does not compile)."""
        checked = self._validity(xml)
        if checked is None:
            return False
        sides = checked[1]
        if sides[0] is None or sides[1] is None:
            return None
        return (sides[0].valid, sides[1].valid) == ((True, False) if valid_under == "old" else (False, True))

    def _validity(self, xml: str) -> tuple[etree._ElementTree, tuple[Validity | None, Validity | None]] | None:
        """The fragment parsed and validated by each side's libxml2 compile, once (None: not well-formed)."""
        from lxml import etree

        from duislint.xmlsafe import safe_parser

        if xml in self._validities:
            return self._validities[xml]
        try:
            tree = etree.fromstring(xml.encode(), safe_parser()).getroottree()
        except etree.XMLSyntaxError:
            found = None
        else:
            namespace = etree.QName(tree.getroot()).namespace
            sides: list[Validity | None] = []
            for compiled in (self.old_side.compiled(), self.new_side.compiled()):
                validator = compiled.validator_for(namespace) if compiled is not None else None
                if validator is None:
                    sides.append(None)
                    continue
                valid = bool(validator.validate(tree))
                sides.append(Validity(valid, tuple(_plain_path(e.path or "") for e in validator.error_log)))
            found = (tree, (sides[0], sides[1]))
        self._validities[xml] = found
        return found


def _touched(old: Side, new: Side, changed: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The global components that differ, and every one that uses one of them, on either side (one walk up each
    side's reference graph): all others are the same on both sides, down to what they use."""
    from duislint.graph import STRUCTURAL, component_id

    touched = set(changed)
    for side_ in (old, new):  # an element that joins or leaves a substitution group changes what its head admits
        for key in list(touched):
            head = side_.model.element(_qname(key[1])) if key[0] == "element" else None
            while head is not None and head.substitution_group is not None:
                touched.add(("element", str(head.substitution_group)))
                head = side_.model.element(head.substitution_group)
                if head is not None and ("element", str(head.name)) in changed:
                    break
    for side_ in (old, new):
        model, graph = side_.model, side_.graph
        by_node = {component_id(c.family, model, c.name): (c.family, str(c.name)) for c in model.components}
        starts = [node for node, key in by_node.items() if key in touched]
        seen = set(starts)
        queue = list(starts)
        while queue:
            node = queue.pop()
            for edge in graph.in_edges(node):
                if edge.kind in STRUCTURAL and edge.source not in seen:
                    seen.add(edge.source)
                    queue.append(edge.source)
        touched.update(by_node[node] for node in seen if node in by_node)
    return touched


def _plain_path(path: str) -> str:
    """An XPath with its positions and prefixes left out: libxml2 and lxml write the same node differently."""
    return "/".join(step.split(":")[-1] for step in re.sub(r"\[\d+\]", "", path).split("/"))


def _qname(text: str) -> QName:
    namespace, _, local = text[1:].partition("}") if text.startswith("{") else ("", "", text)
    return QName(namespace, local)


def judge(found: list[tuple[Difference, Change]], old: Side, new: Side) -> list[Change]:
    """The changes, grouped by context and judged: one change per group, its parts the syntactic changes."""
    changed = {d.key for d, _ in found if d.key != ("", "")}
    changed |= {(d.component.family, str(d.component.name)) for d, _ in found if d.component is not None}
    judge_ = Judge(old, new, changed)
    groups: dict[Context, Group] = {}
    loose: list[tuple[Difference, Change]] = []
    for difference, change in found:
        context = context_of(difference)
        if context is None:
            loose.append((difference, change))
            continue
        context = judge_.resolvable(context)
        groups.setdefault(context, Group(context)).members.append((difference, change))
    for context in sorted(groups, key=lambda c: len(c.path)):
        holder = next((g for c, g in groups.items() if context.within(c) and c is not context), None)
        if holder is not None and context in groups:
            holder.members.extend(groups.pop(context).members)
    judged: list[Change] = [judge_.substitute(difference, change) for difference, change in loose]
    for group in groups.values():
        judged.extend(_judged(judge_, group))
    return judged


def _judged(judge_: Judge, group: Group) -> list[Change]:
    from duislint.rules import get_rule

    changes = [change for _, change in group.members]
    if _enumerations_only(group) and _enumerated_both(judge_, group.context):
        return [_judged_value(judge_, group.context, difference, change) for difference, change in group.members]
    relation, before, after = judge_.relation(group.context)
    direction = changes[0].direction
    rule_id = _group_rule(group)
    rule = get_rule(rule_id)
    assert rule is not None and rule.impacts is not None
    impact = impact_of(relation, direction, _fallback(changes, rule.impacts))
    witness = judge_.witness(relation, impact, direction, before, after) if impact is not Impact.NON_BREAKING else None
    basis = explain(relation)
    if len(changes) == 1:
        return [replace(changes[0], impact=impact, basis=basis, witness=witness)]
    first = min(changes, key=lambda c: c.sort_key())
    subject = _context_subject(first.subject, group)
    old = before.source if before else None
    new = after.source if after else None
    detail = f"{group.context.scope.value} of {subject} changed in {len(changes)} places"
    from duislint.findings import Location

    return [replace(first, kind="changed", component=group.context.scope.value, subject=subject, impact=impact,
                    rule=rule_id, detail=detail, basis=basis, witness=witness,
                    old=Location(old.path, old.line) if old else first.old,
                    new=Location(new.path, new.line) if new else first.new,
                    parts=tuple(sorted(changes, key=lambda c: c.sort_key())))]  # fmt: skip


def _fallback(changes: list[Change], impacts: Impacts) -> Impacts:
    """For an undecided group: the strictest rule impacts of its parts."""
    from duislint.rules import get_rule

    found = [impacts]
    for change in changes:
        rule = get_rule(change.rule)
        if rule is not None and rule.impacts is not None:
            found.append(rule.impacts)
    return Impacts(max((i.request for i in found), key=lambda i: i.rank),
                   max((i.response for i in found), key=lambda i: i.rank))  # fmt: skip


def _group_rule(group: Group) -> str:
    rules = {change.rule for _, change in group.members}
    return rules.pop() if len(rules) == 1 else GROUP_RULES[group.context.scope]


def _context_subject(subject: str, group: Group) -> str:
    """The subject of the element a group changes: its parts' subject cut to the context's path."""
    owner = subject.split("/", 1)[0].split("=", 1)[0].split("#", 1)[0]
    return "/".join([owner, *group.context.path]) if group.context.path else owner


def _enumerations_only(group: Group) -> bool:
    return all(d.delta is not None and d.delta.kind is EntryKind.ENUMERATION and d.delta.aspect is Aspect.PRESENCE
               for d, _ in group.members)  # fmt: skip


def _enumerated_both(judge_: Judge, context: Context) -> bool:
    before, after = judge_.places(context)
    for where in (before, after):
        if where is None or where.type is None or where.type.definition is None:
            return False
        if not where.type.definition.enumerations:
            return False
    return True


def _judged_value(judge_: Judge, context: Context, difference: Difference, change: Change) -> Change:
    """One enumeration value added or removed, judged by whether the other side's value space holds it."""
    from duislint.rules import get_rule

    delta = difference.delta
    assert delta is not None
    value = delta.entry.value or ""
    old_accepts, new_accepts = judge_.value_accepts(context, value)
    rule = get_rule(change.rule)
    assert rule is not None and rule.impacts is not None
    relation: Relation[Content]
    if old_accepts is None or new_accepts is None:
        relation = Relation(None, None, reason="the value spaces could not be built")
    else:
        relation = Relation(not old_accepts or new_accepts, not new_accepts or old_accepts)
    impact = impact_of(relation, change.direction, rule.impacts)
    witness = None
    if impact is not Impact.NON_BREAKING and relation.decided:
        witness = judge_.value_witness(context, value, "old" if old_accepts else "new", change.direction)
    return replace(change, impact=impact, basis=explain(relation), witness=witness)


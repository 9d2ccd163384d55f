"""Old and new paired once: every difference between two schema sets as a typed record that the diff rules
(diff.rules) describe and class. Components are paired by symbol space and name; inside a pair, the structure is
compared by xsd.compare, the same comparison the twin rules use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Callable, Literal

from duislint.findings import Location
from duislint.graph import REFERS_TO, RefGraph, component_id
from duislint.rules import Direction
from duislint.xsd.compare import Delta, Effect, compare_entries
from duislint.xsd.components import Component
from duislint.xsd.flatten import ANONYMOUS, Entry, EntryKind, components, flatten
from duislint.xsd.model import ELEMENT, TYPE, XS, QName, SchemaModel, Source

if TYPE_CHECKING:
    from duislint.xsd.compile import Compiled
    from duislint.xsd.loader import SchemaRef


ChangeKind = Literal["added", "removed", "changed"]


class Scope(StrEnum):
    COMPONENT = "component"  # a global component added or removed
    COMPONENT_KIND = "component-kind"  # a global type that is complex on one side, simple on the other
    ENTRY = "entry"  # inside a component present on both sides (xsd.compare.Delta)
    IMPORT = "import"
    ANNOTATION = "annotation"


NOUNS = {"complexType": "complex type", "simpleType": "simple type", "element": "element", "group": "group",
         "attributeGroup": "attribute group", "attribute": "attribute"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Names:
    """How a diff names schema components: by the new set's prefixes (the old set's for names only it binds)."""

    old: SchemaModel
    new: SchemaModel

    def show(self, name: QName | None) -> str:
        if name is None:
            return ""
        if name == ANONYMOUS:
            return "(anonymous)"
        shown = self.new.show(name)
        return self.old.show(name) if shown.startswith("{") else shown

    def show_new(self, name: QName | None) -> str:
        """A name of the new side, noting one the new set does not define: a type rewritten into a name that does
        not exist (sr:ReadLogPeriod for ra:ReadLogPeriod) is a typo, not a redesign."""
        if name is None or name == ANONYMOUS or name.namespace == XS:
            return self.show(name)
        defined = self.new.lookup(TYPE, name) or self.new.lookup(ELEMENT, name)
        return self.show(name) if defined else f"{self.show(name)} (not defined)"

    def text(self, text: str) -> str:
        """Every {namespace}local in a path or text, as a prefixed name."""
        return re.sub(r"\{([^}]*)\}([\w.\-]+)", lambda m: self.show(QName(m.group(1), m.group(2))), text)


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between the old and the new set, with what a rule needs to describe it: its scope and
    effect, the subject as reports name it, the lines on either side and the message direction that reaches it."""

    scope: Scope
    effect: Effect
    subject: str
    direction: Direction
    old: Location | None
    new: Location | None
    names: Names = field(compare=False, repr=False)
    delta: Delta | None = None  # ENTRY
    component: Component | None = None  # COMPONENT: the one added or removed; COMPONENT_KIND: the new one
    kinds: tuple[str, str] = ("", "")  # COMPONENT_KIND: the XSD kinds, old and new
    text: str = ""  # IMPORT: the namespace; ANNOTATION: "comment 'text'"
    key: tuple[str, str] = ("", "")  # ENTRY, COMPONENT_KIND: the component's (symbol space, name)


@dataclass(frozen=True, slots=True)
class Described:
    """A difference as a diff rule describes it: added/removed/changed, the kind of thing changed, and the detail."""

    kind: ChangeKind
    component: str  # element, attribute, type, enumeration value, facet, occurrence, content model, import...
    detail: str


@dataclass
class Side:
    """One side of a diff: its schema model and reference graph, what its documents import, the components
    requests and responses reach, and its libxml2 compile (made when a witness is first checked)."""

    model: SchemaModel
    graph: RefGraph
    schema_refs: list[tuple[str, SchemaRef]]
    request: set[str]
    response: set[str]
    compiled: Callable[[], Compiled | None] = field(default=lambda: None, repr=False)


def side(
    model: SchemaModel,
    graph: RefGraph,
    schema_refs: list[tuple[str, SchemaRef]],
    compiled: Callable[[], Compiled | None] = lambda: None,
) -> Side:
    """Which components each direction reaches: requests from the root elements named *Request (sr:Request),
    responses and alerts from every other root. A root is a global element no other element refers to (a global
    element used by ref=, such as ds:Signature, takes the direction of what uses it)."""
    globals_ = [component_id(ELEMENT, model, c.name) for c in model.components if c.family == ELEMENT]
    roots = [n for n in globals_ if not any(e.kind == REFERS_TO for e in graph.in_edges(n))]
    request_roots = [n for n in roots if n.endswith("Request")]
    other_roots = [n for n in roots if not n.endswith("Request")]
    return Side(model, graph, schema_refs, graph.reachable(request_roots), graph.reachable(other_roots), compiled)


def differences(old: Side, new: Side, annotations: bool = False) -> list[Difference]:
    names = Names(old.model, new.model)
    found: list[Difference] = []
    old_components, new_components = components(old.model), components(new.model)
    for key in sorted(set(old_components) | set(new_components)):
        before, after = old_components.get(key), new_components.get(key)
        direction = direction_of(old, new, before, after)
        if before is None or after is None:
            component = after or before
            assert component is not None
            where = _loc(component.source)
            effect = Effect.ADDED if before is None else Effect.REMOVED
            found.append(Difference(Scope.COMPONENT, effect, names.show(component.name), direction,
                                    where if after is None else None, where if before is None else None, names,
                                    component=component))  # fmt: skip
            continue
        owner = names.show(after.name)
        for delta in compare_entries(flatten(before), flatten(after)):
            found.append(Difference(Scope.ENTRY, delta.effect, _subject(owner, delta.path, names), direction,
                                    _loc(delta.before.source) if delta.before else None,
                                    _loc(delta.after.source) if delta.after else None, names, delta=delta,
                                    key=key))  # fmt: skip
        if before.kind != after.kind:
            found.append(Difference(Scope.COMPONENT_KIND, Effect.CHANGED, owner, direction, _loc(before.source),
                                    _loc(after.source), names, component=after, kinds=(before.kind, after.kind),
                                    key=key))  # fmt: skip
    found.extend(_import_differences(old, new, names))
    if annotations:
        found.extend(_annotation_differences(old.model, new.model, names))
    return found


def direction_of(old: Side, new: Side, before: Component | None, after: Component | None) -> Direction:
    request = response = False
    for side_, component in ((old, before), (new, after)):
        if component is None:
            continue
        node = component_id(component.family, side_.model, component.name)
        request |= node in side_.request
        response |= node in side_.response
    if request and response:
        return Direction.BOTH
    return Direction.REQUEST if request else (Direction.RESPONSE if response else Direction.NONE)


def _loc(source: Source | None) -> Location | None:
    return Location(source.path, source.line or None) if source else None


def _subject(owner: str, path: str, names: Names) -> str:
    """sr:Device/Connectivity, sr:ResponseCode=E64, sr:Request/@schemaVersion, sr:Type#maxInclusive."""
    path = re.sub(r"!(type|element)$", "", path)
    path = re.sub(r"\(\w*\)$", "", path).rstrip("/")
    path = re.sub(r"&\{[^}]*\}", "&", path)
    path = names.text(path).replace("/=", "=").replace("/#", "#")
    if not path:
        return owner
    return f"{owner}{path}" if path[0] in "=#" else f"{owner}/{path}"


def _imports(schema_refs: list[tuple[str, SchemaRef]]) -> dict[str, Location]:
    found: dict[str, Location] = {}
    for path, ref in schema_refs:
        if ref.kind == "import" and ref.namespace:
            found.setdefault(ref.namespace, Location(path, ref.line or None))
    return found


def _import_differences(old: Side, new: Side, names: Names) -> list[Difference]:
    before, after = _imports(old.schema_refs), _imports(new.schema_refs)
    found = []
    for namespace in sorted(set(before) ^ set(after)):
        effect = Effect.ADDED if namespace in after else Effect.REMOVED
        found.append(Difference(Scope.IMPORT, effect, namespace, Direction.NONE, before.get(namespace),
                                after.get(namespace), names, text=namespace))  # fmt: skip
    return found


def _annotation_differences(old: SchemaModel, new: SchemaModel, names: Names) -> list[Difference]:
    def texts(model: SchemaModel) -> dict[tuple[str, str, str], Location]:
        # a comment outside any component is keyed by its text alone: the file names differ between releases
        def context(c) -> str:  # noqa: ANN001
            return "" if c.context.lower().endswith(".xsd") else c.context.split(":", 1)[-1]

        return {(context(c), c.kind, c.text): Location(c.source.path, c.source.line) for c in model.comments}

    before, after = texts(old), texts(new)
    found = []
    for key in sorted(set(before) ^ set(after)):
        effect = Effect.ADDED if key in after else Effect.REMOVED
        found.append(Difference(Scope.ANNOTATION, effect, key[0] or "(file)", Direction.NONE, before.get(key),
                                after.get(key), names, text=f"{key[1]} '{key[2]}'"))  # fmt: skip
    return found


# --- describing entries (for the rules) ------------------------------------------------------------------------


def entry_text(entry: Entry, show: Callable[[QName | None], str]) -> str:
    """An element's or attribute's declaration in a few words: "occurs 0..1, type xs:string"."""
    parts: list[tuple[str, str]] = []
    if entry.kind is EntryKind.ATTRIBUTE:
        parts.append(("use", entry.use or ""))
    if entry.occurs is not None:
        parts.append(("occurs", str(entry.occurs)))
    if entry.ref is not None:
        parts.append(("ref", show(entry.ref)))
    elif entry.type is not None:
        parts.append(("type", show(entry.type)))
    if entry.nillable:
        parts.append(("nillable", "True"))
    parts.extend((name, value) for name, value in (("default", entry.default), ("fixed", entry.fixed)) if value)
    text = ", ".join(f"{k} {v}" for k, v in parts if v)
    return text + ", in a choice or optional group" if entry.conditional else text


def derivation_text(entry: Entry | None, show: Callable[[QName | None], str]) -> str:
    """A type's derivation in a few words: "kind simple, content simple, derivation restriction, base xs:token"."""
    if entry is None:
        return "(none)"
    if entry.path.endswith("!element"):  # a global element: its substitution group and whether it is abstract
        found = [("substitutionGroup", show(entry.base)), ("abstract", "true" if entry.abstract else "false")]
        return ", ".join(f"{k} {v}" for k, v in found if v)
    parts = [("kind", entry.type_kind or ""), ("content", entry.content or ""), ("derivation", entry.derivation or ""),
             ("base", show(entry.base)), ("members", " ".join(show(m) for m in entry.members)),
             ("abstract", "true" if entry.abstract else "")]  # fmt: skip
    return ", ".join(f"{k} {v}" for k, v in parts if v)

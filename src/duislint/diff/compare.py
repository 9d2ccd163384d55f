"""Compare two loaded schema sets into change records with impact classes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from duislint.diff.flatten import Entry, components, flatten
from duislint.diff.rules import BREAKING, IMPACT_RANK, NON_BREAKING, POTENTIALLY, RULES, ChangeRule
from duislint.findings import Location
from duislint.graph import REFERS_TO, RefGraph, component_id
from duislint.xsd import builtins
from duislint.xsd.components import Component
from duislint.xsd.model import ELEMENT, TYPE, XS, QName, SchemaModel, Source

_NOUN = {"complexType": "complex type", "simpleType": "simple type", "element": "element", "group": "group",
         "attributeGroup": "attribute group", "attribute": "attribute"}  # fmt: skip
_TIGHTER_WHEN_LOWER = {"maxInclusive", "maxExclusive", "maxLength", "length", "totalDigits", "fractionDigits"}
_TIGHTER_WHEN_HIGHER = {"minInclusive", "minExclusive", "minLength"}


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new schema set, with the rule it falls under and its impact."""

    kind: str  # added | removed | changed
    component: str  # element, attribute, type, group, enumeration value, facet, occurrence, content model, import...
    subject: str  # e.g. sr:Device/Connectivity, sr:ResponseCode=E64
    impact: str
    rule: str  # e.g. BR104 ENUM_VALUE_NO_DELETE
    detail: str
    old: Location | None
    new: Location | None
    direction: str  # request | response | both | none

    def sort_key(self) -> tuple:
        return (self.subject, self.component, self.kind, self.detail)


@dataclass
class _Side:
    """One side of a diff: its schema model and reference graph, and the components requests and responses reach."""

    model: SchemaModel
    graph: RefGraph
    request: set[str]
    response: set[str]


def side(model: SchemaModel, graph: RefGraph) -> _Side:
    """Which components each direction reaches: requests from the root elements named *Request (sr:Request),
    responses and alerts from every other root. A root is a global element no other element refers to (a global
    element used by ref=, such as ds:Signature, takes the direction of what uses it)."""
    globals_ = [component_id(ELEMENT, model, c.name) for c in model.components if c.family == ELEMENT]
    roots = [n for n in globals_ if not any(e.kind == REFERS_TO for e in graph.in_edges(n))]
    request_roots = [n for n in roots if n.endswith("Request")]
    other_roots = [n for n in roots if not n.endswith("Request")]
    return _Side(model, graph, graph.reachable(request_roots), graph.reachable(other_roots))


def compare(old: _Side, new: _Side, annotations: bool = False) -> list[Change]:
    old_components, new_components = components(old.model), components(new.model)
    changes: list[Change] = []
    for key in sorted(set(old_components) | set(new_components)):
        before, after = old_components.get(key), new_components.get(key)
        direction = _direction(old, new, before, after)
        if before is None:
            changes.append(_component_change("added", after, new.model, direction, RULES["COMPONENT_ADDED"]))  # type: ignore[arg-type]
        elif after is None:
            changes.append(_component_change("removed", before, old.model, direction, RULES["COMPONENT_NO_DELETE"]))
        else:
            changes.extend(_entry_changes(before, after, old.model, new.model, direction))
    changes.extend(_import_changes(old.model, new.model))
    if annotations:
        changes.extend(_annotation_changes(old.model, new.model))
    _hint_renames(changes, old, new)
    return sorted(changes, key=Change.sort_key)


# --- components ---------------------------------------------------------------------------------------------


def _direction(old: _Side, new: _Side, before: Component | None, after: Component | None) -> str:
    request = response = False
    for side_, component in ((old, before), (new, after)):
        if component is None:
            continue
        node = component_id(component.family, side_.model, component.name)
        request |= node in side_.request
        response |= node in side_.response
    return {(True, True): "both", (True, False): "request", (False, True): "response"}.get((request, response), "none")


def _impact(rule: ChangeRule, direction: str) -> str:
    return rule.impact(direction in ("request", "both"), direction in ("response", "both"))


def _loc(source: Source | None) -> Location | None:
    return Location(source.path, source.line or None) if source else None


def _component_change(kind: str, component: Component, model: SchemaModel, direction: str, rule: ChangeRule) -> Change:
    noun = _NOUN[component.kind]
    name = model.show(component.name)
    return Change(
        kind, _component_noun(component), name, _impact(rule, direction), f"{rule.id} {rule.name}",
        f"{noun} {name} {kind}", _loc(component.source) if kind == "removed" else None,
        _loc(component.source) if kind == "added" else None, direction,
    )  # fmt: skip


def _component_noun(component: Component) -> str:
    return {"complexType": "type", "simpleType": "type"}.get(component.kind, component.kind)


# --- entries inside a component -------------------------------------------------------------------------------


def _entry_changes(before: Component, after: Component, old_model: SchemaModel, new_model: SchemaModel,
                   direction: str) -> list[Change]:  # fmt: skip
    old_entries, new_entries = flatten(before), flatten(after)
    owner = new_model.show(after.name)
    changes: list[Change] = []
    keys = sorted(set(old_entries) | set(new_entries))
    replaced = _replaced_subtrees(keys, old_entries, new_entries)
    changes.extend(_pattern_changes(keys, old_entries, new_entries, owner, direction, replaced))
    for key in keys:
        if key[0] == "facet" and "#pattern=" in key[1]:
            continue
        a, b = old_entries.get(key), new_entries.get(key)
        if a is not None and b is not None and a.props == b.props:
            continue
        if any(key[1].startswith(prefix) for prefix in replaced):
            continue  # inside an element or attribute added, removed or given a new type: reported there
        changes.extend(_entry_change(owner, a, b, direction, old_model, new_model))
    if before.kind != after.kind:
        rule = RULES["TYPE_SAME_DERIVATION"]
        changes.append(Change("changed", "type", owner, _impact(rule, direction), f"{rule.id} {rule.name}",
                              f"{owner} changed from {_NOUN[before.kind]} to {_NOUN[after.kind]}",
                              _loc(before.source), _loc(after.source), direction))  # fmt: skip
    return changes


def _pattern_changes(keys, old_entries, new_entries, owner: str, direction: str, replaced: set[str]) -> list[Change]:  # noqa: ANN001
    """Patterns are compared per type: one changed pattern set is one change (BR110), an added pattern narrows
    (BR108), a removed one widens (BR109)."""
    by_type: dict[str, tuple[list[Entry], list[Entry]]] = {}
    for key in keys:
        if key[0] != "facet" or "#pattern=" not in key[1] or any(key[1].startswith(p) for p in replaced):
            continue
        a, b = old_entries.get(key), new_entries.get(key)
        if a is not None and b is not None:
            continue
        at = key[1].split("#pattern=", 1)[0]
        gone, come = by_type.setdefault(at, ([], []))
        (gone if b is None else come).append(a or b)
    changes = []
    for at, (gone, come) in by_type.items():
        subject = _subject(owner, at + "#pattern")
        rule = RULES["FACET_SAME_VALUE" if gone and come else ("FACET_LOOSENED" if gone else "FACET_NO_TIGHTEN")]
        before = " | ".join(e.prop("value") or "" for e in gone) or "(none)"
        after = " | ".join(e.prop("value") or "" for e in come) or "(none)"
        kind = "changed" if gone and come else ("removed" if gone else "added")
        changes.append(Change(kind, "facet", subject, _impact(rule, direction), f"{rule.id} {rule.name}",
                              f"{subject} {before} -> {after}", _loc(gone[0].source) if gone else None,
                              _loc(come[0].source) if come else None, direction))  # fmt: skip
    return changes


def _replaced_subtrees(keys, old_entries, new_entries) -> set[str]:  # noqa: ANN001
    """Paths whose whole content is reported by one change: an element or attribute added or removed, or whose
    type changed to or from an anonymous one."""
    prefixes: set[str] = set()
    for key in keys:
        kind, path = key
        if kind not in ("element", "attribute"):
            continue
        a, b = old_entries.get(key), new_entries.get(key)
        anonymous_changed = a is not None and b is not None and a.prop("type") != b.prop("type")
        if a is None or b is None or anonymous_changed:
            prefixes.add(path + "/")
    return prefixes


def _subject(owner: str, path: str) -> str:
    """sr:Device/Connectivity, sr:ResponseCode=E64, sr:Request/@schemaVersion, sr:Type#maxInclusive."""
    path = re.sub(r"!(type|element)$", "", path)
    path = re.sub(r"\(\w*\)$", "", path).rstrip("/")
    path = re.sub(r"&\{[^}]*\}", "&", path)
    path = path.replace("/=", "=").replace("/#", "#")
    if not path:
        return owner
    return f"{owner}{path}" if path[0] in "=#" else f"{owner}/{path}"


def _entry_change(owner: str, a: Entry | None, b: Entry | None, direction: str, old_model: SchemaModel,
                  new_model: SchemaModel) -> list[Change]:  # fmt: skip
    entry = b or a
    assert entry is not None
    subject = _subject(owner, entry.path)

    def change(kind: str, component: str, rule_name: str, detail: str) -> Change:
        rule = RULES[rule_name]
        return Change(kind, component, subject, _impact(rule, direction), f"{rule.id} {rule.name}", detail,
                      _loc(a.source) if a else None, _loc(b.source) if b else None, direction)  # fmt: skip

    show = _shower(old_model, new_model)
    kind = entry.kind
    if kind == "enumeration":
        value = entry.path.rsplit("=", 1)[1]
        where = subject.rsplit("=", 1)[0]
        if a is None:
            return [change("added", "enumeration value", "ENUM_VALUE_ADDED", f"value {value} added to {where}")]
        return [change("removed", "enumeration value", "ENUM_VALUE_NO_DELETE", f"value {value} removed from {where}")]
    if kind in ("element", "attribute"):
        noun = kind
        if a is None:
            required = _required(b)  # type: ignore[arg-type]
            rule = "ELEMENT_REQUIRED_ADDED" if required else "ELEMENT_OPTIONAL_ADDED"
            what = "required" if required else "optional"
            return [change("added", noun, rule, f"{what} {noun} {subject} added ({_describe(b, show)})")]  # type: ignore[arg-type]
        if b is None:
            rule = "ELEMENT_NO_DELETE" if kind == "element" else "ATTRIBUTE_NO_DELETE"
            return [change("removed", noun, rule, f"{noun} {subject} removed (was {_describe(a, show)})")]
        return _member_changes(a, b, subject, noun, change, show, _noting_undefined(show, new_model))
    if kind == "facet":
        return _facet_change(a, b, subject, change)
    if kind in ("compositor", "group-ref", "attribute-group-ref"):
        if a is not None and b is not None and kind == "compositor":
            return _compositor_change(a, b, subject, change)
        what = {"compositor": "content model", "group-ref": "group reference",
                "attribute-group-ref": "attribute group reference"}[kind]  # fmt: skip
        return [change("added" if a is None else "removed", "content model", "CONTENT_MODEL_SAME",
                       f"{what} in {subject} {'added' if a is None else 'removed'}")]  # fmt: skip
    if kind == "derivation":
        before = _props_text(a, show) if a else "(none)"
        after = _props_text(b, show) if b else "(none)"
        if a is not None and b is not None and a.prop("type") is not None and b.prop("type") is not None:
            changes = _value_constraint_changes(a, b, subject, change)  # a global element's fixed/default/nillable
            if a.prop("type") != b.prop("type"):
                changes.insert(0, change("changed", "element", _type_change_rule(a.prop("type"), b.prop("type")),
                                         f"{subject} type {show(a.prop('type') or '')} -> "
                                         f"{show(b.prop('type') or '')}"))  # fmt: skip
            return changes
        if a is not None and b is not None and _only_base_differs(a, b):
            rule = _type_change_rule(a.prop("base"), b.prop("base"))
            if rule != "ELEMENT_SAME_TYPE":
                return [change("changed", "type", rule, f"{subject} base {show(a.prop('base') or '')} -> "
                                                        f"{show(b.prop('base') or '')}")]  # fmt: skip
        return [change("changed", "type", "TYPE_SAME_DERIVATION", f"{subject}: {before} -> {after}")]
    return []


def _noting_undefined(show, model: SchemaModel):  # noqa: ANN001, ANN202
    """`show`, adding "(not defined)" to a type name the new set does not define: a type rewritten into a name that
    does not exist (sr:ReadLogPeriod for ra:ReadLogPeriod) is a typo, not a redesign."""

    def shown(text: str) -> str:
        match = re.fullmatch(r"\{([^}]*)\}([\w.\-]+)", text)
        if match is None or match.group(1) == XS:
            return show(text)
        name = QName(match.group(1), match.group(2))
        defined = model.lookup(TYPE, name) or model.lookup(ELEMENT, name)
        return show(text) if defined else f"{show(text)} (not defined)"

    return shown


def _readable(name: str) -> str:
    """Name[2] (a repeated name's path) as a reader says it: a second Name."""
    match = re.fullmatch(r"(.*)\[(\d+)\]", name)
    if match is None:
        return name
    nth = {"2": "second", "3": "third"}.get(match.group(2), f"{match.group(2)}th")
    return f"a {nth} {match.group(1)}"


def _type_change_rule(before: str | None, after: str | None) -> str:
    """A change between built-in types that only widens or only narrows is classed as a facet change would be."""
    relation = builtins.relation(before or "", after or "")
    return {builtins.WIDER: "TYPE_WIDENED", builtins.NARROWER: "TYPE_NARROWED"}.get(relation or "", "ELEMENT_SAME_TYPE")


def _only_base_differs(a: Entry, b: Entry) -> bool:
    """A simple type restricting another built-in base, all else alike (its facets are compared on their own)."""
    props_a, props_b = dict(a.props), dict(b.props)
    return props_a.get("derivation") == props_b.get("derivation") == "restriction" and {
        k: v for k, v in props_a.items() if k != "base"
    } == {k: v for k, v in props_b.items() if k != "base"}


def _shower(old_model: SchemaModel, new_model: SchemaModel):  # noqa: ANN202
    def show(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = QName(match.group(1), match.group(2))
            shown = new_model.show(name)
            return old_model.show(name) if shown.startswith("{") else shown

        return re.sub(r"\{([^}]*)\}([\w.\-]+)", one, text)

    return show


def _required(entry: Entry) -> bool:
    if entry.kind == "attribute":
        return entry.prop("use") == "required"
    occurs = entry.prop("occurs") or "1..1"
    return not occurs.startswith("0") and entry.prop("conditional") != "yes"


def _describe(entry: Entry, show) -> str:  # noqa: ANN001
    text = _props_text(entry, show)
    return text + ", in a choice or optional group" if entry.prop("conditional") == "yes" else text


def _props_text(entry: Entry, show) -> str:  # noqa: ANN001
    return ", ".join(f"{k} {show(v)}" for k, v in entry.props if v and k != "conditional")


def _member_changes(a: Entry, b: Entry, subject: str, noun: str, change, show, show_new) -> list[Change]:  # noqa: ANN001
    """`show_new` shows a name of the new side (it notes one the new set does not define)."""
    changes = []
    type_a, type_b = a.prop("type") or a.prop("ref"), b.prop("type") or b.prop("ref")
    if type_a != type_b:
        changes.append(change("changed", noun, _type_change_rule(type_a, type_b), f"{subject} type "
                              f"{show(type_a or '')} -> {show_new(type_b or '')}"))  # fmt: skip
    changes.extend(_value_constraint_changes(a, b, subject, change))
    if noun == "attribute":
        if a.prop("use") != b.prop("use"):
            tighter = b.prop("use") == "required"
            changes.append(change("changed", "occurrence", "OCCURRENCE_NO_TIGHTEN" if tighter else "OCCURRENCE_LOOSENED",
                                  f"{subject} use {a.prop('use')} -> {b.prop('use')}"))  # fmt: skip
        return changes
    occurs_a, occurs_b = a.prop("occurs") or "1..1", b.prop("occurs") or "1..1"
    if occurs_a != occurs_b:
        direction = _occurs_direction(occurs_a, occurs_b)
        rule = {"tighter": "OCCURRENCE_NO_TIGHTEN", "looser": "OCCURRENCE_LOOSENED"}.get(
            direction, "OCCURRENCE_NO_TIGHTEN"
        )
        changes.append(change("changed", "occurrence", rule, f"{subject} occurs {occurs_a} -> {occurs_b}"))
    return changes


def _value_constraint_changes(a: Entry, b: Entry, subject: str, change) -> list[Change]:  # noqa: ANN001
    """fixed, default and nillable of an element or attribute. A fixed value added allows one value where many were
    valid (tightened); removed, it loosens; another fixed or default value changes what a message means."""
    changes = []
    fixed_a, fixed_b = a.prop("fixed"), b.prop("fixed")
    if fixed_a != fixed_b:
        rule = "FACET_NO_TIGHTEN" if fixed_a is None else ("FACET_LOOSENED" if fixed_b is None else "FACET_SAME_VALUE")
        changes.append(change("changed", "facet", rule, f"{subject} fixed {fixed_a} -> {fixed_b}"))
    if a.prop("default") != b.prop("default"):
        changes.append(change("changed", "facet", "FACET_SAME_VALUE",
                              f"{subject} default {a.prop('default')} -> {b.prop('default')}"))  # fmt: skip
    nillable_a, nillable_b = a.prop("nillable") == "True", b.prop("nillable") == "True"
    if nillable_a != nillable_b:
        rule = "OCCURRENCE_LOOSENED" if nillable_b else "OCCURRENCE_NO_TIGHTEN"
        changes.append(change("changed", "occurrence", rule, f"{subject} nillable {nillable_a} -> {nillable_b}"))
    return changes


def _occurs_direction(before: str, after: str) -> str:
    def parse(text: str) -> tuple[int, float]:
        low, high = text.split("..")
        return int(low), float("inf") if high == "*" else int(high)

    (low_a, high_a), (low_b, high_b) = parse(before), parse(after)
    tighter = low_b > low_a or high_b < high_a
    looser = low_b < low_a or high_b > high_a
    return "both" if tighter and looser else ("tighter" if tighter else "looser")


def _facet_change(a: Entry | None, b: Entry | None, subject: str, change) -> list[Change]:  # noqa: ANN001
    entry = b or a
    name = entry.path.rsplit("#", 1)[1].split("=", 1)[0]  # type: ignore[union-attr]
    before, after = (a.prop("value") if a else None), (b.prop("value") if b else None)
    if name == "pattern":
        if a is None:
            return [change("added", "facet", "FACET_NO_TIGHTEN", f"pattern {after} added to {subject.split('#')[0]}")]
        return [change("removed", "facet", "FACET_LOOSENED", f"pattern {before} removed from {subject.split('#')[0]}")]
    if before is None:
        return [change("added", "facet", "FACET_NO_TIGHTEN", f"{subject} {after} added")]
    if after is None:
        return [change("removed", "facet", "FACET_LOOSENED", f"{subject} {before} removed")]
    rule = "FACET_SAME_VALUE"
    try:
        lower = float(after) < float(before)
        if name in _TIGHTER_WHEN_LOWER:
            rule = "FACET_NO_TIGHTEN" if lower else "FACET_LOOSENED"
        elif name in _TIGHTER_WHEN_HIGHER:
            rule = "FACET_LOOSENED" if lower else "FACET_NO_TIGHTEN"
    except ValueError:
        pass
    return [change("changed", "facet", rule, f"{subject} {before} -> {after}")]


def _compositor_change(a: Entry, b: Entry, subject: str, change) -> list[Change]:  # noqa: ANN001
    changes = []
    kind_a, kind_b = a.prop("compositor") or "", b.prop("compositor") or ""
    if kind_a != kind_b:
        changes.append(change("changed", "content model", "CONTENT_MODEL_SAME",
                              f"content model of {subject}: {kind_a} -> {kind_b}"))  # fmt: skip
    if a.prop("occurs") != b.prop("occurs"):
        direction = _occurs_direction(a.prop("occurs") or "1..1", b.prop("occurs") or "1..1")
        rule = "OCCURRENCE_LOOSENED" if direction == "looser" else "OCCURRENCE_NO_TIGHTEN"
        changes.append(change("changed", "occurrence", rule,
                              f"{kind_b} of {subject} occurs {a.prop('occurs')} -> {b.prop('occurs')}"))  # fmt: skip
    order_a, order_b = (a.prop("order") or "").split(","), (b.prop("order") or "").split(",")
    common = [n for n in order_a if n in order_b]
    if kind_a == kind_b != "choice" and [n for n in order_b if n in order_a] != common:
        changes.append(change("changed", "content model", "CONTENT_MODEL_SAME",
                              f"elements of {subject} reordered: {', '.join(common)} -> "
                              f"{', '.join(n for n in order_b if n in order_a)}"))  # fmt: skip
    return changes


# --- imports, annotations, renames ------------------------------------------------------------------------------


def _imports(model: SchemaModel) -> dict[str, Location]:
    found = {}
    for path, ref in model.schema_refs:
        if ref.kind == "import" and ref.namespace:
            found.setdefault(ref.namespace, Location(path, ref.line or None))
    return found


def _import_changes(old: SchemaModel, new: SchemaModel) -> list[Change]:
    before, after = _imports(old), _imports(new)
    changes = []
    for namespace in sorted(set(before) | set(after)):
        if namespace in before and namespace in after:
            continue
        rule = RULES["IMPORT_ADDED" if namespace in after else "IMPORT_NO_DELETE"]
        kind = "added" if namespace in after else "removed"
        changes.append(Change(kind, "import", namespace, rule.request, f"{rule.id} {rule.name}",
                              f"import of {namespace} {kind}", before.get(namespace), after.get(namespace), "none"))  # fmt: skip
    return changes


def _annotation_changes(old: SchemaModel, new: SchemaModel) -> list[Change]:
    def texts(model: SchemaModel) -> dict[tuple[str, str, str], Location]:
        # a comment outside any component is keyed by its text alone: the file names differ between releases
        def context(c) -> str:  # noqa: ANN001
            return "" if c.context.lower().endswith(".xsd") else c.context.split(":", 1)[-1]

        return {(context(c), c.kind, c.text): Location(c.source.path, c.source.line) for c in model.comments}

    before, after = texts(old), texts(new)
    rule = RULES["ANNOTATION_CHANGED"]
    changes = []
    for key in sorted(set(before) ^ set(after)):
        kind = "added" if key in after else "removed"
        changes.append(Change(kind, "annotation", key[0] or "(file)", NON_BREAKING, f"{rule.id} {rule.name}",
                              f"{key[1]} '{key[2]}' {kind}", before.get(key), after.get(key), "none"))  # fmt: skip
    return changes


def _hint_renames(changes: list[Change], old: _Side, new: _Side) -> None:
    """Renames show as removed + added; when the shapes match, say so on both. Candidates are bucketed by shape,
    so a release that renames everything (a new target namespace) stays linear."""
    position = {id(c): i for i, c in enumerate(changes)}
    added: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        if change.kind == "added" and change.component in ("element", "attribute"):
            shape = change.detail.rsplit("(", 1)[-1].rstrip(")")
            added.setdefault((change.component, shape), []).append(change)
    for gone in [c for c in changes if c.kind == "removed" and c.component in ("element", "attribute")]:
        shape = gone.detail.split("(was ", 1)[-1].rstrip(")")
        parent, _, name = gone.subject.rpartition("/")
        candidates = added.get((gone.component, shape), [])
        for come in candidates:
            new_parent, _, new_name = come.subject.rpartition("/")
            if new_parent == parent:
                hints = (f"probably renamed to {_readable(new_name)}", f"probably renamed from {_readable(name)}")
            elif new_name == name and new_parent.split("/", 1)[0] == parent.split("/", 1)[0]:
                hints = (f"probably moved to {come.subject}", f"probably moved from {gone.subject}")
            else:
                continue
            candidates.remove(come)
            changes[position[id(gone)]] = _with_hint(gone, hints[0])
            changes[position[id(come)]] = _with_hint(come, hints[1])
            break
    _hint_component_renames(changes, old, new)


def _hint_component_renames(changes: list[Change], old: _Side, new: _Side) -> None:
    """A global component removed and another of the same kind and the same content added: a rename."""
    removed = [(i, c) for i, c in enumerate(changes) if c.kind == "removed" and c.rule.startswith("BR101")]
    added = [(i, c) for i, c in enumerate(changes) if c.kind == "added" and c.rule.startswith("BR116")]
    if not removed or not added:
        return
    by_subject_old = {(c.kind, old.model.show(c.name)): c for c in old.model.components}
    by_subject_new = {(c.kind, new.model.show(c.name)): c for c in new.model.components}

    def shape(component: Component) -> tuple:
        return (component.kind, tuple(sorted((k, e.props) for k, e in flatten(component).items())))

    shapes: dict[tuple, list[tuple[int, Change]]] = {}
    for index, change in added:
        component = by_subject_new.get(_subject_key(change))
        if component is not None:
            shapes.setdefault(shape(component), []).append((index, change))
    for index, gone in removed:
        component = by_subject_old.get(_subject_key(gone))
        matches = shapes.get(shape(component)) if component is not None else None
        if matches:
            come_index, come = matches.pop(0)
            changes[index] = _with_hint(gone, f"probably renamed to {come.subject}")
            changes[come_index] = _with_hint(come, f"probably renamed from {gone.subject}")


def _subject_key(change: Change) -> tuple[str, str]:
    """(XSD kind, shown name) of a component change, as its detail names it ("complex type sr:X added")."""
    kinds = {"complex type": "complexType", "simple type": "simpleType", "attribute group": "attributeGroup"}
    noun = change.detail.partition(" " + change.subject)[0]
    return (kinds.get(noun, noun), change.subject)


def _with_hint(change: Change, hint: str) -> Change:
    return Change(change.kind, change.component, change.subject, change.impact, change.rule,
                  f"{change.detail}; {hint}", change.old, change.new, change.direction)  # fmt: skip


def summary(changes: list[Change]) -> dict[str, int]:
    counts = {BREAKING: 0, POTENTIALLY: 0, NON_BREAKING: 0}
    for change in changes:
        counts[change.impact] += 1
    return counts


def worst(changes: list[Change]) -> str | None:
    return max((c.impact for c in changes), key=IMPACT_RANK.__getitem__, default=None)

"""Instances: the smallest valid content of a type, an element's place below a global element (a route), and a
witness — a fragment valid under one schema set and not the other — written as XML a reader can paste into
xmllint. Built from one side's view only; the diff has libxml2 check every witness against both sides."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from duislint.semantics import Undecidable
from duislint.semantics.attributes import AttributeSide, minimal
from duislint.semantics.view import SchemaView, TypeView
from duislint.xsd.components import AttributeDecl, ElementDecl, GroupDef, TypeDef
from duislint.xsd.model import QName

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils would import urllib and http: 150 ms a diff)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    escaped = escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{escaped}"'
_DEPTH = 64  # deeper than any real content model: a required child that recurses without end has no instance


@dataclass(frozen=True, slots=True)
class Node:
    name: QName
    content: Content


@dataclass(frozen=True, slots=True)
class Content:
    """What an element holds: attributes (sorted by name), text, child elements; or xsi:nil."""

    attributes: tuple[tuple[QName, str], ...] = ()
    text: str = ""
    children: tuple[Node, ...] = ()
    nil: bool = False


class Builder:
    """Smallest valid instances of one side's types and declarations."""

    def __init__(self, view: SchemaView, peer: SchemaView | None = None) -> None:
        """`peer`, the other side of a comparison: where a named enumerated type has a value both sides accept,
        samples take it, so that a witness differs from the other side only where the change is."""
        self.view = view
        self.peer = peer
        self._minimal: dict[object, Content] = {}
        self._active: set[object] = set()

    def sample(self, of: TypeView) -> str:
        from duislint.semantics.values import sample

        if of.any:
            return ""
        shared = self._shared_value(of)
        if shared is not None:
            return shared
        found = sample(self.view.values(of))
        if found is None:
            raise Undecidable(f"type {self.view.model.show(of.name) if of.name else '(anonymous)'} admits no value")
        return found

    def _shared_value(self, of: TypeView) -> str | None:
        from duislint.semantics.values import accepts

        definition = of.definition
        if self.peer is None or definition is None or of.name is None or not definition.enumerations:
            return None
        try:
            mine, theirs = self.view.values(of), self.peer.values(self.peer.named(of.name))
        except Undecidable:
            return None
        return next((e.value for e in definition.enumerations if accepts(mine, e.value) and accepts(theirs, e.value)),
                    None)  # fmt: skip

    def attribute_side(self, of: TypeView) -> AttributeSide:
        return AttributeSide(self.view.attributes(of), self.sample)

    def attributes(self, of: TypeView) -> tuple[tuple[QName, str], ...]:
        return tuple(sorted(minimal(self.attribute_side(of)).items()))

    def minimal(self, of: TypeView) -> Content:
        key = of.key
        found = self._minimal.get(key)
        if found is not None:
            return found
        if key in self._active or len(self._active) > _DEPTH:
            raise Undecidable("a required element contains itself: no finite instance")
        self._active.add(key)
        try:
            found = self._build(of)
        finally:
            self._active.discard(key)
        self._minimal[key] = found
        return found

    def _build(self, of: TypeView) -> Content:
        if of.any:
            return Content()
        if of.simple:
            return Content(text=self.sample(of))
        attributes = self.attributes(of)
        if self.view.content_kind(of) == "simple":
            return Content(attributes, self.sample(of))
        return Content(attributes, children=self.children(of, self.word(of)))

    def word(self, of: TypeView, containing: QName | None = None) -> tuple:
        from duislint.semantics.content import shortest_word

        found = shortest_word(self.view.content(of), containing)
        if found is None:
            raise Undecidable("the content model admits no instance" + (f" with {containing.local}" if containing else ""))
        return found

    def children(self, of: TypeView, word: tuple, replaced: dict[int, Content] | None = None) -> tuple[Node, ...]:
        """The children of a word of `of`'s content model, each smallest valid (or as `replaced` gives it)."""
        from duislint.semantics.content import declaration_for

        language = self.view.content(of)
        nodes = []
        for index, symbol in enumerate(word):
            if replaced and index in replaced:
                nodes.append(Node(symbol.name, replaced[index]))
                continue
            decl = declaration_for(language, symbol)
            if isinstance(decl, ElementDecl):
                nodes.append(Node(symbol.name, self.element(decl)))
            else:  # a wildcard: a declared element of that name if there is one, else an empty element
                declared = self.view.model.element(symbol.name)
                nodes.append(Node(symbol.name, self.element(declared) if declared is not None else Content()))
        return tuple(nodes)

    def element(self, decl: ElementDecl) -> Content:
        decl = self.view.declaration(decl)
        content = self.minimal(self.view.type_of(decl))
        if decl.fixed is not None:
            content = replace(content, text=decl.fixed)
        return content


# --- routes: where an element sits below a global element -------------------------------------------------------

Route = tuple[ElementDecl, ...]  # a global element, then each child declaration down to the target


def routes_to(
    view: SchemaView, target: ElementDecl | TypeDef | AttributeDecl, limit: int = 12
) -> list[tuple[Route, AttributeDecl | None]]:
    """Up to `limit` ways down to `target`, shortest first, each from another global element or through another
    holder, so that a witness can be placed where nothing else differs between two sets."""
    attribute = target if isinstance(target, AttributeDecl) else None
    start: object = target
    if attribute is not None:
        owners = [u.holder for u in view.holders.get(id(attribute), []) if isinstance(u.holder, TypeDef)]
        if not owners:
            return []
        start = owners[0]
    return [(route, attribute) for route in _upwards(view, start, limit)]


_VISITS = 3  # each holder on at most this many routes: other ways up, without enumerating them all


def _upwards(view: SchemaView, start: object, limit: int) -> list[Route]:
    queue: deque[tuple[object, tuple[ElementDecl, ...]]] = deque([(start, ())])
    seen: dict[int, int] = {id(start): 1}
    holders = view.holders
    found: list[Route] = []
    while queue and len(found) < limit:
        node, below = queue.popleft()
        if isinstance(node, ElementDecl):
            if node.is_global:
                found.append((node, *below))
                continue
            for use in holders.get(id(node), []):
                _push(queue, seen, use.holder, (node, *below))
            continue
        if isinstance(node, TypeDef):
            for use in holders.get(id(node), []):
                holder = use.holder
                if isinstance(holder, ElementDecl):
                    _push(queue, seen, holder, below)
                elif isinstance(holder, TypeDef) and below:  # a derived type holds the base's children
                    _push(queue, seen, holder, below)
            continue
        if isinstance(node, GroupDef):
            for user in view.group_users.get(node.name, []):
                _push(queue, seen, user, below)
    return found


def _push(queue: deque, seen: dict[int, int], node: object, below: tuple[ElementDecl, ...]) -> None:
    visits = seen.get(id(node), 0)
    if visits < _VISITS and not any(step is node for step in below):
        seen[id(node)] = visits + 1
        queue.append((node, below))


def embed(builder: Builder, route: Route, content: Content) -> Node:
    """The route's global element, smallest valid but for the last element, which holds `content`."""
    view = builder.view
    node = Node(route[-1].name, content)
    for parent, child in zip(reversed(route[:-1]), reversed(route[1:]), strict=True):
        of = view.type_of(parent)
        word = builder.word(of, child.name)
        index = next(i for i, symbol in enumerate(word) if symbol.name == child.name)
        parent_content = replace(builder.minimal(of), children=builder.children(of, word, {index: node.content}))
        node = Node(parent.name, parent_content)
    return node


# --- XML ----------------------------------------------------------------------------------------------------------


def to_xml(root: Node, prefixes: dict[str, str]) -> str:
    """The fragment as a document: namespaces declared on the root with the set's own prefixes, two-space
    indentation, attributes by name."""
    used: dict[str, str] = {}

    def prefix(namespace: str) -> str:
        if not namespace:
            return ""
        if namespace not in used:
            taken = set(used.values())
            wanted = prefixes.get(namespace) or "ns"
            candidate, n = wanted, 1
            while candidate in taken:
                n += 1
                candidate = f"{wanted}{n}"
            used[namespace] = candidate
        return used[namespace]

    def name(qname: QName) -> str:
        p = prefix(qname.namespace)
        return f"{p}:{qname.local}" if p else qname.local

    lines: list[str] = []

    def write(node: Node, depth: int) -> None:
        content = node.content
        attributes = [f"{name(k)}={quoteattr(v)}" for k, v in content.attributes]
        if content.nil:
            attributes.append(f"{name(QName(XSI, 'nil'))}=\"true\"")
        tag = name(node.name)
        head = " ".join([tag, *attributes]) if attributes else tag
        indent = "  " * depth
        if content.children:
            lines.append(f"{indent}<{head}>")
            for child in content.children:
                write(child, depth + 1)
            lines.append(f"{indent}</{tag}>")
        elif content.text:
            lines.append(f"{indent}<{head}>{escape(content.text)}</{tag}>")
        else:
            lines.append(f"{indent}<{head}/>")

    write(root, 0)
    if used:
        declarations = " ".join(f'xmlns:{p}={quoteattr(ns)}' for ns, p in sorted(used.items(), key=lambda i: i[1]))
        first = lines[0]
        cut = _tag_end(first)
        lines[0] = f"{first[:cut]} {declarations}{first[cut:]}"
    return "\n".join(lines) + "\n"


def _tag_end(line: str) -> int:
    """Where the root's name ends in its start tag."""
    start = line.index("<") + 1
    index = start
    while index < len(line) and line[index] not in " />":
        index += 1
    return index

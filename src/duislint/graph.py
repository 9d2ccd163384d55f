"""The reference graph: components and DUIS code values as nodes, typed edges between them.

Built as plain adjacency lists (check runs need only reachability and neighbours, and importing networkx costs
~150 ms a run); `to_networkx()` gives the same graph as a networkx.MultiDiGraph for export and analysis.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Literal

from duislint import duis
from duislint.xsd.model import ATTRIBUTE, ATTRIBUTE_GROUP, ELEMENT, GROUP, TYPE, QName, SchemaModel, Source, is_builtin

if TYPE_CHECKING:  # an empty graph (a message validation gate) needs no component records
    from duislint.xsd.components import AttributeDecl, ElementDecl, Particle, TypeDef

HAS_TYPE = "has-type"
DERIVES_FROM = "derives-from"
CONTAINS = "contains"
REFERS_TO = "refers-to"
VALUE_OF = "value-of"
CODE_NAMES_SR = "code-names-SR"
SRV_BELONGS_TO_SR = "SRV-belongs-to-SR"
COMMENT_NAMES_SRV = "comment-names-SRV"
TWIN_OF = "twin-of"
STRUCTURAL = (HAS_TYPE, DERIVES_FROM, CONTAINS, REFERS_TO)


NodeKind = Literal[
    "element", "complexType", "simpleType", "anonymousType", "group", "attributeGroup", "attribute", "builtin",
    "undefined", "enumeration", "ServiceReference", "ServiceReferenceVariant", "ResponseCode", "AlertCode", "comment",
    "message",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Node:
    """A node of the reference graph: a schema component, a built-in or undefined name one uses, a DUIS code value,
    or a schema comment that names SRVs."""

    id: str
    kind: NodeKind
    label: str
    source: Source | None = None
    defined: bool = True


@dataclass(frozen=True, slots=True)
class Edge:
    """A typed relation from one graph node to another (has-type, contains, twin-of, ...), and the line stating it."""

    source: str
    target: str
    kind: str
    where: Source | None = None  # the line that states the relation


@dataclass
class RefGraph:
    """The reference graph of a schema set: components and DUIS code values as nodes, typed edges between them."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    _out: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    _in: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))

    def add_node(self, node: Node) -> Node:
        existing = self.nodes.get(node.id)
        if existing is None or (not existing.defined and node.defined):
            self.nodes[node.id] = node
            return node
        return existing

    def add_edge(self, source: str, target: str, kind: str, where: Source | None = None) -> None:
        edge = Edge(source, target, kind, where)
        self.edges.append(edge)
        self._out[source].append(edge)
        self._in[target].append(edge)

    def out_edges(self, node_id: str) -> list[Edge]:
        return self._out.get(node_id, [])

    def in_edges(self, node_id: str) -> list[Edge]:
        return self._in.get(node_id, [])

    def reachable(self, starts: Iterable[str], kinds: tuple[str, ...] = STRUCTURAL) -> set[str]:
        seen = set(starts)
        queue = deque(seen)
        while queue:
            for edge in self._out.get(queue.popleft(), []):
                if edge.kind in kinds and edge.target not in seen:
                    seen.add(edge.target)
                    queue.append(edge.target)
        return seen

    def find(self, text: str) -> list[Node]:
        """Nodes whose id or label is `text` (e.g. 'sr:Request', 'E64', 'SRV 8.14.1')."""
        wanted = text.strip()
        exact = [n for n in self.nodes.values() if n.label == wanted or n.id == wanted]
        if exact:
            return sorted(exact, key=lambda n: n.id)
        bare = wanted.split(":", 1)[-1]
        return sorted((n for n in self.nodes.values() if n.label.split(":", 1)[-1] == bare), key=lambda n: n.id)

    def to_networkx(self):  # noqa: ANN201 - networkx is imported only here
        import networkx as nx

        graph = nx.MultiDiGraph()
        for node in sorted(self.nodes.values(), key=lambda n: n.id):
            attrs = {"kind": node.kind, "label": node.label, "defined": node.defined}
            if node.source:
                attrs.update(file=node.source.path, line=node.source.line)
            graph.add_node(node.id, **attrs)
        for edge in sorted(self.edges, key=edge_key):
            attrs = {"kind": edge.kind}
            if edge.where:
                attrs.update(file=edge.where.path, line=edge.where.line)
            graph.add_edge(edge.source, edge.target, key=f"{edge.kind}", **attrs)
        return graph


def edge_key(edge: Edge) -> tuple:
    return (
        edge.source,
        edge.target,
        edge.kind,
        edge.where.path if edge.where else "",
        edge.where.line if edge.where else 0,
    )


# --- node ids ------------------------------------------------------------------------------------


def component_id(family: str, model: SchemaModel, name: QName) -> str:
    return f"{family}:{model.show(name)}"


def code_id(kind: str, value: str) -> str:
    return f"{kind}:{value}"


# --- building ------------------------------------------------------------------------------------


def build_graph(model: SchemaModel) -> RefGraph:
    builder = _GraphBuilder(model)
    builder.build()
    return builder.graph


class _GraphBuilder:
    def __init__(self, model: SchemaModel) -> None:
        self.model = model
        self.graph = RefGraph()
        self._local_ids: set[str] = set()

    def build(self) -> None:
        from duislint.xsd.components import AttributeDecl, AttributeGroupDef, ElementDecl, GroupDef, TypeDef

        for component in self.model.components:
            self.graph.add_node(Node(component_id(component.family, self.model, component.name), component.kind,
                                     self.model.show(component.name), component.source))  # fmt: skip
        for component in self.model.components:
            own = component_id(component.family, self.model, component.name)
            definition = component.definition
            if isinstance(definition, ElementDecl):
                self._element_edges(own, definition)
            elif isinstance(definition, TypeDef):
                self._type_edges(own, definition)
            elif isinstance(definition, GroupDef):
                self._particle_edges(own, definition.content)
            elif isinstance(definition, AttributeGroupDef):
                self._attribute_edges(own, definition.attributes, definition.attribute_group_refs, definition.source)
            elif isinstance(definition, AttributeDecl):
                self._attribute_type_edges(own, definition)
        self._code_nodes()
        self._twins()

    # components
    def _target(self, family: str, name: QName | None, where: Source) -> str | None:
        if name is None:
            return None
        node_id = component_id(family, self.model, name)
        if node_id not in self.graph.nodes:
            builtin = is_builtin(family, name)
            kind: NodeKind = "builtin" if builtin else "undefined"
            self.graph.add_node(Node(node_id, kind, self.model.show(name), None, defined=builtin))
        return node_id

    def _local_id(self, context: str, source: Source, prefix: str = "element") -> str:
        node_id = f"{prefix}:{context}"
        if node_id in self._local_ids or node_id in self.graph.nodes:
            node_id = f"{node_id}#{source.line}"
        self._local_ids.add(node_id)
        return node_id

    def _element_edges(self, own: str, decl: ElementDecl) -> None:
        if decl.ref is not None:
            target = self._target(ELEMENT, decl.ref, decl.source)
            if target:
                self.graph.add_edge(own, target, REFERS_TO, decl.source)
            return
        if decl.type_name is not None:
            target = self._target(TYPE, decl.type_name, decl.source)
            if target:
                self.graph.add_edge(own, target, HAS_TYPE, decl.source)
        if decl.anonymous_type is not None:
            anon = self._local_id(decl.context, decl.anonymous_type.source, "anonymousType")
            self.graph.add_node(Node(anon, "anonymousType", decl.context, decl.anonymous_type.source))
            self.graph.add_edge(own, anon, HAS_TYPE, decl.source)
            self._type_edges(anon, decl.anonymous_type)

    def _type_edges(self, own: str, typedef: TypeDef) -> None:
        for base in (typedef.base, typedef.item_type, *typedef.member_types):
            target = self._target(TYPE, base, typedef.source)
            if target:
                self.graph.add_edge(own, target, DERIVES_FROM, typedef.source)
        for member in typedef.anonymous_members:
            anon = self._local_id(member.context, member.source, "anonymousType")
            self.graph.add_node(Node(anon, "anonymousType", member.context, member.source))
            self.graph.add_edge(own, anon, DERIVES_FROM, member.source)
            self._type_edges(anon, member)
        self._particle_edges(own, typedef.content)
        self._attribute_edges(own, typedef.attributes, typedef.attribute_group_refs, typedef.source)
        for enum in typedef.enumerations:
            value_id = self._value_node(typedef, enum.value, enum.source)
            self.graph.add_edge(value_id, own, VALUE_OF, enum.source)

    def _particle_edges(self, own: str, particle: Particle | None) -> None:
        if particle is None:
            return
        if particle.kind == "element" and particle.element is not None:
            decl = particle.element
            local = self._local_id(decl.context, decl.source)
            self.graph.add_node(Node(local, "element", decl.context, decl.source))
            self.graph.add_edge(own, local, CONTAINS, decl.source)
            self._element_edges(local, decl)
        elif particle.kind == "group":
            target = self._target(GROUP, particle.group_ref, particle.source)
            if target:
                self.graph.add_edge(own, target, REFERS_TO, particle.source)
        for child in particle.children:
            self._particle_edges(own, child)

    def _attribute_edges(self, own: str, attributes, group_refs, where: Source) -> None:  # noqa: ANN001
        for attribute in attributes:
            local = self._local_id(attribute.context, attribute.source, "attribute")
            self.graph.add_node(Node(local, "attribute", attribute.context, attribute.source))
            self.graph.add_edge(own, local, CONTAINS, attribute.source)
            self._attribute_type_edges(local, attribute)
        for ref in group_refs:
            target = self._target(ATTRIBUTE_GROUP, ref, where)
            if target:
                self.graph.add_edge(own, target, REFERS_TO, where)

    def _attribute_type_edges(self, own: str, attribute: AttributeDecl) -> None:
        if attribute.ref is not None:
            target = self._target(ATTRIBUTE, attribute.ref, attribute.source)
            if target:
                self.graph.add_edge(own, target, REFERS_TO, attribute.source)
        target = self._target(TYPE, attribute.type_name, attribute.source)
        if target:
            self.graph.add_edge(own, target, HAS_TYPE, attribute.source)
        if attribute.anonymous_type is not None:
            anon = self._local_id(attribute.context, attribute.anonymous_type.source, "anonymousType")
            self.graph.add_node(Node(anon, "anonymousType", attribute.context, attribute.anonymous_type.source))
            self.graph.add_edge(own, anon, HAS_TYPE, attribute.source)
            self._type_edges(anon, attribute.anonymous_type)

    # DUIS code values
    def _value_node(self, typedef: TypeDef, value: str, source: Source) -> str:
        kind = _code_kind(typedef, value)
        if kind == "enumeration":
            node_id = f"enumeration:{typedef.context}={value}"
            self.graph.add_node(Node(node_id, kind, f"{typedef.context}={value}", source))
        else:
            node_id = code_id(kind, value)
            # the sr: list is the primary home; ra: twins link to the same node
            self.graph.add_node(Node(node_id, kind, _code_label(kind, value), source))
        return node_id

    def _code_nodes(self) -> None:
        for node in list(self.graph.nodes.values()):
            if node.kind == "ServiceReferenceVariant":
                srv = node.id.split(":", 1)[1]
                sr_id = code_id("ServiceReference", duis.sr_of_srv(srv))
                if sr_id not in self.graph.nodes:
                    self.graph.add_node(
                        Node(
                            sr_id,
                            "ServiceReference",
                            _code_label("ServiceReference", duis.sr_of_srv(srv)),
                            None,
                            defined=False,
                        )
                    )
                self.graph.add_edge(node.id, sr_id, SRV_BELONGS_TO_SR, node.source)
            elif node.kind == "ResponseCode":
                sr = duis.sr_named_by_code(node.id.split(":", 1)[1])
                if sr is not None:
                    sr_id = code_id("ServiceReference", sr)
                    if sr_id not in self.graph.nodes:
                        self.graph.add_node(
                            Node(sr_id, "ServiceReference", _code_label("ServiceReference", sr), None, defined=False)
                        )
                    self.graph.add_edge(node.id, sr_id, CODE_NAMES_SR, node.source)
        for comment in self.model.comments:
            named = duis.srvs_named_by_comment(comment.text)
            if named is None:
                continue
            comment_id = f"comment:{comment.source.path}:{comment.source.line}"
            self.graph.add_node(Node(comment_id, "comment", comment.text, comment.source))
            for number in named[0]:
                # a two-part number names an SR when no SRV of that number exists
                target = code_id("ServiceReferenceVariant", number)
                if target not in self.graph.nodes and code_id("ServiceReference", number) in self.graph.nodes:
                    target = code_id("ServiceReference", number)
                if target not in self.graph.nodes:
                    self.graph.add_node(
                        Node(
                            target,
                            "ServiceReferenceVariant",
                            _code_label("ServiceReferenceVariant", number),
                            None,
                            defined=False,
                        )
                    )
                self.graph.add_edge(comment_id, target, COMMENT_NAMES_SRV, comment.source)

    def _twins(self) -> None:
        for sr_name, ra_name in twin_pairs(self.model):
            self.graph.add_edge(
                component_id(TYPE, self.model, sr_name), component_id(TYPE, self.model, ra_name), TWIN_OF
            )


def twin_pairs(model: SchemaModel) -> list[tuple[QName, QName]]:
    """sr:/ra: type pairs meant to be one type: defined under the same local name in both namespaces, or, for a
    type left without such a twin, under names that differ only in case (sr:SwitchTypeAndId, ra:SwitchTypeAndID).

    An exact name wins over a case-insensitive one, and no type is paired twice: where the names left over fold
    to one spelling on more than one type of a side, none of them is paired (which would be a guess).
    """
    names: dict[str, dict[str, QName]] = {duis.SR_NS: {}, duis.RA_NS: {}}
    for component in model.components:
        found = names.get(component.name.namespace) if component.family == TYPE else None
        if found is not None:
            found.setdefault(component.name.local, component.name)
    sr_types, ra_types = names[duis.SR_NS], names[duis.RA_NS]
    pairs = [(sr_types[local], ra_types[local]) for local in sr_types.keys() & ra_types.keys()]
    sr_left = _by_folded_name(name for local, name in sr_types.items() if local not in ra_types)
    ra_left = _by_folded_name(name for local, name in ra_types.items() if local not in sr_types)
    for folded, (sr_name, *sr_more) in sr_left.items():
        ra_names = ra_left.get(folded, [])
        if not sr_more and len(ra_names) == 1:
            pairs.append((sr_name, ra_names[0]))
    return sorted(pairs, key=lambda pair: (pair[0].local, pair[1].local))


def _by_folded_name(names: Iterable[QName]) -> dict[str, list[QName]]:
    found: dict[str, list[QName]] = defaultdict(list)
    for name in names:
        found[name.local.casefold()].append(name)
    return found


def _code_kind(typedef: TypeDef, value: str) -> NodeKind:
    if typedef.name is not None and typedef.name.namespace in (duis.SR_NS, duis.RA_NS):
        local = typedef.name.local
        if local == duis.SERVICE_REFERENCE:
            return "ServiceReference"
        if local == duis.SERVICE_REFERENCE_VARIANT:
            return "ServiceReferenceVariant"
        if local == duis.RESPONSE_CODE:
            return "ResponseCode"
    if typedef.context.endswith("/" + duis.ALERT_CODE_ELEMENT) or (
        typedef.name is not None and typedef.name.local == duis.ALERT_CODE_ELEMENT
    ):
        return "AlertCode"
    return "enumeration"


def _code_label(kind: str, value: str) -> str:
    return {"ServiceReference": "SR ", "ServiceReferenceVariant": "SRV ", "ResponseCode": "", "AlertCode": ""}[
        kind
    ] + value

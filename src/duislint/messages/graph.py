"""What messages add to the reference graph: SRV -> body element (learnt, with the message as its source), and
message -> the body element and its type, so `duislint refs` shows which messages use a type."""

from __future__ import annotations

from duislint.graph import Node, RefGraph
from duislint.messages.load import Message
from duislint.xsd.components import ElementDecl
from duislint.xsd.model import SchemaModel
from duislint.xsd.queries import body_element, elements_by_local_name, type_of

SRV_USES_BODY = "SRV-uses-body"
MESSAGE_USES = "message-uses"


def add_message_edges(model: SchemaModel, graph: RefGraph, messages: list[Message]) -> None:
    if not messages:
        return
    index = elements_by_local_name(model)
    by_context = {n.label: n.id for n in graph.nodes.values() if n.kind == "element"}
    for message in messages:
        if message.body is None:
            continue
        decl = body_element(model, index, message.body[0].local)
        if decl is None:
            continue
        element_id = by_context.get(decl.context)
        message_id = f"message:{message.path}"
        graph.add_node(Node(message_id, "message", message.path, message.source))
        if element_id:
            graph.add_edge(message_id, element_id, MESSAGE_USES, message.body[1])
            if message.is_request and message.srv:
                srv_id = f"ServiceReferenceVariant:{message.srv[0]}"
                if srv_id in graph.nodes:
                    graph.add_edge(srv_id, element_id, SRV_USES_BODY, message.body[1])
        type_id = _type_node(model, graph, decl)
        if type_id:
            graph.add_edge(message_id, type_id, MESSAGE_USES, message.body[1])


def _type_node(model: SchemaModel, graph: RefGraph, decl: ElementDecl) -> str | None:
    typedef = type_of(model, decl)
    if typedef is None or typedef.name is None:
        return None
    node_id = f"type:{model.show(typedef.name)}"
    return node_id if node_id in graph.nodes else None

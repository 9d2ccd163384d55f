"""XS3xx: components nothing uses."""

from __future__ import annotations

from typing import Iterator

from duislint.findings import Severity
from duislint.graph import component_id
from duislint.rules import CheckContext, Hit, rule
from duislint.xsd.model import ELEMENT

_NOUN = {"complexType": "complex type", "simpleType": "simple type", "group": "group",
         "attributeGroup": "attribute group", "attribute": "attribute"}  # fmt: skip


@rule("XS301", "unreachable-component", Severity.INFO, "schema")
def unreachable_component(context: CheckContext) -> Iterator[Hit]:
    """A global type, group, attribute group or attribute that no global element reaches, directly or indirectly.

    Why:
        Every DUIS message is an instance of a global element (sr:Request, sr:Response, sr:DCCAlert...). A type that
        none of them reaches can never appear in a message: it is dead weight at best, and at worst the type a
        release meant to use (the live element still points at an older copy).

    Bad:
        <xs:complexType name="ReadInventoryRsp">...</xs:complexType>   <!-- no element has this type -->

    Good:
        <xs:element name="ReadInventoryResponse" type="sr:ReadInventoryRsp"/>
    """
    model, graph = context.model, context.graph
    roots = [component_id(ELEMENT, model, c.name) for c in model.components if c.family == ELEMENT]
    reached = graph.reachable(roots)
    for component in model.components:
        if component.family == ELEMENT:
            continue
        if component_id(component.family, model, component.name) not in reached:
            yield Hit(
                f"{_NOUN[component.kind]} '{model.show(component.name)}' is not reachable from any global element",
                model.show(component.name),
                component.source,
            )

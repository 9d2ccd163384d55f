"""XS1xx: every QName reference resolves in its symbol space."""

from __future__ import annotations

from typing import Iterator

from duislint.findings import Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.suggest import closest
from duislint.xsd.components import Reference
from duislint.xsd.model import BUILTIN_TYPES, TYPE, XS, QName, SchemaModel, is_builtin

_NOUN = {"type": "type", "element": "element", "group": "group", "attributeGroup": "attribute group",
         "attribute": "attribute"}  # fmt: skip


def resolves(model: SchemaModel, reference: Reference) -> bool:
    target = reference.target
    return target is not None and (
        is_builtin(reference.family, target) or model.lookup(reference.family, target) is not None
    )


@rule("XS101", "unresolved-reference", Severity.ERROR, "schema")
def unresolved_reference(context: CheckContext) -> Iterator[Hit]:
    """A type, element, group, attribute or attributeGroup reference names nothing defined in the set.

    Why:
        An unresolved reference stops the whole set from compiling in strict processors, and in lenient ones
        silently turns the item into xs:anyType, so nothing under it is validated. A prefix bound to the wrong
        namespace (sr: for a type that only MMC defines as ra:) is the commonest DUIS variant of this defect.

    Bad:
        <xs:element name="Header" type="sr:HeaderType"/>   <!-- HeaderType is defined in MMC as ra:HeaderType -->

    Good:
        <xs:element name="Header" type="ra:HeaderType"/>
    """
    model = context.model
    for reference in model.references:
        if resolves(model, reference):
            continue
        noun = _NOUN[reference.family]
        if reference.target is None:
            yield Hit(
                f"{noun} reference '{reference.written}' in {reference.context}: {reference.problem}",
                reference.written,
                reference.source,
            )
            continue
        yield Hit(
            f"{noun} '{model.show(reference.target)}' is not defined (the {reference.attribute} attribute of "
            f"{reference.context} names it)",
            model.show(reference.target),
            reference.source,
            suggestion=_suggest(model, reference),
        )


def _suggest(model: SchemaModel, reference: Reference) -> str | None:
    target = reference.target
    assert target is not None
    names = model.names_in(reference.family)
    same_local = sorted(n for n in names if n.local == target.local and n.namespace != target.namespace)
    if same_local:
        other = same_local[0]
        return f"{model.show(other)} (the prefix points at the wrong namespace)"
    pool = {n.local: n for n in names if n.namespace == target.namespace}
    if reference.family == TYPE and target.namespace == XS:
        pool = {local: QName(XS, local) for local in BUILTIN_TYPES}
    match = closest(target.local, pool)
    if match:
        return model.show(pool[match])
    everywhere = {n.local: n for n in names}
    match = closest(target.local, everywhere)
    return model.show(everywhere[match]) if match else None

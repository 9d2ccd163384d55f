"""DU1xx: DUIS code families: Service References, SRVs and SRV-specific response codes agree."""

from __future__ import annotations

from typing import Iterator

from duislint import duis
from duislint.duis import CodeList, code_list
from duislint.findings import Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.suggest import closest
from duislint.xsd.model import SchemaModel


def _namespaces(model: SchemaModel) -> list[str]:
    return [ns for ns in (duis.SR_NS, duis.RA_NS) if code_list(model, ns, duis.SERVICE_REFERENCE_VARIANT)]


@rule("DU101", "srv-without-sr", Severity.ERROR, "duis-codes")
def srv_without_sr(context: CheckContext) -> Iterator[Hit]:
    """A Service Reference Variant whose Service Reference is not in the ServiceReference enumeration.

    Why:
        Every SRV N.M.K belongs to SR N.M; the DCC routes, authorises and reports by SR. A variant whose SR is
        missing cannot be sent in a valid request header (the header carries both).

    Bad:
        ServiceReference: 4.4 ...            ServiceReferenceVariant: 4.4.5, 4.16.1

    Good:
        ServiceReference: 4.4, 4.16 ...      ServiceReferenceVariant: 4.4.5, 4.16.1
    """
    model = context.model
    for namespace in _namespaces(model):
        srvs = code_list(model, namespace, duis.SERVICE_REFERENCE_VARIANT)
        srs = code_list(model, namespace, duis.SERVICE_REFERENCE)
        known = set(srs.value_set()) if srs else set()
        if srvs is None:
            continue
        for value in srvs.values:
            sr = duis.sr_of_srv(value.value)
            if duis.is_srv(value.value) and sr not in known:
                yield Hit(
                    f"SRV {value.value} in {model.show(srvs.type_name)} belongs to SR {sr}, which "
                    f"{model.show(srs.type_name) if srs else 'the ServiceReference enumeration'} does not list",
                    f"SRV {value.value}",
                    value.source,
                    suggestion=f'<xs:enumeration value="{sr}"/> in ServiceReference',
                )


@rule("DU102", "sr-without-srv", Severity.WARNING, "duis-codes")
def sr_without_srv(context: CheckContext) -> Iterator[Hit]:
    """A Service Reference that no Service Reference Variant uses.

    Why:
        DCC Users send SRVs; an SR with no variant can never be requested. It is usually a withdrawn service whose
        SR was left behind, or a variant that was dropped from the SRV list by mistake.

    Bad:
        ServiceReference: 2.5, 2.6           ServiceReferenceVariant: 2.5

    Good:
        ServiceReference: 2.5                ServiceReferenceVariant: 2.5
    """
    model = context.model
    for namespace in _namespaces(model):
        srs = code_list(model, namespace, duis.SERVICE_REFERENCE)
        srvs = code_list(model, namespace, duis.SERVICE_REFERENCE_VARIANT)
        if srs is None or srvs is None:
            continue
        used = {duis.sr_of_srv(v) for v in srvs.value_set()}
        for value in srs.values:
            if value.value not in used:
                yield Hit(
                    f"SR {value.value} in {model.show(srs.type_name)} has no variant in {model.show(srvs.type_name)}",
                    f"SR {value.value}",
                    value.source,
                )


@rule("DU103", "code-names-unknown-sr", Severity.ERROR, "duis-codes")
def code_names_unknown_sr(context: CheckContext) -> Iterator[Hit]:
    """An SRV-specific response code (Ennmmkk / Wnnmmkk) whose digits name a Service Reference that does not exist.

    Why:
        DUIS reserves the digits of these codes for the SR they belong to (E081406 is an error of SR 8.14). A code
        for a missing SR is a typo in the code or a left-over from a withdrawn service, and the specification's
        response-code tables will not know where to list it.

    Bad:
        <xs:enumeration value="E089901"/>    <!-- SR 8.99 does not exist -->

    Good:
        <xs:enumeration value="E081406"/>    <!-- SR 8.14 -->
    """
    model = context.model
    srs = code_list(model, duis.SR_NS, duis.SERVICE_REFERENCE) or code_list(model, duis.RA_NS, duis.SERVICE_REFERENCE)
    if srs is None:
        return
    known = set(srs.value_set())
    reported: set[str] = set()  # a code listed in both sr: and ra: is one defect
    for namespace in (duis.SR_NS, duis.RA_NS):
        codes = code_list(model, namespace, duis.RESPONSE_CODE)
        if codes is None:
            continue
        for value in codes.values:
            sr = duis.sr_named_by_code(value.value)
            if sr is not None and sr not in known and value.value not in reported:
                reported.add(value.value)
                near = closest(sr, known, cutoff=0.6)
                yield Hit(
                    f"response code {value.value} names SR {sr}, which {model.show(srs.type_name)} does not list",
                    value.value,
                    value.source,
                    suggestion=f"a code for SR {near}" if near else None,
                )


@rule("DU104", "sr-ra-code-lists-disagree", Severity.ERROR, "duis-codes")
def sr_ra_code_lists_disagree(context: CheckContext) -> Iterator[Hit]:
    """The sr: (DUIS) and ra: (MMC) ServiceReference / ServiceReferenceVariant enumerations list different values.

    Why:
        A request is validated against the sr: list and its response or alert against the ra: list. A value on one
        side only means a service can be requested but not answered (or the reverse) by schema-valid messages.

    Bad:
        sr:ServiceReferenceVariant lists 4.2; ra:ServiceReferenceVariant does not

    Good:
        both list 4.2
    """
    model = context.model
    for local in (duis.SERVICE_REFERENCE, duis.SERVICE_REFERENCE_VARIANT):
        sr_list, ra_list = code_list(model, duis.SR_NS, local), code_list(model, duis.RA_NS, local)
        if sr_list is None or ra_list is None:
            continue
        yield from _one_side_only(model, sr_list, ra_list)
        yield from _one_side_only(model, ra_list, sr_list)


def _one_side_only(model: SchemaModel, have: CodeList, lack: CodeList) -> Iterator[Hit]:
    missing = set(lack.value_set())
    for value in have.values:
        if value.value not in missing:
            yield Hit(
                f"{value.value} is listed in {model.show(have.type_name)} but not in {model.show(lack.type_name)}",
                f"{have.type_name.local} {value.value}",
                value.source,
                related=(lack.source,),
            )

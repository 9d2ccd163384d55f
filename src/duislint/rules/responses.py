"""DU3xx: each device request has its MMC response, named after its request body (X -> ra:XRsp).

What the published sets (5.0-5.4) show, and what the rule therefore takes as DUIS's convention:

- Every device SRV's request body element X (a member of the choice in sr:Request/Body) is answered by an MMC
  element ra:XRsp (a member of the choice in ra:ResponsePayload/SMETSData, of type ra:XRsp), even when the
  response is only an acknowledgement: ra:ClearEventLogRsp and ra:SetAuxiliaryControllerStateRsp extend
  ra:ServiceRequestBaseType with nothing, and are declared all the same. Being an acknowledgement is no excuse.
- Non-device requests have no MMC response: the DCC answers them itself in sr: (sr:DSPInventory for Read
  Inventory). They are the matrix's Non-Device Request "Yes" rows, and exactly the SRVs whose enumeration comment
  lists command variant 8 alone (the schema's CommandVariant table: output "SResponse from DCC", DCC Only).
  sr:SignedPreCommand belongs to no SRV (it carries the signed pre-command of a CV 5-7 request, answered as that
  request is), so it is never asked for a response.
- Each ra:XRsp type carries a comment naming its SRV (`<!-- SR 4.1.1 Read Instantaneous Import Registers -->`).
  A response that answers several SRVs would say so there, as other MMC comments list the SRVs they serve
  (`SR 6.15.1, 6.21`): such a shared response answers the requests of every SRV it names, whatever its name. None
  of the published responses is shared, and none is named after another request than its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from duislint import duis
from duislint.findings import Location, Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.comments import command_variant_meanings, matrix_view
from duislint.rules.spec_common import srv_sections
from duislint.suggest import closest
from duislint.xsd.components import ElementDecl
from duislint.xsd.model import QName, SchemaModel, Source
from duislint.xsd.queries import child_elements, particle_elements, type_of

RESPONSE_SUFFIX = "Rsp"


@dataclass(frozen=True, slots=True)
class Request:
    """A request body element, and the SRVs whose requests use it (none when no mapping names it)."""

    name: str
    decl: ElementDecl
    srvs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Response:
    """An MMC response element, and the SR/SRV numbers that the first SR comment of its type names."""

    name: str
    decl: ElementDecl
    type_source: Source | None
    serves: tuple[str, ...]

    @property
    def stem(self) -> str:
        return self.name[: -len(RESPONSE_SUFFIX)]


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A request body with no response named after it: misnamed (`response` answers it under another name) or
    missing (`response` is None)."""

    request: Request
    response: Response | None


@dataclass(frozen=True, slots=True)
class DeviceEvidence:
    """Whether an SRV is a device request, and what says so (a matrix cell, an enumeration comment)."""

    device: bool
    said: str  # "Non-Device Request 'No' in the matrix", "CV = 4, 5, 6, 7"
    where: Location


@rule("DU301", "request-without-response", Severity.WARNING, "duis-responses")
def request_without_response(context: CheckContext) -> Iterator[Hit]:
    """A device request's body element X has no MMC response ra:XRsp: the response is missing, or is named after
    no request.

    Why:
        The MMC response of a device request is found by its name: DCC Users' parsers and readers of the
        specification look for ra:XRsp beside sr:X. A device SRV without a response element has no XML answer to
        parse; a response spelt otherwise than its request is found by nobody who follows the convention.
        A response named after no request is a request's misnamed response when its type is named after the
        request, or its comment names the request's SRV alone, or (failing both) the two names are each other's
        nearest: the XSD set alone shows it. A missing response is reported only for a device SRV whose body
        element is known: the SRV -> body mapping comes from the specification's Service Descriptions and the
        messages (--messages); whether the SRV is a device request, from the matrix's Non-Device Request column
        (--spec), else from the SRV enumeration's CV comment (CV 8 alone: non-device). Without them a missing
        response is not guessed at: 17 of the 130 bodies of 5.4 rightly have none (Read Inventory, the schedules,
        the Communications Hub status updates, sr:SignedPreCommand). A response whose comment names several SRVs
        answers each of them. A set whose MMC declares no ...Rsp element at all is not checked: it does not follow
        the convention (the demo's ra:DeviceResponse carries each answer as one member of a choice).

    Bad:
        DUIS: <xs:element name="ReadDeviceConfigurationBillingCalendar" .../>             <!-- SRV 6.2.3 -->
        MMC:  <xs:element name="ReadDeviceConfigurationDataBillingCalendarRsp" .../>      <!-- SR 6.2.3 -->

    Good:
        DUIS: <xs:element name="ReadDeviceConfigurationBillingCalendar" .../>
        MMC:  <xs:element name="ReadDeviceConfigurationBillingCalendarRsp" .../>
    """
    model = context.model
    if not any(d.target_namespace == duis.RA_NS for d in context.documents):
        return  # no MMC in the set: there are no responses to look for
    requests = request_bodies(model, srv_body_mapping(context))
    if not requests:
        return
    responses = response_elements(model)
    if not responses:
        return  # the MMC names its responses otherwise (or has none): the convention is not this set's
    found = unanswered(requests, responses)
    devices = device_srvs(context, {srv for f in found if f.response is None for srv in f.request.srvs})
    request_names = {r.name for r in requests}
    for each in found:
        if each.response is not None:
            yield _misnamed(model, each.request, each.response)
            continue
        evidence = [(s, devices[s]) for s in each.request.srvs if s in devices and devices[s].device]
        if evidence:
            yield _missing(model, each.request, evidence, responses, request_names)


def _misnamed(model: SchemaModel, request: Request, response: Response) -> Hit:
    named = f" (its comment names SR {', '.join(response.serves)})" if response.serves else ""
    return Hit(
        f"request body {model.show(request.decl.name)}{_srv_note(request.srvs)} has no response named "
        f"{_ra(model, request.name + RESPONSE_SUFFIX)}; its response is {model.show(response.decl.name)}{named}, "
        "which is named after no request",
        model.show(request.decl.name),
        request.decl.source,
        related=tuple(dict.fromkeys(s for s in (response.decl.source, response.type_source) if s is not None)),
        suggestion=model.show(response.decl.name),
    )


def _missing(
    model: SchemaModel,
    request: Request,
    evidence: list[tuple[str, DeviceEvidence]],
    responses: dict[str, Response],
    request_names: set[str],
) -> Hit:
    expected = request.name + RESPONSE_SUFFIX
    said = "; ".join(f"SRV {srv}: {e.said}" for srv, e in evidence)
    message = f"device request body {model.show(request.decl.name)} ({said}) has no MMC response {_ra(model, expected)}"
    if model.named_type(QName(duis.RA_NS, expected)) is not None:
        message += f" (type {_ra(model, expected)} is defined, but no element declares it)"
    near = closest(expected, responses)
    if near is not None:
        stem = responses[near].stem
        answers = f"answers {_sr(model, stem)}" if stem in request_names else "is named after no request"
        message += f"; the nearest, {model.show(responses[near].decl.name)}, {answers}"
    return Hit(
        message,
        model.show(request.decl.name),
        request.decl.source,
        related=tuple(dict.fromkeys(e.where for _, e in evidence)),
        suggestion=model.show(responses[near].decl.name) if near is not None else None,
    )


def _srv_note(srvs: tuple[str, ...]) -> str:
    return f" (SRV {', '.join(srvs)})" if srvs else ""


def _ra(model: SchemaModel, local: str) -> str:
    return model.show(QName(duis.RA_NS, local))


def _sr(model: SchemaModel, local: str) -> str:
    return model.show(QName(duis.SR_NS, local))


# --- the pairing: a pure function of the requests and the responses ---------------------------------------------


def unanswered(requests: list[Request], responses: dict[str, Response]) -> list[Unanswered]:
    """The requests that no response answers, by name or as one of the SRVs a shared response names, each with
    its misnamed response where there is one: first by evidence (the response's type named after the request, or
    its comment naming the request's SRV alone), then by the two names nearest each other."""
    names = {r.name for r in requests}
    orphans = [r for r in responses.values() if r.stem not in names]
    shared = {number for r in responses.values() if len(r.serves) > 1 for number in r.serves}
    open_requests = [
        r for r in requests if r.name + RESPONSE_SUFFIX not in responses and not any(s in shared for s in r.srvs)
    ]
    partner: dict[str, Response] = {}
    taken: set[str] = set()  # the responses paired so far, by name
    for request in open_requests:
        evidence = [o for o in orphans if o.name not in taken and _names_request(o, request)]
        if len(evidence) == 1:
            partner[request.name] = evidence[0]
            taken.add(evidence[0].name)
    left_requests = {r.name: r for r in open_requests if r.name not in partner}
    left_orphans = {o.stem: o for o in orphans if o.name not in taken}
    for name in sorted(left_requests) if left_orphans else ():
        stem = closest(name, left_orphans)
        if stem is None or closest(stem, left_requests) != name:
            continue
        if not _names_other_srvs(left_orphans[stem], left_requests[name]):
            partner[name] = left_orphans[stem]
    return [Unanswered(r, partner.get(r.name)) for r in open_requests]


def _names_request(orphan: Response, request: Request) -> bool:
    type_name = orphan.decl.type_name
    if type_name is not None and type_name.local == request.name + RESPONSE_SUFFIX:
        return True
    return len(orphan.serves) == 1 and orphan.serves[0] in request.srvs


def _names_other_srvs(orphan: Response, request: Request) -> bool:
    """The response's comment and the mapping both name SRVs, and not the same: alike names are then no pair."""
    return bool(orphan.serves and request.srvs and not set(orphan.serves) & set(request.srvs))


# --- what the schema set, the mapping and the matrix say --------------------------------------------------------


def request_bodies(model: SchemaModel, bodies: dict[str, str]) -> list[Request]:
    """The members of the choice in sr:Request/Body, each with the SRVs (in number order) the mapping gives it."""
    request = model.element(QName(duis.SR_NS, "Request"))
    typedef = type_of(model, request) if request is not None else None
    body = next((c for c in child_elements(model, typedef) if c.name.local == "Body"), None) if typedef else None
    body_type = type_of(model, body) if body is not None else None
    if body_type is None:
        return []
    srvs_of: dict[str, list[str]] = {}
    for srv, name in bodies.items():
        srvs_of.setdefault(name, []).append(srv)
    found: dict[str, Request] = {}
    for decl in particle_elements(model, body_type.content):
        name = decl.name.local
        found.setdefault(name, Request(name, decl, tuple(sorted(srvs_of.get(name, []), key=_srv_order))))
    return list(found.values())


def _srv_order(srv: str) -> tuple[int, ...]:
    return tuple(int(part) for part in srv.split(".") if part.isdigit())


def response_elements(model: SchemaModel) -> dict[str, Response]:
    """The MMC (ra:) element declarations named ...Rsp, global or local (members of a response body's choice), by
    name: the first declaration of each, with the numbers the first SR comment in its type names."""
    declared: dict[str, tuple[ElementDecl, str, Source | None]] = {}
    for decl in model.elements:
        name = decl.name
        if decl.ref is not None or name.namespace != duis.RA_NS or not name.local.endswith(RESPONSE_SUFFIX):
            continue
        if name.local == RESPONSE_SUFFIX or name.local in declared:
            continue
        typedef = type_of(model, decl)
        context = model.show(typedef.name) if typedef is not None and typedef.name is not None else decl.context
        declared[name.local] = (decl, context, typedef.source if typedef is not None else None)
    serves = _comment_numbers(model, {context for _, context, _ in declared.values()})
    return {
        name: Response(name, decl, type_source, serves.get(context, ()))
        for name, (decl, context, type_source) in declared.items()
    }


def _comment_numbers(model: SchemaModel, contexts: set[str]) -> dict[str, tuple[str, ...]]:
    """Per component of `contexts` (as comments name where they are): the SR/SRV numbers its first SR comment
    names."""
    found: dict[str, tuple[str, ...]] = {}
    for comment in model.comments:
        if comment.context not in contexts or comment.context in found:
            continue
        named = duis.srvs_named_by_comment(comment.text)
        if named is not None:
            found[comment.context] = named[0]
    return found


def srv_body_mapping(context: CheckContext) -> dict[str, str]:
    """SRV -> its request body element: from the specification's Service Descriptions, else from the messages."""
    mapping = dict(context.srv_bodies)
    for section in srv_sections(context):
        if section.srv and section.body_element:
            mapping[section.srv] = section.body_element
    return mapping


def device_srvs(context: CheckContext, wanted: set[str]) -> dict[str, DeviceEvidence]:
    """The wanted SRVs -> whether each is a device request: the matrix's Non-Device Request column, else the CV
    comment of the SRV's enumeration value. An SRV that neither tells of is absent."""
    found: dict[str, DeviceEvidence] = {}
    if not wanted:
        return found
    srvs = duis.code_list(context.model, duis.SR_NS, duis.SERVICE_REFERENCE_VARIANT)
    meanings = context.memo(command_variant_meanings).meanings  # the schema's CommandVariant table, else DUIS's
    for value in srvs.values if srvs is not None else ():
        variants = duis.command_variants_named(value.comment) if value.value in wanted else None
        if variants:
            shown = f"CV = {', '.join(str(v) for v in sorted(variants))}"
            where = Location(value.source.path, value.source.line)
            dcc_only = all(v in meanings and meanings[v].dcc_only for v in variants)
            found[value.value] = DeviceEvidence(not dcc_only, shown, where)
    column = context.memo(matrix_view).non_device  # the Non-Device Request column, as DU204 finds it
    if column is None:
        return found
    for row in context.matrix or []:
        answer = row.yes_no(column) if row.srv in wanted else None
        if answer is not None:
            found[row.srv] = DeviceEvidence(not answer, f"{column} '{(row.value(column) or '').strip()}' in the matrix",
                                            row.location_of(column))  # fmt: skip
    return found

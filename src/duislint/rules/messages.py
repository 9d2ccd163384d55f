"""MS rules: DUIS messages are valid against the loaded set and consistent with it and with each other."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

from duislint import duis
from duislint.findings import Severity
from duislint.messages.learn import body_votes
from duislint.rules import CheckContext, Hit, rule


@rule("MS001", "message-declares-entities", Severity.ERROR, "messages")
def message_declares_entities(context: CheckContext) -> Iterator[Hit]:
    """A message carries a DOCTYPE that declares entities; duislint reads it without resolving them.

    Why:
        DUIS messages never need a DTD. An entity declaration in a message is at best a tool's leftover and at
        worst an XML external entity attack (`<!ENTITY xxe SYSTEM "file:///etc/passwd">`) aimed at whichever
        system parses it next. duislint never resolves entities, loads DTDs or touches the network.

    Bad:
        <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <sr:Response ...><sr:GBCSPayload>&xxe;</sr:GBCSPayload>

    Good:
        <sr:Response ...><sr:GBCSPayload>...</sr:GBCSPayload>
    """
    for message in context.messages:
        for name, url in message.entities:
            kind = f"external entity '{name}' ({url})" if url != "internal" else f"entity '{name}'"
            yield Hit(f"the message declares an {kind}; it was not resolved", name, message.source)


@rule("MS101", "message-invalid", Severity.ERROR, "messages")
def message_invalid(context: CheckContext) -> Iterator[Hit]:
    """A message does not validate against the loaded schema set: each error with its element path, said as a DUIS
    user reads it (prefixed names, the allowed values or elements, a shortened pattern, a suggestion where one value
    is clearly meant; the JSON report's `expected` holds them in full).

    Why:
        The DCC rejects an invalid request, and a DCC User's validator rejects an invalid response. Sample and
        test messages (DCC's RTDS) that an uplift invalidates tell implementers exactly what they must change.
        libxml2 cannot validate a tree that holds an entity reference, and duislint never expands one (MS001):
        validation stops at the first, and the finding there says that the rest of the message was not checked.

    Bad:
        <sr:ServiceReference>11.2.11.2</sr:ServiceReference>     <!-- not a Service Reference; 11.2 is -->
        <sr:RequestType>Delete</sr:RequestType>                  <!-- allowed: Add, Remove -->

    Good:
        <sr:ServiceReference>11.2</sr:ServiceReference>
        <sr:RequestType>Remove</sr:RequestType>
    """
    for message in context.messages:
        for error in message.errors:
            yield Hit(error.located, error.path or message.root.local, _at(message.path, error.line),
                      suggestion=error.suggestion, expected=error.expected)  # fmt: skip


def _at(path: str, line: int | None):  # noqa: ANN202
    from duislint.xsd.model import Source

    return Source(path, line or 0)


def _set_version(context: CheckContext) -> str | None:
    for info in context.documents:
        if info.target_namespace == duis.SR_NS and info.version:
            return info.version
    return None


@rule("MS102", "schema-version-mismatch", Severity.ERROR, "messages")
def schema_version_mismatch(context: CheckContext) -> Iterator[Hit]:
    """A message's schemaVersion is not the version of the loaded DUIS schema set.

    Why:
        The DCC validates a message against the DUIS version it names; a sample that names another version is
        checked against the wrong rules, and one that validates only by accident hides the uplift's changes.

    Bad:
        <sr:Request schemaVersion="5.3"> checked with DUIS 5.4

    Good:
        <sr:Request schemaVersion="5.4">
    """
    version = _set_version(context)
    if version is None:
        return
    for message in context.messages:
        if message.schema_version is not None and message.schema_version != version:
            yield Hit(
                f"schemaVersion is {message.schema_version}, the loaded DUIS set is {version}",
                message.schema_version,
                message.source,
                suggestion=version,
            )


@rule("MS103", "srv-not-of-service-reference", Severity.ERROR, "messages")
def srv_not_of_service_reference(context: CheckContext) -> Iterator[Hit]:
    """A message header's ServiceReferenceVariant does not belong to its ServiceReference (4.4.5 under 4.4).

    Why:
        The DCC routes and authorises by both; a header whose SRV names another SR is rejected or, worse, handled
        as the wrong service. The schema cannot say so: both are independent enumerations.

    Bad:
        <sr:ServiceReference>4.4</sr:ServiceReference><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>

    Good:
        <sr:ServiceReference>4.1</sr:ServiceReference><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>
    """
    for message in context.messages:
        if message.srv is None or message.service_reference is None:
            continue
        srv, where = message.srv
        if duis.sr_of_srv(srv) != message.service_reference[0]:
            yield Hit(
                f"ServiceReferenceVariant {srv} belongs to SR {duis.sr_of_srv(srv)}, not to the header's "
                f"ServiceReference {message.service_reference[0]}",
                f"SRV {srv}",
                where,
                related=(message.service_reference[1],),
                suggestion=duis.sr_of_srv(srv),
            )


@rule("MS104", "body-not-of-srv", Severity.ERROR, "messages")
def body_not_of_srv(context: CheckContext) -> Iterator[Hit]:
    """A request's body element is not the one its SRV uses: as the specification's Service Description names it,
    or as the other messages of that SRV use it.

    Why:
        The XSD lets any body element go with any SRV (Body is one big choice); only the specification and real
        messages tie them. A request for SRV 6.28 carrying ReadCHFSubGHzConfiguration is schema-valid and wrong.

    Bad:
        SRV 6.28 with <sr:ReadCHFSubGHzConfiguration>

    Good:
        SRV 6.28 with <sr:SetCHFSubGHzConfiguration>
    """
    named = _spec_bodies(context) if context.specs else {}
    votes = body_votes(context.messages)
    for message in context.messages:
        if not (message.is_request and message.srv and message.body):
            continue
        srv, body = message.srv[0], message.body[0].local
        expected, why = named.get(srv), "the specification's Service Description"
        if expected is None:
            # the majority of the SRV's messages, when it outnumbers this message's body (a tie decides nothing)
            count = votes.get(srv, Counter())
            best = sorted(((n, b) for b, n in count.items() if b != body), key=lambda nb: (-nb[0], nb[1]))
            if not best or best[0][0] <= count.get(body, 0):
                continue
            expected, why = best[0][1], f"{best[0][0]} other message(s) of that SRV"
        if body != expected:
            yield Hit(
                f"SRV {srv} carries body element {body}; {why} use(s) {expected}",
                f"SRV {srv}",
                message.body[1],
                related=(message.srv[1],),
                suggestion=expected,
            )


@rule("MS105", "body-under-two-srvs", Severity.WARNING, "messages")
def body_under_two_srvs(context: CheckContext) -> Iterator[Hit]:
    """The same request body element appears under two different SRVs across the messages.

    Why:
        In DUIS every SRV has its own body element. One body under two SRVs means one of the samples names the
        wrong SRV, and whatever learns SRV -> body from the samples would learn it wrong.

    Bad:
        a.xml: SRV 6.28 + SetCHFSubGHzConfiguration;  b.xml: SRV 6.30 + SetCHFSubGHzConfiguration

    Good:
        b.xml: SRV 6.30 + ReadCHFSubGHzConfiguration
    """
    by_body: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for message in context.messages:
        if message.is_request and message.srv and message.body:
            by_body[message.body[0].local][message.srv[0]].append(message)
    totals = {srv: sum(count.values()) for srv, count in body_votes(context.messages).items()}
    for body, srvs in sorted(by_body.items()):
        if len(srvs) < 2:
            continue
        # the body belongs to the SRV whose messages use it most consistently; the others are reported
        ranked = sorted(srvs.items(), key=lambda kv: (-len(kv[1]) / totals[kv[0]], -len(kv[1]), kv[0]))
        for srv, messages in ranked[1:]:
            for message in messages:
                yield Hit(
                    f"body element {body} is used by SRV {srv} here and by SRV {ranked[0][0]} in "
                    f"{len(ranked[0][1])} other message(s)",
                    body,
                    message.body[1],
                    related=tuple(m.body[1] for m in ranked[0][1][:3]),
                )


def _spec_bodies(context: CheckContext) -> dict[str, str]:
    """SRV -> the body element its Service Description names. Imported here: a messages-only gate reads no spec."""
    from duislint.rules.spec_common import srv_sections

    return {s.srv: s.body_element for s in srv_sections(context) if s.srv and s.body_element}

"""Breaking-change rules: each names what it protects (as buf's do) and gives the impact of such a change on a
request (DCC User -> DCC) and on a response or alert (DCC -> DCC User). A type reached from both takes the
stricter impact. `duislint rules` lists them with the check rules."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

BREAKING, POTENTIALLY, NON_BREAKING = "breaking", "potentially-breaking", "non-breaking"
IMPACT_RANK = {NON_BREAKING: 0, POTENTIALLY: 1, BREAKING: 2}


@dataclass(frozen=True)
class ChangeRule:
    """A breaking-change rule: the kind of change it covers, its impact on a request and on a response or alert,
    and its help text."""

    id: str
    name: str
    request: str
    response: str
    summary: str
    why: str
    bad: str
    good: str

    def impact(self, request: bool, response: bool) -> str:
        """The stricter impact of the directions the changed component is reached from. When no message reaches
        it, only a change that breaks in both directions still breaks (other schemas may use the component);
        the rest are non-breaking."""
        impacts = ([self.request] if request else []) + ([self.response] if response else [])
        if not impacts:
            return BREAKING if self.request == self.response == BREAKING else NON_BREAKING
        return max(impacts, key=IMPACT_RANK.__getitem__)


def _rule(rule_id: str, name: str, request: str, response: str, doc: str) -> ChangeRule:
    text = inspect.cleandoc(doc)
    summary, _, rest = text.partition("\n\n")
    why, _, examples = rest.partition("\nBad:")
    bad, _, good = examples.partition("\nGood:")
    return ChangeRule(rule_id, name, request, response, " ".join(summary.split()), " ".join(why.split()),
                      inspect.cleandoc(bad), inspect.cleandoc(good))  # fmt: skip


RULES = {
    r.name: r
    for r in (
        _rule(
            "BR101",
            "COMPONENT_NO_DELETE",
            BREAKING,
            BREAKING,
            """
            A global element, type, group or attribute was removed.

            Messages and other schemas that use it no longer validate or compile.
            Bad:
                5.3a: <xs:complexType name="DSPWANMatrix"/>     5.4: (gone)
            Good:
                keep it, deprecated in its documentation, until the next major release
            """,
        ),
        _rule(
            "BR102",
            "ELEMENT_NO_DELETE",
            BREAKING,
            BREAKING,
            """
            An element was removed from a content model.

            Senders that still send it are rejected; receivers that expect it find nothing.
            Bad:
                <xs:element name="Connectivity"/> removed from sr:Device
            Good:
                make it optional first, remove it in a later release
            """,
        ),
        _rule(
            "BR103",
            "ATTRIBUTE_NO_DELETE",
            BREAKING,
            BREAKING,
            """
            An attribute was removed.

            Messages that carry it no longer validate.
            Bad:
                <xs:attribute name="index"/> removed
            Good:
                keep the attribute, optional
            """,
        ),
        _rule(
            "BR104",
            "ENUM_VALUE_NO_DELETE",
            BREAKING,
            BREAKING,
            """
            An enumeration value was removed (a response code such as E64, an alert code, an SRV).

            A value that was valid is now rejected; users whose code maps it lose a case without notice.
            Bad:
                <xs:enumeration value="E64"/> removed from sr:ResponseCode
            Good:
                keep the value and document it as withdrawn
            """,
        ),
        _rule(
            "BR105",
            "ELEMENT_SAME_TYPE",
            BREAKING,
            BREAKING,
            """
            An element or attribute now has another type.

            Values valid under the old type may be invalid under the new one, and generated code changes shape.
            Bad:
                DebtRecoveryRate: xs:short -> xs:integer
            Good:
                a new element of the new type beside the old one
            """,
        ),
        _rule(
            "BR106",
            "OCCURRENCE_NO_TIGHTEN",
            BREAKING,
            NON_BREAKING,
            """
            minOccurs rose or maxOccurs fell (an optional request item became mandatory, an attribute became
            required).

            Requests that were valid are now rejected. Receivers of responses see fewer cases: harmless.
            Bad:
                <xs:element name="ScheduleEndDate" minOccurs="0"/> -> minOccurs="1"
            Good:
                keep it optional, or add the mandatory item in a new SRV
            """,
        ),
        _rule(
            "BR107",
            "OCCURRENCE_LOOSENED",
            NON_BREAKING,
            POTENTIALLY,
            """
            minOccurs fell or maxOccurs rose (a mandatory item became optional, a list longer).

            Requests: more is accepted. Responses: receivers must now cope with a missing or repeated item.
            Bad:
                <xs:element name="SwitchTime"/> -> minOccurs="0" in a response type
            Good:
                document the new case for receivers in the release notes
            """,
        ),
        _rule(
            "BR108",
            "FACET_NO_TIGHTEN",
            BREAKING,
            NON_BREAKING,
            """
            A facet was tightened (a lower maxInclusive, a shorter maxLength, fewer digits).

            Request values that were valid are now rejected.
            Bad:
                maxInclusive 48 -> 4
            Good:
                validate the narrower range in the DCC, not the schema, until the next major release
            """,
        ),
        _rule(
            "BR109",
            "FACET_LOOSENED",
            NON_BREAKING,
            POTENTIALLY,
            """
            A facet was loosened (a higher maxInclusive, a longer maxLength, a facet removed).

            Receivers of responses must now accept values their code may not handle.
            Bad:
                maxLength 8 -> 16 in a response type
            Good:
                tell receivers in the release notes
            """,
        ),
        _rule(
            "BR110",
            "FACET_SAME_VALUE",
            POTENTIALLY,
            POTENTIALLY,
            """
            A pattern or another facet changed in a way that neither only narrows nor only widens the value space.

            Some values that were valid are not, and some new ones are.
            Bad:
                pattern [0-9A-F]{16} -> [0-9a-f]{16}
            Good:
                keep the pattern, or accept both cases
            """,
        ),
        _rule(
            "BR111",
            "ELEMENT_REQUIRED_ADDED",
            BREAKING,
            BREAKING,
            """
            A mandatory element or required attribute was added.

            Existing requests lack it; receivers on the old schema reject responses that carry it.
            Bad:
                <xs:element name="CHFSubGHzChannel"/> added, minOccurs 1
            Good:
                add it optional (minOccurs="0")
            """,
        ),
        _rule(
            "BR112",
            "ELEMENT_OPTIONAL_ADDED",
            NON_BREAKING,
            POTENTIALLY,
            """
            An optional element or attribute was added.

            Senders need not change; receivers must now accept an item their schema does not know.
            Bad:
                (no bad form: review that receivers ignore or handle it)
            Good:
                <xs:element name="Connectivity" minOccurs="0"/> announced in the release notes
            """,
        ),
        _rule(
            "BR113",
            "ENUM_VALUE_ADDED",
            NON_BREAKING,
            POTENTIALLY,
            """
            An enumeration value was added (a new response code, alert code or SRV).

            Senders may use it; receivers must now handle a value their code does not map.
            Bad:
                (no bad form: review that receivers handle the new code)
            Good:
                <xs:enumeration value="E71"/> documented in the response-code table
            """,
        ),
        _rule(
            "BR114",
            "CONTENT_MODEL_SAME",
            BREAKING,
            BREAKING,
            """
            A content model changed shape: a compositor (sequence/choice/all) changed, elements were reordered,
            or a group reference was added or removed.

            Instances built in the old shape no longer validate.
            Bad:
                <xs:sequence> -> <xs:choice>, or (A, B) -> (B, A)
            Good:
                keep the shape; add new items at the end, optional
            """,
        ),
        _rule(
            "BR115",
            "TYPE_SAME_DERIVATION",
            BREAKING,
            BREAKING,
            """
            A type's base, derivation, kind (simple/complex) or content kind changed.

            The type accepts different values or content; generated code changes.
            Bad:
                GasThresholdType: restriction of xs:decimal -> restriction of xs:unsignedLong
            Good:
                a new type beside the old one
            """,
        ),
        _rule(
            "BR116",
            "COMPONENT_ADDED",
            NON_BREAKING,
            NON_BREAKING,
            """
            A global element, type, group or attribute was added.

            Nothing existing changes; messages use it only through other changes, which are reported themselves.
            Bad:
                (no bad form)
            Good:
                <xs:complexType name="ECoSAlert"/> added
            """,
        ),
        _rule(
            "BR117",
            "IMPORT_NO_DELETE",
            BREAKING,
            BREAKING,
            """
            A namespace import was removed (an import added is non-breaking).

            Components of that namespace are no longer available to the set.
            Bad:
                <xs:import namespace="http://www.w3.org/2000/09/xmldsig#"/> removed
            Good:
                keep the import while anything references the namespace
            """,
        ),
        _rule(
            "BR118",
            "IMPORT_ADDED",
            NON_BREAKING,
            NON_BREAKING,
            """
            A namespace import was added.

            New components become available; nothing existing changes.
            Bad:
                (no bad form)
            Good:
                <xs:import namespace="..." schemaLocation="..."/>
            """,
        ),
        _rule(
            "BR119",
            "TYPE_WIDENED",
            NON_BREAKING,
            POTENTIALLY,
            """
            An element, attribute or simple type base now has a built-in type that holds every value of the old one.

            Requests stay valid; receivers of responses may get values their code cannot hold (a number larger than
            a short). As a facet loosened (BR109), not a replaced type (BR105).
            Bad:
                DebtRecoveryRateCap xs:unsignedShort -> xs:unsignedInt in a response type, unannounced
            Good:
                the widening announced in the release notes, with the largest value a receiver must now hold
            """,
        ),
        _rule(
            "BR120",
            "TYPE_NARROWED",
            BREAKING,
            NON_BREAKING,
            """
            An element, attribute or simple type base now has a built-in type that holds only some values of the
            old one.

            Request values that were valid are now rejected (a long that no longer fits an int, a token with a space
            that is no xs:NCName). Receivers of responses only see fewer cases.
            Bad:
                AdjustmentAmount xs:long -> xs:int in a request type
            Good:
                keep the wider type and validate the range in the DCC until the next major release
            """,
        ),
        _rule(
            "BR190",
            "ANNOTATION_CHANGED",
            NON_BREAKING,
            NON_BREAKING,
            """
            A comment or documentation changed (listed only with --annotations).

            Nothing that validates changes, but readers of the schema see different text.
            Bad:
                (no bad form)
            Good:
                <!-- SR 2.1 Update Prepay Configuration --> corrected from SR 2.10
            """,
        ),
    )
}

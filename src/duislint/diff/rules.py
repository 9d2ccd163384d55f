"""BRxxx: breaking-change rules of `duislint diff`. Each names what it protects (as buf's do), gives the impact of
such a change on a request (DCC User -> DCC) and on a response or alert (DCC -> DCC User), and describes the
differences it covers (diff.classify); every difference is covered by exactly one rule. A type reached from both
directions takes the stricter impact."""

from __future__ import annotations

from duislint.diff.classify import NOUNS, ChangeKind, Described, Difference, Scope, derivation_text, entry_text
from duislint.rules import Impact, change_rule
from duislint.xsd.compare import Aspect, Delta, Effect, name, texts
from duislint.xsd.flatten import EntryKind

BREAKING, POTENTIALLY, NON_BREAKING = Impact.BREAKING, Impact.POTENTIALLY, Impact.NON_BREAKING
_MEMBERS = (EntryKind.ELEMENT, EntryKind.WILDCARD, EntryKind.ATTRIBUTE)
_PARTICLES = (EntryKind.COMPOSITOR, EntryKind.GROUP_REF, EntryKind.ATTRIBUTE_GROUP_REF)


def _entry(difference: Difference, aspect: Aspect | None = None) -> Delta | None:
    """The entry-level delta of a difference (of one aspect, if given)."""
    delta = difference.delta
    if difference.scope is not Scope.ENTRY or delta is None or (aspect is not None and delta.aspect is not aspect):
        return None
    return delta


def _presence(difference: Difference, effect: Effect, kinds: tuple[EntryKind, ...]) -> Delta | None:
    delta = _entry(difference, Aspect.PRESENCE)
    return delta if delta is not None and delta.effect is effect and delta.kind in kinds else None


def _presence_kind(effect: Effect) -> ChangeKind:
    return "added" if effect is Effect.ADDED else "removed"


def _noun(delta: Delta) -> str:
    return "attribute" if delta.kind is EntryKind.ATTRIBUTE else "element"


def _component_noun(difference: Difference) -> str:
    assert difference.component is not None
    return {"complexType": "type", "simpleType": "type"}.get(difference.component.kind, difference.component.kind)


def _component_text(difference: Difference, kind: ChangeKind) -> Described:
    assert difference.component is not None
    return Described(kind, _component_noun(difference),
                     f"{NOUNS[difference.component.kind]} {difference.subject} {kind}")  # fmt: skip


@change_rule("BR101", "COMPONENT_NO_DELETE", BREAKING, BREAKING)
def component_no_delete(difference: Difference) -> Described | None:
    """
    A global element, type, group or attribute was removed.

    Why:
        Messages and other schemas that use it no longer validate or compile.

    Bad:
        5.3a: <xs:complexType name="DSPWANMatrix"/>     5.4: (gone)

    Good:
        keep it, deprecated in its documentation, until the next major release
    """
    if difference.scope is Scope.COMPONENT and difference.effect is Effect.REMOVED:
        return _component_text(difference, "removed")
    return None


@change_rule("BR102", "ELEMENT_NO_DELETE", BREAKING, BREAKING)
def element_no_delete(difference: Difference) -> Described | None:
    """
    An element (or a wildcard) was removed from a content model.

    Why:
        Senders that still send it are rejected; receivers that expect it find nothing.

    Bad:
        <xs:element name="Connectivity"/> removed from sr:Device

    Good:
        make it optional first, remove it in a later release
    """
    return _member_removed(difference, (EntryKind.ELEMENT, EntryKind.WILDCARD), "element")


def _member_removed(difference: Difference, kinds: tuple[EntryKind, ...], noun: str) -> Described | None:
    delta = _presence(difference, Effect.REMOVED, kinds)
    if delta is None:
        return None
    was = entry_text(delta.entry, difference.names.show)
    return Described("removed", noun, f"{noun} {difference.subject} removed (was {was})")


@change_rule("BR103", "ATTRIBUTE_NO_DELETE", BREAKING, BREAKING)
def attribute_no_delete(difference: Difference) -> Described | None:
    """
    An attribute was removed.

    Why:
        Messages that carry it no longer validate.

    Bad:
        <xs:attribute name="index"/> removed

    Good:
        keep the attribute, optional
    """
    return _member_removed(difference, (EntryKind.ATTRIBUTE,), "attribute")


@change_rule("BR104", "ENUM_VALUE_NO_DELETE", BREAKING, BREAKING)
def enum_value_no_delete(difference: Difference) -> Described | None:
    """
    An enumeration value was removed (a response code such as E64, an alert code, an SRV).

    Why:
        A value that was valid is now rejected; users whose code maps it lose a case without notice.

    Bad:
        <xs:enumeration value="E64"/> removed from sr:ResponseCode

    Good:
        keep the value and document it as withdrawn
    """
    return _enumeration_value(difference, Effect.REMOVED)


def _enumeration_value(difference: Difference, effect: Effect) -> Described | None:
    delta = _presence(difference, effect, (EntryKind.ENUMERATION,))
    if delta is None:
        return None
    where = difference.subject.rsplit("=", 1)[0]
    kind = _presence_kind(effect)
    return Described(kind, "enumeration value", f"value {delta.entry.value} {kind} {'to' if kind == 'added' else 'from'} "
                                                f"{where}")  # fmt: skip


@change_rule("BR105", "ELEMENT_SAME_TYPE", BREAKING, BREAKING)
def element_same_type(difference: Difference) -> Described | None:
    """
    An element or attribute now has another type.

    Why:
        Values valid under the old type may be invalid under the new one, and generated code changes shape.

    Bad:
        DebtRecoveryRate: xs:short -> xs:integer

    Good:
        a new element of the new type beside the old one
    """
    delta = _entry(difference, Aspect.TYPE)
    if delta is None or delta.effect is not Effect.CHANGED:
        return None
    return _type_change(difference, delta)


def _type_change(difference: Difference, delta: Delta) -> Described:
    names = difference.names
    noun = "element" if delta.kind is EntryKind.DERIVATION else _noun(delta)
    old, new = name(delta.old), name(delta.new)
    shown_new = names.show_new(new) if delta.kind is not EntryKind.DERIVATION else names.show(new)
    return Described("changed", noun, f"{difference.subject} type {names.show(old)} -> {shown_new}")


@change_rule("BR106", "OCCURRENCE_NO_TIGHTEN", BREAKING, NON_BREAKING)
def occurrence_no_tighten(difference: Difference) -> Described | None:
    """
    minOccurs rose or maxOccurs fell (an optional request item became mandatory, an attribute became required, an
    element no longer nillable).

    Why:
        Requests that were valid are now rejected. Receivers of responses see fewer cases: harmless.

    Bad:
        <xs:element name="ScheduleEndDate" minOccurs="0"/> -> minOccurs="1"

    Good:
        keep it optional, or add the mandatory item in a new SRV
    """
    delta = _entry(difference)
    if delta is None or delta.effect not in (Effect.TIGHTENED, Effect.CHANGED):
        return None
    if delta.aspect in (Aspect.OCCURS, Aspect.USE, Aspect.NILLABLE):
        return _occurrence(difference, delta)
    return None


def _occurrence(difference: Difference, delta: Delta) -> Described:
    subject = difference.subject
    if delta.aspect is Aspect.USE:
        return Described("changed", "occurrence", f"{subject} use {delta.old} -> {delta.new}")
    if delta.aspect is Aspect.NILLABLE:
        return Described("changed", "occurrence", f"{subject} nillable {delta.old} -> {delta.new}")
    if delta.kind is EntryKind.COMPOSITOR:
        compositor = delta.entry.compositor
        return Described("changed", "occurrence", f"{compositor} of {subject} occurs {delta.old} -> {delta.new}")
    if delta.kind is EntryKind.GROUP_REF:
        return Described("changed", "occurrence", f"group reference {subject} occurs {delta.old} -> {delta.new}")
    return Described("changed", "occurrence", f"{subject} occurs {delta.old} -> {delta.new}")


@change_rule("BR107", "OCCURRENCE_LOOSENED", NON_BREAKING, POTENTIALLY)
def occurrence_loosened(difference: Difference) -> Described | None:
    """
    minOccurs fell or maxOccurs rose (a mandatory item became optional, a list longer, an element nillable).

    Why:
        Requests: more is accepted. Responses: receivers must now cope with a missing or repeated item.

    Bad:
        <xs:element name="SwitchTime"/> -> minOccurs="0" in a response type

    Good:
        document the new case for receivers in the release notes
    """
    delta = _entry(difference)
    if delta is None or delta.effect is not Effect.LOOSENED:
        return None
    if delta.aspect in (Aspect.OCCURS, Aspect.USE, Aspect.NILLABLE):
        return _occurrence(difference, delta)
    return None


@change_rule("BR108", "FACET_NO_TIGHTEN", BREAKING, NON_BREAKING)
def facet_no_tighten(difference: Difference) -> Described | None:
    """
    A facet was tightened (a lower maxInclusive, a shorter maxLength, fewer digits, a pattern or a fixed value
    added).

    Why:
        Request values that were valid are now rejected.

    Bad:
        maxInclusive 48 -> 4

    Good:
        validate the narrower range in the DCC, not the schema, until the next major release
    """
    return _facet(difference, Effect.TIGHTENED, Effect.ADDED)


def _facet(difference: Difference, effect: Effect, presence: Effect) -> Described | None:
    delta = _entry(difference)
    if delta is None:
        return None
    subject = difference.subject
    if delta.aspect is Aspect.PRESENCE and delta.kind is EntryKind.FACET and delta.effect is presence:
        kind = _presence_kind(presence)
        return Described(kind, "facet", f"{subject} {delta.entry.value} {kind}")
    if delta.effect is not effect:
        return None
    if delta.aspect is Aspect.FACET:
        return Described("changed", "facet", f"{subject} {delta.old} -> {delta.new}")
    if delta.aspect is Aspect.FIXED:
        return Described("changed", "facet", f"{subject} fixed {delta.old} -> {delta.new}")
    if delta.aspect is Aspect.PATTERNS:
        return _patterns(difference, delta)
    return None


def _patterns(difference: Difference, delta: Delta) -> Described:
    before = " | ".join(texts(delta.old)) or "(none)"
    after = " | ".join(texts(delta.new)) or "(none)"
    kind: ChangeKind = "removed" if delta.effect is Effect.LOOSENED else (
        "added" if delta.effect is Effect.TIGHTENED else "changed")
    return Described(kind, "facet", f"{difference.subject} {before} -> {after}")


@change_rule("BR109", "FACET_LOOSENED", NON_BREAKING, POTENTIALLY)
def facet_loosened(difference: Difference) -> Described | None:
    """
    A facet was loosened (a higher maxInclusive, a longer maxLength, a facet, pattern or fixed value removed).

    Why:
        Receivers of responses must now accept values their code may not handle.

    Bad:
        maxLength 8 -> 16 in a response type

    Good:
        tell receivers in the release notes
    """
    return _facet(difference, Effect.LOOSENED, Effect.REMOVED)


@change_rule("BR110", "FACET_SAME_VALUE", POTENTIALLY, POTENTIALLY)
def facet_same_value(difference: Difference) -> Described | None:
    """
    A pattern, a fixed or default value or another facet changed in a way that neither only narrows nor only
    widens the value space.

    Why:
        Some values that were valid are not, and some new ones are.

    Bad:
        pattern [0-9A-F]{16} -> [0-9a-f]{16}

    Good:
        keep the pattern, or accept both cases
    """
    delta = _entry(difference)
    if delta is None or delta.effect is not Effect.CHANGED:
        return None
    if delta.aspect is Aspect.DEFAULT:
        return Described("changed", "facet", f"{difference.subject} default {delta.old} -> {delta.new}")
    if delta.aspect in (Aspect.FACET, Aspect.FIXED, Aspect.PATTERNS):
        return _facet(difference, Effect.CHANGED, Effect.CHANGED)
    return None


@change_rule("BR111", "ELEMENT_REQUIRED_ADDED", BREAKING, BREAKING)
def element_required_added(difference: Difference) -> Described | None:
    """
    A mandatory element or required attribute was added.

    Why:
        Existing requests lack it; receivers on the old schema reject responses that carry it.

    Bad:
        <xs:element name="CHFSubGHzChannel"/> added, minOccurs 1

    Good:
        add it optional (minOccurs="0")
    """
    delta = _presence(difference, Effect.ADDED, _MEMBERS)
    return _added(difference, delta) if delta is not None and delta.entry.required else None


def _added(difference: Difference, delta: Delta) -> Described:
    entry = delta.entry
    noun = _noun(delta)
    text = entry_text(entry, difference.names.show)
    if entry.conditional and (entry.occurs is None or entry.occurs.low >= 1):
        # neither required nor optional: it may be left out, but where its choice or group is taken it must be there
        return Described("added", noun, f"{noun} {difference.subject} added ({text})")
    what = "required" if entry.required else "optional"
    return Described("added", noun, f"{what} {noun} {difference.subject} added ({text})")


@change_rule("BR112", "ELEMENT_OPTIONAL_ADDED", NON_BREAKING, POTENTIALLY)
def element_optional_added(difference: Difference) -> Described | None:
    """
    An optional element or attribute was added.

    Why:
        Senders need not change; receivers must now accept an item their schema does not know.

    Bad:
        (no bad form: review that receivers ignore or handle it)

    Good:
        <xs:element name="Connectivity" minOccurs="0"/> announced in the release notes
    """
    delta = _presence(difference, Effect.ADDED, _MEMBERS)
    return _added(difference, delta) if delta is not None and not delta.entry.required else None


@change_rule("BR113", "ENUM_VALUE_ADDED", NON_BREAKING, POTENTIALLY)
def enum_value_added(difference: Difference) -> Described | None:
    """
    An enumeration value was added (a new response code, alert code or SRV).

    Why:
        Senders may use it; receivers must now handle a value their code does not map.

    Bad:
        (no bad form: review that receivers handle the new code)

    Good:
        <xs:enumeration value="E71"/> documented in the response-code table
    """
    return _enumeration_value(difference, Effect.ADDED)


@change_rule("BR114", "CONTENT_MODEL_SAME", BREAKING, BREAKING)
def content_model_same(difference: Difference) -> Described | None:
    """
    A content model changed shape: a compositor (sequence/choice/all) changed, elements were reordered,
    a group reference was added or removed, or a wildcard admits other namespaces or is processed otherwise.

    Why:
        Instances built in the old shape no longer validate.

    Bad:
        <xs:sequence> -> <xs:choice>, or (A, B) -> (B, A)

    Good:
        keep the shape; add new items at the end, optional
    """
    delta = _entry(difference)
    if delta is None:
        return None
    subject = difference.subject
    if delta.aspect is Aspect.PRESENCE and delta.kind in _PARTICLES:
        what = {EntryKind.COMPOSITOR: "content model", EntryKind.GROUP_REF: "group reference",
                EntryKind.ATTRIBUTE_GROUP_REF: "attribute group reference"}[delta.kind]  # fmt: skip
        kind = _presence_kind(delta.effect)
        return Described(kind, "content model", f"{what} in {subject} {kind}")
    if delta.aspect is Aspect.COMPOSITOR:
        return Described("changed", "content model", f"content model of {subject}: {delta.old} -> {delta.new}")
    if delta.aspect is Aspect.WILDCARD:
        return Described("changed", "content model", f"wildcard {subject}: {delta.old} -> {delta.new}")
    if delta.aspect is Aspect.ORDER:
        before, after = ", ".join(texts(delta.old)), ", ".join(texts(delta.new))
        return Described("changed", "content model", f"elements of {subject} reordered: {before} -> {after}")
    return None


@change_rule("BR115", "TYPE_SAME_DERIVATION", BREAKING, BREAKING)
def type_same_derivation(difference: Difference) -> Described | None:
    """
    A type's base, derivation, kind (simple/complex) or content kind changed.

    Why:
        The type accepts different values or content; generated code changes.

    Bad:
        GasThresholdType: restriction of xs:decimal -> restriction of xs:unsignedLong

    Good:
        a new type beside the old one
    """
    if difference.scope is Scope.COMPONENT_KIND:
        before, after = (NOUNS[k] for k in difference.kinds)
        return Described("changed", "type", f"{difference.subject} changed from {before} to {after}")
    delta = _entry(difference)
    if delta is None or delta.kind is not EntryKind.DERIVATION:
        return None
    if delta.aspect is Aspect.DERIVATION or (delta.aspect is Aspect.BASE and delta.effect is Effect.CHANGED):
        show = difference.names.show
        return Described("changed", "type", f"{difference.subject}: {derivation_text(delta.before, show)} -> "
                                            f"{derivation_text(delta.after, show)}")  # fmt: skip
    if delta.aspect is Aspect.PRESENCE:
        show = difference.names.show
        return Described("changed", "type", f"{difference.subject}: {derivation_text(delta.before, show)} -> "
                                            f"{derivation_text(delta.after, show)}")  # fmt: skip
    return None


@change_rule("BR116", "COMPONENT_ADDED", NON_BREAKING, NON_BREAKING)
def component_added(difference: Difference) -> Described | None:
    """
    A global element, type, group or attribute was added.

    Why:
        Nothing existing changes; messages use it only through other changes, which are reported themselves.

    Bad:
        (no bad form)

    Good:
        <xs:complexType name="ECoSAlert"/> added
    """
    if difference.scope is Scope.COMPONENT and difference.effect is Effect.ADDED:
        return _component_text(difference, "added")
    return None


@change_rule("BR117", "IMPORT_NO_DELETE", BREAKING, BREAKING)
def import_no_delete(difference: Difference) -> Described | None:
    """
    A namespace import was removed (an import added is non-breaking).

    Why:
        Components of that namespace are no longer available to the set.

    Bad:
        <xs:import namespace="http://www.w3.org/2000/09/xmldsig#"/> removed

    Good:
        keep the import while anything references the namespace
    """
    if difference.scope is Scope.IMPORT and difference.effect is Effect.REMOVED:
        return Described("removed", "import", f"import of {difference.text} removed")
    return None


@change_rule("BR118", "IMPORT_ADDED", NON_BREAKING, NON_BREAKING)
def import_added(difference: Difference) -> Described | None:
    """
    A namespace import was added.

    Why:
        New components become available; nothing existing changes.

    Bad:
        (no bad form)

    Good:
        <xs:import namespace="..." schemaLocation="..."/>
    """
    if difference.scope is Scope.IMPORT and difference.effect is Effect.ADDED:
        return Described("added", "import", f"import of {difference.text} added")
    return None


@change_rule("BR119", "TYPE_WIDENED", NON_BREAKING, POTENTIALLY)
def type_widened(difference: Difference) -> Described | None:
    """
    An element, attribute or simple type base now has a built-in type that holds every value of the old one.

    Why:
        Requests stay valid; receivers of responses may get values their code cannot hold (a number larger than
        a short). As a facet loosened (BR109), not a replaced type (BR105).

    Bad:
        DebtRecoveryRateCap xs:unsignedShort -> xs:unsignedInt in a response type, unannounced

    Good:
        the widening announced in the release notes, with the largest value a receiver must now hold
    """
    return _built_in(difference, Effect.LOOSENED)


def _built_in(difference: Difference, effect: Effect) -> Described | None:
    delta = _entry(difference)
    if delta is None or delta.effect is not effect:
        return None
    if delta.aspect is Aspect.TYPE:
        return _type_change(difference, delta)
    if delta.aspect is Aspect.BASE:
        names = difference.names
        old, new = names.show(name(delta.old)), names.show(name(delta.new))
        return Described("changed", "type", f"{difference.subject} base {old} -> {new}")
    return None


@change_rule("BR120", "TYPE_NARROWED", BREAKING, NON_BREAKING)
def type_narrowed(difference: Difference) -> Described | None:
    """
    An element, attribute or simple type base now has a built-in type that holds only some values of the
    old one.

    Why:
        Request values that were valid are now rejected (a long that no longer fits an int, a token with a space
        that is no xs:NCName). Receivers of responses only see fewer cases.

    Bad:
        AdjustmentAmount xs:long -> xs:int in a request type

    Good:
        keep the wider type and validate the range in the DCC until the next major release
    """
    return _built_in(difference, Effect.TIGHTENED)


@change_rule("BR190", "ANNOTATION_CHANGED", NON_BREAKING, NON_BREAKING)
def annotation_changed(difference: Difference) -> Described | None:
    """
    A comment or documentation changed (listed only with --annotations).

    Why:
        Nothing that validates changes, but readers of the schema see different text.

    Bad:
        (no bad form)

    Good:
        <!-- SR 2.1 Update Prepay Configuration --> corrected from SR 2.10
    """
    if difference.scope is Scope.ANNOTATION:
        kind = _presence_kind(difference.effect)
        return Described(kind, "annotation", f"{difference.text} {kind}")
    return None

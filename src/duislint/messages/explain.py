"""libxml2's schema-validation messages, said as a DUIS user reads them.

libxml2 writes names in Clark notation ({http://...}ServiceReference), quotes every value of an enumeration and the
whole of a pattern. Each message has the shape "Element '{ns}name'[, attribute 'a']: <what>"; `explain` reads the
element, the attribute and the kind of <what>, and says it with prefixed names (sr:ServiceReference), a short list
of values, a shortened pattern, and a suggestion where one value is clearly meant. What the schema expected is kept
in full beside the text. A message of a shape not known here keeps libxml2's words, with names prefixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping

from duislint import duis
from duislint.suggest import NAME_CUTOFF, closest

# How much of a list or a pattern a message shows (the full expectation is kept apart)
SHOWN_VALUES = 5
SHOWN_CHARACTERS = 60
# libxml2 names at most this many of the elements it expected (the DUIS Body choice of some 130 gets 10)
LIBXML2_EXPECTED_CAP = 10

# DUIS code lists by the element that carries them: a user calls a value by what it is, not "an element of a set"
CODE_LIST_TERMS = {
    duis.SERVICE_REFERENCE: "a Service Reference",
    duis.SERVICE_REFERENCE_VARIANT: "a Service Reference Variant",
    duis.RESPONSE_CODE: "a response code",
    duis.ALERT_CODE_ELEMENT: "a DCC Alert code",
}
DUIS_NAMESPACES = frozenset({duis.SR_NS, duis.RA_NS})

# what a value of the common built-in types looks like, for the types DUIS uses most
BUILTIN_HINTS = {
    "xs:dateTime": "a date and time such as 2024-06-30T23:59:59Z",
    "xs:date": "a date such as 2024-06-30",
    "xs:time": "a time such as 23:59:59",
    "xs:boolean": "true, false, 1 or 0",
    "xs:integer": "a whole number",
    "xs:int": "a whole number",
    "xs:long": "a whole number",
    "xs:short": "a whole number",
    "xs:byte": "a whole number",
    "xs:positiveInteger": "a whole number of 1 or more",
    "xs:nonNegativeInteger": "a whole number of 0 or more",
    "xs:unsignedInt": "a whole number of 0 or more",
    "xs:unsignedLong": "a whole number of 0 or more",
    "xs:unsignedShort": "a whole number of 0 or more",
    "xs:unsignedByte": "a whole number from 0 to 255",
    "xs:decimal": "a decimal number such as 12.5",
    "xs:hexBinary": "an even number of hexadecimal digits",
    "xs:base64Binary": "Base64 text",
}

Show = Callable[[str], str]  # a name as libxml2 writes it ({ns}local or local) -> as reports write it (sr:local)


@dataclass(frozen=True, slots=True)
class Explained:
    """A validation error as a user reads it: the text, what the schema expected in full where the text lists or
    quotes it (every allowed value, the whole pattern, each allowed element, the fixed value) and a value or
    element clearly meant instead."""

    text: str
    expected: tuple[str, ...] = ()
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class _Said:
    """The parts of a message every shape reads: who it is about (sr:Device/@index), the element alone, and the
    element's namespace and local name (for the DUIS code lists)."""

    subject: str
    element: str
    namespace: str
    local: str
    attribute: str | None
    show: Show


_HEAD = re.compile(r"^Element '(?P<element>[^']*)'(?:, attribute '(?P<attribute>[^']*)')?: (?P<rest>.*)$", re.DOTALL)
_CLARK = re.compile(r"\{(?P<ns>[^{}'\s]*:[^{}'\s]*)\}(?P<local>[A-Za-z_][\w.\-]*)")


def explain(raw: str, show: Show, at: str | None = None, entity: str | None = None) -> Explained:
    """What one libxml2 validation message says. `at` is the element the error is at (shown), for a message that
    names none; `entity` the entity reference in it, where libxml2 stopped at one."""
    message = " ".join(raw.split())
    head = _HEAD.match(message)
    if head is None:
        return _headless(message, show, at or "the message", entity)
    namespace, local = split_clark(head["element"])
    element = show(head["element"])
    attribute = show(head["attribute"]) if head["attribute"] is not None else None
    subject = f"{element}/@{attribute}" if attribute else element
    said = _Said(subject, element, namespace, local, attribute, show)
    rest = head["rest"]
    for pattern, shape in _SHAPES:
        match = pattern.match(rest)
        if match:
            return shape(said, match)
    if rest.startswith("Internal error"):
        return _internal(element, rest, show, entity)
    return Explained(f"{subject}: {prefixed(rest, show)}")


def split_clark(name: str) -> tuple[str, str]:
    if name.startswith("{") and "}" in name:
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def shower(prefixes: Mapping[str, str]) -> Show:
    """A Show that writes {ns}local with the prefix `prefixes` gives ns, and keeps Clark notation for the rest."""

    def show(name: str) -> str:
        namespace, local = split_clark(name)
        if not namespace:
            return name
        prefix = prefixes.get(namespace)
        return f"{prefix}:{local}" if prefix else name

    return show


def prefixed(text: str, show: Show) -> str:
    """Every Clark name in a text written with its prefix ({http://...}Body -> sr:Body). A pattern's {2} or {0,18}
    names no namespace (a namespace name is a URI: it holds a colon)."""
    return _CLARK.sub(lambda m: show(m.group(0)), text)


def shortened(values: tuple[str, ...], shown: int = SHOWN_VALUES) -> str:
    """'a, b, c' or, for a long list, its first few and how many more."""
    if len(values) <= shown + 1:  # "… and 1 more" says no less than the value itself
        return ", ".join(values)
    return f"{', '.join(values[:shown])} … and {len(values) - shown} more"


def quoted(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """A value or pattern in quotes, cut to `limit` characters with an ellipsis."""
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def unique_closest(word: str, candidates: tuple[str, ...]) -> str | None:
    """The candidate most like `word`, if it is alike enough (suggest.NAME_CUTOFF) and no other is as alike: a
    tie is a guess, and no suggestion."""
    import difflib  # here: only a message with a near miss pays for it

    best = closest(word, candidates, NAME_CUTOFF)
    if best is None:
        return None
    ratio = difflib.SequenceMatcher(None, best, word).ratio()
    rivals = [c for c in set(candidates) if c != best and difflib.SequenceMatcher(None, c, word).ratio() == ratio]
    return None if rivals else best


def leading_value(value: str, candidates: tuple[str, ...]) -> str | None:
    """The longest candidate the value starts with, up to a separator: a Service Reference Variant or a value
    written twice where its Service Reference is meant ('4.4.5' -> '4.4', '11.2.11.2' -> '11.2')."""
    starts = [c for c in candidates if c and len(value) > len(c) and value.startswith(c) and value[len(c)] in ".-_ "]
    return max(starts, key=len) if starts else None


# --- the shapes -------------------------------------------------------------------------------------------------


def _enumeration(said: _Said, m: re.Match[str]) -> Explained:
    values = _set_values(m["set"])
    value = f"{said.subject} {quoted(m['value'])}"
    term = CODE_LIST_TERMS.get(said.local) if said.namespace in DUIS_NAMESPACES and not said.attribute else None
    if term:
        text = f"{value} is not {term} of this schema, which lists {len(values)}: {shortened(values)}"
    elif len(values) == 1:
        text = f"{value} is not its only allowed value, {values[0]}"
    else:
        text = f"{value} is not one of its {len(values)} allowed values: {shortened(values)}"
    return Explained(text, values, leading_value(m["value"], values) or unique_closest(m["value"], values))


def _set_values(text: str) -> tuple[str, ...]:
    """The values of libxml2's {'a', 'b'}: quoted, comma-separated, a quote inside a value not escaped."""
    text = text.strip()
    if len(text) < 2 or not (text.startswith("'") and text.endswith("'")):
        return (text,) if text else ()
    return tuple(text[1:-1].split("', '"))


def _pattern(said: _Said, m: re.Match[str]) -> Explained:
    pattern = m["pattern"]
    long = f"{len(pattern)}-character " if len(pattern) > SHOWN_CHARACTERS else ""
    return Explained(
        f"{said.subject} {quoted(m['value'])} does not match its {long}pattern {quoted(pattern)}", (pattern,)
    )


_LENGTH_SAID = {
    "length": "not the {limit} its type requires",
    "maxLength": "more than its maximum length of {limit}",
    "minLength": "less than its minimum length of {limit}",
}


def _length(said: _Said, m: re.Match[str]) -> Explained:
    value = f" {quoted(m['value'])}" if m["value"] is not None else ""
    limit = _LENGTH_SAID[m["facet"]].format(limit=m["limit"])
    return Explained(f"{said.subject}{value} has a length of {m['actual']}, {limit}")


_BOUND_SAID = {
    "minInclusive": "is less than its minimum of {limit}",
    "maxInclusive": "is greater than its maximum of {limit}",
    "minExclusive": "must be greater than {limit}",
    "maxExclusive": "must be less than {limit}",
    "totalDigits": "has more than the {limit} digits allowed",
    "fractionDigits": "has more than the {limit} digits allowed after the decimal point",
}


def _bound(said: _Said, m: re.Match[str]) -> Explained:
    limit = _BOUND_SAID[m["facet"]].format(limit=m["limit"])
    return Explained(f"{said.subject} {quoted(m['value'])} {limit}")


def _other_facet(said: _Said, m: re.Match[str]) -> Explained:
    return Explained(f"{said.subject} breaks its {m['facet']} facet: {prefixed(m['detail'], said.show)}")


def _datatype(said: _Said, m: re.Match[str]) -> Explained:
    value = quoted(m["value"])
    variety = m["variety"]
    if m["type"] is None:  # a type declared inside the element or attribute: no name to give
        what = {"atomic": "a valid value of its type", "list": "a valid list of its type",
                "union": "a value of any member type of its union type"}[variety]  # fmt: skip
        return Explained(f"{said.subject} {value} is not {what}")
    type_name = said.show(m["type"])
    if variety == "list":
        return Explained(f"{said.subject} {value} is not a valid list of {type_name}")
    if variety == "union":
        return Explained(f"{said.subject} {value} is not a value of any member type of {type_name}")
    hint = BUILTIN_HINTS.get(type_name)
    return Explained(f"{said.subject} {value} is not a valid {type_name}" + (f"; expected {hint}" if hint else ""))


def _expected_items(text: str, show: Show) -> tuple[str, ...]:
    return tuple(_wildcard(item.strip(), show) for item in text.split(",") if item.strip())


def _wildcard(item: str, show: Show) -> str:
    """libxml2's wildcards: * (any element), {ns}* (any element of ns), ##other{ns}* (any element not of ns)."""
    if item == "*":
        return "any element"
    other = item.startswith("##other")
    body = item.removeprefix("##other")
    if body.startswith("{") and body.endswith("}*"):
        where = show(body).removesuffix("*")  # sr: or, for a namespace with no prefix, {urn:x}
        return f"any element not in {where}" if other else f"any {where} element"
    return show(item)


def _one_or_many(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return items[0]
    if len(items) >= LIBXML2_EXPECTED_CAP:  # libxml2 names no more than that: there may be others
        return f"one of at least {len(items)}: {shortened(items)}"
    return f"one of {shortened(items)}"


def _not_expected(said: _Said, m: re.Match[str]) -> Explained:
    items = _expected_items(m["list"], said.show)
    return Explained(f"{said.subject} is not allowed here; expected {_one_or_many(items)}", items,
                     _meant_element(said, items))  # fmt: skip


def _meant_element(said: _Said, items: tuple[str, ...]) -> str | None:
    """The expected element this one stands for: the same name in another namespace, or a near miss of its name
    (compared without prefixes, which would make any two short names alike)."""
    by_local = {item.rpartition(":")[2].rpartition("}")[2]: item for item in items if not item.startswith("any ")}
    if said.local in by_local and by_local[said.local] != said.element:
        return by_local[said.local]
    meant = unique_closest(said.local, tuple(by_local))
    return by_local[meant] if meant is not None else None


def _nothing_expected(said: _Said, m: re.Match[str]) -> Explained:
    del m
    return Explained(f"{said.subject} is not allowed here: its parent allows no further element at this point")


def _missing_child(said: _Said, m: re.Match[str]) -> Explained:
    items = _expected_items(m["list"], said.show)
    if len(items) == 1:
        return Explained(f"{said.subject} is missing its child element {items[0]}", items)
    return Explained(f"{said.subject} is missing a child element: {_one_or_many(items)}", items)


def _attribute_not_allowed(said: _Said, m: re.Match[str]) -> Explained:
    return Explained(f"{said.element} has the attribute {said.show(m['name'])}, which its type does not allow")


def _attribute_missing(said: _Said, m: re.Match[str]) -> Explained:
    return Explained(f"{said.element} is missing its required attribute {said.show(m['name'])}")


def _fixed(said: _Said, m: re.Match[str]) -> Explained:
    fixed = m["fixed"]
    return Explained(f"{said.subject} {quoted(m['value'])} is not its fixed value {quoted(fixed)}", (fixed,), fixed)


def _states(text: str) -> Callable[[_Said, re.Match[str]], Explained]:
    """A shape whose message needs nothing from the match: `text` follows the subject."""

    def shape(said: _Said, m: re.Match[str]) -> Explained:
        del m
        return Explained(f"{said.subject} {text}")

    return shape


def _identity(said: _Said, m: re.Match[str]) -> Explained:
    return Explained(f"{said.subject} repeats {m['key']}, which its {m['kind']} constraint "
                     f"{said.show(m['name'])} allows once")  # fmt: skip


def _keyref(said: _Said, m: re.Match[str]) -> Explained:
    return Explained(f"{said.subject} refers to {m['key']}, which no element holds under the key of "
                     f"{said.show(m['name'])}")  # fmt: skip


def _internal(element: str, rest: str, show: Show, entity: str | None) -> Explained:
    if "entity reference" in rest:
        named = f" &{entity};" if entity else ""
        return Explained(
            f"{element} holds the entity reference{named}, which duislint never expands, and libxml2 cannot "
            "validate a tree that holds one: validation stopped here and the rest of the message was not checked"
        )
    reason = prefixed(rest.removeprefix("Internal error: "), show).rstrip(".")
    return Explained(f"libxml2 stopped validating at {element} with an internal error ({reason}): the rest of "
                     "the message was not checked")  # fmt: skip


def _headless(message: str, show: Show, at: str, entity: str | None) -> Explained:
    if message.startswith("Internal error"):
        return _internal(at, message, show, entity)
    return Explained(prefixed(message, show))


_VALUE = r"'(?P<value>.*?)'"
_SHAPES: tuple[tuple[re.Pattern[str], Callable[[_Said, re.Match[str]], Explained]], ...] = tuple(
    (re.compile(pattern + r"$", re.DOTALL), shape)
    for pattern, shape in (
        (rf"\[facet 'enumeration'\] The value {_VALUE} is not an element of the set \{{(?P<set>.*)\}}\.", _enumeration),
        (rf"\[facet 'pattern'\] The value {_VALUE} is not accepted by the pattern '(?P<pattern>.*)'\.", _pattern),
        (
            r"\[facet '(?P<facet>length|minLength|maxLength)'\] The value (?:'(?P<value>.*?)' )?has a length of "
            r"'(?P<actual>\d+)'; this (?:differs from|exceeds|underruns) the allowed (?:maximum |minimum )?length of "
            r"'(?P<limit>\d+)'\.",
            _length,
        ),
        (
            rf"\[facet '(?P<facet>minInclusive)'\] The value {_VALUE} is less than the minimum value allowed "
            r"\('(?P<limit>.*)'\)\.",
            _bound,
        ),
        (
            rf"\[facet '(?P<facet>maxInclusive)'\] The value {_VALUE} is greater than the maximum value allowed "
            r"\('(?P<limit>.*)'\)\.",
            _bound,
        ),
        (rf"\[facet '(?P<facet>minExclusive)'\] The value {_VALUE} must be greater than '(?P<limit>.*)'\.", _bound),
        (rf"\[facet '(?P<facet>maxExclusive)'\] The value {_VALUE} must be less than '(?P<limit>.*)'\.", _bound),
        (
            rf"\[facet '(?P<facet>totalDigits)'\] The value {_VALUE} has more digits than are allowed "
            r"\('(?P<limit>\d+)'\)\.",
            _bound,
        ),
        (
            rf"\[facet '(?P<facet>fractionDigits)'\] The value {_VALUE} has more fractional digits than are allowed "
            r"\('(?P<limit>\d+)'\)\.",
            _bound,
        ),
        (r"\[facet '(?P<facet>\w+)'\] (?P<detail>.*)", _other_facet),
        (
            rf"{_VALUE} is not a valid value of the (?:local )?(?P<variety>atomic|list|union) type"
            r"(?: '(?P<type>[^']*)')?\.",
            _datatype,
        ),
        (r"This element is not expected\. Expected is (?:one of )?\( (?P<list>.*) \)\.", _not_expected),
        (r"This element is not expected\.", _nothing_expected),
        (r"Missing child element\(s\)\. Expected is (?:one of )?\( (?P<list>.*) \)\.", _missing_child),
        (r"The attribute '(?P<name>[^']*)' is not allowed\.", _attribute_not_allowed),
        (r"The attribute '(?P<name>[^']*)' is required but missing\.", _attribute_missing),
        (rf"The actual value {_VALUE} does not match the fixed value constraint '(?P<fixed>.*)'\.", _fixed),
        (r"The element is not 'nillable'\.", _states('has xsi:nil="true", but its declaration is not nillable')),
        (
            r"Character content other than whitespace is not allowed because the content type is 'element-only'\.",
            _states("holds text, but its type allows only child elements"),
        ),
        (
            r"Character content is not allowed, because the content type is empty\.",
            _states("holds text, but its type requires it to be empty"),
        ),
        (
            r"Element content is not allowed, because the content type is empty\.",
            _states("holds child elements, but its type requires it to be empty"),
        ),
        (
            r"Element content is not allowed, because the (?:type definition|content type) is (?:a )?simple.*",
            _states("holds child elements, but its type allows only a value"),
        ),
        (
            r"No matching global declaration available for the validation root\.",
            _states("is not a root element of this schema: no document of the set declares it globally"),
        ),
        (
            r"No matching global element declaration available, but demanded by the strict wildcard\.",
            _states(
                "is declared by no document of the set, and the strict wildcard (xs:any) it stands in takes only "
                "declared elements"
            ),
        ),
        (
            r"Duplicate key-sequence (?P<key>\[.*\]) in (?P<kind>unique|key) identity-constraint '(?P<name>[^']*)'\.",
            _identity,
        ),
        (r"No match found for key-sequence (?P<key>\[.*\]) of keyref '(?P<name>[^']*)'\.", _keyref),
        (
            r"Warning: No precomputed value available, the value was either invalid or something strange happened\.",
            _states("has no valid value to check its identity constraint with"),
        ),
    )
)

"""The value spaces of XSD 1.0 simple types, compared by the texts a validator accepts (XML Schema Part 2).

A simple type becomes a ValueSpace: the union of its members, each an atomic restriction of a built-in (its facets
gathered from every derivation step) or a list. Two spaces are compared as the sets of element or attribute texts
that validate, because `duislint diff` calls a change breaking only when a message valid before is invalid after:
whitespace is normalised first (so " A " is a valid xs:token "A" but not a valid xs:string "A"), then the lexical
space, patterns and value facets apply.

Two ways decide an inclusion. Numbers, dates and times without patterns are compared by their values (ranges,
digits, enumerations): the witness of a narrowed range is its bound. Everything else becomes automata over the
normalised text (built-in lexical spaces, patterns, enumerations as their lexical forms, integer ranges), with
lengths kept aside as numbers; the witness is the shortest text in one and not the other. Every witness is checked
against both sides before it is reported; what neither way can settle raises Undecidable, never a guess.
"""

from __future__ import annotations

import functools
import re
import struct
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, DecimalException, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from duislint.semantics import Relation, Undecidable
from duislint.xsd.builtins import INTEGER_RANGES
from duislint.xsd.model import XS, QName, SchemaModel

if TYPE_CHECKING:
    from duislint.xsd.components import TypeDef


class Whitespace(Enum):
    PRESERVE = "preserve"
    REPLACE = "replace"
    COLLAPSE = "collapse"


class Primitive(Enum):
    STRING = "string"
    BOOLEAN = "boolean"
    DECIMAL = "decimal"
    FLOAT = "float"
    DOUBLE = "double"
    DURATION = "duration"
    DATETIME = "dateTime"
    TIME = "time"
    DATE = "date"
    GYEARMONTH = "gYearMonth"
    GYEAR = "gYear"
    GMONTHDAY = "gMonthDay"
    GDAY = "gDay"
    GMONTH = "gMonth"
    HEXBINARY = "hexBinary"
    BASE64BINARY = "base64Binary"
    ANYURI = "anyURI"
    QNAME = "QName"
    NOTATION = "NOTATION"


_DATES = frozenset(
    {Primitive.DATETIME, Primitive.TIME, Primitive.DATE, Primitive.GYEARMONTH, Primitive.GYEAR, Primitive.GMONTHDAY}
    | {Primitive.GDAY, Primitive.GMONTH}
)
_NUMBERS = frozenset({Primitive.DECIMAL, Primitive.FLOAT, Primitive.DOUBLE})
_TEXTUAL = frozenset({Primitive.STRING, Primitive.ANYURI})  # the value is the normalised text itself

_YEAR = r"-?([1-9][0-9]{3,}|0([1-9][0-9]{2}|0[1-9][0-9]|00[1-9]))"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_TZ = r"(Z|[+\-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_CLOCK = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_SECONDS = r"([0-9]+(\.[0-9]*)?|\.[0-9]+)S"
_NCNAME = r"[\i-[:]][\c-[:]]*"
_DECIMAL = r"[+\-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_INTEGER = r"[+\-]?[0-9]+"
_B64 = r"[A-Za-z0-9+/]"
# lexical spaces of the primitives (over the normalised text); None: any text
_LEXICAL: dict[Primitive, str | None] = {
    Primitive.STRING: None,
    Primitive.BOOLEAN: "true|false|1|0",
    Primitive.DECIMAL: _DECIMAL,
    Primitive.FLOAT: _DECIMAL + r"([Ee][+\-]?[0-9]+)?|-?INF|NaN",
    Primitive.DOUBLE: _DECIMAL + r"([Ee][+\-]?[0-9]+)?|-?INF|NaN",
    Primitive.DURATION: (
        r"-?P(([0-9]+Y([0-9]+M)?([0-9]+D)?|[0-9]+M([0-9]+D)?|[0-9]+D)"
        rf"(T([0-9]+H([0-9]+M)?({_SECONDS})?|[0-9]+M({_SECONDS})?|{_SECONDS}))?"
        rf"|T([0-9]+H([0-9]+M)?({_SECONDS})?|[0-9]+M({_SECONDS})?|{_SECONDS}))"
    ),
    Primitive.DATETIME: f"{_YEAR}-{_MONTH}-{_DAY}T{_CLOCK}{_TZ}",
    Primitive.TIME: f"{_CLOCK}{_TZ}",
    Primitive.DATE: f"{_YEAR}-{_MONTH}-{_DAY}{_TZ}",
    Primitive.GYEARMONTH: f"{_YEAR}-{_MONTH}{_TZ}",
    Primitive.GYEAR: f"{_YEAR}{_TZ}",
    Primitive.GMONTHDAY: f"--{_MONTH}-{_DAY}{_TZ}",
    Primitive.GDAY: f"---{_DAY}{_TZ}",
    Primitive.GMONTH: f"--{_MONTH}{_TZ}",
    Primitive.HEXBINARY: "([0-9a-fA-F]{2})*",
    # XSD 1.0 errata E2-54 (libxml2 follows it: padding bits must be zero)
    Primitive.BASE64BINARY: (
        rf"(({_B64} ?){{4}})*(({_B64} ?){{3}}{_B64}|({_B64} ?){{2}}[AEIMQUYcgkosw048] ?=|{_B64} ?[AQgw] ?= ?=)?"
    ),
    Primitive.ANYURI: None,
    Primitive.QNAME: f"({_NCNAME}:)?{_NCNAME}",
    Primitive.NOTATION: f"({_NCNAME}:)?{_NCNAME}",
}
# where the automaton above is wider than the lexical space: the day of a month, a QName's prefix, a URI's syntax
_INEXACT = _DATES | {Primitive.ANYURI, Primitive.QNAME, Primitive.NOTATION}

_INF = None


def _bound(value: float) -> int | None:
    return None if value in (float("inf"), float("-inf")) else int(value)


@dataclass(frozen=True, slots=True)
class _Builtin:
    primitive: Primitive
    whitespace: Whitespace
    lexical: str | None = None  # a further pattern of a derived built-in
    low: int | None = None  # integer range
    high: int | None = None
    integer: bool = False
    list_of: str | None = None  # NMTOKENS, IDREFS, ENTITIES


_P, _C, _R = Whitespace.PRESERVE, Whitespace.COLLAPSE, Whitespace.REPLACE
_BUILTINS: dict[str, _Builtin] = {
    "anySimpleType": _Builtin(Primitive.STRING, _P),
    "string": _Builtin(Primitive.STRING, _P),
    "normalizedString": _Builtin(Primitive.STRING, _R),
    "token": _Builtin(Primitive.STRING, _C),
    "language": _Builtin(Primitive.STRING, _C, "[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*"),
    "NMTOKEN": _Builtin(Primitive.STRING, _C, r"\c+"),
    "Name": _Builtin(Primitive.STRING, _C, r"\i\c*"),
    "NCName": _Builtin(Primitive.STRING, _C, _NCNAME),
    "ID": _Builtin(Primitive.STRING, _C, _NCNAME),
    "IDREF": _Builtin(Primitive.STRING, _C, _NCNAME),
    "ENTITY": _Builtin(Primitive.STRING, _C, _NCNAME),
    "NMTOKENS": _Builtin(Primitive.STRING, _C, list_of="NMTOKEN"),
    "IDREFS": _Builtin(Primitive.STRING, _C, list_of="IDREF"),
    "ENTITIES": _Builtin(Primitive.STRING, _C, list_of="ENTITY"),
    "decimal": _Builtin(Primitive.DECIMAL, _C),
    "integer": _Builtin(Primitive.DECIMAL, _C, integer=True),
    **{
        name: _Builtin(Primitive.DECIMAL, _C, integer=True, low=_bound(low), high=_bound(high))
        for name, (low, high) in INTEGER_RANGES.items()
        if name != "integer"
    },
    **{p.value: _Builtin(p, _C) for p in Primitive if p not in (Primitive.STRING, Primitive.DECIMAL)},
}


@dataclass(frozen=True, order=True)
class Limit:
    """A bound facet: its value as written (normalised for numbers) and whether it is inclusive."""

    value: str
    inclusive: bool


@dataclass(frozen=True, slots=True)
class Atomic:
    """An atomic restriction of a built-in, with the facets of every derivation step."""

    builtin: str
    whitespace: Whitespace
    patterns: tuple[tuple[str, ...], ...] = ()  # per step, its patterns as alternatives; all steps apply
    enumerations: tuple[tuple[str, ...], ...] = ()  # per step, the normalised values as written
    min_length: int = 0
    max_length: int | None = None
    lowers: tuple[Limit, ...] = ()
    uppers: tuple[Limit, ...] = ()
    total_digits: int | None = None
    fraction_digits: int | None = None

    @property
    def primitive(self) -> Primitive:
        return _BUILTINS[self.builtin].primitive


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list type: whitespace-separated items of `item`, with the list's own facets."""

    item: ValueSpace
    patterns: tuple[tuple[str, ...], ...] = ()
    enumerations: tuple[tuple[str, ...], ...] = ()
    min_length: int = 0  # items
    max_length: int | None = None

    @property
    def whitespace(self) -> Whitespace:
        return Whitespace.COLLAPSE


Member = Atomic | ListOf


@dataclass(frozen=True, slots=True)
class ValueSpace:
    """The texts a simple type accepts: the union of its members (one for a type that is not a union)."""

    members: tuple[Member, ...]


# -- building from the schema model ----------------------------------------------------------------------------------


def value_space(model: SchemaModel, type_name: QName | None = None, anonymous: TypeDef | None = None) -> ValueSpace:
    """The value space of a built-in, named or anonymous simple type, or the text of a complex type with simple
    content. ValueError for a complex type with element, mixed or empty content; Undecidable where it cannot be
    modelled (an unknown type, a cycle)."""
    return _Builder(model).space(type_name, anonymous)


class _Builder:
    def __init__(self, model: SchemaModel) -> None:
        self.model = model
        self.visiting: set[int] = set()

    def space(self, name: QName | None, typedef: TypeDef | None) -> ValueSpace:
        if typedef is None:
            if name is None:
                raise ValueError("a type name or an anonymous type is needed")
            typedef = self.model.named_type(name)
            if typedef is None:
                return _builtin_space(name)
        if id(typedef) in self.visiting:
            raise Undecidable(f"{typedef.context}: circular type definition")
        self.visiting.add(id(typedef))
        try:
            return self.definition(typedef)
        finally:
            self.visiting.discard(id(typedef))

    def definition(self, typedef: TypeDef) -> ValueSpace:
        if typedef.kind == "complex":
            if typedef.content_kind != "simple":
                raise ValueError(f"{typedef.context}: complex type with {typedef.content_kind} content")
            base = self.space(typedef.base, None)
            if typedef.derivation == "restriction":
                return _restrict(base, typedef)
            return base
        if typedef.derivation == "list":
            item = self.space(typedef.item_type, None if typedef.item_type else _first(typedef.anonymous_members))
            return ValueSpace((ListOf(item),))
        if typedef.derivation == "union":
            members: list[Member] = []
            for member_name in typedef.member_types:
                members.extend(self.space(member_name, None).members)
            for anonymous in typedef.anonymous_members:
                members.extend(self.space(None, anonymous).members)
            return ValueSpace(tuple(members))
        if typedef.derivation == "restriction":
            base_def = None if typedef.base else _first(typedef.anonymous_members)
            return _restrict(self.space(typedef.base, base_def), typedef)
        raise Undecidable(f"{typedef.context}: simple type without a derivation")


def _first(types: tuple[TypeDef, ...]) -> TypeDef:
    if not types:
        raise Undecidable("a derivation with neither a named nor an anonymous type")
    return types[0]


def _builtin_space(name: QName) -> ValueSpace:
    if name.namespace != XS or name.local not in _BUILTINS:
        if name.namespace == XS and name.local == "anyType":
            raise ValueError("xs:anyType is not a simple type")
        raise Undecidable(f"unknown type {name}")
    return builtin_space(name.local)


@functools.cache
def builtin_space(local: str) -> ValueSpace:
    """The value space of a built-in datatype by its local name (xs:unsignedShort -> "unsignedShort")."""
    builtin = _BUILTINS[local]
    if builtin.list_of:
        return ValueSpace((ListOf(builtin_space(builtin.list_of), min_length=1),))
    return ValueSpace((Atomic(local, builtin.whitespace),))


def _restrict(base: ValueSpace, typedef: TypeDef) -> ValueSpace:
    facets = [(f.name, f.value) for f in typedef.facets]
    enumeration = tuple(e.value for e in typedef.enumerations)
    return restrict(base, facets, enumeration if typedef.enumerations else None)


def restrict(base: ValueSpace, facets: Sequence[tuple[str, str]], enumeration: Sequence[str] | None) -> ValueSpace:
    """One derivation step by restriction: `facets` as (name, value) pairs, `enumeration` its values (None: no
    enumeration facet)."""
    if len(base.members) == 1 and isinstance(base.members[0], Atomic):
        return ValueSpace((_restrict_atomic(base.members[0], facets, enumeration),))
    if len(base.members) == 1 and isinstance(base.members[0], ListOf):
        return ValueSpace((_restrict_list(base.members[0], facets, enumeration),))
    # a restricted union: its patterns and enumerations constrain whichever member the text validates against
    step = [(name, value) for name, value in facets if name == "pattern"]
    return ValueSpace(tuple(_restrict_member(m, step, enumeration) for m in base.members))


def _restrict_member(member: Member, facets: Sequence[tuple[str, str]], enumeration: Sequence[str] | None) -> Member:
    if isinstance(member, Atomic):
        return _restrict_atomic(member, facets, enumeration)
    return _restrict_list(member, facets, enumeration)


def _restrict_atomic(atom: Atomic, facets: Sequence[tuple[str, str]], enumeration: Sequence[str] | None) -> Atomic:
    whitespace = atom.whitespace
    for name, value in facets:
        if name == "whiteSpace" and value in ("replace", "collapse"):
            if whitespace != Whitespace.COLLAPSE:
                whitespace = Whitespace(value)
    primitive = atom.primitive
    patterns = tuple(value for name, value in facets if name == "pattern")
    result = replace(atom, whitespace=whitespace, patterns=atom.patterns + ((patterns,) if patterns else ()))
    if enumeration is not None:
        texts = tuple(dict.fromkeys(normalise(text, whitespace) for text in enumeration))
        result = replace(result, enumerations=result.enumerations + (texts,))
    for name, value in facets:
        text = normalise(value, Whitespace.COLLAPSE)
        if name == "length":
            result = replace(result, min_length=max(result.min_length, int(text)))
            result = replace(result, max_length=_tighter_max(result.max_length, int(text)))
        elif name == "minLength":
            result = replace(result, min_length=max(result.min_length, int(text)))
        elif name == "maxLength":
            result = replace(result, max_length=_tighter_max(result.max_length, int(text)))
        elif name == "totalDigits":
            result = replace(result, total_digits=_tighter_max(result.total_digits, _digits_facet(name, text)))
        elif name == "fractionDigits":
            result = replace(result, fraction_digits=_tighter_max(result.fraction_digits, _digits_facet(name, text)))
        elif name in ("minInclusive", "minExclusive"):
            limit = Limit(_canonical_bound(primitive, text), name == "minInclusive")
            result = replace(result, lowers=tuple(sorted(set(result.lowers) | {limit})))
        elif name in ("maxInclusive", "maxExclusive"):
            limit = Limit(_canonical_bound(primitive, text), name == "maxInclusive")
            result = replace(result, uppers=tuple(sorted(set(result.uppers) | {limit})))
    return result


def _restrict_list(listed: ListOf, facets: Sequence[tuple[str, str]], enumeration: Sequence[str] | None) -> ListOf:
    result = listed
    patterns = tuple(value for name, value in facets if name == "pattern")
    if patterns:
        result = replace(result, patterns=result.patterns + (patterns,))
    if enumeration is not None:
        texts = tuple(dict.fromkeys(normalise(text, Whitespace.COLLAPSE) for text in enumeration))
        result = replace(result, enumerations=result.enumerations + (texts,))
    for name, value in facets:
        count = value.strip()
        if name in ("length", "minLength"):
            result = replace(result, min_length=max(result.min_length, int(count)))
        if name in ("length", "maxLength"):
            result = replace(result, max_length=_tighter_max(result.max_length, int(count)))
    return result


def _tighter_max(current: int | None, new: int) -> int:
    return new if current is None else min(current, new)


def _canonical_bound(primitive: Primitive, text: str) -> str:
    if primitive == Primitive.DECIMAL:
        return _decimal_text(_parse_decimal(text))
    return text


# -- judging one text ------------------------------------------------------------------------------------------------


def normalise(text: str, whitespace: Whitespace) -> str:
    if whitespace == Whitespace.PRESERVE:
        return text
    replaced = text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    if whitespace == Whitespace.REPLACE:
        return replaced
    return " ".join(part for part in replaced.split(" ") if part)


def accepts(space: ValueSpace, text: str) -> bool:
    """Whether a validator accepts `text` (the element or attribute text as parsed) under `space`."""
    return any(_member_accepts(member, text) for member in space.members)


def _member_accepts(member: Member, raw: str) -> bool:
    if isinstance(member, ListOf):
        return _list_accepts(member, raw)
    return _atomic_accepts(member, raw)


def _list_accepts(listed: ListOf, raw: str) -> bool:
    text = normalise(raw, Whitespace.COLLAPSE)
    items = text.split(" ") if text else []
    if len(items) < listed.min_length or (listed.max_length is not None and len(items) > listed.max_length):
        return False
    if not all(any(pattern_accepts(p, text) for p in step) for step in listed.patterns):
        return False
    if not all(text in step for step in listed.enumerations):
        return False
    return all(accepts(listed.item, item) for item in items)


def pattern_accepts(pattern: str, text: str) -> bool:
    from duislint.semantics.regex import pattern_fsm

    return bool(pattern_fsm(pattern).accepts(text))


def _atomic_accepts(atom: Atomic, raw: str) -> bool:
    text = normalise(raw, atom.whitespace)
    builtin = _BUILTINS[atom.builtin]
    primitive = builtin.primitive
    lexical = _LEXICAL[primitive]
    if lexical is not None and not pattern_accepts(lexical, text):
        return False
    if builtin.lexical is not None and not pattern_accepts(builtin.lexical, text):
        return False
    if builtin.integer and not re.fullmatch(_INTEGER, text):
        return False
    if primitive in _DATES and not _valid_date(primitive, text):
        return False
    if primitive == Primitive.ANYURI and not _plausible_uri(text):
        return False
    if not all(any(pattern_accepts(p, text) for p in step) for step in atom.patterns):
        return False
    value = _value(primitive, text)
    if primitive in _TEXTUAL:
        if not all(text in step for step in atom.enumerations):
            return False
    elif not all(
        any(_value(primitive, e) == value for e in step if _lexically_valid(atom, e)) for step in atom.enumerations
    ):
        return False
    length = _length(primitive, text)
    if length is not None and (length < atom.min_length or (atom.max_length is not None and length > atom.max_length)):
        return False
    return _within_bounds(atom, primitive, text, value) and _within_digits(atom, primitive, value, builtin)


def _lexically_valid(atom: Atomic, text: str) -> bool:
    lexical = _LEXICAL[atom.primitive]
    return lexical is None or pattern_accepts(lexical, text)


def _plausible_uri(text: str) -> bool:
    # libxml2 parses the (escaped) text as an RFC 3986 reference; these are the failures seen in practice
    if re.search(r"%(?![0-9A-Fa-f]{2})", text) or text.count("#") > 1:
        return False
    return not text.startswith(":")


def _value(primitive: Primitive, text: str) -> Any:
    if primitive == Primitive.DECIMAL:
        return _parse_decimal(text)
    if primitive in (Primitive.FLOAT, Primitive.DOUBLE):
        return _parse_float(text, primitive == Primitive.FLOAT)
    if primitive == Primitive.BOOLEAN:
        return text in ("true", "1")
    if primitive == Primitive.HEXBINARY:
        return text.upper()
    if primitive == Primitive.BASE64BINARY:
        return text.replace(" ", "")
    if primitive in _DATES:
        return _date_key(primitive, text)
    return text


def _length(primitive: Primitive, text: str) -> int | None:
    if primitive == Primitive.HEXBINARY:
        return len(text) // 2
    if primitive == Primitive.BASE64BINARY:
        data = text.replace(" ", "")
        return len(data) // 4 * 3 - data.count("=")
    if primitive in (Primitive.STRING, Primitive.ANYURI):
        return len(text)
    return None


# the comparison builds numbers of as many digits as a digits facet allows (10 ** totalDigits): past this many, it
# settles nothing a DUIS type needs (xs:unsignedLong has 20) and would build numbers of billions of digits
_DIGITS_COMPARED = 1_000


def _digits_facet(name: str, text: str) -> int:
    if not text.isdigit() or len(text) > len(str(_DIGITS_COMPARED)) or int(text) > _DIGITS_COMPARED:
        raise Undecidable(f"{name} {text[:20]} is past the {_DIGITS_COMPARED:,} digits duislint compares")
    return int(text)


def _parse_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
        if not value.is_finite():
            raise Undecidable(f"{text!r} is not a decimal")
        return value.normalize() if value else Decimal(0)
    except InvalidOperation as error:
        raise Undecidable(f"{text!r} is not a decimal") from error
    except ArithmeticError as error:  # an exponent past what decimal arithmetic holds (Overflow, Underflow)
        raise Undecidable(f"{text[:20]!r} is past the numbers duislint compares") from error


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _parse_float(text: str, single: bool) -> float:
    number = float(text.replace("INF", "inf").replace("NaN", "nan"))
    return struct.unpack("f", struct.pack("f", number))[0] if single else number


def _within_digits(atom: Atomic, primitive: Primitive, value: Any, builtin: _Builtin) -> bool:
    if primitive != Primitive.DECIMAL:
        return True
    digits, fraction = _digits(value)
    if atom.total_digits is not None and digits > atom.total_digits:
        return False
    return atom.fraction_digits is None or fraction <= atom.fraction_digits


def _digits(value: Decimal) -> tuple[int, int]:
    """Total and fraction digits of a decimal value (leading and trailing zeros do not count)."""
    text = _decimal_text(abs(value))
    whole, _, fraction = text.partition(".")
    whole = whole.lstrip("0")
    return max(len(whole) + len(fraction), 1), len(fraction)


def _within_bounds(atom: Atomic, primitive: Primitive, text: str, value: Any) -> bool:
    if primitive == Primitive.DECIMAL:
        low, high = _effective_bounds(atom)
        return _above(value, low) and _below(value, high)
    if not atom.lowers and not atom.uppers:
        return True
    if primitive in (Primitive.FLOAT, Primitive.DOUBLE):
        single = primitive == Primitive.FLOAT
        if value != value:  # NaN: libxml2 lets it pass a minimum and fails it on a maximum
            return not atom.uppers
        for limit in atom.lowers:
            bound = _parse_float(limit.value, single)
            if value < bound or (value == bound and not limit.inclusive):
                return False
        for limit in atom.uppers:
            bound = _parse_float(limit.value, single)
            if value > bound or (value == bound and not limit.inclusive):
                return False
        return True
    if primitive in _DATES:
        for limit in atom.lowers:
            order = _date_order(value, _date_key(primitive, limit.value))
            if order < 0 or (order == 0 and not limit.inclusive):
                return False
        for limit in atom.uppers:
            order = _date_order(value, _date_key(primitive, limit.value))
            if order > 0 or (order == 0 and not limit.inclusive):
                return False
        return True
    raise Undecidable(f"bounds on {primitive.value} are not modelled")


Bound = tuple[Decimal, bool] | None  # value, inclusive; None for unbounded


def _effective_bounds(atom: Atomic) -> tuple[Bound, Bound]:
    """The tightest lower and upper bound of a decimal-family atom, built-in integer ranges included."""
    builtin = _BUILTINS[atom.builtin]
    lows = [(Decimal(limit.value), limit.inclusive) for limit in atom.lowers]
    highs = [(Decimal(limit.value), limit.inclusive) for limit in atom.uppers]
    if builtin.low is not None:
        lows.append((Decimal(builtin.low), True))
    if builtin.high is not None:
        highs.append((Decimal(builtin.high), True))
    low = max(lows, key=lambda b: (b[0], not b[1])) if lows else None
    high = min(highs, key=lambda b: (b[0], b[1])) if highs else None
    return low, high


def _above(value: Decimal, low: Bound) -> bool:
    return low is None or value > low[0] or (low[1] and value == low[0])


def _below(value: Decimal, high: Bound) -> bool:
    return high is None or value < high[0] or (high[1] and value == high[0])


_TZ_GROUP = r"(?P<tz>Z|[+\-][0-9]{2}:[0-9]{2})?"
_YEAR_GROUP = r"(?P<year>-?[0-9]{4,})"
_CLOCK_GROUP = r"(?P<clock>[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?)"
_DATE_SHAPES = {  # compiled on first use: the CLI imports this module on runs that compare no date
    Primitive.DATETIME: re.compile(
        rf"{_YEAR_GROUP}-(?P<month>[0-9]{{2}})-(?P<day>[0-9]{{2}})T{_CLOCK_GROUP}{_TZ_GROUP}"
    ),
    Primitive.DATE: re.compile(rf"{_YEAR_GROUP}-(?P<month>[0-9]{{2}})-(?P<day>[0-9]{{2}}){_TZ_GROUP}"),
    Primitive.GYEARMONTH: re.compile(rf"{_YEAR_GROUP}-(?P<month>[0-9]{{2}}){_TZ_GROUP}"),
    Primitive.GYEAR: re.compile(rf"{_YEAR_GROUP}{_TZ_GROUP}"),
    Primitive.TIME: re.compile(rf"{_CLOCK_GROUP}{_TZ_GROUP}"),
    Primitive.GMONTHDAY: re.compile(rf"--(?P<month>[0-9]{{2}})-(?P<day>[0-9]{{2}}){_TZ_GROUP}"),
    Primitive.GDAY: re.compile(rf"---(?P<day>[0-9]{{2}}){_TZ_GROUP}"),
    Primitive.GMONTH: re.compile(rf"--(?P<month>[0-9]{{2}}){_TZ_GROUP}"),
}


def _date_parts(primitive: Primitive, text: str) -> tuple[int, int, int, Decimal, int | None]:
    """Year, month, day, seconds of the day and timezone offset in minutes (None: no timezone); the fields a
    type lacks are those of 2000-01-01, a leap year, so that --02-29 is a day."""
    match = re.fullmatch(_DATE_SHAPES[primitive], text)
    if match is None:
        raise Undecidable(f"{text!r} is not a {primitive.value}")
    fields = match.groupdict()
    year = int(fields.get("year") or 2000)
    month = int(fields.get("month") or 1)
    day = int(fields.get("day") or 1)
    seconds = Decimal(0)
    if fields.get("clock"):
        hours, minutes, secs = fields["clock"].split(":")
        seconds = int(hours) * 3600 + int(minutes) * 60 + Decimal(secs)
    tz = fields.get("tz") or ""
    offset = None
    if tz == "Z":
        offset = 0
    elif tz:
        offset = (1 if tz[0] == "+" else -1) * (int(tz[1:3]) * 60 + int(tz[4:6]))
    return year, month, day, seconds, offset


def _valid_date(primitive: Primitive, text: str) -> bool:
    year, month, day, _, _ = _date_parts(primitive, text)
    if primitive in (Primitive.GDAY, Primitive.GMONTH, Primitive.TIME, Primitive.GYEAR, Primitive.GYEARMONTH):
        return True
    if primitive == Primitive.GMONTHDAY:
        return day <= (29 if month == 2 else _days_in(2000, month))
    return day <= _days_in(year, month)


def _days_in(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _date_key(primitive: Primitive, text: str) -> tuple[Decimal, bool]:
    """A point on the timeline (seconds, timezone applied) and whether a timezone was given."""
    year, month, day, seconds, offset = _date_parts(primitive, text)
    days = _day_number(year, month, day)
    instant = days * 86400 + seconds - (offset or 0) * 60
    return Decimal(instant), offset is not None


def _day_number(year: int, month: int, day: int) -> int:
    # days from a fixed origin in the proleptic Gregorian calendar (XSD 1.0 has no year zero: -0001 precedes 0001)
    y = year + 1 if year < 0 else year
    m = month
    if m <= 2:
        y -= 1
        m += 12
    return 365 * y + y // 4 - y // 100 + y // 400 + (153 * (m - 3) + 2) // 5 + day


def _date_order(left: tuple[Decimal, bool], right: tuple[Decimal, bool]) -> int:
    if left[1] != right[1]:
        raise Undecidable("a date with a timezone compared with one without: libxml2's order is its own")
    return (left[0] > right[0]) - (left[0] < right[0])


# -- samples ---------------------------------------------------------------------------------------------------------


def sample(space: ValueSpace) -> str | None:
    """A short text the space accepts; None when it accepts none."""
    found = [text for member in space.members if (text := _member_sample(member)) is not None]
    return min(found, key=_simplicity) if found else None


def _simplicity(text: str) -> tuple[int, int, str]:
    return (len(text), sum(not c.isalnum() for c in text), text)


def _member_sample(member: Member) -> str | None:
    if isinstance(member, ListOf):
        return _list_sample(member)
    atom = member
    if atom.enumerations:
        for text in sorted(atom.enumerations[-1], key=_simplicity):
            if _atomic_accepts(atom, text):
                return text
        return None
    if atom.primitive == Primitive.DECIMAL and not atom.patterns:
        for value in _decimal_elements(atom, 1):
            return _decimal_text(value)
        return None
    if atom.primitive in _NUMBERS | _DATES and not atom.patterns:
        for text in _value_candidates(atom, atom):
            if _atomic_accepts(atom, text):
                return text
        if atom.lowers or atom.uppers:
            raise Undecidable(f"no sample found for bounded {atom.builtin}")
    found = _Automata.of(atom).search((), 0)
    if found is not None and _atomic_accepts(atom, found):
        return found
    if found is None:
        return None
    raise Undecidable(f"no sample found for {atom.builtin}")


def _list_sample(listed: ListOf) -> str | None:
    if listed.enumerations:
        for text in sorted(listed.enumerations[-1], key=_simplicity):
            if _list_accepts(listed, text):
                return text
        return None
    if listed.min_length == 0 and _list_accepts(listed, ""):
        return ""
    item = _token_sample(listed.item)
    if item is None:
        return None
    text = " ".join([item] * max(listed.min_length, 1))
    if _list_accepts(listed, text):
        return text
    if listed.patterns:
        raise Undecidable("no sample found for a list with patterns")
    return None


def _token_sample(space: ValueSpace) -> str | None:
    item = sample(space)
    if item is not None and (item == "" or any(c in item for c in " \t\n\r")):
        raise Undecidable("the simplest list item is empty or holds whitespace")
    return item


# -- comparison ------------------------------------------------------------------------------------------------------


def compare_values(old: ValueSpace, new: ValueSpace) -> Relation[str]:
    """Inclusion both ways between what two simple types accept, each failed inclusion with its witness text:
    `old_only` is valid under old and invalid under new."""
    if old == new:
        return Relation(True, True)
    reasons = []
    try:
        old_only = _outside(old, new)
        old_in_new: bool | None = old_only is None
    except (Undecidable, DecimalException) as why:
        old_only, old_in_new = None, None
        reasons.append(_why(why))
    try:
        new_only = _outside(new, old)
        new_in_old: bool | None = new_only is None
    except (Undecidable, DecimalException) as why:
        new_only, new_in_old = None, None
        reasons.append(_why(why))
    return Relation(old_in_new, new_in_old, old_only, new_only, "; ".join(reasons))


def _why(undecided: Exception) -> str:
    if isinstance(undecided, Undecidable):
        return str(undecided)
    return "the bounds are past the numbers decimal arithmetic holds"  # Overflow building a candidate past a bound


def _outside(inner: ValueSpace, outer: ValueSpace) -> str | None:
    """The simplest text `inner` accepts and `outer` rejects; None when there is none."""
    found = []
    for member in inner.members:
        if member in outer.members:
            continue
        witness = _member_outside(member, outer.members)
        if witness is not None:
            if not _member_accepts(member, witness) or accepts(outer, witness):
                raise Undecidable(f"witness {witness!r} did not check out")
            found.append(witness)
    return min(found, key=_simplicity) if found else None


def _member_outside(member: Member, others: tuple[Member, ...]) -> str | None:
    if not others:
        return _member_sample(member)
    if any(isinstance(other, Atomic) and _covers_all(other) for other in others):
        return None
    finite = _finite_texts(member)
    if finite is not None and all(other.whitespace == member.whitespace for other in others):
        return _first_outside(member, finite, others)
    if isinstance(member, ListOf):
        return _list_outside(member, others)
    valued = _value_comparable(member, others)
    if valued is not None:
        return _values_outside(member, valued)
    return _automata_outside(member, others)


def _covers_all(atom: Atomic) -> bool:
    """A plain xs:string (or anySimpleType): every text."""
    return atom == Atomic(atom.builtin, Whitespace.PRESERVE) and atom.builtin in ("string", "anySimpleType")


def _finite_texts(member: Member) -> list[str] | None:
    """The normalised texts of a member whose values each have one lexical form (strings, URIs, lists of those)."""
    if isinstance(member, ListOf):
        return sorted(set(member.enumerations[-1]), key=_simplicity) if member.enumerations else None
    if member.enumerations and member.primitive in _TEXTUAL:
        return sorted(set(member.enumerations[-1]), key=_simplicity)
    return None


def _first_outside(member: Member, texts: list[str], others: tuple[Member, ...]) -> str | None:
    for text in texts:
        if _member_accepts(member, text) and not any(_member_accepts(other, text) for other in others):
            return text
    return None


def _list_outside(listed: ListOf, others: tuple[Member, ...]) -> str | None:
    if len(others) != 1 or not isinstance(others[0], ListOf):
        raise Undecidable("a list compared with a union or an atomic type")
    other = others[0]
    if listed.patterns != other.patterns and (listed.patterns or other.patterns):
        raise Undecidable("lists with different patterns")
    if other.enumerations:
        raise Undecidable("a list compared with an enumerated list")
    found = []
    low, high = listed.min_length, listed.max_length
    if high is None or high > 0:
        item = _outside(listed.item, other.item)
        if item is not None:
            if item == "" or any(c in item for c in " \t\n\r"):
                raise Undecidable("a list item witness holding whitespace")
            found.append(" ".join([item] * max(low, 1)))
    for count in _counts_outside(low, high, other.min_length, other.max_length):
        token = _token_sample(listed.item) if count else ""
        if token is not None:
            found.append(" ".join([token] * count))
        break
    return min(found, key=_simplicity) if found else None


def _counts_outside(low: int, high: int | None, other_low: int, other_high: int | None) -> Iterator[int]:
    """The smallest counts in [low, high] outside [other_low, other_high]."""
    if low < other_low:
        yield low
    if other_high is not None and (high is None or high > other_high):
        yield max(low, other_high + 1)


# -- by value --------------------------------------------------------------------------------------------------------


def _value_comparable(member: Member, others: tuple[Member, ...]) -> Atomic | None:
    """The one other member to compare by value with: both numbers or both dates of one primitive, no patterns."""
    if not isinstance(member, Atomic) or member.patterns or len(others) != 1:
        return None
    other = others[0]
    if not isinstance(other, Atomic) or other.patterns or other.primitive != member.primitive:
        return None
    if member.primitive in _NUMBERS | _DATES or member.primitive == Primitive.DURATION:
        return other
    return None


def _values_outside(atom: Atomic, other: Atomic) -> str | None:
    primitive = atom.primitive
    if primitive == Primitive.DECIMAL:
        return _decimals_outside(atom, other)
    if atom.enumerations:
        for text in sorted(set(atom.enumerations[-1]), key=_simplicity):
            if _atomic_accepts(atom, text) and not _atomic_accepts(other, text):
                return text
        return None
    for text in _value_candidates(atom, other):
        try:
            if _atomic_accepts(atom, text) and not _atomic_accepts(other, text):
                return text
        except Undecidable:
            continue  # an order libxml2 keeps to itself: another candidate may settle it
    if other.enumerations:
        raise Undecidable(f"{primitive.value} compared with an enumeration")
    if primitive == Primitive.DURATION:
        if atom.lowers or atom.uppers or other.lowers or other.uppers:
            raise Undecidable("bounds on durations are not modelled")
        return None
    if (other.lowers, other.uppers) == (atom.lowers, atom.uppers) or not (other.lowers or other.uppers):
        return None
    if primitive in (Primitive.FLOAT, Primitive.DOUBLE) and _float_interval_within(atom, other):
        return None
    raise Undecidable(f"bounds on {primitive.value} compared")


def _float_interval_within(atom: Atomic, other: Atomic) -> bool:
    single = atom.primitive == Primitive.FLOAT
    if other.uppers and not atom.uppers:
        return False
    if other.lowers and not atom.lowers:
        return False

    def strongest(limits: tuple[Limit, ...], low: bool) -> tuple[float, bool]:
        pairs = [(_parse_float(limit.value, single), limit.inclusive) for limit in limits]
        return max(pairs, key=lambda p: (p[0], not p[1])) if low else min(pairs, key=lambda p: (p[0], p[1]))

    if other.lowers:
        mine, theirs = strongest(atom.lowers, True), strongest(other.lowers, True)
        if mine[0] < theirs[0] or (mine[0] == theirs[0] and mine[1] and not theirs[1]):
            return False
    if other.uppers:
        mine, theirs = strongest(atom.uppers, False), strongest(other.uppers, False)
        if mine[0] > theirs[0] or (mine[0] == theirs[0] and mine[1] and not theirs[1]):
            return False
    return True


def _value_candidates(atom: Atomic, other: Atomic) -> list[str]:
    """Texts worth trying: bounds of both sides and a plain value of the primitive."""
    texts = [limit.value for limit in atom.lowers + atom.uppers + other.lowers + other.uppers]
    plain = {
        Primitive.FLOAT: ["0", "1", "-1", "INF", "-INF", "NaN"],
        Primitive.DOUBLE: ["0", "1", "-1", "INF", "-INF", "NaN"],
        Primitive.DATETIME: ["2000-01-01T00:00:00", "2000-01-01T00:00:00Z"],
        Primitive.TIME: ["00:00:00", "00:00:00Z"],
        Primitive.DATE: ["2000-01-01", "2000-01-01Z"],
        Primitive.GYEARMONTH: ["2000-01"],
        Primitive.GYEAR: ["2000"],
        Primitive.GMONTHDAY: ["--01-01"],
        Primitive.GDAY: ["---01"],
        Primitive.GMONTH: ["--01"],
        Primitive.DURATION: ["P0D", "PT0S"],
    }.get(atom.primitive, [])
    if atom.primitive in _DATES:
        for limit in other.lowers:
            texts.append(_shift_year(limit.value, -1))
        for limit in other.uppers:
            texts.append(_shift_year(limit.value, 1))
    result = []
    for text in texts + plain:
        try:
            if _atomic_accepts(atom, text) and text not in result:
                result.append(text)
        except Undecidable:
            continue
    return sorted(result, key=_simplicity) if not texts else result


def _shift_year(text: str, delta: int) -> str:
    """A date a year before or after (the same text when the type has no year)."""
    match = re.match(r"-?[0-9]{4,}", text)
    if match is None or text.startswith("--"):
        return text
    year = int(match.group()) + delta
    if year == 0:
        year = delta
    written = f"{abs(year):04d}"
    return ("-" if year < 0 else "") + written + text[match.end() :]


def _decimals_outside(atom: Atomic, other: Atomic) -> str | None:
    """A text of a decimal-family atom outside another, by value and lexical form (integer types take no '.')."""
    mine, theirs = _BUILTINS[atom.builtin], _BUILTINS[other.builtin]
    if atom.enumerations:
        values = sorted({_parse_decimal(e) for e in atom.enumerations[-1]}, key=_decimal_simplicity)
        for value in values:
            text = _decimal_text(value)
            if _atomic_accepts(atom, text) and not _atomic_accepts(other, text):
                return text
        if theirs.integer and not mine.integer:
            return _with_point(atom, values)
        return None
    for value in _decimal_candidates(atom, other):
        text = _decimal_text(value)
        if not _atomic_accepts(other, text):
            return text
    if theirs.integer and not mine.integer:
        witness = _with_point(atom, list(_decimal_elements(atom, 1)))
        if witness is not None:
            return witness
    if other.enumerations:
        wanted = len(set(other.enumerations[-1])) + 1
        for value in _decimal_elements(atom, wanted):
            text = _decimal_text(value)
            if not _atomic_accepts(other, text):
                return text
        every = _all_decimals(atom)
        if every is not None:
            witness = next((_decimal_text(v) for v in every if not _atomic_accepts(other, _decimal_text(v))), None)
            return witness
        raise Undecidable("decimal range compared with an enumeration")
    if _decimal_within(atom, other):
        return None
    raise Undecidable(f"{atom.builtin} and {other.builtin} ranges and digits not settled")


def _all_decimals(atom: Atomic, limit: int = 10_000) -> list[Decimal] | None:
    """Every value of a bounded atom on a grid (integers, or fixed fraction digits), simplest first; None when
    there are more than `limit` grid points or no grid."""
    low, high = _normalised_bounds(atom)
    step = _granularity(atom)
    if step is None or low is None or high is None:
        return None
    count = int((high[0] - low[0]) / step) + 1
    if count > limit:
        return None
    values = [low[0] + k * step for k in range(max(count, 0))]
    return sorted((v for v in values if _atomic_accepts(atom, _decimal_text(v))), key=_decimal_simplicity)


def _with_point(atom: Atomic, values: list[Decimal]) -> str | None:
    """A text with a decimal point: what an integer type rejects whatever its value."""
    for value in values:
        text = _decimal_text(value)
        text = text if "." in text else text + ".0"
        if _atomic_accepts(atom, text):
            return text
    return None


def _decimal_simplicity(value: Decimal) -> tuple[int, int, Decimal]:
    text = _decimal_text(value)
    return (len(text), value < 0, abs(value))


def _decimal_candidates(atom: Atomic, other: Atomic) -> Iterator[Decimal]:
    """Values of `atom` that are likeliest to fall outside `other`: its own bounds first (a narrowed range gives
    the bound it lost), then the values just beyond the other's bounds, then values with one digit too many."""
    low, high = _effective_bounds(atom)
    other_low, other_high = _effective_bounds(other)
    step = _granularity(atom)
    tried = []
    if low is not None and low[1]:
        tried.append(low[0])
    if high is not None and high[1]:
        tried.append(high[0])
    for bound, direction in ((other_low, -1), (other_high, 1)):
        if bound is not None:
            tried.append(bound[0])
            for digits in range(0, 4):
                tried.append(bound[0] + direction * (step if step is not None else Decimal(10) ** -digits))
    if low is not None:
        tried.append(low[0] + (step or Decimal("0.5")))
    if high is not None:
        tried.append(high[0] - (step or Decimal("0.5")))
    if other.total_digits is not None:
        big = Decimal(10) ** other.total_digits
        tried += [big, -big, Decimal(1) / big + 1, 1 - Decimal(1) / big]
        if low is not None:
            tried += [low[0] + Decimal(1) / big]
        if high is not None:
            tried += [high[0] - Decimal(1) / big]
    if other.fraction_digits is not None:
        tiny = Decimal(10) ** -(other.fraction_digits + 1)
        tried += [tiny, -tiny, 1 + tiny]
        if low is not None:
            tried += [low[0] + tiny]
        if high is not None:
            tried += [high[0] - tiny]
    tried += [Decimal(0), Decimal(1), Decimal(-1)]
    for value in dict.fromkeys(_parse_decimal(_decimal_text(value)) for value in tried):
        if _atomic_accepts(atom, _decimal_text(value)):
            yield value


def _granularity(atom: Atomic) -> Decimal | None:
    if _BUILTINS[atom.builtin].integer:
        return Decimal(1)
    if atom.fraction_digits is not None:
        return Decimal(10) ** -atom.fraction_digits
    return None


def _decimal_elements(atom: Atomic, wanted: int) -> Iterator[Decimal]:
    """Up to `wanted` values of a decimal-family atom without patterns, simplest first (closest to zero)."""
    low, high = _effective_bounds(atom)
    step = _granularity(atom)
    if step is None:
        step = Decimal(1) if atom.total_digits is None else Decimal(1)
    found = 0
    for scale in range(0, 8):
        unit = step if scale == 0 else step / (Decimal(10) ** scale)
        if scale and (atom.fraction_digits is not None or _BUILTINS[atom.builtin].integer):
            break
        start = Decimal(0)
        if low is not None and low[0] > 0:
            start = (low[0] / unit).to_integral_value(ROUND_CEILING) * unit
        elif high is not None and high[0] < 0:
            start = (high[0] / unit).to_integral_value(ROUND_FLOOR) * unit
        seen = 0
        offsets = [Decimal(0)]
        for k in range(1, 3 * wanted + 3):
            offsets += [k * unit, -k * unit]
        for offset in offsets:
            value = _parse_decimal(_decimal_text(start + offset))
            if _atomic_accepts(atom, _decimal_text(value)):
                found += 1
                seen += 1
                yield value
                if found >= wanted:
                    return
        if seen:
            return


def _decimal_within(atom: Atomic, other: Atomic) -> bool:
    """Whether every value of `atom` (no enumeration) meets `other`'s bounds and digits (no enumeration)."""
    low, high = _normalised_bounds(atom)
    other_low, other_high = _effective_bounds(other)
    if other_low is not None:
        if low is None or low[0] < other_low[0] or (low[0] == other_low[0] and low[1] and not other_low[1]):
            return False
    if other_high is not None:
        if high is None or high[0] > other_high[0] or (high[0] == other_high[0] and high[1] and not other_high[1]):
            return False
    fraction = 0 if _BUILTINS[atom.builtin].integer else atom.fraction_digits
    if other.fraction_digits is not None and (fraction is None or fraction > other.fraction_digits):
        return False
    if other.total_digits is not None:
        total = atom.total_digits
        if fraction is not None and low is not None and high is not None:
            widest = max(abs(low[0]), abs(high[0]))
            whole = len(str(int(widest))) if widest >= 1 else 0
            total = min(total, whole + fraction) if total is not None else whole + fraction
        if total is None or total > other.total_digits:
            return False
    return True


def _normalised_bounds(atom: Atomic) -> tuple[Bound, Bound]:
    """Bounds moved onto the atom's own grid (integers, or its fraction digits): (3, 10) of integers is [4, 9]."""
    low, high = _effective_bounds(atom)
    step = _granularity(atom)
    if step is None:
        return low, high
    if low is not None:
        moved = (low[0] / step).to_integral_value(ROUND_CEILING) * step
        if moved == low[0] and not low[1]:
            moved += step
        low = (moved, True)
    if high is not None:
        moved = (high[0] / step).to_integral_value(ROUND_FLOOR) * step
        if moved == high[0] and not high[1]:
            moved -= step
        high = (moved, True)
    return low, high


# -- by automata -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Automata:
    """A member as automata over its normalised text, with its length interval (in characters) kept aside."""

    fsms: tuple[Any, ...]
    min_length: int
    max_length: int | None
    exact: bool  # False where an automaton accepts more than the lexical space (dates, QName prefixes)
    primitive: Primitive
    whitespace: Whitespace

    @classmethod
    def of(cls, atom: Atomic) -> _Automata:
        from duislint.semantics.regex import pattern_fsm

        builtin = _BUILTINS[atom.builtin]
        primitive = builtin.primitive
        fsms = []
        if atom.whitespace == Whitespace.COLLAPSE:
            fsms.append(pattern_fsm(r"([^\s]+( [^\s]+)*)?"))
        elif atom.whitespace == Whitespace.REPLACE:
            fsms.append(pattern_fsm(r"[^\t\n\r]*"))
        lexical = _LEXICAL[primitive]
        if lexical is not None:
            fsms.append(pattern_fsm(lexical))
        if builtin.lexical is not None:
            fsms.append(pattern_fsm(builtin.lexical))
        for step in atom.patterns:
            fsms.append(pattern_fsm("|".join(f"({p})" for p in step)))
        for step in atom.enumerations:
            fsms.append(_enumeration_fsm(primitive, step))
        if primitive == Primitive.DECIMAL:
            if builtin.integer:
                low, high = _normalised_bounds(atom)
                digits_high = None if atom.total_digits is None else 10**atom.total_digits - 1
                lo = None if low is None else int(low[0])
                hi = None if high is None else int(high[0])
                if digits_high is not None:
                    lo = -digits_high if lo is None else max(lo, -digits_high)
                    hi = digits_high if hi is None else min(hi, digits_high)
                fsms.append(pattern_fsm(integer_pattern(lo, hi)))
            elif atom.lowers or atom.uppers or atom.total_digits is not None or atom.fraction_digits is not None:
                raise Undecidable("decimal ranges and digits against a pattern or another type are not modelled")
        elif (atom.lowers or atom.uppers) and primitive != Primitive.STRING:
            raise Undecidable(f"bounds on {primitive.value} against a pattern or another type are not modelled")
        min_length, max_length = atom.min_length, atom.max_length
        if primitive == Primitive.HEXBINARY:
            min_length, max_length = 2 * min_length, None if max_length is None else 2 * max_length
        elif (min_length or max_length is not None) and primitive not in _TEXTUAL:
            raise Undecidable(f"length facets on {primitive.value} are not modelled as text lengths")
        if primitive == Primitive.ANYURI and (min_length or max_length is not None):
            raise Undecidable("libxml2 measures an anyURI after escaping it")
        return cls(tuple(fsms), min_length, max_length, primitive not in _INEXACT, primitive, atom.whitespace)

    def raw(self) -> tuple[Any, ...]:
        """The automata over the raw text: each one's preimage under this member's whitespace normalisation."""
        from duislint.semantics.regex import collapse_preimage, replace_preimage

        if self.whitespace == Whitespace.COLLAPSE:
            if self.min_length or self.max_length is not None:
                raise Undecidable("lengths of collapsed texts compared with texts normalised otherwise")
            return tuple(collapse_preimage(f) for f in self.fsms)
        if self.whitespace == Whitespace.REPLACE:
            return tuple(replace_preimage(f) for f in self.fsms)
        return self.fsms

    def search(
        self, exclude: tuple[tuple[Any, ...], ...], min_length: int, max_length: int | None = None
    ) -> str | None:
        from duislint.semantics.regex import Search, everything

        include = self.fsms or (everything(),)
        low = max(min_length, self.min_length)
        high = self.max_length
        if max_length is not None:
            high = max_length if high is None else min(high, max_length)
        if high is not None and high < low:
            return None
        return Search(include, exclude).shortest(low, high)


def _enumeration_fsm(primitive: Primitive, texts: tuple[str, ...]) -> Any:
    from duislint.semantics.regex import literals_fsm, pattern_fsm

    if primitive in _TEXTUAL:
        return literals_fsm(texts)
    forms = []
    for text in texts:
        if primitive == Primitive.BOOLEAN:
            forms.append("true|1" if text in ("true", "1") else "false|0")
        elif primitive == Primitive.DECIMAL:
            forms.append(_decimal_forms(_parse_decimal(text)))
        elif primitive == Primitive.HEXBINARY:
            forms.append("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in text))
        else:
            raise Undecidable(f"enumerations of {primitive.value} against a pattern or another type")
    return pattern_fsm("|".join(f"({form})" for form in forms)) if forms else pattern_fsm("[a-[a]]")


def _decimal_forms(value: Decimal) -> str:
    """A pattern of every decimal lexical form of a value: signs, leading and trailing zeros."""
    if value == 0:
        return r"[+\-]?(0+(\.0*)?|\.0+)"
    sign = "-" if value < 0 else r"\+?"
    whole, _, fraction = _decimal_text(abs(value)).partition(".")
    whole = whole.lstrip("0")
    if not fraction:
        return rf"{sign}0*{whole}(\.0*)?"
    return rf"{sign}0*{whole}\.{fraction}0*"


def integer_pattern(low: int | None, high: int | None) -> str:
    """An XSD pattern of every integer lexical form (sign, leading zeros) of the values in [low, high]."""
    parts = []
    if (low is None or low <= 0) and (high is None or high >= 0):
        parts.append(r"[+\-]?0+")
    if high is None or high >= 1:
        positives = _digit_ranges(max(1 if low is None else low, 1), high)
        if positives:
            parts.append(r"\+?0*(" + "|".join(positives) + ")")
    if low is None or low <= -1:
        negatives = _digit_ranges(max(1 if high is None else -high, 1), None if low is None else -low)
        if negatives:
            parts.append(r"-0*(" + "|".join(negatives) + ")")
    return "|".join(f"({p})" for p in parts) if parts else "[a-[a]]"


def _digit_ranges(low: int, high: int | None) -> list[str]:
    """Patterns of the canonical digits of the integers in [low, high] (low >= 1; high None: unbounded)."""
    if high is not None and high < low:
        return []
    result = []
    top = len(str(high)) if high is not None else len(str(low))
    for length in range(len(str(low)), top + 1):
        lo = max(low, 10 ** (length - 1))
        hi = 10**length - 1 if high is None else min(high, 10**length - 1)
        if lo <= hi:
            result += _same_length(str(lo), str(hi))
    if high is None:
        result.append(f"[1-9][0-9]{{{top},}}")
    return result


def _same_length(lo: str, hi: str) -> list[str]:
    if lo == hi:
        return [lo]
    if set(lo) == {"0"} and set(hi) == {"9"}:
        return [f"[0-9]{{{len(lo)}}}"]
    if len(lo) == 1:
        return [f"[{lo}-{hi}]"]
    if lo[0] == hi[0]:
        return [lo[0] + rest for rest in _same_length(lo[1:], hi[1:])]
    tail = len(lo) - 1
    parts = [lo[0] + rest for rest in _same_length(lo[1:], "9" * tail)]
    if int(lo[0]) + 1 <= int(hi[0]) - 1:
        parts.append(f"[{int(lo[0]) + 1}-{int(hi[0]) - 1}][0-9]{{{tail}}}")
    parts += [hi[0] + rest for rest in _same_length("0" * tail, hi[1:])]
    return parts


def _automata_outside(member: Member, others: tuple[Member, ...]) -> str | None:
    if not isinstance(member, Atomic):
        raise Undecidable("a list compared with an atomic type")
    if any(isinstance(other, ListOf) for other in others):
        raise Undecidable("an atomic type compared with a list")
    atoms = [other for other in others if isinstance(other, Atomic)]
    mine = _Automata.of(member)
    theirs = [_Automata.of(other) for other in atoms]
    if any(other.whitespace != mine.whitespace for other in theirs):
        mine = replace(mine, fsms=mine.raw(), whitespace=Whitespace.PRESERVE)
        theirs = [replace(t, fsms=t.raw(), whitespace=Whitespace.PRESERVE) for t in theirs]
    found = []
    # split the member's lengths where the others' length intervals start and end: in each piece the same others
    # can accept a text of that length
    cuts = {mine.min_length}
    for other in theirs:
        cuts.add(other.min_length)
        if other.max_length is not None:
            cuts.add(other.max_length + 1)
    points = sorted(c for c in cuts if c >= mine.min_length and (mine.max_length is None or c <= mine.max_length))
    for i, start in enumerate(points):
        end = points[i + 1] - 1 if i + 1 < len(points) else mine.max_length
        active = tuple(
            other.fsms or _everything()
            for other in theirs
            if other.min_length <= start and (other.max_length is None or other.max_length >= start)
        )
        witness = mine.search(active, start, end)
        if witness is not None:
            found.append(witness)
            break
    if found:
        return min(found, key=_simplicity)
    if not all(other.exact or other.primitive == mine.primitive for other in theirs):
        raise Undecidable(f"{member.builtin}: inclusion in a type whose lexical space is approximated")
    return None


def _everything() -> tuple[Any, ...]:
    from duislint.semantics.regex import everything

    return (everything(),)

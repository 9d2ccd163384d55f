"""SP206-SP207: a data item's Valid Set and Default, against the enumeration, range and default of its XSD type.

A valid set is read only where a cell says it clearly: after "Valid set:", "Valid values:", "Valid range:",
"Range:", "one of", "between X and Y" (a quoted or a plain list, inline or one value a line, bullets or not), or
standing alone (a line that is only a range or only quoted values; a range closing a sentence: "..., 1 to 7.", or
in brackets). Anything else is prose and is not compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Iterator, Sequence

from duislint.findings import Location, Severity
from duislint.fix.edits import CellAddress, ReplaceText
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.spec_common import fix_of
from duislint.rules.spec_items import Declaration, _attribute_target, _items, _scope, _where
from duislint.spec.text import normalise, one_line
from duislint.suggest import closest
from duislint.xsd.builtins import INTEGER_RANGES
from duislint.xsd.components import AttributeDecl, ElementDecl, TypeDef
from duislint.xsd.model import XS, QName, SchemaModel

if TYPE_CHECKING:
    from duislint.fix.edits import Fix
    from duislint.semantics.values import Atomic, ValueSpace

# --- reading a valid set -----------------------------------------------------------------------------------------

_NUMBER = r"[-+]?(?:0x[0-9A-Fa-f]+|\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)"
_RANGE = rf"(?P<low>{_NUMBER})(?:\s+to\s+|\s*(?:[-–—]|\.\.)\s*)(?P<high>{_NUMBER})"
_TAIL = rf"(?:\s*\(?inclusive\)?)?(?:\s+in\s+steps\s+of\s+{_NUMBER})?"
_END = r"\s*(?:[.;]\s*)?$"
_RANGE_ALONE = re.compile(rf"^{_RANGE}{_TAIL}{_END}", re.IGNORECASE)
# a range closing a sentence ("..., 1 to 7.") or in brackets ("(1 to 31)")
_RANGE_CLOSING = (
    re.compile(rf",\s*{_RANGE}{_TAIL}\s*\.?$", re.IGNORECASE),
    re.compile(rf"\(\s*{_RANGE}{_TAIL}\s*\)", re.IGNORECASE),
)
_BETWEEN = re.compile(rf"\bbetween\s+(?P<low>{_NUMBER})\s+and\s+(?P<high>{_NUMBER})\b(?!\.\d)", re.IGNORECASE)
_MARKER = re.compile(
    r"\b(?:valid\s+(?:set|values?|range)|(?:allowed|permitted|possible)\s+(?:values?|range)|"
    r"(?:in|within)\s+the\s+range(?:\s+of)?|range|one\s+of)\b(?:\s+(?:is|are))?"
    r"(?:\s+the\s+following(?:\s+values)?)?\s*:?[ \t]*",
    re.IGNORECASE,
)
_QUOTED = r"'(?P<single>[^'\n]*)'|\"(?P<double>[^\"\n]*)\""
_BARE = r"(?P<bare>[A-Za-z0-9_]+(?:[.+\-][A-Za-z0-9_]+)*)"
_VALUE = re.compile(rf"(?:{_QUOTED}|{_BARE})")
_NOTE = re.compile(r"\s*\([^()\n]*\)")
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:or|and)\b|,|;|/|•|\bor\b|\band\b)\s*", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•·▪◦‣*]\s*|[-–—]\s+)")
_MEANING = re.compile(r"^(?:\s*(?:[-–—=:]\s+|\(|,\s).*)?$")
_MINUS = str.maketrans({"\u2212": "-"})
_PROSE_WORDS = frozenset(
    """a an the it its them they these those this that then which who what each any all some
    both either neither other others two three four five several many more most following below above""".split()
)


# What every reading below needs somewhere in the cell: a marker's or "between"'s word, a figure (a range), or a
# quote (a list standing alone): a cell with none of them is prose, and costs one search.
_MAY_STATE = re.compile(r"\d|['\"]|valid|allowed|permitted|possible|range|one|between", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ValidSet:
    """What a Description / Valid Set cell allows: a list of values, or a range (inclusive bounds)."""

    values: tuple[str, ...] = ()
    low: Decimal | None = None
    high: Decimal | None = None
    text: str = ""  # as written, for messages

    @property
    def is_range(self) -> bool:
        return self.low is not None


def valid_set(cell: str) -> ValidSet | None:
    """The valid set a cell states clearly, or None (prose, or more than one reading)."""
    text = normalise(cell).translate(_MINUS)
    if not text or not _MAY_STATE.search(text):
        return None
    for marker in _MARKER.finditer(text):
        found = _after_marker(text, marker.end())
        if found is not None:
            return found
    between = [_range(m) for m in _BETWEEN.finditer(text)]
    if between:
        return between[0] if len(set(between)) == 1 else None
    readings = {r for r in _standing_alone(text.split("\n")) if r is not None}
    return readings.pop() if len(readings) == 1 else None


def _after_marker(text: str, start: int) -> ValidSet | None:
    line_end = text.find("\n", start)
    rest = text[start:] if line_end < 0 else text[start:line_end]
    if rest.strip():
        ranged = _RANGE_ALONE.match(rest.strip())
        if ranged:
            return _range(ranged)
        return _inline_list(rest)
    return _line_list(text[line_end + 1 :].split("\n") if line_end >= 0 else [], quoted_only=False)


def _standing_alone(lines: list[str]) -> Iterator[ValidSet | None]:
    for line in lines:
        ranged = _RANGE_ALONE.match(line) or _RANGE_CLOSING[0].search(line) or _RANGE_CLOSING[1].search(line)
        if ranged:
            yield _range(ranged)
            continue
        for part in dict.fromkeys((line, line.partition(":")[2])):  # "The mode: 'Credit' or 'Prepayment'"
            listed = _inline_list(part) if part.strip() else None
            if listed is not None and len(listed.values) >= 2 and _all_quoted(part):
                yield listed
    yield _line_list(lines, quoted_only=True, anywhere=True)


def _range(match: re.Match[str]) -> ValidSet | None:
    low, high = _number(match.group("low")), _number(match.group("high"))
    if low is None or high is None or low >= high:
        return None
    return ValidSet(low=low, high=high, text=f"{_shown(low)} to {_shown(high)}")


def _number(text: str) -> Decimal | None:
    text = text.replace(",", "")
    try:
        if re.fullmatch(r"[-+]?0x[0-9A-Fa-f]+", text):
            return Decimal(int(text, 16))
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _shown(value: Decimal) -> str:
    return format(value, "f")


def _inline_list(rest: str) -> ValidSet | None:
    """'A', 'B' or 'C' / A, B, C: values and separators only, up to the end of the line or of the sentence."""
    values: list[str] = []
    quoted = True
    position = 0
    rest = rest.strip()
    while True:
        match = _VALUE.match(rest, position)
        if match is None:
            return None
        values.append(_value_of(match))
        quoted = quoted and match.group("bare") is None
        position = match.end()
        note = _NOTE.match(rest, position)
        if note:
            position = note.end()
        separator = _SEPARATOR.match(rest, position)
        if separator is None or separator.end() == len(rest):
            break
        position = separator.end()
    if not re.fullmatch(r"\s*(?:\.(?:\s.*)?)?", rest[position:]):
        return None
    return _listed(values, quoted, ", ".join(values))


def _line_list(lines: Sequence[str], quoted_only: bool, anywhere: bool = False) -> ValidSet | None:
    """One value a line (bulleted or not, a meaning after it allowed): the lines right after a marker, or with
    `anywhere` the first run of two or more lines that hold one quoted value each."""
    values: list[str] = []
    quoted = True
    for line in lines:
        item = _BULLET.sub("", line.strip())
        match = _VALUE.match(item)
        if match is None or _RANGE_ALONE.match(item) or not _MEANING.match(item[match.end() :]):
            if anywhere and len(values) < 2:
                values, quoted = [], True
                continue
            break
        if quoted_only and match.group("bare") is not None:
            if anywhere and len(values) < 2:
                values, quoted = [], True
                continue
            break
        values.append(_value_of(match))
        quoted = quoted and match.group("bare") is None
    if anywhere and len(values) < 2:
        return None
    return _listed(values, quoted, ", ".join(values))


def _listed(values: list[str], quoted: bool, text: str) -> ValidSet | None:
    # one plain word after "one of" or "Valid set:" may be prose; one quoted value is a set of one
    if not values or (not quoted and len(values) < 2) or len(set(values)) != len(values):
        return None
    if not quoted and any(v.lower() in _PROSE_WORDS for v in values):
        return None  # "one of them, and then"
    return ValidSet(values=tuple(values), text=text)


def _value_of(match: re.Match[str]) -> str:
    found = match.group("single")
    if found is None:
        found = match.group("double")
    if found is None:
        found = match.group("bare")
    return " ".join(found.split())


def _all_quoted(line: str) -> bool:
    return not re.search(rf"(?:^|[\s,;/]){_BARE}", re.sub(_QUOTED, "", line).replace(" or ", " ").replace(" and ", " "))


# --- what the XSD allows -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Allowed:
    """The values a data item's type allows, as far as these rules compare them."""

    shown: str  # the type as users write it: sr:RecurrenceType, xs:unsignedByte, the type of sr:X/Y
    space: ValueSpace
    atom: Atomic
    enumeration: tuple[str, ...] | None  # collapsed, in XSD order; None: no enumeration facet
    low: tuple[Decimal, bool] | None  # (bound, inclusive) of a number type; None: unbounded or not a number
    high: tuple[Decimal, bool] | None
    numeric: bool
    integer: bool
    where: Location  # the enumeration's or range's type


_NUMERIC = frozenset({"decimal", "float", "double"}) | frozenset(INTEGER_RANGES)


def allowed(model: SchemaModel, decl: Declaration) -> Allowed | None:
    """The value space of a declaration's simple type (or simple content), if it is one atomic type."""
    from duislint.semantics import Undecidable
    from duislint.semantics.values import Atomic, value_space

    name, typedef = _type_of(model, decl)
    try:
        space = value_space(model, name, typedef)
    except (Undecidable, ValueError):
        return None
    if len(space.members) != 1 or not isinstance(space.members[0], Atomic):
        return None
    atom = space.members[0]
    enumeration = _enumeration(atom)
    numeric = _builtin_root(atom.builtin) in _NUMERIC
    integer = atom.builtin in INTEGER_RANGES
    try:
        low, high = _bounds(atom, integer) if numeric else (None, None)
    except InvalidOperation:  # a bound that is no number (XS001 reports the schema)
        return None
    owner = _owner(model, typedef or model.named_type(name))
    where = (
        Location(owner.source.path, owner.source.line)
        if owner is not None
        else Location(decl.source.path, decl.source.line)
    )
    return Allowed(_shown_type(model, name, decl), space, atom, enumeration, low, high, numeric, integer, where)


def _type_of(model: SchemaModel, decl: Declaration) -> tuple[QName | None, TypeDef | None]:
    if isinstance(decl, AttributeDecl):
        attribute = _attribute_target(model, decl)
        if attribute.anonymous_type is not None:
            return None, attribute.anonymous_type
        return attribute.type_name or QName(XS, "anySimpleType"), None
    if decl.ref is not None:
        element = model.element(decl.ref)
        if element is None:
            return None, None
        decl = element
    if decl.anonymous_type is not None:
        return None, decl.anonymous_type
    return decl.type_name or QName(XS, "anyType"), None


def _shown_type(model: SchemaModel, name: QName | None, decl: Declaration) -> str:
    if name is not None:
        return model.show(name) if name.namespace != XS else f"xs:{name.local}"
    return f"the type of {decl.context}"


def _enumeration(atom: Atomic) -> tuple[str, ...] | None:
    if not atom.enumerations:
        return None
    steps = [tuple(" ".join(v.split()) for v in step) for step in atom.enumerations]
    return tuple(v for v in dict.fromkeys(steps[-1]) if all(v in step for step in steps[:-1]))


def _builtin_root(local: str) -> str:
    return "decimal" if local in INTEGER_RANGES else local


def _bounds(atom: Atomic, integer: bool) -> tuple[tuple[Decimal, bool] | None, tuple[Decimal, bool] | None]:
    lows = [(Decimal(limit.value), limit.inclusive) for limit in atom.lowers]
    highs = [(Decimal(limit.value), limit.inclusive) for limit in atom.uppers]
    if atom.builtin in INTEGER_RANGES:
        builtin_low, builtin_high = INTEGER_RANGES[atom.builtin]
        if builtin_low != float("-inf"):
            lows.append((Decimal(int(builtin_low)), True))
        if builtin_high != float("inf"):
            highs.append((Decimal(int(builtin_high)), True))
    low = max(lows, key=lambda b: (b[0], not b[1])) if lows else None
    high = min(highs, key=lambda b: (b[0], b[1])) if highs else None
    if integer:  # an exclusive bound of an integer type is the next integer, inclusive
        if low is not None and not low[1]:
            low = (Decimal(int(low[0].to_integral_value(rounding="ROUND_FLOOR")) + 1), True)
        if high is not None and not high[1]:
            high = (Decimal(int(high[0].to_integral_value(rounding="ROUND_CEILING")) - 1), True)
    return low, high


def _owner(model: SchemaModel, typedef: TypeDef | None) -> TypeDef | None:
    """The most derived type in the chain that states an enumeration or a bound (where a reader would look)."""
    seen: set[int] = set()
    current = typedef
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.enumerations or any(f.name.startswith(("min", "max")) for f in current.facets):
            return current
        if current.base is not None:
            current = model.named_type(current.base)
        else:
            current = current.anonymous_members[0] if current.anonymous_members else None
    return typedef


def _accepts(found: Allowed, value: str) -> bool | None:
    from duislint.semantics import Undecidable
    from duislint.semantics.values import accepts

    try:
        return accepts(found.space, value)
    except (Undecidable, ValueError, re.error):
        return None


def _range_text(found: Allowed) -> str:
    def side(bound: tuple[Decimal, bool] | None, unbounded: str) -> str:
        if bound is None:
            return unbounded
        return _shown(bound[0]) + ("" if bound[1] else " (exclusive)")

    return f"{side(found.low, 'no lower bound')} to {side(found.high, 'no upper bound')}"


# --- the rules ---------------------------------------------------------------------------------------------------


def _typed_items(context: CheckContext, column: str) -> Iterator[tuple[str, Location, str, Sequence[Declaration],
                                                                       Allowed, int | None]]:  # fmt: skip
    """(item, row location, cell text, declarations, what its type allows, the cell's column) for each data item
    whose declarations agree on one type."""
    model = context.model
    for item in _items(context):
        index = item.table.column(column)
        if column == "valid_set" and index is None:
            index = item.table.column("description")
        cell = item.row.cell(index)
        if not cell.strip():
            continue
        scope, _ = _scope(context, item.table)
        decls = scope.get(item.name, [])
        if not decls:
            continue
        known = context.memo(_allowed_of)
        if id(decls) not in known:  # the scopes keep their lists for the run: an id stays theirs
            types = {_type_key(model, d) for d in decls}
            known[id(decls)] = allowed(model, decls[0]) if len(types) == 1 else None
        found = known[id(decls)]
        if found is not None:
            yield item.name, item.row.location, cell, decls, found, index


def _allowed_of(context: CheckContext) -> dict[int, Allowed | None]:
    """A scope's declarations of one name (by identity) -> what their one type allows (None: no one type, or not
    one atomic type), once a run: SP206 and SP207 read it, for every row listing the item."""
    return {}


def _type_key(model: SchemaModel, decl: Declaration) -> object:
    name, typedef = _type_of(model, decl)
    return name if name is not None else id(typedef)


@rule("SP206", "valid-set-contradicts-schema", Severity.WARNING, "spec", fixes=("safe",))
def valid_set_contradicts_schema(context: CheckContext) -> Iterator[Hit]:
    """A data item's Valid Set disagrees with its XSD type: a value the enumeration lacks (or the type rejects),
    enumeration values the set leaves out, or a range other than the type's minInclusive/maxInclusive (or
    minExclusive/maxExclusive; the built-in type's range where no facet is given).

    Why:
        Senders pick values from the Valid Set; receivers validate against the XSD. A value only in the
        specification ('Fortnightly') is rejected by every validating receiver; an enumeration value the Valid
        Set leaves out is one implementers never handle; a range of 1 to 5 over a type that allows 1 to 7 makes
        one side reject what the other sends. A valid set is read only where the cell states it clearly ("Valid
        set:", "one of", "Range:", a range closing a sentence, quoted values one a line); prose is not compared.
        A list of values against a type without an enumeration is checked only for values the type rejects.

    Bad:
        | Frequency | Valid set: 'Daily', 'Weekly', 'Fortnightly' | sr:Frequency |
        <xs:simpleType name="Frequency"> ... 'Daily', 'Weekly', 'Monthly'

    Good:
        | Frequency | Valid set: 'Daily', 'Weekly', 'Monthly' | sr:Frequency |

    Fix:
        Safe: a valid set that leaves out enumeration values completed from the enumeration, where it is one line
        of quoted values separated by commas; the values written after its last, in its quotes.
    """
    for name, where, cell, decls, found, column in _typed_items(context, "valid_set"):
        stated = valid_set(cell)
        if stated is None:
            continue
        related = (found.where, *_where(decls))
        related = tuple(dict.fromkeys(related))
        if stated.is_range:
            yield from _range_hits(name, where, stated, found, related)
        else:
            yield from _value_hits(name, where, stated, found, related, _Cell(cell, column))


def _range_hits(name: str, where: Location, stated: ValidSet, found: Allowed,
                related: tuple[Location, ...]) -> Iterator[Hit]:  # fmt: skip
    assert stated.low is not None and stated.high is not None
    if found.enumeration is not None:
        numbers = [_number(v) for v in found.enumeration]
        if not found.integer or None in numbers or stated.high - stated.low > 1000:
            return
        if stated.low != stated.low.to_integral_value() or stated.high != stated.high.to_integral_value():
            return
        listed = {Decimal(n) for n in range(int(stated.low), int(stated.high) + 1)}
        if listed != set(numbers):
            yield Hit(
                f"valid range {stated.text} of data item '{name}' differs from the enumeration of {found.shown}: "
                f"{', '.join(found.enumeration)}",
                name, where, related=related, expected=found.enumeration,
            )  # fmt: skip
        return
    if not found.numeric:
        return
    agrees = (found.low is not None and found.low == (stated.low, True)) and (
        found.high is not None and found.high == (stated.high, True)
    )
    if agrees:
        return
    xsd = _range_text(found)
    inclusive = found.low is not None and found.high is not None and found.low[1] and found.high[1]
    yield Hit(
        f"valid range {stated.text} of data item '{name}' differs from the XSD's {xsd} ({found.shown})",
        name, where, related=related, suggestion=xsd if inclusive else None,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Cell:
    """The Valid Set cell as written, and its column: what a fix edits."""

    text: str
    column: int | None


def _value_hits(name: str, where: Location, stated: ValidSet, found: Allowed, related: tuple[Location, ...],
                cell: _Cell) -> Iterator[Hit]:  # fmt: skip
    if found.enumeration is None:
        for value in stated.values:
            if _accepts(found, value) is False:
                extent = f" ({_range_text(found)})" if found.numeric else ""
                yield Hit(
                    f"valid set of data item '{name}' lists '{value}', which {found.shown}{extent} does not allow",
                    name, where, related=related,
                )  # fmt: skip
        return
    xsd = {_key(found, v): v for v in found.enumeration}
    spec = {_key(found, v): v for v in stated.values}
    only_xsd = [v for k, v in xsd.items() if k not in spec]
    for key, value in spec.items():
        if key in xsd:
            continue
        near = closest(value, only_xsd)
        if near is not None:
            only_xsd.remove(near)
        yield Hit(
            f"valid set of data item '{name}' lists '{value}', which the enumeration of {found.shown} lacks",
            name, where, related=related, suggestion=near, expected=found.enumeration,
        )  # fmt: skip
    if only_xsd:
        yield Hit(
            f"valid set of data item '{name}' leaves out {', '.join(repr(v) for v in only_xsd)} of the enumeration "
            f"of {found.shown}",
            name, where, related=related, suggestion=", ".join(repr(v) for v in found.enumeration),
            expected=found.enumeration, fix=_completed(cell, stated, only_xsd, where),
        )  # fmt: skip


_QUOTE_PAIRS = (("'", "'"), ('"', '"'), ("\u2018", "\u2019"), ("\u201c", "\u201d"))


def _completed(cell: _Cell, stated: ValidSet, missing: list[str], where: Location) -> Fix | None:
    """The valid set completed from the enumeration, where it is one line of quoted values separated by commas
    ("'Daily', 'Weekly'"): the values it leaves out written after its last, in its quotes. A list in another style
    ("'A', 'B' or 'C'", one a line) is completed by hand."""
    if cell.column is None or not stated.values:
        return None
    for opening, closing in _QUOTE_PAIRS:
        first, last = (f"{opening}{v}{closing}" for v in (stated.values[0], stated.values[-1]))
        if cell.text.count(first) == 1 and cell.text.count(last) == 1:
            break
    else:
        return None
    span = cell.text[cell.text.index(first) : cell.text.index(last) + len(last)]
    if "\n" in span or re.search(r"\b(?:or|and)\b", span):
        return None
    more = "".join(f", {opening}{value}{closing}" for value in missing)
    edit = ReplaceText(CellAddress.of(where, cell.column), last, last + more, cell.text)
    return fix_of("safe", f"complete the valid set with {', '.join(repr(v) for v in missing)}", edit, at=where)


def _key(found: Allowed, value: str) -> object:
    if found.numeric:
        number = _number(value)
        if number is not None:
            return number
    return " ".join(value.split())


_NO_DEFAULT = {"none", "n/a", "na", "-", "–", "—", "no default", "not applicable"}


def stated_default(cell: str) -> tuple[bool, str | None]:
    """(clear, value) of a Default cell: (True, None) for "None" and the like, (True, value) for one quoted value
    or one word or number, (False, None) for anything else (prose: "the current date")."""
    text = one_line(cell).rstrip(".")
    if text.lower() in _NO_DEFAULT:
        return True, None
    quoted = re.fullmatch(_QUOTED, text)
    if quoted:
        return True, " ".join((quoted.group("single") or quoted.group("double") or "").split())
    if re.fullmatch(r"[-+]?[A-Za-z0-9_.+\-]+", text):
        return True, text
    return False, None


@rule("SP207", "default-contradicts-schema", Severity.WARNING, "spec")
def default_contradicts_schema(context: CheckContext) -> Iterator[Hit]:
    """A data item's Default column contradicts the XSD: another value than the declaration's default= (or
    fixed=), "None" where the XSD gives a default, or a default the item's type does not allow.

    Why:
        A receiver that reads the XSD applies its default= when the item is absent; a sender that reads the
        specification expects the Default column's. When they differ (Default 'Pence' against default="Millipence")
        the two sides disagree on the value of every message that leaves the item out, and a default the type
        rejects can never be sent. A Default the XSD does not declare is not otherwise compared: DUIS documents
        defaults that the DCC applies, which no schema states. Only a clear cell is compared: "None", one quoted
        value, or one word or number.

    Bad:
        | CurrencyUnits | ... | ra:CurrencyUnits | No | Pence |       <xs:element ... default="Millipence"/>

    Good:
        | CurrencyUnits | ... | ra:CurrencyUnits | No | Millipence |  <xs:element ... default="Millipence"/>
    """
    model = context.model
    for name, where, cell, decls, found, _ in _typed_items(context, "default"):
        clear, stated = stated_default(cell)
        if not clear:
            continue
        defaults = {_xsd_default(model, d) for d in decls}
        if len(defaults) != 1:
            continue
        xsd = defaults.pop()
        related = tuple(dict.fromkeys((*_where(decls), found.where)))
        if xsd is not None:
            attribute, value = xsd
            if stated is None:
                yield Hit(
                    f"data item '{name}' has Default '{one_line(cell)}' in the specification but the XSD has "
                    f'{attribute}="{value}"',
                    name, where, related=related, suggestion=value,
                )  # fmt: skip
            elif _key(found, stated) != _key(found, value):
                yield Hit(
                    f"Default '{stated}' of data item '{name}' differs from the XSD's {attribute}=\"{value}\"",
                    name, where, related=related, suggestion=value,
                )  # fmt: skip
        elif stated is not None and _accepts(found, stated) is False:
            near = closest(stated, found.enumeration) if found.enumeration else None
            yield Hit(
                f"Default '{stated}' of data item '{name}' is not a value {found.shown} allows",
                name, where, related=related, suggestion=near, expected=found.enumeration or (),
            )  # fmt: skip


def _xsd_default(model: SchemaModel, decl: Declaration) -> tuple[str, str] | None:
    """("default" or "fixed", value) of a declaration, through a ref to the global declaration."""
    target: ElementDecl | AttributeDecl | None = decl
    if isinstance(decl, ElementDecl) and decl.ref is not None:
        target = model.element(decl.ref)
    elif isinstance(decl, AttributeDecl):
        target = _attribute_target(model, decl)
    for candidate in (decl, target):
        if candidate is None:
            continue
        if candidate.fixed is not None:
            return "fixed", " ".join(candidate.fixed.split())
        if candidate.default is not None:
            return "default", " ".join(candidate.default.split())
    return None

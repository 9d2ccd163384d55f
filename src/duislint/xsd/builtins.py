"""How the value spaces of XSD 1.0 built-in datatypes nest (XML Schema Part 2, 3.2-3.3), for telling a type
change that only widens (xs:unsignedShort -> xs:unsignedInt) from one that narrows or replaces.

Integer types are compared by their ranges, so xs:unsignedShort -> xs:int is a widening though neither derives
from the other; the token types by derivation (every xs:NCName is an xs:token). Types are related only when they
treat whitespace alike: xs:string keeps it, xs:normalizedString replaces it, xs:token and the rest collapse it, so a
message that is valid under xs:token with an enumeration (" A ") is not valid under xs:string with the same one,
and xs:string -> xs:token is a replaced type, not a narrowed one. Other built-ins (dates, binary, floating point)
are related to none.
"""

from __future__ import annotations

from duislint.xsd.model import XS

WIDER, NARROWER = "wider", "narrower"

_INF = float("inf")
INTEGER_RANGES: dict[str, tuple[float, float]] = {
    "integer": (-_INF, _INF),
    "nonPositiveInteger": (-_INF, 0),
    "negativeInteger": (-_INF, -1),
    "nonNegativeInteger": (0, _INF),
    "positiveInteger": (1, _INF),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
# derivation by restriction among the other built-ins; the integer types all derive from decimal
_PARENT: dict[str, str] = {
    "language": "token",
    "NMTOKEN": "token",
    "Name": "token",
    "NCName": "Name",
    "ID": "NCName",
    "IDREF": "NCName",
    "ENTITY": "NCName",
    **{name: "decimal" for name in INTEGER_RANGES},
}


def relation(before: str, after: str) -> str | None:
    """WIDER when every value of built-in `before` is a value of built-in `after` (names as {namespace}local),
    NARROWER for the reverse; None when either is not an XSD built-in, they are equal, or neither contains the
    other."""
    old, new = _local(before), _local(after)
    if old is None or new is None or old == new:
        return None
    if _contains(new, old):
        return WIDER
    if _contains(old, new):
        return NARROWER
    return None


def _local(name: str) -> str | None:
    prefix = f"{{{XS}}}"
    return name[len(prefix) :] if name.startswith(prefix) else None


def _contains(outer: str, inner: str) -> bool:
    if outer in INTEGER_RANGES and inner in INTEGER_RANGES:
        (low_outer, high_outer), (low_inner, high_inner) = INTEGER_RANGES[outer], INTEGER_RANGES[inner]
        return low_outer <= low_inner and high_inner <= high_outer
    step = inner
    while step in _PARENT:
        step = _PARENT[step]
        if step == outer:
            return True
    return False

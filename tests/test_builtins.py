"""How built-in XSD types nest: the diff classes a type change that only widens or only narrows by it."""

from __future__ import annotations

import itertools

import pytest

from duislint.xsd.builtins import NARROWER, WIDER, relation
from duislint.xsd.model import BUILTIN_TYPES, XS


def xs(local: str) -> str:
    return f"{{{XS}}}{local}"


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("unsignedShort", "unsignedInt", WIDER),
        ("unsignedShort", "int", WIDER),  # 0..65535 fits an int, though neither derives from the other
        ("short", "unsignedInt", None),  # negatives lost
        ("int", "decimal", WIDER),
        ("positiveInteger", "nonNegativeInteger", WIDER),
        ("long", "int", NARROWER),
        ("token", "string", None),  # whitespace: " A " is the enumeration value A as a token, not as a string
        ("normalizedString", "string", None),
        ("string", "NCName", None),
        ("token", "NCName", NARROWER),
        ("ID", "token", WIDER),
        ("date", "dateTime", None),
        ("float", "double", None),  # not compared: lexical and special values differ in practice
        ("string", "anySimpleType", None),
        ("string", "string", None),
    ],
)
def test_relation_of_built_in_types(before, after, expected):
    assert relation(xs(before), xs(after)) == expected


def test_user_defined_or_unknown_types_are_not_related():
    assert relation("{http://www.dccinterface.co.uk/ServiceUserGateway}CurrencyValue", xs("long")) is None
    assert relation(xs("int"), "") is None


def test_widening_one_way_is_narrowing_the_other_for_every_pair():
    for a, b in itertools.permutations(sorted(BUILTIN_TYPES), 2):
        forward, backward = relation(xs(a), xs(b)), relation(xs(b), xs(a))
        assert (forward, backward) in ((None, None), (WIDER, NARROWER), (NARROWER, WIDER)), (a, b)

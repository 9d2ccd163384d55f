"""The rule registry: one record for check and diff rules, each documented and each tested on its own."""

from __future__ import annotations

import re
from pathlib import Path

from duislint.rules import RuleKind, all_rules, get_rule, select

TESTS = Path(__file__).parent
# the files that test rules one by one (a fixture per rule, asserting its findings or changes)
RULE_TESTS = sorted(TESTS.glob("test_rules_*.py")) + [TESTS / "test_diff_rules.py", TESTS / "test_messages.py"]


def test_every_registered_rule_has_a_rule_level_test():
    """Adding a rule is one function in one file plus its test: a rule nobody tests is caught here."""
    tested = set()
    for path in RULE_TESTS:
        tested |= set(re.findall(r"\b(?:XS|DU|SP|MS|NM|BR)\d{3}\b", path.read_text(encoding="utf-8")))
    untested = sorted(r.id for r in all_rules() if r.id not in tested)
    assert untested == [], f"rules without a rule-level test in {', '.join(p.name for p in RULE_TESTS)}"


def test_check_and_diff_rules_share_one_record_and_one_lookup():
    kinds = {r.kind for r in all_rules()}
    assert kinds == {RuleKind.CHECK, RuleKind.DIFF}
    br104 = get_rule("ENUM_VALUE_NO_DELETE")
    assert br104 is not None and br104.id == "BR104" and br104.impacts is not None and br104.severity is None
    xs203 = get_rule("xs203")
    assert xs203 is not None and xs203.severity is not None and xs203.impacts is None


def test_select_and_ignore_name_rules_of_either_kind():
    assert [r.id for r in select(["BR10"], ["BR104"], RuleKind.DIFF)][:3] == ["BR101", "BR102", "BR103"]
    assert "BR104" not in {r.id for r in select(["BR10"], ["BR104"], RuleKind.DIFF)}
    assert select(["BR104"], [], RuleKind.CHECK) == []  # a diff rule selects no check rule
    assert {r.id for r in select(["XS4"], [], RuleKind.CHECK)} == {"XS401", "XS402"}


def test_refs_and_xs101_agree_on_the_name_they_suggest(tmp_path, monkeypatch):
    """One threshold: a name close enough for `refs` is close enough for XS101 (issue 16, item 8)."""
    from tests.conftest import sr_schema
    from tests.helpers import check_json, cli, only

    monkeypatch.chdir(tmp_path)
    defined = '<xs:complexType name="SubGHzConfiguration"><xs:sequence/></xs:complexType>'
    (tmp_path / "sr.xsd").write_text(sr_schema(defined + '<xs:element name="Request" type="sr:SubGHzConfigs"/>'),
                                     encoding="utf-8")  # fmt: skip
    (tmp_path / "clean.xsd").write_text(sr_schema(defined + '<xs:element name="Request" type="sr:SubGHzConfiguration"/>'),
                                        encoding="utf-8")  # fmt: skip

    finding = only(check_json("sr.xsd"), "XS101")
    refs = cli("refs", "clean.xsd", "sr:SubGHzConfigs")  # the same near miss, asked of a set without it

    assert finding["suggestion"] == "sr:SubGHzConfiguration"
    assert refs.code == 1 and "did you mean sr:SubGHzConfiguration?" in refs.err
    assert finding["message"] == ("type 'sr:SubGHzConfigs' is not defined (the type attribute of "
                                  "sr:Request names it)")  # fmt: skip

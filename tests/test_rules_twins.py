"""XS401/XS402 and `duislint diff` compare structure with one comparer (xsd.flatten + xsd.compare): what the diff
sees between old X and new X, the twin rules see between sr:X and ra:X."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RA_NS, ra_schema, sr_schema
from tests.helpers import check_json, cli, findings_of, line_of, only

pytestmark = pytest.mark.usefixtures("in_fixture_folder")

IMPORT_MMC = f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n'

# two sibling choices in one sequence: each must keep its own identity (choice, choice[2])
PICK = """
<xs:complexType name="Pick">
  <xs:sequence>
    <xs:choice minOccurs="@FIRST@"><!-- first choice -->
      <xs:element name="A" type="xs:string"/>
      <xs:element name="B" type="xs:string"/>
    </xs:choice>
    <xs:choice><!-- second choice -->
      <xs:element name="C" type="xs:string"/>
      <xs:element name="D" type="xs:string"/>
    </xs:choice>
  </xs:sequence>
</xs:complexType>
"""
USE = '<xs:element name="Request"><xs:complexType><xs:sequence><xs:element name="P" type="{p}:Pick"/>' \
      "</xs:sequence></xs:complexType></xs:element>"  # fmt: skip


def _pick(first: str) -> str:
    return PICK.replace("@FIRST@", first)


def test_a_change_to_the_first_of_two_sibling_choices_is_twin_drift_at_that_choice():
    duis = sr_schema(_pick("0") + USE.format(p="sr") + '<xs:element name="Alert" type="ra:Pick"/>', imports=IMPORT_MMC)
    mmc = ra_schema(_pick("1"))
    Path("duis.xsd").write_text(duis, encoding="utf-8")
    Path("mmc.xsd").write_text(mmc, encoding="utf-8")

    finding = only(check_json("duis.xsd"), "XS401")

    assert finding["subject"] == "sr:Pick~ra:Pick"
    assert (finding["location"]["path"], finding["location"]["line"]) == ("duis.xsd", line_of(duis, "first choice"))
    assert [(r["path"], r["line"]) for r in finding["related"]] == [("mmc.xsd", line_of(mmc, "first choice"))]
    assert "choice occurs 0..1 in sr:, 1..1 in ra:" in finding["message"]
    assert "differ in 1 place" in finding["message"]  # the second choice is not blamed


def test_the_diff_sees_the_same_change_between_old_and_new(capsys):


    Path("old.xsd").write_text(sr_schema(_pick("0") + USE.format(p="sr")), encoding="utf-8")
    Path("new.xsd").write_text(sr_schema(_pick("1") + USE.format(p="sr")), encoding="utf-8")

    result = cli("diff", "old.xsd", "new.xsd", "--format", "json", "--fail-on", "never")
    changes = json.loads(result.out)["changes"]

    assert [(c["subject"], c["rule"], c["detail"]) for c in changes] == [
        ("sr:Pick/choice", "BR106", "choice of sr:Pick/choice occurs 0..1 -> 1..1")
    ]


def test_a_relaxation_of_the_second_choice_only_is_relaxed_not_drift():
    second_optional = _pick("1").replace("<xs:choice><!-- second", '<xs:choice minOccurs="0"><!-- second')
    duis = sr_schema(_pick("1") + USE.format(p="sr") + '<xs:element name="Alert" type="ra:Pick"/>', imports=IMPORT_MMC)
    Path("duis.xsd").write_text(duis, encoding="utf-8")
    Path("mmc.xsd").write_text(ra_schema(second_optional), encoding="utf-8")

    report = check_json("duis.xsd")

    assert findings_of(report, "XS401") == []
    finding = only(report, "XS402")
    assert finding["location"]["line"] == line_of(duis, "second choice")


def test_a_pattern_on_one_twin_only_is_drift_not_a_crash():
    t_sr = '<xs:simpleType name="T"><xs:restriction base="xs:string"><xs:pattern value="[0-9]+"/></xs:restriction>' \
           "</xs:simpleType>"  # fmt: skip
    t_ra = '<xs:simpleType name="T"><xs:restriction base="xs:string"/></xs:simpleType>'
    uses = '<xs:element name="Request" type="sr:T"/><xs:element name="Alert" type="ra:T"/>'
    Path("duis.xsd").write_text(sr_schema(t_sr + uses, imports=IMPORT_MMC), encoding="utf-8")
    Path("mmc.xsd").write_text(ra_schema(t_ra), encoding="utf-8")

    finding = only(check_json("duis.xsd"), "XS401")

    assert "facet pattern is [0-9]+ in sr:, (none) in ra:" in finding["message"]


def test_a_total_digits_facet_on_both_sides_is_no_difference_whatever_the_bounds():
    restricted = '<xs:simpleType name="P"><xs:restriction base="xs:int"><xs:totalDigits value="2"/>' \
                 '<xs:minInclusive value="0"/><xs:maxInclusive value="@MAX@"/></xs:restriction></xs:simpleType>'  # fmt: skip
    use = '<xs:element name="Request" type="sr:P"/>'
    Path("old.xsd").write_text(sr_schema(restricted.replace("@MAX@", "99") + use), encoding="utf-8")
    Path("new.xsd").write_text(sr_schema(restricted.replace("@MAX@", "999") + use), encoding="utf-8")

    changes = cli("diff", "old.xsd", "new.xsd", "--format", "json", "--fail-on", "never").json()["changes"]

    assert [(c["rule"], c["subject"]) for c in changes] == [("BR109", "sr:P#maxInclusive")]

"""`duislint diff` judges each change by what the two sets accept: breaking only when an instance valid before is
invalid after, for its receiver; every breaking and potentially breaking change with a witness that libxml2
confirms (valid under one side, invalid under the other)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from duislint.schemas import load
from tests.conftest import duis_data
from tests.helpers import cli

NS = "urn:duislint:test"


def schema(body: str) -> str:
    return (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{NS}" targetNamespace="{NS}" '
            f'elementFormDefault="qualified">\n{body}\n</xs:schema>\n')  # fmt: skip


def write_side(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.xsd").write_text(schema(body), encoding="utf-8")
    return folder


def diff(tmp_path: Path, old: str, new: str) -> dict:
    before = write_side(tmp_path / "old", old)
    after = write_side(tmp_path / "new", new)
    result = cli("diff", before, after, "--format", "json", "--fail-on", "never")
    assert result.code == 0, result.err
    return result.json()


def rooted(direction: str, changed: str) -> str:
    """A message root of that direction (a request: named *Request) whose content holds type t:Changed."""
    root = "ThingRequest" if direction == "request" else "ThingResponse"
    return f'<xs:element name="{root}" type="t:Changed"/>\n{changed}'


def validates(folder: Path, xml: str) -> bool:
    validator = etree.XMLSchema(etree.parse(str(folder / "t.xsd")))
    return validator.validate(etree.fromstring(xml.encode()))


def assert_witness_holds(tmp_path: Path, change: dict) -> None:
    witness = change["witness"]
    valid, invalid = tmp_path / witness["valid"], tmp_path / witness["invalid"]
    assert validates(valid, witness["xml"]), witness["xml"]
    assert not validates(invalid, witness["xml"]), witness["xml"]


CHOICE_OLD = """<xs:complexType name="Changed"><xs:choice>
  <xs:element name="A" type="xs:string"/><xs:element name="B" type="xs:string"/>
</xs:choice></xs:complexType>"""
CHOICE_NEW = """<xs:complexType name="Changed"><xs:choice>
  <xs:element name="A" type="xs:string"/>
  <xs:sequence><xs:element name="B" type="xs:string"/><xs:element name="C" type="xs:string" minOccurs="0"/></xs:sequence>
</xs:choice></xs:complexType>"""


def test_a_member_moved_into_a_sequence_with_an_optional_element_is_one_change_that_breaks_no_request(tmp_path):
    report = diff(tmp_path, rooted("request", CHOICE_OLD), rooted("request", CHOICE_NEW))
    assert len(report["changes"]) == 1
    change = report["changes"][0]
    assert change["impact"] == "non-breaking"
    assert change["subject"] == "t:Changed"
    assert len(change["parts"]) >= 2
    assert "witness" not in change


def test_the_same_move_in_a_response_may_break_receivers_and_shows_a_new_message_they_reject(tmp_path):
    report = diff(tmp_path, rooted("response", CHOICE_OLD), rooted("response", CHOICE_NEW))
    (change,) = report["changes"]
    assert change["impact"] == "potentially-breaking"
    assert change["witness"]["valid"] == "new"
    assert "<t:C" in change["witness"]["xml"]
    assert_witness_holds(tmp_path, change)


def test_a_date_time_given_optional_attributes_breaks_no_request(tmp_path):
    old = '<xs:complexType name="Changed"><xs:sequence><xs:element name="Timestamp" type="xs:dateTime"/></xs:sequence></xs:complexType>'
    new = """<xs:complexType name="Changed"><xs:sequence><xs:element name="Timestamp"><xs:complexType><xs:simpleContent>
      <xs:extension base="xs:dateTime"><xs:attribute name="zone" type="xs:string"/></xs:extension>
    </xs:simpleContent></xs:complexType></xs:element></xs:sequence></xs:complexType>"""
    request = diff(tmp_path / "rq", rooted("request", old), rooted("request", new))
    assert {c["impact"] for c in request["changes"]} == {"non-breaking"}
    response = diff(tmp_path / "rs", rooted("response", old), rooted("response", new))
    assert {c["impact"] for c in response["changes"]} == {"potentially-breaking"}
    for change in response["changes"]:
        assert_witness_holds(tmp_path / "rs", change)


def test_a_required_element_added_to_a_request_breaks_it_with_an_old_request_as_witness(tmp_path):
    old = '<xs:complexType name="Changed"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:complexType>'
    new = """<xs:complexType name="Changed"><xs:sequence><xs:element name="A" type="xs:int"/>
      <xs:element name="B" type="xs:int"/></xs:sequence></xs:complexType>"""
    (change,) = diff(tmp_path, rooted("request", old), rooted("request", new))["changes"]
    assert change["impact"] == "breaking"
    assert change["witness"]["valid"] == "old"
    assert_witness_holds(tmp_path, change)


ENUM = """<xs:simpleType name="Code"><xs:restriction base="xs:{base}">{values}</xs:restriction></xs:simpleType>
<xs:complexType name="Changed"><xs:sequence><xs:element name="Code" type="t:Code"/></xs:sequence></xs:complexType>"""


def enum(values: list[str], base: str = "string") -> str:
    return ENUM.format(base=base, values="".join(f'<xs:enumeration value="{v}"/>' for v in values))


def test_enumeration_values_are_judged_one_by_one_each_with_its_witness(tmp_path):
    report = diff(tmp_path, rooted("response", enum(["A", "B"])), rooted("response", enum(["A", "C", "D"])))
    by_subject = {c["subject"]: c for c in report["changes"]}
    assert set(by_subject) == {"t:Code=B", "t:Code=C", "t:Code=D"}
    assert by_subject["t:Code=B"]["impact"] == "non-breaking"  # a response narrowed: receivers still accept all
    for added in ("t:Code=C", "t:Code=D"):
        assert by_subject[added]["impact"] == "potentially-breaking"
        assert f">{added[-1]}<" in by_subject[added]["witness"]["xml"]
        assert_witness_holds(tmp_path, by_subject[added])


def test_an_enumeration_value_removed_from_a_request_breaks_it(tmp_path):
    (change,) = diff(tmp_path, rooted("request", enum(["A", "B"])), rooted("request", enum(["A"])))["changes"]
    assert change["impact"] == "breaking"
    assert ">B<" in change["witness"]["xml"]
    assert_witness_holds(tmp_path, change)


def test_an_enumeration_value_written_differently_but_equal_in_value_breaks_nothing(tmp_path):
    report = diff(tmp_path, rooted("request", enum(["1", "2"], "integer")),
                  rooted("request", enum(["01", "2"], "integer")))  # fmt: skip
    assert report["changes"]
    assert {c["impact"] for c in report["changes"]} == {"non-breaking"}


RANGE = """<xs:simpleType name="Level"><xs:restriction base="xs:int"><xs:minInclusive value="{low}"/>
<xs:maxInclusive value="{high}"/></xs:restriction></xs:simpleType>
<xs:complexType name="Changed"><xs:sequence><xs:element name="Level" type="t:Level"/></xs:sequence></xs:complexType>"""


def test_a_range_narrowed_breaks_a_request_and_its_witness_is_the_lost_bound(tmp_path):
    report = diff(tmp_path, rooted("request", RANGE.format(low=0, high=100)),
                  rooted("request", RANGE.format(low=0, high=50)))  # fmt: skip
    (change,) = report["changes"]
    assert change["impact"] == "breaking"
    assert_witness_holds(tmp_path, change)


def test_a_range_widened_breaks_no_request(tmp_path):
    report = diff(tmp_path, rooted("request", RANGE.format(low=0, high=50)),
                  rooted("request", RANGE.format(low=-5, high=100)))  # fmt: skip
    assert {c["impact"] for c in report["changes"]} == {"non-breaking"}


PATTERN = """<xs:simpleType name="Id"><xs:restriction base="xs:string">{patterns}</xs:restriction></xs:simpleType>
<xs:complexType name="Changed"><xs:sequence><xs:element name="Id" type="t:Id"/></xs:sequence></xs:complexType>"""


def test_a_second_pattern_is_an_alternative_that_widens_the_type(tmp_path):
    old = PATTERN.format(patterns='<xs:pattern value="[0-9]{4}"/>')
    new = PATTERN.format(patterns='<xs:pattern value="[0-9]{4}"/><xs:pattern value="[A-F]{2}"/>')
    request = diff(tmp_path / "rq", rooted("request", old), rooted("request", new))
    assert {c["impact"] for c in request["changes"]} == {"non-breaking"}
    response = diff(tmp_path / "rs", rooted("response", old), rooted("response", new))
    (change,) = response["changes"]
    assert change["impact"] == "potentially-breaking"
    assert_witness_holds(tmp_path / "rs", change)


def test_an_attribute_made_required_breaks_a_request(tmp_path):
    old = '<xs:complexType name="Changed"><xs:attribute name="v" type="xs:int"/></xs:complexType>'
    new = '<xs:complexType name="Changed"><xs:attribute name="v" type="xs:int" use="required"/></xs:complexType>'
    (change,) = diff(tmp_path, rooted("request", old), rooted("request", new))["changes"]
    assert change["impact"] == "breaking"
    assert_witness_holds(tmp_path, change)


def test_the_text_report_shows_the_proof_the_parts_and_the_witness(tmp_path):
    before = write_side(tmp_path / "old", rooted("response", CHOICE_OLD))
    after = write_side(tmp_path / "new", rooted("response", CHOICE_NEW))
    result = cli("diff", before, after, "--fail-on", "never")
    assert "proved (in responses and alerts): every old instance stays valid" in result.out
    assert "witness, valid under new and invalid under old:" in result.out
    assert "<t:ThingResponse" in result.out


# --- the real uplifts -------------------------------------------------------------------------------------------

PAIRS = [("5.0", "5.1"), ("5.1", "5.3a"), ("5.3a", "5.4")]


def real_diff(tmp_path: Path, old: str, new: str) -> dict:
    data = duis_data() / "schemas"
    result = cli("diff", data / old, data / new, "--format", "json", "--fail-on", "never")
    assert result.code == 0, result.err
    return result.json()


def test_real_timestamp_given_optional_attributes_is_no_longer_breaking(tmp_path):
    report = real_diff(tmp_path, "5.0", "5.1")
    timestamp = [c for c in report["changes"] if "Timestamp" in c["subject"]]
    assert timestamp
    assert all(c["impact"] != "breaking" for c in timestamp)


def test_real_change_of_supplier_restructure_is_one_change_and_not_breaking(tmp_path):
    report = real_diff(tmp_path, "5.1", "5.3a")
    moved = [c for c in report["changes"] if c["subject"].startswith("sr:ChangeOfSupplier")]
    assert len(moved) == 1
    assert moved[0]["impact"] != "breaking"
    assert len(moved[0]["parts"]) >= 3


def test_real_dspwanmatrix_restructure_stays_breaking_with_a_witness(tmp_path):
    report = real_diff(tmp_path, "5.1", "5.3a")
    matrix = [c for c in report["changes"] if c["subject"].startswith("sr:DSPWANMatrix") and c["impact"] == "breaking"]
    assert matrix
    assert all("witness" in c for c in matrix)


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_every_real_witness_is_valid_under_one_side_and_invalid_under_the_other(tmp_path, old, new):
    data = duis_data() / "schemas"
    report = real_diff(tmp_path, old, new)
    compiled = {label: load([str(data / version)]).compiled for label, version in (("old", old), ("new", new))}
    assert all(c["impact"] == "non-breaking" or "witness" in c for c in report["changes"] if c.get("semantics"))
    for change in (c for c in report["changes"] if "witness" in c):
        witness = change["witness"]
        root = etree.fromstring(witness["xml"].encode())
        namespace = etree.QName(root).namespace
        for side, expected in ((witness["valid"], True), (witness["invalid"], False)):
            validator = compiled[side].validator_for(namespace)
            assert validator.validate(root) is expected, (change["subject"], side, witness["xml"])


# --- what the syntax alone would miss: wildcards, attribute wildcards, substitution groups ------------------------


def test_a_wildcard_that_admits_fewer_namespaces_breaks_a_request(tmp_path):
    wildcard = ('<xs:complexType name="Changed"><xs:sequence><xs:any namespace="{ns}" processContents="lax"/>'
                "</xs:sequence></xs:complexType>")  # fmt: skip
    report = diff(tmp_path, rooted("request", wildcard.format(ns="##any")),
                  rooted("request", wildcard.format(ns="##other")))  # fmt: skip
    (change,) = report["changes"]
    assert (change["rule"], change["impact"]) == ("BR114", "breaking")
    assert "##other" in change["detail"]
    assert_witness_holds(tmp_path, change)


def test_an_attribute_wildcard_added_to_a_response_may_break_receivers(tmp_path):
    old = '<xs:complexType name="Changed"><xs:attribute name="v" type="xs:int"/></xs:complexType>'
    new = ('<xs:complexType name="Changed"><xs:attribute name="v" type="xs:int"/>'
           '<xs:anyAttribute namespace="##other" processContents="skip"/></xs:complexType>')  # fmt: skip
    (change,) = diff(tmp_path, rooted("response", old), rooted("response", new))["changes"]
    assert change["impact"] == "potentially-breaking"
    assert change["subject"] == "t:Changed/@*"
    assert_witness_holds(tmp_path, change)


def test_a_new_member_of_a_substitution_group_changes_what_its_head_admits(tmp_path):
    head = """<xs:element name="Reading" type="xs:string"/>
<xs:complexType name="Changed"><xs:sequence><xs:element ref="t:Reading"/></xs:sequence></xs:complexType>"""
    member = '<xs:element name="GasReading" type="xs:string" substitutionGroup="t:Reading"/>'
    report = diff(tmp_path, rooted("response", head), rooted("response", head + member))
    (change,) = report["changes"]  # the new global element: judged where its head is referred to
    assert (change["subject"], change["rule"], change["impact"]) == ("t:GasReading", "BR116", "potentially-breaking")
    assert "t:Changed" in change["semantics"]
    assert "<t:GasReading" in change["witness"]["xml"]
    assert_witness_holds(tmp_path, change)


def test_a_named_group_is_judged_where_a_type_uses_it(tmp_path):
    group = """<xs:group name="Extras"><xs:sequence>{members}</xs:sequence></xs:group>
<xs:complexType name="Changed"><xs:sequence><xs:element name="A" type="xs:string"/><xs:group ref="t:Extras"/>
</xs:sequence></xs:complexType>"""
    one = '<xs:element name="X" type="xs:string" minOccurs="0"/>'
    two = one + '<xs:element name="Y" type="xs:string" minOccurs="0"/>'
    report = diff(tmp_path, rooted("response", group.format(members=one)), rooted("response", group.format(members=two)))
    (change,) = report["changes"]
    assert change["impact"] == "potentially-breaking"
    assert "<t:Y" in change["witness"]["xml"]
    assert_witness_holds(tmp_path, change)


def test_an_attribute_group_made_stricter_breaks_the_requests_of_the_types_that_use_it(tmp_path):
    group = """<xs:attributeGroup name="Common"><xs:attribute name="v" type="xs:int" use="{use}"/></xs:attributeGroup>
<xs:complexType name="Changed"><xs:attributeGroup ref="t:Common"/></xs:complexType>"""
    report = diff(tmp_path, rooted("request", group.format(use="optional")), rooted("request", group.format(use="required")))
    (change,) = report["changes"]
    assert change["impact"] == "breaking"
    assert_witness_holds(tmp_path, change)


def test_markdown_and_html_show_each_witness_beside_its_change(tmp_path):
    before = write_side(tmp_path / "old", rooted("response", CHOICE_OLD))
    after = write_side(tmp_path / "new", rooted("response", CHOICE_NEW))
    markdown = cli("diff", before, after, "--format", "markdown", "--fail-on", "never").out
    assert "#### Witnesses" in markdown and "```xml\n<t:ThingResponse" in markdown
    page = tmp_path / "diff.html"
    assert cli("diff", before, after, "--format", "html", "-o", page, "--fail-on", "never").code == 0
    html = page.read_text(encoding="utf-8")
    assert 'class="witness"' in html and "&lt;t:ThingResponse" in html
    assert "proved (in responses and alerts): every old instance stays valid" in html


def test_real_witnesses_are_placed_where_nothing_else_differs(tmp_path):
    """The 4G CSP regions are also used inside the restructured DSPWANMatrix: their witnesses sit in sr:Device,
    where only the value differs; the breaking DSPWANMatrix shows the old response the new set rejects."""
    report = real_diff(tmp_path, "5.1", "5.3a")
    regions = [c for c in report["changes"] if c["subject"].startswith("sr:CSPRegion=4G")]
    assert len(regions) == 3
    for change in regions:
        assert change["witness"]["isolated"] is True
        assert "<sr:DSPWANMatrix" not in change["witness"]["xml"]
    [matrix] = [c for c in report["changes"] if c["subject"] == "sr:DSPWANMatrix"]
    assert matrix["witness"]["valid"] == "old"


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_every_real_witness_differs_from_the_other_side_only_where_its_change_is(tmp_path, old, new):
    report = real_diff(tmp_path, old, new)
    witnessed = [c for c in report["changes"] if "witness" in c]
    assert witnessed
    assert [c["subject"] for c in witnessed if not c["witness"]["isolated"]] == []

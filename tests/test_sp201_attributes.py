"""Attributes are data items: SP201, SP203 and SP204 look a data item up among the attributes of the body type
(and of the types beneath it) as among its elements, and among every attribute of the set when the body element
is not known. DUIS lists e.g. `auxiliaryControllerN` in the Auxiliary Load Control Switch requests' tables."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import sr_schema
from tests.helpers import check_json, findings_of, line_of

SCHEMA = sr_schema(
    """
    <xs:element name="Request" type="sr:Request"/>
    <xs:complexType name="Request"><xs:sequence>
      <xs:element name="ServiceReferenceVariant" type="sr:ServiceReferenceVariant"/>
      <xs:element name="Body"><xs:complexType><xs:choice>
        <xs:element name="SetAuxiliaryControllerState" type="sr:SetAuxiliaryControllerState"/>
        <xs:element name="UpdateAuxiliaryControllerScheduler" type="sr:UpdateAuxiliaryControllerScheduler"/>
      </xs:choice></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
    <xs:complexType name="SetAuxiliaryControllerState">
      <xs:sequence>
        <xs:element name="StartDateTime" type="xs:dateTime"/>
      </xs:sequence>
      <xs:attribute name="auxiliaryControllerN" type="sr:range_1_5" use="required"/>
      <xs:attribute name="stateLevel" use="optional">
        <xs:simpleType><xs:restriction base="xs:unsignedByte"/></xs:simpleType>
      </xs:attribute>
    </xs:complexType>
    <xs:complexType name="UpdateAuxiliaryControllerScheduler"><xs:sequence>
      <xs:element name="AuxiliaryControllerAction" type="sr:AuxiliaryControllerAction" maxOccurs="5"/>
    </xs:sequence></xs:complexType>
    <xs:complexType name="AuxiliaryControllerAction">
      <xs:sequence>
        <xs:element name="CommandedStateLevel" type="xs:unsignedByte"/>
      </xs:sequence>
      <xs:attribute name="actionN" type="sr:range_1_5" use="required"/>
      <xs:attribute ref="sr:scheduleLabel"/>
    </xs:complexType>
    <xs:attribute name="scheduleLabel" type="xs:string"/>
    <xs:simpleType name="range_1_5"><xs:restriction base="xs:positiveInteger">
      <xs:minInclusive value="1"/><xs:maxInclusive value="5"/>
    </xs:restriction></xs:simpleType>
    <xs:simpleType name="ServiceReferenceVariant"><xs:restriction base="xs:string">
      <xs:enumeration value="7.13"/><xs:enumeration value="7.16"/>
    </xs:restriction></xs:simpleType>
    """
)

HEADER = "| Data Item | Description / Valid Set | Type | Mandatory | Default | Units |\n|---|---|---|---|---|---|\n"


def section(number: int, title: str, srv: str, body: str, items: str) -> str:
    """Section 3.8.N of an SRV; a body element line of '' leaves the SRV's body element unknown."""
    head = textwrap.dedent(
        f"""
        ### 3.8.{number} {title}
        #### 3.8.{number}.1 Service Description
        | Attribute | Value |
        |---|---|
        | Service Reference Variant | {srv} |
        {body}
        #### 3.8.{number}.2 Specific Data Items
        """
    )
    return head + HEADER + items


def spec(body_13: str, items_13: str, body_16: str, items_16: str) -> str:
    sections = [
        section(1, "Set Auxiliary Controller State", "7.13", body_13, items_13),
        section(2, "Update Auxiliary Controller Scheduler", "7.16", body_16, items_16),
    ]
    return "# 3 Services\n## 3.8 Service Requests\n" + "".join(sections)


ITEMS_13 = (
    "| StartDateTime | start | xs:dateTime | Yes | None | None |\n"
    "| auxiliaryControllerN | which switch | sr:range_1_5 | Yes | None | None |\n"
    "| stateLevel | level | Restriction of xs:unsignedByte | No | None | None |\n"
)
ITEMS_16 = (
    "| AuxiliaryControllerAction | action | sr:AuxiliaryControllerAction | Yes | None | None |\n"
    "| CommandedStateLevel | level | xs:unsignedByte | Yes | None | None |\n"
    "| actionN | which action | Restriction of xs:positiveInteger | Yes | None | None |\n"
    "| scheduleLabel | label | xs:string | No | None | None |\n"
)
BODY_13 = "| Body Element | SetAuxiliaryControllerState |"
BODY_16 = "| Body Element | UpdateAuxiliaryControllerScheduler |"

pytestmark = pytest.mark.usefixtures("in_fixture_folder")


def run(spec_text: str) -> dict:
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    Path("spec.md").write_text(spec_text, encoding="utf-8")
    return check_json("schema.xsd", extra=("--spec", "spec.md", "--select", "SP2"))


@pytest.mark.parametrize("known_bodies", [True, False], ids=["body-known", "body-unknown"])
def test_attributes_of_the_body_type_and_beneath_are_data_items(known_bodies):
    bodies = (BODY_13, BODY_16) if known_bodies else ("", "")
    report = run(spec(bodies[0], ITEMS_13, bodies[1], ITEMS_16))

    assert report["findings"] == []


def test_attribute_listed_when_the_body_is_unknown_is_not_called_unknown():
    """The defect of issue 12: 'data item auxiliaryControllerN is not an element of the XSD set'."""
    report = run(spec("", ITEMS_13, "", ITEMS_16))

    assert findings_of(report, "SP201") == []


def test_misspelt_attribute_is_unknown_with_the_attribute_as_suggestion():
    items = ITEMS_13.replace("| auxiliaryControllerN |", "| auxilaryControllerN |")
    report = run(spec("", items, "", ITEMS_16))

    (finding,) = findings_of(report, "SP201")
    assert finding["subject"] == "auxilaryControllerN"
    assert finding["suggestion"] == "auxiliaryControllerN"
    assert "not an element or attribute of the XSD set" in finding["message"]
    assert finding["related"][0]["line"] == line_of(SCHEMA, 'name="auxiliaryControllerN"')
    assert finding["location"]["section"] == "3.8.1.2"


def test_attribute_of_another_body_is_not_in_the_body_type():
    items = ITEMS_13 + "| actionN | which action | sr:range_1_5 | Yes | None | None |\n"
    report = run(spec(BODY_13, items, BODY_16, ITEMS_16))

    (finding,) = findings_of(report, "SP201")
    assert finding["subject"] == "actionN"
    assert "not in the type of body element SetAuxiliaryControllerState" in finding["message"]


@pytest.mark.parametrize("known_bodies", [True, False], ids=["body-known", "body-unknown"])
def test_mandatory_column_is_compared_with_the_attribute_use(known_bodies):
    bodies = (BODY_13, BODY_16) if known_bodies else ("", "")
    items = ITEMS_13.replace("| sr:range_1_5 | Yes |", "| sr:range_1_5 | No |").replace(
        "| Restriction of xs:unsignedByte | No |", "| Restriction of xs:unsignedByte | Yes |"
    )
    report = run(spec(bodies[0], items, bodies[1], ITEMS_16))

    found = {f["subject"]: f for f in findings_of(report, "SP203")}
    assert sorted(found) == ["auxiliaryControllerN", "stateLevel"]
    assert 'use="required"' in found["auxiliaryControllerN"]["message"]
    assert found["auxiliaryControllerN"]["suggestion"] == "Yes"
    assert 'use="optional"' in found["stateLevel"]["message"] and found["stateLevel"]["suggestion"] == "No"
    assert found["stateLevel"]["related"][0]["line"] == line_of(SCHEMA, 'name="stateLevel"')


def test_type_column_of_an_attribute_names_its_named_type_or_that_types_base():
    """'Restriction of xs:positiveInteger' documents an attribute of type sr:range_1_5, as it would an element."""
    assert "| actionN | which action | Restriction of xs:positiveInteger |" in ITEMS_16
    assert findings_of(run(spec(BODY_13, ITEMS_13, BODY_16, ITEMS_16)), "SP204") == []


@pytest.mark.parametrize("known_bodies", [True, False], ids=["body-known", "body-unknown"])
def test_type_column_that_contradicts_an_attribute_type_is_reported(known_bodies):
    bodies = (BODY_13, BODY_16) if known_bodies else ("", "")
    items = ITEMS_13.replace("| which switch | sr:range_1_5 |", "| which switch | xs:string |")
    items_16 = ITEMS_16.replace("| label | xs:string |", "| label | xs:int |")
    report = run(spec(bodies[0], items, bodies[1], items_16))

    found = {f["subject"]: f for f in findings_of(report, "SP204")}
    assert sorted(found) == ["auxiliaryControllerN", "scheduleLabel"]
    assert found["auxiliaryControllerN"]["suggestion"] == "range_1_5"
    assert found["scheduleLabel"]["suggestion"] == "string"  # through the ref, to the global attribute's type

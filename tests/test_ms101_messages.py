"""MS101 says what is wrong with a message as a DUIS user reads it: prefixed names, the allowed values or elements
(shortened, the JSON report keeping them whole), a shortened pattern, the element's path on every line, and a
suggestion only where one value is clearly meant. Small made-up schemas first, then mutated copies of real RTDS
requests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from duislint.messages.explain import explain, shower
from tests.conftest import RA_NS, SR_NS, duis_data, sr_schema
from tests.helpers import check_json, cli, findings_of, line_of

# --- made-up schemas ------------------------------------------------------------------------------------------

SCHEMA = sr_schema(
    """
    <xs:element name="Request">
      <xs:complexType>
        <xs:sequence>
          <xs:element name="Device" maxOccurs="unbounded">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="DeviceID" type="sr:EUI"/>
                <xs:element name="DeviceType" type="sr:DeviceType" minOccurs="0"/>
              </xs:sequence>
              <xs:attribute name="index" type="xs:positiveInteger"/>
            </xs:complexType>
          </xs:element>
          <xs:element name="ServiceReference" type="sr:ServiceReference" minOccurs="0"/>
          <xs:element name="Tariff" type="sr:TariffCode" minOccurs="0"/>
          <xs:element name="RequestID" type="sr:RequestID" minOccurs="0"/>
          <xs:element name="ExecutionDateTime" type="xs:dateTime" minOccurs="0"/>
          <xs:element name="Register" type="xs:integer" minOccurs="0"/>
          <xs:element name="Enabled" type="xs:boolean" minOccurs="0"/>
          <xs:element name="Code" type="sr:Code" minOccurs="0"/>
          <xs:element name="Name" type="sr:Name" minOccurs="0"/>
          <xs:element name="Level" type="sr:Level" minOccurs="0"/>
          <xs:element name="Ratio" type="sr:Ratio" minOccurs="0"/>
          <xs:element name="Price" type="sr:Price" minOccurs="0"/>
          <xs:element name="Empty" minOccurs="0"><xs:complexType/></xs:element>
          <xs:element name="Flagged" minOccurs="0">
            <xs:complexType><xs:attribute name="kind" type="sr:DeviceType" use="required"/></xs:complexType>
          </xs:element>
        </xs:sequence>
        <xs:attribute name="schemaVersion" type="xs:string" use="required"/>
      </xs:complexType>
    </xs:element>
    <xs:simpleType name="EUI">
      <xs:restriction base="xs:string"><xs:pattern value="[0-9A-F]{2}(-[0-9A-F]{2}){7}"/></xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="DeviceType">
      <xs:restriction base="xs:string">
        <xs:enumeration value="ESME"/><xs:enumeration value="GSME"/><xs:enumeration value="CHF"/>
      </xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="ServiceReference">
      <xs:restriction base="xs:string">
        <xs:enumeration value="4.1"/><xs:enumeration value="4.4"/><xs:enumeration value="6.28"/>
      </xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="TariffCode">
      <xs:restriction base="xs:string">
        <xs:enumeration value="TARIFFA"/><xs:enumeration value="TARIFFB"/>
      </xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="RequestID">
      <xs:restriction base="xs:string"><xs:pattern value="PATTERN"/></xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:length value="2"/></xs:restriction></xs:simpleType>
    <xs:simpleType name="Name">
      <xs:restriction base="xs:string"><xs:minLength value="2"/><xs:maxLength value="4"/></xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="Level">
      <xs:restriction base="xs:int"><xs:minInclusive value="1"/><xs:maxInclusive value="4"/></xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="Ratio">
      <xs:restriction base="xs:decimal"><xs:minExclusive value="0"/><xs:maxExclusive value="1"/></xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="Price">
      <xs:restriction base="xs:decimal"><xs:totalDigits value="4"/><xs:fractionDigits value="2"/></xs:restriction>
    </xs:simpleType>
    """
)
LONG_PATTERN = "(" + "|".join(f"{n:03d}-[A-F]{{2}}" for n in range(40)) + ")"
DEVICE = "<sr:Device><sr:DeviceID>00-11-22-33-44-55-66-77</sr:DeviceID></sr:Device>"


def message(body: str = "", devices: str = DEVICE, root: str = 'schemaVersion="1.0"') -> str:
    return f'<?xml version="1.0"?>\n<sr:Request xmlns:sr="{SR_NS}" {root}>\n{devices}\n{body}\n</sr:Request>\n'


@pytest.fixture
def gate(tmp_path, in_fixture_folder):
    """gate(message text, schema text=SCHEMA) -> the MS101 findings of `check --select MS101` (JSON)."""

    def run(text: str, schema: str = SCHEMA) -> list[dict]:
        (tmp_path / "sr.xsd").write_text(schema, encoding="utf-8")
        (tmp_path / "msg.xml").write_text(text, encoding="utf-8")
        return findings_of(check_json("sr.xsd", extra=("--messages", "msg.xml", "--select", "MS101")), "MS101")

    return run


def one(findings: list[dict]) -> dict:
    assert len(findings) == 1, [f["message"] for f in findings]
    return findings[0]


def test_two_errors_on_device_1_and_device_2_print_as_two_lines_with_their_paths(tmp_path, in_fixture_folder):
    devices = "\n".join(f"<sr:Device><sr:DeviceID>{eui}</sr:DeviceID></sr:Device>" for eui in ("00-11", "00-11"))
    (tmp_path / "sr.xsd").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "msg.xml").write_text(message(devices=devices), encoding="utf-8")

    run = cli("check", "sr.xsd", "--messages", "msg.xml", "--select", "MS101", "--fail-on", "never")

    lines = [line for line in run.out.splitlines() if "MS101" in line]
    assert len(lines) == 2 and len(set(lines)) == 2, run.out
    assert lines[0].endswith("(at /sr:Request/sr:Device[1]/sr:DeviceID)")
    assert lines[1].endswith("(at /sr:Request/sr:Device[2]/sr:DeviceID)")
    assert "{http" not in run.out


def test_a_value_outside_an_enumeration_names_the_allowed_values_and_the_one_meant(gate):
    finding = one(gate(message(devices="<sr:Device><sr:DeviceID>00-11-22-33-44-55-66-77</sr:DeviceID>"
                                       "<sr:DeviceType>EMSE</sr:DeviceType></sr:Device>")))  # fmt: skip
    assert finding["message"] == ("sr:DeviceType 'EMSE' is not one of its 3 allowed values: ESME, GSME, CHF "
                                  "(at /sr:Request/sr:Device/sr:DeviceType)")  # fmt: skip
    assert finding["suggestion"] == "ESME"
    assert finding["expected"] == ["ESME", "GSME", "CHF"]


def test_a_service_reference_variant_where_its_service_reference_belongs_is_said_in_duis_terms(gate):
    finding = one(gate(message("<sr:ServiceReference>4.4.5</sr:ServiceReference>")))
    assert finding["message"].startswith(
        "sr:ServiceReference '4.4.5' is not a Service Reference of this schema, which lists 3: 4.1, 4.4, 6.28"
    )
    assert finding["suggestion"] == "4.4"


def test_a_long_value_set_is_shortened_and_the_json_keeps_every_value(gate):
    values = [f"V{n:02d}" for n in range(20)]
    schema = SCHEMA.replace('<xs:enumeration value="ESME"/>',
                            "".join(f'<xs:enumeration value="{v}"/>' for v in values) + '<xs:enumeration value="ESME"/>')  # fmt: skip
    finding = one(gate(message(devices="<sr:Device><sr:DeviceID>00-11-22-33-44-55-66-77</sr:DeviceID>"
                                       "<sr:DeviceType>nothing like it</sr:DeviceType></sr:Device>"), schema))  # fmt: skip
    assert "allowed values: V00, V01, V02, V03, V04 … and 18 more (at " in finding["message"]
    assert finding["expected"] == [*values, "ESME", "GSME", "CHF"]
    assert "suggestion" not in finding


def test_two_values_equally_near_give_no_suggestion(gate):
    finding = one(gate(message("<sr:Tariff>TARIFFC</sr:Tariff>")))
    assert "TARIFFA, TARIFFB" in finding["message"]
    assert "suggestion" not in finding  # TARIFFA and TARIFFB are as near: a guess


def test_a_long_pattern_is_cut_with_an_ellipsis_and_the_json_keeps_it_whole(gate):
    finding = one(gate(message("<sr:RequestID>xx</sr:RequestID>"), SCHEMA.replace("PATTERN", LONG_PATTERN)))
    assert finding["message"].startswith(
        f"sr:RequestID 'xx' does not match its {len(LONG_PATTERN)}-character pattern '{LONG_PATTERN[:60]}…'"
    )
    assert finding["expected"] == [LONG_PATTERN]
    assert LONG_PATTERN not in finding["message"]


@pytest.mark.parametrize(
    ("element", "said"),
    [
        ("<sr:Code>ABC</sr:Code>", "sr:Code has a length of 3, not the 2 its type requires"),
        ("<sr:Name>A</sr:Name>", "sr:Name has a length of 1, less than its minimum length of 2"),
        ("<sr:Name>ABCDE</sr:Name>", "sr:Name has a length of 5, more than its maximum length of 4"),
        ("<sr:Level>0</sr:Level>", "sr:Level '0' is less than its minimum of 1"),
        ("<sr:Level>9</sr:Level>", "sr:Level '9' is greater than its maximum of 4"),
        ("<sr:Level>x</sr:Level>", "sr:Level 'x' is not a valid sr:Level"),
        ("<sr:Ratio>0</sr:Ratio>", "sr:Ratio '0' must be greater than 0"),
        ("<sr:Ratio>1</sr:Ratio>", "sr:Ratio '1' must be less than 1"),
        ("<sr:Price>123.45</sr:Price>", "sr:Price '123.45' has more than the 4 digits allowed"),
        ("<sr:Price>1.234</sr:Price>", "sr:Price '1.234' has more than the 2 digits allowed after the decimal point"),
        ("<sr:ExecutionDateTime>tomorrow</sr:ExecutionDateTime>",
         "sr:ExecutionDateTime 'tomorrow' is not a valid xs:dateTime; expected a date and time such as "
         "2024-06-30T23:59:59Z"),
        ("<sr:Register>1.5</sr:Register>", "sr:Register '1.5' is not a valid xs:integer; expected a whole number"),
        ("<sr:Enabled>yes</sr:Enabled>", "sr:Enabled 'yes' is not a valid xs:boolean; expected true, false, 1 or 0"),
        ("<sr:Empty>text</sr:Empty>", "sr:Empty holds text, but its type requires it to be empty"),
        ("<sr:Empty><sr:Code/></sr:Empty>", "sr:Empty holds child elements, but its type requires it to be empty"),
        ("<sr:Register>1<sr:Name/></sr:Register>", "sr:Register holds child elements, but its type allows only a value"),
        ("<sr:Flagged/>", "sr:Flagged is missing its required attribute kind"),
        ('<sr:Flagged kind="EMSE"/>', "sr:Flagged/@kind 'EMSE' is not one of its 3 allowed values: ESME, GSME, CHF"),
        ('<sr:Flagged kind="CHF" colour="red"/>', "sr:Flagged has the attribute colour, which its type does not allow"),
    ],
)  # fmt: skip
def test_each_facet_type_and_attribute_error_is_said_plainly(gate, element, said):
    finding = one(gate(message(element)))
    assert finding["message"].startswith(said + " (at /sr:Request/sr:"), finding["message"]


def test_an_attribute_of_a_repeated_element_is_placed_on_its_element(gate):
    devices = DEVICE + '<sr:Device index="0"><sr:DeviceID>00-11-22-33-44-55-66-77</sr:DeviceID></sr:Device>'
    finding = one(gate(message(devices=devices)))
    assert finding["message"] == ("sr:Device/@index '0' is not a valid xs:positiveInteger; expected a whole number "
                                  "of 1 or more (at /sr:Request/sr:Device[2])")  # fmt: skip


def test_elements_missing_unexpected_or_misspelt_name_what_was_expected(gate):
    missing, unexpected, misspelt, extra = (
        one(gate(message(devices=""))),
        one(gate(message("<sr:Tarif>TARIFFA</sr:Tarif>"))),
        one(gate(message(devices="<sr:Device><sr:DeviceId>00-11-22-33-44-55-66-77</sr:DeviceId></sr:Device>"))),
        one(gate(message("<sr:Flagged kind='CHF'/><sr:Flagged kind='CHF'/>"))),
    )
    assert missing["message"] == "sr:Request is missing its child element sr:Device (at /sr:Request)"
    assert unexpected["message"].startswith("sr:Tarif is not allowed here; expected one of at least 10: sr:Device, "
                                            "sr:ServiceReference, sr:Tariff, ")  # fmt: skip
    assert unexpected["suggestion"] == "sr:Tariff"
    assert misspelt["message"].startswith("sr:DeviceId is not allowed here; expected sr:DeviceID")
    assert misspelt["suggestion"] == "sr:DeviceID"
    assert extra["message"] == ("sr:Flagged is not allowed here: its parent allows no further element at this "
                                "point (at /sr:Request/sr:Flagged[2])")  # fmt: skip


def test_an_element_of_another_namespace_is_named_with_its_prefix_and_the_expected_one_suggested(gate):
    body = f'<ra:Tariff xmlns:ra="{RA_NS}">TARIFFA</ra:Tariff>'
    finding = one(gate(message(body)))
    assert finding["message"].startswith("ra:Tariff is not allowed here; expected one of ")
    assert finding["suggestion"] == "sr:Tariff"


def test_a_message_in_a_default_namespace_is_shown_with_the_sets_prefixes(gate):
    text = (f'<Request xmlns="{SR_NS}" schemaVersion="1.0"><Device><DeviceID>x</DeviceID></Device>'
            "<Device><DeviceID>00-11-22-33-44-55-66-77</DeviceID><DeviceType>EMSE</DeviceType></Device></Request>")  # fmt: skip
    pattern, enumeration = gate(text)
    assert pattern["message"].endswith("(at /sr:Request/sr:Device[1]/sr:DeviceID)")
    assert enumeration["message"].endswith("(at /sr:Request/sr:Device[2]/sr:DeviceType)")
    assert pattern["subject"] == "/sr:Request/sr:Device[1]/sr:DeviceID"


def test_an_entity_reference_stops_libxml2_and_the_finding_says_where_and_why(gate):
    text = message("<sr:Tariff>&t;</sr:Tariff>", devices="<sr:Device><sr:DeviceID>bad</sr:DeviceID></sr:Device>")
    text = text.replace("<sr:Request", '<!DOCTYPE sr:Request [<!ENTITY t "TARIFFA">]>\n<sr:Request', 1)
    before, stopped = gate(text)
    assert before["message"].startswith("sr:DeviceID 'bad' does not match its pattern")  # found before it stopped
    assert stopped["message"] == (
        "sr:Tariff holds the entity reference &t;, which duislint never expands, and libxml2 cannot validate a "
        "tree that holds one: validation stopped here and the rest of the message was not checked "
        "(at /sr:Request/sr:Tariff)"
    )
    assert stopped["location"]["line"] == line_of(text, "<sr:Tariff>")


def test_the_same_input_gives_the_same_report(tmp_path, in_fixture_folder):
    (tmp_path / "sr.xsd").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "msg.xml").write_text(message("<sr:Tarif>x</sr:Tarif>", devices="<sr:Device/>"), encoding="utf-8")
    runs = [cli("check", "sr.xsd", "--messages", "msg.xml", "--format", "json", "--fail-on", "never").out
            for _ in range(2)]  # fmt: skip
    assert runs[0] == runs[1] and '"expected"' in runs[0]


def test_a_message_shape_not_known_keeps_libxml2_words_with_prefixed_names():
    show = shower({SR_NS: "sr", RA_NS: "ra"})
    said = explain(f"Element '{{{SR_NS}}}Body': Something libxml2 may say one day of {{{RA_NS}}}Alert.", show)
    assert said.text == "sr:Body: Something libxml2 may say one day of ra:Alert."
    assert said.expected == () and said.suggestion is None


# --- mutated copies of real RTDS requests ---------------------------------------------------------------------

UPDATE_HAN = "CCS02_8.11_SUCCESS_REQUEST_DUIS.XML"  # SRV 8.11, body UpdateHANDeviceLog
BOOST = "ECS62Add_7.9_SUCCESS_REQUEST_DUIS.XML"  # SRV 7.9, five sr:AddToBoostButton
KRP = "CS02aMAC_6.24.1_SUCCESS_REQUEST_DUIS.XML"  # SRV 6.24.1, two sr:RemotePartyRole


def real(tmp_path: Path, name: str, *swaps: tuple[str, str]) -> list[dict]:
    """The MS101 findings on a copy of one real request (under tmp_path) with each (old, new) swapped once."""
    source = duis_data() / "messages" / "requests-5.4" / name
    target = tmp_path / name
    shutil.copyfile(source, target)
    text = target.read_text(encoding="utf-8")
    for old, new in swaps:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    report = check_json(duis_data() / "schemas" / "5.4", extra=("--messages", str(target), "--select", "MS101"))
    return findings_of(report, "MS101")


def test_real_wrong_service_reference_is_said_in_duis_terms_with_the_one_meant(tmp_path):
    finding = one(real(tmp_path, UPDATE_HAN, ("<sr:ServiceReference>8.11<", "<sr:ServiceReference>11.2.11.2<")))
    assert finding["message"] == (
        "sr:ServiceReference '11.2.11.2' is not a Service Reference of this schema, which lists 95: "
        "1.1, 1.2, 1.5, 1.6, 1.7 … and 90 more (at /sr:Request/sr:Header/sr:ServiceReference)"
    )
    assert finding["suggestion"] == "11.2"
    assert len(finding["expected"]) == 95 and "14.1" in finding["expected"]


def test_real_srv_one_digit_off_suggests_the_srv(tmp_path):
    finding = one(
        real(tmp_path, UPDATE_HAN, ("<sr:ServiceReferenceVariant>8.11<", "<sr:ServiceReferenceVariant>8.111<"))
    )
    assert finding["message"].startswith("sr:ServiceReferenceVariant '8.111' is not a Service Reference Variant of "
                                         "this schema, which lists 129: ")  # fmt: skip
    assert finding["suggestion"] == "8.11"


def test_real_request_id_against_its_long_pattern_is_cut(tmp_path):
    finding = one(real(tmp_path, UPDATE_HAN, ("<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A2:1002<",
                                              "<sr:RequestID>90-B3-D5-1F-30-01-00-00<")))  # fmt: skip
    (pattern,) = finding["expected"]
    assert len(pattern) > 600 and pattern not in finding["message"]
    assert finding["message"].startswith(f"sr:RequestID '90-B3-D5-1F-30-01-00-00' does not match its "
                                         f"{len(pattern)}-character pattern '{pattern[:60]}…'")  # fmt: skip
    assert finding["message"].endswith("(at /sr:Request/sr:Header/sr:RequestID)") and len(finding["message"]) < 200


def test_real_missing_element_names_it(tmp_path):
    finding = one(real(tmp_path, UPDATE_HAN, ("<sr:RequestType>Remove</sr:RequestType>", "")))
    assert finding["message"] == ("sr:UpdateHANDeviceLog is missing its child element sr:RequestType "
                                  "(at /sr:Request/sr:Body/sr:UpdateHANDeviceLog)")  # fmt: skip


def test_real_unexpected_body_element_lists_the_first_of_what_libxml2_names(tmp_path):
    finding = one(real(tmp_path, UPDATE_HAN, ("<sr:UpdateHANDeviceLog>", "<sr:Bogus/><sr:UpdateHANDeviceLog>")))
    assert finding["message"].startswith("sr:Bogus is not allowed here; expected one of at least 10: "
                                         "sr:UpdateImportTariffPrimaryElement, ")  # fmt: skip
    assert finding["message"].endswith("… and 5 more (at /sr:Request/sr:Body/sr:Bogus)")
    assert len(finding["expected"]) == 10 and all(e.startswith("sr:") for e in finding["expected"])


def test_real_same_error_on_two_repeated_elements_gives_two_distinct_findings(tmp_path):
    findings = real(tmp_path, BOOST, ('index="1">true<', 'index="1">yes<'), ('index="2">true<', 'index="2">yes<'))
    said = "sr:AddToBoostButton 'yes' is not a valid xs:boolean; expected true, false, 1 or 0"
    path = "/sr:Request/sr:Body/sr:AddAuxiliaryLoadToBoostButton/sr:AddToBoostButton"
    assert [f["message"] for f in findings] == [f"{said} (at {path}[1])", f"{said} (at {path}[2])"]
    assert len({f["fingerprint"] for f in findings}) == 2


def test_real_misspelt_values_on_two_repeated_elements_each_get_their_suggestion(tmp_path):
    findings = real(tmp_path, KRP, (">Supplier<", ">Suplier<"), (">NetworkOperator<", ">NetworkOperater<"))
    assert [f["suggestion"] for f in findings] == ["Supplier", "NetworkOperator"]
    assert [f["message"].rsplit("/", 1)[1] for f in findings] == ["sr:RemotePartyRole[1])", "sr:RemotePartyRole[2])"]


def test_real_xxe_sample_is_validated_up_to_its_entity_and_says_so(tmp_path):
    sample = duis_data() / "hostile" / "duis-xxe.xml"
    report = check_json(duis_data() / "schemas" / "5.4", extra=("--messages", str(sample), "--select", "MS101"))
    finding = one(findings_of(report, "MS101"))
    assert finding["message"].startswith("sr:GBCSPayload holds the entity reference &xxe;, which duislint never "
                                         "expands")  # fmt: skip
    assert finding["location"]["line"] == line_of(sample.read_text(encoding="utf-8"), "<sr:GBCSPayload>")

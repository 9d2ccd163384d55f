"""Schema rules XS0xx-XS4xx on small made-up DUIS-shaped fixtures, checked through the JSON report a user reads.

Every expected line is computed from the fixture text (the line holding a marker string), never hard-coded.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import RA_NS, ra_schema, sr_schema
from tests.helpers import at, check_json, findings_of, line_of, only

IMPORT_MMC = f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n'


pytestmark = pytest.mark.usefixtures("in_fixture_folder")


def related_at(finding: dict) -> list[tuple[str, int | None]]:
    return [(r["path"], r["line"]) for r in finding["related"]]


HEADER_MMC = ra_schema(
    """
    <xs:complexType name="HeaderType">
      <xs:sequence>
        <xs:element name="RequestID" type="xs:string"/>
      </xs:sequence>
    </xs:complexType>
    <xs:element name="Response" type="ra:HeaderType"/>
    """
)


def request_with_header(header_type: str) -> str:
    return sr_schema(
        f"""
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Header" type="{header_type}"/>
              <xs:element name="Body" type="xs:string"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """,
        imports=IMPORT_MMC,
    )


# --- XS001 xsd-compile-error -------------------------------------------------------------------------------------


def test_missing_type_is_reported_once_by_xs101_not_again_as_a_compile_error(write):
    duis = request_with_header("ra:HeaderTyp")
    entry = write("duis.xsd", duis)
    write("mmc.xsd", HEADER_MMC)

    report = check_json(entry)

    unresolved = only(report, "XS101")
    assert at(unresolved) == ("duis.xsd", line_of(duis, 'name="Header"'))
    assert unresolved["suggestion"] == "ra:HeaderType"
    assert findings_of(report, "XS001") == []


def test_complex_content_extending_a_simple_type_is_a_compile_error_no_other_rule_explains(write):
    text = sr_schema(
        """
        <xs:simpleType name="DeviceCode">
          <xs:restriction base="xs:string"/>
        </xs:simpleType>
        <xs:complexType name="WrappedCode">
          <xs:complexContent>
            <xs:extension base="sr:DeviceCode">
              <xs:sequence><xs:element name="Extra" type="xs:string"/></xs:sequence>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
        <xs:element name="Request" type="sr:WrappedCode"/>
        """
    )
    report = check_json(write("duis.xsd", text))

    error = only(report, "XS001")
    assert at(error) == ("duis.xsd", line_of(text, '<xs:complexType name="WrappedCode">'))
    assert "base type is expected to be a complex type" in error["message"]
    assert "WrappedCode" in error["message"]
    assert findings_of(report, "XS101") == []


def test_duplicate_attribute_is_a_compile_error_with_file_and_line(write):
    text = sr_schema(
        """
        <xs:complexType name="VersionedBody">
          <xs:attribute name="schemaVersion" type="xs:string"/>
          <xs:attribute name="schemaVersion" type="xs:string"/>
        </xs:complexType>
        <xs:element name="Request" type="sr:VersionedBody"/>
        """
    )
    report = check_json(write("duis.xsd", text))

    error = only(report, "XS001")
    assert at(error) == ("duis.xsd", line_of(text, '<xs:complexType name="VersionedBody">'))
    assert "Duplicate attribute use 'schemaVersion'" in error["message"]
    assert findings_of(report, "XS101") == []


def test_compile_error_in_an_imported_file_names_that_file_and_its_line(write):
    mmc = ra_schema(
        """
        <xs:complexType name="HeaderType">
          <xs:attribute name="id" type="xs:string"/>
          <xs:attribute name="id" type="xs:string"/>
        </xs:complexType>
        """
    )
    entry = write("duis.xsd", request_with_header("ra:HeaderType"))
    write("mmc.xsd", mmc)

    error = only(check_json(entry), "XS001")

    assert at(error) == ("mmc.xsd", line_of(mmc, '<xs:complexType name="HeaderType">'))
    assert error["subject"] == "ra:HeaderType"


def test_compiling_a_set_leaves_the_callers_default_parser_in_force(write):
    # the compile parses each document with duislint's own parser as lxml's default (so that lxml compiles it in
    # place, without copying it): a library caller's default is back once it is done, and never used by it
    from lxml import etree

    from duislint import schemas

    mmc = ra_schema('<xs:complexType name="HeaderType"><xs:attribute name="id" type="xs:string"/>'
                    '<xs:attribute name="id" type="xs:string"/></xs:complexType>')  # fmt: skip
    entry = write("duis.xsd", request_with_header("ra:HeaderType"))
    write("mmc.xsd", mmc)
    callers = etree.XMLParser(remove_comments=True)
    etree.set_default_parser(callers)
    try:
        loaded = schemas.load([str(entry)])
        assert etree.get_default_parser() is callers
    finally:
        etree.set_default_parser()
    assert {(Path(error.path).name, error.line) for error in loaded.compile_errors} == {
        ("mmc.xsd", line_of(mmc, '<xs:complexType name="HeaderType">'))
    }


def test_a_set_that_compiles_has_no_compile_error(write):
    entry = write("duis.xsd", request_with_header("ra:HeaderType"))
    write("mmc.xsd", HEADER_MMC)

    report = check_json(entry)

    assert findings_of(report, "XS001") == []
    assert findings_of(report, "XS101") == []


def test_two_different_compile_errors_in_one_file_have_different_fingerprints(write):
    text = sr_schema(
        """
        <xs:complexType name="MeterBody">
          <xs:attribute name="version" type="xs:string"/>
          <xs:attribute name="version" type="xs:string"/>
        </xs:complexType>
        <xs:complexType name="DeviceBody">
          <xs:attribute name="mode" type="xs:string"/>
          <xs:attribute name="mode" type="xs:string"/>
        </xs:complexType>
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Meter" type="sr:MeterBody"/>
              <xs:element name="Device" type="sr:DeviceBody"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    errors = findings_of(check_json(write("duis.xsd", text)), "XS001")

    assert [at(e)[1] for e in errors] == [line_of(text, 'name="MeterBody"'), line_of(text, 'name="DeviceBody"')]
    assert errors[0]["fingerprint"] != errors[1]["fingerprint"]


def test_undeclared_prefix_is_reported_once_by_xs101_not_again_as_compile_errors(write):
    text = sr_schema('<xs:element name="Request" type="foo:Thing"/>')

    report = check_json(write("duis.xsd", text))

    assert only(report, "XS101")["subject"] == "foo:Thing"
    assert findings_of(report, "XS001") == []


# --- XS002 schema-location-not-uri -------------------------------------------------------------------------------


def test_raw_space_in_schema_location_is_reported_once_and_the_set_still_compiles(write):
    duis = sr_schema(
        '<xs:element name="Request" type="ra:HeaderType"/>',
        imports=f'<xs:import namespace="{RA_NS}" schemaLocation="MMC Schema.xsd"/>\n',
    )
    entry = write("DUIS.xsd", duis)
    write("MMC Schema.xsd", HEADER_MMC)

    report = check_json(entry)

    finding = only(report, "XS002")
    assert finding["severity"] == "warning"
    assert finding["subject"] == "MMC Schema.xsd"
    assert at(finding) == ("DUIS.xsd", line_of(duis, "<xs:import"))
    assert finding["suggestion"] == 'schemaLocation="MMC%20Schema.xsd"'
    assert findings_of(report, "XS001") == []
    assert findings_of(report, "XS101") == []
    assert {i["path"] for i in report["inputs"]} == {"DUIS.xsd", "MMC Schema.xsd"}


def test_percent_encoded_schema_location_is_fine(write):
    entry = write(
        "DUIS.xsd",
        sr_schema(
            '<xs:element name="Request" type="ra:HeaderType"/>',
            imports=f'<xs:import namespace="{RA_NS}" schemaLocation="MMC%20Schema.xsd"/>\n',
        ),
    )
    write("MMC Schema.xsd", HEADER_MMC)

    report = check_json(entry)

    assert findings_of(report, "XS002") == []
    assert findings_of(report, "XS001") == []


def test_non_ascii_schema_location_suggests_its_utf8_percent_encoding(write):
    duis = sr_schema(
        '<xs:element name="Request" type="ra:HeaderType"/>',
        imports=f'<xs:import namespace="{RA_NS}" schemaLocation="Schéma.xsd"/>\n',
    )
    entry = write("DUIS.xsd", duis)
    write("Schéma.xsd", HEADER_MMC)

    finding = only(check_json(entry), "XS002")

    assert finding["suggestion"] == 'schemaLocation="Sch%C3%A9ma.xsd"'


def test_location_mixing_an_escape_and_a_raw_space_suggests_escaping_only_the_space(write):
    entry = write(
        "DUIS.xsd",
        sr_schema(
            '<xs:element name="Request" type="ra:HeaderType"/>',
            imports=f'<xs:import namespace="{RA_NS}" schemaLocation="MMC%20Schema V5.xsd"/>\n',
        ),
    )
    write("MMC Schema V5.xsd", HEADER_MMC)

    finding = only(check_json(entry), "XS002")

    assert finding["suggestion"] == 'schemaLocation="MMC%20Schema%20V5.xsd"'


# --- XS003 remote-schema-location --------------------------------------------------------------------------------

DSIG_URL = "http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd"


def test_http_schema_location_is_reported_and_never_fetched(write, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("duislint tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    text = sr_schema(
        '<xs:element name="Request" type="xs:string"/>',
        imports=f'<xs:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="{DSIG_URL}"/>\n',
    )

    report = check_json(write("duis.xsd", text))

    finding = only(report, "XS003")
    assert finding["severity"] == "warning"
    assert finding["subject"] == DSIG_URL
    assert at(finding) == ("duis.xsd", line_of(text, "<xs:import"))
    assert "not fetched" in finding["message"]
    assert finding["suggestion"].startswith("ship the schema beside the importing file")
    assert findings_of(report, "XS001") == []
    assert findings_of(report, "XS002") == []


def test_relative_schema_location_is_not_remote(write):
    entry = write("duis.xsd", request_with_header("ra:HeaderType"))
    write("mmc.xsd", HEADER_MMC)

    assert findings_of(check_json(entry), "XS003") == []


# --- XS101 unresolved-reference ----------------------------------------------------------------------------------


def test_prefix_bound_to_the_wrong_namespace_suggests_the_other_namespace(write):
    duis = request_with_header("sr:HeaderType")
    entry = write("duis.xsd", duis)
    write("mmc.xsd", HEADER_MMC)

    finding = only(check_json(entry), "XS101")

    assert finding["severity"] == "error"
    assert finding["subject"] == "sr:HeaderType"
    assert at(finding) == ("duis.xsd", line_of(duis, 'name="Header"'))
    assert "sr:Request/Header" in finding["message"]
    assert finding["suggestion"].startswith("ra:HeaderType")


def test_misspelt_type_suggests_the_closest_name(write):
    entry = write("duis.xsd", request_with_header("ra:HeaderTyp"))
    write("mmc.xsd", HEADER_MMC)

    finding = only(check_json(entry), "XS101")

    assert finding["subject"] == "ra:HeaderTyp"
    assert finding["suggestion"] == "ra:HeaderType"


def test_misspelt_built_in_type_suggests_the_xs_type(write):
    text = sr_schema('<xs:element name="Request" type="xs:strng"/>')

    finding = only(check_json(write("duis.xsd", text)), "XS101")

    assert finding["subject"] == "xs:strng"
    assert finding["suggestion"] == "xs:string"
    assert at(finding) == ("duis.xsd", line_of(text, "xs:strng"))


def test_reference_in_a_start_tag_spanning_lines_is_reported_at_the_line_of_its_tag(write):
    text = sr_schema(
        """
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Header"
                          minOccurs="1"
                          type="sr:HeaderTyp"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS101")

    assert at(finding) == ("duis.xsd", line_of(text, 'name="Header"'))


def test_reference_in_a_start_tag_spanning_lines_is_not_reported_again_as_a_compile_error(write):
    text = sr_schema(
        """
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Header"
                          minOccurs="1"
                          type="sr:HeaderTyp"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    report = check_json(write("duis.xsd", text))

    assert only(report, "XS101")["subject"] == "sr:HeaderTyp"
    assert findings_of(report, "XS001") == []


def test_built_in_and_correctly_prefixed_references_resolve(write):
    entry = write("duis.xsd", request_with_header("ra:HeaderType"))
    write("mmc.xsd", HEADER_MMC)

    assert findings_of(check_json(entry), "XS101") == []


def test_undeclared_prefix_is_reported_as_such(write):
    text = sr_schema('<xs:element name="Request" type="foo:Thing"/>')

    finding = only(check_json(write("duis.xsd", text)), "XS101")

    assert finding["subject"] == "foo:Thing"
    assert "prefix 'foo' is not declared" in finding["message"]
    assert at(finding) == ("duis.xsd", line_of(text, "foo:Thing"))


def test_missing_group_and_element_refs_are_reported_in_their_symbol_space(write):
    text = sr_schema(
        """
        <xs:element name="Header" type="xs:string"/>
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element ref="sr:Headr"/>
              <xs:group ref="sr:DeviceIdentity"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    report = check_json(write("duis.xsd", text))

    by_subject = {f["subject"]: f for f in findings_of(report, "XS101")}
    assert set(by_subject) == {"sr:Headr", "sr:DeviceIdentity"}
    assert by_subject["sr:Headr"]["message"].startswith("element 'sr:Headr'")
    assert by_subject["sr:Headr"]["suggestion"] == "sr:Header"
    assert at(by_subject["sr:Headr"]) == ("duis.xsd", line_of(text, 'ref="sr:Headr"'))
    assert by_subject["sr:DeviceIdentity"]["message"].startswith("group 'sr:DeviceIdentity'")
    assert at(by_subject["sr:DeviceIdentity"]) == ("duis.xsd", line_of(text, 'ref="sr:DeviceIdentity"'))


def test_xml_lang_attribute_ref_resolves(write):
    text = sr_schema(
        """
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence/>
            <xs:attribute ref="xml:lang"/>
          </xs:complexType>
        </xs:element>
        """,
        imports='<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>\n',
    )
    entry = write("duis.xsd", text)
    write(
        "xml.xsd",
        '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' targetNamespace="http://www.w3.org/XML/1998/namespace">\n'
        '  <xs:attribute name="lang" type="xs:language"/>\n</xs:schema>\n',
    )

    report = check_json(entry)

    assert findings_of(report, "XS001") == []
    assert findings_of(report, "XS101") == []


# --- XS201 duplicate-global-definition ---------------------------------------------------------------------------


def test_type_defined_twice_is_reported_once_at_the_second_definition(write):
    text = sr_schema(
        """
        <xs:simpleType name="ExportMPAN"><!-- first -->
          <xs:restriction base="xs:string"/>
        </xs:simpleType>
        <xs:simpleType name="ExportMPAN"><!-- second -->
          <xs:restriction base="xs:string"/>
        </xs:simpleType>
        <xs:element name="Request" type="sr:ExportMPAN"/>
        """
    )
    report = check_json(write("duis.xsd", text))

    finding = only(report, "XS201")
    assert finding["severity"] == "error"
    assert finding["subject"] == "sr:ExportMPAN"
    assert at(finding) == ("duis.xsd", line_of(text, "<!-- second -->"))
    assert related_at(finding) == [("duis.xsd", line_of(text, "<!-- first -->"))]
    assert f"first as simple type at duis.xsd:{line_of(text, '<!-- first -->')}" in finding["message"]


def test_same_name_in_different_symbol_spaces_is_not_a_duplicate(write):
    text = sr_schema(
        """
        <xs:complexType name="Request">
          <xs:sequence><xs:element name="Body" type="xs:string"/></xs:sequence>
        </xs:complexType>
        <xs:element name="Request" type="sr:Request"/>
        <xs:group name="Request">
          <xs:sequence><xs:element name="Other" type="xs:string"/></xs:sequence>
        </xs:group>
        """
    )
    report = check_json(write("duis.xsd", text))

    assert findings_of(report, "XS201") == []
    assert findings_of(report, "XS001") == []


def test_type_defined_in_both_an_including_and_an_included_file_is_reported_once(write):
    common = sr_schema('<xs:simpleType name="MeterSerial"><xs:restriction base="xs:string"/></xs:simpleType>')
    duis = sr_schema(
        """
        <xs:simpleType name="MeterSerial"><xs:restriction base="xs:token"/></xs:simpleType>
        <xs:element name="Request" type="sr:MeterSerial"/>
        """,
        imports='<xs:include schemaLocation="common.xsd"/>\n',
    )
    entry = write("duis.xsd", duis)
    write("common.xsd", common)

    finding = only(check_json(entry), "XS201")

    both = {at(finding), *related_at(finding)}
    assert both == {("duis.xsd", line_of(duis, 'name="MeterSerial"')), ("common.xsd", line_of(common, "MeterSerial"))}


# --- XS202 duplicate-enumeration-value ---------------------------------------------------------------------------


def test_response_code_listed_twice_is_reported_once_at_the_repeat(write):
    text = sr_schema(
        """
        <xs:simpleType name="ResponseCode">
          <xs:restriction base="xs:string">
            <xs:enumeration value="E63"/>
            <xs:enumeration value="E64"/><!-- first -->
            <xs:enumeration value="E64"/><!-- repeat -->
          </xs:restriction>
        </xs:simpleType>
        <xs:element name="Request" type="sr:ResponseCode"/>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS202")

    first, repeat = line_of(text, "<!-- first -->"), line_of(text, "<!-- repeat -->")
    assert finding["severity"] == "error"
    assert finding["subject"] == "sr:ResponseCode=E64"
    assert at(finding) == ("duis.xsd", repeat)
    assert related_at(finding) == [("duis.xsd", first)]
    assert f"first at line {first}" in finding["message"]


def test_same_value_in_two_different_enumerations_is_fine(write):
    text = sr_schema(
        """
        <xs:simpleType name="ResponseCode">
          <xs:restriction base="xs:string"><xs:enumeration value="E64"/><xs:enumeration value="E65"/></xs:restriction>
        </xs:simpleType>
        <xs:simpleType name="LegacyResponseCode">
          <xs:restriction base="xs:string"><xs:enumeration value="E64"/></xs:restriction>
        </xs:simpleType>
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Code" type="sr:ResponseCode"/>
              <xs:element name="Legacy" type="sr:LegacyResponseCode"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    assert findings_of(check_json(write("duis.xsd", text)), "XS202") == []


def test_repeat_in_an_anonymous_enumeration_names_the_element_that_holds_it(write):
    text = sr_schema(
        """
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="FuelType">
                <xs:simpleType>
                  <xs:restriction base="xs:string">
                    <xs:enumeration value="Gas"/>
                    <xs:enumeration value="Gas"/><!-- repeat -->
                  </xs:restriction>
                </xs:simpleType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS202")

    assert finding["subject"] == "sr:Request/FuelType=Gas"
    assert at(finding) == ("duis.xsd", line_of(text, "<!-- repeat -->"))


# --- XS203 repeated-element-name ---------------------------------------------------------------------------------


def test_repeated_channel_element_is_reported_once(write):
    text = sr_schema(
        """
        <xs:simpleType name="Channels0To26"><xs:restriction base="xs:string"/></xs:simpleType>
        <xs:complexType name="SubGHzConfiguration">
          <xs:sequence>
            <xs:element name="LowerBandSubGHzChannels0To26" type="sr:Channels0To26"/><!-- first -->
            <xs:element name="LowerBandSubGHzChannels0To26" type="sr:Channels0To26"/><!-- repeat -->
          </xs:sequence>
        </xs:complexType>
        <xs:complexType name="SubGHzConfigurationWithTime">
          <xs:complexContent>
            <xs:extension base="sr:SubGHzConfiguration">
              <xs:sequence><xs:element name="ExecutionDateTime" type="xs:dateTime"/></xs:sequence>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Configure" type="sr:SubGHzConfiguration"/>
              <xs:element name="ConfigureLater" type="sr:SubGHzConfigurationWithTime"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS203")

    assert finding["severity"] == "warning"
    assert finding["subject"] == "sr:SubGHzConfiguration/LowerBandSubGHzChannels0To26"
    assert at(finding) == ("duis.xsd", line_of(text, "<!-- repeat -->"))
    assert related_at(finding) == [("duis.xsd", line_of(text, "<!-- first -->"))]
    assert "can occur 2 times" in finding["message"]


def test_element_redeclared_in_an_extension_of_a_base_that_has_it_is_reported_in_the_extension(write):
    text = sr_schema(
        """
        <xs:complexType name="DeviceBase">
          <xs:sequence><xs:element name="DeviceID" type="xs:string"/></xs:sequence><!-- base -->
        </xs:complexType>
        <xs:complexType name="GasDevice">
          <xs:complexContent>
            <xs:extension base="sr:DeviceBase">
              <xs:sequence><xs:element name="DeviceID" type="xs:string"/></xs:sequence><!-- again -->
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
        <xs:element name="Request" type="sr:GasDevice"/>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS203")

    assert finding["subject"] == "sr:GasDevice/DeviceID"
    assert at(finding) == ("duis.xsd", line_of(text, "<!-- again -->"))
    assert related_at(finding) == [("duis.xsd", line_of(text, "<!-- base -->"))]


def test_element_repeated_through_a_group_ref_is_reported_in_the_type_not_in_every_user_of_the_group(write):
    text = sr_schema(
        """
        <xs:group name="DeviceIdentity">
          <xs:sequence><xs:element name="DeviceID" type="xs:string"/></xs:sequence><!-- group -->
        </xs:group>
        <xs:complexType name="ReadDevice">
          <xs:sequence>
            <xs:group ref="sr:DeviceIdentity"/>
            <xs:element name="DeviceID" type="xs:string"/><!-- again -->
          </xs:sequence>
        </xs:complexType>
        <xs:complexType name="WriteDevice">
          <xs:sequence>
            <xs:group ref="sr:DeviceIdentity"/>
            <xs:element name="Value" type="xs:string"/>
          </xs:sequence>
        </xs:complexType>
        <xs:element name="Request">
          <xs:complexType>
            <xs:choice>
              <xs:element name="Read" type="sr:ReadDevice"/>
              <xs:element name="Write" type="sr:WriteDevice"/>
            </xs:choice>
          </xs:complexType>
        </xs:element>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS203")

    assert finding["subject"] == "sr:ReadDevice/DeviceID"
    assert at(finding) == ("duis.xsd", line_of(text, "<!-- again -->"))
    assert related_at(finding) == [("duis.xsd", line_of(text, "<!-- group -->"))]


def test_same_element_name_in_two_branches_of_a_choice_is_fine(write):
    text = sr_schema(
        """
        <xs:complexType name="MeterPayload">
          <xs:choice>
            <xs:sequence>
              <xs:element name="ElectricityMeter" type="xs:string"/>
              <xs:element name="MeterSerial" type="xs:string"/>
            </xs:sequence>
            <xs:sequence>
              <xs:element name="GasMeter" type="xs:string"/>
              <xs:element name="MeterSerial" type="xs:string"/>
            </xs:sequence>
          </xs:choice>
        </xs:complexType>
        <xs:element name="Request" type="sr:MeterPayload"/>
        """
    )
    report = check_json(write("duis.xsd", text))

    assert findings_of(report, "XS203") == []
    assert findings_of(report, "XS001") == []


def test_one_declaration_with_max_occurs_and_same_name_in_other_types_is_fine(write):
    text = sr_schema(
        """
        <xs:complexType name="Readings">
          <xs:sequence><xs:element name="Reading" type="xs:int" maxOccurs="unbounded"/></xs:sequence>
        </xs:complexType>
        <xs:complexType name="MoreReadings">
          <xs:sequence><xs:element name="Reading" type="xs:int"/></xs:sequence>
        </xs:complexType>
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="A" type="sr:Readings"/>
              <xs:element name="B" type="sr:MoreReadings"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    assert findings_of(check_json(write("duis.xsd", text)), "XS203") == []


def test_element_brought_twice_by_two_group_refs_is_reported(write):
    text = sr_schema(
        """
        <xs:group name="ElectricityIdentity">
          <xs:sequence><xs:element name="DeviceID" type="xs:string"/></xs:sequence>
        </xs:group>
        <xs:group name="GasIdentity">
          <xs:sequence><xs:element name="DeviceID" type="xs:string"/></xs:sequence>
        </xs:group>
        <xs:complexType name="DualFuelDevice">
          <xs:sequence>
            <xs:group ref="sr:ElectricityIdentity"/>
            <xs:group ref="sr:GasIdentity"/>
          </xs:sequence>
        </xs:complexType>
        <xs:element name="Request" type="sr:DualFuelDevice"/>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS203")

    assert finding["subject"] == "sr:DualFuelDevice/DeviceID"


def test_element_brought_again_by_a_group_ref_in_an_extension_is_reported(write):
    text = sr_schema(
        """
        <xs:group name="DeviceIdentity">
          <xs:sequence><xs:element name="DeviceID" type="xs:string"/></xs:sequence>
        </xs:group>
        <xs:complexType name="DeviceBase">
          <xs:sequence><xs:element name="DeviceID" type="xs:string"/></xs:sequence>
        </xs:complexType>
        <xs:complexType name="GasDevice">
          <xs:complexContent>
            <xs:extension base="sr:DeviceBase">
              <xs:sequence><xs:group ref="sr:DeviceIdentity"/></xs:sequence>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
        <xs:element name="Request" type="sr:GasDevice"/>
        """
    )
    finding = only(check_json(write("duis.xsd", text)), "XS203")

    assert finding["subject"] == "sr:GasDevice/DeviceID"


# --- XS301 unreachable-component ---------------------------------------------------------------------------------


def test_type_no_element_uses_is_reported_once_and_so_is_what_only_it_uses(write):
    text = sr_schema(
        """
        <xs:complexType name="ReadInventoryRsp">
          <xs:sequence><xs:element name="Entry" type="sr:InventoryEntry"/></xs:sequence>
        </xs:complexType>
        <xs:simpleType name="InventoryEntry"><xs:restriction base="xs:string"/></xs:simpleType>
        <xs:element name="Request" type="xs:string"/>
        """
    )
    report = check_json(write("duis.xsd", text))

    by_subject = {f["subject"]: f for f in findings_of(report, "XS301")}
    assert set(by_subject) == {"sr:ReadInventoryRsp", "sr:InventoryEntry"}
    dead = by_subject["sr:ReadInventoryRsp"]
    assert dead["severity"] == "info"
    assert at(dead) == ("duis.xsd", line_of(text, 'name="ReadInventoryRsp"'))
    assert dead["message"] == "complex type 'sr:ReadInventoryRsp' is not reachable from any global element"
    assert at(by_subject["sr:InventoryEntry"]) == ("duis.xsd", line_of(text, '<xs:simpleType name="InventoryEntry"'))


def test_types_used_only_via_group_ref_extension_base_attribute_group_or_union_are_reachable(write):
    text = sr_schema(
        """
        <xs:simpleType name="DeviceIDType"><xs:restriction base="xs:string"/></xs:simpleType>
        <xs:group name="DeviceIdentity">
          <xs:sequence><xs:element name="DeviceID" type="sr:DeviceIDType"/></xs:sequence>
        </xs:group>
        <xs:complexType name="DeviceBase">
          <xs:sequence><xs:group ref="sr:DeviceIdentity"/></xs:sequence>
        </xs:complexType>
        <xs:complexType name="GasDevice">
          <xs:complexContent>
            <xs:extension base="sr:DeviceBase">
              <xs:sequence><xs:element name="Volume" type="sr:VolumeOrText"/></xs:sequence>
              <xs:attributeGroup ref="sr:Versioning"/>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
        <xs:simpleType name="VolumeOrText"><xs:union memberTypes="sr:Volume xs:string"/></xs:simpleType>
        <xs:simpleType name="Volume"><xs:restriction base="xs:decimal"/></xs:simpleType>
        <xs:attributeGroup name="Versioning">
          <xs:attribute name="schemaVersion" type="sr:SchemaVersion"/>
        </xs:attributeGroup>
        <xs:simpleType name="SchemaVersion"><xs:restriction base="xs:string"/></xs:simpleType>
        <xs:element name="Request" type="sr:GasDevice"/>
        """
    )
    report = check_json(write("duis.xsd", text))

    assert findings_of(report, "XS301") == []
    assert findings_of(report, "XS001") == []


def test_unused_group_and_global_attribute_are_reported(write):
    text = sr_schema(
        """
        <xs:group name="LegacyIdentity">
          <xs:sequence><xs:element name="Id" type="xs:string"/></xs:sequence>
        </xs:group>
        <xs:attribute name="legacyFlag" type="xs:boolean"/>
        <xs:element name="Request" type="xs:string"/>
        """
    )
    report = check_json(write("duis.xsd", text))

    by_subject = {f["subject"]: f for f in findings_of(report, "XS301")}
    assert set(by_subject) == {"sr:LegacyIdentity", "sr:legacyFlag"}
    assert by_subject["sr:LegacyIdentity"]["message"].startswith("group ")
    assert by_subject["sr:legacyFlag"]["message"].startswith("attribute ")
    assert at(by_subject["sr:legacyFlag"]) == ("duis.xsd", line_of(text, 'name="legacyFlag"'))


def test_unused_type_is_found_when_two_namespaces_share_a_prefix(write):
    one = (
        '<?xml version="1.0"?>\n'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:one" targetNamespace="urn:one">\n'
        '  <xs:import namespace="urn:two" schemaLocation="two.xsd"/>\n'
        '  <xs:complexType name="Thing"><xs:sequence/></xs:complexType>\n'
        '  <xs:element name="Root" type="tns:Thing"/>\n'
        "</xs:schema>\n"
    )
    two = (
        '<?xml version="1.0"?>\n'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:two" targetNamespace="urn:two">\n'
        '  <xs:complexType name="Thing"><xs:sequence/></xs:complexType>\n'
        "</xs:schema>\n"
    )
    entry = write("one.xsd", one)
    write("two.xsd", two)

    finding = only(check_json(entry), "XS301")

    assert at(finding) == ("two.xsd", line_of(two, 'name="Thing"'))


# --- XS401 twin-drift / XS402 twin-relaxed-in-mmc ----------------------------------------------------------------


def twins(sr_body: str, ra_body: str, uses: list[str], write, ra_text: str | None = None):
    """duis.xsd (sr:) importing mmc.xsd (ra:); a global element uses each named type so none is unreachable."""
    elements = "\n".join(f'      <xs:element name="Use{i}" type="{t}"/>' for i, t in enumerate(uses))
    duis = sr_schema(
        sr_body
        + f"""
<xs:element name="Request">
  <xs:complexType>
    <xs:sequence>
{elements}
    </xs:sequence>
  </xs:complexType>
</xs:element>
""",
        imports=IMPORT_MMC,
    )
    mmc = ra_text if ra_text is not None else ra_schema(ra_body)
    entry = write("duis.xsd", duis)
    write("mmc.xsd", mmc)
    return check_json(entry), duis, mmc


def test_twin_whose_element_type_differs_is_reported_once_with_both_lines(write):
    report, duis, mmc = twins(
        """
        <xs:complexType name="DebtRecovery">
          <xs:sequence>
            <xs:element name="DebtRecoveryRate" type="xs:short"/>
            <xs:element name="DebtRecoveryRatePeriod" type="xs:string"/>
          </xs:sequence>
        </xs:complexType>
        """,
        """
        <xs:complexType name="DebtRecovery">
          <xs:sequence>
            <xs:element name="DebtRecoveryRate" type="xs:integer"/>
            <xs:element name="DebtRecoveryRatePeriod" type="xs:string"/>
          </xs:sequence>
        </xs:complexType>
        """,
        ["sr:DebtRecovery", "ra:DebtRecovery"],
        write,
    )

    finding = only(report, "XS401")
    assert finding["severity"] == "warning"
    assert finding["subject"] == "sr:DebtRecovery~ra:DebtRecovery"
    assert at(finding) == ("duis.xsd", line_of(duis, 'name="DebtRecoveryRate"'))
    assert related_at(finding) == [("mmc.xsd", line_of(mmc, 'name="DebtRecoveryRate"'))]
    assert "differ in 1 place" in finding["message"]
    assert "element DebtRecoveryRate is 1..1, type xs:short in sr:, 1..1, type xs:integer in ra:" in finding["message"]
    assert findings_of(report, "XS402") == []


def test_twin_enumeration_drift_lists_the_values_on_each_side(write):
    report, duis, mmc = twins(
        """
        <xs:simpleType name="PaymentMode">
          <xs:restriction base="xs:string">
            <xs:enumeration value="Credit"/>
            <xs:enumeration value="Prepayment"/>
          </xs:restriction>
        </xs:simpleType>
        """,
        """
        <xs:simpleType name="PaymentMode">
          <xs:restriction base="xs:string">
            <xs:enumeration value="Credit"/>
            <xs:enumeration value="Prepay"/>
          </xs:restriction>
        </xs:simpleType>
        """,
        ["sr:PaymentMode", "ra:PaymentMode"],
        write,
    )

    finding = only(report, "XS401")
    assert "enumeration values only in sr: Prepayment" in finding["message"]
    assert "enumeration values only in ra: Prepay" in finding["message"]
    assert at(finding) == ("duis.xsd", line_of(duis, 'value="Prepayment"'))
    assert ("mmc.xsd", line_of(mmc, 'value="Prepay"')) in related_at(finding)


def test_twins_identical_modulo_defaults_prefixes_whitespace_and_annotations_are_quiet(write):
    mmc = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:mmc="http://www.dccinterface.co.uk/ResponseAndAlert"\n'
        '    targetNamespace="http://www.dccinterface.co.uk/ResponseAndAlert" elementFormDefault="qualified">\n'
        '  <xs:complexType name="SupplyTamperState">\n'
        "    <xs:annotation><xs:documentation>Types previously defined in DUIS</xs:documentation></xs:annotation>\n"
        "    <xs:sequence>\n"
        '      <xs:element   name="State"\n'
        '                    type="mmc:TamperState"/>\n'
        '      <xs:element name="Since" type="xs:dateTime" minOccurs="0"/>\n'
        "    </xs:sequence>\n"
        '    <xs:attribute name="version" type="xs:string"/>\n'
        "  </xs:complexType>\n"
        '  <xs:simpleType name="TamperState">\n'
        '    <xs:restriction base="xs:string"><xs:enumeration value="Locked"/><xs:enumeration value="Unlocked"/>'
        "</xs:restriction>\n"
        "  </xs:simpleType>\n"
        "</xs:schema>\n"
    )
    report, _, _ = twins(
        """
        <xs:complexType name="SupplyTamperState">
          <xs:sequence>
            <xs:element name="State" type="sr:TamperState" minOccurs="1" maxOccurs="1"/>
            <xs:element name="Since" type="xs:dateTime" minOccurs="0" maxOccurs="1"/>
          </xs:sequence>
          <xs:attribute name="version" type="xs:string" use="optional"/>
        </xs:complexType>
        <xs:simpleType name="TamperState">
          <xs:restriction base="xs:string">
            <xs:enumeration value="Unlocked"/>
            <xs:enumeration value="Locked"/>
          </xs:restriction>
        </xs:simpleType>
        """,
        "",
        ["sr:SupplyTamperState", "ra:SupplyTamperState"],
        write,
        ra_text=mmc,
    )

    assert findings_of(report, "XS401") == []
    assert findings_of(report, "XS402") == []
    assert findings_of(report, "XS001") == []


def test_drift_together_with_relaxation_is_drift_listing_every_difference(write):
    report, duis, _ = twins(
        """
        <xs:complexType name="MeterReading">
          <xs:sequence>
            <xs:element name="Register" type="xs:int"/>
            <xs:element name="ReadingTime" type="xs:dateTime"/>
          </xs:sequence>
        </xs:complexType>
        """,
        """
        <xs:complexType name="MeterReading">
          <xs:sequence>
            <xs:element name="Register" type="xs:int" minOccurs="0"/>
            <xs:element name="CaptureTime" type="xs:dateTime"/>
          </xs:sequence>
        </xs:complexType>
        """,
        ["sr:MeterReading", "ra:MeterReading"],
        write,
    )

    finding = only(report, "XS401")
    assert "differ in 3 places" in finding["message"]
    for detail in ("element Register is 1..1", "element ReadingTime only in sr:", "element CaptureTime only in ra:"):
        assert detail in finding["message"]
    assert findings_of(report, "XS402") == []


def test_service_reference_code_lists_are_left_to_du104_not_reported_as_twin_drift(write):
    report, _, _ = twins(
        '<xs:simpleType name="ServiceReferenceVariant"><xs:restriction base="xs:string">'
        '<xs:enumeration value="4.2"/><xs:enumeration value="4.4.5"/></xs:restriction></xs:simpleType>',
        '<xs:simpleType name="ServiceReferenceVariant"><xs:restriction base="xs:string">'
        '<xs:enumeration value="4.4.5"/></xs:restriction></xs:simpleType>',
        ["sr:ServiceReferenceVariant", "ra:ServiceReferenceVariant"],
        write,
    )

    assert findings_of(report, "XS401") == []
    assert findings_of(report, "XS402") == []


def test_twin_whose_sequence_lists_the_same_elements_in_another_order_is_drift(write):
    report, _, _ = twins(
        """
        <xs:complexType name="TariffSwitch">
          <xs:sequence>
            <xs:element name="SwitchTime" type="xs:time"/>
            <xs:element name="TariffRegister" type="xs:int"/>
          </xs:sequence>
        </xs:complexType>
        """,
        """
        <xs:complexType name="TariffSwitch">
          <xs:sequence>
            <xs:element name="TariffRegister" type="xs:int"/>
            <xs:element name="SwitchTime" type="xs:time"/>
          </xs:sequence>
        </xs:complexType>
        """,
        ["sr:TariffSwitch", "ra:TariffSwitch"],
        write,
    )

    assert only(report, "XS401")["subject"] == "sr:TariffSwitch~ra:TariffSwitch"


def test_mmc_copy_that_only_makes_an_element_optional_is_reported_as_relaxed(write):
    report, duis, mmc = twins(
        """
        <xs:complexType name="TariffSwitch">
          <xs:sequence>
            <xs:element name="SwitchTime" type="xs:time"/>
            <xs:element name="TariffRegister" type="xs:int"/>
          </xs:sequence>
        </xs:complexType>
        """,
        """
        <xs:complexType name="TariffSwitch">
          <xs:sequence>
            <xs:element name="SwitchTime" type="xs:time" minOccurs="0"/>
            <xs:element name="TariffRegister" type="xs:int"/>
          </xs:sequence>
        </xs:complexType>
        """,
        ["sr:TariffSwitch", "ra:TariffSwitch"],
        write,
    )

    finding = only(report, "XS402")
    assert finding["severity"] == "info"
    assert finding["subject"] == "sr:TariffSwitch~ra:TariffSwitch"
    assert at(finding) == ("duis.xsd", line_of(duis, 'name="SwitchTime"'))
    assert related_at(finding) == [("mmc.xsd", line_of(mmc, 'name="SwitchTime"'))]
    assert "element SwitchTime is 1..1, type xs:time in sr:, 0..1, type xs:time in ra:" in finding["message"]
    assert findings_of(report, "XS401") == []


def test_mmc_copy_that_only_makes_a_required_attribute_optional_is_relaxed(write):
    report, duis, mmc = twins(
        """
        <xs:complexType name="Versioned">
          <xs:sequence/>
          <xs:attribute name="schemaVersion" type="xs:string" use="required"/>
        </xs:complexType>
        """,
        """
        <xs:complexType name="Versioned">
          <xs:sequence/>
          <xs:attribute name="schemaVersion" type="xs:string"/>
        </xs:complexType>
        """,
        ["sr:Versioned", "ra:Versioned"],
        write,
    )

    finding = only(report, "XS402")
    assert at(finding) == ("duis.xsd", line_of(duis, 'name="schemaVersion"'))
    assert related_at(finding) == [("mmc.xsd", line_of(mmc, 'name="schemaVersion"'))]
    assert "use required in sr:" in finding["message"]
    assert findings_of(report, "XS401") == []


def test_mmc_copy_that_makes_an_element_required_is_drift_not_relaxation(write):
    report, _, _ = twins(
        """
        <xs:complexType name="TariffSwitch">
          <xs:sequence><xs:element name="SwitchTime" type="xs:time" minOccurs="0"/></xs:sequence>
        </xs:complexType>
        """,
        """
        <xs:complexType name="TariffSwitch">
          <xs:sequence><xs:element name="SwitchTime" type="xs:time"/></xs:sequence>
        </xs:complexType>
        """,
        ["sr:TariffSwitch", "ra:TariffSwitch"],
        write,
    )

    assert only(report, "XS401")["subject"] == "sr:TariffSwitch~ra:TariffSwitch"
    assert findings_of(report, "XS402") == []


def test_item_missing_from_the_mmc_copy_with_a_comment_saying_why_is_reported_as_explained(write):
    report, duis, mmc = twins(
        """
        <xs:complexType name="ProfileData">
          <xs:sequence>
            <xs:element name="ReadingTime" type="xs:dateTime"/>
            <xs:element name="MeasurementPeriod" type="xs:int"/>
          </xs:sequence>
        </xs:complexType>
        """,
        """
        <xs:complexType name="ProfileData">
          <xs:sequence>
            <xs:element name="ReadingTime" type="xs:dateTime"/>
            <!-- measurement period expected but not present in GBCS -->
          </xs:sequence>
        </xs:complexType>
        """,
        ["sr:ProfileData", "ra:ProfileData"],
        write,
    )

    finding = only(report, "XS402")
    assert at(finding) == ("duis.xsd", line_of(duis, 'name="MeasurementPeriod"'))
    assert "element MeasurementPeriod only in sr:" in finding["message"]
    assert "measurement period expected but not present in GBCS" in finding["message"]
    assert findings_of(report, "XS401") == []


def test_comment_that_names_another_item_does_not_explain_a_missing_one(write):
    report, _, _ = twins(
        """
        <xs:complexType name="ProfileData">
          <xs:sequence>
            <xs:element name="ReadingTime" type="xs:dateTime"/>
            <xs:element name="MeasurementPeriod" type="xs:int"/>
          </xs:sequence>
        </xs:complexType>
        """,
        """
        <xs:complexType name="ProfileData">
          <xs:sequence>
            <xs:element name="ReadingTime" type="xs:dateTime"/>
            <!-- reading time is UTC -->
          </xs:sequence>
        </xs:complexType>
        """,
        ["sr:ProfileData", "ra:ProfileData"],
        write,
    )

    assert "element MeasurementPeriod only in sr:" in only(report, "XS401")["message"]
    assert findings_of(report, "XS402") == []


def test_chameleon_include_takes_the_including_namespace(write, tmp_path, monkeypatch):
    """An included schema without targetNamespace (a "chameleon") defines its types in the includer's namespace."""
    monkeypatch.chdir(tmp_path)
    write(
        "common.xsd",
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">\n'
        '  <xs:simpleType name="RequestIDType"><xs:restriction base="xs:string"/></xs:simpleType>\n'
        '  <xs:complexType name="Header"><xs:sequence>\n'
        '    <xs:element name="RequestID" type="RequestIDType"/>\n'
        "  </xs:sequence></xs:complexType>\n"
        "</xs:schema>\n",
    )
    main = write(
        "main.xsd",
        sr_schema(
            """
            <xs:include schemaLocation="common.xsd"/>
            <xs:element name="Request" type="sr:Request"/>
            <xs:complexType name="Request"><xs:sequence>
              <xs:element name="Header" type="sr:Header"/>
            </xs:sequence></xs:complexType>
            """
        ),
    )
    report = check_json(main)
    assert [f for f in report["findings"] if f["rule"] in ("XS001", "XS101", "XS301")] == []

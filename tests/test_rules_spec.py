"""SP rules on small Markdown specifications written by the tests, against a small DUIS-shaped schema."""

from __future__ import annotations

import json
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
        <xs:element name="CreateSchedule" type="sr:CreateSchedule"/>
        <xs:element name="SetCHFSubGHzConfiguration" type="sr:SubGHzConfiguration"/>
      </xs:choice></xs:complexType></xs:element>
      <xs:element name="ResponseCode" type="sr:ResponseCode" minOccurs="0"/>
      <xs:element name="DCCAlertCode" minOccurs="0"><xs:simpleType><xs:restriction base="xs:string">
        <xs:enumeration value="N1"/><xs:enumeration value="N2"/>
      </xs:restriction></xs:simpleType></xs:element>
    </xs:sequence></xs:complexType>
    <xs:complexType name="CreateSchedule"><xs:sequence>
      <xs:element name="ScheduleStartDate" type="xs:date"/>
      <xs:element name="ScheduleEndDate" type="xs:date" minOccurs="0"/>
      <xs:choice>
        <xs:element name="DailySchedule" type="xs:string"/>
        <xs:element name="WeeklySchedule" type="xs:string"/>
      </xs:choice>
    </xs:sequence></xs:complexType>
    <xs:complexType name="SubGHzConfiguration"><xs:sequence>
      <xs:element name="LowerBandSubGHzChannels0To26" type="sr:Channels0To26"/>
      <xs:element name="UpperBandSubGHzChannels0To26" type="sr:Channels0To26"/>
      <xs:element name="FirmwareVersion" type="xs:hexBinary" minOccurs="0"/>
    </xs:sequence></xs:complexType>
    <xs:simpleType name="Channels0To26"><xs:restriction base="xs:hexBinary"/></xs:simpleType>
    <xs:simpleType name="ServiceReference"><xs:restriction base="xs:string">
      <xs:enumeration value="5.1"/><xs:enumeration value="6.28"/>
    </xs:restriction></xs:simpleType>
    <xs:simpleType name="ServiceReferenceVariant"><xs:restriction base="xs:string">
      <xs:enumeration value="5.1"/><xs:enumeration value="6.28"/>
    </xs:restriction></xs:simpleType>
    <xs:simpleType name="ResponseCode"><xs:restriction base="xs:string">
      <xs:enumeration value="I0"/><xs:enumeration value="E63"/><xs:enumeration value="E64"/>
      <xs:enumeration value="E65"/>
    </xs:restriction></xs:simpleType>
    """
)

MATRIX = [
    {"Service Request Name": "Create Schedule", "Service Reference": "5.1", "Service Reference Variant": "5.1",
     "Critical": "No", "On Demand": "Yes", "DCC Scheduled": "No", "Eligible User Roles": ["IS", "GS"]},
    {"Service Request Name": "Set CHF Sub GHz Configuration", "Service Reference": "6.28",
     "Service Reference Variant": "6.28", "Critical": "No", "On Demand": "Yes", "DCC Scheduled": "No",
     "Eligible User Roles": ["IS", "ES", "GS"]},
]  # fmt: skip

CLEAN_SPEC = """
# 1 Introduction
## 1.3 Definitions
| Term | Definition |
|---|---|
| Transport Layer Security (TLS) | the protocol defined in clause 3.8.1 |
| Data Communications Company (DCC) | the licensee |
| S1SP Alert | an alert, see section 3.9 and Section H3.3 of the Code, version 4.3 |
# 3 Services
## 3.5 Response Codes
| Response Code | Response Code Name | Response Code Type | Response Code Description |
|---|---|---|---|
| I0 | Success | Informational | Processed |
| E63 | Bad thing | Error | Rejected |
| E64 | Other bad thing | Error | Rejected too |
| E65 | Third | Error | Rejected again |
## 3.8 Service Requests
### 3.8.1 Create Schedule
#### 3.8.1.1 Service Description
| Attribute | Value |
|---|---|
| Service Request Name | Create Schedule |
| Service Reference | 5.1 |
| Service Reference Variant | 5.1 |
| Critical | No |
| On Demand | Yes |
| DCC Scheduled | No |
| Eligible Users | Import Supplier, Gas Supplier |
| Body Element | CreateSchedule |
#### 3.8.1.2 Specific Data Items
| Data Item | Description / Valid Set | Type | Mandatory | Default | Units |
|---|---|---|---|---|---|
| ScheduleStartDate | start | xs:date | Yes | None | None |
| ScheduleEndDate | end | xs:date | No | None | None |
| DailySchedule | daily | xs:string | Yes | None | None |
| WeeklySchedule | weekly | xs:string | Yes | None | None |
### 3.8.2 Set CHF Sub GHz Configuration
#### 3.8.2.1 Service Description
| Attribute | Value |
|---|---|
| Service Reference Variant | 6.28 |
| Eligible Users | Import Supplier, Export Supplier, Gas Supplier |
| Body Element | sr:SetCHFSubGHzConfiguration |
#### 3.8.2.2 Specific Data Items
| Data Item | Description / Valid Set | Type | Mandatory | Default | Units |
|---|---|---|---|---|---|
| sr:LowerBandSubGHzChannels0To26 | lower | sr:Channels0To26 | Yes | None | None |
| UpperBandSubGHzChannels0To26 | upper | Restriction of xs:hexBinary | Yes | None | None |
| FirmwareVersion | version | xs:hexBinary | No | None | None |
## 3.9 DCC Alerts
### 3.9.1 Alert Codes
| DCC Alert Code | Alert Name | Alert Data Item | Description |
|---|---|---|---|
| N1 | First | sr:FirmwareVersion | something happened |
| N2 | Second | None | something else happened |

The DCC notifies users by email.
"""


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    Path("matrix.json").write_text(json.dumps(MATRIX), encoding="utf-8")

    def check(spec_text: str, *extra: str) -> dict:
        Path("spec.md").write_text(textwrap.dedent(spec_text).lstrip(), encoding="utf-8")
        return check_json("schema.xsd", extra=("--spec", "spec.md", "--spec", "matrix.json", "--select", "SP", *extra))

    return check


def edit(old: str, new: str) -> str:
    assert old in CLEAN_SPEC, old
    return CLEAN_SPEC.replace(old, new, 1)


def test_clean_spec_gives_no_spec_finding(setup):
    assert setup(CLEAN_SPEC)["findings"] == []


def test_response_code_missing_from_table_is_reported_at_the_table_of_its_neighbour(setup):
    report = setup(edit("| E64 | Other bad thing | Error | Rejected too |\n", ""))
    (finding,) = findings_of(report, "SP101")
    assert finding["subject"] == "E64"
    assert finding["location"]["section"] == "3.5" and finding["location"]["table"] == 2
    assert finding["related"][0]["path"] == "schema.xsd"


def test_table_code_the_schema_lacks_suggests_the_swapped_code(setup):
    report = setup(edit("| E64 | Other", "| E46 | Other"))
    (finding,) = findings_of(report, "SP102")
    assert finding["subject"] == "E46" and finding["suggestion"] == "E64"
    spec = Path("spec.md").read_text(encoding="utf-8")
    assert finding["location"]["row"] == 3 and finding["location"]["line"] == line_of(spec, "| E46 ")


@pytest.mark.parametrize("placeholder", ["TBC", "TBD", "-", "N/A", ""])
def test_code_with_placeholder_description_is_not_specified(setup, placeholder):
    report = setup(edit("| E65 | Third | Error | Rejected again |", f"| E65 | Third | Error | {placeholder} |"))
    (finding,) = findings_of(report, "SP103")
    assert finding["subject"] == "E65" and finding["location"]["row"] == 4


def test_misspelt_data_item_is_unknown_with_suggestion(setup):
    report = setup(edit("| UpperBandSubGHzChannels0To26 |", "| UpperBandSubGHzChannels0To026 |"))
    (finding,) = findings_of(report, "SP201")
    assert finding["subject"] == "UpperBandSubGHzChannels0To026"
    assert finding["suggestion"] == "UpperBandSubGHzChannels0To26"
    assert finding["location"]["section"] == "3.8.2.2"


def test_alert_data_item_the_schema_does_not_have_is_unknown(setup):
    report = setup(edit("| sr:FirmwareVersion |", "| sr:FirmwareVersionUpdate |"))
    (finding,) = findings_of(report, "SP201")
    assert finding["subject"] == "sr:FirmwareVersionUpdate"
    assert finding["suggestion"] == "sr:FirmwareVersion"
    assert finding["related"][0]["line"] == line_in_schema('name="FirmwareVersion"')


def test_unknown_type_in_type_column_is_reported(setup):
    report = setup(edit("| start | xs:date |", "| start | xs:dat |"))
    (finding,) = findings_of(report, "SP201")
    assert finding["subject"] == "xs:dat" and finding["suggestion"] == "xs:date"


def test_data_item_listed_twice_in_one_table(setup):
    row = "| sr:LowerBandSubGHzChannels0To26 | lower | sr:Channels0To26 | Yes | None | None |\n"
    report = setup(edit(row, row + row.replace("sr:Lower", "Lower")))
    (finding,) = findings_of(report, "SP202")
    assert finding["subject"] == "LowerBandSubGHzChannels0To26"
    assert finding["location"]["row"] == 2 and finding["related"][0]["row"] == 1


def test_mandatory_against_optional_element(setup):
    report = setup(edit("| ScheduleEndDate | end | xs:date | No |", "| ScheduleEndDate | end | xs:date | Yes |"))
    (finding,) = findings_of(report, "SP203")
    assert finding["subject"] == "ScheduleEndDate" and finding["suggestion"] == "No"
    assert 'minOccurs="0"' in finding["message"]
    assert finding["related"][0]["line"] == line_in_schema('name="ScheduleEndDate"')


def line_in_schema(marker: str) -> int:
    return next(n for n, text in enumerate(Path("schema.xsd").read_text().splitlines(), 1) if marker in text)


def test_optional_against_required_element_and_choice_members_never_flagged(setup):
    report = setup(edit("| ScheduleStartDate | start | xs:date | Yes |", "| ScheduleStartDate | start | xs:date | N |"))
    (finding,) = findings_of(report, "SP203")
    assert finding["subject"] == "ScheduleStartDate"
    # DailySchedule/WeeklySchedule are choice members marked Yes: not flagged (in the clean spec too)


def test_conditional_is_never_flagged(setup):
    report = setup(
        edit("| ScheduleEndDate | end | xs:date | No |", "| ScheduleEndDate | end | xs:date | Conditional |")
    )
    assert findings_of(report, "SP203") == []


def test_type_column_against_declared_type(setup):
    report = setup(edit("| ScheduleStartDate | start | xs:date |", "| ScheduleStartDate | start | xs:dateTime |"))
    (finding,) = findings_of(report, "SP204")
    assert finding["subject"] == "ScheduleStartDate" and finding["suggestion"] == "date"


def test_undocumented_child_of_the_body_type(setup):
    report = setup(edit("| FirmwareVersion | version | xs:hexBinary | No | None | None |\n", ""))
    (finding,) = findings_of(report, "SP205")
    assert finding["subject"] == "FirmwareVersion" and finding["location"]["section"] == "3.8.2.2"


def test_srv_sections_out_of_order_missing_and_unknown(setup):
    swapped = edit("| Service Reference Variant | 6.28 |", "| Service Reference Variant | 6.29 |")
    report = setup(swapped)
    subjects = sorted(f["subject"] for f in findings_of(report, "SP301"))
    assert subjects == ["SRV 6.28", "SRV 6.29"]  # no section for 6.28; a section for 6.29, which does not exist


def test_eligible_users_the_matrix_does_not_grant(setup):
    report = setup(edit("| Eligible Users | Import Supplier, Gas Supplier |",
                        "| Eligible Users | Import Supplier, Gas Supplier, Other User |"))  # fmt: skip
    (finding,) = findings_of(report, "SP302")
    assert "OU" in finding["message"] and finding["location"]["section"] == "3.8.1.1"
    assert finding["suggestion"] == "Import Supplier, Gas Supplier"


def test_service_description_attribute_against_matrix(setup):
    report = setup(edit("| Critical | No |", "| Critical | Yes |"))
    (finding,) = findings_of(report, "SP302")
    assert "Critical" in finding["message"] and finding["suggestion"] == "No"


def test_term_defined_twice_reports_every_definition(setup):
    report = setup(edit("| S1SP Alert |", "| TLS | again |\n| S1SP Alert |"))
    findings = findings_of(report, "SP401")
    assert sorted(f["location"]["row"] for f in findings) == [1, 3]  # the row of "Transport Layer Security (TLS)"
    assert {f["subject"] for f in findings} == {"TLS"}


def test_clause_reference_to_missing_heading_but_not_other_documents(setup):
    report = setup(edit("see section 3.9 and", "see section 3.9.7 and"))
    (finding,) = findings_of(report, "SP402")
    assert finding["subject"] == "clause 3.9.7"


def test_deprecated_term_default_and_configured(setup):
    report = setup(edit("by email", "by fax"))
    (finding,) = findings_of(report, "SP404")
    assert finding["subject"] == "fax" and finding["suggestion"] == "email"
    report = setup(CLEAN_SPEC, "--deprecated-term", "email=secure portal")
    (finding,) = findings_of(report, "SP404")
    assert finding["suggestion"] == "secure portal"
    assert findings_of(setup(edit("by email", "by fax"), "--deprecated-term", "none"), "SP404") == []


def test_codes_srs_and_srvs_are_strings_not_numbers(setup):
    """6.20 is not 6.2: a section naming SRV 6.2 is not the section of SRV 6.20."""
    report = setup(edit("| Service Reference Variant | 6.28 |", "| Service Reference Variant | 6.280 |"))
    assert "SRV 6.280" in {f["subject"] for f in findings_of(report, "SP301")}


def test_code_listed_twice_is_reported_at_its_second_row(setup):
    report = setup(edit("| E65 | Third |", "| E63 | Third |"))
    (finding,) = findings_of(report, "SP104")
    assert finding["subject"] == "E63" and finding["location"]["row"] == 4
    assert finding["related"][0]["row"] == 2


# --- SP403 broken-cross-reference (a Word feature: REF fields and bookmarks) -----------------------------------


def _docx_with_references(path: Path, *runs) -> Path:  # noqa: ANN002 - docxgen runs
    from tests.docxgen import DocxBuilder

    doc = DocxBuilder("typed")
    doc.heading(1, "Introduction", "1")
    doc.heading(2, "Alerts", "1.1")
    doc.paragraph("See ", *runs, " for the alert codes.")
    return doc.save(path)


def test_reference_to_a_missing_bookmark_is_reported_at_its_section(tmp_path, monkeypatch):
    from tests.docxgen import Bookmark, Ref

    monkeypatch.chdir(tmp_path)
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    _docx_with_references(tmp_path / "spec.docx", Bookmark("_Ref1", "3.9"), " and ", Ref("_Ref404", "3.9.1"))
    report = check_json("schema.xsd", extra=("--spec", "spec.docx", "--select", "SP403"))

    [finding] = findings_of(report, "SP403")
    assert finding["severity"] == "error"
    assert finding["subject"] == "_Ref404"
    assert "missing bookmark" in finding["message"]
    assert (finding["location"]["path"], finding["location"]["section"]) == ("spec.docx", "1.1")


def test_reference_that_shows_words_error_text_is_reported_though_its_bookmark_exists(tmp_path, monkeypatch):
    from tests.docxgen import Bookmark, Ref

    monkeypatch.chdir(tmp_path)
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    _docx_with_references(tmp_path / "spec.docx", Bookmark("_Ref1", "3.9"), " and ",
                          Ref("_Ref1", "Error! Reference source not found."))  # fmt: skip
    report = check_json("schema.xsd", extra=("--spec", "spec.docx", "--select", "SP403"))

    [finding] = findings_of(report, "SP403")
    assert "Error! Reference source not found." in finding["message"]


def test_reference_to_an_existing_bookmark_is_fine(tmp_path, monkeypatch):
    from tests.docxgen import Bookmark, Ref

    monkeypatch.chdir(tmp_path)
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    _docx_with_references(tmp_path / "spec.docx", Bookmark("_Ref1", "3.9"), " and ", Ref("_Ref1", "3.9"))

    assert findings_of(check_json("schema.xsd", extra=("--spec", "spec.docx", "--select", "SP403")), "SP403") == []

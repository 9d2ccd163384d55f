"""DU301: each device request body X has its MMC response ra:XRsp, on made-up pairs of schemas and on the real sets.

Expected lines are computed from the fixture text (the line holding a marker), never hard-coded. The real sets'
findings were checked by hand against the XSD text (issue 12, item 5); planted copies move one response at a time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import RA_NS, duis_data, ra_schema, sr_schema
from tests.helpers import at, check_json, findings_of, line_of, only

IMPORT_MMC = f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n'
DEVICE, NON_DEVICE = "No", "Yes"  # the matrix's Non-Device Request column
MATRIX = "service-request-matrix.json"
REQUESTS = "messages/requests-5.4"
VERSIONS = ("5.0", "5.1", "5.3a", "5.4")


# --- made-up schema pairs ---------------------------------------------------------------------------------------


def duis_requests(bodies: list[str], variants: dict[str, str] | None = None) -> str:
    """An sr: schema importing mmc.xsd: the SRV enumeration (SRV -> its CV comment) and sr:Request/Body's choice."""
    values = "".join(
        f'    <xs:enumeration value="{srv}"/>' + (f" <!-- {cv} -->" if cv else "") + "\n"
        for srv, cv in (variants or {}).items()
    )
    members = "".join(f'          <xs:element name="{b}" type="xs:string"/>\n' for b in bodies)
    return sr_schema(
        f'<xs:simpleType name="ServiceReferenceVariant">\n  <xs:restriction base="xs:string">\n{values}'
        "  </xs:restriction>\n</xs:simpleType>\n"
        '<xs:element name="Request"><xs:complexType><xs:sequence>\n'
        '  <xs:element name="Header" type="xs:string"/>\n'
        '  <xs:element name="Body"><xs:complexType><xs:choice>\n'
        f"{members}"
        "  </xs:choice></xs:complexType></xs:element>\n"
        "</xs:sequence></xs:complexType></xs:element>\n",
        imports=IMPORT_MMC,
    )


def mmc_responses(*responses: tuple[str, str | None], types: tuple[str, ...] = ()) -> str:
    """An ra: schema: each (response, SR comment) as a type of that name and a member of the SMETSData choice of
    ra:ResponsePayload, as MMC declares them; `types` are response types that no element declares."""
    defined = "".join(
        f'<xs:complexType name="{name}">' + (f"<!-- {comment} -->" if comment else "") + "<xs:sequence/>"
        "</xs:complexType>\n"
        for name, comment in [*responses, *((t, None) for t in types)]
    )
    members = "".join(f'        <xs:element name="{name}" type="ra:{name}"/>\n' for name, _ in responses)
    return ra_schema(
        f"{defined}"
        '<xs:complexType name="ResponsePayload"><xs:sequence>\n'
        '  <xs:element name="SMETSData" minOccurs="0"><xs:complexType><xs:choice>\n'
        f"{members}"
        "  </xs:choice></xs:complexType></xs:element>\n"
        "</xs:sequence></xs:complexType>\n"
    )


def spec_bodies(*pairs: tuple[str, str]) -> str:
    """A specification whose SRV sections name each (SRV, body element) in their Service Description."""
    sections = "".join(
        f"### 3.8.{n} Service {n}\n#### 3.8.{n}.1 Service Description\n| Attribute | Value |\n|---|---|\n"
        f"| Service Reference Variant | {srv} |\n| Body Element | {body} |\n"
        for n, (srv, body) in enumerate(pairs, start=1)
    )
    return f"# 3 Services\n## 3.8 Service Requests\n{sections}"


def matrix_of(*rows: tuple[str, str]) -> str:
    """The service-request matrix: (SRV, Non-Device Request) rows."""
    return json.dumps(
        [{"Service Request Name": f"Service {srv}", "Service Reference Variant": srv, "Non-Device Request": nd}
         for srv, nd in rows],
        indent=2,
    )  # fmt: skip


def du301(*paths: str, spec: tuple[str, ...] = ()) -> list[dict]:
    extra = ["--select", "DU3"]
    for path in spec:
        extra += ["--spec", path]
    return findings_of(check_json(*paths, extra=tuple(extra)), "DU301")


@pytest.mark.usefixtures("in_fixture_folder")
class TestMadeUpPairs:
    def test_a_device_request_without_its_response_is_reported_at_its_body_element(self, write):
        sr = duis_requests(["ReadInstantaneousImportRegisters", "ReadInstantaneousExportRegisters"])
        write("sr.xsd", sr)
        write("mmc.xsd", mmc_responses(("ReadInstantaneousImportRegistersRsp", "SR 4.1.1")))
        write("spec.md", spec_bodies(("4.1.1", "ReadInstantaneousImportRegisters"),
                                     ("4.2", "ReadInstantaneousExportRegisters")))  # fmt: skip
        matrix = matrix_of(("4.1.1", DEVICE), ("4.2", DEVICE))
        write("matrix.json", matrix)

        finding = only(check_json("sr.xsd", extra=("--select", "DU3", "--spec", "spec.md", "--spec", "matrix.json")),
                       "DU301")  # fmt: skip

        assert finding["severity"] == "warning"
        assert at(finding) == ("sr.xsd", line_of(sr, 'name="ReadInstantaneousExportRegisters"'))
        assert finding["message"] == (
            "device request body sr:ReadInstantaneousExportRegisters (SRV 4.2: Non-Device Request 'No' in the "
            "matrix) has no MMC response ra:ReadInstantaneousExportRegistersRsp; the nearest, "
            "ra:ReadInstantaneousImportRegistersRsp, answers sr:ReadInstantaneousImportRegisters"
        )
        assert finding["suggestion"] == "ra:ReadInstantaneousImportRegistersRsp"
        assert finding["related"] == [{"path": "matrix.json", "line": line_of(matrix, '"Non-Device Request"', 2),
                                       "row": 2}]  # fmt: skip

    def test_a_non_device_request_needs_no_response(self, write):
        write("sr.xsd", duis_requests(["ReadInventory", "CreateSchedule"], {"8.2": "CV = 8", "5.1": "CV = 8"}))
        write("mmc.xsd", mmc_responses(("DisplayMessageRsp", "SR 3.1")))
        write("spec.md", spec_bodies(("8.2", "ReadInventory"), ("5.1", "CreateSchedule")))
        write("matrix.json", matrix_of(("8.2", NON_DEVICE)))  # 5.1: the CV comment alone says it

        assert du301("sr.xsd", spec=("spec.md", "matrix.json")) == []

    def test_the_cv_comment_tells_a_device_request_when_no_matrix_is_given(self, write):
        sr = duis_requests(["ClearEventLog"], {"3.3": "CV = 1, 2, 3"})
        write("sr.xsd", sr)
        write("mmc.xsd", mmc_responses(("DisplayMessageRsp", "SR 3.1")))
        write("spec.md", spec_bodies(("3.3", "ClearEventLog")))

        finding = only(check_json("sr.xsd", extra=("--select", "DU3", "--spec", "spec.md")), "DU301")

        assert "(SRV 3.3: CV = 1, 2, 3) has no MMC response ra:ClearEventLogRsp" in finding["message"]
        assert finding["related"] == [{"path": "sr.xsd", "line": line_of(sr, 'value="3.3"')}]
        assert "suggestion" not in finding  # no response name is near enough to offer

    def test_the_matrix_decides_over_the_cv_comment(self, write):
        write("sr.xsd", duis_requests(["ClearEventLog"], {"3.3": "CV = 1, 2, 3"}))
        write("mmc.xsd", mmc_responses(("DisplayMessageRsp", "SR 3.1")))
        write("spec.md", spec_bodies(("3.3", "ClearEventLog")))
        write("matrix.json", matrix_of(("3.3", NON_DEVICE)))

        assert du301("sr.xsd", spec=("spec.md", "matrix.json")) == []

    def test_without_a_mapping_a_missing_response_is_not_guessed(self, write):
        write("sr.xsd", duis_requests(["ClearEventLog", "ReadInventory"], {"3.3": "CV = 1, 2, 3", "8.2": "CV = 8"}))
        write("mmc.xsd", mmc_responses(("DisplayMessageRsp", "SR 3.1")))

        assert du301("sr.xsd") == []

    def test_a_misnamed_response_is_found_from_the_xsd_alone_with_its_name_as_the_suggestion(self, write):
        sr = duis_requests(["ReadDeviceConfigurationBillingCalendar", "UpdateDeviceConfigurationBillingCalendar"])
        write("sr.xsd", sr)
        mmc = mmc_responses(("UpdateDeviceConfigurationBillingCalendarRsp", "SR 6.8"),
                            ("ReadDeviceConfigurationDataBillingCalendarRsp", "SR 6.2.3"))  # fmt: skip
        write("mmc.xsd", mmc)

        finding = only(check_json("sr.xsd", extra=("--select", "DU3")), "DU301")

        assert at(finding) == ("sr.xsd", line_of(sr, 'name="ReadDeviceConfigurationBillingCalendar"'))
        assert finding["message"] == (
            "request body sr:ReadDeviceConfigurationBillingCalendar has no response named "
            "ra:ReadDeviceConfigurationBillingCalendarRsp; its response is "
            "ra:ReadDeviceConfigurationDataBillingCalendarRsp (its comment names SR 6.2.3), which is named after no "
            "request"
        )
        assert finding["suggestion"] == "ra:ReadDeviceConfigurationDataBillingCalendarRsp"
        assert [r["line"] for r in finding["related"]] == [
            line_of(mmc, 'element name="ReadDeviceConfigurationDataBillingCalendarRsp"'),
            line_of(mmc, 'complexType name="ReadDeviceConfigurationDataBillingCalendarRsp"'),
        ]

    def test_a_misnamed_response_is_paired_by_its_comment_however_far_its_name(self, write):
        write("sr.xsd", duis_requests(["ArmSupply", "EnableSupply"]))
        write("mmc.xsd", mmc_responses(("EnableSupplyRsp", "SR 7.1 Enable Supply"),
                                       ("SupplyArmingRsp", "SR 7.3 Arm Supply")))  # fmt: skip
        write("spec.md", spec_bodies(("7.3", "ArmSupply"), ("7.1", "EnableSupply")))

        finding = only(check_json("sr.xsd", extra=("--select", "DU3", "--spec", "spec.md")), "DU301")
        without_mapping = du301("sr.xsd")

        assert finding["subject"] == "sr:ArmSupply" and "(SRV 7.3)" in finding["message"]
        assert finding["suggestion"] == "ra:SupplyArmingRsp"
        assert without_mapping == []  # names this far apart are no pair, and 7.3 is not known to be ArmSupply

    def test_alike_names_whose_comment_names_another_srv_are_no_pair(self, write):
        write("sr.xsd", duis_requests(["ReadSupplyStatus"], {"7.4": "CV = 1, 2, 3"}))
        write("mmc.xsd", mmc_responses(("ReadSupplyStateRsp", "SR 7.40 Read Supply State")))
        write("spec.md", spec_bodies(("7.4", "ReadSupplyStatus")))

        finding = only(check_json("sr.xsd", extra=("--select", "DU3", "--spec", "spec.md")), "DU301")

        assert finding["message"].startswith("device request body sr:ReadSupplyStatus (SRV 7.4: CV = 1, 2, 3) has "
                                             "no MMC response ra:ReadSupplyStatusRsp")  # fmt: skip
        assert finding["suggestion"] == "ra:ReadSupplyStateRsp"

    def test_a_response_whose_comment_names_several_srvs_answers_each(self, write):
        bodies = ["UpdateDeviceConfigurationALCScheduler", "UpdateDeviceConfigurationAuxiliaryControllerScheduler"]
        write("sr.xsd", duis_requests(bodies, {"6.14.2": "CV = 4, 5, 6, 7", "6.14.3": "CV = 4, 5, 6, 7"}))
        write("mmc.xsd", mmc_responses(("UpdateDeviceConfigurationALCSchedulerRsp", "SR 6.14.2, 6.14.3")))
        write("spec.md", spec_bodies(("6.14.2", bodies[0]), ("6.14.3", bodies[1])))

        assert du301("sr.xsd", spec=("spec.md",)) == []

    def test_a_response_type_that_no_element_declares_is_no_response(self, write):
        write("sr.xsd", duis_requests(["ReadMaximumDemandExportRegisters"], {"4.12.2": "CV = 1, 2, 3"}))
        mmc = mmc_responses(("DisplayMessageRsp", "SR 3.1"), types=("ReadMaximumDemandExportRegistersRsp",))
        write("mmc.xsd", mmc)
        write("spec.md", spec_bodies(("4.12.2", "ReadMaximumDemandExportRegisters")))

        finding = only(check_json("sr.xsd", extra=("--select", "DU3", "--spec", "spec.md")), "DU301")

        assert finding["message"].endswith(
            "has no MMC response ra:ReadMaximumDemandExportRegistersRsp (type ra:ReadMaximumDemandExportRegistersRsp "
            "is defined, but no element declares it)"
        )

    def test_an_mmc_that_names_no_response_after_a_request_is_not_held_to_the_convention(self, write):
        write("sr.xsd", duis_requests(["ClearEventLog"], {"3.3": "CV = 1, 2, 3"}))
        write("mmc.xsd", ra_schema('<xs:element name="DeviceResponse"><xs:complexType><xs:choice>'
                                   '<xs:element name="ClearEventLog" type="xs:string"/>'
                                   "</xs:choice></xs:complexType></xs:element>"))  # fmt: skip
        write("spec.md", spec_bodies(("3.3", "ClearEventLog")))

        assert du301("sr.xsd", spec=("spec.md",)) == []

    def test_a_set_without_mmc_asks_for_no_response(self, write):
        sr = duis_requests(["ClearEventLog"], {"3.3": "CV = 1, 2, 3"}).replace(IMPORT_MMC, "")
        write("sr.xsd", sr)
        write("spec.md", spec_bodies(("3.3", "ClearEventLog")))

        assert du301("sr.xsd", spec=("spec.md",)) == []


# --- the real sets ----------------------------------------------------------------------------------------------

# Checked by hand against each set's XSD text (the same in 5.0, 5.1, 5.3a and 5.4):
# - SRV 6.2.3: sr:Request/Body has ReadDeviceConfigurationBillingCalendar; MMC declares
#   ReadDeviceConfigurationDataBillingCalendarRsp (element in ra:ResponsePayload/SMETSData, type whose comment is
#   "SR 6.2.3 - Read Device Configuration (Billing Calendar)"), and no request is called
#   ReadDeviceConfigurationDataBillingCalendar: the response is misnamed. Found from the XSD alone.
# - SRV 6.14.3 (matrix: Non-Device Request "No"; CV = 4, 5, 6, 7): sr:Request/Body has
#   UpdateDeviceConfigurationAuxiliaryControllerScheduler; the MMC has no element or type of that name + Rsp, and
#   no response comment names 6.14.3 (ra:UpdateDeviceConfigurationALCSchedulerRsp's names 6.14.2 alone). Found
#   with the SRV -> body mapping of the messages.
MISNAMED = ("ReadDeviceConfigurationBillingCalendar", "ra:ReadDeviceConfigurationDataBillingCalendarRsp")
MISSING = ("UpdateDeviceConfigurationAuxiliaryControllerScheduler", "ra:UpdateDeviceConfigurationALCSchedulerRsp")


def duis_file(folder: Path) -> Path:
    return next(folder.glob("DUIS Schema V*.xsd"))


def mmc_file(folder: Path) -> Path:
    return next(folder.glob("MMC Schema V*.xsd"))


def found(folder: Path, mapping: bool) -> list[tuple[int | None, str, str | None]]:
    """(line in the DUIS file, subject, suggestion) of each DU301 finding on a set, in line order, with or without
    the matrix and the messages."""
    data = duis_data()
    extra = ["--select", "DU3"]
    if mapping:
        extra += ["--spec", str(data / MATRIX), "--messages", str(data / REQUESTS)]
    findings = findings_of(check_json(folder, extra=tuple(extra)), "DU301")
    assert all(Path(f["location"]["path"]).name == duis_file(folder).name for f in findings)
    return sorted((f["location"]["line"], f["subject"], f.get("suggestion")) for f in findings)


def expected(folder: Path, *pairs: tuple[str, str | None]) -> list[tuple[int, str, str | None]]:
    text = duis_file(folder).read_text(encoding="utf-8")
    return sorted((line_of(text, f'element name="{body}"'), f"sr:{body}", near) for body, near in pairs)


@pytest.mark.parametrize("version", VERSIONS)
def test_each_real_set_gives_exactly_the_hand_checked_findings(version):
    folder = duis_data() / "schemas" / version

    assert found(folder, mapping=True) == expected(folder, MISNAMED, MISSING)
    assert found(folder, mapping=False) == expected(folder, MISNAMED)  # no mapping: the misnamed one only


def test_the_real_findings_say_what_is_wrong_and_where_the_response_is():
    data = duis_data()
    report = check_json(data / "schemas" / "5.4", extra=("--select", "DU3", "--spec", str(data / MATRIX),
                                                         "--messages", str(data / REQUESTS)))  # fmt: skip
    misnamed, missing = findings_of(report, "DU301")
    mmc = mmc_file(data / "schemas" / "5.4").read_text(encoding="utf-8")

    assert misnamed["message"] == (
        "request body sr:ReadDeviceConfigurationBillingCalendar (SRV 6.2.3) has no response named "
        "ra:ReadDeviceConfigurationBillingCalendarRsp; its response is "
        "ra:ReadDeviceConfigurationDataBillingCalendarRsp (its comment names SR 6.2.3), which is named after no "
        "request"
    )
    assert [r["line"] for r in misnamed["related"]] == [
        line_of(mmc, 'element name="ReadDeviceConfigurationDataBillingCalendarRsp"'),
        line_of(mmc, 'complexType name="ReadDeviceConfigurationDataBillingCalendarRsp"'),
    ]
    assert missing["message"] == (
        "device request body sr:UpdateDeviceConfigurationAuxiliaryControllerScheduler (SRV 6.14.3: Non-Device "
        "Request 'No' in the matrix) has no MMC response ra:UpdateDeviceConfigurationAuxiliaryControllerSchedulerRsp; "
        "the nearest, ra:UpdateDeviceConfigurationALCSchedulerRsp, answers sr:UpdateDeviceConfigurationALCScheduler"
    )


@pytest.fixture
def real_copy(tmp_path):
    """copy(version) -> a folder holding a copy of that real set, to plant one defect in."""

    def copy(version: str) -> Path:
        target = tmp_path / version
        shutil.copytree(duis_data() / "schemas" / version, target)
        return target

    return copy


def plant(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_renamed_response_element_is_found_with_its_new_name_as_the_suggestion(real_copy):
    folder = real_copy("5.4")
    plant(mmc_file(folder), '<xs:element name="ReadSupplyStatusRsp"', '<xs:element name="ReadSupplyStateRsp"')
    planted = ("ReadSupplyStatus", "ra:ReadSupplyStateRsp")  # its type, ra:ReadSupplyStatusRsp, names the request

    assert found(folder, mapping=True) == expected(folder, MISNAMED, MISSING, planted)
    assert found(folder, mapping=False) == expected(folder, MISNAMED, planted)


def test_a_response_renamed_beyond_resemblance_is_found_by_its_comment(real_copy):
    folder = real_copy("5.4")
    mmc = mmc_file(folder)
    mmc.write_text(mmc.read_text(encoding="utf-8").replace("ArmSupplyRsp", "SupplyArmingRsp"), encoding="utf-8")
    planted = ("ArmSupply", "ra:SupplyArmingRsp")  # "<!-- SR 7.3 Arm Supply -->" in ra:SupplyArmingRsp

    assert found(folder, mapping=True) == expected(folder, MISNAMED, MISSING, planted)
    assert found(folder, mapping=False) == expected(folder, MISNAMED)  # too unlike to pair without the mapping


def test_a_deleted_response_element_is_found_when_the_mapping_is_known(real_copy):
    folder = real_copy("5.0")
    plant(mmc_file(folder),
          '<xs:element name="ReadMaximumDemandExportRegistersRsp"\n'
          '                            type="ra:ReadMaximumDemandExportRegistersRsp"/>\n', "")  # fmt: skip
    planted = ("ReadMaximumDemandExportRegisters", "ra:ReadMaximumDemandImportRegistersRsp")

    assert found(folder, mapping=True) == expected(folder, MISNAMED, planted, MISSING)
    assert found(folder, mapping=False) == expected(folder, MISNAMED)  # whether 4.12.2 is a device SRV: unknown


def test_the_specifications_body_elements_give_the_same_findings_as_the_messages(tmp_path):
    """The Service Descriptions' Body Element rows map SRVs to bodies; with no matrix, the CV comments tell which
    SRVs are device requests (CV 8 alone: none of 5.4's 16 non-device SRVs is reported)."""
    from tests import realspec

    data = duis_data()
    docx = realspec.build(realspec.load_facts(data, "5.4")).save(tmp_path / "duis.docx")
    folder = data / "schemas" / "5.4"
    report = check_json(folder, extra=("--select", "DU3", "--spec", str(docx)))

    findings = sorted((f["location"]["line"], f["subject"], f.get("suggestion")) for f in findings_of(report, "DU301"))
    assert findings == expected(folder, MISNAMED, MISSING)
    assert "(SRV 6.14.3: CV = 4, 5, 6, 7)" in findings_of(report, "DU301")[1]["message"]

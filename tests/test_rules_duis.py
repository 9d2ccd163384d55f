"""DUIS rules DU1xx (code lists) and DU2xx (comments and the service-request matrix) on made-up fixtures.

Expected lines are computed from the fixture text (the line holding a marker), never hard-coded. Matrix rows are
located by file, data-row number and the line on which the row starts.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import RA_NS, ra_schema, sr_schema
from tests.helpers import at, check_json, findings_of, line_of, only

IMPORT_MMC = f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n'
NAME, SR, SRV, ROLES = "Service Request Name", "Service Reference", "Service Reference Variant", "Eligible User Roles"


pytestmark = pytest.mark.usefixtures("in_fixture_folder")


def enumeration(name: str, values: list[str], prefix: str = "sr") -> str:
    lines = "\n".join(f'    <xs:enumeration value="{v}"/>' for v in values)
    return (
        f'<xs:simpleType name="{name}">\n  <xs:restriction base="xs:string">\n{lines}\n'
        "  </xs:restriction>\n</xs:simpleType>\n"
    )


def duis_codes(srs: list[str], srvs: list[str], codes: list[str] = (), comments: str = "", imports: str = "") -> str:
    """An sr: schema with the DUIS code lists and a Request whose choice carries `comments` (SR comments)."""
    body = enumeration("ServiceReference", srs) + enumeration("ServiceReferenceVariant", srvs)
    uses = ['<xs:element name="ServiceReference" type="sr:ServiceReference"/>',
            '<xs:element name="ServiceReferenceVariant" type="sr:ServiceReferenceVariant"/>']  # fmt: skip
    if codes:
        body += enumeration("ResponseCode", list(codes))
        uses.append('<xs:element name="ResponseCode" type="sr:ResponseCode"/>')
    request = (
        '<xs:element name="Request">\n  <xs:complexType>\n    <xs:choice>\n'
        + comments
        + "\n".join(f"      {u}" for u in uses)
        + "\n    </xs:choice>\n  </xs:complexType>\n</xs:element>\n"
    )
    return sr_schema(body + request, imports=imports)


def matrix_rows(*rows: tuple[str, str, str]) -> list[dict]:
    """(name, SR, SRV) triples as the matrix's objects."""
    return [{NAME: name, SR: sr, SRV: srv, ROLES: "IS, ES"} for name, sr, srv in rows]


def write_json_matrix(write, rows: list[dict], name: str = "matrix.json"):
    text = json.dumps(rows, indent=2)
    return write(name, text), text


def field_line(matrix_text: str, column: str, value: str) -> int:
    """The line of a JSON matrix that holds `"column": "value"`: where a user fixes the row."""
    return line_of(matrix_text, f'"{column}": "{value}"')


def matrix_at(finding: dict) -> tuple[str, int | None, int | None]:
    loc = finding["location"]
    return loc["path"], loc.get("row"), loc["line"]


# --- DU101 srv-without-sr ----------------------------------------------------------------------------------------


def test_srv_whose_service_reference_is_missing_is_reported_with_the_enumeration_to_add(write):
    text = duis_codes(srs=["4.4"], srvs=["4.4.5", "4.16.1"])

    report = check_json(write("duis.xsd", text))

    finding = only(report, "DU101")
    assert finding["severity"] == "error"
    assert finding["subject"] == "SRV 4.16.1"
    assert at(finding) == ("duis.xsd", line_of(text, 'value="4.16.1"'))
    assert "belongs to SR 4.16" in finding["message"]
    assert finding["suggestion"] == '<xs:enumeration value="4.16"/> in ServiceReference'


def test_srvs_whose_service_references_are_listed_are_fine(write):
    text = duis_codes(srs=["4.4", "6.28"], srvs=["4.4.5", "4.4.6", "6.28"])

    assert findings_of(check_json(write("duis.xsd", text)), "DU101") == []


def test_missing_service_reference_is_reported_in_each_namespace_that_lists_the_srv(write):
    duis = duis_codes(srs=["4.4"], srvs=["4.4.5", "4.16.1"], imports=IMPORT_MMC)
    mmc = ra_schema(
        enumeration("ServiceReference", ["4.4"]) + enumeration("ServiceReferenceVariant", ["4.4.5", "4.16.1"])
    )
    entry = write("duis.xsd", duis)
    write("mmc.xsd", mmc)

    found = findings_of(check_json(entry), "DU101")

    assert sorted(at(f) for f in found) == sorted(
        [("duis.xsd", line_of(duis, 'value="4.16.1"')), ("mmc.xsd", line_of(mmc, 'value="4.16.1"'))]
    )


# --- DU102 sr-without-srv ----------------------------------------------------------------------------------------


def test_service_reference_with_no_variant_is_reported_once(write):
    text = duis_codes(srs=["2.5", "2.6"], srvs=["2.5"])

    finding = only(check_json(write("duis.xsd", text)), "DU102")

    assert finding["severity"] == "warning"
    assert finding["subject"] == "SR 2.6"
    assert at(finding) == ("duis.xsd", line_of(text, 'value="2.6"'))
    assert finding["message"] == "SR 2.6 in sr:ServiceReference has no variant in sr:ServiceReferenceVariant"
    assert "suggestion" not in finding


def test_service_reference_used_by_a_two_part_or_three_part_variant_is_fine(write):
    text = duis_codes(srs=["2.5", "4.4"], srvs=["2.5", "4.4.5"])

    assert findings_of(check_json(write("duis.xsd", text)), "DU102") == []


# --- DU103 code-names-unknown-sr ---------------------------------------------------------------------------------


def test_response_code_naming_a_missing_service_reference_is_reported(write):
    text = duis_codes(srs=["4.4", "8.14"], srvs=["4.4.5", "8.14.1"], codes=["E64", "E081406", "E089901"])

    finding = only(check_json(write("duis.xsd", text)), "DU103")

    assert finding["severity"] == "error"
    assert finding["subject"] == "E089901"
    assert at(finding) == ("duis.xsd", line_of(text, 'value="E089901"'))
    assert "names SR 8.99" in finding["message"]


def test_response_code_close_to_a_known_service_reference_suggests_it(write):
    text = duis_codes(srs=["4.4", "8.14"], srvs=["4.4.5", "8.14.1"], codes=["E040501"])

    finding = only(check_json(write("duis.xsd", text)), "DU103")

    assert finding["subject"] == "E040501"
    assert finding["suggestion"] == "a code for SR 4.4"


def test_generic_and_valid_srv_specific_codes_are_fine(write):
    text = duis_codes(srs=["4.4", "8.14"], srvs=["4.4.5", "8.14.1"], codes=["I0", "E64", "W040401", "E081406"])

    assert findings_of(check_json(write("duis.xsd", text)), "DU103") == []


def test_code_listed_in_both_sr_and_ra_response_codes_is_reported_once(write):
    duis = duis_codes(srs=["4.4"], srvs=["4.4.5"], codes=["E089901"], imports=IMPORT_MMC)
    mmc = ra_schema(enumeration("ResponseCode", ["E089901"]))
    entry = write("duis.xsd", duis)
    write("mmc.xsd", mmc)

    finding = only(check_json(entry), "DU103")

    assert at(finding) == ("duis.xsd", line_of(duis, 'value="E089901"'))


# --- DU104 sr-ra-code-lists-disagree -----------------------------------------------------------------------------


def test_variant_on_one_side_only_is_reported_on_that_side(write):
    duis = duis_codes(srs=["4.2", "4.4"], srvs=["4.2", "4.4.5"], imports=IMPORT_MMC)
    mmc = ra_schema(
        enumeration("ServiceReference", ["4.2", "4.4"]) + enumeration("ServiceReferenceVariant", ["4.4.5", "4.4.6"])
    )
    entry = write("duis.xsd", duis)
    write("mmc.xsd", mmc)

    by_subject = {f["subject"]: f for f in findings_of(check_json(entry), "DU104")}

    assert set(by_subject) == {"ServiceReferenceVariant 4.2", "ServiceReferenceVariant 4.4.6"}
    sr_only = by_subject["ServiceReferenceVariant 4.2"]
    assert sr_only["severity"] == "error"
    assert at(sr_only) == ("duis.xsd", line_of(duis, 'value="4.2"', nth=2))
    assert sr_only["message"] == "4.2 is listed in sr:ServiceReferenceVariant but not in ra:ServiceReferenceVariant"
    assert [(r["path"], r["line"]) for r in sr_only["related"]] == [
        ("mmc.xsd", line_of(mmc, '<xs:simpleType name="ServiceReferenceVariant">'))
    ]
    ra_only = by_subject["ServiceReferenceVariant 4.4.6"]
    assert at(ra_only) == ("mmc.xsd", line_of(mmc, 'value="4.4.6"'))


def test_same_code_lists_in_another_order_agree(write):
    duis = duis_codes(srs=["4.2", "4.4"], srvs=["4.2", "4.4.5"], imports=IMPORT_MMC)
    mmc = ra_schema(
        enumeration("ServiceReference", ["4.4", "4.2"]) + enumeration("ServiceReferenceVariant", ["4.4.5", "4.2"])
    )
    entry = write("duis.xsd", duis)
    write("mmc.xsd", mmc)

    assert findings_of(check_json(entry), "DU104") == []


# --- DU201 comment-names-unknown-srv -----------------------------------------------------------------------------

SRS, SRVS = ["1.5", "4.4"], ["1.5", "4.4.5"]
AGREEING_MATRIX = matrix_rows(
    ("Update Meter Balance", "1.5", "1.5"),
    ("Retrieve Billing Data Log Prepayment Credits", "4.4", "4.4.5"),
)


def test_comment_naming_an_srv_the_schema_lacks_is_reported_once(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 2.10 Update Prepay Configuration -->\n")

    finding = only(check_json(write("duis.xsd", text)), "DU201")

    assert finding["severity"] == "warning"
    assert finding["subject"] == "SRV 2.10"
    assert at(finding) == ("duis.xsd", line_of(text, "SR 2.10"))
    assert "'SR 2.10 Update Prepay Configuration'" in finding["message"]
    assert "sr:Request" in finding["message"]
    assert "suggestion" not in finding


def test_comment_whose_number_ends_with_a_stray_full_stop_is_still_read(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 2.10. Update Prepay Configuration -->\n")

    finding = only(check_json(write("duis.xsd", text)), "DU201")

    assert finding["subject"] == "SRV 2.10"
    assert at(finding) == ("duis.xsd", line_of(text, "SR 2.10."))


def test_comment_with_a_near_miss_number_suggests_the_closest_srv(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 4.4.9 Retrieve Billing Data Log Prepayment Credits -->\n")

    finding = only(check_json(write("duis.xsd", text)), "DU201")

    assert finding["subject"] == "SRV 4.4.9"
    assert finding["suggestion"] == "SR 4.4.5"


def test_with_a_matrix_the_suggestion_is_the_srv_of_the_same_name(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 4.9 Retrieve Billing Data Log Prepayment Credits -->\n")
    spec, _ = write_json_matrix(write, AGREEING_MATRIX)

    finding = only(check_json(write("duis.xsd", text), extra=("--spec", str(spec))), "DU201")

    assert finding["suggestion"] == "SR 4.4.5 (Retrieve Billing Data Log Prepayment Credits)"


def test_comment_listing_several_unknown_numbers_reports_each(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 6.15.1, 6.21 -->\n")

    found = findings_of(check_json(write("duis.xsd", text)), "DU201")

    assert sorted(f["subject"] for f in found) == ["SRV 6.15.1", "SRV 6.21"]
    assert {at(f) for f in found} == {("duis.xsd", line_of(text, "SR 6.15.1, 6.21"))}


def test_comment_outside_any_component_is_checked_too(write):
    text = duis_codes(SRS, SRVS).replace("<xs:simpleType", "<!-- SRV 9.9 Withdrawn Service -->\n<xs:simpleType", 1)

    finding = only(check_json(write("duis.xsd", text)), "DU201")

    assert finding["subject"] == "SRV 9.9"
    assert at(finding) == ("duis.xsd", line_of(text, "SRV 9.9"))


def test_comments_naming_existing_srvs_or_srs_or_no_service_are_fine(write):
    comments = (
        "      <!-- SR 1.5 Update Meter Balance -->\n"
        "      <!-- SRV 4.4.5 - Retrieve Billing Data Log Prepayment Credits -->\n"
        "      <!-- SR 4.4 -->\n"
        "      <!-- Types previously defined in DUIS -->\n"
    )
    text = duis_codes(SRS, SRVS, comments=comments)

    assert findings_of(check_json(write("duis.xsd", text)), "DU201") == []


# --- DU202 comment-name-differs-from-matrix ----------------------------------------------------------------------


def test_comment_calling_an_srv_by_another_name_than_the_matrix_is_reported(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 1.5 Adjust Meter Balance -->\n")
    spec, matrix_text = write_json_matrix(write, AGREEING_MATRIX)

    report = check_json(write("duis.xsd", text), extra=("--spec", str(spec)))

    finding = only(report, "DU202")
    assert finding["severity"] == "warning"
    assert finding["subject"] == "SRV 1.5"
    assert at(finding) == ("duis.xsd", line_of(text, "Adjust Meter Balance"))
    assert "'Adjust Meter Balance'" in finding["message"] and "'Update Meter Balance'" in finding["message"]
    assert finding["suggestion"] == "SR 1.5 Update Meter Balance"
    (related,) = finding["related"]
    assert (related["path"], related["row"], related["line"]) == (
        "matrix.json",
        1,
        field_line(matrix_text, NAME, "Update Meter Balance"),
    )


def test_comment_name_differing_only_in_case_and_punctuation_is_fine(write):
    comments = (
        "      <!-- SR 1.5 update meter-balance -->\n"
        "      <!-- SR 4.4.5 retrieve billing-data log (prepayment credits) -->\n"
    )
    text = duis_codes(SRS, SRVS, comments=comments)
    spec, _ = write_json_matrix(write, AGREEING_MATRIX)

    report = check_json(write("duis.xsd", text), extra=("--spec", str(spec)))

    assert findings_of(report, "DU202") == []


def test_comment_giving_the_service_name_without_its_variant_qualifier_is_fine(write):
    text = duis_codes(["1.1", "4.4"], ["1.1.1", "4.4.5"], comments="      <!-- SR 1.1.1 Update Import Tariff -->\n")
    rows = matrix_rows(
        ("Update Import Tariff (Primary Element)", "1.1", "1.1.1"),
        ("Retrieve Billing Data Log Prepayment Credits", "4.4", "4.4.5"),
    )
    spec, _ = write_json_matrix(write, rows)

    report = check_json(write("duis.xsd", text), extra=("--spec", str(spec)))

    assert findings_of(report, "DU202") == []


def test_without_a_matrix_names_in_comments_are_not_compared(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 1.5 Adjust Meter Balance -->\n")

    assert findings_of(check_json(write("duis.xsd", text)), "DU202") == []


# --- DU203 matrix-disagrees-with-schema --------------------------------------------------------------------------


def test_matrix_row_for_an_srv_the_schema_lacks_is_reported_at_its_row(write):
    text = duis_codes(SRS, SRVS)
    rows = AGREEING_MATRIX + matrix_rows(("Retrieve Billing Data Log Credit", "4.4", "4.4.6"))
    spec, matrix_text = write_json_matrix(write, rows)

    report = check_json(write("duis.xsd", text), extra=("--spec", str(spec)))

    finding = only(report, "DU203")
    assert finding["severity"] == "error"
    assert finding["subject"] == "SRV 4.4.6"
    assert matrix_at(finding) == ("matrix.json", 3, field_line(matrix_text, SRV, "4.4.6"))
    assert "(Retrieve Billing Data Log Credit)" in finding["message"]
    assert finding["suggestion"] == "SRV 4.4.5"
    assert {"path": "matrix.json", "kind": "service-request-matrix"}.items() <= report["inputs"][-1].items()


def test_matrix_row_whose_service_reference_contradicts_its_srv_digits_is_reported(write):
    text = duis_codes(SRS, SRVS)
    rows = matrix_rows(
        ("Update Meter Balance", "1.5", "1.5"), ("Retrieve Billing Data Log Prepayment Credits", "4.5", "4.4.5")
    )
    spec, matrix_text = write_json_matrix(write, rows)

    finding = only(check_json(write("duis.xsd", text), extra=("--spec", str(spec))), "DU203")

    assert finding["subject"] == "SRV 4.4.5"
    assert "gives Service Reference 4.5; the SRV's digits say 4.4" in finding["message"]
    assert finding["suggestion"] == "4.4"
    assert matrix_at(finding) == ("matrix.json", 2, field_line(matrix_text, SR, "4.5"))


def test_matrix_row_whose_service_reference_the_schema_lacks_is_reported(write):
    text = duis_codes(["1.5", "4.4", "4.8"], ["1.5", "4.4.5", "4.8"])
    rows = AGREEING_MATRIX + matrix_rows(("Read Load Profile", "4.8", "4.8"))
    text_without_sr = text.replace('    <xs:enumeration value="4.8"/>\n', "", 1)
    spec, matrix_text = write_json_matrix(write, rows)

    finding = only(check_json(write("duis.xsd", text_without_sr), extra=("--spec", str(spec))), "DU203")

    assert finding["subject"] == "SR 4.8"
    assert "which the schema's ServiceReference does not list" in finding["message"]
    assert matrix_at(finding) == ("matrix.json", 3, field_line(matrix_text, SR, "4.8"))


def test_schema_srv_without_a_matrix_row_is_reported_at_the_schema_value(write):
    text = duis_codes(["1.5", "4.4", "4.2"], ["1.5", "4.4.5", "4.2"])
    spec, _ = write_json_matrix(write, AGREEING_MATRIX)

    finding = only(check_json(write("duis.xsd", text), extra=("--spec", str(spec))), "DU203")

    assert finding["subject"] == "SRV 4.2"
    assert at(finding) == ("duis.xsd", line_of(text, 'value="4.2"', nth=2))
    assert "has no row in the service-request matrix matrix.json" in finding["message"]
    assert [r["path"] for r in finding["related"]] == ["matrix.json"]


def test_matrix_that_agrees_with_the_schema_gives_no_finding(write):
    text = duis_codes(SRS, SRVS, comments="      <!-- SR 1.5 Update Meter Balance -->\n")
    spec, _ = write_json_matrix(write, AGREEING_MATRIX)

    report = check_json(write("duis.xsd", text), extra=("--spec", str(spec)))

    assert [f["rule"] for f in report["findings"] if f["rule"].startswith("DU")] == []


def test_csv_matrix_rows_are_located_by_row_and_line(write):
    text = duis_codes(SRS, SRVS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([NAME, SR, SRV, ROLES])
    writer.writerow(["Update Meter Balance", "1.5", "1.5", "IS"])
    writer.writerow(["Retrieve Billing Data Log\nPrepayment Credits", "4.4", "4.4.5", "IS"])  # a two-line cell
    writer.writerow(["Retrieve Billing Data Log Credit", "4.4", "4.4.6", "IS"])
    matrix_text = out.getvalue()
    spec = write("matrix.csv", matrix_text)

    report = check_json(write("duis.xsd", text), extra=("--spec", str(spec)))

    finding = only(report, "DU203")
    assert finding["subject"] == "SRV 4.4.6"
    assert matrix_at(finding) == ("matrix.csv", 3, line_of(matrix_text, "4.4.6"))
    assert findings_of(report, "DU202") == []


def test_csv_matrix_row_after_a_blank_line_is_located_on_its_own_line(write):
    text = duis_codes(SRS, SRVS)
    matrix_text = (
        f"{NAME},{SR},{SRV},{ROLES}\n"
        "Update Meter Balance,1.5,1.5,IS\n"
        "\n"
        "Retrieve Billing Data Log Prepayment Credits,4.4,4.4.5,IS\n"
        "Retrieve Billing Data Log Credit,4.4,4.4.6,IS\n"
    )
    spec = write("matrix.csv", matrix_text)

    finding = only(check_json(write("duis.xsd", text), extra=("--spec", str(spec))), "DU203")

    assert matrix_at(finding) == ("matrix.csv", 3, line_of(matrix_text, "4.4.6"))


def test_matrix_wrapped_in_an_object_still_locates_each_row_by_line(write):
    text = duis_codes(SRS, SRVS)
    rows = AGREEING_MATRIX + matrix_rows(("Retrieve Billing Data Log Credit", "4.4", "4.4.6"))
    matrix_text = json.dumps({"title": "Service Request Matrix", "rows": rows}, indent=2)
    spec = write("matrix.json", matrix_text)

    finding = only(check_json(write("duis.xsd", text), extra=("--spec", str(spec))), "DU203")

    assert matrix_at(finding) == ("matrix.json", 3, field_line(matrix_text, SRV, "4.4.6"))

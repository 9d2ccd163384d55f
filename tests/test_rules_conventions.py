"""DUIS conventions between the schema and the service-request matrix (DU204-DU206), and where DU203 places the
matrix rows of a specification's own matrix table.

Small fixtures are written here; the real published sets are checked as they are (every finding was reviewed by
hand against the XSD text and the matrix, see the notes on issue 12) and with defects planted in copies of them.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Callable

import pytest

from duislint import duis
from tests.conftest import RA_NS, duis_data, ra_schema, sr_schema
from tests.helpers import at, check_json, findings_of, line_of, only

pytestmark = pytest.mark.usefixtures("in_fixture_folder")

NAME, SR, SRV = "Service Request Name", "Service Reference", "Service Reference Variant"
IMPORT_MMC = f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n'

# The CommandVariant table as DUIS writes it: a comment whose columns are parted by runs of spaces
CV_TABLE = """\
<xs:simpleType name="CommandVariant">
    <!-- CV Value  Input     Output         MoO    Process  Critical   Return
                                           Pattern             to SU
    ==================================================================
      1         SR         Cmd          OD &    Async     No         No
                                        FD
      2         SR         Cmd LD       OD      Sync      No         Yes
      4         SR         Pre-Cmd      T       Sync      Yes        Yes
      5         Signed     Cmd          OD &    Async     Yes        No
                Pre-Cmd                 FD
      8         SR         SResponse    DO      Sync      No         Yes
                           from DCC
      9 (N/A to SR - Internal to DCC Data Systems)
    Cmd = Command
    DO = DCC Only
    MoO = Mode of Operation
    OD = On Demand
    T = Transform
    -->
    <xs:restriction base="xs:positiveInteger">
        <xs:enumeration value="1"/><xs:enumeration value="2"/><xs:enumeration value="4"/>
        <xs:enumeration value="5"/><xs:enumeration value="8"/><xs:enumeration value="9"/>
    </xs:restriction>
</xs:simpleType>
"""


def srv_enumeration(name: str, values: list[tuple[str, str | None]]) -> str:
    """An enumeration of SRVs, each value followed by its comment (None: no comment)."""
    lines = []
    for value, comment in values:
        lines.append(f'    <xs:enumeration value="{value}"/>')
        if comment is not None:
            lines.append(f"    <!--    {comment} -->")
    body = "\n".join(lines)
    return f'<xs:simpleType name="{name}">\n  <xs:restriction base="xs:string">\n{body}\n  </xs:restriction>\n</xs:simpleType>\n'


def plain_enumeration(name: str, values: list[str]) -> str:
    return srv_enumeration(name, [(v, None) for v in values])


def row(srv: str, name: str, critical: str = "No", non_device: str = "No", scheduled: str = "No") -> dict:
    return {NAME: name, SR: duis.sr_of_srv(srv), SRV: srv, "Critical": critical, "On Demand": "Yes",
            "DCC Scheduled": scheduled, "Non-Device Request": non_device, "Eligible User Roles": ["IS"]}  # fmt: skip


MATRIX = [
    row("1.1.1", "Update Import Tariff (Primary Element)", critical="Yes"),
    row("4.1.1", "Read Instantaneous Import Registers"),
    row("4.6.1", "Retrieve Import Daily Read Log", scheduled="Yes"),
    row("4.6.2", "Retrieve Export Daily Read Log", scheduled="Yes"),
    row("5.1", "Create Schedule", non_device="Yes"),
]
SRVS = [srv[SRV] for srv in MATRIX]
SRS = list(dict.fromkeys(duis.sr_of_srv(s) for s in SRVS))
GOOD_CVS = {"1.1.1": "CV = 4, 5", "4.1.1": "CV = 1, 2", "4.6.1": "CV = 1, 2", "4.6.2": "CV = 1", "5.1": "CV = 8"}


def schema(cvs: dict[str, str | None] | None = None, table: bool = True, extra: str = "", imports: str = "") -> str:
    cvs = {**GOOD_CVS, **(cvs or {})}
    return sr_schema(
        (CV_TABLE if table else "")
        + plain_enumeration("ServiceReference", SRS)
        + srv_enumeration("ServiceReferenceVariant", [(s, cvs[s]) for s in SRVS])
        + extra,
        imports=imports,
    )


def run(text: str, rows: list[dict] | None = MATRIX, mmc: str | None = None, select: str = "DU2") -> dict:
    Path("duis.xsd").write_text(text, encoding="utf-8")
    if mmc is not None:
        Path("mmc.xsd").write_text(mmc, encoding="utf-8")
    extra: tuple[str, ...] = ("--select", select)
    if rows is not None:
        Path("matrix.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
        extra = ("--spec", "matrix.json", *extra)
    return check_json("duis.xsd", extra=extra)


def matrix_line(srv: str, column: str) -> int:
    """The line of the matrix that holds `column` in the row of `srv`."""
    text = Path("matrix.json").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(text) if f'"{SRV}": "{srv}"' in line)
    return next(n for n, line in enumerate(text[start:], start + 1) if f'"{column}"' in line)


def comment_line(text: str, srv: str) -> int:
    """The line of the comment that follows `srv`'s value (in the enumeration that comments its values)."""
    lines = text.splitlines()
    return next(n + 2 for n, line in enumerate(lines[:-1]) if f'value="{srv}"/>' in line and "<!--" in lines[n + 1])


# --- DU203 on a specification's matrix table ---------------------------------------------------------------------


def test_du203_findings_on_a_specification_matrix_table_carry_section_table_and_row():
    text = sr_schema(plain_enumeration("ServiceReference", ["1.5", "4.4", "4.2"])
                     + plain_enumeration("ServiceReferenceVariant", ["1.5", "4.4.5", "4.2"]))  # fmt: skip
    spec = textwrap.dedent(
        """
        # 3 Services
        ## 3.1 Introduction
        Some prose.
        ## 3.2 Service Request Matrix
        | Service Request Name | Service Reference | Service Reference Variant | Critical | Eligible Users |
        |---|---|---|---|---|
        | Update Meter Balance | 1.5 | 1.5 | Yes | IS |
        | Retrieve Billing Data Log Prepayment Credits | 4.5 | 4.4.5 | No | IS |
        | Retrieve Billing Data Log Credit | 4.4 | 4.4.6 | No | IS |
        """
    ).lstrip()
    Path("duis.xsd").write_text(text, encoding="utf-8")
    Path("spec.md").write_text(spec, encoding="utf-8")

    report = check_json("duis.xsd", extra=("--spec", "spec.md", "--select", "DU203"))

    found = {f["subject"]: f for f in findings_of(report, "DU203")}
    assert sorted(found) == ["SRV 4.2", "SRV 4.4.5", "SRV 4.4.6"]
    for subject, row_number, marker in (("SRV 4.4.5", 2, "| 4.5 | 4.4.5 |"), ("SRV 4.4.6", 3, "| 4.4.6 |")):
        location = found[subject]["location"]
        assert location == {"path": "spec.md", "line": line_of(spec, marker), "section": "3.2", "table": 1,
                            "row": row_number}, subject  # fmt: skip
    # the schema's SRV that no row lists points at the table it is missing from
    assert found["SRV 4.2"]["related"] == [{"path": "spec.md", "line": None, "section": "3.2", "table": 1}]


def test_du203_findings_on_a_matrix_file_are_located_as_before():
    text = sr_schema(plain_enumeration("ServiceReference", ["1.5"]) + plain_enumeration("ServiceReferenceVariant",
                                                                                       ["1.5", "4.2"]))  # fmt: skip
    report = run(text, [row("1.5", "Update Meter Balance"), row("4.4.6", "Retrieve Billing Data Log Credit")],
                 select="DU203")  # fmt: skip

    found = {f["subject"]: f for f in findings_of(report, "DU203")}
    assert found["SRV 4.4.6"]["location"] == {"path": "matrix.json", "line": matrix_line("4.4.6", SRV), "row": 2}
    assert found["SRV 4.2"]["related"] == [{"path": "matrix.json", "line": None}]


# --- DU204 command-variants-contradict-matrix --------------------------------------------------------------------


def test_clean_fixture_gives_no_convention_finding():
    report = run(schema())
    assert [f for f in report["findings"] if f["rule"] in ("DU204", "DU205", "DU206")] == []


def test_critical_srv_whose_comment_lists_non_critical_variants_is_reported_at_the_comment():
    text = schema({"1.1.1": "CV = 1, 2"})

    finding = only(run(text), "DU204")

    assert finding["severity"] == "warning" and finding["subject"] == "SRV 1.1.1"
    assert at(finding) == ("duis.xsd", comment_line(text, "1.1.1"))
    assert finding["message"] == (
        "SRV 1.1.1 is Critical in the service-request matrix, but its CV comment 'CV = 1, 2' in "
        "sr:ServiceReferenceVariant lists 1, 2 (non-critical command variants)"
    )
    assert finding["suggestion"] == "CV = 4, 5"  # the table's critical variants for a device
    related = [(r["path"], r["line"]) for r in finding["related"]]
    assert related == [("matrix.json", matrix_line("1.1.1", "Critical")), ("duis.xsd", line_of(text, "CV Value"))]


def test_non_critical_srv_whose_comment_lists_a_critical_variant_is_reported():
    finding = only(run(schema({"4.6.2": "CV = 1, 4"})), "DU204")

    assert finding["subject"] == "SRV 4.6.2"
    assert "is not Critical in the service-request matrix" in finding["message"]
    assert "lists 4 (critical command variant)" in finding["message"]
    assert finding["suggestion"] == "CV = 1, 2"


def test_non_device_srv_whose_comment_lists_device_variants_is_reported():
    finding = only(run(schema({"5.1": "CV = 1, 2"})), "DU204")

    assert finding["message"].startswith("SRV 5.1 is a Non-Device Request in the service-request matrix, but")
    assert "lists 1, 2 (command variants for a device)" in finding["message"]
    assert finding["suggestion"] == "CV = 8"
    assert finding["related"][0]["line"] == matrix_line("5.1", "Non-Device Request")


def test_device_srv_whose_comment_lists_the_dcc_only_variant_is_reported():
    finding = only(run(schema({"4.1.1": "CV = 1, 8"})), "DU204")

    assert "is not a Non-Device Request in the service-request matrix" in finding["message"]
    assert "lists 8 (DCC-only command variant, no device)" in finding["message"]


def test_a_comment_contradicting_both_columns_is_one_finding_that_says_both():
    finding = only(run(schema({"5.1": "CV = 4"})), "DU204")

    assert finding["message"].startswith("SRV 5.1 is not Critical in the service-request matrix, but its CV")
    assert "; it is a Non-Device Request in the service-request matrix, but the comment lists 4 (command variant " \
           "for a device)" in finding["message"]  # fmt: skip
    assert [r["line"] for r in finding["related"][:2]] == [
        matrix_line("5.1", "Critical"), matrix_line("5.1", "Non-Device Request")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "comment", ["CV = 4,5", "CV=4, 5", "CV = 4 - 5", "CV = 9, 4", "SR 1.1.1 Update Import Tariff", "Primary"]
)
def test_comments_that_fit_the_matrix_or_list_no_variants_are_not_reported(comment):
    """A subset of the critical variants fits; CV 9 has no meaning in the table; other comments are not lists."""
    assert findings_of(run(schema({"1.1.1": comment})), "DU204") == []


def test_without_a_matrix_or_a_row_for_the_srv_nothing_is_compared():
    text = schema({"1.1.1": "CV = 1, 2"})
    assert findings_of(run(text, rows=None), "DU204") == []
    assert findings_of(run(text, rows=MATRIX[1:]), "DU204") == []


def test_the_schema_own_table_gives_the_meanings():
    """A table that makes CV 1 critical: a critical SRV may list it, and a non-critical one may not."""
    table = CV_TABLE.replace("Cmd          OD &    Async     No ", "Cmd          OD &    Async     Yes", 1)
    assert table != CV_TABLE
    text = schema({"1.1.1": "CV = 1"}).replace(CV_TABLE, table)

    found = findings_of(run(text), "DU204")

    assert [f["subject"] for f in found] == ["SRV 4.1.1", "SRV 4.6.1", "SRV 4.6.2"]  # not Critical, but list CV 1
    assert all("lists 1 (critical command variant)" in f["message"] for f in found)


def test_a_schema_without_a_table_is_read_with_the_published_meanings():
    text = schema({"1.1.1": "CV = 1, 2, 3"}, table=False)

    finding = only(run(text), "DU204")

    assert "lists 1, 2, 3 (non-critical command variants)" in finding["message"]
    assert finding["suggestion"] == "CV = 4, 5, 6, 7"
    assert [r["path"] for r in finding["related"]] == ["matrix.json"]  # no table to point at


def test_the_ra_copy_of_the_enumeration_is_checked_too():
    mmc = ra_schema(srv_enumeration("ServiceReferenceVariant", [(s, GOOD_CVS[s]) for s in SRVS]).replace(
        "CV = 1, 2 -->", "CV = 4, 5 -->", 1))  # fmt: skip
    text = schema(imports=IMPORT_MMC)

    found = findings_of(run(text, mmc=mmc), "DU204")

    assert [(f["location"]["path"], f["subject"]) for f in found] == [("mmc.xsd", "SRV 4.1.1")]
    assert "in ra:ServiceReferenceVariant" in found[0]["message"]


# --- DU205 srv-list-differs-from-matrix --------------------------------------------------------------------------


def test_srv_list_against_the_column_its_name_names():
    extra = plain_enumeration("DSPScheduledServiceReferenceVariant", ["4.1.1", "4.6.1"])
    text = schema(extra=extra)

    report = run(text)

    found = {f["subject"]: f for f in findings_of(report, "DU205")}
    assert sorted(found) == ["SRV 4.1.1", "SRV 4.6.2"]
    listed = found["SRV 4.1.1"]
    assert listed["severity"] == "error"
    assert at(listed) == ("duis.xsd", line_of(text, 'value="4.1.1"', nth=2))
    assert listed["message"] == (
        "SRV 4.1.1 (Read Instantaneous Import Registers) is in sr:DSPScheduledServiceReferenceVariant, but the "
        "service-request matrix says DCC Scheduled: No"
    )
    assert listed["related"][0]["line"] == matrix_line("4.1.1", "DCC Scheduled")
    missing = found["SRV 4.6.2"]
    assert missing["location"] == {"path": "matrix.json", "line": matrix_line("4.6.2", "DCC Scheduled"), "row": 4}
    assert "but sr:DSPScheduledServiceReferenceVariant does not list it" in missing["message"]
    assert missing["related"][0]["line"] == line_of(text, 'name="DSPScheduledServiceReferenceVariant"')


def test_sr_list_holds_the_srs_of_the_srvs_the_column_marks():
    extra = plain_enumeration("DSPScheduledServiceReference", ["4.1"]) + plain_enumeration(
        "DSPScheduledServiceReferenceVariant", ["4.6.1", "4.6.2"])  # fmt: skip

    found = {f["subject"]: f for f in findings_of(run(schema(extra=extra)), "DU205")}

    assert sorted(found) == ["SR 4.1", "SR 4.6"]
    assert "SR 4.1 is in sr:DSPScheduledServiceReference, but the service-request matrix says DCC Scheduled: No " \
           "for every SRV of it (4.1.1)" == found["SR 4.1"]["message"]  # fmt: skip
    assert found["SR 4.6"]["location"]["line"] == matrix_line("4.6.1", "DCC Scheduled")
    assert "does not list its SR 4.6" in found["SR 4.6"]["message"]


def test_any_list_named_after_a_yes_no_column_is_compared_not_one_name():
    extra = plain_enumeration("CriticalServiceReferenceVariant", ["1.1.1", "5.1"]) + plain_enumeration(
        "NonDeviceServiceReferenceVariant", ["5.1"])  # fmt: skip

    found = findings_of(run(schema(extra=extra)), "DU205")

    assert [(f["subject"], f["message"].split(",")[0]) for f in found] == [
        ("SRV 5.1", "SRV 5.1 (Create Schedule) is in sr:CriticalServiceReferenceVariant")
    ]


def test_lists_that_name_no_column_and_srvs_the_schema_lacks_are_left_alone():
    extra = plain_enumeration("ReadOnlyServiceReferenceVariant", ["4.1.1"]) + plain_enumeration(
        "DSPScheduledServiceReferenceVariant", ["4.6.1", "4.6.2"])  # fmt: skip
    rows = MATRIX + [row("4.8.1", "Read Load Profile", scheduled="Yes")]  # no SRV 4.8.1 in the schema: DU203's

    report = run(schema(extra=extra), rows=rows)

    assert findings_of(report, "DU205") == []
    assert "SRV 4.8.1" in [f["subject"] for f in findings_of(report, "DU203")]


# --- DU206 srv-comments-differ-between-namespaces ----------------------------------------------------------------


def twin_mmc(cvs: dict[str, str | None]) -> str:
    merged = {**GOOD_CVS, **cvs}
    return ra_schema(srv_enumeration("ServiceReferenceVariant", [(s, merged[s]) for s in SRVS]))


def test_sr_and_ra_copies_that_list_other_variants_are_reported_at_the_sr_copy():
    text, mmc = schema(imports=IMPORT_MMC), twin_mmc({"4.6.1": "CV = 1, 4"})

    finding = only(run(text, mmc=mmc, rows=None), "DU206")

    assert finding["subject"] == "SRV 4.6.1" and finding["severity"] == "warning"
    assert at(finding) == ("duis.xsd", comment_line(text, "4.6.1"))
    assert finding["related"] == [{"path": "mmc.xsd", "line": comment_line(mmc, "4.6.1")}]
    assert finding["message"] == (
        "SRV 4.6.1: its comment in sr:ServiceReferenceVariant says 'CV = 1, 2', in ra:ServiceReferenceVariant says "
        "'CV = 1, 4'"
    )
    assert "suggestion" not in finding


def test_where_the_matrix_decides_the_contradicted_copy_is_reported_once_by_du204():
    text, mmc = schema({"1.1.1": "CV = 1"}, imports=IMPORT_MMC), twin_mmc({})

    report = run(text, mmc=mmc)

    assert findings_of(report, "DU206") == []  # one defect (sr:'s comment), one finding
    assert only(report, "DU204")["location"]["path"] == "duis.xsd"
    other = run(schema(imports=IMPORT_MMC), mmc=twin_mmc({"1.1.1": "CV = 1"}))
    assert findings_of(other, "DU206") == [] and only(other, "DU204")["location"]["path"] == "mmc.xsd"


VERSIONS = ["5.0", "5.1", "5.3a", "5.4"]

# Every finding of DU204-DU206 on the published sets with the published matrix, reviewed by hand:
# - DU204: SRVs 7.12 and 7.13 (Set Randomised Offset Limit, Set Auxiliary Controller State) are Critical in the
#   matrix and sent with CV 4 in the RTDS request messages, but list CV 1, 2, 3 (7.12 in sr: only: ra: says
#   4, 5, 6, 7); 7.14 and 7.15 (Read Auxiliary Controller Configuration/Operational Data) are not Critical and
#   sent with CV 1, but list CV 4, 5, 6, 7, in both copies.
# - DU205: 5.3 added SRV 4.2 (Read Instantaneous Export Registers) to sr:DSPScheduledServiceReference(Variant)
#   (with DSPReadInstantaneousExportRegisters in sr:DSPScheduledMessage); the matrix still says DCC Scheduled: No.
# - DU206: none: SRV 7.12's comments differ between sr: (1, 2, 3) and ra: (4, 5, 6, 7), but the matrix agrees
#   with ra:, so the sr: copy is DU204's finding.
REVIEWED = {
    "5.0": [
        ("DU204", "DUIS Schema V5.0.xsd", 2325, "SRV 7.12"),
        ("DU204", "DUIS Schema V5.0.xsd", 2327, "SRV 7.13"),
        ("DU204", "DUIS Schema V5.0.xsd", 2329, "SRV 7.14"),
        ("DU204", "DUIS Schema V5.0.xsd", 2331, "SRV 7.15"),
        ("DU204", "MMC Schema V5.0.xsd", 1226, "SRV 7.13"),
        ("DU204", "MMC Schema V5.0.xsd", 1228, "SRV 7.14"),
        ("DU204", "MMC Schema V5.0.xsd", 1230, "SRV 7.15"),
    ],
    "5.3a": [
        ("DU204", "DUIS Schema V5.3a.xsd", 2324, "SRV 7.12"),
        ("DU204", "DUIS Schema V5.3a.xsd", 2326, "SRV 7.13"),
        ("DU204", "DUIS Schema V5.3a.xsd", 2328, "SRV 7.14"),
        ("DU204", "DUIS Schema V5.3a.xsd", 2330, "SRV 7.15"),
        ("DU205", "DUIS Schema V5.3a.xsd", 2608, "SR 4.2"),
        ("DU205", "DUIS Schema V5.3a.xsd", 2623, "SRV 4.2"),
        ("DU204", "MMC Schema V5.3.xsd", 1227, "SRV 7.13"),
        ("DU204", "MMC Schema V5.3.xsd", 1229, "SRV 7.14"),
        ("DU204", "MMC Schema V5.3.xsd", 1231, "SRV 7.15"),
    ],
}
REVIEWED["5.1"] = [(r, f.replace("5.0", "5.1"), n, s) for r, f, n, s in REVIEWED["5.0"]]
REVIEWED["5.4"] = [(r, f.replace("5.3a", "5.4").replace("5.3", "5.4"), n, s) for r, f, n, s in REVIEWED["5.3a"]]


def conventions(report: dict) -> list[tuple[str, str, int, str]]:
    return [(f["rule"], Path(f["location"]["path"]).name, f["location"]["line"], f["subject"])
            for f in report["findings"] if f["rule"] in ("DU204", "DU205", "DU206")]  # fmt: skip


def check_real(folder: Path) -> dict:
    data = duis_data()
    return check_json(folder, extra=("--spec", str(data / "service-request-matrix.json"), "--select", "DU2"))


@pytest.mark.parametrize("version", VERSIONS)
def test_real_sets_give_exactly_the_reviewed_findings(version):
    assert conventions(check_real(duis_data() / "schemas" / version)) == REVIEWED[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_real_command_variant_tables_read_as_the_published_meanings(version):
    """What justifies PUBLISHED_COMMAND_VARIANTS for a schema without a table: every published table says so."""
    (path,) = (duis_data() / "schemas" / version).glob("DUIS Schema*.xsd")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if 'name="CommandVariant"' in line and "simpleType" in line)
    end = next(n for n in range(start, len(lines)) if "-->" in lines[n])
    assert duis.read_command_variant_table("\n".join(lines[start : end + 1])) == duis.PUBLISHED_COMMAND_VARIANTS


def real_copy(tmp_path: Path, version: str = "5.4") -> tuple[Path, Path, Path]:
    """A copy of a real set: (folder, DUIS file, MMC file)."""
    folder = tmp_path / f"copy-{version}"
    shutil.copytree(duis_data() / "schemas" / version, folder)
    (duis_file,) = folder.glob("DUIS Schema*.xsd")
    (mmc_file,) = folder.glob("MMC Schema*.xsd")
    return folder, duis_file, mmc_file


def edit(path: Path, pattern: str, replacement: str | Callable[[re.Match[str]], str]) -> str:
    """Replace the one match of `pattern` (a regex) in the file; the edited text."""
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(pattern, replacement, text, flags=re.DOTALL)
    assert count == 1, (pattern, count)
    path.write_text(edited, encoding="utf-8")
    return edited


def cv_after(srv: str, comment: str) -> str:
    return rf'(<xs:enumeration value="{re.escape(srv)}"/>\s*<!--)\s*{re.escape(comment)}\s*-->'


def new(report: dict, version: str = "5.4") -> list[tuple[str, str, int, str]]:
    return [found for found in conventions(report) if found not in REVIEWED[version]]


def test_planted_command_variant_contradictions_are_found(tmp_path):
    folder, duis_file, mmc_file = real_copy(tmp_path)
    sr_text = edit(duis_file, cv_after("6.15.1", "CV = 4, 5, 6, 7"), r"\1    CV = 1, 2, 3 -->")
    sr_text = edit(duis_file, cv_after("4.1.1", "CV = 1, 2, 3"), r"\1    CV = 1, 2, 8 -->")
    ra_text = edit(mmc_file, cv_after("5.2", "CV = 8"), r"\1    CV = 1 -->")

    report = check_real(folder)

    assert sorted(new(report)) == sorted([
        ("DU204", duis_file.name, comment_line(sr_text, "6.15.1"), "SRV 6.15.1"),
        ("DU204", duis_file.name, comment_line(sr_text, "4.1.1"), "SRV 4.1.1"),
        ("DU204", mmc_file.name, comment_line(ra_text, "5.2"), "SRV 5.2"),
    ])  # fmt: skip
    messages = {(f["rule"], f["subject"]): f for f in report["findings"]}
    assert "SRV 6.15.1 is Critical in the service-request matrix" in messages["DU204", "SRV 6.15.1"]["message"]
    assert "lists 8 (DCC-only command variant, no device)" in messages["DU204", "SRV 4.1.1"]["message"]
    assert "SRV 5.2 is a Non-Device Request" in messages["DU204", "SRV 5.2"]["message"]
    assert messages["DU204", "SRV 6.15.1"]["suggestion"] == "CV = 4, 5, 6, 7"


def test_planted_table_meaning_changes_the_findings(tmp_path):
    """The meanings come from the schema's own table: CV 4 marked non-critical there makes every critical SRV
    that lists it contradict the matrix."""
    folder, duis_file, _ = real_copy(tmp_path)
    edit(duis_file, r"(\n\s+4\s+SR\s+Pre-Cmd\s+T\s+Sync\s+)Yes", r"\1No ")

    found = findings_of(check_real(folder), "DU204")

    update_tariff = next(f for f in found if f["subject"] == "SRV 1.1.1")
    assert "lists 4 (non-critical command variant)" in update_tariff["message"]
    assert update_tariff["suggestion"] == "CV = 5, 6, 7"


def test_without_its_table_a_real_set_gives_the_same_findings(tmp_path):
    folder, duis_file, _ = real_copy(tmp_path)
    # the table's lines are left blank, so that every other line keeps its number
    edit(duis_file, r'(<xs:simpleType name="CommandVariant">)(\s*<!--.*?-->)',
         lambda match: match.group(1) + "\n" * match.group(2).count("\n"))  # fmt: skip

    assert conventions(check_real(folder)) == REVIEWED["5.4"]


def test_planted_srv_list_differences_are_found(tmp_path):
    folder, duis_file, _ = real_copy(tmp_path, "5.1")
    text = edit(duis_file, r'(name="DSPScheduledServiceReferenceVariant">\s*<xs:restriction base="xs:string">)',
                r'\1\n            <xs:enumeration value="4.18"/>')  # fmt: skip
    text = edit(duis_file, r'\s*<xs:enumeration value="4.17"/>(\s*<xs:enumeration value="14.1"/>\s*</xs:restriction>'
                r'\s*</xs:simpleType>\s*<xs:simpleType name="ScheduleFrequency">)', r"\1")  # fmt: skip
    text = edit(duis_file, r'(name="DSPScheduledServiceReference">\s*<xs:restriction base="xs:string">)',
                r'\1\n            <xs:enumeration value="8.2"/>')  # fmt: skip

    report = check_real(folder)

    found = {(f["subject"], Path(f["location"]["path"]).name) for f in findings_of(report, "DU205")}
    assert found == {("SRV 4.18", duis_file.name), ("SRV 4.17", "service-request-matrix.json"),
                     ("SR 8.2", duis_file.name)}  # fmt: skip
    (added,) = [f for f in findings_of(report, "DU205") if f["subject"] == "SRV 4.18"]
    assert added["location"]["line"] == line_of(text, 'name="DSPScheduledServiceReferenceVariant"') + 2
    assert new(report, "5.1") == [f for f in conventions(report) if f[0] == "DU205"]


def test_planted_sr_naming_difference_is_found(tmp_path):
    folder, duis_file, _ = real_copy(tmp_path)
    text = edit(duis_file, r'(\n\s*)(<xs:element name="ReadInstantaneousImportRegisters")',
                r"\1<!-- SR 4.1.1 Read Instantaneous Export Registers -->\1\2")  # fmt: skip

    report = check_real(folder)

    assert new(report) == [("DU206", duis_file.name, line_of(text, "SR 4.1.1 Read Instantaneous Export"),
                            "SRV 4.1.1")]  # fmt: skip

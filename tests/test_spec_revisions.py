"""Rules read a redlined Word spec as it will be published (changes accepted) or, with --revisions original, as it
was before the changes: the findings an uplift fixes and the ones it introduces differ between the two views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.docxgen import Del, DocxBuilder, Ins
from tests.helpers import check_json, findings_of
from tests.test_rules_spec import MATRIX, SCHEMA

DATA_HEADER = ["Data Item", "Description / Valid Set", "Type", "Mandatory", "Default", "Units"]
CODES_HEADER = ["Response Code", "Response Code Name", "Response Code Type", "Response Code Description"]


def redlined_spec(path: Path, numbering: str) -> Path:
    doc = DocxBuilder(numbering)
    numbers = numbering == "typed"

    def restart(level: int, start: int) -> None:  # Word list numbering gives the same numbers as the typed ones
        if not numbers:
            doc.restart_numbering_at(level, start)

    restart(1, 3)
    doc.heading(1, "Services", number="3" if numbers else None)
    restart(2, 5)
    doc.heading(2, "Response Codes", number="3.5" if numbers else None)
    doc.table(
        [CODES_HEADER, ["I0", "Success", "Informational", "Processed"], ["E63", "Bad", "Error", "Rejected"],
         ["E64", "Worse", "Error", "Rejected"], ["E65", "Third", "Error", "Rejected"]],
        row_changes={3: "ins"},  # E64's row is new in this uplift
    )  # fmt: skip
    restart(2, 8)
    doc.heading(2, "Service Requests", number="3.8" if numbers else None)
    doc.heading(3, "Create Schedule", number="3.8.1" if numbers else None)
    doc.heading(4, "Service Description", number="3.8.1.1" if numbers else None)
    doc.table([["Attribute", "Value"], ["Service Reference Variant", "5.1"], ["Body Element", "CreateSchedule"],
               ["Eligible Users", "Import Supplier, Gas Supplier"]])  # fmt: skip
    doc.heading(4, "Specific Data Items", number="3.8.1.2" if numbers else None)
    doc.table(
        [DATA_HEADER, ["ScheduleStartDate", "start", "xs:date", "Yes", "", ""],
         # the uplift corrects the Mandatory flag: "Yes" deleted, "No" inserted
         ["ScheduleEndDate", "end", "xs:date", [Del("Yes"), Ins("No")], "", ""],
         ["DailySchedule", "daily", "xs:string", "Yes", "", ""],
         ["WeeklySchedule", "weekly", "xs:string", "Yes", "", ""]],
    )  # fmt: skip
    return doc.save(path)


@pytest.fixture(params=["list", "style", "typed"])
def spec(request, tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    Path("matrix.json").write_text(json.dumps(MATRIX), encoding="utf-8")
    return redlined_spec(tmp_path / "spec.docx", request.param)


def check(spec: Path, revisions: str) -> dict:
    # the spec documents one of the schema's two SRVs: SP301 would say so
    options = ("--select", "SP", "--ignore", "SP301", "--revisions", revisions)
    return check_json("schema.xsd", extra=("--spec", spec.name, "--spec", "matrix.json", *options))


def test_published_view_has_the_uplifts_fixes(spec):
    assert check(spec, "accepted")["findings"] == []


def test_original_view_shows_what_the_uplift_fixed(spec):
    report = check(spec, "original")
    (missing,) = findings_of(report, "SP101")
    assert missing["subject"] == "E64" and missing["location"]["section"] == "3.5"
    (mandatory,) = findings_of(report, "SP203")
    assert mandatory["subject"] == "ScheduleEndDate" and mandatory["location"] == {
        "path": "spec.docx", "line": None, "section": "3.8.1.2", "table": 3, "row": 2,
    }  # fmt: skip

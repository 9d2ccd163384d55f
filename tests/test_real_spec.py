"""Real data: a clean DUIS 5.4-shaped specification (tests/realspec.py) gives no SP finding, and each planted
defect gives exactly the finding it should, at the row it sits in.

The clean .docx is generated from the published 5.4 XSDs, the 297 real request messages (SRV -> body element)
and the real service-request matrix. A planted copy differs from it by one change; its findings are compared
with the clean one's, so each planted test sees only what its change caused. Codes, SRs and SRVs are strings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from tests import realspec
from tests.conftest import duis_data
from tests.helpers import check_json, cli

VERSION = "5.4"
XS = {"xs": "http://www.w3.org/2001/XMLSchema"}


@pytest.fixture(scope="module")
def data() -> Path:
    return duis_data()


@pytest.fixture(scope="module")
def facts(data: Path) -> realspec.Facts:
    return realspec.load_facts(data, VERSION)


@pytest.fixture(scope="module")
def matrix(data: Path) -> dict[str, dict]:
    records = json.loads((data / "service-request-matrix.json").read_text(encoding="utf-8"))
    return {r["Service Reference Variant"]: r for r in records}


@pytest.fixture(scope="module")
def xsd(data: Path) -> etree._Element:
    path = data / "schemas" / VERSION / f"DUIS Schema V{VERSION}.xsd"
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def sp_findings(data: Path, docx: Path) -> list[dict]:
    report = check_json(
        data / "schemas" / VERSION,
        extra=("--spec", str(docx), "--spec", str(data / "service-request-matrix.json"), "--select", "SP"),
    )
    assert all(f["rule"].startswith("SP") for f in report["findings"])
    return report["findings"]


def key(finding: dict) -> tuple:
    """A finding without the .docx's folder, so that the clean and a planted copy compare."""
    where = {k: v for k, v in finding["location"].items() if k != "path"}
    return finding["rule"], finding["subject"], tuple(sorted(where.items()))


@pytest.fixture(scope="module")
def clean(facts, data, tmp_path_factory) -> list[dict]:
    docx = realspec.build(facts).save(tmp_path_factory.mktemp("clean") / "duis.docx")
    return sp_findings(data, docx)


def planted(facts, data, tmp_path, clean, change) -> tuple[realspec.SpecDocument, list[dict]]:
    """Build the clean spec, apply one change, check it: (the spec, the findings the clean spec does not have).
    A finding of the clean spec that the change made disappear fails the test."""
    spec = realspec.build(facts)
    change(spec)
    findings = sp_findings(data, spec.save(tmp_path / "duis.docx"))
    before = {key(f) for f in clean}
    after = {key(f) for f in findings}
    assert before <= after, f"the change hid findings of the clean spec: {before - after}"
    return spec, [f for f in findings if key(f) not in before]


def shown(findings: list[dict]) -> str:
    return "\n".join(f"{f['rule']} {f['subject']} {f['location']}: {f['message']}" for f in findings)


# --- the generator reads the real data as it is ------------------------------------------------------------


def test_every_srv_has_a_body_element_learnt_from_the_messages(data, facts):
    bodies = realspec.srv_bodies(data / "messages" / f"requests-{VERSION}")
    assert len(list((data / "messages" / f"requests-{VERSION}").iterdir())) == 297
    assert set(facts.srvs) == set(bodies) and len(facts.srvs) == 129
    assert all(isinstance(s, str) and isinstance(b, str) for s, b in bodies.items())
    assert bodies["6.28"] == "SetCHFSubGHzConfiguration"
    assert bodies["5.1"] == "CreateSchedule"
    assert bodies["4.1.1"] == "ReadInstantaneousImportRegisters"
    # strings, not numbers: 6.20.x and 6.2.x are different SRVs with different bodies
    assert {"6.20.1", "6.20.2", "6.2.1"} <= set(bodies) and bodies["6.20.1"] != bodies["6.2.1"]


def test_sections_follow_the_enumeration_as_the_published_spec_numbers_them(facts):
    spec = realspec.build(facts)
    assert list(spec.srv_parts) == facts.srvs
    assert spec.srv("4.1.1").number == "3.8.17"
    assert spec.srv("5.1").number == "3.8.43"
    assert spec.srv("6.28").number == "3.8.82"
    assert spec.attribute("6.20.1", "Service Reference") == "6.20"
    assert spec.attribute("6.2.1", "Service Reference") == "6.2"
    counts = spec.counts()
    assert 240 <= counts["tables"] <= 270 and 390 <= counts["headings"] <= 430


def test_duislint_reads_the_generated_document_as_written(facts, tmp_path):
    from duislint.spec import model
    from duislint.spec.build import read_spec

    built = realspec.build(facts)
    spec = read_spec(str(built.save(tmp_path / "duis.docx")), "duis.docx")
    assert spec.section("3.8.82").title == facts.matrix["6.28"]["Service Request Name"]
    assert spec.section("3.8.82.2").title == "Specific Data Items"
    assert len(spec.tables_of(model.SERVICE_DESCRIPTION)) == 129
    assert len(spec.tables_of(model.DATA_ITEMS)) == sum(1 for p in built.srv_parts.values() if p.items)
    codes = [r.cells[0] for t in spec.tables_of(model.RESPONSE_CODES) for r in t.rows]
    assert codes == facts.response_codes
    assert [r.cells[0] for t in spec.tables_of(model.ALERT_CODES) for r in t.rows] == facts.alert_codes


# --- the clean specification -------------------------------------------------------------------------------


def test_clean_spec_gives_no_sp_finding(clean):
    assert clean == [], "findings on the clean spec:\n" + shown(clean)


@pytest.mark.parametrize("numbers", ["style", "typed"])
def test_heading_numbering_style_does_not_change_the_findings(facts, data, tmp_path, clean, numbers):
    docx = realspec.build(facts).save(tmp_path / "duis.docx", heading_numbers=numbers)
    assert sorted(key(f) for f in sp_findings(data, docx)) == sorted(key(f) for f in clean)


# --- one planted defect at a time --------------------------------------------------------------------------


def test_removed_response_code_is_reported_in_the_table_of_the_code_before_it(facts, data, tmp_path, clean, xsd):
    codes = xsd.xpath("xs:simpleType[@name='ResponseCode']//xs:enumeration/@value", namespaces=XS)
    assert codes[codes.index("E64") - 1] == "E63"
    holder: dict = {}

    def change(spec):
        holder["table"] = spec.table_with_code("E63")
        assert spec.remove_code("E64") is holder["table"]

    spec, new = planted(facts, data, tmp_path, clean, change)
    assert len(new) == 1, shown(new)
    (finding,) = new
    assert (finding["rule"], finding["subject"]) == ("SP101", "E64")
    assert finding["location"]["table"] == spec.table_number(holder["table"])
    assert finding["location"]["section"] == spec.section_of(holder["table"]) == "3.5.1"
    assert "row" not in finding["location"]
    (related,) = finding["related"]
    lines = (data / "schemas" / VERSION / f"DUIS Schema V{VERSION}.xsd").read_text(encoding="utf-8").splitlines()
    assert 'value="E64"' in lines[related["line"] - 1]


def test_mandatory_yes_for_an_optional_item_is_reported_at_its_row(facts, data, tmp_path, clean, xsd):
    request_body = "xs:complexType[@name='Request']//xs:element[@name='Body']"
    body = xsd.xpath(f"{request_body}//xs:element[@name='CreateSchedule']", namespaces=XS)
    assert [b.get("type") for b in body] == ["sr:DSPSchedule"]
    (decl,) = xsd.xpath("xs:complexType[@name='DSPSchedule']//xs:element[@name='ScheduleEndDate']", namespaces=XS)
    assert decl.get("minOccurs") == "0"  # optional in 5.4, so "Yes" contradicts the schema
    clean_table = realspec.build(facts).srv("5.1").items
    row = clean_table.rows[clean_table.index_of("ScheduleEndDate")]
    assert (row[2], row[3]) == ("xs:date", "No")
    rows: dict = {}

    def change(spec):
        rows["row"] = spec.set_item("5.1", "ScheduleEndDate", "Mandatory", "Yes")

    spec, new = planted(facts, data, tmp_path, clean, change)
    assert len(new) == 1, shown(new)
    (finding,) = new
    assert (finding["rule"], finding["subject"]) == ("SP203", "ScheduleEndDate")
    assert finding["location"]["section"] == "3.8.43.2"
    assert finding["location"]["table"] == spec.table_number(spec.srv("5.1").items)
    assert finding["location"]["row"] == rows["row"]
    assert finding["suggestion"] == "No"
    assert [r["line"] for r in finding["related"]] == [decl.sourceline]


def test_duplicated_subghz_channel_row_is_reported_once(facts, data, tmp_path, clean):
    rows: dict = {}

    def change(spec):
        rows["copy"] = spec.duplicate_item("6.28", "LowerBandSubGHzChannels0To26")

    spec, new = planted(facts, data, tmp_path, clean, change)
    assert len(new) == 1, shown(new)
    (finding,) = new
    assert (finding["rule"], finding["subject"]) == ("SP202", "LowerBandSubGHzChannels0To26")
    where = {k: v for k, v in finding["location"].items() if k != "path"}
    assert where == {"line": None, "section": "3.8.82.2", "table": spec.table_number(spec.srv("6.28").items),
                     "row": rows["copy"]}  # fmt: skip
    assert [r["row"] for r in finding["related"]] == [rows["copy"] - 1]


def test_misspelt_data_item_is_reported_with_the_right_name(facts, data, tmp_path, clean):
    assert [r[0] for r in realspec.build(facts).srv("6.28").items.rows].count("UpperBandSubGHzChannels0To26") == 1
    rows: dict = {}

    def change(spec):
        rows["row"] = spec.set_item(
            "6.28", "UpperBandSubGHzChannels0To26", "Data Item", "UpperBandSubGHzChannels0To026"
        )

    spec, new = planted(facts, data, tmp_path, clean, change)
    sp201 = [f for f in new if f["rule"] == "SP201"]
    assert len(sp201) == 1, shown(new)
    (finding,) = sp201
    assert finding["subject"] == "UpperBandSubGHzChannels0To026"
    assert finding["suggestion"] == "UpperBandSubGHzChannels0To26"
    assert finding["location"]["section"] == "3.8.82.2" and finding["location"]["row"] == rows["row"]
    # the real child is now missing from the table: SP205 says so, at the table; nothing else is new
    rest = [(f["rule"], f["subject"], f["location"].get("row")) for f in new if f is not finding]
    assert rest == [("SP205", "UpperBandSubGHzChannels0To26", None)], shown(new)


def test_eligible_user_the_matrix_does_not_grant_is_reported(facts, data, tmp_path, clean, matrix):
    granted = matrix["4.1.1"]["Eligible User Roles"]
    assert "OU" not in granted
    rows: dict = {}

    def change(spec):
        users = spec.attribute("4.1.1", "Eligible Users")
        assert "Other User" not in users
        rows["row"] = spec.set_attribute("4.1.1", "Eligible Users", f"{users}, Other User")

    spec, new = planted(facts, data, tmp_path, clean, change)
    assert len(new) == 1, shown(new)
    (finding,) = new
    assert (finding["rule"], finding["subject"]) == ("SP302", "SRV 4.1.1")
    assert finding["location"]["section"] == "3.8.17.1" and finding["location"]["row"] == rows["row"]
    assert "OU" in finding["message"] and "omits" not in finding["message"]
    assert finding["suggestion"] == ", ".join(realspec.ROLES[c] for c in realspec.ROLES if c in granted)


# --- the real-sized specification (benchmarks/bench_spec.py) ------------------------------------------------------


@pytest.fixture(scope="module")
def real_sized(facts, data, tmp_path_factory) -> tuple[realspec.SpecDocument, list[dict]]:
    spec = realspec.build(facts, real_size=True)
    return spec, sp_findings(data, spec.save(tmp_path_factory.mktemp("real") / "duis.docx"))


def test_real_sized_spec_is_as_big_as_the_published_one_and_clean(real_sized):
    spec, findings = real_sized
    counts = spec.counts()
    assert counts["tables"] >= 1300 and counts["headings"] >= 1500 and 900 <= counts["pages"] <= 1200, counts
    assert findings == [], "findings on the clean real-sized spec:\n" + shown(findings)


def test_real_sized_spec_states_valid_sets_that_are_compared(facts, data, tmp_path, real_sized):
    spec = realspec.build(facts, real_size=True)
    table = spec.srv("5.1").items
    assert table is not None
    description = table.rows[table.index_of("ScheduleFrequency")][1]
    assert "Valid set:" in description and "'Monthly'" in description
    planted = description.replace("'Monthly'", "'Fortnightly'")
    row = spec.set_item("5.1", "ScheduleFrequency", "Description / Valid Set", planted)
    new = sp_findings(data, spec.save(tmp_path / "duis.docx"))
    assert {(f["rule"], f["subject"], f["location"]["section"], f["location"]["row"]) for f in new} == {
        ("SP206", "ScheduleFrequency", "3.8.43.2", row)
    }, shown(new)
    said = sorted(f["message"] for f in new)
    assert len(said) == 2 and "leaves out 'Monthly'" in said[0] and "lists 'Fortnightly'" in said[1], said


def test_duislint_fix_corrects_the_planted_defects_of_the_5_4_spec(facts, data, tmp_path, clean):
    """The defects SECAS's housekeeping logs list (a Mandatory flag against minOccurs, a SubGHz row listed twice, a
    misspelt data item), planted in the real 5.4 spec and fixed by `duislint fix` as tracked changes: the copy has
    none of them and nothing new, and read as it was before the changes it is the planted document."""
    spec = realspec.build(facts)
    spec.set_item("5.1", "ScheduleEndDate", "Mandatory", "Yes")
    spec.duplicate_item("6.28", "LowerBandSubGHzChannels0To26")
    spec.set_item("6.28", "UpperBandSubGHzChannels0To26", "Data Item", "UpperBandSubGHzChannels0To026")
    planted = spec.save(tmp_path / "duis.docx")
    before = sp_findings(data, planted)
    fixed_rules = {f["rule"] for f in before if f.get("fix", {}).get("applicability") == "safe"}
    assert fixed_rules == {"SP201", "SP202", "SP203"}
    out = tmp_path / "fixed.docx"
    run = cli("fix", data / "schemas" / VERSION, "--spec", planted, "--spec", data / "service-request-matrix.json",
              "--select", "SP", "-o", out)  # fmt: skip
    assert run.code == 0, run.err
    assert "fixed 3 of 3 finding(s)" in run.err
    assert {key(f) for f in sp_findings(data, out)} == {key(f) for f in clean}
    original = check_json(data / "schemas" / VERSION, extra=("--spec", str(out), "--select", "SP", "--revisions",
                                                             "original", "--spec", str(data / "service-request-matrix.json")))  # fmt: skip
    assert {key(f) for f in original["findings"]} == {key(f) for f in before}

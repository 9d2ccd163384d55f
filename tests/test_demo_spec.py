"""The demo's specification (schemas/demo/DUIS Demo Specification V9.1.md and the .docx built from it): duislint
reports exactly the planted spec defects, where README.md says they are, and the same for both formats.

Markdown lines are found from marker text in the spec, never written down here.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT
from tests.demo_docx import build_demo_docx
from tests.helpers import check_json, cli, line_of
from tests.test_demo import PLANTED as SCHEMA_PLANTED

DEMO = ROOT / "schemas" / "demo"
SPEC_MD = DEMO / "DUIS Demo Specification V9.1.md"
SPEC_DOCX = DEMO / "DUIS Demo Specification V9.1.docx"
MATRIX = DEMO / "service-request-matrix.json"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# (rule, subject, section, table, row) -> (marker text in the .md, which occurrence); row None: a table or a paragraph
PLANTED: dict[tuple[str, str, str, int | None, int | None], tuple[str, int]] = {
    ("SP101", "E64", "3.5.10", 4, None): ("| Response Code |", 3),  # the table's header line
    **{
        ("SP103", code, "3.5.10", 4, row): (f"| {code} |", 1)
        for row, code in enumerate(["E60", "E61", "E62", "E63", "E65", "E66", "E67", "E68", "E69", "E70", "E71"], 1)
    },
    ("SP302", "SRV 4.1.1", "3.8.3.1", 9, 7): ("Gas Transporter, Other User |", 1),
    ("SP203", "ScheduleEndDate", "3.8.5.2", 13, 2): ("| ScheduleEndDate |", 1),
    ("SP202", "LowerBandChannels0To26", "3.8.6.2", 15, 2): ("| {++LowerBandChannels0To26++} |", 1),  # inserted row
    ("SP201", "UpperBandChannels0To026", "3.8.6.2", 15, 5): ("| UpperBandChannels0To026 |", 1),
    ("SP201", "sr:FirmwareVersionUpdate", "3.9.1", 20, 6): ("| sr:FirmwareVersionUpdate |", 1),
    ("SP402", "clause 3.9.7", "1.3", 1, 5): ("| S1SP Alert |", 1),
    ("SP401", "TLS", "1.3", 1, 6): ("| Transport Layer Security (TLS) |", 1),
    ("SP401", "TLS", "1.3", 1, 8): ("| TLS |", 1),
    ("SP404", "fax", "3.9", None, None): ("by {~~email~>Fax~~}", 1),  # a tracked substitution
}
# what the tracked changes brought in: absent from the text before them (`--revisions original`)
CHANGED_BY_REVISIONS = {("SP101", "E64"), ("SP202", "LowerBandChannels0To26"), ("SP404", "fax")}


def spec_key(finding: dict) -> tuple:
    loc = finding["location"]
    return finding["rule"], finding["subject"], loc.get("section"), loc.get("table"), loc.get("row")


def is_spec(finding: dict, spec: Path) -> bool:
    return Path(finding["location"]["path"]).name == spec.name


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    """`duislint check schemas/demo --spec SPEC --spec matrix.json` for the .md and the .docx."""
    return {
        spec.suffix: check_json(DEMO, extra=("--spec", str(spec), "--spec", str(MATRIX)))
        for spec in (SPEC_MD, SPEC_DOCX)
    }


@pytest.mark.parametrize("spec", [SPEC_MD, SPEC_DOCX], ids=["md", "docx"])
def test_spec_gives_exactly_the_planted_findings(reports, spec):
    report = reports[spec.suffix]
    found = Counter(spec_key(f) for f in report["findings"] if is_spec(f, spec))
    assert found == Counter(PLANTED.keys()), "each planted spec defect is reported once and nothing else"
    others = Counter((f["rule"], f["subject"]) for f in report["findings"] if not is_spec(f, spec))
    assert others == Counter(SCHEMA_PLANTED.keys()), "beyond the spec findings, only the planted schema defects"
    assert report["summary"] == {"error": 7, "warning": 20, "info": 1}


def test_md_findings_are_at_the_planted_lines(reports):
    located = {spec_key(f): f["location"]["line"] for f in reports[".md"]["findings"] if is_spec(f, SPEC_MD)}
    text = SPEC_MD.read_text(encoding="utf-8")
    assert located == {key: line_of(text, marker, nth) for key, (marker, nth) in PLANTED.items()}


def test_docx_findings_have_no_line(reports):
    assert all(f["location"]["line"] is None for f in reports[".docx"]["findings"] if is_spec(f, SPEC_DOCX))


def comparable(report: dict, spec: Path) -> list[tuple]:
    """Findings with the spec's own path and lines taken out (they differ between .md and .docx)."""

    def where(loc: dict) -> tuple:
        own = Path(loc["path"]).name == spec.name
        return ("SPEC" if own else Path(loc["path"]).name, None if own else loc.get("line"),
                loc.get("section"), loc.get("table"), loc.get("row"))  # fmt: skip

    return sorted(
        (f["rule"], f["severity"], f["subject"], f["message"], f.get("suggestion"), where(f["location"]),
         tuple(where(r) for r in f["related"]))
        for f in report["findings"]
    )  # fmt: skip


def test_md_and_docx_give_the_same_findings_apart_from_path_and_line(reports):
    assert comparable(reports[".md"], SPEC_MD) == comparable(reports[".docx"], SPEC_DOCX)


def test_findings_carry_the_fixes(reports):
    by_key = {spec_key(f): f for f in reports[".md"]["findings"] if is_spec(f, SPEC_MD)}
    sp101 = by_key[("SP101", "E64", "3.5.10", 4, None)]
    assert [Path(r["path"]).name for r in sp101["related"]] == ["DUIS Demo V9.1.xsd"]
    assert by_key[("SP201", "UpperBandChannels0To026", "3.8.6.2", 15, 5)]["suggestion"] == "UpperBandChannels0To26"
    assert by_key[("SP201", "sr:FirmwareVersionUpdate", "3.9.1", 20, 6)]["suggestion"] == "sr:FirmwareVersion"
    sp203 = by_key[("SP203", "ScheduleEndDate", "3.8.5.2", 13, 2)]
    assert sp203["suggestion"] == "No" and 'minOccurs="0"' in sp203["message"]
    sp302 = by_key[("SP302", "SRV 4.1.1", "3.8.3.1", 9, 7)]
    assert "lists OU, which the matrix does not grant" in sp302["message"]
    assert sp302["suggestion"] == "Import Supplier, Gas Supplier, Electricity Distributor, Gas Transporter"
    assert by_key[("SP402", "clause 3.9.7", "1.3", 1, 5)]["suggestion"] == "3.9.1"
    assert by_key[("SP404", "fax", "3.9", None, None)]["suggestion"] == "email"
    tls = [f for key, f in by_key.items() if key[0] == "SP401"]
    assert sorted(r["row"] for f in tls for r in f["related"]) == [6, 8]  # each definition points at the other


def test_readme_spec_table_matches_the_report():
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    table = []
    for rule, where in re.findall(r"^\| \d+ \|[^|]+\| (SP\d{3}) \| (§[^|]+) \|$", text, re.MULTILINE):
        match = re.fullmatch(r"§([\d.]+)(?: table (\d+))?(?: rows? ([\d, –]+))?", where.strip())
        assert match, where
        section, table_no, rows = match.groups()
        if rows and "–" in rows:
            first, last = rows.split("–")
            numbers: list[int | None] = list(range(int(first), int(last) + 1))
        elif rows:
            numbers = [int(r) for r in rows.split(",")]
        else:
            numbers = [None]
        table += [(rule, section, int(table_no) if table_no else None, n) for n in numbers]
    actual = [(rule, section, table_no, row) for rule, _, section, table_no, row in PLANTED]
    assert sorted(table, key=str) == sorted(actual, key=str)


def test_committed_docx_is_a_fresh_build_of_the_markdown(tmp_path):
    fresh = build_demo_docx(SPEC_MD, tmp_path / "fresh.docx")
    with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(SPEC_DOCX) as committed:
        members = {info.filename: new.read(info) for info in new.infolist()}
        assert members == {info.filename: committed.read(info) for info in committed.infolist()}, (
            "the .docx drifted from the .md: run `make demo-docx`"
        )
    assert fresh.read_bytes() == SPEC_DOCX.read_bytes()  # same parts; the zip itself is deterministic too


def test_docx_headings_are_numbered_by_word_lists_not_typed():
    with zipfile.ZipFile(SPEC_DOCX) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        numbering = etree.fromstring(archive.read("word/numbering.xml"))
    headings = [p for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
                and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val").startswith("Heading")]  # fmt: skip
    assert len(headings) > 30
    for paragraph in headings:
        assert paragraph.find(f"{W}pPr/{W}numPr/{W}numId") is not None
        assert not re.match(r"\d", "".join(paragraph.itertext())), "no typed heading numbers"
    assert len(numbering.findall(f".//{W}startOverride")) >= 3  # 1 -> 1.3, 3.5.2 -> 3.5.10, ...


def extract(spec: Path) -> dict:
    result = cli("extract", spec, "--format", "json")
    assert result.code == 0, result.err
    return result.json()


def test_extract_gives_the_docx_the_section_numbers_of_the_md():
    md = [(s["number"], s["title"], s["level"]) for s in extract(SPEC_MD)["sections"]]
    docx = [(s["number"], s["title"], s["level"]) for s in extract(SPEC_DOCX)["sections"]]
    assert docx == md
    numbers = [number for number, _, _ in md]
    assert {"1.3", "3.5.2", "3.5.10", "3.8", "3.8.9.2", "3.9.1"} <= set(numbers)
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("spec", [SPEC_MD, SPEC_DOCX], ids=["md", "docx"])
def test_the_text_before_the_tracked_changes_lacks_what_they_brought_in(reports, spec):
    """The demo's redline deletes the E64 row, inserts a second LowerBandChannels0To26 row and replaces 'email' by
    'Fax': the accepted view (the default) has those findings, `--revisions original` does not, and nothing else
    differs."""
    original = check_json(DEMO, extra=("--spec", str(spec), "--spec", str(MATRIX), "--revisions", "original"))
    accepted = {(f["rule"], f["subject"]) for f in reports[spec.suffix]["findings"] if is_spec(f, spec)}
    before = {(f["rule"], f["subject"]) for f in original["findings"] if is_spec(f, spec)}
    assert accepted - before == CHANGED_BY_REVISIONS
    assert before - accepted == set()


def test_the_docx_carries_the_redline_as_word_tracked_changes():
    with zipfile.ZipFile(SPEC_DOCX) as docx:
        body = etree.fromstring(docx.read("word/document.xml"))
    deleted = "".join(body.xpath("//w:del//w:delText/text()", namespaces={"w": W[1:-1]}))
    inserted = "".join(body.xpath("//w:ins//w:t/text()", namespaces={"w": W[1:-1]}))
    assert "E64" in deleted and "email" in deleted
    assert "LowerBandChannels0To26" in inserted and "Fax" in inserted
    assert body.xpath("//w:trPr/w:ins", namespaces={"w": W[1:-1]}) and body.xpath("//w:trPr/w:del",
                                                                                  namespaces={"w": W[1:-1]})  # fmt: skip

"""`--format housekeeping` and `--format housekeeping-docx`: the SECAS housekeeping log ("Summary of error | Sections
affected | Proposed change"), read as SECAS would read it: one row per finding, grouped by document, each row
saying where in the document and what to change; the Word table opens in python-docx and LibreOffice and says the
same rows as the Markdown, byte for byte the same on every run.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from duislint.findings import Finding, Location, NotChecked, Report, Severity
from duislint.fix.edits import Applicability, Fix
from duislint.report import housekeeping, housekeeping_docx
from duislint.report.formats import Options
from tests.conftest import ROOT, office_text
from tests.helpers import cli

DEMO = ROOT / "schemas" / "demo"
SPECS = ("DUIS Demo Specification V9.1.docx", "service-request-matrix.json", "Demo SEC Section A.md",
         "Demo SEC Section H.md")  # fmt: skip
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def demo(*args: str | Path) -> list[str | Path]:
    specs: list[str | Path] = []
    for name in SPECS:
        specs += ["--spec", DEMO / name]
    return ["check", DEMO, *specs, "--fail-on", "never", *args]


@pytest.fixture(scope="module")
def demo_json() -> dict:
    run = cli(*demo("--format", "json"))
    assert run.code == 0, run.err
    return run.json()


@pytest.fixture(scope="module")
def demo_logs(tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("logs")
    run = cli(*demo("--format", "housekeeping", "-o", out / "log.md", "--format", "housekeeping-docx", "-o",
                    out / "log.docx"))  # fmt: skip
    assert run.code == 0, run.err
    return (out / "log.md").read_text(encoding="utf-8"), out / "log.docx"


def markdown_groups(text: str) -> list[tuple[str, list[tuple[str, ...]]]]:
    """The log's groups as a reader sees them: each heading, and its table's rows with the escapes undone."""
    groups: list[tuple[str, list[tuple[str, ...]]]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            groups.append((unescape(line[3:]), []))
        elif line.startswith("| ") and groups:
            cells = tuple(unescape(c.strip()) for c in re.split(r"(?<!\\)\|", line.strip()[1:-1]))
            if cells != housekeeping.COLUMNS:
                groups[-1][1].append(cells)
    return groups


def unescape(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text.replace("<br>", "\n")))


def docx_rows(data: bytes) -> list[tuple[str, ...]]:
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    (table,) = body.iter(f"{W}tbl")
    return [tuple(words(cell) for cell in row.iter(f"{W}tc")) for row in table.iter(f"{W}tr")]


def words(element: etree._Element) -> str:
    """The text as Word shows it: its runs' text, a line break (w:br) as a new line."""
    return "".join("\n" if e.tag == f"{W}br" else e.text or "" for e in element.iter(f"{W}t", f"{W}br"))


# --- the Markdown log of the demo -------------------------------------------------------------------------------


def test_the_markdown_log_has_one_row_per_finding_in_document_order(demo_json, demo_logs):
    text, _ = demo_logs
    rows = [row for _, group in markdown_groups(text) for row in group]
    assert [row[0] for row in rows] == [f["message"] for f in demo_json["findings"]]
    assert all(len(row) == 3 for row in rows)


def test_the_log_is_grouped_by_document(demo_json, demo_logs):
    text, _ = demo_logs
    groups = markdown_groups(text)
    paths = list(dict.fromkeys(Path(f["location"]["path"]).name for f in demo_json["findings"]))
    assert [title.rsplit("(", 1)[-1].rstrip(")") if "(" in title else title for title, _ in groups] == paths
    assert groups[0][0] == "Appendix AD (DUIS Demo Specification V9.1.docx)"
    assert "Section H (Demo SEC Section H.md)" in [title for title, _ in groups]


def test_a_row_names_the_clause_as_secas_writes_it_and_the_fix_as_its_change(demo_json, demo_logs):
    text, _ = demo_logs
    rows = {row[0]: row for _, group in markdown_groups(text) for row in group}
    (mandatory,) = [f for f in demo_json["findings"] if f["rule"] == "SP203" and "ScheduleEndDate" in f["message"]]
    description = mandatory["fix"]["description"]
    _, sections, change = rows[mandatory["message"]]
    assert sections == "Appendix AD Section 3.8.5.2 (table 13, row 2)"
    assert change == description[0].upper() + description[1:]
    (clause,) = [row for row in rows.values() if row[1] == "Section H2.1"]  # the clause carries its Section's letter
    assert "Major Security Incidents" in clause[0]
    assert any(row[1].startswith("DUIS Demo V9.1.xsd, line ") for row in rows.values())


def test_without_a_fix_the_change_is_the_suggestion_else_to_be_decided(demo_json, demo_logs):
    text, _ = demo_logs
    rows = [row for _, group in markdown_groups(text) for row in group]
    for finding, (_, _, change) in zip(demo_json["findings"], rows, strict=True):
        if finding.get("fix"):
            assert change.lower().startswith(finding["fix"]["description"].lower())
            assert change.endswith("(unsafe)") == (finding["fix"]["applicability"] == "unsafe")
        elif finding.get("suggestion"):
            assert change == f"Change to: {finding['suggestion']}"
        else:
            assert change == "To be decided"
    assert sum(change == "To be decided" for _, _, change in rows) > 0


def test_the_header_says_what_was_checked_and_what_was_not(demo_json, demo_logs):
    text, _ = demo_logs
    head = text.split("\n## ", 1)[0]
    assert f"{len(demo_json['inputs'])} input files" in head
    assert all(Path(i["path"]).name in unescape(head) for i in demo_json["inputs"])
    assert f"{len(demo_json['findings'])} findings" in head
    assert "**Not checked:**" in head and "SP511" in head  # the demo refers to Sections it was not given


# --- the Word log ----------------------------------------------------------------------------------------------


def test_the_word_log_is_a_valid_package_with_the_markdown_rows(demo_logs):
    text, docx = demo_logs
    data = docx.read_bytes()
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    names = package.namelist()
    assert names[0] == "[Content_Types].xml"
    for part in ("_rels/.rels", "word/document.xml", "word/styles.xml", "docProps/core.xml"):
        assert part in names
    for name in names:
        etree.fromstring(package.read(name))
    rows = docx_rows(data)
    assert rows[0] == housekeeping.COLUMNS
    assert rows[1:] == [row for _, group in markdown_groups(text) for row in group]


def test_the_word_log_repeats_a_bold_header_row_in_landscape(demo_logs):
    _, docx = demo_logs
    package = zipfile.ZipFile(docx)
    document = etree.fromstring(package.read("word/document.xml"))
    first = next(document.iter(f"{W}tr"))
    assert first.find(f"{W}trPr/{W}tblHeader") is not None
    styles = etree.fromstring(package.read("word/styles.xml"))
    (table_style,) = styles.xpath("//w:style[@w:styleId='HousekeepingLog']", namespaces={"w": W[1:-1]})
    assert table_style.find(f"{W}tblPr/{W}tblBorders/{W}insideH") is not None
    assert table_style.find(f"{W}tblStylePr/{W}rPr/{W}b") is not None
    assert document.find(f".//{W}sectPr/{W}pgSz").get(f"{W}orient") == "landscape"


def test_the_word_log_opens_in_python_docx(demo_logs):
    docx = pytest.importorskip("docx")
    text, path = demo_logs
    document = docx.Document(str(path))
    (table,) = document.tables
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert rows[1:] == [row for _, group in markdown_groups(text) for row in group]
    assert document.paragraphs[0].text == "Housekeeping log"


def test_the_word_log_is_byte_identical_across_runs(demo_logs, tmp_path):
    _, first = demo_logs
    again = tmp_path / "again.docx"
    assert cli(*demo("-o", again)).code == 0  # .docx names the Word log
    assert again.read_bytes() == first.read_bytes()
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zipfile.ZipFile(again).infolist())


def test_libreoffice_opens_the_word_log(demo_logs, tmp_path):
    _, docx = demo_logs
    converted = office_text(docx, tmp_path)
    assert "Summary of error" in converted and "Appendix AD Section 3.8.5.2 (table 13, row 2)" in converted


# --- failure reports -------------------------------------------------------------------------------------------


def test_a_run_that_fails_writes_logs_that_say_so(tmp_path):
    broken = tmp_path / "bad.xsd"
    broken.write_text("<xs:schema", encoding="utf-8")
    run = cli("check", broken, "--format", "housekeeping", "-o", tmp_path / "log.md", "--format",
              "housekeeping-docx", "-o", tmp_path / "log.docx")  # fmt: skip
    assert run.code == 2
    text = (tmp_path / "log.md").read_text(encoding="utf-8")
    assert "could not read its input" in text and "bad.xsd" in text and "|" not in text
    package = zipfile.ZipFile(tmp_path / "log.docx")
    said = words(etree.fromstring(package.read("word/document.xml")))
    assert "could not read its input" in said and "bad.xsd" in said and "Nothing was checked" in said


# --- where a report may go -------------------------------------------------------------------------------------


def test_a_housekeeping_log_may_be_named_md_and_md_alone_still_names_the_summary(tmp_path):
    schema = DEMO / "DUIS Demo V9.1.xsd"
    assert cli("check", schema, "--format", "housekeeping", "-o", tmp_path / "log.md", "--fail-on", "never").code == 0
    assert (tmp_path / "log.md").read_text(encoding="utf-8").startswith("# Housekeeping log")
    assert cli("check", schema, "--format", "housekeeping:" + str(tmp_path / "log.markdown"), "--fail-on", "never").code == 0
    assert cli("check", schema, "-o", tmp_path / "summary.md", "--fail-on", "never").code == 0
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("### duislint")


@pytest.mark.parametrize(("fmt", "name"), [("housekeeping", "log.html"), ("housekeeping-docx", "log.md")])
def test_a_suffix_that_names_another_format_is_still_refused(tmp_path, fmt, name):
    run = cli("check", DEMO / "DUIS Demo V9.1.xsd", "--format", fmt, "-o", tmp_path / name)
    assert run.code == 2 and "is the suffix of a" in run.err and len(run.err.splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_a_report_over_the_specification_is_refused_as_an_input_not_as_a_suffix(tmp_path):
    spec = tmp_path / "AD.docx"
    spec.write_bytes((DEMO / SPECS[0]).read_bytes())
    before = spec.read_bytes()
    run = cli("check", DEMO / "DUIS Demo V9.1.xsd", "--spec", spec, "--format", "markdown", "-o", spec)
    assert run.code == 2 and "it is an input of this run" in run.err and len(run.err.splitlines()) == 1
    assert spec.read_bytes() == before


def test_the_word_log_is_refused_on_a_terminal_before_anything_is_read(tmp_path):
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "duislint", "check", str(tmp_path / "missing.xsd"), "--format",
                                 "housekeeping-docx"], stdout=follower, stderr=subprocess.PIPE, text=True, timeout=60,
                                check=False)  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "-o FILE.docx" in result.stderr and "missing.xsd" not in result.stderr


def test_the_word_log_goes_down_a_pipe():
    result = subprocess.run([sys.executable, "-m", "duislint", "check", str(DEMO / "DUIS Demo V9.1.xsd"), "--format",
                             "housekeeping-docx", "--fail-on", "never"], capture_output=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert zipfile.ZipFile(io.BytesIO(result.stdout)).read("word/document.xml")


# --- the rows, from findings of every kind ---------------------------------------------------------------------


def finding(location: Location, message: str = "m", suggestion: str | None = None, fix: Fix | None = None) -> Finding:
    return Finding("SP999", Severity.WARNING, message, "s", location, suggestion=suggestion, fix=fix)


@pytest.mark.parametrize(("location", "expected"), [
    (Location("AD.docx", section="3.8.82.2", table=15, row=2, document="Appendix AD"),
     "Appendix AD Section 3.8.82.2 (table 15, row 2)"),
    (Location("h.md", line=9, section="H2.1", document="Section H"), "Section H2.1"),
    (Location("h.md", line=9, section="H17.5(a)", document="Section H"), "Section H17.5(a)"),
    (Location("a.md", section="Annex", document="Section A"), "Section A, Annex"),
    (Location("specs/DUIS Specification V5.4.docx", section="3.8.5.2", table=13),
     "DUIS Specification V5.4.docx Section 3.8.5.2 (table 13)"),
    (Location("schemas/DUIS Schema V5.4.xsd", line=1234), "DUIS Schema V5.4.xsd, line 1234"),
    (Location("matrix.csv", line=12), "matrix.csv, line 12"),
])  # fmt: skip
def test_sections_affected_name_the_document_and_clause(location, expected):
    assert housekeeping.sections_affected(location) == expected


def test_the_proposed_change_is_the_fix_else_the_suggestion_else_to_be_decided():
    where = Location("x.xsd", line=1)
    safe = Fix(Applicability.SAFE, "set Mandatory to 'No'", ())
    unsafe = Fix(Applicability.UNSAFE, "add a row for E64", ())
    assert housekeeping.proposed_change(finding(where, suggestion="ignored", fix=safe)) == "Set Mandatory to 'No'"
    assert housekeeping.proposed_change(finding(where, fix=unsafe)) == "Add a row for E64 (unsafe)"
    assert housekeeping.proposed_change(finding(where, suggestion="E64")) == "Change to: E64"
    assert housekeeping.proposed_change(finding(where)) == "To be decided"


def test_cells_are_escaped_and_duplicates_are_rows_of_their_own():
    where = Location("AD.docx", section="3.8.6.2", table=15, row=2, document="Appendix AD")
    message = "data item 'A|B' is listed again\nsee row 1 <b>"
    report = Report(findings=[finding(where, message), finding(where, message)])
    text = housekeeping.render_check(report, Options())
    rows = [line for line in text.splitlines() if line.startswith("| data item")]
    assert len(rows) == 2 and rows[0] == rows[1]
    assert r"'A\|B'" in rows[0] and "again<br>see row 1 &lt;b&gt;" in rows[0]
    assert markdown_groups(text)[0][1][0][0] == message
    assert docx_rows(housekeeping_docx.render_check(report, Options()))[1][0] == message


def test_an_incomplete_run_says_so_first_and_rules_not_run_are_named():
    report = Report(incomplete=["3 messages could not be validated"], not_run=["XS101", "SP203"],
                    unchecked=[NotChecked("SP511", 2, "clause reference(s) into documents not given (Section C)")])  # fmt: skip
    text = housekeeping.render_check(report, Options())
    assert text.splitlines()[2] == "**Incomplete:** 3 messages could not be validated."
    assert "**Not run:** 2 schema rule(s)" in text and "XS101, SP203" in text
    assert "**Not checked:** 2 clause reference(s)" in text and "No findings" in text and "| Summary" not in text
    package = zipfile.ZipFile(io.BytesIO(housekeeping_docx.render_check(report, Options())))
    said = words(etree.fromstring(package.read("word/document.xml")))
    assert "Incomplete: 3 messages could not be validated" in said and "Not run: " in said


def test_text_that_xml_cannot_hold_does_not_break_the_word_log():
    report = Report(findings=[finding(Location("x.xsd", line=1), "bad \x01 char \ud800 here")])
    rows = docx_rows(housekeeping_docx.render_check(report, Options()))
    assert rows[1][0] == "bad  char  here"


def test_findings_a_baseline_accepts_are_counted_not_listed():
    from duislint.findings import BaselineResult, fingerprints

    where = Location("x.xsd", line=1)
    findings = [finding(where, "kept"), finding(Location("x.xsd", line=2), "accepted")]
    accepted = frozenset(fingerprints(sorted(findings, key=Finding.sort_key))[1:])
    report = Report(findings=findings, baseline=BaselineResult("base.json", accepted, 1))
    text = housekeeping.render_check(report, Options())
    assert [row[0] for _, rows in markdown_groups(text) for row in rows] == ["kept"]
    assert "**Baseline:** 1 finding accepted by the baseline base.json, not listed." in text

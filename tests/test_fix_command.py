"""`duislint fix`: the findings' fixes written into a copy of the Word specification as tracked changes, checked as
a user would: the copy, read with its changes accepted, no longer has the fixed findings and has nothing new; read
as it was before them (`--revisions original`), it is the input; the input itself is never touched.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duislint.spec.markdown import apply_revisions
from tests.conftest import ROOT, office_text
from tests.demo_docx import build_demo_docx
from tests.helpers import check_json, cli

DEMO = ROOT / "schemas" / "demo"
SPEC_MD = DEMO / "DUIS Demo Specification V9.1.md"
SPEC_DOCX = DEMO / "DUIS Demo Specification V9.1.docx"
MATRIX = DEMO / "service-request-matrix.json"


def key(finding: dict) -> tuple:
    return finding["rule"], finding["subject"], finding["location"].get("section")


def findings_of(docx: Path, *extra: str) -> Counter:
    report = check_json(DEMO, extra=("--spec", str(docx), "--spec", str(MATRIX), *extra))
    return Counter(key(f) for f in report["findings"] if Path(f["location"]["path"]).name == docx.name)


def report_of(docx: Path) -> dict:
    return check_json(DEMO, extra=("--spec", str(docx), "--spec", str(MATRIX)))


@pytest.fixture
def plain_demo(tmp_path: Path) -> Path:
    """The demo's specification with its own tracked changes accepted, as Word: every fix can be written."""
    text = "\n".join(line for line in (apply_revisions(x, "accepted") for x in SPEC_MD.read_text().splitlines())
                     if line is not None)  # fmt: skip
    source = tmp_path / "spec.md"
    source.write_text(text + "\n", encoding="utf-8")
    return build_demo_docx(source, tmp_path / "DUIS Demo Specification.docx")


def fix(docx: Path, out: Path, *extra: str):  # noqa: ANN201
    return cli("fix", DEMO, "--spec", docx, "--spec", MATRIX, "-o", out, *extra)


def test_safe_fixes_clear_their_findings_and_add_none(plain_demo, tmp_path):
    before = report_of(plain_demo)
    safe = Counter(key(f) for f in before["findings"] if f.get("fix", {}).get("applicability") == "safe"
                   and Path(f["location"]["path"]).name == plain_demo.name)  # fmt: skip
    assert {rule for rule, _, _ in safe} == {"SP202", "SP203", "SP404"}
    out = tmp_path / "fixed.docx"
    run = fix(plain_demo, out)
    assert run.code == 0, run.err
    assert f"fixed {sum(safe.values())} of {sum(safe.values())} finding(s)" in run.err
    after = findings_of(out)
    assert after == findings_of(plain_demo) - safe  # the safe-fixed findings are gone, and nothing is new
    assert findings_of(out, "--revisions", "original") == findings_of(plain_demo, "--revisions", "original")


def test_unsafe_fixes_only_when_asked_and_what_they_leave_for_a_person(plain_demo, tmp_path):
    out = tmp_path / "fixed.docx"
    run = fix(plain_demo, out, "--unsafe-fixes")
    assert run.code == 0, run.err
    after = findings_of(out)
    assert ("SP101", "E64", "3.5.10") not in after and ("SP402", "clause 3.9.7", "1.3") not in after
    # the new row for E64 is marked for completion, and so reported as not specified until a person writes it
    assert ("SP103", "E64", "3.5.10") in after
    # correcting UpperBandChannels0To026 lists UpperBandChannels0To26 twice: why that fix is not safe
    assert ("SP202", "UpperBandChannels0To26", "3.8.6.2") in after
    assert findings_of(out, "--revisions", "original") == findings_of(plain_demo, "--revisions", "original")


def test_diff_prints_each_change_and_writes_nothing(plain_demo, tmp_path):
    run = cli("fix", DEMO, "--spec", plain_demo, "--spec", MATRIX, "--diff")
    assert run.code == 0, run.err
    assert "Appendix AD §3.8.5.2 table 13 row 2: SP203 (safe) set Mandatory to 'No'" in run.out
    assert "table 13 row 2 column 4: 'Yes' -> 'No'" in run.out
    assert re.search(r"^3 fix\(es\) would be written .* \(4 more with --unsafe-fixes\); nothing was written$",
                     run.out, re.M)  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["DUIS Demo Specification.docx", "spec.md"]


def test_the_copy_is_deterministic_and_records_the_author_and_date_asked_for(plain_demo, tmp_path):
    one, two, three = tmp_path / "1.docx", tmp_path / "2.docx", tmp_path / "3.docx"
    assert fix(plain_demo, one).code == fix(plain_demo, two).code == 0
    assert one.read_bytes() == two.read_bytes()
    assert fix(plain_demo, three, "--author", "SECAS", "--date", "2026-12-02T10:00:00Z").code == 0
    document = zipfile.ZipFile(three).read("word/document.xml").decode()
    assert 'w:author="SECAS"' in document and 'w:date="2026-12-02T10:00:00Z"' in document
    assert 'w:author="duislint"' in zipfile.ZipFile(one).read("word/document.xml").decode()


def test_the_demo_redline_s_own_changes_are_left_alone_and_said_so(tmp_path):
    given = tmp_path / "demo.docx"
    shutil.copy(SPEC_DOCX, given)
    digest = hashlib.sha256(given.read_bytes()).hexdigest()
    run = fix(given, tmp_path / "fixed.docx")
    assert run.code == 0  # the copy is written; each refused fix is said, and its finding stays for a person
    assert "SP202 not fixed: row 2 of table 15 is already in a tracked insertion by duislint tests" in run.err
    assert "fixed 1 of 3 finding(s)" in run.err
    assert hashlib.sha256(given.read_bytes()).hexdigest() == digest  # the input is untouched


@pytest.mark.parametrize("out", ["same", "link"])
def test_the_copy_never_replaces_the_input(plain_demo, tmp_path, out):
    target = plain_demo
    if out == "link":
        target = tmp_path / "link.docx"
        target.symlink_to(plain_demo)
    digest = hashlib.sha256(plain_demo.read_bytes()).hexdigest()
    run = fix(plain_demo, target)
    assert run.code == 2 and "is an input of this run" in run.err and len(run.err.strip().splitlines()) == 1
    assert hashlib.sha256(plain_demo.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    "args, said",
    [
        (("--spec", str(MATRIX), "-o", "x.docx"), "give the Word specification to fix"),
        (("--spec", str(SPEC_DOCX)), "give -o OUT.docx"),
        (("--spec", str(SPEC_DOCX), "-o", "x.json"), "should end in .docx"),
        (("--spec", str(SPEC_DOCX), "-o", "x.docx", "--date", "yesterday"), "not a date and time"),
    ],
    ids=["no-docx", "no-output", "not-docx", "bad-date"],
)
def test_what_fix_cannot_do_is_one_line_and_exit_2(tmp_path, monkeypatch, args, said):
    monkeypatch.chdir(tmp_path)
    run = cli("fix", DEMO, *args)
    assert run.code == 2 and said in run.err and len(run.err.strip().splitlines()) == 1
    assert not (tmp_path / "x.docx").exists()


def test_rules_say_which_fix_they_offer():
    listing = cli("rules").out
    assert re.search(r"^SP203 .* \[\*\] ", listing, re.M) and re.search(r"^SP101 .* \[-\] ", listing, re.M)
    sp203 = cli("rules", "SP203", "--format", "json").json()[0]
    assert sp203["fix"]["kinds"] == ["safe"] and "minOccurs" in sp203["fix"]["does"]
    assert cli("rules", "SP103", "--format", "json").json()[0]["fix"] is None


def test_reports_mark_and_count_the_fixable_findings(plain_demo):
    text = cli("check", DEMO, "--spec", plain_demo, "--spec", MATRIX, "--fail-on", "never").out
    assert "SP203 [*] data item 'ScheduleEndDate'" in text and "SP101 [-] response code E64" in text
    # the specification's three safe fixes and the schema's (XS002, `duislint fix --xsd`)
    assert "[*] 4 fixable with `duislint fix` (4 more with `duislint fix --unsafe-fixes`)" in text
    assert report_of(plain_demo)["fixable"] == {"safe": 4, "unsafe": 4}


def test_the_copy_opens_in_libreoffice_without_repair(plain_demo, tmp_path):
    out = tmp_path / "fixed.docx"
    assert fix(plain_demo, out, "--unsafe-fixes").code == 0
    text = office_text(out, tmp_path)
    assert "ScheduleEndDate" in text and "[to be completed]" in text


def test_the_copy_opens_in_python_docx(plain_demo, tmp_path):
    docx = pytest.importorskip("docx")
    out = tmp_path / "fixed.docx"
    assert fix(plain_demo, out, "--unsafe-fixes").code == 0
    document = docx.Document(str(out))
    assert any("ScheduleEndDate" in cell.text for table in document.tables for row in table.rows for cell in row.cells)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_fix_on_mutated_documents_never_crashes_and_writes_a_valid_package(plain_demo, tmp_path, data):
    package = zipfile.ZipFile(plain_demo)
    xml = package.read("word/document.xml")
    cut = data.draw(st.integers(0, len(xml) - 1))
    mutation = data.draw(st.sampled_from(["drop", "insert", "truncate"]))
    if mutation == "drop":
        xml = xml[:cut] + xml[cut + data.draw(st.integers(1, 200)) :]
    elif mutation == "insert":
        xml = xml[:cut] + data.draw(st.sampled_from([b"<w:tr/>", b"<w:p>", b"</w:tc>", b"&amp;", b"<w:del/>"])) + xml[cut:]
    else:
        xml = xml[:cut]
    mutated = tmp_path / "mutated.docx"
    with zipfile.ZipFile(mutated, "w") as out:
        for item in package.infolist():
            out.writestr(item, xml if item.filename == "word/document.xml" else package.read(item.filename))
    target = tmp_path / "out.docx"
    target.unlink(missing_ok=True)
    run = cli("fix", DEMO, "--spec", mutated, "--spec", MATRIX, "-o", target, "--unsafe-fixes")
    assert run.code in (0, 1, 2) and "internal error" not in run.err and "Traceback" not in run.err
    if run.code == 2:
        assert len(run.err.strip().splitlines()) == 1
    if target.exists():
        with zipfile.ZipFile(target) as written:
            assert written.testzip() is None
            assert written.read("word/document.xml")


# --- schemas: the smallest text edit -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["5.1", "5.4"])  # 5.1's DUIS file has CRLF line ends
def test_the_real_raw_space_import_is_percent_encoded_and_every_other_byte_kept(tmp_path, version):
    from tests.conftest import duis_data

    given = duis_data() / "schemas" / version
    out = tmp_path / "fixed"
    run = cli("fix", given, "--xsd", "-o", out)
    assert run.code == 0, run.err
    assert "fixed 1 of 1 finding(s) in 1 schema document(s)" in run.err
    names = sorted(p.name for p in given.iterdir() if p.suffix == ".xsd")
    assert sorted(p.name for p in out.iterdir()) == names
    duis = f"DUIS Schema V{version}.xsd"
    before, after = (given / duis).read_bytes(), (out / duis).read_bytes()
    assert after == before.replace(b'schemaLocation="MMC Schema', b'schemaLocation="MMC%20Schema', 1).replace(
        f"MMC%20Schema V{version}.xsd".encode(), f"MMC%20Schema%20V{version}.xsd".encode(), 1)
    assert all((out / n).read_bytes() == (given / n).read_bytes() for n in names if n != duis)
    assert "XS002" not in {f["rule"] for f in check_json(out)["findings"]}


def test_write_fixes_the_schemas_in_place_and_diff_only_shows(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    for schema in DEMO.glob("*.xsd"):
        shutil.copy(schema, folder / schema.name)
    shown = cli("fix", folder, "--xsd", "--diff")
    assert shown.code == 0 and "XS002 (safe) percent-encode the schemaLocation as 'MMC%20Demo%20V9.1.xsd'" in shown.out
    assert b"MMC Demo V9.1.xsd" in (folder / "DUIS Demo V9.1.xsd").read_bytes()  # --diff writes nothing
    run = cli("fix", folder, "--xsd", "--write")
    assert run.code == 0, run.err
    assert b'schemaLocation="MMC%20Demo%20V9.1.xsd"' in (folder / "DUIS Demo V9.1.xsd").read_bytes()
    assert "XS002" not in {f["rule"] for f in check_json(folder)["findings"]}
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in DEMO.glob("*.xsd"))  # no temp files


def test_xsd_fixes_need_one_destination(tmp_path):
    for extra in ((), ("--write", "-o", str(tmp_path / "x"))):
        run = cli("fix", DEMO, "--xsd", *extra)
        assert run.code == 2 and "give one of -o FOLDER" in run.err
    assert not (tmp_path / "x").exists()

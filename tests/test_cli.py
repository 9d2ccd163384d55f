"""The command line as a user drives it: exit codes, input errors, rule selection, outputs, `rules`, `--version`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import duislint
from duislint.rules import all_rules
from tests.conftest import RA_NS, sr_schema
from tests.helpers import Run, cli, line_of

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


def check(*args: str) -> Run:
    return cli("check", *args)


def rules_in(stdout: str) -> set[str]:
    return {f["rule"] for f in json.loads(stdout)["findings"]}


def assert_one_line_error(err: str) -> None:
    assert err.startswith("duislint")
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err


# --- exit codes ---------------------------------------------------------------------------------------------------


def test_clean_set_exits_0_and_says_so(write):
    result = check(str(write("duis.xsd", CLEAN)))

    assert result.code == 0
    assert "no findings" in result.out
    assert result.err == ""


def test_error_finding_exits_1_by_default(write):
    result = check(str(write("duis.xsd", WITH_ERROR)))

    assert result.code == 1
    assert "XS101" in result.out and "duis.xsd" in result.out


def test_fail_on_never_exits_0_even_with_errors(write):
    code = check(str(write("duis.xsd", WITH_ERROR)), "--fail-on", "never").code

    assert code == 0


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_warning_finding_fails_only_at_warning_or_below(write, fail_on, expected):
    code = check(str(write("duis.xsd", WITH_WARNING_ONLY)), "--fail-on", fail_on).code

    assert code == expected


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 0), ("info", 1), ("never", 0)])
def test_info_finding_fails_only_at_info(write, fail_on, expected):
    code = check(str(write("duis.xsd", WITH_INFO_ONLY)), "--fail-on", fail_on).code

    assert code == expected


# --- input errors: exit 2, one line naming file:line, never a traceback -------------------------------------------


def test_missing_path_exits_2():
    result = check("nope.xsd")

    assert result.code == 2
    assert result.out == ""
    assert_one_line_error(result.err)
    assert "nope.xsd: no such file or folder" in result.err


def test_not_well_formed_xsd_exits_2_naming_file_and_line(write):
    write("broken.xsd", NOT_WELL_FORMED)

    result = check("broken.xsd")

    assert result.code == 2
    assert result.out == ""
    assert_one_line_error(result.err)
    # libxml2 detects the unclosed <xs:element> at the closing </xs:schema>
    assert f"broken.xsd:{line_of(NOT_WELL_FORMED, '</xs:schema>')}: not well-formed XML" in result.err


def test_not_well_formed_imported_file_is_named_not_the_importing_one(write):
    entry = write(
        "duis.xsd",
        sr_schema(
            '<xs:element name="Request" type="xs:string"/>',
            imports=f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n',
        ),
    )
    write("mmc.xsd", NOT_WELL_FORMED)

    result = check(str(entry))

    assert result.code == 2
    assert_one_line_error(result.err)
    assert f"mmc.xsd:{line_of(NOT_WELL_FORMED, '</xs:schema>')}: not well-formed XML" in result.err


def test_file_whose_root_is_not_xs_schema_exits_2(write):
    text = '<?xml version="1.0"?>\n<Request xmlns="urn:example"/>\n'
    write("message.xsd", text)

    result = check("message.xsd")

    assert result.code == 2
    assert_one_line_error(result.err)
    assert f"message.xsd:{line_of(text, '<Request')}: not an XSD: root element is <Request>" in result.err


def test_import_whose_target_is_missing_exits_2_naming_the_import_line(write):
    text = sr_schema(
        '<xs:element name="Request" type="xs:string"/>',
        imports=f'<xs:import namespace="{RA_NS}" schemaLocation="gone.xsd"/>\n',
    )
    write("duis.xsd", text)

    result = check("duis.xsd")

    assert result.code == 2
    assert_one_line_error(result.err)
    assert f"duis.xsd:{line_of(text, '<xs:import')}: xs:import target 'gone.xsd' not found" in result.err


def test_empty_file_and_folder_without_xsd_exit_2(write, tmp_path):
    write("empty.xsd", "")
    (tmp_path / "docs").mkdir()

    for path, message in (("empty.xsd", "empty.xsd: empty file"), ("docs", "docs: folder holds no .xsd file")):
        result = check(path)
        assert result.code == 2
        assert_one_line_error(result.err)
        assert message in result.err


def test_spec_that_is_not_a_matrix_file_exits_2(write):
    schema = write("duis.xsd", CLEAN)
    write("spec.txt", "DUIS v5")

    result = check(str(schema), "--spec", "spec.txt")

    assert result.code == 2
    assert_one_line_error(result.err)
    assert "spec.txt" in result.err


def test_matrix_that_is_not_valid_json_exits_2_naming_its_line(write):
    schema = write("duis.xsd", CLEAN)
    write(
        "matrix.json",
        '[\n  {"Service Request Name": "Update Meter Balance",\n  "Service Reference Variant" "1.5"}\n]\n',
    )

    result = check(str(schema), "--spec", "matrix.json")

    assert result.code == 2
    assert_one_line_error(result.err)
    assert "matrix.json:3: not valid JSON" in result.err


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
def test_select_and_ignore_by_id_prefix_or_name(write, option, pattern, expected):
    schema = write("duis.xsd", WITH_ONE_OF_EACH)

    result = check(str(schema), "--format", "json", "--fail-on", "never", option, pattern)

    assert result.code == 0
    assert rules_in(result.out) == expected


def test_without_selection_every_rule_runs(write):
    out = check(str(write("duis.xsd", WITH_ONE_OF_EACH)), "--format", "json").out

    assert rules_in(out) == {"XS101", "XS203", "XS301"}


def test_select_and_ignore_combine_and_repeat(write):
    schema = write("duis.xsd", WITH_ONE_OF_EACH)

    out = check(str(schema), "--format", "json", "--select", "XS1", "--select", "XS3", "--ignore", "XS101").out

    assert rules_in(out) == {"XS301"}


def test_ignoring_the_only_error_rule_makes_the_run_pass(write):
    code = check(str(write("duis.xsd", WITH_ERROR)), "--ignore", "XS101", "--ignore", "XS001").code

    assert code == 0


def test_unknown_rule_in_select_exits_2(write):
    result = check(str(write("duis.xsd", CLEAN)), "--select", "XS999")

    assert result.code == 2
    assert result.out == ""
    assert_one_line_error(result.err)
    assert "unknown rule 'XS999'" in result.err


# --- outputs --------------------------------------------------------------------------------------------------------


def test_two_format_output_pairs_write_both_files_and_nothing_to_stdout(write, tmp_path):
    schema = write("duis.xsd", WITH_ERROR)

    result = check(str(schema), "--format", "json", "-o", "out/report.json", "--format", "text", "-o", "out/report.txt")

    assert result.code == 1
    assert result.out == ""
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in report["findings"]] == ["XS101"]
    text = (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")
    assert "XS101" in text and "duis.xsd" in text
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "report.txt"]


def test_output_into_a_folder_that_does_not_exist_yet_creates_it(write, tmp_path):
    schema = write("duis.xsd", CLEAN)

    code = check(str(schema), "--format", "json", "-o", "reports/nightly/duislint.json").code

    assert code == 0
    assert json.loads((tmp_path / "reports" / "nightly" / "duislint.json").read_text())["findings"] == []


def test_format_without_output_goes_to_stdout_next_to_a_file_output(write, tmp_path):
    schema = write("duis.xsd", WITH_ERROR)

    out = check(str(schema), "--format", "json", "-o", "report.json", "--format", "text").out

    assert (tmp_path / "report.json").is_file()
    assert "XS101" in out and not out.lstrip().startswith("{")


def test_an_output_with_no_format_and_no_known_suffix_exits_2(write, tmp_path):
    result = check(str(write("duis.xsd", CLEAN)), "--format", "json", "-o", "a.json", "-o", "b.log")

    assert result.code == 2
    assert_one_line_error(result.err)
    assert "b.log" in result.err and "--format" in result.err
    assert not (tmp_path / "a.json").exists()  # nothing is written when the command line is refused


def test_failed_load_writes_a_report_naming_the_input_never_a_stale_or_clean_one(write, tmp_path):
    """A CI job that keeps the report must not find an old clean one, nor an empty one: it finds the failure."""
    write("broken.xsd", NOT_WELL_FORMED)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "report.json").write_text("previous report\n")

    code = check("broken.xsd", "--format", "json", "-o", "old/report.json").code
    assert code == 2
    failure = json.loads((tmp_path / "old" / "report.json").read_text())
    assert failure["error"]["path"] == "broken.xsd" and failure["complete"] is False
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["report.json"]  # nothing half-written beside it


def test_text_is_coloured_only_when_asked(write):
    schema = str(write("duis.xsd", WITH_ERROR))

    plain = check(schema).out
    coloured = check(schema, "--color").out
    forced_plain = check(schema, "--no-color").out

    assert "\x1b[" not in plain and "\x1b[" not in forced_plain
    assert "\x1b[" in coloured


# --- rules and version ---------------------------------------------------------------------------------------------


def test_rules_lists_every_rule_id():
    result = cli("rules")

    assert result.code == 0
    families = ("XS", "DU", "SP", "MS", "NM", "BR")
    listed = {line.split()[0] for line in result.out.splitlines() if line[:2] in families}
    assert listed == {r.id for r in all_rules()}
    assert {r.id[:2] for r in all_rules()} == set(families)


def test_rules_explains_one_rule_with_why_bad_and_good():
    result = cli("rules", "XS203")
    out = result.out

    assert result.code == 0
    assert out.startswith("XS203 repeated-element-name (warning")
    why, bad, good = out.index("Why it matters"), out.index("\nBad\n"), out.index("\nGood\n")
    assert why < bad < good
    assert "LowerBandSubGHzChannels0To26" in out[bad:good]
    assert "UpperBandSubGHzChannels0To26" in out[good:]


@pytest.mark.parametrize("name", ["repeated-element-name", "xs203"])
def test_rules_finds_a_rule_by_name_or_lower_case_id(name):
    result = cli("rules", name)
    assert result.code == 0
    assert result.out.startswith("XS203 ")


def test_rules_unknown_rule_exits_2():
    result = cli("rules", "XS999")
    assert result.code == 2
    assert_one_line_error(result.err)
    assert "unknown rule 'XS999'" in result.err


def test_every_rule_documents_why_with_a_bad_and_a_good_example():
    result = cli("rules", "--format", "json")
    assert result.code == 0
    documented = result.json()

    assert {r["id"] for r in documented} == {r.id for r in all_rules()}
    assert any(r["id"].startswith("BR") for r in documented)  # check and diff rules alike
    for r in documented:
        assert r["summary"] and r["why"] and r["bad"] and r["good"], r["id"]
        if r["kind"] == "check":
            assert r["severity"] in ("error", "warning", "info")
        else:
            assert {r["impact"]["request"], r["impact"]["response"]} <= {"breaking", "potentially-breaking",
                                                                          "non-breaking"}  # fmt: skip


def test_version_prints_the_package_version():
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"duislint {duislint.__version__}"


def test_python_dash_m_duislint_reports_its_version():
    result = subprocess.run(
        [sys.executable, "-m", "duislint", "--version"], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"duislint {duislint.__version__}"


def test_every_rule_is_in_the_module_the_rule_index_names():
    """`--select MS` imports only the message rules: the ID-prefix index must place every rule, or it goes missing."""
    from duislint.rules import RULE_MODULES, _module_of, rules_for

    modules = {_module_of(rule) for rule in all_rules()}
    assert set(RULE_MODULES.values()) == modules
    for rule in all_rules():
        assert rule in rules_for([rule.id]), rule.id
        assert rule in rules_for([rule.id[:2]]), rule.id


@pytest.mark.parametrize(("patterns", "expected"), [(["MS"], {"messages"}), (["XS1", "SP203"], {"references", "spec_items"}),
                                                     (["BR1"], {"diff.rules"}), (["repeated-element-name"], None)])  # fmt: skip
def test_selecting_by_id_prefix_names_only_its_modules_and_a_name_all(patterns, expected):
    from duislint.rules import RULE_MODULES, _module_of, rules_for

    modules = {_module_of(rule) for rule in rules_for(patterns)}
    expected = {f"duislint.{m}" if "." in m else f"duislint.rules.{m}" for m in expected} if expected else None
    assert modules == (expected or set(RULE_MODULES.values()))


VERBS = ("check", "graph", "refs", "diff", "extract", "rules")


def test_help_and_a_mistyped_verb_name_every_verb():
    """A run builds only its own verb's options; help and a typo must still show them all."""
    helped, mistyped = cli("--help"), cli("chek", "schemas")
    assert helped.code == 0 and mistyped.code == 2
    help_text, err = helped.out, mistyped.err

    assert all(verb in help_text for verb in VERBS)
    assert_one_line_error(err)
    assert "invalid choice: 'chek'" in err and all(f"'{verb}'" in err for verb in VERBS)


@pytest.mark.parametrize("verb", VERBS)
def test_each_verb_has_its_help(verb):
    result = cli(verb, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: duislint {verb} ")


# --- where reports go ---------------------------------------------------------------------------------------------


def test_output_that_cannot_be_written_is_a_one_line_error(write, tmp_path):
    (tmp_path / "taken").mkdir()
    result = check(str(write("duis.xsd", CLEAN)), "--format", "json", "-o", str(tmp_path / "taken"))

    assert result.code == 2
    assert_one_line_error(result.err)
    assert "taken: cannot write: it is a folder" in result.err


def test_one_output_that_cannot_be_written_leaves_every_output_as_it_was(write, tmp_path):
    """All reports or none: the good ones are not written either, and an existing one is not touched."""
    (tmp_path / "afile").write_text("a file", encoding="utf-8")
    earlier = tmp_path / "report.json"
    earlier.write_text("earlier", encoding="utf-8")
    result = check(str(write("duis.xsd", CLEAN)), "--format", "json", "-o", str(earlier),
                   "--format", "text", "-o", str(tmp_path / "afile" / "x.txt"),
                   "--format", "markdown", "-o", str(tmp_path / "new" / "c.md"))  # fmt: skip

    assert result.code == 2
    assert_one_line_error(result.err)
    assert "x.txt: cannot write:" in result.err and "afile is a file, not a folder" in result.err
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


def test_output_through_a_link_writes_the_file_and_keeps_the_link(write, tmp_path):
    report, link = tmp_path / "report.json", tmp_path / "latest.json"
    report.write_text("old", encoding="utf-8")
    link.symlink_to(report)

    assert check(str(write("duis.xsd", CLEAN)), "--format", "json", "-o", str(link)).code == 0
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
    code = cli("check", write("duis.xsd", CLEAN), "--format", "json", "-o", fifo).code
    reader.join(timeout=30)

    assert code == 0
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["findings"] == []

"""Which report goes where (issue 16, items 3, 5 and 6): `-o` belongs to the `--format` before it, FORMAT:FILE pairs
in one, a known suffix names the format, a contradicting suffix is refused; `--messages` takes one path and
searches folders; `diff` writes the gate formats."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT, duis_data, sr_schema
from tests.helpers import cli
from tests.test_gate import sarif_validator

pytestmark = pytest.mark.usefixtures("in_fixture_folder")

SCHEMA = sr_schema('<xs:element name="Request" type="sr:Missing"/>')  # one XS101 error


@pytest.fixture
def schema() -> str:
    Path("sr.xsd").write_text(SCHEMA, encoding="utf-8")
    return "sr.xsd"


def test_output_belongs_to_the_format_just_before_it(schema):
    """The GitHub Actions habit that used to write GitHub commands into the SARIF file."""
    result = cli("check", schema, "--format", "github", "--format", "sarif", "-o", "x.sarif")

    assert result.code == 1, result.err
    assert result.out.startswith("::error ")  # github to stdout
    assert json.loads(Path("x.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


@pytest.mark.parametrize(("args", "expected"), [
    (("-o", "r.sarif"), "sarif"), (("-o", "r.json"), "json"), (("-o", "r.xml"), "junit"), (("-o", "r.md"), "markdown"),
    (("-o", "r.html"), "html"), (("-o", "r.txt"), "text"), (("--format", "json:r.out"), "json"),
    (("--format", "sarif", "-o", "r.out"), "sarif"),
])  # fmt: skip
def test_a_known_suffix_or_a_colon_names_the_format(schema, args, expected):
    result = cli("check", schema, *args)

    assert result.code == 1, result.err
    assert result.out == ""  # the one report went to its file
    written = next(p for p in Path(".").iterdir() if p.name.startswith("r."))
    text = written.read_text(encoding="utf-8")
    looks = {"sarif": '"version": "2.1.0"', "json": '"findings"', "junit": "<testsuites", "markdown": "### duislint",
             "html": "<!DOCTYPE html>", "text": "1 finding"}  # fmt: skip
    assert looks[expected] in text


@pytest.mark.parametrize("args", [("--format", "github", "-o", "x.sarif"), ("--format", "json:x.html"),
                                  ("--format", "junit", "-o", "x.json")])  # fmt: skip
def test_a_suffix_that_contradicts_its_format_is_refused(schema, args):
    result = cli("check", schema, *args)

    assert result.code == 2
    [line] = result.err.splitlines()
    assert "suffix" in line and not list(Path(".").glob("x.*"))


def test_an_unknown_format_is_refused_with_a_suggestion(schema):
    result = cli("check", schema, "--format", "sarf")

    assert result.code == 2 and "did you mean sarif?" in result.err


def test_messages_take_one_path_each_and_folders_are_searched_with_their_subfolders():
    data = duis_data()
    Path("messages/a/b").mkdir(parents=True)
    requests = sorted((data / "messages" / "requests-5.4").iterdir())[:3]
    shutil.copy(requests[0], "messages/one.xml")
    shutil.copy(requests[1], "messages/a/two.XML")
    shutil.copy(requests[2], "messages/a/b/three.xml")
    Path("messages/a/notes.txt").write_text("not a message", encoding="utf-8")

    result = cli("check", "--messages", "messages", str(data / "schemas" / "5.4"), "--select", "MS",
                 "--format", "json")  # fmt: skip

    assert result.code == 0, result.err  # the schema PATH after --messages DIR is the schema, not a message
    read = [i["path"] for i in result.json()["inputs"] if i["kind"] == "message"]
    assert read == ["messages/a/b/three.xml", "messages/a/two.XML", "messages/one.xml"]


# --- diff gate formats ----------------------------------------------------------------------------------------------


@pytest.fixture
def uplift() -> tuple[str, str]:
    shutil.copytree(ROOT / "schemas" / "demo" / "9.0", "old")
    Path("new").mkdir()
    for name in ("DUIS Demo V9.1.xsd", "MMC Demo V9.1.xsd"):
        shutil.copy(ROOT / "schemas" / "demo" / name, Path("new") / name)
    return "old", "new"


def test_diff_sarif_is_valid_and_locates_changes_at_the_new_line(uplift):
    old, new = uplift
    result = cli("diff", old, new, "-o", "changes.sarif", "--fail-on", "never")

    assert result.code == 0, result.err
    sarif = json.loads(Path("changes.sarif").read_text(encoding="utf-8"))
    sarif_validator().validate(sarif)
    results = sarif["runs"][0]["results"]
    json_changes = cli("diff", old, new, "--format", "json", "--fail-on", "never").json()["changes"]
    assert len(results) == len(json_changes)
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["BR114"] == "error" and levels["BR113"] == "warning"  # the SubGHz slip; a code added
    located = [r["locations"][0]["physicalLocation"] for r in results if r["ruleId"] == "BR107"]
    assert located and located[0]["artifactLocation"]["uri"].startswith("new/")
    assert {d["id"] for d in sarif["runs"][0]["tool"]["driver"]["rules"]} == {r["ruleId"] for r in results}


def test_diff_github_and_junit_annotate_breaking_changes(uplift):
    old, new = uplift
    github = cli("diff", old, new, "--format", "github", "--fail-on", "never")
    junit = cli("diff", old, new, "--format", "junit", "--fail-on", "never")

    errors = [line for line in github.out.splitlines() if line.startswith("::error ")]
    assert errors and all("file=new/" in line or "file=old/" in line for line in errors)
    suites = ET.fromstring(junit.out)
    assert int(suites.get("failures", "0")) == len(errors)  # one failure per breaking change


# --- what a CI log shows (issue 16, item 4) --------------------------------------------------------------------------


def test_a_gate_whose_reports_all_go_to_files_says_why_on_stderr_unless_quiet(schema):
    loud = cli("check", schema, "-o", "r.sarif")
    quiet = cli("check", schema, "-o", "r2.sarif", "--quiet")

    assert loud.code == quiet.code == 1
    assert loud.out == "" and loud.err == "duislint: 1 finding: 1 error(s), 0 warning(s), 0 info in 1 of 1 input file(s)\n"
    assert quiet.err == "" and quiet.out == ""


def test_statistics_count_findings_per_rule_most_first(schema):
    result = cli("check", schema, "--statistics")

    assert result.code == 1
    assert result.out.splitlines() == ["     1  XS101  unresolved-reference",
                                       "1 finding: 1 error(s), 0 warning(s), 0 info in 1 of 1 input file(s)"]  # fmt: skip


def test_show_settings_names_the_configuration_file_and_checks_nothing(schema):
    Path("duislint.toml").write_text('select = ["XS1"]\nfail-on = "warning"\n', encoding="utf-8")

    result = cli("check", schema, "--show-settings", "-o", "r.json")

    assert result.code == 0, result.err
    assert "configuration: duislint.toml" in result.out and "select: XS1" in result.out
    assert "fail-on: warning" in result.out and "json -> r.json" in result.out and "rules (1): XS101" in result.out
    assert not Path("r.json").exists()


@pytest.mark.parametrize(("env", "coloured"), [({"FORCE_COLOR": "1"}, True), ({"TERM": "dumb"}, False),
                                                ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False)])  # fmt: skip
def test_colour_follows_force_color_no_color_and_term_dumb(schema, monkeypatch, env, coloured):
    for name in ("FORCE_COLOR", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert ("\x1b[" in cli("check", schema).out) is coloured


# --- graph on a terminal (issue 16, item 10) -------------------------------------------------------------------------


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run duislint with a pseudo-terminal as stdout (as a person at a shell does)."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "duislint", *args], stdout=follower, stderr=subprocess.PIPE,
                                text=True, timeout=60, check=False)  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    return result.returncode, result.stderr


def test_graph_asks_for_a_file_before_printing_megabytes_to_a_terminal(schema):
    code, err = _on_a_terminal("graph", schema)

    assert code == 2 and "-o FILE" in err and len(err.splitlines()) == 1


def test_graph_prints_to_a_terminal_when_asked_and_to_a_pipe_without_asking(schema):
    assert _on_a_terminal("graph", schema, "--format", "dot")[0] == 0
    piped = cli("graph", schema)  # captured: not a terminal
    assert piped.code == 0 and json.loads(piped.out)["directed"] is True


def test_every_option_of_every_verb_has_help_text():
    from duislint.cli import build_parser

    parser = build_parser()
    verbs = next(a for a in parser._actions if a.dest == "verb")  # noqa: SLF001 - argparse keeps its subparsers here
    for name, sub in verbs.choices.items():
        for action in sub._actions:  # noqa: SLF001
            if action.dest != "help":
                assert action.help, f"duislint {name} {action.option_strings or action.dest} has no help"

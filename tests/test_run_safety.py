"""A run never destroys what it reads and never says "clean" when it checked nothing (issue 17, items 1-3 and 5).

- no report, baseline or dump is written over one of the run's inputs, however the path names it (the same file
  through a link, a hard link, `./x`, a file only reached by an import), and two reports never share a file;
- a message gate whose schemas do not compile says the run is incomplete (exit 2, every report marked);
- every failure, of any kind, replaces the reports asked for with a failure report, never leaving yesterday's;
- a closed or full standard output is one clean line, and SIGTERM leaves no temporary file behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, sr_schema
from tests.helpers import assert_failure_report

DEMO = ROOT / "schemas" / "demo"
SPEC = "DUIS Demo Specification V9.1.docx"


def cli(*args: str | Path) -> tuple[int, str, str]:
    """The installed command in a process of its own (as a user or a CI job runs it)."""
    result = subprocess.run([sys.executable, "-m", "duislint", *map(str, args)], capture_output=True, text=True,
                            timeout=120, check=False)  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def refused(code: int, err: str, *names: str) -> None:
    """Exit 2 and one line on stderr naming what was refused."""
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    for name in names:
        assert name in err, err


@pytest.fixture
def demo(tmp_path, monkeypatch) -> Path:
    """A copy of the demo uplift (schemas, spec, matrix, previous release), the working directory."""
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)
    monkeypatch.chdir(copy)
    return copy


def fingerprint(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- 1. an output never replaces an input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "victim"),
    [
        (("check", ".", "--spec", SPEC, "--format", "json", "-o", SPEC), SPEC),
        (("diff", "9.0", ".", "--format", "text", "-o", "9.0/DUIS Demo V9.0.xsd"), "9.0/DUIS Demo V9.0.xsd"),
        (("diff", "9.0", ".", "--format", "json:DUIS Demo V9.1.xsd"), "DUIS Demo V9.1.xsd"),
        (("check", ".", "--baseline", "MMC Demo V9.1.xsd", "--update-baseline"), "MMC Demo V9.1.xsd"),
        (("extract", SPEC, "--format", "md", "-o", SPEC), SPEC),
        (("graph", ".", "--format", "json", "-o", "DUIS Demo V9.1.xsd"), "DUIS Demo V9.1.xsd"),
        (("check", ".", "--spec", "service-request-matrix.json", "-o", "service-request-matrix.json"),
         "service-request-matrix.json"),
    ],
    ids=["check-spec", "diff-old-side", "diff-format-colon-path", "baseline", "extract", "graph", "matrix-by-suffix"],
)
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(demo, args, victim):
    before = fingerprint(demo)

    code, out, err = cli(*args)

    refused(code, err, victim.rsplit("/", 1)[-1], "input")
    assert fingerprint(demo) == before  # nothing written, nothing replaced, no temporary file left


def test_an_input_is_recognised_through_a_link_a_hard_link_and_another_spelling(demo):
    os.symlink(demo / SPEC, demo / "spec-link.docx")
    os.link(demo / "DUIS Demo V9.1.xsd", demo / "hard.xsd.bak")
    before = fingerprint(demo)

    for target in ("spec-link.docx", f"./{SPEC}", f"../demo/{SPEC}", "hard.xsd.bak"):
        code, _, err = cli("check", ".", "--spec", SPEC, "--format", "json", "-o", target)
        refused(code, err, "input")
    assert fingerprint(demo) == before


def test_a_file_read_only_through_an_import_is_an_input_too(tmp_path, monkeypatch):
    """MMC is not named on the command line; the entry schema imports it."""
    monkeypatch.chdir(tmp_path)
    for name in ("DUIS Demo V9.1.xsd", "MMC Demo V9.1.xsd", "xmldsig-core-schema.xsd"):
        if (DEMO / name).exists():
            shutil.copy(DEMO / name, tmp_path / name)
    before = fingerprint(tmp_path)

    code, _, err = cli("check", "DUIS Demo V9.1.xsd", "--format", "json", "-o", "MMC Demo V9.1.xsd")

    refused(code, err, "MMC Demo V9.1.xsd", "input")
    assert fingerprint(tmp_path) == before


def test_a_failing_run_never_writes_its_failure_report_over_an_input(tmp_path, monkeypatch):
    """The entry schema imports a broken file: the run fails, and the failure report must not replace it."""
    monkeypatch.chdir(tmp_path)
    Path("entry.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>',
                                           imports='<xs:include schemaLocation="broken.xsd"/>\n'), encoding="utf-8")  # fmt: skip
    Path("broken.xsd").write_text("<xs:schema", encoding="utf-8")
    Path("report.json").write_text("yesterday\n", encoding="utf-8")
    broken = Path("broken.xsd").read_bytes()

    code, _, err = cli("check", "entry.xsd", "--format", "json", "-o", "broken.xsd", "--format", "json:report.json")

    assert code == 2 and "broken.xsd" in err.splitlines()[0]
    assert Path("broken.xsd").read_bytes() == broken
    assert_failure_report(Path("report.json"), err)  # the other report does say the run failed


@pytest.mark.parametrize("second", ["r.json", "./r.json", "sub/../r.json", "alias.json"])
def test_two_reports_to_one_file_are_refused_before_anything_runs(demo, second):
    Path("r.json").write_text("kept\n", encoding="utf-8")
    Path("sub").mkdir()
    os.symlink("r.json", "alias.json")

    code, _, err = cli("check", ".", "--format", "json", "-o", "r.json", "--format", "html", "-o", second)

    refused(code, err, "json", "html")
    assert Path("r.json").read_text(encoding="utf-8") == "kept\n"


# --- 2. never "clean" when nothing was checked -------------------------------------------------------------------

UNCOMPILABLE = sr_schema('<xs:element name="Request" type="sr:Missing"/>')
MESSAGE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="1.0">x</sr:Request>\n'
)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "junit", "github", "markdown", "html"])
def test_a_message_gate_over_schemas_that_do_not_compile_is_incomplete_in_every_format(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(UNCOMPILABLE, encoding="utf-8")
    Path("messages").mkdir()
    Path("messages/m.xml").write_text(MESSAGE, encoding="utf-8")

    code, out, err = cli("check", "sr.xsd", "--messages", "messages", "--select", "MS", "--format", f"{fmt}:report")

    assert code == 2, err
    assert "incomplete" in err and "could not be validated" in err and "does not compile" in err
    text = Path("report").read_text(encoding="utf-8")
    assert "could not be validated" in text
    if fmt == "json":
        assert json.loads(text)["complete"] is False
    if fmt == "sarif":
        assert json.loads(text)["runs"][0]["invocations"][0]["executionSuccessful"] is False
    if fmt == "text":
        assert "no findings" not in text or "(incomplete)" in text


def test_a_diff_with_messages_over_a_side_that_does_not_compile_is_incomplete(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("old.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    Path("new.xsd").write_text(UNCOMPILABLE, encoding="utf-8")
    Path("m.xml").write_text(MESSAGE, encoding="utf-8")

    code, out, err = cli("diff", "old.xsd", "new.xsd", "--messages", "m.xml", "--format", "json", "--fail-on", "never")

    assert code == 2 and "the new schema set does not compile" in err
    report = json.loads(out)
    assert report["complete"] is False and report["findings"]["messages"]["broken"] == []


def test_a_message_gate_over_compiling_schemas_is_complete(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    Path("m.xml").write_text(MESSAGE.replace(' schemaVersion="1.0"', ""), encoding="utf-8")

    code, out, err = cli("check", "sr.xsd", "--messages", "m.xml", "--select", "MS", "--format", "json")

    assert code == 0, err
    report = json.loads(out)
    assert report["complete"] is True and report["findings"] == []


# --- 3. every failure writes the failure report; stdout closed or full ------------------------------------------


def test_an_internal_error_replaces_yesterdays_report_with_a_failure_report(tmp_path, monkeypatch, capsys):
    from duislint import pipeline
    from duislint.cli import main

    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    for name in ("report.json", "report.sarif", "report.html"):
        Path(name).write_text("yesterday's clean report\n", encoding="utf-8")

    def crash(*args, **kwargs):  # noqa: ANN002, ANN003
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "check", crash)
    code = main(["check", "sr.xsd", "-o", "report.json", "-o", "report.sarif", "-o", "report.html"])
    err = capsys.readouterr().err

    assert code == 2 and err.startswith("duislint: internal error: RuntimeError: boom")
    failure = json.loads(Path("report.json").read_text(encoding="utf-8"))
    assert failure["complete"] is False and failure["error"]["kind"] == "internal" and failure["findings"] == []
    sarif = json.loads(Path("report.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert "internal error" in Path("report.html").read_text(encoding="utf-8")


def test_closed_standard_output_is_one_clean_line(tmp_path):
    result = subprocess.run(f'"{sys.executable}" -m duislint rules >&-', shell=True, capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["duislint: error: (standard output): cannot write: it is closed"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_full_standard_output_is_one_clean_line(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "duislint", "rules"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("duislint: error: (standard output): cannot write: ") and "space" in line


# --- 5. SIGTERM leaves no temporary file --------------------------------------------------------------------------


def test_a_run_stopped_while_writing_leaves_no_temporary_file_and_no_half_report(tmp_path, monkeypatch, capsys):
    """A signal that arrives between staging a report and moving it into place (simulated) is cleaned up."""
    from duislint import output
    from duislint.cli import Terminated, main

    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    Path("report.json").write_text("yesterday\n", encoding="utf-8")
    calls = []

    def terminated(*args):  # noqa: ANN002
        calls.append(args)
        raise Terminated()

    monkeypatch.setattr(output.os, "replace", terminated)
    code = main(["check", "sr.xsd", "--format", "json", "-o", "report.json"])

    assert calls and code == 143
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "sr.xsd"]


def test_sigterm_during_a_real_run_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    args = [sys.executable, "-m", "duislint", "check", str(DEMO), "--spec", str(DEMO / SPEC), "--fail-on", "never"]
    args += [a for n in range(8) for a in ("--format", f"html:{out / f'r{n}.html'}")]
    for delay in (0.3, 0.6, 0.9, 1.2):
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode in (0, 143, -signal.SIGTERM), err
        assert "Traceback" not in err
        assert not [p.name for p in out.iterdir() if p.name.startswith(".duislint-")]


# --- 4. broken side files: one line naming the file, never an internal error --------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MATRIX_ROW = {"Service Request Name": "Create Schedule", "Service Reference": "5.1",
              "Service Reference Variant": "5.1", "Eligible User Roles": ["IS"]}  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


MATRIX_GARBAGE = st.one_of(
    st.just(_nested(100_000)),
    st.just('[{"Service Request Name": "x", "Service Reference Variant": "5.1", "Eligible User Roles": 5}]'),
    st.just('[{"Service Request Name": "x", "Service Reference Variant": ' + "9" * 5000 + "}]"),
    st.just('[{"Service Request Name": {"a": 1}, "Service Reference Variant": "5.1"}]'),
    JSON_VALUES.map(json.dumps),
    st.dictionaries(st.sampled_from(list(MATRIX_ROW)), JSON_VALUES, max_size=4).map(lambda r: json.dumps([r])),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)
CSV_GARBAGE = st.one_of(
    st.just("Service Request Name,Service Reference Variant\rCreate,5.1\rRead,4.1.1\r"),
    st.just('Service Request Name,Service Reference Variant\n"' + "x" * 140_000 + '",5.1\n'),
    st.just('Service Request Name,Service Reference Variant\n"unterminated,5.1\n'),
    st.text(max_size=200),
)
BASELINE_GARBAGE = st.one_of(
    st.just(_nested(100_000)),
    st.just('{"format": "duislint-baseline/1", "findings": [{"fingerprint": "a", "rule": 5}]}'),
    st.just('{"format": "duislint-baseline/1", "findings": [{"fingerprint": ' + "1" * 5000 + "}]}"),
    JSON_VALUES.map(lambda v: json.dumps({"format": "duislint-baseline/1", "findings": v})),
    JSON_VALUES.map(json.dumps),
)
TOML_GARBAGE = st.one_of(
    st.just("select = " + _nested(100_000) + "\n"),
    st.just("[tool.duislint]\nselect = 5\n"),
    st.just('severity = { XS203 = ["error"] }\n'),
    st.just('baseline = ""\n'),
    st.text(max_size=200),
)


def _garbage_run(tmp_path: Path, name: str, text: str, *args: str) -> None:
    from tests.helpers import cli as in_process

    folder = tmp_path / "case"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = in_process(*args)
    finally:
        os.chdir(cwd)
    assert result.code in (0, 1, 2), result
    assert "internal error" not in result.err and "Traceback" not in result.err, result.err
    if result.code == 2:
        [line] = result.err.splitlines()
        assert line.startswith("duislint: error: ") and name in line, line


GARBAGE = settings(max_examples=500 if os.environ.get("DUISLINT_FUZZ") == "long" else 25, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@GARBAGE
@given(text=MATRIX_GARBAGE)
def test_a_broken_matrix_json_is_one_line(tmp_path, text):
    _garbage_run(tmp_path, "matrix.json", text, "check", "sr.xsd", "--spec", "matrix.json", "--select", "DU2")


@GARBAGE
@given(text=CSV_GARBAGE)
def test_a_broken_matrix_csv_is_one_line(tmp_path, text):
    _garbage_run(tmp_path, "matrix.csv", text, "check", "sr.xsd", "--spec", "matrix.csv", "--select", "DU2")


@GARBAGE
@given(text=BASELINE_GARBAGE)
def test_a_broken_baseline_is_one_line(tmp_path, text):
    _garbage_run(tmp_path, "base.json", text, "check", "sr.xsd", "--baseline", "base.json")


@GARBAGE
@given(text=TOML_GARBAGE)
def test_a_broken_configuration_is_one_line(tmp_path, text):
    _garbage_run(tmp_path, "duislint.toml", text, "check", "sr.xsd", "--config", "duislint.toml")


def test_a_matrix_with_cr_only_line_ends_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    Path("m.csv").write_bytes(b"Service Request Name,Service Reference Variant\rCreate Schedule,5.1\r")

    code, out, err = cli("check", "sr.xsd", "--spec", "m.csv", "--format", "json", "--fail-on", "never")

    assert code == 0, err
    assert [i["kind"] for i in json.loads(out)["inputs"]].count("service-request-matrix") == 1


# --- found by review: each failed before its fix -----------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("check", "sr.xsd", "--update-baseline", "--format", "json", "-o", "sr.xsd"),  # fails before reading
    ("check", "sr.xsd", "--config", "bad.toml", "--format", "json", "-o", "sr.xsd"),
    ("diff", "sr.xsd", "other.xsd", "--select", "XS4", "--format", "markdown", "-o", "other.xsd"),
    ("diff", "sr.xsd", "other.xsd", "--config", "bad.toml", "--format", "json", "-o", "other.xsd"),
])  # fmt: skip
def test_a_run_that_fails_before_reading_never_writes_its_failure_report_over_a_named_input(tmp_path, monkeypatch,
                                                                                           args):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    for name in ("sr.xsd", "other.xsd"):
        Path(name).write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    Path("bad.toml").write_text("select = 5\n", encoding="utf-8")
    before = fingerprint(tmp_path)

    code, _, err = cli(*args)

    assert code == 2 and "Traceback" not in err
    assert fingerprint(tmp_path) == before


def test_messages_are_not_validated_by_another_namespace_when_theirs_does_not_compile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(UNCOMPILABLE, encoding="utf-8")
    Path("other.xsd").write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
                                 '<xs:element name="X" type="xs:string"/></xs:schema>', encoding="utf-8")  # fmt: skip
    Path("m.xml").write_text(MESSAGE, encoding="utf-8")

    code, out, err = cli("check", ".", "--messages", "m.xml", "--select", "MS", "--format", "json")

    assert code == 2 and "could not be validated" in err
    report = json.loads(out)
    assert report["complete"] is False and report["findings"] == []  # no MS101 against the wrong schema


def test_an_incomplete_run_writes_no_baseline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(UNCOMPILABLE, encoding="utf-8")
    Path("m.xml").write_text(MESSAGE, encoding="utf-8")

    code, _, err = cli("check", "sr.xsd", "--messages", "m.xml", "--baseline", "b.json", "--update-baseline")

    assert code == 2 and "incomplete" in err and not Path("b.json").exists()


def test_devices_take_several_reports_and_dash_alone_is_text_on_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")

    code, _, err = cli("check", "sr.xsd", "--format", "json", "-o", os.devnull, "--format", "sarif", "-o", os.devnull)
    assert code == 0, err
    code, out, err = cli("check", "sr.xsd", "-o", "-")
    assert code == 0 and out.startswith("no findings"), err


def test_a_device_that_cannot_be_written_leaves_the_file_reports_as_they_were(tmp_path, monkeypatch):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), encoding="utf-8")
    Path("a.json").write_text("yesterday\n", encoding="utf-8")

    code, _, err = cli("check", "sr.xsd", "--format", "json", "-o", "a.json", "--format", "sarif", "-o", "/dev/full")

    assert code == 2 and "/dev/full" in err
    assert Path("a.json").read_text(encoding="utf-8") == "yesterday\n"  # all or none


def test_a_comment_inside_a_header_value_is_read_as_a_validator_reads_it(tmp_path, monkeypatch):
    """`<sr:ServiceReferenceVariant>11.1<!-- x -->.2</...>` is SRV 11.1.2 (issue 17, item 9): no false MS103."""
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema(
        '<xs:element name="Request"><xs:complexType><xs:sequence><xs:element name="Header"><xs:complexType>'
        '<xs:sequence><xs:element name="ServiceReference" type="xs:string"/>'
        '<xs:element name="ServiceReferenceVariant" type="xs:string"/></xs:sequence></xs:complexType></xs:element>'
        '</xs:sequence></xs:complexType></xs:element>'), encoding="utf-8")  # fmt: skip
    Path("m.xml").write_text(
        '<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"><sr:Header>'
        "<sr:ServiceReference>11<!-- a -->.1</sr:ServiceReference>"
        "<sr:ServiceReferenceVariant>11.1<!-- x -->.2<?pi y?></sr:ServiceReferenceVariant>"
        "</sr:Header></sr:Request>", encoding="utf-8")  # fmt: skip

    code, out, err = cli("check", "sr.xsd", "--messages", "m.xml", "--select", "MS", "--format", "json")

    assert code == 0, err
    assert json.loads(out)["findings"] == []

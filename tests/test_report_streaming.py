"""Long reports are written a piece at a time (output.Pieces; the JSON and HTML formats' stream_check and
stream_diff), so that a report of many thousands of findings is never held as one string: the text is the one a
whole rendering gives, byte for byte, and what fails while a report is being made leaves every file as it was, with
no temporary file behind, as a failure before writing does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from duislint import output
from duislint.cli import Terminated, main
from duislint.findings import Report
from duislint.report import formats, html, json_format
from tests.conftest import sr_schema
from tests.test_demo_spec import DEMO, SPEC_DOCX


@pytest.fixture(scope="module")
def demo_report() -> Report:
    from duislint import pipeline

    return pipeline.check([str(DEMO)], [str(SPEC_DOCX)])


def canonical(text: str) -> str:
    """The JSON as one json.dumps of the whole document writes it (indented by two, UTF-8 as it is)."""
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_the_json_report_written_in_pieces_is_the_whole_dump(demo_report):
    pieces = list(json_format.stream_check(demo_report, formats.Options()))
    text = "".join(pieces)
    assert len(demo_report.findings) > 10 and len(pieces) > len(demo_report.findings), "each finding a piece"
    assert text == canonical(text)
    assert [f["rule"] for f in json.loads(text)["findings"]] == [f.rule for f, _ in demo_report.shown()]


def test_an_empty_list_is_written_as_the_whole_dump_writes_it(tmp_path):
    Path(tmp_path / "sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'), "utf-8")
    from duislint import pipeline

    clean = pipeline.check([str(tmp_path / "sr.xsd")], rules=[])
    text = json_format.render_check(clean, formats.Options())
    assert '"findings": [],' in text and text == canonical(text)


def test_the_json_diff_written_in_pieces_is_the_whole_dump(tmp_path):
    old, new = tmp_path / "old.xsd", tmp_path / "new.xsd"
    old.write_text(sr_schema('<xs:element name="Request" type="xs:string"/><xs:element name="A" type="xs:int"/>'),
                   "utf-8")  # fmt: skip
    new.write_text(sr_schema('<xs:element name="Request" type="xs:int"/><xs:element name="B" type="xs:int"/>'),
                   "utf-8")  # fmt: skip
    assert main(["diff", str(old), str(new), "--format", "json", "-o", str(tmp_path / "d.json"),
                 "--fail-on", "never"]) == 0  # fmt: skip
    text = (tmp_path / "d.json").read_text("utf-8")
    assert len(json.loads(text)["changes"]) >= 2 and text == canonical(text)


def test_the_html_report_written_in_pieces_is_the_rendered_page(demo_report):
    pieces = list(html.stream_check(demo_report, formats.Options()))
    assert len(pieces) > 100
    assert "".join(pieces) == html.render_check(demo_report, formats.Options())
    assert "".join(pieces).endswith("</html>\n")


def test_the_sarif_log_written_in_pieces_is_the_whole_dump(demo_report, tmp_path):
    from duislint.report import sarif

    options = formats.Options(root=tmp_path)
    text = "".join(sarif.stream_check(demo_report, options))
    assert text == canonical(text)
    results = json.loads(text)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f.rule for f, _ in demo_report.shown()]
    empty = Report(inputs=[], findings=[])
    assert json.loads(sarif.render_check(empty, options))["runs"][0]["results"] == []


@pytest.mark.parametrize("fmt", ["json", "html", "sarif"])
def test_the_command_writes_the_report_in_pieces_and_the_same_bytes(tmp_path, monkeypatch, fmt, demo_report):
    written: list[int] = []
    real_fill = output._fill

    def counted(fd, temporary, target, text):
        written.append(isinstance(text, output.Pieces))
        return real_fill(fd, temporary, target, text)

    monkeypatch.setattr(output, "_fill", counted)
    report = tmp_path / f"r.{fmt}"
    assert main(["check", str(DEMO), "--spec", str(SPEC_DOCX), "--format", fmt, "-o", str(report),
                 "--fail-on", "never"]) == 0  # fmt: skip
    assert written == [True]
    assert report.read_text("utf-8") == formats.render_check(fmt, demo_report, formats.Options(root=Path.cwd()))


@pytest.mark.parametrize("failure", [ZeroDivisionError, Terminated])
def test_a_report_that_fails_half_made_leaves_every_file_as_it_was(tmp_path, monkeypatch, failure, capsys):
    """An internal error (or SIGTERM) while the JSON report is being made, after part of it is in its temporary
    file: neither that report nor the text one beside it is replaced, and no temporary file stays; the failure
    report then says the run failed."""
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="sr:Missing"/>'), encoding="utf-8")
    Path("r.json").write_text("yesterday\n", encoding="utf-8")
    Path("r.txt").write_text("yesterday\n", encoding="utf-8")
    real = json_format.finding_dict

    def failing(*args, **kwargs):
        raise failure("planted")

    monkeypatch.setattr(json_format, "finding_dict", failing)
    code = main(["check", "sr.xsd", "--format", "text", "-o", "r.txt", "--format", "json", "-o", "r.json"])
    monkeypatch.setattr(json_format, "finding_dict", real)
    assert code == (143 if failure is Terminated else 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.txt", "sr.xsd"], "no temporary file"
    if failure is Terminated:
        assert json.loads(Path("r.json").read_text("utf-8"))["error"]["kind"] == "interrupted"
    else:
        assert json.loads(Path("r.json").read_text("utf-8"))["error"]["kind"] == "internal"
    assert Path("r.txt").read_text("utf-8") != "yesterday\n", "the text report says the run failed"


def test_a_report_to_standard_output_is_made_whole_before_any_of_it_is_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("sr.xsd").write_text(sr_schema('<xs:element name="Request" type="sr:Missing"/>'), encoding="utf-8")

    def failing(*args, **kwargs):
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(json_format, "finding_dict", failing)
    assert main(["check", "sr.xsd", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "internal error" in err

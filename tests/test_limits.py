"""What one run will read (issue 13): every limit refuses an input over it with exit 2 and one line that names the
file, the limit, its value and how to raise it; every report asked for names the failure; the option and the
`[tool.duislint]` key raise it; and the defaults accept the published DUIS files."""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from duislint import limits
from duislint.errors import InputError
from duislint.spec.docx import _read_package, read_tree, read_word
from duislint.xsd.loader import display_path
from tests.conftest import SR_NS, duis_data
from tests.docxgen import DocxBuilder
from tests.helpers import Run, assert_failure_report, cli

XS_NS = "http://www.w3.org/2001/XMLSchema"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MB = 1024 * 1024


def raise_hint(key: str) -> str:
    return f"(raise it with --{key} or `{key}` in [tool.duislint])"


def assert_refused(run: Run, line: str) -> None:
    """Exit 2 and exactly this one line on stderr."""
    assert run.code == 2, run.err
    assert run.err == f"duislint: error: {line}\n", run.err
    assert run.out == ""


def schema_text(body: str = "", documentation: str = "A thing.") -> str:
    return (
        f'<xs:schema xmlns:xs="{XS_NS}" targetNamespace="urn:t" xmlns:t="urn:t" elementFormDefault="qualified">\n'
        f'  <xs:element name="Thing" type="xs:string"><xs:annotation><xs:documentation>{documentation}'
        f"</xs:documentation></xs:annotation></xs:element>\n{body}</xs:schema>\n"
    )


def word_spec(path: Path, rows: int = 2, members: dict[str, bytes] | None = None) -> Path:
    doc = DocxBuilder("typed")
    doc.heading(1, "Annexes", number="9")
    doc.paragraph("Some text.")
    doc.table([["Attribute", "Value"]] + [[f"Attribute {i}", f"value {i}"] for i in range(rows - 1)])
    doc.save(path)
    if members:
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
            for name, data in members.items():
                package.writestr(name, data)
    return path


def with_document(path: Path, document: bytes) -> Path:
    """A copy of a small Word specification whose word/document.xml is `document`."""
    source = word_spec(path.with_name("source.docx"))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, document if info.filename == "word/document.xml" else old.read(info))
    return path


def body(inner: str) -> bytes:
    return f'<w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>'.encode()


def message_text(padding: int = 0, elements: int = 0) -> str:
    return (
        f'<sr:Request xmlns:sr="{SR_NS}" schemaVersion="1.0"><sr:Header/>'
        f"<sr:Body>{'<sr:X/>' * elements}{' ' * padding}</sr:Body></sr:Request>\n"
    )


# --- every limit: refused at a low value, let through by the option and by the key --------------------------------


@dataclass(frozen=True)
class Case:
    """An input over `key`'s limit at `low`, within it at `high`; `message` is the error after 'duislint: error: '
    (PATH stands for the input's path), `verb` what runs."""

    key: str
    low: int
    high: int
    make: Callable[[Path], list[str]]  # the arguments after the verb; the first input is named in the message
    message: str
    verb: str = "check"


def big_schema(folder: Path) -> list[str]:
    path = folder / "big.xsd"
    path.write_text(schema_text(documentation="words " * (MB // 4)), encoding="utf-8")
    return [str(path)]


def schema_of_elements(folder: Path) -> list[str]:
    path = folder / "many.xsd"
    path.write_text(schema_text("".join(f'  <xs:element name="E{i}" type="xs:string"/>\n' for i in range(20))),
                    encoding="utf-8")  # fmt: skip
    return [str(path)]


def small_schema(folder: Path) -> Path:
    path = folder / "schema.xsd"
    path.write_text(schema_text(), encoding="utf-8")
    return path


def spec_args(folder: Path, spec: Path) -> list[str]:
    return [str(small_schema(folder)), "--spec", str(spec)]


def unzipped_too_big(folder: Path) -> list[str]:
    padding = os.urandom(MB // 2).hex()  # 1 MB of text that does not compress much: no zip bomb, only large
    return spec_args(folder, with_document(folder / "spec.docx", body(f"<w:p><w:r><w:t>{padding}</w:t></w:r></w:p>"
                                                                      + "<w:p/>" * 60_000)))  # fmt: skip


def package_too_big(folder: Path) -> list[str]:
    parts = {f"word/media/part{i}.bin": b" " * (900 * 1024) for i in range(5)}  # under the ratio's first MB
    return spec_args(folder, word_spec(folder / "spec.docx", members=parts))


def zip_bomb(folder: Path) -> list[str]:
    return spec_args(folder, with_document(folder / "spec.docx", body(" " * (2 * MB))))


def many_members(folder: Path) -> list[str]:
    return spec_args(folder, word_spec(folder / "spec.docx", members={f"customXml/item{i}.xml": b"<a/>" for i in range(10)}))


def document_of_elements(folder: Path) -> list[str]:
    return spec_args(folder, with_document(folder / "spec.docx", body("<w:p/>" * 200)))


def long_word_table(folder: Path) -> list[str]:
    return spec_args(folder, word_spec(folder / "spec.docx", rows=6))


def long_markdown_table(folder: Path) -> list[str]:
    spec = folder / "spec.md"
    rows = "".join(f"| Attribute {i} | value {i} |\n" for i in range(5))
    spec.write_text(f"# 9 Annexes\n\nSome text.\n\n| Attribute | Value |\n|---|---|\n{rows}", encoding="utf-8")
    return [str(small_schema(folder)), "--spec", str(spec)]


def big_message(folder: Path) -> list[str]:
    path = folder / "big.xml"
    path.write_text(message_text(padding=MB + MB // 2), encoding="utf-8")
    return [str(small_schema(folder)), "--messages", str(path), "--select", "MS"]


def message_of_elements(folder: Path) -> list[str]:
    path = folder / "many.xml"
    path.write_text(message_text(elements=200), encoding="utf-8")
    return [str(small_schema(folder)), "--messages", str(path), "--select", "MS"]


def big_matrix(folder: Path) -> list[str]:
    path = folder / "matrix.json"
    record = {"Service Reference Variant": "1.1", "Service Request Name": "x" * 1000, "Service Reference": "1.1"}
    path.write_text(json.dumps([record] * 1600), encoding="utf-8")
    return [str(small_schema(folder)), "--spec", str(path)]


CASES = {
    "schema-size": Case("max-input-mb", 1, 2, big_schema, "PATH: 2 MB on disk, over the 1 MB limit"),
    "matrix-size": Case("max-input-mb", 1, 2, big_matrix, "PATH: 2 MB on disk, over the 1 MB limit"),
    "docx-part-size": Case("max-input-mb", 1, 2, unzipped_too_big,
                           "PATH: word/document.xml expands to 2 MB, over the 1 MB limit"),
    "docx-package-size": Case("max-input-mb", 1, 2, package_too_big,
                              "PATH: the package expands to 5 MB, over the 4 MB limit on a whole package (4 times "
                              "the 1 MB limit on one part; raise it with --max-input-mb or `max-input-mb` in "
                              "[tool.duislint])"),
    "docx-ratio": Case("max-zip-ratio", 5, 5000, zip_bomb,
                       "PATH: word/document.xml expands to 3 MB, RATIO times its compressed size, over the 5x limit"),
    "docx-members": Case("max-zip-members", 5, 20, many_members,
                         "PATH: the package has MEMBERS members, over the 5-member limit"),
    "docx-elements": Case("max-elements", 100, 1000, document_of_elements,
                          "PATH: word/document.xml holds 202 elements, over the 100-element limit"),
    "message-size": Case("max-message-mb", 1, 2, big_message, "PATH: 2 MB on disk, over the 1 MB limit"),
    "message-elements": Case("max-elements", 100, 1000, message_of_elements,
                             "PATH: holds 203 elements, over the 100-element limit"),
    "schema-elements": Case("max-schema-elements", 10, 100, schema_of_elements,
                            "PATH: holds 24 elements, over the 10-element limit"),
    "word-table-rows": Case("max-table-rows", 5, 6, long_word_table,
                            "PATH: word/document.xml:2: the table under the heading '9 Annexes' has more than 5 rows, over the "
                            "5-row limit"),
    "markdown-table-rows": Case("max-table-rows", 5, 6, long_markdown_table,
                                "PATH:5: a table of 6 rows, over the 5-row limit"),
}  # fmt: skip


def expected_line(case: Case, args: list[str], folder: Path) -> str:
    named = {"--spec": None, "--messages": None}
    for flag in named:
        if flag in args:
            named[flag] = args[args.index(flag) + 1]
    path = named["--messages"] or named["--spec"] or args[0]
    line = case.message.replace("PATH", display_path(path))
    if "MEMBERS" in line:
        with zipfile.ZipFile(path) as package:
            line = line.replace("MEMBERS", str(len(package.namelist())))
    if "RATIO" in line:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("word/document.xml")
        line = line.replace("RATIO", f"{info.file_size // info.compress_size:,}")
    return line if line.endswith(")") else f"{line} {raise_hint(case.key)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_input_over_a_limit_is_refused_in_one_line_naming_the_limit(name, tmp_path, monkeypatch):
    case = CASES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    args = case.make(folder)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f"[tool.duislint]\n{case.key} = {case.low}\n", encoding="utf-8")
    report = tmp_path / "out" / "report.json"
    run = cli(case.verb, *args, "--format", "json", "-o", report, "--fail-on", "never")
    assert_refused(run, expected_line(case, args, folder))
    assert_failure_report(report, run.err)
    assert json.loads(report.read_text(encoding="utf-8"))["error"]["message"] in run.err
    # the option overrides the key, and the key alone raises it as well
    raised = cli(case.verb, *args, "--format", "json", "--fail-on", "never", f"--{case.key}", str(case.high))
    assert raised.code == 0, raised.err
    (tmp_path / "pyproject.toml").write_text(f"[tool.duislint]\n{case.key} = {case.high}\n", encoding="utf-8")
    assert cli(case.verb, *args, "--format", "json", "--fail-on", "never").code == 0


def test_a_limit_option_lowers_the_default_and_refuses(tmp_path):
    args = schema_of_elements(tmp_path)
    run = cli("check", *args, "--max-schema-elements", "10")
    assert_refused(run, f"{display_path(args[0])}: holds 24 elements, over the 10-element limit "
                        f"{raise_hint('max-schema-elements')}")  # fmt: skip


@pytest.mark.parametrize("verb", ["extract", "graph", "refs", "diff"])
def test_every_verb_that_reads_inputs_takes_the_limits(verb, tmp_path):
    schema = schema_of_elements(tmp_path)[0]
    spec = word_spec(tmp_path / "spec.docx", rows=6)
    args = {"extract": [spec, "--max-table-rows", "5"], "graph": [schema, "--format", "json"],
            "refs": [schema, "Thing"], "diff": [schema, schema]}[verb]  # fmt: skip
    if verb != "extract":
        args += ["--max-schema-elements", "10"]
    run = cli(verb, *args)
    assert run.code == 2 and run.err.count("\n") == 1, run.err
    assert ("--max-table-rows" if verb == "extract" else "--max-schema-elements") in run.err


def test_duislint_fix_refuses_a_package_over_a_limit(tmp_path):
    spec = word_spec(tmp_path / "spec.docx", members={f"customXml/item{i}.xml": b"<a/>" for i in range(10)})
    run = cli("fix", small_schema(tmp_path), "--spec", spec, "--max-zip-members", "5", "-o", tmp_path / "fixed.docx")
    with zipfile.ZipFile(spec) as package:
        count = len(package.namelist())
    assert_refused(run, f"{display_path(str(spec))}: the package has {count} members, over the 5-member limit "
                        f"{raise_hint('max-zip-members')}")  # fmt: skip
    assert not (tmp_path / "fixed.docx").exists()


def test_a_large_docx_read_in_a_child_process_keeps_the_run_limits(tmp_path):
    """check reads a .docx of 256 KiB or more in a forked child (spec/prefetch.py): the limits go with it."""
    spec = word_spec(tmp_path / "spec.docx", rows=6, members={"word/media/noise.bin": os.urandom(300 * 1024)})
    run = cli("check", small_schema(tmp_path), "--spec", spec, "--max-table-rows", "5")
    assert_refused(run, f"{display_path(str(spec))}: word/document.xml:2: the table under the heading '9 Annexes' has more than 5 "
                        "rows, over the 5-row limit "
                        f"{raise_hint('max-table-rows')}")  # fmt: skip


# --- the defaults ---------------------------------------------------------------------------------------------------


def test_the_default_member_and_row_limits_refuse_just_over_them(tmp_path):
    members = {f"customXml/item{i}.xml": b"<a/>" for i in range(limits.DEFAULTS.zip_members)}
    spec = word_spec(tmp_path / "spec.docx", members=members)
    run = cli("check", small_schema(tmp_path), "--spec", spec)
    assert_refused(run, f"{display_path(str(spec))}: the package has 10,008 members, over the 10,000-member limit "
                        f"{raise_hint('max-zip-members')}")  # fmt: skip
    table = tmp_path / "spec.md"
    rows = "".join(f"| Attribute {i} | value {i} |\n" for i in range(limits.DEFAULTS.table_rows))
    table.write_text(f"# 9 Annexes\n\n| Attribute | Value |\n|---|---|\n{rows}", encoding="utf-8")
    run = cli("check", small_schema(tmp_path), "--spec", table)
    assert_refused(run, f"{display_path(str(table))}:3: a table of 20,001 rows, over the 20,000-row limit {raise_hint('max-table-rows')}")


def test_a_zip_bomb_is_refused_at_the_default_ratio(tmp_path):
    spec = with_document(tmp_path / "spec.docx", body(" " * (30 * MB)))
    run = cli("check", small_schema(tmp_path), "--spec", spec)
    assert run.code == 2 and "word/document.xml expands to 31 MB, 1,0" in run.err and "the 200x limit" in run.err, run.err


def test_the_defaults_accept_the_published_duis_files(tmp_path):
    data = duis_data()
    for version in ("5.0", "5.1", "5.3a", "5.4"):
        run = cli("check", data / "schemas" / version, "--spec", data / "service-request-matrix.json",
                  "--messages", data / "messages", "--format", "json", "--fail-on", "never")  # fmt: skip
        assert run.code == 0, (version, run.err)
        assert run.json()["complete"] is True


def test_the_defaults_leave_a_wide_margin_over_the_published_sizes():
    """The published files are far inside every default: Appendix AD is about 10 MB of word/document.xml (some
    320,000 elements at Word's 31 bytes an element) in tables of a few hundred rows; a schema holds 3,424 elements."""
    from lxml import etree

    data = duis_data()
    largest_schema = max(sum(1 for _ in etree.parse(str(path)).iter())
                         for path in (data / "schemas").glob("*/*.xsd"))  # fmt: skip
    largest_message = max(path.stat().st_size for path in (data / "messages").rglob("*.xml"))
    defaults = limits.DEFAULTS
    assert defaults.schema_elements >= 50 * largest_schema
    assert defaults.message_mb * MB >= 3 * 14_000_000 and defaults.message_mb * MB >= 100 * largest_message
    assert defaults.elements >= 10 * 320_000 and defaults.input_mb >= 20 * 10
    assert defaults.table_rows >= 20 * 1_000


# --- configuration and options ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-3", '"many"', "1.5", "true"])
def test_a_limit_key_wants_a_whole_number(value, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "duislint.toml").write_text(f"max-table-rows = {value}\n", encoding="utf-8")
    run = cli("check", small_schema(tmp_path))
    assert run.code == 2 and "duislint.toml:1: max-table-rows: wants a whole number of 1 or more" in run.err, run.err


@pytest.mark.parametrize("value", ["0", "x", "-1"])
def test_a_limit_option_wants_a_whole_number(value, tmp_path):
    run = cli("check", small_schema(tmp_path), "--max-input-mb", value)
    assert run.code == 2 and "--max-input-mb" in run.err and run.err.count("\n") == 1, run.err


def test_show_settings_gives_the_limits_in_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "duislint.toml").write_text("max-input-mb = 512\n", encoding="utf-8")
    run = cli("check", small_schema(tmp_path), "--show-settings", "--max-table-rows", "7")
    assert ("limits: max-input-mb=512, max-message-mb=48, max-zip-ratio=200, max-zip-members=10000, "
            "max-elements=4000000, max-schema-elements=200000, max-table-rows=7\n") in run.out  # fmt: skip


def test_a_run_leaves_the_limits_as_they_were():
    cli("check", "nowhere.xsd", "--max-input-mb", "1")
    assert limits.current() == limits.DEFAULTS


# --- counting -----------------------------------------------------------------------------------------------------


def test_markup_in_comments_and_cdata_is_not_counted_as_elements():
    raw = b"<?xml version='1.0'?><a><!-- <b/><b/><b/><b/><b/> --><![CDATA[<c/><c/><c/><c/>]]><?p <e/><e/>?><d/></a>"
    with limits.use(limits.Limits(elements=2)):
        limits.check_elements(raw, "x.xml")
    with limits.use(limits.Limits(elements=1)), pytest.raises(InputError, match="holds 2 elements"):
        limits.check_elements(raw, "x.xml")


def test_a_lying_member_count_is_refused_by_the_size_of_the_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for i in range(50):
            package.writestr(f"{'n' * 200}{i}", b"")
    raw = bytearray(buffer.getvalue())
    end = raw.rfind(b"PK\x05\x06")
    raw[end + 8 : end + 12] = (1).to_bytes(2, "little") * 2  # one member, it says
    with limits.use(limits.Limits(zip_members=1)), pytest.raises(InputError, match="a central directory of 1 MB"):
        limits.check_members(io.BytesIO(bytes(raw)), "x.docx")
    with limits.use(limits.Limits(zip_members=10)):
        limits.check_members(io.BytesIO(bytes(raw)), "x.docx")  # 10 members may take that much


def test_the_reader_refuses_a_long_table_whatever_calls_it(tmp_path):
    """As the document streams in (check, extract), and from a tree parsed whole (fix)."""
    spec = word_spec(tmp_path / "spec.docx", rows=6)
    parts = _read_package(str(spec), "spec.docx")
    assert len(read_word(str(spec), "spec.docx").blocks) == len(read_tree(parts, "spec.docx").blocks) == 4
    with limits.use(limits.Limits(table_rows=5)):
        with pytest.raises(InputError, match="more than 5 rows"):
            read_word(str(spec), "spec.docx")
        with pytest.raises(InputError, match="more than 5 rows"):
            read_tree(parts, "spec.docx")
    with limits.use(limits.Limits(table_rows=6)):
        assert len(read_word(str(spec), "spec.docx").blocks) == len(read_tree(parts, "spec.docx").blocks) == 4


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.integers(min_value=0, max_value=400))
def test_garbage_zip_tails_are_counted_or_refused_never_a_crash(tail, cut):
    """The end of central directory record is read from whatever bytes a .docx holds: any of them, cut anywhere
    and spliced into a real package, gives a count, an InputError, or zipfile's own word later."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", body(""))
    real = buffer.getvalue()
    for raw in (tail, real[: max(0, len(real) - cut)] + tail, tail + real, real.replace(real[-22:-18], tail[:4] or b"")):
        try:
            limits.check_members(io.BytesIO(raw), "x.docx")
            limits.check_elements(raw, "x.docx", part="word/document.xml")
        except InputError as error:
            assert "limit" in error.message


def test_a_word_longer_than_any_two_english_words_gets_no_correction_and_no_edits(monkeypatch):
    """The edits of a word of N letters take N squared memory: a schema's documentation of one word of a million
    letters took gigabytes before a correction was given up."""
    from collections import Counter

    from duislint import spelling

    def no_edits(word: str) -> set[str]:
        raise AssertionError(f"edits of a word of {len(word)} letters")

    monkeypatch.setattr(spelling, "edits", no_edits)
    speller = spelling.Speller(frozenset({"meter"}), (), Counter())
    assert speller.correction(spelling.Word("meterx" * 20_000, 0)) is None


@pytest.mark.parametrize("revisions", ["accepted", "original"])
def test_a_long_table_reads_the_same_streamed_without_its_formatting(revisions, tmp_path):
    """A table of more than 200 rows loses, row by row as it streams in, the run, paragraph and cell properties the
    reader never reads (spec/docx.py, _drop_formatting): what it reads is what it reads from the whole tree."""
    from tests.docxgen import Cell, Del, Formatted, Hidden, Ins, Para

    rows: list[list[object]] = [["Data Item", "Description", "Type"]]
    for i in range(400):
        shown = Formatted(f"Item{i}", bold=i % 2 == 0, italic=i % 3 == 0, font="Arial", size=20, lang="en-GB")
        kind = i % 5
        description: object = [Formatted("text ", font="Arial"), Hidden(Formatted(f"hidden {i}"))] if kind == 0 else \
            [Ins(Formatted(f"new {i}", size=18)), Del(Formatted(f"old {i}"))] if kind == 1 else \
            [Para(Formatted(f"first {i}")), Para(Formatted(f"second {i}", bold=True))] if kind == 2 else f"plain {i}"  # fmt: skip
        third: object = Cell(f"merged {i}", vmerge="restart") if kind == 3 else Cell("", vmerge="continue") \
            if kind == 4 else "xs:string"  # fmt: skip
        rows.append([shown, description, third])
    doc = DocxBuilder("typed")
    doc.heading(1, "Annexes", number="9")
    doc.table(rows, row_changes={7: "ins", 300: "del"}, header_rows=1, marked_header_rows=(250,))
    doc.paragraph(Formatted("After the table.", font="Arial"))
    spec = doc.save(tmp_path / "spec.docx")
    streamed = read_word(str(spec), "spec.docx", revisions)
    whole = read_tree(_read_package(str(spec), "spec.docx"), "spec.docx", revisions)
    assert streamed == whole
    assert len(streamed.blocks[1].rows) > 350  # type: ignore[attr-defined]


@pytest.mark.parametrize("padding", [0, 400_000], ids=["one chunk", "streamed in chunks"])
def test_the_long_table_error_names_its_heading_and_row_line(tmp_path, padding):
    """The author is told where the table is: the heading it is under (the last one before it, read whole or as
    the document streams in) and the line of word/document.xml of its first row over the limit."""
    doc = DocxBuilder("typed")
    doc.heading(1, "Introduction", number="1")
    doc.paragraph("x" * padding)
    doc.heading(2, "Specific Data Items", number="3.8.5.2")
    doc.table([["Data Item", "Type"]] + [[f"Item{i}", "xs:string"] for i in range(9)])
    built = doc.save(tmp_path / "built.docx")
    with zipfile.ZipFile(built) as package:
        tree = etree.fromstring(package.read("word/document.xml"))
    spec = with_document(tmp_path / "spec.docx", etree.tostring(tree, pretty_print=True))
    parts = _read_package(str(spec), "spec.docx")
    row_line = parts["word/document.xml"].findall(f".//{{{W_NS}}}tr")[6].sourceline
    expected = (f"spec.docx: word/document.xml:{row_line}: the table under the heading '3.8.5.2 Specific Data "
                f"Items' has more than 6 rows, over the 6-row limit {raise_hint('max-table-rows')}")  # fmt: skip
    assert row_line > 2
    with limits.use(limits.Limits(table_rows=6)):
        for read in (lambda: read_word(str(spec), "spec.docx"), lambda: read_tree(parts, "spec.docx")):
            with pytest.raises(InputError) as refused:
                read()
            assert str(refused.value) == expected


def test_a_long_table_before_any_heading_is_said_to_be(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Data Item", "Type"]] + [[f"Item{i}", "xs:string"] for i in range(9)])
    spec = doc.save(tmp_path / "spec.docx")
    with limits.use(limits.Limits(table_rows=6)), pytest.raises(InputError, match="a table before any heading"):
        read_word(str(spec), "spec.docx")

"""Word as authors write it: the same specification in the shapes Word and its authors give it (content controls,
custom XML, a table split over pages, a header repeated by hand, hidden text, tracked cell changes, odd merges,
embedded chunks, Strict OOXML) gives the findings of the plain document, or says plainly what it could not read.

Documents come from tests/docxgen.py; findings from `duislint check` run in-process, compared with those of the
plain document (the location's path aside: each document has a file of its own).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from duislint.spec.build import read_spec
from tests.docxgen import Cell, CharStyle, DocxBuilder, Hidden, Wrapped
from tests.helpers import check_json, cli, findings_of
from tests.test_rules_spec import MATRIX, SCHEMA

DATA_HEADER = ["Data Item", "Description / Valid Set", "Type", "Mandatory", "Default", "Units"]
# 3.8.1.2's rows: a duplicate (SP202) and a misspelt item (SP201, and SP205: WeeklySchedule is not documented)
CREATE_SCHEDULE_ITEMS = [
    ["ScheduleStartDate", "start", "xs:date", "Yes", "None", "None"],
    ["ScheduleEndDate", "end", "xs:date", "No", "None", "None"],
    ["ScheduleStartDate", "start, again", "xs:date", "Yes", "None", "None"],
    ["DailySchedule", "daily", "xs:string", "Yes", "None", "None"],
    ["WeeklySchedul", "weekly", "xs:string", "Yes", "None", "None"],
]
SUB_GHZ_ITEMS = [
    ["LowerBandSubGHzChannels0To26", "lower", "sr:Channels0To26", "Yes", "None", "None"],
    ["UpperBandSubGHzChannels0To26", "upper", "sr:Channels0To26", "Yes", "None", "None"],
    ["FirmwareVersion", "version", "xs:hexBinary", "No", "None", "None"],
]
TableWriter = Callable[[DocxBuilder, list[list[object]]], None]


def plain_table(doc: DocxBuilder, rows: list[list[object]]) -> None:
    doc.table(rows, header_rows=1)


def duis_spec(
    path: Path,
    data_items: TableWriter = plain_table,
    items: list[list[object]] | None = None,
    doc: DocxBuilder | None = None,
    after_items: Callable[[DocxBuilder], None] | None = None,
) -> Path:
    """A small DUIS specification of the two SRVs of tests/test_rules_spec.py's schema: `data_items` writes each
    Specific Data Items table (header first), `items` replaces 3.8.1.2's rows."""
    doc = doc or DocxBuilder("typed")
    doc.heading(1, "Services", "3")
    doc.heading(2, "Response Codes", "3.5")
    doc.table(
        [["Response Code", "Response Code Name", "Response Code Type", "Response Code Description"],
         ["I0", "Success", "Informational", "Processed"], ["E63", "Bad", "Error", "Rejected"],
         ["E64", "Worse", "Error", "Rejected"], ["E65", "Third", "Error", "Rejected"]],
        header_rows=1,
    )  # fmt: skip
    doc.heading(2, "Service Requests", "3.8")
    doc.heading(3, "Create Schedule", "3.8.1")
    doc.heading(4, "Service Description", "3.8.1.1")
    doc.table([["Attribute", "Value"], ["Service Reference Variant", "5.1"], ["Body Element", "CreateSchedule"],
               ["Eligible Users", "Import Supplier, Gas Supplier"]], header_rows=1)  # fmt: skip
    doc.heading(4, "Specific Data Items", "3.8.1.2")
    data_items(doc, [DATA_HEADER, *(CREATE_SCHEDULE_ITEMS if items is None else items)])
    if after_items:
        after_items(doc)
    doc.heading(3, "Set CHF Sub GHz Configuration", "3.8.2")
    doc.heading(4, "Service Description", "3.8.2.1")
    doc.table([["Attribute", "Value"], ["Service Reference Variant", "6.28"],
               ["Body Element", "SetCHFSubGHzConfiguration"],
               ["Eligible Users", "Import Supplier, Export Supplier, Gas Supplier"]], header_rows=1)  # fmt: skip
    doc.heading(4, "Specific Data Items", "3.8.2.2")
    data_items(doc, [DATA_HEADER, *SUB_GHZ_ITEMS])
    return doc.save(path)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("schema.xsd").write_text(SCHEMA, encoding="utf-8")
    Path("matrix.json").write_text(json.dumps(MATRIX), encoding="utf-8")
    return tmp_path


def check(spec: Path, *options: str) -> dict:
    return check_json("schema.xsd", extra=("--spec", spec.name, "--spec", "matrix.json", "--select", "SP", *options))


def findings(spec: Path, *options: str) -> list[tuple]:
    """The spec's findings as a user compares two runs: everything but the file's name."""

    def where(loc: dict) -> tuple:
        return loc.get("section"), loc.get("table"), loc.get("row")

    return sorted(
        (f["rule"], f["subject"], f["message"].replace(spec.name, "SPEC"), where(f["location"]))
        for f in check(spec, *options)["findings"]
    )


@pytest.fixture
def plain(folder) -> list[tuple]:
    found = findings(duis_spec(folder / "plain.docx"))
    rules = {rule for rule, *_ in found}
    assert {"SP201", "SP202", "SP205"} <= rules, found  # the planted defects, to be found in every shape
    return found


def notices(path: Path) -> list[str]:
    return read_spec(str(path), path.name).notices


# =================================================================================================== item 6


CONTROLS = {
    "table-sdt": {"table": ("sdt",)},
    "row-sdt": {"row": ("sdt",)},
    "cell-sdt": {"cell": ("sdt",)},
    "content-sdt": {"content": ("sdt",)},
    "table-customXml": {"table": ("customXml",)},
    "row-customXml": {"row": ("customXml",)},
    "cell-customXml": {"cell": ("customXml",)},
    "content-customXml": {"content": ("customXml",)},
    "nested-everywhere": {
        "table": ("sdt", "customXml"),
        "row": ("customXml", "sdt"),
        "cell": ("sdt", "sdt"),
        "content": ("customXml", "sdt", "customXml"),
    },  # fmt: skip
}


@pytest.mark.parametrize("controls", CONTROLS.values(), ids=CONTROLS.keys())
def test_data_item_tables_in_content_controls_give_the_findings_of_plain_ones(folder, plain, controls):
    def wrapped(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table(rows, header_rows=1, controls=controls)

    assert findings(duis_spec(folder / "wrapped.docx", wrapped)) == plain


def test_content_controls_around_the_data_item_column_only(folder, plain):
    def item_column_wrapped(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table(rows, header_rows=1, controls={"content": ("sdt",)}, control_columns=[0])

    assert findings(duis_spec(folder / "wrapped.docx", item_column_wrapped)) == plain


@pytest.mark.parametrize("kind", ["sdt", "customXml", "smartTag", "hyperlink"])
def test_runs_inside_paragraph_level_wrappers_are_read_in_cells(folder, plain, kind):
    def split_names(doc: DocxBuilder, rows: list[list[object]]) -> None:
        # each item name written half plain, half inside the wrapper (a content control around part of a cell)
        cells = [row if n == 0 else [[row[0][:5], Wrapped(kind, row[0][5:])], *row[1:]] for n, row in enumerate(rows)]
        doc.table(cells, header_rows=1)

    assert findings(duis_spec(folder / "wrapped.docx", split_names)) == plain


# =================================================================================================== item 7


@pytest.mark.parametrize("between", ["page-break", "section-break", "nothing"])
@pytest.mark.parametrize("header", ["repeated", "not-repeated"])
def test_a_table_split_in_two_is_checked_as_one(folder, plain, between, header):
    def split(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table(rows[:3], header_rows=1)  # the header and two data rows; the duplicate is on the next page
        {"page-break": doc.page_break, "section-break": doc.section_break, "nothing": lambda: doc}[between]()
        doc.table(([rows[0]] if header == "repeated" else []) + rows[3:], header_rows=int(header == "repeated"))

    assert findings(duis_spec(folder / "split.docx", split)) == plain


def test_a_table_split_in_three_is_checked_as_one(folder, plain):
    def split(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table(rows[:2], header_rows=1)
        doc.page_break()
        doc.table([rows[0], *rows[2:4]], header_rows=1)
        if rows[4:]:
            doc.page_break()
            doc.table(rows[4:])

    assert findings(duis_spec(folder / "split.docx", split)) == plain


def test_tables_with_text_between_them_stay_two(folder):
    def two(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table(rows[:3], header_rows=1)
        doc.paragraph("The items of the optional schedule follow.")
        doc.table([rows[0], *rows[3:]], header_rows=1)

    spec = read_spec(str(duis_spec(folder / "two.docx", two)), "two.docx")
    assert [len(t.rows) for t in spec.tables if t.section and t.section.number == "3.8.1.2"] == [2, 3]


def test_a_header_row_repeated_mid_table_is_not_a_data_item(folder, plain):
    def repeated(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table([*rows[:3], rows[0], *rows[3:]], header_rows=1)

    assert findings(duis_spec(folder / "repeated.docx", repeated)) == plain


def test_a_marked_header_row_mid_table_in_other_words_is_not_a_data_item(folder, plain):
    reworded = ["Data Item Name", "Description", "Type", "Mandatory (M/O)", "Default", "Units"]

    def repeated(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table([*rows[:3], reworded, *rows[3:]], header_rows=1, marked_header_rows=[3])

    assert findings(duis_spec(folder / "repeated.docx", repeated)) == plain


def test_hidden_text_in_cells_is_not_read(folder, plain):
    def with_hidden(doc: DocxBuilder, rows: list[list[object]]) -> None:
        shown = [rows[0], *([[row[0], Hidden(" (was StartDate)")], *row[1:]] for row in rows[1:])]
        doc.table([*shown, [Hidden("DraftItem"), Hidden("a draft"), Hidden("xs:int"), Hidden("Yes"), "", ""]],
                  header_rows=1)  # fmt: skip

    assert findings(duis_spec(folder / "hidden.docx", with_hidden)) == plain


def test_text_in_hidden_styles_is_not_read(folder, plain):
    doc = DocxBuilder("typed").hidden_style("DraftNote", "character")

    def with_hidden(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table([rows[0], *([[row[0], CharStyle("DraftNote", "Draft")], *row[1:]] for row in rows[1:])],
                  header_rows=1)  # fmt: skip

    assert findings(duis_spec(folder / "hidden.docx", with_hidden, doc=doc)) == plain


def test_a_hidden_paragraph_is_not_read(folder):
    def fax_note(doc: DocxBuilder) -> None:
        doc.paragraph("Results are sent by fax.", hidden=True)

    def styled_fax_note(doc: DocxBuilder) -> None:
        doc.paragraph("Results are sent by fax.", style="Withdrawn")

    def visible_fax_note(doc: DocxBuilder) -> None:
        doc.paragraph("Results are sent by fax.")

    assert findings_of(check(duis_spec(folder / "shown.docx", after_items=visible_fax_note)), "SP404")
    assert not findings_of(check(duis_spec(folder / "hidden.docx", after_items=fax_note)), "SP404")
    doc = DocxBuilder("typed").hidden_style("Withdrawn")
    assert not findings_of(check(duis_spec(folder / "styled.docx", doc=doc, after_items=styled_fax_note)), "SP404")


def test_a_hidden_heading_is_not_a_section_but_still_counts_in_the_list_numbering(tmp_path):
    doc = DocxBuilder("list")
    doc.heading(1, "Services")
    doc.heading(2, "Withdrawn Service", hidden=True)
    doc.heading(2, "Service Requests")
    spec = read_spec(str(doc.save(tmp_path / "spec.docx")), "spec.docx")
    assert [(s.number, s.title) for s in spec.sections] == [("1", "Services"), ("1.2", "Service Requests")]


def test_a_tracked_cell_deletion_is_gone_in_the_accepted_view_only(folder):
    # the Type cell of ScheduleEndDate's row was replaced, cell by cell: xs:string deleted, xs:date inserted
    changed = ["ScheduleEndDate", "end", Cell("xs:string", change="del"), Cell("xs:date", change="ins"), "No", "None",
               "None"]  # fmt: skip
    items = [CREATE_SCHEDULE_ITEMS[0], changed, *CREATE_SCHEDULE_ITEMS[3:4],
             ["WeeklySchedule", "weekly", "xs:string", "Yes", "None", "None"]]  # fmt: skip
    spec = duis_spec(folder / "cells.docx", items=items)
    assert check(spec, "--revisions", "accepted")["findings"] == []
    (type_finding,) = check(spec, "--revisions", "original")["findings"]
    assert (type_finding["rule"], type_finding["subject"]) == ("SP204", "ScheduleEndDate")


def test_a_vertical_merge_continuation_with_nothing_above_keeps_its_text(folder, plain):
    def merged(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table([rows[0], [Cell(rows[1][0], vmerge="continue"), *rows[1][1:]], *rows[2:]], header_rows=1)

    assert findings(duis_spec(folder / "merged.docx", merged)) == plain


def test_an_embedded_chunk_is_said_to_be_unread(folder):
    def chunk(doc: DocxBuilder) -> None:
        doc.alt_chunk("<html><body><p>WeeklySchedule is optional.</p></body></html>")

    path = duis_spec(folder / "chunk.docx", after_items=chunk)
    assert notices(path) == [
        "chunk.docx: §3.8.1.2 Specific Data Items: an embedded document (w:altChunk, word/afchunk1.htm) could not be "
        "read: what it holds is not checked (Word imports it when it opens the document; saved from Word, it is "
        "ordinary text)"
    ]
    assert notices(duis_spec(folder / "plain.docx")) == []


def test_an_embedded_chunk_in_a_table_cell_is_said_to_be_unread(folder):
    def chunk_in_a_cell(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table([*rows, [Cell("", alt_chunk="<p>WeeklySchedule</p>"), "", "", "", "", ""]], header_rows=1)

    said = notices(duis_spec(folder / "chunk.docx", chunk_in_a_cell))
    assert [notice.split(" could not be read: ")[0] for notice in said] == [
        "chunk.docx: §3.8.1.2 Specific Data Items: an embedded document (w:altChunk, word/afchunk1.htm)",
        "chunk.docx: §3.8.2.2 Specific Data Items: an embedded document (w:altChunk, word/afchunk2.htm)",
    ]


def test_a_strict_ooxml_document_is_read_as_a_transitional_one(folder, plain):
    assert findings(duis_spec(folder / "strict.docx", doc=DocxBuilder("typed", conformance="strict"))) == plain


def test_a_strict_list_numbered_document_keeps_its_numbers(tmp_path):
    doc = DocxBuilder("style", conformance="strict")
    doc.heading(1, "Services")
    doc.heading(2, "Service Requests")
    doc.paragraph("Sent by email.")
    spec = read_spec(str(doc.save(tmp_path / "strict.docx")), "strict.docx")
    assert [(s.number, s.title) for s in spec.sections] == [("1", "Services"), ("1.1", "Service Requests")]


def test_a_document_part_that_is_not_wordprocessingml_is_one_line_naming_the_file(tmp_path):
    parts = DocxBuilder("typed").parts()
    parts["word/document.xml"] = '<?xml version="1.0"?><document xmlns="urn:other"><body/></document>'
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    run = cli("extract", path)
    assert run.code == 2 and run.out == ""
    assert run.err.strip().splitlines() == [
        f"duislint: error: {path}: word/document.xml is not WordprocessingML (its root element is in the namespace "
        "urn:other)"
    ]


def test_an_unrecognised_table_under_specific_data_items_is_said(folder):
    def reworded(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table([["Item", "Meaning", "Kind", "Required"], *(row[:4] for row in rows[1:])], header_rows=1)

    path = duis_spec(folder / "reworded.docx", reworded)
    assert notices(path) == [
        f"reworded.docx: §{number} Specific Data Items: table {table} is not read as a data-item table: its first row "
        f'("Item | Meaning | Kind | Required") does not name the Data Item, Type and Mandatory columns: its {rows} '
        "rows are not checked"
        for number, table, rows in (("3.8.1.2", 3, 6), ("3.8.2.2", 5, 4))
    ]


def test_reading_a_reshaped_document_twice_gives_the_same_notices(folder):
    def reworded(doc: DocxBuilder, rows: list[list[object]]) -> None:
        doc.table([["Item", "Kind", "Required"], *(row[:3] for row in rows[1:])])

    path = duis_spec(folder / "reworded.docx", reworded, after_items=lambda doc: doc.alt_chunk("<p>x</p>"))
    assert notices(path) == notices(path) and len(notices(path)) == 3


def test_what_a_document_hides_is_said_on_stderr_by_check_extract_and_diff(folder):
    def chunk(doc: DocxBuilder) -> None:
        doc.alt_chunk("<html><body><p>WeeklySchedule is optional.</p></body></html>")

    path = duis_spec(folder / "chunk.docx", after_items=chunk)
    warning = "duislint: warning: chunk.docx: §3.8.1.2 Specific Data Items: an embedded document (w:altChunk"
    checked = cli("check", "schema.xsd", "--spec", path.name, "--fail-on", "never")
    assert checked.code == 0 and warning in checked.err
    assert warning not in cli("check", "schema.xsd", "--spec", path.name, "--quiet", "--fail-on", "never").err
    extracted = cli("extract", path.name, "--format", "json")
    assert extracted.code == 0 and warning in extracted.err and warning not in extracted.out
    compared = cli("diff", "schema.xsd", "schema.xsd", "--spec", path.name, "--fail-on", "never")
    assert compared.err.count(warning) == 1

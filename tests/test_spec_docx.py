"""The Word (.docx) specification reader: every normalisation and docx feature, each with a case that fails without it.

Documents come from tests/docxgen.py (raw OOXML, as Word writes it); a few features docxgen does not write (custom
heading styles, direct outline levels, nested tables, content controls, hyperlinks) are made by editing its parts.
Assertions are on the Spec model (`read_spec`) and on `duislint extract` (JSON and Markdown).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duislint.spec import model
from duislint.spec.build import read_spec
from duislint.spec.model import Spec
from duislint.spec.text import item_name
from tests.docxgen import (
    Bookmark,
    Break,
    Cell,
    Del,
    DocxBuilder,
    Ins,
    MoveFrom,
    MoveTo,
    NoBreakHyphen,
    PageRef,
    Para,
    Ref,
    SimpleRef,
    SoftHyphen,
    Tab,
)
from tests.helpers import Run, cli

# --------------------------------------------------------------------------------------------------- helpers


def read(doc: DocxBuilder, tmp_path: Path, revisions: str = "accepted", name: str = "spec.docx") -> Spec:
    path = doc.save(tmp_path / name)
    return read_spec(str(path), name, revisions)


def outline(spec: Spec) -> list[tuple[str, str, int]]:
    return [(s.number, s.title, s.level) for s in spec.sections]


def texts(spec: Spec) -> list[str]:
    return [p.text for p in spec.paragraphs]


def save_edited(doc: DocxBuilder, path: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """The builder's package with some parts rewritten (for OOXML docxgen does not write)."""
    parts = doc.parts()
    for name, edit in edits.items():
        changed = edit(parts[name])
        assert changed != parts[name], f"the edit of {name} changed nothing"
        parts[name] = changed
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


def read_edited(doc: DocxBuilder, tmp_path: Path, edits: dict[str, Callable[[str], str]], revisions="accepted"):
    path = save_edited(doc, tmp_path / "edited.docx", edits)
    return read_spec(str(path), "edited.docx", revisions)


def table_xml(rows) -> str:  # noqa: ANN001
    """The w:tbl element docxgen writes for `rows` (to nest it, or wrap it, by editing document.xml)."""
    inner = DocxBuilder("typed")
    inner.table(rows)
    return re.search(r"<w:tbl>.*</w:tbl>", inner.raw_document_xml()).group(0)


def mark_last_paragraph(doc: DocxBuilder, change: str) -> None:
    """Track the last paragraph's mark as inserted/deleted (w:pPr/w:rPr/w:ins|w:del), as Word does when a whole
    paragraph is inserted or deleted. docxgen writes such marks only for table rows, so set its block directly."""
    doc._blocks[-1].mark = change


def extract(*args: str | Path) -> Run:
    return cli("extract", *args)


# =================================================================================================== headings


def test_typed_numbers_are_split_from_the_title(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Service Requests", "3")
    doc.heading(2, "Update Import Tariff", "3.8")
    doc.heading(4, "Specific Data Items", "3.8.82.2")
    spec = read(doc, tmp_path)
    assert outline(spec) == [
        ("3", "Service Requests", 1),
        ("3.8", "Update Import Tariff", 2),
        ("3.8.82.2", "Specific Data Items", 4),
    ]


@pytest.mark.parametrize("separator", ["\t", "\u00a0", ". ", "  "], ids=["tab", "nbsp", "dot", "two-spaces"])
def test_typed_number_separators(tmp_path, separator):
    doc = DocxBuilder("typed", typed_separator=separator)
    doc.heading(2, "Update Import Tariff", "3.8")
    assert outline(read(doc, tmp_path)) == [("3.8", "Update Import Tariff", 2)]


def test_headings_by_style_name_when_styles_have_no_outline_level(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Service Requests", "3")
    doc.heading(3, "Specific Data Items", "3.8.1")
    doc.paragraph("Body text.")
    spec = read_edited(doc, tmp_path, {"word/styles.xml": lambda s: re.sub(r'<w:outlineLvl w:val="\d"/>', "", s)})
    assert outline(spec) == [("3", "Service Requests", 1), ("3.8.1", "Specific Data Items", 3)]
    assert texts(spec) == ["Body text."]


def test_headings_by_outline_level_of_a_style_not_named_heading(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Service Requests", "3")
    doc.heading(2, "Update Import Tariff", "3.8")
    spec = read_edited(
        doc, tmp_path, {"word/styles.xml": lambda s: re.sub(r'w:val="heading (\d)"', r'w:val="DUIS Level \1"', s)}
    )
    assert outline(spec) == [("3", "Service Requests", 1), ("3.8", "Update Import Tariff", 2)]


def test_heading_style_inherits_its_outline_level_through_based_on(tmp_path):
    doc = DocxBuilder("typed")
    doc.paragraph("3.9.7 Custom Styled Heading", style="DuisHeading")
    custom = (
        '<w:style w:type="paragraph" w:styleId="DuisHeading"><w:name w:val="DUIS heading"/>'
        '<w:basedOn w:val="Heading3"/></w:style></w:styles>'
    )
    spec = read_edited(doc, tmp_path, {"word/styles.xml": lambda s: s.replace("</w:styles>", custom)})
    assert outline(spec) == [("3.9.7", "Custom Styled Heading", 3)]


def test_direct_outline_level_on_a_normal_paragraph_makes_a_heading(tmp_path):
    doc = DocxBuilder("typed")
    doc.paragraph("3.5 Outlined By Hand", style="Normal")
    doc.paragraph("Plain body text.")
    spec = read_edited(
        doc,
        tmp_path,
        {
            "word/document.xml": lambda s: s.replace(
                '<w:pStyle w:val="Normal"/>', '<w:pStyle w:val="Normal"/><w:outlineLvl w:val="1"/>'
            )
        },
    )
    assert outline(spec) == [("3.5", "Outlined By Hand", 2)]
    assert texts(spec) == ["Plain body text."]


def test_list_numbering_bound_to_the_paragraph(tmp_path):
    doc = DocxBuilder("list")
    for level, title in [(1, "A"), (2, "B"), (2, "C"), (3, "D"), (4, "E"), (4, "F"), (3, "G"), (1, "H"), (2, "I")]:
        doc.heading(level, title)
    assert outline(read(doc, tmp_path)) == [
        ("1", "A", 1),
        ("1.1", "B", 2),
        ("1.2", "C", 2),
        ("1.2.1", "D", 3),  # lvlText %1.%2.%3
        ("1.2.1.1", "E", 4),
        ("1.2.1.2", "F", 4),
        ("1.2.2", "G", 3),
        ("2", "H", 1),
        ("2.1", "I", 2),  # a level restarts after a higher one by default
    ]


@pytest.mark.parametrize("based_on", ["chain", "flat"])
def test_list_numbering_bound_to_the_style_through_based_on(tmp_path, based_on):
    doc = DocxBuilder("style", style_based_on=based_on)
    for level, title in [(1, "A"), (2, "B"), (3, "C"), (3, "D"), (2, "E"), (1, "F"), (2, "G")]:
        doc.heading(level, title)
    assert outline(read(doc, tmp_path)) == [
        ("1", "A", 1),
        ("1.1", "B", 2),
        ("1.1.1", "C", 3),
        ("1.1.2", "D", 3),
        ("1.2", "E", 2),
        ("2", "F", 1),
        ("2.1", "G", 2),
    ]


@pytest.mark.parametrize("mode", ["list", "style"])
def test_level_start_values(tmp_path, mode):
    doc = DocxBuilder(mode, level_starts={1: 3, 2: 8})
    for level, title in [(1, "A"), (2, "B"), (2, "C"), (1, "D"), (2, "E"), (3, "F")]:
        doc.heading(level, title)
    assert [n for n, _, _ in outline(read(doc, tmp_path))] == ["3", "3.8", "3.9", "4", "4.8", "4.8.1"]


@pytest.mark.parametrize("mode", ["list", "style"])
def test_start_override_restarts_a_level(tmp_path, mode):
    doc = DocxBuilder(mode)
    doc.heading(1, "A").heading(2, "B").heading(1, "C")
    doc.restart_numbering_at(1, 1)
    doc.heading(1, "D").heading(2, "E")
    doc.restart_numbering_at(2, 7)
    doc.heading(2, "F").heading(2, "G")
    assert [n for n, _, _ in outline(read(doc, tmp_path))] == ["1", "1.1", "2", "1", "1.1", "1.7", "1.8"]


def test_lvl_restart_restarts_only_after_the_named_level(tmp_path):
    # level 3 restarts only when level 1 (or higher) is used, not after level 2
    doc = DocxBuilder("list", level_restarts={3: 1})
    for level, title in [(1, "A"), (2, "B"), (3, "C"), (2, "D"), (3, "E"), (1, "F"), (2, "G"), (3, "H")]:
        doc.heading(level, title)
    assert [n for n, _, _ in outline(read(doc, tmp_path))] == [
        "1", "1.1", "1.1.1", "1.2", "1.2.2", "2", "2.1", "2.1.1",
    ]  # fmt: skip


def test_lvl_restart_of_level_4_after_level_2(tmp_path):
    doc = DocxBuilder("style", level_restarts={4: 2})
    for level, title in [(1, "A"), (2, "B"), (3, "C"), (4, "D"), (3, "E"), (4, "F"), (2, "G"), (3, "H"), (4, "I")]:
        doc.heading(level, title)
    assert [n for n, _, _ in outline(read(doc, tmp_path))] == [
        "1", "1.1", "1.1.1", "1.1.1.1", "1.1.2", "1.1.2.2", "1.2", "1.2.1", "1.2.1.1",
    ]  # fmt: skip


def test_lvl_restart_zero_never_restarts(tmp_path):
    doc = DocxBuilder("style", level_restarts={2: 0})
    for level, title in [(1, "A"), (2, "B"), (2, "C"), (1, "D"), (2, "E")]:
        doc.heading(level, title)
    assert [n for n, _, _ in outline(read(doc, tmp_path))] == ["1", "1.1", "1.2", "2", "2.3"]


def test_other_number_formats_and_a_trailing_dot_in_lvl_text(tmp_path):
    doc = DocxBuilder("list")
    doc.heading(1, "Annex").heading(2, "Part").heading(1, "Annex").heading(2, "Part")

    def letters_for_level_1(numbering: str) -> str:
        numbering = re.sub(
            r'(<w:lvl w:ilvl="0">.*?)<w:numFmt w:val="decimal"/>(.*?)<w:lvlText w:val="%1"/>',
            r'\1<w:numFmt w:val="upperLetter"/>\2<w:lvlText w:val="%1."/>',
            numbering,
            count=1,
        )
        return numbering.replace('<w:lvlText w:val="%1.%2"/>', '<w:lvlText w:val="%1.%2."/>')

    spec = read_edited(doc, tmp_path, {"word/numbering.xml": letters_for_level_1})
    assert [n for n, _, _ in outline(spec)] == ["A", "A.1", "B", "B.1"]


def test_style_linked_to_a_list_level_by_the_level_pstyle(tmp_path):
    # a style whose numPr names the list but no w:ilvl takes the level whose w:pStyle names it, whatever its
    # outline level: here an outline-level-2 heading numbered at the list's third level
    doc = DocxBuilder("list")
    doc.heading(1, "A").heading(2, "B")
    doc.paragraph("Linked", style="LinkedHeading")
    linked = (
        '<w:style w:type="paragraph" w:styleId="LinkedHeading"><w:name w:val="Linked Heading"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr>'
        "</w:style></w:styles>"
    )
    spec = read_edited(
        doc,
        tmp_path,
        {
            "word/styles.xml": lambda s: s.replace("</w:styles>", linked),
            "word/numbering.xml": lambda s: s.replace(
                '<w:lvl w:ilvl="2">', '<w:lvl w:ilvl="2"><w:pStyle w:val="LinkedHeading"/>'
            ),
        },
    )
    assert outline(spec) == [("1", "A", 1), ("1.1", "B", 2), ("1.1.1", "Linked", 2)]


@pytest.mark.parametrize("mode", ["list", "style"])
def test_unnumbered_headings_keep_an_empty_number_and_do_not_count(tmp_path, mode):
    doc = DocxBuilder(mode)
    doc.heading(1, "Introduction", numbered=False)
    doc.heading(1, "A").heading(2, "B")
    doc.heading(2, "Note", numbered=False)
    doc.heading(2, "C")
    assert outline(read(doc, tmp_path)) == [
        ("", "Introduction", 1),
        ("1", "A", 1),
        ("1.1", "B", 2),
        ("", "Note", 2),
        ("1.2", "C", 2),
    ]


def test_numbering_through_a_list_style_link(tmp_path):
    doc = DocxBuilder("list", level_starts={1: 3})
    doc.heading(1, "A").heading(2, "B").heading(2, "C").heading(1, "D")

    def through_a_list_style(numbering: str) -> str:
        numbering = numbering.replace(
            '<w:multiLevelType w:val="multilevel"/>',
            '<w:multiLevelType w:val="multilevel"/><w:styleLink w:val="HeadingList"/>',
            1,
        )
        return numbering.replace(
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
            '<w:abstractNum w:abstractNumId="1"><w:nsid w:val="1D5A0C02"/><w:multiLevelType w:val="multilevel"/>'
            '<w:numStyleLink w:val="HeadingList"/></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
            '<w:num w:numId="9"><w:abstractNumId w:val="0"/></w:num>',
        )

    # as Word writes a list style: the style names a num of the defining abstractNum (the one with w:styleLink);
    # the paragraphs' num goes through an abstractNum that only has w:numStyleLink to the style
    list_style = (
        '<w:style w:type="numbering" w:styleId="HeadingList"><w:name w:val="Heading List"/>'
        '<w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    spec = read_edited(
        doc,
        tmp_path,
        {"word/numbering.xml": through_a_list_style, "word/styles.xml": lambda s: s.replace("</w:styles>", list_style)},
    )
    assert [n for n, _, _ in outline(spec)] == ["3", "3.1", "3.2", "4"]


@pytest.mark.parametrize("mode", ["typed", "list", "style"])
def test_word_document_whose_headings_are_all_unnumbered(tmp_path, mode):
    doc = DocxBuilder(mode)
    doc.heading(1, "Document Control", numbered=False)
    doc.heading(2, "Change History", numbered=False)
    assert outline(read(doc, tmp_path)) == [("", "Document Control", 1), ("", "Change History", 2)]


def test_unnumbered_heading_in_a_typed_document(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Document Control", numbered=False)
    doc.heading(1, "Introduction", "1")
    doc.table([["Term", "Definition"], ["DCC", "Data and Communications Company"]])
    spec = read(doc, tmp_path)
    assert outline(spec) == [("", "Document Control", 1), ("1", "Introduction", 1)]
    assert spec.tables[0].section.number == "1"


def test_typed_number_wins_when_typed_in_a_list_numbered_document(tmp_path):
    # a heading with its number typed into the text in a document whose other headings are numbered by the list
    doc = DocxBuilder("list")
    doc.heading(1, "A")
    doc.heading(1, "7.4 Typed", numbered=False)
    assert outline(read(doc, tmp_path)) == [("1", "A", 1), ("7.4", "Typed", 1)]


@pytest.mark.parametrize("mode", ["list", "style"])
def test_list_numbered_heading_whose_title_starts_with_a_number(tmp_path, mode):
    doc = DocxBuilder(mode)
    doc.heading(1, "Readings")
    doc.heading(2, "24 Hour Readings")
    assert outline(read(doc, tmp_path)) == [("1", "Readings", 1), ("1.1", "24 Hour Readings", 2)]


def test_line_break_in_a_list_numbered_heading_title_is_a_space(tmp_path):
    doc = DocxBuilder("list")
    doc.heading(1, ["Service Request", Break(), "Definitions"])
    assert outline(read(doc, tmp_path)) == [("1", "Service Request Definitions", 1)]


def test_line_break_in_a_typed_heading_title_is_a_space(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, ["Service Request", Break(), "Definitions"], "3")
    assert outline(read(doc, tmp_path)) == [("3", "Service Request Definitions", 1)]


@pytest.mark.parametrize("mode", ["list", "style"])
def test_wholly_deleted_or_inserted_heading_is_gone_and_not_numbered(tmp_path, mode):
    doc = DocxBuilder(mode)
    doc.heading(1, "A").heading(2, "B")
    doc.heading(2, Del("Withdrawn"))
    mark_last_paragraph(doc, "del")
    doc.heading(2, "C")
    doc.heading(2, Ins("Added"))
    mark_last_paragraph(doc, "ins")
    doc.heading(2, "D")
    assert outline(read(doc, tmp_path)) == [
        ("1", "A", 1),
        ("1.1", "B", 2),
        ("1.2", "C", 2),
        ("1.3", "Added", 2),
        ("1.4", "D", 2),
    ]
    assert outline(read(doc, tmp_path, "original")) == [
        ("1", "A", 1), ("1.1", "B", 2), ("1.2", "Withdrawn", 2), ("1.3", "C", 2), ("1.4", "D", 2),
    ]  # fmt: skip


@pytest.mark.parametrize("mode", ["list", "style"])
def test_wholly_moved_heading_is_only_at_its_destination(tmp_path, mode):
    doc = DocxBuilder(mode)
    doc.heading(1, "A")
    doc.heading(2, MoveFrom("Moved", name="move1"))
    mark_last_paragraph(doc, "moveFrom")
    doc.heading(2, "B").heading(2, "C")
    doc.heading(2, MoveTo("Moved", name="move1"))
    mark_last_paragraph(doc, "moveTo")
    assert outline(read(doc, tmp_path)) == [("1", "A", 1), ("1.1", "B", 2), ("1.2", "C", 2), ("1.3", "Moved", 2)]
    assert outline(read(doc, tmp_path, "original")) == [
        ("1", "A", 1), ("1.1", "Moved", 2), ("1.2", "B", 2), ("1.3", "C", 2),
    ]  # fmt: skip


def test_tracked_paragraph_style_change_in_the_original_view(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Top", "3")
    doc.heading(3, "Changed Level", "3.2")
    change = (
        '<w:pStyle w:val="Heading3"/><w:pPrChange w:id="90" w:author="a" w:date="2024-01-01T00:00:00Z">'
        '<w:pPr><w:pStyle w:val="Heading2"/></w:pPr></w:pPrChange>'
    )
    edits = {"word/document.xml": lambda s: s.replace('<w:pStyle w:val="Heading3"/>', change)}
    assert outline(read_edited(doc, tmp_path, edits)) == [("3", "Top", 1), ("3.2", "Changed Level", 3)]
    assert outline(read_edited(doc, tmp_path, edits, "original")) == [("3", "Top", 1), ("3.2", "Changed Level", 2)]


# =================================================================================================== tables


def test_tables_in_document_order_with_their_section(tmp_path):
    doc = DocxBuilder("list")
    doc.table([["Before", "Any"], ["x", "y"]])
    doc.heading(1, "Definitions")
    doc.table([["Term", "Definition"], ["DCC", "Data and Communications Company"]])
    doc.heading(2, "Responses")
    doc.paragraph("Text between.")
    doc.table([["Response Code", "Response Code Name"], ["I0", "Success"]])
    doc.table([["Attribute", "Value"], ["Eligible User Roles", "IS"]])
    doc.heading(1, "Alerts")
    doc.table([["DCC Alert Code", "Alert Data Item"], ["N1", "MeterReading"]])
    spec = read(doc, tmp_path)
    got = [(t.index, t.section.number if t.section else None, t.kind) for t in spec.tables]
    assert got == [
        (1, None, model.UNKNOWN),
        (2, "1", model.TERMS),
        (3, "1.1", model.RESPONSE_CODES),
        (4, "1.1", model.SERVICE_DESCRIPTION),
        (5, "2", model.ALERT_CODES),
    ]
    assert [t.location.table for t in spec.tables] == [1, 2, 3, 4, 5]
    assert spec.tables[2].location.section == "1.1" and spec.tables[0].location.section is None
    assert spec.tables[2].rows[0].location.row == 1 and spec.tables[2].rows[0].location.table == 3


MATRIX_HEADER = [
    "Service Request Name", "Service Reference", "Service Reference Variant", "Critical", "On Demand",
    "Future Dated", "DCC Scheduled", "Eligible User Roles",
]  # fmt: skip

KINDS = [
    (["Term", "Definition"], model.TERMS, {"term": 0, "definition": 1}),
    (["TERM", " definition "], model.TERMS, {"term": 0, "definition": 1}),
    (["Expression", "Meaning"], model.TERMS, {"term": 0, "definition": 1}),
    (
        MATRIX_HEADER,
        model.MATRIX,
        {"name": 0, "sr": 1, "srv": 2, "critical": 3, "on_demand": 4, "dcc_scheduled": 6, "roles": 7},
    ),
    (  # columns in another order, case and spacing variants, a line break inside a header cell
        ["SERVICE REQUEST NAME", "Service Reference\nVariant", "Service  Reference", "Eligible User\u00a0Roles"],
        model.MATRIX,
        {"name": 0, "srv": 1, "sr": 2, "roles": 3},
    ),
    (
        ["Response Code", "Response Code Name", "Response Code Type", "Response Code Description"],
        model.RESPONSE_CODES,
        {"code": 0, "name": 1, "type": 2, "description": 3},
    ),
    (
        ["response code", "Name", "Type", "Description"],
        model.RESPONSE_CODES,
        {"code": 0, "name": 1, "type": 2, "description": 3},
    ),
    (
        ["DCC Alert Code", "DCC Alert Code Name", "Alert Data Item"],
        model.ALERT_CODES,
        {"code": 0, "name": 1, "item": 2},
    ),
    (["dcc alert code", "Alert  Data Item"], model.ALERT_CODES, {"code": 0, "item": 1}),
    (["Attribute", "Value"], model.SERVICE_DESCRIPTION, {"attribute": 0, "value": 1}),
    (["ATTRIBUTE", "value"], model.SERVICE_DESCRIPTION, {"attribute": 0, "value": 1}),
    (
        ["Data Item", "Description / Valid Set", "Type", "Mandatory", "Default", "Units"],
        model.DATA_ITEMS,
        {"item": 0, "description": 1, "type": 2, "mandatory": 3, "default": 4, "units": 5},
    ),
    (
        ["Data Item Name", "Description/Valid Set", "TYPE", "Mandatory (M/O)"],
        model.DATA_ITEMS,
        {"item": 0, "description": 1, "type": 2, "mandatory": 3},
    ),
    (["Data\u00a0Item", "Ty\u00adpe", "Manda\u200btory"], model.DATA_ITEMS, {"item": 0, "type": 1, "mandatory": 2}),
    (["Name", "Colour"], model.UNKNOWN, {}),
    (["Data Item", "Description"], model.UNKNOWN, {}),  # no Type, no Mandatory: not a data-item table
    (["Term", "Term"], model.UNKNOWN, {}),
]


@pytest.mark.parametrize(("header", "kind", "columns"), KINDS, ids=[f"{k}-{i}" for i, (_, k, _) in enumerate(KINDS)])
def test_table_kind_and_columns_by_header_wording(tmp_path, header, kind, columns):
    doc = DocxBuilder("typed")
    doc.table([header, [f"v{i}" for i in range(len(header))]])
    table = read(doc, tmp_path).tables[0]
    assert table.kind == kind
    assert table.columns == columns
    assert [r.cells for r in table.rows] == [tuple(f"v{i}" for i in range(len(header)))]


def test_unrecognised_table_is_kept_with_its_first_row_as_header(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Colour", "Shade"], ["red", "dark"], ["blue", "light"]])
    (table,) = read(doc, tmp_path).tables
    assert table.kind == model.UNKNOWN
    assert table.header == ("Colour", "Shade")
    assert [r.cells for r in table.rows] == [("red", "dark"), ("blue", "light")]


def test_merged_group_header_row_above_the_real_header(tmp_path):
    doc = DocxBuilder("typed")
    doc.table(
        [
            [Cell("Update Import Tariff (Primary Element) Data Items", span=4)],
            ["Data Item", "Description / Valid Set", "Type", "Mandatory"],
            ["Price", "The price", "xs:int", "M"],
        ]
    )
    (table,) = read(doc, tmp_path).tables
    assert table.kind == model.DATA_ITEMS
    assert table.header == ("Data Item", "Description / Valid Set", "Type", "Mandatory")
    assert [(r.index, r.cells) for r in table.rows] == [(1, ("Price", "The price", "xs:int", "M"))]


def test_grid_span_repeats_the_cell_over_its_columns(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Attribute", "Value", "Note"], ["Roles", Cell("IS, GS", span=2)], [Cell("All three", span=3)]])
    (table,) = read(doc, tmp_path).tables
    assert [r.cells for r in table.rows] == [("Roles", "IS, GS", "IS, GS"), ("All three",) * 3]


def test_vertical_merge_continued_cells_repeat_the_restart_cell(tmp_path):
    doc = DocxBuilder("typed")
    doc.table(
        [
            ["Data Item", "Type", "Mandatory"],
            [Cell("Tariff", vmerge="restart"), "xs:int", "M"],
            [Cell("", vmerge="continue"), "xs:string", "O"],
            [Cell("", vmerge="continue"), "xs:date", "M"],
            ["Other", Cell("shared", vmerge="restart"), "M"],
            ["Next", Cell("", vmerge="continue"), "O"],
            ["Last", "xs:int", "M"],
        ]
    )
    (table,) = read(doc, tmp_path).tables
    assert [r.cells for r in table.rows] == [
        ("Tariff", "xs:int", "M"),
        ("Tariff", "xs:string", "O"),
        ("Tariff", "xs:date", "M"),
        ("Other", "shared", "M"),
        ("Next", "shared", "O"),
        ("Last", "xs:int", "M"),
    ]


def test_vertical_merge_of_a_spanned_cell(tmp_path):
    doc = DocxBuilder("typed")
    doc.table(
        [["A", "B", "C"], [Cell("wide", span=2, vmerge="restart"), "1"], [Cell("", span=2, vmerge="continue"), "2"]]
    )
    (table,) = read(doc, tmp_path).tables
    assert [r.cells for r in table.rows] == [("wide", "wide", "1"), ("wide", "wide", "2")]


def test_grid_before_leaves_the_first_columns_empty(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Data Item", "Type", "Mandatory"], ["A", "xs:int", "M"], ["@@", "xs:date", "O"]])

    def start_the_last_row_one_column_in(document: str) -> str:
        marker = document.index("@@")
        row = document.rindex("<w:tr>", 0, marker)
        cell_end = document.index("</w:tc>", marker) + len("</w:tc>")
        return document[:row] + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + document[cell_end:]

    spec = read_edited(doc, tmp_path, {"word/document.xml": start_the_last_row_one_column_in})
    assert [r.cells for r in spec.tables[0].rows] == [("A", "xs:int", "M"), ("", "xs:date", "O")]


def test_line_breaks_and_paragraphs_inside_a_cell_are_newlines(tmp_path):
    doc = DocxBuilder("typed")
    doc.table(
        [
            ["Attribute", "Value"],
            ["Roles", ["Import Supplier", Break(), "Gas Supplier"]],
            ["Text", [Para("First paragraph."), Para("Second", Break(), "line.")]],
            ["Typed", "one\ntwo"],
        ]
    )
    (table,) = read(doc, tmp_path).tables
    assert [r.cells[1] for r in table.rows] == [
        "Import Supplier\nGas Supplier",
        "First paragraph.\nSecond\nline.",
        "one\ntwo",
    ]


def test_nested_table_in_a_cell_reads_row_by_row(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Attribute", "Value"], ["Valid set", [Para("Values:"), Para("@@NESTED@@")]]])
    nested = table_xml([["0", "Off"], ["1", "On"]])
    placeholder = '<w:p><w:r><w:t xml:space="preserve">@@NESTED@@</w:t></w:r></w:p>'
    spec = read_edited(doc, tmp_path, {"word/document.xml": lambda s: s.replace(placeholder, nested + "<w:p/>")})
    (table,) = spec.tables  # the nested table is part of the cell, not a table of its own
    assert table.rows[0].cells == ("Valid set", "Values:\n0 Off\n1 On")


def test_table_and_rows_inside_content_controls(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Intro", "1")
    doc.paragraph("@@TABLE@@")
    doc.table([["Term", "Definition"], ["DCC", "Data and Communications Company"], ["SR", "Service Request"]])
    wrapped = table_xml([["Attribute", "Value"], ["Name", "Update"]])
    wrapped = wrapped.replace("<w:tr>", "<w:sdt><w:sdtPr/><w:sdtContent><w:tr>", 2)  # header row and first row
    wrapped = wrapped.replace("</w:tr>", "</w:tr></w:sdtContent></w:sdt>", 2)
    block = f"<w:sdt><w:sdtPr/><w:sdtContent>{wrapped}</w:sdtContent></w:sdt>"
    placeholder = '<w:p><w:r><w:t xml:space="preserve">@@TABLE@@</w:t></w:r></w:p>'
    spec = read_edited(doc, tmp_path, {"word/document.xml": lambda s: s.replace(placeholder, block)})
    assert [(t.index, t.kind) for t in spec.tables] == [(1, model.SERVICE_DESCRIPTION), (2, model.TERMS)]
    assert [r.cells for r in spec.tables[0].rows] == [("Name", "Update")]


def test_runs_inside_hyperlinks_and_smart_tags_are_read(tmp_path):
    doc = DocxBuilder("typed")
    doc.paragraph("See ", "@@LINK@@", " for details.")
    link = (
        '<w:hyperlink w:anchor="_Ref1"><w:r><w:t>the </w:t></w:r>'
        '<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>matrix</w:t></w:r></w:smartTag></w:hyperlink>'
    )
    placeholder = '<w:r><w:t xml:space="preserve">@@LINK@@</w:t></w:r>'
    spec = read_edited(doc, tmp_path, {"word/document.xml": lambda s: s.replace(placeholder, link)})
    assert texts(spec) == ["See the matrix for details."]


def test_empty_rows_are_dropped_and_short_rows_padded(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Term", "Definition"], ["", ""], ["DCC", "Data and Communications Company"], ["SR"]])
    (table,) = read(doc, tmp_path).tables
    assert [(r.index, r.cells) for r in table.rows] == [
        (2, ("DCC", "Data and Communications Company")),
        (3, ("SR", "")),
    ]


# =================================================================================================== normalisation

NORMALISE = [
    ("soft-hyphen-char", ["Ser\u00advice Ref\u00aderence"], "Service Reference"),
    ("soft-hyphen-element", ["Ser", SoftHyphen(), "vice"], "Service"),
    ("no-break-hyphen-char", ["Non\u2011Critical"], "Non-Critical"),
    ("no-break-hyphen-element", ["Non", NoBreakHyphen(), "Critical"], "Non-Critical"),
    ("no-break-space", ["Service\u00a0Request\u202fName"], "Service Request Name"),
    ("zero-width", ["Meter\u200bReading\u200c\u200d\u2060\ufeffValue"], "MeterReadingValue"),
    ("smart-double-quotes", ["\u201cAccepted\u201d"], '"Accepted"'),
    ("smart-single-quotes", ["Supplier\u2019s \u2018own\u2019"], "Supplier's 'own'"),
    ("collapsed-spaces", ["  Update   Import  Tariff  "], "Update Import Tariff"),
    ("tabs", ["Update", Tab(), "Import\tTariff"], "Update Import Tariff"),
    ("split-runs", ["Upd", "ate ", "Import"], "Update Import"),
]


@pytest.mark.parametrize(("runs", "expected"), [c[1:] for c in NORMALISE], ids=[c[0] for c in NORMALISE])
def test_paragraph_text_is_normalised(tmp_path, runs, expected):
    doc = DocxBuilder("typed")
    doc.paragraph(*runs)
    assert texts(read(doc, tmp_path)) == [expected]


@pytest.mark.parametrize(("runs", "expected"), [c[1:] for c in NORMALISE], ids=[c[0] for c in NORMALISE])
def test_cell_text_is_normalised(tmp_path, runs, expected):
    doc = DocxBuilder("typed")
    doc.table([["Attribute", "Value"], ["x", list(runs)]])
    assert read(doc, tmp_path).tables[0].rows[0].cells == ("x", expected)


@pytest.mark.parametrize(("runs", "expected"), [c[1:] for c in NORMALISE], ids=[c[0] for c in NORMALISE])
def test_heading_title_is_normalised(tmp_path, runs, expected):
    doc = DocxBuilder("list")
    doc.heading(1, list(runs))
    assert outline(read(doc, tmp_path)) == [("1", expected, 1)]


def test_stray_whitespace_around_line_breaks_in_a_cell(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Attribute", "Value"], ["x", ["  first  ", Break(), Break(), "   ", Break(), " second "]]])
    assert read(doc, tmp_path).tables[0].rows[0].cells == ("x", "first\nsecond")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("sr:MeterReading", "MeterReading"),
        ("ra:DeviceID", "DeviceID"),
        ("MeterReading", "MeterReading"),
        ("xs:int", "xs:int"),  # only the sr:/ra: prefixes are optional
        (["sr:UpdateImportTariffPrimary", Break(), "ElementRequest"], "UpdateImportTariffPrimaryElementRequest"),
        (["SwitchingSupply", Break(), "PrepaymentInteraction"], "SwitchingSupplyPrepaymentInteraction"),
        (["CHFID (see note 2)"], "CHFID"),
        (["Price", Break(), "the price per unit"], "Price"),
        (["sr:Meter\u00adReading\u200b"], "MeterReading"),
    ],
    ids=["sr", "ra", "bare", "xs", "break-in-name", "break-no-prefix", "note", "second-line", "invisible"],
)
def test_item_name_from_a_cell(tmp_path, cell, expected):
    doc = DocxBuilder("typed")
    doc.table([["Data Item", "Type", "Mandatory"], [cell, "xs:int", "M"]])
    (table,) = read(doc, tmp_path).tables
    assert item_name(table.rows[0].cell(table.column("item"))) == expected


# =================================================================================================== tracked changes


def tracked_document() -> DocxBuilder:
    doc = DocxBuilder("typed")
    doc.heading(1, [Del("3.8 "), Ins("3.9 "), "Update Import Tariff"], numbered=False)
    doc.paragraph("The ", Ins("new "), "tariff", Del(" (withdrawn)"), " applies.")
    doc.paragraph(MoveFrom("Moved words. ", name="m1"), "Stays here.", MoveTo(" Moved words.", name="m1"))
    doc.table(
        [
            ["Data Item", "Type", "Mandatory"],
            ["Kept", "xs:int", "M"],
            ["Removed", "xs:int", "O"],
            ["Added", "xs:date", ["M", Ins("andatory")]],
        ],
        row_changes={2: "del", 3: "ins"},
    )
    return doc


def test_tracked_changes_accepted_view_is_the_default(tmp_path):
    spec = read(tracked_document(), tmp_path)
    assert spec.revisions == "accepted"
    assert outline(spec) == [("3.9", "Update Import Tariff", 1)]
    assert texts(spec) == ["The new tariff applies.", "Stays here. Moved words."]
    assert [r.cells for r in spec.tables[0].rows] == [("Kept", "xs:int", "M"), ("Added", "xs:date", "Mandatory")]


def test_tracked_changes_original_view(tmp_path):
    spec = read(tracked_document(), tmp_path, "original")
    assert spec.revisions == "original"
    assert outline(spec) == [("3.8", "Update Import Tariff", 1)]
    assert texts(spec) == ["The tariff (withdrawn) applies.", "Moved words. Stays here."]
    assert [r.cells for r in spec.tables[0].rows] == [("Kept", "xs:int", "M"), ("Removed", "xs:int", "O")]


def test_inserted_text_is_not_lost_unlike_python_docx(tmp_path):
    doc = DocxBuilder("typed")
    doc.paragraph("Eligible User Roles: ", Ins("Import Supplier"))
    path = doc.save(tmp_path / "ins.docx")
    assert texts(read_spec(str(path), "ins.docx")) == ["Eligible User Roles: Import Supplier"]
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - python-docx is a test dependency
        return
    naive = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "Import Supplier" not in " ".join(naive)  # the contrast: python-docx's paragraph.text drops w:ins runs


@pytest.mark.parametrize("mark_row_content", [True, False], ids=["row-content-marked", "trPr-only"])
def test_inserted_and_deleted_table_rows(tmp_path, mark_row_content):
    doc = DocxBuilder("typed")
    doc.table(
        [["Term", "Definition"], ["Old", "Withdrawn term"], ["New", "Added term"], ["Same", "Kept"]],
        row_changes={1: "del", 2: "ins"},
        mark_row_content=mark_row_content,
    )
    accepted = read(doc, tmp_path)
    original = read(doc, tmp_path, "original")
    assert [r.cells for r in accepted.tables[0].rows] == [("New", "Added term"), ("Same", "Kept")]
    assert [r.cells for r in original.tables[0].rows] == [("Old", "Withdrawn term"), ("Same", "Kept")]
    assert [t.term for t in accepted.terms] == ["New", "Same"]
    assert [t.term for t in original.terms] == ["Old", "Same"]


def test_a_wholly_deleted_table_is_gone_and_not_counted(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Term", "Definition"], ["Old", "Withdrawn"]], row_changes={0: "del", 1: "del"})
    doc.table([["Attribute", "Value"], ["Name", "Kept"]])
    assert [(t.index, t.kind) for t in read(doc, tmp_path).tables] == [(1, model.SERVICE_DESCRIPTION)]
    assert [(t.index, t.kind) for t in read(doc, tmp_path, "original").tables] == [
        (1, model.TERMS),
        (2, model.SERVICE_DESCRIPTION),
    ]


def test_inserted_header_row_in_the_original_view(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Term", "Definition"], ["DCC", "Data and Communications Company"]], row_changes={0: "ins"})
    assert read(doc, tmp_path).tables[0].kind == model.TERMS
    original = read(doc, tmp_path, "original").tables[0]
    assert original.kind == model.UNKNOWN and original.header == ("DCC", "Data and Communications Company")


def test_fields_inside_tracked_changes(tmp_path):
    doc = DocxBuilder("typed")
    doc.paragraph("See ", Ins(Ref("_RefNew", "3.9")), Del(Ref("_RefOld", "3.8")), ".")
    accepted = read(doc, tmp_path)
    original = read(doc, tmp_path, "original")
    assert texts(accepted) == ["See 3.9."] and texts(original) == ["See 3.8."]
    assert [(f.bookmark, f.shown) for f in accepted.field_references] == [("_RefNew", "3.9")]
    assert [(f.bookmark, f.shown) for f in original.field_references] == [("_RefOld", "3.8")]


def test_extract_revisions_flag(tmp_path):
    path = tracked_document().save(tmp_path / "tracked.docx")
    result = extract(path, "--revisions", "original")
    assert result.code == 0
    data = result.json()
    assert data["revisions"] == "original"
    assert [p["text"] for p in data["paragraphs"]] == ["The tariff (withdrawn) applies.", "Moved words. Stays here."]


# =================================================================================================== fields, bookmarks


@pytest.mark.parametrize(
    ("run_", "field", "bookmark", "shown"),
    [
        (Ref("_Ref123", "3.8.82"), "REF", "_Ref123", "3.8.82"),
        (Ref("_Ref123", "3.8.82", split=True), "REF", "_Ref123", "3.8.82"),
        (Ref("_Ref9", "Table 4", switches=r"\h \* MERGEFORMAT"), "REF", "_Ref9", "Table 4"),
        (PageRef("_Toc77", "42"), "PAGEREF", "_Toc77", "42"),
        (PageRef("_Toc77", "42", split=True), "PAGEREF", "_Toc77", "42"),
        (SimpleRef("_Ref5", "clause 3.5"), "REF", "_Ref5", "clause 3.5"),
    ],
    ids=["ref", "ref-split-instr", "ref-switches", "pageref", "pageref-split", "fldSimple"],
)
def test_cross_reference_fields_show_their_text_not_their_instruction(tmp_path, run_, field, bookmark, shown):
    doc = DocxBuilder("typed")
    doc.heading(1, "Intro", "1")
    doc.paragraph("See ", run_, " for more.")
    spec = read(doc, tmp_path)
    assert texts(spec) == [f"See {shown} for more."]
    assert [(f.field, f.bookmark, f.shown) for f in spec.field_references] == [(field, bookmark, shown)]
    assert spec.field_references[0].location.section == "1"


@dataclass(frozen=True)
class Seq(Ref):
    """A SEQ field (caption numbering): shows its result, and is no cross-reference."""

    _field = "SEQ"


@dataclass(frozen=True)
class LowerCaseRef(Ref):
    _field = "ref"  # field codes are case-insensitive


def test_other_fields_show_their_result_and_are_not_references(tmp_path):
    doc = DocxBuilder("typed")
    doc.paragraph("Table ", Seq("Table", "3", switches=r"\* ARABIC"), ": see ", LowerCaseRef("_Ref7", "2.1"), ".")
    spec = read(doc, tmp_path)
    assert texts(spec) == ["Table 3: see 2.1."]
    assert [(f.field, f.bookmark, f.shown) for f in spec.field_references] == [("REF", "_Ref7", "2.1")]


def test_field_references_in_table_cells_and_bookmarks(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Alerts", "4")
    doc.paragraph(Bookmark("_Toc1"), "Body with ", Bookmark("_Ref200", "a target"), ".")
    doc.table(
        [
            ["Attribute", "Value"],
            ["See", ["section ", Ref("_Ref100", "4", split=True)]],
            [Bookmark("_Ref300", "Row"), "x"],
        ]
    )
    spec = read(doc, tmp_path)
    assert spec.tables[0].rows[0].cells == ("See", "section 4")
    (ref,) = spec.field_references
    assert (ref.field, ref.bookmark, ref.shown) == ("REF", "_Ref100", "4")
    assert (ref.location.section, ref.location.table) == ("4", 1)
    assert spec.bookmarks == {"_Toc1", "_Ref200", "_Ref300"}
    assert texts(spec) == ["Body with a target."]
    assert "REF" not in spec.tables[0].rows[0].cells[1] and "_Ref100" not in spec.tables[0].rows[0].cells[1]


def test_bookmarks_and_fields_in_headings(tmp_path):
    doc = DocxBuilder("list")
    doc.heading(1, Bookmark("_Ref100", "Alerts"))
    doc.heading(2, ["Alert codes of ", Ref("_Ref100", "1", split=True)])
    doc.paragraph("See ", Ref("_Ref100", "1"), ".")
    spec = read(doc, tmp_path)
    assert outline(spec) == [("1", "Alerts", 1), ("1.1", "Alert codes of 1", 2)]
    assert "_Ref100" in spec.bookmarks
    assert [(f.bookmark, f.location.section) for f in spec.field_references] == [("_Ref100", "1.1"), ("_Ref100", "1.1")]


def test_extract_json_lists_field_references_and_bookmarks(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Intro", "1")
    doc.paragraph(Bookmark("_Ref1", "Target"), " see ", Ref("_Ref1", "1", split=True), " page ", PageRef("_Ref1", "3"))
    result = extract(doc.save(tmp_path / "f.docx"), "--format", "json")
    assert result.code == 0
    data = result.json()
    assert [(f["field"], f["bookmark"], f["shown"]) for f in data["field_references"]] == [
        ("REF", "_Ref1", "1"),
        ("PAGEREF", "_Ref1", "3"),
    ]
    assert data["field_references"][0]["location"]["section"] == "1"
    assert data["bookmarks"] == ["_Ref1"]
    assert data["paragraphs"] == [{"section": "1", "text": "Target see 1 page 3"}]


# =================================================================================================== terms, clauses


def test_defined_terms_with_abbreviations(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Definitions", "1")
    doc.table(
        [
            ["Term", "Definition"],
            ["Transport Layer Security (TLS)", "The protocol."],
            ["Service Request", "A request\nto the DCC."],
            ["Home Area Network (HAN)", "The network."],
            ["Smart Metering Key Infrastructure", "SMKI."],
        ]
    )
    spec = read(doc, tmp_path)
    assert [(t.forms, t.definition) for t in spec.terms] == [
        (("Transport Layer Security", "TLS"), "The protocol."),
        (("Service Request",), "A request to the DCC."),
        (("Home Area Network", "HAN"), "The network."),
        (("Smart Metering Key Infrastructure",), "SMKI."),
    ]
    assert spec.terms[0].term == "Transport Layer Security"
    assert spec.terms[1].location.row == 2 and spec.terms[1].location.table == 1


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("As described in clause 3.9.7, the DCC responds.", ["3.9.7"]),
        ("See section 3.5.", ["3.5"]),
        ("See sections 3.5 and 3.6 for both.", ["3.5", "3.6"]),
        ("Paragraph 3.8.2 applies.", ["3.8.2"]),
        ("Clauses 2.1, 2.2 or 2.4 apply.", ["2.1", "2.2", "2.4"]),
        ("See Section H3.3 of the Code.", []),
        ("See section 4 of GBCS.", []),
        ("See section 4.2 of the SEC.", []),
        ("DUIS V5.4 replaces version 4.3.", []),
        ("No reference here: 3.5 alone.", []),
    ],
)
def test_clause_references(tmp_path, text, numbers):
    doc = DocxBuilder("typed")
    doc.heading(1, "Intro", "1")
    doc.paragraph(text)
    spec = read(doc, tmp_path)
    assert [c.number for c in spec.clause_references] == numbers
    assert all(c.location.section == "1" for c in spec.clause_references)


def test_clause_references_in_table_cells_carry_the_row(tmp_path):
    doc = DocxBuilder("typed")
    doc.table([["Attribute", "Value"], ["Note", "see clause 3.9.7"], ["Other", "Section H3.3 of the Code"]])
    spec = read(doc, tmp_path)
    assert [(c.number, c.text, c.location.table, c.location.row) for c in spec.clause_references] == [
        ("3.9.7", "clause 3.9.7", 1, 1)
    ]


# =================================================================================================== extract


def small_spec() -> DocxBuilder:
    doc = DocxBuilder("style")
    doc.heading(1, "Service Requests")
    doc.paragraph("Intro \u201ctext\u201d.")
    doc.heading(2, "Update Import Tariff")
    doc.table(
        [
            [Cell("Group", span=3)],
            ["Data Item", "Type", "Mandatory"],
            ["sr:Price", "xs:int | xs:long", "M"],
            [["Two", Break(), "lines"], "xs:string", "O"],
        ]
    )
    return doc


def test_extract_json(tmp_path):
    path = small_spec().save(tmp_path / "small.docx")
    result = extract(path, "--format", "json")
    assert (result.code, result.err) == (0, "")
    data = result.json()
    assert data["revisions"] == "accepted"
    assert data["sections"] == [
        {"number": "1", "title": "Service Requests", "level": 1},
        {"number": "1.1", "title": "Update Import Tariff", "level": 2},
    ]
    (table,) = data["tables"]
    assert table["section"] == "1.1" and table["kind"] == model.DATA_ITEMS
    assert table["header"] == ["Data Item", "Type", "Mandatory"]
    assert table["columns"] == {"item": 0, "type": 1, "mandatory": 2}
    assert [r["cells"] for r in table["rows"]] == [
        ["sr:Price", "xs:int | xs:long", "M"],
        ["Two\nlines", "xs:string", "O"],
    ]
    assert [r["row"] for r in table["rows"]] == [1, 2]
    assert data["paragraphs"] == [{"section": "1", "text": 'Intro "text".'}]


def test_extract_md(tmp_path):
    path = small_spec().save(tmp_path / "small.docx")
    result = extract(path, "--format", "md")
    assert result.code == 0
    lines = result.out.splitlines()
    assert "# 1 Service Requests" in lines and "## 1.1 Update Import Tariff" in lines
    assert 'Intro "text".' in lines
    assert "| Data Item | Type | Mandatory |" in lines
    assert "| sr:Price | xs:int \\| xs:long | M |" in lines
    assert "| Two<br>lines | xs:string | O |" in lines
    assert (
        lines.index("# 1 Service Requests") < lines.index('Intro "text".') < lines.index("## 1.1 Update Import Tariff")
    )


def test_extract_to_an_output_file(tmp_path):
    path = small_spec().save(tmp_path / "small.docx")
    target = tmp_path / "out" / "small.md"
    result = extract(path, "--format", "md", "-o", target)
    assert (result.code, result.out) == (0, "")
    spec = read_spec(str(target), "small.md")
    assert outline(spec) == [("1", "Service Requests", 1), ("1.1", "Update Import Tariff", 2)]


def same_model(docx_spec: Spec, md_spec: Spec) -> None:
    assert outline(md_spec) == outline(docx_spec)
    tables = lambda s: [  # noqa: E731
        (t.section.number if t.section else None, t.kind, t.header, [r.cells for r in t.rows]) for t in s.tables
    ]
    assert tables(md_spec) == tables(docx_spec)
    paragraphs = lambda s: [(p.section.number if p.section else None, p.text) for p in s.paragraphs]  # noqa: E731
    assert paragraphs(md_spec) == paragraphs(docx_spec)


def round_trip(doc: DocxBuilder, folder: Path, revisions: str = "accepted") -> tuple[Spec, Spec]:
    source = doc.save(folder / "spec.docx")
    target = folder / "spec.md"
    result = extract(source, "--format", "md", "-o", target, "--revisions", revisions)
    assert result.code == 0, result.err
    return read_spec(str(source), "spec.docx", revisions), read_spec(str(target), "spec.md")


def test_round_trip_of_a_tracked_document(tmp_path):
    for revisions in ("accepted", "original"):
        same_model(*round_trip(tracked_document(), tmp_path, revisions))


HEADERS = [
    ["Term", "Definition"],
    MATRIX_HEADER[:3] + ["Eligible User Roles"],
    ["Response Code", "Response Code Name", "Response Code Type", "Response Code Description"],
    ["DCC Alert Code", "Alert Data Item"],
    ["Attribute", "Value"],
    ["Data Item", "Description / Valid Set", "Type", "Mandatory", "Default", "Units"],
    ["Colour", "Shade", "Tone"],
]
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)
_TITLE = st.builds(
    lambda first, rest: (first + rest).strip() or first,
    st.one_of(_WORD, st.sampled_from(["24 Hour", "2 Way", "3.5 kW"])),  # titles may start with a number
    st.text(alphabet="abcXYZ019 .-()/'`\u00a0\u2019\u00ad", max_size=12),
)
_CELL = st.text(alphabet="abXY01 .:|`\\-\n\u00a0\u201c\u201d\u2011\u00ad", max_size=10)


@st.composite
def documents(draw) -> DocxBuilder:  # noqa: ANN001
    """Small documents: headings (some unnumbered, at least one numbered), paragraphs, tables of every kind."""
    mode = draw(st.sampled_from(["typed", "list", "style"]))
    plan = []
    level = 0
    for _ in range(draw(st.integers(1, 7))):
        what = draw(st.sampled_from(["heading", "heading", "paragraph", "table", "table"]))
        if what == "heading":
            level = draw(st.integers(1, min(level + 1, 4)))
            plan.append(("heading", level, draw(_TITLE), draw(st.sampled_from([True, True, True, False]))))
        elif what == "paragraph":
            plan.append(("paragraph", draw(_WORD) + draw(st.text(alphabet="ab .,`\u00a0\u2019", max_size=10))))
        else:
            header = draw(st.sampled_from(HEADERS))
            rows: list[list[object]] = []
            if draw(st.booleans()):
                rows.append([Cell(draw(_WORD), span=len(header))])  # a merged group-header row
            rows.append(list(header))
            rows += draw(st.lists(st.lists(_CELL, min_size=len(header), max_size=len(header)), max_size=3))
            plan.append(("table", rows))
    headings = [i for i, item in enumerate(plan) if item[0] == "heading"]
    if headings and not any(plan[i][3] for i in headings):  # all unnumbered: a case of its own, below
        plan[headings[0]] = plan[headings[0]][:3] + (True,)
    doc = DocxBuilder(mode)
    counters: list[int] = []
    for item in plan:
        if item[0] == "heading":
            _, level, title, numbered = item
            if not numbered:
                doc.heading(level, title, numbered=False)
                continue
            counters = counters[: level - 1] + [counters[level - 1] + 1 if len(counters) >= level else 1]
            counters += [1] * (level - len(counters))
            doc.heading(level, title, ".".join(map(str, counters)) if mode == "typed" else None)
        elif item[0] == "paragraph":
            doc.paragraph(item[1])
        else:
            doc.table(item[1])
    return doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_extract_md_round_trip_property(doc):
    with tempfile.TemporaryDirectory() as folder:
        same_model(*round_trip(doc, Path(folder)))


def test_round_trip_keeps_tables_under_an_unnumbered_heading(tmp_path):
    doc = DocxBuilder("list")
    doc.heading(1, "Service Requests")
    doc.table([["Term", "Definition"], ["SR", "Service Request"]])
    doc.heading(1, "Annex", numbered=False)
    doc.paragraph("Annex text.")
    doc.table([["Attribute", "Value"], ["Name", "Annex table"]])
    same_model(*round_trip(doc, tmp_path))


def test_round_trip_keeps_backticks_in_cells(tmp_path):
    doc = DocxBuilder("list")
    doc.heading(1, "Items")
    doc.table([["Attribute", "Value"], ["Name", "use `sr:Price` here"]])
    same_model(*round_trip(doc, tmp_path))


def _table_with(*cells: str):  # noqa: ANN202
    return lambda doc: doc.table([["Attribute", "Value"], list(cells)])


def _paragraph(*runs):  # noqa: ANN001, ANN202
    return lambda doc: doc.paragraph(*runs)


ROUND_TRIP_CASES = [
    pytest.param(_table_with("a\\", "y\\"), id="cell-ends-with-backslash"),
    pytest.param(_table_with("x \\| y", "\\`z"), id="cell-backslash-before-bar-and-backtick"),
    pytest.param(lambda doc: doc.table([["", ""], ["a", "b"]]), id="empty-header"),
    pytest.param(lambda doc: doc.table([["Term", "Definition"]]), id="header-only"),
    pytest.param(lambda doc: doc.table([["Only"], ["x"]]), id="one-column"),
    pytest.param(lambda doc: doc.heading(2, "Use of C#"), id="title-ending-in-hash"),
    pytest.param(lambda doc: doc.heading(2, "2024 Changes", numbered=False), id="unnumbered-title-with-a-number"),
    pytest.param(_paragraph("| a | b |"), id="paragraph-like-a-bar-line"),
    pytest.param(
        _table_with("Name", "x <br> y"),
        id="cell-with-literal-br",
    ),
    pytest.param(
        lambda doc: doc.heading(2, "Response Code #"),
        id="title-ending-in-space-hash",
    ),
    pytest.param(
        lambda doc: doc.heading(2, ""),
        id="empty-heading",
    ),
    pytest.param(
        _paragraph("# not a heading"),
        id="paragraph-starting-with-hash",
    ),
]


@pytest.mark.parametrize("make", ROUND_TRIP_CASES)
def test_round_trip_edge_cases(tmp_path, make):
    doc = DocxBuilder("list")
    doc.heading(1, "Section")
    make(doc)
    same_model(*round_trip(doc, tmp_path))


def test_round_trip_of_a_word_document_without_numbered_headings(tmp_path):
    doc = DocxBuilder("list")
    doc.heading(1, "Document Control", numbered=False)
    doc.paragraph("Text.")
    doc.heading(2, "Change History", numbered=False)
    doc.table([["Attribute", "Value"], ["Version", "1.0"]])
    same_model(*round_trip(doc, tmp_path))


# =================================================================================================== bad input


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _package_with_document(path: Path, document: bytes) -> Path:
    parts = {name: text.encode("utf-8") for name, text in DocxBuilder("typed").parts().items()}
    parts["word/document.xml"] = document
    return _zip(path, parts)


BAD = {  # (how to make it, a pattern for what the one line says besides the file name)
    "not-a-zip": (lambda p: p.write_bytes(b"This is plain text, not a Word package.\n"), r"\bzip\b"),
    "empty-file": (lambda p: p.write_bytes(b""), r"\bzip\b"),
    "zip-without-document": (
        lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"}),
        "word/document.xml",
    ),
    "ole-binary-doc": (
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024),
        r"\.doc\b|password",
    ),
    "malformed-document-xml": (
        lambda p: _package_with_document(p, b"<w:document xmlns:w='x'><w:body><w:p></w:body>"),
        "word/document.xml",
    ),
    "document-without-body": (
        lambda p: _package_with_document(
            p, b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
        ),
        "w:body",
    ),
    "malformed-styles-xml": (
        lambda p: _zip(
            p,
            {
                **{n: t.encode("utf-8") for n, t in DocxBuilder("typed").parts().items()},
                "word/styles.xml": b"<w:styles",
            },
        ),
        "word/styles.xml",
    ),
}


@pytest.mark.parametrize(("make", "says"), BAD.values(), ids=BAD.keys())
def test_bad_docx_exits_2_with_one_line_naming_the_file(tmp_path, make, says):
    path = tmp_path / "Bad Spec.docx"
    make(path)
    result = extract(path)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "Bad Spec.docx" in result.err and re.search(says, result.err), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err


def test_missing_docx_exits_2(tmp_path):
    result = extract(tmp_path / "nowhere.docx")
    assert result.code == 2 and "nowhere.docx" in result.err and len(result.err.strip().splitlines()) == 1
    assert "internal error" not in result.err

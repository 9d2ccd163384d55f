"""The Word redline engine of `duislint fix` (src/duislint/fix/redline.py): each edit is a tracked change at the
row or text a finding locates, the copy reads as intended in the accepted view and exactly as the input in the
original view, nothing else in the package changes, and what cannot be applied is refused with a reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from duislint.errors import InputError
from duislint.fix.redline import (
    TO_BE_COMPLETED,
    BlockAddress,
    CellAddress,
    DeleteRow,
    InsertRowAfter,
    Outcome,
    Redline,
    ReplaceCellText,
    ReplaceText,
    RowAddress,
    apply,
)
from duislint.spec.build import read_spec
from duislint.spec.docx import read_word
from duislint.spec.model import Spec
from tests.conftest import ROOT, office_text
from tests.docxgen import (
    W_NS,
    ZIP_TIME,
    Bookmark,
    Cell,
    CharStyle,
    Del,
    DocxBuilder,
    Ins,
    Para,
    Ref,
    Wrapped,
)
from tests.helpers import check_json

W = f"{{{W_NS}}}"
NS = {"w": W_NS}
HEADER = ["Data Item", "Description / Valid Set", "Type", "Mandatory", "Default", "Units"]
EXECUTION = ["ExecutionDateTime", "When the request is run", "xs:dateTime", "O", "None", "None"]
PRICE = ["Price", "The price per kWh", "xs:decimal", "M", "None", "GBP"]
PRICE_AGAIN = ["Price", "The price per kWh, again", "xs:decimal", "M", "None", "GBP"]
TARIFF = ["TariffTypo", "The tariff", "sr:Tariff", "M", "None", "None"]
FAX = "The User shall notify the DCC by Fax before it sends the request, and keep the Fax number."


def items_doc(rows: list[list[object]] | None = None, **table: object) -> DocxBuilder:
    """A DUIS-shaped document: headings, a paragraph of prose, a data-item table (table 1), a closing paragraph."""
    doc = DocxBuilder("typed")
    doc.heading(1, "Service Requests", number="3")
    doc.heading(2, "Update Import Tariff", number="3.8")
    doc.paragraph(FAX)
    doc.heading(3, "Specific Data Items", number="3.8.1")
    doc.table(rows if rows is not None else [HEADER, EXECUTION, PRICE, PRICE_AGAIN, TARIFF], **table)  # type: ignore[arg-type]
    doc.paragraph("End of the section.")
    return doc


def read(tmp_path: Path, data: bytes, revisions: str = "accepted") -> Spec:
    path = tmp_path / f"read-{len(list(tmp_path.iterdir()))}.docx"
    path.write_bytes(data)
    return read_spec(str(path), "spec.docx", revisions)


def blocks(tmp_path: Path, data: bytes, revisions: str) -> tuple:
    path = tmp_path / f"blocks-{len(list(tmp_path.iterdir()))}.docx"
    path.write_bytes(data)
    return read_word(str(path), "spec.docx", revisions).blocks


def rows(spec: Spec, table: int = 1) -> list[tuple[str, ...]]:
    return [row.cells for row in spec.tables[table - 1].rows]


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def applied(result: Redline) -> Redline:
    refused = [(r.edit, r.reason) for r in result.results if not r.applied]
    assert not refused, refused
    return result


def assert_original_view_unchanged(tmp_path: Path, given: bytes, fixed: bytes) -> None:
    assert blocks(tmp_path, fixed, "original") == blocks(tmp_path, given, "original")


def assert_well_formed_revisions(data: bytes) -> None:
    """What Word needs of tracked changes: every mark has an id, author and date, no id repeats, deleted text is
    w:delText inside a w:del (and only there), a row's or paragraph mark's w:ins/w:del where the schema puts it."""
    root = document_xml(data)
    marks = root.xpath("//w:ins | //w:del", namespaces=NS)
    assert all(m.get(f"{W}id") and m.get(f"{W}author") and m.get(f"{W}date") for m in marks)
    ids = [el.get(f"{W}id") for el in root.iter() if el.get(f"{W}id") is not None and el.tag in (f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids))
    assert not root.xpath("//w:del//w:t", namespaces=NS)
    assert not [t for t in root.iter(f"{W}delText") if not list(t.iterancestors(f"{W}del"))]
    for rpr in root.xpath("//w:pPr/w:rPr[w:ins or w:del]", namespaces=NS):
        assert rpr[0].tag in (f"{W}ins", f"{W}del")
    for trpr in root.xpath("//w:trPr[w:ins or w:del]", namespaces=NS):
        assert trpr[-1].tag in (f"{W}ins", f"{W}del") or trpr[-1].tag == f"{W}trPrChange"
    for tc in root.iter(f"{W}tc"):
        assert tc[-1].tag == f"{W}p"


# --- the four edits -------------------------------------------------------------------------------


def test_a_deleted_row_is_gone_in_the_accepted_view_and_there_in_the_original(tmp_path):
    given = items_doc().to_bytes()
    spec = read(tmp_path, given)
    duplicate = spec.tables[0].rows[2]
    result = applied(apply(given, [DeleteRow(RowAddress.of(duplicate.location), duplicate.cells)]))
    assert rows(read(tmp_path, result.docx)) == [tuple(EXECUTION), tuple(PRICE), tuple(TARIFF)]
    assert_original_view_unchanged(tmp_path, given, result.docx)
    assert_well_formed_revisions(result.docx)
    root = document_xml(result.docx)
    (row,) = root.xpath("//w:tr[w:trPr/w:del]", namespaces=NS)
    assert row.xpath("w:trPr/w:del/@w:author", namespaces=NS) == ["duislint"]
    assert row.xpath("w:trPr/w:del/@w:date", namespaces=NS) == ["2000-01-01T00:00:00Z"]
    assert [t.text for t in row.iter(f"{W}delText")] == PRICE_AGAIN
    assert not list(row.iter(f"{W}t"))
    assert len(row.xpath(".//w:p/w:pPr/w:rPr/w:del", namespaces=NS)) == 6  # each paragraph mark, as Word marks it


def test_a_replaced_cell_keeps_the_first_runs_formatting_and_touches_only_its_paragraph(tmp_path):
    cell = Cell([Para(CharStyle("Strong", "O"), " (optional)"), Para("Second paragraph")])
    given = items_doc([HEADER, [*EXECUTION[:3], cell, "None", "None"], PRICE]).to_bytes()
    spec = read(tmp_path, given)
    table = spec.tables[0]
    row = table.rows[0]
    mandatory = table.column("mandatory")
    edit = ReplaceCellText(CellAddress.of(row.location, mandatory), row.cells[mandatory], "M\nSecond paragraph")
    result = applied(apply(given, [edit]))
    assert rows(read(tmp_path, result.docx))[0][mandatory] == "M\nSecond paragraph"
    assert_original_view_unchanged(tmp_path, given, result.docx)
    assert_well_formed_revisions(result.docx)
    root = document_xml(result.docx)
    (changed,) = root.xpath("//w:p[w:ins]", namespaces=NS)
    assert changed.xpath("w:ins/w:r/w:rPr/w:rStyle/@w:val", namespaces=NS) == ["Strong"]
    assert changed.xpath("w:ins/w:r/w:t/text()", namespaces=NS) == ["M"]
    assert "".join(changed.xpath("w:del//w:delText/text()", namespaces=NS)) == "O (optional)"
    second = changed.getnext()
    assert second.xpath(".//w:t/text()", namespaces=NS) == ["Second paragraph"]  # unchanged
    assert not second.xpath(".//w:ins | .//w:del", namespaces=NS)


def test_a_data_item_name_is_corrected_in_its_cell(tmp_path):
    given = items_doc().to_bytes()
    row = read(tmp_path, given).tables[0].rows[3]
    result = applied(apply(given, [ReplaceCellText(CellAddress.of(row.location, 0), "TariffTypo", "Tariff")]))
    assert rows(read(tmp_path, result.docx))[3][0] == "Tariff"
    assert rows(read(tmp_path, result.docx, "original"))[3][0] == "TariffTypo"


def test_an_inserted_row_copies_the_rows_structure_and_is_marked_inserted(tmp_path):
    given = items_doc().to_bytes()
    row = read(tmp_path, given).tables[0].rows[1]
    new = ("E64", TO_BE_COMPLETED, TO_BE_COMPLETED, "M")
    result = applied(apply(given, [InsertRowAfter(RowAddress.of(row.location), row.cells, new)]))
    assert rows(read(tmp_path, result.docx)) == [
        tuple(EXECUTION), tuple(PRICE), (*new, "", ""), tuple(PRICE_AGAIN), tuple(TARIFF)
    ]
    assert_original_view_unchanged(tmp_path, given, result.docx)
    assert_well_formed_revisions(result.docx)
    root = document_xml(result.docx)
    (inserted,) = root.xpath("//w:tr[w:trPr/w:ins]", namespaces=NS)
    anchor = inserted.getprevious()
    assert [tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w") for tc in inserted.iter(f"{W}tc")] == [
        tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w") for tc in anchor.iter(f"{W}tc")
    ]
    assert all(p.xpath("w:pPr/w:rPr/w:ins", namespaces=NS) for p in inserted.iter(f"{W}p"))
    assert not inserted.xpath(".//w:r[not(parent::w:ins)]", namespaces=NS)


def test_two_rows_inserted_after_one_keep_their_order(tmp_path):
    given = items_doc().to_bytes()
    row = read(tmp_path, given).tables[0].rows[0]
    edits = [InsertRowAfter(RowAddress.of(row.location), row.cells, (name,)) for name in ("First", "Second")]
    result = applied(apply(given, edits))
    assert [cells[0] for cells in rows(read(tmp_path, result.docx))] == [
        "ExecutionDateTime", "First", "Second", "Price", "Price", "TariffTypo"
    ]


def test_a_deprecated_word_in_prose_is_replaced_where_it_is(tmp_path):
    given = items_doc().to_bytes()
    paragraph = next(p for p in read(tmp_path, given).paragraphs if "Fax" in p.text)
    edit = ReplaceText(BlockAddress(paragraph.order), "Fax", "email", expected=paragraph.text)
    result = applied(apply(given, [edit]))
    after = next(p for p in read(tmp_path, result.docx).paragraphs if p.order == paragraph.order)
    assert after.text == FAX.replace("Fax", "email")
    assert_original_view_unchanged(tmp_path, given, result.docx)
    assert_well_formed_revisions(result.docx)
    root = document_xml(result.docx)
    (p,) = [p for p in root.iter(f"{W}p") if p.find(f"{W}del") is not None]
    shown = [(el.tag.split("}")[1], "".join(el.itertext())) for el in p if el.tag != f"{W}pPr"]
    assert shown == [
        ("r", "The User shall notify the DCC by "), ("del", "Fax"), ("ins", "email"),
        ("r", " before it sends the request, and keep the "), ("del", "Fax"), ("ins", "email"), ("r", " number."),
    ]  # fmt: skip


def test_one_occurrence_of_a_phrase_split_over_runs_is_replaced(tmp_path):
    doc = items_doc()
    doc.paragraph("Send it by ", "Fa", "x or by ", Wrapped("hyperlink", "Fax"), ".")
    given = doc.to_bytes()
    paragraph = next(p for p in read(tmp_path, given).paragraphs if p.text.startswith("Send it"))
    edits = [
        ReplaceText(BlockAddress(paragraph.order), "Fax", "email", occurrence=1),
        ReplaceText(BlockAddress(paragraph.order), "Fax", "post", occurrence=2),
    ]
    result = applied(apply(given, edits))
    after = next(p for p in read(tmp_path, result.docx).paragraphs if p.order == paragraph.order)
    assert after.text == "Send it by email or by post."
    assert_original_view_unchanged(tmp_path, given, result.docx)
    root = document_xml(result.docx)
    assert root.xpath("//w:hyperlink/w:ins//w:t/text()", namespaces=NS) == ["post"]  # the new text stays linked


def test_a_word_in_a_cell_is_replaced_and_the_row_keeps_its_place(tmp_path):
    given = items_doc([HEADER, EXECUTION, ["Contact", "By Fax or phone", "xs:string", "M", "None", "None"]]).to_bytes()
    row = read(tmp_path, given).tables[0].rows[1]
    edit = ReplaceText(CellAddress.of(row.location, 1), "Fax", "email", expected=row.cells[1])
    result = applied(apply(given, [edit]))
    assert rows(read(tmp_path, result.docx))[1][1] == "By email or phone"


def test_a_heading_word_is_replaced(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Fax Numbers", number="4")
    doc.paragraph("Text.")
    given = doc.to_bytes()
    section = read(tmp_path, given).sections[0]
    result = applied(apply(given, [ReplaceText(BlockAddress(section.order), "Fax", "Email", expected="Fax Numbers")]))
    assert read(tmp_path, result.docx).sections[0].title == "Email Numbers"
    assert read(tmp_path, result.docx).sections[0].number == "4"


# --- locating as the reader does --------------------------------------------------------------------


@pytest.mark.parametrize(
    "controls",
    [{"table": ["sdt"]}, {"row": ["customXml"]}, {"cell": ["sdt"], "content": ["customXml"]}, {"row": ["sdt", "sdt"]}],
)
def test_rows_are_found_through_content_controls(tmp_path, controls):
    given = items_doc(controls=controls).to_bytes()
    row = read(tmp_path, given).tables[0].rows[2]
    assert row.cells == tuple(PRICE_AGAIN)
    result = applied(apply(given, [DeleteRow(RowAddress.of(row.location), row.cells),
                                   ReplaceCellText(CellAddress(1, 4, 0), "TariffTypo", "Tariff")]))  # fmt: skip
    assert rows(read(tmp_path, result.docx)) == [tuple(EXECUTION), tuple(PRICE), ("Tariff", *TARIFF[1:])]
    assert_original_view_unchanged(tmp_path, given, result.docx)


def test_rows_of_a_split_table_are_numbered_on_through_its_parts(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Specific Data Items", number="3.8.1")
    doc.table([HEADER, EXECUTION, PRICE], header_rows=1)
    doc.page_break()
    doc.table([HEADER, PRICE_AGAIN, TARIFF], header_rows=1)  # the header repeated on the next page
    doc.paragraph("After.")
    given = doc.to_bytes()
    spec = read(tmp_path, given)
    assert len(spec.tables) == 1 and rows(spec)[2] == tuple(PRICE_AGAIN)
    result = applied(apply(given, [DeleteRow(RowAddress(1, 3), tuple(PRICE_AGAIN)),
                                   InsertRowAfter(RowAddress(1, 4), tuple(TARIFF), ("Last",))]))  # fmt: skip
    assert [r[0] for r in rows(read(tmp_path, result.docx))] == ["ExecutionDateTime", "Price", "TariffTypo", "Last"]
    root = document_xml(result.docx)
    second = root.findall(f"{W}body/{W}tbl")[1]
    assert second.xpath("w:tr[w:trPr/w:del]//w:delText/text()", namespaces=NS)[0] == "Price"


def test_a_header_row_repeated_mid_table_is_not_counted(tmp_path):
    given = items_doc([HEADER, EXECUTION, HEADER, PRICE, TARIFF], header_rows=1, marked_header_rows=[2]).to_bytes()
    spec = read(tmp_path, given)
    assert [r.index for r in spec.tables[0].rows] == [1, 2, 3]
    result = applied(apply(given, [DeleteRow(RowAddress(1, 2), tuple(PRICE))]))
    root = document_xml(result.docx)
    assert root.xpath("//w:tr[w:trPr/w:del]//w:delText/text()", namespaces=NS)[0] == "Price"
    assert rows(read(tmp_path, result.docx)) == [tuple(EXECUTION), tuple(TARIFF)]


def test_rows_deleted_by_someone_else_are_not_counted(tmp_path):
    given = items_doc([HEADER, EXECUTION, PRICE, PRICE_AGAIN, TARIFF], row_changes={2: "del"}).to_bytes()
    spec = read(tmp_path, given)
    assert rows(spec)[1] == tuple(PRICE_AGAIN)
    result = applied(apply(given, [ReplaceCellText(CellAddress(1, 2, 3), "M", "O")]))
    assert rows(read(tmp_path, result.docx))[1] == (*PRICE_AGAIN[:3], "O", *PRICE_AGAIN[4:])
    assert rows(read(tmp_path, result.docx, "original")) == rows(read(tmp_path, given, "original"))


def test_an_empty_row_keeps_its_number_as_build_gives_it(tmp_path):
    given = items_doc([HEADER, EXECUTION, [""] * 6, PRICE]).to_bytes()
    assert [r.index for r in read(tmp_path, given).tables[0].rows] == [1, 3]
    result = apply(given, [DeleteRow(RowAddress(1, 3), tuple(PRICE)), DeleteRow(RowAddress(1, 2), ("",) * 6)])
    assert result.results[0].applied
    assert result.results[1].reason == "row 2 of table 1 is empty"


def test_a_group_header_row_above_the_header_is_skipped(tmp_path):
    group = [Cell("Specific Data Items", span=6)]
    given = items_doc([group, HEADER, EXECUTION, PRICE]).to_bytes()
    assert rows(read(tmp_path, given))[0] == tuple(EXECUTION)
    result = applied(apply(given, [ReplaceCellText(CellAddress(1, 2, 3), "M", "O")]))
    assert rows(read(tmp_path, result.docx))[1][3] == "O"


# --- nothing else changes -------------------------------------------------------------------------


def test_every_other_member_is_kept_byte_for_byte_in_its_place(tmp_path):
    given = items_doc().to_bytes()
    result = applied(apply(given, [ReplaceCellText(CellAddress(1, 4, 0), "TariffTypo", "Tariff")]))
    with zipfile.ZipFile(io.BytesIO(given)) as before, zipfile.ZipFile(io.BytesIO(result.docx)) as after:
        assert after.testzip() is None
        assert after.namelist() == before.namelist()
        for old, new in zip(before.infolist(), after.infolist(), strict=True):
            assert (new.filename, new.date_time, new.compress_type, new.external_attr) == (
                old.filename, old.date_time, old.compress_type, old.external_attr
            )  # fmt: skip
            if old.filename != "word/document.xml":
                assert after.read(new) == before.read(old)


def test_the_document_keeps_its_namespace_declarations_and_xml_declaration(tmp_path):
    doc = items_doc()
    parts = doc.parts()
    declared = (
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" mc:Ignorable="w14"'
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace("<w:document ", f"<w:document {declared} ", 1)
    given = package(parts)
    result = applied(apply(given, [ReplaceCellText(CellAddress(1, 4, 0), "TariffTypo", "Tariff")]))
    with zipfile.ZipFile(io.BytesIO(result.docx)) as after:
        raw = after.read("word/document.xml")
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ')
    head = raw[: raw.index(b">", raw.index(b"<w:document"))]
    for name in (b"xmlns:w=", b"xmlns:r=", b"xmlns:mc=", b"xmlns:w14=", b"xmlns:wp=", b'mc:Ignorable="w14"'):
        assert name in head
    assert raw.count(b"xmlns:") == head.count(b"xmlns:")  # no declaration added further down


def test_other_authors_revisions_are_left_as_they_were(tmp_path):
    doc = items_doc()
    doc.paragraph("Theirs: ", Ins("added", author="Alice"), Del("removed", author="Bob"), " and Fax.")
    given = doc.to_bytes()
    paragraph = next(p for p in read(tmp_path, given).paragraphs if p.text.startswith("Theirs"))
    result = applied(apply(given, [ReplaceText(BlockAddress(paragraph.order), "Fax", "email")]))

    def theirs(data: bytes) -> list[bytes]:
        root = document_xml(data)
        return [etree.tostring(el) for el in root.iter(f"{W}ins", f"{W}del") if el.get(f"{W}author") != "duislint"]

    assert theirs(result.docx) == theirs(given) and len(theirs(given)) == 2


def test_the_same_input_and_edits_give_the_same_bytes(tmp_path):
    given = items_doc().to_bytes()
    spec = read(tmp_path, given)
    paragraph = next(p for p in spec.paragraphs if "Fax" in p.text)
    edits = [
        DeleteRow(RowAddress(1, 3), tuple(PRICE_AGAIN)),
        ReplaceCellText(CellAddress(1, 1, 3), "O", "M"),
        InsertRowAfter(RowAddress(1, 4), tuple(TARIFF), ("New", TO_BE_COMPLETED)),
        ReplaceText(BlockAddress(paragraph.order), "Fax", "email"),
    ]
    first, second = apply(given, edits), apply(given, edits)
    assert first == second and first.applied == 4
    other = apply(given, edits, author="Jo Bloggs", date="2026-03-01T09:30:00Z")
    root = document_xml(other.docx)
    assert set(root.xpath("//w:ins/@w:author | //w:del/@w:author", namespaces=NS)) == {"Jo Bloggs"}
    assert set(root.xpath("//w:ins/@w:date | //w:del/@w:date", namespaces=NS)) == {"2026-03-01T09:30:00Z"}


def test_revision_ids_are_above_every_id_in_the_document(tmp_path):
    doc = items_doc()
    doc.paragraph("Marked ", Bookmark("_Ref9", "here"), Ins("theirs"), " Fax")
    given = doc.to_bytes()
    existing = [int(i) for i in document_xml(given).xpath("//@w:id", namespaces=NS)]
    paragraph = next(p for p in read(tmp_path, given).paragraphs if p.text.startswith("Marked"))
    result = applied(apply(given, [ReplaceText(BlockAddress(paragraph.order), "Fax", "email"),
                                   DeleteRow(RowAddress(1, 1), tuple(EXECUTION))]))  # fmt: skip
    written = [i for r in result.results for i in r.revisions]
    assert min(written) == max(existing) + 1
    assert written == list(range(min(written), min(written) + len(written)))


def test_no_edit_applied_gives_the_bytes_given(tmp_path):
    given = items_doc().to_bytes()
    result = apply(given, [DeleteRow(RowAddress(1, 9), ())])
    assert result.docx == given and result.applied == 0


def test_python_docx_opens_the_redlined_copy(tmp_path):
    docx = pytest.importorskip("docx")
    given = items_doc().to_bytes()
    result = applied(apply(given, [DeleteRow(RowAddress(1, 3), tuple(PRICE_AGAIN)),
                                   InsertRowAfter(RowAddress(1, 1), tuple(EXECUTION), ("New", TO_BE_COMPLETED))]))  # fmt: skip
    document = docx.Document(io.BytesIO(result.docx))
    (table,) = document.tables
    assert len(table.rows) == 6  # python-docx shows deleted and inserted rows alike
    assert [c.text for c in table.rows[0].cells] == HEADER
    assert table.rows[2].cells[0].text == ""  # runs inside w:ins are not python-docx's text


def test_libreoffice_converts_the_redlined_copy(tmp_path):
    given = items_doc().to_bytes()
    result = applied(apply(given, [ReplaceCellText(CellAddress(1, 4, 0), "TariffTypo", "Tariff")]))
    source = tmp_path / "fixed.docx"
    source.write_bytes(result.docx)
    assert "Tariff" in office_text(source, tmp_path)


# --- refusals -------------------------------------------------------------------------------------


def refusal(given: bytes, edit: object) -> str:
    (result,) = apply(given, [edit]).results  # type: ignore[list-item]
    assert result.outcome is Outcome.REFUSED
    assert result.reason
    return result.reason


def test_what_is_not_there_as_the_finding_saw_it_is_refused():
    given = items_doc().to_bytes()
    assert refusal(given, DeleteRow(RowAddress(2, 1), ())) == "there is no table 2 (the document has 1)"
    assert refusal(given, DeleteRow(RowAddress(1, 5), ())) == "table 1 has no row 5 (4 rows after its header)"
    assert refusal(given, DeleteRow(RowAddress(1, 2), tuple(PRICE_AGAIN))).startswith(
        "row 2 of table 1 reads 'Price | The price per kWh | "
    )
    assert refusal(given, ReplaceCellText(CellAddress(1, 4, 0), "Tarif", "Tariff")) == (
        "column 0 of row 4 of table 1 reads 'TariffTypo', not 'Tarif'"
    )
    assert refusal(given, ReplaceCellText(CellAddress(1, 4, 9), "", "x")) == "row 4 of table 1 has no column 9"
    assert refusal(given, ReplaceCellText(CellAddress(1, 4, 3), "M", "M")) == "column 3 of row 4 of table 1 already reads 'M'"
    assert refusal(given, ReplaceText(BlockAddress(2), "Facsimile", "email")).startswith("'Facsimile' is not in")
    assert refusal(given, ReplaceText(BlockAddress(2), "Fax", "email", occurrence=3)).endswith(
        "has 2 occurrences of 'Fax', not 3"
    )
    assert refusal(given, ReplaceText(BlockAddress(2), "Fax", "email", expected="Other text")).startswith(
        "block 2 reads 'The User shall notify"
    )
    assert refusal(given, ReplaceText(BlockAddress(4), "Fax", "email")) == "block 4 is a table, not a paragraph"
    assert refusal(given, ReplaceText(BlockAddress(2), "Fa", "email")).startswith("'Fa' is not in")  # whole words


def test_text_inside_someone_elses_tracked_change_is_refused(tmp_path):
    doc = items_doc([HEADER, [*EXECUTION[:3], Ins("O", author="Alice"), "None", "None"]])
    doc.paragraph("Send it by ", Ins("Fax", author="Alice"), ".")
    given = doc.to_bytes()
    assert refusal(given, ReplaceCellText(CellAddress(1, 1, 3), "O", "M")) == (
        "column 3 of row 1 of table 1 is already in a tracked insertion by Alice"
    )
    assert refusal(given, DeleteRow(RowAddress(1, 1), tuple(EXECUTION))) == (
        "row 1 of table 1 is already in a tracked insertion by Alice"
    )
    order = next(p for p in read(tmp_path, given).paragraphs if p.text.startswith("Send")).order
    assert refusal(given, ReplaceText(BlockAddress(order), "Fax", "email")) == (
        "the text in the paragraph 'Send it by Fax.' is already in a tracked insertion by Alice"
    )


def test_a_row_someone_else_inserted_is_refused():
    given = items_doc([HEADER, EXECUTION, PRICE], row_changes={2: "ins"}).to_bytes()
    assert refusal(given, ReplaceCellText(CellAddress(1, 2, 3), "M", "O")).endswith(
        "is already in a tracked insertion by duislint tests"
    )


def test_cells_duislint_does_not_edit_are_refused():
    merged = [HEADER, [Cell("A", vmerge="restart"), "a", "xs:int", "M", "", ""],
              [Cell(vmerge="continue"), "b", "xs:int", "M", "", ""]]  # fmt: skip
    assert "merged vertically" in refusal(items_doc(merged).to_bytes(), ReplaceCellText(CellAddress(1, 1, 0), "A", "B"))
    assert "merged vertically" in refusal(items_doc(merged).to_bytes(), DeleteRow(RowAddress(1, 1), ("A", "a", "xs:int", "M", "", "")))
    doc = items_doc()
    doc.paragraph("See ", Ref("_Ref1", "Fax"), ".")
    given = doc.to_bytes()
    assert "shown by a field" in refusal(given, ReplaceText(BlockAddress(6), "Fax", "email"))


def test_edits_to_what_an_earlier_edit_changed_are_refused():
    given = items_doc().to_bytes()
    result = apply(given, [
        DeleteRow(RowAddress(1, 3), tuple(PRICE_AGAIN)),
        ReplaceCellText(CellAddress(1, 3, 3), "M", "O"),
        ReplaceCellText(CellAddress(1, 4, 0), "TariffTypo", "Tariff"),
        DeleteRow(RowAddress(1, 4), tuple(TARIFF)),
        ReplaceText(BlockAddress(2), "Fax", "email", occurrence=1),
        ReplaceText(BlockAddress(2), "DCC by Fax", "DCC by post"),
    ])  # fmt: skip
    assert [r.outcome for r in result.results] == ["applied", "refused", "applied", "refused", "applied", "refused"]
    assert result.results[1].reason == "column 3 of row 3 of table 1 is in a row edit 1 deletes"
    assert result.results[3].reason == "row 4 of table 1 has a cell edit 3 changes"
    assert result.results[5].reason.endswith("overlaps what edit 5 replaces")


def test_a_strict_document_is_refused_whole():
    doc = items_doc()
    doc.conformance = "strict"
    given = doc.to_bytes()
    result = apply(given, [DeleteRow(RowAddress(1, 1), tuple(EXECUTION))])
    assert result.docx == given
    assert result.results[0].reason.startswith("a Strict Open XML document")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file, not a .docx (not a zip package)"),
        (b"not a zip", "not a .docx (not a zip package)"),
        (b"\xd0\xcf\x11\xe0rest", "a binary Word .doc or a password-protected document; save it as .docx"),
    ],
)
def test_what_is_no_docx_is_an_input_error(data, message):
    with pytest.raises(InputError) as raised:
        apply(data, [])
    assert raised.value.message == message


def test_a_bad_author_or_date_is_a_programming_error():
    given = items_doc().to_bytes()
    with pytest.raises(ValueError):
        apply(given, [], date="1 January 2000")
    with pytest.raises(ValueError):
        apply(given, [], author="")


def package(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()





# --- the demo, end to end -------------------------------------------------------------------------


def test_fixing_a_demo_finding_removes_it_and_the_original_view_reports_as_before(tmp_path):
    """What `duislint fix` will do with the demo's SP203: set Mandatory from minOccurs. Checking the copy no
    longer reports it and reports nothing new; its original view reports exactly what the input's does. (The
    demo's SP201, UpperBandChannels0To026, is no such fix: the schema's name is its neighbour row's, and writing it
    would be an SP202 duplicate.)"""
    demo = ROOT / "schemas" / "demo"
    given_path = demo / "DUIS Demo Specification V9.1.docx"
    report = check_json(demo, "--spec", given_path)
    spec = read_spec(str(given_path), given_path.name)
    (finding,) = [f for f in report["findings"] if f["rule"] == "SP203"]
    where = finding["location"]
    table = spec.tables[where["table"] - 1]
    row = next(r for r in table.rows if r.index == where["row"])
    column = table.column("mandatory")
    edit = ReplaceCellText(CellAddress(where["table"], where["row"], column), row.cells[column], finding["suggestion"])
    result = applied(apply(given_path.read_bytes(), [edit], display=given_path.name))
    fixed = tmp_path / given_path.name
    fixed.write_bytes(result.docx)

    def keys(found: dict) -> list[tuple]:
        return sorted((f["rule"], f["subject"], f["location"].get("section"), f["location"].get("table"),
                       f["location"].get("row")) for f in found["findings"])  # fmt: skip

    assert keys(check_json(demo, "--spec", fixed)) == [k for k in keys(report) if k[0] != "SP203"]
    original = ("--revisions", "original")
    assert keys(check_json(demo, "--spec", fixed, extra=original)) == keys(
        check_json(demo, "--spec", given_path, extra=original)
    )


# --- edge cases -----------------------------------------------------------------------------------


def test_new_text_with_a_line_break_and_a_tab_is_written_as_word_writes_them(tmp_path):
    given = items_doc().to_bytes()
    result = applied(apply(given, [ReplaceCellText(CellAddress(1, 4, 1), "The tariff", "The tariff:\tone\nor two")]))
    assert rows(read(tmp_path, result.docx))[3][1] == "The tariff: one\nor two"
    (run,) = document_xml(result.docx).xpath("//w:ins/w:r", namespaces=NS)
    assert [child.tag.split("}")[1] for child in run] == ["t", "tab", "t", "br", "t"]


def test_a_deleted_row_with_a_field_keeps_the_field_in_the_original_view(tmp_path):
    rows_ = [HEADER, EXECUTION, ["Ref", ["See ", Ref("_Ref1", "3.8")], "xs:int", "M", "None", "None"]]
    given = items_doc(rows_).to_bytes()
    result = applied(apply(given, [DeleteRow(RowAddress(1, 2), ("Ref", "See 3.8", "xs:int", "M", "None", "None"))]))
    assert_original_view_unchanged(tmp_path, given, result.docx)
    root = document_xml(result.docx)
    assert root.xpath("//w:del//w:delInstrText", namespaces=NS) and not root.xpath("//w:del//w:instrText", namespaces=NS)
    assert rows(read(tmp_path, result.docx)) == [tuple(EXECUTION)]


def test_a_row_holding_a_bookmark_a_reference_points_at_is_not_deleted():
    doc = items_doc([HEADER, EXECUTION, [Bookmark("_Ref7", "Price"), *PRICE[1:]]])
    doc.paragraph("See ", Ref("_Ref7", "Price"), ".")
    assert "bookmark '_Ref7'" in refusal(doc.to_bytes(), DeleteRow(RowAddress(1, 2), tuple(PRICE)))


def test_an_inserted_row_with_too_many_cells_or_text_in_one_merged_cell_twice_is_refused():
    given = items_doc([HEADER, [Cell("Both", span=2), "xs:int", "M", "", ""]]).to_bytes()
    row = ("Both", "Both", "xs:int", "M", "", "")
    assert "7 cells" in refusal(given, InsertRowAfter(RowAddress(1, 1), row, ("a",) * 7))
    assert "one merged cell" in refusal(given, InsertRowAfter(RowAddress(1, 1), row, ("a", "b")))
    assert apply(given, [InsertRowAfter(RowAddress(1, 1), row, ("a", "a"))]).applied == 1


# --- every row of documents shaped as Word shapes them --------------------------------------------


def shaped(kind: str) -> bytes:
    doc = DocxBuilder("list")
    doc.heading(1, "Specific Data Items")
    body = [EXECUTION, PRICE, PRICE_AGAIN, TARIFF]
    if kind == "controls":
        doc.table([HEADER, *body], controls={"table": ["sdt"], "row": ["customXml"], "cell": ["sdt"],
                                             "content": ["customXml", "sdt"]}, control_columns=[0, 3])  # fmt: skip
    elif kind == "split":
        doc.table([HEADER, body[0]], header_rows=1)
        doc.page_break()
        doc.table([HEADER, body[1]], header_rows=1)
        doc.section_break()
        doc.table([body[2], body[3]])  # no header: joined by its width
    elif kind == "repeated-header":
        doc.table([HEADER, body[0], HEADER, body[1], body[2], HEADER, body[3]], header_rows=1, marked_header_rows=[5])
    elif kind == "tracked-rows":
        doc.table([HEADER, body[0], PRICE, body[1], body[2], TARIFF, body[3]], row_changes={2: "del", 5: "ins"})
    elif kind == "tracked-cells":
        doc.table([HEADER, body[0], [*body[1][:5], Cell("kWh", change="del"), Cell("GBP", change="ins")], *body[2:]])
    elif kind == "merges":
        doc.table([[Cell("Group", span=6)], HEADER, [Cell(body[0][0], span=2), *body[0][2:]], *body[1:]])
    doc.paragraph("After.")
    doc.table([["Term", "Definition"], ["DCC", "the Data Communications Company"], ["Fax", "facsimile"]])
    return doc.to_bytes()


@pytest.mark.parametrize("kind", ["controls", "split", "repeated-header", "tracked-rows", "tracked-cells", "merges"])
def test_every_row_of_a_shaped_document_is_the_row_the_finding_names(tmp_path, kind):
    given = shaped(kind)
    spec = read(tmp_path, given)
    for table in spec.tables:
        for row in table.rows:
            edits = [DeleteRow(RowAddress.of(row.location), row.cells),
                     ReplaceCellText(CellAddress.of(row.location, 3 if table.kind == "data-items" else 1),
                                     row.cell(3 if table.kind == "data-items" else 1), "changed"),
                     InsertRowAfter(RowAddress.of(row.location), row.cells, ("new",))]  # fmt: skip
            for edit in edits:
                result = apply(given, [edit])
                (outcome,) = result.results
                assert outcome.applied or "would not read as intended" not in (outcome.reason or ""), outcome
                if not outcome.applied:
                    continue
                after = rows(read(tmp_path, result.docx), table.index)
                before = rows(spec, table.index)
                at = [r.index for r in table.rows].index(row.index)
                if isinstance(edit, DeleteRow):
                    assert after == before[:at] + before[at + 1 :]
                elif isinstance(edit, InsertRowAfter):
                    assert after[at + 1][0] == "new" and after[: at + 1] == before[: at + 1]
                else:
                    assert "changed" in after[at] and after[:at] == before[:at]
                assert_original_view_unchanged(tmp_path, given, result.docx)


def test_a_clause_of_the_code_is_matched_as_the_model_quotes_it(tmp_path):
    """In a document of the Code, a paragraph's typed clause number is not its text: a finding quotes the text
    without it, and so does the edit (given the name the document was checked under)."""
    doc = DocxBuilder("typed")
    doc.heading(1, "Section H: DCC Services", number="H")
    doc.paragraph("H17.5 The DCC shall notify each User by Fax.")
    given = doc.to_bytes()
    path = tmp_path / "SEC Section H.docx"
    path.write_bytes(given)
    paragraph = read_spec(str(path), path.name).paragraphs[0]
    assert (paragraph.number, paragraph.text) == ("H17.5", "The DCC shall notify each User by Fax.")
    edit = ReplaceText(BlockAddress(paragraph.order), "Fax", "email", expected=paragraph.text)
    result = applied(apply(given, [edit], display=path.name))
    path.write_bytes(result.docx)
    assert read_spec(str(path), path.name).paragraphs[0].text == "The DCC shall notify each User by email."

"""Fuzzing the Word redline engine (src/duislint/fix/redline.py): mutated documents and random edits never crash
it. Each case either is an InputError naming what is wrong with the package, or gives a valid zip whose
word/document.xml parses, one result per edit (a refusal with its reason), and, when an edit was applied, a copy
that reads in the original view exactly as the input did.

Quick profile by default (part of `make test`); `DUISLINT_FUZZ=long` as for tests/test_fuzz.py.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
from hypothesis import event, given
from hypothesis import strategies as st
from lxml import etree

from duislint.errors import InputError
from duislint.fix.redline import (
    TO_BE_COMPLETED,
    BlockAddress,
    CellAddress,
    DeleteRow,
    Edit,
    InsertRowAfter,
    ReplaceCellText,
    ReplaceText,
    RowAddress,
    apply,
)
from duislint.spec.build import read_spec
from duislint.spec.docx import read_word
from duislint.xmlsafe import safe_parser
from tests.docxgen import Cell, DocxBuilder, Ins
from tests.test_fix_redline import assert_well_formed_revisions
from tests.test_fuzz import FUZZ, mutated_docx

TIME_LIMIT = 10.0
TEXTS = st.one_of(
    st.sampled_from(["", "M", "O", "Fax", "email", "x\ty", "two\nlines", " spaced ", "Data Item", TO_BE_COMPLETED]),
    st.text(max_size=8),
)


def shaped_docx() -> bytes:
    """A small DUIS-shaped document with what the engine must find its way through: content controls, a split
    table, a repeated header, tracked rows and runs, merged cells."""
    doc = DocxBuilder("list")
    doc.heading(1, "Service Requests")
    doc.paragraph("Notify the DCC by Fax, or by ", Ins("Fax", author="Alice"), ".")
    doc.heading(2, "Specific Data Items")
    header = ["Data Item", "Description", "Type", "Mandatory"]
    doc.table([header, ["A", "Fax", "xs:int", "M"], ["B", "b", "xs:int", "O"]], header_rows=1,
              controls={"row": ["sdt"]}, row_changes={2: "del"})  # fmt: skip
    doc.page_break()
    doc.table([header, ["C", "c", "xs:int", "M"], header, [Cell("D", span=2), "xs:int", "M"]], header_rows=1,
              marked_header_rows=[2])  # fmt: skip
    doc.paragraph("")
    doc.table([header, [Cell("E", vmerge="restart"), "e", "xs:int", "O"], [Cell(vmerge="continue"), "f", "", "M"]])
    doc.paragraph("End.")
    return doc.to_bytes()


SHAPED = shaped_docx()


@st.composite
def edits_for(draw, raw: bytes, folder: Path) -> list[Edit]:  # noqa: ANN001
    """Edits a fixer could make of this document as duislint reads it (rows, cells and paragraphs it has, with
    the text it has there), and some it could not (other places, other texts)."""
    path = folder / "input.docx"
    path.write_bytes(raw)
    try:
        spec = read_spec(str(path), "input.docx")
    except InputError:
        spec = None
    places = [(table.index, row) for table in spec.tables for row in table.rows] if spec else []
    paragraphs = [(p.order, p.text) for p in spec.paragraphs] if spec else []
    edits: list[Edit] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["delete", "cell", "insert", "text"]))
        if places and draw(st.booleans()):
            table, row = draw(st.sampled_from(places))
            address, cells = RowAddress(table, row.index), row.cells
        else:
            address, cells = RowAddress(draw(st.integers(-1, 30)), draw(st.integers(-1, 12))), ()
        column = draw(st.integers(-1, max(len(cells), 1)))
        if kind == "delete":
            edits.append(DeleteRow(address, cells))
        elif kind == "insert":
            edits.append(InsertRowAfter(address, cells, tuple(draw(st.lists(TEXTS, max_size=len(cells) + 1)))))
        elif kind == "cell":
            old = cells[column] if 0 <= column < len(cells) else draw(TEXTS)
            edits.append(ReplaceCellText(CellAddress(address.table, address.row, column), old, draw(TEXTS)))
        else:
            if paragraphs and draw(st.booleans()):
                order, text = draw(st.sampled_from(paragraphs))
                words = text.split() or ["x"]
                at: BlockAddress | CellAddress = BlockAddress(order)
                old = draw(st.sampled_from(words))
            else:
                at = CellAddress(address.table, address.row, column) if draw(st.booleans()) else BlockAddress(draw(st.integers(-1, 90)))  # fmt: skip
                old = draw(TEXTS)
            occurrence = draw(st.none() | st.integers(0, 3))
            edits.append(ReplaceText(at, old, draw(TEXTS), occurrence=occurrence, whole_word=draw(st.booleans())))
    return edits


def check(raw: bytes, edits: list[Edit], folder: Path, shaped: bool = False) -> None:
    started = time.perf_counter()
    try:
        result = apply(raw, edits, display="input.docx")
    except InputError as error:
        event("input error")
        assert str(error).startswith("input.docx") and "\n" not in str(error)
        return
    assert time.perf_counter() - started < TIME_LIMIT
    assert len(result.results) == len(edits)
    assert all(r.reason for r in result.results if not r.applied)
    event(f"{result.applied} applied")
    with zipfile.ZipFile(io.BytesIO(result.docx)) as package:
        assert package.testzip() is None
        etree.fromstring(package.read("word/document.xml"), safe_parser())
    if result.applied:
        before, after = folder / "before.docx", folder / "after.docx"
        before.write_bytes(raw)
        after.write_bytes(result.docx)
        assert read_word(str(after), "x", "original").blocks == read_word(str(before), "x", "original").blocks
        read_word(str(after), "x", "accepted")
        if shaped:  # a document Word could have written: the copy is one too
            assert_well_formed_revisions(result.docx)
            docx.Document(io.BytesIO(result.docx))
    else:
        assert result.docx == raw


@FUZZ
@given(data=st.data(), raw=mutated_docx())
def test_fuzz_mutated_documents_and_random_edits(tmp_path_factory, data, raw):
    folder = tmp_path_factory.mktemp("fix-fuzz")
    check(raw, data.draw(edits_for(raw, folder)), folder)


@FUZZ
@given(data=st.data())
def test_fuzz_random_edits_of_a_shaped_document(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fix-shaped")
    check(SHAPED, data.draw(edits_for(SHAPED, folder)), folder, shaped=True)

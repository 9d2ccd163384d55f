"""Where in word/document.xml the Word reader's blocks, table rows, cells and text come from.

A finding locates a specification row as "table N, row M": tables counted 1-based in document order as the reader
reads them (through content controls and custom XML at every level, a table split over pages read as one, a header
row repeated inside a table left out, rows and cells hidden in this revision view not counted), rows 1-based after
the table's header row (build.py). A fix must change that row and no other, so it is found by the reader itself: a
subclass of the reader notes the element of each block and the w:tr of each table row it reads, and the tables are
joined as the reader joins them. What cannot be traced exactly is said so, never guessed.

A paragraph of prose is located by its place among the reader's blocks (Paragraph.order, Section.order), and text
within a paragraph by the reader's own text collector, noting which run and which element of it gave each piece.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from duislint.errors import InputError
from duislint.spec.build import build_spec
from duislint.spec.docx import (
    _DOCUMENT_RELS,
    ACCEPTED,
    T_body,
    T_fldSimple,
    T_gridSpan,
    T_tc,
    T_tcPr,
    T_trPr,
    T_vMerge,
    _int,
    _Reader,
    _span,
    _TextCollector,
    _through_controls,
    _val,
    read_tree,
    reader_for,
    w,
)
from duislint.spec.docx_tables import Trace
from duislint.spec.model import Block, Spec, Table, TableBlock


@dataclass(frozen=True, slots=True)
class Parts:
    """The parsed parts the reader reads: the document, its styles and numbering, the document's relationships."""

    document: etree._Element
    styles: etree._Element | None = None
    numbering: etree._Element | None = None
    relationships: etree._Element | None = None


def body(parts: Parts, display: str) -> etree._Element:
    found = parts.document.find(T_body)
    if found is None:
        raise InputError(display, "word/document.xml has no w:body")
    return found


def _named(parts: Parts) -> dict[str, etree._Element]:
    named = {"word/document.xml": parts.document, "word/styles.xml": parts.styles,
             "word/numbering.xml": parts.numbering, _DOCUMENT_RELS: parts.relationships}  # fmt: skip
    return {name: part for name, part in named.items() if part is not None}


def read_blocks(parts: Parts, display: str, revisions: str) -> list[Block]:
    """The document's blocks as `duislint check` reads them in this revision view."""
    return list(read_tree(_named(parts), display, revisions).blocks)


# --- rows and cells -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellSlot:
    """A cell of a row as the reader reads it: the w:tc, its first grid column, the columns it spans, and whether
    it is merged vertically ("restart" starts a merge, "continue" goes on with the cell above)."""

    tc: etree._Element
    column: int
    span: int
    vmerge: str | None


@dataclass(frozen=True, slots=True)
class RowLayout:
    """A row's grid: the columns it skips before and after its cells (gridBefore, gridAfter), and its cells."""

    before: int
    cells: tuple[CellSlot, ...]
    after: int

    def at(self, column: int) -> CellSlot | None:
        return next((c for c in self.cells if c.column <= column < c.column + c.span), None)


def row_layout(reading: _Reader, tr: etree._Element) -> RowLayout:
    """The row's cells in grid columns, as the reader lays them out (cells hidden in its view left out)."""
    trpr = tr.find(T_trPr)
    before = _span(_int(_val(trpr.find(w("gridBefore")))) if trpr is not None else None, 0)
    after = _span(_int(_val(trpr.find(w("gridAfter")))) if trpr is not None else None, 0)
    cells, column = [], before
    for tc in _through_controls(tr, T_tc):
        tcpr = tc.find(T_tcPr)
        if not reading._cell_visible(tcpr):
            continue
        span = _span(_int(_val(tcpr.find(T_gridSpan))) if tcpr is not None else None, 1)
        vmerge = tcpr.find(T_vMerge) if tcpr is not None else None
        kind = None if vmerge is None else "continue" if _val(vmerge, "continue") == "continue" else "restart"
        cells.append(CellSlot(tc, column, span, kind))
        column += span
    return RowLayout(before, tuple(cells), after)


def cell_contents(reading: _Reader, tc: etree._Element) -> list[etree._Element]:
    """What the reader reads of a cell: its paragraphs, nested tables and embedded documents, in order."""
    return list(reading._contents(tc))


# --- the document's layout --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableTrace:
    """A table as the reader reads it and build.py models it, and where its rows are: the w:tr of each of the
    block's rows (None when they could not be traced), and the offset of its data rows: block.rows[header + n] is
    its data row n (None when it could not be found)."""

    block: TableBlock
    rows: tuple[etree._Element, ...] | None
    table: Table | None = None
    header: int | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    """The document's blocks in one revision view, each with where it is (a paragraph's w:p, a table's trace), and
    the specification model build.py makes of them: the numbers findings locate by."""

    reading: _Reader
    blocks: tuple[Block, ...]
    sources: tuple[etree._Element | TableTrace, ...]
    spec: Spec
    traced: bool = True

    def table(self, number: int) -> tuple[int, TableTrace] | None:
        """The table findings call table `number`: its place among the blocks, and its trace."""
        table = next((t for t in self.spec.tables if t.index == number), None)
        if table is None or not 0 <= table.order < len(self.sources):
            return None
        trace = self.sources[table.order]
        return (table.order, trace) if isinstance(trace, TableTrace) else None


def locate(parts: Parts, display: str, revisions: str = ACCEPTED) -> Layout:
    """The document read as duislint reads it, each block with its source, and modelled as duislint models it."""
    trace = Trace()
    blocks = list(read_tree(_named(parts), display, revisions, trace).blocks)
    spec = build_spec(list(blocks), display, revisions)
    sources: list[etree._Element | TableTrace] = [
        TableTrace(block, trace.rows_of(block)) if isinstance(block, TableBlock) else trace.element(block)
        for block in blocks
    ]
    for table in spec.tables:
        found = sources[table.order]
        if isinstance(found, TableTrace):
            sources[table.order] = replace(found, table=table, header=_data_rows_offset(found.block, table))
    return Layout(reader_for(_named(parts), revisions), tuple(blocks), tuple(sources), spec)


def _data_rows_offset(block: TableBlock, table: Table) -> int | None:
    """Where build.py's data rows start among the block's rows (block.rows[offset + n] is row n): the one offset
    that gives its rows, numbered 1-based after it with empty rows left out, as the model has them."""
    wanted = [(row.index, row.cells) for row in table.rows]
    if not wanted:
        return None
    first_index, first_cells = wanted[0]
    found = [
        at - first_index
        for at, cells in enumerate(block.rows)
        if cells == first_cells
        and at - first_index >= -1
        and [(n, c) for n, c in enumerate(block.rows[at - first_index + 1 :], start=1) if any(c)] == wanted
    ]
    return found[0] if len(found) == 1 else None


# --- text within a paragraph ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of a paragraph's text as the reader collects it (before normalising): where it is in that text, the
    run and the element of it (w:t, w:tab, ...) it comes from, the containers between the paragraph and the run,
    and whether it is shown by a field (a field's result is rewritten when the field is updated)."""

    start: int
    end: int
    run: etree._Element
    child: etree._Element
    path: tuple[etree._Element, ...]
    in_field: bool


class _PieceCollector(_TextCollector):
    """The reader's text collector, noting where each piece of the text it keeps comes from."""

    def __init__(self, accepted: bool, hidden_styles: dict[str, bool], hidden: bool) -> None:
        super().__init__(accepted, hidden_styles, hidden)
        self.pieces: list[Piece] = []
        self._path: list[etree._Element] = []
        self._length = 0

    def walk(self, node: etree._Element, hidden: bool = False) -> None:
        self._path.append(node)
        try:
            super().walk(node, hidden)
        finally:
            self._path.pop()

    def _emit(self, text: str, source: etree._Element | None = None) -> None:
        before = len(self.parts)
        super()._emit(text, source)
        if len(self.parts) == before:  # a field's instruction: not text
            return
        start, self._length = self._length, self._length + len(text)
        run = source.getparent() if source is not None else None
        if source is not None and run is not None:
            in_field = bool(self._field_stack) or any(el.tag == T_fldSimple for el in self._path)
            self.pieces.append(Piece(start, self._length, run, source, tuple(self._path[1:]), in_field))


def paragraph_text(reading: _Reader, p: etree._Element) -> tuple[str, list[Piece]]:
    """The paragraph's text as the reader collects it in its view (before normalising), and where each piece is."""
    collector = _PieceCollector(reading.accepted, reading.hidden_styles, reading._style_hidden(p))
    collector.walk(p)
    return "".join(collector.parts), collector.pieces

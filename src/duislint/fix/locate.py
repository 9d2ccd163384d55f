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
from typing import Any

from lxml import etree

from duislint.errors import InputError
from duislint.spec.build import build_spec
from duislint.spec.docx import (
    ACCEPTED,
    T_body,
    T_br,
    T_cr,
    T_delText,
    T_fldSimple,
    T_gridSpan,
    T_noBreakHyphen,
    T_ptab,
    T_t,
    T_tab,
    T_tblHeader,
    T_tc,
    T_tcPr,
    T_tr,
    T_trPr,
    T_vMerge,
    _flag,
    _int,
    _read_hidden_styles,
    _read_numbering,
    _read_styles,
    _Reader,
    _relationship_targets,
    _span,
    _TextCollector,
    _through_controls,
    _val,
    w,
)
from duislint.spec.docx_tables import Unread, _continued, as_shown, without_repeated_headers
from duislint.spec.model import Block, ParagraphBlock, Spec, Table, TableBlock

_PRODUCING = frozenset((T_t, T_delText, T_tab, T_ptab, T_br, T_cr, T_noBreakHyphen))  # run content read as text


@dataclass(frozen=True)
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


def reader(parts: Parts, revisions: str = ACCEPTED) -> Tracer:
    """A fresh reader of the document (list numbering counts from the start) that notes where its blocks are."""
    return Tracer(
        styles=_read_styles(parts.styles),
        numbering=_read_numbering(parts.numbering),
        revisions=revisions,
        hidden_styles=_read_hidden_styles(parts.styles),
        targets=_relationship_targets(parts.relationships),
    )


def read_blocks(parts: Parts, display: str, revisions: str) -> list[Block]:
    """The document's blocks as `duislint check` reads them in this revision view."""
    stream = list(reader(parts, revisions).blocks(body(parts, display)))
    return as_shown(stream, display)[0]


# --- the reader, noting where it reads -------------------------------------------------------------


class Tracer(_Reader):
    """The Word reader, noting the element of each body paragraph and table it reads, and the w:tr of each row of a
    table as it reads it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # id(block) -> (the block, kept alive so that its id is not reused; its element; a table's rows)
        self.sources: dict[int, tuple[Block, etree._Element, tuple[etree._Element, ...] | None]] = {}
        self._depth = 0  # tables being read: more than one, a table nested in a cell

    def _paragraph(self, p: etree._Element) -> Block | None:
        block = super()._paragraph(p)
        if block is not None:
            self.sources[id(block)] = (block, p, None)
        return block

    def _table(self, tbl: etree._Element) -> TableBlock | None:
        self._depth += 1
        try:
            block = super()._table(tbl)
        finally:
            self._depth -= 1
        if block is not None and self._depth == 0:  # a table of the body, not one nested in a cell
            visible = [tr for tr in _through_controls(tbl, T_tr) if self._row_visible(tr)]
            self.sources[id(block)] = (block, tbl, self._rows_read(block, visible))
        return block

    def _rows_read(self, block: TableBlock, visible: list[etree._Element]) -> tuple[etree._Element, ...] | None:
        """The w:tr of each of the block's rows: the visible rows, less the header rows repeated inside the table
        that the reader left out (found by reading the rows again as it does, then matching its rows by identity)."""
        if len(visible) == len(block.rows):
            return tuple(visible)
        rows, marked = self._grid(visible)
        kept = without_repeated_headers(rows, marked)
        if kept != block.rows or len({id(row) for row in rows}) != len(rows):
            return None
        at = {id(row): index for index, row in enumerate(rows)}
        return tuple(visible[at[id(row)]] for row in kept)

    def _grid(self, trs: list[etree._Element]) -> tuple[tuple[tuple[str, ...], ...], list[bool]]:
        """The rows' cell texts before repeated headers are left out, and which rows are marked header rows: as the
        reader's own table reading makes them (docx.py, _Reader._table)."""
        unread, self._unread_in_table = self._unread_in_table, []
        self._depth += 1  # tables nested in the cells are read again as nested ones
        try:
            grid: list[list[str]] = []
            marked: list[bool] = []
            vmerge_from: dict[int, str] = {}
            for tr in trs:
                layout = row_layout(self, tr)
                row = [""] * layout.before
                for cell in layout.cells:
                    column = len(row)
                    if cell.vmerge == "continue" and column in vmerge_from:
                        text = vmerge_from[column]
                    else:
                        text = self._cell_text(cell.tc, [], [])
                        if cell.vmerge is not None:
                            vmerge_from[column] = text
                        else:
                            vmerge_from.pop(column, None)
                    row.extend([text] * cell.span)
                grid.append(row + [""] * layout.after)
                trpr = tr.find(T_trPr)
                marked.append(trpr is not None and _flag(trpr, (T_tblHeader,)) is True)
        finally:
            self._depth -= 1
            self._unread_in_table = unread
        width = max((len(row) for row in grid), default=0)
        return tuple(tuple(row + [""] * (width - len(row))) for row in grid), marked


# --- rows and cells -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellSlot:
    """A cell of a row as the reader reads it: the w:tc, its first grid column, the columns it spans, and whether
    it is merged vertically ("restart" starts a merge, "continue" goes on with the cell above)."""

    tc: etree._Element
    column: int
    span: int
    vmerge: str | None


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class TableTrace:
    """A table as the reader reads it and build.py models it, and where its rows are: the w:tr of each of the
    block's rows (None when they could not be traced), and the offset of its data rows: block.rows[header + n] is
    its data row n (None when it could not be found)."""

    block: TableBlock
    rows: tuple[etree._Element, ...] | None
    table: Table | None = None
    header: int | None = None


@dataclass(frozen=True)
class Layout:
    """The document's blocks in one revision view, each with where it is (a paragraph's w:p, a table's trace), and
    the specification model build.py makes of them: the numbers findings locate by."""

    reading: Tracer
    blocks: tuple[Block, ...]
    sources: tuple[etree._Element | TableTrace, ...]
    spec: Spec
    traced: bool  # the blocks traced are exactly the blocks the reader reads (else nothing can be located)

    def table(self, number: int) -> tuple[int, TableTrace] | None:
        """The table findings call table `number`: its place among the blocks, and its trace."""
        table = next((t for t in self.spec.tables if t.index == number), None)
        if table is None or not 0 <= table.order < len(self.sources):
            return None
        trace = self.sources[table.order]
        return (table.order, trace) if isinstance(trace, TableTrace) else None


def locate(parts: Parts, display: str, revisions: str = ACCEPTED) -> Layout:
    """The document read as duislint reads it, each block with its source, and modelled as duislint models it."""
    reading = reader(parts, revisions)
    stream = list(reading.blocks(body(parts, display)))
    shown, _ = as_shown(stream, display)
    joined = _joined(stream, reading)
    blocks = [block for block, _ in joined]
    spec = build_spec(list(blocks), display, revisions)
    sources = [source for _, source in joined]
    for table in spec.tables:
        trace = sources[table.order] if 0 <= table.order < len(sources) else None
        if isinstance(trace, TableTrace):
            sources[table.order] = replace(trace, table=table, header=_data_rows_offset(trace.block, table))
    return Layout(reading, tuple(blocks), tuple(sources), spec, blocks == shown)


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


def _joined(stream: list[Block | Unread], reading: Tracer) -> list[tuple[Block, etree._Element | TableTrace]]:
    """The blocks with split tables joined, as docx_tables.as_shown joins them, each with its source."""
    out: list[tuple[Block | Unread, etree._Element | TableTrace | None]] = []
    open_table: int | None = None
    for block in stream:
        if isinstance(block, Unread):
            open_table = None
            out.append((block, None))
            continue
        _, element, rows = reading.sources[id(block)]
        if isinstance(block, TableBlock) and open_table is not None:
            first, trace = out[open_table]
            assert isinstance(first, TableBlock) and isinstance(trace, TableTrace)
            joined = _continued(first, block)
            if joined is not None:
                skip = len(first.rows) + len(block.rows) - len(joined.rows)  # the second part's repeated header
                both = trace.rows + rows[skip:] if trace.rows is not None and rows is not None else None
                out[open_table] = (joined, TableTrace(joined, both))
                continue
        if isinstance(block, TableBlock):
            open_table = len(out)
            out.append((block, TableTrace(block, rows)))
            continue
        if not (isinstance(block, ParagraphBlock) and not block.text):
            open_table = None
        out.append((block, element))
    return [(block, source) for block, source in out if not isinstance(block, Unread) and source is not None]


# --- text within a paragraph ----------------------------------------------------------------------


@dataclass(frozen=True)
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
        self._current: etree._Element | None = None
        self._producing: list[etree._Element] = []
        self._produced = 0

    def walk(self, node: etree._Element, hidden: bool = False) -> None:
        self._path.append(node)
        try:
            super().walk(node, hidden)
        finally:
            self._path.pop()

    def _run(self, run: etree._Element, hidden: bool) -> None:
        # the reader emits text for these children of a shown run, one emission each, in order
        self._current, self._producing, self._produced = run, [c for c in run if c.tag in _PRODUCING], 0
        try:
            super()._run(run, hidden)
        finally:
            self._current = None

    def _emit(self, text: str) -> None:
        before = len(self.parts)
        super()._emit(text)
        run, index = self._current, self._produced
        self._produced += 1
        if len(self.parts) == before:  # a field's instruction: not text
            return
        start, self._length = self._length, self._length + len(text)
        if run is not None and index < len(self._producing):
            in_field = bool(self._field_stack) or any(el.tag == T_fldSimple for el in self._path)
            self.pieces.append(Piece(start, self._length, run, self._producing[index], tuple(self._path[1:]), in_field))


def paragraph_text(reading: _Reader, p: etree._Element) -> tuple[str, list[Piece]]:
    """The paragraph's text as the reader collects it in its view (before normalising), and where each piece is."""
    collector = _PieceCollector(reading.accepted, reading.hidden_styles, reading._style_hidden(p))
    collector.walk(p)
    return "".join(collector.parts), collector.pieces

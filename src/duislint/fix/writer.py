"""The edits of rows and cells written into word/document.xml, each as Word writes it with Track Changes on, and
the state of one attempt: what the edits so far changed, and what the document should read once they are made.

Every check is made before anything is changed: a refused edit leaves the document as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from duislint.fix import wordml
from duislint.fix.edits import CellAddress, DeleteRow, InsertRowAfter, ReplaceCellText, RowAddress
from duislint.fix.locate import (
    CellSlot,
    Layout,
    Parts,
    RowLayout,
    TableTrace,
    cell_contents,
    paragraph_text,
    row_layout,
)
from duislint.fix.wordml import Stamp, describe, tracked_change_around, tracked_change_in
from duislint.spec import docx as word
from duislint.spec.docx import T_p, T_pPr, T_rPr, T_tbl, T_tblHeader, T_tcPr, T_tr, T_trPr, T_vMerge
from duislint.spec.text import normalise

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Refused(Exception):
    """An edit that cannot be applied; its text says why."""


@dataclass
class State:
    """The edits written so far in one attempt, and what the document should read once they are."""

    parts: Parts
    layout: Layout
    stamp: Stamp
    deleted: dict[etree._Element, int] = field(default_factory=dict)  # row -> the edit that deleted it
    changed: dict[etree._Element, int] = field(default_factory=dict)  # row -> an edit that changed a cell of it
    replaced: dict[etree._Element, int] = field(default_factory=dict)  # paragraph -> the edit that rewrote it
    # paragraph -> (start, end, new length, edit) of each replacement, in the paragraph's text as given
    spans: dict[etree._Element, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    given: dict[etree._Element, str] = field(default_factory=dict)  # paragraph -> its text as given
    now: dict[etree._Element, str] = field(default_factory=dict)  # paragraph -> its text once the edits are made
    cells: dict[int, list[tuple[etree._Element, CellSlot, list[etree._Element]]]] = field(default_factory=dict)
    inserted: list[tuple[int, etree._Element, etree._Element, tuple[str, ...]]] = field(default_factory=list)
    last_inserted: dict[etree._Element, etree._Element] = field(default_factory=dict)  # row -> the last row after it
    tables: set[int] = field(default_factory=set)  # blocks (tables) the edits change
    prose: set[int] = field(default_factory=set)  # blocks (paragraphs, headings) the edits change

    def text(self, p: etree._Element) -> str:
        """The paragraph's text as given (as the reader collects it, before normalising)."""
        if p not in self.given:
            self.given[p] = paragraph_text(self.layout.reading, p)[0]
        return self.given[p]


# --- locating ---------------------------------------------------------------------------------------


def row_of(state: State, address: RowAddress) -> tuple[int, TableTrace, int, etree._Element]:
    """The table's place among the blocks, its trace, the row's place among the block's rows, and its w:tr."""
    layout = state.layout
    if not layout.traced:
        raise Refused("the document's tables could not be traced as duislint reads them")
    found = layout.table(address.table)
    if found is None:
        raise Refused(f"there is no table {address.table} (the document has {len(layout.spec.tables)})")
    index, trace = found
    row = next((r for r in trace.table.rows if r.index == address.row), None) if trace.table is not None else None
    if row is None:
        last = max((r.index for r in trace.table.rows), default=0) if trace.table is not None else 0
        empty = 0 < address.row < last
        raise Refused(f"row {address.row} of table {address.table} is empty" if empty
                       else f"table {address.table} has no row {address.row} ({last} rows after its header)")  # fmt: skip
    if trace.rows is None or trace.header is None:
        raise Refused(f"the rows of table {address.table} could not be traced as duislint reads them")
    position = trace.header + address.row
    return index, trace, position, trace.rows[position]


def cell_of(state: State, address: CellAddress) -> tuple[int, TableTrace, int, etree._Element, CellSlot, str]:
    """A cell's table, row and slot, and its text as the reader reads it; refused for a cell duislint does not edit."""
    index, trace, position, tr = row_of(state, RowAddress(address.table, address.row))
    cells = trace.block.rows[position]
    where = f"column {address.column} of row {address.row} of table {address.table}"
    if not 0 <= address.column < len(cells):
        raise Refused(f"row {address.row} of table {address.table} has no column {address.column}")
    slot = row_layout(state.layout.reading, tr).at(address.column)
    if slot is None:
        raise Refused(f"{where} is no cell (the row skips that grid column)")
    if slot.vmerge is not None:
        raise Refused(f"{where} is merged vertically with the row above or below (w:vMerge); edit it in Word")
    not_deleted(state, tr, where)
    return index, trace, position, tr, slot, cells[address.column]


def not_deleted(state: State, tr: etree._Element, where: str) -> None:
    if tr in state.deleted:
        raise Refused(f"{where} is in a row edit {state.deleted[tr] + 1} deletes")


def paragraphs_of(state: State, slot: CellSlot, where: str) -> list[etree._Element]:
    contents = cell_contents(state.layout.reading, slot.tc)
    if any(child.tag != T_p for child in contents):
        raise Refused(f"{where} holds a nested table or an embedded document; edit it in Word")
    if not contents:
        raise Refused(f"{where} has no paragraph duislint reads")
    return contents


def untracked(element: etree._Element, where: str, inside: bool = True) -> None:
    """Refused when the element is inside a tracked change (or, with `inside`, holds one)."""
    mark = tracked_change_around(element)
    if mark is None and inside:
        mark = tracked_change_in(element)
    if mark is not None:
        raise Refused(f"{where} is already in {describe(mark)}")


def xml_text(text: str, what: str) -> None:
    if NOT_XML.search(text):
        raise Refused(f"{what} holds a character a Word document cannot hold")


def shown_cells(cells: Sequence[str]) -> str:
    return " | ".join(cells)


# --- the edits ------------------------------------------------------------------------------------


def delete_row(state: State, number: int, edit: DeleteRow) -> None:
    index, trace, position, tr = row_of(state, edit.row)
    where = f"row {edit.row.row} of table {edit.row.table}"
    if trace.block.rows[position] != tuple(edit.expected):
        raise Refused(f"{where} reads '{shown_cells(trace.block.rows[position])}', not '{shown_cells(edit.expected)}'")
    not_deleted(state, tr, where)
    if tr in state.changed:
        raise Refused(f"{where} has a cell edit {state.changed[tr] + 1} changes")
    untracked(tr, where)
    for p in wordml.row_paragraphs(tr):
        foreign = wordml.foreign_container(p)
        if foreign:
            raise Refused(f"{where} holds text inside w:{foreign}, which duislint does not edit")
    referred = {ref.bookmark for block in state.layout.blocks for ref in block.cross_references}
    for start in tr.iter(word.T_bookmarkStart):
        if start.get(word.T_name) in referred:
            raise Refused(f"{where} holds the bookmark '{start.get(word.T_name)}', which a cross-reference refers to")
    layout, below = row_layout(state.layout.reading, tr), _row_below(state, trace, position)
    if below is not None and any(
        cell.vmerge == "restart" and (other := below.at(cell.column)) is not None and other.vmerge == "continue"
        for cell in layout.cells
    ):
        raise Refused(f"{where} starts a cell merged vertically with the row below (w:vMerge); edit it in Word")
    stamp = state.stamp
    wordml.mark_row(tr, word.T_del, stamp)
    for nested in list(wordml.nested_rows(tr)):
        wordml.mark_row(nested, word.T_del, stamp)
    for p in list(wordml.row_paragraphs(tr)):
        wordml.delete_runs(p, stamp)
        wordml.mark_paragraph(p, word.T_del, stamp)
    state.deleted[tr] = number
    state.tables.add(index)


def replace_cell_text(state: State, number: int, edit: ReplaceCellText) -> None:
    address = edit.cell
    index, _, _, tr, slot, text = cell_of(state, address)
    where = f"column {address.column} of row {address.row} of table {address.table}"
    if text != edit.old:
        raise Refused(f"{where} reads '{text}', not '{edit.old}'")
    if normalise(edit.new) == text:
        raise Refused(f"{where} already reads '{text}'")
    xml_text(edit.new, "the new text")
    paragraphs = paragraphs_of(state, slot, where)
    for p in paragraphs:
        _untouched(state, p, where)
        untracked(p, where)
        foreign = wordml.foreign_container(p)
        if foreign:
            raise Refused(f"{where} holds text inside w:{foreign}, which duislint does not edit")
    untracked(slot.tc, where, inside=False)
    lines = [normalise(state.text(p)) for p in paragraphs]
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) <= 1:
        rewrites = [(filled[0] if filled else 0, edit.new)]
    else:  # one paragraph a line: only those that change are rewritten
        parts = [part for part in edit.new.split("\n") if normalise(part)]
        if any("\n" in lines[i] for i in filled) or len(parts) != len(filled):
            raise Refused(f"{where} holds {len(filled)} paragraphs and the new text is not one line for each")
        rewrites = [(i, part) for i, part in zip(filled, parts, strict=True) if normalise(part) != lines[i]]
    for i, new in rewrites:
        _rewrite(state, paragraphs[i], new)
        state.replaced[paragraphs[i]] = number
        state.now[paragraphs[i]] = new.replace("\t", " ")
    state.cells.setdefault(index, []).append((tr, slot, paragraphs))
    state.changed.setdefault(tr, number)
    state.tables.add(index)


def _untouched(state: State, p: etree._Element, where: str) -> None:
    if p in state.replaced:
        raise Refused(f"{where} is text edit {state.replaced[p] + 1} rewrites")
    if state.spans.get(p):
        raise Refused(f"{where} has text edit {state.spans[p][0][3] + 1} changes")


def _rewrite(state: State, p: etree._Element, new: str) -> None:
    """The paragraph's runs deleted, the new text inserted after them with the first shown run's formatting."""
    _, pieces = paragraph_text(state.layout.reading, p)
    properties = pieces[0].run.find(T_rPr) if pieces else mark_properties(p)
    deleted = wordml.delete_runs(p, state.stamp)
    if not new:
        return
    insertion = wordml.inserted_run(new, properties, state.stamp)
    if deleted:
        _child_holding(deleted[-1], lambda parent: parent is p).addnext(insertion)
    else:
        ppr = p.find(T_pPr)
        if ppr is not None:
            ppr.addnext(insertion)
        else:
            p.insert(0, insertion)


def _child_holding(element: etree._Element, container: Callable[[etree._Element], bool]) -> etree._Element:
    """The element, or the ancestor of it, that is a child of its nearest ancestor `container` accepts."""
    parent = element.getparent()
    while parent is not None and not container(parent):
        element, parent = parent, parent.getparent()
    return element


def _row_below(state: State, trace: TableTrace, position: int) -> RowLayout | None:
    """The layout of the row the reader reads after this one, if any."""
    rows = trace.rows or ()
    return row_layout(state.layout.reading, rows[position + 1]) if position + 1 < len(rows) else None


def mark_properties(p: etree._Element) -> etree._Element | None:
    ppr = p.find(T_pPr)
    return ppr.find(T_rPr) if ppr is not None else None


def insert_row_after(state: State, number: int, edit: InsertRowAfter) -> None:
    index, trace, position, tr = row_of(state, edit.row)
    where = f"row {edit.row.row} of table {edit.row.table}"
    cells = trace.block.rows[position]
    if cells != tuple(edit.expected):
        raise Refused(f"{where} reads '{shown_cells(cells)}', not '{shown_cells(edit.expected)}'")
    not_deleted(state, tr, where)
    untracked(tr, where, inside=False)
    width = len(cells)
    if len(edit.cells) > width:
        raise Refused(f"the new row has {len(edit.cells)} cells and table {edit.row.table} {width} columns")
    texts = list(edit.cells) + [""] * (width - len(edit.cells))
    for text in texts:
        xml_text(text, "the new row")
    reading = state.layout.reading
    layout = row_layout(reading, tr)
    covered = {column for slot in layout.cells for column in range(slot.column, slot.column + slot.span)}
    if any(text for column, text in enumerate(texts) if column not in covered):
        raise Refused(f"the new row has text in a grid column {where} has no cell in")
    for slot in layout.cells:
        spanned = texts[slot.column : slot.column + slot.span]
        if any(text not in ("", spanned[0]) for text in spanned[1:]):
            raise Refused(f"columns {slot.column}-{slot.column + slot.span - 1} of {where} are one merged cell: "
                           "the new row cannot have different texts in them")  # fmt: skip
    below = _row_below(state, trace, position)
    if below is not None and any(cell.vmerge == "continue" for cell in below.cells):
        raise Refused(f"the row after {where} continues a vertically merged cell (w:vMerge); insert it in Word")
    new_tr = _new_row(state, tr, layout, texts)
    after = state.last_inserted.get(tr, tr)
    _child_holding(after, lambda parent: parent.tag == T_tbl).addnext(new_tr)  # not inside a control around the row
    expected = [""] * layout.before
    for slot in layout.cells:
        expected.extend([normalise(texts[slot.column])] * slot.span)
    expected += [""] * (width - len(expected))
    state.last_inserted[tr] = new_tr
    state.inserted.append((index, tr, new_tr, tuple(expected[:width])))
    state.tables.add(index)


def _new_row(state: State, tr: etree._Element, layout: RowLayout, texts: list[str]) -> etree._Element:
    """A row with the given row's properties and its cells' (and their first paragraphs'), tracked as inserted."""
    reading, stamp = state.layout.reading, state.stamp
    new_tr = etree.Element(T_tr, {k: v for k, v in tr.attrib.items() if k not in wordml.OWN_IDS})
    for tag in (wordml.T_tblPrEx, T_trPr):
        source = tr.find(tag)
        if source is not None:
            properties = _without_marks(wordml.clean_copy(source))
            if tag == T_trPr:
                for header in properties.findall(T_tblHeader):
                    properties.remove(header)  # a new data row is not a header row repeated on each page
            new_tr.append(properties)
    wordml.mark_row(new_tr, word.T_ins, stamp)
    for slot in layout.cells:
        tc = etree.SubElement(new_tr, slot.tc.tag)
        tcpr = slot.tc.find(T_tcPr)
        if tcpr is not None:
            properties = _without_marks(wordml.clean_copy(tcpr))
            for merge in properties.findall(T_vMerge):
                properties.remove(merge)
            tc.append(properties)
        paragraphs = [child for child in cell_contents(reading, slot.tc) if child.tag == T_p]
        p = etree.SubElement(tc, T_p)
        first_ppr = paragraphs[0].find(T_pPr) if paragraphs else None
        if first_ppr is not None:
            p.append(_without_marks(wordml.clean_copy(first_ppr)))
        wordml.mark_paragraph(p, word.T_ins, stamp)
        text = texts[slot.column]
        if text:
            shown = [piece for para in paragraphs for piece in paragraph_text(reading, para)[1]]
            properties_of = shown[0].run.find(T_rPr) if shown else (mark_properties(paragraphs[0]) if paragraphs else None)
            p.append(wordml.inserted_run(text, properties_of, stamp))
    return new_tr


def _without_marks(element: etree._Element) -> etree._Element:
    """The element less every tracked change in it (a copy's: the new row's are its own)."""
    for mark in [el for el in element.iter() if el.tag in wordml.REVISION_MARKS and el is not element]:
        parent = mark.getparent()
        if parent is not None:
            parent.remove(mark)
    return element

"""The Word redline engine of `duislint fix`: corrections written into a copy of a .docx as tracked changes.

    result = apply(docx_bytes, [DeleteRow(RowAddress(15, 2), row.cells), ...])
    result.docx       # the copy, every edit a tracked change a reviewer accepts or rejects in Word
    result.results    # per edit: applied (with the revision ids written) or refused, and why

Edits address what a finding locates, numbered as duislint's reader numbers it (locate.py): a table row as "table N,
row M" (Location.table, Location.row), a cell by its 0-based grid column besides (Table.columns, Row.cells), a
paragraph of prose by its place among the reader's blocks (Paragraph.order). Each edit also says what the finding
saw there (a row's cells, a cell's text); when the document no longer reads so, the edit is refused.

What an edit writes, as Word writes it with Track Changes on:

- DeleteRow: the row's w:trPr gets a w:del, each of its runs moves into a w:del (w:t -> w:delText) and each of its
  paragraph marks is marked deleted;
- ReplaceCellText: the cell's old runs move into a w:del, the new text follows in a w:ins run with the first old
  run's formatting; only the cell's paragraph that changes is touched;
- InsertRowAfter: a new row after the given one, with its properties, its cells' properties and their first
  paragraph's, its w:trPr, paragraph marks and runs marked inserted;
- ReplaceText: the runs holding a word or phrase are split where it starts and ends, the phrase moves into a w:del
  and the new text follows in a w:ins.

Nothing else changes: every other member of the package keeps its bytes (package.py), word/document.xml keeps its
namespace declarations and its XML declaration, other people's tracked changes stay as they are, and the same input
and edits give the same bytes (a fixed date unless one is given, revision ids counted from above every id the
document has). An edit is refused, never guessed, when its row or text is not there as the finding saw it, when
what it would change is already inside a tracked change, or when what it touches is something duislint does not
edit (a vertically merged cell, a nested table, a field). Applied edits are checked by reading the result as
`duislint check` reads it: in the original view (--revisions original) it must read exactly as the input did, and in
the accepted view the edits' changes must be there and nothing else may differ. An edit whose change would not
read so is refused too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from duislint.errors import InputError
from duislint.fix.edits import (
    TO_BE_COMPLETED,
    BlockAddress,
    CellAddress,
    DeleteRow,
    Edit,
    EditResult,
    InsertRowAfter,
    Outcome,
    Redline,
    ReplaceCellText,
    ReplaceText,
    RowAddress,
)
from duislint.fix.locate import Parts, TableTrace, locate, paragraph_text, read_blocks
from duislint.fix.package import DOCUMENT, Package, read_package
from duislint.fix.phrases import replace_text
from duislint.fix.wordml import Stamp
from duislint.fix.writer import NOT_XML, Refused, State, delete_row, insert_row_after, replace_cell_text
from duislint.spec import docx as word
from duislint.spec.docx import ACCEPTED, ORIGINAL
from duislint.spec.model import Block, TableBlock
from duislint.spec.text import normalise
from duislint.xmlsafe import safe_parser

__all__ = [
    "DEFAULT_AUTHOR", "DEFAULT_DATE", "TO_BE_COMPLETED", "BlockAddress", "CellAddress", "DeleteRow", "Edit",
    "EditResult", "InsertRowAfter", "Outcome", "Redline", "ReplaceCellText", "ReplaceText", "RowAddress", "apply",
]  # fmt: skip

DEFAULT_AUTHOR = "duislint"
DEFAULT_DATE = "2000-01-01T00:00:00Z"  # fixed, so that the same input and edits give the same bytes
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
_WORD_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?<\?xml\s[^>]*\?>[ \t\r\n]*")
_ID = re.compile(rb'\bw:id="(-?\d+)"')


def apply(
    docx: bytes,
    edits: Sequence[Edit],
    *,
    author: str = DEFAULT_AUTHOR,
    date: str = DEFAULT_DATE,
    display: str = "document.docx",
) -> Redline:
    """The .docx with each edit written as a tracked change by `author` at `date`, and each edit's result. When no
    edit applies, the bytes given. An InputError (naming `display`) when the package cannot be read at all."""
    if not author or NOT_XML.search(author):
        raise ValueError(f"not an author Word can record: {author!r}")
    if not _DATE.match(date):
        raise ValueError(f"not a date and time as Word records them (2000-01-01T00:00:00Z): {date!r}")
    document = _Document.read(docx, display)
    numbered = list(enumerate(edits))
    if document.strict:
        reason = "a Strict Open XML document: save it from Word as a Word Document (.docx) to fix it"
        return Redline(docx, tuple(EditResult(edit, Outcome.REFUSED, reason) for edit in edits))
    attempt = _attempt(document, numbered, author, date)
    if attempt.problem is not None:
        attempt = _one_by_one(document, numbered, author, date)
    if not any(result.applied for result in attempt.results) or attempt.xml is None:
        return Redline(docx, attempt.results)
    return Redline(document.package.write({DOCUMENT: attempt.xml}), attempt.results)


# --- the document -----------------------------------------------------------------------------------


@dataclass
class _Document:
    """The package, and what the reader reads of it besides the document (parsed once)."""

    package: Package
    display: str
    raw: bytes  # word/document.xml as given
    styles: etree._Element | None
    numbering: etree._Element | None
    relationships: etree._Element | None
    strict: bool
    original: list[Block] = field(default_factory=list)  # the input in the original view
    first_root: etree._Element | None = None  # word/document.xml as parsed to read it, for the first attempt

    @classmethod
    def read(cls, docx: bytes, display: str) -> _Document:
        package = read_package(docx, display)
        names = set(package.names())
        with package.archive() as archive:  # parsed as the Word reader parses them, with its limits and messages

            def parse(name: str) -> etree._Element | None:
                return word._parse_part(archive, name, display) if name in names else None

            root = word._parse_part(archive, DOCUMENT, display)
            styles, numbering = parse("word/styles.xml"), parse("word/numbering.xml")
            try:
                rels = parse(word._DOCUMENT_RELS)
            except InputError:
                rels = None  # as the reader: read only to name an altChunk's part
        styles = word._as_transitional(styles) if styles is not None else None
        numbering = word._as_transitional(numbering) if numbering is not None else None
        strict = isinstance(root.tag, str) and etree.QName(root).namespace in word.STRICT_NAMESPACES
        namespace = etree.QName(root).namespace if isinstance(root.tag, str) else None
        if not strict and root.find(word.T_body) is None:
            if namespace != word.W:
                raise InputError(display, f"word/document.xml is not WordprocessingML (its root element is in the "
                                          f"namespace {namespace or '(none)'})")  # fmt: skip
            raise InputError(display, "word/document.xml has no w:body")
        raw = package.part(DOCUMENT) or b""
        document = cls(package, display, raw, styles, numbering, rels, strict)
        if not strict:
            document.original = read_blocks(document.parts(root), display, ORIGINAL)
            document.first_root = root
        return document

    def parts(self, root: etree._Element | None = None) -> Parts:
        """The parts with word/document.xml parsed afresh (or this root of it)."""
        if root is None:
            root, self.first_root = self.first_root, None
        if root is None:
            root = etree.fromstring(self.raw, safe_parser())
        return Parts(root, self.styles, self.numbering, self.relationships)


# --- attempts: locate, edit, check ------------------------------------------------------------------


@dataclass
class _Attempt:
    results: tuple[EditResult, ...]
    problem: str | None  # why the result does not read as intended, if it does not
    xml: bytes | None


def _attempt(document: _Document, edits: list[tuple[int, Edit]], author: str, date: str) -> _Attempt:
    parts = document.parts()
    layout = locate(parts, document.display, ACCEPTED)
    state = State(parts, layout, Stamp(author, date, _first_free_id(parts.document, document.package)))
    results = []
    for number, edit in edits:
        first = len(state.stamp.written)
        try:
            _apply_edit(state, number, edit)
        except Refused as refused:
            results.append(EditResult(edit, Outcome.REFUSED, str(refused)))
            continue
        results.append(EditResult(edit, Outcome.APPLIED, None, tuple(state.stamp.written[first:])))
    if not any(result.applied for result in results):
        return _Attempt(tuple(results), None, None)
    problem = _verify(state, document)
    xml = _serialise(parts.document, document.raw) if problem is None else None
    if xml is not None:
        etree.fromstring(xml, safe_parser())  # what is written parses (lxml writes nothing else)
    return _Attempt(tuple(results), problem, xml)


def _one_by_one(document: _Document, edits: list[tuple[int, Edit]], author: str, date: str) -> _Attempt:
    """The edits tried one at a time (each with those kept before it): an edit whose change would not read as
    intended is refused, the others kept."""
    kept: list[tuple[int, Edit]] = []
    results: dict[int, EditResult] = {}
    for number, edit in edits:
        trial = _attempt(document, [*kept, (number, edit)], author, date)
        result = trial.results[-1]
        if trial.problem is not None:
            result = EditResult(edit, Outcome.REFUSED, f"the change would not read as intended: {trial.problem}")
        elif result.applied:
            kept.append((number, edit))
        results[number] = result
    final = _attempt(document, kept, author, date)
    if final.problem is not None:  # each kept edit was checked with those before it: cannot happen
        reason = f"the changes would not read as intended: {final.problem}"
        return _Attempt(tuple(EditResult(edit, Outcome.REFUSED, reason) for _, edit in edits), None, None)
    for (number, _), result in zip(kept, final.results, strict=True):
        results[number] = result
    return _Attempt(tuple(results[number] for number, _ in edits), None, final.xml)


def _first_free_id(root: etree._Element, package: Package) -> int:
    """One above every w:id of the document (revisions, bookmarks, comments), its notes, headers and comments."""
    values = root.xpath("//@*[local-name()='id' and namespace-uri()=$w]", w=word.W)
    highest = max([0, *(int(v) for v in values if isinstance(v, str) and re.fullmatch(r"\s*-?\d+\s*", v))])
    for member in package.members:
        name = member.info.filename
        if name.startswith("word/") and name.endswith(".xml") and name != DOCUMENT:
            highest = max([highest, *(int(found) for found in _ID.findall(member.data))])
    return highest + 1


def _serialise(root: etree._Element, given: bytes) -> bytes:
    """The document as XML, after the XML declaration it had (Word's, standalone="yes", if it had none or another
    encoding than UTF-8): lxml keeps every namespace declaration where it was."""
    declaration = _DECLARATION.match(given)
    prolog = _WORD_DECLARATION
    if declaration is not None:
        encoding = re.search(rb"""encoding\s*=\s*["']([^"']*)["']""", declaration.group(0))
        if encoding is None or encoding.group(1).lower() in (b"utf-8", b"utf8"):
            prolog = declaration.group(0)
    return prolog + etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=False)


def _apply_edit(state: State, number: int, edit: Edit) -> None:
    if isinstance(edit, DeleteRow):
        delete_row(state, number, edit)
    elif isinstance(edit, ReplaceCellText):
        replace_cell_text(state, number, edit)
    elif isinstance(edit, InsertRowAfter):
        insert_row_after(state, number, edit)
    else:
        replace_text(state, number, edit)


# --- checking the result ------------------------------------------------------------------------------


def _verify(state: State, document: _Document) -> str | None:
    """Why the edited document does not read as intended, if it does not: in the original view exactly as the
    input, in the accepted view as the input with the edits' changes and nothing else."""
    parts, display = state.parts, document.display
    original = read_blocks(parts, display, ORIGINAL)
    if original != document.original:
        return f"in the original view (--revisions original), {_first_difference(document.original, original)}"
    before, after = state.layout.blocks, read_blocks(parts, display, ACCEPTED)
    if len(after) != len(before):
        return f"the document would read as {len(after)} blocks, not {len(before)}"
    tables = 0
    for index, (was, now) in enumerate(zip(before, after, strict=True)):
        tables += isinstance(was, TableBlock)
        if index in state.tables:
            assert isinstance(was, TableBlock)
            expected = _expected_rows(state, index)
            if not isinstance(now, TableBlock) or now.rows != expected:
                return f"table {tables} would not read as the edits make it"
        elif index in state.prose:
            source = state.layout.sources[index]
            assert isinstance(source, etree._Element)
            if type(now) is not type(was) or paragraph_text(state.layout.reading, source)[0] != state.now.get(source):
                return f"block {index} would not read as the edits make it"
        elif now != was:
            return f"block {index}, which no edit changes, would read differently"
    return None


def _first_difference(before: list[Block], after: list[Block]) -> str:
    index = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after)))
    return f"block {index} would read differently"


def _expected_rows(state: State, index: int) -> tuple[tuple[str, ...], ...]:
    """A changed table's rows as the edits make them: cells changed, rows inserted after theirs, rows deleted."""
    trace = state.layout.sources[index]
    assert isinstance(trace, TableTrace) and trace.rows is not None
    rows = [(tr, list(cells)) for tr, cells in zip(trace.rows, trace.block.rows, strict=True)]
    by_row = {id(tr): cells for tr, cells in rows}
    for tr, slot, paragraphs in state.cells.get(index, []):
        text = normalise("\n".join(state.now.get(p, state.text(p)) for p in paragraphs))
        for column in range(slot.column, slot.column + slot.span):
            by_row[id(tr)][column] = text
    after: dict[int, int] = {}  # id(row) -> the rows inserted after it so far
    for table, anchor, new_tr, cells in state.inserted:
        if table == index:
            at = next(i for i, (tr, _) in enumerate(rows) if tr is anchor) + 1 + after.get(id(anchor), 0)
            after[id(anchor)] = after.get(id(anchor), 0) + 1
            rows.insert(at, (new_tr, list(cells)))
    return tuple(tuple(cells) for tr, cells in rows if tr not in state.deleted)

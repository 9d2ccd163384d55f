"""A Word document's tables as its reader sees them: one table however Word split it, its header row once.

Authors split a long table over pages or sections (a page or section break between two tables, the header row
repeated at the top of the second, or not) and repeat the header row by hand in the middle of a table. The Word
reader (docx.py) reads such a table as the one table it is, so its rows are numbered and checked together.

What the reader could not read (an embedded w:altChunk) and a table under a "Specific Data Items" heading that is
not recognised as a data-item table (its rows would go unchecked) become notices: one line each, naming the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from duislint.spec.model import Block, HeadingBlock, ParagraphBlock, TableBlock
from duislint.spec.tables import recognise
from duislint.spec.text import header_key, one_line

Cells = tuple[str, ...]
_HEADER_SEARCH = 3  # as build.py does: a merged group-header row or two may sit above the real header
_DATA_ITEMS_HEADING = "specificdataitems"
_SHOWN_HEADER = 80  # characters of an unrecognised table's first row quoted in its notice


@dataclass(frozen=True, slots=True)
class Unread:
    """Where the reader met content it cannot read (an embedded w:altChunk), and what it was."""

    what: str


def header_at(rows: Sequence[Cells]) -> int | None:
    """The row that is the table's header (the first of the first three that names a kind's columns), if any."""
    for candidate in range(min(_HEADER_SEARCH, len(rows))):
        if recognise(rows[candidate]) is not None:
            return candidate
    return None


def _keys(row: Cells) -> Cells:
    """What a row says, compared as header cells are (case, space and punctuation aside; trailing blanks too)."""
    keys = [header_key(cell) for cell in row]
    while keys and not keys[-1]:
        keys.pop()
    return tuple(keys)


@dataclass
class Trace:
    """Where each block a reader reads comes from, for `duislint fix` (which writes its edits where the findings
    are): the element of each body paragraph and table, and the w:tr of each row of a table block (for a table
    joined from parts, the parts' rows less the header rows the join leaves out)."""

    elements: dict[int, Any] = field(default_factory=dict)  # id(block) -> its w:p or (first) w:tbl
    rows: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # id(table block) -> the w:tr of each row
    _kept: list[object] = field(default_factory=list)  # the blocks noted, alive so that no id is reused

    def note(self, block: object, element: Any, rows: tuple[Any, ...] | None = None) -> None:
        self._kept.append(block)
        self.elements[id(block)] = element
        if rows is not None:
            self.rows[id(block)] = rows

    def element(self, block: object) -> Any:
        return self.elements.get(id(block))

    def rows_of(self, block: TableBlock) -> tuple[Any, ...] | None:
        return self.rows.get(id(block))

    def join(self, joined: TableBlock, first: TableBlock, second: TableBlock) -> None:
        """`joined` is `first` with the rows of `second` after it, less the header rows of `second` it repeats."""
        skip = len(first.rows) + len(second.rows) - len(joined.rows)
        one, two = self.rows_of(first), self.rows_of(second)
        self.note(joined, self.element(first), one + two[skip:] if one is not None and two is not None else None)


def kept_rows(rows: tuple[Cells, ...], marked: Sequence[bool]) -> Sequence[int]:
    """The indices of the rows without_repeated_headers keeps."""
    # only a row that starts as a row above it does, or is marked, can repeat the header: most tables have none,
    # and are not worth recognising here (build.py does, once)
    firsts = [header_key(row[0]) if row else "" for row in rows]
    suspects = [
        i for i in range(1, len(rows)) if marked[i] or (firsts[i] and firsts[i] in firsts[: min(i, _HEADER_SEARCH)])
    ]
    at = header_at(rows) if suspects else None
    if at is None:
        return range(len(rows))
    header = {_keys(row) for row in rows[: at + 1]} - {()}

    def repeated(index: int) -> bool:
        keys = _keys(rows[index])
        return bool(keys) and (keys in header or (marked[index] and recognise(rows[index]) is not None))

    dropped = {index for index in suspects if index > at and repeated(index)}
    return [index for index in range(len(rows)) if index not in dropped]


def without_repeated_headers(rows: tuple[Cells, ...], marked: Sequence[bool]) -> tuple[Cells, ...]:
    """The rows less each repetition of the header below it: a row saying what the header says (or a group-header
    row above it), or a row marked as a header row (w:tblHeader) that reads as a header."""
    kept = kept_rows(rows, marked)
    return rows if len(kept) == len(rows) else tuple(rows[index] for index in kept)


def as_shown(stream: list[Block | Unread], display: str, trace: Trace | None = None) -> tuple[list[Block], list[str]]:
    """The blocks with split tables joined, and the notices: what could not be read, and unrecognised tables
    under a "Specific Data Items" heading, in document order. `trace` (where the reader's blocks come from) is
    told where each joined table's rows come from."""
    shown = Shown(display, trace)
    blocks = shown.add(stream)
    blocks.extend(shown.finish())
    return blocks, shown.notices


class Shown:
    """as_shown a stretch of the reader's blocks at a time, as a document streams in: `add` gives the blocks that
    are final (a table waits, with the empty paragraphs after it, until a block other than a table that continues
    it comes), `finish` the rest; `notices` holds the notices of the blocks given so far."""

    def __init__(self, display: str, trace: Trace | None = None) -> None:
        self.display = display
        self.trace = trace
        self.notices: list[str] = []
        self._waiting: list[Block | Unread] = []  # from the table a continuation would join, if any, on
        self._open = False  # the first block waiting is such a table
        self._heading: HeadingBlock | None = None
        self._tables = 0

    def add(self, stream: Iterable[Block | Unread]) -> list[Block]:
        ready: list[Block | Unread] = []
        for block in stream:
            self._join(block, ready)
        return self._noticed(ready)

    def finish(self) -> list[Block]:
        ready, self._waiting, self._open = self._waiting, [], False
        return self._noticed(ready)

    def _join(self, block: Block | Unread, ready: list[Block | Unread]) -> None:
        """Consecutive tables (nothing but empty paragraphs between them: page and section breaks) joined when the
        second repeats the first's header, or has no header and as many columns."""
        if isinstance(block, TableBlock) and self._open:
            first = self._waiting[0]
            assert isinstance(first, TableBlock)
            joined = _continued(first, block)
            if joined is not None:
                if self.trace is not None:
                    self.trace.join(joined, first, block)
                self._waiting[0] = joined
                return
        if isinstance(block, TableBlock):
            ready.extend(self._waiting)
            self._waiting, self._open = [block], True
        elif self._open and isinstance(block, ParagraphBlock) and not block.text:
            self._waiting.append(block)
        else:
            ready.extend(self._waiting)
            ready.append(block)
            self._waiting, self._open = [], False

    def _noticed(self, stream: list[Block | Unread]) -> list[Block]:
        blocks: list[Block] = []
        display = self.display
        for block in stream:
            if isinstance(block, Unread):
                self.notices.append(f"{display}: {_where(self._heading)}{block.what} could not be read: what it holds "
                                    "is not checked (Word imports it when it opens the document; saved from Word, it "
                                    "is ordinary text)")  # fmt: skip
                continue
            if isinstance(block, HeadingBlock):
                self._heading = block
            elif isinstance(block, TableBlock):
                self._tables += 1
                heading = self._heading
                under_data_items = heading is not None and _DATA_ITEMS_HEADING in header_key(heading.title)
                if under_data_items and heading is not None and header_at(block.rows) is None:
                    self.notices.append(_unrecognised(block, self._tables, heading, display))
            blocks.append(block)
        return blocks


def _continued(first: TableBlock, second: TableBlock) -> TableBlock | None:
    """`first` with `second`'s rows after it, when `second` continues it; else None."""
    at = header_at(first.rows)
    if at is None:
        return None
    second_at = header_at(second.rows)
    if second_at is not None:
        if _keys(second.rows[second_at]) != _keys(first.rows[at]):
            return None
        rest = second.rows[second_at + 1 :]
    elif _width(second) == _width(first):
        rest = second.rows
    else:
        return None
    width = max(_width(first), _width(second))
    rows = tuple(row + ("",) * (width - len(row)) for row in first.rows + rest)
    row_lines = first.row_lines + second.row_lines[len(second.rows) - len(rest) :] if first.row_lines else ()
    return TableBlock(
        rows,
        first.line,
        row_lines,
        first.cross_references + second.cross_references,
        first.bookmarks + second.bookmarks,
    )


def _width(table: TableBlock) -> int:
    return max((len(row) for row in table.rows), default=0)


def _where(heading: HeadingBlock | None) -> str:
    if heading is None:
        return "before the first heading: "
    return f"§{heading.number} {heading.title}: " if heading.number else f"{heading.title}: "


def _unrecognised(table: TableBlock, index: int, heading: HeadingBlock, display: str) -> str:
    first = " | ".join(dict.fromkeys(one_line(cell) for cell in table.rows[0] if one_line(cell)))
    if len(first) > _SHOWN_HEADER:
        first = first[: _SHOWN_HEADER - 1] + "…"
    rows = len(table.rows)
    return (
        f'{display}: {_where(heading)}table {index} is not read as a data-item table: its first row ("{first}") '
        f"does not name the Data Item, Type and Mandatory columns: its {rows} row{'s are' if rows != 1 else ' is'} "
        "not checked"
    )

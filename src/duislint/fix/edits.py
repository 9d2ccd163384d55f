"""What `duislint fix` asks of the Word redline engine (redline.py): edits addressed as findings locate what they
are about, and what became of each.

Addresses number what they name as duislint's reader and model number it: a table row as "table N, row M" (a
finding's Location.table and Location.row: tables 1-based in document order, rows 1-based after the header row),
a cell by its 0-based grid column besides (Table.columns, Row.cells), a paragraph of prose or a heading by its
0-based place among the reader's blocks (Paragraph.order, Section.order). Each edit also carries what the finding
saw there, so that an edit made on a document that has changed since is refused, not misapplied.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from duislint.findings import Location

TO_BE_COMPLETED = "[to be completed]"  # a new cell's text for what a person must write


# --- addresses ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowAddress:
    """A data row as findings locate it: table N (1-based, in document order) and row M (1-based after its header)."""

    table: int
    row: int

    @classmethod
    def of(cls, location: Location) -> RowAddress:
        if location.table is None or location.row is None:
            raise ValueError(f"{location} is not a table row")
        return cls(location.table, location.row)


@dataclass(frozen=True, slots=True)
class CellAddress:
    """A cell of a data row: its row, and its 0-based grid column (as Table.columns and Row.cells count them; a
    merged cell is every column it spans)."""

    table: int
    row: int
    column: int

    @classmethod
    def of(cls, location: Location, column: int) -> CellAddress:
        row = RowAddress.of(location)
        return cls(row.table, row.row, column)


@dataclass(frozen=True, slots=True)
class BlockAddress:
    """A paragraph or heading of the prose: its 0-based place among the reader's blocks (Paragraph.order,
    Section.order)."""

    block: int


# --- edits ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeleteRow:
    """Delete a data row; `expected` is its cells as the finding saw them (Row.cells)."""

    row: RowAddress
    expected: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReplaceCellText:
    """Replace a cell's text: `old` is the text the finding saw (Row.cells[column]), `new` what it should read."""

    cell: CellAddress
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class InsertRowAfter:
    """Insert a row after a data row (`expected`: its cells as the finding saw them): `cells` the new row's text,
    one per grid column (fewer are filled with empty cells; TO_BE_COMPLETED marks what a person must write)."""

    row: RowAddress
    expected: tuple[str, ...]
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReplaceText:
    """Replace a word or phrase, as written, in a paragraph of prose or in a cell: every occurrence, or only the
    `occurrence`-th (1-based, in document order). `expected`: the paragraph's text (a heading's title) or the cell's
    as the finding saw it. `whole_word`: not where it is part of a longer word."""

    at: BlockAddress | CellAddress
    old: str
    new: str
    expected: str | None = None
    occurrence: int | None = None
    whole_word: bool = True


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace `old` by `new` in a text file (a schema document), once, in the markup that starts at `line`
    (1-based: an element's start tag, which may run over several lines); every other byte is kept."""

    path: str  # as the run shows it (the path the user gave, or an import's location beside it)
    line: int
    old: str
    new: str


Edit = DeleteRow | ReplaceCellText | InsertRowAfter | ReplaceText  # an edit of a Word document
AnyEdit = Edit | TextEdit


class Applicability(StrEnum):
    """How far a fix may be trusted, as ruff's are: a safe fix has one right answer (from the XSD or the
    configuration) and `duislint fix` applies it; an unsafe one needs a person to confirm it (`--unsafe-fixes`)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Fix:
    """What a finding's correction is: its applicability, what it does in words ("set Mandatory to 'No'", as
    the housekeeping log's Proposed change column and `fix --diff` show it) and the edits that make it."""

    applicability: Applicability
    description: str
    edits: tuple[AnyEdit, ...]

    @property
    def safe(self) -> bool:
        return self.applicability is Applicability.SAFE


class Outcome(StrEnum):
    APPLIED = "applied"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class EditResult:
    """What became of one edit: applied (with the ids of the tracked changes it wrote), or refused and why."""

    edit: AnyEdit
    outcome: Outcome
    reason: str | None = None
    revisions: tuple[int, ...] = ()

    @property
    def applied(self) -> bool:
        return self.outcome is Outcome.APPLIED


@dataclass(frozen=True, slots=True)
class Redline:
    """The redlined copy, and what became of each edit, in the order given."""

    docx: bytes
    results: tuple[EditResult, ...]

    @property
    def applied(self) -> int:
        return sum(result.applied for result in self.results)

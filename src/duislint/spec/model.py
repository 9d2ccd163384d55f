"""The specification model: sections, tables (with their kind and header), prose, terms and references.

Readers (docx.py, markdown.py) produce blocks; build.py turns blocks into this model. Locations are findings'
Locations: the file, and the section, table index and row index (and the line, for Markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from duislint.findings import Location
from duislint.spec.terms import DefinitionKind

TableKind = Literal["defined-terms", "service-request-matrix", "response-codes", "alert-codes", "service-description",
                    "data-items", "unrecognised"]  # fmt: skip
TERMS: TableKind = "defined-terms"
MATRIX: TableKind = "service-request-matrix"
RESPONSE_CODES: TableKind = "response-codes"
ALERT_CODES: TableKind = "alert-codes"
SERVICE_DESCRIPTION: TableKind = "service-description"
DATA_ITEMS: TableKind = "data-items"
UNKNOWN: TableKind = "unrecognised"


# --- blocks: what a reader yields, in document order ------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A Word field (REF, PAGEREF) that refers to a bookmark, with the text it shows."""

    field: str  # REF, PAGEREF
    bookmark: str
    shown: str


@dataclass(frozen=True, slots=True)
class HeadingBlock:
    """A heading as a reader yields it: its level, number and title, and the cross-references and bookmarks in it."""

    level: int
    number: str | None  # typed or computed from list numbering
    title: str
    line: int | None = None
    cross_references: tuple[CrossReference, ...] = ()
    bookmarks: tuple[str, ...] = ()  # Word bookmarks a heading (the usual target of a cross-reference)


@dataclass(frozen=True, slots=True)
class ParagraphBlock:
    """A paragraph as a reader yields it: its text, and the cross-references and bookmarks in it."""

    text: str
    line: int | None = None
    cross_references: tuple[CrossReference, ...] = ()
    bookmarks: tuple[str, ...] = ()
    number: str | None = None  # what Word's list numbering shows before it ("H17.5", "(a)"); not typed text


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table as a reader yields it: the cell text of its rows (header included), and the cross-references and
    bookmarks in it."""

    rows: tuple[tuple[str, ...], ...]  # cells expanded to the table grid (merged cells repeated as Word shows them)
    line: int | None = None
    row_lines: tuple[int | None, ...] = ()
    cross_references: tuple[CrossReference, ...] = ()
    bookmarks: tuple[str, ...] = ()


Block = HeadingBlock | ParagraphBlock | TableBlock


# --- the model --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the specification: its number, title and heading level, and where its heading is."""

    number: str  # "3.8.82.2", or "" before the first numbered heading
    title: str
    level: int
    location: Location
    order: int = 0  # position among the document's blocks


@dataclass(frozen=True, slots=True)
class Row:
    """One data row of a specification table: its cell texts and where it is."""

    index: int  # 1-based among the table's data rows (after the header)
    cells: tuple[str, ...]
    location: Location

    def cell(self, column: int | None) -> str:
        return self.cells[column] if column is not None and column < len(self.cells) else ""


@dataclass(frozen=True, slots=True)
class Table:
    """A specification table: its section, recognised kind, header, the column of each role, and its data rows."""

    index: int  # 1-based, in document order
    section: Section | None
    kind: TableKind
    header: tuple[str, ...]
    columns: dict[str, int]  # role -> column index, for the roles of its kind
    rows: tuple[Row, ...]
    location: Location
    order: int = 0

    def column(self, role: str) -> int | None:
        return self.columns.get(role)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the specification's prose, with the section it is in. A numbered paragraph (a clause of the
    Code: "H17.5 ...", "(a) ...") has its number as shown, typed or from Word's list numbering, apart from its text,
    and its clause: the number in full ("H17.5(a)", its enclosing clause's number before a "(a)")."""

    text: str
    section: Section | None
    location: Location
    order: int = 0
    number: str | None = None
    clause: str | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """Where a piece of text is, for an edit of it (`duislint fix`): a paragraph's place among the document's
    blocks (Paragraph.order), or a table cell's column (the row is the finding's Location); and that text whole."""

    block: int | None = None
    column: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class TermDefinition:
    """A definition: a row of a definitions table (with or without a header row) or a paragraph `"X" means ...`.
    `term` is its first form; `forms` every form of the term it defines ("Transport Layer Security (TLS)"
    gives both). A definition that only refers to another document ("has the meaning given to it in Section A")
    has the kind BACK and names that document; one that refers outside the Code has the kind OUTSIDE."""

    term: str
    definition: str
    location: Location
    forms: tuple[str, ...] = ()
    kind: DefinitionKind = DefinitionKind.OWN
    refers_to: str | None = None  # the document a reference back names ("Section A")
    in_table: bool = True  # a definitions-table row, else a paragraph


@dataclass(frozen=True, slots=True)
class DocumentReference:
    """A reference in the text to a clause of a document of the Code: "Section H17.5", "Appendix AD clause 3.8.82"."""

    document: str  # "Section H", "Appendix AD"
    clause: str  # in the document's own numbering: "H17.5", "3.8.82"
    text: str  # the phrase as written
    location: Location
    written: Written = Written()


@dataclass(frozen=True, slots=True)
class ClauseReference:
    """A reference in the specification's text to one of its own clauses, by section number."""

    number: str
    text: str  # the phrase as written, e.g. "clause 3.9.7"
    location: Location
    written: Written = Written()


@dataclass(frozen=True, slots=True)
class FieldReference:
    """A cross-reference field in the specification: the bookmark it points at, the text it shows, and where."""

    field: str
    bookmark: str
    shown: str
    location: Location


@dataclass
class Spec:
    """A specification document as read (tracked changes accepted, or as originally written): its sections, tables,
    prose, defined terms, references and bookmarks."""

    path: str
    revisions: str = "accepted"
    # the document of the Smart Energy Code it is, as the Code names it ("Section A", "Appendix AD"), from its
    # title paragraph or else its file name; None for a document that is neither (then located by heading only)
    document: str | None = None
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    terms: list[TermDefinition] = field(default_factory=list)
    clause_references: list[ClauseReference] = field(default_factory=list)
    document_references: list[DocumentReference] = field(default_factory=list)
    field_references: list[FieldReference] = field(default_factory=list)
    bookmarks: set[str] = field(default_factory=set)
    # what the reader could not read, or has to say about what it read (a Word altChunk; a table under "Specific
    # Data Items" that is not a data-item table): one line each, naming the file, for the user (stderr)
    notices: list[str] = field(default_factory=list)

    def tables_of(self, kind: TableKind) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def section(self, number: str) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def clause_numbers(self) -> set[str]:
        """Every number a reference can name: the headings', and in a document of the Code its numbered
        paragraphs' clauses too (its clauses are numbered paragraphs, not headings)."""
        numbers = {s.number for s in self.sections if s.number}
        if self.document is not None:
            numbers.update(p.clause for p in self.paragraphs if p.clause)
        return numbers

"""Blocks (from any reader) -> the Spec model: sections, kinded tables, terms, clause and field references."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from duislint.errors import InputError
from duislint.findings import Location
from duislint.spec import model
from duislint.spec.clauses import Clauses, document_name, file_name_document, title_name, typed_numbers
from duislint.spec.model import (
    Block,
    ClauseReference,
    DocumentReference,
    FieldReference,
    HeadingBlock,
    Paragraph,
    ParagraphBlock,
    Row,
    Section,
    Spec,
    Table,
    TableBlock,
    TermDefinition,
    Written,
)
from duislint.spec.tables import recognise
from duislint.spec.terms import (
    Reading,
    clauses_named,
    definition_cells,
    definition_paragraph,
    is_definition_row,
    read_definition,
)
from duislint.spec.text import case_blind

if TYPE_CHECKING:
    from duislint.spec.prefetch import ReadWord, WordReading

# "clause 3.9.7", "section 3.5", "paragraph 3.8.2", "sections 3.5 and 3.6"
_CLAUSE = re.compile(
    r"\b(?P<word>clauses?|sections?|paragraphs?)\s+(?P<numbers>\d+(?:\.\d+)*(?:\s*(?:,|and|or|to)\s*\d+(?:\.\d+)*)*)",
    re.IGNORECASE,
)
# ... "of the Code", "of the SEC", "of GBCS", "of Appendix X", "of the Smart Metering Key Infrastructure ...": elsewhere
_OTHER_DOCUMENT = re.compile(
    r"^\s*(?:of|in)\s+(?:the\s+)?(?!DUIS\b|DCC\s+User\s+Interface)"
    r"(?:Code|SEC|GBCS|Appendix|Schedule|Annex|Smart\b|[A-Z]{2,}\b|[A-Z]\w*\s+(?:Code|Specification|Document|Agreement))"
)


def read_spec(path: str, display: str, revisions: str = "accepted", read_word: ReadWord | None = None) -> Spec:
    """`read_word`: how a .docx is read (docx.read_word, or a prefetch's reading of it, which streams in)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        from duislint.spec.docx import read_word as read_here
        from duislint.spec.prefetch import ReadAgain

        try:
            return _word_spec((read_word or read_here)(path, display, revisions), display, revisions)
        except ReadAgain:  # the reading that streamed in stopped short: read here, from the start
            return _word_spec(read_here(path, display, revisions), display, revisions)
    elif suffix in (".md", ".markdown"):
        from duislint.spec.clauses import document_marked
        from duislint.spec.markdown import headings_unnumbered, parse_markdown, read_markdown_text

        text = read_markdown_text(path, display)
        blocks = parse_markdown(text, revisions)
        return build_spec(blocks, display, revisions, number_unnumbered=not headings_unnumbered(text),
                          document=document_marked(text))  # fmt: skip
    raise InputError(display, "a specification must be .docx or .md (a service-request matrix .json or .csv)")


def _word_spec(reading: WordReading, display: str, revisions: str) -> Spec:
    """The model built as the document's blocks come: a reading that streams in is built while it is read."""
    builder = SpecBuilder(display, revisions)
    for blocks in reading.batches():
        builder.add(blocks)
    spec = builder.finish()
    spec.notices.extend(reading.notices)
    return spec


def build_spec(blocks: list[Block], path: str, revisions: str = "accepted", number_unnumbered: bool = False,
               document: str | None = None) -> Spec:  # fmt: skip
    """`number_unnumbered`: a document none of whose headings has a number is numbered by heading level (plain
    Markdown); a Word document's headings keep the numbers Word shows, none included. `document`: the document of
    the Code it is, when known otherwise than from its title or file name."""
    numbers = None
    if number_unnumbered:  # known only once every heading is: the blocks are all here
        document = document or document_name(blocks, path)
        numbers = _heading_numbers(typed_numbers(blocks, document), number_unnumbered)
    builder = SpecBuilder(path, revisions, document, numbers)
    builder.add(blocks)
    return builder.finish()


class SpecBuilder:
    """The Spec model of a document built from its blocks, given a stretch at a time in document order (`add`),
    then `finish`ed: a document that streams in is built while it is read.

    A document of the Code (Spec.document) is located by clause: a finding in "(a)" under "H17.5" is at H17.5(a),
    a table at the clause before it. Other documents are located by heading, their numbered paragraphs' clauses
    kept in the model only. Which document it is comes from its title, among its first blocks (else from its
    file name): they wait until the title is known."""

    def __init__(self, path: str, revisions: str = "accepted", document: str | None = None,
                 numbers: dict[int, str] | None = None) -> None:  # fmt: skip
        """`document`: which document of the Code it is, when known otherwise than from its title or file name;
        `numbers`: the number of each heading by its position among the blocks, when not its own."""
        self._path = path
        self._revisions = revisions
        self._document = document
        self._numbers = numbers
        self._spec: Spec | None = None
        self._waiting: list[Block] = []  # the first blocks, until they say which document this is
        self._position = 0
        self._section: Section | None = None
        self._clauses = Clauses()
        self._table_index = 0

    def add(self, blocks: Sequence[Block]) -> None:
        if self._spec is None:
            self._waiting.extend(blocks)
            decided, title = title_name(self._waiting) if self._document is None else (True, None)
            if decided:
                self._begin(title)
            return
        for block in typed_numbers(blocks, self._spec.document):
            self._block(self._spec, block)

    def finish(self) -> Spec:
        if self._spec is None:
            self._begin(title_name(self._waiting)[1])
        assert self._spec is not None
        return self._spec

    def _begin(self, title: str | None) -> None:
        """Begin the Spec, its document known, with the blocks that waited for it."""
        self._spec = Spec(self._path, self._revisions, self._document or title or file_name_document(self._path))
        waiting, self._waiting = self._waiting, []
        self.add(waiting)

    def _block(self, spec: Spec, block: Block) -> None:
        path = self._path
        position = self._position
        self._position += 1
        by_clause = spec.document is not None
        section, clauses = self._section, self._clauses
        if isinstance(block, HeadingBlock):
            number = self._numbers.get(position, "") if self._numbers is not None else block.number or ""
            where = Location(path, block.line, section=number or None, document=spec.document)
            section = self._section = Section(number, block.title, block.level, where, position)
            clauses.heading(number)
            spec.sections.append(section)
            spec.field_references.extend(
                FieldReference(r.field, r.bookmark, r.shown, section.location) for r in block.cross_references
            )
            spec.bookmarks.update(block.bookmarks)
        elif isinstance(block, ParagraphBlock):
            clause = clauses.paragraph(block.number) if block.number else None
            heading = section.number if section and section.number else None
            where = Location(path, block.line, section=(clauses.current if by_clause else heading) or heading,
                             document=spec.document)  # fmt: skip
            if block.text:
                spec.paragraphs.append(Paragraph(block.text, section, where, position, block.number, clause))
                _add_references(spec, block.text, where, Written(block=position))
                defined = definition_paragraph(block.text)
                if defined is not None:
                    spec.terms.append(_definition(defined, where, in_table=False))
            spec.field_references.extend(
                FieldReference(r.field, r.bookmark, r.shown, where) for r in block.cross_references
            )
            spec.bookmarks.update(block.bookmarks)
        elif isinstance(block, TableBlock):
            self._table_index += 1
            place = Location(path, section=(clauses.base if by_clause else None) or None, document=spec.document)
            table = _table(block, self._table_index, section, place, position)
            spec.tables.append(table)
            spec.field_references.extend(
                FieldReference(r.field, r.bookmark, r.shown, table.location) for r in block.cross_references
            )
            spec.bookmarks.update(block.bookmarks)
            # most tables name no clause and no document: one search of the whole table, not one per cell
            named = _may_name_a_clause("\n".join(c for row in table.rows for c in row.cells))
            for row in table.rows if named else ():
                for column, cell in enumerate(row.cells):
                    if not column or cell != row.cells[column - 1]:  # a merged cell, repeated in the grid: once
                        _add_references(spec, cell, row.location, Written(column=column))
            if table.kind == model.TERMS:
                spec.terms.extend(_terms(table))


def _heading_numbers(blocks: list[Block], number_unnumbered: bool) -> dict[int, str]:
    """Typed or Word-computed numbers as given; with `number_unnumbered`, a document with no numbered heading at
    all is numbered by heading level, as Word's outline numbering would."""
    headings = [(i, b) for i, b in enumerate(blocks) if isinstance(b, HeadingBlock)]
    if not number_unnumbered or any(b.number for _, b in headings):
        return {i: b.number or "" for i, b in headings}
    counters: list[int] = []
    numbers = {}
    for i, block in headings:
        depth = block.level
        counters = counters[:depth] + [0] * (depth - len(counters))
        counters[depth - 1] += 1
        numbers[i] = ".".join(str(c or 1) for c in counters[:depth])
    return numbers


def _table(block: TableBlock, index: int, section: Section | None, place: Location, order: int) -> Table:
    """`place`: the file, and in a document of the Code the document and the clause the table is in."""
    path, document = place.path, place.document
    section_number = place.section or (section.number if section and section.number else None)
    header_at, kind = 0, model.UNKNOWN
    columns: dict[str, int] = {}
    for candidate in range(min(3, len(block.rows))):  # a merged group-header row may sit above the real header
        found = recognise(block.rows[candidate])
        if found:
            header_at, (kind, columns) = candidate, found
            break
    else:
        if _headerless_definitions(block.rows):  # Section A's: every row a definition, the first one too
            header_at, kind, columns = -1, model.TERMS, {}
    lines = block.row_lines or (block.line,) * len(block.rows)
    rows = tuple(
        Row(
            n,
            cells,
            Location(
                path,
                lines[header_at + n] if header_at + n < len(lines) else None,
                section=section_number,
                table=index,
                row=n,
                document=document,
            ),
        )  # fmt: skip
        for n, cells in enumerate(block.rows[header_at + 1 :], start=1)
        if any(cells)
    )
    location = Location(path, block.line, section=section_number, table=index, document=document)
    header = block.rows[header_at] if block.rows and header_at >= 0 else ()
    return Table(index, section, kind, header, columns, rows, location, order)


def _headerless_definitions(rows: tuple[tuple[str, ...], ...]) -> bool:
    """A table of definitions with no header row: most rows (the first among them) an expression and a meaning
    that starts "means ..." or "has the meaning ..."."""
    filled = [cells for cells in rows if any(c.strip() for c in cells)]
    if not filled or not is_definition_row(filled[0]):
        return False
    return sum(map(is_definition_row, filled)) * 2 >= len(filled)


def _terms(table: Table) -> list[TermDefinition]:
    terms: list[TermDefinition] = []
    for row in table.rows:
        if table.columns:
            expression, meaning = row.cell(table.column("term")), row.cell(table.column("definition"))
        else:
            expression, meaning = definition_cells(row.cells)
        reading = read_definition(expression, meaning)
        if reading is not None:
            terms.append(_definition(reading, row.location))
    return terms


def _definition(reading: Reading, where: Location, in_table: bool = True) -> TermDefinition:
    return TermDefinition(reading.forms[0], reading.meaning, where, reading.forms, reading.kind, reading.refers_to,
                          in_table)  # fmt: skip


def _may_name_a_clause(text: str) -> bool:
    """Whether a text may hold a reference: it has "clause", "section", "paragraph" or "appendix" in any case."""
    lowered = case_blind(text)
    return "section" in lowered or "clause" in lowered or "appendix" in lowered or "paragraph" in lowered


def _add_references(spec: Spec, text: str, where: Location, written: Written) -> None:
    """The references a text makes: to clauses of its own document ("clause 3.9.7") and to clauses of documents of
    the Code ("Section H17.5", "Appendix AD clause 3.8.82", which is no reference to the document's own 3.8.82)."""
    if not _may_name_a_clause(text):  # most text names no clause and no document: one search
        return
    at = replace(written, text=text)
    named = clauses_named(text)
    spec.document_references.extend(DocumentReference(n.document, n.clause, n.text, where, at) for n in named)
    for match in _CLAUSE.finditer(text):
        if _OTHER_DOCUMENT.match(text[match.end() :]) or any(n.start <= match.start() < n.end for n in named):
            continue
        spec.clause_references.extend(ClauseReference(number, match.group(0), where, at)
                                      for number in re.findall(r"\d+(?:\.\d+)*", match.group("numbers")))  # fmt: skip

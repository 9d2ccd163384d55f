"""Read a Markdown specification into blocks: `#`…`####` headings (numbered or not), pipe tables, paragraphs.

For hand-written specs and readable fixtures. A heading's number is the one typed at its start ("3.8.82.2 Specific
Data Items"); `<br>` in a cell is a line break; `\\|` is a literal bar.

Tracked changes are written in CriticMarkup, within one line: `{++inserted++}`, `{--deleted--}`,
`{~~before~>after~~}`. The accepted view (the default) keeps insertions and the text after a substitution, the
original view (`--revisions original`) the deletions and the text before; a table row that holds nothing but
changes, and is empty in a view, is not in that view (a row inserted or deleted whole).
"""

from __future__ import annotations

import re

from duislint import inputs, limits
from duislint.errors import InputError
from duislint.spec.model import Block, HeadingBlock, ParagraphBlock, TableBlock
from duislint.spec.text import normalise

_HEADING = re.compile(r"^(#{1,9})\s+(.*?)(?:\s+#+)?\s*$")  # a closing run of # follows a space (CommonMark)
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+(\S.*))?$")
UNNUMBERED_MARK = "<!-- duislint: headings unnumbered -->"  # written by `extract --format md` for such documents
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")


def headings_unnumbered(text: str) -> bool:
    """The document says its headings carry no numbers (so they are not numbered by level)."""
    return UNNUMBERED_MARK in text


def read_markdown_text(path: str, display: str) -> str:
    inputs.note(path, display)
    raw = limits.read_file(path, display)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(display, "not UTF-8 text", line) from None
    if not text.strip():  # nothing to check is not a clean specification
        raise InputError(display, "empty file")
    _check_table_rows(text, display)
    return text


_TABLE_LINES = re.compile(r"(?:^[ \t]*\|.*(?:\n|$))+", re.MULTILINE)


def _check_table_rows(text: str, display: str) -> None:
    """Refuse a table of more rows than the limit: parse_markdown reads a table as the lines that start with '|',
    one after another, its second line the separator."""
    most = limits.current().table_rows
    if text.count("|") <= most:  # every row holds one at least
        return
    for found in _TABLE_LINES.finditer(text):
        rows = found.group().count("\n") + (not found.group().endswith("\n")) - 1
        if rows > most:
            line = text.count("\n", 0, found.start()) + 1
            raise limits.refusal(display, f"a table of {rows:,} rows", "table_rows", line)


CRITIC = re.compile(r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{~~(.*?)~>(.*?)~~\}")


def apply_revisions(line: str, revisions: str) -> str | None:
    """A line as the view shows it (`revisions` 'accepted' or 'original'); None for a table row that only a
    tracked change made (empty in this view)."""
    if "{" not in line or not CRITIC.search(line):
        return line
    accepted = revisions != "original"

    def shown(match: re.Match[str]) -> str:
        inserted, deleted, before, after = match.groups()
        if inserted is not None:
            return inserted if accepted else ""
        if deleted is not None:
            return "" if accepted else deleted
        return after if accepted else before

    viewed = CRITIC.sub(shown, line)
    if line.lstrip().startswith("|") and not re.sub(r"[|\s]", "", viewed):
        return None
    return viewed


def parse_markdown(text: str, revisions: str | None = "accepted") -> list[Block]:
    """The blocks of a Markdown specification, tracked changes applied as `revisions` says ('accepted',
    'original'; None keeps the CriticMarkup as written, for a writer that turns it into Word's changes)."""
    written = text.splitlines()
    # a row not in this view stays as None, so that every other line keeps its number
    lines: list[str | None] = list(written) if revisions is None else [apply_revisions(x, revisions) for x in written]
    blocks: list[Block] = []
    paragraph: list[str] = []
    paragraph_line = 0
    i = 0

    def flush() -> None:
        if paragraph:
            blocks.append(ParagraphBlock(normalise(" ".join(paragraph)), paragraph_line))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        if line is None:
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            title = heading.group(2)
            numbered = _NUMBERED.match(title)
            number, title = (numbered.group(1), numbered.group(2) or "") if numbered else (None, title)
            blocks.append(HeadingBlock(len(heading.group(1)), number, normalise(_unescape_text(title)), i + 1))
            i += 1
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if line.lstrip().startswith("|") and following is not None and _SEPARATOR.match(following.strip()):
            flush()
            start = i
            rows = [_cells(line)]
            row_lines = [i + 1]
            i += 2
            while i < len(lines):
                row = lines[i]  # None: a row not in this view
                if row is not None and not row.lstrip().startswith("|"):
                    break
                if row is not None:
                    rows.append(_cells(row))
                    row_lines.append(i + 1)
                i += 1
            width = max(len(r) for r in rows)
            grid = tuple(tuple(r + [""] * (width - len(r))) for r in rows)
            blocks.append(TableBlock(grid, start + 1, tuple(row_lines)))
            continue
        if _COMMENT.match(line):
            flush()
            i += 1
            continue
        if line.strip():
            if not paragraph:
                paragraph_line = i + 1
            paragraph.append(_unescape_text(line.strip()))
        else:
            flush()
        i += 1
    flush()
    return blocks


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [normalise(_unescape(cell)) for cell in cells]


_CELL_TOKEN = re.compile(r"\\([\\|`<#])|<br\s*/?>|`", re.IGNORECASE)


def _unescape(cell: str) -> str:
    """In one pass: a backslash escape is its character, <br> a line break, a bare backtick (code) nothing."""
    return _CELL_TOKEN.sub(lambda m: m.group(1) or ("\n" if m.group(0)[:1] == "<" else ""), cell)


def _unescape_text(text: str) -> str:
    return re.sub(r"\\([\\|`<#])", r"\1", text)

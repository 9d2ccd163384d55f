"""Build the demo's Word specification from its Markdown source: `python -m tests.demo_docx IN.md OUT.docx`.

    make demo-docx    # python -m tests.demo_docx "schemas/demo/DUIS Demo Specification V9.1.md" "....docx"

The Markdown is read with duislint's own reader (`parse_markdown`, CriticMarkup kept as written) and written with
tests/docxgen.py; its tracked changes become Word's: `{++x++}` a w:ins, `{--x--}` a w:del, `{~~a~>b~~}` both, and a
table row that holds nothing but insertions (deletions) an inserted (deleted) row. Headings get
their numbers from Word list numbering, never as typed text: the typed number of each Markdown heading is checked
against the number the list will show, and where the Markdown skips numbers ("1" then "1.3", "3.5.2" then "3.5.10")
the list is restarted at that level with a `startOverride`, as Word does. So duislint can only read the .docx's
section numbers right by computing them. Building twice gives byte-identical files (docxgen is deterministic).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from duislint.spec.markdown import CRITIC, parse_markdown
from duislint.spec.model import HeadingBlock, ParagraphBlock, TableBlock
from tests.docxgen import MAX_LEVEL, Del, DocxBuilder, Ins, Run

TITLE = "DUIS Demo Specification V9.1"


def build_demo_docx(markdown_path: str | Path, out_path: str | Path) -> Path:
    """Convert a Markdown specification (numbered `#`..`####` headings, pipe tables, paragraphs) to .docx."""
    markdown_path = Path(markdown_path)
    blocks = parse_markdown(markdown_path.read_text(encoding="utf-8"), revisions=None)
    doc = DocxBuilder("list", title=TITLE)
    counters: list[int] = []  # what Word's list shows so far, level by level
    for block in blocks:
        if isinstance(block, HeadingBlock):
            _heading(doc, block, counters, markdown_path)
        elif isinstance(block, TableBlock):
            _table(doc, block)
        elif isinstance(block, ParagraphBlock):
            doc.paragraph(*_runs(block.text))
        else:  # pragma: no cover - parse_markdown yields only these three
            raise TypeError(f"unexpected block {block!r}")
    return doc.save(out_path)


def _runs(text: str) -> list[str | Run]:
    """Plain text and Word's tracked changes for the CriticMarkup in it."""
    runs: list[str | Run] = []
    position = 0
    for match in CRITIC.finditer(text):
        if match.start() > position:
            runs.append(text[position : match.start()])
        inserted, deleted, before, after = match.groups()
        if inserted is not None:
            runs.append(Ins(inserted))
        elif deleted is not None:
            runs.append(Del(deleted))
        else:
            runs.extend([Del(before), Ins(after)])
        position = match.end()
    if position < len(text) or not runs:
        runs.append(text[position:])
    return runs


def _whole_row_change(row: tuple[str, ...]) -> Literal["ins", "del"] | None:
    """'ins' ('del') for a row whose every non-empty cell is one insertion (deletion)."""
    kinds = set()
    for cell in (c for c in row if c):
        match = CRITIC.fullmatch(cell)
        if match is None or match.group(3) is not None:
            return None
        kinds.add("ins" if match.group(1) is not None else "del")
    return kinds.pop() if len(kinds) == 1 else None


def _table(doc: DocxBuilder, block: TableBlock) -> None:
    rows: list[list[object]] = []
    changes: dict[int, Literal["ins", "del"]] = {}
    for index, row in enumerate(block.rows):
        change = _whole_row_change(row)
        if change is not None:
            changes[index] = change
            rows.append([CRITIC.sub(lambda m: m.group(1) or m.group(2) or "", cell) for cell in row])
        else:
            rows.append([_runs(cell) for cell in row])
    doc.table(rows, header_rows=1, row_changes=changes or None)


def _heading(doc: DocxBuilder, block: HeadingBlock, counters: list[int], source: Path) -> None:
    where = f"{source}:{block.line}"
    if not 1 <= block.level <= MAX_LEVEL:
        raise ValueError(f"{where}: heading level {block.level} (Word headings here are 1..{MAX_LEVEL})")
    if block.number is None:
        doc.heading(block.level, block.title, numbered=False)
        return
    wanted = [int(part) for part in block.number.split(".")]
    if len(wanted) != block.level:
        raise ValueError(f"{where}: heading {block.number} has {len(wanted)} parts but level {block.level}")
    depth = block.level
    natural = counters[depth - 1] + 1 if len(counters) >= depth else 1
    if counters[: depth - 1] != wanted[:-1]:
        raise ValueError(f"{where}: heading {block.number} does not follow {'.'.join(map(str, counters))}")
    if wanted[-1] != natural:
        if wanted[-1] < natural:
            raise ValueError(f"{where}: heading {block.number} goes back in the numbering")
        doc.restart_numbering_at(depth, wanted[-1])  # a gap: restart this level, as Word's startOverride does
    doc.heading(depth, block.title)
    counters[:] = wanted


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m tests.demo_docx IN.md OUT.docx", file=sys.stderr)
        return 2
    out = build_demo_docx(args[0], args[1])
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

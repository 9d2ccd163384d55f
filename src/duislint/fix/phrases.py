"""A word or phrase replaced where it is written, in a paragraph of prose or a cell: the runs that hold it split
where it starts and ends, the phrase moved into a w:del and the new text put after it in a w:ins, as Word does.

A phrase is found in the text as the reader collects it (before normalising), so that what a finding quotes is
where it is; one written otherwise (a no-break space, a soft hyphen inside it) is not found, and the edit refused.
Several replacements in one paragraph are located in its text as given, each shifted by those made before it.
"""

from __future__ import annotations

import re

from lxml import etree

from duislint.fix import wordml
from duislint.fix.edits import CellAddress, ReplaceText
from duislint.fix.locate import CellSlot, Piece, TableTrace, paragraph_text
from duislint.fix.wordml import describe, tracked_change_around
from duislint.fix.writer import Refused, State, cell_of, paragraphs_of, untracked, xml_text
from duislint.spec import docx as word
from duislint.spec.docx import T_rPr
from duislint.spec.model import HeadingBlock, ParagraphBlock


def replace_text(state: State, number: int, edit: ReplaceText) -> None:
    if not edit.old:
        raise Refused("there is no text to replace")
    xml_text(edit.new, "the new text")
    paragraphs, where, target = _text_target(state, edit)
    pattern = re.escape(edit.old)
    if edit.whole_word:
        pattern = (r"(?<!\w)" if re.match(r"\w", edit.old) else "") + pattern + (r"(?!\w)" if re.search(r"\w$", edit.old) else "")  # fmt: skip
    matches = [(p, m.start(), m.end()) for p in paragraphs for m in re.finditer(pattern, state.text(p))]
    if not matches:
        raise Refused(f"'{edit.old}' is not in {where} as Word holds its text")
    if edit.occurrence is not None:
        if not 0 < edit.occurrence <= len(matches):
            raise Refused(f"{where} has {len(matches)} occurrences of '{edit.old}', not {edit.occurrence}")
        matches = [matches[edit.occurrence - 1]]
    for p, start, end in matches:  # every check before anything is changed
        _untouched_span(state, p, start, end, where)
        for piece in _covered(state, p, start, end):
            _editable(piece, where)
    for p, start, end in matches:
        _replace_span(state, number, p, start, end, edit.new)
    if isinstance(target, int):
        state.prose.add(target)
    else:
        index, tr, slot = target
        state.cells.setdefault(index, []).append((tr, slot, paragraphs))
        state.changed.setdefault(tr, number)
        state.tables.add(index)


def _text_target(state: State, edit: ReplaceText) -> tuple[list[etree._Element], str, int | tuple[int, etree._Element, CellSlot]]:  # fmt: skip
    """The paragraphs to search, what to call them, and where they are: a block of prose, or a cell (its table's
    block, its row and its slot)."""
    if isinstance(edit.at, CellAddress):
        address = edit.at
        index, _, _, tr, slot, text = cell_of(state, address)
        where = f"column {address.column} of row {address.row} of table {address.table}"
        if edit.expected is not None and text != edit.expected:
            raise Refused(f"{where} reads '{text}', not '{edit.expected}'")
        paragraphs = paragraphs_of(state, slot, where)
        untracked(slot.tc, where, inside=False)
        for p in paragraphs:
            if p in state.replaced:
                raise Refused(f"{where} is text edit {state.replaced[p] + 1} rewrites")
        return paragraphs, where, (index, tr, slot)
    layout = state.layout
    block_index = edit.at.block
    if not layout.traced:
        raise Refused("the document's blocks could not be traced as duislint reads them")
    if not 0 <= block_index < len(layout.blocks):
        raise Refused(f"there is no block {block_index} (the document has {len(layout.blocks)})")
    block, source = layout.blocks[block_index], layout.sources[block_index]
    if not isinstance(block, (ParagraphBlock, HeadingBlock)) or isinstance(source, TableTrace):
        raise Refused(f"block {block_index} is a table, not a paragraph")
    shown = _as_modelled(state, block_index, block)
    where = f"the paragraph '{short(shown)}'"
    if edit.expected is not None and shown != edit.expected:
        raise Refused(f"block {block_index} reads '{short(shown)}', not '{short(edit.expected)}'")
    return [source], where, block_index


def _as_modelled(state: State, index: int, block: ParagraphBlock | HeadingBlock) -> str:
    """The paragraph's text (a heading's title) as the model has it, as findings quote it: in a document of the
    Code, without the clause number typed at its start."""
    spec = state.layout.spec
    if isinstance(block, ParagraphBlock):
        found = next((p.text for p in spec.paragraphs if p.order == index), None)
        return found if found is not None else block.text
    return next((s.title for s in spec.sections if s.order == index), block.title)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _now(state: State, p: etree._Element, position: int) -> int:
    """A position in the paragraph's text as given, in its text as the edits so far have made it."""
    return position + sum(length - (end - start) for start, end, length, _ in state.spans.get(p, []) if end <= position)


def _untouched_span(state: State, p: etree._Element, start: int, end: int, where: str) -> None:
    for other_start, other_end, _, other in state.spans.get(p, []):
        if other_start < end and start < other_end:
            raise Refused(f"the text in {where} overlaps what edit {other + 1} replaces")


def _covered(state: State, p: etree._Element, start: int, end: int) -> list[Piece]:
    """The pieces of the paragraph's text (as it is now) that hold what was at start..end of its text as given."""
    _, pieces = paragraph_text(state.layout.reading, p)
    first, last = _now(state, p, start), _now(state, p, end)
    return [piece for piece in pieces if piece.start < last and piece.end > first]


def _editable(piece: Piece, where: str) -> None:
    for container in piece.path:
        if container.tag in (word.T_ins, word.T_del, word.T_moveFrom, word.T_moveTo):
            raise Refused(f"the text in {where} is already in {describe(container)}")
        if container.tag not in wordml.RUN_CONTAINERS and container.tag not in (word.T_sdt, word.T_sdtContent):
            raise Refused(f"the text in {where} is inside w:{etree.QName(container).localname}, which duislint does not edit")
    if piece.in_field:
        raise Refused(f"the text in {where} is shown by a field (updating the field would undo the change)")
    properties = piece.run.find(T_rPr)
    change = properties.find(word.w("rPrChange")) if properties is not None else None
    mark = change if change is not None else tracked_change_around(piece.run)
    if mark is not None:
        raise Refused(f"the text in {where} is already in {describe(mark)}")


def _replace_span(state: State, number: int, p: etree._Element, start: int, end: int, new: str) -> None:
    """What was at start..end of the paragraph's text as given, deleted, and the new text inserted after it."""
    first, last = _now(state, p, start), _now(state, p, end)
    now = state.now.get(p, state.text(p))
    covered = _covered(state, p, start, end)
    properties = covered[0].run.find(T_rPr)
    properties = wordml.run_properties(properties) if properties is not None else None  # before the runs move
    for boundary in (last, first):
        _split_at(state, p, boundary)
    _, pieces = paragraph_text(state.layout.reading, p)
    runs: list[etree._Element] = []
    for piece in pieces:
        if first <= piece.start and piece.end <= last and piece.end > piece.start and piece.run not in runs:
            runs.append(piece.run)
    stretches: list[list[etree._Element]] = []
    for run in runs:
        if stretches and run.getprevious() is stretches[-1][-1]:
            stretches[-1].append(run)
        else:
            stretches.append([run])
    deletions = [wordml.delete_stretch(stretch, state.stamp) for stretch in stretches]
    if new:
        deletions[-1].addnext(wordml.inserted_run(new, properties, state.stamp))
    state.spans.setdefault(p, []).append((start, end, len(new), number))
    state.now[p] = now[:first] + new.replace("\t", " ") + now[last:]


def _split_at(state: State, p: etree._Element, boundary: int) -> None:
    """The runs split so that `boundary` (in the paragraph's text as it is now) falls between two runs."""
    _, pieces = paragraph_text(state.layout.reading, p)
    inside = next((piece for piece in pieces if piece.start < boundary < piece.end), None)
    if inside is not None:
        wordml.split_run(inside.run, inside.child, boundary - inside.start)
        return
    after = next((piece for piece in pieces if piece.start == boundary and piece.end > boundary), None)
    before = next((piece for piece in reversed(pieces) if piece.end == boundary and piece.start < boundary), None)
    if after is not None and before is not None and after.run is before.run:
        wordml.split_run(after.run, after.child, 0)

"""Fixes of text files (schema documents): the smallest edit, every other byte as it was.

A TextEdit replaces one occurrence of a string in the start tag that begins at its line (a tag may run over several
lines); where the string is not there exactly once, or the file is not UTF-8, the edit is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from duislint.fix.edits import EditResult, Outcome, TextEdit


@dataclass(frozen=True, slots=True)
class Fixed:
    """The files an edit changed (path -> new bytes), and what became of each edit."""

    files: dict[str, bytes]
    results: tuple[EditResult, ...]


def apply_text_edits(read: dict[str, bytes], edits: Iterable[TextEdit]) -> Fixed:
    """`read`: each file's bytes by the path the edits name."""
    files = dict(read)
    results = []
    for edit in edits:
        given = files.get(edit.path)
        reason = "the file was not read" if given is None else None
        changed = None if given is None else _edited(given, edit)
        if isinstance(changed, str):
            reason, changed = changed, None
        if changed is None:
            results.append(EditResult(edit, Outcome.REFUSED, reason))
            continue
        files[edit.path] = changed
        results.append(EditResult(edit, Outcome.APPLIED))
    return Fixed({path: data for path, data in files.items() if data is not read.get(path)}, tuple(results))


def _edited(data: bytes, edit: TextEdit) -> bytes | str:
    """The file with the edit made, or why it cannot be."""
    old, new = edit.old.encode("utf-8"), edit.new.encode("utf-8")
    lines = data.splitlines(keepends=True)
    if not 1 <= edit.line <= len(lines):
        return f"line {edit.line} is not in the file"
    start = sum(len(line) for line in lines[: edit.line - 1])
    tag_end = data.find(b">", start)
    end = len(data) if tag_end < 0 else tag_end + 1
    span = data[start:end]
    if span.count(old) != 1:
        return f"'{edit.old}' is not written once in the markup at line {edit.line}"
    at = start + span.index(old)
    return data[:at] + new + data[at + len(old) :]

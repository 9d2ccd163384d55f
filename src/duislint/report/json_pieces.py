"""A JSON report written a piece at a time: the text `json.dumps(document, indent=2, ensure_ascii=False)` gives,
byte for byte, with one list in it (the findings, the changes, SARIF's results) made and encoded an item at a
time as the file is written (output.Pieces), so that a report of many thousands of items is never one string."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

_HOLE = "\0the list, written item by item\0"  # a string no report holds (no path, name or message has a NUL)
_AT_HOLE = re.compile(r"\[\n( *)" + re.escape(json.dumps(_HOLE)) + r"\n( *)\]")


def hole() -> list[object]:
    """What the document holds where the list written item by item goes (one such place in a document)."""
    return [_HOLE]


def dump(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def pieces(document: object, items: Iterable[object]) -> Iterator[str]:
    """dump(document) with `items` in place of its hole(): each item's lines indented to its depth (no JSON string
    holds a newline, so every newline of an item's text is between its tokens)."""
    text = dump(document)
    found = _AT_HOLE.search(text)
    assert found is not None, "the document holds its hole()"
    remaining = iter(items)
    first = next(remaining, _HOLE)
    if first is _HOLE:  # no item: the list as json.dumps writes an empty one
        yield text[: found.start()] + "[]" + text[found.end() :]
        return
    indent, outer = "\n" + found.group(1), "\n" + found.group(2)
    yield text[: found.start()] + "[" + indent
    yield json.dumps(first, indent=2, ensure_ascii=False).replace("\n", indent)
    for item in remaining:
        yield "," + indent
        yield json.dumps(item, indent=2, ensure_ascii=False).replace("\n", indent)
    yield outer + "]" + text[found.end() :]

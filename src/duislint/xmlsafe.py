"""The only way duislint parses XML: no entity expansion, no DTD loading, no network, no huge trees."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import overload

from lxml import etree

from duislint.errors import InputError

# A DUIS message may carry more text in one node than libxml2's default 10 MB limit: an UpdateFirmware request's
# FirmwareImage is xs:base64Binary of up to 10,240,000 characters. Messages are parsed with that limit lifted and
# bounded by their size instead (limits.Limits.message_mb, four times the largest message DUIS allows).


def safe_parser(huge_text: bool = False) -> etree.XMLParser:
    """`huge_text` lifts libxml2's 10 MB limit on one text node (and its 256-level depth limit to 2,048) for a
    document whose size the caller has already bounded; entities, DTDs and the network stay off."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=huge_text,
    )


def parse_bytes(raw: bytes, path: str, display: str, parser: etree.XMLParser | None = None) -> etree._Element:
    """Parse one document; any failure becomes an InputError naming the file and line. A caller that parses many
    documents may pass one `safe_parser()` to reuse."""
    if not raw or raw.isspace():  # (not strip(): that copies the document)
        raise InputError(display, "empty file")
    try:
        return etree.fromstring(raw, parser or safe_parser(), base_url=path)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = (exc.msg or str(exc)).splitlines()[0]
        # libxml2 appends ", line N, column M" to its message; the location is reported separately.
        message = plain_message(message.split(", line ", 1)[0])
        raise InputError(display, f"not well-formed XML: {message}", line) from None


def plain_message(message: str) -> str:
    """libxml2's limit messages name its own parser options; say what was refused instead."""
    if "Excessive depth" in message:
        return "elements nested too deeply (more than 256 levels): refused"
    if "Resource limit exceeded" in message or "Buffer size limit" in message:
        return "a value or text too large (over 10 MB): refused"
    if "amplification" in message:
        return "entity expansion too large (an entity bomb?): refused"
    return message


def text_lines(raw: bytes) -> Sequence[str]:
    """The document's lines, for locating start tags and showing evidence (undecodable bytes replaced; only '<'
    tokens matter): the lines str.splitlines gives of the decoded text, each decoded when it is first asked for."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace").splitlines()
    return TextLines(raw)


# what str.splitlines breaks a line at besides \n, in UTF-8 (\r, \v, \f, \x1c-\x1e, NEL, the line and paragraph
# separators): a stretch without any needs no decoding to count its lines
_OTHER_BREAKS = (b"\r", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")


def _other_breaks(raw: bytes, start: int, end: int) -> bool:
    # a byte is found far faster than a sequence: a sequence is looked for only where its first byte is
    return any(raw.find(mark[:1], start, end) >= 0 and raw.find(mark, start, end) >= 0 for mark in _OTHER_BREAKS)


class TextLines(Sequence[str]):
    """A UTF-8 text's lines, held as its bytes and where each stretch of about 64 KiB begins, found as far as the
    lines asked for (a message's header is near its start), each stretch decoded when a line of it is asked for
    (the last two kept): a string a line would cost as much as the text again, for the whole run, for the few lines
    a run looks at."""

    def __init__(self, raw: bytes, stretch: int = 1 << 16) -> None:
        self._raw = raw
        self._stretch = stretch
        self._starts, self._first_lines = [0], [0]  # each stretch's first byte, the number of its first line (0-based)
        self._cached: dict[int, list[str]] = {}
        self._last: tuple[int, list[str]] = (0, [])

    def _found_to(self, index: int | None) -> None:
        """Find the stretches as far as the one holding line `index` (0-based), or to the end (None)."""
        raw, starts, first_lines = self._raw, self._starts, self._first_lines
        while starts[-1] < len(raw) and (index is None or first_lines[-1] <= index):
            start = starts[-1]
            cut = raw.find(b"\n", start + self._stretch)  # a stretch ends after a \n: never inside \r\n or a character
            end = len(raw) if cut < 0 else cut + 1
            if _other_breaks(raw, start, end):
                count = len(self._decoded(start, end))
            else:
                count = raw.count(b"\n", start, end) + (1 if end == len(raw) and raw[end - 1 : end] != b"\n" else 0)
            starts.append(end)
            first_lines.append(first_lines[-1] + count)

    def _decoded(self, start: int, end: int) -> list[str]:
        return str(memoryview(self._raw)[start:end], "utf-8", "replace").splitlines()

    def __len__(self) -> int:
        self._found_to(None)
        return self._first_lines[-1]

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        first, lines = self._last
        if first <= index < first + len(lines):  # most lookups are near the one before
            return lines[index - first]
        if index < 0:
            index += len(self)
        self._found_to(index)
        if not 0 <= index < self._first_lines[-1]:
            raise IndexError("line index out of range")
        stretch = bisect.bisect_right(self._first_lines, index) - 1
        lines = self._lines_of(stretch)
        self._last = (self._first_lines[stretch], lines)
        return lines[index - self._first_lines[stretch]]

    def _lines_of(self, stretch: int) -> list[str]:
        lines = self._cached.get(stretch)
        if lines is None:
            lines = self._decoded(self._starts[stretch], self._starts[stretch + 1])
            if len(self._cached) >= 2:
                self._cached.pop(next(iter(self._cached)))
            self._cached[stretch] = lines
        return lines

    def __iter__(self) -> Iterator[str]:
        self._found_to(None)
        for stretch in range(len(self._starts) - 1):
            yield from self._lines_of(stretch)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def start_line(node: etree._Element, lines: Sequence[str]) -> int:
    """The line where a node starts. libxml2 gives the line where a start tag (or comment) ends, so an element
    whose attributes span lines would be reported at its last line; walk back to the line holding its '<'."""
    line = node.sourceline or 0
    if line <= 0:
        return line
    try:
        at = lines[line - 1]  # (not len(lines): a message's lines past its header need not be found)
    except IndexError:
        return line
    tag = node.tag
    if isinstance(tag, str):
        local = tag.rpartition("}")[2]
        token = f"<{node.prefix}:{local}" if node.prefix else f"<{local}"
    elif isinstance(node, etree._Comment):
        token = "<!--"
    else:
        return line
    if token in at:
        return line
    for candidate in range(line - 1, max(line - 200, 0), -1):
        if token in lines[candidate - 1]:
            return candidate
    return line

"""How much one run will read: the caps on its inputs' sizes and counts, in one place (README, Security).

Each cap bounds what a hostile or mistaken input can make a run hold in memory or spend in time; each has a
command-line option and a `[tool.duislint]` key of the same name that raises it, and an input over one is an
InputError whose one line names the file, the cap, its value and how to raise it. The defaults accept the published
DUIS files with a wide margin (the 5.4 schemas hold some 3,400 elements each, Appendix AD about 10 MB of
word/document.xml in some 1,400 tables of at most a few hundred rows).

The command line sets a run's limits (`apply`, inside `run_scope`) before anything is read; a forked child
(duislint.forked) inherits them. Outside a run (library use, tests) the defaults apply.
"""

from __future__ import annotations

import io
import os
import re
import struct
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import Iterator

from duislint.errors import InputError

MB = 1024 * 1024  # the limits' megabyte is Word's and the README's: 2**20 bytes
PACKAGE_PARTS = 4  # a whole .docx package may expand to this many times the limit on one of its parts


@dataclass(frozen=True, slots=True)
class Limit:
    """One cap: its field in Limits, the option and key that raise it, and how its value reads in a message."""

    field: str
    key: str  # the [tool.duislint] key; the option is --KEY
    unit: str  # "MB" for sizes, else what is counted ("elements"); "" for a ratio
    help: str

    @property
    def option(self) -> str:
        return f"--{self.key}"

    def shown(self, value: int) -> str:
        if self.unit == "MB":
            return f"{value:,} MB"
        if not self.unit:
            return f"{value:,}x"
        return f"{value:,}-{self.unit.removesuffix('s')}"

    def amount(self, value: int) -> str:
        """The value as an amount: '256 MB', '200x', '10,000 members'."""
        return f"{value:,} {self.unit}" if self.unit and self.unit != "MB" else self.shown(value)

    def raise_hint(self) -> str:
        return f"raise it with {self.option} or `{self.key}` in [tool.duislint]"


@dataclass(frozen=True, slots=True)
class Limits:
    """A run's caps, every one a positive whole number (see LIMITS for what each bounds)."""

    input_mb: int = 256
    message_mb: int = 48
    zip_ratio: int = 200
    zip_members: int = 10_000
    elements: int = 4_000_000
    schema_elements: int = 200_000
    table_rows: int = 20_000

    def value(self, limit: Limit) -> int:
        return int(getattr(self, limit.field))

    def with_values(self, values: dict[str, int]) -> Limits:
        """These limits with some raised (or lowered): `values` maps a Limit's key to its new value."""
        by_key = {limit.key: limit.field for limit in LIMITS}
        return replace(self, **{by_key[key]: value for key, value in values.items()})


LIMITS = (
    Limit("input_mb", "max-input-mb", "MB",
          "the size of one input file (schema, specification, matrix, baseline), and of one part of a .docx once "
          f"unzipped (a whole package: {PACKAGE_PARTS} times it)"),
    Limit("message_mb", "max-message-mb", "MB", "the size of one DUIS message file"),
    Limit("zip_ratio", "max-zip-ratio", "", "how many times its compressed size one part of a .docx may expand to"),
    Limit("zip_members", "max-zip-members", "members", "the members of one .docx package"),
    Limit("elements", "max-elements", "elements", "the elements of one XML part of a .docx, or of one message"),
    Limit("schema_elements", "max-schema-elements", "elements", "the elements of one schema document (.xsd)"),
    Limit("table_rows", "max-table-rows", "rows", "the rows of one table of a specification"),
)  # fmt: skip
assert [limit.field for limit in LIMITS] == [f.name for f in fields(Limits)]
KEYS = tuple(limit.key for limit in LIMITS)
BY_FIELD = {limit.field: limit for limit in LIMITS}

DEFAULTS = Limits()
_CURRENT: ContextVar[Limits | None] = ContextVar("duislint_limits", default=None)


def current() -> Limits:
    return _CURRENT.get() or DEFAULTS


@contextmanager
def run_scope() -> Iterator[None]:
    """One run's limits: the defaults until `apply` sets them, and whatever was in force before once it ends."""
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def apply(limits: Limits) -> None:
    """These limits for the rest of the run (inside run_scope), before it reads anything."""
    _CURRENT.set(limits)


@contextmanager
def use(limits: Limits) -> Iterator[Limits]:
    """These limits for what runs inside (a library caller, a test)."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def refusal(display: str, what: str, field: str, line: int | None = None) -> InputError:
    """The one-line error for an input over a limit: `what` it is, then the limit and how to raise it."""
    limit = BY_FIELD[field]
    value = current().value(limit)
    return InputError(display, f"{what}, over the {limit.shown(value)} limit ({limit.raise_hint()})", line)


def megabytes(size: int) -> str:
    """A size as the messages give it: whole MB, rounded up (a file just over 256 MB is not '256 MB')."""
    return f"{-(-size // MB):,} MB"


def bytes_limit(field: str) -> int:
    return current().value(BY_FIELD[field]) * MB


# --- one input file ---------------------------------------------------------------------------------------------


def read_file(path: str, display: str, field: str = "input_mb") -> bytes:
    """The bytes of one input file, refused before it is read when it is larger than its limit (`field`:
    input_mb, or message_mb for a message). An unreadable file is an InputError too."""
    try:
        with open(path, "rb") as handle:
            check_size(os.fstat(handle.fileno()).st_size, display, field)
            return handle.read()
    except OSError as exc:
        raise InputError(display, f"cannot read: {exc.strerror}") from None


def check_size(size: int, display: str, field: str = "input_mb") -> None:
    if size > bytes_limit(field):
        raise refusal(display, f"{megabytes(size)} on disk", field)


# --- XML elements -----------------------------------------------------------------------------------------------


def check_elements(raw: bytes | bytearray, display: str, field: str = "elements", part: str | None = None) -> None:
    """Refuse an XML document of more elements than its limit (`field`: elements, or schema_elements), before it
    is parsed into a tree. The elements are counted from the markup at memory speed: every '<' bounds them from
    above, and only a document that may be over is counted start tag by start tag (a '<' in a comment, a CDATA
    section or a processing instruction starts none)."""
    limit = current().value(BY_FIELD[field])
    if raw.count(b"<") <= limit:
        return
    count = _start_tags(raw, 0, len(raw))
    if count <= limit:
        return
    for found in _NOT_MARKUP.finditer(raw):
        count -= _start_tags(raw, found.start() + 1, found.end())
    if count > limit:
        raise refusal(display, f"{f'{part} holds' if part else 'holds'} {count:,} elements", field)


_NOT_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)


def _start_tags(raw: bytes | bytearray, start: int, end: int) -> int:
    """The '<' in raw[start:end] that open no end tag, comment, CDATA section, declaration or instruction."""
    return (raw.count(b"<", start, end) - raw.count(b"</", start, end) - raw.count(b"<!", start, end)
            - raw.count(b"<?", start, end))  # fmt: skip


# --- zip packages -----------------------------------------------------------------------------------------------

_END = b"PK\x05\x06"  # end of central directory record
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_CENTRAL_ENTRY = 46  # the fixed part of one central directory entry: N members take at least 46 N bytes


def check_members(handle: io.BufferedIOBase | io.BytesIO, display: str) -> None:
    """Refuse a zip package of more members than the limit before zipfile reads its central directory (a record
    in memory per member: a million of them take some 600 MB). The count is the package's own, from its end of
    central directory record (zip64 too); a package whose directory is larger than that many entries can be is
    refused as well. What is no zip is left for zipfile to say."""
    limit = current().zip_members
    count, directory = _declared_members(handle)
    if count > limit or directory > limit * (_CENTRAL_ENTRY + 2 * 1024):
        shown = f"{count:,} members" if count > limit else f"a central directory of {megabytes(directory)}"
        raise refusal(display, f"the package has {shown}", "zip_members")


def _declared_members(handle: io.BufferedIOBase | io.BytesIO) -> tuple[int, int]:
    """(members, bytes of the central directory) as the end of central directory record declares; (0, 0) if none."""
    size = handle.seek(0, os.SEEK_END)
    tail_start = max(0, size - (22 + 65535))
    handle.seek(tail_start)
    tail = handle.read()
    at = tail.rfind(_END)
    if at < 0 or at + 22 > len(tail):
        return 0, 0
    count, directory = struct.unpack("<6xHI6x", tail[at + 4 : at + 22])  # total entries, directory size
    locator = at - 20
    if (count == 0xFFFF or directory == 0xFFFFFFFF) and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        if offset + 56 <= size:
            handle.seek(offset)
            record = handle.read(56)
            if record[:4] == _ZIP64_END:
                count, directory = struct.unpack("<QQ", record[32:48])
    handle.seek(0)
    return count, directory


def check_part(name: str, file_size: int, compress_size: int, display: str) -> None:
    """Refuse a .docx part that unzips to more than the size limit, or to more than the ratio limit times its
    compressed size (a zip bomb; a part of a megabyte or less may expand as it will)."""
    limits = current()
    if file_size > bytes_limit("input_mb"):
        raise refusal(display, f"{name} expands to {megabytes(file_size)}", "input_mb")
    if file_size > limits.zip_ratio * max(compress_size, 1) + MB:
        ratio = file_size // max(compress_size, 1)
        raise refusal(display, f"{name} expands to {megabytes(file_size)}, {ratio:,} times its compressed size",
                      "zip_ratio")  # fmt: skip


def check_package(total: int, display: str) -> None:
    """Refuse a .docx whose parts together unzip to more than PACKAGE_PARTS times the size limit."""
    if total > PACKAGE_PARTS * bytes_limit("input_mb"):
        whole = PACKAGE_PARTS * current().input_mb
        hint = BY_FIELD["input_mb"].raise_hint()
        raise InputError(display, f"the package expands to {megabytes(total)}, over the {whole:,} MB limit on a whole "
                                  f"package ({PACKAGE_PARTS} times the {current().input_mb:,} MB limit on one part; "
                                  f"{hint})")  # fmt: skip

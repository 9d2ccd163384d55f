"""A .docx package read from memory and written back with its document part replaced, everything else kept.

Every other member keeps its bytes, its place in the zip, its name, time stamp, attributes, comment and compression
method; the package's comment is kept too. A member is decompressed and compressed again (Python's zipfile cannot
copy compressed data as it is), so its compressed bytes may differ from the input's, never what it holds.

A package is read as the Word reader reads one (duislint.spec.docx): nothing is extracted to disk, and a member that
expands more than the reader allows is refused as a zip bomb. The same input gives the same bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from duislint import limits
from duislint.errors import InputError

DOCUMENT = "word/document.xml"
_ZIP64_EXTRA = 0x0001  # zipfile writes its own when a member needs it


@dataclass(frozen=True, slots=True)
class Member:
    """One zip member as read: its entry (name, time, attributes, compression) and what it holds."""

    info: zipfile.ZipInfo
    data: bytes


@dataclass(frozen=True, slots=True)
class Package:
    """A .docx read from memory: its members in zip order, and the zip's comment."""

    members: tuple[Member, ...]
    comment: bytes
    source: bytes  # the package as given

    def part(self, name: str) -> bytes | None:
        return next((m.data for m in self.members if m.info.filename == name), None)

    def names(self) -> list[str]:
        return [m.info.filename for m in self.members]

    def archive(self) -> zipfile.ZipFile:
        """The package as given, open as a zip (in memory), for the Word reader's own part parser."""
        return zipfile.ZipFile(io.BytesIO(self.source))

    def write(self, replaced: dict[str, bytes]) -> bytes:
        """The package with these members' contents replaced, every member in its place."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            out.comment = self.comment
            for member in self.members:
                source = member.info
                info = zipfile.ZipInfo(source.filename, source.date_time)
                info.compress_type = source.compress_type
                info.comment = source.comment
                info.extra = _without_zip64(source.extra)
                info.create_system = source.create_system
                info.create_version = source.create_version
                info.extract_version = source.extract_version
                info.internal_attr = source.internal_attr
                out.writestr(info, replaced.get(source.filename, member.data))
                # zipfile gives a member without attributes rw------- permissions; the central directory, written
                # on close, keeps the input's (the local header does not hold them)
                info.external_attr = source.external_attr
        return buffer.getvalue()


def read_package(data: bytes, display: str) -> Package:
    """The members of a .docx given as bytes; an InputError (one line naming `display`) for what is no .docx."""
    if not data:
        raise InputError(display, "empty file, not a .docx (not a zip package)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(display, "a binary Word .doc or a password-protected document; save it as .docx")
    limits.check_size(len(data), display)
    source = io.BytesIO(data)
    limits.check_members(source, display)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(display, "not a .docx (not a zip package)") from None
    with archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        if DOCUMENT not in names:
            raise InputError(display, "not a Word document: the package has no word/document.xml")
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:  # which of them Word (or the reader) takes is not for duislint to guess
            raise InputError(display, f"the package has more than one member named {twice[0]}: refused")
        limits.check_package(sum(info.file_size for info in infos), display)  # every member is held in memory
        members = [Member(info, _read_member(archive, info, display)) for info in infos]
        return Package(tuple(members), archive.comment, data)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> bytes:
    name = info.filename
    limits.check_part(name, info.file_size, info.compress_size, display)
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise InputError(display, f"cannot read {name}: {exc}") from None


def _without_zip64(extra: bytes) -> bytes:
    """A member's extra fields less the zip64 one (zipfile writes its own); all of them dropped if malformed."""
    kept, at = [], 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[at : at + 4])
        if at + 4 + size > len(extra):
            return b""
        if kind != _ZIP64_EXTRA:
            kept.append(extra[at : at + 4 + size])
        at += 4 + size
    return b"".join(kept) if at == len(extra) else b""

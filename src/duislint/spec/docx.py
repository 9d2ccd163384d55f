"""Read a Word .docx (WordprocessingML) with lxml into blocks: headings with their numbers, paragraphs, tables.

python-docx is not used: its paragraph text drops runs inside w:ins, it does not compute list numbering, and
walking cells through it costs several times more than lxml over word/document.xml.

Tracked changes: the "accepted" view (default) reads the text as it will be published (insertions and moves in,
deletions and moved-away text out); the "original" view reads it as it was before the changes.

Text is read as Word shows it: through content controls and custom XML at every level (around tables, rows,
cells, paragraphs and runs), without hidden text (w:vanish), with tracked cell insertions and deletions (w:cellIns,
w:cellDel) in their view. A Strict OOXML document is read as its Transitional twin. What cannot be read (an
embedded w:altChunk) is said in the document's notices; so is a table under a "Specific Data Items" heading that
is not a data-item table (docx_tables.py, which also joins a table split over pages back into one).

What a package may hold is bounded (duislint.limits): its size and members, each part's size once unzipped and its
elements, each table's rows; word/document.xml is read as it is parsed, never held whole.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import shorten
from typing import Protocol

from lxml import etree

from duislint import inputs, limits
from duislint.errors import InputError
from duislint.spec.docx_tables import Shown, Trace, Unread, as_shown, kept_rows
from duislint.spec.model import Block, CrossReference, HeadingBlock, ParagraphBlock, TableBlock
from duislint.spec.text import normalise
from duislint.xmlsafe import plain_message, safe_parser

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# ISO/IEC 29500 Strict names the same elements and attributes in namespaces of its own
STRICT_NAMESPACES = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": W,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": R,
}
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOCUMENT_RELS = "word/_rels/document.xml.rels"
ACCEPTED, ORIGINAL = "accepted", "original"
_MAX_GRID_SPAN = 63  # Word's own limit on a table's columns: a larger gridSpan/gridBefore/gridAfter is clamped
_TYPED_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?[\s\u00a0]+(\S.*)$", re.DOTALL)


def w(local: str) -> str:
    return f"{{{W}}}{local}"


# WordprocessingML tags, built once (the reader compares tags in its inner loops)
_PARAGRAPH_MARK = f"{w('pPr')}/{w('rPr')}"
T_abstractNum = w("abstractNum")
T_altChunk = w("altChunk")
T_abstractNumId = w("abstractNumId")
T_basedOn = w("basedOn")
T_body = w("body")
T_bookmarkStart = w("bookmarkStart")
T_br = w("br")
T_cellDel = w("cellDel")
T_cellIns = w("cellIns")
T_commentRangeEnd = w("commentRangeEnd")
T_commentRangeStart = w("commentRangeStart")
T_cr = w("cr")
T_customXml = w("customXml")
T_customXmlPr = w("customXmlPr")
T_del = w("del")
T_delInstrText = w("delInstrText")
T_delText = w("delText")
T_fldChar = w("fldChar")
T_fldCharType = w("fldCharType")
T_fldSimple = w("fldSimple")
T_gridSpan = w("gridSpan")
T_ilvl = w("ilvl")
T_ins = w("ins")
T_instr = w("instr")
T_instrText = w("instrText")
T_lvl = w("lvl")
T_lvlOverride = w("lvlOverride")
T_lvlRestart = w("lvlRestart")
T_lvlText = w("lvlText")
T_moveFrom = w("moveFrom")
T_moveTo = w("moveTo")
T_name = w("name")
T_noBreakHyphen = w("noBreakHyphen")
T_num = w("num")
T_numFmt = w("numFmt")
T_numId = w("numId")
T_numPr = w("numPr")
T_outlineLvl = w("outlineLvl")
T_p = w("p")
T_pPr = w("pPr")
T_pStyle = w("pStyle")
T_proofErr = w("proofErr")
T_ptab = w("ptab")
T_r = w("r")
T_rPr = w("rPr")
T_rStyle = w("rStyle")
T_sdt = w("sdt")
T_sdtContent = w("sdtContent")
T_sdtEndPr = w("sdtEndPr")
T_sdtPr = w("sdtPr")
T_smartTagPr = w("smartTagPr")
T_specVanish = w("specVanish")
T_start = w("start")
T_startOverride = w("startOverride")
T_style = w("style")
T_styleId = w("styleId")
T_t = w("t")
T_tab = w("tab")
T_tbl = w("tbl")
T_tblHeader = w("tblHeader")
T_tc = w("tc")
T_tcPr = w("tcPr")
T_tr = w("tr")
T_trPr = w("trPr")
T_type = w("type")
T_vMerge = w("vMerge")
T_val = w("val")
T_vanish = w("vanish")
T_R_id = f"{{{R}}}id"


# --- the package ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Package:
    """A .docx as read: its styles, numbering and relationships parsed, and word/document.xml as bytes (read()
    parses it as it goes, so that the document's tree is never held whole)."""

    parts: dict[str, etree._Element]
    document: bytearray


def _read_package(path: str, display: str) -> dict[str, etree._Element]:
    """Every part the reader reads, word/document.xml too, parsed whole."""
    package = _open_package(path, display)
    return {"word/document.xml": _as_transitional(_parse_xml(package.document, "word/document.xml", display)),
            **package.parts}  # fmt: skip


def _open_package(path: str, display: str) -> _Package:
    inputs.note(path, display)
    raw_head = b""
    if Path(path).is_file():
        try:
            with open(path, "rb") as handle:
                raw_head = handle.read(8)
        except OSError as exc:
            raise InputError(display, f"cannot read: {exc.strerror}") from None
    if not raw_head:
        shown = "empty file, not a .docx (not a zip package)" if Path(path).is_file() else "no such file"
        raise InputError(display, shown)
    if raw_head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(display, "a binary Word .doc or a password-protected document; save it as .docx")
    try:
        package = _zip_file(path, display)
    except FileNotFoundError:
        raise InputError(display, "no such file") from None
    except (zipfile.BadZipFile, OSError):
        raise InputError(display, "not a .docx (not a zip package)") from None
    with package:
        names = set(package.namelist())
        if "word/document.xml" not in names:
            raise InputError(display, "not a Word document: the package has no word/document.xml")
        limits.check_package(sum(info.file_size for info in package.infolist()), display)
        document = _read_part(package, "word/document.xml", display)
        parts: dict[str, etree._Element] = {}
        try:
            for name in ("word/styles.xml", "word/numbering.xml"):
                if name in names:
                    parts[name] = _as_transitional(_parse_part(package, name, display))
        except InputError:
            _parse_xml(document, "word/document.xml", display)  # a broken document.xml is said first, as ever
            raise
        if _DOCUMENT_RELS in names:
            try:  # read only to name the part an altChunk imports: a broken one names none
                parts[_DOCUMENT_RELS] = _parse_part(package, _DOCUMENT_RELS, display)
            except InputError:
                pass
    return _Package(parts, document)


def _zip_file(path: str, display: str) -> zipfile.ZipFile:
    """The package opened as a zip, once its size on disk and its count of members are known to be within the
    limits (zipfile reads its whole central directory as it opens it)."""
    with open(path, "rb") as handle:
        limits.check_size(os.fstat(handle.fileno()).st_size, display)
        limits.check_members(handle, display)
    return zipfile.ZipFile(path)


def _as_transitional(root: etree._Element) -> etree._Element:
    """A Strict OOXML part renamed, element by element and attribute by attribute, into the Transitional
    namespaces it mirrors (a Transitional part is returned as it is, unwalked)."""
    if not isinstance(root.tag, str) or etree.QName(root).namespace not in STRICT_NAMESPACES:
        return root
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el)
        if name.namespace in STRICT_NAMESPACES:
            el.tag = f"{{{STRICT_NAMESPACES[name.namespace]}}}{name.localname}"
        for key in [k for k in el.attrib if k.startswith("{")]:
            namespace, _, local = key[1:].partition("}")
            if namespace in STRICT_NAMESPACES:
                el.set(f"{{{STRICT_NAMESPACES[namespace]}}}{local}", el.attrib.pop(key))
    return root


def _relationship_targets(rels: etree._Element | None) -> dict[str, str]:
    """document.xml's relationships: id -> the part it names (for saying which part an altChunk would import)."""
    if rels is None:
        return {}
    targets = {}
    for rel in rels.iter(_PACKAGE_RELATIONSHIPS):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External" and target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("word", target)
            targets[rel.get("Id", "")] = posixpath.normpath(part)
    return targets


def _parse_part(package: zipfile.ZipFile, name: str, display: str) -> etree._Element:
    return _parse_xml(_read_part(package, name, display), name, display)


def _read_part(package: zipfile.ZipFile, name: str, display: str) -> bytearray:
    """A part's bytes, refused when it would unzip past the size limits or holds more elements than their limit.
    Unzipped a megabyte at a time into a buffer of the part's size (zipfile's read of a whole member holds twice
    its size while it inflates it)."""
    info = package.getinfo(name)
    limits.check_part(name, info.file_size, info.compress_size, display)
    raw = bytearray(info.file_size)
    try:
        with package.open(info) as member, memoryview(raw) as view:
            at = 0
            while at < len(raw):
                chunk = member.read(min(limits.MB, len(raw) - at))
                if not chunk:
                    raise EOFError("the part ends before the size its package gives it")
                view[at : at + len(chunk)] = chunk
                at += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        # a damaged deflate stream raises zlib.error, a truncated one EOFError: the package is broken, not duislint
        raise InputError(display, f"cannot read {name}: {exc}") from None
    limits.check_elements(raw, display, part=name)
    return raw


def _parse_xml(raw: bytes | bytearray, name: str, display: str) -> etree._Element:
    try:
        return etree.fromstring(raw or b"", safe_parser())  # (lxml reads an empty bytearray out of bounds)
    except etree.XMLSyntaxError as exc:
        # the line is the part's, not the package's: name it with the part; libxml2's own ", line N, column M" goes
        message = plain_message((exc.msg or str(exc)).splitlines()[0].split(", line ", 1)[0])
        where = f"{name}:{exc.lineno}" if exc.lineno else name
        raise InputError(display, f"{where}: not well-formed XML: {message}") from None


# --- styles and numbering -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    """A Word paragraph style: its name, the style it is based on, and the outline level and list numbering it gives."""

    name: str
    based_on: str | None
    outline_level: int | None
    num_id: str | None
    ilvl: int | None


@dataclass
class _Level:
    """One level of a Word list definition (w:lvl): its start value, number text and format, restart and style."""

    start: int = 1
    text: str = ""
    fmt: str = "decimal"
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 never
    style: str | None = None


@dataclass
class _Numbering:
    """A document's list numbering (numbering.xml): each list's level definitions, and the counts that number its
    paragraphs as Word shows them."""

    abstract_levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    num_start_overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # per abstractNum
    counter_key: dict[str, str] = field(default_factory=dict)  # abstractNums linked to one list style count together
    overrides_applied: set[tuple[str, int]] = field(default_factory=set)

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        abstract = self.num_abstract.get(num_id)
        return self.abstract_levels.get(abstract or "", {}).get(ilvl)

    def ilvl_for_style(self, num_id: str, style_id: str) -> int | None:
        levels = self.abstract_levels.get(self.num_abstract.get(num_id, ""), {})
        return next((i for i, lvl in sorted(levels.items()) if lvl.style == style_id), None)

    def advance(self, num_id: str, ilvl: int) -> str | None:
        """Count one paragraph at (num_id, ilvl) and return its number as Word shows it."""
        abstract = self.num_abstract.get(num_id)
        levels = self.abstract_levels.get(abstract or "")
        if not levels or ilvl not in levels:
            return None
        key = abstract or ""
        counters = self.counters.setdefault(self.counter_key.get(key, key), {})
        override = self.num_start_overrides.get(num_id, {}).get(ilvl)
        if override is not None and (num_id, ilvl) not in self.overrides_applied:
            self.overrides_applied.add((num_id, ilvl))
            counters[ilvl] = override
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = levels[ilvl].start
        for deeper in [d for d in counters if d > ilvl]:
            restart_after = levels.get(deeper, _Level()).restart
            threshold = deeper - 1 if restart_after is None else restart_after - 1  # highest ilvl that restarts it
            if ilvl <= threshold:
                del counters[deeper]
        return self._format(levels, counters, ilvl)

    @staticmethod
    def _format(levels: dict[int, _Level], counters: dict[int, int], ilvl: int) -> str | None:
        level = levels[ilvl]
        if level.fmt in ("bullet", "none") or not level.text:
            return None

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k, _Level())
            return _format_number(counters.get(k, lvl.start), lvl.fmt)

        return re.sub(r"%(\d)", value, level.text).strip().rstrip(".")


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and 0 < n < 10**6:
        text = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            text = chr(ord("a") + rem) + text
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:  # beyond, Word shows digits (and a loop would hang)
        numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
        text = ""
        for value, numeral in numerals:
            while n >= value:
                text, n = text + numeral, n - value
        return text.upper() if fmt == "upperRoman" else text
    return str(n)


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return el.get(T_val, default) if el is not None else default


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _read_styles(root: etree._Element | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for style in root.iter(T_style):
        if style.get(T_type, "paragraph") != "paragraph":
            continue
        ppr = style.find(T_pPr)
        num_pr = ppr.find(T_numPr) if ppr is not None else None
        styles[style.get(T_styleId, "")] = _Style(
            name=_val(style.find(T_name), "") or "",
            based_on=_val(style.find(T_basedOn)),
            outline_level=_int(_val(ppr.find(T_outlineLvl))) if ppr is not None else None,
            num_id=_val(num_pr.find(T_numId)) if num_pr is not None else None,
            ilvl=_int(_val(num_pr.find(T_ilvl))) if num_pr is not None else None,
        )
    return styles


def _read_numbering(root: etree._Element | None) -> _Numbering:
    numbering = _Numbering()
    if root is None:
        return numbering
    style_links: dict[str, str] = {}  # list style name -> abstractNum that defines its levels
    linked: dict[str, str] = {}  # abstractNum that only points at a list style -> that style
    for abstract in root.iter(T_abstractNum):
        abstract_id = abstract.get(T_abstractNumId, "")
        if abstract.find(w("styleLink")) is not None:
            style_links[_val(abstract.find(w("styleLink")), "") or ""] = abstract_id
        if abstract.find(w("numStyleLink")) is not None:
            linked[abstract_id] = _val(abstract.find(w("numStyleLink")), "") or ""
        levels = {}
        for lvl in abstract.iter(T_lvl):
            levels[_int(lvl.get(T_ilvl)) or 0] = _Level(
                start=_int(_val(lvl.find(T_start), "1")) or 0,
                text=_val(lvl.find(T_lvlText), "") or "",
                fmt=_val(lvl.find(T_numFmt), "decimal") or "decimal",
                restart=_int(_val(lvl.find(T_lvlRestart))),
                style=_val(lvl.find(T_pStyle)),
            )
        numbering.abstract_levels[abstract_id] = levels
    for abstract_id, style in linked.items():
        # a list style's instance (w:numStyleLink) numbers with the abstractNum that defines the style (w:styleLink)
        if not numbering.abstract_levels.get(abstract_id) and style in style_links:
            numbering.abstract_levels[abstract_id] = numbering.abstract_levels[style_links[style]]
            numbering.counter_key[abstract_id] = style_links[style]
    for num in root.iter(T_num):
        num_id = num.get(T_numId, "")
        numbering.num_abstract[num_id] = _val(num.find(T_abstractNumId), "") or ""
        for override in num.iter(T_lvlOverride):
            start = _int(_val(override.find(T_startOverride)))
            if start is not None:
                numbering.num_start_overrides.setdefault(num_id, {})[_int(override.get(T_ilvl)) or 0] = start
    return numbering


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WordDocument:
    """A Word document as read: its blocks in document order, and what the reader could not read or has to say
    about what it read (one line each, naming the file)."""

    blocks: tuple[Block, ...]
    notices: tuple[str, ...] = ()

    def batches(self) -> Iterator[Sequence[Block]]:
        """The blocks, as a reading that streams them in gives them (see spec.prefetch): here all at once."""
        yield self.blocks


class WordSink(Protocol):
    """Where stream_word puts the blocks it reads, a stretch at a time in document order."""

    def add(self, blocks: Sequence[Block]) -> None: ...

    def restart(self) -> None:
        """Forget the blocks given so far: the document is read again from its start (read whole)."""


@dataclass
class _Collected:
    blocks: list[Block] = field(default_factory=list)

    def add(self, blocks: Sequence[Block]) -> None:
        self.blocks.extend(blocks)

    def restart(self) -> None:
        self.blocks.clear()


def read_docx(path: str, display: str, revisions: str = ACCEPTED) -> list[Block]:
    return list(read_word(path, display, revisions).blocks)


def read_word(path: str, display: str, revisions: str = ACCEPTED) -> WordDocument:
    collected = _Collected()
    notices = stream_word(path, display, revisions, collected)
    return WordDocument(tuple(collected.blocks), notices)


def stream_word(path: str, display: str, revisions: str, sink: WordSink) -> tuple[str, ...]:
    """Read a Word document, giving `sink` its blocks (as shown: see docx_tables.Shown) a stretch at a time as the
    document streams in, so that what is read can be used before the reading ends; the notices, at the end."""
    package = _open_package(path, display)
    parts = package.parts

    def reader() -> _Reader:
        return _Reader(
            styles=_read_styles(parts.get("word/styles.xml")),
            numbering=_read_numbering(parts.get("word/numbering.xml")),
            revisions=revisions,
            hidden_styles=_read_hidden_styles(parts.get("word/styles.xml")),
            targets=_relationship_targets(parts.get(_DOCUMENT_RELS)),
        )

    shown = Shown(display)
    try:
        if not _streamed(reader(), package.document, display, lambda stream: sink.add(shown.add(stream))):
            # read whole: a Strict document, or one whose first w:body the stream did not read
            sink.restart()
            shown = Shown(display)
            document = _as_transitional(_parse_xml(package.document, "word/document.xml", display))
            sink.add(shown.add(_every_block(reader().blocks(_body(document, display)))))
    except _TooManyRows as exc:
        raise exc.refusal(display) from None
    sink.add(shown.finish())
    return tuple(shown.notices)


def read_tree(parts: dict[str, etree._Element], display: str, revisions: str = ACCEPTED,
              trace: Trace | None = None) -> WordDocument:  # fmt: skip
    """A document already parsed, read whole (`duislint fix` reads the tree it edits): `parts` holds
    word/document.xml and, when the package has them, word/styles.xml, word/numbering.xml and
    word/_rels/document.xml.rels, Strict OOXML renamed (_as_transitional). `trace` is told where each block is."""
    reader = reader_for(parts, revisions, trace)
    try:
        stream = _every_block(reader.blocks(_body(parts["word/document.xml"], display)))
    except _TooManyRows as exc:
        raise exc.refusal(display) from None
    blocks, notices = as_shown(stream, display, trace)
    return WordDocument(tuple(blocks), tuple(notices))


def reader_for(parts: dict[str, etree._Element], revisions: str = ACCEPTED, trace: Trace | None = None) -> _Reader:
    """A reader of these parts (as read_tree takes them), its list numbering counted from the start."""
    return _Reader(
        styles=_read_styles(parts.get("word/styles.xml")),
        numbering=_read_numbering(parts.get("word/numbering.xml")),
        revisions=revisions,
        hidden_styles=_read_hidden_styles(parts.get("word/styles.xml")),
        targets=_relationship_targets(parts.get(_DOCUMENT_RELS)),
        trace=trace,
    )


def _body(document: etree._Element, display: str) -> etree._Element:
    body = document.find(T_body)
    if body is None:
        namespace = etree.QName(document).namespace if isinstance(document.tag, str) else None
        if namespace != W:
            raise InputError(display, f"word/document.xml is not WordprocessingML (its root element is in the "
                                      f"namespace {namespace or '(none)'})")  # fmt: skip
        raise InputError(display, "word/document.xml has no w:body")
    return body


_STRICT_MARK = b"purl.oclc.org/ooxml/"
_CHUNK = 1 << 18  # bytes of word/document.xml parsed at a time


def _streamed(reader: _Reader, raw: bytearray, display: str, emit: Callable[[list[Block | Unread]], None]) -> bool:
    """Read word/document.xml as it is parsed, giving `emit` the blocks of each stretch: the document is fed to
    libxml2 a chunk at a time and each child of the body, once the next one has begun (so it is complete), is read
    and dropped, so that a document of a thousand pages is never held as a whole tree (it would take some twelve
    times its size). False when the document must be read whole: Strict OOXML (renamed first), or no w:body child
    of the root."""
    if _STRICT_MARK in raw:
        return False
    rows = _Rows(reader._most_rows)
    parser = etree.XMLPullParser(events=("start", "end"), tag=(T_body, T_tr), resolve_entities=False,
                                 load_dtd=False, dtd_validation=False, no_network=True, huge_tree=False)  # fmt: skip
    heading: list[HeadingBlock] = []  # the last heading given, for a table too long to read

    def given(found: list[Block | Unread]) -> None:
        last = next((block for block in reversed(found) if isinstance(block, HeadingBlock)), None)
        heading[:] = [last] if last is not None else heading
        emit(found)

    found: list[Block | Unread] = []
    try:
        return _stream(reader, raw, display, parser, rows, given, found)
    except _TooManyRows as exc:
        if exc.row is not None:  # the complete elements ahead of its table, not read yet, may hold its heading
            found.extend(block for ahead in _ahead_of(exc.row) for block in reader.blocks_of(ahead))
            exc.row = None
        raise exc.after([*heading, *found]) from None


def _ahead_of(element: etree._Element) -> list[etree._Element]:
    """The children of the body before the one that holds `element`, in document order."""
    chain = [element]  # the element, its parent, ... the root
    while (parent := chain[-1].getparent()) is not None:
        chain.append(parent)
    return list(chain[-3].itersiblings(preceding=True))[::-1] if len(chain) >= 3 else []


def _stream(reader: _Reader, raw: bytearray, display: str, parser: etree.XMLPullParser, rows: _Rows,
            emit: Callable[[list[Block | Unread]], None], found: list[Block | Unread]) -> bool:  # fmt: skip
    """`found`: the blocks of the stretch being read (given to `emit` once it is)."""
    body: etree._Element | None = None
    try:
        for start in range(0, len(raw), _CHUNK):
            parser.feed(bytes(raw[start : start + _CHUNK]))
            body = rows.read(parser, body)
            if body is not None and len(body) > 1:
                done = body[:-1]  # every child but the last is complete
                for child in done:
                    found.extend(reader.blocks_of(child))
                    child.clear()  # freed here: an element deleted while Python holds it is moved, subtree and all
                del body[: len(done)]
                rows.forget_all_but(body)
                emit(found[:])
                found.clear()
        parser.close()
        body = rows.read(parser, body)
    except etree.LxmlError:
        _parse_xml(raw, "word/document.xml", display)  # says what is wrong, as the whole parse does
        return False
    if body is None:
        return False
    for child in body:
        found.extend(reader.blocks_of(child))
    emit(found[:])
    found.clear()
    return True


class _Rows:
    """The rows of each table the parse has begun, counted as their w:tr begin: a table of more rows than the
    limit is refused before its tree is built whole (a table is read once complete, and a table of 50,000 rows of
    Word's formatting took 1.3 GB). A long table's rows, once complete, lose the formatting the reader never reads
    (_drop_formatting), which is most of what they hold."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.counts: dict[etree._Element, int] = {}  # the element that holds the rows (a w:tbl) -> its rows so far

    def read(self, parser: etree.XMLPullParser, body: etree._Element | None) -> etree._Element | None:
        """Count the rows begun since the last read; the body: the one given, else the w:body the parse has begun
        that is a child of the root (the one document.find(T_body) finds), if any."""
        for event, element in parser.read_events():
            parent = element.getparent()
            if event == "end":
                if element.tag == T_tr and parent is not None and self.counts.get(parent, 0) > _LONG_TABLE:
                    _drop_formatting(element)
            elif element.tag == T_tr:
                if parent is not None:
                    count = self.counts.get(parent, 0) + 1
                    if count > self.most:
                        raise _TooManyRows(self.most, element.sourceline, element)
                    self.counts[parent] = count
            elif body is None and parent is not None and parent.getparent() is None:
                body = element
        return body

    def forget_all_but(self, body: etree._Element) -> None:
        """Keep the counts of the tables still in the body (in its last child, the one not read yet)."""
        self.counts = {table: n for table, n in self.counts.items() if _inside(table, body)}


_LONG_TABLE = 200  # rows: a shorter table is read (and dropped) before its formatting costs much
# Word's direct formatting of runs, paragraphs and cells: none of it is text, and the reader never looks at it
_FORMATTING = tuple(
    w(local)
    for local in ("rFonts", "sz", "szCs", "lang", "b", "bCs", "i", "iCs", "color", "kern", "spacing", "u", "highlight",
                  "shd", "tcW", "tcBorders", "tcMar", "vAlign", "noWrap", "jc", "ind", "noProof", "keepNext",
                  "keepLines", "widowControl", "contextualSpacing", "snapToGrid", "caps", "smallCaps", "strike",
                  "dstrike", "position", "vertAlign", "w", "bdr", "effect", "webHidden")
)  # fmt: skip


def _drop_formatting(row: etree._Element) -> None:
    """Remove from a row what the reader never reads: the direct formatting of its runs, paragraphs and cells
    (fonts, sizes, widths, shading, borders ...), most of what a row of a Word table holds."""
    etree.strip_elements(row, *_FORMATTING, with_tail=False)


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not ancestor:
        parent = parent.getparent()
    return parent is ancestor


class _TooManyRows(Exception):
    """A table of more rows than the limit, met by a reader (which knows no file name): the line of the first row
    over it in word/document.xml, and the heading the table is under, once the blocks read before it are known
    (after), so that the author can find it."""

    def __init__(self, limit: int, line: int | None, row: etree._Element | None = None) -> None:
        self.limit = limit
        self.line = line
        self.row = row  # the row as the stream met it, before the body elements ahead of its table were read
        self.heading: str | None = None

    def after(self, blocks: Sequence[Block | Unread]) -> _TooManyRows:
        heading = next((block for block in reversed(blocks) if isinstance(block, HeadingBlock)), None)
        if heading is not None and self.heading is None:
            self.heading = shorten(" ".join(filter(None, (heading.number, heading.title))), 80, placeholder=" ...")
        return self

    def refusal(self, display: str) -> InputError:
        where = f"word/document.xml:{self.line}" if self.line else "word/document.xml"
        table = f"the table under the heading '{self.heading}'" if self.heading else "a table before any heading"
        return limits.refusal(display, f"{where}: {table} has more than {self.limit:,} rows", "table_rows")


def _every_block(blocks: Iterable[Block | Unread]) -> list[Block | Unread]:
    found: list[Block | Unread] = []
    try:
        found.extend(blocks)
    except _TooManyRows as exc:
        raise exc.after(found) from None
    return found


class _Reader:
    def __init__(
        self,
        styles: dict[str, _Style],
        numbering: _Numbering,
        revisions: str,
        hidden_styles: dict[str, bool],
        targets: dict[str, str],
        trace: Trace | None = None,
    ) -> None:
        self.styles = styles
        self.trace = trace  # told where each body paragraph and table, and each table's rows, come from
        self._last_rows: tuple[etree._Element, ...] = ()  # the w:tr of each row of the table last read
        self.numbering = numbering
        self.accepted = revisions == ACCEPTED
        self.hidden_styles = hidden_styles  # style id -> whether it hides its text
        self.targets = targets  # relationship id -> part
        self._unread_in_table: list[Unread] = []  # altChunks met in the cells of the table being read
        self._most_rows = limits.current().table_rows
        # what makes a paragraph or a table more than runs of plain text (see _plain_text): with none of it, the
        # text is its runs' text in document order, and the lookups the full reading makes for each run are saved
        self._hides = any(hidden_styles.values())
        self._not_plain = _NOT_PLAIN + ((T_rStyle,) if self._hides else ())
        self._plain_paragraph_tags = (*_TEXT_TAGS, *self._not_plain)
        self._plain_table_tags = (T_tbl, T_tr, T_tc, T_p, T_tblHeader, *_TEXT_TAGS, *self._not_plain,
                                  *_NOT_PLAIN_IN_TABLE, *((T_pStyle,) if self._hides else ()))  # fmt: skip

    def blocks(self, container: etree._Element) -> Iterator[Block | Unread]:
        """The blocks of the body (or of a content control in it), in document order; an altChunk, which holds no
        text of its own, is an Unread marker (after the table, for one in a table's cell)."""
        for child in container:
            yield from self.blocks_of(child)

    def blocks_of(self, child: etree._Element) -> Iterator[Block | Unread]:
        """The blocks of one child of the body (a paragraph, a table, a content control or revision around them)."""
        for content in self._contents_of(child):
            if content.tag == T_p:
                paragraph = self._paragraph(content)
                if paragraph is not None:
                    if self.trace is not None:
                        self.trace.note(paragraph, content)
                    yield paragraph
            elif content.tag == T_tbl:
                table = self._table(content)
                if table is not None:
                    if self.trace is not None:
                        self.trace.note(table, content, self._last_rows)
                    yield table
                yield from self._unread_in_table
                self._unread_in_table = []
            else:
                yield self._unread(content)

    def _contents(self, container: etree._Element) -> Iterator[etree._Element]:
        """The paragraphs, tables and altChunks of a body, cell or control, through content controls, custom XML
        and the revision wrappers this view reads, at any depth."""
        for child in container:
            yield from self._contents_of(child)

    def _contents_of(self, child: etree._Element) -> Iterator[etree._Element]:
        tag = child.tag
        if tag in (T_p, T_tbl, T_altChunk):
            yield child
        elif tag == T_sdt:
            content = child.find(T_sdtContent)
            if content is not None:
                yield from self._contents(content)
        elif isinstance(tag, str) and self._visible_wrapper(tag):
            yield from self._contents(child)

    def _visible_wrapper(self, tag: str) -> bool:
        """Block-level w:ins/w:del/w:moveTo/w:moveFrom wrappers: which ones this view reads."""
        if tag in (T_ins, T_moveTo):
            return self.accepted
        if tag in (T_del, T_moveFrom):
            return not self.accepted
        return tag == T_customXml

    def _unread(self, chunk: etree._Element) -> Unread:
        target = self.targets.get(chunk.get(T_R_id, ""))
        return Unread(f"an embedded document (w:altChunk{f', {target}' if target else ''})")

    # paragraphs
    def _paragraph(self, p: etree._Element) -> Block | None:
        collector = self._collect(p)
        text, refs, bookmarks = collector.result()
        shown = normalise(text)
        if not shown and self._absent_in_this_view(p):
            return None  # a paragraph wholly deleted (accepted view) or wholly inserted (original view)
        style_id, level, num = self._paragraph_properties(p)
        number = self.numbering.advance(*num) if num else None  # a hidden paragraph still counts, as in Word
        if not shown and (collector.saw_hidden or self._mark_hidden(p)):
            # hidden text, its paragraph gone from the page; a bookmark in it can still be referred to
            return ParagraphBlock("", None, (), tuple(bookmarks)) if bookmarks else None
        if level is not None:
            title = " ".join(shown.split())
            typed = _TYPED_NUMBER.match(title) if number is None else None
            number, title = (typed.group(1), typed.group(2)) if typed else (number, title)
            return HeadingBlock(level, number, title, None, tuple(refs), tuple(bookmarks))
        return ParagraphBlock(shown, None, tuple(refs), tuple(bookmarks), number)

    def _plain_text(self, p: etree._Element) -> str | None:
        """The text of a paragraph of nothing but runs of text, as _TextCollector reads it (its runs' text, tabs as
        spaces, breaks as line ends, a no-break hyphen as a hyphen), read in one pass over the elements that matter;
        None for any other (see _NOT_PLAIN: a revision, field, bookmark, hidden text, content control, text box,
        equation, embedded part; or a style that hides text), for _TextCollector to read."""
        parts = []
        for element in p.iter(*self._plain_paragraph_tags):
            tag = element.tag
            if tag == T_t:
                if _shown_in(element, p):
                    parts.append(element.text or "")
            elif tag in _SHOWN_AS:
                if _shown_in(element, p):
                    parts.append(_SHOWN_AS[tag])
            else:
                return None
        if self._hides and self._style_hidden(p):
            return None
        return "".join(parts)

    def _absent_in_this_view(self, p: etree._Element) -> bool:
        """The paragraph mark itself is a tracked deletion or move away (accepted view), or an insertion or move
        here (original view)."""
        mark = p.find(_PARAGRAPH_MARK)
        if mark is None:
            return False
        gone = (T_del, T_moveFrom) if self.accepted else (T_ins, T_moveTo)
        return any(mark.find(tag) is not None for tag in gone)

    def _paragraph_properties(self, p: etree._Element) -> tuple[str | None, int | None, tuple[str, int] | None]:
        ppr = p.find(T_pPr)
        if not self.accepted and ppr is not None and ppr.find(w("pPrChange")) is not None:
            change = ppr.find(w("pPrChange"))
            ppr = change.find(T_pPr) if change is not None else None  # the properties before the formatting change
        style_id = _val(ppr.find(T_pStyle)) if ppr is not None else None
        outline = _int(_val(ppr.find(T_outlineLvl))) if ppr is not None else None
        num_pr = ppr.find(T_numPr) if ppr is not None else None
        num_id = _val(num_pr.find(T_numId)) if num_pr is not None else None
        ilvl = _int(_val(num_pr.find(T_ilvl))) if num_pr is not None else None
        for style in self._style_chain(style_id):
            if outline is None:
                outline = style.outline_level if style.outline_level is not None else _heading_level(style)
            if num_id is None:
                num_id = style.num_id
            if ilvl is None:
                ilvl = style.ilvl
        level = outline + 1 if outline is not None and 0 <= outline < 9 else None
        if num_id in (None, "0"):
            return style_id, level, None
        if ilvl is None and style_id:
            ilvl = self.numbering.ilvl_for_style(num_id, style_id)
        if ilvl is None:
            ilvl = (level - 1) if level else 0
        return style_id, level, (num_id, ilvl)

    def _style_chain(self, style_id: str | None) -> list[_Style]:
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = self.styles[style_id].based_on
        return chain

    def _collect(self, p: etree._Element) -> _TextCollector | _PlainText:
        plain = self._plain_text(p)
        if plain is not None:
            return _PlainText(plain)
        collector = _TextCollector(self.accepted, self.hidden_styles, self._style_hidden(p))
        collector.walk(p)
        return collector

    def _style_hidden(self, p: etree._Element) -> bool:
        """The paragraph's style makes its text hidden (w:vanish in the style's run properties)."""
        if not self.hidden_styles:
            return False
        ppr = p.find(T_pPr)
        style_id = _val(ppr.find(T_pStyle)) if ppr is not None else None
        return self.hidden_styles.get(style_id or "", False)

    def _mark_hidden(self, p: etree._Element) -> bool:
        mark = p.find(_PARAGRAPH_MARK)
        flag = _hidden_flag(mark) if mark is not None else None
        return self._style_hidden(p) if flag is None else flag

    # tables
    def _table(self, tbl: etree._Element) -> TableBlock | None:
        plain = self._plain_table(tbl)
        if not isinstance(plain, _NotPlain):
            return plain
        grid: list[list[str]] = []
        marked: list[bool] = []  # the row is marked as a header row (w:tblHeader)
        vmerge_from: dict[int, str] = {}
        refs: list[CrossReference] = []
        bookmarks: list[str] = []
        visible: list[etree._Element] = []  # the w:tr of each row of the grid
        for tr in _through_controls(tbl, T_tr):
            if not self._row_visible(tr):
                continue
            visible.append(tr)
            if len(visible) > self._most_rows:
                raise _TooManyRows(self._most_rows, tr.sourceline)
            trpr = tr.find(w("trPr"))
            before = _int(_val(trpr.find(w("gridBefore")))) if trpr is not None else None
            after = _int(_val(trpr.find(w("gridAfter")))) if trpr is not None else None
            row: list[str] = [""] * _span(before, 0)  # grid columns the row skips before its first cell
            for tc in _through_controls(tr, T_tc):
                tcpr = tc.find(T_tcPr)
                if not self._cell_visible(tcpr):
                    continue
                span = _int(_val(tcpr.find(T_gridSpan))) if tcpr is not None else None
                vmerge = tcpr.find(T_vMerge) if tcpr is not None else None
                column = len(row)
                if vmerge is not None and _val(vmerge, "continue") == "continue" and column in vmerge_from:
                    text = vmerge_from[column]
                else:
                    text = self._cell_text(tc, refs, bookmarks)
                    if vmerge is not None:  # a restart, or a continuation with nothing above: Word shows its text
                        vmerge_from[column] = text
                    else:
                        vmerge_from.pop(column, None)
                row.extend([text] * _span(span, 1))
            grid.append(row + [""] * _span(after, 0))
            marked.append(trpr is not None and _flag(trpr, (T_tblHeader,)) is True)
        if not grid:
            return None
        width = max(len(r) for r in grid)
        rows = tuple(tuple(r + [""] * (width - len(r))) for r in grid)
        kept = kept_rows(rows, marked)
        self._last_rows = tuple(visible[index] for index in kept)
        return TableBlock(tuple(rows[index] for index in kept), None, (), tuple(refs), tuple(bookmarks))

    def _plain_table(self, tbl: etree._Element) -> TableBlock | None | _NotPlain:
        """A table of plain text, read in one pass over the elements that matter: its rows, their cells and the
        cells' paragraphs, each the child of the one before, and the paragraphs' runs of text (see _plain_text), one
        grid column a cell, every row and cell shown. What _table reads in such a table, read with less. Anything
        else in it (see _NOT_PLAIN and _NOT_PLAIN_IN_TABLE: a merged, inserted or deleted cell, a table inside, a
        revision, field, bookmark or hidden text ...) and the table is _NOT_PLAIN_TABLE, for _table to read."""
        grid: list[list[list[list[str]]]] = []  # rows of cells of paragraphs of text pieces
        marked: list[bool | None] = []
        row: list[list[list[str]]] = []
        cell: list[list[str]] = []
        pieces: list[str] = []
        tr_el = tc_el = p_el = None
        trs: list[etree._Element] = []  # the w:tr of each row of the grid
        hidden = self.hidden_styles if self._hides else None
        for el in tbl.iter(*self._plain_table_tags):
            tag = el.tag
            if tag == T_t:
                if _shown_in(el, p_el):
                    pieces.append(el.text or "")
            elif tag == T_p:
                if el.getparent() is not tc_el:
                    return _NOT_PLAIN_TABLE
                p_el, pieces = el, []
                cell.append(pieces)
            elif tag == T_tc:
                if el.getparent() is not tr_el:
                    return _NOT_PLAIN_TABLE
                tc_el, cell = el, []
                row.append(cell)
            elif tag == T_tr:
                if el.getparent() is not tbl:
                    return _NOT_PLAIN_TABLE
                tr_el, row = el, []
                grid.append(row)
                if len(grid) > self._most_rows:
                    raise _TooManyRows(self._most_rows, el.sourceline)
                trs.append(el)
                marked.append(None)
            elif tag in _SHOWN_AS:
                if _shown_in(el, p_el):
                    pieces.append(_SHOWN_AS[tag])
            elif tag == T_tblHeader:
                properties = el.getparent()
                if marked[-1] is None and properties is not None and properties.tag == T_trPr and \
                        properties.getparent() is tr_el:  # fmt: skip
                    marked[-1] = (el.get(T_val) or "true").lower() not in ("0", "false", "off")
            elif tag == T_pStyle:  # (looked for only when a style hides text)
                if hidden is not None and hidden.get(el.get(T_val) or "", False):
                    return _NOT_PLAIN_TABLE
            elif el is not tbl:
                return _NOT_PLAIN_TABLE
        if not grid:
            return None
        cells = [[normalise("\n".join("".join(p) for p in c)) for c in r] for r in grid]
        width = max(len(r) for r in cells)
        rows = tuple(tuple(r + [""] * (width - len(r))) for r in cells)
        kept = kept_rows(rows, [m is True for m in marked])
        self._last_rows = tuple(trs[index] for index in kept)
        return TableBlock(tuple(rows[index] for index in kept), None, (), (), ())

    def _cell_visible(self, tcpr: etree._Element | None) -> bool:
        """A tracked cell insertion or deletion (w:cellIns, w:cellDel): in the view that has the cell."""
        if tcpr is None:
            return True
        if tcpr.find(T_cellDel) is not None:
            return not self.accepted
        if tcpr.find(T_cellIns) is not None:
            return self.accepted
        return True

    def _row_visible(self, tr: etree._Element) -> bool:
        trpr = tr.find(T_trPr)
        if trpr is None:
            return True
        if trpr.find(T_ins) is not None:
            return self.accepted
        if trpr.find(T_del) is not None:
            return not self.accepted
        return True

    def _cell_text(self, tc: etree._Element, refs: list[CrossReference], bookmarks: list[str]) -> str:
        parts = []
        for child in self._contents(tc):
            if child.tag == T_p:
                text, found, marks = self._collect(child).result()
                refs.extend(found)
                bookmarks.extend(marks)
                parts.append(text)
            elif child.tag == T_tbl:
                nested = self._table(child)
                if nested:
                    parts.extend(" ".join(cell for cell in row if cell) for row in nested.rows)
            else:
                self._unread_in_table.append(self._unread(child))
        return normalise("\n".join(parts))


M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
# See _Reader._plain_text: any of these in a paragraph or table sends it through the full reading
_NOT_PLAIN = (
    T_ins, T_del, T_moveFrom, T_moveTo, T_fldChar, T_fldSimple, T_instrText, T_delInstrText, T_delText, T_vanish,
    T_specVanish, T_bookmarkStart, T_sdt, T_customXml, T_altChunk, w("txbxContent"), w("ruby"), f"{{{M}}}oMath",
    f"{{{M}}}oMathPara",
)  # fmt: skip
_NOT_PLAIN_IN_TABLE = (T_gridSpan, T_vMerge, T_cellIns, T_cellDel, w("gridBefore"), w("gridAfter"), w("trPrChange"))
class _NotPlain:
    """What _Reader._plain_table gives a table it leaves to _table (one value: _NOT_PLAIN_TABLE)."""


_NOT_PLAIN_TABLE = _NotPlain()
_TEXT_TAGS = (T_t, T_tab, T_ptab, T_br, T_cr, T_noBreakHyphen)
_SHOWN_AS = {T_tab: " ", T_ptab: " ", T_br: "\n", T_cr: "\n", T_noBreakHyphen: "-"}


def _shown_in(element: etree._Element, p: etree._Element | None) -> bool:
    """Whether _TextCollector, walking paragraph p, reads this w:t (w:tab, w:br ...): it is a run's, and nothing
    between the run and the paragraph is a run or what holds no text (properties: a w:pPr's w:tabs/w:tab is a tab
    stop)."""
    run = element.getparent()
    if run is None or run.tag != T_r:
        return False
    parent = run.getparent()
    while parent is not p:
        if parent is None or parent.tag == T_r or parent.tag in _NOT_TEXT:
            return False
        parent = parent.getparent()
    return True


class _PlainText:
    """What _TextCollector gives for a plain paragraph: its text, no field, no bookmark, nothing hidden."""

    saw_hidden = False

    def __init__(self, text: str) -> None:
        self.text = text

    def result(self) -> tuple[str, list[CrossReference], list[str]]:
        return self.text, [], []


def _through_controls(container: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The container's own `tag` children (a table's rows, a row's cells), also those inside content controls and
    custom XML, at any depth (not a nested table's)."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag == T_sdt:
            content = child.find(T_sdtContent)
            if content is not None:
                yield from _through_controls(content, tag)
        elif child.tag == T_customXml:
            yield from _through_controls(child, tag)


def _flag(properties: etree._Element, tags: tuple[str, ...]) -> bool | None:
    """The first of these on/off properties (w:vanish, w:tblHeader) set in run or row properties; None if none is."""
    for tag in tags:
        el = properties.find(tag)
        if el is not None:
            return (el.get(T_val) or "true").lower() not in ("0", "false", "off")
    return None


def _hidden_flag(properties: etree._Element) -> bool | None:
    """Whether run properties (of a run, a paragraph mark or a style) make text hidden; None when they do not say."""
    return _flag(properties, (T_vanish, T_specVanish))


def _read_hidden_styles(root: etree._Element | None) -> dict[str, bool]:
    """Style id -> whether its text is hidden (w:rPr/w:vanish), for the styles that say, through w:basedOn."""
    if root is None:
        return {}
    own: dict[str, tuple[str | None, bool | None]] = {}
    for style in root.iter(T_style):
        rpr = style.find(T_rPr)
        own[style.get(T_styleId, "")] = (_val(style.find(T_basedOn)), _hidden_flag(rpr) if rpr is not None else None)
    hidden: dict[str, bool] = {}
    for style_id in own:
        current: str | None = style_id
        seen: set[str] = set()
        while current is not None and current in own and current not in seen:
            seen.add(current)
            based_on, flag = own[current]
            if flag is not None:
                hidden[style_id] = flag
                break
            current = based_on
    return hidden


def _span(value: int | None, default: int) -> int:
    """A count of grid columns from the file, within what Word allows (a hostile 10**9 would exhaust memory)."""
    return min(max(default if value is None else value, default), _MAX_GRID_SPAN)


def _heading_level(style: _Style) -> int | None:
    match = re.match(r"^heading\s*(\d)$", style.name.strip().lower())
    return int(match.group(1)) - 1 if match else None


# paragraph content that holds no text of its own: properties of paragraphs, runs and the containers around runs
_NOT_TEXT = frozenset(
    (T_pPr, T_rPr, T_proofErr, T_commentRangeStart, T_commentRangeEnd, T_sdtPr, T_sdtEndPr, T_customXmlPr, T_smartTagPr)
)
_SHOWN = frozenset((T_t, T_delText, T_tab, T_ptab, T_noBreakHyphen))  # run content Word shows as text


class _TextCollector:
    """Walks a paragraph in document order, keeping the text this revision view shows (hidden text left out), and
    its fields."""

    def __init__(self, accepted: bool, hidden_styles: dict[str, bool] | None = None, hidden: bool = False) -> None:
        self.accepted = accepted
        self.hidden_styles = hidden_styles or {}
        self.paragraph_hidden = hidden  # the paragraph's style hides its runs unless they say otherwise
        self.saw_hidden = False  # some text of the paragraph is hidden (w:vanish)
        self.parts: list[str] = []
        self.refs: list[CrossReference] = []
        self.bookmarks: list[str] = []
        self._field_stack: list[dict] = []  # complex fields: {"instr": [...], "shown": [...], "phase": ...}

    def result(self) -> tuple[str, list[CrossReference], list[str]]:
        return "".join(self.parts), self.refs, self.bookmarks

    def _emit(self, text: str, source: etree._Element | None = None) -> None:
        """Keep `text` (from `source`, the element of a run that shows it), unless it is a field's instruction."""
        if self._field_stack and self._field_stack[-1]["phase"] == "instr":
            return
        self.parts.append(text)
        if self._field_stack:
            self._field_stack[-1]["shown"].append(text)

    def walk(self, node: etree._Element, hidden: bool = False) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (T_ins, T_moveTo):
                self.walk(child, hidden or not self.accepted)
            elif tag in (T_del, T_moveFrom):
                self.walk(child, hidden or self.accepted)
            elif tag == T_r:
                self._run(child, hidden)
            elif tag == T_fldSimple:
                self._simple_field(child, hidden)
            elif tag == T_bookmarkStart:
                name = child.get(T_name)
                if name:
                    self.bookmarks.append(name)
            elif tag in _NOT_TEXT:
                continue
            else:  # hyperlinks, smart tags, content controls, custom XML: read what they hold
                self.walk(child, hidden)

    def _vanished(self, run: etree._Element) -> bool:
        rpr = run.find(T_rPr)
        if rpr is None:
            return self.paragraph_hidden
        flag = _hidden_flag(rpr)
        if flag is not None:
            return flag
        style = _val(rpr.find(T_rStyle)) if self.hidden_styles else None
        return self.hidden_styles.get(style, self.paragraph_hidden) if style else self.paragraph_hidden

    def _run(self, run: etree._Element, hidden: bool) -> None:
        if not hidden and self._vanished(run):
            # hidden text is gone from the page like deleted text (fields in it are not references either)
            hidden = True
            self.saw_hidden = self.saw_hidden or any(child.tag in _SHOWN for child in run)
        for child in run:
            tag = child.tag
            if tag == T_fldChar:
                self._field_char(child.get(T_fldCharType))
                continue
            if tag in (T_instrText, T_delInstrText):
                if self._field_stack and not hidden:
                    self._field_stack[-1]["instr"].append(child.text or "")
                continue
            if hidden:
                continue
            if tag in (T_t, T_delText):
                self._emit(child.text or "", child)
            elif tag in (T_tab, T_ptab):
                self._emit(" ", child)
            elif tag in (T_br, T_cr):
                self._emit("\n", child)
            elif tag == T_noBreakHyphen:
                self._emit("-", child)
            # w:softHyphen is an optional hyphen: no text

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self._field_stack.append({"instr": [], "shown": [], "phase": "instr"})
        elif kind == "separate" and self._field_stack:
            self._field_stack[-1]["phase"] = "shown"
        elif kind == "end" and self._field_stack:
            done = self._field_stack.pop()
            self._record("".join(done["instr"]), "".join(done["shown"]))
            if self._field_stack:
                self._field_stack[-1]["shown"].extend(done["shown"])

    def _simple_field(self, field_el: etree._Element, hidden: bool) -> None:
        start = len(self.parts)
        self.walk(field_el, hidden)
        self._record(field_el.get(T_instr, ""), "".join(self.parts[start:]))

    def _record(self, instr: str, shown: str) -> None:
        words = instr.split()
        if len(words) >= 2 and words[0].upper() in ("REF", "PAGEREF"):
            self.refs.append(CrossReference(words[0].upper(), words[1], normalise(shown)))

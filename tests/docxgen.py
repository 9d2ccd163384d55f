"""Deterministic, stdlib-only generator of small DUIS-shaped Word (.docx) documents for the spec-reader tests.

    doc = DocxBuilder("list")
    doc.heading(1, "Service Requests")
    doc.heading(2, "Update Import Tariff")
    doc.paragraph("The ", Ins("new "), "value", Del(" old"), ".")
    doc.table([["Data Item", "Type"], [Cell("Both", span=2)]], row_changes={1: "ins"})
    doc.save(tmp_path / "duis.docx")

Heading numbers come in three shapes (``heading_numbers``), as they do in real Word files:

* ``"typed"``: the number is typed into the heading text ("3.8.82.2 Specific Data Items"); no numbering.xml.
* ``"list"``: Heading1..Heading4 paragraphs carry a direct ``w:pPr/w:numPr`` (ilvl + numId) to a four-level list.
* ``"style"``: the heading *styles* carry the numbering: only Heading1 has ``w:numId`` (and no ``w:ilvl``, i.e. 0,
  as Word writes it); Heading2..4 inherit it through ``w:basedOn`` (a chain 4->3->2->1, or all on Heading1 with
  ``style_based_on="flat"``) and each sets its own ``w:ilvl``. The heading paragraphs carry only ``w:pStyle``.

Every OOXML id (revisions, move ranges, bookmarks) comes from one counter per build, every date is fixed and the
zip members have fixed names, order and timestamps (1980-01-01), so building the same document twice gives
byte-identical output.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

__all__ = [
    "W_NS",
    "Break",
    "Bookmark",
    "Cell",
    "CharStyle",
    "Del",
    "DocxBuilder",
    "Formatted",
    "Hidden",
    "Ins",
    "MoveFrom",
    "MoveTo",
    "NoBreakHyphen",
    "PageBreak",
    "PageRef",
    "Para",
    "Ref",
    "Run",
    "SimpleRef",
    "SoftHyphen",
    "Tab",
    "Text",
    "Wrapped",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
REL_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
REL_FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
CT_SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
CT_FONT_TABLE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
REL_ALT_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
CT_HTML = "text/html"
# ISO/IEC 29500 Strict: the same parts and elements, in namespaces of their own
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
STRICT_R_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
TRANSITIONAL_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

AUTHOR = "duislint tests"
DATE = "2024-01-01T00:00:00Z"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TABLE_WIDTH = 9000  # twentieths of a point: the text width of an A4 page with 2.5 cm margins, roughly
MAX_LEVEL = 4  # heading levels a builder has by default (``max_level`` gives it up to WORD_LEVELS)
WORD_LEVELS = 9  # Word's own: Heading 1..9, list levels 0..8

_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# --------------------------------------------------------------------------------------------------- escaping


def _esc(text: str) -> str:
    """Escape element text; refuses characters XML 1.0 cannot carry at all."""
    if _NOT_XML.search(text):
        raise ValueError(f"character not allowed in XML 1.0 in {text!r}")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: object) -> str:
    """Escape an attribute value (double-quoted); whitespace kept exactly as character references."""
    return _esc(str(value)).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _w(tag: str, /, **attrs: object) -> str:
    """An empty ``w:`` element; attribute names are written with the ``w:`` prefix."""
    attributes = "".join(f' w:{key}="{_attr(value)}"' for key, value in attrs.items())
    return f"<w:{tag}{attributes}/>"


# --------------------------------------------------------------------------------------------------- runs


class _Ctx:
    """Per-build rendering state: the one id counter shared by revisions, move ranges and bookmarks."""

    def __init__(self) -> None:
        self._next = 0

    def new_id(self) -> int:
        value = self._next
        self._next += 1
        return value

    def change_attrs(self, author: str, date: str) -> str:
        return f' w:id="{self.new_id()}" w:author="{_attr(author)}" w:date="{_attr(date)}"'


class Run:
    """Base of everything that can sit inside a paragraph. ``deleted`` is true inside ``w:del``."""

    # True for content that an inserted/deleted table row wraps in w:ins/w:del (tracked changes are left alone)
    _row_wrappable = True
    # False for content the schema does not allow inside w:ins/w:del/w:moveFrom/w:moveTo (w:fldSimple)
    _nestable = True

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


RunLike = Union[str, Run]


def _runs(items: Sequence[RunLike] | RunLike) -> tuple[Run, ...]:
    if isinstance(items, (str, Run)):
        items = (items,)
    out: list[Run] = []
    for item in items:
        if isinstance(item, str):
            out.append(Text(item))
        elif isinstance(item, Run):
            out.append(item)
        else:
            raise TypeError(f"not a run: {item!r} (use str or a Run object)")
    return tuple(out)


def _nested(runs: tuple[Run, ...], ctx: _Ctx, deleted: bool, wrapper: str) -> str:
    for run in runs:
        if not run._nestable:
            raise ValueError(f"{type(run).__name__} cannot sit inside {wrapper} (w:fldSimple is paragraph content)")
    return "".join(run._xml(ctx, deleted) for run in runs)


def _text_run(text: str, deleted: bool, properties: str = "") -> str:
    """One ``w:r``; tab and newline characters become ``w:tab`` / ``w:br`` inside the same run, as Word writes.
    ``properties``: the run's ``w:rPr`` children, as XML."""
    tag = "delText" if deleted else "t"
    children = []
    for piece in re.split(r"(\t|\n)", text):
        if piece == "\t":
            children.append("<w:tab/>")
        elif piece == "\n":
            children.append("<w:br/>")
        elif piece:
            children.append(f'<w:{tag} xml:space="preserve">{_esc(piece)}</w:{tag}>')
    if not children:
        return ""
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f"<w:r>{rpr}{''.join(children)}</w:r>"


@dataclass(frozen=True)
class Text(Run):
    """Plain text in one ``w:r/w:t`` (``w:delText`` inside Del). "\\t" -> ``w:tab``, "\\n" -> ``w:br``."""

    text: str

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        return _text_run(self.text, deleted)


@dataclass(frozen=True)
class Formatted(Run):
    """Text in one run with direct formatting, as Word writes most runs: ``<w:r><w:rPr><w:rFonts…/><w:b/>
    <w:sz…/><w:lang…/></w:rPr><w:t>…``. ``bold`` is what a definitions table's expression column is in."""

    text: str
    bold: bool = False
    italic: bool = False
    font: str | None = None  # w:rFonts ascii/hAnsi/cs
    size: int | None = None  # w:sz, in half-points
    lang: str | None = None  # w:lang, e.g. "en-GB"

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        props = []
        if self.font:
            props.append(_w("rFonts", ascii=self.font, hAnsi=self.font, cs=self.font))
        if self.bold:
            props.append("<w:b/><w:bCs/>")
        if self.italic:
            props.append("<w:i/><w:iCs/>")
        if self.size:
            props.append(_w("sz", val=self.size) + _w("szCs", val=self.size))
        if self.lang:
            props.append(_w("lang", val=self.lang))
        return _text_run(self.text, deleted, "".join(props))


@dataclass(frozen=True, init=False)
class _Change(Run):
    runs: tuple[Run, ...]
    author: str = AUTHOR
    date: str = DATE

    def __init__(self, *runs: RunLike, author: str = AUTHOR, date: str = DATE) -> None:
        object.__setattr__(self, "runs", _runs(runs))
        object.__setattr__(self, "author", author)
        object.__setattr__(self, "date", date)


class Ins(_Change):
    """Tracked insertion: ``<w:ins w:id w:author w:date><w:r><w:t>…``."""

    _row_wrappable = False

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        attrs = ctx.change_attrs(self.author, self.date)
        return f"<w:ins{attrs}>{_nested(self.runs, ctx, deleted, 'w:ins')}</w:ins>"


class Del(_Change):
    """Tracked deletion: ``<w:del …><w:r><w:delText>…`` (fields inside use ``w:delInstrText``)."""

    _row_wrappable = False

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        attrs = ctx.change_attrs(self.author, self.date)
        return f"<w:del{attrs}>{_nested(self.runs, ctx, True, 'w:del')}</w:del>"


@dataclass(frozen=True, init=False)
class _Move(Run):
    runs: tuple[Run, ...]
    name: str = "move1"
    author: str = AUTHOR
    date: str = DATE

    _row_wrappable = False
    _kind = ""  # "From" | "To"

    def __init__(self, *runs: RunLike, name: str = "move1", author: str = AUTHOR, date: str = DATE) -> None:
        object.__setattr__(self, "runs", _runs(runs))
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "author", author)
        object.__setattr__(self, "date", date)

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        # Word: <w:moveFromRangeStart w:id=A w:name=N …/><w:moveFrom w:id=B …><w:r><w:t>…</w:t></w:r></w:moveFrom>
        #       <w:moveFromRangeEnd w:id=A/>. The moved-away text stays in w:t (not w:delText); the pairing with the
        # destination is by w:name on the range starts, not by any id.
        kind = self._kind
        range_id = ctx.new_id()
        start = (
            f'<w:move{kind}RangeStart w:id="{range_id}" w:author="{_attr(self.author)}" '
            f'w:date="{_attr(self.date)}" w:name="{_attr(self.name)}"/>'
        )
        attrs = ctx.change_attrs(self.author, self.date)
        body = _nested(self.runs, ctx, deleted, f"w:move{kind}")
        return f'{start}<w:move{kind}{attrs}>{body}</w:move{kind}><w:move{kind}RangeEnd w:id="{range_id}"/>'


class MoveFrom(_Move):
    """Moved-away text (the source of a tracked move); pair with a MoveTo of the same ``name``."""

    _kind = "From"


class MoveTo(_Move):
    """Moved-here text (the destination of a tracked move); pair with a MoveFrom of the same ``name``."""

    _kind = "To"


@dataclass(frozen=True)
class _Special(Run):
    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        return f"<w:r>{self._element}</w:r>"

    _element = ""


class SoftHyphen(_Special):
    """``<w:r><w:softHyphen/></w:r>`` (an optional hyphen; invisible unless the line breaks there)."""

    _element = "<w:softHyphen/>"


class NoBreakHyphen(_Special):
    """``<w:r><w:noBreakHyphen/></w:r>`` (shown as a hyphen)."""

    _element = "<w:noBreakHyphen/>"


class Break(_Special):
    """``<w:r><w:br/></w:r>``: a line break (Shift+Enter), e.g. inside a table cell."""

    _element = "<w:br/>"


class Tab(_Special):
    """``<w:r><w:tab/></w:r>``."""

    _element = "<w:tab/>"


def _complex_field(ctx: _Ctx, deleted: bool, instr_parts: Sequence[str], shown: str) -> str:
    instr_tag = "delInstrText" if deleted else "instrText"
    out = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>']
    out += [f'<w:r><w:{instr_tag} xml:space="preserve">{_esc(p)}</w:{instr_tag}></w:r>' for p in instr_parts]
    out.append('<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    out.append(_text_run(shown, deleted))
    out.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return "".join(out)


def _instr(field_type: str, bookmark: str, switches: str, split: bool) -> list[str]:
    tail = f" {switches} " if switches else " "
    if split:  # Word often cuts an instruction over several w:instrText runs
        return [f" {field_type} ", bookmark, tail]
    return [f" {field_type} {bookmark}{tail}"]


@dataclass(frozen=True)
class Ref(Run):
    """Complex field ``REF bookmark \\h``: fldChar begin / instrText / fldChar separate / shown text / fldChar end.

    ``split=True`` cuts the instruction into three ``w:instrText`` runs (" REF ", bookmark, " \\h ").
    """

    bookmark: str
    shown: str
    switches: str = r"\h"
    split: bool = False
    _field = "REF"

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        return _complex_field(ctx, deleted, _instr(self._field, self.bookmark, self.switches, self.split), self.shown)


@dataclass(frozen=True)
class PageRef(Ref):
    """Complex field ``PAGEREF bookmark \\h`` showing a page number."""

    _field = "PAGEREF"


@dataclass(frozen=True)
class SimpleRef(Run):
    """``<w:fldSimple w:instr=" REF bookmark \\h "><w:r><w:t>shown</w:t></w:r></w:fldSimple>`` (paragraph level only)."""

    bookmark: str
    shown: str
    switches: str = r"\h"

    _nestable = False
    _row_wrappable = False

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        instr = _instr("REF", self.bookmark, self.switches, split=False)[0]
        return f'<w:fldSimple w:instr="{_attr(instr)}">{_text_run(self.shown, deleted)}</w:fldSimple>'


@dataclass(frozen=True)
class Bookmark(Run):
    """``<w:bookmarkStart w:id w:name/>`` + the text run + ``<w:bookmarkEnd w:id/>`` (text may be empty)."""

    name: str
    text: str = ""

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        ident = ctx.new_id()
        return (
            f'<w:bookmarkStart w:id="{ident}" w:name="{_attr(self.name)}"/>'
            f'{_text_run(self.text, deleted)}<w:bookmarkEnd w:id="{ident}"/>'
        )


def _with_run_property(xml: str, prop: str) -> str:
    """Every ``w:r`` in ``xml`` with ``prop`` added to its ``w:rPr`` (created when the run has none)."""
    return re.sub(r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?", lambda m: f"<w:r><w:rPr>{m.group(1) or ''}{prop}</w:rPr>", xml)


class Hidden(_Change):
    """Hidden text: each run gets ``<w:rPr><w:vanish/></w:rPr>`` (Word shows it only with "Hidden text" on)."""

    _row_wrappable = False

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        return _with_run_property(_nested(self.runs, ctx, deleted, "hidden text"), "<w:vanish/>")


@dataclass(frozen=True, init=False)
class CharStyle(Run):
    """Runs in a character style: ``<w:r><w:rPr><w:rStyle w:val=style/>…`` (see DocxBuilder.hidden_style)."""

    style: str
    runs: tuple[Run, ...]

    _row_wrappable = False

    def __init__(self, style: str, *runs: RunLike) -> None:
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "runs", _runs(runs))

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        return _with_run_property(_nested(self.runs, ctx, deleted, "a character style"), _w("rStyle", val=self.style))


InlineWrapper = Literal["sdt", "customXml", "smartTag", "hyperlink"]


@dataclass(frozen=True, init=False)
class Wrapped(Run):
    """Runs inside a paragraph-level container Word writes around text: a content control (``w:sdt``), custom XML
    (``w:customXml``), a smart tag (``w:smartTag``) or a hyperlink (``w:hyperlink``)."""

    kind: InlineWrapper
    runs: tuple[Run, ...]

    _row_wrappable = False

    def __init__(self, kind: InlineWrapper, *runs: RunLike) -> None:
        if kind not in ("sdt", "customXml", "smartTag", "hyperlink"):
            raise ValueError(f"a wrapper is sdt, customXml, smartTag or hyperlink, not {kind!r}")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "runs", _runs(runs))

    def _xml(self, ctx: _Ctx, deleted: bool) -> str:
        inner = "".join(run._xml(ctx, deleted) for run in self.runs)
        if self.kind == "smartTag":
            return f'<w:smartTag w:uri="urn:duislint:test" w:element="place">{inner}</w:smartTag>'
        if self.kind == "hyperlink":
            return f'<w:hyperlink w:anchor="_Top" w:history="1">{inner}</w:hyperlink>'
        return _control_open(self.kind) + inner + _control_close(self.kind)


class PageBreak(_Special):
    """``<w:r><w:br w:type="page"/></w:r>``: a manual page break (Ctrl+Enter)."""

    _element = '<w:br w:type="page"/>'


Control = Literal["sdt", "customXml"]
ControlLevel = Literal["table", "row", "cell", "content"]


def _control_open(kind: str) -> str:
    if kind == "sdt":
        return '<w:sdt><w:sdtPr><w:alias w:val="duislint test"/><w:tag w:val="duislint"/></w:sdtPr><w:sdtContent>'
    if kind == "customXml":
        return '<w:customXml w:uri="urn:duislint:test" w:element="item"><w:customXmlPr/>'
    raise ValueError(f"a content control is sdt or customXml, not {kind!r}")


def _control_close(kind: str) -> str:
    return "</w:sdtContent></w:sdt>" if kind == "sdt" else "</w:customXml>"


def _controls_open(kinds: Sequence[str]) -> str:
    """Opening tags of nested controls, the first outermost."""
    return "".join(_control_open(kind) for kind in kinds)


def _controls_close(kinds: Sequence[str]) -> str:
    return "".join(_control_close(kind) for kind in reversed(kinds))


# --------------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True, init=False)
class Para:
    """One paragraph of a table cell, for cells holding more than one ``w:p``."""

    runs: tuple[Run, ...]

    def __init__(self, *runs: RunLike) -> None:
        object.__setattr__(self, "runs", _runs(runs))


@dataclass(frozen=True)
class Cell:
    """A table cell: ``content`` is str, a Run, a sequence of runs, or a sequence of Para (several paragraphs).

    ``span`` > 1 writes ``w:gridSpan``; ``vmerge="restart"`` writes ``<w:vMerge w:val="restart"/>`` and
    ``vmerge="continue"`` writes ``<w:vMerge/>`` (no w:val: that is how Word writes "continue").
    """

    content: object = ""
    span: int = 1
    vmerge: Literal["restart", "continue"] | None = None
    # a tracked cell insertion or deletion: <w:tcPr><w:cellIns …/> or <w:cellDel …/>
    change: Literal["ins", "del"] | None = None
    alt_chunk: str | None = None  # HTML embedded in the cell (w:altChunk) before its paragraphs

    def paragraphs(self) -> list[tuple[Run, ...]]:
        content = self.content
        if isinstance(content, Para):
            return [content.runs]
        if isinstance(content, Sequence) and not isinstance(content, str) and any(isinstance(c, Para) for c in content):
            if not all(isinstance(c, Para) for c in content):
                raise TypeError("a cell's content is either runs or Para objects, not a mix")
            return [c.runs for c in content]
        return [_runs(content)]  # type: ignore[arg-type]


def _as_cell(cell: object) -> Cell:
    if isinstance(cell, Cell):
        if cell.span < 1:
            raise ValueError(f"span must be >= 1: {cell!r}")
        if cell.vmerge not in (None, "restart", "continue"):
            raise ValueError(f"vmerge must be None, 'restart' or 'continue': {cell!r}")
        if cell.change not in (None, "ins", "del"):
            raise ValueError(f"change must be None, 'ins' or 'del': {cell!r}")
        return cell
    return Cell(cell)


def _wrap_for_row(runs: tuple[Run, ...], change: str) -> tuple[Run, ...]:
    """What Word writes in an inserted/deleted row: the cell's plain content inside w:ins / w:del."""
    wrapper = Ins if change == "ins" else Del
    out: list[Run] = []
    pending: list[Run] = []
    for run in runs:
        if run._row_wrappable:
            pending.append(run)
            continue
        if pending:
            out.append(wrapper(*pending))
            pending = []
        out.append(run)
    if pending:
        out.append(wrapper(*pending))
    return tuple(out)


# --------------------------------------------------------------------------------------------------- blocks


@dataclass
class _Paragraph:
    runs: tuple[Run, ...]
    style: str | None = None
    num: tuple[int | None, int] | None = None  # (ilvl or None, numId) written as a direct w:numPr
    mark: str | None = None  # "ins" | "del": a tracked paragraph mark (w:pPr/w:rPr/w:ins|w:del)
    hidden_mark: bool = False  # the paragraph mark is hidden text (w:pPr/w:rPr/w:vanish)

    def xml(self, ctx: _Ctx) -> str:
        ppr = []
        if self.style:
            ppr.append(_w("pStyle", val=self.style))
        if self.num is not None:
            ilvl, num_id = self.num
            ilvl_xml = _w("ilvl", val=ilvl) if ilvl is not None else ""
            ppr.append(f"<w:numPr>{ilvl_xml}{_w('numId', val=num_id)}</w:numPr>")
        if self.mark:
            ppr.append(f"<w:rPr><w:{self.mark}{ctx.change_attrs(AUTHOR, DATE)}/></w:rPr>")
        if self.hidden_mark:
            ppr.append("<w:rPr><w:vanish/></w:rPr>")
        ppr_xml = f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""
        body = "".join(run._xml(ctx, False) for run in self.runs)
        return f"<w:p>{ppr_xml}{body}</w:p>"


@dataclass
class _Table:
    rows: list[list[Cell]]
    row_changes: dict[int, str]
    header_rows: int
    mark_row_content: bool
    controls: Mapping[str, Sequence[str]] = field(default_factory=dict)  # level -> controls, outermost first
    control_columns: frozenset[int] | None = None  # the cells (by position in the row) cell/content controls wrap
    marked_rows: frozenset[int] = frozenset()  # further rows marked w:tblHeader (a header repeated by hand)
    chunks: Mapping[tuple[int, int], str] = field(default_factory=dict)  # (row, cell) -> its altChunk's r:id

    def _wrapped(self, level: str, column: int | None = None) -> Sequence[str]:
        if column is not None and self.control_columns is not None and column not in self.control_columns:
            return ()
        return self.controls.get(level, ())

    def xml(self, ctx: _Ctx) -> str:
        ncols = max((sum(c.span for c in row) for row in self.rows), default=1) or 1
        col = TABLE_WIDTH // ncols
        out = [
            _controls_open(self._wrapped("table")),
            "<w:tbl><w:tblPr>",
            _w("tblStyle", val="TableGrid"),
            _w("tblW", w=0, type="auto"),
            _w("tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=1, lastColumn=0, noHBand=0, noVBand=1),
            "</w:tblPr><w:tblGrid>",
            _w("gridCol", w=col) * ncols,
            "</w:tblGrid>",
        ]
        for index, row in enumerate(self.rows):
            change = self.row_changes.get(index)
            trpr = []
            if index < self.header_rows or index in self.marked_rows:
                trpr.append("<w:tblHeader/>")
            if change:
                trpr.append(f"<w:{change}{ctx.change_attrs(AUTHOR, DATE)}/>")
            out.append(_controls_open(self._wrapped("row")))
            out.append("<w:tr>")
            if trpr:
                out.append(f"<w:trPr>{''.join(trpr)}</w:trPr>")
            for column, cell in enumerate(row):
                tcpr = [_w("tcW", w=col * cell.span, type="dxa")]
                if cell.span > 1:
                    tcpr.append(_w("gridSpan", val=cell.span))
                if cell.vmerge == "restart":
                    tcpr.append(_w("vMerge", val="restart"))
                elif cell.vmerge == "continue":
                    tcpr.append("<w:vMerge/>")
                if cell.change:
                    tcpr.append(f"<w:cell{cell.change.capitalize()}{ctx.change_attrs(AUTHOR, DATE)}/>")
                out.append(_controls_open(self._wrapped("cell", column)))
                out.append(f"<w:tc><w:tcPr>{''.join(tcpr)}</w:tcPr>")
                out.append(_controls_open(self._wrapped("content", column)))
                if (index, column) in self.chunks:
                    out.append(_AltChunk(self.chunks[index, column]).xml(ctx))
                for runs in cell.paragraphs():
                    if change and self.mark_row_content:
                        out.append(_Paragraph(_wrap_for_row(runs, change), mark=change).xml(ctx))
                    else:
                        out.append(_Paragraph(runs).xml(ctx))
                out.append(_controls_close(self._wrapped("content", column)))
                out.append("</w:tc>")
                out.append(_controls_close(self._wrapped("cell", column)))
            out.append("</w:tr>")
            out.append(_controls_close(self._wrapped("row")))
        out.append("</w:tbl>")
        out.append(_controls_close(self._wrapped("table")))
        return "".join(out)


@dataclass
class _SectionBreak:
    """A paragraph that ends a section (``w:pPr/w:sectPr``): a new page, and a table on both sides of it is two."""

    def xml(self, ctx: _Ctx) -> str:
        section = _w("type", val="nextPage") + _w("pgSz", w=11906, h=16838)
        return f"<w:p><w:pPr><w:sectPr>{section}</w:sectPr></w:pPr></w:p>"


@dataclass
class _AltChunk:
    """``<w:altChunk r:id=…/>``: content Word imports from another part (here HTML) when it opens the document."""

    rel_id: str

    def xml(self, ctx: _Ctx) -> str:
        return f'<w:altChunk r:id="{self.rel_id}"/>'


def _as_strict(parts: dict[str, str]) -> dict[str, str]:
    """The package in ISO/IEC 29500 Strict: WordprocessingML and relationship namespaces of Strict, and the
    document marked ``w:conformance="strict"`` (as Word's "Strict Open XML Document" writes it)."""
    out = {}
    for name, text in parts.items():
        text = text.replace(TRANSITIONAL_REL_TYPES, STRICT_R_NS + "/")
        text = text.replace(f'"{W_NS}"', f'"{STRICT_W_NS}"').replace(f'"{R_NS}"', f'"{STRICT_R_NS}"')
        out[name] = text.replace("<w:document ", '<w:document w:conformance="strict" ', 1)
    return out


# --------------------------------------------------------------------------------------------------- builder

HeadingNumbers = Literal["typed", "list", "style"]


@dataclass
class DocxBuilder:
    """Builds one .docx in memory; see the module docstring for the three heading-number modes.

    ``level_starts`` ({level: start}) and ``level_restarts`` ({level: restart_after_level}) configure the
    abstractNum levels (levels are 1-based heading levels, 1..max_level); the methods level_start() and
    lvl_restart() do the same after construction.
    """

    heading_numbers: HeadingNumbers = "typed"
    style_based_on: Literal["chain", "flat"] = "chain"
    typed_separator: str = " "
    level_starts: dict[int, int] = field(default_factory=dict)
    level_restarts: dict[int, int] = field(default_factory=dict)
    title: str = "DUIS test document"
    conformance: Literal["transitional", "strict"] = "transitional"  # "strict": ISO/IEC 29500 Strict namespaces
    max_level: int = MAX_LEVEL  # heading styles Heading1..max_level and as many list levels (Word has up to 9)
    _blocks: list[_Paragraph | _Table | _SectionBreak | _AltChunk] = field(default_factory=list, init=False, repr=False)
    _extra_styles: list[str] = field(default_factory=list, init=False, repr=False)  # w:style elements, as XML
    _alt_chunks: list[str] = field(default_factory=list, init=False, repr=False)  # each chunk's HTML
    # (ilvl, startOverride) of the w:num elements after numId 1: the first is numId 2, and so on
    _overrides: list[tuple[int, int]] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        if not (isinstance(self.max_level, int) and 1 <= self.max_level <= WORD_LEVELS):
            raise ValueError(f"max_level must be 1..{WORD_LEVELS}, not {self.max_level!r}")
        if self.heading_numbers not in ("typed", "list", "style"):
            raise ValueError(f"heading_numbers must be 'typed', 'list' or 'style', not {self.heading_numbers!r}")
        if self.style_based_on not in ("chain", "flat"):
            raise ValueError(f"style_based_on must be 'chain' or 'flat', not {self.style_based_on!r}")
        self.level_starts = dict(self.level_starts)
        self.level_restarts = dict(self.level_restarts)
        for level, start in self.level_starts.items():
            self.level_start(level, start)
        for level, after in self.level_restarts.items():
            self.lvl_restart(level, after)

    # ---- numbering configuration

    @property
    def uses_numbering(self) -> bool:
        return self.heading_numbers != "typed"

    def _need_numbering(self, what: str) -> None:
        if not self.uses_numbering:
            raise ValueError(f"{what} needs heading_numbers='list' or 'style' (typed numbers have no list)")

    def _check_level(self, level: int) -> None:
        if not (isinstance(level, int) and 1 <= level <= self.max_level):
            raise ValueError(f"heading level must be 1..{self.max_level}, not {level!r}")

    def level_start(self, level: int, start: int) -> DocxBuilder:
        """``<w:start w:val=start/>`` on the abstractNum level of heading ``level`` (default 1)."""
        self._need_numbering("level_start")
        self._check_level(level)
        self.level_starts[level] = int(start)
        return self

    def lvl_restart(self, level: int, restart_after_level: int) -> DocxBuilder:
        """``<w:lvlRestart w:val=restart_after_level/>`` on heading ``level``'s abstractNum level.

        The value is a 1-based level: the level restarts when that (higher) level is used; 0 = never restart.
        """
        self._need_numbering("lvl_restart")
        self._check_level(level)
        if not (0 <= restart_after_level < level):
            raise ValueError(f"restart_after_level must be 0..{level - 1} for level {level}")
        self.level_restarts[level] = int(restart_after_level)
        return self

    def restart_numbering_at(self, level: int, start: int = 1) -> DocxBuilder:
        """A new ``w:num`` (same abstractNum) with ``<w:lvlOverride w:ilvl=level-1><w:startOverride w:val=start/>``.

        Every later heading refers to the new numId with a direct ``w:numPr`` (ilvl + numId), in "style" mode too.
        """
        self._need_numbering("restart_numbering_at")
        self._check_level(level)
        self._overrides.append((level - 1, int(start)))
        return self

    @property
    def _current_num_id(self) -> int:
        return 1 + len(self._overrides)

    # ---- content

    def heading(
        self,
        level: int,
        title: str | Run | Sequence[RunLike],
        number: str | None = None,
        *,
        numbered: bool = True,
        hidden: bool = False,
    ) -> DocxBuilder:
        """A Heading{level} paragraph. ``number`` is required (and only allowed) in "typed" mode.

        ``numbered=False`` makes an unnumbered heading: no number in "typed"/"list" mode, and in "style" mode a
        direct ``<w:numPr><w:numId w:val="0"/></w:numPr>`` that switches the style's numbering off.
        ``hidden=True`` makes the whole heading hidden text, its paragraph mark included.
        """
        self._check_level(level)
        runs = _runs(title)  # type: ignore[arg-type]
        style = f"Heading{level}"
        mode = self.heading_numbers
        if number is not None and mode != "typed":
            raise ValueError(f"number= is only for heading_numbers='typed' ({mode!r} numbers come from the list)")
        if mode == "typed":
            if numbered:
                if not number:
                    raise ValueError("heading_numbers='typed' needs number= (or numbered=False)")
                if isinstance(title, str):
                    runs = _runs(f"{number}{self.typed_separator}{title}")
                else:
                    runs = _runs(f"{number}{self.typed_separator}") + runs
            self._blocks.append(_Paragraph(runs, style=style))
        elif mode == "list":
            num = (level - 1, self._current_num_id) if numbered else None
            self._blocks.append(_Paragraph(runs, style=style, num=num))
        else:  # style
            if not numbered:
                num = (None, 0)
            elif self._overrides:
                num = (level - 1, self._current_num_id)
            else:
                num = None
            self._blocks.append(_Paragraph(runs, style=style, num=num))
        if hidden:
            self._hide_last_paragraph()
        return self

    def paragraph(self, *runs: RunLike, style: str | None = None, hidden: bool = False) -> DocxBuilder:
        """A body paragraph (``style`` is an optional w:pStyle id; Normal when omitted). ``hidden=True``: all of it
        hidden text, its paragraph mark included."""
        self._blocks.append(_Paragraph(_runs(runs), style=style))
        if hidden:
            self._hide_last_paragraph()
        return self

    def _hide_last_paragraph(self) -> None:
        block = self._blocks[-1]
        assert isinstance(block, _Paragraph)
        block.runs = (Hidden(*block.runs),)
        block.hidden_mark = True

    def page_break(self) -> DocxBuilder:
        """A paragraph holding only a page break (what splits a table over two pages, as authors do)."""
        self._blocks.append(_Paragraph((PageBreak(),)))
        return self

    def section_break(self) -> DocxBuilder:
        """A paragraph ending a section (next-page section break)."""
        self._blocks.append(_SectionBreak())
        return self

    def alt_chunk(self, html: str) -> DocxBuilder:
        """An embedded HTML chunk (``w:altChunk``): Word shows it as if typed there; its text is not in document.xml."""
        self._alt_chunks.append(html)
        self._blocks.append(_AltChunk(f"rIdChunk{len(self._alt_chunks)}"))
        return self

    def hidden_style(self, style_id: str, kind: Literal["paragraph", "character"] = "paragraph") -> DocxBuilder:
        """A style whose text is hidden (``w:rPr/w:vanish``): a paragraph style for ``paragraph(style=…)``, or a
        character style for ``CharStyle(style_id, …)``."""
        if kind not in ("paragraph", "character"):
            raise ValueError(f"kind must be 'paragraph' or 'character', not {kind!r}")
        self._extra_styles.append(
            f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{_attr(style_id)}">'
            f"{_w('name', val=style_id)}<w:rPr><w:vanish/></w:rPr></w:style>"
        )
        return self

    def table(
        self,
        rows: Sequence[Sequence[object]],
        *,
        row_changes: Mapping[int, Literal["ins", "del"]] | None = None,
        header_rows: int = 0,
        mark_row_content: bool = True,
        controls: Mapping[ControlLevel, Sequence[Control]] | None = None,
        control_columns: Sequence[int] | None = None,
        marked_header_rows: Sequence[int] = (),
    ) -> DocxBuilder:
        """A bordered table. A cell is str, a Run, a sequence of runs, or a Cell.

        ``row_changes`` {row_index: "ins"|"del"} writes ``<w:trPr><w:ins …/></w:trPr>`` (or w:del). As Word does,
        the content of such a row is also wrapped in w:ins / w:del (so deleted rows carry w:delText) and each cell
        paragraph mark gets ``w:pPr/w:rPr/w:ins|w:del``; ``mark_row_content=False`` writes only the trPr marker.
        ``header_rows`` marks the first rows as repeating header rows (``w:trPr/w:tblHeader``).
        ``controls`` {level: ("sdt"|"customXml", …)} wraps the whole table, each row, each cell or each cell's
        paragraphs in content controls (``w:sdt/w:sdtContent``) or custom XML, nested with the first outermost;
        ``control_columns`` limits the "cell" and "content" wrappers to those cells (0-based, by place in the row).
        ``marked_header_rows`` marks further rows (by index) ``w:tblHeader``, as a header row repeated by hand is.
        """
        cells = [[_as_cell(c) for c in row] for row in rows]
        if not cells or any(not row for row in cells):
            raise ValueError("a table needs at least one row and every row at least one cell")
        changes = dict(row_changes or {})
        for index, change in changes.items():
            if change not in ("ins", "del"):
                raise ValueError(f"row change must be 'ins' or 'del', not {change!r}")
            if not 0 <= index < len(cells):
                raise ValueError(f"row_changes index {index} is outside the table (0..{len(cells) - 1})")
        levels = dict(controls or {})
        for level, kinds in levels.items():
            if level not in ("table", "row", "cell", "content"):
                raise ValueError(f"a control level is table, row, cell or content, not {level!r}")
            for kind in kinds:
                _control_open(kind)  # refuses anything but sdt and customXml
        columns = frozenset(control_columns) if control_columns is not None else None
        marked = frozenset(marked_header_rows)
        chunks = {}
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                if cell.alt_chunk is not None:
                    self._alt_chunks.append(cell.alt_chunk)
                    chunks[r, c] = f"rIdChunk{len(self._alt_chunks)}"
        self._blocks.append(_Table(cells, changes, header_rows, mark_row_content, levels, columns, marked, chunks))
        return self

    # ---- parts

    def raw_document_xml(self) -> str:
        """word/document.xml as text (for debugging)."""
        ctx = _Ctx()
        body = "".join(block.xml(ctx) for block in self._blocks)
        if self._blocks and isinstance(self._blocks[-1], _Table):
            body += "<w:p/>"  # Word always ends the body with a paragraph, never with a table
        sect = (
            "<w:sectPr>"
            + _w("pgSz", w=11906, h=16838)
            + _w("pgMar", top=1440, right=1440, bottom=1440, left=1440, header=708, footer=708, gutter=0)
            + "</w:sectPr>"
        )
        return f'{_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{sect}</w:body></w:document>'

    def _styles_xml(self) -> str:
        style_mode = self.heading_numbers == "style"
        out = [
            f'{_DECL}<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">',
            "<w:docDefaults><w:rPrDefault><w:rPr>",
            _w("rFonts", ascii="Arial", hAnsi="Arial", cs="Arial", eastAsia="Arial"),
            _w("sz", val=20),
            _w("szCs", val=20),
            _w("lang", val="en-GB", eastAsia="en-US", bidi="ar-SA"),
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>",
            _w("spacing", after=120),
            "</w:pPr></w:pPrDefault></w:docDefaults>",
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
        ]
        for level in range(1, self.max_level + 1):
            if level == 1:
                based_on = "Normal"
            elif style_mode and self.style_based_on == "chain":
                based_on = f"Heading{level - 1}"
            elif style_mode:
                based_on = "Heading1"
            else:
                based_on = "Normal"
            num_pr = ""
            if style_mode:
                # only the base style names the list; level 0 is the default ilvl, so Heading1 (like Word) omits it
                num_pr = "<w:numPr>" + (_w("numId", val=1) if level == 1 else _w("ilvl", val=level - 1)) + "</w:numPr>"
            out.append(
                f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
                f"{_w('name', val=f'heading {level}')}{_w('basedOn', val=based_on)}{_w('next', val='Normal')}"
                f"{_w('uiPriority', val=9)}<w:qFormat/>"
                f"<w:pPr><w:keepNext/><w:keepLines/>{num_pr}{_w('spacing', before=240, after=120)}"
                f"{_w('outlineLvl', val=level - 1)}</w:pPr>"
                f"<w:rPr><w:b/>{_w('sz', val=max(20, 32 - 4 * (level - 1)))}</w:rPr></w:style>"
            )
        border = "".join(
            _w(side, val="single", sz=4, space=0, color="auto")
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        out += [
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
            "</w:style>",
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
            '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
            '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f"<w:tblPr><w:tblBorders>{border}</w:tblBorders></w:tblPr></w:style>",
            *self._extra_styles,
            "</w:styles>",
        ]
        return "".join(out)

    def _numbering_xml(self) -> str:
        style_mode = self.heading_numbers == "style"
        out = [
            f'{_DECL}<w:numbering xmlns:w="{W_NS}" xmlns:r="{R_NS}">',
            '<w:abstractNum w:abstractNumId="0">',
            _w("nsid", val="1D5A0C01"),
            _w("multiLevelType", val="multilevel"),
        ]
        for ilvl in range(self.max_level):
            level = ilvl + 1
            restart = self.level_restarts.get(level)
            out += [
                f'<w:lvl w:ilvl="{ilvl}">',
                _w("start", val=self.level_starts.get(level, 1)),
                _w("numFmt", val="decimal"),
                _w("lvlRestart", val=restart) if restart is not None else "",
                _w("pStyle", val=f"Heading{level}") if style_mode else "",
                _w("lvlText", val=".".join(f"%{i}" for i in range(1, level + 1))),
                _w("lvlJc", val="left"),
                f"<w:pPr>{_w('ind', left=432 + 144 * ilvl, hanging=432 + 144 * ilvl)}</w:pPr>",
                "</w:lvl>",
            ]
        out.append("</w:abstractNum>")
        out.append('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
        for offset, (ilvl, start) in enumerate(self._overrides):
            out.append(
                f'<w:num w:numId="{2 + offset}"><w:abstractNumId w:val="0"/>'
                f'<w:lvlOverride w:ilvl="{ilvl}">{_w("startOverride", val=start)}</w:lvlOverride></w:num>'
            )
        out.append("</w:numbering>")
        return "".join(out)

    def _core_xml(self) -> str:
        return (
            f"{_DECL}<cp:coreProperties"
            ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_esc(self.title)}</dc:title><dc:creator>{_esc(AUTHOR)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{DATE}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{DATE}</dcterms:modified>'
            "</cp:coreProperties>"
        )

    def parts(self) -> dict[str, str]:
        """Every package part, name -> XML text, in the order they are written to the zip."""
        numbering = self.uses_numbering
        overrides = [
            ("/word/document.xml", CT_MAIN),
            ("/word/styles.xml", CT_STYLES),
            ("/word/settings.xml", CT_SETTINGS),
            ("/word/fontTable.xml", CT_FONT_TABLE),
            *([("/word/numbering.xml", CT_NUMBERING)] if numbering else []),
            ("/docProps/core.xml", CT_CORE),
            *[(f"/word/afchunk{n}.htm", CT_HTML) for n in range(1, len(self._alt_chunks) + 1)],
        ]
        content_types = (
            f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{CT_RELS}"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides)
            + "</Types>"
        )
        package_rels = (
            f'{_DECL}<Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_OFFICE_DOCUMENT}" Target="word/document.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_CORE}" Target="docProps/core.xml"/>'
            "</Relationships>"
        )
        document_rels = (
            f'{_DECL}<Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_STYLES}" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_SETTINGS}" Target="settings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL_FONT_TABLE}" Target="fontTable.xml"/>'
            + (f'<Relationship Id="rId4" Type="{REL_NUMBERING}" Target="numbering.xml"/>' if numbering else "")
            + "".join(
                f'<Relationship Id="rIdChunk{n}" Type="{REL_ALT_CHUNK}" Target="afchunk{n}.htm"/>'
                for n in range(1, len(self._alt_chunks) + 1)
            )
            + "</Relationships>"
        )
        parts = {
            "[Content_Types].xml": content_types,
            "_rels/.rels": package_rels,
            "docProps/core.xml": self._core_xml(),
            "word/document.xml": self.raw_document_xml(),
            "word/_rels/document.xml.rels": document_rels,
            "word/styles.xml": self._styles_xml(),
            "word/settings.xml": (
                f'{_DECL}<w:settings xmlns:w="{W_NS}">{_w("defaultTabStop", val=720)}'
                f"{_w('characterSpacingControl', val='doNotCompress')}<w:compat>"
                f"{_w('compatSetting', name='compatibilityMode', uri='http://schemas.microsoft.com/office/word', val=15)}"
                "</w:compat></w:settings>"
            ),
            "word/fontTable.xml": (
                f'{_DECL}<w:fonts xmlns:w="{W_NS}"><w:font w:name="Arial">{_w("panose1", val="020B0604020202020204")}'
                f"{_w('charset', val='00')}{_w('family', val='swiss')}{_w('pitch', val='variable')}</w:font></w:fonts>"
            ),
        }
        if numbering:
            parts["word/numbering.xml"] = self._numbering_xml()
        for n, html in enumerate(self._alt_chunks, start=1):
            parts[f"word/afchunk{n}.htm"] = html
        return _as_strict(parts) if self.conformance == "strict" else parts

    def to_bytes(self) -> bytes:
        """The .docx file: deflated members in a fixed order, all stamped 1980-01-01 00:00:00."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, text in self.parts().items():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                archive.writestr(info, text.encode("utf-8"), compresslevel=6)
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_bytes(self.to_bytes())
        return path


# --------------------------------------------------------------------------------------------------- list numbering
# Word list definitions of any shape (lvlText with literal prefixes, numFmt, start), for numbered body paragraphs
# and headings as the Smart Energy Code numbers its clauses: "H%1.%2", "(%3)" in lowerLetter.


@dataclass(frozen=True)
class ListLevel:
    """One ``w:lvl``: its ``w:lvlText`` ("H%1.%2"), ``w:numFmt`` (decimal, lowerLetter, lowerRoman ...) and
    ``w:start``."""

    text: str
    fmt: str = "decimal"
    start: int = 1


LIST_BASE_ID = 100  # list n is abstractNum and num LIST_BASE_ID + n, clear of the heading list's ids


def list_id(n: int) -> int:
    """The numId of the n-th list (0-based) given to ``with_lists``."""
    return LIST_BASE_ID + n


def numbered_paragraph(
    doc: DocxBuilder, num_id: int, ilvl: int, *runs: RunLike, style: str | None = None
) -> DocxBuilder:
    """A paragraph numbered by list ``num_id`` at ``ilvl`` (a direct ``w:numPr``); ``style="Heading1"`` makes it a
    heading numbered by that list."""
    doc._blocks.append(_Paragraph(_runs(runs), style=style, num=(ilvl, num_id)))
    return doc


def with_lists(parts: dict[str, str], lists: Sequence[Sequence[ListLevel]]) -> dict[str, str]:
    """The package parts with these list definitions added to word/numbering.xml (made, with its relationship
    and content type, when the document has none): list n gets numId ``list_id(n)``."""
    parts = dict(parts)
    abstracts, nums = [], []
    for n, levels in enumerate(lists):
        ident = list_id(n)
        lvls = "".join(
            f'<w:lvl w:ilvl="{ilvl}">{_w("start", val=level.start)}{_w("numFmt", val=level.fmt)}'
            f"{_w('lvlText', val=level.text)}{_w('lvlJc', val='left')}</w:lvl>"
            for ilvl, level in enumerate(levels)
        )
        abstracts.append(f'<w:abstractNum w:abstractNumId="{ident}">{_w("multiLevelType", val="multilevel")}{lvls}'
                         "</w:abstractNum>")  # fmt: skip
        nums.append(f'<w:num w:numId="{ident}"><w:abstractNumId w:val="{ident}"/></w:num>')
    numbering = parts.get("word/numbering.xml")
    if numbering is None:
        parts["word/numbering.xml"] = (f'{_DECL}<w:numbering xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(abstracts)}'
                                       f'{"".join(nums)}</w:numbering>')  # fmt: skip
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            "</Types>", f'<Override PartName="/word/numbering.xml" ContentType="{CT_NUMBERING}"/></Types>'
        )
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            "</Relationships>",
            f'<Relationship Id="rIdLists" Type="{REL_NUMBERING}" Target="numbering.xml"/></Relationships>',
        )
    else:  # every w:abstractNum comes before the first w:num
        at = numbering.index("<w:num ")
        numbering = numbering[:at] + "".join(abstracts) + numbering[at:]
        parts["word/numbering.xml"] = numbering.replace("</w:numbering>", "".join(nums) + "</w:numbering>")
    return parts


def save_parts(parts: Mapping[str, str], path: str | Path) -> Path:
    """A package of these parts, written as ``DocxBuilder.to_bytes`` writes one."""
    path = Path(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"), compresslevel=6)
    path.write_bytes(buffer.getvalue())
    return path

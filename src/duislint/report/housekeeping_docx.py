"""The housekeeping log as a Word document: the rows of `housekeeping.log_of` in one table, "Summary of error |
Sections affected | Proposed change", to paste into a SECAS modification report.

A minimal WordprocessingML package, written with zipfile and lxml: the document, its styles (a bordered table style,
the header row bold, shaded and repeated at the top of each page), landscape A4, and core properties without a
date. The same report gives the same bytes: members in a fixed order with a fixed time stamp.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from lxml import etree

from duislint.report.housekeeping import COLUMNS, TITLE, Log, log_of

if TYPE_CHECKING:
    from duislint.errors import Failure
    from duislint.findings import Report
    from duislint.report.formats import Options

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML = "http://www.w3.org/XML/1998/namespace"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# A4 landscape in twentieths of a point, 2 cm margins; the columns share the width between the margins
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 16838, 11906, 1134
COLUMN_WIDTHS = (6270, 3300, 5000)  # summary, sections affected, proposed change: 14,570 in all
HEADER_FILL = "D9D9D9"
TABLE_STYLE = "HousekeepingLog"
_TIME_STAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build date in the bytes
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # no XML 1.0 (nor UTF-8) for them


def render_check(report: Report, options: Options) -> bytes:
    del options
    return _package(_document(log_of(report)))


def render_failure(failure: Failure, verb: str, options: Options) -> bytes:
    del verb, options
    where = f"{failure.where}: " if failure.where else ""
    body = [_paragraph(TITLE, "Title"), _paragraph(f"duislint {failure.headline}: {where}{failure.message}", bold=True),
            _paragraph("Nothing was checked, so there is no log to write.")]  # fmt: skip
    return _package(_wrap(body))


# --- the document ----------------------------------------------------------------------------------------------


def _document(log: Log) -> etree._Element:
    body = [_paragraph(TITLE, "Title")]
    body += [_paragraph(text, label=label) for label, text in log.notes if label == "Incomplete"]
    body.append(_paragraph(log.checked))
    body += [_paragraph(line, "InputList") for line in log.inputs]
    body.append(_paragraph(log.counts))
    body += [_paragraph(text, label=label) for label, text in log.notes if label != "Incomplete"]
    if log.rows:
        body += [_table(log), _paragraph("")]
    return _wrap(body)


def _wrap(body: list[etree._Element]) -> etree._Element:
    document = etree.Element(_w("document"), nsmap={"w": W})
    container = etree.SubElement(document, _w("body"))
    container.extend(body)
    section = etree.SubElement(container, _w("sectPr"))
    _sub(section, "pgSz", w=str(PAGE_WIDTH), h=str(PAGE_HEIGHT), orient="landscape")
    _sub(section, "pgMar", top=str(MARGIN), right=str(MARGIN), bottom=str(MARGIN), left=str(MARGIN), header="567",
         footer="567", gutter="0")  # fmt: skip
    return document


def _table(log: Log) -> etree._Element:
    table = etree.Element(_w("tbl"))
    properties = _sub(table, "tblPr")
    _sub(properties, "tblStyle", val=TABLE_STYLE)
    _sub(properties, "tblW", w=str(sum(COLUMN_WIDTHS)), type="dxa")
    _sub(properties, "tblLayout", type="fixed")
    _sub(properties, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0", lastColumn="0", noHBand="1",
         noVBand="1")  # fmt: skip
    grid = _sub(table, "tblGrid")
    for width in COLUMN_WIDTHS:
        _sub(grid, "gridCol", w=str(width))
    table.append(_row(COLUMNS, header=True))
    for row in log.rows:
        table.append(_row(row.cells))
    return table


def _row(cells: tuple[str, ...], header: bool = False) -> etree._Element:
    row = etree.Element(_w("tr"))
    if header:  # repeated at the top of each page; said on the row as well as in the style, for every reader
        _sub(_sub(row, "trPr"), "tblHeader")
    for text, width in zip(cells, COLUMN_WIDTHS, strict=True):
        cell = _sub(row, "tc")
        cell_properties = _sub(cell, "tcPr")
        _sub(cell_properties, "tcW", w=str(width), type="dxa")
        if header:
            _sub(cell_properties, "shd", val="clear", color="auto", fill=HEADER_FILL)
        cell.append(_paragraph(text, "TableHeading" if header else "TableText"))
    return row


def _paragraph(text: str, style: str | None = None, label: str | None = None, bold: bool = False) -> etree._Element:
    """A paragraph of `text` (its line breaks kept), after a bold "label:" when given."""
    paragraph = etree.Element(_w("p"))
    if style is not None:
        _sub(_sub(paragraph, "pPr"), "pStyle", val=style)
    if label is not None:
        _run(paragraph, f"{label}: ", bold=True)
    if text:
        _run(paragraph, text, bold=bold)
    return paragraph


def _run(paragraph: etree._Element, text: str, bold: bool = False) -> None:
    run = _sub(paragraph, "r")
    if bold:
        _sub(_sub(run, "rPr"), "b")
    for number, line in enumerate(_NOT_XML.sub("", text).split("\n")):
        if number:
            _sub(run, "br")
        t = _sub(run, "t")
        t.text = line.replace("\r", "").replace("\t", " ")
        t.set(f"{{{_XML}}}space", "preserve")


# --- styles ----------------------------------------------------------------------------------------------------


def _styles() -> etree._Element:
    styles = etree.Element(_w("styles"), nsmap={"w": W})
    defaults = _sub(styles, "docDefaults")
    run = _sub(_sub(defaults, "rPrDefault"), "rPr")
    _sub(run, "rFonts", ascii="Arial", hAnsi="Arial", eastAsia="Arial", cs="Arial")
    _sub(run, "sz", val="20")
    _sub(run, "szCs", val="20")
    _sub(run, "lang", val="en-GB")
    _sub(_sub(_sub(defaults, "pPrDefault"), "pPr"), "spacing", after="120", line="240", lineRule="auto")

    normal = _style(styles, "paragraph", "Normal", "Normal", default=True)
    _sub(normal, "qFormat")
    title = _style(styles, "paragraph", "Title", "Title", based_on="Normal")
    _sub(title, "next", val="Normal")
    _sub(title, "qFormat")
    _sub(_sub(title, "pPr"), "spacing", after="240")
    _bold(title, size=32)
    inputs = _style(styles, "paragraph", "InputList", "Input List", based_on="Normal")
    spacing = _sub(inputs, "pPr")
    _sub(spacing, "spacing", after="0")
    _sub(spacing, "ind", left="360")
    cell = _style(styles, "paragraph", "TableText", "Table Text", based_on="Normal")
    _sub(_sub(cell, "pPr"), "spacing", after="0")
    heading = _style(styles, "paragraph", "TableHeading", "Table Heading", based_on="TableText")
    _sub(_sub(heading, "pPr"), "keepNext")
    _bold(heading)

    plain = _style(styles, "table", "TableNormal", "Normal Table", default=True)
    _sub(plain, "uiPriority", val="99")
    _sub(plain, "semiHidden")
    _margins(_sub(plain, "tblPr"), top="0", bottom="0")
    log = _style(styles, "table", TABLE_STYLE, "Housekeeping Log", based_on="TableNormal")
    table = _sub(log, "tblPr")
    borders = _sub(table, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, side, val="single", sz="4", space="0", color="auto")
    _margins(table, top="57", bottom="57")
    first = _sub(log, "tblStylePr", type="firstRow")
    _sub(_sub(first, "rPr"), "b")
    _sub(_sub(first, "trPr"), "tblHeader")
    _sub(_sub(first, "tcPr"), "shd", val="clear", color="auto", fill=HEADER_FILL)
    return styles


def _style(styles: etree._Element, kind: str, style_id: str, name: str, based_on: str | None = None,
           default: bool = False) -> etree._Element:  # fmt: skip
    style = _sub(styles, "style", type=kind, styleId=style_id)
    if default:
        style.set(_w("default"), "1")
    _sub(style, "name", val=name)
    if based_on is not None:
        _sub(style, "basedOn", val=based_on)
    return style


def _bold(style: etree._Element, size: int | None = None) -> None:
    run = _sub(style, "rPr")
    _sub(run, "b")
    if size is not None:
        _sub(run, "sz", val=str(size))
        _sub(run, "szCs", val=str(size))


def _margins(table: etree._Element, top: str, bottom: str) -> None:
    margins = _sub(table, "tblCellMar")
    for side, width in (("top", top), ("left", "108"), ("bottom", bottom), ("right", "108")):
        _sub(margins, side, w=width, type="dxa")


# --- the package -----------------------------------------------------------------------------------------------


def _package(document: etree._Element) -> bytes:
    parts = [
        ("[Content_Types].xml", _content_types()),
        ("_rels/.rels", _relationships([("rId1", f"{_OFFICE_RELS}/officeDocument", "word/document.xml"),
                                        ("rId2", f"{_PACKAGE_RELS}/metadata/core-properties", "docProps/core.xml")])),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", _relationships([("rId1", f"{_OFFICE_RELS}/styles", "styles.xml")])),
        ("word/styles.xml", _styles()),
        ("docProps/core.xml", _core()),
    ]  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, root in parts:
            info = zipfile.ZipInfo(name, _TIME_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes whichever system writes them
            info.external_attr = 0
            archive.writestr(info, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return buffer.getvalue()


def _content_types() -> etree._Element:
    types = etree.Element(f"{{{_CONTENT_TYPES}}}Types", nsmap={None: _CONTENT_TYPES})
    for extension, content in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                               ("xml", "application/xml")):  # fmt: skip
        etree.SubElement(types, f"{{{_CONTENT_TYPES}}}Default", Extension=extension, ContentType=content)
    for part, content in (("/word/document.xml", f"{_WML}.document.main+xml"), ("/word/styles.xml", f"{_WML}.styles+xml"),
                          ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")):  # fmt: skip
        etree.SubElement(types, f"{{{_CONTENT_TYPES}}}Override", PartName=part, ContentType=content)
    return types


def _relationships(targets: list[tuple[str, str, str]]) -> etree._Element:
    relationships = etree.Element(f"{{{_PACKAGE_RELS}}}Relationships", nsmap={None: _PACKAGE_RELS})
    for identifier, kind, target in targets:
        etree.SubElement(relationships, f"{{{_PACKAGE_RELS}}}Relationship", Id=identifier, Type=kind, Target=target)
    return relationships


def _core() -> etree._Element:
    core_ns = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    core = etree.Element(f"{{{core_ns}}}coreProperties", nsmap={"cp": core_ns, "dc": dc})
    etree.SubElement(core, f"{{{dc}}}title").text = TITLE
    etree.SubElement(core, f"{{{dc}}}creator").text = "duislint"
    return core


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, _w(tag), {_w(key): value for key, value in attributes.items()})

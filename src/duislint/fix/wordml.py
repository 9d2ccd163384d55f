"""WordprocessingML tracked changes, written as Word writes them.

A deletion moves runs into `w:del` (their `w:t` become `w:delText`, `w:instrText` `w:delInstrText`); an insertion is
a `w:ins` holding new runs; a deleted or inserted table row is marked in its `w:trPr`, and so are its paragraph
marks in their `w:pPr/w:rPr`. Every mark carries `w:id`, `w:author` and `w:date`, in that order; ids come from one
counter above every id the document already has, so none repeats one.

Elements are placed where the schema's sequences put them (a paragraph mark's `w:del` first in its `w:rPr`, a
row's `w:del` after its other properties), so that Word opens the document without repairing it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from duislint.spec.docx import (
    T_br,
    T_cellDel,
    T_cellIns,
    T_customXml,
    T_del,
    T_delInstrText,
    T_delText,
    T_fldSimple,
    T_ins,
    T_instrText,
    T_moveFrom,
    T_moveTo,
    T_p,
    T_pPr,
    T_r,
    T_rPr,
    T_sdt,
    T_sdtContent,
    T_specVanish,
    T_t,
    T_tab,
    T_tc,
    T_tcPr,
    T_tr,
    T_trPr,
    T_vanish,
    w,
)

T_id, T_author, T_date = w("id"), w("author"), w("date")
T_cellMerge = w("cellMerge")
T_hyperlink, T_smartTag, T_bdo, T_dir = w("hyperlink"), w("smartTag"), w("bdo"), w("dir")
T_tblPrEx = w("tblPrEx")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
# ids Word gives paragraphs and rows (w14:paraId, w14:textId): a copy must not repeat them
OWN_IDS = (f"{{{W14}}}paraId", f"{{{W14}}}textId")

# containers of runs inside a paragraph, through which runs are reached (a content control through w:sdtContent)
RUN_CONTAINERS = frozenset((T_hyperlink, T_smartTag, T_customXml, T_fldSimple, T_bdo, T_dir))
_REVISION_WRAPPERS = frozenset((T_ins, T_del, T_moveFrom, T_moveTo))
# every element that records a tracked change: content (ins, del, moves), cells, and formatting changes
REVISION_MARKS = _REVISION_WRAPPERS | frozenset(
    [T_cellIns, T_cellDel, T_cellMerge]
    + [w(f"{kind}Change") for kind in ("rPr", "pPr", "tcPr", "trPr", "tblPr", "tblPrEx", "tblGrid", "sectPr", "numbering")]
    + [w(f"{kind}Range{edge}") for kind in ("moveFrom", "moveTo") for edge in ("Start", "End")]
)
_KINDS = {
    "ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move", "cellIns": "cell insertion",
    "cellDel": "cell deletion", "cellMerge": "cell merge",
}  # fmt: skip
# the paragraph-mark properties (w:pPr) that come after w:rPr in the schema's sequence
_AFTER_MARK = frozenset((w("sectPr"), w("pPrChange")))


class Stamp:
    """The author, date and next id of the tracked changes one run writes."""

    def __init__(self, author: str, date: str, first_id: int) -> None:
        self.author = author
        self.date = date
        self.next_id = first_id
        self.written: list[int] = []

    def mark(self, tag: str) -> etree._Element:
        """A new w:ins/w:del (or row/paragraph mark) with the next id, the author and the date."""
        element = etree.Element(tag)
        element.set(T_id, str(self.next_id))
        element.set(T_author, self.author)
        element.set(T_date, self.date)
        self.written.append(self.next_id)
        self.next_id += 1
        return element


# --- what is already tracked ----------------------------------------------------------------------


def tracked_change_in(element: etree._Element) -> etree._Element | None:
    """The first tracked change in the element or below it."""
    for el in element.iter():
        if el.tag in REVISION_MARKS:
            return el
    return None


def tracked_change_around(element: etree._Element) -> etree._Element | None:
    """The tracked change the element is inside: a w:ins/w:del/move around it, or an inserted or deleted row or
    cell it belongs to (the element itself included when it is a row or cell)."""
    for el in (element, *element.iterancestors()):
        if el.tag in _REVISION_WRAPPERS and el is not element:
            return el
        properties = el.find(T_trPr) if el.tag == T_tr else el.find(T_tcPr) if el.tag == T_tc else None
        if properties is not None:
            for mark in properties:
                if mark.tag in (T_ins, T_del, T_cellIns, T_cellDel, T_cellMerge):
                    return mark
    return None


def describe(mark: etree._Element) -> str:
    """What a tracked change is, and whose: 'a tracked deletion by Jo Bloggs'."""
    local = etree.QName(mark).localname
    kind = _KINDS.get(local, "formatting change" if local.endswith("Change") else "move")
    author = mark.get(T_author)
    return f"a tracked {kind} by {author}" if author else f"a tracked {kind}"


# --- runs -----------------------------------------------------------------------------------------


def foreign_container(paragraph: etree._Element) -> str | None:
    """The name of an element other than the known containers that holds runs of the paragraph (text duislint would
    have to edit inside something it does not know), if any."""

    def search(container: etree._Element) -> str | None:
        for child in container:
            if not isinstance(child.tag, str) or child.tag in (T_r, T_pPr) or child.tag in _REVISION_WRAPPERS:
                continue
            if child.tag in RUN_CONTAINERS or child.tag in (T_sdt, T_sdtContent):
                found = search(child)
                if found:
                    return found
            elif next(child.iter(T_r), None) is not None:
                return etree.QName(child).localname
        return None

    return search(paragraph)


def delete_runs(container: etree._Element, stamp: Stamp) -> list[etree._Element]:
    """Every run of the container deleted: each stretch of adjacent runs moved into a new w:del. The new w:del
    elements, in document order."""
    made: list[etree._Element] = []
    stretch: list[etree._Element] = []

    def close() -> None:
        if stretch:
            made.append(delete_stretch(stretch, stamp))
            stretch.clear()

    for child in list(container):
        if child.tag == T_r:
            stretch.append(child)
            continue
        close()
        if child.tag in RUN_CONTAINERS:
            made.extend(delete_runs(child, stamp))
        elif child.tag == T_sdt:
            content = child.find(T_sdtContent)
            if content is not None:
                made.extend(delete_runs(content, stamp))
    close()
    return made


def delete_stretch(runs: list[etree._Element], stamp: Stamp) -> etree._Element:
    """Adjacent sibling runs moved into one new w:del, their text made deleted text."""
    deletion = stamp.mark(T_del)
    runs[0].addprevious(deletion)
    for run in runs:
        deletion.append(run)
        for child in run:
            if child.tag == T_t:
                child.tag = T_delText
            elif child.tag == T_instrText:
                child.tag = T_delInstrText
    return deletion


def inserted_run(text: str, properties: etree._Element | None, stamp: Stamp) -> etree._Element:
    """A w:ins holding one run of `text` (a tab a w:tab, a line break a w:br), with a copy of these run properties."""
    insertion = stamp.mark(T_ins)
    run = etree.SubElement(insertion, T_r)
    if properties is not None:
        run.append(run_properties(properties))
    for piece in re.split(r"(\t|\n)", text):
        if piece == "\t":
            etree.SubElement(run, T_tab)
        elif piece == "\n":
            etree.SubElement(run, T_br)
        elif piece:
            t = etree.SubElement(run, T_t)
            t.text = piece
            keep_spaces(t)
    return insertion


def run_properties(source: etree._Element) -> etree._Element:
    """A copy of a run's (or a paragraph mark's) properties for a new run: without tracked changes, and without the
    hiding a paragraph mark may have."""
    properties = etree.Element(T_rPr)
    parent = source.getparent()
    mark = parent is not None and parent.tag == T_pPr
    for child in source:
        if child.tag in REVISION_MARKS or (mark and child.tag in (T_vanish, T_specVanish)):
            continue
        properties.append(copy.deepcopy(child))
    return properties


def keep_spaces(t: etree._Element) -> None:
    """xml:space="preserve" on a w:t (or w:delText) whose text starts or ends with white space, as Word writes it."""
    text = t.text or ""
    if text != text.strip():
        t.set(XML_SPACE, "preserve")


def split_run(run: etree._Element, child: etree._Element, offset: int) -> etree._Element:
    """Split a run before `child` (offset 0) or `offset` characters into its text: what comes before becomes a new
    run just before it, with the same properties. The new run."""
    left = etree.Element(run.tag, dict(run.attrib))
    properties = run.find(T_rPr)
    if properties is not None:
        left.append(copy.deepcopy(properties))
    for sibling in list(run):
        if sibling is child:
            break
        if sibling is not properties:
            left.append(sibling)
    if offset > 0:
        text = child.text or ""
        head = copy.deepcopy(child)
        head.tail = None
        head.text = text[:offset]
        child.text = text[offset:]
        for t in (head, child):
            t.attrib.pop(XML_SPACE, None)
            keep_spaces(t)
        left.append(head)
    run.addprevious(left)
    return left


# --- paragraphs and rows --------------------------------------------------------------------------


def mark_paragraph(paragraph: etree._Element, tag: str, stamp: Stamp) -> None:
    """The paragraph mark tracked as inserted or deleted (w:pPr/w:rPr/w:ins or w:del)."""
    ppr = paragraph.find(T_pPr)
    if ppr is None:
        ppr = etree.Element(T_pPr)
        paragraph.insert(0, ppr)
    rpr = ppr.find(T_rPr)
    if rpr is None:
        rpr = etree.Element(T_rPr)
        after = next((child for child in ppr if child.tag in _AFTER_MARK), None)
        if after is not None:
            after.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, stamp.mark(tag))


def mark_row(row: etree._Element, tag: str, stamp: Stamp) -> None:
    """The row tracked as inserted or deleted (w:trPr/w:ins or w:del, before a w:trPrChange)."""
    trpr = row.find(T_trPr)
    if trpr is None:
        trpr = etree.Element(T_trPr)
        exceptions = row.find(T_tblPrEx)
        if exceptions is not None:
            exceptions.addnext(trpr)
        else:
            row.insert(0, trpr)
    change = trpr.find(w("trPrChange"))
    if change is not None:
        change.addprevious(stamp.mark(tag))
    else:
        trpr.append(stamp.mark(tag))


def row_paragraphs(row: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs of a row's cells, through content controls and custom XML, and of tables nested in them (not
    those of text boxes, which are inside runs)."""
    return (p for p in row.iter(T_p) if _outside_runs(p, row))


def nested_rows(row: etree._Element) -> Iterator[etree._Element]:
    """The rows of tables nested in a row's cells."""
    return (tr for tr in row.iter(T_tr) if tr is not row and _outside_runs(tr, row))


def _outside_runs(element: etree._Element, top: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is top:
            return True
        if ancestor.tag == T_r:
            return False
    return True


def clean_copy(element: etree._Element) -> etree._Element:
    """A deep copy without Word's own ids (w14:paraId, w14:textId), which a copy must not repeat."""
    made = copy.deepcopy(element)
    made.tail = None
    for el in made.iter():
        for key in OWN_IDS:
            el.attrib.pop(key, None)
    return made

"""Sanity tests of the test-side .docx generator (tests/docxgen.py): package shape, determinism, OOXML per run type."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from lxml import etree

from tests.docxgen import (
    W_NS,
    Bookmark,
    Break,
    Cell,
    Del,
    DocxBuilder,
    Ins,
    MoveFrom,
    MoveTo,
    NoBreakHyphen,
    PageRef,
    Para,
    Ref,
    SimpleRef,
    SoftHyphen,
    Tab,
    Text,
)

NS = {"w": W_NS}
W = f"{{{W_NS}}}"


def parts(doc: DocxBuilder) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(doc.to_bytes())) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()}


def body(doc: DocxBuilder) -> etree._Element:
    return parts(doc)["word/document.xml"]


def xp(node: etree._Element, path: str) -> list:
    return node.xpath(path, namespaces=NS)


def val(node: etree._Element, path: str) -> list[str]:
    return [e.get(f"{W}val") for e in xp(node, path)]


def sample(mode: str = "list") -> DocxBuilder:
    doc = DocxBuilder(mode)
    number = {"number": "3.8"} if mode == "typed" else {}
    doc.heading(1, "Service Requests", **({"number": "3"} if mode == "typed" else {}))
    doc.heading(2, "Update Import Tariff", **number)
    doc.paragraph("See ", Ref("_Ref1", "3.8"), " and ", Ins("new ", Text("words")), Del("gone"), ".")
    doc.table([["Data Item", "Type"], ["Price", Cell("xs:int")]], row_changes={1: "ins"}, header_rows=1)
    return doc


# --------------------------------------------------------------------------------------------------- package


@pytest.mark.parametrize("mode", ["typed", "list", "style"])
def test_package_opens_and_every_part_parses(mode):
    data = sample(mode).to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        expected = {
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
        }
        if mode != "typed":
            expected.add("word/numbering.xml")
        assert set(names) == expected
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        roots = {name: etree.fromstring(archive.read(name)) for name in names}

    ct = roots["[Content_Types].xml"]
    ct_ns = {"ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
    overrides = {e.get("PartName"): e.get("ContentType") for e in ct.xpath("ct:Override", namespaces=ct_ns)}
    assert overrides["/word/document.xml"].endswith("wordprocessingml.document.main+xml")
    assert overrides["/word/styles.xml"].endswith("wordprocessingml.styles+xml")
    assert ("/word/numbering.xml" in overrides) == (mode != "typed")
    assert {p.lstrip("/") for p in overrides} <= set(names)

    rel_ns = {"r": "http://schemas.openxmlformats.org/package/2006/relationships"}
    targets = [e.get("Target") for e in roots["_rels/.rels"].xpath("r:Relationship", namespaces=rel_ns)]
    assert targets == ["word/document.xml", "docProps/core.xml"]
    doc_targets = [
        e.get("Target") for e in roots["word/_rels/document.xml.rels"].xpath("r:Relationship", namespaces=rel_ns)
    ]
    assert doc_targets == ["styles.xml", "settings.xml", "fontTable.xml"] + (
        [] if mode == "typed" else ["numbering.xml"]
    )
    assert roots["word/document.xml"].tag == f"{W}document"
    assert xp(roots["word/document.xml"], "w:body/*[last()]")[0].tag == f"{W}sectPr"


def test_same_document_twice_gives_identical_bytes(tmp_path):
    first = sample("style").to_bytes()
    second = sample("style").to_bytes()
    assert first == second
    doc = sample("list")
    assert doc.to_bytes() == doc.to_bytes()  # rendering has no state left over between builds
    path = doc.save(tmp_path / "a.docx")
    assert path.read_bytes() == doc.to_bytes()


def test_raw_document_xml_is_the_document_part():
    doc = sample("list")
    assert doc.raw_document_xml().encode("utf-8") == zipfile.ZipFile(io.BytesIO(doc.to_bytes())).read(
        "word/document.xml"
    )


def test_a_trailing_table_is_followed_by_an_empty_paragraph_like_word_writes():
    doc = DocxBuilder("typed")
    doc.table([["a"]])
    assert [e.tag for e in xp(body(doc), "w:body/*")] == [f"{W}tbl", f"{W}p", f"{W}sectPr"]


# --------------------------------------------------------------------------------------------------- runs


def one_paragraph(*runs) -> etree._Element:
    doc = DocxBuilder("typed")
    doc.paragraph(*runs)
    return xp(body(doc), "w:body/w:p")[0]


def test_plain_text_and_str_runs():
    p = one_paragraph("plain ", Text("a\tb\nc"))
    assert [t.text for t in xp(p, "w:r/w:t")] == ["plain ", "a", "b", "c"]
    assert [c.tag for c in xp(p, "w:r[2]/*")] == [f"{W}t", f"{W}tab", f"{W}t", f"{W}br", f"{W}t"]
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for t in xp(p, "w:r/w:t"))


def test_unicode_and_markup_characters_survive():
    text = "a\u00adb\u2011c\u00a0d\u200be \u2018q\u2019 \u201cqq\u201d <&> \"'"
    p = one_paragraph(text)
    assert xp(p, "string(w:r/w:t)") == text


def test_characters_xml_cannot_carry_are_refused():
    with pytest.raises(ValueError):
        one_paragraph("bad \x01 char")


def test_ins_wraps_runs_with_w_t():
    p = one_paragraph(Ins("new ", Text("text")))
    ins = xp(p, "w:ins")[0]
    assert ins.get(f"{W}author") and ins.get(f"{W}date") and ins.get(f"{W}id") is not None
    assert [t.text for t in xp(ins, "w:r/w:t")] == ["new ", "text"]


def test_del_uses_deltext_and_delinstrtext():
    p = one_paragraph(Del("old", Ref("_Ref9", "4.2")))
    assert xp(p, "w:del//w:t") == []
    assert [t.text for t in xp(p, "w:del/w:r/w:delText")] == ["old", "4.2"]
    assert [t.text for t in xp(p, "w:del/w:r/w:delInstrText")] == [" REF _Ref9 \\h "]


def test_move_from_and_to_keep_w_t_with_named_range_markers():
    p = one_paragraph(MoveFrom("moved", name="m1"), "stay", MoveTo("moved", name="m1"))
    for kind in ("From", "To"):
        start = xp(p, f"w:move{kind}RangeStart")[0]
        end = xp(p, f"w:move{kind}RangeEnd")[0]
        assert start.get(f"{W}name") == "m1"
        assert start.get(f"{W}id") == end.get(f"{W}id")
        assert [t.text for t in xp(p, f"w:move{kind}/w:r/w:t")] == ["moved"]
        assert xp(p, f"w:move{kind}//w:delText") == []
        following = [e.tag for e in xp(start, "following-sibling::*[position() <= 2]")]
        assert following == [f"{W}move{kind}", f"{W}move{kind}RangeEnd"]


def test_special_characters_are_their_own_elements():
    p = one_paragraph(SoftHyphen(), NoBreakHyphen(), Break(), Tab())
    assert [r[0].tag for r in xp(p, "w:r")] == [f"{W}softHyphen", f"{W}noBreakHyphen", f"{W}br", f"{W}tab"]


@pytest.mark.parametrize(
    ("run", "instr"), [(Ref("_Ref1", "3.8"), " REF _Ref1 \\h "), (PageRef("_Ref1", "12"), " PAGEREF _Ref1 \\h ")]
)
def test_complex_fields(run, instr):
    p = one_paragraph(run)
    runs = xp(p, "w:r")
    assert [r[0].get(f"{W}fldCharType") for r in runs] == ["begin", None, "separate", None, "end"]
    assert xp(p, "string(w:r[2]/w:instrText)") == instr
    assert xp(p, "string(w:r[4]/w:t)") == run.shown


def test_complex_field_instruction_split_over_runs():
    p = one_paragraph(Ref("_Ref1", "3.8", split=True))
    assert [t.text for t in xp(p, "w:r/w:instrText")] == [" REF ", "_Ref1", " \\h "]


def test_simple_field():
    p = one_paragraph(SimpleRef("_Ref2", "3.9"))
    fld = xp(p, "w:fldSimple")[0]
    assert fld.get(f"{W}instr") == " REF _Ref2 \\h "
    assert xp(fld, "string(w:r/w:t)") == "3.9"
    with pytest.raises(ValueError):
        one_paragraph(Ins(SimpleRef("_Ref2", "3.9")))


def test_bookmark_surrounds_its_run():
    p = one_paragraph(Bookmark("_Ref3", "Specific Data Items"))
    assert [e.tag for e in p] == [f"{W}bookmarkStart", f"{W}r", f"{W}bookmarkEnd"]
    assert p[0].get(f"{W}name") == "_Ref3"
    assert p[0].get(f"{W}id") == p[2].get(f"{W}id")


def test_annotation_ids_are_unique():
    p = one_paragraph(Ins("a"), Del("b"), MoveFrom("c"), MoveTo("c"), Bookmark("x", "y"), Ins("d"))
    starts = xp(
        p,
        ".//w:ins|.//w:del|.//w:moveFrom|.//w:moveTo|.//w:moveFromRangeStart|.//w:moveToRangeStart|.//w:bookmarkStart",
    )
    ids = [e.get(f"{W}id") for e in starts]
    assert len(ids) == len(set(ids)) == 8  # ins, del, 2 per move (range + change), bookmark, ins


# --------------------------------------------------------------------------------------------------- headings


def test_typed_headings_carry_the_number_in_the_text_and_no_list():
    doc = DocxBuilder("typed")
    doc.heading(4, "Specific Data Items", number="3.8.82.2")
    doc.heading(2, ["Tab ", Ins("inserted")], number="3.9")
    with pytest.raises(ValueError):
        doc.heading(1, "no number")
    root = body(doc)
    assert val(root, "w:body/w:p/w:pPr/w:pStyle") == ["Heading4", "Heading2"]
    assert xp(root, "string(w:body/w:p[1])") == "3.8.82.2 Specific Data Items"
    assert xp(root, "w:body/w:p[2]/w:r[1]/w:t")[0].text == "3.9 "
    assert xp(root, "//w:numPr") == []
    assert "word/numbering.xml" not in parts(doc)
    with pytest.raises(ValueError):
        doc.restart_numbering_at(1, 1)


def test_list_mode_headings_have_direct_numpr_and_a_four_level_list():
    doc = DocxBuilder("list")
    for level in (1, 2, 3, 4):
        doc.heading(level, f"Title {level}")
    with pytest.raises(ValueError):
        doc.heading(1, "x", number="1")
    got = parts(doc)
    paragraphs = xp(got["word/document.xml"], "w:body/w:p")
    for level, p in enumerate(paragraphs, start=1):
        assert val(p, "w:pPr/w:pStyle") == [f"Heading{level}"]
        assert val(p, "w:pPr/w:numPr/w:ilvl") == [str(level - 1)]
        assert val(p, "w:pPr/w:numPr/w:numId") == ["1"]
        assert xp(p, "string(.)") == f"Title {level}"
    numbering = got["word/numbering.xml"]
    levels = xp(numbering, "w:abstractNum/w:lvl")
    assert [lvl.get(f"{W}ilvl") for lvl in levels] == ["0", "1", "2", "3"]
    assert [val(lvl, "w:lvlText")[0] for lvl in levels] == ["%1", "%1.%2", "%1.%2.%3", "%1.%2.%3.%4"]
    assert [val(lvl, "w:start")[0] for lvl in levels] == ["1"] * 4
    assert val(numbering, "w:num[@w:numId='1']/w:abstractNumId") == ["0"]
    assert xp(got["word/styles.xml"], "//w:numPr") == []


@pytest.mark.parametrize("based_on", ["chain", "flat"])
def test_style_mode_binds_numbering_to_heading_styles(based_on):
    doc = DocxBuilder("style", style_based_on=based_on)
    for level in (1, 2, 3, 4):
        doc.heading(level, f"Title {level}")
    got = parts(doc)
    assert xp(got["word/document.xml"], "//w:numPr") == []
    styles = got["word/styles.xml"]

    def style(level):
        return xp(styles, f"w:style[@w:styleId='Heading{level}']")[0]

    assert val(style(1), "w:pPr/w:numPr/w:numId") == ["1"]
    assert val(style(1), "w:pPr/w:numPr/w:ilvl") == []  # level 0 is the default, as Word writes it
    for level in (2, 3, 4):
        assert val(style(level), "w:pPr/w:numPr/w:numId") == []
        assert val(style(level), "w:pPr/w:numPr/w:ilvl") == [str(level - 1)]
        parent = f"Heading{level - 1}" if based_on == "chain" else "Heading1"
        assert val(style(level), "w:basedOn") == [parent]
    for level in (1, 2, 3, 4):
        assert val(style(level), "w:pPr/w:outlineLvl") == [str(level - 1)]
    levels = xp(got["word/numbering.xml"], "w:abstractNum/w:lvl")
    assert [val(lvl, "w:pStyle")[0] for lvl in levels] == ["Heading1", "Heading2", "Heading3", "Heading4"]


def test_style_mode_unnumbered_heading_switches_numbering_off():
    doc = DocxBuilder("style")
    doc.heading(1, "Annex", numbered=False)
    p = xp(body(doc), "w:body/w:p")[0]
    assert val(p, "w:pPr/w:numPr/w:numId") == ["0"]


@pytest.mark.parametrize("mode", ["list", "style"])
def test_restart_emits_a_new_num_with_start_override_used_by_later_headings(mode):
    doc = DocxBuilder(mode)
    doc.heading(1, "A")
    doc.restart_numbering_at(2, 5)
    doc.heading(2, "B")
    doc.restart_numbering_at(1, 1)
    doc.heading(1, "C")
    got = parts(doc)
    numbering = got["word/numbering.xml"]
    assert [n.get(f"{W}numId") for n in xp(numbering, "w:num")] == ["1", "2", "3"]
    assert val(numbering, "w:num/w:abstractNumId") == ["0", "0", "0"]
    override = xp(numbering, "w:num[@w:numId='2']/w:lvlOverride")[0]
    assert override.get(f"{W}ilvl") == "1"
    assert val(override, "w:startOverride") == ["5"]
    assert val(numbering, "w:num[@w:numId='3']/w:lvlOverride[@w:ilvl='0']/w:startOverride") == ["1"]
    paragraphs = xp(got["word/document.xml"], "w:body/w:p")
    first = val(paragraphs[0], "w:pPr/w:numPr/w:numId")
    assert first == (["1"] if mode == "list" else [])  # style mode: the first heading relies on its style
    assert val(paragraphs[1], "w:pPr/w:numPr/w:numId") == ["2"]
    assert val(paragraphs[1], "w:pPr/w:numPr/w:ilvl") == ["1"]
    assert val(paragraphs[2], "w:pPr/w:numPr/w:numId") == ["3"]


def test_level_start_and_lvl_restart():
    doc = DocxBuilder("list", level_starts={1: 3})
    doc.lvl_restart(3, 1).lvl_restart(4, 0).level_start(2, 0)
    doc.heading(1, "x")
    numbering = parts(doc)["word/numbering.xml"]
    assert val(numbering, "w:abstractNum/w:lvl/w:start") == ["3", "0", "1", "1"]
    assert val(numbering, "w:abstractNum/w:lvl[@w:ilvl='2']/w:lvlRestart") == ["1"]
    assert val(numbering, "w:abstractNum/w:lvl[@w:ilvl='3']/w:lvlRestart") == ["0"]
    assert val(numbering, "w:abstractNum/w:lvl[@w:ilvl='1']/w:lvlRestart") == []
    order = [c.tag for c in xp(numbering, "w:abstractNum/w:lvl[@w:ilvl='2']")[0]]
    assert order.index(f"{W}start") < order.index(f"{W}lvlRestart") < order.index(f"{W}lvlText")
    with pytest.raises(ValueError):
        doc.lvl_restart(2, 2)  # must name a higher level (or 0)


# --------------------------------------------------------------------------------------------------- tables


def test_table_merges_and_cell_content():
    doc = DocxBuilder("typed")
    doc.table(
        [
            ["Data Item", "Type", "Notes"],
            [Cell("Both", span=2), Cell(["line one", Break(), "line two"], vmerge="restart")],
            ["a", ["b ", Ins("c")], Cell(vmerge="continue")],
            [Cell([Para("p1"), Para("p2")], span=3)],
        ]
    )
    tbl = xp(body(doc), "w:body/w:tbl")[0]
    assert len(xp(tbl, "w:tblGrid/w:gridCol")) == 3
    rows = xp(tbl, "w:tr")
    assert len(rows) == 4
    assert val(rows[1], "w:tc[1]/w:tcPr/w:gridSpan") == ["2"]
    assert val(rows[1], "w:tc[2]/w:tcPr/w:vMerge") == ["restart"]
    continued = xp(rows[2], "w:tc[3]/w:tcPr/w:vMerge")
    assert len(continued) == 1 and continued[0].get(f"{W}val") is None  # Word writes "continue" as no w:val
    assert xp(rows[1], "w:tc[2]/w:p/w:r/w:br")
    assert xp(rows[2], "string(w:tc[2]/w:p/w:ins/w:r/w:t)") == "c"
    assert [xp(p, "string(.)") for p in xp(rows[3], "w:tc/w:p")] == ["p1", "p2"]
    assert all(xp(tc, "w:p") for tc in xp(tbl, ".//w:tc"))  # Word needs a paragraph in every cell


def test_row_changes_mark_trpr_and_the_row_content():
    doc = DocxBuilder("typed")
    doc.table([["h1", "h2"], ["new", "row"], ["old", Ins("x")]], row_changes={1: "ins", 2: "del"}, header_rows=1)
    rows = xp(body(doc), "w:body/w:tbl/w:tr")
    assert xp(rows[0], "w:trPr/w:tblHeader") and not xp(rows[0], "w:trPr/w:ins|w:trPr/w:del")
    assert len(xp(rows[1], "w:trPr/w:ins")) == 1
    assert len(xp(rows[2], "w:trPr/w:del")) == 1
    assert [t.text for t in xp(rows[1], ".//w:ins/w:r/w:t")] == ["new", "row"]
    assert len(xp(rows[1], "w:tc/w:p/w:pPr/w:rPr/w:ins")) == 2
    assert [t.text for t in xp(rows[2], "w:tc[1]//w:del/w:r/w:delText")] == ["old"]
    assert xp(rows[2], "string(w:tc[2]/w:p/w:ins/w:r/w:t)") == "x"  # an existing tracked change is left alone


def test_row_changes_without_content_marks():
    doc = DocxBuilder("typed")
    doc.table([["a"], ["b"]], row_changes={1: "del"}, mark_row_content=False)
    row = xp(body(doc), "w:body/w:tbl/w:tr")[1]
    assert xp(row, "w:trPr/w:del") and xp(row, "string(w:tc/w:p/w:r/w:t)") == "b"
    with pytest.raises(ValueError):
        DocxBuilder("typed").table([["a"]], row_changes={3: "ins"})


# --------------------------------------------------------------------------------------------------- other readers


def test_python_docx_opens_the_file(tmp_path):
    docx = pytest.importorskip("docx")
    doc = DocxBuilder("style")
    doc.heading(1, "Service Requests")
    doc.paragraph("Body text ", Bookmark("_Ref1", "here"))
    doc.table([["Data Item", "Type"], [Cell("Merged", span=2)]])
    document = docx.Document(str(doc.save(tmp_path / "x.docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["Service Requests", "Body text here"]
    assert document.paragraphs[0].style.name == "Heading 1"
    assert len(document.tables) == 1
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Data Item", "Type"]
    assert table.cell(1, 0).text == "Merged"


def test_libreoffice_opens_the_file_and_renders_the_list_numbers(tmp_path):
    """Optional: where LibreOffice is installed, its text export shows the numbers a reader must compute.

    (LibreOffice 7.4 ignores w:lvlRestart on import, so that is left out here.)
    """
    from tests.conftest import office

    soffice = office()
    rendered = {}
    for mode in ("list", "style"):
        doc = DocxBuilder(mode, level_starts={1: 3})
        doc.heading(1, "Alpha")
        doc.heading(2, "Beta")
        doc.heading(3, "Gamma")
        doc.heading(2, "Delta")
        doc.heading(3, "Epsilon")
        doc.restart_numbering_at(2, 7)
        doc.heading(2, "Zeta")
        doc.heading(1, "Theta")
        doc.heading(2, "Kappa", numbered=False)
        doc.paragraph("x", Ins("y"), MoveFrom("m"), MoveTo("m"), Ref("_R", "3.1"), SimpleRef("_R", "3.1"), Tab(), "z")
        doc.table([["a", Cell("b", vmerge="restart")], [Cell("c"), Cell(vmerge="continue")]], row_changes={1: "del"})
        source = doc.save(tmp_path / f"{mode}.docx")
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                "txt:Text",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        rendered[mode] = [
            line.strip() for line in (tmp_path / f"{mode}.txt").read_text("utf-8-sig").splitlines() if line.strip()
        ]
    assert rendered["list"] == rendered["style"]
    headings = ["3 Alpha", "3.1 Beta", "3.1.1 Gamma", "3.2 Delta", "3.2.1 Epsilon", "3.7 Zeta", "4 Theta", "Kappa"]
    assert rendered["list"][:8] == headings


def test_formatted_runs_carry_their_properties_and_read_as_plain_text(tmp_path):
    from duislint.spec.build import read_spec
    from tests.docxgen import Formatted

    doc = DocxBuilder("typed")
    doc.paragraph(Formatted("Smart Meter ", bold=True, font="Arial", size=20, lang="en-GB"), "means a meter.")
    xml = doc.raw_document_xml()
    assert '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:b/><w:bCs/>' in xml
    assert '<w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">Smart Meter </w:t>' in xml
    (paragraph,) = read_spec(str(doc.save(tmp_path / "f.docx")), "f.docx").paragraphs
    assert paragraph.text == "Smart Meter means a meter."


def test_more_heading_levels_when_asked_for_and_the_default_four_unchanged(tmp_path):
    from duislint.spec.build import read_spec

    assert DocxBuilder("list").to_bytes() == DocxBuilder("list", max_level=4).to_bytes()
    with pytest.raises(ValueError):
        DocxBuilder("list").heading(5, "Too deep")
    doc = DocxBuilder("list", max_level=5)
    for level in range(1, 6):
        doc.heading(level, f"Level {level}")
    spec = read_spec(str(doc.save(tmp_path / "deep.docx")), "deep.docx")
    assert [(s.number, s.level) for s in spec.sections][-1] == ("1.1.1.1.1", 5)
    with pytest.raises(ValueError):
        DocxBuilder("list", max_level=10)

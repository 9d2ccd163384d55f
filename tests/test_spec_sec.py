"""Documents of the Smart Energy Code: a check without a schema PATH, each document known as "Section A" or
"Appendix AD", and its clauses read in the Code's style (A1.1, G3.5A, H17.5(a)), typed or from Word's numbering.

Every document is generated here (tests/docxgen.py), shaped as the SEC's are: a title paragraph, clauses as
numbered paragraphs under a few headings, a definitions table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from duislint.spec.build import read_spec
from duislint.spec.model import Spec
from tests.docxgen import DocxBuilder, ListLevel, list_id, numbered_paragraph, save_parts, with_lists
from tests.helpers import cli

SCHEMA_FREE = {"SP104", "SP302", "SP401", "SP402", "SP403", "SP404", "SP405", "SP501", "SP502", "SP503", "SP504",
               "SP511"}  # fmt: skip


def section_a() -> DocxBuilder:
    doc = DocxBuilder("typed")
    doc.paragraph("SECTION A: DEFINITIONS AND INTERPRETATION", style="Title")
    doc.heading(1, "A1 DEFINITIONS", numbered=False)
    doc.paragraph("A1.1 In this Code, the following expressions have the following meanings:")
    doc.table([["Term", "Definition"], ["Transport Layer Security (TLS)", "means the protocol."],
               ["TLS", "means the protocol, again."], ["DCC", "means the licensee."],
               ["DCC User Interface", "means the interface."]])  # fmt: skip
    doc.paragraph("A1.2 Notices may be sent by email.")
    return doc


def appendix_ad(fax: bool = True) -> DocxBuilder:
    doc = DocxBuilder("typed")
    doc.heading(1, "Introduction", "1")
    doc.paragraph("1.1 This document specifies the DCC User Interface.")
    doc.paragraph("1.2 A User may notify the DCC by " + ("fax." if fax else "email."))
    return doc


def save(doc: DocxBuilder, folder: Path, name: str) -> Path:
    return doc.save(folder / name)


def read(path: Path) -> Spec:
    return read_spec(str(path), path.name)


def clauses(spec: Spec) -> list[tuple[str | None, str | None, str]]:
    return [(p.number, p.clause, p.text) for p in spec.paragraphs]


# --- 1. a check without a schema PATH ----------------------------------------------------------------------------


def test_a_check_without_a_schema_path_runs_only_the_rules_that_need_none(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    ad = save(appendix_ad(), tmp_path, "SEC Appendix AD.docx")
    run = cli("check", "--spec", a, "--spec", ad, "--format", "json")
    assert run.code == 0, run.err  # warnings and info only
    report = run.json()
    assert {f["rule"] for f in report["findings"]} == {"SP401", "SP404"}
    assert {f["rule"] for f in report["findings"]} <= SCHEMA_FREE
    assert report["not_run"]["reason"] == "no schema PATH"
    assert {"XS001", "XS101", "SP201", "DU101", "MS101", "NM101"} <= set(report["not_run"]["rules"])
    assert not SCHEMA_FREE & set(report["not_run"]["rules"])
    assert report["complete"] is True
    assert "no schema PATH" in run.err and "were not run" in run.err
    assert cli("check", "--spec", a, "--spec", ad, "--fail-on", "warning").code == 1


def test_the_text_report_of_a_run_without_a_schema_path_says_the_schema_rules_did_not_run(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    ad = save(appendix_ad(fax=False), tmp_path, "SEC Appendix AD.docx")
    run = cli("check", "--spec", a, "--spec", ad, "--ignore", "SP401")
    assert run.code == 0
    summary = run.out.splitlines()[-1]
    assert summary.startswith("no findings in 2 input(s); ") and summary.endswith(
        "schema rule(s) not run (no schema PATH)"
    )


def test_markdown_and_sarif_say_the_schema_rules_did_not_run(tmp_path):
    ad = save(appendix_ad(), tmp_path, "SEC Appendix AD.docx")
    markdown = cli("check", "--spec", ad, "--format", "markdown")
    assert "**Not run:**" in markdown.out and "no schema PATH" in markdown.out
    sarif = cli("check", "--spec", ad, "--format", "sarif").json()
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    assert "schema rule(s) not run" in invocation["toolExecutionNotifications"][0]["message"]["text"]


@pytest.mark.parametrize(
    "args, said",
    [
        ((), "give a schema PATH"),
        (("--messages", "m.xml"), "--messages needs a schema PATH"),
        (("--select", "XS"), "every selected rule needs a schema set"),
        (("--hook",), "--hook needs the changed files"),
    ],
    ids=["no-path-no-spec", "messages", "only-schema-rules", "hook"],
)
def test_what_a_run_without_a_schema_path_cannot_do_is_a_usage_error(tmp_path, args, said):
    spec = [] if not args else ["--spec", str(save(appendix_ad(), tmp_path, "SEC Appendix AD.docx"))]
    run = cli("check", *spec, *args)
    assert run.code == 2
    assert len(run.err.strip().splitlines()) == 1 and said in run.err


# --- 2. which document --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, name, document",
    [
        ("SECTION A: DEFINITIONS AND INTERPRETATION", "a.docx", "Section A"),
        ("APPENDIX AD \u2013 DCC User Interface Specification", "duis.docx", "Appendix AD"),
        ("Section X", "x.docx", "Section X"),
        ("Smart Energy Code", "SEC Section H v7.0.docx", "Section H"),
        ("Smart Energy Code", "sec_appendix_ab.docx", "Appendix AB"),
        ("SECTION A: DEFINITIONS AND INTERPRETATION", "SEC Section H v7.0.docx", "Section A"),  # the title first
        ("DUIS Demo Specification V9.1: the DCC User Interface Specification", "DUIS 5.4.docx", None),
        ("Section Z: no such Section", "spec.docx", None),
        ("Appendix A lists the codes.", "spec.docx", None),  # a sentence, not a title
    ],
)
def test_a_document_is_known_by_its_title_else_by_its_file_name(tmp_path, title, name, document):
    doc = DocxBuilder("typed").paragraph(title, style="Title")
    doc.heading(1, "Introduction", "1")
    assert read(save(doc, tmp_path, name)).document == document


def test_a_markdown_document_is_known_by_its_title(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "# SECTION A: DEFINITIONS AND INTERPRETATION\n\n## A1 Definitions\n\nA1.1 Words.\n", encoding="utf-8"
    )
    spec = read(path)
    assert spec.document == "Section A"
    assert [(s.number, s.title) for s in spec.sections] == [("", "SECTION A: DEFINITIONS AND INTERPRETATION"),
                                                            ("A1", "Definitions")]  # fmt: skip
    assert clauses(spec) == [("A1.1", "A1.1", "Words.")]


# --- 2. which clause: typed ------------------------------------------------------------------------------------------


def test_typed_clause_numbers_on_headings_and_paragraphs(tmp_path):
    doc = DocxBuilder("typed").paragraph("SECTION G: SECURITY", style="Title")
    doc.heading(1, "G3 UNAUTHORISED ACTIVITIES", numbered=False)
    doc.paragraph("G3.5 The Panel shall act.")
    doc.paragraph("G3.5A Each Party shall:")
    doc.paragraph("(a) notify the Panel;")
    doc.paragraph("(i) at once; and")
    doc.paragraph("(ii) in writing;")
    doc.paragraph("(b) keep records.")
    doc.paragraph("This continues clause G3.5A(b).")
    doc.paragraph("H17.5 is another Section's clause, not a number of this one.")
    spec = read(save(doc, tmp_path, "g.docx"))
    assert [(s.number, s.title) for s in spec.sections] == [("G3", "UNAUTHORISED ACTIVITIES")]
    assert clauses(spec) == [
        (None, None, "SECTION G: SECURITY"),
        ("G3.5", "G3.5", "The Panel shall act."),
        ("G3.5A", "G3.5A", "Each Party shall:"),
        ("(a)", "G3.5A(a)", "notify the Panel;"),
        ("(i)", "G3.5A(a)(i)", "at once; and"),
        ("(ii)", "G3.5A(a)(ii)", "in writing;"),
        ("(b)", "G3.5A(b)", "keep records."),
        (None, None, "This continues clause G3.5A(b)."),
        (None, None, "H17.5 is another Section's clause, not a number of this one."),
    ]
    assert [p.location.section for p in spec.paragraphs[-2:]] == ["G3.5A(b)", "G3.5A(b)"]


def test_a_typed_number_with_its_sub_clause_and_an_annex(tmp_path):
    doc = DocxBuilder("typed").paragraph("SECTION H: DCC SERVICES", style="Title")
    doc.paragraph("H17.5(a) the DCC shall respond;")
    doc.paragraph("(b) and record it.")
    doc.paragraph("Annex to Section H17: the form")
    doc.paragraph("F4.17 is not a clause of Section H.")
    spec = read(save(doc, tmp_path, "h.docx"))
    assert clauses(spec)[1:4] == [
        ("H17.5(a)", "H17.5(a)", "the DCC shall respond;"),
        ("(b)", "H17.5(b)", "and record it."),
        ("Annex to Section H17", "Annex to Section H17", "the form"),
    ]
    assert clauses(spec)[4][0] is None


def test_typed_numbers_are_not_read_in_a_document_that_is_not_of_the_code(tmp_path):
    doc = DocxBuilder("typed").heading(1, "Service Requests", "3")
    doc.paragraph("H17.5 The DCC shall act.")
    doc.paragraph("(a) first.")
    spec = read(save(doc, tmp_path, "duis.docx"))
    assert spec.document is None
    assert clauses(spec) == [(None, None, "H17.5 The DCC shall act."), (None, None, "(a) first.")]


def test_an_appendix_numbers_its_clauses_with_figures(tmp_path):
    doc = DocxBuilder("typed").paragraph("APPENDIX AD \u2013 DCC User Interface Specification", style="Title")
    doc.heading(1, "DCC User Interface Services", "3")
    doc.paragraph("3.1 The DCC shall provide the services.")
    doc.paragraph("(a) on demand;")
    doc.paragraph("24 hours after the request, the DCC responds.")  # a figure, not a number
    doc.heading(2, "Response Codes A", numbered=False)
    spec = read(save(doc, tmp_path, "ad.docx"))
    assert clauses(spec)[1:] == [
        ("3.1", "3.1", "The DCC shall provide the services."),
        ("(a)", "3.1(a)", "on demand;"),
        (None, None, "24 hours after the request, the DCC responds."),
    ]


# --- 2. which clause: Word's list numbering --------------------------------------------------------------------------

SEC_LIST = [ListLevel("H%1", start=17), ListLevel("H%1.%2"), ListLevel("(%3)", "lowerLetter"),
            ListLevel("(%4)", "lowerRoman")]  # fmt: skip


def section_h(tmp_path: Path, name: str = "h.docx") -> Path:
    """Section H, its clauses numbered by one Word list: the heading H17 (start 17), clauses H17.1, H17.2, (a)..."""
    doc = DocxBuilder("typed").paragraph("SECTION H: DCC SERVICES", style="Title")
    numbers = list_id(0)
    numbered_paragraph(doc, numbers, 0, "DISPUTES", style="Heading1")
    numbered_paragraph(doc, numbers, 1, "The DCC shall keep a register.")
    numbered_paragraph(doc, numbers, 1, "Each Party shall:")
    numbered_paragraph(doc, numbers, 2, "notify the DCC;")
    numbered_paragraph(doc, numbers, 3, "by fax; or")
    numbered_paragraph(doc, numbers, 3, "by email;")
    numbered_paragraph(doc, numbers, 2, "keep records.")
    doc.paragraph("The register is kept for seven years.")
    numbered_paragraph(doc, numbers, 1, "The Panel decides.")
    numbered_paragraph(doc, numbers, 0, "RECORDS", style="Heading1")
    numbered_paragraph(doc, numbers, 1, "Records are kept.")
    return save_parts(with_lists(doc.parts(), [SEC_LIST]), tmp_path / name)


def test_word_list_numbering_with_literal_prefixes_and_a_start_value(tmp_path):
    spec = read(section_h(tmp_path))
    assert spec.document == "Section H"
    assert [(s.number, s.title) for s in spec.sections] == [("H17", "DISPUTES"), ("H18", "RECORDS")]
    assert clauses(spec)[1:] == [
        ("H17.1", "H17.1", "The DCC shall keep a register."),
        ("H17.2", "H17.2", "Each Party shall:"),
        ("(a)", "H17.2(a)", "notify the DCC;"),
        ("(i)", "H17.2(a)(i)", "by fax; or"),
        ("(ii)", "H17.2(a)(ii)", "by email;"),
        ("(b)", "H17.2(b)", "keep records."),
        (None, None, "The register is kept for seven years."),
        ("H17.3", "H17.3", "The Panel decides."),
        ("H18.1", "H18.1", "Records are kept."),
    ]
    assert spec.paragraphs[7].location.section == "H17.2(b)"  # an unnumbered paragraph is in the clause before it


def test_numbered_paragraphs_of_a_document_not_of_the_code_keep_their_heading_locations(tmp_path):
    doc = DocxBuilder("typed").heading(1, "Service Requests", "3")
    numbered_paragraph(doc, list_id(0), 0, "first item")
    path = save_parts(with_lists(doc.parts(), [[ListLevel("(%1)", "lowerLetter")]]), tmp_path / "duis.docx")
    spec = read(path)
    (paragraph,) = spec.paragraphs
    assert (paragraph.number, paragraph.clause, paragraph.location.section) == ("(a)", "3(a)", "3")
    assert paragraph.location.document is None and "document" not in paragraph.location.as_dict()


# --- 2. locations in the reports ---------------------------------------------------------------------------------------


def test_a_finding_is_located_by_document_and_clause(tmp_path):
    path = section_h(tmp_path, "SEC Section H.docx")
    report = cli("check", "--spec", path, "--select", "SP404", "--format", "json").json()
    (finding,) = report["findings"]
    assert finding["location"] == {"path": str(path), "line": None, "document": "Section H", "section": "H17.2(a)(i)"}
    text = cli("check", "--spec", path, "--select", "SP404").out
    assert "  Section H §H17.2(a)(i)\n" in text
    sarif = cli("check", "--spec", path, "--select", "SP404", "--format", "sarif").json()
    (result,) = sarif["runs"][0]["results"]
    assert result["locations"][0]["logicalLocations"][0]["name"] == "Section H §H17.2(a)(i)"


def test_a_table_is_located_at_the_clause_before_it(tmp_path):
    report = cli("check", "--spec", save(section_a(), tmp_path, "a.docx"), "--format", "json").json()
    places = {(f["rule"], f["location"]["document"], f["location"]["section"], f["location"]["row"])
              for f in report["findings"]}  # fmt: skip
    assert places == {("SP401", "Section A", "A1.1", 1), ("SP401", "Section A", "A1.1", 2)}


# --- 2. extract ------------------------------------------------------------------------------------------------------


def test_extract_shows_the_document_and_its_clauses(tmp_path):
    run = cli("extract", section_h(tmp_path), "--format", "json")
    assert run.code == 0, run.err
    data = run.json()
    assert data["document"] == "Section H"
    assert data["sections"] == [{"number": "H17", "title": "DISPUTES", "level": 1},
                                {"number": "H18", "title": "RECORDS", "level": 1}]  # fmt: skip
    assert data["paragraphs"][3] == {"section": "H17", "number": "(a)", "clause": "H17.2(a)", "text": "notify the DCC;"}
    assert data["paragraphs"][7] == {
        "section": "H17",
        "clause": "H17.2(b)",
        "text": "The register is kept for seven years.",
    }


def test_extract_to_markdown_reads_back_as_the_same_document_and_clauses(tmp_path):
    source = section_h(tmp_path, "sec section h.docx")
    target = tmp_path / "out.md"
    assert cli("extract", source, "--format", "md", "-o", target).code == 0
    text = target.read_text(encoding="utf-8")
    assert "# H17 DISPUTES" in text and "(a) notify the DCC;" in text and "H17.1 The DCC shall keep a register." in text
    docx, md = read(source), read(target)
    assert md.document == docx.document == "Section H"
    assert clauses(md) == clauses(docx)
    assert [(s.number, s.title) for s in md.sections] == [(s.number, s.title) for s in docx.sections]


def test_extract_of_a_document_not_of_the_code_has_no_clauses(tmp_path):
    doc = DocxBuilder("typed").heading(1, "Service Requests", "1")
    doc.paragraph("Intro.")
    data = json.loads(cli("extract", save(doc, tmp_path, "duis.docx"), "--format", "json").out)
    assert data["document"] is None
    assert data["paragraphs"] == [{"section": "1", "text": "Intro."}]


def test_the_reference_hint_lets_through_every_spelling_the_case_blind_patterns_read():
    """build reads references only in text that the hint lets through: a letter that a case-blind search matches
    to one of the reference words' letters (the Kelvin sign for k, the long s, the dotted capital I) must not hide
    a reference."""
    import re
    import string
    import sys

    from duislint.spec.build import _may_name_a_clause
    from duislint.spec.terms import clauses_named

    every_character = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    odd = set(re.findall("[a-z]", every_character, re.IGNORECASE)) - set(string.ascii_letters)
    assert odd, "the search matches no letter outside ASCII: nothing to check"
    for word in ("clause", "section", "paragraph", "appendix"):
        for at, letter in enumerate(word):
            for char in odd:
                if re.fullmatch(letter, char, re.IGNORECASE):
                    for before, after in ((word[:at], word[at + 1 :]), (word[:at].upper(), word[at + 1 :].upper())):
                        written = f"see {before}{char}{after} 4.2"
                        assert _may_name_a_clause(written), written
    # and the patterns of references into other documents, which look for their words first
    texts = ["clause 4.2 of \u017fection H", "append\u0130x AD clause 3.8", "clause 7 of append\u0131x B"]
    assert [(n.document, n.clause) for text in texts for n in clauses_named(text)] == [
        ("Section H", "H4.2"), ("Appendix AD", "3.8"), ("Appendix B", "7")]  # fmt: skip
    assert not _may_name_a_clause("the DCC shall send it")

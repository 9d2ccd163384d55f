"""The Code's documents together (issue 14 items 3-5): definitions across documents (SP401, SP501, SP502), clause
references between documents (SP511), terms in use (SP503, SP504).

Every document is generated here (tests/docxgen.py), shaped as the SEC's are: Section A's definitions table with no
header row, clauses numbered by Word's list numbering ("H%1.%2", "(%3)") or typed, definitions as `"X" means ...`
paragraphs, tracked changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duislint.rules.spec_terms import _Known, _undefined
from duislint.spec.build import read_spec
from duislint.spec.model import TERMS
from duislint.spec.terms import DefinitionKind, clauses_named, definition_paragraph, read_definition, term_key
from tests.docxgen import DocxBuilder, ListLevel, list_id, numbered_paragraph, save_parts, with_lists
from tests.helpers import cli

SECTION_A_ROWS = [
    ["Code", "means this Smart Energy Code."],
    ["Data Communications Company or DCC", "means the holder of the Smart Meter Communication Licence."],
    ["DCC Major Security Incident", "means an event that the DCC reports to the Panel."],
    ["DCC User Interface", "means the interface described in Appendix AD."],
    ["Panel", "means the panel established under Section C."],
    ["Party", "means a party to this Code."],
    ["Service Request", "means a request that a User sends to the DCC."],
    ["Smart Meter Communication Licence", "means the licence granted to the DCC."],
    ["Transport Layer Security or TLS", "means the protocol that protects connections to the DCC."],
    ["User", "means a Party that sends Service Requests."],
]


def section_a(rows: list[list[str]] | None = None, extra: list[str] = ()) -> DocxBuilder:
    doc = DocxBuilder("typed")
    doc.paragraph("SECTION A: DEFINITIONS AND INTERPRETATION", style="Title")
    doc.heading(1, "A1 DEFINITIONS", numbered=False)
    doc.paragraph("A1.1 In this Code, the expressions in the left-hand column have the meanings in the right-hand "
                  "column.")  # fmt: skip
    doc.table(SECTION_A_ROWS if rows is None else rows)
    doc.paragraph("A1.2 Where a User sends a Service Request, it does so through the DCC User Interface.")
    for text in extra:
        doc.paragraph(text)
    return doc


SEC_LIST = [ListLevel("H%1", start=1), ListLevel("H%1.%2"), ListLevel("(%3)", "lowerLetter")]


def section_h(folder: Path, clauses: list[tuple[int, str]] | None = None, name: str = "SEC Section H.docx") -> Path:
    """Section H with its clauses numbered by Word list numbering: H1, H1.1 ... (a) ..."""
    doc = DocxBuilder("typed")
    doc.paragraph("SECTION H: DCC SERVICES", style="Title")
    numbers = list_id(0)
    for level, text in clauses or [
        (0, "SERVICES"),
        (1, "The DCC shall provide Services to each User."),
        (1, "Each User shall:"),
        (2, "send each Service Request through the DCC User Interface; and"),
        (2, "use Transport Layer Security."),
        (0, "SECURITY"),
        (1, "The DCC shall notify each DCC Major Security Incident to the Panel."),
    ]:
        numbered_paragraph(doc, numbers, level, text, style="Heading1" if level == 0 else None)
    return save_parts(with_lists(doc.parts(), [SEC_LIST]), folder / name)


def appendix_ad(rows: list[list[str]] | None = None, prose: list[str] = ()) -> DocxBuilder:
    doc = DocxBuilder("typed")
    doc.paragraph("APPENDIX AD \u2013 DCC User Interface Specification", style="Title")
    doc.heading(1, "Introduction", "1")
    doc.paragraph("This document specifies the DCC User Interface, as Section H1.2 requires.")
    for text in prose:
        doc.paragraph(text)
    doc.heading(2, "Definitions", "1.3")
    doc.table([["Term", "Definition"], *(rows or [["Command Variant", "The value that tells the DCC how to process "
                                                                       "a Service Request."]])])  # fmt: skip
    doc.heading(1, "Services", "3")
    doc.heading(2, "Service Requests", "3.8")
    doc.heading(3, "Update Meter Balance", "3.8.1")
    doc.paragraph("A User sends this Service Request to adjust a balance.")
    return doc


def save(doc: DocxBuilder, folder: Path, name: str) -> Path:
    return doc.save(folder / name)


def check(*paths: Path, extra: tuple[str, ...] = ()) -> dict:
    args = [a for p in paths for a in ("--spec", str(p))]
    run = cli("check", *args, "--format", "json", "--fail-on", "never", *extra)
    assert run.code == 0, run.err
    return run.json()


def findings(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


@pytest.fixture
def clean(tmp_path: Path) -> list[Path]:
    return [save(section_a(), tmp_path, "SEC Section A.docx"), section_h(tmp_path),
            save(appendix_ad(), tmp_path, "SEC Appendix AD.docx")]  # fmt: skip


# --- reading definitions ------------------------------------------------------------------------------------------


def test_section_a_definitions_table_without_a_header_row_is_read_whole(tmp_path):
    spec = read_spec(str(save(section_a(), tmp_path, "a.docx")), "a.docx")
    (table,) = spec.tables
    assert table.kind == TERMS and table.header == () and len(table.rows) == len(SECTION_A_ROWS)
    assert spec.terms[0].term == "Code" and spec.terms[0].location.row == 1  # the first row is a definition too
    dcc = spec.terms[1]
    assert dcc.forms == ("Data Communications Company", "DCC") and dcc.kind is DefinitionKind.OWN
    assert dcc.location.document == "Section A" and dcc.location.section == "A1.1"
    assert spec.terms[8].forms == ("Transport Layer Security", "TLS")


def test_definition_paragraphs_and_references_back_are_read(tmp_path):
    doc = DocxBuilder("typed").heading(1, "Definitions", "1")
    doc.paragraph('\u201cSM WAN\u201d means the Smart Metering Wide Area Network.')
    doc.paragraph('"TLS" or "Transport Layer Security" has the meaning given to that term in Section A1.1.')
    doc.paragraph('"Authority" has the meaning given to it in the Electricity Act.')
    doc.paragraph("The DCC shall mean what it says.")  # "means" not after a quoted term: no definition
    spec = read_spec(str(save(doc, tmp_path, "d.docx")), "d.docx")
    assert [(t.forms, t.kind, t.refers_to, t.in_table) for t in spec.terms] == [
        (("SM WAN",), DefinitionKind.OWN, None, False),
        (("TLS", "Transport Layer Security"), DefinitionKind.BACK, "Section A", False),
        (("Authority",), DefinitionKind.OUTSIDE, None, False),
    ]


def test_a_definition_row_inserted_by_a_tracked_change_is_only_in_the_accepted_view(tmp_path):
    rows = [*SECTION_A_ROWS, ["SM WAN", "means the Smart Metering Wide Area Network."]]
    doc = DocxBuilder("typed").paragraph("SECTION A: DEFINITIONS", style="Title")
    doc.table(rows, row_changes={len(rows) - 1: "ins"})
    path = save(doc, tmp_path, "a.docx")
    accepted = read_spec(str(path), "a.docx")
    original = read_spec(str(path), "a.docx", "original")
    assert "SM WAN" in {t.term for t in accepted.terms} and "SM WAN" not in {t.term for t in original.terms}


def test_terms_compare_by_their_words_plurals_and_possessives_aside():
    assert term_key("DCC Users'") == term_key("DCC User") == ("dcc", "user")
    assert term_key("Major Security Incidents") == ("major", "security", "incident")
    assert term_key("Parties") == term_key("Party")


def test_extract_shows_each_definitions_forms_and_kind(tmp_path):
    path = save(section_a(), tmp_path, "SEC Section A.docx")
    run = cli("extract", path, "--format", "json")
    assert run.code == 0, run.err
    (spec,) = run.json()["specifications"] if "specifications" in run.json() else [run.json()]
    dcc = next(t for t in spec["terms"] if t["term"] == "Data Communications Company")
    assert dcc["forms"] == ["Data Communications Company", "DCC"] and dcc["kind"] == "definition"
    assert dcc["location"]["document"] == "Section A"


# --- clean documents ------------------------------------------------------------------------------------------------


def test_clean_documents_of_the_code_give_no_findings(clean):
    report = check(*clean)
    assert report["findings"] == []
    assert "unchecked" not in report


# --- SP401: twice in one document, header-less tables included -----------------------------------------------------


def test_a_term_defined_twice_in_section_a_is_reported_at_both_rows(tmp_path):
    rows = [*SECTION_A_ROWS, ["TLS", "means the protocol again."]]
    report = check(save(section_a(rows), tmp_path, "SEC Section A.docx"))
    found = findings(report, "SP401")
    assert [(f["subject"], f["location"]["row"]) for f in found] == [("TLS", 9), ("TLS", 11)]
    assert found[0]["location"]["document"] == "Section A"


# --- SP501: the same term defined in several documents -------------------------------------------------------------


def test_a_term_defined_again_in_other_documents_refers_back_to_section_a(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    h = section_h(tmp_path, [(0, "DEFINITIONS"), (1, '"TLS" means the security protocol.'), (0, "SERVICES"),
                             (1, "The DCC shall use TLS.")])  # fmt: skip
    ad = save(appendix_ad([["Transport Layer Security (TLS)", "The protocol."]]), tmp_path, "SEC Appendix AD.docx")
    report = check(ad, h, a)  # in any order, Section A is the first defining document
    found = findings(report, "SP501")
    assert [(f["location"]["document"], f["subject"]) for f in found] == [
        ("Appendix AD", "Transport Layer Security"),
        ("Section H", "TLS"),
    ]
    for finding in found:
        assert "defined in Section A and again in" in finding["message"]
        assert finding["suggestion"].endswith("has the meaning given to that term in Section A")
        assert any(r["document"] == "Section A" and r["row"] == 9 for r in finding["related"])
    assert findings(report, "SP401") == []  # once in each document


def test_a_reference_back_is_not_a_second_definition(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    h = section_h(tmp_path, [(0, "DEFINITIONS"), (1, '"TLS" has the meaning given to it in Section A.')])
    assert findings(check(a, h), "SP501") == []


# --- SP502: a reference back to a document that does not define the term -------------------------------------------


def test_a_reference_back_to_section_a_for_a_term_it_lacks_is_reported(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    h = section_h(tmp_path, [(0, "DEFINITIONS"), (1, '"SM WAN" has the meaning given to it in Section A.'),
                             (1, '"Panels" has the meaning given to it in Section A.'),
                             (1, '"Authority" has the meaning given to it in Section F.')])  # fmt: skip
    report = check(a, h)
    (finding,) = findings(report, "SP502")
    assert finding["subject"] == "SM WAN" and finding["location"]["section"] == "H1.1"
    assert "refers back to Section A, which does not define it" in finding["message"]
    assert report["unchecked"] == [{"rule": "SP502", "count": 1,
                                    "what": "reference(s) back to documents not given (Section F)"}]  # fmt: skip


def test_a_reference_back_names_the_document_that_does_define_the_term(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    h = section_h(tmp_path, [(0, "DEFINITIONS"), (1, '"SM WAN" means the Smart Metering Wide Area Network.')])
    ad = save(appendix_ad([["SM WAN", "has the meaning given to it in Section A."]]), tmp_path, "SEC Appendix AD.docx")
    (finding,) = findings(check(a, h, ad), "SP502")
    assert "Section H defines it" in finding["message"] and finding["suggestion"] == "refer to Section H"


# --- SP511: a clause of another document ---------------------------------------------------------------------------


def test_a_reference_to_a_clause_another_document_lacks_suggests_the_nearest(tmp_path):
    a = save(section_a(extra=["A1.3 Disputes are decided as Section H2.1 and Section H2.4 set out, and under "
                              "Appendix AD clause 3.8.9."]), tmp_path, "SEC Section A.docx")  # fmt: skip
    h = section_h(tmp_path)
    ad = save(appendix_ad(), tmp_path, "SEC Appendix AD.docx")
    found = findings(check(a, h, ad), "SP511")
    assert sorted((f["subject"], f["suggestion"]) for f in found) == [("Appendix AD 3.8.9", "3.8.1"),
                                                                     ("Section H H2.4", "H2.1")]  # fmt: skip
    assert {(f["location"]["document"], f["location"]["section"]) for f in found} == {("Section A", "A1.3")}
    assert any("'Section H2.4' refers to H2.4, which Section H does not have" in f["message"] for f in found)


def test_references_to_sub_clauses_and_to_clauses_of_the_same_document_resolve(tmp_path):
    h = section_h(tmp_path, [(0, "SERVICES"), (1, "Each User shall:"), (2, "notify the DCC; and"),
                             (2, "keep records, as Section H1.1(b) and paragraph 1 of Section H say."),
                             (1, "Section H1.1(c) applies.")])  # fmt: skip
    (finding,) = findings(check(save(section_a(), tmp_path, "SEC Section A.docx"), h), "SP511")
    assert finding["subject"] == "Section H H1.1(c)" and finding["suggestion"] == "H1.1(b)"


def test_a_reference_into_a_document_not_given_is_counted_not_reported(tmp_path):
    a = save(section_a(extra=["A1.3 See Section X3.2 of the Code and Section F4.17."]), tmp_path, "SEC Section A.docx")
    run = cli("check", "--spec", a)
    assert run.code == 0, run.err
    assert "not checked: 2 clause reference(s) into documents not given (Section F, Section X) (SP511)" in run.out
    assert run.out.splitlines()[-1].endswith("; 2 not checked")
    markdown = cli("check", "--spec", a, "--format", "markdown").out
    assert "**Not checked:** 2 clause reference(s) into documents not given (Section F, Section X) (SP511)." in markdown
    sarif = cli("check", "--spec", a, "--format", "sarif").json()
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("not checked: 2 clause reference(s)" in n["message"]["text"] for n in notes)
    html = cli("check", "--spec", a, "--format", "html").out
    assert "Not checked: 2 clause reference(s) into documents not given (Section F, Section X) (SP511)." in html


# --- SP503: terms in use that nothing defines -------------------------------------------------------------------------


def test_a_term_missing_its_qualifier_suggests_the_defined_term(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    h = section_h(tmp_path, [(0, "SECURITY"), (1, "The DCC shall notify Major Security Incidents to the Panel."),
                             (1, "Each Party shall report Major Security Incidents promptly.")])  # fmt: skip
    (finding,) = findings(check(a, h), "SP503")
    assert finding["subject"] == "major security incident" and finding["suggestion"] == "DCC Major Security Incident"
    assert "'DCC Major Security Incident' is defined (Section A)" in finding["message"]
    assert "(2 times)" in finding["message"] and finding["location"]["section"] == "H1.1"
    assert [r["section"] for r in finding["related"]] == ["H1.2"]


def test_an_undefined_acronym_and_an_undefined_term_are_reported_once_per_document(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    h = section_h(tmp_path, [(0, "SERVICES"), (1, "The DCC shall send alerts over the SM WAN and the HAN."),
                             (1, "Each User shall use the Smart Metering Inventory.")])  # fmt: skip
    found = findings(check(a, h), "SP503")
    assert sorted((f["subject"], f["location"]["section"], "suggestion" in f) for f in found) == [
        ("han", "H1.1", False), ("sm wan", "H1.1", False), ("smart metering inventory", "H1.2", False)]  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "The DCC Users' systems shall use TLS.",  # plural and possessive of defined terms
        "Each Party shall write XML in UTC and SHALL NOT use other formats.",  # allowed acronyms
        "Smart Meters are out of scope.",  # a capitalised word starting a sentence is no term
        "As Section H1.1 and Appendix AD clause 3.8.1 say, Users send Service Requests.",  # references
        'The phrase "Smart Metering Inventory" is quoted, not used.',
        "The DCC User Interface Specification describes it.",  # a defined term, then one capitalised word
    ],
)
def test_defined_terms_and_what_needs_no_definition_are_not_reported(tmp_path, sentence):
    a = save(section_a(extra=[f"A1.3 {sentence}"]), tmp_path, "SEC Section A.docx")
    ad = save(appendix_ad(), tmp_path, "SEC Appendix AD.docx")  # names Section H1.2, which is not given: counted
    assert findings(check(a, ad), "SP503") == []


def test_the_configuration_allows_acronyms_that_need_no_definition(tmp_path, monkeypatch):
    a = save(section_a(extra=["A1.3 The DCC uses the SM WAN and SMKI."]), tmp_path, "SEC Section A.docx")
    monkeypatch.chdir(tmp_path)
    assert [f["subject"] for f in findings(check(a), "SP503")] == ["sm wan", "smki"]
    (tmp_path / "duislint.toml").write_text('acronyms = ["SM WAN", "SMKI"]\n', encoding="utf-8")
    assert findings(check(a), "SP503") == []


def test_documents_of_the_code_without_section_a_are_not_checked_for_terms_and_say_so(tmp_path):
    ad = save(appendix_ad(prose=["The Smart Metering Inventory lists devices."]), tmp_path, "SEC Appendix AD.docx")
    report = check(ad)
    assert findings(report, "SP503") == []
    (unchecked,) = [u for u in report["unchecked"] if u["rule"] == "SP503"]
    assert "Section A, where the Code defines its terms, not given" in unchecked["what"]


# --- SP504: defined terms nothing uses (opt-in) ----------------------------------------------------------------------


def test_an_unused_defined_term_is_reported_only_when_selected_by_its_id(tmp_path, clean):
    rows = [*SECTION_A_ROWS, ["Fax Number", "means a number for facsimile transmissions."]]
    a = save(section_a(rows), tmp_path, "SEC Section A.docx")
    others = clean[1:]
    assert findings(check(a, *others), "SP504") == []
    assert findings(check(a, *others, extra=("--select", "SP5")), "SP504") == []  # not by a prefix
    found = findings(check(a, *others, extra=("--select", "SP504")), "SP504")
    assert sorted((f["subject"], f["severity"]) for f in found) == [("Command Variant", "info"), ("Fax Number", "info")]
    rules = cli("rules").out
    assert "SP504" in rules and "(opt-in)" in rules


def test_a_term_used_only_in_another_definition_counts_as_used(tmp_path, clean):
    found = {f["subject"] for f in findings(check(*clean, extra=("--select", "unused-defined-term")), "SP504")}
    assert "Smart Meter Communication Licence" not in found  # used in the meaning of "DCC"
    assert found == {"Command Variant"}  # Appendix AD defines it, and nothing uses it


# --- all of it together, as Word writes it --------------------------------------------------------------------------


def test_a_duplicate_definition_deleted_as_a_tracked_change_is_gone_only_in_the_accepted_view(tmp_path):
    a = save(section_a(), tmp_path, "SEC Section A.docx")
    doc = DocxBuilder("typed").paragraph("APPENDIX AD \u2013 DCC User Interface Specification", style="Title")
    doc.heading(1, "Definitions", "1.3")
    doc.table([["Term", "Definition"], ["Command Variant", "The value that tells the DCC how to process it."],
               ["TLS", "The protocol."]], row_changes={2: "del"})  # fmt: skip
    ad = doc.save(tmp_path / "SEC Appendix AD.docx")
    assert findings(check(a, ad), "SP501") == []
    assert [f["subject"] for f in findings(check(a, ad, extra=("--revisions", "original")), "SP501")] == ["TLS"]


# --- text as authors (and attackers) write it ----------------------------------------------------------------------

_PIECES = st.sampled_from(['"', "'", "(", ")", " ", ".", ",", "Section ", "Appendix AD ", "clause ", "H17.5", "(a)",
                           "means ", "has the meaning given to it in Section A", "DCC", "SM WAN", "Major", "of",
                           "Security", "Incidents", "\u201c", "\u2019s", "In this Section, ", "3.8.82", "x" * 50])  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_any_text_reads_without_error_as_definitions_references_and_terms(text):
    definition_paragraph(text)
    read_definition(text, text)
    named = clauses_named(text)
    assert all(text[n.start : n.end] == n.text for n in named)
    known = _Known(frozenset({("dcc",)}), {"dcc": (1,)}, {("dcc",): "DCC"}, {("dcc",): "Section A"}, {}, {})
    for used, key in _undefined(text, known):
        assert key and used


def test_a_long_paragraph_is_read_in_linear_time():
    text = ("The DCC shall notify Major Security Incidents (see Section H17.5(a)) \"quoted\" over the SM WAN; " * 4000)
    known = _Known(frozenset({("dcc",)}), {"dcc": (1,)}, {("dcc",): "DCC"}, {("dcc",): "Section A"}, {}, {})
    assert len(list(_undefined(text, known))) == 4000 * 2
    assert len(clauses_named(text)) == 4000 and definition_paragraph(text) is None

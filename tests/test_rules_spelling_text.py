"""SP405 misspelt-word-in-text: the specification's prose spelt with the naming rules' speller (British English,
the documents' defined terms, DUIS's vocabulary and the schema's names as known words), on Markdown and Word
documents made here, with and without a schema PATH. British spellings need Debian's wbritish-large.
"""

from __future__ import annotations

import os

import pytest

from duislint import lexicon
from tests.conftest import sr_schema
from tests.docxgen import DocxBuilder
from tests.helpers import check_json, findings_of

pytestmark = [
    pytest.mark.usefixtures("in_fixture_folder"),
    pytest.mark.skipif(not any(os.path.isfile(p) for p in lexicon.DICTIONARIES), reason="no British word list"),
]

TYPOS = "Teh DCC shall recieve the Service Request and seperate its Commands; Users recieve teh response."
BRITISH = "The DCC shall authorise the User, whose licence and colour scheme are checked."
PROSE = """\
# 1 Introduction

The DUIS specification is read with the Code. Messages are sent over TLS to the DCC User Interface.

## 1.3 Definitions

| Term | Definition |
|---|---|
| Smart Metering Inventery | The list of devices the DCC holds. |
| Command Variant | The value that tells the DCC how to process a request. |
"""


def _markdown(write, *paragraphs: str) -> str:
    write("spec.md", PROSE + "\n## 1.4 Processing\n\n" + "\n\n".join(paragraphs) + "\n")
    return "spec.md"


def _spelling(report: dict) -> dict[str, dict]:
    return {f["subject"]: f for f in findings_of(report, "SP405")}


def test_typos_in_markdown_prose_are_reported_with_the_nearest_word(write):
    found = _spelling(check_json("--spec", _markdown(write, TYPOS)))
    assert set(found) == {"teh", "recieve", "seperate"}
    assert found["recieve"]["suggestion"] == "receive"
    assert found["seperate"]["suggestion"] == "separate"
    assert found["teh"]["suggestion"] == "The"  # written 'Teh' first, at the start of a sentence
    assert found["recieve"]["message"] == "'recieve' is not a word; did you mean 'receive'? (2 times)"
    assert found["recieve"]["severity"] == "info"
    assert found["recieve"]["location"]["section"].startswith("1.4")


def test_typos_in_a_word_document_are_reported_once_per_document_with_the_other_places(tmp_path):
    doc = DocxBuilder("typed")
    doc.heading(1, "Processing", "1")
    doc.paragraph("1.1 The User shall not seperate the Commands of teh request.")
    doc.paragraph("1.2 " + TYPOS)
    doc.table([["Term", "Definition"], ["Command", "An instruction to a device, which teh device acts on."]])
    doc.save(tmp_path / "spec.docx")
    found = _spelling(check_json("--spec", "spec.docx"))
    assert {word: f["suggestion"] for word, f in found.items()} == {"teh": "the", "recieve": "receive",
                                                                   "seperate": "separate"}  # fmt: skip
    assert found["teh"]["message"].endswith("(4 times)")  # 1.1, 1.2 twice, the table
    assert [place.get("table") for place in found["teh"]["related"]] == [1]  # one place per section and table
    assert found["seperate"]["location"]["path"] == "spec.docx"


def test_british_spellings_defined_terms_acronyms_and_non_prose_tokens_are_known(write):
    spec = _markdown(
        write,
        BRITISH,
        "The Smart Metering Inventery lists each ESME, GSME and PPMID; see SMKI-PMA, https://example.org/duis.",
        "A Device Pre-notification is sent semi-annually; the User's request is non-critical.",
        "Write to duis.queries@example.org about ReadInstantaneousPrepayValues, 'abc' or kWh2; x-ref ab.",
    )
    assert findings_of(check_json("--spec", spec), "SP405") == []


def test_with_a_schema_path_the_schema_names_words_are_known_too(write):
    write("sr.xsd", sr_schema("""
        <xs:element name="ConfiguratinTable" type="xs:string"/>
        <xs:element name="Retruned" type="xs:string"/>
    """))  # fmt: skip
    spec = _markdown(write, "Each configuratin is recorded. A 'Retruned' element is quoted, not misspelt.")
    without = _spelling(check_json("--spec", spec))  # the word is known only through the schema
    assert without["configuratin"]["suggestion"] == "configuration"
    found = _spelling(check_json("sr.xsd", "--spec", spec))
    assert set(found) == set(), found


def test_a_run_without_a_schema_path_reports_typos_and_lists_the_schema_rules_as_not_run(write):
    report = check_json("--spec", _markdown(write, TYPOS))
    assert set(_spelling(report)) == {"teh", "recieve", "seperate"}
    assert report["not_run"]["reason"] == "no schema PATH"
    assert "SP405" not in report["not_run"]["rules"]

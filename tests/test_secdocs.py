"""The generated documents of the Code (tests/secdocs.py, the text-only benchmark's input) read as they are meant:
each known as the Code names it, its clauses as the generator numbered them, and the set clean."""

from __future__ import annotations

from duislint.spec.build import read_spec
from tests.helpers import cli
from tests.secdocs import sec_documents


def test_each_generated_document_is_read_with_the_clauses_it_was_given(tmp_path):
    for name, doc in sec_documents(clauses=40).items():
        spec = read_spec(str(doc.save(tmp_path)), name)
        read = [s.number for s in spec.sections if s.number] + [p.clause for p in spec.paragraphs if p.clause]
        assert spec.document == doc.document
        assert sorted(read) == sorted(doc.clauses), name
        assert len(spec.tables) == doc.tables, name
    section_a = read_spec(str(tmp_path / "SEC Section A.docx"), "SEC Section A.docx")
    assert len(section_a.terms) > 300  # the definitions table has no header row


def test_the_generated_set_is_clean_without_a_schema_path(tmp_path):
    paths = [doc.save(tmp_path) for doc in sec_documents(clauses=40).values()]
    run = cli("check", *[item for path in paths for item in ("--spec", path)], "--format", "json")
    assert run.code == 0, run.err
    report = run.json()
    assert report["findings"] == [], [(f["rule"], f["subject"], f["message"]) for f in report["findings"]]


def test_the_same_arguments_give_the_same_documents():
    first, second = sec_documents(clauses=20), sec_documents(clauses=20)
    assert {n: d.parts for n, d in first.items()} == {n: d.parts for n, d in second.items()}

"""The demo read as documents of the Code: Appendix AD (the DUIS specification) with the demo's Section A and
Section H, as `make demo` checks them. duislint reports exactly the cross-document defects that schemas/demo/README.md
lists ("Across the documents of the Code"), beside the specification's and the schemas' own.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import check_json, line_of
from tests.test_demo import PLANTED as SCHEMA_PLANTED
from tests.test_demo_spec import DEMO, MATRIX, SPEC_DOCX, SPEC_MD, spec_key
from tests.test_demo_spec import PLANTED as SPEC_PLANTED

SECTION_A = DEMO / "Demo SEC Section A.md"
SECTION_H = DEMO / "Demo SEC Section H.md"

# (rule, subject, document, section, table, row) -> (file, marker text, which occurrence)
PLANTED: dict[tuple[str, str, str, str, int | None, int | None], tuple[Path, str, int]] = {
    ("SP501", "Transport Layer Security", "Appendix AD", "1.3", 1, 6): (SPEC_MD, "| Transport Layer Security (TLS) |", 1),
    ("SP501", "TLS", "Appendix AD", "1.3", 1, 8): (SPEC_MD, "| TLS |", 1),
    ("SP501", "Transport Layer Security", "Section H", "H1.1", None, None): (SECTION_H, "H1.1 In this Section", 1),
    ("SP502", "Service Desk Hours", "Section H", "H1.2", None, None): (SECTION_H, "H1.2 ", 1),
    ("SP503", "major security incident", "Section H", "H2.1", None, None): (SECTION_H, "H2.1 ", 1),
    ("SP503", "sm wan", "Section H", "H2.2(b)", None, None): (SECTION_H, "(b) whether", 1),
    ("SP404", "fax", "Section H", "H3.1", None, None): (SECTION_H, "H3.1 ", 1),
    ("SP511", "Appendix AD 3.8.12", "Section H", "H3.2", None, None): (SECTION_H, "H3.2 ", 1),
    ("SP405", "teh", "Section H", "H3.2", None, None): (SECTION_H, "H3.2 ", 1),
}


def key(finding: dict) -> tuple:
    loc = finding["location"]
    return (finding["rule"], finding["subject"], loc.get("document"), loc.get("section"), loc.get("table"),
            loc.get("row"))  # fmt: skip


@pytest.fixture(scope="module", params=[SPEC_MD, SPEC_DOCX], ids=["md", "docx"])
def report(request) -> tuple[Path, dict]:
    specs = (request.param, MATRIX, SECTION_A, SECTION_H)
    return request.param, check_json(DEMO, extra=tuple(a for s in specs for a in ("--spec", str(s))))


def test_the_documents_of_the_code_give_exactly_the_planted_cross_document_findings(report):
    spec, found = report
    new_rules = {rule for rule, *_ in PLANTED}
    cross = Counter(key(f) for f in found["findings"] if key(f) in PLANTED or (
        f["rule"] in new_rules and f["rule"] not in {"SP404", "SP405"}))  # fmt: skip
    assert cross == Counter(PLANTED.keys()), "each cross-document defect is reported once, and no other SP5xx finding"
    own = Counter(spec_key(f) for f in found["findings"] if Path(f["location"]["path"]).name == spec.name
                  and key(f) not in PLANTED)  # fmt: skip
    assert own == Counter(SPEC_PLANTED.keys()), "Appendix AD's own findings are as without the other documents"
    others = Counter((f["rule"], f["subject"]) for f in found["findings"] if f["location"]["path"].endswith(".xsd"))
    assert others == Counter(SCHEMA_PLANTED.keys())
    assert not [f for f in found["findings"] if Path(f["location"]["path"]).name == SECTION_A.name]  # clean


def test_cross_document_findings_are_at_the_planted_lines(report):
    spec, found = report
    for finding in found["findings"]:
        planted = PLANTED.get(key(finding))
        if planted is None or (planted[0] == SPEC_MD and spec != SPEC_MD):
            continue
        path, marker, nth = planted
        assert finding["location"]["line"] == line_of(path.read_text(encoding="utf-8"), marker, nth), finding


def test_references_into_documents_not_given_are_counted(report):
    _, found = report
    assert found["unchecked"] == [
        {"rule": "SP511", "count": 2, "what": "clause reference(s) into documents not given (Section C, Section X)"}
    ]


def test_the_fixes_the_findings_suggest(report):
    _, found = report
    by_key = {key(f): f for f in found["findings"]}
    assert by_key[("SP503", "major security incident", "Section H", "H2.1", None, None)]["suggestion"] == (
        "DCC Major Security Incident"
    )
    assert by_key[("SP511", "Appendix AD 3.8.12", "Section H", "H3.2", None, None)]["suggestion"] == "3.8.9"
    tls = by_key[("SP501", "TLS", "Appendix AD", "1.3", 1, 8)]
    assert tls["suggestion"] == "'TLS' has the meaning given to that term in Section A"
    assert {(r.get("document"), r.get("row")) for r in tls["related"]} >= {("Section A", 15)}


def test_readme_cross_document_table_matches_the_report():
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    listed = []
    for rule, places in re.findall(r"^\| \d+ \|[^|]+\| (SP\d{3}) \| ((?:Section|Appendix) [^|]+) \|$", text, re.M):
        for place in places.split("; "):
            match = re.fullmatch(r"((?:Section|Appendix) [A-Z]{1,2}) §(\S+)(?: table (\d+))?(?: rows? ([\d, ]+))?",
                                 place.strip())  # fmt: skip
            assert match, place
            document, section, table, rows = match.groups()
            for row in [int(r) for r in rows.split(",")] if rows else [None]:
                listed.append((rule, document, section, int(table) if table else None, row))
    planted = [(rule, document, section, table, row) for rule, _, document, section, table, row in PLANTED]
    assert sorted(listed, key=str) == sorted(planted, key=str)


def test_without_section_a_the_terms_in_use_are_not_judged_and_the_report_says_so():
    found = check_json(DEMO, extra=("--spec", str(SPEC_MD), "--spec", str(MATRIX)))
    assert not [f for f in found["findings"] if f["rule"].startswith("SP50")]
    assert any(u["rule"] == "SP503" and "Section A" in u["what"] for u in found["unchecked"])

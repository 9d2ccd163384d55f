"""The Markdown specification reader: headings (typed numbers or numbered by level), pipe tables, paragraphs, lines."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from duislint.spec import model
from duislint.spec.build import read_spec
from duislint.spec.model import Spec
from tests.helpers import cli


def read(write, text: str, name: str = "spec.md") -> Spec:  # noqa: ANN001
    path = write(name, textwrap.dedent(text).lstrip("\n"))
    return read_spec(str(path), name)


def outline(spec: Spec) -> list[tuple[str, str, int]]:
    return [(s.number, s.title, s.level) for s in spec.sections]


# --------------------------------------------------------------------------------------------------- headings


def test_typed_heading_numbers(write):
    spec = read(
        write,
        """
        # 3 Service Requests
        ## 3.8. Update Import Tariff
        ### 3.8.82 Update Import Tariff (Primary Element)
        #### 3.8.82.2   Specific Data Items
        """,
    )
    assert outline(spec) == [
        ("3", "Service Requests", 1),
        ("3.8", "Update Import Tariff", 2),
        ("3.8.82", "Update Import Tariff (Primary Element)", 3),
        ("3.8.82.2", "Specific Data Items", 4),
    ]
    assert [s.location.line for s in spec.sections] == [1, 2, 3, 4]
    assert spec.sections[3].location.section == "3.8.82.2"


def test_document_without_typed_numbers_is_numbered_by_level(write):
    spec = read(
        write,
        """
        # Introduction
        ## Scope
        ## Terms
        # Service Requests
        ## Update Import Tariff
        ### Specific Data Items
        ### Responses
        #### Codes
        """,
    )
    assert [n for n, _, _ in outline(spec)] == ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.1.2.1"]
    assert spec.sections[0].title == "Introduction"


def test_untyped_headings_in_a_numbered_document_stay_unnumbered(write):
    spec = read(
        write,
        """
        # Document Control
        # 1 Introduction
        ## Note
        ## 1.2 Scope
        """,
    )
    assert outline(spec) == [
        ("", "Document Control", 1),
        ("1", "Introduction", 1),
        ("", "Note", 2),
        ("1.2", "Scope", 2),
    ]


def test_heading_needs_a_space_and_closing_hashes_are_dropped(write):
    spec = read(
        write,
        """
        #NotAHeading
        ## 2 Closed Heading ##
        """,
    )
    assert outline(spec) == [("2", "Closed Heading", 2)]
    assert [p.text for p in spec.paragraphs] == ["#NotAHeading"]


def test_hash_at_the_end_of_a_title_is_kept(write):
    assert outline(read(write, "## 3.1 Use of C#\n")) == [("3.1", "Use of C#", 2)]


def test_heading_titles_are_normalised(write):
    spec = read(write, "## 3.1\u00a0Supplier\u2019s  \u201cOwn\u201d Ser\u00advice\n")
    assert outline(spec) == [("3.1", 'Supplier\'s "Own" Service', 2)]


# --------------------------------------------------------------------------------------------------- paragraphs


def test_paragraphs_join_their_lines_and_carry_the_first_line(write):
    spec = read(
        write,
        """
        Before any heading.

        # 1 Introduction
        First line of a paragraph
          continued here.

        Second paragraph, see clause 3.9.7.
        """,
    )
    assert [(p.text, p.location.line, p.section.number if p.section else None) for p in spec.paragraphs] == [
        ("Before any heading.", 1, None),
        ("First line of a paragraph continued here.", 4, "1"),
        ("Second paragraph, see clause 3.9.7.", 7, "1"),
    ]
    (clause,) = spec.clause_references
    assert (clause.number, clause.location.line, clause.location.section) == ("3.9.7", 7, "1")


# --------------------------------------------------------------------------------------------------- tables


def test_pipe_table_with_escaped_bars_line_breaks_and_row_lines(write):
    spec = read(
        write,
        """
        # 3 Data

        | Data Item | Description / Valid Set | Type | Mandatory |
        |:---|---|---:|:---:|
        | sr:Price | one<br>two<br/>three<BR /> | xs:int \\| xs:long | M |

        | ra:Code | after a blank line | xs:string | O |
        """,
    )
    # a blank line ends a table: the bar line after it (no separator below it) is a paragraph
    (table,) = spec.tables
    assert table.kind == model.DATA_ITEMS and table.section.number == "3"
    assert table.header == ("Data Item", "Description / Valid Set", "Type", "Mandatory")
    assert [(r.index, r.cells, r.location.line) for r in table.rows] == [
        (1, ("sr:Price", "one\ntwo\nthree", "xs:int | xs:long", "M"), 5),
    ]
    assert table.location.line == 3 and table.location.table == 1
    assert [(p.text, p.location.line) for p in spec.paragraphs] == [
        ("| ra:Code | after a blank line | xs:string | O |", 7)
    ]


def test_rows_without_outer_bars_empty_rows_and_short_rows(write):
    spec = read(
        write,
        """
        | Term | Definition |
        |---|---|
        | `TLS` | Transport Layer Security \\|
        |  |  |
        | Short |
        | ends with escaped bar \\| | x |
        | \\`literal\\` backticks | `code` marks dropped |
        """,
    )
    (table,) = spec.tables
    assert [(r.index, r.cells, r.location.line) for r in table.rows] == [
        (1, ("TLS", "Transport Layer Security |"), 3),
        (3, ("Short", ""), 5),  # the empty row 2 is dropped; rows keep their place
        (4, ("ends with escaped bar |", "x"), 6),
        (5, ("`literal` backticks", "code marks dropped"), 7),
    ]


def test_group_header_row_above_the_header_and_row_lines(write):
    spec = read(
        write,
        """
        Intro.

        | Service Request Matrix | Service Request Matrix | Service Request Matrix |
        |---|---|---|
        | Service Request Name | Service Reference | Service Reference Variant |
        | Update Import Tariff | 1.1 | 1.1.1 |
        | Update Price | 1.2 | 1.2.1 |
        """,
    )
    (table,) = spec.tables
    assert table.kind == model.MATRIX
    assert table.header == ("Service Request Name", "Service Reference", "Service Reference Variant")
    assert [(r.cells[2], r.location.line) for r in table.rows] == [("1.1.1", 6), ("1.2.1", 7)]


def test_a_bar_line_without_separator_is_a_paragraph(write):
    spec = read(write, "| not | a table |\nsecond line\n")
    assert spec.tables == []
    assert [p.text for p in spec.paragraphs] == ["| not | a table | second line"]


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("| Term | Definition |", model.TERMS),
        (
            "| Service Request Name | Service Reference | Service Reference Variant | Eligible User Roles |",
            model.MATRIX,
        ),
        (
            "| Response Code | Response Code Name | Response Code Type | Response Code Description |",
            model.RESPONSE_CODES,
        ),
        ("| DCC Alert Code | Alert Name | Alert Data Item |", model.ALERT_CODES),
        ("| Attribute | Value |", model.SERVICE_DESCRIPTION),
        ("| Data Item | Description / Valid Set | Type | Mandatory | Default | Units |", model.DATA_ITEMS),
        ("| data  item | TYPE | mandatory (m/o) |", model.DATA_ITEMS),
        ("| Name | Colour |", model.UNKNOWN),
    ],
)
def test_table_kinds(write, header, kind):
    width = header.count("|") - 1
    text = f"{header}\n|{'---|' * width}\n|{' x |' * width}\n"
    (table,) = read(write, text).tables
    assert table.kind == kind


def test_terms_and_tables_in_sections_with_lines(write):
    spec = read(
        write,
        """
        # 1 Definitions

        | Term | Definition |
        |---|---|
        | Transport Layer Security (TLS) | The protocol, see section 3.5. |
        | Service Request | A request. |

        # 2 Other
        """,
    )
    assert [(t.forms, t.location.line, t.location.section) for t in spec.terms] == [
        (("Transport Layer Security", "TLS"), 5, "1"),
        (("Service Request",), 6, "1"),
    ]
    assert [(c.number, c.location.line, c.location.row) for c in spec.clause_references] == [("3.5", 5, 1)]


# --------------------------------------------------------------------------------------------------- extract, input


def test_extract_json_of_a_markdown_spec(write):
    path = write("spec.md", "# 1 Intro\n\n| Attribute | Value |\n|---|---|\n| Name | x<br>y |\n")
    result = cli("extract", path, "--format", "json")
    assert result.code == 0
    data = result.json()
    assert data["sections"] == [{"number": "1", "title": "Intro", "level": 1}]
    assert data["tables"][0]["rows"] == [{"row": 1, "line": 5, "cells": ["Name", "x\ny"]}]


def test_extract_md_of_a_markdown_spec_reads_back_the_same(write, tmp_path):
    source = write(
        "spec.md",
        textwrap.dedent(
            """
            # Introduction
            Some text.
            ## Terms
            | Term | Definition |
            |---|---|
            | A \\| B | one<br>two |
            # Service Requests
            | Attribute | Value |
            |---|---|
            | Name | Update |
            """
        ).lstrip(),
    )
    target = tmp_path / "again.md"
    assert cli("extract", source, "--format", "md", "-o", target).code == 0
    first, second = read_spec(str(source), "spec.md"), read_spec(str(target), "again.md")
    assert (
        outline(second)
        == outline(first)
        == [
            ("1", "Introduction", 1),
            ("1.1", "Terms", 2),
            ("2", "Service Requests", 1),
        ]
    )
    tables = lambda s: [(t.section.number, t.kind, t.header, [r.cells for r in t.rows]) for t in s.tables]  # noqa: E731
    assert tables(second) == tables(first)
    assert tables(first)[0] == ("1.1", model.TERMS, ("Term", "Definition"), [("A | B", "one\ntwo")])


def test_markdown_that_is_not_utf8_exits_2_naming_file_and_line(tmp_path):
    path = tmp_path / "spec.md"
    path.write_bytes(b"# 1 Intro\n\nCaf\xe9 text\n")
    result = cli("extract", path)
    assert result.code == 2
    err = result.err
    assert len(err.strip().splitlines()) == 1
    assert f"{Path(path).name}:3" in err and "Traceback" not in err


def test_utf8_bom_is_ignored(tmp_path):
    path = tmp_path / "spec.md"
    path.write_bytes("\ufeff# 1 Intro\n".encode())
    assert outline(read_spec(str(path), "spec.md")) == [("1", "Intro", 1)]


# --------------------------------------------------------------------------------------------------- tracked changes


REDLINE = """
    # 3 Codes

    | Response Code | Response Code Name | Response Code Type | Response Code Description |
    |---|---|---|---|
    | E1 | {~~Old Name~>New Name~~} | Error | Kept{++, with more words++}{-- and less--}. |
    | {--E2--} | {--Gone--} | {--Error--} | {--Deleted with its row.--} |
    | {++E3++} | {++Added++} | {++Error++} | {++Inserted with its row.++} |
    | E4 | Last | Error | Stays. |

    Write to the {~~Fax~>email~~} address.
    """


def test_criticmarkup_is_read_as_tracked_changes_accepted_by_default(write):
    spec = read(write, REDLINE)
    (table,) = spec.tables
    assert [(r.cells[0], r.cells[1], r.cells[3], r.location.line) for r in table.rows] == [
        ("E1", "New Name", "Kept, with more words.", 5),
        ("E3", "Added", "Inserted with its row.", 7),  # every other line keeps its number
        ("E4", "Last", "Stays.", 8),
    ]
    assert [p.text for p in spec.paragraphs] == ["Write to the email address."]


def test_criticmarkup_original_view_is_the_text_before_the_changes(write):
    path = write("spec.md", textwrap.dedent(REDLINE).lstrip("\n"))
    spec = read_spec(str(path), "spec.md", "original")
    (table,) = spec.tables
    assert [(r.cells[0], r.cells[1], r.cells[3], r.location.line) for r in table.rows] == [
        ("E1", "Old Name", "Kept and less.", 5),
        ("E2", "Gone", "Deleted with its row.", 6),
        ("E4", "Last", "Stays.", 8),
    ]
    assert [p.text for p in spec.paragraphs] == ["Write to the Fax address."]

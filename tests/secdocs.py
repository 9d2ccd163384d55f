"""Six documents shaped as the Smart Energy Code's, generated (Word .docx, tests/docxgen.py), for tests and for the
benchmark of a text-only run (benchmarks/bench_sec_documents.py).

    documents = sec_documents(clauses=300)          # {file name: SecDocument}, in the Code's order
    paths = save_sec_documents(tmp_path, clauses=300)
    documents["SEC Section H.docx"].clauses         # ["H1", "H1.1", "H1.1(a)", ...] as duislint should read them

* ``SEC Section A.docx``: "SECTION A: DEFINITIONS AND INTERPRETATION"; A1 holds the definitions in a two-column
  table with no header row (the expression in bold | "means ..."), some of them references back to the Section
  that defines the term ("has the meaning given to that expression in Section G"); A2 its rules of
  interpretation, typed clauses ("A2.1", "(a)").
* ``SEC Section G.docx`` (typed clause numbers: "G1", "G1.1 ...", "(a) ..."), ``SEC Section H.docx`` and ``SEC
  Section M.docx`` (Word list numbering: lvlText "H%1", "H%1.%2", "(%3)" lowerLetter, "(%4)" lowerRoman, on the
  headings and the body paragraphs alike), ``SEC Section F.docx`` (typed, with more tables): clauses of prose of
  realistic length, sub-clauses, a table every few dozen clauses, a term or two defined in the text (`"X" means
  ...`), and references to clauses of the others ("Section H1.2", "Appendix AD clause 3.8.2"), every one to a
  clause that exists; a few to documents not given ("Section X3.2"), which a run counts as unchecked.
* ``SEC Appendix AD.docx``: "APPENDIX AD – DCC User Interface Specification", headings and clauses numbered with
  figures ("3.8.2 ..."), a Service Description table per Service Request and a response-code table.

``clauses`` is the number of clauses (numbered paragraphs, sub-clauses included) of each document, about; every
word is one the spelling rules know and every capitalised term one that Section A defines, so that the set is
clean. The same arguments give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.docxgen import Cell, DocxBuilder, Formatted, ListLevel, list_id, numbered_paragraph, save_parts, with_lists
from tests.prose import TERMS, Prose

_TITLES = {
    "A": "DEFINITIONS AND INTERPRETATION",
    "F": "SMART METERING SYSTEM REQUIREMENTS",
    "G": "SECURITY",
    "H": "DCC SERVICES",
    "M": "GENERAL",
}
_PARTS = (
    "GENERAL", "OBLIGATIONS OF THE DCC", "OBLIGATIONS OF USERS", "RECORDS AND REPORTS", "INCIDENTS", "DISPUTES",
    "CHANGES TO THIS SECTION", "NOTICES", "REVIEW", "TRANSITION", "AUDIT", "INFORMATION", "CHARGES", "PERFORMANCE",
)  # fmt: skip
_QUALIFIERS = (
    "Annual", "Central", "Commercial", "Daily", "Emergency", "Expected", "Final", "General", "Initial", "Monthly",
    "Operational", "Planned", "Primary", "Quarterly", "Regional", "Relevant", "Secondary", "Standard", "Technical",
    "Temporary",
)  # fmt: skip
_NOUNS = (
    "Access Arrangement", "Assessment", "Budget", "Certificate", "Contract", "Forecast", "Licence", "Meeting",
    "Notification", "Payment", "Period", "Plan", "Procedure", "Report", "Review",
)  # fmt: skip
SEC_LIST = "{0}%1", "{0}%1.%2", "(%3)", "(%4)"
_TABLE_HEADER = ("Party", "Obligation", "Timescale")
_TABLE_ROWS = (
    ("The DCC", "Keep the Inventory up to date.", "Each Working Day"),
    ("Each DCC User", "Report each Incident it finds.", "Without undue delay"),
    ("The Panel", "Review the reports it receives.", "At least once in each year"),
    ("Each Party", "Provide the information requested.", "Within five Working Days"),
)
_SERVICE_REQUESTS = (
    ("Update Import Tariff", "1.1.1"), ("Update Price", "1.2.1"), ("Update Meter Balance", "1.5"),
    ("Update Payment Mode", "1.6"), ("Reset Tariff Block Counter Matrix", "1.7"),
    ("Update Prepay Configuration", "2.1"),
    ("Top Up Device", "2.2"), ("Update Debt", "2.3"), ("Activate Emergency Credit", "2.5"), ("Display Message", "3.1"),
)  # fmt: skip
_RESPONSE_CODES = tuple((f"E{n}", f"Invalid Request {n}", "Error") for n in range(1, 41))


@dataclass
class SecDocument:
    """One generated document: its file name, the document of the Code it is, its package parts, and the clause
    numbers in it in full, as duislint reads them."""

    name: str
    document: str
    parts: dict[str, str]
    clauses: list[str] = field(default_factory=list)
    tables: int = 0
    paragraphs: int = 0

    def save(self, folder: str | Path) -> Path:
        return save_parts(self.parts, Path(folder) / self.name)


@dataclass(frozen=True)
class _Plan:
    """How many parts (headings) a Section has and how many clauses each: what references may name."""

    letter: str
    parts: int
    per_part: int

    def clause(self, n: int) -> str:
        """The n-th numbered clause of the Section (any n: it wraps)."""
        n %= self.parts * self.per_part
        return f"{self.letter}{n // self.per_part + 1}.{n % self.per_part + 1}"


def _plan(letter: str, clauses: int) -> _Plan:
    per_part = 12
    # about a third of the clauses have two sub-clauses: clauses ~ parts * per_part * 5/3
    return _Plan(letter, max(1, round(clauses * 3 / 5 / per_part)), per_part)


def _defined_terms() -> list[tuple[str, str]]:
    """Section A's own definitions: the terms the prose uses, then a few hundred more of the Code's kind."""
    prose = Prose("section-a-definitions")
    terms = [(term, definition) for term, definition in TERMS]
    terms += [(f"{q} {n}", prose.definition(f"{q} {n}")) for q in _QUALIFIERS for n in _NOUNS]
    return terms


def _local_term(letter: str) -> str:
    """The one term each Section other than A defines in its own text, and Section A refers back to."""
    terms = {"F": "Installation Record", "G": "Security Incident Log", "H": "Service Desk", "M": "Notice Address"}
    return terms[letter]


def sec_documents(clauses: int = 300, seed: str = "sec") -> dict[str, SecDocument]:
    """The six documents, by file name, in the Code's order (Section A first)."""
    plans = {letter: _plan(letter, clauses) for letter in "FGHM"}
    ad_clauses = [f"3.8.{i + 1}" for i in range(len(_SERVICE_REQUESTS))]
    references = [f"Section {p.clause(n * 7)}" for p in plans.values() for n in range(5)]
    references += [f"Appendix AD clause {c}" for c in ad_clauses[:4]]
    references += ["Section X3.2 of the Code", "Section A1.1"]
    found = [_section_a(plans, clauses, seed)]
    for letter, numbering in (("F", "typed"), ("G", "typed"), ("H", "list"), ("M", "list")):
        found.append(_section(plans[letter], numbering, Prose(f"{seed}-{letter}", references)))
    found.append(_appendix_ad(clauses, Prose(f"{seed}-AD", references[:-2] + ["clause 3.8.2", "section 3.5"])))
    return {doc.name: doc for doc in found}


def save_sec_documents(folder: str | Path, clauses: int = 300, seed: str = "sec") -> list[Path]:
    """The six documents written into a folder, in the Code's order."""
    return [doc.save(folder) for doc in sec_documents(clauses, seed).values()]


# --- Section A -------------------------------------------------------------------------------------------------


def _section_a(plans: dict[str, _Plan], clauses: int, seed: str) -> SecDocument:
    doc = DocxBuilder("typed", title="SEC Section A (generated)")
    prose = Prose(f"{seed}-A")
    found = SecDocument("SEC Section A.docx", "Section A", {})
    doc.paragraph(f"SECTION A: {_TITLES['A']}", style="Title")
    doc.heading(1, "A1 DEFINITIONS", numbered=False)
    doc.paragraph("A1.1 In this Code, except where the context otherwise requires, the expressions in the left hand "
                  "column below shall have the meanings given to them in the right hand column below.")  # fmt: skip
    found.clauses += ["A1", "A1.1"]
    rows: list[list[object]] = [[Cell(Formatted(term, bold=True)), definition] for term, definition in _defined_terms()]
    for letter in plans:
        meaning = f"has the meaning given to that expression in Section {letter}."
        rows.append([Cell(Formatted(_local_term(letter), bold=True)), meaning])
    rows.sort(key=lambda row: str(row[0].content.text).casefold())  # type: ignore[union-attr]
    doc.table(rows)
    found.tables += 1
    doc.heading(1, "A2 INTERPRETATION", numbered=False)
    found.clauses.append("A2")
    for n in range(1, max(4, clauses // 5) + 1):
        doc.paragraph(f"A2.{n} {prose.paragraph(2)}")
        found.clauses.append(f"A2.{n}")
        if n % 4 == 0:
            for marker in "ab":
                doc.paragraph(f"({marker}) {prose.sentence()}")
                found.clauses.append(f"A2.{n}({marker})")
    found.paragraphs = len(found.clauses)
    found.parts = doc.parts()
    return found


# --- Sections F, G, H, M ---------------------------------------------------------------------------------------


def _section(plan: _Plan, numbering: str, prose: Prose) -> SecDocument:
    letter = plan.letter
    doc = DocxBuilder("typed", title=f"SEC Section {letter} (generated)")
    found = SecDocument(f"SEC Section {letter}.docx", f"Section {letter}", {})
    doc.paragraph(f"SECTION {letter}: {_TITLES[letter]}", style="Title")
    numbers = list_id(0)

    def heading(n: int, title: str) -> None:
        if numbering == "list":
            numbered_paragraph(doc, numbers, 0, title, style="Heading1")
        else:
            doc.heading(1, f"{letter}{n} {title}", numbered=False)
        found.clauses.append(f"{letter}{n}")

    def clause(level: int, typed: str, text: str, full: str) -> None:
        if numbering == "list":
            numbered_paragraph(doc, numbers, level, text)
        else:
            doc.paragraph(f"{typed} {text}")
        found.clauses.append(full)
        found.paragraphs += 1

    for n in range(1, plan.parts + 1):
        heading(n, _PARTS[(n - 1) % len(_PARTS)])
        for m in range(1, plan.per_part + 1):
            number = f"{letter}{n}.{m}"
            if n == 1 and m == 1:
                term = _local_term(letter)
                clause(1, number, f'In this Section, "{term}" means the record that the DCC keeps for this '
                                  "Section.", number)  # fmt: skip
            elif m % 3 == 0:
                clause(1, number, f"{prose.sentence()[:-1]}, and shall:", number)
                for i, marker in enumerate("ab"):
                    clause(2, f"({marker})", prose.sentence()[:-1] + (";" if i == 0 else "."), f"{number}({marker})")
            else:
                clause(1, number, prose.paragraph(), number)
            if m == plan.per_part // 2 and n % 2 == 1:
                doc.table([list(_TABLE_HEADER)] + [list(row) for row in _TABLE_ROWS], header_rows=1)
                found.tables += 1
        doc.paragraph(prose.paragraph())  # an unnumbered paragraph: it is in the clause before it
        found.paragraphs += 1
    if numbering == "list":
        levels = [ListLevel(text.format(letter)) for text in SEC_LIST[:2]]
        levels += [ListLevel(SEC_LIST[2], "lowerLetter"), ListLevel(SEC_LIST[3], "lowerRoman")]
        found.parts = with_lists(doc.parts(), [levels])
    else:
        found.parts = doc.parts()
    return found


# --- Appendix AD -----------------------------------------------------------------------------------------------


def _appendix_ad(clauses: int, prose: Prose) -> SecDocument:
    doc = DocxBuilder("typed", title="SEC Appendix AD (generated)")
    found = SecDocument("SEC Appendix AD.docx", "Appendix AD", {})
    doc.paragraph("APPENDIX AD \u2013 DCC User Interface Specification", style="Title")

    def numbered(number: str, text: str) -> None:
        doc.paragraph(f"{number} {text}")
        found.clauses.append(number)
        found.paragraphs += 1

    per_heading = max(2, clauses // 12)
    for h, title in enumerate(("Introduction", "Overview of the User Interface"), start=1):
        doc.heading(1, title, str(h))
        found.clauses.append(str(h))
        for n in range(1, per_heading + 1):
            numbered(f"{h}.{n}", prose.paragraph())
    doc.heading(1, "DCC User Interface Services", "3")
    found.clauses.append("3")
    for s, title in enumerate(("Message Format", "Transport", "Signing", "Acknowledgements", "Response Codes",
                               "Processing", "Future Dated Requests"), start=1):  # fmt: skip
        doc.heading(2, title, f"3.{s}")
        found.clauses.append(f"3.{s}")
        for n in range(1, per_heading + 1):
            numbered(f"3.{s}.{n}", prose.paragraph())
        if title == "Response Codes":
            doc.table([["Response Code", "Name", "Type", "Description"]]
                      + [[code, name, kind, f"The request is not valid ({name.lower()})."]
                         for code, name, kind in _RESPONSE_CODES], header_rows=1)  # fmt: skip
            found.tables += 1
    doc.heading(2, "Service Requests", "3.8")
    found.clauses.append("3.8")
    for i, (name, srv) in enumerate(_SERVICE_REQUESTS, start=1):
        doc.heading(3, name, f"3.8.{i}")
        found.clauses.append(f"3.8.{i}")
        for n in range(1, max(2, per_heading // 4) + 1):
            numbered(f"3.8.{i}.{n}", prose.paragraph())
        doc.table([["Attribute", "Value"], ["Service Request Name", name], ["Service Reference",
                   ".".join(srv.split(".")[:2])], ["Service Reference Variant", srv], ["Critical", "No"],
                   ["On Demand", "Yes"], ["DCC Scheduled", "No"]], header_rows=1)  # fmt: skip
        found.tables += 1
    found.parts = doc.parts()
    return found


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write six SEC-shaped Word documents into a folder.")
    parser.add_argument("folder")
    parser.add_argument("--clauses", type=int, default=300, help="clauses of each document, about (default 300)")
    args = parser.parse_args(argv)
    Path(args.folder).mkdir(parents=True, exist_ok=True)
    for doc in sec_documents(args.clauses).values():
        path = doc.save(args.folder)
        print(f"wrote {path}: {len(doc.clauses)} clauses, {doc.tables} tables")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

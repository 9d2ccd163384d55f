"""The Smart Energy Code's documents and clauses: which document of the Code a specification is ("Section H",
"Appendix AD"), and the clause each numbered heading and paragraph is ("A1.1", "G3.5A", "H17.5(a)").

The Code numbers its clauses as paragraphs, not headings: "H17.5 The DCC shall ..." then "(a) ...", typed or made
by Word's list numbering ("H%1.%2", "(%3)"). A clause number is only read as typed in a document known to be of the
Code, and in a Section only with that Section's letter: "ECS24 Read ..." in a DUIS table is no clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from duislint.spec.model import Block, HeadingBlock, ParagraphBlock, TableBlock
from duislint.spec.text import one_line

_DASHES = ":\u2013\u2014\\-"
# "SECTION A: DEFINITIONS AND INTERPRETATION", "APPENDIX AD – DCC User Interface Specification", "Section H"
_TITLE = re.compile(rf"^(?i:(?P<kind>section|appendix))\s+(?P<letter>[A-Z]{{1,2}})(?:\s*[{_DASHES}]\s*\S.*)?$")
# "SEC Section H v7.0.docx", "sec_appendix_ad.md"
_FILE_NAME = re.compile(r"(?<![A-Za-z])(?i:(?P<kind>section|appendix))[\s_-]+(?P<letter>[A-Za-z]{1,2})(?![A-Za-z])")
_TITLE_BLOCKS = 5  # the title is among the first few paragraphs (a cover page may name the Code first)
MARK = "<!-- duislint: document {} -->"  # written by `extract --format md`, for a name that came from a file name
_MARK = re.compile(r"^<!-- duislint: document ((?:Section|Appendix) [A-Z]{1,2}) -->$", re.MULTILINE)

_MARKERS = r"(?:\((?:[a-z]{1,4}|[A-Z]{1,2}|\d{1,3})\))"
_NUMERIC = r"\d+[A-Z]?(?:\.\d+[A-Z]?)*"  # 1, 3.8.82.2, 3.5A
_ANNEX = re.compile(
    rf"^(?i:annex\s+to\s+section)\s+(?P<clause>[A-Z]\d+[A-Z]?)(?:\s*[{_DASHES}.]\s*|\s+|$)(?P<rest>.*)$"
)
_RELATIVE = re.compile(rf"^(?P<number>{_MARKERS}+)\s+(?P<rest>\S.*)$", re.DOTALL)
# a typed number in a body paragraph: dotted ("3.8.2 ..."), or whole with a full stop ("1. ..."), not "24 hours"
_BODY_NUMERIC = re.compile(rf"^(?P<number>\d+(?:\.\d+)+[A-Z]?{_MARKERS}*|\d+\.)\s+(?P<rest>\S.*)$", re.DOTALL)
_HEADING_NUMERIC = re.compile(rf"^(?P<number>{_NUMERIC}{_MARKERS}*)\.?(?:\s+(?P<rest>\S.*))?$", re.DOTALL)
_SPLIT = re.compile(r"^(?P<head>.*?)(?P<markers>(?:\([^()]*\))*)$")
_ROMAN = frozenset("ivxlc")


def document_name(blocks: Sequence[Block], path: str) -> str | None:
    """The document of the Code a specification is, from its title paragraph, else from its file name."""
    return title_name(blocks)[1] or file_name_document(path)


def title_name(blocks: Sequence[Block]) -> tuple[bool, str | None]:
    """Whether the first blocks of a document decide its title (a table, or enough paragraphs, has come: more
    blocks would not change it), and the document of the Code the title names, if any."""
    seen = 0
    for block in blocks:
        if isinstance(block, TableBlock) or seen >= _TITLE_BLOCKS:
            return True, None
        text = one_line(block.title if isinstance(block, HeadingBlock) else block.text)
        if not text:
            continue
        seen += 1
        found = _name(_TITLE.match(text))
        if found:
            return True, found
    return False, None


def file_name_document(path: str) -> str | None:
    """The document of the Code a file's name says it is ("SEC Section A.docx")."""
    return _name(_FILE_NAME.search(PurePath(path.replace("\\", "/")).stem))


def document_marked(text: str) -> str | None:
    """The document name a Markdown file written by `extract` says it is."""
    found = _MARK.search(text)
    return found.group(1) if found else None


def _name(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    kind, letter = match.group("kind").capitalize(), match.group("letter").upper()
    valid = re.fullmatch("[A-X]", letter) if kind == "Section" else re.fullmatch("[A-Z]|A[A-Z]", letter)
    return f"{kind} {letter}" if valid else None


def typed_numbers(blocks: Sequence[Block], document: str | None) -> list[Block]:
    """The blocks with the clause numbers typed at the start of headings and paragraphs taken out of their text (a
    heading's into its number, a paragraph's into its number), in a document of the Code; others as they are."""
    if document is None:
        return list(blocks)
    letter = document.split()[1] if document.startswith("Section ") else None
    clause = re.compile(rf"^(?P<number>{letter}{_NUMERIC}{_MARKERS}*)\.?(?:\s+(?P<rest>\S.*))?$", re.DOTALL) if letter else None  # fmt: skip
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, HeadingBlock) and not block.number:
            number, rest = _typed(block.title, clause, _HEADING_NUMERIC)
            out.append(replace(block, number=number, title=rest) if number else block)
        elif isinstance(block, ParagraphBlock) and not block.number and block.text:
            number, rest = _typed(block.text, clause, _BODY_NUMERIC, body=True)
            out.append(replace(block, number=number, text=rest) if number else block)
        else:
            out.append(block)
    return out


def _typed(text: str, clause: re.Pattern[str] | None, numeric: re.Pattern[str], body: bool = False) -> tuple[str | None, str]:  # fmt: skip
    annex = _ANNEX.match(text)
    if annex:
        return f"Annex to Section {annex.group('clause')}", annex.group("rest").strip()
    for pattern in (clause, numeric, _RELATIVE if body else None):
        found = pattern.match(text) if pattern is not None else None
        if found and (found.group("rest") or not body):
            return found.group("number").rstrip("."), (found.group("rest") or "").strip()
    return None, text


@dataclass
class Clauses:
    """The clause a numbered block is, read in document order: an absolute number ("H17.5", "3.8.2") is a clause
    of its own; "(a)", "(i)" are sub-clauses of the clause before them, nested by their kind (letters, roman
    numerals, capitals, digits), as the Code nests them."""

    base: str | None = None  # the last absolute number
    markers: list[tuple[str, str]] = field(default_factory=list)  # (kind, marker) of the sub-clauses below it

    @property
    def current(self) -> str | None:
        """The clause the text now being read is in."""
        if not self.markers:
            return self.base
        return (self.base or "") + "".join(f"({marker})" for _, marker in self.markers)

    def heading(self, number: str) -> None:
        """A heading ends the sub-clauses before it; a numbered one is a clause of its own."""
        self.base, self.markers = number or self.base, []

    def paragraph(self, number: str) -> str:
        """The clause of a paragraph numbered `number` as shown."""
        split = _SPLIT.match(number)
        head, markers = (
            (split.group("head"), re.findall(r"\(([^()]*)\)", split.group("markers"))) if split else (number, [])
        )
        if head and re.fullmatch(r"[a-z]{1,4}|[A-Z]{1,2}", head) and not markers:  # "%3" in lowerLetter: "a"
            head, markers = "", [head]
        if head:
            self.base, self.markers = head, []
        for marker in markers:
            kind = _kind(marker, self.markers)
            at = next((i for i, (k, _) in enumerate(self.markers) if k == kind), len(self.markers))
            self.markers = [*self.markers[:at], (kind, marker)]
        return self.current or number


def _kind(marker: str, above: list[tuple[str, str]]) -> str:
    """letter, roman, capital or digit; "(i)" is a letter after "(h)", else a roman numeral."""
    if marker.isdigit():
        return "digit"
    if marker.isupper():
        return "capital"
    if set(marker) <= _ROMAN:
        if len(marker) == 1 and any(k == "letter" and len(m) == 1 and ord(marker) == ord(m) + 1 for k, m in above):
            return "letter"  # the next letter of a list of them
        if any(k in ("letter", "roman") for k, _ in above) or marker == "i" or len(marker) > 1:
            return "roman"
    return "letter"

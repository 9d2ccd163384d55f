"""Defined terms and references to the Code's documents, as the Smart Energy Code writes them.

* A definition is a row of a definitions table — "Term | Definition", or Section A's table with no header row
  (the expression in bold, its meaning starting "means ...") — or a paragraph `"X" means ...`.
* One definition may give several forms of one term: "Transport Layer Security (TLS)", "Transport Layer Security or
  TLS" and `"TLS" or "Transport Layer Security"` each define both.
* "has the meaning given to it in Section A" is a reference back to another document, not a definition; "has the
  meaning given in the Electricity Act" points outside the Code.
* A reference into a document of the Code: "Section H17.5", "Section A1.1(b)", "Appendix AD clause 3.8.82",
  "paragraph 2.2 of Appendix AD", "Section X3.2 of the Code".

Terms are compared by their words (`term_key`): case, spacing, possessives and plurals aside ("DCC Users'" is
"DCC User").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from duislint.spec.text import case_blind, one_line


class DefinitionKind(StrEnum):
    OWN = "definition"  # the document defines the term itself
    BACK = "reference-back"  # "has the meaning given ... in Section A": another document of the Code defines it
    OUTSIDE = "reference-outside"  # "has the meaning given ... in the Electricity Act": outside the Code


_MEANING = r"(?:means|shall\s+mean|mean|has\s+the\s+meaning|have\s+the\s+meaning|shall\s+have\s+the\s+meaning|bears\s+the\s+meaning|is\s+defined)"  # noqa: E501
_STARTS_MEANING = re.compile(rf"^(?:{_MEANING})\b", re.IGNORECASE)
_REFERS = re.compile(r"^(?:has|have|shall\s+have|bears)\s+the\s+meaning\b", re.IGNORECASE)
_DOCUMENT = r"(?P<kind>Section|Appendix)\s+(?P<letter>[A-Z]{1,2})(?![A-Za-z])"
_DOCUMENT_NAMED = re.compile(_DOCUMENT)
# "X (TLS)": the abbreviation in brackets; "X or TLS": an abbreviation after "or"
_ABBREVIATION = re.compile(r"^(?P<phrase>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&/\-]{1,11})\)$")
_OR = re.compile(r"^(?P<left>.+?)\s+or\s+(?P<right>.+)$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&/\-]*[A-Z0-9]$")
# a paragraph that defines: `"TLS" means ...`, `"Transport Layer Security" or "TLS" has the meaning ...`
_PARAGRAPH = re.compile(
    rf'^(?:(?:In|For\s+the\s+purposes\s+of)\s+this\s+[A-Za-z ]{{1,40}},\s*)?"(?P<first>[^"]{{1,150}})"(?P<more>(?:\s*(?:,|or|and)\s*"[^"]{{1,150}}")*)\s*,?\s+(?P<meaning>{_MEANING}\b.*)$',
    re.IGNORECASE | re.DOTALL,
)
_MORE = re.compile(r'"([^"]{1,150})"')


@dataclass(frozen=True, slots=True)
class Reading:
    """What one definition says: the forms of its term, its meaning, and whether it is a definition of its own or a
    reference to another document (which, and the clause if named)."""

    forms: tuple[str, ...]
    meaning: str
    kind: DefinitionKind
    refers_to: str | None = None  # "Section A"
    clause: str | None = None  # "A1.1", when the reference names one


def term_forms(expression: str) -> tuple[str, ...]:
    """The forms a definition's expression gives: "Transport Layer Security (TLS)" -> both, "Transport Layer Security
    or TLS" -> both (only when one side is an abbreviation: "Supplier or Supplier Party" is one expression)."""
    text = _clean(expression)
    if not text:
        return ()
    short = _ABBREVIATION.match(text)
    if short:
        return _distinct((short.group("phrase"), short.group("short")))
    alternative = _OR.match(text)
    if alternative:
        left, right = alternative.group("left").strip(), alternative.group("right").strip()
        if _ACRONYM.match(right) and " " not in right or _ACRONYM.match(left) and " " not in left:
            return _distinct((left, right))
    return (text,)


def read_definition(expression: str, meaning: str) -> Reading | None:
    """A definitions-table row read as a definition, or None for a row with no expression."""
    forms = term_forms(expression)
    if not forms:
        return None
    return _reading(forms, one_line(meaning))


def definition_paragraph(text: str) -> Reading | None:
    """A paragraph `"X" means ...` (or `"X" or "Y" has the meaning ...`, or `In this Section, "X" means ...`) read as
    a definition; None otherwise."""
    found = _PARAGRAPH.match(one_line(text))
    if not found:
        return None
    quoted = [found.group("first"), *_MORE.findall(found.group("more"))]
    forms = _distinct(tuple(form for q in quoted for form in term_forms(q)))
    return _reading(forms, found.group("meaning")) if forms else None


def is_definition_row(cells: tuple[str, ...]) -> bool:
    """A row of a definitions table with no header: an expression, then a meaning that starts "means ..."."""
    distinct = [c for i, c in enumerate(cells) if c.strip() and (i == 0 or c != cells[i - 1])]
    return len(distinct) == 2 and bool(_STARTS_MEANING.match(one_line(distinct[1])))


def definition_cells(cells: tuple[str, ...]) -> tuple[str, str]:
    """The expression and meaning of a header-less definitions row (merged cells repeated, as the grid has them)."""
    distinct = [c for i, c in enumerate(cells) if c.strip() and (i == 0 or c != cells[i - 1])]
    return (distinct[0], distinct[1]) if len(distinct) >= 2 else (distinct[0] if distinct else "", "")


def _reading(forms: tuple[str, ...], meaning: str) -> Reading:
    if not _REFERS.match(meaning):
        return Reading(forms, meaning, DefinitionKind.OWN)
    named = _DOCUMENT_NAMED.search(meaning)
    document = _document(named.group("kind"), named.group("letter")) if named else None
    if document is None:
        return Reading(forms, meaning, DefinitionKind.OUTSIDE)
    assert named is not None
    clause = re.match(r"\d+[A-Z]?(?:\.\d+[A-Z]?)*(?:\([a-zA-Z0-9]{1,4}\))*", meaning[named.end() :])
    number = (named.group("letter") + clause.group(0)) if clause and named.group("kind") == "Section" else None
    return Reading(forms, meaning, DefinitionKind.BACK, document, number)


def _document(kind: str, letter: str) -> str | None:
    """ "Section H" (A..X), "Appendix AD" (A..AZ); None for a letter the Code has no such document for."""
    if kind == "Section":
        return f"Section {letter}" if re.fullmatch("[A-X]", letter) else None
    return f"Appendix {letter}" if re.fullmatch("[A-Z]|A[A-Z]", letter) else None


def _clean(expression: str) -> str:
    text = one_line(expression).replace("**", "").replace("__", "")
    return text.strip(" \"'\u201c\u201d\u2018\u2019:;,.")


def _distinct(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in (_clean(form) for form in forms) if f))


# --- comparing terms ---------------------------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"(?:'s|s')$")


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """A word as terms compare it: lower case, no possessive, singular ("Users'" -> "user", "Bodies" -> "body")."""
    lower = word.lower().replace("\u2019", "'")
    lower = _POSSESSIVE.sub(lambda m: "s" if m.group(0) == "s'" else "", lower)
    if len(lower) > 3 and lower.endswith("ies"):
        return lower[:-3] + "y"
    if len(lower) > 2 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return lower[:-1]
    return lower


def term_key(form: str) -> tuple[str, ...]:
    """A term as terms compare it: its words' keys."""
    return tuple(word_key(w) for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9&'\u2019\-]*", form))


# --- references into documents of the Code -----------------------------------------------------------------------

_CLAUSE_NUMBER = r"\d+[A-Z]?(?:\.\d+[A-Z]?)*(?:\((?:[a-z]{1,4}|[A-Z]{1,2}|\d{1,3})\))*"
# "Section H17.5", "Section A1.1(b)": the letter and the clause together
_SECTION_CLAUSE = re.compile(rf"\bSections?\s+(?P<letter>[A-X])(?P<number>{_CLAUSE_NUMBER})(?![\w.]*\w)")
# "Appendix AD clause 3.8.82", "Appendix AD, paragraph 2.2"
_APPENDIX_CLAUSE = re.compile(
    rf"\bAppendix\s+(?P<letter>[A-Z]{{1,2}}),?\s+(?:clauses?|paragraphs?|sections?)\s+(?P<number>{_CLAUSE_NUMBER})",
    re.IGNORECASE,
)
# "clause 3.8.82 of Appendix AD", "paragraph 5 of Section H"
_CLAUSE_OF = re.compile(
    rf"\b(?:clauses?|paragraphs?|sections?)\s+(?P<number>{_CLAUSE_NUMBER})\s+(?:of|in)\s+(?:the\s+)?"
    rf"(?P<kind>Section|Appendix)\s+(?P<letter>[A-Z]{{1,2}})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Named:
    """A clause of a document of the Code that a text names: the document, the clause number in the document's own
    numbering ("H17.5", "3.8.82"), the phrase as written and where it is in the text."""

    document: str
    clause: str
    text: str
    start: int = 0
    end: int = 0


def clauses_named(text: str) -> list[Named]:
    """The clauses of the Code's documents a text refers to, in the order written."""
    found: list[tuple[int, Named]] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], document: str | None, clause: str) -> None:
        if document is None or any(start < match.end() and match.start() < end for start, end in taken):
            return
        taken.append((match.start(), match.end()))
        found.append((match.start(), Named(document, clause, match.group(0), match.start(), match.end())))

    lowered = case_blind(text)  # each pattern needs its words: most texts are searched by one pattern or none
    appendix, section = "appendix" in lowered, "section" in lowered
    for match in _CLAUSE_OF.finditer(text) if appendix or section else ():
        kind, letter = match.group("kind").capitalize(), match.group("letter")
        number = match.group("number")
        clause = letter + number if kind == "Section" and number[:1].isdigit() else number
        add(match, _document(kind, letter), clause)
    for match in _APPENDIX_CLAUSE.finditer(text) if appendix else ():
        add(match, _document("Appendix", match.group("letter")), match.group("number"))
    for match in _SECTION_CLAUSE.finditer(text) if "Section" in text else ():
        add(match, _document("Section", match.group("letter")), match.group("letter") + match.group("number"))
    return [named for _, named in sorted(found, key=lambda item: item[0])]


# words that introduce a reference ("Section H", "Appendix AD", "clause 3.2"), which are not terms in use
REFERENCE_WORDS = frozenset({"section", "sections", "appendix", "appendices", "annex", "schedule", "clause",
                             "clauses", "paragraph", "paragraphs", "part", "table", "figure", "chapter"})  # fmt: skip

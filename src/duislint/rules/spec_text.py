"""SP4xx: the specification's own text: defined terms, clause references, cross-reference fields, wording."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator

from duislint.findings import Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.suggest import closest

_BROKEN_REFERENCE = "error! reference source not found"


@rule("SP401", "term-defined-more-than-once", Severity.WARNING, "spec", needs_schema=False)
def term_defined_more_than_once(context: CheckContext) -> Iterator[Hit]:
    """A term is defined more than once in the defined-terms tables; every definition is reported.

    Why:
        Two definitions of one term (TLS defined in several places; a row "Transport Layer Security (TLS)"
        defines both the phrase and the abbreviation) drift apart across uplifts, and readers cannot tell which
        one governs.

    Bad:
        | Transport Layer Security (TLS) | ... |
        | TLS | ... |

    Good:
        | Transport Layer Security (TLS) | ... |
    """
    for spec in context.specs:
        by_term: dict[str, list] = defaultdict(list)
        for term in spec.terms:
            by_term[term.term.casefold()].append(term)
        for definitions in by_term.values():
            if len(definitions) < 2:
                continue
            for definition in definitions:
                others = [d.location for d in definitions if d is not definition]
                yield Hit(
                    f"term '{definition.term}' is defined {len(definitions)} times",
                    definition.term,
                    definition.location,
                    related=tuple(others),
                )


@rule("SP402", "clause-reference-to-missing-heading", Severity.WARNING, "spec", needs_schema=False)
def clause_reference_to_missing_heading(context: CheckContext) -> Iterator[Hit]:
    """A reference such as "clause 3.9.7" or "section 3.5" names a number that no heading of the document has (nor,
    in a document of the Code, any numbered paragraph: its clauses are paragraphs).

    Why:
        A reference to a clause that does not exist (the "S1SP Alert" definition pointing at the wrong clause)
        sends readers nowhere, and usually survives from before a renumbering. References into other documents
        ("Section H3.3 of the Code", "section 4 of GBCS") and version numbers are not clause references.

    Bad:
        "... as described in clause 3.9.7"          (the document has no heading 3.9.7)

    Good:
        "... as described in clause 3.9.2"
    """
    for spec in context.specs:
        numbers = spec.clause_numbers()
        if not numbers:
            continue
        for reference in spec.clause_references:
            if reference.number in numbers:
                continue
            yield Hit(
                f"'{reference.text}' refers to {reference.number}, which is not a heading of this document",
                f"clause {reference.number}",
                reference.location,
                suggestion=_nearest_clause(reference.number, numbers),
            )


@rule("SP403", "broken-cross-reference", Severity.ERROR, "spec", needs_schema=False)
def broken_cross_reference(context: CheckContext) -> Iterator[Hit]:
    """A Word cross-reference field (REF / PAGEREF) whose bookmark is missing, or that shows Word's "Error! Reference
    source not found.".

    Why:
        Word keeps the last text it showed until fields are updated; a deleted heading leaves a reference that
        reads fine in the draft and prints "Error! Reference source not found." in the published PDF.

    Bad:
        { REF _Ref123 \\h }  ->  "Error! Reference source not found."

    Good:
        { REF _Ref456 \\h }  ->  "3.9.2"   (bookmark _Ref456 exists)
    """
    for spec in context.specs:
        for reference in spec.field_references:
            broken = _BROKEN_REFERENCE in reference.shown.lower()
            missing = reference.bookmark not in spec.bookmarks
            if not broken and not missing:
                continue
            reason = "shows 'Error! Reference source not found.'" if broken else "points at a missing bookmark"
            yield Hit(
                f"{reference.field} field to '{reference.bookmark}' {reason}",
                reference.bookmark,
                reference.location,
            )


@rule("SP404", "deprecated-term", Severity.INFO, "spec", needs_schema=False)
def deprecated_term(context: CheckContext) -> Iterator[Hit]:
    """A deprecated term (configurable; by default "Fax"/"facsimile", which the Code now calls email) in prose or
    tables.

    Why:
        When the Code changes a term, the specification must follow, or it prescribes a channel that no longer
        exists. The list is configurable with `--deprecated-term TERM=REPLACEMENT`.

    Bad:
        "... notify the DCC by fax"

    Good:
        "... notify the DCC by email"
    """
    if not context.deprecated_terms:
        return
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in sorted(context.deprecated_terms, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for spec in context.specs:
        texts = [(p.text, p.location) for p in spec.paragraphs]
        texts += [(cell, row.location) for table in spec.tables for row in table.rows for cell in row.cells]
        for text, location in texts:
            for match in pattern.finditer(text):
                term = match.group(1)
                yield Hit(
                    f"'{term}' is a deprecated term",
                    term.lower(),
                    location,
                    suggestion=context.deprecated_terms[term.lower()],
                )


def _nearest_clause(number: str, numbers: set[str]) -> str | None:
    """A heading under the same parent with the nearest last number (3.9.7 -> 3.9.2 before 3.8.7), else the
    closest-looking number."""
    parent, _, last = number.rpartition(".")
    siblings = [n for n in numbers if n.rpartition(".")[0] == parent and n.rpartition(".")[2].isdigit()]
    if parent and siblings and last.isdigit():
        return min(siblings, key=lambda n: (abs(int(n.rpartition(".")[2]) - int(last)), n))
    return closest(number, numbers, cutoff=0.8)

"""SP51x: references from one document of the Code to a clause of another ("Section H17.5", "Appendix AD clause
3.8.82"), resolved against the documents given with --spec."""

from __future__ import annotations

from typing import Iterator

from duislint.findings import Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.spec_common import code_order, nearest_clause, repointed


@rule("SP511", "reference-to-missing-clause", Severity.WARNING, "spec", needs_schema=False, fixes=("unsafe",))
def reference_to_missing_clause(context: CheckContext) -> Iterator[Hit]:
    """A reference to a clause of a document of the Code ("Section H17.5", "Section A1.1(b)", "Appendix AD clause
    3.8.82", "paragraph 2.2 of Appendix AD", "Section X3.2 of the Code") names a clause that the document, given
    with --spec, does not have; the nearest clause it has is the suggestion.

    Why:
        Clauses are renumbered at every modification, and references from other documents are the ones nobody
        updates: the housekeeping log's "references to the wrong clause". A reference into a document the run was
        not given is not a finding; the summary counts it as not checked.

    Bad:
        Section G:  "... as set out in Section H17.9."       (Section H ends at H17.5)

    Good:
        Section G:  "... as set out in Section H17.5."

    Fix:
        Unsafe: the reference pointed at the suggested clause ("Section H17.9" -> "Section H17.5").
    """
    by_document: dict[str, set[str]] = {}
    for spec in context.specs:
        if spec.document is not None:
            by_document.setdefault(spec.document, set()).update(spec.clause_numbers())
    not_given: set[str] = set()
    unchecked = 0
    for spec in context.specs:
        for reference in spec.document_references:
            numbers = by_document.get(reference.document)
            if not numbers:  # not given, or given with no numbered clause to resolve against
                not_given.add(reference.document)
                unchecked += 1
                continue
            if reference.clause in numbers:
                continue
            nearest = nearest_clause(reference.clause, numbers)
            yield Hit(
                f"'{reference.text}' refers to {reference.clause}, which {reference.document} does not have",
                f"{reference.document} {reference.clause}",
                reference.location,
                suggestion=nearest,
                fix=repointed(reference.text, reference.clause, nearest, reference.written, reference.location),
            )
    missing = ", ".join(sorted(not_given, key=code_order))
    context.not_checked("SP511", unchecked, f"clause reference(s) into documents not given ({missing})")

"""SP4xx: the specification's own text: defined terms, clause references, cross-reference fields, wording."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from duislint.findings import Location, Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.spec_common import fix_of, nearest_clause, repointed, shared_form, term_groups, text_edit
from duislint.spec.model import Written
from duislint.spelling import Correction, Speller, Word, respell, words_of

_BROKEN_REFERENCE = "error! reference source not found"


@rule("SP401", "term-defined-more-than-once", Severity.WARNING, "spec", needs_schema=False)
def term_defined_more_than_once(context: CheckContext) -> Iterator[Hit]:
    """A term is defined more than once in one document (its definitions tables, with or without a header row, and
    its `"X" means ...` paragraphs); every definition is reported.

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
        for group in term_groups([(spec, d) for d in spec.terms]):
            if len(group) < 2:
                continue
            for _, definition in group:
                others = [d.location for _, d in group if d is not definition]
                yield Hit(
                    f"term '{shared_form(definition, group)}' is defined {len(group)} times",
                    shared_form(definition, group),
                    definition.location,
                    related=tuple(others),
                )


@rule("SP402", "clause-reference-to-missing-heading", Severity.WARNING, "spec", needs_schema=False, fixes=("unsafe",))
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

    Fix:
        Unsafe: the reference pointed at the suggested clause ("clause 3.9.7" -> "clause 3.9.1").
    """
    for spec in context.specs:
        numbers = spec.clause_numbers()
        if not numbers:
            continue
        # in a Section of the Code, "clause 2.2" may name clause H2.2 of its own Section H
        letter = spec.document.split()[1] if spec.document and spec.document.startswith("Section ") else ""
        for reference in spec.clause_references:
            if reference.number in numbers or (letter and letter + reference.number in numbers):
                continue
            nearest = nearest_clause(reference.number, numbers)
            yield Hit(
                f"'{reference.text}' refers to {reference.number}, which is not a heading of this document",
                f"clause {reference.number}",
                reference.location,
                suggestion=nearest,
                fix=repointed(reference.text, reference.number, nearest, reference.written, reference.location),
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


@rule("SP404", "deprecated-term", Severity.INFO, "spec", needs_schema=False, fixes=("safe",))
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

    Fix:
        Safe: the term replaced by its configured replacement, in the term's case ('Fax is' -> 'Email is', 'by
        Fax' -> 'by email').
    """
    if not context.deprecated_terms:
        return
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in sorted(context.deprecated_terms, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for spec in context.specs:
        every = [p.text for p in spec.paragraphs]
        every += [cell for table in spec.tables for row in table.rows for cell in row.cells]
        if not pattern.search("\n".join(every)):  # most documents have none: one search, and no Written built
            continue
        texts = [(p.text, p.location, Written(block=p.order, text=p.text)) for p in spec.paragraphs]
        texts += [(cell, row.location, Written(column=i, text=cell)) for table in spec.tables for row in table.rows
                  for i, cell in enumerate(row.cells) if not i or cell != row.cells[i - 1]]  # fmt: skip
        for text, location, written in texts:
            seen: Counter[str] = Counter()
            for match in pattern.finditer(text):
                term = match.group(1)
                seen[term] += 1
                instead = _in_case_of(term, context.deprecated_terms[term.lower()], at_start=_starts_sentence(text, match.start()))
                edit = text_edit(written, location, term, instead, seen[term]) if instead else None
                yield Hit(
                    f"'{term}' is a deprecated term",
                    term.lower(),
                    location,
                    suggestion=context.deprecated_terms[term.lower()],
                    fix=fix_of("safe", f"replace '{term}' with '{instead}'", edit, at=location) if instead else None,
                )


@rule("SP405", "misspelt-word-in-text", Severity.INFO, "spec", needs_schema=False)
def misspelt_word_in_text(context: CheckContext) -> Iterator[Hit]:
    """A word of the specification's prose or tables is not a word, but one edit or one transposition away from
    one ('teh', 'recieve', 'seperate').

    Why:
        The Code's housekeeping logs are full of "correct typo to read 'the' Panel": each typo costs a change
        proposal later. The speller is the naming rules' (NM104): British English, so 'authorise' and 'colour'
        are words; DUIS's vocabulary, the defined terms of every document given and, with a schema PATH, the
        words of the schema's names are known too. Acronyms, CamelCase names, words with digits, URLs, e-mail
        addresses and quoted schema names are not prose and are left alone. Each misspelt word is reported once
        per document, where it is first written, with the other places listed.

    Bad:
        "The DCC shall recieve teh Service Request and seperate its Commands."

    Good:
        "The DCC shall receive the Service Request and separate its Commands."
    """
    if not context.specs:
        return
    speller, quoted_names = _prose_speller(context)
    verdicts: dict[str, Correction | None] = {}  # each distinct word is looked at once, across the documents

    def misspelt(token: str) -> tuple[str, ...]:
        found = []
        for written in _token_words(token, quoted_names):
            lower = written.lower()
            if lower not in verdicts:
                verdicts[lower] = _prose_correction(speller, written)
            if verdicts[lower] is not None:
                found.append(written)
        return tuple(found)

    by_token: dict[str, tuple[str, ...]] = {}  # prose repeats its tokens: each distinct one is split once
    by_text: dict[str, tuple[str, ...]] = {}  # ... and tables their cells ('Mandatory', 'xs:string')
    for spec in context.specs:
        places: dict[str, tuple[str, list[Location]]] = {}  # lower case -> as first written, every place
        texts = [(p.text, p.location) for p in spec.paragraphs]
        texts += [(cell, row.location) for table in spec.tables for row in table.rows for cell in row.cells]
        for text, location in texts:
            words = by_text.get(text)
            if words is None:
                found: list[str] = []
                for token in text.split():
                    if token not in by_token:
                        by_token[token] = misspelt(token)
                    found += by_token[token]
                words = by_text[text] = tuple(found)
            for written in words:
                places.setdefault(written.lower(), (written, []))[1].append(location)
        for lower, (written, locations) in places.items():
            correction = verdicts[lower]
            assert correction is not None
            unique = tuple(dict.fromkeys(locations))
            best = respell(written, correction.candidates[0])
            yield Hit(
                f"'{written}' is not a word; did you mean '{best}'?"
                + (f" ({len(locations)} times)" if len(locations) > 1 else ""),
                lower,
                unique[0],
                related=unique[1:],
                suggestion=best,
            )


def _in_case_of(term: str, instead: str, at_start: bool) -> str:
    """The replacement written as the term was: capitals for capitals ('FAX' -> 'EMAIL'), a capital where a sentence
    starts ('Fax is ...' -> 'Email is ...'), else as configured ('by Fax' -> 'by email')."""
    if term.isupper() and len(term) > 1:
        return instead.upper()
    if at_start:
        return instead[:1].upper() + instead[1:]
    return instead


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:"


def _prose_speller(context: CheckContext) -> tuple[Speller, frozenset[str]]:
    """The naming rules' speller, knowing the set's defined terms and (with a schema PATH) its names' words too;
    and the schema's names, which prose quotes ('ReadingPeriod') without being misspelt."""
    lexicon = context.lexicon
    compounds = lexicon.compounds
    terms = {w.text for spec in context.specs for t in spec.terms for f in t.forms for w in words_of(f, compounds)}
    if context.schemas.schema_set is None:
        return Speller(lexicon.dictionary, lexicon.extra + tuple(terms), Counter()), frozenset()
    from duislint.rules.names import collect_names  # only a run with a schema reads its names

    found = context.memo(collect_names)
    known = lexicon.extra + tuple(terms) + tuple(found.speller.vocabulary)
    return Speller(lexicon.dictionary, known, found.speller.vocabulary), frozenset(n.text for n in found.names)


_QUOTES = "'\"\u2018\u2019\u201c\u201d"
_EDGES = _QUOTES + "()[]{}<>,.;:!?*_`"
_PROSE_WORD = re.compile(r"[A-Za-z][a-z]+")  # lower case after the first letter: no acronyms, no CamelCase
# Prefixes written before a hyphen that no dictionary lists as words ('Pre-notification', 'semi-annual').
_PREFIXES = frozenset({"pre", "intra", "semi", "tri", "uni", "mis", "mid"})
_NOT_PROSE = re.compile(r"[0-9@/\\_:<>=&#%+|]")  # digits, URLs, e-mail, paths, markup


def _token_words(token: str, quoted_names: frozenset[str]) -> tuple[str, ...]:
    """The words of a token worth spelling: letters only (hyphenated parts and a possessive allowed), three letters
    or more; none of a token with digits or markup, a URL, an e-mail address, or a quoted schema name."""
    bare = token.strip(_EDGES)
    if not bare or _NOT_PROSE.search(bare) or (bare in quoted_names and token[:1] in _QUOTES):
        return ()
    if bare.endswith(("'s", "\u2019s")):
        bare = bare[:-2]
    parts = bare.split("-")
    return tuple(
        part
        for i, part in enumerate(parts)
        if len(part) > 2 and _PROSE_WORD.fullmatch(part) and (i == len(parts) - 1 or part.lower() not in _PREFIXES)
    )


def _prose_correction(speller: Speller, written: str) -> Correction | None:
    """The speller's correction; for a three-letter word, only two letters swapped (Speller.transposed)."""
    word = Word(written, 0)
    correction = speller.correction(word) if len(written) > 3 else speller.transposed(word)
    return correction if correction is not None and correction.candidates else None

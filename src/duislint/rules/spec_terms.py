"""SP50x: defined terms across the Code's documents given with --spec (Section A, the other Sections, Appendix AD).

A term is one term in all its forms: "Transport Layer Security or TLS" in Section A, "TLS" in Section G and
"Transport Layer Security (TLS)" in Appendix AD are three definitions of it. Terms compare by their words, case,
plurals and possessives aside (spec.terms.term_key).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from duislint.findings import Location, Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.spec_common import code_order, definition_keys, document_of, term_groups
from duislint.spec.model import TERMS, Spec, TermDefinition
from duislint.spec.terms import REFERENCE_WORDS, DefinitionKind, term_key, word_key
from duislint.spec.text import one_line

Key = tuple[str, ...]

# Acronyms that need no definition in the Code (configurable with `[tool.duislint] acronyms`): units, standards
# bodies, formats, RFC 2119's capitals and roman numerals.
KNOWN_ACRONYMS = (
    "UK", "GB", "EU", "EEA", "UTC", "GMT", "BST", "ISO", "IEC", "IEEE", "IETF", "RFC", "BSI", "XML", "XSD", "HTML",
    "HTTP", "HTTPS", "URL", "URI", "PDF", "CSV", "JSON", "API", "ID", "IT", "OK", "FAQ", "TBC", "TBD", "TBA", "AM",
    "PM", "PLC", "LTD", "VAT", "SHALL", "MUST", "MAY", "SHOULD", "NOT", "REQUIRED", "OPTIONAL", "RECOMMENDED", "II",
    "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "NB", "CEO",
)  # fmt: skip


@rule("SP501", "term-defined-in-several-documents", Severity.WARNING, "spec", needs_schema=False)
def term_defined_in_several_documents(context: CheckContext) -> Iterator[Hit]:
    """A term is defined in more than one document of the Code; each definition after the first defining document's
    is reported, with a reference back to that document as the fix.

    Why:
        The Code defines its terms once, in Section A; a document that defines a term again ("four separate
        definitions of TLS and Transport Layer Security in the SEC") drifts from Section A at the next uplift, and
        readers cannot tell which definition governs. The first defining document is Section A where it defines
        the term, else the earliest in the Code's order (Sections A to X, then Appendices).

    Bad:
        Section A:    | Transport Layer Security or TLS | means ... |
        Appendix AD:  | Transport Layer Security (TLS)  | The protocol ... |

    Good:
        Appendix AD:  "TLS" has the meaning given to that term in Section A.
    """
    for group in term_groups(list(_own(context.specs))):
        documents = sorted({document_of(spec) for spec, _ in group}, key=code_order)
        if len(documents) < 2:
            continue
        first = documents[0]
        firsts = tuple(d.location for spec, d in group if document_of(spec) == first)
        for spec, definition in group:
            here = document_of(spec)
            if here == first:
                continue
            others = firsts + tuple(d.location for s, d in group if d is not definition and document_of(s) != first)
            yield Hit(
                f"'{definition.term}' is defined in {first} and again in {here}; refer back to {first}",
                definition.term,
                definition.location,
                related=others,
                suggestion=f"'{definition.term}' has the meaning given to that term in {first}",
            )


@rule("SP502", "reference-back-without-definition", Severity.WARNING, "spec", needs_schema=False)
def reference_back_without_definition(context: CheckContext) -> Iterator[Hit]:
    """A definition refers back to another document ("has the meaning given to it in Section A"), which is given
    but does not define the term.

    Why:
        A reference back is only as good as the definition it points at: a term that Section A never defined (or
        defines under another form) leaves the reader with no meaning at all. A reference back to a document the
        run was not given is not checked, and the summary counts it.

    Bad:
        Appendix AD:  "SM WAN" has the meaning given to it in Section A.     (Section A defines no SM WAN)

    Good:
        Section A:    | SM WAN | means the Smart Metering Wide Area Network. |
    """
    given = _definitions_by_document(context.specs)
    unchecked: set[str] = set()
    count = 0
    for spec in context.specs:
        for definition in spec.terms:
            if definition.kind is not DefinitionKind.BACK or definition.refers_to is None:
                continue
            target = given.get(definition.refers_to)
            if target is None:
                unchecked.add(definition.refers_to)
                count += 1
                continue
            keys = {term_key(form) for form in definition.forms}
            if keys & target.keys():
                continue
            defining = {document_of(s) for s, d in _own(context.specs) if keys & definition_keys(d)}
            elsewhere = sorted(defining - {definition.refers_to}, key=code_order)
            near = _nearest_form(definition.forms, target)
            hint = f"; {', '.join(elsewhere)} define{'s' if len(elsewhere) == 1 else ''} it" if elsewhere else ""
            yield Hit(
                f"'{definition.term}' refers back to {definition.refers_to}, which does not define it{hint}",
                definition.term,
                definition.location,
                suggestion=(f"refer to {elsewhere[0]}" if elsewhere else near),
            )
    missing = ", ".join(sorted(unchecked, key=code_order))
    context.not_checked("SP502", count, f"reference(s) back to documents not given ({missing})")


@rule("SP503", "undefined-term", Severity.WARNING, "spec", needs_schema=False)
def undefined_term(context: CheckContext) -> Iterator[Hit]:
    """An acronym, or a capitalised term of several words, used mid-sentence, that no document given defines;
    where a defined term contains it with a qualifier more ("Major Security Incidents" where only "DCC Major
    Security Incident" is defined), that term is the suggestion.

    Why:
        The Code's capitalised expressions are defined terms: one that nothing defines ("No definition of SM WAN")
        or that leaves out part of its defined form ("Add in 'DCC' before Major Security Incidents") has no
        meaning in the Code. Plurals and possessives are the same term; headings and table columns name the
        document's own parts; acronyms that need no definition (XML, UTC, RFC 2119's SHALL) are allowed, and more
        with `[tool.duislint] acronyms`. A run whose documents define no terms at all checks nothing here, and
        says so, as does a run given documents of the Code without Section A, where the Code defines its terms.
        Each term is reported once per document, where it is first used.

    Bad:
        "The DCC shall notify Major Security Incidents over the SM WAN."
            (Section A defines "DCC Major Security Incident" and no "SM WAN")

    Good:
        "The DCC shall notify DCC Major Security Incidents over the SM WAN."   (with "SM WAN" defined)
    """
    why_not = _terms_undecidable(context.specs)
    if why_not is not None:
        context.not_checked("SP503", sum(len(s.paragraphs) for s in context.specs),
                            f"paragraph(s) not checked for undefined terms ({why_not})")  # fmt: skip
        return
    known = _Known.of(context)
    seen: dict[tuple[str, frozenset[Key]], tuple[tuple[str, Key], ...]] = {}
    for spec in context.specs:
        places: dict[Key, tuple[str, list[Location], str | None]] = {}
        for text, location, defining in _prose(spec):
            if (text, defining) not in seen:  # a text repeated (a definition's, a table's) is read once
                seen[text, defining] = tuple(_undefined(text, known, defining))
            for used, key in seen[text, defining]:
                if key not in places:
                    places[key] = (used, [], known.near_miss(key))
                places[key][1].append(location)
        for key, (used, locations, near) in places.items():
            unique = tuple(dict.fromkeys(locations))
            times = f" ({len(locations)} times)" if len(locations) > 1 else ""
            hint = f"; '{near}' is defined ({known.where[term_key(near)]})" if near else ""
            yield Hit(
                f"'{used}' is used as a defined term, but no document given defines it{hint}{times}",
                " ".join(key),
                unique[0],
                related=unique[1:],
                suggestion=near,
            )


@rule("SP504", "unused-defined-term", Severity.INFO, "spec", needs_schema=False, opt_in=True)
def unused_defined_term(context: CheckContext) -> Iterator[Hit]:
    """A term defined in a document given that no document given uses (in any of its forms, plural or possessive
    included). Runs only when selected by its ID or name: the Code is bigger than the documents a run is given.

    Why:
        A definition nothing uses is left over from a deleted requirement, or the text uses another form of the
        term than the one defined. Select it (`--select SP504`) with the whole Code given.

    Bad:
        | Fax Number | means ... |       (no clause mentions a Fax Number any more)

    Good:
        (the definition removed with the last clause that used it)
    """
    definitions = [d for _, d in _own(context.specs)]
    if not definitions:
        return
    by_first: dict[str, set[Key]] = defaultdict(set)
    for definition in definitions:
        for key in definition_keys(definition):
            if key:
                by_first[key[0]].add(key)
    used: set[Key] = set()
    for spec in context.specs:
        for text in _texts_using_terms(spec):
            words = [word_key(w) for w in _WORD.findall(_QUOTED.sub(" ", text))]
            for i, word in enumerate(words):
                for key in by_first.get(word, ()):
                    if tuple(words[i : i + len(key)]) == key:
                        used.add(key)
    for definition in definitions:
        if not definition_keys(definition) & used:
            yield Hit(
                f"'{definition.term}' is defined but no document given uses it",
                definition.term,
                definition.location,
            )


# --- terms and their definitions ---------------------------------------------------------------------------------


def _own(specs: list[Spec]) -> Iterator[tuple[Spec, TermDefinition]]:
    for spec in specs:
        for definition in spec.terms:
            if definition.kind is DefinitionKind.OWN:
                yield spec, definition


def _definitions_by_document(specs: list[Spec]) -> dict[str, dict[Key, str]]:
    """Each document's defined terms, every kind of definition counted: key -> form as written."""
    found: dict[str, dict[Key, str]] = {}
    for spec in specs:
        terms = found.setdefault(document_of(spec), {})
        for definition in spec.terms:
            for form in definition.forms:
                terms.setdefault(term_key(form), form)
    return found


def _nearest_form(forms: tuple[str, ...], target: dict[Key, str]) -> str | None:
    from duislint.suggest import closest

    pool = {form.lower(): form for form in target.values()}
    for form in forms:
        near = closest(form.lower(), pool, cutoff=0.8)
        if near is not None:
            return pool[near]
    return None


def _terms_undecidable(specs: list[Spec]) -> str | None:
    """Why the terms a set uses cannot be judged: a document of the Code uses Section A's terms, so a set of them
    without Section A would report every one; a set that defines nothing has nothing to judge by."""
    if any(spec.document for spec in specs) and not any(spec.document == "Section A" for spec in specs):
        return "Section A, where the Code defines its terms, not given"
    if not any(spec.terms for spec in specs):
        return "no document given defines any term"
    return None


# --- terms in use ------------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"(?=[\"'])(?:(?<!\w)\"[^\"\n]{0,200}\"|(?<![\w'])'[^'\n]{1,80}'(?!\w))")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'\u2019\-]*")
_ACRONYM = re.compile(r"(?P<letters>[A-Z]{2,}|[A-Z]+&[A-Z]+)(?P<digits>[0-9]{1,2})?(?:s|'s|\u2019s)?")
_CONNECTOR = "of"  # "Secretary of State": inside a term, between two capitalised words
_TITLE_WORDS = 15


@dataclass(frozen=True, slots=True)
class _Known:
    """What a term in use may be: a defined form of any document, a heading's or a table column's name, an allowed
    acronym; and where each defined form is, for near misses."""

    keys: frozenset[Key]
    lengths: dict[str, tuple[int, ...]]  # first word -> the lengths of the known keys that start with it, longest first
    defined: dict[Key, str]  # key -> form as first defined
    where: dict[Key, str]  # key -> the first defining document
    by_word: dict[str, tuple[Key, ...]]  # word -> defined keys of two or more words containing it
    # word -> names (headings, Service Request Names, schema names in words) containing it: prose that quotes part
    # of a name ("Retrieve Change Of Mode / Tariff Triggered Billing Data Log") uses no undefined term
    names_by_word: dict[str, tuple[Key, ...]]
    # (run, whether it starts a sentence) -> what of it is not covered: prose repeats its runs many times over
    _uncovered_runs: dict[tuple[tuple[str, ...], bool], tuple[tuple[str, Key], ...]] = field(default_factory=dict)

    @staticmethod
    def of(context: CheckContext) -> _Known:
        defined: dict[Key, str] = {}
        where: dict[Key, str] = {}
        for spec in sorted(context.specs, key=lambda s: code_order(document_of(s))):
            for definition in spec.terms:
                for form in definition.forms:
                    key = term_key(form)
                    if key and key not in defined:
                        defined[key], where[key] = form, document_of(spec)
        names = {key for key in _names(context) if len(key) > 1}  # one capitalised word alone is never reported
        acronyms = KNOWN_ACRONYMS + context.lexicon_settings.acronyms
        keys = frozenset(defined) | names | {term_key(a) for a in acronyms}
        by_word: dict[str, list[Key]] = defaultdict(list)
        for key in defined:
            if len(key) > 1:
                for word in set(key):
                    by_word[word].append(key)
        names_by_word: dict[str, set[Key]] = defaultdict(set)
        for name in names:
            for word in name:
                names_by_word[word].add(name)
        starts: dict[str, set[int]] = defaultdict(set)
        for key in keys:
            if key:
                starts[key[0]].add(len(key))
        lengths = {word: tuple(sorted(found, reverse=True)) for word, found in starts.items()}
        return _Known(keys - {()}, lengths, defined, where,
                      {w: tuple(sorted(ks)) for w, ks in by_word.items()},
                      {w: tuple(sorted(ks)) for w, ks in names_by_word.items()})  # fmt: skip

    def uncovered(self, run: tuple[str, ...], at_start: bool) -> tuple[tuple[str, Key], ...]:
        found = self._uncovered_runs.get((run, at_start))
        if found is None:
            found = self._uncovered_runs[run, at_start] = tuple(_uncovered(run, at_start, self))
        return found

    def part_of_a_name(self, words: Key) -> bool:
        return any(_contains(name, words) for name in self.names_by_word.get(words[0], ()) if len(name) >= len(words))

    def near_miss(self, key: Key) -> str | None:
        """The defined term that holds `key` with a qualifier more (the shortest, then the first in order)."""
        if len(key) < 2:
            return None
        holders = [k for k in self.by_word.get(key[0], ()) if len(k) > len(key) and _contains(k, key)]
        if not holders:
            return None
        best = min(holders, key=lambda k: (len(k), code_order(self.where[k]), k))
        return self.defined[best]


def _names(context: CheckContext) -> Iterator[Key]:
    """What capitalised words may name besides a defined term: the documents' headings and table columns, the
    matrix's Service Request Names and, with a schema PATH, the schema's names in words ("Billing Calendar" for
    BillingCalendar)."""
    for spec in context.specs:
        yield from (term_key(section.title) for section in spec.sections)
        yield from (term_key(cell) for table in spec.tables for cell in table.header)
    yield from (term_key(row.name) for row in context.matrix or ())
    if context.schemas.schema_set is not None:
        from duislint.rules.names import collect_names  # only a run with a schema reads its names
        from duislint.spelling import words_of

        compounds = context.lexicon.compounds
        for name in context.memo(collect_names).names:
            yield tuple(word_key(w.text) for w in words_of(name.text, compounds))


def _contains(longer: Key, shorter: Key) -> bool:
    return any(longer[i : i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1))


def _prose(spec: Spec) -> Iterator[tuple[str, Location, frozenset[Key]]]:
    """The text a term is used in: paragraphs, and the meanings of the definitions (their expressions are not uses),
    each with the terms it defines: a meaning that expands its own term ("Code" means this Smart Energy Code) uses
    no other term by it."""
    for paragraph in spec.paragraphs:
        yield paragraph.text, paragraph.location, frozenset()
    for definition in spec.terms:
        if definition.in_table:
            yield definition.definition, definition.location, frozenset(definition_keys(definition))


def _texts_using_terms(spec: Spec) -> Iterable[str]:
    """Every text of a document but a definitions table's expressions: a term defined there is not used there."""
    yield from (section.title for section in spec.sections)
    yield from (paragraph.text for paragraph in spec.paragraphs)
    for table in spec.tables:
        for row in table.rows:
            if table.kind == TERMS:
                term = table.column("term")
                yield from (cell for i, cell in enumerate(row.cells) if i != (term if term is not None else 0))
            else:
                yield from row.cells


def _undefined(text: str, known: _Known, defining: frozenset[Key] = frozenset()) -> Iterator[tuple[str, Key]]:
    """The terms a text uses that `known` does not know, as written and by key; `defining`: the terms the text
    defines, which a run holding one of them expands."""
    text = one_line(text)
    if not text or _title_like(text):
        return
    for run, at_start in _runs(_QUOTED.sub(" \" ", text) if "'" in text or '"' in text else text):
        if defining:
            keys = tuple(word_key(w) for w in run)
            if any(_contains(keys, own) for own in defining if len(own) <= len(keys)):
                continue
        yield from known.uncovered(run, at_start)


def _title_like(text: str) -> bool:
    """A heading, title or list of names in a body paragraph: short, and no lower-case word of four letters."""
    words = text.split()
    return len(words) <= _TITLE_WORDS and not any(len(w) > 3 and w.islower() and w.isalpha() for w in words)


_WORD_END = r"(?![A-Za-z0-9&'\u2019\-]|\.\d)"  # a whole word: not the start of CamelCase
_ACRONYM_WORD = rf"(?:[A-Z]{{3,}}[0-9]{{1,2}}|[A-Z]{{2,}}|[A-Z]+&[A-Z]+)(?:s|'s|\u2019s)?{_WORD_END}"
_TERM_WORD = rf"(?:[A-Z][a-z]+(?:['\u2019]s|s')?(?:-[A-Za-z][a-z]*)*{_WORD_END}|{_ACRONYM_WORD})"
# a run of capitalised words and acronyms, "of" between two of them and brackets inside ("Tariff (Primary Element)"):
# two words or more, or an acronym alone (one capitalised word alone is never a term to report, so is not looked at)
_RUN = re.compile(rf"(?<![A-Za-z0-9&'\u2019\-.])(?:{_TERM_WORD}(?:(?:\s+of)?[\s()]+{_TERM_WORD})+|{_ACRONYM_WORD})")
_RUN_SPLIT = re.compile(r"([\s()]+)")


def _runs(text: str) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Runs of capitalised words and acronyms ("of" allowed between two of them), each with whether it starts a
    sentence. A reference ("Section H17.5", "Appendix AD") is no term."""
    for match in _RUN.finditer(text):
        at_start = _sentence_starts_at(text, match.start())
        for first, run in _split_run(match.group(0)):
            yield run, at_start and first


@lru_cache(maxsize=4096)  # a document's prose repeats its runs ("the DCC", "Service Request") many times over
def _split_run(matched: str) -> tuple[tuple[bool, tuple[str, ...]], ...]:
    """A run as matched, split at references: its parts, each with whether it is the run's first."""
    parts = _RUN_SPLIT.split(matched.strip("() "))  # word, separator, word, ...
    found: list[tuple[bool, tuple[str, ...]]] = []
    run: list[str] = []
    first = True
    skip = False
    for at in range(0, len(parts), 2):
        word = parts[at]
        if skip:
            skip = False
            continue
        if word.lower() in REFERENCE_WORDS:  # "Section H", "Appendix AD": the reference and what it names
            if run:
                found.append((first, _trimmed(run)))
            # what it names follows it at once ("Section H"), not after a bracket ("Schedule (Service ...")
            run, skip, first = [], at + 1 < len(parts) and not set(parts[at + 1]) & set("()"), False
            continue
        run.append(word)
    if run:
        found.append((first, _trimmed(run)))
    return tuple(found)


def _sentence_starts_at(text: str, at: int) -> bool:
    """Whether a word at `at` starts a sentence: nothing but spaces and punctuation between it and the text's start
    or a full stop (colon, question or exclamation mark)."""
    i = at - 1
    while i >= 0:
        char = text[i]
        if char in ".!?:":
            return True
        if char.isalnum():
            return False
        i -= 1
    return True


def _trimmed(run: list[str]) -> tuple[str, ...]:
    while run and run[-1] == _CONNECTOR:
        run = run[:-1]
    return tuple(run)


def _acronym(token: str) -> bool:
    return bool(_ACRONYM.fullmatch(token))


def _uncovered(run: tuple[str, ...], at_start: bool, known: _Known) -> Iterator[tuple[str, Key]]:
    """What of a run no known term covers: the run itself (less a capitalised first word of a sentence) when two
    or more of its words are not covered together, else each acronym not covered."""
    if not run:
        return
    keys = [word_key(w) for w in run]
    covered = [False] * len(run)
    i = 0
    while i < len(run):
        for length in known.lengths.get(keys[i], ()):
            if length <= len(run) - i and tuple(keys[i : i + length]) in known.keys:
                covered[i : i + length] = [True] * length
                i += length
                break
        else:
            i += 1
    _cover_names(keys, covered, known)
    start = 1 if at_start and not covered[0] and not _acronym(run[0]) else 0
    words = [(w, c) for w, c in zip(run[start:], covered[start:], strict=True)]
    while words and words[0][0] == _CONNECTOR:
        words = words[1:]
    if not words:
        return
    longest_gap = gap = 0
    for word, is_covered in words:
        gap = 0 if is_covered or word == _CONNECTOR else gap + 1
        longest_gap = max(longest_gap, gap)
    if longest_gap >= 2:
        written = [w for w, _ in words]
        yield " ".join(written), tuple(word_key(w) for w in written)
        return
    for word, is_covered in words:
        if not is_covered and _acronym(word):
            yield word, (word_key(word),)


def _cover_names(keys: list[str], covered: list[bool], known: _Known) -> None:
    """Mark the gaps of two words or more that are part of a name as covered (a gap that misses a defined term's
    qualifier stays uncovered: that is the near miss to report)."""
    i = 0
    while i < len(keys):
        if covered[i]:
            i += 1
            continue
        end = i
        while end < len(keys) and not covered[end]:
            end += 1
        gap = tuple(keys[i:end])
        words = tuple(k for k in gap if k != _CONNECTOR)
        if len(words) >= 2 and known.near_miss(words) is None and known.part_of_a_name(gap):
            covered[i:end] = [True] * (end - i)
        i = end

"""What several spec rule families share (not a rule module): the SRV sections of a specification, defined terms
grouped by form, the nearest clause, and the edits their fixes make."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from duislint import duis
from duislint.findings import Location
from duislint.rules import CheckContext
from duislint.spec import model as spec_model
from duislint.spec.model import Row, Section, Spec, Table, TermDefinition, Written
from duislint.spec.terms import term_key
from duislint.spec.text import header_key, one_line

if TYPE_CHECKING:
    from duislint.fix.edits import Edit, Fix

T = TypeVar("T")
_BODY_ATTRIBUTES = ("bodyelement", "xmlbodyelement", "requestbodyelement", "messagebodyelement", "xmlelement")


@dataclass
class SrvSection:
    """Section 3.8.N of a DUIS specification: one Service Reference Variant."""

    spec: Spec
    number: str  # "3.8.82"
    title: str
    srv: str | None  # from its Service Description table
    description: Table | None = None
    attributes: dict[str, tuple[str, Row]] = field(default_factory=dict)  # header_key(attribute) -> (value, row)
    item_tables: list[Table] = field(default_factory=list)

    def attribute(self, *names: str) -> tuple[str, Row] | None:
        for name in names:
            found = self.attributes.get(header_key(name))
            if found:
                return found
        return None

    @property
    def body_element(self) -> str | None:
        for key in _BODY_ATTRIBUTES:
            if key in self.attributes:
                value = one_line(self.attributes[key][0])
                return value.split(":", 1)[-1] if value else None
        return None


def parent_number(number: str) -> str:
    return number.rsplit(".", 1)[0] if "." in number else ""


def srv_sections(context: CheckContext) -> list[SrvSection]:
    return context.memo(_srv_sections)


def _srv_sections(context: CheckContext) -> list[SrvSection]:
    return _find_srv_sections(context.specs)


def _find_srv_sections(specs: list[Spec]) -> list[SrvSection]:
    found: list[SrvSection] = []
    for spec in specs:
        by_number: dict[str, SrvSection] = {}
        headings: dict[str, Section] = {}  # Spec.section(number) for every number at once: the first of each
        for heading in spec.sections:
            headings.setdefault(heading.number, heading)
        for table in spec.tables_of(spec_model.SERVICE_DESCRIPTION):
            if table.section is None or not table.section.number:
                continue
            number = parent_number(table.section.number)
            parent = headings.get(number)
            section = SrvSection(spec, number, parent.title if parent else "", None, table)
            for row in table.rows:
                key = header_key(row.cell(table.column("attribute")))
                section.attributes.setdefault(key, (row.cell(table.column("value")), row))
            srv = section.attribute("Service Reference Variant", "SRV")
            section.srv = one_line(srv[0]) if srv else None
            by_number.setdefault(number, section)
        for table in spec.tables_of(spec_model.DATA_ITEMS):
            if table.section is None:
                continue
            owner = by_number.get(parent_number(table.section.number)) or by_number.get(table.section.number)
            if owner is not None:
                owner.item_tables.append(table)
        found.extend(by_number.values())
    return found


def section_of_table(context: CheckContext, table: Table) -> SrvSection | None:
    return context.memo(_sections_by_table).get(id(table))


def _sections_by_table(context: CheckContext) -> dict[int, SrvSection]:
    return {id(t): section for section in srv_sections(context) for t in section.item_tables}


def srv_body_element(context: CheckContext, section: SrvSection | None) -> str | None:
    """The body element an SRV's request uses: named by its Service Description, or learnt elsewhere."""
    if section is None:
        return None
    return section.body_element or (context.srv_bodies.get(section.srv or "") if section.srv else None)


def schema_srvs(context: CheckContext) -> list[str]:
    found = duis.code_list(context.model, duis.SR_NS, duis.SERVICE_REFERENCE_VARIANT) or duis.code_list(
        context.model, duis.RA_NS, duis.SERVICE_REFERENCE_VARIANT
    )
    return found.value_set() if found else []


def document_of(spec: Spec) -> str:
    """A specification as the Code names it ("Section A", "Appendix AD"), else as the run shows its path."""
    return spec.document or spec.path


def code_order(document: str) -> tuple[int, int, str]:
    """The Code's order of its documents: Section A first, Sections A to X, then Appendices A to AZ, then documents
    that are not of the Code (by name)."""
    kind, _, letter = document.partition(" ")
    if kind == "Section" and len(letter) == 1 and "A" <= letter <= "X":
        return (0, ord(letter), "")
    if kind == "Appendix" and 1 <= len(letter) <= 2 and letter.isupper():
        return (1, len(letter) * 100 + ord(letter[-1]), "")
    return (2, 0, document)


def nearest_clause(number: str, numbers: set[str]) -> str | None:
    """The clause a reference most likely meant: under the same parent, the nearest last number (3.9.7 -> 3.9.2
    before 3.8.7; H17.9 -> H17.5); a sub-clause's nearest sibling, else its clause (H17.5(z) -> H17.5(c), H17.5);
    else the closest-looking number."""
    from duislint.suggest import closest

    base, bracket, markers = number.partition("(")
    if bracket:
        siblings = sorted(n for n in numbers if n.startswith(base + "(") and n.count("(") == number.count("("))
        if siblings:
            return closest(number, siblings, cutoff=0.0) or siblings[-1]
        if base in numbers:
            return base
    parent, _, last = base.rpartition(".")
    siblings = [n for n in numbers if n.rpartition(".")[0] == parent and n.rpartition(".")[2].isdigit()]
    if parent and siblings and last.isdigit():
        return min(siblings, key=lambda n: (abs(int(n.rpartition(".")[2]) - int(last)), n))
    return closest(number, numbers, cutoff=0.8)


def definition_keys(definition: TermDefinition) -> set[tuple[str, ...]]:
    """The keys of the forms a definition gives (spec.terms.term_key)."""
    return {term_key(form) for form in definition.forms} - {()}


def term_groups(definitions: list[tuple[T, TermDefinition]]) -> list[list[tuple[T, TermDefinition]]]:
    """Definitions grouped by term, in the order given: two definitions that share a form define one term
    ("Transport Layer Security (TLS)" and "TLS")."""
    parent = list(range(len(definitions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, ...], int] = {}
    for i, (_, definition) in enumerate(definitions):
        for key in sorted(definition_keys(definition)):
            if key in first_with:
                parent[find(i)] = find(first_with[key])
            else:
                first_with[key] = i
    groups: dict[int, list[tuple[T, TermDefinition]]] = defaultdict(list)
    for i, item in enumerate(definitions):
        groups[find(i)].append(item)
    return [groups[root] for root in sorted(groups)]


def shared_form(definition: TermDefinition, group: list[tuple[T, TermDefinition]]) -> str:
    """The form of `definition` that most of its group share: the name to report a repeated term by."""
    counts = Counter(key for _, d in group for key in definition_keys(d))
    return max(definition.forms, key=lambda form: (counts[term_key(form)], -definition.forms.index(form)))


def text_edit(written: Written, location: Location, old: str, new: str, occurrence: int | None = None) -> Edit | None:
    """The edit that replaces `old` by `new` where a text is written: in its paragraph, or in its table cell; None
    where it cannot be addressed."""
    from duislint.fix.edits import BlockAddress, CellAddress, ReplaceText

    if written.block is not None:
        return ReplaceText(BlockAddress(written.block), old, new, written.text, occurrence)
    if written.column is not None and location.table is not None and location.row is not None:
        return ReplaceText(CellAddress(location.table, location.row, written.column), old, new, written.text,
                           occurrence)  # fmt: skip
    return None


def fix_of(applicability: str, description: str, *edits: Edit | None, at: Location) -> Fix | None:
    """A fix of one or more edits of the finding's document `at`; None when an edit cannot be made, and in a
    Markdown document (a located line): `duislint fix` redlines Word documents only, and a report must not count
    as fixable what it cannot fix."""
    from duislint.fix.edits import Applicability, Fix

    if at.line is not None or not edits or any(edit is None for edit in edits):
        return None
    return Fix(Applicability(applicability), description, tuple(e for e in edits if e is not None))


def repointed(phrase: str, number: str, nearest: str | None, written: Written, location: Location) -> Fix | None:
    """The unsafe fix of a reference to a missing clause: the phrase pointed at the nearest clause."""
    if nearest is None or number not in phrase:
        return None
    at = phrase.rindex(number)
    instead = phrase[:at] + nearest + phrase[at + len(number) :]
    return fix_of("unsafe", f"refer to {nearest} instead of {number}", text_edit(written, location, phrase, instead),
                  at=location)  # fmt: skip

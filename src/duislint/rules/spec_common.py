"""What several spec rule families share: the SRV sections of a specification (not a rule module)."""

from __future__ import annotations

from dataclasses import dataclass, field

from duislint import duis
from duislint.rules import CheckContext
from duislint.spec import model as spec_model
from duislint.spec.model import Row, Spec, Table
from duislint.spec.text import header_key, one_line

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
        for table in spec.tables_of(spec_model.SERVICE_DESCRIPTION):
            if table.section is None or not table.section.number:
                continue
            number = parent_number(table.section.number)
            parent = spec.section(number)
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

"""SP3xx: SRV sections of the specification agree with the XSD enumeration and the service-request matrix."""

from __future__ import annotations

from typing import Iterator

from duislint import duis
from duislint.findings import Severity
from duislint.matrix import MatrixRow
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.spec_common import schema_srvs, srv_sections
from duislint.spec.text import header_key, one_line


@rule("SP301", "srv-sections-disagree-with-schema", Severity.ERROR, "spec")
def srv_sections_disagree_with_schema(context: CheckContext) -> Iterator[Hit]:
    """The SRV sections (3.8.N, found by their Service Description) and the XSD's SRV enumeration disagree: an SRV
    without a section, one with two, a section for an SRV the XSD lacks, or sections out of enumeration order.

    Why:
        Section 3.8.N documents the N-th SRV of the ServiceReferenceVariant enumeration, and DCC Users navigate by
        that correspondence. A missing or misplaced section leaves an SRV undocumented or documented under the
        wrong number.

    Bad:
        3.8.17 Service Reference Variant 4.1.2; 3.8.18 Service Reference Variant 4.1.1

    Good:
        3.8.17 Service Reference Variant 4.1.1; 3.8.18 Service Reference Variant 4.1.2
    """
    srvs = schema_srvs(context)
    for spec in context.specs:  # each document on its own
        sections = [s for s in srv_sections(context) if s.srv and s.spec is spec]
        if sections and srvs:
            yield from _srv_sections_of(sections, srvs)


def _srv_sections_of(sections, srvs: list[str]) -> Iterator[Hit]:  # noqa: ANN001
    position = {srv: i for i, srv in enumerate(srvs)}
    seen: dict[str, object] = {}
    last_position = -1
    for section in sections:
        value, row = section.attribute("Service Reference Variant", "SRV")
        where = row.location
        if section.srv not in position:
            yield Hit(
                f"section {section.number} ({section.title}) describes SRV {section.srv}, which the XSD's "
                "ServiceReferenceVariant does not list",
                f"SRV {section.srv}",
                where,
            )
            continue
        if section.srv in seen:
            yield Hit(
                f"SRV {section.srv} is described again in section {section.number} (first in {seen[section.srv]})",
                f"SRV {section.srv}",
                where,
            )
            continue
        seen[section.srv] = section.number
        if position[section.srv] < last_position:
            yield Hit(
                f"section {section.number} describes SRV {section.srv} out of the enumeration's order",
                f"SRV {section.srv}",
                where,
            )
        last_position = max(last_position, position[section.srv])
    for srv in srvs:
        if srv not in seen:
            yield Hit(
                f"SRV {srv} has no section in the specification {sections[0].spec.path}",
                f"SRV {srv}",
                sections[0].description.location,
            )


_COMPARED = (
    ("Service Reference", ("Service Reference", "SR")),
    ("Critical", ("Critical",)),
    ("On Demand", ("On Demand",)),
    ("DCC Scheduled", ("DCC Scheduled",)),
)


@rule("SP302", "service-description-disagrees-with-matrix", Severity.ERROR, "spec", needs_schema=False)
def service_description_disagrees_with_matrix(context: CheckContext) -> Iterator[Hit]:
    """An SRV's Service Description (3.8.N.1) says otherwise than the service-request matrix: Service Reference,
    Critical, On Demand, DCC Scheduled, or Eligible Users (role names and codes both understood).

    Why:
        The matrix decides who may send an SRV and how the DCC treats it; the Service Description restates it for
        readers. When 3.8.17.1 lists eligible users the matrix does not grant, users build for access they will
        be refused (or miss one they have).

    Bad:
        3.8.17.1 Eligible Users: Import Supplier, Gas Supplier, Other User       matrix 4.1.1: IS, GS

    Good:
        3.8.17.1 Eligible Users: Import Supplier, Gas Supplier                   matrix 4.1.1: IS, GS
    """
    if not context.matrix:
        return
    by_srv: dict[str, MatrixRow] = {}
    for row in context.matrix:
        by_srv.setdefault(row.srv, row)
    for section in srv_sections(context):
        matrix_row = by_srv.get(section.srv or "")
        if matrix_row is None:
            continue
        for column, attributes in _COMPARED:
            said = section.attribute(*attributes)
            expected = matrix_row.value(column)
            if said is None or expected is None or _same(said[0], expected):
                continue
            if column == "Service Reference" and expected != duis.sr_of_srv(matrix_row.srv):
                continue  # the matrix row contradicts its own SRV: DU203 reports the matrix
            yield Hit(
                f"section {section.number} gives {column} '{one_line(said[0])}' for SRV {section.srv}; the "
                f"service-request matrix says '{expected}'",
                f"SRV {section.srv}",
                said[1].location,
                related=(matrix_row.location_of(column),),
                suggestion=expected,
            )
        yield from _eligible_users(section, matrix_row)


def _same(said: str, expected: str) -> bool:
    return header_key(said) == header_key(expected)


def _eligible_users(section, matrix_row: MatrixRow) -> Iterator[Hit]:  # noqa: ANN001
    said = section.attribute("Eligible Users", "Eligible User Roles", "Eligible User")
    if said is None or not matrix_row.eligible_roles:
        return
    codes, unknown = duis.role_codes(said[0])
    granted = set(matrix_row.eligible_roles)
    extra, missing = sorted(codes - granted), sorted(granted - codes)
    if not extra and not missing and not unknown:
        return
    parts = []
    if extra:
        parts.append(f"lists {', '.join(extra)}, which the matrix does not grant")
    if missing:
        parts.append(f"omits {', '.join(missing)}, which the matrix grants")
    if unknown:
        parts.append(f"names unknown roles {', '.join(unknown)}")
    yield Hit(
        f"section {section.number} Eligible Users for SRV {section.srv} {'; '.join(parts)}",
        f"SRV {section.srv}",
        said[1].location,
        related=(matrix_row.location_of("Eligible User Roles"),),
        suggestion=", ".join(duis.ROLES[c] for c in sorted(granted, key=list(duis.ROLES).index) if c in duis.ROLES),
    )

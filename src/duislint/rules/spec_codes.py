"""SP1xx: the specification's response-code and DCC alert-code tables agree with the XSD enumerations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from duislint import duis
from duislint.findings import Location, Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.spec_common import fix_of
from duislint.spec import model as spec_model
from duislint.spec.model import Row, Spec, Table
from duislint.spec.text import is_placeholder, one_line
from duislint.xsd.components import EnumValue

if TYPE_CHECKING:
    from duislint.fix.edits import Edit, Fix

_CODE = re.compile(r"^[A-Z]{1,3}\d+$")


@dataclass(frozen=True, slots=True)
class _Family:
    """A family of DUIS codes the specification tabulates: its name, its table kind, and the roles that specify one."""

    noun: str
    table_kind: spec_model.TableKind
    described_by: tuple[str, ...]  # roles that must be filled for the code to be specified


RESPONSE = _Family("response code", spec_model.RESPONSE_CODES, ("type", "description"))
ALERT = _Family("DCC alert code", spec_model.ALERT_CODES, ("description",))


def _schema_codes(context: CheckContext, family: _Family) -> list[EnumValue]:
    if family is RESPONSE:
        found = duis.code_list(context.model, duis.SR_NS, duis.RESPONSE_CODE) or duis.code_list(
            context.model, duis.RA_NS, duis.RESPONSE_CODE
        )
        return list(found.values) if found else []
    values: dict[str, EnumValue] = {}
    for code_list in duis.alert_code_lists(context.model):
        for value in code_list.values:
            values.setdefault(value.value, value)
    return list(values.values())


def _code_of(cell: str) -> str:
    token = one_line(cell).split(" ", 1)[0].rstrip(",;:.") if cell else ""
    return token


def _spec_rows(spec: Spec, family: _Family) -> list[tuple[Table, Row, str]]:
    rows = []
    for table in spec.tables_of(family.table_kind):
        for row in table.rows:
            code = _code_of(row.cell(table.column("code")))
            if code:
                rows.append((table, row, code))
    return rows


@rule("SP101", "code-missing-from-spec", Severity.ERROR, "spec", fixes=("unsafe",))
def code_missing_from_spec(context: CheckContext) -> Iterator[Hit]:
    """A response code or DCC alert code of the XSD enumeration that no code table of the specification lists.

    Why:
        DCC Users implement from the specification's tables (3.5.x response codes, 3.9.x alerts). A code the XSD
        allows but the tables omit (E64 in DUIS 5.x) reaches users with no documented meaning or handling. The
        finding points at the table that should hold it: the one listing the code before it in the XSD.

    Bad:
        XSD: E63, E64, E65          3.5.10: E63 | ..., E65 | ...

    Good:
        XSD: E63, E64, E65          3.5.10: E63 | ..., E64 | ..., E65 | ...

    Fix:
        Unsafe: a row for the code after the row of the code before it, its other cells marked for completion;
        only where the code before it is listed (a run of missing codes is added by hand, in order).
    """
    for family, spec in ((f, s) for f in (RESPONSE, ALERT) for s in context.specs):  # each document on its own
        rows = _spec_rows(spec, family)
        if not rows:
            continue
        listed = {code: (table, row) for table, row, code in rows}
        previous: tuple[Table, Row] | None = None
        previous_listed = False
        for value in _schema_codes(context, family):
            if value.value in listed:
                previous, previous_listed = listed[value.value], True
                continue
            table = previous[0] if previous else rows[0][0]
            yield Hit(
                f"{family.noun} {value.value} ({value.owner_context}) is not in the specification's "
                f"{family.noun} tables; this table lists the code before it",
                value.value,
                table.location,
                related=(value.source,),
                fix=_code_row_after(previous, value.value) if previous and previous_listed else None,
            )
            previous_listed = False


@rule("SP102", "spec-code-not-in-schema", Severity.ERROR, "spec", fixes=("unsafe",))
def spec_code_not_in_schema(context: CheckContext) -> Iterator[Hit]:
    """A code table of the specification lists a response or alert code that the XSD enumeration does not have.

    Why:
        A documented code that no schema-valid message can carry is either a typo (E46 for E64) or a code the
        XSD uplift forgot; users who code against the table will handle a value that never arrives, and miss the
        one that does.

    Bad:
        3.5.10: E46 | Invalid ...           XSD: E64

    Good:
        3.5.10: E64 | Invalid ...           XSD: E64

    Fix:
        Unsafe: the code corrected to the XSD's code one slip away (E46 -> E64); without one, the row removed.
    """
    for family in (RESPONSE, ALERT):
        schema = {v.value: v for v in _schema_codes(context, family)}
        if not schema:
            continue
        for table, row, code in (r for spec in context.specs for r in _spec_rows(spec, family)):
            if code in schema or not _CODE.match(code):
                continue
            near = closest_code(code, schema)
            yield Hit(
                f"{family.noun} {code} is in the specification but not in the XSD enumeration",
                code,
                row.location,
                related=(schema[near].source,) if near else (),
                suggestion=near,
                fix=_renamed_or_removed(table, row, code, near),
            )


@rule("SP103", "code-not-specified", Severity.WARNING, "spec")
def code_not_specified(context: CheckContext) -> Iterator[Hit]:
    """A code row whose response type or description is empty or a placeholder (TBC, TBD, -, N/A).

    Why:
        A code without a specified response type or description (E60-E71 in DUIS 5.x) tells implementers nothing
        about how to react; the uplift shipped the code but not its meaning.

    Bad:
        | E60 | Invalid Command Variant | TBC | |

    Good:
        | E60 | Invalid Command Variant | Error | The Command Variant is not valid for the SRV |
    """
    for family in (RESPONSE, ALERT):
        for table, row, code in (r for spec in context.specs for r in _spec_rows(spec, family)):
            missing = [
                role for role in family.described_by
                if table.column(role) is not None and is_placeholder(row.cell(table.column(role)))
            ]  # fmt: skip
            if missing:
                shown = ", ".join(f"{role} '{one_line(row.cell(table.column(role)))}'" for role in missing)
                yield Hit(
                    f"{family.noun} {code} has no specified {' or '.join(missing)} ({shown})",
                    code,
                    row.location,
                    related=_schema_location(context, family, code),
                )


def _code_row_after(previous: tuple[Table, Row], code: str) -> Fix | None:
    """A new row for `code` after the row of the code before it: the code, and every other cell to be completed."""
    from duislint.fix.edits import TO_BE_COMPLETED, InsertRowAfter, RowAddress

    table, row = previous
    column = table.column("code")
    if column is None or not table.header:
        return None
    cells = tuple(code if i == column else TO_BE_COMPLETED for i in range(len(table.header)))
    return fix_of("unsafe", f"add a row for {code}, its other cells to be completed",
                  InsertRowAfter(RowAddress(table.index, row.index), row.cells, cells), at=row.location)  # fmt: skip


def _renamed_or_removed(table: Table, row: Row, code: str, near: str | None) -> Fix | None:
    """The code corrected to the XSD's code one slip away, else its row removed: a person confirms either."""
    from duislint.fix.edits import CellAddress, DeleteRow, ReplaceCellText, RowAddress

    column = table.column("code")
    if column is None:
        return None
    if near is not None:
        cell = row.cells[column]
        if code not in cell:
            return None
        edit: Edit = ReplaceCellText(CellAddress(table.index, row.index, column), cell, cell.replace(code, near, 1))
        return fix_of("unsafe", f"correct {code} to {near}", edit, at=row.location)
    return fix_of("unsafe", f"remove the row of {code}, which the XSD does not have",
                  DeleteRow(RowAddress(table.index, row.index), row.cells), at=row.location)  # fmt: skip


def closest_code(code: str, codes) -> str | None:  # noqa: ANN001
    """A code of the same shape that one slip turns into this one: a swapped pair or one changed
    character (E46 for E64, E65 for E66)."""
    for candidate in sorted(codes):
        if candidate == code or candidate[0] != code[0]:
            continue
        if len(candidate) == len(code):
            diff = [i for i, (a, b) in enumerate(zip(candidate, code, strict=True)) if a != b]
            if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and candidate[diff[0]] == code[diff[1]]
                                  and candidate[diff[1]] == code[diff[0]]):  # fmt: skip
                return candidate
    return None


def _schema_location(context: CheckContext, family: _Family, code: str) -> tuple[Location, ...]:
    for value in _schema_codes(context, family):
        if value.value == code:
            return (Location(value.source.path, value.source.line),)
    return ()


@rule("SP104", "code-listed-twice", Severity.WARNING, "spec", needs_schema=False)
def code_listed_twice(context: CheckContext) -> Iterator[Hit]:
    """A response or alert code has more than one row in a specification's code tables.

    Why:
        Two rows for one code give two meanings to one value; the second row is usually a code that was meant to
        be another (E46 typed where E64 belongs), which then goes missing.

    Bad:
        | E46 | Invalid Device | ... |      ...      | E46 | Invalid Request | ... |

    Good:
        | E46 | Invalid Device | ... |      ...      | E64 | Invalid Request | ... |
    """
    for family in (RESPONSE, ALERT):
        for spec in context.specs:
            first: dict[str, Row] = {}
            for _, row, code in _spec_rows(spec, family):
                if code in first:
                    yield Hit(
                        f"{family.noun} {code} is listed again (first at §{first[code].location.section} "
                        f"table {first[code].location.table} row {first[code].location.row})",
                        code,
                        row.location,
                        related=(first[code].location,),
                    )
                else:
                    first[code] = row

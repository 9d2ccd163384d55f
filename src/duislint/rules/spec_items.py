"""SP2xx: the specification's data-item tables name what the XSD defines, as the XSD defines it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from duislint import duis
from duislint.findings import Location, Severity
from duislint.fix.edits import CellAddress, DeleteRow, ReplaceCellText, RowAddress
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.spec_common import fix_of, section_of_table, srv_body_element
from duislint.spec import model as spec_model
from duislint.spec.model import Row, Table
from duislint.spec.text import item_name, one_line
from duislint.suggest import closest, one_slip_apart
from duislint.xsd.components import AttributeDecl, AttributeGroupDef, ElementDecl, TypeDef
from duislint.xsd.model import ATTRIBUTE, ATTRIBUTE_GROUP, BUILTIN_TYPES, TYPE, XS, QName, SchemaModel
from duislint.xsd.queries import (
    body_element,
    child_elements,
    descendant_items,
    elements_by_local_name,
    own_attributes,
    type_of,
)

if TYPE_CHECKING:
    from duislint.fix.edits import Fix

_TYPE_TOKEN = re.compile(r"\b(sr|ra|xs):([A-Za-z_][\w.\-]*)")
_YES = {"yes", "y", "mandatory", "m", "required"}
_NO = {"no", "n", "optional", "o"}


@dataclass(frozen=True, slots=True)
class _Item:
    """A data item named in a row of a specification data-item table."""

    table: Table
    row: Row
    name: str


def _items(context: CheckContext) -> list[_Item]:
    """Every data item the specifications' data-item tables name, in document order (once a run: six rules read
    them)."""
    return context.memo(_all_items)


def _all_items(context: CheckContext) -> list[_Item]:
    found = []
    for spec in context.specs:
        for table in spec.tables_of(spec_model.DATA_ITEMS):
            for row in table.rows:
                name = item_name(row.cell(table.column("item")))
                if name:
                    found.append(_Item(table, row, name))
    return found


Declaration = ElementDecl | AttributeDecl


def _scope(context: CheckContext, table: Table) -> tuple[dict[str, list[Declaration]], str | None]:
    """Declarations a table's items are looked up in: the elements and attributes inside the SRV's body type when
    the body element is known, else every element and attribute of the set (DUIS tables list a body type's
    attributes, such as `auxiliaryControllerN`, as data items). Computed once per table."""
    scopes = context.memo(_scopes)
    if id(table) not in scopes:
        scopes[id(table)] = _compute_scope(context, table)
    return scopes[id(table)]


Scope = tuple[dict[str, list[Declaration]], str | None]


def _scopes(context: CheckContext) -> dict[int, Scope]:
    """Per table (by identity), once a run: several rules look a table's items up."""
    return {}


def _elements(context: CheckContext) -> dict[str, list[ElementDecl]]:
    return elements_by_local_name(context.model)


def _declarations(context: CheckContext) -> dict[str, list[Declaration]]:
    """Every element and attribute declaration of the set by local name (elements first), once a run."""
    found: dict[str, list[Declaration]] = {name: list(decls) for name, decls in context.memo(_elements).items()}
    for attribute in attributes_of_set(context.model):
        found.setdefault(attribute.name.local, []).append(attribute)
    return found


def attributes_of_set(model: SchemaModel) -> list[AttributeDecl]:
    """Every attribute declaration of the set: global ones, and those of every type and attribute group."""
    found: list[AttributeDecl] = []
    for component in model.components:
        if component.family == ATTRIBUTE and isinstance(component.definition, AttributeDecl):
            found.append(component.definition)
        elif component.family == ATTRIBUTE_GROUP and isinstance(component.definition, AttributeGroupDef):
            found.extend(component.definition.attributes)
    for typedef in model.types:
        found.extend(typedef.attributes)
    return found


def _compute_scope(context: CheckContext, table: Table) -> Scope:
    body = srv_body_element(context, section_of_table(context, table))
    index = context.memo(_elements)
    decl = body_element(context.model, index, body) if body else None
    typedef = type_of(context.model, decl) if decl is not None else None
    if typedef is not None:
        scoped: dict[str, list[Declaration]] = {}
        for item in descendant_items(context.model, typedef):
            scoped.setdefault(item.name.local, []).append(item)
        return scoped, body
    return context.memo(_declarations), None


def _required(decl: Declaration) -> bool:
    return decl.use == "required" if isinstance(decl, AttributeDecl) else decl.min_occurs >= 1


def _conditional(decl: Declaration) -> bool:
    return isinstance(decl, ElementDecl) and decl.conditional


def _where(decls: Sequence[Declaration]) -> tuple[Location, ...]:
    return tuple(dict.fromkeys(Location(d.source.path, d.source.line) for d in decls[:5]))


@rule("SP201", "unknown-data-item", Severity.ERROR, "spec", fixes=("safe", "unsafe"))
def unknown_data_item(context: CheckContext) -> Iterator[Hit]:
    """A data item, alert data item or Type cell of the specification names what the XSD set does not define.

    Why:
        Implementers search the XSD for the names the specification gives. A misspelt name
        (`UpperBandSubGHzChannels0To026`) or one the schema never had (`sr:FirmwareVersionUpdate`) sends them to
        nothing, and a data-item table that names elements of another message part documents the wrong thing.
        Attributes are data items as elements are (`auxiliaryControllerN` of the Auxiliary Load Control Switch
        requests). When the SRV's body element is known, items are looked up in its type and the types beneath
        it; otherwise among every element and attribute of the set.

    Bad:
        | UpperBandSubGHzChannels0To026 | ... | sr:Channels0To26 | Yes |

    Good:
        | UpperBandSubGHzChannels0To26 | ... | sr:Channels0To26 | Yes |

    Fix:
        Safe when the schema's name is one edit or one transposition away, no other name is as near and the table
        does not list it already (else writing it would list it twice); unsafe for any other suggested name.
    """
    model = context.model
    listed: dict[int, set[str]] = {}
    for item in _items(context):
        listed.setdefault(id(item.table), set()).add(item.name)
    for item in _items(context):
        scope, body = _scope(context, item.table)
        if item.name not in scope:
            pool = scope.keys()
            near = closest(item.name, pool)
            yield Hit(
                f"data item '{item.name}' is not " + (f"in the type of body element {body}" if body else
                                                      "an element or attribute of the XSD set"),
                item.name,
                item.row.location,
                related=_where(scope.get(near, []))[:1] if near else (),
                suggestion=near,
                fix=_renamed(item, near, pool, listed[id(item.table)]) if near else None,
            )  # fmt: skip
        yield from _unknown_types(model, item.table, item.row)
    yield from _unknown_alert_items(context)


def _renamed(item: _Item, near: str, names: Iterable[str], listed: set[str]) -> Fix | None:
    """The data item corrected to the schema's name: safe when it is the one name a slip away and the table does
    not list it already, else for a person to confirm."""
    column = item.table.column("item")
    if column is None:
        return None
    cell = item.row.cells[column]
    if item.name not in cell:
        return None
    slips = [name for name in names if one_slip_apart(item.name, name)]
    safe = slips == [near] and near not in listed
    edit = ReplaceCellText(CellAddress.of(item.row.location, column), cell, cell.replace(item.name, near, 1))
    return fix_of("safe" if safe else "unsafe", f"correct the data item to {near}", edit, at=item.row.location)


def _unknown_types(model: SchemaModel, table: Table, row: Row) -> Iterator[Hit]:
    for prefix, local in _TYPE_TOKEN.findall(row.cell(table.column("type"))):
        name = _type_qname(prefix, local)
        if prefix == "xs" and local in BUILTIN_TYPES or model.lookup(TYPE, name):
            continue
        pool = (
            BUILTIN_TYPES
            if prefix == "xs"
            else [n.local for n in model.names_in(TYPE) if n.namespace == name.namespace]
        )
        near = closest(local, pool)
        yield Hit(
            f"type '{prefix}:{local}' in the Type column is not defined in the XSD set",
            f"{prefix}:{local}",
            row.location,
            suggestion=f"{prefix}:{near}" if near else None,
        )


def _type_qname(prefix: str, local: str) -> QName:
    return QName({"sr": duis.SR_NS, "ra": duis.RA_NS, "xs": XS}[prefix], local)


def _unknown_alert_items(context: CheckContext) -> Iterator[Hit]:
    model = context.model
    elements = context.memo(_elements)
    type_names = {n.local for n in model.names_in(TYPE)}
    for spec in context.specs:
        for table in spec.tables_of(spec_model.ALERT_CODES):
            column = table.column("item")
            if column is None:
                continue
            for row in table.rows:
                cell = one_line(row.cell(column))
                for token in re.findall(r"(?:\b(?:sr|ra):)?[A-Z][A-Za-z0-9_]{3,}", cell):
                    if ":" not in token and not re.search(r"[a-z][A-Z]", token):
                        continue  # a plain word of prose, not a schema name
                    name = item_name(token)
                    if name is None or name in elements or name in type_names:
                        continue
                    pool = set(elements) | type_names
                    near = closest(name, pool)
                    prefix = token.split(":", 1)[0] + ":" if ":" in token else ""
                    raw = row.cells[column]
                    edit = (ReplaceCellText(CellAddress.of(row.location, column), raw, raw.replace(token, prefix + near, 1))
                            if near and token in raw else None)  # fmt: skip
                    yield Hit(
                        f"alert data item '{token}' names no element or type of the XSD set",
                        token,
                        row.location,
                        related=_where(elements.get(near, []))[:1] if near else (),
                        suggestion=f"{prefix}{near}" if near else None,
                        fix=fix_of("unsafe", f"name {prefix}{near} instead", edit, at=row.location) if near else None,
                    )


@rule("SP202", "duplicate-data-item", Severity.WARNING, "spec", fixes=("safe", "unsafe"))
def duplicate_data_item(context: CheckContext) -> Iterator[Hit]:
    """The same data item is listed twice in one data-item table (the same name in two SRV sections is fine).

    Why:
        A repeated row (the LowerBand/UpperBand SubGHz channel rows of 3.8.82.2) is a copy-and-paste slip that
        usually hides the row that should have been there, and leaves readers to guess which description holds.

    Bad:
        | LowerBandSubGHzChannels0To26 | ... |
        | LowerBandSubGHzChannels0To26 | ... |

    Good:
        | LowerBandSubGHzChannels0To26 | ... |
        | UpperBandSubGHzChannels0To26 | ... |

    Fix:
        The repeated row deleted: safe when it repeats the first row cell for cell, unsafe when its other cells
        differ (a person keeps what is right of each).
    """
    seen: dict[tuple[int, str, str], Row] = {}
    for item in _items(context):
        key = (id(item.table), item.table.location.path, item.name)
        if key in seen:
            first = seen[key]
            same = first.cells == item.row.cells
            edit = DeleteRow(RowAddress.of(item.row.location), item.row.cells)
            yield Hit(
                f"data item '{item.name}' is listed again in this table (first at row {first.index})",
                item.name,
                item.row.location,
                related=(first.location,),
                fix=fix_of("safe" if same else "unsafe", f"delete the repeated row of {item.name}", edit,
                           at=item.row.location),  # fmt: skip
            )
        else:
            seen[key] = item.row


def _mandatory(cell: str) -> bool | None:
    word = one_line(cell).lower().rstrip(".")
    word = word.split(" ", 1)[0] if word else ""
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None  # Conditional, "see ...", blank: not compared


@rule("SP203", "mandatory-contradicts-schema", Severity.ERROR, "spec", fixes=("safe",))
def mandatory_contradicts_schema(context: CheckContext) -> Iterator[Hit]:
    """A data item's Mandatory column contradicts the XSD: Yes against minOccurs="0" (an attribute's
    use="optional"), No against minOccurs >= 1 (use="required").

    Why:
        Senders build requests from the Mandatory column; receivers validate against the XSD. A mismatch
        (ScheduleEndDate marked Mandatory in 3.8.43.2 while the schema makes it optional) means schema-valid
        messages the specification calls wrong, or the reverse. Conditional items and members of an xs:choice
        are never flagged; an item whose declarations disagree among themselves is not compared.

    Bad:
        | ScheduleEndDate | ... | xs:date | Yes |        <xs:element name="ScheduleEndDate" minOccurs="0"/>

    Good:
        | ScheduleEndDate | ... | xs:date | No |         <xs:element name="ScheduleEndDate" minOccurs="0"/>

    Fix:
        Safe: the Mandatory cell set from minOccurs (use), in the table's own words (Yes/No, Y/N, M/O,
        Mandatory/Optional) and case; a cell that says more than the one word is corrected by hand.
    """
    for item in _items(context):
        said = _mandatory(item.row.cell(item.table.column("mandatory")))
        if said is None:
            continue
        scope, _ = _scope(context, item.table)
        decls = scope.get(item.name, [])
        if not decls or any(_conditional(d) for d in decls):
            continue
        required = {_required(d) for d in decls}
        if len(required) != 1 or required.pop() == said:
            continue
        first = decls[0]
        schema_says = f'use="{first.use}"' if isinstance(first, AttributeDecl) else f'minOccurs="{first.min_occurs}"'
        yield Hit(
            f"data item '{item.name}' is {'Mandatory' if said else 'not Mandatory'} in the specification but the "
            f"XSD has {schema_says}",
            item.name,
            item.row.location,
            related=_where(decls),
            suggestion="No" if said else "Yes",
            fix=_mandatory_fix(item),
        )


_OPPOSITES = {"yes": "no", "no": "yes", "y": "n", "n": "y", "m": "o", "o": "m", "mandatory": "optional",
              "optional": "mandatory", "required": "optional"}  # fmt: skip


def _mandatory_fix(item: _Item) -> Fix | None:
    """The Mandatory cell turned to its opposite in its own words and case ('Yes' -> 'No', 'M' -> 'O')."""
    column = item.table.column("mandatory")
    if column is None:
        return None
    cell = item.row.cells[column]
    word = cell.strip().rstrip(".")
    opposite = _OPPOSITES.get(word.lower())
    if not word or opposite is None or " " in word:
        return None
    if word.isupper():
        opposite = opposite.upper()
    elif word[0].isupper():
        opposite = opposite.capitalize()
    edit = ReplaceCellText(CellAddress.of(item.row.location, column), cell, cell.replace(word, opposite, 1))
    return fix_of("safe", f"set Mandatory to '{opposite}'", edit, at=item.row.location)


@rule("SP204", "type-contradicts-schema", Severity.WARNING, "spec", fixes=("safe",))
def type_contradicts_schema(context: CheckContext) -> Iterator[Hit]:
    """A data item's Type column names another type than the XSD declares for it ("Restriction of xs:..." is
    compared with the base of the declared type).

    Why:
        The Type column is how readers learn an item's format; when it names sr:Date but the element is xs:date
        (or a restriction of xs:string is documented as xs:int) implementers build the wrong validation.
        sr:/ra: twins count as the same type; free text that names no sr:/ra:/xs: type is not compared.

    Bad:
        | ExecutionDateTime | ... | xs:date |          <xs:element name="ExecutionDateTime" type="xs:dateTime"/>

    Good:
        | ExecutionDateTime | ... | xs:dateTime |      <xs:element name="ExecutionDateTime" type="xs:dateTime"/>

    Fix:
        Safe, where the XSD declares one type: the type named in the Type cell replaced by it, the rest of the cell
        ("Restriction of ...") kept.
    """
    model = context.model
    for item in _items(context):
        cell = one_line(item.row.cell(item.table.column("type")))
        tokens = _TYPE_TOKEN.findall(cell)
        if not tokens:
            continue
        prefix, local = tokens[0]
        restriction = "restriction" in cell.lower()
        scope, _ = _scope(context, item.table)
        decls = scope.get(item.name, [])
        if not decls:
            continue
        known = context.memo(_declared_types_of)
        declared = []
        for decl in decls:
            key = (id(decl), restriction)
            if key not in known:
                known[key] = _declared_types(model, decl, restriction)
            declared.append(known[key])
        if any(local in names for names in declared):
            continue
        shown = sorted({n for names in declared for n in names})
        yield Hit(
            f"data item '{item.name}' has Type '{cell}' in the specification but the XSD declares "
            f"{' / '.join(shown) or 'an anonymous type'}",
            item.name,
            item.row.location,
            related=_where(decls),
            suggestion=shown[0] if len(shown) == 1 else None,
            fix=_type_fix(item, f"{prefix}:{local}", shown[0]) if len(shown) == 1 else None,
        )


def _type_fix(item: _Item, written: str, declared: str) -> Fix | None:
    column = item.table.column("type")
    if column is None:
        return None
    cell = item.row.cells[column]
    if written not in cell:
        return None
    edit = ReplaceCellText(CellAddress.of(item.row.location, column), cell, cell.replace(written, declared, 1))
    return fix_of("safe", f"set Type to {declared}", edit, at=item.row.location)


def _declared_types_of(context: CheckContext) -> dict[tuple[int, bool], set[str]]:
    """(declaration, restriction) -> _declared_types, once a run: the same declarations are looked up for every
    table that lists an item of their name."""
    return {}


def _declared_types(model: SchemaModel, decl: Declaration, restriction: bool) -> set[str]:
    """Local names the Type column may use for an item: its type, and the base of a restriction."""
    names: set[str] = set()
    if isinstance(decl, AttributeDecl):
        decl = _attribute_target(model, decl)
    typedef = type_of(model, decl) if isinstance(decl, ElementDecl) else _attribute_type(model, decl)
    if decl.type_name is not None:
        names.add(decl.type_name.local)
    if typedef is not None and typedef.base is not None and (restriction or typedef.name is None):
        names.add(typedef.base.local)
    return names


def _attribute_target(model: SchemaModel, decl: AttributeDecl) -> AttributeDecl:
    """The declaration an attribute ref points at (which holds the type), or the declaration itself."""
    if decl.ref is None:
        return decl
    target = model.lookup(ATTRIBUTE, decl.ref)
    return target.definition if target is not None and isinstance(target.definition, AttributeDecl) else decl


def _attribute_type(model: SchemaModel, decl: AttributeDecl) -> TypeDef | None:
    return decl.anonymous_type or model.named_type(decl.type_name)


@rule("SP205", "data-items-differ-from-body", Severity.WARNING, "spec")
def data_items_differ_from_body(context: CheckContext) -> Iterator[Hit]:
    """An SRV's Specific Data Items differ from the children of its request body element's type.

    Why:
        Section 3.8.N.2 documents the request body of SRV N. When the body element is known (from the Service
        Description, or learnt from example messages) the table must list its type's child elements (through
        extension bases, sequences and choices) and its attributes: an undocumented child is a data item users
        cannot fill correctly; a listed item that is not a child belongs to another message.

    Bad:
        body sr:SetCHFSubGHzConfiguration (sr:SubGHzConfiguration) has GSMECurfew; 3.8.82.2 does not list it

    Good:
        3.8.82.2 lists every child of sr:SubGHzConfiguration
    """
    model = context.model
    index = context.memo(_elements)
    for spec in context.specs:
        for table in spec.tables_of(spec_model.DATA_ITEMS):
            body = srv_body_element(context, section_of_table(context, table))
            body_decl = body_element(model, index, body) if body else None
            typedef = type_of(model, body_decl) if body_decl is not None else None
            if typedef is None:
                continue
            children: dict[str, Declaration] = {d.name.local: d for d in child_elements(model, typedef)}
            children.update({a.name.local: a for a in own_attributes(model, typedef)})
            listed = {item_name(r.cell(table.column("item"))) for r in table.rows}
            for name, child in children.items():
                if name not in listed:
                    yield Hit(
                        f"child '{name}' of body element {body} is not listed in the data items",
                        name,
                        table.location,
                        related=(Location(child.source.path, child.source.line),),
                    )

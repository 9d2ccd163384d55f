"""A CLEAN DUIS-shaped specification (.docx) generated from the real published DUIS 5.4 data.

Everything the document says is taken from the real data, so that duislint's spec rules (SP1xx-SP4xx) must find
nothing in it; tests then plant one defect at a time in a copy (remove a row, change a cell) and expect exactly
that defect back.

* 3.5.x   response-code tables: every ``sr:ResponseCode`` value, in enumeration order, with a name, type and
          description (one table per run of codes of one kind; SRV-specific codes one table per Service Reference).
* 3.8.N   one section per Service Reference Variant, in the order of the ``sr:ServiceReferenceVariant``
          enumeration, titled with the matrix's Service Request Name:
          3.8.N.1 Service Description (Attribute | Value, from the service-request matrix, plus the Body Element
          learnt from the real request messages) and 3.8.N.2 Specific Data Items (the children of the body
          element's type, from duislint's schema model via ``duislint.xsd.queries.child_elements``).
* 3.9.1   every ``DCCAlertCode`` value.
* 1.3     a few defined terms.

Codes, SRs and SRVs are strings throughout: "6.20" is never "6.2". The enumerations are read straight from the
XSD with lxml (not through duislint), so a reader bug in duislint cannot hide itself in the expected answer.

    python tests/realspec.py OUT.docx [--data ../shared/duis] [--size N] [--real-size]

``--size N`` scales the prose (N paragraphs in each 3.8.N section, descriptions N times as long); the structure
(about 250 tables and 410 headings for DUIS 5.4) stays the same, since a clean spec has one section per SRV.

``--real-size`` (``build(facts, real_size=True)``, see build_real_size) makes it as big as the published Appendix
AD and shaped as it is: about 1,000 pages, 1,400 tables and 1,750 headings (``counts()`` estimates the pages), still
clean, its text in runs formatted as Word writes them; the benchmark of the specification path reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

if __package__ in (None, ""):  # run as a script: make `tests.docxgen` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.docxgen import MAX_LEVEL, Cell, DocxBuilder, Formatted, Para  # noqa: E402
from tests.prose import TERMS as PROSE_TERMS  # noqa: E402
from tests.prose import Prose  # noqa: E402

SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
RA_NS = "http://www.dccinterface.co.uk/ResponseAndAlert"
XS_NS = "http://www.w3.org/2001/XMLSchema"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
PREFIXES = {SR_NS: "sr", RA_NS: "ra", XS_NS: "xs"}
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("DUIS_DATA", ROOT.parent / "shared" / "duis"))
VERSION = "5.4"

ROLES = {  # matrix code -> role name, in the order the Service Description lists them
    "IS": "Import Supplier",
    "ES": "Export Supplier",
    "GS": "Gas Supplier",
    "RSA": "Registered Supplier Agent",
    "ED": "Electricity Distributor",
    "GT": "Gas Transporter",
    "OU": "Other User",
    "MDR": "Meter Data Retriever",
}
DESCRIPTION_HEADER = ["Attribute", "Value"]
ITEMS_HEADER = ["Data Item", "Description / Valid Set", "Type", "Mandatory", "Default", "Units"]
RESPONSE_HEADER = ["Response Code", "Name", "Type", "Description"]
ALERT_HEADER = ["DCC Alert Code", "Name", "Description"]
TERMS_HEADER = ["Term", "Definition"]
TERMS = [
    ("Data Communications Company (DCC)", "The holder of the Smart Meter Communication Licence, as defined in the Code."),
    ("Smart Meter Communication Licence", "The licence under which the DCC provides its services."),
    ("DCC User Interface Specification (DUIS)", "This document, with its XML schemas."),
    ("User Role", "A role in which a DCC User may send Service Requests."),
    ("User Entry Process", "The process a party completes before it may become a DCC User."),
    ("DCC User", "A party that has completed the User Entry Process for one or more User Roles."),
    ("Service Reference Variant (SRV)", "The identifier of one variant of a Service Request, written N.M or N.M.K."),
    ("Service Request", "A request sent by a DCC User to the DCC over the DCC User Interface."),
    ("Transport Layer Security (TLS)", "The protocol that protects the connection between a DCC User and the DCC."),
]

_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


# --------------------------------------------------------------------------------------------------- real data


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def srv_bodies(messages_dir: str | Path) -> dict[str, str]:
    """SRV -> the local name of the request body element, learnt from real request messages.

    Every ``*.xml`` file (any case) is parsed without entities or network; its ``Header/ServiceReferenceVariant``
    names the SRV and the single element child of ``Body`` is the body element. A file that is not an
    ``sr:Request`` with exactly one body element, or two files that give one SRV different bodies, is an error.
    """
    found: dict[str, str] = {}
    origin: dict[str, str] = {}
    files = sorted(p for p in Path(messages_dir).iterdir() if p.suffix.lower() == ".xml" and p.is_file())
    if not files:
        raise ValueError(f"no request messages in {messages_dir}")
    for path in files:
        root = etree.parse(str(path), _parser()).getroot()
        if root.tag != f"{{{SR_NS}}}Request":
            raise ValueError(f"{path.name}: not an sr:Request ({root.tag})")
        srv_el = root.find(f"{{{SR_NS}}}Header/{{{SR_NS}}}ServiceReferenceVariant")
        body = root.find(f"{{{SR_NS}}}Body")
        if srv_el is None or not (srv_el.text or "").strip() or body is None:
            raise ValueError(f"{path.name}: no Header/ServiceReferenceVariant or no Body")
        children = [c for c in body if isinstance(c.tag, str)]
        if len(children) != 1:
            raise ValueError(f"{path.name}: Body has {len(children)} element children, not 1")
        srv = srv_el.text.strip()  # a string: "6.20" stays "6.20"
        name = etree.QName(children[0]).localname
        if found.setdefault(srv, name) != name:
            raise ValueError(f"SRV {srv}: body {name} in {path.name} but {found[srv]} in {origin[srv]}")
        origin.setdefault(srv, path.name)
    return found


def schema_enumeration(xsd: Path, simple_type: str) -> list[str]:
    """The enumeration values of a named top-level simple type, in document order (read with lxml only)."""
    root = etree.parse(str(xsd), _parser()).getroot()
    xs = {"xs": XS_NS}
    found = root.xpath(f"xs:simpleType[@name='{simple_type}']/xs:restriction/xs:enumeration/@value", namespaces=xs)
    if not found:
        raise ValueError(f"{xsd.name}: no enumeration {simple_type}")
    return [str(v) for v in found]


def alert_codes(xsd: Path) -> list[str]:
    """Every value of the enumerated ``DCCAlertCode`` elements, first occurrence first."""
    root = etree.parse(str(xsd), _parser()).getroot()
    values = root.xpath(
        "//xs:element[@name='DCCAlertCode']//xs:enumeration/@value", namespaces={"xs": XS_NS}
    )  # fmt: skip
    if not values:
        raise ValueError(f"{xsd.name}: no enumerated DCCAlertCode")
    return list(dict.fromkeys(str(v) for v in values))


@dataclass(frozen=True)
class DataItem:
    name: str
    description: str
    type: str
    mandatory: str  # Yes | No | Conditional
    default: str = ""
    units: str = ""

    def row(self) -> list[str]:
        return [self.name, self.description, self.type, self.mandatory, self.default, self.units]


@dataclass(frozen=True)
class TypeTable:
    """The data items of one complex type, documented in a table of its own (a type nested in an SRV's request or
    response body, a DCC alert's type, a message header)."""

    title: str  # "sr:SubGHzConfiguration", or the element's name for an anonymous type
    items: tuple[DataItem, ...]


@dataclass
class Facts:
    """What the generator needs from the real data."""

    srvs: list[str]
    response_codes: list[str]
    alert_codes: list[str]
    matrix: dict[str, dict]  # SRV -> matrix record (values as in the JSON, strings)
    bodies: dict[str, str]  # SRV -> body element local name
    items: dict[str, list[DataItem]]  # SRV -> data items of its body type
    matrix_path: Path
    schemas: Path
    # for the real-sized document (build(..., real_size=True)); a clean spec of the default size uses none of them
    nested: dict[str, list[TypeTable]] = field(default_factory=dict)  # SRV -> the complex types inside its body's
    responses: dict[str, list[TypeTable]] = field(default_factory=dict)  # SRV -> its ra:<Body>Rsp, then types in it
    alerts: list[TypeTable] = field(default_factory=list)  # each sr:DCCAlert choice's type, then types inside it
    headers: list[TypeTable] = field(default_factory=list)  # the request's and the response's Header
    valid_sets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "sr:Type" -> its enumeration
    ranges: dict[str, tuple[str, str]] = field(default_factory=dict)  # "sr:Type" -> (minInclusive, maxInclusive)


def _qname(namespace: str, local: str) -> str:
    return f"{PREFIXES.get(namespace, 'ds' if namespace == DS_NS else namespace)}:{local}"


def _type_cell(model, decl) -> str:  # noqa: ANN001 - duislint model objects
    from duislint.xsd.queries import type_of

    if decl.type_name is not None:
        return _qname(decl.type_name.namespace, decl.type_name.local)
    typedef = type_of(model, decl)
    if typedef is None:
        return "See XSD"
    if typedef.name is not None and typedef.name.namespace not in PREFIXES:  # xmldsig's, by a ref
        return _qname(typedef.name.namespace, typedef.name.local)
    if typedef.base is not None and typedef.derivation in ("restriction", "extension"):
        return f"{typedef.derivation.capitalize()} of {_qname(typedef.base.namespace, typedef.base.local)}"
    return "Complex type (see XSD)" if typedef.kind == "complex" else "Simple type (see XSD)"


def _mandatory(decl) -> str:  # noqa: ANN001
    if decl.conditional:
        return "Conditional"
    return "Yes" if decl.min_occurs >= 1 else "No"


def _schema_model(schemas: Path):  # noqa: ANN202 - duislint's SchemaModel
    from duislint.xsd.build import build_model
    from duislint.xsd.loader import load_schema_set

    return build_model(load_schema_set([str(schemas)]))


def _request_body_choice(model) -> dict:  # noqa: ANN001
    """The members of the choice in ``sr:Request/Body``, by local name."""
    from duislint.xsd.model import QName
    from duislint.xsd.queries import child_elements

    request = model.named_type(QName(SR_NS, "Request"))
    if request is None:
        raise ValueError("no sr:Request type")
    body_decl = next(
        (d for d in child_elements(model, request) if d.name.local == "Body" and d.anonymous_type is not None), None
    )
    if body_decl is None:
        raise ValueError("sr:Request has no Body")
    return {d.name.local: d for d in child_elements(model, body_decl.anonymous_type)}


def _rows_of(model, typedef, message: str, owner: str) -> list[DataItem]:  # noqa: ANN001
    """A type's child elements, then its own attributes, as data-item rows (``message``: "request", "response"...)."""
    from duislint.xsd.queries import child_elements

    rows: list[DataItem] = []
    listed: set[str] = set()
    for decl in child_elements(model, typedef):
        if decl.name.local in listed:  # one name twice in a content model (two branches of a choice): one row
            continue
        listed.add(decl.name.local)
        rows.append(
            DataItem(
                decl.name.local,
                f"The {_words(decl.name.local)} of the {message}.",
                _type_cell(model, decl),
                _mandatory(decl),
                decl.default or decl.fixed or "",
            )
        )
    for attribute in typedef.attributes:
        type_name = attribute.type_name
        rows.append(
            DataItem(
                attribute.name.local,
                f"An attribute of {owner}: the {_words(attribute.name.local)}.",
                _qname(type_name.namespace, type_name.local) if type_name else "Simple type (see XSD)",
                "Yes" if attribute.use == "required" else "No",
                attribute.default or attribute.fixed or "",
            )
        )
    return rows


def _items_of_bodies(model, bodies: dict[str, str]) -> dict[str, list[DataItem]]:  # noqa: ANN001
    """For each SRV, the child elements (and attributes) of its body element's type, as the XSD declares them.

    The body element is the one declared in the choice of ``sr:Request/Body`` (not any element of that name)."""
    from duislint.xsd.queries import type_of

    choice = _request_body_choice(model)
    items: dict[str, list[DataItem]] = {}
    for srv, body in bodies.items():
        if body not in choice:
            raise ValueError(f"SRV {srv}: body {body} is not a member of sr:Request/Body")
        typedef = type_of(model, choice[body])
        items[srv] = _rows_of(model, typedef, "request", body) if typedef is not None else []
    return items


def _type_tables(model, typedef, message: str, seen: set[int]) -> list[TypeTable]:  # noqa: ANN001
    """A table for each complex type with content inside this one, depth first, each type once (``seen``)."""
    from duislint.xsd.queries import child_elements, type_of

    tables: list[TypeTable] = []
    for decl in child_elements(model, typedef):
        child = type_of(model, decl)
        if child is None or child.kind != "complex" or id(child) in seen:
            continue
        seen.add(id(child))
        title = _qname(child.name.namespace, child.name.local) if child.name is not None else decl.name.local
        rows = _rows_of(model, child, message, title)
        if rows:
            tables.append(TypeTable(title, tuple(rows)))
        tables.extend(_type_tables(model, child, message, seen))
    return tables


def _typed_table(model, typedef, title: str, message: str) -> list[TypeTable]:  # noqa: ANN001
    """The type's own table, then its nested types' tables."""
    rows = _rows_of(model, typedef, message, title)
    own = [TypeTable(title, tuple(rows))] if rows else []
    return own + _type_tables(model, typedef, message, {id(typedef)})


def _real_size_facts(model, srvs: list[str], bodies: dict[str, str]) -> dict:  # noqa: ANN001
    """What the real-sized document tabulates besides the SRVs' bodies: the types nested in each body, each SRV's
    response type (``ra:<Body>Rsp``, as MMC names them) and the types in it, each DCC alert's type, and the request
    and response headers."""
    from duislint.xsd.model import QName
    from duislint.xsd.queries import child_elements, type_of

    choice = _request_body_choice(model)
    nested: dict[str, list[TypeTable]] = {}
    responses: dict[str, list[TypeTable]] = {}
    for srv in srvs:
        typedef = type_of(model, choice[bodies[srv]])
        nested[srv] = _type_tables(model, typedef, "request", {id(typedef)}) if typedef is not None else []
        name = f"{bodies[srv]}Rsp"
        response = model.named_type(QName(RA_NS, name))
        responses[srv] = _typed_table(model, response, f"ra:{name}", "response") if response is not None else []
    alerts: list[TypeTable] = []
    alert = model.named_type(QName(SR_NS, "DCCAlert"))
    seen: set[int] = set()
    for decl in child_elements(model, alert) if alert is not None else []:
        typedef = type_of(model, decl)
        if typedef is None or id(typedef) in seen or typedef.name is None:
            continue
        seen.add(id(typedef))
        rows = _rows_of(model, typedef, "alert", decl.name.local)
        if rows:
            alerts.append(TypeTable(_qname(typedef.name.namespace, typedef.name.local), tuple(rows)))
        alerts.extend(_type_tables(model, typedef, "alert", seen))
    headers: list[TypeTable] = []
    for message in ("Request", "Response"):
        typedef = model.named_type(QName(SR_NS, message))
        children = child_elements(model, typedef) if typedef is not None else []
        header = next((d for d in children if d.name.local == "Header"), None)
        header_type = type_of(model, header) if header is not None else None
        if header_type is not None:
            rows = _rows_of(model, header_type, message.lower(), f"{message} Header")
            headers.append(TypeTable(f"{message} Header", tuple(rows)))
    return {"nested": nested, "responses": responses, "alerts": alerts, "headers": headers}


_BOUNDED = frozenset(
    "integer int long short byte nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger unsignedLong "
    "unsignedInt unsignedShort unsignedByte".split()
)


def simple_type_values(xsd: Path, prefix: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, str]]]:
    """The named simple types restricting a built-in type directly (read with lxml only): "prefix:Name" -> its
    enumeration, and "prefix:Name" -> (minInclusive, maxInclusive) of those bounded both ways (integer types)."""
    root = etree.parse(str(xsd), _parser()).getroot()
    xs = f"{{{XS_NS}}}"
    enumerations: dict[str, tuple[str, ...]] = {}
    ranges: dict[str, tuple[str, str]] = {}
    for simple in root.iterfind(f"{xs}simpleType"):
        restriction = simple.find(f"{xs}restriction")
        base = restriction.get("base", "") if restriction is not None else ""
        if restriction is None or not base.startswith("xs:"):
            continue
        name = f"{prefix}:{simple.get('name')}"
        values = [e.get("value", "") for e in restriction.iterfind(f"{xs}enumeration")]
        if values:
            enumerations[name] = tuple(values)
            continue
        low, high = restriction.find(f"{xs}minInclusive"), restriction.find(f"{xs}maxInclusive")
        others = [f for f in ("minExclusive", "maxExclusive", "pattern") if restriction.find(f"{xs}{f}") is not None]
        if base[3:] in _BOUNDED and low is not None and high is not None and not others:
            ranges[name] = (low.get("value", ""), high.get("value", ""))
    return enumerations, ranges


def _words(name: str) -> str:
    """'ScheduleEndDate' -> 'schedule end date' (description prose only)."""
    return " ".join(re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)).lower() or name


def load_facts(data: str | Path = DEFAULT_DATA, version: str = VERSION) -> Facts:
    data = Path(data)
    schemas = data / "schemas" / version
    duis_xsd = schemas / f"DUIS Schema V{version}.xsd"
    matrix_path = data / "service-request-matrix.json"
    srvs = schema_enumeration(duis_xsd, "ServiceReferenceVariant")
    records = json.loads(matrix_path.read_text(encoding="utf-8"))
    matrix = {str(r["Service Reference Variant"]).strip(): r for r in records}
    bodies = srv_bodies(data / "messages" / f"requests-{version}")
    missing = [s for s in srvs if s not in bodies]
    if missing:
        raise ValueError(f"no request message for SRVs {missing}")
    model = _schema_model(schemas)
    valid_sets, ranges = simple_type_values(duis_xsd, "sr")
    for xsd in schemas.glob("MMC Schema V*.xsd"):
        more_sets, more_ranges = simple_type_values(xsd, "ra")
        valid_sets.update(more_sets)
        ranges.update(more_ranges)
    return Facts(
        srvs=srvs,
        response_codes=schema_enumeration(duis_xsd, "ResponseCode"),
        alert_codes=alert_codes(duis_xsd),
        matrix=matrix,
        bodies=bodies,
        items=_items_of_bodies(model, {s: bodies[s] for s in srvs}),
        matrix_path=matrix_path,
        schemas=schemas,
        valid_sets=valid_sets,
        ranges=ranges,
        **_real_size_facts(model, srvs, bodies),
    )


# --------------------------------------------------------------------------------------------------- the document


@dataclass
class Heading:
    level: int
    title: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    rows: list[list[str]]  # the header first

    @property
    def header(self) -> list[str]:
        return self.rows[0]

    def find(self, first_cell: str) -> list[int]:
        return [i for i, row in enumerate(self.rows) if i and row[0] == first_cell]

    def index_of(self, first_cell: str) -> int:
        found = self.find(first_cell)
        if len(found) != 1:
            raise KeyError(f"{first_cell!r} is in {len(found)} rows of this table")
        return found[0]


Block = Heading | Paragraph | Table


@dataclass
class SrvPart:
    srv: str
    name: str
    number: str  # "3.8.17"
    description: Table
    items: Table | None  # None: the SRV has no specific data items


@dataclass
class SpecDocument:
    """The clean specification as plain blocks, editable before rendering (tests plant defects here)."""

    blocks: list[Block] = field(default_factory=list)
    srv_parts: dict[str, SrvPart] = field(default_factory=dict)
    code_tables: list[Table] = field(default_factory=list)
    alert_table: Table | None = None
    # the real-sized document is written as Word writes text: runs of a dozen words with their own formatting,
    # a cell's lines as paragraphs of their own, and headings five levels deep
    word_like: bool = False

    # --- lookups and edits (one planted defect each)

    def srv(self, srv: str) -> SrvPart:
        return self.srv_parts[srv]

    def table_with_code(self, code: str) -> Table:
        return next(t for t in self.code_tables + [self.alert_table] if t is not None and t.find(code))

    def table_number(self, table: Table) -> int:
        """1-based position among all tables of the document, as duislint numbers them."""
        tables = [b for b in self.blocks if isinstance(b, Table)]
        return next(i for i, t in enumerate(tables, start=1) if t is table)

    def section_of(self, table: Table) -> str:
        """The number of the heading the table sits under."""
        numbers = heading_numbers_of(self.blocks)
        current = ""
        for position, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                current = numbers[position]
            elif block is table:
                return current
        raise KeyError("table not in the document")

    def remove_code(self, code: str) -> Table:
        table = self.table_with_code(code)
        del table.rows[table.index_of(code)]
        return table

    def set_item(self, srv: str, item: str, column: str, value: str) -> int:
        table = self.srv(srv).items
        assert table is not None, f"SRV {srv} has no data items"
        row = table.index_of(item)
        table.rows[row][table.header.index(column)] = value
        return row

    def duplicate_item(self, srv: str, item: str) -> int:
        """Insert a copy of the item's row right after it; returns the copy's data-row index (1-based)."""
        table = self.srv(srv).items
        assert table is not None
        row = table.index_of(item)
        table.rows.insert(row + 1, list(table.rows[row]))
        return row + 1

    def set_attribute(self, srv: str, attribute: str, value: str) -> int:
        table = self.srv(srv).description
        row = table.index_of(attribute)
        table.rows[row][1] = value
        return row

    def attribute(self, srv: str, attribute: str) -> str:
        table = self.srv(srv).description
        return table.rows[table.index_of(attribute)][1]

    # --- output

    def builder(self, heading_numbers: str = "list") -> DocxBuilder:
        """The .docx; headings numbered by Word's list numbering (default), by the heading styles, or typed."""
        levels = max((b.level for b in self.blocks if isinstance(b, Heading)), default=1)
        title = f"DCC User Interface Specification {VERSION} (generated)"
        doc = DocxBuilder(heading_numbers, title=title, max_level=max(levels, MAX_LEVEL))  # type: ignore[arg-type]
        numbers = heading_numbers_of(self.blocks)
        for position, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                if heading_numbers == "typed":
                    doc.heading(block.level, block.title, numbers[position])
                else:
                    doc.heading(block.level, block.title)
            elif isinstance(block, Paragraph):
                doc.paragraph(*_word_runs(block.text)) if self.word_like else doc.paragraph(block.text)
            elif self.word_like:
                doc.table([[_word_cell(c, bold=not r) for c in row] for r, row in enumerate(block.rows)], header_rows=1)
            else:
                doc.table(block.rows, header_rows=1)
        return doc

    def save(self, path: str | Path, heading_numbers: str = "list") -> Path:
        return self.builder(heading_numbers).save(path)

    def counts(self) -> dict[str, int]:
        return {
            "headings": sum(isinstance(b, Heading) for b in self.blocks),
            "tables": sum(isinstance(b, Table) for b in self.blocks),
            "paragraphs": sum(isinstance(b, Paragraph) for b in self.blocks),
            "table rows": sum(len(b.rows) for b in self.blocks if isinstance(b, Table)),
            "pages": estimated_pages(self.blocks),
        }


# A4, 2.5 cm margins, 10 pt Arial: about 90 characters to a line of body text and 55 lines to a page
_LINE_CHARACTERS = 90
_PAGE_LINES = 55


def estimated_pages(blocks: list[Block]) -> int:
    """Roughly how many pages Word lays the blocks out on: prose by its length, a heading as two lines and a space,
    a table row as high as its fullest cell in a column of equal share of the width."""
    lines = 0.0
    for block in blocks:
        if isinstance(block, Heading):
            lines += 3
        elif isinstance(block, Paragraph):
            lines += -(-len(block.text) // _LINE_CHARACTERS) + 0.5
        else:
            width = max(len(row) for row in block.rows)
            column = max(_LINE_CHARACTERS // width - 2, 4)  # cell margins
            for row in block.rows:
                lines += max(sum(-(-len(line) // column) or 1 for line in cell.split("\n")) for cell in row) + 0.3
            lines += 1
    return round(lines / _PAGE_LINES)


def _word_runs(text: str, bold: bool = False) -> list[Formatted]:
    """Text as Word stores typed and edited prose: runs of about a dozen words, each with its formatting."""
    words = text.split(" ")
    return [
        Formatted(" ".join(words[i : i + 12]) + (" " if i + 12 < len(words) else ""), bold=bold, font="Arial",
                  lang="en-GB")
        for i in range(0, len(words), 12)
    ]  # fmt: skip


def _word_cell(text: str, bold: bool = False) -> Cell:
    """A cell's lines as paragraphs of their own (a bulleted valid set is a paragraph a value)."""
    return Cell([Para(*_word_runs(line, bold)) for line in text.split("\n")])


def heading_numbers_of(blocks: list[Block]) -> dict[int, str]:
    """The numbers Word's four-level outline list gives the headings (block position -> "3.8.17.1")."""
    counters: list[int] = []
    numbers = {}
    for position, block in enumerate(blocks):
        if isinstance(block, Heading):
            counters = counters[: block.level] + [0] * (block.level - len(counters))
            counters[block.level - 1] += 1
            numbers[position] = ".".join(str(c) for c in counters[: block.level])
    return numbers


def _code_kind(code: str) -> str:
    if re.fullmatch(r"[EW]\d{6}", code):
        return f"sr{int(code[1:3])}"
    if re.fullmatch(r"E\d{4,}", code):
        return "dcc"
    return "common"


def _code_title(kind: str) -> str:
    if kind == "common":
        return "Response Codes Common to all Service Requests"
    if kind == "dcc":
        return "DCC Systems Response Codes"
    return f"Response Codes Specific to Service References {kind[2:]}.x"


def _code_row(code: str, size: int) -> list[str]:
    kind = {"I": "Acknowledgement", "E": "Error", "W": "Warning"}.get(code[0], "Information")
    digits = re.fullmatch(r"[EW](\d{2})(\d{2})(\d{2})", code)
    if digits:
        sr = f"{int(digits.group(1))}.{int(digits.group(2))}"
        name = f"Service Reference {sr} {kind.lower()} {int(digits.group(3))}"
        text = f"The Service Request with Service Reference {sr} was processed with {kind.lower()} {code}."
    else:
        name = f"{kind} {code}"
        text = f"The DCC returns {code} in the response to a Service Request of any Service Reference."
    return [code, name, kind, " ".join([text] * size)]


def _prose(srv: str, name: str, size: int) -> list[str]:
    base = (
        f"A DCC User sends Service Request {name} (Service Reference Variant {srv}) to the DCC. The DCC validates "
        "the request against the XML schema and the Service Description below, and returns the response codes "
        "listed in section 3.5. Alerts that may follow are described in clause 3.9.1."
    )
    return [base] + [
        f"{base} Paragraph {i + 1} elaborates on the processing steps, the validation of each data item and the "
        "responses the DCC User may receive, in the way the published specification does for every Service Request."
        for i in range(1, size)
    ]


def build(facts: Facts, size: int = 1, *, real_size: bool = False) -> SpecDocument:
    """The clean specification for these facts; ``size`` scales the prose only. ``real_size``: as big as the
    published Appendix AD and shaped as it is (see build_real_size)."""
    if size < 1:
        raise ValueError("size must be >= 1")
    if real_size:
        return build_real_size(facts, size)
    spec = SpecDocument()
    add = spec.blocks.append

    add(Heading(1, "Introduction"))
    add(Heading(2, "Purpose"))
    add(Paragraph("This document specifies the DCC User Interface: the Service Requests DCC Users send, the "
                  "responses and alerts the DCC returns, and their XML representation."))  # fmt: skip
    add(Heading(2, "Scope"))
    add(Paragraph(f"It is generated from the published DUIS {VERSION} XML schemas for tests; the definitions are in "
                  "section 1.3."))  # fmt: skip
    add(Heading(2, "Definitions"))
    add(Table([list(TERMS_HEADER)] + [[term, definition] for term, definition in TERMS]))

    add(Heading(1, "Overview of the DCC User Interface"))
    add(Paragraph("DCC Users access the services over a TLS connection; each Service Request is an XML message."))

    add(Heading(1, "DCC User Interface Services"))
    for title in ("Message Format", "Transport", "Signing of Service Requests", "Acknowledgements"):
        add(Heading(2, title))
        add(Paragraph(f"This clause describes the {title.lower()} that applies to every Service Request."))
    add(Heading(2, "Response Codes"))
    add(Paragraph("Every response code of the XML schema is listed below with its type and meaning."))
    runs: list[tuple[str, list[str]]] = []
    for code in facts.response_codes:
        kind = _code_kind(code)
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(code)
        else:
            runs.append((kind, [code]))
    for kind, codes in runs:
        add(Heading(3, _code_title(kind)))
        table = Table([list(RESPONSE_HEADER)] + [_code_row(c, size) for c in codes])
        spec.code_tables.append(table)
        add(table)
    add(Heading(2, "Service Request Processing"))
    add(Paragraph("The DCC processes Service Requests in the order it receives them."))
    add(Heading(2, "Future Dated and DCC Scheduled Service Requests"))
    add(Paragraph("DCC Scheduled Service Requests are created with Service Reference Variant 5.1."))

    add(Heading(2, "Service Requests"))
    add(Paragraph("Each Service Reference Variant of the XML schema is specified in its own clause below, in the "
                  "order of the schema's enumeration."))  # fmt: skip
    headings: dict[str, Heading] = {}
    for srv in facts.srvs:
        record = facts.matrix.get(srv, {})
        name = str(record.get("Service Request Name") or f"Service Request {srv}")
        heading = Heading(3, name)
        add(heading)
        for text in _prose(srv, name, size):
            add(Paragraph(text))
        add(Heading(4, "Service Description"))
        roles = [str(c) for c in record.get("Eligible User Roles", [])]
        description = _service_description(facts, record, name, srv, roles)
        add(description)
        add(Heading(4, "Specific Data Items"))
        items = facts.items.get(srv, [])
        table = None
        if items:
            rows = [list(ITEMS_HEADER)]
            for item in items:
                row = item.row()
                row[1] = " ".join([row[1]] * size)
                rows.append(row)
            table = Table(rows)
            add(table)
        else:
            add(Paragraph(f"{facts.bodies[srv]} has no specific data items."))
        spec.srv_parts[srv] = SrvPart(srv, name, "", description, table)
        headings[srv] = heading

    add(Heading(2, "DCC Alerts"))
    add(Paragraph("The DCC sends DCC Alerts to DCC Users; every DCC Alert code of the XML schema is listed below."))
    add(Heading(3, "DCC Alert Codes"))
    spec.alert_table = Table(
        [list(ALERT_HEADER)]
        + [[code, f"DCC Alert {code}", " ".join([f"The DCC raises alert {code} to the DCC User."] * size)]
           for code in facts.alert_codes]
    )  # fmt: skip
    add(spec.alert_table)
    numbers = heading_numbers_of(spec.blocks)
    position = {id(block): i for i, block in enumerate(spec.blocks)}
    for srv, heading in headings.items():
        spec.srv_parts[srv].number = numbers[position[id(heading)]]
    return spec


# --------------------------------------------------------------------------------------------------- real size

VERSION_HEADER = ["Version", "Date", "Summary of Changes"]
COMMAND_VARIANT_HEADER = ["Command Variant", "Description", "Destination"]
VALIDATION_HEADER = ["Validation Check", "Response on Failure"]
USE_CASE_HEADER = ["GBCS Use Case", "Description"]
ERROR_HEADER = ["Condition", "Action by the DCC"]
_OVERVIEW = (
    "Purpose of the User Interface", "Parties and User Roles", "Security of Communications", "Availability",
    "Message Sequencing", "Future Dated Requests", "Non-Device Service Requests", "Change Management",
)  # fmt: skip
_SERVICES = ("Message Format", "Transport", "Signing of Service Requests", "Acknowledgements")
_SUBCLAUSES = ("General", "Requirements", "Exceptions", "Records")
_COMMAND_VARIANTS = (
    ("1", "The DCC transforms the request and sends the Command to the Device.", "Device"),
    ("2", "The DCC transforms the request and returns the Command to the DCC User.", "DCC User"),
    ("3", "The DCC sends the Command to the Device through the Communications Hub.", "Device"),
    ("4", "The DCC processes the request itself and sends no Command.", "DCC"),
)
# a table's first rows are where a reader looks for its header: none of these name a header's words
_USE_CASES = (
    (1, "The Command that the DCC sends to the Device, signed by the DCC User."),
    (2, "The Command that the DCC returns to the DCC User for local delivery."),
    (3, "The confirmation that the Device sends once it has carried out the Command."),
)
_ERRORS = (
    ("The Device does not acknowledge the Command.", "The DCC tries again and then tells the DCC User."),
    ("The Communications Hub is not in communication.", "The DCC keeps the Command until it expires."),
    ("The Command has expired before it could be sent.", "The DCC discards it and tells the DCC User."),
)
_VALIDATION = (
    ("The Device is on the Inventory and its status allows the Service Request.", "Reject the request"),
    ("The DCC User holds a User Role that may send the Service Request.", "Reject the request"),
    ("The values of the data items are within the ranges of the XML schema.", "Reject the request"),
    ("The execution date and time, when given, is in the future.", "Reject the request"),
    ("The Command Variant is one that the Service Request allows.", "Reject the request"),
)


def _defined_terms(facts: Facts) -> list[tuple[str, str]]:
    """Section 1.3: the terms the prose uses, and one for each DCC alert type, each once."""
    prose = Prose("duis-definitions")
    terms = {term: definition[0].upper() + definition[1:].removeprefix("means ") for term, definition in PROSE_TERMS}
    for term, definition in TERMS + list(_MORE_TERMS):
        terms.setdefault(term, definition)
    for table in facts.alerts:
        if not table.title.startswith("sr:"):
            continue
        name = " ".join(w.capitalize() for w in _words(table.title.split(":", 1)[-1]).split())
        terms.setdefault(name, prose.definition(name).removeprefix("means ").capitalize())
    forms: set[str] = set()
    unique = []
    for term, definition in terms.items():  # "Data Communications Company (DCC)" after "DCC": one of them
        these = {f.casefold() for f in re.split(r"\s*\(|\)", term) if f}
        if not these & forms:
            unique.append((term, definition))
        forms |= these
    return unique


_MORE_TERMS = (
    ("Great Britain Companion Specification (GBCS)", "The specification of the messages Devices exchange."),
    ("Service Reference", "The identifier of a Service Request, written N.M."),
)


def _service_description(facts: Facts, record: dict, name: str, srv: str, roles: list[str]) -> Table:
    """3.8.N.1: an SRV's Service Description, from the matrix and the body element the messages use."""
    return Table(
        [
            list(DESCRIPTION_HEADER),
            ["Service Request Name", name],
            ["Service Reference", ".".join(srv.split(".")[:2])],  # the SRV's SR as a string: 6.20.1 -> 6.20
            ["Service Reference Variant", srv],
            ["Critical", str(record.get("Critical", ""))],
            ["On Demand", str(record.get("On Demand", ""))],
            ["DCC Scheduled", str(record.get("DCC Scheduled", ""))],
            ["Eligible Users", ", ".join(ROLES.get(c, c) for c in sorted(roles, key=_role_order))],
            ["Body Element", f"sr:{facts.bodies[srv]}"],
        ]
    )


def _srv_prose(srv: str) -> str:
    return (
        f"This clause specifies the Service Request of Service Reference Variant {srv}, named in its heading. The "
        "DCC validates the request against the XML schema and the Service Description below, and returns the "
        "response codes listed in section 3.5. Alerts that may follow are described in clause 3.9.1."
    )


def _items_table(items: tuple[DataItem, ...] | list[DataItem], facts: Facts, size: int, prose: Prose) -> Table:
    """A Specific Data Items table, each description a sentence more and saying its valid set or range where the
    type has one."""
    rows = [list(ITEMS_HEADER)]
    for item in items:
        row = item.row()
        row[1] = " ".join([row[1], *(prose.sentence() for _ in range(size))]) + _valid_set_text(item.type, facts)
        rows.append(row)
    return Table(rows)


def _valid_set_text(type_cell: str, facts: Facts) -> str:
    """What DUIS writes after a description: " Valid set: 'A', 'B'." inline, one value a line for a longer set, or
    " Range: 1 to 7." (nothing for a set too long to list)."""
    values = facts.valid_sets.get(type_cell)
    if values and len(values) <= 6:
        return " Valid set: " + ", ".join(f"'{v}'" for v in values) + "."
    if values and len(values) <= 40:
        return "\nValid set:\n" + "\n".join(f"'{v}'" for v in values)
    bounds = facts.ranges.get(type_cell)
    return f" Range: {bounds[0]} to {bounds[1]}." if bounds else ""


def build_real_size(facts: Facts, size: int = 1) -> SpecDocument:
    """The clean specification at the size of the published Appendix AD (about 1,000 pages, 1,300 tables), shaped
    as it is: a version history; an introduction with some 200 defined terms in 1.3; long prose sections; message
    headers (3.4.x) and response codes (3.5.x) tabulated; for each SRV (3.8.N) its prose, Service Description,
    Specific Data Items with a table for each complex type nested in the body (3.8.N.2.K), Command Variants,
    Specific Validation, GBCS Use Cases, Error Handling, the response's data items (3.8.N.7.K) and the response
    codes specific to its Service Reference; and a table of data items for each DCC alert type (3.9.2.K). Every
    statement is still taken from the real data, so that duislint finds nothing in it; the data items' valid sets
    and ranges are the XSD's; ``size`` scales the prose and descriptions."""
    spec = SpecDocument(word_like=True)
    add = spec.blocks.append
    references = ["section 3.5", "clause 3.9.1", "section 3.8", "clause 1.3", "sections 3.5 and 3.9"]
    prose = Prose(f"duis-{VERSION}", references)
    described = Prose(f"duis-{VERSION}-items")  # no clause references in a data item's description

    def text(paragraphs: int) -> None:
        for paragraph in prose.paragraphs(paragraphs * size):
            add(Paragraph(paragraph))

    add(Paragraph(f"DCC User Interface Specification {VERSION}"))
    add(Table([list(VERSION_HEADER)] + [[f"{VERSION[0]}.{i}", f"{i + 1} April 20{10 + i}", prose.sentence()]
                                         for i in range(12)]))  # fmt: skip
    add(Heading(1, "Introduction"))
    for title in ("Purpose", "Scope"):
        add(Heading(2, title))
        text(4)
    add(Heading(2, "Definitions"))
    add(Paragraph("In this document, the following terms have the meanings given below."))
    add(Table([list(TERMS_HEADER)] + [[term, definition] for term, definition in _defined_terms(facts)]))
    for title in ("Document Conventions", "Related Documents"):
        add(Heading(2, title))
        text(3)

    add(Heading(1, "Overview of the DCC User Interface"))
    text(2)
    for title in _OVERVIEW:
        add(Heading(2, title))
        text(4)
        for sub in _SUBCLAUSES:
            add(Heading(3, sub))
            text(3)

    add(Heading(1, "DCC User Interface Services"))
    text(1)
    for title in _SERVICES:
        add(Heading(2, title))
        text(4)
        for sub in _SUBCLAUSES[:3]:
            add(Heading(3, sub))
            text(3)
    for header in facts.headers:
        add(Heading(3, f"{header.title} Data Items"))
        add(Paragraph(f"The data items of the {header.title.lower()} are listed below."))
        add(_items_table(header.items, facts, size, described))

    add(Heading(2, "Response Codes"))
    add(Paragraph("Every response code of the XML schema is listed below with its type and meaning; the codes specific "
                  "to one Service Reference are listed in the clause of its first Service Request."))  # fmt: skip
    first_of_sr: dict[str, str] = {}
    for srv in facts.srvs:
        first_of_sr.setdefault(".".join(srv.split(".")[:2]), srv)
    specific: dict[str, list[str]] = {}
    runs: list[tuple[str, list[str]]] = []
    for code in facts.response_codes:
        digits = re.fullmatch(r"[EW](\d{2})(\d{2})\d{2}", code)
        sr = f"{int(digits.group(1))}.{int(digits.group(2))}" if digits else ""
        if sr in first_of_sr:
            specific.setdefault(first_of_sr[sr], []).append(code)
            continue
        kind = _code_kind(code)
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(code)
        else:
            runs.append((kind, [code]))
    for kind, codes in runs:
        add(Heading(3, _code_title(kind)))
        text(1)
        table = Table([list(RESPONSE_HEADER)] + [_code_row(c, size) for c in codes])
        spec.code_tables.append(table)
        add(table)
    for title in ("Service Request Processing", "Future Dated and DCC Scheduled Service Requests"):
        add(Heading(2, title))
        text(4)
        for sub in _SUBCLAUSES[:2]:
            add(Heading(3, sub))
            text(3)

    add(Heading(2, "Service Requests"))
    add(Paragraph("Each Service Reference Variant of the XML schema is specified in its own clause below, in the "
                  "order of the schema's enumeration."))  # fmt: skip
    headings: dict[str, Heading] = {}
    for srv in facts.srvs:
        record = facts.matrix.get(srv, {})
        name = str(record.get("Service Request Name") or f"Service Request {srv}")
        heading = Heading(3, name)
        add(heading)
        add(Paragraph(_srv_prose(srv)))
        text(5)
        add(Heading(4, "Service Description"))
        roles = [str(c) for c in record.get("Eligible User Roles", [])]
        description = _service_description(facts, record, name, srv, roles)
        add(description)
        add(Heading(4, "Specific Data Items"))
        items = facts.items.get(srv, [])
        table = None
        if items:
            add(Paragraph(f"The data items of {facts.bodies[srv]} are listed below; those of the types inside it "
                          "follow in clauses of their own."))  # fmt: skip
            table = _items_table(items, facts, size, described)
            add(table)
        else:
            add(Paragraph(f"{facts.bodies[srv]} has no specific data items."))
        for nested in facts.nested.get(srv, []):
            add(Heading(5, f"{nested.title} Data Items"))
            add(Paragraph(f"The data items of {nested.title} are listed below."))
            add(_items_table(nested.items, facts, size, described))
        add(Heading(4, "Command Variants"))
        add(Paragraph("The Command Variants this Service Request may be sent with are listed below."))
        add(Table([list(COMMAND_VARIANT_HEADER)] + [list(row) for row in _COMMAND_VARIANTS]))
        add(Heading(4, "Specific Validation"))
        text(1)
        add(Table([list(VALIDATION_HEADER)] + [list(row) for row in _VALIDATION]))
        add(Heading(4, "GBCS Use Cases"))
        add(Paragraph("The GBCS use cases of each Command this Service Request gives rise to are listed below."))
        add(Table([list(USE_CASE_HEADER)] + [[f"ECS{n:02d}", purpose] for n, purpose in _USE_CASES]))
        add(Heading(4, "Error Handling"))
        text(1)
        add(Table([list(ERROR_HEADER)] + [list(row) for row in _ERRORS]))
        add(Heading(4, "Response"))
        text(1)
        for response in facts.responses.get(srv, []):
            add(Heading(5, f"{response.title} Data Items"))
            add(Paragraph(f"The data items of {response.title} are listed below."))
            add(_items_table(response.items, facts, size, described))
        if srv in specific:
            add(Heading(4, "Specific Response Codes"))
            add(Paragraph("The response codes below are specific to this Service Reference."))
            table_of_codes = Table([list(RESPONSE_HEADER)] + [_code_row(c, size) for c in specific[srv]])
            spec.code_tables.append(table_of_codes)
            add(table_of_codes)
        spec.srv_parts[srv] = SrvPart(srv, name, "", description, table)
        headings[srv] = heading

    add(Heading(2, "DCC Alerts"))
    add(Paragraph("The DCC sends DCC Alerts to DCC Users; every DCC Alert code of the XML schema is listed below."))
    text(3)
    add(Heading(3, "DCC Alert Codes"))
    spec.alert_table = Table(
        [list(ALERT_HEADER)]
        + [[code, f"DCC Alert {code}", " ".join([f"The DCC raises alert {code} to the DCC User."] * size)]
           for code in facts.alert_codes]
    )  # fmt: skip
    add(spec.alert_table)
    add(Heading(3, "DCC Alert Data Items"))
    text(1)
    for alert in facts.alerts:
        add(Heading(4, f"{alert.title} Data Items"))
        add(Paragraph(f"The data items of {alert.title} are listed below."))
        add(_items_table(alert.items, facts, size, described))
    numbers = heading_numbers_of(spec.blocks)
    position = {id(block): i for i, block in enumerate(spec.blocks)}
    for srv, heading in headings.items():
        spec.srv_parts[srv].number = numbers[position[id(heading)]]
    return spec


def _role_order(code: str) -> int:
    order = list(ROLES)
    return order.index(code) if code in order else len(order)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a clean DUIS-shaped .docx from the real DUIS data.")
    parser.add_argument("output", help="the .docx to write")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the real DUIS data (default: ../shared/duis)")
    parser.add_argument("--size", type=int, default=1, help="prose scale: paragraphs per SRV section (default 1)")
    parser.add_argument("--real-size", action="store_true", help="as big as the published Appendix AD (~1,000 pages)")
    args = parser.parse_args(argv)
    spec = build(load_facts(args.data), args.size, real_size=args.real_size)
    path = spec.save(args.output)
    counts = ", ".join(f"{v} {k}" for k, v in spec.counts().items())
    print(f"wrote {path} ({path.stat().st_size} bytes): {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

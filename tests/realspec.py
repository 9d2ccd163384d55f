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

    python tests/realspec.py OUT.docx [--data ../shared/duis] [--size N]

``--size N`` scales the prose (N paragraphs in each 3.8.N section, descriptions N times as long); the structure
(about 250 tables and 410 headings for DUIS 5.4) stays the same, since a clean spec has one section per SRV.
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

from tests.docxgen import DocxBuilder  # noqa: E402

SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
RA_NS = "http://www.dccinterface.co.uk/ResponseAndAlert"
XS_NS = "http://www.w3.org/2001/XMLSchema"
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
    ("DCC", "The Data and Communications Company, as defined in the Code."),
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


def _qname(namespace: str, local: str) -> str:
    return f"{PREFIXES.get(namespace, namespace)}:{local}"


def _type_cell(model, decl) -> str:  # noqa: ANN001 - duislint model objects
    from duislint.xsd.queries import type_of

    if decl.type_name is not None:
        return _qname(decl.type_name.namespace, decl.type_name.local)
    typedef = type_of(model, decl)
    if typedef is None:
        return "See XSD"
    if typedef.base is not None and typedef.derivation in ("restriction", "extension"):
        return f"{typedef.derivation.capitalize()} of {_qname(typedef.base.namespace, typedef.base.local)}"
    return "Complex type (see XSD)" if typedef.kind == "complex" else "Simple type (see XSD)"


def _mandatory(decl) -> str:  # noqa: ANN001
    if decl.conditional:
        return "Conditional"
    return "Yes" if decl.min_occurs >= 1 else "No"


def _items_of_bodies(schemas: Path, bodies: dict[str, str]) -> dict[str, list[DataItem]]:
    """For each SRV, the child elements (and attributes) of its body element's type, as the XSD declares them.

    The body element is the one declared in the choice of ``sr:Request/Body`` (not any element of that name)."""
    from duislint.xsd.build import build_model
    from duislint.xsd.loader import load_schema_set
    from duislint.xsd.model import QName
    from duislint.xsd.queries import child_elements, type_of

    model = build_model(load_schema_set([str(schemas)]))
    request = model.named_type(QName(SR_NS, "Request"))
    if request is None:
        raise ValueError("no sr:Request type")
    body_decl = next(
        (d for d in child_elements(model, request) if d.name.local == "Body" and d.anonymous_type is not None), None
    )
    if body_decl is None:
        raise ValueError("sr:Request has no Body")
    choice = {d.name.local: d for d in child_elements(model, body_decl.anonymous_type)}
    items: dict[str, list[DataItem]] = {}
    for srv, body in bodies.items():
        if body not in choice:
            raise ValueError(f"SRV {srv}: body {body} is not a member of sr:Request/Body")
        typedef = type_of(model, choice[body])
        rows: list[DataItem] = []
        for decl in child_elements(model, typedef) if typedef is not None else []:
            rows.append(
                DataItem(
                    decl.name.local,
                    f"The {_words(decl.name.local)} of the request.",
                    _type_cell(model, decl),
                    _mandatory(decl),
                    decl.default or decl.fixed or "",
                )
            )
        for attribute in typedef.attributes if typedef is not None else ():
            type_name = attribute.type_name
            rows.append(
                DataItem(
                    attribute.name.local,
                    f"An attribute of {body}: the {_words(attribute.name.local)}.",
                    _qname(type_name.namespace, type_name.local) if type_name else "Simple type (see XSD)",
                    "Yes" if attribute.use == "required" else "No",
                    attribute.default or attribute.fixed or "",
                )
            )
        items[srv] = rows
    return items


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
    return Facts(
        srvs=srvs,
        response_codes=schema_enumeration(duis_xsd, "ResponseCode"),
        alert_codes=alert_codes(duis_xsd),
        matrix=matrix,
        bodies=bodies,
        items=_items_of_bodies(schemas, {s: bodies[s] for s in srvs}),
        matrix_path=matrix_path,
        schemas=schemas,
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
        doc = DocxBuilder(heading_numbers, title=f"DCC User Interface Specification {VERSION} (generated)")  # type: ignore[arg-type]
        numbers = heading_numbers_of(self.blocks)
        for position, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                if heading_numbers == "typed":
                    doc.heading(block.level, block.title, numbers[position])
                else:
                    doc.heading(block.level, block.title)
            elif isinstance(block, Paragraph):
                doc.paragraph(block.text)
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
        }


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


def build(facts: Facts, size: int = 1) -> SpecDocument:
    """The clean specification for these facts; ``size`` scales the prose only."""
    if size < 1:
        raise ValueError("size must be >= 1")
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
        description = Table(
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


def _role_order(code: str) -> int:
    order = list(ROLES)
    return order.index(code) if code in order else len(order)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a clean DUIS-shaped .docx from the real DUIS data.")
    parser.add_argument("output", help="the .docx to write")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the real DUIS data (default: ../shared/duis)")
    parser.add_argument("--size", type=int, default=1, help="prose scale: paragraphs per SRV section (default 1)")
    args = parser.parse_args(argv)
    spec = build(load_facts(args.data), args.size)
    path = spec.save(args.output)
    counts = ", ".join(f"{v} {k}" for k, v in spec.counts().items())
    print(f"wrote {path} ({path.stat().st_size} bytes): {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""DUIS domain facts: Service References, SRVs, response and alert codes, and where the schema lists them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from duislint.xsd.model import QName, SchemaModel, Source

if TYPE_CHECKING:
    from duislint.xsd.components import EnumValue

SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
RA_NS = "http://www.dccinterface.co.uk/ResponseAndAlert"

SERVICE_REFERENCE = "ServiceReference"
SERVICE_REFERENCE_VARIANT = "ServiceReferenceVariant"
RESPONSE_CODE = "ResponseCode"
ALERT_CODE_ELEMENT = "DCCAlertCode"

_SRV = re.compile(r"^\d+\.\d+(?:\.\d+)?$")
_SRV_SPECIFIC_CODE = re.compile(r"^([EW])(\d{2})(\d{2})(\d{2})$")
# "SR 4.4.5 Retrieve Billing Data Log Prepayment Credits", "SRV 6.2.5 - Read ...", "SR 8.5"
_NUMBER = r"\d+\.\d+(?:\.\d+)?"
# the number may end with a stray full stop ("SR 4.2. Read Instantaneous Export Registers")
_COMMENT_NAMING_SRV = re.compile(
    rf"^\s*SRV?s?\s+({_NUMBER}(?:\s*(?:,|&|and)\s*{_NUMBER})*)\.?(?![\d.])\s*[-:–]?\s*(.*)$"
)


def sr_of_srv(srv: str) -> str:
    """The Service Reference of a variant: '4.4.5' -> '4.4', '6.28' -> '6.28'."""
    return ".".join(srv.split(".")[:2])


def is_srv(value: str) -> bool:
    return bool(_SRV.match(value))


def sr_named_by_code(code: str) -> str | None:
    """SRV-specific codes Ennmmkk / Wnnmmkk name an SR by their digits: E081406 -> '8.14'."""
    match = _SRV_SPECIFIC_CODE.match(code)
    if not match:
        return None
    return f"{int(match.group(2))}.{int(match.group(3))}"


def srvs_named_by_comment(text: str) -> tuple[tuple[str, ...], str] | None:
    """(numbers, name) for comments such as 'SR 4.4.5 Retrieve Billing Data Log Prepayment Credits' or
    'SR 6.15.1, 6.21' (a list names no service request name)."""
    match = _COMMENT_NAMING_SRV.match(text)
    if not match:
        return None
    numbers = tuple(re.findall(_NUMBER, match.group(1)))
    return numbers, match.group(2).strip() if len(numbers) == 1 else ""


ROLES = {
    "IS": "Import Supplier",
    "ES": "Export Supplier",
    "GS": "Gas Supplier",
    "RSA": "Registered Supplier Agent",
    "ED": "Electricity Distributor",
    "GT": "Gas Transporter",
    "OU": "Other User",
    "MDR": "Meter Data Retriever",
}
_ROLE_BY_NAME = {re.sub(r"[^a-z]", "", name.lower()): code for code, name in ROLES.items()}


def role_codes(text: str) -> tuple[set[str], list[str]]:
    """User role codes named in a cell ("IS, GS", "Import Supplier; Gas Supplier"), and the parts not understood."""
    codes: set[str] = set()
    unknown: list[str] = []
    for part in re.split(r"[,;/\n]|\band\b", text):
        part = part.strip().strip(".")
        if not part:
            continue
        key = re.sub(r"[^a-z]", "", part.lower())
        if part.upper() in ROLES:
            codes.add(part.upper())
        elif key in _ROLE_BY_NAME:
            codes.add(_ROLE_BY_NAME[key])
        elif key.endswith("s") and key[:-1] in _ROLE_BY_NAME:
            codes.add(_ROLE_BY_NAME[key[:-1]])
        else:
            unknown.append(part)
    return codes, unknown


def normalise_name(name: str) -> str:
    """Compare service request names ignoring case, punctuation and spacing."""
    return re.sub(r"[^a-z0-9]+", "", name.lower())


@dataclass(frozen=True, slots=True)
class CodeList:
    """One enumeration that DUIS uses as a code list, as found in one namespace."""

    type_name: QName
    values: tuple[EnumValue, ...]
    source: Source  # the type that lists them

    def value_set(self) -> list[str]:
        return [v.value for v in self.values]


def code_list(model: SchemaModel, namespace: str, local: str) -> CodeList | None:
    typedef = model.named_type(QName(namespace, local))
    if typedef is None or not typedef.enumerations:
        return None
    return CodeList(QName(namespace, local), typedef.enumerations, typedef.source)


def alert_code_lists(model: SchemaModel) -> list[CodeList]:
    """The enumerations behind every DCCAlertCode element (named or anonymous types)."""
    found: dict[str, CodeList] = {}
    for decl in model.elements:
        if decl.name.local != ALERT_CODE_ELEMENT or decl.ref is not None:
            continue
        typedef = decl.anonymous_type or model.named_type(decl.type_name)
        if typedef is not None and typedef.enumerations:
            key = typedef.name and str(typedef.name) or decl.context
            found.setdefault(key, CodeList(typedef.name or decl.name, typedef.enumerations, typedef.source))
    return list(found.values())


# --- command variants -------------------------------------------------------------------------------------------

COMMAND_VARIANT = "CommandVariant"

_CV_COMMENT = re.compile(r"^\s*CVs?\s*[=:]\s*(\d+(?:\s*(?:,|&|and|or|-|to)\s*\d+)*)\s*\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CommandVariantMeaning:
    """What one command variant is, as a CommandVariant table says: critical or not, and handled by the DCC only
    (a non-device request) or not; None where the table does not say."""

    number: int
    critical: bool | None
    dcc_only: bool | None


# The meanings DUIS publishes, as the CommandVariant table of every published set (5.0, 5.1, 5.3a and 5.4) gives
# them: CV 1-3 non-critical device commands, 4-7 critical (4 the transform, 5-7 signed pre-commands), 8 a Service
# Response from the DCC (Mode of Operation "DO", DCC Only); 9 is internal to the DCC and has no meaning for an SRV.
# Used only where a schema has no such table; tests/test_rules_conventions.py reads the real tables against it.
PUBLISHED_COMMAND_VARIANTS: dict[int, CommandVariantMeaning] = {
    number: CommandVariantMeaning(number, critical, dcc_only)
    for number, critical, dcc_only in (
        (1, False, False), (2, False, False), (3, False, False), (4, True, False), (5, True, False),
        (6, True, False), (7, True, False), (8, False, True),
    )
}  # fmt: skip


def command_variants_named(comment: str | None) -> tuple[int, ...] | None:
    """The command variants a comment such as 'CV = 4, 5, 6, 7' lists (ranges 'CV = 4-7' too); None for any other
    comment."""
    match = _CV_COMMENT.match(comment or "")
    if not match:
        return None
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|&|\band\b|\bor\b)\s*", match.group(1)):
        bounds = [int(n) for n in re.split(r"\s*(?:-|\bto\b)\s*", part) if n]
        if len(bounds) == 2 and bounds[0] <= bounds[1]:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        elif len(bounds) == 1:
            numbers.append(bounds[0])
        else:
            return None
    return tuple(dict.fromkeys(numbers))


def read_command_variant_table(text: str) -> dict[int, CommandVariantMeaning]:
    """The meanings a CommandVariant annotation gives, from its text as written (layout kept): a header line that
    opens with 'CV' and has a 'Critical' column, one line per variant with as many cells as the header (cells are
    parted by two or more spaces; continuation lines are not rows), and a legend of 'ABBR = Meaning' lines. A
    variant is DCC only when its Mode of Operation column (the legend's 'MoO') says, through the legend, 'DCC
    Only'. Nothing when no such header is there."""
    lines = re.sub(r"<!--|-->", " ", text).splitlines()
    legend = _legend(lines)
    header_at = next((i for i, line in enumerate(lines) if _is_variant_header(_cells(line))), None)
    if header_at is None:
        return {}
    header = [normalise_name(cell) for cell in _cells(lines[header_at])]
    critical = header.index("critical")
    mode = next((i for i, cell in enumerate(header) if normalise_name(legend.get(cell, cell)) in _MODE_KEYS), None)
    found: dict[int, CommandVariantMeaning] = {}
    for line in lines[header_at + 1 :]:
        cells = _cells(line)
        if len(cells) != len(header) or not cells[0].isdigit():
            continue
        number = int(cells[0])
        dcc_only = None if mode is None else normalise_name(legend.get(normalise_name(cells[mode]), cells[mode])) == "dcconly"
        found.setdefault(number, CommandVariantMeaning(number, _yes_no(cells[critical]), dcc_only))
    return found


_MODE_KEYS = {"moo", "modeofoperation"}


def _cells(line: str) -> list[str]:
    return [cell for cell in re.split(r"\s{2,}|\t", line.strip()) if cell]


def _is_variant_header(cells: list[str]) -> bool:
    return bool(cells) and normalise_name(cells[0]).startswith("cv") and "critical" in {normalise_name(c) for c in cells}


def _legend(lines: list[str]) -> dict[str, str]:
    """'DO = DCC Only' -> {'do': 'DCC Only'}: the abbreviations a table's legend explains."""
    legend: dict[str, str] = {}
    for line in lines:
        match = re.match(r"^\s*([A-Za-z][\w &-]{0,20}?)\s+=\s+(\S.*?)\s*$", line)
        if match:
            legend.setdefault(normalise_name(match.group(1)), match.group(2))
    return legend


def _yes_no(cell: str) -> bool | None:
    return {"yes": True, "no": False}.get(normalise_name(cell))


# --- the schema's lists of SRVs, and the matrix columns they answer to ------------------------------------------

# DSP, the DCC's Data Service Provider, runs what DUIS calls DCC Scheduled: the schema names DCC-side things DSP
# (DSPScheduleID, DSPScheduledServiceReferenceVariant), the matrix says DCC (DCC Scheduled) and also DSP (the
# Future Dated Response Pattern "DSP" against "Device").
_SAME_WORD = {"dsp": "dcc"}
_TRAILING_COLUMN_WORDS = ("request", "requests", "service", "services")


def name_words(name: str) -> tuple[str, ...]:
    """A schema name or a column header as lower-case words: 'DSPScheduled' -> ('dcc', 'scheduled'), 'Non-Device
    Request' -> ('non', 'device', 'request'); DSP and DCC are one word."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+", name)
    return tuple(_SAME_WORD.get(w.lower(), w.lower()) for w in words)


def column_named_by(name: str, columns: list[str]) -> str | None:
    """The matrix column a schema name names: 'DSPScheduled' names 'DCC Scheduled', 'NonDevice' names
    'Non-Device Request' (a column's trailing 'Request' may be left out). None when no column or several do."""
    wanted = name_words(name)
    if not wanted:
        return None
    found = []
    for column in columns:
        words = name_words(column)
        while words and words[-1] in _TRAILING_COLUMN_WORDS and words != wanted:
            words = words[:-1]
        if words == wanted:
            found.append(column)
    return found[0] if len(found) == 1 else None

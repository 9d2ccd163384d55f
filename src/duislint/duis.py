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


@dataclass(frozen=True)
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

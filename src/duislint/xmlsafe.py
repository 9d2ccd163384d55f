"""The only way duislint parses XML: no entity expansion, no DTD loading, no network, no huge trees."""

from __future__ import annotations

from lxml import etree

from duislint.errors import InputError


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
    )


def parse_bytes(raw: bytes, path: str, display: str) -> etree._Element:
    """Parse one document; any failure becomes an InputError naming the file and line."""
    if not raw.strip():
        raise InputError(display, "empty file")
    try:
        return etree.fromstring(raw, safe_parser(), base_url=path)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = (exc.msg or str(exc)).splitlines()[0]
        # libxml2 appends ", line N, column M" to its message; the location is reported separately.
        message = message.split(", line ", 1)[0]
        raise InputError(display, f"not well-formed XML: {message}", line) from None

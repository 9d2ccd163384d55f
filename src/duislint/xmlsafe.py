"""The only way duislint parses XML: no entity expansion, no DTD loading, no network, no huge trees."""

from __future__ import annotations

from lxml import etree

from duislint.errors import InputError

# A DUIS message may carry more text in one node than libxml2's default 10 MB limit: an UpdateFirmware request's
# FirmwareImage is xs:base64Binary of up to 10,240,000 characters. Messages are parsed with that limit lifted and
# bounded by their size instead (limits.Limits.message_mb, four times the largest message DUIS allows).


def safe_parser(huge_text: bool = False) -> etree.XMLParser:
    """`huge_text` lifts libxml2's 10 MB limit on one text node (and its 256-level depth limit to 2,048) for a
    document whose size the caller has already bounded; entities, DTDs and the network stay off."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=huge_text,
    )


def parse_bytes(raw: bytes, path: str, display: str, parser: etree.XMLParser | None = None) -> etree._Element:
    """Parse one document; any failure becomes an InputError naming the file and line. A caller that parses many
    documents may pass one `safe_parser()` to reuse."""
    if not raw or raw.isspace():  # (not strip(): that copies the document)
        raise InputError(display, "empty file")
    try:
        return etree.fromstring(raw, parser or safe_parser(), base_url=path)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = (exc.msg or str(exc)).splitlines()[0]
        # libxml2 appends ", line N, column M" to its message; the location is reported separately.
        message = plain_message(message.split(", line ", 1)[0])
        raise InputError(display, f"not well-formed XML: {message}", line) from None


def plain_message(message: str) -> str:
    """libxml2's limit messages name its own parser options; say what was refused instead."""
    if "Excessive depth" in message:
        return "elements nested too deeply (more than 256 levels): refused"
    if "Resource limit exceeded" in message or "Buffer size limit" in message:
        return "a value or text too large (over 10 MB): refused"
    if "amplification" in message:
        return "entity expansion too large (an entity bomb?): refused"
    return message


def text_lines(raw: bytes) -> list[str]:
    """The document's lines, for locating start tags (undecodable bytes replaced; only '<' tokens matter)."""
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    return raw.decode(encoding, errors="replace").splitlines()


def start_line(node: etree._Element, lines: list[str]) -> int:
    """The line where a node starts. libxml2 gives the line where a start tag (or comment) ends, so an element
    whose attributes span lines would be reported at its last line; walk back to the line holding its '<'."""
    line = node.sourceline or 0
    if not lines or not 0 < line <= len(lines):
        return line
    tag = node.tag
    if isinstance(tag, str):
        local = tag.rpartition("}")[2]
        token = f"<{node.prefix}:{local}" if node.prefix else f"<{local}"
    elif isinstance(node, etree._Comment):
        token = "<!--"
    else:
        return line
    if token in lines[line - 1]:
        return line
    for candidate in range(line - 1, max(line - 200, 0), -1):
        if token in lines[candidate - 1]:
            return candidate
    return line

"""XS0xx: the schema set loads and compiles as XSD 1.0."""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from duislint.findings import Severity
from duislint.fix.edits import Applicability, Fix, TextEdit
from duislint.rules import CheckContext, Hit, rule
from duislint.rules.references import resolves
from duislint.xsd.components import Component
from duislint.xsd.model import QName, SchemaModel, Source

# RFC 3986 URI-reference characters: unreserved, reserved (gen-delims, sub-delims) and '%' of a pct-encoding.
_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


@rule("XS001", "xsd-compile-error", Severity.ERROR, "schema")
def xsd_compile_error(context: CheckContext) -> Iterator[Hit]:
    """The schema set does not compile as XSD 1.0 (every error libxml2 reports, each with its file and line).

    An unresolved reference is reported once, by XS101 (with a suggestion), not again here.

    Why:
        Every DCC User's toolchain compiles these files. A set that does not compile cannot validate a single
        message; libxml2 (lxml, xmllint) and Java's JAXP stop at the first file they cannot build.

    Bad:
        <xs:element name="Header" type="ra:HeaderTyp"/>   <!-- no such type -->

    Good:
        <xs:element name="Header" type="ra:HeaderType"/>
    """
    model = context.model
    unresolved_at = {(r.source.path, r.source.line) for r in model.references if not resolves(model, r)}
    starts = _component_starts(model)
    for error in context.compile_errors:
        # libxml2's view of an unresolved QName is XS101's finding, which adds a "did you mean"
        if (error.path, error.line) in unresolved_at and _is_about_a_qname(error.message):
            continue
        yield Hit(error.message, _compile_error_subject(model, error, starts), Source(error.path, error.line or 0))


def _is_about_a_qname(message: str) -> bool:
    return any(
        text in message
        for text in ("does not resolve to a(n)", "no corresponding namespace declaration", "in no namespace")
    )


def _component_starts(model: SchemaModel) -> dict[str, tuple[list[tuple[int, int]], list[Component]]]:
    """Per file, the global components sorted by (line, definition order): found by bisection, not one scan of
    every component per error (20,000 compile errors took 200 s that way)."""
    by_path: dict[str, list[tuple[int, int, Component]]] = {}
    for order, component in enumerate(model.components):
        by_path.setdefault(component.source.path, []).append((component.source.line, order, component))
    starts = {}
    for path, found in by_path.items():
        found.sort(key=lambda item: (item[0], item[1]))
        starts[path] = ([(line, order) for line, order, _ in found], [c for _, _, c in found])
    return starts


def _compile_error_subject(model, error, starts) -> str:  # noqa: ANN001
    """The global component the error sits in (the last one starting at or before its line; of two on one line,
    the later defined), and the name libxml2 quotes: stable across line shifts."""
    keys, components = starts.get(error.path, ([], []))
    at = bisect.bisect_right(keys, (error.line or 0, len(model.components)))
    enclosing = components[at - 1] if at else None
    owner = model.show(enclosing.name) if enclosing else error.path.replace("\\", "/").rsplit("/", 1)[-1]
    quoted = re.search(r"'([^']+)'", error.message)
    if quoted:
        named = re.sub(r"\{([^}]*)\}(\w+)", lambda m: model.show(QName(m.group(1), m.group(2))), quoted.group(1))
        if named not in (owner, owner.split(":", 1)[-1]):
            return f"{owner}: {named}"
    return owner


def _is_uri_reference(value: str) -> bool:
    return bool(_URI_CHARS.match(value))


def _escape_uri(value: str) -> str:
    """Percent-encode what RFC 3986 does not allow, keeping existing %XX escapes as they are."""
    parts = re.split(r"(%[0-9A-Fa-f]{2})", value)
    return "".join(
        part if i % 2 else "".join(ch if _is_uri_reference(ch) and ch != "%" else _pct(ch) for ch in part)
        for i, part in enumerate(parts)
    )


def _pct(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode())


@rule("XS002", "schema-location-not-uri", Severity.WARNING, "schema", fixes=("safe",))
def schema_location_not_uri(context: CheckContext) -> Iterator[Hit]:
    """A schemaLocation is not a valid RFC 3986 URI reference (a raw space, a backslash, a non-ASCII character).

    Why:
        libxml2-based tools (xmllint, lxml, PHP, many C/C++ stacks) resolve schemaLocation as a URI reference and
        silently drop an import whose location is not one; the first imported type then fails to resolve, far
        from the real cause. xmlschema and Java tolerate it, so the defect survives testing on those stacks.

    Bad:
        <xs:import namespace="http://www.dccinterface.co.uk/ResponseAndAlert" schemaLocation="MMC Schema V5.4.xsd"/>

    Good:
        <xs:import namespace="http://www.dccinterface.co.uk/ResponseAndAlert" schemaLocation="MMC%20Schema%20V5.4.xsd"/>

    Fix:
        Safe: the location percent-encoded (a space as %20), which every tool resolves to the same file; the rest
        of the schema document byte for byte as it was (`duislint fix --xsd`).
    """
    for document, ref in context.schema_refs:
        if ref.remote or ref.location is None or _is_uri_reference(ref.location):
            continue
        escaped = _escape_uri(ref.location)
        yield Hit(
            f"schemaLocation '{ref.location}' of xs:{ref.kind} is not a valid URI reference; "
            "libxml2-based tools drop this import silently",
            ref.location,
            Source(document, ref.line),
            suggestion=f'schemaLocation="{escaped}"',
            fix=Fix(Applicability.SAFE, f"percent-encode the schemaLocation as '{escaped}'",
                    (TextEdit(document, ref.line, ref.location, escaped),)),  # fmt: skip
        )


@rule("XS003", "remote-schema-location", Severity.WARNING, "schema")
def remote_schema_location(context: CheckContext) -> Iterator[Hit]:
    """A schemaLocation points at the network (http:, https:, ftp:); duislint never fetches it.

    Why:
        A schema set that needs the network to compile breaks in CI, in air-gapped DCC environments and whenever
        the remote host changes; it also lets a third party change what your messages are validated against.

    Bad:
        <xs:import namespace="http://www.w3.org/2000/09/xmldsig#"
                   schemaLocation="http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd"/>

    Good:
        <xs:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="xmldsig-core-schema.xsd"/>
    """
    for document, ref in context.schema_refs:
        if ref.remote:
            yield Hit(
                f"xs:{ref.kind} of '{ref.namespace or ''}' points at '{ref.location}', which is not fetched; "
                "its components are missing from this check",
                ref.location or "",
                Source(document, ref.line),
                suggestion="ship the schema beside the importing file and use a relative schemaLocation",
            )

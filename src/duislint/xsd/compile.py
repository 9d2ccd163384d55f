"""Compile a loaded schema set with libxml2 (lxml) and collect every error it reports, with file and line.

libxml2 resolves schemaLocation as an RFC 3986 URI reference and silently drops an import whose location holds a
raw space. To compile the set as published, each document is served to libxml2 from memory through a resolver,
under a token URI, with its own schemaLocation values replaced by tokens in the raw bytes (so line numbers are
unchanged). Nothing is read from disk or network by libxml2 itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from lxml import etree

from duislint.xmlsafe import safe_parser, start_line
from duislint.xsd.loader import SchemaDocument, SchemaSet

_TOKEN = "duislint-doc:/{}.xsd"
_LOCATION_TEXT = re.compile(r"""(schemaLocation\s*=\s*)(["'])(.*?)\2""", re.DOTALL)
_DECLARED_ENCODING = re.compile(r"""^(<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


@dataclass(frozen=True, slots=True)
class CompileError:
    """An error libxml2 reports when compiling the schema set, with the file and, where known, the line."""

    path: str  # display path
    line: int | None
    message: str


@dataclass
class Compiled:
    """The set compiled by libxml2: one validator per entry schema (None where it failed), and every error."""

    validators: dict[str, etree.XMLSchema | None]  # entry path -> validator
    namespaces: dict[str, str | None]  # entry path -> its target namespace
    errors: list[CompileError]

    def validator_for(self, namespace: str | None) -> etree.XMLSchema | None:
        """The entry schema of a message's root namespace; None when that schema did not compile (another one,
        which knows nothing of the namespace, would only call every message invalid). A namespace no entry has
        takes the first that compiled (an entry may import it)."""
        entries = [path for path, target in self.namespaces.items() if target == namespace]
        if entries:
            return next((self.validators[p] for p in entries if self.validators.get(p) is not None), None)
        return next((v for v in self.validators.values() if v is not None), None)


def compile_schema_set(schema_set: SchemaSet) -> Compiled:
    docs = list(schema_set.documents.values())
    token_of = {doc.path: _TOKEN.format(i) for i, doc in enumerate(docs)}
    served = {token_of[doc.path]: (_tokenised(doc, token_of), doc) for doc in docs}
    display_of = {token: doc.display for token, (_, doc) in served.items()}
    errors: list[CompileError] = []
    validators: dict[str, etree.XMLSchema | None] = {}
    for entry in schema_set.entries:
        validator, found = _compile_one(token_of[entry], served, display_of)
        validators[entry] = validator
        errors.extend(found)
    namespaces = {entry: schema_set.documents[entry].target_namespace for entry in schema_set.entries}
    starts = _TagStarts(docs)
    return Compiled(validators, namespaces, _dedupe([starts.at_start_of_tag(error) for error in errors]))


class _TagStarts:
    """libxml2 reports the line where a start tag ends; the model (and so every other rule) uses its first line.
    Each document with an error is walked once, into the first node (in document order) ending on each line, so
    twenty thousand errors cost one walk, not twenty thousand."""

    def __init__(self, docs: list[SchemaDocument]) -> None:
        self._docs: dict[str, SchemaDocument] = {}
        for doc in docs:
            self._docs.setdefault(doc.display, doc)  # the first document of a display path, as before
        self._first_at: dict[str, dict[int, etree._Element]] = {}

    def at_start_of_tag(self, error: CompileError) -> CompileError:
        doc = self._docs.get(error.path)
        if doc is None or error.line is None:
            return error
        node = self._nodes_by_line(doc).get(error.line)
        if node is None:
            return error
        return CompileError(error.path, start_line(node, doc.lines), error.message)

    def _nodes_by_line(self, doc: SchemaDocument) -> dict[int, etree._Element]:
        if doc.display not in self._first_at:
            first: dict[int, etree._Element] = {}
            for node in doc.root.iter():
                if node.sourceline is not None:
                    first.setdefault(node.sourceline, node)
            self._first_at[doc.display] = first
        return self._first_at[doc.display]


def _tokenised(doc: SchemaDocument, token_of: dict[str, str]) -> bytes:
    """The document's bytes with each schemaLocation replaced by its token. The swap works on the text in the
    document's own encoding (an ISO-8859-1 location with an accent, a UTF-16 file); a document not in an
    ASCII-compatible encoding is served as UTF-8, its declaration saying so (line numbers unchanged)."""
    by_location = {ref.location: ref for ref in doc.refs if ref.location is not None}
    if not by_location:
        return doc.raw

    def swap(match: re.Match[str]) -> str:
        ref = by_location.get(match.group(3))
        if ref is None:
            return match.group(0)
        token = token_of[ref.target] if ref.target else f"duislint-missing:/{ref.namespace or 'none'}"
        return match.group(1) + match.group(2) + token + match.group(2)

    encoding = doc.root.getroottree().docinfo.encoding or "UTF-8"
    try:
        text = doc.raw.decode(_python_codec(doc.raw, encoding))
    except (LookupError, UnicodeDecodeError):
        return doc.raw  # libxml2 read it; Python cannot: served as it is
    swapped = _LOCATION_TEXT.sub(swap, text)
    try:
        if "a".encode(encoding) == b"a" and not encoding.upper().startswith("UTF-16"):
            return swapped.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        pass
    swapped = _DECLARED_ENCODING.sub(r"\1UTF-8\2", swapped.lstrip("\ufeff"), count=1)
    return swapped.encode("utf-8")


def _python_codec(raw: bytes, encoding: str) -> str:
    """UTF-16/32 with a byte-order mark decode with the BOM-aware codec (libxml2 names them UTF-16 either way)."""
    upper = encoding.upper().replace("_", "-")
    if upper.startswith("UTF-16"):
        return "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else encoding
    if upper.startswith("UTF-32"):
        return "utf-32" if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") else encoding
    if upper == "UTF-8":
        return "utf-8-sig"
    return encoding


class _MemoryResolver(etree.Resolver):
    def __init__(self, served: dict[str, tuple[bytes, SchemaDocument]]) -> None:
        super().__init__()
        self._served = served

    def resolve(self, url, pubid, context):  # noqa: ANN001 - lxml's signature
        if url in self._served:
            return self.resolve_string(self._served[url][0], context, base_url=url)
        if url and url.startswith("duislint-missing:/"):
            namespace = url.split(":/", 1)[1]
            stub = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{namespace}"/>'
            return self.resolve_string(stub, context, base_url=url)
        # Anything else (a DTD, an unknown URL) is answered with nothing: never loaded from disk or network.
        return self.resolve_string("", context, base_url=url or "")


class _Named(io.BytesIO):
    """A document's bytes under its token, as lxml names a file-like object's document (its `name`)."""

    def __init__(self, raw: bytes, name: str) -> None:
        super().__init__(raw)
        self.name = name


def _compile_one(token: str, served, display_of: dict[str, str]) -> tuple[etree.XMLSchema | None, list[CompileError]]:
    parser = safe_parser()
    parser.resolvers.add(_MemoryResolver(served))
    raw, doc = served[token]
    # lxml copies a tree it is given before compiling it (libxml2 edits the tree it compiles), but compiles in
    # place the one it parses itself from a file-like object, with the default parser: ours, for this call. That
    # saves the copy, as large as the tree (some 9 times the document).
    previous = etree.get_default_parser()
    etree.set_default_parser(parser)
    try:
        return etree.XMLSchema(file=_Named(raw, token)), []
    except etree.XMLSchemaParseError as exc:
        return None, [_error_from(entry, display_of, doc.display) for entry in exc.error_log] or [
            CompileError(doc.display, None, str(exc))
        ]
    finally:
        etree.set_default_parser(previous)


def _error_from(entry, display_of: dict[str, str], fallback: str) -> CompileError:  # noqa: ANN001
    path = display_of.get(entry.filename or "", fallback)
    message = re.sub(r"duislint-doc:/\d+\.xsd", lambda m: display_of.get(m.group(0), m.group(0)), entry.message)
    return CompileError(path, entry.line or None, message.strip())


def _dedupe(errors: list[CompileError]) -> list[CompileError]:
    return list(dict.fromkeys(errors))

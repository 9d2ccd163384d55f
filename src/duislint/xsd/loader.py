"""Find, read and parse the files of a schema set, following import/include/redefine on disk only."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal, Sequence
from urllib.parse import unquote, urlsplit

from lxml import etree

from duislint import inputs, limits
from duislint.errors import InputError
from duislint.xmlsafe import parse_bytes, start_line, text_lines

XS = "http://www.w3.org/2001/XMLSchema"
RefKind = Literal["import", "include", "redefine"]
_REFERENCE_TAGS: dict[str, RefKind] = {f"{{{XS}}}import": "import", f"{{{XS}}}include": "include",
                                       f"{{{XS}}}redefine": "redefine"}  # fmt: skip
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two characters at least: "C:/x.xsd" is a path


@dataclass(frozen=True, slots=True)
class SchemaRef:
    """One xs:import / xs:include / xs:redefine as written, and where it led."""

    kind: RefKind
    namespace: str | None
    location: str | None
    line: int
    target: str | None  # absolute path of the file it resolved to (links resolved), if any
    remote: bool = False  # a URL with a scheme: never fetched
    lexical: str | None = None  # the same file as the location names it (links kept), for display


@dataclass
class SchemaDocument:
    """One XSD file of a schema set: its path, bytes, parsed root, target namespace, text lines and references."""

    path: str  # absolute, links resolved: the file's identity (one file reached by two paths is one document)
    display: str  # as shown to users: the path they gave (or an import's location beside it), never through links
    raw: bytes
    root: etree._Element
    target_namespace: str | None
    lines: Sequence[str] = field(default_factory=list)  # the text, to locate start tags
    refs: list[SchemaRef] = field(default_factory=list)
    lexical: str = ""  # absolute, as named (links kept): relative schemaLocations are resolved from here


@dataclass
class SchemaSet:
    """The XSD files of a set, read by following import/include/redefine, and its entries: the files no other
    one refers to."""

    documents: dict[str, SchemaDocument]  # absolute path -> document, in load order
    entries: list[str]


def display_path(path: str) -> str:
    """Paths are shown relative to the working directory when below it or in a folder beside it (../shared/...),
    absolute otherwise, so reports read the same on every machine that lays the files out alike. Only the text of
    the path counts: a link is shown as the link, never as what it points at."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if rel.count("..") <= 1 else os.path.abspath(path)


@dataclass(frozen=True, slots=True)
class Found:
    """A file to read: its identity (links resolved) and its path as named (links kept)."""

    real: str
    lexical: str


def discover(paths: list[str]) -> list[Found]:
    """Expand folders into their .xsd files (sorted by name); files are taken as given."""
    found: dict[str, Found] = {}
    for given in paths:
        p = Path(given)
        if p.is_dir():
            members = sorted(
                (entry for entry in os.scandir(given) if entry.name.lower().endswith(".xsd") and entry.is_file()),
                key=lambda entry: entry.name,
            )
            if not members:
                raise InputError(given, "folder holds no .xsd file")
            for entry in members:
                lexical = os.path.abspath(entry.path)
                found.setdefault(os.path.realpath(lexical), Found(os.path.realpath(lexical), lexical))
        elif p.is_file():
            lexical = os.path.abspath(given)
            found.setdefault(os.path.realpath(lexical), Found(os.path.realpath(lexical), lexical))
        else:
            raise InputError(given, "no such file or folder")
    return list(found.values())


def load_schema_set(paths: list[str], display: Callable[[str], str] = display_path) -> SchemaSet:
    """`display` names a file as reports show it, from its path as named (a diff's git side shows REV:PATH, not
    its temporary copy)."""
    queue = discover(paths)
    documents: dict[str, SchemaDocument] = {}
    referenced: set[str] = set()
    while queue:
        item = queue.pop(0)
        if item.real in documents:
            continue
        document = _read_document(item, display(item.lexical))
        documents[item.real] = document
        for ref in document.refs:
            if ref.target is not None:
                if ref.target != item.real:
                    referenced.add(ref.target)
                if ref.target not in documents:
                    queue.append(Found(ref.target, ref.lexical or ref.target))
    entries = [p for p in documents if p not in referenced] or list(documents)[:1]
    return SchemaSet(documents=documents, entries=entries)


def _read_document(item: Found, display: str) -> SchemaDocument:
    path = item.real
    inputs.note(item.lexical, display)
    raw = limits.read_file(path, display)
    limits.check_elements(raw, display, "schema_elements")
    root = parse_bytes(raw, path, display)
    if root.tag != f"{{{XS}}}schema":
        tag = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise InputError(display, f"not an XSD: root element is <{tag}>, expected <xs:schema>", root.sourceline)
    lines = text_lines(raw)
    refs = [_resolve_ref(el, item.lexical, display, lines) for el in root if el.tag in _REFERENCE_TAGS]
    return SchemaDocument(
        path=path,
        display=display,
        raw=raw,
        root=root,
        target_namespace=root.get("targetNamespace"),
        lines=lines,
        refs=refs,
        lexical=item.lexical,
    )


def _resolve_ref(el: etree._Element, path: str, display: str, lines: Sequence[str]) -> SchemaRef:
    kind = _REFERENCE_TAGS[str(el.tag)]
    location = el.get("schemaLocation")
    namespace = el.get("namespace")
    line = start_line(el, lines)
    if location is None:
        if kind != "import":
            raise InputError(display, f"xs:{kind} without schemaLocation", line)
        return SchemaRef(kind, namespace, None, line, None)
    if _SCHEME.match(location) and not location.lower().startswith("file:"):
        return SchemaRef(kind, namespace, location, line, None, remote=True)
    target = _locate_on_disk(location, os.path.dirname(path))
    if target is None:
        raise InputError(display, f"xs:{kind} target '{location}' not found", line)
    return SchemaRef(kind, namespace, location, line, os.path.realpath(target), lexical=target)


def _locate_on_disk(location: str, base_dir: str) -> str | None:
    """Relative to the importing file; raw spaces tolerated, percent-escapes decoded, file: URIs accepted."""
    if location.lower().startswith("file:"):
        candidates = [unquote(urlsplit(location).path)]
    else:
        candidates = [location, unquote(location)]
    for candidate in candidates:
        full = os.path.join(base_dir, candidate)
        if os.path.isfile(full):
            return os.path.normpath(full)
    return None

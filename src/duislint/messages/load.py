"""Find, read and validate DUIS message files. Messages are untrusted: entities are never resolved (a DOCTYPE
that declares them is recorded, for MS001), no DTD or network is loaded."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from lxml import etree

from duislint import duis, inputs, limits
from duislint.errors import InputError
from duislint.xmlsafe import parse_bytes, safe_parser, start_line, text_lines
from duislint.xsd.compile import Compiled
from duislint.xsd.loader import display_path
from duislint.xsd.model import XS, QName, Source

# how names are shown when the run gives no schema set's prefixes
DEFAULT_PREFIXES = {duis.SR_NS: "sr", duis.RA_NS: "ra", XS: "xs"}


@dataclass(frozen=True, slots=True)
class ValidationError:
    """One libxml2 validation error in a message, at the start line of the element it names, as a DUIS user reads
    it (messages/explain.py)."""

    line: int | None
    path: str  # the element, as an XPath with the set's prefixes: /sr:Request/sr:Body/sr:Device[2]/sr:DeviceID
    message: str
    # what the schema expected, in full, where the message lists or quotes it (shortening long ones): every
    # allowed value, the whole pattern, each allowed element
    expected: tuple[str, ...] = ()
    suggestion: str | None = None  # the value or element clearly meant

    @property
    def located(self) -> str:
        """The message with the element's path: two errors on Device[1] and Device[2] are two lines in any format."""
        return f"{self.message} (at {self.path})" if self.path else self.message


@dataclass(frozen=True, slots=True)
class Message:
    """A DUIS message as read and validated: its root, header fields, body element and errors."""

    path: str  # display path
    root: QName
    schema_version: str | None
    service_reference: tuple[str, Source] | None
    srv: tuple[str, Source] | None
    body: tuple[QName, Source] | None  # the element inside sr:Body
    errors: tuple[ValidationError, ...]
    entities: tuple[tuple[str, str], ...]  # (name, system URL or "internal") declared in a DOCTYPE
    sha256: str
    line: int = 1  # of the root element
    validated: bool = True  # False when no compiled schema of the set could validate it (the set does not compile)

    @property
    def is_request(self) -> bool:
        return self.root.local == "Request"

    @property
    def source(self) -> Source:
        return Source(self.path, self.line)


def discover(paths: list[str]) -> list[tuple[str, str]]:
    """(path to read, path as shown) of every message: files as given, folders searched recursively for .xml files
    (any case). A file reached twice (a link beside its target, a folder named twice) is read once, shown by a path
    that is not a link where there is one; paths are shown as named, never through links. Folders' messages come
    in path order, after the files named before them."""
    found: dict[tuple[int, int], tuple[str, bool]] = {}  # identity -> (path, is a link)
    for given in paths:
        p = Path(given)
        if p.is_dir():
            members = _folder_members(given)
            if not members:
                raise InputError(given, "folder holds no .xml message (subfolders included)")
        elif p.is_file():
            status = p.stat()
            members = [(given, (status.st_dev, status.st_ino), p.is_symlink())]
        else:
            raise InputError(given, "no such file or folder")
        for member, identity, is_link in members:
            known = found.get(identity)
            if known is None or (known[1] and not is_link):
                found[identity] = (member, is_link)
    return [(path, path) for path, _ in found.values()]


def _folder_members(folder: str) -> list[tuple[str, tuple[int, int], bool]]:
    """The folder's .xml files, in its subfolders too, sorted by path, each with its (device, inode) and whether
    it is a link. A linked folder is followed once (a link back up the tree is not followed again)."""
    members: list[tuple[str, tuple[int, int], bool]] = []
    seen: set[tuple[int, int]] = set()

    def walk(current: str) -> None:
        try:
            status = os.stat(current)
            if (status.st_dev, status.st_ino) in seen:
                return
            seen.add((status.st_dev, status.st_ino))
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_dir():
                    walk(entry.path)
                elif entry.name.lower().endswith(".xml") and len(entry.name) > 4 and entry.is_file():
                    status = entry.stat()
                    members.append((entry.path, (status.st_dev, status.st_ino), entry.is_symlink()))
            except OSError:  # a broken link, a file gone since the listing
                continue

    walk(folder)
    return members


def read_messages(
    paths: list[str], compiled: Compiled | None, prefixes: Mapping[str, str] | None = None
) -> list[Message]:
    """Every message the paths name, validated; `prefixes` (namespace -> prefix, the schema set's) name elements
    in errors as the rest of a report does."""
    parser = safe_parser(huge_text=True)
    shown_folders: dict[str, str] = {}  # a gate may read thousands of messages from a few folders

    def shown(path: str) -> str:
        folder, name = os.path.split(path)
        if folder not in shown_folders:
            shown_folders[folder] = display_path(folder or ".")
        return os.path.normpath(os.path.join(shown_folders[folder], name))

    return [read_message(path, compiled, parser, shown(named), prefixes) for path, named in discover(paths)]


def read_message(
    path: str,
    compiled: Compiled | None,
    parser: etree.XMLParser | None = None,
    display: str | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Message:
    display = display or display_path(path)
    inputs.note(path, display)
    raw = limits.read_file(path, display, "message_mb")
    limits.check_elements(raw, display)
    root = parse_bytes(raw, path, display, parser or safe_parser(huge_text=True))
    lines = text_lines(raw)
    tree = root.getroottree()
    entities = _entities(tree)
    root_name = QName(etree.QName(root).namespace or "", etree.QName(root).localname)
    header = _child(root, "Header")
    body = _child(root, "Body")
    body_child = next((c for c in body if isinstance(c.tag, str)), None) if body is not None else None
    validator = compiled.validator_for(root_name.namespace) if compiled else None
    errors: tuple[ValidationError, ...] = ()
    if validator is not None:
        try:
            valid = validator.validate(tree)
        except etree.XMLSchemaValidateError:
            # libxml2 stops at an entity reference (duislint never expands one): what it found before still counts,
            # and the error log says where it stopped
            valid = False
        if not valid:
            errors = _errors(validator.error_log, lines, tree, _prefixes_for(root, prefixes))
    return Message(
        path=display,
        root=root_name,
        schema_version=root.get("schemaVersion"),
        service_reference=_text(header, "ServiceReference", display, lines),
        srv=_text(header, "ServiceReferenceVariant", display, lines),
        body=(
            QName(etree.QName(body_child).namespace or "", etree.QName(body_child).localname),
            Source(display, start_line(body_child, lines)),
        )
        if body_child is not None
        else None,  # fmt: skip
        errors=errors,
        entities=entities,
        sha256=hashlib.sha256(raw).hexdigest(),
        line=start_line(root, lines),
        validated=validator is not None,
    )


def _child(parent: etree._Element | None, local: str) -> etree._Element | None:
    """The first child element named `local`, in any namespace."""
    return None if parent is None else next(parent.iterchildren(f"{{*}}{local}"), None)


def _text(header: etree._Element | None, local: str, display: str, lines: Sequence[str]) -> tuple[str, Source] | None:
    element = _child(header, local)
    if element is None:
        return None
    # the value a validator sees: every text node, with a comment or processing instruction inside left out
    # ("11<!-- x -->.1" is 11.1)
    value = element.text or ""
    if len(element):
        nodes = element.xpath("text()")
        value = "".join(node for node in nodes if isinstance(node, str)) if isinstance(nodes, list) else value
    return value.strip(), Source(display, start_line(element, lines))


def _entities(tree: etree._ElementTree) -> tuple[tuple[str, str], ...]:
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return ()
    return tuple((entity.name or "", entity.system_url or "internal") for entity in dtd.iterentities())


def _prefixes_for(root: etree._Element, prefixes: Mapping[str, str] | None) -> dict[str, str]:
    """The set's prefixes (DUIS's own without a set), then the message's for any namespace they leave out, as long
    as its prefix names no other namespace."""
    chosen = dict(prefixes or DEFAULT_PREFIXES)
    for prefix, namespace in sorted((p, n) for p, n in root.nsmap.items() if p):
        if namespace not in chosen and prefix not in chosen.values():
            chosen[namespace] = prefix
    return chosen


def _errors(
    entries: Iterable[etree._LogEntry], lines: Sequence[str], tree: etree._ElementTree, prefixes: dict[str, str]
) -> tuple[ValidationError, ...]:
    from duislint.messages.explain import explain, prefixed, shower

    show = shower(prefixes)
    errors: list[ValidationError] = []
    for entry in entries:
        element = _element_at(entry.path, tree)
        line = start_line(element, lines) if element is not None else entry.line or None
        path = _element_path(element, show) if element is not None else prefixed(entry.path or "", show)
        if entry.type_name == "SCHEMAV_CVC_IDC" and "No precomputed value" in entry.message:
            # libxml2's echo of an invalid value that an identity constraint reads: the error before says it
            if any(e.path == path for e in errors):
                continue
        entity = _entity_in(element) if entry.type_name == "SCHEMAV_INTERNAL" else None
        said = explain(entry.message, show, show(str(element.tag)) if element is not None else None, entity)
        errors.append(ValidationError(line, path, said.text, said.expected, said.suggestion))
    if not errors:  # an internal error with nothing logged
        root = tree.getroot()
        errors.append(ValidationError(start_line(root, lines), _element_path(root, show),
                                      "libxml2 stopped validating the message and gave no reason: nothing in it "
                                      "was checked"))  # fmt: skip
    return tuple(errors)


def _element_at(path: str | None, tree: etree._ElementTree) -> etree._Element | None:
    """The element libxml2's path names (its prefixes are the message's own; a default namespace is *)."""
    if not path:
        return None
    try:
        namespaces = {k: v for k, v in tree.getroot().nsmap.items() if k}
        found = tree.xpath(path, namespaces=namespaces)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def _element_path(element: etree._Element, show: Callable[[str], str]) -> str:
    """/sr:Request/sr:Body/sr:Device[2]/sr:DeviceID: each step with its position among same-named siblings where
    there are several (as libxml2 writes it), named with the set's prefixes whatever the message's."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        tag = str(node.tag)
        step = show(tag)
        parent = node.getparent()
        if parent is not None:
            same = list(parent.iterchildren(tag))
            if len(same) > 1:
                step += f"[{same.index(node) + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))


def _entity_in(element: etree._Element | None) -> str | None:
    """The name of the first entity reference in the element, where libxml2 stopped validating."""
    if element is None:
        return None
    reference = next(element.iter(etree.Entity), None)
    return reference.name if isinstance(reference, etree._Entity) else None

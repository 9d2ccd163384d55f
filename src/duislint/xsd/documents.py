"""What each document of a schema set says of itself: its declared version and its namespace prefixes.

The model builder reads these for every run; a message validation gate reads only these (it needs no component
model), so they live apart from the builder and its component records.
"""

from __future__ import annotations

import re

from lxml import etree

from duislint.xsd.loader import SchemaSet
from duislint.xsd.model import XML_NS, XS, SchemaDocumentInfo, SchemaModel

_VERSION = re.compile(r"XML Filename\s*-\s*.*?V\s*(\d+(?:\.\d+)*[a-z]?)", re.IGNORECASE)
_VERSION_LINE = re.compile(r"Schema Version\b.*?-\s*(\d+(?:\.\d+)*[a-z]?)\s*$", re.IGNORECASE | re.MULTILINE)


def document_infos(schema_set: SchemaSet) -> SchemaModel:
    """A model of the documents only (namespace, version): all that message validation needs besides libxml2."""
    model = SchemaModel()
    model.prefixes = preferred_prefixes(schema_set)
    for document in schema_set.documents.values():
        model.documents.append(
            SchemaDocumentInfo(document.display, document.target_namespace, declared_version(document.root))
        )
    return model


def declared_version(root: etree._Element) -> str | None:
    """The version a DUIS schema's header comment declares ("Schema Version ... - 5.4", "XML Filename - ... V5.4")."""
    for comment in root.iter(etree.Comment):
        text = comment.text or ""
        match = _VERSION_LINE.search(text) or _VERSION.search(text)
        if match:
            return match.group(1)
    return None


def preferred_prefixes(schema_set: SchemaSet) -> dict[str, str]:
    """namespace -> the prefix reports write it with: the documents' own, made unique across files."""
    prefixes: dict[str, str] = {XS: "xs", XML_NS: "xml"}
    taken = set(prefixes.values())
    # two files may bind one prefix to different namespaces: names must stay distinct (tns, tns2, tns3, ...). A
    # name once taken stays taken, so the tries for a prefix go on from the last number it was given: a thousand
    # files that each bind tns: cost a thousand look-ups, not a scan of every name for each number tried.
    tried: dict[str, int] = {}
    for document in schema_set.documents.values():
        for prefix, namespace in sorted(document.root.nsmap.items(), key=lambda item: item[0] or ""):
            if not prefix or namespace in prefixes:
                continue
            n = tried.get(prefix, 1)
            unique = prefix if n == 1 else f"{prefix}{n}"
            while unique in taken:
                n += 1
                unique = f"{prefix}{n}"
            tried[prefix] = n
            prefixes[namespace] = unique
            taken.add(unique)
    return prefixes

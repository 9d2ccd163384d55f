"""A schema set as a run loaded it: its documents, the libxml2 compile, and — built on first use — the component
model and the reference graph. A message gate uses the validators and never pays for the model."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Sequence

from duislint.xsd.compile import Compiled, CompileError, compile_schema_set
from duislint.xsd.documents import document_infos
from duislint.xsd.loader import SchemaRef, SchemaSet, display_path, load_schema_set

if TYPE_CHECKING:
    from duislint.graph import RefGraph
    from duislint.xsd.model import SchemaDocumentInfo, SchemaModel


@dataclass(frozen=True, slots=True)
class Unmodelled:
    """An xs:redefine with content, or an xs:override (XSD 1.1): the model reads the definitions it replaces."""

    kind: str  # redefine | override
    location: str  # its schemaLocation as written
    where: str  # display path:line
    text: bytes  # its canonical form, comments left out: two sides compare by it

    @property
    def notice(self) -> str:
        return (f"xs:{self.kind} of {self.location} at {self.where} is not modelled: rules, refs and diff read "
                "the definitions it replaces")  # fmt: skip


class Schemas:
    """The loaded set. `schema_set` is None for a run without a schema PATH (specification rules only)."""

    def __init__(self, schema_set: SchemaSet | None, compiled: Compiled | None = None) -> None:
        self.schema_set = schema_set
        self.compiled = compiled

    @cached_property
    def model(self) -> SchemaModel:
        from duislint.xsd.build import build_model
        from duislint.xsd.model import SchemaModel

        return build_model(self.schema_set) if self.schema_set is not None else SchemaModel()

    @cached_property
    def graph(self) -> RefGraph:
        from duislint.graph import build_graph

        return build_graph(self.model)

    @cached_property
    def documents(self) -> list[SchemaDocumentInfo]:
        if "model" in self.__dict__:  # already built: the same records
            return list(self.model.documents)
        return list(document_infos(self.schema_set).documents) if self.schema_set is not None else []

    def compiled_now(self) -> Compiled | None:
        """The libxml2 compile, made now if the run did not ask for it at load (a diff checks its witnesses)."""
        if self.compiled is None and self.schema_set is not None:
            self.compiled = compile_schema_set(self.schema_set)
        return self.compiled

    @property
    def compile_errors(self) -> list[CompileError]:
        return self.compiled.errors if self.compiled is not None else []

    @cached_property
    def schema_refs(self) -> list[tuple[str, SchemaRef]]:
        documents = self.schema_set.documents.values() if self.schema_set is not None else []
        return [(doc.display, ref) for doc in documents for ref in doc.refs]

    @cached_property
    def unmodelled(self) -> list[Unmodelled]:
        if self.schema_set is None:
            return []
        from lxml import etree

        from duislint.xmlsafe import start_line
        from duislint.xsd.model import XS

        found = []
        for doc in self.schema_set.documents.values():
            for kind in ("redefine", "override"):
                for el in doc.root.iterchildren(f"{{{XS}}}{kind}"):
                    if kind == "redefine" and not any(isinstance(c.tag, str) for c in el):
                        continue  # an empty redefine is an include
                    text = etree.tostring(el, method="c14n", with_comments=False)
                    location = el.get("schemaLocation") or ""
                    found.append(Unmodelled(kind, location, f"{doc.display}:{start_line(el, doc.lines)}", text))
        return found

    @cached_property
    def inputs(self) -> list[dict[str, str]]:
        """One record per schema file, as reports list their inputs."""
        if self.schema_set is None:
            return []
        versions = {info.path: info.version for info in self.documents}
        return [
            {
                "path": doc.display,
                "kind": "xsd",
                "namespace": doc.target_namespace or "",
                "version": versions.get(doc.display) or "",
                "sha256": hashlib.sha256(doc.raw).hexdigest(),
            }
            for doc in self.schema_set.documents.values()
        ]

    @cached_property
    def lines(self) -> dict[str, Sequence[str]]:
        """Display path -> text lines, for evidence in reports."""
        if self.schema_set is None:
            return {}
        return {doc.display: doc.lines for doc in self.schema_set.documents.values()}


def load(paths: list[str], compile_check: bool = True, display: Callable[[str], str] = display_path) -> Schemas:
    """Read the set (imports followed on disk) and, unless told not to, compile it with libxml2. `display` names
    files in reports (a diff's git side: REV:PATH)."""
    schema_set = load_schema_set(paths, display)
    return Schemas(schema_set, compile_schema_set(schema_set) if compile_check else None)

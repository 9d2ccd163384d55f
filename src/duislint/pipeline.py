"""One run, in the order data flows: load -> model -> graph -> rules -> findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duislint.findings import Report, Severity
from duislint.material import Material
from duislint.messages.learn import srv_bodies
from duislint.messages.load import read_messages
from duislint.rules import CheckContext, Rule, run_rules
from duislint.xsd.compile import Compiled, compile_schema_set
from duislint.xsd.documents import document_infos
from duislint.xsd.loader import display_path, load_schema_set
from duislint.xsd.model import SchemaModel

if TYPE_CHECKING:
    from duislint.graph import RefGraph
    from duislint.matrix import MatrixRow
    from duislint.spec.model import Spec


@dataclass
class Loaded:
    """A schema set as one run loaded it: model, reference graph, input records and libxml2 validators."""

    model: SchemaModel
    graph: RefGraph
    inputs: list[dict[str, str]]
    compiled: Compiled | None = None  # libxml2 validators, for messages
    lines: dict[str, list[str]] = field(default_factory=dict)  # display path -> text, for evidence in reports


def load(paths: list[str], compile_check: bool = True, components: bool = True) -> Loaded:
    """`components=False`: only documents and the libxml2 compile (validating messages needs no more)."""
    from duislint.graph import RefGraph, build_graph  # here: a CLI pays every import on every run

    schema_set = load_schema_set(paths)
    if components:
        from duislint.xsd.build import build_model

        model = build_model(schema_set)
    else:
        model = document_infos(schema_set)
    model.schema_refs = [(doc.display, ref) for doc in schema_set.documents.values() for ref in doc.refs]
    compiled = compile_schema_set(schema_set) if compile_check else None
    if compiled is not None:
        model.compile_errors = compiled.errors
    versions = {info.path: info.version for info in model.documents}
    inputs = [
        {
            "path": doc.display,
            "kind": "xsd",
            "namespace": doc.target_namespace or "",
            "version": versions.get(doc.display) or "",
            "sha256": hashlib.sha256(doc.raw).hexdigest(),
        }
        for doc in schema_set.documents.values()
    ]
    lines = {doc.display: doc.lines for doc in schema_set.documents.values()}
    return Loaded(model, build_graph(model) if components else RefGraph(), inputs, compiled, lines)


DEFAULT_DEPRECATED_TERMS = {"fax": "email", "facsimile": "email"}
MATRIX_SUFFIXES = (".json", ".csv")


def check(
    paths: list[str],
    spec_paths: list[str] | None = None,
    rules: list[Rule] | None = None,
    revisions: str = "accepted",
    deprecated_terms: dict[str, str] | None = None,
    severities: dict[str, Severity] | None = None,
    message_paths: list[str] | None = None,
) -> Report:
    # rules about messages alone need no component model or graph: a validation gate stays as fast as lxml's
    messages_only = (
        bool(message_paths) and not spec_paths and rules is not None and all(r.family == "messages" for r in rules)
    )
    loaded = load(paths, components=not messages_only)
    specs, matrix, matrix_sources, spec_inputs = _read_specs(spec_paths or [], revisions)
    inputs = loaded.inputs + spec_inputs
    messages = read_messages(message_paths, loaded.compiled) if message_paths else []
    inputs.extend({"path": m.path, "kind": "message", "sha256": m.sha256} for m in messages)
    bodies = srv_bodies(messages)
    if not messages_only:  # without the component model there is no graph to complete
        from duislint.messages.graph import add_message_edges

        add_message_edges(loaded.model, loaded.graph, messages)
    context = CheckContext(
        loaded.model,
        loaded.graph,
        matrix,
        ", ".join(dict.fromkeys(matrix_sources)) or None,
        specs,
        DEFAULT_DEPRECATED_TERMS if deprecated_terms is None else deprecated_terms,
        srv_bodies=bodies,
        messages=messages,
    )
    files = {display_path(p): p for p in spec_paths or []}
    material = Material(loaded.model, loaded.graph, specs, loaded.lines, files)
    return Report(inputs=inputs, findings=run_rules(context, rules, severities), material=material)


def _read_specs(
    spec_paths: list[str], revisions: str
) -> tuple[list[Spec], list[MatrixRow] | None, list[str], list[dict[str, str]]]:
    """The specifications and the service-request matrix (a file of its own, or the spec's matrix tables)."""
    if not spec_paths:  # a messages-only gate imports no specification reader
        return [], None, [], []
    from duislint.matrix import read_matrix, rows_from_spec_table
    from duislint.spec.build import read_spec
    from duislint.spec.model import MATRIX as MATRIX_TABLE

    specs: list[Spec] = []
    matrix: list[MatrixRow] | None = None
    matrix_sources: list[str] = []
    inputs: list[dict[str, str]] = []
    for spec_path in spec_paths:
        shown = display_path(spec_path)
        if Path(spec_path).suffix.lower() in MATRIX_SUFFIXES:
            matrix = (matrix or []) + read_matrix(spec_path, shown)
            matrix_sources.append(shown)
            kind = "service-request-matrix"
        else:
            spec = read_spec(spec_path, shown, revisions)
            specs.append(spec)
            kind = "specification"
            for table in spec.tables_of(MATRIX_TABLE):
                matrix = (matrix or []) + rows_from_spec_table(table)
                matrix_sources.append(f"{shown} §{table.section.number if table.section else ''}".rstrip(" §"))
        inputs.append({"path": shown, "kind": kind, "sha256": _sha256(spec_path)})
    return specs, matrix, matrix_sources, inputs


def _sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()

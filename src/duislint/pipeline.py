"""One run, in the order data flows: load -> model -> graph -> rules -> findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from duislint.findings import Report
from duislint.graph import RefGraph, build_graph
from duislint.matrix import MatrixRow, read_matrix
from duislint.rules import CheckContext, Rule, run_rules
from duislint.xsd.build import build_model
from duislint.xsd.compile import compile_errors
from duislint.xsd.loader import display_path, load_schema_set
from duislint.xsd.model import SchemaModel


@dataclass
class Loaded:
    model: SchemaModel
    graph: RefGraph
    inputs: list[dict[str, str]]


def load(paths: list[str], compile_check: bool = True) -> Loaded:
    schema_set = load_schema_set(paths)
    model = build_model(schema_set)
    model.schema_refs = [(doc.display, ref) for doc in schema_set.documents.values() for ref in doc.refs]
    if compile_check:
        model.compile_errors = compile_errors(schema_set)
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
    return Loaded(model, build_graph(model), inputs)


def check(paths: list[str], matrix_paths: list[str] | None = None, rules: list[Rule] | None = None) -> Report:
    loaded = load(paths)
    matrix: list[MatrixRow] | None = None
    shown: list[str] = []
    inputs = list(loaded.inputs)
    for matrix_path in matrix_paths or []:
        shown.append(display_path(matrix_path))
        matrix = (matrix or []) + read_matrix(matrix_path, shown[-1])
        with open(matrix_path, "rb") as handle:
            inputs.append({"path": shown[-1], "kind": "service-request-matrix",
                           "sha256": hashlib.sha256(handle.read()).hexdigest()})  # fmt: skip
    context = CheckContext(loaded.model, loaded.graph, matrix, ", ".join(shown) or None)
    return Report(inputs=inputs, findings=run_rules(context, rules))

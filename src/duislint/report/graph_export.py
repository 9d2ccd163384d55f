"""`duislint graph`: the reference graph as GraphML (via networkx), JSON or Graphviz DOT; sorted, deterministic."""

from __future__ import annotations

import io
import json

from duislint.graph import RefGraph, edge_key


def render(graph: RefGraph, fmt: str) -> str:
    if fmt == "graphml":
        return _graphml(graph)
    if fmt == "dot":
        return _dot(graph)
    return _json(graph)


def _nodes(graph: RefGraph) -> list[dict[str, object]]:
    nodes = []
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        data: dict[str, object] = {"id": node.id, "kind": node.kind, "label": node.label, "defined": node.defined}
        if node.source:
            data.update(file=node.source.path, line=node.source.line)
        nodes.append(data)
    return nodes


def _edges(graph: RefGraph) -> list[dict[str, object]]:
    edges = []
    for edge in sorted(graph.edges, key=edge_key):
        data: dict[str, object] = {"source": edge.source, "target": edge.target, "kind": edge.kind}
        if edge.where:
            data.update(file=edge.where.path, line=edge.where.line)
        edges.append(data)
    return edges


def _json(graph: RefGraph) -> str:
    return json.dumps({"directed": True, "nodes": _nodes(graph), "edges": _edges(graph)}, indent=1) + "\n"


def _graphml(graph: RefGraph) -> str:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(graph.to_networkx(), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot(graph: RefGraph) -> str:
    lines = ["digraph duis {", "  rankdir=LR;", "  node [shape=box, fontname=Helvetica];"]
    for node in _nodes(graph):
        lines.append(
            f"  {_quote(str(node['id']))} [label={_quote(str(node['label']))}, kind={_quote(str(node['kind']))}];"
        )
    for edge in _edges(graph):
        lines.append(
            f"  {_quote(str(edge['source']))} -> {_quote(str(edge['target']))} [label={_quote(str(edge['kind']))}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"

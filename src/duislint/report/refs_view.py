"""`duislint refs NAME`: where NAME is defined, what uses it, what it uses; each with file:line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TypedDict

from duislint.graph import Edge, Node, RefGraph
from duislint.suggest import closest


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to `duislint refs NAME`: the graph nodes the name matches, or a suggestion when it matches none."""

    query: str
    nodes: tuple[Node, ...]
    graph: RefGraph
    suggestion: str | None = None


def lookup(graph: RefGraph, name: str) -> Answer:
    text = " ".join(name.split())
    for match in (_exact, _code, _local):
        nodes = match(graph, text)
        if nodes:
            return Answer(text, tuple(sorted(nodes, key=lambda n: n.id)), graph)
    labels = {n.label for n in graph.nodes.values() if n.defined}
    return Answer(text, (), graph, closest(text, labels))


def _exact(graph: RefGraph, text: str) -> list[Node]:
    return [n for n in graph.nodes.values() if n.label == text or n.id == text]


def _code(graph: RefGraph, text: str) -> list[Node]:
    return [
        n
        for n in graph.nodes.values()
        if n.kind in ("ServiceReference", "ServiceReferenceVariant") and n.label.split(" ", 1)[-1] == text
    ]


def _local(graph: RefGraph, text: str) -> list[Node]:
    bare = text.split(":", 1)[-1]
    return [
        n for n in graph.nodes.values() if n.label.rsplit("/", 1)[-1].split(":", 1)[-1] == bare and n.kind != "comment"
    ]


def _where(node_or_edge) -> str:  # noqa: ANN001
    source = getattr(node_or_edge, "source", None) if isinstance(node_or_edge, Node) else node_or_edge.where
    return f"{source.path}:{source.line}" if source else "-"


class EdgeRow(TypedDict):
    """One relation of a node: what it is, the other node's kind and name, and the line that states it."""

    relation: str
    kind: str
    name: str
    at: str


class Described(TypedDict):
    """A node as `duislint refs` describes it: where it is defined, what uses it and what it uses."""

    name: str
    kind: str
    defined: str | None
    used_by: list[EdgeRow]
    uses: list[EdgeRow]


def _edge_rows(graph: RefGraph, edges: list[Edge], other_end: str) -> list[EdgeRow]:
    rows: list[EdgeRow] = []
    for edge in edges:
        other = graph.nodes[getattr(edge, other_end)]
        rows.append(EdgeRow(relation=edge.kind, kind=other.kind, name=other.label, at=_where(edge)))
    return sorted(rows, key=lambda r: (r["at"], r["relation"], r["name"]))


def describe(graph: RefGraph, node: Node) -> Described:
    return Described(
        name=node.label,
        kind=node.kind,
        defined=_where(node) if node.defined else None,
        used_by=_edge_rows(graph, graph.in_edges(node.id), "source"),
        uses=_edge_rows(graph, graph.out_edges(node.id), "target"),
    )


def render(answer: Answer, fmt: str) -> str:
    described = [describe(answer.graph, node) for node in answer.nodes]
    if fmt == "json":
        return json.dumps({"query": answer.query, "matches": described}, indent=2) + "\n"
    lines: list[str] = []
    for item in described:
        defined = item["defined"] or "not defined in this set"
        lines.append(f"{item['kind']} {item['name']}  (defined at {defined})")
        for title, rows in (("used by", item["used_by"]), ("uses", item["uses"])):
            lines.append(f"  {title} ({len(rows)}):")
            for row in rows:
                lines.append(f"    {row['at']:<52} {row['relation']:<18} {row['kind']} {row['name']}")
        lines.append("")
    return "\n".join(lines)

"""The reference graph and `duislint refs` on the real DUIS 5.4 set: what a maintainer would look up."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from duislint import schemas
from tests.conftest import duis_data
from tests.helpers import cli


@pytest.fixture(scope="module")
def set54() -> str:
    return str(duis_data() / "schemas" / "5.4")


@pytest.fixture(scope="module")
def graph54(set54):
    return schemas.load([set54], compile_check=False).graph


def _edge(graph, source: str, target: str, kind: str) -> bool:
    return any(e.target == target and e.kind == kind for e in graph.out_edges(source))


def test_srv_belongs_to_its_sr_and_codes_name_their_sr(graph54):
    assert _edge(graph54, "ServiceReferenceVariant:8.14.1", "ServiceReference:8.14", "SRV-belongs-to-SR")
    assert _edge(graph54, "ResponseCode:E081406", "ServiceReference:8.14", "code-names-SR")
    assert _edge(graph54, "ResponseCode:E64", "type:sr:ResponseCode", "value-of")
    assert _edge(graph54, "AlertCode:N1", "anonymousType:sr:DCCAlertMessage/DCCAlertCode", "value-of")


def test_body_element_has_its_type_and_twins_are_linked(graph54):
    assert _edge(
        graph54, "element:sr:Request/Body/SetCHFSubGHzConfiguration", "type:sr:SubGHzConfiguration", "has-type"
    )
    assert _edge(graph54, "type:sr:DeviceType", "type:ra:DeviceType", "twin-of")
    assert _edge(graph54, "element:sr:Request", "type:sr:Request", "has-type")


def test_comment_naming_an_srv_is_linked_to_it(graph54):
    comments = [n for n in graph54.nodes.values() if n.kind == "comment" and n.label.startswith("SR 4.4.5")]
    assert comments, "the 'SR 4.4.5 Retrieve Billing Data Log Prepayment Credits' comment is in the graph"
    assert _edge(graph54, comments[0].id, "ServiceReferenceVariant:4.4.5", "comment-names-SRV")


def test_every_node_kind_duis_needs_is_present(graph54):
    kinds = {n.kind for n in graph54.nodes.values()}
    assert {"element", "complexType", "simpleType", "ServiceReference", "ServiceReferenceVariant",
            "ResponseCode", "AlertCode", "comment", "enumeration"} <= kinds  # fmt: skip
    srvs = [n for n in graph54.nodes.values() if n.kind == "ServiceReferenceVariant" and n.defined]
    assert len(srvs) == 129  # the README: 129 Service Reference Variants in 5.4


@pytest.mark.parametrize("fmt", ["graphml", "json", "dot"])
def test_graph_export_is_readable_and_deterministic(set54, tmp_path, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert cli("graph", set54, "--format", fmt, "-o", first).code == 0
    assert cli("graph", set54, "--format", fmt, "-o", second).code == 0
    assert first.read_bytes() == second.read_bytes()
    if fmt == "graphml":
        graph = nx.read_graphml(first)
        assert graph.nodes["type:sr:SubGHzConfiguration"]["line"] == 2506
        assert graph.has_edge("ServiceReferenceVariant:6.28", "ServiceReference:6.28")
    elif fmt == "json":
        data = json.loads(first.read_text())
        ids = {n["id"] for n in data["nodes"]}
        assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    else:
        text = first.read_text()
        assert text.startswith("digraph duis {") and text.rstrip().endswith("}")
        assert '"ResponseCode:E081406" -> "ServiceReference:8.14"' in text


def test_refs_answers_where_defined_used_and_uses(set54):
    result = cli("refs", set54, "sr:SubGHzConfiguration", "--format", "json")
    assert result.code == 0
    answer = result.json()
    match = answer["matches"][0]
    assert match["defined"].endswith("DUIS Schema V5.4.xsd:2506")
    users = {row["name"] for row in match["used_by"]}
    assert "sr:Request/Body/SetCHFSubGHzConfiguration" in users
    uses = {row["name"] for row in match["uses"]}
    assert "sr:SubGHzConfiguration/UpperBandSubGHzChannels0To26" in uses


def test_refs_on_a_service_reference_lists_its_variants_and_codes(set54):
    result = cli("refs", set54, "8.14")
    assert result.code == 0
    out = result.out
    assert "SRV 8.14.1" in out and "E081406" in out


def test_refs_on_unknown_name_suggests_the_closest(set54):
    result = cli("refs", set54, "sr:SubGHzConfiguraton")
    assert result.code == 1
    assert "did you mean sr:SubGHzConfiguration" in result.err


def test_graphml_is_well_formed_xml(set54, tmp_path):
    out = tmp_path / "g.graphml"
    assert cli("graph", set54, "--format", "graphml", "-o", out).code == 0
    root = ET.parse(out).getroot()
    assert root.tag.endswith("graphml")

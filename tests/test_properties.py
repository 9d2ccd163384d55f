"""Properties of the model and graph over generated DUIS-shaped schemas (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duislint import schemas as schema_loader
from duislint.rules import CheckContext, get_rule
from tests.conftest import sr_schema

NAMES = st.sampled_from(["Alpha", "Beta", "Gamma", "Delta", "Channels0To26", "Header", "Body"])
BUILTINS = st.sampled_from(["xs:string", "xs:int", "xs:dateTime", "xs:strin"])  # the last is a typo on purpose


@st.composite
def schemas(draw):
    """A schema with some complex types whose elements reference defined, builtin or undefined types."""
    type_names = draw(st.lists(NAMES, min_size=1, max_size=5, unique=True))
    referable = [f"sr:{n}" for n in type_names] + ["sr:Missing", "ra:Elsewhere", "nope:Bad"]
    parts = []
    for name in type_names:
        children = draw(st.lists(st.tuples(NAMES, st.one_of(st.sampled_from(referable), BUILTINS)), max_size=4))
        compositor = draw(st.sampled_from(["sequence", "choice"]))
        elements = "".join(f'<xs:element name="{c}" type="{t}" minOccurs="0"/>' for c, t in children)
        parts.append(f'<xs:complexType name="{name}"><xs:{compositor}>{elements}</xs:{compositor}></xs:complexType>')
    root = draw(st.sampled_from(type_names))
    parts.append(f'<xs:element name="Root" type="sr:{root}"/>')
    return sr_schema("\n".join(parts))


def _load(text: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.xsd"
        path.write_text(text, encoding="utf-8")
        loaded = schema_loader.load([str(path)], compile_check=False)
    return loaded


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas())
def test_every_reference_edge_ends_at_a_defined_node_or_yields_a_finding(text):
    loaded = _load(text)
    graph = loaded.graph
    findings = get_rule("XS101").run(CheckContext(loaded))
    reported = {(f.subject, f.location.line) for f in findings}
    undeclared_prefix_lines = {f.location.line for f in findings if "not declared" in f.message}
    for edge in graph.edges:
        if edge.kind not in ("has-type", "refers-to", "derives-from"):
            continue
        target = graph.nodes[edge.target]
        if not target.defined:
            assert (target.label, edge.where.line) in reported, f"{edge} has no XS101 finding"
    # and nothing is reported that the graph shows as resolved
    for finding in findings:
        if finding.location.line in undeclared_prefix_lines:
            continue
        assert any(not graph.nodes[e.target].defined and graph.nodes[e.target].label == finding.subject
                   for e in graph.edges), finding  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(schemas(), st.integers(min_value=1, max_value=5))
def test_fingerprints_survive_lines_added_above(text, blank_lines):
    """A baseline keyed by fingerprint must not churn when unrelated lines are inserted."""
    shifted = text.replace("<xs:schema", "\n" * blank_lines + "<xs:schema", 1)

    def prints(source: str) -> list[str]:
        loaded = _load(source)
        return sorted(f.fingerprint for f in get_rule("XS101").run(CheckContext(loaded)))

    assert prints(text) == prints(shifted)


@settings(max_examples=40, deadline=None)
@given(schemas())
def test_every_component_keeps_file_and_line(text):
    loaded = _load(text)
    lines = text.splitlines()
    for component in loaded.model.components:
        assert component.source.line >= 1
        assert f'name="{component.name.local}"' in lines[component.source.line - 1]


# the text of a document as its lines: every kind of line break str.splitlines knows, and characters of several bytes
_TEXT_PIECES = st.sampled_from(["a", "<xs:element>", "\n", "\r\n", "\r", "\x85", "\u2028", "é", "\x0c", "\ufeff", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT_PIECES, max_size=120), st.integers(min_value=1, max_value=40), st.data())
def test_a_documents_lines_read_a_stretch_at_a_time_are_the_lines_of_its_whole_text(pieces, stretch, data):
    # a schema's and a message's lines are decoded a stretch at a time as they are asked for; wherever the stretches
    # end, line N is the N-th line of the whole text, as str.splitlines gives it, invalid UTF-8 replaced alike
    from duislint.xmlsafe import TextLines

    raw = "".join(pieces).encode("utf-8") + data.draw(st.sampled_from([b"", b"\xff", b"\xc3"]))
    whole = raw.decode("utf-8", errors="replace").splitlines()
    asked = data.draw(st.lists(st.integers(min_value=-len(whole) - 2, max_value=len(whole) + 2), max_size=20))

    lines = TextLines(raw, stretch)  # asked in any order before its length is known: found only as far as needed
    for i in asked:
        if -len(whole) <= i < len(whole):
            assert lines[i] == whole[i]
        else:
            with pytest.raises(IndexError):
                lines[i]
    assert len(lines) == len(whole)
    assert list(TextLines(raw, stretch)) == whole
    assert lines[1:4] == whole[1:4]

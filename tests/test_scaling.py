"""Linear time on the input shapes of issue #17 (item 12), shown without a clock: what a quadratic algorithm would
do once per finding, error or file (walk a document's tree, scan a table's rows, search every graph node) is
counted and must happen once per run; and large generated inputs give the right answers.

Timings live in benchmarks/bench_scaling.py, never in a test on a noisy machine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from duislint.findings import Finding, Location, Report, Severity
from duislint.material import Material
from duislint.pipeline import check
from duislint.report import formats, html_data
from duislint.spec.model import DATA_ITEMS, Paragraph, Row, Section, Spec, Table
from duislint.xsd.compile import compile_schema_set
from duislint.xsd.documents import preferred_prefixes
from duislint.xsd.loader import SchemaDocument, SchemaSet, load_schema_set
from tests.conftest import ROOT

XS = "http://www.w3.org/2001/XMLSchema"


class Walked(list):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):  # noqa: ANN204
        self.walks += 1
        return super().__iter__()


class WalkedRows(tuple):
    """A table's rows, counting how often they are walked (a slice is a plain tuple, and not counted)."""

    walks = 0

    def __iter__(self):  # noqa: ANN204
        self.walks += 1
        return super().__iter__()


class CountedNodes(dict):
    """A graph's nodes, counting every walk of them."""

    walks = 0

    def values(self):  # noqa: ANN201
        self.walks += 1
        return super().values()


class CountedRoot:
    """A document's root element, counting the walks of its tree (everything else is the element's own)."""

    def __init__(self, root: etree._Element) -> None:
        self._root = root
        self.walks = 0

    def iter(self, *tags):  # noqa: ANN002, ANN201
        self.walks += 1
        return self._root.iter(*tags)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._root, name)


def schema(namespace: str, body: str, extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="{XS}" xmlns:tns="{namespace}"{extra}\n'
        f'    targetNamespace="{namespace}" elementFormDefault="qualified">\n{body}</xs:schema>\n'
    )


def in_memory_set(namespaces_by_prefix: list[dict[str, str]]) -> SchemaSet:
    documents = {}
    for n, nsmap in enumerate(namespaces_by_prefix):
        declarations = " ".join(f'xmlns:{prefix}="{namespace}"' for prefix, namespace in nsmap.items())
        raw = f'<xs:schema xmlns:xs="{XS}" {declarations}/>'.encode()
        path = f"/set/file{n}.xsd"
        documents[path] = SchemaDocument(path, f"file{n}.xsd", raw, etree.fromstring(raw), None)
    return SchemaSet(documents, list(documents))


# --- many files, import chains: the prefixes reports write ------------------------------------------------------


def test_five_thousand_files_binding_tns_get_tns_to_tns5000():
    schema_set = in_memory_set([{"tns": f"urn:file:{n}"} for n in range(5000)])

    prefixes = preferred_prefixes(schema_set)

    assert [prefixes[f"urn:file:{n}"] for n in range(5000)] == ["tns"] + [f"tns{n}" for n in range(2, 5001)]


def test_a_prefix_a_file_binds_literally_is_never_given_to_another_namespace():
    """Numbering a prefix skips the names files bound themselves (tns3, tns4) and those numbered before (urn:d's
    tns2 becomes tns22); a namespace keeps the prefix its first file gave it."""
    schema_set = in_memory_set([
        {"tns": "urn:a", "tns3": "urn:c"},
        {"tns": "urn:b"},
        {"tns2": "urn:d", "tns": "urn:a"},
        {"tns": "urn:e", "tns4": "urn:f"},
        {"tns": "urn:g"},
        {"tns2": "urn:h"},
    ])  # fmt: skip

    prefixes = preferred_prefixes(schema_set)

    assert {ns: prefixes[ns] for ns in ("urn:a", "urn:b", "urn:c", "urn:d", "urn:e", "urn:f", "urn:g", "urn:h")} == {
        "urn:a": "tns", "urn:c": "tns3", "urn:b": "tns2", "urn:d": "tns22", "urn:e": "tns4", "urn:f": "tns42",
        "urn:g": "tns5", "urn:h": "tns23",
    }  # fmt: skip


def test_an_import_chain_of_four_hundred_files_compiles_clean_with_a_prefix_per_namespace(tmp_path):
    for n in range(400):
        body = f'  <xs:element name="Record{n}" type="xs:string"/>\n'
        extra = ""
        if n < 399:
            extra = f' xmlns:next="urn:chain:{n + 1}"'
            body = f'  <xs:import namespace="urn:chain:{n + 1}" schemaLocation="chain{n + 1}.xsd"/>\n' + body
            body += f'  <xs:element name="Link{n}"><xs:complexType><xs:sequence><xs:element ref="next:Record{n + 1}"/>'
            body += "</xs:sequence></xs:complexType></xs:element>\n"
        (tmp_path / f"chain{n}.xsd").write_text(schema(f"urn:chain:{n}", body, extra), encoding="utf-8")

    report = check([str(tmp_path / "chain0.xsd")], rules=[])
    schema_set = load_schema_set([str(tmp_path / "chain0.xsd")])

    assert len(report.inputs) == 400 and not report.findings
    assert compile_schema_set(schema_set).errors == []
    prefixes = preferred_prefixes(schema_set)
    # each file binds next: before tns: (prefixes are taken in name order): the namespace it imports is named first
    assert [prefixes[f"urn:chain:{n}"] for n in range(400)] == ["tns", "next"] + [f"next{n}" for n in range(2, 400)]


# --- many compile errors ----------------------------------------------------------------------------------------


def test_two_thousand_compile_errors_walk_the_document_once_and_each_names_its_start_tag(tmp_path):
    body = "".join(
        f'  <xs:simpleType name="Code{n}"><xs:restriction base="xs:string"><xs:maxLength\n'
        f'      value="many"/></xs:restriction></xs:simpleType>\n'
        for n in range(2000)
    )
    path = tmp_path / "errors.xsd"
    path.write_text(schema("urn:errors", body), encoding="utf-8")
    schema_set = load_schema_set([str(path)])
    (document,) = schema_set.documents.values()
    root = CountedRoot(document.root)
    document.root = root  # type: ignore[assignment]

    errors = compile_schema_set(schema_set).errors

    text = path.read_text(encoding="utf-8")
    start_tags = [n for n, line in enumerate(text.splitlines(), start=1) if "<xs:maxLength" in line]
    assert len(errors) == 2000 and [e.line for e in errors] == start_tags
    assert all("'many'" in e.message for e in errors)
    assert root.walks <= 1


# --- many findings in one specification table, in many tables and sections -------------------------------------


SPEC = "spec.md"


def _location(section: str, table: int | None = None, row: int | None = None) -> Location:
    return Location(SPEC, section=section, table=table, row=row)


def _finding(where: Location, n: int) -> Finding:
    return Finding("SP201", Severity.ERROR, f"item {n} is not defined", f"Item{n}", where)


def _page(spec: Spec, findings: list[Finding]) -> html_data.CheckPage:
    report = Report(inputs=[{"path": SPEC, "kind": "specification"}], findings=findings, material=Material([spec]))
    return html_data.check_page(report)


def test_a_finding_in_each_of_three_thousand_rows_shows_its_own_row_and_scans_the_table_once():
    section = Section("3.8.1.2", "Specific Data Items", 4, _location("3.8.1.2"))
    rows = WalkedRows(Row(n, (f"Item{n}", f"item {n}"), _location("3.8.1.2", 1, n)) for n in range(1, 3001))
    table = Table(1, section, DATA_ITEMS, ("Data Item", "Description"), {"item": 0}, rows, _location("3.8.1.2", 1))
    spec = Spec(SPEC, sections=Walked([section]), tables=Walked([table]))
    findings = [_finding(row.location, row.index) for row in rows]
    rows.walks = 0

    page = _page(spec, findings)

    shown = {view.subject: view.evidence.table for view in page.findings}
    assert len(shown) == 3000
    for n in range(1, 3001):
        view = shown[f"Item{n}"]
        assert view is not None and view.caption == "§3.8.1.2 Specific Data Items, table 1"
        assert [(r.number, r.cells, r.marked) for r in view.rows] == [(n, (f"Item{n}", f"item {n}"), True)]
    assert rows.walks <= 1 and spec.tables.walks <= 1 and spec.sections.walks <= 1


def test_findings_in_a_thousand_sections_show_their_own_paragraphs_and_read_the_document_once():
    sections = Walked(Section(f"3.8.{n}", f"Service {n}", 3, _location(f"3.8.{n}")) for n in range(1, 1001))
    paragraphs = Walked(
        Paragraph(f"{text} of section {s.number}", s, Location(SPEC, line=None, section=s.number, row=k))
        for s in sections
        for k, text in enumerate(("first", "second"))
    )
    spec = Spec(SPEC, sections=sections, paragraphs=paragraphs)
    at_paragraph = [_finding(Location(SPEC, section=f"3.8.{n}", row=1), n) for n in range(1, 1001)]
    in_section = [_finding(_location(f"3.8.{n}"), 1000 + n) for n in range(1, 1001)]
    sections.walks = paragraphs.walks = 0

    page = _page(spec, at_paragraph + in_section)

    shown = {view.subject: view.evidence for view in page.findings}
    for n in range(1, 1001):
        assert shown[f"Item{n}"].paragraphs == (f"second of section 3.8.{n}",)
        assert shown[f"Item{1000 + n}"].paragraphs == (f"first of section 3.8.{n}", f"second of section 3.8.{n}")
        assert shown[f"Item{1000 + n}"].heading == f"3.8.{n} Service {n}"
    assert paragraphs.walks <= 2 and sections.walks <= 1


def test_where_a_document_has_two_of_a_name_the_evidence_shows_the_first():
    """Two sections numbered alike, two tables of one index, two rows of one number, and five paragraphs at one
    place: the first section and table, both rows, the first three paragraphs (as a scan of the document gives)."""
    first = Section("3.1", "First", 2, _location("3.1"))
    second = Section("3.1", "Second", 2, Location(SPEC, line=9, section="3.1"))
    rows = (Row(1, ("a",), _location("3.1", 1, 1)), Row(1, ("b",), _location("3.1", 1, 1)))
    tables = [
        Table(1, first, DATA_ITEMS, ("Data Item",), {"item": 0}, rows, _location("3.1", 1)),
        Table(1, second, DATA_ITEMS, ("Other",), {"item": 0}, (), _location("3.1", 1)),
    ]
    paragraphs = [Paragraph(f"p{k}", first, _location("3.1")) for k in range(5)]
    spec = Spec(SPEC, sections=[first, second], tables=tables, paragraphs=paragraphs)

    page = _page(spec, [_finding(_location("3.1", 1, 1), 1), _finding(_location("3.1"), 2)])

    in_table, in_section = (view.evidence for view in sorted(page.findings, key=lambda v: v.subject))
    assert in_table.heading == "3.1 First" and in_table.table is not None
    assert in_table.table.header == ("Data Item",) and [r.cells for r in in_table.table.rows] == [("a",), ("b",)]
    assert in_section.paragraphs == ("p0", "p1", "p2")


# --- many findings overall, in every format ---------------------------------------------------------------------


N_FINDINGS = 1500


@pytest.fixture(scope="module")
def many_findings(tmp_path_factory) -> Report:
    """1,500 XS202 findings, each with a related location and its own type as subject."""
    folder = tmp_path_factory.mktemp("findings")
    body = "".join(
        f'  <xs:element name="Item{n}" type="tns:Code{n}"/>\n'
        f'  <xs:simpleType name="Code{n}"><xs:restriction base="xs:string"><xs:enumeration value="A{n}"/>'
        f'<xs:enumeration value="A{n}"/></xs:restriction></xs:simpleType>\n'
        for n in range(N_FINDINGS)
    )
    path = folder / "findings.xsd"
    path.write_text(schema("urn:findings", body), encoding="utf-8")
    from duislint.rules import get_rule

    rule = get_rule("XS202")
    assert rule is not None
    return check([str(path)], rules=[rule])


def test_findings_with_subjects_of_their_own_search_the_graph_once(many_findings):
    graph = many_findings.material.graph
    graph.nodes = CountedNodes(graph.nodes)

    page = html_data.check_page(many_findings)

    assert len(page.findings) == N_FINDINGS
    named = {view.subject: view.neighbourhood for view in page.findings}
    for n in range(N_FINDINGS):
        (node,) = named[f"tns:Code{n}=A{n}"]
        assert node.name == f"tns:Code{n}=A{n}" and {e.name for e in node.uses} == {f"tns:Code{n}"}
    assert graph.nodes.walks <= 2


def test_the_reports_node_index_answers_as_the_graph_does():
    report = check([str(ROOT / "schemas" / "demo")], rules=[])
    graph = report.material.graph
    index = html_data._NodeNames(graph)
    queries = {"", "nothing:Such", " sr:Request ", "ra:", ":"}
    for node in graph.nodes.values():
        bare = node.label.split(":", 1)[-1]
        queries.update((node.id, node.label, bare, f"sr:{bare}", f"ra:{bare}", f"xs:{bare}"))

    assert len(graph.nodes) > 100
    for query in sorted(queries):
        assert index.find(query) == graph.find(query), query


def test_every_format_reports_every_one_of_many_findings(many_findings):
    options = formats.Options(root=Path.cwd())

    def rendered(name: str) -> str:
        return formats.render_check(name, many_findings, options)

    text = rendered("text")
    assert sum(" XS202 " in line for line in text.splitlines()) == N_FINDINGS
    assert len(json.loads(rendered("json"))["findings"]) == N_FINDINGS
    assert len(json.loads(rendered("sarif"))["runs"][0]["results"]) == N_FINDINGS
    cases = etree.fromstring(rendered("junit").encode()).findall(".//testcase[@classname='duislint.XS202']")
    assert len(cases) == N_FINDINGS
    assert sum(line.startswith("::error ") for line in rendered("github").splitlines()) == N_FINDINGS
    assert f"### duislint: {N_FINDINGS} findings" in rendered("markdown")
    assert len(re.findall(r'<tbody class="item" id="f-', rendered("html"))) == N_FINDINGS

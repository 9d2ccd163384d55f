"""The data an HTML report lays out, prepared apart from its template (as coverage.py prepares its HTML index):
frozen dataclasses of plain strings and numbers, built from the sorted, fingerprinted findings (or the sorted
changes of a diff) and what the run read (`duislint.material.Material`).

Nothing here is HTML: schema and specification text is carried as it was read, and the template's autoescape is
the one place that escapes it. Anchors are made here from fingerprints and counters only, never from input text,
so every link in a report is `#` plus `[A-Za-z0-9_-]`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from duislint import __version__
from duislint.diff.report import IMPACT_TITLES, IMPACTS, DiffReport, DiffSide
from duislint.diff.report import BrokenMessage as DiffBrokenMessage
from duislint.findings import Finding, Location, Report, Severity
from duislint.report.locations import spec_position
from duislint.rules import Impact

if TYPE_CHECKING:
    from duislint.graph import Node, RefGraph
    from duislint.material import Material
    from duislint.spec.model import Row, Section, Spec, Table

CONTEXT = 3  # lines either side of a finding's line
RELATED_CONTEXT = 2  # ... of a related location's line
MAX_LINE = 240  # characters of a source line shown; the rest elided
MAX_TABLE_ROWS = 12  # rows of a table shown when a finding names the whole table
MAX_RELATED = 8  # related locations shown with their evidence
MAX_PARAGRAPHS = 3  # paragraphs of a specification section shown
NEIGHBOURS = 5  # entries of "used by" and "uses" shown per graph node
MAX_NODES = 2  # graph nodes a subject may name (a twin pair names two)
SEVERITIES = tuple(s.value for s in Severity)
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")

LinesOf = Callable[[str], "Sequence[str] | None"]


# --- the data ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One numbered line of a source file shown as evidence, marked when it is the line the location names."""

    number: int
    text: str
    marked: bool = False


@dataclass(frozen=True, slots=True)
class TableRowView:
    """One data row of a specification table shown as evidence, marked when it is the row the location names."""

    number: int  # 1-based among the data rows, as findings count them
    cells: tuple[str, ...]
    marked: bool = False


@dataclass(frozen=True, slots=True)
class TableView:
    """A specification table shown as evidence: its caption, its header and the rows shown."""

    caption: str  # e.g. "§3.8.5.2 Specific Data Items, table 13"
    header: tuple[str, ...]
    rows: tuple[TableRowView, ...]
    more: int = 0  # rows left out


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a location shows: source lines with its line marked, a specification table with its row marked, or
    the paragraphs of a section; just its label when none of these is at hand (a .docx position outside a table)."""

    anchor: str
    label: str
    lines: tuple[SourceLine, ...] = ()
    table: TableView | None = None
    heading: str = ""  # the specification section's number and title
    paragraphs: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        return bool(self.lines or self.table or self.paragraphs)


@dataclass(frozen=True, slots=True)
class Related:
    """One of a finding's related locations: its label, where its link leads, and its evidence when shown here."""

    label: str
    href: str  # another finding at that place, else this related location's evidence in the same finding
    evidence: Evidence | None


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One entry of a graph node's "used by" or "uses" list: the relation, the other node's kind and name, and where."""

    relation: str
    kind: str
    name: str
    at: str


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """A graph node a finding's subject names, with the first few of what uses it and of what it uses."""

    name: str
    kind: str
    defined: str  # file:line, or "" when not defined in the set
    used_by: tuple[Neighbour, ...]
    uses: tuple[Neighbour, ...]
    used_by_more: int = 0
    uses_more: int = 0


@dataclass(frozen=True, slots=True)
class RuleHelp:
    """A rule as a report explains it: summary, why it matters, a bad and a good example, and how often it occurs."""

    id: str
    name: str
    kind: str  # family of a check rule; "request / response" impacts of a change rule
    severity: str
    summary: str
    why: str
    bad: str
    good: str
    anchor: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as the HTML check report shows it: rule, severity, message, place, evidence and graph neighbours."""

    anchor: str
    order: int  # document order (the findings list is sorted once, in findings.py)
    rule: str
    rule_name: str
    family: str
    severity: str
    rank: int
    message: str
    subject: str
    suggestion: str
    fix: str  # "safe: set Mandatory to 'No'", or "" for a finding with no fix
    fingerprint: str
    path: str
    line: int | None
    section: str
    where: str  # "137", "§3.8.5.2 table 13 row 2"
    place: str  # the file's name and where: "DUIS Schema V5.4.xsd:137", "Spec.docx §3.8.5.2 table 13 row 2"
    file_anchor: str
    help_anchor: str
    evidence: Evidence
    beside: Evidence | None  # for a specification row: the schema line it disagrees with
    related: tuple[Related, ...]
    neighbourhood: tuple[Neighbourhood, ...]


@dataclass(frozen=True, slots=True)
class InputView:
    """One input file as a report lists it: path, kind, namespace, version, SHA-256 and its number of findings."""

    anchor: str
    path: str
    kind: str
    namespace: str
    version: str
    sha256: str
    findings: int


@dataclass(frozen=True, slots=True)
class CountRow:
    """One row of a count table: a rule or rule family, and its findings per severity."""

    label: str
    counts: tuple[int, ...]  # in the order of `columns` of the table it is in
    total: int
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class StaleEntry:
    """A baseline entry that matches no current finding: its rule, subject and file (and section)."""

    rule: str
    subject: str
    where: str


@dataclass(frozen=True, slots=True)
class BaselineView:
    """The baseline a run used: its path, how many findings it hid, and its stale entries."""

    path: str
    baselined: int
    stale: tuple[StaleEntry, ...]


@dataclass(frozen=True, slots=True)
class CheckPage:
    """Everything the HTML report of `duislint check` shows: the inputs, the counts, the findings and rule help."""

    title: str
    version: str
    inputs: tuple[InputView, ...]
    severities: tuple[str, ...]
    totals: dict[str, int]
    total: int
    by_family: tuple[CountRow, ...]
    by_rule: tuple[CountRow, ...]
    findings: tuple[FindingView, ...]  # errors first, then warnings, then info; document order within each
    rules: tuple[RuleHelp, ...]
    files: tuple[str, ...]  # filter choices
    sections: tuple[str, ...]
    baseline: BaselineView | None = None
    incomplete: tuple[str, ...] = ()  # why the run checked less than it was asked to
    # what the run did not check without failing: schema rules not run (no schema PATH), references into documents
    # not given
    notes: tuple[str, ...] = ()
    fixable: dict[str, int] = field(default_factory=lambda: {"safe": 0, "unsafe": 0})


# --- check ------------------------------------------------------------------------------------------------------


def check_page(report: Report) -> CheckPage:
    from duislint.rules import get_rule

    material = report.material
    lines_of: LinesOf = material.lines if material is not None else (lambda _path: None)
    shown = report.shown()
    at_location: dict[Location, str] = {}
    for finding, fingerprint in shown:
        at_location.setdefault(finding.location, _finding_anchor(fingerprint))
    files = _unique(i["path"] for i in report.inputs)
    file_anchors = {path: f"input-{n}" for n, path in enumerate(files, start=1)}
    neighbourhoods = _Neighbourhoods(getattr(material, "graph", None))
    specs = _Specs(material)
    views = []
    for order, (finding, fingerprint) in enumerate(shown, start=1):
        rule = get_rule(finding.rule)
        anchor = _finding_anchor(fingerprint)
        evidence = _evidence(finding.location, f"{anchor}-at", specs, lines_of, CONTEXT)
        related, beside = _related(finding.related, anchor, evidence, at_location, specs, lines_of)
        views.append(
            FindingView(
                anchor=anchor,
                order=order,
                rule=finding.rule,
                rule_name=rule.name if rule else "",
                family=rule.family if rule else "other",
                severity=finding.severity.value,
                rank=finding.severity.rank,
                message=finding.message,
                subject=finding.subject,
                suggestion=finding.suggestion or "",
                fix=f"{finding.fix.applicability.value}: {finding.fix.description}" if finding.fix else "",
                fingerprint=fingerprint,
                path=finding.location.path,
                line=finding.location.line,
                section=finding.location.section or "",
                where=_where(finding.location),
                place=_place(finding.location),
                file_anchor=file_anchors.get(finding.location.path, ""),
                help_anchor=_help_anchor(finding.rule),
                evidence=evidence,
                beside=beside,
                related=related,
                neighbourhood=neighbourhoods.of(finding.subject, (finding.location, *finding.related)),
            )
        )
    per_file = Counter(v.path for v in views)
    inputs = tuple(
        InputView(
            file_anchors[i["path"]],
            i["path"],
            i.get("kind", ""),
            i.get("namespace", ""),
            i.get("version", ""),
            i.get("sha256", ""),
            per_file.get(i["path"], 0),
        )
        for i in _unique_inputs(report.inputs)
    )
    rule_counts = Counter(v.rule for v in views)
    rules = tuple(_rule_help(get_rule(rule_id), rule_id, count) for rule_id, count in sorted(rule_counts.items()))
    totals = report.summary()
    return CheckPage(
        title=_title(report),
        version=__version__,
        inputs=inputs,
        severities=SEVERITIES,
        totals=totals,
        total=len(views),
        by_family=_count_rows(views, lambda v: v.family),
        by_rule=tuple(
            CountRow(f"{r.id} {r.name}".strip(), row.counts, row.total, r.anchor)
            for r, row in zip(rules, _count_rows(views, lambda v: v.rule), strict=True)
        ),
        findings=tuple(sorted(views, key=lambda v: (-v.rank, v.order))),  # as the page opens: errors first
        rules=rules,
        files=tuple(sorted({v.path for v in views})),
        sections=tuple(sorted({v.section for v in views if v.section}, key=_section_key)),
        baseline=_baseline(report),
        incomplete=tuple(report.incomplete),
        notes=_notes(report),
        fixable=report.fixable(),
    )


def _notes(report: Report) -> tuple[str, ...]:
    notes = [f"Not checked: {item}." for item in report.unchecked]
    if report.not_run:
        notes.insert(0, f"Not run: {len(report.not_run)} schema rule(s), the run had no schema PATH "
                        f"({', '.join(report.not_run)}).")  # fmt: skip
    return tuple(notes)


def _title(report: Report) -> str:
    schemas = [i for i in report.inputs if i.get("kind") == "xsd"]
    versions = sorted({i.get("version", "") for i in schemas if i.get("version")})
    folders = _unique(os.path.dirname(i["path"]) or "." for i in schemas)
    where = ", ".join(folders[:2]) + (" ..." if len(folders) > 2 else "")
    return f"{where} (schema version {', '.join(versions)})" if versions else where or "duislint"


def _count_rows(views: list[FindingView], key: Callable[[FindingView], str]) -> tuple[CountRow, ...]:
    counts: dict[str, Counter] = {}
    for view in views:
        counts.setdefault(key(view), Counter())[view.severity] += 1
    return tuple(
        CountRow(label, tuple(c[s] for s in SEVERITIES), sum(c.values())) for label, c in sorted(counts.items())
    )


def _baseline(report: Report) -> BaselineView | None:
    if report.baseline is None:
        return None
    stale = tuple(
        StaleEntry(
            e.get("rule", ""),
            e.get("subject", ""),
            e.get("file", "") + (f" §{e['section']}" if e.get("section") else ""),
        )
        for e in report.baseline.stale
    )
    return BaselineView(report.baseline.path, report.baseline.baselined, stale)


def _rule_help(rule, rule_id: str, count: int) -> RuleHelp:  # noqa: ANN001 - rules.Rule or None
    if rule is None:
        return RuleHelp(rule_id, "", "other", "", "", "", "", "", _help_anchor(rule_id), count)
    kind = rule.family if rule.severity is not None else str(rule.impacts)
    severity = rule.severity.value if rule.severity is not None else ""
    return RuleHelp(rule.id, rule.name, kind, severity, rule.summary, rule.why, rule.bad, rule.good,
                    _help_anchor(rule.id), count)  # fmt: skip


def _related(locations, anchor: str, evidence: Evidence, at_location: dict[Location, str],  # noqa: ANN001
             specs: _Specs, lines_of: LinesOf) -> tuple[tuple[Related, ...], Evidence | None]:  # fmt: skip
    """Each related location links to the finding at that place if there is one, else to its own evidence here.
    A specification row's first related schema line is shown beside the row (and linked, not repeated)."""
    related: list[Related] = []
    beside: Evidence | None = None
    for n, where in enumerate(locations, start=1):
        own = f"{anchor}-r{n}"
        shown = _evidence(where, own, specs, lines_of, RELATED_CONTEXT) if n <= MAX_RELATED else None
        if evidence.table is not None and beside is None and shown is not None and shown.lines:
            beside, shown = shown, None
            target = own
        else:
            target = at_location.get(where, "")
            target = target if target and target != anchor else (own if shown is not None and shown.shown else "")
        related.append(Related(str(where), f"#{target}" if target else "", shown if shown and shown.shown else None))
    return tuple(related), beside


# --- evidence ---------------------------------------------------------------------------------------------------


def _evidence(where: Location, anchor: str, specs: _Specs, lines_of: LinesOf, context: int) -> Evidence:
    label = str(where)
    spec = specs.of(where.path)
    if spec is not None and (where.table is not None or where.section):
        return _spec_evidence(spec, where, anchor, label)
    lines = lines_of(where.path) if where.line else None
    if lines and where.line and 0 < where.line <= len(lines):
        return Evidence(anchor, label, _excerpt(lines, where.line, context))
    return Evidence(anchor, label)


def _excerpt(lines: Sequence[str], line: int, context: int) -> tuple[SourceLine, ...]:
    first, last = max(1, line - context), min(len(lines), line + context)
    return tuple(SourceLine(n, _clip(lines[n - 1]), n == line) for n in range(first, last + 1))


def _clip(text: str) -> str:
    text = text.rstrip("\r\n")
    return text if len(text) <= MAX_LINE else text[:MAX_LINE] + " …"


def _spec_evidence(spec: _SpecIndex, where: Location, anchor: str, label: str) -> Evidence:
    section = spec.section(where.section) if where.section else None
    heading = f"{section.number} {section.title}".strip() if section else (f"§{where.section}" if where.section else "")
    table = spec.table(where.table) if where.table is not None else None
    if table is not None:
        title = f"{table.section.number} {table.section.title}".strip() if table.section else ""
        caption = f"§{title}, table {table.index}" if title else f"table {table.index}"
        if where.row is not None:
            rows = spec.rows(table, where.row)
        else:
            rows = list(table.rows[:MAX_TABLE_ROWS])
        view = TableView(
            caption,
            tuple(_clip(h) for h in table.header),
            tuple(TableRowView(r.index, tuple(_clip(c) for c in r.cells), r.index == where.row) for r in rows),
            0 if where.row is not None else max(0, len(table.rows) - MAX_TABLE_ROWS),
        )
        return Evidence(anchor, label, table=view, heading=heading)
    paragraphs = spec.paragraphs_at(where)
    if not paragraphs and section is not None:
        paragraphs = spec.paragraphs_in(section)
    return Evidence(anchor, label, heading=heading, paragraphs=tuple(_clip(p) for p in paragraphs[:MAX_PARAGRAPHS]))


class _Specs:
    """The specifications a run read, each indexed on first use (`_SpecIndex`), by the path reports show."""

    def __init__(self, material: Material | None) -> None:
        self._material = material
        self._indexed: dict[str, _SpecIndex | None] = {}

    def of(self, path: str) -> _SpecIndex | None:
        if path not in self._indexed:
            spec = self._material.spec(path) if self._material is not None else None
            self._indexed[path] = _SpecIndex(spec) if spec is not None else None
        return self._indexed[path]


class _SpecIndex:
    """A specification's sections, tables, rows and paragraphs by what a location names, each built on first use:
    a finding's evidence is then a lookup, where a scan of the document per finding made a table with a finding
    in each of its 50,000 rows take minutes. Where the document has two of a name, the first counts (as
    `Spec.section` has it); a location's paragraphs are in document order, the first few only (all a report shows)."""

    def __init__(self, spec: Spec) -> None:
        self._spec = spec
        self._sections: dict[str, Section] | None = None
        self._tables: dict[int, Table] | None = None
        self._rows: dict[int, dict[int, list[Row]]] = {}  # table index -> row index -> rows
        self._at: dict[Location, list[str]] | None = None
        self._in: dict[Section, list[str]] | None = None

    def section(self, number: str) -> Section | None:
        if self._sections is None:
            self._sections = {}
            for section in self._spec.sections:
                self._sections.setdefault(section.number, section)
            # in a document of the Code a location names a clause, a paragraph: the heading above it shows
            for paragraph in self._spec.paragraphs if self._spec.document is not None else ():
                if paragraph.section is not None and paragraph.location.section:
                    self._sections.setdefault(paragraph.location.section, paragraph.section)
        return self._sections.get(number)

    def table(self, index: int) -> Table | None:
        if self._tables is None:
            self._tables = {}
            for table in self._spec.tables:
                self._tables.setdefault(table.index, table)
        return self._tables.get(index)

    def rows(self, table: Table, index: int) -> list[Row]:
        """The rows numbered `index` of a table `table()` gave (one, unless a reader numbered two alike)."""
        if table.index not in self._rows:
            by_index: dict[int, list[Row]] = {}
            for row in table.rows:
                by_index.setdefault(row.index, []).append(row)
            self._rows[table.index] = by_index
        return self._rows[table.index].get(index, [])

    def paragraphs_at(self, where: Location) -> list[str]:
        if self._at is None:
            self._at = {}
            for paragraph in self._spec.paragraphs:
                _keep_first(self._at.setdefault(paragraph.location, []), paragraph.text)
        return self._at.get(where, [])

    def paragraphs_in(self, section: Section) -> list[str]:
        if self._in is None:
            self._in = {}
            for paragraph in self._spec.paragraphs:
                if paragraph.section is not None:
                    _keep_first(self._in.setdefault(paragraph.section, []), paragraph.text)
        return self._in.get(section, [])


def _keep_first(texts: list[str], text: str) -> None:
    if len(texts) < MAX_PARAGRAPHS:
        texts.append(text)


# --- the reference graph ----------------------------------------------------------------------------------------


class _Neighbourhoods:
    """What uses a finding's subject and what it uses. The subject is looked up as RefGraph.find looks it up (a twin
    pair sr:X~ra:X names both); a subject the graph does not name (a spec's data item) by the schema line the finding
    or its related locations point at. Nodes are indexed by name once, and each node is described once, however many
    findings name it: ten thousand findings with subjects of their own would otherwise walk every node each."""

    def __init__(self, graph) -> None:  # noqa: ANN001 - graph.RefGraph or None
        self.graph = graph
        self._seen: dict[tuple, tuple[Neighbourhood, ...]] = {}
        self._at: dict[tuple[str, int], list] | None = None
        self._found: dict[str, list] = {}
        self._names: _NodeNames | None = None
        self._described: dict[str, Neighbourhood] = {}

    def of(self, subject: str, locations: tuple[Location, ...]) -> tuple[Neighbourhood, ...]:
        if self.graph is None or not self.graph.nodes:
            return ()
        key = (subject, locations)
        if key not in self._seen:
            nodes = [n for name in subject.split("~") if name for n in self._find(name)]
            if not nodes:
                nodes = [n for where in locations if where.line for n in self._defined_at(where.path, where.line)]
            self._seen[key] = tuple(self._describe_once(node) for node in _unique(nodes)[:MAX_NODES])
        return self._seen[key]

    def _find(self, name: str) -> list:
        if name not in self._found:
            if self._names is None:
                self._names = _NodeNames(self.graph)
            self._found[name] = [n for n in self._names.find(name) if n.kind != "comment"]
        return self._found[name]

    def _defined_at(self, path: str, line: int) -> list:
        if self._at is None:
            self._at = {}
            for node in sorted(self.graph.nodes.values(), key=lambda n: n.id):
                if node.source is not None and node.kind not in ("comment", "enumeration"):
                    self._at.setdefault((node.source.path, node.source.line), []).append(node)
        return self._at.get((path, line), [])

    def _describe_once(self, node) -> Neighbourhood:  # noqa: ANN001 - graph.Node
        if node.id not in self._described:
            self._described[node.id] = self._describe(node)
        return self._described[node.id]

    def _describe(self, node) -> Neighbourhood:  # noqa: ANN001 - graph.Node
        from duislint.report.refs_view import describe

        described = describe(self.graph, node)

        used_by = [Neighbour(r["relation"], r["kind"], r["name"], r["at"]) for r in described["used_by"]]
        uses = [Neighbour(r["relation"], r["kind"], r["name"], r["at"]) for r in described["uses"]]
        return Neighbourhood(
            node.label,
            node.kind,
            described["defined"] or "",
            tuple(used_by[:NEIGHBOURS]),
            tuple(uses[:NEIGHBOURS]),
            max(0, len(used_by) - NEIGHBOURS),
            max(0, len(uses) - NEIGHBOURS),
        )


class _NodeNames:
    """RefGraph.find as an index, built in one walk of the nodes: the nodes whose id or label is a name, else those
    whose label is the name once the prefix is dropped (sr:X finds ra:X), sorted by id. tests/test_scaling.py holds
    it to RefGraph.find's answers."""

    def __init__(self, graph: RefGraph) -> None:
        self._exact: dict[str, dict[str, Node]] = {}  # name -> node id -> node
        self._bare: dict[str, dict[str, Node]] = {}
        for node in graph.nodes.values():
            self._exact.setdefault(node.label, {})[node.id] = node
            self._exact.setdefault(node.id, {})[node.id] = node
            self._bare.setdefault(node.label.split(":", 1)[-1], {})[node.id] = node

    def find(self, text: str) -> list[Node]:
        wanted = text.strip()
        found = self._exact.get(wanted) or self._bare.get(wanted.split(":", 1)[-1], {})
        return [found[node_id] for node_id in sorted(found)]


# --- diff -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SideView:
    """One side of a diff as the report names it: its label (a folder, a file or REV:PATH), its inputs and the
    text of its schema files (by the paths reports show: REV:PATH for a git side)."""

    label: str
    inputs: tuple[InputView, ...]
    lines: dict[str, Sequence[str]] = field(default_factory=dict)


def _side_view(side: DiffSide, prefix: str) -> SideView:
    inputs = tuple(
        InputView(f"{prefix}-input-{n}", i["path"], i.get("kind", ""), i.get("namespace", ""), i.get("version", ""),
                  i.get("sha256", ""), 0)
        for n, i in enumerate(side.inputs, start=1)
    )  # fmt: skip
    return SideView(side.label, inputs, side.lines)


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One change as the HTML diff report shows it: what changed, its impact, rule and direction, with the old
    and new lines."""

    anchor: str
    order: int
    kind: str
    component: str
    subject: str
    impact: str
    rank: int
    rule: str
    rule_name: str
    help_anchor: str
    direction: str
    detail: str
    old: Evidence | None
    new: Evidence | None
    basis: str = ""
    parts: tuple[str, ...] = ()  # "BR102 element sr:X/B removed"
    witness: WitnessView | None = None


@dataclass(frozen=True, slots=True)
class WitnessView:
    """A witness as the page shows it: which side accepts it, where it is rooted, and its XML."""

    valid: str
    invalid: str
    root: str
    xml: str
    checked: bool


def _witness_view(witness) -> WitnessView | None:  # noqa: ANN001 - diff.semantic.Witness
    if witness is None:
        return None
    other = "old" if witness.valid_under == "new" else "new"
    return WitnessView(witness.valid_under, other, witness.root, witness.xml, witness.checked)


@dataclass(frozen=True, slots=True)
class ComponentGroup:
    """The changes of one impact class to one kind of component (e.g. every breaking enumeration-value change)."""

    anchor: str
    component: str
    changes: tuple[ChangeView, ...]


@dataclass(frozen=True, slots=True)
class ImpactGroup:
    """The changes of one impact class (breaking, potentially breaking, non-breaking), by kind of component."""

    anchor: str
    impact: str
    title: str
    count: int
    components: tuple[ComponentGroup, ...]


@dataclass(frozen=True, slots=True)
class FindingLine:
    """A finding the uplift fixes or introduces, as one line of the diff report."""

    rule: str
    severity: str
    subject: str
    message: str
    where: str


@dataclass(frozen=True, slots=True)
class BrokenMessage:
    """A sample message valid under the old schemas that the new ones reject, with the new schemas' errors."""

    path: str
    errors: tuple[tuple[str, str, str], ...]  # line, element, message


@dataclass(frozen=True, slots=True)
class DiffPage:
    """Everything the HTML report of `duislint diff` shows: the two sides, the changes by impact, rule help, and the
    findings and sample messages the uplift fixes or breaks."""

    title: str
    version: str
    old: SideView
    new: SideView
    impacts: tuple[str, ...]
    totals: dict[str, int]
    total: int
    groups: tuple[ImpactGroup, ...]
    components: tuple[str, ...]
    rules: tuple[RuleHelp, ...]
    fixed: tuple[FindingLine, ...] | None = None
    introduced: tuple[FindingLine, ...] | None = None
    messages_checked: int | None = None
    messages_broken: tuple[BrokenMessage, ...] = ()
    incomplete: tuple[str, ...] = ()  # why the diff compared less than it was asked to
    notes: tuple[str, ...] = ()


def diff_page(report: DiffReport) -> DiffPage:
    from duislint.rules import get_rule

    old, new = _side_view(report.old, "old"), _side_view(report.new, "new")
    impacts = tuple(i.value for i in IMPACTS)
    ordered = sorted(report.changes, key=lambda c: (-c.impact.rank, c.component, c.sort_key()))
    views: list[ChangeView] = []
    for order, change in enumerate(ordered, start=1):
        anchor = f"c-{order}"
        rule = get_rule(change.rule)
        views.append(
            ChangeView(
                anchor,
                order,
                change.kind,
                change.component,
                change.subject,
                change.impact.value,
                change.impact.rank,
                change.rule,
                rule.name if rule else "",
                _help_anchor(change.rule),
                change.direction.value,
                change.detail,
                _side_evidence(change.old, old, f"{anchor}-old"),
                _side_evidence(change.new, new, f"{anchor}-new"),
                change.basis_line,
                tuple(f"{p.rule} {p.detail}" for p in change.parts),
                _witness_view(change.witness),
            )
        )
    groups = []
    for impact in impacts:
        mine = [v for v in views if v.impact == impact]
        if not mine:
            continue
        components = tuple(
            ComponentGroup(f"g-{_safe(impact)}-{n}", component, tuple(v for v in mine if v.component == component))
            for n, component in enumerate(_unique(v.component for v in mine), start=1)
        )
        title = IMPACT_TITLES[Impact(impact)]
        groups.append(ImpactGroup(f"impact-{_safe(impact)}", impact, title, len(mine), components))
    rule_counts = Counter(v.rule for v in views)
    rules = tuple(_rule_help(get_rule(rule_id), rule_id, count) for rule_id, count in sorted(rule_counts.items()))
    findings, messages = report.findings, report.messages
    return DiffPage(
        title=f"{old.label} → {new.label}",
        version=__version__,
        old=old,
        new=new,
        impacts=impacts,
        totals=report.summary(),
        total=len(views),
        groups=tuple(groups),
        components=tuple(sorted({v.component for v in views})),
        rules=rules,
        fixed=_finding_lines(findings.fixed) if findings is not None else None,
        introduced=_finding_lines(findings.introduced) if findings is not None else None,
        messages_checked=messages.checked if messages is not None else None,
        messages_broken=_broken(messages.broken) if messages is not None else (),
        incomplete=tuple(report.incomplete),
    )


def _side_evidence(where: Location | None, side: SideView, anchor: str) -> Evidence | None:
    if where is None:
        return None
    return _evidence(where, anchor, _Specs(None), side.lines.get, CONTEXT)


def _finding_lines(items: Iterable[Finding]) -> tuple[FindingLine, ...]:
    return tuple(FindingLine(f.rule, f.severity.value, f.subject, f.message, str(f.location)) for f in items)


def _broken(items: Iterable[DiffBrokenMessage]) -> tuple[BrokenMessage, ...]:
    return tuple(
        BrokenMessage(item.path, tuple((str(e.line or "-"), e.path, e.message) for e in item.errors)) for item in items
    )


# --- helpers ----------------------------------------------------------------------------------------------------


def _finding_anchor(fingerprint: str) -> str:
    return f"f-{_safe(fingerprint)}"


def _help_anchor(rule_id: str) -> str:
    return f"help-{_safe(rule_id)}"


def _safe(text: str) -> str:
    return _UNSAFE.sub("-", text)


def _where(location: Location) -> str:
    parts = [str(location.line)] if location.line is not None else []
    position = spec_position(location)
    if position:
        parts.append(position)
    return " ".join(parts)


def _place(location: Location) -> str:
    name = location.path.replace("\\", "/").rsplit("/", 1)[-1]
    if location.line is not None:
        name += f":{location.line}"
    position = spec_position(location)
    return f"{name} {position}" if position else name


def _section_key(section: str) -> tuple:
    from duislint.findings import section_key

    return section_key(section)


def _unique(items: Iterable) -> list:  # noqa: ANN001
    return list(dict.fromkeys(items))


def _unique_inputs(inputs: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[str] = set()
    unique = []
    for item in inputs:
        if item["path"] not in seen:
            seen.add(item["path"])
            unique.append(item)
    return unique

"""JUnit XML for CI dashboards (Jenkins, GitLab, Azure DevOps): a view of the sorted, fingerprinted findings.

Layout, chosen for how those dashboards display tests:
- one <testsuite> per input file (its path as the report shows it), so a dashboard lists the checked files; a file
  without findings holds one passing test case, so a clean schema shows as passed rather than as nothing;
- one <testcase> per finding, classname `duislint.RULE` (Jenkins groups by it as package `duislint`, class RULE)
  and a name made of rule, subject and spec section (no line number: GitLab and Jenkins track a test's history
  by its name, which must not change when lines move); a second finding with the same name gets ` #2`;
- an error or warning is a <failure> (type = severity, message = the finding's message; its text gives
  file:line, section, suggestion, related locations and the rule's summary); an info finding passes and says
  itself in <system-out>, so it is visible without failing a dashboard that `--fail-on error` would pass.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TYPE_CHECKING

from duislint.findings import Finding, Report, Severity
from duislint.report.locations import repository_path, repository_root, spec_position
from duislint.rules import Impact, get_rule

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.report.formats import Options

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render_check(report: Report, options: Options) -> str:
    root = options.root or repository_root()
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for entry in report.inputs:
        by_file.setdefault(entry["path"], [])
    for finding in report.sorted_findings():
        by_file[finding.location.path].append(finding)

    suites = ET.Element("testsuites", name="duislint")
    totals = {"tests": 0, "failures": 0}
    for path in sorted(by_file):
        suite = ET.SubElement(suites, "testsuite", name=_clean(path))
        file_attr = _clean(repository_path(path, root) or path)
        failures = 0
        cases = by_file[path]
        if not cases:
            ET.SubElement(suite, "testcase", classname="duislint", name="no findings", file=file_attr)
        names: dict[str, int] = defaultdict(int)
        for finding in cases:
            name = _case_name(finding)
            names[name] += 1
            if names[name] > 1:
                name += f" #{names[name]}"
            case = ET.SubElement(suite, "testcase", classname=f"duislint.{finding.rule}", name=_clean(name))
            case.set("file", file_attr)
            if finding.location.line is not None:
                case.set("line", str(finding.location.line))
            if finding.severity is Severity.INFO:
                ET.SubElement(case, "system-out").text = _clean(_details(finding))
            else:
                failures += 1
                failure = ET.SubElement(case, "failure", message=_clean(finding.message), type=finding.severity.value)
                failure.text = _clean(_details(finding))
        tests = max(len(cases), 1)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        totals["tests"] += tests
        totals["failures"] += failures
    errors = _incomplete(suites, report.incomplete)
    suites.set("tests", str(totals["tests"] + errors))
    suites.set("failures", str(totals["failures"]))
    suites.set("errors", str(errors))
    suites.set("skipped", "0")
    if report.baseline is not None:
        baseline = report.baseline
        note = f" {baseline.baselined} finding(s) accepted by the baseline {baseline.path}"
        note += f"; {len(baseline.stale)} of its entries no longer found " if baseline.stale else " "
        suites.insert(0, ET.Comment(_clean(note.replace("--", "- -"))))
    ET.indent(suites, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _incomplete(suites: ET.Element, reasons: list[str]) -> int:
    """A run that checked less than it was asked to is an error of its own (a dashboard shows it red)."""
    if not reasons:
        return 0
    suite = ET.SubElement(suites, "testsuite", name="duislint run", tests="1", failures="0", errors="1", skipped="0")
    case = ET.SubElement(suite, "testcase", classname="duislint.run", name="complete")
    error = ET.SubElement(case, "error", message=_clean(reasons[0]), type="incomplete")
    error.text = _clean("\n".join(reasons))
    return 1


def render_diff(report: DiffReport, options: Options) -> str:
    """One suite per impact; each change a test case (classname duislint.RULE), a breaking one a failure; a
    potentially breaking one passes and says itself in <system-out>, as an info finding does."""
    root = options.root or repository_root()
    suites = ET.Element("testsuites", name="duislint diff")
    totals = {"tests": 0, "failures": 0}
    for impact, group in report.by_impact():
        suite = ET.SubElement(suites, "testsuite", name=_clean(f"{impact}: {report.old.label} -> {report.new.label}"))
        names: dict[str, int] = defaultdict(int)
        failures = 0
        for change in group:
            name = f"{change.rule} {change.kind} {change.subject}"
            names[name] += 1
            if names[name] > 1:
                name += f" #{names[name]}"
            case = ET.SubElement(suite, "testcase", classname=f"duislint.{change.rule}", name=_clean(name))
            where = change.new or change.old
            if where is not None:
                case.set("file", _clean(repository_path(where.path, root) or where.path))
                if where.line is not None:
                    case.set("line", str(where.line))
            text = _clean(f"{where or ''}: {change.impact} ({change.direction}): {change.detail}")
            if Impact(change.impact) is Impact.BREAKING:
                failures += 1
                failure = ET.SubElement(case, "failure", message=_clean(change.detail), type=str(change.impact))
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
        suite.set("tests", str(len(group)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        totals["tests"] += len(group)
        totals["failures"] += failures
    if not report.changes:
        suite = ET.SubElement(suites, "testsuite", name="no changes", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", classname="duislint", name="no schema changes")
        totals["tests"] += 1
    errors = _incomplete(suites, report.incomplete)
    suites.set("tests", str(totals["tests"] + errors))
    suites.set("failures", str(totals["failures"]))
    suites.set("errors", str(errors))
    suites.set("skipped", "0")
    ET.indent(suites, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    del options, verb
    name = failure.path or "duislint"
    suites = ET.Element("testsuites", name="duislint", tests="1", failures="0", errors="1")
    suite = ET.SubElement(suites, "testsuite", name=_clean(name), tests="1", failures="0", errors="1")
    case = ET.SubElement(suite, "testcase", classname=f"duislint.{failure.kind.value}", name=_clean(f"read {name}"))
    error = ET.SubElement(case, "error", message=_clean(failure.message), type=failure.kind.value)
    error.text = _clean(f"duislint {failure.headline}: {failure.text}")
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _case_name(finding: Finding) -> str:
    name = f"{finding.rule} {finding.subject}"
    return f"{name} §{finding.location.section}" if finding.location.section else name


def _details(finding: Finding) -> str:
    where = finding.location
    place = f"{where.path}:{where.line}" if where.line is not None else where.path
    position = spec_position(where)
    if position:
        place += f" {position}"
    lines = [f"{place}: {finding.severity.value} {finding.rule} {finding.message}"]
    if finding.suggestion:
        lines.append(f"did you mean: {finding.suggestion}")
    for related in finding.related:
        lines.append(f"see also: {related}")
    rule = get_rule(finding.rule)
    if rule is not None:
        lines.append(f"{rule.id} {rule.name}: {rule.summary} (`duislint rules {rule.id}` explains it)")
    return "\n".join(lines)

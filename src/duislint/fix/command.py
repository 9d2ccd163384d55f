"""`duislint fix`: the findings' fixes written into a copy of the Word specification as tracked changes.

    duislint fix PATH --spec IN.docx [--spec matrix.json ...] -o OUT.docx [--unsafe-fixes] [--diff]
    duislint fix PATH --xsd (-o FOLDER | --write | --diff)

The run checks as `duislint check` does (the same rules, selection and configuration), then takes the fixes of the
findings located in the Word document given with --spec (the first .docx; the other --spec documents are read as
context: Section A's definitions, the matrix): the safe ones, and with --unsafe-fixes the unsafe ones too. Each is
written as a tracked change (author "duislint" or --author, a fixed date unless --date), and nothing else of the
document changes; a fix the document no longer reads as the finding saw it is refused, never guessed. --diff prints
what would change and writes nothing.

With --xsd the schema set's own fixes are made instead, as the smallest text edits (a raw space in a schemaLocation
percent-encoded), every other byte kept: into a copy of the set under -o FOLDER, or with --write in place.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from duislint.errors import UsageError
from duislint.findings import Finding
from duislint.fix.edits import AnyEdit, DeleteRow, InsertRowAfter, ReplaceCellText, TextEdit
from duislint.output import write_all
from duislint.reporting import Exit, say

if TYPE_CHECKING:
    from duislint.config import Config
    from duislint.findings import Report
    from duislint.lexicon import LexiconSettings
    from duislint.rules import Rule


def add_arguments(fix: argparse.ArgumentParser) -> None:
    fix.add_argument("paths", nargs="*", metavar="PATH",
                     help="the schema set the specification is checked against (an .xsd or a folder); none: only the "
                          "rules that need no schema")  # fmt: skip
    fix.add_argument("--spec", action="append", default=[], metavar="FILE",
                     help="the Word specification to fix (.docx; the first one given), and documents read as context "
                          "(Section A, the matrix); repeatable")  # fmt: skip
    fix.add_argument("-o", "--output", metavar="OUT",
                     help="where to write the redlined copy (a .docx; with --xsd a folder for the fixed schema set); "
                          "never over an input")  # fmt: skip
    fix.add_argument("--xsd", action="store_true",
                     help="fix the schema documents of PATH instead of a specification (-o FOLDER, or --write)")
    fix.add_argument("--write", action="store_true", help="with --xsd: edit the schema documents in place")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply the fixes a person must confirm (a missing row marked for completion, a clause "
                          "reference pointed at the nearest clause, one of several near names)")  # fmt: skip
    fix.add_argument("--diff", action="store_true",
                     help="print what would change (section, table, row, old -> new) and write nothing")
    fix.add_argument("--author", default=None, metavar="NAME", help='the tracked changes\' author (default "duislint")')
    fix.add_argument("--date", default=None, metavar="ISO",
                     help="the tracked changes' date, e.g. 2026-12-02T10:00:00Z (default: a fixed date, so that the "
                          "same input gives the same file)")  # fmt: skip
    fix.add_argument("--deprecated-term", action="append", default=None, metavar="TERM=INSTEAD",
                     help="a term to replace (default: fax=email, facsimile=email); repeatable")


def run(args: argparse.Namespace, rules: list[Rule], settings: Config, terms: dict[str, str] | None,
        lexicon: LexiconSettings) -> int:  # fmt: skip
    """`terms`: the deprecated terms (None: the default ones); `lexicon`: where the spelling rules' words come from."""
    if args.xsd:
        return _fix_schemas(args, rules, settings, terms, lexicon)
    if args.write:
        raise UsageError("duislint fix: --write edits schema documents in place (with --xsd); a Word specification "
                         "is fixed into a copy, -o OUT.docx")  # fmt: skip
    return _fix_word(args, rules, settings, terms, lexicon)


def _fix_word(args: argparse.Namespace, rules: list[Rule], settings: Config, terms: dict[str, str] | None,
              lexicon: LexiconSettings) -> int:  # fmt: skip
    from duislint.xsd.loader import display_path

    target = _target(args.spec or settings.spec)
    if not args.diff and not args.output:
        raise UsageError("duislint fix: give -o OUT.docx for the redlined copy, or --diff to see what would change")
    if args.output and Path(args.output).suffix.lower() != ".docx":
        raise UsageError(f"duislint fix: the redlined copy is a Word document: -o {args.output} should end in .docx")
    shown = display_path(target)
    findings = _checked(args, rules, settings, terms, lexicon).sorted_findings()
    planned, left_unsafe = _planned([f for f in findings if f.location.path == shown], args.unsafe_fixes)
    if args.diff:
        write_all([(None, render_diff(planned, shown, left_unsafe))])
        return Exit.CLEAN
    from duislint.fix import redline

    edits = [edit for finding in planned for edit in _edits(finding) if not isinstance(edit, TextEdit)]
    try:
        result = redline.apply(_read(target, shown), edits, author=args.author or redline.DEFAULT_AUTHOR,
                               date=args.date or redline.DEFAULT_DATE, display=shown)  # fmt: skip
    except ValueError as exc:
        raise UsageError(f"duislint fix: {exc}") from None
    write_all([(args.output, result.docx)])
    outcomes = {id(r.edit): r for r in result.results}  # an edit is one object, and its result names it
    fixed = 0
    for finding in planned:
        refused = [outcomes[id(e)] for e in _edits(finding) if not outcomes[id(e)].applied]
        fixed += not refused
        for outcome in refused:
            say(f"duislint: {finding.location}: {finding.rule} not fixed: {outcome.reason}")
    say(f"duislint: fixed {fixed} of {len(planned)} finding(s) in {display_path(args.output)} as tracked changes"
        f"{_more(left_unsafe)}")  # fmt: skip
    return Exit.CLEAN  # the copy is written; a refused fix is said above and its finding stays for a person


def _fix_schemas(args: argparse.Namespace, rules: list[Rule], settings: Config, terms: dict[str, str] | None,
                 lexicon: LexiconSettings) -> int:  # fmt: skip
    import os

    from duislint.fix.text_files import apply_text_edits

    if not args.paths:
        raise UsageError("duislint fix --xsd: give the schema set to fix (a folder or an .xsd)")
    if sum(map(bool, (args.output, args.write, args.diff))) != 1:
        raise UsageError("duislint fix --xsd: give one of -o FOLDER (a fixed copy of the set), --write (in place) "
                         "or --diff")  # fmt: skip
    report = _checked(args, rules, settings, terms, lexicon)
    ours = [f for f in report.sorted_findings() if f.fix is not None and all(isinstance(e, TextEdit) for e in _edits(f))]
    planned, left_unsafe = _planned(ours, args.unsafe_fixes)
    if args.diff:
        write_all([(None, render_diff(planned, "the schema set", left_unsafe))])
        return Exit.CLEAN
    read = {i["path"]: _read(i["path"], i["path"]) for i in report.inputs if i.get("kind") == "xsd"}
    fixed = apply_text_edits(read, [e for f in planned for e in _edits(f) if isinstance(e, TextEdit)])
    if args.write:
        write_all(list(fixed.files.items()), replace_inputs=True)
        where = "in place"
    else:
        base = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in read])
        write_all([(os.path.join(args.output, os.path.relpath(os.path.abspath(p), base)), fixed.files.get(p, data))
                   for p, data in read.items()])  # fmt: skip
        where = f"in a copy of the set under {args.output}"
    for result in fixed.results:
        if not result.applied:
            assert isinstance(result.edit, TextEdit)
            say(f"duislint: {result.edit.path}:{result.edit.line}: not fixed: {result.reason}")
    done = sum(r.applied for r in fixed.results)
    say(f"duislint: fixed {done} of {len(planned)} finding(s) in {len(fixed.files)} schema document(s) {where}"
        f"{_more(left_unsafe)}")  # fmt: skip
    return Exit.CLEAN


def _checked(args: argparse.Namespace, rules: list[Rule], settings: Config, terms: dict[str, str] | None,
             lexicon: LexiconSettings) -> Report:  # fmt: skip
    """The check `fix` fixes the findings of: as `check` runs it; an incomplete one fixes nothing."""
    from duislint import pipeline

    report = pipeline.check(args.paths, args.spec or settings.spec, rules, "accepted", terms, settings.severity,
                            lexicon=lexicon)  # fmt: skip
    if report.incomplete:
        raise UsageError(f"duislint fix: the check is incomplete ({report.incomplete[0]}); nothing was fixed")
    return report


def _planned(findings: list[Finding], unsafe_fixes: bool) -> tuple[list[Finding], int]:
    """The findings whose fixes the run applies (the safe ones; with --unsafe-fixes all), and how many it leaves."""
    fixable = [f for f in findings if f.fix is not None]
    planned = [f for f in fixable if f.fix is not None and (f.fix.safe or unsafe_fixes)]
    return planned, len(fixable) - len(planned)


def _edits(finding: Finding) -> tuple[AnyEdit, ...]:
    return finding.fix.edits if finding.fix is not None else ()


def _read(path: str, shown: str) -> bytes:
    from duislint.limits import read_file

    return read_file(path, shown)


def _more(left_unsafe: int) -> str:
    return f"; {left_unsafe} more with --unsafe-fixes" if left_unsafe else ""


def _target(specs: list[str]) -> str:
    words = [s for s in specs if Path(s).suffix.lower() == ".docx"]
    if not words:
        raise UsageError("duislint fix: give the Word specification to fix with --spec FILE.docx")
    return words[0]


def render_diff(planned: list[Finding], shown: str, left_unsafe: int) -> str:
    """What `fix` would change, one fix a block: where, the rule, what it does, and each edit old -> new."""
    lines = []
    for finding in planned:
        fix = finding.fix
        assert fix is not None
        lines.append(f"{finding.location}: {finding.rule} ({fix.applicability.value}) {fix.description}")
        lines.extend(f"    {_edit_line(edit)}" for edit in fix.edits)
    more = f" ({left_unsafe} more with --unsafe-fixes)" if left_unsafe else ""
    lines.append(f"{len(planned)} fix(es) would be written to a copy of {shown}{more}; nothing was written")
    return "\n".join(lines) + "\n"


def _edit_line(edit: AnyEdit) -> str:
    if isinstance(edit, DeleteRow):
        return f"table {edit.row.table} row {edit.row.row}: delete the row | {' | '.join(edit.expected)} |"
    if isinstance(edit, ReplaceCellText):
        return f"table {edit.cell.table} row {edit.cell.row} column {edit.cell.column + 1}: '{edit.old}' -> '{edit.new}'"
    if isinstance(edit, InsertRowAfter):
        return f"table {edit.row.table} after row {edit.row.row}: insert the row | {' | '.join(edit.cells)} |"
    if isinstance(edit, TextEdit):
        return f"{edit.path}:{edit.line}: '{edit.old}' -> '{edit.new}'"
    return f"'{edit.old}' -> '{edit.new}'"

"""`duislint diff OLD NEW`: load both sides, compare them, and with --spec/--messages what the uplift fixes,
introduces and breaks; one typed report (diff.report) that every format renders."""

from __future__ import annotations

import argparse
from collections import Counter
from contextlib import ExitStack
from typing import TYPE_CHECKING, Callable

from duislint import reporting
from duislint.diff.report import BrokenMessage, DiffReport, DiffSide, FindingsDelta, MessagesDelta
from duislint.output import Content, write_all
from duislint.reporting import Exit, Request

if TYPE_CHECKING:
    from duislint.diff.sources import SideSource
    from duislint.findings import Finding, Report
    from duislint.rules import Rule
    from duislint.schemas import Schemas

def run(args: argparse.Namespace, requests: list[Request], rules: list[Rule]) -> int:
    from duislint import schemas
    from duislint.diff.classify import side
    from duislint.diff.compare import compare
    from duislint.diff.sources import materialise
    from duislint.report import formats

    if args.show_settings:
        write_all([(None, _settings_text(args, requests, rules))])
        return Exit.CLEAN
    with ExitStack() as stack:  # the command line's inputs are noted already (cli._note_named)
        old_source = stack.enter_context(materialise(args.old))
        new_source = stack.enter_context(materialise(args.new))
        reporting.guard(requests)
        old = schemas.load([old_source.path], compile_check=bool(args.messages), display=old_source.display)
        new = schemas.load([new_source.path], compile_check=bool(args.messages), display=new_source.display)
        changes = compare(side(old.model, old.graph, old.schema_refs, old.compiled_now),
                          side(new.model, new.graph, new.schema_refs, new.compiled_now),
                          rules, annotations=args.annotations)  # fmt: skip
        report = DiffReport(_side(old_source.label, old), _side(new_source.label, new), changes)
        report.incomplete.extend(_unmodelled_differences(old, new))
        if args.spec or args.spec_old or args.spec_new:
            report.findings = _findings_delta(args, old_source, new_source)
        if args.messages:
            report.messages, report.incomplete = _messages_broken(args.messages, old, new)
    options = formats.Options()

    def render(request: Request) -> Content:
        if args.statistics and request.path is None and request.format == "text":
            from duislint.report.text import diff_statistics

            return diff_statistics(report)
        return formats.written_diff(request.format, report, options)

    reporting.write(requests, render)
    if not args.quiet and all(r.path is not None for r in requests):
        from duislint.report.text import diff_summary_line

        reporting.say(f"duislint: {diff_summary_line(report)}")
    return reporting.diff_exit(report, args.fail_on)


def _settings_text(args: argparse.Namespace, requests: list[Request], rules: list[Rule]) -> str:
    from duislint import config

    settings = config.load(args.config)
    lines = [
        f"configuration: {settings.path or 'none (built-in defaults)'}",
        f"old: {args.old}",
        f"new: {args.new}",
        f"select: {', '.join(args.select or settings.select) or '-'}",
        f"ignore: {', '.join(args.ignore or settings.ignore) or '-'}",
        f"fail-on: {args.fail_on}",
        f"annotations: {'yes' if args.annotations else 'no'}",
        "reports: " + ", ".join(f"{r.format} -> {r.path or 'standard output'}" for r in requests),
        f"rules ({len(rules)}): {', '.join(r.id for r in rules)}",
    ]
    return "\n".join(lines) + "\n"


def _unmodelled_differences(old: Schemas, new: Schemas) -> list[str]:
    """What the model does not read (xs:redefine, xs:override) and differs between the sides: the diff cannot say
    "no change" there, so the run is incomplete."""
    before = {(u.kind, u.location): u for u in old.unmodelled}
    after = {(u.kind, u.location): u for u in new.unmodelled}
    found = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and a.text == b.text:
            continue
        where = (b or a).where  # type: ignore[union-attr]
        found.append(f"xs:{key[0]} of {key[1]} at {where} differs between the sides and is not modelled: "
                     "the changes inside it are not compared")  # fmt: skip
    return found


def _side(label: str, loaded: Schemas) -> DiffSide:
    return DiffSide(label, tuple(loaded.inputs), loaded.lines)


def _messages_broken(paths: list[str], old: Schemas, new: Schemas) -> tuple[MessagesDelta, list[str]]:
    """Messages valid under OLD that NEW rejects, with NEW's errors; and why some could not be compared."""
    from duislint.messages.load import discover, read_message
    from duislint.pipeline import unvalidated_messages
    from duislint.xmlsafe import safe_parser

    parser = safe_parser(huge_text=True)
    files = discover(paths)
    broken = []
    before_all, after_all = [], []
    for path, named in files:
        before, after = read_message(path, old.compiled, parser, named), read_message(path, new.compiled, parser, named)
        before_all.append(before)
        after_all.append(after)
        if before.validated and after.validated and not before.errors and after.errors:
            broken.append(BrokenMessage(after.path, after.errors))
    incomplete = unvalidated_messages(before_all, old.compiled, "the old schema set")
    incomplete += unvalidated_messages(after_all, new.compiled, "the new schema set")
    return MessagesDelta(len(files), tuple(broken)), incomplete


def _findings_delta(args: argparse.Namespace, old_source: SideSource, new_source: SideSource) -> FindingsDelta:
    """Findings of the old side (schemas + old spec, or a redlined .docx read as it was) against the new side
    (schemas + new spec, or the .docx with changes accepted): which the uplift fixes, which it introduces."""
    from duislint import pipeline

    redline_suffixes = (".docx", ".md", ".markdown")  # Word's tracked changes, or CriticMarkup
    redlined = [s for s in args.spec if s.lower().endswith(redline_suffixes)]
    shared = [s for s in args.spec if not s.lower().endswith(redline_suffixes)]
    old = pipeline.check([old_source.path], shared + args.spec_old + redlined, revisions="original",
                         display=old_source.display)  # fmt: skip
    new = pipeline.check([new_source.path], shared + args.spec_new + redlined, revisions="accepted",
                         display=new_source.display)  # fmt: skip
    if not args.quiet:
        reporting.warn(old.notices + new.notices)  # what a document hid from either side
    old_key, new_key = _keyer(old), _keyer(new)
    old_keys, new_keys = Counter(map(old_key, old.findings)), Counter(map(new_key, new.findings))
    fixed, introduced = [], []
    for finding in old.sorted_findings():
        if new_keys[old_key(finding)] > 0:
            new_keys[old_key(finding)] -= 1
        else:
            fixed.append(finding)
    for finding in new.sorted_findings():
        if old_keys[new_key(finding)] > 0:
            old_keys[new_key(finding)] -= 1
        else:
            introduced.append(finding)
    return FindingsDelta(tuple(fixed), tuple(introduced))


def _keyer(report: Report) -> Callable[[Finding], tuple[str, str, str]]:
    # An uplift renames its files (MMC Schema V5.3.xsd -> V5.4.xsd): a finding about one (XS002's import) is
    # the same finding, so the release's version is taken out of a schema file name.
    versions = sorted({i["version"] for i in report.inputs if i["kind"] == "xsd" and i.get("version")}, key=len)

    def unversioned(subject: str) -> str:
        if not subject.lower().endswith(".xsd"):
            return subject
        for version in reversed(versions):  # longest first: 5.3a before 5.3
            subject = subject.replace(version, "{version}")
        return subject

    return lambda f: (f.rule, unversioned(f.subject), f.location.section or "")

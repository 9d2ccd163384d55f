"""`duislint diff OLD NEW`: the verb's options and its run, kept apart from the check verb's."""

from __future__ import annotations

import argparse
from collections import Counter
from contextlib import ExitStack

FORMATS = ("text", "json", "markdown", "html")
FAIL_ON = ("breaking", "potentially-breaking", "any", "never")


def add_parser(verbs, revisions_flag) -> None:  # noqa: ANN001
    diff = verbs.add_parser("diff", help="what changed between two schema sets, and whether it breaks users")
    diff.add_argument("old", metavar="OLD", help="folder or .xsd, or REV:PATH from the current git repository")
    diff.add_argument("new", metavar="NEW", help="folder or .xsd, or REV:PATH")
    diff.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                      help="text (default), json, markdown (a changelog) or html (a report page); repeatable, paired with -o")  # fmt: skip
    diff.add_argument("-o", "--output", action="append", dest="outputs", metavar="FILE")
    diff.add_argument("--fail-on", choices=FAIL_ON, default="breaking",
                      help="exit 1 when a change is at least this (default: breaking)")  # fmt: skip
    diff.add_argument("--annotations", action="store_true", help="also list comment and documentation changes")
    diff.add_argument("--spec-old", action="append", default=[], metavar="FILE", help="the old specification")
    diff.add_argument("--spec-new", action="append", default=[], metavar="FILE", help="the new specification")
    diff.add_argument("--messages", action="extend", nargs="+", default=[], metavar="PATH",
                      help="DUIS messages: list those valid under OLD that fail under NEW, and why")  # fmt: skip
    diff.add_argument("--spec", action="append", default=[], metavar="FILE",
                      help="a redlined .docx (its original and accepted views), or a spec/matrix for both sides")  # fmt: skip
    del revisions_flag


def run(args: argparse.Namespace) -> int:
    from duislint import pipeline
    from duislint.diff.compare import compare, side, worst
    from duislint.diff.rules import IMPACT_RANK
    from duislint.diff.sources import materialise
    from duislint.output import write_all

    formats = args.formats or ["text"]
    outputs = args.outputs or []
    if len(outputs) > len(formats):
        from duislint.cli import UsageError

        raise UsageError("duislint diff: more -o than --format; pair each -o with a --format")
    with ExitStack() as stack:
        old_path, old_label = stack.enter_context(materialise(args.old))
        new_path, new_label = stack.enter_context(materialise(args.new))
        old = pipeline.load([old_path], compile_check=bool(args.messages))
        new = pipeline.load([new_path], compile_check=bool(args.messages))
        changes = compare(side(old.model, old.graph), side(new.model, new.graph), annotations=args.annotations)
        findings = _findings_delta(args, old_path, new_path) if (args.spec or args.spec_old or args.spec_new) else None
        if args.messages:
            findings = dict(findings or {}, messages=_messages_broken(args.messages, old, new))
    rendered = [
        (
            outputs[i] if i < len(outputs) else None,
            _render(fmt, changes, (old, old_path, old_label), (new, new_path, new_label), findings),
        )
        for i, fmt in enumerate(formats)
    ]
    write_all(rendered)
    broken = bool(findings and findings.get("messages", {}).get("broken"))  # type: ignore[union-attr]
    if args.fail_on == "never" or not (changes or broken):
        return 0
    if broken:
        return 1  # a sample message the uplift breaks fails any gate but "never"
    if args.fail_on == "any":
        return 1
    return 1 if IMPACT_RANK[worst(changes)] >= IMPACT_RANK[args.fail_on] else 0  # type: ignore[index]


def _messages_broken(paths: list[str], old, new) -> dict[str, object]:  # noqa: ANN001
    """Messages valid under OLD that NEW rejects, with NEW's errors."""
    from duislint.messages.load import discover, read_message

    files = discover(paths)
    broken = []
    for path in files:
        before, after = read_message(path, old.compiled), read_message(path, new.compiled)
        if not before.errors and after.errors:
            broken.append({"path": after.path, "errors": [{"line": e.line, "element": e.path, "message": e.message}
                                                          for e in after.errors]})  # fmt: skip
    return {"checked": len(files), "broken": broken}


def _findings_delta(args: argparse.Namespace, old_path: str, new_path: str) -> dict[str, list[dict]]:
    """Findings of the old side (schemas + old spec, or a redlined .docx read as it was) against the new side
    (schemas + new spec, or the .docx with changes accepted): which the uplift fixes, which it introduces."""
    from duislint import pipeline
    from duislint.report.json_format import finding_dict

    redlined = [s for s in args.spec if s.lower().endswith(".docx")]
    shared = [s for s in args.spec if not s.lower().endswith(".docx")]
    old = pipeline.check([old_path], shared + args.spec_old + redlined, revisions="original")
    new = pipeline.check([new_path], shared + args.spec_new + redlined, revisions="accepted")

    def keyer(report):  # noqa: ANN001, ANN202
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

    old_key, new_key = keyer(old), keyer(new)
    old_keys, new_keys = Counter(map(old_key, old.findings)), Counter(map(new_key, new.findings))
    fixed, introduced = [], []
    for finding in old.sorted_findings():
        if new_keys[old_key(finding)] > 0:
            new_keys[old_key(finding)] -= 1
        else:
            fixed.append(finding_dict(finding))
    for finding in new.sorted_findings():
        if old_keys[new_key(finding)] > 0:
            old_keys[new_key(finding)] -= 1
        else:
            introduced.append(finding_dict(finding))
    return {"fixed": fixed, "introduced": introduced}


def _render(fmt: str, changes, old: tuple, new: tuple, findings: dict | None) -> str:  # noqa: ANN001
    """One format; a side is (what pipeline.load read, where it was read from, the label the user gave)."""
    if fmt == "html":  # imports jinja2: only when asked for
        from duislint.report import html, html_data

        page = html_data.diff_page(
            changes, html_data.diff_side(*old, "old"), html_data.diff_side(*new, "new"), findings
        )
        return html.render_diff(page)
    from duislint.report import diff_format

    return diff_format.render(changes, fmt, old[2], new[2], findings)

"""Command line: check, graph, refs, rules. Exit 0 clean, 1 findings at/above --fail-on, 2 usage or input error."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from duislint import __version__
from duislint.errors import InputError
from duislint.findings import Severity
from duislint.output import OutputError, write_all

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CHECK_FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")
GRAPH_FORMATS = ("graphml", "json", "dot")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as every other input problem
        raise UsageError(f"{self.prog}: {message}")


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `verb`, only that verb's options (a run builds what it parses: argparse costs a few
    milliseconds per verb, paid on every run; help and unknown verbs get them all)."""
    parser = _Parser(prog="duislint", description="Consistency checker for DUIS schemas and specifications.")
    parser.add_argument("--version", action="version", version=f"duislint {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    for name, add in _VERBS.items():
        if verb not in _VERBS or name == verb:
            add(verbs)
    return parser


def _add_check(verbs) -> None:  # noqa: ANN001 - argparse's private subparsers action
    check = verbs.add_parser("check", help="check a DUIS schema set (and its service-request matrix)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="an .xsd file (imports followed) or a folder")
    check.add_argument("--spec", action="append", default=[], metavar="FILE",
                       help="a specification (.docx, .md) or service-request matrix (.json, .csv); repeatable")  # fmt: skip
    _revisions_flag(check)
    check.add_argument("--messages", action="extend", nargs="+", default=[], metavar="PATH",
                       help="DUIS messages to validate (.xml files or folders); repeatable")  # fmt: skip
    check.add_argument("--deprecated-term", action="append", default=None, metavar="TERM=INSTEAD",
                       help="a term the specification must not use (default: fax=email, facsimile=email); "
                            "repeatable; --deprecated-term none checks none")  # fmt: skip
    check.add_argument("--format", action="append", choices=CHECK_FORMATS, dest="formats",
                       help="output format (repeatable, paired in order with -o); default text")  # fmt: skip
    check.add_argument("-o", "--output", action="append", dest="outputs", metavar="FILE",
                       help="write the matching --format here instead of stdout")  # fmt: skip
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default=None,
                       help="lowest severity that makes the exit code 1 (default: error)")  # fmt: skip
    check.add_argument("--select", action="append", default=[], metavar="RULE",
                       help="run only these rules (IDs, names, or ID prefixes such as XS2); repeatable")  # fmt: skip
    check.add_argument("--ignore", action="append", default=[], metavar="RULE", help="skip these rules")
    check.add_argument("--baseline", metavar="FILE",
                       help="accepted findings (JSON): only findings not in it are shown and fail the run")  # fmt: skip
    check.add_argument("--update-baseline", action="store_true",
                       help="write every current finding to the baseline file and exit 0")  # fmt: skip
    check.add_argument("--config", metavar="FILE",
                       help="a duislint.toml or pyproject.toml ([tool.duislint]); default: found upwards from "
                            "the working directory; flags override it")  # fmt: skip
    _colour_flags(check)


def _add_graph(verbs) -> None:  # noqa: ANN001
    graph = verbs.add_parser("graph", help="export the reference graph")
    graph.add_argument("paths", nargs="+", metavar="PATH")
    graph.add_argument("--format", choices=GRAPH_FORMATS, default="json")
    graph.add_argument("-o", "--output", metavar="FILE")


def _add_refs(verbs) -> None:  # noqa: ANN001
    refs = verbs.add_parser("refs", help="where NAME is defined, what uses it and what it uses")
    refs.add_argument("paths", nargs="+", metavar="PATH")
    refs.add_argument("name", metavar="NAME", help="e.g. sr:SubGHzConfiguration, E64, 'SRV 6.28', 6.28")
    refs.add_argument("--format", choices=("text", "json"), default="text")


def _add_diff(verbs) -> None:  # noqa: ANN001
    from duislint.diff import command as diff_command

    diff_command.add_parser(verbs, _revisions_flag)


def _add_extract(verbs) -> None:  # noqa: ANN001
    extract = verbs.add_parser("extract", help="dump a specification's sections, tables and references")
    extract.add_argument("spec", metavar="SPEC", help="a .docx or .md specification")
    extract.add_argument("--format", choices=("json", "md"), default="json")
    extract.add_argument("-o", "--output", metavar="FILE")
    _revisions_flag(extract)


def _add_rules(verbs) -> None:  # noqa: ANN001
    rules = verbs.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("rule", nargs="?", metavar="RULE", help="a rule ID or name")
    rules.add_argument("--format", choices=("text", "json"), default="text")


_VERBS = {
    "check": _add_check,
    "graph": _add_graph,
    "refs": _add_refs,
    "diff": _add_diff,
    "extract": _add_extract,
    "rules": _add_rules,
}


def _revisions_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--revisions", choices=("accepted", "original"), default="accepted",
                        help="tracked changes in .docx: read the text with every change accepted (default) or as "
                             "it was before the changes")  # fmt: skip


def _colour_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--color", dest="colour", action="store_true", default=None, help="always colour text")
    group.add_argument("--no-color", dest="colour", action="store_false", help="never colour text")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser(_verb_of(argv)).parse_args(argv)
        return _dispatch(args)
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    except OutputError as exc:  # the run worked; a report could not be written, and none was
        print(f"duislint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        print(f"{exc}", file=sys.stderr)
        return EXIT_ERROR
    except InputError as exc:
        print(f"duislint: error: {exc}", file=sys.stderr)
        _write_failure_reports(exc, argv)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        print(f"duislint: internal error: {type(exc).__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_ERROR


def _verb_of(argv: Sequence[str] | None) -> str | None:
    given = list(sys.argv[1:] if argv is None else argv)
    return given[0] if given else None


def _write_failure_reports(error: InputError, argv: Sequence[str] | None) -> None:
    """An input that failed to load is named in every report file asked for (never a clean or half-written one)."""
    try:
        args = build_parser(_verb_of(argv)).parse_args(argv)
    except (SystemExit, UsageError):
        return
    formats, outputs = getattr(args, "formats", None) or [], getattr(args, "outputs", None) or []
    if args.verb not in ("check", "diff") or not outputs:
        return
    from duislint.report import failure

    for fmt, output in zip(formats, outputs, strict=False):
        try:
            _emit(failure.render(fmt, error, args.verb), output)
        except OutputError:
            pass  # this output cannot be written: the stderr line has said why the run failed


def _dispatch(args: argparse.Namespace) -> int:
    if args.verb == "check":
        return _check(args)
    if args.verb == "graph":
        return _graph(args)
    if args.verb == "refs":
        return _refs(args)
    if args.verb == "extract":
        return _extract(args)
    if args.verb == "diff":
        from duislint.diff import command as diff_command

        return diff_command.run(args)
    return _rules(args)


def _selected_rules(select: list[str], ignore: list[str]):  # noqa: ANN202
    from duislint.rules import all_rules, rules_for

    rules = rules_for(select + ignore) if select else all_rules()
    known = {r.id for r in rules} | {r.name for r in rules}

    def matches(rule, patterns: list[str]) -> bool:  # noqa: ANN001
        return any(rule.id.startswith(p.upper()) or rule.name == p for p in patterns)

    for pattern in select + ignore:
        if pattern not in known and not any(r.id.startswith(pattern.upper()) for r in rules):
            raise UsageError(f"duislint check: unknown rule '{pattern}' (see `duislint rules`)")
    if select:
        rules = [r for r in rules if matches(r, select)]
    return [r for r in rules if not matches(r, ignore)]


def _check(args: argparse.Namespace) -> int:
    from duislint import baseline, config, pipeline
    from duislint.xsd.loader import display_path

    settings = config.load(args.config)
    formats = args.formats or ["text"]
    outputs = args.outputs or []
    if len(outputs) > len(formats):
        raise UsageError("duislint check: more -o than --format; pair each -o with a --format")
    specs = args.spec or settings.spec
    for spec in specs:
        if Path(spec).suffix.lower() not in (".json", ".csv", ".docx", ".md", ".markdown"):
            raise InputError(spec, "--spec takes a .docx or .md specification, or a .json/.csv service-request matrix")
    baseline_path = args.baseline or settings.baseline
    if args.update_baseline and not baseline_path:
        raise UsageError("duislint check: --update-baseline needs --baseline FILE (or `baseline` in the configuration)")
    rules = _selected_rules(args.select or settings.select, args.ignore or settings.ignore)
    terms = settings.deprecated_terms if args.deprecated_term is None else _deprecated_terms(args.deprecated_term)
    report = pipeline.check(args.paths, specs, rules, args.revisions, terms, settings.severity, args.messages)
    if args.update_baseline:
        _emit(baseline.render(report), baseline_path)
        count = len(report.findings)
        print(
            f"duislint: wrote {count} finding{'s' if count != 1 else ''} to the baseline {display_path(baseline_path)}"
        )
        return EXIT_CLEAN
    if baseline_path:
        shown = display_path(baseline_path)
        baseline.apply(report, baseline.load(baseline_path, shown), shown, [r.id for r in rules])
    # render everything before writing anything: a failure leaves no partial set of reports
    rendered = [(outputs[i] if i < len(outputs) else None, _render(fmt, report, args)) for i, fmt in enumerate(formats)]
    write_all(rendered)
    fail_on = args.fail_on or settings.fail_on or "error"
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in report.sorted_findings()) else EXIT_CLEAN


def _deprecated_terms(given: list[str] | None) -> dict[str, str] | None:
    if given is None:
        return None
    terms: dict[str, str] = {}
    for item in given:
        if item.strip().lower() == "none":
            continue
        term, sep, instead = item.partition("=")
        if not sep or not term.strip():
            raise UsageError(f"duislint check: --deprecated-term wants TERM=INSTEAD, not '{item}'")
        terms[term.strip().lower()] = instead.strip()
    return terms


def _extract(args: argparse.Namespace) -> int:
    from duislint.report import spec_extract
    from duislint.spec.build import read_spec
    from duislint.xsd.loader import display_path

    spec = read_spec(args.spec, display_path(args.spec), args.revisions)
    _emit(spec_extract.render(spec, args.format), args.output)
    return EXIT_CLEAN


def _render(fmt: str, report, args: argparse.Namespace) -> str:  # noqa: ANN001
    if fmt == "json":
        from duislint.report import json_format

        return json_format.render(report)
    if fmt in ("sarif", "junit", "github", "markdown", "html"):  # html imports jinja2: only when asked for
        from importlib import import_module

        return import_module(f"duislint.report.{fmt}").render(report)
    from duislint.report import text

    colour = args.colour if args.colour is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    return text.render(report, colour=bool(colour))


def _emit(text: str, output: str | None) -> None:
    """Write one report: to stdout, or to a file that is never left half-written (output.write_all)."""
    write_all([(output, text)])


def _graph(args: argparse.Namespace) -> int:
    from duislint import pipeline
    from duislint.report import graph_export

    loaded = pipeline.load(args.paths, compile_check=False)
    _emit(graph_export.render(loaded.graph, args.format), args.output)
    return EXIT_CLEAN


def _refs(args: argparse.Namespace) -> int:
    from duislint import pipeline
    from duislint.report import refs_view

    loaded = pipeline.load(args.paths, compile_check=False)
    answer = refs_view.lookup(loaded.graph, args.name)
    if not answer.nodes:
        hint = f"; did you mean {answer.suggestion}?" if answer.suggestion else ""
        print(f"duislint refs: '{args.name}' is not defined in the schema set{hint}", file=sys.stderr)
        return EXIT_FINDINGS
    sys.stdout.write(refs_view.render(answer, args.format))
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    from duislint.diff.rules import RULES as CHANGE_RULES
    from duislint.report import rules_view
    from duislint.rules import all_rules, get_rule

    change_rules = sorted(CHANGE_RULES.values(), key=lambda r: r.id)
    if args.rule:
        found = get_rule(args.rule)
        if found is not None:
            sys.stdout.write(rules_view.render([found], args.format, full=True))
            return EXIT_CLEAN
        wanted = args.rule.upper()
        change = next((r for r in change_rules if wanted in (r.id, r.name)), None)
        if change is None:
            raise UsageError(f"duislint rules: unknown rule '{args.rule}'")
        sys.stdout.write(rules_view.render_change_rules([change], args.format, full=True))
    elif args.format == "json":
        sys.stdout.write(rules_view.render(all_rules(), args.format, full=False))
    else:
        sys.stdout.write(rules_view.render(all_rules(), args.format, full=False))
        sys.stdout.write(rules_view.render_change_rules(change_rules, args.format, full=False))
    return EXIT_CLEAN

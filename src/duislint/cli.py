"""Command line: check, diff, extract, graph, refs, rules.

Exit 0 clean, 1 findings (or changes) at or above --fail-on, 2 a usage or input error, an incomplete run or an
internal error (reporting.Exit). Every report file asked for is written whole or not at all, never over an input;
a run that fails writes a failure report to each.
"""

from __future__ import annotations

import argparse
import signal
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, NoReturn, Sequence

from duislint import __version__, inputs, limits, reporting
from duislint.errors import Failure, FailureKind, InputError, UsageError
from duislint.output import STDOUT, Content, OutputError, write_all
from duislint.reporting import Exit, Formats, Request, say

if TYPE_CHECKING:
    from duislint.config import Config
    from duislint.lexicon import LexiconSettings
    from duislint.rules import Rule


class Terminated(BaseException):
    """SIGTERM (a CI timeout): handled as Ctrl-C is, so that no temporary file stays behind."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as every input problem
        raise UsageError(f"{self.prog}: {message}")


def _check_formats() -> Formats:
    from duislint.report import formats

    return Formats(formats.names("check"), lambda path: _suffix_format(path, "check"), "text")


def _diff_formats() -> Formats:
    from duislint.report import formats

    return Formats(formats.names("diff"), lambda path: _suffix_format(path, "diff"), "text")


def _suffix_format(path: str, verb: str) -> str | None:
    from duislint.report import formats

    found = formats.by_suffix(path, verb)
    return found.name if found else None


def _by_suffix(table: dict[str, str]) -> Callable[[str], str | None]:
    def named(path: str) -> str | None:
        lower = path.lower()
        return next((name for suffix, name in table.items() if lower.endswith(suffix)), None)

    return named


GRAPH_FORMATS = Formats(("json", "graphml", "dot"), _by_suffix({".json": "json", ".graphml": "graphml",
                                                                ".dot": "dot", ".gv": "dot"}), "json", several=False)  # fmt: skip
EXTRACT_FORMATS = Formats(("json", "md"), _by_suffix({".json": "json", ".md": "md", ".markdown": "md"}), "json",
                          several=False)  # fmt: skip


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `verb`, only that verb's options (a run builds what it parses: argparse costs a few
    milliseconds per verb, paid on every run; help and unknown verbs get them all)."""
    parser = _Parser(prog="duislint", description="Consistency checker for DUIS schemas and specifications.")
    parser.add_argument("--version", action="version", version=f"duislint {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    for name, (add, _) in _VERBS.items():
        if verb not in _VERBS or name == verb:
            add(verbs)
    return parser


def _add_check(verbs) -> None:  # noqa: ANN001 - argparse's private subparsers action
    check = verbs.add_parser("check", help="check a DUIS schema set (and its specification, matrix and messages)",
                             description="Check a DUIS schema set, and with --spec its specification and "
                                         "service-request matrix, with --messages its messages.")  # fmt: skip
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="an .xsd file (imports followed) or a folder; none: only the rules that need no schema "
                            "(the --spec documents' text, across documents) run")  # fmt: skip
    check.add_argument("--spec", action="append", default=[], metavar="FILE",
                       help="a specification (.docx, .md) or service-request matrix (.json, .csv); repeatable")  # fmt: skip
    _revisions_flag(check)
    check.add_argument("--messages", action="append", default=[], metavar="PATH",
                       help="DUIS messages to validate: an .xml file, or a folder (searched with its subfolders); "
                            "repeatable, one PATH each")  # fmt: skip
    check.add_argument("--deprecated-term", action="append", default=None, metavar="TERM=INSTEAD",
                       help="a term the specification must not use (default: fax=email, facsimile=email); "
                            "repeatable; --deprecated-term none checks none")  # fmt: skip
    reporting.add_report_flags(check, _check_formats())
    check.add_argument("--fail-on", choices=reporting.CHECK_FAIL_ON, default=None,
                       help="lowest severity that makes the exit code 1 (default: error)")  # fmt: skip
    _selection_flags(check)
    check.add_argument("--baseline", metavar="FILE",
                       help="accepted findings (JSON): only findings not in it are shown and fail the run")  # fmt: skip
    check.add_argument("--update-baseline", action="store_true",
                       help="write every current finding to the baseline file and exit 0")  # fmt: skip
    _config_flag(check)
    _limit_flags(check)
    _run_flags(check, "findings")
    check.add_argument("--hook", action="store_true",
                       help="the PATHs are changed files (as pre-commit passes them): check the schema set in the "
                            "folder of each, print nothing when they pass, the findings and the count when not")  # fmt: skip
    _colour_flags(check)


def _add_diff(verbs) -> None:  # noqa: ANN001
    diff = verbs.add_parser("diff", help="what changed between two schema sets, and whether it breaks users",
                            description="Compare two schema sets (folders, .xsd files, or REV:PATH of the git "
                                        "repository here) and class every change by message direction.")  # fmt: skip
    diff.add_argument("old", metavar="OLD", help="folder or .xsd, or REV:PATH from the current git repository")
    diff.add_argument("new", metavar="NEW", help="folder or .xsd, or REV:PATH")
    reporting.add_report_flags(diff, _diff_formats())
    diff.add_argument("--fail-on", choices=reporting.DIFF_FAIL_ON, default="breaking",
                      help="exit 1 when a change is at least this (default: breaking)")  # fmt: skip
    diff.add_argument("--annotations", action="store_true", help="also list comment and documentation changes")
    diff.add_argument("--spec-old", action="append", default=[], metavar="FILE", help="the old specification")
    diff.add_argument("--spec-new", action="append", default=[], metavar="FILE", help="the new specification")
    diff.add_argument("--messages", action="append", default=[], metavar="PATH",
                      help="DUIS messages (a file, or a folder with its subfolders): list those valid under OLD "
                           "that fail under NEW, and why; repeatable")  # fmt: skip
    diff.add_argument("--spec", action="append", default=[], metavar="FILE",
                      help="a redlined .docx (its original and accepted views), or a spec/matrix for both sides")  # fmt: skip
    _selection_flags(diff)
    _config_flag(diff)
    _limit_flags(diff)
    _run_flags(diff, "changes")


def _add_extract(verbs) -> None:  # noqa: ANN001
    extract = verbs.add_parser("extract", help="dump a specification's sections, tables and references",
                               description="Print a specification as duislint reads it.")  # fmt: skip
    extract.add_argument("spec", metavar="SPEC", help="a .docx or .md specification")
    reporting.add_report_flags(extract, EXTRACT_FORMATS, "the dump")
    _revisions_flag(extract)
    _limit_flags(extract)


def _add_graph(verbs) -> None:  # noqa: ANN001
    graph = verbs.add_parser("graph", help="export the reference graph",
                             description="Export the reference graph of a schema set.")  # fmt: skip
    graph.add_argument("paths", nargs="+", metavar="PATH", help="an .xsd file (imports followed) or a folder")
    reporting.add_report_flags(graph, GRAPH_FORMATS, "the graph")
    _limit_flags(graph)


def _add_refs(verbs) -> None:  # noqa: ANN001
    refs = verbs.add_parser("refs", help="where NAME is defined, what uses it and what it uses",
                            description="Where a name is defined, what uses it and what it uses.")  # fmt: skip
    refs.add_argument("paths", nargs="+", metavar="PATH", help="an .xsd file (imports followed) or a folder")
    refs.add_argument("name", metavar="NAME", help="e.g. sr:SubGHzConfiguration, E64, 'SRV 6.28', 6.28")
    refs.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    _limit_flags(refs)


def _add_fix(verbs) -> None:  # noqa: ANN001
    from duislint.fix.command import add_arguments

    fix = verbs.add_parser("fix", help="write the findings' fixes into a copy of the Word specification",
                           description="Check as `check` does, then write each finding's fix into a copy of the "
                                       "Word specification as a tracked change (the safe fixes; with "
                                       "--unsafe-fixes the others too).")  # fmt: skip
    add_arguments(fix)
    _selection_flags(fix)
    _config_flag(fix)
    _limit_flags(fix)


def _fix(args: argparse.Namespace, requests: list[Request]) -> int:
    from duislint import config, pipeline
    from duislint.fix import command

    settings = config.load(args.config)
    _apply_limits(args, settings)
    lexicon = _lexicon_settings(settings)
    specs = args.spec or settings.spec
    _name_inputs((), specs, (), lexicon.dictionary)
    for spec in specs:
        pipeline.check_spec_suffix(spec)
    rules = _selected(args, settings, "check")
    if not args.paths:
        rules = [r for r in rules if not r.needs_schema]
    terms = settings.deprecated_terms if args.deprecated_term is None else _deprecated_terms(args.deprecated_term)
    return command.run(args, rules, settings, terms, lexicon)


def _add_rules(verbs) -> None:  # noqa: ANN001
    rules = verbs.add_parser("rules", help="list the rules, or explain one",
                             description="List every rule (check and diff), or explain one.")  # fmt: skip
    rules.add_argument("rule", nargs="?", metavar="RULE", help="a rule ID or name")
    rules.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")


def _revisions_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--revisions", choices=("accepted", "original"), default="accepted",
                        help="tracked changes in .docx: read the text with every change accepted (default) or as "
                             "it was before the changes")  # fmt: skip


def _selection_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--select", action="append", default=[], metavar="RULE",
                        help="run only these rules (IDs, names, or ID prefixes such as XS2 or BR1); repeatable")  # fmt: skip
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE", help="skip these rules; repeatable")


def _config_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE",
                        help="a duislint.toml or pyproject.toml ([tool.duislint]); default: found upwards from the "
                             "working directory; flags override it")  # fmt: skip


def _limit_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("limits", "caps on what the run reads; an input over one is refused (exit 2, "
                                                "one line naming the limit); each is also a [tool.duislint] key")  # fmt: skip
    for limit in limits.LIMITS:
        group.add_argument(limit.option, dest=limit.field, type=_positive, default=None, metavar="N",
                           help=f"{limit.help} (default: {limit.amount(limits.DEFAULTS.value(limit))})")  # fmt: skip


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"wants a whole number of 1 or more, not '{text}'")
    return value


def _apply_limits(args: argparse.Namespace, settings: Config | None) -> None:
    """The run's limits: the defaults, raised (or lowered) by the configuration's keys, then by the options."""
    given = {limit.key: getattr(args, limit.field) for limit in limits.LIMITS if getattr(args, limit.field, None)}
    limits.apply(limits.DEFAULTS.with_values({**(settings.limits if settings else {}), **given}))


def _run_flags(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print nothing but errors (no summary line on stderr when every report goes to a file)")  # fmt: skip
    parser.add_argument("--statistics", action="store_true",
                        help=f"print the number of {what} per rule instead of the text report")  # fmt: skip
    parser.add_argument("--show-settings", action="store_true",
                        help="print the settings the run would use, and the configuration file they come from; "
                             "then exit without checking")  # fmt: skip


def _colour_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--color", dest="colour", action="store_true", default=None,
                       help="colour the text report (default: on a terminal; NO_COLOR, FORCE_COLOR and TERM=dumb "
                            "are honoured)")  # fmt: skip
    group.add_argument("--no-color", dest="colour", action="store_false", help="never colour the text report")


# --- running ------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    with inputs.ledger(), limits.run_scope(), _sigterm_as_interrupt(), _few_collections():
        return _main(list(sys.argv[1:] if argv is None else argv))


def run() -> NoReturn:
    """The `duislint` command: main(), then the process ends without freeing what the run built, object by object
    (a model of some 100,000 objects took ~50 ms to free at the end of a large run; the system frees it at once).
    Every file and child of a run is closed, written or reaped before main() returns; what stdout and stderr still
    buffer is flushed here, and stdout that cannot take it fails the run, as a report that cannot be written does."""
    import os

    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError) as exc:  # a full device, a closed pipe or stream
            if stream is sys.stdout:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
                say(f"duislint: error: {OutputError(STDOUT, reason.lower())}")
                code = max(code, Exit.ERROR)
    os._exit(code)


@contextmanager
def _few_collections() -> Iterator[None]:
    """A run builds a model of some 100,000 objects that live until it ends, and the default collector thresholds
    make Python walk them again and again (about a fifth of `check 5.4`): collect cycles less often while it runs.
    Cycles are still collected; the caller's settings come back afterwards."""
    import gc

    previous = gc.get_threshold()
    gc.set_threshold(20_000, 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def terminated(signum: int, frame: object) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread (a library caller): nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str]) -> int:
    try:
        args = build_parser(argv[0] if argv else None).parse_args(argv)
        requests = _requests(args)
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    except UsageError as exc:
        say(str(exc))
        return Exit.ERROR
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    verb = args.verb
    _note_named(args)  # before anything can fail: a failure report must not replace a named input either
    try:
        return _VERBS[verb][1](args, requests)
    except OutputError as exc:  # the run worked; a report could not be written, and none was
        say(f"duislint: error: {exc}")
        return Exit.ERROR
    except UsageError as exc:
        say(str(exc))
        _failure_reports(requests, Failure(FailureKind.USAGE, str(exc).removeprefix("duislint: error: ")), verb)
        return Exit.ERROR
    except InputError as exc:
        say(f"duislint: error: {exc}")
        _failure_reports(requests, Failure.of_input(exc), verb)
        return Exit.ERROR
    except (KeyboardInterrupt, Terminated) as exc:
        try:
            _failure_reports(requests, Failure(FailureKind.INTERRUPTED, "stopped before it finished"), verb)
        except (KeyboardInterrupt, Terminated):
            pass  # asked twice: stop now (write_all has removed what it staged)
        return 143 if isinstance(exc, Terminated) else Exit.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        message = f"{type(exc).__name__}: {exc} (please report this)"
        say(f"duislint: internal error: {message}")
        _failure_reports(requests, Failure(FailureKind.INTERNAL, message), verb)
        return Exit.ERROR


def _requests(args: argparse.Namespace) -> list[Request]:
    formats = {"check": _check_formats, "diff": _diff_formats}.get(args.verb)
    if formats is not None:
        return reporting.requests(args.report_flags, formats(), args.verb)
    if args.verb == "graph":
        return reporting.requests(args.report_flags, GRAPH_FORMATS, "graph")
    if args.verb == "extract":
        return reporting.requests(args.report_flags, EXTRACT_FORMATS, "extract")
    return []


def _note_named(args: argparse.Namespace) -> None:
    """Every file the command line names as an input (folders: the files a run reads from them)."""
    from duislint.diff.sources import is_git_side

    spec = getattr(args, "spec", [])
    named = [*getattr(args, "paths", []), *([spec] if isinstance(spec, str) else spec),
             *getattr(args, "spec_old", []), *getattr(args, "spec_new", [])]  # fmt: skip
    named += [side for side in (getattr(args, "old", None), getattr(args, "new", None)) if side and not is_git_side(side)]
    files = [getattr(args, "config", None)]
    if not getattr(args, "update_baseline", False):
        files.append(getattr(args, "baseline", None))
    _name_inputs(named, (), getattr(args, "messages", []), *files)


def _failure_reports(requests: list[Request], failure: Failure, verb: str) -> None:
    if verb not in ("check", "diff"):
        return
    from duislint.report import formats

    options = formats.Options()
    reporting.write_failure(requests, failure, lambda request, f: formats.render_failure(request.format, f, verb, options))


def _check(args: argparse.Namespace, requests: list[Request]) -> int:
    if args.hook:
        if not args.paths:
            raise UsageError("duislint check: --hook needs the changed files as PATHs")
        return _hook(args, requests)
    return _check_set(args, requests)


def _hook(args: argparse.Namespace, requests: list[Request]) -> int:
    """A pre-commit hook: each changed .xsd's folder is one set (a change to the MMC file can break a reference from
    the DUIS file beside it), checked on its own; quiet when every set passes."""
    import io
    import os
    from contextlib import redirect_stderr, redirect_stdout

    folders = sorted({os.path.dirname(p) or "." for p in args.paths if p.lower().endswith(".xsd")})
    if not folders:
        return Exit.CLEAN  # no schema changed
    worst = Exit.CLEAN
    for folder in folders:
        out, err = io.StringIO(), io.StringIO()  # kept back until the set is known to have failed
        with redirect_stdout(out), redirect_stderr(err):
            code = _check_set(argparse.Namespace(**{**vars(args), "paths": [folder], "quiet": True}), requests)
        if code != Exit.CLEAN:
            write_all([(None, out.getvalue())])
            say(err.getvalue().rstrip("\n") or f"duislint: {folder}: exit {code}")
        worst = max(worst, Exit(code))
    return worst


def _check_set(args: argparse.Namespace, requests: list[Request]) -> int:
    from duislint import baseline, config, pipeline
    from duislint.report import formats
    from duislint.xsd.loader import display_path

    settings = config.load(args.config)
    _apply_limits(args, settings)
    specs = args.spec or settings.spec
    if not args.paths:
        _check_without_schemas(args, specs)
    baseline_path = args.baseline or settings.baseline
    if args.update_baseline and not baseline_path:
        raise UsageError("duislint check: --update-baseline needs --baseline FILE (or `baseline` in the configuration)")
    # the command line's inputs are noted (_note_named); what the configuration adds is noted here
    lexicon_settings = _lexicon_settings(settings)
    _name_inputs((), specs, (), baseline_path if not args.update_baseline else None, lexicon_settings.dictionary)
    reporting.guard(requests, [baseline_path] if args.update_baseline and baseline_path else [])
    for spec in specs:
        pipeline.check_spec_suffix(spec)
    # a large Word specification is read in a child process from here on, while this one goes on
    with pipeline.read_ahead(args.paths if not args.show_settings else [], specs, args.revisions) as ahead:
        rules = _selected(args, settings, "check")
        if not args.paths and all(r.needs_schema for r in rules):  # a run that checks nothing must not look clean
            raise UsageError(f"duislint check: every selected rule needs a schema set ({', '.join(r.id for r in rules)}"
                             "); give a schema PATH, or select rules that need none (SP4)")  # fmt: skip
        terms = settings.deprecated_terms if args.deprecated_term is None else _deprecated_terms(args.deprecated_term)
        if args.show_settings:
            write_all([(None, _settings_text(args, settings, requests, rules, specs, baseline_path, terms))])
            return Exit.CLEAN
        report = pipeline.check(args.paths, specs, rules, args.revisions, terms, settings.severity, args.messages,
                                lexicon=lexicon_settings, ahead=ahead)  # fmt: skip
    if args.update_baseline:
        assert baseline_path is not None
        if report.incomplete:  # a baseline of a run that checked less would accept less than there is
            raise UsageError(f"duislint check: the run is incomplete ({report.incomplete[0]}); the baseline "
                             f"{display_path(baseline_path)} was not written")  # fmt: skip
        write_all([(baseline_path, baseline.render(report))])
        count = len(report.findings)
        print(f"duislint: wrote {count} finding{'s' if count != 1 else ''} to the baseline {display_path(baseline_path)}")
        return Exit.CLEAN
    if baseline_path:
        shown = display_path(baseline_path)
        baseline.apply(report, baseline.load(baseline_path, shown), shown, [r.id for r in rules])

    def render(request: Request) -> Content:
        if args.statistics and request.path is None and request.format == "text":
            from duislint.report.text import check_statistics

            return check_statistics(report)
        colour = reporting.colour_wanted(args.colour) if request.path is None else bool(args.colour)
        return formats.written_check(request.format, report, formats.Options(colour=colour))

    reporting.write(requests, render)
    if not args.quiet:
        reporting.warn(report.notices)
    if not args.quiet and all(r.path is not None for r in requests):
        from duislint.report.text import summary_line

        say(f"duislint: {summary_line(report)}")  # a CI log shows why a gate that writes only files failed
    return reporting.check_exit(report, args.fail_on or settings.fail_on or "error")


def _check_without_schemas(args: argparse.Namespace, specs: list[str]) -> None:
    """A run without a schema PATH checks the specifications' text only: it needs one, and messages need schemas."""
    if not specs:
        raise UsageError("duislint check: give a schema PATH (a folder or .xsd), or --spec documents to check "
                         "their text without one")  # fmt: skip
    if args.messages:
        raise UsageError("duislint check: --messages needs a schema PATH to validate the messages against")


def _settings_text(args: argparse.Namespace, settings: Config, requests: list[Request], rules: list[Rule],
                   specs: list[str], baseline_path: str | None, terms: dict[str, str] | None) -> str:  # fmt: skip
    from duislint.pipeline import DEFAULT_DEPRECATED_TERMS

    def listed(values: Sequence[str]) -> str:
        return ", ".join(values) if values else "-"

    used = DEFAULT_DEPRECATED_TERMS if terms is None else terms
    lines = [
        f"configuration: {settings.path or 'none (built-in defaults)'}",
        f"select: {listed(args.select or settings.select)}" + (" (command line)" if args.select else ""),
        f"ignore: {listed(args.ignore or settings.ignore)}" + (" (command line)" if args.ignore else ""),
        f"severity: {listed([f'{rule}={level.value}' for rule, level in sorted(settings.severity.items())])}",
        f"fail-on: {args.fail_on or settings.fail_on or 'error'}",
        f"baseline: {baseline_path or '-'}",
        f"spec: {listed(specs)}",
        f"deprecated terms: {listed([f'{term}={instead}' for term, instead in sorted(used.items())])}",
        f"words: {listed(settings.words)}",
        f"acronyms: {listed(settings.acronyms)}",
        f"dictionary: {_dictionary_shown(settings)}",
        "limits: " + ", ".join(f"{limit.key}={limits.current().value(limit)}" for limit in limits.LIMITS),
        "reports: " + listed([f"{r.format} -> {r.path or 'standard output'}" for r in requests]),
        f"rules ({len(rules)}): {listed([r.id for r in rules])}",
    ]
    return "\n".join(lines) + "\n"


def _lexicon_settings(settings: Config) -> LexiconSettings:
    from duislint.lexicon import LexiconSettings, check_dictionary

    if settings.dictionary is not None:
        check_dictionary(settings.dictionary)
    return LexiconSettings(settings.dictionary, settings.words, settings.acronyms)


def _dictionary_shown(settings: Config) -> str:
    from duislint.lexicon import INSTALL_HINT, Lexicon, LexiconSettings

    found = Lexicon(LexiconSettings(settings.dictionary)).path
    return found or f"none ({INSTALL_HINT})"


def _name_inputs(paths: Sequence[str], specs: Sequence[str], messages: Sequence[str], *files: str | None) -> None:
    """Note what the command line names as inputs before anything is read, so that a report is refused before any
    work when it would replace one (folders: the files a run reads from them)."""
    from duislint.messages.load import discover as message_files
    from duislint.xsd.loader import discover as schema_files

    ledger = inputs.current()
    ledger.note_all(p for p in (*paths, *specs, *messages, *files) if p)
    for path in paths:
        try:
            ledger.note_all(found.lexical for found in schema_files([path]))
        except InputError:
            continue  # reported when the run reads it
    for path in messages:
        try:
            ledger.note_all(named for named, _ in message_files([path]))
        except InputError:
            continue


def _selected(args: argparse.Namespace, settings: Config, verb: str) -> list[Rule]:
    """The rules of the verb's kind that --select/--ignore (else the configuration's) leave. A configuration's
    `select` that names no rule of this kind (only check rules, say, for `diff`) leaves all of them; a --select that
    does is a usage error: a run that checks nothing must not look clean."""
    from duislint.rules import RuleKind, select

    kind = RuleKind.CHECK if verb == "check" else RuleKind.DIFF
    patterns, ignored = args.select or settings.select, args.ignore or settings.ignore
    try:
        chosen = select(patterns, ignored, kind)
        if patterns and not chosen and not args.select:
            chosen = select([], ignored, kind)
    except ValueError as exc:
        raise UsageError(f"duislint {verb}: unknown rule '{exc}' (see `duislint rules`)") from None
    if not chosen:
        what = "check" if kind is RuleKind.CHECK else "diff"
        raise UsageError(f"duislint {verb}: the selection ({', '.join(patterns + ignored)}) leaves no {what} rule "
                         "to run; nothing would be checked")  # fmt: skip
    return chosen


def _deprecated_terms(given: list[str]) -> dict[str, str]:
    terms: dict[str, str] = {}
    for item in given:
        if item.strip().lower() == "none":
            continue
        term, sep, instead = item.partition("=")
        if not sep or not term.strip():
            raise UsageError(f"duislint check: --deprecated-term wants TERM=INSTEAD, not '{item}'")
        terms[term.strip().lower()] = instead.strip()
    return terms


def _diff(args: argparse.Namespace, requests: list[Request]) -> int:
    from duislint import config
    from duislint.diff import command

    settings = config.load(args.config)
    _apply_limits(args, settings)
    return command.run(args, requests, _selected(args, settings, "diff"))


def _extract(args: argparse.Namespace, requests: list[Request]) -> int:
    from duislint.report import spec_extract
    from duislint.spec.build import read_spec
    from duislint.xsd.loader import display_path

    _apply_limits(args, None)
    reporting.guard(requests)
    spec = read_spec(args.spec, display_path(args.spec), args.revisions)
    reporting.write(requests, lambda request: spec_extract.render(spec, request.format))
    reporting.warn(spec.notices)
    return Exit.CLEAN


def _graph(args: argparse.Namespace, requests: list[Request]) -> int:
    from duislint import schemas
    from duislint.report import graph_export

    if not args.report_flags and reporting.on_terminal():
        raise UsageError("duislint graph: the graph is large (megabytes for a DUIS set): write it to a file with "
                         "-o FILE (.json, .graphml, .dot), or ask for it here with --format json|graphml|dot")  # fmt: skip
    _apply_limits(args, None)
    reporting.guard(requests)
    loaded = schemas.load(args.paths, compile_check=False)
    reporting.write(requests, lambda request: graph_export.render(loaded.graph, request.format))
    return Exit.CLEAN


def _refs(args: argparse.Namespace, requests: list[Request]) -> int:
    from duislint import schemas
    from duislint.report import refs_view

    _apply_limits(args, None)
    loaded = schemas.load(args.paths, compile_check=False)
    answer = refs_view.lookup(loaded.graph, args.name)
    if not answer.nodes:
        hint = f"; did you mean {answer.suggestion}?" if answer.suggestion else ""
        say(f"duislint refs: '{args.name}' is not defined in the schema set{hint}")
        return Exit.FINDINGS
    write_all([(None, refs_view.render(answer, args.format))])
    return Exit.CLEAN


def _rules(args: argparse.Namespace, requests: list[Request]) -> int:
    from duislint.report import rules_view
    from duislint.rules import all_rules, get_rule

    if args.rule:
        found = get_rule(args.rule)
        if found is None:
            raise UsageError(f"duislint rules: unknown rule '{args.rule}'")
        write_all([(None, rules_view.render([found], args.format, full=True))])
    else:
        write_all([(None, rules_view.render(all_rules(), args.format, full=False))])
    return Exit.CLEAN


_VERBS: dict[str, tuple[Callable[..., None], Callable[[argparse.Namespace, list[Request]], int]]] = {
    "check": (_add_check, _check),
    "diff": (_add_diff, _diff),
    "extract": (_add_extract, _extract),
    "graph": (_add_graph, _graph),
    "refs": (_add_refs, _refs),
    "rules": (_add_rules, _rules),
    "fix": (_add_fix, _fix),
}

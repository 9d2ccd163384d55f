"""One check run, in the order data flows: load -> model -> graph -> rules -> findings.

The component model and the reference graph are built when the first rule that reads them runs (CheckContext):
a message gate that selects the MS rules pays for neither.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from duislint import schemas as schema_loader
from duislint.errors import InputError
from duislint.findings import Report, Severity
from duislint.material import Material
from duislint.messages.load import read_messages
from duislint.rules import CheckContext, Rule, RuleKind, default_rules, run_beside, run_early, run_rules
from duislint.xsd.loader import display_path

if TYPE_CHECKING:
    from duislint.lexicon import LexiconSettings
    from duislint.matrix import MatrixRow
    from duislint.messages.load import Message
    from duislint.spec.model import Spec
    from duislint.spec.prefetch import ReadWord, WordPrefetch
    from duislint.xsd.compile import Compiled

DEFAULT_DEPRECATED_TERMS = {"fax": "email", "facsimile": "email"}
MATRIX_SUFFIXES = (".json", ".csv")
SPEC_SUFFIXES = (".docx", ".md", ".markdown")


def check(
    paths: list[str],
    spec_paths: list[str] | None = None,
    rules: list[Rule] | None = None,
    revisions: str = "accepted",
    deprecated_terms: dict[str, str] | None = None,
    severities: dict[str, Severity] | None = None,
    message_paths: list[str] | None = None,
    display: Callable[[str], str] = display_path,
    lexicon: LexiconSettings | None = None,
    ahead: WordPrefetch | None = None,
) -> Report:
    """Check a schema set (and its specifications, matrix and messages) with the given check rules (all); with no
    `paths`, only the rules that need no schema (Rule.needs_schema) run, and the report lists the rest as not run.
    `display` names schema files in reports (a diff's git side: REV:PATH); `lexicon` where the spelling rules'
    words come from; `ahead`: the Word specifications' reading already begun (read_ahead), else begun here."""

    chosen = rules if rules is not None else default_rules(RuleKind.CHECK)
    terms = DEFAULT_DEPRECATED_TERMS if deprecated_terms is None else deprecated_terms
    # without a schema PATH only the rules that read no schema run (the specifications' text, the matrix)
    with ahead or read_ahead(paths, spec_paths or [], revisions) as prefetch:
        loaded = schema_loader.load(paths, display=display) if paths else schema_loader.Schemas(None)
        not_run = [r.id for r in chosen if r.needs_schema] if loaded.schema_set is None else []
        chosen = [r for r in chosen if r.id not in not_run] if not_run else chosen
        context = CheckContext.pending(loaded, terms, lexicon)
        # while a child process reads the Word specifications, the rules that need no document run here
        early = run_early(context, chosen, severities) if prefetch.running else {}
        specs, matrix, matrix_sources, spec_inputs = read_specs(spec_paths or [], revisions, prefetch.read_word)
    messages = read_messages(message_paths, loaded.compiled, _prefixes(loaded)) if message_paths else []
    context.provide(specs, matrix, ", ".join(dict.fromkeys(matrix_sources)) or None, messages)
    if prefetch.forked:  # documents large enough to read in a child are worth two processes for their rules too
        early |= run_beside(context, chosen, severities, early)
    inputs = loaded.inputs + spec_inputs + [{"path": m.path, "kind": "message", "sha256": m.sha256} for m in messages]
    files = {display_path(p): p for p in spec_paths or []}
    material = Material(specs, loaded.lines, files, graph_of=lambda: context.graph)
    report = Report(inputs=inputs, findings=run_rules(context, chosen, severities, early), material=material,
                    not_run=not_run, unchecked=context.unchecked)  # fmt: skip
    if not_run:
        report.notices.append(f"no schema PATH: {len(not_run)} rule(s) that read a schema set were not run; only "
                              "the rules that need none (the specifications' text, across documents) ran")  # fmt: skip
    report.notices.extend(notice for spec in specs for notice in spec.notices)  # what a document hid from the run
    report.notices.extend(unmodelled.notice for unmodelled in loaded.unmodelled)
    used = context.lexicon_used
    if used is not None and used.loaded and used.path is None:
        from duislint.lexicon import INSTALL_HINT

        report.notices.append(f"no British English dictionary ({INSTALL_HINT}): the spelling rules knew only "
                              "the set's own words and DUIS's")  # fmt: skip
    report.incomplete.extend(unvalidated_messages(messages, loaded.compiled))
    return report


def _prefixes(loaded: schema_loader.Schemas) -> dict[str, str] | None:
    """The set's prefixes, for naming elements in message errors as the rest of the report names components."""
    if loaded.schema_set is None:
        return None
    from duislint.xsd.documents import preferred_prefixes

    return preferred_prefixes(loaded.schema_set)


def unvalidated_messages(messages: list[Message], compiled: Compiled | None, side: str = "the schema set") -> list[str]:
    """Why a message gate checked less than it was given: messages that no compiled schema could validate."""
    missed = [m for m in messages if not m.validated]
    if not missed:
        return []
    errors = compiled.errors if compiled is not None else []
    cause = f" ({errors[0].path}:{errors[0].line or '-'}: {errors[0].message})" if errors else ""
    return [f"{len(missed)} of {len(messages)} message(s) could not be validated: {side} does not compile{cause}"]


def read_ahead(paths: list[str], spec_paths: list[str], revisions: str) -> WordPrefetch:
    """The run's Word specifications read ahead in a child process while this one loads and models the schema set
    `paths` and runs the rules that need no document (duislint.spec.prefetch); with no schema set, nothing is
    read ahead (there is nothing to do meanwhile). Use it as a context manager around the run."""
    from duislint.spec.prefetch import WordPrefetch

    if not paths:
        return WordPrefetch()
    jobs = [(p, display_path(p)) for p in spec_paths if Path(p).suffix.lower() == ".docx"]
    return WordPrefetch.start(jobs, revisions)


def read_specs(
    spec_paths: list[str], revisions: str, read_word: ReadWord | None = None
) -> tuple[list[Spec], list[MatrixRow] | None, list[str], list[dict[str, str]]]:
    """The specifications and the service-request matrix (a file of its own, or the spec's matrix tables);
    `read_word` reads a .docx (docx.read_word unless given)."""
    if not spec_paths:  # a messages-only gate imports no specification reader
        return [], None, [], []
    from duislint.matrix import read_matrix, rows_from_spec_table
    from duislint.spec.build import read_spec
    from duislint.spec.model import MATRIX as MATRIX_TABLE

    specs: list[Spec] = []
    matrix: list[MatrixRow] | None = None
    matrix_sources: list[str] = []
    inputs: list[dict[str, str]] = []
    for spec_path in spec_paths:
        shown = display_path(spec_path)
        if Path(spec_path).suffix.lower() in MATRIX_SUFFIXES:
            matrix = (matrix or []) + read_matrix(spec_path, shown)
            matrix_sources.append(shown)
            kind = "service-request-matrix"
        else:
            spec = read_spec(spec_path, shown, revisions, read_word)
            specs.append(spec)
            kind = "specification"
            for table in spec.tables_of(MATRIX_TABLE):
                matrix = (matrix or []) + rows_from_spec_table(table)
                matrix_sources.append(f"{shown} §{table.section.number if table.section else ''}".rstrip(" §"))
        inputs.append({"path": shown, "kind": kind, "sha256": _sha256(spec_path, shown)})
    return specs, matrix, matrix_sources, inputs


def check_spec_suffix(path: str) -> None:
    if Path(path).suffix.lower() not in MATRIX_SUFFIXES + SPEC_SUFFIXES:
        raise InputError(path, "--spec takes a .docx or .md specification, or a .json/.csv service-request matrix")


def _sha256(path: str, shown: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror}") from None

"""The rule registry: check rules (a function from the check context to hits) and diff rules (a function from one
difference between two schema sets to its description), one record type for both, documented by docstrings.

A docstring has a one-line summary, then sections `Why:`, `Bad:` and `Good:` (as ruff's rule docs do);
`duislint rules` and every report's rule help read it, so code and documentation cannot drift apart. `--select`,
`--ignore` and `[tool.duislint]` name rules of either kind by ID, ID prefix or name.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from duislint.findings import Finding, Location, NotChecked, Severity

if TYPE_CHECKING:  # a CLI pays every import on every run: `--select MS` needs no graph, matrix or spec model
    from duislint.diff.classify import Described, Difference
    from duislint.fix.edits import Fix
    from duislint.graph import RefGraph
    from duislint.lexicon import Lexicon, LexiconSettings
    from duislint.matrix import MatrixRow
    from duislint.messages.load import Message
    from duislint.schemas import Schemas
    from duislint.spec.model import Spec
    from duislint.xsd.compile import CompileError
    from duislint.xsd.loader import SchemaRef
    from duislint.xsd.model import SchemaDocumentInfo, SchemaModel, Source

T = TypeVar("T")


class RuleKind(StrEnum):
    CHECK = "check"  # `duislint check`: findings with a severity
    DIFF = "diff"  # `duislint diff`: changes with an impact per message direction


class Impact(StrEnum):
    """What a change does to DCC Users: breaks valid messages, may break receivers, or neither."""

    NON_BREAKING = "non-breaking"
    POTENTIALLY = "potentially-breaking"
    BREAKING = "breaking"

    @property
    def rank(self) -> int:
        return _IMPACT_RANK[self]


_IMPACT_RANK = {Impact.NON_BREAKING: 0, Impact.POTENTIALLY: 1, Impact.BREAKING: 2}


class Direction(StrEnum):
    """Which messages reach a changed component: requests (DCC User -> DCC), responses and alerts (DCC -> DCC
    User), both, or none."""

    REQUEST = "request"
    RESPONSE = "response"
    BOTH = "both"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Impacts:
    """A diff rule's impact on a request and on a response or alert."""

    request: Impact
    response: Impact

    def of(self, direction: Direction) -> Impact:
        """The stricter impact of the directions the changed component is reached from. When no message reaches
        it, only a change that breaks in both directions still breaks (other schemas may use the component);
        the rest are non-breaking."""
        if direction is Direction.NONE:
            both = self.request is self.response is Impact.BREAKING
            return Impact.BREAKING if both else Impact.NON_BREAKING
        impacts = {
            Direction.REQUEST: (self.request,),
            Direction.RESPONSE: (self.response,),
            Direction.BOTH: (self.request, self.response),
        }[direction]
        return max(impacts, key=lambda i: i.rank)

    def __str__(self) -> str:
        return f"request: {self.request.value}; response/alert: {self.response.value}"


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check rule reports; the registry adds the rule's ID and severity to make a Finding."""

    message: str
    subject: str
    source: Source | Location
    related: tuple[Source | Location, ...] = ()
    suggestion: str | None = None
    expected: tuple[str, ...] = ()  # what the schema allowed, in full, where the message shows a shortened list
    fix: Fix | None = None  # the correction, where there is one (the rule declares which kinds it offers)


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule of either kind: ID, name, family, documentation, and a check rule's severity and check
    function or a diff rule's impacts and classifier."""

    id: str
    name: str
    kind: RuleKind
    family: str  # schema, duis, messages, spec; diff
    summary: str
    why: str
    bad: str
    good: str
    severity: Severity | None = None  # check rules
    impacts: Impacts | None = None  # diff rules
    # a check rule that reads the schema set (the model, graph, documents, compile or messages); a run without a
    # schema PATH runs only the rules that do not, and says which it did not run
    needs_schema: bool = True
    # a check rule that runs only when --select (or the configuration's select) names it by ID or name, never by
    # a prefix or by default: its findings are only useful when asked for (a defined term no document given uses)
    opt_in: bool = False
    # the fixes a check rule offers: "safe" (one right answer, applied by `duislint fix`), "unsafe" (applied only
    # with --unsafe-fixes), both (which one depends on the finding), or none
    fixes: tuple[str, ...] = ()
    fix_doc: str = ""  # what the fix does (its docstring's `Fix:` section)
    check: Callable[[CheckContext], Iterable[Hit]] | None = field(default=None, compare=False, repr=False)
    classify: Callable[[Difference], Described | None] | None = field(default=None, compare=False, repr=False)

    @property
    def level(self) -> str:
        """The severity of a check rule, the impacts of a diff rule, as `duislint rules` prints them."""
        return self.severity.value if self.severity is not None else str(self.impacts)

    def run(self, context: CheckContext) -> list[Finding]:
        assert self.check is not None and self.severity is not None, f"{self.id} is not a check rule"
        return [self._finding(hit, self.severity) for hit in self.check(context)]

    def _finding(self, hit: Hit, severity: Severity) -> Finding:
        assert hit.fix is None or hit.fix.applicability.value in self.fixes, f"{self.id} does not declare that fix"
        return Finding(
            rule=self.id,
            severity=severity,
            message=hit.message,
            subject=hit.subject,
            location=_location(hit.source),
            related=tuple(_location(r) for r in hit.related),
            suggestion=hit.suggestion,
            expected=hit.expected,
            fix=hit.fix,
        )


def _location(where: Source | Location) -> Location:
    if isinstance(where, Location):
        return where
    return Location(where.path, where.line or None)


class CheckContext:
    """Everything a check rule may read. What costs time to build is built when a rule first asks: the component
    model (`model`), the reference graph (`graph`, with what the messages add). A message gate that reads only the
    documents' versions and the messages never builds either."""

    def __init__(
        self,
        schemas: Schemas,
        specs: list[Spec] | None = None,
        matrix: list[MatrixRow] | None = None,
        matrix_path: str | None = None,
        messages: list[Message] | None = None,
        deprecated_terms: dict[str, str] | None = None,
        lexicon: LexiconSettings | None = None,
    ) -> None:
        self.schemas = schemas
        self._specs = specs or []
        self._matrix = matrix
        self._matrix_path = matrix_path
        self._messages = messages or []
        self._documents_pending = False
        self.deprecated_terms = deprecated_terms or {}  # term -> what to write instead
        self._lexicon_settings = lexicon
        self._lexicon: Lexicon | None = None
        self._memo: dict[Callable[..., Any], Any] = {}
        self.unchecked: list[NotChecked] = []  # what the rules could not check with the inputs given

    @staticmethod
    def pending(schemas: Schemas, deprecated_terms: dict[str, str], lexicon: LexiconSettings | None) -> CheckContext:
        """A context whose documents (specifications, matrix, messages) are still being read: a rule that asks
        for one of them stops with DocumentsPending (see run_early); `provide` gives them."""
        context = CheckContext(schemas, deprecated_terms=deprecated_terms, lexicon=lexicon)
        context._documents_pending = True
        return context

    def provide(self, specs: list[Spec], matrix: list[MatrixRow] | None, matrix_path: str | None,
                messages: list[Message]) -> None:  # fmt: skip
        self._specs, self._matrix, self._matrix_path, self._messages = specs, matrix, matrix_path, messages
        self._documents_pending = False

    def _documents(self) -> None:
        if self._documents_pending:
            raise DocumentsPending()

    @property
    def specs(self) -> list[Spec]:
        self._documents()
        return self._specs

    @property
    def matrix(self) -> list[MatrixRow] | None:
        self._documents()
        return self._matrix

    @property
    def matrix_path(self) -> str | None:
        self._documents()
        return self._matrix_path

    @property
    def messages(self) -> list[Message]:
        self._documents()
        return self._messages

    def not_checked(self, rule_id: str, count: int, what: str) -> None:
        """Record what a rule could not check (a reference into a document not given): not a finding, but counted
        in every report."""
        if count:
            self.unchecked.append(NotChecked(rule_id, count, what))

    @property
    def model(self) -> SchemaModel:
        return self.schemas.model

    @property
    def documents(self) -> list[SchemaDocumentInfo]:
        """Each schema document's path, namespace and declared version (no component model needed)."""
        return self.schemas.documents

    @property
    def compile_errors(self) -> list[CompileError]:
        return self.schemas.compile_errors

    @property
    def schema_refs(self) -> list[tuple[str, SchemaRef]]:
        """(document as shown, import/include/redefine) of every document."""
        return self.schemas.schema_refs

    @property
    def lexicon(self) -> Lexicon:
        """The spelling rules' word lists, made when a rule first asks (the dictionary read when it first asks for
        it): a run without a spelling rule imports none of it."""
        if self._lexicon is None:
            from duislint.lexicon import Lexicon

            self._lexicon = Lexicon(self._lexicon_settings)
        return self._lexicon

    @property
    def lexicon_settings(self) -> LexiconSettings:
        """Where the word lists come from, and the acronyms that need no definition (no file is read)."""
        if self._lexicon_settings is None:
            from duislint.lexicon import LexiconSettings

            return LexiconSettings()
        return self._lexicon_settings

    def lexicon_read_beside(self) -> None:
        """A rule run in another process (run_beside) read the word lists: the report says what they held when
        there was no dictionary (pipeline.check), as it would had the rule run here; a dictionary on disk is not
        read again for that."""
        if self.lexicon.path is None:
            self.lexicon.dictionary  # noqa: B018 - empty: nothing is read

    @property
    def lexicon_used(self) -> Lexicon | None:
        """The word lists, if a rule asked for them."""
        return self._lexicon

    @cached_property
    def graph(self) -> RefGraph:
        """The reference graph, with the edges the messages add (SRV -> body element, message -> type)."""
        graph = self.schemas.graph
        if self.messages:
            from duislint.messages.graph import add_message_edges

            add_message_edges(self.model, graph, self.messages)
        return graph

    @cached_property
    def srv_bodies(self) -> dict[str, str]:
        """SRV -> the request body element its messages use, learnt from the messages."""
        from duislint.messages.learn import srv_bodies

        return srv_bodies(self.messages)

    def memo(self, compute: Callable[[CheckContext], T]) -> T:
        """`compute(self)`, once a run: an analysis several rules read (the twin comparison behind XS401 and XS402,
        a specification's SRV sections)."""
        if compute not in self._memo:
            self._memo[compute] = compute(self)
        return self._memo[compute]


# --- registration -----------------------------------------------------------------------------------------------

_REGISTRY: dict[str, Rule] = {}
_SECTION = re.compile(r"^(Why|Bad|Good|Fix):\s*$", re.MULTILINE)


def rule(rule_id: str, name: str, severity: Severity, family: str, needs_schema: bool = True,  # noqa: ANN201
         opt_in: bool = False, fixes: tuple[str, ...] = ()):  # fmt: skip
    """Register a check rule; its docstring is its documentation. `needs_schema=False`: the rule reads only the
    specifications and the matrix, so it runs without a schema PATH too. `opt_in`: it runs only when selected by
    its ID or name. `fixes`: the kinds of fix its findings may carry ("safe", "unsafe")."""
    assert set(fixes) <= {"safe", "unsafe"}, fixes
    # a rule that offers a fix says what it does (`Fix:`), and one that documents a fix offers it

    def register(func: Callable[[CheckContext], Iterable[Hit]]) -> Callable[[CheckContext], Iterable[Hit]]:
        documented = _documented(rule_id, name, RuleKind.CHECK, family, func)
        assert bool(fixes) == bool(documented.fix_doc), f"{rule_id}: `fixes` and the `Fix:` section disagree"
        _register(replace(documented, severity=severity, check=func, needs_schema=needs_schema, opt_in=opt_in,
                          fixes=fixes))  # fmt: skip
        return func

    return register


def change_rule(rule_id: str, name: str, request: Impact, response: Impact):  # noqa: ANN201
    """Register a diff rule: a function that describes the differences it covers (and returns None for the
    rest); its docstring is its documentation."""

    def register(func: Callable[[Difference], Described | None]) -> Callable[[Difference], Described | None]:
        documented = _documented(rule_id, name, RuleKind.DIFF, "diff", func)
        _register(replace(documented, impacts=Impacts(request, response), classify=func))
        return func

    return register


def _documented(rule_id: str, name: str, kind: RuleKind, family: str, func: Callable[..., Any]) -> Rule:
    summary, sections = parse_doc(inspect.cleandoc(func.__doc__ or ""))
    return Rule(rule_id, name, kind, family, summary, sections.get("Why", ""), sections.get("Bad", ""),
                sections.get("Good", ""), fix_doc=" ".join(sections.get("Fix", "").split()))  # fmt: skip


def _register(new: Rule) -> None:
    if new.id in _REGISTRY:
        raise ValueError(f"duplicate rule id {new.id}")
    _REGISTRY[new.id] = new


def parse_doc(doc: str) -> tuple[str, dict[str, str]]:
    """Summary = the first paragraph; further paragraphs before `Why:` open the rationale."""
    parts = _SECTION.split(doc)
    first, _, rest = parts[0].strip().partition("\n\n")
    sections = {parts[i]: inspect.cleandoc(parts[i + 1]).strip("\n") for i in range(1, len(parts) - 1, 2)}
    sections["Why"] = " ".join(f"{rest} {sections.get('Why', '')}".split())
    return " ".join(first.split()), sections


# The module of each rule family, by ID prefix, so that `--select MS` or a report's rule help imports only the
# modules it needs. tests/test_rules_registry.py checks every registered rule against this index.
RULE_MODULES: dict[str, str] = {
    "XS0": "duislint.rules.compile",
    "XS1": "duislint.rules.references",
    "XS2": "duislint.rules.duplicates",
    "XS3": "duislint.rules.reachability",
    "XS4": "duislint.rules.twins",
    "DU1": "duislint.rules.codes",
    "DU2": "duislint.rules.comments",
    "DU3": "duislint.rules.responses",
    "MS": "duislint.rules.messages",
    "SP1": "duislint.rules.spec_codes",
    "SP2": "duislint.rules.spec_items",
    "SP206": "duislint.rules.spec_values",  # valid sets and defaults (the rest of SP2 is spec_items)
    "SP207": "duislint.rules.spec_values",
    "SP3": "duislint.rules.spec_services",
    "SP4": "duislint.rules.spec_text",
    "SP50": "duislint.rules.spec_terms",  # the Code's documents together: defined terms, references
    "SP51": "duislint.rules.spec_references",
    "NM": "duislint.rules.names",
    "BR": "duislint.diff.rules",
}


DIFF_MODULES = frozenset({"duislint.diff.rules"})  # a check run imports none of the diff's machinery


def all_rules(kind: RuleKind | None = None) -> list[Rule]:
    modules: Iterable[str] = RULE_MODULES.values()
    if kind is not None:
        modules = [m for m in modules if (m in DIFF_MODULES) == (kind is RuleKind.DIFF)]
    _load_modules(modules)
    return sorted((r for r in _REGISTRY.values() if kind is None or r.kind is kind), key=lambda r: r.id)


def default_rules(kind: RuleKind) -> list[Rule]:
    """The rules of one kind a run with no --select runs: all but the opt-in ones."""
    return [r for r in all_rules(kind) if not r.opt_in]


def rules_for(patterns: Iterable[str], kind: RuleKind | None = None) -> list[Rule]:
    """Every rule the patterns (IDs, ID prefixes, names) could name, importing only the modules that hold them;
    a pattern that is not an ID prefix (a rule name, a typo) loads them all. The caller does the matching."""
    modules: set[str] = set()
    for pattern in patterns:
        found = _modules_of(pattern)
        if not found:
            return all_rules(kind)
        modules.update(found)
    _load_modules(modules)
    chosen = (r for r in _REGISTRY.values() if _module_of(r) in modules and (kind is None or r.kind is kind))
    return sorted(chosen, key=lambda r: r.id)


def _module_of(found: Rule) -> str:
    function = found.check or found.classify
    return function.__module__ if function is not None else ""


def get_rule(rule_id: str) -> Rule | None:
    _load_modules(_modules_of(rule_id) or RULE_MODULES.values())
    return _REGISTRY.get(rule_id.upper()) or next((r for r in all_rules() if r.name == rule_id), None)


def select(select_: list[str], ignore: list[str], kind: RuleKind) -> list[Rule]:
    """The rules of one kind that --select (all, if empty) and --ignore leave. A pattern that names no rule of
    either kind is a ValueError; one that names only rules of the other kind selects none of this one."""
    named = rules_for(select_ + ignore) if select_ or ignore else []
    for pattern in select_ + ignore:
        if not any(matches(r, [pattern]) for r in named):
            raise ValueError(pattern)
    pool = [r for r in named if r.kind is kind and matches(r, select_)] if select_ else default_rules(kind)
    return [r for r in pool if not matches(r, ignore) and (not r.opt_in or _named_exactly(r, select_))]


def _named_exactly(found: Rule, patterns: list[str]) -> bool:
    return any(found.id == p.upper() or found.name == p for p in patterns)


def matches(found: Rule, patterns: list[str]) -> bool:
    return any(found.id.startswith(p.upper()) or found.name == p for p in patterns)


_ID_PREFIX = re.compile(r"[A-Z]{1,2}[0-9]{0,3}")


def _modules_of(pattern: str) -> set[str]:
    """The modules an ID or ID prefix can name; none for anything else (a rule name)."""
    upper = pattern.upper()
    if not _ID_PREFIX.fullmatch(upper):
        return set()
    return {module for prefix, module in RULE_MODULES.items() if prefix.startswith(upper) or upper.startswith(prefix)}


def _load_modules(modules: Iterable[str]) -> None:
    for module in sorted(modules):
        import_module(module)


class DocumentsPending(Exception):
    """A rule asked for the run's documents before they were read (CheckContext.pending)."""


@dataclass(frozen=True, slots=True)
class Ran:
    """What one rule made: its findings, and what it could not check."""

    findings: list[Finding]
    unchecked: list[NotChecked]


def run_early(context: CheckContext, selected: Iterable[Rule], severities: dict[str, Severity] | None = None
              ) -> dict[str, Ran]:  # fmt: skip
    """Run, while the run's documents are still being read, each rule that needs none of them (it finishes
    without asking for one); a rule that asks, or fails in any way, is left for run_rules to run in its turn, as
    if it had not begun (what it noted as not checked is taken back; what it built on the way is kept only where
    it read no document: CheckContext.memo keeps no result that raised)."""
    ran: dict[str, Ran] = {}
    for chosen in selected:
        try:
            ran[chosen.id] = _ran(context, chosen, severities)
        except Exception:  # noqa: BLE001, S112 - DocumentsPending, or a failure run_rules meets again where it belongs
            continue
    return ran


def run_beside(context: CheckContext, selected: Iterable[Rule], severities: dict[str, Severity] | None = None,
               done: dict[str, Ran] | None = None) -> dict[str, Ran]:  # fmt: skip
    """Run the rules not `done` yet in two processes (duislint.forked), where that is allowed: a child runs every
    other rule module of them while this process runs the rest (a module's rules stay together: most analyses
    they share through CheckContext.memo are their module's own; one both processes need is made in each).
    Returns what each rule made, for run_rules to take in its turn; a rule the
    child did not finish is left out, and run_rules runs it here (as it does a rule that failed here)."""
    from duislint.forked import Forked

    waiting = [r for r in selected if not done or r.id not in done]
    modules = list(dict.fromkeys(map(_module, waiting)))
    if len(modules) < 2:
        return {}
    theirs = set(modules[::2])
    with Forked.start(lambda: _ran_in_child(context, [r for r in waiting if _module(r) in theirs], severities)
                      ) as child:  # fmt: skip
        if not child.running:
            return {}
        ran = _ran_until_one_fails(context, [r for r in waiting if _module(r) not in theirs], severities)
        sent = child.result()
    if sent is None:
        return ran
    beside, lexicon_loaded = sent
    if lexicon_loaded:
        context.lexicon_read_beside()
    return ran | beside


def _module(chosen: Rule) -> str:
    return chosen.check.__module__ if chosen.check is not None else chosen.id


def _ran_in_child(context: CheckContext, selected: list[Rule], severities: dict[str, Severity] | None
                  ) -> tuple[dict[str, Ran], bool]:  # fmt: skip
    """What the child sends: its rules' findings, and whether it read the word lists."""
    ran = _ran_until_one_fails(context, selected, severities)
    used = context.lexicon_used
    return ran, used is not None and used.loaded


def _ran_until_one_fails(context: CheckContext, selected: list[Rule], severities: dict[str, Severity] | None
                         ) -> dict[str, Ran]:  # fmt: skip
    """Each rule's findings, up to the first rule that fails: run_rules runs it again, and the rest, in their turn,
    so that a failure is reported as it would be with every rule run in order."""
    ran: dict[str, Ran] = {}
    for chosen in selected:
        try:
            ran[chosen.id] = _ran(context, chosen, severities)
        except Exception:  # noqa: BLE001 - see the docstring
            break
    return ran


def _ran(context: CheckContext, chosen: Rule, severities: dict[str, Severity] | None) -> Ran:
    """One rule's findings and what it noted as not checked, taken out of the context (run_rules puts them back
    in their turn); a rule that fails leaves nothing noted."""
    mark = len(context.unchecked)
    try:
        return Ran(_with_severity(chosen, severities).run(context), context.unchecked[mark:])
    finally:
        del context.unchecked[mark:]


def run_rules(
    context: CheckContext,
    selected: Iterable[Rule] | None = None,
    severities: dict[str, Severity] | None = None,
    early: dict[str, Ran] | None = None,
) -> list[Finding]:
    """Run the check rules; `severities` (rule ID -> severity, from the configuration) overrides a rule's own
    severity in the findings it makes, so that no rule needs to know about configuration. `early`: what rules
    already made (run_early), taken in their turn, so that findings and what was not checked come in the same
    order as if every rule ran now."""
    findings: list[Finding] = []
    for chosen in selected if selected is not None else default_rules(RuleKind.CHECK):
        done = early.get(chosen.id) if early else None
        if done is not None:
            findings.extend(done.findings)
            context.unchecked.extend(done.unchecked)
            continue
        findings.extend(_with_severity(chosen, severities).run(context))
    return findings


def _with_severity(chosen: Rule, severities: dict[str, Severity] | None) -> Rule:
    if severities and chosen.id in severities:
        return replace(chosen, severity=severities[chosen.id])
    return chosen

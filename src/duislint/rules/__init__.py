"""Rule registry. A rule is one function from the check context to hits, documented by its docstring.

The docstring has a one-line summary, then sections `Why:`, `Bad:` and `Good:` (as ruff's rule docs do);
`duislint rules` and every report's rule help read it, so code and documentation cannot drift apart.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import TYPE_CHECKING, Callable, Iterable

from duislint.findings import Finding, Location, Severity

if TYPE_CHECKING:  # a CLI pays every import on every run: `--select MS` needs no graph, matrix or spec model
    from duislint.graph import RefGraph
    from duislint.matrix import MatrixRow
    from duislint.spec.model import Spec
    from duislint.xsd.model import SchemaModel, Source


@dataclass(frozen=True)
class Hit:
    """What a rule reports; the registry adds the rule's ID and severity to make a Finding."""

    message: str
    subject: str
    source: Source | Location
    related: tuple[Source | Location, ...] = ()
    suggestion: str | None = None


@dataclass
class CheckContext:
    """Everything a rule may read: the model and graph, specifications, matrix and messages."""

    model: SchemaModel
    graph: RefGraph
    matrix: list[MatrixRow] | None = None
    matrix_path: str | None = None
    specs: list[Spec] = field(default_factory=list)
    deprecated_terms: dict[str, str] = field(default_factory=dict)  # term -> what to write instead
    srv_bodies: dict[str, str] = field(default_factory=dict)  # SRV -> request body element, learnt from messages
    messages: list = field(default_factory=list)  # messages.load.Message, validated against the set
    # analyses that several rules read (e.g. the twin comparison behind XS401 and XS402), computed once a run
    shared: dict[str, object] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], object]) -> object:
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its ID, name, default severity, family, documentation and check function."""

    id: str
    name: str
    severity: Severity
    family: str
    summary: str
    why: str
    bad: str
    good: str
    check: Callable[[CheckContext], Iterable[Hit]] = field(compare=False, repr=False)

    def run(self, context: CheckContext) -> list[Finding]:
        return [self._finding(hit) for hit in self.check(context)]

    def _finding(self, hit: Hit) -> Finding:
        return Finding(
            rule=self.id,
            severity=self.severity,
            message=hit.message,
            subject=hit.subject,
            location=_location(hit.source),
            related=tuple(_location(r) for r in hit.related),
            suggestion=hit.suggestion,
        )


def _location(where: Source | Location) -> Location:
    if isinstance(where, Location):
        return where
    return Location(where.path, where.line or None)


_REGISTRY: dict[str, Rule] = {}
_SECTION = re.compile(r"^(Why|Bad|Good):\s*$", re.MULTILINE)


def rule(rule_id: str, name: str, severity: Severity, family: str):  # noqa: ANN201
    """Register a rule function; its docstring is its documentation."""

    def register(func: Callable[[CheckContext], Iterable[Hit]]) -> Callable[[CheckContext], Iterable[Hit]]:
        doc = inspect.cleandoc(func.__doc__ or "")
        summary, sections = _parse_doc(doc)
        if rule_id in _REGISTRY:
            raise ValueError(f"duplicate rule id {rule_id}")
        _REGISTRY[rule_id] = Rule(
            rule_id, name, severity, family, summary, sections.get("Why", ""), sections.get("Bad", ""),
            sections.get("Good", ""), func,
        )  # fmt: skip
        return func

    return register


def _parse_doc(doc: str) -> tuple[str, dict[str, str]]:
    """Summary = the first paragraph; further paragraphs before `Why:` open the rationale."""
    parts = _SECTION.split(doc)
    first, _, rest = parts[0].strip().partition("\n\n")
    sections = {parts[i]: inspect.cleandoc(parts[i + 1]).strip("\n") for i in range(1, len(parts) - 1, 2)}
    sections["Why"] = " ".join(f"{rest} {sections.get('Why', '')}".split())
    return " ".join(first.split()), sections


# The module of each rule family, by ID prefix, so that `--select MS` or a report's rule help imports only the
# modules it needs. tests/test_cli.py checks every registered rule against this index.
RULE_MODULES: dict[str, str] = {
    "XS0": "compile",
    "XS1": "references",
    "XS2": "duplicates",
    "XS3": "reachability",
    "XS4": "twins",
    "DU1": "codes",
    "DU2": "comments",
    "MS": "messages",
    "SP1": "spec_codes",
    "SP2": "spec_items",
    "SP3": "spec_services",
    "SP4": "spec_text",
}


def all_rules() -> list[Rule]:
    _load_modules(RULE_MODULES.values())
    return sorted(_REGISTRY.values(), key=lambda r: r.id)


def rules_for(patterns: Iterable[str]) -> list[Rule]:
    """Every rule the patterns (IDs, ID prefixes, names) could name, importing only the modules that hold them;
    a pattern that is not an ID prefix (a rule name, a typo) loads them all. The caller does the matching."""
    modules: set[str] = set()
    for pattern in patterns:
        found = _modules_of(pattern)
        if not found:
            return all_rules()
        modules.update(found)
    _load_modules(modules)
    return sorted(
        (r for r in _REGISTRY.values() if r.check.__module__.rpartition(".")[2] in modules), key=lambda r: r.id
    )


def get_rule(rule_id: str) -> Rule | None:
    _load_modules(_modules_of(rule_id) or RULE_MODULES.values())
    return _REGISTRY.get(rule_id.upper()) or next((r for r in all_rules() if r.name == rule_id), None)


_ID_PREFIX = re.compile(r"[A-Z]{1,2}[0-9]{0,3}")


def _modules_of(pattern: str) -> set[str]:
    """The modules an ID or ID prefix can name; none for anything else (a rule name)."""
    upper = pattern.upper()
    if not _ID_PREFIX.fullmatch(upper):
        return set()
    return {module for prefix, module in RULE_MODULES.items() if prefix.startswith(upper) or upper.startswith(prefix)}


def _load_modules(modules: Iterable[str]) -> None:
    for module in sorted(modules):
        import_module(f"duislint.rules.{module}")


def run_rules(
    context: CheckContext, selected: Iterable[Rule] | None = None, severities: dict[str, Severity] | None = None
) -> list[Finding]:
    """Run the rules; `severities` (rule ID -> severity, from the configuration) overrides a rule's own severity
    in the findings it makes, so that no rule needs to know about configuration."""
    findings: list[Finding] = []
    for r in selected if selected is not None else all_rules():
        if severities and r.id in severities:
            r = replace(r, severity=severities[r.id])
        findings.extend(r.run(context))
    return findings

"""Rule registry. A rule is one function from the check context to hits, documented by its docstring.

The docstring has a one-line summary, then sections `Why:`, `Bad:` and `Good:` (as ruff's rule docs do);
`duislint rules` and every report's rule help read it, so code and documentation cannot drift apart.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from duislint.findings import Finding, Location, Severity
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


def all_rules() -> list[Rule]:
    _load_rule_modules()
    return sorted(_REGISTRY.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule | None:
    _load_rule_modules()
    return _REGISTRY.get(rule_id.upper()) or next((r for r in _REGISTRY.values() if r.name == rule_id), None)


def _load_rule_modules() -> None:
    from duislint.rules import (  # noqa: F401
        codes,
        comments,
        compile,
        duplicates,
        messages,
        reachability,
        references,
        spec_codes,
        spec_items,
        spec_services,
        spec_text,
        twins,
    )


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

"""What two schema sets accept, compared as languages: content models as automata over element names
(semantics.content), simple types as value spaces (semantics.values, with XSD patterns as automata via
semantics.regex), attributes by use, type and fixed value (semantics.attributes), and whole types and
declarations, recursively (semantics.types). `duislint diff` judges each change by these relations and shows a
witness built by semantics.instances.

A relation says, for the old language O and the new language N, whether O is a subset of N and N a subset of O,
each with a smallest witness when it is not; None where it could not be decided within the budgets (an
undecided verdict is never reported as harmless)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

W = TypeVar("W")


class Undecidable(Exception):
    """A comparison that cannot be decided here: an unsupported construct, or an automaton over its budget."""


@dataclass(frozen=True, slots=True)
class Relation(Generic[W]):
    """Inclusion both ways between an old and a new language, with a witness for each inclusion that fails:
    `old_only` is in the old language and not the new one, `new_only` the reverse."""

    old_in_new: bool | None
    new_in_old: bool | None
    old_only: W | None = None
    new_only: W | None = None
    reason: str = ""  # why a direction is undecided

    @property
    def equivalent(self) -> bool:
        return self.old_in_new is True and self.new_in_old is True

    @property
    def decided(self) -> bool:
        return self.old_in_new is not None and self.new_in_old is not None


def undecided(reason: str) -> Relation:
    return Relation(None, None, reason=reason)


EQUAL: Relation = Relation(True, True)

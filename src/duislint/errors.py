"""Why a run stops, and the one record every failure report renders. The CLI turns each into exit 2."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class InputError(Exception):
    """An input (file or argument) that duislint cannot use; its text is one line naming file and line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class UsageError(Exception):
    """A command line that cannot be run as given (an unknown flag, a -o that would replace an input); one line."""


class FailureKind(StrEnum):
    INPUT = "input"  # an input could not be read
    USAGE = "usage"  # the command line cannot be run as given
    INTERNAL = "internal"  # duislint itself failed
    INTERRUPTED = "interrupted"  # Ctrl-C or SIGTERM


_HEADLINES = {
    FailureKind.INPUT: "could not read its input",
    FailureKind.USAGE: "could not run as asked",
    FailureKind.INTERNAL: "stopped on an internal error",
    FailureKind.INTERRUPTED: "was interrupted",
}


@dataclass(frozen=True, slots=True)
class Failure:
    """A run that stopped before it had a result: what stopped it and, for an input, which file and line. Every
    report file asked for gets this instead of a result, so none is ever left saying "clean" (or yesterday's)."""

    kind: FailureKind
    message: str
    path: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def headline(self) -> str:
        """What happened, after "duislint ...": 'could not read its input'."""
        return _HEADLINES[self.kind]

    @property
    def text(self) -> str:
        """One line: where, then what."""
        return f"{self.where}: {self.message}" if self.where else self.message

    @classmethod
    def of_input(cls, error: InputError) -> Failure:
        return cls(FailureKind.INPUT, error.message, error.path, error.line)

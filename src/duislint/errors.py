"""The one exception type that stops a run: an input that cannot be read. The CLI turns it into exit 2."""

from __future__ import annotations


class InputError(Exception):
    """An input (file or argument) that duislint cannot use; its text is one line naming file and line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")

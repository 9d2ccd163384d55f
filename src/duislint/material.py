"""What a check or diff run read, kept for the formats that show evidence (HTML): the schema model and reference
graph, the specifications as read, and the text of each input, by the path reports show.

Nothing here is computed for a report: the objects are the ones the run built anyway. Schema texts are the lines
the loader split (a git side of a diff lives in a temporary folder that is gone when its report is written); other
text inputs (a matrix, a Markdown specification, a message) are read on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    from duislint.graph import RefGraph
    from duislint.spec.model import Spec

_BINARY = (".docx", ".zip", ".png", ".pdf")


@dataclass
class Material:
    """What a run read, for the formats that show evidence; texts are read, and the graph built, on first use."""

    specs: list[Spec] = field(default_factory=list)
    schema_lines: dict[str, Sequence[str]] = field(default_factory=dict)  # display path -> lines, as loaded
    files: dict[str, str] = field(default_factory=dict)  # display path -> path on disk, for the other inputs
    graph_of: Callable[[], RefGraph] | None = field(default=None, repr=False)
    _read: dict[str, list[str] | None] = field(default_factory=dict, repr=False)

    @property
    def graph(self) -> RefGraph | None:
        return self.graph_of() if self.graph_of is not None else None

    def lines(self, path: str) -> Sequence[str] | None:
        """The text of an input as lines, or None for a binary file (a .docx) or one that cannot be read."""
        if path in self.schema_lines:
            return self.schema_lines[path]
        if path not in self._read:
            self._read[path] = _read_text(self.files.get(path, path))
        return self._read[path]

    def spec(self, path: str) -> Spec | None:
        return next((s for s in self.specs if s.path == path), None)


def _read_text(path: str) -> list[str] | None:
    if path.lower().endswith(_BINARY):
        return None
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if b"\x00" in raw[:8192]:
        return None
    return raw.decode("utf-8-sig", errors="replace").splitlines()

"""Paths as CI services want them: relative to the repository root (the git top-level), forward slashes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote


def repository_root(start: Path | None = None) -> Path:
    """The git top-level above `start` (the working directory by default): the nearest folder holding `.git`, a
    folder or, in a worktree or submodule, a file. Outside a repository, the working directory itself."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def repository_path(path: str, root: Path) -> str | None:
    """`path` (as reports show it: relative to the working directory, or absolute) relative to `root`, with
    forward slashes; None when it lies outside `root`."""
    try:
        return Path(path).resolve().relative_to(root).as_posix()  # resolved: code scanning cannot follow symlinks
    except ValueError:
        return None


def artifact_uri(path: str, root: Path) -> str:
    """A URI reference for SARIF: relative to the repository root and percent-encoded (a space is %20); a file
    outside the repository gets an absolute file: URI."""
    relative = repository_path(path, root)
    if relative is not None:
        return quote(relative, safe="/")
    return Path(path).resolve().as_uri()


def spec_position(location) -> str:  # noqa: ANN001
    """Where in a specification: '§3.8.5.2 table 13 row 2', with the document of the Code it is in when known
    ('Appendix AD §3.8.5.2 table 13 row 2', 'Section H §H17.5(a)'); empty for a schema location."""
    parts = [location.document] if location.document else []
    if location.section:
        parts.append(f"§{location.section}")
    if location.table is not None:
        parts.append(f"table {location.table}")
    if location.row is not None:
        parts.append(f"row {location.row}")
    return " ".join(parts)

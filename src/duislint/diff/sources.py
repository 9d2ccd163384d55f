"""A diff side: a path on disk, or `REV:PATH` read from the current git repository (no second checkout needed)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from duislint.errors import InputError
from duislint.xsd.loader import display_path

_REV_PATH = re.compile(r"^(?P<rev>[^:\s][^:]*):(?P<path>.*)$")


@dataclass(frozen=True, slots=True)
class SideSource:
    """Where a side's files are on disk, the label the user gave, and how its files are named in reports: as on
    disk for a folder, as REV:PATH for a git side (never its temporary copy)."""

    path: str
    label: str
    display: Callable[[str], str] = display_path
    is_git: bool = False


def is_git_side(text: str) -> bool:
    """REV:PATH, but not a Windows drive ("C:/x") and not an existing file or folder with a colon in its name."""
    match = _REV_PATH.match(text)
    return match is not None and len(match.group("rev")) > 1 and not Path(text).exists()


@contextmanager
def materialise(text: str) -> Iterator[SideSource]:
    """The side on disk; a git side is exported to a temporary folder for as long as the context lasts."""
    if not is_git_side(text):
        yield SideSource(text, text)
        return
    match = _REV_PATH.match(text)
    if match is None:  # is_git_side said it matches
        raise InputError(text, "not REV:PATH")
    rev, path = match.group("rev"), match.group("path")
    prefix = "" if path.startswith("/") else _git(["rev-parse", "--show-prefix"], text).strip()
    repo_path = os.path.normpath(os.path.join(prefix, path.strip("/") or ".")).replace(os.sep, "/")
    repo_path = "" if repo_path == "." else repo_path  # the repository root: `REV:` names its tree
    kind = _git(["cat-file", "-t", f"{rev}:{repo_path}"], text).strip()
    # a file's imports sit beside it: export its whole folder
    folder = repo_path.rsplit("/", 1)[0] if kind == "blob" and "/" in repo_path else ("" if kind == "blob" else repo_path)
    with tempfile.TemporaryDirectory(prefix="duislint-") as tmp:
        listing = _git(["ls-tree", "--full-tree", "-r", "--name-only", rev, "--", folder or "."], text)
        files = [f for f in listing.splitlines() if f.lower().endswith(".xsd")]
        if not files:
            raise InputError(text, f"no .xsd file under {folder or 'the repository root'} at {rev}")
        for name in files:
            target = Path(tmp, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git_bytes(["show", f"{rev}:{name}"], text))
        root = os.path.abspath(tmp)

        def shown(file: str) -> str:
            inside = os.path.relpath(os.path.abspath(file), root).replace(os.sep, "/")
            return f"{rev}:{inside}" if not inside.startswith("..") else display_path(file)

        try:
            yield SideSource(str(Path(tmp, repo_path)) if repo_path else tmp, text, shown, is_git=True)
        except InputError as exc:  # name the file as REV:PATH, not as the temporary copy
            message = exc.message.replace(root + os.sep, f"{rev}:")
            raise InputError(exc.path.replace(root + os.sep, f"{rev}:"), message, exc.line) from None


def _git(args: list[str], side: str) -> str:
    return _git_bytes(args, side).decode("utf-8", "replace")


def _git_bytes(args: list[str], side: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(side, f"cannot run git: {exc}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(side, f"git {args[0]}: {message[-1] if message else 'failed'}")
    return result.stdout

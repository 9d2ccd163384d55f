"""A diff side: a path on disk, or `REV:PATH` read from the current git repository (no second checkout needed)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from duislint.errors import InputError

_REV_PATH = re.compile(r"^(?P<rev>[^:\s][^:]*):(?P<path>.*)$")


def is_git_side(text: str) -> bool:
    """REV:PATH, but not a Windows drive ("C:/x") and not an existing file or folder with a colon in its name."""
    match = _REV_PATH.match(text)
    return bool(match) and len(match.group("rev")) > 1 and not Path(text).exists()


@contextmanager
def materialise(text: str) -> Iterator[tuple[str, str]]:
    """Yield (path on disk, label) for a side; git sides are exported to a temporary folder."""
    if not is_git_side(text):
        yield text, text
        return
    match = _REV_PATH.match(text)
    assert match is not None
    rev, path = match.group("rev"), match.group("path").strip("/") or "."
    top = _git(["rev-parse", "--show-toplevel"], text).strip()
    prefix = _git(["rev-parse", "--show-prefix"], text).strip()
    repo_path = os.path.normpath(os.path.join(prefix, path)).replace(os.sep, "/")
    kind = _git(["cat-file", "-t", f"{rev}:{repo_path}"], text).strip()
    # a file's imports sit beside it: export its whole folder
    folder = (
        repo_path.rsplit("/", 1)[0] if kind == "blob" and "/" in repo_path else ("." if kind == "blob" else repo_path)
    )
    with tempfile.TemporaryDirectory(prefix="duislint-") as tmp:
        listing = _git(["ls-tree", "--full-tree", "-r", "--name-only", rev, "--", folder], text)
        files = [f for f in listing.splitlines() if f.lower().endswith(".xsd")]
        if not files:
            raise InputError(text, f"no .xsd file under {folder} at {rev}")
        for name in files:
            target = Path(tmp, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git_bytes(["show", f"{rev}:{name}"], text))
        del top
        try:
            yield str(Path(tmp, repo_path)), text
        except InputError as exc:  # name the file as REV:PATH, not as the temporary copy
            shown = exc.path.replace(str(Path(tmp)) + os.sep, f"{rev}:")
            raise InputError(shown, exc.message, exc.line) from None


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

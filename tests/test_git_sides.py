"""`duislint diff REV:PATH`: a side read from the git repository, named REV:PATH in every report, never by its
temporary copy; the repository root works as `REV:`, `REV:.` and `REV:/` (issue 17, item 11)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import cli

DEMO = ROOT / "schemas" / "demo"


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """A git repository whose root holds the demo's 9.0 schemas, committed, then the 9.1 ones in the work tree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    for name in ("DUIS Demo V9.0.xsd", "MMC Demo V9.0.xsd"):
        shutil.copy(DEMO / "9.0" / name, tmp_path / name)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "9.0"]):
        subprocess.run(["git", *command], check=True, env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True)
    for name in ("DUIS Demo V9.0.xsd", "MMC Demo V9.0.xsd"):
        (tmp_path / name).unlink()
    for name in ("DUIS Demo V9.1.xsd", "MMC Demo V9.1.xsd"):
        shutil.copy(DEMO / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("old", ["HEAD:", "HEAD:.", "HEAD:/"])
def test_the_repository_root_is_a_side(repository, old):
    result = cli("diff", old, ".", "--format", "json", "--fail-on", "never")

    assert result.code == 0, result.err
    report = result.json()
    assert report["old"] == old and report["changes"]
    old_paths = {c["old"]["path"] for c in report["changes"] if c["old"]}
    assert old_paths == {"HEAD:DUIS Demo V9.0.xsd"}  # REV:PATH, never the temporary copy
    assert not any("duislint-" in json.dumps(c) for c in report["changes"])


def test_a_git_side_is_named_rev_path_in_the_html_report_too(repository):
    result = cli("diff", "HEAD:", ".", "--format", "html", "--fail-on", "never")

    assert result.code == 0, result.err
    assert "HEAD:DUIS Demo V9.0.xsd" in result.out and "/tmp/" not in result.out

"""What a user installs: a wheel with its licence and an SPDX licence expression, and a pre-commit hook that works
with no arguments (issue 16, item 9)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, sr_schema


def test_the_wheel_carries_the_licence_and_an_spdx_expression(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                            capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "deprecated" not in (result.stdout + result.stderr).lower()
    [wheel] = tmp_path.glob("duislint-*.whl")
    with zipfile.ZipFile(wheel) as package:
        names = package.namelist()
        metadata = package.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.fixture
def schema_repository(tmp_path, monkeypatch) -> Path:
    """A git repository of a project that keeps a DUIS set: one clean folder, one with an unresolved reference."""
    if shutil.which("git") is None or shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("git or pre-commit is not installed")
    repository = tmp_path / "project"
    (repository / "clean").mkdir(parents=True)
    (repository / "broken").mkdir()
    (repository / "clean" / "sr.xsd").write_text(sr_schema('<xs:element name="Request" type="xs:string"/>'),
                                                 encoding="utf-8")  # fmt: skip
    (repository / "broken" / "sr.xsd").write_text(sr_schema('<xs:element name="Request" type="sr:Missing"/>'),
                                                  encoding="utf-8")  # fmt: skip
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}  # fmt: skip
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "schemas"]):
        subprocess.run(["git", *command], cwd=repository, env=env, check=True, capture_output=True)
    monkeypatch.chdir(repository)
    return repository


def _try_repo(*files: str) -> subprocess.CompletedProcess[str]:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    return subprocess.run([str(pre_commit), "try-repo", str(ROOT), "duislint", "--files", *files], capture_output=True,
                          text=True, timeout=900, check=False)  # fmt: skip


def test_the_pre_commit_hook_passes_quietly_and_fails_with_the_findings(schema_repository):
    passed = _try_repo("clean/sr.xsd")
    failed = _try_repo("clean/sr.xsd", "broken/sr.xsd")

    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout and "XS101" not in passed.stdout
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "XS101" in failed.stdout and "broken/sr.xsd" in failed.stdout
    assert "1 finding" in failed.stdout

"""Every duislint command the README shows runs as written (exit 0 or 1, never a usage or input error)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT, duis_data


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith(".venv/bin/duislint "):
                commands.append(line)
    return commands


def test_readme_shows_every_verb():
    verbs = {shlex.split(c)[1] for c in readme_commands()}
    assert verbs == {"check", "graph", "refs", "rules", "extract", "diff"}


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command):
    duis_data()  # most commands read the real DUIS data beside the checkout
    args = shlex.split(command)[1:]
    result = subprocess.run([sys.executable, "-m", "duislint", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr

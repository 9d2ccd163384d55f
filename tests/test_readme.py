"""Every duislint command the README shows runs as written, on its own (exit 0 or 1, never a usage or input error).

Commands run from the checkout, as a reader runs them; what they would write there (reports, a baseline) is written
under the test's temporary folder instead, so the test leaves the checkout as it was and no command depends on a
file another one wrote.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, duis_data


def demo_outputs() -> set[str]:
    """What `make demo` writes (its `-o` and `FORMAT:FILE` targets): no README command may replace it."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"(?:-o |:)(reports/[\w.-]+)", makefile))


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith(".venv/bin/duislint "):
                commands.append(line)
    return commands


def outputs_under(args: list[str], folder: Path) -> tuple[list[str], list[Path]]:
    """The command with every file it writes (-o FILE, --format FORMAT:FILE, --baseline FILE --update-baseline)
    moved under `folder`, and those files."""
    moved: list[str] = []
    written: list[Path] = []
    updating = "--update-baseline" in args

    def target(path: str) -> str:
        if path == "-":
            return path
        written.append(folder / path)
        return str(folder / path)

    items = iter(args)
    for arg in items:
        if arg in ("-o", "--output") or (arg == "--baseline" and updating):
            moved += [arg, target(next(items))]
        elif arg == "--format":
            value = next(items)
            name, sep, path = value.partition(":")
            moved += [arg, f"{name}:{target(path)}" if sep else value]
        else:
            moved.append(arg)
    return moved, written


def test_readme_shows_every_verb():
    verbs = {shlex.split(c)[1] for c in readme_commands()}
    assert verbs == {"check", "graph", "refs", "rules", "extract", "diff", "fix"}


def test_no_readme_command_overwrites_what_make_demo_wrote():
    written = demo_outputs()
    assert "reports/demo.html" in written
    for command in readme_commands():
        _, targets = outputs_under(shlex.split(command)[1:], Path("."))
        assert not {str(t) for t in targets} & written, command


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command, tmp_path):
    duis_data()  # most commands read the real DUIS data beside the checkout
    args, written = outputs_under(shlex.split(command)[1:], tmp_path)
    result = subprocess.run([sys.executable, "-m", "duislint", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    for path in written:
        if "--xsd" in args:  # `fix --xsd -o FOLDER`: a folder holding the fixed schema set
            assert path.is_dir() and any(p.suffix == ".xsd" for p in path.iterdir()), f"{command}: {path.name} empty"
            continue
        assert path.is_file() and path.stat().st_size > 0, f"{command}: {path.name} was not written"

"""Run duislint in-process and read its output, as a user reading the report would."""

from __future__ import annotations

import contextlib
import io
import json
import time
from pathlib import Path
from typing import NamedTuple

from duislint.cli import main


class Run(NamedTuple):
    """One in-process run: exit code, what it printed on stdout and stderr, and how long it took."""

    code: int
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err

    def json(self) -> dict:
        return json.loads(self.out)


def cli(*args: str | Path) -> Run:
    """`duislint ARGS` in this process; an exception escaping main is a crash, and fails the test with its traceback."""
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue(), time.monotonic() - start)


def check_json(*paths: str | Path, extra: tuple[str, ...] = ()) -> dict:
    """`duislint check PATHS --format json` parsed; fails the test on exit code 2."""
    run = cli("check", *paths, "--format", "json", "--fail-on", "never", *extra)
    assert run.code == 0, run.err
    return run.json()


def findings_of(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


def assert_failure_report(report: Path, stderr: str) -> None:
    """A report written for a run whose input failed to load: it names the input stderr names, and claims no
    result (never a clean report, never a half-written one)."""
    text = report.read_text(encoding="utf-8")
    if report.suffix == ".json":
        document = json.loads(text)
        assert document["complete"] is False and document["error"]["path"] in stderr, (document, stderr)
        assert not document.get("findings") and not document.get("changes")
    else:
        assert "could not read" in text or "error" in text.lower(), text[:300]


def line_of(text: str, marker: str, nth: int = 1) -> int:
    """1-based line number of the nth line of `text` that contains `marker`."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(hits) >= nth, f"marker {marker!r} occurs {len(hits)} time(s) in the fixture"
    return hits[nth - 1]


def only(report: dict, rule: str) -> dict:
    """The one finding of `rule`: a defect is reported once, not once per path that leads to it."""
    found = findings_of(report, rule)
    assert len(found) == 1, [f["message"] for f in found]
    return found[0]


def at(finding: dict) -> tuple[str, int | None]:
    return finding["location"]["path"], finding["location"]["line"]

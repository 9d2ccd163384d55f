"""The benchmarks run (one timed run each) and end with their budget line; their timings are not asserted here:
speed is measured by `make bench`, never by a timed test on a noisy machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import duis_data

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


# each at its smallest: the real-sized specification is checked clean by tests/test_real_spec.py instead
SMALL = {"bench_spec.py": ("--small",), "bench_sec_documents.py": ("--clauses", "20")}


@pytest.mark.parametrize(
    "script", ["bench_check.py", "bench_spec.py", "bench_sec_documents.py", "bench_diff.py", "bench_messages.py"]
)
def test_benchmark_runs_and_states_its_budget(script):
    env = dict(os.environ, DUIS_DATA=str(duis_data()))
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--runs", "1", *SMALL.get(script, ())],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    table = [line for line in lines if line.startswith("  ")]
    verdicts = [line for line in lines if "(within budget" in line or "(OVER budget" in line]
    assert len(verdicts) == 1, result.stdout
    assert len(table) >= 2, result.stdout
    assert all(" ms " in line and " cpu " in line and " MiB" in line for line in table), result.stdout


def test_scaling_benchmark_gives_time_and_memory_for_the_input_kinds_of_item_13():
    """bench_scaling.py's document, schema, Word table, zip and message kinds at a thousandth of their size: each
    prints its four sizes with the floor, the 10x/1x line and the memory verdict; the XML kinds also lxml's own
    run on the same input, and duislint's memory against it."""
    kinds = ("docx", "xsd", "wordtable", "zip", "message")
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_scaling.py"), "--kinds", ",".join(kinds), "--scale", "0.001",
         "--runs", "1"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines if not line.startswith(" ")] == list(kinds), result.stdout
    assert sum("10x/1x = " in line for line in lines) == len(kinds), result.stdout
    memory = [line for line in lines if "memory at 10x:" in line]
    assert len(memory) == len(kinds) and all("budget 10x + the floor)" in line for line in memory), result.stdout
    lxml = [line.split()[0] for line in lines if line.startswith("  lxml ")]
    assert lxml == ["lxml"] * 2 * (1 + 4 + 1), result.stdout  # xsd and message: the floor, four sizes, its peak
    assert sum("duislint's peak at 10x above its floor: " in line and "x lxml's" in line for line in lines) == 2

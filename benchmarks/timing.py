"""What every benchmark here does: time whole processes side by side, alternating so machine noise hits all of
them alike, after one warm-up run each (page cache), and report medians: wall-clock time, the CPU time the
process used (user + system, from wait4), which a busy neighbour on a shared machine disturbs less, and its peak
memory (the maximum resident set size wait4 reports for the child).

The package's bytecode is compiled first, as `pip install` does for an installed copy: with
PYTHONDONTWRITEBYTECODE set (as on some CI machines), an editable checkout would otherwise recompile every module
on every run and time the compiler.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src"


@dataclass(frozen=True)
class Timings:
    """Per command name: median wall seconds, median CPU seconds, every wall sample, and the median peak memory
    (MiB)."""

    wall: dict[str, float]
    cpu: dict[str, float]
    samples: dict[str, list[float]]
    peak: dict[str, float]


FINISHED = (0, 1)  # exit codes of a run that did its work (1: duislint found something)


def time_once(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of a command."""
    wall, cpu, _ = measure_once(command)
    return wall, cpu


def measure_once(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak memory in MiB) of one run of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = 0  # reaped by wait4; keep Popen from waiting again
    code = os.waitstatus_to_exitcode(status)
    if code not in FINISHED:  # a run that failed is no timing of the work: never report it as one
        raise SystemExit(f"benchmark: {' '.join(command)} failed (exit {code}): no timing reported")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss: KiB on Linux


def side_by_side(commands: dict[str, list[str]], runs: int) -> Timings:
    compileall.compile_dir(str(SOURCE), quiet=1, force=True)
    for command in commands.values():
        time_once(command)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            wall, cpu, peak = measure_once(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
            peaks[name].append(peak)
    return Timings(
        {name: statistics.median(values) for name, values in walls.items()},
        {name: statistics.median(values) for name, values in cpus.items()},
        walls,
        {name: statistics.median(values) for name, values in peaks.items()},
    )


def print_table(timings: Timings, reference: str, label: str) -> None:
    """One line per command: wall median (range), CPU median, both as a multiple of the reference command, and
    the median peak memory."""
    for name, wall in timings.wall.items():
        samples = timings.samples[name]
        spread = f"{min(samples) * 1000:.1f}-{max(samples) * 1000:.1f}"
        cpu = timings.cpu[name]
        print(
            f"  {name:<36} {wall * 1000:8.1f} ms ({spread}) {wall / timings.wall[reference]:5.2f}x {label}"
            f"   cpu {cpu * 1000:7.1f} ms {cpu / timings.cpu[reference]:5.2f}x   peak {timings.peak[name]:6.1f} MiB"
        )


def verdict(timings: Timings, measured: str, reference: str, budget: float, label: str) -> str:
    """The budget line: the wall-clock ratio decides; the CPU ratio is shown beside it."""
    wall = timings.wall[measured] / timings.wall[reference]
    cpu = timings.cpu[measured] / timings.cpu[reference]
    within = "within" if wall <= budget else "OVER"
    return f"{label} = {wall:.2f} wall, {cpu:.2f} cpu ({within} budget {budget})"


def memory_verdict(timings: Timings, measured: str, budget_mib: float) -> str:
    """The peak memory budget's part of a budget line."""
    peak = timings.peak[measured]
    within = "within" if peak < budget_mib else "OVER"
    return f"peak {peak:.0f} MiB ({within} budget {budget_mib:.0f} MiB)"

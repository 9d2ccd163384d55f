"""What every benchmark here does: time whole processes side by side, alternating so machine noise hits all of
them alike, after one warm-up run each (page cache, .pyc files), and report medians."""

from __future__ import annotations

import statistics
import subprocess
import time


def time_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def side_by_side(commands: dict[str, list[str]], runs: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    """(median seconds, all timings) per command name."""
    for command in commands.values():
        time_once(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(time_once(command))
    return {name: statistics.median(values) for name, values in times.items()}, times

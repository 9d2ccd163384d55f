"""Whole-process timing of `duislint diff 5.3a 5.4` on the real DUIS sets, side by side with the xmlschema load
of DUIS 5.4.

Each command runs as a fresh process (a CLI pays its imports every run), alternating so machine noise hits both
alike; medians are reported with their ratio. Budget (issue #4): duislint diff <= 0.5x the xmlschema load.

    .venv/bin/python benchmarks/bench_diff.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import print_table, side_by_side, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DUIS_DATA", ROOT.parent / "shared" / "duis"))
OLD = DATA / "schemas" / "5.3a"
NEW = DATA / "schemas" / "5.4"
DUIS_XSD = NEW / "DUIS Schema V5.4.xsd"
BUDGET = 0.5
DIFF = "duislint diff 5.3a 5.4 (json)"
XMLSCHEMA = "xmlschema.XMLSchema(5.4)"
XMLSCHEMA_SCRIPT = "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1])"


def commands(out: str) -> dict[str, list[str]]:
    python = sys.executable
    return {
        DIFF: [
            python,
            "-m",
            "duislint",
            "diff",
            str(OLD),
            str(NEW),
            "--format",
            "json",
            "-o",
            out,
            "--fail-on",
            "never",
        ],
        XMLSCHEMA: [python, "-c", XMLSCHEMA_SCRIPT, str(DUIS_XSD)],
        "python startup": [python, "-c", "pass"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (OLD.is_dir() and DUIS_XSD.is_file()):
        print(f"real DUIS data not found at {DATA} (set DUIS_DATA)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "diff.json"
        cmds = commands(str(out))
        timings = side_by_side(cmds, args.runs)
        changes = json.loads(out.read_text(encoding="utf-8"))["summary"]  # the diff really ran and wrote its report
    print(f"DUIS 5.3a -> 5.4, whole process, median of {args.runs} runs (diff summary: {changes})")
    print_table(timings, XMLSCHEMA, "xmlschema")
    print(verdict(timings, DIFF, XMLSCHEMA, BUDGET, "duislint diff / xmlschema load"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

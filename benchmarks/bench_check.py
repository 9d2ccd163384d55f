"""Whole-process timing of `duislint check` on the real DUIS 5.4 set, side by side with xmlschema and lxml.

Each command runs as a fresh process (a CLI pays its imports every run), alternating so machine noise hits all
alike; medians are reported with their ratios. Budget (issue #2): duislint <= 0.35x the xmlschema load.

    make bench                     # or: .venv/bin/python benchmarks/bench_check.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import print_table, side_by_side, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DUIS_DATA", ROOT.parent / "shared" / "duis"))
SCHEMAS = DATA / "schemas" / "5.4"
DUIS_XSD = SCHEMAS / "DUIS Schema V5.4.xsd"
BUDGET = 0.35

LXML_SCRIPT = """
import sys
from lxml import etree
path = sys.argv[1]
raw = open(path, 'rb').read().replace(b'schemaLocation="MMC Schema V5.4.xsd"', b'schemaLocation="MMC%20Schema%20V5.4.xsd"')
etree.XMLSchema(etree.fromstring(raw, base_url=path).getroottree())
"""
XMLSCHEMA_SCRIPT = "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1])"


def commands(out: str) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "duislint check (json)": [
            python,
            "-m",
            "duislint",
            "check",
            str(SCHEMAS),
            "--format",
            "json",
            "-o",
            out,
            "--fail-on",
            "never",
        ],
        "xmlschema.XMLSchema": [python, "-c", XMLSCHEMA_SCRIPT, str(DUIS_XSD)],
        "lxml etree.XMLSchema": [python, "-c", LXML_SCRIPT, str(DUIS_XSD)],
        "python startup": [python, "-c", "pass"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    if not DUIS_XSD.is_file():
        print(f"real DUIS data not found at {DATA} (set DUIS_DATA)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(str(Path(tmp) / "report.json"))
        timings = side_by_side(cmds, args.runs)
    print(f"DUIS 5.4 schema set, whole process, median of {args.runs} runs")
    print_table(timings, "xmlschema.XMLSchema", "xmlschema")
    print(verdict(timings, "duislint check (json)", "xmlschema.XMLSchema", BUDGET, "duislint / xmlschema"))
    lxml_ratio = timings.wall["duislint check (json)"] / timings.wall["lxml etree.XMLSchema"]
    print(f"duislint / lxml = {lxml_ratio:.2f} wall (it also models, graphs and runs the rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Whole-process timing of validating the 297 real DUIS 5.4 request messages: `duislint check 5.4 --messages`
against a bare lxml script that compiles the schema and validates the same files (budget: <= 2x), side by side.

    .venv/bin/python benchmarks/bench_messages.py [--runs N]
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
MESSAGES = DATA / "messages" / "requests-5.4"
BUDGET = 2.0
DUISLINT, LXML = "duislint check --messages (json)", "bare lxml compile + validate"

# What a user would write: escape the raw space libxml2 refuses, compile once, validate every file.
LXML_SCRIPT = """
import sys, pathlib
from lxml import etree
schemas, messages = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
path = str(schemas / "DUIS Schema V5.4.xsd")
raw = open(path, "rb").read().replace(b'schemaLocation="MMC Schema V5.4.xsd"', b'schemaLocation="MMC%20Schema%20V5.4.xsd"')
schema = etree.XMLSchema(etree.fromstring(raw, base_url=path).getroottree())
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
invalid = sum(not schema.validate(etree.parse(str(f), parser)) for f in sorted(messages.iterdir()))
print(invalid)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not MESSAGES.is_dir():
        print(f"real DUIS data not found at {DATA} (set DUIS_DATA)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            DUISLINT: [
                sys.executable,
                "-m",
                "duislint",
                "check",
                str(SCHEMAS),
                "--select",
                "MS",
                "--messages",
                str(MESSAGES),
                "--format",
                "json",
                "-o",
                f"{tmp}/r.json",
                "--fail-on",
                "never",
            ],  # fmt: skip
            LXML: [sys.executable, "-c", LXML_SCRIPT, str(SCHEMAS), str(MESSAGES)],
        }
        timings = side_by_side(commands, args.runs)
    print(f"297 DUIS 5.4 request messages, whole process, median of {args.runs} runs")
    print_table(timings, LXML, "lxml")
    print(verdict(timings, DUISLINT, LXML, BUDGET, "duislint / lxml"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Whole-process timing of `duislint check 5.4 --spec BIG.docx`, side by side with the xmlschema load of DUIS 5.4.

The specification is a clean DUIS-shaped .docx generated from the real 5.4 data by tests/realspec.py (one 3.8.N
section per SRV: about 250 tables and 410 headings) into a temporary folder. Each command runs as a fresh process
(a CLI pays its imports every run), alternating so machine noise hits all alike; medians are reported.
For scale, the same .docx is also walked cell by cell with python-docx (when installed) and its word/document.xml
parsed bare with lxml.

Budget (issue): "A DUIS-shaped spec of ~260 tables and ~400 headings read and checked together with the 5.4 set:
<= 0.6x the xmlschema load of DUIS 5.4".

    .venv/bin/python benchmarks/bench_spec.py [--runs N] [--size N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import print_table, side_by_side, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import realspec  # noqa: E402

DATA = Path(os.environ.get("DUIS_DATA", ROOT.parent / "shared" / "duis"))
SCHEMAS = DATA / "schemas" / "5.4"
DUIS_XSD = SCHEMAS / "DUIS Schema V5.4.xsd"
BUDGET = 0.6

XMLSCHEMA_SCRIPT = "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1])"
DOCX_SCRIPT = """
import sys, docx
document = docx.Document(sys.argv[1])
cells = 0
for table in document.tables:
    for row in table.rows:
        for cell in row.cells:
            cell.text
            cells += 1
"""
LXML_SCRIPT = """
import sys, zipfile
from lxml import etree
etree.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))
"""

DUISLINT = "duislint check --spec docx (json)"
XMLSCHEMA = "xmlschema.XMLSchema(DUIS 5.4)"


def commands(docx: Path, out: Path) -> dict[str, list[str]]:
    python = sys.executable
    found = {
        DUISLINT: [python, "-m", "duislint", "check", str(SCHEMAS), "--spec", str(docx), "--format", "json",
                   "-o", str(out), "--fail-on", "never"],
        "duislint check 5.4 (no spec)": [python, "-m", "duislint", "check", str(SCHEMAS), "--format", "json",
                                         "-o", str(out), "--fail-on", "never"],
        XMLSCHEMA: [python, "-c", XMLSCHEMA_SCRIPT, str(DUIS_XSD)],
    }  # fmt: skip
    if importlib.util.find_spec("docx") is not None:
        found["python-docx walk of every cell"] = [python, "-c", DOCX_SCRIPT, str(docx)]
    found["lxml parse of word/document.xml"] = [python, "-c", LXML_SCRIPT, str(docx)]
    found["python startup"] = [python, "-c", "pass"]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=1, help="prose scale of the generated spec (tests/realspec.py)")
    parser.add_argument("--keep", metavar="DIR", help="write the .docx and the report here instead of a temp dir")
    args = parser.parse_args()
    if not DUIS_XSD.is_file():
        print(f"real DUIS data not found at {DATA} (set DUIS_DATA)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        spec = realspec.build(realspec.load_facts(DATA), args.size)
        docx = spec.save(folder / "duis-5.4-spec.docx")
        counts = spec.counts()
        with zipfile.ZipFile(docx) as package:
            document_bytes = package.getinfo("word/document.xml").file_size
        docx_bytes = docx.stat().st_size
        cmds = commands(docx, folder / "report.json")
        timings = side_by_side(cmds, args.runs)
    print(
        f"spec: {counts['tables']} tables, {counts['headings']} headings, {counts['paragraphs']} paragraphs, "
        f"{counts['table rows']} table rows; word/document.xml {document_bytes / 1e6:.2f} MB "
        f"(.docx {docx_bytes / 1e3:.0f} kB, --size {args.size})"
    )
    print(f"whole process, median of {args.runs} runs")
    print_table(timings, XMLSCHEMA, "xmlschema")
    print(verdict(timings, DUISLINT, XMLSCHEMA, BUDGET, "duislint / xmlschema"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

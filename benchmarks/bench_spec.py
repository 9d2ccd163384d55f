"""Whole-process timing and peak memory of `duislint check 5.4 --spec BIG.docx`, side by side with the xmlschema
load of DUIS 5.4.

The specification is a clean DUIS-shaped .docx generated from the real 5.4 data by tests/realspec.py into a
temporary folder: by default at the size of the published Appendix AD (about 1,000 pages: 1,400 tables, 1,750
headings, some 200 defined terms, data-item tables for the types nested in each request and response, response-code
and alert tables, long prose; see realspec.build_real_size), with `--small` the clean spec the tests check (one
3.8.N section per SRV: about 250 tables and 410 headings). Each command runs as a fresh process (a CLI pays its
imports every run), alternating so machine noise hits all alike; medians are reported, with each process's peak
memory (maximum resident set size). For scale, the same .docx is also walked cell by cell with python-docx (when
installed) and its word/document.xml parsed bare with lxml.

Budget (issue 14): "The specification path holds at the size of the real DUIS (about 1,000 pages, 1,300+
tables): `check` 5.4 with it within 1.0x of an xmlschema load of 5.4, peak memory under 200 MiB."

    .venv/bin/python benchmarks/bench_spec.py [--runs N] [--size N] [--small] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import memory_verdict, print_table, side_by_side, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DUIS_DATA", ROOT.parent / "shared" / "duis"))
SCHEMAS = DATA / "schemas" / "5.4"
DUIS_XSD = SCHEMAS / "DUIS Schema V5.4.xsd"
BUDGET = 1.0
MEMORY_BUDGET_MIB = 200

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

# The .docx is generated in a process of its own: a child's peak memory (ru_maxrss) starts from its parent's when
# it forks, so the benchmark itself stays small (it imports neither duislint nor the generator).
GENERATE_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from tests import realspec
spec = realspec.build(realspec.load_facts(sys.argv[2]), int(sys.argv[4]), real_size=sys.argv[5] == "real")
spec.save(sys.argv[3])
print(json.dumps(spec.counts()))
"""

DUISLINT = "duislint check --spec docx (json)"
DUISLINT_ONE_PROCESS = "the same, one process (DUISLINT_JOBS=1)"
XMLSCHEMA = "xmlschema.XMLSchema(DUIS 5.4)"


def commands(docx: Path, out: Path, walk_with_python_docx: bool = True) -> dict[str, list[str]]:
    python = sys.executable
    found = {
        DUISLINT: [python, "-m", "duislint", "check", str(SCHEMAS), "--spec", str(docx), "--format", "json",
                   "-o", str(out), "--fail-on", "never"],
        DUISLINT_ONE_PROCESS: ["env", "DUISLINT_JOBS=1", python, "-m", "duislint", "check", str(SCHEMAS), "--spec",
                               str(docx), "--format", "json", "-o", str(out), "--fail-on", "never"],
        "duislint check 5.4 (no spec)": [python, "-m", "duislint", "check", str(SCHEMAS), "--format", "json",
                                         "-o", str(out), "--fail-on", "never"],
        XMLSCHEMA: [python, "-c", XMLSCHEMA_SCRIPT, str(DUIS_XSD)],
    }  # fmt: skip
    if walk_with_python_docx and importlib.util.find_spec("docx") is not None:
        found["python-docx walk of every cell"] = [python, "-c", DOCX_SCRIPT, str(docx)]
    found["lxml parse of word/document.xml"] = [python, "-c", LXML_SCRIPT, str(docx)]
    found["python startup"] = [python, "-c", "pass"]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=1, help="prose scale of the generated spec (tests/realspec.py)")
    parser.add_argument("--small", action="store_true",
                        help="the tests' clean spec (about 250 tables) instead of the real-sized one")  # fmt: skip
    parser.add_argument("--keep", metavar="DIR", help="write the .docx and the report here instead of a temp dir")
    args = parser.parse_args()
    if not DUIS_XSD.is_file():
        print(f"real DUIS data not found at {DATA} (set DUIS_DATA)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        docx = folder / "duis-5.4-spec.docx"
        shape = "small" if args.small else "real"
        generated = subprocess.run([sys.executable, "-c", GENERATE_SCRIPT, str(ROOT), str(DATA), str(docx),
                                    str(args.size), shape], capture_output=True, text=True, check=True)  # fmt: skip
        counts = json.loads(generated.stdout)
        with zipfile.ZipFile(docx) as package:
            document_bytes = package.getinfo("word/document.xml").file_size
        docx_bytes = docx.stat().st_size
        cmds = commands(docx, folder / "report.json", walk_with_python_docx=args.runs > 1 or args.small)
        timings = side_by_side(cmds, args.runs)
    shape = "the tests' clean spec" if args.small else "real size"
    print(
        f"spec ({shape}): {counts['tables']} tables, {counts['headings']} headings, {counts['paragraphs']} "
        f"paragraphs, {counts['table rows']} table rows, about {counts['pages']} pages; word/document.xml "
        f"{document_bytes / 1e6:.2f} MB (.docx {docx_bytes / 1e3:.0f} kB, --size {args.size})"
    )
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"whole process, median of {args.runs} runs (peak: maximum resident set size; none below this "
          f"process's own {floor:.0f} MiB)")  # fmt: skip
    print_table(timings, XMLSCHEMA, "xmlschema")
    print(
        verdict(timings, DUISLINT, XMLSCHEMA, BUDGET, "duislint / xmlschema")
        + "; "
        + memory_verdict(timings, DUISLINT, MEMORY_BUDGET_MIB)
        + f" (xmlschema {timings.peak[XMLSCHEMA]:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scaling: each input kind at 1x, 2x, 5x and 10x its base size, timed as whole `duislint check` processes.

The inputs are generated into a temporary folder (never the checkout):

    files      N independent schema files, each binding tns: to a namespace of its own (a prefix made unique N times)
    chain      N schema files in one import chain (file i imports file i + 1), each binding tns: to its own namespace
    errors     one schema with N libxml2 compile errors (an invalid maxLength facet in each of N simple types), XS001
               left out (it is timed on its own as errors+XS001)
    errors+XS001  the same, with every rule
    unresolved one schema with N references to types it lacks (N libxml2 errors, N XS101 findings with a suggestion)
    table      one specification data-item table of N rows, each naming an item the schema lacks (HTML report)
    tables     N specification sections, each with a data-item table whose one row names a missing item (HTML)
    findings   N findings with related locations (N enumerations each listing a value twice: XS202), in each
               report format
    docx       a Word specification of N sections (a heading, prose in runs with Word's direct formatting, a table):
               about 5.6 kB of word/document.xml each, 190 MB at 10x
    xsd        one schema of N documented complex types (about 450 bytes each, 27 MB at 10x)
    wordtable  one Word data-item table of N rows, each naming an item the schema lacks (HTML report)
    zip        a small Word specification packaged with N more members (a million at 10x)
    message    one DUIS-shaped message of N log entries (three elements each, 26 MB at 10x) validated by its schema

The XML kinds (xsd, message) also time lxml alone on the same input, side by side (`lxml` lines): a schema parsed
and compiled by libxml2 (`etree.XMLSchema(file=...)`, which compiles the tree it parses in place), a message parsed
and validated. That is the floor of a tool built on libxml2: its memory at 10x is the budget's yardstick beside the
input's size.

The kinds past duislint's default limits (src/duislint/limits.py) at their larger sizes run with options that
raise them (Kind.limits), with a copy of duislint that has them.

Each size runs as a fresh process, every command of a kind alternating with the others so that machine noise hits
all alike, after a warm-up run of each command's floor (the same run on an input of size 1, which pays the imports
and every fixed cost). The table gives the median wall and CPU time, the peak memory of the process (ru_maxrss from
wait4), the size of the input (what the run reads: a .docx as it unzips, or as it is on disk when that is more, as
for a package of many small members) and, on the 10x line, the 10x/1x ratios: of the whole process, and net of the
floor. Linear means 10x the input takes at most 12x the time (the budget of issue #17, item 12); a line after each
kind gives the peak memory at 10x against its budget, at most 10x the input above the floor's peak (item 13).

With --against SRC (the src folder of another copy of duislint, e.g. the code before a change) every command also
runs with that copy, side by side, so one table shows before and after; --source SRC times another copy than this
checkout's. A full run with --against takes about an hour when the other copy is quadratic; --scale 0.1 takes a minute.

    .venv/bin/python benchmarks/bench_scaling.py [--runs N] [--kinds files,chain] [--scale F] [--against SRC]
                                                 [--source SRC]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import SOURCE  # noqa: E402

FACTORS = (1, 2, 5, 10)
BUDGET = 12.0  # 10x input, at most 12x time
MEMORY_BUDGET = 10.0  # peak memory at most 10x the input (a .docx as it unzips) above the floor's
NOISE = 0.2  # a 1x run within this fraction of the floor's time gives no net ratio (it would divide noise)
FORMATS = ("text", "json", "sarif", "junit", "markdown", "html", "github")
SUFFIX = {"text": ".txt", "json": ".json", "sarif": ".sarif", "junit": ".xml", "markdown": ".md", "html": ".html"}
XS_NS = "http://www.w3.org/2001/XMLSchema"
SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
DATA_ITEMS_HEADER = (
    "| Data Item | Description / Valid Set | Type | Mandatory | Default | Units |\n|---|---|---|---|---|---|\n"
)


# --- the inputs -------------------------------------------------------------------------------------------------


def _schema(namespace: str, body: str, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xs:schema xmlns:xs="{XS_NS}" xmlns:tns="{namespace}"{extra}\n'
        f'    targetNamespace="{namespace}" elementFormDefault="qualified">\n{body}</xs:schema>\n'
    )


def _record(n: int) -> str:
    return (
        f'  <xs:element name="Record{n}" type="tns:Record{n}Type"/>\n'
        f'  <xs:complexType name="Record{n}Type"><xs:sequence>\n'
        f'    <xs:element name="Value" type="xs:string"/>\n'
        f"  </xs:sequence></xs:complexType>\n"
    )


def many_files(folder: Path, n: int) -> list[str]:
    schemas = folder / "schemas"
    schemas.mkdir()
    for i in range(n):
        (schemas / f"file{i:05}.xsd").write_text(_schema(f"urn:bench:file:{i}", _record(i)), encoding="utf-8")
    return [str(schemas)]


def import_chain(folder: Path, n: int) -> list[str]:
    schemas = folder / "schemas"
    schemas.mkdir()
    for i in range(n):
        body = _record(i)
        extra = ""
        if i + 1 < n:
            extra = f' xmlns:next="urn:bench:chain:{i + 1}"'
            body = f'  <xs:import namespace="urn:bench:chain:{i + 1}" schemaLocation="chain{i + 1:05}.xsd"/>\n' + body
            body += f'  <xs:element name="Link{i}" type="next:Record{i + 1}Type"/>\n'
        text = _schema(f"urn:bench:chain:{i}", body, extra)
        (schemas / f"chain{i:05}.xsd").write_text(text, encoding="utf-8")
    return [str(schemas / "chain00000.xsd")]


def compile_errors(folder: Path, n: int) -> list[str]:
    body = "".join(
        f'  <xs:simpleType name="Code{i}"><xs:restriction base="xs:string">'
        f'<xs:maxLength value="many"/></xs:restriction></xs:simpleType>\n'
        for i in range(n)
    )
    path = folder / "errors.xsd"
    path.write_text(_schema("urn:bench:errors", body), encoding="utf-8")
    return [str(path)]


def unresolved_references(folder: Path, n: int) -> list[str]:
    body = "".join(f'  <xs:element name="Item{i}" type="tns:Missing{i}Type"/>\n' for i in range(n))
    path = folder / "unresolved.xsd"
    path.write_text(_schema("urn:bench:unresolved", body), encoding="utf-8")
    return [str(path)]


def _duis_schema(folder: Path) -> Path:
    """A small DUIS-shaped schema whose one request body has three data items."""
    body = (
        '  <xs:element name="Request" type="tns:Request"/>\n'
        '  <xs:complexType name="Request"><xs:sequence><xs:element name="Body"><xs:complexType><xs:choice>\n'
        '    <xs:element name="CreateSchedule" type="tns:CreateSchedule"/>\n'
        "  </xs:choice></xs:complexType></xs:element></xs:sequence></xs:complexType>\n"
        '  <xs:complexType name="CreateSchedule"><xs:sequence>\n'
        '    <xs:element name="ScheduleStartDate" type="xs:date"/>\n'
        '    <xs:element name="ScheduleEndDate" type="xs:date" minOccurs="0"/>\n'
        '    <xs:element name="DailySchedule" type="xs:string"/>\n'
        "  </xs:sequence></xs:complexType>\n"
    )
    path = folder / "schema.xsd"
    path.write_text(_schema(SR_NS, body).replace('xmlns:tns="', 'xmlns:sr="').replace("tns:", "sr:"), "utf-8")
    return path


def _missing_row(i: int) -> str:
    return f"| MissingItem{i} | item {i} | xs:string | Yes | None | None |\n"


def one_table(folder: Path, n: int) -> list[str]:
    schema = _duis_schema(folder)
    spec = folder / "spec.md"
    rows = "".join(_missing_row(i) for i in range(n))
    spec.write_text(
        f"# 3 Services\n## 3.8 Service Requests\n#### 3.8.1.2 Specific Data Items\n{DATA_ITEMS_HEADER}{rows}", "utf-8"
    )
    return [str(schema), "--spec", str(spec)]


def many_tables(folder: Path, n: int) -> list[str]:
    schema = _duis_schema(folder)
    spec = folder / "spec.md"
    sections = "".join(
        f"### 3.8.{i} Service {i}\n#### 3.8.{i}.2 Specific Data Items\n{DATA_ITEMS_HEADER}{_missing_row(i)}\n"
        for i in range(1, n + 1)
    )
    spec.write_text(f"# 3 Services\n## 3.8 Service Requests\n{sections}", encoding="utf-8")
    return [str(schema), "--spec", str(spec)]


def many_findings(folder: Path, n: int) -> list[str]:
    """N enumerations that each list a value twice: N XS202 findings, each with the first value as related location
    and its type as a graph node that a global element uses. (Global elements, not one sequence of N: libxml2's
    automaton for a content model of N particles takes memory quadratic in N, 1.3 GB at 10,000.)"""
    body = "".join(
        f'  <xs:element name="Item{i}" type="tns:Code{i}"/>\n'
        f'  <xs:simpleType name="Code{i}"><xs:restriction base="xs:string">\n'
        f'    <xs:enumeration value="A{i}"/><xs:enumeration value="B{i}"/><xs:enumeration value="A{i}"/>\n'
        "  </xs:restriction></xs:simpleType>\n"
        for i in range(n)
    )
    path = folder / "findings.xsd"
    path.write_text(_schema("urn:bench:findings", body), encoding="utf-8")
    return [str(path)]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WORDS = ("meter", "supplier", "tariff", "register", "schedule", "device", "command", "response", "alert", "value",
          "credit", "debt", "period", "reading", "channel", "firmware", "security", "network", "service", "request")
_RUN_PROPERTIES = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="20"/><w:szCs w:val="20"/>' \
    '<w:lang w:val="en-GB"/></w:rPr>'  # fmt: skip
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
    + "".join(f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/></w:style>'
              for n in range(1, 5))  # fmt: skip
    + "</w:styles>"
)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _prose(seed: int, words: int) -> str:
    """Words that vary (a document's text compresses some tenfold, not a thousandfold), the same for the same seed."""
    return " ".join(_WORDS[(seed * 7919 + k * k * 31 + k) % len(_WORDS)] + str((seed + k) % 97) for k in range(words))


def _word_run(text: str) -> str:
    return f'<w:r>{_RUN_PROPERTIES}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _word_paragraph(text: str, style: str | None = None, runs: int = 1) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    words = text.split(" ")
    step = max(1, -(-len(words) // runs))
    pieces = [" ".join(words[k : k + step]) + " " for k in range(0, len(words), step)]
    return f"<w:p>{properties}{''.join(_word_run(piece) for piece in pieces)}</w:p>"


def _word_table(rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/></w:tcPr>{_word_paragraph(text)}</w:tc>'

    body = "".join(f"<w:tr>{''.join(cell(text) for text in row)}</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>{body}</w:tbl>'


def _write_docx(path: Path, body: str, members: int = 0) -> None:
    import zipfile

    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>' \
        f"{body}<w:sectPr/></w:body></w:document>"  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("word/document.xml", document)
        package.writestr("word/styles.xml", _STYLES)
        for i in range(members):  # parts nothing reads (as a package's media, custom XML and so on would be)
            package.writestr(f"customXml/item{i}.xml", f"<item n='{i}'/>")


def word_document(folder: Path, n: int) -> list[str]:
    """A Word specification of N sections, each a numbered heading, two paragraphs of prose in runs carrying Word's
    direct formatting, and an Attribute | Value table of five rows: about 10 kB of word/document.xml a section."""
    sections = []
    for i in range(1, n + 1):
        rows = [["Attribute", "Value"]] + [[f"Attribute {k} of {i}", _prose(i + k, 12)] for k in range(4)]
        sections.append(
            _word_paragraph(f"9.{i} Annex section {i}", "Heading2")
            + _word_paragraph(_prose(i, 60), runs=4)
            + _word_paragraph(_prose(i + 1, 40), runs=3)
            + _word_table(rows)
        )
    spec = folder / "spec.docx"
    _write_docx(spec, _word_paragraph("9 Annexes", "Heading1") + "".join(sections))
    return [str(_duis_schema(folder)), "--spec", str(spec)]


def word_table(folder: Path, n: int) -> list[str]:
    """One Word data-item table of N rows, each naming an item the schema lacks (HTML report)."""
    header = ["Data Item", "Description / Valid Set", "Type", "Mandatory", "Default", "Units"]
    rows = [header] + [[f"MissingItem{i}", f"item {i}", "xs:string", "Yes", "None", "None"] for i in range(n)]
    spec = folder / "spec.docx"
    body = _word_paragraph("3 Services", "Heading1") + _word_paragraph("3.8 Service Requests", "Heading2") \
        + _word_paragraph("3.8.1.2 Specific Data Items", "Heading4") + _word_table(rows)  # fmt: skip
    _write_docx(spec, body)
    return [str(_duis_schema(folder)), "--spec", str(spec)]


def zip_members(folder: Path, n: int) -> list[str]:
    """A small Word specification packaged with N more members (tiny parts nothing reads)."""
    spec = folder / "spec.docx"
    _write_docx(spec, _word_paragraph("9 Annexes", "Heading1") + _word_paragraph(_prose(1, 40)), members=n)
    return [str(_duis_schema(folder)), "--spec", str(spec)]


def large_schema(folder: Path, n: int) -> list[str]:
    """One schema of N documented complex types, each with a sequence of three elements and a global element of it:
    about 500 bytes a type, every name resolved (no findings to speak of)."""
    body = "".join(
        f'  <xs:element name="Record{i}" type="tns:Record{i}Type"/>\n'
        f'  <xs:complexType name="Record{i}Type">\n'
        f"    <xs:annotation><xs:documentation>Record {i}: {_prose(i, 8)}</xs:documentation></xs:annotation>\n"
        f'    <xs:sequence><xs:element name="Code" type="xs:string"/><xs:element name="Value" type="xs:int"/>'
        f'<xs:element name="Note" type="xs:string" minOccurs="0"/></xs:sequence>\n'
        "  </xs:complexType>\n"
        for i in range(n)
    )
    path = folder / "large.xsd"
    path.write_text(_schema("urn:bench:large", body), encoding="utf-8")
    return [str(path)]


def _log_schema(folder: Path) -> Path:
    """A DUIS-shaped schema whose one request body is a log of any number of entries."""
    body = (
        '  <xs:element name="Request"><xs:complexType><xs:sequence>\n'
        '    <xs:element name="Header"><xs:complexType><xs:sequence>\n'
        '      <xs:element name="ServiceReference" type="xs:string"/>\n'
        '      <xs:element name="ServiceReferenceVariant" type="xs:string"/>\n'
        "    </xs:sequence></xs:complexType></xs:element>\n"
        '    <xs:element name="Body"><xs:complexType><xs:choice>\n'
        '      <xs:element name="UploadLog" type="tns:Log"/>\n'
        "    </xs:choice></xs:complexType></xs:element>\n"
        "  </xs:sequence>\n"
        '  <xs:attribute name="schemaVersion" type="xs:string"/></xs:complexType></xs:element>\n'
        '  <xs:complexType name="Log"><xs:sequence>\n'
        '    <xs:element name="Entry" maxOccurs="unbounded"><xs:complexType><xs:sequence>\n'
        '      <xs:element name="Time" type="xs:dateTime"/><xs:element name="Value" type="xs:int"/>\n'
        "    </xs:sequence></xs:complexType></xs:element>\n"
        "  </xs:sequence></xs:complexType>\n"
    )
    path = folder / "schema.xsd"
    path.write_text(_schema(SR_NS, body), encoding="utf-8")
    return path


def log_message(folder: Path, n: int) -> list[str]:
    """One valid message of N log entries, an entry a line (about 90 bytes and three elements each)."""
    schema = _log_schema(folder)
    entries = "".join(
        f"<sr:Entry><sr:Time>2026-{i % 12 + 1:02}-01T00:{i % 60:02}:00Z</sr:Time><sr:Value>{i}</sr:Value></sr:Entry>\n"
        for i in range(n)
    )
    message = folder / "message.xml"
    message.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sr:Request xmlns:sr="{SR_NS}" schemaVersion="5.4">\n'
        "<sr:Header><sr:ServiceReference>4.8</sr:ServiceReference>"
        "<sr:ServiceReferenceVariant>4.8</sr:ServiceReferenceVariant></sr:Header>\n"
        f"<sr:Body><sr:UploadLog>\n{entries}</sr:UploadLog></sr:Body>\n</sr:Request>\n",
        encoding="utf-8",
    )
    return [str(schema), "--messages", str(message)]


# lxml alone on the same input: argv after the interpreter, from the duislint arguments of the kind
_LXML_SCHEMA = "import sys; from lxml import etree; etree.XMLSchema(file=sys.argv[1])"
_LXML_MESSAGE = (
    "import sys; from lxml import etree; schema = etree.XMLSchema(file=sys.argv[1]); "
    "parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True); "
    "assert schema.validate(etree.parse(sys.argv[2], parser))"
)


def lxml_schema(arguments: list[str]) -> list[str]:
    return ["-c", _LXML_SCHEMA, arguments[0]]


def lxml_message(arguments: list[str]) -> list[str]:
    return ["-c", _LXML_MESSAGE, arguments[0], arguments[arguments.index("--messages") + 1]]


@dataclass(frozen=True)
class Kind:
    """An input kind: its base size (1x), its generator, the report formats it is timed in and other options."""

    base: int
    make: Callable[[Path, int], list[str]]
    formats: tuple[str, ...] = ("json",)
    options: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()  # options that raise duislint's limits (src/duislint/limits.py) past the 10x input
    lxml: Callable[[list[str]], list[str]] | None = None  # lxml alone on the input: the interpreter's arguments


KINDS: dict[str, Kind] = {
    "files": Kind(200, many_files),
    "chain": Kind(200, import_chain),
    "errors": Kind(2000, compile_errors, options=("--ignore", "XS001")),
    "errors+XS001": Kind(500, compile_errors),
    "unresolved": Kind(1000, unresolved_references),
    "table": Kind(2000, one_table, ("html",), limits=("--max-table-rows", "1000000")),
    "tables": Kind(500, many_tables, ("html",)),
    "findings": Kind(1000, many_findings, FORMATS),
    "docx": Kind(3400, word_document, limits=("--max-elements", "100000000")),
    "xsd": Kind(6000, large_schema, limits=("--max-schema-elements", "10000000"), lxml=lxml_schema),
    "wordtable": Kind(5000, word_table, ("html",), limits=("--max-table-rows", "1000000", "--max-elements", "100000000")),
    "zip": Kind(100_000, zip_members, limits=("--max-zip-members", "10000000")),
    "message": Kind(30_000, log_message, limits=("--max-message-mb", "1000", "--max-elements", "100000000"),
                    lxml=lxml_message),
}


# --- timing -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One run of a command: wall and CPU seconds, and its peak resident memory in kB."""

    wall: float
    cpu: float
    rss: int


def run_once(command: list[str], env: dict[str, str]) -> Sample:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; keep Popen from waiting again
    if process.returncode not in (0, 1):
        raise RuntimeError(f"exit {process.returncode}: {' '.join(command)}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


@dataclass(frozen=True)
class Command:
    argv: list[str]
    env: dict[str, str]
    warm_up: bool  # run once before the timed runs (page cache, bytecode)


def side_by_side(commands: dict[str, Command], runs: int) -> dict[str, Sample]:
    """Per command: the median wall and CPU time of `runs` runs, alternating, and the highest peak memory."""
    for command in commands.values():
        if command.warm_up:
            run_once(command.argv, command.env)
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(run_once(command.argv, command.env))
    return {
        name: Sample(
            statistics.median(s.wall for s in found), statistics.median(s.cpu for s in found), max(s.rss for s in found)
        )
        for name, found in samples.items()
    }


def _environment(source: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(source))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _size(folder: Path) -> int:
    """The bytes a run reads: each file's size; a .docx's as it unzips (what the reader parses), or on disk when
    that is more (a package of many small members: its central directory)."""
    import zipfile

    total = 0
    for path in folder.rglob("*"):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                total += max(path.stat().st_size, sum(info.file_size for info in package.infolist()))
        elif path.is_file():
            total += path.stat().st_size
    return total


def _knows_limits(source: Path) -> bool:
    return (source / "duislint" / "limits.py").is_file()


def _make(kind_name: str, n: int, folder: Path) -> tuple[list[str], int]:
    """The input made, and its size taken (_size), in a process of its own: a child's peak memory (ru_maxrss)
    starts from its parent's resident size when it forks, and building a 190 MB document here, or opening a zip of
    a million members, would show in every process timed after it."""
    made = subprocess.run([sys.executable, __file__, "--make", kind_name, str(n), str(folder)], check=True,
                          capture_output=True, text=True)  # fmt: skip
    arguments, size = json.loads(made.stdout)
    return arguments, size


def measure(kind_name: str, scale: float, runs: int, sources: dict[str, Path], workdir: Path) -> list[str]:
    """Time one input kind at every factor, in each of its formats, with each source; the table's lines."""
    kind = KINDS[kind_name]
    base = max(1, round(kind.base * scale))
    python = sys.executable
    commands: dict[str, Command] = {}
    sizes: dict[int, int] = {}
    for factor in (0, *FACTORS):  # 0: the floor, n = 1 (imports and every per-run cost)
        folder = workdir / f"{kind_name}-{factor}x"
        folder.mkdir()
        arguments, sizes[factor] = _make(kind_name, max(1, base * factor), folder)
        for fmt in kind.formats:
            out = str(folder / f"report{SUFFIX.get(fmt, '.txt')}")
            for label, source in sources.items():
                raised = kind.limits if _knows_limits(source) else ()
                argv = [python, "-m", "duislint", "check", *arguments, *kind.options, *raised, "--format", fmt,
                        "--fail-on", "never"]  # fmt: skip
                if fmt != "github":  # a device format, written to standard output; the others to a file
                    argv += ["-o", out]
                commands[f"{label}|{fmt}|{factor}"] = Command(argv, _environment(source), factor == 0)
        if kind.lxml is not None:
            commands[f"lxml|-|{factor}"] = Command([python, *kind.lxml(arguments)], dict(os.environ), factor == 0)
    medians = side_by_side(commands, runs)
    lines = [f"{kind_name}: base n={base} (1x), median of {runs} run(s); on the 10x line 10x/1x, of the whole process "
             "and net of the n=1 floor"]  # fmt: skip
    for fmt in kind.formats:
        for label in sources:
            floor = medians[f"{label}|{fmt}|0"]
            first = medians[f"{label}|{fmt}|1"]
            for factor in (0, *FACTORS):
                m = medians[f"{label}|{fmt}|{factor}"]
                size = f"{factor:>3}x n={base * factor:<7}" if factor else f"{'floor':>4} n={1:<7}"
                line = (
                    f"  {label:<7} {fmt:<9} {size} {m.wall * 1000:9.1f} ms   cpu {m.cpu * 1000:9.1f} ms"
                    f"   peak {m.rss / 1024:7.1f} MB   input {sizes[factor] / 1e6:6.2f} MB"
                )
                if factor == FACTORS[-1]:
                    wall, cpu = m.wall / first.wall, m.cpu / first.cpu
                    above = first.wall - floor.wall  # what the 1x input costs beyond the floor
                    net = f"{(m.wall - floor.wall) / above:.2f}" if above > NOISE * floor.wall else "n/a"
                    within = "within" if wall <= BUDGET else "OVER"
                    line += f"  10x/1x = {wall:.2f} wall, {cpu:.2f} cpu, {net} net ({within} budget {BUDGET:g})"
                lines.append(line)
            lines.append(memory_verdict(label, fmt, floor, medians[f"{label}|{fmt}|{FACTORS[-1]}"], sizes))
    if kind.lxml is not None:
        lines += _lxml_lines(medians, sizes, [(label, fmt) for fmt in kind.formats for label in sources])
    return lines


def _lxml_lines(medians: dict[str, Sample], sizes: dict[int, int], runs: list[tuple[str, str]]) -> list[str]:
    """lxml alone at each size, its memory at 10x against the input, and each duislint run's memory beside it."""
    lines = []
    for factor in (0, *FACTORS):
        m = medians[f"lxml|-|{factor}"]
        size = f"{factor:>3}x" if factor else "floor"
        lines.append(f"  {'lxml':<7} {'-':<9} {size:>5} {m.wall * 1000:9.1f} ms   cpu {m.cpu * 1000:9.1f} ms"
                     f"   peak {m.rss / 1024:7.1f} MB   input {sizes[factor] / 1e6:6.2f} MB")  # fmt: skip
    floor, largest = medians["lxml|-|0"], medians[f"lxml|-|{FACTORS[-1]}"]
    grown = max(0, largest.rss - floor.rss) * 1024
    lines.append(f"  {'lxml':<7} {'-':<9} lxml's own peak at 10x: {grown / 1024 / 1024:.1f} MB above its floor, "
                 f"{grown / max(sizes[FACTORS[-1]], 1):.1f}x the input")  # fmt: skip
    for label, fmt in runs:
        ours = max(0, medians[f"{label}|{fmt}|{FACTORS[-1]}"].rss - medians[f"{label}|{fmt}|0"].rss) * 1024
        lines.append(f"  {label:<7} {fmt:<9} duislint's peak at 10x above its floor: {ours / max(grown, 1):.2f}x lxml's")
    return lines


def memory_verdict(label: str, fmt: str, floor: Sample, largest: Sample, sizes: dict[int, int]) -> str:
    """Peak memory at 10x against the budget: at most MEMORY_BUDGET times the input (_size), plus the floor's peak
    (the constant: the interpreter, the modules, the fixed cost of a run)."""
    grown = max(0, largest.rss - floor.rss) * 1024  # bytes above the floor
    ratio = grown / max(sizes[FACTORS[-1]], 1)
    within = "within" if ratio <= MEMORY_BUDGET else "OVER"
    return (f"  {label:<7} {fmt:<9} memory at 10x: {largest.rss / 1024:.1f} MB peak = floor {floor.rss / 1024:.1f} MB"
            f" + {grown / 1024 / 1024:.1f} MB, {ratio:.1f}x the {sizes[FACTORS[-1]] / 1e6:.1f} MB input ({within} budget "
            f"{MEMORY_BUDGET:g}x + the floor)")


def main() -> int:
    if sys.argv[1:2] == ["--make"]:  # _make's child: one input, its arguments on standard output
        kind_name, n, folder = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        arguments = KINDS[kind_name].make(folder, n)
        print(json.dumps([arguments, _size(folder)]))  # before any report is written there
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of: {', '.join(KINDS)}")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every base size")
    parser.add_argument("--source", type=Path, default=SOURCE, help="the src folder timed (default: this checkout's)")
    parser.add_argument("--against", type=Path, help="the src folder of another duislint copy, run side by side")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kind(s): {', '.join(unknown)}")
    sources = {"this": args.source.resolve()}
    if args.against is not None:
        sources = {"against": args.against.resolve(), **sources}
    for source in sources.values():
        if not (source / "duislint" / "__init__.py").is_file():
            parser.error(f"{source} holds no duislint package")
        compileall.compile_dir(str(source), quiet=1)
    with tempfile.TemporaryDirectory(prefix="duislint-scaling-") as tmp:
        for kind in kinds:
            folder = Path(tmp) / kind
            folder.mkdir()
            print("\n".join(measure(kind, args.scale, args.runs, sources, folder)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

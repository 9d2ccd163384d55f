"""Hostile and broken inputs (issue 7): XML attacks are refused or neutralised in XSDs, messages and the XML inside
.docx; broken inputs give exit 2 and one line naming the file; nothing reaches the network; output is deterministic;
an input that fails to load fails the run whatever --fail-on says."""

from __future__ import annotations

import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from duislint.spec.docx import _read_package, read_docx
from duislint.xmlsafe import parse_bytes
from tests.conftest import ROOT, SR_NS, duis_data, sr_schema
from tests.docxgen import DocxBuilder
from tests.helpers import Run, assert_failure_report, cli, line_of

SECRET = "DUISLINT-SECRET-MARKER-7f3a9c"
XS_NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"'
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TIME_LIMIT = 5.0
DEMO = ROOT / "schemas" / "demo"
DEMO_DOCX = DEMO / "DUIS Demo Specification V9.1.docx"
DEMO_MATRIX = DEMO / "service-request-matrix.json"


# --- what every run must be ------------------------------------------------------------------------


def assert_sane(run: Run, codes: set[int]) -> None:
    assert run.code in codes, (run.code, run.err)
    assert "Traceback" not in run.text and "internal error" not in run.err, run.err
    assert run.seconds < TIME_LIMIT, run.seconds


def assert_input_error(run: Run, name: str, line: int | None = None) -> None:
    """Exit 2, one stderr line naming the file (and line), nothing on stdout."""
    assert_sane(run, {2})
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("duislint: error: "), run.err
    assert name in lines[0], run.err
    if line is not None:
        assert f"{name}:{line}:" in lines[0], run.err
    assert run.out == ""


# --- inputs -----------------------------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the inputs: its marker must never reach any output."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def small_schema() -> str:
    """A DUIS-shaped sr: schema with a Request whose Header carries the texts duislint reports."""
    return sr_schema(
        """
        <xs:element name="Request">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Header" minOccurs="0">
                <xs:complexType><xs:sequence>
                  <xs:element name="ServiceReference" type="xs:string" minOccurs="0"/>
                  <xs:element name="ServiceReferenceVariant" type="xs:string" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
              <xs:element name="Body" minOccurs="0">
                <xs:complexType><xs:sequence><xs:any processContents="lax" minOccurs="0"/></xs:sequence></xs:complexType>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="schemaVersion" type="xs:string"/>
          </xs:complexType>
        </xs:element>
        """
    )


def message(doctype: str = "", srv: str = "8.11", extra_ns: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{doctype}\n"
        f'<sr:Request xmlns:sr="{SR_NS}" {extra_ns} schemaVersion="1.0">\n'
        f"  <sr:Header><sr:ServiceReference>8.11</sr:ServiceReference>"
        f"<sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header>\n"
        "  <sr:Body/>\n"
        "</sr:Request>\n"
    )


def xsd(doctype: str = "", documentation: str = "Fine.", body: str = "", extra_ns: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{doctype}\n"
        f'<xs:schema {XS_NS} {extra_ns} targetNamespace="urn:t" xmlns:t="urn:t" elementFormDefault="qualified">\n'
        f"  {body}\n"
        f'  <xs:element name="Thing" type="xs:string"><xs:annotation><xs:documentation>{documentation}'
        "</xs:documentation></xs:annotation></xs:element>\n"
        "</xs:schema>\n"
    )


def base_docx(path: Path) -> Path:
    doc = DocxBuilder("typed")
    doc.heading(1, "Service Requests", number="3")
    doc.paragraph("Carrier PAYLOAD here.")
    doc.table([["Data Item", "Type"], ["Carrier", "PAYLOAD"]])
    doc.save(path)
    return path


def docx_with(path: Path, document_edit, extra: dict[str, bytes] | None = None) -> Path:  # noqa: ANN001
    """A generated .docx whose word/document.xml is rewritten by `document_edit(bytes) -> bytes`."""
    source = base_docx(path.with_suffix(".base.docx"))
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    source.unlink()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, document_edit(data) if name == "word/document.xml" else data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return path


def docx_doctype(doctype: str, payload: str) -> object:
    def edit(data: bytes) -> bytes:
        data = data.replace(b"PAYLOAD", payload.encode())
        start = data.index(b"<w:document")
        return data[:start] + doctype.encode() + b"\n" + data[start:]

    return edit


# --- 1. XML attacks -----------------------------------------------------------------------------------


def billion_laughs(root: str) -> str:
    entities = '<!ENTITY l0 "lollollollol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return f"<!DOCTYPE {root} [{entities}]>"


def quadratic(root: str) -> str:
    return f'<!DOCTYPE {root} [<!ENTITY big "{"B" * 200_000}">]>'


ATTACKS = {
    # name: (DOCTYPE for a root tag and a secret path, payload referencing it, expected exit codes)
    "xxe-file": (lambda root, s: f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{s}">]>', "&x;", {0, 1}),
    "xxe-relative": (lambda root, s: f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "{s}">]>', "&x;", {0, 1}),
    "xxe-http": (lambda root, s: f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>', "&x;", {0, 1}),
    "xxe-parameter": (
        lambda root, s: f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "file://{s}"> %p;]>',
        "text",
        {0, 1, 2},
    ),
    "external-dtd": (lambda root, s: f'<!DOCTYPE {root} SYSTEM "file://{s}">', "text", {0, 1}),
    "billion-laughs": (lambda root, s: billion_laughs(root), "&l9;", {2}),
    "quadratic": (lambda root, s: quadratic(root), "&big;" * 20_000, {2}),
}
XINCLUDE_NS = 'xmlns:xi="http://www.w3.org/2001/XInclude"'


def xinclude(secret: Path) -> str:
    return f'<xi:include href="file://{secret}" parse="text"/>'


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_xml_attack_in_an_xsd_is_refused_or_neutralised(attack, secret, inputs):
    doctype, payload, codes = ATTACKS[attack]
    path = inputs / "attack.xsd"
    path.write_text(xsd(doctype("xs:schema", secret), payload), encoding="utf-8")
    for fmt in ("json", "text", "sarif"):
        run = cli("check", path, "--format", fmt, "--fail-on", "never")
        assert_sane(run, codes)
        assert SECRET not in run.text
    # the tree duislint works on holds no expanded entity
    raw = path.read_bytes()
    if 2 not in codes:
        root = parse_bytes(raw, str(path), "attack.xsd")
        assert SECRET not in etree.tostring(root, encoding="unicode")
        assert "lollol" * 100 not in etree.tostring(root, encoding="unicode")


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_xml_attack_in_a_message_is_refused_or_neutralised(attack, secret, inputs):
    doctype, payload, codes = ATTACKS[attack]
    schema = inputs / "sr.xsd"
    schema.write_text(small_schema(), encoding="utf-8")
    msg = inputs / "msg.xml"
    msg.write_text(message(doctype("sr:Request", secret), srv=payload), encoding="utf-8")
    for fmt in ("json", "text", "junit"):
        run = cli("check", schema, "--messages", msg, "--format", fmt, "--fail-on", "never")
        assert_sane(run, codes | {0})
        assert SECRET not in run.text
    if 2 not in codes:
        root = parse_bytes(msg.read_bytes(), str(msg), "msg.xml")
        assert SECRET not in etree.tostring(root, encoding="unicode")


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_xml_attack_in_a_docx_part_is_refused_or_neutralised(attack, secret, inputs):
    doctype, payload, codes = ATTACKS[attack]
    spec = docx_with(inputs / "attack.docx", docx_doctype(doctype("w:document", secret), payload))
    for args in (("extract", spec), ("check", DEMO, "--spec", spec, "--format", "json", "--fail-on", "never")):
        run = cli(*args)
        assert_sane(run, codes | {0})
        assert SECRET not in run.text
    if 2 not in codes:
        parts = _read_package(str(spec), "attack.docx")
        assert SECRET not in etree.tostring(parts["word/document.xml"], encoding="unicode")
        assert "lollol" * 100 not in " ".join(str(b) for b in read_docx(str(spec), "attack.docx"))


def test_entity_bomb_is_refused_with_a_plain_message(inputs):
    path = inputs / "bomb.xsd"
    path.write_text(xsd(billion_laughs("xs:schema"), "&l9;"), encoding="utf-8")
    run = cli("check", path)
    assert_input_error(run, "bomb.xsd")
    assert "entity" in run.err and "XML_PARSE_HUGE" not in run.err and "xmlCtxt" not in run.err


def test_xinclude_is_never_processed(secret, inputs):
    schema = inputs / "xi.xsd"
    schema.write_text(xsd(documentation=xinclude(secret), extra_ns=XINCLUDE_NS), encoding="utf-8")
    msg = inputs / "xi.xml"
    msg.write_text(message(srv=xinclude(secret), extra_ns=XINCLUDE_NS), encoding="utf-8")
    spec = docx_with(
        inputs / "xi.docx",
        lambda data: data.replace(
            b"PAYLOAD", f'<xi:include {XINCLUDE_NS} href="file://{secret}" parse="text"/>'.encode()
        ),
    )
    for args in (
        ("check", schema, "--format", "json", "--fail-on", "never"),
        ("check", inputs / "sr.xsd", "--messages", msg, "--format", "json", "--fail-on", "never"),
        ("extract", spec),
    ):
        (inputs / "sr.xsd").write_text(small_schema(), encoding="utf-8")
        run = cli(*args)
        assert_sane(run, {0})
        assert SECRET not in run.text
    root = parse_bytes(schema.read_bytes(), str(schema), "xi.xsd")
    assert root.find(".//{http://www.w3.org/2001/XInclude}include") is not None  # left as it is, not processed
    assert SECRET not in etree.tostring(root, encoding="unicode")


def test_remote_schema_location_is_reported_not_fetched(inputs, secret):
    path = inputs / "remote.xsd"
    body = '<xs:import namespace="urn:r" schemaLocation="http://127.0.0.1:9/r.xsd"/>'
    path.write_text(xsd(body=body), encoding="utf-8")
    run = cli("check", path, "--format", "json", "--fail-on", "warning")
    assert_sane(run, {1})
    report = json.loads(run.out)
    assert [f["rule"] for f in report["findings"]] == ["XS003"]
    assert "http://127.0.0.1:9/r.xsd" in report["findings"][0]["message"]
    # the default gate (error) passes: a warning, not a load failure
    assert_sane(cli("check", path), {0})


def test_file_schema_location_outside_the_folder_is_read_only_as_a_schema(inputs, secret):
    """file: locations are followed on disk (documented), but a file that is not an XSD stops the run: its text
    is never shown."""
    path = inputs / "local.xsd"
    path.write_text(xsd(body=f'<xs:include schemaLocation="file://{secret}"/>'), encoding="utf-8")
    run = cli("check", path)
    assert_input_error(run, "secret.txt")
    assert SECRET not in run.text


# --- 2. broken inputs -------------------------------------------------------------------------------


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A word/document.xml that inflates to 300 MB (about 300 KB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            chunk = b" " * (1 << 20)
            for _ in range(300):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def lying_zip_bomb() -> bytes:
    """A member whose central directory declares a small size but whose data inflates to far more."""
    real = zip_bytes({"word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b" " * 5_000_000})
    with zipfile.ZipFile(io.BytesIO(real)) as package:
        info = package.getinfo("word/document.xml")
    declared = info.file_size.to_bytes(4, "little")
    return real.replace(declared, (1000).to_bytes(4, "little"))


BROKEN_XSD = {
    "not-well-formed": (
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:element name="a">\n</xs:schema>',
        3,
    ),
    "not-an-xsd": (b"<root/>", 1),
    "empty": (b"", None),
    "whitespace-only": (b"  \n\n ", None),
    "bom-only": (b"\xef\xbb\xbf", None),
    "binary": (bytes(range(256)) * 4, None),
    "deep-nesting": (
        f"<xs:schema {XS_NS}><xs:annotation><xs:documentation>{'<a>' * 10_000}{'</a>' * 10_000}"
        "</xs:documentation></xs:annotation></xs:schema>".encode(),
        1,
    ),
    "deep-xsd-nesting": (
        f"<xs:schema {XS_NS}>{'<xs:sequence>' * 10_000}{'</xs:sequence>' * 10_000}</xs:schema>".encode(),
        1,
    ),
    "10MB-attribute": (
        f'<xs:schema {XS_NS}><xs:element name="a" default="{"x" * 10_500_000}"/></xs:schema>'.encode(),
        1,
    ),
    "10MB-name": (f'<xs:schema {XS_NS}><xs:element name="{"x" * 10_500_000}"/></xs:schema>'.encode(), 1),
    "wrong-declared-encoding": (
        b'<?xml version="1.0" encoding="UTF-8"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        b"<xs:annotation><xs:documentation>caf\xe9</xs:documentation></xs:annotation></xs:schema>",
        1,
    ),
    "unknown-encoding": (
        b'<?xml version="1.0" encoding="X-NOPE"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>',
        1,
    ),
    "missing-import": (
        f'<xs:schema {XS_NS}>\n<xs:import namespace="urn:x" schemaLocation="nowhere.xsd"/>\n</xs:schema>'.encode(),
        2,
    ),
    "missing-include": (f'<xs:schema {XS_NS}>\n\n<xs:include schemaLocation="gone/x.xsd"/>\n</xs:schema>'.encode(), 3),
}


@pytest.mark.parametrize("case", sorted(BROKEN_XSD))
def test_broken_xsd_gives_exit_2_and_one_line(case, inputs, tmp_path):
    raw, line = BROKEN_XSD[case]
    path = inputs / "broken.xsd"
    path.write_bytes(raw)
    report = tmp_path / "out" / "report.json"
    run = cli("check", path, "--format", "json", "-o", report, "--fail-on", "never")
    assert_input_error(run, "broken.xsd", line)
    assert_failure_report(report, run.err)  # a report naming the failure, nothing else in its folder
    assert [p.name for p in report.parent.iterdir()] == ["report.json"]
    # the other verbs that load schemas say the same
    for args in (("diff", path, path), ("graph", path), ("refs", path, "Thing")):
        assert_input_error(cli(*args), "broken.xsd", line)


def test_deep_nesting_and_huge_values_are_refused_in_plain_words(inputs):
    path = inputs / "deep.xsd"
    path.write_bytes(BROKEN_XSD["deep-nesting"][0])
    run = cli("check", path)
    assert "nested too deeply" in run.err and "XML_PARSE_HUGE" not in run.err
    path.write_bytes(BROKEN_XSD["10MB-attribute"][0])
    run = cli("check", path)
    assert "too large" in run.err and "XML_PARSE_HUGE" not in run.err


def ok_xsd(inputs: Path) -> Path:
    path = inputs / "ok.xsd"
    path.write_text(xsd(), encoding="utf-8")
    return path


BROKEN_DOCX = {
    "not-a-zip": b"This is not a zip file at all.",
    "empty": b"",
    "no-document-xml": zip_bytes({"word/other.xml": b"<x/>", "[Content_Types].xml": b"<Types/>"}),
    "ole-doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048,
    "zip-bomb": None,  # built lazily (300 KB)
    "lying-zip-bomb": None,
    "document-not-well-formed": zip_bytes({"word/document.xml": b'<w:document xmlns:w="x"><w:body>'}),
    "document-no-body": zip_bytes({"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'.encode()}),
    "document-empty": zip_bytes({"word/document.xml": b""}),
    "styles-not-well-formed": zip_bytes(
        {"word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode(), "word/styles.xml": b"<a"}
    ),
    "truncated-zip": None,
}


def broken_docx(case: str) -> bytes:
    if case == "zip-bomb":
        return zip_bomb()
    if case == "lying-zip-bomb":
        return lying_zip_bomb()
    if case == "truncated-zip":
        return DEMO_DOCX.read_bytes()[: DEMO_DOCX.stat().st_size // 2]
    raw = BROKEN_DOCX[case]
    assert raw is not None
    return raw


@pytest.mark.parametrize("case", sorted(BROKEN_DOCX))
def test_broken_docx_gives_exit_2_and_one_line(case, inputs, tmp_path):
    spec = inputs / "broken spec.docx"
    spec.write_bytes(broken_docx(case))
    report = tmp_path / "out.json"
    run = cli("check", ok_xsd(inputs), "--spec", spec, "--format", "json", "-o", report)
    assert_input_error(run, "broken spec.docx")
    assert_failure_report(report, run.err)
    report.unlink()
    assert_input_error(cli("extract", spec, "-o", report), "broken spec.docx")
    assert not report.exists()  # extract has no failure report: it writes the spec or nothing


def test_docx_part_error_names_the_part_and_its_line(inputs):
    spec = inputs / "bad.docx"
    spec.write_bytes(zip_bytes({"word/document.xml": b'<w:document xmlns:w="x">\n<w:body>\n</w:document>'}))
    run = cli("extract", spec)
    assert_input_error(run, "bad.docx")
    assert "word/document.xml:3: not well-formed XML" in run.err
    assert ", column" not in run.err


def test_path_traversal_member_names_are_never_extracted(inputs, tmp_path):
    evil = tmp_path / "evil.txt"
    members = {
        f"../../../../../../{evil.relative_to('/')}": b"EVIL",
        "/absolute/evil.txt": b"EVIL",
        "..\\..\\windows.txt": b"EVIL",
    }
    spec = docx_with(inputs / "traversal.docx", lambda data: data, {k: v for k, v in members.items()})
    run = cli("extract", spec)
    assert_sane(run, {0})
    assert "PAYLOAD" in run.out
    assert not evil.exists() and not Path("/absolute").exists()


@pytest.mark.parametrize(
    "name, raw",
    [
        ("empty.md", b""),
        ("blank.md", b"\n  \n"),
        ("latin1.md", "# Caf\xe9\n".encode("latin-1")),
        ("empty.json", b""),
        ("bad.json", b'{"rows": [1, 2'),
        ("scalar.json", b"42"),
        ("empty.csv", b""),
        ("nul.json", b"\0\0\0"),
    ],
)
def test_broken_spec_text_files_give_exit_2(name, raw, inputs):
    spec = inputs / name
    spec.write_bytes(raw)
    assert_input_error(cli("check", ok_xsd(inputs), "--spec", spec), name)


@pytest.mark.parametrize(
    "name, raw",
    [
        ("empty.xml", b""),
        ("broken.xml", b"<sr:Request xmlns:sr='x'>\n<a>\n</sr:Request>"),
        ("deep.xml", b"<a>" * 10_000 + b"</a>" * 10_000),
        # a value over libxml2's 10 MB limit is legal in a message (an UpdateFirmware image): the file's size is capped
        ("big.xml", b'<a b="' + b"x" * (49 * 1024 * 1024) + b'"/>'),
    ],
)
def test_broken_messages_give_exit_2(name, raw, inputs):
    msg = inputs / name
    msg.write_bytes(raw)
    (inputs / "sr.xsd").write_text(small_schema(), encoding="utf-8")
    assert_input_error(cli("check", inputs / "sr.xsd", "--messages", msg), name)
    assert_input_error(cli("diff", inputs / "sr.xsd", inputs / "sr.xsd", "--messages", msg), name)


# inputs that are legal and must load (not hang, not fail)


def write_files(folder: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


LEGAL = {
    "cyclic-import": {
        "a.xsd": f'<xs:schema {XS_NS} targetNamespace="urn:a"><xs:import namespace="urn:b" schemaLocation="b.xsd"/>'
        '<xs:element name="A" type="xs:string"/></xs:schema>',
        "b.xsd": f'<xs:schema {XS_NS} targetNamespace="urn:b"><xs:import namespace="urn:a" schemaLocation="a.xsd"/>'
        '<xs:element name="B" type="xs:string"/></xs:schema>',
    },
    "cyclic-include": {
        "a.xsd": f'<xs:schema {XS_NS} targetNamespace="urn:a"><xs:include schemaLocation="b.xsd"/>'
        '<xs:element name="A" type="xs:string"/></xs:schema>',
        "b.xsd": f'<xs:schema {XS_NS} targetNamespace="urn:a"><xs:include schemaLocation="./a.xsd"/>'
        '<xs:element name="B" type="xs:string"/></xs:schema>',
    },
    "cyclic-three": {
        "a.xsd": f'<xs:schema {XS_NS}><xs:include schemaLocation="sub/b.xsd"/><xs:element name="A" type="xs:string"/></xs:schema>',
        "sub/b.xsd": f'<xs:schema {XS_NS}><xs:include schemaLocation="../c.xsd"/><xs:element name="B" type="xs:string"/></xs:schema>',
        "c.xsd": f'<xs:schema {XS_NS}><xs:include schemaLocation="a.xsd"/><xs:element name="C" type="xs:string"/></xs:schema>',
    },
    "self-include": {
        "a.xsd": f'<xs:schema {XS_NS}><xs:include schemaLocation="a.xsd"/><xs:element name="A" type="xs:string"/></xs:schema>',
    },
    "self-import": {
        "a.xsd": f'<xs:schema {XS_NS} targetNamespace="urn:a"><xs:import namespace="urn:a" schemaLocation="a.xsd"/>'
        '<xs:element name="A" type="xs:string"/></xs:schema>',
    },
    "latin1": {
        "a.xsd": f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<xs:schema {XS_NS}><xs:element name="A" type="xs:string">'
        "<xs:annotation><xs:documentation>Caf\xe9 cr\xe8me</xs:documentation></xs:annotation></xs:element></xs:schema>\n".encode(
            "latin-1"
        ),
    },
    "windows-1252": {
        "a.xsd": f'<?xml version="1.0" encoding="windows-1252"?>\n<xs:schema {XS_NS}>\n<xs:element name="A" type="xs:string">'
        "<xs:annotation><xs:documentation>\u201cquoted\u201d \u20ac</xs:documentation></xs:annotation></xs:element>"
        "</xs:schema>\n".encode("cp1252"),
    },
    "utf8-bom": {
        "a.xsd": b"\xef\xbb\xbf"
        + f'<?xml version="1.0"?>\n<xs:schema {XS_NS}><xs:element name="A" type="xs:string"/></xs:schema>'.encode()
    },
    "utf16-bom": {
        "a.xsd": f'<?xml version="1.0" encoding="UTF-16"?>\n<xs:schema {XS_NS}>\n<xs:element name="A" type="xs:string"/>\n</xs:schema>\n'.encode(
            "utf-16"
        )
    },
}


# the documentation text each legacy-encoded case holds, and the encoding it is written in
DOCUMENTED = {"latin1": ("Caf\u00e9 cr\u00e8me", "latin-1"), "windows-1252": ("\u201cquoted\u201d \u20ac", "cp1252")}


@pytest.mark.parametrize("case", sorted(LEGAL))
def test_legal_but_unusual_schema_sets_load(case, inputs):
    write_files(inputs, LEGAL[case])
    for args in (
        ("check", inputs / "a.xsd", "--format", "json"),
        ("check", inputs, "--format", "json"),
        ("diff", inputs / "a.xsd", inputs, "--format", "json"),
        ("graph", inputs / "a.xsd"),
    ):
        run = cli(*args)
        assert_sane(run, {0, 1})
        assert run.err == ""
        json.loads(run.out)
    report = json.loads(cli("check", inputs / "a.xsd", "--format", "json").out)
    assert all(i["kind"] == "xsd" for i in report["inputs"])
    if case in DOCUMENTED:
        assert_documentation_decoded(inputs, *DOCUMENTED[case])


def assert_documentation_decoded(inputs: Path, documentation: str, encoding: str) -> None:
    """A file in a legacy encoding reads as its declaration says: `refs` places A at its line, and the documentation
    (which only `diff --annotations` shows) is the decoded text, not mojibake or replacement characters."""
    path, plain = inputs / "a.xsd", inputs.parent / "plain.xsd"
    line = line_of(path.read_bytes().decode(encoding), '<xs:element name="A"')
    refs = cli("refs", path, "A", "--format", "json")
    assert_sane(refs, {0})
    assert [(m["name"], m["kind"], m["defined"]) for m in refs.json()["matches"]] == [
        ("A", "element", f"{path}:{line}")
    ]
    plain.write_text(f'<xs:schema {XS_NS}><xs:element name="A" type="xs:string"/></xs:schema>\n', encoding="utf-8")
    diff = cli("diff", path, plain, "--annotations", "--format", "json")
    assert_sane(diff, {0})
    assert [(c["rule"], c["detail"]) for c in diff.json()["changes"]] == [
        ("BR190", f"documentation '{documentation}' removed")
    ]


def test_latin1_documentation_is_decoded(inputs):
    write_files(inputs, LEGAL["latin1"])
    root = parse_bytes((inputs / "a.xsd").read_bytes(), str(inputs / "a.xsd"), "a.xsd")
    assert "Caf\u00e9 cr\u00e8me" in etree.tostring(root, encoding="unicode")


# --- 3. the network is never used ---------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        body = f'<!ENTITY x "{SECRET}">'.encode() if self.path.endswith(".dtd") else SECRET.encode()
        if self.path.endswith(".xsd"):
            body = (
                f'<xs:schema {XS_NS} targetNamespace="urn:remote"><xs:element name="{SECRET}" type="xs:string"/>'
                "</xs:schema>"
            ).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def server():
    """A throwaway HTTP server on 127.0.0.1 (random port), in a thread; it stops by itself after 120 s."""

    class Handler(_Recorder):
        hits: list[str] = []

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.timeout = 1
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    stopper = threading.Timer(120, httpd.shutdown)
    stopper.daemon = True
    stopper.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", Handler.hits
    finally:
        stopper.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_server_fixture_counts_requests(server):
    url, hits = server
    with urllib.request.urlopen(f"{url}/probe", timeout=5) as answer:  # noqa: S310 - our own server
        assert answer.read() == SECRET.encode()
    assert hits == ["/probe"]


def test_no_request_reaches_the_network(server, inputs, tmp_path):
    url, hits = server
    remote_doctype = f'<!DOCTYPE {{root}} SYSTEM "{url}/ext.dtd" [<!ENTITY x SYSTEM "{url}/entity.txt">]>'
    schema_body = (
        f'<xs:import namespace="urn:remote" schemaLocation="{url}/remote.xsd"/>'
        f'<xs:include schemaLocation="{url}/included.xsd"/>'
    )
    old = inputs / "old"
    new = inputs / "new"
    for side, extra in ((old, ""), (new, '<xs:element name="Extra" type="xs:string"/>')):
        side.mkdir()
        (side / "sr.xsd").write_text(
            small_schema()
            .replace("</xs:schema>", f"{schema_body}{extra}</xs:schema>")
            .replace(
                'elementFormDefault="qualified">',
                f'elementFormDefault="qualified">\n<xs:redefine schemaLocation="{url}/redefined.xsd"/>',
                1,
            ),
            encoding="utf-8",
        )
    (old / "plain.xsd").write_text(
        xsd(remote_doctype.format(root="xs:schema"), "&x;", extra_ns=XINCLUDE_NS).replace(
            "Fine.", f'<xi:include href="{url}/xi.txt" parse="text"/>'
        ),
        encoding="utf-8",
    )
    messages = inputs / "messages"
    messages.mkdir()
    (messages / "entity.xml").write_text(message(remote_doctype.format(root="sr:Request"), srv="&x;"), encoding="utf-8")
    (messages / "located.xml").write_text(
        message(
            extra_ns='xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{SR_NS} {url}/loc.xsd" {XINCLUDE_NS}',
            srv=f'<xi:include href="{url}/xi-msg.txt" parse="text"/>',
        ),
        encoding="utf-8",
    )
    spec = docx_with(
        inputs / "remote.docx",
        docx_doctype(remote_doctype.format(root="w:document"), f'&x;<xi:include {XINCLUDE_NS} href="{url}/d.txt"/>'),
        {
            "word/_rels/extra.rels": f'<Relationships><Relationship TargetMode="External" Target="{url}/rel"/></Relationships>'.encode()
        },
    )
    runs = [
        cli("check", old / "sr.xsd", "--messages", messages, "--spec", spec, "--format", "json", "--fail-on", "never"),
        cli("check", old, "--format", "sarif", "--fail-on", "never"),
        cli("check", old / "sr.xsd", "--messages", messages, "--select", "MS", "--format", "json"),
        cli("diff", old / "sr.xsd", new / "sr.xsd", "--messages", messages, "--format", "json", "--fail-on", "never"),
        cli("diff", old / "sr.xsd", new / "sr.xsd", "--spec", spec, "--format", "markdown", "--fail-on", "never"),
        cli("extract", spec),
        cli("graph", old),
        cli("refs", old / "sr.xsd", "Request"),
    ]
    # the schemas do not compile (their imports are not fetched), so the message runs are incomplete: exit 2
    validating = {0, 2, 3}
    for number, run in enumerate(runs):
        assert_sane(run, {2} if number in validating else {0, 1})
        if number in validating:
            assert "could not be validated" in run.err
        assert SECRET not in run.text
    assert hits == []


# --- 4. determinism -----------------------------------------------------------------------------------


def _run_module(args: list[str], seed: str, cwd: Path) -> int:
    env = dict(os.environ, PYTHONHASHSEED=seed, NO_COLOR="1")
    env.pop("DUISLINT_FUZZ", None)
    result = subprocess.run(
        [sys.executable, "-m", "duislint", *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=False
    )
    assert result.returncode in (0, 1), result.stderr.decode()
    assert b"Traceback" not in result.stderr
    return result.returncode


def _formats(verb: str) -> list[str]:
    from duislint.report.formats import names

    wanted = ("json", "sarif", "junit", "markdown", "text", "html", "github")
    return [f for f in wanted if f in names(verb)]


def test_output_is_byte_identical_across_runs_and_hash_seeds(tmp_path):
    """The demo (schemas, Word spec and matrix) in every format, and a diff of the demo against an edited copy,
    from three processes with different PYTHONHASHSEED values."""
    edited = tmp_path / "edited"
    edited.mkdir()
    for source in DEMO.glob("*.xsd"):
        text = source.read_text(encoding="utf-8")
        (edited / source.name).write_text(text.replace('maxOccurs="unbounded"', 'maxOccurs="5"', 3), encoding="utf-8")
    results: dict[str, dict[str, bytes]] = {}
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"seed-{seed}"
        check_args = ["check", "schemas/demo", "--spec", str(DEMO_DOCX.relative_to(ROOT)), "--spec",
                      str(DEMO_MATRIX.relative_to(ROOT)), "--fail-on", "never", "--no-color"]  # fmt: skip
        for fmt in _formats("check"):
            check_args += ["--format", fmt, "-o", str(out / f"check.{fmt}")]
        _run_module(check_args, seed, ROOT)
        diff_args = ["diff", "schemas/demo", str(edited), "--fail-on", "never"]
        for fmt in _formats("diff"):
            diff_args += ["--format", fmt, "-o", str(out / f"diff.{fmt}")]
        _run_module(diff_args, seed, ROOT)
        results[seed] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    first = results["0"]
    assert len(first) == len(_formats("check")) + len(_formats("diff"))
    assert all(len(v) > 0 for v in first.values())
    for seed, files in results.items():
        for name, data in files.items():
            assert data == first[name], f"{name} differs between PYTHONHASHSEED=0 and {seed}"
    json.loads(first["check.json"])
    json.loads(first["check.sarif"])
    etree.fromstring(first["check.junit"])


def test_output_is_identical_in_process_twice():
    for fmt in _formats("check"):
        args = ("check", DEMO, "--spec", DEMO_DOCX, "--spec", DEMO_MATRIX, "--format", fmt, "--fail-on", "never",
                "--no-color")  # fmt: skip
        assert cli(*args).out == cli(*args).out, fmt


# --- 5. failure semantics -----------------------------------------------------------------------------


FAIL_ON = ("never", "info", "warning", "error")


@pytest.mark.parametrize("fail_on", FAIL_ON)
@pytest.mark.parametrize("broken", ("xsd", "spec", "matrix", "message", "imported"))
def test_an_input_that_fails_to_load_fails_the_run_whatever_fail_on_says(broken, fail_on, inputs, tmp_path):
    schema = inputs / "sr.xsd"
    schema.write_text(small_schema(), encoding="utf-8")
    args: list[str | Path] = ["check", schema]
    if broken == "xsd":
        (inputs / "bad.xsd").write_text("<xs:schema", encoding="utf-8")
        args = ["check", inputs / "bad.xsd"]
    elif broken == "imported":
        (inputs / "bad.xsd").write_text("<xs:schema", encoding="utf-8")
        (inputs / "top.xsd").write_text(xsd(body='<xs:import namespace="urn:b" schemaLocation="bad.xsd"/>'))
        args = ["check", inputs / "top.xsd"]
    elif broken == "spec":
        (inputs / "bad.docx").write_bytes(b"PK\x03\x04broken")
        args += ["--spec", inputs / "bad.docx"]
    elif broken == "matrix":
        (inputs / "bad.json").write_text("[{", encoding="utf-8")
        args += ["--spec", inputs / "bad.json"]
    else:
        (inputs / "bad.xml").write_text("<sr:Request", encoding="utf-8")
        args += ["--messages", inputs / "bad.xml"]
    reports = tmp_path / "reports"
    outputs: list[str | Path] = []
    for fmt in _formats("check"):
        outputs += ["--format", fmt, "-o", reports / f"r.{fmt}"]
    run = cli(*args, *outputs, "--fail-on", fail_on)
    assert_input_error(run, "bad.")
    written = sorted(p.name for p in reports.iterdir())
    assert written == sorted(f"r.{fmt}" for fmt in _formats("check"))  # every format names the failure
    for report in reports.iterdir():
        assert_failure_report(report, run.err)


@pytest.mark.parametrize("fail_on", ("never", "any", "breaking"))
def test_a_diff_side_that_fails_to_load_fails_the_diff(fail_on, inputs, tmp_path):
    (inputs / "bad.xsd").write_text("<xs:schema", encoding="utf-8")
    good = ok_xsd(inputs)
    report = tmp_path / "diff.json"
    for old, new in ((inputs / "bad.xsd", good), (good, inputs / "bad.xsd")):
        run = cli("diff", old, new, "--format", "json", "-o", report, "--fail-on", fail_on)
        assert_input_error(run, "bad.xsd")
        assert_failure_report(report, run.err)
        report.unlink()


# --- regressions found by hand and by tests/test_fuzz.py --------------------------------------------


def _docx_table(span: str = "1", before: str = "0", after: str = "0") -> bytes:
    return (
        f'<w:document xmlns:w="{W_NS}"><w:body><w:tbl>'
        f'<w:tr><w:trPr><w:gridBefore w:val="{before}"/><w:gridAfter w:val="{after}"/></w:trPr>'
        f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>'
        "</w:tbl></w:body></w:document>"
    ).encode()


@pytest.mark.parametrize("attr", ("span", "before", "after"))
def test_huge_grid_span_does_not_exhaust_memory(attr, inputs):
    spec = inputs / "span.docx"
    spec.write_bytes(zip_bytes({"word/document.xml": _docx_table(**{attr: "2000000000"})}))
    run = cli("extract", spec)
    assert_sane(run, {0})
    assert len(run.out) < 100_000


@pytest.mark.parametrize("fmt", ("upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "decimal"))
def test_huge_list_start_number_does_not_hang(fmt, inputs):
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
        f'<w:start w:val="999999999999999"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    document = (
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:pPr><w:outlineLvl w:val="0"/><w:numPr><w:ilvl w:val="0"/>'
        '<w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Heading</w:t></w:r></w:p></w:body></w:document>'
    )
    spec = inputs / "numbers.docx"
    spec.write_bytes(zip_bytes({"word/document.xml": document.encode(), "word/numbering.xml": numbering.encode()}))
    run = cli("extract", spec)
    assert_sane(run, {0})
    assert "Heading" in run.out


ENCODED_INCLUDES = {
    "utf16-includes": ("UTF-16", "utf-16", "b.xsd"),
    "latin1-accented-location": ("ISO-8859-1", "latin-1", "caf\u00e9 types.xsd"),
    "cp1252-includes": ("windows-1252", "cp1252", "b \u20ac.xsd"),
    "utf8-bom-includes": ("UTF-8", "utf-8-sig", "b.xsd"),
}


@pytest.mark.parametrize("case", sorted(ENCODED_INCLUDES))
def test_a_non_utf8_schema_compiles_with_its_includes(case, inputs):
    """Found while hardening: compile swapped schemaLocation tokens in the raw bytes, so a UTF-16 document's
    include (or a Latin-1 location with an accent) was never swapped and libxml2 reported a false XS001."""
    declared, codec, location = ENCODED_INCLUDES[case]
    top = (
        f'<?xml version="1.0" encoding="{declared}"?>\n<xs:schema {XS_NS}>\n'
        f'<xs:include schemaLocation="{location}"/>\n<xs:element name="A" type="T"/>\n</xs:schema>\n'
    )
    (inputs / "a.xsd").write_bytes(top.encode(codec))
    (inputs / location).write_text(
        f'<xs:schema {XS_NS}><xs:simpleType name="T"><xs:restriction base="xs:string">'
        '<xs:enumeration value="caf\u00e9"/></xs:restriction></xs:simpleType></xs:schema>',
        encoding="utf-8",
    )
    run = cli("check", inputs / "a.xsd", "--format", "json")
    assert_sane(run, {0})
    report = json.loads(run.out)
    assert [f for f in report["findings"] if f["rule"] != "XS002"] == []  # XS002: a raw space or accent in a URI
    assert len(report["inputs"]) == 2


def test_a_doc_file_is_refused_before_reading(inputs):
    spec = inputs / "old.doc"
    spec.write_bytes(BROKEN_DOCX["ole-doc"])
    assert_input_error(cli("check", ok_xsd(inputs), "--spec", spec), "old.doc")
    assert_input_error(cli("extract", spec), "old.doc")


def test_a_damaged_deflate_stream_in_a_docx_gives_exit_2(inputs):
    """Found by tests/test_fuzz.py (long profile): zlib.error escaped _parse_part as an internal error."""
    raw = bytearray(zip_bytes({"word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode()}))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as package:
        info = package.getinfo("word/document.xml")
    data_at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[data_at : data_at + 5] = b"\x00\x01\x00\x00\x00"  # a stored block whose LEN and NLEN disagree
    spec = inputs / "damaged.docx"
    spec.write_bytes(bytes(raw))
    run = cli("extract", spec)
    assert_input_error(run, "damaged.docx")
    assert "word/document.xml" in run.err
    assert_input_error(cli("check", DEMO, "--spec", spec), "damaged.docx")


def test_diff_of_a_set_whose_imported_namespace_changed_stays_fast(tmp_path):
    """Found by the long fuzz profile: a new MMC targetNamespace removes and adds every ra: component; the rename
    hints compared every pair (and re-flattened each), taking 17 s. They are bucketed by shape now."""
    real = duis_data() / "schemas" / "5.4"
    copy = tmp_path / "5.4-renamed"
    shutil.copytree(real, copy)
    mmc = copy / "MMC Schema V5.4.xsd"
    text = mmc.read_text(encoding="utf-8")
    mmc.write_text(text.replace('targetNamespace="http://www.dccinterface.co.uk/ResponseAndAlert"',
                                'targetNamespace="http://w0w.dccinterface.co.uk/ResponseAndAlert"', 1),
                   encoding="utf-8")  # fmt: skip
    start = time.perf_counter()
    run = cli("diff", real, copy, "--format", "json", "--fail-on", "never")
    assert time.perf_counter() - start < 5
    assert_sane(run, {0})
    assert json.loads(run.out)["summary"]["breaking"] > 100


def test_min_occurs_unbounded_is_a_compile_error_not_a_crash(tmp_path):
    """Found by the long fuzz profile: minOccurs="unbounded" reached the diff as an occurrence 'None..1'."""
    good = sr_schema('<xs:element name="Request"><xs:complexType><xs:sequence>'
                     '<xs:element name="A" type="xs:string"/></xs:sequence></xs:complexType></xs:element>')  # fmt: skip
    bad = good.replace('name="A"', 'name="A" minOccurs="unbounded"')
    (tmp_path / "old.xsd").write_text(good, encoding="utf-8")
    (tmp_path / "new.xsd").write_text(bad, encoding="utf-8")
    diff = cli("diff", tmp_path / "old.xsd", tmp_path / "new.xsd", "--format", "json", "--fail-on", "never")
    assert_sane(diff, {0})
    check = cli("check", tmp_path / "new.xsd", "--format", "json", "--fail-on", "never")
    assert_sane(check, {0})
    assert "XS001" in {f["rule"] for f in json.loads(check.out)["findings"]}

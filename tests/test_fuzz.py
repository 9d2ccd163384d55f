"""Fuzzing (issue 7): mutated real 5.4 XSDs, mutated DUIS-shaped .docx files and random messages never crash
duislint. Properties of every case: no traceback and no "internal error", exit code in {0, 1, 2}, output valid for
its format when the exit code is not 2, one stderr line when it is, and under 5 s.

Quick profile (the default, part of `make test`): a few dozen derandomized cases per generator.
Long profile: `DUISLINT_FUZZ=long .venv/bin/python -m pytest tests/test_fuzz.py` (3,000 cases per generator;
DUISLINT_FUZZ_EXAMPLES=N overrides the count).
"""

from __future__ import annotations

import copy
import io
import json
import os
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import ROOT, duis_data
from tests.helpers import cli

LONG = os.environ.get("DUISLINT_FUZZ", "").lower() == "long"
EXAMPLES = int(os.environ.get("DUISLINT_FUZZ_EXAMPLES", "3000" if LONG else "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,  # the quick profile runs the same cases in CI every time
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
TIME_LIMIT = 5.0
DEMO = ROOT / "schemas" / "demo"
DEMO_DOCX = DEMO / "DUIS Demo Specification V9.1.docx"
XS = "http://www.w3.org/2001/XMLSchema"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- the property -------------------------------------------------------------------------------------


def _each(flag: str, values: list[str]) -> list[str]:
    return [item for value in values for item in (flag, value)]


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """`duislint ARGS`, failing the case unless the run has the properties above."""
    run = cli(*args)  # an exception escaping main is a crash, and fails the test with its traceback
    event(f"{args[0]} exit {run.code}")  # pytest --hypothesis-show-statistics shows how the cases ended
    assert "internal error" not in run.err and "Traceback" not in run.err, run.err
    assert run.code in (0, 1, 2), (run.code, run.err)
    assert run.seconds < TIME_LIMIT, f"{run.seconds:.1f} s: {args}"
    if run.code == 2:
        assert len(run.err.splitlines()) == 1, run.err
        assert run.err.startswith("duislint: error: "), run.err
    return run.code, run.out, run.err


def assert_valid(fmt: str, code: int, text: str) -> None:
    if code == 2:
        return
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        etree.fromstring(text.encode("utf-8"))
    else:
        assert text.endswith("\n") or text == ""


# --- XSD mutations ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def real_schemas() -> dict[str, bytes]:
    folder = duis_data() / "schemas" / "5.4"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.xsd"))}


@lru_cache(maxsize=None)
def _tree(name: str) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(real_schemas()[name]))


def _names(root: etree._Element) -> list[str]:
    return sorted({el.get("name") for el in root.iter() if isinstance(el.tag, str) and el.get("name")})


REFERENCE_ATTRS = ("type", "base", "ref", "itemType", "memberTypes", "substitutionGroup")
ODD_NAMES = st.sampled_from(["", " ", "xs:string", "sr:", ":", "a:b:c", "1abc", "Name With Space", "é", "x" * 300,
                             "xs:anyType", "sr:Request", "ra:", "unbounded", "&amp;", "<", "'\""])  # fmt: skip


@st.composite
def mutated_xsd(draw) -> tuple[str, bytes]:  # noqa: ANN001
    """One of the real 5.4 files with 1-4 structural mutations: drop, duplicate, rename, retype, or set a
    facet/occurs value."""
    name = draw(st.sampled_from(sorted(real_schemas())))
    tree = copy.deepcopy(_tree(name))
    root = tree.getroot()
    for _ in range(draw(st.integers(1, 4))):
        elements = [el for el in root.iter() if isinstance(el.tag, str) and el is not root]
        if not elements:
            break
        op = draw(st.sampled_from(["drop", "duplicate", "rename", "retype", "value", "move"]))
        if op == "drop":
            el = elements[draw(st.integers(0, len(elements) - 1))]
            el.getparent().remove(el)
        elif op == "duplicate":
            el = elements[draw(st.integers(0, len(elements) - 1))]
            el.addnext(copy.deepcopy(el))
        elif op == "move":
            el = elements[draw(st.integers(0, len(elements) - 1))]
            target = elements[draw(st.integers(0, len(elements) - 1))]
            if el is not target and el not in target.iterancestors():
                el.getparent().remove(el)
                target.append(el)
        elif op == "rename":
            named = [el for el in elements if el.get("name") is not None]
            if named:
                el = named[draw(st.integers(0, len(named) - 1))]
                existing = _names(root)
                _set(el, "name", draw(st.one_of(st.sampled_from(existing), ODD_NAMES, st.text(max_size=20))))
        elif op == "retype":
            typed = [(el, a) for el in elements for a in REFERENCE_ATTRS if el.get(a) is not None]
            if typed:
                el, attr = typed[draw(st.integers(0, len(typed) - 1))]
                existing = [f"sr:{n}" for n in _names(root)[:200]] + [f"ra:{n}" for n in _names(root)[:50]]
                _set(el, attr, draw(st.one_of(st.sampled_from(existing), ODD_NAMES, st.text(max_size=12))))
        else:
            attrs = [(el, a) for el in elements for a in ("value", "minOccurs", "maxOccurs", "fixed", "default")
                     if el.get(a) is not None]  # fmt: skip
            if attrs:
                el, attr = attrs[draw(st.integers(0, len(attrs) - 1))]
                _set(el, attr, draw(st.one_of(st.sampled_from(["-1", "0", "9" * 30, "unbounded", "", "1.5", "²"]),
                                            st.text(max_size=10))))  # fmt: skip
    return name, etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _set(el: etree._Element, attr: str, value: str) -> None:
    """Set an attribute, unless lxml refuses the value (control characters cannot be written in XML 1.0)."""
    try:
        el.set(attr, value)
    except ValueError:
        pass


def _legal_xml_text(text: str) -> bool:
    try:
        etree.fromstring(f"<a b='{text}'/>".replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "replace"))
    except (etree.XMLSyntaxError, ValueError):
        return False
    return True


@st.composite
def corrupted_bytes(draw, raw: bytes, max_edits: int = 8) -> bytes:  # noqa: ANN001
    """Overwrite, insert, delete or truncate at random positions."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, max_edits))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["overwrite", "insert", "delete", "truncate", "angle"]))
        if op == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            data[at : at + len(chunk)] = chunk
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from([b"<", b">", b"</", b"&", b"]]>", b'"', b"<!--", b"\xff\xfe", b"\0"]))
    return bytes(data)


@st.composite
def corrupted_xsd(draw) -> tuple[str, bytes]:  # noqa: ANN001
    name = draw(st.sampled_from(sorted(real_schemas())))
    return name, draw(corrupted_bytes(real_schemas()[name]))


def _schema_folder(folder: Path, name: str, raw: bytes) -> Path:
    for other, data in real_schemas().items():
        (folder / other).write_bytes(raw if other == name else data)
    return folder


CHECK_FORMATS = st.sampled_from(["json", "sarif", "junit", "text", "markdown"])


@FUZZ
@given(case=mutated_xsd(), fmt=CHECK_FORMATS)
def test_fuzz_mutated_real_xsds(case, fmt):
    name, raw = case
    with tempfile.TemporaryDirectory(prefix="duislint-fuzz-") as tmp:
        folder = _schema_folder(Path(tmp), name, raw)
        code, out, _ = run_cli(["check", str(folder), "--format", fmt, "--no-color"])
        assert_valid(fmt, code, out)


@FUZZ
@given(case=corrupted_xsd(), fmt=CHECK_FORMATS)
def test_fuzz_corrupted_real_xsds(case, fmt):
    name, raw = case
    with tempfile.TemporaryDirectory(prefix="duislint-fuzz-") as tmp:
        folder = _schema_folder(Path(tmp), name, raw)
        code, out, _ = run_cli(["check", str(folder), "--format", fmt, "--no-color"])
        assert_valid(fmt, code, out)


@FUZZ
@given(case=st.one_of(mutated_xsd(), corrupted_xsd()), fmt=st.sampled_from(["json", "markdown", "text"]))
def test_fuzz_diff_against_mutated_xsds(case, fmt):
    name, raw = case
    with tempfile.TemporaryDirectory(prefix="duislint-fuzz-") as tmp:
        folder = _schema_folder(Path(tmp), name, raw)
        real = duis_data() / "schemas" / "5.4"
        code, out, _ = run_cli(["diff", str(real), str(folder), "--format", fmt, "--fail-on", "any"])
        assert_valid(fmt, code, out)


# --- .docx mutations ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def demo_docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(DEMO_DOCX) as package:
        return {name: package.read(name) for name in package.namelist()}


WORD_VALUES = st.one_of(
    st.sampled_from("0 1 -1 8 9 99 2000000000 -2000000000 x Heading1 Heading9 continue restart".split()),
    st.sampled_from(["9" * 40, "", "upperRoman", "lowerLetter", "bullet", "%1.%2.%9", "%0"]),
    st.text(max_size=12),
)


@st.composite
def mutated_docx(draw) -> bytes:  # noqa: ANN001
    """The demo's Word specification (DUIS-shaped: numbered headings, data-item tables, the matrix) with edits
    to word/document.xml, styles.xml or numbering.xml: delete, duplicate or move elements, change w:val-like
    attributes, or corrupt bytes; sometimes the zip itself is damaged."""
    parts = dict(demo_docx_parts())
    candidates = sorted(n for n in parts if n in ("word/document.xml", "word/styles.xml", "word/numbering.xml"))
    part = draw(st.sampled_from(candidates))
    if draw(st.integers(0, 4)) == 4:  # not 0: hypothesis leans to small values, and most cases should parse
        parts[part] = draw(corrupted_bytes(parts[part], max_edits=4))
    else:
        root = etree.fromstring(parts[part])
        elements = [el for el in root.iter() if isinstance(el.tag, str) and el is not root]
        for _ in range(draw(st.integers(1, 6))):
            el = elements[draw(st.integers(0, len(elements) - 1))]
            op = draw(st.sampled_from(["delete", "duplicate", "value", "value", "move", "text"]))
            if op == "delete" and el.getparent() is not None:
                el.getparent().remove(el)
            elif op == "duplicate" and el.getparent() is not None:
                el.addnext(copy.deepcopy(el))
            elif op == "move":
                target = elements[draw(st.integers(0, len(elements) - 1))]
                if el is not target and el not in target.iterancestors() and el.getparent() is not None:
                    el.getparent().remove(el)
                    target.append(el)
            elif op == "text":
                value = draw(st.text(max_size=40))
                if _legal_xml_text(value):
                    el.text = value
            else:
                attrs = sorted(el.attrib) or [f"{{{W}}}val"]
                attr = draw(st.sampled_from(attrs))
                value = draw(WORD_VALUES)
                if _legal_xml_text(value):
                    el.set(attr, value)
        parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    raw = buffer.getvalue()
    if draw(st.integers(0, 9)) == 9:
        raw = draw(corrupted_bytes(raw, max_edits=2))
    return raw


REVISIONS = st.sampled_from(["accepted", "original"])


@FUZZ
@given(raw=mutated_docx(), fmt=st.sampled_from(["json", "sarif", "text"]), revisions=REVISIONS)
def test_fuzz_mutated_docx(raw, fmt, revisions):
    with tempfile.TemporaryDirectory(prefix="duislint-fuzz-") as tmp:
        spec = Path(tmp) / "spec.docx"
        spec.write_bytes(raw)
        code, out, _ = run_cli(["check", str(DEMO), "--spec", str(spec), "--format", fmt, "--revisions", revisions])
        assert_valid(fmt, code, out)
        code, out, _ = run_cli(["extract", str(spec), "--format", "json"])
        assert_valid("json", code, out)
        code, out, _ = run_cli(["diff", str(DEMO), str(DEMO), "--spec", str(spec), "--format", "json"])
        assert_valid("json", code, out)


# --- messages -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def real_requests() -> list[bytes]:
    folder = duis_data() / "messages" / "requests-5.4"
    return [p.read_bytes() for p in sorted(folder.iterdir())[:40]]


@st.composite
def random_message(draw) -> bytes:  # noqa: ANN001
    kind = draw(st.sampled_from(["mutated", "mutated", "corrupted", "generated", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "generated":
        tag = draw(st.sampled_from(["sr:Request", "sr:Response", "Request", "x:Y"]))
        children = ""  # well-formed: a few known elements, nested
        for _ in range(draw(st.integers(0, 4))):
            child = draw(st.sampled_from(["sr:Header", "sr:Body", "sr:ServiceReference", "sr:ServiceReferenceVariant"]))
            children = f"<{child}>{draw(st.sampled_from(['', '8.11', '1.1.1', '%', 'x' * 50]))}{children}</{child}>"
        version = draw(st.sampled_from(["5.4", "", "x", "5.3a"]))
        return (
            f'<{tag} xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" xmlns:x="urn:x" '
            f'schemaVersion="{version}">{children}</{tag}>'
        ).encode()
    raw = draw(st.sampled_from(real_requests()))
    if kind == "corrupted":
        return draw(corrupted_bytes(raw, max_edits=4))
    root = etree.fromstring(raw)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for _ in range(draw(st.integers(1, 4))):
        el = elements[draw(st.integers(0, len(elements) - 1))]
        op = draw(st.sampled_from(["delete", "duplicate", "text", "rename"]))
        parent = el.getparent()
        if op == "delete" and parent is not None:
            parent.remove(el)
        elif op == "duplicate" and parent is not None:
            el.addnext(copy.deepcopy(el))
        elif op == "rename":
            local = draw(st.sampled_from(["Body", "Header", "Zzz", "Request"]))
            el.tag = etree.QName(etree.QName(el).namespace or "urn:x", local).text
        else:
            value = draw(st.one_of(st.sampled_from(["", "8.11", "99.99", "-1", "9" * 40]), st.text(max_size=20)))
            if _legal_xml_text(value):
                el.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@FUZZ
@given(messages=st.lists(random_message(), min_size=1, max_size=3), fmt=st.sampled_from(["json", "junit", "text"]))
def test_fuzz_random_messages(messages, fmt):
    with tempfile.TemporaryDirectory(prefix="duislint-fuzz-") as tmp:
        paths = []
        for index, raw in enumerate(messages):
            path = Path(tmp) / f"m{index}.xml"
            path.write_bytes(raw)
            paths.append(str(path))
        schemas = str(duis_data() / "schemas" / "5.4")
        code, out, _ = run_cli(["check", schemas, *_each("--messages", paths), "--format", fmt, "--select", "MS"])
        assert_valid(fmt, code, out)
        code, out, _ = run_cli(["diff", schemas, schemas, *_each("--messages", paths), "--format", "json"])
        assert_valid("json", code, out)

"""The report every requested format gets when an input fails to load: it names the input (file and line) and is
never a clean result. The run still exits 2 and says the same in one line on stderr."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from duislint import __version__
from duislint.errors import InputError
from duislint.report.github import escape_data, escape_property
from duislint.report.locations import artifact_uri, repository_path, repository_root
from duislint.report.sarif import INFORMATION_URI, SCHEMA_URI

TOOL = {"name": "duislint", "version": __version__}


def render(fmt: str, error: InputError, verb: str, root: Path | None = None) -> str:
    root = root or repository_root()
    where = f"{error.path}:{error.line}" if error.line else error.path
    if fmt == "json":
        document = {"tool": TOOL, "error": {"path": error.path, "line": error.line, "message": error.message},
                    "findings" if verb == "check" else "changes": [], "complete": False}  # fmt: skip
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return _sarif(error, root)
    if fmt == "junit":
        return _junit(error, where)
    if fmt == "github":
        props = f"file={escape_property(repository_path(error.path, root) or error.path)}"
        props += f",line={error.line}" if error.line else ""
        return f"::error {props},title=duislint::{escape_data(f'could not read the input: {error.message}')}\n"
    if fmt == "markdown":
        return f"## duislint could not read its input\n\n`{where}`: {error.message}\n\nNothing was checked.\n"
    if fmt == "html":
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>duislint: input error</title>'
            "</head><body><h1>duislint could not read its input</h1>"
            f"<p><code>{html.escape(where)}</code>: {html.escape(error.message)}</p><p>Nothing was checked.</p>"
            "</body></html>\n"
        )
    return f"duislint: error: {where}: {error.message}\nnothing was checked\n"


def _sarif(error: InputError, root: Path) -> str:
    notification: dict[str, object] = {
        "level": "error",
        "message": {"text": f"could not read the input: {error.message}"},
    }
    location: dict[str, object] = {"artifactLocation": {"uri": artifact_uri(error.path, root)}}
    if error.line:
        location["region"] = {"startLine": error.line}
    notification["locations"] = [{"physicalLocation": location}]
    run = {
        "tool": {"driver": {"name": "duislint", "version": __version__, "informationUri": INFORMATION_URI}},
        "invocations": [{"executionSuccessful": False, "toolExecutionNotifications": [notification]}],
        "results": [],
    }
    return json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"


def _junit(error: InputError, where: str) -> str:
    suites = ET.Element("testsuites", name="duislint", tests="1", failures="0", errors="1")
    suite = ET.SubElement(suites, "testsuite", name=error.path, tests="1", failures="0", errors="1")
    case = ET.SubElement(suite, "testcase", classname="duislint.input", name=f"read {error.path}")
    failure = ET.SubElement(case, "error", message=error.message, type="InputError")
    failure.text = f"{where}: {error.message}"
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"

"""The baseline: findings a project has accepted, keyed by fingerprint, so that a CI gate fails only on new ones.

The file is JSON, one entry per accepted finding, sorted by file, rule, subject and fingerprint (never by line, so
that editing a schema does not reorder it). Only the fingerprint is matched; the other fields are there for the
reviewer of a baseline change, and to name a stale entry.
"""

from __future__ import annotations

import json
import os
from typing import Iterable

from duislint import inputs, limits
from duislint.errors import InputError
from duislint.findings import BaselineResult, Report, _file_name

FORMAT = "duislint-baseline/1"


def render(report: Report) -> str:
    """Every finding of the run (a baseline already applied is ignored: updating accepts what is there now)."""
    entries = [_entry(finding, fingerprint) for finding, fingerprint in report.fingerprinted()]
    entries.sort(key=lambda e: (e["file"], e["rule"], e["subject"], e.get("section", ""), e["fingerprint"]))
    return json.dumps({"format": FORMAT, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def _entry(finding, fingerprint: str) -> dict[str, str]:  # noqa: ANN001
    entry = {"fingerprint": fingerprint, "rule": finding.rule, "subject": finding.subject,
             "file": _file_name(finding.location.path)}  # fmt: skip
    if finding.location.section:
        entry["section"] = finding.location.section
    entry["message"] = finding.message
    return entry


def load(path: str, shown: str | None = None) -> list[dict[str, str]]:
    """The entries of a baseline file; an unreadable or malformed one is an input error (exit 2)."""
    shown = shown or path
    inputs.note(path, shown)
    try:
        with open(path, "rb") as handle:
            limits.check_size(os.fstat(handle.fileno()).st_size, shown)
            text = handle.read().decode("utf-8")
    except FileNotFoundError:
        raise InputError(shown, "baseline file not found (create it with --update-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(shown, f"cannot read baseline: {exc}") from None
    try:
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"not valid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise InputError(shown, "not a duislint baseline: JSON nested too deeply") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(entries, list):
        raise InputError(shown, f'not a duislint baseline (expected "format": "{FORMAT}" and a findings list)')
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise InputError(shown, f"baseline entry {number} has no fingerprint")
        wrong = next((key for key in ENTRY_KEYS if key in entry and not isinstance(entry[key], str)), None)
        if wrong is not None:
            raise InputError(shown, f"baseline entry {number}: '{wrong}' must be text, not {type(entry[wrong]).__name__}")
    return [{key: entry[key] for key in ENTRY_KEYS if key in entry} for entry in entries]


ENTRY_KEYS = ("fingerprint", "rule", "subject", "file", "section", "message")


def apply(report: Report, entries: list[dict[str, str]], path: str, rules_run: Iterable[str]) -> Report:
    """The report with the baseline's findings accepted. An entry that matches no current finding is stale only if
    its rule ran and its file was read: an entry for a rule left out by --select is not 'fixed'."""
    current = {fingerprint for _, fingerprint in report.fingerprinted()}
    accepted = frozenset(e["fingerprint"] for e in entries)
    ran = set(rules_run)
    files_read = {_file_name(i["path"]) for i in report.inputs} | {_file_name(f.location.path) for f in report.findings}
    stale = tuple(
        e
        for e in entries
        if e["fingerprint"] not in current and e.get("rule", "") in ran and e.get("file", "") in files_read
    )
    baselined = sum(1 for _, fingerprint in report.fingerprinted() if fingerprint in accepted)
    report.baseline = BaselineResult(path, accepted, baselined, stale)
    return report

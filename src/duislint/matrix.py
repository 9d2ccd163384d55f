"""The DUIS service-request matrix, read from JSON or CSV (one row per SRV)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from duislint.errors import InputError
from duislint.findings import Location

NAME, SR, SRV, ROLES = "Service Request Name", "Service Reference", "Service Reference Variant", "Eligible User Roles"


@dataclass(frozen=True)
class MatrixRow:
    name: str
    service_reference: str
    srv: str
    eligible_roles: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    location: Location  # file + row number (1-based, data rows)


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


_WANTED = {_key(NAME): "name", _key(SR): "sr", _key(SRV): "srv", _key(ROLES): "roles"}


def read_matrix(path: str, display: str | None = None) -> list[MatrixRow]:
    shown = display or path
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(shown, "not UTF-8 text") from None
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        records = _json_records(text, shown)
        lines = _json_object_lines(text)
    elif suffix == ".csv":
        records = list(csv.DictReader(io.StringIO(text)))
        lines = _csv_record_lines(text)
    else:
        raise InputError(shown, "service-request matrix must be .json or .csv")
    rows = []
    for index, record in enumerate(records, start=1):
        line = lines[index - 1] if index - 1 < len(lines) else None
        rows.append(_row(record, index, shown, line))
    if not rows:
        raise InputError(shown, "service-request matrix has no rows")
    return rows


def _json_records(text: str, shown: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"not valid JSON: {exc.msg}", exc.lineno) from None
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(shown, "service-request matrix JSON must be a list of objects")
    return data


def _json_object_lines(text: str) -> list[int]:
    """The line on which each object of the top-level list starts (a tiny scanner; json keeps no positions)."""
    lines: list[int] = []
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if char == "{" and depth == 2:
                lines.append(line)
        elif char in "]}":
            depth -= 1
    return lines


def _csv_record_lines(text: str) -> list[int]:
    reader = csv.reader(io.StringIO(text))
    starts: list[int] = []
    next(reader, None)
    previous_end = reader.line_num
    for _ in reader:
        starts.append(previous_end + 1)
        previous_end = reader.line_num
    return starts


def _row(record: dict, index: int, shown: str, line: int | None = None) -> MatrixRow:
    picked: dict[str, object] = {}
    for header, value in record.items():
        wanted = _WANTED.get(_key(str(header)))
        if wanted:
            picked[wanted] = value
    if "srv" not in picked or "name" not in picked:
        raise InputError(shown, f"row {index}: needs '{SRV}' and '{NAME}' columns")
    roles = picked.get("roles") or ()
    if isinstance(roles, str):
        roles = tuple(r for r in re.split(r"[,;/\s]+", roles) if r)
    srv = str(picked["srv"]).strip()
    return MatrixRow(
        name=" ".join(str(picked["name"]).split()),
        service_reference=str(picked.get("sr") or ".".join(srv.split(".")[:2])).strip(),
        srv=srv,
        eligible_roles=tuple(str(r) for r in roles),
        fields=tuple((str(k), json.dumps(v) if not isinstance(v, str) else v) for k, v in record.items()),
        location=Location(shown, line, row=index),
    )

"""The DUIS service-request matrix, read from JSON or CSV (one row per SRV)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from duislint import inputs, limits
from duislint.errors import InputError
from duislint.findings import Location

NAME, SR, SRV, ROLES = "Service Request Name", "Service Reference", "Service Reference Variant", "Eligible User Roles"


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One SRV of the service-request matrix: its name, SR, SRV and eligible user roles, and every column as read."""

    name: str
    service_reference: str
    srv: str
    eligible_roles: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    location: Location  # file + row number (1-based, data rows) + the line the row starts on
    field_lines: tuple[tuple[str, int], ...] = ()  # JSON: the line of each key

    def value(self, column: str) -> str | None:
        wanted = _key(column)
        return next((v for k, v in self.fields if _key(k) == wanted), None)

    def yes_no(self, column: str) -> bool | None:
        """A Yes/No column's answer for this row; None when the row has no such column or says something else."""
        return yes_no(self.value(column))

    def location_of(self, column: str) -> Location:
        """The row's location (a specification's row keeps its section and table), at the line of one of its
        fields where the file tells it."""
        wanted = _key(column)
        line = next((n for key, n in self.field_lines if _key(key) == wanted), self.location.line)
        return replace(self.location, line=line)


def yes_no(value: str | None) -> bool | None:
    """'Yes' -> True, 'No' -> False (case, spacing and a full stop ignored); anything else -> None."""
    word = (value or "").strip().rstrip(".").strip().lower()
    return {"yes": True, "y": True, "no": False, "n": False}.get(word)


def columns(rows: list[MatrixRow]) -> list[str]:
    """The matrix's column headers, as first written, in the order first met."""
    found: dict[str, str] = {}
    for row in rows:
        for header, _ in row.fields:
            found.setdefault(_key(header), header)
    return list(found.values())


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


_WANTED = {_key(NAME): "name", _key(SR): "sr", _key(SRV): "srv", _key(ROLES): "roles"}


def read_matrix(path: str, display: str | None = None) -> list[MatrixRow]:
    shown = display or path
    inputs.note(path, shown)
    raw = limits.read_file(path, shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(shown, "not UTF-8 text") from None
    if not text.strip():
        raise InputError(shown, "empty file")
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        records, wrapped = _json_records(text, shown)
        lines = _json_object_lines(text, 3 if wrapped else 2)
    elif suffix == ".csv":
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # CR-only line ends (old Mac exports) too
        records, lines = _csv_records(text, shown)
    else:
        raise InputError(shown, "service-request matrix must be .json or .csv")
    rows = []
    for index, record in enumerate(records, start=1):
        rows.append(_row(record, index, shown, lines[index - 1] if index - 1 < len(lines) else {}))
    if not rows:
        raise InputError(shown, "service-request matrix has no rows")
    return rows


def _csv_records(text: str, shown: str) -> tuple[list[dict[str, str]], list[dict[str, int]]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        records = list(reader)
        lines = _csv_record_lines(text)
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a field longer than {csv.field_size_limit():,} characters"
        raise InputError(shown, f"not a readable CSV table: {message}", reader.line_num or None) from None
    return records, lines


def _json_records(text: str, shown: str) -> tuple[list[dict], bool]:
    """The row objects, and whether they sit in a list under a key of a top-level object. Numbers are kept as
    written ("6.20" is not the number 6.2)."""
    try:
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"not valid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise InputError(shown, "not a service-request matrix: JSON nested too deeply") from None
    wrapped = isinstance(data, dict)
    if wrapped:
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(shown, "service-request matrix JSON must be a list of objects")
    return data, wrapped


def _json_object_lines(text: str, depth_of_rows: int) -> list[dict[str, int]]:
    """For each object of the top-level list: the line it starts on ("") and the line of each of its keys.
    A tiny scanner, since json keeps no positions."""
    objects: list[dict[str, int]] = []
    depth, line, index = 0, 1, 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\n":
            line += 1
        elif char == '"':
            end = index + 1
            while end < length and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if depth == depth_of_rows and objects and text[end + 1 : end + 40].lstrip().startswith(":"):
                objects[-1].setdefault(text[index + 1 : end], line)
            line += text.count("\n", index, end)
            index = end
        elif char in "[{":
            depth += 1
            if char == "{" and depth == depth_of_rows:
                objects.append({"": line})
        elif char in "]}":
            depth -= 1
        index += 1
    return objects


def _csv_record_lines(text: str) -> list[dict[str, int]]:
    reader = csv.reader(io.StringIO(text))
    starts: list[dict[str, int]] = []
    next(reader, None)
    previous_end = reader.line_num
    for record in reader:
        if record:  # csv.DictReader skips blank lines, so they are no record
            starts.append({"": previous_end + 1})
        previous_end = reader.line_num
    return starts


def _row(record: dict, index: int, shown: str, lines: dict[str, int]) -> MatrixRow:
    picked: dict[str, object] = {}
    for header, value in record.items():
        wanted = _WANTED.get(_key(str(header)))
        if wanted:
            picked[wanted] = value

    def text(key: str, column: str) -> str:
        value = picked.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            line = lines.get(next((h for h in record if _WANTED.get(_key(str(h))) == key), ""), lines.get(""))
            raise InputError(shown, f"row {index}: '{column}' must be text, not {_json_kind(value)}", line)
        return value

    name, srv, sr = text("name", NAME), text("srv", SRV).strip(), text("sr", SR)
    if not srv or not name:
        raise InputError(shown, f"row {index}: needs '{SRV}' and '{NAME}' columns", lines.get(""))
    return MatrixRow(
        name=" ".join(name.split()),
        service_reference=(sr or ".".join(srv.split(".")[:2])).strip(),
        srv=srv,
        eligible_roles=_roles(picked.get("roles"), index, shown, lines.get("")),
        fields=tuple((str(k), json.dumps(v) if not isinstance(v, str) else v) for k, v in record.items()),
        location=Location(shown, lines.get(""), row=index),
        field_lines=tuple((key, value) for key, value in lines.items() if key),
    )


def _roles(value: object, index: int, shown: str, line: int | None) -> tuple[str, ...]:
    """Eligible User Roles: a list of role codes, or one text naming them ("IS, GS")."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(r for r in re.split(r"[,;/\s]+", value) if r)
    if isinstance(value, list) and all(isinstance(r, str) for r in value):
        return tuple(value)
    raise InputError(shown, f"row {index}: '{ROLES}' must be a list of role codes or a text, not {_json_kind(value)}",
                     line)  # fmt: skip


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list of other things"
    return f"{value!r}"


def rows_from_spec_table(table) -> list[MatrixRow]:  # noqa: ANN001 - a spec.model.Table of kind MATRIX
    """The specification's own service-request matrix table, as matrix rows located at their table rows."""
    from duislint.duis import role_codes

    rows = []
    for row in table.rows:
        srv = row.cell(table.column("srv")).strip()
        if not srv:
            continue
        roles, _ = role_codes(row.cell(table.column("roles")))
        fields = tuple((table.header[i], cell) for i, cell in enumerate(row.cells) if i < len(table.header))
        rows.append(
            MatrixRow(
                name=" ".join(row.cell(table.column("name")).split()),
                service_reference=row.cell(table.column("sr")).strip() or ".".join(srv.split(".")[:2]),
                srv=srv,
                eligible_roles=tuple(sorted(roles)),
                fields=fields,
                location=row.location,
            )
        )
    return rows

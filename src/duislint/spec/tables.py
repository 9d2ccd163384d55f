"""Recognise a table's kind by its header wording, and which column plays which role.

Header cells are compared case-, space- and punctuation-insensitively; small variants are tolerated ("Data Item
Name", "Description / Valid Set", "Mandatory (M/O)"). A table that matches no kind is kept as unrecognised.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from duislint.spec import model
from duislint.spec.text import header_key


@dataclass(frozen=True, slots=True)
class Role:
    """The part a column plays in a kind of table (e.g. the SRV column), recognised by words in its header cell."""

    name: str
    needles: tuple[str, ...]  # the header key contains one of these
    required: bool = True


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of specification table, recognised by the roles its header's columns play."""

    name: model.TableKind
    roles: tuple[Role, ...]


KINDS: tuple[Kind, ...] = (
    Kind(model.MATRIX, (
        Role("name", ("servicerequestname",)),
        Role("srv", ("servicereferencevariant", "srv")),
        Role("sr", ("servicereference",), required=False),
        Role("critical", ("critical",), required=False),
        Role("on_demand", ("ondemand",), required=False),
        Role("dcc_scheduled", ("dccscheduled",), required=False),
        Role("roles", ("eligibleuserroles", "eligibleusers", "eligibleuser"), required=False),
    )),
    Kind(model.RESPONSE_CODES, (
        Role("code", ("responsecode",)),
        Role("name", ("name",), required=False),
        Role("type", ("type",), required=False),
        Role("description", ("description",), required=False),
    )),
    Kind(model.ALERT_CODES, (
        Role("code", ("dccalertcode", "alertcode")),
        Role("name", ("name", "alertdescription"), required=False),
        Role("item", ("alertdataitem", "dataitem"), required=False),
        Role("description", ("description", "trigger"), required=False),
    )),
    Kind(model.DATA_ITEMS, (
        Role("item", ("dataitem", "alertdataitem")),
        Role("description", ("description", "validset"), required=False),
        Role("type", ("type",)),
        Role("mandatory", ("mandatory",)),
        Role("default", ("default",), required=False),
        Role("units", ("units", "unit"), required=False),
        Role("valid_set", ("validset", "validvalues", "validrange"), required=False),  # a column of its own, if any
    )),
    Kind(model.TERMS, (
        Role("term", ("term", "expression", "acronym", "abbreviation")),
        Role("definition", ("definition", "meaning")),
    )),
    Kind(model.SERVICE_DESCRIPTION, (
        Role("attribute", ("attribute",)),
        Role("value", ("value",)),
    )),
)  # fmt: skip


def recognise(header: tuple[str, ...]) -> tuple[model.TableKind, dict[str, int]] | None:
    """(kind, role -> column) when every required role of a kind finds a column, each column used once."""
    found = _recognised(tuple(header_key(cell) for cell in header))
    return (found[0], dict(found[1])) if found is not None else None


@lru_cache(maxsize=4096)
def _recognised(keys: tuple[str, ...]) -> tuple[model.TableKind, tuple[tuple[str, int], ...]] | None:
    """recognise() by the header's keys, once for each (a document repeats its few headers a thousand times)."""
    if len(set(k for k in keys if k)) < 2:
        return None
    for kind in KINDS:
        columns = _assign(kind, list(keys))
        if columns is not None:
            return kind.name, tuple(columns.items())
    return None


def _assign(kind: Kind, keys: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    used: set[int] = set()
    # exact matches first, so "Service Reference" does not take the "Service Reference Variant" column
    for exact in (True, False):
        for role in kind.roles:
            if role.name in columns:
                continue
            for index, key in enumerate(keys):
                if index in used or not key:
                    continue
                if (key in role.needles) if exact else any(needle in key for needle in role.needles):
                    if not exact and role.name == "sr" and "variant" in key:
                        continue
                    columns[role.name] = index
                    used.add(index)
                    break
    if all(role.name in columns for role in kind.roles if role.required):
        return columns
    return None

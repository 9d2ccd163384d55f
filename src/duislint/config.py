"""Project configuration: `[tool.duislint]` in pyproject.toml, or a duislint.toml, for `duislint check`.

Found from the working directory upwards: in each folder a duislint.toml wins over a pyproject.toml, and a
pyproject.toml without a [tool.duislint] table is passed over. `--config FILE` names one. Paths in it (baseline,
spec) are relative to the file's folder. A command-line flag replaces the key it corresponds to. A bad file stops
the run with one line naming the file, the line where it can, and the key.

    [tool.duislint]
    select = ["XS", "DU"]                    # rule IDs, ID prefixes or names
    ignore = ["XS301"]
    severity = { XS203 = "error", repeated-element-name = "error" }
    baseline = "duislint-baseline.json"
    deprecated-terms = { fax = "email", facsimile = "email" }
    words = ["HHT", "CBKE"]                  # words the spelling rules (NM) accept besides the dictionary's
    acronyms = ["SMKI", "Great Britain"]     # terms that need no definition in the documents given (SP503)
    dictionary = "/usr/share/dict/british-english-large"   # the word list (default: Debian's wbritish-large)
    spec = ["docs/DUIS Specification.docx", "docs/service-request-matrix.json"]
    fail-on = "warning"
    max-input-mb = 512                       # raise a limit on what a run reads (duislint.limits: --max-input-mb ...)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from duislint import inputs, limits
from duislint.errors import InputError
from duislint.findings import Severity
from duislint.suggest import closest
from duislint.xsd.loader import display_path

KEYS = ("select", "ignore", "severity", "baseline", "deprecated-terms", "words", "acronyms", "dictionary", "spec",
        "fail-on", *limits.KEYS)  # fmt: skip
# select, ignore name check and diff rules alike (`duislint diff` reads them too); the rest are for `check`
FAIL_ON = ("error", "warning", "info", "never")
TABLE = "[tool.duislint]"


@dataclass(frozen=True, slots=True)
class Config:
    """The settings a configuration file gives `duislint check`; empty (every built-in default) when there is none."""

    path: str | None = None  # the file read, as reports show paths; None when there is none
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)  # rule ID -> severity
    baseline: str | None = None
    deprecated_terms: dict[str, str] | None = None  # None: not set here, the built-in default applies
    spec: list[str] = field(default_factory=list)
    fail_on: str | None = None
    words: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    dictionary: str | None = None
    limits: dict[str, int] = field(default_factory=dict)  # limit key (max-input-mb ...) -> value


def find(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "duislint.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _mentions_duislint(candidate):
            return candidate
    return None


def _mentions_duislint(path: Path) -> bool:
    """Cheap test before parsing, so that an unrelated (or broken) pyproject.toml costs nothing."""
    try:
        return "tool.duislint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def load(explicit: str | None = None, start: Path | None = None) -> Config:
    """The configuration named by --config, else the one found upwards from `start`; an empty one if none."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise InputError(explicit, "configuration file not found")
    else:
        found = find(start)
        if found is None:
            return Config()
        path = found
    return _read(path)


def _read(path: Path) -> Config:
    import tomllib

    shown = display_path(str(path))
    inputs.note(str(path), shown)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(shown, f"cannot read configuration: {exc}") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise InputError(shown, "not a duislint configuration: TOML nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(shown, f"not valid TOML: {message}", int(line.group(1)) if line else None) from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("duislint")
        if not isinstance(table, dict):
            raise InputError(shown, f"has no {TABLE} table")
        where = f"{TABLE} "
    else:
        table, where = data, ""
    return _Parser(shown, text, where, path.parent).parse(table)


class _Parser:
    """Checks each key's type and values, naming the file, line and key of the first problem."""

    def __init__(self, shown: str, text: str, where: str, folder: Path) -> None:
        self.shown, self.text, self.where, self.folder = shown, text, where, folder

    def fail(self, key: str, message: str) -> InputError:
        start = self.text.find("[tool.duislint") if self.where else 0
        line = _line_of(self.text, key.split(".")[-1], max(start, 0))
        return InputError(self.shown, f"{self.where}{key}: {message}", line)

    def parse(self, table: dict) -> Config:
        for key in table:
            if key not in KEYS:
                dashed = key.replace("_", "-")
                hint = dashed if dashed in KEYS else closest(dashed, KEYS, cutoff=0.6)
                raise self.fail(
                    key, "unknown key" + (f"; did you mean '{hint}'?" if hint else f" (keys: {', '.join(KEYS)})")
                )
        terms = table.get("deprecated-terms")
        return Config(
            path=self.shown,
            select=self.rule_patterns(table, "select"),
            ignore=self.rule_patterns(table, "ignore"),
            severity=self.severities(table.get("severity", {})),
            baseline=self.path(self.string(table, "baseline")) if "baseline" in table else None,
            deprecated_terms=None if terms is None else self.terms(terms),
            spec=[self.path(p) for p in self.strings(table, "spec")],
            fail_on=self.choice(table, "fail-on", FAIL_ON),
            words=self.words(table),
            acronyms=tuple(a.strip() for a in self.strings(table, "acronyms")),
            dictionary=self.path(self.string(table, "dictionary")) if "dictionary" in table else None,
            limits={key: self.positive(table, key) for key in limits.KEYS if key in table},
        )

    def positive(self, table: dict, key: str) -> int:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(key, f"wants a whole number of 1 or more, not {value!r}")
        return value

    def string(self, table: dict, key: str) -> str:
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"wants a non-empty string, not {value!r}")
        return value

    def strings(self, table: dict, key: str) -> list[str]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, f"wants a list of strings, not {value!r}")
        return value

    def words(self, table: dict) -> tuple[str, ...]:
        words = self.strings(table, "words")
        for word in words:
            if not word.isalnum():
                raise self.fail("words", f"wants words of letters and digits, not {word!r}")
        return tuple(words)

    def choice(self, table: dict, key: str, allowed: tuple[str, ...]) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, not {value!r}")
        return value

    def path(self, value: str) -> str:
        return value if os.path.isabs(value) else os.path.normpath(self.folder / value)

    def rule_patterns(self, table: dict, key: str) -> list[str]:
        patterns = self.strings(table, key)
        for pattern in patterns:
            if _rule_id(pattern, prefix=True) is None:
                raise self.fail(key, f"unknown rule '{pattern}' (see `duislint rules`)")
        return patterns

    def severities(self, value: object) -> dict[str, Severity]:
        if not isinstance(value, dict):
            raise self.fail("severity", f'wants a table of RULE = "error"|"warning"|"info", not {value!r}')
        levels = {s.value: s for s in Severity}
        overrides: dict[str, Severity] = {}
        for rule, level in value.items():
            rule_id = _rule_id(rule, prefix=False)
            if rule_id is None:
                raise self.fail(f"severity.{rule}", f"unknown rule '{rule}' (see `duislint rules`)")
            if rule_id.startswith("BR"):
                raise self.fail(f"severity.{rule}", f"{rule_id} is a diff rule: it has an impact per message "
                                                    "direction, not a severity (--fail-on of `duislint diff`)")  # fmt: skip
            if not isinstance(level, str) or level not in levels:
                raise self.fail(f"severity.{rule}", f"must be one of error, warning, info, not {level!r}")
            overrides[rule_id] = levels[level]
        return overrides

    def terms(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail("deprecated-terms", f'wants a table of TERM = "what to write instead", not {value!r}')
        return {term.strip().lower(): instead.strip() for term, instead in value.items() if term.strip()}


def _rule_id(pattern: str, prefix: bool) -> str | None:
    """The rule ID a pattern names (an ID, or a name); with `prefix`, an ID prefix such as XS2 names its first rule."""
    from duislint.rules import all_rules

    for rule in all_rules():
        if pattern == rule.name or pattern.upper() == rule.id or (prefix and rule.id.startswith(pattern.upper())):
            return rule.id
    return None


def _line_of(text: str, key: str, start: int = 0) -> int | None:
    """The first line from `start` that sets `key` (bare, quoted or in an inline table), for the error message."""
    name = rf"[\"']?{re.escape(key)}[\"']?\s*="
    match = re.compile(rf"^[ \t]*(?:[\w.-]+\.)?{name}", re.MULTILINE).search(text, start)
    match = match or re.compile(rf"[{{,]\s*{name}").search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None

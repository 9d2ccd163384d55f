"""The word lists the spelling rules read: a British English dictionary, DUIS's own vocabulary and the words a
configuration adds (`[tool.duislint] words = [...]`, `dictionary = "..."`).

The dictionary is SCOWL's British English word list as Debian ships it (package wbritish-large, the list a
British spell checker is built from: 'authorisation', 'randomised', 'colour'); `dictionary` names another list
of one word per line. It is read only when a spelling rule runs (about 40 ms), and noted as an input of the run.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from dataclasses import dataclass
from functools import cached_property

from duislint import inputs
from duislint.errors import InputError

# Looked for in this order: the list the pinned results were made with first, then the other sizes of it.
DICTIONARIES = (
    "/usr/share/dict/british-english-large",
    "/usr/share/dict/british-english-huge",
    "/usr/share/dict/british-english",
)
_CACHE_VERSION = 1  # of the cached form; a change of the list (size, time) makes a new file
INSTALL_HINT = "install Debian's wbritish-large, or name a word list with [tool.duislint] dictionary"

# Words of DUIS and GBCS that no English dictionary has; mixed-case ones are also kept whole when names are split.
DUIS_WORDS = (
    "ACB", "ALCS", "APC", "CAD", "CHF", "CoS", "COSEM", "CSP", "DCC", "DLMS", "DSP", "DUIS", "ESME", "EUI", "GBCS",
    "GPF", "GSME", "HAN", "HCALCS", "IHD", "KRP", "MDR", "MMC", "MPAN", "MPRN", "MPxN", "PPMID", "RMS", "Rsp", "SMETS",
    "SMHAN", "SMWAN", "SRV", "SubGHz", "TOU", "UPRN", "UTRN", "WAN", "ZCL", "ZigBee", "Elec", "Comms", "Prepay",
    "Unjoin", "Millipence", "Varh", "Kvarh",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LexiconSettings:
    """Where the words come from: the dictionary file (None: the first of DICTIONARIES there is) and extra words."""

    dictionary: str | None = None
    words: tuple[str, ...] = ()
    # acronyms (or other terms) that need no definition in the documents given (SP503): `[tool.duislint] acronyms`
    acronyms: tuple[str, ...] = ()


class Lexicon:
    """The words of one run; the dictionary is read on first use."""

    def __init__(self, settings: LexiconSettings | None = None) -> None:
        self.settings = settings or LexiconSettings()
        self.path = self.settings.dictionary or next((p for p in DICTIONARIES if os.path.isfile(p)), None)

    @property
    def loaded(self) -> bool:
        return "dictionary" in self.__dict__

    @cached_property
    def dictionary(self) -> frozenset[str]:
        """Lower-case words of the dictionary; empty when there is none (the set's own vocabulary still counts)."""
        if self.path is None:
            return frozenset()
        return read_dictionary(self.path)

    @property
    def extra(self) -> tuple[str, ...]:
        return DUIS_WORDS + self.settings.words

    @property
    def compounds(self) -> tuple[str, ...]:
        """Mixed-case words kept whole when a name is split ('SubGHz', not Sub + G + Hz)."""
        return tuple(w for w in self.extra if w != w.lower() and w != w.upper() and not w[1:].islower())


def read_dictionary(path: str) -> frozenset[str]:
    """A word list, one word per line (possessives and blank lines skipped). The set is kept in the user's cache
    folder, keyed by the list's path, size and modification time: loading it costs half of building it, which every
    check would otherwise pay."""
    inputs.note(path)
    try:
        found = os.stat(path)
    except OSError as exc:
        raise InputError(path, f"cannot read the dictionary: {exc.strerror}") from None
    cached = _cache_file(path, found)
    words = _read_cache(cached) if cached is not None else None
    if words is None:
        words = _build(path)
        if cached is not None:
            _write_cache(cached, words)
    return words


def _cache_file(path: str, found: os.stat_result) -> str | None:
    folder = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(folder):
        return None
    key = hashlib.sha256(f"{_CACHE_VERSION}\0{os.path.abspath(path)}\0{found.st_size}\0{found.st_mtime_ns}".encode())
    return os.path.join(folder, "duislint", f"words-{key.hexdigest()[:24]}.marshal")


def _read_cache(cached: str) -> frozenset[str] | None:
    try:
        with open(cached, "rb") as handle:
            words = marshal.loads(handle.read())  # loads: load() reads a file object piece by piece, slowly
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return words if isinstance(words, frozenset) and words else None


def _write_cache(cached: str, words: frozenset[str]) -> None:
    """Best effort (a read-only home is no error), and atomic: a concurrent run reads the old file or the new;
    never from a forked child (duislint.forked), which a run may kill at any moment."""
    from duislint.forked import in_child

    if in_child():
        return
    try:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(cached), prefix=".words-")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(words, out)
        os.replace(temporary, cached)
    except OSError:
        return


def _build(path: str) -> frozenset[str]:
    try:
        raw = open(path, "rb").read()  # noqa: SIM115 - read at once
    except OSError as exc:
        raise InputError(path, f"cannot read the dictionary: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(path, "the dictionary is not UTF-8 text", line) from None
    words = frozenset(word for word in text.lower().split() if "'" not in word)
    if not words:
        raise InputError(path, "the dictionary holds no word")
    return words


def check_dictionary(path: str) -> None:
    """A configured dictionary must be a readable file (checked before the run, with one line)."""
    if not os.path.isfile(path):
        raise InputError(path, "dictionary not found")

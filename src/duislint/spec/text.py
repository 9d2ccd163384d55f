"""Text normalisation for specification cells and prose: what Word puts in that a reader must not see."""

from __future__ import annotations

import re

_REMOVE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)  # soft hyphen, zero-width
_REPLACE = str.maketrans(
    {
        "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",  # no-break and thin spaces
        "\u2011": "-", "\u2010": "-",  # no-break hyphen, hyphen
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\t": " ",
    }
)  # fmt: skip
_SPACES = re.compile(r"[ \f\v\r]+")
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_PLACEHOLDERS = {"", "-", "–", "—", "tbc", "tbd", "n/a", "na", "none", "?", "tba", "to be confirmed", "to be defined",
                 "[to be completed]"}  # the last: what `duislint fix` writes in a row a person must complete


# the letters re.IGNORECASE matches to an ASCII letter that lower() does not lower to it (dotted and dotless i, the
# long s, the Kelvin sign): folded first, so that a test for a word in case_blind(text) finds what a case-blind
# pattern would
_ODD_CASES = str.maketrans("\u0130\u0131\u017f\u212a", "iisk")


def case_blind(text: str) -> str:
    """The text lowered for a quick test of whether an ASCII word is in it in any case, as re.IGNORECASE matches
    it: `"section" in case_blind(text)` is some seven times faster than a case-blind search."""
    return (text if text.isascii() else text.translate(_ODD_CASES)).lower()


def normalise(text: str) -> str:
    """One line per line break, single spaces, no invisible characters, straight quotes."""
    if not text.isascii():
        text = text.translate(_REMOVE).translate(_REPLACE)
    elif "\t" in text:  # the one ASCII character translated
        text = text.replace("\t", " ")
    if not ("\n" in text or "  " in text or "\r" in text or "\f" in text or "\v" in text or text[:1].isspace()
            or text[-1:].isspace()):  # most cells and paragraphs: one line, tidy already  # fmt: skip
        return text
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    return " ".join(normalise(text).split())


def is_placeholder(text: str) -> bool:
    return one_line(text).lower().rstrip(".") in _PLACEHOLDERS


def header_key(text: str) -> str:
    """Header cells compared case-, space- and punctuation-insensitively. (What one_line() changes is all spaces,
    punctuation or invisible, which the key drops anyway.)"""
    return _NOT_KEY.sub("", text.lower())


_IDENTIFIER = re.compile(r"^(?:(?:sr|ra|xs|ds):)?[A-Za-z_][\w.\-]*$")


def item_name(cell: str) -> str:
    """A data item name as written in a cell: prefix optional; a line break Word put inside a long name is joined;
    text after the name (a note in brackets, a second line of prose) is not part of it."""
    text = normalise(cell)
    joined = text.replace("\n", "")
    if _IDENTIFIER.match(joined):
        return _strip_prefix(joined)
    first = text.split("\n", 1)[0].strip()
    token = re.split(r"[\s(]", first, maxsplit=1)[0] if first else ""
    return _strip_prefix(token.rstrip(",;:."))


def _strip_prefix(name: str) -> str:
    prefix, sep, local = name.partition(":")
    return local if sep and prefix in ("sr", "ra") else name

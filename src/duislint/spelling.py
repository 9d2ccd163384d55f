"""Spelling of names and prose: words split out of schema names, checked against a word list, with the nearest
correction. Pure functions of their inputs; the word lists are read by duislint.lexicon.

A word is *known* when the dictionary has it, the configuration or DUIS's own vocabulary lists it, or the schema
set uses it in several names (its domain vocabulary: 'Rsp', 'Elec'). An unknown word is reported only when it is
near a known one (one edit or one transposition), so an abbreviation nothing resembles ('Manuf') is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, NamedTuple

# Words of a name: acronyms before a capitalised word (MPANId -> MPAN, Id), capitalised or lower-case words,
# acronyms; digits and underscores separate.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
FREQUENT = 3  # a word in this many names of the set is the set's own vocabulary
EDIT_LENGTH = 5  # shorter words have too many neighbours one edit away ('Varh': vara, vars, vary)
TRANSPOSE_LENGTH = 4  # ... but a swap of two letters is seldom another word
# longer than two of the longest English words run together: nothing known is one edit away, and the edits of
# a word of a million letters would take gigabytes
LONGEST = 100


class Word(NamedTuple):
    """A word of a name or text: as written, and where it starts (a tuple: names have thousands of words)."""

    text: str
    start: int

    @property
    def acronym(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


def words_of(name: str, compounds: tuple[str, ...] = ()) -> tuple[Word, ...]:
    """The words of a name, split at case changes, digits and underscores; `compounds` (mixed-case words such as
    'SubGHz', 'ZigBee') are kept whole."""
    return _words_of(name, compounds)


@lru_cache(maxsize=65536)
def _words_of(name: str, compounds: tuple[str, ...]) -> tuple[Word, ...]:
    return tuple(Word(m.group(), m.start()) for m in _pattern(compounds).finditer(name))


@lru_cache(maxsize=16)
def _pattern(compounds: tuple[str, ...]) -> re.Pattern[str]:
    whole = sorted((c for c in compounds if c != c.lower() and c != c.upper()), key=len, reverse=True)
    if not whole:
        return _WORD
    return re.compile("|".join(re.escape(c) for c in whole) + "|" + _WORD.pattern)


def edits(word: str) -> set[str]:
    """Every string one deletion, insertion, substitution or transposition of adjacent letters away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found: set[str] = set()
    for left, right in splits:
        if len(right) > 1:
            found.add(left + right[1] + right[0] + right[2:])
        if len(word) < EDIT_LENGTH:
            continue
        if right:
            found.add(left + right[1:])
            found.update(left + c + right[1:] for c in _LETTERS)
        found.update(left + c + right for c in _LETTERS)
    found.discard(word)
    return found


def american_variant(word: str, british: str) -> bool:
    """`word` is the American spelling of `british` (authorized/authorised, color/colour, center/centre)."""
    if len(word) == len(british):
        diff = [i for i, (a, b) in enumerate(zip(word, british, strict=True)) if a != b]
        if len(diff) == 1 and word[diff[0]] == "z" and british[diff[0]] == "s":
            return True
        return word.endswith("er") and british == word[:-2] + "re"
    return len(british) == len(word) + 1 and any(
        british == word[:i] + "u" + word[i:] for i in range(1, len(word)) if word[i - 1] == "o" and word[i] == "r"
    )


@dataclass(frozen=True, slots=True)
class Correction:
    """What an unknown word should be: one or more known words near it, or two words run together."""

    word: Word
    candidates: tuple[str, ...]  # lower case, most used in the set first
    run_together: tuple[str, str] | None = None  # 'Supportedby' = supported + by

    def respelt(self, candidate: str) -> str:
        """The candidate in the word's case pattern: 'Configuratin' -> 'Configuration', 'CONFIG' -> 'CONFIG'."""
        return respell(self.word.text, candidate)


def respell(written: str, candidate: str) -> str:
    if written.isupper():
        return candidate.upper()
    if written[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


class Speller:
    """Knows the words of one run: the dictionary, the configured and DUIS words, and the set's vocabulary."""

    def __init__(self, dictionary: frozenset[str], extra: Iterable[str], vocabulary: Counter[str]) -> None:
        self.dictionary = dictionary
        self.extra = frozenset(w.lower() for w in extra)
        self.vocabulary = vocabulary  # lower-case word -> names it occurs in
        self.frequent = frozenset(w for w, n in vocabulary.items() if n >= FREQUENT)
        self._verdicts: dict[tuple[str, frozenset[str]], Correction | None] = {}

    def known(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.dictionary or lower in self.extra or lower in self.frequent

    def correction(self, word: Word, separate: frozenset[str] = frozenset()) -> Correction | None:
        """A correction for an unknown word near a known one; None for a known word or one nothing resembles.
        `separate` holds the words the set writes on their own (for 'Codeof' = code + of)."""
        key = (word.text, separate)
        if key not in self._verdicts:
            self._verdicts[key] = self._correction(Word(word.text, 0), separate)
        found = self._verdicts[key]
        return None if found is None else Correction(word, found.candidates, found.run_together)

    def _correction(self, word: Word, separate: frozenset[str]) -> Correction | None:
        text = word.text
        lower = text.lower()
        if len(lower) < TRANSPOSE_LENGTH or len(lower) > LONGEST or self.known(lower):
            return None
        if word.acronym and len(lower) <= EDIT_LENGTH:  # an acronym is checked only for two letters swapped
            swapped = sorted(c for c in _transpositions(lower) if c in self.frequent)
            return Correction(word, tuple(swapped)) if swapped else None
        candidates = [c for c in edits(lower) if self._word(c) and _same_start(lower, c) and not american_variant(lower, c)]
        if candidates:
            ranked = sorted(candidates, key=lambda c: (-self.vocabulary.get(c, 0), c))
            return Correction(word, tuple(ranked))
        if not word.acronym:
            for i in range(3, len(lower) - 1):
                head, tail = lower[:i], lower[i:]
                if self._word(head) and tail in separate and self._word(tail):
                    return Correction(word, (), (head, tail))
        return None

    def transposed(self, word: Word) -> Correction | None:
        """For a short word, which `correction` leaves alone (in names they are abbreviations): the known words
        two of its letters swapped would give, its first letter kept ('teh' -> 'the', 'adn' -> 'and')."""
        lower = word.text.lower()
        if self.known(lower):
            return None
        swapped = sorted(c for c in _transpositions(lower) if c[0] == lower[0] and self._word(c))
        return Correction(word, tuple(swapped)) if swapped else None

    def _word(self, candidate: str) -> bool:
        return len(candidate) >= TRANSPOSE_LENGTH - 2 and self.known(candidate) and candidate not in _NOT_WORDS


def _same_start(word: str, candidate: str) -> bool:
    """Typos keep a word's first letter (or swap the first two); 'Async' is not a misspelt 'Sync'."""
    return word[0] == candidate[0] or (word[:2] == candidate[1::-1] and word[2:] == candidate[2:])


def _transpositions(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}


# Entries of a word list that are letters, not words ('th' for 'the'): never offered as a correction.
_NOT_WORDS = frozenset({"th", "nd", "rd", "st"})


def vocabulary(names: Iterable[str], compounds: tuple[str, ...] = ()) -> Counter[str]:
    """How many of the names use each word (lower case): the set's own vocabulary."""
    counts: Counter[str] = Counter()
    for name in names:
        counts.update({w.text.lower() for w in words_of(name, compounds)})
    return counts


def respelt_name(name: str, correction: Correction) -> str:
    """The name with the word corrected (the first candidate), or the two run-together words capitalised."""
    word = correction.word
    if correction.run_together is not None:
        head, tail = correction.run_together
        fixed = word.text[: len(head)] + tail[:1].upper() + tail[1:]
    else:
        fixed = correction.respelt(correction.candidates[0])
    return name[: word.start] + fixed + name[word.start + len(word.text) :]

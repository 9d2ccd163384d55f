"""'Did you mean' suggestions from the names in scope (stdlib difflib: no import cost worth a dependency)."""

from __future__ import annotations

from typing import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.8) -> str | None:
    import difflib  # here: most runs suggest nothing, and every run would pay the import

    pool = sorted(set(candidates))
    if word in pool:
        return None
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    if matches:
        return matches[0]
    lowered = {c.lower(): c for c in pool}
    return lowered.get(word.lower())

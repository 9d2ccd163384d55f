"""'Did you mean' suggestions from the names in scope (stdlib difflib: no import cost worth a dependency)."""

from __future__ import annotations

from typing import Iterable

# How alike a schema name must be to be offered instead (difflib's ratio): one threshold for `refs`, XS101 and the
# specification's data items, so that they never disagree about the same name.
NAME_CUTOFF = 0.75


def closest(word: str, candidates: Iterable[str], cutoff: float = NAME_CUTOFF) -> str | None:
    import difflib  # here: most runs suggest nothing, and every run would pay the import

    pool = sorted(set(candidates))
    if word in pool:
        return None
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    if matches:
        return matches[0]
    lowered = {c.lower(): c for c in pool}
    return lowered.get(word.lower())

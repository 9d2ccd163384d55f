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


def one_slip_apart(written: str, meant: str) -> bool:
    """One character changed, added or dropped, or two neighbours swapped: the slips a fix may correct alone."""
    if written == meant or abs(len(written) - len(meant)) > 1:
        return False
    if len(written) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(written, meant, strict=True)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and written[diff[0]] == meant[diff[1]]
                                  and written[diff[1]] == meant[diff[0]])  # fmt: skip
    shorter, longer = sorted((written, meant), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))

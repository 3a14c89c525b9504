"""Matching a written name to a vocabulary: exact, alias, or a typo of one or two letters."""

from __future__ import annotations

import re
from functools import lru_cache

from . import vocab

# Names shorter than this only match a typo of one letter (two would be too loose).
TWO_TYPO_MIN_LENGTH = 8


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _clean(name: str) -> str:
    return " ".join(name.replace("&amp;", "&").split()).strip(" .,;")


_SPECIALTY_BY_LOWER = {canonical.lower(): canonical for canonical in vocab.SPECIALTIES}
_SPECIALTY_BY_LOWER.update(vocab.SPECIALTY_ALIASES)
_STATE_BY_LOWER = {state.lower(): state for state in vocab.US_STATES}


@lru_cache(maxsize=1024)
def match_specialty(written: str) -> tuple[str | None, str | None]:
    """(canonical name or None, warning or None) for one written specialty name."""
    name = _clean(written)
    by_lower = _SPECIALTY_BY_LOWER
    if name.lower() in by_lower:
        return by_lower[name.lower()], None
    limit = 2 if len(name) >= TWO_TYPO_MIN_LENGTH else 1
    best = None
    for known, canonical in by_lower.items():
        distance = edit_distance(name.lower(), known, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, canonical)
    if best:
        return best[1], f"specialty {name!r} read as a typo of {best[1]!r}"
    return None, None


def name_list_pattern(names) -> re.Pattern:
    """A pattern matching any of `names` (any case; "&" or "and"; any white space) where a
    list item ends: before a comma, "and", "&" or the end. Longest names are tried first,
    so that "Physical Medicine and Rehabilitation" is one name, not two."""
    alternatives = []
    for name in sorted(set(names), key=len, reverse=True):
        words = [re.escape(word) for word in name.split()]
        alternatives.append(r"\s+".join(words).replace(r"\&", "(?:&|and)"))
    return re.compile(rf"(?:{'|'.join(alternatives)})(?=\s*(?:,|\band\b|&|\.|$))", re.I)


SPECIALTY_NAMES = name_list_pattern(
    [*vocab.SPECIALTIES, *vocab.SPECIALTY_ALIASES, *vocab.OTHER_SPECIALTIES]
)
STATE_NAMES = name_list_pattern([*vocab.US_STATES, *vocab.US_STATE_ABBREVIATIONS])


@lru_cache(maxsize=1024)
def match_state(written: str) -> str | None:
    """The full state name for a written state name or postal abbreviation, else None."""
    name = _clean(written)
    if name.upper() in vocab.US_STATE_ABBREVIATIONS and len(name) == 2:
        return vocab.US_STATE_ABBREVIATIONS[name.upper()]
    return _STATE_BY_LOWER.get(name.lower())

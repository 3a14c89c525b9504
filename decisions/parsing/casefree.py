"""Case-insensitive searching, done fast: lower-case patterns over the lower-cased text.

Python's regex engine tries a re.IGNORECASE pattern at every position of a text, but it
finds the literal start of a case-sensitive pattern at C speed. Where a search is hot, the
parser therefore searches the lower-cased text with a lower-case pattern and takes what
was printed from the original text, at the same positions.
"""

from __future__ import annotations

import re


def lower_case(text: str) -> str:
    """text.lower(), every character kept at its position in text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # The few characters that lower to two ("İ" to "i̇") keep the first.
    return "".join([character.lower()[0] for character in text])


def printed(text: str, match: re.Match, group: str) -> str | None:
    """The original text of a group of a match found in lower_case(text); None when the
    group took no part in the match."""
    start, end = match.span(group)
    return text[start:end] if start >= 0 else None


def positions(text: str, keyword: str) -> list[int]:
    """Where the keyword starts in the text, in order (occurrences do not overlap)."""
    found = []
    position = text.find(keyword)
    while position >= 0:
        found.append(position)
        position = text.find(keyword, position + len(keyword))
    return found


def split_case_free(text: str, lowered: str, keyword: str) -> list[str]:
    """text split where lowered (lower_case(text)) holds the lower-case keyword, which goes."""
    pieces = []
    start = 0
    for position in positions(lowered, keyword):
        pieces.append(text[start:position])
        start = position + len(keyword)
    pieces.append(text[start:])
    return pieces

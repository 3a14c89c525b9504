"""Section lists and page numbers as the citations print them."""

from __future__ import annotations

import re

from . import vocab

_PAGE_REFERENCE = re.compile(
    r"\b(?:pg\.?|pp?\.|p|page|pages)\s+(?P<pages>\d+(?:\s*[-–]\s*\d+)?)", re.I
)
_NUMBERED_SECTION = re.compile(r",\s*(?=\d+(?:\.\d+)*\.?\s+[A-Z])")


def split_sections(text: str, numbered: bool = False) -> list[str]:
    """Split a section list on commas, but not inside one section's name.

    A comma inside parentheses, or followed by a lower-case word ("TENS, chronic pain",
    "Ultrasound, therapeutic"), or inside a name of vocab.SECTIONS_WITH_COMMAS stays.
    Numbered sections (the MTUS opioid guideline: "3.3.9 Opioids ...: ...") split only
    before a number.
    """
    text = text.strip(" ,.;")
    if not text:
        return []
    if numbered and text[0].isdecimal():  # what "\d" matches
        return [piece.strip(" ,.") for piece in _NUMBERED_SECTION.split(text) if piece.strip()]
    if "," not in text:
        return [text]
    protected = text
    lowered = text.lower()
    for name in vocab.SECTIONS_WITH_COMMAS:
        start = lowered.find(name.lower())
        if start >= 0:  # a name whose comma is no separator
            end = start + len(name)
            protected = (
                protected[:start] + protected[start:end].replace(",", "\0") + protected[end:]
            )
    pieces: list[str] = []
    depth = 0
    current = ""
    for index, char in enumerate(protected):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if char == "," and depth <= 0:
            following = protected[index + 1 :].lstrip()
            if following and not following[0].islower() and not following.startswith("&"):
                pieces.append(current)
                current = ""
                continue
        current += char
    pieces.append(current)
    return [piece.replace("\0", ",").strip(" ,.;") for piece in pieces if piece.strip(" ,.;")]


def parse_pages(text: str) -> list[int]:
    """ "98-99" -> [98, 99]; "60, 62" -> [60, 62]; ranges expanded, order kept, no repeats."""
    pages: list[int] = []
    for start, end in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", text):
        first = int(start)
        last = int(end) if end else first
        if last < first or last - first > 200:
            last = first  # not a range we can trust; keep the first page only
        for page in range(first, last + 1):
            if page not in pages:
                pages.append(page)
    return pages


def page_references(text: str) -> list[int]:
    """Pages named as "pg. 64", "page 137", "p 301" inside a non-MTUS citation."""
    pages: list[int] = []
    for match in _PAGE_REFERENCE.finditer(text):
        for page in parse_pages(match.group("pages")):
            if page not in pages:
                pages.append(page)
    return pages

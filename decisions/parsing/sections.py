"""Section lists and page numbers as the citations print them."""

from __future__ import annotations

import re

from . import vocab
from .casefree import lower_case

# "pg. 64", "pp. 98-99", "p 301", "page 137", "pages 60-62", in lower case: a "p" that
# starts a word (the pattern starts with a literal letter, which the engine finds fast).
_PAGE_REFERENCE = re.compile(r"p(?<!\wp)(?:g\.?|p?\.|age|ages)?\s+(?P<pages>\d+(?:\s*[-–]\s*\d+)?)")
_NUMBERED_SECTION = re.compile(r",\s*(?=\d+(?:\.\d+)*\.?\s+[A-Z])")
_BRACKET_DEPTH = {"(": 1, ")": -1, "[": 1, "]": -1}


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
    pieces = protected.split(",")
    sections = [pieces[0]]
    depth = _depth(pieces[0])
    for index in range(1, len(pieces)):
        piece = pieces[index]
        if depth <= 0 and _starts_a_section(piece, is_last=index == len(pieces) - 1):
            sections.append(piece)
        else:  # the comma stays
            sections[-1] += "," + piece
        depth += _depth(piece)
    return [piece.replace("\0", ",").strip(" ,.;") for piece in sections if piece.strip(" ,.;")]


def _depth(piece: str) -> int:
    """How many brackets the piece leaves open."""
    if "(" not in piece and ")" not in piece and "[" not in piece and "]" not in piece:
        return 0
    return sum(_BRACKET_DEPTH.get(char, 0) for char in piece)


def _starts_a_section(after_comma: str, is_last: bool) -> bool:
    """Whether the text after a comma (up to the next comma) starts a new section: it is
    not a lower-case word nor "&", and is not the end of the list."""
    following = after_comma.lstrip()
    if not following:  # only white space up to the next comma, or to the end
        return not is_last
    return not following[0].islower() and following[0] != "&"


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
    for match in _PAGE_REFERENCE.finditer(lower_case(text)):
        for page in parse_pages(match.group("pages")):
            if page not in pages:
                pages.append(page)
    return pages

"""Text normalisation: every input form becomes one clean list of `Line`s.

Forms handled:
- plain extracted text (LF or CRLF line ends, form feeds or <<<PAGEBREAK>>> between pages);
- the "seed" form of ../shared/seeds: a blank line after every wrapped line, a line holding
  one space between paragraphs, extra blank lines at page breaks;
- pdfium text (see pdf.py), whose lines also carry a bold mark.

In the clean form a line is stripped of trailing spaces, U+FFFE (pdfium's mark for a
hyphen at a line end) is "-", and an empty line means "paragraph break". Nothing else of
the page layout survives: the parser never relies on page breaks.
"""

from __future__ import annotations

import re
from typing import NamedTuple

PAGE_BREAK_MARKERS = ("\f", "<<<PAGEBREAK>>>")


class Line(NamedTuple):
    text: str
    # True/False when the source knows the font weight of the line's first characters
    # (PDF); None for text input.
    bold: bool | None = None


def clean_characters(text: str) -> str:
    """Line ends to LF, pdfium's hyphen mark to "-", non-breaking spaces to spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufffe", "-").replace("\u00ad", "-").replace("\u00a0", " ")
    text = text.replace("\ufeff", "")
    # A page break is no paragraph break: the marker goes, with its own line if it has one.
    for marker in PAGE_BREAK_MARKERS:
        text = text.replace(marker + "\n", "").replace(marker, "")
    return text


def is_seed_form(raw_lines: list[str]) -> bool:
    """The seed form: (nearly) every line with text is followed by an empty line."""
    with_text = [i for i, line in enumerate(raw_lines) if line.strip()]
    if len(with_text) < 4:
        return False
    followed_by_empty = sum(
        1 for i in with_text if i + 1 < len(raw_lines) and raw_lines[i + 1] == ""
    )
    return followed_by_empty >= 0.9 * len(with_text)


def normalise_text(text: str) -> list[Line]:
    """Text (any of the forms above) to clean lines; runs of paragraph breaks collapse."""
    raw_lines = clean_characters(text).split("\n")
    if is_seed_form(raw_lines):
        # Empty lines are wrap artefacts; a line holding only spaces is a paragraph break.
        raw_lines = [line for line in raw_lines if line != ""]
    return collapse_breaks(Line(line.rstrip()) for line in raw_lines)


def collapse_breaks(lines) -> list[Line]:
    """Strip each line; keep at most one empty line in a row, none at either end."""
    clean: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if text or (clean and clean[-1].text):
            clean.append(Line(text, line.bold))
    while clean and not clean[-1].text:
        clean.pop()
    return clean


_SPACES = re.compile(r"\s+")


def join_lines(lines) -> str:
    """Re-join wrapped lines into one text: one space between words, split words mended.

    A line ending in a hyphen right after a letter ("non-" / "certified") keeps the hyphen
    and loses the line break ("non-certified").
    """
    parts = []
    for line in lines:
        text = line.text if isinstance(line, Line) else line
        text = text.strip()
        if not text:
            continue
        if parts and parts[-1].endswith("-") and len(parts[-1]) > 1 and parts[-1][-2].isalpha():
            parts[-1] = parts[-1] + text
        else:
            parts.append(text)
    return _SPACES.sub(" ", " ".join(parts)).strip()

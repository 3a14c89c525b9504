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
# re.M: "^" is the start of any line. (A lookbehind for "\n" instead is 4x slower.)
_MARKER_AT_LINE_START = re.compile(r"^(?:\f|<<<PAGEBREAK>>>)\n?", re.M)


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
    if "\f" in text or "<<<" in text:
        # A page break is no paragraph break: a marker at a line start goes (with its line
        # end); one inside a line ends that line.
        text = _MARKER_AT_LINE_START.sub("", text)
        for marker in PAGE_BREAK_MARKERS:
            text = text.replace(marker, "\n")
    return text


def is_seed_form(raw_lines: list[str], sample: int = 400) -> bool:
    """The seed form: (nearly) every line with text is followed by an empty line.

    The first `sample` lines decide; a letter's first page is enough.
    """
    head = raw_lines[: sample + 1]
    with_text = followed_by_empty = 0
    for line, following in zip(head, head[1:] + [""], strict=True):
        if line and not line.isspace():
            with_text += 1
            followed_by_empty += following == ""
    return with_text >= 4 and followed_by_empty >= 0.9 * with_text


def normalise_text(text: str) -> list[Line]:
    """Text (any of the forms above) to clean lines; runs of paragraph breaks collapse."""
    raw_lines = clean_characters(text).split("\n")
    if is_seed_form(raw_lines):
        # Empty lines are wrap artefacts; a line holding only spaces is a paragraph break.
        raw_lines = [line for line in raw_lines if line != ""]
    return [Line(line) for line in _collapse([line.strip() for line in raw_lines])]


def _collapse(texts: list[str]) -> list[str]:
    """At most one empty line in a row, none at either end."""
    clean: list[str] = []
    for text in texts:
        if text or (clean and clean[-1]):
            clean.append(text)
    while clean and not clean[-1]:
        clean.pop()
    return clean


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


_HYPHEN_AT_LINE_END = re.compile(r"(?<=[A-Za-z])-\n+")


def join_lines(lines: list[Line]) -> str:
    """Re-join wrapped (clean) lines into one text: one space between words, words mended.

    A line ending in a hyphen right after a letter ("non-" / "certified") keeps the hyphen
    and loses the line break ("non-certified").
    """
    joined = "\n".join([line.text for line in lines])
    if "-\n" in joined:
        joined = _HYPHEN_AT_LINE_END.sub("-", joined)
    return " ".join(joined.split())

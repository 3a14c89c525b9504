"""Text normalisation: every input form becomes one clean list of `Line`s.

Forms handled:
- plain extracted text (LF, CRLF or CR line ends, form feeds or <<<PAGEBREAK>>> between
  pages);
- the "seed" form of ../shared/seeds: a blank line after every wrapped line, a line holding
  one space between paragraphs, extra blank lines at page breaks;
- pdfium text (see pdf.py), whose lines also carry a bold mark.

In the clean form a line is stripped, every run of white space inside it is one space,
U+FFFE (pdfium's mark for a hyphen at a line end) is "-", and an empty line means
"paragraph break" (never two in a row, none at either end). Nothing else of the page
layout survives: the parser never relies on page breaks.

The parser reads each letter's text once per section, so this file keeps to what Python
does fast: whole-text replaces and splits rather than a regex tried at every character.
"""

from __future__ import annotations

from functools import partial
from itertools import repeat
from typing import NamedTuple

PAGE_BREAK = "\f"
PAGE_BREAK_MARKER = "<<<PAGEBREAK>>>"  # what some extractions print for a form feed

# White space that str.split() knows besides " " and "\n", in ASCII text once "\r" and
# "\f" are gone: a line holding any of them needs its spaces mended.
_ODD_ASCII_SPACES = ("\t", "\x0b", "\x1c", "\x1d", "\x1e", "\x1f")


class Line(NamedTuple):
    text: str
    # True/False when the source knows the font weight of the line's first characters
    # (PDF); None for text input.
    bold: bool | None = None


# Line((text, bold)) made in C: several times faster than a Line() or Line._make call,
# which run Python code for each of a letter's lines.
_new_line = partial(tuple.__new__, Line)


def clean_characters(text: str) -> str:
    """Line ends to LF, page-break markers gone, pdfium's hyphen mark to "-",
    non-breaking spaces to spaces."""
    if "\r" in text:
        text = "\n".join(text.split("\r\n"))  # as replace() does, but faster in CPython
        if "\r" in text:
            text = text.replace("\r", "\n")
    if not text.isascii():
        text = text.replace("\ufffe", "-").replace("\u00ad", "-").replace("\u00a0", " ")
        text = text.replace("\ufeff", "")
    if "<" in text and PAGE_BREAK_MARKER in text:
        text = text.replace(PAGE_BREAK_MARKER, PAGE_BREAK)
    if PAGE_BREAK in text:
        text = _without_page_breaks(text)
    return text


def _without_page_breaks(text: str) -> str:
    """A page break is no paragraph break: one at a line start goes, with the line end
    after it; one inside a line ends that line.

    (Single characters are what Python finds fastest: no regex is tried at every line.)
    """
    pages = text.split(PAGE_BREAK)
    kept = [pages[0]]
    for number in range(1, len(pages)):
        before, page = pages[number - 1], pages[number]
        at_line_start = before.endswith("\n") or (number == 1 and before == "")
        if at_line_start:
            kept.append(page[1:] if page.startswith("\n") else page)
        else:
            kept.append("\n" + page)
    return "".join(kept)


def is_seed_form(raw_lines: list[str], sample: int = 400) -> bool:
    """The seed form: (nearly) every line with text is followed by an empty line.

    The first `sample` lines decide; a letter's first page is enough.
    """
    head = raw_lines[: sample + 1]
    with_text = len(head) - head.count("") - sum(map(str.isspace, head))
    # Each empty line follows at most one line (the last line counts as followed by one):
    # plain text, with few empty lines, is told apart without the loop below.
    if with_text < 4 or head[1:].count("") + 1 < 0.9 * with_text:
        return False
    followed_by_empty = 0
    for line, following in zip(head, head[1:] + [""], strict=True):
        if line and not line.isspace():
            followed_by_empty += following == ""
    return followed_by_empty >= 0.9 * with_text


def normalise_text(text: str) -> list[Line]:
    """Text (any of the forms above) to clean lines."""
    text = clean_characters(text)
    raw_lines = text.split("\n")
    if is_seed_form(raw_lines):
        # Empty lines are wrap artefacts; a line holding only spaces is a paragraph break.
        raw_lines = [line for line in raw_lines if line != ""]
    return clean_lines(raw_lines, mend_spaces=has_odd_spaces(text))


def clean_lines(
    texts: list[str], bolds: list[bool | None] | None = None, *, mend_spaces: bool
) -> list[Line]:
    """Lines of clean characters (see clean_characters) to clean lines: stripped, inner
    white space one space, at most one empty line in a row, none at either end.

    `mend_spaces` is has_odd_spaces() of the lines' text: without odd spaces, stripping
    each line is enough, which spares re-spacing every line.
    """
    if mend_spaces:
        stripped = [" ".join(text.split()) for text in texts]
    else:
        stripped = [text.strip() for text in texts]
    lines = list(map(_new_line, zip(stripped, bolds or repeat(None), strict=False)))
    if "" in stripped:  # an empty line stays only after a line with text, and not last
        lines = [
            line
            for line, before in zip(lines, ["", *stripped], strict=False)
            if line.text or before
        ]
        if lines and not lines[-1].text:
            lines.pop()
    return lines


def has_odd_spaces(text: str) -> bool:
    """Whether the (clean) text may hold a run of white space or white space but " "."""
    return not text.isascii() or "  " in text or any(space in text for space in _ODD_ASCII_SPACES)


def join_lines(lines: list[Line]) -> str:
    """Re-join wrapped (clean) lines into one text: one space between words, words mended.

    A line ending in a hyphen right after a letter ("non-" / "certified") keeps the hyphen
    and loses the line break ("non-certified"), across a paragraph break too.
    """
    joined = "\n".join([line.text for line in lines if line.text])
    if "-\n" in joined:
        joined = _mend_hyphens(joined)
    return joined.replace("\n", " ")


def _mend_hyphens(joined: str) -> str:
    pieces = joined.split("-\n")
    mended = [pieces[0]]
    for before, piece in zip(pieces, pieces[1:], strict=False):
        # An empty piece means a line holding only "-": what stood before it is a line end.
        letter_before = before[-1:].isalpha() and before[-1:].isascii()
        mended.append("-" if letter_before else "-\n")
        mended.append(piece)
    return "".join(mended)

"""PDF extraction with pypdfium2: text lines, each marked bold or not.

The state's letters are encrypted with an empty user password; pdfium opens them with
password "". Item headings are set in bold and the outcome word is not, so the font
weight of a line's first letters tells a heading from the rationale before it. Asking
pdfium for the weight of every character is slow; the first few characters suffice.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from .normalise import Line, clean_characters, collapse_breaks
from .types import LetterParseError

BOLD_WEIGHT = 600
# How many characters of a line to look at for its weight (skipping spaces and digits,
# which some letters set in the regular face inside a bold heading).
CHARACTERS_TO_CHECK = 3


def extract_lines(data: bytes, path: str | None) -> list[Line]:
    """All pages' lines, in reading order, bold-marked; pages simply follow one another."""
    try:
        document = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as error:
        raise LetterParseError(path, f"not a readable PDF ({error})") from error
    lines: list[Line] = []
    try:
        for index in range(len(document)):
            lines.extend(_read_page(document, index))
    except pdfium.PdfiumError as error:
        raise LetterParseError(path, f"a damaged PDF: page {index + 1} ({error})") from error
    finally:
        document.close()
    if not any(line.text.strip() for line in lines):
        raise LetterParseError(path, "the PDF holds no text (an image-only scan?)")
    # Clean all lines at once (cheaper than line by line), keeping each line's bold mark.
    cleaned = clean_characters("\n".join(line.text for line in lines)).split("\n")
    if len(cleaned) != len(lines):  # a stray line break inside a line: lose no text
        return collapse_breaks(Line(text, None) for text in cleaned)
    return collapse_breaks(Line(text, line.bold) for text, line in zip(cleaned, lines, strict=True))


def _read_page(document, index: int) -> list[Line]:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return _page_lines(textpage)
        finally:
            textpage.close()
    finally:
        page.close()


def _page_lines(textpage) -> list[Line]:
    text = textpage.get_text_range()
    # pdfium ends lines with "\r\n"; each character of `text` is one character index.
    lines = []
    start = 0
    for raw_line in text.split("\r\n"):
        lines.append(Line(raw_line, _is_bold(textpage, raw_line, start)))
        start += len(raw_line) + 2
    return lines


def _is_bold(textpage, raw_line: str, start: int) -> bool:
    checked = 0
    for offset, character in enumerate(raw_line):
        if not character.isalpha():
            continue
        weight = pdfium_raw.FPDFText_GetFontWeight(textpage, start + offset)
        if weight < BOLD_WEIGHT:
            return False
        checked += 1
        if checked == CHARACTERS_TO_CHECK:
            break
    return checked > 0

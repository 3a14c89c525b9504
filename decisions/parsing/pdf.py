"""PDF extraction with PDFium (pypdfium2's raw API): text lines, each marked bold or not.

The state's letters are encrypted with an empty user password, which PDFium opens without
being asked. Item headings are set in bold and the outcome word is not, so the font
weight of a line's first letters tells a heading from the rationale before it. Asking
PDFium for the weight of every character is slow; the first few letters suffice.

The raw API is used rather than pypdfium2's helper classes: it is some 5 % faster, and
PDF throughput is bound by PDFium's own work (see docs/benchmarks.md).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2  # noqa: F401  (importing it initialises the PDFium library)
import pypdfium2.raw as pdfium

from .normalise import Line, clean_characters, clean_lines, has_odd_spaces
from .types import LetterParseError

BOLD_WEIGHT = 600
# How many letters of a line to look at for its weight (spaces and digits are skipped:
# some headings start with a number set in the regular face).
LETTERS_TO_CHECK = 3
# PDFium's FPDF_GetLastError codes.
PDFIUM_ERRORS = {
    1: "unknown error",
    2: "file not found or could not be opened",
    3: "not in PDF format or corrupted",
    4: "password required or incorrect password",
    5: "unsupported security scheme",
    6: "page not found or content error",
}
NO_TEXT = "the PDF holds no text (an image-only scan?)"
_UTF16_UNITS = ctypes.POINTER(ctypes.c_ushort)


def extract_lines(data: bytes, path: str | None) -> list[Line]:
    """All pages' lines, in reading order, bold-marked; pages simply follow one another."""
    texts: list[str] = []
    bolds: list[bool] = []
    for textpage in _text_pages(data, path):
        _read_page_lines(textpage, texts, bolds)
    # Clean all lines at once (cheaper than line by line), keeping each line's bold mark.
    text = clean_characters("\n".join(texts))
    if not text.strip():
        raise LetterParseError(path, NO_TEXT)
    cleaned = text.split("\n")
    # A stray line break inside a line: lose no text, but the bold marks no longer fit.
    return clean_lines(
        cleaned, bolds if len(cleaned) == len(texts) else None, mend_spaces=has_odd_spaces(text)
    )


def extract_text(data: bytes, path: str | None) -> str:
    """The letter as plain extracted text: PDFium's text of each page (CRLF line ends),
    a form feed on a line of its own between pages. No bold marks; nothing cleaned."""
    text = "\n\f\n".join(_page_text(textpage) for textpage in _text_pages(data, path))
    if not text.strip():
        raise LetterParseError(path, NO_TEXT)
    return text


def _text_pages(data: bytes, path: str | None) -> Iterator:
    """Each page's PDFium text page, in order, closed (with its page) once used."""
    # `data` must outlive the document: PDFium reads from it.
    document = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
    if not document:
        raise LetterParseError(path, f"not a readable PDF ({_last_error()})")
    try:
        for index in range(pdfium.FPDF_GetPageCount(document)):
            page = pdfium.FPDF_LoadPage(document, index)
            if not page:
                raise LetterParseError(
                    path, f"a damaged PDF: page {index + 1} cannot be loaded ({_last_error()})"
                )
            try:
                textpage = pdfium.FPDFText_LoadPage(page)
                if not textpage:
                    raise LetterParseError(
                        path, f"a damaged PDF: the text of page {index + 1} cannot be read"
                    )
                try:
                    yield textpage
                finally:
                    pdfium.FPDFText_ClosePage(textpage)
            finally:
                pdfium.FPDF_ClosePage(page)
    finally:
        pdfium.FPDF_CloseDocument(document)


def _last_error() -> str:
    code = pdfium.FPDF_GetLastError()
    return PDFIUM_ERRORS.get(code, f"PDFium error {code}")


def _page_text(textpage) -> str:
    count = pdfium.FPDFText_CountChars(textpage)
    if count <= 0:
        return ""
    # A byte buffer cast to the UTF-16 units PDFium writes: "c_ushort * n" would make a new
    # ctypes type for every page's length, which costs more than reading the page.
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = pdfium.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, _UTF16_UNITS))
    return buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")


def _read_page_lines(textpage, texts: list[str], bolds: list[bool]) -> None:
    """Append the page's lines and whether each is bold."""
    # PDFium ends lines with "\r\n"; each character of the text is one character index.
    start = 0
    for raw_line in _page_text(textpage).split("\r\n"):
        texts.append(raw_line)
        bolds.append(_is_bold(textpage, raw_line, start))
        start += len(raw_line) + 2


def _is_bold(textpage, raw_line: str, start: int) -> bool:
    checked = 0
    for offset, character in enumerate(raw_line):
        if not character.isalpha():
            continue
        if not _is_bold_character(textpage, start + offset):
            return False
        checked += 1
        if checked == LETTERS_TO_CHECK:
            break
    return checked > 0


def _is_bold_character(textpage, index: int) -> bool:
    weight = pdfium.FPDFText_GetFontWeight(textpage, index)
    if weight > 0:
        return weight >= BOLD_WEIGHT
    # The weight is unknown (a standard font without descriptor): ask the font's name.
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
    return any(word in name.value for word in (b"Bold", b"Black", b"Heavy"))

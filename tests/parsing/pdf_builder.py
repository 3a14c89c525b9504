"""Build small text PDFs for tests: each line in Helvetica, bold lines in Helvetica-Bold.

The real letters may not be beside a checkout; these PDFs let the PDF path (extraction,
bold marks) be tested anyway. They hold text written for the tests, not the letters'.
"""

import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

LINES_PER_PAGE = 50


def build_pdf(lines: list[tuple[str, bool]]) -> bytes:
    """A PDF of the (text, bold) lines, 50 to a page."""
    document = pdfium.PdfDocument.new()
    for first in range(0, len(lines), LINES_PER_PAGE):
        page = document.new_page(612, 792)
        for row, (text, bold) in enumerate(lines[first : first + LINES_PER_PAGE]):
            _add_text(document, page, text, bold, y=750 - 14 * row)
        pdfium_raw.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_text(document, page, text: str, bold: bool, y: float) -> None:
    font = b"Helvetica-Bold" if bold else b"Helvetica"
    text_object = pdfium_raw.FPDFPageObj_NewTextObj(document.raw, font, 10.0)
    encoded = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_raw.FPDFText_SetText(
        text_object, ctypes.cast(encoded, ctypes.POINTER(pdfium_raw.FPDF_WCHAR))
    )
    pdfium_raw.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, 50, y)
    pdfium_raw.FPDFPage_InsertObject(page.raw, text_object)

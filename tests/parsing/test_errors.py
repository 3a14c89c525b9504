"""Files that are no readable IMR letter give LetterParseError naming the file and reason."""

import io
import random

import pypdfium2 as pdfium
import pytest

from decisions.parsing import LetterParseError, parse_letter, parse_text
from tests.paths import FIXTURE_LETTERS, needs_real_letters, real_letters

SEED = sorted(FIXTURE_LETTERS.glob("*.txt"))[4]


def _error(source, **kwargs) -> LetterParseError:
    with pytest.raises(LetterParseError) as caught:
        parse_letter(source, **kwargs)
    return caught.value


def test_missing_file_names_the_file(tmp_path):
    error = _error(tmp_path / "nope.pdf")
    assert error.path == str(tmp_path / "nope.pdf")
    assert "cannot read" in error.reason


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    assert _error(empty).reason == "the file is empty"


def test_image_only_pdf_has_no_text():
    document = pdfium.PdfDocument.new()
    document.new_page(612, 792)
    buffer = io.BytesIO()
    document.save(buffer)
    error = _error(buffer.getvalue(), path="scan.pdf")
    assert error.path == "scan.pdf"
    assert "no text" in error.reason


def test_broken_pdf():
    assert "not a readable PDF" in _error(b"%PDF-1.7 garbage", path="x.pdf").reason


def test_binary_data():
    assert "binary" in _error(b"\x00\x01\x02abc", path="x.bin").reason


def test_another_document():
    error = _error(b"Dear customer,\nyour invoice is attached.\n", path="invoice.txt")
    assert error.reason.startswith("not an IMR decision letter")
    assert str(error) == f"invoice.txt: {error.reason}"


def test_letter_cut_before_the_items():
    text = SEED.read_text()
    cut = text[: text.index("IMR ISSUES")]
    with pytest.raises(LetterParseError, match="truncated letter"):
        parse_text(cut, path="cut.txt")


def test_letter_cut_inside_an_item():
    text = SEED.read_text()
    cut = text[: text.rindex("Decision rationale")]
    with pytest.raises(
        LetterParseError, match="truncated letter: item 2 has no decision rationale"
    ):
        parse_text(cut)


def test_letter_cut_right_after_the_heading():
    text = SEED.read_text()
    cut = text[: text.index("Claims Administrator guideline")]
    with pytest.raises(LetterParseError, match="truncated letter: no disputed item"):
        parse_text(cut)


@needs_real_letters
def test_damaged_and_cut_real_pdfs_give_letter_parse_errors_only():
    data = real_letters()[0].read_bytes()
    rng = random.Random(0)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(5):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        for variant in (bytes(damaged), data[: rng.randrange(len(data))]):
            try:
                parse_letter(variant, path="damaged.pdf")
            except LetterParseError as error:
                assert error.path == "damaged.pdf"

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
    assert error.reason == ("unknown layout: none of the section headings of a known layout found")
    assert error.unknown_layout
    assert str(error) == f"invoice.txt: {error.reason}"


MEDICAL_PROFESSIONAL_REVIEW = """MEDICAL PROFESSIONAL REVIEW
ISSUE AT DISPUTE
Lumbar MRI
CASE SUMMARY
The claimant is a 50 year old male with low back pain.
DOCUMENTS REVIEWED FOR DETERMINATION
Progress notes.
MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY
ODG Low Back.
RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY
Not medically necessary.
MEDICAL REVIEWER QUALIFICATIONS
Board Certified in Orthopedic Surgery.
"""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            MEDICAL_PROFESSIONAL_REVIEW,
            "unknown layout: none of the section headings of a known layout found",
        ),
        (  # another IMR organisation's form, with words of ours but none of our headings
            "Independent Review Organization Final Determination\nCase: 123\n"
            "Disputed item: Norco 10/325mg: Upheld\nRationale: not medically necessary.\n",
            "unknown layout: none of the section headings of a known layout found",
        ),
        (  # the notice's title, but no numbered decision sentence (cut after the title)
            "MAXIMUS FEDERAL SERVICES, INC.\n"
            "Notice of Independent Medical Review Determination\nDated: 9/26/2013\n",
            "unknown layout: no decision statements found",
        ),
    ],
)
def test_layouts_the_parser_does_not_know_are_said_not_guessed(text, reason):
    with pytest.raises(LetterParseError) as caught:
        parse_text(text, path="other.txt")
    assert caught.value.reason == reason
    assert caught.value.unknown_layout


def test_a_truncated_letter_is_no_unknown_layout():
    text = SEED.read_text()
    with pytest.raises(LetterParseError) as caught:
        parse_text(text[: text.index("IMR ISSUES")])
    assert not caught.value.unknown_layout


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

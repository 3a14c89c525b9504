"""glibc's malloc is tuned for PDFium by the ingest command, never by a web process."""

import pytest

from decisions.ingest.memory import keep_freed_memory_for_pdfium
from decisions.ingest.run import ingest_letters
from decisions.parsing import parse_letter
from tests.actions import run_command
from tests.builders import build_pdf
from tests.paths import FIXTURE_LETTERS

INVENTED = FIXTURE_LETTERS / "invented-CM17-0099103.txt"


def tuned() -> bool:
    return keep_freed_memory_for_pdfium.cache_info().currsize == 1


@pytest.fixture
def untuned():
    keep_freed_memory_for_pdfium.cache_clear()
    yield
    keep_freed_memory_for_pdfium.cache_clear()


def test_reading_a_pdf_leaves_malloc_alone(untuned, tmp_path):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(build_pdf([(line, False) for line in INVENTED.read_text().splitlines()]))
    assert parse_letter(str(pdf)).case_number == "CM17-0099103"
    assert not tuned()


@pytest.mark.django_db(transaction=True)
def test_ingesting_from_code_as_the_admin_does_leaves_malloc_alone(untuned):
    assert ingest_letters([str(INVENTED)]).created == 1
    assert not tuned()


@pytest.mark.django_db(transaction=True)
def test_the_ingest_command_tunes_malloc(untuned):
    assert run_command("ingest_letters", INVENTED).status == 0
    assert tuned()

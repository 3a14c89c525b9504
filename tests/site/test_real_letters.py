"""Every real letter's case page renders, and its number opens it (letters read by regex)."""

import re

import pypdfium2 as pdfium
import pytest
from django.utils.html import escape

from decisions.ingest.run import ingest_letters
from decisions.models import DisputedItem
from tests.paths import needs_real_letters, real_letters

CASE_NUMBER = re.compile(r"Case Number:\s*(CM\d{2}-\d{7})")


def printed_case_number(path) -> str | None:
    """The number on the letter's first page, read straight from the PDF's text."""
    document = pdfium.PdfDocument(str(path), password="")
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    match = CASE_NUMBER.search(text)
    return match.group(1) if match else None


@needs_real_letters
@pytest.mark.real_letters
@pytest.mark.django_db
def test_every_real_letter_has_a_working_case_page(client):
    files = real_letters()
    numbers = {printed_case_number(path) for path in files} - {None}
    assert len(numbers) == len(files)  # every real letter prints its number
    assert ingest_letters([str(files[0].parent)]).failed == 0
    for number in sorted(numbers):
        response = client.get(f"/items/?q={number}")
        assert response.status_code == 302, number
        page = client.get(response["Location"])
        assert page.status_code == 200, number
        html = page.content.decode()
        for description in DisputedItem.objects.filter(case__case_number=number).values_list(
            "description", flat=True
        ):
            assert escape(description) in html, (number, description)
    data = client.get("/items/?format=json&page_size=1").json()
    assert data["count"] == DisputedItem.objects.count()

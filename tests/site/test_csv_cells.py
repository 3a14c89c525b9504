"""The CSV export quotes cells a spreadsheet would read as a formula (CSV injection)."""

import csv
import io

import pytest

from tests import builders
from tests.actions import streamed

DESCRIPTIONS = {
    "=HYPERLINK(1)": "'=HYPERLINK(1)",
    "+1 visit": "'+1 visit",
    "-2 visits": "'-2 visits",
    "@SUM(A1)": "'@SUM(A1)",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'\r=1+1",
    "Massage therapy x6": "Massage therapy x6",
}


@pytest.mark.django_db
def test_cells_starting_a_formula_are_quoted_as_text(client):
    case = builders.case("CM16-0000001", decided="2016-01-04")
    for description in DESCRIPTIONS:
        builders.item(case, description)
    response = client.get("/items/?format=csv")
    body = b"".join(response.streaming_content).decode()
    response.close()
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert sorted(row["description"] for row in rows) == sorted(DESCRIPTIONS.values())


@pytest.mark.django_db
def test_related_cells_starting_a_formula_are_quoted_as_text(client):
    """A specialty or a section an editor names "=..." is quoted like an item's text."""
    case = builders.case("CM16-0000001", decided="2016-01-04", by=builders.reviewer(["=cmd"]))
    builders.cite(builders.item(case), sections=["@SUM(A1)"])
    (row,) = exported_rows(client)
    assert row["reviewer_specialties"] == "'=cmd"
    assert row["imr_citations"] == "MTUS Chronic Pain [@SUM(A1)]"  # no formula: as it is


def exported_rows(client, query="") -> list[dict]:
    response = client.get(f"/items/?format=csv{query}")
    with streamed(response) as chunks:
        return list(csv.DictReader(io.StringIO(b"".join(chunks).decode(), newline="")))


@pytest.mark.django_db
@pytest.mark.parametrize("case_number", ["CM16-0000001", "cm16-0000002", None, "", "CM 16/1"])
def test_the_case_url_of_a_row_is_the_case_page(client, case_number):
    """By number where the case page's URL finds it, else by id: a number with a space or
    a slash is no URL, and the case page looks numbers up in capitals."""
    from decisions.models import case_path

    case = builders.case(case_number, decided="2016-01-04")
    builders.item(case)
    (row,) = exported_rows(client)
    assert row["case_url"] == case_path(case_number, case.pk)
    by_number = case_number == "CM16-0000001"
    assert row["case_url"] == (f"/cases/{case_number}/" if by_number else f"/cases/id/{case.pk}/")
    assert client.get(row["case_url"]).status_code == 200


AWKWARD_TEXT = [
    "plain",
    "",
    'a "quoted" word, and a comma',
    "two\nlines",
    "a lone\rcarriage return",
    "windows\r\nline",
    "\\.",
    "=1+1",
    "  leading spaces",
    "non-ASCII: é ü — ½",
]


@pytest.mark.django_db
def test_postgresql_writes_the_lines_python_would(client):
    """COPY (PostgreSQL) and the csv module (SQLite) read back to the same rows, for
    awkward text, empty cells and every sort, under a filter and a search."""
    from django.db import connection
    from django.http import QueryDict

    from decisions.site import csv_export
    from decisions.site.item_filter import DisputedItemFilter
    from decisions.site.parameters import SORT_LABELS

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    reviewer = builders.reviewer(("Pain Management", "Anesthesiology"), ("California",))
    for n, text in enumerate(AWKWARD_TEXT):
        case = builders.case(f"CM16-{n:07d}", decided=f"2016-01-{n + 1:02d}", by=reviewer)
        case_without = builders.case(None, patient_age=None if n % 2 else 40 + n)
        for of_case in (case, case_without):
            item = builders.item(of_case, text or "Massage", rationale=text, category=text)
            builders.cite(item, pages=(60, n), sections=[text] if text else [])
            builders.cite(item, "odg", "claims_administrator")

    def both_writers(items):
        line = csv_export.cells()
        rows = items.values_list(*line.values())
        copied = ",".join(line) + "\n" + b"".join(csv_export.copied_lines(rows)).decode()
        written = "".join(csv_export.written_lines(list(line), rows))
        return [list(csv.reader(io.StringIO(text, newline=""))) for text in (copied, written)]

    for sort in SORT_LABELS:
        copied, written = both_writers(DisputedItemFilter(QueryDict(f"sort={sort}")).qs)
        assert copied == written
        assert len(copied) == 1 + 2 * len(AWKWARD_TEXT)
    copied, written = both_writers(DisputedItemFilter(QueryDict("q=lines&guideline=odg")).qs)
    assert copied == written
    # "lines" finds "line" too (English stems).
    assert sorted(row[7] for row in copied[1:]) == sorted(["two\nlines", "windows\r\nline"] * 2)

"""The CSV export quotes cells a spreadsheet would read as a formula (CSV injection)."""

import csv
import io

import pytest

from tests import builders

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


@pytest.mark.parametrize(
    "case_number, pk",
    [("CM16-0000001", 1), ("CM17-0099103", 7), ("cm16-0000002", 2), (None, 42), ("", 43)],
)
def test_the_case_url_of_a_row_is_the_case_page(case_number, pk):
    from decisions.models import case_path
    from decisions.site.csv_export import CasePaths

    assert CasePaths()(case_number, pk) == case_path(case_number, pk)

"""Each row of a /stats/ table links to the item list of exactly the items it counts."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from decisions.site.pages.stats import LINKED_TABLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_made_afresh")]
URL = reverse("decisions:stats")


def linked_rows(client, params):
    tables = client.get(URL, params).context["tables"]
    return [(table, row) for table in LINKED_TABLES for row in tables[table]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"outcome": "overturned"},
        {"category": ["Surgery", "Pharmaceuticals"]},
        {"specialty": "Pain Management"},
        {"guideline": "odg", "decided_after": "2016-01-01"},
    ],
)
def test_a_row_link_lists_as_many_items_as_the_row_counts(client, archive, params):
    followed = 0
    for _table, row in linked_rows(client, params):
        if row["items_url"] is None:
            continue
        listing = client.get(row["items_url"] + "&format=json").json()
        assert listing["count"] == row["items"], row
        followed += 1
    assert followed >= 5


def test_rows_without_an_exact_filter_have_no_link(client, archive):
    rows = dict(
        ((table, row["key"]), row["items_url"])
        for table, row in linked_rows(client, {"specialty": "Pain Management", "year": "2016"})
    )
    assert rows[("by_specialty", "Anesthesiology")] is None  # a second specialty means "or"
    assert rows[("by_decision_month", "2016-01")] is None  # a year is already set
    assert rows[("by_category", "Injection")].endswith("&category=Injection")
    assert rows[("by_imr_guideline", "odg")] == reverse("decisions:items") + "?" + urlencode(
        {"specialty": "Pain Management", "year": "2016", "guideline": "odg", "cited_by": "imr"}
    )


def test_month_rows_link_to_the_month_s_dates_and_catch_alls_to_nothing(client, archive):
    rows = {
        row["key"]: row for table, row in linked_rows(client, {}) if table == "by_decision_month"
    }
    assert rows["2016-01"]["items_url"].endswith(
        "?decided_after=2016-01-01&decided_before=2016-01-31"
    )
    no_specialty = [row for table, row in linked_rows(client, {}) if table == "by_specialty"][-1]
    assert no_specialty["label"] == "No specialty stated"
    assert no_specialty["items_url"] is None  # no parameter selects it

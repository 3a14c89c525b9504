"""/stats/ in HTML and JSON, on the hand-built archive and on the ingested fixture letters."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import DisputedItem
from decisions.site import statistics as stats
from decisions.site.item_filter import DisputedItemFilter
from tests.builders import OVER
from tests.builders import item_citing as make_item
from tests.builders import numbered_case as make_case
from tests.builders import reviewer_certified as make_reviewer

pytestmark = pytest.mark.django_db
URL = reverse("decisions:stats")


def query_of(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def test_json_gives_the_figures_of_the_filtered_items(client, archive):
    response = client.get(URL, {"outcome": "overturned", "format": "json"})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "outcome=overturned"
    expected = stats.all_figures(DisputedItem.objects.filter(outcome=OVER))
    assert body["description"] == "3 items where outcome is overturned"
    figures = {key: value for key, value in body.items() if key not in ("query", "description")}
    assert figures == expected
    assert body["summary"] == {"items": 3, "overturned": 3, "cases": 3, "overturn_rate": 1.0}


def test_json_follows_the_specialty_filter(client, archive):
    body = client.get(URL, {"specialty": "Orthopedic Surgery", "format": "json"}).json()
    assert body["summary"]["items"] == 2
    assert [row["label"] for row in body["by_specialty"]] == ["Orthopedic Surgery"]
    assert body["days_to_decision"]["median_days"] == 30


def test_html_shows_tables_and_carries_the_figures_for_the_charts(client, archive):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="stats-items">6<' in html
    assert 'data-testid="stats-rate">50.0%<' in html
    assert 'data-testid="stats-same-share">50.0%<' in html
    assert '<a href="/items/?specialty=Anesthesiology">Anesthesiology</a>' in html
    assert '<script id="stats-figures" type="application/json">' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert response.context["figures"]["by_decision_month"][0]["label"] == "Jan 2016"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"decided_after": "yesterday"}, "decided_after"),
        ({"guideline": "not-a-guideline"}, "guideline"),
        ({"age_min": "-4"}, "age_min"),
    ],
)
def test_invalid_parameters_are_400_with_errors_in_json(client, archive, params, field):
    response = client.get(URL, {**params, "format": "json"})
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_invalid_parameters_are_form_errors_in_html(client, archive):
    response = client.get(URL, {"outcome": "maybe"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="form-errors"' in html
    assert "maybe" in html
    assert "stats-figures" not in html


def test_unknown_format_is_400(client, archive):
    response = client.get(URL, {"format": "xml"})
    assert response.status_code == 400
    assert "format" in response.json()["errors"]


@pytest.mark.usefixtures("pages_made_afresh")
def test_the_page_costs_the_same_queries_whatever_the_data(
    client, archive, django_assert_num_queries
):
    with django_assert_num_queries(11):
        assert client.get(URL, {"outcome": "overturned"}).status_code == 200
    for month in range(1, 6):
        case = make_case(
            make_reviewer("Psychiatry"), dt.date(2017, month, 1), dt.date(2017, month, 20)
        )
        make_item(case, OVER, "Programs", imr=["odg"], claims_administrator=["other"])
    with django_assert_num_queries(11):
        response = client.get(URL, {"outcome": "overturned"})
    assert response.context["figures"]["summary"]["items"] == 8


@pytest.mark.usefixtures("pages_made_afresh")
@pytest.mark.parametrize(
    "params",
    [
        {"outcome": "overturned", "specialty": "Orthopedic Surgery"},
        {"outcome": "upheld", "specialty": "Pain Management", "year": ["2016", "2017"]},
        {"specialty": "Pain Management"},
        {},
        {"outcome": "upheld", "year": ["2016", "2017"]},
    ],
)
def test_the_figures_are_read_from_the_tally_rows(client, archive, params):
    """Under one outcome, specialty or state, every figure but the agreement with the
    state's index (which reads the items always) comes from the Tally rows: at a million
    letters each figure counted from the items took 0.15-0.6 s."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get(URL, {**params, "format": "json"}).json()
    from_items = [query["sql"] for query in queries if "decisions_disputeditem" in query["sql"]]
    assert len(from_items) == 1 and "decisions_stateindextreatment" in from_items[0]
    plain = stats.all_figures(DisputedItemFilter(query_of(params)).qs)
    assert {key: body[key] for key in plain} == json.loads(json.dumps(plain, default=str))
    assert body["summary"]["items"] > 0


def test_figures_of_the_fixture_archive(client, fixture_archive):
    """Read off the letters: 16 items, 5 overturned. The five 2013-15 samples lost their
    header page (no dates); the three invented letters were received and decided
    2016-11-08 to 12-12 (34 days), 2017-01-17 to 02-17 (31) and 2017-02-03 to 02-10 (7)."""
    body = client.get(URL, {"format": "json"}).json()
    assert body["summary"] == {"items": 16, "overturned": 5, "cases": 8, "overturn_rate": 0.3125}
    assert body["days_to_decision"] == {
        "cases_measured": 3,
        "cases_without_dates": 5,
        "cases_inconsistent": 0,
        "median_days": 31,
        "by_month": [
            {"key": "2016-12", "label": "Dec 2016", "cases": 1, "median_days": 34},
            {"key": "2017-02", "label": "Feb 2017", "cases": 2, "median_days": 19.0},
        ],
    }
    months = [(r["key"], r["items"], r["overturned"]) for r in body["by_decision_month"]]
    assert months == [("2016-12", 3, 1), ("2017-02", 6, 3), (None, 7, 1)]
    rehab = [r for r in body["by_specialty"] if r["key"] == "Physical Medicine & Rehabilitation"]
    assert [(r["items"], r["overturned"]) for r in rehab] == [(2, 1)]


def test_guideline_agreement_of_the_fixture_archive(client, fixture_archive):
    """Different guidelines: 002 #2 (Chronic Pain / ACOEM) and CM17-0099103 #3, the knee MRI
    (ODG / ACOEM, overturned). CM16-0299101 #3 (Tramadol) has no claims administrator
    citation."""
    agreement = client.get(URL, {"format": "json"}).json()["guideline_agreement"]
    rows = {row["key"]: (row["items"], row["overturned"]) for row in agreement["rows"]}
    assert rows == {"same": (13, 4), "different": (2, 1), "incomplete": (1, 0)}
    assert agreement["comparable_items"] == 15
    assert agreement["same_share"] == 0.8667


def test_fixture_archive_filtered_to_overturned_items_of_one_specialty(client, fixture_archive):
    params = {"outcome": "overturned", "specialty": "Physical Medicine & Rehabilitation"}
    body = client.get(URL, {**params, "format": "json"}).json()
    assert body["summary"]["items"] == 1
    assert [row["key"] for row in body["by_imr_guideline"]] == ["mtus-chronic-pain"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "massage"},
        {"guideline": "mtus-chronic-pain", "guideline_page": "60"},
        {"section": "Massage therapy", "cited_by": "imr"},
        {"year": "2017"},
        {"state": "California", "sex": "female"},
        {"category": "Rehabilitation", "sort": "outcome", "page": "1"},
        {"case_number": "CM17-0099103"},
    ],
)
def test_stats_count_the_items_the_item_list_lists(client, fixture_archive, params):
    listed = client.get(reverse("decisions:items"), {**params, "format": "json"}).json()
    figures = client.get(URL, {**params, "format": "json"}).json()
    assert figures["summary"]["items"] == listed["count"] > 0
    assert figures["summary"]["overturned"] == listed["overturned"]


def test_post_is_refused(client):
    # The site is read-only: GET and HEAD only.
    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200

"""Date filters, the year facet and the facet time limit, on built rows."""

import pytest
from django.db import connection

from decisions.site import facets
from tests import builders
from tests.actions import facet, get_json


@pytest.fixture
def three_years(db):
    by = builders.reviewer()
    for number, decided, outcome in [
        ("CM14-0000001", "2014-03-01", "upheld"),
        ("CM15-0000001", "2015-06-30", "overturned"),
        ("CM15-0000002", "2015-12-31", "upheld"),
        ("CM16-0000001", "2016-01-01", "overturned"),
    ]:
        builders.item(builders.case(number, decided=decided, by=by), outcome=outcome)


def test_year_filter_and_facet(client, three_years):
    data = get_json(client, "year=2015")
    assert data["count"] == 2
    assert facet(data, "year") == {2016: 1, 2015: 2, 2014: 1}  # without its own selection
    assert get_json(client, "year=2014&year=2016")["count"] == 2


def test_decided_after_and_before_are_inclusive(client, three_years):
    assert get_json(client, "decided_after=2015-06-30&decided_before=2015-12-31")["count"] == 2
    assert get_json(client, "decided_after=2016-01-01")["count"] == 1


def test_case_number_filter(client, three_years):
    data = get_json(client, "case_number=cm15-0000002")
    assert [row["case_number"] for row in data["results"]] == ["CM15-0000002"]


def test_sort_and_pages(client, three_years):
    data = get_json(client, "sort=decided&page_size=3")
    assert [row["decision_date"] for row in data["results"]] == [
        "2014-03-01",
        "2015-06-30",
        "2015-12-31",
    ]
    assert data["next"].endswith("page=2")
    last = get_json(client, "sort=decided&page_size=3&page=2")
    assert [row["case_number"] for row in last["results"]] == ["CM16-0000001"]
    assert last["next"] is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_a_facet_that_times_out_says_so_and_the_page_renders(
    client, three_years, settings, monkeypatch
):
    counted_in_time = facets._counted_keys  # the section facet of matched items comes here

    def slow_section_facet(matched, column, selected, size):
        if column == "cited_sections":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.5)")
        return counted_in_time(matched, column, selected, size)

    monkeypatch.setattr(facets, "_counted_keys", slow_section_facet)
    settings.FACET_TIME_LIMIT_MS = 50
    # A date range: no Tally grouping holds it, so the facets count the items themselves.
    response = client.get("/items/?decided_after=2000-01-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This facet took too long to count." in html
    assert "4 items" in html  # the rest of the page is there
    data = get_json(client, "decided_after=2000-01-01")
    assert data["facets_timed_out"] == ["section"]
    assert facet(data, "outcome") == {"upheld": 2, "overturned": 2}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_the_facets_of_the_items_own_columns_time_out_together(
    client, three_years, settings, monkeypatch
):
    """They are counted by one query (facets._column_facets): out of time, all say so."""
    slow_year = "(SELECT EXTRACT(YEAR FROM decision_date)::integer FROM pg_sleep(0.2))"
    monkeypatch.setitem(facets.COLUMN_FACETS, "year", slow_year)
    settings.FACET_TIME_LIMIT_MS = 50
    data = get_json(client, "decided_after=2000-01-01")
    assert set(data["facets_timed_out"]) == {"outcome", "specialty", "state", "category", "year"}
    assert data["count"] == 4
    assert {"guideline", "section"} <= data["facets"].keys()  # the cited keys', in time


def test_years_are_listed_newest_first(client, three_years):
    data = get_json(client)
    assert [entry["value"] for entry in data["facets"]["year"]] == [2016, 2015, 2014]


@pytest.mark.parametrize("sort, first", [("-decided", "CM16-0000001"), ("decided", "CM14-0000001")])
def test_search_keeps_the_date_order(client, three_years, sort, first):
    # With a search the order is written differently (see SEARCH_ORDERINGS); same result.
    builders.item(builders.case("CM13-0000009"), description="Massage, no decision date")
    data = get_json(client, f"q=massage&sort={sort}")
    numbers = [row["case_number"] for row in data["results"]]
    assert numbers[0] == first
    assert numbers[-1] == "CM13-0000009"  # undated cases last either way
    assert len(numbers) == 5


def test_a_selected_value_keeps_its_count_outside_the_top_ten(client, db):
    # Twelve specialties: "Specialty 0" has 12 items ... "Specialty 11" has 1.
    for rank in range(12):
        case = builders.case(by=builders.reviewer((f"Specialty {rank}",)))
        for _ in range(12 - rank):
            builders.item(case)
    shown = facet(get_json(client), "specialty")
    assert len(shown) == 10 and "Specialty 11" not in shown
    shown = facet(get_json(client, "specialty=Specialty+11"), "specialty")
    assert len(shown) == 10
    assert shown["Specialty 11"] == 1
    assert "Specialty 9" not in shown  # the selection took the last place


def test_category_facet_and_its_subcategories(client, db):
    case = builders.case(by=builders.reviewer())
    for category, subcategory, outcome in [
        ("Rehabilitation", "PT/OT", "upheld"),
        ("Rehabilitation", "PT/OT", "overturned"),
        ("Rehabilitation", "Acupuncture", "upheld"),
        ("Pharmaceuticals", "Opioids", "upheld"),
    ]:
        builders.item(case, outcome=outcome, category=category, subcategory=subcategory)
    data = get_json(client)
    assert facet(data, "category") == {"Rehabilitation": 3, "Pharmaceuticals": 1}
    assert "subcategory" not in data["facets"]  # until a category is chosen
    data = get_json(client, "category=Rehabilitation&outcome=upheld")
    assert data["count"] == 2
    assert facet(data, "subcategory") == {"PT/OT": 1, "Acupuncture": 1}
    assert facet(data, "category") == {"Rehabilitation": 2, "Pharmaceuticals": 1}

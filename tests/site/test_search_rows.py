"""The search rows (decisions/search_rows.py): beside each item's search document, copies of
the columns a search reads, kept exact with every write and checked by check_summaries."""

import pytest
from django.db import connection

from decisions import search_rows
from decisions.models import Case, DisputedItem, ItemSearchDocument

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search rows are PostgreSQL's"
)


def acupuncture_row_of(case_number: str) -> ItemSearchDocument:
    item = DisputedItem.objects.get(case__case_number=case_number, number=1)
    return ItemSearchDocument.objects.get(item=item)


@on_postgresql
def test_every_item_has_its_columns_beside_its_document(fixture_archive):
    assert ItemSearchDocument.objects.count() == DisputedItem.objects.count()
    assert search_rows.differences() == {}
    row = acupuncture_row_of("CM17-0099103")
    case = Case.objects.get(case_number="CM17-0099103")
    assert (row.case_id, row.case_number, row.number) == (case.pk, "CM17-0099103", 1)
    assert (row.reviewer_id, row.decision_date) == (case.reviewer_id, case.decision_date)
    assert (row.outcome, row.category) == ("upheld", "Rehabilitation")
    assert row.cited_guidelines == ["mtus-acupuncture"]
    assert row.cited_pages == []  # its two citations name no page


@on_postgresql
def test_a_stale_copy_is_reported_and_copied_again(fixture_archive):
    row = acupuncture_row_of("CM17-0099103")
    ItemSearchDocument.objects.filter(pk=row.pk).update(outcome="overturned", cited_sections=[])
    wrong = search_rows.differences()
    assert list(wrong) == [("search row", row.pk)]
    kept, fresh = wrong[("search row", row.pk)]
    assert "overturned" in kept and "upheld" in fresh
    search_rows.copy([row.case_id])
    assert search_rows.differences() == {}


@on_postgresql
def test_an_item_without_a_search_row_is_reported(fixture_archive):
    row = acupuncture_row_of("CM17-0099103")
    ItemSearchDocument.objects.filter(pk=row.pk).delete()
    kept, fresh = search_rows.differences()[("search row", row.pk)]
    assert kept is None and "upheld" in fresh


@on_postgresql
def test_a_whole_copy_puts_the_rows_in_the_order_of_their_request_category(fixture_archive):
    search_rows.copy_all()
    assert search_rows.differences() == {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT category, subcategory FROM {search_rows.TABLE} ORDER BY ctid"  # on disk
        )
        stored = cursor.fetchall()
        cursor.execute(
            "SELECT indisclustered FROM pg_index WHERE indexrelid = %s::regclass",
            [search_rows.ORDER_INDEX],
        )
        assert cursor.fetchone() == (True,)  # a later CLUSTER of the table keeps the order
        indexes = list(search_rows.GIN_INDEXES.values())  # dropped for the copy, made again
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname = ANY(%s)", [indexes])
        assert cursor.fetchone() == (2,)
        # The order's index carries the cited pages: a page often cited is read from it alone.
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'item_search_decided_idx'"
        )
        assert "cited_pages)" in cursor.fetchone()[0].split("INCLUDE")[1]
    assert stored == sorted(stored) and len(stored) == DisputedItem.objects.count()
    assert ItemSearchDocument.objects.filter(document="acupuncture").count() == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's search reads the text")
def test_sqlite_has_no_search_rows_to_check(fixture_archive):
    assert not ItemSearchDocument.objects.exists()
    assert search_rows.differences() == {}
    search_rows.copy_all()
    search_rows.copy([Case.objects.first().pk])
    assert not ItemSearchDocument.objects.exists()


def test_a_later_page_of_the_whole_archive_lists_the_items_in_their_own_order(
    fixture_archive, client, pages_made_afresh
):
    """Past the first page, the whole archive's ids come from the search rows' index of the
    default order (PostgreSQL): the same items, in the same order, as the items' own."""
    from django.test.utils import CaptureQueriesContext

    def second_page(query: str, sort: str | None) -> tuple[list, list]:
        expected = DisputedItem.objects.ordered(sort).values_list("case__case_number", "number")
        with CaptureQueriesContext(connection) as queries:
            data = client.get(f"/items/?page=2&page_size=10&format=json{query}").json()
        listed = [(row["case_number"], row["number"]) for row in data["results"]]
        assert listed == list(expected[10:20])
        return [sql["sql"] for sql in queries if "OFFSET" in sql["sql"]]

    (ids,) = second_page("", None)
    assert (f'FROM "{search_rows.TABLE}"' in ids) == (connection.vendor == "postgresql")
    # In another order, the items' own ids.
    (ids,) = second_page("&sort=decided", "decided")
    assert search_rows.TABLE not in ids


def most_cited_page() -> tuple[str, int]:
    from django.db.models import Count

    from decisions.models import CitationPage

    most_cited = (
        CitationPage.objects.values("citation__guideline_id", "page")
        .annotate(items=Count("citation__item", distinct=True))
        .order_by("-items", "citation__guideline_id", "page")
        .first()
    )
    return most_cited["citation__guideline_id"], most_cited["page"]


# (query, whether the search rows' index answers it on PostgreSQL). A filter the Tally
# rows cannot count makes a table of its matches for its facets, whose ids it then reads.
LISTED_FILTERS = [
    ("", True),
    ("outcome=upheld", True),
    ("outcome=overturned&specialty=Pain+Management", True),
    ("specialty=Pain+Management&specialty=Internal+Medicine", False),  # a table
    ("state={state}&year={year}&year=2013", True),
    ("state={state}&year={year}", True),
    ("outcome=overturned&year={year}", True),
    ("category=Pharmacy", False),  # its section facet is counted from a table
    ("guideline=mtus-chronic-pain", True),
    ("guideline=mtus-chronic-pain&guideline=odg&outcome=upheld", False),
    ("guideline={guideline}&guideline_page={page}", True),
    ("guideline={guideline}&guideline=odg&guideline_page={page}&guideline_page=1", False),
    ("guideline_page={page}", False),  # a page of any guideline
    ("guideline={guideline}&cited_by=imr", False),
    ("decided_after=2016-01-01", False),
    ("outcome=upheld&sort=decided", False),
]


@pytest.mark.parametrize("query, from_index", LISTED_FILTERS)
def test_the_list_from_the_search_rows_index_holds_the_items_of_the_filter_in_order(
    fixture_archive, client, pages_made_afresh, query, from_index
):
    """On every page, the ids the search rows' index of the default order gives
    (PostgreSQL) are the filter's own items, in the items' own order."""
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from decisions.models import ReviewerLicense
    from decisions.site.item_filter import DisputedItemFilter

    guideline, page = most_cited_page()
    first = DisputedItem.objects.ordered(None).select_related("case").first()
    state = ReviewerLicense.objects.filter(reviewer=first.case.reviewer).first().state
    query = query.format(
        guideline=guideline, page=page, state=state, year=first.case.decision_date.year
    )
    filterset = DisputedItemFilter(QueryDict(query))
    assert filterset.is_valid()
    expected = list(filterset.qs.values_list("case__case_number", "number"))
    assert expected or not from_index  # each case the index answers lists some items
    pages = max(1, (len(expected) + 1) // 2)
    for number in range(1, pages + 1):
        url = f"/items/?{query}&page_size=2&page={number}&format=json"
        with CaptureQueriesContext(connection) as queries:
            data = client.get(url).json()
        rows = [(row["case_number"], row["number"]) for row in data["results"]]
        assert rows == expected[2 * (number - 1) : 2 * number]
        read_index = any(
            f'FROM "{search_rows.TABLE}"' in sql["sql"] and "ORDER BY" in sql["sql"]
            for sql in queries
        )
        assert read_index == (from_index and connection.vendor == "postgresql")


def test_the_most_cited_page_is_cited_by_several_items(fixture_archive):
    guideline, page = most_cited_page()
    items = DisputedItem.objects.citing(guideline_id=guideline, pages__page=page)
    assert items.count() >= 3


@on_postgresql
def test_an_items_cited_pages_name_each_guideline_page_once_sorted(fixture_archive):
    from decisions.models import CitationPage

    for row in ItemSearchDocument.objects.all():
        cited = CitationPage.objects.filter(citation__item=row.item_id)
        keys = {
            f"{guideline}:{page}"
            for guideline, page in cited.values_list("citation__guideline_id", "page")
        }
        assert row.cited_pages == sorted(keys)
    assert any(row.cited_pages for row in ItemSearchDocument.objects.all())

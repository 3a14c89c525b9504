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
        cursor.execute(
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname = %s", [search_rows.DOCUMENT_INDEX]
        )
        assert cursor.fetchone() == (1,)
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

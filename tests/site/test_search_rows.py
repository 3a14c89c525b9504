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

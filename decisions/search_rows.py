"""The search rows: each item's search document with the columns a search reads beside it.

A search on PostgreSQL finds its items through the GIN index of the stored documents
(ItemSearchDocument), then needs, of each, the columns its summary, facets and list read
(MatchedItem.SOURCES: the item's outcome and category, its case's number, date and
reviewer, its cited keys). Read from the items, their cases and their keys, that was three
index lookups a match, 240-400 ms for a search's 76,000 at a million letters; copied into
the document's own row, the rows the search finds are all it reads.

The copies are derived, never edited, and kept exact like the Tally rows: every write of
letters copies them afresh for the cases it touches (summaries.tallies_follow and
add_new_cases), in its transaction, after the cited keys; a bulk load copies them all
(`copy_all`), which also puts the rows in the order of their request category (CLUSTER),
so that the matches of a search, mostly requests of one kind, lie on few pages;
`check_summaries` compares them with a fresh reading (`differences`). On SQLite, whose
search reads the items' text, there are no search rows.
"""

from django.db import connection, connections

from decisions.models import DisputedItem, ItemSearchDocument, MatchedItem
from decisions.querysets import DEFAULT_ITEM_ORDERING, MATCHED_ORDERINGS
from decisions.search import search_query

TABLE = ItemSearchDocument._meta.db_table
ORDER_INDEX = "item_search_order_idx"
# Migration 0015's index of the documents, made again after a whole copy.
DOCUMENT_INDEX = "item_search_document_gin"
COPIED = [column for column in MatchedItem.SOURCES if column != "id"]


def found(text: str, using: str = "default"):
    """The search rows of the items a search finds: the columns of MatchedItem.SOURCES,
    in its order."""
    rows = ItemSearchDocument.objects.using(using).filter(document=search_query(text))
    return rows.order_by().values("item_id", *COPIED)


def every_item_in_order(using: str = "default"):
    """Every item's id in the item list's default order (newest decision first), read from
    the search rows' copies of the columns it orders by and their index of that order
    (`item_search_decided_idx`, migration 0026): page 200 of the whole archive skips 9,950
    index entries instead of walking 9,950 items and their cases. None on SQLite, which
    has no search rows."""
    if connections[using].vendor != "postgresql":
        return None
    ordering = MATCHED_ORDERINGS[DEFAULT_ITEM_ORDERING]
    return (
        ItemSearchDocument.objects.using(using)
        .order_by(*ordering)
        .values_list("item_id", flat=True)
    )


def _sources(items):
    """SQL of the copied columns of these items, read from their own tables: (id, *COPIED)."""
    return items.order_by().values_list(*MatchedItem.SOURCES.values()).query.sql_with_params()


def _copy(items) -> None:
    select, params = _sources(items)
    columns = ", ".join(COPIED)
    copied = ", ".join(f"source.{column}" for column in COPIED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} AS row SET ({columns}) = ROW({copied}) FROM ({select}) AS source"
            f" ({', '.join(MatchedItem.SOURCES)}) WHERE row.item_id = source.id",
            params,
        )


def copy(case_ids) -> None:
    """Copy the columns afresh into the search rows of these cases' items."""
    if connection.vendor == "postgresql":
        _copy(DisputedItem.objects.filter(case__in=sorted(set(case_ids))))


def copy_all() -> None:
    """Copy every row's columns afresh (after a bulk load, or to repair) and put the rows in
    the order of their request category. The document index is made again after the copy
    (16 s at a million letters) rather than given an entry for every updated row."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {DOCUMENT_INDEX}")
        _copy(DisputedItem.objects.all())
        _cluster(cursor)
        cursor.execute(f"CREATE INDEX {DOCUMENT_INDEX} ON {TABLE} USING gin (document)")


def _cluster(cursor) -> None:
    # CLUSTER refuses to run while the transaction's deferred foreign-key checks of the
    # table wait (rows written earlier in it): they are made now instead of at commit.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"CLUSTER {TABLE} USING {ORDER_INDEX}")


def differences() -> dict:
    """{("search row", item id): (kept, read afresh)} for every item whose copied columns
    differ from its own tables' (kept None: the item has no search row)."""
    if connection.vendor != "postgresql":
        return {}
    select, params = _sources(DisputedItem.objects.all())
    kept = ", ".join(f"row.{column}" for column in COPIED)
    fresh = ", ".join(f"source.{column}" for column in COPIED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT source.id, row.item_id IS NOT NULL, ROW({kept}), ROW({fresh})"
            f" FROM ({select}) AS source ({', '.join(MatchedItem.SOURCES)})"
            f" LEFT JOIN {TABLE} AS row ON row.item_id = source.id"
            f" WHERE row.item_id IS NULL OR ROW({kept}) IS DISTINCT FROM ROW({fresh})",
            params,
        )
        return {
            ("search row", item_id): (kept_row if has_row else None, fresh_row)
            for item_id, has_row, kept_row, fresh_row in cursor.fetchall()
        }

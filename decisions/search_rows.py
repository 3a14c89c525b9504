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

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, connections
from django.db.models import OuterRef, TextField, Value
from django.db.models.functions import Cast, Concat

from decisions.models import DisputedItem, GuidelineCitation, ItemSearchDocument, MatchedItem
from decisions.querysets import DEFAULT_ITEM_ORDERING, MATCHED_ORDERINGS
from decisions.search import search_query

TABLE = ItemSearchDocument._meta.db_table
ORDER_INDEX = "item_search_order_idx"
# The GIN indexes of the rows (migrations 0015 and 0027) by the column they index, made
# again after a whole copy rather than given an entry for every updated row.
GIN_INDEXES = {"document": "item_search_document_gin", "cited_pages": "item_search_pages_gin"}


def page_key(guideline: str, page: int) -> str:
    return f"{guideline}:{page}"


def cited_page_keys():
    """An item's page keys (page_key) for every page its citations name, on either side,
    each once, sorted: as SQL over DisputedItem."""
    keys = (
        GuidelineCitation.objects.filter(item=OuterRef("pk"), pages__isnull=False)
        .values(
            key=Concat(
                "guideline_id",
                Value(":"),
                Cast("pages__page", TextField()),
                output_field=TextField(),
            )
        )
        .distinct()
        .order_by("key")
    )
    return ArraySubquery(keys)


# The columns a search copies into the matched items' table (found), and the cited pages,
# which the item list reads (citing_page_in_order): {column: its source over DisputedItem}.
SOURCES = {**MatchedItem.SOURCES, "cited_pages": cited_page_keys()}
FOUND = [column for column in MatchedItem.SOURCES if column != "id"]
COPIED = [column for column in SOURCES if column != "id"]


def found(text: str, using: str = "default"):
    """The search rows of the items a search finds: the columns of MatchedItem.SOURCES,
    in its order."""
    rows = ItemSearchDocument.objects.using(using).filter(document=search_query(text))
    return rows.order_by().values("item_id", *FOUND)


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


def citing_page_in_order(guideline: str, page: int, using: str = "default"):
    """The ids of the items whose citations name this page of this guideline, in the item
    list's default order, from the search rows' index of their cited pages
    (`item_search_pages_gin`, migration 0027): the 14,000 items citing MTUS Chronic Pain
    page 60 at a million letters are found and sorted, instead of walking the cases by date
    and testing each item's citations until 50 match (0.66% do). None on SQLite."""
    if connections[using].vendor != "postgresql":
        return None
    ordering = MATCHED_ORDERINGS[DEFAULT_ITEM_ORDERING]
    return (
        ItemSearchDocument.objects.using(using)
        .filter(cited_pages__contains=[page_key(guideline, page)])
        .order_by(*ordering)
        .values_list("item_id", flat=True)
    )


def _sources(items, sources=SOURCES):
    """SQL of the copied columns of these items, read from their own tables: (id, *COPIED)."""
    return items.order_by().values_list(*sources.values()).query.sql_with_params()


def _copy(items, sources=SOURCES) -> None:
    select, params = _sources(items, sources)
    copied_columns = [column for column in sources if column != "id"]
    columns = ", ".join(copied_columns)
    copied = ", ".join(f"source.{column}" for column in copied_columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} AS row SET ({columns}) = ROW({copied}) FROM ({select}) AS source"
            f" ({', '.join(sources)}) WHERE row.item_id = source.id",
            params,
        )


def copy(case_ids) -> None:
    """Copy the columns afresh into the search rows of these cases' items."""
    if connection.vendor == "postgresql":
        _copy(DisputedItem.objects.filter(case__in=sorted(set(case_ids))))


def copy_all(sources=SOURCES) -> None:
    """Copy every row's columns afresh (after a bulk load, or to repair) and put the rows in
    the order of their request category. The GIN indexes are made again after the copy
    (the documents' in 16 s at a million letters). `sources`: the columns to copy, fewer
    for a migration older than some of them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for index in GIN_INDEXES.values():
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
        _copy(DisputedItem.objects.all(), sources)
        _cluster(cursor)
        for column, index in GIN_INDEXES.items():
            if column == "document" or column in sources:
                cursor.execute(f"CREATE INDEX {index} ON {TABLE} USING gin ({column})")


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
            f" FROM ({select}) AS source ({', '.join(SOURCES)})"
            f" LEFT JOIN {TABLE} AS row ON row.item_id = source.id"
            f" WHERE row.item_id IS NULL OR ROW({kept}) IS DISTINCT FROM ROW({fresh})",
            params,
        )
        return {
            ("search row", item_id): (kept_row if has_row else None, fresh_row)
            for item_id, has_row, kept_row, fresh_row in cursor.fetchall()
        }

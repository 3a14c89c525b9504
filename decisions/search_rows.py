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
from django.db.models import OuterRef, Q, TextField, Value
from django.db.models.functions import Cast, Concat

from decisions.models import (
    DisputedItem,
    GuidelineCitation,
    ItemSearchDocument,
    MatchedItem,
    ReviewerLicense,
    ReviewerSpecialty,
)
from decisions.querysets import DEFAULT_ITEM_ORDERING, MATCHED_ORDERINGS, in_years
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
# which the item list reads (in_order): {column: its source over DisputedItem}.
SOURCES = {**MatchedItem.SOURCES, "cited_pages": cited_page_keys()}


def _copied(sources) -> list[str]:
    """The columns of these sources copied beside the item's id."""
    return [column for column in sources if column != "id"]


FOUND = _copied(MatchedItem.SOURCES)
COPIED = _copied(SOURCES)


def found(text: str, using: str = "default"):
    """The search rows of the items a search finds: the columns of MatchedItem.SOURCES,
    in its order."""
    rows = ItemSearchDocument.objects.using(using).filter(document=search_query(text))
    return rows.order_by().values("item_id", *FOUND)


def _citing(chosen: dict) -> Q | None:
    """The rows whose cited keys answer the citation filters: a guideline, or a guideline
    and its pages (some key "guideline:page" of one citation); None for a page of any
    guideline, or another citation filter."""
    guidelines, pages = chosen.pop("guideline", []), chosen.pop("guideline_page", [])
    if not pages:
        return Q(cited_guidelines__overlap=guidelines) if guidelines else Q()
    if not guidelines:
        return None
    keys = [page_key(guideline, page) for guideline in guidelines for page in pages]
    return Q(cited_pages__overlap=keys)


def _reviewers(model, **lookups):
    return model.objects.filter(**lookups).values("reviewer_id")


# The item list's filters the rows hold, each as a condition on them: {parameter: its
# chosen values -> Q}, the same items as the filter's own (decisions/querysets.py).
ROW_FILTERS = {
    "outcome": lambda picked: Q(outcome__in=picked),
    "category": lambda picked: Q(category__in=picked),
    "subcategory": lambda picked: Q(subcategory__in=picked),
    "year": lambda picked: in_years("decision_date", picked),
    "specialty": lambda picked: Q(
        reviewer_id__in=_reviewers(ReviewerSpecialty, specialty__name__in=picked)
    ),
    "state": lambda picked: Q(reviewer_id__in=_reviewers(ReviewerLicense, state__in=picked)),
}


def in_order(chosen: dict[str, list], using: str = "default"):
    """The ids of the items under these filters ({parameter: its chosen values}, as
    tallies.chosen_filters gives them) in the item list's default order, from the search
    rows' index of that order, which carries the columns of ROW_FILTERS and the cited keys
    (`item_search_decided_idx`, migration 0027): the first 50 overturned items of
    reviewers in Pain Management at a million letters are its first 5,400 entries (3-4
    ms, against 23 ms walking the cases by date and each item's reviewer), those citing
    MTUS Chronic Pain page 60 its first 5,700 (against 83-90 ms through each item's
    citations). For a page seldom cited the planner takes the GIN index of the cited
    pages, and sorts its few items. None on SQLite, and for any other filter."""
    if connections[using].vendor != "postgresql":
        return None
    chosen = dict(chosen)
    conditions = _citing(chosen)
    if conditions is None or not chosen.keys() <= ROW_FILTERS.keys():
        return None
    for name, picked in chosen.items():
        conditions &= ROW_FILTERS[name](picked)
    ordering = MATCHED_ORDERINGS[DEFAULT_ITEM_ORDERING]
    return (
        ItemSearchDocument.objects.using(using)
        .filter(conditions)
        .order_by(*ordering)
        .values_list("item_id", flat=True)
    )


def _sources(items, sources=SOURCES):
    """SQL of the copied columns of these items, read from their own tables: (id, *COPIED)."""
    return items.order_by().values_list(*sources.values()).query.sql_with_params()


def _copy(items, sources=SOURCES) -> None:
    select, params = _sources(items, sources)
    copied_columns = _copied(sources)
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

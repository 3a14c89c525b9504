"""Datasette-shaped facet counts for the item browser.

Each facet counts items under every current filter except its own parameter, so that an
analyst sees the alternatives to what is selected. Most read the Tally rows. The others
are counted from the items; on PostgreSQL the matching items are found once (a search, a
citation filter) into a temporary table (`matching()`), which every facet not filtered on
its own parameter then reads, instead of each facet running the search again, and so do
the page's summary and its ids (decisions/site/pages/items.py); the table holds the
columns of the item and its case the facets count and the list is ordered by, and the
guidelines and sections its citations name (MatchedItem, from ItemCitedKeys), so that the
facets read it alone, or (under another citation parameter) it and the citations. A
search copies it from the search rows it finds (decisions/search_rows.py), which hold
those columns beside each document. The facets of the table's own columns are counted
together, by one query. The facets run in one transaction under `SET LOCAL
statement_timeout` (and a larger `work_mem`), each query in a savepoint: a facet that runs
out of time is reported as timed out and the page still renders.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import DatabaseError, connections, transaction
from django.db.models import Case, Count, F, TextField, Value, When
from django.db.models.functions import Lower
from psycopg.errors import QueryCanceled

from decisions import search, search_rows
from decisions.models import GuidelineCitation, MatchedItem, ReviewerLicense, ReviewerSpecialty
from decisions.site.item_filter import DisputedItemFilter
from decisions.site.parameters import FACETS, FILTERS, Parameter, citation_conditions, values
from decisions.site.tallies import is_tallied, tallied_facet, usual_spellings

FACET_SIZE = 10


@dataclass
class FacetResult:
    name: str
    values: list[dict] = field(default_factory=list)  # [{"value": ..., "count": N}, ...]
    timed_out: bool = False


def grouped_counts(items, row: Parameter, cleaned_data):
    """Items counted by the values of one facet, largest first.

    A citation facet counts only the citations that match every other citation parameter:
    one filter() call, so that all the conditions hold for the same citation, the one whose
    guideline, page or section is counted (Django reuses that join), and each item counts
    once per value.
    """
    if row.filters_by_citation:
        items = items.filter(**citation_conditions(cleaned_data, "citations__", row.name))
    return _counted(
        items.order_by().values(value=row.facet), Count("pk", distinct=row.filters_by_citation), row
    )


def _counted(values, count, row: Parameter):
    """Rows {"value", "count"} of values(value=...), largest first, blank values left out."""
    grouped = values.annotate(count=count).exclude(value__isnull=True)
    if not isinstance(row.value_field, forms.IntegerField):
        grouped = grouped.exclude(value="")
    # Ordered by count even for years: ordered by year, PostgreSQL may walk every case in
    # year order and test each item against a search instead of using the GIN index.
    return grouped.order_by("-count", "value")


def facets_to_show(cleaned_data) -> list[Parameter]:
    """Pages are pages of a guideline, subcategories of a category: they wait for it."""
    return [row for row in FACETS if not row.facet_refines or cleaned_data.get(row.facet_refines)]


def _selected_first(grouped, selected):
    """The selected values make the cut with their counts, however small."""
    if not selected:
        return grouped
    first = Case(When(value__in=selected, then=Value(0)), default=Value(1))
    return grouped.order_by(first, "-count", "value")


def facet_counts(query, cleaned_data, matched=None, size=FACET_SIZE) -> dict[str, FacetResult]:
    """Counts for every facet to show, each under the filters in `query` minus its own:
    from the Tally rows when the filter allows, else from the items under a time limit.
    `matched`: on PostgreSQL, the items of `query` as matching() gives them; the facets
    that would read it are reported timed out when it is None."""
    results, from_items = {}, []
    for row in facets_to_show(cleaned_data):
        tallied = tallied_facet(row.name, cleaned_data)
        if tallied is None:
            from_items.append(row)
            continue
        selected = row.matched_values(cleaned_data.get(row.name))
        results[row.name] = FacetResult(row.name, list(_selected_first(tallied, selected)[:size]))
    if from_items:
        results |= _counted_from_items(from_items, query, cleaned_data, matched, size)
    for row in facets_to_show(cleaned_data):
        result = results[row.name]
        if row.case_insensitive:  # grouped by lower(); shown in the usual spelling
            spellings = usual_spellings(entry["value"] for entry in result.values)
            for entry in result.values:
                entry["value"] = spellings.get(entry["value"], entry["value"])
        if row.facet_by_value:
            result.values.sort(key=lambda entry: entry["value"], reverse=True)
        else:
            result.values.sort(key=lambda entry: (-entry["count"], entry["value"]))
    return results


def _reads_matched(row, query) -> bool:
    """A facet filtered on its own parameter counts the items without that filter instead."""
    return row.name not in query


# About as many matching items as the table takes in FACET_TIME_LIMIT_MS's 1.5 s at a
# million letters (4-5 us an item: 75,000 in 0.35 s): more are not tried.
MATCHED_TABLE_MOST_ITEMS = 300_000


@contextmanager
def matching(items, query, cleaned_data, known_count: int | None = None):
    """The block's view of the matching items on PostgreSQL: a temporary table of them
    (MatchedItem rows), made once for the summary, the page's rows and the facets, when a
    count cannot come from the Tally rows; the block runs in one transaction, at whose end
    the table goes. Yields None on SQLite, when every count is tallied, and when the table
    is not made within FACET_TIME_LIMIT_MS (the counts then come from the items). With
    the number of matching items known (from the Tally rows), more than
    MATCHED_TABLE_MOST_ITEMS are not tried: the page does not wait 1.5 s to learn that."""
    facets_from_items = [
        row
        for row in facets_to_show(cleaned_data)
        if not is_tallied(cleaned_data, row.name) and _reads_matched(row, query)
    ]
    needed = bool(facets_from_items) or not is_tallied(cleaned_data)
    too_many = known_count is not None and known_count > MATCHED_TABLE_MOST_ITEMS
    if connections[items.db].vendor != "postgresql" or not needed or too_many:
        yield None
        return
    reads_keys = any(_counts_cited_keys(row, cleaned_data) for row in facets_from_items)
    with transaction.atomic(using=items.db):
        yield _matched_items_table(_rows_to_copy(items, query, cleaned_data, reads_keys))


def _counted_from_items(rows, query, cleaned_data, matched, size) -> dict[str, FacetResult]:
    items = DisputedItemFilter(query).qs
    if connections[items.db].vendor != "postgresql":
        return {row.name: _grouped(row, query, cleaned_data, size) for row in rows}
    own_filter_left_out = [row for row in rows if not _reads_matched(row, query)]
    from_table = [row for row in rows if _reads_matched(row, query)]
    if matched is None:
        results = {row.name: FacetResult(row.name, timed_out=True) for row in from_table}
        from_table = []
    else:
        results = {}
    by_column = [row for row in from_table if row.name in COLUMN_FACETS]
    with facet_limits(items.db):
        if by_column:
            results |= _within_time(
                by_column, items.db, _column_facets, matched, by_column, cleaned_data, size
            )
        for row in [*own_filter_left_out, *(row for row in from_table if row not in by_column)]:
            source = matched if row in from_table else None
            results |= _within_time(
                [row], items.db, _grouped, row, query, cleaned_data, size, source
            )
    return results


def _within_time(rows, using, count, *args) -> dict[str, FacetResult]:
    """The facets of these rows, count(*args) (a FacetResult, or {name: FacetResult}), in a
    savepoint: if a statement runs out of time, they are reported as timed out, and the
    others go on."""
    try:
        with transaction.atomic(using=using):
            counted = count(*args)
    except DatabaseError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return {row.name: FacetResult(row.name, timed_out=True) for row in rows}
    return counted if isinstance(counted, dict) else {counted.name: counted}


# The facets of the MatchedItem rows' own columns, each the SQL of its value, all counted
# in one read of the table (_column_facets). A reviewer facet counts by reviewer first.
COLUMN_FACETS = {
    "outcome": "outcome",
    "year": "EXTRACT(YEAR FROM decision_date)::integer",
    "category": "category",
    "subcategory": "subcategory",
    "specialty": "reviewer_id",
    "state": "reviewer_id",
}
# What a reviewer facet sums the reviewers' counts under: (reviewer id, value) once each,
# with blanks left out, so that an item counts once under each value its reviewer holds.
REVIEWER_FACETS = {
    "specialty": lambda: ReviewerSpecialty.objects.exclude(specialty__name="").values_list(
        "reviewer_id", "specialty__name"
    ),
    "state": lambda: ReviewerLicense.objects.exclude(state="").values_list("reviewer_id", "state"),
}
CITED_FACETS = {
    "guideline": F("guideline_id"),
    "guideline_page": F("pages__page"),
    "section": Lower("sections__name"),
}


# With no other citation parameter set, an item counts once under each guideline (section)
# any of its citations names: its ItemCitedKeys, copied into the table.
CITED_KEY_COLUMNS = {"guideline": "cited_guidelines", "section": "cited_sections"}


def _counted_keys(matched, column: str, selected: list, size: int) -> list[dict]:
    """The largest values of one cited-keys column of the MatchedItem rows (a few
    thousand values at most, cut in Python as the column facets are)."""
    table = MatchedItem._meta.db_table
    with connections[matched.db].cursor() as cursor:
        # The function in the select list (a ProjectSet), not joined laterally: 30% faster.
        cursor.execute(f"SELECT unnest({column}), COUNT(*) FROM {table} GROUP BY 1")
        return _largest(Counter(dict(cursor.fetchall())), selected, size)


def _column_facets(matched, rows, cleaned_data, size) -> dict[str, FacetResult]:
    """The facets of these rows (COLUMN_FACETS) over the MatchedItem rows, from one query:
    the table grouped by each column once (GROUPING SETS), instead of a read of its 75,000
    rows for each facet."""
    columns = list(dict.fromkeys(COLUMN_FACETS[row.name] for row in rows))
    listed = ", ".join(columns)
    table = MatchedItem._meta.db_table
    counts = {column: Counter() for column in columns}
    with connections[matched.db].cursor() as cursor:
        cursor.execute(
            f"SELECT GROUPING({listed}), {listed}, COUNT(*) FROM {table}"
            f" GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns)})"
        )
        for grouping, *values, count in cursor.fetchall():
            # GROUPING() sets the bit of each column the row is not grouped by.
            grouped = next(
                index
                for index in range(len(columns))
                if not grouping >> (len(columns) - 1 - index) & 1
            )
            counts[columns[grouped]][values[grouped]] = count
    results = {}
    for row in rows:
        counted = counts[COLUMN_FACETS[row.name]]
        if row.name in REVIEWER_FACETS:
            counted = _summed_by_reviewer(row, counted)
        selected = row.matched_values(cleaned_data.get(row.name)) or []
        results[row.name] = FacetResult(row.name, _largest(counted, selected, size))
    return results


def _summed_by_reviewer(row, per_reviewer: Counter) -> Counter:
    """Each value of a reviewer facet: the sum of the counts of the reviewers who hold it.
    Every reviewer's values are read (a few thousand rows): naming the reviewers counted
    (hundreds) costs Django more than the rows do."""
    summed = Counter()
    for reviewer_id, value in REVIEWER_FACETS[row.name]().order_by().distinct():
        if reviewer_id in per_reviewer:
            summed[value] += per_reviewer[reviewer_id]
    return summed


def _largest(counted: Counter, selected, size) -> list[dict]:
    """Rows {"value", "count"}, blank values left out, the selected first (as
    _selected_first orders them), then largest."""
    kept = [(value, count) for value, count in counted.items() if value not in (None, "")]
    kept.sort(key=lambda pair: (pair[0] not in selected, -pair[1], pair[0]))
    return [{"value": value, "count": count} for value, count in kept[:size]]


def _counts_cited_keys(row, cleaned_data) -> bool:
    return row.name in CITED_KEY_COLUMNS and not citation_conditions(cleaned_data, "", row.name)


def _rows_to_copy(items, query, cleaned_data, with_cited_keys: bool):
    """The query of the matched items' table's columns (MatchedItem.SOURCES). A search
    reads the search rows it finds, which hold them all (decisions/search_rows.py), narrowed
    to the items of the other filters when there are some; any other filter reads its items'
    own columns and their case's, and their cited keys only when a facet counts them (an
    index lookup an item): NULL otherwise."""
    text = (cleaned_data.get("q") or "").strip()
    if search.has_searchable_words(text):
        rows = search_rows.found(text, using=items.db)
        if any(values(cleaned_data, row.name) for row in FILTERS if row.name != "q"):
            others = query.copy()
            others.pop("q")
            rows = rows.filter(item__in=DisputedItemFilter(others).qs.order_by().values("pk"))
        return rows
    sources = dict(MatchedItem.SOURCES)
    if not with_cited_keys:
        for column in CITED_KEY_COLUMNS.values():
            sources[column] = Value(None, ArrayField(TextField()))
    return items.order_by().values_list(*sources.values())


def _matched_items_table(rows):
    """The rows (_rows_to_copy), with the columns of their case the facets count and the
    page orders by, in a temporary table (dropped at the end of the transaction), as
    MatchedItem rows; None if it takes longer than FACET_TIME_LIMIT_MS."""
    table = MatchedItem._meta.db_table
    rows_sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {int(settings.FACET_TIME_LIMIT_MS)}")
        try:
            with transaction.atomic(using=rows.db):  # a savepoint: a timeout costs the table
                cursor.execute(f"DROP TABLE IF EXISTS {table}")  # a test's savepoints keep it
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {table} ({', '.join(MatchedItem.SOURCES)})"
                    f" ON COMMIT DROP AS {rows_sql}",
                    params,
                )
                # Not analysed: the planner reads its size off its pages, and the plans of
                # the citation facets that join it were no better with ANALYZE's (20-40 ms).
        except DatabaseError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
            return None
        finally:
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
    return MatchedItem.objects.using(rows.db)


def _grouped(row, query, cleaned_data, size, matched=None) -> FacetResult:
    """One facet counted from the items: those in `matched` (MatchedItem rows), or those
    under `query` less the facet's own parameter."""
    selected = row.matched_values(cleaned_data.get(row.name)) or []
    if matched is None:
        without_own = query.copy()
        without_own.pop(row.name, None)
        grouped = grouped_counts(DisputedItemFilter(without_own).qs, row, cleaned_data)
    elif _counts_cited_keys(row, cleaned_data):
        column = CITED_KEY_COLUMNS[row.name]
        return FacetResult(row.name, _counted_keys(matched, column, selected, size))
    elif row.filters_by_citation:
        # The citations that match every other citation parameter, as grouped_counts has it.
        cited = GuidelineCitation.objects.using(matched.db).filter(
            item_id__in=matched.values("pk"), **citation_conditions(cleaned_data, "", row.name)
        )
        grouped = _counted(
            cited.values(value=CITED_FACETS[row.name]), Count("item", distinct=True), row
        )
    else:
        raise ValueError(f"{row.name}: counted with the other columns (_column_facets)")
    return FacetResult(row.name, list(_selected_first(grouped, selected)[:size]))


@contextmanager
def facet_limits(using: str, time_limit: bool = True):
    """A transaction whose statements stop after FACET_TIME_LIMIT_MS (PostgreSQL)."""
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            if time_limit:
                limit_ms = int(settings.FACET_TIME_LIMIT_MS)
                cursor.execute(f"SET LOCAL statement_timeout = {limit_ms}")
            # Grouped counts sort; enough memory keeps those sorts off the disk.
            cursor.execute("SET LOCAL work_mem = %s", [settings.FACET_WORK_MEM])
        yield

"""EXPLAIN ANALYZE of the item browser's queries for one query string (docs/query-plans.md)."""

from django.db import connections
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from decisions import search
from decisions.site.facets import facet_limits, facets_to_show, grouped_counts
from decisions.site.item_filter import DisputedItemFilter


def _explain_sql(connection, sql, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    return _explain_sql(connections[queryset.db], sql, params)


def _explain_summary(items) -> str:
    """summary() ends in aggregate(), which returns numbers: explain the SQL it ran."""
    connection = connections[items.db]
    with CaptureQueriesContext(connection) as captured:
        items.summary()
    return _explain_sql(connection, captured.captured_queries[-1]["sql"])


def item_query_plans(query_string: str) -> list[tuple[str, str]]:
    """(label, plan) for the summary, the first page of rows and every facet shown."""
    query = QueryDict(query_string)
    filterset = DisputedItemFilter(query)
    if not filterset.is_valid():
        raise ValueError(filterset.errors.as_text())
    items = filterset.qs
    cleaned = filterset.form.cleaned_data
    vendor = connections[items.db].vendor
    rows = search.with_headlines(items.with_case(), filterset.search_text, vendor)
    plans = [
        ("summary (count, upheld, overturned)", _explain_summary(items)),
        ("first page of rows", _explain(rows[: filterset.items_per_page])),
    ]
    for row in facets_to_show(cleaned):
        without_own = query.copy()
        without_own.pop(row.name, None)
        grouped = grouped_counts(DisputedItemFilter(without_own).qs, row, cleaned)
        with facet_limits(grouped.db, time_limit=False):  # the whole plan, however slow
            plans.append((f"facet {row.name}", _explain(grouped[:10])))
    return plans

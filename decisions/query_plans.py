"""EXPLAIN ANALYZE of the item browser's queries for one query string (docs/query-plans.md)."""

from django.db import connections
from django.http import QueryDict

from . import search
from .facets import FACETS, facet_limits, facets_to_show
from .filters import DisputedItemFilter


def _explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def item_query_plans(query_string: str) -> list[tuple[str, str]]:
    """(label, plan) for the summary, the first page of rows and every facet shown."""
    query = QueryDict(query_string)
    filterset = DisputedItemFilter(query)
    if not filterset.is_valid():
        raise ValueError(filterset.errors.as_text())
    items = filterset.qs
    cleaned = filterset.form.cleaned_data
    summary = items.order_by().values("outcome")  # the aggregate's FROM/WHERE, grouped
    vendor = connections[items.db].vendor
    rows = search.with_headlines(items.with_case(), filterset.search_text, vendor)
    plans = [
        ("summary (counts by outcome)", _explain(summary)),
        ("first page of rows", _explain(rows[: filterset.items_per_page])),
    ]
    for name in facets_to_show(cleaned):
        without_own = query.copy()
        without_own.pop(name, None)
        grouped = FACETS[name](DisputedItemFilter(without_own).qs, cleaned)
        with facet_limits(grouped.db):
            plans.append((f"facet {name}", _explain(grouped[:10])))
    return plans

"""Datasette-shaped facet counts for the item browser.

Each facet counts items under every current filter except its own parameter, so that an
analyst sees the alternatives to what is selected. On PostgreSQL each facet query runs in
its own transaction under `SET LOCAL statement_timeout` (and a larger `work_mem`); a facet
that runs out of time is reported as timed out and the page still renders.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Case, Count, Value, When
from psycopg.errors import QueryCanceled

from decisions.site.item_filter import DisputedItemFilter
from decisions.site.parameters import FACETS, Parameter, citation_conditions
from decisions.site.tallies import tallied_facet, usual_spellings

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
    grouped = (
        items.order_by()
        .values(value=row.facet)
        .annotate(count=Count("pk", distinct=row.filters_by_citation))
        .exclude(value__isnull=True)
    )
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


def facet_counts(query, cleaned_data, size=FACET_SIZE) -> dict[str, FacetResult]:
    """Counts for every facet to show, each under the filters in `query` minus its own:
    from the Tally rows when the filter allows, else from the items under a time limit."""
    results = {}
    for row in facets_to_show(cleaned_data):
        selected = row.matched_values(cleaned_data.get(row.name))
        tallied = tallied_facet(row.name, cleaned_data)
        if tallied is not None:
            result = FacetResult(row.name, list(_selected_first(tallied, selected)[:size]))
        else:
            without_own = query.copy()
            without_own.pop(row.name, None)
            items = DisputedItemFilter(without_own).qs
            grouped = _selected_first(grouped_counts(items, row, cleaned_data), selected)
            result = _run_with_time_limit(row.name, grouped, size)
        if row.case_insensitive:  # grouped by lower(); shown in the usual spelling
            spellings = usual_spellings(entry["value"] for entry in result.values)
            for entry in result.values:
                entry["value"] = spellings.get(entry["value"], entry["value"])
        if row.facet_by_value:
            result.values.sort(key=lambda entry: entry["value"], reverse=True)
        else:
            result.values.sort(key=lambda entry: (-entry["count"], entry["value"]))
        results[row.name] = result
    return results


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


def _run_with_time_limit(name, grouped, size) -> FacetResult:
    if connections[grouped.db].vendor != "postgresql":
        return FacetResult(name, list(grouped[:size]))
    try:
        with facet_limits(grouped.db):
            return FacetResult(name, list(grouped[:size]))
    except DatabaseError as error:
        # statement_timeout cancels the query; the atomic block has rolled it back.
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return FacetResult(name, timed_out=True)

"""Datasette-shaped facet counts for the item browser.

Each facet counts items under every current filter except its own parameter, so that an
analyst sees the alternatives to what is selected. On PostgreSQL each facet query runs in
its own transaction under `SET LOCAL statement_timeout` (and a larger `work_mem`); a facet
that runs out of time is reported as timed out and the page still renders.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Case, Count, F, Value, When
from django.db.models.functions import ExtractYear
from psycopg.errors import QueryCanceled

from decisions.querysets import SECTION_KEY, most_printed_spellings, section_keys
from decisions.site.item_filter import DisputedItemFilter

FACET_SIZE = 10


@dataclass
class FacetResult:
    name: str
    values: list[dict] = field(default_factory=list)  # [{"value": ..., "count": N}, ...]
    timed_out: bool = False


def _grouped(items, value_expression, distinct=False, text=True):
    grouped = (
        items.order_by()
        .values(value=value_expression)
        .annotate(count=Count("pk", distinct=distinct))
        .exclude(value__isnull=True)
    )
    if text:
        grouped = grouped.exclude(value="")
    return grouped.order_by("-count", "value")


def _outcome(items, data):
    return _grouped(items, F("outcome"))


def _specialty(items, data):
    return _grouped(items, F("case__reviewer__specialty_links__specialty__name"))


def _state(items, data):
    return _grouped(items, F("case__reviewer__licenses__state"))


def _year(items, data):
    # Ordered by count like the others: ordered by year, PostgreSQL may walk every case in
    # year order and test each item against a search instead of using the GIN index.
    return _grouped(items, ExtractYear("case__decision_date"), text=False)


# Citation parameters -> the lookup that restricts the citation join to their values.
CITATION_LOOKUPS = {
    "guideline": "citations__guideline_id__in",
    "guideline_page": "citations__pages__page__in",
    "section": "citations__sections__name__lower__in",
    "cited_by": "citations__cited_by",
}


def _matching_citations(items, data, own: str):
    """Join each item to its citations that match every citation parameter but `own`.

    One filter() call, so that all the conditions hold for the same citation, the one whose
    guideline, page or section the facet then counts (Django reuses that join).
    """
    conditions = {
        lookup: _matched_values(name, data[name])
        for name, lookup in CITATION_LOOKUPS.items()
        if name != own and data.get(name)
    }
    return items.filter(**conditions) if conditions else items


def _guideline(items, data):
    items = _matching_citations(items, data, own="guideline")
    return _grouped(items, F("citations__guideline_id"), distinct=True)


def _guideline_page(items, data):
    items = _matching_citations(items, data, own="guideline_page")
    return _grouped(items, F("citations__pages__page"), distinct=True, text=False)


def _section(items, data):
    # Grouped by the name whatever its capitals; facet_counts shows the usual spelling.
    items = _matching_citations(items, data, own="section")
    return _grouped(items, SECTION_KEY, distinct=True)


def _matched_values(name, values):
    """What a parameter's values are compared with: sections whatever their capitals."""
    return section_keys(values) if name == "section" and values else values


def _category(items, data):
    return _grouped(items, F("category"))


def _subcategory(items, data):
    return _grouped(items, F("subcategory"))


# Facet name (= its query parameter) -> the grouped query over the items it counts.
FACETS = {
    "outcome": _outcome,
    "category": _category,
    "subcategory": _subcategory,
    "specialty": _specialty,
    "guideline": _guideline,
    "guideline_page": _guideline_page,
    "section": _section,
    "state": _state,
    "year": _year,
}


# Facets that refine another: shown once a value of that other one is selected.
REFINES = {"guideline_page": "guideline", "subcategory": "category"}


def facets_to_show(cleaned_data) -> list[str]:
    """Pages are pages of a guideline, subcategories of a category: they wait for it."""
    return [name for name in FACETS if name not in REFINES or cleaned_data.get(REFINES[name])]


def _selected_first(grouped, selected):
    """The selected values make the cut with their counts, however small."""
    if not selected:
        return grouped
    first = Case(When(value__in=selected, then=Value(0)), default=Value(1))
    return grouped.order_by(first, "-count", "value")


# Facets shown in the order of their values rather than by count.
SHOWN_BY_VALUE_DESCENDING = {"year"}


def facet_counts(query, cleaned_data, size=FACET_SIZE) -> dict[str, FacetResult]:
    """Counts for every facet to show, each under the filters in `query` minus its own."""
    results = {}
    for name in facets_to_show(cleaned_data):
        without_own = query.copy()
        without_own.pop(name, None)
        items = DisputedItemFilter(without_own).qs
        selected = _matched_values(name, cleaned_data.get(name))
        grouped = _selected_first(FACETS[name](items, cleaned_data), selected)
        result = _run_with_time_limit(name, grouped, size)
        if name == "section":
            spellings = most_printed_spellings(entry["value"] for entry in result.values)
            for entry in result.values:
                entry["value"] = spellings.get(entry["value"], entry["value"])
        if name in SHOWN_BY_VALUE_DESCENDING:
            result.values.sort(key=lambda entry: entry["value"], reverse=True)
        else:
            result.values.sort(key=lambda entry: (-entry["count"], entry["value"]))
        results[name] = result
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

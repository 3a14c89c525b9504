"""Counts read from the Tally rows (decisions/summaries.py) whenever a filter allows it.

A filter made only of outcomes, years, categories, subcategories and at most one specialty
and one licence state selects rows of one grouping exactly: each item is in those rows
once. Anything else (dates, patients, text, citation parameters, two specialties at once,
which one reviewer may both hold) is counted from the items themselves.
"""

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from decisions.models import Tally
from decisions.querysets import rate
from decisions.site.parameters import FILTERS, values
from decisions.summaries import (
    BROWSER_GROUPINGS,
    DEFAULTS,
    GROUPINGS,
    ONE_PER_ITEM,
    STATISTICS_GROUPINGS,
)

# Parameters a Tally row can be filtered on -> the lookup.
ROUTED = {
    "outcome": "outcome__in",
    "year": "year__in",
    "category": "category__in",
    "subcategory": "subcategory__in",
    "specialty": "specialty",
    "state": "state",
}
REVIEWER_ATTRIBUTES = ("specialty", "state")
# Groupings of one column: a row for each of its values.
ONE_ROW_A_VALUE = {
    grouping.name: grouping.columns[0] for grouping in GROUPINGS if len(grouping.columns) == 1
}
CITED = ("guideline", "section")


def chosen_filters(cleaned_data, leave_out: str | None = None) -> dict[str, list]:
    """{parameter: its chosen values} for every filter set, but `leave_out`."""
    chosen = {row.name: values(cleaned_data, row.name) for row in FILTERS}
    return {name: picked for name, picked in chosen.items() if picked and name != leave_out}


def grouping_for(cleaned_data, counted_by: str | None = None) -> tuple[str, dict] | None:
    """(the grouping, the filter on its rows) that counts the items under `cleaned_data`,
    less the filter of `counted_by`, by `counted_by`'s values; None when no grouping can."""
    if counted_by is not None and counted_by not in (*ROUTED, *CITED):
        return None
    return _holding(cleaned_data, counted_by, BROWSER_GROUPINGS)


def _holding(cleaned_data, counted_by: str | None, groupings) -> tuple[str, dict] | None:
    """The smallest of `groupings` whose rows hold the filter (less `counted_by`'s) and
    count by `counted_by`, with the filter on its rows; None when none does."""
    selected = chosen_filters(cleaned_data, leave_out=counted_by)
    if any(name not in ROUTED for name in selected):
        return None
    if any(len(selected.get(name, ())) > 1 for name in REVIEWER_ATTRIBUTES):
        return None
    needed = set(selected) | ({counted_by} if counted_by else set())
    for grouping in sorted(groupings, key=lambda grouping: len(grouping.columns)):
        columns = set(grouping.columns)
        # Summed over columns an item has one value of, rows count each item once; over any
        # other column (a second specialty, a guideline) they would count it once per value.
        if needed <= columns and columns - needed <= ONE_PER_ITEM:
            lookups = {
                ROUTED[name]: chosen if ROUTED[name].endswith("__in") else chosen[0]
                for name, chosen in selected.items()
            }
            return grouping.name, lookups
    return None


def _browser_grouping(cleaned_data, counted_by: str | None = None) -> tuple[str, dict] | None:
    """The grouping (and the filter on its rows) that holds the item browser's count under
    this filter: counted whole (`counted_by` None, the summary) or by one facet's values."""
    return grouping_for(cleaned_data, counted_by) or cited_grouping_for(cleaned_data, counted_by)


def is_tallied(cleaned_data, counted_by: str | None = None) -> bool:
    return _browser_grouping(cleaned_data, counted_by) is not None


def tallied_summary(cleaned_data) -> dict | None:
    """{"count", "upheld", "overturned", "overturn_rate"}, or None when not tallied."""
    found = _browser_grouping(cleaned_data)
    if found is None:
        return None
    grouping, lookups = found
    by_outcome = dict(
        Tally.objects.filter(grouping=grouping, **lookups)
        .values_list("outcome")
        .annotate(items=Sum("count"))
        .order_by()
    )
    upheld, overturned = by_outcome.get("upheld", 0), by_outcome.get("overturned", 0)
    count = upheld + overturned
    return {
        "count": count,
        "upheld": upheld,
        "overturned": overturned,
        "overturn_rate": rate(overturned, count),
    }


def tallied_facet(name: str, cleaned_data):
    """Rows {"value", "count"} of a facet, largest first, or None when not tallied."""
    found = _browser_grouping(cleaned_data, name)
    if found is None:
        return None
    grouping, lookups = found
    if name == "guideline_page":
        name = "page"
    rows = Tally.objects.filter(grouping=grouping, **lookups).exclude(
        **{name: DEFAULTS[name]}  # no decision date, no category
    )
    if ONE_ROW_A_VALUE.get(grouping) == name and not lookups:
        # The largest rows straight from the (grouping, count) index: the unfiltered
        # section facet reads 10 rows where summing read all 33,000 at a million letters.
        return rows.values("count", value=F(name)).order_by("-count", "value")
    return rows.values(value=F(name)).annotate(count=Sum("count")).order_by("-count", "value")


def cited_grouping_for(cleaned_data, counted_by: str | None = None) -> tuple[str, dict] | None:
    """The items citing one guideline (at one page), counted whole (`counted_by` None) or by
    page; or counted by guideline under at most one page (with any outcome and side): the
    "cited page" rows count each item once per guideline and page one of its citations
    holds (the "cited guideline" rows once per guideline), which is what one citation
    matching all the citation parameters selects. With two
    guidelines or two pages chosen, or pages of no one guideline, an item could be in two
    rows: not tallied."""
    if counted_by not in (None, "guideline", "guideline_page"):
        return None
    selected = chosen_filters(cleaned_data, leave_out=counted_by)
    if set(selected) - {"outcome", "guideline", "guideline_page", "cited_by"}:
        return None
    if any(len(chosen) > 1 for name, chosen in selected.items() if name != "outcome"):
        return None
    if counted_by != "guideline" and "guideline" not in selected:
        return None
    lookups = {"outcome__in": selected["outcome"]} if "outcome" in selected else {}
    if "guideline" in selected:
        lookups["guideline"] = selected["guideline"][0]
    grouping = "cited guideline"
    if counted_by == "guideline_page" or "guideline_page" in selected:
        grouping = "cited page"
    if "guideline_page" in selected:
        lookups["page"] = selected["guideline_page"][0]
    if "cited_by" in selected:
        return f"{grouping} by side", {**lookups, "side": selected["cited_by"][0]}
    return grouping, lookups


def _by_outcome(rows) -> list[dict]:
    """Grouped Tally rows with "items" and "overturned" (what /stats/ rates are made of)."""
    return list(
        rows.annotate(
            items=Sum("count"),
            overturned=Coalesce(Sum("count", filter=Q(outcome="overturned")), 0),
        )
    )


def tallied_category_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"category", "items", "overturned"} under the whole filter, or None.
    An item has one category, so the rows that hold the filter count each item once."""
    found = grouping_for(cleaned_data, "category")
    if found is None:
        return None
    grouping, lookups = found
    if categories := values(cleaned_data, "category"):
        lookups = {**lookups, "category__in": categories}
    return _by_outcome(
        Tally.objects.filter(grouping=grouping, **lookups).values("category").order_by()
    )


def tallied_specialty_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"name", "items", "overturned"}, an item once under each certification
    of its reviewer; None under a specialty filter (its items' other certifications count
    too, which the rows of the chosen specialty do not hold) or one no grouping holds."""
    if values(cleaned_data, "specialty"):
        return None
    found = grouping_for(cleaned_data, "specialty")
    if found is None:
        return None
    grouping, lookups = found
    rows = Tally.objects.filter(grouping=grouping, **lookups).exclude(specialty="")
    return _by_outcome(rows.values(name=F("specialty")).order_by())


def tallied_guideline_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"side", "key" (the guideline), "items", "overturned"}: an item once under
    each guideline a side cited, as the "cited guideline by side" rows count it; only
    under a filter of outcomes at most (those rows have no other column)."""
    rows = _rows_under_one_filter(cleaned_data, "cited guideline by side", "outcome")
    if rows is None:
        return None
    return _by_outcome(rows.values("side", key=F("guideline")).order_by())


def tallied_month_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"year", "month" (0 0: no decision date), "items", "overturned"}."""
    return _statistics_rates(cleaned_data, "month", ("year", "month"))


def tallied_agreement_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"agreement", "items", "overturned"} (summaries.agreement_of)."""
    return _statistics_rates(cleaned_data, "agreement", ("agreement",))


def _statistics_rates(cleaned_data, figure: str, columns: tuple) -> list[dict] | None:
    """The rates of one of /stats/'s groupings (summaries.STATISTICS_GROUPINGS) by
    `columns`, under the filter; None when none of them holds it."""
    found = _holding(cleaned_data, figure, STATISTICS_GROUPINGS)
    if found is None:
        return None
    grouping, lookups = found
    return _by_outcome(
        Tally.objects.filter(grouping=grouping, **lookups).values(*columns).order_by()
    )


def _rows_under_one_filter(cleaned_data, grouping: str, name: str):
    """The rows of a grouping under a filter of the parameter `name` (a column of its rows
    too) at most; None under any other filter."""
    if set(chosen_filters(cleaned_data)) - {name}:
        return None
    rows = Tally.objects.filter(grouping=grouping)
    if chosen := values(cleaned_data, name):
        rows = rows.filter(**{f"{name}__in": chosen})
    return rows


def tallied_case_count(cleaned_data) -> int | None:
    """How many cases have an item under the filter (one of years at most), or None."""
    rows = _rows_under_one_filter(cleaned_data, "cases", "year")
    if rows is None:
        return None
    return rows.aggregate(cases=Coalesce(Sum("count"), 0))["cases"]


def tallied_days_to_decision(cleaned_data) -> tuple[list[tuple], int] | None:
    """([(year, month, days, cases)] of the cases with both dates, the number of cases
    missing one) under a filter of years at most, or None."""
    rows = _rows_under_one_filter(cleaned_data, "case days", "year")
    if rows is None:
        return None
    measured = list(rows.values_list("year", "month", "days", "count"))
    return measured, tallied_case_count(cleaned_data) - sum(row[3] for row in measured)


def tallied_cases() -> int:
    return tallied_case_count({})


def usual_spellings(keys) -> dict[str, str]:
    """{section key: the spelling printed most often in the archive}.

    Letters print one section with different capitals ("Physical therapy", "Physical
    Therapy"); the pages show the usual one. Ties go to the first in code-point order.
    """
    rows = Tally.objects.filter(grouping="spellings", section__in=list(keys)).values_list(
        "section", "printed", "count"
    )
    spellings = {}
    for key, printed, _uses in sorted(rows, key=lambda row: (-row[2], row[1])):
        spellings.setdefault(key, printed)
    return spellings

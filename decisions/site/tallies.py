"""Counts read from the Tally rows (decisions/summaries.py) whenever a filter allows it.

A filter made only of outcomes, years, categories, subcategories and at most one specialty,
one licence state and (in the item browser) one guideline, at one page or any, selects
rows of one grouping exactly: each item is in those rows once. Anything else (dates,
patients, text, a section or a side of the citations, two specialties or two guidelines at
once, which one item may both have) is counted from the items themselves.
"""

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from decisions.models import Tally
from decisions.querysets import rate
from decisions.site.parameters import FILTERS, values
from decisions.summaries import (
    BROWSER_GROUPINGS,
    DEFAULTS,
    GROUPING_NAMES,
    GROUPINGS,
    ONE_PER_ITEM,
    STATISTICS_GROUPINGS,
    UNCERTIFIED_GROUPINGS,
    case_grouping,
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
# In the item browser, one guideline and one page of it are filtered on like the columns
# above: the rows of a grouping by guideline (and page) count each item citing it once.
# Not in /stats/'s rates by guideline, which count every guideline the filtered items cite,
# not only the rows of the chosen one.
CITATION_ROUTED = {"guideline": "guideline", "guideline_page": "page"}
BROWSER_ROUTED = {**ROUTED, **CITATION_ROUTED}
TALLY_COLUMN = {"guideline_page": "page"}  # a parameter named apart from its column
# An item has several of these (a reviewer's specialties, the guidelines its citations
# name): rows summed over two values of one would count it twice.
ONE_VALUE_ONLY = ("specialty", "state", *CITATION_ROUTED)
# Groupings of one column: a row for each of its values.
ONE_ROW_A_VALUE = {
    grouping.name: grouping.columns[0] for grouping in GROUPINGS if len(grouping.columns) == 1
}
CITED = ("guideline", "guideline_page", "section")
# The groupings the item browser reads: its own, and the cited page and section rows (by
# outcome) that /guidelines/ reads too.
BROWSER_TALLIES = [
    *BROWSER_GROUPINGS,
    *(grouping for grouping in GROUPINGS if grouping.name in {"cited page", "cited section"}),
]


def chosen_filters(cleaned_data, leave_out: str | None = None) -> dict[str, list]:
    """{parameter: its chosen values} for every filter set, but `leave_out`."""
    chosen = {row.name: values(cleaned_data, row.name) for row in FILTERS}
    return {name: picked for name, picked in chosen.items() if picked and name != leave_out}


def grouping_for(cleaned_data, counted_by: str | None = None) -> tuple[str, dict] | None:
    """(the grouping, the filter on its rows) that counts the items under `cleaned_data`,
    less the filter of `counted_by`, by `counted_by`'s values; None when no grouping can."""
    if counted_by is None:
        return _holding(chosen_filters(cleaned_data), (), BROWSER_TALLIES, BROWSER_ROUTED)
    if counted_by not in (*ROUTED, *CITED):
        return None
    selected = chosen_filters(cleaned_data, leave_out=counted_by)
    return _holding(selected, (counted_by,), BROWSER_TALLIES, BROWSER_ROUTED)


def _holding(
    selected: dict, counted_by: tuple, groupings, routed=ROUTED
) -> tuple[str, dict] | None:
    """The smallest of `groupings` whose rows hold the `selected` filters (of the parameters
    `routed`) and count by the parameters `counted_by`, with the filter on its rows; None
    when none does."""
    if any(name not in routed for name in selected):
        return None
    if any(len(selected.get(name, ())) > 1 for name in ONE_VALUE_ONLY):
        return None
    needed = {TALLY_COLUMN.get(name, name) for name in (*selected, *counted_by)}
    for grouping in sorted(groupings, key=lambda grouping: len(grouping.columns)):
        columns = set(grouping.columns)
        # Summed over columns an item has one value of, rows count each item once; over any
        # other column (a second specialty, a guideline) they would count it once per value.
        if needed <= columns and columns - needed <= ONE_PER_ITEM:
            lookups = {
                routed[name]: chosen if routed[name].endswith("__in") else chosen[0]
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


def _outcome_sums() -> dict:
    """ "items" and "overturned" of Tally rows: what /stats/ rates are made of."""
    return {
        "items": Coalesce(Sum("count"), 0),
        "overturned": Coalesce(Sum("count", filter=Q(outcome="overturned")), 0),
    }


def _by_outcome(rows) -> list[dict]:
    """Grouped Tally rows with "items" and "overturned"."""
    return list(rows.annotate(**_outcome_sums()))


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
    of its reviewer, and the items whose reviewer states none (name None); None under a
    filter no grouping holds."""
    selected = chosen_filters(cleaned_data)
    if "specialty" in selected:  # the chosen specialty paired with each its reviewers hold
        found = _holding(selected, ("other_specialty",), STATISTICS_GROUPINGS)
        if found is None:
            return None
        # Every item's reviewer holds the chosen specialty: none states none.
        return [*_rates_named_by(found, "other_specialty"), _none_stated(None)]
    found = grouping_for(cleaned_data, "specialty")
    uncertified = _holding(selected, (), UNCERTIFIED_GROUPINGS)
    if found is None or uncertified is None:
        return None
    return [*_rates_named_by(found, "specialty"), _none_stated(uncertified)]


def _rates_named_by(found: tuple[str, dict], column: str) -> list[dict]:
    grouping, lookups = found
    rows = Tally.objects.filter(grouping=grouping, **lookups).exclude(**{column: ""})
    return _by_outcome(rows.values(name=F(column)).order_by())


def _none_stated(found: tuple[str, dict] | None) -> dict:
    """The row of the items whose reviewer states no specialty, from the rows `found`."""
    if found is None:
        return {"name": None, "items": 0, "overturned": 0}
    grouping, lookups = found
    return {
        "name": None,
        **Tally.objects.filter(grouping=grouping, **lookups).aggregate(**_outcome_sums()),
    }


def tallied_guideline_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"side", "key" (the guideline), "items", "overturned"}: an item once under
    each guideline a side cited."""
    return _statistics_rates(cleaned_data, ("side", "guideline"), {"key": F("guideline")})


def tallied_month_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"year", "month" (0 0: no decision date), "items", "overturned"}."""
    return _statistics_rates(cleaned_data, ("year", "month"))


def tallied_agreement_rates(cleaned_data) -> list[dict] | None:
    """/stats/'s rows {"agreement", "items", "overturned"} (summaries.agreement_of)."""
    return _statistics_rates(cleaned_data, ("agreement",))


def _statistics_rates(cleaned_data, columns: tuple, named=None) -> list[dict] | None:
    """The rates of one of /stats/'s groupings (summaries.STATISTICS_GROUPINGS) by
    `columns` (and the expressions `named`), under the filter; None when none holds it."""
    found = _holding(chosen_filters(cleaned_data), columns, STATISTICS_GROUPINGS)
    if found is None:
        return None
    grouping, lookups = found
    rows = Tally.objects.filter(grouping=grouping, **lookups)
    return _by_outcome(rows.values(*columns, **(named or {})).order_by())


# Cases hold one year each, but may hold items of both outcomes and a reviewer of two
# specialties (states): the case groupings are summed over years only.
CASE_ROUTED = {"year", "outcome", "specialty", "state"}


def _case_rows(cleaned_data, *names: str):
    """The rows of the case groupings `names` (of summaries.CASE_GROUPINGS: "cases", "case
    days") that hold the filter: years, and one outcome, specialty or state at most; None
    under any other filter."""
    selected = chosen_filters(cleaned_data)
    if set(selected) - CASE_ROUTED:
        return None
    if any(len(chosen) > 1 for name, chosen in selected.items() if name != "year"):
        return None
    groupings = [case_grouping(name, selected) for name in names]
    if not set(groupings) <= GROUPING_NAMES:  # a specialty and a state
        return None
    rows = Tally.objects.filter(grouping__in=groupings)
    if years := selected.pop("year", None):
        rows = rows.filter(year__in=years)
    return rows.filter(**{name: chosen[0] for name, chosen in selected.items()})


def tallied_case_count(cleaned_data) -> int | None:
    """How many cases have an item under the filter, or None."""
    rows = _case_rows(cleaned_data, "cases")
    if rows is None:
        return None
    return rows.aggregate(cases=Coalesce(Sum("count"), 0))["cases"]


def tallied_days_to_decision(cleaned_data) -> tuple[list[tuple], int] | None:
    """([(year, month, days, cases)] of the cases with both dates, the number of cases
    missing one) under the filter, or None. One query: the cases, and the measured ones."""
    rows = _case_rows(cleaned_data, "cases", "case days")
    if rows is None:
        return None
    measured, cases = [], 0
    for grouping, year, month, days, count in rows.values_list(
        "grouping", "year", "month", "days", "count"
    ):
        if grouping.startswith("case days"):
            measured.append((year, month, days, count))
        else:
            cases += count
    return measured, cases - sum(row[3] for row in measured)


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

"""The figures of /stats/: overturn rates by facet, days to decision, guideline agreement.

Every function takes a DisputedItem queryset (usually DisputedItemFilter(...).qs) and returns
plain dicts and lists, ready for a template or for JSON, in a fixed number of queries
whatever the number of rows. Rates are fractions (0.25 is 25 %), None when nothing counts.
"""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth, ExtractYear, TruncMonth

from decisions.models import (
    Case,
    CitedBy,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    StateIndexTreatment,
)
from decisions.querysets import outcome_counts, rate
from decisions.site.tallies import (
    tallied_agreement_rates,
    tallied_case_count,
    tallied_category_rates,
    tallied_days_to_decision,
    tallied_guideline_rates,
    tallied_month_rates,
    tallied_specialty_rates,
    tallied_summary,
)
from decisions.summaries import (
    DIFFERENT,
    INCOMPLETE,
    SAME,
    agreement_expression,
    days_to_decision_expression,
)

NO_SPECIALTY = "No specialty stated"
NO_CATEGORY = "Not categorised"
NO_DECISION_DATE = "No decision date"
AGREEMENT_LABELS = {
    SAME: "Same guideline",
    DIFFERENT: "Different guidelines",
    INCOMPLETE: "One side cites no guideline",
}


def in_scope(items):
    """The items of a queryset, unordered, ready to be grouped.

    The item filter's querysets hold each item once (every filter on a related table is an
    EXISTS subquery, decisions/querysets.py) and are grouped as they are: PostgreSQL plans
    them better than `pk IN (subquery)`, which made it join every item before keeping the
    matching ones (the rates by specialty under an outcome and a specialty at a million
    letters: 1.25 -> 0.31 s, docs/query-plans.md section 9). A distinct() queryset, which
    joins a related table and may hold an item on several rows, is grouped through its
    ids, so that each item counts once.
    """
    if items.query.distinct:
        return DisputedItem.objects.filter(pk__in=items.order_by().values("pk")).order_by()
    return items.order_by()


def rate_row(key, label: str, items: int, overturned: int) -> dict:
    return {
        "key": key,
        "label": label,
        "items": items,
        "overturned": overturned,
        "overturn_rate": rate(overturned, items),
    }


def by_count(rows: list[dict]) -> list[dict]:
    """Largest groups first; the catch-all group (key None) last; ties by label."""
    return sorted(rows, key=lambda row: (row["key"] is None, -row["items"], row["label"]))


def summary(items, tallied=None, tallied_cases=None) -> dict:
    """`tallied`: the item counts read from the Tally rows (tallies.tallied_summary);
    `tallied_cases`: the number of cases, when they hold it (tallies.tallied_case_count)."""
    cases = Count("case", distinct=True)
    if tallied is None:  # everything counted from the items, in one query
        totals = in_scope(items).summary(cases=cases)
    elif tallied_cases is None:
        totals = {**tallied, "cases": in_scope(items).aggregate(cases=cases)["cases"]}
    else:
        totals = {**tallied, "cases": tallied_cases}
    return {
        "items": totals["count"],
        "overturned": totals["overturned"],
        "cases": totals["cases"],
        "overturn_rate": totals["overturn_rate"],
    }


def rates_by_specialty(items, tallied=None) -> list[dict]:
    """An item counts once under each certification of its case's reviewer. `tallied`: the
    same rows read from the Tally rows (tallies.tallied_specialty_rates)."""
    if tallied is None:
        rows = (
            in_scope(items)
            .values(name=F("case__reviewer__specialty_links__specialty__name"))
            .annotate(**outcome_counts(distinct=True))
        )
    else:
        rows = [row for row in tallied if row["items"]]
    return by_count(
        [
            rate_row(row["name"], row["name"] or NO_SPECIALTY, row["items"], row["overturned"])
            for row in rows
        ]
    )


def rates_by_guideline(items, tallied=None) -> dict[str, list[dict]]:
    """For each side (`imr`, `claims_administrator`): an item counts once under each
    guideline that side cited for it; items where it cited none are left out. `tallied`:
    the same rows read from the Tally rows (tallies.tallied_guideline_rates)."""
    if tallied is None:
        rows = (
            GuidelineCitation.objects.filter(item__in=in_scope(items))
            .order_by()
            .values(side=F("cited_by"), key=F("guideline_id"))
            .annotate(**outcome_counts("item", distinct=True))
        )
    else:
        rows = [row for row in tallied if row["items"]]
    names = dict(Guideline.objects.values_list("id", "name"))
    return {
        side: by_count(
            [
                rate_row(row["key"], names[row["key"]], row["items"], row["overturned"])
                for row in rows
                if row["side"] == side
            ]
        )
        for side in CitedBy.values
    }


def rates_by_category(items, tallied=None) -> list[dict]:
    """`tallied`: the same rows read from the Tally rows (tallies.tallied_category_rates)."""
    if tallied is None:
        rows = in_scope(items).values("category").annotate(**outcome_counts())
    else:
        rows = [row for row in tallied if row["items"]]
    return by_count(
        [
            rate_row(
                row["category"] or None,
                row["category"] or NO_CATEGORY,
                row["items"],
                row["overturned"],
            )
            for row in rows
        ]
    )


def rates_by_decision_month(items, tallied=None) -> list[dict]:
    """In calendar order; items whose case has no decision date come last. `tallied`: the
    rows read from the Tally rows (tallies.tallied_month_rates)."""
    if tallied is None:
        rows = (
            in_scope(items)
            .values(month=TruncMonth("case__decision_date"))
            .annotate(**outcome_counts())
        )
    else:
        rows = [
            {**row, "month": dt.date(row["year"], row["month"], 1) if row["year"] else None}
            for row in tallied
            if row["items"]
        ]
    dated = sorted((row for row in rows if row["month"]), key=lambda row: row["month"])
    undated = [row for row in rows if not row["month"]]
    return [
        rate_row(
            row["month"].strftime("%Y-%m") if row["month"] else None,
            row["month"].strftime("%b %Y") if row["month"] else NO_DECISION_DATE,
            row["items"],
            row["overturned"],
        )
        for row in dated + undated
    ]


def days_to_decision(items, tallied=None) -> dict:
    """Days from application received to decision, per case (not per item).

    Cases missing either date are counted but not measured; a decision dated before its
    application is a misread date, counted apart and left out of the medians. The cases are
    counted by (year, month, days) in the database, or read so counted from the Tally rows
    (`tallied`: tallies.tallied_days_to_decision).
    """
    if tallied is None:
        cases = Case.objects.filter(pk__in=in_scope(items).values("case_id")).order_by()
        rows = cases.values_list(
            ExtractYear("decision_date"),
            ExtractMonth("decision_date"),
            days_to_decision_expression(),
        ).annotate(Count("pk"))
        measured = [(year, month, gap.days, n) for year, month, gap, n in rows if gap is not None]
        undated = sum(n for *_, gap, n in rows if gap is None)
    else:
        measured, undated = tallied
    days_by_month = defaultdict(Counter)
    inconsistent = 0
    for year, month, days, cases in measured:
        if days < 0:
            inconsistent += cases
        else:
            days_by_month[dt.date(year, month, 1)][days] += cases
    all_days = sum(days_by_month.values(), Counter())
    return {
        "cases_measured": all_days.total(),
        "cases_without_dates": undated,
        "cases_inconsistent": inconsistent,
        "median_days": median(all_days),
        "by_month": [
            {
                "key": month.strftime("%Y-%m"),
                "label": month.strftime("%b %Y"),
                "cases": days_by_month[month].total(),
                "median_days": median(days_by_month[month]),
            }
            for month in sorted(days_by_month)
        ],
    }


def median(counts: Counter) -> float | int | None:
    """The median of values given as {value: how many times}, as statistics.median gives
    it (the middle value, or the mean of the two middle ones); None when there are none."""
    total = counts.total()
    if not total:
        return None
    middle = []  # the values at positions (total - 1) // 2 and total // 2
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(middle) < 2 and seen > (total - 1 + len(middle)) // 2:
            middle.append(value)
    low, high = middle
    return low if total % 2 else (low + high) / 2


def guideline_agreement(items, tallied=None) -> dict:
    """Did the IMR reviewer rely on a guideline the claims administrator had cited?

    Per item, compare the set of guideline ids cited by the IMR reviewer ("MAXIMUS
    guideline") with the set cited by the claims administrator. SAME: both sets are non-empty
    and share at least one id. DIFFERENT: both non-empty, no id in common. INCOMPLETE: one
    side (or both) cites no guideline, so there is nothing to compare. Ids are compared, not
    chapters, sections or pages: MTUS ACOEM Low Back and MTUS ACOEM Knee are the same id.
    `tallied`: the rows read from the Tally rows (tallies.tallied_agreement_rates).
    """
    if tallied is None:
        rows = (
            in_scope(items)
            .annotate(agreement=agreement_expression())
            .values("agreement")
            .annotate(**outcome_counts())
        )
    else:
        rows = tallied
    found = {row["agreement"]: (row["items"], row["overturned"]) for row in rows}
    table = [
        rate_row(key, label, *found.get(key, (0, 0))) for key, label in AGREEMENT_LABELS.items()
    ]
    same, different = table[0]["items"], table[1]["items"]
    return {
        "comparable_items": same + different,
        "same_share": rate(same, same + different),
        "rows": table,
    }


def state_index_agreement(items) -> dict:
    """How often the archive's reading of a treatment agrees with the state's index (rows
    fetch_decisions stored and decisions/state_index.py matched to items): per category
    the state gave, the share where the categoriser gave the same; and overall, the same
    for subcategories and decisions. Capitals do not count, as in the comparison."""
    treatments = StateIndexTreatment.objects.filter(item__in=in_scope(items))
    rows = (
        treatments.values("category")
        .annotate(
            treatments=Count("pk"),
            same_category=Count("pk", filter=Q(item__category__iexact=F("category"))),
            same_subcategory=Count("pk", filter=Q(item__subcategory__iexact=F("subcategory"))),
            same_decision=Count("pk", filter=Q(item__outcome=F("outcome"))),
        )
        .order_by()
    )
    table = sorted(
        (
            {
                "category": row["category"] or NO_CATEGORY,
                "treatments": row["treatments"],
                "same_category": row["same_category"],
                "agreement": rate(row["same_category"], row["treatments"]),
            }
            for row in rows
        ),
        key=lambda row: (-row["treatments"], row["category"]),
    )
    total = sum(row["treatments"] for row in rows)
    return {
        "treatments": total,
        "category_agreement": rate(sum(row["same_category"] for row in rows), total),
        "subcategory_agreement": rate(sum(row["same_subcategory"] for row in rows), total),
        "decision_agreement": rate(sum(row["same_decision"] for row in rows), total),
        "by_category": table,
    }


def all_figures(items, cleaned_data=None) -> dict:
    """Everything /stats/ shows. With the filter's `cleaned_data`, each figure is read from
    the Tally rows when the filter allows (decisions/site/tallies.py), else counted from
    the items; the agreement with the state's index always is."""

    def tallied(read):  # the rows read from the Tally rows, when the filter is known
        return None if cleaned_data is None else read(cleaned_data)

    by_guideline = rates_by_guideline(items, tallied(tallied_guideline_rates))
    return {
        "summary": summary(items, tallied(tallied_summary), tallied(tallied_case_count)),
        "by_specialty": rates_by_specialty(items, tallied(tallied_specialty_rates)),
        "by_imr_guideline": by_guideline[CitedBy.IMR],
        "by_claims_administrator_guideline": by_guideline[CitedBy.CLAIMS_ADMINISTRATOR],
        "by_category": rates_by_category(items, tallied(tallied_category_rates)),
        "by_decision_month": rates_by_decision_month(items, tallied(tallied_month_rates)),
        "days_to_decision": days_to_decision(items, tallied(tallied_days_to_decision)),
        "guideline_agreement": guideline_agreement(items, tallied(tallied_agreement_rates)),
        "state_index": state_index_agreement(items),
    }

"""The figures of /stats/: overturn rates by facet, days to decision, guideline agreement.

Every function takes a DisputedItem queryset (usually DisputedItemFilter(...).qs) and returns
plain dicts and lists, ready for a template or for JSON, in a fixed number of queries
whatever the number of rows. Rates are fractions (0.25 is 25 %), None when nothing counts.
"""

import statistics
from collections import defaultdict

from django.db.models import Case as CaseWhen
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, TruncMonth

from decisions.models import (
    Case,
    CitedBy,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    ReviewerSpecialty,
    StateIndexTreatment,
)
from decisions.querysets import outcome_counts, rate
from decisions.site.tallies import (
    tallied_category_rates,
    tallied_guideline_rates,
    tallied_specialty_rates,
)

NO_SPECIALTY = "No specialty stated"
NO_CATEGORY = "Not categorised"
NO_DECISION_DATE = "No decision date"

# Guideline agreement of an item, see guideline_agreement().
SAME = "same"
DIFFERENT = "different"
INCOMPLETE = "incomplete"
AGREEMENT_LABELS = {
    SAME: "Same guideline",
    DIFFERENT: "Different guidelines",
    INCOMPLETE: "One side cites no guideline",
}


def in_scope(items):
    """The items of a (filtered) queryset as a pk subquery.

    The filter may join citations or specialties and de-duplicate with distinct(); grouping
    over `pk IN (subquery)` counts each item once and keeps ordering out of GROUP BY.
    """
    return DisputedItem.objects.filter(pk__in=items.order_by().values("pk")).order_by()


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


def summary(items) -> dict:
    totals = in_scope(items).summary(cases=Count("case", distinct=True))
    return {
        "items": totals["count"],
        "overturned": totals["overturned"],
        "cases": totals["cases"],
        "overturn_rate": totals["overturn_rate"],
    }


def rates_by_specialty(items, tallied=None) -> list[dict]:
    """An item counts once under each certification of its case's reviewer. `tallied`: the
    certified rows read from the Tally rows (tallies.tallied_specialty_rates), to which the
    items whose reviewer states no specialty (no Tally row holds them) are added."""
    if tallied is None:
        rows = (
            in_scope(items)
            .values(name=F("case__reviewer__specialty_links__specialty__name"))
            .annotate(**outcome_counts(distinct=True))
        )
    else:
        links = ReviewerSpecialty.objects.filter(reviewer_id=OuterRef("case__reviewer_id"))
        uncertified = in_scope(items).filter(~Exists(links)).aggregate(**outcome_counts())
        rows = [row for row in [*tallied, {"name": None, **uncertified}] if row["items"]]
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


def rates_by_decision_month(items) -> list[dict]:
    """In calendar order; items whose case has no decision date come last."""
    rows = (
        in_scope(items).values(month=TruncMonth("case__decision_date")).annotate(**outcome_counts())
    )
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


def days_to_decision(items) -> dict:
    """Days from application received to decision, per case (not per item).

    Cases missing either date are counted but not measured; a decision dated before its
    application is a misread date, counted apart and left out of the medians.
    """
    cases = Case.objects.filter(pk__in=in_scope(items).values("case_id")).values_list(
        "decision_date", "application_received"
    )
    days_by_month = defaultdict(list)
    undated = inconsistent = 0
    for decided, received in cases:
        if decided is None or received is None:
            undated += 1
        elif decided < received:
            inconsistent += 1
        else:
            days_by_month[decided.replace(day=1)].append((decided - received).days)
    all_days = [days for month_days in days_by_month.values() for days in month_days]
    return {
        "cases_measured": len(all_days),
        "cases_without_dates": undated,
        "cases_inconsistent": inconsistent,
        "median_days": statistics.median(all_days) if all_days else None,
        "by_month": [
            {
                "key": month.strftime("%Y-%m"),
                "label": month.strftime("%b %Y"),
                "cases": len(days_by_month[month]),
                "median_days": statistics.median(days_by_month[month]),
            }
            for month in sorted(days_by_month)
        ],
    }


def agreement_expression():
    """SAME, DIFFERENT or INCOMPLETE for each item, in SQL (see guideline_agreement).

    One correlated subquery over the item's citations: the two sides share a guideline
    exactly when there are more distinct (guideline, side) pairs than distinct guidelines.
    """
    per_item = (
        GuidelineCitation.objects.filter(item=OuterRef("pk"))
        .order_by()
        .values("item")
        .annotate(
            imr=Count("pk", filter=Q(cited_by=CitedBy.IMR)),
            claims_administrator=Count("pk", filter=Q(cited_by=CitedBy.CLAIMS_ADMINISTRATOR)),
            guidelines=Count("guideline", distinct=True),
            pairs=Count(Concat("guideline", Value(":"), "cited_by"), distinct=True),
        )
        .annotate(
            agreement=CaseWhen(
                When(Q(imr=0) | Q(claims_administrator=0), then=Value(INCOMPLETE)),
                When(pairs__gt=F("guidelines"), then=Value(SAME)),
                default=Value(DIFFERENT),
            )
        )
        .values("agreement")
    )
    # An item without any citation has no row: incomplete too.
    return Coalesce(Subquery(per_item), Value(INCOMPLETE))


def guideline_agreement(items) -> dict:
    """Did the IMR reviewer rely on a guideline the claims administrator had cited?

    Per item, compare the set of guideline ids cited by the IMR reviewer ("MAXIMUS
    guideline") with the set cited by the claims administrator. SAME: both sets are non-empty
    and share at least one id. DIFFERENT: both non-empty, no id in common. INCOMPLETE: one
    side (or both) cites no guideline, so there is nothing to compare. Ids are compared, not
    chapters, sections or pages: MTUS ACOEM Low Back and MTUS ACOEM Knee are the same id.
    """
    rows = (
        in_scope(items)
        .annotate(agreement=agreement_expression())
        .values("agreement")
        .annotate(**outcome_counts())
    )
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
    """Everything /stats/ shows, in nine queries (ten with the specialties tallied; the last
    is the agreement with the state's index). With the filter's `cleaned_data`, the rates by
    specialty, by guideline and by category are read from the Tally rows when the filter
    allows (decisions/site/tallies.py)."""

    def tallied(read):  # the rows read from the Tally rows, when the filter is known
        return None if cleaned_data is None else read(cleaned_data)

    by_guideline = rates_by_guideline(items, tallied(tallied_guideline_rates))
    return {
        "summary": summary(items),
        "by_specialty": rates_by_specialty(items, tallied(tallied_specialty_rates)),
        "by_imr_guideline": by_guideline[CitedBy.IMR],
        "by_claims_administrator_guideline": by_guideline[CitedBy.CLAIMS_ADMINISTRATOR],
        "by_category": rates_by_category(items, tallied(tallied_category_rates)),
        "by_decision_month": rates_by_decision_month(items),
        "days_to_decision": days_to_decision(items),
        "guideline_agreement": guideline_agreement(items),
        "state_index": state_index_agreement(items),
    }

"""decisions/site/statistics.py on small hand-built archives: every figure, and its query count.

The fixture letters have no header page (no dates), so months and days are tested on
builders; tests/stats/test_view.py checks the page on the ingested fixture letters.
"""

import datetime as dt
import itertools

import pytest
from django.http import QueryDict

from decisions.models import DisputedItem
from decisions.site import statistics as stats
from decisions.site.item_filter import DisputedItemFilter
from tests.builders import CA, IMR, OVER, UP
from tests.builders import item_citing as make_item
from tests.builders import numbered_case as make_case
from tests.builders import reviewer_certified as make_reviewer

pytestmark = pytest.mark.django_db


def row(rows, key):
    [found] = [r for r in rows if r["key"] == key]
    return found


def test_summary(archive):
    assert stats.summary(DisputedItem.objects.all()) == {
        "items": 6,
        "overturned": 3,
        "cases": 3,
        "overturn_rate": 0.5,
    }


def test_summary_of_nothing_has_no_rate(archive):
    assert stats.summary(DisputedItem.objects.none())["overturn_rate"] is None
    assert stats.summary(DisputedItem.objects.filter(outcome="nonsense"))["items"] == 0


def test_rates_by_specialty_count_each_certification(archive):
    rows = stats.rates_by_specialty(DisputedItem.objects.all())
    assert [(r["label"], r["items"], r["overturned"]) for r in rows] == [
        ("Anesthesiology", 3, 1),
        ("Pain Management", 3, 1),
        ("Orthopedic Surgery", 2, 1),
        (stats.NO_SPECIALTY, 1, 1),
    ]
    assert row(rows, "Orthopedic Surgery")["overturn_rate"] == 0.5
    assert row(rows, "Pain Management")["overturn_rate"] == 0.3333


def test_rates_by_guideline_each_side(archive):
    by_side = stats.rates_by_guideline(DisputedItem.objects.all())
    imr = by_side[IMR]
    assert [(r["key"], r["items"], r["overturned"]) for r in imr] == [
        ("mtus-acoem", 2, 2),
        ("odg", 2, 0),
        ("mtus-chronic-pain", 1, 0),
        ("mtus-opioids", 1, 1),
    ]
    assert row(imr, "odg")["label"] == "Official Disability Guidelines (ODG)"
    claims = by_side[CA]
    assert [(r["key"], r["items"], r["overturned"]) for r in claims] == [("odg", 4, 2)]


def test_rates_by_category(archive):
    rows = stats.rates_by_category(DisputedItem.objects.all())
    assert [(r["label"], r["items"], r["overturned"]) for r in rows] == [
        ("Pharmaceuticals", 2, 1),
        ("Surgery", 2, 2),
        ("Injection", 1, 0),
        (stats.NO_CATEGORY, 1, 0),
    ]


def test_rates_by_decision_month_in_calendar_order(archive):
    undated = make_case(None)
    make_item(undated, UP)
    rows = stats.rates_by_decision_month(DisputedItem.objects.all())
    assert [(r["key"], r["label"], r["items"], r["overturned"]) for r in rows] == [
        ("2016-01", "Jan 2016", 5, 2),
        ("2016-03", "Mar 2016", 1, 1),
        (None, stats.NO_DECISION_DATE, 1, 0),
    ]


def test_days_to_decision_medians_per_case(archive):
    make_item(make_case(None), UP)  # no dates
    make_item(make_case(None, dt.date(2016, 3, 9), dt.date(2016, 3, 1)), UP)  # misread
    make_item(make_case(None, dt.date(2016, 2, 20), dt.date(2016, 3, 1)), UP)  # 10 days
    figures = stats.days_to_decision(DisputedItem.objects.all())
    assert figures == {
        "cases_measured": 4,
        "cases_without_dates": 1,
        "cases_inconsistent": 1,
        "median_days": 25.0,
        "by_month": [
            {"key": "2016-01", "label": "Jan 2016", "cases": 2, "median_days": 25.0},
            {"key": "2016-03", "label": "Mar 2016", "cases": 2, "median_days": 20.0},
        ],
    }


def test_guideline_agreement(archive):
    figures = stats.guideline_agreement(DisputedItem.objects.all())
    assert figures["rows"] == [
        {
            "key": "same",
            "label": "Same guideline",
            "items": 2,
            "overturned": 0,
            "overturn_rate": 0.0,
        },
        {
            "key": "different",
            "label": "Different guidelines",
            "items": 2,
            "overturned": 2,
            "overturn_rate": 1.0,
        },
        {
            "key": "incomplete",
            "label": "One side cites no guideline",
            "items": 2,
            "overturned": 1,
            "overturn_rate": 0.5,
        },
    ]
    assert figures["comparable_items"] == 4
    assert figures["same_share"] == 0.5


def test_figures_follow_the_queryset_given(archive):
    overturned = DisputedItem.objects.filter(outcome=OVER)
    figures = stats.all_figures(overturned)
    assert figures["summary"]["items"] == 3
    assert figures["guideline_agreement"]["same_share"] == 0.0
    assert [r["key"] for r in figures["by_category"]] == ["Surgery", "Pharmaceuticals"]


def test_a_joined_distinct_queryset_counts_each_item_once(archive):
    # A filter on citations joins one row per citation; the figures must not multiply.
    citing_odg = DisputedItem.objects.filter(citations__guideline="odg").distinct()
    assert stats.summary(citing_odg)["items"] == 4
    assert row(stats.rates_by_specialty(citing_odg), "Pain Management")["items"] == 3
    # The item filter's citation filter is an EXISTS subquery: the same figures.
    item_filter = DisputedItemFilter(QueryDict("guideline=odg"))
    assert item_filter.is_valid()
    assert stats.all_figures(item_filter.qs) == stats.all_figures(citing_odg)


def test_constant_number_of_queries(archive, django_assert_num_queries):
    with django_assert_num_queries(9):
        small = stats.all_figures(DisputedItem.objects.all())
    for _ in range(3):
        make_item(
            make_case(make_reviewer("Psychiatry"), dt.date(2017, 5, 1), dt.date(2017, 6, 1)),
            OVER,
            "Programs",
            imr=["odg"],
            claims_administrator=["odg", "other"],
        )
    with django_assert_num_queries(9):
        large = stats.all_figures(DisputedItem.objects.all())
    assert large["summary"]["items"] == small["summary"]["items"] + 3


def test_agreement_of_every_pair_of_guideline_sets(db):
    """Each pair of subsets of three guidelines, one per side, some cited twice (two ODG
    chapters are two citations of one guideline): SQL agrees with the definition."""
    guidelines = ["odg", "mtus-acoem", "mtus-chronic-pain"]
    subsets = [[g for bit, g in enumerate(guidelines) if mask >> bit & 1] for mask in range(2**3)]
    case = make_case()
    expected = {}
    for imr, claims_administrator in itertools.product(subsets, subsets):
        item = make_item(case, UP, imr=imr + imr[:1], claims_administrator=claims_administrator)
        if not imr or not claims_administrator:
            expected[item.pk] = stats.INCOMPLETE
        elif set(imr) & set(claims_administrator):
            expected[item.pk] = stats.SAME
        else:
            expected[item.pk] = stats.DIFFERENT
    found = dict(
        DisputedItem.objects.annotate(agreement=stats.agreement_expression()).values_list(
            "pk", "agreement"
        )
    )
    assert found == expected
    assert list(expected.values()).count(stats.SAME) == 37  # 64 - 15 incomplete - 12 disjoint


def test_a_specialty_listed_twice_counts_an_item_once(db):
    make_item(make_case(make_reviewer("Pain Management", "Pain Management")), OVER)
    rows = stats.rates_by_specialty(DisputedItem.objects.all())
    assert [(r["label"], r["items"], r["overturned"]) for r in rows] == [("Pain Management", 1, 1)]

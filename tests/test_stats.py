"""decisions/stats.py on small hand-built archives: every figure, and its query count.

The fixture letters have no header page (no dates), so months and days are tested on
builders; tests/test_stats_view.py checks the page on the ingested fixture letters.
"""

import datetime as dt
import itertools

import pytest

from decisions import stats
from decisions.models import (
    Case,
    CitedBy,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    Outcome,
    Reviewer,
    ReviewerSpecialty,
    Specialty,
)

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)
IMR, CA = CitedBy.IMR, CitedBy.CLAIMS_ADMINISTRATOR
UP, OVER = Outcome.UPHELD, Outcome.OVERTURNED


def make_reviewer(*specialties: str) -> Reviewer:
    reviewer = Reviewer.objects.create(profile_key=f"profile-{next(_serial)}")
    for position, name in enumerate(specialties):
        specialty, _ = Specialty.objects.get_or_create(name=name)
        ReviewerSpecialty.objects.create(reviewer=reviewer, specialty=specialty, position=position)
    return reviewer


def make_case(reviewer=None, received=None, decided=None) -> Case:
    serial = next(_serial)
    return Case.objects.create(
        case_number=f"CM16-{serial:07d}",
        reviewer=reviewer,
        application_received=received,
        decision_date=decided,
        layout="test",
        source_path=f"letters/{serial}.pdf",
        source_sha256=f"{serial:064d}",
    )


def make_item(case, outcome, category="", imr=(), claims_administrator=()) -> DisputedItem:
    """An item citing the guideline ids `imr` (MAXIMUS) and `claims_administrator`."""
    item = DisputedItem.objects.create(
        case=case,
        number=case.items.count() + 1,
        description="a disputed treatment",
        outcome=outcome,
        category=category,
    )
    cited = [(IMR, gid) for gid in imr] + [(CA, gid) for gid in claims_administrator]
    for position, (cited_by, guideline_id) in enumerate(cited):
        guideline, _ = Guideline.objects.get_or_create(
            id=guideline_id, defaults={"name": guideline_id.upper()}
        )
        GuidelineCitation.objects.create(
            item=item, position=position, cited_by=cited_by, guideline=guideline, text=guideline_id
        )
    return item


@pytest.fixture
def archive():
    """Three cases, six items, with known rates, dates and citations."""
    pain = make_reviewer("Pain Management", "Anesthesiology")
    ortho = make_reviewer("Orthopedic Surgery")
    pain_case = make_case(pain, dt.date(2016, 1, 4), dt.date(2016, 1, 24))  # 20 days
    make_item(
        pain_case, OVER, "Pharmaceuticals", imr=["mtus-opioids"], claims_administrator=["odg"]
    )
    make_item(pain_case, UP, "Pharmaceuticals", imr=["odg"], claims_administrator=["odg"])
    make_item(
        pain_case, UP, "Injection", imr=["mtus-chronic-pain", "odg"], claims_administrator=["odg"]
    )
    ortho_case = make_case(ortho, dt.date(2016, 1, 1), dt.date(2016, 1, 31))  # 30 days
    make_item(ortho_case, OVER, "Surgery", imr=["mtus-acoem"], claims_administrator=[])
    make_item(ortho_case, UP, "", imr=[], claims_administrator=[])
    no_reviewer = make_case(None, dt.date(2016, 2, 1), dt.date(2016, 3, 2))  # 30 days, March
    make_item(no_reviewer, OVER, "Surgery", imr=["mtus-acoem"], claims_administrator=["odg"])


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
    imr = stats.rates_by_guideline(DisputedItem.objects.all(), IMR)
    assert [(r["key"], r["items"], r["overturned"]) for r in imr] == [
        ("mtus-acoem", 2, 2),
        ("odg", 2, 0),
        ("mtus-chronic-pain", 1, 0),
        ("mtus-opioids", 1, 1),
    ]
    assert row(imr, "odg")["label"] == "ODG"
    claims = stats.rates_by_guideline(DisputedItem.objects.all(), CA)
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
    citing_odg_raw = DisputedItem.objects.filter(citations__guideline="odg")
    assert stats.summary(citing_odg_raw) == stats.summary(citing_odg)
    assert row(stats.rates_by_specialty(citing_odg_raw), "Pain Management")["items"] == 3


def test_constant_number_of_queries(archive, django_assert_num_queries):
    with django_assert_num_queries(8):
        small = stats.all_figures(DisputedItem.objects.all())
    for _ in range(3):
        make_item(
            make_case(make_reviewer("Psychiatry"), dt.date(2017, 5, 1), dt.date(2017, 6, 1)),
            OVER,
            "Programs",
            imr=["odg"],
            claims_administrator=["odg", "other"],
        )
    with django_assert_num_queries(8):
        large = stats.all_figures(DisputedItem.objects.all())
    assert large["summary"]["items"] == small["summary"]["items"] + 3

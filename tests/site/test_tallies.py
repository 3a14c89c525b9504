"""The Tally rows against plain counts: the fast path must give the same numbers, always.

Random filters over the fixture archive plus hand-made cases; after every kind of write
(ingest of a new version, an admin correction, forgetting it, recategorize) the rows still
equal a fresh count.
"""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.models import Case, DisputedItem
from decisions.site.facets import grouped_counts
from decisions.site.item_filter import DisputedItemFilter
from decisions.site.parameters import FACETS, PARAMETERS
from decisions.site.statistics import (
    all_figures,
    days_to_decision,
    guideline_agreement,
    rates_by_category,
    rates_by_decision_month,
    rates_by_guideline,
    rates_by_specialty,
)
from decisions.site.tallies import (
    cited_grouping_for,
    grouping_for,
    tallied_agreement_rates,
    tallied_case_count,
    tallied_category_rates,
    tallied_days_to_decision,
    tallied_facet,
    tallied_guideline_rates,
    tallied_month_rates,
    tallied_specialty_rates,
    tallied_summary,
)
from decisions.summaries import GROUPING_NAMES, differences
from tests import builders

OUTCOMES = ["upheld", "overturned"]
YEARS = ["2015", "2016", "2017"]
CATEGORIES = ["Rehabilitation", "Pharmaceuticals", "Diagnostic Testing", "Surgery", ""]
SPECIALTIES = ["Pain Management", "Internal Medicine", "Anesthesiology", "Family Practice"]
STATES = ["California", "New York", "Florida", "Texas"]


@pytest.fixture
def archive(fixture_archive):
    """The fixture letters, and cases by reviewers holding two specialties and two states."""
    both = builders.reviewer(("Pain Management", "Anesthesiology"), ("California", "Texas"))
    other = builders.reviewer(("Family Practice",), ("New York",))
    received = [dt.date(2015, 2, 1), dt.date(2016, 7, 10), dt.date(2016, 12, 30), None]
    for number, (by, decided) in enumerate(
        [(both, "2015-03-01"), (other, "2016-07-04"), (both, "2017-01-09"), (None, None)]
    ):
        # The second case's decision comes before its application: a misread date.
        case = builders.case(
            f"CM16-99{number:05d}", decided=decided, by=by, application_received=received[number]
        )
        item = builders.item(case, "Acupuncture x6", OUTCOMES[number % 2])
        builders.cite(item, "mtus-acupuncture", "imr", [8], ["Acupuncture"])
        builders.cite(item, "odg", "claims_administrator", [], ["acupuncture", "Pain"])
        builders.item(case, "Norco 10/325mg #90", "upheld", category="Pharmaceuticals")
    return fixture_archive


def some(values):
    return st.lists(st.sampled_from(values), max_size=2, unique=True)


COLUMN_FILTERS = {
    "outcome": some(OUTCOMES),
    "year": some(YEARS),
    "category": some([c for c in CATEGORIES if c]),
    "specialty": st.lists(st.sampled_from(SPECIALTIES), max_size=1),
    "state": st.lists(st.sampled_from(STATES), max_size=1),
}
filters = st.fixed_dictionaries(COLUMN_FILTERS)


def query_of(chosen: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in chosen.items():
        query.setlist(name, values)
    return query


def plain_counts(query, name):
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    cleaned = item_filter.form.cleaned_data
    without_own = query.copy()
    without_own.pop(name, None)
    items = DisputedItemFilter(without_own).qs
    rows = grouped_counts(items, PARAMETERS[name], cleaned)
    return cleaned, {row["value"]: row["count"] for row in rows}


def tallied_as_plain(query, names) -> set[str]:
    """The summary ("summary") and those of the facets `names` that the Tally rows hold
    under `query`, each asserted equal to a plain count. A combination no grouping holds is
    left out: the page counts the items."""
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    tallied_names = set()
    summary = tallied_summary(item_filter.form.cleaned_data)
    if summary is not None:
        assert summary == item_filter.qs.summary()
        tallied_names.add("summary")
    for name in names:
        cleaned, plain = plain_counts(query, name)
        tallied = tallied_facet(name, cleaned)
        if tallied is not None:
            assert {row["value"]: row["count"] for row in tallied} == plain, name
            tallied_names.add(name)
    return tallied_names


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=filters)
def test_summary_and_facets_equal_plain_counts(archive, chosen):
    names = ["outcome", "year", "category", "specialty", "state", "guideline", "section"]
    tallied = tallied_as_plain(query_of(chosen), names)
    # Category with both a specialty and a state is the one combination no grouping holds.
    both = chosen["category"] and chosen["specialty"] and chosen["state"]
    assert ("summary" not in tallied) == bool(both)


citation_filters = st.fixed_dictionaries(
    {
        "outcome": some(OUTCOMES),
        "guideline": some(["mtus-chronic-pain", "mtus-acupuncture", "odg", "mtus-acoem"]),
        "guideline_page": some(["60", "98", "8", "300"]),
        "cited_by": st.lists(st.sampled_from(["imr", "claims_administrator"]), max_size=1),
    }
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=citation_filters)
def test_summary_page_and_guideline_facets_under_citation_filters_equal_plain_counts(
    archive, chosen
):
    query = query_of(chosen)
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    summary = tallied_summary(item_filter.form.cleaned_data)
    one_guideline = len(chosen["guideline"]) == 1
    no_citation_filter = not (chosen["guideline"] or chosen["guideline_page"] or chosen["cited_by"])
    exact = (one_guideline and len(chosen["guideline_page"]) <= 1) or no_citation_filter
    assert (summary is not None) == exact
    if summary is not None:
        assert summary == item_filter.qs.summary()
    for name in ["guideline", "guideline_page"]:
        cleaned, plain = plain_counts(query, name)
        tallied = tallied_facet(name, cleaned)
        others = [n for n, chosen in chosen.items() if chosen and n not in (name, "outcome")]
        exact = all(len(chosen[n]) == 1 for n in others)
        exact &= name == "guideline" or one_guideline  # pages of one guideline
        assert (tallied is not None) == exact, name  # tallied whenever exact
        if tallied is not None:
            assert {row["value"]: row["count"] for row in tallied} == plain, name


guideline_page_filters = st.fixed_dictionaries(
    {
        **COLUMN_FILTERS,
        "guideline": st.lists(
            st.sampled_from(["mtus-chronic-pain", "mtus-acupuncture", "odg"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        "guideline_page": some(["60", "8", "98"]),
    }
)
EVERY_FACET = [row.name for row in FACETS]


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=guideline_page_filters)
def test_every_facet_under_a_guideline_and_its_page_equals_plain_counts(archive, chosen):
    tallied = tallied_as_plain(query_of(chosen), EVERY_FACET)
    # One guideline at one page, under outcomes and years: every count from the rows.
    one_page = all(len(chosen[name]) == 1 for name in ("guideline", "guideline_page"))
    if one_page and not (chosen["category"] or chosen["specialty"] or chosen["state"]):
        assert tallied == {"summary", *EVERY_FACET}


@pytest.mark.django_db
def test_a_guideline_page_and_each_facet_of_it_are_read_from_the_rows(archive):
    """The analyst's question (MTUS Chronic Pain page 60, by outcome and specialty): no
    count of it reads the items."""
    query = query_of({"guideline": ["mtus-chronic-pain"], "guideline_page": ["60"]})
    assert tallied_as_plain(query, EVERY_FACET) == {"summary", *EVERY_FACET}
    cleaned, plain = plain_counts(query, "section")
    assert sum(plain.values()) >= 2
    assert grouping_for(cleaned, "section") == (
        "page,section",
        {"guideline": "mtus-chronic-pain", "page": 60},
    )
    assert grouping_for({**cleaned, "specialty": ["Pain Management"]}, "year") == (
        "page,specialty",
        {"guideline": "mtus-chronic-pain", "page": 60, "specialty": "Pain Management"},
    )


def test_the_page_facet_of_one_guideline_reads_the_cited_page_rows(archive):
    query = query_of({"guideline": ["mtus-chronic-pain"], "guideline_page": ["60"]})
    cleaned, plain = plain_counts(query, "guideline_page")
    assert cited_grouping_for(cleaned, "guideline_page") == (
        "cited page",
        {"guideline": "mtus-chronic-pain"},
    )
    tallied = {row["value"]: row["count"] for row in tallied_facet("guideline_page", cleaned)}
    assert tallied == plain and tallied[60] >= 2


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=filters)
def test_the_stats_rates_read_from_the_rows_equal_the_plain_ones(archive, chosen):
    item_filter = DisputedItemFilter(query_of(chosen))
    assert item_filter.is_valid()
    cleaned, items = item_filter.form.cleaned_data, item_filter.qs
    tallied = tallied_category_rates(cleaned)
    # No grouping has a category, a specialty and a state together.
    assert (tallied is None) == bool(chosen["specialty"] and chosen["state"])
    if tallied is not None:
        assert rates_by_category(items, tallied) == rates_by_category(items)
    by_specialty = tallied_specialty_rates(cleaned)
    if chosen["specialty"]:  # the rows pairing it with the others its reviewers hold
        held = not chosen["state"] and not chosen["category"]
    else:
        held = not (chosen["state"] and chosen["category"])
    assert (by_specialty is not None) == held
    if by_specialty is not None:
        assert rates_by_specialty(items, by_specialty) == rates_by_specialty(items)
    by_guideline = tallied_guideline_rates(cleaned)
    # As the month and agreement rates: a category, a specialty or a state at a time.
    one_of = sum(bool(chosen[name]) for name in ["category", "specialty", "state"]) <= 1
    assert (by_guideline is not None) == one_of
    if by_guideline is not None:
        assert rates_by_guideline(items, by_guideline) == rates_by_guideline(items)
        if not any(chosen[name] for name in chosen if name != "outcome"):
            assert rates_by_guideline(items)["imr"]  # the archive's rows are not all empty


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=guideline_page_filters)
def test_the_stats_rates_under_a_guideline_equal_the_plain_ones(archive, chosen):
    """/stats/ under a guideline (page): its rates by category may come from the rows by
    guideline; its rates by guideline never do (the items cite other guidelines too)."""
    item_filter = DisputedItemFilter(query_of(chosen))
    assert item_filter.is_valid()
    cleaned, items = item_filter.form.cleaned_data, item_filter.qs
    tallied = tallied_category_rates(cleaned)
    if tallied is not None:
        assert rates_by_category(items, tallied) == rates_by_category(items)
    by_specialty = tallied_specialty_rates(cleaned)
    if by_specialty is not None:
        assert rates_by_specialty(items, by_specialty) == rates_by_specialty(items)
    assert tallied_guideline_rates(cleaned) is None


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=filters)
def test_the_stats_months_agreement_and_days_read_from_the_rows_equal_the_plain_ones(
    archive, chosen
):
    item_filter = DisputedItemFilter(query_of(chosen))
    assert item_filter.is_valid()
    cleaned, items = item_filter.form.cleaned_data, item_filter.qs
    # A month (agreement) grouping has a category, a specialty or a state: one at a time.
    held = sum(bool(chosen[name]) for name in ["category", "specialty", "state"]) <= 1
    by_month, by_agreement = tallied_month_rates(cleaned), tallied_agreement_rates(cleaned)
    assert (by_month is not None) == held == (by_agreement is not None)
    if held:
        assert rates_by_decision_month(items, by_month) == rates_by_decision_month(items)
        assert guideline_agreement(items, by_agreement) == guideline_agreement(items)
    # The cases: under years, one outcome and one specialty or state.
    held = (
        not chosen["category"]
        and len(chosen["outcome"]) < 2
        and not (chosen["specialty"] and chosen["state"])
    )
    days, cases = tallied_days_to_decision(cleaned), tallied_case_count(cleaned)
    assert (days is not None) == held == (cases is not None)
    if held:
        assert days_to_decision(items, days) == days_to_decision(items)
        assert cases == items.values("case").distinct().count()
    assert all_figures(items, cleaned) == all_figures(items)


def test_the_archive_holds_every_kind_of_day_count(archive):
    """The cases above give the days test something to compare: measured, misread, undated."""
    figures = days_to_decision(DisputedItem.objects.all())
    assert figures["cases_inconsistent"] == 1
    assert figures["cases_measured"] == 3 + 2  # the three invented letters, two cases above
    assert figures["cases_without_dates"] == 5 + 1
    assert figures == days_to_decision(DisputedItem.objects.all(), tallied_days_to_decision({}))


@pytest.mark.django_db
def test_two_specialties_of_one_reviewer_are_counted_from_the_items(archive):
    cleaned = {"specialty": ["Pain Management", "Anesthesiology"]}
    assert grouping_for(cleaned) is None
    assert grouping_for({"q": "acupuncture"}) is None
    # An item may cite both guidelines.
    assert grouping_for({"guideline": ["odg", "mtus-acupuncture"]}) is None
    assert grouping_for({"guideline": ["odg"]}) == ("guideline", {"guideline": "odg"})


@pytest.mark.django_db
def test_the_listing_summary_is_the_tallied_one(client, archive):
    data = client.get("/items/?format=json&specialty=Pain+Management&outcome=upheld").json()
    plain = DisputedItem.objects.by_specialties(["Pain Management"]).filter(outcome="upheld")
    assert data["count"] == plain.count() > 0


@pytest.mark.django_db
def test_writes_keep_the_rows_exact(archive):
    assert differences() == {}
    case = Case.objects.get(case_number="CM16-9900000")
    item = case.items.get(number=1)
    from decisions.summaries import tallies_follow

    with tallies_follow([case.pk]):
        item.outcome = "overturned"
        item.category = "Surgery"
        item.save()
        case.decision_date = None
        case.save()
        item.citations.first().sections.all().delete()
    assert differences() == {}
    with tallies_follow([case.pk]):
        case.delete()
    assert differences() == {}


def test_the_python_count_of_some_cases_equals_the_sql_count_of_all(archive):
    """The two ways of counting (decisions/summaries.py) give the same rows."""
    from decisions.summaries import counted

    every_case = list(Case.objects.values_list("pk", flat=True))
    assert counted(every_case) == counted()
    split = counted(every_case[::2]) + counted(every_case[1::2])
    assert split == counted()


@pytest.mark.django_db
def test_a_write_reads_its_cases_related_rows_once_after_it(archive):
    """The counts after a write and the export rows are made from one reading of the
    cases' rows (decisions/item_rows.py): pages are read before the write and after it."""
    from decisions.summaries import tallies_follow

    case = Case.objects.get(case_number="CM16-9900000")
    with CaptureQueriesContext(connection) as queries, tallies_follow([case.pk]):
        case.items.update(outcome="overturned")
    reads_of_pages = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT") and "citationpage" in query["sql"]
    ]
    assert len(reads_of_pages) == 2
    assert differences() == {}


@pytest.mark.parametrize(
    ("migration", "some_of_its_groupings"),
    [
        ("0023_tally_other_specialty", {"no specialty", "specialty pair", "cases,outcome,state"}),
        ("0025_tally_guideline_pages", {"page", "page,specialty", "page,state", "page,section"}),
        ("0028_tally_specialty_state_by_outcome", {"specialty by outcome", "state by outcome"}),
    ],
)
def test_the_migration_counts_every_grouping_it_adds(migration, some_of_its_groupings):
    """Migrations 0023, 0025 and 0028 count the groupings added with them by name: each
    must exist."""
    migration = importlib.import_module(f"decisions.migrations.{migration}")
    assert some_of_its_groupings <= set(migration.NEW_GROUPINGS) <= GROUPING_NAMES


@pytest.mark.django_db
def test_a_summed_grouping_added_later_is_summed_from_the_rows_it_sums(archive):
    """recount() of a summed grouping (migration 0028's) sums the rows already kept."""
    from decisions.models import Tally
    from decisions.summaries import recount

    names = ["specialty by outcome", "state by outcome"]
    kept = set(
        Tally.objects.filter(grouping__in=names).values_list(
            "grouping", "outcome", "specialty", "state", "count"
        )
    )
    assert {row[0] for row in kept} == set(names)
    Tally.objects.filter(grouping__in=names).delete()
    recount(names)
    again = set(
        Tally.objects.filter(grouping__in=names).values_list(
            "grouping", "outcome", "specialty", "state", "count"
        )
    )
    assert again == kept and differences() == {}

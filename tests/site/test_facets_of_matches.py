"""The counts of a page the Tally rows do not hold (a search, a citation filter) equal
plain counts: on PostgreSQL its facets, its summary and its page of rows read the
temporary table of matched items (MatchedItem), which holds the columns of each item and
its case; on SQLite they count the items directly."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.querysets import ITEM_ORDERINGS
from decisions.site import facets
from decisions.site.facets import facet_counts, facets_to_show, grouped_counts, matching
from decisions.site.item_filter import DisputedItemFilter
from decisions.site.pages.items import PageOutOfRange, build_listing
from decisions.site.parameters import PARAMETERS


def some(values, most=2):
    """Mostly nothing: with every filter set at once, few items would be left to count."""
    chosen = st.lists(st.sampled_from(values), min_size=1, max_size=most, unique=True)
    return st.one_of(st.just([]), st.just([]), chosen)


filters = st.fixed_dictionaries(
    {
        "q": st.sampled_from(["", "acupuncture", "MRI", "therapy", '"physical therapy"']),
        "outcome": some(["upheld", "overturned"], 1),
        "year": some(["2016", "2017"]),
        "category": some(["Rehabilitation", "Pharmaceuticals", "Diagnostic Testing"], 1),
        "specialty": some(["Anesthesiology", "Pain Management", "Chiropractic"], 1),
        "guideline": some(["mtus-chronic-pain", "mtus-acoem", "odg"], 1),
        "guideline_page": some(["60", "98"], 1),
        "cited_by": some(["imr", "claims_administrator"], 1),
    }
)


def plain(query: QueryDict, row) -> dict:
    """The facet counted the plain way: the items under every filter but its own."""
    without_own = query.copy()
    without_own.pop(row.name, None)
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    rows = grouped_counts(DisputedItemFilter(without_own).qs, row, item_filter.form.cleaned_data)
    return {_key(row, entry["value"]): entry["count"] for entry in rows}


def _key(row, value):
    return value.lower() if row.case_insensitive else value


@pytest.mark.django_db
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=filters)
def test_every_facet_equals_the_plain_count(fixture_archive, chosen):
    query = QueryDict(mutable=True)
    for name, values in chosen.items():
        if values:  # as a browser sends it: no parameter for what is not chosen
            query.setlist(name, [values] if isinstance(values, str) else values)
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    cleaned = item_filter.form.cleaned_data
    with matching(item_filter.qs, query, cleaned) as matched:
        counted = facet_counts(query, cleaned, matched, size=1000)
    for row in facets_to_show(cleaned):
        result = counted[row.name]
        assert not result.timed_out
        shown = {_key(row, entry["value"]): entry["count"] for entry in result.values}
        assert shown == plain(query, PARAMETERS[row.name]), row.name


@pytest.mark.django_db
def test_a_search_counts_its_matches_by_every_facet(fixture_archive):
    """Two items name acupuncture: sample 004's first (Anesthesiology and Pain Medicine;
    California; undated; MTUS Acupuncture and Chronic Pain) and CM17-0099103's first
    (Chiropractic; California and Nevada; 2017; MTUS Acupuncture), both upheld."""
    query = QueryDict("q=acupuncture")
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    cleaned = item_filter.form.cleaned_data
    with (
        CaptureQueriesContext(connection) as queries,
        matching(item_filter.qs, query, cleaned) as matched,
    ):
        counted = facet_counts(query, cleaned, matched)

    def values(name):
        return {entry["value"]: entry["count"] for entry in counted[name].values}

    assert values("outcome") == {"upheld": 2}
    assert values("specialty") == {"Anesthesiology": 1, "Pain Management": 1, "Chiropractic": 1}
    assert values("state") == {"California": 2, "Nevada": 1}
    assert values("year") == {2017: 1}
    assert values("category") == {"Rehabilitation": 2}
    assert values("guideline") == {"mtus-acupuncture": 2, "mtus-chronic-pain": 1}
    if connection.vendor == "postgresql":
        # Guidelines and sections from the matched items' cited keys, not their citations.
        from_keys = [query["sql"] for query in queries if "unnest(" in query["sql"]]
        assert len(from_keys) == 2
        assert not any("decisions_citationsection" in query["sql"] for query in queries)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    chosen=filters,
    sort=st.sampled_from(sorted(ITEM_ORDERINGS)),
    page_size=st.sampled_from([1, 3, 10]),
    page=st.integers(min_value=1, max_value=3),
)
def test_summary_and_page_equal_the_plain_queries(fixture_archive, chosen, sort, page_size, page):
    """On PostgreSQL the summary and the page's ids come from the matched items' table when
    there is one, ordered by its own columns: the same counts, the same items in the same
    order as the filter's queryset gives."""
    query = QueryDict(mutable=True)
    for name, values in chosen.items():
        if values:
            query.setlist(name, [values] if isinstance(values, str) else values)
    query.update({"sort": sort, "page_size": str(page_size), "page": str(page)})
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    items = item_filter.qs
    start = (page - 1) * page_size
    expected = [
        (item.case.get_absolute_url(), item.number)
        for item in items.with_case()[start : start + page_size]
    ]
    try:
        listing = build_listing(item_filter, query)
    except PageOutOfRange:
        assert not expected and page > 1
        return
    plain_summary = items.summary()
    for key in ("count", "upheld", "overturned"):
        assert listing.summary[key] == plain_summary[key], key
    assert [(row["case_url"], row["number"]) for row in listing.rows] == expected


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the table is PostgreSQL's")
@pytest.mark.parametrize("query", ["q=acupuncture", "guideline=mtus-chronic-pain&cited_by=imr"])
def test_matches_not_gathered_in_time_make_no_table(fixture_archive, settings, monkeypatch, query):
    settings.FACET_TIME_LIMIT_MS = 20
    rows_to_copy = facets._rows_to_copy
    monkeypatch.setattr(
        facets,
        "_rows_to_copy",
        lambda *args: rows_to_copy(*args).extra(where=["(SELECT 1 FROM pg_sleep(0.2)) = 1"]),
    )
    query = QueryDict(query)
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    with matching(item_filter.qs, query, item_filter.form.cleaned_data) as matched:
        assert matched is None
        assert item_filter.qs.count() > 0  # the transaction goes on, without a time limit


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, reads",
    [
        # A search: its search rows hold every column, the cited keys included.
        ("q=acupuncture", {"decisions_itemsearchdocument"}),
        # Narrowed to the other filters' items (the facets count the IMR side's citations).
        (
            "q=acupuncture&cited_by=imr",
            {"decisions_itemsearchdocument", "decisions_guidelinecitation"},
        ),
        # Another filter: the items and their cases, no keys (no facet counts them).
        (
            "guideline=mtus-chronic-pain&cited_by=imr",
            {"decisions_case", "decisions_guidelinecitation"},
        ),
        # No citation filter: the guideline and section facets count the items' keys.
        ("age_min=40", {"decisions_case", "decisions_itemcitedkeys"}),
    ],
)
def test_the_table_reads_the_search_rows_of_a_search_and_the_keys_only_when_counted(
    fixture_archive, query, reads
):
    if connection.vendor != "postgresql":
        pytest.skip("the table is PostgreSQL's")
    query = QueryDict(query)
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    cleaned = item_filter.form.cleaned_data
    with CaptureQueriesContext(connection) as queries:
        with matching(item_filter.qs, query, cleaned) as matched:
            assert matched is not None
            facet_counts(query, cleaned, matched)
    made = next(sql["sql"] for sql in queries if "CREATE TEMPORARY TABLE" in sql["sql"])
    tables = {
        "decisions_itemsearchdocument",
        "decisions_case",
        "decisions_guidelinecitation",
        "decisions_itemcitedkeys",
    }
    assert {table for table in tables if f'"{table}"' in made} == reads


@pytest.mark.django_db
def test_without_the_table_the_page_counts_the_items(fixture_archive, monkeypatch):
    """Without the table (not made in time), the summary and the rows come from the items;
    the facets that would have read it say they timed out."""
    monkeypatch.setattr(facets, "_matched_items_table", lambda rows: None)
    query = QueryDict("q=acupuncture")
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    listing = build_listing(item_filter, query)
    assert listing.summary["count"] == 2
    assert [row["number"] for row in listing.rows] == [1, 1]
    timed_out = {name for name, result in listing.facets.items() if result.timed_out}
    if connection.vendor == "postgresql":
        assert timed_out == {
            "outcome",
            "year",
            "category",
            "specialty",
            "state",
            "guideline",
            "section",
        }
    else:
        assert timed_out == set()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the table is PostgreSQL's")
def test_more_matches_than_the_table_takes_are_not_tried(fixture_archive, monkeypatch):
    """The Tally rows say how many items cite MTUS Chronic Pain: over the limit, no table is
    made (a million letters' worth would only run out of time); the facets that would have
    read it say they timed out, the rest of the page is there."""
    monkeypatch.setattr(facets, "MATCHED_TABLE_MOST_ITEMS", 3)
    query = QueryDict("guideline=mtus-chronic-pain&cited_by=imr")
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    with CaptureQueriesContext(connection) as captured:
        listing = build_listing(item_filter, query)
    assert not any("CREATE TEMPORARY" in query["sql"] for query in captured.captured_queries)
    assert listing.summary["count"] == item_filter.qs.count() > 3
    assert len(listing.rows) == listing.summary["count"]
    timed_out = {name for name, result in listing.facets.items() if result.timed_out}
    # Only the guideline and page facets are read from the Tally rows under a guideline
    # cited by one side.
    assert timed_out == {"outcome", "year", "category", "specialty", "state", "section"}
